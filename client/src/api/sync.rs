//! The calls of `SyncService`: streams with no overall deadline. `--timeout` bounds opening a
//! stream and, for the two feeds, the wait for each next message; a broken stream is
//! [`Error::Interrupted`], which a scheduler may simply run again.

use std::{error::Error as _, time::Duration};

use dangvien_proto::v1 as pb;
use tokio_stream::Stream;
use tonic::{Code, Request, Status, Streaming};

use super::{Api, finish};
use crate::error::Error;

impl Api {
    /// Opens `Import` with `requests` as the client's stream; the first must be the
    /// `ImportStart`. Returns once the server has answered with its headers.
    pub(crate) async fn import(
        &mut self,
        requests: impl Stream<Item = pb::ImportRequest> + Send + 'static,
    ) -> Result<Streaming<pb::ImportResponse>, Error> {
        let call = self.sync.import(Request::new(requests));
        finish(&self.server, self.timeout, call).await
    }

    /// Opens `Export`.
    pub(crate) async fn export(
        &mut self,
        request: pb::ExportRequest,
    ) -> Result<Streaming<pb::ExportResponse>, Error> {
        let call = self.sync.export(Request::new(request));
        finish(&self.server, self.timeout, call).await
    }

    /// Opens `ListChanges`.
    pub(crate) async fn list_changes(
        &mut self,
        request: pb::ListChangesRequest,
    ) -> Result<Streaming<pb::ListChangesResponse>, Error> {
        let call = self.sync.list_changes(Request::new(request));
        finish(&self.server, self.timeout, call).await
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
