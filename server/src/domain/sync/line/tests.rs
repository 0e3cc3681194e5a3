//! Tests of the sync line: canonical lines of every record and decision kind, byte for byte;
//! what is refused and why (in [`refusals`]); the contract document's examples.

use chrono::NaiveDate;

use super::parse;
use crate::domain::{
    details::{AgeConsent, Details, Grade, Measure, Score, Sponsor, TransferKind, UnionResolution},
    ethnicity::Ethnicity,
    kind::DecisionKind,
    member::MemberOrigin,
    org::{OrgCode, OrgKind, Sector},
    person::{Education, ExternalId, Gender, NationalId},
    sync::{
        DecisionRecord, MemberRecord, OrgEvent, OrgEventRecord, OrgRecord, PersonRecord, Record,
        TargetRecord,
    },
};

mod refusals;

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

/// One line of every decision kind, with the record it is.
fn decision_examples() -> Vec<(Record, String)> {
    let line = |kind: &str, rest: &str| {
        let rest = if rest.is_empty() {
            String::new()
        } else {
            format!(",{rest}")
        };
        format!(r#"{D}"{kind}",{COMMON}{rest}}}"#)
    };
    let examples: Vec<(Details, Option<&str>, &str)> = vec![
        (Details::Nominate, None, ""),
        (
            Details::RecognizeSympathizer {
                mentors: vec![id("P000002"), id("P000004")],
            },
            None,
            r#""mentors":["P000002","P000004"]"#,
        ),
        (
            Details::RecordCourse {
                certificate_number: "2021/0457".to_owned(),
                issuer: "Trung tâm Chính trị huyện".to_owned(),
            },
            None,
            r#""certificate_number":"2021/0457","issuer":"Trung tâm Chính trị huyện""#,
        ),
        (Details::OpenDossier, None, ""),
        (Details::ConcludeBackgroundCheck, None, ""),
        (
            Details::RecordIntroductions {
                sponsors: vec![Sponsor {
                    person: id("P000002"),
                    known_since: day("2019-01-10"),
                }],
                union_resolution: Some(UnionResolution::YouthUnion),
            },
            None,
            r#""sponsors":[{"person":"P000002","known_since":"2019-01-10"}],"union_resolution":"youth_union""#,
        ),
        (
            Details::RecordCellVote {
                votes_for: 18,
                votes_against: 1,
                full_members: 20,
                age_consent: Some(AgeConsent {
                    document_number: "102-CV/TU".to_owned(),
                    date: day("2021-03-01"),
                }),
            },
            None,
            r#""votes_for":18,"votes_against":1,"full_members":20,"age_consent":{"number":"102-CV/TU","date":"2021-03-01"}"#,
        ),
        (
            Details::RecordCommitteeVote {
                votes_for: 9,
                members: 11,
            },
            None,
            r#""votes_for":9,"members":11"#,
        ),
        (
            Details::Admit { extended: true },
            None,
            r#""extended":true"#,
        ),
        (
            Details::Reject,
            Some("Chưa đủ tiêu chuẩn"),
            r#""reason":"Chưa đủ tiêu chuẩn""#,
        ),
        (
            Details::Withdraw,
            Some("Xin rút hồ sơ"),
            r#""reason":"Xin rút hồ sơ""#,
        ),
        (
            Details::Drop,
            Some("Chuyển công tác"),
            r#""reason":"Chuyển công tác""#,
        ),
        (
            Details::Revoke {
                revokes: id("D000020"),
            },
            None,
            r#""revokes":"D000020""#,
        ),
        (Details::HoldCeremony, None, ""),
        (
            Details::RecordRecognitionVote {
                votes_for: 19,
                votes_against: 0,
                full_members: 20,
            },
            None,
            r#""votes_for":19,"votes_against":0,"full_members":20"#,
        ),
        (Details::Recognize { extended: false }, None, ""),
        (
            Details::StrikeOff,
            Some("Bỏ sinh hoạt 3 tháng"),
            r#""reason":"Bỏ sinh hoạt 3 tháng""#,
        ),
        (
            Details::Transfer {
                transfer_kind: TransferKind::Temporary,
                to_org: Some(code("CB0101")),
                until: Some(day("2022-03-14")),
            },
            None,
            r#""transfer_kind":"temporary","to_org":"CB0101","until":"2022-03-14""#,
        ),
        (Details::RecordDeath, None, ""),
        (Details::Expel, Some("Vi phạm"), r#""reason":"Vi phạm""#),
        (Details::AcceptResignation, None, ""),
        (
            Details::Exempt {
                until: Some(day("2022-03-14")),
            },
            None,
            r#""until":"2022-03-14""#,
        ),
        (Details::Suspend { until: None }, None, ""),
        (
            Details::Discipline {
                measure: Measure::RemovalFromPost,
            },
            Some("Vi phạm \"quy định\" \\ 19"),
            r#""measure":"removal_from_post","reason":"Vi phạm \"quy định\" \\ 19""#,
        ),
        (
            Details::IssueCard {
                card_number: "01234567".to_owned(),
            },
            None,
            r#""card_number":"01234567""#,
        ),
        (
            Details::IntroduceToResidence {
                residence_cell: "Chi bộ khu phố 3".to_owned(),
                reported_date: Some(day("2021-04-01")),
            },
            None,
            r#""residence_cell":"Chi bộ khu phố 3","reported_date":"2021-04-01""#,
        ),
        (
            Details::Rate {
                year: 2020,
                grade: Grade::Good,
                score: Score::from_f64(72.25),
            },
            None,
            r#""year":2020,"grade":"good","score":72.25"#,
        ),
    ];
    examples
        .into_iter()
        .map(|(details, reason, rest)| {
            let text = line(details.kind().as_str(), rest);
            (Record::Decision(decision(details, reason)), text)
        })
        .collect()
}

/// Lines of every record kind other than `decision`, optional keys set and not.
fn record_examples() -> Vec<(Record, &'static str)> {
    let full_person = PersonRecord {
        external_id: id("P000002"),
        full_name: "Thạch Văn Sơn".to_owned(),
        gender: Gender::Male,
        birth_date: day("1985-11-02"),
        ethnicity: Ethnicity::parse("test", "Khmer").unwrap(),
        religion: Some("Phật giáo".to_owned()),
        education: Education::LowerSecondary,
        professional_level: Some("Kỹ sư Nông nghiệp".to_owned()),
        hardship_exception: true,
        youth_union: false,
        trade_union: true,
        org: code("CB0001"),
        national_id: Some(NationalId::parse("test", "123456789").unwrap()),
        cell_since: Some(day("2020-01-15")),
    };
    vec![
        (
            Record::Org(org("KHOI", OrgKind::Bloc, None, None)),
            r#"{"kind":"org","code":"KHOI","name":"Chi bộ Phòng Tổ chức","org_kind":"bloc","parent":null,"sector":"state_agency","valid_from":"2015-01-01"}"#,
        ),
        (
            Record::Org(org(
                "CB0001",
                OrgKind::Cell,
                Some("DBCS01"),
                Some("2030-12-31"),
            )),
            r#"{"kind":"org","code":"CB0001","name":"Chi bộ Phòng Tổ chức","org_kind":"cell","parent":"DBCS01","sector":"state_agency","valid_from":"2015-01-01","valid_to":"2030-12-31"}"#,
        ),
        (
            Record::OrgEvent(OrgEventRecord {
                code: code("CS07"),
                event: OrgEvent::Move {
                    parent: Some(code("DBUBT")),
                },
                date: day("2025-07-01"),
                number: Some("12-QĐ/TU".to_owned()),
                body: Some(code("TINH")),
            }),
            r#"{"kind":"org_event","event":"move","code":"CS07","date":"2025-07-01","parent":"DBUBT","number":"12-QĐ/TU","body":"TINH"}"#,
        ),
        (
            Record::OrgEvent(OrgEventRecord {
                code: code("KHOI"),
                event: OrgEvent::Move { parent: None },
                date: day("2025-07-01"),
                number: None,
                body: None,
            }),
            r#"{"kind":"org_event","event":"move","code":"KHOI","date":"2025-07-01","parent":null}"#,
        ),
        (
            Record::OrgEvent(OrgEventRecord {
                code: code("CB0002"),
                event: OrgEvent::Merge {
                    into: code("CB0001"),
                },
                date: day("2025-07-01"),
                number: Some("45-QĐ/ĐU".to_owned()),
                body: Some(code("DBCS01")),
            }),
            r#"{"kind":"org_event","event":"merge","code":"CB0002","date":"2025-07-01","into":"CB0001","number":"45-QĐ/ĐU","body":"DBCS01"}"#,
        ),
        (
            Record::OrgEvent(OrgEventRecord {
                code: code("CB0003"),
                event: OrgEvent::Dissolve,
                date: day("2025-09-30"),
                number: None,
                body: None,
            }),
            r#"{"kind":"org_event","event":"dissolve","code":"CB0003","date":"2025-09-30"}"#,
        ),
        (
            Record::Person(person_lan()),
            r#"{"kind":"person","external_id":"P000001","full_name":"Nguyễn Thị Lan","gender":"female","birth_date":"1996-04-12","ethnicity":"Kinh","religion":null,"education":"upper_secondary","youth_union":true,"trade_union":false,"org":"CB0001","national_id":"001196012345"}"#,
        ),
        (
            Record::Person(full_person),
            r#"{"kind":"person","external_id":"P000002","full_name":"Thạch Văn Sơn","gender":"male","birth_date":"1985-11-02","ethnicity":"Khơ-me","religion":"Phật giáo","education":"lower_secondary","professional_level":"Kỹ sư Nông nghiệp","hardship_exception":true,"youth_union":false,"trade_union":true,"org":"CB0001","national_id":"123456789","cell_since":"2020-01-15"}"#,
        ),
        (
            Record::Member(member_existing()),
            r#"{"kind":"member","person":"P000002","admission_date":"2009-05-19","ceremony_date":"2009-06-01","official_date":"2010-06-01","status":"official","since":"2009-05-19","origin":"existing"}"#,
        ),
        (
            Record::Member(MemberRecord {
                person: id("P000003"),
                admission_date: day("2024-03-01"),
                ceremony_date: Some(day("2024-03-20")),
                official_date: None,
                official: false,
                since: Some(day("2025-02-10")),
                origin: MemberOrigin::TransferIn,
            }),
            r#"{"kind":"member","person":"P000003","admission_date":"2024-03-01","ceremony_date":"2024-03-20","status":"probationary","since":"2025-02-10","origin":"transfer_in"}"#,
        ),
        (
            Record::Target(TargetRecord {
                org: code("KHOI"),
                year: 2022,
                admissions: 150,
            }),
            r#"{"kind":"target","org":"KHOI","year":2022,"admissions":150}"#,
        ),
    ]
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
