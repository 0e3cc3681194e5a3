//! Decisions and admission cases: the decision `decide` stored with the case state after it, and
//! `case show`'s state, timeline and deadlines. CSV holds the timeline rows.

use std::io::Write;

use super::{
    Result, delimited,
    person::{date, key_values},
    table::new_table,
};
use crate::{
    i18n::{self, Field, Lang},
    view::{CaseView, DecisionView, DetailsView, SubmitView},
};

/// The CSV header of a timeline row (the kind's own fields stay in JSON).
const TIMELINE_COLUMNS: [&str; 10] = [
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
        (Field::Flags, d.flags.join(", ")),
        (Field::RevokedBy, text(&d.revoked_by)),
    ];
    key_values(out, lang, rows.into_iter().chain(details(lang, &d.details)))?;
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
            d.flags.join(", "),
            d.revoked_by.clone().unwrap_or_default(),
        ]);
    }
    writeln!(out, "{timeline}")?;
    writeln!(out)?;
    writeln!(out, "{}", i18n::field(lang, Field::Deadlines))?;
    let mut deadlines = new_table();
    deadlines.set_header(DEADLINE_FIELDS.map(|f| i18n::field(lang, f)));
    for d in &case.deadlines {
        deadlines.add_row(vec![
            d.flag.clone(),
            d.description.clone(),
            date(d.due_date),
            date(d.met_on),
            i18n::yes_no(lang, d.overdue).to_owned(),
        ]);
    }
    writeln!(out, "{deadlines}")
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
fn timeline_record(d: &DecisionView) -> Vec<String> {
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
fn code<T: serde::Serialize>(value: &T) -> String {
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

/// The rows of a decision kind's own fields.
fn details(lang: Lang, details: &DetailsView) -> Vec<(Field, String)> {
    match details {
        DetailsView::None {} => vec![],
        DetailsView::Mentors { mentors } => vec![(Field::Mentors, mentors.join(", "))],
        DetailsView::Course {
            certificate_number,
            issuer,
        } => vec![
            (Field::CertificateNumber, certificate_number.clone()),
            (Field::Issuer, issuer.clone()),
        ],
        DetailsView::Introductions {
            sponsors,
            union_resolution,
        } => {
            let sponsors: Vec<String> = sponsors
                .iter()
                .map(|s| format!("{} ({})", s.person, date(s.known_since)))
                .collect();
            let union = i18n::union_resolution_label(lang, *union_resolution);
            vec![
                (Field::Sponsors, sponsors.join(", ")),
                (Field::UnionResolution, union.to_owned()),
            ]
        }
        DetailsView::CellVote {
            votes_for,
            votes_against,
            full_members,
            age_consent,
        } => {
            let mut rows = vec![
                (Field::VotesFor, votes_for.to_string()),
                (Field::VotesAgainst, votes_against.to_string()),
                (Field::FullMembers, full_members.to_string()),
            ];
            if let Some(consent) = age_consent {
                let text = format!("{}, {}", consent.number, date(consent.date));
                rows.push((Field::AgeConsent, text));
            }
            rows
        }
        DetailsView::CommitteeVote { votes_for, members } => vec![
            (Field::VotesFor, votes_for.to_string()),
            (Field::Members, members.to_string()),
        ],
        DetailsView::Admit { extended } => {
            vec![(Field::Extended, i18n::yes_no(lang, *extended).to_owned())]
        }
        DetailsView::Revoke { revokes } => vec![(Field::Revokes, revokes.clone())],
    }
}

#[cfg(test)]
mod tests;
