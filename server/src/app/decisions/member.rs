//! What member decisions need beyond the state machine: a transfer's destination and the cell
//! move it makes, the ratings and their excellent quota, and the deadline flags of late decisions.

use chrono::{Days, NaiveDate};
use uuid::Uuid;

use std::sync::Arc;

use crate::{
    app::{App, Rules, tree},
    domain::{
        Error, Reason, Result,
        admission::{Details, Grade, Score},
        error::Broken,
        kind::DecisionKind,
        membership::{self, MemberLife},
        org::OrgTree,
    },
    store::{
        Tx, orgs,
        people::{self, CellOnDay},
        ratings::{self, NewRating},
    },
};

impl App {
    /// The cell a permanent or internal transfer moves the member to, once it is checked: a
    /// cell valid on the date, not the member's own, and of another grassroots organisation
    /// for a permanent transfer or the same one for an internal transfer. A temporary transfer
    /// moves nobody, but its destination, when given, must exist.
    pub(super) async fn transfer_destination(
        &self,
        tx: &Tx,
        tree: &mut Arc<OrgTree>,
        details: &Details,
        cell: &CellOnDay,
        date: NaiveDate,
    ) -> Result<Option<Uuid>> {
        let Details::Transfer {
            transfer_kind,
            to_org: Some(to),
            ..
        } = details
        else {
            return Ok(None);
        };
        let row = orgs::get_without_parent(tx, to).await?;
        if details.moves_member_to().is_none() {
            return Ok(None);
        }
        let destination = CellOnDay {
            id: row.id,
            code: row.org.code.clone(),
            kind: row.org.kind,
        };
        // The destination's tree must not move or end under this transfer (as the source's, in
        // check_body): lock it, then judge what is read under the lock, so that a dissolution
        // or merge committed meanwhile is seen.
        self.locked_lineage(tx, tree, &destination, date).await?;
        let row = orgs::get_without_parent(tx, to).await?;
        row.org.check_holds_persons()?;
        row.org.check_valid_on(date)?;
        if row.id == cell.id {
            return Err(Error::refused(
                Reason::IllegalTransition,
                format!("Đảng viên đang sinh hoạt ở chi bộ {to}"),
                format!("the member already belongs to cell {to}"),
            ));
        }
        let same = tree::grassroots_on(tree, cell.id, date)?
            == tree::grassroots_on(tree, destination.id, date)?;
        membership::check_transfer(*transfer_kind, to, same)?;
        Ok(Some(row.id))
    }
}

/// Moves a member to cell `to` from `date`: their cell interval ends the day before.
pub(super) async fn move_member(tx: &Tx, person_id: Uuid, to: Uuid, date: NaiveDate) -> Result<()> {
    let latest = people::latest_cell(tx, person_id).await?;
    let day_before = date.checked_sub_days(Days::new(1));
    let Some(day_before) = day_before.filter(|_| latest.valid_from < date) else {
        return Err(Error::refused(
            Reason::DateBeforePreviousStep,
            format!(
                "Đảng viên sinh hoạt ở chi bộ hiện tại từ ngày {}; ngày chuyển sinh hoạt phải sau ngày đó",
                latest.valid_from
            ),
            format!(
                "the member is in their current cell from {}; a transfer must come after it",
                latest.valid_from
            ),
        ));
    };
    people::end_cell(tx, latest.id, day_before).await?;
    people::add_cell(tx, person_id, to, date).await
}

/// Stores the rating a RATE decision gives, in the grassroots organisation of the member's cell
/// on its date; an excellent one queues its quota check.
pub(super) async fn record_rating(
    tx: &Tx,
    person_id: Uuid,
    decision_id: Uuid,
    (tree, cell, date): (&OrgTree, &CellOnDay, NaiveDate),
    (year, grade, score): (i32, Grade, Option<Score>),
    quota: &mut Vec<(Uuid, i32)>,
) -> Result<()> {
    let grassroots_id = tree::grassroots_on(tree, cell.id, date)?.ok_or_else(|| {
        Error::Internal(format!("cell {} has no grassroots organisation", cell.code))
    })?;
    ratings::insert(
        tx,
        NewRating {
            person_id,
            decision_id,
            year,
            grade,
            score,
            grassroots_id,
        },
    )
    .await?;
    if grade == Grade::Excellent {
        quota.push((grassroots_id, year));
    }
    Ok(())
}

/// Refuses (`EXCELLENT_QUOTA_EXCEEDED`) when, for any (grassroots organisation, year) given, the
/// stored excellent ratings exceed the rulebook's share of the good ones. Each quota is locked
/// first, so two writers cannot both take the last place.
pub(super) async fn check_quota(tx: &Tx, rules: &Rules, quota: &[(Uuid, i32)]) -> Result<()> {
    let mut keys = quota.to_vec();
    keys.sort_unstable();
    keys.dedup();
    let mut broken = Vec::new();
    for (grassroots_id, year) in keys {
        ratings::lock_quota(tx, grassroots_id, year).await?;
        let excellent = ratings::count(tx, grassroots_id, year, Grade::Excellent).await?;
        let good = ratings::count(tx, grassroots_id, year, Grade::Good).await?;
        let book = rules.rulebooks.grading(year);
        if book.quota_allows(excellent, good) {
            continue;
        }
        let code = orgs::code_of(tx, grassroots_id).await?;
        let share = book.excellent_max_percent_of_good;
        broken.push(Broken::new(
            Reason::ExcellentQuotaExceeded,
            format!(
                "{code} năm {year}: {excellent} đảng viên hoàn thành xuất sắc nhiệm vụ vượt {share}% của {good} đảng viên hoàn thành tốt nhiệm vụ ({})",
                book.id
            ),
            format!(
                "{code} {year}: {excellent} excellent ratings exceed {share}% of the {good} good ones ({})",
                book.id
            ),
        ));
    }
    Error::check_rules(broken)
}

/// The deadline flags a member decision of `kind` dated `date` raises: the deadlines it meets,
/// met late. `after` is the member once the decision is applied.
pub(super) fn late_flags(
    rules: &Rules,
    after: &MemberLife,
    kind: DecisionKind,
    date: NaiveDate,
) -> Vec<String> {
    after
        .deadlines(&rules.rulebooks, &rules.calendar, date)
        .into_iter()
        .filter(|d| d.next == kind && d.deadline.met_on == Some(date) && d.deadline.overdue)
        .map(|d| d.deadline.flag)
        .collect()
}
