//! The idle timeout of request streams: a caller that goes silent mid-stream for longer than
//! the limit has its stream ended, so a stalled nightly job cannot hold a call open for ever.
//!
//! Unary calls are bounded by the per-request timeout instead; this layer sees them too, but
//! a unary body arrives at once.

use std::{
    future::Future as _,
    pin::Pin,
    task::{Context, Poll},
    time::Duration,
};

use bytes::Bytes;
use http_body::{Frame, SizeHint};
use tokio::time::{Instant, Sleep};
use tonic::{Status, body::Body};
use tower::{Layer, Service};

/// Wraps every request body in an [`IdleBody`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct IdleTimeoutLayer {
    idle: Duration,
}

impl IdleTimeoutLayer {
    /// Ends a request stream after `idle` without a message.
    pub(crate) fn new(idle: Duration) -> Self {
        Self { idle }
    }
}

impl<S> Layer<S> for IdleTimeoutLayer {
    type Service = IdleTimeout<S>;

    fn layer(&self, inner: S) -> Self::Service {
        IdleTimeout {
            inner,
            idle: self.idle,
        }
    }
}

/// The service made by [`IdleTimeoutLayer`].
#[derive(Clone, Debug)]
pub(crate) struct IdleTimeout<S> {
    inner: S,
    idle: Duration,
}

impl<S> Service<http::Request<Body>> for IdleTimeout<S>
where
    S: Service<http::Request<Body>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<Body>) -> Self::Future {
        let idle = self.idle;
        self.inner
            .call(request.map(|body| Body::new(IdleBody::new(body, idle))))
    }
}

/// A request body that fails with `DEADLINE_EXCEEDED` when no frame arrives for `idle`.
struct IdleBody {
    inner: Body,
    idle: Duration,
    timer: Pin<Box<Sleep>>,
}

impl IdleBody {
    fn new(inner: Body, idle: Duration) -> Self {
        Self {
            inner,
            idle,
            timer: Box::pin(tokio::time::sleep(idle)),
        }
    }
}

impl http_body::Body for IdleBody {
    type Data = Bytes;
    type Error = Status;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Status>>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(frame) => {
                let next = Instant::now() + this.idle;
                this.timer.as_mut().reset(next);
                Poll::Ready(frame)
            }
            Poll::Pending => match this.timer.as_mut().poll(cx) {
                Poll::Ready(()) => Poll::Ready(Some(Err(Status::deadline_exceeded(format!(
                    "no message on the stream for {} s",
                    this.idle.as_secs()
                ))))),
                Poll::Pending => Poll::Pending,
            },
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
