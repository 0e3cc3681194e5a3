//! `rating`: a member's non-revoked grade for a year (a revoked one is deleted).

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "rating")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub person_id: Uuid,
    pub decision_id: Uuid,
    pub year: i32,
    pub grade: String,
    pub score: Option<f64>,
    /// The grassroots organisation of the member's cell on the decision's date.
    pub grassroots_id: Uuid,
}

impl ActiveModelBehavior for ActiveModel {}
