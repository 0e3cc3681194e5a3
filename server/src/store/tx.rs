//! A transaction of the store. On SQLite a write transaction also holds this process's writer
//! turn: SQLite lets one writer in at a time, and writers that find its lock taken poll for it
//! (sleeping 1, 2, 5, 10 … ms between tries), so under load the lock sat idle while every
//! waiter slept. Writers of one process now queue for their turn in arrival order, and each
//! finds the lock free when its turn comes. (Another process writing the same file still meets
//! the busy timeout.)

use sea_orm::{
    ConnectionTrait, DatabaseTransaction, DbBackend, DbErr, ExecResult, QueryResult, Statement,
    TransactionTrait, prelude::async_trait,
};
use tokio::sync::OwnedMutexGuard;

/// A write transaction: everything a mutation changes commits together or not at all.
#[derive(Debug)]
pub(crate) struct Tx {
    inner: DatabaseTransaction,
    /// This process's SQLite writer turn, released when the transaction ends.
    _turn: Option<OwnedMutexGuard<()>>,
}

impl Tx {
    pub(super) fn new(inner: DatabaseTransaction, turn: Option<OwnedMutexGuard<()>>) -> Self {
        Self { inner, _turn: turn }
    }

    /// Commits, and gives the writer turn to the next writer.
    pub(crate) async fn commit(self) -> Result<(), DbErr> {
        self.inner.commit().await
    }

    /// Rolls back, and gives the writer turn to the next writer.
    pub(crate) async fn rollback(self) -> Result<(), DbErr> {
        self.inner.rollback().await
    }

    /// A savepoint inside this transaction (the turn stays with the outer one).
    pub(crate) async fn begin(&self) -> Result<Tx, DbErr> {
        Ok(Self::new(self.inner.begin().await?, None))
    }
}

#[async_trait::async_trait]
impl ConnectionTrait for Tx {
    fn get_database_backend(&self) -> DbBackend {
        self.inner.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.inner.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.inner.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.inner.query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.inner.query_all_raw(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.inner.support_returning()
    }

    fn is_mock_connection(&self) -> bool {
        self.inner.is_mock_connection()
    }
}
