//! The member API end to end: registering members from earlier records, their status on any
//! day, and every refusal, each of which leaves the stored data as it was.

use dangvien_proto::v1::{self as pb, member_service_client::MemberServiceClient};
use dangvien_tests::{TestServer, servers};
use tonic::{Code, transport::Channel};

use crate::{
    people::{decide, get, new_person, nominate, person_name},
    support::{assert_status, date, seed_tree},
};

type Client = MemberServiceClient<Channel>;

/// An official member since 2016, registered as existing.
fn official(person: &str) -> pb::RegisterMemberRequest {
    pb::RegisterMemberRequest {
        person: person_name(person),
        admission_date: date("2016-03-01"),
        ceremony_date: date("2016-03-20"),
        official_date: date("2017-03-20"),
        status: pb::MemberStatus::Official.into(),
        origin: pb::MemberOrigin::Existing.into(),
        since: None,
        request_id: String::new(),
    }
}

fn with(
    mut request: pb::RegisterMemberRequest,
    f: impl FnOnce(&mut pb::RegisterMemberRequest),
) -> pb::RegisterMemberRequest {
    f(&mut request);
    request
}

async fn member_on(c: &mut Client, person: &str, day: Option<&str>) -> pb::Member {
    c.get_member(pb::GetMemberRequest {
        name: format!("people/{person}/member"),
        as_of: day.and_then(date),
    })
    .await
    .unwrap_or_else(|s| panic!("{person} on {day:?}: {s:?}"))
    .into_inner()
}

async fn status_on(c: &mut Client, person: &str, day: &str) -> pb::MemberStatus {
    member_on(c, person, Some(day)).await.status()
}

/// P1, P2, P3 in CB01 and P4 in CBCS, none a member.
async fn seed(server: &TestServer) {
    seed_tree(&mut server.orgs().await).await;
    let mut people = server.people().await;
    for (id, cell) in [
        ("P1", "CB01"),
        ("P2", "CB01"),
        ("P3", "CB01"),
        ("P4", "CBCS"),
    ] {
        people
            .create_person(new_person(id, &format!("Người {id}"), cell))
            .await
            .unwrap_or_else(|s| panic!("creating {id}: {s:?}"));
    }
}

#[tokio::test]
async fn registers_members_and_gives_the_status_on_any_day() {
    for server in servers().await {
        seed(&server).await;
        let mut c = server.members().await;
        let mut people = server.people().await;
        let b = server.backend();
        let person_before = get(&mut people, "P1").await;

        // An existing official member.
        let mut request = official("P1");
        request.request_id = "register-p1".to_owned();
        let registered = c
            .register_member(request.clone())
            .await
            .unwrap()
            .into_inner();
        assert_eq!(registered.name, "people/P1/member");
        assert_eq!(registered.person, "people/P1");
        assert_eq!(registered.admission_date, date("2016-03-01"));
        assert_eq!(registered.ceremony_date, date("2016-03-20"));
        assert_eq!(registered.official_date, date("2017-03-20"));
        assert_eq!(registered.origin(), pb::MemberOrigin::Existing);
        assert_eq!(registered.since, date("2016-03-01"));
        assert_eq!(registered.status(), pb::MemberStatus::Official);
        assert_eq!(registered.as_of, date("2026-01-15"));
        assert_eq!(registered.cell, "organizations/CB01");
        assert_eq!(member_on(&mut c, "P1", None).await, registered, "{b}");
        // A replay returns the first answer and registers nothing twice.
        assert_eq!(
            c.register_member(request).await.unwrap().into_inner(),
            registered
        );

        // Before, at and after the official date.
        for (day, status) in [
            ("2016-02-29", pb::MemberStatus::NotAMember),
            ("2016-03-01", pb::MemberStatus::Probationary),
            ("2017-03-19", pb::MemberStatus::Probationary),
            ("2017-03-20", pb::MemberStatus::Official),
            ("2030-01-01", pb::MemberStatus::Official),
        ] {
            assert_eq!(status_on(&mut c, "P1", day).await, status, "{b} on {day}");
        }
        // The person record shows the membership, under a new etag.
        let person_after = get(&mut people, "P1").await;
        assert!(person_after.member);
        assert_ne!(person_after.etag, person_before.etag);

        // A probationary member: official_date is the ceremony + 12 months, and they stay
        // probationary after it until recognised.
        let probationary = c
            .register_member(pb::RegisterMemberRequest {
                person: person_name("P2"),
                admission_date: date("2025-05-19"),
                ceremony_date: date("2025-06-01"),
                official_date: None,
                status: pb::MemberStatus::Probationary.into(),
                origin: pb::MemberOrigin::Existing.into(),
                since: date("2025-05-19"),
                request_id: String::new(),
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(probationary.official_date, date("2026-06-01"));
        assert_eq!(probationary.status(), pb::MemberStatus::Probationary);
        assert_eq!(
            status_on(&mut c, "P2", "2026-06-01").await,
            pb::MemberStatus::Probationary
        );

        // A member who came from outside: counted from the day of arrival.
        let arrived = c
            .register_member(with(official("P4"), |r| {
                r.origin = pb::MemberOrigin::TransferIn.into();
                r.since = date("2024-07-01");
            }))
            .await
            .unwrap()
            .into_inner();
        assert_eq!(arrived.origin(), pb::MemberOrigin::TransferIn);
        assert_eq!(arrived.since, date("2024-07-01"));
        assert_eq!(arrived.cell, "organizations/CBCS");
        assert_eq!(
            status_on(&mut c, "P4", "2024-06-30").await,
            pb::MemberStatus::NotAMember
        );
        assert_eq!(
            status_on(&mut c, "P4", "2024-07-01").await,
            pb::MemberStatus::Official
        );
        // No cell before the person was recorded in one.
        assert_eq!(member_on(&mut c, "P4", Some("2014-12-31")).await.cell, "");
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn every_bad_registration_is_refused_with_its_reason_and_changes_nothing() {
    for server in servers().await {
        seed(&server).await;
        let mut c = server.members().await;
        let mut people = server.people().await;
        c.register_member(official("P1")).await.unwrap();
        // P3 has an open case.
        decide(&server, ("D1", "P3", "2025-03-01", "CB01"), nominate()).await;
        let mut before = Vec::new();
        for id in ["P1", "P2", "P3", "P4"] {
            before.push(get(&mut people, id).await);
        }

        let cases: Vec<(&str, Code, &str, pb::RegisterMemberRequest)> = vec![
            (
                "unknown person",
                Code::NotFound,
                "PERSON_NOT_FOUND",
                official("NOPE"),
            ),
            (
                "already a member",
                Code::AlreadyExists,
                "MEMBER_ALREADY_EXISTS",
                official("P1"),
            ),
            (
                "open case",
                Code::FailedPrecondition,
                "ILLEGAL_TRANSITION",
                official("P3"),
            ),
            (
                "official date not ceremony + 12 months",
                Code::InvalidArgument,
                "INVALID_FIELD",
                with(official("P2"), |r| r.official_date = date("2017-03-21")),
            ),
            (
                "official without an official date",
                Code::InvalidArgument,
                "INVALID_FIELD",
                with(official("P2"), |r| {
                    r.ceremony_date = None;
                    r.official_date = None;
                }),
            ),
            (
                "probationary without a ceremony",
                Code::InvalidArgument,
                "INVALID_FIELD",
                with(official("P2"), |r| {
                    r.status = pb::MemberStatus::Probationary.into();
                    r.ceremony_date = None;
                }),
            ),
            (
                "ceremony before admission",
                Code::InvalidArgument,
                "INVALID_FIELD",
                with(official("P2"), |r| {
                    r.ceremony_date = date("2016-02-01");
                    r.official_date = date("2017-02-01");
                }),
            ),
            (
                "transfer in without since",
                Code::InvalidArgument,
                "INVALID_FIELD",
                with(official("P2"), |r| {
                    r.origin = pb::MemberOrigin::TransferIn.into()
                }),
            ),
            (
                "existing with another since",
                Code::InvalidArgument,
                "INVALID_FIELD",
                with(official("P2"), |r| r.since = date("2020-01-01")),
            ),
            (
                "origin ADMITTED",
                Code::InvalidArgument,
                "INVALID_FIELD",
                with(official("P2"), |r| {
                    r.origin = pb::MemberOrigin::Admitted.into()
                }),
            ),
            (
                "no origin",
                Code::InvalidArgument,
                "INVALID_FIELD",
                with(official("P2"), |r| r.origin = 0),
            ),
            (
                "status NOT_A_MEMBER",
                Code::InvalidArgument,
                "INVALID_FIELD",
                with(official("P2"), |r| {
                    r.status = pb::MemberStatus::NotAMember.into();
                }),
            ),
            (
                "no admission date",
                Code::InvalidArgument,
                "INVALID_FIELD",
                with(official("P2"), |r| r.admission_date = None),
            ),
            (
                "bad person name",
                Code::InvalidArgument,
                "INVALID_FIELD",
                with(official("P2"), |r| r.person = "P2".into()),
            ),
            (
                "admission in the future",
                Code::InvalidArgument,
                "DATE_IN_FUTURE",
                with(official("P2"), |r| {
                    r.admission_date = date("2026-01-16");
                    r.ceremony_date = date("2026-01-20");
                    r.official_date = date("2027-01-20");
                }),
            ),
            (
                "official from a future date",
                Code::InvalidArgument,
                "DATE_IN_FUTURE",
                with(official("P2"), |r| {
                    r.admission_date = date("2025-03-01");
                    r.ceremony_date = date("2025-03-20");
                    r.official_date = date("2026-03-20");
                }),
            ),
        ];
        for (what, code, reason, request) in cases {
            let status = c.register_member(request).await.expect_err(what);
            assert_eq!(status.code(), code, "{what}: {status:?}");
            assert_status(&status, code, reason);
        }

        for (what, code, reason, raw_name) in [
            (
                "not a member",
                Code::NotFound,
                "MEMBER_NOT_FOUND",
                "people/P2/member",
            ),
            (
                "unknown person",
                Code::NotFound,
                "PERSON_NOT_FOUND",
                "people/NOPE/member",
            ),
            (
                "bad name",
                Code::InvalidArgument,
                "INVALID_FIELD",
                "people/P1",
            ),
        ] {
            let status = c
                .get_member(pb::GetMemberRequest {
                    name: raw_name.to_owned(),
                    as_of: None,
                })
                .await
                .expect_err(what);
            assert_status(&status, code, reason);
        }

        for (i, id) in ["P1", "P2", "P3", "P4"].into_iter().enumerate() {
            assert_eq!(
                get(&mut people, id).await,
                before[i],
                "{}",
                server.backend()
            );
        }
        for id in ["P2", "P3", "P4"] {
            let status = c
                .get_member(pb::GetMemberRequest {
                    name: format!("people/{id}/member"),
                    as_of: None,
                })
                .await
                .unwrap_err();
            assert_eq!(status.code(), Code::NotFound, "{id}");
        }
        server.stop().await.unwrap();
    }
}
