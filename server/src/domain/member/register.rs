//! The rules a member from earlier records is registered under (DESIGN §4, §5), facts in and
//! the membership or the first broken rule out: the same judgement for `RegisterMember` and for
//! a run of imported lines.

use chrono::NaiveDate;

use super::{Interval, Member, NewMember};
use crate::domain::{Error, Msg, Reason, Result, admission::CaseState, dates::none_in_future};

/// What the records hold about the person that a registration is judged against.
#[derive(Clone, Copy, Debug)]
pub struct Against<'a> {
    /// The person already has a membership.
    pub member: bool,
    /// Their latest admission case, if any.
    pub case_state: Option<CaseState>,
    /// Their recorded cells, oldest first.
    pub intervals: &'a [Interval],
    /// The date of their latest non-revoked decision.
    pub latest_decision: Option<NaiveDate>,
}

impl NewMember {
    /// Refuses every date of the registration that is after today (all at once), before
    /// anything is read. The official date may lie ahead for a probationary member (ceremony +
    /// 12 months), not for an official one.
    pub fn check_dates(&self, today: NaiveDate) -> Result<()> {
        let r = &self.registration;
        none_in_future(
            &[
                ("admission_date", Some(r.admission_date)),
                ("ceremony_date", r.ceremony_date),
                ("official_date", r.official_date.filter(|_| r.official)),
                ("since", Some(r.since)),
            ],
            today,
        )
    }

    /// The membership registered, judged against what the records hold about the person.
    pub fn judge(&self, against: Against<'_>) -> Result<Member> {
        if against.member {
            return Err(Error::AlreadyExists {
                reason: Reason::MemberAlreadyExists,
                msg: Msg::new(
                    format!("{} đã được ghi nhận là đảng viên", self.person),
                    format!("{} is already registered as a member", self.person),
                ),
            });
        }
        if let Some(state) = against.case_state
            && state.is_open()
        {
            return Err(Error::refused(
                Reason::IllegalTransition,
                format!(
                    "{} đang có hồ sơ phát triển đảng viên chưa kết thúc (bước \"{}\"): hãy kết nạp bằng quyết định ADMIT, hoặc rút/đưa hồ sơ ra khỏi danh sách (WITHDRAW/DROP) trước khi đăng ký đảng viên",
                    self.person,
                    state.label_vi()
                ),
                format!(
                    "{} has an open admission case (state {}): admit them by an ADMIT decision, or close the case (WITHDRAW/DROP) before registering them",
                    self.person,
                    state.as_str()
                ),
            ));
        }
        // Every count uses the cell of its date; a member registered from before the recorded
        // cells counts from their first day (DESIGN §5).
        self.registration
            .check_cells(&self.person, against.intervals)?;
        // A membership that began before the person's latest decision would make those
        // decisions about a member: the records contradict each other.
        if let Some(latest) = against.latest_decision
            && self.registration.since <= latest
        {
            return Err(Error::refused(
                Reason::DateBeforePreviousStep,
                format!(
                    "Ngày bắt đầu sinh hoạt đảng {} không thể trước hoặc trùng quyết định gần nhất về {} (ngày {latest})",
                    self.registration.since, self.person
                ),
                format!(
                    "the membership cannot begin ({}) on or before {}'s latest decision ({latest})",
                    self.registration.since, self.person
                ),
            ));
        }
        Ok(self.registration.member())
    }
}
