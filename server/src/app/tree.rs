//! The organisation tree that decisions are judged against, held in memory: one read of the
//! stored tree's version tells whether the copy is still the tree in the database, so a
//! decision walks its cell's lineage and loads its person's tree history without a query per
//! level. Several servers may share a database: each checks the version in its own transactions.

use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use uuid::Uuid;

use crate::{
    domain::{
        Error, Result,
        org::{Cycle, OrgNode, OrgTree},
        report::OrgCounts,
    },
    store::{Conn, tree},
};

/// The latest copy of the tree this process read.
#[derive(Debug, Default)]
pub(crate) struct TreeCache {
    held: Mutex<Option<Arc<OrgTree>>>,
    /// One reader at a time reads the whole tree: after a restructuring, the writers that find
    /// the copy stale wait for one read instead of each making its own.
    reading: tokio::sync::Mutex<()>,
}

impl TreeCache {
    /// The tree as `c` sees it now: the copy in memory when its version is the stored one,
    /// else the stored tree, read anew and kept.
    ///
    /// Called in a transaction that has changed the tree (an import's decision line after an
    /// org line), it reads and keeps that transaction's tree under the version it set: right
    /// if it commits, never matched if it rolls back, but it displaces the copy the other
    /// writers use until they read the tree again. Restructurings themselves do not call it.
    pub(crate) async fn get(&self, c: &impl Conn) -> Result<Arc<OrgTree>> {
        let version = tree::version(c).await?;
        if let Some(held) = self.matching(version) {
            return Ok(held);
        }
        let _turn = self.reading.lock().await;
        if let Some(held) = self.matching(version) {
            return Ok(held);
        }
        let fresh = Arc::new(tree::load(c, version).await?);
        *self.held.lock().unwrap_or_else(|p| p.into_inner()) = Some(fresh.clone());
        Ok(fresh)
    }

    fn matching(&self, version: i64) -> Option<Arc<OrgTree>> {
        self.held
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .filter(|t| t.version() == version)
            .cloned()
    }
}

/// `org` and its ancestors on `day`, nearest first; a loop in the stored tree is internal.
pub(crate) fn lineage_on(tree: &OrgTree, org: Uuid, day: NaiveDate) -> Result<Vec<Uuid>> {
    tree.lineage_on(org, day).map_err(cycle)
}

/// The grassroots organisation `cell` belongs to on `day`.
pub(crate) fn grassroots_on(tree: &OrgTree, cell: Uuid, day: NaiveDate) -> Result<Option<Uuid>> {
    tree.grassroots_on(cell, day).map_err(cycle)
}

/// The organisations of each kind on `day`, in `root`'s subtree or everywhere.
pub(crate) fn counts_on(tree: &OrgTree, root: Option<Uuid>, day: NaiveDate) -> Result<OrgCounts> {
    tree.counts_on(root, day).map_err(cycle)
}

/// The organisation `id`, which a stored row references.
pub(crate) fn node(tree: &OrgTree, id: Uuid) -> Result<&OrgNode> {
    tree.get(id)
        .ok_or_else(|| Error::Internal(format!("organization {id} referenced but missing")))
}

fn cycle(Cycle(org): Cycle) -> Error {
    Error::Internal(format!(
        "stored organization data is inconsistent: the tree above {org} has a cycle"
    ))
}
