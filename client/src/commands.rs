//! Runs a parsed command line: each command fetches from the server, builds a view, renders it.

mod completions;
mod org;

use std::{io::Write, time::Duration};

use crate::{
    api::Api,
    cli::{Cli, Command},
    error::Error,
    render::Renderer,
};

/// Runs `cli`, writing data to `out` and diagnostics to `err`.
pub(crate) async fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<(), Error> {
    let Cli {
        server,
        format,
        lang,
        timeout,
        request_id,
        command,
    } = cli;
    let mut render = Renderer::new(out, format, lang);
    match command {
        Command::Org(command) => {
            let mut session = Session {
                server,
                timeout,
                request_id,
                render,
                err,
            };
            org::run(command, &mut session).await
        }
        Command::Completions { shell } => completions::run(shell, &mut render),
    }
}

/// What a command that talks to the server needs.
struct Session<'a> {
    server: String,
    timeout: Duration,
    /// `--request-id`, for replaying a mutation.
    request_id: Option<String>,
    render: Renderer<'a>,
    err: &'a mut dyn Write,
}

impl Session<'_> {
    /// Connects to `--server`.
    async fn connect(&self) -> Result<Api, Error> {
        Api::connect(&self.server, self.timeout).await
    }

    /// The `request_id` of a mutation: `--request-id`, or a fresh UUID. Printed to stderr before
    /// the call, so that the clerk can replay it (AIP-155) even when the answer never arrives.
    fn request_id(&mut self) -> Result<String, Error> {
        let id = self
            .request_id
            .clone()
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        writeln!(self.err, "request_id: {id}")?;
        self.err.flush()?;
        Ok(id)
    }
}
