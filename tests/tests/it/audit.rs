//! The audit log end to end (DESIGN §8): after a realistic run the log verifies, lists by
//! subject, principal and time with each call's method and outcome, and holds no national ID
//! number; a row changed, removed or (well) forged directly in the database is named by
//! `VerifyAuditLog` and by `dangvien audit verify`.

use std::process::Stdio;

use chrono::{DateTime, Utc};
use dangvien_proto::{
    tokens::Role,
    v1::{
        self as pb, audit_service_client::AuditServiceClient, decision::Details as D,
        decision_service_client::DecisionServiceClient,
        organization_service_client::OrganizationServiceClient,
        person_service_client::PersonServiceClient,
    },
};
use dangvien_server::{
    Clock,
    domain::audit::{Entry, link},
};
use dangvien_tests::{Backend, Serving, TestDb, TestServer, auth::Principals, today};
use sea_orm::{ConnectionTrait as _, Database};
use tonic::{Code, transport::Channel};

use crate::{
    decisions::{decision, person},
    support::{assert_status, new_org},
};

/// P1's national ID number: it must never reach the log.
const NATIONAL_ID: &str = "001196004321";

const ADMIN: &str = "admin-a";
/// A clerk of CB02 only: P1 (in CB01) is outside its subtree.
const CLERK: &str = "clerk-b";

const CREATE_PERSON: &str = "/dangvien.v1.PersonService/CreatePerson";
const GET_PERSON: &str = "/dangvien.v1.PersonService/GetPerson";
const LIST_PEOPLE: &str = "/dangvien.v1.PersonService/ListPeople";
const SUBMIT_DECISION: &str = "/dangvien.v1.DecisionService/SubmitDecision";

fn principals() -> Principals {
    Principals::new(&[
        (ADMIN, Role::Admin, None),
        (CLERK, Role::Clerk, Some("CB02")),
    ])
}

/// A server of `db` that knows `principals`.
async fn start(db: TestDb, principals: &Principals) -> TestServer {
    let flags = principals.flags();
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    TestServer::start_serving(db, Clock::Fixed(today()), &flags, Serving::Plain)
        .await
        .unwrap_or_else(|e| panic!("starting a server with a tokens file: {e:#}"))
}

struct Clients {
    orgs: OrganizationServiceClient<Channel>,
    people: PersonServiceClient<Channel>,
    decisions: DecisionServiceClient<Channel>,
    audit: AuditServiceClient<Channel>,
}

async fn clients(server: &TestServer) -> Clients {
    let channel = server.channel().await.unwrap();
    Clients {
        orgs: OrganizationServiceClient::new(channel.clone()),
        people: PersonServiceClient::new(channel.clone()),
        decisions: DecisionServiceClient::new(channel.clone()),
        audit: AuditServiceClient::new(channel),
    }
}

/// A small day of work: KHOI ⊃ CS01 ⊃ {CB01, CB02}; P1 (with a national ID) in CB01 nominated
/// (D1), a second nomination refused (D2), P1 read; the CB02 clerk creates P2 there and is
/// refused P1; then everyone is listed.
async fn run(c: &mut Clients, p: &Principals) {
    use pb::OrganizationKind as K;
    for (code, kind, parent) in [
        ("KHOI", K::Bloc, ""),
        ("CS01", K::GrassrootsCommittee, "KHOI"),
        ("CB01", K::Cell, "CS01"),
        ("CB02", K::Cell, "CS01"),
    ] {
        c.orgs
            .create_organization(p.request(ADMIN, new_org(code, kind, parent)))
            .await
            .unwrap_or_else(|s| panic!("creating {code}: {s:?}"));
    }
    let mut p1 = person("P1", "Nguyễn Thị Lan", "1996-04-12", "CB01");
    if let Some(person) = p1.person.as_mut() {
        person.youth_union = true;
        person.national_id = NATIONAL_ID.to_owned();
    }
    c.people.create_person(p.request(ADMIN, p1)).await.unwrap();
    let nominate = |id| decision(id, "2021-01-10", "", "CB01", D::Nominate(pb::Nominate {}));
    c.decisions
        .submit_decision(p.request(ADMIN, nominate("D1")))
        .await
        .unwrap();
    let refused = c
        .decisions
        .submit_decision(p.request(ADMIN, nominate("D2")))
        .await
        .unwrap_err();
    assert_status(&refused, Code::FailedPrecondition, "ILLEGAL_TRANSITION");
    let read = get(c, p, ADMIN, "P1").await.unwrap();
    assert_eq!(read.national_id, NATIONAL_ID);

    c.people
        .create_person(p.request(CLERK, person("P2", "Trần Văn Bình", "1990-02-03", "CB02")))
        .await
        .unwrap();
    let denied = get(c, p, CLERK, "P1").await.unwrap_err();
    assert_status(&denied, Code::PermissionDenied, "ACCESS_DENIED");

    let listed = c
        .people
        .list_people(p.request(ADMIN, pb::ListPeopleRequest::default()))
        .await
        .unwrap()
        .into_inner();
    let ids: Vec<_> = listed
        .people
        .iter()
        .map(|p| p.external_id.as_str())
        .collect();
    assert_eq!(ids, ["P1", "P2"]);
}

async fn get(
    c: &mut Clients,
    p: &Principals,
    who: &str,
    id: &str,
) -> Result<pb::Person, tonic::Status> {
    c.people
        .get_person(p.request(
            who,
            pb::GetPersonRequest {
                name: format!("people/{id}"),
            },
        ))
        .await
        .map(tonic::Response::into_inner)
}

/// Every entry passing `request`'s filters, newest first, three to a page (so that paging is
/// walked too).
async fn list(
    c: &mut Clients,
    p: &Principals,
    request: pb::ListAuditEntriesRequest,
) -> Vec<pb::AuditEntry> {
    let mut all = Vec::new();
    let mut page_token = String::new();
    loop {
        let page = c
            .audit
            .list_audit_entries(p.request(
                ADMIN,
                pb::ListAuditEntriesRequest {
                    page_size: 3,
                    page_token: page_token.clone(),
                    ..request.clone()
                },
            ))
            .await
            .unwrap_or_else(|s| panic!("listing {request:?}: {s:?}"))
            .into_inner();
        assert!(page.entries.len() <= 3);
        all.extend(page.entries);
        if page.next_page_token.is_empty() {
            return all;
        }
        page_token = page.next_page_token;
    }
}

fn about(subject: &str) -> pb::ListAuditEntriesRequest {
    pb::ListAuditEntriesRequest {
        subject: subject.to_owned(),
        ..Default::default()
    }
}

async fn verify(c: &mut Clients, p: &Principals) -> pb::VerifyAuditLogResponse {
    c.audit
        .verify_audit_log(p.request(ADMIN, pb::VerifyAuditLogRequest {}))
        .await
        .unwrap()
        .into_inner()
}

/// `(method, principal, outcome)` of each entry, in order.
fn calls(entries: &[pb::AuditEntry]) -> Vec<(&str, &str, &str)> {
    entries
        .iter()
        .map(|e| (e.method.as_str(), e.principal.as_str(), e.outcome.as_str()))
        .collect()
}

#[tokio::test]
async fn a_day_of_work_leaves_a_log_that_verifies_and_lists_each_call_without_national_ids() {
    for db in TestDb::all().await {
        let backend = db.backend;
        let principals = principals();
        let server = start(db, &principals).await;
        let mut c = clients(&server).await;
        run(&mut c, &principals).await;

        let everything = list(&mut c, &principals, pb::ListAuditEntriesRequest::default()).await;
        let verified = verify(&mut c, &principals).await;
        assert_eq!(verified.breaks, Vec::<String>::new(), "{backend}");
        assert_eq!(verified.chains, 16);
        assert_eq!(verified.heads.len(), 16);
        // 4 organisations, 2 persons, 1 decision and 1 refused, 1 read and 1 denied, 1 list.
        assert_eq!(everything.len(), 11, "{backend}: {everything:#?}");
        assert_eq!(verified.entries_checked, 11, "{backend}");
        for entry in &everything {
            assert!(
                !format!("{entry:?}").contains(NATIONAL_ID),
                "{backend}: a national ID number in {entry:?}"
            );
            assert!(entry.name.starts_with("chains/"), "{entry:?}");
            assert_eq!(entry.hash.len(), 64, "{entry:?}");
        }
        let times: Vec<_> = everything.iter().map(time).collect();
        assert!(
            times.windows(2).all(|w| w[0] >= w[1]),
            "not newest first: {times:?}"
        );

        let p1 = list(&mut c, &principals, about("people/P1")).await;
        assert_eq!(
            calls(&p1),
            [
                (LIST_PEOPLE, ADMIN, "OK"),
                (GET_PERSON, CLERK, "ACCESS_DENIED"),
                (GET_PERSON, ADMIN, "OK"),
                (SUBMIT_DECISION, ADMIN, "ILLEGAL_TRANSITION"),
                (SUBMIT_DECISION, ADMIN, "OK"),
                (CREATE_PERSON, ADMIN, "OK"),
            ],
            "{backend}: {p1:#?}"
        );
        assert_eq!(p1[0].subjects, ["people/P1", "people/P2"], "{backend}");
        assert_eq!(p1[1].subjects, ["people/P1"], "{backend}");
        assert_eq!(p1[3].subjects, ["people/P1", "decisions/D2"], "{backend}");

        // An accepted decision names what it stored and whom it is about.
        let accepted = list(&mut c, &principals, about("decisions/D1")).await;
        assert_eq!(
            calls(&accepted),
            [(SUBMIT_DECISION, ADMIN, "OK")],
            "{backend}"
        );
        assert_eq!(
            accepted[0].subjects,
            ["decisions/D1", "people/P1"],
            "{backend}"
        );
        let refusal = list(&mut c, &principals, about("decisions/D2")).await;
        assert_eq!(
            calls(&refusal),
            [(SUBMIT_DECISION, ADMIN, "ILLEGAL_TRANSITION")],
            "{backend}"
        );

        let clerk = list(
            &mut c,
            &principals,
            pb::ListAuditEntriesRequest {
                principal: CLERK.to_owned(),
                ..Default::default()
            },
        )
        .await;
        assert_eq!(
            calls(&clerk),
            [
                (GET_PERSON, CLERK, "ACCESS_DENIED"),
                (CREATE_PERSON, CLERK, "OK")
            ],
            "{backend}"
        );
        let admin = list(
            &mut c,
            &principals,
            pb::ListAuditEntriesRequest {
                principal: ADMIN.to_owned(),
                ..Default::default()
            },
        )
        .await;
        assert_eq!(admin.len(), everything.len() - 2, "{backend}");

        // The start is included and the end is not: the admin's read of P1 is on the later side.
        let read_at = p1[2].time;
        let created_at = p1[5].time;
        let from_read = list(
            &mut c,
            &principals,
            pb::ListAuditEntriesRequest {
                start_time: read_at,
                ..about("people/P1")
            },
        )
        .await;
        assert_eq!(calls(&from_read), calls(&p1[..3]), "{backend}");
        let before_read = list(
            &mut c,
            &principals,
            pb::ListAuditEntriesRequest {
                end_time: read_at,
                ..about("people/P1")
            },
        )
        .await;
        assert_eq!(calls(&before_read), calls(&p1[3..]), "{backend}");
        let between = list(
            &mut c,
            &principals,
            pb::ListAuditEntriesRequest {
                start_time: created_at,
                end_time: read_at,
                principal: ADMIN.to_owned(),
                subject: "decisions/D1".to_owned(),
                ..Default::default()
            },
        )
        .await;
        assert_eq!(
            calls(&between),
            [(SUBMIT_DECISION, ADMIN, "OK")],
            "{backend}"
        );
        server.stop().await.unwrap();
    }
}

fn time(entry: &pb::AuditEntry) -> DateTime<Utc> {
    let t = entry.time.unwrap_or_else(|| panic!("no time: {entry:?}"));
    DateTime::from_timestamp(t.seconds, u32::try_from(t.nanos).unwrap()).unwrap()
}

/// `(chain, seq, hash)` of every chain's head, from `chains/{chain}: {seq} {hash}`.
fn heads(verified: &pb::VerifyAuditLogResponse) -> Vec<(i16, i64, String)> {
    verified
        .heads
        .iter()
        .map(|line| {
            let (chain, rest) = line
                .strip_prefix("chains/")
                .and_then(|l| l.split_once(": "))
                .unwrap_or_else(|| {
                    panic!("a head that is not `chains/{{c}}: {{seq}} {{hash}}`: {line}")
                });
            let (seq, hash) = rest.split_once(' ').unwrap();
            (
                chain.parse().unwrap(),
                seq.parse().unwrap(),
                hash.to_owned(),
            )
        })
        .collect()
}

/// A way of tampering with the log: the SQL to run, and the row whose break it must cause.
struct Tampering {
    sql: String,
    row: String,
    /// A word of the break's explanation.
    what: &'static str,
}

/// Runs the day of work on a fresh server of `backend`, tampers as `tamper` chooses with the
/// log's state, and checks that the API and the CLI both name exactly that row.
async fn caught(
    backend: Backend,
    tamper: impl AsyncFnOnce(&mut Clients, &Principals) -> Tampering,
) {
    let principals = principals();
    let server = start(TestDb::fresh(backend).await.unwrap(), &principals).await;
    let mut c = clients(&server).await;
    run(&mut c, &principals).await;
    let before = verify(&mut c, &principals).await;
    assert_eq!(before.breaks, Vec::<String>::new(), "{backend}");

    let Tampering { sql, row, what } = tamper(&mut c, &principals).await;
    let db = Database::connect(server.db.url()).await.unwrap();
    db.execute_unprepared(&sql)
        .await
        .unwrap_or_else(|e| panic!("{backend}: {sql}: {e}"));
    db.close().await.unwrap();

    let after = verify(&mut c, &principals).await;
    assert_eq!(
        after.breaks.len(),
        1,
        "{backend}, {sql}: {:?}",
        after.breaks
    );
    let line = &after.breaks[0];
    assert!(
        line.starts_with(&format!("{row}: ")) && line.contains(what),
        "{backend}, {sql}: expected {row} ({what}), got {line}"
    );

    let cli = tokio::process::Command::new(env!("CARGO_BIN_EXE_dangvien-e2e"))
        .args(["--server", &server.url(), "--lang", "en", "audit", "verify"])
        .env("DANGVIEN_TOKEN", principals.secret(ADMIN))
        .stdin(Stdio::null())
        .kill_on_drop(true)
        .output()
        .await
        .unwrap();
    let (out, err) = (
        String::from_utf8_lossy(&cli.stdout),
        String::from_utf8_lossy(&cli.stderr),
    );
    assert_eq!(
        cli.status.code(),
        Some(1),
        "{backend}: stdout {out}\nstderr {err}"
    );
    assert!(
        out.lines().any(|l| l.contains(&format!("{row}: "))),
        "{backend}: the CLI does not name {row}: stdout {out}\nstderr {err}"
    );
    server.stop().await.unwrap();
}

async fn backends() -> Vec<Backend> {
    TestDb::all()
        .await
        .into_iter()
        .map(|db| db.backend)
        .collect()
}

#[tokio::test]
async fn a_refusal_rewritten_as_accepted_is_named() {
    for backend in backends().await {
        caught(backend, async |c: &mut Clients, p: &Principals| {
            let refusal = list(c, p, about("decisions/D2")).await;
            let (chain, seq) = place(&refusal[0].name);
            Tampering {
                sql: format!(
                    "UPDATE audit_log SET outcome = 'OK' WHERE chain = {chain} AND seq = {seq}"
                ),
                row: refusal[0].name.clone(),
                what: "changed",
            }
        })
        .await;
    }
}

#[tokio::test]
async fn a_row_removed_from_the_middle_of_a_chain_is_named() {
    for backend in backends().await {
        caught(backend, async |c: &mut Clients, p: &Principals| {
            // More reads until some chain has a middle: a row with rows before and after it.
            let mut reads = 0;
            let chain = loop {
                let deep = heads(&verify(c, p).await)
                    .into_iter()
                    .find(|(_, seq, _)| *seq >= 3);
                if let Some((chain, _, _)) = deep {
                    break chain;
                }
                reads += 1;
                assert!(reads < 500, "no chain reached 3 entries");
                get(c, p, ADMIN, "P1").await.unwrap();
            };
            Tampering {
                sql: format!("DELETE FROM audit_log WHERE chain = {chain} AND seq = 2"),
                row: format!("chains/{chain}/entries/2"),
                what: "missing",
            }
        })
        .await;
    }
}

#[tokio::test]
async fn a_row_forged_after_a_head_with_a_right_hash_is_named() {
    for backend in backends().await {
        caught(backend, async |c: &mut Clients, p: &Principals| {
            let (chain, seq, hash) = heads(&verify(c, p).await)
                .into_iter()
                .find(|(_, seq, _)| *seq >= 1)
                .unwrap();
            let head = format!("chains/{chain}/entries/{seq}");
            let everything = list(c, p, pb::ListAuditEntriesRequest::default()).await;
            let head_entry = everything.iter().find(|e| e.name == head).unwrap();
            // The forged row copies the head's time as stored, so that its hash, computed as the
            // server computes one, is right: only the chain's head can tell.
            let forged = Entry {
                at: time(head_entry),
                principal: ADMIN.to_owned(),
                method: GET_PERSON.to_owned(),
                subjects: vec!["people/P1".to_owned()],
                outcome: "OK".to_owned(),
                request_id: None,
            };
            let forged_hash = link(chain, seq + 1, &hash, &forged);
            Tampering {
                sql: format!(
                    "INSERT INTO audit_log (chain, seq, at, principal, method, subjects, outcome, \
                     request_id, hash) SELECT chain, seq + 1, at, '{ADMIN}', '{GET_PERSON}', \
                     ' people/P1 ', 'OK', NULL, '{forged_hash}' FROM audit_log \
                     WHERE chain = {chain} AND seq = {seq}"
                ),
                row: format!("chains/{chain}/entries/{}", seq + 1),
                what: "beyond the chain's head",
            }
        })
        .await;
    }
}

/// `(chain, seq)` of `chains/{chain}/entries/{seq}`.
fn place(name: &str) -> (i16, i64) {
    let rest = name.strip_prefix("chains/").unwrap();
    let (chain, seq) = rest.split_once("/entries/").unwrap();
    (chain.parse().unwrap(), seq.parse().unwrap())
}
