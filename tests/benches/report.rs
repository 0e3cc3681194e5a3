//! The year-report benchmark (DESIGN §10): `GetYearReport` for the whole deployment and for one
//! bloc, through the real server over gRPC, beside the obvious plain-SQL `GROUP BY` over the base
//! tables on the same database in the same run, printed as ratios (these machines are shared;
//! absolute times drift, ratios less so).
//!
//! `cargo bench -p dangvien-tests --bench report` runs it on SQLite, and on PostgreSQL as well when
//! `DANGVIEN_TEST_DATABASE_URL` is set. `BENCH_MEMBERS`, `BENCH_GRASSROOTS` (per bloc),
//! `BENCH_CELLS` (per grassroots organisation), `BENCH_IN_FLIGHT` and `BENCH_ITERATIONS` change
//! the load.

// A benchmark reports by printing, and stops at the first failure with its cause.
#![allow(clippy::print_stdout, clippy::unwrap_used, clippy::expect_used)]

use std::{
    collections::BTreeMap,
    future::Future,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::{Duration, Instant},
};

use chrono::{Datelike, NaiveDate};
use dangvien_proto::v1::{
    self as pb, decision::Details as D, decision_service_client::DecisionServiceClient,
    member_service_client::MemberServiceClient, person_service_client::PersonServiceClient,
    statistics_service_client::StatisticsServiceClient,
};
use dangvien_tests::{
    TestDb, TestServer,
    bench::{env, peak_rss_mib},
};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement, Value};
use tonic::transport::Channel;
use uuid::Uuid;

/// The year reported: every decision of the dataset is dated in it or the year after.
const YEAR: i32 = 2021;
/// The two blocs; the first is the one whose report is measured.
const BLOCS: [&str; 2] = ["KHOI1", "KHOI2"];

fn day(year: i32, month: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, d).unwrap()
}

fn date(d: NaiveDate) -> Option<dangvien_proto::google::r#type::Date> {
    Some(dangvien_proto::google::r#type::Date {
        year: d.year(),
        month: i32::try_from(d.month()).unwrap(),
        day: i32::try_from(d.day()).unwrap(),
    })
}

/// A fixed mix of the bits of `n` (splitmix64): the dataset is the same on every run and backend,
/// without members of one cell all getting the same fate (cells are dealt round-robin).
fn mix(n: u64) -> u64 {
    let mut z = n.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The tree: two blocs, each with `grassroots` grassroots committees of `cells` cells.
#[derive(Clone, Copy, Debug)]
struct Shape {
    grassroots: usize,
    cells: usize,
}

impl Shape {
    fn cell_count(self) -> usize {
        BLOCS.len() * self.grassroots * self.cells
    }

    /// (bloc, grassroots, cell) of cell number `n`.
    fn place(self, n: usize) -> (usize, usize, usize) {
        (
            n / (self.grassroots * self.cells),
            n / self.cells % self.grassroots,
            n % self.cells,
        )
    }

    fn grassroots_code(b: usize, g: usize) -> String {
        format!("CS{}{g:03}", b + 1)
    }

    fn cell_code(b: usize, g: usize, c: usize) -> String {
        format!("CB{}{g:03}-{c}", b + 1)
    }
}

/// What happens to one member in the dataset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fate {
    /// Nothing: a member the whole time (or admitted in a later year).
    Stays,
    Dies(NaiveDate),
    StruckOff(NaiveDate),
    Expelled(NaiveDate),
    /// To another cell of the same grassroots organisation.
    MovesInternally(NaiveDate),
    /// To a cell of another grassroots organisation: of the same bloc, or of the other one.
    MovesAway(NaiveDate, bool),
    /// A permanent transfer out of the deployment.
    Leaves(NaiveDate),
    /// Registered as transferred in from outside on that day.
    ArrivedOn(NaiveDate),
    /// Rated for 2021 (in January 2022).
    Rated,
}

/// One registered member of the dataset.
#[derive(Clone, Debug)]
struct Someone {
    n: usize,
    cell: usize,
    admission: NaiveDate,
    female: bool,
    fate: Fate,
}

impl Someone {
    fn id(&self) -> String {
        format!("DV{:06}", self.n)
    }

    /// Member `n`: 1–1.5% of members get each kind of exit or move in 2021 (deaths again in
    /// 2022), 10% are rated for 2021, 1% arrive from outside in 2021; admissions spread over
    /// 1980–2021, so 2021 has admissions and a headcount that grows.
    fn new(n: usize, shape: Shape) -> Someone {
        let h = mix(n as u64);
        let roll = h % 1000;
        let month = u32::try_from(2 + (h >> 10) % 10).unwrap();
        let d = u32::try_from(1 + (h >> 20) % 28).unwrap();
        let in_2021 = day(YEAR, month, d);
        let fate = match roll {
            0..15 => Fate::Dies(in_2021),
            15..30 => Fate::StruckOff(in_2021),
            30..40 => Fate::Expelled(in_2021),
            40..55 => Fate::MovesInternally(in_2021),
            55..70 => Fate::MovesAway(in_2021, (h >> 40) & 1 == 1),
            70..80 => Fate::Leaves(in_2021),
            80..95 => Fate::Dies(day(YEAR + 1, month, d)),
            95..105 => Fate::ArrivedOn(day(YEAR, month - 1, d)),
            105..205 => Fate::Rated,
            _ => Fate::Stays,
        };
        // Members with a decision were admitted by 2019, well before it; the others up to 2021.
        let years = if fate == Fate::Stays { 42 } else { 40 };
        let year = 1980 + i32::try_from((h >> 32) % years).unwrap();
        let admission = day(
            year,
            u32::try_from(1 + (h >> 48) % 12).unwrap(),
            u32::try_from(1 + (h >> 56) % 28).unwrap(),
        );
        Someone {
            n,
            cell: n % shape.cell_count(),
            admission,
            female: (h >> 8) & 3 == 0,
            fate,
        }
    }

    /// The day their membership here began.
    fn since(&self) -> NaiveDate {
        match self.fate {
            Fate::ArrivedOn(since) => since,
            Fate::Stays
            | Fate::Dies(_)
            | Fate::StruckOff(_)
            | Fate::Expelled(_)
            | Fate::MovesInternally(_)
            | Fate::MovesAway(..)
            | Fate::Leaves(_)
            | Fate::Rated => self.admission,
        }
    }

    fn create(&self, shape: Shape) -> pb::CreatePersonRequest {
        let (b, g, c) = shape.place(self.cell);
        let h = mix(self.n as u64 ^ 0xA5A5);
        let birth = day(
            self.admission.year() - 20 - i32::try_from(h % 30).unwrap(),
            u32::try_from(1 + (h >> 8) % 12).unwrap(),
            u32::try_from(1 + (h >> 16) % 28).unwrap(),
        );
        pb::CreatePersonRequest {
            person_id: self.id(),
            person: Some(pb::Person {
                full_name: format!("Đảng viên {}", self.n),
                gender: if self.female {
                    pb::Gender::Female
                } else {
                    pb::Gender::Male
                }
                .into(),
                birth_date: date(birth),
                ethnicity: [
                    "Kinh", "Kinh", "Kinh", "Kinh", "Kinh", "Tày", "Mường", "Khmer",
                ][usize::try_from((h >> 24) % 8).unwrap()]
                .into(),
                religion: (h >> 32).is_multiple_of(20).then(|| "Công giáo".to_owned()),
                education: pb::Education::UpperSecondary.into(),
                cell: format!("organizations/{}", Shape::cell_code(b, g, c)),
                cell_since: date(self.since()),
                ..Default::default()
            }),
            request_id: String::new(),
        }
    }

    fn register(&self) -> pb::RegisterMemberRequest {
        let official = day(
            self.admission.year() + 1,
            self.admission.month(),
            self.admission.day(),
        );
        let arrived = matches!(self.fate, Fate::ArrivedOn(_));
        pb::RegisterMemberRequest {
            person: format!("people/{}", self.id()),
            admission_date: date(self.admission),
            ceremony_date: date(self.admission),
            official_date: date(official),
            status: pb::MemberStatus::Official.into(),
            origin: if arrived {
                pb::MemberOrigin::TransferIn
            } else {
                pb::MemberOrigin::Existing
            }
            .into(),
            since: if arrived { date(self.since()) } else { None },
            request_id: String::new(),
        }
    }

    /// The decision its fate needs (ratings are dealt per grassroots organisation instead).
    fn decision(&self, shape: Shape) -> Option<pb::SubmitDecisionRequest> {
        let (b, g, c) = shape.place(self.cell);
        let transfer = |kind: pb::TransferKind, to: String| {
            D::Transfer(pb::Transfer {
                transfer_kind: kind.into(),
                to_org: to,
                until: None,
            })
        };
        let (when, details) = match self.fate {
            Fate::Stays | Fate::ArrivedOn(_) | Fate::Rated => return None,
            Fate::Dies(when) => (when, D::RecordDeath(pb::RecordDeath {})),
            Fate::StruckOff(when) => (when, D::StrikeOff(pb::StrikeOff {})),
            Fate::Expelled(when) => (when, D::Expel(pb::Expel {})),
            Fate::MovesInternally(when) => {
                let to = Shape::cell_code(b, g, (c + 1) % shape.cells);
                (
                    when,
                    transfer(pb::TransferKind::Internal, format!("organizations/{to}")),
                )
            }
            Fate::MovesAway(when, other_bloc) => {
                let to = if other_bloc {
                    Shape::cell_code(1 - b, g, 0)
                } else {
                    Shape::cell_code(b, (g + 1) % shape.grassroots, 0)
                };
                (
                    when,
                    transfer(pb::TransferKind::Permanent, format!("organizations/{to}")),
                )
            }
            Fate::Leaves(when) => (when, transfer(pb::TransferKind::Permanent, String::new())),
        };
        Some(on(self, &Shape::grassroots_code(b, g), when, details, "QD"))
    }
}

/// A decision about `who` by `body` on `when`; the document number is the person's own.
fn on(
    who: &Someone,
    body: &str,
    when: NaiveDate,
    details: D,
    suffix: &str,
) -> pb::SubmitDecisionRequest {
    pb::SubmitDecisionRequest {
        decision_id: format!("{}-{suffix}", who.id()),
        decision: Some(pb::Decision {
            person: format!("people/{}", who.id()),
            decision_date: date(when),
            document_number: format!("{}/{suffix}", who.n),
            deciding_body: format!("organizations/{body}"),
            details: Some(details),
            // Strike-offs, expulsions and transfers need one; every decision gets the same.
            reason: "Theo nghị quyết của chi bộ".to_owned(),
            ..Default::default()
        }),
        request_id: String::new(),
    }
}

/// The 2021 ratings, one batch per grassroots organisation (the excellent quota is judged per
/// batch): in each, of every ten in order seven good, two completed, then one excellent, so that
/// excellent never exceeds a seventh of good at any point.
fn ratings(people: &[Someone], shape: Shape) -> Vec<Vec<pb::SubmitDecisionRequest>> {
    let mut by_grassroots: BTreeMap<(usize, usize), Vec<&Someone>> = BTreeMap::new();
    for who in people.iter().filter(|w| w.fate == Fate::Rated) {
        let (b, g, _) = shape.place(who.cell);
        by_grassroots.entry((b, g)).or_default().push(who);
    }
    by_grassroots
        .into_iter()
        .map(|((b, g), rated)| {
            rated
                .into_iter()
                .enumerate()
                .map(|(k, who)| {
                    let grade = match k % 10 {
                        0..7 => pb::Grade::Good,
                        7 | 8 => pb::Grade::Completed,
                        _ => pb::Grade::Excellent,
                    };
                    let details = D::Rate(pb::Rate {
                        year: YEAR,
                        grade: grade.into(),
                        score: None,
                    });
                    on(
                        who,
                        &Shape::grassroots_code(b, g),
                        day(YEAR + 1, 1, 10),
                        details,
                        "XL",
                    )
                })
                .collect()
        })
        .collect()
}

/// Runs `call` on every item with `in_flight` requests at a time over one channel; the wall time.
async fn in_flight<T, F, Fut>(channel: &Channel, n: usize, items: Vec<T>, call: F) -> Duration
where
    T: Clone + Send + Sync + 'static,
    F: Fn(Channel, T) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = ()> + Send + 'static,
{
    let (items, call, next) = (
        Arc::new(items),
        Arc::new(call),
        Arc::new(AtomicUsize::new(0)),
    );
    let start = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..n {
        let (items, call, next, channel) = (
            Arc::clone(&items),
            Arc::clone(&call),
            Arc::clone(&next),
            channel.clone(),
        );
        workers.push(tokio::spawn(async move {
            while let Some(item) = items.get(next.fetch_add(1, Ordering::Relaxed)) {
                call(channel.clone(), item.clone()).await;
            }
        }));
    }
    for worker in workers {
        worker.await.unwrap();
    }
    start.elapsed()
}

/// What loading took.
struct Loaded {
    members: usize,
    people_wall: Duration,
    register_wall: Duration,
    decisions: usize,
    decisions_wall: Duration,
}

/// Creates the tree, the persons, the members and their decisions, all through the public API.
async fn load(server: &TestServer, shape: Shape, members: usize, n: usize) -> Loaded {
    let mut orgs = server.orgs().await;
    let org = |code: &str, kind: pb::OrganizationKind, parent: Option<&str>| {
        pb::CreateOrganizationRequest {
            organization_id: code.to_owned(),
            organization: Some(pb::Organization {
                display_name: format!("Tổ chức {code}"),
                kind: kind.into(),
                parent: parent.map_or_else(String::new, |p| format!("organizations/{p}")),
                sector: pb::Sector::StateAgency.into(),
                // Before every admission of the dataset, so a member's cell is valid on the day
                // their membership began.
                valid_from: date(day(1975, 1, 1)),
                ..Default::default()
            }),
            request_id: String::new(),
        }
    };
    for (b, bloc) in BLOCS.iter().enumerate() {
        orgs.create_organization(org(bloc, pb::OrganizationKind::Bloc, None))
            .await
            .unwrap();
        for g in 0..shape.grassroots {
            let grassroots = Shape::grassroots_code(b, g);
            orgs.create_organization(org(
                &grassroots,
                pb::OrganizationKind::GrassrootsCommittee,
                Some(bloc),
            ))
            .await
            .unwrap();
            for c in 0..shape.cells {
                let cell = Shape::cell_code(b, g, c);
                orgs.create_organization(org(&cell, pb::OrganizationKind::Cell, Some(&grassroots)))
                    .await
                    .unwrap();
            }
        }
    }
    let people: Vec<Someone> = (0..members).map(|i| Someone::new(i, shape)).collect();
    let channel = server.channel().await.unwrap();
    let creates: Vec<_> = people.iter().map(|w| w.create(shape)).collect();
    let people_wall = in_flight(&channel, n, creates, |channel, request| async move {
        let id = request.person_id.clone();
        PersonServiceClient::new(channel)
            .create_person(request)
            .await
            .unwrap_or_else(|s| panic!("creating {id}: {s:?}"));
    })
    .await;
    let registrations: Vec<_> = people.iter().map(Someone::register).collect();
    let register_wall = in_flight(&channel, n, registrations, |channel, request| async move {
        let id = request.person.clone();
        MemberServiceClient::new(channel)
            .register_member(request)
            .await
            .unwrap_or_else(|s| panic!("registering {id}: {s:?}"));
    })
    .await;
    // The exits and moves one decision per request, as clients at their desks send them; then
    // the ratings, one batch per grassroots organisation (its year's grading), one batch at a
    // time: concurrent batches about many persons deadlock on PostgreSQL's tally rows (each
    // person's entries are written in key order, but not the transaction's as a whole) until
    // their retries run out.
    let singles: Vec<_> = people.iter().filter_map(|w| w.decision(shape)).collect();
    let batches = ratings(&people, shape);
    let decisions = singles.len() + batches.iter().map(Vec::len).sum::<usize>();
    let singles_wall = in_flight(&channel, n, singles, |channel, request| async move {
        let id = request.decision_id.clone();
        DecisionServiceClient::new(channel)
            .submit_decision(request)
            .await
            .unwrap_or_else(|s| panic!("{id}: {s:?}"));
    })
    .await;
    let batches_wall = in_flight(&channel, 1, batches, |channel, requests| async move {
        let first = requests[0].decision_id.clone();
        DecisionServiceClient::new(channel)
            .batch_submit_decisions(pb::BatchSubmitDecisionsRequest {
                requests,
                ..Default::default()
            })
            .await
            .unwrap_or_else(|s| panic!("the batch from {first}: {s:?}"));
    })
    .await;
    let decisions_wall = singles_wall + batches_wall;
    Loaded {
        members,
        people_wall,
        register_wall,
        decisions,
        decisions_wall,
    }
}

/// The figures the baseline computes, to check against the report's.
#[derive(Debug, Default, PartialEq, Eq)]
struct Figures {
    headcount_start: i64,
    headcount_end: i64,
    deceased: i64,
    struck_off: i64,
    expelled: i64,
    excellent: i64,
    good: i64,
    completed: i64,
}

impl Figures {
    fn of(report: &pb::YearReport) -> Figures {
        let losses = report.losses.unwrap_or_default();
        let ratings = report.ratings.unwrap_or_default();
        Figures {
            headcount_start: report.headcount_start,
            headcount_end: report.headcount_end,
            deceased: losses.deceased,
            struck_off: losses.struck_off,
            expelled: losses.expelled,
            excellent: ratings.excellent,
            good: ratings.good,
            completed: ratings.completed,
        }
    }
}

/// The obvious plain SQL over the base tables: the headcounts on the two 31 Decembers from
/// `member` (joined to the dated cells for a subtree), the year's non-revoked decisions counted
/// `GROUP BY kind`, and the year's ratings `GROUP BY grade`. It computes a handful of the report's
/// ~60 figures (no gains, pipeline, breakdowns, organisations or residence introductions), so the
/// ratio flatters the baseline.
struct Baseline {
    db: DatabaseConnection,
    /// The subtree's cells, computed once outside the timing; `None` for the whole deployment.
    cells: Option<Vec<Uuid>>,
}

impl Baseline {
    fn statement(&self, sql: &str, mut values: Vec<Value>) -> Statement {
        let kind = self.db.get_database_backend();
        let mut sql = sql.to_owned();
        if let Some(cells) = &self.cells {
            let list: Vec<String> = (0..cells.len())
                .map(|i| format!("${}", values.len() + i + 1))
                .collect();
            sql = sql.replace("{cells}", &list.join(", "));
            values.extend(cells.iter().map(|c| Value::from(*c)));
        }
        // SQLite numbers placeholders `?`, PostgreSQL `$n`; each is used once, in order.
        if kind == DbBackend::Sqlite {
            for n in (1..=values.len()).rev() {
                sql = sql.replace(&format!("${n}"), "?");
            }
        }
        Statement::from_sql_and_values(kind, sql, values)
    }

    async fn run(&self) -> Figures {
        let (start, end) = (day(YEAR - 1, 12, 31), day(YEAR, 12, 31));
        let (headcounts, values): (String, Vec<Value>) = match self.cells {
            Some(_) => (
                "SELECT \
                   SUM(CASE WHEN m.since <= $1 AND (m.exit_date IS NULL OR m.exit_date > $2) \
                        AND pc.valid_from <= $3 AND (pc.valid_to IS NULL OR pc.valid_to >= $4) THEN 1 ELSE 0 END), \
                   SUM(CASE WHEN m.since <= $5 AND (m.exit_date IS NULL OR m.exit_date > $6) \
                        AND pc.valid_from <= $7 AND (pc.valid_to IS NULL OR pc.valid_to >= $8) THEN 1 ELSE 0 END) \
                 FROM member m JOIN person_cell pc ON pc.person_id = m.person_id \
                 WHERE pc.cell_id IN ({cells})"
                    .to_owned(),
                [start, start, start, start, end, end, end, end]
                    .map(Value::from)
                    .to_vec(),
            ),
            // The whole deployment needs no cells: every member counts.
            None => (
                "SELECT \
                   SUM(CASE WHEN m.since <= $1 AND (m.exit_date IS NULL OR m.exit_date > $2) THEN 1 ELSE 0 END), \
                   SUM(CASE WHEN m.since <= $3 AND (m.exit_date IS NULL OR m.exit_date > $4) THEN 1 ELSE 0 END) \
                 FROM member m"
                    .to_owned(),
                [start, start, end, end].map(Value::from).to_vec(),
            ),
        };
        let row = self
            .db
            .query_one_raw(self.statement(&headcounts, values))
            .await
            .unwrap()
            .unwrap();
        let mut figures = Figures {
            headcount_start: row.try_get_by_index(0).unwrap(),
            headcount_end: row.try_get_by_index(1).unwrap(),
            ..Figures::default()
        };
        let in_cells = if self.cells.is_some() {
            " AND d.cell_id IN ({cells})"
        } else {
            ""
        };
        let kinds = format!(
            "SELECT d.kind, COUNT(*) FROM decision d \
             WHERE d.decision_date BETWEEN $1 AND $2 AND d.revoked_by IS NULL{in_cells} \
             GROUP BY d.kind"
        );
        let values = vec![day(YEAR, 1, 1).into(), end.into()];
        for row in self
            .db
            .query_all_raw(self.statement(&kinds, values))
            .await
            .unwrap()
        {
            let kind: String = row.try_get_by_index(0).unwrap();
            let count: i64 = row.try_get_by_index(1).unwrap();
            match kind.as_str() {
                "record_death" => figures.deceased = count,
                "strike_off" => figures.struck_off = count,
                "expel" => figures.expelled = count,
                _ => {}
            }
        }
        // A rating counts where its decision's cell was; the whole deployment needs no join.
        let grades = if self.cells.is_some() {
            "SELECT r.grade, COUNT(*) FROM rating r JOIN decision d ON d.id = r.decision_id \
             WHERE r.year = $1 AND d.revoked_by IS NULL AND d.cell_id IN ({cells}) GROUP BY r.grade"
        } else {
            "SELECT r.grade, COUNT(*) FROM rating r WHERE r.year = $1 GROUP BY r.grade"
        };
        for row in self
            .db
            .query_all_raw(self.statement(grades, vec![YEAR.into()]))
            .await
            .unwrap()
        {
            let grade: String = row.try_get_by_index(0).unwrap();
            let count: i64 = row.try_get_by_index(1).unwrap();
            match grade.as_str() {
                "excellent" => figures.excellent = count,
                "good" => figures.good = count,
                "completed" => figures.completed = count,
                _ => {}
            }
        }
        figures
    }
}

/// Latencies of one kind of call, in order.
struct Timings(Vec<Duration>);

impl Timings {
    fn percentile(&self, p: f64) -> Duration {
        let mut sorted = self.0.clone();
        sorted.sort_unstable();
        let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
        sorted[index]
    }

    fn ms(&self, p: f64) -> f64 {
        self.percentile(p).as_secs_f64() * 1e3
    }
}

/// The year report of `org` (empty: the whole deployment) over gRPC.
async fn year_report(stats: &mut StatisticsServiceClient<Channel>, org: &str) -> pb::YearReport {
    stats
        .get_year_report(pb::GetYearReportRequest {
            org: org.to_owned(),
            year: YEAR,
        })
        .await
        .unwrap_or_else(|s| panic!("the {YEAR} report of {org:?}: {s:?}"))
        .into_inner()
}

/// Times the report of `org` and its baseline alternately, `iterations` times each, after checking
/// that they agree on the figures both compute (a fast wrong answer would measure nothing).
async fn measure(
    stats: &mut StatisticsServiceClient<Channel>,
    org: &str,
    baseline: &Baseline,
    iterations: usize,
) -> (Timings, Timings) {
    let ours = Figures::of(&year_report(stats, org).await);
    let theirs = baseline.run().await;
    assert_eq!(
        ours, theirs,
        "the report of {org:?} and the plain SQL disagree"
    );
    assert!(
        ours.deceased > 0 && ours.good > 0,
        "the dataset has no flows: {ours:?}"
    );
    // Warm both up: connections, prepared statements, the database's pages.
    for _ in 0..5 {
        year_report(stats, org).await;
        baseline.run().await;
    }
    let (mut report, mut base) = (Vec::new(), Vec::new());
    for _ in 0..iterations {
        let t = Instant::now();
        year_report(stats, org).await;
        report.push(t.elapsed());
        let t = Instant::now();
        baseline.run().await;
        base.push(t.elapsed());
    }
    (Timings(report), Timings(base))
}

fn main() {
    let members = env("BENCH_MEMBERS", 20_000);
    let shape = Shape {
        grassroots: env("BENCH_GRASSROOTS", 20),
        cells: env("BENCH_CELLS", 5),
    };
    let n = env("BENCH_IN_FLIGHT", 32);
    let iterations = env("BENCH_ITERATIONS", 200);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        println!(
            "GetYearReport {YEAR}: {members} members in {} cells of {} grassroots organisations under 2 blocs, loaded {n} requests in flight; {iterations} reports each",
            shape.cell_count(),
            BLOCS.len() * shape.grassroots,
        );
        for db in TestDb::all().await {
            let backend = db.backend;
            let server = TestServer::start(db).await;
            let loaded = load(&server, shape, members, n).await;
            println!(
                "{backend}: loaded {} members (CreatePerson {:.1} s, {:.0}/s; RegisterMember {:.1} s, {:.0} members/s) and {} decisions ({:.1} s, {:.0}/s)",
                loaded.members,
                loaded.people_wall.as_secs_f64(),
                loaded.members as f64 / loaded.people_wall.as_secs_f64(),
                loaded.register_wall.as_secs_f64(),
                loaded.members as f64 / loaded.register_wall.as_secs_f64(),
                loaded.decisions,
                loaded.decisions_wall.as_secs_f64(),
                loaded.decisions as f64 / loaded.decisions_wall.as_secs_f64(),
            );
            let db = Database::connect(server.db.url()).await.unwrap();
            let kind = db.get_database_backend();
            let codes: std::collections::BTreeSet<String> = (0..shape.grassroots)
                .flat_map(|g| (0..shape.cells).map(move |c| Shape::cell_code(0, g, c)))
                .collect();
            let all_orgs = db
                .query_all_raw(Statement::from_string(kind, "SELECT id, code FROM organization"))
                .await
                .unwrap();
            let code_of = |r: &sea_orm::QueryResult| r.try_get_by_index::<String>(1).unwrap();
            let id_of = |r: &sea_orm::QueryResult| r.try_get_by_index::<Uuid>(0).unwrap();
            let bloc_cells: Vec<Uuid> = all_orgs
                .iter()
                .filter(|r| codes.contains(&code_of(r)))
                .map(id_of)
                .collect();
            let bloc = all_orgs
                .iter()
                .find(|r| code_of(r) == BLOCS[0])
                .map(id_of)
                .unwrap();
            assert_eq!(bloc_cells.len(), shape.grassroots * shape.cells);
            let mut stats = StatisticsServiceClient::new(server.channel().await.unwrap());
            for (scope, org, id, cells) in [
                ("whole deployment", String::new(), Uuid::nil(), None),
                (
                    "one bloc",
                    format!("organizations/{}", BLOCS[0]),
                    bloc,
                    Some(bloc_cells),
                ),
            ] {
                // What the report reads: the organisation's kept rows of every year up to YEAR.
                let kept: i64 = db
                    .query_one_raw(Statement::from_sql_and_values(
                        kind,
                        if kind == DbBackend::Sqlite {
                            "SELECT COUNT(*) FROM tally WHERE org_id = ? AND year <= ?"
                        } else {
                            "SELECT COUNT(*) FROM tally WHERE org_id = $1 AND year <= $2"
                        },
                        [Value::from(id), Value::from(YEAR)],
                    ))
                    .await
                    .unwrap()
                    .unwrap()
                    .try_get_by_index(0)
                    .unwrap();
                let baseline = Baseline {
                    db: db.clone(),
                    cells,
                };
                let (ours, base) = measure(&mut stats, &org, &baseline, iterations).await;
                println!(
                    "{backend}, {scope}: GetYearReport p50 {:.2} ms, p99 {:.2} ms ({kept} kept rows summed); plain SQL p50 {:.2} ms, p99 {:.2} ms; ratio p50 {:.2}, p99 {:.2}",
                    ours.ms(0.5),
                    ours.ms(0.99),
                    base.ms(0.5),
                    base.ms(0.99),
                    ours.ms(0.5) / base.ms(0.5),
                    ours.ms(0.99) / base.ms(0.99),
                );
            }
            db.close().await.unwrap();
            server.stop().await.unwrap();
        }
        if let Some(mib) = peak_rss_mib() {
            println!("peak resident memory of the benchmark process (server, loading clients and baseline): {mib:.0} MiB");
        }
    });
}
