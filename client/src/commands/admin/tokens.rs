//! `dangvien admin token create|list|revoke`: the tokens file that `dangviend` reads, changed on
//! this machine with no call to the server. A new token's secret goes to stdout, alone, once;
//! everything said about it goes to stderr, so `… > secret.txt` captures the secret only.

use std::path::Path;

use chrono::{SecondsFormat, Utc};
use dangvien_proto::tokens::{TokensError, TokensFile};

use super::Session;
use crate::{
    cli::{TokenCommand, TokenCreateArgs, TokenRevokeArgs, TokensFileArg},
    error::Error,
    i18n,
    view::PrincipalView,
};

/// Runs one `admin token` subcommand.
pub(super) fn run(command: TokenCommand, session: &mut Session<'_>) -> Result<(), Error> {
    let now = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
    match command {
        TokenCommand::Create(args) => create(args, &now, session),
        TokenCommand::List(TokensFileArg { tokens_file }) => list(&tokens_file, session),
        TokenCommand::Revoke(args) => revoke(args, &now, session),
    }
}

/// Adds the principal; the file is written before the secret is shown, so a secret printed is
/// one the server will accept.
fn create(args: TokenCreateArgs, now: &str, session: &mut Session<'_>) -> Result<(), Error> {
    let TokenCreateArgs {
        file: TokensFileArg { tokens_file },
        name,
        role,
        scope,
        certificate_san,
    } = args;
    let mut file = TokensFile::read_or_empty(&tokens_file)?;
    let lang = session.lang;
    if let Some(san) = certificate_san {
        file.add_certificate(&name, role, scope.as_deref(), &san, now)?;
        save(&file, &tokens_file)?;
        writeln!(
            session.err,
            "{}",
            i18n::certificate_added(lang, &name, role, &san)
        )?;
        return Ok(());
    }
    let secret = file.create_token(&name, role, scope.as_deref(), now)?;
    save(&file, &tokens_file)?;
    writeln!(session.err, "{}", i18n::token_created(lang, &name, role))?;
    session.err.flush()?;
    session.render.verbatim(format!("{secret}\n").as_bytes())?;
    Ok(())
}

/// Every principal, revoked ones included, in the file's order.
fn list(tokens_file: &Path, session: &mut Session<'_>) -> Result<(), Error> {
    let file = TokensFile::read(tokens_file)?;
    let views: Vec<PrincipalView> = file.principals.iter().map(PrincipalView::from).collect();
    session.render.principals(&views)?;
    Ok(())
}

fn revoke(args: TokenRevokeArgs, now: &str, session: &mut Session<'_>) -> Result<(), Error> {
    let TokenRevokeArgs {
        file: TokensFileArg { tokens_file },
        name,
    } = args;
    let mut file = TokensFile::read(&tokens_file)?;
    file.revoke(&name, now)?;
    save(&file, &tokens_file)?;
    writeln!(session.err, "{}", i18n::revoked(session.lang, &name))?;
    Ok(())
}

/// Writes the file; a failure to write is the file's, not the input's.
fn save(file: &TokensFile, path: &Path) -> Result<(), Error> {
    file.write(path).map_err(|e| match e {
        TokensError::Io { path, source } => Error::File {
            path,
            error: source,
        },
        other @ (TokensError::Malformed(_)
        | TokensError::DuplicateName(_)
        | TokensError::UnknownName(_)
        | TokensError::AlreadyRevoked(_)
        | TokensError::InvalidName(_)) => other.into(),
    })
}

#[cfg(test)]
mod tests;
