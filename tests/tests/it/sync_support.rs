//! Calling `SyncService` from the tests: an import of a text's lines, an export, the change
//! feed, and a fresh server on the same backend to import into.

use dangvien_proto::v1::{self as pb, sync_service_client::SyncServiceClient};
use dangvien_tests::{TestDb, TestServer};
use tonic::{Status, transport::Channel};

/// What one import answered.
#[derive(Debug, Default)]
pub(crate) struct Imported {
    pub(crate) resumed_after: i64,
    pub(crate) results: Vec<pb::LineResult>,
    pub(crate) summary: Option<pb::ImportSummary>,
}

impl Imported {
    /// `(line, reason)` of every refused line.
    pub(crate) fn refusals(&self) -> Vec<(i64, String)> {
        self.results
            .iter()
            .filter(|r| r.outcome() == pb::LineOutcome::Refused)
            .map(|r| (r.line_number, r.reason.clone()))
            .collect()
    }

    /// The outcome of every line, in order.
    pub(crate) fn outcomes(&self) -> Vec<pb::LineOutcome> {
        self.results.iter().map(pb::LineResult::outcome).collect()
    }

    /// The summary, which every completed import ends with.
    pub(crate) fn summary(&self) -> pb::ImportSummary {
        self.summary.unwrap()
    }
}

/// A sync client of `server`.
pub(crate) async fn sync(server: &TestServer) -> SyncServiceClient<Channel> {
    SyncServiceClient::new(server.channel().await.unwrap())
}

/// The lines of `text` as an import sends them: numbered from 1, blank lines left out.
pub(crate) fn lines(text: &[u8]) -> Vec<pb::ImportLine> {
    text.split(|b| *b == b'\n')
        .enumerate()
        .filter(|(_, l)| !l.is_empty())
        .map(|(i, l)| pb::ImportLine {
            line_number: i64::try_from(i).unwrap() + 1,
            line: l.to_vec(),
        })
        .collect()
}

/// Imports `text` as `import_id`.
pub(crate) async fn import_as(
    server: &TestServer,
    import_id: &str,
    text: &[u8],
    atomic: bool,
    dry_run: bool,
) -> Result<Imported, Status> {
    import_via(sync(server).await, import_id, text, atomic, dry_run, |_| {}).await
}

/// Imports `text` as `import_id` through `client`, calling `progress` with the number of
/// results received so far after each message.
pub(crate) async fn import_via(
    mut client: SyncServiceClient<Channel>,
    import_id: &str,
    text: &[u8],
    atomic: bool,
    dry_run: bool,
    mut progress: impl FnMut(usize),
) -> Result<Imported, Status> {
    let start = pb::ImportRequest {
        message: Some(pb::import_request::Message::Start(pb::ImportStart {
            import_id: import_id.to_owned(),
            atomic,
            dry_run,
        })),
    };
    let requests =
        std::iter::once(start).chain(lines(text).into_iter().map(|l| pb::ImportRequest {
            message: Some(pb::import_request::Message::Line(l)),
        }));
    let mut stream = client
        .import(tokio_stream::iter(requests.collect::<Vec<_>>()))
        .await?
        .into_inner();
    let mut imported = Imported::default();
    while let Some(message) = stream.message().await? {
        match message.message.unwrap() {
            pb::import_response::Message::Started(s) => {
                imported.resumed_after = s.resumed_after_line
            }
            pb::import_response::Message::Results(r) => imported.results.extend(r.results),
            pb::import_response::Message::Summary(s) => imported.summary = Some(s),
        }
        progress(imported.results.len());
    }
    Ok(imported)
}

/// Imports `text`, not atomic, as an id of its own.
pub(crate) async fn import(server: &TestServer, text: &[u8]) -> Imported {
    let id = uuid::Uuid::new_v4().to_string();
    import_as(server, &id, text, false, false).await.unwrap()
}

/// The whole export (or a subtree's) and its final cursor.
pub(crate) async fn export(server: &TestServer, org: &str) -> (String, String) {
    let request = pb::ExportRequest {
        organization: if org.is_empty() {
            String::new()
        } else {
            format!("organizations/{org}")
        },
    };
    let mut stream = sync(server)
        .await
        .export(request)
        .await
        .unwrap()
        .into_inner();
    let (mut text, mut cursor) = (String::new(), String::new());
    while let Some(chunk) = stream.message().await.unwrap() {
        for line in chunk.lines {
            text.push_str(&line);
            text.push('\n');
        }
        cursor = chunk.next_cursor;
    }
    (text, cursor)
}

/// The lines stored after `cursor`, and the cursor to ask from next.
pub(crate) async fn changes(server: &TestServer, cursor: &str) -> (Vec<String>, String) {
    let request = pb::ListChangesRequest {
        after_cursor: cursor.to_owned(),
    };
    let mut stream = sync(server)
        .await
        .list_changes(request)
        .await
        .unwrap()
        .into_inner();
    let (mut lines, mut next) = (Vec::new(), String::new());
    while let Some(chunk) = stream.message().await.unwrap() {
        lines.extend(chunk.lines);
        next = chunk.next_cursor;
    }
    (lines, next)
}

/// A server on a fresh, empty database of the same backend as `server`.
pub(crate) async fn fresh_like(server: &TestServer) -> TestServer {
    TestServer::start(TestDb::fresh(server.backend()).await.unwrap()).await
}
