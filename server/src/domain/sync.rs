//! The records of the nightly sync (DESIGN §6): one value per line kind, their keys, and how a
//! stored record becomes one. Reading and writing the JSONL text is in [`line`].

pub mod line;

use chrono::NaiveDate;

use super::{
    decision::Decision,
    details::Details,
    ethnicity::Ethnicity,
    member::{MemberOrigin, Registration},
    org::{OrgCode, OrgKind, Organization, Sector},
    person::{Education, ExternalId, Gender, NationalId, Person},
    target::Target,
};

/// One line of a sync file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
    Org(OrgRecord),
    OrgEvent(OrgEventRecord),
    Person(PersonRecord),
    Member(MemberRecord),
    Decision(DecisionRecord),
    Target(TargetRecord),
}

/// `org`: an organisation as created, with its current name and sector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgRecord {
    pub code: OrgCode,
    pub name: String,
    pub org_kind: OrgKind,
    /// The parent on `valid_from`; `None` for a root.
    pub parent: Option<OrgCode>,
    pub sector: Sector,
    pub valid_from: NaiveDate,
    /// As created; `None`: open-ended (a later dissolution comes as an `org_event`).
    pub valid_to: Option<NaiveDate>,
}

/// `org_event`: a dated restructuring.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgEventRecord {
    pub code: OrgCode,
    pub event: OrgEvent,
    pub date: NaiveDate,
    pub number: Option<String>,
    pub body: Option<OrgCode>,
}

/// What an `org_event` does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OrgEvent {
    /// Under a new parent (`None`: becomes a root).
    Move {
        parent: Option<OrgCode>,
    },
    /// Into a survivor.
    Merge {
        into: OrgCode,
    },
    Dissolve,
}

impl OrgEvent {
    /// The `event` value.
    pub fn as_str(&self) -> &'static str {
        match self {
            OrgEvent::Move { .. } => "move",
            OrgEvent::Merge { .. } => "merge",
            OrgEvent::Dissolve => "dissolve",
        }
    }
}

/// `person`: the whole record of a person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonRecord {
    pub external_id: ExternalId,
    pub full_name: String,
    pub gender: Gender,
    pub birth_date: NaiveDate,
    pub ethnicity: Ethnicity,
    /// Present in every line: `None` means no religion.
    pub religion: Option<String>,
    pub education: Education,
    pub professional_level: Option<String>,
    pub hardship_exception: bool,
    pub youth_union: bool,
    pub trade_union: bool,
    /// The cell.
    pub org: OrgCode,
    pub national_id: Option<NationalId>,
    /// Since when the person is in `org`; required on a line that changes `org`. Exports always
    /// write it.
    pub cell_since: Option<NaiveDate>,
}

/// `member`: a member whose admission predates the records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MemberRecord {
    pub person: ExternalId,
    pub admission_date: NaiveDate,
    pub ceremony_date: Option<NaiveDate>,
    pub official_date: Option<NaiveDate>,
    /// `official` (true) or `probationary`.
    pub official: bool,
    /// Present in exports; on input, absent means `admission_date` for an `existing` member.
    pub since: Option<NaiveDate>,
    /// `Existing` or `TransferIn`.
    pub origin: MemberOrigin,
}

/// `decision`: one decision with its kind's fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecisionRecord {
    pub external_id: ExternalId,
    pub person: ExternalId,
    pub date: NaiveDate,
    pub number: Option<String>,
    pub body: OrgCode,
    /// The `reason` key of `reject`, `withdraw`, `drop`, `strike_off`, `expel` and
    /// `discipline`.
    pub reason: Option<String>,
    pub details: Details,
}

/// `target`: the admissions planned for an organisation and year.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetRecord {
    pub org: OrgCode,
    pub year: i32,
    pub admissions: i32,
}

/// What identifies a record across files (DESIGN §6): a stored record with the same kind and
/// key and identical content makes a line a no-op.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RecordKey {
    /// The line's `kind`.
    pub kind: &'static str,
    /// The key's values joined by `|` (`CS07|move|2025-07-01`).
    pub key: String,
}

impl Record {
    /// The line's `kind`.
    pub fn kind(&self) -> &'static str {
        match self {
            Record::Org(_) => "org",
            Record::OrgEvent(_) => "org_event",
            Record::Person(_) => "person",
            Record::Member(_) => "member",
            Record::Decision(_) => "decision",
            Record::Target(_) => "target",
        }
    }

    /// The record's key.
    pub fn key(&self) -> RecordKey {
        let key = match self {
            Record::Org(o) => o.code.to_string(),
            Record::OrgEvent(e) => format!("{}|{}|{}", e.code, e.event.as_str(), e.date),
            Record::Person(p) => p.external_id.to_string(),
            Record::Member(m) => format!("{}|{}", m.person, m.since_or_admission()),
            Record::Decision(d) => d.external_id.to_string(),
            Record::Target(t) => format!("{}|{}", t.org, t.year),
        };
        RecordKey {
            kind: self.kind(),
            key,
        }
    }

    /// Whether this line says nothing new about `stored`, the record last stored under the same
    /// key: equal, reading a left-out `cell_since` (person) or `valid_to` (org) as "as stored".
    pub fn same_as(&self, stored: &Record) -> bool {
        match (self, stored) {
            (Record::Person(line), Record::Person(stored)) => {
                let mut line = line.clone();
                if line.cell_since.is_none() {
                    line.cell_since = stored.cell_since;
                }
                line == *stored
            }
            (Record::Org(line), Record::Org(stored)) => {
                let mut line = line.clone();
                if line.valid_to.is_none() {
                    line.valid_to = stored.valid_to;
                }
                line == *stored
            }
            (Record::Member(line), Record::Member(stored)) => {
                let mut line = line.clone();
                line.since = Some(line.since_or_admission());
                let mut stored = stored.clone();
                stored.since = Some(stored.since_or_admission());
                line == stored
            }
            (line, stored) => line == stored,
        }
    }
}

impl MemberRecord {
    /// The day the membership began here.
    pub fn since_or_admission(&self) -> NaiveDate {
        self.since.unwrap_or(self.admission_date)
    }
}

impl From<&Organization> for OrgRecord {
    /// The line of an organisation just created (its parent is the one it was created under).
    fn from(org: &Organization) -> Self {
        Self {
            code: org.code.clone(),
            name: org.display_name.clone(),
            org_kind: org.kind,
            parent: org.parent.clone(),
            sector: org.sector,
            valid_from: org.valid_from,
            valid_to: org.valid_to,
        }
    }
}

impl From<&Person> for PersonRecord {
    fn from(p: &Person) -> Self {
        Self {
            external_id: p.external_id.clone(),
            full_name: p.full_name.clone(),
            gender: p.gender,
            birth_date: p.birth_date,
            ethnicity: p.ethnicity,
            religion: p.religion.clone(),
            education: p.education,
            professional_level: p.professional_level.clone(),
            hardship_exception: p.hardship_exception,
            youth_union: p.youth_union,
            trade_union: p.trade_union,
            org: p.cell.clone(),
            national_id: p.national_id.clone(),
            cell_since: Some(p.cell_since),
        }
    }
}

impl MemberRecord {
    /// The line of a registration of `person`.
    pub fn registered(person: &ExternalId, r: &Registration) -> Self {
        Self {
            person: person.clone(),
            admission_date: r.admission_date,
            ceremony_date: r.ceremony_date,
            official_date: r.official_date,
            official: r.official,
            since: Some(r.since),
            origin: r.origin,
        }
    }
}

impl From<&Decision> for DecisionRecord {
    fn from(d: &Decision) -> Self {
        Self {
            external_id: d.external_id.clone(),
            person: d.person.clone(),
            date: d.date,
            number: d.number.clone(),
            body: d.body.clone(),
            reason: d.reason.clone(),
            details: d.details.clone(),
        }
    }
}

impl From<&Target> for TargetRecord {
    fn from(t: &Target) -> Self {
        Self {
            org: t.org.clone(),
            year: t.year,
            admissions: t.admissions,
        }
    }
}
