//! Conversions of the member decisions' details between `dangvien.v1` and the domain.

use dangvien_proto::{
    google::r#type::Date,
    v1::{self as pb, decision::Details as PbDetails},
};

use super::{MAX_TEXT_CHARS, outgoing::wire_count};
use crate::{
    domain::{
        FieldViolation,
        admission::{Details, Grade, Measure, Score, TransferKind},
        text,
    },
    grpc::convert::{self, Checks, date_to_proto, optional_org_name, org_resource_name},
};

/// A field path inside the decision (`decision.transfer.until`, say).
type Path<'a> = &'a dyn Fn(&str) -> String;

pub(super) fn recognition_vote(
    v: pb::RecordRecognitionVote,
    f: Path<'_>,
    checks: &mut Checks,
) -> Option<Details> {
    let mut count = |name: &str, value: i32| {
        checks.take(u32::try_from(value).map_err(|_| {
            FieldViolation::new(
                f(&format!("record_recognition_vote.{name}")),
                "không được âm",
                "must not be negative",
            )
        }))
    };
    let votes_for = count("votes_for", v.votes_for);
    let votes_against = count("votes_against", v.votes_against);
    let full_members = count("full_members", v.full_members);
    Some(Details::RecordRecognitionVote {
        votes_for: votes_for?,
        votes_against: votes_against?,
        full_members: full_members?,
    })
}

pub(super) fn transfer(t: &pb::Transfer, f: Path<'_>, checks: &mut Checks) -> Option<Details> {
    let transfer_kind = match pb::TransferKind::try_from(t.transfer_kind) {
        Ok(pb::TransferKind::Permanent) => Some(TransferKind::Permanent),
        Ok(pb::TransferKind::Internal) => Some(TransferKind::Internal),
        Ok(pb::TransferKind::Temporary) => Some(TransferKind::Temporary),
        Ok(pb::TransferKind::Unspecified) | Err(_) => {
            checks.push(FieldViolation::new(
                f("transfer.transfer_kind"),
                "cần chọn PERMANENT, INTERNAL hoặc TEMPORARY",
                "must be PERMANENT, INTERNAL or TEMPORARY",
            ));
            None
        }
    };
    let to_org = checks.take(optional_org_name(&f("transfer.to_org"), &t.to_org));
    let until = checks.take(convert::date(&f("transfer.until"), t.until));
    Some(Details::Transfer {
        transfer_kind: transfer_kind?,
        to_org: to_org?,
        until: until?,
    })
}

/// The optional end date of an exemption or a suspension.
pub(super) fn until(
    field: &str,
    until: Option<Date>,
    f: Path<'_>,
    checks: &mut Checks,
) -> Option<Option<chrono::NaiveDate>> {
    checks.take(convert::date(&f(field), until))
}

pub(super) fn discipline(d: pb::Discipline, f: Path<'_>, checks: &mut Checks) -> Option<Details> {
    let measure = match pb::DisciplineMeasure::try_from(d.measure) {
        Ok(pb::DisciplineMeasure::Reprimand) => Measure::Reprimand,
        Ok(pb::DisciplineMeasure::Warning) => Measure::Warning,
        Ok(pb::DisciplineMeasure::RemovalFromPost) => Measure::RemovalFromPost,
        Ok(pb::DisciplineMeasure::Unspecified) | Err(_) => {
            checks.push(FieldViolation::new(
                f("discipline.measure"),
                "cần chọn REPRIMAND, WARNING hoặc REMOVAL_FROM_POST",
                "must be REPRIMAND, WARNING or REMOVAL_FROM_POST",
            ));
            return None;
        }
    };
    Some(Details::Discipline { measure })
}

pub(super) fn issue_card(c: &pb::IssueCard, f: Path<'_>, checks: &mut Checks) -> Option<Details> {
    let card_number = checks.take(text::required(
        &f("issue_card.card_number"),
        &c.card_number,
        32,
    ))?;
    Some(Details::IssueCard { card_number })
}

pub(super) fn residence(
    r: &pb::IntroduceToResidence,
    f: Path<'_>,
    checks: &mut Checks,
) -> Option<Details> {
    let residence_cell = checks.take(text::required(
        &f("introduce_to_residence.residence_cell"),
        &r.residence_cell,
        MAX_TEXT_CHARS,
    ));
    let reported_date = checks.take(convert::date(
        &f("introduce_to_residence.reported_date"),
        r.reported_date,
    ));
    Some(Details::IntroduceToResidence {
        residence_cell: residence_cell?,
        reported_date: reported_date?,
    })
}

pub(super) fn rate(r: pb::Rate, f: Path<'_>, checks: &mut Checks) -> Option<Details> {
    let grade = match pb::Grade::try_from(r.grade) {
        Ok(pb::Grade::Excellent) => Some(Grade::Excellent),
        Ok(pb::Grade::Good) => Some(Grade::Good),
        Ok(pb::Grade::Completed) => Some(Grade::Completed),
        Ok(pb::Grade::NotCompleted) => Some(Grade::NotCompleted),
        Ok(pb::Grade::Unspecified) | Err(_) => {
            checks.push(FieldViolation::new(
                f("rate.grade"),
                "cần chọn EXCELLENT, GOOD, COMPLETED hoặc NOT_COMPLETED",
                "must be EXCELLENT, GOOD, COMPLETED or NOT_COMPLETED",
            ));
            None
        }
    };
    let score = match r.score {
        None => Some(None),
        Some(value) => checks
            .take(Score::from_f64(value).ok_or_else(|| {
                FieldViolation::new(
                    f("rate.score"),
                    "điểm phải từ 0 đến 100, tối đa hai chữ số thập phân",
                    "the score must be 0 to 100 with at most two decimals",
                )
            }))
            .map(Some),
    };
    Some(Details::Rate {
        year: r.year,
        grade: grade?,
        score: score?,
    })
}

/// A member decision's details → the wire; `None` for an admission decision's.
pub(super) fn to_proto(details: Details) -> Result<PbDetails, Details> {
    Ok(match details {
        Details::HoldCeremony => PbDetails::HoldCeremony(pb::HoldCeremony {}),
        Details::RecordRecognitionVote {
            votes_for,
            votes_against,
            full_members,
        } => PbDetails::RecordRecognitionVote(pb::RecordRecognitionVote {
            votes_for: wire_count(votes_for),
            votes_against: wire_count(votes_against),
            full_members: wire_count(full_members),
        }),
        Details::Recognize { extended } => PbDetails::Recognize(pb::Recognize { extended }),
        Details::StrikeOff => PbDetails::StrikeOff(pb::StrikeOff {}),
        Details::Transfer {
            transfer_kind,
            to_org,
            until,
        } => PbDetails::Transfer(pb::Transfer {
            transfer_kind: match transfer_kind {
                TransferKind::Permanent => pb::TransferKind::Permanent,
                TransferKind::Internal => pb::TransferKind::Internal,
                TransferKind::Temporary => pb::TransferKind::Temporary,
            }
            .into(),
            to_org: to_org.as_ref().map(org_resource_name).unwrap_or_default(),
            until: until.map(date_to_proto),
        }),
        Details::RecordDeath => PbDetails::RecordDeath(pb::RecordDeath {}),
        Details::Expel => PbDetails::Expel(pb::Expel {}),
        Details::AcceptResignation => PbDetails::AcceptResignation(pb::AcceptResignation {}),
        Details::Exempt { until } => PbDetails::Exempt(pb::Exempt {
            until: until.map(date_to_proto),
        }),
        Details::Suspend { until } => PbDetails::Suspend(pb::Suspend {
            until: until.map(date_to_proto),
        }),
        Details::Discipline { measure } => PbDetails::Discipline(pb::Discipline {
            measure: match measure {
                Measure::Reprimand => pb::DisciplineMeasure::Reprimand,
                Measure::Warning => pb::DisciplineMeasure::Warning,
                Measure::RemovalFromPost => pb::DisciplineMeasure::RemovalFromPost,
            }
            .into(),
        }),
        Details::IssueCard { card_number } => PbDetails::IssueCard(pb::IssueCard { card_number }),
        Details::IntroduceToResidence {
            residence_cell,
            reported_date,
        } => PbDetails::IntroduceToResidence(pb::IntroduceToResidence {
            residence_cell,
            reported_date: reported_date.map(date_to_proto),
        }),
        Details::Rate { year, grade, score } => PbDetails::Rate(pb::Rate {
            year,
            grade: match grade {
                Grade::Excellent => pb::Grade::Excellent,
                Grade::Good => pb::Grade::Good,
                Grade::Completed => pb::Grade::Completed,
                Grade::NotCompleted => pb::Grade::NotCompleted,
            }
            .into(),
            score: score.map(Score::as_f64),
        }),
        other @ (Details::Nominate
        | Details::RecognizeSympathizer { .. }
        | Details::RecordCourse { .. }
        | Details::OpenDossier
        | Details::ConcludeBackgroundCheck
        | Details::RecordIntroductions { .. }
        | Details::RecordCellVote { .. }
        | Details::RecordCommitteeVote { .. }
        | Details::Admit { .. }
        | Details::Reject
        | Details::Withdraw
        | Details::Drop
        | Details::Revoke { .. }) => return Err(other),
    })
}
