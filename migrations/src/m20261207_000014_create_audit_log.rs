//! The audit log (DESIGN §8): one row per call that decided, changed or read personal data,
//! linked into one of a fixed set of hash chains whose heads live in `audit_chain`.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

/// Chains the log is spread over. Each append locks one chain's head row until commit; with
/// several chains, concurrent readers (whose entries commit on their own) rarely meet.
const CHAINS: i16 = 16;

/// The hash a chain starts from.
const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(DeriveIden)]
enum AuditChain {
    Table,
    Chain,
    Seq,
    Head,
}

#[derive(DeriveIden)]
enum AuditLog {
    Table,
    Chain,
    Seq,
    At,
    Principal,
    Method,
    Subjects,
    Outcome,
    RequestId,
    Hash,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditChain::Table)
                    .col(small_integer(AuditChain::Chain).primary_key())
                    // The last entry's place and hash: an entry removed from the end, or one
                    // added after it, no longer matches.
                    .col(big_integer(AuditChain::Seq))
                    .col(string_len(AuditChain::Head, 64))
                    .to_owned(),
            )
            .await?;
        let mut seed = Query::insert();
        seed.into_table(AuditChain::Table).columns([
            AuditChain::Chain,
            AuditChain::Seq,
            AuditChain::Head,
        ]);
        for chain in 0..CHAINS {
            seed.values_panic([chain.into(), 0i64.into(), GENESIS.into()]);
        }
        manager.exec_stmt(seed.to_owned()).await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditLog::Table)
                    .col(small_integer(AuditLog::Chain))
                    .col(big_integer(AuditLog::Seq))
                    .col(timestamp_with_time_zone(AuditLog::At))
                    .col(string_len(AuditLog::Principal, 64))
                    .col(string_len(AuditLog::Method, 128))
                    // Resource names, each followed by a space and the whole led by one, so
                    // that a subject is found with `LIKE '% name %'`.
                    .col(text(AuditLog::Subjects))
                    .col(string_len(AuditLog::Outcome, 64))
                    .col(string_len_null(AuditLog::RequestId, 128))
                    .col(string_len(AuditLog::Hash, 64))
                    .primary_key(Index::create().col(AuditLog::Chain).col(AuditLog::Seq))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AuditLog::Table, AuditLog::Chain)
                            .to(AuditChain::Table, AuditChain::Chain),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("audit_log_at")
                    .table(AuditLog::Table)
                    .col(AuditLog::At)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("audit_log_principal")
                    .table(AuditLog::Table)
                    .col(AuditLog::Principal)
                    .col(AuditLog::At)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [AuditLog::Table.into_iden(), AuditChain::Table.into_iden()] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
