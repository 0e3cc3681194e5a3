//! Checks that the derived state stored with the decisions equals a recount from the decisions
//! themselves (the seed of `AdminService.Verify`).

use super::App;
use crate::{
    domain::Result,
    store::{cases, decisions, people},
};

impl App {
    /// Every difference between the stored cases and the cases the stored decisions replay into,
    /// one line each; empty when they agree.
    pub async fn verify_cases(&self) -> Result<Vec<String>> {
        let reader = self.store.reader();
        let mut differences = Vec::new();
        for person_id in decisions::persons_with_decisions(reader).await? {
            let stored = decisions::of_person(reader, person_id).await?;
            let registered = super::decisions::registered(reader, person_id).await?;
            let current_cell = people::latest_cell(reader, person_id).await?.cell_id;
            let derived = match super::decisions::derive(&stored, registered, current_cell) {
                Ok(cases) => cases,
                Err(e) => {
                    differences.push(format!("person {person_id}: decisions do not replay: {e}"));
                    continue;
                }
            };
            let kept = cases::of_person(reader, person_id).await?;
            let kept: Vec<_> = kept
                .into_iter()
                .map(|c| (c.state, c.cell_id, c.opened_on, c.last_date, c.closed_on))
                .collect();
            let derived: Vec<_> = derived
                .into_iter()
                .map(|(c, cell)| {
                    (
                        c.state.as_str().to_owned(),
                        cell,
                        c.opened_on,
                        c.last_date,
                        c.closed_on,
                    )
                })
                .collect();
            if kept != derived {
                differences.push(format!(
                    "person {person_id}: stored {kept:?}, derived {derived:?}"
                ));
            }
        }
        Ok(differences)
    }
}
