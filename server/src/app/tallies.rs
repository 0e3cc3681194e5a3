//! Keeping the year-report aggregates: every write that can change what a person adds to the
//! figures touches the person before it changes anything, and adds the difference between what
//! they add after and before in the same transaction.

use std::{collections::BTreeMap, sync::Arc};

use chrono::NaiveDate;
use uuid::Uuid;

use super::{Rules, decisions::replayable};
use crate::{
    domain::{
        Error, Result,
        admission::{History, Membership},
        org::OrgTree,
        tally::{self, Facts, Step, Tally},
    },
    store::{Conn, decisions, members, orgs, tallies, tree as store_tree},
};

/// The persons a write touches, with what each added to the figures before it.
#[derive(Debug, Default)]
pub(crate) struct Touched {
    before: BTreeMap<Uuid, Tally>,
    /// The tree the figures are computed against: the cached copy a decision was judged on
    /// (the tree did not change under it), or, without one, the tree as this transaction reads
    /// it (a restructuring sees its own changes).
    tree: Option<Arc<OrgTree>>,
}

impl Touched {
    /// Records what `person_id` adds to the figures now, unless already recorded in this write.
    /// Call it before the write changes anything about the person.
    pub(crate) async fn person(
        &mut self,
        rules: &Rules,
        c: &impl Conn,
        person_id: Uuid,
    ) -> Result<()> {
        if let std::collections::btree_map::Entry::Vacant(slot) = self.before.entry(person_id) {
            slot.insert(person_tally(rules, c, person_id, self.tree.as_deref()).await?);
        }
        Ok(())
    }

    /// [`Self::person`] against `tree`, the cached tree a decision is judged on; the figures
    /// after are computed against it too (see [`Self::use_tree`]).
    pub(crate) async fn person_in(
        &mut self,
        rules: &Rules,
        c: &impl Conn,
        person_id: Uuid,
        tree: Arc<OrgTree>,
    ) -> Result<()> {
        self.tree = Some(tree);
        self.person(rules, c, person_id).await
    }

    /// Computes the figures after against `tree`: the copy the last decision was judged on,
    /// read again under its locks, so as new as any the transaction saw.
    pub(crate) fn use_tree(&mut self, tree: Arc<OrgTree>) {
        self.tree = Some(tree);
    }

    /// Records every person in a cell of `org_id`'s subtree on `from` or later (everyone who
    /// ever was, without `from`): a restructuring or a correction of the organisation changes
    /// where, or by which sector, they count.
    pub(crate) async fn subtree(
        &mut self,
        rules: &Rules,
        c: &impl Conn,
        org_id: Uuid,
        from: Option<NaiveDate>,
    ) -> Result<()> {
        let orgs = orgs::ever_under(c, org_id).await?;
        for person_id in tallies::persons_in_cells_from(c, &orgs, from).await? {
            self.person(rules, c, person_id).await?;
        }
        Ok(())
    }

    /// Takes over what `other` recorded, keeping this one's record of a person it has too: the
    /// earliest "before" is the one the whole change is measured from.
    pub(crate) fn absorb(&mut self, other: Touched) {
        for (person_id, before) in other.before {
            self.before.entry(person_id).or_insert(before);
        }
        if other.tree.is_some() {
            self.tree = other.tree;
        }
    }

    /// Adds, for every person touched, what they add now minus what they added before: all of
    /// it in one pass in key order, so that concurrent writes lock the shared rows in the same
    /// order whatever persons they touched.
    pub(crate) async fn apply(self, rules: &Rules, c: &impl Conn) -> Result<()> {
        // A write that also restructured (an import's org line after a decision) has changed
        // the tree since the copy was read: the figures after are computed from the database.
        let tree = match self.tree {
            Some(tree) if tree.version() == store_tree::version(c).await? => Some(tree),
            _ => None,
        };
        let mut rows = tallies::Rows::default();
        for (person_id, before) in self.before {
            let mut change = person_tally(rules, c, person_id, tree.as_deref()).await?;
            change.merge(&before, -1);
            rows.add(person_id, &change);
        }
        tallies::add(c, rows).await
    }
}

/// What a person adds to the figures, from their stored decisions, registration, cells and
/// attributes and the tree they sat in: `tree`, or without it the tree as `c` reads it.
pub(crate) async fn person_tally(
    rules: &Rules,
    c: &impl Conn,
    person_id: Uuid,
    tree: Option<&OrgTree>,
) -> Result<Tally> {
    let stored = decisions::of_person(c, person_id).await?;
    let registered = members::registration(c, person_id).await?;
    if stored.is_empty() && registered.is_none() {
        return Ok(Tally::default());
    }
    let attributes = tallies::attributes(c, person_id).await?;
    let cells = tallies::cells(c, person_id).await?;

    let mut history = match &registered {
        Some(member) => History::registered(member.clone()),
        None => History::new(Membership::None),
    };
    let mut steps = Vec::new();
    for row in replayable(&stored) {
        let case_before = history.open_case().map(|case| case.state);
        history
            .apply_decision(&row.decision.details, row.decision.date, row.cell_kind)
            .map_err(|e| {
                Error::Internal(format!(
                    "stored decisions do not replay at {}: {e}",
                    row.decision.external_id
                ))
            })?;
        steps.push(Step {
            date: row.decision.date,
            cell: row.cell_id,
            details: &row.decision.details,
            case_before,
        });
    }
    let member = history.member;
    let residence_due = member
        .as_ref()
        .and_then(|life| life.residence_due(&rules.rulebooks));
    let orgs = cells
        .iter()
        .map(|(_, cell)| *cell)
        .chain(stored.iter().map(|row| row.cell_id));
    let tree = match tree {
        Some(tree) => tree.history_of(orgs),
        None => tallies::tree(c, orgs).await?,
    };
    let facts = Facts {
        attributes,
        steps,
        member,
        cells,
        residence_due,
    };
    Ok(tally::contributions(&facts, &tree))
}
