//! How a shed call is answered. Answered at once, a flood that resends at once turns shedding
//! into tens of thousands of HTTP/2 round trips a second on the cores that serve everyone else;
//! so the answer, decided at once and with no work done, is held back a little (a bounded
//! number of them, and never past the call's own deadline), and held longer the more of the
//! same principal's answers are already held: one shed call waits [`HOLD`], a flood's waits up
//! to [`HOLD_MOST`], so that a flood which never backs off is answered a few hundred times a
//! second rather than thousands. Meanwhile the call's small request body is read to its end:
//! h2 charges unread DATA frames of a reset stream to a budget that a long flood exhausts, and
//! then closes the whole connection (`GOAWAY ENHANCE_YOUR_CALM`).

use std::{
    collections::HashMap,
    pin::Pin,
    sync::{Arc, Mutex, PoisonError},
    time::Duration,
};

use http_body::Body as _;
use tokio::{
    sync::Semaphore,
    time::{Instant, sleep_until, timeout_at},
};
use tonic::body::Body;

/// How long a shed answer is held back: long enough that a flood which resends at once costs
/// little, short beside the 500 ms its `RetryInfo` asks a client to wait.
pub(super) const HOLD: Duration = Duration::from_millis(100);

/// The longest a shed answer is held, once the principal has many answers held already. Longer
/// than the 500 ms `RetryInfo` asks for, but reached only with nine or more of one principal's
/// answers held at once: a client that waits out `RetryInfo` seldom has two.
pub(super) const HOLD_MOST: Duration = Duration::from_secs(1);

/// How long reading a shed call's body may take when its answer is not held.
const READ_AT_MOST: Duration = Duration::from_millis(10);

/// The most of a shed call's body that is read; a unary request is far smaller.
const READ_LIMIT: usize = 64 * 1024;

/// Shed answers held back at once; past this they go out at once, so holding costs bounded
/// memory whatever the number of connections.
#[derive(Debug)]
pub(crate) struct Holds {
    slots: Arc<Semaphore>,
    /// Each principal's answers held now, where it has any.
    held: Mutex<HashMap<String, usize>>,
}

/// One principal's place among the held answers; dropping it frees the place.
struct Held<'a> {
    holds: &'a Holds,
    principal: &'a str,
}

impl Holds {
    pub(crate) fn new(most: usize) -> Self {
        Self {
            slots: Arc::new(Semaphore::new(most)),
            held: Mutex::default(),
        }
    }

    /// Waits until `status` may go out as `principal`'s answer to `request`, reading its body
    /// meanwhile.
    pub(crate) async fn answer(
        &self,
        request: http::Request<Body>,
        status: tonic::Status,
        principal: &str,
    ) -> http::Response<Body> {
        let started = Instant::now();
        let slot = Arc::clone(&self.slots).try_acquire_owned().ok();
        let (hold, held) = match slot {
            None => (Duration::ZERO, None),
            Some(_) => {
                let (before, held) = self.hold(principal);
                let hold = HOLD.saturating_mul(before + 1).min(HOLD_MOST);
                let hold = deadline(request.headers()).map_or(hold, |d| hold.min(d / 2));
                (hold, Some(held))
            }
        };
        let mut body = request.into_body();
        let _ = timeout_at(started + hold.max(READ_AT_MOST), read_to_end(&mut body)).await;
        sleep_until(started + hold).await;
        drop((held, slot));
        status.into_http()
    }

    /// A place for one more of `principal`'s held answers, and how many it had before.
    fn hold<'a>(&'a self, principal: &'a str) -> (u32, Held<'a>) {
        let mut held = self.held.lock().unwrap_or_else(PoisonError::into_inner);
        let count = held.entry(principal.to_owned()).or_default();
        let before = u32::try_from(*count).unwrap_or(u32::MAX);
        *count += 1;
        (
            before,
            Held {
                holds: self,
                principal,
            },
        )
    }
}

impl Drop for Held<'_> {
    fn drop(&mut self) {
        let mut held = self
            .holds
            .held
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = held.get_mut(self.principal) {
            *count -= 1;
            if *count == 0 {
                held.remove(self.principal);
            }
        }
    }
}

/// Reads `body` to its end, or to [`READ_LIMIT`].
async fn read_to_end(body: &mut Body) {
    let mut read = 0;
    while read <= READ_LIMIT {
        let frame = std::future::poll_fn(|cx| Pin::new(&mut *body).poll_frame(cx)).await;
        match frame {
            Some(Ok(frame)) => read += frame.data_ref().map_or(0, bytes::Buf::remaining),
            Some(Err(_)) | None => return,
        }
    }
}

/// The call's deadline from `grpc-timeout` (gRPC over HTTP/2: up to 8 digits and a unit).
fn deadline(headers: &http::HeaderMap) -> Option<Duration> {
    let value = headers.get("grpc-timeout")?.to_str().ok()?;
    let (digits, unit) = value.split_at(value.len().checked_sub(1)?);
    let n: u64 = digits.parse().ok()?;
    Some(match unit {
        "H" => Duration::from_secs(n.checked_mul(3600)?),
        "M" => Duration::from_secs(n.checked_mul(60)?),
        "S" => Duration::from_secs(n),
        "m" => Duration::from_millis(n),
        "u" => Duration::from_micros(n),
        "n" => Duration::from_nanos(n),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timeout(value: &str) -> Option<Duration> {
        let mut headers = http::HeaderMap::new();
        headers.insert("grpc-timeout", value.parse().unwrap());
        deadline(&headers)
    }

    #[test]
    fn grpc_timeout_is_read_in_its_units() {
        assert_eq!(timeout("2H"), Some(Duration::from_secs(7200)));
        assert_eq!(timeout("3M"), Some(Duration::from_secs(180)));
        assert_eq!(timeout("5S"), Some(Duration::from_secs(5)));
        assert_eq!(timeout("40m"), Some(Duration::from_millis(40)));
        assert_eq!(timeout("7u"), Some(Duration::from_micros(7)));
        assert_eq!(timeout("9n"), Some(Duration::from_nanos(9)));
        for bad in ["", "m", "5", "5x", "-5m", "ñ"] {
            assert_eq!(timeout(bad), None, "{bad:?}");
        }
        assert_eq!(deadline(&http::HeaderMap::new()), None);
    }

    async fn answer_after(holds: &Holds, headers: &[(&'static str, &str)]) -> Duration {
        answer_to_after(holds, "flood", headers).await
    }

    async fn answer_to_after(
        holds: &Holds,
        principal: &str,
        headers: &[(&'static str, &str)],
    ) -> Duration {
        let mut request = http::Request::new(Body::empty());
        for (name, value) in headers {
            request.headers_mut().insert(*name, value.parse().unwrap());
        }
        let started = Instant::now();
        let response = holds
            .answer(
                request,
                tonic::Status::resource_exhausted("full"),
                principal,
            )
            .await;
        assert_eq!(response.headers()["grpc-status"], "8");
        started.elapsed()
    }

    /// A request body of `frames`, which says when it was read to its end.
    struct Tracked {
        frames: std::collections::VecDeque<bytes::Bytes>,
        ended: Arc<std::sync::atomic::AtomicBool>,
    }

    impl http_body::Body for Tracked {
        type Data = bytes::Bytes;
        type Error = std::convert::Infallible;

        fn poll_frame(
            self: Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
            let this = self.get_mut();
            let frame = this.frames.pop_front();
            if frame.is_none() {
                this.ended.store(true, std::sync::atomic::Ordering::SeqCst);
            }
            std::task::Poll::Ready(frame.map(|f| Ok(http_body::Frame::data(f))))
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_shed_calls_body_is_read_to_its_end_before_the_answer() {
        let ended = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let body = Tracked {
            frames: [&b"\0\0\0\0\x05"[..], b"hello"]
                .into_iter()
                .map(bytes::Bytes::from_static)
                .collect(),
            ended: Arc::clone(&ended),
        };
        let request = http::Request::new(Body::new(body));
        Holds::new(1)
            .answer(request, tonic::Status::resource_exhausted("full"), "flood")
            .await;
        assert!(ended.load(std::sync::atomic::Ordering::SeqCst));
    }

    #[tokio::test(start_paused = true)]
    async fn a_shed_answer_is_held_within_the_calls_deadline_and_only_so_many_at_once() {
        let holds = Holds::new(1);
        assert_eq!(answer_after(&holds, &[]).await, HOLD);
        assert_eq!(
            answer_after(&holds, &[("grpc-timeout", "60m")]).await,
            Duration::from_millis(30)
        );
        // With the one hold taken, the next answer goes out at once.
        let _taken = Arc::clone(&holds.slots).try_acquire_owned().unwrap();
        assert_eq!(answer_after(&holds, &[]).await, Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn the_more_of_a_principals_answers_are_held_the_longer_the_next_is_held() {
        let holds = Arc::new(Holds::new(64));
        let mut waits = Vec::new();
        for _ in 0..12 {
            let holds = Arc::clone(&holds);
            waits.push(tokio::spawn(async move { answer_after(&holds, &[]).await }));
            tokio::task::yield_now().await;
        }
        // Another principal's one shed call is held no longer for flood's.
        assert_eq!(answer_to_after(&holds, "calm", &[]).await, HOLD);
        let mut held = Vec::new();
        for wait in waits {
            held.push(wait.await.unwrap());
        }
        let expected: Vec<_> = (1..=12).map(|n| (HOLD * n).min(HOLD_MOST)).collect();
        assert_eq!(held, expected);
        assert!(holds.held.lock().unwrap().is_empty(), "every place freed");
    }
}
