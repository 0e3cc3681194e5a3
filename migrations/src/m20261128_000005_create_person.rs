//! Persons: the non-members a cell develops and the members they become.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum Person {
    Table,
    Id,
    ExternalId,
    FullName,
    NameKey,
    Gender,
    BirthDate,
    Ethnicity,
    Religion,
    Education,
    ProfessionalLevel,
    HardshipException,
    YouthUnion,
    TradeUnion,
    NationalId,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Person::Table)
                    .col(pk_uuid(Person::Id))
                    .col(string_len_uniq(Person::ExternalId, 64))
                    .col(text(Person::FullName))
                    // The diacritics-free search key, with a leading space so that a word
                    // prefix is `LIKE '% prefix%'`.
                    .col(text(Person::NameKey))
                    .col(string_len(Person::Gender, 8))
                    .col(date(Person::BirthDate))
                    .col(string_len(Person::Ethnicity, 64))
                    .col(text_null(Person::Religion))
                    .col(string_len(Person::Education, 32))
                    .col(text_null(Person::ProfessionalLevel))
                    .col(boolean(Person::HardshipException))
                    .col(boolean(Person::YouthUnion))
                    .col(boolean(Person::TradeUnion))
                    // Unique when present (NULLs never collide).
                    .col(string_len_null(Person::NationalId, 12).unique_key())
                    .col(big_integer(Person::Version))
                    .col(timestamp_with_time_zone(Person::CreatedAt))
                    .col(timestamp_with_time_zone(Person::UpdatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Person::Table).to_owned())
            .await
    }
}
