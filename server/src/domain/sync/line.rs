//! Reading and writing one JSONL line of DESIGN §6 (`docs/sync-format.md` is the contract):
//! [`parse`] reads a line strictly, [`Record::render`] writes the one canonical line.

mod decision;
mod fields;
mod json;
mod read;
mod write;

#[cfg(test)]
mod tests;

use self::{
    fields::{Obj, What},
    json::Json,
};
use super::Record;
use crate::domain::{Error, FieldViolation, Reason, Result};

/// The `kind` of every line.
pub const KINDS: [&str; 6] = ["org", "org_event", "person", "member", "decision", "target"];

/// Reads one line (without its terminator; a trailing `\r` and a leading byte-order mark are
/// ignored).
///
/// A line that is not a JSON object of a known `kind` is refused with `MALFORMED_LINE`; otherwise
/// every malformed, missing, doubled or unknown key of the line is listed at once under
/// `INVALID_FIELD`, each value judged by the check the RPCs use for it. Rules that need the
/// stored state, or that `NewDecision::violations` and the use cases apply, are left to them.
pub fn parse(line: &str) -> Result<Record> {
    let line = line.strip_prefix('\u{feff}').unwrap_or(line);
    let json: Json = serde_json::from_str(line).map_err(|e| {
        malformed(
            "line",
            format!("dòng không phải JSON hợp lệ ({e}); mỗi dòng là một đối tượng JSON {{…}}"),
            format!("the line is not valid JSON ({e}); each line must be one JSON object {{…}}"),
        )
    })?;
    let Json::Object(entries) = json else {
        let (vi, en) = json.type_names();
        return Err(malformed(
            "line",
            format!("mỗi dòng phải là một đối tượng JSON {{\"kind\": …}}, nhận được {vi}"),
            format!("each line must be one JSON object {{\"kind\": …}}, got {en}"),
        ));
    };
    let kind = line_kind(&entries)?;
    let what = What::line(kind, false);
    let mut o = Obj::new(String::new(), what, &entries);
    o.known("kind");
    let record = match kind {
        "org" => read::org(&mut o),
        "org_event" => read::org_event(&mut o),
        "person" => read::person(&mut o),
        "member" => read::member(&mut o),
        "decision" => decision::read(&mut o),
        "target" => read::target(&mut o),
        other => return Err(unknown_kind(other)),
    };
    o.close(record).map_err(|mut violations| {
        if violations.len() >= fields::MAX_VIOLATIONS {
            violations.push(FieldViolation::new(
                "line",
                format!(
                    "chỉ liệt kê {} lỗi đầu tiên; sửa các lỗi này rồi kiểm tra lại dòng",
                    fields::MAX_VIOLATIONS
                ),
                format!(
                    "only the first {} faults are listed; fix them and check the line again",
                    fields::MAX_VIOLATIONS
                ),
            ));
        }
        Error::Invalid {
            reason: Reason::InvalidField,
            violations,
        }
    })
}

impl Record {
    /// The line in its one canonical form (no terminator): `kind` first, keys in the documented
    /// order, keys whose `null` means something always written, other optional keys only when
    /// they hold something; compact JSON, text as UTF-8. [`parse`] reads it back to `self`.
    pub fn render(&self) -> String {
        write::render(self)
    }
}

/// The line's `kind`, which says how to read the rest.
fn line_kind(entries: &[(String, Json)]) -> Result<&str> {
    let mut kinds = entries.iter().filter(|(key, _)| key == "kind");
    match (kinds.next(), kinds.next()) {
        (None, _) => Err(malformed(
            "kind",
            format!(
                "thiếu khóa \"kind\"; ghi loại dòng trước tiên, một trong: {}",
                KINDS.join(", ")
            ),
            format!(
                "the key \"kind\" is missing; write the line's kind first, one of: {}",
                KINDS.join(", ")
            ),
        )),
        (Some(_), Some(_)) => Err(malformed(
            "kind",
            "khóa \"kind\" được ghi hơn một lần; mỗi dòng chỉ có một loại",
            "the key \"kind\" is given more than once; a line has one kind",
        )),
        (Some((_, Json::String(kind))), None) if KINDS.contains(&kind.as_str()) => Ok(kind),
        (Some((_, Json::String(kind))), None) => Err(unknown_kind(kind)),
        (Some((_, other)), None) => {
            let (vi, en) = other.type_names();
            Err(malformed(
                "kind",
                format!(
                    "\"kind\" phải là chuỗi, một trong: {}; nhận được {vi}",
                    KINDS.join(", ")
                ),
                format!(
                    "\"kind\" must be a string, one of: {}; got {en}",
                    KINDS.join(", ")
                ),
            ))
        }
    }
}

fn unknown_kind(kind: &str) -> Error {
    malformed(
        "kind",
        format!(
            "không có loại dòng \"{kind}\"; dùng một trong: {}",
            KINDS.join(", ")
        ),
        format!(
            "unknown kind \"{kind}\" (refused); use one of: {}",
            KINDS.join(", ")
        ),
    )
}

fn malformed(field: &str, vi: impl Into<String>, en: impl Into<String>) -> Error {
    Error::invalid(Reason::MalformedLine, FieldViolation::new(field, vi, en))
}
