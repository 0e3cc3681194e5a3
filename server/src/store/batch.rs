//! What a run of imported lines reads at once (DESIGN §6, §10): the set versions of the reads a
//! `person` or `member` line makes, one statement per table for the whole run instead of one per
//! line. Each answers by key; what is missing from an answer is not stored.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use super::{
    Conn,
    entity::{admission_case, change_log, member, organization, person, person_cell},
    orgs::{Lock, OrgRow, corrupt, to_domain},
    people::Own,
};
use crate::domain::{
    Result, admission::CaseState, member::Interval, org::OrgCode, replay::StoredDecision,
    tally::Attributes,
};

/// Keys per `IN (…)` list: well under SQLite's parameter limit.
const KEYS_PER_QUERY: usize = 500;

/// The line last stored under each of `keys` of `kind`.
pub(crate) async fn latest_lines(
    c: &impl Conn,
    kind: &str,
    keys: &[String],
) -> Result<HashMap<String, String>> {
    let mut latest: HashMap<String, (i64, String)> = HashMap::new();
    for chunk in keys.chunks(KEYS_PER_QUERY) {
        let rows: Vec<(String, i64, String)> = change_log::Entity::find()
            .select_only()
            .column(change_log::Column::RecordKey)
            .column(change_log::Column::Number)
            .column(change_log::Column::Line)
            .filter(change_log::Column::Kind.eq(kind))
            .filter(change_log::Column::RecordKey.is_in(chunk.iter().cloned()))
            .into_tuple()
            .all(c)
            .await?;
        for (key, number, line) in rows {
            let slot = latest.entry(key).or_insert((number, String::new()));
            if number >= slot.0 {
                *slot = (number, line);
            }
        }
    }
    Ok(latest.into_iter().map(|(k, (_, line))| (k, line)).collect())
}

/// The external ids among `external_ids` that a stored person has.
pub(crate) async fn taken_ids(c: &impl Conn, external_ids: &[String]) -> Result<HashSet<String>> {
    let mut taken = HashSet::new();
    for chunk in external_ids.chunks(KEYS_PER_QUERY) {
        let found: Vec<String> = person::Entity::find()
            .select_only()
            .column(person::Column::ExternalId)
            .filter(person::Column::ExternalId.is_in(chunk.iter().cloned()))
            .into_tuple()
            .all(c)
            .await?;
        taken.extend(found);
    }
    Ok(taken)
}

/// The national ID numbers among `numbers` that a stored person holds.
pub(crate) async fn held_national_ids(
    c: &impl Conn,
    numbers: &[String],
) -> Result<HashSet<String>> {
    let mut held = HashSet::new();
    for chunk in numbers.chunks(KEYS_PER_QUERY) {
        let found: Vec<Option<String>> = person::Entity::find()
            .select_only()
            .column(person::Column::NationalId)
            .filter(person::Column::NationalId.is_in(chunk.iter().cloned()))
            .into_tuple()
            .all(c)
            .await?;
        held.extend(found.into_iter().flatten());
    }
    Ok(held)
}

/// The organisations `codes`, locked shared in row-id order (a concurrent move or dissolution
/// waits; writers recording persons in them do not wait for each other, nor deadlock). Their
/// `parent` is left out: the checks on a cell that holds persons do not need it.
pub(crate) async fn orgs_shared(
    c: &impl Conn,
    codes: &[String],
) -> Result<HashMap<String, OrgRow>> {
    let mut orgs = HashMap::new();
    for chunk in codes.chunks(KEYS_PER_QUERY) {
        let query = organization::Entity::find()
            .filter(organization::Column::Code.is_in(chunk.iter().cloned()))
            .order_by_asc(organization::Column::Id);
        for row in Lock::ForShare.on(query).all(c).await? {
            let id = row.id;
            let org = to_domain(row, None)?;
            orgs.insert(org.code.to_string(), OrgRow { id, org });
        }
    }
    Ok(orgs)
}

/// The day each cell interval began and its cell, oldest first.
type CellDays = Vec<(NaiveDate, Uuid)>;

/// What a registration and the figures need of a stored person.
#[derive(Clone, Debug)]
pub(crate) struct Registering {
    pub(crate) id: Uuid,
    pub(crate) attributes: Attributes,
    pub(crate) member: bool,
    pub(crate) case_state: Option<CaseState>,
    /// Every cell interval, oldest first, with each cell's own validity.
    pub(crate) intervals: Vec<Interval>,
    pub(crate) cells: CellDays,
    /// Every decision, revoked ones included, in submission order.
    pub(crate) stored: Vec<StoredDecision>,
}

/// The stored persons among `external_ids`, locked for update in row-id order (a decision on
/// one of them waits), with what registering them as members is judged on.
pub(crate) async fn registering(
    c: &impl Conn,
    external_ids: &[String],
) -> Result<HashMap<String, Registering>> {
    let mut found = HashMap::new();
    for chunk in external_ids.chunks(KEYS_PER_QUERY) {
        let query = person::Entity::find()
            .filter(person::Column::ExternalId.is_in(chunk.iter().cloned()))
            .order_by_asc(person::Column::Id);
        let rows = Lock::ForUpdate.on(query).all(c).await?;
        if rows.is_empty() {
            continue;
        }
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let members: HashSet<Uuid> = member::Entity::find()
            .select_only()
            .column(member::Column::PersonId)
            .filter(member::Column::PersonId.is_in(ids.iter().copied()))
            .into_tuple()
            .all(c)
            .await?
            .into_iter()
            .collect();
        let mut cases: HashMap<Uuid, (i32, String)> = HashMap::new();
        let case_rows: Vec<(Uuid, i32, String)> = admission_case::Entity::find()
            .select_only()
            .column(admission_case::Column::PersonId)
            .column(admission_case::Column::Seq)
            .column(admission_case::Column::State)
            .filter(admission_case::Column::PersonId.is_in(ids.iter().copied()))
            .into_tuple()
            .all(c)
            .await?;
        for (person_id, seq, state) in case_rows {
            let slot = cases.entry(person_id).or_insert((seq, state.clone()));
            if seq >= slot.0 {
                *slot = (seq, state);
            }
        }
        let intervals = person_cell::Entity::find()
            .filter(person_cell::Column::PersonId.is_in(ids.iter().copied()))
            .order_by_asc(person_cell::Column::ValidFrom)
            .all(c)
            .await?;
        let mut cell_ids: Vec<Uuid> = intervals.iter().map(|i| i.cell_id).collect();
        cell_ids.sort_unstable();
        cell_ids.dedup();
        let cells: HashMap<Uuid, organization::Model> = organization::Entity::find()
            .filter(organization::Column::Id.is_in(cell_ids))
            .all(c)
            .await?
            .into_iter()
            .map(|o| (o.id, o))
            .collect();
        let mut stored = super::decisions::of_persons(c, &ids).await?;
        let mut by_person: HashMap<Uuid, (Vec<Interval>, CellDays)> = HashMap::new();
        for interval in intervals {
            let cell = cells
                .get(&interval.cell_id)
                .ok_or_else(|| corrupt("a cell interval without its cell"))?;
            let code = OrgCode::parse("cell", &cell.code).map_err(|v| corrupt(&v.msg.en))?;
            let (list, days) = by_person.entry(interval.person_id).or_default();
            list.push(Interval {
                cell: code,
                from: interval.valid_from,
                cell_from: cell.valid_from,
                cell_to: cell.valid_to,
            });
            days.push((interval.valid_from, interval.cell_id));
        }
        for row in rows {
            let own = Own::parse(&row)?;
            let (intervals, cells) = by_person.remove(&row.id).unwrap_or_default();
            let case_state = cases
                .remove(&row.id)
                .map(|(_, state)| CaseState::parse(&state).ok_or_else(|| corrupt(&state)))
                .transpose()?;
            found.insert(
                row.external_id.clone(),
                Registering {
                    id: row.id,
                    attributes: Attributes::new(
                        own.gender,
                        &own.ethnicity,
                        row.religion.as_deref(),
                        own.education,
                        row.birth_date,
                    ),
                    member: members.contains(&row.id),
                    case_state,
                    intervals,
                    cells,
                    stored: stored.remove(&row.id).unwrap_or_default(),
                },
            );
        }
    }
    Ok(found)
}
