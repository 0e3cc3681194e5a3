//! The admission vocabularies (case states, decision kinds, union resolutions) as the CLI reads and
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

/// The kind of an admission decision; the CLI spells it as the `decide` subcommand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum DecisionKind {
    Nominate,
    RecognizeSympathizer,
    RecordCourse,
    OpenDossier,
    ConcludeBackgroundCheck,
    RecordIntroductions,
    RecordCellVote,
    RecordCommitteeVote,
    Admit,
    Reject,
    Withdraw,
    Drop,
    Revoke,
}

impl DecisionKind {
    /// The kind of a wire value; `None` for `UNSPECIFIED` or a value this build does not know
    /// (a member decision, say, until this build learns them).
    pub(crate) fn from_wire(value: i32) -> Option<Self> {
        use pb::DecisionKind as K;
        match K::try_from(value).ok()? {
            K::Unspecified => None,
            K::Nominate => Some(DecisionKind::Nominate),
            K::RecognizeSympathizer => Some(DecisionKind::RecognizeSympathizer),
            K::RecordCourse => Some(DecisionKind::RecordCourse),
            K::OpenDossier => Some(DecisionKind::OpenDossier),
            K::ConcludeBackgroundCheck => Some(DecisionKind::ConcludeBackgroundCheck),
            K::RecordIntroductions => Some(DecisionKind::RecordIntroductions),
            K::RecordCellVote => Some(DecisionKind::RecordCellVote),
            K::RecordCommitteeVote => Some(DecisionKind::RecordCommitteeVote),
            K::Admit => Some(DecisionKind::Admit),
            K::Reject => Some(DecisionKind::Reject),
            K::Withdraw => Some(DecisionKind::Withdraw),
            K::Drop => Some(DecisionKind::Drop),
            K::Revoke => Some(DecisionKind::Revoke),
            _ => None,
        }
    }

    /// The kind of the details a decision carries, for a server that left `kind` unset.
    pub(crate) fn of_details(details: &pb::decision::Details) -> Self {
        use pb::decision::Details as D;
        match details {
            D::Nominate(_) => DecisionKind::Nominate,
            D::RecognizeSympathizer(_) => DecisionKind::RecognizeSympathizer,
            D::RecordCourse(_) => DecisionKind::RecordCourse,
            D::OpenDossier(_) => DecisionKind::OpenDossier,
            D::ConcludeBackgroundCheck(_) => DecisionKind::ConcludeBackgroundCheck,
            D::RecordIntroductions(_) => DecisionKind::RecordIntroductions,
            D::RecordCellVote(_) => DecisionKind::RecordCellVote,
            D::RecordCommitteeVote(_) => DecisionKind::RecordCommitteeVote,
            D::Admit(_) => DecisionKind::Admit,
            D::Reject(_) => DecisionKind::Reject,
            D::Withdraw(_) => DecisionKind::Withdraw,
            D::Drop(_) => DecisionKind::Drop,
            D::Revoke(_) => DecisionKind::Revoke,
            _ => DecisionKind::Revoke,
        }
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
    fn decision_kinds_are_the_wire_names_in_snake_case() {
        for value in 1..=13 {
            let kind = DecisionKind::from_wire(value).unwrap();
            let wire = pb::DecisionKind::try_from(value).unwrap().as_str_name();
            let code = serde_json::to_value(kind).unwrap();
            assert_eq!(
                wire.strip_prefix("DECISION_KIND_").unwrap().to_lowercase(),
                code.as_str().unwrap()
            );
        }
        assert_eq!(DecisionKind::from_wire(0), None);
        assert_eq!(DecisionKind::from_wire(99), None);
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
