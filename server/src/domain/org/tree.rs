//! The whole organisation tree over time, as a server holds it in memory: every organisation's
//! kind, sector and validity, and its dated parents, tagged with the stored tree's version.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use uuid::Uuid;

use super::{OrgKind, Sector};
use crate::domain::report::OrgCounts;
use crate::domain::tally::{ParentSpan, TreeHistory};

/// The deepest chain walked before the tree is called corrupt (a real one has at most 5 levels).
const MAX_DEPTH: usize = 32;

/// What the tree holds about one organisation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OrgNode {
    pub kind: OrgKind,
    pub sector: Sector,
    pub valid_from: NaiveDate,
    /// Inclusive last day; `None` while it exists.
    pub valid_to: Option<NaiveDate>,
}

impl OrgNode {
    /// Whether the organisation exists on `day`.
    pub fn valid_on(&self, day: NaiveDate) -> bool {
        super::exists_on(self.valid_from, self.valid_to, day)
    }
}

/// A chain of parents that loops or never ends: the stored tree is corrupt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cycle(pub Uuid);

/// Every organisation and every dated parent, as of one version of the stored tree.
#[derive(Clone, Debug, Default)]
pub struct OrgTree {
    version: i64,
    orgs: HashMap<Uuid, OrgNode>,
    /// Each organisation's parent intervals, oldest first.
    parents: HashMap<Uuid, Vec<ParentSpan>>,
    /// Every organisation that was ever under each one, for walking a subtree down.
    children: HashMap<Uuid, Vec<Uuid>>,
}

impl OrgTree {
    /// An empty tree of `version`, to be filled with [`Self::add_org`] and [`Self::add_parent`].
    pub fn new(version: i64) -> Self {
        Self {
            version,
            ..Self::default()
        }
    }

    /// The stored tree's version this copy was read at.
    pub fn version(&self) -> i64 {
        self.version
    }

    /// Records an organisation.
    pub fn add_org(&mut self, id: Uuid, node: OrgNode) {
        self.orgs.insert(id, node);
    }

    /// Records one dated parent of `org`.
    pub fn add_parent(&mut self, org: Uuid, span: ParentSpan) {
        if let Some(parent) = span.parent {
            let children = self.children.entry(parent).or_default();
            if !children.contains(&org) {
                children.push(org);
            }
        }
        let spans = self.parents.entry(org).or_default();
        spans.push(span);
        spans.sort_by_key(|s| s.from);
    }

    /// The organisation `id`, if there is one.
    pub fn get(&self, id: Uuid) -> Option<&OrgNode> {
        self.orgs.get(&id)
    }

    /// The parent of `org` by the interval covering `day`; `None` for a root that day, or for
    /// a day no interval covers.
    fn parent_on(&self, org: Uuid, day: NaiveDate) -> Option<Uuid> {
        self.parents
            .get(&org)?
            .iter()
            .find(|s| s.covers(day))
            .and_then(|s| s.parent)
    }

    /// `org` and its ancestors on `day`, nearest first.
    pub fn lineage_on(&self, org: Uuid, day: NaiveDate) -> Result<Vec<Uuid>, Cycle> {
        let mut chain = vec![org];
        let mut current = org;
        while let Some(parent) = self.parent_on(current, day) {
            if chain.len() > MAX_DEPTH || chain.contains(&parent) {
                return Err(Cycle(org));
            }
            chain.push(parent);
            current = parent;
        }
        Ok(chain)
    }

    /// `root` and every organisation under it on `day`.
    pub fn subtree_on(&self, root: Uuid, day: NaiveDate) -> Result<Vec<Uuid>, Cycle> {
        let mut all = vec![root];
        let mut seen = HashSet::from([root]);
        let mut at = 0;
        while let Some(&org) = all.get(at) {
            at += 1;
            for &child in self.children.get(&org).into_iter().flatten() {
                if self.parent_on(child, day) != Some(org) {
                    continue;
                }
                if !seen.insert(child) {
                    return Err(Cycle(root));
                }
                all.push(child);
            }
        }
        Ok(all)
    }

    /// The organisations of each kind that exist on `day`: in `root`'s subtree on that day, or
    /// everywhere without one (DESIGN §5).
    pub fn counts_on(&self, root: Option<Uuid>, day: NaiveDate) -> Result<OrgCounts, Cycle> {
        let mut counts = OrgCounts::default();
        let mut count = |node: &OrgNode| {
            if node.valid_on(day) {
                counts.add(node.kind);
            }
        };
        match root {
            None => self.orgs.values().for_each(&mut count),
            Some(root) => {
                for org in self.subtree_on(root, day)? {
                    if let Some(node) = self.orgs.get(&org) {
                        count(node);
                    }
                }
            }
        }
        Ok(counts)
    }

    /// The grassroots organisation `cell` belongs to on `day` (itself for a grassroots cell).
    pub fn grassroots_on(&self, cell: Uuid, day: NaiveDate) -> Result<Option<Uuid>, Cycle> {
        Ok(self.lineage_on(cell, day)?.into_iter().find(|id| {
            self.get(*id).is_some_and(|node| {
                matches!(
                    node.kind,
                    OrgKind::GrassrootsCommittee | OrgKind::GrassrootsCell
                )
            })
        }))
    }

    /// The dated parents, kinds and sectors of `orgs` and of everything ever above them: what one
    /// person's figures are computed against.
    pub fn history_of(&self, orgs: impl IntoIterator<Item = Uuid>) -> TreeHistory {
        let mut history = TreeHistory::default();
        let mut seen = HashSet::new();
        let mut todo: Vec<Uuid> = orgs.into_iter().collect();
        while let Some(org) = todo.pop() {
            if !seen.insert(org) {
                continue;
            }
            if let Some(node) = self.orgs.get(&org) {
                history.add_org(org, node.kind, node.sector);
            }
            for span in self.parents.get(&org).into_iter().flatten() {
                history.add_parent(org, *span);
                todo.extend(span.parent);
            }
        }
        history
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn id(n: u128) -> Uuid {
        Uuid::from_u128(n)
    }

    fn node(kind: OrgKind) -> OrgNode {
        OrgNode {
            kind,
            sector: Sector::Other,
            valid_from: day("2015-01-01"),
            valid_to: None,
        }
    }

    /// Bloc 1 ← grassroots 2 ← cell 3; cell 3 moves under grassroots 4 on 2020-01-01.
    fn tree() -> OrgTree {
        tree_with_root_until(None)
    }

    /// [`tree`], with bloc 1 a root only until `root_until`.
    fn tree_with_root_until(root_until: Option<&str>) -> OrgTree {
        let mut t = OrgTree::new(7);
        t.add_org(id(1), node(OrgKind::Bloc));
        t.add_org(id(2), node(OrgKind::GrassrootsCommittee));
        t.add_org(id(3), node(OrgKind::Cell));
        t.add_org(id(4), node(OrgKind::GrassrootsCommittee));
        let span = |from: &str, to: Option<&str>, parent: Option<u128>| ParentSpan {
            from: day(from),
            to: to.map(day),
            parent: parent.map(id),
        };
        t.add_parent(id(1), span("2015-01-01", root_until, None));
        t.add_parent(id(2), span("2015-01-01", None, Some(1)));
        t.add_parent(id(4), span("2015-01-01", None, Some(1)));
        t.add_parent(id(3), span("2020-01-01", None, Some(4)));
        t.add_parent(id(3), span("2015-01-01", Some("2019-12-31"), Some(2)));
        t
    }

    #[test]
    fn lineage_follows_the_interval_of_the_day() {
        let t = tree();
        assert_eq!(t.version(), 7);
        assert_eq!(
            t.lineage_on(id(3), day("2019-12-31")),
            Ok(vec![id(3), id(2), id(1)])
        );
        assert_eq!(
            t.lineage_on(id(3), day("2020-01-01")),
            Ok(vec![id(3), id(4), id(1)])
        );
        // No interval covers a day before the organisation: it is alone, as in the database.
        assert_eq!(t.lineage_on(id(3), day("2014-01-01")), Ok(vec![id(3)]));
        assert_eq!(t.grassroots_on(id(3), day("2020-06-01")), Ok(Some(id(4))));
        assert_eq!(t.grassroots_on(id(1), day("2020-06-01")), Ok(None));
    }

    #[test]
    fn a_loop_is_corrupt_not_endless() {
        let mut t = tree_with_root_until(Some("2020-12-31"));
        t.add_parent(
            id(1),
            ParentSpan {
                from: day("2021-01-01"),
                to: None,
                parent: Some(id(3)),
            },
        );
        assert_eq!(t.lineage_on(id(3), day("2021-06-01")), Err(Cycle(id(3))));
    }

    #[test]
    fn a_persons_history_holds_everything_ever_above_their_orgs() {
        use crate::domain::tally::Tree as _;
        let history = tree().history_of([id(3)]);
        assert_eq!(
            history.chain(id(3), day("2019-06-01")),
            vec![id(3), id(2), id(1)]
        );
        assert_eq!(
            history.chain(id(3), day("2020-06-01")),
            vec![id(3), id(4), id(1)]
        );
        // Only the days its own lineage changed on.
        let mut days = history.change_days();
        days.sort_unstable();
        days.dedup();
        assert_eq!(days, vec![day("2015-01-01"), day("2020-01-01")]);
    }

    #[test]
    fn a_subtree_and_its_counts_follow_the_day() {
        let t = tree();
        assert_eq!(
            t.subtree_on(id(2), day("2019-06-01")),
            Ok(vec![id(2), id(3)])
        );
        assert_eq!(t.subtree_on(id(2), day("2020-06-01")), Ok(vec![id(2)]));
        let counts = t.counts_on(Some(id(4)), day("2020-06-01")).unwrap();
        assert_eq!((counts.grassroots_committees, counts.cells), (1, 1));
        let counts = t.counts_on(Some(id(1)), day("2019-06-01")).unwrap();
        assert_eq!((counts.grassroots_committees, counts.cells), (2, 1));
        // Before the tree began, nothing exists; everywhere counts every root's subtree.
        assert_eq!(
            t.counts_on(None, day("2014-06-01")),
            Ok(OrgCounts::default())
        );
        let counts = t.counts_on(None, day("2020-06-01")).unwrap();
        assert_eq!((counts.grassroots_committees, counts.cells), (2, 1));
        let mut looped = tree_with_root_until(Some("2020-12-31"));
        looped.add_parent(
            id(1),
            ParentSpan {
                from: day("2021-01-01"),
                to: None,
                parent: Some(id(3)),
            },
        );
        assert_eq!(
            looped.subtree_on(id(1), day("2021-06-01")),
            Err(Cycle(id(1)))
        );
    }
}
