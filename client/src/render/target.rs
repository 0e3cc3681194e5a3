//! `target set` and `target show`: the target as a heading per row, or one CSV row.

use std::io::Write;

use super::{Result, delimited, person::key_values};
use crate::{
    i18n::{Field, Lang},
    view::TargetView,
};

/// The CSV header: the field names of [`TargetView`].
const COLUMNS: [&str; 4] = ["org", "year", "admissions", "etag"];

/// One target: a heading and a value per row.
pub(super) fn target_table(out: &mut dyn Write, lang: Lang, target: &TargetView) -> Result {
    key_values(
        out,
        lang,
        [
            (Field::Org, target.org.clone()),
            (Field::Year, target.year.to_string()),
            (Field::Admissions, target.admissions.to_string()),
            (Field::Etag, target.etag.clone()),
        ],
    )
}

/// One target as a CSV row.
pub(super) fn target_csv(out: &mut dyn Write, target: &TargetView) -> Result {
    let mut writer = delimited::writer(out, &COLUMNS)?;
    writer.serialize(target)?;
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn khoi() -> TargetView {
        TargetView {
            org: "KHOI".into(),
            year: 2022,
            admissions: 150,
            etag: "\"1\"".into(),
        }
    }

    #[test]
    fn the_table_is_labelled_in_the_language() {
        let mut out = Vec::new();
        target_table(&mut out, Lang::Vi, &khoi()).unwrap();
        let text = String::from_utf8(out).unwrap();
        let row = text
            .lines()
            .find(|l| l.contains("Chỉ tiêu kết nạp"))
            .unwrap();
        assert!(row.contains("150"), "{text}");
        assert!(text.contains("Tổ chức đảng"), "{text}");
        let mut out = Vec::new();
        target_table(&mut out, Lang::En, &khoi()).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.contains("Admissions target"), "{text}");
    }

    #[test]
    fn csv_is_a_header_and_one_row() {
        let mut out = Vec::new();
        target_csv(&mut out, &khoi()).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text.trim_start_matches('\u{feff}'),
            "org,year,admissions,etag\nKHOI,2022,150,\"\"\"1\"\"\"\n"
        );
    }
}
