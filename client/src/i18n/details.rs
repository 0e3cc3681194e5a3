//! A decision kind's own fields in a few words, for one cell of a timeline row ("khiển trách",
//! "2024: hoàn thành tốt nhiệm vụ (82.5 điểm)", "chính thức → CB05"), in Vietnamese and English.

use super::{
    Lang,
    member::{grade_label, measure_label, transfer_kind_label, until},
    values::union_resolution_label,
};
use crate::{view::DetailsView, vocab::TransferKind};

/// The short text of `details`; empty for a kind with no fields of its own.
pub(crate) fn details_summary(lang: Lang, details: &DetailsView) -> String {
    let vi = lang == Lang::Vi;
    match details {
        DetailsView::None {} | DetailsView::Extended { extended: false } => String::new(),
        DetailsView::Mentors { mentors } if mentors.is_empty() => String::new(),
        DetailsView::Mentors { mentors } => {
            let lead = if vi { "giúp đỡ" } else { "mentors" };
            format!("{lead}: {}", mentors.join(", "))
        }
        DetailsView::Course {
            certificate_number,
            issuer,
        } => {
            let lead = if vi { "GCN" } else { "certificate" };
            format!("{lead} {certificate_number}, {issuer}")
        }
        DetailsView::Introductions {
            sponsors,
            union_resolution,
        } => {
            let lead = if vi { "giới thiệu" } else { "sponsors" };
            let ids: Vec<&str> = sponsors.iter().map(|s| s.person.as_str()).collect();
            let mut text = format!("{lead}: {}", ids.join(", "));
            if union_resolution.is_some() {
                text.push_str("; ");
                text.push_str(union_resolution_label(lang, *union_resolution));
            }
            text
        }
        DetailsView::CellVote {
            votes_for,
            votes_against,
            full_members,
            age_consent: _,
        }
        | DetailsView::RecognitionVote {
            votes_for,
            votes_against,
            full_members,
        } => votes(lang, *votes_for, *full_members, Some(*votes_against)),
        DetailsView::CommitteeVote { votes_for, members } => {
            votes(lang, *votes_for, *members, None)
        }
        DetailsView::Extended { extended: true } => {
            let text = if vi {
                "kéo dài thêm 30 ngày làm việc"
            } else {
                "extended by 30 working days"
            };
            text.to_owned()
        }
        DetailsView::Revoke { revokes } => {
            let lead = if vi { "hủy" } else { "revokes" };
            format!("{lead} {revokes}")
        }
        DetailsView::Transfer {
            transfer_kind,
            to_org,
            until: last_day,
        } => {
            let mut text = transfer_kind_label(lang, *transfer_kind).to_owned();
            match (to_org, transfer_kind) {
                (Some(to), _) => text.push_str(&format!(" → {to}")),
                (None, Some(TransferKind::Permanent)) => text.push_str(if vi {
                    ", ra ngoài đảng bộ"
                } else {
                    ", out of the organisation"
                }),
                (None, Some(TransferKind::Internal | TransferKind::Temporary) | None) => {}
            }
            if *transfer_kind == Some(TransferKind::Temporary) || last_day.is_some() {
                text.push_str(", ");
                text.push_str(&until(lang, *last_day));
            }
            text
        }
        DetailsView::Until { until: last_day } => until(lang, *last_day),
        DetailsView::Discipline { measure } => measure_label(lang, *measure).to_owned(),
        DetailsView::Card { card_number } => {
            let lead = if vi { "thẻ số" } else { "card" };
            format!("{lead} {card_number}")
        }
        DetailsView::Residence {
            residence_cell,
            reported_date,
        } => match reported_date {
            Some(day) if vi => format!("{residence_cell}, báo cáo ngày {day}"),
            Some(day) => format!("{residence_cell}, reported {day}"),
            None => residence_cell.clone(),
        },
        DetailsView::Rate { year, grade, score } => {
            let grade = grade_label(lang, *grade);
            match score {
                Some(score) if vi => format!("{year}: {grade} ({score} điểm)"),
                Some(score) => format!("{year}: {grade} ({score} points)"),
                None => format!("{year}: {grade}"),
            }
        }
    }
}

/// `tán thành 7/9, không tán thành 1`.
fn votes(lang: Lang, votes_for: i32, of: i32, against: Option<i32>) -> String {
    match (lang, against) {
        (Lang::Vi, Some(against)) => {
            format!("tán thành {votes_for}/{of}, không tán thành {against}")
        }
        (Lang::Vi, None) => format!("tán thành {votes_for}/{of}"),
        (Lang::En, Some(against)) => format!("for {votes_for}/{of}, against {against}"),
        (Lang::En, None) => format!("for {votes_for}/{of}"),
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::vocab::{DisciplineMeasure, Grade};

    #[test]
    fn member_kinds_in_a_few_words() {
        let vi = |d: DetailsView| details_summary(Lang::Vi, &d);
        let en = |d: DetailsView| details_summary(Lang::En, &d);
        let discipline = || DetailsView::Discipline {
            measure: Some(DisciplineMeasure::Reprimand),
        };
        assert_eq!(vi(discipline()), "khiển trách");
        assert_eq!(en(discipline()), "reprimand");
        let rate = |score| DetailsView::Rate {
            year: 2025,
            grade: Some(Grade::Good),
            score,
        };
        assert_eq!(
            vi(rate(Some(82.5))),
            "2025: hoàn thành tốt nhiệm vụ (82.5 điểm)"
        );
        assert_eq!(vi(rate(None)), "2025: hoàn thành tốt nhiệm vụ");
        assert_eq!(en(rate(Some(90.0))), "2025: good (90 points)");
        let out = DetailsView::Transfer {
            transfer_kind: Some(TransferKind::Permanent),
            to_org: None,
            until: None,
        };
        assert_eq!(vi(out), "chính thức, ra ngoài đảng bộ");
        let temporary = DetailsView::Transfer {
            transfer_kind: Some(TransferKind::Temporary),
            to_org: Some("CB05".into()),
            until: NaiveDate::from_ymd_opt(2024, 12, 31),
        };
        assert_eq!(vi(temporary.clone()), "tạm thời → CB05, đến hết 2024-12-31");
        assert_eq!(en(temporary), "temporary → CB05, until 2024-12-31");
        let internal = DetailsView::Transfer {
            transfer_kind: Some(TransferKind::Internal),
            to_org: Some("CB02".into()),
            until: None,
        };
        assert_eq!(vi(internal), "nội bộ → CB02");
        assert_eq!(vi(DetailsView::Until { until: None }), "không thời hạn");
        assert_eq!(
            vi(DetailsView::RecognitionVote {
                votes_for: 8,
                votes_against: 1,
                full_members: 9
            }),
            "tán thành 8/9, không tán thành 1"
        );
        assert_eq!(vi(DetailsView::Extended { extended: false }), "");
        assert_eq!(
            vi(DetailsView::Card {
                card_number: "012345".into()
            }),
            "thẻ số 012345"
        );
        assert_eq!(
            vi(DetailsView::Residence {
                residence_cell: "Chi bộ khu phố 3".into(),
                reported_date: NaiveDate::from_ymd_opt(2024, 3, 10),
            }),
            "Chi bộ khu phố 3, báo cáo ngày 2024-03-10"
        );
        assert_eq!(vi(DetailsView::None {}), "");
    }
}
