//! The date rules every use case shares: a recorded date is never after today. One wording for
//! the refusal wherever a date is given (a person, a membership, a decision, a restructuring).

use chrono::NaiveDate;

use super::{Error, FieldViolation, Reason, Result};

/// The violation of `field` if `date` is after `today`.
pub fn in_future(field: &str, date: NaiveDate, today: NaiveDate) -> Option<FieldViolation> {
    (date > today).then(|| {
        FieldViolation::new(
            field,
            format!("ngày {date} là ngày trong tương lai (hôm nay là {today})"),
            format!("{date} is in the future (today is {today})"),
        )
    })
}

/// Refuses a date after today (`DATE_IN_FUTURE`), naming `field`.
pub fn not_in_future(field: &str, date: NaiveDate, today: NaiveDate) -> Result<()> {
    none_in_future(&[(field, Some(date))], today)
}

/// Refuses every given date that is after today, all in one `DATE_IN_FUTURE`.
pub fn none_in_future(dates: &[(&str, Option<NaiveDate>)], today: NaiveDate) -> Result<()> {
    let violations: Vec<FieldViolation> = dates
        .iter()
        .filter_map(|(field, date)| in_future(field, (*date)?, today))
        .collect();
    if violations.is_empty() {
        return Ok(());
    }
    Err(Error::Invalid {
        reason: Reason::DateInFuture,
        violations,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, d).unwrap_or_default()
    }

    #[test]
    fn today_and_earlier_pass_and_every_later_date_is_named() {
        assert!(not_in_future("a", day(15), day(15)).is_ok());
        assert!(none_in_future(&[("a", Some(day(1))), ("b", None)], day(15)).is_ok());
        let Err(Error::Invalid { reason, violations }) = none_in_future(
            &[
                ("a", Some(day(16))),
                ("b", Some(day(2))),
                ("c", Some(day(20))),
            ],
            day(15),
        ) else {
            panic!("two dates after today must be refused");
        };
        assert_eq!(reason, Reason::DateInFuture);
        let fields: Vec<&str> = violations.iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, ["a", "c"]);
        assert_eq!(
            violations[0].msg.en,
            "2026-01-16 is in the future (today is 2026-01-15)"
        );
    }
}
