//! Merges that must be refused: each gets its code, reason and a clerk's message, and none
//! changes anything a client can read.

use std::{future::Future, pin::Pin};

use dangvien_proto::v1::{
    self as pb, OrganizationKind as K, organization_service_client::OrganizationServiceClient,
};
use dangvien_tests::{TestServer, servers};
use tonic::{Code, Status, transport::Channel};

use crate::{
    orgs_merge::{merging, submit},
    people::{list_all as list_people, new_person, nominate},
    support::{assert_status, date, list_all, name, new_org, seed_tree},
};

type Call = Pin<Box<dyn Future<Output = Result<(), Status>>>>;
type Client = OrganizationServiceClient<Channel>;

fn merge(mut c: Client, request: pb::MergeOrganizationRequest) -> Call {
    Box::pin(async move { c.merge_organization(request).await.map(drop) })
}

/// Organisations of every code on days around the merges attempted, and every person.
async fn snapshot(server: &TestServer) -> (Vec<Vec<pb::Organization>>, Vec<pb::Person>) {
    let mut orgs = server.orgs().await;
    let mut all = Vec::new();
    for day in [
        None,
        Some("2015-01-01"),
        Some("2020-06-01"),
        Some("2025-06-30"),
        Some("2025-07-01"),
        Some("2025-09-01"),
    ] {
        all.push(list_all(&mut orgs, "", day).await);
    }
    let mut by_code = Vec::new();
    for code in ["CB01", "CB02", "CS01", "CS02", "OLD", "ENDS", "LATE"] {
        let org = orgs
            .get_organization(pb::GetOrganizationRequest { name: name(code) })
            .await
            .unwrap()
            .into_inner();
        by_code.push(org);
    }
    all.push(by_code);
    (all, list_people(&mut server.people().await, "").await)
}

#[tokio::test]
async fn every_refused_merge_names_its_reason_and_changes_nothing() {
    for server in servers().await {
        let b = server.backend();
        let mut client = server.orgs().await;
        seed_tree(&mut client).await;
        client
            .create_organization(new_org("CS02", K::GrassrootsCommittee, "KHOI2"))
            .await
            .unwrap();
        for (code, from, to) in [
            ("OLD", "2015-01-01", Some("2020-12-31")),
            ("ENDS", "2015-01-01", Some("2025-12-31")),
            ("LATE", "2025-09-01", None),
        ] {
            let mut request = new_org(code, K::Cell, "CS01");
            if let Some(org) = request.organization.as_mut() {
                org.valid_from = date(from);
                org.valid_to = to.and_then(date);
            }
            client.create_organization(request).await.unwrap();
        }
        // A decision in CB01 (inside CS01) after the merges' date.
        server
            .people()
            .await
            .create_person(new_person("P1", "Người P1", "CB01"))
            .await
            .unwrap();
        submit(&server, ("D1", "P1", "2025-08-01", "CB01"), nominate())
            .await
            .unwrap();
        // An etag that is stale by now.
        let stale = client
            .get_organization(pb::GetOrganizationRequest { name: name("CB02") })
            .await
            .unwrap()
            .into_inner()
            .etag;
        client
            .update_organization(pb::UpdateOrganizationRequest {
                organization: Some(pb::Organization {
                    name: name("CB02"),
                    display_name: "Chi bộ số 2".to_owned(),
                    ..Default::default()
                }),
                ..Default::default()
            })
            .await
            .unwrap();
        let before = snapshot(&server).await;

        let c = || client.clone();
        let m = merging;
        let with = |request: pb::MergeOrganizationRequest,
                    f: fn(&mut pb::MergeOrganizationRequest)| {
            let mut request = request;
            f(&mut request);
            request
        };
        let cases: Vec<(&str, Code, &str, Call)> = vec![
            (
                "survivor of another kind",
                Code::FailedPrecondition,
                "MERGE_TARGET_NOT_ALLOWED",
                merge(c(), m("CB02", "CBCS", "2025-07-01")),
            ),
            (
                "committee into a bloc",
                Code::FailedPrecondition,
                "MERGE_TARGET_NOT_ALLOWED",
                merge(c(), m("CS02", "KHOI", "2025-07-01")),
            ),
            (
                "into itself",
                Code::FailedPrecondition,
                "MERGE_TARGET_NOT_ALLOWED",
                merge(c(), m("CB02", "CB02", "2025-07-01")),
            ),
            (
                "survivor inside the merged organization",
                Code::FailedPrecondition,
                "MERGE_TARGET_NOT_ALLOWED",
                merge(c(), m("CS01", "CB02", "2025-07-01")),
            ),
            (
                "survivor gone by the date",
                Code::FailedPrecondition,
                "MERGE_TARGET_NOT_ALLOWED",
                merge(c(), m("CB02", "OLD", "2025-07-01")),
            ),
            (
                "survivor that ends after the date",
                Code::FailedPrecondition,
                "MERGE_TARGET_NOT_ALLOWED",
                merge(c(), m("CB02", "ENDS", "2025-07-01")),
            ),
            (
                "survivor founded after the date",
                Code::FailedPrecondition,
                "MERGE_TARGET_NOT_ALLOWED",
                merge(c(), m("CB02", "LATE", "2025-07-01")),
            ),
            (
                "merged organization not yet founded",
                Code::FailedPrecondition,
                "ORG_NOT_VALID_ON_DATE",
                merge(c(), m("CB02", "CB01", "2014-12-31")),
            ),
            (
                "merged organization already ended",
                Code::FailedPrecondition,
                "ORG_NOT_VALID_ON_DATE",
                merge(c(), m("OLD", "CB02", "2020-06-01")),
            ),
            (
                "merged organization ending after the date",
                Code::FailedPrecondition,
                "ORG_NOT_VALID_ON_DATE",
                merge(c(), m("ENDS", "CB02", "2025-07-01")),
            ),
            (
                "merged on its founding day",
                Code::FailedPrecondition,
                "DATE_BEFORE_PREVIOUS_STEP",
                merge(c(), m("CB02", "CB01", "2015-01-01")),
            ),
            (
                "decision in the merged cell after the date",
                Code::FailedPrecondition,
                "DATE_BEFORE_PREVIOUS_STEP",
                merge(c(), m("CB01", "CB02", "2025-07-01")),
            ),
            (
                "decision in the merged cell on the date",
                Code::FailedPrecondition,
                "DATE_BEFORE_PREVIOUS_STEP",
                merge(c(), m("CB01", "CB02", "2025-08-01")),
            ),
            (
                "decision in the merged committee's subtree",
                Code::FailedPrecondition,
                "DATE_BEFORE_PREVIOUS_STEP",
                merge(c(), m("CS01", "CS02", "2025-07-01")),
            ),
            (
                "stale etag",
                Code::Aborted,
                "ETAG_MISMATCH",
                merge(
                    c(),
                    pb::MergeOrganizationRequest {
                        etag: stale.clone(),
                        ..m("CB02", "CB01", "2025-07-01")
                    },
                ),
            ),
            (
                "unknown survivor",
                Code::NotFound,
                "ORG_NOT_FOUND",
                merge(c(), m("CB02", "NOPE", "2025-07-01")),
            ),
            (
                "unknown merged organization",
                Code::NotFound,
                "ORG_NOT_FOUND",
                merge(c(), m("NOPE", "CB02", "2025-07-01")),
            ),
            (
                "no survivor",
                Code::InvalidArgument,
                "INVALID_FIELD",
                merge(
                    c(),
                    with(m("CB02", "CB01", "2025-07-01"), |r| r.into.clear()),
                ),
            ),
            (
                "no date",
                Code::InvalidArgument,
                "INVALID_FIELD",
                merge(
                    c(),
                    with(m("CB02", "CB01", "2025-07-01"), |r| r.effective_date = None),
                ),
            ),
            (
                "date in the future",
                Code::InvalidArgument,
                "DATE_IN_FUTURE",
                merge(c(), m("CB02", "CB01", "2026-01-16")),
            ),
            (
                "unknown deciding body",
                Code::NotFound,
                "ORG_NOT_FOUND",
                merge(
                    c(),
                    with(m("CB02", "CB01", "2025-07-01"), |r| {
                        r.deciding_body = name("NOPE")
                    }),
                ),
            ),
            (
                "deciding body gone by the date",
                Code::FailedPrecondition,
                "ORG_NOT_VALID_ON_DATE",
                merge(
                    c(),
                    with(m("CB02", "CB01", "2025-07-01"), |r| {
                        r.deciding_body = name("OLD")
                    }),
                ),
            ),
        ];
        for (label, code, reason, call) in cases {
            let status = call.await.expect_err(label);
            let message = assert_status(&status, code, reason);
            let expected = match label {
                "into itself" => {
                    "Không thể hợp nhất CB02 vào CB02: một tổ chức không hợp nhất được vào chính nó"
                }
                "survivor of another kind" => "chỉ hợp nhất được vào tổ chức cùng loại",
                "survivor inside the merged organization" => "CB02 nằm trong chính CS01",
                "survivor gone by the date" => "OLD không tồn tại vào ngày 2025-07-01",
                "survivor that ends after the date" => "ENDS đã chấm dứt hoạt động",
                "decision in the merged cell after the date" => "D1",
                _ => "",
            };
            assert!(message.contains(expected), "{b}: {label}: {message}");
        }
        assert_eq!(snapshot(&server).await, before, "{b}");
        server.stop().await.unwrap();
    }
}
