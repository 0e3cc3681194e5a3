//! The candidates of the overdue list (DESIGN §4): cases awaiting the admission decision and
//! members with a probation or introduction step not taken by a day. Narrowed in SQL by the
//! stored dates, so that the list never reads every member.

use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, QueryFilter, QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use super::{
    Conn,
    entity::{admission_case, member, person},
    members::in_cells,
};
use crate::domain::{Result, admission::CaseState};

/// The persons whose admission case had its cell resolution on or before `day` and no admission
/// decision (nor any other close) by then, with the resolution's date.
pub(crate) async fn cases_awaiting(
    c: &impl Conn,
    day: NaiveDate,
    cells: Option<&[Uuid]>,
) -> Result<Vec<(Uuid, NaiveDate)>> {
    let mut query = admission_case::Entity::find()
        .select_only()
        .column(admission_case::Column::PersonId)
        .column(admission_case::Column::CellVote)
        .filter(admission_case::Column::CellVote.lte(day))
        .filter(
            admission_case::Column::ClosedOn
                .is_null()
                .or(admission_case::Column::ClosedOn.gt(day)),
        )
        // A case re-judged into an earlier state has no pending resolution.
        .filter(admission_case::Column::State.is_in([
            CaseState::CellApproved.as_str(),
            CaseState::CommitteeApproved.as_str(),
            CaseState::Admitted.as_str(),
            CaseState::Rejected.as_str(),
            CaseState::Withdrawn.as_str(),
            CaseState::Dropped.as_str(),
        ]));
    if let Some(cells) = cells {
        query = query.filter(admission_case::Column::PersonId.in_subquery(in_cells(cells, day)));
    }
    Ok(query.into_tuple().all(c).await?)
}

/// The members on `day` with a step not taken by then: the ceremony or the residence-place
/// introduction of a member admitted here, the recognition vote once probation has ended by
/// `horizon`, or the recognition decision after a vote.
pub(crate) async fn members_pending(
    c: &impl Conn,
    day: NaiveDate,
    horizon: NaiveDate,
    cells: Option<&[Uuid]>,
) -> Result<Vec<Uuid>> {
    let not_by = |column: member::Column| column.is_null().or(Expr::col(column).gt(day));
    let admitted_here = member::Column::Origin.eq("admitted");
    let pending = Condition::any()
        .add(
            admitted_here
                .clone()
                .and(not_by(member::Column::CeremonyDate)),
        )
        .add(admitted_here.and(not_by(member::Column::ResidenceIntroductionDate)))
        .add(
            member::Column::OfficialDate
                .lte(horizon)
                .and(
                    member::Column::RegisteredOfficial
                        .is_null()
                        .or(member::Column::RegisteredOfficial.eq(false)),
                )
                .and(not_by(member::Column::RecognitionVoteDate)),
        )
        .add(
            member::Column::RecognitionVoteDate
                .lte(day)
                .and(not_by(member::Column::RecognizedOn)),
        );
    let mut query = member::Entity::find()
        .select_only()
        .column(member::Column::PersonId)
        .filter(member::Column::Since.lte(day))
        .filter(
            member::Column::ExitDate
                .is_null()
                .or(member::Column::ExitDate.gt(day)),
        )
        .filter(pending);
    if let Some(cells) = cells {
        query = query.filter(member::Column::PersonId.in_subquery(in_cells(cells, day)));
    }
    Ok(query.into_tuple().all(c).await?)
}

/// The external id and full name of each person.
pub(crate) async fn names(c: &impl Conn, ids: Vec<Uuid>) -> Result<Vec<(Uuid, String, String)>> {
    Ok(person::Entity::find()
        .select_only()
        .column(person::Column::Id)
        .column(person::Column::ExternalId)
        .column(person::Column::FullName)
        .filter(person::Column::Id.is_in(ids))
        .into_tuple()
        .all(c)
        .await?)
}
