//! `report overdue`: one row per decision still to take, labelled in the `--lang` as a table,
//! with codes as JSON and CSV.

use std::io::Write;

use super::{Result, delimited, person::date, table::new_table};
use crate::{
    i18n::{self, Field, Lang},
    view::OverdueView,
};

/// The CSV header: the field names of [`OverdueView`].
const COLUMNS: [&str; 9] = [
    "person",
    "full_name",
    "cell",
    "next_decision",
    "flag",
    "description",
    "due_date",
    "overdue",
    "working_days_late",
];

/// The columns of the table.
const FIELDS: [Field; 8] = [
    Field::Person,
    Field::FullName,
    Field::Cell,
    Field::NextDecision,
    Field::Flag,
    Field::DueDate,
    Field::WorkingDaysLate,
    Field::DeadlineState,
];

/// The rows, in the server's order (due date, then person).
pub(super) fn overdue_table(out: &mut dyn Write, lang: Lang, items: &[OverdueView]) -> Result {
    let mut table = new_table();
    table.set_header(FIELDS.map(|f| i18n::field(lang, f)));
    for item in items {
        table.add_row(vec![
            item.person.clone(),
            item.full_name.clone(),
            item.cell.clone(),
            i18n::decision_kind_label(lang, item.next_decision).to_owned(),
            i18n::flag_label(lang, &item.flag),
            date(item.due_date),
            item.working_days_late.to_string(),
            i18n::overdue_state(lang, item.overdue).to_owned(),
        ]);
    }
    writeln!(out, "{table}")
}

/// The rows as CSV.
pub(super) fn overdue_csv(out: &mut dyn Write, items: &[OverdueView]) -> Result {
    let mut writer = delimited::writer(out, &COLUMNS)?;
    for item in items {
        writer.serialize(item)?;
    }
    writer.flush()
}

#[cfg(test)]
mod tests;
