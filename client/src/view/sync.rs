//! What `sync import` reports: its summary and each refused line, with stable JSON keys.

use dangvien_proto::v1 as pb;
use serde::Serialize;

/// The summary of an import (`--format json` prints it on stdout).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct ImportSummaryView {
    pub(crate) import_id: String,
    /// Lines answered, of every outcome.
    pub(crate) lines: i64,
    pub(crate) accepted: i64,
    pub(crate) skipped_identical: i64,
    pub(crate) refused: i64,
    pub(crate) already_imported: i64,
    /// Whether this run's accepted lines are stored.
    pub(crate) committed: bool,
    pub(crate) atomic: bool,
    pub(crate) dry_run: bool,
    /// Lines up to this one were committed by an earlier run (0: none).
    pub(crate) resumed_after_line: i64,
    /// The rejects file, when a line was refused.
    pub(crate) rejects: Option<String>,
}

impl ImportSummaryView {
    /// The server's summary of the import `import_id`.
    pub(crate) fn new(
        import_id: String,
        summary: pb::ImportSummary,
        atomic: bool,
        dry_run: bool,
        resumed_after_line: i64,
    ) -> Self {
        let pb::ImportSummary {
            lines,
            accepted,
            skipped_identical,
            refused,
            already_imported,
            committed,
        } = summary;
        Self {
            import_id,
            lines,
            accepted,
            skipped_identical,
            refused,
            already_imported,
            committed,
            atomic,
            dry_run,
            resumed_after_line,
            rejects: None,
        }
    }
}

/// One refused line, as the rejects file lists it: enough for a clerk to fix the line and
/// import the file again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct RejectView {
    /// The line's number in the file (1-based).
    pub(crate) line: i64,
    /// The record's key, when the server could read the line far enough to have one.
    pub(crate) key: String,
    /// The `ErrorReason` name, e.g. `PERSON_NOT_FOUND`.
    pub(crate) reason: String,
    /// What is wrong, in English.
    pub(crate) message: String,
    /// The same in Vietnamese.
    pub(crate) message_vi: String,
    /// The line as it was in the file; bytes that are not UTF-8 read as U+FFFD.
    pub(crate) record: String,
}

impl RejectView {
    /// The refusal `result` of the line `record`.
    pub(crate) fn new(result: pb::LineResult, record: &[u8]) -> Self {
        let pb::LineResult {
            line_number,
            key,
            outcome: _,
            reason,
            message,
            localized_message,
        } = result;
        Self {
            line: line_number,
            key,
            reason,
            message,
            message_vi: localized_message,
            record: String::from_utf8_lossy(record).into_owned(),
        }
    }
}
