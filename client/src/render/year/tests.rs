//! `report year` as the board reads it, from hand-built wire reports: 2021 with the figures of
//! DESIGN §5's example, 2020 made up to reconcile with it (its end is 2021's start).

mod xlsx;

use dangvien_proto::v1 as pb;

use super::*;
use crate::{cli::Format, render::Renderer};

/// A breakdown from its 17 counts, in the order of the JSON keys.
fn breakdown(n: [i64; 17]) -> Option<pb::Breakdown> {
    Some(pb::Breakdown {
        women: n[0],
        ethnic_minority: n[1],
        religious: n[2],
        age_30_or_under: n[3],
        age_31_40: n[4],
        age_41_50: n[5],
        age_51_60: n[6],
        age_over_60: n[7],
        education_primary: n[8],
        education_lower_secondary: n[9],
        education_upper_secondary: n[10],
        sector_state_agency: n[11],
        sector_public_service_unit: n[12],
        sector_state_enterprise: n[13],
        sector_non_state_enterprise: n[14],
        sector_fdi_enterprise: n[15],
        sector_other: n[16],
    })
}

/// DESIGN §5's example; the breakdown keys the example leaves out are made up.
pub(super) fn wire_2021() -> pb::YearReport {
    pb::YearReport {
        org: "organizations/KHOI".into(),
        year: 2021,
        headcount_start: 4934,
        headcount_end: 5100,
        official_end: 4890,
        probationary_end: 210,
        gains: Some(pb::Gains {
            admitted: 187,
            transferred_in: 12,
            restored: 0,
            reorganized_in: 0,
        }),
        losses: Some(pb::Losses {
            transferred_out: 20,
            deceased: 9,
            struck_off: 3,
            expelled: 1,
            resigned: 0,
            reorganized_out: 0,
        }),
        pipeline: Some(pb::Pipeline {
            nominated: 610,
            sympathizers_recognized: 425,
            courses_completed: 300,
            cell_approved: 190,
            admitted: 187,
            ceremonies_held: 181,
            recognized_official: 160,
            struck_off_probationary: 2,
        }),
        organizations: Some(pb::OrganizationCounts {
            grassroots_committees: 60,
            grassroots_cells: 31,
            partial_committees: 1,
            cells: 285,
        }),
        target: Some(pb::TargetProgress {
            admissions: None,
            progress: None,
            // As a double may carry it: the view rounds it to 4 decimals.
            admission_rate: Some(187.0 / 4934.0),
        }),
        residence_introductions: Some(pb::ResidenceIntroductions {
            due: 187,
            on_time: 187,
            late: 0,
            pending: 0,
        }),
        ratings: Some(pb::Ratings {
            excellent: 700,
            good: 3900,
            completed: 400,
            not_completed: 20,
            good_or_better_share: Some(0.9163),
        }),
        breakdown: Some(pb::Breakdowns {
            admitted: breakdown([
                101, 9, 4, 120, 50, 15, 2, 0, 0, 7, 180, 60, 50, 40, 25, 10, 2,
            ]),
            headcount_end: breakdown([
                2300, 150, 80, 900, 1800, 1300, 1000, 100, 5, 120, 4975, 1500, 1400, 1000, 700,
                350, 150,
            ]),
        }),
    }
}

/// The year before, with a target, so that the ratios of one column are set and of the other not.
pub(super) fn wire_2020() -> pb::YearReport {
    pb::YearReport {
        org: "organizations/KHOI".into(),
        year: 2020,
        headcount_start: 4785,
        headcount_end: 4934,
        official_end: 4760,
        probationary_end: 174,
        gains: Some(pb::Gains {
            admitted: 170,
            transferred_in: 15,
            restored: 0,
            reorganized_in: 0,
        }),
        losses: Some(pb::Losses {
            transferred_out: 25,
            deceased: 8,
            struck_off: 2,
            expelled: 0,
            resigned: 1,
            reorganized_out: 0,
        }),
        pipeline: Some(pb::Pipeline {
            nominated: 580,
            sympathizers_recognized: 400,
            courses_completed: 290,
            cell_approved: 175,
            admitted: 170,
            ceremonies_held: 168,
            recognized_official: 150,
            struck_off_probationary: 1,
        }),
        organizations: Some(pb::OrganizationCounts {
            grassroots_committees: 61,
            grassroots_cells: 31,
            partial_committees: 1,
            cells: 280,
        }),
        target: Some(pb::TargetProgress {
            admissions: Some(160),
            progress: Some(1.0625),
            admission_rate: Some(0.0355),
        }),
        residence_introductions: Some(pb::ResidenceIntroductions {
            due: 170,
            on_time: 165,
            late: 3,
            pending: 2,
        }),
        ratings: Some(pb::Ratings {
            excellent: 650,
            good: 3800,
            completed: 380,
            not_completed: 25,
            good_or_better_share: Some(0.9166),
        }),
        breakdown: Some(pb::Breakdowns {
            admitted: breakdown([90, 8, 4, 110, 45, 13, 2, 0, 0, 5, 165, 55, 45, 38, 22, 8, 2]),
            headcount_end: breakdown([
                2200, 145, 78, 880, 1750, 1280, 960, 64, 6, 125, 4803, 1460, 1350, 980, 680, 320,
                144,
            ]),
        }),
    }
}

/// What `report year` prints for 2021 in `format`, beside 2020 when `with_previous`.
pub(super) fn rendered(format: Format, lang: Lang, with_previous: bool) -> Vec<u8> {
    let current = YearReportView::from(wire_2021());
    let previous = with_previous.then(|| YearReportView::from(wire_2020()));
    let mut out = Vec::new();
    Renderer::new(&mut out, format, lang)
        .year_report(&current, previous.as_ref())
        .unwrap();
    out
}

/// `actual` is the checked-in `expected`, or the test fails showing the first line that differs.
fn assert_snapshot(actual: &str, expected: &str) {
    for (n, (a, e)) in actual.lines().zip(expected.lines()).enumerate() {
        assert_eq!(a, e, "line {} differs; whole output:\n{actual}", n + 1);
    }
    assert_eq!(actual, expected, "whole output:\n{actual}");
}

#[test]
fn the_table_matches_the_snapshot() {
    let text = String::from_utf8(rendered(Format::Table, Lang::Vi, true)).unwrap();
    assert_snapshot(
        &text,
        include_str!("../../../tests/snapshots/report_year_2021.txt"),
    );
}

/// The cells of the table row labelled `label` (the first such row).
fn row_of(text: &str, label: &str) -> Vec<String> {
    text.lines()
        .find(|l| l.starts_with(&format!("│ {label} ")))
        .unwrap_or_else(|| panic!("{label} missing from\n{text}"))
        .split('┆')
        .map(|cell| cell.trim_matches(['│', ' ']).to_owned())
        .collect()
}

/// The rows that matter most, checked one by one so that a failure says which.
#[test]
fn the_table_groups_numbers_and_shows_changes() {
    let text = String::from_utf8(rendered(Format::Table, Lang::Vi, true)).unwrap();
    assert!(
        text.starts_with("Báo cáo thống kê năm 2021 — KHOI\n"),
        "{text}"
    );
    assert_eq!(
        row_of(&text, "Chỉ tiêu"),
        ["Chỉ tiêu", "Kỳ này", "Cùng kỳ năm trước", "%"]
    );
    assert_eq!(
        row_of(&text, "Đảng số cuối năm"),
        ["Đảng số cuối năm", "5.100", "4.934", "+3,4%"]
    );
    assert_eq!(
        row_of(&text, "Đảng số đầu năm"),
        ["Đảng số đầu năm", "4.934", "4.785", "+3,1%"]
    );
    // Nothing to compare with a year of none.
    assert_eq!(row_of(&text, "Khai trừ"), ["Khai trừ", "1", "0", ""]);
    assert_eq!(
        row_of(&text, "Xin ra khỏi Đảng"),
        ["Xin ra khỏi Đảng", "0", "1", "-100,0%"]
    );
    // A target never set and the ratio over it: a dash, and no change.
    assert_eq!(
        row_of(&text, "Chỉ tiêu kết nạp"),
        ["Chỉ tiêu kết nạp", "—", "160", ""]
    );
    assert_eq!(
        row_of(&text, "Tỷ lệ hoàn thành chỉ tiêu"),
        ["Tỷ lệ hoàn thành chỉ tiêu", "—", "106,25%", ""]
    );
    assert_eq!(
        row_of(&text, "Tỷ lệ kết nạp so với đảng số đầu năm"),
        ["Tỷ lệ kết nạp so với đảng số đầu năm", "3,79%", "3,55%", ""]
    );
    assert_eq!(
        row_of(&text, "Doanh nghiệp có vốn đầu tư nước ngoài"),
        ["Doanh nghiệp có vốn đầu tư nước ngoài", "10", "8", "+25,0%"]
    );
}

#[test]
fn without_the_year_before_its_columns_are_empty() {
    let text = String::from_utf8(rendered(Format::Table, Lang::Vi, false)).unwrap();
    assert_eq!(
        row_of(&text, "Đảng số cuối năm"),
        ["Đảng số cuối năm", "5.100", "", ""]
    );
    assert_eq!(
        row_of(&text, "Chỉ tiêu kết nạp"),
        ["Chỉ tiêu kết nạp", "—", "", ""]
    );
}

#[test]
fn the_english_table_has_english_labels() {
    let text = String::from_utf8(rendered(Format::Table, Lang::En, true)).unwrap();
    assert!(text.starts_with("Statistics for 2021 — KHOI\n"), "{text}");
    assert_eq!(
        row_of(&text, "Members on 31 December"),
        ["Members on 31 December", "5,100", "4,934", "+3.4%"]
    );
    assert!(text.contains("FDI enterprise"), "{text}");
}

#[test]
fn csv_has_a_bom_and_the_rows_of_the_table_with_plain_numbers() {
    let bytes = rendered(Format::Csv, Lang::Vi, true);
    assert!(bytes.starts_with(crate::render::delimited::BOM));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert_snapshot(
        &text,
        include_str!("../../../tests/snapshots/report_year_2021.csv"),
    );
    // Every row has the four columns, and a spreadsheet reads its numbers as numbers.
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), 8 + 14 + 8 + 4 + 4 + 4 + 5 + 17 + 17);
    assert!(rows.iter().all(|r| r.len() == 4));
    let end = rows.iter().find(|r| &r[0] == "Đảng số cuối năm").unwrap();
    assert_eq!(end[1].parse::<i64>().unwrap(), 5100);
    assert_eq!(end[3].parse::<f64>().unwrap(), 0.034);
}

#[test]
fn json_is_the_example_of_design_5_with_every_key() {
    let text = String::from_utf8(rendered(Format::Json, Lang::Vi, true)).unwrap();
    let value: serde_json::Value = serde_json::from_str(&text).unwrap();
    let expected = serde_json::json!({
        "org": "KHOI", "year": 2021,
        "headcount_start": 4934, "headcount_end": 5100, "official_end": 4890, "probationary_end": 210,
        "gains": {"admitted": 187, "transferred_in": 12, "restored": 0, "reorganized_in": 0},
        "losses": {"transferred_out": 20, "deceased": 9, "struck_off": 3, "expelled": 1,
                   "resigned": 0, "reorganized_out": 0},
        "pipeline": {"nominated": 610, "sympathizers_recognized": 425, "courses_completed": 300,
                     "cell_approved": 190, "admitted": 187, "ceremonies_held": 181,
                     "recognized_official": 160, "struck_off_probationary": 2},
        "organizations": {"grassroots_committees": 60, "grassroots_cells": 31,
                          "partial_committees": 1, "cells": 285},
        "target": {"admissions": null, "progress": null, "admission_rate": 0.0379},
        "residence_introductions": {"due": 187, "on_time": 187, "late": 0, "pending": 0},
        "ratings": {"excellent": 700, "good": 3900, "completed": 400, "not_completed": 20,
                    "good_or_better_share": 0.9163},
        "breakdown": {
            "admitted": {
                "women": 101, "ethnic_minority": 9, "religious": 4, "age_30_or_under": 120,
                "age_31_40": 50, "age_41_50": 15, "age_51_60": 2, "age_over_60": 0,
                "education_primary": 0, "education_lower_secondary": 7,
                "education_upper_secondary": 180, "sector_state_agency": 60,
                "sector_public_service_unit": 50, "sector_state_enterprise": 40,
                "sector_non_state_enterprise": 25, "sector_fdi_enterprise": 10, "sector_other": 2
            },
            "headcount_end": {
                "women": 2300, "ethnic_minority": 150, "religious": 80, "age_30_or_under": 900,
                "age_31_40": 1800, "age_41_50": 1300, "age_51_60": 1000, "age_over_60": 100,
                "education_primary": 5, "education_lower_secondary": 120,
                "education_upper_secondary": 4975, "sector_state_agency": 1500,
                "sector_public_service_unit": 1400, "sector_state_enterprise": 1000,
                "sector_non_state_enterprise": 700, "sector_fdi_enterprise": 350, "sector_other": 150
            }
        }
    });
    assert_eq!(value, expected, "{text}");
    // The ratio is written as §5 writes it, not as the division left it.
    assert!(text.contains("\"admission_rate\": 0.0379\n"), "{text}");
    // Keys in §5's order.
    let order = [
        "\"org\"",
        "\"year\"",
        "\"headcount_start\"",
        "\"headcount_end\"",
        "\"official_end\"",
        "\"probationary_end\"",
        "\"gains\"",
        "\"losses\"",
        "\"pipeline\"",
        "\"organizations\"",
        "\"target\"",
        "\"residence_introductions\"",
        "\"ratings\"",
        "\"breakdown\"",
    ];
    let positions: Vec<usize> = order.iter().map(|k| text.find(k).unwrap()).collect();
    assert!(positions.is_sorted(), "{text}");
}

#[test]
fn json_without_an_org_says_null() {
    let mut wire = wire_2021();
    wire.org = String::new();
    let value = serde_json::to_value(YearReportView::from(wire)).unwrap();
    assert_eq!(value["org"], serde_json::Value::Null);
    let mut wire = wire_2020();
    wire.org = String::new();
    let mut out = Vec::new();
    year_table(&mut out, Lang::Vi, &wire.into(), None).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.starts_with("Báo cáo thống kê năm 2020 — Toàn bộ\n"),
        "{text}"
    );
}
