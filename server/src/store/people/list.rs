//! The person list: one page of persons passing a filter, and the records shown for it.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use sea_orm::{
    ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Alias, Expr, ExprTrait, LikeExpr, Query},
};
use uuid::Uuid;

use super::{PersonRow, Shown, assemble, corrupt};
use crate::{
    domain::{Error, Result, admission::CaseState, org::OrgCode},
    store::{
        Conn,
        entity::{admission_case, member, organization, person, person_cell},
    },
};

/// One page of persons, ordered by external id.
#[derive(Clone, Debug)]
pub(crate) struct ListQuery<'a> {
    /// The day "current cell" refers to.
    pub(crate) today: NaiveDate,
    /// Only persons whose cell on `today` is one of these organisations.
    pub(crate) cells: Option<&'a [Uuid]>,
    /// Only persons whose latest case is in this state.
    pub(crate) state: Option<CaseState>,
    /// Only persons whose padded name key is `LIKE` this pattern (`ESCAPE '\'`).
    pub(crate) name_pattern: Option<&'a str>,
    /// Only persons whose external id sorts after this.
    pub(crate) after: Option<&'a str>,
    pub(crate) limit: u64,
}

/// Runs a [`ListQuery`].
pub(crate) async fn list(c: &impl Conn, q: ListQuery<'_>) -> Result<Vec<PersonRow>> {
    let col = |t: &Alias, name: &str| Expr::col((t.clone(), Alias::new(name)));
    let mut query = person::Entity::find();
    if let Some(cells) = q.cells {
        let pc = Alias::new("pc");
        let mut in_cells = Query::select();
        in_cells
            .expr(col(&pc, "person_id"))
            .from_as(person_cell::Entity, pc.clone())
            .and_where(col(&pc, "cell_id").is_in(cells.iter().copied()))
            .and_where(col(&pc, "valid_from").lte(q.today))
            .and_where(
                col(&pc, "valid_to")
                    .is_null()
                    .or(col(&pc, "valid_to").gte(q.today)),
            );
        query = query.filter(person::Column::Id.in_subquery(in_cells));
    }
    if let Some(state) = q.state {
        let (ac, later) = (Alias::new("ac"), Alias::new("later"));
        let mut later_case = Query::select();
        later_case
            .expr(Expr::val(1))
            .from_as(admission_case::Entity, later.clone())
            .and_where(col(&later, "person_id").equals((ac.clone(), Alias::new("person_id"))))
            .and_where(col(&later, "seq").gt(col(&ac, "seq")));
        let mut in_state = Query::select();
        in_state
            .expr(col(&ac, "person_id"))
            .from_as(admission_case::Entity, ac.clone())
            .and_where(col(&ac, "state").eq(state.as_str()))
            .and_where(Expr::not_exists(later_case));
        query = query.filter(person::Column::Id.in_subquery(in_state));
    }
    if let Some(pattern) = q.name_pattern {
        query = query.filter(
            Expr::col((person::Entity, person::Column::NameKey))
                .like(LikeExpr::new(pattern).escape('\\')),
        );
    }
    if let Some(after) = q.after {
        query = query.filter(person::Column::ExternalId.gt(after));
    }
    let rows = query
        .order_by_asc(person::Column::ExternalId)
        .limit(q.limit)
        .all(c)
        .await?;
    to_rows(c, rows).await
}

/// [`super::to_row`] for a page of rows, with one query per related table instead of per person.
async fn to_rows(c: &impl Conn, rows: Vec<person::Model>) -> Result<Vec<PersonRow>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let mut latest: HashMap<Uuid, person_cell::Model> = HashMap::new();
    for interval in person_cell::Entity::find()
        .filter(person_cell::Column::PersonId.is_in(ids.clone()))
        .all(c)
        .await?
    {
        match latest.get(&interval.person_id) {
            Some(seen) if seen.valid_from >= interval.valid_from => {}
            Some(_) | None => {
                latest.insert(interval.person_id, interval);
            }
        }
    }
    let cell_ids: Vec<Uuid> = latest.values().map(|i| i.cell_id).collect();
    let codes: HashMap<Uuid, String> = organization::Entity::find()
        .select_only()
        .column(organization::Column::Id)
        .column(organization::Column::Code)
        .filter(organization::Column::Id.is_in(cell_ids))
        .into_tuple::<(Uuid, String)>()
        .all(c)
        .await?
        .into_iter()
        .collect();
    let mut cases: HashMap<Uuid, (i32, String)> = HashMap::new();
    for (person_id, seq, state) in admission_case::Entity::find()
        .select_only()
        .column(admission_case::Column::PersonId)
        .column(admission_case::Column::Seq)
        .column(admission_case::Column::State)
        .filter(admission_case::Column::PersonId.is_in(ids.clone()))
        .into_tuple::<(Uuid, i32, String)>()
        .all(c)
        .await?
    {
        match cases.get(&person_id) {
            Some((seen, _)) if *seen >= seq => {}
            Some(_) | None => {
                cases.insert(person_id, (seq, state));
            }
        }
    }
    let members: HashSet<Uuid> = member::Entity::find()
        .select_only()
        .column(member::Column::PersonId)
        .filter(member::Column::PersonId.is_in(ids))
        .into_tuple::<Uuid>()
        .all(c)
        .await?
        .into_iter()
        .collect();
    rows.into_iter()
        .map(|row| {
            let interval = latest
                .get(&row.id)
                .ok_or_else(|| Error::Internal(format!("person {} has no cell", row.id)))?;
            let code = codes
                .get(&interval.cell_id)
                .ok_or_else(|| corrupt("a cell referenced but missing"))?;
            let case_state = cases
                .get(&row.id)
                .map(|(_, state)| CaseState::parse(state).ok_or_else(|| corrupt(state)))
                .transpose()?;
            let shown = Shown {
                cell: OrgCode::parse("cell", code).map_err(|v| corrupt(&v.msg.en))?,
                cell_since: interval.valid_from,
                case_state,
                member: members.contains(&row.id),
            };
            assemble(row, shown)
        })
        .collect()
}
