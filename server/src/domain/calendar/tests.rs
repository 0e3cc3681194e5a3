use chrono::{Datelike, NaiveDate, Weekday};

use super::*;

fn d(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

/// A calendar with the rules alone, no swaps.
fn rules_only() -> Calendar {
    Calendar::from_swaps_json(r#"{"years": {}}"#).unwrap()
}

/// The published Vietnamese Tết (lunar 1/1), 1990–2060: the Chinese dates except 2007, 2030 and
/// 2053, when Vietnam (UTC+7) is a day earlier.
const TET: &str = "
    1990-01-27 1991-02-15 1992-02-04 1993-01-23 1994-02-10 1995-01-31 1996-02-19 1997-02-07
    1998-01-28 1999-02-16 2000-02-05 2001-01-24 2002-02-12 2003-02-01 2004-01-22 2005-02-09
    2006-01-29 2007-02-17 2008-02-07 2009-01-26 2010-02-14 2011-02-03 2012-01-23 2013-02-10
    2014-01-31 2015-02-19 2016-02-08 2017-01-28 2018-02-16 2019-02-05 2020-01-25 2021-02-12
    2022-02-01 2023-01-22 2024-02-10 2025-01-29 2026-02-17 2027-02-06 2028-01-26 2029-02-13
    2030-02-02 2031-01-23 2032-02-11 2033-01-31 2034-02-19 2035-02-08 2036-01-28 2037-02-15
    2038-02-04 2039-01-24 2040-02-12 2041-02-01 2042-01-22 2043-02-10 2044-01-30 2045-02-17
    2046-02-06 2047-01-26 2048-02-14 2049-02-02 2050-01-23 2051-02-11 2052-02-01 2053-02-18
    2054-02-08 2055-01-28 2056-02-15 2057-02-04 2058-01-24 2059-02-12 2060-02-02
";

/// Lunar 10/3, 1990–2060; Vietnam differs from China in 2009, 2037 and 2038.
const HUNG_KINGS: &str = "
    1990-04-05 1991-04-24 1992-04-12 1993-04-01 1994-04-20 1995-04-09 1996-04-27 1997-04-16
    1998-04-06 1999-04-25 2000-04-14 2001-04-03 2002-04-22 2003-04-11 2004-04-28 2005-04-18
    2006-04-07 2007-04-26 2008-04-15 2009-04-04 2010-04-23 2011-04-12 2012-03-31 2013-04-19
    2014-04-09 2015-04-28 2016-04-16 2017-04-06 2018-04-25 2019-04-14 2020-04-02 2021-04-21
    2022-04-10 2023-04-29 2024-04-18 2025-04-07 2026-04-26 2027-04-16 2028-04-04 2029-04-23
    2030-04-12 2031-04-01 2032-04-19 2033-04-09 2034-04-28 2035-04-17 2036-04-06 2037-04-24
    2038-04-13 2039-04-03 2040-04-20 2041-04-10 2042-04-29 2043-04-19 2044-04-07 2045-04-26
    2046-04-15 2047-04-04 2048-04-22 2049-04-11 2050-04-01 2051-04-20 2052-04-09 2053-04-28
    2054-04-17 2055-04-06 2056-04-24 2057-04-13 2058-04-02 2059-04-21 2060-04-10
";

/// The dates of a table, checked to be one a year for every year from 1990 to 2060.
fn table(text: &str) -> Vec<NaiveDate> {
    let dates: Vec<NaiveDate> = text
        .split_whitespace()
        .map(|date| NaiveDate::parse_from_str(date, "%Y-%m-%d").unwrap())
        .collect();
    let years: Vec<i32> = dates.iter().map(NaiveDate::year).collect();
    assert_eq!(years, (1990..=2060).collect::<Vec<_>>());
    dates
}

#[test]
fn tet_matches_the_published_dates_1990_to_2060() {
    for date in table(TET) {
        assert_eq!(tet(date.year()), Some(date), "Tết {}", date.year());
    }
}

#[test]
fn tet_is_reckoned_at_utc_plus_7_not_as_in_china() {
    // China: 1985-02-20, 2007-02-18, 2030-02-03, 2053-02-19. 1985 is outside the holiday years
    // but inside the converter's.
    assert_eq!(tet(1985), Some(d(1985, 1, 21)));
    assert_eq!(tet(2007), Some(d(2007, 2, 17)));
    assert_eq!(tet(2030), Some(d(2030, 2, 2)));
    assert_eq!(tet(2053), Some(d(2053, 2, 18)));
    assert!(!LUNAR_HOLIDAY_YEARS.contains(&1985));
}

#[test]
fn hung_kings_day_matches_the_published_dates() {
    for date in table(HUNG_KINGS) {
        assert_eq!(lunar_to_solar(date.year(), 3, 10, false), Some(date));
        assert!(Calendar::vietnam().is_public_holiday(date), "10/3 {date}");
    }
}

#[test]
fn leap_months_and_short_months() {
    // Leap 4th month 2020, 2nd month 2023, 6th month 2025.
    assert_eq!(lunar_to_solar(2020, 4, 1, true), Some(d(2020, 5, 23)));
    assert_eq!(lunar_to_solar(2023, 2, 1, true), Some(d(2023, 3, 22)));
    assert_eq!(lunar_to_solar(2025, 6, 1, true), Some(d(2025, 7, 25)));
    assert_eq!(lunar_to_solar(2024, 6, 1, true), None);
    let leap = solar_to_lunar(d(2025, 8, 1)).unwrap();
    assert_eq!(
        leap,
        LunarDate {
            year: 2025,
            month: 6,
            day: 8,
            leap: true
        }
    );
    // Month 12 of Giáp Thìn had 29 days (no "30 Tết" in 2025); that of Quý Mão had 30.
    assert_eq!(lunar_to_solar(2024, 12, 30, false), None);
    assert_eq!(lunar_to_solar(2024, 12, 29, false), Some(d(2025, 1, 28)));
    let eve = solar_to_lunar(d(2024, 2, 9)).unwrap();
    assert_eq!(
        eve,
        LunarDate {
            year: 2023,
            month: 12,
            day: 30,
            leap: false
        }
    );
}

#[test]
fn solar_and_lunar_round_trip_every_day_1990_to_2060() {
    let mut previous: Option<LunarDate> = None;
    for day in d(1990, 1, 1)
        .iter_days()
        .take_while(|day| day.year() <= 2060)
    {
        let lunar = solar_to_lunar(day).unwrap();
        assert_eq!(
            lunar_to_solar(lunar.year, lunar.month, lunar.day, lunar.leap),
            Some(day)
        );
        assert!((1..=30).contains(&lunar.day), "{day}: {lunar:?}");
        if let Some(previous) = previous {
            // Each day follows the last, or a month of 29 or 30 days ends.
            if lunar.day == 1 {
                assert!(
                    matches!(previous.day, 29 | 30),
                    "{day}: {previous:?} → {lunar:?}"
                );
            } else {
                assert_eq!(lunar.day, previous.day + 1, "{day}");
            }
        }
        previous = Some(lunar);
    }
}

#[test]
fn conversions_refuse_years_outside_the_supported_range() {
    assert_eq!(tet(1899), None);
    assert_eq!(tet(2101), None);
    assert_eq!(solar_to_lunar(d(1899, 12, 31)), None);
    assert_eq!(lunar_to_solar(2025, 13, 1, false), None);
    assert_eq!(lunar_to_solar(2025, 1, 31, false), None);
}

#[test]
fn national_day_has_an_adjacent_day_from_2021() {
    let rules = rules_only();
    assert!(rules.is_public_holiday(d(2020, 9, 2)));
    assert!(rules.is_working_day(d(2020, 9, 1)));
    assert!(rules.is_working_day(d(2020, 9, 3)));
    // From 2021 the adjacent day is 1/9 unless the swaps file says otherwise.
    assert!(rules.is_public_holiday(d(2025, 9, 1)));
    assert!(rules.is_public_holiday(d(2021, 9, 1)));
    let vietnam = Calendar::vietnam();
    assert!(vietnam.is_public_holiday(d(2021, 9, 3)));
    assert!(vietnam.is_working_day(d(2021, 9, 1)));
    // 2024: 2/9 a Monday, 1/9 a Sunday; 3/9 announced instead.
    assert!(vietnam.is_public_holiday(d(2024, 9, 3)));
    assert!(vietnam.is_working_day(d(2024, 9, 4)));
}

#[test]
fn a_holiday_on_a_weekend_gives_the_next_working_day_off() {
    let cal = Calendar::vietnam();
    // 2021-01-01 is a Friday: no day in compensation.
    assert!(cal.is_public_holiday(d(2021, 1, 1)));
    assert!(cal.is_working_day(d(2021, 1, 4)));
    // 2022-01-01 is a Saturday: Monday 3 January off.
    assert_eq!(d(2022, 1, 1).weekday(), Weekday::Sat);
    assert!(cal.is_public_holiday(d(2022, 1, 3)));
    assert!(cal.is_working_day(d(2022, 1, 4)));
    // Hùng Kings on Sunday 2022-04-10.
    assert!(cal.is_public_holiday(d(2022, 4, 11)));
    // 2023: 10/3 on Saturday 29/4 and 30/4 a Sunday, 1/5 a Monday: 2/5 and 3/5 off.
    assert!(cal.is_public_holiday(d(2023, 5, 2)));
    assert!(cal.is_public_holiday(d(2023, 5, 3)));
    assert!(cal.is_working_day(d(2023, 5, 4)));
    // 2/9/2023 a Saturday, 1/9 the adjacent day: Monday 4/9 off.
    assert!(cal.is_public_holiday(d(2023, 9, 1)));
    assert!(cal.is_public_holiday(d(2023, 9, 4)));
}

#[test]
fn tet_2024_is_five_days_and_two_more_for_its_weekend() {
    // Rules: eve 9/2 (Fri) to 4/1 13/2 (Tue); 10/2 and 11/2 a weekend, so 14/2 and 15/2 off.
    let rules = rules_only();
    let off: Vec<NaiveDate> = d(2024, 2, 1)
        .iter_days()
        .take(29)
        .filter(|day| rules.is_public_holiday(*day))
        .collect();
    let expected: Vec<NaiveDate> = (9..=15).map(|day| d(2024, 2, day)).collect();
    assert_eq!(off, expected);
    assert!(rules.is_working_day(d(2024, 2, 8)));
    assert!(rules.is_working_day(d(2024, 2, 16)));
    // As announced: 8/2 to 14/2 off, 15/2 worked.
    let cal = Calendar::vietnam();
    assert!(cal.is_public_holiday(d(2024, 2, 8)));
    assert!(cal.is_public_holiday(d(2024, 2, 14)));
    assert!(cal.is_working_day(d(2024, 2, 15)));
    assert!(!cal.is_public_holiday(d(2024, 2, 15)));
    assert_eq!(cal.working_days_between(d(2024, 2, 7), d(2024, 2, 15)), 1);
}

#[test]
fn a_make_up_saturday_from_the_data_file_is_a_working_day() {
    let cal = Calendar::vietnam();
    assert_eq!(d(2025, 4, 26).weekday(), Weekday::Sat);
    assert!(cal.is_working_day(d(2025, 4, 26)));
    assert!(!rules_only().is_working_day(d(2025, 4, 26)));
    assert!(cal.is_public_holiday(d(2025, 5, 2)));
    assert_eq!(cal.add_working_days(d(2025, 4, 25), 1), d(2025, 4, 26));
}

#[test]
fn deadlines_count_from_the_day_after_the_start() {
    let cal = Calendar::vietnam();
    assert_eq!(cal.add_working_days(d(2025, 4, 28), 0), d(2025, 4, 28));
    assert_eq!(cal.add_working_days(d(2025, 4, 28), 1), d(2025, 4, 29));
    // 30/4 and 1/5 holidays, 2/5 swapped off, 3/5 and 4/5 a weekend.
    assert_eq!(cal.add_working_days(d(2025, 4, 29), 1), d(2025, 5, 5));
    assert_eq!(cal.add_working_days(d(2025, 4, 28), 2), d(2025, 5, 5));
    // A start on a day off counts from the next day all the same.
    assert_eq!(cal.add_working_days(d(2025, 5, 3), 1), d(2025, 5, 5));
    // Across Tết 2025 (off 25/1 to 2/2): 21/1–24/1, then 3/2–7/2, then 10/2.
    assert_eq!(cal.add_working_days(d(2025, 1, 20), 4), d(2025, 1, 24));
    assert_eq!(cal.add_working_days(d(2025, 1, 20), 5), d(2025, 2, 3));
    assert_eq!(cal.add_working_days(d(2025, 1, 20), 10), d(2025, 2, 10));
    assert_eq!(cal.working_days_between(d(2025, 1, 20), d(2025, 2, 9)), 9);
}

#[test]
fn counting_between_agrees_with_adding() {
    let cal = Calendar::vietnam();
    for start in d(2023, 12, 1)
        .iter_days()
        .take_while(|day| *day <= d(2025, 6, 1))
    {
        assert_eq!(cal.working_days_between(start, start), 0);
        assert_eq!(
            cal.working_days_between(start, start.pred_opt().unwrap()),
            0
        );
        for n in 1..=25 {
            let due = cal.add_working_days(start, n);
            assert!(cal.is_working_day(due), "{start} + {n} = {due}");
            assert_eq!(cal.working_days_between(start, due), n, "{start} + {n}");
            assert_eq!(
                cal.working_days_between(start, due.pred_opt().unwrap()),
                n - 1
            );
        }
    }
}

#[test]
fn outside_1990_to_2060_only_weekends_and_fixed_dates_count() {
    let cal = Calendar::vietnam();
    for year in [1989, 2061] {
        let holidays: Vec<NaiveDate> = d(year, 1, 1)
            .iter_days()
            .take_while(|day| day.year() == year)
            .filter(|day| cal.is_public_holiday(*day))
            .collect();
        assert!(
            holidays
                .iter()
                .all(|day| matches!(day.month(), 1 | 4 | 5 | 9)),
            "{holidays:?}"
        );
        assert!(
            holidays
                .iter()
                .all(|day| day.month() != 1 || day.day() <= 3),
            "{holidays:?}"
        );
    }
    // 2061-09-01 is the day adjacent to 2/9; lunar 10/3 of 2061 (31/3) is a plain Thursday.
    assert!(cal.is_public_holiday(d(2061, 9, 1)));
    assert!(cal.is_working_day(d(2061, 3, 31)));
}

#[test]
fn the_shipped_data_file_parses() {
    let cal = Calendar::from_swaps_json(SHIPPED_SWAPS).unwrap();
    assert!(cal.is_public_holiday(d(2025, 5, 2)));
    assert!(Calendar::vietnam().is_public_holiday(d(2025, 5, 2)));
    assert!(Calendar::vietnam().is_working_day(d(2019, 1, 5)));
}

#[test]
fn a_malformed_override_is_refused_naming_the_entry() {
    let refused = |json: &str, needles: &[&str]| {
        let err = Calendar::from_swaps_json(json).unwrap_err();
        for needle in needles {
            assert!(err.contains(needle), "{err:?} lacks {needle:?}");
        }
    };
    refused(
        r#"{"years": {"2025": {"days_off": ["2025-05-02", "2025-02-30"]}}}"#,
        &["years.2025.days_off[1]", "2025-02-30"],
    );
    refused(
        r#"{"years": {"2025": {"working_days": ["26/04/2025"]}}}"#,
        &["working_days[0]"],
    );
    refused(
        r#"{"years": {"2025": {"days_off": ["2024-05-02"]}}}"#,
        &["days_off[0]", "2025"],
    );
    refused(r#"{"years": {"20255": {}}}"#, &["20255"]);
    refused(r#"{"years": {"2025": {"day_off": []}}}"#, &["day_off"]);
    refused(
        r#"{"years": {"2025": {"adjacent_to_2_9": "2025-09-05"}}}"#,
        &["adjacent_to_2_9"],
    );
    refused(
        r#"{"years": {"2020": {"adjacent_to_2_9": "2020-09-03"}}}"#,
        &["2021"],
    );
    refused(
        r#"{"years": {"2025": {"days_off": ["2025-05-02"], "working_days": ["2025-05-02"]}}}"#,
        &["2025-05-02", "both"],
    );
    // Entries that change nothing are most likely mistyped dates.
    refused(
        r#"{"years": {"2025": {"days_off": ["2025-05-03"]}}}"#,
        &["days_off", "2025-05-03"],
    );
    refused(
        r#"{"years": {"2025": {"working_days": ["2025-05-05"]}}}"#,
        &["2025-05-05"],
    );
    refused("{", &["JSON"]);
}
