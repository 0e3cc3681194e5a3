//! `tally`: the year-report aggregates, one signed count per organisation, year, figure and
//! shard.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tally")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub org_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub year: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub figure: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub shard: i16,
    pub count: i64,
}

impl ActiveModelBehavior for ActiveModel {}
