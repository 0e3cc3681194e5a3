//! `change_log`: every stored record as its sync line, numbered in commit order.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "change_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub number: i64,
    pub kind: String,
    pub record_key: String,
    pub line: String,
    pub org_code: Option<String>,
    pub day: Option<Date>,
}

impl ActiveModelBehavior for ActiveModel {}
