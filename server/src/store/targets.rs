//! Admissions targets in the database: one row per organisation and year.

use chrono::Utc;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use uuid::Uuid;

use super::{Conn, entity::target, is_unique_violation};
use crate::domain::{Error, Result, org::OrgCode, target::Target};

/// A stored target with its row id.
#[derive(Clone, Debug)]
pub(crate) struct TargetRow {
    pub(crate) id: Uuid,
    pub(crate) target: Target,
}

/// The target of the organisation with row id `org_id` (whose code is `org`) for `year`.
pub(crate) async fn find(
    c: &impl Conn,
    org_id: Uuid,
    org: &OrgCode,
    year: i32,
) -> Result<Option<TargetRow>> {
    let row = target::Entity::find()
        .filter(target::Column::OrgId.eq(org_id))
        .filter(target::Column::Year.eq(year))
        .one(c)
        .await?;
    Ok(row.map(|row| TargetRow {
        id: row.id,
        target: Target {
            org: org.clone(),
            year: row.year,
            admissions: row.admissions,
            version: row.version,
        },
    }))
}

/// Stores a first target for (`org_id`, `target.year`), set by `actor`.
pub(crate) async fn insert(
    c: &impl Conn,
    org_id: Uuid,
    target: &Target,
    actor: &str,
) -> Result<()> {
    let row = target::ActiveModel {
        id: Set(Uuid::new_v4()),
        org_id: Set(org_id),
        year: Set(target.year),
        admissions: Set(target.admissions),
        version: Set(target.version),
        actor: Set(actor.to_owned()),
        updated_at: Set(Utc::now()),
    };
    match target::Entity::insert(row).exec_without_returning(c).await {
        Ok(_) => Ok(()),
        // Another writer stored the first target of that year meanwhile: running again finds
        // it and replaces it.
        Err(e) if is_unique_violation(&e) => Err(Error::Contended(format!("target: {e}"))),
        Err(e) => Err(e.into()),
    }
}

/// Replaces the admissions of row `id` if it is still at `expected_version`; whether it was.
pub(crate) async fn save_if_unchanged(
    c: &impl Conn,
    id: Uuid,
    admissions: i32,
    expected_version: i64,
    actor: &str,
) -> Result<bool> {
    let res = target::Entity::update_many()
        .col_expr(target::Column::Admissions, Expr::value(admissions))
        .col_expr(target::Column::Version, Expr::value(expected_version + 1))
        .col_expr(target::Column::Actor, Expr::value(actor.to_owned()))
        .col_expr(target::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(target::Column::Id.eq(id))
        .filter(target::Column::Version.eq(expected_version))
        .exec(c)
        .await?;
    Ok(res.rows_affected == 1)
}
