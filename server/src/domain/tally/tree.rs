//! The organisation tree over time as loaded for one person's figures: dated parents, kinds and
//! sectors of the organisations they ever sat under.

use std::collections::HashMap;

use chrono::NaiveDate;
use uuid::Uuid;

use super::{Chain, Tree, next_day};
use crate::domain::org::{OrgKind, Sector};

/// The longest chain any tree can have (cell, partial committee, grassroots, bloc, province).
const MAX_DEPTH: usize = 8;

/// One dated parent of an organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParentSpan {
    pub from: NaiveDate,
    /// Inclusive last day; `None` while open.
    pub to: Option<NaiveDate>,
    pub parent: Option<Uuid>,
}

impl ParentSpan {
    /// Whether the span covers `day`.
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.from <= day && self.to.is_none_or(|to| day <= to)
    }
}

/// Dated parents, kinds and sectors of a set of organisations.
#[derive(Clone, Debug, Default)]
pub struct TreeHistory {
    parents: HashMap<Uuid, Vec<ParentSpan>>,
    orgs: HashMap<Uuid, (OrgKind, Sector)>,
}

impl TreeHistory {
    /// Records one dated parent of `org`.
    pub fn add_parent(&mut self, org: Uuid, span: ParentSpan) {
        let spans = self.parents.entry(org).or_default();
        spans.push(span);
        spans.sort_by_key(|s| s.from);
    }

    /// Records the kind and sector of `org`.
    pub fn add_org(&mut self, org: Uuid, kind: OrgKind, sector: Sector) {
        self.orgs.insert(org, (kind, sector));
    }

    /// The parent of `org` on `day`: the span covering it, else the nearest one.
    fn parent_on(&self, org: Uuid, day: NaiveDate) -> Option<Uuid> {
        let spans = self.parents.get(&org)?;
        let covering = spans.iter().find(|s| s.covers(day));
        let nearest = || {
            if spans.first().is_some_and(|s| day < s.from) {
                spans.first()
            } else {
                spans.last()
            }
        };
        covering.or_else(nearest).and_then(|s| s.parent)
    }
}

impl Tree for TreeHistory {
    fn chain(&self, org: Uuid, day: NaiveDate) -> Chain {
        let mut chain = vec![org];
        let mut current = org;
        while let Some(parent) = self.parent_on(current, day) {
            if chain.len() > MAX_DEPTH || chain.contains(&parent) {
                break;
            }
            chain.push(parent);
            current = parent;
        }
        chain
    }

    fn sector(&self, chain: &[Uuid]) -> Sector {
        chain
            .iter()
            .filter_map(|org| self.orgs.get(org))
            .find(|(kind, _)| {
                matches!(kind, OrgKind::GrassrootsCommittee | OrgKind::GrassrootsCell)
            })
            .map_or(Sector::Other, |(_, sector)| *sector)
    }

    fn change_days(&self) -> Vec<NaiveDate> {
        self.parents
            .values()
            .flatten()
            .flat_map(|s| [Some(s.from), s.to.map(next_day)])
            .flatten()
            .collect()
    }
}
