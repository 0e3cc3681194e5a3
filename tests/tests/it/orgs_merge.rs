//! Merging an organisation into a survivor end to end: children and persons (with their open
//! cases) follow from the date, the history before it stays, replays, races, and the CLI.
//! Refusals are in `orgs_merge_refusals`.

use dangvien_proto::v1::{
    self as pb, OrganizationKind as K, decision_service_client::DecisionServiceClient,
};
use dangvien_tests::{TestServer, servers};

use crate::cli::dangvien;
use tonic::{Code, Status};

use crate::{
    people::{get, ids, moving, new_person, nominate, person_name, recognize, with_person},
    support::{assert_status, codes, date, list_all, name, new_org, seed_tree},
};

/// A merge of `code` into `into` from `day`.
pub(crate) fn merging(code: &str, into: &str, day: &str) -> pb::MergeOrganizationRequest {
    pb::MergeOrganizationRequest {
        name: name(code),
        into: name(into),
        effective_date: date(day),
        ..Default::default()
    }
}

/// Submits a decision about `person` by `body`, numbered after its id unless it is a NOMINATE.
pub(crate) async fn submit(
    server: &TestServer,
    (id, person, day, body): (&str, &str, &str, &str),
    details: pb::decision::Details,
) -> Result<pb::SubmitDecisionResponse, Status> {
    let mut decisions = DecisionServiceClient::new(server.channel().await.unwrap());
    let number = match details {
        pb::decision::Details::Nominate(_) => String::new(),
        _ => format!("{id}-NQ/CB"),
    };
    decisions
        .submit_decision(pb::SubmitDecisionRequest {
            decision_id: id.to_owned(),
            decision: Some(pb::Decision {
                person: person_name(person),
                decision_date: date(day),
                document_number: number,
                deciding_body: name(body),
                details: Some(details),
                ..Default::default()
            }),
            request_id: String::new(),
        })
        .await
        .map(tonic::Response::into_inner)
}

/// Registers `person` as an official member since 2016.
async fn register_member(server: &TestServer, person: &str) {
    server
        .members()
        .await
        .register_member(pb::RegisterMemberRequest {
            person: person_name(person),
            admission_date: date("2015-05-19"),
            ceremony_date: date("2015-06-01"),
            official_date: date("2016-06-01"),
            status: pb::MemberStatus::Official.into(),
            origin: pb::MemberOrigin::Existing.into(),
            ..Default::default()
        })
        .await
        .unwrap_or_else(|s| panic!("registering {person}: {s:?}"));
}

#[tokio::test]
async fn a_merged_committee_hands_its_children_to_the_survivor_from_the_date() {
    for server in servers().await {
        let b = server.backend();
        let mut orgs = server.orgs().await;
        seed_tree(&mut orgs).await;
        for (code, kind, parent) in [
            ("CS02", K::GrassrootsCommittee, "KHOI2"),
            ("CB03", K::Cell, "CS02"),
        ] {
            orgs.create_organization(new_org(code, kind, parent))
                .await
                .unwrap();
        }
        // The closures read through their own client, so `orgs` stays free for the writes.
        let reader = orgs.clone();
        let history = || {
            let mut orgs = reader.clone();
            async move {
                let mut all = Vec::new();
                for day in ["2015-01-01", "2025-06-30"] {
                    // Who sits under whom; the merged row itself shows its new end and etag.
                    let listed = list_all(&mut orgs, "", Some(day)).await;
                    all.extend(listed.into_iter().map(|o| (day, o.code, o.parent)));
                }
                all
            }
        };
        let before = history().await;
        let cs01 = orgs
            .get_organization(pb::GetOrganizationRequest { name: name("CS01") })
            .await
            .unwrap()
            .into_inner();

        let survivor = orgs
            .merge_organization(pb::MergeOrganizationRequest {
                document_number: "7-QĐ/ĐUK".to_owned(),
                deciding_body: name("KHOI"),
                etag: cs01.etag.clone(),
                ..merging("CS01", "CS02", "2025-07-01")
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(survivor.code, "CS02", "{b}");
        assert_eq!(survivor.parent, "organizations/KHOI2");
        assert_eq!(survivor.valid_to, None);

        // The tree before the date is as it was; from the date the children are the survivor's.
        assert_eq!(history().await, before, "{b}");
        let on = |filter: &'static str, day: &'static str| {
            let mut orgs = reader.clone();
            async move { codes(&list_all(&mut orgs, filter, Some(day)).await).join(",") }
        };
        let under_cs01 = r#"parent = "organizations/CS01""#;
        let under_cs02 = r#"parent = "organizations/CS02""#;
        assert_eq!(on(under_cs01, "2025-06-30").await, "CB01,CB02", "{b}");
        assert_eq!(on(under_cs01, "2025-07-01").await, "");
        assert_eq!(on(under_cs02, "2025-06-30").await, "CB03");
        assert_eq!(on(under_cs02, "2025-07-01").await, "CB01,CB02,CB03", "{b}");
        let in_khoi = r#"ancestor = "organizations/KHOI""#;
        let in_khoi2 = r#"ancestor = "organizations/KHOI2""#;
        assert_eq!(on(in_khoi, "2025-06-30").await, "CB01,CB02,CBCS,CS01,KHOI");
        assert_eq!(on(in_khoi, "2025-07-01").await, "CBCS,KHOI", "{b}");
        assert_eq!(on(in_khoi2, "2025-06-30").await, "CB03,CS02,KHOI2");
        assert_eq!(
            on(in_khoi2, "2025-07-01").await,
            "CB01,CB02,CB03,CS02,KHOI2"
        );
        assert_eq!(
            on(in_khoi2, "2026-01-15").await,
            "CB01,CB02,CB03,CS02,KHOI2"
        );

        // The merged committee ended the day before, with a new etag.
        let ended = orgs
            .get_organization(pb::GetOrganizationRequest { name: name("CS01") })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(ended.valid_to, date("2025-06-30"), "{b}");
        assert_ne!(ended.etag, cs01.etag);
        let cb01 = orgs
            .get_organization(pb::GetOrganizationRequest { name: name("CB01") })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(cb01.parent, "organizations/CS02", "{b}");

        // A child moved on later moves from where the merge put it.
        orgs.create_organization(new_org("CS03", K::GrassrootsCommittee, "KHOI"))
            .await
            .unwrap();
        orgs.move_organization(pb::MoveOrganizationRequest {
            name: name("CB01"),
            new_parent: name("CS03"),
            effective_date: date("2025-09-01"),
            ..Default::default()
        })
        .await
        .unwrap();
        assert_eq!(on(under_cs02, "2025-08-31").await, "CB01,CB02,CB03", "{b}");
        assert_eq!(on(under_cs02, "2025-09-01").await, "CB02,CB03", "{b}");
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_merged_cell_hands_its_persons_and_their_open_cases_to_the_survivor() {
    for server in servers().await {
        let b = server.backend();
        let mut people = server.people().await;
        seed_tree(&mut server.orgs().await).await;
        for (id, cell) in [
            ("P1", "CB01"),
            ("P2", "CB01"),
            ("S1", "CB01"),
            ("P3", "CB02"),
        ] {
            people
                .create_person(new_person(id, &format!("Người {id}"), cell))
                .await
                .unwrap();
        }
        register_member(&server, "S1").await;
        // P1 is a candidate of CB01 since 2021.
        submit(&server, ("D1", "P1", "2021-01-10", "CB01"), nominate())
            .await
            .unwrap();
        let p1 = get(&mut people, "P1").await;
        // Recorded before the merge, dated after its date: P4 left CB01 for CBCS on 2025-09-01,
        // P5 joined CB01 on 2025-08-01.
        people
            .create_person(new_person("P4", "Người P4", "CB01"))
            .await
            .unwrap();
        people
            .update_person(moving("P4", "CBCS", Some("2025-09-01")))
            .await
            .unwrap();
        let p4 = get(&mut people, "P4").await;
        people
            .create_person(with_person(new_person("P5", "Người P5", "CB01"), |p| {
                p.cell_since = date("2025-08-01")
            }))
            .await
            .unwrap();

        let mut orgs = server.orgs().await;
        let survivor = orgs
            .merge_organization(pb::MergeOrganizationRequest {
                deciding_body: name("CS01"),
                ..merging("CB01", "CB02", "2025-07-01")
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(survivor.code, "CB02", "{b}");

        // Today every person of CB01 is in CB02, since the date, with a new etag.
        let moved = get(&mut people, "P1").await;
        assert_eq!(moved.cell, "organizations/CB02", "{b}");
        assert_eq!(moved.cell_since, date("2025-07-01"));
        assert_eq!(moved.case_state(), pb::CaseState::Candidate);
        assert_ne!(moved.etag, p1.etag);
        assert_eq!(get(&mut people, "P3").await.cell_since, date("2015-01-01"));
        let p5 = get(&mut people, "P5").await;
        assert_eq!(p5.cell, "organizations/CB02", "{b}");
        assert_eq!(p5.cell_since, date("2025-08-01"));
        // P4 is still in CBCS, with the same record.
        assert_eq!(get(&mut people, "P4").await, p4, "{b}");
        assert_eq!(
            ids(&mut people, "org = organizations/CB02").await,
            ["P1", "P2", "P3", "P5", "S1"],
            "{b}"
        );
        assert!(
            ids(&mut people, "org = organizations/CB01")
                .await
                .is_empty()
        );
        // Before the date, the member was in CB01.
        let mut members = server.members().await;
        for (day, cell) in [
            ("2025-06-30", "organizations/CB01"),
            ("2025-07-01", "organizations/CB02"),
        ] {
            let member = members
                .get_member(pb::GetMemberRequest {
                    name: "people/S1/member".to_owned(),
                    as_of: date(day),
                })
                .await
                .unwrap()
                .into_inner();
            assert_eq!(member.cell, cell, "{b} on {day}");
        }
        // Until P4 left, P4 was in CB02: CB02 decides about those weeks, CB01 no longer can.
        let gone = submit(&server, ("D4", "P4", "2025-08-15", "CB01"), nominate())
            .await
            .unwrap_err();
        assert_status(&gone, Code::FailedPrecondition, "BODY_NOT_ALLOWED");
        submit(&server, ("D4", "P4", "2025-08-15", "CB02"), nominate())
            .await
            .unwrap();
        // The open cases are stored where a replay of the decisions puts them.
        crate::member_support::assert_verified(&server).await;

        // After the date, CB01 decides nothing; CB02 takes the case on.
        let gone = submit(&server, ("D2", "P1", "2025-07-01", "CB01"), recognize())
            .await
            .unwrap_err();
        assert_status(&gone, Code::FailedPrecondition, "BODY_NOT_ALLOWED");
        let next = submit(&server, ("D2", "P1", "2025-07-01", "CB02"), recognize())
            .await
            .unwrap()
            .admission_case
            .unwrap();
        assert_eq!(next.state(), pb::CaseState::Sympathizer, "{b}");
        assert_eq!(next.cell, "organizations/CB02");
        assert_eq!(next.timeline[0].deciding_body, "organizations/CB01");

        // The survivor now holds an open case and a member: it cannot be dissolved, and the
        // refusal names them (not P2, who has neither).
        let status = orgs
            .dissolve_organization(pb::DissolveOrganizationRequest {
                name: name("CB02"),
                effective_date: date("2025-12-01"),
                ..Default::default()
            })
            .await
            .unwrap_err();
        let message = assert_status(&status, Code::FailedPrecondition, "ORG_NOT_EMPTY");
        assert!(
            message.contains("P1") && message.contains("S1") && !message.contains("P2"),
            "{message}"
        );
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_replayed_merge_returns_the_first_answer_and_runs_nothing_again() {
    for server in servers().await {
        let b = server.backend();
        let mut orgs = server.orgs().await;
        let mut people = server.people().await;
        seed_tree(&mut orgs).await;
        people
            .create_person(new_person("P1", "Người P1", "CB01"))
            .await
            .unwrap();
        let request = pb::MergeOrganizationRequest {
            request_id: "merge-cb01-1".to_owned(),
            ..merging("CB01", "CB02", "2025-07-01")
        };
        let first = orgs
            .merge_organization(request.clone())
            .await
            .unwrap()
            .into_inner();
        let p1 = get(&mut people, "P1").await;
        let again = orgs
            .merge_organization(request.clone())
            .await
            .unwrap()
            .into_inner();
        assert_eq!(first, again, "{b}");
        // The replay ran nothing: P1 was not handed over a second time, and the same merge sent
        // anew is refused, CB01 having ended.
        assert_eq!(get(&mut people, "P1").await, p1, "{b}");
        let anew = orgs
            .merge_organization(merging("CB01", "CB02", "2025-07-01"))
            .await
            .unwrap_err();
        assert_status(&anew, Code::FailedPrecondition, "ORG_NOT_VALID_ON_DATE");
        let reused = orgs
            .merge_organization(pb::MergeOrganizationRequest {
                effective_date: date("2025-08-01"),
                ..request
            })
            .await
            .unwrap_err();
        assert_status(&reused, Code::InvalidArgument, "REQUEST_ID_REUSED");

        // A refused merge is not kept under its request_id: once fixed, it is judged anew.
        let later = pb::MergeOrganizationRequest {
            request_id: "merge-cb09-1".to_owned(),
            ..merging("CB09", "CB02", "2025-07-01")
        };
        let refused = orgs.merge_organization(later.clone()).await.unwrap_err();
        assert_status(&refused, Code::NotFound, "ORG_NOT_FOUND");
        orgs.create_organization(new_org("CB09", K::Cell, "CS01"))
            .await
            .unwrap();
        let merged = orgs.merge_organization(later).await.unwrap().into_inner();
        assert_eq!(merged.code, "CB02", "{b}");
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn the_cli_merges_a_cell_and_says_why_it_cannot() {
    for server in servers().await {
        let b = server.backend();
        seed_tree(&mut server.orgs().await).await;
        let merge = [
            "--format",
            "json",
            "org",
            "merge",
            "CB01",
            "--into",
            "CB02",
            "--date",
            "2025-07-01",
            "--number",
            "5-QĐ/ĐU",
            "--body",
            "CS01",
        ];
        let run = dangvien(&server, &merge).await;
        assert_eq!(run.code, 0, "{b}: {}", run.err);
        let survivor: serde_json::Value = serde_json::from_str(&run.out).unwrap();
        assert_eq!(survivor["code"], "CB02", "{}", run.out);
        assert_eq!(survivor["parent"], "CS01");

        let tree = |as_of: &'static str| {
            let server = &server;
            async move {
                let run =
                    dangvien(server, &["org", "tree", "--root", "CS01", "--as-of", as_of]).await;
                assert_eq!(run.code, 0, "{}", run.err);
                run.out
            }
        };
        let before = tree("2025-06-30").await;
        assert!(
            before.contains("CB01") && before.contains("CB02"),
            "{before}"
        );
        let after = tree("2025-07-01").await;
        assert!(!after.contains("CB01") && after.contains("CB02"), "{after}");

        let cases: [(&[&str], i32, &str); 4] = [
            (
                &[
                    "org",
                    "merge",
                    "CB02",
                    "--into",
                    "CBCS",
                    "--date",
                    "2025-08-01",
                ],
                3,
                "Không thể hợp nhất CB02 vào CBCS",
            ),
            (
                &[
                    "org",
                    "merge",
                    "CB02",
                    "--into",
                    "CBCS",
                    "--date",
                    "2025-08-01",
                ],
                3,
                "[MERGE_TARGET_NOT_ALLOWED]",
            ),
            (
                &[
                    "--lang",
                    "en",
                    "org",
                    "merge",
                    "CB02",
                    "--into",
                    "CB02",
                    "--date",
                    "2025-08-01",
                ],
                3,
                "cannot merge into itself",
            ),
            (
                &["org", "merge", "CB02", "--date", "2025-08-01"],
                2,
                "--into",
            ),
        ];
        for (args, code, says) in cases {
            let run = dangvien(&server, args).await;
            assert_eq!(run.code, code, "{b}: {args:?}: {}", run.err);
            assert!(run.err.contains(says), "{args:?}: {}", run.err);
            assert!(run.out.is_empty(), "{args:?} printed data: {}", run.out);
        }
        server.stop().await.unwrap();
    }
}
