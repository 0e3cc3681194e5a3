//! The 2021 admission pipelines of the demo bloc: 610 nominations, 425 sympathizers, 300 course
//! certificates, 190 cell votes and 187 admissions (each with its ceremony and residence-place
//! introduction on time), every step dated in order and meeting the rules of DESIGN §4.

use chrono::NaiveDate;
use dangvien_proto::v1::{self as pb, OrganizationKind as Kind, decision::Details as D};

use super::{
    names,
    plan::{Draft, Stage, day_between, plus, working, ymd},
    rng::Rng,
};
use crate::domain::{calendar::Calendar, months::full_years_between};

/// Admitted in 2021 with the ceremony in 2021.
const CEREMONY_2021: usize = 181;
/// Admitted in 2021 (all by 1 December, so that every residence introduction falls due in 2021).
const ADMITTED: usize = 187;
/// Approved by their cell in 2021.
const CELL_APPROVED: usize = 190;
/// Completed the course in 2021.
const TRAINED: usize = 300;
/// Recognised as sympathizers in 2021.
const SYMPATHIZERS: usize = 425;

/// The steps of a case, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Nominate,
    Sympathizer,
    Course,
    Dossier,
    Check,
    Introductions,
    CellVote,
    CommitteeVote,
    Admit,
}

const STEPS: [Step; 9] = [
    Step::Nominate,
    Step::Sympathizer,
    Step::Course,
    Step::Dossier,
    Step::Check,
    Step::Introductions,
    Step::CellVote,
    Step::CommitteeVote,
    Step::Admit,
];

/// Days from the step before, drawn from this range.
fn gap(step: Step) -> (i64, i64) {
    match step {
        Step::Nominate => (0, 0),
        Step::Sympathizer => (10, 30),
        Step::Course => (10, 40),
        Step::Dossier => (5, 20),
        Step::Check => (15, 40),
        Step::Introductions | Step::CellVote => (5, 15),
        // Both well inside the 60 working days allowed from the cell's resolution.
        Step::CommitteeVote | Step::Admit => (5, 12),
    }
}

/// Walks every nominee as far as their share of the year's figures takes them.
pub(crate) fn generate(draft: &mut Draft) {
    let mut nominees = draft.people.nominees.clone();
    draft.rng.shuffle(&mut nominees);
    for (k, person) in nominees.into_iter().enumerate() {
        let rng = &mut draft.rng;
        let (last, from, to) = match k {
            0..CEREMONY_2021 => (Step::Admit, ymd(2021, 5, 4), ymd(2021, 11, 22)),
            // Admitted last, by 29 November; their ceremonies are in January 2022.
            CEREMONY_2021..ADMITTED => (Step::Admit, ymd(2021, 11, 24), ymd(2021, 11, 26)),
            // Voted by their cell in December; admitted in January 2022.
            ADMITTED..CELL_APPROVED => (Step::CellVote, ymd(2021, 12, 6), ymd(2021, 12, 17)),
            CELL_APPROVED..TRAINED => {
                let last = *rng.pick(&[
                    Step::Course,
                    Step::Dossier,
                    Step::Check,
                    Step::Introductions,
                ]);
                (last, ymd(2021, 6, 1), ymd(2021, 12, 24))
            }
            TRAINED..SYMPATHIZERS => (Step::Sympathizer, ymd(2021, 3, 1), ymd(2021, 12, 24)),
            _ => (Step::Nominate, ymd(2021, 1, 11), ymd(2021, 12, 24)),
        };
        let target = day_between(rng, from, to);
        let grassroots_cell = {
            let cell = draft.people.persons[person].cell;
            draft.tree.orgs[cell].kind == Kind::GrassrootsCell
        };
        let steps: Vec<Step> = STEPS
            .iter()
            .copied()
            .filter(|s| *s <= last && !(grassroots_cell && *s == Step::CommitteeVote))
            .collect();
        let dates = chain(rng, &steps, target);
        walk(draft, person, &steps, &dates);
        match k {
            0..CEREMONY_2021 => {
                let admit = dates[dates.len() - 1];
                let ceremony = working(plus(admit, draft.rng.between(5, 14)));
                let letter = working(plus(ceremony, draft.rng.between(2, 8)));
                ceremony_then_residence(draft, person, ceremony, letter);
                draft.admitted.push((person, admit));
            }
            CEREMONY_2021..ADMITTED => {
                let admit = dates[dates.len() - 1];
                let letter = working(plus(admit, draft.rng.between(7, 14)));
                let due = Calendar::vietnam().add_working_days(admit, 30);
                residence(draft, person, letter);
                ceremony(draft, person, working(ymd(2022, 1, 4)).min(due));
                draft.admitted.push((person, admit));
            }
            ADMITTED..CELL_APPROVED => {
                let vote = dates[dates.len() - 1];
                finish_in_2022(draft, person, grassroots_cell, vote);
            }
            _ => {}
        }
    }
}

/// The dates of `steps`, the last near `target`, none before 4 January 2021, each a working
/// day after the one before.
fn chain(rng: &mut Rng, steps: &[Step], target: NaiveDate) -> Vec<NaiveDate> {
    let gaps: Vec<i64> = steps
        .iter()
        .map(|s| {
            let (low, high) = gap(*s);
            rng.between(low, high)
        })
        .collect();
    let start = plus(target, -gaps.iter().sum::<i64>()).max(ymd(2021, 1, 4));
    let mut dates = Vec::with_capacity(steps.len());
    let mut raw = start;
    for g in gaps {
        raw = plus(raw, g);
        let after = dates
            .last()
            .map_or(raw, |d: &NaiveDate| raw.max(plus(*d, 1)));
        dates.push(working(after));
    }
    dates
}

/// Submits the case's decisions, one per step.
fn walk(draft: &mut Draft, person: usize, steps: &[Step], dates: &[NaiveDate]) {
    let cell = draft.people.persons[person].cell;
    let grassroots = draft.tree.orgs[cell].grassroots;
    let sponsors = sponsors(draft, cell);
    let sponsor_ids: Vec<String> = sponsors
        .iter()
        .map(|m| {
            format!(
                "people/{}",
                draft.people.persons[draft.people.members[*m].person].id
            )
        })
        .collect();
    for (step, date) in steps.iter().zip(dates) {
        let date = *date;
        let (body, number, details) = match step {
            Step::Nominate => (cell, None, D::Nominate(pb::Nominate {})),
            Step::Sympathizer => (
                cell,
                draft.number(cell, "NQ/CB"),
                D::RecognizeSympathizer(pb::RecognizeSympathizer {
                    mentors: vec![sponsor_ids[0].clone()],
                }),
            ),
            Step::Course => {
                let number = draft.number(0, "GCN/BTG");
                (
                    0,
                    number.clone(),
                    D::RecordCourse(pb::RecordCourse {
                        certificate_number: number.unwrap_or_default(),
                        issuer: "Ban Tuyên giáo Đảng ủy Khối".to_owned(),
                    }),
                )
            }
            Step::Dossier => (cell, None, D::OpenDossier(pb::OpenDossier {})),
            Step::Check => (
                grassroots,
                draft.number(grassroots, "KL/ĐU"),
                D::ConcludeBackgroundCheck(pb::ConcludeBackgroundCheck {}),
            ),
            Step::Introductions => {
                let introductions = introductions(draft, person, date, &sponsor_ids);
                (cell, draft.number(cell, "GT/CB"), introductions)
            }
            Step::CellVote => {
                let full = draft.people.full_members(cell, date, true);
                let against = draft.rng.between(0, 2).min(i64::from(full / 3)) as i32;
                (
                    cell,
                    draft.number(cell, "NQ/CB"),
                    D::RecordCellVote(pb::RecordCellVote {
                        votes_for: full - against,
                        votes_against: against,
                        full_members: full,
                        age_consent: None,
                    }),
                )
            }
            Step::CommitteeVote => committee_vote(draft, grassroots),
            Step::Admit => (
                0,
                draft.number(0, "QĐ/ĐUK"),
                D::Admit(pb::Admit { extended: false }),
            ),
        };
        draft.decide(Stage::Admission, person, date, number, body, details, "");
    }
}

/// Two steady official members of the person's cell (or, when it has too few, of their
/// grassroots organisation), who have known them since they came to work there.
fn sponsors(draft: &mut Draft, cell: usize) -> Vec<usize> {
    let mut pool = draft.people.steady(cell);
    if pool.len() < 2 {
        let grassroots = draft.tree.orgs[cell].grassroots;
        for other in draft.tree.cells.clone() {
            if draft.tree.orgs[other].grassroots == grassroots && other != cell {
                pool.extend(draft.people.steady(other));
            }
        }
    }
    draft.rng.shuffle(&mut pool);
    pool.truncate(2);
    pool
}

/// RECORD_INTRODUCTIONS: a Youth Union member of 30 or under needs the Youth Union's resolution
/// and one sponsor; a trade unionist may have the trade union's instead of a second sponsor.
fn introductions(draft: &mut Draft, person: usize, date: NaiveDate, sponsors: &[String]) -> D {
    let p = &draft.people.persons[person];
    let known_since = super::plan::proto_date(p.cell_since);
    let union = if p.youth_union && full_years_between(p.birth, date) <= 30 {
        pb::UnionResolution::YouthUnion
    } else if p.trade_union && draft.rng.chance(400) {
        pb::UnionResolution::TradeUnion
    } else {
        pb::UnionResolution::Unspecified
    };
    let needed = if union == pb::UnionResolution::Unspecified {
        2
    } else {
        1
    };
    D::RecordIntroductions(pb::RecordIntroductions {
        sponsors: sponsors
            .iter()
            .take(needed)
            .map(|s| pb::Sponsor {
                person: s.clone(),
                known_since,
            })
            .collect(),
        union_resolution: union.into(),
    })
}

/// The grassroots committee's vote: all or all but one of its members for.
fn committee_vote(draft: &mut Draft, grassroots: usize) -> (usize, Option<String>, D) {
    let members = draft.tree.orgs[grassroots].committee_size;
    let votes_for = members - draft.rng.between(0, 1) as i32;
    (
        grassroots,
        draft.number(grassroots, "NQ/ĐU"),
        D::RecordCommitteeVote(pb::RecordCommitteeVote { votes_for, members }),
    )
}

fn ceremony(draft: &mut Draft, person: usize, day: NaiveDate) {
    let cell = draft.people.persons[person].cell;
    draft.decide(
        Stage::Admission,
        person,
        day,
        None,
        cell,
        D::HoldCeremony(pb::HoldCeremony {}),
        "",
    );
}

fn residence(draft: &mut Draft, person: usize, letter: NaiveDate) {
    let grassroots = draft.tree.orgs[draft.people.persons[person].cell].grassroots;
    let reported = plus(letter, draft.rng.between(3, 10));
    let residence_cell = names::residence_cell(&mut draft.rng).to_owned();
    let number = draft.number(grassroots, "GT/ĐU");
    draft.decide(
        Stage::Admission,
        person,
        letter,
        number,
        grassroots,
        D::IntroduceToResidence(pb::IntroduceToResidence {
            residence_cell,
            reported_date: super::plan::proto_date(reported),
        }),
        "",
    );
}

fn ceremony_then_residence(draft: &mut Draft, person: usize, day: NaiveDate, letter: NaiveDate) {
    ceremony(draft, person, day);
    residence(draft, person, letter);
}

/// Committee vote, admission, ceremony and residence introduction in January 2022, before Tết.
fn finish_in_2022(draft: &mut Draft, person: usize, grassroots_cell: bool, vote: NaiveDate) {
    let cell = draft.people.persons[person].cell;
    let grassroots = draft.tree.orgs[cell].grassroots;
    let mut day = working(plus(ymd(2022, 1, 4), draft.rng.between(0, 3))).max(plus(vote, 1));
    if !grassroots_cell {
        let (body, number, details) = committee_vote(draft, grassroots);
        draft.decide(Stage::Admission, person, day, number, body, details, "");
        day = working(plus(day, 7));
    }
    let number = draft.number(0, "QĐ/ĐUK");
    draft.decide(
        Stage::Admission,
        person,
        day,
        number,
        0,
        D::Admit(pb::Admit { extended: false }),
        "",
    );
    let ceremony_day = working(plus(day, draft.rng.between(4, 7)));
    let letter = working(plus(ceremony_day, draft.rng.between(2, 4)));
    ceremony_then_residence(draft, person, ceremony_day, letter);
}
