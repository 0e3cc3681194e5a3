//! The member list: one page of the members of some cells on a day, by the person's external id.

use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Alias, Expr, ExprTrait, Query, SelectStatement},
};
use uuid::Uuid;

use crate::{
    domain::{Error, Result, member::MemberStatus, person::ExternalId},
    store::{
        Conn,
        entity::{member, person, person_cell},
    },
};

/// An inclusive range of dates; either end may be open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct DateRange {
    pub(crate) from: Option<NaiveDate>,
    pub(crate) to: Option<NaiveDate>,
}

/// One page of members on a day.
#[derive(Clone, Debug)]
pub(crate) struct ListQuery<'a> {
    /// The day membership, status and cell are taken on.
    pub(crate) as_of: NaiveDate,
    /// Only members whose cell on `as_of` is one of these organisations.
    pub(crate) cells: Option<&'a [Uuid]>,
    /// Only members with this status on `as_of` (probationary or official).
    pub(crate) status: Option<MemberStatus>,
    pub(crate) admission: DateRange,
    pub(crate) official: DateRange,
    /// Only members whose person's external id sorts after this.
    pub(crate) after: Option<&'a str>,
    pub(crate) limit: u64,
}

/// A listed member: the person's row id and external id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct MemberRow {
    pub(crate) person_id: Uuid,
    pub(crate) person: ExternalId,
}

/// Runs a [`ListQuery`].
pub(crate) async fn list(c: &impl Conn, q: ListQuery<'_>) -> Result<Vec<MemberRow>> {
    let mut query = person::Entity::find().filter(person::Column::Id.in_subquery(members(&q)));
    if let Some(cells) = q.cells {
        query = query.filter(person::Column::Id.in_subquery(in_cells(cells, q.as_of)));
    }
    if let Some(after) = q.after {
        query = query.filter(person::Column::ExternalId.gt(after));
    }
    let persons: Vec<(Uuid, String)> = query
        .select_only()
        .column(person::Column::Id)
        .column(person::Column::ExternalId)
        .order_by_asc(person::Column::ExternalId)
        .limit(q.limit)
        .into_tuple()
        .all(c)
        .await?;
    persons
        .into_iter()
        .map(|(person_id, external_id)| {
            Ok(MemberRow {
                person_id,
                person: ExternalId::parse("person", &external_id)
                    .map_err(|v| Error::Internal(format!("stored person id: {}", v.msg.en)))?,
            })
        })
        .collect()
}

/// The persons whose membership passes the query's own conditions on `as_of`.
fn members(q: &ListQuery<'_>) -> SelectStatement {
    let m = Alias::new("m");
    let col = |name: &str| Expr::col((m.clone(), Alias::new(name)));
    let mut select = Query::select();
    select
        .expr(col("person_id"))
        .from_as(member::Entity, m.clone())
        .and_where(col("since").lte(q.as_of))
        .and_where(col("exit_date").is_null().or(col("exit_date").gt(q.as_of)));
    let official = col("recognized")
        .eq(true)
        .and(col("official_date").is_not_null())
        .and(col("official_date").lte(q.as_of));
    match q.status {
        Some(MemberStatus::Official) => {
            select.and_where(official);
        }
        Some(MemberStatus::Probationary) => {
            select.and_where(official.not());
        }
        Some(MemberStatus::NotAMember) | None => {}
    }
    for (column, range) in [
        ("admission_date", q.admission),
        ("official_date", q.official),
    ] {
        if let Some(from) = range.from {
            select.and_where(col(column).gte(from));
        }
        if let Some(to) = range.to {
            select.and_where(col(column).lte(to));
        }
    }
    select
}

/// The persons whose cell on `day` is one of `cells`.
pub(crate) fn in_cells(cells: &[Uuid], day: NaiveDate) -> SelectStatement {
    let pc = Alias::new("pc");
    let col = |name: &str| Expr::col((pc.clone(), Alias::new(name)));
    let mut select = Query::select();
    select
        .expr(col("person_id"))
        .from_as(person_cell::Entity, pc.clone())
        .and_where(col("cell_id").is_in(cells.iter().copied()))
        .and_where(col("valid_from").lte(day))
        .and_where(col("valid_to").is_null().or(col("valid_to").gte(day)));
    select
}
