//! `dangvien-server`: the library behind `dangviend`, so that tests can serve it in process.
//!
//! Layers depend one way: [`grpc`] → [`app`] → [`store`], all speaking [`domain`].

pub mod app;
pub mod config;
pub mod demo;
pub mod domain;
mod grpc;
pub mod store;
pub mod telemetry;

use std::future::Future;

use anyhow::Context as _;
use dangvien_proto::v1::organization_service_server::OrganizationServiceServer;
use tokio::{net::TcpListener, sync::oneshot};
use tonic_health::server::HealthReporter;

use crate::{
    app::{App, Rules},
    domain::{calendar::Calendar, rulebook::Rulebooks},
    grpc::OrganizationApi,
    store::Store,
};
pub use crate::{
    app::{Clock, Loading},
    config::Config,
};

/// How often an idle connection is pinged.
const HTTP2_KEEPALIVE_INTERVAL: std::time::Duration = std::time::Duration::from_secs(60);
/// How long a ping may go unanswered before the connection is dropped.
const HTTP2_KEEPALIVE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(20);

/// Serves the API on `listener` until `shutdown` completes; see [`serve_loading`].
pub async fn serve(
    config: &Config,
    clock: Clock,
    listener: TcpListener,
    shutdown: impl Future<Output = ()>,
) -> anyhow::Result<()> {
    serve_loading(config, clock, listener, shutdown, Loading::default()).await
}

/// Serves the API on `listener` until `shutdown` completes, refusing reports while `loading`
/// (a bulk load this process runs through its own API, the demo's) is unfinished.
///
/// The listener answers at once: health says `NOT_SERVING` (and the API
/// `UNAVAILABLE`) while the database is opened and migrated, `SERVING` after,
/// and `NOT_SERVING` again from the moment `shutdown` completes. In-flight calls
/// then get `config.shutdown_grace` to finish. A database that cannot be opened
/// or migrated is an error, after the listener has been closed.
pub async fn serve_loading(
    config: &Config,
    clock: Clock,
    listener: TcpListener,
    shutdown: impl Future<Output = ()>,
    loading: Loading,
) -> anyhow::Result<()> {
    let rules = load_rules(config)?;
    let (health, health_service) = tonic_health::server::health_reporter();
    set_health(&health, false).await;

    let reflection_v1 = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(dangvien_proto::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .build_v1()
        .context("building server reflection v1")?;
    let reflection_v1alpha = tonic_reflection::server::Builder::configure()
        .register_encoded_file_descriptor_set(dangvien_proto::FILE_DESCRIPTOR_SET)
        .register_encoded_file_descriptor_set(tonic_health::pb::FILE_DESCRIPTOR_SET)
        .build_v1alpha()
        .context("building server reflection v1alpha")?;

    let tokens = guard(config, &listener)?;
    let ready = grpc::Ready::default();
    let (stop, stopped) = oneshot::channel::<()>();
    let mut builder = tonic::transport::Server::builder();
    if let Some(tls) = tls_config(config)? {
        builder = builder.tls_config(tls).context("configuring TLS")?;
    }
    let reload = tokens.clone().map(|t| tokio::spawn(watch_tokens(t)));
    let limits = grpc::Limits {
        global: config.max_calls.max(1),
        per_principal: config.max_calls_per_principal.max(1),
        running: match config.max_running_calls {
            0 => std::thread::available_parallelism().map_or(2, |n| n.get()) * 2,
            n => n,
        },
    };
    let router = builder
        .timeout(config.request_timeout)
        .max_concurrent_streams(Some(config.max_streams_per_connection))
        // Pings find peers that vanished without closing the connection.
        .http2_keepalive_interval(Some(HTTP2_KEEPALIVE_INTERVAL))
        .http2_keepalive_timeout(Some(HTTP2_KEEPALIVE_TIMEOUT))
        .layer(grpc::IdleTimeoutLayer::new(config.stream_idle_timeout))
        .layer(grpc::AuthLayer::new(tokens, limits))
        .add_service(health_service)
        .add_service(reflection_v1)
        .add_service(reflection_v1alpha)
        .add_service(grpc::organization_service(ready.clone(), config))
        .add_service(grpc::person_service(ready.clone(), config))
        .add_service(grpc::member_service(ready.clone(), config))
        .add_service(grpc::decision_service(ready.clone(), config))
        .add_service(grpc::statistics_service(ready.clone(), config))
        .add_service(grpc::admin_service(ready.clone(), config))
        .add_service(grpc::sync_service(ready.clone(), config))
        .add_service(grpc::audit_service(ready.clone(), config));
    let local = listener.local_addr().ok();
    // TCP_NODELAY: an answer is one small write after the request; Nagle holding it back for
    // the client's delayed ACK added ~40 ms to every call (measured: 44 ms p50 at one client).
    let incoming = tonic::transport::server::TcpIncoming::from(listener).with_nodelay(Some(true));
    let server = tokio::spawn(router.serve_with_incoming_shutdown(incoming, async {
        let _ = stopped.await;
    }));
    tracing::info!(
        listen = ?local,
        database = %config.database_url,
        request_timeout = ?config.request_timeout,
        max_message_bytes = config.max_message_bytes,
        "dangviend starting"
    );

    let store = match open(config).await {
        Ok(store) => store,
        Err(e) => {
            let _ = stop.send(());
            let _ = server.await;
            return Err(e);
        }
    };
    ready.set(App::with_rules(store.clone(), clock, rules).with_loading(loading));
    set_health(&health, true).await;
    tracing::info!(listen = ?local, "dangviend serving");

    shutdown.await;
    set_health(&health, false).await;
    tracing::info!(grace = ?config.shutdown_grace, "dangviend stopping");
    let _ = stop.send(());
    let abort = server.abort_handle();
    match tokio::time::timeout(config.shutdown_grace, server).await {
        Ok(Ok(Ok(()))) => {}
        Ok(Ok(Err(e))) => tracing::warn!(error = %e, "the server ended with an error"),
        Ok(Err(e)) => tracing::warn!(error = %e, "the server task failed"),
        Err(_) => {
            tracing::warn!("in-flight calls outlived the shutdown grace; stopping anyway");
            abort.abort();
        }
    }
    if let Some(reload) = reload {
        reload.abort();
    }
    store.close().await;
    tracing::info!("dangviend stopped");
    Ok(())
}

/// How often the tokens file is checked for changes: a revoked token stops working within this.
const TOKENS_RELOAD: std::time::Duration = std::time::Duration::from_secs(1);

/// The tokens file, and the safe default without one: loopback only (DESIGN §8).
fn guard(config: &Config, listener: &TcpListener) -> anyhow::Result<Option<grpc::Tokens>> {
    let addr = listener
        .local_addr()
        .context("reading the listening address")?;
    match &config.tokens_file {
        Some(path) => Ok(Some(grpc::Tokens::load(path)?)),
        None if addr.ip().is_loopback() => {
            tracing::warn!(listen = %addr, "no tokens file: serving loopback only, every caller as the local admin");
            Ok(None)
        }
        None => anyhow::bail!(
            "refusing to serve {addr} without authentication: pass --tokens-file (see `dangvien admin token create`), or listen on 127.0.0.1"
        ),
    }
}

/// Re-reads the tokens file when it changes, so that revocations need no restart.
async fn watch_tokens(tokens: grpc::Tokens) {
    let mut tick = tokio::time::interval(TOKENS_RELOAD);
    loop {
        tick.tick().await;
        tokens.reload_if_changed();
    }
}

/// TLS from the configured files, mTLS when a client CA is named.
fn tls_config(config: &Config) -> anyhow::Result<Option<tonic::transport::ServerTlsConfig>> {
    use tonic::transport::{Certificate, Identity, ServerTlsConfig};
    let (Some(cert), Some(key)) = (&config.tls_cert, &config.tls_key) else {
        return Ok(None);
    };
    let read = |path: &std::path::Path, what: &str| {
        std::fs::read(path).with_context(|| format!("cannot read the {what} {}", path.display()))
    };
    let mut tls = ServerTlsConfig::new().identity(Identity::from_pem(
        read(cert, "TLS certificate")?,
        read(key, "TLS key")?,
    ));
    if let Some(ca) = &config.tls_client_ca {
        tls = tls
            .client_ca_root(Certificate::from_pem(read(ca, "client CA")?))
            // A caller with a token needs no certificate; one that presents a certificate
            // the CA did not sign is still refused at the handshake.
            .client_auth_optional(true);
    }
    Ok(Some(tls))
}

/// The shipped rulebooks and calendar, or the operator's files named in `config`.
fn load_rules(config: &Config) -> anyhow::Result<Rules> {
    let mut rules = Rules::default();
    if let Some(path) = &config.rulebooks {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the rulebooks file {}", path.display()))?;
        rules.rulebooks =
            Rulebooks::from_json(&text).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    }
    if let Some(path) = &config.calendar_swaps {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the calendar swaps file {}", path.display()))?;
        rules.calendar = Calendar::from_swaps_json(&text)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    }
    Ok(rules)
}

async fn open(config: &Config) -> anyhow::Result<Store> {
    let store = Store::connect(&config.database_url, config.database_connect_timeout).await?;
    store.migrate().await?;
    Ok(store)
}

async fn set_health(health: &HealthReporter, serving: bool) {
    let status = if serving {
        tonic_health::ServingStatus::Serving
    } else {
        tonic_health::ServingStatus::NotServing
    };
    health.set_service_status("", status).await;
    health
        .set_service_status(
            <OrganizationServiceServer<OrganizationApi> as tonic::server::NamedService>::NAME,
            status,
        )
        .await;
    health
        .set_service_status("dangvien.v1.DecisionService", status)
        .await;
    health
        .set_service_status("dangvien.v1.PersonService", status)
        .await;
    health
        .set_service_status("dangvien.v1.MemberService", status)
        .await;
    health
        .set_service_status("dangvien.v1.StatisticsService", status)
        .await;
    health
        .set_service_status("dangvien.v1.AdminService", status)
        .await;
    health
        .set_service_status("dangvien.v1.SyncService", status)
        .await;
    health
        .set_service_status("dangvien.v1.AuditService", status)
        .await;
}
