//! Month arithmetic as the rulebook counts it (DESIGN §4 "Counting"): "+N months" and full months or
//! years between two dates, both clamped to the end of a shorter month.

use chrono::{Datelike, Months, NaiveDate};

/// `date` plus `months` calendar months, on the same day of the month or on the target month's last
/// day when it is shorter: 2024-02-29 + 12 months = 2025-02-28, 2000-01-31 + 1 month = 2000-02-29.
///
/// Saturates at [`NaiveDate::MAX`] (year 262142), which no record comes near.
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    // chrono clamps to the month's end exactly as DESIGN §4 asks; it fails only past its last date.
    date.checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// The number of months completed from `from` to `to`: the largest `n` with
/// `add_months(from, n) <= to`. A month is complete on the same day of a later month, or on that
/// month's last day when it is shorter, so someone born 2000-01-31 is one month old on 2000-02-29.
///
/// Antisymmetric: when `to` is before `from` the result is `-full_months_between(to, from)`, so
/// never positive (a birth date after the date named gives a negative age, which callers refuse).
pub fn full_months_between(from: NaiveDate, to: NaiveDate) -> i64 {
    if to < from {
        return -full_months_between(to, from);
    }
    let months = (i64::from(to.year()) - i64::from(from.year())) * 12 + i64::from(to.month())
        - i64::from(from.month());
    // The last of those calendar months is complete once `to` reaches `from`'s day of the month,
    // or the last day of `to`'s month when that month has no such day.
    let due_day = from.day().min(u32::from(to.num_days_in_month()));
    if to.day() >= due_day {
        months
    } else {
        months - 1
    }
}

/// The number of full years from `from` to `to`: [`full_months_between`] divided by 12, rounded
/// toward zero, so also antisymmetric. Someone born 2004-02-29 is 18 on 2022-02-28.
pub fn full_years_between(from: NaiveDate, to: NaiveDate) -> i64 {
    full_months_between(from, to) / 12
}

#[cfg(test)]
mod tests {
    use chrono::Days;

    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn adding_clamps_to_the_end_of_a_shorter_month() {
        assert_eq!(add_months(d(2024, 2, 29), 12), d(2025, 2, 28));
        assert_eq!(add_months(d(2024, 2, 29), 48), d(2028, 2, 29));
        assert_eq!(add_months(d(2000, 1, 31), 1), d(2000, 2, 29));
        assert_eq!(add_months(d(2001, 1, 31), 1), d(2001, 2, 28));
        assert_eq!(add_months(d(2000, 3, 31), 1), d(2000, 4, 30));
        assert_eq!(add_months(d(2000, 3, 15), 0), d(2000, 3, 15));
        assert_eq!(add_months(d(2023, 11, 30), 3), d(2024, 2, 29));
        assert_eq!(add_months(NaiveDate::MAX, 1), NaiveDate::MAX);
    }

    #[test]
    fn a_month_is_complete_on_the_same_day_or_the_last_day_of_a_shorter_month() {
        // Born 2000-01-31: one month old on 2000-02-29, not the day before.
        assert_eq!(full_months_between(d(2000, 1, 31), d(2000, 2, 28)), 0);
        assert_eq!(full_months_between(d(2000, 1, 31), d(2000, 2, 29)), 1);
        assert_eq!(full_months_between(d(2000, 1, 31), d(2000, 3, 30)), 1);
        assert_eq!(full_months_between(d(2000, 1, 31), d(2000, 3, 31)), 2);
        assert_eq!(full_months_between(d(2000, 3, 31), d(2000, 4, 29)), 0);
        assert_eq!(full_months_between(d(2000, 3, 31), d(2000, 4, 30)), 1);
        assert_eq!(full_months_between(d(2024, 2, 29), d(2025, 2, 28)), 12);
        assert_eq!(full_months_between(d(2024, 2, 29), d(2025, 2, 27)), 11);
        assert_eq!(full_months_between(d(2000, 5, 10), d(2000, 5, 10)), 0);
    }

    #[test]
    fn ages_at_the_limits_of_the_cell_vote() {
        // 18th birthday: 216 full months on the day, 215 the day before.
        let born = d(2004, 6, 15);
        assert_eq!(full_months_between(born, d(2022, 6, 15)), 216);
        assert_eq!(full_months_between(born, d(2022, 6, 14)), 215);
        assert_eq!(full_years_between(born, d(2022, 6, 15)), 18);
        assert_eq!(full_years_between(born, d(2022, 6, 14)), 17);
        // Born on a leap day: 18 on 28 February of a common year.
        let leap = d(2004, 2, 29);
        assert_eq!(full_months_between(leap, d(2022, 2, 28)), 216);
        assert_eq!(full_months_between(leap, d(2022, 2, 27)), 215);
        // 60 years: 720 full months until the day before the next monthly anniversary.
        let born = d(1960, 5, 10);
        assert_eq!(full_months_between(born, d(2020, 5, 9)), 719);
        assert_eq!(full_months_between(born, d(2020, 5, 10)), 720);
        assert_eq!(full_months_between(born, d(2020, 6, 9)), 720);
        assert_eq!(full_months_between(born, d(2020, 6, 10)), 721);
    }

    #[test]
    fn backwards_is_negative_and_antisymmetric() {
        assert_eq!(full_months_between(d(2022, 6, 15), d(2004, 6, 15)), -216);
        assert_eq!(full_months_between(d(2000, 2, 29), d(2000, 1, 31)), -1);
        assert_eq!(full_months_between(d(2000, 2, 28), d(2000, 1, 31)), 0);
        assert_eq!(full_years_between(d(2001, 2, 1), d(2000, 1, 1)), -1);
        assert_eq!(full_years_between(d(2000, 12, 1), d(2000, 1, 1)), 0);
    }

    /// For every start day over two years (leap and common Februaries, every month end) and
    /// every n up to 30 months:
    /// - `full_months_between(d, add_months(d, n)) == n`: the anniversary completes exactly n;
    /// - for n ≥ 1, the day before it completes exactly n − 1 (so fewer than n). This holds even
    ///   when clamping makes several start days share an anniversary (01-29, 01-30 and 01-31 all
    ///   reach 2000-02-29), because consecutive anniversaries are at least 28 days apart.
    ///
    /// What does *not* hold under clamping, and is not claimed: `add_months` composing
    /// (2000-01-31 + 1 + 1 = 2000-03-29, but + 2 = 2000-03-31).
    #[test]
    fn anniversaries_complete_exactly_n_months() {
        let mut start = d(1999, 12, 1);
        while start <= d(2001, 12, 31) {
            for n in 0..=30_u32 {
                let due = add_months(start, n);
                assert_eq!(
                    full_months_between(start, due),
                    i64::from(n),
                    "{start} + {n}"
                );
                if n >= 1 {
                    let eve = due - Days::new(1);
                    assert_eq!(
                        full_months_between(start, eve),
                        i64::from(n) - 1,
                        "{start} + {n} - 1 day"
                    );
                }
            }
            start = start + Days::new(1);
        }
    }

    /// `full_months_between(from, to)` is the largest n with `add_months(from, n) <= to`,
    /// checked by brute force.
    #[test]
    fn counts_agree_with_the_definition() {
        let mut from = d(1999, 12, 1);
        while from <= d(2001, 3, 31) {
            for offset in 0..=430_u64 {
                let to = from + Days::new(offset);
                let brute = (0..=15_u32)
                    .rev()
                    .find(|&n| add_months(from, n) <= to)
                    .unwrap();
                assert_eq!(
                    full_months_between(from, to),
                    i64::from(brute),
                    "{from} → {to}"
                );
                assert_eq!(
                    full_months_between(to, from),
                    -i64::from(brute),
                    "{to} → {from}"
                );
            }
            from = from + Days::new(1);
        }
    }
}
