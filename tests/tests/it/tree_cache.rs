//! Each server judges decisions against its own in-memory copy of the organisation tree: a
//! restructuring made through another server sharing the database is seen by the next decision.

use dangvien_proto::v1::{self as pb, OrganizationKind as K, decision::Details as D};
use dangvien_tests::{TestDb, TestServer};
use tonic::Code;

use crate::{
    decisions::{clients, decision, seed, submit},
    member_support::assert_verified,
    support::{assert_status, date, name, new_org},
};

#[tokio::test]
async fn a_decision_on_one_server_sees_a_move_made_through_another() {
    for db in TestDb::all().await {
        let second = db.share();
        let first = TestServer::start(db).await;
        let mut on_first = clients(&first).await;
        seed(&mut on_first, &first).await;
        let other = TestServer::start(second).await;
        let mut on_other = clients(&other).await;
        // The other server reads the tree for this decision and keeps it: CB01 under CS01.
        submit(
            &mut on_other,
            decision("D1", "2021-01-10", "", "CB01", D::Nominate(pb::Nominate {})),
        )
        .await;

        // Through the first server, CB01 moves under a new grassroots committee of KHOI2.
        let mut orgs = first.orgs().await;
        orgs.create_organization(new_org("CS02", K::GrassrootsCommittee, "KHOI2"))
            .await
            .unwrap();
        orgs.move_organization(pb::MoveOrganizationRequest {
            name: name("CB01"),
            new_parent: name("CS02"),
            effective_date: date("2021-02-01"),
            ..Default::default()
        })
        .await
        .unwrap();

        let recognize = |body: &str| {
            decision(
                "D2",
                "2021-03-15",
                "12-NQ/CB",
                body,
                D::RecognizeSympathizer(pb::RecognizeSympathizer {
                    mentors: vec!["people/S1".into()],
                }),
            )
        };
        // CS01 was CB01's committee when the other server read the tree; it is not any more.
        let status = on_other
            .decisions
            .submit_decision(recognize("CS01"))
            .await
            .unwrap_err();
        assert_status(&status, Code::FailedPrecondition, "BODY_NOT_ALLOWED");
        submit(&mut on_other, recognize("CS02")).await;
        // The figures the other server added were computed against the tree after the move.
        assert_verified(&first).await;
        other.stop().await.unwrap();
        first.stop().await.unwrap();
    }
}
