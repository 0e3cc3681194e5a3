//! `member`: a person's party membership.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "member")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub person_id: Uuid,
    /// `admitted`, `existing` or `transfer_in`.
    pub origin: String,
    pub since: Date,
    pub admission_date: Date,
    pub ceremony_date: Option<Date>,
    pub official_date: Option<Date>,
    pub recognized: bool,
    pub admit_decision_id: Option<Uuid>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
