//! The change log in the database: appending a transaction's lines under numbers taken from the
//! counter row, finding what a key last stored, and reading the log in number order.

use chrono::NaiveDate;
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait},
};

use super::{
    Conn,
    entity::{change_counter, change_log},
};
use crate::domain::{Error, Result};

/// Rows per insert statement: well under SQLite's bound-parameter limit.
const CHUNK: usize = 100;

/// A line to append, with what a subtree export filters it by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct NewChange {
    pub(crate) kind: &'static str,
    pub(crate) key: String,
    pub(crate) line: String,
    /// The organisation the line is about on `day`.
    pub(crate) org: Option<String>,
    pub(crate) day: Option<NaiveDate>,
}

/// A stored line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Change {
    pub(crate) number: i64,
    pub(crate) line: String,
    pub(crate) org: Option<String>,
    pub(crate) day: Option<NaiveDate>,
}

/// Appends `changes` in order. Must be the transaction's last write before commit: it locks the
/// counter row until then, so that numbers are handed out in commit order (DESIGN §6) and the
/// lock is held as briefly as possible. Taking it last also means no writer ever waits for
/// another lock while holding it, so it cannot be part of a deadlock.
pub(crate) async fn append(c: &impl Conn, changes: Vec<NewChange>) -> Result<()> {
    if changes.is_empty() {
        return Ok(());
    }
    let n = i64::try_from(changes.len()).map_err(|e| Error::Internal(e.to_string()))?;
    let counter = change_counter::Entity::update_many()
        .col_expr(
            change_counter::Column::Last,
            Expr::col(change_counter::Column::Last).add(n),
        )
        .filter(change_counter::Column::Id.eq(1))
        .exec_with_returning(c)
        .await?;
    let last = counter
        .first()
        .ok_or_else(|| Error::Internal("the change counter row is missing".to_owned()))?
        .last;
    let rows: Vec<change_log::ActiveModel> = changes
        .into_iter()
        .zip(last - n + 1..)
        .map(|(change, number)| change_log::ActiveModel {
            number: Set(number),
            kind: Set(change.kind.to_owned()),
            record_key: Set(change.key),
            line: Set(change.line),
            org_code: Set(change.org),
            day: Set(change.day),
        })
        .collect();
    for chunk in rows.chunks(CHUNK) {
        change_log::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(c)
            .await?;
    }
    Ok(())
}

/// The line last stored under (`kind`, `key`).
pub(crate) async fn latest(c: &impl Conn, kind: &str, key: &str) -> Result<Option<String>> {
    Ok(change_log::Entity::find()
        .select_only()
        .column(change_log::Column::Line)
        .filter(change_log::Column::Kind.eq(kind))
        .filter(change_log::Column::RecordKey.eq(key))
        .order_by_desc(change_log::Column::Number)
        .limit(1)
        .into_tuple::<String>()
        .one(c)
        .await?)
}

/// Up to `limit` lines numbered after `after`, in number order.
pub(crate) async fn after(c: &impl Conn, after: i64, limit: u64) -> Result<Vec<Change>> {
    let rows = change_log::Entity::find()
        .filter(change_log::Column::Number.gt(after))
        .order_by_asc(change_log::Column::Number)
        .limit(limit)
        .all(c)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| Change {
            number: r.number,
            line: r.line,
            org: r.org_code,
            day: r.day,
        })
        .collect())
}

/// Every organisation's row id by code, for exports of a subtree.
pub(crate) async fn org_ids(
    c: &impl Conn,
) -> Result<std::collections::HashMap<String, uuid::Uuid>> {
    use super::entity::organization;
    let rows: Vec<(String, uuid::Uuid)> = organization::Entity::find()
        .select_only()
        .column(organization::Column::Code)
        .column(organization::Column::Id)
        .into_tuple()
        .all(c)
        .await?;
    Ok(rows.into_iter().collect())
}
