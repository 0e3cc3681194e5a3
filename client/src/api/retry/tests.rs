//! The backoff, what is worth another attempt, and the retry loop on a paused clock; then, against
//! a fake server, that a retried mutation is sent again with the same `request_id`.

use std::{
    cell::RefCell,
    collections::HashMap,
    sync::{Arc, Mutex},
};

use dangvien_proto::v1::{
    self as pb,
    statistics_service_server::{StatisticsService, StatisticsServiceServer},
};
use tokio_stream::wrappers::TcpListenerStream;
use tonic::{Request, Response};
use tonic_types::{ErrorDetails, StatusExt as _};

use super::*;

#[test]
fn waits_double_from_a_tenth_of_a_second_up_to_two_seconds() {
    let mut backoff = Backoff::new();
    let long = Duration::from_secs(60);
    let waits: Vec<_> = (0..7).map(|_| backoff.wait(long).unwrap()).collect();
    let ms = |n| Duration::from_millis(n);
    assert_eq!(
        waits,
        [
            ms(100),
            ms(200),
            ms(400),
            ms(800),
            ms(1600),
            ms(2000),
            ms(2000)
        ]
    );
}

#[test]
fn the_last_wait_ends_with_the_budget() {
    let mut backoff = Backoff::new();
    assert_eq!(
        backoff.wait(Duration::from_millis(30)),
        Some(Duration::from_millis(30))
    );
    assert_eq!(backoff.wait(Duration::ZERO), None);
}

/// `code` with `ErrorInfo` `reason` in the server's domain.
fn status(code: Code, reason: &str) -> Error {
    let details = ErrorDetails::with_error_info(reason, DOMAIN, HashMap::new());
    Status::with_error_details(code, "x", details).into()
}

/// The causes a refused connection comes with: tonic's error, hyper's, the socket's.
#[derive(Debug)]
struct Wrapped(io::Error);

impl std::fmt::Display for Wrapped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("tcp connect error")
    }
}

impl std::error::Error for Wrapped {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.0)
    }
}

fn connect_error() -> Error {
    Error::Connect {
        server: "http://127.0.0.1:1".into(),
        detail: "refused".into(),
    }
}

#[test]
fn only_a_server_still_starting_or_not_listening_is_tried_again() {
    assert!(Failure::call(status(Code::Unavailable, NOT_READY_REASON)).transient);
    for (code, reason) in [
        // Contention: the server is up and said so; sending again is the caller's choice.
        (Code::Unavailable, "TRY_AGAIN"),
        // A demo still loading: minutes away, so said at once with its progress (README).
        (Code::Unavailable, "LOAD_IN_PROGRESS"),
        // Too many calls in flight: contention too; the message says to run the command again.
        (Code::ResourceExhausted, "TOO_MANY_CALLS"),
        (Code::InvalidArgument, "INVALID_FIELD"),
        (Code::FailedPrecondition, "AGE_OUT_OF_RANGE"),
        (Code::Aborted, "ETAG_MISMATCH"),
        (Code::NotFound, NOT_READY_REASON),
    ] {
        assert!(!Failure::call(status(code, reason)).transient, "{code:?}");
    }
    let timeout = Error::Timeout {
        server: "http://x".into(),
        seconds: 1.0,
    };
    assert!(!Failure::call(timeout).transient);

    let refused = Wrapped(io::Error::from(io::ErrorKind::ConnectionRefused));
    assert!(Failure::connect(connect_error(), &refused).transient);
    let no_route = io::Error::from(io::ErrorKind::HostUnreachable);
    assert!(Failure::connect(connect_error(), &no_route).transient);
    let reset = Wrapped(io::Error::from(io::ErrorKind::ConnectionReset));
    assert!(!Failure::connect(connect_error(), &reset).transient);
    // A channel that cannot reconnect reports the refusal as the status's cause.
    let reconnect = Status::from_error(Box::new(Wrapped(io::Error::from(
        io::ErrorKind::ConnectionRefused,
    ))));
    assert!(Failure::call(reconnect.into()).transient);
}

#[tokio::test(start_paused = true)]
async fn a_server_that_stays_away_is_given_up_when_the_budget_runs_out() {
    let attempts = RefCell::new(0);
    let started = Instant::now();
    let outcome: Result<(), Error> = retrying(Duration::from_secs(5), async || {
        *attempts.borrow_mut() += 1;
        Err(Failure::call(status(Code::Unavailable, NOT_READY_REASON)))
    })
    .await;
    // 0.1 + 0.2 + 0.4 + 0.8 + 1.6 = 3.1 s, then 1.9 s to the end of the budget.
    assert_eq!(started.elapsed(), Duration::from_secs(5));
    assert_eq!(*attempts.borrow(), 7);
    let Err(Error::GaveUp {
        attempts,
        seconds,
        last,
    }) = outcome
    else {
        panic!("{outcome:?}");
    };
    assert_eq!((attempts, seconds), (7, 5.0));
    assert!(matches!(*last, Error::Status(_)));
    assert_eq!(
        Error::GaveUp {
            attempts,
            seconds,
            last,
        }
        .exit_code(),
        69
    );
}

#[tokio::test(start_paused = true)]
async fn a_server_that_comes_up_is_used_and_a_refusal_is_final_at_once() {
    let attempts = RefCell::new(0);
    let outcome = retrying(Duration::from_secs(5), async || {
        *attempts.borrow_mut() += 1;
        if *attempts.borrow() < 3 {
            Err(Failure::call(status(Code::Unavailable, NOT_READY_REASON)))
        } else {
            Ok("up")
        }
    })
    .await;
    assert_eq!(outcome.unwrap(), "up");
    assert_eq!(*attempts.borrow(), 3);

    let attempts = RefCell::new(0);
    let started = Instant::now();
    let outcome: Result<(), Error> = retrying(Duration::from_secs(5), async || {
        *attempts.borrow_mut() += 1;
        Err(Failure::call(status(
            Code::InvalidArgument,
            "INVALID_FIELD",
        )))
    })
    .await;
    assert!(matches!(outcome, Err(Error::Status(_))), "{outcome:?}");
    assert_eq!((*attempts.borrow(), started.elapsed()), (1, Duration::ZERO));
}

/// Answers `SetTarget` with `SERVER_NOT_READY` while `not_ready` lasts, then with the target;
/// keeps every `request_id` it was sent.
#[derive(Clone, Default)]
struct Starting {
    not_ready: Arc<Mutex<usize>>,
    request_ids: Arc<Mutex<Vec<String>>>,
}

#[tonic::async_trait]
impl StatisticsService for Starting {
    async fn list_overdue(
        &self,
        _: Request<pb::ListOverdueRequest>,
    ) -> Result<Response<pb::ListOverdueResponse>, Status> {
        Err(Status::unimplemented("not in this fake"))
    }

    async fn set_target(
        &self,
        request: Request<pb::SetTargetRequest>,
    ) -> Result<Response<pb::Target>, Status> {
        let request = request.into_inner();
        self.request_ids.lock().unwrap().push(request.request_id);
        let mut not_ready = self.not_ready.lock().unwrap();
        if *not_ready > 0 {
            *not_ready -= 1;
            let details = ErrorDetails::with_error_info(NOT_READY_REASON, DOMAIN, HashMap::new());
            return Err(Status::with_error_details(
                Code::Unavailable,
                "the server is starting",
                details,
            ));
        }
        Ok(Response::new(pb::Target {
            name: "organizations/KHOI/targets/2025".into(),
            etag: "\"1\"".into(),
            ..request.target.unwrap_or_default()
        }))
    }

    async fn get_target(
        &self,
        _: Request<pb::GetTargetRequest>,
    ) -> Result<Response<pb::Target>, Status> {
        Err(Status::unimplemented("not in this fake"))
    }

    async fn get_year_report(
        &self,
        _: Request<pb::GetYearReportRequest>,
    ) -> Result<Response<pb::YearReport>, Status> {
        Err(Status::unimplemented("not in this fake"))
    }

    async fn get_funnel(
        &self,
        _: Request<pb::GetFunnelRequest>,
    ) -> Result<Response<pb::Funnel>, Status> {
        Err(Status::unimplemented("not in this fake"))
    }
}

async fn serve(fake: Starting) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(
        tonic::transport::Server::builder()
            .add_service(StatisticsServiceServer::new(fake))
            .serve_with_incoming(TcpListenerStream::new(listener)),
    );
    url
}

async fn set_target(server: &str, timeout: &str) -> (i32, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let argv = [
        "dangvien",
        "--server",
        server,
        "--lang",
        "en",
        "--timeout",
        timeout,
        "target",
        "set",
        "--org",
        "KHOI",
        "--year",
        "2025",
        "--admissions",
        "12",
    ];
    let code = crate::run(argv, &mut out, &mut err).await;
    (code, String::from_utf8(err).unwrap())
}

#[tokio::test]
async fn a_mutation_sent_while_the_server_starts_is_sent_again_with_its_request_id() {
    let fake = Starting::default();
    *fake.not_ready.lock().unwrap() = 2;
    let server = serve(fake.clone()).await;
    let (code, err) = set_target(&server, "10").await;
    assert_eq!(code, 0, "{err}");
    let ids = fake.request_ids.lock().unwrap().clone();
    assert_eq!(ids.len(), 3, "{ids:?}");
    assert!(!ids[0].is_empty());
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    // Printed once: the clerk replays with the one id the server saw.
    assert_eq!(err, format!("request_id: {}\n", ids[0]));
}

#[tokio::test]
async fn a_server_that_stays_unready_is_exit_69_saying_how_long_it_was_tried() {
    let fake = Starting::default();
    *fake.not_ready.lock().unwrap() = usize::MAX;
    let server = serve(fake.clone()).await;
    let (code, err) = set_target(&server, "0.5").await;
    assert_eq!(code, 69, "{err}");
    let attempts = fake.request_ids.lock().unwrap().len();
    // 0.1 + 0.2 s, then the 0.2 s left: four attempts, give or take the clock.
    assert!((3..=5).contains(&attempts), "{attempts}");
    let said =
        format!("error: the server is starting [SERVER_NOT_READY] (tried {attempts} times over 0.");
    assert!(err.contains(&said), "{err}");
    assert!(
        err.ends_with(" s; raise --timeout to wait longer)\n"),
        "{err}"
    );
}
