//! Reading the keys of the `org`, `org_event`, `person`, `member` and `target` lines; each key
//! is looked up in the order the line is written, so that a refusal lists the keys that order.

use super::fields::{Obj, What, boolean, date, int, one_of, string};
use crate::domain::{
    ethnicity::Ethnicity,
    member::MemberOrigin,
    org::{self, OrgCode, OrgKind, Sector},
    person::{self, Education, ExternalId, Gender, NationalId},
    sync::{MemberRecord, OrgEvent, OrgEventRecord, OrgRecord, PersonRecord, Record, TargetRecord},
};

pub(super) fn org(o: &mut Obj<'_>) -> Option<Record> {
    let code = o.required("code", string(OrgCode::parse));
    let name = o.required("name", string(org::display_name));
    let org_kind = o.required(
        "org_kind",
        one_of(OrgKind::parse, &OrgKind::ALL.map(OrgKind::as_str)),
    );
    let parent = o.nullable("parent", string(OrgCode::parse));
    let sector = o.required(
        "sector",
        one_of(Sector::parse, &Sector::ALL.map(Sector::as_str)),
    );
    let valid_from = o.required("valid_from", date);
    let valid_to = o.optional("valid_to", date);
    Some(Record::Org(OrgRecord {
        code: code?,
        name: name?,
        org_kind: org_kind?,
        parent: parent?,
        sector: sector?,
        valid_from: valid_from?,
        valid_to: valid_to?,
    }))
}

/// What an `org_event` does, before its own keys are read.
#[derive(Clone, Copy)]
enum Event {
    Move,
    Merge,
    Dissolve,
}

const EVENTS: [(&str, Event); 3] = [
    ("move", Event::Move),
    ("merge", Event::Merge),
    ("dissolve", Event::Dissolve),
];

pub(super) fn org_event(o: &mut Obj<'_>) -> Option<Record> {
    let event = o.required(
        "event",
        one_of(
            |s| EVENTS.iter().find(|(name, _)| *name == s).map(|(_, e)| *e),
            &EVENTS.map(|(name, _)| name),
        ),
    );
    let code = o.required("code", string(OrgCode::parse));
    let date = o.required("date", date);
    let what = match event {
        Some(Event::Move) => {
            o.name(What::new("sự kiện move", "an org_event move line"));
            o.nullable("parent", string(OrgCode::parse))
                .map(|parent| OrgEvent::Move { parent })
        }
        Some(Event::Merge) => {
            o.name(What::new("sự kiện merge", "an org_event merge line"));
            o.required("into", string(OrgCode::parse))
                .map(|into| OrgEvent::Merge { into })
        }
        Some(Event::Dissolve) => {
            o.name(What::new("sự kiện dissolve", "an org_event dissolve line"));
            Some(OrgEvent::Dissolve)
        }
        None => {
            // Which of `parent` and `into` belongs depends on the event refused above.
            o.keep_unknown();
            None
        }
    };
    let number = o.optional("number", string(org::document_number));
    let body = o.optional("body", string(OrgCode::parse));
    Some(Record::OrgEvent(OrgEventRecord {
        code: code?,
        event: what?,
        date: date?,
        number: number?.flatten(),
        body: body?,
    }))
}

pub(super) fn person(o: &mut Obj<'_>) -> Option<Record> {
    let external_id = o.required("external_id", string(ExternalId::parse));
    let full_name = o.required("full_name", string(person::full_name));
    let gender = o.required(
        "gender",
        one_of(Gender::parse, &Gender::ALL.map(Gender::as_str)),
    );
    let birth_date = o.required("birth_date", date);
    let ethnicity = o.required("ethnicity", string(Ethnicity::parse));
    let religion = o.nullable(
        "religion",
        string(|field, raw| person::religion(field, Some(raw))),
    );
    let education = o.required(
        "education",
        one_of(Education::parse, &Education::ALL.map(Education::as_str)),
    );
    let professional_level = o.optional("professional_level", string(person::professional_level));
    let hardship_exception = o.optional("hardship_exception", boolean);
    let youth_union = o.required("youth_union", boolean);
    let trade_union = o.required("trade_union", boolean);
    let cell = o.required("org", string(OrgCode::parse));
    let national_id = o.optional("national_id", string(NationalId::parse_optional));
    let cell_since = o.optional("cell_since", date);
    Some(Record::Person(PersonRecord {
        external_id: external_id?,
        full_name: full_name?,
        gender: gender?,
        birth_date: birth_date?,
        ethnicity: ethnicity?,
        religion: religion?.flatten(),
        education: education?,
        professional_level: professional_level?.flatten(),
        hardship_exception: hardship_exception?.unwrap_or(false),
        youth_union: youth_union?,
        trade_union: trade_union?,
        org: cell?,
        national_id: national_id?.flatten(),
        cell_since: cell_since?,
    }))
}

/// The `status` of a `member` line and whether it is official.
const STATUSES: [(&str, bool); 2] = [("official", true), ("probationary", false)];

/// The origins a `member` line may give: `admitted` comes only from an ADMIT decision.
const ORIGINS: [MemberOrigin; 2] = [MemberOrigin::Existing, MemberOrigin::TransferIn];

pub(super) fn member(o: &mut Obj<'_>) -> Option<Record> {
    let person = o.required("person", string(ExternalId::parse));
    let admission_date = o.required("admission_date", date);
    let ceremony_date = o.optional("ceremony_date", date);
    let official_date = o.optional("official_date", date);
    let official = o.required(
        "status",
        one_of(
            |s| {
                STATUSES
                    .iter()
                    .find(|(name, _)| *name == s)
                    .map(|(_, o)| *o)
            },
            &STATUSES.map(|(name, _)| name),
        ),
    );
    let since = o.optional("since", date);
    let origin = o.required(
        "origin",
        one_of(
            |s| MemberOrigin::parse(s).filter(|origin| ORIGINS.contains(origin)),
            &ORIGINS.map(MemberOrigin::as_str),
        ),
    );
    Some(Record::Member(MemberRecord {
        person: person?,
        admission_date: admission_date?,
        ceremony_date: ceremony_date?,
        official_date: official_date?,
        official: official?,
        since: since?,
        origin: origin?,
    }))
}

pub(super) fn target(o: &mut Obj<'_>) -> Option<Record> {
    let org = o.required("org", string(OrgCode::parse));
    let year = o.required("year", int);
    let admissions = o.required("admissions", int);
    Some(Record::Target(TargetRecord {
        org: org?,
        year: year?,
        admissions: admissions?,
    }))
}
