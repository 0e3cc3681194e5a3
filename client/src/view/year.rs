//! The figures of `report year` (DESIGN §5), built from a `YearReport`; the field names and their
//! order are the JSON keys of §5. `rows` lays the same figures out as the report's sections.

mod rows;

use dangvien_proto::v1 as pb;
use serde::Serialize;

pub(crate) use self::rows::{Figure, Group, Line, Row, Section, Trait};
use super::code_of;

/// One organisation subtree (or all roots) for one calendar year.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub(crate) struct YearReportView {
    /// The organisation's code; `null` for all roots together.
    pub(crate) org: Option<String>,
    pub(crate) year: i32,
    pub(crate) headcount_start: i64,
    pub(crate) headcount_end: i64,
    pub(crate) official_end: i64,
    pub(crate) probationary_end: i64,
    pub(crate) gains: GainsView,
    pub(crate) losses: LossesView,
    pub(crate) pipeline: PipelineView,
    pub(crate) organizations: OrganizationsView,
    pub(crate) target: TargetProgressView,
    pub(crate) residence_introductions: ResidenceView,
    pub(crate) ratings: RatingsView,
    pub(crate) breakdown: BreakdownsView,
}

/// Members who came into the subtree during the year.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct GainsView {
    pub(crate) admitted: i64,
    pub(crate) transferred_in: i64,
    pub(crate) restored: i64,
    pub(crate) reorganized_in: i64,
}

/// Members who left the subtree during the year.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct LossesView {
    pub(crate) transferred_out: i64,
    pub(crate) deceased: i64,
    pub(crate) struck_off: i64,
    pub(crate) expelled: i64,
    pub(crate) resigned: i64,
    pub(crate) reorganized_out: i64,
}

/// The admission pipeline's decisions dated in the year.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct PipelineView {
    pub(crate) nominated: i64,
    pub(crate) sympathizers_recognized: i64,
    pub(crate) courses_completed: i64,
    pub(crate) cell_approved: i64,
    pub(crate) admitted: i64,
    pub(crate) ceremonies_held: i64,
    pub(crate) recognized_official: i64,
    pub(crate) struck_off_probationary: i64,
}

/// Organisations of the subtree valid on 31 December, by kind.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct OrganizationsView {
    pub(crate) grassroots_committees: i64,
    pub(crate) grassroots_cells: i64,
    pub(crate) partial_committees: i64,
    pub(crate) cells: i64,
}

/// The report's own target and the year's admissions against it.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub(crate) struct TargetProgressView {
    /// `null` when no target was set (always for all roots together).
    pub(crate) admissions: Option<i64>,
    pub(crate) progress: Option<f64>,
    pub(crate) admission_rate: Option<f64>,
}

/// Introductions of new members to their residence-place cells.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct ResidenceView {
    pub(crate) due: i64,
    pub(crate) on_time: i64,
    pub(crate) late: i64,
    pub(crate) pending: i64,
}

/// The year's ratings by grade.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub(crate) struct RatingsView {
    pub(crate) excellent: i64,
    pub(crate) good: i64,
    pub(crate) completed: i64,
    pub(crate) not_completed: i64,
    pub(crate) good_or_better_share: Option<f64>,
}

/// Who was admitted, and who the members are on 31 December.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct BreakdownsView {
    pub(crate) admitted: BreakdownView,
    pub(crate) headcount_end: BreakdownView,
}

/// Members counted by attribute; every key is always present (DESIGN §5).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub(crate) struct BreakdownView {
    pub(crate) women: i64,
    pub(crate) ethnic_minority: i64,
    pub(crate) religious: i64,
    pub(crate) age_30_or_under: i64,
    pub(crate) age_31_40: i64,
    pub(crate) age_41_50: i64,
    pub(crate) age_51_60: i64,
    pub(crate) age_over_60: i64,
    pub(crate) education_primary: i64,
    pub(crate) education_lower_secondary: i64,
    pub(crate) education_upper_secondary: i64,
    pub(crate) sector_state_agency: i64,
    pub(crate) sector_public_service_unit: i64,
    pub(crate) sector_state_enterprise: i64,
    pub(crate) sector_non_state_enterprise: i64,
    pub(crate) sector_fdi_enterprise: i64,
    pub(crate) sector_other: i64,
}

/// A ratio as §5 prints it: rounded half-even to 4 decimals; `None` when unset, or when the wire
/// carried something that is not a number (shown as missing rather than as a wrong figure).
pub(crate) fn ratio(value: Option<f64>) -> Option<f64> {
    basis_points(value?).map(|points| points as f64 / 10_000.0)
}

/// A ratio in ten-thousandths, rounded half-even; `None` for a value that is not finite.
pub(crate) fn basis_points(ratio: f64) -> Option<i64> {
    let points = (ratio * 10_000.0).round_ties_even();
    // Any real ratio is far inside i64; the bound only keeps the cast exact.
    (points.is_finite() && points.abs() < 1e15).then_some(points as i64)
}

impl From<pb::YearReport> for YearReportView {
    fn from(report: pb::YearReport) -> Self {
        let pb::YearReport {
            org,
            year,
            headcount_start,
            headcount_end,
            official_end,
            probationary_end,
            gains,
            losses,
            pipeline,
            organizations,
            target,
            residence_introductions,
            ratings,
            breakdown,
        } = report;
        // A message the server left unset reads as zeros, as proto3 reads its fields.
        let pb::Breakdowns {
            admitted,
            headcount_end: end,
        } = breakdown.unwrap_or_default();
        Self {
            org: (!org.is_empty()).then(|| code_of(&org).to_owned()),
            year,
            headcount_start,
            headcount_end,
            official_end,
            probationary_end,
            gains: gains.unwrap_or_default().into(),
            losses: losses.unwrap_or_default().into(),
            pipeline: pipeline.unwrap_or_default().into(),
            organizations: organizations.unwrap_or_default().into(),
            target: target.unwrap_or_default().into(),
            residence_introductions: residence_introductions.unwrap_or_default().into(),
            ratings: ratings.unwrap_or_default().into(),
            breakdown: BreakdownsView {
                admitted: admitted.unwrap_or_default().into(),
                headcount_end: end.unwrap_or_default().into(),
            },
        }
    }
}

impl From<pb::Gains> for GainsView {
    fn from(gains: pb::Gains) -> Self {
        let pb::Gains {
            admitted,
            transferred_in,
            restored,
            reorganized_in,
        } = gains;
        Self {
            admitted,
            transferred_in,
            restored,
            reorganized_in,
        }
    }
}

impl From<pb::Losses> for LossesView {
    fn from(losses: pb::Losses) -> Self {
        let pb::Losses {
            transferred_out,
            deceased,
            struck_off,
            expelled,
            resigned,
            reorganized_out,
        } = losses;
        Self {
            transferred_out,
            deceased,
            struck_off,
            expelled,
            resigned,
            reorganized_out,
        }
    }
}

impl From<pb::Pipeline> for PipelineView {
    fn from(pipeline: pb::Pipeline) -> Self {
        let pb::Pipeline {
            nominated,
            sympathizers_recognized,
            courses_completed,
            cell_approved,
            admitted,
            ceremonies_held,
            recognized_official,
            struck_off_probationary,
        } = pipeline;
        Self {
            nominated,
            sympathizers_recognized,
            courses_completed,
            cell_approved,
            admitted,
            ceremonies_held,
            recognized_official,
            struck_off_probationary,
        }
    }
}

impl From<pb::OrganizationCounts> for OrganizationsView {
    fn from(counts: pb::OrganizationCounts) -> Self {
        let pb::OrganizationCounts {
            grassroots_committees,
            grassroots_cells,
            partial_committees,
            cells,
        } = counts;
        Self {
            grassroots_committees,
            grassroots_cells,
            partial_committees,
            cells,
        }
    }
}

impl From<pb::TargetProgress> for TargetProgressView {
    fn from(target: pb::TargetProgress) -> Self {
        let pb::TargetProgress {
            admissions,
            progress,
            admission_rate,
        } = target;
        Self {
            admissions,
            progress: ratio(progress),
            admission_rate: ratio(admission_rate),
        }
    }
}

impl From<pb::ResidenceIntroductions> for ResidenceView {
    fn from(introductions: pb::ResidenceIntroductions) -> Self {
        let pb::ResidenceIntroductions {
            due,
            on_time,
            late,
            pending,
        } = introductions;
        Self {
            due,
            on_time,
            late,
            pending,
        }
    }
}

impl From<pb::Ratings> for RatingsView {
    fn from(ratings: pb::Ratings) -> Self {
        let pb::Ratings {
            excellent,
            good,
            completed,
            not_completed,
            good_or_better_share,
        } = ratings;
        Self {
            excellent,
            good,
            completed,
            not_completed,
            good_or_better_share: ratio(good_or_better_share),
        }
    }
}

impl From<pb::Breakdown> for BreakdownView {
    fn from(breakdown: pb::Breakdown) -> Self {
        let pb::Breakdown {
            women,
            ethnic_minority,
            religious,
            age_30_or_under,
            age_31_40,
            age_41_50,
            age_51_60,
            age_over_60,
            education_primary,
            education_lower_secondary,
            education_upper_secondary,
            sector_state_agency,
            sector_public_service_unit,
            sector_state_enterprise,
            sector_non_state_enterprise,
            sector_fdi_enterprise,
            sector_other,
        } = breakdown;
        Self {
            women,
            ethnic_minority,
            religious,
            age_30_or_under,
            age_31_40,
            age_41_50,
            age_51_60,
            age_over_60,
            education_primary,
            education_lower_secondary,
            education_upper_secondary,
            sector_state_agency,
            sector_public_service_unit,
            sector_state_enterprise,
            sector_non_state_enterprise,
            sector_fdi_enterprise,
            sector_other,
        }
    }
}
