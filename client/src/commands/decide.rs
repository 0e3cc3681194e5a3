//! `dangvien decide KIND …`: build the decision from the flags, submit it, print the decision as
//! stored and the case after it (when the server sends one); the server's warnings go to stderr.
//!
//! Flags that clap parses one by one but that do not fit together (`--until` on a permanent
//! transfer, a last day before the decision) are refused here, before connecting.

use chrono::NaiveDate;
use dangvien_proto::v1::{self as pb, decision::Details};

use super::Session;
use crate::{
    cli::{CellVoteArgs, Common, DecideCommand, RateArgs, SponsorArg, TransferArgs, VoteCounts},
    error::{Error, Mistake},
    i18n,
    view::{SubmitView, date_to_wire, decision_name, org_name, person_name},
    vocab::TransferKind,
};

/// Submits one decision.
pub(super) async fn run(command: DecideCommand, session: &mut Session<'_>) -> Result<(), Error> {
    let (decision_id, decision) = new_decision(command)?;
    let mut api = session.connect().await?;
    let request = pb::SubmitDecisionRequest {
        decision_id,
        decision: Some(decision),
        request_id: session.request_id()?,
    };
    let response = api.submit_decision(request).await?;
    let view = SubmitView::from(response);
    let prefix = i18n::warning_prefix(session.lang);
    for warning in &view.warnings {
        writeln!(session.err, "{prefix}: {warning}")?;
    }
    session.err.flush()?;
    Ok(session.render.submitted(&view)?)
}

/// The id to give (empty: the server assigns one) and the decision of a `decide` command line.
fn new_decision(command: DecideCommand) -> Result<(String, pb::Decision), Mistake> {
    check(&command)?;
    let (common, details) = split(command);
    let Common {
        person,
        date,
        number,
        body,
        id,
        reason,
    } = common;
    let decision = pb::Decision {
        person: person_name(&person),
        decision_date: Some(date_to_wire(date)),
        document_number: number.unwrap_or_default(),
        deciding_body: org_name(&body),
        reason: reason.unwrap_or_default(),
        details: Some(details),
        // Output only (`kind` follows from the details), or set through `decision_id`.
        ..Default::default()
    };
    Ok((id.unwrap_or_default(), decision))
}

/// What the flags of one kind cannot say on their own: `--until` only on a temporary transfer, a
/// last day no earlier than the decision, a report to the residence cell no earlier than the
/// letter.
fn check(command: &DecideCommand) -> Result<(), Mistake> {
    use DecideCommand as C;
    let not_before = |common: &Common, flag: &'static str, day: Option<NaiveDate>| match day {
        Some(day) if day < common.date => Err(Mistake::BeforeDecisionDate {
            flag,
            day,
            date: common.date,
        }),
        Some(_) | None => Ok(()),
    };
    match command {
        C::Transfer { common, transfer } => {
            if transfer.until.is_some() && transfer.kind != TransferKind::Temporary {
                return Err(Mistake::UntilNotTemporary);
            }
            not_before(common, "--until", transfer.until)
        }
        C::Exempt { common, until } | C::Suspend { common, until } => {
            not_before(common, "--until", *until)
        }
        C::IntroduceToResidence {
            common,
            reported_date,
            ..
        } => not_before(common, "--reported-date", *reported_date),
        C::Nominate(_)
        | C::RecognizeSympathizer { .. }
        | C::RecordCourse { .. }
        | C::OpenDossier(_)
        | C::ConcludeBackgroundCheck(_)
        | C::RecordIntroductions { .. }
        | C::RecordCellVote { .. }
        | C::RecordCommitteeVote { .. }
        | C::Admit { .. }
        | C::Reject(_)
        | C::Withdraw(_)
        | C::Drop(_)
        | C::Revoke { .. }
        | C::HoldCeremony(_)
        | C::RecordRecognitionVote { .. }
        | C::Recognize { .. }
        | C::StrikeOff(_)
        | C::RecordDeath(_)
        | C::Expel(_)
        | C::AcceptResignation(_)
        | C::Discipline { .. }
        | C::IssueCard { .. }
        | C::Rate { .. } => Ok(()),
    }
}

/// The common fields and the kind's details of a command line.
fn split(command: DecideCommand) -> (Common, Details) {
    use DecideCommand as C;
    match command {
        C::Nominate(common) => (common, Details::Nominate(pb::Nominate {})),
        C::RecognizeSympathizer { common, mentors } => {
            let mentors = mentors.iter().map(|m| person_name(m)).collect();
            let details = pb::RecognizeSympathizer { mentors };
            (common, Details::RecognizeSympathizer(details))
        }
        C::RecordCourse {
            common,
            certificate_number,
            issuer,
        } => {
            let details = pb::RecordCourse {
                certificate_number,
                issuer,
            };
            (common, Details::RecordCourse(details))
        }
        C::OpenDossier(common) => (common, Details::OpenDossier(pb::OpenDossier {})),
        C::ConcludeBackgroundCheck(common) => (
            common,
            Details::ConcludeBackgroundCheck(pb::ConcludeBackgroundCheck {}),
        ),
        C::RecordIntroductions {
            common,
            sponsors,
            union_resolution,
        } => {
            let sponsors = sponsors
                .into_iter()
                .map(
                    |SponsorArg {
                         person,
                         known_since,
                     }| pb::Sponsor {
                        person: person_name(&person),
                        known_since: Some(date_to_wire(known_since)),
                    },
                )
                .collect();
            let details = pb::RecordIntroductions {
                sponsors,
                union_resolution: union_resolution.map_or(0, |r| r.to_wire().into()),
            };
            (common, Details::RecordIntroductions(details))
        }
        C::RecordCellVote { common, votes } => {
            let CellVoteArgs {
                counts:
                    VoteCounts {
                        votes_for,
                        votes_against,
                        full_members,
                    },
                age_consent_number,
                age_consent_date,
            } = votes;
            // clap requires the two together.
            let age_consent = age_consent_number.map(|document_number| pb::AgeConsent {
                document_number,
                date: age_consent_date.map(date_to_wire),
            });
            let details = pb::RecordCellVote {
                votes_for,
                votes_against,
                full_members,
                age_consent,
            };
            (common, Details::RecordCellVote(details))
        }
        C::RecordCommitteeVote {
            common,
            votes_for,
            members,
        } => {
            let details = pb::RecordCommitteeVote { votes_for, members };
            (common, Details::RecordCommitteeVote(details))
        }
        C::Admit { common, extended } => (common, Details::Admit(pb::Admit { extended })),
        C::Reject(common) => (common, Details::Reject(pb::Reject {})),
        C::Withdraw(common) => (common, Details::Withdraw(pb::Withdraw {})),
        C::Drop(common) => (common, Details::Drop(pb::Drop {})),
        C::Revoke { common, revokes } => {
            let revokes = decision_name(&revokes);
            (common, Details::Revoke(pb::Revoke { revokes }))
        }
        C::HoldCeremony(common) => (common, Details::HoldCeremony(pb::HoldCeremony {})),
        C::RecordRecognitionVote { common, votes } => {
            let VoteCounts {
                votes_for,
                votes_against,
                full_members,
            } = votes;
            let details = pb::RecordRecognitionVote {
                votes_for,
                votes_against,
                full_members,
            };
            (common, Details::RecordRecognitionVote(details))
        }
        C::Recognize { common, extended } => {
            (common, Details::Recognize(pb::Recognize { extended }))
        }
        C::StrikeOff(common) => (common, Details::StrikeOff(pb::StrikeOff {})),
        C::Transfer { common, transfer } => {
            let TransferArgs { kind, to, until } = transfer;
            let details = pb::Transfer {
                transfer_kind: kind.to_wire().into(),
                // None: a permanent transfer out of the organisation (DESIGN §3).
                to_org: to.as_deref().map(org_name).unwrap_or_default(),
                until: until.map(date_to_wire),
            };
            (common, Details::Transfer(details))
        }
        C::RecordDeath(common) => (common, Details::RecordDeath(pb::RecordDeath {})),
        C::Expel(common) => (common, Details::Expel(pb::Expel {})),
        C::AcceptResignation(common) => {
            (common, Details::AcceptResignation(pb::AcceptResignation {}))
        }
        C::Exempt { common, until } => {
            let until = until.map(date_to_wire);
            (common, Details::Exempt(pb::Exempt { until }))
        }
        C::Suspend { common, until } => {
            let until = until.map(date_to_wire);
            (common, Details::Suspend(pb::Suspend { until }))
        }
        C::Discipline { common, measure } => {
            let measure = measure.to_wire().into();
            (common, Details::Discipline(pb::Discipline { measure }))
        }
        C::IssueCard {
            common,
            card_number,
        } => (common, Details::IssueCard(pb::IssueCard { card_number })),
        C::IntroduceToResidence {
            common,
            residence_cell,
            reported_date,
        } => {
            let details = pb::IntroduceToResidence {
                residence_cell,
                reported_date: reported_date.map(date_to_wire),
            };
            (common, Details::IntroduceToResidence(details))
        }
        C::Rate { common, rating } => {
            let RateArgs { year, grade, score } = rating;
            let details = pb::Rate {
                year,
                grade: grade.to_wire().into(),
                score,
            };
            (common, Details::Rate(details))
        }
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod member_tests;
