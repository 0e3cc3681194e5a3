//! Bad input to the person API: each gets the right code, reason and a clerk's message, none
//! repeats a national ID number, and none changes stored data; racing creates leave one winner.

use std::{future::Future, pin::Pin};

use dangvien_proto::v1 as pb;
use dangvien_tests::servers;
use tonic::{Code, Status};
use tonic_types::StatusExt;

use crate::{
    people::{Client, NATIONAL_ID, get, list_all, new_person, seed_people, update, with_person},
    support::{assert_status, date, seed_tree},
};

type Call = Pin<Box<dyn Future<Output = Result<(), Status>>>>;

fn create(mut c: Client, request: pb::CreatePersonRequest) -> Call {
    Box::pin(async move { c.create_person(request).await.map(drop) })
}

fn change(mut c: Client, request: pb::UpdatePersonRequest) -> Call {
    Box::pin(async move { c.update_person(request).await.map(drop) })
}

fn read(mut c: Client, raw_name: &str) -> Call {
    let request = pb::GetPersonRequest {
        name: raw_name.to_owned(),
    };
    Box::pin(async move { c.get_person(request).await.map(drop) })
}

fn list(mut c: Client, filter: &str) -> Call {
    let request = pb::ListPeopleRequest {
        filter: filter.to_owned(),
        ..Default::default()
    };
    Box::pin(async move { c.list_people(request).await.map(drop) })
}

#[tokio::test]
async fn every_bad_request_is_refused_with_its_reason_and_changes_nothing() {
    for server in servers().await {
        let mut client = server.people().await;
        seed_people(&server, &mut client).await;
        client
            .update_person(update("P02", &["national_id"], |p| {
                p.national_id = NATIONAL_ID.to_owned();
            }))
            .await
            .unwrap();
        let stale_etag = get(&mut client, "P03").await.etag;
        client
            .update_person(update("P03", &["youth_union"], |p| p.youth_union = true))
            .await
            .unwrap();
        let before = list_all(&mut client, "").await;

        let c = || client.clone();
        let p = |f: fn(&mut pb::Person)| with_person(new_person("X1", "Phạm Văn Mới", "CB01"), f);
        let cases: Vec<(&str, Code, &str, Call)> = vec![
            (
                "unknown cell",
                Code::NotFound,
                "ORG_NOT_FOUND",
                create(c(), new_person("X1", "A B", "NOPE")),
            ),
            (
                "a committee as the cell",
                Code::FailedPrecondition,
                "NOT_A_CELL",
                create(c(), new_person("X1", "A B", "CS01")),
            ),
            (
                "a bloc as the cell",
                Code::FailedPrecondition,
                "NOT_A_CELL",
                create(c(), new_person("X1", "A B", "KHOI")),
            ),
            (
                "duplicate id",
                Code::AlreadyExists,
                "PERSON_ALREADY_EXISTS",
                create(c(), new_person("P01", "A B", "CB01")),
            ),
            (
                "national id taken",
                Code::AlreadyExists,
                "NATIONAL_ID_TAKEN",
                create(c(), p(|p| p.national_id = NATIONAL_ID.to_owned())),
            ),
            (
                "national id of 11 digits",
                Code::InvalidArgument,
                "INVALID_FIELD",
                create(c(), p(|p| p.national_id = "00109601234".to_owned())),
            ),
            (
                "national id with a letter",
                Code::InvalidArgument,
                "INVALID_FIELD",
                create(c(), p(|p| p.national_id = "00109601234X".to_owned())),
            ),
            (
                "religion Không",
                Code::InvalidArgument,
                "INVALID_FIELD",
                create(c(), p(|p| p.religion = Some("Không".to_owned()))),
            ),
            (
                "unknown ethnicity",
                Code::InvalidArgument,
                "INVALID_FIELD",
                create(c(), p(|p| p.ethnicity = "Klingon".to_owned())),
            ),
            (
                "missing ethnicity",
                Code::InvalidArgument,
                "INVALID_FIELD",
                create(c(), p(|p| p.ethnicity = String::new())),
            ),
            (
                "missing name",
                Code::InvalidArgument,
                "INVALID_FIELD",
                create(c(), p(|p| p.full_name = " ".to_owned())),
            ),
            (
                "missing gender",
                Code::InvalidArgument,
                "INVALID_FIELD",
                create(c(), p(|p| p.gender = 0)),
            ),
            (
                "missing education",
                Code::InvalidArgument,
                "INVALID_FIELD",
                create(c(), p(|p| p.education = 0)),
            ),
            (
                "missing birth date",
                Code::InvalidArgument,
                "INVALID_FIELD",
                create(c(), p(|p| p.birth_date = None)),
            ),
            (
                "missing cell",
                Code::InvalidArgument,
                "INVALID_FIELD",
                create(c(), p(|p| p.cell = String::new())),
            ),
            (
                "impossible date",
                Code::InvalidArgument,
                "INVALID_FIELD",
                create(
                    c(),
                    p(|p| {
                        p.birth_date =
                            date("1995-04-12").map(|d| dangvien_proto::google::r#type::Date {
                                day: 31,
                                month: 4,
                                ..d
                            })
                    }),
                ),
            ),
            (
                "future cell_since",
                Code::InvalidArgument,
                "DATE_IN_FUTURE",
                create(c(), p(|p| p.cell_since = date("2026-01-16"))),
            ),
            (
                "future birth date",
                Code::InvalidArgument,
                "DATE_IN_FUTURE",
                create(c(), p(|p| p.birth_date = date("2026-02-01"))),
            ),
            (
                "cell not yet founded",
                Code::FailedPrecondition,
                "ORG_NOT_VALID_ON_DATE",
                create(c(), p(|p| p.cell_since = date("2014-12-31"))),
            ),
            (
                "bad person_id",
                Code::InvalidArgument,
                "INVALID_FIELD",
                create(c(), new_person("X 1", "A B", "CB01")),
            ),
            (
                "no person",
                Code::InvalidArgument,
                "INVALID_FIELD",
                create(
                    c(),
                    pb::CreatePersonRequest {
                        person_id: "X1".into(),
                        person: None,
                        request_id: String::new(),
                    },
                ),
            ),
            (
                "update: unknown person",
                Code::NotFound,
                "PERSON_NOT_FOUND",
                change(
                    c(),
                    update("NOPE", &["full_name"], |p| p.full_name = "A".into()),
                ),
            ),
            (
                "update: national id taken",
                Code::AlreadyExists,
                "NATIONAL_ID_TAKEN",
                change(
                    c(),
                    update("P01", &["national_id"], |p| {
                        p.national_id = NATIONAL_ID.into()
                    }),
                ),
            ),
            (
                "update: stale etag",
                Code::Aborted,
                "ETAG_MISMATCH",
                change(
                    c(),
                    update("P03", &["full_name"], |p| {
                        p.full_name = "A".into();
                        p.etag = stale_etag.clone();
                    }),
                ),
            ),
            (
                "update: output-only path",
                Code::InvalidArgument,
                "INVALID_FIELD",
                change(c(), update("P01", &["member"], |p| p.member = true)),
            ),
            (
                "update: unknown path",
                Code::InvalidArgument,
                "INVALID_FIELD",
                change(c(), update("P01", &["nickname"], |_| {})),
            ),
            (
                "update: nothing set",
                Code::InvalidArgument,
                "INVALID_FIELD",
                change(c(), update("P01", &[], |_| {})),
            ),
            (
                "update: cell_since named without cell",
                Code::InvalidArgument,
                "INVALID_FIELD",
                change(
                    c(),
                    update("P01", &["cell_since"], |p| {
                        p.cell_since = date("2025-01-01")
                    }),
                ),
            ),
            (
                "update: empty masked name",
                Code::InvalidArgument,
                "INVALID_FIELD",
                change(c(), update("P01", &["full_name"], |_| {})),
            ),
            (
                "update: religion Không",
                Code::InvalidArgument,
                "INVALID_FIELD",
                change(
                    c(),
                    update("P01", &[], |p| p.religion = Some("không".into())),
                ),
            ),
            (
                "update: bad name",
                Code::InvalidArgument,
                "INVALID_FIELD",
                change(
                    c(),
                    update("P01", &["full_name"], |p| {
                        p.full_name = "A".into();
                        p.name = "persons/P01".into();
                    }),
                ),
            ),
            (
                "get: unknown",
                Code::NotFound,
                "PERSON_NOT_FOUND",
                read(c(), "people/NOPE"),
            ),
            (
                "get: bad name",
                Code::InvalidArgument,
                "INVALID_FIELD",
                read(c(), "P01"),
            ),
            (
                "list: unknown field",
                Code::InvalidArgument,
                "INVALID_FILTER",
                list(c(), "kind = CELL"),
            ),
            (
                "list: unknown state",
                Code::InvalidArgument,
                "INVALID_FILTER",
                list(c(), "state = MEMBER"),
            ),
            (
                "list: bare code",
                Code::InvalidArgument,
                "INVALID_FILTER",
                list(c(), "org = CB01"),
            ),
            (
                "list: empty name",
                Code::InvalidArgument,
                "INVALID_FILTER",
                list(c(), r#"name = """#),
            ),
            (
                "list: OR",
                Code::InvalidArgument,
                "INVALID_FILTER",
                list(c(), "name = a OR name = b"),
            ),
            (
                "list: unknown org",
                Code::NotFound,
                "ORG_NOT_FOUND",
                list(c(), "org = organizations/NOPE"),
            ),
        ];
        for (what, code, reason, call) in cases {
            let status = call.await.expect_err(what);
            assert_eq!(status.code(), code, "{what}: {status:?}");
            let vi = assert_status(&status, code, reason);
            // The national ID number never comes back in an error.
            let details = status.get_error_details();
            let violations = details
                .bad_request()
                .map(|b| format!("{:?}", b.field_violations))
                .unwrap_or_default();
            for text in [status.message(), vi.as_str(), violations.as_str()] {
                assert!(!text.contains("00109601234"), "{what}: {text}");
            }
        }
        assert_eq!(
            list_all(&mut client, "").await,
            before,
            "{}",
            server.backend()
        );
        server.stop().await.unwrap();
    }
}

/// Creates `requests` all at once; returns how many succeeded and the refusals.
async fn race(c: &Client, requests: Vec<pb::CreatePersonRequest>) -> (usize, Vec<Status>) {
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|request| {
            let mut c = c.clone();
            tokio::spawn(async move { c.create_person(request).await })
        })
        .collect();
    let (mut won, mut lost) = (0, Vec::new());
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => won += 1,
            Err(status) => lost.push(status),
        }
    }
    (won, lost)
}

#[tokio::test]
async fn racing_creates_leave_one_holder_of_an_id_or_a_number() {
    for server in servers().await {
        let c = server.people().await;
        seed_tree(&mut server.orgs().await).await;
        for i in 0..5 {
            let number = format!("0010960100{i:02}");
            let same_number = (0..4)
                .map(|j| {
                    with_person(new_person(&format!("N{i}-{j}"), "A B", "CB01"), |p| {
                        p.national_id = number.clone();
                    })
                })
                .collect();
            let (won, lost) = race(&c, same_number).await;
            assert_eq!(won, 1, "{}", server.backend());
            for status in lost {
                assert_status(&status, Code::AlreadyExists, "NATIONAL_ID_TAKEN");
                assert!(!status.message().contains(&number));
            }
            let same_id = (0..4)
                .map(|_| new_person(&format!("I{i}"), "A B", "CB01"))
                .collect();
            let (won, lost) = race(&c, same_id).await;
            assert_eq!(won, 1, "{}", server.backend());
            for status in lost {
                assert_status(&status, Code::AlreadyExists, "PERSON_ALREADY_EXISTS");
            }
        }
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_national_id_number_never_becomes_a_resource_name() {
    for server in dangvien_tests::servers().await {
        let mut orgs = server.orgs().await;
        crate::support::seed_tree(&mut orgs).await;
        let mut c = server.people().await;
        let request = crate::decisions::person("001196012345", "Lê Thị Hoa", "1996-01-01", "CB01");
        let mut request = request;
        if let Some(p) = request.person.as_mut() {
            p.national_id = "001196012345".into();
        }
        let status = c.create_person(request).await.unwrap_err();
        let message =
            crate::support::assert_status(&status, tonic::Code::InvalidArgument, "INVALID_FIELD");
        assert!(!message.contains("001196012345") && !status.message().contains("001196012345"));
        server.stop().await.unwrap();
    }
}
