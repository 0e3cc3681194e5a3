//! The list query of organisations: one page of the tree as it was on a day.

use chrono::NaiveDate;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, Order, Query};

use super::{corrupt, to_domain};
use crate::{
    domain::{
        Result,
        org::{OrgCode, OrgFilter, Organization},
    },
    store::{
        Conn,
        entity::{org_parent, organization},
    },
};

/// One page of organisations valid on `as_of`, each with its parent that day, ordered by code.
#[derive(Clone, Debug)]
pub(crate) struct ListQuery<'a> {
    pub(crate) as_of: NaiveDate,
    pub(crate) filter: &'a OrgFilter,
    pub(crate) after: Option<&'a str>,
    pub(crate) limit: u64,
}

/// Runs a [`ListQuery`].
pub(crate) async fn list(c: &impl Conn, q: ListQuery<'_>) -> Result<Vec<Organization>> {
    let (o, op, p) = (Alias::new("o"), Alias::new("op"), Alias::new("p"));
    let col = |t: &Alias, name: &str| Expr::col((t.clone(), Alias::new(name)));
    let valid_on = |t: &Alias, day: NaiveDate| {
        col(t, "valid_from")
            .lte(day)
            .and(col(t, "valid_to").is_null().or(col(t, "valid_to").gte(day)))
    };

    let mut select = Query::select();
    select
        .exprs([
            col(&o, "id"),
            col(&o, "code"),
            col(&o, "display_name"),
            col(&o, "kind"),
            col(&o, "sector"),
            col(&o, "valid_from"),
            col(&o, "valid_to"),
            col(&o, "version"),
            col(&o, "created_at"),
            col(&o, "updated_at"),
        ])
        .expr_as(col(&p, "code"), Alias::new("parent_code"))
        .from_as(organization::Entity, o.clone())
        .join_as(
            JoinType::InnerJoin,
            org_parent::Entity,
            op.clone(),
            col(&op, "org_id")
                .equals((o.clone(), Alias::new("id")))
                .and(valid_on(&op, q.as_of)),
        )
        .join_as(
            JoinType::LeftJoin,
            organization::Entity,
            p.clone(),
            col(&p, "id").equals((op.clone(), Alias::new("parent_id"))),
        )
        .and_where(valid_on(&o, q.as_of))
        .order_by((o.clone(), Alias::new("code")), Order::Asc)
        .limit(q.limit);
    if let Some(kind) = q.filter.kind {
        select.and_where(col(&o, "kind").eq(kind.as_str()));
    }
    match &q.filter.parent {
        None => {}
        Some(None) => {
            select.and_where(col(&op, "parent_id").is_null());
        }
        Some(Some(parent)) => {
            select.and_where(col(&p, "code").eq(parent.as_str()));
        }
    }
    if let Some(ancestor) = &q.filter.ancestor {
        // The subtree of that day, walked level by level over the parent intervals.
        let root = super::get(c, ancestor, super::Lock::No).await?;
        let ids = super::subtree_on(c, root.id, q.as_of).await?;
        select.and_where(col(&o, "id").is_in(ids));
    }
    if let Some(after) = q.after {
        select.and_where(col(&o, "code").gt(after));
    }

    let rows = c.query_all(&select).await?;
    rows.into_iter()
        .map(|row| {
            let parent: Option<String> = row.try_get("", "parent_code")?;
            let parent = parent
                .map(|p| OrgCode::parse("parent", &p).map_err(|v| corrupt(&v.msg.en)))
                .transpose()?;
            let model = organization::Model {
                id: row.try_get("", "id")?,
                code: row.try_get("", "code")?,
                display_name: row.try_get("", "display_name")?,
                kind: row.try_get("", "kind")?,
                sector: row.try_get("", "sector")?,
                valid_from: row.try_get("", "valid_from")?,
                valid_to: row.try_get("", "valid_to")?,
                version: row.try_get("", "version")?,
                created_at: row.try_get("", "created_at")?,
                updated_at: row.try_get("", "updated_at")?,
            };
            to_domain(model, parent)
        })
        .collect()
}
