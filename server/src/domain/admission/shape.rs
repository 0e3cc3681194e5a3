//! The checks a decision's own fields must pass before any rule is judged (malformed input,
//! `INVALID_ARGUMENT`), whichever way the decision arrives: an RPC or an imported line.

use chrono::{Datelike, NaiveDate};

use super::{Details, TransferKind};
use crate::domain::{FieldViolation, person::ExternalId};

impl Details {
    /// What is malformed in these details of a decision about `person` dated `date`; field paths
    /// are relative to the details (`record_cell_vote.full_members`).
    pub fn shape_violations(&self, person: &ExternalId, date: NaiveDate) -> Vec<FieldViolation> {
        let mut wrong = Vec::new();
        match self {
            Details::RecordIntroductions { sponsors, .. } => {
                for (i, sponsor) in sponsors.iter().enumerate() {
                    let repeated = sponsors[..i].iter().any(|s| s.person == sponsor.person);
                    if &sponsor.person == person || repeated {
                        wrong.push(FieldViolation::new(
                            format!("record_introductions.sponsors[{i}].person"),
                            "người giới thiệu phải khác nhau và không phải chính người được giới thiệu",
                            "sponsors must be distinct and not the person",
                        ));
                    }
                }
            }
            Details::RecordCellVote {
                votes_for,
                votes_against,
                full_members,
                ..
            } => {
                if *full_members == 0 || votes_for + votes_against > *full_members {
                    wrong.push(FieldViolation::new(
                        "record_cell_vote.full_members",
                        "số đảng viên chính thức phải lớn hơn 0 và không nhỏ hơn tổng số phiếu",
                        "full_members must be positive and at least votes_for + votes_against",
                    ));
                }
            }
            Details::RecordCommitteeVote { votes_for, members } => {
                if *members == 0 || votes_for > members {
                    wrong.push(FieldViolation::new(
                        "record_committee_vote.members",
                        "số cấp ủy viên phải lớn hơn 0 và không nhỏ hơn số phiếu tán thành",
                        "members must be positive and at least votes_for",
                    ));
                }
            }
            Details::RecordRecognitionVote {
                votes_for,
                votes_against,
                full_members,
            } => {
                if *full_members == 0 || votes_for + votes_against > *full_members {
                    wrong.push(FieldViolation::new(
                        "record_recognition_vote.full_members",
                        "số đảng viên chính thức phải lớn hơn 0 và không nhỏ hơn tổng số phiếu",
                        "full_members must be positive and at least votes_for + votes_against",
                    ));
                }
            }
            Details::Transfer {
                transfer_kind,
                to_org,
                until,
            } => transfer_shape(*transfer_kind, to_org.is_some(), *until, date, &mut wrong),
            Details::Exempt { until } | Details::Suspend { until } => {
                let field = if matches!(self, Details::Exempt { .. }) {
                    "exempt.until"
                } else {
                    "suspend.until"
                };
                if until.is_some_and(|until| until < date) {
                    wrong.push(FieldViolation::new(
                        field,
                        "ngày kết thúc không được trước ngày quyết định",
                        "until cannot precede the decision date",
                    ));
                }
            }
            Details::IssueCard { card_number } => {
                if card_number.trim().is_empty() {
                    wrong.push(FieldViolation::new(
                        "issue_card.card_number",
                        "cần số thẻ đảng viên",
                        "the party card number is required",
                    ));
                }
            }
            Details::IntroduceToResidence {
                residence_cell,
                reported_date,
            } => {
                if residence_cell.trim().is_empty() {
                    wrong.push(FieldViolation::new(
                        "introduce_to_residence.residence_cell",
                        "cần tên chi bộ nơi cư trú",
                        "the residence-place cell is required",
                    ));
                }
                if reported_date.is_some_and(|reported| reported < date) {
                    wrong.push(FieldViolation::new(
                        "introduce_to_residence.reported_date",
                        "ngày đến sinh hoạt không được trước ngày giới thiệu",
                        "reported_date cannot precede the letter's date",
                    ));
                }
            }
            Details::Rate { year, .. } => {
                if *year < 1930 || *year > date.year() {
                    wrong.push(FieldViolation::new(
                        "rate.year",
                        format!(
                            "năm xếp loại phải từ 1930 đến năm của quyết định ({})",
                            date.year()
                        ),
                        format!(
                            "the year graded must be from 1930 to the decision's year ({})",
                            date.year()
                        ),
                    ));
                }
            }
            Details::Nominate
            | Details::RecognizeSympathizer { .. }
            | Details::RecordCourse { .. }
            | Details::OpenDossier
            | Details::ConcludeBackgroundCheck
            | Details::Admit { .. }
            | Details::Reject
            | Details::Withdraw
            | Details::Drop
            | Details::Revoke { .. }
            | Details::HoldCeremony
            | Details::Recognize { .. }
            | Details::StrikeOff
            | Details::RecordDeath
            | Details::Expel
            | Details::AcceptResignation
            | Details::Discipline { .. } => {}
        }
        wrong
    }
}

/// A transfer's destination and end date must fit its kind.
fn transfer_shape(
    kind: TransferKind,
    has_destination: bool,
    until: Option<NaiveDate>,
    date: NaiveDate,
    wrong: &mut Vec<FieldViolation>,
) {
    match (kind, until) {
        (TransferKind::Temporary, None) => wrong.push(FieldViolation::new(
            "transfer.until",
            "chuyển sinh hoạt tạm thời cần ngày kết thúc",
            "a temporary transfer needs until",
        )),
        (TransferKind::Temporary, Some(until)) if until < date => {
            wrong.push(FieldViolation::new(
                "transfer.until",
                "ngày kết thúc không được trước ngày quyết định",
                "until cannot precede the decision date",
            ));
        }
        (TransferKind::Permanent | TransferKind::Internal, Some(_)) => {
            wrong.push(FieldViolation::new(
                "transfer.until",
                "chỉ chuyển sinh hoạt tạm thời mới có ngày kết thúc",
                "only a temporary transfer has until",
            ));
        }
        (_, _) => {}
    }
    if kind == TransferKind::Internal && !has_destination {
        wrong.push(FieldViolation::new(
            "transfer.to_org",
            "chuyển sinh hoạt nội bộ cần chi bộ đến",
            "an internal transfer needs to_org",
        ));
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::admission::Sponsor;

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2021, 6, 1).unwrap()
    }

    fn id(s: &str) -> ExternalId {
        ExternalId::parse("f", s).unwrap()
    }

    #[test]
    fn sponsors_are_distinct_and_not_the_person() {
        let since = NaiveDate::from_ymd_opt(2018, 1, 1).unwrap();
        let sponsors = |ids: &[&str]| Details::RecordIntroductions {
            sponsors: ids
                .iter()
                .map(|s| Sponsor {
                    person: id(s),
                    known_since: since,
                })
                .collect(),
            union_resolution: None,
        };
        assert!(
            sponsors(&["S1", "S2"])
                .shape_violations(&id("P1"), day())
                .is_empty()
        );
        let fields = |d: Details| -> Vec<String> {
            d.shape_violations(&id("P1"), day())
                .into_iter()
                .map(|v| v.field)
                .collect()
        };
        assert_eq!(
            fields(sponsors(&["S1", "S1"])),
            ["record_introductions.sponsors[1].person"]
        );
        assert_eq!(
            fields(sponsors(&["P1", "S1"])),
            ["record_introductions.sponsors[0].person"]
        );
    }

    #[test]
    fn votes_fit_the_members_counted() {
        let vote = |votes_for, votes_against, full_members| Details::RecordCellVote {
            votes_for,
            votes_against,
            full_members,
            age_consent: None,
        };
        assert!(
            vote(14, 6, 20)
                .shape_violations(&id("P1"), day())
                .is_empty()
        );
        assert_eq!(vote(15, 6, 20).shape_violations(&id("P1"), day()).len(), 1);
        assert_eq!(vote(0, 0, 0).shape_violations(&id("P1"), day()).len(), 1);
        let committee = |votes_for, members| Details::RecordCommitteeVote { votes_for, members };
        assert!(
            committee(5, 7)
                .shape_violations(&id("P1"), day())
                .is_empty()
        );
        assert_eq!(committee(8, 7).shape_violations(&id("P1"), day()).len(), 1);
    }
}
