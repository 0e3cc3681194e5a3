//! Why a command failed: the message the clerk reads, in their language, and the documented exit code.

use std::io::{self, Write};

use chrono::NaiveDate;
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
    /// Invalid input (sysexits `EX_DATAERR`): `INVALID_ARGUMENT`, `OUT_OF_RANGE`.
    pub(crate) const INVALID_INPUT: i32 = 65;
    /// Server unavailable (`EX_UNAVAILABLE`): `UNAVAILABLE`, `DEADLINE_EXCEEDED`, no connection.
    pub(crate) const UNAVAILABLE: i32 = 69;
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
    /// `org tree --root CODE` names an organisation that is not in the tree of that day.
    RootNotFound {
        /// The code asked for.
        code: String,
        /// The day of the tree (`None`: today).
        as_of: Option<NaiveDate>,
    },
    /// Writing to stdout or stderr failed.
    Output(io::Error),
}

impl From<Status> for Error {
    fn from(status: Status) -> Self {
        Error::Status(Box::new(status))
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
            Error::Connect { .. } | Error::Timeout { .. } => exit::UNAVAILABLE,
            Error::RootNotFound { .. } => exit::NOT_FOUND,
            // Whoever read our output went away (`dangvien org list | head`): nothing failed
            // that the caller needs to hear about.
            Error::Output(e) if e.kind() == io::ErrorKind::BrokenPipe => exit::SUCCESS,
            Error::Output(_) => exit::UNEXPECTED,
        }
    }

    /// The message for the clerk; `None` when there is nothing to say.
    pub(crate) fn message(&self, lang: Lang) -> Option<String> {
        Some(match self {
            Error::Status(status) => status_message(status, lang),
            Error::Connect { server, detail } => i18n::connect_failed(lang, server, detail),
            Error::Timeout { server, seconds } => i18n::timed_out(lang, server, *seconds),
            Error::RootNotFound { code, as_of } => i18n::root_not_found(lang, code, *as_of),
            Error::Output(e) if e.kind() == io::ErrorKind::BrokenPipe => return None,
            Error::Output(e) => i18n::output_failed(lang, &e.to_string()),
        })
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

/// The clerk's message of a status: the Vietnamese `LocalizedMessage` (vi) or the status message
/// (en), then the `ErrorInfo` reason in brackets, then one line per `BadRequest` field.
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
mod tests {
    use std::collections::HashMap;

    use tonic_types::{ErrorDetails, FieldViolation};

    use super::*;

    #[test]
    fn every_status_code_has_its_documented_exit_code() {
        let table = [
            (Code::Ok, 1),
            (Code::Cancelled, 1),
            (Code::Unknown, 1),
            (Code::InvalidArgument, 65),
            (Code::DeadlineExceeded, 69),
            (Code::NotFound, 4),
            (Code::AlreadyExists, 5),
            (Code::PermissionDenied, 77),
            (Code::ResourceExhausted, 1),
            (Code::FailedPrecondition, 3),
            (Code::Aborted, 5),
            (Code::OutOfRange, 65),
            (Code::Unimplemented, 1),
            (Code::Internal, 1),
            (Code::Unavailable, 69),
            (Code::DataLoss, 1),
            (Code::Unauthenticated, 77),
        ];
        for (code, expected) in table {
            assert_eq!(status_exit_code(code), expected, "{code:?}");
            assert_eq!(
                Error::from(Status::new(code, "x")).exit_code(),
                expected,
                "{code:?}"
            );
        }
    }

    #[test]
    fn local_failures_have_their_exit_codes() {
        let connect = Error::Connect {
            server: "http://127.0.0.1:1".into(),
            detail: "refused".into(),
        };
        assert_eq!(connect.exit_code(), 69);
        assert_eq!(
            connect.message(Lang::Vi).unwrap(),
            "Không kết nối được máy chủ http://127.0.0.1:1: refused"
        );
        let timeout = Error::Timeout {
            server: "http://x".into(),
            seconds: 2.0,
        };
        assert_eq!(timeout.exit_code(), 69);
        let root = Error::RootNotFound {
            code: "KHOI".into(),
            as_of: None,
        };
        assert_eq!(root.exit_code(), 4);
        let pipe = Error::Output(io::Error::from(io::ErrorKind::BrokenPipe));
        assert_eq!(pipe.exit_code(), 0);
        assert_eq!(pipe.message(Lang::Vi), None);
        let disk = Error::Output(io::Error::other("disk full"));
        assert_eq!(disk.exit_code(), 1);
    }

    fn refused_with_details() -> Status {
        let mut details = ErrorDetails::new();
        details.set_error_info("INVALID_FIELD", "dangvien.v1", HashMap::new());
        details.set_localized_message("vi-VN", "organization.display_name: không được để trống");
        details.add_bad_request_violation("organization.display_name", "must not be empty");
        Status::with_error_details(
            Code::InvalidArgument,
            "organization.display_name: must not be empty",
            details,
        )
    }

    #[test]
    fn fields_are_listed_once_under_a_lead_line() {
        assert_eq!(
            status_message(&refused_with_details(), Lang::Vi),
            "Yêu cầu có trường chưa hợp lệ [INVALID_FIELD]\n  \
             - organization.display_name: must not be empty"
        );
    }

    #[test]
    fn english_lists_the_fields_in_english() {
        assert_eq!(
            status_message(&refused_with_details(), Lang::En),
            "the request has invalid fields [INVALID_FIELD]\n  \
             - organization.display_name: must not be empty"
        );
    }

    #[test]
    fn a_fields_own_vietnamese_text_is_preferred() {
        let mut violation = FieldViolation::new("organization.kind", "is required");
        violation.localized_message = Some(tonic_types::LocalizedMessage::new("vi-VN", "bắt buộc"));
        let mut details = ErrorDetails::new();
        details.set_bad_request(vec![violation]);
        let status = Status::with_error_details(Code::InvalidArgument, "bad", details);
        assert_eq!(
            status_message(&status, Lang::Vi),
            "Yêu cầu có trường chưa hợp lệ\n  - organization.kind: bắt buộc"
        );
        assert_eq!(
            status_message(&status, Lang::En),
            "the request has invalid fields\n  - organization.kind: is required"
        );
    }

    #[test]
    fn vietnamese_falls_back_to_the_status_message() {
        let mut details = ErrorDetails::new();
        details.set_error_info("ETAG_MISMATCH", "dangvien.v1", HashMap::new());
        details.set_localized_message("en-US", "changed meanwhile");
        let status = Status::with_error_details(Code::Aborted, "stale etag", details);
        assert_eq!(
            status_message(&status, Lang::Vi),
            "stale etag [ETAG_MISMATCH]"
        );
        let bare = Status::new(Code::Internal, "");
        assert_eq!(
            status_message(&bare, Lang::En),
            "the server refused the request (gRPC code Internal)"
        );
    }

    #[test]
    fn vietnamese_locales_are_recognised() {
        for yes in ["vi", "vi-VN", "VI_vn"] {
            assert!(is_vietnamese(yes), "{yes}");
        }
        for no in ["", "v", "en-US", "vie", "video"] {
            assert!(!is_vietnamese(no), "{no}");
        }
    }
}
