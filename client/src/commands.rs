//! Runs a parsed command line: each command fetches from the server, builds a view, renders it.

mod admin;
mod audit;
mod case;
mod completions;
mod decide;
mod member;
mod org;
mod person;
mod report;
mod sync;
mod target;

use std::{io::Write, time::Duration};

use crate::{
    api::{Api, Secret, TransportArgs},
    cli::{Cli, Command, CredentialsArgs, Format, ReportCommand},
    error::{Error, Mistake},
    i18n::Lang,
    render::Renderer,
};

/// Runs `cli`, writing data to `out` and diagnostics to `err`; `env_token` is `DANGVIEN_TOKEN`.
pub(crate) async fn run(
    cli: Cli,
    env_token: Option<Secret>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Error> {
    let Cli {
        server,
        format,
        lang,
        timeout,
        request_id,
        credentials:
            CredentialsArgs {
                token_file,
                ca_cert,
                client_cert,
                client_key,
            },
        command,
    } = cli;
    let transport = TransportArgs {
        token_file,
        env_token,
        ca_cert,
        client_cert,
        client_key,
    };
    if format == Format::Xlsx && !writes_workbooks(&command) {
        return Err(Mistake::NoWorkbook.into());
    }
    let render = Renderer::new(out, format, lang);
    let mut session = Session {
        server,
        transport,
        timeout,
        request_id,
        lang,
        render,
        err,
    };
    match command {
        Command::Org(command) => org::run(command, &mut session).await,
        Command::Person(command) => person::run(command, &mut session).await,
        Command::Member(command) => member::run(command, &mut session).await,
        Command::Decide(command) => decide::run(command, &mut session).await,
        Command::Case(command) => case::run(command, &mut session).await,
        Command::Report(command) => report::run(command, &mut session).await,
        Command::Admin(command) => admin::run(command, &mut session).await,
        Command::Audit(command) => audit::run(command, &mut session).await,
        Command::Target(command) => target::run(command, &mut session).await,
        Command::Sync(command) => sync::run(command, &mut session).await,
        Command::Completions { shell } => completions::run(shell, &mut session.render),
    }
}

/// Whether `command` can print `--format xlsx`: only the year report is laid out as a workbook.
fn writes_workbooks(command: &Command) -> bool {
    matches!(command, Command::Report(ReportCommand::Year(_)))
}

/// What a command that talks to the server needs.
struct Session<'a> {
    server: String,
    /// The token and TLS flags, read when connecting.
    transport: TransportArgs,
    timeout: Duration,
    /// `--request-id`, for replaying a mutation.
    request_id: Option<String>,
    /// `--lang`, for what commands write to stderr themselves (warnings).
    lang: Lang,
    render: Renderer<'a>,
    err: &'a mut dyn Write,
}

impl Session<'_> {
    /// Connects to `--server`, with the token and TLS the flags ask for.
    async fn connect(&self) -> Result<Api, Error> {
        let transport = self.transport.load(&self.server)?;
        Api::connect(&self.server, self.timeout, transport).await
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

/// A filter string literal; the server reads `\` as an escape.
fn quoted(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        if c == '"' || c == '\\' {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push('"');
    quoted
}

/// The server's etags are quoted strings (`"3"`, AIP-154). A shell strips the quotes of a
/// copied `--etag "3"`, so an etag given without them gets them back.
fn wire_etag(etag: Option<String>) -> String {
    match etag {
        None => String::new(),
        Some(e) if e.is_empty() || e.starts_with('"') || e.starts_with("W/\"") => e,
        Some(e) => format!("\"{e}\""),
    }
}
