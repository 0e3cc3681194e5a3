//! `dangvien.v1.SyncService`: the import's message stream in and results out, and the change
//! log streamed in pages. Only the app parses the lines.

use std::{pin::Pin, time::Duration};

use dangvien_proto::v1::{self as pb, sync_service_server::SyncService};
use tokio::sync::mpsc;
use tokio_stream::{Stream, wrappers::ReceiverStream};
use tonic::{Request, Response, Status, Streaming};

use super::{Ready, convert, ctx};
use crate::{
    app::{
        App, ChangeChunk, Ctx, ExportScope, Import, ImportId, ImportOptions, ImportSummary,
        IncomingLine, LineResult, Outcome, parse_cursor,
    },
    domain::{Error, FieldViolation, Reason},
};

/// Lines judged per batch (and committed together unless the import is atomic).
const BATCH_LINES: usize = 1000;
/// How long a partial batch waits for more lines before it is judged: results keep flowing to
/// a slow sender.
const GATHER: Duration = Duration::from_millis(20);
/// Messages waiting for a slow reader before the producer pauses: bounds the server's memory.
const QUEUE: usize = 4;

type Streamed<T> = Pin<Box<dyn Stream<Item = Result<T, Status>> + Send>>;

/// The sync service.
#[derive(Clone, Debug)]
pub(crate) struct SyncApi {
    ready: Ready,
}

impl SyncApi {
    pub(crate) fn new(ready: Ready) -> Self {
        Self { ready }
    }
}

#[tonic::async_trait]
impl SyncService for SyncApi {
    type ImportStream = Streamed<pb::ImportResponse>;
    type ExportStream = Streamed<pb::ExportResponse>;
    type ListChangesStream = Streamed<pb::ListChangesResponse>;

    async fn import(
        &self,
        request: Request<Streaming<pb::ImportRequest>>,
    ) -> Result<Response<Self::ImportStream>, Status> {
        let app = self.ready.app()?.clone();
        let (_, extensions, mut inbound) = request.into_parts();
        let ctx = ctx(&extensions, None);
        let options = match inbound.message().await? {
            Some(pb::ImportRequest {
                message: Some(pb::import_request::Message::Start(start)),
            }) => ImportOptions {
                import_id: ImportId::parse(&start.import_id)?,
                atomic: start.atomic,
                dry_run: start.dry_run,
            },
            Some(_) | None => return Err(no_start().into()),
        };
        let import = app.open_import(&ctx, options).await?;
        let (out, rx) = mpsc::channel(QUEUE);
        tokio::spawn(run_import(import, inbound, out));
        Ok(Response::new(Box::pin(ReceiverStream::new(rx))))
    }

    async fn export(
        &self,
        request: Request<pb::ExportRequest>,
    ) -> Result<Response<Self::ExportStream>, Status> {
        let app = self.ready.app()?.clone();
        let (_, extensions, pb::ExportRequest { organization }) = request.into_parts();
        let ctx = ctx(&extensions, None);
        let scope = match convert::optional_org_name("organization", &organization)
            .map_err(|v| Error::invalid(Reason::InvalidField, v))?
        {
            None => ExportScope::All,
            Some(code) => ExportScope::Subtree(code),
        };
        let rx = stream_feed(app, ctx, scope, 0, |c| pb::ExportResponse {
            lines: c.lines,
            next_cursor: c.cursor.to_string(),
        })
        .await?;
        Ok(Response::new(Box::pin(ReceiverStream::new(rx))))
    }

    async fn list_changes(
        &self,
        request: Request<pb::ListChangesRequest>,
    ) -> Result<Response<Self::ListChangesStream>, Status> {
        let app = self.ready.app()?.clone();
        let (_, extensions, pb::ListChangesRequest { after_cursor }) = request.into_parts();
        let ctx = ctx(&extensions, None);
        let after = parse_cursor("after_cursor", &after_cursor)?;
        let rx = stream_feed(app, ctx, ExportScope::All, after, |c| {
            pb::ListChangesResponse {
                lines: c.lines,
                next_cursor: c.cursor.to_string(),
            }
        })
        .await?;
        Ok(Response::new(Box::pin(ReceiverStream::new(rx))))
    }
}

/// Reads the import's lines in batches, judges each batch and sends its results, then the
/// summary. A client that goes away ends it: committed batches stay, and the next run of the
/// same import resumes after them.
async fn run_import(
    mut import: Import,
    mut inbound: Streaming<pb::ImportRequest>,
    out: mpsc::Sender<Result<pb::ImportResponse, Status>>,
) {
    let started = pb::import_response::Message::Started(pb::ImportStarted {
        resumed_after_line: import.resumed_after(),
    });
    if !send(&out, started).await {
        return;
    }
    let mut batch = Vec::new();
    loop {
        let next = if batch.is_empty() {
            inbound.message().await
        } else {
            match tokio::time::timeout(GATHER, inbound.message()).await {
                Ok(next) => next,
                Err(_) => {
                    if !judge(&mut import, &mut batch, &out).await {
                        return;
                    }
                    continue;
                }
            }
        };
        match next {
            Ok(Some(pb::ImportRequest {
                message: Some(pb::import_request::Message::Line(line)),
            })) => {
                batch.push(IncomingLine {
                    number: line.line_number,
                    bytes: line.line,
                });
                if batch.len() >= BATCH_LINES && !judge(&mut import, &mut batch, &out).await {
                    return;
                }
            }
            Ok(Some(_)) => {
                let _ = out.send(Err(no_start().into())).await;
                return;
            }
            Ok(None) => break,
            Err(status) => {
                tracing::info!(%status, "import stream ended early; committed batches stay");
                return;
            }
        }
    }
    if !judge(&mut import, &mut batch, &out).await {
        return;
    }
    match import.finish().await {
        Ok(summary) => {
            send(&out, pb::import_response::Message::Summary(summary.into())).await;
        }
        Err(e) => {
            let _ = out.send(Err(e.into())).await;
        }
    }
}

/// Judges the gathered lines and sends their results; whether the import goes on.
async fn judge(
    import: &mut Import,
    batch: &mut Vec<IncomingLine>,
    out: &mpsc::Sender<Result<pb::ImportResponse, Status>>,
) -> bool {
    if batch.is_empty() {
        return true;
    }
    match import.apply(std::mem::take(batch)).await {
        Ok(results) => {
            let results = pb::ImportResults {
                results: results.into_iter().map(Into::into).collect(),
            };
            send(out, pb::import_response::Message::Results(results)).await
        }
        Err(e) => {
            let _ = out.send(Err(e.into())).await;
            false
        }
    }
}

async fn send(
    out: &mpsc::Sender<Result<pb::ImportResponse, Status>>,
    message: pb::import_response::Message,
) -> bool {
    out.send(Ok(pb::ImportResponse {
        message: Some(message),
    }))
    .await
    .is_ok()
}

/// Streams a feed from `after` page by page; the first page is read before answering, so that
/// a bad organisation is the call's error. An empty feed still sends one message, with the
/// cursor unchanged.
async fn stream_feed<T: Send + 'static>(
    app: App,
    ctx: Ctx,
    scope: ExportScope,
    after: i64,
    wrap: fn(ChangeChunk) -> T,
) -> Result<mpsc::Receiver<Result<T, Status>>, Status> {
    let mut feed = app.change_feed(&ctx, scope, after).await?;
    let first = feed.next().await?;
    let (tx, rx) = mpsc::channel(QUEUE);
    tokio::spawn(async move {
        let Some(first) = first else {
            let empty = ChangeChunk {
                lines: Vec::new(),
                cursor: after,
            };
            let _ = tx.send(Ok(wrap(empty))).await;
            return;
        };
        if tx.send(Ok(wrap(first))).await.is_err() {
            return;
        }
        loop {
            match feed.next().await {
                Ok(Some(chunk)) => {
                    if tx.send(Ok(wrap(chunk))).await.is_err() {
                        return;
                    }
                }
                Ok(None) => return,
                Err(e) => {
                    let _ = tx.send(Err(e.into())).await;
                    return;
                }
            }
        }
    });
    Ok(rx)
}

fn no_start() -> Error {
    Error::invalid(
        Reason::ImportOutOfOrder,
        FieldViolation::new(
            "start",
            "tin nhắn đầu tiên của Import phải là start (import_id, atomic, dry_run), chỉ một lần",
            "the first Import message must be start (import_id, atomic, dry_run), and only the first",
        ),
    )
}

impl From<LineResult> for pb::LineResult {
    fn from(r: LineResult) -> Self {
        let (outcome, reason, message, localized_message) = match r.outcome {
            Outcome::Accepted => (pb::LineOutcome::Accepted, "", String::new(), String::new()),
            Outcome::SkippedIdentical => (
                pb::LineOutcome::SkippedIdentical,
                "",
                String::new(),
                String::new(),
            ),
            Outcome::AlreadyImported => (
                pb::LineOutcome::AlreadyImported,
                "",
                String::new(),
                String::new(),
            ),
            Outcome::Refused { ref reason, msg } => {
                (pb::LineOutcome::Refused, reason.as_str(), msg.en, msg.vi)
            }
        };
        pb::LineResult {
            line_number: r.number,
            key: r.key,
            outcome: outcome.into(),
            reason: reason.to_owned(),
            message,
            localized_message,
        }
    }
}

impl From<ImportSummary> for pb::ImportSummary {
    fn from(s: ImportSummary) -> Self {
        let ImportSummary {
            lines,
            accepted,
            skipped_identical,
            refused,
            already_imported,
            committed,
        } = s;
        pb::ImportSummary {
            lines,
            accepted,
            skipped_identical,
            refused,
            already_imported,
            committed,
        }
    }
}
