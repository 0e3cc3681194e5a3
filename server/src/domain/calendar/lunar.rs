//! The Vietnamese lunisolar calendar (âm lịch), computed astronomically at UTC+7.
//!
//! The rules are those of the Vietnamese calendar since the decree of 8 August 1967, as set out by
//! Hồ Ngọc Đức: a month begins on the local (UTC+7) day of a new moon; month 11 is the month that
//! contains the winter solstice; when 13 months lie between one month 11 and the next, the first
//! of them (after month 11) in which the sun enters no new sign (no major solar term, *trung khí*)
//! is the leap month, and repeats the number of the month before it. The astronomy is the
//! low-precision series of Meeus, *Astronomical Algorithms* (new moons ch. 49, the sun's longitude
//! ch. 25), good to minutes over 1900–2100.
//!
//! Because China reckons the same rules at UTC+8, a new moon shortly before midnight in Hanoi
//! falls on the next day in Beijing, so the two calendars sometimes differ: Tết was 2007-02-17 in
//! Vietnam and 2007-02-18 in China, and in 1985 a month apart (1985-01-21 and 1985-02-20).

use std::f64::consts::{PI, TAU};
use std::ops::RangeInclusive;

use chrono::{Datelike, NaiveDate};

/// The lunar years converted, and the solar years whose dates are converted; outside them the
/// conversions answer `None` (the series and the ΔT fit below are not trusted there).
pub const SUPPORTED_YEARS: RangeInclusive<i32> = 1900..=2100;

/// UTC+7 as a fraction of a day: Vietnamese days begin at 17:00 UT the day before.
const ZONE: f64 = 7.0 / 24.0;
/// The mean synodic month in days.
const SYNODIC_MONTH: f64 = 29.530_588_853;
/// Julian day number of 0001-01-01 minus one, to convert chrono's day count.
const JDN_OF_CE_DAY_ZERO: i64 = 1_721_425;

/// A date of the Vietnamese lunar calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LunarDate {
    /// The lunar year, named after the solar year in which its month 1 begins.
    pub year: i32,
    /// The month, 1–12; a leap month repeats the number of the month before it.
    pub month: u32,
    /// The day of the month, 1–30.
    pub day: u32,
    /// Whether `month` is the leap (second) month of that number.
    pub leap: bool,
}

/// The solar date of a lunar date, or `None` when the year is outside [`SUPPORTED_YEARS`], the
/// month has no leap twin that year (`leap` asked), or the month is shorter than `day`.
pub fn lunar_to_solar(year: i32, month: u32, day: u32, leap: bool) -> Option<NaiveDate> {
    if !SUPPORTED_YEARS.contains(&year) || !(1..=12).contains(&month) || !(1..=30).contains(&day) {
        return None;
    }
    // Months 11 and 12 of lunar year Y sit at the start of the run that ends at month 11 of Y + 1.
    let run = MonthRun::ending_in(if month >= 11 { year + 1 } else { year });
    let index = (0..run.len()).find(|&i| run.label(i) == (year, month, leap))?;
    let start = run.starts[index];
    let length = run.starts[index + 1] - start;
    if i64::from(day) > length {
        return None;
    }
    date_of_day_number(start + i64::from(day) - 1)
}

/// The lunar date of a solar date, or `None` when its year is outside [`SUPPORTED_YEARS`].
pub fn solar_to_lunar(date: NaiveDate) -> Option<LunarDate> {
    let year = date.year();
    if !SUPPORTED_YEARS.contains(&year) {
        return None;
    }
    let day = day_number(date);
    // The run ending at month 11 of this solar year covers the year up to that month's first day.
    let run = MonthRun::ending_in(if day >= month_11(year).1 {
        year + 1
    } else {
        year
    });
    let index = (0..run.len()).rev().find(|&i| run.starts[i] <= day)?;
    let (lunar_year, month, leap) = run.label(index);
    let day_of_month = u32::try_from(day - run.starts[index] + 1).ok()?;
    Some(LunarDate {
        year: lunar_year,
        month,
        day: day_of_month,
        leap,
    })
}

/// Tết Nguyên Đán of lunar year `year`: the solar date of lunar 1/1, always in solar year `year`;
/// `None` outside [`SUPPORTED_YEARS`].
pub fn tet(year: i32) -> Option<NaiveDate> {
    lunar_to_solar(year, 1, 1, false)
}

/// The lunar months from month 11 of lunar year `year − 1` up to month 11 of `year`.
struct MonthRun {
    /// The lunar year in which the run ends.
    year: i32,
    /// The day number on which each month begins, then that of the next month 11.
    starts: Vec<i64>,
    /// Which month of the run is the leap month, in a run of 13.
    leap: Option<usize>,
}

impl MonthRun {
    fn ending_in(year: i32) -> MonthRun {
        let (first, _) = month_11(year - 1);
        let (last, _) = month_11(year);
        let starts: Vec<i64> = (first..=last).map(new_moon_day).collect();
        let leap = if starts.len() == 14 {
            // The first month whose first day and the next month's share a solar sign has no
            // major term. Twelve major terms in thirteen months guarantee one; the fallback only
            // keeps the code total.
            Some(
                (1..13)
                    .find(|&i| sun_sign(starts[i]) == sun_sign(starts[i + 1]))
                    .unwrap_or(12),
            )
        } else {
            None
        };
        MonthRun { year, starts, leap }
    }

    /// The number of months in the run (12 or 13).
    fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// The (lunar year, month, leap) of the run's month `index`.
    fn label(&self, index: usize) -> (i32, u32, bool) {
        // Months counted past the opening month 11, the leap month sharing its predecessor's count.
        let counted = match self.leap {
            Some(leap) if index >= leap => index - 1,
            Some(_) | None => index,
        };
        // 0 → 11, 1 → 12, 2 → 1, … 11 → 10; the index is below 14, so the cast is exact.
        let month = (counted as u32 + 10) % 12 + 1;
        let year = if month >= 11 {
            self.year - 1
        } else {
            self.year
        };
        (year, month, self.leap == Some(index))
    }
}

/// The lunation number and first day of the month 11 of solar year `year` (the one containing
/// the December solstice).
fn month_11(year: i32) -> (i64, i64) {
    let december_31 = julian_day_number(i64::from(year), 12, 31);
    // The new moon at or just before 31 December …
    let lunation = ((december_31 - 2_415_021) as f64 / SYNODIC_MONTH).floor() as i64;
    let day = new_moon_day(lunation);
    // … begins month 11 unless the sun is already past the solstice (270°, sign 9) on that day.
    if sun_sign(day) >= 9 {
        (lunation - 1, new_moon_day(lunation - 1))
    } else {
        (lunation, day)
    }
}

/// The day number (UTC+7) of new moon number `lunation`.
fn new_moon_day(lunation: i64) -> i64 {
    (new_moon(lunation) + 0.5 + ZONE).floor() as i64
}

/// The sun's sign (0 = 0°–30° of longitude, … 11) at the start of local day `day`.
fn sun_sign(day: i64) -> i64 {
    (sun_longitude(day as f64 - 0.5 - ZONE) / (PI / 6.0)).floor() as i64
}

/// Julian day (UT) of new moon number `lunation`, counted from that of 1 January 1900 (Meeus
/// ch. 49, truncated to the terms above 0.0003 days).
fn new_moon(lunation: i64) -> f64 {
    let k = lunation as f64;
    let t = k / 1236.85; // Julian centuries since 1900.0
    let (t2, t3) = (t * t, t * t * t);
    let rad = f64::to_radians;
    let mean = 2_415_020.759_33 + 29.530_588_68 * k + 0.000_117_8 * t2 - 0.000_000_155 * t3
        + 0.000_33 * rad(166.56 + 132.87 * t - 0.009_173 * t2).sin();
    // The sun's mean anomaly, the moon's mean anomaly and the moon's argument of latitude.
    let m = rad(359.2242 + 29.105_356_08 * k - 0.000_033_3 * t2 - 0.000_003_47 * t3);
    let mp = rad(306.0253 + 385.816_918_06 * k + 0.010_730_6 * t2 + 0.000_012_36 * t3);
    let f = rad(21.2964 + 390.670_506_46 * k - 0.001_652_8 * t2 - 0.000_002_39 * t3);
    let periodic = (0.1734 - 0.000_393 * t) * m.sin() + 0.0021 * (2.0 * m).sin()
        - 0.4068 * mp.sin()
        + 0.0161 * (2.0 * mp).sin()
        - 0.0004 * (3.0 * mp).sin()
        + 0.0104 * (2.0 * f).sin()
        - 0.0051 * (m + mp).sin()
        - 0.0074 * (m - mp).sin()
        + 0.0004 * (2.0 * f + m).sin()
        - 0.0004 * (2.0 * f - m).sin()
        - 0.0006 * (2.0 * f + mp).sin()
        + 0.0010 * (2.0 * f - mp).sin()
        + 0.0005 * (2.0 * mp + m).sin();
    // ΔT = TT − UT in days: the series gives dynamical time, the calendar runs on clock time.
    let delta_t = -0.000_278 + 0.000_265 * t + 0.000_262 * t2;
    mean + periodic - delta_t
}

/// The sun's apparent geometric longitude in radians, 0 ≤ λ < 2π, at Julian day `jd` (Meeus
/// ch. 25, low precision).
fn sun_longitude(jd: f64) -> f64 {
    let t = (jd - 2_451_545.0) / 36_525.0; // Julian centuries since J2000.0
    let t2 = t * t;
    let m =
        (357.529_10 + 35_999.050_30 * t - 0.000_155_9 * t2 - 0.000_000_48 * t2 * t).to_radians();
    let mean_longitude = 280.466_45 + 36_000.769_83 * t + 0.000_303_2 * t2;
    let centre = (1.914_600 - 0.004_817 * t - 0.000_014 * t2) * m.sin()
        + (0.019_993 - 0.000_101 * t) * (2.0 * m).sin()
        + 0.000_290 * (3.0 * m).sin();
    (mean_longitude + centre).to_radians().rem_euclid(TAU)
}

/// The Julian day number of a proleptic Gregorian date (Fliegel and Van Flandern's formula).
fn julian_day_number(year: i64, month: i64, day: i64) -> i64 {
    let a = (14 - month) / 12;
    let y = year + 4800 - a;
    let m = month + 12 * a - 3;
    day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32_045
}

/// The Julian day number of `date`.
fn day_number(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) + JDN_OF_CE_DAY_ZERO
}

/// The date of Julian day number `day`, if chrono can hold it.
fn date_of_day_number(day: i64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(day - JDN_OF_CE_DAY_ZERO).ok()?)
}
