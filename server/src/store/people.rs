//! Persons in the database: rows, their dated cells, and what a person record shows.

mod list;
mod merge;

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, SqlErr,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

pub(crate) use self::list::{ListQuery, list};
pub(crate) use self::merge::hand_over_cell;
use super::{
    Conn,
    entity::{admission_case, decision, member, organization, person, person_cell},
    orgs::Lock,
};
use crate::domain::{
    Error, Msg, Reason, Result,
    admission::{CaseState, rules::PersonFacts},
    ethnicity::Ethnicity,
    member::Interval,
    org::{OrgCode, OrgKind},
    person::{
        Education, ExternalId, Gender, NationalId, Person, already_exists, national_id_taken,
        search_key_padded,
    },
    tally::Attributes,
};

/// A person with their row id.
#[derive(Clone, Debug)]
pub(crate) struct PersonRow {
    pub(crate) id: Uuid,
    pub(crate) person: Person,
}

/// A cell as a person's cell on some day.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct CellOnDay {
    pub(crate) id: Uuid,
    pub(crate) code: OrgCode,
    pub(crate) kind: OrgKind,
}

/// The person `external_id`, if recorded.
pub(crate) async fn find(
    c: &impl Conn,
    external_id: &ExternalId,
    lock: Lock,
) -> Result<Option<PersonRow>> {
    let query = person::Entity::find().filter(person::Column::ExternalId.eq(external_id.as_str()));
    match lock.on(query).one(c).await? {
        Some(row) => Ok(Some(to_row(c, row).await?)),
        None => Ok(None),
    }
}

/// The person `external_id`, or `PERSON_NOT_FOUND`.
pub(crate) async fn get(c: &impl Conn, external_id: &ExternalId, lock: Lock) -> Result<PersonRow> {
    find(c, external_id, lock)
        .await?
        .ok_or_else(|| not_found(external_id))
}

/// A person as a decision about them needs them: their own columns, locked for the
/// transaction, without what the record shows beside them (cell, case state, membership),
/// which the decision reads and derives itself.
#[derive(Clone, Debug)]
pub(crate) struct Decided {
    pub(crate) id: Uuid,
    pub(crate) external_id: ExternalId,
    pub(crate) version: i64,
    pub(crate) facts: PersonFacts,
    pub(crate) attributes: Attributes,
}

/// The person `external_id`, locked `FOR UPDATE` (one read), or `PERSON_NOT_FOUND`.
pub(crate) async fn lock_decided(c: &impl Conn, external_id: &ExternalId) -> Result<Decided> {
    let query = person::Entity::find().filter(person::Column::ExternalId.eq(external_id.as_str()));
    let row = Lock::ForUpdate
        .on(query)
        .one(c)
        .await?
        .ok_or_else(|| not_found(external_id))?;
    let own = Own::parse(&row)?;
    Ok(Decided {
        id: row.id,
        external_id: own.external_id,
        version: row.version,
        facts: PersonFacts {
            birth_date: row.birth_date,
            education: own.education,
            hardship_exception: row.hardship_exception,
            youth_union: row.youth_union,
            trade_union: row.trade_union,
        },
        attributes: Attributes::new(
            own.gender,
            &own.ethnicity,
            row.religion.as_deref(),
            own.education,
            row.birth_date,
        ),
    })
}

/// The coded columns of a person row, parsed.
pub(super) struct Own {
    pub(super) external_id: ExternalId,
    pub(super) gender: Gender,
    pub(super) ethnicity: Ethnicity,
    pub(super) education: Education,
}

impl Own {
    pub(super) fn parse(row: &person::Model) -> Result<Self> {
        Ok(Self {
            external_id: ExternalId::parse("external_id", &row.external_id)
                .map_err(|v| corrupt(&v.msg.en))?,
            gender: Gender::parse(&row.gender).ok_or_else(|| corrupt(&row.gender))?,
            ethnicity: Ethnicity::parse("ethnicity", &row.ethnicity)
                .map_err(|v| corrupt(&v.msg.en))?,
            education: Education::parse(&row.education).ok_or_else(|| corrupt(&row.education))?,
        })
    }
}

/// The error for a person who is not recorded.
pub(crate) fn not_found(external_id: &ExternalId) -> Error {
    Error::NotFound {
        reason: Reason::PersonNotFound,
        msg: Msg::new(
            format!("Không có người mã {external_id}"),
            format!("no person with id {external_id}"),
        ),
    }
}

/// The person's cell on `day`, if they had one.
pub(crate) async fn cell_on(
    c: &impl Conn,
    person_id: Uuid,
    day: NaiveDate,
) -> Result<Option<CellOnDay>> {
    let interval = person_cell::Entity::find()
        .filter(person_cell::Column::PersonId.eq(person_id))
        .filter(person_cell::Column::ValidFrom.lte(day))
        .filter(
            person_cell::Column::ValidTo
                .is_null()
                .or(person_cell::Column::ValidTo.gte(day)),
        )
        .one(c)
        .await?;
    match interval {
        Some(i) => Ok(Some(cell(c, i.cell_id).await?)),
        None => Ok(None),
    }
}

/// Every cell interval of a person, oldest first, with each cell's own validity.
pub(crate) async fn cell_history(c: &impl Conn, person_id: Uuid) -> Result<Vec<Interval>> {
    let intervals = person_cell::Entity::find()
        .filter(person_cell::Column::PersonId.eq(person_id))
        .order_by_asc(person_cell::Column::ValidFrom)
        .all(c)
        .await?;
    let cells = organization::Entity::find()
        .filter(organization::Column::Id.is_in(intervals.iter().map(|i| i.cell_id)))
        .all(c)
        .await?;
    intervals
        .into_iter()
        .map(|interval| {
            let cell = cells
                .iter()
                .find(|cell| cell.id == interval.cell_id)
                .ok_or_else(|| corrupt("a cell interval without its cell"))?;
            Ok(Interval {
                cell: OrgCode::parse("cell", &cell.code).map_err(|v| corrupt(&v.msg.en))?,
                from: interval.valid_from,
                cell_from: cell.valid_from,
                cell_to: cell.valid_to,
            })
        })
        .collect()
}

/// The latest cell interval of a person.
pub(crate) async fn latest_cell(c: &impl Conn, person_id: Uuid) -> Result<person_cell::Model> {
    person_cell::Entity::find()
        .filter(person_cell::Column::PersonId.eq(person_id))
        .order_by_desc(person_cell::Column::ValidFrom)
        .one(c)
        .await?
        .ok_or_else(|| Error::Internal(format!("person {person_id} has no cell")))
}

async fn cell(c: &impl Conn, cell_id: Uuid) -> Result<CellOnDay> {
    let org = organization::Entity::find_by_id(cell_id)
        .one(c)
        .await?
        .ok_or_else(|| Error::Internal(format!("cell {cell_id} referenced but missing")))?;
    Ok(CellOnDay {
        id: org.id,
        code: OrgCode::parse("cell", &org.code).map_err(|v| corrupt(&v.msg.en))?,
        kind: OrgKind::parse(&org.kind).ok_or_else(|| corrupt(&org.kind))?,
    })
}

/// Builds the record shown for a row: its current cell, latest case state and membership.
pub(crate) async fn to_row(c: &impl Conn, row: person::Model) -> Result<PersonRow> {
    let latest = latest_cell(c, row.id).await?;
    let cell = cell(c, latest.cell_id).await?;
    let case_state = admission_case::Entity::find()
        .filter(admission_case::Column::PersonId.eq(row.id))
        .order_by_desc(admission_case::Column::Seq)
        .one(c)
        .await?
        .map(|case| CaseState::parse(&case.state).ok_or_else(|| corrupt(&case.state)))
        .transpose()?;
    let member = member::Entity::find()
        .filter(member::Column::PersonId.eq(row.id))
        .one(c)
        .await?
        .is_some();
    assemble(
        row,
        Shown {
            cell: cell.code,
            cell_since: latest.valid_from,
            case_state,
            member,
        },
    )
}

/// What a person record shows beside the person's own columns.
struct Shown {
    cell: OrgCode,
    cell_since: NaiveDate,
    case_state: Option<CaseState>,
    member: bool,
}

fn assemble(row: person::Model, shown: Shown) -> Result<PersonRow> {
    let Own {
        external_id,
        gender,
        ethnicity,
        education,
    } = Own::parse(&row)?;
    let person::Model {
        id,
        external_id: _,
        full_name,
        name_key: _,
        gender: _,
        birth_date,
        ethnicity: _,
        religion,
        education: _,
        professional_level,
        hardship_exception,
        youth_union,
        trade_union,
        national_id,
        version,
        created_at: _,
        updated_at: _,
    } = row;
    let Shown {
        cell,
        cell_since,
        case_state,
        member,
    } = shown;
    let person = Person {
        external_id,
        full_name,
        gender,
        birth_date,
        ethnicity,
        religion,
        education,
        professional_level,
        hardship_exception,
        youth_union,
        trade_union,
        national_id: national_id
            .map(|n| NationalId::parse("national_id", &n).map_err(|_| corrupt("a national id")))
            .transpose()?,
        cell,
        cell_since,
        case_state,
        member,
        version,
    };
    Ok(PersonRow { id, person })
}

fn corrupt(what: &str) -> Error {
    Error::Internal(format!("stored person data is inconsistent: {what}"))
}

/// A new person row with its first cell interval.
#[derive(Clone, Debug)]
pub(crate) struct NewPersonRow<'a> {
    pub(crate) id: Uuid,
    pub(crate) person: &'a Person,
    pub(crate) cell_id: Uuid,
}

/// Inserts a person and their first cell interval (from `person.cell_since`). A taken external
/// id is `PERSON_ALREADY_EXISTS`, a taken national ID `NATIONAL_ID_TAKEN`.
pub(crate) async fn insert(c: &impl Conn, new: NewPersonRow<'_>) -> Result<()> {
    match person::Entity::insert(person_model(&new, Utc::now()))
        .exec_without_returning(c)
        .await
    {
        Ok(_) => {}
        Err(e) => return Err(write_error(&e, &new.person.external_id)),
    }
    add_cell(c, new.id, new.cell_id, new.person.cell_since).await
}

/// Rows per multi-row insert of persons: 17 columns each, well under SQLite's parameter limit.
const PERSONS_PER_INSERT: usize = 500;

/// Inserts many persons and their first cell intervals, a few statements for all of them. A
/// taken key here means a concurrent writer took it after the caller checked: contention, so
/// that the caller judges the lines again against what that writer stored.
pub(crate) async fn insert_many(c: &impl Conn, rows: &[NewPersonRow<'_>]) -> Result<()> {
    let now = Utc::now();
    for chunk in rows.chunks(PERSONS_PER_INSERT) {
        let persons: Vec<_> = chunk.iter().map(|new| person_model(new, now)).collect();
        if let Err(e) = person::Entity::insert_many(persons)
            .exec_without_returning(c)
            .await
        {
            return Err(match e.sql_err() {
                Some(SqlErr::UniqueConstraintViolation(_)) => Error::Contended(
                    "a person of the batch was recorded meanwhile by another writer".to_owned(),
                ),
                Some(_) | None => Error::from(e),
            });
        }
        let cells = chunk.iter().map(|new| person_cell::ActiveModel {
            id: Set(Uuid::new_v4()),
            person_id: Set(new.id),
            cell_id: Set(new.cell_id),
            valid_from: Set(new.person.cell_since),
            valid_to: Set(None),
        });
        person_cell::Entity::insert_many(cells)
            .exec_without_returning(c)
            .await?;
    }
    Ok(())
}

fn person_model(new: &NewPersonRow<'_>, now: chrono::DateTime<Utc>) -> person::ActiveModel {
    let p = new.person;
    person::ActiveModel {
        id: Set(new.id),
        external_id: Set(p.external_id.as_str().to_owned()),
        full_name: Set(p.full_name.clone()),
        name_key: Set(search_key_padded(&p.full_name)),
        gender: Set(p.gender.as_str().to_owned()),
        birth_date: Set(p.birth_date),
        ethnicity: Set(p.ethnicity.name().to_owned()),
        religion: Set(p.religion.clone()),
        education: Set(p.education.as_str().to_owned()),
        professional_level: Set(p.professional_level.clone()),
        hardship_exception: Set(p.hardship_exception),
        youth_union: Set(p.youth_union),
        trade_union: Set(p.trade_union),
        national_id: Set(p.national_id.as_ref().map(|n| n.expose().to_owned())),
        version: Set(p.version),
        created_at: Set(now),
        updated_at: Set(now),
    }
}

/// Bumps the version of every person in `ids` (each once): what their records show changed.
/// The caller holds their rows locked.
pub(crate) async fn touch_many(c: &impl Conn, ids: &[Uuid]) -> Result<()> {
    for chunk in ids.chunks(PERSONS_PER_INSERT) {
        person::Entity::update_many()
            .col_expr(
                person::Column::Version,
                Expr::col(person::Column::Version).add(1),
            )
            .col_expr(person::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(person::Column::Id.is_in(chunk.iter().copied()))
            .exec(c)
            .await?;
    }
    Ok(())
}

/// Writes the person's own columns if the version is still `expected_version`, bumping it.
/// Returns whether the row was written (false: someone changed it in between).
pub(crate) async fn save_if_unchanged(
    c: &impl Conn,
    id: Uuid,
    p: &Person,
    expected_version: i64,
) -> Result<bool> {
    let res = person::Entity::update_many()
        .col_expr(person::Column::FullName, Expr::value(p.full_name.clone()))
        .col_expr(
            person::Column::NameKey,
            Expr::value(search_key_padded(&p.full_name)),
        )
        .col_expr(person::Column::Gender, Expr::value(p.gender.as_str()))
        .col_expr(person::Column::BirthDate, Expr::value(p.birth_date))
        .col_expr(person::Column::Ethnicity, Expr::value(p.ethnicity.name()))
        .col_expr(person::Column::Religion, Expr::value(p.religion.clone()))
        .col_expr(person::Column::Education, Expr::value(p.education.as_str()))
        .col_expr(
            person::Column::ProfessionalLevel,
            Expr::value(p.professional_level.clone()),
        )
        .col_expr(
            person::Column::HardshipException,
            Expr::value(p.hardship_exception),
        )
        .col_expr(person::Column::YouthUnion, Expr::value(p.youth_union))
        .col_expr(person::Column::TradeUnion, Expr::value(p.trade_union))
        .col_expr(
            person::Column::NationalId,
            Expr::value(p.national_id.as_ref().map(|n| n.expose().to_owned())),
        )
        .col_expr(person::Column::Version, Expr::value(expected_version + 1))
        .col_expr(person::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(person::Column::Id.eq(id))
        .filter(person::Column::Version.eq(expected_version))
        .exec(c)
        .await
        .map_err(|e| write_error(&e, &p.external_id))?;
    Ok(res.rows_affected == 1)
}

/// Bumps the version of a person whose shown record changed without a change of their own
/// columns (a membership registered), if it is still `expected_version`.
pub(crate) async fn touch_if_unchanged(
    c: &impl Conn,
    id: Uuid,
    expected_version: i64,
) -> Result<bool> {
    let res = person::Entity::update_many()
        .col_expr(person::Column::Version, Expr::value(expected_version + 1))
        .col_expr(person::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(person::Column::Id.eq(id))
        .filter(person::Column::Version.eq(expected_version))
        .exec(c)
        .await?;
    Ok(res.rows_affected == 1)
}

/// The row id of the person holding `national_id`, if anyone does.
pub(crate) async fn national_id_holder(
    c: &impl Conn,
    national_id: &NationalId,
) -> Result<Option<Uuid>> {
    Ok(person::Entity::find()
        .select_only()
        .column(person::Column::Id)
        .filter(person::Column::NationalId.eq(national_id.expose()))
        .into_tuple()
        .one(c)
        .await?)
}

/// Maps a failed write of a person row: a unique violation names which key was taken; anything
/// else is internal. The database's own message is dropped for unique violations, because
/// PostgreSQL's detail repeats the duplicate value, which may be a national ID.
fn write_error(e: &DbErr, external_id: &ExternalId) -> Error {
    match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(what)) if what.contains("national_id") => {
            national_id_taken()
        }
        Some(SqlErr::UniqueConstraintViolation(_)) => already_exists(external_id),
        // Contention stays retryable; PostgreSQL's other messages carry no duplicate value.
        Some(_) | None => Error::from(e.clone()),
    }
}

/// Starts a cell interval (open-ended) for a person.
pub(crate) async fn add_cell(
    c: &impl Conn,
    person_id: Uuid,
    cell_id: Uuid,
    from: NaiveDate,
) -> Result<()> {
    let row = person_cell::ActiveModel {
        id: Set(Uuid::new_v4()),
        person_id: Set(person_id),
        cell_id: Set(cell_id),
        valid_from: Set(from),
        valid_to: Set(None),
    };
    person_cell::Entity::insert(row)
        .exec_without_returning(c)
        .await?;
    Ok(())
}

/// Ends a cell interval on `last_day` (inclusive).
pub(crate) async fn end_cell(c: &impl Conn, interval_id: Uuid, last_day: NaiveDate) -> Result<()> {
    person_cell::Entity::update_many()
        .col_expr(person_cell::Column::ValidTo, Expr::value(Some(last_day)))
        .filter(person_cell::Column::Id.eq(interval_id))
        .exec(c)
        .await?;
    Ok(())
}

/// Moves the person's open admission case, if any, to `cell_id`: a case belongs to the person's
/// cell (DESIGN §3), and only a CANDIDATE case can be open when the cell changes by update.
pub(crate) async fn move_open_case(c: &impl Conn, person_id: Uuid, cell_id: Uuid) -> Result<()> {
    admission_case::Entity::update_many()
        .col_expr(admission_case::Column::CellId, Expr::value(cell_id))
        .filter(admission_case::Column::PersonId.eq(person_id))
        .filter(admission_case::Column::ClosedOn.is_null())
        .exec(c)
        .await?;
    Ok(())
}

/// The date of the person's latest non-revoked decision, if any.
pub(crate) async fn latest_decision_date(
    c: &impl Conn,
    person_id: Uuid,
) -> Result<Option<NaiveDate>> {
    Ok(decision::Entity::find()
        .select_only()
        .column(decision::Column::DecisionDate)
        .filter(decision::Column::PersonId.eq(person_id))
        .filter(decision::Column::RevokedBy.is_null())
        .order_by_desc(decision::Column::DecisionDate)
        .into_tuple()
        .one(c)
        .await?)
}

/// Removes the person's latest cell interval and reopens the one before it (a revoked transfer).
pub(crate) async fn undo_latest_cell(c: &impl Conn, person_id: Uuid) -> Result<()> {
    let latest = latest_cell(c, person_id).await?;
    person_cell::Entity::delete_by_id(latest.id).exec(c).await?;
    let previous = latest_cell(c, person_id).await?;
    person_cell::Entity::update_many()
        .col_expr(person_cell::Column::ValidTo, Expr::value(None::<NaiveDate>))
        .filter(person_cell::Column::Id.eq(previous.id))
        .exec(c)
        .await?;
    Ok(())
}

/// The external id of the person with row id `person_id`.
pub(crate) async fn external_id_of(c: &impl Conn, person_id: Uuid) -> Result<String> {
    person::Entity::find_by_id(person_id)
        .select_only()
        .column(person::Column::ExternalId)
        .into_tuple::<String>()
        .one(c)
        .await?
        .ok_or_else(|| Error::Internal(format!("person {person_id} referenced but missing")))
}

/// The row id of the person `external_id`, if recorded: the one read an access check needs.
pub(crate) async fn id_of(c: &impl Conn, external_id: &ExternalId) -> Result<Option<Uuid>> {
    Ok(person::Entity::find()
        .select_only()
        .column(person::Column::Id)
        .filter(person::Column::ExternalId.eq(external_id.as_str()))
        .into_tuple::<Uuid>()
        .one(c)
        .await?)
}
