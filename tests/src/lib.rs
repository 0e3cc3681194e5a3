//! Test harness: serves `dangviend` in process on `127.0.0.1:0` over a fresh SQLite file, and
//! over a fresh PostgreSQL database when `DANGVIEN_TEST_DATABASE_URL` is set.
//!
//! `servers()` gives one running server per backend; every end-to-end test runs
//! its body against each. A server is ready when a real health call says
//! `SERVING` (no sleeps).

pub mod auth;
pub mod bench;

use std::{fmt, net::SocketAddr};

use anyhow::{Context as _, bail};
use chrono::NaiveDate;
use dangvien_proto::v1::organization_service_client::OrganizationServiceClient;
use dangvien_proto::v1::{
    member_service_client::MemberServiceClient, person_service_client::PersonServiceClient,
};
use dangvien_server::{Clock, Config, Loading};
use sea_orm::{ConnectionTrait, Database};
use tempfile::TempDir;
use tokio::{net::TcpListener, sync::oneshot, task::JoinHandle};
use tonic::transport::{Channel, ClientTlsConfig};
use tonic_health::pb::{
    HealthCheckRequest, health_check_response::ServingStatus, health_client::HealthClient,
};

/// The variable that points the suite at a PostgreSQL server as well.
pub const PG_ENV: &str = "DANGVIEN_TEST_DATABASE_URL";

/// "Today" for every test server, so that date rules give the same answers on any day.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 15).unwrap_or_default()
}

/// Which database a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Backend::Sqlite => "SQLite",
            Backend::Postgres => "PostgreSQL",
        })
    }
}

/// A fresh, empty database for one test.
#[derive(Debug)]
pub struct TestDb {
    /// Which backend this is.
    pub backend: Backend,
    url: String,
    /// Keeps the SQLite file's directory alive.
    _dir: Option<TempDir>,
    /// For PostgreSQL: the server URL and the database to drop at the end.
    pg: Option<(String, String)>,
}

impl TestDb {
    /// One fresh database per configured backend: SQLite always, PostgreSQL when
    /// [`PG_ENV`] is set (and then it must be reachable).
    pub async fn all() -> Vec<TestDb> {
        let mut dbs = vec![Self::sqlite()];
        if let Ok(base) = std::env::var(PG_ENV) {
            match Self::postgres(&base).await {
                Ok(db) => dbs.push(db),
                Err(e) => panic!("{PG_ENV} is set but PostgreSQL is not usable: {e:#}"),
            }
        }
        dbs
    }

    /// Another fresh, empty database on `backend` (PostgreSQL only when [`PG_ENV`] is set).
    pub async fn fresh(backend: Backend) -> anyhow::Result<TestDb> {
        match backend {
            Backend::Sqlite => Ok(Self::sqlite()),
            Backend::Postgres => Self::postgres(&std::env::var(PG_ENV)?).await,
        }
    }

    /// A new SQLite file in a temporary directory.
    pub fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("creating a temp dir: {e}"));
        let url = format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("dangvien.db").display()
        );
        TestDb {
            backend: Backend::Sqlite,
            url,
            _dir: Some(dir),
            pg: None,
        }
    }

    /// A new database on the PostgreSQL server at `base`.
    pub async fn postgres(base: &str) -> anyhow::Result<TestDb> {
        let name = format!("dangvien_test_{}", uuid::Uuid::new_v4().simple());
        let admin = Database::connect(base)
            .await
            .with_context(|| format!("connecting to {}", redact(base)))?;
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .context("creating a test database")?;
        admin.close().await.ok();
        let mut url = url::Url::parse(base).context("parsing the PostgreSQL URL")?;
        url.set_path(&name);
        Ok(TestDb {
            backend: Backend::Postgres,
            url: url.to_string(),
            _dir: None,
            pg: Some((base.to_owned(), name)),
        })
    }

    /// The same database again, for a second server beside the first (servers in production
    /// share one database). The first handle keeps the database: stop the second server first.
    pub fn share(&self) -> TestDb {
        TestDb {
            backend: self.backend,
            url: self.url.clone(),
            _dir: None,
            pg: None,
        }
    }

    /// The database URL to give the server.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Drops a PostgreSQL test database (SQLite files go with their directory).
    pub async fn drop_database(self) -> anyhow::Result<()> {
        if let Some((base, name)) = &self.pg {
            let admin = Database::connect(base.as_str()).await?;
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await?;
            admin.close().await.ok();
        }
        Ok(())
    }
}

fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        Ok(_) | Err(_) => url.to_owned(),
    }
}

/// How a test server serves.
#[derive(Debug)]
pub enum Serving {
    /// As `dangviend` does.
    Plain,
    /// Refusing reports while this load is unfinished.
    Loading(Loading),
    /// As `dangviend --demo` does: loading the demo bloc once ready.
    Demo,
}

/// A server running in this process on a free loopback port.
#[derive(Debug)]
pub struct TestServer {
    /// The database it serves.
    pub db: TestDb,
    /// Where it listens.
    pub addr: SocketAddr,
    /// How its channels speak TLS, for a server started with [`TestServer::start_tls`].
    tls: Option<ClientTlsConfig>,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<anyhow::Result<()>>>,
}

/// One ready server per configured backend.
pub async fn servers() -> Vec<TestServer> {
    let mut servers = Vec::new();
    for db in TestDb::all().await {
        servers.push(TestServer::start(db).await);
    }
    servers
}

impl TestServer {
    /// Serves `db` with the test clock, and waits until it is ready.
    pub async fn start(db: TestDb) -> TestServer {
        Self::start_with(db, Clock::Fixed(today()))
            .await
            .unwrap_or_else(|e| panic!("starting a test server: {e:#}"))
    }

    /// Serves `db` with `clock`; fails if the server stops before it is ready.
    pub async fn start_with(db: TestDb, clock: Clock) -> anyhow::Result<TestServer> {
        Self::start_with_args(db, clock, &[]).await
    }

    /// Serves `db` with `clock` and extra `dangviend` flags (e.g. `--stream-idle-timeout 1`).
    pub async fn start_with_args(
        db: TestDb,
        clock: Clock,
        flags: &[&str],
    ) -> anyhow::Result<TestServer> {
        Self::start_serving(db, clock, flags, Serving::Plain).await
    }

    /// Serves `db` with `clock`, extra flags, and `serving`'s way of serving.
    pub async fn start_serving(
        db: TestDb,
        clock: Clock,
        flags: &[&str],
        serving: Serving,
    ) -> anyhow::Result<TestServer> {
        Self::launch(db, clock, flags, serving, None).await
    }

    /// Serves `db` over TLS: `flags` name the certificate and key (and perhaps the client CA),
    /// and `tls` is how the harness's own channels, the readiness wait's first, connect to it.
    pub async fn start_tls(
        db: TestDb,
        clock: Clock,
        flags: &[&str],
        tls: ClientTlsConfig,
    ) -> anyhow::Result<TestServer> {
        Self::launch(db, clock, flags, Serving::Plain, Some(tls)).await
    }

    async fn launch(
        db: TestDb,
        clock: Clock,
        flags: &[&str],
        serving: Serving,
        tls: Option<ClientTlsConfig>,
    ) -> anyhow::Result<TestServer> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let mut args = vec!["dangviend", "--database-url", db.url()];
        args.extend_from_slice(flags);
        let config = Config::from_args(args)?;
        let (stop, stopped) = oneshot::channel::<()>();
        let mut task = tokio::spawn(async move {
            let shutdown = async {
                let _ = stopped.await;
            };
            match serving {
                Serving::Plain => dangvien_server::serve(&config, clock, listener, shutdown).await,
                Serving::Loading(loading) => {
                    dangvien_server::serve_loading(&config, clock, listener, shutdown, loading)
                        .await
                }
                Serving::Demo => {
                    dangvien_server::demo::serve_with_demo(&config, clock, listener, shutdown).await
                }
            }
        });
        let server = TestServer {
            db,
            addr,
            tls,
            stop: Some(stop),
            task: None,
        };
        tokio::select! {
            ready = server.wait_ready() => {
                if let Err(not_ready) = ready {
                    // The server may have stopped on a start-up error that closed the listener
                    // under the health call: its own reason says more.
                    return match tokio::time::timeout(std::time::Duration::from_secs(5), task).await {
                        Ok(Ok(Err(e))) => Err(e),
                        Ok(Ok(Ok(())) | Err(_)) | Err(_) => Err(not_ready),
                    };
                }
            }
            ended = &mut task => match ended {
                Ok(Ok(())) => bail!("the server stopped before it was ready"),
                Ok(Err(e)) => return Err(e),
                Err(e) => return Err(e.into()),
            },
        }
        Ok(TestServer {
            task: Some(task),
            ..server
        })
    }

    /// Waits on the health stream until the whole server is `SERVING`.
    async fn wait_ready(&self) -> anyhow::Result<()> {
        let mut health = HealthClient::new(self.channel().await?);
        let mut stream = health
            .watch(HealthCheckRequest {
                service: String::new(),
            })
            .await?
            .into_inner();
        while let Some(update) = stream.message().await? {
            if update.status == ServingStatus::Serving as i32 {
                return Ok(());
            }
        }
        bail!("the health stream ended before the server was ready")
    }

    /// `http://127.0.0.1:PORT` (`https://` over TLS), as the CLI's `--server` takes it.
    pub fn url(&self) -> String {
        let scheme = if self.tls.is_some() { "https" } else { "http" };
        format!("{scheme}://{}", self.addr)
    }

    /// Which backend the server runs on.
    pub fn backend(&self) -> Backend {
        self.db.backend
    }

    /// A new channel to the server.
    pub async fn channel(&self) -> anyhow::Result<Channel> {
        let mut endpoint = Channel::from_shared(self.url())?;
        if let Some(tls) = &self.tls {
            endpoint = endpoint.tls_config(tls.clone())?;
        }
        Ok(endpoint.connect().await?)
    }

    /// A client of the organisation service.
    pub async fn orgs(&self) -> OrganizationServiceClient<Channel> {
        let channel = self
            .channel()
            .await
            .unwrap_or_else(|e| panic!("connecting to the test server: {e:#}"));
        OrganizationServiceClient::new(channel)
    }

    /// A client of the person service.
    pub async fn people(&self) -> PersonServiceClient<Channel> {
        let channel = self
            .channel()
            .await
            .unwrap_or_else(|e| panic!("connecting to the test server: {e:#}"));
        PersonServiceClient::new(channel)
    }

    /// A client of the member service.
    pub async fn members(&self) -> MemberServiceClient<Channel> {
        let channel = self
            .channel()
            .await
            .unwrap_or_else(|e| panic!("connecting to the test server: {e:#}"));
        MemberServiceClient::new(channel)
    }

    /// Stops the server gracefully and drops its database.
    pub async fn stop(mut self) -> anyhow::Result<()> {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.await??;
        }
        let TestServer { db, .. } = self;
        db.drop_database().await
    }
}
