//! The demo's persons and the members registered from earlier records: 4,934 members on
//! 31 December 2020 spread over the cells, 12 members transferred in during 2021, and 610 people
//! nominated in 2021, with the ages, genders, ethnicities and schooling of a provincial bloc.

use chrono::{Datelike as _, NaiveDate};
use dangvien_proto::v1::{self as pb, Education, Gender, MemberOrigin, MemberStatus};

use super::{
    names,
    plan::{BLOC, day_between, plus, proto_date, ymd},
    rng::Rng,
    tree::Tree,
};
use crate::domain::months::add_months;

/// Members on 31 December 2020 (DESIGN §5's `headcount_start`).
pub(crate) const HEADCOUNT_START: usize = 4934;
/// Probationary members of the 2020 intake: registered with their 2020 ceremony.
pub(crate) const INTAKE_2020: usize = 185;
/// Members who came from outside the bloc in 2021.
pub(crate) const TRANSFERRED_IN: usize = 12;
/// Persons nominated in 2021.
pub(crate) const NOMINATED: usize = 610;

/// One person.
#[derive(Clone, Debug)]
pub(crate) struct Person {
    pub(crate) id: String,
    pub(crate) full_name: String,
    pub(crate) female: bool,
    pub(crate) birth: NaiveDate,
    pub(crate) ethnicity: &'static str,
    pub(crate) religion: Option<String>,
    pub(crate) education: Education,
    pub(crate) professional_level: &'static str,
    pub(crate) youth_union: bool,
    pub(crate) trade_union: bool,
    /// Index into the tree's orgs.
    pub(crate) cell: usize,
    pub(crate) cell_since: NaiveDate,
}

/// How a registered member came to the bloc's records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Origin {
    /// Official since before 2020.
    Official,
    /// Admitted with the ceremony in 2020: probationary at the start of 2021.
    Intake2020,
    /// An official member who came from outside on this day of 2021.
    TransferIn(NaiveDate),
}

/// A registered member, with what 2021 holds for them.
#[derive(Clone, Debug)]
pub(crate) struct Member {
    pub(crate) person: usize,
    pub(crate) origin: Origin,
    pub(crate) admission: NaiveDate,
    pub(crate) ceremony: NaiveDate,
    pub(crate) official: NaiveDate,
    /// The day a RECOGNIZE makes them official (Intake2020 only).
    pub(crate) recognized_on: Option<NaiveDate>,
    /// The day they left the bloc's rolls.
    pub(crate) exit: Option<NaiveDate>,
    /// Exempted from party work (not graded).
    pub(crate) exempt: bool,
    /// Has a 2021 event (exit, exemption, recognition): not picked for another one, nor as a
    /// sponsor or mentor.
    pub(crate) busy: bool,
}

/// Every person, and the members among them.
#[derive(Debug)]
pub(crate) struct People {
    pub(crate) persons: Vec<Person>,
    pub(crate) members: Vec<Member>,
    /// Members per org index (empty for orgs that hold nobody).
    pub(crate) members_of: Vec<Vec<usize>>,
    /// The persons nominated in 2021.
    pub(crate) nominees: Vec<usize>,
}

impl People {
    /// Draws the persons, cell by cell.
    pub(crate) fn generate(rng: &mut Rng, tree: &Tree) -> People {
        let mut people = People {
            persons: Vec::new(),
            members: Vec::new(),
            members_of: vec![Vec::new(); tree.orgs.len()],
            nominees: Vec::new(),
        };
        // Cell sizes: weights, scaled to the headcount by largest remainders (here: at random).
        let weights: Vec<usize> = tree
            .cells
            .iter()
            .map(|_| rng.between(8, 26) as usize)
            .collect();
        let total: usize = weights.iter().sum();
        let mut sizes: Vec<usize> = weights
            .iter()
            .map(|w| w * HEADCOUNT_START / total)
            .collect();
        while sizes.iter().sum::<usize>() < HEADCOUNT_START {
            let i = rng.below(sizes.len());
            sizes[i] += 1;
        }
        for (cell, size) in tree.cells.iter().zip(&sizes) {
            for _ in 0..*size {
                people.add_member(rng, *cell, Origin::Official);
            }
        }
        // The 2020 intake: young members anywhere, re-dated.
        let mut young: Vec<usize> = (0..people.members.len())
            .filter(|m| age_end_2021(&people.persons[people.members[*m].person]) <= 40)
            .collect();
        rng.shuffle(&mut young);
        for (k, m) in young.into_iter().take(INTAKE_2020).enumerate() {
            // 160 with the ceremony by October (recognised in 2021), 23 in December (still
            // probationary at the end of 2021), 2 in mid-year (struck off in 2021).
            let ceremony = match k {
                0..160 => day_between(rng, ymd(2020, 1, 6), ymd(2020, 10, 30)),
                160..183 => day_between(rng, ymd(2020, 12, 1), ymd(2020, 12, 28)),
                _ => day_between(rng, ymd(2020, 5, 4), ymd(2020, 8, 28)),
            };
            let member = &mut people.members[m];
            member.origin = Origin::Intake2020;
            member.ceremony = super::plan::working(ceremony);
            member.admission = plus(member.ceremony, -rng.between(7, 25));
            member.official = add_months(member.ceremony, 12);
            let person = &mut people.persons[member.person];
            person.cell_since = person
                .cell_since
                .min(plus(member.admission, -rng.between(400, 2500)));
        }
        for _ in 0..TRANSFERRED_IN {
            let cell = tree.cells[rng.below(tree.cells.len())];
            let since = super::plan::working(day_between(rng, ymd(2021, 2, 1), ymd(2021, 11, 30)));
            people.add_member(rng, cell, Origin::TransferIn(since));
        }
        for _ in 0..NOMINATED {
            // Weighted by cell size: pick a member and take their cell.
            let m = rng.below(HEADCOUNT_START);
            let cell = people.persons[people.members[m].person].cell;
            let age = rng.between(21, 40) as i32;
            let p = people.add_person(rng, cell, age);
            // Working there before 2020, so that sponsors have known them a year.
            let person = &mut people.persons[p];
            let adult = plus(person.birth, 18 * 366);
            person.cell_since = day_between(rng, adult.max(ymd(2010, 1, 1)), ymd(2019, 12, 31));
            person.youth_union = age_end_2021(person) <= 30 && rng.chance(850);
            person.trade_union = rng.chance(800);
            if rng.chance(100) {
                person.education = Education::LowerSecondary;
            }
            people.nominees.push(p);
        }
        people
    }

    /// A new person aged `age` on 31 December 2021 in `cell`.
    fn add_person(&mut self, rng: &mut Rng, cell: usize, age: i32) -> usize {
        let female = rng.chance(450);
        let birth = plus(ymd(2021 - age, 12, 31), -rng.between(0, 364));
        let n = self.persons.len() + 1;
        self.persons.push(Person {
            id: format!("{BLOC}-P{n:05}"),
            full_name: names::full_name(rng, female),
            female,
            birth,
            ethnicity: names::ethnicity(rng, 30),
            religion: names::religion(rng, 15),
            education: if rng.chance(60) {
                Education::LowerSecondary
            } else {
                Education::UpperSecondary
            },
            professional_level: names::professional_level(rng),
            youth_union: age <= 30 && rng.chance(700),
            trade_union: rng.chance(850),
            cell,
            cell_since: ymd(2021, 1, 1),
        });
        self.persons.len() - 1
    }

    /// A new member of `cell`: an official one admitted at 19 to 35, before November 2019.
    fn add_member(&mut self, rng: &mut Rng, cell: usize, origin: Origin) {
        // Ages on 31 December 2021: 22–30 17%, 31–40 30%, 41–50 27%, 51–60 22%, 61–65 4%.
        let age = match rng.below(100) {
            0..17 => rng.between(22, 30),
            17..47 => rng.between(31, 40),
            47..74 => rng.between(41, 50),
            74..96 => rng.between(51, 60),
            _ => rng.between(61, 65),
        } as i32;
        let person = self.add_person(rng, cell, age);
        let birth = self.persons[person].birth;
        let earliest = plus(birth, 19 * 366).max(ymd(1985, 6, 1));
        let admitted_at = plus(birth, rng.between(19 * 365, 35 * 365));
        let admission = super::plan::working(admitted_at.clamp(earliest, ymd(2019, 10, 31)));
        let ceremony = super::plan::working(plus(admission, rng.between(7, 30)));
        let official = add_months(ceremony, 12);
        self.persons[person].cell_since = match origin {
            Origin::TransferIn(since) => since,
            Origin::Official | Origin::Intake2020 => admission,
        };
        self.members_of[cell].push(self.members.len());
        self.members.push(Member {
            person,
            origin,
            admission,
            ceremony,
            official,
            recognized_on: None,
            exit: None,
            exempt: false,
            busy: false,
        });
    }

    /// Full members of `cell` on `day`, counted as the server will when the vote is judged:
    /// recognitions dated after the vote are not stored yet unless `all_recognitions` (the
    /// admission decisions go after every member-life decision of their organisation).
    pub(crate) fn full_members(&self, cell: usize, day: NaiveDate, all_recognitions: bool) -> i32 {
        let count = self.members_of[cell]
            .iter()
            .map(|m| &self.members[*m])
            .filter(|m| {
                let start = match m.origin {
                    Origin::TransferIn(since) => since,
                    Origin::Official | Origin::Intake2020 => m.admission,
                };
                let official = match m.origin {
                    Origin::Official | Origin::TransferIn(_) => true,
                    Origin::Intake2020 => m
                        .recognized_on
                        .is_some_and(|r| all_recognitions || r <= day),
                };
                start <= day && m.official <= day && official && m.exit.is_none_or(|e| e > day)
            })
            .count();
        i32::try_from(count).unwrap_or(i32::MAX)
    }

    /// Official members of `cell` free of 2021 events, who can sponsor and mentor.
    pub(crate) fn steady(&self, cell: usize) -> Vec<usize> {
        self.members_of[cell]
            .iter()
            .copied()
            .filter(|m| {
                let m = &self.members[*m];
                m.origin == Origin::Official && !m.busy
            })
            .collect()
    }

    /// Create requests for every person.
    pub(crate) fn person_requests(&self, tree: &Tree) -> Vec<pb::CreatePersonRequest> {
        self.persons
            .iter()
            .map(|p| pb::CreatePersonRequest {
                person_id: p.id.clone(),
                person: Some(pb::Person {
                    full_name: p.full_name.clone(),
                    gender: if p.female {
                        Gender::Female
                    } else {
                        Gender::Male
                    }
                    .into(),
                    birth_date: proto_date(p.birth),
                    ethnicity: p.ethnicity.to_owned(),
                    religion: p.religion.clone(),
                    education: p.education.into(),
                    professional_level: p.professional_level.to_owned(),
                    youth_union: p.youth_union,
                    trade_union: p.trade_union,
                    cell: format!("organizations/{}", tree.orgs[p.cell].code),
                    cell_since: proto_date(p.cell_since),
                    ..Default::default()
                }),
                request_id: String::new(),
            })
            .collect()
    }

    /// Register requests for every member from earlier records.
    pub(crate) fn member_requests(&self) -> Vec<pb::RegisterMemberRequest> {
        self.members
            .iter()
            .map(|m| {
                let (status, origin, since) = match m.origin {
                    Origin::Official => (MemberStatus::Official, MemberOrigin::Existing, None),
                    Origin::Intake2020 => {
                        (MemberStatus::Probationary, MemberOrigin::Existing, None)
                    }
                    Origin::TransferIn(since) => (
                        MemberStatus::Official,
                        MemberOrigin::TransferIn,
                        proto_date(since),
                    ),
                };
                pb::RegisterMemberRequest {
                    person: format!("people/{}", self.persons[m.person].id),
                    admission_date: proto_date(m.admission),
                    ceremony_date: proto_date(m.ceremony),
                    official_date: if status == MemberStatus::Official {
                        proto_date(m.official)
                    } else {
                        None
                    },
                    status: status.into(),
                    origin: origin.into(),
                    since,
                    request_id: String::new(),
                }
            })
            .collect()
    }
}

/// Full years on 31 December 2021.
pub(crate) fn age_end_2021(person: &Person) -> i32 {
    let end = ymd(2021, 12, 31);
    let mut age = end.year() - person.birth.year();
    if (end.month(), end.day()) < (person.birth.month(), person.birth.day()) {
        age -= 1;
    }
    age
}
