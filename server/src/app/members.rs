//! Membership use cases: a person's membership with its status on a day, and the registration
//! of members whose admission predates the records (DESIGN §6 `member`).

mod list;
mod view;

use chrono::NaiveDate;

pub use self::{
    list::{MemberFilter, MemberPage},
    view::MemberView,
};
use super::{
    App, Ctx,
    access::Target,
    idempotency::{Started, Via},
    tallies::Touched,
};
use crate::{
    domain::{
        Error, Msg, Reason, Result,
        access::Operation,
        member::{Against, NewMember},
        membership::MemberLife,
        person::ExternalId,
        sync::{MemberRecord, Record},
    },
    store::{
        members,
        orgs::Lock,
        people::{self, PersonRow},
    },
};

impl App {
    /// The membership of `person`, seen on `as_of` (default today).
    pub async fn get_member(
        &self,
        ctx: &Ctx,
        person: &ExternalId,
        as_of: Option<NaiveDate>,
    ) -> Result<MemberView> {
        self.authorize(ctx, Operation::ReadPeople, Target::Person(person))
            .await?;
        let as_of = as_of.unwrap_or_else(|| self.clock.today());
        let reader = self.store.reader();
        let PersonRow { id, .. } = people::get(reader, person, Lock::No).await?;
        let view = self
            .member_view(reader, id, person, as_of)
            .await?
            .ok_or_else(|| not_a_member(person))?;
        self.audit_read(ctx, vec![format!("people/{person}")])
            .await?;
        Ok(view)
    }

    /// Registers a member from earlier records; answers with the membership as of today.
    pub async fn register_member(&self, ctx: &Ctx, new: NewMember) -> Result<MemberView> {
        self.retrying(ctx, new, |new| {
            self.register_member_once(ctx, Via::Own, new)
        })
        .await
    }

    /// One attempt of [`Self::register_member`].
    pub(crate) async fn register_member_once(
        &self,
        ctx: &Ctx,
        via: Via<'_>,
        new: NewMember,
    ) -> Result<MemberView> {
        let today = self.clock.today();
        new.check_dates(today)?;
        self.authorize_write(
            ctx,
            via,
            Operation::ChangePeople,
            &[Target::Person(&new.person)],
        )
        .await?;
        let write = match self.start(ctx, via, "RegisterMember", &new).await? {
            Started::Replayed(view) => return Ok(view),
            Started::Fresh(write) => write,
        };
        let tx = write.tx();
        // Locked so that a decision for the same person (a NOMINATE) waits for this one.
        let PersonRow { id, person } = people::get(tx, &new.person, Lock::ForUpdate).await?;
        let intervals = people::cell_history(tx, id).await?;
        let member = new.judge(Against {
            member: person.member,
            case_state: person.case_state,
            intervals: &intervals,
            latest_decision: people::latest_decision_date(tx, id).await?,
        })?;
        let mut touched = Touched::default();
        touched.person(&self.rules, tx, id).await?;
        members::insert(tx, id, &member, None).await?;
        write.settle(touched, &self.rules).await?;
        // The person record shows `member`, so its etag changes.
        if !people::touch_if_unchanged(tx, id, person.version).await? {
            return Err(Error::stale_etag(&format!(
                "Hồ sơ của người {}",
                new.person
            )));
        }
        let (cell_then, day) = new
            .registration
            .line_about(&intervals)
            .ok_or_else(|| Error::Internal(format!("{} has no recorded cell", new.person)))?;
        write.changed(
            &Record::Member(MemberRecord::registered(&new.person, &new.registration)),
            Some(cell_then),
            Some(day),
        );
        let cell = people::cell_on(tx, id, today).await?.map(|c| c.code);
        let view = self.view_of(&MemberLife::new(member), new.person, today, cell);
        self.finish(write, view).await
    }
}

fn not_a_member(person: &ExternalId) -> Error {
    Error::NotFound {
        reason: Reason::MemberNotFound,
        msg: Msg::new(
            format!("{person} không phải là đảng viên"),
            format!("{person} is not a party member"),
        ),
    }
}
