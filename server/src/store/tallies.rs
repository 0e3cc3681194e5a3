//! The year-report aggregates in the database, and the facts about a person and the tree they
//! sat in that the aggregates are computed from.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait, Func, OnConflict},
};
use uuid::Uuid;

use super::{
    Conn,
    entity::{decision, org_parent, organization, person, person_cell, tally},
    orgs::corrupt,
};
use crate::domain::{
    Error, Result,
    org::{OrgKind, Sector},
    report::Sums,
    tally::{Attributes, Figure, ParentSpan, Tally, TreeHistory},
};

/// Rows per upsert statement: well under SQLite's bound-parameter limit.
const CHUNK: usize = 400;
/// Rows each organisation's figure is spread over.
const SHARDS: u128 = 8;

/// Changes to the kept figures, by row, in the table's key order, all on one shard.
#[derive(Debug)]
pub(crate) struct Rows {
    shard: i16,
    rows: BTreeMap<(Uuid, i32, String, i16), i64>,
}

impl Rows {
    /// The changes of one transaction, on the shard of `first`, the first person it touched:
    /// concurrent writers about different persons spread over the shards as before, and a
    /// transaction of many persons (an import's batch) writes each figure once, not once per
    /// shard.
    pub(crate) fn on_shard_of(first: Uuid) -> Self {
        Self {
            shard: i16::try_from(first.as_u128() % SHARDS).unwrap_or(0),
            rows: BTreeMap::new(),
        }
    }

    /// Adds what one person's `change` makes.
    pub(crate) fn add(&mut self, change: &Tally) {
        for (org, year, figure, n) in change.entries() {
            *self
                .rows
                .entry((org, year, figure.name(), self.shard))
                .or_default() += n;
        }
    }
}

/// Adds `rows` to the kept figures. Rows are written in key order, so that concurrent writers
/// lock the rows they share in the same order and cannot deadlock on them.
pub(crate) async fn add(c: &impl Conn, rows: Rows) -> Result<()> {
    let rows: Vec<tally::ActiveModel> = rows
        .rows
        .into_iter()
        .filter(|(_, n)| *n != 0)
        .map(|((org, year, figure, shard), n)| tally::ActiveModel {
            org_id: Set(org),
            year: Set(year),
            figure: Set(figure),
            shard: Set(shard),
            count: Set(n),
        })
        .collect();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(CHUNK).collect();
        tally::Entity::insert_many(chunk)
            .on_conflict(
                OnConflict::columns([
                    tally::Column::OrgId,
                    tally::Column::Year,
                    tally::Column::Figure,
                    tally::Column::Shard,
                ])
                .value(
                    tally::Column::Count,
                    Expr::col((tally::Entity, tally::Column::Count))
                        .add(Expr::cust("excluded.count")),
                )
                .to_owned(),
            )
            .exec_without_returning(c)
            .await?;
    }
    Ok(())
}

/// The kept figures of `org_id` (or [`crate::domain::tally::ALL`]) summed for the report of
/// `year`: a few rows per figure and year, whatever the number of members.
pub(crate) async fn sums(c: &impl Conn, org_id: Uuid, year: i32) -> Result<Sums> {
    let rows: Vec<(i32, String, i64)> = tally::Entity::find()
        .select_only()
        .column(tally::Column::Year)
        .column(tally::Column::Figure)
        .column_as(summed(), "count")
        .filter(tally::Column::OrgId.eq(org_id))
        .filter(tally::Column::Year.lte(year))
        .group_by(tally::Column::Year)
        .group_by(tally::Column::Figure)
        .into_tuple()
        .all(c)
        .await?;
    let mut sums = Sums::default();
    for (kept, name, count) in rows {
        let figure = Figure::parse(&name).ok_or_else(|| unknown(&name))?;
        sums.add(year, kept, figure, count);
    }
    Ok(sums)
}

/// Every kept figure, the shards added up (for verification).
pub(crate) async fn everything(c: &impl Conn) -> Result<Tally> {
    let rows: Vec<(Uuid, i32, String, i64)> = tally::Entity::find()
        .select_only()
        .column(tally::Column::OrgId)
        .column(tally::Column::Year)
        .column(tally::Column::Figure)
        .column_as(summed(), "count")
        .group_by(tally::Column::OrgId)
        .group_by(tally::Column::Year)
        .group_by(tally::Column::Figure)
        .into_tuple()
        .all(c)
        .await?;
    let mut all = Tally::default();
    for (org, year, name, count) in rows {
        let figure = Figure::parse(&name).ok_or_else(|| unknown(&name))?;
        all.add_entry(org, year, figure, count);
    }
    Ok(all)
}

/// `SUM(count)` as a BIGINT: PostgreSQL sums BIGINTs into NUMERIC.
fn summed() -> Expr {
    Func::cast_as(Func::sum(Expr::col(tally::Column::Count)), "BIGINT").into()
}

fn unknown(name: &str) -> Error {
    Error::Internal(format!("the aggregates hold an unknown figure {name:?}"))
}

/// The attributes of a person the breakdowns count.
pub(crate) async fn attributes(c: &impl Conn, person_id: Uuid) -> Result<Attributes> {
    let row = person::Entity::find_by_id(person_id)
        .one(c)
        .await?
        .ok_or_else(|| Error::Internal(format!("person {person_id} referenced but missing")))?;
    let own = super::people::Own::parse(&row)?;
    Ok(Attributes::new(
        own.gender,
        &own.ethnicity,
        row.religion.as_deref(),
        own.education,
        row.birth_date,
    ))
}

/// The day each of the person's cells began, oldest first.
pub(crate) async fn cells(c: &impl Conn, person_id: Uuid) -> Result<Vec<(NaiveDate, Uuid)>> {
    Ok(person_cell::Entity::find()
        .select_only()
        .column(person_cell::Column::ValidFrom)
        .column(person_cell::Column::CellId)
        .filter(person_cell::Column::PersonId.eq(person_id))
        .order_by_asc(person_cell::Column::ValidFrom)
        .into_tuple()
        .all(c)
        .await?)
}

/// The dated parents, kinds and sectors of `orgs` and of everything ever above them.
pub(crate) async fn tree(
    c: &impl Conn,
    orgs: impl IntoIterator<Item = Uuid>,
) -> Result<TreeHistory> {
    let mut tree = TreeHistory::default();
    let mut seen: HashSet<Uuid> = HashSet::new();
    let mut level: Vec<Uuid> = orgs.into_iter().filter(|o| seen.insert(*o)).collect();
    while !level.is_empty() {
        let spans = org_parent::Entity::find()
            .filter(org_parent::Column::OrgId.is_in(level.clone()))
            .all(c)
            .await?;
        let kinds: Vec<(Uuid, String, String)> = organization::Entity::find()
            .select_only()
            .column(organization::Column::Id)
            .column(organization::Column::Kind)
            .column(organization::Column::Sector)
            .filter(organization::Column::Id.is_in(level))
            .into_tuple()
            .all(c)
            .await?;
        for (id, kind, sector) in kinds {
            let kind = OrgKind::parse(&kind).ok_or_else(|| corrupt(&kind))?;
            let sector = Sector::parse(&sector).ok_or_else(|| corrupt(&sector))?;
            tree.add_org(id, kind, sector);
        }
        level = Vec::new();
        for span in spans {
            tree.add_parent(
                span.org_id,
                ParentSpan {
                    from: span.valid_from,
                    to: span.valid_to,
                    parent: span.parent_id,
                },
            );
            if let Some(parent) = span.parent_id
                && seen.insert(parent)
            {
                level.push(parent);
            }
        }
    }
    Ok(tree)
}

/// Persons whose cell was, on `day` or later, one of `cells`.
pub(crate) async fn persons_in_cells_from(
    c: &impl Conn,
    cells: &[Uuid],
    day: Option<NaiveDate>,
) -> Result<Vec<Uuid>> {
    let mut query = person_cell::Entity::find()
        .select_only()
        .column(person_cell::Column::PersonId)
        .distinct()
        .filter(person_cell::Column::CellId.is_in(cells.iter().copied()));
    if let Some(day) = day {
        query = query.filter(
            person_cell::Column::ValidTo
                .is_null()
                .or(person_cell::Column::ValidTo.gte(day)),
        );
    }
    let mut persons: Vec<Uuid> = query.into_tuple().all(c).await?;
    persons.sort_unstable();
    Ok(persons)
}

/// Persons with a non-revoked decision dated between `from` and `to` (inclusive) in one of
/// `cells`, or in any cell without them.
pub(crate) async fn persons_deciding(
    c: &impl Conn,
    cells: Option<Vec<Uuid>>,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<Uuid>> {
    let mut query = decision::Entity::find()
        .select_only()
        .column(decision::Column::PersonId)
        .distinct()
        .filter(decision::Column::DecisionDate.between(from, to))
        .filter(decision::Column::RevokedBy.is_null());
    if let Some(cells) = cells {
        query = query.filter(decision::Column::CellId.is_in(cells));
    }
    let mut persons: Vec<Uuid> = query.into_tuple().all(c).await?;
    persons.sort_unstable();
    Ok(persons)
}
