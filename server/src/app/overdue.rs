//! `ListOverdue` (DESIGN §4): every case and member whose next required decision had its
//! deadline on or before a day and was not taken by it, or falls due within some working days
//! after it, with the rule concerned.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    App, Ctx,
    decisions::{admission_due, member_life_until},
    paging::{Page, PageRequest},
};
use crate::{
    domain::{
        Error, FieldViolation, Reason, Result,
        access::Operation,
        decision::{ADMISSION_DECISION_DUE, Deadline, OVERDUE_ADMISSION_DECISION},
        kind::DecisionKind,
        org::OrgCode,
        person::ExternalId,
    },
    store::{
        Conn,
        orgs::{self, Lock},
        overdue, people,
    },
};

/// The widest look-ahead `due_within` accepts, in working days (about a year and a half): the
/// calendar counts day by day, and a wider window would only list every probationary member.
pub(super) const MAX_DUE_WITHIN: u32 = 366;

/// What the overdue list is drawn up for (the page token is bound to it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverdueQuery {
    /// The day; `None` is today.
    pub as_of: Option<NaiveDate>,
    /// Only persons whose cell on the day is in this subtree.
    pub org: Option<OrgCode>,
    /// Also what falls due in this many working days after the day.
    pub due_within: u32,
}

/// One decision still to take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OverdueItem {
    pub person: ExternalId,
    pub full_name: String,
    /// The person's cell on the day.
    pub cell: Option<OrgCode>,
    pub deadline: Deadline,
    pub next: DecisionKind,
    /// Due on or before the day (else due within the window after it).
    pub overdue: bool,
    /// Working days from the deadline to the day.
    pub working_days_late: u32,
}

/// One page of the list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OverduePage {
    pub items: Vec<OverdueItem>,
    pub next_page_token: String,
}

/// A deadline found for a person, before names and cells are added.
struct Found {
    person_id: uuid::Uuid,
    deadline: Deadline,
    next: DecisionKind,
}

impl App {
    /// The overdue list, by due date, then person, then decision.
    pub async fn list_overdue(
        &self,
        ctx: &Ctx,
        query: &OverdueQuery,
        page: &PageRequest,
    ) -> Result<OverduePage> {
        let query = &OverdueQuery {
            org: self
                .bounded(ctx, Operation::ReadPeople, query.org.as_ref())
                .await?,
            ..query.clone()
        };
        self.loading.check()?;
        if query.due_within > MAX_DUE_WITHIN {
            return Err(Error::invalid(
                Reason::InvalidField,
                FieldViolation::new(
                    "due_within",
                    format!("tối đa {MAX_DUE_WITHIN} ngày làm việc"),
                    format!("at most {MAX_DUE_WITHIN} working days"),
                ),
            ));
        }
        let page = Page::open(page, query)?;
        let day = query.as_of.unwrap_or_else(|| self.clock.today());
        let horizon = self.rules.calendar.add_working_days(day, query.due_within);
        let reader = self.store.reader();
        let cells = match &query.org {
            None => None,
            Some(code) => {
                let root = orgs::get(reader, code, Lock::No).await?;
                Some(orgs::subtree_on(reader, root.id, day).await?)
            }
        };
        let mut found = Vec::new();
        for (person_id, vote) in overdue::cases_awaiting(reader, day, cells.as_deref()).await? {
            found.push(Found {
                person_id,
                deadline: Deadline {
                    flag: OVERDUE_ADMISSION_DECISION.to_owned(),
                    description: ADMISSION_DECISION_DUE.to_owned(),
                    due: admission_due(&self.rules, vote, false),
                    met_on: None,
                    overdue: false,
                },
                next: DecisionKind::Admit,
            });
        }
        let pending = overdue::members_pending(reader, day, horizon, cells.as_deref()).await?;
        for person_id in pending {
            // As the records stood on the day: a decision dated later (a late ceremony, an
            // `extended` recognition, a new vote) was not taken by then.
            let Some(life) = member_life_until(reader, person_id, day).await? else {
                continue;
            };
            let deadlines = life.deadlines(&self.rules.rulebooks, &self.rules.calendar, day);
            for d in deadlines {
                // Only decisions dated by the day were replayed: what is met was met by then.
                if d.deadline.met_on.is_none() {
                    found.push(Found {
                        person_id,
                        deadline: d.deadline,
                        next: d.next,
                    });
                }
            }
        }
        found.retain(|f| f.deadline.due <= horizon);
        let mut items = self.named(reader, found, day).await?;
        items.sort_by_key(key);
        let mut items: Vec<OverdueItem> = items
            .into_iter()
            .filter(|item| page.after.as_ref().is_none_or(|after| key(item) > *after))
            .collect();
        let next_page_token = if items.len() as u64 > page.limit {
            items.truncate(usize::try_from(page.limit).unwrap_or(usize::MAX));
            items
                .last()
                .map(|item| page.next_token(&key(item)))
                .unwrap_or_default()
        } else {
            String::new()
        };
        let mut shown: Vec<String> = items
            .iter()
            .map(|i| format!("people/{}", i.person))
            .collect();
        shown.dedup();
        self.audit_read(ctx, shown).await?;
        Ok(OverduePage {
            items,
            next_page_token,
        })
    }

    /// The items of the deadlines found, with each person's name and cell on `day`.
    async fn named(
        &self,
        c: &impl Conn,
        found: Vec<Found>,
        day: NaiveDate,
    ) -> Result<Vec<OverdueItem>> {
        let names = overdue::names(c, found.iter().map(|f| f.person_id).collect()).await?;
        let mut items = Vec::with_capacity(found.len());
        for f in found {
            let (_, external_id, full_name) = names
                .iter()
                .find(|(id, _, _)| *id == f.person_id)
                .ok_or_else(|| Error::Internal(format!("person {} vanished", f.person_id)))?;
            let cell = people::cell_on(c, f.person_id, day).await?.map(|c| c.code);
            let person = ExternalId::parse("person", external_id)
                .map_err(|v| Error::Internal(format!("stored person id: {}", v.msg.en)))?;
            let due = f.deadline.due;
            items.push(OverdueItem {
                person,
                full_name: full_name.clone(),
                cell,
                overdue: due <= day,
                working_days_late: self.rules.calendar.working_days_between(due, day),
                deadline: Deadline {
                    overdue: due < day,
                    ..f.deadline
                },
                next: f.next,
            });
        }
        Ok(items)
    }
}

/// The sort key of an item, also its page-token key: due date, person, decision.
fn key(item: &OverdueItem) -> String {
    format!(
        "{} {} {}",
        item.deadline.due,
        item.person.as_str(),
        item.next.as_str()
    )
}
