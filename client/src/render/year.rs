//! `report year` for people: a table and a CSV of the report's sections, each figure beside the
//! year before's and the change between them; `xlsx` writes the same rows as a workbook.
//!
//! Unlike the other CSV files, this one is laid out for a board (labels in the `--lang`, a row per
//! figure) because it is the report itself; scripts read the JSON. Its numbers are plain so that
//! spreadsheets parse them: integers without grouping, ratios with a decimal dot.

mod xlsx;

use std::io::Write;

use comfy_table::CellAlignment;

use super::{
    Result, delimited,
    numbers::{change_dot, change_percent, change_permille, grouped, percent, ratio_dot},
    table::new_table,
};
use crate::{
    i18n::{self, Lang},
    view::{Figure, Row, Section, YearReportView},
};

pub(super) use self::xlsx::year_workbook;

/// Shown in a table for a figure the year has no value for (a target never set, a ratio over 0).
const NO_VALUE: &str = "—";

/// The numbering of the sections, as Vietnamese reports number their parts.
const NUMERALS: [&str; 8] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"];

/// The title line, then one table: a heading row per section and a row per figure.
pub(super) fn year_table(
    out: &mut dyn Write,
    lang: Lang,
    current: &YearReportView,
    previous: Option<&YearReportView>,
) -> Result {
    writeln!(
        out,
        "{}",
        i18n::year_title(lang, current.org.as_deref(), current.year)
    )?;
    let mut table = new_table();
    table.set_header(i18n::year_columns(lang));
    for (section, numeral) in Section::ALL.into_iter().zip(NUMERALS) {
        table.add_row(vec![heading(lang, section, numeral), String::new()]);
        for row in section.rows(current, previous) {
            table.add_row(vec![
                i18n::report_line(lang, row.line).to_owned(),
                shown(lang, row.current),
                row.previous.map(|p| shown(lang, p)).unwrap_or_default(),
                change(&row)
                    .map(|c| change_percent(lang, c))
                    .unwrap_or_default(),
            ]);
        }
    }
    for column in 1..4 {
        if let Some(column) = table.column_mut(column) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    writeln!(out, "{table}")
}

/// The same rows as the table, after a BOM and the column headings; no title line, so that the
/// first row is the header a spreadsheet expects.
pub(super) fn year_csv(
    out: &mut dyn Write,
    lang: Lang,
    current: &YearReportView,
    previous: Option<&YearReportView>,
) -> Result {
    let mut writer = delimited::writer(out, &i18n::year_columns(lang))?;
    for (section, numeral) in Section::ALL.into_iter().zip(NUMERALS) {
        writer.write_record([heading(lang, section, numeral).as_str(), "", "", ""])?;
        for row in section.rows(current, previous) {
            writer.write_record([
                i18n::report_line(lang, row.line),
                &plain(row.current),
                &row.previous.map(plain).unwrap_or_default(),
                &change(&row).map(change_dot).unwrap_or_default(),
            ])?;
        }
    }
    writer.flush()
}

/// `II. Phát triển đảng viên`.
fn heading(lang: Lang, section: Section, numeral: &str) -> String {
    format!("{numeral}. {}", i18n::section_title(lang, section))
}

/// A figure for a person: grouped, or a percentage; a dash when the year has no value.
fn shown(lang: Lang, figure: Figure) -> String {
    match figure {
        Figure::Count(Some(n)) => grouped(lang, n),
        Figure::Ratio(Some(r)) => percent(lang, r),
        Figure::Count(None) | Figure::Ratio(None) => NO_VALUE.to_owned(),
    }
}

/// A figure for a spreadsheet: a plain integer, or a ratio with a dot; empty when there is none.
fn plain(figure: Figure) -> String {
    match figure {
        Figure::Count(Some(n)) => n.to_string(),
        Figure::Ratio(Some(r)) => ratio_dot(r),
        Figure::Count(None) | Figure::Ratio(None) => String::new(),
    }
}

/// The change of a count from the year before, in tenths of a percent. Ratios get none: a change
/// of a rate relative to a rate reads as nonsense beside the rates themselves.
fn change(row: &Row) -> Option<i64> {
    match (row.current, row.previous?) {
        (Figure::Count(Some(current)), Figure::Count(Some(previous))) => {
            change_permille(current, previous)
        }
        (Figure::Count(_) | Figure::Ratio(_), Figure::Count(_) | Figure::Ratio(_)) => None,
    }
}

#[cfg(test)]
mod tests;
