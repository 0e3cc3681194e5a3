//! `dangviend --demo`: serves a fresh database and loads into it, through the server's own
//! public API, a generated bloc that reproduces the seed article's 2021 figures (DESIGN §5's
//! example for `KHOI`): 91 grassroots organisations, 4,934 then 5,100 members, 425 sympathizers
//! and 187 admissions in 2021, a target of 150 for 2022.
//!
//! The bloc is drawn from a fixed seed ([`plan`]), then sent by [`load`] as a department would
//! send it; whatever breaks a rule is refused by the server like any caller's request.

mod admission;
mod life;
mod load;
mod names;
mod people;
mod plan;
mod rng;
mod tree;

use std::{future::Future, net::SocketAddr};

use anyhow::bail;
use tokio::{net::TcpListener, sync::oneshot};
use tonic::transport::Channel;
use tonic_health::pb::{
    HealthCheckRequest, health_check_response::ServingStatus, health_client::HealthClient,
};

use load::STEPS;
pub use load::{Loaded, NotEmpty, load};

use crate::{Clock, Config, Loading, domain::Msg};

/// Serves like [`crate::serve`] and, once the server is ready, loads the demo bloc through it;
/// until it has loaded, reports are refused with how far it got (`LOAD_IN_PROGRESS`). A load
/// that fails (a database that is not empty, a refused record) stops the server and is
/// the error returned; after a load the server serves until `shutdown`.
pub async fn serve_with_demo(
    config: &Config,
    clock: Clock,
    listener: TcpListener,
    shutdown: impl Future<Output = ()>,
) -> anyhow::Result<()> {
    if config.tokens_file.is_some() || config.tls_cert.is_some() {
        // The load calls this server's own API as the local principal, over plain loopback.
        bail!(
            "--demo serves without --tokens-file and TLS: run the demo on loopback, then serve the database with them"
        );
    }
    let endpoint = format!("http://{}", loopback(listener.local_addr()?));
    let (stop, stopped) = oneshot::channel::<()>();
    // Unfinished before the server is ready, so that no report is ever answered from a part
    // of the bloc as if it were the figures.
    let progress = Loading::started(
        Msg::new("dữ liệu mẫu khối KHOI", "the demo bloc KHOI"),
        STEPS,
    );
    let shutting = async move {
        tokio::select! {
            () = shutdown => {}
            // Only a sent stop: the sender is dropped, unsent, once the demo has loaded.
            Ok(()) = stopped => {}
        }
    };
    let serving = crate::serve_loading(config, clock, listener, shutting, progress.clone());
    let loading = async {
        let loaded = async {
            wait_ready(&endpoint).await?;
            tracing::info!(%endpoint, "demo: loading the KHOI bloc");
            load(&endpoint, &progress).await
        }
        .await;
        match &loaded {
            // Only a whole bloc ends the refusals: a failed load stops the server with the
            // reports still refused, never answered from the part that was loaded.
            Ok(loaded) => {
                progress.finish();
                tracing::info!(
                organizations = loaded.organizations,
                persons = loaded.persons,
                registered_members = loaded.registered_members,
                decisions = loaded.decisions,
                elapsed = ?loaded.elapsed,
                "demo loaded; query it with `dangvien --server {endpoint} report year --year 2021 --org KHOI`"
                );
            }
            Err(_) => {
                let _ = stop.send(());
            }
        }
        loaded
    };
    let (served, loaded) = tokio::join!(serving, loading);
    // A failed load stopped the server: its reason is the one to give.
    loaded?;
    served
}

/// Where to reach a server listening on `addr`: loopback for a wildcard address.
fn loopback(addr: SocketAddr) -> SocketAddr {
    match addr {
        SocketAddr::V4(a) if a.ip().is_unspecified() => {
            SocketAddr::from(([127, 0, 0, 1], a.port()))
        }
        SocketAddr::V6(a) if a.ip().is_unspecified() => {
            SocketAddr::from((std::net::Ipv6Addr::LOCALHOST, a.port()))
        }
        SocketAddr::V4(_) | SocketAddr::V6(_) => addr,
    }
}

/// Waits until the server's health says `SERVING` (the database is open and migrated).
async fn wait_ready(endpoint: &str) -> anyhow::Result<()> {
    let channel = Channel::from_shared(endpoint.to_owned())?.connect().await?;
    let mut stream = HealthClient::new(channel)
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
    bail!("the server stopped before it was ready")
}
