//! The workbook read back as a spreadsheet program would: sheets, cells and the chart.

use std::io::Read as _;

use calamine::{Data, Reader as _, Xlsx, open_workbook};

use super::rendered;
use crate::{cli::Format, i18n::Lang};

/// The workbook of 2021 beside 2020, written to a file as `--output` would.
fn workbook(lang: Lang, with_previous: bool) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bao-cao-2021.xlsx");
    std::fs::write(&path, rendered(Format::Xlsx, lang, with_previous)).unwrap();
    (dir, path)
}

/// The cells of the row of `sheet` whose first cell is `label`.
fn row(book: &mut Xlsx<std::io::BufReader<std::fs::File>>, sheet: &str, label: &str) -> Vec<Data> {
    let range = book.worksheet_range(sheet).unwrap();
    range
        .rows()
        .find(|cells| cells.first() == Some(&Data::String(label.to_owned())))
        .unwrap_or_else(|| panic!("no row {label} on {sheet}"))
        .to_vec()
}

#[test]
fn the_workbook_has_a_sheet_per_part_with_numbers_as_numbers() {
    let (_dir, path) = workbook(Lang::Vi, true);
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Đảng số",
            "Phát triển đảng viên",
            "Tổ chức",
            "Chỉ tiêu",
            "Giới thiệu nơi cư trú",
            "Xếp loại",
            "Cơ cấu",
        ]
    );
    let range = book.worksheet_range("Đảng số").unwrap();
    assert_eq!(
        range.get_value((0, 0)),
        Some(&Data::String("Báo cáo thống kê năm 2021 — KHOI".into()))
    );
    assert_eq!(
        range.get_value((2, 2)),
        Some(&Data::String("Cùng kỳ năm trước".into()))
    );
    assert_eq!(
        row(&mut book, "Đảng số", "Đảng số cuối năm"),
        [
            Data::String("Đảng số cuối năm".into()),
            Data::Float(5100.0),
            Data::Float(4934.0),
            Data::Float(0.034),
        ]
    );
    // No target in 2021: an empty cell, not a zero; the year before's ratio is a number.
    let target = row(&mut book, "Chỉ tiêu", "Chỉ tiêu kết nạp");
    assert_eq!(target[1..3], [Data::Empty, Data::Float(160.0)]);
    let progress = row(&mut book, "Chỉ tiêu", "Tỷ lệ hoàn thành chỉ tiêu");
    assert_eq!(progress[1..3], [Data::Empty, Data::Float(1.0625)]);
    let rate = row(
        &mut book,
        "Chỉ tiêu",
        "Tỷ lệ kết nạp so với đảng số đầu năm",
    );
    assert_eq!(rate[1..3], [Data::Float(0.0379), Data::Float(0.0355)]);
    // Both breakdowns on one sheet, each under its heading.
    let range = book.worksheet_range("Cơ cấu").unwrap();
    let labels: Vec<String> = range
        .rows()
        .filter_map(|cells| match cells.first() {
            Some(Data::String(label)) => Some(label.clone()),
            Some(_) | None => None,
        })
        .collect();
    assert!(
        labels.contains(&"VII. Cơ cấu đảng viên mới kết nạp".to_owned()),
        "{labels:?}"
    );
    assert!(
        labels.contains(&"VIII. Cơ cấu đảng viên cuối năm".to_owned()),
        "{labels:?}"
    );
    assert_eq!(
        labels.iter().filter(|l| *l == "Nữ").count(),
        2,
        "{labels:?}"
    );
}

/// The chart is a native column chart of the admissions and the target, this year and the year
/// before, drawn on the target's sheet.
#[test]
fn the_workbook_charts_admissions_against_the_target() {
    let (_dir, path) = workbook(Lang::Vi, true);
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut chart = String::new();
    archive
        .by_name("xl/charts/chart1.xml")
        .unwrap()
        .read_to_string(&mut chart)
        .unwrap();
    assert!(chart.contains("<c:barChart>"), "{chart}");
    assert!(chart.contains("<c:barDir val=\"col\"/>"), "{chart}");
    // Categories: the admissions and the target rows; one series per year.
    assert!(chart.contains("'Chỉ tiêu'!$A$5:$A$6"), "{chart}");
    assert!(chart.contains("'Chỉ tiêu'!$B$5:$B$6"), "{chart}");
    assert!(chart.contains("'Chỉ tiêu'!$C$5:$C$6"), "{chart}");
    assert!(chart.contains("Kết nạp so với chỉ tiêu"), "{chart}");
    // Drawn on the fourth sheet, the target's.
    let mut rels = String::new();
    archive
        .by_name("xl/worksheets/_rels/sheet4.xml.rels")
        .unwrap()
        .read_to_string(&mut rels)
        .unwrap();
    assert!(rels.contains("drawing"), "{rels}");
    assert!(archive.by_name("xl/charts/chart2.xml").is_err());
}

#[test]
fn without_the_year_before_the_chart_has_one_series() {
    let (_dir, path) = workbook(Lang::Vi, false);
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&path).unwrap()).unwrap();
    let mut chart = String::new();
    archive
        .by_name("xl/charts/chart1.xml")
        .unwrap()
        .read_to_string(&mut chart)
        .unwrap();
    assert_eq!(chart.matches("<c:ser>").count(), 1, "{chart}");
    let mut book: Xlsx<_> = open_workbook(&path).unwrap();
    let end = row(&mut book, "Đảng số", "Đảng số cuối năm");
    assert_eq!(end[1], Data::Float(5100.0));
    assert!(end[2..].iter().all(|cell| *cell == Data::Empty), "{end:?}");
}

#[test]
fn english_sheet_names_are_valid_too() {
    let (_dir, path) = workbook(Lang::En, true);
    let book: Xlsx<_> = open_workbook(&path).unwrap();
    let names = book.sheet_names();
    assert_eq!(names.len(), 7);
    assert_eq!(names[0], "Headcount");
}
