//! `ListMembers`: the members of an organisation subtree on a day, filtered by status and by
//! admission and official date ranges.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::MemberView;
use crate::{
    app::{
        App, Ctx,
        paging::{Page, PageRequest},
    },
    domain::access::Operation,
    domain::{Error, Result, member::MemberStatus, org::OrgCode},
    store::{
        members::{self, DateRange, ListQuery},
        orgs::{self, Lock},
    },
};

/// What `ListMembers` filters on (everything but paging): the page token is bound to it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberFilter {
    /// The subtree of this organisation on `as_of`.
    pub org: Option<OrgCode>,
    /// Probationary or official on `as_of`.
    pub status: Option<MemberStatus>,
    pub admitted_from: Option<NaiveDate>,
    pub admitted_to: Option<NaiveDate>,
    pub official_from: Option<NaiveDate>,
    pub official_to: Option<NaiveDate>,
    /// The day everything refers to; `None` is today.
    pub as_of: Option<NaiveDate>,
}

/// One page of members.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberPage {
    pub members: Vec<MemberView>,
    pub next_page_token: String,
}

impl App {
    /// The members on a day passing `filter`, by the person's external id.
    pub async fn list_members(
        &self,
        ctx: &Ctx,
        filter: &MemberFilter,
        page: &PageRequest,
    ) -> Result<MemberPage> {
        let filter = &MemberFilter {
            org: self
                .bounded(ctx, Operation::ReadPeople, filter.org.as_ref())
                .await?,
            ..filter.clone()
        };
        let page = Page::open(page, filter)?;
        let as_of = filter.as_of.unwrap_or_else(|| self.clock.today());
        let reader = self.store.reader();
        let cells = match &filter.org {
            None => None,
            Some(code) => {
                let root = orgs::get(reader, code, Lock::No).await?;
                Some(orgs::subtree_on(reader, root.id, as_of).await?)
            }
        };
        let mut rows = members::list(
            reader,
            ListQuery {
                as_of,
                cells: cells.as_deref(),
                status: filter.status,
                admission: DateRange {
                    from: filter.admitted_from,
                    to: filter.admitted_to,
                },
                official: DateRange {
                    from: filter.official_from,
                    to: filter.official_to,
                },
                after: page.after.as_deref(),
                limit: page.limit + 1,
            },
        )
        .await?;
        let next_page_token = if rows.len() as u64 > page.limit {
            rows.truncate(usize::try_from(page.limit).unwrap_or(usize::MAX));
            rows.last()
                .map(|r| page.next_token(r.person.as_str()))
                .unwrap_or_default()
        } else {
            String::new()
        };
        let mut members = Vec::with_capacity(rows.len());
        for row in rows {
            let view = self
                .member_view(reader, row.person_id, &row.person, as_of)
                .await?
                .ok_or_else(|| Error::Internal(format!("{} listed but no member", row.person)))?;
            members.push(view);
        }
        let shown = members
            .iter()
            .map(|m| format!("people/{}", m.person))
            .collect();
        self.audit_read(ctx, shown).await?;
        Ok(MemberPage {
            members,
            next_page_token,
        })
    }
}
