//! Each member `decide` kind, parsed as the clerk types it, builds the decision the contract wants;
//! flags that are missing or do not fit together are usage errors saying what to fix.

use clap::Parser as _;
use dangvien_proto::google::r#type::Date;

use super::*;
use crate::{
    cli::{Cli, Command},
    i18n::Lang,
};

/// `KIND --person P1 --date 2024-03-01 --body CB01 --number 7-QĐ/ĐU`, then `extra`.
fn args(kind: &str, extra: &[&str]) -> Vec<String> {
    [
        "dangvien",
        "decide",
        kind,
        "--person",
        "P1",
        "--date",
        "2024-03-01",
        "--body",
        "CB01",
        "--number",
        "7-QĐ/ĐU",
    ]
    .iter()
    .chain(extra)
    .map(|s| (*s).to_owned())
    .collect()
}

/// The parsed command, or clap's error text.
fn parse(kind: &str, extra: &[&str]) -> Result<DecideCommand, String> {
    let cli = Cli::try_parse_from(args(kind, extra)).map_err(|e| e.to_string())?;
    let Command::Decide(command) = cli.command else {
        panic!("not a decision")
    };
    Ok(command)
}

/// The decision of `KIND` with the common flags and `extra`, after checking the common fields.
fn decision(kind: &str, extra: &[&str]) -> pb::Decision {
    let command = parse(kind, extra).unwrap_or_else(|e| panic!("{kind} {extra:?}: {e}"));
    let (id, decision) = new_decision(command).unwrap_or_else(|e| panic!("{kind}: {e:?}"));
    assert_eq!(id, "");
    assert_eq!(decision.person, "people/P1", "{kind}");
    assert_eq!(decision.deciding_body, "organizations/CB01", "{kind}");
    assert_eq!(decision.document_number, "7-QĐ/ĐU", "{kind}");
    assert_eq!(decision.decision_date, day(2024, 3, 1));
    decision
}

fn details(kind: &str, extra: &[&str]) -> Details {
    decision(kind, extra).details.unwrap()
}

/// The usage error of a command line that parses but whose flags do not fit together.
fn mistake(kind: &str, extra: &[&str]) -> Mistake {
    let command = parse(kind, extra).unwrap_or_else(|e| panic!("{kind} {extra:?}: {e}"));
    new_decision(command).expect_err("a mistake")
}

fn day(year: i32, month: i32, day: i32) -> Option<Date> {
    Some(Date { year, month, day })
}

#[test]
fn kinds_without_fields_of_their_own() {
    assert_eq!(
        details("hold_ceremony", &[]),
        Details::HoldCeremony(pb::HoldCeremony {})
    );
    assert_eq!(
        details("record_death", &[]),
        Details::RecordDeath(pb::RecordDeath {})
    );
    assert_eq!(
        details("accept_resignation", &[]),
        Details::AcceptResignation(pb::AcceptResignation {})
    );
}

#[test]
fn the_document_number_may_be_left_out_where_the_design_allows() {
    // Common's `--number` is optional for every kind; the server names the kinds that need one.
    let cli = Cli::try_parse_from([
        "dangvien",
        "decide",
        "hold-ceremony",
        "--person",
        "P1",
        "--date",
        "2024-03-01",
        "--body",
        "CB01",
    ])
    .unwrap();
    let Command::Decide(command) = cli.command else {
        panic!("not a decision")
    };
    let (_, decision) = new_decision(command).unwrap();
    assert_eq!(decision.document_number, "");
}

#[test]
fn recognition_takes_the_cell_vote_then_the_decision() {
    assert_eq!(
        details(
            "record_recognition_vote",
            &[
                "--votes-for",
                "8",
                "--votes-against",
                "1",
                "--full-members",
                "9"
            ]
        ),
        Details::RecordRecognitionVote(pb::RecordRecognitionVote {
            votes_for: 8,
            votes_against: 1,
            full_members: 9,
        })
    );
    assert_eq!(
        details("recognize", &["--extended"]),
        Details::Recognize(pb::Recognize { extended: true })
    );
    assert_eq!(
        details("recognize", &[]),
        Details::Recognize(pb::Recognize { extended: false })
    );
}

#[test]
fn exits_that_need_a_reason_carry_it() {
    for (kind, expected) in [
        ("strike_off", Details::StrikeOff(pb::StrikeOff {})),
        ("expel", Details::Expel(pb::Expel {})),
    ] {
        let decision = decision(kind, &["--reason", "Bỏ sinh hoạt 3 tháng"]);
        assert_eq!(decision.reason, "Bỏ sinh hoạt 3 tháng");
        assert_eq!(decision.details, Some(expected));
        let error = parse(kind, &[]).unwrap_err();
        assert!(error.contains("--reason"), "{kind}: {error}");
    }
    let discipline = decision(
        "discipline",
        &["--measure", "reprimand", "--reason", "Vi phạm quy chế"],
    );
    assert_eq!(
        discipline.details,
        Some(Details::Discipline(pb::Discipline {
            measure: pb::DisciplineMeasure::Reprimand as i32,
        }))
    );
    let error = parse("discipline", &["--measure", "warning"]).unwrap_err();
    assert!(error.contains("--reason"), "{error}");
    assert_eq!(
        details(
            "discipline",
            &["--measure", "removal-from-post", "--reason", "x"]
        ),
        Details::Discipline(pb::Discipline {
            measure: pb::DisciplineMeasure::RemovalFromPost as i32,
        })
    );
}

#[test]
fn cards_residence_introductions_and_gradings() {
    assert_eq!(
        details("issue_card", &["--card-number", "01234567"]),
        Details::IssueCard(pb::IssueCard {
            card_number: "01234567".into()
        })
    );
    assert!(parse("issue_card", &[]).is_err());
    assert_eq!(
        details(
            "introduce_to_residence",
            &[
                "--residence-cell",
                "Chi bộ khu phố 3, phường Đông Ba",
                "--reported-date",
                "2024-03-10"
            ]
        ),
        Details::IntroduceToResidence(pb::IntroduceToResidence {
            residence_cell: "Chi bộ khu phố 3, phường Đông Ba".into(),
            reported_date: day(2024, 3, 10),
        })
    );
    assert_eq!(
        details("introduce_to_residence", &["--residence-cell", "X"]),
        Details::IntroduceToResidence(pb::IntroduceToResidence {
            residence_cell: "X".into(),
            reported_date: None,
        })
    );
    assert!(parse("introduce_to_residence", &["--reported-date", "2024-03-10"]).is_err());
    assert!(matches!(
        mistake(
            "introduce_to_residence",
            &["--residence-cell", "X", "--reported-date", "2024-02-01"]
        ),
        Mistake::BeforeDecisionDate {
            flag: "--reported-date",
            ..
        }
    ));
    assert_eq!(
        details(
            "rate",
            &["--year", "2025", "--grade", "good", "--score", "82.5"]
        ),
        Details::Rate(pb::Rate {
            year: 2025,
            grade: pb::Grade::Good as i32,
            score: Some(82.5),
        })
    );
    assert_eq!(
        details("rate", &["--year", "2022", "--grade", "not-completed"]),
        Details::Rate(pb::Rate {
            year: 2022,
            grade: pb::Grade::NotCompleted as i32,
            score: None,
        })
    );
    for bad in [
        &["--year", "2025", "--grade", "good", "--score", "101"][..],
        &["--year", "2025", "--grade", "very_good"],
        &["--year", "25", "--grade", "good"],
        &["--grade", "good"],
        &["--year", "2025"],
    ] {
        assert!(parse("rate", bad).is_err(), "{bad:?}");
    }
    let error = parse(
        "rate",
        &["--year", "2025", "--grade", "good", "--score", "x"],
    )
    .unwrap_err();
    assert!(error.contains("0 đến 100"), "{error}");
}

#[test]
fn kebab_case_spellings_are_aliases() {
    for (snake, kebab, extra) in [
        ("hold_ceremony", "hold-ceremony", &[][..]),
        (
            "record_recognition_vote",
            "record-recognition-vote",
            &[
                "--votes-for",
                "2",
                "--votes-against",
                "0",
                "--full-members",
                "3",
            ],
        ),
        ("strike_off", "strike-off", &["--reason", "x"]),
        ("record_death", "record-death", &[]),
        ("accept_resignation", "accept-resignation", &[]),
        ("issue_card", "issue-card", &["--card-number", "1"]),
        (
            "introduce_to_residence",
            "introduce-to-residence",
            &["--residence-cell", "X", "--reported-date", "2024-03-02"],
        ),
    ] {
        assert_eq!(details(snake, extra), details(kebab, extra), "{snake}");
    }
}

mod dated;
