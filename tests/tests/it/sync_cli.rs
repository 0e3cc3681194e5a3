//! `dangvien sync` end to end against the test servers: an import with a refused line, a dry run,
//! an atomic import with a refusal, running the same file again, export, the change feed with a
//! cursor file, the scheduler commands of `docs/sync.md` run as written, and an import piped to
//! the built command's standard input.

use std::path::{Path, PathBuf};

use dangvien_tests::{TestServer, servers};
use serde_json::Value;

use crate::cli::{Run, dangvien};

/// The lines of DESIGN §6 that build a bloc, a grassroots cell, a person in it, and nominate them.
const KHOI: &str = r#"{"kind":"org","code":"KHOI","name":"Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh","org_kind":"bloc","parent":null,"sector":"state_agency","valid_from":"2015-01-01"}"#;
const CS02: &str = r#"{"kind":"org","code":"CS02","name":"Chi bộ Sở Tài chính","org_kind":"grassroots_cell","parent":"KHOI","sector":"state_agency","valid_from":"2015-01-01"}"#;
const P1: &str = r#"{"kind":"person","external_id":"P000001","full_name":"Nguyễn Thị Lan","gender":"female","birth_date":"1996-04-12","ethnicity":"Kinh","religion":null,"education":"upper_secondary","youth_union":true,"trade_union":false,"org":"CS02","cell_since":"2020-01-01"}"#;
const NOMINATE: &str = r#"{"kind":"decision","external_id":"D000001","decision":"nominate","person":"P000001","date":"2021-03-01","body":"CS02"}"#;
/// Refused: no such person.
const NOMINATE_NOBODY: &str = r#"{"kind":"decision","external_id":"D000002","decision":"nominate","person":"P999999","date":"2021-03-01","body":"CS02"}"#;
const TARGET: &str = r#"{"kind":"target","org":"KHOI","year":2022,"admissions":150}"#;
const P2: &str = r#"{"kind":"person","external_id":"P000002","full_name":"Trần Văn Minh","gender":"male","birth_date":"1995-09-01","ethnicity":"Kinh","religion":null,"education":"upper_secondary","youth_union":true,"trade_union":true,"org":"CS02","cell_since":"2020-01-01"}"#;

/// The five lines with the refused one fifth, a blank line between, CRLF on one line.
fn file_with_a_refusal() -> String {
    format!("{KHOI}\r\n{CS02}\n\n{P1}\n{NOMINATE}\n{NOMINATE_NOBODY}\n{TARGET}\n")
}

/// The refused line's number in [`file_with_a_refusal`] (the blank line counts).
const REFUSED_LINE: i64 = 6;

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn rejects(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn summary(run: &Run) -> Value {
    serde_json::from_str(&run.out)
        .unwrap_or_else(|e| panic!("{e}: stdout {}\nstderr {}", run.out, run.err))
}

/// The whole export, as text.
async fn export(server: &TestServer) -> String {
    let run = dangvien(server, &["sync", "export"]).await;
    assert_eq!(run.code, 0, "{}", run.err);
    run.out
}

#[tokio::test]
async fn an_import_with_a_refused_line_exits_3_and_writes_it_down() {
    for server in servers().await {
        let dir = tempfile::tempdir().unwrap();
        let file = write(dir.path(), "today.jsonl", &file_with_a_refusal());
        let path = file.to_str().unwrap();
        let run = dangvien(&server, &["--format", "json", "sync", "import", path]).await;
        assert_eq!(run.code, 3, "{}: {}", server.backend(), run.err);
        let s = summary(&run);
        assert_eq!(s["lines"], 6, "{s}");
        assert_eq!(s["accepted"], 5, "{s}");
        assert_eq!(s["refused"], 1, "{s}");
        assert_eq!(s["committed"], true, "{s}");
        let rejects_path = dir.path().join("today.jsonl.rejects.jsonl");
        assert_eq!(s["rejects"], rejects_path.to_str().unwrap(), "{s}");
        assert!(
            run.err.contains("  bị từ chối:                  1\n"),
            "{}",
            run.err
        );
        assert!(run.err.contains("1 dòng bị từ chối"), "{}", run.err);
        let written = rejects(&rejects_path);
        assert_eq!(written.len(), 1, "{written:?}");
        assert_eq!(written[0]["line"], REFUSED_LINE);
        assert_eq!(written[0]["key"], "decision D000002");
        assert_eq!(written[0]["reason"], "PERSON_NOT_FOUND");
        assert_eq!(written[0]["record"], NOMINATE_NOBODY);
        assert!(!written[0]["message_vi"].as_str().unwrap().is_empty());
        // The accepted lines are stored: the nomination opened a case.
        let case = dangvien(&server, &["--format", "json", "case", "show", "P000001"]).await;
        assert_eq!(case.code, 0, "{}", case.err);
        let case: Value = serde_json::from_str(&case.out).unwrap();
        assert_eq!(case["state"], "candidate", "{case}");
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_dry_run_stores_nothing() {
    for server in servers().await {
        let dir = tempfile::tempdir().unwrap();
        let file = write(dir.path(), "clean.jsonl", &format!("{KHOI}\n{CS02}\n"));
        let run = dangvien(
            &server,
            &[
                "--format",
                "json",
                "sync",
                "import",
                "--dry-run",
                file.to_str().unwrap(),
            ],
        )
        .await;
        assert_eq!(run.code, 0, "{}", run.err);
        let s = summary(&run);
        assert_eq!(
            (s["accepted"].clone(), s["committed"].clone()),
            (2.into(), false.into())
        );
        assert_eq!(dangvien(&server, &["org", "show", "KHOI"]).await.code, 4);
        assert_eq!(export(&server).await, "");
        // Not remembered either: the real run judges every line.
        let run = dangvien(
            &server,
            &["--format", "json", "sync", "import", file.to_str().unwrap()],
        )
        .await;
        assert_eq!(run.code, 0, "{}", run.err);
        assert_eq!(summary(&run)["accepted"], 2);
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn an_atomic_import_with_a_refusal_stores_nothing() {
    for server in servers().await {
        let dir = tempfile::tempdir().unwrap();
        let file = write(dir.path(), "today.jsonl", &file_with_a_refusal());
        let run = dangvien(
            &server,
            &[
                "--format",
                "json",
                "sync",
                "import",
                "--atomic",
                file.to_str().unwrap(),
            ],
        )
        .await;
        assert_eq!(run.code, 3, "{}", run.err);
        let s = summary(&run);
        assert_eq!(s["committed"], false, "{s}");
        assert_eq!(s["refused"], 1, "{s}");
        assert!(run.err.contains("--atomic"), "{}", run.err);
        assert_eq!(dangvien(&server, &["org", "show", "KHOI"]).await.code, 4);
        assert_eq!(export(&server).await, "");
        assert_eq!(
            rejects(&dir.path().join("today.jsonl.rejects.jsonl")).len(),
            1
        );
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn the_same_file_again_reports_the_stored_refusals_and_changes_nothing() {
    for server in servers().await {
        let dir = tempfile::tempdir().unwrap();
        let file = write(dir.path(), "today.jsonl", &file_with_a_refusal());
        let path = file.to_str().unwrap();
        let first = dangvien(&server, &["--format", "json", "sync", "import", path]).await;
        assert_eq!(first.code, 3, "{}", first.err);
        let rejects_path = dir.path().join("today.jsonl.rejects.jsonl");
        let first_rejects = rejects(&rejects_path);
        let before = export(&server).await;

        let again = dangvien(&server, &["--format", "json", "sync", "import", path]).await;
        assert_eq!(again.code, 3, "{}", again.err);
        let s = summary(&again);
        assert_eq!(s["accepted"], 0, "{s}");
        assert_eq!(s["refused"], 1, "{s}");
        assert_eq!(s["already_imported"], 5, "{s}");
        assert_eq!(s["resumed_after_line"], 7, "{s}");
        assert_eq!(rejects(&rejects_path), first_rejects);
        assert_eq!(export(&server).await, before);
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn export_writes_the_records_to_a_file_and_the_cursor_to_stderr() {
    for server in servers().await {
        let dir = tempfile::tempdir().unwrap();
        let file = write(dir.path(), "today.jsonl", &file_with_a_refusal());
        let run = dangvien(&server, &["sync", "import", file.to_str().unwrap()]).await;
        assert_eq!(run.code, 3, "{}", run.err);
        let output = dir.path().join("export.jsonl");
        let run = dangvien(
            &server,
            &["sync", "export", "--output", output.to_str().unwrap()],
        )
        .await;
        assert_eq!((run.code, run.out.as_str()), (0, ""), "{}", run.err);
        let cursor = run
            .err
            .trim_end()
            .strip_prefix("cursor: ")
            .unwrap_or_else(|| panic!("{}", run.err));
        assert!(!cursor.is_empty());
        let text = std::fs::read_to_string(&output).unwrap();
        let keys: Vec<String> = text
            .lines()
            .map(|l| {
                let record: Value = serde_json::from_str(l).unwrap();
                record["kind"].as_str().unwrap().to_owned()
            })
            .collect();
        assert_eq!(
            keys,
            ["org", "org", "person", "decision", "target"],
            "{text}"
        );
        assert!(
            text.lines().next().unwrap().contains("\"code\":\"KHOI\""),
            "{text}"
        );
        // Nothing changed after the export's cursor.
        let run = dangvien(&server, &["sync", "changes", "--after", cursor]).await;
        assert_eq!((run.code, run.out.as_str()), (0, ""), "{}", run.err);
        assert_eq!(run.err, format!("cursor: {cursor}\n"));
        // One subtree: the grassroots cell and what is in it, not the bloc's target.
        let run = dangvien(&server, &["sync", "export", "--org", "CS02"]).await;
        assert_eq!(run.code, 0, "{}", run.err);
        assert!(run.out.contains("\"P000001\""), "{}", run.out);
        assert!(!run.out.contains("\"kind\":\"target\""), "{}", run.out);
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn changes_with_a_cursor_file_return_only_what_was_stored_in_between() {
    for server in servers().await {
        let dir = tempfile::tempdir().unwrap();
        let file = write(
            dir.path(),
            "first.jsonl",
            &format!("{KHOI}\n{CS02}\n{P1}\n"),
        );
        let run = dangvien(&server, &["sync", "import", file.to_str().unwrap()]).await;
        assert_eq!(run.code, 0, "{}", run.err);
        let cursor = dir.path().join("changes.cursor");
        let changes = |output: &Path| {
            [
                "sync",
                "changes",
                "--cursor-file",
                cursor.to_str().unwrap(),
                "--output",
                output.to_str().unwrap(),
            ]
            .map(str::to_owned)
        };
        let out1 = dir.path().join("changes-1.jsonl");
        let args = changes(&out1);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = dangvien(&server, &args).await;
        assert_eq!(run.code, 0, "{}", run.err);
        assert_eq!(std::fs::read_to_string(&out1).unwrap().lines().count(), 3);
        let kept = std::fs::read_to_string(&cursor).unwrap();
        assert_eq!(run.err, format!("cursor: {kept}"));

        let file = write(dir.path(), "second.jsonl", &format!("{P2}\n{TARGET}\n"));
        let run = dangvien(&server, &["sync", "import", file.to_str().unwrap()]).await;
        assert_eq!(run.code, 0, "{}", run.err);
        let out2 = dir.path().join("changes-2.jsonl");
        let args = changes(&out2);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let run = dangvien(&server, &args).await;
        assert_eq!(run.code, 0, "{}", run.err);
        let text = std::fs::read_to_string(&out2).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 2, "{text}");
        assert!(lines[0].contains("\"P000002\""), "{text}");
        assert!(lines[1].contains("\"kind\":\"target\""), "{text}");
        assert_ne!(std::fs::read_to_string(&cursor).unwrap(), kept);
        server.stop().await.unwrap();
    }
}

/// The text between `<!-- sync-doc-test: NAME -->` and the next `<!-- /sync-doc-test -->`.
fn doc_block<'a>(doc: &'a str, name: &str) -> &'a str {
    let open = format!("<!-- sync-doc-test: {name} -->");
    let start = doc
        .find(&open)
        .unwrap_or_else(|| panic!("no {open} in docs/sync.md"))
        + open.len();
    let end = doc[start..].find("<!-- /sync-doc-test -->").unwrap() + start;
    &doc[start..end]
}

/// The command of a unit's `ExecStart=`, as systemd hands it on: `$$` is `$` and `%%` is `%`
/// (`${SYNC_DIR}` is left for the shell, which has the same value in its environment).
fn exec_start(block: &str) -> String {
    let line = block
        .lines()
        .find_map(|l| l.strip_prefix("ExecStart="))
        .unwrap_or_else(|| panic!("no ExecStart= in {block}"));
    line.replace("$$", "$").replace("%%", "%")
}

/// The commands of a crontab's job lines, as cron hands them to `sh`: after the five time
/// fields, with `\%` read as `%`.
fn cron_commands(block: &str) -> Vec<String> {
    block
        .lines()
        .filter(|l| l.starts_with(|c: char| c.is_ascii_digit() || c == '*'))
        .map(|line| {
            let mut rest = line;
            for _ in 0..5 {
                rest = rest.trim_start();
                rest = &rest[rest.find(char::is_whitespace).unwrap()..];
            }
            rest.trim().replace("\\%", "%")
        })
        .collect()
}

/// Runs `command` with `sh -c` as a scheduler would, with `dangvien` on the `PATH` and the
/// server and the sync directory in the environment the document's commands read.
async fn scheduled(command: &str, bin: &Path, server: &TestServer, sync_dir: &Path) -> i32 {
    let mut sh = std::process::Command::new("sh");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    sh.arg("-c")
        .arg(command)
        .env("PATH", path)
        .env("DANGVIEN_SERVER", server.url())
        .env("DANGVIEN_LANG", "vi")
        .env("SYNC_DIR", sync_dir);
    // The server runs on this thread's runtime: wait for the child elsewhere.
    let status = tokio::task::spawn_blocking(move || sh.status())
        .await
        .unwrap()
        .unwrap();
    status.code().unwrap_or(-1)
}

fn outbox(sync_dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(sync_dir.join("outbox"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

#[tokio::test]
async fn the_scheduler_commands_of_the_operations_guide_run_as_written() {
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/sync.md")).unwrap();
    let import_unit = exec_start(doc_block(&doc, "systemd-import"));
    let changes_unit = exec_start(doc_block(&doc, "systemd-changes"));
    let cron = cron_commands(doc_block(&doc, "cron"));
    assert_eq!(cron.len(), 2, "{cron:?}");
    assert!(import_unit.contains("sync import") && cron[0].contains("sync import"));
    assert!(changes_unit.contains("sync changes") && cron[1].contains("sync changes"));
    // `dangvien` on the PATH is this build of the command line.
    let bin = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(
        env!("CARGO_BIN_EXE_dangvien-e2e"),
        bin.path().join("dangvien"),
    )
    .unwrap();
    for server in servers().await {
        let sync = tempfile::tempdir().unwrap();
        for dir in ["inbox", "outbox", "log"] {
            std::fs::create_dir(sync.path().join(dir)).unwrap();
        }
        let today = sync.path().join("inbox/today.jsonl");
        std::fs::write(&today, format!("{KHOI}\n{CS02}\n{P1}\n")).unwrap();

        // systemd: the import, then the changes.
        assert_eq!(
            scheduled(&import_unit, bin.path(), &server, sync.path()).await,
            0
        );
        assert_eq!(
            dangvien(&server, &["person", "show", "P000001"]).await.code,
            0
        );
        assert_eq!(
            scheduled(&changes_unit, bin.path(), &server, sync.path()).await,
            0
        );
        let written = outbox(sync.path());
        assert_eq!(written.len(), 1, "{written:?}");
        assert_eq!(
            std::fs::read_to_string(&written[0])
                .unwrap()
                .lines()
                .count(),
            3
        );
        let cursor = std::fs::read_to_string(sync.path().join("changes.cursor")).unwrap();
        assert!(!cursor.trim().is_empty());
        // The consumer takes the file away.
        std::fs::remove_file(&written[0]).unwrap();

        // cron, the next night: a new file with a refused line.
        std::fs::write(&today, format!("{P2}\n{NOMINATE_NOBODY}\n{TARGET}\n")).unwrap();
        assert_eq!(
            scheduled(&cron[0], bin.path(), &server, sync.path()).await,
            3
        );
        let log = std::fs::read_to_string(sync.path().join("log/import.log")).unwrap();
        assert!(log.contains("1 dòng bị từ chối"), "{log}");
        let refused = rejects(&sync.path().join("inbox/today.jsonl.rejects.jsonl"));
        assert_eq!(refused[0]["line"], 2);
        assert_eq!(
            dangvien(&server, &["person", "show", "P000002"]).await.code,
            0
        );
        assert_eq!(
            scheduled(&cron[1], bin.path(), &server, sync.path()).await,
            0
        );
        let written = outbox(sync.path());
        assert_eq!(written.len(), 1, "{written:?}");
        let text = std::fs::read_to_string(&written[0]).unwrap();
        assert_eq!(text.lines().count(), 2, "{text}");
        assert!(text.contains("\"P000002\""), "{text}");
        assert_ne!(
            std::fs::read_to_string(sync.path().join("changes.cursor")).unwrap(),
            cursor
        );
        server.stop().await.unwrap();
    }
}

/// Runs the built `dangvien` with `stdin` on its standard input, in `dir`, and returns its exit
/// code and standard output.
async fn piped(server: &TestServer, dir: &Path, args: &[&str], stdin: String) -> (i32, String) {
    use std::io::Write as _;
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_dangvien-e2e"));
    command
        .args(["--server", &server.url(), "--lang", "vi"])
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::inherit());
    // The server runs on this thread's runtime: wait for the child elsewhere.
    let output = tokio::task::spawn_blocking(move || {
        let mut child = command.spawn().unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    })
    .await
    .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
    )
}

#[tokio::test]
async fn an_import_from_standard_input_is_spooled_named_by_its_content_and_resumable() {
    for server in servers().await {
        let dir = tempfile::tempdir().unwrap();
        let args = ["--format", "json", "sync", "import", "-"];
        let (code, out) = piped(&server, dir.path(), &args, file_with_a_refusal()).await;
        assert_eq!(code, 3, "{}: {out}", server.backend());
        let s: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(
            (&s["lines"], &s["accepted"], &s["refused"]),
            (&6.into(), &5.into(), &1.into()),
            "{s}"
        );
        // With no file to sit beside, the rejects go to the working directory.
        let named = s["rejects"].as_str().unwrap().to_owned();
        assert!(named.starts_with("sync-rejects-"), "{named}");
        let written = rejects(&dir.path().join(&named));
        assert_eq!(written.len(), 1, "{written:?}");
        assert_eq!(written[0]["line"], REFUSED_LINE);
        assert_eq!(written[0]["key"], "decision D000002");
        let stored = export(&server).await;

        // The same bytes again are the same import: nothing is applied twice.
        let (code, out) = piped(&server, dir.path(), &args, file_with_a_refusal()).await;
        assert_eq!(code, 3, "{}: {out}", server.backend());
        let again: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(again["accepted"], 0, "{again}");
        assert_eq!(again["already_imported"], 5, "{again}");
        assert_eq!(export(&server).await, stored);
        server.stop().await.unwrap();
    }
}
