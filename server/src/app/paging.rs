//! Page tokens (AIP-158): opaque to callers, bound to the query they were issued for.

use base64::{Engine as _, engine::general_purpose::URL_SAFE_NO_PAD};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::domain::{Error, FieldViolation, Reason, Result};

/// Page size when the caller sends 0.
const DEFAULT_PAGE_SIZE: u64 = 100;
/// Larger page sizes are read as this.
const MAX_PAGE_SIZE: u64 = 1000;

/// The paging fields of a List request.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageRequest {
    pub size: i32,
    pub token: String,
}

/// Where a page starts and how long it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Page {
    pub(crate) limit: u64,
    /// The sort key of the last item of the previous page.
    pub(crate) after: Option<String>,
    query: String,
}

#[derive(Serialize, Deserialize)]
struct Token {
    /// Which query the token belongs to.
    q: String,
    /// The last key returned.
    a: String,
}

impl Page {
    /// Reads the paging fields of a request for `query` (everything but the paging fields).
    pub(crate) fn open(req: &PageRequest, query: &impl Serialize) -> Result<Self> {
        let limit = match u64::try_from(req.size) {
            Err(_) => {
                return Err(Error::invalid(
                    Reason::InvalidField,
                    FieldViolation::new(
                        "page_size",
                        "page_size không được âm",
                        "page_size must not be negative",
                    ),
                ));
            }
            Ok(0) => DEFAULT_PAGE_SIZE,
            Ok(n) => n.min(MAX_PAGE_SIZE),
        };
        let query = query_hash(query)?;
        let after = if req.token.is_empty() {
            None
        } else {
            Some(decode(&req.token, &query)?)
        };
        Ok(Self {
            limit,
            after,
            query,
        })
    }

    /// The token of the page after the one ending at `last_key`.
    pub(crate) fn next_token(&self, last_key: &str) -> String {
        let token = Token {
            q: self.query.clone(),
            a: last_key.to_owned(),
        };
        // Serialising two strings cannot fail.
        let json = serde_json::to_vec(&token).unwrap_or_default();
        URL_SAFE_NO_PAD.encode(json)
    }
}

fn decode(raw: &str, query: &str) -> Result<String> {
    let token: Token = URL_SAFE_NO_PAD
        .decode(raw)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or_else(|| bad_token("page_token không hợp lệ", "page_token is malformed"))?;
    if token.q != query {
        return Err(bad_token(
            "page_token thuộc về một truy vấn khác; hãy giữ nguyên bộ lọc khi lật trang",
            "page_token belongs to a different query; keep the other fields unchanged between pages",
        ));
    }
    Ok(token.a)
}

fn bad_token(vi: &str, en: &str) -> Error {
    Error::invalid(
        Reason::InvalidPageToken,
        FieldViolation::new("page_token", vi, en),
    )
}

fn query_hash(query: &impl Serialize) -> Result<String> {
    let bytes =
        serde_json::to_vec(query).map_err(|e| Error::Internal(format!("encoding a query: {e}")))?;
    let digest = Sha256::digest(&bytes);
    Ok(URL_SAFE_NO_PAD.encode(&digest[..12]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(size: i32, token: &str, query: &str) -> Result<Page> {
        Page::open(
            &PageRequest {
                size,
                token: token.to_owned(),
            },
            &query,
        )
    }

    #[test]
    fn sizes_default_and_clamp() {
        assert_eq!(page(0, "", "q").unwrap().limit, DEFAULT_PAGE_SIZE);
        assert_eq!(page(5, "", "q").unwrap().limit, 5);
        assert_eq!(page(5000, "", "q").unwrap().limit, MAX_PAGE_SIZE);
        assert_eq!(
            page(-1, "", "q").unwrap_err().reason(),
            Reason::InvalidField
        );
    }

    #[test]
    fn tokens_round_trip_for_the_same_query_only() {
        let first = page(2, "", "q").unwrap();
        let token = first.next_token("CB02");
        assert_eq!(page(2, &token, "q").unwrap().after.as_deref(), Some("CB02"));
        assert_eq!(
            page(2, &token, "other").unwrap_err().reason(),
            Reason::InvalidPageToken
        );
        assert_eq!(
            page(2, "%%%", "q").unwrap_err().reason(),
            Reason::InvalidPageToken
        );
        assert_eq!(
            page(2, "bm90IGpzb24", "q").unwrap_err().reason(),
            Reason::InvalidPageToken
        );
    }
}
