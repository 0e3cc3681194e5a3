//! `dangvien`, the command line of the party-membership system, as a library so that tests can run
//! it in process against an in-process server.
//!
//! Layout: `cli` parses, `commands` fetch through `api` and build `view`s, `render` prints them
//! (the only writer of data), `error` turns failures into messages and exit codes, `i18n` holds
//! every text a person reads, `vocab` the codes of kinds, sectors, genders, case states, decision
//! kinds and the like.

mod api;
mod cli;
mod commands;
mod error;
mod i18n;
mod render;
mod view;
mod vocab;

use std::{ffi::OsString, io::Write};

use clap::{Parser as _, error::ErrorKind};

use crate::{cli::Cli, error::exit};

/// The environment variable holding the token sent to the server.
const TOKEN_VARIABLE: &str = "DANGVIEN_TOKEN";

/// Runs the command line `args` (as `std::env::args_os()`, `argv[0]` included), writing data to
/// `out` and diagnostics (the `request_id` of a mutation, errors) to `err`, and returns the exit
/// code: 0 success, 1 unexpected, 2 usage, 3 refused by a rule, 4 not found, 5 conflict, 65 invalid
/// input, 69 server unavailable, 77 permission (the `--help` text lists them too).
///
/// `--help` and `--version` print to `out` and return 0; clap never exits the process.
pub async fn run<I, T>(args: I, out: &mut dyn Write, err: &mut dyn Write) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => return clap_exit(&e, out, err),
    };
    let lang = cli.lang;
    // The token comes from the environment or a file, never from the command line, where every
    // user of the machine could read it in the process list.
    let env_token = std::env::var(TOKEN_VARIABLE).ok().map(api::Secret);
    let code = match commands::run(cli, env_token, out, err).await {
        Ok(()) => exit::SUCCESS,
        Err(e) => e.report(lang, err),
    };
    // A reader that went away is already accounted for; there is no one left to tell.
    let _ = out.flush();
    let _ = err.flush();
    code
}

/// What clap stopped for: help and version are answers (stdout, 0), anything else a usage error
/// (stderr, 2). Rendered without colour, since neither stream need be a terminal.
fn clap_exit<'a>(error: &clap::Error, out: &'a mut dyn Write, err: &'a mut dyn Write) -> i32 {
    let text = error.render().to_string();
    let answered = matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    );
    let stream = if answered { out } else { err };
    let _ = stream.write_all(text.as_bytes());
    let _ = stream.flush();
    if answered { exit::SUCCESS } else { exit::USAGE }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn run_args(args: &[&str]) -> (i32, String, String) {
        let mut out = Vec::new();
        let mut err = Vec::new();
        let code = run(
            std::iter::once("dangvien").chain(args.iter().copied()),
            &mut out,
            &mut err,
        )
        .await;
        (
            code,
            String::from_utf8(out).unwrap(),
            String::from_utf8(err).unwrap(),
        )
    }

    #[tokio::test]
    async fn help_and_version_go_to_stdout() {
        let (code, out, err) = run_args(&["--help"]).await;
        assert_eq!(code, 0);
        assert!(out.contains("Usage: dangvien"), "{out}");
        assert!(out.contains("77  không có quyền / permission"), "{out}");
        assert_eq!(err, "");
        let (code, out, _) = run_args(&["--version"]).await;
        assert_eq!(code, 0);
        assert!(out.starts_with("dangvien "), "{out}");
    }

    #[tokio::test]
    async fn usage_errors_go_to_stderr_with_code_2() {
        for args in [
            &["org"][..],
            &["org", "move", "KHOI", "--date", "2024-01-01"],
            &[
                "org",
                "move",
                "KHOI",
                "--root",
                "--parent",
                "X",
                "--date",
                "2024-01-01",
            ],
            &["org", "dissolve", "KHOI", "--date", "2023-02-29"],
            &["org", "update", "KHOI"],
            &["org", "list", "--roots", "--parent", "KHOI"],
            &[
                "org", "create", "--name", "X", "--kind", "village", "--sector", "other",
            ],
            &["--timeout", "0", "org", "show", "KHOI"],
            &["--server", "localhost:1", "org", "show", "KHOI"],
        ] {
            let (code, out, err) = run_args(args).await;
            assert_eq!(code, 2, "{args:?}: {err}");
            assert_eq!(out, "", "{args:?}");
            assert!(!err.is_empty(), "{args:?}");
        }
        let (_, _, err) = run_args(&["org", "dissolve", "KHOI", "--date", "2023-02-29"]).await;
        assert!(err.contains("YYYY-MM-DD"), "{err}");
    }

    /// Flags that do not fit together are found before connecting: nothing listens on port 1,
    /// so a connection attempt would have been exit 69.
    #[tokio::test]
    async fn mistakes_across_flags_are_usage_errors_before_connecting() {
        let decide = |extra: &[&'static str]| {
            let mut args = vec![
                "--server",
                "http://127.0.0.1:1",
                "decide",
                "transfer",
                "--person",
                "P1",
                "--date",
                "2024-03-01",
                "--body",
                "CS01",
                "--number",
                "1-QĐ/ĐU",
            ];
            args.extend_from_slice(extra);
            args
        };
        let (code, out, err) = run_args(&decide(&[
            "--kind",
            "internal",
            "--to",
            "CB2",
            "--until",
            "2024-12-31",
        ]))
        .await;
        assert_eq!((code, out.as_str()), (2, ""), "{err}");
        assert_eq!(
            err,
            "lỗi: --until chỉ dùng khi chuyển tạm thời: bỏ --until, hoặc ghi --kind temporary\n"
        );
        let (code, _, err) = run_args(&[
            "--lang",
            "en",
            "--server",
            "http://127.0.0.1:1",
            "member",
            "list",
            "--admitted-from",
            "2022-01-01",
            "--admitted-to",
            "2021-12-31",
        ])
        .await;
        assert_eq!(code, 2, "{err}");
        assert!(
            err.starts_with("error: --admitted-from is after --admitted-to"),
            "{err}"
        );
        // Well-formed flags do reach for the server (and wait no longer than `--timeout` for it).
        let (code, _, _) = run_args(&decide(&["--kind", "permanent", "--timeout", "0.2"])).await;
        assert_eq!(code, 69);
    }

    /// The token is never a flag (it would show in the process list); the client certificate
    /// comes with its key; TLS flags fit only an https server. All found before connecting.
    #[tokio::test]
    async fn credentials_flags_that_cannot_work_are_usage_errors() {
        let (code, _, err) = run_args(&["--token", "dvt_x", "org", "show", "KHOI"]).await;
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("--token"), "{err}");
        for args in [
            &["--client-cert", "c.pem", "org", "show", "KHOI"][..],
            &["--client-key", "k.pem", "org", "show", "KHOI"],
        ] {
            let (code, out, err) = run_args(args).await;
            assert_eq!((code, out.as_str()), (2, ""), "{args:?}: {err}");
            assert!(err.contains("--client-"), "{err}");
        }
        let (code, _, err) = run_args(&[
            "--lang",
            "en",
            "--server",
            "http://127.0.0.1:1",
            "--ca-cert",
            "ca.pem",
            "org",
            "show",
            "KHOI",
        ])
        .await;
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("give --server https://"), "{err}");
        let (code, _, err) = run_args(&[
            "--lang",
            "en",
            "--server",
            "https://127.0.0.1:1",
            "org",
            "show",
            "KHOI",
        ])
        .await;
        assert_eq!(code, 2, "{err}");
        assert!(err.contains("needs --ca-cert"), "{err}");
        let (code, _, err) = run_args(&[
            "--server",
            "http://127.0.0.1:1",
            "--token-file",
            "/nonexistent/token",
            "org",
            "show",
            "KHOI",
        ])
        .await;
        assert_eq!(code, 66, "{err}");
        assert!(err.contains("/nonexistent/token"), "{err}");
        let (code, out, _) = run_args(&["--help"]).await;
        assert_eq!(code, 0);
        for flag in [
            "--token-file",
            "DANGVIEN_TOKEN",
            "--ca-cert",
            "--client-cert",
            "--client-key",
        ] {
            assert!(out.contains(flag), "{flag} missing from\n{out}");
        }
    }

    #[tokio::test]
    async fn completions_are_printed() {
        let (code, out, _) = run_args(&["completions", "bash"]).await;
        assert_eq!(code, 0);
        assert!(out.contains("_dangvien()"), "{out}");
    }

    /// Nothing listens on port 1 of the loopback, so every connection is refused at once: it is
    /// tried again until `--timeout` has passed, then given up.
    #[tokio::test]
    async fn an_unreachable_server_is_exit_69_once_the_timeout_has_passed() {
        let started = std::time::Instant::now();
        let (code, out, err) = run_args(&[
            "--lang",
            "vi",
            "--server",
            "http://127.0.0.1:1",
            "--timeout",
            "0.4",
            "org",
            "show",
            "KHOI",
        ])
        .await;
        let waited = started.elapsed();
        assert_eq!(code, 69);
        assert_eq!(out, "");
        assert!(
            err.starts_with("lỗi: Không kết nối được máy chủ http://127.0.0.1:1: "),
            "{err}"
        );
        assert!(err.contains("(đã thử "), "{err}");
        assert!(
            err.ends_with(" giây; tăng --timeout để chờ lâu hơn)\n"),
            "{err}"
        );
        assert!(
            waited >= std::time::Duration::from_millis(400),
            "{waited:?}"
        );
    }
}
