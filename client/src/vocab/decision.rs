//! The decision kinds of both tables of DESIGN §3 (the admission case and the member), spelled as
//! the `decide` subcommands and the sync format (snake_case), and their wire values.

use dangvien_proto::v1 as pb;
use serde::Serialize;

/// The kind of a decision; the CLI spells it as the `decide` subcommand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum DecisionKind {
    // The admission case.
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
    // The member.
    HoldCeremony,
    RecordRecognitionVote,
    Recognize,
    StrikeOff,
    Transfer,
    RecordDeath,
    Expel,
    AcceptResignation,
    Exempt,
    Suspend,
    Discipline,
    IssueCard,
    IntroduceToResidence,
    Rate,
}

impl DecisionKind {
    /// The kind of a wire value; `None` for `UNSPECIFIED` or a value this build does not know.
    pub(crate) fn from_wire(value: i32) -> Option<Self> {
        use pb::DecisionKind as K;
        Some(match K::try_from(value).ok()? {
            K::Unspecified => return None,
            K::Nominate => DecisionKind::Nominate,
            K::RecognizeSympathizer => DecisionKind::RecognizeSympathizer,
            K::RecordCourse => DecisionKind::RecordCourse,
            K::OpenDossier => DecisionKind::OpenDossier,
            K::ConcludeBackgroundCheck => DecisionKind::ConcludeBackgroundCheck,
            K::RecordIntroductions => DecisionKind::RecordIntroductions,
            K::RecordCellVote => DecisionKind::RecordCellVote,
            K::RecordCommitteeVote => DecisionKind::RecordCommitteeVote,
            K::Admit => DecisionKind::Admit,
            K::Reject => DecisionKind::Reject,
            K::Withdraw => DecisionKind::Withdraw,
            K::Drop => DecisionKind::Drop,
            K::Revoke => DecisionKind::Revoke,
            K::HoldCeremony => DecisionKind::HoldCeremony,
            K::RecordRecognitionVote => DecisionKind::RecordRecognitionVote,
            K::Recognize => DecisionKind::Recognize,
            K::StrikeOff => DecisionKind::StrikeOff,
            K::Transfer => DecisionKind::Transfer,
            K::RecordDeath => DecisionKind::RecordDeath,
            K::Expel => DecisionKind::Expel,
            K::AcceptResignation => DecisionKind::AcceptResignation,
            K::Exempt => DecisionKind::Exempt,
            K::Suspend => DecisionKind::Suspend,
            K::Discipline => DecisionKind::Discipline,
            K::IssueCard => DecisionKind::IssueCard,
            K::IntroduceToResidence => DecisionKind::IntroduceToResidence,
            K::Rate => DecisionKind::Rate,
        })
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
            D::HoldCeremony(_) => DecisionKind::HoldCeremony,
            D::RecordRecognitionVote(_) => DecisionKind::RecordRecognitionVote,
            D::Recognize(_) => DecisionKind::Recognize,
            D::StrikeOff(_) => DecisionKind::StrikeOff,
            D::Transfer(_) => DecisionKind::Transfer,
            D::RecordDeath(_) => DecisionKind::RecordDeath,
            D::Expel(_) => DecisionKind::Expel,
            D::AcceptResignation(_) => DecisionKind::AcceptResignation,
            D::Exempt(_) => DecisionKind::Exempt,
            D::Suspend(_) => DecisionKind::Suspend,
            D::Discipline(_) => DecisionKind::Discipline,
            D::IssueCard(_) => DecisionKind::IssueCard,
            D::IntroduceToResidence(_) => DecisionKind::IntroduceToResidence,
            D::Rate(_) => DecisionKind::Rate,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decision_kinds_are_the_wire_names_in_snake_case() {
        for value in 1..=27 {
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
    fn member_details_name_their_kind() {
        use pb::decision::Details as D;
        assert_eq!(
            DecisionKind::of_details(&D::HoldCeremony(pb::HoldCeremony {})),
            DecisionKind::HoldCeremony
        );
        assert_eq!(
            DecisionKind::of_details(&D::Rate(pb::Rate::default())),
            DecisionKind::Rate
        );
        assert_eq!(
            DecisionKind::of_details(&D::Revoke(pb::Revoke::default())),
            DecisionKind::Revoke
        );
    }
}
