//! A person's record as stored and shown: the value types of [`super`] put together.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Education, ExternalId, Gender, NationalId};
use crate::domain::{
    admission::{CaseState, rules::PersonFacts},
    ethnicity::Ethnicity,
    org::OrgCode,
};

/// A person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub external_id: ExternalId,
    pub full_name: String,
    pub gender: Gender,
    pub birth_date: NaiveDate,
    pub ethnicity: Ethnicity,
    /// `None`: no religion.
    pub religion: Option<String>,
    pub education: Education,
    pub professional_level: Option<String>,
    pub hardship_exception: bool,
    pub youth_union: bool,
    pub trade_union: bool,
    /// Never serialised: the only serialised persons are answers kept for replays, and a
    /// number corrected later must not survive there (DESIGN §8). A replay reads the current
    /// one.
    #[serde(skip)]
    pub national_id: Option<NationalId>,
    /// The cell now (the latest interval).
    pub cell: OrgCode,
    /// Since when the person is in `cell`.
    pub cell_since: NaiveDate,
    /// The state of the latest admission case, if there has been one.
    pub case_state: Option<CaseState>,
    /// Whether the person is or was a member.
    pub member: bool,
    /// Bumped on every change; the etag is derived from it.
    pub version: i64,
}

impl Person {
    /// What the admission rules need to know about the person.
    pub fn facts(&self) -> PersonFacts {
        PersonFacts {
            birth_date: self.birth_date,
            education: self.education,
            hardship_exception: self.hardship_exception,
            youth_union: self.youth_union,
            trade_union: self.trade_union,
        }
    }

    /// The etag clients send back.
    pub fn etag(&self) -> String {
        crate::domain::org::etag_of(self.version)
    }
}

/// A person to create, validated field by field (`CreatePerson`). Serialised only to fingerprint
/// the request for idempotency: the national ID is in it, so never log it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NewPerson {
    /// `None`: the server assigns `dv-<uuid>`.
    pub external_id: Option<ExternalId>,
    pub full_name: String,
    pub gender: Gender,
    pub birth_date: NaiveDate,
    pub ethnicity: Ethnicity,
    pub religion: Option<String>,
    pub education: Education,
    pub professional_level: Option<String>,
    pub hardship_exception: bool,
    pub youth_union: bool,
    pub trade_union: bool,
    pub national_id: Option<NationalId>,
    pub cell: OrgCode,
    /// `None`: the cell's own `valid_from` (no earlier cell is known).
    pub cell_since: Option<NaiveDate>,
}

/// A correction of a person's record (`UpdatePerson`): each field that is `Some` replaces the
/// stored one; for an optional field, `Some(None)` clears it. Fields left out are not serialised,
/// so that "leave it" and "clear it" fingerprint differently.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PersonUpdate {
    pub external_id: ExternalId,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ethnicity: Option<Ethnicity>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub religion: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub education: Option<Education>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub professional_level: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hardship_exception: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub youth_union: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trade_union: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub national_id: Option<Option<NationalId>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<CellChange>,
    /// When set, must be the current etag.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
}

/// A new cell for a person, from a day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CellChange {
    pub cell: OrgCode,
    /// `None`: today.
    pub since: Option<NaiveDate>,
}

/// Which persons a list shows; every term that is set must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct PersonFilter {
    /// Persons whose cell today is this organisation or inside its subtree.
    pub org: Option<OrgCode>,
    /// Persons whose latest admission case is in this state.
    pub state: Option<CaseState>,
    /// Word prefixes of the name, as typed (matched through [`super::search_key`]).
    pub name: Option<String>,
}
