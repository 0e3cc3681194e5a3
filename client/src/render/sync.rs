//! The data of `sync`: the lines of an export or of the change feed, one a line as the server
//! wrote them; the import's summary as JSON; a refused line as one JSON object of the rejects file.

use std::io::Write;

use super::{Renderer, Result, json};
use crate::{
    cli::Format,
    view::{ImportSummaryView, RejectView},
};

impl Renderer<'_> {
    /// Lines of DESIGN §6, each with its `\n`, whatever the `--format`: the sync format is the
    /// output.
    pub(crate) fn sync_lines(&mut self, lines: &[String]) -> Result {
        for line in lines {
            self.out.write_all(line.as_bytes())?;
            self.out.write_all(b"\n")?;
        }
        Ok(())
    }

    /// Pushes what was written out of any buffer.
    pub(crate) fn flush(&mut self) -> Result {
        self.out.flush()
    }

    /// The import's summary on stdout with `--format json`; with the other formats the summary
    /// is only the text on stderr, and stdout stays empty.
    pub(crate) fn import_summary(&mut self, summary: &ImportSummaryView) -> Result {
        match self.format {
            Format::Json => json(self.out, summary),
            Format::Table | Format::Csv | Format::Xlsx => Ok(()),
        }
    }
}

/// One line of the rejects file: the refusal as a compact JSON object, then `\n`.
pub(crate) fn reject_line(out: &mut dyn Write, reject: &RejectView) -> Result {
    serde_json::to_writer(&mut *out, reject)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use dangvien_proto::v1 as pb;

    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn a_reject_keeps_the_line_and_both_messages() {
        let result = pb::LineResult {
            line_number: 7,
            key: "D000001".to_owned(),
            outcome: pb::LineOutcome::Refused.into(),
            reason: "PERSON_NOT_FOUND".to_owned(),
            message: "person P9 not found".to_owned(),
            localized_message: "Không có người mã P9".to_owned(),
        };
        let line = b"{\"kind\":\"decision\",\"person\":\"P9\",\"note\":\"\xff\"}";
        let mut out = Vec::new();
        reject_line(&mut out, &RejectView::new(result, line)).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "{\"line\":7,\"key\":\"D000001\",\"reason\":\"PERSON_NOT_FOUND\",\
             \"message\":\"person P9 not found\",\"message_vi\":\"Không có người mã P9\",\
             \"record\":\"{\\\"kind\\\":\\\"decision\\\",\\\"person\\\":\\\"P9\\\",\\\"note\\\":\\\"\u{fffd}\\\"}\"}\n"
        );
    }

    #[test]
    fn export_lines_are_written_as_they_came() {
        let mut out = Vec::new();
        let mut render = Renderer::new(&mut out, Format::Table, Lang::Vi);
        render
            .sync_lines(&["{\"kind\":\"org\"}".to_owned(), "{}".to_owned()])
            .unwrap();
        render.sync_lines(&[]).unwrap();
        assert_eq!(out, b"{\"kind\":\"org\"}\n{}\n");
    }

    #[test]
    fn the_summary_is_on_stdout_only_as_json() {
        let summary = ImportSummaryView {
            import_id: "abc".to_owned(),
            lines: 3,
            accepted: 1,
            skipped_identical: 1,
            refused: 1,
            already_imported: 0,
            committed: true,
            atomic: false,
            dry_run: false,
            resumed_after_line: 0,
            rejects: Some("a.rejects.jsonl".to_owned()),
        };
        let mut out = Vec::new();
        Renderer::new(&mut out, Format::Table, Lang::Vi)
            .import_summary(&summary)
            .unwrap();
        assert!(out.is_empty());
        Renderer::new(&mut out, Format::Json, Lang::Vi)
            .import_summary(&summary)
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "import_id": "abc", "lines": 3, "accepted": 1, "skipped_identical": 1,
                "refused": 1, "already_imported": 0, "committed": true, "atomic": false,
                "dry_run": false, "resumed_after_line": 0, "rejects": "a.rejects.jsonl"
            })
        );
    }
}
