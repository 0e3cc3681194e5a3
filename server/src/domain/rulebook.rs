//! The dated rulebooks (QD29-2016 … QD294-2025): the limits each regulation sets, chosen by a
//! decision's date. Shipped as data (`data/rulebooks.json`), overridable by an operator's file.

use std::sync::OnceLock;

use chrono::NaiveDate;
use serde::Deserialize;

use super::{
    Reason,
    details::{Grade, Score},
    error::Broken,
};

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

/// The grading regulation of a range of years (DESIGN §4): QD132-2018, QD124-2023, QD366-2025.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GradingBook {
    /// E.g. `QD366-2025`.
    pub id: String,
    /// The first year graded by it; the oldest also grades anything earlier.
    pub from_year: i32,
    /// Excellent grades may be at most this share, in percent, of the good ones of a grassroots
    /// organisation and year.
    pub excellent_max_percent_of_good: u32,
    /// When not empty, a score is required and the grade must be its band's: the first band
    /// whose `min` the score reaches, best first.
    pub score_bands: Vec<ScoreBand>,
}

/// A score band: from `min` points, this grade.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreBand {
    pub min: u32,
    pub grade: Grade,
}

impl GradingBook {
    /// The grade a score earns, when this regulation scores.
    pub fn band(&self, score: Score) -> Option<Grade> {
        self.score_bands
            .iter()
            .find(|b| score >= Score::points(b.min))
            .map(|b| b.grade)
    }

    /// What is wrong with grading `grade` with `score` under this regulation.
    pub fn check(&self, grade: Grade, score: Option<Score>) -> Option<Broken> {
        if self.score_bands.is_empty() {
            return None;
        }
        let id = &self.id;
        match score.map(|s| (s, self.band(s))) {
            None => Some(Broken::new(
                Reason::GradeScoreMismatch,
                format!("Theo {id}, xếp loại phải kèm điểm (thang 100)"),
                format!("under {id} a grading needs its 100-point score"),
            )),
            Some((_, Some(band))) if band == grade => None,
            Some((score, band)) => Some(Broken::new(
                Reason::GradeScoreMismatch,
                format!(
                    "Theo {id}, {} điểm ứng với mức \"{}\", không phải \"{}\"",
                    score.as_f64(),
                    band.map_or("?", Grade::label_vi),
                    grade.label_vi()
                ),
                format!(
                    "under {id} a score of {} is {}, not {}",
                    score.as_f64(),
                    band.map_or("?", Grade::as_str),
                    grade.as_str()
                ),
            )),
        }
    }

    /// Whether `excellent` grades fit the quota beside `good` ones.
    pub fn quota_allows(&self, excellent: u64, good: u64) -> bool {
        excellent * 100 <= good * u64::from(self.excellent_max_percent_of_good)
    }
}

/// Every rulebook, oldest first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rulebooks {
    admission: Vec<Rulebook>,
    grading: Vec<GradingBook>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    admission: Vec<Rulebook>,
    #[serde(default)]
    grading: Vec<GradingBook>,
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
        let mut grading = file.grading;
        if grading.is_empty() {
            return Err("rulebooks: the grading list is empty".to_owned());
        }
        grading.sort_by_key(|g| g.from_year);
        if let Some(w) = grading
            .windows(2)
            .find(|w| w[0].from_year == w[1].from_year)
        {
            return Err(format!(
                "rulebooks: {} and {} grade the same year",
                w[0].id, w[1].id
            ));
        }
        Ok(Rulebooks { admission, grading })
    }

    /// The grading regulation of `year`; the oldest one also grades anything earlier.
    pub fn grading(&self, year: i32) -> &GradingBook {
        let index = self
            .grading
            .iter()
            .rposition(|g| g.from_year <= year)
            .unwrap_or(0);
        &self.grading[index]
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
        assert_eq!(books.grading(2010).id, "QD132-2018");
        assert_eq!(books.grading(2022).id, "QD132-2018");
        assert_eq!(books.grading(2023).id, "QD124-2023");
        assert_eq!(books.grading(2024).id, "QD124-2023");
        assert_eq!(books.grading(2025).id, "QD366-2025");
        assert_eq!(books.grading(2030).id, "QD366-2025");
        let qd24 = books.on(d("2022-01-24"));
        assert_eq!((qd24.min_age_months, qd24.max_age_months), (216, 720));
    }

    #[test]
    fn qd366_grades_by_score_band_and_the_others_do_not_score() {
        let books = Rulebooks::shipped();
        let qd366 = books.grading(2025);
        let score = |s: f64| Score::from_f64(s);
        assert_eq!(qd366.check(Grade::Excellent, score(90.0)), None);
        assert_eq!(qd366.check(Grade::Good, score(89.99)), None);
        assert_eq!(qd366.check(Grade::Good, score(70.0)), None);
        assert_eq!(qd366.check(Grade::Completed, score(69.5)), None);
        assert_eq!(qd366.check(Grade::Completed, score(50.0)), None);
        assert_eq!(qd366.check(Grade::NotCompleted, score(49.99)), None);
        for (grade, s) in [
            (Grade::Excellent, Some(89.99)),
            (Grade::Good, Some(90.0)),
            (Grade::Completed, Some(49.0)),
            (Grade::Good, None),
        ] {
            let broken = qd366.check(grade, s.and_then(Score::from_f64)).unwrap();
            assert_eq!(broken.reason, Reason::GradeScoreMismatch, "{grade:?} {s:?}");
        }
        assert_eq!(books.grading(2024).check(Grade::Excellent, None), None);
        // 20% of the good ones: 2 excellent need 10 good.
        assert!(qd366.quota_allows(2, 10));
        assert!(!qd366.quota_allows(3, 14));
        assert!(qd366.quota_allows(0, 0));
        assert!(!qd366.quota_allows(1, 4));
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
