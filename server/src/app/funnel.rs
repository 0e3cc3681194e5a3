//! The admission funnel (DESIGN §5): for each case state, the cases that entered it in a year
//! in a subtree, and how many of them were admitted by a day. Reads only the persons with a
//! decision in the subtree that year, never every member.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use uuid::Uuid;

use super::{App, Ctx};
use crate::{
    domain::{
        Error, Result,
        access::Operation,
        admission::{CaseState, History, Membership},
        org::OrgCode,
        replay::replayable,
        tally::Tree,
        target::FIRST_YEAR,
    },
    store::{decisions, orgs, tallies},
};

/// One stage of the funnel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FunnelStage {
    pub state: CaseState,
    /// Cases that entered the state in the year, in the subtree on that day.
    pub entered: i64,
    /// Of those, the cases admitted by the day asked for.
    pub admitted: i64,
}

impl App {
    /// The funnel of `org`'s subtree (all roots without one) for the cases' steps dated in
    /// `year`, admissions counted up to `as_of` (default today).
    pub async fn funnel(
        &self,
        ctx: &Ctx,
        org: Option<&OrgCode>,
        year: i32,
        as_of: Option<NaiveDate>,
    ) -> Result<(NaiveDate, Vec<FunnelStage>)> {
        let bounded = self.bounded(ctx, Operation::ReadStatistics, org).await?;
        let org = bounded.as_ref();
        self.loading.check()?;
        let today = self.clock.today();
        let as_of = as_of.unwrap_or(today);
        let (Some(first), Some(last)) = (
            NaiveDate::from_ymd_opt(year, 1, 1),
            NaiveDate::from_ymd_opt(year, 12, 31),
        ) else {
            return Err(super::report::year_out_of_range(year, today.year()));
        };
        if !(FIRST_YEAR..=today.year()).contains(&year) {
            return Err(super::report::year_out_of_range(year, today.year()));
        }
        let reader = self.store.reader();
        let scope = match org {
            Some(code) => {
                let id = super::report::org_of_year(reader, code, year).await?;
                Some((id, orgs::ever_under(reader, id).await?))
            }
            None => None,
        };
        let cells = scope.as_ref().map(|(_, under)| under.clone());
        let persons = tallies::persons_deciding(reader, cells, first, last).await?;
        let mut counts: BTreeMap<CaseState, (i64, i64)> = BTreeMap::new();
        for person_id in persons {
            let stored = decisions::of_person(reader, person_id).await?;
            let tree = tallies::tree(reader, stored.iter().map(|r| r.cell_id)).await?;
            let inside = |cell: Uuid, day: NaiveDate| {
                scope
                    .as_ref()
                    .is_none_or(|(id, _)| tree.chain(cell, day).contains(id))
            };
            // Each case: the states it entered in the year inside the subtree, and whether it
            // was admitted by `as_of`.
            let mut history = History::new(Membership::None);
            let mut entered: Vec<(usize, CaseState)> = Vec::new();
            for row in replayable(&stored) {
                if row.decision.kind().is_member_decision() {
                    continue;
                }
                let before = history.open_case().map(|c| (history.cases.len(), c.state));
                history
                    .apply_decision(&row.decision.details, row.decision.date, row.cell_kind)
                    .map_err(|e| Error::Internal(format!("stored decisions do not replay: {e}")))?;
                let Some(case) = history.latest() else {
                    continue;
                };
                let now = (history.cases.len(), case.state);
                let date = row.decision.date;
                if before != Some(now) && date.year() == year && inside(row.cell_id, date) {
                    entered.push(now);
                }
            }
            for (case, state) in entered {
                let admitted = history.cases.get(case - 1).is_some_and(|c| {
                    c.state == CaseState::Admitted && c.closed_on.is_some_and(|d| d <= as_of)
                });
                let slot = counts.entry(state).or_default();
                slot.0 += 1;
                slot.1 += i64::from(admitted);
            }
        }
        let stages = CaseState::ALL
            .into_iter()
            .map(|state| {
                let (entered, admitted) = counts.get(&state).copied().unwrap_or((0, 0));
                FunnelStage {
                    state,
                    entered,
                    admitted,
                }
            })
            .collect();
        Ok((as_of, stages))
    }
}
