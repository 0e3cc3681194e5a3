//! The admission pipeline end to end: a person walked from NOMINATE to ADMIT, each refusal with
//! its reason and nothing stored, revocation, batches, and the invariants the database keeps.

use dangvien_proto::v1::{
    self as pb, decision::Details as D, decision_service_client::DecisionServiceClient,
    member_service_client::MemberServiceClient, person_service_client::PersonServiceClient,
};
use dangvien_tests::{TestServer, servers};
use tonic::{Code, transport::Channel};

use crate::support::{assert_status, date, name, seed_tree};

pub(crate) struct Clients {
    pub(crate) people: PersonServiceClient<Channel>,
    pub(crate) members: MemberServiceClient<Channel>,
    pub(crate) decisions: DecisionServiceClient<Channel>,
}

pub(crate) async fn clients(server: &TestServer) -> Clients {
    let channel = server.channel().await.unwrap();
    Clients {
        people: PersonServiceClient::new(channel.clone()),
        members: MemberServiceClient::new(channel.clone()),
        decisions: DecisionServiceClient::new(channel),
    }
}

pub(crate) fn person(
    id: &str,
    full_name: &str,
    birth: &str,
    cell: &str,
) -> pb::CreatePersonRequest {
    pb::CreatePersonRequest {
        person_id: id.to_owned(),
        person: Some(pb::Person {
            full_name: full_name.to_owned(),
            gender: pb::Gender::Female.into(),
            birth_date: date(birth),
            ethnicity: "Kinh".to_owned(),
            education: pb::Education::UpperSecondary.into(),
            cell: name(cell),
            cell_since: date("2015-01-01"),
            ..Default::default()
        }),
        request_id: String::new(),
    }
}

/// KHOI ⊃ CS01 ⊃ {CB01, CB02}: P1 (a Youth Union member born 1996) in CB01; S1, S2 official
/// members since 2016 in CB02; S3 official in KHOI2's grassroots cell CBX (another organisation).
pub(crate) async fn seed(c: &mut Clients, server: &TestServer) {
    let mut orgs = server.orgs().await;
    seed_tree(&mut orgs).await;
    orgs.create_organization(crate::support::new_org(
        "CBX",
        pb::OrganizationKind::GrassrootsCell,
        "KHOI2",
    ))
    .await
    .unwrap();
    let mut p1 = person("P1", "Nguyễn Thị Lan", "1996-04-12", "CB01");
    if let Some(p) = p1.person.as_mut() {
        p.youth_union = true;
    }
    c.people.create_person(p1).await.unwrap();
    for (id, cell) in [("S1", "CB02"), ("S2", "CB02"), ("S3", "CBX")] {
        c.people
            .create_person(person(id, &format!("Đảng viên {id}"), "1970-01-01", cell))
            .await
            .unwrap();
        c.members
            .register_member(pb::RegisterMemberRequest {
                person: format!("people/{id}"),
                admission_date: date("2015-05-19"),
                ceremony_date: date("2015-06-01"),
                official_date: date("2016-06-01"),
                status: pb::MemberStatus::Official.into(),
                origin: pb::MemberOrigin::Existing.into(),
                ..Default::default()
            })
            .await
            .unwrap();
    }
}

pub(crate) fn decision(
    id: &str,
    day: &str,
    number: &str,
    body: &str,
    details: D,
) -> pb::SubmitDecisionRequest {
    pb::SubmitDecisionRequest {
        decision_id: id.to_owned(),
        decision: Some(pb::Decision {
            person: "people/P1".to_owned(),
            decision_date: date(day),
            document_number: number.to_owned(),
            deciding_body: name(body),
            details: Some(details),
            ..Default::default()
        }),
        request_id: String::new(),
    }
}

/// Every step up to (not including) ADMIT, for P1 in CB01.
pub(crate) fn steps_to_committee() -> Vec<pb::SubmitDecisionRequest> {
    vec![
        decision("D1", "2021-01-10", "", "CB01", D::Nominate(pb::Nominate {})),
        decision(
            "D2",
            "2021-03-15",
            "12-NQ/CB",
            "CB01",
            D::RecognizeSympathizer(pb::RecognizeSympathizer {
                mentors: vec!["people/S1".into()],
            }),
        ),
        decision(
            "D3",
            "2021-05-20",
            "CN-0457",
            "KHOI",
            D::RecordCourse(pb::RecordCourse {
                certificate_number: "0457".into(),
                issuer: "Ban Tuyên giáo Đảng ủy Khối".into(),
            }),
        ),
        decision(
            "D4",
            "2021-06-01",
            "",
            "CB01",
            D::OpenDossier(pb::OpenDossier {}),
        ),
        decision(
            "D5",
            "2021-07-01",
            "31-KL/ĐU",
            "CS01",
            D::ConcludeBackgroundCheck(pb::ConcludeBackgroundCheck {}),
        ),
        decision(
            "D6",
            "2021-08-02",
            "3-KNĐ/01",
            "CB01",
            D::RecordIntroductions(pb::RecordIntroductions {
                sponsors: vec![pb::Sponsor {
                    person: "people/S1".into(),
                    known_since: date("2018-01-01"),
                }],
                union_resolution: pb::UnionResolution::YouthUnion.into(),
            }),
        ),
        decision(
            "D7",
            "2021-09-01",
            "6-NQ/CB",
            "CB01",
            D::RecordCellVote(pb::RecordCellVote {
                votes_for: 14,
                votes_against: 6,
                full_members: 20,
                age_consent: None,
            }),
        ),
        decision(
            "D8",
            "2021-09-15",
            "8-NQ/ĐU",
            "CS01",
            D::RecordCommitteeVote(pb::RecordCommitteeVote {
                votes_for: 5,
                members: 7,
            }),
        ),
    ]
}

pub(crate) async fn submit(
    c: &mut Clients,
    request: pb::SubmitDecisionRequest,
) -> pb::SubmitDecisionResponse {
    let id = request.decision_id.clone();
    c.decisions
        .submit_decision(request)
        .await
        .unwrap_or_else(|s| panic!("{id}: {s:?}"))
        .into_inner()
}

fn state_of(response: &pb::SubmitDecisionResponse) -> pb::CaseState {
    response
        .admission_case
        .as_ref()
        .map_or(pb::CaseState::Unspecified, |c| c.state())
}

#[tokio::test]
async fn a_person_walks_from_nomination_to_admission() {
    for server in servers().await {
        let mut c = clients(&server).await;
        seed(&mut c, &server).await;
        let expected = [
            pb::CaseState::Candidate,
            pb::CaseState::Sympathizer,
            pb::CaseState::Trained,
            pb::CaseState::DossierOpen,
            pb::CaseState::Verified,
            pb::CaseState::Introduced,
            pb::CaseState::CellApproved,
            pb::CaseState::CommitteeApproved,
        ];
        for (request, state) in steps_to_committee().into_iter().zip(expected) {
            let answer = submit(&mut c, request).await;
            assert_eq!(state_of(&answer), state, "{}", server.backend());
        }
        let admitted = submit(
            &mut c,
            decision(
                "D9",
                "2021-10-01",
                "1234-QĐ/ĐU",
                "KHOI",
                D::Admit(pb::Admit { extended: false }),
            ),
        )
        .await;
        assert_eq!(state_of(&admitted), pb::CaseState::Admitted);
        let stored = admitted.decision.unwrap();
        assert_eq!(stored.rulebook, "QD24-2021");
        assert_eq!(stored.actor, "local");
        assert!(stored.flags.is_empty());

        let member = c
            .members
            .get_member(pb::GetMemberRequest {
                name: "people/P1/member".into(),
                as_of: date("2021-12-31"),
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(member.status(), pb::MemberStatus::Probationary);
        assert_eq!(member.admission_date, date("2021-10-01"));

        let case = c
            .decisions
            .get_case(pb::GetCaseRequest {
                name: "people/P1/case".into(),
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(case.state(), pb::CaseState::Admitted);
        assert_eq!(case.cell, "organizations/CB01");
        let ids: Vec<_> = case
            .timeline
            .iter()
            .map(|d| d.external_id.as_str())
            .collect();
        assert_eq!(ids, ["D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8", "D9"]);
        let deadline = &case.deadlines[0];
        assert_eq!(deadline.flag, "OVERDUE_ADMISSION_DECISION");
        assert_eq!(deadline.met_on, date("2021-10-01"));
        assert!(!deadline.overdue);

        // A member is not nominated again.
        let status = c
            .decisions
            .submit_decision(decision(
                "D10",
                "2022-01-10",
                "",
                "CB01",
                D::Nominate(pb::Nominate {}),
            ))
            .await
            .unwrap_err();
        assert_status(&status, Code::FailedPrecondition, "ILLEGAL_TRANSITION");
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn refusals_name_their_rule_and_store_nothing() {
    for server in servers().await {
        let mut c = clients(&server).await;
        seed(&mut c, &server).await;
        let steps = steps_to_committee();
        for request in steps[..6].iter().cloned() {
            submit(&mut c, request).await;
        }
        let before = c
            .decisions
            .get_case(pb::GetCaseRequest {
                name: "people/P1/case".into(),
            })
            .await
            .unwrap()
            .into_inner();

        let vote = |votes_for: i32| {
            D::RecordCellVote(pb::RecordCellVote {
                votes_for,
                votes_against: 0,
                full_members: 20,
                age_consent: None,
            })
        };
        let two_sponsors_elsewhere = D::RecordIntroductions(pb::RecordIntroductions {
            sponsors: vec![pb::Sponsor {
                person: "people/S3".into(),
                known_since: date("2018-01-01"),
            }],
            union_resolution: pb::UnionResolution::YouthUnion.into(),
        });
        let cases: Vec<(&str, pb::SubmitDecisionRequest, Code, &str)> = vec![
            (
                "13 of 20",
                decision("X1", "2021-09-01", "6-NQ/CB", "CB01", vote(13)),
                Code::FailedPrecondition,
                "CELL_VOTE_BELOW_TWO_THIRDS",
            ),
            (
                "another bloc decides",
                decision("X1", "2021-09-01", "6-NQ/CB", "KHOI2", vote(14)),
                Code::FailedPrecondition,
                "BODY_NOT_ALLOWED",
            ),
            (
                "a step back in time",
                decision("X1", "2021-08-01", "6-NQ/CB", "CB01", vote(14)),
                Code::FailedPrecondition,
                "DATE_BEFORE_PREVIOUS_STEP",
            ),
            (
                "admit before the votes",
                decision(
                    "X1",
                    "2021-09-01",
                    "1-QĐ",
                    "KHOI",
                    D::Admit(pb::Admit { extended: false }),
                ),
                Code::FailedPrecondition,
                "ILLEGAL_TRANSITION",
            ),
            (
                "a sponsor of another organisation",
                decision(
                    "X1",
                    "2021-09-01",
                    "3-KNĐ/02",
                    "CB01",
                    two_sponsors_elsewhere,
                ),
                Code::FailedPrecondition,
                "SPONSOR_NOT_IN_ORGANIZATION",
            ),
            (
                "the same document again",
                decision(
                    "X1",
                    "2021-09-01",
                    "3-KNĐ/01",
                    "CB01",
                    D::RecordIntroductions(pb::RecordIntroductions {
                        sponsors: vec![pb::Sponsor {
                            person: "people/S1".into(),
                            known_since: date("2018-01-01"),
                        }],
                        union_resolution: pb::UnionResolution::YouthUnion.into(),
                    }),
                ),
                Code::AlreadyExists,
                "DOCUMENT_ALREADY_RECORDED",
            ),
            (
                "a decision id taken",
                decision("D6", "2021-09-01", "6-NQ/CB", "CB01", vote(14)),
                Code::AlreadyExists,
                "DECISION_ALREADY_EXISTS",
            ),
            (
                "in the future",
                decision("X1", "2026-02-01", "6-NQ/CB", "CB01", vote(14)),
                Code::InvalidArgument,
                "DATE_IN_FUTURE",
            ),
            (
                "no document number",
                decision("X1", "2021-09-01", "", "CB01", vote(14)),
                Code::InvalidArgument,
                "INVALID_FIELD",
            ),
            (
                "more votes than members",
                decision(
                    "X1",
                    "2021-09-01",
                    "6-NQ/CB",
                    "CB01",
                    D::RecordCellVote(pb::RecordCellVote {
                        votes_for: 15,
                        votes_against: 6,
                        full_members: 20,
                        age_consent: None,
                    }),
                ),
                Code::InvalidArgument,
                "INVALID_FIELD",
            ),
            (
                "an unknown person",
                pb::SubmitDecisionRequest {
                    decision: Some(pb::Decision {
                        person: "people/NOPE".into(),
                        ..decision("X1", "2021-09-01", "6-NQ/CB", "CB01", vote(14))
                            .decision
                            .unwrap()
                    }),
                    ..Default::default()
                },
                Code::NotFound,
                "PERSON_NOT_FOUND",
            ),
        ];
        for (label, request, code, reason) in cases {
            let status = c.decisions.submit_decision(request).await.expect_err(label);
            let message = assert_status(&status, code, reason);
            if reason == "CELL_VOTE_BELOW_TWO_THIRDS" {
                assert_eq!(
                    message,
                    "Cần ít nhất 14/20 đảng viên chính thức tán thành (2/3), mới có 13"
                );
            }
        }
        let after = c
            .decisions
            .get_case(pb::GetCaseRequest {
                name: "people/P1/case".into(),
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(after, before, "{}", server.backend());
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn revoking_reverses_a_decision_unless_a_later_one_depends_on_it() {
    for server in servers().await {
        let mut c = clients(&server).await;
        seed(&mut c, &server).await;
        for request in steps_to_committee() {
            submit(&mut c, request).await;
        }
        submit(
            &mut c,
            decision(
                "D9",
                "2021-10-01",
                "1234-QĐ/ĐU",
                "KHOI",
                D::Admit(pb::Admit { extended: false }),
            ),
        )
        .await;

        let revoke = |id: &str, target: &str, day: &str| {
            decision(
                id,
                day,
                &format!("H-{id}"),
                "KHOI",
                D::Revoke(pb::Revoke {
                    revokes: format!("decisions/{target}"),
                }),
            )
        };
        // D7 (the cell vote) has D8 and D9 after it.
        let status = c
            .decisions
            .submit_decision(revoke("R0", "D7", "2021-11-01"))
            .await
            .unwrap_err();
        let message = assert_status(&status, Code::FailedPrecondition, "ILLEGAL_TRANSITION");
        assert!(message.contains("D8"), "{message}");

        let answer = submit(&mut c, revoke("R1", "D9", "2021-11-01")).await;
        assert_eq!(state_of(&answer), pb::CaseState::CommitteeApproved);
        let status = c
            .members
            .get_member(pb::GetMemberRequest {
                name: "people/P1/member".into(),
                as_of: None,
            })
            .await
            .unwrap_err();
        assert_eq!(status.code(), Code::NotFound);
        let case = c
            .decisions
            .get_case(pb::GetCaseRequest {
                name: "people/P1/case".into(),
            })
            .await
            .unwrap()
            .into_inner();
        let d9 = case
            .timeline
            .iter()
            .find(|d| d.external_id == "D9")
            .unwrap();
        assert_eq!(d9.revoked_by, "decisions/R1");

        // Revoked, the same ADMIT may be entered again (the document is free), 60 working
        // days after the cell vote it is flagged late.
        let late = submit(
            &mut c,
            decision(
                "D9b",
                "2021-12-20",
                "1234-QĐ/ĐU",
                "KHOI",
                D::Admit(pb::Admit { extended: false }),
            ),
        )
        .await;
        assert_eq!(state_of(&late), pb::CaseState::Admitted);
        assert_eq!(late.decision.unwrap().flags, ["OVERDUE_ADMISSION_DECISION"]);
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_batch_is_all_or_nothing() {
    for server in servers().await {
        let mut c = clients(&server).await;
        seed(&mut c, &server).await;
        let mut requests = steps_to_committee();
        // The cell vote falls short: the whole batch is refused.
        requests[6] = decision(
            "D7",
            "2021-09-01",
            "6-NQ/CB",
            "CB01",
            D::RecordCellVote(pb::RecordCellVote {
                votes_for: 10,
                votes_against: 10,
                full_members: 20,
                age_consent: None,
            }),
        );
        let status = c
            .decisions
            .batch_submit_decisions(pb::BatchSubmitDecisionsRequest {
                requests: requests.clone(),
                request_id: String::new(),
            })
            .await
            .unwrap_err();
        let message = assert_status(
            &status,
            Code::FailedPrecondition,
            "CELL_VOTE_BELOW_TWO_THIRDS",
        );
        assert!(message.starts_with("Quyết định thứ 7 của lô"), "{message}");
        let status = c
            .decisions
            .get_case(pb::GetCaseRequest {
                name: "people/P1/case".into(),
            })
            .await
            .unwrap_err();
        assert_status(&status, Code::NotFound, "CASE_NOT_FOUND");

        let answers = c
            .decisions
            .batch_submit_decisions(pb::BatchSubmitDecisionsRequest {
                requests: steps_to_committee(),
                request_id: "batch-1".into(),
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(answers.responses.len(), 8);
        assert_eq!(
            state_of(&answers.responses[7]),
            pb::CaseState::CommitteeApproved
        );
        // A replay stores nothing twice.
        let again = c
            .decisions
            .batch_submit_decisions(pb::BatchSubmitDecisionsRequest {
                requests: steps_to_committee(),
                request_id: "batch-1".into(),
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(again, answers);
        let case = c
            .decisions
            .get_case(pb::GetCaseRequest {
                name: "people/P1/case".into(),
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(case.timeline.len(), 8);

        let too_many = vec![steps_to_committee()[0].clone(); 5_001];
        let status = c
            .decisions
            .batch_submit_decisions(pb::BatchSubmitDecisionsRequest {
                requests: too_many,
                request_id: String::new(),
            })
            .await
            .unwrap_err();
        assert_status(&status, Code::InvalidArgument, "BATCH_TOO_LARGE");
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_cell_with_an_open_case_is_not_dissolved() {
    for server in servers().await {
        let mut c = clients(&server).await;
        seed(&mut c, &server).await;
        submit(&mut c, steps_to_committee().remove(0)).await;
        let mut orgs = server.orgs().await;
        let status = orgs
            .dissolve_organization(pb::DissolveOrganizationRequest {
                name: name("CB01"),
                effective_date: date("2025-01-01"),
                ..Default::default()
            })
            .await
            .unwrap_err();
        let message = assert_status(&status, Code::FailedPrecondition, "ORG_NOT_EMPTY");
        assert!(message.contains("P1"), "{message}");
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn an_operators_rulebooks_file_judges_instead_of_the_shipped_one() {
    let dir = tempfile::tempdir().unwrap();
    let shipped = include_str!("../../../server/data/rulebooks.json");
    let file = dir.path().join("rulebooks.json");
    std::fs::write(
        &file,
        shipped.replace("\"QD29-2016\"", "\"QD29-2016-LOCAL\""),
    )
    .unwrap();
    let server = TestServer::start_with_args(
        dangvien_tests::TestDb::sqlite(),
        dangvien_server::Clock::Fixed(dangvien_tests::today()),
        &["--rulebooks", file.to_str().unwrap()],
    )
    .await
    .unwrap();
    let mut c = clients(&server).await;
    seed(&mut c, &server).await;
    let answer = submit(&mut c, steps_to_committee().remove(0)).await;
    assert_eq!(answer.decision.unwrap().rulebook, "QD29-2016-LOCAL");
    server.stop().await.unwrap();

    std::fs::write(&file, "{\"admission\": []}").unwrap();
    let err = TestServer::start_with_args(
        dangvien_tests::TestDb::sqlite(),
        dangvien_server::Clock::System,
        &["--rulebooks", file.to_str().unwrap()],
    )
    .await
    .unwrap_err();
    assert!(format!("{err:#}").contains("rulebooks.json"), "{err:#}");
}

async fn list_ids(c: &mut Clients, filter: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut page_token = String::new();
    loop {
        let page = c
            .decisions
            .list_decisions(pb::ListDecisionsRequest {
                page_size: 4,
                page_token,
                filter: filter.to_owned(),
            })
            .await
            .unwrap_or_else(|s| panic!("{filter}: {s:?}"))
            .into_inner();
        ids.extend(page.decisions.into_iter().map(|d| d.external_id));
        if page.next_page_token.is_empty() {
            return ids;
        }
        page_token = page.next_page_token;
    }
}

#[tokio::test]
async fn decisions_are_listed_by_person_or_by_the_subtree_of_their_day() {
    for server in servers().await {
        let mut c = clients(&server).await;
        seed(&mut c, &server).await;
        let mut first = steps_to_committee().remove(0);
        first.request_id = "nominate-p1".into();
        let answer = submit(&mut c, first.clone()).await;
        // A replayed submission answers the same and stores nothing twice.
        assert_eq!(submit(&mut c, first).await, answer);
        for request in steps_to_committee().into_iter().skip(1) {
            submit(&mut c, request).await;
        }
        submit(
            &mut c,
            decision(
                "D9",
                "2021-10-01",
                "1234-QĐ/ĐU",
                "KHOI",
                D::Admit(pb::Admit { extended: false }),
            ),
        )
        .await;
        let all: Vec<String> = (1..=9).map(|i| format!("D{i}")).collect();
        assert_eq!(
            list_ids(&mut c, r#"person = "people/P1""#).await,
            all,
            "{}",
            server.backend()
        );
        assert_eq!(list_ids(&mut c, r#"org = "organizations/CS01""#).await, all);
        assert_eq!(
            list_ids(&mut c, r#"org = "organizations/KHOI" AND kind = ADMIT"#).await,
            ["D9"]
        );
        assert!(
            list_ids(&mut c, r#"org = "organizations/KHOI2""#)
                .await
                .is_empty()
        );

        // CS01 moves to KHOI2 in 2025: its 2021 decisions stay KHOI's.
        let mut orgs = server.orgs().await;
        orgs.move_organization(pb::MoveOrganizationRequest {
            name: name("CS01"),
            new_parent: name("KHOI2"),
            effective_date: date("2025-07-01"),
            ..Default::default()
        })
        .await
        .unwrap();
        assert!(
            list_ids(&mut c, r#"org = "organizations/KHOI2""#)
                .await
                .is_empty()
        );
        assert_eq!(
            list_ids(&mut c, r#"org = "organizations/KHOI""#)
                .await
                .len(),
            9
        );

        let status = c
            .decisions
            .list_decisions(pb::ListDecisionsRequest {
                filter: "kind = ADMIT".into(),
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert_status(&status, Code::InvalidArgument, "INVALID_FILTER");
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn the_tree_a_decision_was_judged_against_cannot_change_under_it() {
    for server in servers().await {
        let mut c = clients(&server).await;
        seed(&mut c, &server).await;
        for request in steps_to_committee().into_iter().take(2) {
            submit(&mut c, request).await;
        }
        let mut orgs = server.orgs().await;
        // D2 (2021-03-15) was decided within CS01 and KHOI: neither moves nor ends before it.
        let status = orgs
            .move_organization(pb::MoveOrganizationRequest {
                name: name("CS01"),
                new_parent: name("KHOI2"),
                effective_date: date("2021-02-01"),
                ..Default::default()
            })
            .await
            .unwrap_err();
        let message = assert_status(
            &status,
            Code::FailedPrecondition,
            "DATE_BEFORE_PREVIOUS_STEP",
        );
        assert!(message.contains("D2"), "{message}");
        let status = orgs
            .move_organization(pb::MoveOrganizationRequest {
                name: name("CB01"),
                new_parent: name("CS01"),
                effective_date: date("2021-03-15"),
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert_eq!(status.code(), Code::FailedPrecondition);
        // After the last decision, the move is fine.
        orgs.move_organization(pb::MoveOrganizationRequest {
            name: name("CS01"),
            new_parent: name("KHOI2"),
            effective_date: date("2021-03-16"),
            ..Default::default()
        })
        .await
        .unwrap();

        // A cell dissolved after its last case closed takes no decision any more.
        c.people
            .create_person(person("Q", "Phạm Thị Quỳnh", "1990-01-01", "CB02"))
            .await
            .unwrap();
        let q = |id: &str, day: &str, details: D| pb::SubmitDecisionRequest {
            decision: Some(pb::Decision {
                person: "people/Q".into(),
                ..decision(id, day, "", "CB02", details).decision.unwrap()
            }),
            ..decision(id, day, "", "CB02", D::Nominate(pb::Nominate {}))
        };
        submit(&mut c, q("Q1", "2024-01-10", D::Nominate(pb::Nominate {}))).await;
        let mut withdraw = q("Q2", "2024-06-01", D::Withdraw(pb::Withdraw {}));
        if let Some(d) = withdraw.decision.as_mut() {
            d.document_number = "RUT-1".into();
            d.reason = "Chuyển công tác".into();
        }
        submit(&mut c, withdraw).await;
        let status = orgs
            .dissolve_organization(pb::DissolveOrganizationRequest {
                name: name("CB02"),
                effective_date: date("2024-03-01"),
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert_status(
            &status,
            Code::FailedPrecondition,
            "DATE_BEFORE_PREVIOUS_STEP",
        );
        // S1 and S2 are members of CB02: it stays until they leave.
        let status = orgs
            .dissolve_organization(pb::DissolveOrganizationRequest {
                name: name("CB02"),
                effective_date: date("2024-07-01"),
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert_status(&status, Code::FailedPrecondition, "ORG_NOT_EMPTY");
        // A deciding body must exist on the decision's date.
        orgs.create_organization(pb::CreateOrganizationRequest {
            organization: Some(pb::Organization {
                valid_from: date("2015-01-01"),
                valid_to: date("2020-12-31"),
                ..crate::support::new_org("OLD", pb::OrganizationKind::Bloc, "")
                    .organization
                    .unwrap()
            }),
            ..crate::support::new_org("OLD", pb::OrganizationKind::Bloc, "")
        })
        .await
        .unwrap();
        let status = c
            .decisions
            .submit_decision(q("Q3", "2025-01-10", D::Nominate(pb::Nominate {})).tap_body("OLD"))
            .await
            .unwrap_err();
        assert_status(&status, Code::FailedPrecondition, "BODY_NOT_ALLOWED");
        server.stop().await.unwrap();
    }
}

trait TapBody {
    fn tap_body(self, body: &str) -> Self;
}

impl TapBody for pb::SubmitDecisionRequest {
    fn tap_body(mut self, body: &str) -> Self {
        if let Some(d) = self.decision.as_mut() {
            d.deciding_body = name(body);
        }
        self
    }
}

#[tokio::test]
async fn a_member_registered_after_a_closed_case_keeps_a_readable_history() {
    for server in servers().await {
        let mut c = clients(&server).await;
        seed(&mut c, &server).await;
        submit(
            &mut c,
            decision("D1", "2020-01-10", "", "CB01", D::Nominate(pb::Nominate {})),
        )
        .await;
        let mut withdraw = decision(
            "D2",
            "2020-02-01",
            "RUT-1",
            "CB01",
            D::Withdraw(pb::Withdraw {}),
        );
        if let Some(d) = withdraw.decision.as_mut() {
            d.reason = "Chuyển công tác".into();
        }
        submit(&mut c, withdraw).await;
        let register = |since: &str| pb::RegisterMemberRequest {
            person: "people/P1".into(),
            admission_date: date("2019-05-19"),
            ceremony_date: date("2019-06-01"),
            official_date: date("2020-06-01"),
            status: pb::MemberStatus::Official.into(),
            origin: pb::MemberOrigin::TransferIn.into(),
            since: date(since),
            request_id: String::new(),
        };
        // A membership beginning before the latest decision contradicts it.
        let status = c
            .members
            .register_member(register("2020-01-15"))
            .await
            .unwrap_err();
        assert_status(
            &status,
            Code::FailedPrecondition,
            "DATE_BEFORE_PREVIOUS_STEP",
        );
        c.members
            .register_member(register("2023-01-01"))
            .await
            .unwrap();
        let case = c
            .decisions
            .get_case(pb::GetCaseRequest {
                name: "people/P1/case".into(),
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(case.state(), pb::CaseState::Withdrawn);
        let status = c
            .decisions
            .submit_decision(decision(
                "D3",
                "2024-01-10",
                "",
                "CB01",
                D::Nominate(pb::Nominate {}),
            ))
            .await
            .unwrap_err();
        assert_status(&status, Code::FailedPrecondition, "ILLEGAL_TRANSITION");
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_retry_racing_its_first_attempt_gets_the_first_answer() {
    for server in servers().await {
        let mut c = clients(&server).await;
        seed(&mut c, &server).await;
        for i in 0..10 {
            let id = format!("T{i}");
            c.people
                .create_person(person(&id, "Võ Thị Tâm", "1990-01-01", "CB01"))
                .await
                .unwrap();
            let request = pb::SubmitDecisionRequest {
                decision_id: String::new(),
                decision: Some(pb::Decision {
                    person: format!("people/{id}"),
                    ..decision("", "2021-01-10", "", "CB01", D::Nominate(pb::Nominate {}))
                        .decision
                        .unwrap()
                }),
                request_id: format!("retry-{id}"),
            };
            let (mut a, mut b) = (c.decisions.clone(), c.decisions.clone());
            let (first, second) = tokio::join!(
                a.submit_decision(request.clone()),
                b.submit_decision(request)
            );
            let (first, second) = (
                first.unwrap().into_inner(),
                second
                    .unwrap_or_else(|s| panic!("{}: {s:?}", server.backend()))
                    .into_inner(),
            );
            assert_eq!(first, second);
        }
        server.stop().await.unwrap();
    }
}
