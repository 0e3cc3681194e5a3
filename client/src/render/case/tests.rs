//! The case and the decision as the clerk reads them, on a hand-built case.

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
    details: pb::decision::Details,
) -> pb::Decision {
    pb::Decision {
        name: format!("decisions/{id}"),
        external_id: id.into(),
        person: "people/P1".into(),
        decision_date: date,
        document_number: number.into(),
        deciding_body: "organizations/CB01".into(),
        actor: "clerk".into(),
        rulebook: "QD24-2021".into(),
        details: Some(details),
        ..Default::default()
    }
}

/// Nominated, recognised (then revoked and recognised again), with one deadline met late and one
/// pending.
fn case() -> CaseView {
    use pb::decision::Details as D;
    let mut first = decision(
        "D2",
        day(2024, 3, 1),
        "12-NQ/CB",
        D::RecognizeSympathizer(Default::default()),
    );
    first.revoked_by = "decisions/D3".into();
    let mut revoke = decision(
        "D3",
        day(2024, 3, 5),
        "13-NQ/CB",
        D::Revoke(pb::Revoke {
            revokes: "decisions/D2".into(),
        }),
    );
    revoke.reason = "nhầm ngày".into();
    let mut again = decision(
        "D4",
        day(2024, 3, 6),
        "14-NQ/CB",
        D::RecognizeSympathizer(Default::default()),
    );
    again.flags = vec!["LATE_A".into(), "LATE_B".into()];
    pb::AdmissionCase {
        name: "people/P1/case".into(),
        person: "people/P1".into(),
        state: pb::CaseState::Sympathizer as i32,
        cell: "organizations/CB01".into(),
        rulebook: "QD24-2021".into(),
        timeline: vec![
            decision("D1", day(2024, 1, 10), "", D::Nominate(pb::Nominate {})),
            first,
            revoke,
            again,
        ],
        deadlines: vec![
            pb::Deadline {
                flag: "OVERDUE_X".into(),
                description: "Kết nạp".into(),
                due_date: day(2024, 5, 2),
                met_on: day(2024, 5, 3),
                overdue: true,
            },
            pb::Deadline {
                flag: "OVERDUE_Y".into(),
                description: "Lễ".into(),
                due_date: day(2024, 6, 1),
                met_on: None,
                overdue: false,
            },
        ],
    }
    .into()
}

fn bytes(write: impl FnOnce(&mut Vec<u8>) -> Result) -> Vec<u8> {
    let mut out = Vec::new();
    write(&mut out).unwrap();
    out
}

fn text(write: impl FnOnce(&mut Vec<u8>) -> Result) -> String {
    String::from_utf8(bytes(write)).unwrap()
}

#[test]
fn the_timeline_in_vietnamese() {
    let text = text(|out| case_table(out, Lang::Vi, &case()));
    assert_eq!(
        text,
        "\
Người: P1
Trạng thái hồ sơ: Cảm tình Đảng
Chi bộ: CB01
Quy định áp dụng: QD24-2021

Diễn biến hồ sơ
┌────┬────────────┬─────────────────────────┬────────────┬────────────────────┬────────────────┬────────────┐
│ Mã ┆ Ngày       ┆ Quyết định              ┆ Số văn bản ┆ Cơ quan quyết định ┆ Cờ             ┆ Bị hủy bởi │
╞════╪════════════╪═════════════════════════╪════════════╪════════════════════╪════════════════╪════════════╡
│ D1 ┆ 2024-01-10 ┆ Tạo nguồn               ┆            ┆ CB01               ┆                ┆            │
│ D2 ┆ 2024-03-01 ┆ Công nhận cảm tình Đảng ┆ 12-NQ/CB   ┆ CB01               ┆                ┆ D3         │
│ D3 ┆ 2024-03-05 ┆ Hủy quyết định          ┆ 13-NQ/CB   ┆ CB01               ┆                ┆            │
│ D4 ┆ 2024-03-06 ┆ Công nhận cảm tình Đảng ┆ 14-NQ/CB   ┆ CB01               ┆ LATE_A, LATE_B ┆            │
└────┴────────────┴─────────────────────────┴────────────┴────────────────────┴────────────────┴────────────┘

Thời hạn
┌───────────┬──────────┬────────────┬────────────────┬─────────┐
│ Cờ        ┆ Nội dung ┆ Hạn        ┆ Thực hiện ngày ┆ Quá hạn │
╞═══════════╪══════════╪════════════╪════════════════╪═════════╡
│ OVERDUE_X ┆ Kết nạp  ┆ 2024-05-02 ┆ 2024-05-03     ┆ Có      │
│ OVERDUE_Y ┆ Lễ       ┆ 2024-06-01 ┆                ┆ Không   │
└───────────┴──────────┴────────────┴────────────────┴─────────┘
"
    );
}

#[test]
fn the_timeline_in_english() {
    let text = text(|out| case_table(out, Lang::En, &case()));
    assert_eq!(
        text,
        "\
Person: P1
Case state: Sympathizer
Cell: CB01
Rulebook: QD24-2021

Timeline
┌────┬────────────┬───────────────────────┬──────────┬───────────────┬────────────────┬────────────┐
│ ID ┆ Date       ┆ Decision              ┆ Number   ┆ Deciding body ┆ Flags          ┆ Revoked by │
╞════╪════════════╪═══════════════════════╪══════════╪═══════════════╪════════════════╪════════════╡
│ D1 ┆ 2024-01-10 ┆ Nominate              ┆          ┆ CB01          ┆                ┆            │
│ D2 ┆ 2024-03-01 ┆ Recognize sympathizer ┆ 12-NQ/CB ┆ CB01          ┆                ┆ D3         │
│ D3 ┆ 2024-03-05 ┆ Revoke                ┆ 13-NQ/CB ┆ CB01          ┆                ┆            │
│ D4 ┆ 2024-03-06 ┆ Recognize sympathizer ┆ 14-NQ/CB ┆ CB01          ┆ LATE_A, LATE_B ┆            │
└────┴────────────┴───────────────────────┴──────────┴───────────────┴────────────────┴────────────┘

Deadlines
┌───────────┬─────────────┬────────────┬────────────┬─────────┐
│ Flag      ┆ Description ┆ Due        ┆ Met on     ┆ Overdue │
╞═══════════╪═════════════╪════════════╪════════════╪═════════╡
│ OVERDUE_X ┆ Kết nạp     ┆ 2024-05-02 ┆ 2024-05-03 ┆ Yes     │
│ OVERDUE_Y ┆ Lễ          ┆ 2024-06-01 ┆            ┆ No      │
└───────────┴─────────────┴────────────┴────────────┴─────────┘
"
    );
}

#[test]
fn the_timeline_as_csv() {
    assert_eq!(
        bytes(|out| case_csv(out, &case())),
        [
            BOM,
            "external_id,date,kind,number,body,reason,actor,rulebook,flags,revoked_by\n\
             D1,2024-01-10,nominate,,CB01,,clerk,QD24-2021,,\n\
             D2,2024-03-01,recognize_sympathizer,12-NQ/CB,CB01,,clerk,QD24-2021,,D3\n\
             D3,2024-03-05,revoke,13-NQ/CB,CB01,nhầm ngày,clerk,QD24-2021,,\n\
             D4,2024-03-06,recognize_sympathizer,14-NQ/CB,CB01,,clerk,QD24-2021,LATE_A;LATE_B,\n"
                .as_bytes(),
        ]
        .concat()
    );
}

#[test]
fn a_submitted_decision_with_its_fields_and_the_state_after_it() {
    let view = SubmitView::from(pb::SubmitDecisionResponse {
        decision: Some(decision(
            "D9",
            day(2024, 9, 1),
            "20-NQ/CB",
            pb::decision::Details::RecordCellVote(pb::RecordCellVote {
                votes_for: 7,
                votes_against: 1,
                full_members: 9,
                age_consent: Some(pb::AgeConsent {
                    document_number: "88-CV/TU".into(),
                    date: day(2024, 8, 1),
                }),
            }),
        )),
        admission_case: Some(pb::AdmissionCase {
            state: pb::CaseState::CellApproved as i32,
            ..Default::default()
        }),
        warnings: vec![],
    });
    assert_eq!(
        text(|out| submitted_table(out, Lang::Vi, &view)),
        "\
┌──────────────────────────────────────────┬──────────────────────┐
│ Mã                                       ┆ D9                   │
│ Quyết định                               ┆ Chi bộ biểu quyết    │
│ Người                                    ┆ P1                   │
│ Ngày                                     ┆ 2024-09-01           │
│ Số văn bản                               ┆ 20-NQ/CB             │
│ Cơ quan quyết định                       ┆ CB01                 │
│ Lý do                                    ┆                      │
│ Người nhập                               ┆ clerk                │
│ Quy định áp dụng                         ┆ QD24-2021            │
│ Cờ                                       ┆                      │
│ Bị hủy bởi                               ┆                      │
│ Số phiếu tán thành                       ┆ 7                    │
│ Số phiếu không tán thành                 ┆ 1                    │
│ Số đảng viên chính thức                  ┆ 9                    │
│ Văn bản đồng ý của Ban Thường vụ Tỉnh ủy ┆ 88-CV/TU, 2024-08-01 │
└──────────────────────────────────────────┴──────────────────────┘
Trạng thái hồ sơ: Chi bộ đề nghị kết nạp
"
    );
    assert_eq!(
        bytes(|out| submitted_csv(out, &view)),
        [
            BOM,
            "external_id,date,kind,number,body,reason,actor,rulebook,flags,revoked_by,case_state\n\
             D9,2024-09-01,record_cell_vote,20-NQ/CB,CB01,,clerk,QD24-2021,,,cell_approved\n"
                .as_bytes(),
        ]
        .concat()
    );
}

#[test]
fn a_member_decision_without_a_case_shows_no_case_block() {
    let mut ceremony = decision(
        "D10",
        day(2024, 5, 20),
        "",
        pb::decision::Details::HoldCeremony(pb::HoldCeremony {}),
    );
    ceremony.kind = pb::DecisionKind::HoldCeremony as i32;
    ceremony.flags = vec!["OVERDUE_CEREMONY".into()];
    let view = SubmitView::from(pb::SubmitDecisionResponse {
        decision: Some(ceremony),
        admission_case: None,
        warnings: vec![],
    });
    assert_eq!(
        text(|out| submitted_table(out, Lang::Vi, &view)),
        "\
┌────────────────────┬────────────────────────────┐
│ Mã                 ┆ D10                        │
│ Quyết định         ┆ Tổ chức lễ kết nạp         │
│ Người              ┆ P1                         │
│ Ngày               ┆ 2024-05-20                 │
│ Số văn bản         ┆                            │
│ Cơ quan quyết định ┆ CB01                       │
│ Lý do              ┆                            │
│ Người nhập         ┆ clerk                      │
│ Quy định áp dụng   ┆ QD24-2021                  │
│ Cờ                 ┆ quá hạn tổ chức lễ kết nạp │
│ Bị hủy bởi         ┆                            │
└────────────────────┴────────────────────────────┘
"
    );
    assert_eq!(
        bytes(|out| submitted_csv(out, &view)),
        [
            BOM,
            "external_id,date,kind,number,body,reason,actor,rulebook,flags,revoked_by,case_state\n\
             D10,2024-05-20,hold_ceremony,,CB01,,clerk,QD24-2021,OVERDUE_CEREMONY,,\n"
                .as_bytes(),
        ]
        .concat()
    );
    let json = serde_json::to_value(&view).unwrap();
    assert_eq!(json["case"], serde_json::Value::Null);
    assert_eq!(
        json["decision"]["flags"],
        serde_json::json!(["OVERDUE_CEREMONY"])
    );
}

#[test]
fn a_member_decision_lists_its_own_fields() {
    let rows = |details| {
        let view = SubmitView::from(pb::SubmitDecisionResponse {
            decision: Some(decision("D11", day(2024, 6, 1), "3-QĐ/ĐU", details)),
            admission_case: None,
            warnings: vec![],
        });
        let table = text(|out| submitted_table(out, Lang::Vi, &view));
        table.lines().skip(12).collect::<Vec<_>>().join("\n")
    };
    let transfer = rows(pb::decision::Details::Transfer(pb::Transfer {
        transfer_kind: pb::TransferKind::Permanent as i32,
        to_org: String::new(),
        until: None,
    }));
    assert!(
        transfer.contains("│ Hình thức chuyển   ┆ chính thức"),
        "{transfer}"
    );
    assert!(
        transfer.contains("│ Chuyển đến         ┆ chuyển đi"),
        "{transfer}"
    );
    let rate = rows(pb::decision::Details::Rate(pb::Rate {
        year: 2025,
        grade: pb::Grade::Excellent as i32,
        score: Some(95.0),
    }));
    for expected in [
        "│ Năm                ┆ 2025",
        "│ Xếp loại           ┆ hoàn thành xuất sắc nhiệm vụ",
        "│ Điểm               ┆ 95",
    ] {
        assert!(rate.contains(expected), "{expected}\n{rate}");
    }
    let suspend = rows(pb::decision::Details::Suspend(pb::Suspend { until: None }));
    assert!(suspend.contains("┆ không thời hạn"), "{suspend}");
    let discipline = rows(pb::decision::Details::Discipline(pb::Discipline {
        measure: pb::DisciplineMeasure::Warning as i32,
    }));
    assert!(
        discipline.contains("│ Hình thức kỷ luật  ┆ cảnh cáo"),
        "{discipline}"
    );
}
