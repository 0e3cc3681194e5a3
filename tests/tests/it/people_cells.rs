//! Moving a person between cells: allowed while they have no case past CANDIDATE and are not a
//! member, from a day not before their latest decision, with the history kept.

use dangvien_proto::v1 as pb;
use dangvien_tests::{servers, today};
use tonic::Code;

use crate::{
    people::{decide, get, ids, list_all, moving, nominate, person_name, recognize, seed_people},
    support::{assert_status, date},
};

#[tokio::test]
async fn a_person_moves_between_cells_only_while_allowed_and_keeps_the_history() {
    for server in servers().await {
        let mut c = server.people().await;
        seed_people(&server, &mut c).await;
        let b = server.backend();

        // P01 moves from CB01 to CB02 on 2025-06-01.
        let before = get(&mut c, "P01").await;
        let moved = c
            .update_person(moving("P01", "CB02", Some("2025-06-01")))
            .await
            .unwrap()
            .into_inner();
        assert_eq!(moved.cell, "organizations/CB02");
        assert_eq!(moved.cell_since, date("2025-06-01"));
        assert_ne!(moved.etag, before.etag);
        assert_eq!(
            ids(&mut c, "org = organizations/CB02").await,
            ["P01", "P02", "P05"]
        );
        assert_eq!(ids(&mut c, "org = organizations/CB01").await, ["P04"]);

        // And on to the grassroots cell today (the default day).
        let moved = c
            .update_person(moving("P05", "CBCS", None))
            .await
            .unwrap()
            .into_inner();
        assert_eq!(moved.cell, "organizations/CBCS");
        assert_eq!(moved.cell_since, date(&today().to_string()));

        // A candidate may move, from the day after their latest decision on (that decision
        // keeps the cell of its day).
        decide(&server, ("D1", "P04", "2025-03-01", "CB01"), nominate()).await;
        for day in ["2025-02-28", "2025-03-01"] {
            let refused = c
                .update_person(moving("P04", "CB02", Some(day)))
                .await
                .unwrap_err();
            assert_status(
                &refused,
                Code::FailedPrecondition,
                "CELL_CHANGE_NOT_ALLOWED",
            );
        }
        let moved = c
            .update_person(moving("P04", "CB02", Some("2025-03-02")))
            .await
            .unwrap()
            .into_inner();
        assert_eq!(moved.cell, "organizations/CB02", "{b}");
        assert_eq!(moved.case_state(), pb::CaseState::Candidate);

        // A sympathizer may not.
        decide(&server, ("D2", "P02", "2024-01-10", "CB02"), nominate()).await;
        decide(&server, ("D3", "P02", "2024-03-15", "CB02"), recognize()).await;
        let snapshot = list_all(&mut c, "").await;
        let refusals = [
            ("sympathizer", moving("P02", "CB01", Some("2025-01-01"))),
            (
                "before the current cell",
                moving("P01", "CB01", Some("2025-05-31")),
            ),
            (
                "on the current cell's first day",
                moving("P01", "CB01", Some("2025-06-01")),
            ),
            (
                "re-dating the current cell",
                moving("P01", "CB02", Some("2025-07-01")),
            ),
        ];
        for (what, request) in refusals {
            let status = c.update_person(request).await.unwrap_err();
            let vi = assert_status(&status, Code::FailedPrecondition, "CELL_CHANGE_NOT_ALLOWED");
            assert!(!vi.is_empty(), "{what}");
        }
        let not_a_cell = c
            .update_person(moving("P01", "CS01", Some("2025-07-01")))
            .await
            .unwrap_err();
        assert_status(&not_a_cell, Code::FailedPrecondition, "NOT_A_CELL");
        let unknown = c
            .update_person(moving("P01", "NOPE", Some("2025-07-01")))
            .await
            .unwrap_err();
        assert_status(&unknown, Code::NotFound, "ORG_NOT_FOUND");
        let future = c
            .update_person(moving("P01", "CB01", Some("2026-01-16")))
            .await
            .unwrap_err();
        assert_status(&future, Code::InvalidArgument, "DATE_IN_FUTURE");
        assert_eq!(list_all(&mut c, "").await, snapshot, "{b}");

        // A member moves only by TRANSFER.
        let mut members = server.members().await;
        let arrival = |since: &str| pb::RegisterMemberRequest {
            person: person_name("P01"),
            admission_date: date("2019-05-19"),
            ceremony_date: date("2019-06-01"),
            official_date: date("2020-06-01"),
            status: pb::MemberStatus::Official.into(),
            origin: pb::MemberOrigin::TransferIn.into(),
            since: date(since),
            request_id: String::new(),
        };
        // Not from before the move that put P01 in CB02: a member moves only by TRANSFER.
        let early = members
            .register_member(arrival("2020-01-01"))
            .await
            .unwrap_err();
        assert_status(
            &early,
            Code::FailedPrecondition,
            "DATE_BEFORE_PREVIOUS_STEP",
        );
        members
            .register_member(arrival("2025-07-01"))
            .await
            .unwrap();
        let member = c
            .update_person(moving("P01", "CB01", Some("2025-12-01")))
            .await
            .unwrap_err();
        assert_status(&member, Code::FailedPrecondition, "CELL_CHANGE_NOT_ALLOWED");

        // The member's cell on each day shows the history.
        for (day, cell) in [
            ("2014-12-31", ""),
            ("2015-01-01", "organizations/CB01"),
            ("2025-05-31", "organizations/CB01"),
            ("2025-06-01", "organizations/CB02"),
            ("2026-01-15", "organizations/CB02"),
        ] {
            let m = members
                .get_member(pb::GetMemberRequest {
                    name: "people/P01/member".to_owned(),
                    as_of: date(day),
                })
                .await
                .unwrap()
                .into_inner();
            assert_eq!(m.cell, cell, "{b} on {day}");
        }
        server.stop().await.unwrap();
    }
}
