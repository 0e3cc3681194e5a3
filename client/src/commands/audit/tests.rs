//! `audit list` and `audit verify` run whole, in process, against a fake audit service that
//! wants the token the tests send: every page fetched, the token on every call, the breaks.

use std::sync::{Arc, Mutex};

use dangvien_proto::v1::{
    self as pb,
    audit_service_server::{AuditService, AuditServiceServer},
};
use tokio_stream::wrappers::TcpListenerStream;
use tonic::{Request, Response, Status};

const TOKEN: &str = "dvt_test-token";

/// Two pages of entries; `broken` makes verify find a break.
#[derive(Clone, Default)]
struct Fake {
    broken: bool,
    /// The requests of `ListAuditEntries`, in order.
    asked: Arc<Mutex<Vec<pb::ListAuditEntriesRequest>>>,
}

/// The token the call carries, checked as the server would.
fn authorised<T>(request: &Request<T>) -> Result<(), Status> {
    let header = request.metadata().get("authorization");
    match header.and_then(|h| h.to_str().ok()) {
        Some(h) if h == format!("Bearer {TOKEN}") => Ok(()),
        Some(_) | None => Err(Status::unauthenticated("no valid token")),
    }
}

fn entry(seq: i64, principal: &str) -> pb::AuditEntry {
    pb::AuditEntry {
        name: format!("chains/1/entries/{seq}"),
        time: Some(prost_types::Timestamp {
            seconds: 1_796_644_800 + seq,
            nanos: 0,
        }),
        principal: principal.into(),
        method: "/dangvien.v1.PersonService/GetPerson".into(),
        subjects: vec!["people/P1".into(), "organizations/CB01".into()],
        outcome: "OK".into(),
        request_id: String::new(),
        hash: format!("{seq:064x}"),
    }
}

#[tonic::async_trait]
impl AuditService for Fake {
    async fn list_audit_entries(
        &self,
        request: Request<pb::ListAuditEntriesRequest>,
    ) -> Result<Response<pb::ListAuditEntriesResponse>, Status> {
        authorised(&request)?;
        let request = request.into_inner();
        let first = request.page_token.is_empty();
        self.asked.lock().unwrap().push(request);
        Ok(Response::new(if first {
            pb::ListAuditEntriesResponse {
                entries: vec![entry(2, "clerk-1")],
                next_page_token: "p2".into(),
            }
        } else {
            pb::ListAuditEntriesResponse {
                entries: vec![entry(1, "an.admin")],
                next_page_token: String::new(),
            }
        }))
    }

    async fn verify_audit_log(
        &self,
        request: Request<pb::VerifyAuditLogRequest>,
    ) -> Result<Response<pb::VerifyAuditLogResponse>, Status> {
        authorised(&request)?;
        let breaks = if self.broken {
            vec!["chains/1/entries/17: hash differs".to_owned()]
        } else {
            Vec::new()
        };
        Ok(Response::new(pb::VerifyAuditLogResponse {
            entries_checked: 1234,
            chains: 2,
            breaks,
            heads: vec!["chains/1: 2 abcd".into(), "chains/2: 7 ef01".into()],
        }))
    }
}

/// Serves `fake` on a free loopback port for the rest of the test; returns its URL.
async fn serve(fake: Fake) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(
        tonic::transport::Server::builder()
            .add_service(AuditServiceServer::new(fake))
            .serve_with_incoming(TcpListenerStream::new(listener)),
    );
    url
}

/// A file holding the token, as an operator would write it (with a newline).
fn token_file() -> tempfile::NamedTempFile {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), format!("{TOKEN}\n")).unwrap();
    file
}

/// Runs the command line against `server`: the exit code, stdout and stderr.
async fn run(server: &str, args: &[&str]) -> (i32, String, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let head = ["dangvien", "--server", server, "--lang", "en"];
    let code = crate::run(head.iter().chain(args), &mut out, &mut err).await;
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

#[tokio::test]
async fn list_sends_the_token_and_fetches_every_page() {
    let fake = Fake::default();
    let server = serve(fake.clone()).await;
    let token = token_file();
    let token = token.path().to_str().unwrap();
    let (code, out, err) = run(
        &server,
        &[
            "--token-file",
            token,
            "audit",
            "list",
            "--principal",
            "clerk-1",
            "--from",
            "2026-12-01",
            "--to",
            "2026-12-07",
        ],
    )
    .await;
    assert_eq!(code, 0, "{err}");
    for expected in [
        "Principal",
        "2026-12-07T12:00:02Z",
        "clerk-1",
        "an.admin",
        "/dangvien.v1.PersonService/GetPerson",
        "people/P1",
    ] {
        assert!(out.contains(expected), "{expected} missing from\n{out}");
    }
    assert!(!out.contains(TOKEN) && !err.contains(TOKEN));
    let asked = fake.asked.lock().unwrap().clone();
    assert_eq!(asked.len(), 2);
    assert_eq!(asked[1].page_token, "p2");
    assert_eq!(asked[0].page_size, 1000);
    assert_eq!(asked[0].principal, "clerk-1");
    // `--to` a day takes in that whole day.
    assert_eq!(
        asked[0].end_time.unwrap().seconds,
        1_796_644_800 + 12 * 3600
    );
    let (code, out, _) = run(
        &server,
        &["--token-file", token, "--format", "json", "audit", "list"],
    )
    .await;
    assert_eq!(code, 0);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value[0]["subjects"][1], "organizations/CB01");
    assert_eq!(value[1]["name"], "chains/1/entries/1");
    let (code, out, _) = run(
        &server,
        &["--token-file", token, "--format", "csv", "audit", "list"],
    )
    .await;
    assert_eq!(code, 0);
    assert!(out.contains("people/P1 organizations/CB01"), "{out}");
}

#[tokio::test]
async fn without_a_token_the_message_says_how_to_give_one() {
    let server = serve(Fake::default()).await;
    let (code, out, err) = run(&server, &["audit", "verify"]).await;
    assert_eq!((code, out.as_str()), (77, ""), "{err}");
    assert!(err.contains("no valid token"), "{err}");
    assert!(
        err.contains("DANGVIEN_TOKEN") && err.contains("--token-file"),
        "{err}"
    );
}

#[tokio::test]
async fn verify_prints_the_heads_and_a_break_is_exit_1() {
    let token = token_file();
    let token = token.path().to_str().unwrap();
    let server = serve(Fake::default()).await;
    let (code, out, err) = run(&server, &["--token-file", token, "audit", "verify"]).await;
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("Recomputed the hashes of 1,234 entries in 2 chains\n"),
        "{out}"
    );
    assert!(
        out.contains("Every chain holds") && out.contains("  chains/2: 7 ef01"),
        "{out}"
    );
    let server = serve(Fake {
        broken: true,
        ..Fake::default()
    })
    .await;
    let (code, out, err) = run(&server, &["--token-file", token, "audit", "verify"]).await;
    assert_eq!(code, 1, "{err}");
    assert!(
        out.contains("Breaks:\n  chains/1/entries/17: hash differs\n"),
        "{out}"
    );
    assert!(err.contains("1 breaks in the audit log"), "{err}");
    let (code, out, _) = run(
        &server,
        &["--token-file", token, "--format", "json", "audit", "verify"],
    )
    .await;
    assert_eq!(code, 1);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["entries_checked"], 1234);
    assert_eq!(value["breaks"][0], "chains/1/entries/17: hash differs");
}

#[tokio::test]
async fn a_reversed_range_is_a_usage_error_before_connecting() {
    let (code, _, err) = run(
        "http://127.0.0.1:1",
        &[
            "audit",
            "list",
            "--from",
            "2026-12-08",
            "--to",
            "2026-12-07",
        ],
    )
    .await;
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("--from is after --to"), "{err}");
}
