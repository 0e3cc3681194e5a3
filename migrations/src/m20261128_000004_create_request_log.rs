//! Accepted mutations by `request_id` (AIP-155): a replay returns the stored answer.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum RequestLog {
    Table,
    RequestId,
    Method,
    Fingerprint,
    Response,
    Principal,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RequestLog::Table)
                    .col(string_len(RequestLog::RequestId, 128).primary_key())
                    .col(string_len(RequestLog::Method, 64))
                    // SHA-256 of the method and the request without its request_id.
                    .col(string_len(RequestLog::Fingerprint, 64))
                    .col(text(RequestLog::Response))
                    .col(string_len(RequestLog::Principal, 128))
                    .col(timestamp_with_time_zone(RequestLog::CreatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RequestLog::Table).to_owned())
            .await
    }
}
