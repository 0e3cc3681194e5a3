//! Tests of the sync line: the canonical lines of every record and decision kind (listed in
//! [`examples`]) byte for byte, what is refused and why ([`refusals`]), how a line compares with
//! the stored record, and the contract document's examples.

use chrono::NaiveDate;

use super::parse;
use crate::domain::{
    details::{Details, Grade, Score, TransferKind},
    ethnicity::Ethnicity,
    kind::DecisionKind,
    member::MemberOrigin,
    org::{OrgCode, OrgKind, Sector},
    person::{Education, ExternalId, Gender, NationalId},
    sync::{DecisionRecord, MemberRecord, OrgRecord, PersonRecord, Record},
};

mod examples;
mod refusals;

use examples::{decision_examples, record_examples};

fn code(raw: &str) -> OrgCode {
    OrgCode::parse("test", raw).unwrap()
}

fn id(raw: &str) -> ExternalId {
    ExternalId::parse("test", raw).unwrap()
}

fn day(raw: &str) -> NaiveDate {
    NaiveDate::parse_from_str(raw, "%Y-%m-%d").unwrap()
}

fn org(code_: &str, kind: OrgKind, parent: Option<&str>, valid_to: Option<&str>) -> OrgRecord {
    OrgRecord {
        code: code(code_),
        name: "Chi bộ Phòng Tổ chức".to_owned(),
        org_kind: kind,
        parent: parent.map(code),
        sector: Sector::StateAgency,
        valid_from: day("2015-01-01"),
        valid_to: valid_to.map(day),
    }
}

fn person_lan() -> PersonRecord {
    PersonRecord {
        external_id: id("P000001"),
        full_name: "Nguyễn Thị Lan".to_owned(),
        gender: Gender::Female,
        birth_date: day("1996-04-12"),
        ethnicity: Ethnicity::parse("test", "Kinh").unwrap(),
        religion: None,
        education: Education::UpperSecondary,
        professional_level: None,
        hardship_exception: false,
        youth_union: true,
        trade_union: false,
        org: code("CB0001"),
        national_id: Some(NationalId::parse("test", "001196012345").unwrap()),
        cell_since: None,
    }
}

fn member_existing() -> MemberRecord {
    MemberRecord {
        person: id("P000002"),
        admission_date: day("2009-05-19"),
        ceremony_date: Some(day("2009-06-01")),
        official_date: Some(day("2010-06-01")),
        official: true,
        since: Some(day("2009-05-19")),
        origin: MemberOrigin::Existing,
    }
}

/// A decision on P000001 by CB0001, numbered `12-NQ/CB`, dated 2021-03-15.
fn decision(details: Details, reason: Option<&str>) -> DecisionRecord {
    DecisionRecord {
        external_id: id("D000001"),
        person: id("P000001"),
        date: day("2021-03-15"),
        number: Some("12-NQ/CB".to_owned()),
        body: code("CB0001"),
        reason: reason.map(str::to_owned),
        details,
    }
}

/// The start every decision line of [`decision`] shares, up to its `decision` key.
const D: &str = r#"{"kind":"decision","external_id":"D000001","decision":"#;
/// What follows the decision kind in every line of [`decision`].
const COMMON: &str =
    r#""person":"P000001","date":"2021-03-15","number":"12-NQ/CB","body":"CB0001""#;

fn decision_kind(record: &Record) -> Option<DecisionKind> {
    if let Record::Decision(d) = record {
        Some(d.details.kind())
    } else {
        None
    }
}

#[test]
fn every_record_kind_renders_its_canonical_line_and_reads_back() {
    let mut kinds = Vec::new();
    for (record, line) in record_examples() {
        assert_eq!(record.render(), line);
        assert_eq!(parse(line).unwrap(), record, "{line}");
        if !kinds.contains(&record.kind()) {
            kinds.push(record.kind());
        }
    }
    kinds.insert(4, "decision");
    assert_eq!(kinds, super::KINDS);
}

#[test]
fn every_decision_kind_renders_its_canonical_line_and_reads_back() {
    let examples = decision_examples();
    let kinds: Vec<DecisionKind> = examples
        .iter()
        .filter_map(|(record, _)| decision_kind(record))
        .collect();
    assert_eq!(kinds, DecisionKind::ALL);
    for (record, line) in examples {
        assert_eq!(record.render(), line);
        assert_eq!(parse(&line).unwrap(), record, "{line}");
    }
}

#[test]
fn kinds_without_own_keys_take_only_the_common_ones() {
    let line = format!(r#"{D}"nominate",{COMMON}}}"#);
    assert_eq!(
        line,
        r#"{"kind":"decision","external_id":"D000001","decision":"nominate","person":"P000001","date":"2021-03-15","number":"12-NQ/CB","body":"CB0001"}"#
    );
    let mut without_number = decision(Details::OpenDossier, None);
    without_number.number = None;
    let record = Record::Decision(without_number);
    let line = r#"{"kind":"decision","external_id":"D000001","decision":"open_dossier","person":"P000001","date":"2021-03-15","body":"CB0001"}"#;
    assert_eq!(record.render(), line);
    assert_eq!(parse(line).unwrap(), record);
}

#[test]
fn optional_keys_are_written_only_when_they_hold_something() {
    let transfer_out = Record::Decision(decision(
        Details::Transfer {
            transfer_kind: TransferKind::Permanent,
            to_org: None,
            until: None,
        },
        None,
    ));
    assert_eq!(
        transfer_out.render(),
        format!(r#"{D}"transfer",{COMMON},"transfer_kind":"permanent","to_org":null}}"#)
    );
    let no_union = Record::Decision(decision(
        Details::RecordIntroductions {
            sponsors: vec![],
            union_resolution: None,
        },
        None,
    ));
    assert_eq!(
        no_union.render(),
        format!(r#"{D}"record_introductions",{COMMON},"sponsors":[],"union_resolution":null}}"#)
    );
    for (details, tail) in [
        (Details::RecognizeSympathizer { mentors: vec![] }, ""),
        (Details::Admit { extended: false }, ""),
        (
            Details::RecordCellVote {
                votes_for: 2,
                votes_against: 0,
                full_members: 3,
                age_consent: None,
            },
            r#","votes_for":2,"votes_against":0,"full_members":3"#,
        ),
        (
            Details::IntroduceToResidence {
                residence_cell: "Tổ 5".to_owned(),
                reported_date: None,
            },
            r#","residence_cell":"Tổ 5""#,
        ),
        (
            Details::Rate {
                year: 2021,
                grade: Grade::Completed,
                score: None,
            },
            r#","year":2021,"grade":"completed""#,
        ),
    ] {
        let kind = details.kind().as_str();
        let record = Record::Decision(decision(details, None));
        let line = format!(r#"{D}"{kind}",{COMMON}{tail}}}"#);
        assert_eq!(record.render(), line);
        assert_eq!(parse(&line).unwrap(), record);
    }
}

#[test]
fn scores_are_written_as_the_shortest_decimal_and_read_either_way() {
    let rate = |score: f64| {
        Record::Decision(decision(
            Details::Rate {
                year: 2025,
                grade: Grade::Excellent,
                score: Score::from_f64(score),
            },
            None,
        ))
    };
    let line = |score: &str| {
        format!(r#"{D}"rate",{COMMON},"year":2025,"grade":"excellent","score":{score}}}"#)
    };
    for (score, text) in [
        (90.0, "90"),
        (87.5, "87.5"),
        (72.25, "72.25"),
        (0.05, "0.05"),
        (100.0, "100"),
    ] {
        assert_eq!(rate(score).render(), line(text));
        assert_eq!(parse(&line(text)).unwrap(), rate(score));
    }
    assert_eq!(parse(&line("90.0")).unwrap(), rate(90.0));
    assert_eq!(parse(&line("72.250")).unwrap().render(), line("72.25"));
}

#[test]
fn a_readable_line_renders_canonically_and_stays_so() {
    // Keys out of order, spaces, nulls and empty values where they mean nothing, an alias.
    let loose = concat!(
        r#"{ "org": "CB0001", "kind": "person", "external_id": "P000009", "full_name": "  Lò  Văn Pâng ", "#,
        r#""gender": "male", "birth_date": "1990-01-31", "ethnicity": "Thai", "religion": null, "#,
        r#""education": "primary", "professional_level": "", "hardship_exception": false, "#,
        r#""youth_union": false, "trade_union": false, "national_id": null, "cell_since": null }"#,
    );
    let canonical = r#"{"kind":"person","external_id":"P000009","full_name":"Lò Văn Pâng","gender":"male","birth_date":"1990-01-31","ethnicity":"Thái","religion":null,"education":"primary","youth_union":false,"trade_union":false,"org":"CB0001"}"#;
    let record = parse(loose).unwrap();
    assert_eq!(record.render(), canonical);
    assert_eq!(parse(&record.render()).unwrap(), record);
    assert_eq!(parse(canonical).unwrap().render(), canonical);
    let canonical = format!(
        r#"{D}"recognize_sympathizer","person":"P000001","date":"2021-03-15","body":"CB0001"}}"#
    );
    for empty in [
        r#""number":"","mentors":null"#,
        r#""mentors":[],"number":null"#,
    ] {
        let loose = format!(
            r#"{D}"recognize_sympathizer","person":"P000001","date":"2021-03-15",{empty},"body":"CB0001"}}"#
        );
        assert_eq!(parse(&loose).unwrap().render(), canonical);
    }
}

#[test]
fn text_is_escaped_by_json_and_kept_as_utf8() {
    let mut record = org("CB0001", OrgKind::Cell, Some("DBCS01"), None);
    record.name = "Chi bộ \"Xuân\" \\ Thu\u{7}".to_owned();
    let line = Record::Org(record.clone()).render();
    assert!(
        line.contains(r#""name":"Chi bộ \"Xuân\" \\ Thu\u0007""#),
        "{line}"
    );
    assert!(!line.contains("\\u1ed9"), "{line}");
}

#[test]
fn a_byte_order_mark_and_a_carriage_return_are_ignored() {
    let line = r#"{"kind":"target","org":"KHOI","year":2022,"admissions":150}"#;
    let expected = parse(line).unwrap();
    assert_eq!(parse(&format!("\u{feff}{line}")).unwrap(), expected);
    assert_eq!(parse(&format!("{line}\r")).unwrap(), expected);
}

#[test]
fn a_person_line_without_cell_since_says_nothing_new_about_the_stored_one() {
    let mut stored = person_lan();
    stored.cell_since = Some(day("2020-01-01"));
    let stored = Record::Person(stored);
    let line = parse(&Record::Person(person_lan()).render()).unwrap();
    assert!(line.same_as(&stored));
    let mut moved = person_lan();
    moved.cell_since = Some(day("2021-01-01"));
    assert!(!Record::Person(moved).same_as(&stored));
    let mut renamed = person_lan();
    renamed.full_name = "Nguyễn Thị Lan Anh".to_owned();
    assert!(!Record::Person(renamed).same_as(&stored));
}

#[test]
fn an_org_line_without_valid_to_says_nothing_new_about_the_stored_one() {
    let stored = Record::Org(org(
        "CB0001",
        OrgKind::Cell,
        Some("DBCS01"),
        Some("2030-12-31"),
    ));
    let line = Record::Org(org("CB0001", OrgKind::Cell, Some("DBCS01"), None));
    assert!(line.same_as(&stored));
    let other_end = Record::Org(org(
        "CB0001",
        OrgKind::Cell,
        Some("DBCS01"),
        Some("2029-12-31"),
    ));
    assert!(!other_end.same_as(&stored));
    let other_parent = Record::Org(org("CB0001", OrgKind::Cell, Some("DBCS02"), None));
    assert!(!other_parent.same_as(&stored));
}

#[test]
fn a_member_line_without_since_is_the_same_as_one_since_admission() {
    let stored = Record::Member(member_existing());
    let mut line = member_existing();
    line.since = None;
    assert!(Record::Member(line.clone()).same_as(&stored));
    assert!(stored.same_as(&Record::Member(line)));
    let mut transfer = member_existing();
    transfer.origin = MemberOrigin::TransferIn;
    transfer.since = Some(day("2015-01-01"));
    assert!(!Record::Member(transfer).same_as(&stored));
}

/// Every line of every ```jsonl block of the contract document.
fn document_lines() -> Vec<(usize, &'static str)> {
    let doc = include_str!("../../../../../docs/sync-format.md");
    let mut lines = Vec::new();
    let mut inside = false;
    for (number, line) in doc.lines().enumerate() {
        if inside && line.starts_with("```") {
            inside = false;
        } else if inside {
            lines.push((number + 1, line));
        } else if line.trim_end() == "```jsonl" {
            inside = true;
        }
    }
    assert!(!inside, "a ```jsonl block is not closed");
    lines
}

#[test]
fn every_example_of_the_contract_document_is_a_canonical_line() {
    let lines = document_lines();
    let mut decisions = Vec::new();
    let mut kinds = Vec::new();
    for (number, line) in &lines {
        let record =
            parse(line).unwrap_or_else(|e| panic!("docs/sync-format.md:{number}: {e}\n{line}"));
        assert_eq!(&record.render(), line, "docs/sync-format.md:{number}");
        kinds.push(record.kind());
        decisions.extend(decision_kind(&record));
    }
    for kind in super::KINDS {
        assert!(kinds.contains(&kind), "no example of {kind}");
    }
    for kind in DecisionKind::ALL {
        assert!(decisions.contains(&kind), "no example of {}", kind.as_str());
    }
}
