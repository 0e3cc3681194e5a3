//! `dangvien decide KIND …`: build the decision from the flags, submit it, print the decision as
//! stored and the case after it; the server's warnings go to stderr.

use dangvien_proto::v1::{self as pb, decision::Details};

use super::Session;
use crate::{
    cli::{CellVoteArgs, Common, DecideCommand, SponsorArg},
    error::Error,
    i18n,
    view::{SubmitView, date_to_wire, decision_name, org_name, person_name},
};

/// Submits one decision.
pub(super) async fn run(command: DecideCommand, session: &mut Session<'_>) -> Result<(), Error> {
    let mut api = session.connect().await?;
    let request = submit_request(command, session.request_id()?);
    let response = api.submit_decision(request).await?;
    let view = SubmitView::from(response);
    let prefix = i18n::warning_prefix(session.lang);
    for warning in &view.warnings {
        writeln!(session.err, "{prefix}: {warning}")?;
    }
    session.err.flush()?;
    Ok(session.render.submitted(&view)?)
}

/// The `SubmitDecision` of a `decide` command line.
pub(crate) fn submit_request(
    command: DecideCommand,
    request_id: String,
) -> pb::SubmitDecisionRequest {
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
    pb::SubmitDecisionRequest {
        decision_id: id.unwrap_or_default(),
        decision: Some(decision),
        request_id,
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
                votes_for,
                votes_against,
                full_members,
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
    }
}

#[cfg(test)]
mod tests;
