//! The database: connection, migrations, transactions, and every SQL statement (through sea-orm).
//!
//! Entities never leave this module; its functions speak domain types. They
//! take any [`ConnectionTrait`], so the app layer decides what runs in which
//! transaction.

pub(crate) mod audit;
pub(crate) mod batch;
pub(crate) mod cases;
pub(crate) mod changes;
pub(crate) mod decisions;
mod entity;
pub(crate) mod imports;
pub(crate) mod members;
pub(crate) mod orgs;
pub(crate) mod overdue;
pub(crate) mod people;
pub(crate) mod ratings;
pub(crate) mod requests;
pub(crate) mod tallies;
pub(crate) mod targets;
pub(crate) mod tree;
mod tx;

use std::time::Duration;

use anyhow::Context as _;
use dangvien_migrations::{Migrator, MigratorTrait};
pub(crate) use sea_orm::ConnectionTrait as Conn;
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DbErr, RuntimeErr, SqlErr, TransactionOptions,
    TransactionTrait,
    sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous},
};

use crate::{config::DatabaseUrl, domain::Error};

pub(crate) use tx::Tx;

/// How long a SQLite writer waits for another one before giving up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// Creates a missing SQLite file readable by its owner only (DESIGN §8: personal data at rest).
/// SQLite gives the `-wal` and `-shm` files it creates beside it the same mode. An existing file
/// is left as it is, with a warning when others may read it.
fn create_private(path: &std::path::Path) -> anyhow::Result<()> {
    let mut open = std::fs::OpenOptions::new();
    open.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut open, 0o600);
    match open.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt as _;
                let mode = std::fs::metadata(path)?.permissions().mode();
                if mode & 0o077 != 0 {
                    tracing::warn!(file = %path.display(), mode = format!("{:o}", mode & 0o777), "the database file may be read by other users; chmod 600 it");
                }
            }
            Ok(())
        }
        Err(e) => {
            Err(e).with_context(|| format!("cannot create the database file {}", path.display()))
        }
    }
}

/// The database behind the server: a pool over SQLite or PostgreSQL.
#[derive(Clone, Debug)]
pub struct Store {
    db: DatabaseConnection,
    /// Statements run since the pool opened: what a write costs in round trips, for the
    /// benchmark and the tests that keep a decision to a few reads.
    statements: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// On SQLite, the writer turn every write transaction of this process queues for (see
    /// [`Tx`]).
    writers: Option<std::sync::Arc<tokio::sync::Mutex<()>>>,
}

impl Store {
    /// Opens the database named by `url` (creating a SQLite file when the URL says `mode=rwc`).
    pub async fn connect(url: &DatabaseUrl, timeout: Duration) -> anyhow::Result<Self> {
        let mut opts = ConnectOptions::new(url.expose().to_owned());
        // sqlx would log every statement at INFO, with its values: personal data.
        opts.sqlx_logging(false)
            .connect_timeout(timeout)
            .acquire_timeout(timeout);
        if let Some(path) = url.sqlite_path() {
            create_private(&path).with_context(|| format!("cannot open the database {url}"))?;
        }
        if url.is_sqlite() {
            // WAL lets readers run beside the writer; FULL makes a commit survive
            // power loss (DESIGN §9). This process's writers queue for the writer turn (see
            // [`Tx`]); another process's meet the busy timeout.
            opts.max_connections(4).map_sqlx_sqlite_opts(|o| {
                o.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Full)
                    .foreign_keys(true)
                    .busy_timeout(SQLITE_BUSY_TIMEOUT)
            });
        } else {
            opts.max_connections(16);
        }
        let mut db = Database::connect(opts)
            .await
            .with_context(|| format!("cannot open the database {url}"))?;
        let statements = std::sync::Arc::<std::sync::atomic::AtomicU64>::default();
        let counter = statements.clone();
        db.set_metric_callback(move |_| {
            counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        });
        let writers = url.is_sqlite().then(std::sync::Arc::default);
        Ok(Self {
            db,
            statements,
            writers,
        })
    }

    /// Brings the schema up to date.
    pub async fn migrate(&self) -> anyhow::Result<()> {
        Migrator::up(&self.db, None)
            .await
            .context("cannot migrate the database")
    }

    /// Reads a row of every table through its entity, so that a column the entities name but the
    /// migrations did not create fails here rather than in a request.
    pub async fn check_schema(&self) -> anyhow::Result<()> {
        use entity::*;
        use sea_orm::{EntityTrait, QuerySelect};
        macro_rules! read_one {
            ($($table:ident),*) => {$(
                $table::Entity::find()
                    .limit(1)
                    .all(&self.db)
                    .await
                    .with_context(|| format!("table {} does not match its entity", stringify!($table)))?;
            )*};
        }
        read_one!(
            organization,
            org_parent,
            org_event,
            request_log,
            person,
            person_cell,
            member,
            admission_case,
            decision,
            target,
            change_counter,
            change_log,
            import_run,
            import_refusal
        );
        Ok(())
    }

    /// Starts a write transaction. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so that a transaction that read first cannot fail
    /// later when it tries to write.
    pub(crate) async fn begin_write(&self) -> Result<Tx, Error> {
        let turn = match &self.writers {
            // As long as SQLite's own busy timeout, and the same error when it runs out.
            Some(writers) => Some(
                tokio::time::timeout(SQLITE_BUSY_TIMEOUT, writers.clone().lock_owned())
                    .await
                    .map_err(|_| {
                        Error::Contended(format!(
                            "database: no writer turn within {SQLITE_BUSY_TIMEOUT:?}"
                        ))
                    })?,
            ),
            None => None,
        };
        let opts = TransactionOptions {
            sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
            ..TransactionOptions::default()
        };
        Ok(Tx::new(self.db.begin_with_options(opts).await?, turn))
    }

    /// A read-only snapshot: every read in it sees the database as of its first one (a
    /// repeatable read on PostgreSQL; a deferred transaction on SQLite, whose WAL keeps the
    /// snapshot of its first read).
    pub(crate) async fn begin_read(&self) -> Result<Tx, Error> {
        let opts = TransactionOptions {
            isolation_level: Some(sea_orm::IsolationLevel::RepeatableRead),
            access_mode: Some(sea_orm::AccessMode::ReadOnly),
            sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Deferred),
        };
        Ok(Tx::new(self.db.begin_with_options(opts).await?, None))
    }

    /// How many statements this pool has run.
    pub fn statements(&self) -> u64 {
        self.statements.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The connection for reads outside a transaction.
    pub(crate) fn reader(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Closes the pool, so PostgreSQL sees clean disconnects.
    pub async fn close(self) {
        if let Err(e) = self.db.close().await {
            tracing::warn!(error = %e, "closing the database pool failed");
        }
    }
}

impl From<DbErr> for Error {
    fn from(e: DbErr) -> Self {
        if is_contention(&e) {
            Error::Contended(format!("database: {e}"))
        } else {
            Error::Internal(format!("database: {e}"))
        }
    }
}

/// Whether `e` means "another transaction got in the way; run again": a PostgreSQL
/// serialization failure (40001), deadlock (40P01) or lock timeout (55P03), or SQLite's busy or
/// locked database (5, 6, 517).
fn is_contention(e: &DbErr) -> bool {
    let (DbErr::Exec(RuntimeErr::SqlxError(sqlx)) | DbErr::Query(RuntimeErr::SqlxError(sqlx))) = e
    else {
        return false;
    };
    let sea_orm::sqlx::Error::Database(db) = sqlx.as_ref() else {
        return false;
    };
    matches!(
        db.code().as_deref(),
        Some("40001" | "40P01" | "55P03" | "5" | "6" | "517")
    )
}

/// Whether `e` is a unique-constraint violation (a duplicate key).
pub(crate) fn is_unique_violation(e: &DbErr) -> bool {
    matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}
