//! The checks a decision's own fields must pass before any rule is judged (malformed input,
//! `INVALID_ARGUMENT`), whichever way the decision arrives: an RPC or an imported line.

use super::Details;
use crate::domain::{FieldViolation, person::ExternalId};

impl Details {
    /// What is malformed in these details of a decision about `person`; field paths are relative
    /// to the details (`record_cell_vote.full_members`).
    pub fn shape_violations(&self, person: &ExternalId) -> Vec<FieldViolation> {
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
            Details::Nominate
            | Details::RecognizeSympathizer { .. }
            | Details::RecordCourse { .. }
            | Details::OpenDossier
            | Details::ConcludeBackgroundCheck
            | Details::Admit { .. }
            | Details::Reject
            | Details::Withdraw
            | Details::Drop
            | Details::Revoke { .. } => {}
        }
        wrong
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::admission::Sponsor;

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
                .shape_violations(&id("P1"))
                .is_empty()
        );
        let fields = |d: Details| -> Vec<String> {
            d.shape_violations(&id("P1"))
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
        assert!(vote(14, 6, 20).shape_violations(&id("P1")).is_empty());
        assert_eq!(vote(15, 6, 20).shape_violations(&id("P1")).len(), 1);
        assert_eq!(vote(0, 0, 0).shape_violations(&id("P1")).len(), 1);
        let committee = |votes_for, members| Details::RecordCommitteeVote { votes_for, members };
        assert!(committee(5, 7).shape_violations(&id("P1")).is_empty());
        assert_eq!(committee(8, 7).shape_violations(&id("P1")).len(), 1);
    }
}
