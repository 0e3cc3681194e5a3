//! The request-id store behind idempotent mutations (AIP-155).

use chrono::Utc;
use sea_orm::{ActiveValue::Set, EntityTrait};

use super::{Conn, entity::request_log, is_unique_violation};
use crate::domain::Result;

/// An accepted mutation as first answered.
#[derive(Clone, Debug)]
pub(crate) struct StoredRequest {
    pub(crate) method: String,
    pub(crate) fingerprint: String,
    pub(crate) response: String,
}

/// The stored answer to `request_id`, if any.
pub(crate) async fn find(c: &impl Conn, request_id: &str) -> Result<Option<StoredRequest>> {
    let row = request_log::Entity::find_by_id(request_id.to_owned())
        .one(c)
        .await?;
    Ok(row.map(|r| StoredRequest {
        method: r.method,
        fingerprint: r.fingerprint,
        response: r.response,
    }))
}

/// Whether the row was stored, or another call with that request_id got there first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Recorded {
    Stored,
    Taken,
}

/// Reserves `request_id` in the mutation's transaction, before the work; its answer follows with
/// [`answer`]. A rollback frees it again, so only accepted mutations keep their id.
pub(crate) async fn reserve(
    c: &impl Conn,
    request_id: &str,
    stored: StoredRequest,
    principal: &str,
) -> Result<Recorded> {
    let row = request_log::ActiveModel {
        request_id: Set(request_id.to_owned()),
        method: Set(stored.method),
        fingerprint: Set(stored.fingerprint),
        response: Set(stored.response),
        principal: Set(principal.to_owned()),
        created_at: Set(Utc::now()),
    };
    match request_log::Entity::insert(row)
        .exec_without_returning(c)
        .await
    {
        Ok(_) => Ok(Recorded::Stored),
        Err(e) if is_unique_violation(&e) => Ok(Recorded::Taken),
        Err(e) => Err(e.into()),
    }
}

/// Stores the answer of the mutation that reserved `request_id`.
pub(crate) async fn answer(c: &impl Conn, request_id: &str, response: String) -> Result<()> {
    use sea_orm::{ColumnTrait, QueryFilter, sea_query::Expr};
    request_log::Entity::update_many()
        .col_expr(request_log::Column::Response, Expr::value(response))
        .filter(request_log::Column::RequestId.eq(request_id))
        .exec(c)
        .await?;
    Ok(())
}
