//! The `decision` line: its common keys and each kind's own keys (DESIGN §6), read and written
//! side by side so that the two keep the same keys in the same order.

use super::{
    fields::{Obj, What, Wrong, boolean, count, date, int, list, number, one_of, string},
    json::Json,
    write::Writer,
};
use crate::domain::{
    FieldViolation,
    details::{AgeConsent, Details, Grade, Measure, Score, Sponsor, TransferKind, UnionResolution},
    kind::DecisionKind,
    org::{self, OrgCode},
    person::ExternalId,
    sync::{DecisionRecord, Record},
    text,
};

/// The longest reason, certificate number, issuer, residence cell or consent number accepted, in
/// characters: the limit `SubmitDecision` applies, so that a line and an RPC agree.
const MAX_TEXT_CHARS: usize = 1000;
/// The longest party card number accepted, as `SubmitDecision` does.
const MAX_CARD_CHARS: usize = 32;

pub(super) fn read(o: &mut Obj<'_>) -> Option<Record> {
    let external_id = o.required("external_id", string(ExternalId::parse));
    let kind = o.required(
        "decision",
        one_of(
            DecisionKind::parse,
            &DecisionKind::ALL.map(DecisionKind::as_str),
        ),
    );
    let person = o.required("person", string(ExternalId::parse));
    let date = o.required("date", date);
    let number = o.optional("number", string(org::document_number));
    let body = o.required("body", string(OrgCode::parse));
    let (details, reason) = match kind {
        Some(kind) => {
            o.name(What::line(kind.as_str(), true));
            let details = details(o, kind);
            // Required by some kinds (the use case says so), allowed on all: `SubmitDecision`
            // keeps a reason on any decision, and its line must import again.
            let reason = o
                .optional(
                    "reason",
                    string(|f, raw| text::optional(f, raw, MAX_TEXT_CHARS)),
                )
                .map(Option::flatten);
            (details, reason)
        }
        None => {
            // The kind's own keys cannot be judged without a kind; its refusal says what to fix.
            o.keep_unknown();
            (None, None)
        }
    };
    Some(Record::Decision(DecisionRecord {
        external_id: external_id?,
        person: person?,
        date: date?,
        number: number?.flatten(),
        body: body?,
        reason: reason?,
        details: details?,
    }))
}

/// The kind's own keys, in the order DESIGN §6 lists them.
fn details(o: &mut Obj<'_>, kind: DecisionKind) -> Option<Details> {
    Some(match kind {
        DecisionKind::Nominate => Details::Nominate,
        DecisionKind::RecognizeSympathizer => Details::RecognizeSympathizer {
            mentors: o
                .optional("mentors", list(string(ExternalId::parse)))?
                .unwrap_or_default(),
        },
        DecisionKind::RecordCourse => {
            let certificate_number = o.required("certificate_number", string(long_text));
            let issuer = o.required("issuer", string(long_text));
            Details::RecordCourse {
                certificate_number: certificate_number?,
                issuer: issuer?,
            }
        }
        DecisionKind::OpenDossier => Details::OpenDossier,
        DecisionKind::ConcludeBackgroundCheck => Details::ConcludeBackgroundCheck,
        DecisionKind::RecordIntroductions => {
            let sponsors = o.required("sponsors", list(sponsor));
            let union_resolution = o.nullable(
                "union_resolution",
                one_of(
                    |s| UNIONS.into_iter().find(|u| union_name(*u) == s),
                    &UNIONS.map(union_name),
                ),
            );
            Details::RecordIntroductions {
                sponsors: sponsors?,
                union_resolution: union_resolution?,
            }
        }
        DecisionKind::RecordCellVote => {
            let votes_for = o.required("votes_for", count);
            let votes_against = o.required("votes_against", count);
            let full_members = o.required("full_members", count);
            let age_consent = o.optional("age_consent", age_consent);
            Details::RecordCellVote {
                votes_for: votes_for?,
                votes_against: votes_against?,
                full_members: full_members?,
                age_consent: age_consent?,
            }
        }
        DecisionKind::RecordCommitteeVote => {
            let votes_for = o.required("votes_for", count);
            let members = o.required("members", count);
            Details::RecordCommitteeVote {
                votes_for: votes_for?,
                members: members?,
            }
        }
        DecisionKind::Admit => Details::Admit {
            extended: o.optional("extended", boolean)?.unwrap_or(false),
        },
        DecisionKind::Reject => Details::Reject,
        DecisionKind::Withdraw => Details::Withdraw,
        DecisionKind::Drop => Details::Drop,
        DecisionKind::Revoke => Details::Revoke {
            revokes: o.required("revokes", string(ExternalId::parse))?,
        },
        DecisionKind::HoldCeremony => Details::HoldCeremony,
        DecisionKind::RecordRecognitionVote => {
            let votes_for = o.required("votes_for", count);
            let votes_against = o.required("votes_against", count);
            let full_members = o.required("full_members", count);
            Details::RecordRecognitionVote {
                votes_for: votes_for?,
                votes_against: votes_against?,
                full_members: full_members?,
            }
        }
        DecisionKind::Recognize => Details::Recognize {
            extended: o.optional("extended", boolean)?.unwrap_or(false),
        },
        DecisionKind::StrikeOff => Details::StrikeOff,
        DecisionKind::Transfer => {
            let transfer_kind = o.required(
                "transfer_kind",
                one_of(
                    |s| TRANSFER_KINDS.into_iter().find(|k| transfer_name(*k) == s),
                    &TRANSFER_KINDS.map(transfer_name),
                ),
            );
            let to_org = o.nullable("to_org", string(OrgCode::parse));
            let until = o.optional("until", date);
            Details::Transfer {
                transfer_kind: transfer_kind?,
                to_org: to_org?,
                until: until?,
            }
        }
        DecisionKind::RecordDeath => Details::RecordDeath,
        DecisionKind::Expel => Details::Expel,
        DecisionKind::AcceptResignation => Details::AcceptResignation,
        DecisionKind::Exempt => Details::Exempt {
            until: o.optional("until", date)?,
        },
        DecisionKind::Suspend => Details::Suspend {
            until: o.optional("until", date)?,
        },
        DecisionKind::Discipline => Details::Discipline {
            measure: o.required(
                "measure",
                one_of(
                    |s| MEASURES.into_iter().find(|m| measure_name(*m) == s),
                    &MEASURES.map(measure_name),
                ),
            )?,
        },
        DecisionKind::IssueCard => Details::IssueCard {
            card_number: o.required(
                "card_number",
                string(|f, raw| text::required(f, raw, MAX_CARD_CHARS)),
            )?,
        },
        DecisionKind::IntroduceToResidence => {
            let residence_cell = o.required("residence_cell", string(long_text));
            let reported_date = o.optional("reported_date", date);
            Details::IntroduceToResidence {
                residence_cell: residence_cell?,
                reported_date: reported_date?,
            }
        }
        DecisionKind::Rate => {
            let year = o.required("year", int);
            let grade = o.required(
                "grade",
                one_of(
                    |s| Grade::ALL.into_iter().find(|g| g.as_str() == s),
                    &Grade::ALL.map(Grade::as_str),
                ),
            );
            let score = o.optional("score", score);
            Details::Rate {
                year: year?,
                grade: grade?,
                score: score?,
            }
        }
    })
}

fn long_text(field: &str, raw: &str) -> Result<String, FieldViolation> {
    text::required(field, raw, MAX_TEXT_CHARS)
}

fn sponsor(field: &str, json: &Json) -> Result<Sponsor, Wrong> {
    let mut o = Obj::nested(field, What::new("người giới thiệu", "a sponsor"), json)?;
    let person = o.required("person", string(ExternalId::parse));
    let known_since = o.required("known_since", date);
    let read = person
        .zip(known_since)
        .map(|(person, known_since)| Sponsor {
            person,
            known_since,
        });
    o.close(read)
}

fn age_consent(field: &str, json: &Json) -> Result<AgeConsent, Wrong> {
    let what = What::new("văn bản đồng ý (age_consent)", "an age_consent");
    let mut o = Obj::nested(field, what, json)?;
    let number = o.required("number", string(long_text));
    let date = o.required("date", date);
    let read = number.zip(date).map(|(document_number, date)| AgeConsent {
        document_number,
        date,
    });
    o.close(read)
}

fn score(field: &str, json: &Json) -> Result<Score, Wrong> {
    Score::from_f64(number(field, json)?).ok_or_else(|| {
        vec![FieldViolation::new(
            field,
            "điểm phải từ 0 đến 100, tối đa hai chữ số thập phân",
            "the score must be 0 to 100 with at most two decimals",
        )]
    })
}

const UNIONS: [UnionResolution; 2] = [UnionResolution::YouthUnion, UnionResolution::TradeUnion];

fn union_name(union: UnionResolution) -> &'static str {
    match union {
        UnionResolution::YouthUnion => "youth_union",
        UnionResolution::TradeUnion => "trade_union",
    }
}

const TRANSFER_KINDS: [TransferKind; 3] = [
    TransferKind::Permanent,
    TransferKind::Internal,
    TransferKind::Temporary,
];

fn transfer_name(kind: TransferKind) -> &'static str {
    match kind {
        TransferKind::Permanent => "permanent",
        TransferKind::Internal => "internal",
        TransferKind::Temporary => "temporary",
    }
}

const MEASURES: [Measure; 3] = [
    Measure::Reprimand,
    Measure::Warning,
    Measure::RemovalFromPost,
];

fn measure_name(measure: Measure) -> &'static str {
    match measure {
        Measure::Reprimand => "reprimand",
        Measure::Warning => "warning",
        Measure::RemovalFromPost => "removal_from_post",
    }
}

/// A score as the shortest decimal that reads back the same (`90`, `87.5`, `72.25`).
fn score_text(score: Score) -> String {
    // Whole hundredths divided by 100 print with at most two decimals.
    score.as_f64().to_string()
}

pub(super) fn write(w: &mut Writer, r: &DecisionRecord) {
    w.str("external_id", r.external_id.as_str());
    w.str("decision", r.details.kind().as_str());
    w.str("person", r.person.as_str());
    w.date("date", r.date);
    w.opt_str("number", r.number.as_deref());
    w.str("body", r.body.as_str());
    write_details(w, &r.details);
    w.opt_str("reason", r.reason.as_deref());
}

fn write_details(w: &mut Writer, details: &Details) {
    match details {
        Details::Nominate
        | Details::OpenDossier
        | Details::ConcludeBackgroundCheck
        | Details::Reject
        | Details::Withdraw
        | Details::Drop
        | Details::HoldCeremony
        | Details::StrikeOff
        | Details::RecordDeath
        | Details::Expel
        | Details::AcceptResignation => {}
        Details::RecognizeSympathizer { mentors } => {
            if !mentors.is_empty() {
                let ids: Vec<&str> = mentors.iter().map(ExternalId::as_str).collect();
                w.raw("mentors", &serde_json::Value::from(ids).to_string());
            }
        }
        Details::RecordCourse {
            certificate_number,
            issuer,
        } => {
            w.str("certificate_number", certificate_number);
            w.str("issuer", issuer);
        }
        Details::RecordIntroductions {
            sponsors,
            union_resolution,
        } => {
            let items: Vec<String> = sponsors
                .iter()
                .map(|s| {
                    let mut item = Writer::object();
                    item.str("person", s.person.as_str());
                    item.date("known_since", s.known_since);
                    item.finish()
                })
                .collect();
            w.raw("sponsors", &format!("[{}]", items.join(",")));
            w.nullable_str("union_resolution", union_resolution.map(union_name));
        }
        Details::RecordCellVote {
            votes_for,
            votes_against,
            full_members,
            age_consent,
        } => {
            w.number("votes_for", votes_for);
            w.number("votes_against", votes_against);
            w.number("full_members", full_members);
            if let Some(consent) = age_consent {
                let mut item = Writer::object();
                item.str("number", &consent.document_number);
                item.date("date", consent.date);
                w.raw("age_consent", &item.finish());
            }
        }
        Details::RecordCommitteeVote { votes_for, members } => {
            w.number("votes_for", votes_for);
            w.number("members", members);
        }
        Details::Admit { extended } | Details::Recognize { extended } => {
            w.flag("extended", *extended);
        }
        Details::Revoke { revokes } => w.str("revokes", revokes.as_str()),
        Details::RecordRecognitionVote {
            votes_for,
            votes_against,
            full_members,
        } => {
            w.number("votes_for", votes_for);
            w.number("votes_against", votes_against);
            w.number("full_members", full_members);
        }
        Details::Transfer {
            transfer_kind,
            to_org,
            until,
        } => {
            w.str("transfer_kind", transfer_name(*transfer_kind));
            w.nullable_str("to_org", to_org.as_ref().map(OrgCode::as_str));
            w.opt_date("until", *until);
        }
        Details::Exempt { until } | Details::Suspend { until } => w.opt_date("until", *until),
        Details::Discipline { measure } => w.str("measure", measure_name(*measure)),
        Details::IssueCard { card_number } => w.str("card_number", card_number),
        Details::IntroduceToResidence {
            residence_cell,
            reported_date,
        } => {
            w.str("residence_cell", residence_cell);
            w.opt_date("reported_date", *reported_date);
        }
        Details::Rate { year, grade, score } => {
            w.number("year", year);
            w.str("grade", grade.as_str());
            if let Some(score) = score {
                w.raw("score", &score_text(*score));
            }
        }
    }
}
