//! The fields of each decision kind (the `details` of a decision), under the keys of the sync format
//! (DESIGN §6): ids and codes instead of resource names, vocabulary codes instead of wire numbers.

use chrono::NaiveDate;
use dangvien_proto::v1 as pb;
use serde::Serialize;

use super::{code_of, date_from_wire, decision_id_of, non_empty, person_id_of};
use crate::vocab::{DisciplineMeasure, Grade, TransferKind, UnionResolution};

/// The fields of one decision kind. Untagged: the kind is the decision's `kind`, beside it.
///
/// `PartialEq` only: a grading's score is a decimal.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub(crate) enum DetailsView {
    /// `nominate`, `open_dossier`, `conclude_background_check`, `reject`, `withdraw`, `drop`,
    /// `hold_ceremony`, `strike_off`, `record_death`, `expel`, `accept_resignation`.
    None {},
    /// `recognize_sympathizer`: the mentors' ids.
    Mentors { mentors: Vec<String> },
    /// `record_course`.
    Course {
        certificate_number: String,
        issuer: String,
    },
    /// `record_introductions`.
    Introductions {
        sponsors: Vec<SponsorView>,
        union_resolution: Option<UnionResolution>,
    },
    /// `record_cell_vote`.
    CellVote {
        votes_for: i32,
        votes_against: i32,
        full_members: i32,
        age_consent: Option<AgeConsentView>,
    },
    /// `record_committee_vote`.
    CommitteeVote { votes_for: i32, members: i32 },
    /// `admit` and `recognize`: whether the 30 extra working days were taken.
    Extended { extended: bool },
    /// `revoke`: the reversed decision's id.
    Revoke { revokes: String },
    /// `record_recognition_vote`.
    RecognitionVote {
        votes_for: i32,
        votes_against: i32,
        full_members: i32,
    },
    /// `transfer`: `to_org` is the destination cell's code; `null` for a permanent transfer out
    /// of the deployment (or a temporary one to nowhere named).
    Transfer {
        /// `null` for a kind this build does not know.
        transfer_kind: Option<TransferKind>,
        to_org: Option<String>,
        until: Option<NaiveDate>,
    },
    /// `exempt`, `suspend`: the last day; `null` when open-ended.
    Until { until: Option<NaiveDate> },
    /// `discipline`.
    Discipline { measure: Option<DisciplineMeasure> },
    /// `issue_card`.
    Card { card_number: String },
    /// `introduce_to_residence`.
    Residence {
        residence_cell: String,
        reported_date: Option<NaiveDate>,
    },
    /// `rate`: `score` only where the rulebook scores.
    Rate {
        year: i32,
        grade: Option<Grade>,
        score: Option<f64>,
    },
}

/// A sponsoring member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct SponsorView {
    /// The sponsor's external id.
    pub(crate) person: String,
    pub(crate) known_since: Option<NaiveDate>,
}

/// The provincial standing committee's consent for a person over 60.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct AgeConsentView {
    pub(crate) number: String,
    pub(crate) date: Option<NaiveDate>,
}

impl From<pb::decision::Details> for DetailsView {
    fn from(details: pb::decision::Details) -> Self {
        use pb::decision::Details as D;
        let ids = |names: Vec<String>| names.iter().map(|n| person_id_of(n).to_owned()).collect();
        match details {
            D::Nominate(_)
            | D::OpenDossier(_)
            | D::ConcludeBackgroundCheck(_)
            | D::Reject(_)
            | D::Withdraw(_)
            | D::Drop(_)
            | D::HoldCeremony(_)
            | D::StrikeOff(_)
            | D::RecordDeath(_)
            | D::Expel(_)
            | D::AcceptResignation(_) => DetailsView::None {},
            D::RecognizeSympathizer(d) => DetailsView::Mentors {
                mentors: ids(d.mentors),
            },
            D::RecordCourse(d) => DetailsView::Course {
                certificate_number: d.certificate_number,
                issuer: d.issuer,
            },
            D::RecordIntroductions(d) => DetailsView::Introductions {
                union_resolution: UnionResolution::from_wire(d.union_resolution),
                sponsors: d
                    .sponsors
                    .into_iter()
                    .map(|s| SponsorView {
                        person: person_id_of(&s.person).to_owned(),
                        known_since: s.known_since.and_then(date_from_wire),
                    })
                    .collect(),
            },
            D::RecordCellVote(d) => DetailsView::CellVote {
                votes_for: d.votes_for,
                votes_against: d.votes_against,
                full_members: d.full_members,
                age_consent: d.age_consent.map(|c| AgeConsentView {
                    number: c.document_number,
                    date: c.date.and_then(date_from_wire),
                }),
            },
            D::RecordCommitteeVote(d) => DetailsView::CommitteeVote {
                votes_for: d.votes_for,
                members: d.members,
            },
            D::Admit(pb::Admit { extended }) | D::Recognize(pb::Recognize { extended }) => {
                DetailsView::Extended { extended }
            }
            D::Revoke(d) => DetailsView::Revoke {
                revokes: decision_id_of(&d.revokes).to_owned(),
            },
            D::RecordRecognitionVote(d) => DetailsView::RecognitionVote {
                votes_for: d.votes_for,
                votes_against: d.votes_against,
                full_members: d.full_members,
            },
            D::Transfer(d) => DetailsView::Transfer {
                transfer_kind: TransferKind::from_wire(d.transfer_kind),
                to_org: non_empty(code_of(&d.to_org).to_owned()),
                until: d.until.and_then(date_from_wire),
            },
            D::Exempt(pb::Exempt { until }) | D::Suspend(pb::Suspend { until }) => {
                DetailsView::Until {
                    until: until.and_then(date_from_wire),
                }
            }
            D::Discipline(d) => DetailsView::Discipline {
                measure: DisciplineMeasure::from_wire(d.measure),
            },
            D::IssueCard(d) => DetailsView::Card {
                card_number: d.card_number,
            },
            D::IntroduceToResidence(d) => DetailsView::Residence {
                residence_cell: d.residence_cell,
                reported_date: d.reported_date.and_then(date_from_wire),
            },
            D::Rate(d) => DetailsView::Rate {
                year: d.year,
                grade: Grade::from_wire(d.grade),
                score: d.score,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use dangvien_proto::google::r#type::Date;
    use serde_json::json;

    use super::*;

    fn json_of(details: pb::decision::Details) -> serde_json::Value {
        serde_json::to_value(DetailsView::from(details)).unwrap()
    }

    fn day(year: i32, month: i32, day: i32) -> Option<Date> {
        Some(Date { year, month, day })
    }

    #[test]
    fn member_kinds_use_the_sync_format_keys() {
        use pb::decision::Details as D;
        for empty in [
            D::HoldCeremony(pb::HoldCeremony {}),
            D::StrikeOff(pb::StrikeOff {}),
            D::RecordDeath(pb::RecordDeath {}),
            D::Expel(pb::Expel {}),
            D::AcceptResignation(pb::AcceptResignation {}),
        ] {
            assert_eq!(json_of(empty), json!({}));
        }
        assert_eq!(
            json_of(D::RecordRecognitionVote(pb::RecordRecognitionVote {
                votes_for: 8,
                votes_against: 1,
                full_members: 9,
            })),
            json!({"votes_for": 8, "votes_against": 1, "full_members": 9})
        );
        assert_eq!(
            json_of(D::Recognize(pb::Recognize { extended: true })),
            json!({"extended": true})
        );
        assert_eq!(
            json_of(D::Transfer(pb::Transfer {
                transfer_kind: pb::TransferKind::Temporary as i32,
                to_org: "organizations/CB05".into(),
                until: day(2024, 12, 31),
            })),
            json!({"transfer_kind": "temporary", "to_org": "CB05", "until": "2024-12-31"})
        );
        assert_eq!(
            json_of(D::Transfer(pb::Transfer {
                transfer_kind: pb::TransferKind::Permanent as i32,
                to_org: String::new(),
                until: None,
            })),
            json!({"transfer_kind": "permanent", "to_org": null, "until": null})
        );
        assert_eq!(
            json_of(D::Suspend(pb::Suspend { until: None })),
            json!({"until": null})
        );
        assert_eq!(
            json_of(D::Discipline(pb::Discipline {
                measure: pb::DisciplineMeasure::RemovalFromPost as i32,
            })),
            json!({"measure": "removal_from_post"})
        );
        assert_eq!(
            json_of(D::IssueCard(pb::IssueCard {
                card_number: "012345".into()
            })),
            json!({"card_number": "012345"})
        );
        assert_eq!(
            json_of(D::IntroduceToResidence(pb::IntroduceToResidence {
                residence_cell: "Chi bộ khu phố 3".into(),
                reported_date: day(2024, 3, 10),
            })),
            json!({"residence_cell": "Chi bộ khu phố 3", "reported_date": "2024-03-10"})
        );
        assert_eq!(
            json_of(D::Rate(pb::Rate {
                year: 2025,
                grade: pb::Grade::Good as i32,
                score: Some(82.5),
            })),
            json!({"year": 2025, "grade": "good", "score": 82.5})
        );
        assert_eq!(
            json_of(D::Rate(pb::Rate {
                year: 2022,
                grade: pb::Grade::NotCompleted as i32,
                score: None,
            })),
            json!({"year": 2022, "grade": "not_completed", "score": null})
        );
    }

    #[test]
    fn revocations_name_ids() {
        let revoke = pb::decision::Details::Revoke(pb::Revoke {
            revokes: "decisions/D1".into(),
        });
        assert_eq!(json_of(revoke), json!({"revokes": "D1"}));
        let admit = pb::decision::Details::Admit(pb::Admit { extended: false });
        assert_eq!(json_of(admit), json!({"extended": false}));
    }
}
