//! The tokens file: the principals a server accepts (DESIGN §8), read by `dangviend` and written
//! by `dangvien admin token …`, so that both binaries agree on its format and rules.
//!
//! The file is pretty JSON, `{"principals": [ … ]}`. A token principal is stored by the SHA-256 of
//! its secret only: the secret is shown once when it is created, and whoever reads the file
//! cannot call the server with what they find there. A certificate principal is named by a DNS
//! subjectAltName of its client certificate. Revoking keeps the entry (and its name), so that the
//! audit log's principals stay unambiguous.

use std::{
    collections::HashSet,
    fmt, fs,
    io::{self, Write as _},
    path::{Path, PathBuf},
    str::FromStr,
};

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

/// What starts every secret: a leaked one is easy to recognise (and to grep for) in a log or a
/// repository.
const SECRET_PREFIX: &str = "dvt_";

/// The bytes of randomness in a secret (256 bits).
const SECRET_BYTES: usize = 32;

/// The longest principal name.
const MAX_NAME: usize = 64;

/// A principal's role (DESIGN §8).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Everything, the tokens' and the audit log's services included.
    Admin,
    /// Records decisions and changes within its scope.
    Clerk,
    /// Reads within its scope.
    Reader,
    /// The nightly sync: imports and exports.
    Sync,
}

impl Role {
    /// Every role, in the order help texts list them.
    pub const ALL: [Role; 4] = [Role::Admin, Role::Clerk, Role::Reader, Role::Sync];

    /// The role as the file and the command line write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Clerk => "clerk",
            Role::Reader => "reader",
            Role::Sync => "sync",
        }
    }
}

impl FromStr for Role {
    type Err = String;

    fn from_str(raw: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|role| role.as_str() == raw)
            .ok_or_else(|| format!("unknown role {raw:?}: expected admin, clerk, reader or sync"))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One principal of the file.
// Unknown fields are refused: a hand-edited `"revoked_at"` must not leave a principal active.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// 1–64 characters of `[A-Za-z0-9._-]`, unique in the file (revoked principals included).
    pub name: String,
    /// What the principal may call.
    pub role: Role,
    /// An organisation code: the principal sees that subtree only. `None`: everything.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// When the principal was added, RFC 3339 UTC (`2026-12-07T12:00:00Z`).
    pub created: String,
    /// When it was revoked, RFC 3339 UTC; `None` while it is active.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked: Option<String>,
    /// Lowercase hex SHA-256 of the token secret (token principals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// A DNS subjectAltName of a client certificate (mTLS principals).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_san: Option<String>,
}

impl Entry {
    /// Whether the principal has not been revoked.
    pub fn is_active(&self) -> bool {
        self.revoked.is_none()
    }
}

/// The whole file: `{"principals": [ ... ]}` as pretty JSON.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TokensFile {
    /// Every principal ever added, in the order they were.
    pub principals: Vec<Entry>,
}

impl TokensFile {
    /// Parses and checks a file's text: names well formed and unique; each entry has exactly one
    /// of `sha256` and `certificate_san`; `sha256` is 64 lowercase hex digits; a scope, when set,
    /// is not empty; no two active principals share a certificate SAN.
    pub fn parse(text: &str) -> Result<Self, TokensError> {
        let file: TokensFile = serde_json::from_str(text)
            .map_err(|e| TokensError::Malformed(format!("not a tokens file: {e}")))?;
        file.check()?;
        Ok(file)
    }

    /// Reads and parses the file at `path`.
    pub fn read(path: &Path) -> Result<Self, TokensError> {
        let text = fs::read_to_string(path).map_err(|source| TokensError::Io {
            path: path.to_owned(),
            source,
        })?;
        Self::parse_at(path, &text)
    }

    /// [`TokensFile::read`], where a missing file is an empty one (the first `token create`).
    pub fn read_or_empty(path: &Path) -> Result<Self, TokensError> {
        match fs::read_to_string(path) {
            Ok(text) => Self::parse_at(path, &text),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Self::default()),
            Err(source) => Err(TokensError::Io {
                path: path.to_owned(),
                source,
            }),
        }
    }

    /// [`TokensFile::parse`], naming `path` in what is wrong.
    fn parse_at(path: &Path, text: &str) -> Result<Self, TokensError> {
        Self::parse(text).map_err(|e| match e {
            TokensError::Malformed(why) => {
                TokensError::Malformed(format!("{}: {why}", path.display()))
            }
            other @ (TokensError::Io { .. }
            | TokensError::DuplicateName(_)
            | TokensError::UnknownName(_)
            | TokensError::AlreadyRevoked(_)
            | TokensError::InvalidName(_)) => other,
        })
    }

    /// Writes the file atomically: a temporary file in the same directory (mode 0600 on unix,
    /// as `tempfile` creates it), written, flushed to disk, then renamed over `path`. A server
    /// reading the file meanwhile sees the old one or the new one, never half of either.
    pub fn write(&self, path: &Path) -> Result<(), TokensError> {
        let io_error = |source| TokensError::Io {
            path: path.to_owned(),
            source,
        };
        let mut text = serde_json::to_string_pretty(self)
            .map_err(|e| TokensError::Malformed(format!("cannot encode the tokens file: {e}")))?;
        text.push('\n');
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            Some(_) | None => Path::new("."),
        };
        let mut temp = tempfile::Builder::new()
            .prefix(".tokens")
            .suffix(".tmp")
            .tempfile_in(dir)
            .map_err(io_error)?;
        temp.write_all(text.as_bytes()).map_err(io_error)?;
        temp.as_file().sync_all().map_err(io_error)?;
        temp.persist(path).map_err(|e| io_error(e.error))?;
        // The rename itself is durable once the directory is.
        #[cfg(unix)]
        fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io_error)?;
        Ok(())
    }

    /// Adds a token principal created at `now` and returns its secret, which is stored nowhere:
    /// the file keeps only its hash.
    pub fn create_token(
        &mut self,
        name: &str,
        role: Role,
        scope: Option<&str>,
        now: &str,
    ) -> Result<String, TokensError> {
        self.check_new(name, scope)?;
        let secret = generate_secret();
        self.principals.push(Entry {
            name: name.to_owned(),
            role,
            scope: scope.map(str::to_owned),
            created: now.to_owned(),
            revoked: None,
            sha256: Some(hash_secret(&secret)),
            certificate_san: None,
        });
        Ok(secret)
    }

    /// Adds a certificate principal, named by the DNS subjectAltName `san`, created at `now`.
    pub fn add_certificate(
        &mut self,
        name: &str,
        role: Role,
        scope: Option<&str>,
        san: &str,
        now: &str,
    ) -> Result<(), TokensError> {
        self.check_new(name, scope)?;
        check_san(san)?;
        if let Some(holder) = self.active_san(san) {
            return Err(TokensError::Malformed(format!(
                "the certificate SAN {san} already names the active principal {}; revoke it \
                 first or use another SAN",
                holder.name
            )));
        }
        self.principals.push(Entry {
            name: name.to_owned(),
            role,
            scope: scope.map(str::to_owned),
            created: now.to_owned(),
            revoked: None,
            sha256: None,
            certificate_san: Some(san.to_owned()),
        });
        Ok(())
    }

    /// Revokes the principal `name` at `now`; it stays in the file, so its name is not reused.
    pub fn revoke(&mut self, name: &str, now: &str) -> Result<(), TokensError> {
        let entry = self
            .principals
            .iter_mut()
            .find(|e| e.name == name)
            .ok_or_else(|| TokensError::UnknownName(name.to_owned()))?;
        if entry.revoked.is_some() {
            return Err(TokensError::AlreadyRevoked(name.to_owned()));
        }
        entry.revoked = Some(now.to_owned());
        Ok(())
    }

    /// The active principal whose token is `secret`.
    pub fn find_token(&self, secret: &str) -> Option<&Entry> {
        // The comparison is of hashes, not of the secret: how long it takes tells nothing about
        // the secret's bytes.
        let hash = hash_secret(secret);
        self.principals
            .iter()
            .find(|e| e.is_active() && e.sha256.as_deref() == Some(hash.as_str()))
    }

    /// The active principal whose certificate SAN is `san`.
    fn active_san(&self, san: &str) -> Option<&Entry> {
        self.principals
            .iter()
            .find(|e| e.is_active() && e.certificate_san.as_deref() == Some(san))
    }

    /// Whether a principal `name` with `scope` may be added.
    fn check_new(&self, name: &str, scope: Option<&str>) -> Result<(), TokensError> {
        if !valid_name(name) {
            return Err(TokensError::InvalidName(name.to_owned()));
        }
        if self.principals.iter().any(|e| e.name == name) {
            return Err(TokensError::DuplicateName(name.to_owned()));
        }
        if scope.is_some_and(str::is_empty) {
            return Err(TokensError::Malformed(
                "the scope is empty: give an organisation code, or no scope for everything"
                    .to_owned(),
            ));
        }
        Ok(())
    }

    /// The rules of [`TokensFile::parse`].
    fn check(&self) -> Result<(), TokensError> {
        let mut names = HashSet::new();
        let mut sans = HashSet::new();
        for (i, entry) in self.principals.iter().enumerate() {
            let at = |why: String| {
                TokensError::Malformed(format!("principal {} ({:?}): {why}", i + 1, entry.name))
            };
            if !valid_name(&entry.name) {
                return Err(at(NAME_RULE.to_owned()));
            }
            if !names.insert(entry.name.as_str()) {
                return Err(at("the name is used twice; names must be unique".to_owned()));
            }
            if entry.scope.as_deref().is_some_and(str::is_empty) {
                return Err(at("the scope is empty; remove it or give a code".to_owned()));
            }
            match (&entry.sha256, &entry.certificate_san) {
                (Some(hash), None) if is_sha256_hex(hash) => {}
                (Some(_), None) => {
                    return Err(at("sha256 must be 64 lowercase hex digits".to_owned()));
                }
                (None, Some(san)) => {
                    check_san(san).map_err(|e| at(e.to_string()))?;
                    if entry.is_active() && !sans.insert(san.as_str()) {
                        return Err(at(format!(
                            "another active principal has the certificate SAN {san}"
                        )));
                    }
                }
                (Some(_), Some(_)) | (None, None) => {
                    return Err(at(
                        "needs exactly one of sha256 (a token) and certificate_san".to_owned(),
                    ));
                }
            }
        }
        Ok(())
    }
}

/// Lowercase hex SHA-256 of the secret's bytes, as the file stores it.
pub fn hash_secret(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A new secret: `dvt_` and 256 bits from the operating system's generator, base64url without
/// padding.
///
/// # Panics
///
/// When the operating system's random number generator fails: no secret is better than a
/// guessable one.
pub fn generate_secret() -> String {
    let mut bytes = [0u8; SECRET_BYTES];
    if let Err(e) = getrandom::fill(&mut bytes) {
        panic!("the operating system's random number generator failed: {e}");
    }
    let encoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    format!("{SECRET_PREFIX}{encoded}")
}

/// What a principal name must be.
const NAME_RULE: &str = "a name is 1 to 64 characters of letters A-Z a-z, digits, '.', '_' or '-'";

/// Whether `name` follows [`NAME_RULE`].
fn valid_name(name: &str) -> bool {
    (1..=MAX_NAME).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// 64 lowercase hex digits.
fn is_sha256_hex(hash: &str) -> bool {
    hash.len() == 64 && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A DNS name as a certificate's subjectAltName holds it: not empty, no spaces or controls.
fn check_san(san: &str) -> Result<(), TokensError> {
    let ok = !san.is_empty()
        && san.len() <= 253
        && san
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'*'));
    if ok {
        Ok(())
    } else {
        Err(TokensError::Malformed(format!(
            "certificate SAN {san:?} is not a DNS name (letters, digits, '.', '-')"
        )))
    }
}

/// Why the tokens file could not be read, written or changed.
#[derive(Debug)]
pub enum TokensError {
    /// Reading or writing the file failed.
    Io {
        /// The tokens file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The file (or a value for it) breaks a rule; the text says which and where.
    Malformed(String),
    /// A principal of that name exists already (perhaps revoked).
    DuplicateName(String),
    /// No principal has that name.
    UnknownName(String),
    /// The principal was revoked before.
    AlreadyRevoked(String),
    /// The name breaks the naming rule.
    InvalidName(String),
}

impl fmt::Display for TokensError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokensError::Io { path, source } => {
                write!(f, "tokens file {}: {source}", path.display())
            }
            TokensError::Malformed(why) => write!(f, "tokens file: {why}"),
            TokensError::DuplicateName(name) => write!(
                f,
                "a principal named {name} exists already (revoked ones keep their names); \
                 choose another name"
            ),
            TokensError::UnknownName(name) => write!(
                f,
                "no principal is named {name}; `dangvien admin token list` shows the names"
            ),
            TokensError::AlreadyRevoked(name) => write!(f, "{name} is revoked already"),
            TokensError::InvalidName(name) => write!(f, "principal name {name:?}: {NAME_RULE}"),
        }
    }
}

impl std::error::Error for TokensError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TokensError::Io { source, .. } => Some(source),
            TokensError::Malformed(_)
            | TokensError::DuplicateName(_)
            | TokensError::UnknownName(_)
            | TokensError::AlreadyRevoked(_)
            | TokensError::InvalidName(_) => None,
        }
    }
}

#[cfg(test)]
mod tests;
