//! Views of decisions, admission cases, deadlines and what `SubmitDecision` answers. Ids and codes
//! replace resource names; empty text is `null`. The kinds' own fields are in `details`.

use chrono::NaiveDate;
use dangvien_proto::v1 as pb;
use serde::Serialize;

use super::{DetailsView, code_of, date_from_wire, decision_id_of, non_empty, person_id_of};
use crate::vocab::{CaseState, DecisionKind};

/// One decision, as `decide`, `case show` and `member timeline` print it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct DecisionView {
    pub(crate) external_id: String,
    /// `null` for a kind this build does not know.
    pub(crate) kind: Option<DecisionKind>,
    /// The person's external id.
    pub(crate) person: String,
    pub(crate) date: Option<NaiveDate>,
    /// The document number.
    pub(crate) number: Option<String>,
    /// The deciding body's code.
    pub(crate) body: String,
    pub(crate) reason: Option<String>,
    pub(crate) actor: String,
    pub(crate) rulebook: String,
    pub(crate) flags: Vec<String>,
    /// The external id of the `revoke` that reversed it.
    pub(crate) revoked_by: Option<String>,
    /// The kind's own fields (DESIGN §6); `{}` for a kind with none.
    pub(crate) details: DetailsView,
}

impl From<pb::Decision> for DecisionView {
    fn from(decision: pb::Decision) -> Self {
        let pb::Decision {
            name,
            external_id,
            person,
            decision_date,
            document_number,
            deciding_body,
            reason,
            kind,
            actor,
            rulebook,
            flags,
            revoked_by,
            details,
        } = decision;
        let external_id = if external_id.is_empty() {
            decision_id_of(&name).to_owned()
        } else {
            external_id
        };
        let kind = DecisionKind::from_wire(kind)
            .or_else(|| details.as_ref().map(DecisionKind::of_details));
        Self {
            external_id,
            kind,
            person: person_id_of(&person).to_owned(),
            date: decision_date.and_then(date_from_wire),
            number: non_empty(document_number),
            body: code_of(&deciding_body).to_owned(),
            reason: non_empty(reason),
            actor,
            rulebook,
            flags,
            revoked_by: non_empty(decision_id_of(&revoked_by).to_owned()),
            details: details.map_or(DetailsView::None {}, DetailsView::from),
        }
    }
}

/// A person's admission case: the state, the timeline (revoked decisions included), the deadlines.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct CaseView {
    /// The person's external id.
    pub(crate) person: String,
    /// `null` for a state this build does not know.
    pub(crate) state: Option<CaseState>,
    /// The cell's code.
    pub(crate) cell: String,
    /// The rulebook in force today.
    pub(crate) rulebook: String,
    /// Oldest first.
    pub(crate) timeline: Vec<DecisionView>,
    pub(crate) deadlines: Vec<DeadlineView>,
}

/// A deadline of a case or a member, met or pending.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct DeadlineView {
    /// The flag raised when it is missed.
    pub(crate) flag: String,
    /// What must be decided, in Vietnamese (the server's text).
    pub(crate) description: String,
    pub(crate) due_date: Option<NaiveDate>,
    /// `null` while pending.
    pub(crate) met_on: Option<NaiveDate>,
    pub(crate) overdue: bool,
}

impl From<pb::Deadline> for DeadlineView {
    fn from(deadline: pb::Deadline) -> Self {
        let pb::Deadline {
            flag,
            description,
            due_date,
            met_on,
            overdue,
        } = deadline;
        Self {
            flag,
            description,
            due_date: due_date.and_then(date_from_wire),
            met_on: met_on.and_then(date_from_wire),
            overdue,
        }
    }
}

impl From<pb::AdmissionCase> for CaseView {
    fn from(case: pb::AdmissionCase) -> Self {
        let pb::AdmissionCase {
            name,
            person,
            state,
            cell,
            rulebook,
            timeline,
            deadlines,
        } = case;
        let person = if person.is_empty() {
            name.strip_suffix("/case").unwrap_or(&name).to_owned()
        } else {
            person
        };
        Self {
            person: person_id_of(&person).to_owned(),
            state: CaseState::from_wire(state),
            cell: code_of(&cell).to_owned(),
            rulebook,
            timeline: timeline.into_iter().map(DecisionView::from).collect(),
            deadlines: deadlines.into_iter().map(DeadlineView::from).collect(),
        }
    }
}

/// What `decide` prints: the decision as stored, the case after it, and the server's warnings.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub(crate) struct SubmitView {
    pub(crate) decision: DecisionView,
    /// `null` when the server sent no case.
    pub(crate) case: Option<CaseView>,
    /// Vietnamese, as the server wrote them; also printed to stderr.
    pub(crate) warnings: Vec<String>,
}

impl From<pb::SubmitDecisionResponse> for SubmitView {
    fn from(response: pb::SubmitDecisionResponse) -> Self {
        let pb::SubmitDecisionResponse {
            decision,
            admission_case,
            warnings,
        } = response;
        Self {
            decision: DecisionView::from(decision.unwrap_or_default()),
            case: admission_case.map(CaseView::from),
            warnings,
        }
    }
}

#[cfg(test)]
mod tests {
    use dangvien_proto::google::r#type::Date;

    use super::*;

    fn date(year: i32, month: i32, day: i32) -> Option<Date> {
        Some(Date { year, month, day })
    }

    #[test]
    fn a_submitted_decision_has_stable_keys() {
        let decision = pb::Decision {
            name: "decisions/D7".into(),
            external_id: "D7".into(),
            person: "people/P1".into(),
            decision_date: date(2024, 3, 1),
            document_number: "12-NQ/CB".into(),
            deciding_body: "organizations/CB01".into(),
            kind: pb::DecisionKind::RecordIntroductions as i32,
            actor: "clerk".into(),
            rulebook: "QD24-2021".into(),
            details: Some(pb::decision::Details::RecordIntroductions(
                pb::RecordIntroductions {
                    sponsors: vec![pb::Sponsor {
                        person: "people/P2".into(),
                        known_since: date(2020, 1, 1),
                    }],
                    union_resolution: pb::UnionResolution::YouthUnion as i32,
                },
            )),
            ..Default::default()
        };
        let case = pb::AdmissionCase {
            name: "people/P1/case".into(),
            state: pb::CaseState::Introduced as i32,
            cell: "organizations/CB01".into(),
            rulebook: "QD24-2021".into(),
            ..Default::default()
        };
        let view = SubmitView::from(pb::SubmitDecisionResponse {
            decision: Some(decision),
            admission_case: Some(case),
            warnings: vec!["Kiểm tra lại".into()],
        });
        assert_eq!(
            serde_json::to_value(view).unwrap(),
            serde_json::json!({
                "decision": {
                    "external_id": "D7", "kind": "record_introductions", "person": "P1",
                    "date": "2024-03-01", "number": "12-NQ/CB", "body": "CB01", "reason": null,
                    "actor": "clerk", "rulebook": "QD24-2021", "flags": [], "revoked_by": null,
                    "details": {
                        "sponsors": [{"person": "P2", "known_since": "2020-01-01"}],
                        "union_resolution": "youth_union"
                    }
                },
                "case": {
                    "person": "P1", "state": "introduced", "cell": "CB01",
                    "rulebook": "QD24-2021", "timeline": [], "deadlines": []
                },
                "warnings": ["Kiểm tra lại"]
            })
        );
    }

    #[test]
    fn kinds_without_fields_have_empty_details_and_revocations_name_ids() {
        let nominate = DecisionView::from(pb::Decision {
            details: Some(pb::decision::Details::Nominate(pb::Nominate {})),
            revoked_by: "decisions/D9".into(),
            ..Default::default()
        });
        // A server that leaves `kind` unset still names it through the details.
        assert_eq!(nominate.kind, Some(DecisionKind::Nominate));
        assert_eq!(nominate.revoked_by.as_deref(), Some("D9"));
        assert_eq!(
            serde_json::to_value(&nominate.details).unwrap(),
            serde_json::json!({})
        );
    }
}
