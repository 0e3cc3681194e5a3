//! The rows of `report overdue`: one decision still to take, flat so that JSON and CSV share keys.

use chrono::NaiveDate;
use dangvien_proto::v1 as pb;
use serde::Serialize;

use super::{code_of, date_from_wire, person_id_of};
use crate::vocab::DecisionKind;

/// A person whose next required decision is overdue, or falls due soon.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct OverdueView {
    /// The person's external id.
    pub(crate) person: String,
    pub(crate) full_name: String,
    /// The code of the person's cell on the day of the report.
    pub(crate) cell: String,
    /// `null` for a kind this build does not know.
    pub(crate) next_decision: Option<DecisionKind>,
    /// The flag the decision gets when taken late (the rule concerned).
    pub(crate) flag: String,
    /// What must be decided, in Vietnamese (the server's text).
    pub(crate) description: String,
    pub(crate) due_date: Option<NaiveDate>,
    /// `true`: past its deadline; `false`: due within `--due-within` working days.
    pub(crate) overdue: bool,
    /// Working days past the deadline (0 when not yet due).
    pub(crate) working_days_late: i32,
}

impl From<pb::OverdueItem> for OverdueView {
    fn from(item: pb::OverdueItem) -> Self {
        let pb::OverdueItem {
            person,
            full_name,
            cell,
            deadline,
            next_decision,
            overdue,
            working_days_late,
        } = item;
        // `met_on` is always empty here: the decision has not been taken.
        let pb::Deadline {
            flag,
            description,
            due_date,
            met_on: _,
            overdue: _,
        } = deadline.unwrap_or_default();
        Self {
            person: person_id_of(&person).to_owned(),
            full_name,
            cell: code_of(&cell).to_owned(),
            next_decision: DecisionKind::from_wire(next_decision),
            flag,
            description,
            due_date: due_date.and_then(date_from_wire),
            overdue,
            working_days_late,
        }
    }
}

#[cfg(test)]
mod tests {
    use dangvien_proto::google::r#type::Date;

    use super::*;

    #[test]
    fn items_arrive_as_flat_rows() {
        let view = OverdueView::from(pb::OverdueItem {
            person: "people/P1".into(),
            full_name: "Nguyễn Thị Lan".into(),
            cell: "organizations/CB01".into(),
            deadline: Some(pb::Deadline {
                flag: "OVERDUE_CEREMONY".into(),
                description: "Tổ chức lễ kết nạp".into(),
                due_date: Some(Date {
                    year: 2024,
                    month: 5,
                    day: 2,
                }),
                met_on: None,
                overdue: true,
            }),
            next_decision: pb::DecisionKind::HoldCeremony as i32,
            overdue: true,
            working_days_late: 3,
        });
        assert_eq!(
            serde_json::to_value(view).unwrap(),
            serde_json::json!({
                "person": "P1", "full_name": "Nguyễn Thị Lan", "cell": "CB01",
                "next_decision": "hold_ceremony", "flag": "OVERDUE_CEREMONY",
                "description": "Tổ chức lễ kết nạp", "due_date": "2024-05-02",
                "overdue": true, "working_days_late": 3
            })
        );
    }
}
