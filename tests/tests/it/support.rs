//! Helpers shared by the end-to-end tests: building requests and checking refusals.

use chrono::{Datelike, NaiveDate};
use dangvien_proto::{
    google::r#type::Date,
    v1::{self as pb, organization_service_client::OrganizationServiceClient},
};
use tonic::{Code, Status, transport::Channel};
use tonic_types::StatusExt;

/// A date for a request.
pub(crate) fn date(s: &str) -> Option<Date> {
    let d = NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    Some(Date {
        year: d.year(),
        month: d.month() as i32,
        day: d.day() as i32,
    })
}

/// `organizations/{code}`.
pub(crate) fn name(code: &str) -> String {
    format!("organizations/{code}")
}

/// A create request for `code` of `kind` under `parent` (empty: a root), valid from 2015.
pub(crate) fn new_org(
    code: &str,
    kind: pb::OrganizationKind,
    parent: &str,
) -> pb::CreateOrganizationRequest {
    pb::CreateOrganizationRequest {
        organization_id: code.to_owned(),
        organization: Some(pb::Organization {
            display_name: format!("Tổ chức {code}"),
            kind: kind.into(),
            parent: if parent.is_empty() {
                String::new()
            } else {
                name(parent)
            },
            sector: pb::Sector::StateAgency.into(),
            valid_from: date("2015-01-01"),
            ..Default::default()
        }),
        request_id: String::new(),
    }
}

/// Creates the tree most tests start from:
/// KHOI (bloc) ⊃ CS01 (grassroots committee) ⊃ {CB01, CB02 (cells)}, KHOI ⊃ CBCS (grassroots
/// cell), and a second bloc KHOI2.
pub(crate) async fn seed_tree(client: &mut OrganizationServiceClient<Channel>) {
    use pb::OrganizationKind as K;
    for (code, kind, parent) in [
        ("KHOI", K::Bloc, ""),
        ("KHOI2", K::Bloc, ""),
        ("CS01", K::GrassrootsCommittee, "KHOI"),
        ("CB01", K::Cell, "CS01"),
        ("CB02", K::Cell, "CS01"),
        ("CBCS", K::GrassrootsCell, "KHOI"),
    ] {
        client
            .create_organization(new_org(code, kind, parent))
            .await
            .unwrap_or_else(|s| panic!("creating {code}: {s:?}"));
    }
}

/// Every organisation valid on `as_of` (default today), all pages.
pub(crate) async fn list_all(
    client: &mut OrganizationServiceClient<Channel>,
    filter: &str,
    as_of: Option<&str>,
) -> Vec<pb::Organization> {
    let mut all = Vec::new();
    let mut page_token = String::new();
    loop {
        let page = client
            .list_organizations(pb::ListOrganizationsRequest {
                page_size: 2,
                page_token: page_token.clone(),
                filter: filter.to_owned(),
                as_of: as_of.and_then(date),
            })
            .await
            .unwrap_or_else(|s| panic!("listing: {s:?}"))
            .into_inner();
        all.extend(page.organizations);
        if page.next_page_token.is_empty() {
            return all;
        }
        page_token = page.next_page_token;
    }
}

/// Codes of the organisations, in order.
pub(crate) fn codes(orgs: &[pb::Organization]) -> Vec<&str> {
    orgs.iter().map(|o| o.code.as_str()).collect()
}

/// Asserts the status has `code`, ErrorInfo `reason` in domain `dangvien.v1`, and a Vietnamese
/// message for the clerk; returns that message.
#[track_caller]
pub(crate) fn assert_status(status: &Status, code: Code, reason: &str) -> String {
    assert_eq!(status.code(), code, "{status:?}");
    let details = status.get_error_details();
    let info = details
        .error_info()
        .unwrap_or_else(|| panic!("no ErrorInfo: {status:?}"));
    assert_eq!(info.reason, reason, "{status:?}");
    assert_eq!(info.domain, "dangvien.v1");
    let localized = details
        .localized_message()
        .unwrap_or_else(|| panic!("no LocalizedMessage: {status:?}"));
    assert_eq!(localized.locale, "vi-VN");
    assert!(!localized.message.is_empty());
    localized.message.clone()
}
