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
    /// As registered; null for a member admitted here.
    pub registered_official: Option<bool>,
    /// `struck_off`, `expelled`, `resigned`, `deceased`, `transferred_out`; null while active.
    pub exit_kind: Option<String>,
    pub exit_date: Option<Date>,
    pub recognition_vote_date: Option<Date>,
    pub recognized_on: Option<Date>,
    pub card_number: Option<String>,
    pub card_date: Option<Date>,
    pub residence_introduction_date: Option<Date>,
}

impl ActiveModelBehavior for ActiveModel {}
