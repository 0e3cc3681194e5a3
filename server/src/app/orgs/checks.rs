//! The checks organisation use cases share: dates, validity, etags, and the messages that explain
//! a refusal.

use chrono::NaiveDate;

use super::CHILDREN_NAMED;
use crate::domain::{
    Error, Reason, Result,
    org::{OrgCode, Organization},
};

/// Up to `CHILDREN_NAMED` codes, then "…".
pub(super) fn named(codes: &[String]) -> String {
    let mut named: Vec<&str> = codes
        .iter()
        .take(CHILDREN_NAMED as usize)
        .map(String::as_str)
        .collect();
    if codes.len() as u64 > CHILDREN_NAMED {
        named.push("…");
    }
    named.join(", ")
}

pub(super) fn check_etag(given: Option<&str>, org: &Organization) -> Result<()> {
    match given {
        Some(etag) if etag != org.etag() => {
            Err(Error::stale_etag(&format!("Tổ chức {}", org.code)))
        }
        Some(_) | None => Ok(()),
    }
}

pub(super) fn after_previous_step(date: NaiveDate, previous: NaiveDate) -> Result<()> {
    if date <= previous {
        return Err(Error::refused(
            Reason::DateBeforePreviousStep,
            format!("Ngày {date} phải sau lần thay đổi đã ghi nhận gần nhất (ngày {previous})"),
            format!("{date} must be after the latest recorded change ({previous})"),
        ));
    }
    Ok(())
}

/// Refuses (`ORG_NOT_VALID_ON_DATE`) an organisation that has already ended: ending it again, or
/// earlier, would rewrite a restructuring already recorded.
pub(super) fn still_live(org: &Organization) -> Result<()> {
    match org.valid_to {
        None => Ok(()),
        Some(last) => Err(Error::refused(
            Reason::OrgNotValidOnDate,
            format!("{} đã chấm dứt hoạt động sau ngày {last}", org.code),
            format!("{} already ended on {last}", org.code),
        )),
    }
}

/// Refuses a parent that is not valid from `from` through `to` (open: for good).
pub(super) fn valid_throughout(
    parent: &Organization,
    from: NaiveDate,
    to: Option<NaiveDate>,
) -> Result<()> {
    parent.check_valid_on(from)?;
    let outlives = match (parent.valid_to, to) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(parent_end), Some(end)) => end <= parent_end,
    };
    if outlives {
        return Ok(());
    }
    Err(Error::refused(
        Reason::OrgNotValidOnDate,
        format!(
            "Cấp trên {} không còn tồn tại suốt thời gian cần thiết ({})",
            parent.code,
            parent.life_vi()
        ),
        format!(
            "parent {} does not exist for the whole period ({})",
            parent.code,
            parent.life_en()
        ),
    ))
}

pub(super) fn cycle(code: &OrgCode, parent: &OrgCode) -> Error {
    Error::refused(
        Reason::OrgCycle,
        format!("Không thể chuyển {code} về trực thuộc {parent}: {parent} nằm trong chính {code}"),
        format!("cannot move {code} under {parent}: {parent} is inside {code}"),
    )
}

/// The day before `date`.
pub(in crate::app) fn day_before(date: NaiveDate) -> Result<NaiveDate> {
    date.pred_opt()
        .ok_or_else(|| Error::Internal(format!("no day before {date}")))
}
