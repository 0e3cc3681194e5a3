//! Conversions of decisions and cases between `dangvien.v1` and the domain.

use dangvien_proto::v1::{self as pb, decision::Details as PbDetails};

use super::super::convert::{
    self, Checks, date_to_proto, decision_name, decision_resource_name, org_name,
    org_resource_name, person_name, person_resource_name,
};
use crate::{
    app::{CaseView, Submitted},
    domain::{
        Error, FieldViolation, Result,
        admission::{AgeConsent, CaseState, DecisionKind, Details, Sponsor, UnionResolution},
        decision::{Deadline, Decision, NewDecision},
        org,
        person::ExternalId,
        text,
    },
};

mod member;

/// The longest reason or certificate field accepted, in characters.
const MAX_TEXT_CHARS: usize = 1000;

/// A `SubmitDecisionRequest` (without its request id) → a decision to judge. `at` prefixes the
/// field paths (e.g. `requests[3].`) inside a batch.
pub(in crate::grpc) fn new_decision(
    decision_id: &str,
    decision: Option<pb::Decision>,
    at: &str,
) -> Result<NewDecision> {
    let f = |name: &str| format!("{at}decision.{name}");
    let mut checks = Checks::default();
    let external_id = checks.take(if decision_id.is_empty() {
        Ok(None)
    } else {
        ExternalId::parse(&format!("{at}decision_id"), decision_id).map(Some)
    });
    let Some(pb::Decision {
        name: _,
        external_id: _,
        person,
        decision_date,
        document_number,
        deciding_body,
        reason,
        kind: _,
        actor: _,
        rulebook: _,
        flags: _,
        revoked_by: _,
        details,
    }) = decision
    else {
        return Err(Error::invalid(
            crate::domain::Reason::InvalidField,
            FieldViolation::new(
                format!("{at}decision"),
                "thiếu quyết định",
                "the decision is missing",
            ),
        ));
    };
    let person = checks.take(person_name(&f("person"), &person));
    let date = checks.take(convert::required_date(&f("decision_date"), decision_date));
    let number = checks.take(org::document_number(
        &f("document_number"),
        &document_number,
    ));
    let body = checks.take(org_name(&f("deciding_body"), &deciding_body));
    let reason = checks.take(text::optional(&f("reason"), &reason, MAX_TEXT_CHARS));
    let details = match details {
        None => {
            checks.push(FieldViolation::new(
                f("details"),
                "thiếu loại quyết định và nội dung của nó",
                "one of the decision kinds must be set",
            ));
            None
        }
        Some(details) => self::details(details, &f, &mut checks),
    };
    let (
        Some(external_id),
        Some(person),
        Some(date),
        Some(number),
        Some(body),
        Some(reason),
        Some(details),
    ) = (external_id, person, date, number, body, reason, details)
    else {
        return Err(checks.fail());
    };
    let new = NewDecision {
        external_id,
        person,
        date,
        number,
        body,
        reason,
        details,
    };
    for mut violation in new.violations() {
        violation.field = f(&violation.field);
        checks.push(violation);
    }
    if checks.is_empty() {
        Ok(new)
    } else {
        Err(checks.fail())
    }
}

fn details(details: PbDetails, f: &dyn Fn(&str) -> String, checks: &mut Checks) -> Option<Details> {
    let count = |checks: &mut Checks, name: &str, value: i32| -> Option<u32> {
        checks.take(
            u32::try_from(value)
                .map_err(|_| FieldViolation::new(f(name), "không được âm", "must not be negative")),
        )
    };
    Some(match details {
        PbDetails::Nominate(pb::Nominate {}) => Details::Nominate,
        PbDetails::RecognizeSympathizer(pb::RecognizeSympathizer { mentors }) => {
            let mut ids = Vec::with_capacity(mentors.len());
            for (i, mentor) in mentors.iter().enumerate() {
                ids.push(checks.take(person_name(
                    &f(&format!("recognize_sympathizer.mentors[{i}]")),
                    mentor,
                ))?);
            }
            Details::RecognizeSympathizer { mentors: ids }
        }
        PbDetails::RecordCourse(pb::RecordCourse {
            certificate_number,
            issuer,
        }) => {
            let number = checks.take(text::required(
                &f("record_course.certificate_number"),
                &certificate_number,
                MAX_TEXT_CHARS,
            ));
            let issuer = checks.take(text::required(
                &f("record_course.issuer"),
                &issuer,
                MAX_TEXT_CHARS,
            ));
            Details::RecordCourse {
                certificate_number: number?,
                issuer: issuer?,
            }
        }
        PbDetails::OpenDossier(pb::OpenDossier {}) => Details::OpenDossier,
        PbDetails::ConcludeBackgroundCheck(pb::ConcludeBackgroundCheck {}) => {
            Details::ConcludeBackgroundCheck
        }
        PbDetails::RecordIntroductions(pb::RecordIntroductions {
            sponsors,
            union_resolution,
        }) => {
            let mut list: Vec<Sponsor> = Vec::with_capacity(sponsors.len());
            for (
                i,
                pb::Sponsor {
                    person: sponsor,
                    known_since,
                },
            ) in sponsors.into_iter().enumerate()
            {
                let field = f(&format!("record_introductions.sponsors[{i}]"));
                let id = checks.take(person_name(&format!("{field}.person"), &sponsor));
                let since = checks.take(convert::required_date(
                    &format!("{field}.known_since"),
                    known_since,
                ));
                let (Some(id), Some(since)) = (id, since) else {
                    continue;
                };
                list.push(Sponsor {
                    person: id,
                    known_since: since,
                });
            }
            let union_resolution = match pb::UnionResolution::try_from(union_resolution) {
                Ok(pb::UnionResolution::Unspecified) => None,
                Ok(pb::UnionResolution::YouthUnion) => Some(UnionResolution::YouthUnion),
                Ok(pb::UnionResolution::TradeUnion) => Some(UnionResolution::TradeUnion),
                Err(_) => {
                    checks.push(FieldViolation::new(
                        f("record_introductions.union_resolution"),
                        "không rõ đoàn thể",
                        "unknown union",
                    ));
                    None
                }
            };
            Details::RecordIntroductions {
                sponsors: list,
                union_resolution,
            }
        }
        PbDetails::RecordCellVote(pb::RecordCellVote {
            votes_for,
            votes_against,
            full_members,
            age_consent,
        }) => {
            let votes_for = count(checks, "record_cell_vote.votes_for", votes_for);
            let votes_against = count(checks, "record_cell_vote.votes_against", votes_against);
            let full_members = count(checks, "record_cell_vote.full_members", full_members);
            let age_consent = match age_consent {
                None => None,
                Some(pb::AgeConsent {
                    document_number,
                    date,
                }) => {
                    let number = checks.take(text::required(
                        &f("record_cell_vote.age_consent.document_number"),
                        &document_number,
                        MAX_TEXT_CHARS,
                    ));
                    let date = checks.take(convert::required_date(
                        &f("record_cell_vote.age_consent.date"),
                        date,
                    ));
                    Some(AgeConsent {
                        document_number: number?,
                        date: date?,
                    })
                }
            };
            let (votes_for, votes_against, full_members) =
                (votes_for?, votes_against?, full_members?);
            Details::RecordCellVote {
                votes_for,
                votes_against,
                full_members,
                age_consent,
            }
        }
        PbDetails::RecordCommitteeVote(pb::RecordCommitteeVote { votes_for, members }) => {
            let votes_for = count(checks, "record_committee_vote.votes_for", votes_for)?;
            let members = count(checks, "record_committee_vote.members", members)?;
            Details::RecordCommitteeVote { votes_for, members }
        }
        PbDetails::Admit(pb::Admit { extended }) => Details::Admit { extended },
        PbDetails::Reject(pb::Reject {}) => Details::Reject,
        PbDetails::Withdraw(pb::Withdraw {}) => Details::Withdraw,
        PbDetails::Drop(pb::Drop {}) => Details::Drop,
        PbDetails::Revoke(pb::Revoke { revokes }) => Details::Revoke {
            revokes: checks.take(decision_name(&f("revoke.revokes"), &revokes))?,
        },
        PbDetails::HoldCeremony(pb::HoldCeremony {}) => Details::HoldCeremony,
        PbDetails::RecordRecognitionVote(v) => member::recognition_vote(v, f, checks)?,
        PbDetails::Recognize(pb::Recognize { extended }) => Details::Recognize { extended },
        PbDetails::StrikeOff(pb::StrikeOff {}) => Details::StrikeOff,
        PbDetails::Transfer(t) => member::transfer(&t, f, checks)?,
        PbDetails::RecordDeath(pb::RecordDeath {}) => Details::RecordDeath,
        PbDetails::Expel(pb::Expel {}) => Details::Expel,
        PbDetails::AcceptResignation(pb::AcceptResignation {}) => Details::AcceptResignation,
        PbDetails::Exempt(pb::Exempt { until }) => Details::Exempt {
            until: member::until("exempt.until", until, f, checks)?,
        },
        PbDetails::Suspend(pb::Suspend { until }) => Details::Suspend {
            until: member::until("suspend.until", until, f, checks)?,
        },
        PbDetails::Discipline(d) => member::discipline(d, f, checks)?,
        PbDetails::IssueCard(c) => member::issue_card(&c, f, checks)?,
        PbDetails::IntroduceToResidence(r) => member::residence(&r, f, checks)?,
        PbDetails::Rate(r) => member::rate(r, f, checks)?,
    })
}

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
fn wire_count(n: u32) -> i32 {
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
