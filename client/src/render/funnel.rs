//! `report funnel`: a row per case state, labelled in the `--lang` as a table, with codes as CSV.

use std::io::Write;

use comfy_table::CellAlignment;

use super::{
    Result, delimited,
    numbers::{grouped, percent},
    person::date,
    table::new_table,
};
use crate::{
    i18n::{self, Lang},
    view::FunnelView,
};

/// The CSV header: the field names of a funnel's stages.
const COLUMNS: [&str; 4] = ["state", "entered", "admitted", "admitted_share"];

/// The title line, then the stages in the server's order.
pub(super) fn funnel_table(out: &mut dyn Write, lang: Lang, funnel: &FunnelView) -> Result {
    let as_of = date(funnel.as_of);
    writeln!(
        out,
        "{}",
        i18n::funnel_title(lang, funnel.org.as_deref(), funnel.year, &as_of)
    )?;
    let mut table = new_table();
    table.set_header(i18n::funnel_columns(lang));
    for stage in &funnel.stages {
        table.add_row(vec![
            i18n::case_state_label(lang, stage.state).to_owned(),
            grouped(lang, stage.entered),
            grouped(lang, stage.admitted),
            stage
                .admitted_share
                .map(|share| percent(lang, share))
                .unwrap_or_default(),
        ]);
    }
    for column in 1..4 {
        if let Some(column) = table.column_mut(column) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    writeln!(out, "{table}")
}

/// The stages as CSV: the JSON keys and codes, shares to 4 decimals with a dot.
pub(super) fn funnel_csv(out: &mut dyn Write, funnel: &FunnelView) -> Result {
    let mut writer = delimited::writer(out, &COLUMNS)?;
    for stage in &funnel.stages {
        writer.serialize(stage)?;
    }
    writer.flush()
}

#[cfg(test)]
mod tests {
    use dangvien_proto::{google::r#type::Date, v1 as pb};

    use super::*;
    use crate::render::delimited::BOM;

    /// From hand-built wire stages, as the server would send them.
    fn funnel() -> FunnelView {
        let stage = |state: pb::CaseState, entered, admitted, admitted_share| pb::FunnelStage {
            state: state as i32,
            entered,
            admitted,
            admitted_share,
        };
        pb::Funnel {
            org: "organizations/KHOI".into(),
            year: 2021,
            as_of: Some(Date {
                year: 2022,
                month: 3,
                day: 31,
            }),
            stages: vec![
                stage(pb::CaseState::Candidate, 1610, 187, Some(0.1161)),
                stage(pb::CaseState::CellApproved, 190, 187, Some(0.9842)),
                stage(pb::CaseState::Rejected, 0, 0, None),
            ],
        }
        .into()
    }

    #[test]
    fn the_table_names_the_states_in_vietnamese() {
        let mut out = Vec::new();
        funnel_table(&mut out, Lang::Vi, &funnel()).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(
            text.starts_with(
                "Phát triển đảng viên theo từng bước năm 2021 — KHOI (kết nạp tính đến 2022-03-31)\n"
            ),
            "{text}"
        );
        let row = |label: &str| {
            text.lines()
                .find(|l| l.contains(label))
                .unwrap_or_else(|| panic!("{label} missing from\n{text}"))
                .split('┆')
                .map(|cell| cell.trim_matches(['│', ' ']).to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            row("Quần chúng ưu tú"),
            ["Quần chúng ưu tú (tạo nguồn)", "1.610", "187", "11,61%"]
        );
        assert_eq!(
            row("Chi bộ đề nghị"),
            ["Chi bộ đề nghị kết nạp", "190", "187", "98,42%"]
        );
        assert_eq!(row("Không kết nạp"), ["Không kết nạp", "0", "0", ""]);
    }

    #[test]
    fn csv_has_codes_and_plain_numbers() {
        let mut out = Vec::new();
        funnel_csv(&mut out, &funnel()).unwrap();
        assert!(out.starts_with(BOM));
        assert_eq!(
            String::from_utf8(out[BOM.len()..].to_vec()).unwrap(),
            "state,entered,admitted,admitted_share\n\
             candidate,1610,187,0.1161\n\
             cell_approved,190,187,0.9842\n\
             rejected,0,0,\n"
        );
    }
}
