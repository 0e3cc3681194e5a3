//! `report year --format xlsx`: a workbook with a worksheet per part of the report, numbers as
//! numbers (ratios and changes formatted as percentages, so Excel shows them in the reader's own
//! locale), and a column chart of the admissions against the target on the target's sheet.

use std::io::{self, Write};

use rust_xlsxwriter::{Chart, ChartType, Format, Workbook, Worksheet, XlsxError};

use super::{NUMERALS, Result, change, heading};
use crate::{
    i18n::{self, Lang},
    view::{Figure, Line, Section, YearReportView},
};

/// The row of the column headings; the title is on row 0 and a blank row sets it apart.
const HEADER_ROW: u32 = 2;

/// Where the chart's top left corner goes on the target's sheet: right of the table.
const CHART_AT: (u32, u16) = (HEADER_ROW, 5);

/// The number formats of the cells.
struct Formats {
    bold: Format,
    count: Format,
    ratio: Format,
    change: Format,
}

/// Writes the workbook to `out`; it is assembled in memory first, as a zip archive must be.
pub(crate) fn year_workbook(
    out: &mut dyn Write,
    lang: Lang,
    current: &YearReportView,
    previous: Option<&YearReportView>,
) -> Result {
    let bytes = workbook(lang, current, previous)
        .and_then(|mut book| book.save_to_buffer())
        .map_err(io::Error::other)?;
    out.write_all(&bytes)
}

fn workbook(
    lang: Lang,
    current: &YearReportView,
    previous: Option<&YearReportView>,
) -> std::result::Result<Workbook, XlsxError> {
    let formats = Formats {
        bold: Format::new().set_bold(),
        // Excel groups thousands with the reader's own separator (a dot in Vietnamese).
        count: Format::new().set_num_format("#,##0"),
        ratio: Format::new().set_num_format("0.00%"),
        change: Format::new().set_num_format("+0.0%;-0.0%;0.0%"),
    };
    let title = i18n::year_title(lang, current.org.as_deref(), current.year);
    let mut book = Workbook::new();
    for sections in sheets(lang) {
        let Some(&(first, _)) = sections.first() else {
            continue;
        };
        let sheet = book.add_worksheet();
        sheet.set_name(i18n::sheet_name(lang, first))?;
        sheet.write_string_with_format(0, 0, &title, &formats.bold)?;
        for (col, text) in (0..).zip(i18n::year_columns(lang)) {
            sheet.write_string_with_format(HEADER_ROW, col, text, &formats.bold)?;
        }
        let mut row = HEADER_ROW + 1;
        for (section, numeral) in sections {
            sheet.write_string_with_format(
                row,
                0,
                heading(lang, section, numeral),
                &formats.bold,
            )?;
            row += 1;
            for line in section.rows(current, previous) {
                if section == Section::Target && line.line == Line::Admitted {
                    let chart = admissions_chart(lang, first, row, previous.is_some());
                    sheet.insert_chart(CHART_AT.0, CHART_AT.1, &chart)?;
                }
                sheet.write_string(row, 0, i18n::report_line(lang, line.line))?;
                figure(sheet, row, 1, line.current, &formats)?;
                if let Some(before) = line.previous {
                    figure(sheet, row, 2, before, &formats)?;
                }
                if let Some(permille) = change(&line) {
                    sheet.write_number_with_format(
                        row,
                        3,
                        permille as f64 / 1000.0,
                        &formats.change,
                    )?;
                }
                row += 1;
            }
        }
        sheet.set_column_width(0, 46)?;
        sheet.set_column_width(1, 12)?;
        sheet.set_column_width(2, 20)?;
        sheet.set_column_width(3, 10)?;
        sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    }
    Ok(book)
}

/// The sections of each worksheet with their numerals, in order: consecutive sections that share
/// a sheet name go on one sheet.
fn sheets(lang: Lang) -> Vec<Vec<(Section, &'static str)>> {
    let mut sheets: Vec<Vec<(Section, &'static str)>> = Vec::new();
    for (section, numeral) in Section::ALL.into_iter().zip(NUMERALS) {
        let name = i18n::sheet_name(lang, section);
        match sheets.last_mut() {
            Some(last) if last.first().map(|(s, _)| i18n::sheet_name(lang, *s)) == Some(name) => {
                last.push((section, numeral));
            }
            Some(_) | None => sheets.push(vec![(section, numeral)]),
        }
    }
    sheets
}

/// A figure as a number cell; nothing for a value the year does not have.
fn figure(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: Figure,
    formats: &Formats,
) -> std::result::Result<(), XlsxError> {
    match value {
        // Excel's numbers are doubles; any real count is exact in one.
        Figure::Count(Some(n)) => {
            sheet.write_number_with_format(row, col, n as f64, &formats.count)?;
        }
        Figure::Ratio(Some(r)) => {
            sheet.write_number_with_format(row, col, r, &formats.ratio)?;
        }
        Figure::Count(None) | Figure::Ratio(None) => {}
    }
    Ok(())
}

/// A column chart of the admissions and the target (the rows `admitted_row` and the one below
/// it on `section`'s sheet): this year, and the year before when it was reported.
fn admissions_chart(lang: Lang, section: Section, admitted_row: u32, previous: bool) -> Chart {
    let sheet = i18n::sheet_name(lang, section);
    let target_row = admitted_row + 1;
    let mut chart = Chart::new(ChartType::Column);
    let columns: &[u16] = if previous { &[1, 2] } else { &[1] };
    for &col in columns {
        chart
            .add_series()
            .set_name((sheet, HEADER_ROW, col))
            .set_categories((sheet, admitted_row, 0, target_row, 0))
            .set_values((sheet, admitted_row, col, target_row, col));
    }
    chart.title().set_name(i18n::admissions_chart_title(lang));
    chart
}
