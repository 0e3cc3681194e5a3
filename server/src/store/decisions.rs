//! Decisions in the database: append-only rows, read back with their organisations' codes.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use super::{
    Conn,
    entity::{decision, organization, person},
    is_unique_violation,
};
use crate::domain::{
    Error, Msg, Reason, Result,
    admission::Details,
    decision::Decision,
    org::{OrgCode, OrgKind},
    person::ExternalId,
    replay::StoredDecision,
};

/// Every decision about a person, revoked ones included, in submission order.
pub(crate) async fn of_person(c: &impl Conn, person_id: Uuid) -> Result<Vec<StoredDecision>> {
    let rows = decision::Entity::find()
        .filter(decision::Column::PersonId.eq(person_id))
        .order_by_asc(decision::Column::PersonSeq)
        .all(c)
        .await?;
    to_rows(c, rows).await
}

/// Every decision about each of `person_ids` that has any, revoked ones included, in
/// submission order.
pub(crate) async fn of_persons(
    c: &impl Conn,
    person_ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<StoredDecision>>> {
    let rows = decision::Entity::find()
        .filter(decision::Column::PersonId.is_in(person_ids.iter().copied()))
        .order_by_asc(decision::Column::PersonId)
        .order_by_asc(decision::Column::PersonSeq)
        .all(c)
        .await?;
    let owners: Vec<Uuid> = rows.iter().map(|r| r.person_id).collect();
    let mut by_person: HashMap<Uuid, Vec<StoredDecision>> = HashMap::new();
    for (owner, stored) in owners.into_iter().zip(to_rows(c, rows).await?) {
        by_person.entry(owner).or_default().push(stored);
    }
    Ok(by_person)
}

/// Every person with at least one decision.
pub(crate) async fn persons_with_decisions(c: &impl Conn) -> Result<Vec<Uuid>> {
    Ok(decision::Entity::find()
        .select_only()
        .column(decision::Column::PersonId)
        .distinct()
        .into_tuple()
        .all(c)
        .await?)
}

/// Non-revoked decisions made in any of `cells`, or transferring a member into one of them, on or
/// after `since`: (cell, transfer destination, date, external id).
pub(crate) async fn in_cells_since(
    c: &impl Conn,
    cells: &[Uuid],
    since: chrono::NaiveDate,
) -> Result<Vec<(Uuid, Option<Uuid>, chrono::NaiveDate, String)>> {
    Ok(decision::Entity::find()
        .select_only()
        .column(decision::Column::CellId)
        .column(decision::Column::ToCellId)
        .column(decision::Column::DecisionDate)
        .column(decision::Column::ExternalId)
        // A transfer into the subtree is a decision in it too.
        .filter(
            decision::Column::CellId
                .is_in(cells.iter().copied())
                .or(decision::Column::ToCellId.is_in(cells.iter().copied())),
        )
        .filter(decision::Column::DecisionDate.gte(since))
        .filter(decision::Column::RevokedBy.is_null())
        .order_by_asc(decision::Column::DecisionDate)
        .into_tuple()
        .all(c)
        .await?)
}

/// Whether a decision `external_id` is recorded: one indexed lookup.
pub(crate) async fn exists(c: &impl Conn, external_id: &ExternalId) -> Result<bool> {
    Ok(decision::Entity::find()
        .select_only()
        .column(decision::Column::Id)
        .filter(decision::Column::ExternalId.eq(external_id.as_str()))
        .into_tuple::<Uuid>()
        .one(c)
        .await?
        .is_some())
}

/// Whether a non-revoked decision of `kind` for `person_id` by `body_id` carries `number`.
pub(crate) async fn document_taken(
    c: &impl Conn,
    body_id: Uuid,
    number: &str,
    kind: &str,
    person_id: Uuid,
) -> Result<bool> {
    Ok(decision::Entity::find()
        .filter(decision::Column::BodyId.eq(body_id))
        .filter(decision::Column::DocumentNumber.eq(number))
        .filter(decision::Column::Kind.eq(kind))
        .filter(decision::Column::PersonId.eq(person_id))
        .filter(decision::Column::RevokedBy.is_null())
        .one(c)
        .await?
        .is_some())
}

/// A decision to store.
#[derive(Clone, Debug)]
pub(crate) struct NewRow<'a> {
    pub(crate) id: Uuid,
    pub(crate) person_id: Uuid,
    pub(crate) person_seq: i32,
    pub(crate) cell_id: Uuid,
    pub(crate) body_id: Uuid,
    /// The cell a TRANSFER moves the member to.
    pub(crate) to_cell_id: Option<Uuid>,
    pub(crate) decision: &'a Decision,
}

/// Stores a decision. A taken external id or document is refused (the checks before should
/// have caught both; the unique indexes catch a concurrent writer).
pub(crate) async fn insert(c: &impl Conn, new: NewRow<'_>) -> Result<()> {
    let d = new.decision;
    let details = serde_json::to_string(&d.details)
        .map_err(|e| Error::Internal(format!("encoding decision details: {e}")))?;
    let row = decision::ActiveModel {
        id: Set(new.id),
        external_id: Set(d.external_id.as_str().to_owned()),
        person_id: Set(new.person_id),
        person_seq: Set(new.person_seq),
        kind: Set(d.kind().as_str().to_owned()),
        decision_date: Set(d.date),
        document_number: Set(d.number.clone()),
        body_id: Set(new.body_id),
        cell_id: Set(new.cell_id),
        reason: Set(d.reason.clone()),
        details: Set(details),
        actor: Set(d.actor.clone()),
        rulebook: Set(d.rulebook.clone()),
        flags: Set(d.flags.join(",")),
        revoked_by: Set(None),
        created_at: Set(Utc::now()),
        to_cell_id: Set(new.to_cell_id),
    };
    match decision::Entity::insert(row)
        .exec_without_returning(c)
        .await
    {
        Ok(_) => Ok(()),
        Err(e) if is_unique_violation(&e) && e.to_string().contains("external_id") => {
            Err(already_exists(&d.external_id))
        }
        Err(e) if is_unique_violation(&e) => Err(document_taken_error(d)),
        Err(e) => Err(e.into()),
    }
}

/// The error for a taken decision id.
pub(crate) fn already_exists(external_id: &ExternalId) -> Error {
    Error::AlreadyExists {
        reason: Reason::DecisionAlreadyExists,
        msg: Msg::new(
            format!("Đã có quyết định mã {external_id}; mỗi mã chỉ dùng một lần"),
            format!("a decision with id {external_id} already exists"),
        ),
    }
}

/// The error for a document already recorded for this person and kind.
pub(crate) fn document_taken_error(d: &Decision) -> Error {
    let number = d.number.as_deref().unwrap_or_default();
    Error::AlreadyExists {
        reason: Reason::DocumentAlreadyRecorded,
        msg: Msg::new(
            format!(
                "Văn bản số {number} của {} đã được ghi cho người {} ({})",
                d.body,
                d.person,
                d.kind().label_vi()
            ),
            format!(
                "document {number} of {} is already recorded for {} as {}",
                d.body,
                d.person,
                d.kind().as_str()
            ),
        ),
    }
}

/// Marks a decision revoked by another.
pub(crate) async fn mark_revoked(c: &impl Conn, id: Uuid, by: Uuid) -> Result<()> {
    decision::Entity::update_many()
        .col_expr(decision::Column::RevokedBy, Expr::value(Some(by)))
        .filter(decision::Column::Id.eq(id))
        .exec(c)
        .await?;
    Ok(())
}

/// A page of decisions made in any of `cells`, by date then id, after `after`.
pub(crate) async fn in_cells(
    c: &impl Conn,
    cells: &[Uuid],
    after: Option<(chrono::NaiveDate, &str)>,
    limit: u64,
) -> Result<Vec<StoredDecision>> {
    let mut query = decision::Entity::find()
        .filter(decision::Column::CellId.is_in(cells.iter().copied()))
        .order_by_asc(decision::Column::DecisionDate)
        .order_by_asc(decision::Column::ExternalId)
        .limit(limit);
    if let Some((date, id)) = after {
        query = query.filter(
            decision::Column::DecisionDate
                .gt(date)
                .or(decision::Column::DecisionDate
                    .eq(date)
                    .and(decision::Column::ExternalId.gt(id))),
        );
    }
    to_rows(c, query.all(c).await?).await
}

async fn to_rows(c: &impl Conn, rows: Vec<decision::Model>) -> Result<Vec<StoredDecision>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut org_ids: Vec<Uuid> = rows.iter().flat_map(|r| [r.body_id, r.cell_id]).collect();
    org_ids.sort();
    org_ids.dedup();
    let orgs: HashMap<Uuid, (String, String)> = organization::Entity::find()
        .filter(organization::Column::Id.is_in(org_ids))
        .all(c)
        .await?
        .into_iter()
        .map(|o| (o.id, (o.code, o.kind)))
        .collect();
    let mut person_ids: Vec<Uuid> = rows.iter().map(|r| r.person_id).collect();
    person_ids.sort();
    person_ids.dedup();
    let persons: HashMap<Uuid, String> = person::Entity::find()
        .filter(person::Column::Id.is_in(person_ids))
        .all(c)
        .await?
        .into_iter()
        .map(|p| (p.id, p.external_id))
        .collect();
    // A revocation is about the same person, so a person's history names its own revokers;
    // only the ones outside `rows` are read.
    let mut revokers: HashMap<Uuid, String> =
        rows.iter().map(|r| (r.id, r.external_id.clone())).collect();
    let mut missing: Vec<Uuid> = rows
        .iter()
        .filter_map(|r| r.revoked_by)
        .filter(|id| !revokers.contains_key(id))
        .collect();
    missing.sort();
    missing.dedup();
    if !missing.is_empty() {
        let found: Vec<(Uuid, String)> = decision::Entity::find()
            .select_only()
            .column(decision::Column::Id)
            .column(decision::Column::ExternalId)
            .filter(decision::Column::Id.is_in(missing))
            .into_tuple()
            .all(c)
            .await?;
        revokers.extend(found);
    }
    rows.into_iter()
        .map(|r| {
            let org = |id: &Uuid| orgs.get(id).ok_or_else(|| corrupt("an organization"));
            let (body, _) = org(&r.body_id)?;
            let (cell, cell_kind) = org(&r.cell_id)?;
            let details: Details =
                serde_json::from_str(&r.details).map_err(|e| corrupt(&format!("details: {e}")))?;
            let id = |field: &str, raw: &str| {
                ExternalId::parse(field, raw).map_err(|v| corrupt(&v.msg.en))
            };
            let code = |raw: &str| OrgCode::parse("code", raw).map_err(|v| corrupt(&v.msg.en));
            let decision = Decision {
                external_id: id("external_id", &r.external_id)?,
                person: id(
                    "person",
                    persons
                        .get(&r.person_id)
                        .ok_or_else(|| corrupt("a person"))?,
                )?,
                date: r.decision_date,
                number: r.document_number,
                body: code(body)?,
                cell: code(cell)?,
                reason: r.reason,
                details,
                actor: r.actor,
                rulebook: r.rulebook,
                flags: r
                    .flags
                    .split(',')
                    .filter(|f| !f.is_empty())
                    .map(str::to_owned)
                    .collect(),
                revoked_by: r
                    .revoked_by
                    .map(|by| {
                        id(
                            "revoked_by",
                            revokers.get(&by).ok_or_else(|| corrupt("a revoker"))?,
                        )
                    })
                    .transpose()?,
            };
            Ok(StoredDecision {
                id: r.id,
                person_seq: r.person_seq,
                cell_kind: OrgKind::parse(cell_kind).ok_or_else(|| corrupt(cell_kind))?,
                cell_id: r.cell_id,
                decision,
            })
        })
        .collect()
}

fn corrupt(what: &str) -> Error {
    Error::Internal(format!("stored decision data is inconsistent: {what}"))
}
