//! The flood benchmark: how much one principal's flood slows another principal's calls. `calm`
//! makes sequential `GetYearReport` calls, first on an idle server, then while `flood` runs many
//! concurrent loops of calls that (unless told) never back off; the p99 of the two runs is printed as a ratio
//! (these machines are shared; absolute times drift, ratios less so), with how many of the
//! flood's calls were answered and how many shed by `--max-calls-per-principal`. The server,
//! `calm` and `flood` each run on a runtime of their own, as three processes would, so that a
//! client's tasks never queue behind the server's.
//!
//! `cargo bench -p dangvien-tests --bench flood` runs it on SQLite, and on PostgreSQL as well
//! when `DANGVIEN_TEST_DATABASE_URL` is set. `BENCH_CALLS` (calm's calls per run),
//! `BENCH_LOOPS` (the flood's concurrent loops), `BENCH_PER_PRINCIPAL` (the per-principal
//! limit; the server's default when unset), `BENCH_RUNNING` (`--max-running-calls`, likewise),
//! `BENCH_BACKOFF=1` (the flood waits out each shed
//! call's `RetryInfo`, as a well-behaved client does) and `BENCH_PERSONS` change the load.

// A benchmark reports by printing, and stops at the first failure with its cause.
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use dangvien_proto::{
    google::r#type::Date,
    tokens::Role,
    v1::{
        self as pb, organization_service_client::OrganizationServiceClient,
        person_service_client::PersonServiceClient,
        statistics_service_client::StatisticsServiceClient,
    },
};
use dangvien_server::Clock;
use dangvien_tests::{TestDb, TestServer, auth::Principals, bench::env, today};
use tonic::{Code, transport::Channel};
use tonic_types::StatusExt;

/// The flood's loops per connection: below the server's 128 streams per connection, so that
/// every loop has a call on the wire rather than queued in the client.
const LOOPS_PER_CONNECTION: usize = 64;

fn date(year: i32, month: i32, day: i32) -> Option<Date> {
    Some(Date { year, month, day })
}

fn org(code: &str, kind: pb::OrganizationKind, parent: &str) -> pb::CreateOrganizationRequest {
    pb::CreateOrganizationRequest {
        organization_id: code.to_owned(),
        organization: Some(pb::Organization {
            display_name: format!("Tổ chức {code}"),
            kind: kind.into(),
            parent: if parent.is_empty() {
                String::new()
            } else {
                format!("organizations/{parent}")
            },
            sector: pb::Sector::StateAgency.into(),
            valid_from: date(2015, 1, 1),
            ..Default::default()
        }),
        request_id: String::new(),
    }
}

/// KHOI ⊃ CS01 ⊃ {CB01, CB02}, and `persons` persons in the cells, outside the timing.
async fn seed(server: &TestServer, principals: &Principals, persons: usize) {
    use pb::OrganizationKind as K;
    let mut orgs = server.orgs().await;
    for (code, kind, parent) in [
        ("KHOI", K::Bloc, ""),
        ("CS01", K::GrassrootsCommittee, "KHOI"),
        ("CB01", K::Cell, "CS01"),
        ("CB02", K::Cell, "CS01"),
    ] {
        orgs.create_organization(principals.request("admin", org(code, kind, parent)))
            .await
            .unwrap();
    }
    let mut people = PersonServiceClient::new(server.channel().await.unwrap());
    for p in 0..persons {
        let person = pb::Person {
            full_name: format!("Nguyễn Văn {p}"),
            gender: pb::Gender::Male.into(),
            birth_date: date(1995, 3, 1),
            ethnicity: "Kinh".into(),
            education: pb::Education::UpperSecondary.into(),
            cell: format!("organizations/CB0{}", 1 + p % 2),
            cell_since: date(2015, 1, 1),
            ..Default::default()
        };
        let request = pb::CreatePersonRequest {
            person_id: format!("P{p:04}"),
            person: Some(person),
            request_id: String::new(),
        };
        people
            .create_person(principals.request("admin", request))
            .await
            .unwrap();
    }
}

fn year_report() -> pb::GetYearReportRequest {
    pb::GetYearReportRequest {
        org: String::new(),
        year: 2025,
    }
}

/// Latencies of one run of sequential calls.
struct Latencies(Vec<Duration>);

impl Latencies {
    fn ms(&self, p: f64) -> f64 {
        let mut sorted = self.0.clone();
        sorted.sort_unstable();
        let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
        sorted[index].as_secs_f64() * 1e3
    }
}

/// A runtime of one worker thread, standing for a client apart from the server: its tasks,
/// and the connections made in them, do not queue behind the server's, and the OS shares the
/// cores between them as between processes.
fn client_runtime(nice: usize) -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .on_thread_start(move || {
            if nice > 0 {
                renice(nice);
            }
        })
        .enable_all()
        .build()
        .unwrap()
}

/// Lowers the calling thread's priority to `nice` (Linux: each thread has its own).
fn renice(nice: usize) {
    let thread = std::fs::read_link("/proc/thread-self").unwrap();
    let tid = thread.file_name().unwrap().to_str().unwrap().to_owned();
    let status = std::process::Command::new("renice")
        .args(["-n", &nice.to_string(), "-p", &tid])
        .stdout(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "renice {nice} {tid}: {status}");
}

/// A connection to `url` made on `runtime`, so that its I/O runs there.
async fn connect(runtime: &tokio::runtime::Runtime, url: String) -> Channel {
    runtime
        .spawn(async move { Channel::from_shared(url).unwrap().connect().await.unwrap() })
        .await
        .unwrap()
}

/// `calls` sequential year reports by `calm`, each of which must answer.
async fn calm(channel: Channel, principals: Arc<Principals>, calls: usize) -> Latencies {
    let mut stats = StatisticsServiceClient::new(channel);
    let mut latencies = Vec::with_capacity(calls);
    for _ in 0..calls {
        let started = Instant::now();
        stats
            .get_year_report(principals.request("calm", year_report()))
            .await
            .unwrap();
        latencies.push(started.elapsed());
    }
    Latencies(latencies)
}

/// What the flood got.
#[derive(Default)]
struct Flooded {
    answered: AtomicUsize,
    shed: AtomicUsize,
    /// Calls lost with their connection: the server's HTTP/2 layer may close a connection
    /// that keeps being answered early (see `flood_loop`); the channel then reconnects.
    broken: AtomicUsize,
}

/// One of the flood's loops: year reports and organisation lists in turn, each sent as soon as
/// the one before ends, shed or not, until `stop`. A shed call is answered before its request
/// body is read, so h2 resets the stream; DATA frames that arrive after that reset are charged
/// to h2's small-DATA-frame budget and never refunded, and a long enough flood exhausts it:
/// `GOAWAY ENHANCE_YOUR_CALM "too_many_data_frames"`, and the connection's calls fail below
/// gRPC. Those are counted, not fatal, so that the bench measures what calm sees meanwhile.
async fn flood_loop(
    channel: Channel,
    principals: Arc<Principals>,
    stop: Arc<AtomicBool>,
    flooded: Arc<Flooded>,
    backoff: bool,
) {
    let mut stats = StatisticsServiceClient::new(channel.clone());
    let mut orgs = OrganizationServiceClient::new(channel);
    let mut n = 0_usize;
    while !stop.load(Ordering::Relaxed) {
        let answer = if n.is_multiple_of(2) {
            stats
                .get_year_report(principals.request("flood", year_report()))
                .await
                .map(drop)
        } else {
            orgs.list_organizations(
                principals.request("flood", pb::ListOrganizationsRequest::default()),
            )
            .await
            .map(drop)
        };
        n += 1;
        match answer {
            Ok(()) => flooded.answered.fetch_add(1, Ordering::Relaxed),
            Err(s) if s.code() == Code::ResourceExhausted => {
                if backoff {
                    let delay = s
                        .get_error_details()
                        .retry_info()
                        .and_then(|r| r.retry_delay);
                    tokio::time::sleep(delay.unwrap_or_default()).await;
                }
                flooded.shed.fetch_add(1, Ordering::Relaxed)
            }
            // Below gRPC: the connection went, and no server status came.
            Err(s) if std::error::Error::source(&s).is_some() => {
                flooded.broken.fetch_add(1, Ordering::Relaxed)
            }
            Err(s) => panic!("a flood call failed otherwise: {s:?}"),
        };
    }
}

fn main() {
    let calls = env("BENCH_CALLS", 500);
    let loops = env("BENCH_LOOPS", 256);
    let persons = env("BENCH_PERSONS", 20);
    let per_principal = std::env::var("BENCH_PER_PRINCIPAL").ok();
    let running = std::env::var("BENCH_RUNNING").ok();
    let backoff = env("BENCH_BACKOFF", 0) != 0;
    let flood_nice = env("BENCH_FLOOD_NICE", 0);
    // The server's log, to see what it did under the flood, only when asked for.
    if std::env::var_os("RUST_LOG").is_some() {
        dangvien_server::telemetry::init(dangvien_server::config::LogFormat::Text);
    }
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (calm_runtime, flood_runtime) = (client_runtime(0), client_runtime(flood_nice));
    runtime.block_on(async {
        println!(
            "calm: {calls} sequential GetYearReport calls, idle then beside flood's {loops} loops of GetYearReport/ListOrganizations ({}); --max-calls-per-principal {}, --max-running-calls {}",
            if backoff { "waiting out RetryInfo when shed" } else { "never backing off" },
            per_principal.as_deref().unwrap_or("(default)"),
            running.as_deref().unwrap_or("(default)")
        );
        for db in TestDb::all().await {
            let backend = db.backend;
            let principals = Arc::new(Principals::new(&[
                ("admin", Role::Admin, None),
                ("calm", Role::Reader, None),
                ("flood", Role::Reader, None),
            ]));
            let [flag, file] = principals.flags();
            let mut flags = vec![flag.as_str(), file.as_str()];
            if let Some(limit) = &per_principal {
                flags.extend(["--max-calls-per-principal", limit.as_str()]);
            }
            if let Some(running) = &running {
                flags.extend(["--max-running-calls", running.as_str()]);
            }
            let server = TestServer::start_with_args(db, Clock::Fixed(today()), &flags)
                .await
                .unwrap();
            seed(&server, &principals, persons).await;
            let channel = connect(&calm_runtime, server.url()).await;
            let calm_run = |calls| {
                calm_runtime.spawn(calm(channel.clone(), Arc::clone(&principals), calls))
            };
            // Warm the connection, the pool and the caches out of both runs.
            calm_run(calls / 10).await.unwrap();
            let idle = calm_run(calls).await.unwrap();

            let stop = Arc::new(AtomicBool::new(false));
            let flooded = Arc::new(Flooded::default());
            let mut tasks = Vec::with_capacity(loops);
            for c in 0..loops.div_ceil(LOOPS_PER_CONNECTION) {
                let connection = connect(&flood_runtime, server.url()).await;
                for _ in (c * LOOPS_PER_CONNECTION)..((c + 1) * LOOPS_PER_CONNECTION).min(loops) {
                    tasks.push(flood_runtime.spawn(flood_loop(
                        connection.clone(),
                        Arc::clone(&principals),
                        Arc::clone(&stop),
                        Arc::clone(&flooded),
                        backoff,
                    )));
                }
            }
            // The flood under way before calm starts measuring.
            while flooded.answered.load(Ordering::Relaxed) + flooded.shed.load(Ordering::Relaxed)
                < loops * 4
            {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            let (answered_before, shed_before, broken_before) = (
                flooded.answered.load(Ordering::Relaxed),
                flooded.shed.load(Ordering::Relaxed),
                flooded.broken.load(Ordering::Relaxed),
            );
            let started = Instant::now();
            let loaded = calm_run(calls).await.unwrap();
            let wall = started.elapsed();
            let answered = flooded.answered.load(Ordering::Relaxed) - answered_before;
            let shed = flooded.shed.load(Ordering::Relaxed) - shed_before;
            let broken = flooded.broken.load(Ordering::Relaxed) - broken_before;
            stop.store(true, Ordering::Relaxed);
            for task in tasks {
                task.await.unwrap();
            }

            println!(
                "{backend}: calm idle    p50 {:.2} ms, p99 {:.2} ms",
                idle.ms(0.5),
                idle.ms(0.99)
            );
            println!(
                "{backend}: calm flooded p50 {:.2} ms, p99 {:.2} ms",
                loaded.ms(0.5),
                loaded.ms(0.99)
            );
            println!(
                "{backend}: p99 flooded/idle {:.2}× (target ≤ 2×), p50 {:.2}×",
                loaded.ms(0.99) / idle.ms(0.99),
                loaded.ms(0.5) / idle.ms(0.5)
            );
            let secs = wall.as_secs_f64();
            println!(
                "{backend}: while calm was measured ({secs:.1} s), flood had {answered} calls answered ({:.0}/s), {shed} shed ({:.0}/s), {broken} lost with a connection the server closed",
                answered as f64 / secs,
                shed as f64 / secs
            );
            server.stop().await.unwrap();
        }
    });
}
