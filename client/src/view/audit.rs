//! The audit log as `audit list` and `audit verify` show it.

use chrono::{DateTime, SecondsFormat, Utc};
use dangvien_proto::v1 as pb;
use serde::Serialize;

/// One entry of the log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct AuditEntryView {
    /// RFC 3339 UTC; empty when the server sent no time.
    pub(crate) time: String,
    pub(crate) principal: String,
    /// `/dangvien.v1.DecisionService/SubmitDecision`.
    pub(crate) method: String,
    /// Resource names (`people/P1`).
    pub(crate) subjects: Vec<String>,
    /// `OK` or the reason the call was refused.
    pub(crate) outcome: String,
    /// Empty when the call had none.
    pub(crate) request_id: String,
    /// `chains/{chain}/entries/{seq}`.
    pub(crate) name: String,
    pub(crate) hash: String,
}

impl From<pb::AuditEntry> for AuditEntryView {
    fn from(entry: pb::AuditEntry) -> Self {
        let pb::AuditEntry {
            name,
            time,
            principal,
            method,
            subjects,
            outcome,
            request_id,
            hash,
        } = entry;
        Self {
            time: time.map(|t| rfc3339(&t)).unwrap_or_default(),
            principal,
            method,
            subjects,
            outcome,
            request_id,
            name,
            hash,
        }
    }
}

/// `2026-12-07T12:00:00.123Z` (fractions only when there are some).
fn rfc3339(time: &prost_types::Timestamp) -> String {
    u32::try_from(time.nanos)
        .ok()
        .and_then(|nanos| DateTime::<Utc>::from_timestamp(time.seconds, nanos))
        .map(|t| t.to_rfc3339_opts(SecondsFormat::AutoSi, true))
        .unwrap_or_default()
}

/// The answer of `VerifyAuditLog`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct AuditVerificationView {
    pub(crate) entries_checked: i64,
    pub(crate) chains: i32,
    /// `chains/{chain}: {seq} {hash}`, to be kept outside the database.
    pub(crate) heads: Vec<String>,
    /// One line per break; empty when every chain holds.
    pub(crate) breaks: Vec<String>,
}

impl From<pb::VerifyAuditLogResponse> for AuditVerificationView {
    fn from(answer: pb::VerifyAuditLogResponse) -> Self {
        let pb::VerifyAuditLogResponse {
            entries_checked,
            chains,
            breaks,
            heads,
        } = answer;
        Self {
            entries_checked,
            chains,
            heads,
            breaks,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_rfc3339_utc() {
        let entry = AuditEntryView::from(pb::AuditEntry {
            time: Some(prost_types::Timestamp {
                seconds: 1_796_644_800,
                nanos: 0,
            }),
            ..pb::AuditEntry::default()
        });
        assert_eq!(entry.time, "2026-12-07T12:00:00Z");
        assert_eq!(AuditEntryView::from(pb::AuditEntry::default()).time, "");
    }
}
