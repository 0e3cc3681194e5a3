//! Personal data stays out of the server's log (DESIGN §8): the built `dangviend`, logging at
//! `debug`, is driven through a whole run with distinctive names and national ID numbers, and
//! its log must hold none of them, nor the token that was used.

use std::{net::SocketAddr, process::Stdio, time::Duration};

use dangvien_proto::{
    tokens::Role,
    v1::{
        self as pb, admin_service_client::AdminServiceClient, decision::Details as D,
        decision_service_client::DecisionServiceClient, member_service_client::MemberServiceClient,
        organization_service_client::OrganizationServiceClient,
        person_service_client::PersonServiceClient, sync_service_client::SyncServiceClient,
    },
};
use dangvien_tests::{TestDb, auth::Principals};
use tonic::{Code, transport::Channel};

use crate::{
    auth::{dangviend_with, free_port, wait_serving},
    decisions::{decision, person, steps_to_committee},
    people::update,
    support::{assert_status, date, new_org},
    sync_support::lines,
};

const ADMIN: &str = "admin-a";

/// The candidate walked to admission, and her number.
const CANDIDATE: (&str, &str) = ("Hoàng Thị Thu Hương", "038196001234");
/// Her mentor and sponsor, an official member.
const MENTOR: (&str, &str) = ("Đặng Quốc Vượng", "001075009876");
/// A person whose number is corrected: the wrong one, then the right one.
const CORRECTED: (&str, &str, &str) = ("Lê Hoàng Phúc Khang", "079092005678", "079092005687");
/// Refused: the candidate's number again.
const DUPLICATE: &str = "Vũ Ngọc Diệp Anh";
/// Refused: a correction to a number that is not one (echoed values must stay in the answer).
const MALFORMED: &str = "0790920056X8";
/// Imported by the sync, with their numbers; the last line is refused (the mentor's number).
const IMPORTED: [(&str, &str, &str); 3] = [
    ("Q1", "Trịnh Bảo Khánh Linh", "040199003344"),
    ("Q2", "Quách Tuấn Kiệt", "024088007766"),
    ("Q3", "Mạc Thị Yến Nhi", MENTOR.1),
];

struct Clients {
    orgs: OrganizationServiceClient<Channel>,
    people: PersonServiceClient<Channel>,
    members: MemberServiceClient<Channel>,
    decisions: DecisionServiceClient<Channel>,
    sync: SyncServiceClient<Channel>,
    admin: AdminServiceClient<Channel>,
}

fn with_number(mut request: pb::CreatePersonRequest, national_id: &str) -> pb::CreatePersonRequest {
    if let Some(p) = request.person.as_mut() {
        p.national_id = national_id.to_owned();
        p.youth_union = true;
    }
    request
}

/// Everything a clerk and the nightly sync do in a day, each call with the admin's token.
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
    for (id, (full_name, number), birth, cell) in [
        ("P1", CANDIDATE, "1996-04-12", "CB01"),
        ("S1", MENTOR, "1975-01-01", "CB02"),
        ("P2", (CORRECTED.0, CORRECTED.1), "1992-07-08", "CB02"),
    ] {
        c.people
            .create_person(p.request(
                ADMIN,
                with_number(person(id, full_name, birth, cell), number),
            ))
            .await
            .unwrap_or_else(|s| panic!("creating {id}: {s:?}"));
    }
    c.members
        .register_member(p.request(
            ADMIN,
            pb::RegisterMemberRequest {
                person: "people/S1".to_owned(),
                admission_date: date("2015-05-19"),
                ceremony_date: date("2015-06-01"),
                official_date: date("2016-06-01"),
                status: pb::MemberStatus::Official.into(),
                origin: pb::MemberOrigin::Existing.into(),
                ..Default::default()
            },
        ))
        .await
        .unwrap();
    let admit = decision(
        "D9",
        "2021-10-01",
        "1234-QĐ/ĐU",
        "KHOI",
        D::Admit(pb::Admit { extended: false }),
    );
    for request in steps_to_committee().into_iter().chain([admit]) {
        let id = request.decision_id.clone();
        c.decisions
            .submit_decision(p.request(ADMIN, request))
            .await
            .unwrap_or_else(|s| panic!("{id}: {s:?}"));
    }

    let duplicate = c
        .people
        .create_person(p.request(
            ADMIN,
            with_number(person("P3", DUPLICATE, "1999-09-09", "CB01"), CANDIDATE.1),
        ))
        .await
        .unwrap_err();
    assert_status(&duplicate, Code::AlreadyExists, "NATIONAL_ID_TAKEN");
    c.people
        .update_person(p.request(
            ADMIN,
            update("P2", &["national_id"], |person| {
                person.national_id = CORRECTED.2.to_owned();
            }),
        ))
        .await
        .unwrap();
    let malformed = c
        .people
        .update_person(p.request(
            ADMIN,
            update("P2", &["national_id"], |person| {
                person.national_id = MALFORMED.to_owned();
            }),
        ))
        .await
        .unwrap_err();
    assert_status(&malformed, Code::InvalidArgument, "INVALID_FIELD");
    // Refusals are logged at INFO with their English message: it must not name the person.
    let again = c
        .decisions
        .submit_decision(p.request(
            ADMIN,
            decision(
                "D10",
                "2022-01-10",
                "",
                "CB01",
                D::Nominate(pb::Nominate {}),
            ),
        ))
        .await
        .unwrap_err();
    assert_status(&again, Code::FailedPrecondition, "ILLEGAL_TRANSITION");
    let got = c
        .people
        .get_person(p.request(
            ADMIN,
            pb::GetPersonRequest {
                name: "people/P1".to_owned(),
            },
        ))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(got.national_id, CANDIDATE.1);
    let listed = c
        .people
        .list_people(p.request(
            ADMIN,
            pb::ListPeopleRequest {
                filter: r#"name = "Thu Hương""#.to_owned(),
                ..Default::default()
            },
        ))
        .await
        .unwrap()
        .into_inner();
    let ids: Vec<_> = listed
        .people
        .iter()
        .map(|p| p.external_id.as_str())
        .collect();
    assert_eq!(ids, ["P1"]);

    import(c, p).await;
    let exported = export(c, p).await;
    assert!(
        exported.contains(CANDIDATE.1) && exported.contains(IMPORTED[0].1),
        "the export carries the records: {exported}"
    );
    let verified = c
        .admin
        .verify(p.request(ADMIN, pb::VerifyRequest {}))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(verified.differences, Vec::<String>::new());
}

/// The sync imports persons with names and numbers, a nomination of the first; the last person
/// is refused (its number is taken).
async fn import(c: &mut Clients, p: &Principals) {
    let mut text = String::new();
    for (id, full_name, number) in IMPORTED {
        text.push_str(&format!(
            r#"{{"kind":"person","external_id":"{id}","full_name":"{full_name}","gender":"female","birth_date":"1995-03-04","ethnicity":"Kinh","religion":null,"education":"upper_secondary","youth_union":true,"trade_union":false,"national_id":"{number}","org":"CB01","cell_since":"2020-01-01"}}"#
        ));
        text.push('\n');
    }
    text.push_str(r#"{"kind":"decision","external_id":"N1","decision":"nominate","person":"Q1","date":"2021-03-01","body":"CB01"}"#);
    text.push('\n');
    let start = pb::ImportRequest {
        message: Some(pb::import_request::Message::Start(pb::ImportStart {
            import_id: "nightly-1".to_owned(),
            atomic: false,
            dry_run: false,
        })),
    };
    let requests: Vec<_> = std::iter::once(start)
        .chain(
            lines(text.as_bytes())
                .into_iter()
                .map(|l| pb::ImportRequest {
                    message: Some(pb::import_request::Message::Line(l)),
                }),
        )
        .collect();
    let mut stream = c
        .sync
        .import(p.request(ADMIN, tokio_stream::iter(requests)))
        .await
        .unwrap()
        .into_inner();
    let mut outcomes = Vec::new();
    while let Some(message) = stream.message().await.unwrap() {
        if let Some(pb::import_response::Message::Results(r)) = message.message {
            outcomes.extend(r.results.iter().map(|r| (r.outcome(), r.reason.clone())));
        }
    }
    use pb::LineOutcome as O;
    let kinds: Vec<_> = outcomes.iter().map(|(o, _)| *o).collect();
    assert_eq!(
        kinds,
        [O::Accepted, O::Accepted, O::Refused, O::Accepted],
        "{outcomes:?}"
    );
    assert_eq!(outcomes[2].1, "NATIONAL_ID_TAKEN", "{outcomes:?}");
}

async fn export(c: &mut Clients, p: &Principals) -> String {
    let mut stream = c
        .sync
        .export(p.request(ADMIN, pb::ExportRequest::default()))
        .await
        .unwrap()
        .into_inner();
    let mut text = String::new();
    while let Some(chunk) = stream.message().await.unwrap() {
        for line in chunk.lines {
            text.push_str(&line);
            text.push('\n');
        }
    }
    text
}

/// The lines of `log` that hold any of `secrets`, each with what it holds.
fn leaks<'a>(log: &'a str, secrets: &[&'a str]) -> Vec<String> {
    log.lines()
        .filter_map(|line| {
            let found: Vec<_> = secrets.iter().filter(|s| line.contains(**s)).collect();
            (!found.is_empty()).then(|| format!("{found:?} in: {line}"))
        })
        .collect()
}

#[tokio::test]
async fn a_debug_log_of_a_whole_run_holds_no_names_numbers_or_tokens() {
    for db in TestDb::all().await {
        let backend = db.backend;
        let p = Principals::new(&[(ADMIN, Role::Admin, None)]);
        let dir = tempfile::tempdir().unwrap();
        let log = dir.path().join("dangviend.log");
        let port = free_port();
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let tokens = p.path().display().to_string();
        let mut child = dangviend_with(
            &[
                "--listen",
                &addr.to_string(),
                "--database-url",
                db.url(),
                "--tokens-file",
                &tokens,
            ],
            &[("RUST_LOG", "debug")],
            Stdio::from(std::fs::File::create(&log).unwrap()),
        );
        wait_serving(addr, &mut child).await;
        let channel = Channel::from_shared(format!("http://{addr}"))
            .unwrap()
            .connect()
            .await
            .unwrap();
        let mut c = Clients {
            orgs: OrganizationServiceClient::new(channel.clone()),
            people: PersonServiceClient::new(channel.clone()),
            members: MemberServiceClient::new(channel.clone()),
            decisions: DecisionServiceClient::new(channel.clone()),
            sync: SyncServiceClient::new(channel.clone()),
            admin: AdminServiceClient::new(channel),
        };
        run(&mut c, &p).await;
        drop(c);

        // SIGTERM, as a service manager stops it: the log is complete once it has exited.
        let pid = child.id().unwrap().to_string();
        let killed = tokio::process::Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .await
            .unwrap();
        assert!(killed.success());
        let exited = tokio::time::timeout(Duration::from_secs(30), child.wait())
            .await
            .unwrap_or_else(|_| panic!("{backend}: dangviend did not stop on SIGTERM"))
            .unwrap();
        assert!(exited.success(), "{backend}: {exited}");

        let text = std::fs::read_to_string(&log).unwrap();
        assert!(
            text.lines().any(|l| l.contains(" DEBUG ")),
            "{backend}: no debug line in the log: {text}"
        );
        let mut secrets = vec![
            CANDIDATE.0,
            CANDIDATE.1,
            MENTOR.0,
            MENTOR.1,
            CORRECTED.0,
            CORRECTED.1,
            CORRECTED.2,
            DUPLICATE,
            MALFORMED,
            p.secret(ADMIN),
        ];
        for (_, full_name, number) in &IMPORTED {
            secrets.extend([*full_name, *number]);
        }
        let found = leaks(&text, &secrets);
        assert!(
            found.is_empty(),
            "{backend}: the log holds personal data or the token ({} lines):\n{}",
            found.len(),
            found.join("\n")
        );
        db.drop_database().await.unwrap();
    }
}
