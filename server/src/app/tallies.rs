//! Keeping the year-report aggregates: every write that can change what a person adds to the
//! figures touches the person before it changes anything, and adds the difference between what
//! they add after and before in the same transaction. A decision knows both from the record it
//! read and the one it wrote, and hands them over; other writes recount the person at the end.

use std::{
    collections::{BTreeMap, BTreeSet},
    sync::Arc,
};

use chrono::NaiveDate;
use uuid::Uuid;

use super::Rules;
use crate::{
    domain::{
        Result,
        member::Member,
        org::OrgTree,
        replay::{Replay, StoredDecision, Unreplayable, replay},
        tally::{self, Attributes, Facts, Tally, TreeHistory},
    },
    store::{Conn, decisions, members, orgs, tallies, tree as store_tree},
};

/// The persons a write touches, with what each added to the figures before it.
#[derive(Debug, Default)]
pub(crate) struct Touched {
    before: BTreeMap<Uuid, Tally>,
    /// What a person adds once the write is done, where the write worked it out itself (a
    /// decision, from the record it wrote); the others are recounted at the end.
    after: BTreeMap<Uuid, Tally>,
    /// The tree those were computed against: the cached copy the decisions were judged on.
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
            slot.insert(person_tally(rules, c, person_id).await?);
        }
        // Whatever this write does to the person next, it is recounted at the end.
        self.after.remove(&person_id);
        Ok(())
    }

    /// Records what a decision on `person_id` found they added before it (kept only if this
    /// write had not touched them yet) and what they add after it, both computed against
    /// `tree`.
    pub(crate) fn decided(
        &mut self,
        person_id: Uuid,
        before: Tally,
        after: Tally,
        tree: Arc<OrgTree>,
    ) {
        self.before.entry(person_id).or_insert(before);
        self.after.insert(person_id, after);
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

    /// Takes over what `other` recorded, which came after what this one did: the earliest
    /// "before" is the one the whole change is measured from, the latest "after" the one it
    /// ends at.
    pub(crate) fn absorb(&mut self, other: Touched) {
        for (person_id, before) in other.before {
            self.before.entry(person_id).or_insert(before);
            self.after.remove(&person_id);
        }
        self.after.extend(other.after);
        if other.tree.is_some() {
            self.tree = other.tree;
        }
    }

    /// Adds, for every person touched, what they add now minus what they added before: all of
    /// it in one pass in key order, so that concurrent writes lock the shared rows in the same
    /// order whatever persons they touched.
    pub(crate) async fn apply(self, rules: &Rules, c: &impl Conn) -> Result<()> {
        // A write that also restructured (an import's org line after a decision) has changed
        // the tree since the copy was read: every person is recounted from the database.
        let mut after = match &self.tree {
            Some(tree) if tree.version() == store_tree::version(c).await? => self.after,
            _ => BTreeMap::new(),
        };
        let Some(first) = self.before.keys().next().copied() else {
            return Ok(());
        };
        let mut rows = tallies::Rows::on_shard_of(first);
        for (person_id, before) in self.before {
            let mut change = match after.remove(&person_id) {
                Some(known) => known,
                None => person_tally(rules, c, person_id).await?,
            };
            change.merge(&before, -1);
            rows.add(&change);
        }
        tallies::add(c, rows).await
    }
}

/// What a person's figures are computed from, as stored: their decisions, registration,
/// attributes and cells.
#[derive(Clone, Debug)]
pub(crate) struct PersonRecord {
    pub(crate) stored: Vec<StoredDecision>,
    pub(crate) registered: Option<Member>,
    pub(crate) attributes: Attributes,
    /// The day each of the person's cells began, oldest first.
    pub(crate) cells: Vec<(NaiveDate, Uuid)>,
}

impl PersonRecord {
    /// Reads the record of `person_id`, whose attributes the caller has already read.
    pub(crate) async fn load(
        c: &impl Conn,
        person_id: Uuid,
        attributes: Attributes,
    ) -> Result<Self> {
        Ok(Self {
            stored: decisions::of_person(c, person_id).await?,
            registered: members::registration(c, person_id).await?,
            attributes,
            cells: tallies::cells(c, person_id).await?,
        })
    }

    /// The organisations the person ever sat in or was decided in: what their tree history
    /// starts from.
    pub(crate) fn orgs(&self) -> BTreeSet<Uuid> {
        self.cells
            .iter()
            .map(|(_, cell)| *cell)
            .chain(self.stored.iter().map(|row| row.cell_id))
            .collect()
    }

    /// What the person adds to the figures, `replayed` being the replay of this record's
    /// decisions and `tree` the history of the organisations of [`Self::orgs`].
    pub(crate) fn tally(&self, rules: &Rules, replayed: &Replay<'_>, tree: &TreeHistory) -> Tally {
        if self.stored.is_empty() && self.registered.is_none() {
            return Tally::default();
        }
        let member = replayed.history.member.clone();
        let residence_due = member
            .as_ref()
            .and_then(|life| life.residence_due(&rules.rulebooks));
        let facts = Facts {
            attributes: self.attributes.clone(),
            steps: replayed.steps(),
            member,
            cells: self.cells.clone(),
            residence_due,
        };
        tally::contributions(&facts, tree)
    }
}

/// What a person adds to the figures, recounted from the database: their stored record and the
/// tree they sat in, as `c` reads them (a restructuring sees its own changes).
pub(crate) async fn person_tally(rules: &Rules, c: &impl Conn, person_id: Uuid) -> Result<Tally> {
    let stored = decisions::of_person(c, person_id).await?;
    let registered = members::registration(c, person_id).await?;
    if stored.is_empty() && registered.is_none() {
        return Ok(Tally::default());
    }
    let record = PersonRecord {
        stored,
        registered,
        attributes: tallies::attributes(c, person_id).await?,
        cells: tallies::cells(c, person_id).await?,
    };
    let replayed = replay(&record.stored, record.registered.as_ref(), None)
        .map_err(Unreplayable::into_internal)?;
    let history = tallies::tree(c, record.orgs()).await?;
    Ok(record.tally(rules, &replayed, &history))
}
