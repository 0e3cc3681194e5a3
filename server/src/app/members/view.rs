//! A membership as the API shows it on a day: status, cell, exit, seniority, what the member's
//! decisions recorded, and the deadlines of probation and introduction.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{
    app::{App, decisions::member_life},
    domain::{
        Result,
        decision::Deadline,
        member::{Member, MemberStatus},
        membership::{Exit, MemberLife, Temporary},
        months::full_months_between,
        org::OrgCode,
        person::ExternalId,
    },
    store::{Conn, people},
};

/// A membership seen on one day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    pub person: ExternalId,
    pub member: Member,
    /// The day `status`, `cell` and the flags refer to.
    pub as_of: NaiveDate,
    /// `NotAMember` before the membership began and from the exit on.
    pub status: MemberStatus,
    /// The person's cell on `as_of`, if they had one.
    pub cell: Option<OrgCode>,
    pub exit: Option<(Exit, NaiveDate)>,
    /// Party seniority in full months, from the admission date to `as_of` (or the exit).
    pub seniority_months: u32,
    pub recognition_vote: Option<NaiveDate>,
    pub card: Option<(String, NaiveDate)>,
    pub residence_introduction: Option<NaiveDate>,
    pub exempt: bool,
    pub suspended: bool,
    pub temporary: Option<Temporary>,
    pub deadlines: Vec<Deadline>,
}

impl App {
    /// The membership of the person with row id `person_id` on `as_of`; `None` when they are not
    /// a member.
    pub(in crate::app) async fn member_view(
        &self,
        c: &impl Conn,
        person_id: Uuid,
        person: &ExternalId,
        as_of: NaiveDate,
    ) -> Result<Option<MemberView>> {
        let Some(life) = member_life(c, person_id).await? else {
            return Ok(None);
        };
        let cell = people::cell_on(c, person_id, as_of).await?.map(|c| c.code);
        Ok(Some(self.view_of(&life, person.clone(), as_of, cell)))
    }

    /// The view of a member whose decisions add up to `life`.
    pub(in crate::app) fn view_of(
        &self,
        life: &MemberLife,
        person: ExternalId,
        as_of: NaiveDate,
        cell: Option<OrgCode>,
    ) -> MemberView {
        let left = life.exit.filter(|(_, left)| *left <= as_of);
        let status = match left {
            Some(_) => MemberStatus::NotAMember,
            None => life.member.status_on(as_of),
        };
        let until = left.map_or(as_of, |(_, left)| left);
        let seniority = full_months_between(life.member.admission_date, until);
        MemberView {
            person,
            member: life.member.clone(),
            as_of,
            status,
            cell,
            exit: life.exit,
            seniority_months: u32::try_from(seniority).unwrap_or(0),
            recognition_vote: life.recognition_vote,
            card: life.card.clone(),
            residence_introduction: life.residence_introduction,
            exempt: life.exempt.iter().any(|s| s.covers(as_of)),
            suspended: life.suspended.iter().any(|s| s.covers(as_of)),
            temporary: life.temporary_on(as_of).cloned(),
            deadlines: life
                .deadlines(&self.rules.rulebooks, &self.rules.calendar, as_of)
                .into_iter()
                .map(|d| d.deadline)
                .collect(),
        }
    }
}
