//! `dangvien sync …`: the nightly jobs of DESIGN §6. `import` sends a file's lines to `Import`;
//! `export` and `changes` write what `Export` and `ListChanges` stream, and the cursor to ask
//! from next time. The CLI never parses the records: only the server reads and writes §6.

mod feed;
mod import;
mod input;
mod rejects;

use super::Session;
use crate::{cli::SyncCommand, error::Error};

/// Runs one `sync` subcommand.
pub(super) async fn run(command: SyncCommand, session: &mut Session<'_>) -> Result<(), Error> {
    match command {
        SyncCommand::Import(args) => import::import(args, session).await,
        SyncCommand::Export(args) => feed::export(args, session).await,
        SyncCommand::Changes(args) => feed::changes(args, session).await,
    }
}

#[cfg(test)]
mod server_tests;
