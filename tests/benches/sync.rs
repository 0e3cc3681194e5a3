//! The sync import benchmark (DESIGN §6, §10): a file of persons and their nominations imported
//! through the streaming `SyncService.Import` of the real server, in records per second, beside a
//! bulk insert of the same rows in plain SQL on the same database in the same run, printed as a
//! ratio (these machines are shared; absolute times drift, ratios less so); an `Export` of the
//! result in lines per second; and the cost of the change counter, the one row every writing
//! transaction locks (DESIGN §6), as concurrent importers against one importer of the same total.
//!
//! `cargo bench -p dangvien-tests --bench sync` runs it on SQLite, and on PostgreSQL as well when
//! `DANGVIEN_TEST_DATABASE_URL` is set. `BENCH_PERSONS` (two records each) and `BENCH_IMPORTERS`
//! (the concurrent importers, sharing the same total) change the load.

// A benchmark reports by printing, and stops at the first failure with its cause.
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use dangvien_proto::v1::{self as pb, sync_service_client::SyncServiceClient};
use dangvien_tests::{
    Backend, TestDb, TestServer,
    bench::{env, peak_rss_mib},
};
use sea_orm::{ConnectionTrait, Database, TransactionTrait};

/// The cells the persons are dealt to, round-robin, all under one grassroots committee.
const CELLS: usize = 4;
/// Rows per `INSERT` statement of the baseline.
const ROWS_PER_INSERT: usize = 500;

fn cell_code(c: usize) -> String {
    format!("CB{c:02}")
}

/// The tree: a bloc, a grassroots committee and `CELLS` cells.
fn tree() -> String {
    let mut text = String::from(concat!(
        r#"{"kind":"org","code":"KHOI","name":"Đảng bộ Khối","org_kind":"bloc","parent":null,"sector":"state_agency","valid_from":"2015-01-01"}"#,
        "\n",
        r#"{"kind":"org","code":"CS01","name":"Đảng bộ cơ sở 1","org_kind":"grassroots_committee","parent":"KHOI","sector":"state_agency","valid_from":"2015-01-01"}"#,
        "\n",
    ));
    for c in 0..CELLS {
        text.push_str(&format!(
            r#"{{"kind":"org","code":"{}","name":"Chi bộ {c}","org_kind":"cell","parent":"CS01","sector":"state_agency","valid_from":"2015-01-01"}}"#,
            cell_code(c)
        ));
        text.push('\n');
    }
    text
}

/// One person of the dataset and their nomination: the same rows for the import and the baseline.
struct Row {
    person: String,
    decision: String,
    full_name: String,
    female: bool,
    birth_date: String,
    cell: String,
}

/// Persons `from..to` of the dataset, with external ids under `prefix`.
fn rows(prefix: &str, from: usize, to: usize) -> Vec<Row> {
    (from..to)
        .map(|i| Row {
            person: format!("{prefix}P{i:06}"),
            decision: format!("{prefix}N{i:06}"),
            full_name: format!("Trần Thị {i}"),
            female: i % 3 != 0,
            birth_date: format!("19{:02}-{:02}-{:02}", 70 + i % 30, 1 + i % 12, 1 + i % 28),
            cell: cell_code(i % CELLS),
        })
        .collect()
}

/// The import file of `rows`: each person's line, then their nomination's.
fn file(rows: &[Row]) -> String {
    let mut text = String::new();
    for r in rows {
        text.push_str(&format!(
            r#"{{"kind":"person","external_id":"{}","full_name":"{}","gender":"{}","birth_date":"{}","ethnicity":"Kinh","religion":null,"education":"upper_secondary","youth_union":true,"trade_union":false,"org":"{}","cell_since":"2020-01-01"}}"#,
            r.person,
            r.full_name,
            if r.female { "female" } else { "male" },
            r.birth_date,
            r.cell,
        ));
        text.push('\n');
        text.push_str(&format!(
            r#"{{"kind":"decision","external_id":"{}","decision":"nominate","person":"{}","date":"2021-03-01","body":"{}"}}"#,
            r.decision, r.person, r.cell,
        ));
        text.push('\n');
    }
    text
}

/// Imports `text` (not atomic) as `import_id` through `client`, checking that every line was
/// accepted; an import stopped by a collision (`UNAVAILABLE`, send it again) is sent again under
/// the same id, which resumes after its last committed line (DESIGN §6). The wall time from
/// opening the first stream to the last summary, and how many times it was sent again.
async fn import(
    client: SyncServiceClient<tonic::transport::Channel>,
    import_id: &str,
    text: &str,
) -> (Duration, usize) {
    let requests = || -> Vec<pb::ImportRequest> {
        let start = pb::ImportRequest {
            message: Some(pb::import_request::Message::Start(pb::ImportStart {
                import_id: import_id.to_owned(),
                atomic: false,
                dry_run: false,
            })),
        };
        std::iter::once(start)
            .chain(text.lines().enumerate().map(|(i, l)| pb::ImportRequest {
                message: Some(pb::import_request::Message::Line(pb::ImportLine {
                    line_number: i64::try_from(i).unwrap() + 1,
                    line: l.as_bytes().to_vec(),
                })),
            }))
            .collect()
    };
    let t = Instant::now();
    let mut again = 0;
    let summary = loop {
        let once = async {
            let mut stream = client
                .clone()
                .import(tokio_stream::iter(requests()))
                .await?
                .into_inner();
            let mut summary = None;
            while let Some(message) = stream.message().await? {
                match message.message.unwrap() {
                    pb::import_response::Message::Started(_)
                    | pb::import_response::Message::Results(_) => {}
                    pb::import_response::Message::Summary(s) => summary = Some(s),
                }
            }
            Ok::<_, tonic::Status>(summary.unwrap())
        };
        match once.await {
            Ok(summary) => break summary,
            Err(status) if status.code() == tonic::Code::Unavailable => again += 1,
            Err(status) => panic!("{import_id}: {status:?}"),
        }
    };
    let wall = t.elapsed();
    let lines = i64::try_from(text.lines().count()).unwrap();
    assert_eq!(
        (
            summary.lines,
            summary.accepted + summary.already_imported,
            summary.refused
        ),
        (lines, lines, 0),
        "{import_id}: not every line was accepted"
    );
    (wall, again)
}

async fn sync(server: &TestServer) -> SyncServiceClient<tonic::transport::Channel> {
    SyncServiceClient::new(server.channel().await.unwrap())
}

/// The whole export: its line count and wall time.
async fn export(server: &TestServer) -> (usize, Duration) {
    let t = Instant::now();
    let mut stream = sync(server)
        .await
        .export(pb::ExportRequest::default())
        .await
        .unwrap()
        .into_inner();
    let mut lines = 0;
    while let Some(chunk) = stream.message().await.unwrap() {
        lines += chunk.lines.len();
    }
    (lines, t.elapsed())
}

/// A string literal of SQL.
fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// The baseline: the same persons and nominations inserted into scratch tables with the same
/// kinds of columns (a uuid key, the unique external id), as multi-row `INSERT`s in one
/// transaction over a connection of its own; the wall time of the transaction.
async fn bulk_insert(url: &str, backend: Backend, rows: &[Row]) -> Duration {
    let db = Database::connect(url).await.unwrap();
    let uuid = match backend {
        Backend::Sqlite => "TEXT",
        Backend::Postgres => "UUID",
    };
    for ddl in [
        format!(
            "CREATE TABLE bench_person (id {uuid} PRIMARY KEY, external_id VARCHAR(64) NOT NULL UNIQUE, \
             full_name TEXT NOT NULL, gender VARCHAR(8) NOT NULL, birth_date DATE NOT NULL, \
             ethnicity VARCHAR(64) NOT NULL, religion TEXT, education VARCHAR(32) NOT NULL, \
             youth_union BOOLEAN NOT NULL, trade_union BOOLEAN NOT NULL, cell VARCHAR(64) NOT NULL, \
             cell_since DATE NOT NULL)"
        ),
        format!(
            "CREATE TABLE bench_decision (id {uuid} PRIMARY KEY, external_id VARCHAR(64) NOT NULL UNIQUE, \
             kind VARCHAR(32) NOT NULL, person_id {uuid} NOT NULL REFERENCES bench_person (id), \
             decision_date DATE NOT NULL, body VARCHAR(64) NOT NULL)"
        ),
    ] {
        db.execute_unprepared(&ddl).await.unwrap();
    }
    let ids: Vec<uuid::Uuid> = rows.iter().map(|_| uuid::Uuid::new_v4()).collect();
    let t = Instant::now();
    let tx = db.begin().await.unwrap();
    for (chunk, ids) in rows
        .chunks(ROWS_PER_INSERT)
        .zip(ids.chunks(ROWS_PER_INSERT))
    {
        let persons: Vec<String> = chunk
            .iter()
            .zip(ids)
            .map(|(r, id)| {
                format!(
                    "('{id}', {}, {}, {}, '{}', 'Kinh', NULL, 'upper_secondary', TRUE, FALSE, {}, '2020-01-01')",
                    lit(&r.person),
                    lit(&r.full_name),
                    lit(if r.female { "female" } else { "male" }),
                    r.birth_date,
                    lit(&r.cell),
                )
            })
            .collect();
        tx.execute_unprepared(&format!(
            "INSERT INTO bench_person (id, external_id, full_name, gender, birth_date, ethnicity, \
             religion, education, youth_union, trade_union, cell, cell_since) VALUES {}",
            persons.join(", ")
        ))
        .await
        .unwrap();
        let decisions: Vec<String> = chunk
            .iter()
            .zip(ids)
            .map(|(r, id)| {
                format!(
                    "('{}', {}, 'nominate', '{id}', '2021-03-01', {})",
                    uuid::Uuid::new_v4(),
                    lit(&r.decision),
                    lit(&r.cell),
                )
            })
            .collect();
        tx.execute_unprepared(&format!(
            "INSERT INTO bench_decision (id, external_id, kind, person_id, decision_date, body) VALUES {}",
            decisions.join(", ")
        ))
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    let wall = t.elapsed();
    let count = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT (SELECT COUNT(*) FROM bench_person) + (SELECT COUNT(*) FROM bench_decision)",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap();
    assert_eq!(count, i64::try_from(2 * rows.len()).unwrap());
    for ddl in ["DROP TABLE bench_decision", "DROP TABLE bench_person"] {
        db.execute_unprepared(ddl).await.unwrap();
    }
    db.close().await.unwrap();
    wall
}

/// `importers` clients importing at once, each its own share of `persons` distinct persons, on a
/// fresh server of `backend`; the wall time until the last one finished, and how many times an
/// import was sent again after a collision.
async fn concurrent(backend: Backend, persons: usize, importers: usize) -> (Duration, usize) {
    let server = TestServer::start(TestDb::fresh(backend).await.unwrap()).await;
    import(sync(&server).await, "tree", &tree()).await;
    let files: Vec<String> = (0..importers)
        .map(|k| {
            file(&rows(
                &format!("K{k}"),
                persons * k / importers,
                persons * (k + 1) / importers,
            ))
        })
        .collect();
    let mut clients = Vec::new();
    for _ in 0..importers {
        clients.push(sync(&server).await);
    }
    let t = Instant::now();
    let running: Vec<_> = clients
        .into_iter()
        .zip(files)
        .enumerate()
        .map(|(k, (client, text))| {
            tokio::spawn(async move { import(client, &format!("importer-{k}"), &text).await })
        })
        .collect();
    let mut again = 0;
    for r in running {
        again += r.await.unwrap().1;
    }
    let wall = t.elapsed();
    server.stop().await.unwrap();
    (wall, again)
}

fn main() {
    let persons = env("BENCH_PERSONS", 5_000);
    let importers = env("BENCH_IMPORTERS", 4);
    let records = 2 * persons;
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        println!(
            "SyncService.Import, not atomic: {persons} persons and a nomination of each ({records} records) in {CELLS} cells; then {importers} concurrent importers of the same total"
        );
        for db in TestDb::all().await {
            let backend = db.backend;
            let server = TestServer::start(db).await;
            import(sync(&server).await, "tree", &tree()).await;
            let rows = rows("", 0, persons);
            let text = file(&rows);
            let (ours, _) = import(sync(&server).await, "bench", &text).await;
            let (lines, exported) = export(&server).await;
            let url = server.db.url().to_owned();
            let base = bulk_insert(&url, backend, &rows).await;
            let per_s = |n: usize, d: Duration| n as f64 / d.as_secs_f64();
            println!(
                "{backend}: import {records} records in {:.1} s, {:.0} records/s; bulk INSERT {:.2} s, {:.0} rows/s; ratio {:.4} ({:.0}× slower)",
                ours.as_secs_f64(),
                per_s(records, ours),
                base.as_secs_f64(),
                per_s(records, base),
                per_s(records, ours) / per_s(records, base),
                ours.as_secs_f64() / base.as_secs_f64(),
            );
            println!(
                "{backend}: export {lines} lines in {:.2} s, {:.0} lines/s",
                exported.as_secs_f64(),
                per_s(lines, exported),
            );
            server.stop().await.unwrap();
            let (together, again) = concurrent(backend, persons, importers).await;
            println!(
                "{backend}: change counter: {importers} concurrent importers {:.0} records/s ({:.1} s, {again} imports sent again after a collision) against one importer {:.0} records/s; ratio {:.2}",
                per_s(records, together),
                together.as_secs_f64(),
                per_s(records, ours),
                per_s(records, together) / per_s(records, ours),
            );
        }
        if let Some(mib) = peak_rss_mib() {
            println!("peak resident memory of the benchmark process (server, importers and baseline): {mib:.0} MiB");
        }
    });
}
