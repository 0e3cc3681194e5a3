//! The announced-swaps file: per year, the days the government gives off or makes working days,
//! and the day it joins to 2/9.
//!
//! ```json
//! {"years": {"2025": {"note": "…",
//!                     "days_off": ["2025-01-27", "2025-05-02"],
//!                     "working_days": ["2025-02-03", "2025-04-26"],
//!                     "adjacent_to_2_9": "2025-09-01"}}}
//! ```
//!
//! Every key of a year is optional; `note` is free text for the operator (the source).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use serde::Deserialize;

use super::lunar::SUPPORTED_YEARS;

/// The first year with a second National Day holiday (Labour Code 2019, art. 112).
pub(super) const FIRST_YEAR_WITH_ADJACENT_DAY: i32 = 2021;

/// The swaps of a parsed file, each date checked to be a date of the year it is listed under.
#[derive(Clone, Debug, Default)]
pub(super) struct Swaps {
    /// Days given off although the rules make them working days (bridge days, corrections).
    pub(super) days_off: BTreeSet<NaiveDate>,
    /// Days made working days although the rules make them days off (make-up Saturdays,
    /// corrections).
    pub(super) working_days: BTreeSet<NaiveDate>,
    /// The day joined to 2/9, by year, where the file names it.
    pub(super) adjacent_to_2_9: BTreeMap<i32, NaiveDate>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    years: BTreeMap<String, Year>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Year {
    // Read only by people: the announcement the entries come from.
    #[serde(default, rename = "note")]
    _note: Option<String>,
    #[serde(default)]
    days_off: Vec<String>,
    #[serde(default)]
    working_days: Vec<String>,
    #[serde(default)]
    adjacent_to_2_9: Option<String>,
}

/// Parses and checks a swaps file; an error names the entry (`years.2025.days_off[1]`) and why.
pub(super) fn parse(text: &str) -> Result<Swaps, String> {
    let file: File = serde_json::from_str(text)
        .map_err(|e| format!("calendar swaps: not the expected JSON: {e}"))?;
    let mut swaps = Swaps::default();
    for (key, entry) in &file.years {
        let year = key
            .parse::<i32>()
            .ok()
            .filter(|year| SUPPORTED_YEARS.contains(year))
            .ok_or_else(|| {
                format!(
                    "calendar swaps: years.{key:?}: not a year from {} to {}",
                    SUPPORTED_YEARS.start(),
                    SUPPORTED_YEARS.end()
                )
            })?;
        for (name, texts, into) in [
            ("days_off", &entry.days_off, &mut swaps.days_off),
            ("working_days", &entry.working_days, &mut swaps.working_days),
        ] {
            for (i, text) in texts.iter().enumerate() {
                let path = format!("years.{year}.{name}[{i}]");
                let day = date_in(&path, text, year)?;
                if !into.insert(day) {
                    return Err(format!("calendar swaps: {path}: {day} is listed twice"));
                }
            }
        }
        if let Some(text) = &entry.adjacent_to_2_9 {
            let path = format!("years.{year}.adjacent_to_2_9");
            let day = date_in(&path, text, year)?;
            if year < FIRST_YEAR_WITH_ADJACENT_DAY {
                return Err(format!(
                    "calendar swaps: {path}: 2/9 has no adjacent day off before \
                     {FIRST_YEAR_WITH_ADJACENT_DAY}"
                ));
            }
            if day.month() != 9 || !matches!(day.day(), 1 | 3) {
                return Err(format!(
                    "calendar swaps: {path}: {day} is not 1/9 or 3/9, the days adjacent to 2/9"
                ));
            }
            swaps.adjacent_to_2_9.insert(year, day);
        }
    }
    if let Some(day) = swaps.days_off.intersection(&swaps.working_days).next() {
        return Err(format!(
            "calendar swaps: years.{}: {day} is listed both as a day off and as a working day",
            day.year()
        ));
    }
    Ok(swaps)
}

/// The date written `text` at `path`, which must lie in `year`.
fn date_in(path: &str, text: &str, year: i32) -> Result<NaiveDate, String> {
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("calendar swaps: {path}: {text:?} is not a date (YYYY-MM-DD)"))?;
    if day.year() != year {
        return Err(format!("calendar swaps: {path}: {day} is not in {year}"));
    }
    Ok(day)
}
