//! Idempotent mutations (AIP-155): the answer to an accepted mutation is stored under its
//! `request_id` in the same transaction, and a replay returns it without running anything.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex, PoisonError},
};

use chrono::NaiveDate;
use serde::{Serialize, de::DeserializeOwned};
use sha2::{Digest, Sha256};

use super::{App, Ctx, Rules, tallies::Touched};
use crate::{
    domain::{Error, FieldViolation, Reason, Result, org::OrgCode, sync::Record},
    store::{
        Tx,
        changes::{self, NewChange},
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

    /// The id as the caller sent it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A mutation that has started: either a replay with its first answer, or a fresh write.
// Made once per mutation and matched at once: boxing the write would only add an allocation.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Started<T> {
    Replayed(T),
    Fresh(Write),
}

/// An open write transaction that records its answer under the request id on commit.
pub(crate) struct Write {
    tx: Tx,
    /// The request id reserved for the answer.
    key: Option<RequestId>,
    /// The call, for the actor columns and the audit log.
    ctx: Ctx,
    /// The sync lines of what the write stored, appended to the change log on commit.
    changes: Mutex<Vec<NewChange>>,
    /// The resource names of what it stored, for its audit entry.
    subjects: Mutex<Vec<String>>,
    /// Set when the write is one record of an import: a savepoint inside the import's
    /// transaction, whose lines go to the import to append when it commits.
    sink: Option<Sink>,
}

/// Where what records written inside an import's transaction leave for its commit waits.
pub(crate) type Sink = Arc<Mutex<Pending>>;

/// What an import's transaction writes once, at its end: the lines for the change log, and the
/// aggregates of every person its records touched. Applying each record's aggregates at once
/// would lock the shared rows record by record, in no overall order, and concurrent imports
/// would deadlock on them; one ordered pass per transaction, as an RPC makes, cannot.
#[derive(Debug, Default)]
pub(crate) struct Pending {
    changes: Vec<NewChange>,
    /// What the transaction's records changed, for its audit entry.
    subjects: Vec<String>,
    /// For each kind and key, where its latest line is in `changes`: a later line of the same
    /// transaction meets it as stored, and a lookup must not cost a scan of the whole
    /// transaction (an atomic import is one).
    latest: HashMap<&'static str, HashMap<String, usize>>,
    pub(crate) touched: Touched,
}

impl Pending {
    /// Takes over the lines and resource names of records written in the import's transaction.
    pub(in crate::app) fn add(&mut self, changes: Vec<NewChange>, subjects: Vec<String>) {
        self.subjects.extend(subjects);
        for change in changes {
            let at = self.changes.len();
            self.latest
                .entry(change.kind)
                .or_default()
                .insert(change.key.clone(), at);
            self.changes.push(change);
        }
    }

    /// The latest line waiting for the record `kind` `key`.
    pub(crate) fn latest(&self, kind: &str, key: &str) -> Option<&str> {
        let at = *self.latest.get(kind)?.get(key)?;
        Some(&self.changes[at].line)
    }

    /// The lines, in the order they were written, the resource names they change, and the
    /// persons touched.
    pub(crate) fn into_parts(self) -> (Vec<NewChange>, Vec<String>, Touched) {
        (self.changes, self.subjects, self.touched)
    }
}

/// Which transaction a use case runs in.
#[derive(Clone, Copy)]
pub(crate) enum Via<'a> {
    /// Its own, committed when it finishes.
    Own,
    /// A savepoint in an import's transaction: finishing releases the savepoint and hands the
    /// lines to `sink`; dropping it unfinished rolls the record back and nothing else.
    Within(&'a Tx, &'a Sink),
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
        via: Via<'_>,
        method: &'static str,
        command: &impl Serialize,
    ) -> Result<Started<T>> {
        if let Via::Within(outer, sink) = via {
            // An imported line is made idempotent by its record key, not a request id.
            return Ok(Started::Fresh(Write {
                tx: outer.begin().await?,
                key: None,
                ctx: ctx.clone(),
                changes: Mutex::default(),
                subjects: Mutex::default(),
                sink: Some(Arc::clone(sink)),
            }));
        }
        let Some(id) = &ctx.request_id else {
            let tx = self.store.begin_write().await?;
            return Ok(Started::Fresh(Write {
                tx,
                key: None,
                ctx: ctx.clone(),
                changes: Mutex::default(),
                subjects: Mutex::default(),
                sink: None,
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
        match requests::reserve(&tx, &id.0, reservation, ctx.principal.name()).await? {
            Recorded::Stored => Ok(Started::Fresh(Write {
                tx,
                key: Some(id.clone()),
                ctx: ctx.clone(),
                changes: Mutex::default(),
                subjects: Mutex::default(),
                sink: None,
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

    /// Commits `write`, storing its answer under the reserved request id and its lines in the
    /// change log.
    pub(crate) async fn finish<T: Serialize>(&self, write: Write, answer: T) -> Result<T> {
        let Write {
            tx,
            key,
            ctx,
            changes,
            subjects,
            sink,
        } = write;
        let changes = changes.into_inner().unwrap_or_else(PoisonError::into_inner);
        let subjects = dedup(
            subjects
                .into_inner()
                .unwrap_or_else(PoisonError::into_inner),
        );
        if let Some(sink) = sink {
            tx.commit().await?;
            sink.lock()
                .unwrap_or_else(PoisonError::into_inner)
                .add(changes, subjects);
            return Ok(answer);
        }
        if let Some(id) = key {
            let response = serde_json::to_string(&answer)
                .map_err(|e| Error::Internal(format!("encoding the answer: {e}")))?;
            requests::answer(&tx, &id.0, response).await?;
        }
        let entry = App::audit_entry(&ctx, subjects, "OK");
        // Last, so that the counter row stays locked only for the commit; the audit chain's
        // head after it, so that writers, which already queue on the counter, never also
        // queue on a chain.
        changes::append(&tx, changes).await?;
        App::audit_in(&tx, vec![entry]).await?;
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
        self.ctx.principal.name()
    }

    /// Brings the aggregates up to date with what the write did to the persons `touched`: now,
    /// or, for a record of an import, with the rest of the import's transaction at its end.
    /// The import keeps them even if this record is then refused and rolled back: each person's
    /// "before" was read before the record's writes, so a rolled-back record adds nothing.
    pub(crate) async fn settle(&self, touched: Touched, rules: &Rules) -> Result<()> {
        match &self.sink {
            Some(sink) => {
                sink.lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .touched
                    .absorb(touched);
                Ok(())
            }
            None => touched.apply(rules, &self.tx).await,
        }
    }

    /// Notes that the write stored `record`, about organisation `org` on `day`, for the change
    /// log.
    pub(crate) fn changed(&self, record: &Record, org: Option<&OrgCode>, day: Option<NaiveDate>) {
        let (change, subjects) = change_of(record, org, day);
        self.changes
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(change);
        self.subjects
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend(subjects);
    }
}

/// The change-log line of a stored `record`, about organisation `org` on `day`, and the
/// resource names it changes (for the audit entry).
pub(in crate::app) fn change_of(
    record: &Record,
    org: Option<&OrgCode>,
    day: Option<NaiveDate>,
) -> (NewChange, Vec<String>) {
    let key = record.key();
    let change = NewChange {
        kind: key.kind,
        key: key.key,
        line: record.render(),
        org: org.map(ToString::to_string),
        day,
    };
    (change, crate::domain::audit::subjects(record))
}

/// `subjects`, each once, in the order first named.
fn dedup(subjects: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    subjects
        .into_iter()
        .filter(|s| seen.insert(s.clone()))
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    fn change(kind: &'static str, key: &str, line: &str) -> NewChange {
        NewChange {
            kind,
            key: key.to_owned(),
            line: line.to_owned(),
            org: None,
            day: None,
        }
    }

    #[test]
    fn a_later_line_of_a_key_is_the_one_met_and_every_line_is_kept_in_order() {
        let mut pending = Pending::default();
        pending.add(
            vec![change("person", "P1", "a"), change("org", "P1", "b")],
            Vec::new(),
        );
        pending.add(vec![change("person", "P1", "c")], Vec::new());
        assert_eq!(pending.latest("person", "P1"), Some("c"));
        assert_eq!(pending.latest("org", "P1"), Some("b"));
        assert_eq!(pending.latest("person", "P2"), None);
        assert_eq!(pending.latest("target", "P1"), None);
        let (changes, _, _) = pending.into_parts();
        let lines: Vec<_> = changes.iter().map(|c| c.line.as_str()).collect();
        assert_eq!(lines, ["a", "b", "c"]);
    }
}
