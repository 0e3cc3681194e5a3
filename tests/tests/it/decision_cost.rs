//! What a decision costs the database: a decision reads its person's record once and replays it
//! once before and once after, whatever the length of the history; these tests keep it so by
//! counting the statements one decision runs, so that a second read of the history, or a walk
//! of the tree a query per level, shows up here before it shows up in the benchmark.

use dangvien_server::{
    Clock,
    app::{App, Ctx},
    domain::{admission::Details, decision::NewDecision, org::OrgCode, person::ExternalId},
    store::Store,
};
use dangvien_tests::{TestDb, TestServer, today};

use crate::decisions::{clients, seed, steps_to_committee, submit};

/// The most statements one decision may run, request id, audit entry and change log included.
const MOST: u64 = 30;

fn new_decision(id: &str, day: &str, details: Details) -> NewDecision {
    NewDecision {
        external_id: Some(ExternalId::parse("decision_id", id).unwrap()),
        person: ExternalId::parse("person", "P1").unwrap(),
        date: day.parse().unwrap(),
        number: Some(format!("{id}/NQ")),
        body: OrgCode::parse("deciding_body", "CB01").unwrap(),
        reason: Some("lý do".to_owned()),
        details,
    }
}

/// The statements `app` runs for `new`, which must be accepted.
async fn cost(app: &App, store: &Store, new: NewDecision) -> u64 {
    let before = store.statements();
    app.submit_decision(&Ctx::local("SubmitDecision"), new)
        .await
        .unwrap();
    store.statements() - before
}

#[tokio::test]
async fn a_decision_runs_a_few_statements_whatever_its_history() {
    for db in TestDb::all().await {
        let server = TestServer::start(db.share()).await;
        let mut c = clients(&server).await;
        seed(&mut c, &server).await;
        for request in steps_to_committee().into_iter().take(3) {
            submit(&mut c, request).await;
        }
        server.stop().await.unwrap();

        let store = Store::connect(
            &db.url().parse().unwrap(),
            std::time::Duration::from_secs(5),
        )
        .await
        .unwrap();
        let app = App::new(store.clone(), Clock::Fixed(today()));
        // The first decision of this process also reads the tree once.
        let first = cost(
            &app,
            &store,
            new_decision("D4", "2021-06-01", Details::OpenDossier),
        )
        .await;
        eprintln!("=== D5");
        let next = cost(
            &app,
            &store,
            new_decision("D5", "2021-07-01", Details::ConcludeBackgroundCheck),
        )
        .await;
        eprintln!("=== R5");
        let revoke = cost(
            &app,
            &store,
            new_decision(
                "R5",
                "2021-07-02",
                Details::Revoke {
                    revokes: ExternalId::parse("revokes", "D5").unwrap(),
                },
            ),
        )
        .await;
        println!(
            "{:?}: statements per decision: first {first}, next {next}, revocation {revoke}",
            db.backend
        );
        assert!(first <= MOST + 2, "{:?}: {first} statements", db.backend);
        assert!(next <= MOST, "{:?}: {next} statements", db.backend);
        assert!(revoke <= MOST, "{:?}: {revoke} statements", db.backend);
        store.close().await;
        db.drop_database().await.unwrap();
    }
}
