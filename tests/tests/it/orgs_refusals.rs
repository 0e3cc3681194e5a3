//! Bad input to the organisation API: each gets the right code, reason and a clerk's message,
//! and none changes stored data.

use std::{future::Future, pin::Pin};

use dangvien_proto::v1::{
    self as pb, OrganizationKind as K, organization_service_client::OrganizationServiceClient,
};
use dangvien_tests::servers;
use prost_types::FieldMask;
use tonic::{Code, Status, transport::Channel};
use tonic_types::StatusExt;

use crate::support::{assert_status, date, list_all, name, new_org, seed_tree};

type Call = Pin<Box<dyn Future<Output = Result<(), Status>>>>;
type Client = OrganizationServiceClient<Channel>;

fn create(mut c: Client, request: pb::CreateOrganizationRequest) -> Call {
    Box::pin(async move { c.create_organization(request).await.map(drop) })
}

fn update(mut c: Client, request: pb::UpdateOrganizationRequest) -> Call {
    Box::pin(async move { c.update_organization(request).await.map(drop) })
}

fn move_org(mut c: Client, request: pb::MoveOrganizationRequest) -> Call {
    Box::pin(async move { c.move_organization(request).await.map(drop) })
}

fn dissolve(mut c: Client, request: pb::DissolveOrganizationRequest) -> Call {
    Box::pin(async move { c.dissolve_organization(request).await.map(drop) })
}

fn get(mut c: Client, raw_name: &str) -> Call {
    let request = pb::GetOrganizationRequest {
        name: raw_name.to_owned(),
    };
    Box::pin(async move { c.get_organization(request).await.map(drop) })
}

fn list(mut c: Client, request: pb::ListOrganizationsRequest) -> Call {
    Box::pin(async move { c.list_organizations(request).await.map(drop) })
}

fn with_org(
    mut request: pb::CreateOrganizationRequest,
    f: impl FnOnce(&mut pb::Organization),
) -> pb::CreateOrganizationRequest {
    if let Some(org) = request.organization.as_mut() {
        f(org);
    }
    request
}

fn moving(code: &str, parent: &str, day: &str) -> pb::MoveOrganizationRequest {
    pb::MoveOrganizationRequest {
        name: name(code),
        new_parent: if parent.is_empty() {
            String::new()
        } else {
            name(parent)
        },
        effective_date: date(day),
        ..Default::default()
    }
}

/// Everything a client can read back, on days around the changes the cases attempt.
async fn snapshot(c: &mut Client) -> Vec<Vec<pb::Organization>> {
    let mut all = Vec::new();
    for day in [
        None,
        Some("2014-12-31"),
        Some("2015-01-01"),
        Some("2025-06-30"),
        Some("2025-07-01"),
    ] {
        all.push(list_all(c, "", day).await);
    }
    all
}

#[tokio::test]
async fn every_bad_request_is_refused_with_its_reason_and_changes_nothing() {
    for server in servers().await {
        let mut client = server.orgs().await;
        seed_tree(&mut client).await;
        // An accepted create whose request_id the reuse case below sends again.
        let mut first = new_org("KHOI3", K::Bloc, "");
        first.request_id = "rid-1".to_owned();
        client.create_organization(first).await.unwrap();
        let token = client
            .list_organizations(pb::ListOrganizationsRequest {
                page_size: 1,
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner()
            .next_page_token;
        let etag_now = client
            .get_organization(pb::GetOrganizationRequest { name: name("CS01") })
            .await
            .unwrap()
            .into_inner()
            .etag;
        client
            .update_organization(pb::UpdateOrganizationRequest {
                organization: Some(pb::Organization {
                    name: name("CS01"),
                    display_name: "Đảng bộ cơ sở số 1".to_owned(),
                    ..Default::default()
                }),
                ..Default::default()
            })
            .await
            .unwrap();
        let before = snapshot(&mut client).await;

        let c = || client.clone();
        let cases: Vec<(&str, Code, &str, Call)> = vec![
            (
                "unknown parent",
                Code::NotFound,
                "ORG_NOT_FOUND",
                create(c(), new_org("X1", K::Cell, "NOPE")),
            ),
            (
                "cell under a bloc",
                Code::FailedPrecondition,
                "PARENT_KIND_NOT_ALLOWED",
                create(c(), new_org("X1", K::Cell, "KHOI")),
            ),
            (
                "grassroots committee as a root",
                Code::FailedPrecondition,
                "PARENT_KIND_NOT_ALLOWED",
                create(c(), new_org("X1", K::GrassrootsCommittee, "")),
            ),
            (
                "province under a bloc",
                Code::FailedPrecondition,
                "PARENT_KIND_NOT_ALLOWED",
                create(c(), new_org("X1", K::Province, "KHOI")),
            ),
            (
                "duplicate code",
                Code::AlreadyExists,
                "ORG_ALREADY_EXISTS",
                create(c(), new_org("CB01", K::Cell, "CS01")),
            ),
            (
                "empty name",
                Code::InvalidArgument,
                "INVALID_FIELD",
                create(
                    c(),
                    with_org(new_org("X1", K::Bloc, ""), |o| {
                        o.display_name = "   ".into()
                    }),
                ),
            ),
            (
                "over-long name",
                Code::InvalidArgument,
                "INVALID_FIELD",
                create(
                    c(),
                    with_org(new_org("X1", K::Bloc, ""), |o| {
                        o.display_name = "Đ".repeat(256)
                    }),
                ),
            ),
            (
                "code with a space",
                Code::InvalidArgument,
                "INVALID_FIELD",
                create(c(), new_org("CB 9", K::Bloc, "")),
            ),
            (
                "missing kind",
                Code::InvalidArgument,
                "INVALID_FIELD",
                create(c(), with_org(new_org("X1", K::Bloc, ""), |o| o.kind = 0)),
            ),
            (
                "missing sector",
                Code::InvalidArgument,
                "INVALID_FIELD",
                create(c(), with_org(new_org("X1", K::Bloc, ""), |o| o.sector = 0)),
            ),
            (
                "impossible date",
                Code::InvalidArgument,
                "INVALID_FIELD",
                create(
                    c(),
                    with_org(new_org("X1", K::Bloc, ""), |o| {
                        o.valid_from = date("2023-02-28")
                            .map(|d| dangvien_proto::google::r#type::Date { day: 30, ..d })
                    }),
                ),
            ),
            (
                "valid_from in the future",
                Code::InvalidArgument,
                "DATE_IN_FUTURE",
                create(
                    c(),
                    with_org(new_org("X1", K::Bloc, ""), |o| {
                        o.valid_from = date("2026-01-16")
                    }),
                ),
            ),
            (
                "child older than its parent",
                Code::FailedPrecondition,
                "ORG_NOT_VALID_ON_DATE",
                create(
                    c(),
                    with_org(new_org("X1", K::Cell, "CS01"), |o| {
                        o.valid_from = date("2014-06-01")
                    }),
                ),
            ),
            (
                "malformed page token",
                Code::InvalidArgument,
                "INVALID_PAGE_TOKEN",
                list(
                    c(),
                    pb::ListOrganizationsRequest {
                        page_token: "not-a-token!".into(),
                        ..Default::default()
                    },
                ),
            ),
            (
                "page token of another query",
                Code::InvalidArgument,
                "INVALID_PAGE_TOKEN",
                list(
                    c(),
                    pb::ListOrganizationsRequest {
                        page_token: token.clone(),
                        filter: "kind = CELL".into(),
                        ..Default::default()
                    },
                ),
            ),
            (
                "unreadable filter",
                Code::InvalidArgument,
                "INVALID_FILTER",
                list(
                    c(),
                    pb::ListOrganizationsRequest {
                        filter: "kind ~ CELL".into(),
                        ..Default::default()
                    },
                ),
            ),
            (
                "negative page size",
                Code::InvalidArgument,
                "INVALID_FIELD",
                list(
                    c(),
                    pb::ListOrganizationsRequest {
                        page_size: -1,
                        ..Default::default()
                    },
                ),
            ),
            (
                "stale etag",
                Code::Aborted,
                "ETAG_MISMATCH",
                update(
                    c(),
                    pb::UpdateOrganizationRequest {
                        organization: Some(pb::Organization {
                            name: name("CS01"),
                            display_name: "Tên mới".into(),
                            etag: etag_now.clone(),
                            ..Default::default()
                        }),
                        ..Default::default()
                    },
                ),
            ),
            (
                "update of the kind",
                Code::InvalidArgument,
                "INVALID_FIELD",
                update(
                    c(),
                    pb::UpdateOrganizationRequest {
                        organization: Some(pb::Organization {
                            name: name("CS01"),
                            kind: K::Bloc.into(),
                            ..Default::default()
                        }),
                        update_mask: Some(FieldMask {
                            paths: vec!["kind".into()],
                        }),
                        ..Default::default()
                    },
                ),
            ),
            (
                "update with nothing to change",
                Code::InvalidArgument,
                "INVALID_FIELD",
                update(
                    c(),
                    pb::UpdateOrganizationRequest {
                        organization: Some(pb::Organization {
                            name: name("CS01"),
                            ..Default::default()
                        }),
                        ..Default::default()
                    },
                ),
            ),
            (
                "request_id reused for another body",
                Code::InvalidArgument,
                "REQUEST_ID_REUSED",
                create(
                    c(),
                    pb::CreateOrganizationRequest {
                        request_id: "rid-1".into(),
                        ..new_org("KHOI4", K::Bloc, "")
                    },
                ),
            ),
            (
                "move under its own cell",
                Code::FailedPrecondition,
                "ORG_CYCLE",
                move_org(c(), moving("CS01", "CB01", "2025-07-01")),
            ),
            (
                "move under itself",
                Code::FailedPrecondition,
                "ORG_CYCLE",
                move_org(c(), moving("CS01", "CS01", "2025-07-01")),
            ),
            (
                "cell moved under a bloc",
                Code::FailedPrecondition,
                "PARENT_KIND_NOT_ALLOWED",
                move_org(c(), moving("CB01", "KHOI", "2025-07-01")),
            ),
            (
                "move to the parent it has",
                Code::InvalidArgument,
                "INVALID_FIELD",
                move_org(c(), moving("CB01", "CS01", "2025-07-01")),
            ),
            (
                "move on the day the org was founded",
                Code::FailedPrecondition,
                "DATE_BEFORE_PREVIOUS_STEP",
                move_org(c(), moving("CS01", "KHOI2", "2015-01-01")),
            ),
            (
                "move before the org existed",
                Code::FailedPrecondition,
                "ORG_NOT_VALID_ON_DATE",
                move_org(c(), moving("CS01", "KHOI2", "2014-12-31")),
            ),
            (
                "move in the future",
                Code::InvalidArgument,
                "DATE_IN_FUTURE",
                move_org(c(), moving("CS01", "KHOI2", "2026-02-01")),
            ),
            (
                "move without a date",
                Code::InvalidArgument,
                "INVALID_FIELD",
                move_org(
                    c(),
                    pb::MoveOrganizationRequest {
                        effective_date: None,
                        ..moving("CS01", "KHOI2", "2025-01-01")
                    },
                ),
            ),
            (
                "move of an unknown org",
                Code::NotFound,
                "ORG_NOT_FOUND",
                move_org(c(), moving("NOPE", "KHOI2", "2025-07-01")),
            ),
            (
                "move by an unknown body",
                Code::NotFound,
                "ORG_NOT_FOUND",
                move_org(
                    c(),
                    pb::MoveOrganizationRequest {
                        deciding_body: name("NOPE"),
                        ..moving("CS01", "KHOI2", "2025-07-01")
                    },
                ),
            ),
            (
                "dissolve with live children",
                Code::FailedPrecondition,
                "ORG_NOT_EMPTY",
                dissolve(
                    c(),
                    pb::DissolveOrganizationRequest {
                        name: name("CS01"),
                        effective_date: date("2025-07-01"),
                        ..Default::default()
                    },
                ),
            ),
            (
                "dissolve on the founding day",
                Code::FailedPrecondition,
                "DATE_BEFORE_PREVIOUS_STEP",
                dissolve(
                    c(),
                    pb::DissolveOrganizationRequest {
                        name: name("CB01"),
                        effective_date: date("2015-01-01"),
                        ..Default::default()
                    },
                ),
            ),
            (
                "get of an unknown org",
                Code::NotFound,
                "ORG_NOT_FOUND",
                get(c(), "organizations/NOPE"),
            ),
            (
                "get by a malformed name",
                Code::InvalidArgument,
                "INVALID_FIELD",
                get(c(), "CB01"),
            ),
        ];
        for (label, code, reason, call) in cases {
            let status = call.await.expect_err(label);
            let message = assert_status(&status, code, reason);
            if code == Code::InvalidArgument && reason == "INVALID_FIELD" {
                assert!(
                    status.get_error_details().bad_request().is_some(),
                    "{label}: no field violations"
                );
            }
            if label == "dissolve with live children" {
                assert!(
                    message.contains("CB01") && message.contains("CB02"),
                    "{message}"
                );
            }
        }
        assert_eq!(snapshot(&mut client).await, before, "{}", server.backend());
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_refused_mutation_is_judged_anew_when_sent_again() {
    for server in servers().await {
        let mut client = server.orgs().await;
        let mut request = new_org("CS9", K::GrassrootsCommittee, "KHOI9");
        request.request_id = "rid-retry".to_owned();
        let status = client
            .create_organization(request.clone())
            .await
            .unwrap_err();
        assert_status(&status, Code::NotFound, "ORG_NOT_FOUND");
        client
            .create_organization(new_org("KHOI9", K::Bloc, ""))
            .await
            .unwrap();
        let created = client
            .create_organization(request)
            .await
            .unwrap()
            .into_inner();
        assert_eq!(created.parent, "organizations/KHOI9");
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_message_says_what_to_fix_in_vietnamese() {
    for server in servers().await {
        let mut client = server.orgs().await;
        seed_tree(&mut client).await;
        let status = client
            .create_organization(new_org("X1", K::Cell, "KHOI"))
            .await
            .unwrap_err();
        let message = assert_status(&status, Code::FailedPrecondition, "PARENT_KIND_NOT_ALLOWED");
        assert_eq!(
            message,
            "Chi bộ trực thuộc phải trực thuộc Đảng bộ cơ sở hoặc Đảng bộ bộ phận, không thể có cấp trên là Đảng bộ khối"
        );
        server.stop().await.unwrap();
    }
}
