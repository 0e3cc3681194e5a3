//! Server configuration from flags and `DANGVIEN_*` environment variables.

use std::{fmt, net::SocketAddr, str::FromStr, time::Duration};

use clap::{Parser, ValueEnum};

/// `dangviend`: the gRPC server that owns the dangvien database.
#[derive(Clone, Debug, Parser)]
#[command(name = "dangviend", version, about, long_about = None)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "DANGVIEN_LISTEN", default_value = "127.0.0.1:50051")]
    pub listen: SocketAddr,

    /// Database URL: `sqlite://FILE?mode=rwc` (created if missing) or `postgres://USER:PASSWORD@HOST/DB`.
    #[arg(
        long,
        env = "DANGVIEN_DATABASE_URL",
        default_value = "sqlite://dangvien.db?mode=rwc",
        hide_env_values = true
    )]
    pub database_url: DatabaseUrl,

    /// How long to keep trying to reach the database at start-up, in seconds.
    #[arg(long, env = "DANGVIEN_DATABASE_CONNECT_TIMEOUT", default_value = "10", value_parser = seconds)]
    pub database_connect_timeout: Duration,

    /// A rulebooks file replacing the shipped one (same format as the shipped `data/rulebooks.json`).
    #[arg(long, env = "DANGVIEN_RULEBOOKS", value_name = "FILE")]
    pub rulebooks: Option<std::path::PathBuf>,

    /// The government's announced working-day swaps, replacing the shipped file (same format as
    /// `data/calendar-swaps.json`).
    #[arg(long, env = "DANGVIEN_CALENDAR_SWAPS", value_name = "FILE")]
    pub calendar_swaps: Option<std::path::PathBuf>,

    /// Log format on stderr.
    #[arg(long, env = "DANGVIEN_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// Deadline of a unary call, in seconds (a shorter `grpc-timeout` from the client wins).
    #[arg(long, env = "DANGVIEN_REQUEST_TIMEOUT", default_value = "30", value_parser = seconds)]
    pub request_timeout: Duration,

    /// Longest silence allowed on a stream between two messages, in seconds.
    #[arg(long, env = "DANGVIEN_STREAM_IDLE_TIMEOUT", default_value = "300", value_parser = seconds)]
    pub stream_idle_timeout: Duration,

    /// Largest message accepted or sent, in bytes. Bulk work streams instead of raising this.
    #[arg(long, env = "DANGVIEN_MAX_MESSAGE_BYTES", default_value_t = 4 * 1024 * 1024)]
    pub max_message_bytes: usize,

    /// Load a generated demo bloc (KHOI, the 2021 figures of DESIGN §5) through the API once
    /// serving; the database must hold no organisation and no person.
    #[arg(long, env = "DANGVIEN_DEMO")]
    pub demo: bool,

    /// The principals who may call (managed with `dangvien admin token`). Without it the server
    /// serves only loopback, every caller as the local admin.
    #[arg(long, env = "DANGVIEN_TOKENS_FILE", value_name = "FILE")]
    pub tokens_file: Option<std::path::PathBuf>,

    /// PEM certificate chain of the server: serve TLS (with `--tls-key`).
    #[arg(
        long,
        env = "DANGVIEN_TLS_CERT",
        value_name = "FILE",
        requires = "tls_key"
    )]
    pub tls_cert: Option<std::path::PathBuf>,

    /// PEM private key of `--tls-cert`.
    #[arg(
        long,
        env = "DANGVIEN_TLS_KEY",
        value_name = "FILE",
        requires = "tls_cert"
    )]
    pub tls_key: Option<std::path::PathBuf>,

    /// PEM CA whose client certificates are accepted (mTLS): a certificate it did not sign is
    /// refused at the handshake, and one it signed names its principal by DNS name in the
    /// tokens file. Callers with a token need no certificate.
    #[arg(
        long,
        env = "DANGVIEN_TLS_CLIENT_CA",
        value_name = "FILE",
        requires = "tls_cert"
    )]
    pub tls_client_ca: Option<std::path::PathBuf>,

    /// Calls in flight at once, from everyone; more are refused with `RESOURCE_EXHAUSTED`.
    #[arg(long, env = "DANGVIEN_MAX_CALLS", default_value_t = 512)]
    pub max_calls: usize,

    /// Calls in flight at once from one principal while it calls alone; more are refused with
    /// `RESOURCE_EXHAUSTED`. While others call too, each principal may have only its share of
    /// the running calls in flight (at least one), so that one caller's flood leaves room for
    /// the others.
    #[arg(long, env = "DANGVIEN_MAX_CALLS_PER_PRINCIPAL", default_value_t = 64)]
    pub max_calls_per_principal: usize,

    /// Admitted calls that run at once; the others wait, and their turns go round the
    /// principals, so that one caller's many calls do not stand in front of another's one.
    /// 0: two per core.
    #[arg(long, env = "DANGVIEN_MAX_RUNNING_CALLS", default_value_t = 0)]
    pub max_running_calls: usize,

    /// Concurrent HTTP/2 streams on one connection.
    #[arg(
        long,
        env = "DANGVIEN_MAX_STREAMS_PER_CONNECTION",
        default_value_t = 128
    )]
    pub max_streams_per_connection: u32,

    /// On SIGINT/SIGTERM, how long in-flight calls may take before the server stops anyway, in seconds.
    #[arg(long, env = "DANGVIEN_SHUTDOWN_GRACE", default_value = "10", value_parser = seconds)]
    pub shutdown_grace: Duration,
}

impl Config {
    /// Parses command-line style arguments (the first is the program name), for embedding.
    pub fn from_args<I, T>(args: I) -> Result<Self, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        Self::try_parse_from(args)
    }
}

/// How log lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// One human-readable line per event.
    Text,
    /// One JSON object per event, for collectors.
    Json,
}

fn seconds(raw: &str) -> Result<Duration, String> {
    let secs: u64 = raw
        .parse()
        .map_err(|_| format!("`{raw}` is not a whole number of seconds"))?;
    if secs == 0 {
        return Err("must be at least 1 second".to_owned());
    }
    Ok(Duration::from_secs(secs))
}

/// A database URL whose password never reaches a log line: `Display` and `Debug` redact it.
#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl(String);

impl DatabaseUrl {
    /// The URL with its password, for the driver only.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Whether the URL names a SQLite database.
    pub fn is_sqlite(&self) -> bool {
        self.0.starts_with("sqlite:")
    }

    /// The file of a SQLite URL that may create it (`mode=rwc`), to create it with private
    /// permissions first; `None` for PostgreSQL, in-memory databases and files opened as they are.
    pub fn sqlite_path(&self) -> Option<std::path::PathBuf> {
        let rest = self.0.strip_prefix("sqlite:")?;
        let rest = rest.strip_prefix("//").unwrap_or(rest);
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let creates = query.split('&').any(|kv| kv == "mode=rwc");
        (creates && !path.is_empty() && path != ":memory:").then(|| path.into())
    }

    fn redacted(&self) -> String {
        match url::Url::parse(&self.0) {
            Ok(mut url) if url.password().is_some() => {
                // Only fails for URLs that cannot have a password at all.
                let _ = url.set_password(Some("***"));
                url.to_string()
            }
            Ok(_) | Err(_) => self.0.clone(),
        }
    }
}

impl FromStr for DatabaseUrl {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.starts_with("sqlite:")
            || s.starts_with("postgres://")
            || s.starts_with("postgresql://")
        {
            Ok(Self(s.to_owned()))
        } else {
            Err("expected sqlite://FILE?mode=rwc or postgres://USER:PASSWORD@HOST/DB".to_owned())
        }
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.redacted())
    }
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DatabaseUrl({})", self.redacted())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sqlite_file_to_create_is_found_in_the_url() {
        let path = |url: &str| {
            url.parse::<DatabaseUrl>()
                .ok()
                .and_then(|u| u.sqlite_path())
        };
        assert_eq!(
            path("sqlite://dangvien.db?mode=rwc"),
            Some("dangvien.db".into())
        );
        assert_eq!(
            path("sqlite:///var/lib/dv/x.db?mode=rwc&cache=shared"),
            Some("/var/lib/dv/x.db".into())
        );
        assert_eq!(path("sqlite://dangvien.db"), None);
        assert_eq!(path("sqlite::memory:?mode=rwc"), None);
        assert_eq!(path("postgres://u:p@h/db"), None);
    }

    #[test]
    fn passwords_are_redacted() {
        let url: DatabaseUrl = "postgres://app:s3cret@db.example:5432/dangvien"
            .parse()
            .unwrap();
        for shown in [url.to_string(), format!("{url:?}")] {
            assert!(!shown.contains("s3cret"), "{shown}");
            assert!(shown.contains("app:***@db.example"), "{shown}");
        }
        assert_eq!(
            url.expose(),
            "postgres://app:s3cret@db.example:5432/dangvien"
        );
    }

    #[test]
    fn sqlite_urls_pass_through() {
        let url: DatabaseUrl = "sqlite://dangvien.db?mode=rwc".parse().unwrap();
        assert!(url.is_sqlite());
        assert_eq!(url.to_string(), "sqlite://dangvien.db?mode=rwc");
        assert!("mysql://x".parse::<DatabaseUrl>().is_err());
    }

    #[test]
    fn defaults_match_the_design() {
        let config = Config::try_parse_from(["dangviend"]).unwrap();
        assert_eq!(config.listen.to_string(), "127.0.0.1:50051");
        assert_eq!(
            config.database_url.expose(),
            "sqlite://dangvien.db?mode=rwc"
        );
    }
}
