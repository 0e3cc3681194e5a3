//! Conversions of decisions, cases and deadlines from the domain to `dangvien.v1`.

use dangvien_proto::v1::{self as pb, decision::Details as PbDetails};

use super::member;
use crate::{
    app::{CaseView, Submitted},
    domain::{
        admission::{AgeConsent, CaseState, DecisionKind, Details, Sponsor, UnionResolution},
        decision::{Deadline, Decision},
    },
    grpc::convert::{
        date_to_proto, decision_resource_name, org_resource_name, person_resource_name,
    },
};

/// The domain kind → the wire kind.
pub(in crate::grpc) fn kind_to_proto(kind: DecisionKind) -> pb::DecisionKind {
    use DecisionKind as K;
    use pb::DecisionKind as P;
    match kind {
        K::Nominate => P::Nominate,
        K::RecognizeSympathizer => P::RecognizeSympathizer,
        K::RecordCourse => P::RecordCourse,
        K::OpenDossier => P::OpenDossier,
        K::ConcludeBackgroundCheck => P::ConcludeBackgroundCheck,
        K::RecordIntroductions => P::RecordIntroductions,
        K::RecordCellVote => P::RecordCellVote,
        K::RecordCommitteeVote => P::RecordCommitteeVote,
        K::Admit => P::Admit,
        K::Reject => P::Reject,
        K::Withdraw => P::Withdraw,
        K::Drop => P::Drop,
        K::Revoke => P::Revoke,
        K::HoldCeremony => P::HoldCeremony,
        K::RecordRecognitionVote => P::RecordRecognitionVote,
        K::Recognize => P::Recognize,
        K::StrikeOff => P::StrikeOff,
        K::Transfer => P::Transfer,
        K::RecordDeath => P::RecordDeath,
        K::Expel => P::Expel,
        K::AcceptResignation => P::AcceptResignation,
        K::Exempt => P::Exempt,
        K::Suspend => P::Suspend,
        K::Discipline => P::Discipline,
        K::IssueCard => P::IssueCard,
        K::IntroduceToResidence => P::IntroduceToResidence,
        K::Rate => P::Rate,
    }
}

/// The domain case state → the wire state.
pub(in crate::grpc) fn state_to_proto(state: CaseState) -> pb::CaseState {
    use CaseState as S;
    use pb::CaseState as P;
    match state {
        S::Candidate => P::Candidate,
        S::Sympathizer => P::Sympathizer,
        S::Trained => P::Trained,
        S::DossierOpen => P::DossierOpen,
        S::Verified => P::Verified,
        S::Introduced => P::Introduced,
        S::CellApproved => P::CellApproved,
        S::CommitteeApproved => P::CommitteeApproved,
        S::Admitted => P::Admitted,
        S::Rejected => P::Rejected,
        S::Withdrawn => P::Withdrawn,
        S::Dropped => P::Dropped,
    }
}

fn details_to_proto(details: Details) -> PbDetails {
    let details = match member::to_proto(details) {
        Ok(member) => return member,
        Err(admission) => admission,
    };
    match details {
        Details::Nominate => PbDetails::Nominate(pb::Nominate {}),
        Details::RecognizeSympathizer { mentors } => {
            PbDetails::RecognizeSympathizer(pb::RecognizeSympathizer {
                mentors: mentors.iter().map(person_resource_name).collect(),
            })
        }
        Details::RecordCourse {
            certificate_number,
            issuer,
        } => PbDetails::RecordCourse(pb::RecordCourse {
            certificate_number,
            issuer,
        }),
        Details::OpenDossier => PbDetails::OpenDossier(pb::OpenDossier {}),
        Details::ConcludeBackgroundCheck => {
            PbDetails::ConcludeBackgroundCheck(pb::ConcludeBackgroundCheck {})
        }
        Details::RecordIntroductions {
            sponsors,
            union_resolution,
        } => PbDetails::RecordIntroductions(pb::RecordIntroductions {
            sponsors: sponsors
                .into_iter()
                .map(
                    |Sponsor {
                         person,
                         known_since,
                     }| pb::Sponsor {
                        person: person_resource_name(&person),
                        known_since: Some(date_to_proto(known_since)),
                    },
                )
                .collect(),
            union_resolution: match union_resolution {
                None => pb::UnionResolution::Unspecified,
                Some(UnionResolution::YouthUnion) => pb::UnionResolution::YouthUnion,
                Some(UnionResolution::TradeUnion) => pb::UnionResolution::TradeUnion,
            }
            .into(),
        }),
        Details::RecordCellVote {
            votes_for,
            votes_against,
            full_members,
            age_consent,
        } => PbDetails::RecordCellVote(pb::RecordCellVote {
            votes_for: wire_count(votes_for),
            votes_against: wire_count(votes_against),
            full_members: wire_count(full_members),
            age_consent: age_consent.map(
                |AgeConsent {
                     document_number,
                     date,
                 }| pb::AgeConsent {
                    document_number,
                    date: Some(date_to_proto(date)),
                },
            ),
        }),
        Details::RecordCommitteeVote { votes_for, members } => {
            PbDetails::RecordCommitteeVote(pb::RecordCommitteeVote {
                votes_for: wire_count(votes_for),
                members: wire_count(members),
            })
        }
        Details::Admit { extended } => PbDetails::Admit(pb::Admit { extended }),
        Details::Reject => PbDetails::Reject(pb::Reject {}),
        Details::Withdraw => PbDetails::Withdraw(pb::Withdraw {}),
        Details::Drop => PbDetails::Drop(pb::Drop {}),
        Details::Revoke { revokes } => PbDetails::Revoke(pb::Revoke {
            revokes: decision_resource_name(&revokes),
        }),
        // Converted above.
        member @ (Details::HoldCeremony
        | Details::RecordRecognitionVote { .. }
        | Details::Recognize { .. }
        | Details::StrikeOff
        | Details::Transfer { .. }
        | Details::RecordDeath
        | Details::Expel
        | Details::AcceptResignation
        | Details::Exempt { .. }
        | Details::Suspend { .. }
        | Details::Discipline { .. }
        | Details::IssueCard { .. }
        | Details::IntroduceToResidence { .. }
        | Details::Rate { .. }) => {
            unreachable!("{:?} is converted by member::to_proto", member.kind())
        }
    }
}

/// A deadline → the wire.
pub(in crate::grpc) fn deadline_to_proto(deadline: Deadline) -> pb::Deadline {
    let Deadline {
        flag,
        description,
        due,
        met_on,
        overdue,
    } = deadline;
    pb::Deadline {
        flag,
        description,
        due_date: Some(date_to_proto(due)),
        met_on: met_on.map(date_to_proto),
        overdue,
    }
}

/// Counts came in as non-negative `i32`s, so they fit back.
pub(super) fn wire_count(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

impl From<Decision> for pb::Decision {
    fn from(d: Decision) -> Self {
        let kind = kind_to_proto(d.kind());
        let Decision {
            external_id,
            person,
            date,
            number,
            body,
            cell: _,
            reason,
            details,
            actor,
            rulebook,
            flags,
            revoked_by,
        } = d;
        pb::Decision {
            name: decision_resource_name(&external_id),
            external_id: external_id.as_str().to_owned(),
            person: person_resource_name(&person),
            decision_date: Some(date_to_proto(date)),
            document_number: number.unwrap_or_default(),
            deciding_body: org_resource_name(&body),
            reason: reason.unwrap_or_default(),
            kind: kind.into(),
            actor,
            rulebook,
            flags,
            revoked_by: revoked_by
                .as_ref()
                .map(decision_resource_name)
                .unwrap_or_default(),
            details: Some(details_to_proto(details)),
        }
    }
}

impl From<CaseView> for pb::AdmissionCase {
    fn from(case: CaseView) -> Self {
        let CaseView {
            person,
            state,
            cell,
            rulebook,
            timeline,
            deadlines,
        } = case;
        pb::AdmissionCase {
            name: format!("{}/case", person_resource_name(&person)),
            person: person_resource_name(&person),
            state: state_to_proto(state).into(),
            cell: org_resource_name(&cell),
            rulebook,
            timeline: timeline.into_iter().map(Into::into).collect(),
            deadlines: deadlines.into_iter().map(deadline_to_proto).collect(),
        }
    }
}

impl From<Submitted> for pb::SubmitDecisionResponse {
    fn from(s: Submitted) -> Self {
        let Submitted {
            decision,
            case,
            warnings,
        } = s;
        pb::SubmitDecisionResponse {
            decision: Some(decision.into()),
            admission_case: case.map(Into::into),
            warnings,
        }
    }
}
