//! The demo bloc as plain data: what is to be sent, in which order, built from one seed. The
//! builders of the other modules add to a [`Draft`]; [`generate`] runs them and yields a [`Plan`].

use chrono::{Datelike as _, Days, NaiveDate};
use dangvien_proto::{
    google::r#type::Date,
    v1::{self as pb, decision::Details},
};

use super::{admission, life, people, rng::Rng, tree};
use crate::domain::calendar::Calendar;

/// Everything the loader sends, in order: each step may rely on the ones before it.
#[derive(Debug)]
pub(crate) struct Plan {
    /// Organisations, one list per level of the tree (a level needs its parents).
    pub(crate) org_levels: Vec<Vec<pb::CreateOrganizationRequest>>,
    pub(crate) people: Vec<pb::CreatePersonRequest>,
    pub(crate) members: Vec<pb::RegisterMemberRequest>,
    /// One atomic batch per grassroots organisation: nothing in one depends on another.
    pub(crate) batches: Vec<Batch>,
    pub(crate) targets: Vec<pb::SetTargetRequest>,
}

/// The decisions about the persons of one grassroots organisation.
#[derive(Debug)]
pub(crate) struct Batch {
    pub(crate) org: String,
    pub(crate) requests: Vec<pb::SubmitDecisionRequest>,
}

/// Where a decision goes in its organisation's batch. Member-life decisions come first so that
/// the cells' full members are stored before any admission vote counts them; ratings come last,
/// after every other decision of their members.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Stage {
    Life,
    Admission,
    Rating,
}

/// The bloc being drawn up: the tree, the people, and the decisions so far.
#[derive(Debug)]
pub(crate) struct Draft {
    pub(crate) rng: Rng,
    pub(crate) tree: tree::Tree,
    pub(crate) people: people::People,
    /// Per grassroots organisation (index into `tree.grassroots`): (stage, order, request).
    decisions: Vec<Vec<(Stage, NaiveDate, usize, pb::SubmitDecisionRequest)>>,
    next_decision: usize,
    /// Persons admitted in 2021, with the date of their ADMIT.
    pub(crate) admitted: Vec<(usize, NaiveDate)>,
    /// Document numbers given so far, per deciding body.
    numbers: std::collections::HashMap<String, u32>,
}

/// The bloc's code and the prefix of every id the demo gives.
pub(crate) const BLOC: &str = "KHOI";

/// Draws up the whole bloc from `seed`.
pub(crate) fn generate(seed: u64) -> Plan {
    let mut rng = Rng::new(seed);
    let tree = tree::Tree::generate(&mut rng);
    let people = people::People::generate(&mut rng, &tree);
    let grassroots = tree.grassroots.len();
    let mut draft = Draft {
        rng,
        tree,
        people,
        decisions: vec![Vec::new(); grassroots],
        next_decision: 0,
        admitted: Vec::new(),
        numbers: std::collections::HashMap::new(),
    };
    life::generate(&mut draft);
    admission::generate(&mut draft);
    life::ratings(&mut draft);
    draft.finish()
}

impl Draft {
    /// Adds a decision about `person` to its organisation's batch.
    #[expect(
        clippy::too_many_arguments,
        reason = "the fields of one paper, all given at every call"
    )]
    pub(crate) fn decide(
        &mut self,
        stage: Stage,
        person: usize,
        date: NaiveDate,
        number: Option<String>,
        body: usize,
        details: Details,
        reason: &str,
    ) {
        self.next_decision += 1;
        let id = format!("{BLOC}-D{:06}", self.next_decision);
        let slot = self.tree.grassroots_slot(self.people.persons[person].cell);
        let request = pb::SubmitDecisionRequest {
            decision_id: id,
            decision: Some(pb::Decision {
                person: format!("people/{}", self.people.persons[person].id),
                decision_date: proto_date(date),
                document_number: number.unwrap_or_default(),
                deciding_body: format!("organizations/{}", self.tree.orgs[body].code),
                reason: reason.to_owned(),
                details: Some(details),
                ..Default::default()
            }),
            request_id: String::new(),
        };
        let order = self.decisions[slot].len();
        self.decisions[slot].push((stage, date, order, request));
    }

    /// The next document number of `body`, e.g. `12-NQ/ĐU`.
    pub(crate) fn number(&mut self, body: usize, suffix: &str) -> Option<String> {
        let code = &self.tree.orgs[body].code;
        let n = self.numbers.entry(format!("{code}/{suffix}")).or_insert(0);
        *n += 1;
        Some(format!("{n}-{suffix}"))
    }

    fn finish(self) -> Plan {
        let Draft {
            tree,
            people,
            decisions,
            ..
        } = self;
        let batches = decisions
            .into_iter()
            .enumerate()
            .map(|(g, mut list)| {
                // Life decisions by date (each member's in order), a day's recognition votes
                // after its other decisions, which they count; the others as added, person by
                // person.
                list.sort_by_key(|(stage, date, order, request)| match stage {
                    Stage::Life => (*stage, *date, counts_members(request), *order),
                    Stage::Admission | Stage::Rating => (*stage, NaiveDate::MIN, false, *order),
                });
                Batch {
                    org: tree.orgs[tree.grassroots[g]].code.clone(),
                    requests: list.into_iter().map(|(_, _, _, r)| r).collect(),
                }
            })
            .collect();
        Plan {
            org_levels: tree.requests(),
            people: people.person_requests(&tree),
            members: people.member_requests(),
            batches,
            targets: vec![target(2021, 180), target(2022, 150)],
        }
    }
}

/// Whether the decision is a vote whose resolution gives the cell's full members.
fn counts_members(request: &pb::SubmitDecisionRequest) -> bool {
    matches!(
        request.decision.as_ref().and_then(|d| d.details.as_ref()),
        Some(Details::RecordRecognitionVote(_) | Details::RecordCellVote(_))
    )
}

fn target(year: i32, admissions: i32) -> pb::SetTargetRequest {
    pb::SetTargetRequest {
        target: Some(pb::Target {
            org: format!("organizations/{BLOC}"),
            year,
            admissions,
            ..Default::default()
        }),
        etag: String::new(),
        request_id: String::new(),
    }
}

/// A calendar date from literals known to be valid.
pub(crate) fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MIN)
}

/// `date` plus `days` calendar days.
pub(crate) fn plus(date: NaiveDate, days: i64) -> NaiveDate {
    let step = Days::new(days.unsigned_abs());
    if days >= 0 {
        date.checked_add_days(step)
    } else {
        date.checked_sub_days(step)
    }
    .unwrap_or(date)
}

/// The first working day on or after `date`: papers are signed on working days.
pub(crate) fn working(date: NaiveDate) -> NaiveDate {
    let calendar = Calendar::vietnam();
    let mut day = date;
    while !calendar.is_working_day(day) {
        day = plus(day, 1);
    }
    day
}

/// A uniformly drawn day in `from..=to`.
pub(crate) fn day_between(rng: &mut Rng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    plus(from, rng.between(0, (to - from).num_days()))
}

/// `date` for a request.
pub(crate) fn proto_date(date: NaiveDate) -> Option<Date> {
    Some(Date {
        year: date.year(),
        month: date.month() as i32,
        day: date.day() as i32,
    })
}

#[cfg(test)]
mod tests {
    use super::generate;

    #[test]
    fn the_same_seed_draws_the_same_bloc() {
        let (a, b) = (generate(7), generate(7));
        assert_eq!(a.people, b.people);
        assert_eq!(a.members, b.members);
        let ids = |p: &super::Plan| -> Vec<String> {
            p.batches
                .iter()
                .flat_map(|b| b.requests.iter().map(|r| r.decision_id.clone()))
                .collect()
        };
        assert_eq!(ids(&a), ids(&b));
        // 4,934 members at the start of 2021 and 12 transferred in; 610 nominees besides.
        assert_eq!(a.members.len(), 4934 + 12);
        assert_eq!(a.people.len(), 4934 + 12 + 610);
        let orgs: usize = a.org_levels.iter().map(Vec::len).sum();
        assert_eq!(orgs, 1 + 91 + 1 + 285);
    }
}
