//! Memberships: `member show` as a heading per row and its deadlines, `member list` as a headed
//! table, both as CSV rows (without the deadlines, which JSON carries).

use std::io::Write;

use super::{
    Result, case, delimited,
    person::{date, key_values, yes_no},
    table::new_table,
};
use crate::{
    i18n::{self, Field, Lang},
    view::{MemberRow, MemberView},
};

/// The CSV header of a membership: the field names of [`MemberRow`].
const MEMBER_COLUMNS: [&str; 22] = [
    "person",
    "admission_date",
    "ceremony_date",
    "official_date",
    "origin",
    "since",
    "status",
    "as_of",
    "cell",
    "exit",
    "exit_date",
    "seniority_years",
    "seniority_months",
    "recognition_vote_date",
    "recognized",
    "card_number",
    "card_date",
    "residence_introduction_date",
    "exempt",
    "suspended",
    "temporarily_at",
    "temporary_until",
];

/// The columns of `member list` as a table: enough to find a member, the rest is in `show`.
const LIST_FIELDS: [Field; 8] = [
    Field::Person,
    Field::Cell,
    Field::Status,
    Field::AdmissionDate,
    Field::OfficialDate,
    Field::Seniority,
    Field::CardNumber,
    Field::Notes,
];

/// One membership: every field, then its deadlines.
pub(super) fn member_table(out: &mut dyn Write, lang: Lang, view: &MemberView) -> Result {
    let m = &view.member;
    let text = |t: &Option<String>| t.clone().unwrap_or_default();
    let temporary = match (&m.temporarily_at, m.temporary_until) {
        (None, None) => i18n::none(lang).to_owned(),
        (Some(at), until) => format!("{at}, {}", i18n::until(lang, until)),
        (None, until @ Some(_)) => i18n::until(lang, until),
    };
    let rows = [
        (Field::Person, m.person.clone()),
        (
            Field::Status,
            i18n::member_status_label(lang, m.status).to_owned(),
        ),
        (Field::AsOf, date(m.as_of)),
        (Field::Cell, text(&m.cell)),
        (Field::AdmissionDate, date(m.admission_date)),
        (Field::CeremonyDate, date(m.ceremony_date)),
        (Field::OfficialDate, date(m.official_date)),
        (Field::RecognitionVoteDate, date(m.recognition_vote_date)),
        (Field::Recognized, yes_no(lang, m.recognized)),
        (Field::Seniority, seniority(lang, m)),
        (
            Field::Origin,
            i18n::member_origin_label(lang, m.origin).to_owned(),
        ),
        (Field::Since, date(m.since)),
        (Field::Exit, i18n::exit_label(lang, m.exit).to_owned()),
        (Field::ExitDate, date(m.exit_date)),
        (Field::CardNumber, text(&m.card_number)),
        (Field::CardDate, date(m.card_date)),
        (
            Field::ResidenceIntroductionDate,
            date(m.residence_introduction_date),
        ),
        (Field::Exempt, yes_no(lang, m.exempt)),
        (Field::Suspended, yes_no(lang, m.suspended)),
        (Field::TemporaryTransfer, temporary),
    ];
    key_values(out, lang, rows)?;
    case::deadlines(out, lang, &view.deadlines)
}

/// Memberships, one row each, in the order given.
pub(super) fn members_table(out: &mut dyn Write, lang: Lang, members: &[MemberView]) -> Result {
    let mut table = new_table();
    table.set_header(LIST_FIELDS.map(|f| i18n::field(lang, f)));
    for view in members {
        let m = &view.member;
        table.add_row(vec![
            m.person.clone(),
            m.cell.clone().unwrap_or_default(),
            i18n::member_status_label(lang, m.status).to_owned(),
            date(m.admission_date),
            date(m.official_date),
            seniority(lang, m),
            m.card_number.clone().unwrap_or_default(),
            notes(lang, view),
        ]);
    }
    writeln!(out, "{table}")
}

/// Memberships as CSV, one row each (one for `member show`).
pub(super) fn members_csv(out: &mut dyn Write, members: &[MemberView]) -> Result {
    let mut writer = delimited::writer(out, &MEMBER_COLUMNS)?;
    for view in members {
        writer.serialize(&view.member)?;
    }
    writer.flush()
}

/// `14 năm 8 tháng`.
fn seniority(lang: Lang, m: &MemberRow) -> String {
    i18n::seniority(lang, m.seniority_years, m.seniority_months)
}

/// What a list row should warn about: an exit, an exemption, a suspension, a temporary transfer,
/// and each deadline missed and still pending.
fn notes(lang: Lang, view: &MemberView) -> String {
    let m = &view.member;
    let mut notes: Vec<String> = Vec::new();
    if m.exit.is_some() {
        let exit = i18n::exit_label(lang, m.exit);
        notes.push(
            format!("{exit} {}", date(m.exit_date))
                .trim_end()
                .to_owned(),
        );
    }
    if m.exempt {
        notes.push(i18n::exempt_note(lang).to_owned());
    }
    if m.suspended {
        notes.push(i18n::suspended_note(lang).to_owned());
    }
    if m.temporarily_at.is_some() || m.temporary_until.is_some() {
        let at = m.temporarily_at.as_deref();
        notes.push(i18n::temporarily_at(lang, at, m.temporary_until));
    }
    for deadline in &view.deadlines {
        if deadline.overdue && deadline.met_on.is_none() {
            notes.push(i18n::flag_label(lang, &deadline.flag));
        }
    }
    notes.join("; ")
}

#[cfg(test)]
mod tests;
