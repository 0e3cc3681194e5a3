//! The admission funnel of `report funnel`: per case state, the cases that entered it in the year
//! and the share of them admitted by a day.

use chrono::NaiveDate;
use dangvien_proto::v1 as pb;
use serde::Serialize;

use super::{code_of, date_from_wire, year::ratio};
use crate::vocab::CaseState;

/// The funnel of one subtree (or all roots) and year; the keys are the JSON keys.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct FunnelView {
    /// The organisation's code; `null` for all roots together.
    pub(crate) org: Option<String>,
    pub(crate) year: i32,
    /// The day admissions were counted up to (the server's today when not asked).
    pub(crate) as_of: Option<NaiveDate>,
    /// In the server's order: the order a case moves through the states.
    pub(crate) stages: Vec<FunnelStageView>,
}

/// The cases that entered one state in the year.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct FunnelStageView {
    /// `null` for a state this build does not know.
    pub(crate) state: Option<CaseState>,
    pub(crate) entered: i64,
    /// Of those, the cases admitted by `as_of`.
    pub(crate) admitted: i64,
    /// `admitted / entered` to 4 decimals; `null` when none entered.
    pub(crate) admitted_share: Option<f64>,
}

impl From<pb::Funnel> for FunnelView {
    fn from(funnel: pb::Funnel) -> Self {
        let pb::Funnel {
            org,
            year,
            as_of,
            stages,
        } = funnel;
        Self {
            org: (!org.is_empty()).then(|| code_of(&org).to_owned()),
            year,
            as_of: as_of.and_then(date_from_wire),
            stages: stages.into_iter().map(FunnelStageView::from).collect(),
        }
    }
}

impl From<pb::FunnelStage> for FunnelStageView {
    fn from(stage: pb::FunnelStage) -> Self {
        let pb::FunnelStage {
            state,
            entered,
            admitted,
            admitted_share,
        } = stage;
        Self {
            state: CaseState::from_wire(state),
            entered,
            admitted,
            admitted_share: ratio(admitted_share),
        }
    }
}

#[cfg(test)]
mod tests {
    use dangvien_proto::google::r#type::Date;

    use super::*;

    #[test]
    fn a_funnel_shows_codes_and_rounded_shares() {
        let view = FunnelView::from(pb::Funnel {
            org: "organizations/KHOI".into(),
            year: 2021,
            as_of: Some(Date {
                year: 2022,
                month: 3,
                day: 31,
            }),
            stages: vec![
                pb::FunnelStage {
                    state: pb::CaseState::Candidate as i32,
                    entered: 610,
                    admitted: 150,
                    // Off the 4th decimal, as floating point may bring it.
                    admitted_share: Some(0.245_901_639),
                },
                pb::FunnelStage {
                    state: pb::CaseState::Rejected as i32,
                    entered: 0,
                    admitted: 0,
                    admitted_share: None,
                },
            ],
        });
        assert_eq!(
            serde_json::to_value(view).unwrap(),
            serde_json::json!({
                "org": "KHOI", "year": 2021, "as_of": "2022-03-31",
                "stages": [
                    {"state": "candidate", "entered": 610, "admitted": 150, "admitted_share": 0.2459},
                    {"state": "rejected", "entered": 0, "admitted": 0, "admitted_share": null}
                ]
            })
        );
    }
}
