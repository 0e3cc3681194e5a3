//! Judging one decision (not a revocation) inside a write transaction.

use chrono::NaiveDate;
use uuid::Uuid;

use std::sync::Arc;

use super::{
    Deciding, Submitted, admission_due,
    member::{late_flags, move_member, record_rating},
    member_life, next_seq,
};
use crate::{
    app::{
        App,
        tallies::{PersonRecord, Touched},
        tree,
    },
    domain::{
        Error, Reason, Result,
        admission::{
            Details,
            rules::{self, SponsorFacts},
        },
        dates::not_in_future,
        decision::{Decision, NewDecision, OVERDUE_ADMISSION_DECISION},
        member,
        org::{OrgTree, Organization},
        person::ExternalId,
        replay::{StoredDecision, Unreplayable, replay},
    },
    store::{
        Tx,
        decisions::{self, NewRow},
        members,
        orgs::{self, Lock},
        people::{self, CellOnDay},
    },
};

impl App {
    /// Judges `new` and stores it with the state it leads to, or refuses it.
    /// A RATE of `excellent` pushes its (grassroots organisation, year) onto `quota`, for
    /// [`check_quota`] once the whole batch is judged.
    pub(super) async fn judge(
        &self,
        tx: &Tx,
        actor: &str,
        new: NewDecision,
        quota: &mut Vec<(Uuid, i32)>,
        touched: &mut Touched,
    ) -> Result<Submitted> {
        let today = self.clock.today();
        not_in_future("decision.decision_date", new.date, today)?;
        let person = people::lock_decided(tx, &new.person).await?;
        let mut tree = self.tree.get(tx).await?;
        let read_with = tree.clone();
        if let Some(id) = &new.external_id
            && decisions::exists(tx, id).await?
        {
            return Err(decisions::already_exists(id));
        }
        let Some(cell) = people::cell_on(tx, person.id, new.date).await? else {
            // The start of the whole recorded history, not of the current cell: a person who
            // moved since has cells on days before the current one began.
            let first = match people::cell_history(tx, person.id).await?.first() {
                Some(interval) => interval.from,
                None => people::latest_cell(tx, person.id).await?.valid_from,
            };
            return Err(Error::refused(
                Reason::DateBeforePreviousStep,
                format!(
                    "Ngày {} trước ngày {} vào chi bộ ({first}): mọi quyết định tính ở chi bộ của ngày quyết định",
                    new.date, new.person
                ),
                format!(
                    "{} is before {} joined a cell ({first}): every decision counts in the cell of its date",
                    new.date, new.person
                ),
            ));
        };
        // The one read of the person's record: the replay judges on it, and the figures before
        // and after are computed from it and from what this decision adds to it.
        let record = PersonRecord::load(tx, person.id, person.attributes.clone()).await?;
        let body = orgs::get_without_parent(tx, &new.body).await?;
        if let Details::Revoke { revokes } = &new.details {
            let revokes = revokes.clone();
            let deciding = Deciding {
                person,
                record,
                tree,
                read_with,
            };
            return self
                .revoke(
                    tx,
                    actor,
                    new,
                    &revokes,
                    deciding,
                    &cell,
                    (body.id, &body.org),
                    touched,
                )
                .await;
        }

        let replayed = replay(&record.stored, record.registered.as_ref(), None)
            .map_err(Unreplayable::into_internal)?;
        let mut history = replayed.history.clone().judging();
        // DESIGN §4: a wrong state is named alone, then a wrong body, then a date out of order.
        let destination;
        match history.apply_decision(&new.details, new.date, cell.kind) {
            Err(e) if e.reason() != Reason::DateBeforePreviousStep => return Err(e),
            stepped => {
                destination = self
                    .transfer_destination(tx, &mut tree, &new.details, &cell, new.date)
                    .await?;
                self.check_body(tx, &mut tree, &cell, body.id, &body.org, new.date)
                    .await?;
                stepped?;
            }
        }

        let book = self.rules.rulebooks.on(new.date);
        let case = history.open_case().or(history.latest()).cloned();
        let case = || {
            case.clone()
                .ok_or_else(|| Error::Internal("a decision applied without a case".to_owned()))
        };
        let mut warnings = Vec::new();
        let broken = match &new.details {
            Details::RecordIntroductions {
                sponsors,
                union_resolution,
            } => {
                let mut facts = Vec::with_capacity(sponsors.len());
                for sponsor in sponsors {
                    facts.push(
                        sponsor_facts(
                            tx,
                            &tree,
                            &cell,
                            new.date,
                            &sponsor.person,
                            sponsor.known_since,
                        )
                        .await?,
                    );
                }
                rules::introductions(book, &person.facts, new.date, &facts, *union_resolution)
            }
            Details::RecordCellVote {
                votes_for,
                full_members,
                age_consent,
                ..
            } => {
                let counted = members::official_in_cell(tx, cell.id, new.date).await?;
                if counted != u64::from(*full_members) {
                    warnings.push(format!(
                        "Nghị quyết ghi chi bộ có {full_members} đảng viên chính thức, dữ liệu của hệ thống đếm được {counted}; hãy kiểm tra lại"
                    ));
                }
                rules::cell_vote(
                    book,
                    &person.facts,
                    &case()?,
                    new.date,
                    *votes_for,
                    *full_members,
                    age_consent.is_some(),
                )
            }
            Details::RecordCommitteeVote { votes_for, members } => {
                rules::committee_vote(*votes_for, *members)
            }
            Details::RecognizeSympathizer { mentors } => {
                for mentor in mentors {
                    people::get(tx, mentor, Lock::No).await?;
                }
                Vec::new()
            }
            Details::RecordRecognitionVote {
                votes_for,
                full_members,
                ..
            } => {
                let counted = members::official_in_cell(tx, cell.id, new.date).await?;
                if counted != u64::from(*full_members) {
                    warnings.push(format!(
                        "Nghị quyết ghi chi bộ có {full_members} đảng viên chính thức, dữ liệu của hệ thống đếm được {counted}; hãy kiểm tra lại"
                    ));
                }
                rules::recognition_vote(*votes_for, *full_members)
                    .into_iter()
                    .collect()
            }
            Details::Rate {
                year, grade, score, ..
            } => self
                .rules
                .rulebooks
                .grading(*year)
                .check(*grade, *score)
                .into_iter()
                .collect(),
            Details::Nominate
            | Details::RecordCourse { .. }
            | Details::OpenDossier
            | Details::ConcludeBackgroundCheck
            | Details::Admit { .. }
            | Details::Reject
            | Details::Withdraw
            | Details::Drop
            | Details::Revoke { .. }
            | Details::HoldCeremony
            | Details::Recognize { .. }
            | Details::StrikeOff
            | Details::Transfer { .. }
            | Details::RecordDeath
            | Details::Expel
            | Details::AcceptResignation
            | Details::Exempt { .. }
            | Details::Suspend { .. }
            | Details::Discipline { .. }
            | Details::IssueCard { .. }
            | Details::IntroduceToResidence { .. } => Vec::new(),
        };
        Error::check_rules(broken)?;

        let mut flags = Vec::new();
        if let Details::Admit { extended } = &new.details
            && let Some(vote) = case()?.cell_vote
            && new.date > admission_due(&self.rules, vote, *extended)
        {
            flags.push(OVERDUE_ADMISSION_DECISION.to_owned());
        }
        if let Some(after) = &history.member {
            flags.extend(late_flags(&self.rules, after, new.details.kind(), new.date));
        }
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
            // A grading is judged by the rulebook of the year graded (DESIGN §4).
            rulebook: if let Details::Rate { year, .. } = &new.details {
                self.rules.rulebooks.grading(*year).id.clone()
            } else {
                book.id.clone()
            },
            flags,
            revoked_by: None,
        };
        let mut deciding = Deciding {
            person,
            record,
            tree,
            read_with,
        };
        let before = deciding.before(&self.rules, tx).await?;
        let person = &deciding.person;
        let seq = next_seq(&deciding.record.stored);
        let decision_id = store(
            tx,
            &decision,
            person.id,
            seq,
            (cell.id, destination),
            body.id,
        )
        .await?;
        if matches!(new.details, Details::Admit { .. }) {
            members::insert(
                tx,
                person.id,
                &member::admitted(new.date),
                Some(decision_id),
            )
            .await?;
        }
        if let Some(destination) = destination {
            move_member(tx, person.id, destination, new.date).await?;
        }
        if let Details::Rate {
            year, grade, score, ..
        } = new.details
        {
            let rating = (year, grade, score);
            let at = (deciding.tree.as_ref(), &cell, new.date);
            record_rating(tx, person.id, decision_id, at, rating, quota).await?;
        }
        // The record as this decision leaves it, without reading it back.
        let record = &mut deciding.record;
        record.stored.push(StoredDecision {
            id: decision_id,
            person_seq: seq,
            cell_id: cell.id,
            cell_kind: cell.kind,
            decision: decision.clone(),
        });
        if let Some(destination) = destination {
            record.cells.push((new.date, destination));
        }
        if matches!(new.details, Details::Admit { .. }) {
            // An admission here ends what a registration said (a member re-admitted after an
            // exit); the rule is the store's, so ask it.
            record.registered = members::registration(tx, person.id).await?;
        }
        let case = self.conclude(tx, deciding, before, touched).await?;
        Ok(Submitted {
            case,
            decision,
            warnings,
        })
    }
}

/// Stores a decision after checking its document is not already recorded.
/// `to_cell_id` is the cell a TRANSFER moves the member to.
pub(super) async fn store(
    tx: &Tx,
    decision: &Decision,
    person_id: Uuid,
    person_seq: i32,
    (cell_id, to_cell_id): (Uuid, Option<Uuid>),
    body_id: Uuid,
) -> Result<Uuid> {
    if let Some(number) = &decision.number
        && decisions::document_taken(tx, body_id, number, decision.kind().as_str(), person_id)
            .await?
    {
        return Err(decisions::document_taken_error(decision));
    }
    let id = Uuid::new_v4();
    decisions::insert(
        tx,
        NewRow {
            id,
            person_id,
            person_seq,
            cell_id,
            body_id,
            to_cell_id,
            decision,
        },
    )
    .await?;
    Ok(id)
}

impl App {
    /// Refuses (`BODY_NOT_ALLOWED`) a deciding body that is not the person's cell or one of its
    /// ancestors on `date`, or when the cell or the body does not exist that day.
    pub(super) async fn check_body(
        &self,
        tx: &Tx,
        tree: &mut Arc<OrgTree>,
        cell: &CellOnDay,
        body_id: Uuid,
        body: &Organization,
        date: NaiveDate,
    ) -> Result<()> {
        let lineage = self.locked_lineage(tx, tree, cell, date).await?;
        let cell_valid = tree::node(tree, cell.id)?.valid_on(date);
        if cell_valid && body.valid_on(date) && lineage.contains(&body_id) {
            return Ok(());
        }
        let code = &body.code;
        Err(Error::refused(
            Reason::BodyNotAllowed,
            format!(
                "{code} không phải chi bộ {} hay cấp ủy cấp trên của chi bộ đang tồn tại vào ngày {date}",
                cell.code
            ),
            format!(
                "{code} is neither cell {} nor one of its ancestors existing on {date}",
                cell.code
            ),
        ))
    }

    /// `cell` and its ancestors on `date`, locked `FOR SHARE`, so that a concurrent move or
    /// dissolution of any of them waits for this decision and then sees it. The tree is read
    /// again once they are locked: a restructuring that committed meanwhile gives `tree` its
    /// new version, and one that changed this lineage is a stale tree (`ABORTED`, retried).
    pub(super) async fn locked_lineage(
        &self,
        tx: &Tx,
        tree: &mut Arc<OrgTree>,
        cell: &CellOnDay,
        date: NaiveDate,
    ) -> Result<Vec<Uuid>> {
        let lineage = tree::lineage_on(tree, cell.id, date)?;
        orgs::lock_shared(tx, &lineage).await?;
        let now = self.tree.get(tx).await?;
        if !Arc::ptr_eq(&now, tree) {
            let moved = tree::lineage_on(&now, cell.id, date)? != lineage;
            *tree = now;
            if moved {
                return Err(Error::stale_etag(&format!(
                    "Cây tổ chức của chi bộ {}",
                    cell.code
                )));
            }
        }
        Ok(lineage)
    }
}

/// What the rules need about one sponsor on `date`.
async fn sponsor_facts(
    tx: &Tx,
    tree: &OrgTree,
    person_cell: &CellOnDay,
    date: NaiveDate,
    sponsor: &ExternalId,
    known_since: NaiveDate,
) -> Result<SponsorFacts> {
    let row = people::get(tx, sponsor, Lock::No).await?;
    // A full member that day, and still one: a sponsor who had left (died, struck off,
    // transferred out …) sponsors no one.
    let official = member_life(tx, row.id)
        .await?
        .is_some_and(|life| life.member_on(date) && life.official_on(date));
    let same_grassroots = match people::cell_on(tx, row.id, date).await? {
        Some(cell) => {
            tree::grassroots_on(tree, cell.id, date)?
                == tree::grassroots_on(tree, person_cell.id, date)?
        }
        None => false,
    };
    Ok(SponsorFacts {
        person: sponsor.clone(),
        known_since,
        official,
        same_grassroots,
    })
}
