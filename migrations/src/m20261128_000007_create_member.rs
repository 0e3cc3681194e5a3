//! Memberships: created by an ADMIT decision or registered from earlier records.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum Person {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Member {
    Table,
    Id,
    PersonId,
    Origin,
    Since,
    AdmissionDate,
    CeremonyDate,
    OfficialDate,
    Recognized,
    AdmitDecisionId,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Member::Table)
                    .col(pk_uuid(Member::Id))
                    .col(uuid(Member::PersonId))
                    // admitted | existing | transfer_in
                    .col(string_len(Member::Origin, 16))
                    .col(date(Member::Since))
                    .col(date(Member::AdmissionDate))
                    .col(date_null(Member::CeremonyDate))
                    .col(date_null(Member::OfficialDate))
                    // Official once official_date has come (a recognition, or registered official).
                    .col(boolean(Member::Recognized))
                    // The ADMIT that created it; null for a registered member.
                    .col(uuid_null(Member::AdmitDecisionId))
                    .col(timestamp_with_time_zone(Member::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Member::Table, Member::PersonId)
                            .to(Person::Table, Person::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // The sync key of a registered member is (person, since).
        manager
            .create_index(
                Index::create()
                    .name("member_person_since")
                    .table(Member::Table)
                    .col(Member::PersonId)
                    .col(Member::Since)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Member::Table).to_owned())
            .await
    }
}
