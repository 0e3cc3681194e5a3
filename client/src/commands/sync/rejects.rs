//! The rejects file of an import: one JSON object per refused line, with the line as it was in
//! the file, so that a clerk can fix the lines and import again.
//!
//! The lines are read back from the file (or the spooled copy of stdin) rather than kept from
//! when they were sent: results come in line order, so one forward pass finds them, and memory
//! does not grow with however many lines the server holds before answering (an atomic import
//! may answer only at the end).

use std::{
    ffi::OsString,
    fs::File,
    io::{self, BufWriter, Write as _},
    path::{Path, PathBuf},
};

use dangvien_proto::v1 as pb;
use tokio::io::BufReader;

use super::input::{LineReader, READ_BUFFER};
use crate::{error::Error, render::reject_line, view::RejectView};

/// Where the refused lines of `file` go unless `--rejects` says: `FILE.rejects.jsonl` beside the
/// file, or for stdin `sync-rejects-ID.jsonl` in the working directory (ID: the start of the
/// import id, as far as it is safe in a file name).
pub(super) fn default_path(file: &Path, import_id: &str) -> PathBuf {
    if file.as_os_str() == "-" {
        let safe: String = import_id
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .take(16)
            .collect();
        return PathBuf::from(format!("sync-rejects-{safe}.jsonl"));
    }
    let mut name = OsString::from(file.as_os_str());
    name.push(".rejects.jsonl");
    PathBuf::from(name)
}

/// Removes the rejects file of an earlier run: a run of the same file reports every refusal
/// again (stored ones included), so the file always describes the latest run alone. Only a
/// regular file is removed: `--rejects /dev/null` (or a link) is left where it is.
pub(super) fn remove_stale(path: &Path) -> Result<(), Error> {
    let removed = match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() => std::fs::remove_file(path),
        Ok(_) => Ok(()),
        Err(e) => Err(e),
    };
    match removed {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(error) => Err(Error::File {
            path: path.to_owned(),
            error,
        }),
    }
}

/// Writes refused lines as their results arrive; the file is created at the first one.
#[derive(Debug)]
pub(super) struct Rejects {
    path: PathBuf,
    /// The file that was imported, read again for the refused lines' text.
    input: PathBuf,
    /// Shown in errors about the input (`-` for stdin).
    input_name: PathBuf,
    out: Option<BufWriter<File>>,
    source: Option<LineReader<BufReader<tokio::fs::File>>>,
    /// A line read past the one asked for (a result out of order), kept for the next ask.
    ahead: Option<(i64, Vec<u8>)>,
    count: i64,
}

impl Rejects {
    /// Refusals of the import of `input` (shown as `input_name`) go to `path`.
    pub(super) fn new(path: PathBuf, input: PathBuf, input_name: PathBuf) -> Self {
        Self {
            path,
            input,
            input_name,
            out: None,
            source: None,
            ahead: None,
            count: 0,
        }
    }

    /// Writes the refusal `result`.
    pub(super) async fn add(&mut self, result: pb::LineResult) -> Result<(), Error> {
        let record = self
            .line(result.line_number)
            .await
            .map_err(|error| Error::Input {
                path: self.input_name.clone(),
                error,
            })?;
        let reject = RejectView::new(result, &record);
        let path = &self.path;
        let failed = |error| Error::File {
            path: path.clone(),
            error,
        };
        let out = match &mut self.out {
            Some(out) => out,
            None => self
                .out
                .insert(BufWriter::new(File::create(path).map_err(failed)?)),
        };
        reject_line(out, &reject).map_err(failed)?;
        self.count += 1;
        Ok(())
    }

    /// Flushes the file; its path when a line was refused.
    pub(super) fn finish(&mut self) -> Result<Option<&Path>, Error> {
        let Some(out) = self.out.as_mut() else {
            return Ok(None);
        };
        out.flush()
            .and_then(|()| out.get_ref().sync_all())
            .map_err(|error| Error::File {
                path: self.path.clone(),
                error,
            })?;
        Ok(Some(&self.path))
    }

    /// The text of line `number`; empty if the file no longer has it.
    async fn line(&mut self, number: i64) -> io::Result<Vec<u8>> {
        if let Some((ahead, _)) = &self.ahead {
            if *ahead > number {
                return Ok(Vec::new());
            }
            if let Some((_, line)) = self.ahead.take().filter(|(n, _)| *n == number) {
                return Ok(line);
            }
        }
        let source = match &mut self.source {
            Some(source) => source,
            None => {
                let file = tokio::fs::File::open(&self.input).await?;
                self.source
                    .insert(LineReader::new(BufReader::with_capacity(READ_BUFFER, file)))
            }
        };
        while let Some((n, line)) = source.next().await? {
            if n == number {
                return Ok(line);
            }
            if n > number {
                self.ahead = Some((n, line));
                return Ok(Vec::new());
            }
        }
        Ok(Vec::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refusal(line_number: i64, reason: &str) -> pb::LineResult {
        pb::LineResult {
            line_number,
            key: format!("K{line_number}"),
            outcome: pb::LineOutcome::Refused.into(),
            reason: reason.to_owned(),
            message: "why".to_owned(),
            localized_message: "vì sao".to_owned(),
        }
    }

    #[test]
    fn rejects_go_beside_the_file_or_into_the_working_directory() {
        assert_eq!(
            default_path(Path::new("/srv/in/today.jsonl"), "ab"),
            Path::new("/srv/in/today.jsonl.rejects.jsonl")
        );
        assert_eq!(
            default_path(Path::new("-"), "0123456789abcdef0123"),
            Path::new("sync-rejects-0123456789abcdef.jsonl")
        );
        assert_eq!(
            default_path(Path::new("-"), "../x y"),
            Path::new("sync-rejects-xy.jsonl")
        );
    }

    #[tokio::test]
    async fn each_refused_line_is_written_with_its_text() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.jsonl");
        std::fs::write(&input, b"{\"a\":1}\r\n\n{\"b\":\xff}\n{\"c\":3}").unwrap();
        let path = dir.path().join("in.jsonl.rejects.jsonl");
        let mut rejects = Rejects::new(path.clone(), input.clone(), input);
        assert_eq!(rejects.finish().unwrap(), None);
        assert!(!path.exists(), "created before a refusal");
        rejects.add(refusal(3, "INVALID_UTF8")).await.unwrap();
        rejects.add(refusal(4, "PERSON_NOT_FOUND")).await.unwrap();
        assert_eq!(rejects.finish().unwrap(), Some(path.as_path()));
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(
            lines,
            vec![
                serde_json::json!({"line": 3, "key": "K3", "reason": "INVALID_UTF8",
                    "message": "why", "message_vi": "vì sao", "record": "{\"b\":\u{fffd}}"}),
                serde_json::json!({"line": 4, "key": "K4", "reason": "PERSON_NOT_FOUND",
                    "message": "why", "message_vi": "vì sao", "record": "{\"c\":3}"}),
            ]
        );
        remove_stale(&path).unwrap();
        assert!(!path.exists());
        remove_stale(&path).unwrap();
    }

    #[test]
    fn only_a_regular_rejects_file_is_removed() {
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("to-null");
        std::os::unix::fs::symlink("/dev/null", &link).unwrap();
        remove_stale(&link).unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
    }

    #[tokio::test]
    async fn a_result_out_of_order_does_not_lose_later_lines() {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.jsonl");
        std::fs::write(&input, "one\ntwo\nthree\n").unwrap();
        let mut rejects = Rejects::new(dir.path().join("r"), input.clone(), input);
        assert_eq!(rejects.line(2).await.unwrap(), b"two");
        assert_eq!(rejects.line(1).await.unwrap(), b"");
        assert_eq!(rejects.line(3).await.unwrap(), b"three");
        assert_eq!(rejects.line(9).await.unwrap(), b"");
    }
}
