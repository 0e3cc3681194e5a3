//! Admission cases in the database: the derived state, rewritten with every decision about the
//! person in the same transaction.

use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use super::{
    Conn,
    entity::{admission_case, member, person, person_cell},
};
use crate::domain::{Result, admission::Case};

/// Replaces the person's stored cases by `cases` (oldest first, each with its cell).
pub(crate) async fn replace(c: &impl Conn, person_id: Uuid, cases: &[(Case, Uuid)]) -> Result<()> {
    admission_case::Entity::delete_many()
        .filter(admission_case::Column::PersonId.eq(person_id))
        .exec(c)
        .await?;
    if cases.is_empty() {
        return Ok(());
    }
    let rows = cases.iter().enumerate().map(|(i, (case, cell_id))| {
        admission_case::ActiveModel {
            id: Set(Uuid::new_v4()),
            person_id: Set(person_id),
            // A person has a handful of cases, never 2^31.
            seq: Set(i32::try_from(i + 1).unwrap_or(i32::MAX)),
            state: Set(case.state.as_str().to_owned()),
            cell_id: Set(*cell_id),
            opened_on: Set(case.opened_on),
            last_date: Set(case.last_date),
            latest_certificate: Set(case.latest_certificate),
            latest_introductions: Set(case.latest_introductions),
            cell_vote: Set(case.cell_vote),
            closed_on: Set(case.closed_on),
        }
    });
    admission_case::Entity::insert_many(rows)
        .exec_without_returning(c)
        .await?;
    Ok(())
}

/// The stored cases of a person, oldest first: the state the decisions were last judged into.
pub(crate) async fn of_person(
    c: &impl Conn,
    person_id: Uuid,
) -> Result<Vec<admission_case::Model>> {
    Ok(admission_case::Entity::find()
        .filter(admission_case::Column::PersonId.eq(person_id))
        .order_by_asc(admission_case::Column::Seq)
        .all(c)
        .await?)
}

/// External ids of up to `limit` persons who keep `cell_id` from being dissolved: those still in
/// it with an open case, or members (DESIGN §3).
pub(crate) async fn occupants(c: &impl Conn, cell_id: Uuid, limit: u64) -> Result<Vec<String>> {
    use sea_orm::QuerySelect;
    let in_cell: Vec<Uuid> = person_cell::Entity::find()
        .select_only()
        .column(person_cell::Column::PersonId)
        .filter(person_cell::Column::CellId.eq(cell_id))
        .filter(person_cell::Column::ValidTo.is_null())
        .into_tuple()
        .all(c)
        .await?;
    let open: Vec<Uuid> = admission_case::Entity::find()
        .select_only()
        .column(admission_case::Column::PersonId)
        .filter(admission_case::Column::PersonId.is_in(in_cell.iter().copied()))
        .filter(admission_case::Column::ClosedOn.is_null())
        .into_tuple()
        .all(c)
        .await?;
    let members: Vec<Uuid> = member::Entity::find()
        .select_only()
        .column(member::Column::PersonId)
        .filter(member::Column::PersonId.is_in(in_cell.iter().copied()))
        // A member who has left (struck off, died, transferred out …) keeps no cell alive.
        .filter(member::Column::ExitDate.is_null())
        .into_tuple()
        .all(c)
        .await?;
    Ok(person::Entity::find()
        .select_only()
        .column(person::Column::ExternalId)
        .filter(person::Column::Id.is_in(open.into_iter().chain(members)))
        .order_by_asc(person::Column::ExternalId)
        .limit(limit)
        .into_tuple()
        .all(c)
        .await?)
}

/// Re-points the open cases of `person_ids` at `cell_id`, their new current cell: an open case is
/// in its person's current cell (DESIGN §3), closed ones stay where they were decided.
pub(crate) async fn follow_cell(c: &impl Conn, person_ids: &[Uuid], cell_id: Uuid) -> Result<()> {
    if person_ids.is_empty() {
        return Ok(());
    }
    admission_case::Entity::update_many()
        .col_expr(
            admission_case::Column::CellId,
            sea_orm::sea_query::Expr::value(cell_id),
        )
        .filter(admission_case::Column::PersonId.is_in(person_ids.iter().copied()))
        .filter(admission_case::Column::ClosedOn.is_null())
        .exec(c)
        .await?;
    Ok(())
}
