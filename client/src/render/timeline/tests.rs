//! `member timeline` as the clerk reads it, from hand-built wire decisions.

use dangvien_proto::{google::r#type::Date, v1 as pb};

use super::*;
use crate::render::delimited::BOM;

fn day(year: i32, month: i32, day: i32) -> Option<Date> {
    Some(Date { year, month, day })
}

fn decision(
    id: &str,
    date: Option<Date>,
    number: &str,
    body: &str,
    details: pb::decision::Details,
) -> pb::Decision {
    pb::Decision {
        name: format!("decisions/{id}"),
        external_id: id.into(),
        person: "people/P1".into(),
        decision_date: date,
        document_number: number.into(),
        deciding_body: format!("organizations/{body}"),
        actor: "clerk".into(),
        rulebook: "QD24-2021".into(),
        details: Some(details),
        ..Default::default()
    }
}

/// Admitted, the ceremony held late, a reprimand revoked, a grading, a temporary transfer.
fn timeline() -> Vec<DecisionView> {
    use pb::decision::Details as D;
    let mut ceremony = decision(
        "D2",
        day(2021, 12, 1),
        "",
        "CB01",
        D::HoldCeremony(pb::HoldCeremony {}),
    );
    ceremony.flags = vec!["OVERDUE_CEREMONY".into()];
    let mut reprimand = decision(
        "D3",
        day(2022, 5, 4),
        "5-QĐ/ĐU",
        "CS01",
        D::Discipline(pb::Discipline {
            measure: pb::DisciplineMeasure::Reprimand as i32,
        }),
    );
    reprimand.reason = "Vắng sinh hoạt".into();
    reprimand.revoked_by = "decisions/D4".into();
    let revoke = decision(
        "D4",
        day(2022, 6, 1),
        "6-QĐ/ĐU",
        "CS01",
        D::Revoke(pb::Revoke {
            revokes: "decisions/D3".into(),
        }),
    );
    let rate = decision(
        "D5",
        day(2025, 12, 20),
        "9-NQ/CB",
        "CB01",
        D::Rate(pb::Rate {
            year: 2025,
            grade: pb::Grade::Good as i32,
            score: Some(82.5),
        }),
    );
    let transfer = decision(
        "D6",
        day(2026, 1, 5),
        "1-QĐ/ĐU",
        "CS01",
        D::Transfer(pb::Transfer {
            transfer_kind: pb::TransferKind::Temporary as i32,
            to_org: "organizations/CB09".into(),
            until: day(2026, 6, 30),
        }),
    );
    vec![
        decision(
            "D1",
            day(2021, 10, 1),
            "1234-QĐ/ĐU",
            "KHOI",
            D::Admit(pb::Admit { extended: false }),
        ),
        ceremony,
        reprimand,
        revoke,
        rate,
        transfer,
    ]
    .into_iter()
    .map(DecisionView::from)
    .collect()
}

fn text(write: impl FnOnce(&mut Vec<u8>) -> Result) -> String {
    let mut out = Vec::new();
    write(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn the_timeline_in_vietnamese() {
    assert_eq!(
        text(|out| timeline_table(out, Lang::Vi, "P1", &timeline())),
        "\
Người: P1

Các quyết định
┌────┬────────────┬───────────────────────┬────────────┬────────────────────┬───────────────────────────────────────────┬────────────────────────────┬────────────┐
│ Mã ┆ Ngày       ┆ Quyết định            ┆ Số văn bản ┆ Cơ quan quyết định ┆ Chi tiết                                  ┆ Cờ                         ┆ Bị hủy bởi │
╞════╪════════════╪═══════════════════════╪════════════╪════════════════════╪═══════════════════════════════════════════╪════════════════════════════╪════════════╡
│ D1 ┆ 2021-10-01 ┆ Quyết định kết nạp    ┆ 1234-QĐ/ĐU ┆ KHOI               ┆                                           ┆                            ┆            │
│ D2 ┆ 2021-12-01 ┆ Tổ chức lễ kết nạp    ┆            ┆ CB01               ┆                                           ┆ quá hạn tổ chức lễ kết nạp ┆            │
│ D3 ┆ 2022-05-04 ┆ Kỷ luật               ┆ 5-QĐ/ĐU    ┆ CS01               ┆ khiển trách                               ┆                            ┆ D4         │
│ D4 ┆ 2022-06-01 ┆ Hủy quyết định        ┆ 6-QĐ/ĐU    ┆ CS01               ┆ hủy D3                                    ┆                            ┆            │
│ D5 ┆ 2025-12-20 ┆ Xếp loại chất lượng   ┆ 9-NQ/CB    ┆ CB01               ┆ 2025: hoàn thành tốt nhiệm vụ (82.5 điểm) ┆                            ┆            │
│ D6 ┆ 2026-01-05 ┆ Chuyển sinh hoạt đảng ┆ 1-QĐ/ĐU    ┆ CS01               ┆ tạm thời → CB09, đến hết 2026-06-30       ┆                            ┆            │
└────┴────────────┴───────────────────────┴────────────┴────────────────────┴───────────────────────────────────────────┴────────────────────────────┴────────────┘
"
    );
}

#[test]
fn the_timeline_in_english() {
    assert_eq!(
        text(|out| timeline_table(out, Lang::En, "P1", &timeline())),
        "\
Person: P1

Decisions
┌────┬────────────┬────────────────────┬────────────┬───────────────┬────────────────────────────────────┬──────────────────┬────────────┐
│ ID ┆ Date       ┆ Decision           ┆ Number     ┆ Deciding body ┆ Details                            ┆ Flags            ┆ Revoked by │
╞════╪════════════╪════════════════════╪════════════╪═══════════════╪════════════════════════════════════╪══════════════════╪════════════╡
│ D1 ┆ 2021-10-01 ┆ Admit              ┆ 1234-QĐ/ĐU ┆ KHOI          ┆                                    ┆                  ┆            │
│ D2 ┆ 2021-12-01 ┆ Admission ceremony ┆            ┆ CB01          ┆                                    ┆ ceremony overdue ┆            │
│ D3 ┆ 2022-05-04 ┆ Discipline         ┆ 5-QĐ/ĐU    ┆ CS01          ┆ reprimand                          ┆                  ┆ D4         │
│ D4 ┆ 2022-06-01 ┆ Revoke             ┆ 6-QĐ/ĐU    ┆ CS01          ┆ revokes D3                         ┆                  ┆            │
│ D5 ┆ 2025-12-20 ┆ Annual grading     ┆ 9-NQ/CB    ┆ CB01          ┆ 2025: good (82.5 points)           ┆                  ┆            │
│ D6 ┆ 2026-01-05 ┆ Transfer           ┆ 1-QĐ/ĐU    ┆ CS01          ┆ temporary → CB09, until 2026-06-30 ┆                  ┆            │
└────┴────────────┴────────────────────┴────────────┴───────────────┴────────────────────────────────────┴──────────────────┴────────────┘
"
    );
}

#[test]
fn the_timeline_as_csv() {
    let csv = text(|out| timeline_csv(out, &timeline()));
    assert!(csv.as_bytes().starts_with(BOM));
    assert_eq!(
        &csv[BOM.len()..],
        "\
external_id,date,kind,number,body,reason,actor,rulebook,flags,revoked_by,details
D1,2021-10-01,admit,1234-QĐ/ĐU,KHOI,,clerk,QD24-2021,,,\"{\"\"extended\"\":false}\"
D2,2021-12-01,hold_ceremony,,CB01,,clerk,QD24-2021,OVERDUE_CEREMONY,,{}
D3,2022-05-04,discipline,5-QĐ/ĐU,CS01,Vắng sinh hoạt,clerk,QD24-2021,,D4,\"{\"\"measure\"\":\"\"reprimand\"\"}\"
D4,2022-06-01,revoke,6-QĐ/ĐU,CS01,,clerk,QD24-2021,,,\"{\"\"revokes\"\":\"\"D3\"\"}\"
D5,2025-12-20,rate,9-NQ/CB,CB01,,clerk,QD24-2021,,,\"{\"\"year\"\":2025,\"\"grade\"\":\"\"good\"\",\"\"score\"\":82.5}\"
D6,2026-01-05,transfer,1-QĐ/ĐU,CS01,,clerk,QD24-2021,,,\"{\"\"transfer_kind\"\":\"\"temporary\"\",\"\"to_org\"\":\"\"CB09\"\",\"\"until\"\":\"\"2026-06-30\"\"}\"
"
    );
}
