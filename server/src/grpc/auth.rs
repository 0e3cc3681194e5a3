//! Who is calling, and whether there is room for the call: the one layer every API call
//! passes through. It finds the principal (a bearer token, or a client certificate under
//! mTLS) in the tokens file, sheds calls beyond the global and per-principal limits with
//! `RESOURCE_EXHAUSTED` (a principal's limit shrinks to its share while others call), lets
//! the admitted ones run in turn by principal, and hands the principal to the services in the
//! request's extensions.
//!
//! Health and reflection stay open: load balancers and tools probe them without credentials,
//! and they carry nothing but the server's state and its public contract.

mod share;
mod shed;
mod tokens;
mod turns;

use std::{
    future::Future,
    pin::Pin,
    sync::Arc,
    task::{Context, Poll},
};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tonic::{
    Status,
    body::Body,
    transport::server::{TcpConnectInfo, TlsConnectInfo},
};
use tower::{Layer, Service};

pub(crate) use self::tokens::Tokens;
use self::{
    share::{Full, Place, Shares},
    shed::Holds,
    turns::Turns,
};
use crate::{
    app::Principal,
    domain::{Error, Msg},
};

/// The caller of one request, as the services read it from its extensions.
#[derive(Clone, Debug)]
pub(crate) struct Caller {
    pub(crate) principal: Principal,
    /// The gRPC method path.
    pub(crate) method: String,
}

/// How many calls may be in flight.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    /// In all.
    pub(crate) global: usize,
    /// From one principal while it calls alone; beside others, its share of `running`.
    pub(crate) per_principal: usize,
    /// Running at once; the other admitted calls wait their turn.
    pub(crate) running: usize,
}

/// Authenticates and admits every API call.
#[derive(Clone, Debug)]
pub(crate) struct AuthLayer {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    /// `None`: no tokens file, every caller is the local admin (the server binds loopback only).
    tokens: Option<Tokens>,
    global: Arc<Semaphore>,
    shares: Arc<Shares>,
    turns: Arc<Turns>,
    holds: Holds,
}

impl AuthLayer {
    pub(crate) fn new(tokens: Option<Tokens>, limits: Limits) -> Self {
        Self {
            shared: Arc::new(Shared {
                tokens,
                global: Arc::new(Semaphore::new(limits.global)),
                shares: Shares::new(limits.per_principal, limits.running),
                turns: Turns::new(limits.running),
                // As many as may be in flight: a flood's held answers cost what its calls
                // would have.
                holds: Holds::new(limits.global),
            }),
        }
    }
}

impl<S> Layer<S> for AuthLayer {
    type Service = Auth<S>;

    fn layer(&self, inner: S) -> Self::Service {
        Auth {
            inner,
            shared: Arc::clone(&self.shared),
        }
    }
}

/// The service made by [`AuthLayer`].
#[derive(Clone, Debug)]
pub(crate) struct Auth<S> {
    inner: S,
    shared: Arc<Shared>,
}

type BoxFuture<T, E> = Pin<Box<dyn Future<Output = Result<T, E>> + Send>>;

impl<S> Service<http::Request<Body>> for Auth<S>
where
    S: Service<http::Request<Body>, Response = http::Response<Body>> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = BoxFuture<Self::Response, Self::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: http::Request<Body>) -> Self::Future {
        let path = request.uri().path().to_owned();
        if is_open(&path) {
            return Box::pin(self.inner.call(request));
        }
        let principal = match self.shared.principal(&request) {
            Ok(principal) => principal,
            Err(error) => {
                let status: Status = error.into();
                return Box::pin(async move { Ok(status.into_http()) });
            }
        };
        let name = principal.name().to_owned();
        let permits = match self.shared.admit(&principal) {
            Ok(permits) => permits,
            Err(error) => {
                let status: Status = error.into();
                let shared = Arc::clone(&self.shared);
                return Box::pin(
                    async move { Ok(shared.holds.answer(request, status, &name).await) },
                );
            }
        };
        request.extensions_mut().insert(Caller {
            principal,
            method: path,
        });
        // The inner service is called only once the call's turn comes. The clone readied by
        // `poll_ready` goes with the call (tower's rule for a service that is called later);
        // the fresh clone stays for the next `poll_ready`.
        let fresh = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, fresh);
        let shared = Arc::clone(&self.shared);
        Box::pin(async move {
            let turn = shared.turns.take(&name).await;
            let response = inner.call(request).await;
            drop((turn, permits));
            response
        })
    }
}

/// Health checks and reflection: open to everyone.
fn is_open(path: &str) -> bool {
    path.starts_with("/grpc.health.v1.") || path.starts_with("/grpc.reflection.")
}

impl Shared {
    /// Who calls: `UNAUTHENTICATED` unless the tokens file knows them.
    fn principal(&self, request: &http::Request<Body>) -> Result<Principal, Error> {
        match &self.tokens {
            None => Ok(Principal::local()),
            Some(tokens) => tokens.principal(bearer(request)?, &peer_certificate(request)),
        }
    }

    /// The permits that keep the call's place until it ends, or `Overloaded`.
    fn admit(&self, principal: &Principal) -> Result<(OwnedSemaphorePermit, Place), Error> {
        let global = Arc::clone(&self.global)
            .try_acquire_owned()
            .map_err(|_| overloaded("the server", None))?;
        let own = self
            .shares
            .admit(principal.name())
            .map_err(|full| overloaded(principal.name(), Some(full)))?;
        Ok((global, own))
    }
}

/// The bearer token of `authorization`, if one was sent.
fn bearer(request: &http::Request<Body>) -> Result<Option<&str>, Error> {
    let Some(value) = request.headers().get(http::header::AUTHORIZATION) else {
        return Ok(None);
    };
    let token = value
        .to_str()
        .ok()
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty());
    token
        .map(Some)
        .ok_or_else(|| tokens::unauthenticated("the authorization header is not `Bearer <token>`"))
}

/// The client certificate of an mTLS connection.
fn peer_certificate(request: &http::Request<Body>) -> Option<Vec<u8>> {
    let info = request
        .extensions()
        .get::<TlsConnectInfo<TcpConnectInfo>>()?;
    let certs = info.peer_certs()?;
    certs.first().map(|c| c.as_ref().to_vec())
}

fn overloaded(who: &str, full: Option<Full>) -> Error {
    let (vi, en) = match full {
        Some(Full { limit, others: 0 }) => (
            format!("{who} đang có {limit} yêu cầu chưa xong, là mức tối đa; hãy thử lại sau"),
            format!("{who} has {limit} calls in flight, the most allowed; retry shortly"),
        ),
        Some(Full { limit, others }) => (
            format!(
                "{who} đang có {limit} yêu cầu chưa xong, là phần của mình khi {others} bên khác \
                 cũng đang gọi; hãy thử lại sau"
            ),
            format!(
                "{who} has {limit} calls in flight, its share while {} calling too; retry shortly",
                match others {
                    1 => "another principal is".to_owned(),
                    n => format!("{n} other principals are"),
                }
            ),
        ),
        None => (
            "Máy chủ đang quá tải; hãy thử lại sau".to_owned(),
            "the server has as many calls in flight as it takes; retry shortly".to_owned(),
        ),
    };
    Error::Overloaded {
        msg: Msg::new(vi, en),
    }
}

#[cfg(test)]
mod tests {
    use std::{
        convert::Infallible,
        sync::atomic::{AtomicUsize, Ordering},
        time::Duration,
    };

    use super::*;

    /// An API service that takes `work` per call and counts how many of its calls run at once.
    #[derive(Clone, Default)]
    struct Slow {
        work: Duration,
        running: Arc<AtomicUsize>,
        most: Arc<AtomicUsize>,
    }

    impl Service<http::Request<Body>> for Slow {
        type Response = http::Response<Body>;
        type Error = Infallible;
        type Future = BoxFuture<Self::Response, Self::Error>;

        fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
            Poll::Ready(Ok(()))
        }

        fn call(&mut self, _: http::Request<Body>) -> Self::Future {
            let this = self.clone();
            Box::pin(async move {
                let now = this.running.fetch_add(1, Ordering::SeqCst) + 1;
                this.most.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(this.work).await;
                this.running.fetch_sub(1, Ordering::SeqCst);
                Ok(http::Response::new(Body::empty()))
            })
        }
    }

    fn layered(slow: &Slow, limits: Limits) -> Auth<Slow> {
        // No tokens file: every call is the local admin's.
        AuthLayer::new(None, limits).layer(slow.clone())
    }

    fn call(auth: &Auth<Slow>) -> BoxFuture<http::Response<Body>, Infallible> {
        let request = http::Request::builder()
            .uri("/dangvien.v1.StatisticsService/GetYearReport")
            .body(Body::empty())
            .unwrap();
        auth.clone().call(request)
    }

    fn grpc_status(response: &http::Response<Body>) -> Option<&str> {
        response
            .headers()
            .get("grpc-status")
            .and_then(|v| v.to_str().ok())
    }

    #[tokio::test(start_paused = true)]
    async fn admitted_calls_run_no_more_at_once_than_the_running_slots() {
        let slow = Slow {
            work: Duration::from_millis(10),
            ..Slow::default()
        };
        let auth = layered(
            &slow,
            Limits {
                global: 16,
                per_principal: 16,
                running: 2,
            },
        );
        let answers = futures_join(std::iter::repeat_with(|| call(&auth)).take(6)).await;
        for answer in &answers {
            assert_eq!(
                grpc_status(answer.as_ref().unwrap()),
                None,
                "answered, not shed"
            );
        }
        assert_eq!(slow.most.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(start_paused = true)]
    async fn a_call_past_the_principals_limit_is_shed_and_its_answer_held() {
        let slow = Slow {
            work: Duration::from_secs(5),
            ..Slow::default()
        };
        let auth = layered(
            &slow,
            Limits {
                global: 16,
                per_principal: 1,
                running: 4,
            },
        );
        let first = tokio::spawn(call(&auth));
        while slow.running.load(Ordering::SeqCst) == 0 {
            tokio::task::yield_now().await;
        }
        let started = tokio::time::Instant::now();
        let shed = call(&auth).await.unwrap();
        assert_eq!(grpc_status(&shed), Some("8"), "RESOURCE_EXHAUSTED");
        assert_eq!(started.elapsed(), shed::HOLD);
        assert_eq!(grpc_status(&first.await.unwrap().unwrap()), None);
    }

    /// Runs `futures` together and returns their outputs.
    async fn futures_join<F: Future + Send + 'static>(
        futures: impl Iterator<Item = F>,
    ) -> Vec<F::Output>
    where
        F::Output: Send + 'static,
    {
        let tasks: Vec<_> = futures.map(tokio::spawn).collect();
        let mut outputs = Vec::with_capacity(tasks.len());
        for task in tasks {
            outputs.push(task.await.unwrap());
        }
        outputs
    }
}
