//! How calls reach the server and say who makes them: TLS (`--ca-cert`, and `--client-cert`
//! with `--client-key` for mTLS) and the bearer token (`DANGVIEN_TOKEN` or `--token-file`),
//! which an interceptor adds to every call, the sync streams included.
//!
//! The token is a secret: it is never printed, logged, or shown by `Debug`, and the metadata
//! value carrying it is marked sensitive so that tonic and hyper keep it out of their traces.

use std::{
    fmt,
    path::{Path, PathBuf},
};

use tonic::{
    Request, Status,
    metadata::{Ascii, MetadataValue},
    service::Interceptor,
    transport::{Certificate, ClientTlsConfig, Identity},
};

use crate::error::{Error, Mistake};

/// The metadata key of the token.
const AUTHORIZATION: &str = "authorization";

/// The TLS and token flags, as given; files are read when a command connects, so that a command
/// that never calls the server (`admin token`) does not need them.
#[derive(Clone, Debug, Default)]
pub(crate) struct TransportArgs {
    /// `--token-file`.
    pub(crate) token_file: Option<PathBuf>,
    /// `DANGVIEN_TOKEN`, read from the environment by `run`.
    pub(crate) env_token: Option<Secret>,
    /// `--ca-cert`.
    pub(crate) ca_cert: Option<PathBuf>,
    /// `--client-cert` and `--client-key` (clap lets only both or neither through).
    pub(crate) client_cert: Option<PathBuf>,
    pub(crate) client_key: Option<PathBuf>,
}

/// Text that must not be shown: `Debug` prints `***`.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Secret(pub(crate) String);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// What a connection is made with.
#[derive(Debug)]
pub(crate) struct Transport {
    /// `None`: plain HTTP/2.
    pub(crate) tls: Option<ClientTlsConfig>,
    pub(crate) bearer: Bearer,
}

impl TransportArgs {
    /// Reads the files the flags name, for a connection to `server`.
    pub(crate) fn load(&self, server: &str) -> Result<Transport, Error> {
        Ok(Transport {
            tls: self.tls(server)?,
            bearer: Bearer(self.token()?),
        })
    }

    /// `--token-file` (trimmed) wins over `DANGVIEN_TOKEN`: the flag is the nearer choice.
    fn token(&self) -> Result<Option<MetadataValue<Ascii>>, Error> {
        let (raw, source) = match (&self.token_file, &self.env_token) {
            (Some(path), _) => (read(path)?, "--token-file"),
            // An empty variable is an unset one (`DANGVIEN_TOKEN= dangvien …`).
            (None, Some(Secret(token))) if !token.trim().is_empty() => {
                (token.clone(), "DANGVIEN_TOKEN")
            }
            (None, Some(_) | None) => return Ok(None),
        };
        let token = raw.trim();
        let malformed = || Mistake::TokenMalformed { source };
        if token.is_empty() {
            return Err(malformed().into());
        }
        // A token is visible ASCII with no spaces; anything else was not copied whole.
        if !token.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(malformed().into());
        }
        let mut value = MetadataValue::try_from(format!("Bearer {token}"))
            .map_err(|_| Error::from(malformed()))?;
        value.set_sensitive(true);
        Ok(Some(value))
    }

    /// TLS for an `https://` server, which needs `--ca-cert`: this build trusts no CA of its own.
    /// An `http://` server with TLS flags is refused rather than upgraded, so that the URL says
    /// what the connection is.
    fn tls(&self, server: &str) -> Result<Option<ClientTlsConfig>, Error> {
        let https = server.starts_with("https://");
        let Some(ca_cert) = &self.ca_cert else {
            if https {
                return Err(Mistake::HttpsNeedsCaCert.into());
            }
            if self.client_cert.is_some() {
                return Err(Mistake::TlsNeedsHttps {
                    flag: "--client-cert",
                }
                .into());
            }
            return Ok(None);
        };
        if !https {
            return Err(Mistake::TlsNeedsHttps { flag: "--ca-cert" }.into());
        }
        let mut tls = ClientTlsConfig::new().ca_certificate(Certificate::from_pem(read(ca_cert)?));
        if let Some(host) = host(server) {
            tls = tls.domain_name(host);
        }
        if let (Some(cert), Some(key)) = (&self.client_cert, &self.client_key) {
            tls = tls.identity(Identity::from_pem(read(cert)?, read(key)?));
        }
        Ok(Some(tls))
    }
}

/// The host of `server`, without the brackets of an IPv6 address: the name the server's
/// certificate must carry.
fn host(server: &str) -> Option<String> {
    let uri: tonic::codegen::http::Uri = server.parse().ok()?;
    let host = uri.host()?;
    Some(
        host.trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned(),
    )
}

/// A file the flags name; one that cannot be read is an input error (exit 66), naming the file
/// but never quoting it.
fn read(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|error| Error::Input {
        path: path.to_owned(),
        error,
    })
}

/// Adds `authorization: Bearer …` to every call when a token was given.
#[derive(Clone)]
pub(crate) struct Bearer(Option<MetadataValue<Ascii>>);

impl fmt::Debug for Bearer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = if self.0.is_some() { "***" } else { "none" };
        write!(f, "Bearer({shown})")
    }
}

impl Interceptor for Bearer {
    fn call(&mut self, mut request: Request<()>) -> Result<Request<()>, Status> {
        if let Some(token) = &self.0 {
            request.metadata_mut().insert(AUTHORIZATION, token.clone());
        }
        Ok(request)
    }
}

#[cfg(test)]
mod tests;
