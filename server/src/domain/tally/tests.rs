use chrono::NaiveDate;
use uuid::Uuid;

use super::{
    ALL, AgeBand, Attributes, Facts, Figure, ParentSpan, Tally, Trait, TreeHistory, contributions,
};
use crate::domain::{
    member::{Member, MemberOrigin},
    membership::{Exit, MemberLife},
    org::{OrgKind, Sector},
    person::Education,
};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn org(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// Bloc 1 ⊃ grassroots 2 ⊃ cell 3; bloc 4 ⊃ grassroots 5 ⊃ cell 6; grassroots 2 moves under
/// bloc 4 on 2023-01-01.
fn tree() -> TreeHistory {
    let mut t = TreeHistory::default();
    let open = |from: &str, parent: Option<Uuid>| ParentSpan {
        from: day(from),
        to: None,
        parent,
    };
    t.add_parent(org(1), open("2015-01-01", None));
    t.add_parent(org(4), open("2015-01-01", None));
    t.add_parent(
        org(2),
        ParentSpan {
            from: day("2015-01-01"),
            to: Some(day("2022-12-31")),
            parent: Some(org(1)),
        },
    );
    t.add_parent(org(2), open("2023-01-01", Some(org(4))));
    t.add_parent(org(3), open("2015-01-01", Some(org(2))));
    t.add_parent(org(5), open("2015-01-01", Some(org(4))));
    t.add_parent(org(6), open("2015-01-01", Some(org(5))));
    t.add_org(
        org(2),
        OrgKind::GrassrootsCommittee,
        Sector::StateEnterprise,
    );
    t.add_org(org(5), OrgKind::GrassrootsCommittee, Sector::Other);
    t
}

fn registered(since: &str, exit: Option<(Exit, &str)>) -> MemberLife {
    let mut life = MemberLife::new(Member {
        origin: MemberOrigin::Existing,
        since: day(since),
        admission_date: day(since),
        ceremony_date: Some(day(since)),
        official_date: Some(day("2016-06-01")),
        recognized: true,
    });
    life.exit = exit.map(|(e, d)| (e, day(d)));
    life
}

fn facts(life: MemberLife, born: &str) -> Facts<'static> {
    Facts {
        attributes: Attributes {
            female: true,
            ethnic_minority: false,
            religious: false,
            education: Some(Education::UpperSecondary),
            birth_date: day(born),
        },
        steps: Vec::new(),
        member: Some(life),
        cells: vec![(day("2015-06-01"), org(3))],
        residence_due: None,
    }
}

/// The stock of `figure` on 31 December of `year` in `org`.
fn stock(t: &Tally, org: Uuid, year: i32, figure: Figure) -> i64 {
    t.entries()
        .filter(|(o, y, f, _)| *o == org && *y <= year && *f == figure)
        .map(|(.., n)| n)
        .sum()
}

fn flow(t: &Tally, org: Uuid, year: i32, figure: Figure) -> i64 {
    t.get(org, year, figure)
}

#[test]
fn a_member_counts_in_every_ancestor_until_they_leave() {
    let t = contributions(
        &facts(
            registered("2015-06-01", Some((Exit::Deceased, "2021-04-01"))),
            "1970-01-01",
        ),
        &tree(),
    );
    for o in [org(3), org(2), org(1), ALL] {
        assert_eq!(stock(&t, o, 2020, Figure::Headcount), 1);
        assert_eq!(stock(&t, o, 2021, Figure::Headcount), 0);
        assert_eq!(flow(&t, o, 2021, Figure::Deceased), 1);
        assert_eq!(flow(&t, o, 2015, Figure::Admitted), 1);
    }
    assert_eq!(stock(&t, org(4), 2020, Figure::Headcount), 0);
}

#[test]
fn a_move_of_the_grassroots_is_a_reorganisation_across_the_blocs_only() {
    let t = contributions(
        &facts(registered("2015-06-01", None), "1970-01-01"),
        &tree(),
    );
    assert_eq!(flow(&t, org(1), 2023, Figure::ReorganizedOut), 1);
    assert_eq!(flow(&t, org(4), 2023, Figure::ReorganizedIn), 1);
    for o in [org(2), org(3), ALL] {
        assert_eq!(flow(&t, o, 2023, Figure::ReorganizedIn), 0);
        assert_eq!(flow(&t, o, 2023, Figure::ReorganizedOut), 0);
        assert_eq!(stock(&t, o, 2030, Figure::Headcount), 1);
    }
    assert_eq!(stock(&t, org(1), 2023, Figure::Headcount), 0);
    assert_eq!(stock(&t, org(4), 2023, Figure::Headcount), 1);
}

#[test]
fn age_bands_follow_the_years_and_every_stock_reconciles_with_the_flows() {
    let t = contributions(
        &facts(registered("2015-06-01", None), "1985-03-01"),
        &tree(),
    );
    let band = |year| {
        AgeBand::ALL
            .into_iter()
            .find(|b| stock(&t, org(3), year, Figure::HeadcountBy(Trait::Age(*b))) == 1)
    };
    // 30 on 31 December 2015, 31 in 2016, 41 in 2026, 61 in 2046.
    assert_eq!(band(2015), Some(AgeBand::UpTo30));
    assert_eq!(band(2016), Some(AgeBand::From31To40));
    assert_eq!(band(2026), Some(AgeBand::From41To50));
    assert_eq!(band(2046), Some(AgeBand::Over60));
    assert_eq!(band(2080), Some(AgeBand::Over60));
    // The sector is the grassroots organisation's of the day.
    let sector = |year, s| stock(&t, ALL, year, Figure::HeadcountBy(Trait::Sector(s)));
    assert_eq!(sector(2022, Sector::StateEnterprise), 1);
    // Stock changes equal gains minus losses, in every organisation and year.
    let gains = [
        Figure::Admitted,
        Figure::TransferredIn,
        Figure::ReorganizedIn,
    ];
    let losses = [
        Figure::TransferredOut,
        Figure::ReorganizedOut,
        Figure::Deceased,
    ];
    for o in [org(1), org(2), org(3), org(4), ALL] {
        for year in 2015..2050 {
            let change = flow(&t, o, year, Figure::Headcount);
            let net: i64 = gains.iter().map(|f| flow(&t, o, year, *f)).sum::<i64>()
                - losses.iter().map(|f| flow(&t, o, year, *f)).sum::<i64>();
            assert_eq!(change, net, "{o} {year}");
        }
    }
}

#[test]
fn a_member_admitted_before_the_tree_counts_nowhere_until_their_first_cell_then_is_carried_in() {
    // Admitted in 1990; the records place them in cell 3 only from 2015-06-01.
    let life = MemberLife::new(Member {
        official_date: Some(day("1991-06-01")),
        ..registered("1990-05-19", None).member
    });
    let t = contributions(&facts(life, "1965-01-01"), &tree());
    for o in [org(3), org(2), org(1), ALL] {
        // No admission where no cell was recorded, and no stock before the first cell.
        assert_eq!(flow(&t, o, 1990, Figure::Admitted), 0, "{o}");
        assert_eq!(stock(&t, o, 2014, Figure::Headcount), 0, "{o}");
        assert_eq!(stock(&t, o, 2014, Figure::Official), 0, "{o}");
        // Carried into every organisation of the chain, all roots included, on that day.
        assert_eq!(flow(&t, o, 2015, Figure::ReorganizedIn), 1, "{o}");
        assert_eq!(flow(&t, o, 2015, Figure::TransferredIn), 0, "{o}");
        assert_eq!(stock(&t, o, 2015, Figure::Headcount), 1, "{o}");
        assert_eq!(stock(&t, o, 2015, Figure::Official), 1, "{o}");
    }
    // No year before the cells changes any figure, and every year reconciles.
    assert!(t.entries().all(|(_, year, ..)| year >= 2015));
    for o in [org(1), org(2), org(3), org(4), ALL] {
        for year in 2015..2050 {
            let change = flow(&t, o, year, Figure::Headcount);
            let net = flow(&t, o, year, Figure::ReorganizedIn)
                - flow(&t, o, year, Figure::ReorganizedOut);
            assert_eq!(change, net, "{o} {year}");
        }
    }
}
