//! Views of persons. Ids and codes replace resource names; empty text is `null`.

use chrono::NaiveDate;
use dangvien_proto::v1 as pb;
use serde::Serialize;

use super::{code_of, date_from_wire, non_empty, person_id_of};
use crate::vocab::{CaseState, Education, Gender};

/// One person, as `person show`, `add` and `update` print them: the national ID included, since
/// the clerk needs it there.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct PersonView {
    pub(crate) external_id: String,
    pub(crate) full_name: String,
    /// `null` when the server sent a value this build does not know; likewise below.
    pub(crate) gender: Option<Gender>,
    pub(crate) birth_date: Option<NaiveDate>,
    pub(crate) ethnicity: String,
    /// `null` for none.
    pub(crate) religion: Option<String>,
    pub(crate) education: Option<Education>,
    pub(crate) professional_level: Option<String>,
    pub(crate) hardship_exception: bool,
    pub(crate) youth_union: bool,
    pub(crate) trade_union: bool,
    pub(crate) national_id: Option<String>,
    /// The cell's code.
    pub(crate) cell: String,
    pub(crate) cell_since: Option<NaiveDate>,
    /// The latest case's state; `null` when there has never been one.
    pub(crate) case_state: Option<CaseState>,
    pub(crate) member: bool,
    pub(crate) etag: String,
}

impl From<pb::Person> for PersonView {
    fn from(person: pb::Person) -> Self {
        let pb::Person {
            name,
            external_id,
            full_name,
            gender,
            birth_date,
            ethnicity,
            religion,
            education,
            professional_level,
            hardship_exception,
            youth_union,
            trade_union,
            national_id,
            cell,
            cell_since,
            case_state,
            member,
            etag,
        } = person;
        let external_id = if external_id.is_empty() {
            person_id_of(&name).to_owned()
        } else {
            external_id
        };
        Self {
            external_id,
            full_name,
            gender: Gender::from_wire(gender),
            birth_date: birth_date.and_then(date_from_wire),
            ethnicity,
            religion: religion.and_then(non_empty),
            education: Education::from_wire(education),
            professional_level: non_empty(professional_level),
            hardship_exception,
            youth_union,
            trade_union,
            national_id: non_empty(national_id),
            cell: code_of(&cell).to_owned(),
            cell_since: cell_since.and_then(date_from_wire),
            case_state: CaseState::from_wire(case_state),
            member,
            etag,
        }
    }
}

/// One person in `person list`: every field but the national ID, which a list (often saved as a
/// spreadsheet) has no need to spread.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct PersonRow {
    pub(crate) external_id: String,
    pub(crate) full_name: String,
    pub(crate) gender: Option<Gender>,
    pub(crate) birth_date: Option<NaiveDate>,
    pub(crate) ethnicity: String,
    pub(crate) religion: Option<String>,
    pub(crate) education: Option<Education>,
    pub(crate) professional_level: Option<String>,
    pub(crate) hardship_exception: bool,
    pub(crate) youth_union: bool,
    pub(crate) trade_union: bool,
    pub(crate) cell: String,
    pub(crate) cell_since: Option<NaiveDate>,
    pub(crate) case_state: Option<CaseState>,
    pub(crate) member: bool,
    pub(crate) etag: String,
}

impl From<pb::Person> for PersonRow {
    fn from(person: pb::Person) -> Self {
        let PersonView {
            external_id,
            full_name,
            gender,
            birth_date,
            ethnicity,
            religion,
            education,
            professional_level,
            hardship_exception,
            youth_union,
            trade_union,
            national_id: _,
            cell,
            cell_since,
            case_state,
            member,
            etag,
        } = person.into();
        Self {
            external_id,
            full_name,
            gender,
            birth_date,
            ethnicity,
            religion,
            education,
            professional_level,
            hardship_exception,
            youth_union,
            trade_union,
            cell,
            cell_since,
            case_state,
            member,
            etag,
        }
    }
}

#[cfg(test)]
mod tests {
    use dangvien_proto::google::r#type::Date;

    use super::*;

    fn lan() -> pb::Person {
        pb::Person {
            name: "people/P000001".into(),
            external_id: "P000001".into(),
            full_name: "Nguyễn Thị Lan".into(),
            gender: pb::Gender::Female as i32,
            birth_date: Some(Date {
                year: 1996,
                month: 4,
                day: 12,
            }),
            ethnicity: "Kinh".into(),
            religion: None,
            education: pb::Education::UpperSecondary as i32,
            professional_level: String::new(),
            hardship_exception: false,
            youth_union: true,
            trade_union: false,
            national_id: "001196012345".into(),
            cell: "organizations/CB0001".into(),
            cell_since: Some(Date {
                year: 2020,
                month: 1,
                day: 1,
            }),
            case_state: pb::CaseState::Sympathizer as i32,
            member: false,
            etag: "\"1\"".into(),
        }
    }

    #[test]
    fn persons_arrive_as_views_with_stable_keys() {
        assert_eq!(
            serde_json::to_value(PersonView::from(lan())).unwrap(),
            serde_json::json!({
                "external_id": "P000001", "full_name": "Nguyễn Thị Lan", "gender": "female",
                "birth_date": "1996-04-12", "ethnicity": "Kinh", "religion": null,
                "education": "upper_secondary", "professional_level": null,
                "hardship_exception": false, "youth_union": true, "trade_union": false,
                "national_id": "001196012345", "cell": "CB0001", "cell_since": "2020-01-01",
                "case_state": "sympathizer", "member": false, "etag": "\"1\""
            })
        );
    }

    #[test]
    fn list_rows_leave_the_national_id_out() {
        let row = serde_json::to_value(PersonRow::from(lan())).unwrap();
        assert!(row.get("national_id").is_none(), "{row}");
        assert!(!row.to_string().contains("001196012345"), "{row}");
        assert_eq!(row["cell"], "CB0001");
    }
}
