//! `member timeline`: every decision about a person, one row each, with the kind's fields in a few
//! words, the flags of late decisions labelled, and revoked decisions marked with their revoker.
//! CSV adds the kind's fields as a JSON object in one cell.

use std::io::Write;

use super::{
    Result,
    case::{TIMELINE_COLUMNS, timeline_record},
    delimited,
    person::date,
    table::new_table,
};
use crate::{
    i18n::{self, Field, Lang},
    view::DecisionView,
};

/// The columns of the table.
const FIELDS: [Field; 8] = [
    Field::Id,
    Field::Date,
    Field::Kind,
    Field::Number,
    Field::Body,
    Field::Details,
    Field::Flags,
    Field::RevokedBy,
];

/// `Người: P1`, then the decisions in the order given.
pub(super) fn timeline_table(
    out: &mut dyn Write,
    lang: Lang,
    person: &str,
    decisions: &[DecisionView],
) -> Result {
    writeln!(out, "{}: {person}", i18n::field(lang, Field::Person))?;
    writeln!(out)?;
    writeln!(out, "{}", i18n::field(lang, Field::Decisions))?;
    let mut table = new_table();
    table.set_header(FIELDS.map(|f| i18n::field(lang, f)));
    for d in decisions {
        table.add_row(vec![
            d.external_id.clone(),
            date(d.date),
            i18n::decision_kind_label(lang, d.kind).to_owned(),
            d.number.clone().unwrap_or_default(),
            d.body.clone(),
            i18n::details_summary(lang, &d.details),
            i18n::flags_label(lang, &d.flags),
            d.revoked_by.clone().unwrap_or_default(),
        ]);
    }
    writeln!(out, "{table}")
}

/// The decisions as CSV: the columns of `case show`, then `details` as compact JSON.
pub(super) fn timeline_csv(out: &mut dyn Write, decisions: &[DecisionView]) -> Result {
    let columns: Vec<&str> = TIMELINE_COLUMNS.into_iter().chain(["details"]).collect();
    let mut writer = delimited::writer(out, &columns)?;
    for d in decisions {
        let mut record = timeline_record(d);
        record.push(serde_json::to_string(&d.details)?);
        writer.write_record(&record)?;
    }
    writer.flush()
}

#[cfg(test)]
mod tests;
