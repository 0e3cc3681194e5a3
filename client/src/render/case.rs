//! Decisions and admission cases: the decision `decide` stored with the case state after it (when
//! the server sent a case: a member decision may come without one), and `case show`'s state,
//! timeline and deadlines. Flags are labelled in the `--lang`; CSV holds the timeline rows and codes.

use std::io::Write;

use super::{
    Result, delimited, details,
    person::{date, key_values},
    table::new_table,
};
use crate::{
    i18n::{self, Field, Lang},
    view::{CaseView, DeadlineView, DecisionView, SubmitView},
};

/// The CSV header of a timeline row (the kind's own fields stay in JSON).
pub(super) const TIMELINE_COLUMNS: [&str; 10] = [
    "external_id",
    "date",
    "kind",
    "number",
    "body",
    "reason",
    "actor",
    "rulebook",
    "flags",
    "revoked_by",
];

/// The columns of a timeline table.
const TIMELINE_FIELDS: [Field; 7] = [
    Field::Id,
    Field::Date,
    Field::Kind,
    Field::Number,
    Field::Body,
    Field::Flags,
    Field::RevokedBy,
];

/// The columns of a deadlines table.
const DEADLINE_FIELDS: [Field; 5] = [
    Field::Flag,
    Field::Description,
    Field::DueDate,
    Field::MetOn,
    Field::Overdue,
];

/// The decision `decide` stored, then the state of the case after it.
pub(super) fn submitted_table(out: &mut dyn Write, lang: Lang, view: &SubmitView) -> Result {
    let d = &view.decision;
    let text = |t: &Option<String>| t.clone().unwrap_or_default();
    let rows = [
        (Field::Id, d.external_id.clone()),
        (
            Field::Kind,
            i18n::decision_kind_label(lang, d.kind).to_owned(),
        ),
        (Field::Person, d.person.clone()),
        (Field::Date, date(d.date)),
        (Field::Number, text(&d.number)),
        (Field::Body, d.body.clone()),
        (Field::Reason, text(&d.reason)),
        (Field::Actor, d.actor.clone()),
        (Field::Rulebook, d.rulebook.clone()),
        (Field::Flags, i18n::flags_label(lang, &d.flags)),
        (Field::RevokedBy, text(&d.revoked_by)),
    ];
    key_values(
        out,
        lang,
        rows.into_iter().chain(details::rows(lang, &d.details)),
    )?;
    if let Some(case) = &view.case {
        state_line(out, lang, case)?;
    }
    Ok(())
}

/// The case: its state and cell, then the timeline, then the deadlines.
pub(super) fn case_table(out: &mut dyn Write, lang: Lang, case: &CaseView) -> Result {
    writeln!(out, "{}: {}", i18n::field(lang, Field::Person), case.person)?;
    state_line(out, lang, case)?;
    writeln!(out, "{}: {}", i18n::field(lang, Field::Cell), case.cell)?;
    writeln!(
        out,
        "{}: {}",
        i18n::field(lang, Field::Rulebook),
        case.rulebook
    )?;
    writeln!(out)?;
    writeln!(out, "{}", i18n::field(lang, Field::Timeline))?;
    let mut timeline = new_table();
    timeline.set_header(TIMELINE_FIELDS.map(|f| i18n::field(lang, f)));
    for d in &case.timeline {
        timeline.add_row(vec![
            d.external_id.clone(),
            date(d.date),
            i18n::decision_kind_label(lang, d.kind).to_owned(),
            d.number.clone().unwrap_or_default(),
            d.body.clone(),
            i18n::flags_label(lang, &d.flags),
            d.revoked_by.clone().unwrap_or_default(),
        ]);
    }
    writeln!(out, "{timeline}")?;
    deadlines(out, lang, &case.deadlines)
}

/// A blank line, the `Thời hạn` heading and the deadlines of a case or a member.
pub(super) fn deadlines(out: &mut dyn Write, lang: Lang, deadlines: &[DeadlineView]) -> Result {
    writeln!(out)?;
    writeln!(out, "{}", i18n::field(lang, Field::Deadlines))?;
    let mut table = new_table();
    table.set_header(DEADLINE_FIELDS.map(|f| i18n::field(lang, f)));
    for d in deadlines {
        table.add_row(vec![
            i18n::flag_label(lang, &d.flag),
            d.description.clone(),
            date(d.due_date),
            date(d.met_on),
            i18n::yes_no(lang, d.overdue).to_owned(),
        ]);
    }
    writeln!(out, "{table}")
}

/// The decision `decide` stored, as one timeline row plus the case state after it.
pub(super) fn submitted_csv(out: &mut dyn Write, view: &SubmitView) -> Result {
    let columns: Vec<&str> = TIMELINE_COLUMNS.into_iter().chain(["case_state"]).collect();
    let mut writer = delimited::writer(out, &columns)?;
    let state = view.case.as_ref().and_then(|c| c.state);
    let mut record = timeline_record(&view.decision);
    record.push(code(&state));
    writer.write_record(&record)?;
    writer.flush()
}

/// The timeline, one row per decision, oldest first.
pub(super) fn case_csv(out: &mut dyn Write, case: &CaseView) -> Result {
    let mut writer = delimited::writer(out, &TIMELINE_COLUMNS)?;
    for decision in &case.timeline {
        writer.write_record(timeline_record(decision))?;
    }
    writer.flush()
}

/// The cells of [`TIMELINE_COLUMNS`]: codes, not labels; flags joined by `;`.
pub(super) fn timeline_record(d: &DecisionView) -> Vec<String> {
    vec![
        d.external_id.clone(),
        date(d.date),
        code(&d.kind),
        d.number.clone().unwrap_or_default(),
        d.body.clone(),
        d.reason.clone().unwrap_or_default(),
        d.actor.clone(),
        d.rulebook.clone(),
        d.flags.join(";"),
        d.revoked_by.clone().unwrap_or_default(),
    ]
}

/// The snake_case code JSON would write for a value; empty for `null`.
pub(super) fn code<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(code)) => code,
        // Only the vocabularies' unit variants and `null` come here.
        Ok(_) | Err(_) => String::new(),
    }
}

/// `Trạng thái hồ sơ: …`.
fn state_line(out: &mut dyn Write, lang: Lang, case: &CaseView) -> Result {
    let label = i18n::case_state_label(lang, case.state);
    writeln!(out, "{}: {label}", i18n::field(lang, Field::CaseState))
}

#[cfg(test)]
mod tests;
