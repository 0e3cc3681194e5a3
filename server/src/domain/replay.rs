//! Replaying a person's stored decisions: the one walk over them that judging, the derived state,
//! the case view, the report figures, the overdue list and verification all read.

use chrono::NaiveDate;
use uuid::Uuid;

use super::{
    Error,
    admission::{CaseState, DecisionKind, History, Membership},
    decision::Decision,
    member::Member,
    org::OrgKind,
    tally::Step,
};

/// A decision as stored: its row, its place among the person's decisions, and the cell it
/// counts in.
#[derive(Clone, Debug)]
pub struct StoredDecision {
    pub id: Uuid,
    /// Its place among the person's decisions, in submission order.
    pub person_seq: i32,
    /// The person's cell on the decision date.
    pub cell_id: Uuid,
    /// That cell's kind.
    pub cell_kind: OrgKind,
    pub decision: Decision,
}

/// What a person's stored decisions add up to.
#[derive(Clone, Debug)]
pub struct Replay<'a> {
    /// The cases and the membership.
    pub history: History,
    /// The decisions applied, in order: the non-revoked ones that are not revocations.
    pub applied: Vec<&'a StoredDecision>,
    /// The state of the open case just before each applied decision (none outside a case).
    case_before: Vec<Option<CaseState>>,
}

/// A stored decision that does not apply onto the ones before it, and why.
#[derive(Debug)]
pub struct Unreplayable<'a> {
    pub error: Error,
    pub at: &'a StoredDecision,
}

impl Unreplayable<'_> {
    /// The stored data breaks the state machine: an internal error, naming the decision.
    pub fn into_internal(self) -> Error {
        Error::Internal(format!(
            "stored decisions do not replay at {}: {}",
            self.at.decision.external_id, self.error
        ))
    }
}

/// The non-revoked decisions that are not revocations: the ones a replay applies.
pub fn replayable(stored: &[StoredDecision]) -> impl Iterator<Item = &StoredDecision> {
    stored
        .iter()
        .filter(|r| r.decision.revoked_by.is_none() && r.decision.kind() != DecisionKind::Revoke)
}

/// The date of the latest decision among `stored` that is not revoked (a revocation itself
/// included): what a membership registered from earlier records must begin after.
pub fn latest_decision_date(stored: &[StoredDecision]) -> Option<NaiveDate> {
    stored
        .iter()
        .filter(|s| s.decision.revoked_by.is_none())
        .map(|s| s.decision.date)
        .max()
}

/// Replays `stored` (in submission order) into a history. A registered membership is where
/// member decisions start from; the admission decisions are replayed without it (see
/// [`History::registered`]). `skip` leaves one decision out: a revocation's target, to see
/// whether a later one depends on it.
pub fn replay<'a>(
    stored: &'a [StoredDecision],
    registered: Option<&Member>,
    skip: Option<Uuid>,
) -> Result<Replay<'a>, Unreplayable<'a>> {
    replay_rows(
        replayable(stored).filter(|r| Some(r.id) != skip),
        registered,
    )
}

/// [`replay`] of the decisions dated on or before `day`: the person as the records stood that
/// day (a decision dated later, and what it says, was not known then). Dates never go
/// backwards along a case or a member, so this keeps a prefix of each.
pub fn replay_until<'a>(
    stored: &'a [StoredDecision],
    registered: Option<&Member>,
    day: NaiveDate,
) -> Result<Replay<'a>, Unreplayable<'a>> {
    replay_rows(
        replayable(stored).filter(|r| r.decision.date <= day),
        registered,
    )
}

fn replay_rows<'a>(
    rows: impl Iterator<Item = &'a StoredDecision>,
    registered: Option<&Member>,
) -> Result<Replay<'a>, Unreplayable<'a>> {
    let mut history = match registered {
        Some(member) => History::registered(member.clone()),
        None => History::new(Membership::None),
    };
    let mut applied = Vec::new();
    let mut case_before = Vec::new();
    for row in rows {
        let before = history.open_case().map(|case| case.state);
        history
            .apply_decision(&row.decision.details, row.decision.date, row.cell_kind)
            .map_err(|error| Unreplayable { error, at: row })?;
        applied.push(row);
        case_before.push(before);
    }
    Ok(Replay {
        history,
        applied,
        case_before,
    })
}

impl Replay<'_> {
    /// The applied decisions as the figures read them.
    pub fn steps(&self) -> Vec<Step<'_>> {
        self.applied
            .iter()
            .zip(&self.case_before)
            .map(|(row, before)| Step {
                date: row.decision.date,
                cell: row.cell_id,
                details: &row.decision.details,
                case_before: *before,
            })
            .collect()
    }
}
