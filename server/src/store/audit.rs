//! The audit log in the database: appending entries after a chain's head (whose row stays
//! locked until commit), listing entries newest first, and reading a chain a page at a time.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect as _,
    sea_query::{Expr, ExprTrait},
};

use super::{
    Conn,
    entity::{audit_chain, audit_log},
};
use crate::domain::{
    Error, Result,
    audit::{self, Entry, Head, Linked},
};

/// Rows per insert statement: well under SQLite's bound-parameter limit.
const CHUNK: usize = 100;

/// Appends `entries` to `chain`. Bumping the head's place first locks its row (PostgreSQL) or
/// runs under the one writer (SQLite), so the entries of concurrent appends to one chain are
/// linked one after another; appends to other chains do not wait.
pub(crate) async fn append(c: &impl Conn, chain: i16, entries: Vec<Entry>) -> Result<()> {
    if entries.is_empty() {
        return Ok(());
    }
    let n = i64::try_from(entries.len()).map_err(|e| Error::Internal(e.to_string()))?;
    let bumped = audit_chain::Entity::update_many()
        .col_expr(
            audit_chain::Column::Seq,
            Expr::col(audit_chain::Column::Seq).add(n),
        )
        .filter(audit_chain::Column::Chain.eq(chain))
        .exec_with_returning(c)
        .await?;
    let row = bumped
        .first()
        .ok_or_else(|| Error::Internal(format!("audit chain {chain} is missing")))?;
    // `RETURNING` gives the new place and the head as it was.
    let before = Head {
        chain,
        seq: row.seq - n,
        hash: row.head.clone(),
    };
    let (rows, head) = audit::append(&before, entries);
    audit_chain::Entity::update_many()
        .col_expr(audit_chain::Column::Head, Expr::value(head.hash))
        .filter(audit_chain::Column::Chain.eq(chain))
        .exec(c)
        .await?;
    let rows: Vec<audit_log::ActiveModel> = rows
        .into_iter()
        .map(|r| audit_log::ActiveModel {
            chain: Set(r.chain),
            seq: Set(r.seq),
            at: Set(r.entry.at),
            principal: Set(r.entry.principal),
            method: Set(r.entry.method),
            subjects: Set(stored_subjects(&r.entry.subjects)),
            outcome: Set(r.entry.outcome),
            request_id: Set(r.entry.request_id),
            hash: Set(r.hash),
        })
        .collect();
    for chunk in rows.chunks(CHUNK) {
        audit_log::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(c)
            .await?;
    }
    Ok(())
}

/// What a list of entries is narrowed to.
#[derive(Clone, Debug, Default)]
pub(crate) struct ListQuery<'a> {
    pub(crate) principal: Option<&'a str>,
    pub(crate) subject: Option<&'a str>,
    pub(crate) from: Option<DateTime<Utc>>,
    pub(crate) to: Option<DateTime<Utc>>,
    /// The last entry of the previous page: (time, chain, place).
    pub(crate) after: Option<(DateTime<Utc>, i16, i64)>,
    pub(crate) limit: u64,
}

/// Entries passing `q`, newest first. A subject is matched with `LIKE` and then exactly, so a
/// page may hold fewer than `limit` entries when a `_` in the name matched more.
pub(crate) async fn list(c: &impl Conn, q: ListQuery<'_>) -> Result<(Vec<Linked>, bool)> {
    use audit_log::Column as C;
    let mut query = audit_log::Entity::find();
    if let Some(p) = q.principal {
        query = query.filter(C::Principal.eq(p));
    }
    if let Some(s) = q.subject {
        query = query.filter(C::Subjects.contains(format!(" {s} ")));
    }
    if let Some(from) = q.from {
        query = query.filter(C::At.gte(from));
    }
    if let Some(to) = q.to {
        query = query.filter(C::At.lt(to));
    }
    if let Some((at, chain, seq)) = q.after {
        query = query.filter(
            Condition::any().add(C::At.lt(at)).add(
                Condition::all().add(C::At.eq(at)).add(
                    Condition::any()
                        .add(C::Chain.lt(chain))
                        .add(Condition::all().add(C::Chain.eq(chain)).add(C::Seq.lt(seq))),
                ),
            ),
        );
    }
    let rows = query
        .order_by_desc(C::At)
        .order_by_desc(C::Chain)
        .order_by_desc(C::Seq)
        .limit(q.limit + 1)
        .all(c)
        .await?;
    let more = rows.len() as u64 > q.limit;
    let linked = rows
        .into_iter()
        .take(usize::try_from(q.limit).unwrap_or(usize::MAX))
        .map(to_linked)
        .collect();
    Ok((linked, more))
}

/// Up to `limit` rows of `chain` placed after `after`, in place order.
pub(crate) async fn chain_rows(
    c: &impl Conn,
    chain: i16,
    after: i64,
    limit: u64,
) -> Result<Vec<Linked>> {
    let rows = audit_log::Entity::find()
        .filter(audit_log::Column::Chain.eq(chain))
        .filter(audit_log::Column::Seq.gt(after))
        .order_by_asc(audit_log::Column::Seq)
        .limit(limit)
        .all(c)
        .await?;
    Ok(rows.into_iter().map(to_linked).collect())
}

/// Every chain's head, in chain order.
pub(crate) async fn heads(c: &impl Conn) -> Result<Vec<Head>> {
    let rows = audit_chain::Entity::find()
        .order_by_asc(audit_chain::Column::Chain)
        .all(c)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| Head {
            chain: r.chain,
            seq: r.seq,
            hash: r.head,
        })
        .collect())
}

fn stored_subjects(subjects: &[String]) -> String {
    let mut s = String::from(" ");
    for subject in subjects {
        s.push_str(subject);
        s.push(' ');
    }
    s
}

fn to_linked(r: audit_log::Model) -> Linked {
    Linked {
        chain: r.chain,
        seq: r.seq,
        entry: Entry {
            at: r.at,
            principal: r.principal,
            method: r.method,
            subjects: r.subjects.split_whitespace().map(str::to_owned).collect(),
            outcome: r.outcome,
            request_id: r.request_id,
        },
        hash: r.hash,
    }
}
