//! Admissions targets: how many admissions are planned for an organisation in a year (DESIGN §3),
//! and the rules `SetTarget` judges them by.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{
    Error, FieldViolation, Msg, Reason, Result,
    org::{OrgCode, Organization, etag_of},
};

/// The earliest year a target may be set for: the Party was founded in 1930, so no record of
/// admissions is older.
pub const FIRST_YEAR: i32 = 1930;
/// How many years after the current one a target may be planned.
pub const YEARS_AHEAD: i32 = 10;

/// The target of one organisation and year, as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub org: OrgCode,
    pub year: i32,
    /// Admissions planned; never negative.
    pub admissions: i32,
    /// Bumped on every change; the etag is derived from it.
    pub version: i64,
}

impl Target {
    /// The etag clients send back: opaque to them, a version to us.
    pub fn etag(&self) -> String {
        etag_of(self.version)
    }
}

/// `SetTarget`: create or replace the target of (`org`, `year`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SetTarget {
    pub org: OrgCode,
    pub year: i32,
    pub admissions: i32,
    /// The etag the caller read; `None`: replace whatever is stored.
    pub etag: Option<String>,
}

impl SetTarget {
    /// Refuses a year outside [`FIRST_YEAR`] ..= this year + [`YEARS_AHEAD`] and negative
    /// admissions, both at once (`INVALID_ARGUMENT`).
    pub fn check(&self, today: NaiveDate) -> Result<()> {
        let last = today.year() + YEARS_AHEAD;
        let mut violations = Vec::new();
        if !(FIRST_YEAR..=last).contains(&self.year) {
            violations.push(FieldViolation::new(
                "target.year",
                format!(
                    "năm {} nằm ngoài khoảng đặt được chỉ tiêu ({FIRST_YEAR}–{last})",
                    self.year
                ),
                format!(
                    "year {} is outside the years a target can be set for ({FIRST_YEAR}–{last})",
                    self.year
                ),
            ));
        }
        if self.admissions < 0 {
            violations.push(FieldViolation::new(
                "target.admissions",
                format!(
                    "chỉ tiêu kết nạp không được âm (nhận được {})",
                    self.admissions
                ),
                format!("admissions must not be negative (got {})", self.admissions),
            ));
        }
        Error::check_fields(violations)
    }
}

/// Refuses (`ORG_NOT_VALID_ON_DATE`) an organisation that exists on no day of `year`: a target
/// is planned for an organisation that works during the year, even for part of it.
pub fn valid_in_year(org: &Organization, year: i32) -> Result<()> {
    let first = NaiveDate::from_ymd_opt(year, 1, 1);
    let last = NaiveDate::from_ymd_opt(year, 12, 31);
    let overlaps = first.zip(last).is_some_and(|(first, last)| {
        org.valid_from <= last && org.valid_to.is_none_or(|to| first <= to)
    });
    if overlaps {
        return Ok(());
    }
    let (life_vi, life_en) = match org.valid_to {
        Some(to) => (
            format!("hiệu lực từ {} đến {to}", org.valid_from),
            format!("valid from {} to {to}", org.valid_from),
        ),
        None => (
            format!("hiệu lực từ {}", org.valid_from),
            format!("valid from {}", org.valid_from),
        ),
    };
    Err(Error::refused(
        Reason::OrgNotValidOnDate,
        format!(
            "Tổ chức {} không hoạt động ngày nào trong năm {year} ({life_vi}); chỉ đặt được chỉ tiêu kết nạp cho năm tổ chức còn hoạt động",
            org.code
        ),
        format!(
            "organization {} exists on no day of {year} ({life_en}); a target can be set only for a year in which it exists",
            org.code
        ),
    ))
}

/// Refuses (`ABORTED`) an etag that is not the stored target's, or any etag when none is stored.
pub fn check_etag(
    given: Option<&str>,
    stored: Option<&Target>,
    org: &OrgCode,
    year: i32,
) -> Result<()> {
    match (given, stored) {
        (None, _) => Ok(()),
        (Some(etag), Some(target)) if etag == target.etag() => Ok(()),
        (Some(_), Some(_)) => Err(Error::stale_etag(&format!(
            "Chỉ tiêu kết nạp năm {year} của {org}"
        ))),
        (Some(_), None) => Err(Error::Conflict {
            msg: Msg::new(
                format!(
                    "Chưa có chỉ tiêu kết nạp năm {year} của {org} nên etag gửi kèm không khớp; hãy xem lại, hoặc gửi không kèm etag"
                ),
                format!(
                    "no target is set for {org} in {year}, so the etag sent does not match; read it again, or send no etag"
                ),
            ),
        }),
    }
}

/// No target is set for (`org`, `year`).
pub fn not_found(org: &OrgCode, year: i32) -> Error {
    Error::NotFound {
        reason: Reason::TargetNotFound,
        msg: Msg::new(
            format!("Chưa có chỉ tiêu kết nạp năm {year} của tổ chức {org}"),
            format!("no admissions target is set for {org} in {year}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::org::{OrgKind, Sector};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn set(year: i32, admissions: i32) -> SetTarget {
        SetTarget {
            org: OrgCode::parse("f", "KHOI").unwrap(),
            year,
            admissions,
            etag: None,
        }
    }

    #[test]
    fn years_run_from_1930_to_ten_years_ahead() {
        let today = day(2026, 1, 15);
        for ok in [1930, 2022, 2036] {
            assert!(set(ok, 0).check(today).is_ok(), "{ok}");
        }
        for bad in [1929, 2037, 0, -1] {
            assert!(set(bad, 1).check(today).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_bad_field_is_named() {
        let Err(Error::Invalid { violations, .. }) = set(1800, -1).check(day(2026, 1, 15)) else {
            panic!("expected INVALID_ARGUMENT");
        };
        let fields: Vec<_> = violations.iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, ["target.year", "target.admissions"]);
    }

    #[test]
    fn an_org_counts_if_it_exists_on_any_day_of_the_year() {
        let org = Organization {
            code: OrgCode::parse("f", "CS01").unwrap(),
            display_name: "CS01".into(),
            kind: OrgKind::GrassrootsCommittee,
            sector: Sector::Other,
            parent: None,
            valid_from: day(2015, 12, 31),
            valid_to: Some(day(2020, 1, 1)),
            version: 1,
        };
        for ok in [2015, 2018, 2020] {
            assert!(valid_in_year(&org, ok).is_ok(), "{ok}");
        }
        for bad in [2014, 2021] {
            let error = valid_in_year(&org, bad).unwrap_err();
            assert_eq!(error.reason(), Reason::OrgNotValidOnDate, "{bad}");
        }
    }

    #[test]
    fn an_etag_needs_a_stored_target_with_it() {
        let org = OrgCode::parse("f", "KHOI").unwrap();
        let stored = Target {
            org: org.clone(),
            year: 2022,
            admissions: 150,
            version: 2,
        };
        assert!(check_etag(None, None, &org, 2022).is_ok());
        assert!(check_etag(Some("\"2\""), Some(&stored), &org, 2022).is_ok());
        assert!(check_etag(Some("\"1\""), Some(&stored), &org, 2022).is_err());
        assert!(check_etag(Some("\"1\""), None, &org, 2022).is_err());
    }
}
