//! Waiting for a server that is still starting: a refused or unreachable connection and
//! `SERVER_NOT_READY` are tried again with exponential backoff until `--timeout` has passed since
//! the first attempt; every other failure is final at once.
//!
//! A nightly job may start just after the server restarted. Trying again is safe: reads change
//! nothing, every mutation carries its `request_id` (the same message, so the same id, on every
//! attempt), and an import resumes by its import id.

use std::{io, time::Duration};

use tokio::time::Instant;
use tonic::{Code, Status};
use tonic_types::StatusExt as _;

use crate::error::Error;

/// The wait before the second attempt.
const FIRST_WAIT: Duration = Duration::from_millis(100);

/// The longest wait between two attempts.
const MAX_WAIT: Duration = Duration::from_secs(2);

/// The `ErrorInfo` of a server that has not finished starting (`UNAVAILABLE`).
const NOT_READY_REASON: &str = "SERVER_NOT_READY";
const DOMAIN: &str = "dangvien.v1";

/// How one attempt failed.
#[derive(Debug)]
pub(super) struct Failure {
    error: Error,
    /// The server may well answer a moment later.
    transient: bool,
}

impl Failure {
    /// A failure that no later attempt would change.
    pub(super) fn last(error: Error) -> Self {
        Self {
            error,
            transient: false,
        }
    }

    /// A failed connection: transient when the server refused it or could not be reached.
    pub(super) fn connect(error: Error, cause: &(dyn std::error::Error + 'static)) -> Self {
        Self {
            error,
            transient: unreachable(cause),
        }
    }

    /// A failed call: transient for `SERVER_NOT_READY`, or when the channel could not reconnect.
    pub(super) fn call(error: Error) -> Self {
        // Anything but a status (our own deadline, a broken stream) means the server is there,
        // and slow or gone.
        let transient = if let Error::Status(status) = &error {
            not_ready(status) || unreachable(status.as_ref())
        } else {
            false
        };
        Self { error, transient }
    }
}

/// The waits between attempts: [`FIRST_WAIT`], doubling up to [`MAX_WAIT`], and never past the
/// budget, so that the last attempt is made as the budget runs out.
#[derive(Debug)]
struct Backoff {
    next: Duration,
}

impl Backoff {
    fn new() -> Self {
        Self { next: FIRST_WAIT }
    }

    /// The wait before the next attempt when `left` remains of the budget; `None`: give up.
    fn wait(&mut self, left: Duration) -> Option<Duration> {
        if left.is_zero() {
            return None;
        }
        let wait = self.next.min(left);
        self.next = (self.next * 2).min(MAX_WAIT);
        Some(wait)
    }
}

/// Runs `attempt` until it succeeds, fails for good, or `budget` has passed since it was first
/// made. A server still away then is [`Error::GaveUp`], with the last failure and how long it
/// was tried.
pub(super) async fn retrying<T>(
    budget: Duration,
    mut attempt: impl AsyncFnMut() -> Result<T, Failure>,
) -> Result<T, Error> {
    let started = Instant::now();
    let mut backoff = Backoff::new();
    let mut attempts = 0;
    loop {
        attempts += 1;
        let Failure { error, transient } = match attempt().await {
            Ok(done) => return Ok(done),
            Err(failure) => failure,
        };
        if !transient {
            return Err(error);
        }
        let tried = started.elapsed();
        let Some(wait) = backoff.wait(budget.saturating_sub(tried)) else {
            return Err(Error::GaveUp {
                attempts,
                seconds: tried.as_secs_f64(),
                last: Box::new(error),
            });
        };
        tokio::time::sleep(wait).await;
    }
}

/// `UNAVAILABLE` with `ErrorInfo` `SERVER_NOT_READY`: migrations are still running.
fn not_ready(status: &Status) -> bool {
    status.code() == Code::Unavailable
        && status
            .get_error_details()
            .error_info()
            .is_some_and(|info| info.reason == NOT_READY_REASON && info.domain == DOMAIN)
}

/// Whether `error` or one of its causes is a connection that was refused or had no route: nobody
/// listens yet. A reset or a timeout is not: something answered, or may still.
fn unreachable(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(error) = cause {
        if let Some(io) = error.downcast_ref::<io::Error>()
            && matches!(
                io.kind(),
                io::ErrorKind::ConnectionRefused
                    | io::ErrorKind::HostUnreachable
                    | io::ErrorKind::NetworkUnreachable
            )
        {
            return true;
        }
        cause = error.source();
    }
    false
}

#[cfg(test)]
mod tests;
