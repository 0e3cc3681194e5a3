//! Each admission `decide` kind, parsed as the clerk types it, builds the `SubmitDecision` the
//! contract wants.

use clap::Parser as _;
use dangvien_proto::google::r#type::Date;

use super::*;
use crate::cli::{Cli, Command};

/// The parsed command of `dangvien decide ARGS…`.
fn parse(args: &[&str]) -> DecideCommand {
    let cli = Cli::try_parse_from(["dangvien", "decide"].iter().chain(args))
        .unwrap_or_else(|e| panic!("{args:?}: {e}"));
    let Command::Decide(command) = cli.command else {
        panic!("not a decision")
    };
    command
}

/// The request of `dangvien decide ARGS…`, with request id `r1`, as `run` sends it.
fn request(args: &[&str]) -> pb::SubmitDecisionRequest {
    let (decision_id, decision) =
        new_decision(parse(args)).unwrap_or_else(|e| panic!("{args:?}: {e:?}"));
    pb::SubmitDecisionRequest {
        decision_id,
        decision: Some(decision),
        request_id: "r1".into(),
    }
}

/// `KIND --person P1 --date 2024-03-01 --body CB01`, then `extra`.
fn common(kind: &str, extra: &[&str]) -> Vec<String> {
    [
        kind,
        "--person",
        "P1",
        "--date",
        "2024-03-01",
        "--body",
        "CB01",
    ]
    .iter()
    .chain(extra)
    .map(|s| (*s).to_owned())
    .collect()
}

/// The details of `KIND` with the common flags and `extra`, after checking the common fields.
fn details(kind: &str, extra: &[&str]) -> Details {
    let args = common(kind, extra);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let request = request(&args);
    assert_eq!(request.request_id, "r1");
    let decision = request.decision.unwrap();
    assert_eq!(decision.person, "people/P1", "{kind}");
    assert_eq!(decision.deciding_body, "organizations/CB01", "{kind}");
    assert_eq!(
        decision.decision_date,
        Some(Date {
            year: 2024,
            month: 3,
            day: 1
        })
    );
    // Output only: the server names the kind from the details.
    assert_eq!(decision.kind, 0);
    decision.details.unwrap()
}

fn day(year: i32, month: i32, day: i32) -> Option<Date> {
    Some(Date { year, month, day })
}

#[test]
fn the_common_fields_travel_with_every_kind() {
    let request = request(&[
        "nominate",
        "--person",
        "P1",
        "--date",
        "2024-03-01",
        "--body",
        "CB01",
        "--number",
        "3-NQ/CB",
        "--id",
        "D1",
        "--reason",
        "ghi chú",
    ]);
    assert_eq!(request.decision_id, "D1");
    let decision = request.decision.unwrap();
    assert_eq!(decision.document_number, "3-NQ/CB");
    assert_eq!(decision.reason, "ghi chú");
    assert_eq!(decision.name, "");
    assert_eq!(details("nominate", &[]), Details::Nominate(pb::Nominate {}));
}

#[test]
fn kinds_without_fields() {
    assert_eq!(
        details("open_dossier", &[]),
        Details::OpenDossier(pb::OpenDossier {})
    );
    assert_eq!(
        details("conclude_background_check", &["--number", "5-KL/ĐU"]),
        Details::ConcludeBackgroundCheck(pb::ConcludeBackgroundCheck {})
    );
}

#[test]
fn recognize_sympathizer_takes_mentors() {
    assert_eq!(
        details(
            "recognize_sympathizer",
            &["--mentor", "P2", "--mentor", "P3"]
        ),
        Details::RecognizeSympathizer(pb::RecognizeSympathizer {
            mentors: vec!["people/P2".into(), "people/P3".into()],
        })
    );
    assert_eq!(
        details("recognize_sympathizer", &[]),
        Details::RecognizeSympathizer(pb::RecognizeSympathizer { mentors: vec![] })
    );
}

#[test]
fn record_course_takes_the_certificate() {
    assert_eq!(
        details(
            "record_course",
            &[
                "--certificate-number",
                "123/GCN",
                "--issuer",
                "Trung tâm Chính trị huyện"
            ]
        ),
        Details::RecordCourse(pb::RecordCourse {
            certificate_number: "123/GCN".into(),
            issuer: "Trung tâm Chính trị huyện".into(),
        })
    );
}

#[test]
fn record_introductions_takes_sponsors_and_a_union_resolution() {
    assert_eq!(
        details(
            "record_introductions",
            &[
                "--sponsor",
                "P2:2020-01-15",
                "--sponsor",
                "P3:2019-12-31",
                "--union-resolution",
                "youth_union",
            ]
        ),
        Details::RecordIntroductions(pb::RecordIntroductions {
            sponsors: vec![
                pb::Sponsor {
                    person: "people/P2".into(),
                    known_since: day(2020, 1, 15),
                },
                pb::Sponsor {
                    person: "people/P3".into(),
                    known_since: day(2019, 12, 31),
                },
            ],
            union_resolution: pb::UnionResolution::YouthUnion as i32,
        })
    );
    let Details::RecordIntroductions(two) =
        details("record_introductions", &["--sponsor", "P2:2020-01-15"])
    else {
        panic!("not introductions")
    };
    assert_eq!(two.union_resolution, 0);
}

#[test]
fn record_cell_vote_takes_the_counts_and_an_age_consent() {
    let counts = [
        "--votes-for",
        "7",
        "--votes-against",
        "1",
        "--full-members",
        "9",
    ];
    assert_eq!(
        details("record_cell_vote", &counts),
        Details::RecordCellVote(pb::RecordCellVote {
            votes_for: 7,
            votes_against: 1,
            full_members: 9,
            age_consent: None,
        })
    );
    let consent = [
        &counts[..],
        &[
            "--age-consent-number",
            "88-CV/TU",
            "--age-consent-date",
            "2024-02-01",
        ],
    ]
    .concat();
    let Details::RecordCellVote(vote) = details("record_cell_vote", &consent) else {
        panic!("not a cell vote")
    };
    assert_eq!(
        vote.age_consent,
        Some(pb::AgeConsent {
            document_number: "88-CV/TU".into(),
            date: day(2024, 2, 1),
        })
    );
}

#[test]
fn record_committee_vote_admit_and_revoke() {
    assert_eq!(
        details(
            "record_committee_vote",
            &["--votes-for", "5", "--members", "7"]
        ),
        Details::RecordCommitteeVote(pb::RecordCommitteeVote {
            votes_for: 5,
            members: 7,
        })
    );
    assert_eq!(
        details("admit", &["--extended"]),
        Details::Admit(pb::Admit { extended: true })
    );
    assert_eq!(
        details("admit", &[]),
        Details::Admit(pb::Admit { extended: false })
    );
    assert_eq!(
        details("revoke", &["--revokes", "D7", "--reason", "nhầm"]),
        Details::Revoke(pb::Revoke {
            revokes: "decisions/D7".into(),
        })
    );
}

#[test]
fn closing_kinds_need_a_reason() {
    for (kind, expected) in [
        ("reject", Details::Reject(pb::Reject {})),
        ("withdraw", Details::Withdraw(pb::Withdraw {})),
        ("drop", Details::Drop(pb::Drop {})),
    ] {
        assert_eq!(details(kind, &["--reason", "Không đủ điều kiện"]), expected);
        let args = common(kind, &[]);
        let parsed = Cli::try_parse_from(
            ["dangvien", "decide"]
                .into_iter()
                .map(String::from)
                .chain(args),
        );
        assert!(parsed.is_err(), "{kind} without --reason");
    }
}

#[test]
fn kebab_case_spellings_are_aliases() {
    for (snake, kebab) in [
        ("recognize_sympathizer", "recognize-sympathizer"),
        ("open_dossier", "open-dossier"),
        ("conclude_background_check", "conclude-background-check"),
        ("record_introductions", "record-introductions"),
    ] {
        assert_eq!(details(snake, &[]), details(kebab, &[]));
    }
    let course = ["--certificate-number", "1", "--issuer", "X"];
    assert_eq!(
        details("record_course", &course),
        details("record-course", &course)
    );
    let votes = [
        "--votes-for",
        "2",
        "--votes-against",
        "0",
        "--full-members",
        "3",
    ];
    assert_eq!(
        details("record_cell_vote", &votes),
        details("record-cell-vote", &votes)
    );
    let votes = ["--votes-for", "2", "--members", "3"];
    assert_eq!(
        details("record_committee_vote", &votes),
        details("record-committee-vote", &votes)
    );
}

#[test]
fn malformed_decisions_are_usage_errors() {
    for extra in [
        &["--sponsor", "P2"][..],
        &["--sponsor", "P2:2020-13-01"],
        &["--union-resolution", "party"],
    ] {
        let args = common("record_introductions", extra);
        let parsed = Cli::try_parse_from(
            ["dangvien", "decide"]
                .into_iter()
                .map(String::from)
                .chain(args),
        );
        assert!(parsed.is_err(), "{extra:?}");
    }
    for bad in [
        &["nominate", "--person", "P1", "--date", "2024-03-01"][..],
        &["nominate", "--person", "P1", "--body", "CB01"],
        &[
            "revoke",
            "--person",
            "P1",
            "--date",
            "2024-03-01",
            "--body",
            "CB01",
        ],
        &[
            "record_course",
            "--person",
            "P1",
            "--date",
            "2024-03-01",
            "--body",
            "CB01",
        ],
        &[
            "record_cell_vote",
            "--person",
            "P1",
            "--date",
            "2024-03-01",
            "--body",
            "CB01",
            "--votes-for",
            "2",
            "--votes-against",
            "0",
            "--full-members",
            "3",
            "--age-consent-number",
            "1-CV/TU",
        ],
        &[
            "record_committee_vote",
            "--person",
            "P1",
            "--date",
            "2024-03-01",
            "--body",
            "CB01",
            "--votes-for",
            "-1",
            "--members",
            "3",
        ],
        &[
            "recognize_sympathiser",
            "--person",
            "P1",
            "--date",
            "2024-03-01",
            "--body",
            "CB01",
        ],
    ] {
        let parsed = Cli::try_parse_from(["dangvien", "decide"].iter().chain(bad));
        assert!(parsed.is_err(), "{bad:?}");
    }
}
