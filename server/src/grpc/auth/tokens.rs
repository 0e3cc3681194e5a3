//! The tokens file as the server holds it: principals by the hash of their token and by the
//! DNS name of their client certificate, re-read when the file changes, so that a token
//! created or revoked with `dangvien admin token` takes effect without a restart.

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
    sync::{Arc, Mutex, PoisonError, RwLock},
    time::SystemTime,
};

use anyhow::Context as _;
use dangvien_proto::tokens::{self as file, TokensFile, hash_secret};

use crate::{
    app::Principal,
    domain::{Error, Msg, access::Role, org::OrgCode},
};

/// The active principals of the tokens file.
#[derive(Clone, Debug)]
pub(crate) struct Tokens {
    path: PathBuf,
    table: Arc<RwLock<Table>>,
    /// The modification time and length the table was read at.
    stamp: Arc<Mutex<Option<(SystemTime, u64)>>>,
}

#[derive(Debug, Default)]
struct Table {
    by_hash: HashMap<String, Principal>,
    by_san: Vec<(String, Principal)>,
}

impl Tokens {
    /// Reads the tokens file; a file that cannot be read or parsed stops the start.
    pub(crate) fn load(path: &Path) -> anyhow::Result<Self> {
        let tokens = Self {
            path: path.to_owned(),
            table: Arc::default(),
            stamp: Arc::default(),
        };
        let stamp = stamp(path);
        let table = read(path)?;
        if table.by_hash.is_empty() && table.by_san.is_empty() {
            tracing::warn!(file = %path.display(), "the tokens file names no active principal: every call will be refused");
        }
        *tokens.table.write().unwrap_or_else(PoisonError::into_inner) = table;
        *tokens.stamp.lock().unwrap_or_else(PoisonError::into_inner) = stamp;
        Ok(tokens)
    }

    /// Reads the file again if it changed since it was last read. A file that no longer
    /// parses leaves the principals as they were, and says so in the log.
    pub(crate) fn reload_if_changed(&self) {
        let now = stamp(&self.path);
        let mut last = self.stamp.lock().unwrap_or_else(PoisonError::into_inner);
        if now == *last {
            return;
        }
        match read(&self.path) {
            Ok(table) => {
                let count = table.by_hash.len() + table.by_san.len();
                *self.table.write().unwrap_or_else(PoisonError::into_inner) = table;
                *last = now;
                tracing::info!(principals = count, "tokens file re-read");
            }
            Err(e) => {
                tracing::error!(error = %format!("{e:#}"), "the changed tokens file cannot be used; keeping the principals read before");
                *last = now;
            }
        }
    }

    /// The principal of a call with `bearer` (its token) or, without one, `certificate` (the
    /// DER of its client certificate).
    pub(crate) fn principal(
        &self,
        bearer: Option<&str>,
        certificate: &Option<Vec<u8>>,
    ) -> Result<Principal, Error> {
        let table = self.table.read().unwrap_or_else(PoisonError::into_inner);
        if let Some(token) = bearer {
            return table
                .by_hash
                .get(&hash_secret(token))
                .cloned()
                .ok_or_else(|| unauthenticated("the token is unknown or revoked"));
        }
        if let Some(der) = certificate {
            let der = rustls_pki_types::CertificateDer::from(der.as_slice());
            let cert = webpki::EndEntityCert::try_from(&der)
                .map_err(|_| unauthenticated("the client certificate cannot be read"))?;
            return table
                .by_san
                .iter()
                .find(|(san, _)| {
                    rustls_pki_types::ServerName::try_from(san.as_str())
                        .is_ok_and(|name| cert.verify_is_valid_for_subject_name(&name).is_ok())
                })
                .map(|(_, p)| p.clone())
                .ok_or_else(|| {
                    unauthenticated("the client certificate names no principal of the tokens file")
                });
        }
        Err(unauthenticated("no token was sent"))
    }
}

/// The call carries no usable credentials; `why` says what was wrong with them.
pub(super) fn unauthenticated(why: &str) -> Error {
    Error::Unauthenticated {
        msg: Msg::new(
            format!(
                "Chưa xác thực: {}; hãy đặt DANGVIEN_TOKEN hoặc --token-file",
                vi(why)
            ),
            format!("unauthenticated: {why}; set DANGVIEN_TOKEN or --token-file"),
        ),
    }
}

fn vi(why: &str) -> &'static str {
    match why {
        "no token was sent" => "không có mã truy cập",
        "the token is unknown or revoked" => "mã truy cập không đúng hoặc đã bị thu hồi",
        _ => "thông tin xác thực không dùng được",
    }
}

fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.modified().ok()?, meta.len()))
}

fn read(path: &Path) -> anyhow::Result<Table> {
    let parsed = TokensFile::read(path)
        .with_context(|| format!("the tokens file {} cannot be used", path.display()))?;
    let mut table = Table::default();
    for entry in parsed.principals.iter().filter(|e| e.is_active()) {
        let scope = entry
            .scope
            .as_deref()
            .map(|s| OrgCode::parse("scope", s))
            .transpose()
            .map_err(|v| {
                anyhow::anyhow!("{}: principal {}: {}", path.display(), entry.name, v.msg.en)
            })?;
        let principal = Principal::new(entry.name.clone(), role(entry.role), scope);
        if let Some(hash) = &entry.sha256 {
            table.by_hash.insert(hash.clone(), principal.clone());
        }
        if let Some(san) = &entry.certificate_san {
            table.by_san.push((san.clone(), principal));
        }
    }
    Ok(table)
}

fn role(role: file::Role) -> Role {
    match role {
        file::Role::Admin => Role::Admin,
        file::Role::Clerk => Role::Clerk,
        file::Role::Reader => Role::Reader,
        file::Role::Sync => Role::Sync,
    }
}
