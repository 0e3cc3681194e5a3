//! Party membership: how it began, its three dates, and the status on any day (DESIGN §3).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod cells;
mod register;

pub use cells::Interval;
pub use register::Against;

use super::{FieldViolation, months::add_months, person::ExternalId};

/// Months of probation: official from the ceremony plus this (ĐL Điều 5).
pub const PROBATION_MONTHS: u32 = 12;

/// How a membership began.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberOrigin {
    /// By an ADMIT decision recorded here.
    Admitted,
    /// Registered: a member since `admission_date`, from before the records.
    Existing,
    /// Registered: came from outside on `since`.
    TransferIn,
}

impl MemberOrigin {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            MemberOrigin::Admitted => "admitted",
            MemberOrigin::Existing => "existing",
            MemberOrigin::TransferIn => "transfer_in",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<Self> {
        [
            MemberOrigin::Admitted,
            MemberOrigin::Existing,
            MemberOrigin::TransferIn,
        ]
        .into_iter()
        .find(|o| o.as_str() == s)
    }
}

/// A member's status on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    NotAMember,
    Probationary,
    Official,
}

/// A person's membership.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub origin: MemberOrigin,
    /// The day the membership began here.
    pub since: NaiveDate,
    /// The admission decision's date: party seniority counts from it.
    pub admission_date: NaiveDate,
    pub ceremony_date: Option<NaiveDate>,
    /// Ceremony + 12 months (or as registered).
    pub official_date: Option<NaiveDate>,
    /// A non-revoked recognition is stored, or the member was registered as official.
    pub recognized: bool,
}

impl Member {
    /// The status on `day`: official when recognised and `official_date` has come (even when the
    /// recognition was decided later, DESIGN §3), probationary from `since`, else not a member.
    pub fn status_on(&self, day: NaiveDate) -> MemberStatus {
        if day < self.since {
            return MemberStatus::NotAMember;
        }
        match self.official_date {
            Some(official) if self.recognized && official <= day => MemberStatus::Official,
            Some(_) | None => MemberStatus::Probationary,
        }
    }
}

/// A member registered from earlier records (DESIGN §6 `member`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Registration {
    pub admission_date: NaiveDate,
    pub ceremony_date: Option<NaiveDate>,
    pub official_date: Option<NaiveDate>,
    /// Official (true) or probationary, as the records say.
    pub official: bool,
    /// `Existing` or `TransferIn`.
    pub origin: MemberOrigin,
    pub since: NaiveDate,
}

impl Registration {
    /// Checks a registration's dates against each other, naming the fields of
    /// `RegisterMemberRequest` in the violations.
    pub fn new(
        admission_date: NaiveDate,
        ceremony_date: Option<NaiveDate>,
        official_date: Option<NaiveDate>,
        official: bool,
        origin: MemberOrigin,
        since: Option<NaiveDate>,
    ) -> Result<Self, Vec<FieldViolation>> {
        let mut wrong = Vec::new();
        if let Some(ceremony) = ceremony_date
            && ceremony < admission_date
        {
            wrong.push(FieldViolation::new(
                "ceremony_date",
                "lễ kết nạp không thể trước ngày quyết định kết nạp",
                "the ceremony cannot precede the admission decision",
            ));
        }
        match (ceremony_date, official_date) {
            (Some(ceremony), Some(official))
                if official != add_months(ceremony, PROBATION_MONTHS) =>
            {
                wrong.push(FieldViolation::new(
                    "official_date",
                    format!(
                        "ngày chính thức phải là ngày kết nạp cộng 12 tháng ({})",
                        add_months(ceremony, PROBATION_MONTHS)
                    ),
                    format!(
                        "official_date must be the ceremony plus 12 months ({})",
                        add_months(ceremony, PROBATION_MONTHS)
                    ),
                ));
            }
            (None, Some(official)) if official < admission_date => wrong.push(FieldViolation::new(
                "official_date",
                "ngày chính thức không thể trước ngày quyết định kết nạp",
                "official_date cannot precede the admission decision",
            )),
            (Some(_) | None, Some(_) | None) => {}
        }
        if official && official_date.is_none() {
            wrong.push(FieldViolation::new(
                "official_date",
                "đảng viên chính thức cần có ngày chính thức",
                "an official member needs official_date",
            ));
        }
        if !official && ceremony_date.is_none() {
            wrong.push(FieldViolation::new(
                "ceremony_date",
                "đảng viên dự bị cần có ngày lễ kết nạp (ngày bắt đầu dự bị)",
                "a probationary member needs ceremony_date (probation starts on it)",
            ));
        }
        let since = match (origin, since) {
            (MemberOrigin::Existing, None) => admission_date,
            (MemberOrigin::Existing, Some(since)) if since == admission_date => since,
            (MemberOrigin::Existing, Some(_)) => {
                wrong.push(FieldViolation::new(
                    "since",
                    "đảng viên sẵn có: since phải để trống hoặc bằng ngày kết nạp",
                    "an existing member's since must be empty or equal to admission_date",
                ));
                admission_date
            }
            (MemberOrigin::TransferIn, Some(since)) if since >= admission_date => since,
            (MemberOrigin::TransferIn, Some(_) | None) => {
                wrong.push(FieldViolation::new(
                    "since",
                    "đảng viên chuyển đến cần ngày đến (since), không trước ngày kết nạp",
                    "a transferred-in member needs since, not before admission_date",
                ));
                admission_date
            }
            (MemberOrigin::Admitted, _) => {
                wrong.push(FieldViolation::new(
                    "origin",
                    "chỉ đăng ký được đảng viên sẵn có (existing) hoặc chuyển đến (transfer_in)",
                    "only existing or transfer_in members can be registered",
                ));
                admission_date
            }
        };
        if !wrong.is_empty() {
            return Err(wrong);
        }
        let official_date =
            official_date.or_else(|| ceremony_date.map(|c| add_months(c, PROBATION_MONTHS)));
        Ok(Self {
            admission_date,
            ceremony_date,
            official_date,
            official,
            origin,
            since,
        })
    }

    /// The membership this registration creates.
    pub fn member(&self) -> Member {
        Member {
            origin: self.origin,
            since: self.since,
            admission_date: self.admission_date,
            ceremony_date: self.ceremony_date,
            official_date: self.official_date,
            recognized: self.official,
        }
    }
}

/// A registration of a member whose admission predates the records (`RegisterMember`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NewMember {
    /// The person, who must be recorded and not a member.
    pub person: ExternalId,
    pub registration: Registration,
}

/// The membership an ADMIT decision creates: probationary, ceremony still to come.
pub fn admitted(date: NaiveDate) -> Member {
    Member {
        origin: MemberOrigin::Admitted,
        since: date,
        admission_date: date,
        ceremony_date: None,
        official_date: None,
        recognized: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn status_follows_the_dates() {
        let m = Registration::new(
            d("2009-05-19"),
            Some(d("2009-06-01")),
            Some(d("2010-06-01")),
            true,
            MemberOrigin::Existing,
            None,
        )
        .unwrap()
        .member();
        assert_eq!(m.status_on(d("2009-05-18")), MemberStatus::NotAMember);
        assert_eq!(m.status_on(d("2009-05-19")), MemberStatus::Probationary);
        assert_eq!(m.status_on(d("2010-05-31")), MemberStatus::Probationary);
        assert_eq!(m.status_on(d("2010-06-01")), MemberStatus::Official);
        let a = admitted(d("2021-03-01"));
        assert_eq!(a.status_on(d("2030-01-01")), MemberStatus::Probationary);
    }

    #[test]
    fn registrations_are_checked() {
        let fields = |r: Result<Registration, Vec<FieldViolation>>| {
            r.unwrap_err()
                .into_iter()
                .map(|v| v.field)
                .collect::<Vec<_>>()
        };
        // official_date must be ceremony + 12 months.
        assert_eq!(
            fields(Registration::new(
                d("2009-05-19"),
                Some(d("2009-06-01")),
                Some(d("2010-06-02")),
                true,
                MemberOrigin::Existing,
                None
            )),
            ["official_date"]
        );
        assert_eq!(
            fields(Registration::new(
                d("2009-05-19"),
                None,
                None,
                true,
                MemberOrigin::Existing,
                None
            )),
            ["official_date"]
        );
        assert_eq!(
            fields(Registration::new(
                d("2009-05-19"),
                None,
                None,
                false,
                MemberOrigin::Existing,
                None
            )),
            ["ceremony_date"]
        );
        assert_eq!(
            fields(Registration::new(
                d("2009-05-19"),
                None,
                Some(d("2010-06-01")),
                true,
                MemberOrigin::TransferIn,
                None
            )),
            ["since"]
        );
        let moved = Registration::new(
            d("2009-05-19"),
            None,
            Some(d("2010-06-01")),
            true,
            MemberOrigin::TransferIn,
            Some(d("2020-02-01")),
        )
        .unwrap();
        assert_eq!(
            moved.member().status_on(d("2020-01-31")),
            MemberStatus::NotAMember
        );
        assert_eq!(
            moved.member().status_on(d("2020-02-01")),
            MemberStatus::Official
        );
        // A probationary registration gets ceremony + 12 months as its official date.
        let probationary = Registration::new(
            d("2025-05-19"),
            Some(d("2025-06-01")),
            None,
            false,
            MemberOrigin::Existing,
            None,
        )
        .unwrap();
        assert_eq!(probationary.official_date, Some(d("2026-06-01")));
        assert_eq!(
            probationary.member().status_on(d("2026-07-01")),
            MemberStatus::Probationary
        );
    }
}
