//! The organisation tree as one in-memory value: its version row, which every change to an
//! organisation or a parent interval sets anew, and the two queries that read the whole tree.
//!
//! A version is a fresh random number, not a count: a transaction that changed the tree and then
//! rolled back leaves the old number, and the number it had set is never seen again, so a copy
//! read inside that transaction can never pass for the tree that stands.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect, sea_query::Expr};
use uuid::Uuid;

use super::{
    Conn,
    entity::{org_parent, organization, tree_version},
    orgs::corrupt,
};
use crate::domain::{
    Error, Result,
    org::{OrgKind, OrgNode, OrgTree, Sector},
    tally::ParentSpan,
};

/// The stored tree's version, as this transaction sees it.
pub(crate) async fn version(c: &impl Conn) -> Result<i64> {
    tree_version::Entity::find_by_id(1i16)
        .select_only()
        .column(tree_version::Column::Version)
        .into_tuple()
        .one(c)
        .await?
        .ok_or_else(|| Error::Internal("the tree version row is missing".to_owned()))
}

/// Gives the tree a new version; called by every write to `organization` or `org_parent`. On
/// PostgreSQL it also locks the row until commit, so concurrent restructurings take turns here.
pub(crate) async fn changed(c: &impl Conn) -> Result<()> {
    let (high, _) = Uuid::new_v4().as_u64_pair();
    tree_version::Entity::update_many()
        .col_expr(
            tree_version::Column::Version,
            Expr::value(i64::from_ne_bytes(high.to_ne_bytes())),
        )
        .filter(tree_version::Column::Id.eq(1i16))
        .exec(c)
        .await?;
    Ok(())
}

/// The whole tree, tagged with `version` (read by the caller before, so that the copy is at
/// least as new as its tag).
pub(crate) async fn load(c: &impl Conn, version: i64) -> Result<OrgTree> {
    let mut tree = OrgTree::new(version);
    let orgs: Vec<(
        Uuid,
        String,
        String,
        chrono::NaiveDate,
        Option<chrono::NaiveDate>,
    )> = organization::Entity::find()
        .select_only()
        .column(organization::Column::Id)
        .column(organization::Column::Kind)
        .column(organization::Column::Sector)
        .column(organization::Column::ValidFrom)
        .column(organization::Column::ValidTo)
        .into_tuple()
        .all(c)
        .await?;
    for (id, kind, sector, valid_from, valid_to) in orgs {
        tree.add_org(
            id,
            OrgNode {
                kind: OrgKind::parse(&kind).ok_or_else(|| corrupt(&kind))?,
                sector: Sector::parse(&sector).ok_or_else(|| corrupt(&sector))?,
                valid_from,
                valid_to,
            },
        );
    }
    let spans: Vec<(
        Uuid,
        Option<Uuid>,
        chrono::NaiveDate,
        Option<chrono::NaiveDate>,
    )> = org_parent::Entity::find()
        .select_only()
        .column(org_parent::Column::OrgId)
        .column(org_parent::Column::ParentId)
        .column(org_parent::Column::ValidFrom)
        .column(org_parent::Column::ValidTo)
        .into_tuple()
        .all(c)
        .await?;
    for (org, parent, from, to) in spans {
        tree.add_parent(org, ParentSpan { from, to, parent });
    }
    Ok(tree)
}
