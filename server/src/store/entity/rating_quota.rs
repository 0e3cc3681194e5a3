//! `rating_quota`: one row per grassroots organisation and year, locked by each quota check.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rating_quota")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub grassroots_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub year: i32,
}

impl ActiveModelBehavior for ActiveModel {}
