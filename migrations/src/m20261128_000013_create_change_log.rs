//! The sync's change log (DESIGN §6): every stored record as its JSONL line, numbered in commit
//! order from one counter row; and, per import, the last committed line and every refusal, so
//! that running the same file again resumes it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum ChangeCounter {
    Table,
    Id,
    Last,
}

#[derive(DeriveIden)]
enum ChangeLog {
    Table,
    Number,
    Kind,
    RecordKey,
    Line,
    OrgCode,
    Day,
}

#[derive(DeriveIden)]
enum ImportRun {
    Table,
    ImportId,
    LastLine,
    Actor,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ImportRefusal {
    Table,
    ImportId,
    LineNumber,
    RecordKey,
    Reason,
    Message,
    MessageVi,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ChangeCounter::Table)
                    // One row: every writing transaction locks it to take its numbers, so
                    // numbers follow commit order and the feed never skips one.
                    .col(small_integer(ChangeCounter::Id).primary_key())
                    .col(big_integer(ChangeCounter::Last))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(ChangeCounter::Table)
                    .columns([ChangeCounter::Id, ChangeCounter::Last])
                    .values_panic([1.into(), 0i64.into()])
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ChangeLog::Table)
                    .col(big_integer(ChangeLog::Number).primary_key())
                    // The line's `kind` and key (DESIGN §6), to find what a key last stored.
                    .col(string_len(ChangeLog::Kind, 16))
                    .col(string_len(ChangeLog::RecordKey, 300))
                    .col(text(ChangeLog::Line))
                    // The organisation the line is about and the day it speaks of, for
                    // exports of a subtree. No foreign key: the log outlives nothing, but it
                    // must never block a restructuring.
                    .col(string_len_null(ChangeLog::OrgCode, 64))
                    .col(date_null(ChangeLog::Day))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("change_log_key")
                    .table(ChangeLog::Table)
                    .col(ChangeLog::Kind)
                    .col(ChangeLog::RecordKey)
                    .col(ChangeLog::Number)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ImportRun::Table)
                    .col(string_len(ImportRun::ImportId, 128).primary_key())
                    // Every line up to this one is committed (stored, skipped or refused).
                    .col(big_integer(ImportRun::LastLine))
                    .col(string_len(ImportRun::Actor, 128))
                    .col(timestamp_with_time_zone(ImportRun::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ImportRefusal::Table)
                    .col(string_len(ImportRefusal::ImportId, 128))
                    .col(big_integer(ImportRefusal::LineNumber))
                    .col(string_len(ImportRefusal::RecordKey, 300))
                    .col(string_len(ImportRefusal::Reason, 64))
                    .col(text(ImportRefusal::Message))
                    .col(text(ImportRefusal::MessageVi))
                    .primary_key(
                        Index::create()
                            .col(ImportRefusal::ImportId)
                            .col(ImportRefusal::LineNumber),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ImportRefusal::Table, ImportRefusal::ImportId)
                            .to(ImportRun::Table, ImportRun::ImportId),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            ImportRefusal::Table.into_iden(),
            ImportRun::Table.into_iden(),
            ChangeLog::Table.into_iden(),
            ChangeCounter::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
