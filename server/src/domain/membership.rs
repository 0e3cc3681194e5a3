//! A member's life after admission (DESIGN §3's member table): which member decision is accepted
//! when, the order they come in, and what they leave behind — exit, recognition, card, residence
//! introduction, exemptions, suspensions, temporary transfers and one grade per year.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    Error, Reason, Result,
    details::{Details, Grade, Measure, TransferKind},
    kind::DecisionKind,
    member::{Member, MemberOrigin, MemberStatus, PROBATION_MONTHS},
    months::add_months,
    org::OrgCode,
};

/// How a member left.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Exit {
    StruckOff,
    Expelled,
    Resigned,
    Deceased,
    /// Left the organisation this deployment covers.
    TransferredOut,
}

impl Exit {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Exit::StruckOff => "struck_off",
            Exit::Expelled => "expelled",
            Exit::Resigned => "resigned",
            Exit::Deceased => "deceased",
            Exit::TransferredOut => "transferred_out",
        }
    }

    /// The Vietnamese name.
    pub fn label_vi(self) -> &'static str {
        match self {
            Exit::StruckOff => "đã bị xóa tên",
            Exit::Expelled => "đã bị khai trừ",
            Exit::Resigned => "đã ra khỏi Đảng",
            Exit::Deceased => "đã từ trần",
            Exit::TransferredOut => "đã chuyển sinh hoạt ra ngoài",
        }
    }
}

/// A dated span: from a day, up to and including `until`, or open-ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
}

impl Span {
    /// Whether `day` falls in the span.
    pub fn covers(self, day: NaiveDate) -> bool {
        self.from <= day && self.until.is_none_or(|until| day <= until)
    }
}

/// A temporary transfer: where to (if recorded), for how long.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Temporary {
    pub span: Span,
    pub to: Option<OrgCode>,
}

/// What a member's decisions add up to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberLife {
    /// The membership's dates and recognition.
    pub member: Member,
    /// How and when the member left.
    pub exit: Option<(Exit, NaiveDate)>,
    /// The latest member decision's date (the membership's start before any): the next may not
    /// be earlier.
    pub last_date: NaiveDate,
    /// The passing cell resolution proposing recognition.
    pub recognition_vote: Option<NaiveDate>,
    /// The RECOGNIZE decision's own date (the member is official from `official_date`).
    pub recognized_on: Option<NaiveDate>,
    /// That RECOGNIZE took the extra working days.
    pub recognized_extended: bool,
    /// The latest party card: number and date.
    pub card: Option<(String, NaiveDate)>,
    /// The first introduction to the residence-place cell.
    pub residence_introduction: Option<NaiveDate>,
    pub exempt: Vec<Span>,
    pub suspended: Vec<Span>,
    pub temporary: Vec<Temporary>,
    /// One grade per year graded.
    pub ratings: BTreeMap<i32, Grade>,
}

impl MemberLife {
    /// A membership before any member decision.
    pub fn new(member: Member) -> Self {
        Self {
            last_date: member.since,
            member,
            exit: None,
            recognition_vote: None,
            recognized_on: None,
            recognized_extended: false,
            card: None,
            residence_introduction: None,
            exempt: Vec::new(),
            suspended: Vec::new(),
            temporary: Vec::new(),
            ratings: BTreeMap::new(),
        }
    }

    /// Official on `day` (DESIGN §3's official-on-D rule).
    pub fn official_on(&self, day: NaiveDate) -> bool {
        self.member.status_on(day) == MemberStatus::Official
    }

    /// A member on `day`: the membership had begun and the member had not left.
    pub fn member_on(&self, day: NaiveDate) -> bool {
        self.member.since <= day && self.exit.is_none_or(|(_, left)| day < left)
    }

    /// The temporary transfer running on `day`, if any.
    pub fn temporary_on(&self, day: NaiveDate) -> Option<&Temporary> {
        self.temporary.iter().rev().find(|t| t.span.covers(day))
    }

    /// Applies one member decision: refused with `ILLEGAL_TRANSITION` or the reason its row of
    /// DESIGN §3 names when the member is not in a state that accepts it, and with
    /// `DATE_BEFORE_PREVIOUS_STEP` when dated before the latest member decision.
    pub fn apply(&mut self, details: &Details, date: NaiveDate) -> Result<()> {
        let kind = details.kind();
        if let Some((exit, _)) = self.exit {
            return Err(illegal(kind, exit.label_vi()));
        }
        let probationary = !self.member.recognized;
        match details {
            Details::HoldCeremony => {
                if self.member.origin != MemberOrigin::Admitted
                    || self.member.ceremony_date.is_some()
                    || self.member.recognized
                {
                    return Err(illegal(kind, "lễ kết nạp đã được tổ chức"));
                }
            }
            Details::RecordRecognitionVote { .. } => {
                let Some(official) = self.member.official_date.filter(|_| probationary) else {
                    return Err(illegal(
                        kind,
                        if probationary {
                            "chưa tổ chức lễ kết nạp"
                        } else {
                            "đảng viên đã là đảng viên chính thức"
                        },
                    ));
                };
                if date < official {
                    return Err(Error::refused(
                        Reason::ProbationNotEnded,
                        format!(
                            "Thời gian dự bị chưa hết: chi bộ xét công nhận chính thức từ ngày {official} (lễ kết nạp cộng {PROBATION_MONTHS} tháng)"
                        ),
                        format!("probation has not ended: the cell may vote from {official}"),
                    ));
                }
            }
            Details::Recognize { .. } => {
                if !probationary || self.recognition_vote.is_none() {
                    return Err(illegal(
                        kind,
                        if probationary {
                            "chưa có nghị quyết chi bộ đề nghị công nhận chính thức"
                        } else {
                            "đảng viên đã là đảng viên chính thức"
                        },
                    ));
                }
            }
            Details::Expel | Details::IssueCard { .. } => {
                if !self.official_on(date) {
                    return Err(illegal(kind, "chỉ áp dụng cho đảng viên chính thức"));
                }
            }
            Details::Discipline { measure } => {
                if *measure == Measure::RemovalFromPost && !self.official_on(date) {
                    return Err(illegal(
                        kind,
                        "cách chức chỉ áp dụng cho đảng viên chính thức",
                    ));
                }
            }
            Details::Rate { year, .. } => self.gradable(*year)?,
            Details::Exempt { until } | Details::Suspend { until } => {
                let span = Span {
                    from: date,
                    until: *until,
                };
                // A grade stands only for a member neither exempt nor suspended on 31 December
                // of its year: the grade is revoked first, or the span ends before that day.
                let rated = self.ratings.keys().find(|year| {
                    NaiveDate::from_ymd_opt(**year, 12, 31).is_some_and(|last| span.covers(last))
                });
                if let Some(year) = rated {
                    return Err(illegal(
                        kind,
                        &format!(
                            "đảng viên đã được xếp loại năm {year}; hãy hủy quyết định xếp loại trước"
                        ),
                    ));
                }
            }
            Details::StrikeOff
            | Details::AcceptResignation
            | Details::RecordDeath
            | Details::Transfer { .. }
            | Details::IntroduceToResidence { .. } => {}
            Details::Nominate
            | Details::RecognizeSympathizer { .. }
            | Details::RecordCourse { .. }
            | Details::OpenDossier
            | Details::ConcludeBackgroundCheck
            | Details::RecordIntroductions { .. }
            | Details::RecordCellVote { .. }
            | Details::RecordCommitteeVote { .. }
            | Details::Admit { .. }
            | Details::Reject
            | Details::Withdraw
            | Details::Drop
            | Details::Revoke { .. } => {
                return Err(Error::Internal(format!(
                    "{} is not a member decision",
                    kind.as_str()
                )));
            }
        }
        if date < self.last_date {
            return Err(Error::refused(
                Reason::DateBeforePreviousStep,
                format!(
                    "Ngày {date} trước bước gần nhất của đảng viên (ngày {}); ngày các bước không được lùi",
                    self.last_date
                ),
                format!(
                    "{date} is before the member's latest step ({}); dates never go backwards",
                    self.last_date
                ),
            ));
        }
        self.last_date = date;
        self.record(details, date);
        Ok(())
    }

    /// What an accepted decision leaves behind.
    fn record(&mut self, details: &Details, date: NaiveDate) {
        match details {
            Details::HoldCeremony => {
                self.member.ceremony_date = Some(date);
                self.member.official_date = Some(add_months(date, PROBATION_MONTHS));
            }
            Details::RecordRecognitionVote { .. } => self.recognition_vote = Some(date),
            Details::Recognize { extended } => {
                self.member.recognized = true;
                self.recognized_on = Some(date);
                self.recognized_extended = *extended;
            }
            Details::StrikeOff => self.exit = Some((Exit::StruckOff, date)),
            Details::Expel => self.exit = Some((Exit::Expelled, date)),
            Details::AcceptResignation => self.exit = Some((Exit::Resigned, date)),
            Details::RecordDeath => self.exit = Some((Exit::Deceased, date)),
            Details::Transfer {
                transfer_kind: TransferKind::Permanent,
                to_org: None,
                ..
            } => self.exit = Some((Exit::TransferredOut, date)),
            Details::Transfer {
                transfer_kind: TransferKind::Temporary,
                to_org,
                until,
            } => self.temporary.push(Temporary {
                span: Span {
                    from: date,
                    until: *until,
                },
                to: to_org.clone(),
            }),
            Details::Exempt { until } => self.exempt.push(Span {
                from: date,
                until: *until,
            }),
            Details::Suspend { until } => self.suspended.push(Span {
                from: date,
                until: *until,
            }),
            Details::IssueCard { card_number } => self.card = Some((card_number.clone(), date)),
            Details::IntroduceToResidence { .. } => {
                self.residence_introduction.get_or_insert(date);
            }
            Details::Rate { year, grade, .. } => {
                self.ratings.insert(*year, *grade);
            }
            // The cell moves in the store; a discipline is on the record only.
            Details::Transfer { .. } | Details::Discipline { .. } => {}
            Details::Nominate
            | Details::RecognizeSympathizer { .. }
            | Details::RecordCourse { .. }
            | Details::OpenDossier
            | Details::ConcludeBackgroundCheck
            | Details::RecordIntroductions { .. }
            | Details::RecordCellVote { .. }
            | Details::RecordCommitteeVote { .. }
            | Details::Admit { .. }
            | Details::Reject
            | Details::Withdraw
            | Details::Drop
            | Details::Revoke { .. } => {}
        }
    }

    /// Refuses a grading for `year` of a member who was not a member on 31 December of it, was
    /// exempt or suspended that day (`NOT_GRADABLE`), or already has a grade for it
    /// (`ALREADY_RATED`).
    fn gradable(&self, year: i32) -> Result<()> {
        let Some(last_day) = NaiveDate::from_ymd_opt(year, 12, 31) else {
            return Err(Error::Internal(format!("year {year} out of range")));
        };
        let why = if !self.member_on(last_day) {
            Some("chưa là đảng viên vào ngày 31/12 của năm đó")
        } else if self.exempt.iter().any(|s| s.covers(last_day)) {
            Some("được miễn công tác và sinh hoạt đảng vào ngày 31/12 của năm đó")
        } else if self.suspended.iter().any(|s| s.covers(last_day)) {
            Some("bị đình chỉ sinh hoạt đảng vào ngày 31/12 của năm đó")
        } else {
            None
        };
        if let Some(why) = why {
            return Err(Error::refused(
                Reason::NotGradable,
                format!("Không xếp loại năm {year}: đảng viên {why}"),
                format!("not gradable for {year}: not an active, working member on 31 December"),
            ));
        }
        if let Some(grade) = self.ratings.get(&year) {
            return Err(Error::refused(
                Reason::AlreadyRated,
                format!(
                    "Đảng viên đã được xếp loại năm {year} ({}); hãy hủy quyết định cũ trước",
                    grade.label_vi()
                ),
                format!(
                    "already rated for {year} ({}); revoke that rating first",
                    grade.as_str()
                ),
            ));
        }
        Ok(())
    }
}

/// Refuses (`TRANSFER_NOT_INTERNAL`) a transfer to cell `to` whose kind does not fit where the
/// cell is: an internal transfer stays in the member's grassroots organisation, a permanent one
/// leaves it (DESIGN §3).
pub fn check_transfer(kind: TransferKind, to: &OrgCode, same_grassroots: bool) -> Result<()> {
    match (kind, same_grassroots) {
        (TransferKind::Internal, true) | (TransferKind::Permanent, false) => Ok(()),
        (TransferKind::Temporary, _) => Ok(()),
        (TransferKind::Internal, false) => Err(Error::refused(
            Reason::TransferNotInternal,
            format!(
                "Chi bộ {to} thuộc tổ chức cơ sở đảng khác: đây là chuyển sinh hoạt chính thức (permanent), không phải nội bộ"
            ),
            format!(
                "cell {to} is in another grassroots organisation: make it a permanent transfer"
            ),
        )),
        (TransferKind::Permanent, true) => Err(Error::refused(
            Reason::TransferNotInternal,
            format!(
                "Chi bộ {to} cùng tổ chức cơ sở đảng: đây là chuyển sinh hoạt nội bộ (internal)"
            ),
            format!(
                "cell {to} is in the same grassroots organisation: make it an internal transfer"
            ),
        )),
    }
}

fn illegal(kind: DecisionKind, why: &str) -> Error {
    Error::refused(
        Reason::IllegalTransition,
        format!("Không thể ghi \"{}\": {why}", kind.label_vi()),
        format!(
            "{} is not allowed in the member's current state",
            kind.as_str()
        ),
    )
}

mod deadlines;

pub use deadlines::{
    MemberDeadline, OVERDUE_CEREMONY, OVERDUE_RECOGNITION, OVERDUE_RESIDENCE_INTRODUCTION,
};

#[cfg(test)]
mod tests;
