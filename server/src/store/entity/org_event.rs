//! `org_event`: a dated restructuring decision (move, merge, dissolve).

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "org_event")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub event: String,
    pub date: Date,
    /// The new parent of a move; the survivor of a merge.
    pub parent_id: Option<Uuid>,
    pub document_number: Option<String>,
    pub body_id: Option<Uuid>,
    pub actor: String,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
