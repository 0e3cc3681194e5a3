//! Listing decisions about a person, or about the persons of an organisation subtree.

use chrono::NaiveDate;
use serde::Serialize;

use crate::{
    app::access::Target,
    app::{App, Ctx, PageRequest, paging::Page},
    domain::{
        Result, access::Operation, admission::DecisionKind, decision::Decision, org::OrgCode,
        person::ExternalId,
    },
    store::{
        decisions,
        orgs::{self, Lock},
        people,
    },
};

/// Which decisions a list shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum DecisionScope {
    /// About one person, in submission order.
    Person(ExternalId),
    /// About persons whose cell was in the subtree of this organisation on the decision's date,
    /// by date then id.
    Org(OrgCode),
}

/// One page of decisions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecisionPage {
    pub decisions: Vec<Decision>,
    /// Empty on the last page.
    pub next_page_token: String,
}

impl App {
    /// Decisions in `scope`, optionally of one kind, a page at a time.
    pub async fn list_decisions(
        &self,
        ctx: &Ctx,
        scope: &DecisionScope,
        kind: Option<DecisionKind>,
        page: &PageRequest,
    ) -> Result<DecisionPage> {
        let target = match scope {
            DecisionScope::Person(person) => Target::Person(person),
            DecisionScope::Org(code) => Target::Org(code),
        };
        self.authorize(ctx, Operation::ReadPeople, target).await?;
        #[derive(Serialize)]
        struct Query<'a> {
            scope: &'a DecisionScope,
            kind: Option<DecisionKind>,
        }
        let page = Page::open(page, &Query { scope, kind })?;
        let reader = self.store.reader();
        let wanted = |d: &Decision| kind.is_none_or(|k| d.kind() == k);
        let limit = usize::try_from(page.limit).unwrap_or(usize::MAX);
        // Each found decision with its page key, one more than the page to know if more follow.
        let mut found: Vec<(String, Decision)> = Vec::new();
        match scope {
            DecisionScope::Person(person) => {
                let row = people::get(reader, person, Lock::No).await?;
                let after: i32 = page
                    .after
                    .as_deref()
                    .and_then(|a| a.parse().ok())
                    .unwrap_or(0);
                found = decisions::of_person(reader, row.id)
                    .await?
                    .into_iter()
                    .filter(|r| r.person_seq > after && wanted(&r.decision))
                    .take(limit + 1)
                    .map(|r| (r.person_seq.to_string(), r.decision))
                    .collect();
            }
            DecisionScope::Org(code) => {
                let root = orgs::get(reader, code, Lock::No).await?;
                let cells = orgs::ever_under(reader, root.id).await?;
                let mut after: Option<(NaiveDate, String)> = page
                    .after
                    .as_deref()
                    .and_then(|a| a.split_once('|'))
                    .and_then(|(d, id)| Some((d.parse().ok()?, id.to_owned())));
                // Cells that left the subtree still hold its older decisions: check each
                // decision's day, fetching more until the page is full.
                loop {
                    let batch = decisions::in_cells(
                        reader,
                        &cells,
                        after.as_ref().map(|(d, id)| (*d, id.as_str())),
                        page.limit + 1,
                    )
                    .await?;
                    let exhausted = (batch.len() as u64) <= page.limit;
                    for row in batch {
                        let key = format!("{}|{}", row.decision.date, row.decision.external_id);
                        after = Some((row.decision.date, row.decision.external_id.to_string()));
                        let inside = orgs::lineage_on(reader, row.cell_id, row.decision.date)
                            .await?
                            .contains(&root.id);
                        if inside && wanted(&row.decision) {
                            found.push((key, row.decision));
                        }
                    }
                    if exhausted || found.len() > limit {
                        break;
                    }
                }
            }
        }
        let next_page_token = if found.len() > limit {
            found.truncate(limit);
            found
                .last()
                .map(|(key, _)| page.next_token(key))
                .unwrap_or_default()
        } else {
            String::new()
        };
        let found: Vec<Decision> = found.into_iter().map(|(_, d)| d).collect();
        let mut shown: Vec<String> = found
            .iter()
            .map(|d| format!("people/{}", d.person))
            .collect();
        shown.dedup();
        self.audit_read(ctx, shown).await?;
        Ok(DecisionPage {
            decisions: found,
            next_page_token,
        })
    }
}
