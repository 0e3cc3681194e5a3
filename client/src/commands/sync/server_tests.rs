//! `sync import`, `export` and `changes` run whole, in process, against a sync service that
//! follows the contract on made-up rules: a line containing `bad` is refused, a line that is not
//! UTF-8 is refused, anything else is accepted; an import id remembers its last line and its
//! refusals, so that a second run resumes.

use std::{
    collections::HashMap,
    path::Path,
    pin::Pin,
    sync::{Arc, Mutex},
};

use dangvien_proto::v1::{
    self as pb,
    import_request::Message as Request,
    import_response::Message as Response,
    sync_service_server::{SyncService, SyncServiceServer},
};
use tokio::sync::mpsc;
use tokio_stream::{
    Stream, StreamExt as _,
    wrappers::{ReceiverStream, TcpListenerStream},
};
use tonic::{Status, Streaming};

/// What the fake remembers of an import: the last line committed and the refusals before it.
#[derive(Clone, Debug, Default)]
struct Stored {
    last_line: i64,
    refusals: Vec<pb::LineResult>,
}

#[derive(Clone, Default)]
struct Fake {
    imports: Arc<Mutex<HashMap<String, Stored>>>,
    /// Every `ImportStart` and line received, in order.
    received: Arc<Mutex<Vec<pb::ImportRequest>>>,
    /// Break off the next import after answering this many lines.
    break_after: Arc<Mutex<Option<usize>>>,
    /// The records stored, in change order (the feed's cursor is an index into it).
    records: Arc<Mutex<Vec<String>>>,
}

type Answers<T> = Pin<Box<dyn Stream<Item = Result<T, Status>> + Send>>;

fn result(line_number: i64, outcome: pb::LineOutcome) -> pb::LineResult {
    pb::LineResult {
        line_number,
        key: format!("K{line_number}"),
        outcome: outcome.into(),
        ..pb::LineResult::default()
    }
}

fn refused(line_number: i64, reason: &str) -> pb::LineResult {
    pb::LineResult {
        reason: reason.to_owned(),
        message: format!("line {line_number} is refused"),
        localized_message: format!("dòng {line_number} bị từ chối"),
        ..result(line_number, pb::LineOutcome::Refused)
    }
}

impl Fake {
    async fn import_stream(
        self,
        mut requests: Streaming<pb::ImportRequest>,
        answers: mpsc::Sender<Result<pb::ImportResponse, Status>>,
    ) {
        let send = |message| pb::ImportResponse {
            message: Some(message),
        };
        let Ok(Some(first)) = requests.message().await else {
            return;
        };
        self.received.lock().unwrap().push(first.clone());
        let Some(Request::Start(start)) = first.message else {
            let _ = answers
                .send(Err(Status::invalid_argument("start first")))
                .await;
            return;
        };
        let stored = self
            .imports
            .lock()
            .unwrap()
            .get(&start.import_id)
            .cloned()
            .unwrap_or_default();
        let _ = answers
            .send(Ok(send(Response::Started(pb::ImportStarted {
                resumed_after_line: stored.last_line,
            }))))
            .await;
        let mut summary = pb::ImportSummary::default();
        let mut now = Stored::default();
        let break_after = self.break_after.lock().unwrap().take();
        let mut answered = 0;
        while let Ok(Some(request)) = requests.message().await {
            self.received.lock().unwrap().push(request.clone());
            let Some(Request::Line(pb::ImportLine { line_number, line })) = request.message else {
                return;
            };
            let answer = if line_number <= stored.last_line {
                match stored
                    .refusals
                    .iter()
                    .find(|r| r.line_number == line_number)
                {
                    Some(refusal) => refusal.clone(),
                    None => result(line_number, pb::LineOutcome::AlreadyImported),
                }
            } else {
                match std::str::from_utf8(&line) {
                    Err(_) => refused(line_number, "INVALID_UTF8"),
                    Ok(text) if text.contains("bad") => refused(line_number, "PERSON_NOT_FOUND"),
                    Ok(text) => {
                        if !start.dry_run {
                            self.records.lock().unwrap().push(text.to_owned());
                        }
                        result(line_number, pb::LineOutcome::Accepted)
                    }
                }
            };
            summary.lines += 1;
            match answer.outcome() {
                pb::LineOutcome::Accepted => summary.accepted += 1,
                pb::LineOutcome::Refused => {
                    summary.refused += 1;
                    now.refusals.push(answer.clone());
                }
                pb::LineOutcome::AlreadyImported => summary.already_imported += 1,
                pb::LineOutcome::SkippedIdentical | pb::LineOutcome::Unspecified => {}
            }
            now.last_line = line_number;
            if !start.dry_run {
                self.imports
                    .lock()
                    .unwrap()
                    .insert(start.import_id.clone(), now.clone());
            }
            let _ = answers
                .send(Ok(send(Response::Results(pb::ImportResults {
                    results: vec![answer],
                }))))
                .await;
            answered += 1;
            if break_after == Some(answered) {
                let _ = answers.send(Err(Status::unavailable("going down"))).await;
                return;
            }
        }
        summary.committed = !start.dry_run;
        let _ = answers.send(Ok(send(Response::Summary(summary)))).await;
    }

    /// The feed after `cursor`, in chunks of two lines.
    fn feed(&self, cursor: &str) -> Vec<(Vec<String>, String)> {
        let records = self.records.lock().unwrap().clone();
        let start: usize = cursor.parse().unwrap_or(0);
        let rest = records.get(start..).unwrap_or_default();
        let mut chunks = Vec::new();
        let mut at = start;
        for chunk in rest.chunks(2) {
            at += chunk.len();
            chunks.push((chunk.to_vec(), at.to_string()));
        }
        if chunks.is_empty() {
            chunks.push((Vec::new(), start.to_string()));
        }
        chunks
    }
}

#[tonic::async_trait]
impl SyncService for Fake {
    type ImportStream = Answers<pb::ImportResponse>;
    type ExportStream = Answers<pb::ExportResponse>;
    type ListChangesStream = Answers<pb::ListChangesResponse>;

    async fn import(
        &self,
        request: tonic::Request<Streaming<pb::ImportRequest>>,
    ) -> Result<tonic::Response<Self::ImportStream>, Status> {
        let (answers, stream) = mpsc::channel(4);
        tokio::spawn(self.clone().import_stream(request.into_inner(), answers));
        Ok(tonic::Response::new(Box::pin(ReceiverStream::new(stream))))
    }

    async fn export(
        &self,
        _: tonic::Request<pb::ExportRequest>,
    ) -> Result<tonic::Response<Self::ExportStream>, Status> {
        let chunks = self.feed("");
        let stream = tokio_stream::iter(chunks)
            .map(|(lines, next_cursor)| Ok(pb::ExportResponse { lines, next_cursor }));
        Ok(tonic::Response::new(Box::pin(stream)))
    }

    async fn list_changes(
        &self,
        request: tonic::Request<pb::ListChangesRequest>,
    ) -> Result<tonic::Response<Self::ListChangesStream>, Status> {
        let chunks = self.feed(&request.into_inner().after_cursor);
        let stream = tokio_stream::iter(chunks)
            .map(|(lines, next_cursor)| Ok(pb::ListChangesResponse { lines, next_cursor }));
        Ok(tonic::Response::new(Box::pin(stream)))
    }
}

/// Serves `fake` on a free loopback port for the rest of the test; returns its URL.
async fn serve(fake: Fake) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(
        tonic::transport::Server::builder()
            .add_service(SyncServiceServer::new(fake))
            .serve_with_incoming(TcpListenerStream::new(listener)),
    );
    url
}

/// Runs the command line against `server`: the exit code, stdout and stderr.
async fn run(server: &str, args: &[&str]) -> (i32, String, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let head = ["dangvien", "--server", server, "--lang", "vi"];
    let code = crate::run(head.iter().chain(args), &mut out, &mut err).await;
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

/// A file of six lines: CRLF, a blank line, a refused line, a line that is not UTF-8, and a
/// last line without its `\n`.
const FILE: &[u8] =
    b"{\"n\":1}\r\n\n{\"n\":3,\"bad\":true}\n{\"n\":4,\"x\":\"\xff\"}\n  \n{\"n\":6}";

fn lines_sent(fake: &Fake) -> Vec<(i64, Vec<u8>)> {
    fake.received
        .lock()
        .unwrap()
        .iter()
        .filter_map(|r| match &r.message {
            Some(Request::Line(line)) => Some((line.line_number, line.line.clone())),
            Some(Request::Start(_)) | None => None,
        })
        .collect()
}

fn starts(fake: &Fake) -> Vec<pb::ImportStart> {
    fake.received
        .lock()
        .unwrap()
        .iter()
        .filter_map(|r| match &r.message {
            Some(Request::Start(start)) => Some(start.clone()),
            Some(Request::Line(_)) | None => None,
        })
        .collect()
}

fn rejects(path: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[tokio::test]
async fn an_import_sends_raw_lines_and_writes_the_refused_ones_down() {
    let fake = Fake::default();
    let server = serve(fake.clone()).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("today.jsonl");
    std::fs::write(&file, FILE).unwrap();
    let path = file.to_str().unwrap();
    let (code, out, err) = run(&server, &["sync", "import", path]).await;
    assert_eq!(code, 3, "{err}");
    assert_eq!(out, "");
    let start = starts(&fake).remove(0);
    assert_eq!(
        start.import_id,
        super::input::hex(&<sha2::Sha256 as sha2::Digest>::digest(FILE))
    );
    assert!(!start.atomic && !start.dry_run);
    assert_eq!(
        lines_sent(&fake),
        vec![
            (1, b"{\"n\":1}".to_vec()),
            (3, b"{\"n\":3,\"bad\":true}".to_vec()),
            (4, b"{\"n\":4,\"x\":\"\xff\"}".to_vec()),
            (6, b"{\"n\":6}".to_vec()),
        ]
    );
    assert!(err.contains("  đã lưu:                      2\n"), "{err}");
    assert!(err.contains("  bị từ chối:                  2\n"), "{err}");
    assert!(err.contains("  ghi vào cơ sở dữ liệu:       có\n"), "{err}");
    let rejects_path = dir.path().join("today.jsonl.rejects.jsonl");
    assert!(
        err.ends_with(&format!(
            "lỗi: 2 dòng bị từ chối; danh sách kèm lý do ở {}: sửa các dòng đó rồi nhập lại\n",
            rejects_path.display()
        )),
        "{err}"
    );
    let written = rejects(&rejects_path);
    assert_eq!(written.len(), 2);
    assert_eq!(written[0]["line"], 3);
    assert_eq!(written[0]["reason"], "PERSON_NOT_FOUND");
    assert_eq!(written[0]["message_vi"], "dòng 3 bị từ chối");
    assert_eq!(written[0]["record"], "{\"n\":3,\"bad\":true}");
    assert_eq!(written[1]["reason"], "INVALID_UTF8");
    assert_eq!(written[1]["record"], "{\"n\":4,\"x\":\"\u{fffd}\"}");

    // The same file again: every line is answered from the first run, and the rejects file is
    // rewritten with the stored refusals, not appended to.
    let (code, _, err) = run(&server, &["--format", "json", "sync", "import", path]).await;
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("tiếp tục sau dòng 6"), "{err}");
    assert_eq!(rejects(&rejects_path), written);
}

#[tokio::test]
async fn a_clean_import_exits_0_with_a_json_summary_and_removes_stale_rejects() {
    let fake = Fake::default();
    let server = serve(fake.clone()).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ok.jsonl");
    std::fs::write(&file, "{\"n\":1}\n{\"n\":2}\n").unwrap();
    let stale = dir.path().join("mine.jsonl");
    std::fs::write(&stale, "old\n").unwrap();
    let (code, out, err) = run(
        &server,
        &[
            "--format",
            "json",
            "sync",
            "import",
            file.to_str().unwrap(),
            "--rejects",
            stale.to_str().unwrap(),
            "--dry-run",
            "--atomic",
            "--import-id",
            "nightly-1",
        ],
    )
    .await;
    assert_eq!(code, 0, "{err}");
    let summary: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        summary,
        serde_json::json!({"import_id": "nightly-1", "lines": 2, "accepted": 2,
            "skipped_identical": 0, "refused": 0, "already_imported": 0, "committed": false,
            "atomic": true, "dry_run": true, "resumed_after_line": 0, "rejects": null})
    );
    assert!(err.contains("không (chạy thử)"), "{err}");
    assert!(!stale.exists());
    let start = starts(&fake).remove(0);
    assert_eq!(
        (start.import_id.as_str(), start.atomic, start.dry_run),
        ("nightly-1", true, true)
    );
}

#[tokio::test]
async fn an_interrupted_import_is_exit_69_and_resumes_when_run_again() {
    let fake = Fake::default();
    *fake.break_after.lock().unwrap() = Some(2);
    let server = serve(fake.clone()).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("today.jsonl");
    std::fs::write(&file, FILE).unwrap();
    let path = file.to_str().unwrap();
    let (code, out, err) = run(&server, &["sync", "import", path]).await;
    assert_eq!((code, out.as_str()), (69, ""), "{err}");
    assert!(err.contains("chạy lại đúng lệnh này"), "{err}");
    let (code, _, err) = run(&server, &["sync", "import", path]).await;
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("tiếp tục sau dòng 3"), "{err}");
    assert!(err.contains("  đã nhập ở lần chạy trước:    1\n"), "{err}");
    assert!(err.contains("  bị từ chối:                  2\n"), "{err}");
    let written = rejects(&dir.path().join("today.jsonl.rejects.jsonl"));
    let lines: Vec<_> = written.iter().map(|r| r["line"].clone()).collect();
    assert_eq!(lines, [3, 4]);
    // Stored once each, as one uninterrupted run would have.
    assert_eq!(
        *fake.records.lock().unwrap(),
        ["{\"n\":1}".to_owned(), "{\"n\":6}".to_owned()]
    );
}

#[tokio::test]
async fn a_missing_file_is_exit_66_before_connecting() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.jsonl");
    let (code, _, err) = run(
        "http://127.0.0.1:1",
        &["sync", "import", missing.to_str().unwrap()],
    )
    .await;
    assert_eq!(code, 66, "{err}");
    assert!(err.starts_with("lỗi: Không đọc được tệp "), "{err}");
}

#[tokio::test]
async fn an_unreachable_server_is_exit_69() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.jsonl");
    std::fs::write(&file, "{}\n").unwrap();
    // Short: a refused connection is tried again until the timeout.
    let timeout = ["--timeout", "0.2"];
    let (code, _, _) = run(
        "http://127.0.0.1:1",
        &[
            "sync",
            "import",
            file.to_str().unwrap(),
            timeout[0],
            timeout[1],
        ],
    )
    .await;
    assert_eq!(code, 69);
    let (code, _, _) = run(
        "http://127.0.0.1:1",
        &["sync", "changes", timeout[0], timeout[1]],
    )
    .await;
    assert_eq!(code, 69);
}

#[tokio::test]
async fn export_and_changes_write_lines_and_keep_the_cursor() {
    let fake = Fake::default();
    fake.records
        .lock()
        .unwrap()
        .extend(["{\"a\":1}", "{\"a\":2}", "{\"a\":3}"].map(str::to_owned));
    let server = serve(fake.clone()).await;
    let (code, out, err) = run(&server, &["sync", "export"]).await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "{\"a\":1}\n{\"a\":2}\n{\"a\":3}\n");
    assert_eq!(err, "cursor: 3\n");

    let dir = tempfile::tempdir().unwrap();
    let cursor = dir.path().join("changes.cursor");
    let first = dir.path().join("first.jsonl");
    let args = |output: &Path| {
        vec![
            "sync".to_owned(),
            "changes".to_owned(),
            "--cursor-file".to_owned(),
            cursor.to_str().unwrap().to_owned(),
            "--output".to_owned(),
            output.to_str().unwrap().to_owned(),
        ]
    };
    let first_args = args(&first);
    let first_args: Vec<&str> = first_args.iter().map(String::as_str).collect();
    let (code, out, err) = run(&server, &first_args).await;
    assert_eq!((code, out.as_str(), err.as_str()), (0, "", "cursor: 3\n"));
    assert_eq!(std::fs::read_to_string(&first).unwrap().lines().count(), 3);
    assert_eq!(std::fs::read_to_string(&cursor).unwrap(), "3\n");

    fake.records.lock().unwrap().push("{\"a\":4}".to_owned());
    let second = dir.path().join("second.jsonl");
    let second_args = args(&second);
    let second_args: Vec<&str> = second_args.iter().map(String::as_str).collect();
    let (code, _, err) = run(&server, &second_args).await;
    assert_eq!((code, err.as_str()), (0, "cursor: 4\n"));
    assert_eq!(std::fs::read_to_string(&second).unwrap(), "{\"a\":4}\n");
    assert_eq!(std::fs::read_to_string(&cursor).unwrap(), "4\n");

    let (code, out, err) = run(&server, &["sync", "changes", "--after", "4"]).await;
    assert_eq!((code, out.as_str(), err.as_str()), (0, "", "cursor: 4\n"));
}

#[tokio::test]
async fn sync_flags_that_do_not_fit_are_usage_errors() {
    for args in [
        &["sync", "import"][..],
        &["sync", "import", "a", "--import-id", ""],
        &["sync", "import", "a", "--import-id", "é"],
        &["sync", "changes", "--after", "1", "--cursor-file", "c"],
        &["sync", "export", "--org"],
    ] {
        let (code, out, err) = run("http://127.0.0.1:1", args).await;
        assert_eq!((code, out.as_str()), (2, ""), "{args:?}: {err}");
    }
}
