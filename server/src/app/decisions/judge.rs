//! Judging one decision (not a revocation) inside a write transaction.

use chrono::NaiveDate;
use uuid::Uuid;

use super::{Submitted, admission_due, case_cells, registered_member, replay, view_in};
use crate::{
    app::App,
    domain::{
        Error, FieldViolation, Reason, Result,
        admission::{
            Details, Membership,
            rules::{self, SponsorFacts},
        },
        decision::{Decision, NewDecision, OVERDUE_ADMISSION_DECISION},
        member::{self, MemberStatus},
        org::{OrgKind, Organization},
        person::ExternalId,
    },
    store::{
        Tx, cases,
        decisions::{self, NewRow},
        members,
        orgs::{self, Lock},
        people::{self, CellOnDay},
    },
};

impl App {
    /// Judges `new` and stores it with the state it leads to, or refuses it.
    pub(super) async fn judge(&self, tx: &Tx, actor: &str, new: NewDecision) -> Result<Submitted> {
        let today = self.clock.today();
        if new.date > today {
            return Err(Error::invalid(
                Reason::DateInFuture,
                FieldViolation::new(
                    "decision.decision_date",
                    format!(
                        "ngày {} là ngày trong tương lai (hôm nay là {today})",
                        new.date
                    ),
                    format!("{} is in the future (today is {today})", new.date),
                ),
            ));
        }
        let person = people::get(tx, &new.person, Lock::ForUpdate).await?;
        if let Some(id) = &new.external_id
            && decisions::find(tx, id).await?.is_some()
        {
            return Err(decisions::already_exists(id));
        }
        let Some(cell) = people::cell_on(tx, person.id, new.date).await? else {
            return Err(Error::refused(
                Reason::DateBeforePreviousStep,
                format!(
                    "Ngày {} trước ngày {} vào chi bộ ({})",
                    new.date, new.person, person.person.cell_since
                ),
                format!(
                    "{} is before {} joined a cell ({})",
                    new.date, new.person, person.person.cell_since
                ),
            ));
        };
        let stored = decisions::of_person(tx, person.id).await?;
        let body = orgs::get(tx, &new.body, Lock::No).await?;
        if let Details::Revoke { revokes } = &new.details {
            let revokes = revokes.clone();
            return self
                .revoke(
                    tx,
                    actor,
                    new,
                    &revokes,
                    &person,
                    &cell,
                    (body.id, &body.org),
                    &stored,
                )
                .await;
        }

        let (mut history, _) = replay(&stored, None).map_err(|(e, row)| {
            Error::Internal(format!(
                "stored decisions do not replay at {}: {e}",
                row.decision.external_id
            ))
        })?;
        if registered_member(tx, person.id).await? {
            history.membership = Membership::Current;
        }
        // DESIGN §4: a wrong state is named alone, then a wrong body, then a date out of order.
        let kind = new.details.kind();
        match history.apply(kind, new.date, cell.kind) {
            Err(e) if e.reason() != Reason::DateBeforePreviousStep => return Err(e),
            stepped => {
                check_body(tx, &cell, body.id, &body.org, new.date).await?;
                stepped?;
            }
        }

        let book = self.rules.rulebooks.on(new.date);
        let case = history
            .open_case()
            .or(history.latest())
            .cloned()
            .ok_or_else(|| Error::Internal("a decision applied without a case".to_owned()))?;
        let mut warnings = Vec::new();
        let broken = match &new.details {
            Details::RecordIntroductions {
                sponsors,
                union_resolution,
            } => {
                let mut facts = Vec::with_capacity(sponsors.len());
                for sponsor in sponsors {
                    facts.push(
                        sponsor_facts(tx, &cell, new.date, &sponsor.person, sponsor.known_since)
                            .await?,
                    );
                }
                rules::introductions(
                    book,
                    &person.person.facts(),
                    new.date,
                    &facts,
                    *union_resolution,
                )
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
                    &person.person.facts(),
                    &case,
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
            Details::Nominate
            | Details::RecordCourse { .. }
            | Details::OpenDossier
            | Details::ConcludeBackgroundCheck
            | Details::Admit { .. }
            | Details::Reject
            | Details::Withdraw
            | Details::Drop
            | Details::Revoke { .. } => Vec::new(),
        };
        Error::check_rules(broken)?;

        let mut flags = Vec::new();
        if let (Details::Admit { extended }, Some(vote)) = (&new.details, case.cell_vote)
            && new.date > admission_due(&self.rules, vote, *extended)
        {
            flags.push(OVERDUE_ADMISSION_DECISION.to_owned());
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
            rulebook: book.id.clone(),
            flags,
            revoked_by: None,
        };
        store(tx, &decision, person.id, cell.id, body.id).await?;
        if matches!(new.details, Details::Admit { .. }) {
            let admitted = decisions::find(tx, &decision.external_id)
                .await?
                .ok_or_else(|| Error::Internal("the ADMIT just stored is missing".to_owned()))?;
            members::insert(
                tx,
                person.id,
                &member::admitted(new.date),
                Some(admitted.id),
            )
            .await?;
        }
        let stored = decisions::of_person(tx, person.id).await?;
        let (history, applied) = replay(&stored, None).map_err(|(e, _)| e)?;
        let current_cell = people::latest_cell(tx, person.id).await?.cell_id;
        cases::replace(tx, person.id, &case_cells(&history, &applied, current_cell)).await?;
        // The person's record shows the case state and membership: a new etag.
        people::touch_if_unchanged(tx, person.id, person.person.version).await?;
        Ok(Submitted {
            case: view_in(&self.rules, tx, person.id, &new.person, self.clock.today()).await?,
            decision,
            warnings,
        })
    }
}

/// Stores a decision after checking its document is not already recorded.
pub(super) async fn store(
    tx: &Tx,
    decision: &Decision,
    person_id: Uuid,
    cell_id: Uuid,
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
            person_seq: decisions::next_seq(tx, person_id).await?,
            cell_id,
            body_id,
            decision,
        },
    )
    .await?;
    Ok(id)
}

/// Refuses (`BODY_NOT_ALLOWED`) a deciding body that is not the person's cell or one of its
/// ancestors on `date`, or when the cell or the body does not exist that day. The cell and its
/// ancestors are locked `FOR SHARE` first, so a concurrent move or dissolution waits for this
/// decision and then sees it.
pub(super) async fn check_body(
    tx: &Tx,
    cell: &CellOnDay,
    body_id: Uuid,
    body: &Organization,
    date: NaiveDate,
) -> Result<()> {
    let lineage = orgs::lineage_on(tx, cell.id, date).await?;
    orgs::lock_shared(tx, &lineage).await?;
    if orgs::lineage_on(tx, cell.id, date).await? != lineage {
        return Err(Error::stale_etag(&format!(
            "Cây tổ chức của chi bộ {}",
            cell.code
        )));
    }
    let cell_valid = orgs::get(tx, &cell.code, Lock::No)
        .await?
        .org
        .valid_on(date);
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

/// What the rules need about one sponsor on `date`.
async fn sponsor_facts(
    tx: &Tx,
    person_cell: &CellOnDay,
    date: NaiveDate,
    sponsor: &ExternalId,
    known_since: NaiveDate,
) -> Result<SponsorFacts> {
    let row = people::get(tx, sponsor, Lock::No).await?;
    let official = members::find(tx, row.id)
        .await?
        .is_some_and(|(_, m)| m.status_on(date) == MemberStatus::Official);
    let same_grassroots = match people::cell_on(tx, row.id, date).await? {
        Some(cell) => {
            grassroots(tx, &cell, date).await? == grassroots(tx, person_cell, date).await?
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

/// The grassroots organisation a cell belongs to on `date` (itself for a grassroots cell).
async fn grassroots(tx: &Tx, cell: &CellOnDay, date: NaiveDate) -> Result<Option<Uuid>> {
    if cell.kind == OrgKind::GrassrootsCell {
        return Ok(Some(cell.id));
    }
    for id in orgs::lineage_on(tx, cell.id, date).await? {
        if orgs::kind_of(tx, id).await? == OrgKind::GrassrootsCommittee {
            return Ok(Some(id));
        }
    }
    Ok(None)
}
