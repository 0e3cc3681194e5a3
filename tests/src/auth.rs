//! Principals for tests of an authenticated server: a tokens file in a temporary directory, the
//! secret of each token, and requests that carry one.

use std::{collections::HashMap, path::PathBuf};

use dangvien_proto::tokens::{Role, TokensFile};
use tempfile::TempDir;
use tonic::{Request, metadata::MetadataValue};

/// A tokens file and the secrets of its tokens, by principal name.
#[derive(Debug)]
pub struct Principals {
    dir: TempDir,
    secrets: HashMap<String, String>,
}

impl Principals {
    /// A tokens file with one token principal per `(name, role, scope)`.
    pub fn new(principals: &[(&str, Role, Option<&str>)]) -> Self {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("creating a temp dir: {e}"));
        let mut file = TokensFile::default();
        let mut secrets = HashMap::new();
        for (name, role, scope) in principals {
            let secret = file
                .create_token(name, *role, *scope, "2026-01-15T00:00:00Z")
                .unwrap_or_else(|e| panic!("adding {name}: {e}"));
            secrets.insert((*name).to_owned(), secret);
        }
        let principals = Self { dir, secrets };
        file.write(&principals.path())
            .unwrap_or_else(|e| panic!("writing the tokens file: {e}"));
        principals
    }

    /// The tokens file.
    pub fn path(&self) -> PathBuf {
        self.dir.path().join("tokens.json")
    }

    /// The flag pair that serves with this file.
    pub fn flags(&self) -> [String; 2] {
        [
            "--tokens-file".to_owned(),
            self.path().display().to_string(),
        ]
    }

    /// The secret of `name`'s token.
    pub fn secret(&self, name: &str) -> &str {
        self.secrets
            .get(name)
            .unwrap_or_else(|| panic!("no principal {name}"))
    }

    /// Revokes `name` in the file, as `dangvien admin token revoke` does.
    pub fn revoke(&self, name: &str) {
        let mut file = TokensFile::read(&self.path()).unwrap_or_else(|e| panic!("{e}"));
        file.revoke(name, "2026-01-15T01:00:00Z")
            .unwrap_or_else(|e| panic!("{e}"));
        file.write(&self.path()).unwrap_or_else(|e| panic!("{e}"));
    }

    /// `message` as a request of `name`.
    pub fn request<T>(&self, name: &str, message: T) -> Request<T> {
        bearer(self.secret(name), message)
    }
}

/// `message` with `authorization: Bearer <token>`.
pub fn bearer<T>(token: &str, message: T) -> Request<T> {
    let mut request = Request::new(message);
    let value: MetadataValue<_> = format!("Bearer {token}")
        .parse()
        .unwrap_or_else(|e| panic!("a token that is no header value: {e}"));
    request.metadata_mut().insert("authorization", value);
    request
}
