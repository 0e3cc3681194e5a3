//! `dangviend`: parse the configuration, set up logging, listen, serve until SIGINT/SIGTERM
//! (after loading the demo bloc with `--demo`).

use std::process::ExitCode;

use clap::Parser as _;
use dangvien_server::{Clock, Config, demo, serve, telemetry};
use tokio::net::TcpListener;

#[tokio::main]
async fn main() -> ExitCode {
    let config = Config::parse();
    telemetry::init(config.log_format);
    let listener = match TcpListener::bind(config.listen).await {
        Ok(listener) => listener,
        Err(e) => return fail(&format!("cannot listen on {}: {e}", config.listen)),
    };
    let served = if config.demo {
        demo::serve_with_demo(&config, Clock::System, listener, shutdown_signal()).await
    } else {
        serve(&config, Clock::System, listener, shutdown_signal()).await
    };
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&format!("{e:#}")),
    }
}

/// Prints the reason on one line, as operators' scripts and journals expect.
fn fail(reason: &str) -> ExitCode {
    let one_line = reason.split_whitespace().collect::<Vec<_>>().join(" ");
    eprintln!("dangviend: {one_line}");
    ExitCode::FAILURE
}

/// Completes on the first SIGINT or SIGTERM.
async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut terminate) => {
                tokio::select! {
                    _ = interrupt => {}
                    _ = terminate.recv() => {}
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM; only SIGINT stops the server");
                let _ = interrupt.await;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}
