//! What commands show: serialisable views of organisations and of the tree, built from wire messages;
//! `person`, `member`, `decision`, `details`, `overdue`, `target`, `year`, `funnel` and `sync` hold the
//! views of persons, members, decisions and cases, the kinds' own fields, the overdue list,
//! admissions targets, the year report, the admission funnel and the sync import's summary and
//! refused lines; `audit` the audit log's entries and its verification; `tokens` the principals of
//! the tokens file.
//!
//! The field names here are the JSON keys and CSV headers: a stable interface for scripts.

mod admin;
mod audit;
mod decision;
mod details;
mod funnel;
mod member;
mod overdue;
mod person;
mod sync;
mod target;
mod tokens;
mod year;

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use dangvien_proto::{google::r#type::Date, v1 as pb};
use serde::Serialize;

pub(crate) use self::{
    admin::VerificationView,
    audit::{AuditEntryView, AuditVerificationView},
    decision::{CaseView, DeadlineView, DecisionView, SubmitView},
    details::DetailsView,
    funnel::FunnelView,
    member::{MemberRow, MemberView},
    overdue::OverdueView,
    person::{PersonRow, PersonView},
    sync::{ImportSummaryView, RejectView},
    target::TargetView,
    tokens::PrincipalView,
    year::{Figure, Group, Line, Row, Section, Trait, YearReportView, basis_points},
};
use crate::vocab::{Kind, Sector};

/// The collection prefix of organisation resource names.
pub(crate) const ORGS: &str = "organizations/";

/// The collection prefix of person resource names.
const PEOPLE: &str = "people/";

/// The collection prefix of decision resource names.
const DECISIONS: &str = "decisions/";

/// One organisation, as `show`, `list` and every mutation print it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct OrgView {
    /// The code (`KHOI`), not the resource name.
    pub(crate) code: String,
    /// The Vietnamese name (the wire's `display_name`).
    pub(crate) name: String,
    /// `null` when the server sent a kind this build does not know.
    pub(crate) kind: Option<Kind>,
    /// `null` when the server sent a sector this build does not know.
    pub(crate) sector: Option<Sector>,
    /// The parent's code; `null` for a root.
    pub(crate) parent: Option<String>,
    pub(crate) valid_from: Option<NaiveDate>,
    /// `null` while the organisation is live.
    pub(crate) valid_to: Option<NaiveDate>,
    pub(crate) etag: String,
}

impl From<pb::Organization> for OrgView {
    fn from(org: pb::Organization) -> Self {
        let pb::Organization {
            name,
            code,
            display_name,
            kind,
            parent,
            sector,
            valid_from,
            valid_to,
            etag,
        } = org;
        // `code` is output only and always set by this server; the name says the same.
        let code = if code.is_empty() {
            code_of(&name).to_owned()
        } else {
            code
        };
        Self {
            code,
            name: display_name,
            kind: Kind::from_wire(kind),
            sector: Sector::from_wire(sector),
            parent: (!parent.is_empty()).then(|| code_of(&parent).to_owned()),
            valid_from: valid_from.and_then(date_from_wire),
            valid_to: valid_to.and_then(date_from_wire),
            etag,
        }
    }
}

/// One organisation in `org tree`, with its children sorted by code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct TreeNode {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) kind: Option<Kind>,
    pub(crate) sector: Option<Sector>,
    pub(crate) valid_from: Option<NaiveDate>,
    pub(crate) valid_to: Option<NaiveDate>,
    pub(crate) children: Vec<TreeNode>,
}

/// Arranges the organisations of one day as a forest, roots and children sorted by code.
///
/// With `root`, only that organisation's subtree; `None` when it is not among `orgs`. An
/// organisation whose parent is not among `orgs` is shown as a root rather than dropped.
pub(crate) fn build_tree(orgs: Vec<OrgView>, root: Option<&str>) -> Option<Vec<TreeNode>> {
    let codes: HashSet<String> = orgs.iter().map(|o| o.code.clone()).collect();
    // Keyed by parent code (`None`: a root); BTreeMap keeps each sibling list sorted by code.
    let mut by_parent: BTreeMap<Option<String>, BTreeMap<String, OrgView>> = BTreeMap::new();
    for org in orgs {
        let parent = org.parent.clone().filter(|p| codes.contains(p));
        by_parent
            .entry(parent)
            .or_default()
            .insert(org.code.clone(), org);
    }
    match root {
        None => {
            let roots = by_parent.remove(&None).unwrap_or_default();
            Some(nodes(roots, &mut by_parent))
        }
        Some(code) => {
            let org = by_parent
                .values_mut()
                .find_map(|siblings| siblings.remove(code))?;
            Some(vec![node(org, &mut by_parent)])
        }
    }
}

type Children = BTreeMap<Option<String>, BTreeMap<String, OrgView>>;

fn nodes(siblings: BTreeMap<String, OrgView>, by_parent: &mut Children) -> Vec<TreeNode> {
    siblings
        .into_values()
        .map(|org| node(org, by_parent))
        .collect()
}

fn node(org: OrgView, by_parent: &mut Children) -> TreeNode {
    // Removing as we go means every organisation is placed at most once.
    let children = by_parent
        .remove(&Some(org.code.clone()))
        .unwrap_or_default();
    let OrgView {
        code,
        name,
        kind,
        sector,
        parent: _,
        valid_from,
        valid_to,
        etag: _,
    } = org;
    TreeNode {
        code,
        name,
        kind,
        sector,
        valid_from,
        valid_to,
        children: nodes(children, by_parent),
    }
}

/// The resource name of a code the user typed; a full `organizations/…` name is taken as is.
pub(crate) fn org_name(code: &str) -> String {
    resource_name(ORGS, code)
}

/// The code in a resource name.
pub(crate) fn code_of(name: &str) -> &str {
    name.strip_prefix(ORGS).unwrap_or(name)
}

/// The resource name of a person's external id; a full `people/…` name is taken as is.
pub(crate) fn person_name(id: &str) -> String {
    resource_name(PEOPLE, id)
}

/// The external id in a person's resource name.
pub(crate) fn person_id_of(name: &str) -> &str {
    name.strip_prefix(PEOPLE).unwrap_or(name)
}

/// The resource name of a decision's external id; a full `decisions/…` name is taken as is.
pub(crate) fn decision_name(id: &str) -> String {
    resource_name(DECISIONS, id)
}

/// The external id in a decision's resource name.
pub(crate) fn decision_id_of(name: &str) -> &str {
    name.strip_prefix(DECISIONS).unwrap_or(name)
}

/// `{collection}{id}`, unless the user already typed the whole name.
fn resource_name(collection: &str, id: &str) -> String {
    if id.starts_with(collection) {
        id.to_owned()
    } else {
        format!("{collection}{id}")
    }
}

/// Empty text (the wire's "unset") as `None`, so that JSON says `null`.
fn non_empty(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
}

/// A wire date; `None` for one that is not a calendar date.
fn date_from_wire(date: Date) -> Option<NaiveDate> {
    let Date { year, month, day } = date;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// A date for the wire.
pub(crate) fn date_to_wire(date: NaiveDate) -> Date {
    use chrono::Datelike as _;
    Date {
        year: date.year(),
        // Months and days are at most 31.
        month: date.month().cast_signed(),
        day: date.day().cast_signed(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organizations_arrive_as_views() {
        let view = OrgView::from(pb::Organization {
            name: "organizations/CB01".into(),
            code: String::new(),
            display_name: "Chi bộ 1".into(),
            kind: pb::OrganizationKind::Cell as i32,
            parent: "organizations/CS01".into(),
            sector: pb::Sector::Other as i32,
            valid_from: Some(Date {
                year: 2020,
                month: 1,
                day: 31,
            }),
            valid_to: None,
            etag: "\"1\"".into(),
        });
        assert_eq!(view.code, "CB01");
        assert_eq!(view.parent.as_deref(), Some("CS01"));
        assert_eq!(view.kind, Some(Kind::Cell));
        assert_eq!(view.valid_from, NaiveDate::from_ymd_opt(2020, 1, 31));
        assert_eq!(
            serde_json::to_value(&view).unwrap(),
            serde_json::json!({
                "code": "CB01", "name": "Chi bộ 1", "kind": "cell", "sector": "other",
                "parent": "CS01", "valid_from": "2020-01-31", "valid_to": null, "etag": "\"1\""
            })
        );
    }

    #[test]
    fn dates_round_trip() {
        let day = NaiveDate::from_ymd_opt(2024, 2, 29).unwrap();
        assert_eq!(date_from_wire(date_to_wire(day)), Some(day));
        assert_eq!(
            date_from_wire(Date {
                year: 2023,
                month: 2,
                day: 29
            }),
            None
        );
    }

    #[test]
    fn names_are_built_from_codes() {
        assert_eq!(org_name("KHOI"), "organizations/KHOI");
        assert_eq!(org_name("organizations/KHOI"), "organizations/KHOI");
        assert_eq!(person_name("P1"), "people/P1");
        assert_eq!(person_name("people/P1"), "people/P1");
        assert_eq!(person_id_of("people/P1"), "P1");
        assert_eq!(decision_name("D1"), "decisions/D1");
        assert_eq!(decision_id_of("decisions/D1"), "D1");
    }
}
