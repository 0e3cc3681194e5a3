//! Decision use cases: judge a decision against the case its person's decisions add up to and
//! the rulebook of its date, and store it with the derived state in one transaction.

mod judge;
mod list;
mod member;
mod revoke;

pub use list::{DecisionPage, DecisionScope};

use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    App, Ctx, Rules,
    access::Target,
    idempotency::{Started, Via, Write},
    tallies::{PersonRecord, Touched},
};
use crate::{
    domain::{
        Error, Reason, Result,
        access::Operation,
        admission::{CaseState, DecisionKind, Details},
        decision::{
            ADMISSION_DECISION_DUE, Deadline, Decision, MAX_BATCH, NewDecision,
            OVERDUE_ADMISSION_DECISION,
        },
        details::Grade,
        member::Member,
        org::{OrgCode, OrgTree},
        person::ExternalId,
        replay::{Replay, StoredDecision, Unreplayable, replay, replay_until},
        sync::{DecisionRecord, Record},
        tally::Tally,
    },
    store::{
        Tx, cases, decisions, members,
        orgs::Lock,
        people::{self, Decided},
    },
};

/// What a submitted decision led to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Submitted {
    pub decision: Decision,
    /// The case after it (none when a revocation removed the only case).
    pub case: Option<CaseView>,
    /// What the clerk should check, in Vietnamese; nothing was refused for it.
    pub warnings: Vec<String>,
}

/// A person's latest case, with its timeline and deadlines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseView {
    pub person: ExternalId,
    pub state: CaseState,
    /// The cell of the case's latest decision.
    pub cell: OrgCode,
    /// The rulebook in force today.
    pub rulebook: String,
    /// The case's decisions in submission order, revoked ones and revocations included.
    pub timeline: Vec<Decision>,
    pub deadlines: Vec<Deadline>,
}

impl App {
    /// Judges one decision and stores it, or refuses it and stores nothing.
    pub async fn submit_decision(&self, ctx: &Ctx, new: NewDecision) -> Result<Submitted> {
        self.retrying(ctx, new, |new| {
            self.submit_decision_once(ctx, Via::Own, new)
        })
        .await
    }

    /// One attempt of [`Self::submit_decision`].
    pub(crate) async fn submit_decision_once(
        &self,
        ctx: &Ctx,
        via: Via<'_>,
        new: NewDecision,
    ) -> Result<Submitted> {
        self.authorize_write(ctx, via, Operation::Decide, &[Target::Person(&new.person)])
            .await?;
        let write = match self.start(ctx, via, "SubmitDecision", &new).await? {
            Started::Replayed(answer) => return Ok(answer),
            Started::Fresh(write) => write,
        };
        let mut quota = Vec::new();
        let mut touched = Touched::default();
        let submitted = self
            .judge(write.tx(), write.actor(), new, &mut quota, &mut touched)
            .await?;
        member::check_quota(write.tx(), &self.rules, &quota).await?;
        write.settle(touched, &self.rules).await?;
        changed(&write, &submitted.decision);
        self.finish(write, submitted).await
    }

    /// Judges decisions in order, each against the state the earlier ones left, and stores all
    /// of them or none.
    pub async fn submit_batch(&self, ctx: &Ctx, batch: Vec<NewDecision>) -> Result<Vec<Submitted>> {
        self.retrying(ctx, batch, |batch| {
            self.submit_batch_once(ctx, Via::Own, batch)
        })
        .await
    }

    /// One attempt of [`Self::submit_batch`].
    pub(crate) async fn submit_batch_once(
        &self,
        ctx: &Ctx,
        via: Via<'_>,
        batch: Vec<NewDecision>,
    ) -> Result<Vec<Submitted>> {
        if batch.len() > MAX_BATCH {
            return Err(Error::invalid(
                Reason::BatchTooLarge,
                crate::domain::FieldViolation::new(
                    "requests",
                    format!(
                        "một lô tối đa {MAX_BATCH} quyết định, lô này có {}",
                        batch.len()
                    ),
                    format!(
                        "a batch holds at most {MAX_BATCH} decisions; this one has {}",
                        batch.len()
                    ),
                ),
            ));
        }
        let persons: Vec<Target<'_>> = batch.iter().map(|d| Target::Person(&d.person)).collect();
        self.authorize_write(ctx, via, Operation::Decide, &persons)
            .await?;
        let write = match self.start(ctx, via, "BatchSubmitDecisions", &batch).await? {
            Started::Replayed(answer) => return Ok(answer),
            Started::Fresh(write) => write,
        };
        let mut answers = Vec::with_capacity(batch.len());
        let mut quota = Vec::new();
        let mut touched = Touched::default();
        for (index, new) in batch.into_iter().enumerate() {
            let answer = self
                .judge(write.tx(), write.actor(), new, &mut quota, &mut touched)
                .await
                .map_err(|e| in_batch(e, index))?;
            answers.push(answer);
        }
        // DESIGN §4: the excellent quota is judged once, after the whole batch.
        member::check_quota(write.tx(), &self.rules, &quota).await?;
        write.settle(touched, &self.rules).await?;
        // A batch meets the excellent quota once, at its end; an import judges its lines one at
        // a time. Logging the excellent ratings after the batch's other decisions lets each line
        // of an export meet the quota as the batch did: fewer excellent ones never exceed it.
        let excellent = |a: &&Submitted| {
            matches!(
                a.decision.details,
                Details::Rate {
                    grade: Grade::Excellent,
                    ..
                }
            )
        };
        for answer in answers.iter().filter(|a| !excellent(a)) {
            changed(&write, &answer.decision);
        }
        for answer in answers.iter().filter(excellent) {
            changed(&write, &answer.decision);
        }
        self.finish(write, answers).await
    }

    /// A person's latest admission case.
    pub async fn get_case(&self, ctx: &Ctx, person: &ExternalId) -> Result<CaseView> {
        self.authorize(ctx, Operation::ReadPeople, Target::Person(person))
            .await?;
        self.audit_read(ctx, vec![format!("people/{person}")])
            .await?;
        let reader = self.store.reader();
        let row = people::get(reader, person, Lock::No).await?;
        let stored = decisions::of_person(reader, row.id).await?;
        let registered = members::registration(reader, row.id).await?;
        let replayed =
            replay(&stored, registered.as_ref(), None).map_err(Unreplayable::into_internal)?;
        case_view(&self.rules, person, &stored, &replayed, self.clock.today())?.ok_or_else(|| {
            Error::NotFound {
                reason: Reason::CaseNotFound,
                msg: crate::domain::Msg::new(
                    format!("Người {person} chưa từng có hồ sơ phát triển đảng viên"),
                    format!("{person} has never had an admission case"),
                ),
            }
        })
    }
}

/// What one decision read about its person, carried from judging to the end of the write.
pub(super) struct Deciding {
    /// The person, locked for the transaction.
    person: Decided,
    /// Their record as read once, and as the decision then changes it.
    record: PersonRecord,
    /// The tree the decision is judged on: read again, and perhaps newer, once its lineage is
    /// locked.
    tree: Arc<OrgTree>,
    /// The tree `record` was read with.
    read_with: Arc<OrgTree>,
}

impl Deciding {
    /// What the person adds to the figures before the decision, computed against the tree it
    /// is judged on. A restructuring that committed while the lineage lock waited may have
    /// moved the person (a merge of their cell): the record is then read again first.
    async fn before(&mut self, rules: &Rules, tx: &Tx) -> Result<Tally> {
        if !Arc::ptr_eq(&self.tree, &self.read_with) {
            let attributes = self.record.attributes.clone();
            self.record = PersonRecord::load(tx, self.person.id, attributes).await?;
            self.read_with = self.tree.clone();
        }
        let replayed = replay(&self.record.stored, self.record.registered.as_ref(), None)
            .map_err(Unreplayable::into_internal)?;
        let history = self.tree.history_of(self.record.orgs());
        Ok(self.record.tally(rules, &replayed, &history))
    }
}

impl App {
    /// Ends a decision's write once its rows are stored and `deciding.record` says what they
    /// are: derives and writes the person's cases and membership from one replay of it, gives
    /// the person a new etag, hands the figures before and after to `touched`, and answers
    /// with the case.
    async fn conclude(
        &self,
        tx: &Tx,
        deciding: Deciding,
        before: Tally,
        touched: &mut Touched,
    ) -> Result<Option<CaseView>> {
        let Deciding {
            person,
            record,
            tree,
            ..
        } = deciding;
        let replayed =
            replay(&record.stored, record.registered.as_ref(), None).map_err(|u| u.error)?;
        let current_cell = record
            .cells
            .last()
            .map(|(_, cell)| *cell)
            .ok_or_else(|| Error::Internal(format!("person {} has no cell", person.id)))?;
        derive_state(tx, person.id, &replayed, current_cell).await?;
        // The person's record shows the case state and membership: a new etag.
        people::touch_if_unchanged(tx, person.id, person.version).await?;
        let history = tree.history_of(record.orgs());
        let after = record.tally(&self.rules, &replayed, &history);
        let case = case_view(
            &self.rules,
            &person.external_id,
            &record.stored,
            &replayed,
            self.clock.today(),
        )?;
        touched.decided(person.id, before, after, tree);
        Ok(case)
    }
}

/// Names the failing decision of a batch in its refusal.
fn in_batch(error: Error, index: usize) -> Error {
    let prefix = |vi: &mut String, en: &mut String| {
        *vi = format!("Quyết định thứ {} của lô: {vi}", index + 1);
        *en = format!("request {index} of the batch: {en}");
    };
    match error {
        Error::Invalid {
            reason,
            mut violations,
        } => {
            for v in &mut violations {
                v.field = format!("requests[{index}].{}", v.field);
            }
            Error::Invalid { reason, violations }
        }
        Error::NotFound { reason, mut msg } => {
            prefix(&mut msg.vi, &mut msg.en);
            Error::NotFound { reason, msg }
        }
        Error::AlreadyExists { reason, mut msg } => {
            prefix(&mut msg.vi, &mut msg.en);
            Error::AlreadyExists { reason, msg }
        }
        Error::Refused { reason, mut msg } => {
            prefix(&mut msg.vi, &mut msg.en);
            Error::Refused { reason, msg }
        }
        Error::Rules { mut broken } => {
            for b in &mut broken {
                prefix(&mut b.msg.vi, &mut b.msg.en);
            }
            Error::Rules { broken }
        }
        Error::Denied { mut msg } => {
            prefix(&mut msg.vi, &mut msg.en);
            Error::Denied { msg }
        }
        other @ (Error::Conflict { .. }
        | Error::Unauthenticated { .. }
        | Error::Overloaded { .. }
        | Error::NotReady
        | Error::Loading { .. }
        | Error::Contended(_)
        | Error::Internal(_)
        | Error::Inconsistent { .. }) => other,
    }
}

/// The cases the stored decisions replay into, each with its cell (for verification).
pub(super) fn derive(
    stored: &[StoredDecision],
    registered: Option<&Member>,
    current_cell: uuid::Uuid,
) -> Result<Vec<(crate::domain::admission::Case, uuid::Uuid)>> {
    let replayed = replay(stored, registered, None).map_err(|u| u.error)?;
    Ok(case_cells(&replayed, current_cell))
}

/// What a person's member decisions add up to; `None` when they are not a member.
pub(super) async fn member_life(
    c: &impl crate::store::Conn,
    person_id: uuid::Uuid,
) -> Result<Option<crate::domain::membership::MemberLife>> {
    member_life_until(c, person_id, NaiveDate::MAX).await
}

/// What a person's member decisions dated on or before `day` add up to: the member as the
/// records stood that day.
pub(super) async fn member_life_until(
    c: &impl crate::store::Conn,
    person_id: uuid::Uuid,
    day: NaiveDate,
) -> Result<Option<crate::domain::membership::MemberLife>> {
    let stored = decisions::of_person(c, person_id).await?;
    let registered = members::registration(c, person_id).await?;
    let replayed =
        replay_until(&stored, registered.as_ref(), day).map_err(Unreplayable::into_internal)?;
    Ok(replayed.history.member)
}

/// Writes the person's cases and membership as `replayed` derives them, in the transaction
/// that stored the latest decision. `current_cell` is the person's cell now.
async fn derive_state(
    tx: &Tx,
    person_id: uuid::Uuid,
    replayed: &Replay<'_>,
    current_cell: uuid::Uuid,
) -> Result<()> {
    cases::replace(tx, person_id, &case_cells(replayed, current_cell)).await?;
    if let Some(life) = &replayed.history.member {
        members::save_life(tx, person_id, life).await?;
    }
    Ok(())
}

/// The place the next decision about a person takes among `stored`, all of theirs.
fn next_seq(stored: &[StoredDecision]) -> i32 {
    stored.iter().map(|r| r.person_seq).max().unwrap_or(0) + 1
}

/// The cell of each case: an open case is in the person's current cell (it follows a person
/// moved while a candidate, and persons carried by a merge); a closed one stays in the cell of its
/// latest decision.
fn case_cells(
    replayed: &Replay<'_>,
    current_cell: uuid::Uuid,
) -> Vec<(crate::domain::admission::Case, uuid::Uuid)> {
    let Replay {
        history, applied, ..
    } = replayed;
    history
        .cases
        .iter()
        .enumerate()
        .filter_map(|(i, case)| {
            if case.state.is_open() {
                return Some((case.clone(), current_cell));
            }
            let end = history
                .cases
                .get(i + 1)
                .map_or(applied.len(), |next| next.first_decision);
            // Member decisions after an ADMIT are not the case's.
            applied
                .get(case.first_decision..end)?
                .iter()
                .rfind(|row| !row.decision.kind().is_member_decision())
                .map(|row| (case.clone(), row.cell_id))
        })
        .collect()
}

/// The latest case of a person as `replayed` (of `stored`) makes it, with its deadlines as of
/// `today`.
fn case_view(
    rules: &Rules,
    person: &ExternalId,
    stored: &[StoredDecision],
    replayed: &Replay<'_>,
    today: NaiveDate,
) -> Result<Option<CaseView>> {
    let Replay {
        history, applied, ..
    } = replayed;
    let Some(case) = history.latest() else {
        return Ok(None);
    };
    let Some(first) = applied.get(case.first_decision) else {
        return Err(Error::Internal(
            "a case without its first decision".to_owned(),
        ));
    };
    // The case's own decisions: member decisions (and their revocations) are the member's.
    let member_decisions: std::collections::HashSet<&ExternalId> = stored
        .iter()
        .filter(|r| r.decision.kind().is_member_decision())
        .map(|r| &r.decision.external_id)
        .collect();
    let timeline: Vec<Decision> = stored
        .iter()
        .filter(|r| r.person_seq >= first.person_seq)
        .filter(|r| {
            let revokes_member = matches!(
                &r.decision.details,
                Details::Revoke { revokes } if member_decisions.contains(revokes)
            );
            !revokes_member && !r.decision.kind().is_member_decision()
        })
        .map(|r| r.decision.clone())
        .collect();
    let cell = applied
        .iter()
        .rfind(|r| !r.decision.kind().is_member_decision())
        .map(|r| r.decision.cell.clone())
        .unwrap_or_else(|| first.decision.cell.clone());
    let live = |kind: DecisionKind| {
        timeline
            .iter()
            .find(|d| d.kind() == kind && d.revoked_by.is_none())
    };
    let mut deadlines = Vec::new();
    if let Some(vote) = case.cell_vote {
        let admit = live(DecisionKind::Admit);
        let extended = matches!(
            admit.map(|d| &d.details),
            Some(Details::Admit { extended: true })
        );
        let due = admission_due(rules, vote, extended);
        let met_on = admit.or_else(|| live(DecisionKind::Reject)).map(|d| d.date);
        deadlines.push(Deadline {
            flag: OVERDUE_ADMISSION_DECISION.to_owned(),
            description: ADMISSION_DECISION_DUE.to_owned(),
            due,
            met_on,
            overdue: met_on.map_or(today > due, |met| met > due),
        });
    }
    Ok(Some(CaseView {
        person: person.clone(),
        state: case.state,
        cell,
        rulebook: rules.rulebooks.on(today).id.clone(),
        timeline,
        deadlines,
    }))
}

/// The last day for the admission decision after a cell resolution of `vote` (DESIGN §4).
pub(super) fn admission_due(rules: &Rules, vote: NaiveDate, extended: bool) -> NaiveDate {
    let book = rules.rulebooks.on(vote);
    let days = book.admission_deadline_working_days
        + if extended {
            book.admission_extension_working_days
        } else {
            0
        };
    rules.calendar.add_working_days(vote, days)
}

/// Notes a stored decision's line, about its cell on its date.
fn changed(write: &Write, decision: &Decision) {
    write.changed(
        &Record::Decision(DecisionRecord::from(decision)),
        Some(&decision.cell),
        Some(decision.date),
    );
}
