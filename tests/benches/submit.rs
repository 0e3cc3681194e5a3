//! The `SubmitDecision` benchmark (DESIGN §10): decisions per second and latency at 32 concurrent
//! clients through the real server, beside the same writes done as bare SQL transactions on the
//! same database in the same run, printed as ratios (these machines are shared; absolute times
//! drift, ratios less so).
//!
//! `cargo bench -p dangvien-tests --bench submit` runs it on SQLite, and on PostgreSQL as well
//! when `DANGVIEN_TEST_DATABASE_URL` is set. `BENCH_CLIENTS` and `BENCH_PERSONS` (per client)
//! change the load.

// A benchmark reports by printing, and stops at the first failure with its cause.
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use dangvien_proto::v1::{
    self as pb, decision::Details as D, decision_service_client::DecisionServiceClient,
    person_service_client::PersonServiceClient,
};
use dangvien_tests::{
    Backend, TestDb, TestServer,
    bench::{env, peak_rss_mib},
};
use sea_orm::{
    ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement, TransactionTrait, Value,
};

/// The admission steps every person goes through, in order: the ones no sponsor or vote gates.
const STEPS: usize = 5;

fn date(s: &str) -> Option<dangvien_proto::google::r#type::Date> {
    let d: chrono::NaiveDate = s.parse().unwrap();
    use chrono::Datelike;
    Some(dangvien_proto::google::r#type::Date {
        year: d.year(),
        month: i32::try_from(d.month()).unwrap(),
        day: i32::try_from(d.day()).unwrap(),
    })
}

fn step(person: &str, i: usize) -> pb::SubmitDecisionRequest {
    let (day, details) = match i {
        0 => ("2021-01-10", D::Nominate(pb::Nominate {})),
        1 => (
            "2021-02-10",
            D::RecognizeSympathizer(pb::RecognizeSympathizer { mentors: vec![] }),
        ),
        2 => (
            "2021-03-10",
            D::RecordCourse(pb::RecordCourse {
                certificate_number: format!("{person}-C"),
                issuer: "Trung tâm Chính trị".into(),
            }),
        ),
        3 => ("2021-04-10", D::OpenDossier(pb::OpenDossier {})),
        _ => (
            "2021-05-10",
            D::ConcludeBackgroundCheck(pb::ConcludeBackgroundCheck {}),
        ),
    };
    pb::SubmitDecisionRequest {
        decision_id: format!("{person}-{i}"),
        decision: Some(pb::Decision {
            person: format!("people/{person}"),
            decision_date: date(day),
            document_number: format!("{person}-{i}/NQ"),
            deciding_body: "organizations/CS01".into(),
            details: Some(details),
            ..Default::default()
        }),
        request_id: String::new(),
    }
}

/// Latencies in order, and the wall time of the whole run.
struct Run {
    latencies: Vec<Duration>,
    wall: Duration,
}

impl Run {
    fn per_second(&self) -> f64 {
        self.latencies.len() as f64 / self.wall.as_secs_f64()
    }

    fn percentile(&self, p: f64) -> Duration {
        let mut sorted = self.latencies.clone();
        sorted.sort_unstable();
        let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
        sorted[index]
    }
}

/// Creates the tree (KHOI ⊃ CS01 ⊃ one cell per client) and the persons, outside the timing.
async fn setup(server: &TestServer, clients: usize, persons: usize) {
    let mut orgs = server.orgs().await;
    let org =
        |code: &str, kind: pb::OrganizationKind, parent: &str| pb::CreateOrganizationRequest {
            organization_id: code.to_owned(),
            organization: Some(pb::Organization {
                display_name: format!("Tổ chức {code}"),
                kind: kind.into(),
                parent: if parent.is_empty() {
                    String::new()
                } else {
                    format!("organizations/{parent}")
                },
                sector: pb::Sector::StateAgency.into(),
                valid_from: date("2015-01-01"),
                ..Default::default()
            }),
            request_id: String::new(),
        };
    orgs.create_organization(org("KHOI", pb::OrganizationKind::Bloc, ""))
        .await
        .unwrap();
    orgs.create_organization(org(
        "CS01",
        pb::OrganizationKind::GrassrootsCommittee,
        "KHOI",
    ))
    .await
    .unwrap();
    let mut people = PersonServiceClient::new(server.channel().await.unwrap());
    for c in 0..clients {
        let cell = format!("CB{c:02}");
        orgs.create_organization(org(&cell, pb::OrganizationKind::Cell, "CS01"))
            .await
            .unwrap();
        for p in 0..persons {
            people
                .create_person(pb::CreatePersonRequest {
                    person_id: format!("P{c:02}-{p:04}"),
                    person: Some(pb::Person {
                        full_name: "Nguyễn Văn An".into(),
                        gender: pb::Gender::Male.into(),
                        birth_date: date("1995-03-01"),
                        ethnicity: "Kinh".into(),
                        education: pb::Education::UpperSecondary.into(),
                        cell: format!("organizations/{cell}"),
                        cell_since: date("2015-01-01"),
                        ..Default::default()
                    }),
                    request_id: String::new(),
                })
                .await
                .unwrap();
        }
    }
}

/// Each client walks its persons through the steps, one decision at a time.
async fn through_the_server(server: &TestServer, clients: usize, persons: usize) -> Run {
    let channel = server.channel().await.unwrap();
    let start = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..clients {
        let mut client = DecisionServiceClient::new(channel.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(persons * STEPS);
            for p in 0..persons {
                let person = format!("P{c:02}-{p:04}");
                for i in 0..STEPS {
                    let t = Instant::now();
                    client.submit_decision(step(&person, i)).await.unwrap();
                    latencies.push(t.elapsed());
                }
            }
            latencies
        }));
    }
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.unwrap());
    }
    Run {
        latencies,
        wall: start.elapsed(),
    }
}

/// The same writes as bare SQL transactions: lock the person, insert the decision row, move the
/// open case, bump the person's version — no judging, no replay, no gRPC.
async fn bare_sql(url: &str, backend: Backend, clients: usize, persons: usize) -> Run {
    let db = Database::connect(url).await.unwrap();
    let kind = db.get_database_backend();
    let ids: Vec<(uuid::Uuid, uuid::Uuid, uuid::Uuid)> = {
        let rows = db
            .query_all_raw(Statement::from_string(
                kind,
                "SELECT p.id, c.cell_id, c.id FROM person p JOIN admission_case c ON c.person_id = p.id \
                 WHERE c.closed_on IS NULL ORDER BY p.external_id",
            ))
            .await
            .unwrap();
        rows.iter()
            .map(|r| {
                (
                    r.try_get_by_index(0).unwrap(),
                    r.try_get_by_index(1).unwrap(),
                    r.try_get_by_index(2).unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(
        ids.len(),
        clients * persons,
        "every person has an open case"
    );
    let body: uuid::Uuid = db
        .query_one_raw(Statement::from_string(
            kind,
            "SELECT id FROM organization WHERE code = 'CS01'",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index(0)
        .unwrap();
    let start = Instant::now();
    let mut tasks = Vec::new();
    for chunk in ids.chunks(persons) {
        let db: DatabaseConnection = db.clone();
        let chunk = chunk.to_vec();
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::with_capacity(chunk.len() * STEPS);
            for (p, (person, cell, case)) in chunk.into_iter().enumerate() {
                for i in 0..STEPS {
                    let t = Instant::now();
                    write_one(&db, backend, (person, cell, case, body), p, i).await;
                    latencies.push(t.elapsed());
                }
            }
            latencies
        }));
    }
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.unwrap());
    }
    let run = Run {
        latencies,
        wall: start.elapsed(),
    };
    db.close().await.unwrap();
    run
}

async fn write_one(
    db: &DatabaseConnection,
    backend: Backend,
    (person, cell, case, body): (uuid::Uuid, uuid::Uuid, uuid::Uuid, uuid::Uuid),
    p: usize,
    i: usize,
) {
    let kind = db.get_database_backend();
    // SQLite numbers placeholders `?`, PostgreSQL `$n`; each statement uses each once, in order.
    let sql = |text: &str| -> String {
        if kind == DbBackend::Sqlite {
            let mut out = text.to_owned();
            for n in (1..=16).rev() {
                out = out.replace(&format!("${n}"), "?");
            }
            out
        } else {
            text.to_owned()
        }
    };
    let stmt =
        |text: &str, values: Vec<Value>| Statement::from_sql_and_values(kind, sql(text), values);
    loop {
        let tx = db.begin().await.unwrap();
        let lock = if backend == Backend::Postgres {
            " FOR UPDATE"
        } else {
            ""
        };
        let result: Result<(), sea_orm::DbErr> = async {
            tx.query_one_raw(stmt(&format!("SELECT version FROM person WHERE id = $1{lock}"), vec![person.into()]))
                .await?;
            let seq: i32 = tx
                .query_one_raw(stmt(
                    "SELECT COALESCE(MAX(person_seq), 0) + 1 FROM decision WHERE person_id = $1",
                    vec![person.into()],
                ))
                .await?
                .unwrap()
                .try_get_by_index(0)?;
            let now = chrono::Utc::now();
            let day = chrono::NaiveDate::from_ymd_opt(2021, 6, 1).unwrap();
            tx.execute_raw(stmt(
                "INSERT INTO decision (id, external_id, person_id, person_seq, kind, decision_date, \
                 document_number, body_id, cell_id, reason, details, actor, rulebook, flags, revoked_by, \
                 created_at, to_cell_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, $10, 'bench', \
                 'QD24-2021', '', NULL, $11, NULL)",
                vec![
                    uuid::Uuid::new_v4().into(),
                    format!("BASE-{person}-{p}-{i}").into(),
                    person.into(),
                    seq.into(),
                    "record_course".into(),
                    day.into(),
                    format!("BASE-{p}-{i}").into(),
                    body.into(),
                    cell.into(),
                    r#"{"kind":"record_course","certificate_number":"X","issuer":"Y"}"#.into(),
                    now.into(),
                ],
            ))
            .await?;
            tx.execute_raw(stmt(
                "UPDATE admission_case SET last_date = $1, latest_certificate = $2 WHERE id = $3",
                vec![day.into(), day.into(), case.into()],
            ))
            .await?;
            tx.execute_raw(stmt(
                "UPDATE person SET version = version + 1, updated_at = $1 WHERE id = $2",
                vec![now.into(), person.into()],
            ))
            .await?;
            Ok(())
        }
        .await;
        match result {
            Ok(()) => {
                tx.commit().await.unwrap();
                return;
            }
            // SQLite: a deferred transaction that meets a writer is told to start again.
            Err(e) if e.to_string().contains("locked") || e.to_string().contains("busy") => {
                tx.rollback().await.ok();
            }
            Err(e) => panic!("bare SQL: {e}"),
        }
    }
}

fn main() {
    let clients = env("BENCH_CLIENTS", 32);
    let persons = env("BENCH_PERSONS", 20);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        println!(
            "SubmitDecision at {clients} concurrent clients, {} decisions ({persons} persons each, {STEPS} steps)",
            clients * persons * STEPS
        );
        for db in TestDb::all().await {
            let backend = db.backend;
            let server = TestServer::start(db).await;
            setup(&server, clients, persons).await;
            let ours = through_the_server(&server, clients, persons).await;
            let url = server.db.url().to_owned();
            let base = bare_sql(&url, backend, clients, persons).await;
            println!(
                "{backend:?}: dangvien {:.0} decisions/s (p50 {:.1} ms, p99 {:.1} ms); bare SQL {:.0}/s (p50 {:.1} ms, p99 {:.1} ms); throughput ratio {:.2}, p99 ratio {:.2}",
                ours.per_second(),
                ours.percentile(0.5).as_secs_f64() * 1e3,
                ours.percentile(0.99).as_secs_f64() * 1e3,
                base.per_second(),
                base.percentile(0.5).as_secs_f64() * 1e3,
                base.percentile(0.99).as_secs_f64() * 1e3,
                ours.per_second() / base.per_second(),
                ours.percentile(0.99).as_secs_f64() / base.percentile(0.99).as_secs_f64(),
            );
            server.stop().await.unwrap();
        }
        if let Some(mib) = peak_rss_mib() {
            println!("peak resident memory of the benchmark process (server, clients and baseline): {mib:.0} MiB");
        }
    });
}
