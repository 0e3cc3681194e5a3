//! The sync import benchmark (DESIGN §6, §10): a file as a department holds it — its persons,
//! then the members among them registered from earlier records, then a nomination of each of the
//! others — imported through the streaming `SyncService.Import` of the real server, in records
//! per second for each part and the whole, beside a bulk insert of the same rows in plain SQL on
//! the same database in the same run, printed as ratios (these machines are shared; absolute
//! times drift, ratios less so); an `Export` of the
//! result in lines per second; `admin verify` of it, which must be clean; and the cost of the change counter, the one row every writing
//! transaction locks (DESIGN §6), as concurrent importers against one importer of the same total.
//!
//! `cargo bench -p dangvien-tests --bench sync` runs it on SQLite, and on PostgreSQL as well when
//! `DANGVIEN_TEST_DATABASE_URL` is set. `BENCH_PERSONS` (a person line each, and a member or a nomination line) and `BENCH_IMPORTERS`
//! (the concurrent importers, sharing the same total) change the load.

// A benchmark reports by printing, and stops at the first failure with its cause.
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use dangvien_proto::v1::{
    self as pb, admin_service_client::AdminServiceClient, sync_service_client::SyncServiceClient,
};
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

/// One person of the dataset and their member or nomination line: the same rows for the import
/// and the baseline.
struct Row {
    person: String,
    /// The nomination's id; `None` for a member registered from earlier records.
    decision: Option<String>,
    full_name: String,
    female: bool,
    birth_date: String,
    cell: String,
    /// For a member: the year admitted.
    admitted: i32,
}

/// Persons `from..to` of the dataset, with external ids under `prefix`: every other one a
/// member admitted between 1976 and 2005, the others nominated in 2021.
fn rows(prefix: &str, from: usize, to: usize) -> Vec<Row> {
    (from..to)
        .map(|i| Row {
            person: format!("{prefix}P{i:06}"),
            decision: (i % 2 == 1).then(|| format!("{prefix}N{i:06}")),
            full_name: format!("Trần Thị {i}"),
            female: i % 3 != 0,
            birth_date: format!("19{:02}-{:02}-{:02}", 50 + i % 30, 1 + i % 12, 1 + i % 28),
            cell: cell_code(i % CELLS),
            admitted: 1976 + i32::try_from(i % 30).unwrap(),
        })
        .collect()
}

/// The person lines of `rows`.
fn persons_file(rows: &[Row]) -> String {
    let mut text = String::new();
    for r in rows {
        text.push_str(&format!(
            r#"{{"kind":"person","external_id":"{}","full_name":"{}","gender":"{}","birth_date":"{}","ethnicity":"Kinh","religion":null,"education":"upper_secondary","youth_union":true,"trade_union":false,"org":"{}"}}"#,
            r.person,
            r.full_name,
            if r.female { "female" } else { "male" },
            r.birth_date,
            r.cell,
        ));
        text.push('\n');
    }
    text
}

/// The member lines of `rows`: admitted before the recorded cells, carried in when they began.
fn members_file(rows: &[Row]) -> String {
    let mut text = String::new();
    for r in rows.iter().filter(|r| r.decision.is_none()) {
        let y = r.admitted;
        text.push_str(&format!(
            r#"{{"kind":"member","person":"{}","admission_date":"{y}-03-02","ceremony_date":"{y}-03-17","official_date":"{}-03-17","status":"official","origin":"existing"}}"#,
            r.person,
            y + 1,
        ));
        text.push('\n');
    }
    text
}

/// The nomination lines of `rows`.
fn nominations_file(rows: &[Row]) -> String {
    let mut text = String::new();
    for r in rows {
        if let Some(decision) = &r.decision {
            text.push_str(&format!(
                r#"{{"kind":"decision","external_id":"{decision}","decision":"nominate","person":"{}","date":"2021-03-01","body":"{}"}}"#,
                r.person, r.cell,
            ));
            text.push('\n');
        }
    }
    text
}

/// The whole file of `rows`: persons, members, nominations.
fn file(rows: &[Row]) -> String {
    [
        persons_file(rows),
        members_file(rows),
        nominations_file(rows),
    ]
    .concat()
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

/// Times of the three parts of a file.
#[derive(Clone, Copy, Debug, Default)]
struct Parts {
    persons: Duration,
    members: Duration,
    nominations: Duration,
}

impl Parts {
    fn whole(self) -> Duration {
        self.persons + self.members + self.nominations
    }
}

/// The baseline: the rows the import writes for each part — persons with their cell interval,
/// members, nominations, each with its change-log line — inserted into scratch tables with the
/// same kinds of columns and keys, as multi-row `INSERT`s, one transaction per part, over a
/// connection of its own; the wall time of each part.
async fn bulk_insert(url: &str, backend: Backend, rows: &[Row], lines: &[String]) -> Parts {
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
             youth_union BOOLEAN NOT NULL, trade_union BOOLEAN NOT NULL, version BIGINT NOT NULL)"
        ),
        format!(
            "CREATE TABLE bench_person_cell (id {uuid} PRIMARY KEY, \
             person_id {uuid} NOT NULL REFERENCES bench_person (id), cell VARCHAR(64) NOT NULL, \
             valid_from DATE NOT NULL)"
        ),
        format!(
            "CREATE TABLE bench_member (id {uuid} PRIMARY KEY, \
             person_id {uuid} NOT NULL REFERENCES bench_person (id), origin VARCHAR(16) NOT NULL, \
             since DATE NOT NULL, admission_date DATE NOT NULL, ceremony_date DATE, \
             official_date DATE, recognized BOOLEAN NOT NULL)"
        ),
        format!(
            "CREATE TABLE bench_decision (id {uuid} PRIMARY KEY, external_id VARCHAR(64) NOT NULL UNIQUE, \
             kind VARCHAR(32) NOT NULL, person_id {uuid} NOT NULL REFERENCES bench_person (id), \
             decision_date DATE NOT NULL, body VARCHAR(64) NOT NULL)"
        ),
        "CREATE TABLE bench_change_log (number BIGINT PRIMARY KEY, kind VARCHAR(16) NOT NULL, \
         record_key VARCHAR(160) NOT NULL, line TEXT NOT NULL)"
            .to_owned(),
        "CREATE INDEX bench_change_log_key ON bench_change_log (kind, record_key)".to_owned(),
    ] {
        db.execute_unprepared(&ddl).await.unwrap();
    }
    let ids: Vec<uuid::Uuid> = rows.iter().map(|_| uuid::Uuid::new_v4()).collect();
    let mut number = 0;
    let mut log = |kind: &str, key: &str, line: &str| {
        number += 1;
        format!("({number}, {}, {}, {})", lit(kind), lit(key), lit(line))
    };
    let mut line = lines.iter();
    let mut persons = Vec::new();
    let mut cells = Vec::new();
    let mut person_log = Vec::new();
    for (r, id) in rows.iter().zip(&ids) {
        persons.push(format!(
            "('{id}', {}, {}, {}, '{}', 'Kinh', NULL, 'upper_secondary', TRUE, FALSE, 1)",
            lit(&r.person),
            lit(&r.full_name),
            lit(if r.female { "female" } else { "male" }),
            r.birth_date,
        ));
        cells.push(format!(
            "('{}', '{id}', {}, '2015-01-01')",
            uuid::Uuid::new_v4(),
            lit(&r.cell)
        ));
        person_log.push(log("person", &r.person, line.next().unwrap()));
    }
    let mut members = Vec::new();
    let mut member_log = Vec::new();
    for (r, id) in rows.iter().zip(&ids).filter(|(r, _)| r.decision.is_none()) {
        let y = r.admitted;
        members.push(format!(
            "('{}', '{id}', 'existing', '{y}-03-02', '{y}-03-02', '{y}-03-17', '{}-03-17', TRUE)",
            uuid::Uuid::new_v4(),
            y + 1
        ));
        let key = format!("{}|{y}-03-02", r.person);
        member_log.push(log("member", &key, line.next().unwrap()));
    }
    let mut decisions = Vec::new();
    let mut decision_log = Vec::new();
    for (r, id) in rows.iter().zip(&ids) {
        if let Some(decision) = &r.decision {
            decisions.push(format!(
                "('{}', {}, 'nominate', '{id}', '2021-03-01', {})",
                uuid::Uuid::new_v4(),
                lit(decision),
                lit(&r.cell),
            ));
            decision_log.push(log("decision", decision, line.next().unwrap()));
        }
    }
    let insert = |table: &'static str, columns: &'static str, values: Vec<String>| {
        values
            .chunks(ROWS_PER_INSERT)
            .map(|chunk| {
                format!(
                    "INSERT INTO {table} ({columns}) VALUES {}",
                    chunk.join(", ")
                )
            })
            .collect::<Vec<_>>()
    };
    const PERSON: &str = "id, external_id, full_name, gender, birth_date, ethnicity, religion, \
                          education, youth_union, trade_union, version";
    const CELL: &str = "id, person_id, cell, valid_from";
    const MEMBER: &str =
        "id, person_id, origin, since, admission_date, ceremony_date, official_date, recognized";
    const DECISION: &str = "id, external_id, kind, person_id, decision_date, body";
    const LOG: &str = "number, kind, record_key, line";
    let parts = [
        [
            insert("bench_person", PERSON, persons),
            insert("bench_person_cell", CELL, cells),
            insert("bench_change_log", LOG, person_log),
        ]
        .concat(),
        [
            insert("bench_member", MEMBER, members),
            insert("bench_change_log", LOG, member_log),
        ]
        .concat(),
        [
            insert("bench_decision", DECISION, decisions),
            insert("bench_change_log", LOG, decision_log),
        ]
        .concat(),
    ];
    let mut times = Vec::new();
    for statements in parts {
        let t = Instant::now();
        let tx = db.begin().await.unwrap();
        for statement in statements {
            tx.execute_unprepared(&statement).await.unwrap();
        }
        tx.commit().await.unwrap();
        times.push(t.elapsed());
    }
    let count = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) FROM bench_change_log",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap();
    assert_eq!(count, i64::try_from(2 * rows.len()).unwrap());
    for table in [
        "bench_change_log",
        "bench_decision",
        "bench_member",
        "bench_person_cell",
        "bench_person",
    ] {
        db.execute_unprepared(&format!("DROP TABLE {table}"))
            .await
            .unwrap();
    }
    db.close().await.unwrap();
    Parts {
        persons: times[0],
        members: times[1],
        nominations: times[2],
    }
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
            "SyncService.Import, not atomic: {persons} persons, a member line for half of them and a nomination of the others ({records} records) in {CELLS} cells; then {importers} concurrent importers of the same total"
        );
        for db in TestDb::all().await {
            let backend = db.backend;
            let server = TestServer::start(db).await;
            import(sync(&server).await, "tree", &tree()).await;
            let rows = rows("", 0, persons);
            let texts = [persons_file(&rows), members_file(&rows), nominations_file(&rows)];
            let mut times = Vec::new();
            for (part, text) in ["persons", "members", "nominations"].iter().zip(&texts) {
                times.push(import(sync(&server).await, part, text).await.0);
            }
            let ours = Parts {
                persons: times[0],
                members: times[1],
                nominations: times[2],
            };
            let (lines, exported) = export(&server).await;
            let t = Instant::now();
            let verified = AdminServiceClient::new(server.channel().await.unwrap())
                .verify(pb::VerifyRequest {})
                .await
                .unwrap()
                .into_inner();
            assert!(
                verified.differences.is_empty(),
                "{backend}: verify after the import: {:?}",
                verified.differences
            );
            let verify_time = t.elapsed();
            let url = server.db.url().to_owned();
            let stored: Vec<String> = texts.concat().lines().map(str::to_owned).collect();
            let base = bulk_insert(&url, backend, &rows, &stored).await;
            let per_s = |n: usize, d: Duration| n as f64 / d.as_secs_f64();
            let counts = [
                ("persons", persons, ours.persons, base.persons),
                ("members", persons / 2, ours.members, base.members),
                ("nominations", persons - persons / 2, ours.nominations, base.nominations),
                ("whole file", records, ours.whole(), base.whole()),
            ];
            for (part, n, ours, base) in counts {
                println!(
                    "{backend}: import {part}: {n} records in {:.2} s, {:.0} records/s; bulk INSERT {:.3} s, {:.0} rows/s; ratio {:.4} ({:.0}× slower)",
                    ours.as_secs_f64(),
                    per_s(n, ours),
                    base.as_secs_f64(),
                    per_s(n, base),
                    per_s(n, ours) / per_s(n, base),
                    ours.as_secs_f64() / base.as_secs_f64(),
                );
            }
            println!(
                "{backend}: export {lines} lines in {:.2} s, {:.0} lines/s",
                exported.as_secs_f64(),
                per_s(lines, exported),
            );
            println!(
                "{backend}: admin verify after the import: clean, {} persons recounted in {:.2} s",
                verified.persons_checked,
                verify_time.as_secs_f64(),
            );
            server.stop().await.unwrap();
            let (together, again) = concurrent(backend, persons, importers).await;
            println!(
                "{backend}: change counter: {importers} concurrent importers {:.0} records/s ({:.1} s, {again} imports sent again after a collision) against one importer {:.0} records/s; ratio {:.2}",
                per_s(records, together),
                together.as_secs_f64(),
                per_s(records, ours.whole()),
                per_s(records, together) / per_s(records, ours.whole()),
            );
        }
        if let Some(mib) = peak_rss_mib() {
            println!("peak resident memory of the benchmark process (server, importers and baseline): {mib:.0} MiB");
        }
    });
}
