//! `change_counter`: the one row whose lock orders every writing transaction's change numbers.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "change_counter")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i16,
    pub last: i64,
}

impl ActiveModelBehavior for ActiveModel {}
