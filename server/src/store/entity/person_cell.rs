//! `person_cell`: the cell of a person over a dated interval.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "person_cell")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub person_id: Uuid,
    pub cell_id: Uuid,
    pub valid_from: Date,
    /// Inclusive last day; `None` while open.
    pub valid_to: Option<Date>,
}

impl ActiveModelBehavior for ActiveModel {}
