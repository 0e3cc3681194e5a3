//! What one person adds to the figures of DESIGN §5, per organisation and year: the entries the
//! maintained aggregates are the sum of. Flows (admissions, exits, transfers, pipeline steps,
//! ratings) count in the year they happen; stocks (headcount, official members and the
//! headcount breakdown) are kept as changes, so a year's stock is the sum of every year up to it
//! and a decision dated years back moves every later year-end at once.

mod figure;
#[cfg(test)]
mod tests;
mod tree;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Days, NaiveDate};
use uuid::Uuid;

pub use figure::{AgeBand, Figure, Trait};
pub use tree::{ParentSpan, TreeHistory};

use super::{
    admission::{CaseState, DecisionKind, Details},
    ethnicity::Ethnicity,
    membership::{Exit, MemberLife},
    months::full_years_between,
    org::Sector,
    person::{Education, Gender},
};

/// The organisation every root sits under: the figures of "all roots together".
pub const ALL: Uuid = Uuid::nil();

/// The organisations a member on a day counts in: the cell, its ancestors, and [`ALL`].
pub type Chain = Vec<Uuid>;

/// The organisation tree over time, as far as the person's figures need it.
pub trait Tree {
    /// `org` and its ancestors on `day`, nearest first (the tree as it was when `org` began
    /// for a day before that, as it was when it ended for a day after).
    fn chain(&self, org: Uuid, day: NaiveDate) -> Chain;
    /// The sector of the grassroots organisation in `chain` (`Other` when there is none).
    fn sector(&self, chain: &[Uuid]) -> Sector;
    /// Every day on which the parent of some organisation the person ever sat under changed.
    fn change_days(&self) -> Vec<NaiveDate>;
}

/// The person's attributes the breakdowns count, as currently recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attributes {
    pub female: bool,
    pub ethnic_minority: bool,
    pub religious: bool,
    pub education: Option<Education>,
    pub birth_date: NaiveDate,
}

impl Attributes {
    /// The attributes the breakdowns count, from what is recorded of a person.
    pub fn new(
        gender: Gender,
        ethnicity: &Ethnicity,
        religion: Option<&str>,
        education: Education,
        birth_date: NaiveDate,
    ) -> Self {
        Self {
            female: gender == Gender::Female,
            ethnic_minority: !ethnicity.is_kinh(),
            religious: religion.is_some(),
            education: Some(education),
            birth_date,
        }
    }
}

/// One non-revoked decision, as the replay met it.
#[derive(Clone, Debug)]
pub struct Step<'a> {
    pub date: NaiveDate,
    /// The person's cell on the decision's date.
    pub cell: Uuid,
    pub details: &'a Details,
    /// The state of the open case just before it (none outside a case).
    pub case_before: Option<CaseState>,
}

/// Everything about a person the figures depend on.
#[derive(Clone, Debug)]
pub struct Facts<'a> {
    pub attributes: Attributes,
    /// Non-revoked decisions other than revocations, in replay order.
    pub steps: Vec<Step<'a>>,
    /// The membership as the decisions leave it.
    pub member: Option<MemberLife>,
    /// The day each of the person's cells began, oldest first.
    pub cells: Vec<(NaiveDate, Uuid)>,
    /// The deadline of the residence introduction, for members admitted here.
    pub residence_due: Option<NaiveDate>,
}

/// Signed counts per (organisation, year, figure); zero entries are never kept.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally(BTreeMap<(Uuid, i32, Figure), i64>);

impl Tally {
    /// Adds `delta` to `figure` of `year` in every organisation of `chain`.
    fn add(&mut self, chain: &[Uuid], year: i32, figure: Figure, delta: i64) {
        for org in chain {
            self.add_entry(*org, year, figure, delta);
        }
    }

    /// Adds `delta` to one entry.
    pub fn add_entry(&mut self, org: Uuid, year: i32, figure: Figure, delta: i64) {
        let entry = self.0.entry((org, year, figure)).or_default();
        *entry += delta;
        if *entry == 0 {
            self.0.remove(&(org, year, figure));
        }
    }

    /// Adds every entry of `other` times `sign`.
    pub fn merge(&mut self, other: &Tally, sign: i64) {
        for ((org, year, figure), n) in &other.0 {
            self.add_entry(*org, *year, *figure, n * sign);
        }
    }

    /// The count of one entry (0 when absent).
    pub fn get(&self, org: Uuid, year: i32, figure: Figure) -> i64 {
        self.0.get(&(org, year, figure)).copied().unwrap_or(0)
    }

    /// The non-zero entries, in key order.
    pub fn entries(&self) -> impl Iterator<Item = (Uuid, i32, Figure, i64)> + '_ {
        self.0.iter().map(|((o, y, f), n)| (*o, *y, *f, *n))
    }
}

/// The entries a person adds to the figures.
pub fn contributions(facts: &Facts<'_>, tree: &impl Tree) -> Tally {
    let mut tally = Tally::default();
    let placed = |cell: Uuid, day: NaiveDate| {
        let mut chain = tree.chain(cell, day);
        chain.push(ALL);
        chain
    };
    for step in &facts.steps {
        let chain = placed(step.cell, step.date);
        if let Some(figure) = step_figure(step, facts.member.as_ref()) {
            let year = if let Details::Rate { year, .. } = step.details {
                *year
            } else {
                step.date.year()
            };
            tally.add(&chain, year, figure, 1);
        }
    }
    if let Some(life) = &facts.member {
        Membership {
            facts,
            life,
            tree,
            placed: &placed,
        }
        .add_to(&mut tally);
    }
    tally
}

/// The flow figure one decision counts for, if any; admissions and exits count with the
/// membership they begin or end.
fn step_figure(step: &Step<'_>, life: Option<&MemberLife>) -> Option<Figure> {
    let details = step.details;
    if let Details::Rate { grade, .. } = details {
        return Some(Figure::Rated(*grade));
    }
    if let Details::RecordCourse { .. } = details {
        return (step.case_before == Some(CaseState::Sympathizer))
            .then_some(Figure::CoursesCompleted);
    }
    if let Details::StrikeOff = details {
        return life
            .is_some_and(|l| !l.official_on(step.date))
            .then_some(Figure::StruckOffProbationary);
    }
    [
        (DecisionKind::Nominate, Figure::Nominated),
        (
            DecisionKind::RecognizeSympathizer,
            Figure::SympathizersRecognized,
        ),
        (DecisionKind::RecordCellVote, Figure::CellApproved),
        (DecisionKind::HoldCeremony, Figure::CeremoniesHeld),
        (DecisionKind::Recognize, Figure::RecognizedOfficial),
    ]
    .into_iter()
    .find(|(kind, _)| *kind == details.kind())
    .map(|(_, figure)| figure)
}

/// The figures of a membership: its start and end, the moves between, the year-end stocks.
struct Membership<'a, 'f, T, P> {
    facts: &'a Facts<'f>,
    life: &'a MemberLife,
    tree: &'a T,
    placed: &'a P,
}

impl<T: Tree, P: Fn(Uuid, NaiveDate) -> Chain> Membership<'_, '_, T, P> {
    fn add_to(&self, tally: &mut Tally) {
        let start = self.life.member.since;
        let end = self.life.exit.map(|(_, day)| day);
        let attrs = &self.facts.attributes;

        let first = self.chain_on(start);
        if self.life.member.origin == super::member::MemberOrigin::TransferIn {
            tally.add(&first, start.year(), Figure::TransferredIn, 1);
        } else {
            let year = start.year();
            tally.add(&first, year, Figure::Admitted, 1);
            let age = full_years_between(attrs.birth_date, start);
            for t in self.traits(age, &first) {
                tally.add(&first, year, Figure::AdmittedBy(t), 1);
            }
        }
        self.residence(tally, &first);

        // Moves: a transfer on the day is a transfer; anything else a restructuring.
        for day in self.change_days(start, end) {
            let Some(before_day) = day.pred_opt() else {
                continue;
            };
            let (before, after) = (self.chain_on(before_day), self.chain_on(day));
            if before == after {
                continue;
            }
            // Coming from nowhere is the first day of a member registered from before their
            // recorded cells: the organisations they enter took them over (DESIGN §5).
            let transfer = !before.is_empty()
                && self
                    .facts
                    .steps
                    .iter()
                    .any(|s| s.date == day && s.details.moves_member_to().is_some());
            let (out, into) = if transfer {
                (Figure::TransferredOut, Figure::TransferredIn)
            } else {
                (Figure::ReorganizedOut, Figure::ReorganizedIn)
            };
            let left: Chain = before
                .iter()
                .filter(|o| !after.contains(o))
                .copied()
                .collect();
            let came: Chain = after
                .iter()
                .filter(|o| !before.contains(o))
                .copied()
                .collect();
            tally.add(&left, day.year(), out, 1);
            tally.add(&came, day.year(), into, 1);
        }

        if let Some((exit, day)) = self.life.exit {
            tally.add(&self.chain_on(day), day.year(), exit_figure(exit), 1);
        }

        // Year-end stocks, kept as changes from one year-end to the next.
        let last_year = self.last_change_year(start, end);
        let mut previous = Tally::default();
        for year in start.year()..=last_year {
            let Some(day) = NaiveDate::from_ymd_opt(year, 12, 31) else {
                continue;
            };
            let mut now = Tally::default();
            if start <= day && end.is_none_or(|e| day < e) {
                let chain = self.chain_on(day);
                now.add(&chain, year, Figure::Headcount, 1);
                if self.life.official_on(day) {
                    now.add(&chain, year, Figure::Official, 1);
                }
                for t in self.traits(full_years_between(attrs.birth_date, day), &chain) {
                    now.add(&chain, year, Figure::HeadcountBy(t), 1);
                }
            }
            // `now` and `previous` are keyed by their own years: compare by figure only.
            let mut change = Tally::default();
            for (org, _, figure, n) in now.entries() {
                change.add_entry(org, year, figure, n);
            }
            for (org, _, figure, n) in previous.entries() {
                change.add_entry(org, year, figure, -n);
            }
            tally.merge(&change, 1);
            previous = now;
        }
    }

    /// Residence introductions of a member admitted here, in the organisations of the admission.
    fn residence(&self, tally: &mut Tally, chain: &[Uuid]) {
        let Some(due) = self.facts.residence_due else {
            return;
        };
        let year = due.year();
        tally.add(chain, year, Figure::ResidenceDue, 1);
        let figure = match self.life.residence_introduction {
            Some(day) if day <= due => Figure::ResidenceOnTime,
            Some(day) if day.year() <= year => Figure::ResidenceLate,
            Some(_) | None => Figure::ResidencePending,
        };
        tally.add(chain, year, figure, 1);
    }

    /// Where the member counts on `day`: their cell that day, its ancestors, and [`ALL`]; nowhere
    /// before their first recorded cell (a member registered as admitted before the tree began).
    fn chain_on(&self, day: NaiveDate) -> Chain {
        self.facts
            .cells
            .iter()
            .rev()
            .find(|(from, _)| *from <= day)
            .map_or_else(Chain::new, |(_, cell)| (self.placed)(*cell, day))
    }

    /// Every day after the start, up to and including the exit, on which the member's place
    /// may change.
    fn change_days(&self, start: NaiveDate, end: Option<NaiveDate>) -> BTreeSet<NaiveDate> {
        let cell_days = self.facts.cells.iter().map(|(from, _)| *from);
        cell_days
            .chain(self.tree.change_days())
            .filter(|day| start < *day && end.is_none_or(|e| *day <= e))
            .collect()
    }

    /// The last year whose year-end stock can differ from the one before.
    fn last_change_year(&self, start: NaiveDate, end: Option<NaiveDate>) -> i32 {
        let birth = self.facts.attributes.birth_date.year();
        [
            Some(start.year()),
            end.map(|e| e.year()),
            self.life.member.official_date.map(|d| d.year()),
            Some(birth + AgeBand::LAST_CHANGE_AGE),
        ]
        .into_iter()
        .flatten()
        .chain(self.change_days(start, end).iter().map(|d| d.year()))
        .max()
        .unwrap_or(start.year())
    }

    /// The breakdown traits of the member at `age`, placed in `chain`.
    fn traits(&self, age: i64, chain: &[Uuid]) -> Vec<Trait> {
        let a = &self.facts.attributes;
        let mut traits = vec![
            Trait::Age(AgeBand::of(age)),
            Trait::Sector(self.tree.sector(chain)),
        ];
        traits.extend(a.female.then_some(Trait::Women));
        traits.extend(a.ethnic_minority.then_some(Trait::EthnicMinority));
        traits.extend(a.religious.then_some(Trait::Religious));
        traits.extend(a.education.map(Trait::Education));
        traits
    }
}

fn exit_figure(exit: Exit) -> Figure {
    match exit {
        Exit::StruckOff => Figure::StruckOff,
        Exit::Expelled => Figure::Expelled,
        Exit::Resigned => Figure::Resigned,
        Exit::Deceased => Figure::Deceased,
        Exit::TransferredOut => Figure::TransferredOut,
    }
}

/// The day after `day` (for interval ends), saturating.
pub fn next_day(day: NaiveDate) -> NaiveDate {
    day.checked_add_days(Days::new(1)).unwrap_or(day)
}
