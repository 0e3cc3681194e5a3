//! `AdminService.Verify`: checks that the derived state stored with the decisions, and the
//! year-report aggregates, equal a recount from the decisions themselves.

use super::{App, Ctx, tallies::person_tally};
use crate::{
    app::access::Target,
    domain::{
        Result,
        access::Operation,
        tally::{ALL, Tally},
    },
    store::{
        cases, decisions,
        members::{self, StoredLife},
        orgs, people, ratings, tallies,
    },
};

/// What a verification found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Verification {
    /// Persons recounted: whose decisions were replayed, or whose figures were recounted from
    /// their registration (a member registered from earlier records has no decision to replay).
    pub persons_checked: usize,
    /// One line per difference, naming the person; empty when everything agrees.
    pub differences: Vec<String>,
}

impl App {
    /// Every difference between the stored cases, memberships and ratings and what the stored
    /// decisions replay into, one line each. Reads person by person: a national deployment
    /// verifies for a long time, but in bounded memory.
    pub async fn verify(&self, ctx: &Ctx) -> Result<Verification> {
        self.authorize(ctx, Operation::Verify, Target::Everything)
            .await?;
        let reader = self.store.reader();
        let mut differences = Vec::new();
        let persons = decisions::persons_with_decisions(reader).await?;
        for person_id in &persons {
            let person_id = *person_id;
            let before = differences.len();
            let stored = decisions::of_person(reader, person_id).await?;
            let current_cell = people::latest_cell(reader, person_id).await?.cell_id;
            let registered = members::registration(reader, person_id).await?;
            let derived = match super::decisions::derive(&stored, registered.as_ref(), current_cell)
            {
                Ok(cases) => cases,
                Err(e) => {
                    differences.push(format!("person {person_id}: decisions do not replay: {e}"));
                    continue;
                }
            };
            let kept = cases::of_person(reader, person_id).await?;
            let kept: Vec<_> = kept
                .into_iter()
                .map(|c| {
                    let dates = [c.latest_certificate, c.latest_introductions, c.cell_vote];
                    (
                        c.state,
                        c.cell_id,
                        c.opened_on,
                        c.last_date,
                        c.closed_on,
                        dates,
                    )
                })
                .collect();
            let derived: Vec<_> = derived
                .into_iter()
                .map(|(c, cell)| {
                    let dates = [c.latest_certificate, c.latest_introductions, c.cell_vote];
                    let state = c.state.as_str().to_owned();
                    (state, cell, c.opened_on, c.last_date, c.closed_on, dates)
                })
                .collect();
            if kept != derived {
                differences.push(format!(
                    "person {person_id}: stored {kept:?}, derived {derived:?}"
                ));
            }
            let life = super::decisions::member_life(reader, person_id).await?;
            let kept = members::stored_life(reader, person_id).await?;
            let derived = life.as_ref().map(StoredLife::of);
            if kept != derived {
                differences.push(format!(
                    "person {person_id}: member stored {kept:?}, derived {derived:?}"
                ));
            }
            let kept = ratings::of_person(reader, person_id).await?;
            let derived: Vec<(i32, String)> = life
                .iter()
                .flat_map(|l| l.ratings.iter())
                .map(|(year, grade)| (*year, grade.as_str().to_owned()))
                .collect();
            if kept != derived {
                differences.push(format!(
                    "person {person_id}: ratings stored {kept:?}, derived {derived:?}"
                ));
            }
            // Name the person as clerks and departments know them.
            if differences.len() > before {
                let name = people::external_id_of(reader, person_id).await?;
                for line in &mut differences[before..] {
                    *line =
                        line.replacen(&format!("person {person_id}"), &format!("people/{name}"), 1);
                }
            }
        }
        let recounted = self.verify_aggregates(&mut differences).await?;
        Ok(Verification {
            persons_checked: recounted,
            differences,
        })
    }

    /// Compares the kept aggregates with what every person adds to the figures, recounted from
    /// their decisions, registration, cells and attributes; one line per figure that differs.
    /// Answers how many persons it recounted: everyone with a decision or a registration.
    async fn verify_aggregates(&self, differences: &mut Vec<String>) -> Result<usize> {
        let reader = self.store.reader();
        let mut persons = decisions::persons_with_decisions(reader).await?;
        persons.extend(members::persons(reader).await?);
        persons.sort_unstable();
        persons.dedup();
        let recounted = persons.len();
        let mut recount = Tally::default();
        for person_id in persons {
            recount.merge(&person_tally(&self.rules, reader, person_id).await?, 1);
        }
        let kept = tallies::everything(reader).await?;
        let mut gap = kept.clone();
        gap.merge(&recount, -1);
        for (org, year, figure, difference) in gap.entries() {
            let name = if org == ALL {
                "all roots".to_owned()
            } else {
                format!("organizations/{}", orgs::code_of(reader, org).await?)
            };
            let stored = kept.get(org, year, figure);
            differences.push(format!(
                "{name}: {year} {} kept {stored}, recounted {}",
                figure.name(),
                stored - difference
            ));
        }
        Ok(recounted)
    }
}
