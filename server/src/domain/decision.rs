//! A decision as recorded: the common fields of DESIGN §3 around the kind's [`Details`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    FieldViolation,
    admission::{DecisionKind, Details},
    org::OrgCode,
    person::ExternalId,
};

/// The most decisions one atomic batch may hold (DESIGN §7).
pub const MAX_BATCH: usize = 5_000;

/// A decision submitted for judgement, its fields checked one by one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NewDecision {
    /// `None`: the server assigns `dv-<uuid>`.
    pub external_id: Option<ExternalId>,
    pub person: ExternalId,
    pub date: NaiveDate,
    pub number: Option<String>,
    pub body: OrgCode,
    pub reason: Option<String>,
    pub details: Details,
}

impl NewDecision {
    /// What is malformed in the decision as a whole (`INVALID_ARGUMENT`), whichever way it
    /// arrives: a document number or reason its kind requires, and its details' own shape. Field
    /// paths are relative to the decision.
    pub fn violations(&self) -> Vec<FieldViolation> {
        let kind = self.details.kind();
        let mut wrong = Vec::new();
        if kind.number_required() && self.number.is_none() {
            wrong.push(FieldViolation::new(
                "document_number",
                format!("\"{}\" cần số văn bản", kind.label_vi()),
                format!("{} needs a document number", kind.as_str()),
            ));
        }
        if kind.reason_required() && self.reason.is_none() {
            wrong.push(FieldViolation::new(
                "reason",
                format!("\"{}\" cần ghi lý do", kind.label_vi()),
                format!("{} needs a reason", kind.as_str()),
            ));
        }
        wrong.extend(self.details.shape_violations(&self.person, self.date));
        wrong
    }
}

/// A stored decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub external_id: ExternalId,
    pub person: ExternalId,
    pub date: NaiveDate,
    pub number: Option<String>,
    pub body: OrgCode,
    /// The person's cell on `date`: where the decision counts.
    pub cell: OrgCode,
    pub reason: Option<String>,
    pub details: Details,
    /// The principal that submitted it.
    pub actor: String,
    /// The rulebook that judged it.
    pub rulebook: String,
    /// Deadlines it missed (`OVERDUE_ADMISSION_DECISION`).
    pub flags: Vec<String>,
    /// The REVOKE that reversed it.
    pub revoked_by: Option<ExternalId>,
}

impl Decision {
    /// Its kind.
    pub fn kind(&self) -> DecisionKind {
        self.details.kind()
    }
}

/// A deadline of a case (DESIGN §4), met or pending.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadline {
    /// The flag a miss raises.
    pub flag: String,
    /// What must be decided, in Vietnamese.
    pub description: String,
    /// The last day to decide on time.
    pub due: NaiveDate,
    /// When it was decided.
    pub met_on: Option<NaiveDate>,
    /// Decided after `due`, or still pending after it.
    pub overdue: bool,
}

/// The flag of a late admission decision.
pub const OVERDUE_ADMISSION_DECISION: &str = "OVERDUE_ADMISSION_DECISION";

/// What the admission deadline asks for, in Vietnamese.
pub const ADMISSION_DECISION_DUE: &str =
    "Cấp ủy có thẩm quyền ra quyết định kết nạp (hoặc không kết nạp)";

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(number: Option<&str>, reason: Option<&str>, details: Details) -> NewDecision {
        NewDecision {
            external_id: None,
            person: ExternalId::parse("f", "P1").unwrap(),
            date: NaiveDate::from_ymd_opt(2021, 1, 1).unwrap(),
            number: number.map(str::to_owned),
            body: OrgCode::parse("f", "CB01").unwrap(),
            reason: reason.map(str::to_owned),
            details,
        }
    }

    fn fields(d: &NewDecision) -> Vec<String> {
        d.violations().into_iter().map(|v| v.field).collect()
    }

    #[test]
    fn kinds_require_their_number_and_reason() {
        assert!(fields(&decision(None, None, Details::Nominate)).is_empty());
        assert!(fields(&decision(None, None, Details::OpenDossier)).is_empty());
        assert_eq!(
            fields(&decision(None, None, Details::ConcludeBackgroundCheck)),
            ["document_number"]
        );
        assert_eq!(
            fields(&decision(Some("1-QĐ"), None, Details::Drop)),
            ["reason"]
        );
        assert!(fields(&decision(Some("1-QĐ"), Some("chuyển đi"), Details::Drop)).is_empty());
        let cell_vote = Details::RecordCellVote {
            votes_for: 21,
            votes_against: 0,
            full_members: 20,
            age_consent: None,
        };
        assert_eq!(
            fields(&decision(Some("6-NQ"), None, cell_vote)),
            ["record_cell_vote.full_members"]
        );
    }
}
