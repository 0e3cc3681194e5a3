//! `import_refusal`: every line an import refused, with its reason, for resumed runs to report.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "import_refusal")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub import_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub line_number: i64,
    pub record_key: String,
    pub reason: String,
    pub message: String,
    pub message_vi: String,
}

impl ActiveModelBehavior for ActiveModel {}
