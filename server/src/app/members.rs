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
        Error, FieldViolation, Msg, Reason, Result,
        access::Operation,
        member::NewMember,
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
        not_in_future(&new, today)?;
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
        if members::find(tx, id).await?.is_some() {
            return Err(Error::AlreadyExists {
                reason: Reason::MemberAlreadyExists,
                msg: Msg::new(
                    format!("{} đã được ghi nhận là đảng viên", new.person),
                    format!("{} is already registered as a member", new.person),
                ),
            });
        }
        if let Some(state) = person.case_state
            && state.is_open()
        {
            return Err(Error::refused(
                Reason::IllegalTransition,
                format!(
                    "{} đang có hồ sơ phát triển đảng viên chưa kết thúc (bước \"{}\"): hãy kết nạp bằng quyết định ADMIT, hoặc rút/đưa hồ sơ ra khỏi danh sách (WITHDRAW/DROP) trước khi đăng ký đảng viên",
                    new.person,
                    state.label_vi()
                ),
                format!(
                    "{} has an open admission case (state {}): admit them by an ADMIT decision, or close the case (WITHDRAW/DROP) before registering them",
                    new.person,
                    state.as_str()
                ),
            ));
        }
        // Every count uses the cell of its date; a member registered from before the recorded
        // cells counts from their first day (DESIGN §5).
        let intervals = people::cell_history(tx, id).await?;
        new.registration.check_cells(&new.person, &intervals)?;
        // A membership that began before the person's latest decision would make those
        // decisions about a member: the records contradict each other.
        if let Some(latest) = people::latest_decision_date(tx, id).await?
            && new.registration.since <= latest
        {
            return Err(Error::refused(
                Reason::DateBeforePreviousStep,
                format!(
                    "Ngày bắt đầu sinh hoạt đảng {} không thể trước hoặc trùng quyết định gần nhất về {} (ngày {latest})",
                    new.registration.since, new.person
                ),
                format!(
                    "the membership cannot begin ({}) on or before {}'s latest decision ({latest})",
                    new.registration.since, new.person
                ),
            ));
        }
        let member = new.registration.member();
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
        // The line is about the cell of the membership's start; for a member from before the
        // recorded cells, about the first cell from its first day.
        let since = new.registration.since;
        let (cell_then, day) = match (people::cell_on(tx, id, since).await?, intervals.first()) {
            (Some(cell), _) => (cell.code, since),
            (None, Some(first)) => (first.cell.clone(), first.from),
            (None, None) => (person.cell.clone(), since),
        };
        write.changed(
            &Record::Member(MemberRecord::registered(&new.person, &new.registration)),
            Some(&cell_then),
            Some(day),
        );
        let cell = people::cell_on(tx, id, today).await?.map(|c| c.code);
        let view = self.view_of(&MemberLife::new(member), new.person, today, cell);
        self.finish(write, view).await
    }
}

/// Refuses every date of a registration that is after today (all at once). The official date
/// may lie ahead for a probationary member (ceremony + 12 months), not for an official one.
fn not_in_future(new: &NewMember, today: NaiveDate) -> Result<()> {
    let r = &new.registration;
    let official = r.official_date.filter(|_| r.official);
    let violations: Vec<FieldViolation> = [
        ("admission_date", Some(r.admission_date)),
        ("ceremony_date", r.ceremony_date),
        ("official_date", official),
        ("since", Some(r.since)),
    ]
    .into_iter()
    .filter_map(|(field, date)| {
        let date = date.filter(|d| *d > today)?;
        Some(FieldViolation::new(
            field,
            format!("ngày {date} là ngày trong tương lai (hôm nay là {today})"),
            format!("{date} is in the future (today is {today})"),
        ))
    })
    .collect();
    if violations.is_empty() {
        return Ok(());
    }
    Err(Error::Invalid {
        reason: Reason::DateInFuture,
        violations,
    })
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
