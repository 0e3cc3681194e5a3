//! The principals of the tokens file as `admin token list` shows them: never a secret or a hash.

use dangvien_proto::tokens::{Entry, Role};
use serde::Serialize;

/// How a principal authenticates.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum PrincipalKind {
    /// A bearer token.
    Token,
    /// A client certificate (mTLS).
    Certificate,
}

/// One principal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct PrincipalView {
    pub(crate) name: String,
    pub(crate) role: Role,
    /// The organisation code it is limited to; `null`: everything.
    pub(crate) scope: Option<String>,
    pub(crate) kind: PrincipalKind,
    /// The DNS subjectAltName of a certificate principal.
    pub(crate) certificate_san: Option<String>,
    /// RFC 3339.
    pub(crate) created: String,
    /// RFC 3339; `null` while active.
    pub(crate) revoked: Option<String>,
}

impl From<&Entry> for PrincipalView {
    fn from(entry: &Entry) -> Self {
        // Destructured so that a new field of the file is a decision here, not an accident:
        // the hash stays out.
        let Entry {
            name,
            role,
            scope,
            created,
            revoked,
            sha256: _,
            certificate_san,
        } = entry;
        Self {
            name: name.clone(),
            role: *role,
            scope: scope.clone(),
            kind: if certificate_san.is_some() {
                PrincipalKind::Certificate
            } else {
                PrincipalKind::Token
            },
            certificate_san: certificate_san.clone(),
            created: created.clone(),
            revoked: revoked.clone(),
        }
    }
}
