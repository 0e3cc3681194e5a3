//! Concurrent writers cannot break the tree: a child created while its parent is dissolved,
//! or two edits racing on one etag, leave exactly one winner; writers that only need a cell to
//! stay as it is do not queue behind one another.

use dangvien_proto::v1::{self as pb, OrganizationKind as K};
use dangvien_tests::servers;
use tonic::Code;

use crate::{
    people::new_person,
    support::{date, name, new_org},
};

#[tokio::test]
async fn a_parent_is_never_dissolved_under_a_new_child() {
    for server in servers().await {
        let client = server.orgs().await;
        for i in 0..20 {
            let parent = format!("P{i}");
            let mut c = client.clone();
            c.create_organization(new_org(&parent, K::Bloc, ""))
                .await
                .unwrap();
            let (mut a, mut b) = (client.clone(), client.clone());
            let child = new_org(&format!("C{i}"), K::GrassrootsCommittee, &parent);
            let dissolve = pb::DissolveOrganizationRequest {
                name: name(&parent),
                effective_date: date("2025-07-01"),
                ..Default::default()
            };
            let (created, dissolved) = tokio::join!(
                a.create_organization(child),
                b.dissolve_organization(dissolve)
            );
            match (&created, &dissolved) {
                (Ok(_), Err(s)) => assert_eq!(s.code(), Code::FailedPrecondition, "{s:?}"),
                (Err(s), Ok(_)) => assert_eq!(s.code(), Code::FailedPrecondition, "{s:?}"),
                _ => panic!(
                    "{}: exactly one must win, got {created:?} and {dissolved:?}",
                    server.backend()
                ),
            }
        }
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn two_edits_with_the_same_etag_cannot_both_win() {
    for server in servers().await {
        let mut client = server.orgs().await;
        client
            .create_organization(new_org("KHOI", K::Bloc, ""))
            .await
            .unwrap();
        for i in 0..10 {
            let etag = client
                .get_organization(pb::GetOrganizationRequest { name: name("KHOI") })
                .await
                .unwrap()
                .into_inner()
                .etag;
            let edit = |n: &str| pb::UpdateOrganizationRequest {
                organization: Some(pb::Organization {
                    name: name("KHOI"),
                    display_name: format!("Đảng bộ Khối {i}{n}"),
                    etag: etag.clone(),
                    ..Default::default()
                }),
                ..Default::default()
            };
            let (mut a, mut b) = (client.clone(), client.clone());
            let (first, second) = tokio::join!(
                a.update_organization(edit("a")),
                b.update_organization(edit("b"))
            );
            let wins = [&first, &second].iter().filter(|r| r.is_ok()).count();
            assert_eq!(wins, 1, "{}: {first:?} / {second:?}", server.backend());
            for loser in [first, second].into_iter().filter_map(Result::err) {
                assert_eq!(loser.code(), Code::Aborted);
            }
        }
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn writers_that_lock_in_opposite_orders_are_retried_not_failed() {
    for server in servers().await {
        let client = server.orgs().await;
        for i in 0..10 {
            let (a, b) = (format!("A{i}"), format!("B{i}"));
            let mut c = client.clone();
            c.create_organization(new_org(&a, K::Bloc, ""))
                .await
                .unwrap();
            c.create_organization(new_org(&b, K::Bloc, ""))
                .await
                .unwrap();
            let under = |org: &str, parent: &str| pb::MoveOrganizationRequest {
                name: name(org),
                new_parent: name(parent),
                effective_date: date("2025-07-01"),
                ..Default::default()
            };
            let (mut x, mut y) = (client.clone(), client.clone());
            // Each locks its own org, then the other's: on PostgreSQL one of them deadlocks and
            // must be run again by the server, never reported as an internal error.
            let (first, second) = tokio::join!(
                x.move_organization(under(&a, &b)),
                y.move_organization(under(&b, &a))
            );
            for result in [first, second] {
                let status = result.expect_err("a bloc cannot sit under a bloc");
                assert_eq!(
                    status.code(),
                    Code::FailedPrecondition,
                    "{}: {status:?}",
                    server.backend()
                );
            }
        }
        server.stop().await.unwrap();
    }
}

/// Recording a person takes the cell `FOR SHARE`: another transaction that holds the same
/// (another import or clerk recording persons there) does not hold it up, while a dissolution
/// (`FOR UPDATE`) still waits for it. With an exclusive lock here, concurrent imports into the
/// same cells queued behind one another and deadlocked when they took the cells in different
/// orders. PostgreSQL only: SQLite serialises every writer anyway.
#[tokio::test]
async fn persons_recorded_in_one_cell_do_not_wait_for_each_other_but_a_dissolution_does() {
    use sea_orm::{ConnectionTrait, Database, TransactionTrait};
    use std::time::Duration;

    for server in servers().await {
        if server.backend() != dangvien_tests::Backend::Postgres {
            server.stop().await.unwrap();
            continue;
        }
        let mut orgs = server.orgs().await;
        orgs.create_organization(new_org("KHOI", K::Bloc, ""))
            .await
            .unwrap();
        orgs.create_organization(new_org("CS01", K::GrassrootsCommittee, "KHOI"))
            .await
            .unwrap();
        orgs.create_organization(new_org("CB01", K::Cell, "CS01"))
            .await
            .unwrap();

        // What a transaction recording a person in CB01 holds until it commits.
        let db = Database::connect(server.db.url()).await.unwrap();
        let held = db.begin().await.unwrap();
        held.execute_unprepared("SELECT id FROM organization WHERE code = 'CB01' FOR SHARE")
            .await
            .unwrap();

        let mut people = server.people().await;
        let created = tokio::time::timeout(
            Duration::from_secs(30),
            people.create_person(new_person("P1", "Nguyễn Văn Một", "CB01")),
        )
        .await
        .expect("recording a person waited for another transaction recording persons there");
        created.unwrap();

        let mut dissolver = orgs.clone();
        let dissolution = tokio::spawn(async move {
            dissolver
                .dissolve_organization(pb::DissolveOrganizationRequest {
                    name: name("CB01"),
                    effective_date: date("2025-07-01"),
                    ..Default::default()
                })
                .await
        });
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert!(
            !dissolution.is_finished(),
            "the dissolution did not wait for a transaction recording a person in the cell"
        );
        held.commit().await.unwrap();
        dissolution.await.unwrap().unwrap();
        db.close().await.unwrap();
        server.stop().await.unwrap();
    }
}
