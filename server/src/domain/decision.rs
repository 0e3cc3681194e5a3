//! A decision as recorded: the common fields of DESIGN §3 around the kind's [`Details`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
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
