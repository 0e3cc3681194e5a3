//! The canonical line of every record kind and every decision kind, with the record it is.

use super::{COMMON, D, code, day, decision, id, member_existing, org, person_lan};
use crate::domain::{
    details::{AgeConsent, Details, Grade, Measure, Score, Sponsor, TransferKind, UnionResolution},
    ethnicity::Ethnicity,
    member::MemberOrigin,
    org::OrgKind,
    person::{Education, Gender, NationalId},
    sync::{MemberRecord, OrgEvent, OrgEventRecord, PersonRecord, Record, TargetRecord},
};

/// One line of every decision kind, with the record it is.
pub(super) fn decision_examples() -> Vec<(Record, String)> {
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
pub(super) fn record_examples() -> Vec<(Record, &'static str)> {
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
