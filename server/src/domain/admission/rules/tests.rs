//! Every eligibility rule at its boundaries, as DESIGN §4 counts them.

use chrono::NaiveDate;

use super::*;
use crate::domain::{admission::CaseState, rulebook::Rulebooks};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn book() -> &'static Rulebook {
    Rulebooks::shipped().on(d("2022-01-24"))
}

fn person(birth: &str) -> PersonFacts {
    PersonFacts {
        birth_date: d(birth),
        education: Education::UpperSecondary,
        hardship_exception: false,
        youth_union: false,
        trade_union: false,
    }
}

fn introduced_case(certificate: &str, introductions: &str) -> Case {
    Case {
        state: CaseState::Introduced,
        opened_on: d("2019-01-01"),
        last_date: d(introductions),
        latest_certificate: Some(d(certificate)),
        latest_introductions: Some(d(introductions)),
        cell_vote: None,
        closed_on: None,
        first_decision: 0,
    }
}

fn reasons(broken: &[Broken]) -> Vec<Reason> {
    broken.iter().map(|b| b.reason).collect()
}

/// A cell vote on `vote` by 14 of 20, for a person born on `birth`, with a fresh dossier.
fn vote_at(birth: &str, vote: &str, consent: bool) -> Vec<Reason> {
    let case = introduced_case("2021-06-01", "2021-12-01");
    reasons(&cell_vote(
        book(),
        &person(birth),
        &case,
        d(vote),
        14,
        20,
        consent,
    ))
}

#[test]
fn age_counts_full_months_at_the_cell_vote() {
    // The day before the 18th birthday: 215 full months.
    assert_eq!(
        vote_at("2004-01-25", "2022-01-24", false),
        [Reason::AgeOutOfRange]
    );
    // The birthday itself: 216.
    assert_eq!(vote_at("2004-01-24", "2022-01-24", false), []);
    // 720 full months is still within 60.
    assert_eq!(vote_at("1962-01-24", "2022-01-24", false), []);
    // 721 needs the provincial standing committee's consent.
    assert_eq!(
        vote_at("1961-12-24", "2022-01-24", false),
        [Reason::AgeOutOfRange]
    );
    assert_eq!(vote_at("1961-12-24", "2022-01-24", true), []);
}

#[test]
fn primary_education_needs_the_hardship_exception() {
    let case = introduced_case("2021-06-01", "2021-12-01");
    let mut p = person("1990-01-01");
    p.education = Education::Primary;
    let broken = cell_vote(book(), &p, &case, d("2022-01-24"), 14, 20, false);
    assert_eq!(reasons(&broken), [Reason::EducationTooLow]);
    p.hardship_exception = true;
    assert!(cell_vote(book(), &p, &case, d("2022-01-24"), 14, 20, false).is_empty());
    p.education = Education::LowerSecondary;
    p.hardship_exception = false;
    assert!(cell_vote(book(), &p, &case, d("2022-01-24"), 14, 20, false).is_empty());
}

#[test]
fn a_certificate_counts_for_sixty_months() {
    let p = person("1990-01-01");
    // Exactly 60 months old at the vote: accepted.
    let case = introduced_case("2017-01-24", "2021-12-01");
    assert!(cell_vote(book(), &p, &case, d("2022-01-24"), 14, 20, false).is_empty());
    // A day older: refused.
    let case = introduced_case("2017-01-23", "2021-12-01");
    let broken = cell_vote(book(), &p, &case, d("2022-01-24"), 14, 20, false);
    assert_eq!(reasons(&broken), [Reason::CourseExpired]);
}

#[test]
fn the_cell_vote_needs_two_thirds_of_its_full_members() {
    let p = person("1990-01-01");
    let case = introduced_case("2021-06-01", "2021-12-01");
    let broken = cell_vote(book(), &p, &case, d("2022-01-24"), 13, 20, false);
    assert_eq!(reasons(&broken), [Reason::CellVoteBelowTwoThirds]);
    assert_eq!(
        broken[0].msg.vi,
        "Cần ít nhất 14/20 đảng viên chính thức tán thành (2/3), mới có 13"
    );
    assert!(cell_vote(book(), &p, &case, d("2022-01-24"), 14, 20, false).is_empty());
    assert_eq!(
        [two_thirds(3), two_thirds(6), two_thirds(7), two_thirds(20)],
        [2, 4, 5, 14]
    );
}

#[test]
fn the_committee_vote_needs_two_thirds_of_the_committee() {
    assert_eq!(
        reasons(&committee_vote(4, 7)),
        [Reason::CommitteeVoteBelowTwoThirds]
    );
    assert!(committee_vote(5, 7).is_empty());
}

#[test]
fn a_dossier_is_stale_twelve_months_after_the_introductions() {
    let p = person("1990-01-01");
    let case = introduced_case("2021-06-01", "2021-01-24");
    assert!(cell_vote(book(), &p, &case, d("2022-01-24"), 14, 20, false).is_empty());
    let case = introduced_case("2021-06-01", "2021-01-23");
    let broken = cell_vote(book(), &p, &case, d("2022-01-24"), 14, 20, false);
    assert_eq!(reasons(&broken), [Reason::DossierStale]);
}

#[test]
fn every_broken_rule_is_listed_in_the_table_order() {
    let mut p = person("2005-01-01");
    p.education = Education::Primary;
    let case = introduced_case("2015-01-01", "2020-01-01");
    let broken = cell_vote(book(), &p, &case, d("2022-01-24"), 1, 20, false);
    assert_eq!(
        reasons(&broken),
        [
            Reason::AgeOutOfRange,
            Reason::EducationTooLow,
            Reason::CourseExpired,
            Reason::CellVoteBelowTwoThirds,
            Reason::DossierStale,
        ]
    );
}

fn sponsor(id: &str, known_since: &str) -> SponsorFacts {
    SponsorFacts {
        person: ExternalId::parse("s", id).unwrap(),
        known_since: d(known_since),
        official: true,
        same_grassroots: true,
    }
}

fn intro(
    p: &PersonFacts,
    sponsors: &[SponsorFacts],
    union: Option<UnionResolution>,
) -> Vec<Reason> {
    reasons(&introductions(book(), p, d("2022-01-24"), sponsors, union))
}

#[test]
fn two_sponsors_who_have_known_the_person_for_twelve_months() {
    let p = person("1985-01-01");
    assert_eq!(
        intro(
            &p,
            &[sponsor("A", "2021-01-24"), sponsor("B", "2015-01-01")],
            None
        ),
        []
    );
    // Twelve months less a day.
    assert_eq!(
        intro(
            &p,
            &[sponsor("A", "2021-01-25"), sponsor("B", "2015-01-01")],
            None
        ),
        [Reason::SponsorTooRecent]
    );
    assert_eq!(
        intro(&p, &[sponsor("A", "2015-01-01")], None),
        [Reason::SponsorCount]
    );
    let mut probationary = sponsor("A", "2015-01-01");
    probationary.official = false;
    assert_eq!(
        intro(&p, &[probationary, sponsor("B", "2015-01-01")], None),
        [Reason::SponsorNotOfficial]
    );
    let mut elsewhere = sponsor("A", "2015-01-01");
    elsewhere.same_grassroots = false;
    assert_eq!(
        intro(&p, &[elsewhere, sponsor("B", "2015-01-01")], None),
        [Reason::SponsorNotInOrganization]
    );
}

#[test]
fn a_union_resolution_replaces_one_sponsor() {
    let mut youth = person("1996-04-12");
    youth.youth_union = true;
    // A Youth Union member aged 30 or under needs the Youth Union's resolution, even with two sponsors.
    assert_eq!(
        intro(
            &youth,
            &[sponsor("A", "2015-01-01"), sponsor("B", "2015-01-01")],
            None
        ),
        [Reason::YouthUnionResolutionRequired]
    );
    assert_eq!(
        intro(
            &youth,
            &[sponsor("A", "2015-01-01")],
            Some(UnionResolution::YouthUnion)
        ),
        []
    );
    // The trade union's resolution does not replace the Youth Union's.
    let mut both = youth.clone();
    both.trade_union = true;
    assert_eq!(
        intro(
            &both,
            &[sponsor("A", "2015-01-01")],
            Some(UnionResolution::TradeUnion)
        ),
        [Reason::YouthUnionResolutionRequired]
    );
    // Over 30, a Youth Union member may have two sponsors.
    let mut older = person("1985-01-01");
    older.youth_union = true;
    assert_eq!(
        intro(
            &older,
            &[sponsor("A", "2015-01-01"), sponsor("B", "2015-01-01")],
            None
        ),
        []
    );
    // A trade union member: one sponsor and the trade union's resolution.
    let mut worker = person("1985-01-01");
    worker.trade_union = true;
    assert_eq!(
        intro(
            &worker,
            &[sponsor("A", "2015-01-01")],
            Some(UnionResolution::TradeUnion)
        ),
        []
    );
    // A resolution of a union the person is not in.
    let outsider = person("1985-01-01");
    assert_eq!(
        intro(
            &outsider,
            &[sponsor("A", "2015-01-01")],
            Some(UnionResolution::TradeUnion)
        ),
        [Reason::UnionResolutionNotAllowed]
    );
    // One sponsor and no resolution.
    assert_eq!(
        intro(&worker, &[sponsor("A", "2015-01-01")], None),
        [Reason::SponsorCount]
    );
}

#[test]
fn the_youth_union_age_is_counted_in_full_years() {
    let mut p = person("1991-01-25");
    p.youth_union = true;
    // 30 full years on 2022-01-24 (31 the next day): the resolution is still required.
    assert_eq!(
        intro(
            &p,
            &[sponsor("A", "2015-01-01"), sponsor("B", "2015-01-01")],
            None
        ),
        [Reason::YouthUnionResolutionRequired]
    );
    let mut p = person("1991-01-24");
    p.youth_union = true;
    assert_eq!(
        intro(
            &p,
            &[sponsor("A", "2015-01-01"), sponsor("B", "2015-01-01")],
            None
        ),
        []
    );
}
