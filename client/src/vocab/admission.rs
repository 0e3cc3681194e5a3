//! The admission vocabularies (case states, union resolutions) as the CLI reads and
//! writes them (snake_case, as DESIGN §6), and their wire values.

use clap::ValueEnum;
use dangvien_proto::v1 as pb;
use serde::Serialize;

/// The state of an admission case (DESIGN §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Serialize)]
#[value(rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub(crate) enum CaseState {
    Candidate,
    Sympathizer,
    Trained,
    DossierOpen,
    Verified,
    Introduced,
    CellApproved,
    CommitteeApproved,
    Admitted,
    Rejected,
    Withdrawn,
    Dropped,
}

impl CaseState {
    /// The wire value.
    pub(crate) fn to_wire(self) -> pb::CaseState {
        use pb::CaseState as S;
        match self {
            CaseState::Candidate => S::Candidate,
            CaseState::Sympathizer => S::Sympathizer,
            CaseState::Trained => S::Trained,
            CaseState::DossierOpen => S::DossierOpen,
            CaseState::Verified => S::Verified,
            CaseState::Introduced => S::Introduced,
            CaseState::CellApproved => S::CellApproved,
            CaseState::CommitteeApproved => S::CommitteeApproved,
            CaseState::Admitted => S::Admitted,
            CaseState::Rejected => S::Rejected,
            CaseState::Withdrawn => S::Withdrawn,
            CaseState::Dropped => S::Dropped,
        }
    }

    /// The state of a wire value; `None` for `UNSPECIFIED` (no case) or a value this build does
    /// not know.
    pub(crate) fn from_wire(value: i32) -> Option<Self> {
        use pb::CaseState as S;
        match S::try_from(value).ok()? {
            S::Unspecified => None,
            S::Candidate => Some(CaseState::Candidate),
            S::Sympathizer => Some(CaseState::Sympathizer),
            S::Trained => Some(CaseState::Trained),
            S::DossierOpen => Some(CaseState::DossierOpen),
            S::Verified => Some(CaseState::Verified),
            S::Introduced => Some(CaseState::Introduced),
            S::CellApproved => Some(CaseState::CellApproved),
            S::CommitteeApproved => Some(CaseState::CommitteeApproved),
            S::Admitted => Some(CaseState::Admitted),
            S::Rejected => Some(CaseState::Rejected),
            S::Withdrawn => Some(CaseState::Withdrawn),
            S::Dropped => Some(CaseState::Dropped),
        }
    }

    /// The name used in a `ListPeople` filter: the enum value without its prefix.
    pub(crate) fn filter_name(self) -> &'static str {
        let name = self.to_wire().as_str_name();
        name.strip_prefix("CASE_STATE_").unwrap_or(name)
    }
}

/// The union resolution that may stand in for a second sponsor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Serialize)]
#[value(rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub(crate) enum UnionResolution {
    YouthUnion,
    TradeUnion,
}

impl UnionResolution {
    /// The wire value.
    pub(crate) fn to_wire(self) -> pb::UnionResolution {
        match self {
            UnionResolution::YouthUnion => pb::UnionResolution::YouthUnion,
            UnionResolution::TradeUnion => pb::UnionResolution::TradeUnion,
        }
    }

    /// The resolution of a wire value; `None` for none (`UNSPECIFIED`) or an unknown value.
    pub(crate) fn from_wire(value: i32) -> Option<Self> {
        match pb::UnionResolution::try_from(value).ok()? {
            pb::UnionResolution::Unspecified => None,
            pb::UnionResolution::YouthUnion => Some(UnionResolution::YouthUnion),
            pb::UnionResolution::TradeUnion => Some(UnionResolution::TradeUnion),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_states_match_clap_serde_and_the_wire() {
        for state in CaseState::value_variants() {
            let clap_name = state.to_possible_value().unwrap().get_name().to_owned();
            assert_eq!(serde_json::to_value(state).unwrap(), clap_name);
            assert_eq!(CaseState::from_wire(state.to_wire() as i32), Some(*state));
            assert_eq!(state.filter_name(), clap_name.to_uppercase());
        }
        assert_eq!(CaseState::value_variants().len(), 12);
        assert_eq!(CaseState::from_wire(0), None);
    }

    #[test]
    fn union_resolutions_round_trip() {
        for r in UnionResolution::value_variants() {
            let clap_name = r.to_possible_value().unwrap().get_name().to_owned();
            assert_eq!(serde_json::to_value(r).unwrap(), clap_name);
            assert_eq!(UnionResolution::from_wire(r.to_wire() as i32), Some(*r));
        }
        assert_eq!(UnionResolution::from_wire(0), None);
    }
}
