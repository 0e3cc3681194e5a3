//! The audit log as the app writes and reads it (DESIGN §8): an entry for every change, in the
//! change's own transaction; for every refusal of a mutation and every read of personal data,
//! one committed before the answer leaves; and, for admins, listing and verification.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{App, Ctx, PageRequest, access::Target, paging::Page};
use crate::{
    domain::{
        Error, FieldViolation, Reason, Result,
        access::Operation,
        audit::{CHAINS, Entry, Linked, Walk},
        decision::NewDecision,
        member::NewMember,
        org::{Dissolve, Merge, Move, NewOrganization, OrganizationUpdate},
        person::{NewPerson, PersonUpdate},
        target::SetTarget,
    },
    store::{Tx, audit},
};

/// Rows of a chain read at once by a verification: bounded memory whatever the log's length.
const VERIFY_PAGE: u64 = 1000;

/// What an audit listing is narrowed to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct AuditQuery {
    pub principal: Option<String>,
    pub subject: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

/// One page of entries, newest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditPage {
    pub entries: Vec<Linked>,
    pub next_page_token: String,
}

/// What a walk of every chain found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditVerification {
    pub entries_checked: u64,
    pub chains: usize,
    /// One line per break, naming the chain and row.
    pub breaks: Vec<String>,
    /// `chains/{chain}: {seq} {hash}` for each chain.
    pub heads: Vec<String>,
}

/// The resource names a mutation names, for the audit entry of its refusal.
pub(crate) trait Subjects {
    fn subjects(&self) -> Vec<String>;
}

impl App {
    /// The entry for a call of `ctx` about `subjects`, ended with `outcome`.
    pub(crate) fn audit_entry(ctx: &Ctx, subjects: Vec<String>, outcome: &str) -> Entry {
        Entry {
            at: Entry::truncate(Utc::now()),
            principal: ctx.principal.name().to_owned(),
            method: ctx.method.clone(),
            subjects,
            outcome: outcome.to_owned(),
            request_id: ctx.request_id.as_ref().map(|r| r.as_str().to_owned()),
        }
    }

    /// Appends `entries` in `tx`, on a chain picked at random so that concurrent appends
    /// rarely wait for one another.
    pub(crate) async fn audit_in(tx: &Tx, entries: Vec<Entry>) -> Result<()> {
        audit::append(tx, pick_chain(), entries).await
    }

    /// Records that `ctx` read the personal data of `subjects`, before the answer is sent: if it
    /// cannot be recorded, the answer is not sent.
    pub(crate) async fn audit_read(&self, ctx: &Ctx, subjects: Vec<String>) -> Result<()> {
        let tx = self.store.begin_write().await?;
        Self::audit_in(&tx, vec![Self::audit_entry(ctx, subjects, "OK")]).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records a refused call. Failures of the server (not of the request) are not refusals
    /// and are not recorded; a failure to record is logged, and the caller still hears why
    /// the call was refused.
    pub(crate) async fn audit_refusal(&self, ctx: &Ctx, subjects: Vec<String>, error: &Error) {
        // A denial was recorded where it was decided (`authorize`), reads' included.
        if matches!(error, Error::Denied { .. }) {
            return;
        }
        self.audit_refusal_recorded(ctx, subjects, error).await;
    }

    /// [`Self::audit_refusal`], denials included.
    pub(crate) async fn audit_refusal_recorded(
        &self,
        ctx: &Ctx,
        subjects: Vec<String>,
        error: &Error,
    ) {
        if error.refusal().is_none() {
            return;
        }
        let entry = Self::audit_entry(ctx, subjects, error.reason().as_str());
        let recorded = async {
            let tx = self.store.begin_write().await?;
            Self::audit_in(&tx, vec![entry]).await?;
            tx.commit().await?;
            Ok::<_, Error>(())
        };
        if let Err(e) = recorded.await {
            tracing::error!(error = %e, "a refusal could not be written to the audit log");
        }
    }

    /// Entries passing `query`, newest first, a page at a time.
    pub async fn list_audit(
        &self,
        ctx: &Ctx,
        query: &AuditQuery,
        page: &PageRequest,
    ) -> Result<AuditPage> {
        self.authorize(ctx, Operation::Audit, Target::Everything)
            .await?;
        let page = Page::open(page, query)?;
        let after = page.after.as_deref().map(parse_after).transpose()?;
        let (entries, more) = audit::list(
            self.store.reader(),
            audit::ListQuery {
                principal: query.principal.as_deref(),
                subject: query.subject.as_deref(),
                from: query.from,
                to: query.to,
                after,
                limit: page.limit,
            },
        )
        .await?;
        let next_page_token = match entries.last() {
            Some(last) if more => page.next_token(&format!(
                "{}|{}|{}",
                last.entry.at.to_rfc3339(),
                last.chain,
                last.seq
            )),
            _ => String::new(),
        };
        let entries = match &query.subject {
            // `LIKE` matched the name as a pattern; keep the exact ones.
            Some(subject) => entries
                .into_iter()
                .filter(|e| e.entry.subjects.contains(subject))
                .collect(),
            None => entries,
        };
        Ok(AuditPage {
            entries,
            next_page_token,
        })
    }

    /// Walks every chain, a page at a time, and reports where one does not hold.
    pub async fn verify_audit(&self, ctx: &Ctx) -> Result<AuditVerification> {
        self.authorize(ctx, Operation::Audit, Target::Everything)
            .await?;
        // One snapshot: appends committed during the walk must not look like inserted rows.
        let tx = self.store.begin_read().await?;
        let heads = audit::heads(&tx).await?;
        let mut result = AuditVerification {
            entries_checked: 0,
            chains: heads.len(),
            breaks: Vec::new(),
            heads: Vec::new(),
        };
        for head in &heads {
            let mut walk = Walk::new(head.chain);
            loop {
                let rows = audit::chain_rows(&tx, head.chain, walk.after(), VERIFY_PAGE).await?;
                for row in &rows {
                    walk.row(row);
                }
                if (rows.len() as u64) < VERIFY_PAGE {
                    break;
                }
            }
            let (checked, breaks) = walk.finish(head);
            result.entries_checked += checked;
            result.breaks.extend(breaks.iter().map(ToString::to_string));
            result
                .heads
                .push(format!("chains/{}: {} {}", head.chain, head.seq, head.hash));
        }
        tx.commit().await?;
        Ok(result)
    }
}

fn pick_chain() -> i16 {
    let byte = uuid::Uuid::new_v4().as_bytes()[0];
    i16::from(byte) % CHAINS
}

fn parse_after(raw: &str) -> Result<(DateTime<Utc>, i16, i64)> {
    let bad = || {
        Error::invalid(
            Reason::InvalidPageToken,
            FieldViolation::new(
                "page_token",
                "page_token không hợp lệ",
                "the page_token is not one this server issued",
            ),
        )
    };
    let mut parts = raw.splitn(3, '|');
    let at = DateTime::parse_from_rfc3339(parts.next().ok_or_else(bad)?)
        .map_err(|_| bad())?
        .with_timezone(&Utc);
    let chain = parts.next().ok_or_else(bad)?.parse().map_err(|_| bad())?;
    let seq = parts.next().ok_or_else(bad)?.parse().map_err(|_| bad())?;
    Ok((at, chain, seq))
}

fn person(id: &impl std::fmt::Display) -> String {
    format!("people/{id}")
}

fn org(code: &impl std::fmt::Display) -> String {
    format!("organizations/{code}")
}

impl Subjects for NewDecision {
    fn subjects(&self) -> Vec<String> {
        let mut s = vec![person(&self.person)];
        s.extend(self.external_id.iter().map(|d| format!("decisions/{d}")));
        s
    }
}

impl Subjects for Vec<NewDecision> {
    fn subjects(&self) -> Vec<String> {
        self.iter().flat_map(Subjects::subjects).collect()
    }
}

impl Subjects for NewPerson {
    fn subjects(&self) -> Vec<String> {
        let mut s: Vec<String> = self.external_id.iter().map(person).collect();
        s.push(org(&self.cell));
        s
    }
}

impl Subjects for PersonUpdate {
    fn subjects(&self) -> Vec<String> {
        let mut s = vec![person(&self.external_id)];
        s.extend(self.cell.iter().map(|c| org(&c.cell)));
        s
    }
}

impl Subjects for NewMember {
    fn subjects(&self) -> Vec<String> {
        vec![person(&self.person)]
    }
}

impl Subjects for NewOrganization {
    fn subjects(&self) -> Vec<String> {
        self.code
            .iter()
            .chain(self.parent.iter())
            .map(org)
            .collect()
    }
}

impl Subjects for OrganizationUpdate {
    fn subjects(&self) -> Vec<String> {
        vec![org(&self.code)]
    }
}

impl Subjects for Move {
    fn subjects(&self) -> Vec<String> {
        std::iter::once(&self.code)
            .chain(self.new_parent.iter())
            .map(org)
            .collect()
    }
}

impl Subjects for Merge {
    fn subjects(&self) -> Vec<String> {
        vec![org(&self.code), org(&self.into)]
    }
}

impl Subjects for Dissolve {
    fn subjects(&self) -> Vec<String> {
        vec![org(&self.code)]
    }
}

impl Subjects for SetTarget {
    fn subjects(&self) -> Vec<String> {
        vec![format!("targets/{}/{}", self.org, self.year)]
    }
}
