//! `person`: one row per person ever recorded.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "person")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub external_id: String,
    pub full_name: String,
    /// `search_key_padded(full_name)`.
    pub name_key: String,
    pub gender: String,
    pub birth_date: Date,
    pub ethnicity: String,
    pub religion: Option<String>,
    pub education: String,
    pub professional_level: Option<String>,
    pub hardship_exception: bool,
    pub youth_union: bool,
    pub trade_union: bool,
    #[sea_orm(unique)]
    pub national_id: Option<String>,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
