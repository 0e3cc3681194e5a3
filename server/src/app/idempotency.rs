//! Idempotent mutations (AIP-155): the answer to an accepted mutation is stored under its
//! `request_id` in the same transaction, and a replay returns it without running anything.

use serde::{Serialize, de::DeserializeOwned};
use sha2::{Digest, Sha256};

use super::{App, Ctx};
use crate::{
    domain::{Error, FieldViolation, Reason, Result},
    store::{
        Tx,
        requests::{self, Recorded, StoredRequest},
    },
};

/// The longest request id accepted.
const MAX_REQUEST_ID_CHARS: usize = 128;

/// A caller's idempotency key: 1–128 printable ASCII characters (a UUID4 is recommended).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestId(String);

impl RequestId {
    /// Checks a `request_id` field; empty means none.
    pub fn parse(raw: &str) -> Result<Option<Self>, FieldViolation> {
        if raw.is_empty() {
            return Ok(None);
        }
        if raw.len() > MAX_REQUEST_ID_CHARS || !raw.chars().all(|c| c.is_ascii_graphic()) {
            return Err(FieldViolation::new(
                "request_id",
                format!(
                    "request_id phải gồm 1–{MAX_REQUEST_ID_CHARS} ký tự ASCII in được, nên là một UUID"
                ),
                format!(
                    "request_id must be 1–{MAX_REQUEST_ID_CHARS} printable ASCII characters, preferably a UUID"
                ),
            ));
        }
        Ok(Some(Self(raw.to_owned())))
    }
}

/// A mutation that has started: either a replay with its first answer, or a fresh write.
pub(crate) enum Started<T> {
    Replayed(T),
    Fresh(Write),
}

/// An open write transaction that records its answer under the request id on commit.
pub(crate) struct Write {
    tx: Tx,
    /// The request id reserved for the answer.
    key: Option<RequestId>,
    principal: String,
}

impl App {
    /// Starts a mutation `method` whose whole input is `command`.
    ///
    /// With a request id, the id is reserved in the write transaction before any work: a
    /// concurrent call with the same id (a client's retry landing on another server) waits on
    /// that row until this one commits or rolls back, then replays its answer or runs afresh.
    pub(crate) async fn start<T: DeserializeOwned>(
        &self,
        ctx: &Ctx,
        method: &'static str,
        command: &impl Serialize,
    ) -> Result<Started<T>> {
        let principal = ctx.principal.name().to_owned();
        let Some(id) = &ctx.request_id else {
            let tx = self.store.begin_write().await?;
            return Ok(Started::Fresh(Write {
                tx,
                key: None,
                principal,
            }));
        };
        let fingerprint = fingerprint(method, command)?;
        let tx = self.store.begin_write().await?;
        if let Some(stored) = requests::find(&tx, &id.0).await? {
            return replay(&stored, method, &fingerprint).map(Started::Replayed);
        }
        let reservation = StoredRequest {
            method: method.to_owned(),
            fingerprint: fingerprint.clone(),
            response: String::new(),
        };
        match requests::reserve(&tx, &id.0, reservation, &principal).await? {
            Recorded::Stored => Ok(Started::Fresh(Write {
                tx,
                key: Some(id.clone()),
                principal,
            })),
            Recorded::Taken => {
                // Another call with this id committed while this one waited.
                tx.rollback().await?;
                let stored = requests::find(self.store.reader(), &id.0)
                    .await?
                    .ok_or_else(|| Error::Internal("request id vanished".to_owned()))?;
                replay(&stored, method, &fingerprint).map(Started::Replayed)
            }
        }
    }

    /// Commits `write`, storing its answer under the reserved request id.
    pub(crate) async fn finish<T: Serialize>(&self, write: Write, answer: T) -> Result<T> {
        let Write {
            tx,
            key,
            principal: _,
        } = write;
        if let Some(id) = key {
            let response = serde_json::to_string(&answer)
                .map_err(|e| Error::Internal(format!("encoding the answer: {e}")))?;
            requests::answer(&tx, &id.0, response).await?;
        }
        tx.commit().await?;
        Ok(answer)
    }
}

impl Write {
    /// The transaction to run the mutation in.
    pub(crate) fn tx(&self) -> &Tx {
        &self.tx
    }

    /// The principal making the change.
    pub(crate) fn actor(&self) -> &str {
        &self.principal
    }
}

fn fingerprint(method: &str, command: &impl Serialize) -> Result<String> {
    let body = serde_json::to_vec(command)
        .map_err(|e| Error::Internal(format!("encoding the request: {e}")))?;
    let mut hash = Sha256::new();
    hash.update(method.as_bytes());
    hash.update([0]);
    hash.update(&body);
    Ok(hash.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

fn replay<T: DeserializeOwned>(
    stored: &StoredRequest,
    method: &str,
    fingerprint: &str,
) -> Result<T> {
    if stored.method != method || stored.fingerprint != fingerprint {
        return Err(Error::invalid(
            Reason::RequestIdReused,
            FieldViolation::new(
                "request_id",
                "request_id này đã được dùng cho một yêu cầu khác; hãy tạo request_id mới",
                "this request_id was already used for a different request; generate a new one",
            ),
        ));
    }
    serde_json::from_str(&stored.response)
        .map_err(|e| Error::Internal(format!("decoding a stored answer: {e}")))
}
