//! The year-report aggregates (DESIGN §5, §10): signed counts per organisation, year and figure,
//! updated in the transaction of every write that changes them, so a report reads a handful of
//! rows instead of the members.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum Tally {
    Table,
    OrgId,
    Year,
    Figure,
    Shard,
    Count,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Tally::Table)
                    // The organisation the figure is rolled up to (every ancestor of the cell
                    // on the day), or the nil UUID for all roots together: no foreign key.
                    .col(uuid(Tally::OrgId))
                    .col(integer(Tally::Year))
                    // `admitted`, `headcount.women`, `rated.excellent`, …
                    .col(string(Tally::Figure))
                    // Spreads the writes to one organisation's figures over a few rows, so
                    // concurrent decisions in one province do not queue on a single row lock.
                    .col(small_integer(Tally::Shard))
                    .col(big_integer(Tally::Count))
                    .primary_key(
                        Index::create()
                            .col(Tally::OrgId)
                            .col(Tally::Year)
                            .col(Tally::Figure)
                            .col(Tally::Shard),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Tally::Table).to_owned())
            .await
    }
}
