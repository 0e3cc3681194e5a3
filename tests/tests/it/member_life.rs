//! Members after admission end to end: each member decision of DESIGN §3 accepted when the
//! member table says, each refusal with its reason and nothing stored, late recognition, the
//! excellent quota, transfers and exits, and the member list.

use chrono::NaiveDate;
use dangvien_proto::v1::{self as pb, decision::Details as D};
use dangvien_server::domain::calendar::Calendar;
use dangvien_tests::servers;
use tonic::Code;

use crate::{
    decisions::{Clients, clients, seed},
    member_support::{accept, admitted, assert_verified, member, on, refuse, register},
    support::date,
};

fn vote(votes_for: i32) -> D {
    D::RecordRecognitionVote(pb::RecordRecognitionVote {
        votes_for,
        votes_against: 10 - votes_for,
        full_members: 10,
    })
}

fn rate(year: i32, grade: pb::Grade, score: Option<f64>) -> D {
    D::Rate(pb::Rate {
        year,
        grade: grade.into(),
        score,
    })
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[tokio::test]
async fn a_member_recognised_late_is_official_from_the_end_of_probation() {
    for server in servers().await {
        let mut c = clients(&server).await;
        seed(&mut c, &server).await;
        admitted(&mut c, "P2", "2021-09-20").await;
        let ceremony = accept(
            &mut c,
            on(
                "P2",
                "C1",
                "2021-10-01",
                "",
                "CB01",
                D::HoldCeremony(pb::HoldCeremony {}),
            ),
        )
        .await;
        assert!(ceremony.flags.is_empty(), "{:?}", ceremony.flags);
        refuse(
            &mut c,
            on(
                "P2",
                "C2",
                "2021-10-02",
                "",
                "CB01",
                D::HoldCeremony(pb::HoldCeremony {}),
            ),
            Code::FailedPrecondition,
            "ILLEGAL_TRANSITION",
        )
        .await;
        refuse(
            &mut c,
            on("P2", "V0", "2022-09-30", "1-NQ/CB", "CB01", vote(9)),
            Code::FailedPrecondition,
            "PROBATION_NOT_ENDED",
        )
        .await;
        refuse(
            &mut c,
            on(
                "P2",
                "R0",
                "2022-10-03",
                "1-QĐ/ĐU",
                "CS01",
                D::Recognize(pb::Recognize { extended: false }),
            ),
            Code::FailedPrecondition,
            "ILLEGAL_TRANSITION",
        )
        .await;
        let late = Calendar::vietnam().add_working_days(day("2022-10-01"), 40);
        let late = late.to_string();
        refuse(
            &mut c,
            on("P2", "V1", &late, "2-NQ/CB", "CB01", vote(6)),
            Code::FailedPrecondition,
            "CELL_VOTE_BELOW_TWO_THIRDS",
        )
        .await;
        let voted = accept(&mut c, on("P2", "V2", &late, "3-NQ/CB", "CB01", vote(7))).await;
        assert_eq!(voted.flags, ["OVERDUE_RECOGNITION"]);
        let recognized = accept(
            &mut c,
            on(
                "P2",
                "R1",
                &late,
                "9-QĐ/ĐU",
                "CS01",
                D::Recognize(pb::Recognize { extended: false }),
            ),
        )
        .await;
        assert!(
            recognized.flags.is_empty(),
            "decided within 30 working days of the vote"
        );

        let m = member(&mut c, "P2", Some("2022-10-01")).await.unwrap();
        assert_eq!(m.official_date, date("2022-10-01"), "ceremony + 12 months");
        assert_eq!(m.ceremony_date, date("2021-10-01"));
        assert_eq!(
            m.status(),
            pb::MemberStatus::Official,
            "official from probation's end"
        );
        assert!(m.recognized);
        let before = member(&mut c, "P2", Some("2022-09-30")).await.unwrap();
        assert_eq!(before.status(), pb::MemberStatus::Probationary);
        refuse(
            &mut c,
            on(
                "P2",
                "R2",
                "2023-01-05",
                "10-QĐ/ĐU",
                "CS01",
                D::Recognize(pb::Recognize { extended: false }),
            ),
            Code::FailedPrecondition,
            "ILLEGAL_TRANSITION",
        )
        .await;
        // Seniority counts from the admission decision.
        let now = member(&mut c, "P2", Some("2025-12-19")).await.unwrap();
        assert_eq!((now.seniority_years, now.seniority_months), (4, 2));
        assert_verified(&server).await;
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn member_decisions_are_accepted_when_the_member_table_says() {
    for server in servers().await {
        let mut c = clients(&server).await;
        seed(&mut c, &server).await;
        admitted(&mut c, "P2", "2021-09-20").await;
        // A probationary member: no expulsion, card or removal from post yet.
        for (id, details) in [
            ("E0", D::Expel(pb::Expel {})),
            (
                "K0",
                D::IssueCard(pb::IssueCard {
                    card_number: "001234".into(),
                }),
            ),
            (
                "X0",
                D::Discipline(pb::Discipline {
                    measure: pb::DisciplineMeasure::RemovalFromPost.into(),
                }),
            ),
        ] {
            refuse(
                &mut c,
                on("P2", id, "2021-09-25", "1-QĐ", "CS01", details),
                Code::FailedPrecondition,
                "ILLEGAL_TRANSITION",
            )
            .await;
        }
        accept(
            &mut c,
            on(
                "P2",
                "C1",
                "2021-10-01",
                "",
                "CB01",
                D::HoldCeremony(pb::HoldCeremony {}),
            ),
        )
        .await;
        let intro = accept(
            &mut c,
            on(
                "P2",
                "I1",
                "2021-10-05",
                "12-GGT/CB",
                "CB01",
                D::IntroduceToResidence(pb::IntroduceToResidence {
                    residence_cell: "Chi bộ khu phố 3, phường Tân Định".into(),
                    reported_date: date("2021-10-12"),
                }),
            ),
        )
        .await;
        assert!(intro.flags.is_empty());
        accept(
            &mut c,
            on(
                "P2",
                "X1",
                "2021-11-01",
                "2-QĐ/ĐU",
                "CS01",
                D::Discipline(pb::Discipline {
                    measure: pb::DisciplineMeasure::Reprimand.into(),
                }),
            ),
        )
        .await;
        accept(
            &mut c,
            on("P2", "V1", "2022-10-03", "3-NQ/CB", "CB01", vote(8)),
        )
        .await;
        accept(
            &mut c,
            on(
                "P2",
                "R1",
                "2022-10-10",
                "4-QĐ/ĐU",
                "CS01",
                D::Recognize(pb::Recognize { extended: false }),
            ),
        )
        .await;
        accept(
            &mut c,
            on(
                "P2",
                "K1",
                "2022-11-01",
                "5-QĐ/TU",
                "KHOI",
                D::IssueCard(pb::IssueCard {
                    card_number: "79000123".into(),
                }),
            ),
        )
        .await;
        // A reprimand does not limit the grade (DESIGN §3).
        accept(
            &mut c,
            on(
                "P2",
                "G22",
                "2022-12-28",
                "6-QĐ/ĐU",
                "CS01",
                rate(2022, pb::Grade::Good, None),
            ),
        )
        .await;
        refuse(
            &mut c,
            on(
                "P2",
                "G22b",
                "2023-01-05",
                "7-QĐ/ĐU",
                "CS01",
                rate(2022, pb::Grade::Completed, None),
            ),
            Code::FailedPrecondition,
            "ALREADY_RATED",
        )
        .await;
        // From 2025 a score is required and the grade must be its band.
        refuse(
            &mut c,
            on(
                "P2",
                "G25a",
                "2025-12-20",
                "8-QĐ/ĐU",
                "CS01",
                rate(2025, pb::Grade::Good, None),
            ),
            Code::FailedPrecondition,
            "GRADE_SCORE_MISMATCH",
        )
        .await;
        refuse(
            &mut c,
            on(
                "P2",
                "G25b",
                "2025-12-20",
                "8-QĐ/ĐU",
                "CS01",
                rate(2025, pb::Grade::Good, Some(91.0)),
            ),
            Code::FailedPrecondition,
            "GRADE_SCORE_MISMATCH",
        )
        .await;
        let graded = accept(
            &mut c,
            on(
                "P2",
                "G25",
                "2025-12-20",
                "8-QĐ/ĐU",
                "CS01",
                rate(2025, pb::Grade::Good, Some(85.5)),
            ),
        )
        .await;
        assert_eq!(
            graded.rulebook, "QD366-2025",
            "a grading names its grading rulebook"
        );
        // A revoked grade no longer blocks a new one.
        accept(
            &mut c,
            on(
                "P2",
                "RV",
                "2025-12-22",
                "9-QĐ/ĐU",
                "CS01",
                D::Revoke(pb::Revoke {
                    revokes: "decisions/G25".into(),
                }),
            ),
        )
        .await;
        accept(
            &mut c,
            on(
                "P2",
                "G25c",
                "2025-12-23",
                "10-QĐ/ĐU",
                "CS01",
                rate(2025, pb::Grade::Completed, Some(60.0)),
            ),
        )
        .await;
        let m = member(&mut c, "P2", Some("2025-12-31")).await.unwrap();
        assert_eq!(m.card_number, "79000123");
        assert_eq!(m.card_date, date("2022-11-01"));
        assert_eq!(m.residence_introduction_date, date("2021-10-05"));
        assert_eq!(m.recognition_vote_date, date("2022-10-03"));
        assert!(m.deadlines.iter().all(|d| !d.overdue), "{:?}", m.deadlines);

        // Exempt and suspended members are not graded.
        register(&mut c, "M1", "CB02", None).await;
        register(&mut c, "M2", "CB02", None).await;
        accept(
            &mut c,
            on(
                "M1",
                "M1-EX",
                "2024-03-01",
                "11-QĐ/ĐU",
                "CS01",
                D::Exempt(pb::Exempt { until: None }),
            ),
        )
        .await;
        accept(
            &mut c,
            on(
                "M2",
                "M2-SU",
                "2024-03-01",
                "12-QĐ/ĐU",
                "CS01",
                D::Suspend(pb::Suspend {
                    until: date("2024-06-30"),
                }),
            ),
        )
        .await;
        refuse(
            &mut c,
            on(
                "M1",
                "M1-G",
                "2024-12-20",
                "13-QĐ/ĐU",
                "CS01",
                rate(2024, pb::Grade::Good, None),
            ),
            Code::FailedPrecondition,
            "NOT_GRADABLE",
        )
        .await;
        accept(
            &mut c,
            on(
                "M2",
                "M2-G",
                "2024-12-20",
                "13-QĐ/ĐU",
                "CS01",
                rate(2024, pb::Grade::Good, None),
            ),
        )
        .await;
        assert!(
            member(&mut c, "M1", Some("2024-12-31"))
                .await
                .unwrap()
                .exempt
        );
        let suspended = member(&mut c, "M2", Some("2024-05-01")).await.unwrap();
        assert!(suspended.suspended && !suspended.exempt);

        // Exits: each ends the membership, and nothing but a revocation follows.
        register(&mut c, "M3", "CB02", None).await;
        register(&mut c, "M4", "CB02", None).await;
        register(&mut c, "M5", "CB02", None).await;
        register(&mut c, "M6", "CB02", None).await;
        for (who, details, exit) in [
            (
                "M3",
                D::StrikeOff(pb::StrikeOff {}),
                pb::MemberExit::StruckOff,
            ),
            (
                "M4",
                D::AcceptResignation(pb::AcceptResignation {}),
                pb::MemberExit::Resigned,
            ),
            (
                "M5",
                D::RecordDeath(pb::RecordDeath {}),
                pb::MemberExit::Deceased,
            ),
            ("M6", D::Expel(pb::Expel {}), pb::MemberExit::Expelled),
        ] {
            accept(
                &mut c,
                on(
                    who,
                    &format!("{who}-X"),
                    "2023-05-02",
                    "20-QĐ/ĐU",
                    "CS01",
                    details,
                ),
            )
            .await;
            let gone = member(&mut c, who, None).await.unwrap();
            assert_eq!(gone.exit(), exit);
            assert_eq!(gone.exit_date, date("2023-05-02"));
            assert_eq!(gone.status(), pb::MemberStatus::NotAMember);
            let still = member(&mut c, who, Some("2023-05-01")).await.unwrap();
            assert_eq!(still.status(), pb::MemberStatus::Official);
            refuse(
                &mut c,
                on(
                    who,
                    &format!("{who}-Y"),
                    "2023-06-01",
                    "21-QĐ/ĐU",
                    "CS01",
                    D::StrikeOff(pb::StrikeOff {}),
                ),
                Code::FailedPrecondition,
                "ILLEGAL_TRANSITION",
            )
            .await;
        }
        assert_verified(&server).await;
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn excellent_grades_stay_within_a_fifth_of_the_good_ones_judged_after_a_batch() {
    for server in servers().await {
        let mut c = clients(&server).await;
        seed(&mut c, &server).await;
        for i in 1..=7 {
            register(&mut c, &format!("Q{i}"), "CB02", None).await;
        }
        let grade = |who: &str, grade| {
            on(
                who,
                &format!("{who}-G"),
                "2024-12-20",
                &format!("{who}-XL"),
                "CS01",
                rate(2024, grade, None),
            )
        };
        // Alone, one excellent grade beside no good one is over the quota.
        refuse(
            &mut c,
            grade("Q1", pb::Grade::Excellent),
            Code::FailedPrecondition,
            "EXCELLENT_QUOTA_EXCEEDED",
        )
        .await;
        // In a batch the quota is judged after all of it: the excellent first is fine.
        let mut batch = vec![grade("Q1", pb::Grade::Excellent)];
        for i in 2..=6 {
            batch.push(grade(&format!("Q{i}"), pb::Grade::Good));
        }
        c.decisions
            .batch_submit_decisions(pb::BatchSubmitDecisionsRequest {
                requests: batch,
                request_id: String::new(),
            })
            .await
            .unwrap();
        // A second excellent needs ten good ones.
        refuse(
            &mut c,
            grade("Q7", pb::Grade::Excellent),
            Code::FailedPrecondition,
            "EXCELLENT_QUOTA_EXCEEDED",
        )
        .await;
        // A good grade always fits.
        accept(&mut c, grade("Q7", pb::Grade::Good)).await;
        assert_verified(&server).await;
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn transfers_move_the_member_and_are_checked_against_the_grassroots_organisation() {
    for server in servers().await {
        let mut c = clients(&server).await;
        seed(&mut c, &server).await;
        register(&mut c, "T1", "CB01", None).await;
        let transfer = |kind: pb::TransferKind, to: &str, until: Option<&str>| {
            D::Transfer(pb::Transfer {
                transfer_kind: kind.into(),
                to_org: if to.is_empty() {
                    String::new()
                } else {
                    format!("organizations/{to}")
                },
                until: until.and_then(date),
            })
        };
        use pb::TransferKind as K;
        refuse(
            &mut c,
            on(
                "T1",
                "T-a",
                "2022-03-01",
                "1-QĐ/ĐU",
                "CS01",
                transfer(K::Internal, "CBX", None),
            ),
            Code::FailedPrecondition,
            "TRANSFER_NOT_INTERNAL",
        )
        .await;
        refuse(
            &mut c,
            on(
                "T1",
                "T-b",
                "2022-03-01",
                "1-QĐ/ĐU",
                "CS01",
                transfer(K::Permanent, "CB02", None),
            ),
            Code::FailedPrecondition,
            "TRANSFER_NOT_INTERNAL",
        )
        .await;
        refuse(
            &mut c,
            on(
                "T1",
                "T-c",
                "2022-03-01",
                "1-QĐ/ĐU",
                "CS01",
                transfer(K::Temporary, "", None),
            ),
            Code::InvalidArgument,
            "INVALID_FIELD",
        )
        .await;
        accept(
            &mut c,
            on(
                "T1",
                "T-1",
                "2022-03-01",
                "1-QĐ/ĐU",
                "CS01",
                transfer(K::Internal, "CB02", None),
            ),
        )
        .await;
        assert_eq!(
            member(&mut c, "T1", Some("2022-02-28")).await.unwrap().cell,
            "organizations/CB01"
        );
        assert_eq!(
            member(&mut c, "T1", Some("2022-03-01")).await.unwrap().cell,
            "organizations/CB02"
        );
        // A temporary transfer keeps the member counting where they were.
        let temporary = accept(
            &mut c,
            on(
                "T1",
                "T-2",
                "2022-06-01",
                "2-QĐ/ĐU",
                "CS01",
                transfer(K::Temporary, "CBX", Some("2022-12-31")),
            ),
        )
        .await;
        assert!(temporary.flags.is_empty());
        let away = member(&mut c, "T1", Some("2022-07-01")).await.unwrap();
        assert_eq!(away.cell, "organizations/CB02");
        assert_eq!(away.temporarily_at, "organizations/CBX");
        assert_eq!(away.temporary_until, date("2022-12-31"));
        // Permanent, to another grassroots organisation: the deciding body is the person's cell's.
        accept(
            &mut c,
            on(
                "T1",
                "T-3",
                "2023-02-01",
                "3-QĐ/TU",
                "KHOI",
                transfer(K::Permanent, "CBCS", None),
            ),
        )
        .await;
        assert_eq!(
            member(&mut c, "T1", None).await.unwrap().cell,
            "organizations/CBCS"
        );
        // Revoked while it is the latest decision: back where they were.
        accept(
            &mut c,
            on(
                "T1",
                "T-R",
                "2023-02-02",
                "4-QĐ/TU",
                "KHOI",
                D::Revoke(pb::Revoke {
                    revokes: "decisions/T-3".into(),
                }),
            ),
        )
        .await;
        assert_eq!(
            member(&mut c, "T1", None).await.unwrap().cell,
            "organizations/CB02"
        );
        // Out of the deployment: an exit.
        accept(
            &mut c,
            on(
                "T1",
                "T-4",
                "2023-03-01",
                "5-QĐ/TU",
                "KHOI",
                transfer(K::Permanent, "", None),
            ),
        )
        .await;
        let out = member(&mut c, "T1", None).await.unwrap();
        assert_eq!(out.exit(), pb::MemberExit::TransferredOut);
        assert_verified(&server).await;
        server.stop().await.unwrap();
    }
}

async fn listed(c: &mut Clients, filter: &str, as_of: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut page_token = String::new();
    loop {
        let page = c
            .members
            .list_members(pb::ListMembersRequest {
                page_size: 2,
                page_token: page_token.clone(),
                filter: filter.to_owned(),
                as_of: date(as_of),
            })
            .await
            .unwrap_or_else(|s| panic!("{filter}: {s:?}"))
            .into_inner();
        ids.extend(
            page.members
                .into_iter()
                .map(|m| m.person.trim_start_matches("people/").to_owned()),
        );
        if page.next_page_token.is_empty() {
            return ids;
        }
        page_token = page.next_page_token;
    }
}

#[tokio::test]
async fn members_are_listed_by_subtree_status_and_dates_on_a_day() {
    for server in servers().await {
        let mut c = clients(&server).await;
        seed(&mut c, &server).await;
        admitted(&mut c, "P2", "2021-09-20").await;
        accept(
            &mut c,
            on(
                "P2",
                "C1",
                "2021-10-01",
                "",
                "CB01",
                D::HoldCeremony(pb::HoldCeremony {}),
            ),
        )
        .await;
        register(&mut c, "L1", "CB01", Some("2020-02-01")).await;
        register(&mut c, "L2", "CBCS", None).await;
        accept(
            &mut c,
            on(
                "L2",
                "L2-X",
                "2024-01-10",
                "1-QĐ",
                "CBCS",
                D::RecordDeath(pb::RecordDeath {}),
            ),
        )
        .await;

        assert_eq!(
            listed(&mut c, "", "2021-12-31").await,
            ["L1", "L2", "P2", "S1", "S2", "S3"]
        );
        assert_eq!(
            listed(&mut c, "", "2021-09-19").await,
            ["L1", "L2", "S1", "S2", "S3"]
        );
        assert_eq!(
            listed(&mut c, "", "2024-01-10").await,
            ["L1", "P2", "S1", "S2", "S3"]
        );
        assert_eq!(
            listed(&mut c, "org = \"organizations/CS01\"", "2021-12-31").await,
            ["L1", "P2", "S1", "S2"]
        );
        assert_eq!(
            listed(
                &mut c,
                "org = \"organizations/KHOI\" AND status = PROBATIONARY",
                "2021-12-31"
            )
            .await,
            ["L1", "P2"]
        );
        assert_eq!(
            listed(&mut c, "status = OFFICIAL", "2021-12-31").await,
            ["L2", "S1", "S2", "S3"],
            "L1's probation ended, but no recognition is stored"
        );
        assert_eq!(
            listed(
                &mut c,
                "admission_date >= \"2021-01-01\" AND admission_date <= \"2021-12-31\"",
                "2021-12-31"
            )
            .await,
            ["P2"]
        );
        assert_eq!(
            listed(&mut c, "official_date < \"2021-02-01\"", "2021-12-31").await,
            ["L2", "S1", "S2", "S3"]
        );
        let status = c
            .members
            .list_members(pb::ListMembersRequest {
                filter: "admission_date >= \"2021-13-01\"".into(),
                ..Default::default()
            })
            .await
            .unwrap_err();
        crate::support::assert_status(&status, Code::InvalidArgument, "INVALID_FILTER");
        assert_verified(&server).await;
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_member_decision_is_revoked_only_while_nothing_later_depends_on_it() {
    for server in servers().await {
        let mut c = clients(&server).await;
        seed(&mut c, &server).await;
        admitted(&mut c, "P2", "2021-09-20").await;
        let revoke = |id: &str, day: &str, target: &str| {
            on(
                "P2",
                id,
                day,
                &format!("{id}-HB"),
                "CS01",
                D::Revoke(pb::Revoke {
                    revokes: format!("decisions/{target}"),
                }),
            )
        };
        accept(
            &mut c,
            on(
                "P2",
                "C1",
                "2021-10-01",
                "",
                "CB01",
                D::HoldCeremony(pb::HoldCeremony {}),
            ),
        )
        .await;
        // The member's decisions depend on the admission.
        refuse(
            &mut c,
            revoke("X1", "2021-10-02", "P2-ADMIT"),
            Code::FailedPrecondition,
            "ILLEGAL_TRANSITION",
        )
        .await;
        accept(
            &mut c,
            on("P2", "V1", "2022-10-03", "3-NQ/CB", "CB01", vote(8)),
        )
        .await;
        // The vote depends on the ceremony.
        refuse(
            &mut c,
            revoke("X2", "2022-10-04", "C1"),
            Code::FailedPrecondition,
            "ILLEGAL_TRANSITION",
        )
        .await;
        accept(&mut c, revoke("X3", "2022-10-04", "V1")).await;
        accept(&mut c, revoke("X4", "2022-10-05", "C1")).await;
        let m = member(&mut c, "P2", None).await.unwrap();
        assert_eq!(m.ceremony_date, None);
        assert_eq!(m.official_date, None);
        assert_eq!(m.recognition_vote_date, None);
        // The ceremony may now be recorded again, with its true date.
        accept(
            &mut c,
            on(
                "P2",
                "C2",
                "2022-10-06",
                "",
                "CB01",
                D::HoldCeremony(pb::HoldCeremony {}),
            ),
        )
        .await;
        let m = member(&mut c, "P2", None).await.unwrap();
        assert_eq!(m.official_date, date("2023-10-06"));
        // An exit revoked: the member is back.
        accept(
            &mut c,
            on(
                "P2",
                "S1",
                "2022-11-01",
                "8-QĐ/ĐU",
                "CS01",
                D::StrikeOff(pb::StrikeOff {}),
            ),
        )
        .await;
        accept(&mut c, revoke("X5", "2022-11-02", "S1")).await;
        let m = member(&mut c, "P2", None).await.unwrap();
        assert_eq!(m.exit(), pb::MemberExit::Unspecified);
        assert_eq!(m.status(), pb::MemberStatus::Probationary);
        assert_verified(&server).await;
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn two_writers_cannot_both_take_the_last_excellent_place() {
    for server in servers().await {
        let mut c = clients(&server).await;
        seed(&mut c, &server).await;
        for who in ["G1", "G2", "G3", "G4", "G5", "E1", "E2"] {
            register(&mut c, who, "CB02", None).await;
        }
        for year in 2019..=2023 {
            let grade = |who: &str, grade| {
                on(
                    who,
                    &format!("{who}-{year}"),
                    &format!("{year}-12-20"),
                    &format!("{who}-{year}-XL"),
                    "CS01",
                    rate(year, grade, None),
                )
            };
            for who in ["G1", "G2", "G3", "G4", "G5"] {
                accept(&mut c, grade(who, pb::Grade::Good)).await;
            }
            // Five good grades leave one excellent place; two writers race for it.
            let (mut a, mut b) = (c.decisions.clone(), c.decisions.clone());
            let (first, second) = tokio::join!(
                a.submit_decision(grade("E1", pb::Grade::Excellent)),
                b.submit_decision(grade("E2", pb::Grade::Excellent))
            );
            match (&first, &second) {
                (Ok(_), Err(s)) | (Err(s), Ok(_)) => {
                    crate::support::assert_status(
                        s,
                        Code::FailedPrecondition,
                        "EXCELLENT_QUOTA_EXCEEDED",
                    );
                }
                _ => panic!(
                    "{} {year}: exactly one must win, got {first:?} and {second:?}",
                    server.backend()
                ),
            }
        }
        assert_verified(&server).await;
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_member_suspended_on_the_last_day_of_the_year_is_not_graded() {
    for server in servers().await {
        let mut c = clients(&server).await;
        seed(&mut c, &server).await;
        register(&mut c, "M1", "CB02", None).await;
        accept(
            &mut c,
            on(
                "M1",
                "SU",
                "2024-11-01",
                "1-QĐ/ĐU",
                "CS01",
                D::Suspend(pb::Suspend { until: None }),
            ),
        )
        .await;
        accept(
            &mut c,
            on(
                "M1",
                "W",
                "2024-11-02",
                "2-QĐ/ĐU",
                "CS01",
                D::Discipline(pb::Discipline {
                    measure: pb::DisciplineMeasure::Warning.into(),
                }),
            ),
        )
        .await;
        refuse(
            &mut c,
            on(
                "M1",
                "G",
                "2024-12-20",
                "3-QĐ/ĐU",
                "CS01",
                rate(2024, pb::Grade::Completed, None),
            ),
            Code::FailedPrecondition,
            "NOT_GRADABLE",
        )
        .await;
        // The year before, the suspension had not begun.
        accept(
            &mut c,
            on(
                "M1",
                "G23",
                "2024-12-20",
                "4-QĐ/ĐU",
                "CS01",
                rate(2023, pb::Grade::Good, None),
            ),
        )
        .await;
        assert_verified(&server).await;
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_sponsor_who_has_left_sponsors_no_one() {
    for server in servers().await {
        let mut c = clients(&server).await;
        seed(&mut c, &server).await;
        accept(
            &mut c,
            on(
                "S1",
                "S1-X",
                "2021-07-15",
                "",
                "CS01",
                D::RecordDeath(pb::RecordDeath {}),
            ),
        )
        .await;
        let mut steps = crate::decisions::steps_to_committee();
        let introductions = steps.remove(5);
        for step in steps.into_iter().take(5) {
            accept(&mut c, step).await;
        }
        refuse(
            &mut c,
            introductions,
            Code::FailedPrecondition,
            "SPONSOR_NOT_OFFICIAL",
        )
        .await;
        server.stop().await.unwrap();
    }
}
