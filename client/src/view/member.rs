//! Views of memberships (`member show`, `member list`, `member register`). Ids and codes replace
//! resource names; empty text is `null`.

use chrono::NaiveDate;
use dangvien_proto::v1 as pb;
use serde::Serialize;

use super::{DeadlineView, code_of, date_from_wire, non_empty, person_id_of};
use crate::vocab::{MemberExit, MemberOrigin, MemberStatus};

/// A membership with its deadlines: the JSON of `member show` and `member list`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct MemberView {
    /// Every other field, at the top level of the JSON object.
    #[serde(flatten)]
    pub(crate) member: MemberRow,
    /// The deadlines of probation and of the residence introduction, met or pending.
    pub(crate) deadlines: Vec<DeadlineView>,
}

/// A membership on a day, without its deadlines: one CSV row. The first nine keys are those
/// `member show` always had; the rest came with the member decisions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct MemberRow {
    /// The person's external id.
    pub(crate) person: String,
    pub(crate) admission_date: Option<NaiveDate>,
    pub(crate) ceremony_date: Option<NaiveDate>,
    pub(crate) official_date: Option<NaiveDate>,
    pub(crate) origin: Option<MemberOrigin>,
    pub(crate) since: Option<NaiveDate>,
    /// The status on `as_of`.
    pub(crate) status: Option<MemberStatus>,
    pub(crate) as_of: Option<NaiveDate>,
    /// The code of the cell on `as_of`; `null` when the server sent none.
    pub(crate) cell: Option<String>,
    /// How the member left; `null` while active.
    pub(crate) exit: Option<MemberExit>,
    pub(crate) exit_date: Option<NaiveDate>,
    /// Party seniority (tuổi Đảng) on `as_of`, or on the exit date: full years…
    pub(crate) seniority_years: i32,
    /// …and the full months beyond them.
    pub(crate) seniority_months: i32,
    /// The cell's passing resolution proposing recognition.
    pub(crate) recognition_vote_date: Option<NaiveDate>,
    pub(crate) recognized: bool,
    pub(crate) card_number: Option<String>,
    pub(crate) card_date: Option<NaiveDate>,
    pub(crate) residence_introduction_date: Option<NaiveDate>,
    /// Exempt from party work on `as_of`.
    pub(crate) exempt: bool,
    /// Suspended on `as_of`.
    pub(crate) suspended: bool,
    /// On a temporary transfer on `as_of`: where to (a cell's code or the server's text)…
    pub(crate) temporarily_at: Option<String>,
    /// …and its last day.
    pub(crate) temporary_until: Option<NaiveDate>,
}

impl From<pb::Member> for MemberView {
    fn from(member: pb::Member) -> Self {
        let pb::Member {
            name,
            person,
            admission_date,
            ceremony_date,
            official_date,
            origin,
            since,
            status,
            as_of,
            cell,
            exit,
            exit_date,
            seniority_years,
            seniority_months,
            recognition_vote_date,
            recognized,
            card_number,
            card_date,
            residence_introduction_date,
            exempt,
            suspended,
            temporarily_at,
            temporary_until,
            deadlines,
        } = member;
        // `person` is always set by this server; the member's own name says the same.
        let person = if person.is_empty() {
            name.strip_suffix("/member").unwrap_or(&name).to_owned()
        } else {
            person
        };
        let date = |d: Option<dangvien_proto::google::r#type::Date>| d.and_then(date_from_wire);
        let member = MemberRow {
            person: person_id_of(&person).to_owned(),
            admission_date: date(admission_date),
            ceremony_date: date(ceremony_date),
            official_date: date(official_date),
            origin: MemberOrigin::from_wire(origin),
            since: date(since),
            status: MemberStatus::from_wire(status),
            as_of: date(as_of),
            cell: non_empty(code_of(&cell).to_owned()),
            exit: MemberExit::from_wire(exit),
            exit_date: date(exit_date),
            seniority_years,
            seniority_months,
            recognition_vote_date: date(recognition_vote_date),
            recognized,
            card_number: non_empty(card_number),
            card_date: date(card_date),
            residence_introduction_date: date(residence_introduction_date),
            exempt,
            suspended,
            temporarily_at: non_empty(code_of(&temporarily_at).to_owned()),
            temporary_until: date(temporary_until),
        };
        Self {
            member,
            deadlines: deadlines.into_iter().map(DeadlineView::from).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use dangvien_proto::google::r#type::Date;

    use super::*;

    fn day(year: i32, month: i32, day: i32) -> Option<Date> {
        Some(Date { year, month, day })
    }

    #[test]
    fn members_arrive_as_views_with_every_field() {
        let view = MemberView::from(pb::Member {
            name: "people/P2/member".into(),
            person: String::new(),
            admission_date: day(2009, 5, 19),
            ceremony_date: None,
            official_date: None,
            origin: pb::MemberOrigin::Existing as i32,
            since: None,
            status: pb::MemberStatus::Official as i32,
            as_of: None,
            cell: "organizations/CB1".into(),
            exit: pb::MemberExit::TransferredOut as i32,
            exit_date: day(2024, 2, 1),
            seniority_years: 14,
            seniority_months: 8,
            recognition_vote_date: None,
            recognized: true,
            card_number: "012345".into(),
            card_date: day(2011, 1, 5),
            residence_introduction_date: None,
            exempt: false,
            suspended: true,
            temporarily_at: "organizations/CB9".into(),
            temporary_until: day(2024, 12, 31),
            deadlines: vec![pb::Deadline {
                flag: "OVERDUE_CEREMONY".into(),
                description: "Tổ chức lễ kết nạp".into(),
                due_date: day(2009, 6, 30),
                met_on: None,
                overdue: true,
            }],
        });
        assert_eq!(
            serde_json::to_value(view).unwrap(),
            serde_json::json!({
                "person": "P2", "admission_date": "2009-05-19", "ceremony_date": null,
                "official_date": null, "origin": "existing", "since": null, "status": "official",
                "as_of": null, "cell": "CB1", "exit": "transferred_out", "exit_date": "2024-02-01",
                "seniority_years": 14, "seniority_months": 8, "recognition_vote_date": null,
                "recognized": true, "card_number": "012345", "card_date": "2011-01-05",
                "residence_introduction_date": null, "exempt": false, "suspended": true,
                "temporarily_at": "CB9", "temporary_until": "2024-12-31",
                "deadlines": [{
                    "flag": "OVERDUE_CEREMONY", "description": "Tổ chức lễ kết nạp",
                    "due_date": "2009-06-30", "met_on": null, "overdue": true
                }]
            })
        );
    }

    #[test]
    fn an_active_member_has_no_exit() {
        let view = MemberView::from(pb::Member::default());
        assert_eq!(view.member.exit, None);
        assert_eq!(view.member.cell, None);
        assert_eq!(view.member.temporarily_at, None);
        assert!(view.deadlines.is_empty());
    }
}
