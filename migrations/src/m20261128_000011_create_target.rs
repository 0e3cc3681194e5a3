//! Admissions targets: the admissions planned for an organisation in a year (DESIGN §3).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum Organization {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Target {
    Table,
    Id,
    OrgId,
    Year,
    Admissions,
    Version,
    Actor,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Target::Table)
                    .col(pk_uuid(Target::Id))
                    .col(uuid(Target::OrgId))
                    .col(integer(Target::Year))
                    .col(integer(Target::Admissions))
                    // Bumped on every change; the etag is derived from it.
                    .col(big_integer(Target::Version))
                    // The principal that last set it.
                    .col(string(Target::Actor))
                    .col(timestamp_with_time_zone(Target::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Target::Table, Target::OrgId)
                            .to(Organization::Table, Organization::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // One target per organisation and year: the sync key of a `target` line (DESIGN §6).
        manager
            .create_index(
                Index::create()
                    .name("target_org_year")
                    .table(Target::Table)
                    .col(Target::OrgId)
                    .col(Target::Year)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Target::Table).to_owned())
            .await
    }
}
