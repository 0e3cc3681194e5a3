//! Organisations in the database: rows, dated parent intervals, events, and the list query.

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use super::{
    Conn,
    entity::{org_event, org_parent, organization},
    is_unique_violation,
};
use crate::domain::{
    Error, Msg, Reason, Result,
    org::{OrgCode, OrgKind, Organization, Sector},
};

mod list;
mod merge;

pub(crate) use list::{ListQuery, list};
pub(crate) use merge::hand_over_children;

/// The deepest tree walked before the data is called corrupt (a tree is at most 6 levels).
const MAX_DEPTH: usize = 32;

/// An organisation with its row id.
#[derive(Clone, Debug)]
pub(crate) struct OrgRow {
    pub(crate) id: Uuid,
    pub(crate) org: Organization,
}

/// A parent interval of an organisation.
pub(crate) type Interval = org_parent::Model;

/// Whether a read also locks the row until the transaction ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lock {
    /// A plain read.
    No,
    /// `SELECT … FOR UPDATE` on PostgreSQL, so that a concurrent writer that checks this
    /// organisation (creating a child under it, dissolving it) waits for this transaction.
    /// SQLite needs none: its writers are serialised by `BEGIN IMMEDIATE`.
    ForUpdate,
    /// `SELECT … FOR SHARE` on PostgreSQL: keeps moves and dissolutions (which lock `FOR
    /// UPDATE`) out until this transaction ends, without making writers that only need the row
    /// to stay as it is (recording persons in a cell) queue behind one another.
    ForShare,
}

impl Lock {
    /// `query` with this lock.
    pub(crate) fn on<Q: QuerySelect>(self, query: Q) -> Q {
        match self {
            Self::No => query,
            Self::ForUpdate => query.lock_exclusive(),
            Self::ForShare => query.lock_shared(),
        }
    }
}

/// The organisation `code` with its latest parent, if it exists.
pub(crate) async fn find(c: &impl Conn, code: &OrgCode, lock: Lock) -> Result<Option<OrgRow>> {
    let query = organization::Entity::find().filter(organization::Column::Code.eq(code.as_str()));
    let Some(row) = lock.on(query).one(c).await? else {
        return Ok(None);
    };
    let parent = match latest_interval(c, row.id).await?.and_then(|i| i.parent_id) {
        Some(parent_id) => Some(code_of(c, parent_id).await?),
        None => None,
    };
    Ok(Some(OrgRow {
        id: row.id,
        org: to_domain(row, parent)?,
    }))
}

/// The organisation `code`, or `ORG_NOT_FOUND`.
pub(crate) async fn get(c: &impl Conn, code: &OrgCode, lock: Lock) -> Result<OrgRow> {
    find(c, code, lock)
        .await?
        .ok_or_else(|| Error::org_not_found(code.as_str()))
}

/// The organisation `code` in one read, its `parent` left out, or `ORG_NOT_FOUND`: for callers
/// that judge by the tree (a decision's deciding body and transfer destination).
pub(crate) async fn get_without_parent(c: &impl Conn, code: &OrgCode) -> Result<OrgRow> {
    let row = organization::Entity::find()
        .filter(organization::Column::Code.eq(code.as_str()))
        .one(c)
        .await?
        .ok_or_else(|| Error::org_not_found(code.as_str()))?;
    Ok(OrgRow {
        id: row.id,
        org: to_domain(row, None)?,
    })
}

/// The code of the organisation with row id `id`.
pub(crate) async fn code_of(c: &impl Conn, id: Uuid) -> Result<OrgCode> {
    let row = organization::Entity::find_by_id(id)
        .one(c)
        .await?
        .ok_or_else(|| Error::Internal(format!("organization {id} referenced but missing")))?;
    OrgCode::parse("code", &row.code).map_err(|v| corrupt(&v.msg.en))
}

/// A new row and its first parent interval.
#[derive(Clone, Debug)]
pub(crate) struct NewOrgRow<'a> {
    pub(crate) id: Uuid,
    pub(crate) org: &'a Organization,
    pub(crate) parent_id: Option<Uuid>,
}

/// Inserts an organisation and its first parent interval; a taken code is `ORG_ALREADY_EXISTS`.
pub(crate) async fn insert(c: &impl Conn, new: NewOrgRow<'_>) -> Result<()> {
    let now = Utc::now();
    let org = new.org;
    let row = organization::ActiveModel {
        id: Set(new.id),
        code: Set(org.code.as_str().to_owned()),
        display_name: Set(org.display_name.clone()),
        kind: Set(org.kind.as_str().to_owned()),
        sector: Set(org.sector.as_str().to_owned()),
        valid_from: Set(org.valid_from),
        valid_to: Set(org.valid_to),
        version: Set(org.version),
        created_at: Set(now),
        updated_at: Set(now),
    };
    match organization::Entity::insert(row)
        .exec_without_returning(c)
        .await
    {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => return Err(already_exists(&org.code)),
        Err(e) => return Err(e.into()),
    }
    add_interval(c, new.id, new.parent_id, org.valid_from, org.valid_to).await
}

/// The error for a code that is taken.
pub(crate) fn already_exists(code: &OrgCode) -> Error {
    Error::AlreadyExists {
        reason: Reason::OrgAlreadyExists,
        msg: Msg::new(
            format!("Đã có tổ chức đảng mã {code}; mỗi mã chỉ dùng một lần"),
            format!("an organization with code {code} already exists; codes are never reused"),
        ),
    }
}

/// The latest parent interval (the one in force today or on the last valid day).
pub(crate) async fn latest_interval(c: &impl Conn, org_id: Uuid) -> Result<Option<Interval>> {
    Ok(org_parent::Entity::find()
        .filter(org_parent::Column::OrgId.eq(org_id))
        .order_by_desc(org_parent::Column::ValidFrom)
        .one(c)
        .await?)
}

/// The parent of `org_id` on `day`: `None` for a root that day (or not valid that day).
async fn parent_on(c: &impl Conn, org_id: Uuid, day: NaiveDate) -> Result<Option<Uuid>> {
    let interval = org_parent::Entity::find()
        .filter(org_parent::Column::OrgId.eq(org_id))
        .filter(org_parent::Column::ValidFrom.lte(day))
        .filter(
            org_parent::Column::ValidTo
                .is_null()
                .or(org_parent::Column::ValidTo.gte(day)),
        )
        .one(c)
        .await?;
    Ok(interval.and_then(|i| i.parent_id))
}

/// Takes `FOR SHARE` locks on the organisations `ids` (PostgreSQL; SQLite's writers are
/// serialised anyway), so that a move or dissolution of any of them waits for this transaction
/// and then sees what it wrote.
pub(crate) async fn lock_shared(c: &impl Conn, ids: &[Uuid]) -> Result<()> {
    organization::Entity::find()
        .filter(organization::Column::Id.is_in(ids.iter().copied()))
        .lock_shared()
        .all(c)
        .await?;
    Ok(())
}

/// `org_id` and its ancestors on `day`, nearest first.
pub(crate) async fn lineage_on(c: &impl Conn, org_id: Uuid, day: NaiveDate) -> Result<Vec<Uuid>> {
    let mut chain = vec![org_id];
    let mut current = org_id;
    while let Some(parent) = parent_on(c, current, day).await? {
        if chain.len() > MAX_DEPTH || chain.contains(&parent) {
            return Err(corrupt("the organization tree has a cycle"));
        }
        chain.push(parent);
        current = parent;
    }
    Ok(chain)
}

/// Every day on or after `day` on which some organisation's parent changed: the only days
/// on which the tree after `day` can differ from the tree on `day`.
pub(crate) async fn tree_change_days_after(
    c: &impl Conn,
    day: NaiveDate,
) -> Result<Vec<NaiveDate>> {
    let rows: Vec<NaiveDate> = org_parent::Entity::find()
        .select_only()
        .column(org_parent::Column::ValidFrom)
        .distinct()
        .filter(org_parent::Column::ValidFrom.gt(day))
        .into_tuple()
        .all(c)
        .await?;
    Ok(rows)
}

/// Codes of up to `limit` children of `org_id` still attached on or after `day`.
pub(crate) async fn children_from(
    c: &impl Conn,
    org_id: Uuid,
    day: NaiveDate,
    limit: u64,
) -> Result<Vec<String>> {
    let child_ids: Vec<Uuid> = org_parent::Entity::find()
        .select_only()
        .column(org_parent::Column::OrgId)
        .distinct()
        .filter(org_parent::Column::ParentId.eq(org_id))
        .filter(
            org_parent::Column::ValidTo
                .is_null()
                .or(org_parent::Column::ValidTo.gte(day)),
        )
        .limit(limit)
        .into_tuple()
        .all(c)
        .await?;
    let codes: Vec<String> = organization::Entity::find()
        .select_only()
        .column(organization::Column::Code)
        .filter(organization::Column::Id.is_in(child_ids))
        .order_by_asc(organization::Column::Code)
        .into_tuple()
        .all(c)
        .await?;
    Ok(codes)
}

/// Ends an interval on `last_day` (inclusive).
pub(crate) async fn end_interval(
    c: &impl Conn,
    interval_id: Uuid,
    last_day: NaiveDate,
) -> Result<()> {
    super::tree::changed(c).await?;
    org_parent::Entity::update_many()
        .col_expr(org_parent::Column::ValidTo, Expr::value(Some(last_day)))
        .filter(org_parent::Column::Id.eq(interval_id))
        .exec(c)
        .await?;
    Ok(())
}

/// Starts a parent interval.
pub(crate) async fn add_interval(
    c: &impl Conn,
    org_id: Uuid,
    parent_id: Option<Uuid>,
    from: NaiveDate,
    to: Option<NaiveDate>,
) -> Result<()> {
    super::tree::changed(c).await?;
    let row = org_parent::ActiveModel {
        id: Set(Uuid::new_v4()),
        org_id: Set(org_id),
        parent_id: Set(parent_id),
        valid_from: Set(from),
        valid_to: Set(to),
    };
    org_parent::Entity::insert(row)
        .exec_without_returning(c)
        .await?;
    Ok(())
}

/// The kind of restructuring event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EventKind {
    Move,
    Merge,
    Dissolve,
}

impl EventKind {
    fn as_str(self) -> &'static str {
        match self {
            EventKind::Move => "move",
            EventKind::Merge => "merge",
            EventKind::Dissolve => "dissolve",
        }
    }
}

/// A restructuring event to record.
#[derive(Clone, Debug)]
pub(crate) struct NewEvent<'a> {
    pub(crate) org_id: Uuid,
    pub(crate) kind: EventKind,
    pub(crate) date: NaiveDate,
    /// The new parent of a move (`None`: it became a root), the survivor of a merge.
    pub(crate) parent_id: Option<Uuid>,
    pub(crate) document_number: Option<&'a str>,
    pub(crate) body_id: Option<Uuid>,
    pub(crate) actor: &'a str,
}

/// Records a restructuring event.
pub(crate) async fn insert_event(c: &impl Conn, e: NewEvent<'_>) -> Result<()> {
    let row = org_event::ActiveModel {
        id: Set(Uuid::new_v4()),
        org_id: Set(e.org_id),
        event: Set(e.kind.as_str().to_owned()),
        date: Set(e.date),
        parent_id: Set(e.parent_id),
        document_number: Set(e.document_number.map(str::to_owned)),
        body_id: Set(e.body_id),
        actor: Set(e.actor.to_owned()),
        created_at: Set(Utc::now()),
    };
    org_event::Entity::insert(row)
        .exec_without_returning(c)
        .await?;
    Ok(())
}

/// Writes the organisation's own columns if its version is still `expected_version`, bumping
/// it. Returns whether the row was written (false: someone changed it in between).
pub(crate) async fn save_if_unchanged(
    c: &impl Conn,
    id: Uuid,
    org: &Organization,
    expected_version: i64,
) -> Result<bool> {
    // Sector and validity are the tree's too.
    super::tree::changed(c).await?;
    let res = organization::Entity::update_many()
        .col_expr(
            organization::Column::DisplayName,
            Expr::value(org.display_name.clone()),
        )
        .col_expr(
            organization::Column::Sector,
            Expr::value(org.sector.as_str()),
        )
        .col_expr(organization::Column::ValidTo, Expr::value(org.valid_to))
        .col_expr(
            organization::Column::Version,
            Expr::value(expected_version + 1),
        )
        .col_expr(organization::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(organization::Column::Id.eq(id))
        .filter(organization::Column::Version.eq(expected_version))
        .exec(c)
        .await?;
    Ok(res.rows_affected == 1)
}

/// The domain organisation of a row, with its parent of the day looked at.
pub(super) fn to_domain(row: organization::Model, parent: Option<OrgCode>) -> Result<Organization> {
    let organization::Model {
        id: _,
        code,
        display_name,
        kind,
        sector,
        valid_from,
        valid_to,
        version,
        created_at: _,
        updated_at: _,
    } = row;
    Ok(Organization {
        code: OrgCode::parse("code", &code).map_err(|v| corrupt(&v.msg.en))?,
        display_name,
        kind: OrgKind::parse(&kind).ok_or_else(|| corrupt(&format!("unknown kind {kind}")))?,
        sector: Sector::parse(&sector)
            .ok_or_else(|| corrupt(&format!("unknown sector {sector}")))?,
        parent,
        valid_from,
        valid_to,
        version,
    })
}

pub(super) fn corrupt(what: &str) -> Error {
    Error::Internal(format!("stored organization data is inconsistent: {what}"))
}

/// `org_id` and every organisation under it on `day`, one query per level of the tree.
pub(crate) async fn subtree_on(c: &impl Conn, org_id: Uuid, day: NaiveDate) -> Result<Vec<Uuid>> {
    descendants(c, org_id, Some(day)).await
}

/// `org_id` and every organisation that was ever under it, on any day (a superset that callers
/// narrow by each record's own date).
pub(crate) async fn ever_under(c: &impl Conn, org_id: Uuid) -> Result<Vec<Uuid>> {
    descendants(c, org_id, None).await
}

async fn descendants(c: &impl Conn, org_id: Uuid, day: Option<NaiveDate>) -> Result<Vec<Uuid>> {
    let mut seen = std::collections::HashSet::from([org_id]);
    let mut all = vec![org_id];
    let mut level = vec![org_id];
    for _ in 0..=MAX_DEPTH {
        if level.is_empty() {
            return Ok(all);
        }
        let mut query = org_parent::Entity::find()
            .select_only()
            .column(org_parent::Column::OrgId)
            .distinct()
            .filter(org_parent::Column::ParentId.is_in(level));
        if let Some(day) = day {
            query = query.filter(org_parent::Column::ValidFrom.lte(day)).filter(
                org_parent::Column::ValidTo
                    .is_null()
                    .or(org_parent::Column::ValidTo.gte(day)),
            );
        }
        let children: Vec<Uuid> = query.into_tuple().all(c).await?;
        level = children.into_iter().filter(|id| seen.insert(*id)).collect();
        all.extend(level.iter().copied());
    }
    Err(corrupt(
        "the organization tree is deeper than any tree can be",
    ))
}
