//! `report overdue` as the clerk reads it, from hand-built wire items.

use dangvien_proto::{google::r#type::Date, v1 as pb};

use super::*;
use crate::render::delimited::BOM;

fn day(year: i32, month: i32, day: i32) -> Option<Date> {
    Some(Date { year, month, day })
}

fn item(
    person: &str,
    name: &str,
    flag: &str,
    next: pb::DecisionKind,
    due: Option<Date>,
    late: i32,
) -> OverdueView {
    pb::OverdueItem {
        person: format!("people/{person}"),
        full_name: name.into(),
        cell: "organizations/CB01".into(),
        deadline: Some(pb::Deadline {
            flag: flag.into(),
            description: "…".into(),
            due_date: due,
            met_on: None,
            overdue: late > 0,
        }),
        next_decision: next as i32,
        overdue: late > 0,
        working_days_late: late,
    }
    .into()
}

fn items() -> Vec<OverdueView> {
    vec![
        item(
            "P1",
            "Nguyễn Thị Lan",
            "OVERDUE_CEREMONY",
            pb::DecisionKind::HoldCeremony,
            day(2024, 5, 2),
            12,
        ),
        item(
            "P7",
            "Lò Văn Pọm",
            "OVERDUE_RECOGNITION",
            pb::DecisionKind::RecordRecognitionVote,
            day(2024, 6, 28),
            1,
        ),
        item(
            "P9",
            "Trần Văn Sơn",
            "OVERDUE_ADMISSION_DECISION",
            pb::DecisionKind::Admit,
            day(2024, 7, 10),
            0,
        ),
    ]
}

fn text(write: impl FnOnce(&mut Vec<u8>) -> Result) -> String {
    let mut out = Vec::new();
    write(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn the_list_in_vietnamese() {
    assert_eq!(
        text(|out| overdue_table(out, Lang::Vi, &items())),
        "\
┌───────┬────────────────┬────────┬────────────────────────────────────────────────┬──────────────────────────────────┬────────────┬──────────────────────────┬─────────────┐
│ Người ┆ Họ và tên      ┆ Chi bộ ┆ Quyết định cần ra                              ┆ Cờ                               ┆ Hạn        ┆ Số ngày làm việc quá hạn ┆ Tình trạng  │
╞═══════╪════════════════╪════════╪════════════════════════════════════════════════╪══════════════════════════════════╪════════════╪══════════════════════════╪═════════════╡
│ P1    ┆ Nguyễn Thị Lan ┆ CB01   ┆ Tổ chức lễ kết nạp                             ┆ quá hạn tổ chức lễ kết nạp       ┆ 2024-05-02 ┆ 12                       ┆ Quá hạn     │
│ P7    ┆ Lò Văn Pọm     ┆ CB01   ┆ Nghị quyết chi bộ đề nghị công nhận chính thức ┆ quá hạn xét công nhận chính thức ┆ 2024-06-28 ┆ 1                        ┆ Quá hạn     │
│ P9    ┆ Trần Văn Sơn   ┆ CB01   ┆ Quyết định kết nạp                             ┆ quá hạn quyết định kết nạp       ┆ 2024-07-10 ┆ 0                        ┆ Sắp đến hạn │
└───────┴────────────────┴────────┴────────────────────────────────────────────────┴──────────────────────────────────┴────────────┴──────────────────────────┴─────────────┘
"
    );
}

#[test]
fn the_list_in_english() {
    assert_eq!(
        text(|out| overdue_table(out, Lang::En, &items())),
        "\
┌────────┬────────────────┬──────┬────────────────────┬────────────────────────────┬────────────┬───────────────────┬──────────┐
│ Person ┆ Full name      ┆ Cell ┆ Next decision      ┆ Flag                       ┆ Due        ┆ Working days late ┆ State    │
╞════════╪════════════════╪══════╪════════════════════╪════════════════════════════╪════════════╪═══════════════════╪══════════╡
│ P1     ┆ Nguyễn Thị Lan ┆ CB01 ┆ Admission ceremony ┆ ceremony overdue           ┆ 2024-05-02 ┆ 12                ┆ Overdue  │
│ P7     ┆ Lò Văn Pọm     ┆ CB01 ┆ Recognition vote   ┆ recognition overdue        ┆ 2024-06-28 ┆ 1                 ┆ Overdue  │
│ P9     ┆ Trần Văn Sơn   ┆ CB01 ┆ Admit              ┆ admission decision overdue ┆ 2024-07-10 ┆ 0                 ┆ Due soon │
└────────┴────────────────┴──────┴────────────────────┴────────────────────────────┴────────────┴───────────────────┴──────────┘
"
    );
}

#[test]
fn the_list_as_csv() {
    let csv = text(|out| overdue_csv(out, &items()));
    assert!(csv.as_bytes().starts_with(BOM));
    assert_eq!(
        &csv[BOM.len()..],
        "\
person,full_name,cell,next_decision,flag,description,due_date,overdue,working_days_late
P1,Nguyễn Thị Lan,CB01,hold_ceremony,OVERDUE_CEREMONY,…,2024-05-02,true,12
P7,Lò Văn Pọm,CB01,record_recognition_vote,OVERDUE_RECOGNITION,…,2024-06-28,true,1
P9,Trần Văn Sơn,CB01,admit,OVERDUE_ADMISSION_DECISION,…,2024-07-10,false,0
"
    );
}
