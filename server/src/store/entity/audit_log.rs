//! `audit_log`: one row per audited call, linked into its chain by `hash`.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub chain: i16,
    #[sea_orm(primary_key, auto_increment = false)]
    pub seq: i64,
    pub at: DateTimeUtc,
    pub principal: String,
    pub method: String,
    pub subjects: String,
    pub outcome: String,
    pub request_id: Option<String>,
    pub hash: String,
}

impl ActiveModelBehavior for ActiveModel {}
