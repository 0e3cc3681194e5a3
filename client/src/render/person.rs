//! Persons: a heading per row for one, a headed table for a list, CSV rows with the JSON keys as
//! header; and the helpers the other renderers share (key-value tables, dates, yes/no).

use std::io::Write;

use chrono::NaiveDate;

use super::{Result, delimited, table::new_table};
use crate::{
    i18n::{self, Field, Lang},
    view::{PersonRow, PersonView},
};

/// The CSV header of one person: the field names of [`PersonView`].
const PERSON_COLUMNS: [&str; 17] = [
    "external_id",
    "full_name",
    "gender",
    "birth_date",
    "ethnicity",
    "religion",
    "education",
    "professional_level",
    "hardship_exception",
    "youth_union",
    "trade_union",
    "national_id",
    "cell",
    "cell_since",
    "case_state",
    "member",
    "etag",
];

/// The CSV header of a list of persons: the field names of [`PersonRow`].
const ROW_COLUMNS: [&str; 16] = [
    "external_id",
    "full_name",
    "gender",
    "birth_date",
    "ethnicity",
    "religion",
    "education",
    "professional_level",
    "hardship_exception",
    "youth_union",
    "trade_union",
    "cell",
    "cell_since",
    "case_state",
    "member",
    "etag",
];

/// The columns of `person list` as a table: enough to find someone, the rest is in `show`.
const LIST_FIELDS: [Field; 7] = [
    Field::Id,
    Field::FullName,
    Field::Gender,
    Field::BirthDate,
    Field::Cell,
    Field::CaseState,
    Field::Member,
];

/// One person as a table, the national ID included.
pub(super) fn person_table(out: &mut dyn Write, lang: Lang, p: &PersonView) -> Result {
    let text = |t: &Option<String>| t.clone().unwrap_or_default();
    let rows = [
        (Field::Id, p.external_id.clone()),
        (Field::FullName, p.full_name.clone()),
        (Field::Gender, i18n::gender_label(lang, p.gender).to_owned()),
        (Field::BirthDate, date(p.birth_date)),
        (Field::Ethnicity, p.ethnicity.clone()),
        (
            Field::Religion,
            p.religion
                .clone()
                .unwrap_or_else(|| i18n::none(lang).to_owned()),
        ),
        (
            Field::Education,
            i18n::education_label(lang, p.education).to_owned(),
        ),
        (Field::ProfessionalLevel, text(&p.professional_level)),
        (Field::HardshipException, yes_no(lang, p.hardship_exception)),
        (Field::YouthUnion, yes_no(lang, p.youth_union)),
        (Field::TradeUnion, yes_no(lang, p.trade_union)),
        (Field::NationalId, text(&p.national_id)),
        (Field::Cell, p.cell.clone()),
        (Field::CellSince, date(p.cell_since)),
        (Field::CaseState, case_state(lang, p)),
        (Field::Member, yes_no(lang, p.member)),
        (Field::Etag, p.etag.clone()),
    ];
    key_values(out, lang, rows)
}

/// A list of persons as a table.
pub(super) fn people_table(out: &mut dyn Write, lang: Lang, people: &[PersonRow]) -> Result {
    let mut table = new_table();
    table.set_header(LIST_FIELDS.map(|f| i18n::field(lang, f)));
    for p in people {
        let state = match p.case_state {
            None => String::new(),
            Some(state) => i18n::case_state_label(lang, Some(state)).to_owned(),
        };
        table.add_row(vec![
            p.external_id.clone(),
            p.full_name.clone(),
            i18n::gender_label(lang, p.gender).to_owned(),
            date(p.birth_date),
            p.cell.clone(),
            state,
            yes_no(lang, p.member),
        ]);
    }
    writeln!(out, "{table}")
}

/// One person as CSV.
pub(super) fn person_csv(out: &mut dyn Write, person: &PersonView) -> Result {
    let mut writer = delimited::writer(out, &PERSON_COLUMNS)?;
    writer.serialize(person)?;
    writer.flush()
}

/// Persons as CSV, one row each.
pub(super) fn people_csv(out: &mut dyn Write, people: &[PersonRow]) -> Result {
    let mut writer = delimited::writer(out, &ROW_COLUMNS)?;
    for person in people {
        writer.serialize(person)?;
    }
    writer.flush()
}

/// A table of a heading and a value per row.
pub(super) fn key_values(
    out: &mut dyn Write,
    lang: Lang,
    rows: impl IntoIterator<Item = (Field, String)>,
) -> Result {
    let mut table = new_table();
    for (field, value) in rows {
        table.add_row(vec![i18n::field(lang, field).to_owned(), value]);
    }
    writeln!(out, "{table}")
}

/// A date cell; empty when unset.
pub(super) fn date(day: Option<NaiveDate>) -> String {
    day.map(|d| d.to_string()).unwrap_or_default()
}

pub(super) fn yes_no(lang: Lang, yes: bool) -> String {
    i18n::yes_no(lang, yes).to_owned()
}

/// The case state of a person: empty when there has never been a case.
fn case_state(lang: Lang, person: &PersonView) -> String {
    match person.case_state {
        None => String::new(),
        state @ Some(_) => i18n::case_state_label(lang, state).to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::{CaseState, Education, Gender};

    fn lan() -> PersonView {
        PersonView {
            external_id: "P1".into(),
            full_name: "Nguyễn Thị Lan".into(),
            gender: Some(Gender::Female),
            birth_date: NaiveDate::from_ymd_opt(1996, 4, 12),
            ethnicity: "Kinh".into(),
            religion: None,
            education: Some(Education::UpperSecondary),
            professional_level: Some("Cử nhân Kinh tế".into()),
            hardship_exception: false,
            youth_union: true,
            trade_union: false,
            national_id: Some("001196012345".into()),
            cell: "CB01".into(),
            cell_since: NaiveDate::from_ymd_opt(2020, 1, 1),
            case_state: Some(CaseState::Sympathizer),
            member: false,
            etag: "\"1\"".into(),
        }
    }

    /// The serde header of one value, to compare with the hand-written one.
    fn serde_header<T: serde::Serialize>(value: &T) -> String {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.serialize(value).unwrap();
        let text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
        text.lines().next().unwrap().to_owned()
    }

    #[test]
    fn headers_are_the_field_names() {
        let person = lan();
        assert_eq!(serde_header(&person), PERSON_COLUMNS.join(","));
        let row = PersonRow::from(dangvien_proto::v1::Person::default());
        assert_eq!(serde_header(&row), ROW_COLUMNS.join(","));
    }

    #[test]
    fn one_person_shows_the_national_id_and_labels() {
        let mut out = Vec::new();
        person_table(&mut out, Lang::Vi, &lan()).unwrap();
        let text = String::from_utf8(out).unwrap();
        for expected in [
            "Nữ",
            "Trung học phổ thông",
            "Cảm tình Đảng",
            "001196012345",
            "Tôn giáo",
        ] {
            assert!(text.contains(expected), "{expected} missing from\n{text}");
        }
        let religion = text.lines().find(|l| l.contains("Tôn giáo")).unwrap();
        assert!(religion.contains("Không"), "{text}");
    }
}
