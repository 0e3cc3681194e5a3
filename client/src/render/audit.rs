//! `audit list` as a table or CSV rows, and what `audit verify` found as lines of text.

use std::io::Write;

use serde::Serialize;

use super::{Result, delimited, table::new_table};
use crate::{
    i18n::{self, Lang},
    view::{AuditEntryView, AuditVerificationView},
};

/// The CSV header: the field names of [`AuditEntryView`].
const COLUMNS: [&str; 8] = [
    "time",
    "principal",
    "method",
    "subjects",
    "outcome",
    "request_id",
    "name",
    "hash",
];

/// An entry as a CSV row: a CSV cell holds one value, so the subjects are joined by spaces
/// (resource names have none).
#[derive(Debug, Serialize)]
struct Row<'a> {
    time: &'a str,
    principal: &'a str,
    method: &'a str,
    subjects: String,
    outcome: &'a str,
    request_id: &'a str,
    name: &'a str,
    hash: &'a str,
}

/// A heading row, then one row per entry; several subjects go one per line of their cell.
pub(super) fn entries_table(out: &mut dyn Write, lang: Lang, entries: &[AuditEntryView]) -> Result {
    let mut table = new_table();
    table.set_header(i18n::audit_columns(lang));
    for e in entries {
        table.add_row(vec![
            e.time.clone(),
            e.principal.clone(),
            e.method.clone(),
            e.subjects.join("\n"),
            e.outcome.clone(),
            e.request_id.clone(),
        ]);
    }
    writeln!(out, "{table}")
}

/// One CSV row per entry.
pub(super) fn entries_csv(out: &mut dyn Write, entries: &[AuditEntryView]) -> Result {
    let mut writer = delimited::writer(out, &COLUMNS)?;
    for e in entries {
        writer.serialize(Row {
            time: &e.time,
            principal: &e.principal,
            method: &e.method,
            subjects: e.subjects.join(" "),
            outcome: &e.outcome,
            request_id: &e.request_id,
            name: &e.name,
            hash: &e.hash,
        })?;
    }
    writer.flush()
}

/// The count, then the breaks (if any) and the heads, one per line.
pub(super) fn verification_text(
    out: &mut dyn Write,
    lang: Lang,
    v: &AuditVerificationView,
) -> Result {
    writeln!(
        out,
        "{}",
        i18n::audit_checked(lang, v.entries_checked, v.chains)
    )?;
    if v.breaks.is_empty() {
        writeln!(out, "{}", i18n::audit_holds(lang))?;
    } else {
        writeln!(out, "{}", i18n::audit_breaks(lang))?;
        for line in &v.breaks {
            writeln!(out, "  {line}")?;
        }
        writeln!(out, "{}", i18n::audit_heads(lang))?;
    }
    for head in &v.heads {
        writeln!(out, "  {head}")?;
    }
    Ok(())
}
