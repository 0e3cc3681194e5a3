//! Sends the demo plan to a running server through its public gRPC API, as a department would:
//! organisations level by level, persons, registrations, one decision batch per grassroots
//! organisation, and the targets; several requests at a time.

use std::{
    collections::VecDeque,
    future::Future,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use anyhow::{Context as _, bail};
use dangvien_proto::v1::{
    self as pb, decision_service_client::DecisionServiceClient,
    member_service_client::MemberServiceClient,
    organization_service_client::OrganizationServiceClient,
    person_service_client::PersonServiceClient, statistics_service_client::StatisticsServiceClient,
};
use tonic::transport::Channel;

use super::plan;
use crate::{
    app::Loading,
    domain::{Msg, decision::MAX_BATCH},
};

/// A count as progress takes it.
fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// The steps of a load: organisations, persons, registrations, decisions, targets.
pub(super) const STEPS: u32 = 5;
/// The seed of the demo bloc: the same one every run, so every run loads the same records.
const SEED: u64 = 0x4B48_4F49_2021;
/// Requests in flight at once. SQLite serialises writers anyway; PostgreSQL uses them.
const WORKERS: usize = 8;
/// Organisations whose decisions are in flight at once: each batch holds a transaction.
const BATCH_WORKERS: usize = 2;
/// Decisions per batch: small enough to stay well inside the server's request timeout in a
/// debug build while other batches hold the database.
const CHUNK: usize = 25;

/// The database already holds records: the demo loads only into an empty one.
#[derive(Debug, thiserror::Error)]
#[error(
    "the database is not empty (it already holds {what}); --demo loads only into a fresh database"
)]
pub struct NotEmpty {
    /// What was found: organisations, persons, or both.
    pub what: String,
}

/// What the demo loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loaded {
    pub organizations: usize,
    pub persons: usize,
    pub registered_members: usize,
    pub decisions: usize,
    /// Warnings the server returned with accepted decisions (a resolution's member count that
    /// differs from the server's, say); none are expected.
    pub warnings: usize,
    pub elapsed: Duration,
}

/// Loads the demo bloc through the server at `endpoint` (`http://HOST:PORT`), which must hold no
/// organisation and no person. Stops at the first refusal, which names the record.
pub async fn load(endpoint: &str, progress: &Loading) -> anyhow::Result<Loaded> {
    let started = Instant::now();
    let channel = Channel::from_shared(endpoint.to_owned())
        .with_context(|| format!("{endpoint} is not a server address"))?
        .connect()
        .await
        .with_context(|| format!("cannot connect to {endpoint}"))?;
    refuse_if_not_empty(&channel).await?;
    let plan = plan::generate(SEED);
    let plan::Plan {
        org_levels,
        people,
        members,
        batches,
        targets,
    } = plan;

    let organizations = org_levels.iter().map(Vec::len).sum();
    progress.step(
        1,
        Msg::new("tổ chức đảng", "organisations"),
        count(organizations),
    );
    for level in org_levels {
        let client = OrganizationServiceClient::new(channel.clone());
        run(
            level,
            WORKERS,
            move |request| {
                let mut client = client.clone();
                async move {
                    let code = request.organization_id.clone();
                    client
                        .create_organization(request)
                        .await
                        .map_err(|s| refused("organisation", &code, &s))?;
                    Ok(0)
                }
            },
            progress,
        )
        .await?;
    }
    tracing::info!(organizations, elapsed = ?started.elapsed(), "demo: organisations created");

    let persons = people.len();
    progress.step(2, Msg::new("người", "persons"), count(persons));
    let client = PersonServiceClient::new(channel.clone());
    run(
        people,
        WORKERS,
        move |request| {
            let mut client = client.clone();
            async move {
                let id = request.person_id.clone();
                client
                    .create_person(request)
                    .await
                    .map_err(|s| refused("person", &id, &s))?;
                Ok(0)
            }
        },
        progress,
    )
    .await?;
    tracing::info!(persons, elapsed = ?started.elapsed(), "demo: persons created");

    let registered_members = members.len();
    progress.step(
        3,
        Msg::new("đảng viên đăng ký", "registered members"),
        count(registered_members),
    );
    let client = MemberServiceClient::new(channel.clone());
    run(
        members,
        WORKERS,
        move |request| {
            let mut client = client.clone();
            async move {
                let who = request.person.clone();
                client
                    .register_member(request)
                    .await
                    .map_err(|s| refused("member", &who, &s))?;
                Ok(0)
            }
        },
        progress,
    )
    .await?;
    tracing::info!(registered_members, elapsed = ?started.elapsed(), "demo: members registered");

    let decisions = batches.iter().map(|b| b.requests.len()).sum();
    // Counted by organisation: an organisation's decisions go in one worker, in order.
    progress.step(
        4,
        Msg::new(
            "tổ chức cơ sở đã gửi quyết định",
            "organisations whose decisions are sent",
        ),
        count(batches.len()),
    );
    let client = DecisionServiceClient::new(channel.clone());
    // An organisation's decisions go in order, in small batches (see `chunks`).
    let orgs: Vec<(String, Vec<Vec<pb::SubmitDecisionRequest>>)> = batches
        .into_iter()
        .map(|b| (b.org, chunks(b.requests)))
        .collect();
    let warnings = run(
        orgs,
        BATCH_WORKERS,
        move |(org, chunks)| {
            let mut client = client.clone();
            async move {
                let mut warnings = 0;
                for requests in chunks {
                    let answer = client
                        .batch_submit_decisions(pb::BatchSubmitDecisionsRequest {
                            requests,
                            request_id: String::new(),
                        })
                        .await
                        .map_err(|s| refused("decisions of organisation", &org, &s))?
                        .into_inner();
                    warnings += answer
                        .responses
                        .iter()
                        .map(|r| r.warnings.len())
                        .sum::<usize>();
                }
                if warnings > 0 {
                    tracing::warn!(org, warnings, "demo: the server warned about decisions");
                }
                Ok(warnings)
            }
        },
        progress,
    )
    .await?;
    tracing::info!(decisions, warnings, elapsed = ?started.elapsed(), "demo: decisions submitted");

    let mut statistics = StatisticsServiceClient::new(channel);
    progress.step(5, Msg::new("chỉ tiêu", "targets"), count(targets.len()));
    for request in targets {
        statistics
            .set_target(request)
            .await
            .map_err(|s| refused("target", "KHOI", &s))?;
        progress.advance(1);
    }
    Ok(Loaded {
        organizations,
        persons,
        registered_members,
        decisions,
        warnings,
        elapsed: started.elapsed(),
    })
}

/// An organisation's decisions in batches of [`CHUNK`], in order; its ratings last, every
/// `excellent` after the other grades, so that the excellent quota (judged on what is stored once
/// a batch ends) holds after each batch as it does at the end.
fn chunks(requests: Vec<pb::SubmitDecisionRequest>) -> Vec<Vec<pb::SubmitDecisionRequest>> {
    let grade = |r: &pb::SubmitDecisionRequest| {
        if let Some(pb::decision::Details::Rate(rate)) =
            r.decision.as_ref().and_then(|d| d.details.as_ref())
        {
            Some(rate.grade() == pb::Grade::Excellent)
        } else {
            None
        }
    };
    let (mut ratings, mut ordered): (Vec<_>, Vec<_>) =
        requests.into_iter().partition(|r| grade(r).is_some());
    ratings.sort_by_key(|r| grade(r) == Some(true));
    ordered.extend(ratings);
    let size = CHUNK.min(MAX_BATCH);
    let mut chunks = Vec::new();
    let mut ordered = ordered.into_iter().peekable();
    while ordered.peek().is_some() {
        chunks.push(ordered.by_ref().take(size).collect());
    }
    chunks
}

/// Refuses a database that already holds an organisation (valid today) or a person.
async fn refuse_if_not_empty(channel: &Channel) -> anyhow::Result<()> {
    let orgs = OrganizationServiceClient::new(channel.clone())
        .list_organizations(pb::ListOrganizationsRequest {
            page_size: 1,
            ..Default::default()
        })
        .await
        .context("cannot list organisations")?
        .into_inner()
        .organizations;
    let people = PersonServiceClient::new(channel.clone())
        .list_people(pb::ListPeopleRequest {
            page_size: 1,
            ..Default::default()
        })
        .await
        .context("cannot list persons")?
        .into_inner()
        .people;
    let what = match (orgs.is_empty(), people.is_empty()) {
        (true, true) => return Ok(()),
        (false, true) => "organisations",
        (true, false) => "persons",
        (false, false) => "organisations and persons",
    };
    Err(NotEmpty {
        what: what.to_owned(),
    }
    .into())
}

/// A refusal, on one line, naming the record and the server's reason.
fn refused(what: &str, key: &str, status: &tonic::Status) -> anyhow::Error {
    anyhow::anyhow!(
        "the server refused the demo's {what} {key}: {:?}: {}",
        status.code(),
        status.message()
    )
}

/// Runs `f` over `items` with `workers` in flight, counting each one done in `progress`; stops
/// taking new items at the first error, which it returns. Adds up what the calls return.
async fn run<T, F, Fut>(
    items: Vec<T>,
    workers: usize,
    f: F,
    progress: &Loading,
) -> anyhow::Result<usize>
where
    T: Send + 'static,
    F: Fn(T) -> Fut + Clone + Send + 'static,
    Fut: Future<Output = anyhow::Result<usize>> + Send,
{
    let queue = Arc::new(Mutex::new(VecDeque::from(items)));
    let failed = Arc::new(AtomicBool::new(false));
    let total = Arc::new(AtomicUsize::new(0));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..workers {
        let (queue, failed, total, f) = (queue.clone(), failed.clone(), total.clone(), f.clone());
        let progress = progress.clone();
        tasks.spawn(async move {
            while !failed.load(Ordering::Relaxed) {
                let next = queue.lock().map_or(None, |mut q| q.pop_front());
                let Some(item) = next else { break };
                match f(item).await {
                    Ok(n) => {
                        total.fetch_add(n, Ordering::Relaxed);
                        progress.advance(1);
                    }
                    Err(e) => {
                        failed.store(true, Ordering::Relaxed);
                        return Err(e);
                    }
                }
            }
            Ok(())
        });
    }
    let mut first_error = None;
    while let Some(done) = tasks.join_next().await {
        let outcome = done.map_err(anyhow::Error::from).and_then(|r| r);
        if let (Err(e), None) = (outcome, &first_error) {
            first_error = Some(e);
        }
    }
    match first_error {
        Some(e) => Err(e),
        None if failed.load(Ordering::Relaxed) => bail!("the demo load stopped"),
        None => Ok(total.load(Ordering::Relaxed)),
    }
}
