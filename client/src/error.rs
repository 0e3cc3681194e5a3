//! Why a command failed: the message the clerk reads, in their language, and the documented exit code.

use std::{
    io::{self, Write},
    path::PathBuf,
};

use chrono::NaiveDate;
use dangvien_proto::tokens::TokensError;
use tonic::{Code, Status};
use tonic_types::StatusExt as _;

use crate::i18n::{self, Lang};

/// The documented exit codes (also printed by `--help`, see [`i18n::EXIT_CODES_HELP`]).
pub(crate) mod exit {
    /// Success.
    pub(crate) const SUCCESS: i32 = 0;
    /// Unexpected error: `INTERNAL`, `UNKNOWN` and every code not listed below.
    pub(crate) const UNEXPECTED: i32 = 1;
    /// Usage error, found by clap before anything is sent.
    pub(crate) const USAGE: i32 = 2;
    /// Refused by a rule: `FAILED_PRECONDITION`.
    pub(crate) const REFUSED: i32 = 3;
    /// `NOT_FOUND`.
    pub(crate) const NOT_FOUND: i32 = 4;
    /// Conflict: `ALREADY_EXISTS`, `ABORTED` (a stale etag).
    pub(crate) const CONFLICT: i32 = 5;
    /// `sync import`: some lines were refused (the rejects file lists them); the rest of the run
    /// completed. Shares the code of a refusal by a rule: each line was refused by one.
    pub(crate) const LINES_REFUSED: i32 = REFUSED;
    /// Invalid input (sysexits `EX_DATAERR`): `INVALID_ARGUMENT`, `OUT_OF_RANGE`.
    pub(crate) const INVALID_INPUT: i32 = 65;
    /// Server unavailable (`EX_UNAVAILABLE`): `UNAVAILABLE`, `DEADLINE_EXCEEDED`, no connection
    /// (a refused connection and `SERVER_NOT_READY` only once `--timeout` has passed retrying).
    pub(crate) const UNAVAILABLE: i32 = 69;
    /// An input file cannot be read (sysexits `EX_NOINPUT`).
    pub(crate) const NO_INPUT: i32 = 66;
    /// Permission (`EX_NOPERM`): `PERMISSION_DENIED`, `UNAUTHENTICATED`.
    pub(crate) const PERMISSION: i32 = 77;
}

/// Why a command did not succeed.
#[derive(Debug)]
pub(crate) enum Error {
    /// The server answered with an error status.
    Status(Box<Status>),
    /// No connection to the server could be made.
    Connect {
        /// The `--server` URL.
        server: String,
        /// The transport error with its causes.
        detail: String,
    },
    /// No answer within `--timeout` (the client's own deadline, in case the server never answers).
    Timeout {
        /// The `--server` URL.
        server: String,
        /// The deadline that passed.
        seconds: f64,
    },
    /// The server stayed away (refused connections, `SERVER_NOT_READY`) through every attempt
    /// until `--timeout` ran out.
    GaveUp {
        /// How many attempts were made.
        attempts: u32,
        /// How long they took, from the first to the last failure.
        seconds: f64,
        /// Why the last attempt failed.
        last: Box<Error>,
    },
    /// A stream broke before its end (the server went away, the network was cut). Running the
    /// same command again is safe: an import resumes after its last committed line.
    Interrupted {
        /// The `--server` URL.
        server: String,
        /// What broke, with its causes.
        detail: String,
    },
    /// `sync import` finished, and the server refused some lines.
    LinesRefused {
        /// How many lines.
        count: i64,
        /// The rejects file that lists them.
        rejects: PathBuf,
    },
    /// The file to import (or stdin) cannot be read.
    Input {
        /// The file (`-` for stdin).
        path: PathBuf,
        /// Why.
        error: io::Error,
    },
    /// `org tree --root CODE` names an organisation that is not in the tree of that day.
    RootNotFound {
        /// The code asked for.
        code: String,
        /// The day of the tree (`None`: today).
        as_of: Option<NaiveDate>,
    },
    /// `--national-id` is malformed; found before anything is sent, so it is a usage error.
    NationalIdMalformed,
    /// `admin verify` found stored state that differs from a recount of the decisions (the
    /// differences are printed first).
    Inconsistent {
        /// How many differences.
        count: usize,
    },
    /// `audit verify` found the audit log's hash chains broken (the breaks are printed first).
    AuditBroken {
        /// How many breaks.
        count: usize,
    },
    /// Flags that are each well formed but do not fit together; found before anything is sent,
    /// so it is a usage error.
    Usage(Mistake),
    /// A server error whose text had a secret (a national ID) blotted out, in both languages.
    Redacted {
        /// The Vietnamese message.
        vi: String,
        /// The English message.
        en: String,
        /// The exit code of the original error.
        exit: i32,
    },
    /// Writing to stdout or stderr failed.
    Output(io::Error),
    /// `admin token`: the tokens file breaks a rule, or the name or values given for it do.
    Tokens(TokensError),
    /// Writing the file named by `--output` (or the tokens file) failed.
    File {
        /// The file.
        path: PathBuf,
        /// Why.
        error: io::Error,
    },
}

/// Flags that clap parses one at a time but that do not fit together.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Mistake {
    /// `--until` on a transfer that is not `--kind temporary`.
    UntilNotTemporary,
    /// A day (`--until`, `--reported-date`) before the decision's `--date`.
    BeforeDecisionDate {
        /// The flag, e.g. `--until`.
        flag: &'static str,
        /// Its value.
        day: NaiveDate,
        /// The decision's `--date`.
        date: NaiveDate,
    },
    /// The first day of a range after its last.
    RangeReversed {
        /// The flag of the first day, e.g. `--admitted-from`.
        from: &'static str,
        /// The flag of the last day.
        to: &'static str,
    },
    /// `--format xlsx` for a command that has no workbook.
    NoWorkbook,
    /// A workbook would go to a terminal: neither `--output` nor a redirection.
    WorkbookToTerminal,
    /// The token (of `--token-file` or `DANGVIEN_TOKEN`, named by `source`) is empty or has
    /// characters a token cannot have. The token itself is never repeated.
    TokenMalformed {
        /// `--token-file` or `DANGVIEN_TOKEN`.
        source: &'static str,
    },
    /// An `https://` server without `--ca-cert`: this build trusts no CA of its own.
    HttpsNeedsCaCert,
    /// A TLS flag (`--ca-cert`, `--client-cert`) with an `http://` server.
    TlsNeedsHttps {
        /// The flag.
        flag: &'static str,
    },
}

impl From<Mistake> for Error {
    fn from(mistake: Mistake) -> Self {
        Error::Usage(mistake)
    }
}

impl From<Status> for Error {
    fn from(status: Status) -> Self {
        Error::Status(Box::new(status))
    }
}

/// A tokens file that cannot be read is an input file that cannot be read (exit 66); writing one
/// is mapped where it is written, to [`Error::File`].
impl From<TokensError> for Error {
    fn from(error: TokensError) -> Self {
        match error {
            TokensError::Io { path, source } => Error::Input {
                path,
                error: source,
            },
            other @ (TokensError::Malformed(_)
            | TokensError::DuplicateName(_)
            | TokensError::UnknownName(_)
            | TokensError::AlreadyRevoked(_)
            | TokensError::InvalidName(_)) => Error::Tokens(other),
        }
    }
}

impl From<io::Error> for Error {
    fn from(error: io::Error) -> Self {
        Error::Output(error)
    }
}

impl Error {
    /// The exit code of the process.
    pub(crate) fn exit_code(&self) -> i32 {
        match self {
            Error::Status(status) => status_exit_code(status.code()),
            Error::Connect { .. } | Error::Timeout { .. } | Error::Interrupted { .. } => {
                exit::UNAVAILABLE
            }
            Error::GaveUp { last, .. } => last.exit_code(),
            Error::LinesRefused { .. } => exit::LINES_REFUSED,
            Error::Input { .. } => exit::NO_INPUT,
            Error::RootNotFound { .. } => exit::NOT_FOUND,
            Error::NationalIdMalformed | Error::Usage(_) => exit::USAGE,
            // A broken chain is found as a difference is: the same code as `admin verify`'s.
            Error::Inconsistent { .. } | Error::AuditBroken { .. } => exit::UNEXPECTED,
            Error::Redacted { exit, .. } => *exit,
            Error::Tokens(error) => tokens_exit_code(error),
            // Whoever read our output went away (`dangvien org list | head`): nothing failed
            // that the caller needs to hear about.
            Error::Output(e) if e.kind() == io::ErrorKind::BrokenPipe => exit::SUCCESS,
            Error::Output(_) | Error::File { .. } => exit::UNEXPECTED,
        }
    }

    /// The message for the clerk; `None` when there is nothing to say.
    pub(crate) fn message(&self, lang: Lang) -> Option<String> {
        Some(match self {
            Error::Status(status) => with_hint(status_message(status, lang), status, lang),
            Error::Connect { server, detail } => i18n::connect_failed(lang, server, detail),
            Error::Timeout { server, seconds } => i18n::timed_out(lang, server, *seconds),
            Error::GaveUp {
                attempts,
                seconds,
                last,
            } => i18n::gave_up(
                lang,
                &last.message(lang).unwrap_or_default(),
                *attempts,
                *seconds,
            ),
            Error::Interrupted { server, detail } => i18n::interrupted(lang, server, detail),
            Error::LinesRefused { count, rejects } => i18n::lines_refused(lang, *count, rejects),
            Error::Input { path, error } => i18n::input_failed(lang, path, &error.to_string()),
            Error::RootNotFound { code, as_of } => i18n::root_not_found(lang, code, *as_of),
            Error::NationalIdMalformed => i18n::national_id_malformed(lang),
            Error::Inconsistent { count } => i18n::inconsistent(lang, *count),
            Error::AuditBroken { count } => i18n::audit_broken(lang, *count),
            Error::Usage(mistake) => i18n::mistake(lang, mistake),
            Error::Redacted { vi, en, .. } => match lang {
                Lang::Vi => vi.clone(),
                Lang::En => en.clone(),
            },
            Error::Output(e) if e.kind() == io::ErrorKind::BrokenPipe => return None,
            Error::Output(e) => i18n::output_failed(lang, &e.to_string()),
            Error::File { path, error } => i18n::file_failed(lang, path, &error.to_string()),
            Error::Tokens(error) => i18n::tokens_error(lang, error),
        })
    }

    /// This error with every occurrence of `secret` in the server's text replaced by `***`: the
    /// server may quote a national ID back (`NATIONAL_ID_TAKEN`, a malformed field), and stderr
    /// must never show one.
    pub(crate) fn redact(self, secret: &str) -> Self {
        match self {
            Error::Status(status) if !secret.is_empty() => Error::Redacted {
                vi: status_message(&status, Lang::Vi).replace(secret, REDACTED),
                en: status_message(&status, Lang::En).replace(secret, REDACTED),
                exit: status_exit_code(status.code()),
            },
            Error::GaveUp {
                attempts,
                seconds,
                last,
            } => Error::GaveUp {
                attempts,
                seconds,
                last: Box::new(last.redact(secret)),
            },
            // Only the server's text can quote what was sent.
            other @ (Error::Status(_)
            | Error::Connect { .. }
            | Error::Timeout { .. }
            | Error::Interrupted { .. }
            | Error::LinesRefused { .. }
            | Error::Input { .. }
            | Error::RootNotFound { .. }
            | Error::NationalIdMalformed
            | Error::Inconsistent { .. }
            | Error::AuditBroken { .. }
            | Error::Usage(_)
            | Error::Redacted { .. }
            | Error::Output(_)
            | Error::File { .. }
            | Error::Tokens(_)) => other,
        }
    }

    /// Prints `lỗi: …` / `error: …` to `err` and returns the exit code.
    pub(crate) fn report(&self, lang: Lang, err: &mut dyn Write) -> i32 {
        if let Some(message) = self.message(lang) {
            // Nothing is left to tell the user if stderr itself is broken.
            let _ = writeln!(err, "{}: {message}", i18n::error_prefix(lang));
        }
        self.exit_code()
    }
}

/// A status's message, and what to do about it when the server's text cannot say: the token
/// the CLI sends comes from this machine's settings.
fn with_hint(message: String, status: &Status, lang: Lang) -> String {
    match status.code() {
        Code::Unauthenticated => format!("{message}\n{}", i18n::unauthenticated_hint(lang)),
        Code::ResourceExhausted => format!("{message}\n{}", i18n::exhausted_hint(lang)),
        // The server's message (PERMISSION_DENIED's included) says it all.
        Code::Ok
        | Code::Cancelled
        | Code::Unknown
        | Code::InvalidArgument
        | Code::DeadlineExceeded
        | Code::NotFound
        | Code::AlreadyExists
        | Code::PermissionDenied
        | Code::FailedPrecondition
        | Code::Aborted
        | Code::OutOfRange
        | Code::Unimplemented
        | Code::Internal
        | Code::Unavailable
        | Code::DataLoss => message,
    }
}

/// What stands in for a secret in an error message.
const REDACTED: &str = "***";

/// The exit code of a gRPC status code; every code is listed so that none is mapped by accident.
pub(crate) fn status_exit_code(code: Code) -> i32 {
    match code {
        Code::FailedPrecondition => exit::REFUSED,
        Code::NotFound => exit::NOT_FOUND,
        Code::AlreadyExists | Code::Aborted => exit::CONFLICT,
        Code::InvalidArgument | Code::OutOfRange => exit::INVALID_INPUT,
        Code::Unavailable | Code::DeadlineExceeded => exit::UNAVAILABLE,
        Code::PermissionDenied | Code::Unauthenticated => exit::PERMISSION,
        // An error status that says OK is itself unexpected.
        Code::Ok
        | Code::Cancelled
        | Code::Unknown
        | Code::ResourceExhausted
        | Code::Unimplemented
        | Code::Internal
        | Code::DataLoss => exit::UNEXPECTED,
    }
}

/// The exit code of a refused change to the tokens file, as the server's status of the same
/// refusal would have it: a name taken is a conflict, an unknown one not found, a second
/// revocation refused by a rule, a bad name a usage error, a bad file or value invalid input.
fn tokens_exit_code(error: &TokensError) -> i32 {
    match error {
        TokensError::Io { .. } => exit::NO_INPUT,
        TokensError::Malformed(_) => exit::INVALID_INPUT,
        TokensError::DuplicateName(_) => exit::CONFLICT,
        TokensError::UnknownName(_) => exit::NOT_FOUND,
        TokensError::AlreadyRevoked(_) => exit::REFUSED,
        TokensError::InvalidName(_) => exit::USAGE,
    }
}

/// The clerk's message of a status: the Vietnamese `LocalizedMessage` (vi) or the status message
/// (en), then the `ErrorInfo` reason in brackets, then one line per `BadRequest` field and one per
/// rule a `PreconditionFailure` lists as broken (`  - REASON: description`).
pub(crate) fn status_message(status: &Status, lang: Lang) -> String {
    let details = status.get_error_details();
    let localized = details
        .localized_message()
        .filter(|m| is_vietnamese(&m.locale) && !m.message.is_empty())
        .map(|m| m.message.as_str());
    let fields = details
        .bad_request()
        .map_or(&[][..], |b| &b.field_violations);
    let main = match (lang, localized) {
        // The fields follow one per line; the joined message would say it all twice.
        (Lang::Vi | Lang::En, _) if !fields.is_empty() => i18n::invalid_fields_lead(lang),
        (Lang::Vi, Some(message)) => message.to_owned(),
        (Lang::Vi | Lang::En, _) if !status.message().is_empty() => status.message().to_owned(),
        (Lang::Vi | Lang::En, _) => i18n::bare_status(lang, status.code()),
    };
    let mut text = main;
    if let Some(info) = details.error_info().filter(|i| !i.reason.is_empty()) {
        text.push_str(&format!(" [{}]", info.reason));
    }
    for violation in fields {
        // The server's descriptions are English; a field's own Vietnamese text wins when sent.
        let description = match lang {
            Lang::Vi => violation
                .localized_message
                .as_ref()
                .filter(|m| is_vietnamese(&m.locale) && !m.message.is_empty())
                .map_or(violation.description.as_str(), |m| m.message.as_str()),
            Lang::En => violation.description.as_str(),
        };
        text.push_str(&format!("\n  - {}: {description}", violation.field));
    }
    // Every broken rule, not only the first (the reason above): the clerk fixes them all at once.
    // Their texts are already in the message (in the clerk's language); list the reasons.
    let rules = details
        .precondition_failure()
        .map_or(&[][..], |p| &p.violations);
    if rules.len() > 1 {
        for rule in rules {
            text.push_str(&format!("\n  - {}", rule.r#type));
        }
    }
    text
}

/// `vi`, `vi-VN`, `vi_VN`…
fn is_vietnamese(locale: &str) -> bool {
    match locale.split_at_checked(2) {
        Some((language, rest)) => {
            language.eq_ignore_ascii_case("vi") && (rest.is_empty() || rest.starts_with(['-', '_']))
        }
        None => false,
    }
}

#[cfg(test)]
mod tests;
