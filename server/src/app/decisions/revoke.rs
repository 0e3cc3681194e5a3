//! Revoking a decision: allowed while no later decision depends on it; the person's state is then
//! derived again without it.

use chrono::NaiveDate;
use uuid::Uuid;

use super::{Deciding, Submitted, judge::store, next_seq};
use crate::{
    app::{App, tallies::Touched},
    domain::{
        Error, Reason, Result,
        admission::DecisionKind,
        decision::{Decision, NewDecision},
        org::Organization,
        person::ExternalId,
        replay::{StoredDecision, Unreplayable, replay},
    },
    store::{
        Tx, decisions, members,
        orgs::{self, Lock},
        people::{self, CellOnDay},
        ratings,
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
        mut deciding: Deciding,
        cell: &CellOnDay,
        (body_id, body): (Uuid, &Organization),
        touched: &mut Touched,
    ) -> Result<Submitted> {
        let stored = &deciding.record.stored;
        let person_id = deciding.person.id;
        let Some(target) = stored.iter().find(|r| &r.decision.external_id == revokes) else {
            return Err(match decisions::exists(tx, revokes).await? {
                true => illegal(
                    format!("Quyết định {revokes} không phải của người {}", new.person),
                    format!("decision {revokes} is not about {}", new.person),
                ),
                false => Error::NotFound {
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
        // DESIGN §4: a wrong state (a later decision depending on this one) is named before a
        // wrong body or date.
        let registered = deciding.record.registered.as_ref();
        replay(stored, registered, Some(target.id)).map_err(
            |Unreplayable { at: row, .. }| {
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
            },
        )?;
        let target = target.clone();
        let moves = target.decision.details.moves_member_to().is_some();
        let source;
        let cell = if moves {
            check_undo(tx, person_id, &target, stored).await?;
            // The member goes back to the cell the transfer took them from: the revocation is
            // judged, and counts, there.
            let day_before = target
                .decision
                .date
                .pred_opt()
                .unwrap_or(target.decision.date);
            source = people::cell_on(tx, person_id, day_before)
                .await?
                .ok_or_else(|| Error::Internal("a transfer without a cell before it".to_owned()))?;
            &source
        } else {
            cell
        };
        self.check_body(tx, &mut deciding.tree, cell, body_id, body, new.date)
            .await?;
        not_before(new.date, target.decision.date)?;

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
        let before = deciding.before(&self.rules, tx).await?;
        if moves {
            people::undo_latest_cell(tx, person_id).await?;
        }
        let seq = next_seq(&deciding.record.stored);
        let id = store(tx, &decision, person_id, seq, (cell.id, None), body_id).await?;
        decisions::mark_revoked(tx, target.id, id).await?;
        // The rows an ADMIT or a RATE made count nowhere once revoked.
        if target.decision.kind() == DecisionKind::Admit {
            members::delete_admitted(tx, target.id).await?;
        }
        if target.decision.kind() == DecisionKind::Rate {
            ratings::delete_of_decision(tx, target.id).await?;
        }
        // The record as the revocation leaves it, without reading it back.
        let record = &mut deciding.record;
        for row in &mut record.stored {
            if row.id == target.id {
                row.decision.revoked_by = Some(decision.external_id.clone());
            }
        }
        record.stored.push(StoredDecision {
            id,
            person_seq: seq,
            cell_id: cell.id,
            cell_kind: cell.kind,
            decision: decision.clone(),
        });
        if moves {
            record.cells.pop();
        }
        if target.decision.kind() == DecisionKind::Admit {
            record.registered = members::registration(tx, person_id).await?;
        }
        let case = self.conclude(tx, deciding, before, touched).await?;
        Ok(Submitted {
            case,
            decision,
            warnings: Vec::new(),
        })
    }
}

/// Whether a member can be put back in the cell a transfer took them from. Every later decision
/// was judged in the destination cell, so the transfer must be the member's latest decision and
/// their latest cell change; otherwise it is refused, and the later decisions must be revoked
/// first.
async fn check_undo(
    tx: &Tx,
    person_id: Uuid,
    target: &StoredDecision,
    stored: &[StoredDecision],
) -> Result<()> {
    let later = stored.iter().find(|r| {
        r.person_seq > target.person_seq
            && r.decision.revoked_by.is_none()
            && r.decision.kind() != DecisionKind::Revoke
    });
    let latest = people::latest_cell(tx, person_id).await?;
    if let Some(row) = later {
        return Err(illegal(
            format!(
                "Không thể hủy quyết định chuyển sinh hoạt {}: quyết định {} ({}) được ghi ở chi bộ mới sau đó; hãy hủy nó trước",
                target.decision.external_id,
                row.decision.external_id,
                row.decision.kind().label_vi()
            ),
            format!(
                "cannot revoke transfer {}: decision {} was recorded in the new cell after it; revoke that first",
                target.decision.external_id, row.decision.external_id
            ),
        ));
    }
    // The cell the member would go back to must still exist: one merged or dissolved since
    // cannot take them back (they were not in it when it ended).
    let day_before = target
        .decision
        .date
        .pred_opt()
        .unwrap_or(target.decision.date);
    if let Some(source) = people::cell_on(tx, person_id, day_before).await? {
        let source = orgs::get(tx, &source.code, Lock::No).await?;
        if let Some(ended) = source.org.valid_to {
            return Err(illegal(
                format!(
                    "Không thể hủy quyết định chuyển sinh hoạt {}: chi bộ {} đã kết thúc ngày {ended}; hãy ghi quyết định chuyển sinh hoạt mới",
                    target.decision.external_id, source.org.code
                ),
                format!(
                    "cannot revoke transfer {}: cell {} ended on {ended}; record a new transfer instead",
                    target.decision.external_id, source.org.code
                ),
            ));
        }
    }
    if latest.valid_from != target.decision.date {
        return Err(illegal(
            format!(
                "Không thể hủy quyết định chuyển sinh hoạt {}: chi bộ của đảng viên đã đổi lại từ ngày {}",
                target.decision.external_id, latest.valid_from
            ),
            format!(
                "cannot revoke transfer {}: the member's cell changed again on {}",
                target.decision.external_id, latest.valid_from
            ),
        ));
    }
    Ok(())
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
