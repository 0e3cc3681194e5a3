//! Revoking a decision: allowed while no later decision depends on it; the person's state is then
//! derived again without it.

use chrono::NaiveDate;
use uuid::Uuid;

use super::{
    Submitted, case_cells,
    judge::{check_body, store},
    replay, view_in,
};
use crate::{
    app::App,
    domain::{
        Error, Reason, Result,
        admission::DecisionKind,
        decision::{Decision, NewDecision},
        org::Organization,
        person::ExternalId,
    },
    store::{
        Tx, cases,
        decisions::{self, DecisionRow},
        members,
        people::{self, CellOnDay, PersonRow},
    },
};

impl App {
    /// Stores a REVOKE of `revokes`, or refuses it.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn revoke(
        &self,
        tx: &Tx,
        actor: &str,
        new: NewDecision,
        revokes: &ExternalId,
        person: &PersonRow,
        cell: &CellOnDay,
        (body_id, body): (Uuid, &Organization),
        stored: &[DecisionRow],
    ) -> Result<Submitted> {
        let Some(target) = stored.iter().find(|r| &r.decision.external_id == revokes) else {
            return Err(match decisions::find(tx, revokes).await? {
                Some(_) => illegal(
                    format!("Quyết định {revokes} không phải của người {}", new.person),
                    format!("decision {revokes} is not about {}", new.person),
                ),
                None => Error::NotFound {
                    reason: Reason::DecisionNotFound,
                    msg: crate::domain::Msg::new(
                        format!("Không có quyết định mã {revokes}"),
                        format!("no decision with id {revokes}"),
                    ),
                },
            });
        };
        if target.decision.revoked_by.is_some() {
            return Err(illegal(
                format!("Quyết định {revokes} đã bị hủy trước đó"),
                format!("decision {revokes} is already revoked"),
            ));
        }
        if target.decision.kind() == DecisionKind::Revoke {
            return Err(illegal(
                "Không thể hủy một quyết định hủy; hãy ghi lại quyết định ban đầu".to_owned(),
                "a revocation cannot be revoked; record the original decision again".to_owned(),
            ));
        }
        check_body(tx, cell, body_id, body, new.date).await?;
        not_before(new.date, target.decision.date)?;
        let (history, applied) = replay(stored, Some(target.id)).map_err(|(_, row)| {
            illegal(
                format!(
                    "Không thể hủy {revokes}: quyết định {} ({}) dựa vào nó",
                    row.decision.external_id,
                    row.decision.kind().label_vi()
                ),
                format!(
                    "cannot revoke {revokes}: decision {} ({}) depends on it",
                    row.decision.external_id,
                    row.decision.kind().as_str()
                ),
            )
        })?;

        let decision = Decision {
            external_id: new
                .external_id
                .clone()
                .unwrap_or_else(ExternalId::generated),
            person: new.person.clone(),
            date: new.date,
            number: new.number.clone(),
            body: new.body.clone(),
            cell: cell.code.clone(),
            reason: new.reason.clone(),
            details: new.details.clone(),
            actor: actor.to_owned(),
            rulebook: self.rules.rulebooks.on(new.date).id.clone(),
            flags: Vec::new(),
            revoked_by: None,
        };
        let id = store(tx, &decision, person.id, cell.id, body_id).await?;
        decisions::mark_revoked(tx, target.id, id).await?;
        if target.decision.kind() == DecisionKind::Admit {
            members::delete_admitted(tx, target.id).await?;
        }
        let current_cell = people::latest_cell(tx, person.id).await?.cell_id;
        cases::replace(tx, person.id, &case_cells(&history, &applied, current_cell)).await?;
        // The person's record shows the case state and membership: a new etag.
        people::touch_if_unchanged(tx, person.id, person.person.version).await?;
        Ok(Submitted {
            case: view_in(&self.rules, tx, person.id, &new.person, self.clock.today()).await?,
            decision,
            warnings: Vec::new(),
        })
    }
}

fn illegal(vi: String, en: String) -> Error {
    Error::refused(Reason::IllegalTransition, vi, en)
}

fn not_before(date: NaiveDate, target: NaiveDate) -> Result<()> {
    if date >= target {
        return Ok(());
    }
    Err(Error::refused(
        Reason::DateBeforePreviousStep,
        format!("Quyết định hủy ngày {date} không thể trước quyết định bị hủy (ngày {target})"),
        format!("the revocation of {date} cannot precede the decision it revokes ({target})"),
    ))
}
