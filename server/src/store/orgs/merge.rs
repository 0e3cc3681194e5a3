//! The tree side of a merge: the merged organisation's children pass to the survivor from a day.

use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, EntityTrait, QueryFilter, QuerySelect, Select,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use super::{add_interval, end_interval};
use crate::{
    domain::{Error, Result},
    store::{
        Conn,
        entity::{org_parent, organization},
    },
};

/// Gives the children of `from` the parent `to` from `day` on: whatever part of a parent
/// interval under `from` lies on or after `day` is under `to` instead, and the days before stay
/// as they were. The children are locked first, as a move locks what it moves, so that a move
/// of one of them either waits for this transaction or is seen by it.
pub(crate) async fn hand_over_children(
    c: &impl Conn,
    from: Uuid,
    to: Uuid,
    day: NaiveDate,
) -> Result<()> {
    let child_ids: Vec<Uuid> = reaching(from, day)
        .select_only()
        .column(org_parent::Column::OrgId)
        .distinct()
        .into_tuple()
        .all(c)
        .await?;
    if child_ids.is_empty() {
        return Ok(());
    }
    crate::store::tree::changed(c).await?;
    organization::Entity::find()
        .filter(organization::Column::Id.is_in(child_ids.clone()))
        .lock_exclusive()
        .all(c)
        .await?;
    // Their parent changes: a new etag each, as a move gives the organisation it moves.
    organization::Entity::update_many()
        .col_expr(
            organization::Column::Version,
            Expr::col(organization::Column::Version).add(1),
        )
        .filter(organization::Column::Id.is_in(child_ids))
        .exec(c)
        .await?;
    // Read again under the locks: a move that committed while this waited has changed them.
    let last_before = day
        .pred_opt()
        .ok_or_else(|| Error::Internal(format!("no day before {day}")))?;
    for interval in reaching(from, day).all(c).await? {
        if interval.valid_from >= day {
            org_parent::Entity::update_many()
                .col_expr(org_parent::Column::ParentId, Expr::value(Some(to)))
                .filter(org_parent::Column::Id.eq(interval.id))
                .exec(c)
                .await?;
        } else {
            end_interval(c, interval.id, last_before).await?;
            add_interval(c, interval.org_id, Some(to), day, interval.valid_to).await?;
        }
    }
    Ok(())
}

/// The parent intervals under `parent` that reach `day` or later.
fn reaching(parent: Uuid, day: NaiveDate) -> Select<org_parent::Entity> {
    org_parent::Entity::find()
        .filter(org_parent::Column::ParentId.eq(parent))
        .filter(
            org_parent::Column::ValidTo
                .is_null()
                .or(org_parent::Column::ValidTo.gte(day)),
        )
}
