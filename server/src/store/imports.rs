//! Imports in the database: the last line each `import_id` committed and the lines it refused.

use chrono::Utc;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{
    Conn,
    entity::{import_refusal, import_run},
    is_unique_violation,
};
use crate::domain::{Error, Result};

/// A line an import refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub(crate) line_number: i64,
    pub(crate) key: String,
    pub(crate) reason: String,
    pub(crate) message: String,
    pub(crate) message_vi: String,
}

/// The last line `import_id` committed (0: none), locking its row until the transaction ends so
/// that two runs of one import never commit the same lines.
pub(crate) async fn lock(c: &impl Conn, import_id: &str, actor: &str) -> Result<i64> {
    let row = import_run::Entity::find_by_id(import_id.to_owned())
        .lock_exclusive()
        .one(c)
        .await?;
    if let Some(row) = row {
        return Ok(row.last_line);
    }
    let row = import_run::ActiveModel {
        import_id: Set(import_id.to_owned()),
        last_line: Set(0),
        actor: Set(actor.to_owned()),
        updated_at: Set(Utc::now()),
    };
    match import_run::Entity::insert(row)
        .exec_without_returning(c)
        .await
    {
        Ok(_) => Ok(0),
        // Another run of this import started meanwhile; running again waits for its lock.
        Err(e) if is_unique_violation(&e) => Err(Error::Contended(format!("import_run: {e}"))),
        Err(e) => Err(e.into()),
    }
}

/// The last line `import_id` committed, without locking (0: none).
pub(crate) async fn last_line(c: &impl Conn, import_id: &str) -> Result<i64> {
    Ok(import_run::Entity::find_by_id(import_id.to_owned())
        .one(c)
        .await?
        .map_or(0, |r| r.last_line))
}

/// Records that `import_id` committed every line up to `last_line`, refusing `refusals`.
pub(crate) async fn advance(
    c: &impl Conn,
    import_id: &str,
    last_line: i64,
    refusals: &[Refusal],
) -> Result<()> {
    import_run::Entity::update_many()
        .col_expr(import_run::Column::LastLine, last_line.into())
        .col_expr(import_run::Column::UpdatedAt, Utc::now().into())
        .filter(import_run::Column::ImportId.eq(import_id))
        .exec(c)
        .await?;
    let rows: Vec<import_refusal::ActiveModel> = refusals
        .iter()
        .map(|r| import_refusal::ActiveModel {
            import_id: Set(import_id.to_owned()),
            line_number: Set(r.line_number),
            record_key: Set(r.key.clone()),
            reason: Set(r.reason.clone()),
            message: Set(r.message.clone()),
            message_vi: Set(r.message_vi.clone()),
        })
        .collect();
    for chunk in rows.chunks(100) {
        import_refusal::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(c)
            .await?;
    }
    Ok(())
}

/// The refusals `import_id` stored for lines in `from..=to`, in line order.
pub(crate) async fn refusals(
    c: &impl Conn,
    import_id: &str,
    from: i64,
    to: i64,
) -> Result<Vec<Refusal>> {
    let rows = import_refusal::Entity::find()
        .filter(import_refusal::Column::ImportId.eq(import_id))
        .filter(import_refusal::Column::LineNumber.between(from, to))
        .order_by_asc(import_refusal::Column::LineNumber)
        .all(c)
        .await?;
    Ok(rows
        .into_iter()
        .map(|r| Refusal {
            line_number: r.line_number,
            key: r.record_key,
            reason: r.reason,
            message: r.message,
            message_vi: r.message_vi,
        })
        .collect())
}
