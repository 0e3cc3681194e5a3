//! The organisation tree's version: one row that every transaction changing an organisation or
//! a parent interval bumps, so that a server's in-process copy of the tree can tell, with one
//! read, whether it is still the tree in the database (several servers share one database).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum TreeVersion {
    Table,
    Id,
    Version,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(TreeVersion::Table)
                    .col(small_integer(TreeVersion::Id).primary_key())
                    .col(big_integer(TreeVersion::Version))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(TreeVersion::Table)
                    .columns([TreeVersion::Id, TreeVersion::Version])
                    .values_panic([1.into(), 0i64.into()])
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(TreeVersion::Table).to_owned())
            .await
    }
}
