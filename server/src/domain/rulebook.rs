//! The dated rulebooks (QD29-2016 … QD294-2025): the limits each regulation sets, chosen by a
//! decision's date. Shipped as data (`data/rulebooks.json`), overridable by an operator's file.

use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::Deserialize;

/// The limits of one regulation implementing the Charter (DESIGN §4).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rulebook {
    /// E.g. `QD24-2021`; stored with every decision it judged.
    pub id: String,
    /// The first day it is in force.
    pub from: NaiveDate,
    /// Youngest age at the cell vote, in full months (18 years).
    pub min_age_months: i64,
    /// Oldest age at the cell vote without the provincial standing committee's consent (60 years).
    pub max_age_months: i64,
    /// A course certificate counts at the cell vote for this many months after its date.
    pub course_valid_months: u32,
    /// A sponsor must have known the person for at least this many full months.
    pub sponsor_known_months: i64,
    /// The cell vote must come within this many months of the latest introductions.
    pub dossier_fresh_months: u32,
    /// A Youth Union member this old or younger (full years) needs the Youth Union's resolution.
    pub youth_union_max_age_years: i64,
    /// Working days from the cell resolution to the admission decision.
    pub admission_deadline_working_days: u32,
    /// Extra working days when the decision says `extended`.
    pub admission_extension_working_days: u32,
    /// Working days from the admission decision to the ceremony.
    pub ceremony_working_days: u32,
    /// Working days after probation ends for the cell's recognition vote.
    pub recognition_vote_working_days: u32,
    /// Working days from the recognition vote to the decision.
    pub recognition_decision_working_days: u32,
    /// Extra working days for a recognition decision that says `extended`.
    pub recognition_extension_working_days: u32,
    /// Calendar days from admission to the residence-place introduction.
    pub residence_introduction_days: u32,
}

/// Every rulebook, oldest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rulebooks {
    admission: Vec<Rulebook>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    admission: Vec<Rulebook>,
}

impl Rulebooks {
    /// The rulebooks shipped with the server.
    pub fn shipped() -> &'static Rulebooks {
        static SHIPPED: OnceLock<Rulebooks> = OnceLock::new();
        // The shipped file is parsed by a test, so a failure here is a build defect.
        #[allow(clippy::expect_used)]
        SHIPPED.get_or_init(|| {
            Self::from_json(include_str!("../../data/rulebooks.json"))
                .expect("the shipped rulebooks parse")
        })
    }

    /// Rulebooks from an operator's JSON file (the shipped file's format).
    pub fn from_json(text: &str) -> Result<Rulebooks, String> {
        let file: File = serde_json::from_str(text).map_err(|e| format!("rulebooks: {e}"))?;
        let mut admission = file.admission;
        if admission.is_empty() {
            return Err("rulebooks: the admission list is empty".to_owned());
        }
        admission.sort_by_key(|r| r.from);
        if let Some(w) = admission.windows(2).find(|w| w[0].from == w[1].from) {
            return Err(format!(
                "rulebooks: {} and {} start on the same day",
                w[0].id, w[1].id
            ));
        }
        Ok(Rulebooks { admission })
    }

    /// The rulebook in force on `day`; the oldest one also judges anything earlier.
    pub fn on(&self, day: NaiveDate) -> &Rulebook {
        let index = self
            .admission
            .iter()
            .rposition(|r| r.from <= day)
            .unwrap_or(0);
        &self.admission[index]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_shipped_rulebooks_parse_and_switch_on_their_dates() {
        let books = Rulebooks::from_json(include_str!("../../data/rulebooks.json")).unwrap();
        assert_eq!(books.on(d("2010-01-01")).id, "QD29-2016");
        assert_eq!(books.on(d("2021-07-29")).id, "QD29-2016");
        assert_eq!(books.on(d("2021-07-30")).id, "QD24-2021");
        assert_eq!(books.on(d("2025-01-19")).id, "QD24-2021");
        assert_eq!(books.on(d("2025-01-20")).id, "QD232-2025");
        assert_eq!(books.on(d("2025-07-01")).id, "QD294-2025");
        assert_eq!(Rulebooks::shipped(), &books);
        let qd24 = books.on(d("2022-01-24"));
        assert_eq!((qd24.min_age_months, qd24.max_age_months), (216, 720));
    }

    #[test]
    fn a_bad_override_is_refused_with_a_reason() {
        assert!(
            Rulebooks::from_json("{}")
                .unwrap_err()
                .contains("admission")
        );
        assert!(
            Rulebooks::from_json(r#"{"admission": []}"#)
                .unwrap_err()
                .contains("empty")
        );
        let unknown = r#"{"admission": [{"id": "X", "from": "2020-01-01", "nope": 1}]}"#;
        assert!(Rulebooks::from_json(unknown).is_err());
    }
}
