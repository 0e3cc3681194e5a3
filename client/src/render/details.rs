//! A decision kind's own fields as rows of a heading and a value, below the common fields of the
//! decision `decide` stored.

use super::person::date;
use crate::{
    i18n::{self, Field, Lang},
    view::DetailsView,
    vocab::{MemberExit, TransferKind},
};

/// The rows of a decision kind's own fields; none for a kind without any.
pub(super) fn rows(lang: Lang, details: &DetailsView) -> Vec<(Field, String)> {
    match details {
        DetailsView::None {} => vec![],
        DetailsView::Mentors { mentors } => vec![(Field::Mentors, mentors.join(", "))],
        DetailsView::Course {
            certificate_number,
            issuer,
        } => vec![
            (Field::CertificateNumber, certificate_number.clone()),
            (Field::Issuer, issuer.clone()),
        ],
        DetailsView::Introductions {
            sponsors,
            union_resolution,
        } => {
            let sponsors: Vec<String> = sponsors
                .iter()
                .map(|s| format!("{} ({})", s.person, date(s.known_since)))
                .collect();
            let union = i18n::union_resolution_label(lang, *union_resolution);
            vec![
                (Field::Sponsors, sponsors.join(", ")),
                (Field::UnionResolution, union.to_owned()),
            ]
        }
        DetailsView::CellVote {
            votes_for,
            votes_against,
            full_members,
            age_consent,
        } => {
            let mut rows = votes(*votes_for, *votes_against, *full_members);
            if let Some(consent) = age_consent {
                let text = format!("{}, {}", consent.number, date(consent.date));
                rows.push((Field::AgeConsent, text));
            }
            rows
        }
        DetailsView::RecognitionVote {
            votes_for,
            votes_against,
            full_members,
        } => votes(*votes_for, *votes_against, *full_members),
        DetailsView::CommitteeVote { votes_for, members } => vec![
            (Field::VotesFor, votes_for.to_string()),
            (Field::Members, members.to_string()),
        ],
        DetailsView::Extended { extended } => {
            vec![(Field::Extended, i18n::yes_no(lang, *extended).to_owned())]
        }
        DetailsView::Revoke { revokes } => vec![(Field::Revokes, revokes.clone())],
        DetailsView::Transfer {
            transfer_kind,
            to_org,
            until,
        } => {
            let kind = i18n::transfer_kind_label(lang, *transfer_kind).to_owned();
            // A permanent transfer without a destination leaves the organisation: say so.
            let to = match (to_org, transfer_kind) {
                (Some(to), _) => to.clone(),
                (None, Some(TransferKind::Permanent)) => {
                    i18n::exit_label(lang, Some(MemberExit::TransferredOut)).to_owned()
                }
                (None, Some(TransferKind::Internal | TransferKind::Temporary) | None) => {
                    String::new()
                }
            };
            let mut rows = vec![(Field::TransferKind, kind), (Field::ToOrg, to)];
            if until.is_some() || *transfer_kind == Some(TransferKind::Temporary) {
                rows.push((Field::Until, date(*until)));
            }
            rows
        }
        DetailsView::Until { until } => {
            let text = match until {
                Some(day) => day.to_string(),
                None => i18n::until(lang, None),
            };
            vec![(Field::Until, text)]
        }
        DetailsView::Discipline { measure } => {
            vec![(
                Field::Measure,
                i18n::measure_label(lang, *measure).to_owned(),
            )]
        }
        DetailsView::Card { card_number } => vec![(Field::CardNumber, card_number.clone())],
        DetailsView::Residence {
            residence_cell,
            reported_date,
        } => vec![
            (Field::ResidenceCell, residence_cell.clone()),
            (Field::ReportedDate, date(*reported_date)),
        ],
        DetailsView::Rate { year, grade, score } => {
            let mut rows = vec![
                (Field::Year, year.to_string()),
                (Field::Grade, i18n::grade_label(lang, *grade).to_owned()),
            ];
            if let Some(score) = score {
                rows.push((Field::Score, score.to_string()));
            }
            rows
        }
    }
}

/// The counts of a cell's vote.
fn votes(votes_for: i32, votes_against: i32, full_members: i32) -> Vec<(Field, String)> {
    vec![
        (Field::VotesFor, votes_for.to_string()),
        (Field::VotesAgainst, votes_against.to_string()),
        (Field::FullMembers, full_members.to_string()),
    ]
}
