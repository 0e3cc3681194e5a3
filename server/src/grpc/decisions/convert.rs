//! Conversions of decisions and cases between `dangvien.v1` and the domain: what arrives here;
//! what leaves in [`outgoing`].

use dangvien_proto::v1::{self as pb, decision::Details as PbDetails};

use super::super::convert::{self, Checks, decision_name, org_name, person_name};
use crate::domain::{
    Error, FieldViolation, Result,
    admission::{AgeConsent, Details, Sponsor, UnionResolution},
    decision::NewDecision,
    org,
    person::ExternalId,
    text,
};

mod member;
mod outgoing;

pub(in crate::grpc) use outgoing::{deadline_to_proto, kind_to_proto, state_to_proto};

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
