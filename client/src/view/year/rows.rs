//! The year report as a board reads it: sections of lines, each line a figure of this year beside
//! the same figure of the year before. Tables, CSV and workbooks all print these rows.

use super::{BreakdownView, YearReportView};
use crate::vocab::{Education, Sector};

/// A part of the report, in the order it is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Section {
    /// Headcount at both ends of the year, and what moved it.
    Headcount,
    Pipeline,
    Organizations,
    Target,
    ResidenceIntroductions,
    Ratings,
    /// The breakdown of the members admitted in the year.
    AdmittedBreakdown,
    /// The breakdown of the members on 31 December.
    HeadcountBreakdown,
}

impl Section {
    /// Every section, in the order printed.
    pub(crate) const ALL: [Section; 8] = [
        Section::Headcount,
        Section::Pipeline,
        Section::Organizations,
        Section::Target,
        Section::ResidenceIntroductions,
        Section::Ratings,
        Section::AdmittedBreakdown,
        Section::HeadcountBreakdown,
    ];

    /// The lines of the section, in the order printed.
    pub(crate) fn lines(self) -> Vec<Line> {
        match self {
            Section::Headcount => vec![
                Line::HeadcountStart,
                Line::Admitted,
                Line::TransferredIn,
                Line::Restored,
                Line::ReorganizedIn,
                Line::TransferredOut,
                Line::Deceased,
                Line::StruckOff,
                Line::Expelled,
                Line::Resigned,
                Line::ReorganizedOut,
                Line::HeadcountEnd,
                Line::OfficialEnd,
                Line::ProbationaryEnd,
            ],
            Section::Pipeline => vec![
                Line::Nominated,
                Line::SympathizersRecognized,
                Line::CoursesCompleted,
                Line::CellApproved,
                Line::PipelineAdmitted,
                Line::CeremoniesHeld,
                Line::RecognizedOfficial,
                Line::StruckOffProbationary,
            ],
            Section::Organizations => vec![
                Line::GrassrootsCommittees,
                Line::GrassrootsCells,
                Line::PartialCommittees,
                Line::Cells,
            ],
            // The admissions stand right above the target so that a chart can take both as one
            // range of cells.
            Section::Target => vec![
                Line::Admitted,
                Line::TargetAdmissions,
                Line::Progress,
                Line::AdmissionRate,
            ],
            Section::ResidenceIntroductions => vec![
                Line::IntroductionsDue,
                Line::IntroducedOnTime,
                Line::IntroducedLate,
                Line::IntroductionsPending,
            ],
            Section::Ratings => vec![
                Line::Excellent,
                Line::Good,
                Line::Completed,
                Line::NotCompleted,
                Line::GoodOrBetterShare,
            ],
            Section::AdmittedBreakdown => Trait::ALL
                .map(|t| Line::Breakdown(Group::Admitted, t))
                .to_vec(),
            Section::HeadcountBreakdown => Trait::ALL
                .map(|t| Line::Breakdown(Group::HeadcountEnd, t))
                .to_vec(),
        }
    }
}

/// One figure of the report; its label is [`crate::i18n::report_line`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Line {
    HeadcountStart,
    /// `gains.admitted`.
    Admitted,
    TransferredIn,
    Restored,
    ReorganizedIn,
    TransferredOut,
    Deceased,
    StruckOff,
    Expelled,
    Resigned,
    ReorganizedOut,
    HeadcountEnd,
    OfficialEnd,
    ProbationaryEnd,
    Nominated,
    SympathizersRecognized,
    CoursesCompleted,
    CellApproved,
    /// `pipeline.admitted`: the same count as `gains.admitted`, read from where §5 puts it.
    PipelineAdmitted,
    CeremoniesHeld,
    RecognizedOfficial,
    StruckOffProbationary,
    GrassrootsCommittees,
    GrassrootsCells,
    PartialCommittees,
    Cells,
    TargetAdmissions,
    Progress,
    AdmissionRate,
    IntroductionsDue,
    IntroducedOnTime,
    IntroducedLate,
    IntroductionsPending,
    Excellent,
    Good,
    Completed,
    NotCompleted,
    GoodOrBetterShare,
    Breakdown(Group, Trait),
}

/// Whose breakdown a line counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Group {
    Admitted,
    HeadcountEnd,
}

/// An attribute a breakdown counts members by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Trait {
    Women,
    EthnicMinority,
    Religious,
    Age30OrUnder,
    Age31To40,
    Age41To50,
    Age51To60,
    AgeOver60,
    Education(Education),
    Sector(Sector),
}

impl Trait {
    /// Every attribute, in the order of the breakdown's JSON keys.
    pub(crate) const ALL: [Trait; 17] = [
        Trait::Women,
        Trait::EthnicMinority,
        Trait::Religious,
        Trait::Age30OrUnder,
        Trait::Age31To40,
        Trait::Age41To50,
        Trait::Age51To60,
        Trait::AgeOver60,
        Trait::Education(Education::Primary),
        Trait::Education(Education::LowerSecondary),
        Trait::Education(Education::UpperSecondary),
        Trait::Sector(Sector::StateAgency),
        Trait::Sector(Sector::PublicServiceUnit),
        Trait::Sector(Sector::StateEnterprise),
        Trait::Sector(Sector::NonStateEnterprise),
        Trait::Sector(Sector::FdiEnterprise),
        Trait::Sector(Sector::Other),
    ];
}

/// The value of a line.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Figure {
    /// A number of persons, decisions or organisations; `None` only for a target never set.
    Count(Option<i64>),
    /// A ratio rounded to 4 decimals; `None` when its denominator is 0 or unset.
    Ratio(Option<f64>),
}

/// A line with its figure this year and, when the year before was reported, then.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Row {
    pub(crate) line: Line,
    pub(crate) current: Figure,
    pub(crate) previous: Option<Figure>,
}

impl Line {
    /// The figure of this line in `report`.
    pub(crate) fn figure(self, report: &YearReportView) -> Figure {
        let r = report;
        let count = |n: i64| Figure::Count(Some(n));
        match self {
            Line::HeadcountStart => count(r.headcount_start),
            Line::Admitted => count(r.gains.admitted),
            Line::TransferredIn => count(r.gains.transferred_in),
            Line::Restored => count(r.gains.restored),
            Line::ReorganizedIn => count(r.gains.reorganized_in),
            Line::TransferredOut => count(r.losses.transferred_out),
            Line::Deceased => count(r.losses.deceased),
            Line::StruckOff => count(r.losses.struck_off),
            Line::Expelled => count(r.losses.expelled),
            Line::Resigned => count(r.losses.resigned),
            Line::ReorganizedOut => count(r.losses.reorganized_out),
            Line::HeadcountEnd => count(r.headcount_end),
            Line::OfficialEnd => count(r.official_end),
            Line::ProbationaryEnd => count(r.probationary_end),
            Line::Nominated => count(r.pipeline.nominated),
            Line::SympathizersRecognized => count(r.pipeline.sympathizers_recognized),
            Line::CoursesCompleted => count(r.pipeline.courses_completed),
            Line::CellApproved => count(r.pipeline.cell_approved),
            Line::PipelineAdmitted => count(r.pipeline.admitted),
            Line::CeremoniesHeld => count(r.pipeline.ceremonies_held),
            Line::RecognizedOfficial => count(r.pipeline.recognized_official),
            Line::StruckOffProbationary => count(r.pipeline.struck_off_probationary),
            Line::GrassrootsCommittees => count(r.organizations.grassroots_committees),
            Line::GrassrootsCells => count(r.organizations.grassroots_cells),
            Line::PartialCommittees => count(r.organizations.partial_committees),
            Line::Cells => count(r.organizations.cells),
            Line::TargetAdmissions => Figure::Count(r.target.admissions),
            Line::Progress => Figure::Ratio(r.target.progress),
            Line::AdmissionRate => Figure::Ratio(r.target.admission_rate),
            Line::IntroductionsDue => count(r.residence_introductions.due),
            Line::IntroducedOnTime => count(r.residence_introductions.on_time),
            Line::IntroducedLate => count(r.residence_introductions.late),
            Line::IntroductionsPending => count(r.residence_introductions.pending),
            Line::Excellent => count(r.ratings.excellent),
            Line::Good => count(r.ratings.good),
            Line::Completed => count(r.ratings.completed),
            Line::NotCompleted => count(r.ratings.not_completed),
            Line::GoodOrBetterShare => Figure::Ratio(r.ratings.good_or_better_share),
            Line::Breakdown(Group::Admitted, t) => count(r.breakdown.admitted.count(t)),
            Line::Breakdown(Group::HeadcountEnd, t) => count(r.breakdown.headcount_end.count(t)),
        }
    }
}

impl BreakdownView {
    /// The members with attribute `t`.
    pub(crate) fn count(&self, t: Trait) -> i64 {
        match t {
            Trait::Women => self.women,
            Trait::EthnicMinority => self.ethnic_minority,
            Trait::Religious => self.religious,
            Trait::Age30OrUnder => self.age_30_or_under,
            Trait::Age31To40 => self.age_31_40,
            Trait::Age41To50 => self.age_41_50,
            Trait::Age51To60 => self.age_51_60,
            Trait::AgeOver60 => self.age_over_60,
            Trait::Education(Education::Primary) => self.education_primary,
            Trait::Education(Education::LowerSecondary) => self.education_lower_secondary,
            Trait::Education(Education::UpperSecondary) => self.education_upper_secondary,
            Trait::Sector(Sector::StateAgency) => self.sector_state_agency,
            Trait::Sector(Sector::PublicServiceUnit) => self.sector_public_service_unit,
            Trait::Sector(Sector::StateEnterprise) => self.sector_state_enterprise,
            Trait::Sector(Sector::NonStateEnterprise) => self.sector_non_state_enterprise,
            Trait::Sector(Sector::FdiEnterprise) => self.sector_fdi_enterprise,
            Trait::Sector(Sector::Other) => self.sector_other,
        }
    }
}

impl Section {
    /// The rows of the section: `current`'s figures beside `previous`'s, when there is one.
    pub(crate) fn rows(
        self,
        current: &YearReportView,
        previous: Option<&YearReportView>,
    ) -> Vec<Row> {
        self.lines()
            .into_iter()
            .map(|line| Row {
                line,
                current: line.figure(current),
                previous: previous.map(|p| line.figure(p)),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each breakdown line reads its own field: numbering the fields 1..=17 in the order of their
    /// JSON keys and reading them back through [`Trait::ALL`] gives 1..=17, so no field is read
    /// twice or missed.
    #[test]
    fn breakdown_lines_read_every_field_in_order() {
        let report = YearReportView {
            breakdown: super::super::BreakdownsView {
                admitted: numbered_breakdown(),
                headcount_end: numbered_breakdown(),
            },
            ..YearReportView::default()
        };
        for section in [Section::AdmittedBreakdown, Section::HeadcountBreakdown] {
            let counts: Vec<Figure> = section
                .rows(&report, None)
                .into_iter()
                .map(|row| row.current)
                .collect();
            let expected: Vec<Figure> = (1..=17).map(|n| Figure::Count(Some(n))).collect();
            assert_eq!(counts, expected, "{section:?}");
        }
    }

    fn numbered_breakdown() -> BreakdownView {
        BreakdownView {
            women: 1,
            ethnic_minority: 2,
            religious: 3,
            age_30_or_under: 4,
            age_31_40: 5,
            age_41_50: 6,
            age_51_60: 7,
            age_over_60: 8,
            education_primary: 9,
            education_lower_secondary: 10,
            education_upper_secondary: 11,
            sector_state_agency: 12,
            sector_public_service_unit: 13,
            sector_state_enterprise: 14,
            sector_non_state_enterprise: 15,
            sector_fdi_enterprise: 16,
            sector_other: 17,
        }
    }

    #[test]
    fn without_a_previous_year_the_previous_column_is_empty() {
        let report = YearReportView {
            headcount_start: 4934,
            ..YearReportView::default()
        };
        let rows = Section::Headcount.rows(&report, None);
        assert_eq!(rows[0].current, Figure::Count(Some(4934)));
        assert!(rows.iter().all(|row| row.previous.is_none()));
        let rows = Section::Target.rows(&report, Some(&report));
        assert_eq!(rows[1].current, Figure::Count(None));
        assert_eq!(rows[2].previous, Some(Figure::Ratio(None)));
    }
}
