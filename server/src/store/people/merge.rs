//! The persons' side of a merge: whoever was in the merged cell is in the survivor from a day.

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, EntityTrait, QueryFilter, QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use super::end_cell;
use crate::{
    domain::{Error, Result},
    store::{
        Conn,
        entity::{person, person_cell},
    },
};

/// Hands the persons of cell `from` to cell `to` from `day` on (a merge, DESIGN §3): whatever
/// part of a cell interval at `from` lies on or after `day` is at `to` instead, and the days
/// before stay as they were. The persons are locked first, as an update of a person locks them,
/// so that a concurrent move of one of them either waits for this transaction or is seen by it.
/// Their records show a new cell: their versions are bumped. Returns the persons whose current
/// cell it was.
pub(crate) async fn hand_over_cell(
    c: &impl Conn,
    from: Uuid,
    to: Uuid,
    day: NaiveDate,
) -> Result<Vec<Uuid>> {
    let reaching = || {
        person_cell::Entity::find()
            .filter(person_cell::Column::CellId.eq(from))
            .filter(
                person_cell::Column::ValidTo
                    .is_null()
                    .or(person_cell::Column::ValidTo.gte(day)),
            )
    };
    let ids: Vec<Uuid> = reaching()
        .select_only()
        .column(person_cell::Column::PersonId)
        .distinct()
        .into_tuple()
        .all(c)
        .await?;
    if ids.is_empty() {
        return Ok(ids);
    }
    person::Entity::find()
        .filter(person::Column::Id.is_in(ids))
        .lock_exclusive()
        .all(c)
        .await?;
    let last_before = day
        .pred_opt()
        .ok_or_else(|| Error::Internal(format!("no day before {day}")))?;
    let mut current = Vec::new();
    // Read again under the locks: a move that committed while this waited has changed them.
    for interval in reaching().all(c).await? {
        if interval.valid_to.is_none() {
            current.push(interval.person_id);
        }
        if interval.valid_from >= day {
            person_cell::Entity::update_many()
                .col_expr(person_cell::Column::CellId, Expr::value(to))
                .filter(person_cell::Column::Id.eq(interval.id))
                .exec(c)
                .await?;
        } else {
            end_cell(c, interval.id, last_before).await?;
            person_cell::Entity::insert(person_cell::ActiveModel {
                id: Set(Uuid::new_v4()),
                person_id: Set(interval.person_id),
                cell_id: Set(to),
                valid_from: Set(day),
                valid_to: Set(interval.valid_to),
            })
            .exec_without_returning(c)
            .await?;
        }
    }
    person::Entity::update_many()
        .col_expr(
            person::Column::Version,
            Expr::col(person::Column::Version).add(1),
        )
        .col_expr(person::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(person::Column::Id.is_in(current.iter().copied()))
        .exec(c)
        .await?;
    Ok(current)
}
