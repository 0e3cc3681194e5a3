//! Organisations: one row per org ever created; its parent history is in `org_parent`.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum Organization {
    Table,
    Id,
    Code,
    DisplayName,
    Kind,
    Sector,
    ValidFrom,
    ValidTo,
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
                    .table(Organization::Table)
                    .col(pk_uuid(Organization::Id))
                    .col(string_len_uniq(Organization::Code, 64))
                    .col(text(Organization::DisplayName))
                    .col(string_len(Organization::Kind, 32))
                    .col(string_len(Organization::Sector, 32))
                    .col(date(Organization::ValidFrom))
                    .col(date_null(Organization::ValidTo))
                    // The etag: bumped by every change, compared on update.
                    .col(big_integer(Organization::Version))
                    .col(timestamp_with_time_zone(Organization::CreatedAt))
                    .col(timestamp_with_time_zone(Organization::UpdatedAt))
                    .check(Expr::col(Organization::ValidTo).is_null().or(
                        Expr::col(Organization::ValidTo).gte(Expr::col(Organization::ValidFrom)),
                    ))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Organization::Table).to_owned())
            .await
    }
}
