//! Working days (DESIGN §4): Monday–Friday minus Vietnamese public holidays, the days given off in
//! compensation, and the government's announced swaps; deadlines counted in those days.
//!
//! The holidays are those DESIGN §4 lists, applied alike to every year:
//! - 1/1, 30/4, 1/5 and 2/9, plus from 2021 one day adjacent to 2/9: 1/9 unless the swaps file
//!   names 3/9 for that year;
//! - Tết: the last day of lunar month 12 (29 or 30) and lunar 1/1 to 4/1, five days;
//! - the Hùng Kings' commemoration, lunar 10/3.
//!
//! The lunar dates come from [`lunar_to_solar`], the Vietnamese calendar computed at UTC+7. The
//! lunar holidays are known for [`LUNAR_HOLIDAY_YEARS`] (1990–2060) only: in other years only
//! weekends and the fixed-date holidays count.
//!
//! A holiday on a Saturday or Sunday gives the next day off that is neither a weekend day, nor a
//! holiday, nor already given for an earlier holiday; so a Tết block holding two weekend days is
//! followed by two days off.
//!
//! The rules are not the whole story: each year the government announces how the holidays fall
//! (bridge days bought with make-up Saturdays; a Tết day on a Saturday is usually made up before
//! the block rather than after it, as in 2018, 2020, 2021, 2023, 2024 and 2025). Those announcements live in `data/calendar-swaps.json`,
//! embedded in the binary, which the operator keeps current when each year's arrangement is
//! announced; [`Calendar::from_swaps_json`] reads a replacement. Its format:
//!
//! ```json
//! {"years": {"2025": {"note": "source of the entries, free text",
//!                     "days_off": ["2025-01-27", "2025-05-02"],
//!                     "working_days": ["2025-02-03", "2025-04-26"],
//!                     "adjacent_to_2_9": "2025-09-01"}}}
//! ```
//!
//! `days_off` are days the rules make working days and the announcement gives off; `working_days`
//! are days the rules give off and the announcement makes working days; every key is optional.
//! Entries that would change nothing are refused, as they are most likely mistyped dates.

mod lunar;
mod swaps;
#[cfg(test)]
mod tests;

use std::collections::{BTreeSet, HashSet};
use std::ops::RangeInclusive;
use std::sync::OnceLock;

use chrono::{Datelike, Days, NaiveDate, Weekday};

pub use lunar::{LunarDate, SUPPORTED_YEARS, lunar_to_solar, solar_to_lunar, tet};
use swaps::{FIRST_YEAR_WITH_ADJACENT_DAY, Swaps};

/// The solar years whose lunar holidays (Tết, Hùng Kings) the calendar knows (DESIGN §4).
pub const LUNAR_HOLIDAY_YEARS: RangeInclusive<i32> = 1990..=2060;

/// The swaps shipped with the server.
const SHIPPED_SWAPS: &str = include_str!("../../data/calendar-swaps.json");

/// The working-day calendar: weekends, Vietnamese public holidays, announced swaps.
#[derive(Clone, Debug)]
pub struct Calendar {
    /// The holidays and compensatory days of the rules in [`LUNAR_HOLIDAY_YEARS`], computed once
    /// because the lunar conversions are the costly part.
    rule_holidays: HashSet<NaiveDate>,
    swaps: Swaps,
}

impl Calendar {
    /// The built-in calendar (holidays computed, swaps from the shipped data file).
    pub fn vietnam() -> &'static Calendar {
        static VIETNAM: OnceLock<Calendar> = OnceLock::new();
        VIETNAM.get_or_init(|| {
            // A test parses the shipped file, so the rules-only fallback is never taken by a
            // build whose tests passed; it only keeps this function total.
            Calendar::from_swaps_json(SHIPPED_SWAPS)
                .unwrap_or_else(|_| Calendar::with_swaps(Swaps::default()))
        })
    }

    /// A calendar with swaps from JSON text (an operator's override file); errors say which entry
    /// is wrong. The text replaces the shipped file rather than adding to it.
    pub fn from_swaps_json(text: &str) -> Result<Calendar, String> {
        let calendar = Calendar::with_swaps(swaps::parse(text)?);
        for &day in &calendar.swaps.days_off {
            if calendar.is_rule_day_off(day) {
                return Err(format!(
                    "calendar swaps: years.{}.days_off: {day} ({}) is already a day off",
                    day.year(),
                    day.weekday()
                ));
            }
        }
        for &day in &calendar.swaps.working_days {
            if !calendar.is_rule_day_off(day) {
                return Err(format!(
                    "calendar swaps: years.{}.working_days: {day} ({}) is already a working day",
                    day.year(),
                    day.weekday()
                ));
            }
        }
        Ok(calendar)
    }

    fn with_swaps(swaps: Swaps) -> Calendar {
        let rule_holidays = LUNAR_HOLIDAY_YEARS
            .flat_map(|year| rule_holidays(year, swaps.adjacent_to_2_9.get(&year).copied()))
            .collect();
        Calendar {
            rule_holidays,
            swaps,
        }
    }

    /// Whether `day` is a public holiday: a holiday of the rules or a compensatory day not made a
    /// working day by the swaps, or a day the swaps give off. A holiday on a weekend counts.
    pub fn is_public_holiday(&self, day: NaiveDate) -> bool {
        !self.swaps.working_days.contains(&day)
            && (self.swaps.days_off.contains(&day) || self.is_rule_holiday(day))
    }

    /// Whether `day` is a working day: a weekday that is no public holiday, or a day the swaps
    /// make a working day (a make-up Saturday).
    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        self.swaps.working_days.contains(&day) || !(is_weekend(day) || self.is_public_holiday(day))
    }

    /// The day on which a deadline of `n` working days after `start` falls (counting from the day
    /// after `start`). n = 0 → start.
    ///
    /// Saturates at [`NaiveDate::MAX`], which no deadline comes near.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut day = start;
        let mut left = n;
        while left > 0 {
            let Some(next) = day.succ_opt() else {
                return day;
            };
            day = next;
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        day
    }

    /// Working days in (start, end]; 0 when end <= start.
    pub fn working_days_between(&self, start: NaiveDate, end: NaiveDate) -> u32 {
        let count = start
            .iter_days()
            .skip(1)
            .take_while(|day| *day <= end)
            .filter(|day| self.is_working_day(*day))
            .count();
        // More working days than u32 holds would span millions of years.
        u32::try_from(count).unwrap_or(u32::MAX)
    }

    /// Whether the rules alone, before the swaps' days off and working days, give `day` off.
    fn is_rule_day_off(&self, day: NaiveDate) -> bool {
        is_weekend(day) || self.is_rule_holiday(day)
    }

    /// Whether `day` is a holiday or compensatory day of the rules.
    fn is_rule_holiday(&self, day: NaiveDate) -> bool {
        let year = day.year();
        if LUNAR_HOLIDAY_YEARS.contains(&year) {
            self.rule_holidays.contains(&day)
        } else {
            // Only fixed dates out here: cheap enough to work out on each call.
            rule_holidays(year, self.swaps.adjacent_to_2_9.get(&year).copied()).contains(&day)
        }
    }
}

/// The holidays of solar `year` by the rules, with their compensatory days; `adjacent_to_2_9` is
/// the swaps file's choice of the day joined to 2/9, if it makes one.
fn rule_holidays(year: i32, adjacent_to_2_9: Option<NaiveDate>) -> BTreeSet<NaiveDate> {
    let on = |month, day| NaiveDate::from_ymd_opt(year, month, day);
    let mut holidays: BTreeSet<NaiveDate> = [on(1, 1), on(4, 30), on(5, 1), on(9, 2)]
        .into_iter()
        .flatten()
        .collect();
    if year >= FIRST_YEAR_WITH_ADJACENT_DAY {
        holidays.extend(adjacent_to_2_9.or_else(|| on(9, 1)));
    }
    if LUNAR_HOLIDAY_YEARS.contains(&year) {
        // Lunar 1/1 always falls in late January or February, so the whole block is in `year`.
        if let Some(eve) = tet(year).and_then(|tet| tet.pred_opt()) {
            holidays.extend((0..5).filter_map(|offset| eve.checked_add_days(Days::new(offset))));
        }
        holidays.extend(lunar_to_solar(year, 3, 10, false));
    }
    // In date order, so an earlier holiday's day off comes first; the latest holiday is 3/9,
    // so every compensatory day stays in `year`.
    let mut compensatory = BTreeSet::new();
    for &holiday in holidays.iter().filter(|day| is_weekend(**day)) {
        let free = holiday.iter_days().skip(1).find(|day| {
            !is_weekend(*day) && !holidays.contains(day) && !compensatory.contains(day)
        });
        compensatory.extend(free);
    }
    holidays.extend(compensatory);
    holidays
}

fn is_weekend(day: NaiveDate) -> bool {
    matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
}
