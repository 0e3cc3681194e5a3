//! Random decision sequences against a real server: one open case per person, dates never going
//! backwards along a case, a refused decision changing nothing, and the stored state equal to a
//! replay of the stored decisions.

use dangvien_proto::v1::{self as pb, decision::Details as D};
use dangvien_tests::{TestServer, servers, today};
use proptest::{
    prelude::*,
    test_runner::{Config, TestRunner},
};

use crate::decisions::{Clients, clients, person, seed};
use crate::support::{date, name};

/// One step of a random sequence: a kind (or, above 12 — three times in four — "the next step of the usual path", so
/// that sequences reach the later states), days after the previous step (may be negative), and a
/// number used for votes or to pick what to revoke.
type Step = (u8, i64, u8);

/// The usual path, in kind numbers of [`details`].
const PATH: [u8; 9] = [0, 1, 2, 3, 4, 5, 6, 7, 8];

fn steps() -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec((0u8..52, -3i64..40, 0u8..21), 1..22)
}

fn details(kind: u8, n: u8, accepted: &[String]) -> D {
    match kind {
        0 => D::Nominate(pb::Nominate {}),
        1 => D::RecognizeSympathizer(pb::RecognizeSympathizer { mentors: vec![] }),
        2 => D::RecordCourse(pb::RecordCourse {
            certificate_number: format!("C{n}"),
            issuer: "Ban Tuyên giáo".into(),
        }),
        3 => D::OpenDossier(pb::OpenDossier {}),
        4 => D::ConcludeBackgroundCheck(pb::ConcludeBackgroundCheck {}),
        5 => D::RecordIntroductions(pb::RecordIntroductions {
            sponsors: vec![
                pb::Sponsor {
                    person: "people/S1".into(),
                    known_since: date("2010-01-01"),
                },
                pb::Sponsor {
                    person: "people/S2".into(),
                    known_since: date("2010-01-01"),
                },
            ],
            union_resolution: 0,
        }),
        6 => D::RecordCellVote(pb::RecordCellVote {
            votes_for: i32::from(n),
            votes_against: 0,
            full_members: 20,
            age_consent: None,
        }),
        7 => D::RecordCommitteeVote(pb::RecordCommitteeVote {
            votes_for: 5,
            members: 7,
        }),
        8 => D::Admit(pb::Admit {
            extended: n.is_multiple_of(2),
        }),
        9 => D::Reject(pb::Reject {}),
        10 => D::Withdraw(pb::Withdraw {}),
        11 => D::Drop(pb::Drop {}),
        _ => D::Revoke(pb::Revoke {
            revokes: accepted
                .get(usize::from(n) % accepted.len().max(1))
                .map_or_else(
                    || "decisions/NONE".to_owned(),
                    |id| format!("decisions/{id}"),
                ),
        }),
    }
}

async fn case_of(c: &mut Clients, person: &str) -> Option<pb::AdmissionCase> {
    c.decisions
        .get_case(pb::GetCaseRequest {
            name: format!("people/{person}/case"),
        })
        .await
        .ok()
        .map(tonic::Response::into_inner)
}

/// Runs one sequence; answers whether it ended with the person admitted.
async fn run_sequence(
    server: &TestServer,
    case_no: u32,
    steps: &[Step],
) -> Result<bool, TestCaseError> {
    let mut c = clients(server).await;
    let person_id = format!("Q{case_no}");
    // Half the persons sit in a grassroots cell, where ADMIT follows the cell vote directly.
    let cell = if case_no.is_multiple_of(2) {
        "CBCS"
    } else {
        "CB01"
    };
    c.people
        .create_person(person(&person_id, "Trần Văn Bình", "1990-05-05", cell))
        .await
        .unwrap();
    let mut day = chrono::NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    let mut accepted: Vec<String> = Vec::new();
    let mut along = 0;
    for (i, &(pick, delta, n)) in steps.iter().enumerate() {
        let kind = if pick < 13 {
            pick
        } else {
            along += 1;
            PATH[(along - 1) % PATH.len()]
        };
        // Votes on the path mostly pass, so that admissions happen.
        let n = if pick >= 13 && kind == 6 {
            14 + n % 7
        } else {
            n
        };
        day = (day + chrono::Duration::days(delta)).min(today());
        let id = format!("{person_id}-{i}");
        let number = if matches!(kind, 0 | 3) {
            String::new()
        } else {
            format!("{id}/NQ")
        };
        let reason = if matches!(kind, 9..=11) {
            "lý do".to_owned()
        } else {
            String::new()
        };
        let request = pb::SubmitDecisionRequest {
            decision_id: id.clone(),
            decision: Some(pb::Decision {
                person: format!("people/{person_id}"),
                decision_date: date(&day.to_string()),
                document_number: number,
                deciding_body: name("KHOI"),
                reason,
                details: Some(details(kind, n, &accepted)),
                ..Default::default()
            }),
            request_id: String::new(),
        };
        let before = case_of(&mut c, &person_id).await;
        match c.decisions.submit_decision(request).await {
            Ok(_) => accepted.push(id),
            Err(status) => {
                prop_assert!(
                    matches!(
                        status.code(),
                        tonic::Code::FailedPrecondition
                            | tonic::Code::NotFound
                            | tonic::Code::AlreadyExists
                    ),
                    "unexpected {status:?}"
                );
                prop_assert_eq!(
                    case_of(&mut c, &person_id).await,
                    before,
                    "a refusal changed the case"
                );
            }
        }
    }
    if let Some(case) = case_of(&mut c, &person_id).await {
        let dates: Vec<_> = case
            .timeline
            .iter()
            .filter(|d| d.revoked_by.is_empty() && d.kind() != pb::DecisionKind::Revoke)
            .map(|d| d.decision_date.map(|x| (x.year, x.month, x.day)))
            .collect();
        prop_assert!(
            dates.windows(2).all(|w| w[0] <= w[1]),
            "dates went backwards: {dates:?}"
        );
    }
    let admitted = case_of(&mut c, &person_id)
        .await
        .is_some_and(|case| case.state() == pb::CaseState::Admitted);
    Ok(admitted)
}

#[test]
fn random_decision_sequences_keep_every_invariant() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let servers = runtime.block_on(async {
        let servers = servers().await;
        for server in &servers {
            seed(&mut clients(server).await, server).await;
        }
        servers
    });
    for server in &servers {
        let mut runner = TestRunner::new(Config {
            cases: 48,
            ..Config::default()
        });
        let counter = std::cell::Cell::new(0u32);
        let admitted = std::cell::Cell::new(0u32);
        runner
            .run(&steps(), |steps| {
                counter.set(counter.get() + 1);
                if runtime.block_on(run_sequence(server, counter.get(), &steps))? {
                    admitted.set(admitted.get() + 1);
                }
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{}: {e}", server.backend()));
        // The generator must reach the end of the pipeline, or the invariants were only tested
        // on its first steps.
        assert!(
            admitted.get() > 0,
            "{}: no sequence reached ADMITTED",
            server.backend()
        );
        runtime.block_on(crate::member_support::assert_verified(server));
    }
    runtime.block_on(async {
        for server in servers {
            server.stop().await.unwrap();
        }
    });
}
