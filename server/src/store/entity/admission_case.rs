//! `admission_case`: the derived state of each of a person's cases.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "admission_case")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub person_id: Uuid,
    pub seq: i32,
    pub state: String,
    pub cell_id: Uuid,
    pub opened_on: Date,
    pub last_date: Date,
    pub latest_certificate: Option<Date>,
    pub latest_introductions: Option<Date>,
    pub cell_vote: Option<Date>,
    pub closed_on: Option<Date>,
}

impl ActiveModelBehavior for ActiveModel {}
