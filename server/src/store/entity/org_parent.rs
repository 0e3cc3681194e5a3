//! `org_parent`: the parent of an organisation over a dated interval.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "org_parent")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub parent_id: Option<Uuid>,
    pub valid_from: Date,
    /// Inclusive last day; `None` while open.
    pub valid_to: Option<Date>,
}

impl ActiveModelBehavior for ActiveModel {}
