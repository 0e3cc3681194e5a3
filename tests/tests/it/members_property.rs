//! Random member decision sequences against a real server: a refused decision changes nothing,
//! dates never go backwards along a member, nothing but a revocation follows an exit, and the
//! stored membership, ratings and cells equal a replay of the stored decisions.

use dangvien_proto::v1::{self as pb, decision::Details as D};
use dangvien_tests::{TestServer, servers, today};
use proptest::{
    prelude::*,
    test_runner::{Config, TestRunner},
};

use crate::{
    decisions::{Clients, clients, seed},
    member_support::{assert_verified, decision_ids, member, register},
    support::{date, name},
};

/// A kind (numbers of [`details`]), days after the previous step (may be negative), and a number
/// for votes, grades, measures or what to revoke.
type Step = (u8, i64, u8);

fn steps() -> impl Strategy<Value = Vec<Step>> {
    prop::collection::vec((0u8..19, -10i64..150, 0u8..40), 1..14)
}

fn details(kind: u8, n: u8, day: chrono::NaiveDate, accepted: &[String]) -> D {
    use chrono::Datelike;
    let until = n
        .is_multiple_of(2)
        .then(|| day + chrono::Duration::days(i64::from(n) * 20));
    let until = until.and_then(|d| date(&d.to_string()));
    let transfer = |kind: pb::TransferKind, to: &str, until| {
        D::Transfer(pb::Transfer {
            transfer_kind: kind.into(),
            to_org: if to.is_empty() {
                String::new()
            } else {
                name(to)
            },
            until,
        })
    };
    match kind {
        0 => D::HoldCeremony(pb::HoldCeremony {}),
        1 => D::RecordRecognitionVote(pb::RecordRecognitionVote {
            votes_for: i32::from(n % 11),
            votes_against: 0,
            full_members: 10,
        }),
        2 => D::Recognize(pb::Recognize {
            extended: n.is_multiple_of(2),
        }),
        3 => D::StrikeOff(pb::StrikeOff {}),
        4 => transfer(pb::TransferKind::Internal, "CB02", None),
        5 => transfer(
            pb::TransferKind::Temporary,
            "",
            date(&(day + chrono::Duration::days(60)).to_string()),
        ),
        6 => D::RecordDeath(pb::RecordDeath {}),
        7 => D::Expel(pb::Expel {}),
        8 => D::AcceptResignation(pb::AcceptResignation {}),
        9 => D::Exempt(pb::Exempt { until }),
        10 => D::Suspend(pb::Suspend { until }),
        11 => D::Discipline(pb::Discipline {
            measure: i32::from(n % 3 + 1),
        }),
        12 => D::IssueCard(pb::IssueCard {
            card_number: format!("{n:06}"),
        }),
        13 => D::IntroduceToResidence(pb::IntroduceToResidence {
            residence_cell: "Chi bộ khu phố 1".into(),
            reported_date: None,
        }),
        14 => D::Rate(pb::Rate {
            year: day.year() - i32::from(n % 2),
            grade: i32::from(n % 4 + 1),
            score: None,
        }),
        15 => transfer(pb::TransferKind::Permanent, "CBCS", None),
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

/// Runs one sequence about a new probationary member; answers how many decisions were accepted.
async fn run_sequence(
    server: &TestServer,
    case_no: u32,
    steps: &[Step],
) -> Result<usize, TestCaseError> {
    let mut c: Clients = clients(server).await;
    let who = format!("M{case_no}");
    register(&mut c, &who, "CB01", Some("2020-01-01")).await;
    let mut day = chrono::NaiveDate::from_ymd_opt(2020, 6, 1).unwrap();
    let mut accepted: Vec<String> = Vec::new();
    for (i, &(kind, delta, n)) in steps.iter().enumerate() {
        day = (day + chrono::Duration::days(delta)).min(today());
        let id = format!("{who}-{i}");
        let request = pb::SubmitDecisionRequest {
            decision_id: id.clone(),
            decision: Some(pb::Decision {
                person: format!("people/{who}"),
                decision_date: date(&day.to_string()),
                document_number: format!("{id}/QĐ"),
                deciding_body: name("KHOI"),
                reason: "lý do".into(),
                details: Some(details(kind, n, day, &accepted)),
                ..Default::default()
            }),
            request_id: String::new(),
        };
        let before = (
            member(&mut c, &who, None).await,
            decision_ids(&mut c, &who).await,
        );
        match c.decisions.submit_decision(request).await {
            Ok(_) => accepted.push(id),
            Err(status) => {
                prop_assert!(
                    matches!(
                        status.code(),
                        tonic::Code::FailedPrecondition
                            | tonic::Code::InvalidArgument
                            | tonic::Code::NotFound
                    ),
                    "unexpected {status:?}"
                );
                let after = (
                    member(&mut c, &who, None).await,
                    decision_ids(&mut c, &who).await,
                );
                prop_assert_eq!(after, before, "a refusal changed something");
            }
        }
    }
    let timeline = c
        .decisions
        .list_decisions(pb::ListDecisionsRequest {
            page_size: 1000,
            filter: format!("person = \"people/{who}\""),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .decisions;
    let live: Vec<_> = timeline
        .iter()
        .filter(|d| d.revoked_by.is_empty() && d.kind() != pb::DecisionKind::Revoke)
        .collect();
    let dates: Vec<_> = live
        .iter()
        .map(|d| d.decision_date.map(|x| (x.year, x.month, x.day)))
        .collect();
    prop_assert!(
        dates.windows(2).all(|w| w[0] <= w[1]),
        "dates went backwards: {dates:?}"
    );
    let exits = [
        pb::DecisionKind::StrikeOff,
        pb::DecisionKind::RecordDeath,
        pb::DecisionKind::Expel,
        pb::DecisionKind::AcceptResignation,
    ];
    if let Some(exit) = live.iter().position(|d| exits.contains(&d.kind())) {
        prop_assert_eq!(exit, live.len() - 1, "a decision followed an exit");
    }
    Ok(accepted.len())
}

#[test]
fn random_member_decisions_keep_every_invariant() {
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
            cases: 32,
            ..Config::default()
        });
        let counter = std::cell::Cell::new(0u32);
        let accepted = std::cell::Cell::new(0usize);
        runner
            .run(&steps(), |steps| {
                counter.set(counter.get() + 1);
                let n = runtime.block_on(run_sequence(server, counter.get(), &steps))?;
                accepted.set(accepted.get() + n);
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{}: {e}", server.backend()));
        // Most steps must be accepted somewhere, or the invariants were only tested on refusals.
        assert!(
            accepted.get() > counter.get() as usize,
            "{}: {} decisions accepted in {} sequences",
            server.backend(),
            accepted.get(),
            counter.get()
        );
        eprintln!(
            "{}: {} member decisions accepted in {} sequences",
            server.backend(),
            accepted.get(),
            counter.get()
        );
        runtime.block_on(assert_verified(server));
    }
    runtime.block_on(async {
        for server in servers {
            server.stop().await.unwrap();
        }
    });
}
