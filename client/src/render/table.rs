//! Organisations as comfy-table tables, headed and labelled in the chosen language.

use std::io::Write;

use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};

use super::Result;
use crate::{
    i18n::{self, Heading, Lang},
    view::OrgView,
};

/// One organisation: a heading and a value per row.
pub(super) fn org(out: &mut dyn Write, lang: Lang, org: &OrgView) -> Result {
    let mut table = new_table();
    for (heading, value) in Heading::ORG.into_iter().zip(cells(lang, org)) {
        table.add_row(vec![i18n::heading(lang, heading).to_owned(), value]);
    }
    writeln!(out, "{table}")
}

/// Organisations: a heading row, then one row each.
pub(super) fn orgs(out: &mut dyn Write, lang: Lang, orgs: &[OrgView]) -> Result {
    let mut table = new_table();
    table.set_header(Heading::ORG.map(|h| i18n::heading(lang, h)));
    for org in orgs {
        table.add_row(cells(lang, org));
    }
    writeln!(out, "{table}")
}

pub(super) fn new_table() -> Table {
    let mut table = Table::new();
    // No styling and no wrapping: the same bytes on a terminal, in a pipe or in a file.
    table.load_style(UTF8_FULL_CONDENSED);
    table
}

/// The cells of an organisation, in the order of [`Heading::ORG`].
fn cells(lang: Lang, org: &OrgView) -> [String; 8] {
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    [
        org.code.clone(),
        org.name.clone(),
        i18n::kind_label(lang, org.kind).to_owned(),
        org.parent.clone().unwrap_or_default(),
        i18n::sector_label(lang, org.sector).to_owned(),
        date(org.valid_from),
        date(org.valid_to),
        org.etag.clone(),
    ]
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::vocab::{Kind, Sector};

    fn khoi() -> OrgView {
        OrgView {
            code: "KHOI".into(),
            name: "Đảng bộ Khối".into(),
            kind: Some(Kind::Bloc),
            sector: Some(Sector::StateAgency),
            parent: None,
            valid_from: NaiveDate::from_ymd_opt(2015, 1, 1),
            valid_to: None,
            etag: "\"1\"".into(),
        }
    }

    #[test]
    fn a_list_is_headed_and_labelled_in_the_language() {
        let mut out = Vec::new();
        orgs(&mut out, Lang::Vi, &[khoi()]).unwrap();
        let text = String::from_utf8(out).unwrap();
        for expected in [
            "Mã",
            "Hiệu lực đến",
            "Đảng bộ khối",
            "Cơ quan nhà nước",
            "2015-01-01",
        ] {
            assert!(text.contains(expected), "{expected} missing from\n{text}");
        }
        let mut out = Vec::new();
        orgs(&mut out, Lang::En, &[khoi()]).unwrap();
        let text = String::from_utf8(out).unwrap();
        for expected in ["Valid to", "bloc committee", "State agency"] {
            assert!(text.contains(expected), "{expected} missing from\n{text}");
        }
    }

    #[test]
    fn one_org_is_a_heading_per_row() {
        let mut out = Vec::new();
        org(&mut out, Lang::En, &khoi()).unwrap();
        let text = String::from_utf8(out).unwrap();
        let row = text.lines().find(|l| l.contains("Code")).unwrap();
        assert!(row.contains("KHOI"), "{text}");
    }
}
