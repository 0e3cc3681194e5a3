//! The calls of `SyncService`: streams with no overall deadline. `--timeout` bounds opening a
//! stream and, for the two feeds, the wait for each next message; a broken stream is
//! [`Error::Interrupted`], which a scheduler may simply run again.
//!
//! Opening is tried again while the server is starting, as a unary call is. Once open, a stream
//! is not: the lines written so far (a feed's output, an import's rejects and progress) belong to
//! the run that broke, and running the command again is what resumes it.

use std::{error::Error as _, time::Duration};

use dangvien_proto::v1::{self as pb, import_request::Message as Request};
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;
use tonic::{Code, Status, Streaming};

use super::{Api, Failure, finish, retry};
use crate::error::Error;

/// The client's half of an open `Import`: what to send the lines through, and the results.
pub(crate) type OpenImport = (
    mpsc::Sender<pb::ImportRequest>,
    Streaming<pb::ImportResponse>,
);

impl Api {
    /// Opens `Import` with `start` as its first message, then whatever is sent through the
    /// returned sender (which holds up to `queued` lines). Returns once the server has answered
    /// with its headers. Each attempt has a stream of its own; a failed one is abandoned.
    pub(crate) async fn import(
        &mut self,
        start: pb::ImportStart,
        queued: usize,
    ) -> Result<OpenImport, Error> {
        retry::retrying(self.timeout, async || {
            let (requests, queue) = mpsc::channel(queued);
            // The queue is open and empty: the first message always fits.
            let _ = requests.try_send(pb::ImportRequest {
                message: Some(Request::Start(start.clone())),
            });
            let mut client = self.sync.clone();
            let call = client.import(tonic::Request::new(ReceiverStream::new(queue)));
            match finish(&self.server, self.timeout, call).await {
                Ok(responses) => Ok((requests, responses)),
                Err(e) => {
                    abandon(requests);
                    Err(Failure::call(e))
                }
            }
        })
        .await
    }

    /// Opens `Export`.
    pub(crate) async fn export(
        &mut self,
        request: pb::ExportRequest,
    ) -> Result<Streaming<pb::ExportResponse>, Error> {
        self.open(&self.sync, request, async |mut c, r| c.export(r).await)
            .await
    }

    /// Opens `ListChanges`.
    pub(crate) async fn list_changes(
        &mut self,
        request: pb::ListChangesRequest,
    ) -> Result<Streaming<pb::ListChangesResponse>, Error> {
        self.open(&self.sync, request, async |mut c, r| {
            c.list_changes(r).await
        })
        .await
    }

    /// The next message of a feed, waiting at most `--timeout` for it; `None` at its end.
    pub(crate) async fn next<T>(&self, stream: &mut Streaming<T>) -> Result<Option<T>, Error> {
        next_within(&self.server, self.timeout, stream).await
    }

    /// The `--server` URL, for messages.
    pub(crate) fn server(&self) -> &str {
        &self.server
    }
}

/// The next message of `stream`, or a timeout after `idle` without one.
async fn next_within<T>(
    server: &str,
    idle: Duration,
    stream: &mut Streaming<T>,
) -> Result<Option<T>, Error> {
    match tokio::time::timeout(idle, stream.message()).await {
        Ok(Ok(message)) => Ok(message),
        Ok(Err(status)) => Err(stream_error(server, status)),
        Err(_) => Err(Error::Timeout {
            server: server.to_owned(),
            seconds: idle.as_secs_f64(),
        }),
    }
}

/// What a status that ends a stream means: the connection broke (the server went away, the
/// network was cut: tonic reports these with the transport error as the source, or as
/// `UNAVAILABLE`), or the server answered with an error.
pub(crate) fn stream_error(server: &str, status: Status) -> Error {
    if status.code() == Code::Unavailable || status.source().is_some() {
        let detail = match status.source() {
            Some(source) => format!("{}: {source}", status.message()),
            None => status.message().to_owned(),
        };
        Error::Interrupted {
            server: server.to_owned(),
            detail,
        }
    } else {
        status.into()
    }
}

/// Leaves an `Import` request stream open for good instead of ending it. A cleanly ended stream
/// means "that was the whole file" to the server, which would then commit what it got (all of it,
/// for an atomic import); a stream that breaks off when this process exits is an interruption,
/// which the server rolls back to its last committed batch and a later run resumes.
pub(crate) fn abandon(requests: mpsc::Sender<pb::ImportRequest>) {
    std::mem::forget(requests);
}
