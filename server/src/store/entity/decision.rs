//! `decision`: every decision ever accepted, revoked ones included.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "decision")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub external_id: String,
    pub person_id: Uuid,
    pub person_seq: i32,
    pub kind: String,
    pub decision_date: Date,
    pub document_number: Option<String>,
    pub body_id: Uuid,
    pub cell_id: Uuid,
    pub reason: Option<String>,
    /// `domain::admission::Details` as JSON.
    pub details: String,
    pub actor: String,
    pub rulebook: String,
    /// Comma-separated flags.
    pub flags: String,
    pub revoked_by: Option<Uuid>,
    pub created_at: DateTimeUtc,
    /// The cell a TRANSFER moved the member to.
    pub to_cell_id: Option<Uuid>,
}

impl ActiveModelBehavior for ActiveModel {}
