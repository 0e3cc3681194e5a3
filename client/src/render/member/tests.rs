//! `member show` and `member list` as the clerk reads them, from hand-built wire members.

use dangvien_proto::{google::r#type::Date, v1 as pb};

use super::*;
use crate::render::delimited::BOM;

fn day(year: i32, month: i32, day: i32) -> Option<Date> {
    Some(Date { year, month, day })
}

/// Admitted in 2023, ceremony held, probation running, the residence introduction missed.
fn lan() -> MemberView {
    pb::Member {
        name: "people/P1/member".into(),
        person: "people/P1".into(),
        admission_date: day(2023, 10, 2),
        ceremony_date: day(2023, 11, 6),
        official_date: day(2024, 11, 6),
        origin: pb::MemberOrigin::Admitted as i32,
        since: day(2023, 10, 2),
        status: pb::MemberStatus::Probationary as i32,
        as_of: day(2024, 6, 30),
        cell: "organizations/CB01".into(),
        exit: 0,
        exit_date: None,
        seniority_years: 0,
        seniority_months: 8,
        recognition_vote_date: None,
        recognized: false,
        card_number: String::new(),
        card_date: None,
        residence_introduction_date: None,
        exempt: false,
        suspended: false,
        temporarily_at: "organizations/CB09".into(),
        temporary_until: day(2024, 12, 31),
        deadlines: vec![
            pb::Deadline {
                flag: "OVERDUE_CEREMONY".into(),
                description: "Tổ chức lễ kết nạp".into(),
                due_date: day(2023, 11, 13),
                met_on: day(2023, 11, 6),
                overdue: false,
            },
            pb::Deadline {
                flag: "OVERDUE_RESIDENCE_INTRODUCTION".into(),
                description: "Giới thiệu sinh hoạt nơi cư trú".into(),
                due_date: day(2023, 11, 1),
                met_on: None,
                overdue: true,
            },
        ],
    }
    .into()
}

/// A full member, exempt, with a card; and one who left.
fn others() -> Vec<MemberView> {
    let son = pb::Member {
        person: "people/S1".into(),
        admission_date: day(2009, 5, 19),
        official_date: day(2010, 6, 1),
        origin: pb::MemberOrigin::Existing as i32,
        status: pb::MemberStatus::Official as i32,
        cell: "organizations/CB02".into(),
        seniority_years: 15,
        seniority_months: 1,
        recognized: true,
        card_number: "01234567".into(),
        exempt: true,
        ..Default::default()
    };
    let gone = pb::Member {
        person: "people/S2".into(),
        admission_date: day(1990, 1, 5),
        status: pb::MemberStatus::Official as i32,
        cell: "organizations/CB02".into(),
        exit: pb::MemberExit::Deceased as i32,
        exit_date: day(2024, 2, 10),
        seniority_years: 34,
        seniority_months: 1,
        recognized: true,
        ..Default::default()
    };
    vec![son.into(), gone.into()]
}

fn text(write: impl FnOnce(&mut Vec<u8>) -> Result) -> String {
    let mut out = Vec::new();
    write(&mut out).unwrap();
    String::from_utf8(out).unwrap()
}

#[test]
fn one_member_in_vietnamese() {
    assert_eq!(
        text(|out| member_table(out, Lang::Vi, &lan())),
        "\
┌──────────────────────────────────────────┬──────────────────────────┐
│ Người                                    ┆ P1                       │
│ Tư cách                                  ┆ Dự bị                    │
│ Vào ngày                                 ┆ 2024-06-30               │
│ Chi bộ                                   ┆ CB01                     │
│ Ngày quyết định kết nạp                  ┆ 2023-10-02               │
│ Ngày lễ kết nạp                          ┆ 2023-11-06               │
│ Ngày chính thức                          ┆ 2024-11-06               │
│ Ngày chi bộ đề nghị công nhận chính thức ┆                          │
│ Đã công nhận chính thức                  ┆ Không                    │
│ Tuổi Đảng                                ┆ 0 năm 8 tháng            │
│ Nguồn                                    ┆ Kết nạp tại đây          │
│ Sinh hoạt tại đây từ                     ┆ 2023-10-02               │
│ Rời tổ chức                              ┆ Không                    │
│ Ngày rời tổ chức                         ┆                          │
│ Số thẻ đảng viên                         ┆                          │
│ Ngày phát thẻ                            ┆                          │
│ Ngày giới thiệu sinh hoạt nơi cư trú     ┆                          │
│ Miễn công tác và sinh hoạt đảng          ┆ Không                    │
│ Đình chỉ sinh hoạt đảng                  ┆ Không                    │
│ Chuyển sinh hoạt tạm thời                ┆ CB09, đến hết 2024-12-31 │
└──────────────────────────────────────────┴──────────────────────────┘

Thời hạn
┌─────────────────────────────────────────┬─────────────────────────────────┬────────────┬────────────────┬─────────┐
│ Cờ                                      ┆ Nội dung                        ┆ Hạn        ┆ Thực hiện ngày ┆ Quá hạn │
╞═════════════════════════════════════════╪═════════════════════════════════╪════════════╪════════════════╪═════════╡
│ quá hạn tổ chức lễ kết nạp              ┆ Tổ chức lễ kết nạp              ┆ 2023-11-13 ┆ 2023-11-06     ┆ Không   │
│ quá hạn giới thiệu sinh hoạt nơi cư trú ┆ Giới thiệu sinh hoạt nơi cư trú ┆ 2023-11-01 ┆                ┆ Có      │
└─────────────────────────────────────────┴─────────────────────────────────┴────────────┴────────────────┴─────────┘
"
    );
}

#[test]
fn one_member_in_english() {
    assert_eq!(
        text(|out| member_table(out, Lang::En, &lan())),
        "\
┌─────────────────────────────────────┬────────────────────────┐
│ Person                              ┆ P1                     │
│ Status                              ┆ Probationary           │
│ As of                               ┆ 2024-06-30             │
│ Cell                                ┆ CB01                   │
│ Admission date                      ┆ 2023-10-02             │
│ Ceremony date                       ┆ 2023-11-06             │
│ Official date                       ┆ 2024-11-06             │
│ Recognition vote                    ┆                        │
│ Recognized as full member           ┆ No                     │
│ Party seniority                     ┆ 0 years 8 months       │
│ Origin                              ┆ Admitted here          │
│ Here since                          ┆ 2023-10-02             │
│ Left                                ┆ No                     │
│ Left on                             ┆                        │
│ Party card number                   ┆                        │
│ Card issued on                      ┆                        │
│ Introduced to the residence cell on ┆                        │
│ Exempt from party work              ┆ No                     │
│ Suspended                           ┆ No                     │
│ Temporary transfer                  ┆ CB09, until 2024-12-31 │
└─────────────────────────────────────┴────────────────────────┘

Deadlines
┌────────────────────────────────┬─────────────────────────────────┬────────────┬────────────┬─────────┐
│ Flag                           ┆ Description                     ┆ Due        ┆ Met on     ┆ Overdue │
╞════════════════════════════════╪═════════════════════════════════╪════════════╪════════════╪═════════╡
│ ceremony overdue               ┆ Tổ chức lễ kết nạp              ┆ 2023-11-13 ┆ 2023-11-06 ┆ No      │
│ residence introduction overdue ┆ Giới thiệu sinh hoạt nơi cư trú ┆ 2023-11-01 ┆            ┆ Yes     │
└────────────────────────────────┴─────────────────────────────────┴────────────┴────────────┴─────────┘
"
    );
}

#[test]
fn a_list_with_notes() {
    let members = [vec![lan()], others()].concat();
    assert_eq!(
        text(|out| members_table(out, Lang::Vi, &members)),
        "\
┌───────┬────────┬────────────┬─────────────────────────┬─────────────────┬────────────────┬──────────────────┬──────────────────────────────────────────────────────────────────────────────────────────┐
│ Người ┆ Chi bộ ┆ Tư cách    ┆ Ngày quyết định kết nạp ┆ Ngày chính thức ┆ Tuổi Đảng      ┆ Số thẻ đảng viên ┆ Ghi chú                                                                                  │
╞═══════╪════════╪════════════╪═════════════════════════╪═════════════════╪════════════════╪══════════════════╪══════════════════════════════════════════════════════════════════════════════════════════╡
│ P1    ┆ CB01   ┆ Dự bị      ┆ 2023-10-02              ┆ 2024-11-06      ┆ 0 năm 8 tháng  ┆                  ┆ tạm thời sinh hoạt tại CB09, đến hết 2024-12-31; quá hạn giới thiệu sinh hoạt nơi cư trú │
│ S1    ┆ CB02   ┆ Chính thức ┆ 2009-05-19              ┆ 2010-06-01      ┆ 15 năm 1 tháng ┆ 01234567         ┆ miễn công tác và sinh hoạt đảng                                                          │
│ S2    ┆ CB02   ┆ Chính thức ┆ 1990-01-05              ┆                 ┆ 34 năm 1 tháng ┆                  ┆ từ trần 2024-02-10                                                                       │
└───────┴────────┴────────────┴─────────────────────────┴─────────────────┴────────────────┴──────────────────┴──────────────────────────────────────────────────────────────────────────────────────────┘
"
    );
}

#[test]
fn csv_rows_carry_every_field_but_the_deadlines() {
    let members = [vec![lan()], others()].concat();
    let csv = text(|out| members_csv(out, &members));
    assert!(csv.as_bytes().starts_with(BOM));
    assert_eq!(
        &csv[BOM.len()..],
        "\
person,admission_date,ceremony_date,official_date,origin,since,status,as_of,cell,exit,exit_date,seniority_years,seniority_months,recognition_vote_date,recognized,card_number,card_date,residence_introduction_date,exempt,suspended,temporarily_at,temporary_until
P1,2023-10-02,2023-11-06,2024-11-06,admitted,2023-10-02,probationary,2024-06-30,CB01,,,0,8,,false,,,,false,false,CB09,2024-12-31
S1,2009-05-19,,2010-06-01,existing,,official,,CB02,,,15,1,,true,01234567,,,true,false,,
S2,1990-01-05,,,,,official,,CB02,deceased,2024-02-10,34,1,,true,,,,false,false,,
"
    );
}
