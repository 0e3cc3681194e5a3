//! Memberships in the database.

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set,
    ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    sea_query::{Expr, ExprTrait},
};
use uuid::Uuid;

use super::{
    Conn,
    entity::{member, person_cell},
};
use crate::domain::{
    Error, Result,
    member::{Member, MemberOrigin},
    membership::MemberLife,
};

mod list;

pub(crate) use list::{DateRange, ListQuery, in_cells, list};

/// Stores a membership; `admit` is the ADMIT decision that created it, if one did.
pub(crate) async fn insert(
    c: &impl Conn,
    person_id: Uuid,
    m: &Member,
    admit: Option<Uuid>,
) -> Result<Uuid> {
    let id = Uuid::new_v4();
    member::Entity::insert(model(id, person_id, m, admit))
        .exec_without_returning(c)
        .await?;
    Ok(id)
}

/// Rows per multi-row insert of memberships: 18 columns each.
const MEMBERS_PER_INSERT: usize = 500;

/// Stores many registered memberships (no ADMIT decision), a few statements for all of them.
pub(crate) async fn insert_many(c: &impl Conn, registered: &[(Uuid, Member)]) -> Result<()> {
    for chunk in registered.chunks(MEMBERS_PER_INSERT) {
        let rows = chunk
            .iter()
            .map(|(person_id, m)| model(Uuid::new_v4(), *person_id, m, None));
        member::Entity::insert_many(rows)
            .exec_without_returning(c)
            .await?;
    }
    Ok(())
}

fn model(id: Uuid, person_id: Uuid, m: &Member, admit: Option<Uuid>) -> member::ActiveModel {
    member::ActiveModel {
        id: Set(id),
        person_id: Set(person_id),
        origin: Set(m.origin.as_str().to_owned()),
        since: Set(m.since),
        admission_date: Set(m.admission_date),
        ceremony_date: Set(m.ceremony_date),
        official_date: Set(m.official_date),
        recognized: Set(m.recognized),
        admit_decision_id: Set(admit),
        created_at: Set(Utc::now()),
        registered_official: Set((m.origin != MemberOrigin::Admitted).then_some(m.recognized)),
        exit_kind: Set(None),
        exit_date: Set(None),
        recognition_vote_date: Set(None),
        recognized_on: Set(None),
        card_number: Set(None),
        card_date: Set(None),
        residence_introduction_date: Set(None),
    }
}

/// The membership as registered (member decisions replay from it); `None` for a member admitted
/// here, whose membership the ADMIT decision creates in the replay.
pub(crate) async fn registration(c: &impl Conn, person_id: Uuid) -> Result<Option<Member>> {
    let Some(row) = member::Entity::find()
        .filter(member::Column::PersonId.eq(person_id))
        .order_by_desc(member::Column::Since)
        .one(c)
        .await?
    else {
        return Ok(None);
    };
    let mut m = to_domain(&row)?;
    if m.origin == MemberOrigin::Admitted {
        return Ok(None);
    }
    m.recognized = row.registered_official.unwrap_or(m.recognized);
    Ok(Some(m))
}

/// Writes what the person's member decisions add up to into their membership row.
pub(crate) async fn save_life(c: &impl Conn, person_id: Uuid, life: &MemberLife) -> Result<()> {
    let m = &life.member;
    member::Entity::update_many()
        .col_expr(member::Column::CeremonyDate, Expr::value(m.ceremony_date))
        .col_expr(member::Column::OfficialDate, Expr::value(m.official_date))
        .col_expr(member::Column::Recognized, Expr::value(m.recognized))
        .col_expr(
            member::Column::ExitKind,
            Expr::value(life.exit.map(|(e, _)| e.as_str().to_owned())),
        )
        .col_expr(
            member::Column::ExitDate,
            Expr::value(life.exit.map(|(_, d)| d)),
        )
        .col_expr(
            member::Column::RecognitionVoteDate,
            Expr::value(life.recognition_vote),
        )
        .col_expr(
            member::Column::RecognizedOn,
            Expr::value(life.recognized_on),
        )
        .col_expr(
            member::Column::CardNumber,
            Expr::value(life.card.as_ref().map(|(n, _)| n.clone())),
        )
        .col_expr(
            member::Column::CardDate,
            Expr::value(life.card.as_ref().map(|(_, d)| *d)),
        )
        .col_expr(
            member::Column::ResidenceIntroductionDate,
            Expr::value(life.residence_introduction),
        )
        .filter(member::Column::PersonId.eq(person_id))
        .filter(member::Column::Since.eq(m.since))
        .exec(c)
        .await?;
    Ok(())
}

/// The derived columns of a membership row, for comparing with a recount.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StoredLife {
    pub(crate) ceremony_date: Option<NaiveDate>,
    pub(crate) official_date: Option<NaiveDate>,
    pub(crate) recognized: bool,
    pub(crate) exit: Option<(String, NaiveDate)>,
    pub(crate) recognition_vote: Option<NaiveDate>,
    pub(crate) recognized_on: Option<NaiveDate>,
    pub(crate) card: Option<(String, NaiveDate)>,
    pub(crate) residence_introduction: Option<NaiveDate>,
}

impl StoredLife {
    /// What [`save_life`] writes for `life`.
    pub(crate) fn of(life: &MemberLife) -> Self {
        Self {
            ceremony_date: life.member.ceremony_date,
            official_date: life.member.official_date,
            recognized: life.member.recognized,
            exit: life.exit.map(|(e, d)| (e.as_str().to_owned(), d)),
            recognition_vote: life.recognition_vote,
            recognized_on: life.recognized_on,
            card: life.card.clone(),
            residence_introduction: life.residence_introduction,
        }
    }
}

/// The derived columns stored for the person's membership, if any.
pub(crate) async fn stored_life(c: &impl Conn, person_id: Uuid) -> Result<Option<StoredLife>> {
    let row = member::Entity::find()
        .filter(member::Column::PersonId.eq(person_id))
        .order_by_desc(member::Column::Since)
        .one(c)
        .await?;
    Ok(row.map(|r| StoredLife {
        ceremony_date: r.ceremony_date,
        official_date: r.official_date,
        recognized: r.recognized,
        exit: r.exit_kind.zip(r.exit_date),
        recognition_vote: r.recognition_vote_date,
        recognized_on: r.recognized_on,
        card: r.card_number.zip(r.card_date),
        residence_introduction: r.residence_introduction_date,
    }))
}

/// Removes the membership an ADMIT created, when that ADMIT is revoked.
pub(crate) async fn delete_admitted(c: &impl Conn, admit: Uuid) -> Result<()> {
    member::Entity::delete_many()
        .filter(member::Column::AdmitDecisionId.eq(admit))
        .exec(c)
        .await?;
    Ok(())
}

/// How many full members the cell had on `day` (to check the count a resolution gives).
pub(crate) async fn official_in_cell(c: &impl Conn, cell_id: Uuid, day: NaiveDate) -> Result<u64> {
    let persons: Vec<Uuid> = person_cell::Entity::find()
        .select_only()
        .column(person_cell::Column::PersonId)
        .filter(person_cell::Column::CellId.eq(cell_id))
        .filter(person_cell::Column::ValidFrom.lte(day))
        .filter(
            person_cell::Column::ValidTo
                .is_null()
                .or(person_cell::Column::ValidTo.gte(day)),
        )
        .into_tuple()
        .all(c)
        .await?;
    Ok(member::Entity::find()
        .filter(member::Column::PersonId.is_in(persons))
        .filter(member::Column::Since.lte(day))
        .filter(member::Column::Recognized.eq(true))
        .filter(
            member::Column::ExitDate
                .is_null()
                .or(member::Column::ExitDate.gt(day)),
        )
        .filter(member::Column::OfficialDate.lte(day))
        .filter(Expr::col(member::Column::OfficialDate).is_not_null())
        .count(c)
        .await?)
}

fn to_domain(row: &member::Model) -> Result<Member> {
    Ok(Member {
        origin: MemberOrigin::parse(&row.origin)
            .ok_or_else(|| Error::Internal(format!("unknown member origin {}", row.origin)))?,
        since: row.since,
        admission_date: row.admission_date,
        ceremony_date: row.ceremony_date,
        official_date: row.official_date,
        recognized: row.recognized,
    })
}

/// Every person with a membership row (admitted here or registered).
pub(crate) async fn persons(c: &impl Conn) -> Result<Vec<Uuid>> {
    Ok(member::Entity::find()
        .select_only()
        .column(member::Column::PersonId)
        .distinct()
        .into_tuple()
        .all(c)
        .await?)
}
