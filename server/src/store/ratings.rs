//! Annual ratings in the database: one non-revoked grade per member and year, counted per
//! grassroots organisation and year for the excellent quota.

use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, sea_query::OnConflict,
};
use uuid::Uuid;

use super::{
    Conn,
    entity::{rating, rating_quota},
};
use crate::domain::{
    Result,
    details::{Grade, Score},
};

/// A rating to store.
#[derive(Clone, Copy, Debug)]
pub(crate) struct NewRating {
    pub(crate) person_id: Uuid,
    pub(crate) decision_id: Uuid,
    pub(crate) year: i32,
    pub(crate) grade: Grade,
    pub(crate) score: Option<Score>,
    pub(crate) grassroots_id: Uuid,
}

/// Stores a rating; the unique (person, year) index refuses a second one.
pub(crate) async fn insert(c: &impl Conn, r: NewRating) -> Result<()> {
    let row = rating::ActiveModel {
        id: Set(Uuid::new_v4()),
        person_id: Set(r.person_id),
        decision_id: Set(r.decision_id),
        year: Set(r.year),
        grade: Set(r.grade.as_str().to_owned()),
        score: Set(r.score.map(Score::as_f64)),
        grassroots_id: Set(r.grassroots_id),
    };
    rating::Entity::insert(row)
        .exec_without_returning(c)
        .await?;
    Ok(())
}

/// The stored grades of a person, by year.
pub(crate) async fn of_person(c: &impl Conn, person_id: Uuid) -> Result<Vec<(i32, String)>> {
    Ok(rating::Entity::find()
        .select_only()
        .column(rating::Column::Year)
        .column(rating::Column::Grade)
        .filter(rating::Column::PersonId.eq(person_id))
        .order_by_asc(rating::Column::Year)
        .into_tuple()
        .all(c)
        .await?)
}

/// Removes the rating a revoked RATE stored: it counts nowhere any more.
pub(crate) async fn delete_of_decision(c: &impl Conn, decision_id: Uuid) -> Result<()> {
    rating::Entity::delete_many()
        .filter(rating::Column::DecisionId.eq(decision_id))
        .exec(c)
        .await?;
    Ok(())
}

/// Locks the quota of (grassroots organisation, year) until the transaction ends, creating its
/// row on first use, so that two writers judging the last excellent place take turns.
pub(crate) async fn lock_quota(c: &impl Conn, grassroots_id: Uuid, year: i32) -> Result<()> {
    let row = rating_quota::ActiveModel {
        grassroots_id: Set(grassroots_id),
        year: Set(year),
    };
    rating_quota::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                rating_quota::Column::GrassrootsId,
                rating_quota::Column::Year,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(c)
        .await?;
    rating_quota::Entity::find()
        .filter(rating_quota::Column::GrassrootsId.eq(grassroots_id))
        .filter(rating_quota::Column::Year.eq(year))
        .lock_exclusive()
        .one(c)
        .await?;
    Ok(())
}

/// How many stored ratings of `grade` the grassroots organisation has for `year`.
pub(crate) async fn count(
    c: &impl Conn,
    grassroots_id: Uuid,
    year: i32,
    grade: Grade,
) -> Result<u64> {
    Ok(rating::Entity::find()
        .filter(rating::Column::GrassrootsId.eq(grassroots_id))
        .filter(rating::Column::Year.eq(year))
        .filter(rating::Column::Grade.eq(grade.as_str()))
        .count(c)
        .await?)
}
