//! `dangvien admin verify`: the server recounts the state derived from the decisions and lists
//! every difference; any difference is an error (exit code 1) after the list is printed.
//! `dangvien admin token …` edits the tokens file on this machine (`tokens`).

mod tokens;

use super::Session;
use crate::{cli::AdminCommand, error::Error, view::VerificationView};

/// Runs one `admin` subcommand.
pub(super) async fn run(command: AdminCommand, session: &mut Session<'_>) -> Result<(), Error> {
    match command {
        AdminCommand::Verify => verify(session).await,
        AdminCommand::Token(command) => tokens::run(command, session),
    }
}

async fn verify(session: &mut Session<'_>) -> Result<(), Error> {
    let mut api = session.connect().await?;
    let view = VerificationView::from(api.verify().await?);
    session.render.verification(&view)?;
    if view.differences.is_empty() {
        Ok(())
    } else {
        Err(Error::Inconsistent {
            count: view.differences.len(),
        })
    }
}
