//! Conversions of the year report: one field per figure of DESIGN §5, checked by the compiler
//! through destructuring.

use dangvien_proto::v1 as pb;

use crate::{
    app::FunnelStage,
    domain::{
        org::Sector,
        person::Education,
        report::{OrgCounts, YearReport, ratio},
        tally::{AgeBand, Trait},
    },
    grpc::{convert, decisions},
};

impl From<YearReport> for pb::YearReport {
    fn from(r: YearReport) -> Self {
        let YearReport {
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
            target_admissions,
            progress,
            admission_rate,
            residence,
            ratings,
            good_or_better_share,
            admitted_by,
            headcount_by,
        } = r;
        let [admitted, transferred_in, restored, reorganized_in] = gains;
        let [
            transferred_out,
            deceased,
            struck_off,
            expelled,
            resigned,
            reorganized_out,
        ] = losses;
        let [
            nominated,
            sympathizers_recognized,
            courses_completed,
            cell_approved,
            pipeline_admitted,
            ceremonies_held,
            recognized_official,
            struck_off_probationary,
        ] = pipeline;
        let [due, on_time, late, pending] = residence;
        let [excellent, good, completed, not_completed] = ratings;
        let OrgCounts {
            grassroots_committees,
            grassroots_cells,
            partial_committees,
            cells,
        } = organizations;
        pb::YearReport {
            org: org
                .as_ref()
                .map(convert::org_resource_name)
                .unwrap_or_default(),
            year,
            headcount_start,
            headcount_end,
            official_end,
            probationary_end,
            gains: Some(pb::Gains {
                admitted,
                transferred_in,
                restored,
                reorganized_in,
            }),
            losses: Some(pb::Losses {
                transferred_out,
                deceased,
                struck_off,
                expelled,
                resigned,
                reorganized_out,
            }),
            pipeline: Some(pb::Pipeline {
                nominated,
                sympathizers_recognized,
                courses_completed,
                cell_approved,
                admitted: pipeline_admitted,
                ceremonies_held,
                recognized_official,
                struck_off_probationary,
            }),
            organizations: Some(pb::OrganizationCounts {
                grassroots_committees,
                grassroots_cells,
                partial_committees,
                cells,
            }),
            target: Some(pb::TargetProgress {
                admissions: target_admissions,
                progress,
                admission_rate,
            }),
            residence_introductions: Some(pb::ResidenceIntroductions {
                due,
                on_time,
                late,
                pending,
            }),
            ratings: Some(pb::Ratings {
                excellent,
                good,
                completed,
                not_completed,
                good_or_better_share,
            }),
            breakdown: Some(pb::Breakdowns {
                admitted: Some(breakdown(&admitted_by)),
                headcount_end: Some(breakdown(&headcount_by)),
            }),
        }
    }
}

/// The breakdown message from the counts per trait.
fn breakdown(counts: &[(Trait, i64)]) -> pb::Breakdown {
    let mut b = pb::Breakdown::default();
    for (t, n) in counts {
        let slot = match t {
            Trait::Women => &mut b.women,
            Trait::EthnicMinority => &mut b.ethnic_minority,
            Trait::Religious => &mut b.religious,
            Trait::Age(band) => match band {
                AgeBand::UpTo30 => &mut b.age_30_or_under,
                AgeBand::From31To40 => &mut b.age_31_40,
                AgeBand::From41To50 => &mut b.age_41_50,
                AgeBand::From51To60 => &mut b.age_51_60,
                AgeBand::Over60 => &mut b.age_over_60,
            },
            Trait::Education(e) => match e {
                Education::Primary => &mut b.education_primary,
                Education::LowerSecondary => &mut b.education_lower_secondary,
                Education::UpperSecondary => &mut b.education_upper_secondary,
            },
            Trait::Sector(s) => match s {
                Sector::StateAgency => &mut b.sector_state_agency,
                Sector::PublicServiceUnit => &mut b.sector_public_service_unit,
                Sector::StateEnterprise => &mut b.sector_state_enterprise,
                Sector::NonStateEnterprise => &mut b.sector_non_state_enterprise,
                Sector::FdiEnterprise => &mut b.sector_fdi_enterprise,
                Sector::Other => &mut b.sector_other,
            },
        };
        *slot += n;
    }
    b
}

/// One stage of the funnel, with its share rounded as every ratio is.
pub(super) fn stage_to_proto(stage: FunnelStage) -> pb::FunnelStage {
    let FunnelStage {
        state,
        entered,
        admitted,
    } = stage;
    pb::FunnelStage {
        state: decisions::state_to_proto(state).into(),
        entered,
        admitted,
        admitted_share: ratio(admitted, entered),
    }
}
