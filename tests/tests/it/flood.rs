//! Call limits end to end: one principal's flood is shed with `RESOURCE_EXHAUSTED`
//! `TOO_MANY_CALLS` and a `RetryInfo`, while another principal's calls all answer; past the
//! global limit the shed calls name the server. Counts only: how fast is the bench's business.

use std::sync::{
    Arc,
    atomic::{AtomicBool, Ordering},
};

use dangvien_proto::{
    tokens::Role,
    v1::{
        self as pb, organization_service_client::OrganizationServiceClient,
        statistics_service_client::StatisticsServiceClient,
    },
};
use dangvien_server::Clock;
use dangvien_tests::{Backend, TestDb, TestServer, auth::Principals, today};
use tonic::{Code, Status, transport::Channel};
use tonic_types::StatusExt;

use crate::support::{assert_status, new_org};

/// Calls the flood fires at once in each wave.
const WAVE: usize = 200;
/// Waves at most: the flood stops sooner once calm is done and something was shed.
const MAX_WAVES: usize = 20;
/// Calm's sequential calls.
const CALM_CALLS: usize = 20;

/// How the flood's calls ended.
#[derive(Debug, Default)]
struct Tally {
    ok: usize,
    /// The English message of each shed call.
    shed: Vec<String>,
    /// Anything else: there must be none.
    other: Vec<Status>,
}

/// Serves `db` with `admin`, `flood` and `calm` (readers) and `limits`, with a small tree in it.
async fn serve(db: TestDb, principals: &Principals, limits: &[&str]) -> TestServer {
    let [flag, file] = principals.flags();
    let mut flags = vec![flag.as_str(), file.as_str()];
    flags.extend_from_slice(limits);
    let server = TestServer::start_with_args(db, Clock::Fixed(today()), &flags)
        .await
        .unwrap_or_else(|e| panic!("starting a test server: {e:#}"));
    let mut orgs = server.orgs().await;
    use pb::OrganizationKind as K;
    for (code, kind, parent) in [
        ("KHOI", K::Bloc, ""),
        ("CS01", K::GrassrootsCommittee, "KHOI"),
        ("CB01", K::Cell, "CS01"),
    ] {
        orgs.create_organization(principals.request("admin", new_org(code, kind, parent)))
            .await
            .unwrap_or_else(|s| panic!("creating {code}: {s:?}"));
    }
    server
}

fn principals() -> Principals {
    Principals::new(&[
        ("admin", Role::Admin, None),
        ("flood", Role::Reader, None),
        ("calm", Role::Reader, None),
    ])
}

/// Call `n` of `who`: year reports and organisation lists in turn.
async fn call(
    channel: Channel,
    principals: &Principals,
    who: &str,
    n: usize,
) -> Result<(), Status> {
    if n.is_multiple_of(2) {
        let request = pb::GetYearReportRequest {
            org: String::new(),
            year: 2025,
        };
        StatisticsServiceClient::new(channel)
            .get_year_report(principals.request(who, request))
            .await
            .map(drop)
    } else {
        OrganizationServiceClient::new(channel)
            .list_organizations(principals.request(who, pb::ListOrganizationsRequest::default()))
            .await
            .map(drop)
    }
}

/// Waves of [`WAVE`] concurrent calls from `flood` until `done` is set and a call was shed, or
/// [`MAX_WAVES`] have been fired.
async fn flood(channel: Channel, principals: Arc<Principals>, done: Arc<AtomicBool>) -> Tally {
    let mut tally = Tally::default();
    for _ in 0..MAX_WAVES {
        let calls: Vec<_> = (0..WAVE)
            .map(|n| {
                let (channel, principals) = (channel.clone(), Arc::clone(&principals));
                tokio::spawn(async move { call(channel, &principals, "flood", n).await })
            })
            .collect();
        for answered in calls {
            match answered.await.unwrap() {
                Ok(()) => tally.ok += 1,
                Err(status) if status.code() == Code::ResourceExhausted => {
                    assert_status(&status, Code::ResourceExhausted, "TOO_MANY_CALLS");
                    let retry = status.get_error_details().retry_info().cloned();
                    assert!(
                        retry
                            .and_then(|r| r.retry_delay)
                            .is_some_and(|d| !d.is_zero()),
                        "no RetryInfo delay: {status:?}"
                    );
                    tally.shed.push(status.message().to_owned());
                }
                Err(status) => tally.other.push(status),
            }
        }
        if done.load(Ordering::SeqCst) && !tally.shed.is_empty() {
            break;
        }
    }
    tally
}

/// Both counts non-zero, so that neither the limit nor the service can pass unseen.
#[track_caller]
fn assert_some_of_each(backend: Backend, tally: &Tally) {
    assert!(tally.other.is_empty(), "{backend}: {:?}", tally.other);
    assert!(tally.ok > 0, "{backend}: nothing answered: {tally:?}");
    assert!(
        !tally.shed.is_empty(),
        "{backend}: nothing was shed in {MAX_WAVES} waves of {WAVE}: {tally:?}"
    );
}

/// `flood` is held to 4 calls at once, and to its share while `calm` calls one at a time
/// meanwhile; calm never notices.
#[tokio::test]
async fn one_principals_flood_is_shed_and_leaves_room_for_the_others() {
    for db in TestDb::all().await {
        let backend = db.backend;
        let principals = Arc::new(principals());
        let server = serve(
            db,
            &principals,
            &["--max-calls", "10000", "--max-calls-per-principal", "4"],
        )
        .await;
        let done = Arc::new(AtomicBool::new(false));
        let flooding = tokio::spawn(flood(
            server.channel().await.unwrap(),
            Arc::clone(&principals),
            Arc::clone(&done),
        ));
        let calm = server.channel().await.unwrap();
        for n in 0..CALM_CALLS {
            call(calm.clone(), &principals, "calm", n)
                .await
                .unwrap_or_else(|s| panic!("{backend}: calm's call {n}: {s:?}"));
        }
        done.store(true, Ordering::SeqCst);
        let tally = flooding.await.unwrap();
        assert_some_of_each(backend, &tally);
        // Alone, flood may have 4 in flight; beside calm, only its share of the running slots.
        for message in &tally.shed {
            let limit = message
                .strip_prefix("flood has ")
                .and_then(|m| m.split_once(" calls in flight"))
                .and_then(|(n, _)| n.parse::<usize>().ok());
            assert!(limit.is_some_and(|n| n <= 4), "{backend}: {message}");
        }
        assert!(
            tally.shed.iter().any(|m| m.contains("its share while")),
            "{backend}: flood was never held to its share beside calm: {:?}",
            tally.shed
        );
        server.stop().await.unwrap();
    }
}

/// Past `--max-calls` the refusal is the server's, whoever calls: it names no principal.
#[tokio::test]
async fn past_the_global_limit_the_server_is_named() {
    for db in TestDb::all().await {
        let backend = db.backend;
        let principals = Arc::new(principals());
        let server = serve(
            db,
            &principals,
            &["--max-calls", "2", "--max-calls-per-principal", "64"],
        )
        .await;
        let done = Arc::new(AtomicBool::new(true));
        let tally = flood(server.channel().await.unwrap(), principals, done).await;
        assert_some_of_each(backend, &tally);
        for message in &tally.shed {
            assert!(
                message.starts_with("the server has"),
                "{backend}: {message}"
            );
            assert!(!message.contains("flood"), "{backend}: {message}");
        }
        server.stop().await.unwrap();
    }
}
