//! The deadlines of a member's first years (DESIGN §4): the ceremony, the recognition vote and
//! decision (working days), and the residence-place introduction (calendar days).

use chrono::{Days, NaiveDate};

use super::MemberLife;
use crate::domain::{
    calendar::Calendar, decision::Deadline, kind::DecisionKind, member::MemberOrigin,
    rulebook::Rulebooks,
};

/// The flag of a ceremony held late.
pub const OVERDUE_CEREMONY: &str = "OVERDUE_CEREMONY";
/// The flag of a recognition vote or decision taken late.
pub const OVERDUE_RECOGNITION: &str = "OVERDUE_RECOGNITION";
/// The flag of a residence-place introduction made late.
pub const OVERDUE_RESIDENCE_INTRODUCTION: &str = "OVERDUE_RESIDENCE_INTRODUCTION";

/// One deadline and the decision that meets it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberDeadline {
    pub deadline: Deadline,
    pub next: DecisionKind,
}

impl MemberLife {
    /// The last day to introduce a member admitted here to the residence-place cell (calendar
    /// days from the admission); none for a registered member, whose admission predates the
    /// records.
    pub fn residence_due(&self, books: &Rulebooks) -> Option<NaiveDate> {
        let m = &self.member;
        (m.origin == MemberOrigin::Admitted).then(|| {
            let days = books.on(m.admission_date).residence_introduction_days;
            m.admission_date
                .checked_add_days(Days::new(u64::from(days)))
                .unwrap_or(NaiveDate::MAX)
        })
    }

    /// The member's deadlines as of `today`, met or pending, in the order they fall due. A
    /// member who had left by `today` has no pending deadline any more. Registered members carry no ceremony
    /// or introduction deadline (their admission predates the records), and a member registered
    /// as official none at all.
    pub fn deadlines(
        &self,
        books: &Rulebooks,
        calendar: &Calendar,
        today: NaiveDate,
    ) -> Vec<MemberDeadline> {
        let m = &self.member;
        let admitted_here = m.origin == MemberOrigin::Admitted;
        let registered_official = m.recognized && self.recognized_on.is_none();
        let mut out = Vec::new();
        let mut push = |flag: &str,
                        description: &str,
                        due: NaiveDate,
                        met_on: Option<NaiveDate>,
                        next: DecisionKind| {
            if self.exit.is_some_and(|(_, left)| left <= today) && met_on.is_none() {
                return;
            }
            out.push(MemberDeadline {
                deadline: Deadline {
                    flag: flag.to_owned(),
                    description: description.to_owned(),
                    due,
                    met_on,
                    overdue: met_on.map_or(today > due, |met| met > due),
                },
                next,
            });
        };
        if admitted_here {
            let book = books.on(m.admission_date);
            push(
                OVERDUE_CEREMONY,
                "Tổ chức lễ kết nạp đảng viên",
                calendar.add_working_days(m.admission_date, book.ceremony_working_days),
                m.ceremony_date,
                DecisionKind::HoldCeremony,
            );
            push(
                OVERDUE_RESIDENCE_INTRODUCTION,
                "Giới thiệu đảng viên về sinh hoạt nơi cư trú",
                self.residence_due(books).unwrap_or(NaiveDate::MAX),
                self.residence_introduction,
                DecisionKind::IntroduceToResidence,
            );
        }
        if let Some(official) = m.official_date.filter(|_| !registered_official) {
            let book = books.on(official);
            push(
                OVERDUE_RECOGNITION,
                "Chi bộ xét, đề nghị công nhận đảng viên chính thức",
                calendar.add_working_days(official, book.recognition_vote_working_days),
                self.recognition_vote,
                DecisionKind::RecordRecognitionVote,
            );
        }
        if let Some(vote) = self.recognition_vote.filter(|_| !registered_official) {
            let book = books.on(vote);
            let extra = if self.recognized_extended {
                book.recognition_extension_working_days
            } else {
                0
            };
            push(
                OVERDUE_RECOGNITION,
                "Cấp ủy có thẩm quyền quyết định công nhận đảng viên chính thức",
                calendar.add_working_days(vote, book.recognition_decision_working_days + extra),
                self.recognized_on,
                DecisionKind::Recognize,
            );
        }
        out.sort_by_key(|d| d.deadline.due);
        out
    }
}
