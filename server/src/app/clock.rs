//! "Today": the server's date at UTC+7 (DESIGN §4), or a fixed date for tests and demos.

use chrono::{FixedOffset, NaiveDate, Utc};

/// Viet Nam's offset from UTC, in seconds.
const VN_OFFSET_SECS: i32 = 7 * 3600;

/// Where "today" comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Clock {
    /// The system clock, read at UTC+7.
    #[default]
    System,
    /// Always this date.
    Fixed(NaiveDate),
}

impl Clock {
    /// Today's date.
    pub fn today(self) -> NaiveDate {
        match self {
            Clock::System => {
                let now = Utc::now();
                FixedOffset::east_opt(VN_OFFSET_SECS)
                    .map_or(now.date_naive(), |vn| now.with_timezone(&vn).date_naive())
            }
            Clock::Fixed(day) => day,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_clock_is_fixed() {
        let day = NaiveDate::from_ymd_opt(2022, 1, 24).unwrap();
        assert_eq!(Clock::Fixed(day).today(), day);
    }

    #[test]
    fn system_clock_is_ahead_of_or_equal_to_utc() {
        let utc = Utc::now().date_naive();
        let today = Clock::System.today();
        assert!(today == utc || today == utc.succ_opt().unwrap());
    }
}
