//! The year report of DESIGN §5 built from the sums of the kept figures, its ratios, and the
//! reconciliation every report must pass.

use std::collections::HashMap;

use super::{
    Error, Msg, Result,
    admission::Grade,
    org::{OrgCode, OrgKind},
    tally::{Figure, Trait},
};

/// The kept figures of one organisation, summed for one report year.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sums {
    /// Flows of the year.
    flows: HashMap<Figure, i64>,
    /// Stocks on 31 December of the year before (the changes of every earlier year).
    start: HashMap<Figure, i64>,
    /// Stocks on 31 December of the year.
    end: HashMap<Figure, i64>,
}

impl Sums {
    /// Adds `count` of `figure` kept for `year` to the sums for the report year `report`.
    pub fn add(&mut self, report: i32, year: i32, figure: Figure, count: i64) {
        if figure.is_stock() {
            if year < report {
                *self.start.entry(figure).or_default() += count;
            }
            if year <= report {
                *self.end.entry(figure).or_default() += count;
            }
        } else if year == report {
            *self.flows.entry(figure).or_default() += count;
        }
    }

    fn flow(&self, figure: Figure) -> i64 {
        self.flows.get(&figure).copied().unwrap_or(0)
    }

    fn end(&self, figure: Figure) -> i64 {
        self.end.get(&figure).copied().unwrap_or(0)
    }
}

/// Organisations of the subtree valid on 31 December, by kind.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OrgCounts {
    pub grassroots_committees: i64,
    pub grassroots_cells: i64,
    pub partial_committees: i64,
    pub cells: i64,
}

impl OrgCounts {
    /// Counts one organisation of `kind` (provinces and blocs are not counted).
    pub fn add(&mut self, kind: OrgKind) {
        let slot = match kind {
            OrgKind::GrassrootsCommittee => &mut self.grassroots_committees,
            OrgKind::GrassrootsCell => &mut self.grassroots_cells,
            OrgKind::PartialCommittee => &mut self.partial_committees,
            OrgKind::Cell => &mut self.cells,
            OrgKind::Province | OrgKind::Bloc => return,
        };
        *slot += 1;
    }
}

/// The figures of one subtree and year.
#[derive(Clone, Debug, PartialEq)]
pub struct YearReport {
    /// `None`: all roots together.
    pub org: Option<OrgCode>,
    pub year: i32,
    pub headcount_start: i64,
    pub headcount_end: i64,
    pub official_end: i64,
    pub probationary_end: i64,
    /// admitted, transferred_in, restored, reorganized_in.
    pub gains: [i64; 4],
    /// transferred_out, deceased, struck_off, expelled, resigned, reorganized_out.
    pub losses: [i64; 6],
    /// nominated, sympathizers_recognized, courses_completed, cell_approved, admitted,
    /// ceremonies_held, recognized_official, struck_off_probationary.
    pub pipeline: [i64; 8],
    pub organizations: OrgCounts,
    pub target_admissions: Option<i64>,
    pub progress: Option<f64>,
    pub admission_rate: Option<f64>,
    /// due, on_time, late, pending.
    pub residence: [i64; 4],
    /// Per grade, best first.
    pub ratings: [i64; 4],
    pub good_or_better_share: Option<f64>,
    /// Every trait of [`Trait::all`], in its order.
    pub admitted_by: Vec<(Trait, i64)>,
    pub headcount_by: Vec<(Trait, i64)>,
}

impl YearReport {
    /// The report of `org` for `year` from its sums; refused as an internal error, naming the
    /// organisation and the figure, when it does not reconcile.
    pub fn build(
        org: Option<OrgCode>,
        year: i32,
        sums: &Sums,
        organizations: OrgCounts,
        target: Option<i64>,
    ) -> Result<Self> {
        let start = sums.start.get(&Figure::Headcount).copied().unwrap_or(0);
        let end = sums.end(Figure::Headcount);
        let official = sums.end(Figure::Official);
        let admitted = sums.flow(Figure::Admitted);
        let gains = [
            admitted,
            sums.flow(Figure::TransferredIn),
            0,
            sums.flow(Figure::ReorganizedIn),
        ];
        let losses = [
            Figure::TransferredOut,
            Figure::Deceased,
            Figure::StruckOff,
            Figure::Expelled,
            Figure::Resigned,
            Figure::ReorganizedOut,
        ]
        .map(|f| sums.flow(f));
        let pipeline = [
            sums.flow(Figure::Nominated),
            sums.flow(Figure::SympathizersRecognized),
            sums.flow(Figure::CoursesCompleted),
            sums.flow(Figure::CellApproved),
            admitted,
            sums.flow(Figure::CeremoniesHeld),
            sums.flow(Figure::RecognizedOfficial),
            sums.flow(Figure::StruckOffProbationary),
        ];
        let ratings = Grade::ALL.map(|g| sums.flow(Figure::Rated(g)));
        let report = Self {
            year,
            headcount_start: start,
            headcount_end: end,
            official_end: official,
            probationary_end: end - official,
            gains,
            losses,
            pipeline,
            organizations,
            target_admissions: target,
            progress: target.and_then(|t| ratio(admitted, t)),
            admission_rate: ratio(admitted, start),
            residence: [
                Figure::ResidenceDue,
                Figure::ResidenceOnTime,
                Figure::ResidenceLate,
                Figure::ResidencePending,
            ]
            .map(|f| sums.flow(f)),
            ratings,
            good_or_better_share: ratio(ratings[0] + ratings[1], ratings.iter().sum()),
            admitted_by: Trait::all()
                .into_iter()
                .map(|t| (t, sums.flow(Figure::AdmittedBy(t))))
                .collect(),
            headcount_by: Trait::all()
                .into_iter()
                .map(|t| (t, sums.end(Figure::HeadcountBy(t))))
                .collect(),
            org,
        };
        report.reconcile()?;
        Ok(report)
    }

    /// DESIGN §5: `headcount_start + gains − losses = headcount_end`, and no negative stock.
    fn reconcile(&self) -> Result<()> {
        let (org_vi, org_en) = match &self.org {
            Some(code) => (format!("tổ chức {code}"), format!("organizations/{code}")),
            None => ("toàn bộ".to_owned(), "all roots".to_owned()),
        };
        let year = self.year;
        let gains: i64 = self.gains.iter().sum();
        let losses: i64 = self.losses.iter().sum();
        let expected = self.headcount_start + gains - losses;
        if expected != self.headcount_end {
            let end = self.headcount_end;
            let start = self.headcount_start;
            return Err(Error::Inconsistent {
                msg: Msg::new(
                    format!(
                        "Báo cáo năm {year} của {org_vi} không khớp: đảng số cuối năm (headcount_end) là {end} nhưng đầu năm {start} + tăng {gains} − giảm {losses} = {expected}; hãy chạy `dangvien admin verify`"
                    ),
                    format!(
                        "the {year} report of {org_en} does not reconcile: headcount_end is {end} but headcount_start {start} + gains {gains} - losses {losses} = {expected}; run `dangvien admin verify`"
                    ),
                ),
            });
        }
        let stocks = [
            ("headcount_start", self.headcount_start),
            ("official_end", self.official_end),
            ("probationary_end", self.probationary_end),
        ];
        if let Some((figure, n)) = stocks.iter().find(|(_, n)| *n < 0) {
            return Err(Error::Inconsistent {
                msg: Msg::new(
                    format!(
                        "Báo cáo năm {year} của {org_vi} có {figure} âm ({n}); hãy chạy `dangvien admin verify`"
                    ),
                    format!(
                        "the {year} report of {org_en} has a negative {figure} ({n}); run `dangvien admin verify`"
                    ),
                ),
            });
        }
        Ok(())
    }
}

/// `n / d` rounded half-even to 4 decimals; `None` when `d` is 0.
pub fn ratio(n: i64, d: i64) -> Option<f64> {
    if d == 0 {
        return None;
    }
    let (n, d) = (i128::from(n) * 10_000, i128::from(d));
    let (mut q, r) = (n.div_euclid(d), n.rem_euclid(d));
    let twice = 2 * r;
    if twice > d.abs() || (twice == d.abs() && q % 2 != 0) {
        q += 1;
    }
    // At most 4 decimals of an i64 ratio: exact enough for f64.
    #[allow(clippy::cast_precision_loss)]
    Some(q as f64 / 10_000.0)
}

#[cfg(test)]
mod tests {
    use super::ratio;

    #[test]
    fn ratios_round_half_even_to_four_decimals() {
        assert_eq!(ratio(187, 4934), Some(0.0379));
        assert_eq!(ratio(4600, 5020), Some(0.9163));
        assert_eq!(ratio(1, 3), Some(0.3333));
        assert_eq!(ratio(2, 3), Some(0.6667));
        // 0.00005 exactly: to the even 0.0000; 0.00015 to 0.0002.
        assert_eq!(ratio(1, 20_000), Some(0.0));
        assert_eq!(ratio(3, 20_000), Some(0.0002));
        assert_eq!(ratio(5, 0), None);
        assert_eq!(ratio(150, 150), Some(1.0));
    }
}
