//! Writing a record as its one canonical line: `kind` first, keys in the documented order,
//! meaningful nulls always written, other empty keys left out, compact JSON with UTF-8 text.

use chrono::NaiveDate;

use super::decision;
use crate::domain::sync::{
    MemberRecord, OrgEvent, OrgEventRecord, OrgRecord, PersonRecord, Record, TargetRecord,
};

/// A JSON object written key by key, in the order the keys are given.
#[derive(Debug)]
pub(super) struct Writer {
    out: String,
    empty: bool,
}

impl Writer {
    pub(super) fn object() -> Self {
        Self {
            out: String::from("{"),
            empty: true,
        }
    }

    fn key(&mut self, key: &str) {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        self.out.push('"');
        self.out.push_str(key);
        self.out.push_str("\":");
    }

    /// A value already written as JSON.
    pub(super) fn raw(&mut self, key: &str, json: &str) {
        self.key(key);
        self.out.push_str(json);
    }

    /// A string, escaped by `serde_json` (non-ASCII stays UTF-8).
    pub(super) fn str(&mut self, key: &str, value: &str) {
        self.raw(key, &serde_json::Value::from(value).to_string());
    }

    /// A string written only when there is one.
    pub(super) fn opt_str(&mut self, key: &str, value: Option<&str>) {
        if let Some(value) = value {
            self.str(key, value);
        }
    }

    /// A key whose `null` means something: always written.
    pub(super) fn nullable_str(&mut self, key: &str, value: Option<&str>) {
        match value {
            Some(value) => self.str(key, value),
            None => self.raw(key, "null"),
        }
    }

    pub(super) fn date(&mut self, key: &str, value: NaiveDate) {
        self.str(key, &value.format("%Y-%m-%d").to_string());
    }

    pub(super) fn opt_date(&mut self, key: &str, value: Option<NaiveDate>) {
        if let Some(value) = value {
            self.date(key, value);
        }
    }

    pub(super) fn bool(&mut self, key: &str, value: bool) {
        self.raw(key, if value { "true" } else { "false" });
    }

    /// A flag whose absence means `false`: written only when set.
    pub(super) fn flag(&mut self, key: &str, value: bool) {
        if value {
            self.bool(key, true);
        }
    }

    pub(super) fn number(&mut self, key: &str, value: impl std::fmt::Display) {
        self.raw(key, &value.to_string());
    }

    pub(super) fn finish(mut self) -> String {
        self.out.push('}');
        self.out
    }
}

/// The canonical line of `record`.
pub(super) fn render(record: &Record) -> String {
    let mut w = Writer::object();
    w.str("kind", record.kind());
    match record {
        Record::Org(r) => org(&mut w, r),
        Record::OrgEvent(r) => org_event(&mut w, r),
        Record::Person(r) => person(&mut w, r),
        Record::Member(r) => member(&mut w, r),
        Record::Decision(r) => decision::write(&mut w, r),
        Record::Target(r) => target(&mut w, r),
    }
    w.finish()
}

fn org(w: &mut Writer, r: &OrgRecord) {
    w.str("code", r.code.as_str());
    w.str("name", &r.name);
    w.str("org_kind", r.org_kind.as_str());
    w.nullable_str("parent", r.parent.as_ref().map(|p| p.as_str()));
    w.str("sector", r.sector.as_str());
    w.date("valid_from", r.valid_from);
    w.opt_date("valid_to", r.valid_to);
}

fn org_event(w: &mut Writer, r: &OrgEventRecord) {
    w.str("event", r.event.as_str());
    w.str("code", r.code.as_str());
    w.date("date", r.date);
    match &r.event {
        OrgEvent::Move { parent } => w.nullable_str("parent", parent.as_ref().map(|p| p.as_str())),
        OrgEvent::Merge { into } => w.str("into", into.as_str()),
        OrgEvent::Dissolve => {}
    }
    w.opt_str("number", r.number.as_deref());
    w.opt_str("body", r.body.as_ref().map(|b| b.as_str()));
}

fn person(w: &mut Writer, r: &PersonRecord) {
    w.str("external_id", r.external_id.as_str());
    w.str("full_name", &r.full_name);
    w.str("gender", r.gender.as_str());
    w.date("birth_date", r.birth_date);
    w.str("ethnicity", r.ethnicity.name());
    w.nullable_str("religion", r.religion.as_deref());
    w.str("education", r.education.as_str());
    w.opt_str("professional_level", r.professional_level.as_deref());
    w.flag("hardship_exception", r.hardship_exception);
    w.bool("youth_union", r.youth_union);
    w.bool("trade_union", r.trade_union);
    w.str("org", r.org.as_str());
    w.opt_str("national_id", r.national_id.as_ref().map(|n| n.expose()));
    w.opt_date("cell_since", r.cell_since);
}

fn member(w: &mut Writer, r: &MemberRecord) {
    w.str("person", r.person.as_str());
    w.date("admission_date", r.admission_date);
    w.opt_date("ceremony_date", r.ceremony_date);
    w.opt_date("official_date", r.official_date);
    w.str(
        "status",
        if r.official {
            "official"
        } else {
            "probationary"
        },
    );
    w.opt_date("since", r.since);
    w.str("origin", r.origin.as_str());
}

fn target(w: &mut Writer, r: &TargetRecord) {
    w.str("org", r.org.as_str());
    w.number("year", r.year);
    w.number("admissions", r.admissions);
}
