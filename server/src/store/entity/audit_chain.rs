//! `audit_chain`: the head of each hash chain of the audit log.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_chain")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub chain: i16,
    pub seq: i64,
    pub head: String,
}

impl ActiveModelBehavior for ActiveModel {}
