//! DESIGN §3's member table, row by row, and the deadlines of §4.

use super::*;
use crate::domain::{
    calendar::Calendar,
    member::{self, Registration},
    rulebook::Rulebooks,
};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A member admitted on 2021-03-01 with the ceremony on 2021-03-15 (official from 2022-03-15).
fn probationary() -> MemberLife {
    let mut life = MemberLife::new(member::admitted(d("2021-03-01")));
    life.apply(&Details::HoldCeremony, d("2021-03-15")).unwrap();
    life
}

fn official() -> MemberLife {
    let mut life = probationary();
    life.apply(&vote(), d("2022-03-15")).unwrap();
    life.apply(&Details::Recognize { extended: false }, d("2022-04-01"))
        .unwrap();
    life
}

fn vote() -> Details {
    Details::RecordRecognitionVote {
        votes_for: 9,
        votes_against: 0,
        full_members: 10,
    }
}

fn rate(year: i32, grade: Grade) -> Details {
    Details::Rate {
        year,
        grade,
        score: None,
    }
}

fn reason(r: Result<()>) -> Reason {
    r.unwrap_err().reason()
}

#[test]
fn the_ceremony_starts_a_twelve_month_probation_and_comes_once() {
    let life = probationary();
    assert_eq!(life.member.ceremony_date, Some(d("2021-03-15")));
    assert_eq!(life.member.official_date, Some(d("2022-03-15")));
    let mut again = life.clone();
    assert_eq!(
        reason(again.apply(&Details::HoldCeremony, d("2021-04-01"))),
        Reason::IllegalTransition
    );
    assert_eq!(again, life, "a refusal changed the member");
    // A registered member had their ceremony before the records.
    let registered = Registration::new(
        d("2009-05-19"),
        None,
        Some(d("2010-06-01")),
        true,
        MemberOrigin::Existing,
        None,
    )
    .unwrap();
    let mut registered = MemberLife::new(registered.member());
    assert_eq!(
        reason(registered.apply(&Details::HoldCeremony, d("2021-04-01"))),
        Reason::IllegalTransition
    );
}

#[test]
fn recognition_waits_for_probation_and_a_vote_and_dates_back_to_its_end() {
    let mut life = probationary();
    assert_eq!(
        reason(life.apply(&vote(), d("2022-03-14"))),
        Reason::ProbationNotEnded
    );
    assert_eq!(
        reason(life.apply(&Details::Recognize { extended: false }, d("2022-03-20"))),
        Reason::IllegalTransition,
        "no vote yet"
    );
    life.apply(&vote(), d("2022-03-15")).unwrap();
    // Decided late: official from ceremony + 12 months all the same.
    life.apply(&Details::Recognize { extended: false }, d("2022-05-20"))
        .unwrap();
    assert!(life.official_on(d("2022-03-15")));
    assert!(!life.official_on(d("2022-03-14")));
    assert_eq!(
        reason(life.apply(&vote(), d("2022-06-01"))),
        Reason::IllegalTransition,
        "already official"
    );
    // No ceremony, no recognition vote.
    let mut admitted = MemberLife::new(member::admitted(d("2021-03-01")));
    assert_eq!(
        reason(admitted.apply(&vote(), d("2023-01-01"))),
        Reason::IllegalTransition
    );
}

#[test]
fn exits_end_everything_but_a_revocation() {
    for (details, exit) in [
        (Details::StrikeOff, Exit::StruckOff),
        (Details::AcceptResignation, Exit::Resigned),
        (Details::RecordDeath, Exit::Deceased),
        (
            Details::Transfer {
                transfer_kind: TransferKind::Permanent,
                to_org: None,
                until: None,
            },
            Exit::TransferredOut,
        ),
    ] {
        let mut life = probationary();
        life.apply(&details, d("2021-06-01")).unwrap();
        assert_eq!(life.exit, Some((exit, d("2021-06-01"))));
        assert!(life.member_on(d("2021-05-31")));
        assert!(!life.member_on(d("2021-06-01")));
        for next in [
            Details::HoldCeremony,
            Details::StrikeOff,
            vote(),
            rate(2021, Grade::Good),
        ] {
            assert_eq!(
                reason(life.apply(&next, d("2021-07-01"))),
                Reason::IllegalTransition,
                "{next:?} after {exit:?}"
            );
        }
    }
}

#[test]
fn expulsion_removal_from_post_and_the_card_are_for_full_members() {
    let mut life = probationary();
    assert_eq!(
        reason(life.apply(&Details::Expel, d("2021-06-01"))),
        Reason::IllegalTransition
    );
    let removal = Details::Discipline {
        measure: Measure::RemovalFromPost,
    };
    assert_eq!(
        reason(life.apply(&removal, d("2021-06-01"))),
        Reason::IllegalTransition
    );
    let card = Details::IssueCard {
        card_number: "0123456".to_owned(),
    };
    assert_eq!(
        reason(life.apply(&card, d("2021-06-01"))),
        Reason::IllegalTransition
    );
    life.apply(
        &Details::Discipline {
            measure: Measure::Reprimand,
        },
        d("2021-06-01"),
    )
    .unwrap();
    let mut full = official();
    full.apply(&card, d("2022-05-01")).unwrap();
    assert_eq!(full.card, Some(("0123456".to_owned(), d("2022-05-01"))));
    full.apply(&removal, d("2022-06-01")).unwrap();
    full.apply(&Details::Expel, d("2022-07-01")).unwrap();
    assert_eq!(full.exit, Some((Exit::Expelled, d("2022-07-01"))));
}

#[test]
fn grading_skips_the_exempt_and_suspended_and_comes_once_a_year() {
    let mut life = official();
    life.apply(
        &Details::Exempt {
            until: Some(d("2022-12-30")),
        },
        d("2022-06-01"),
    )
    .unwrap();
    life.apply(&rate(2022, Grade::Good), d("2022-12-31"))
        .unwrap();
    assert_eq!(
        reason(life.apply(&rate(2022, Grade::Excellent), d("2023-01-05"))),
        Reason::AlreadyRated
    );
    life.apply(&Details::Suspend { until: None }, d("2023-03-01"))
        .unwrap();
    assert_eq!(
        reason(life.apply(&rate(2023, Grade::Good), d("2023-12-31"))),
        Reason::NotGradable
    );
    let mut exempt = official();
    exempt
        .apply(
            &Details::Exempt {
                until: Some(d("2022-12-31")),
            },
            d("2022-06-01"),
        )
        .unwrap();
    assert_eq!(
        reason(exempt.apply(&rate(2022, Grade::Good), d("2022-12-31"))),
        Reason::NotGradable
    );
    // Not yet a member on 31 December of the year graded.
    assert_eq!(
        reason(official().apply(&rate(2020, Grade::Good), d("2022-06-01"))),
        Reason::NotGradable
    );
    assert_eq!(
        official().ratings.get(&2022),
        None,
        "a refusal recorded a grade"
    );
}

#[test]
fn no_exemption_or_suspension_covers_the_end_of_a_year_already_graded() {
    let mut life = official();
    life.apply(&rate(2022, Grade::Good), d("2022-12-10"))
        .unwrap();
    let suspend = |until: Option<&str>| Details::Suspend {
        until: until.map(d),
    };
    assert_eq!(
        reason(life.apply(&suspend(None), d("2022-12-20"))),
        Reason::IllegalTransition
    );
    assert_eq!(
        reason(life.apply(
            &Details::Exempt {
                until: Some(d("2023-01-31"))
            },
            d("2022-12-20")
        )),
        Reason::IllegalTransition
    );
    // Ending before 31 December, or starting after it, leaves the grade standing.
    life.apply(&suspend(Some("2022-12-30")), d("2022-12-20"))
        .unwrap();
    life.apply(&suspend(None), d("2023-01-02")).unwrap();
}

#[test]
fn dates_never_go_backwards_along_a_member() {
    let mut life = official();
    assert_eq!(
        reason(life.apply(&Details::StrikeOff, d("2022-03-31"))),
        Reason::DateBeforePreviousStep
    );
    // The wrong state is named before the date.
    assert_eq!(
        reason(life.apply(&Details::HoldCeremony, d("2020-01-01"))),
        Reason::IllegalTransition
    );
    let mut admitted = MemberLife::new(member::admitted(d("2021-03-01")));
    assert_eq!(
        reason(admitted.apply(&Details::HoldCeremony, d("2021-02-28"))),
        Reason::DateBeforePreviousStep
    );
}

#[test]
fn temporary_transfers_exemptions_and_suspensions_are_dated_spans() {
    let mut life = official();
    life.apply(
        &Details::Transfer {
            transfer_kind: TransferKind::Temporary,
            to_org: None,
            until: Some(d("2022-12-31")),
        },
        d("2022-06-01"),
    )
    .unwrap();
    assert!(life.temporary_on(d("2022-06-01")).is_some());
    assert!(life.temporary_on(d("2023-01-01")).is_none());
    assert!(life.exit.is_none(), "a temporary transfer is no exit");
}

#[test]
fn deadlines_count_working_days_and_calendar_days() {
    let books = Rulebooks::shipped();
    let calendar = Calendar::vietnam();
    let admitted = MemberLife::new(member::admitted(d("2021-03-01")));
    let deadlines = admitted.deadlines(books, calendar, d("2021-03-02"));
    let due = |flag: &str, list: &[MemberDeadline]| {
        list.iter()
            .find(|x| x.deadline.flag == flag)
            .map(|x| x.deadline.due)
    };
    // 30 working days after 2021-03-01 (Monday): no holiday in March–April 2021 before 30/4.
    assert_eq!(due(OVERDUE_CEREMONY, &deadlines), Some(d("2021-04-12")));
    assert_eq!(
        due(OVERDUE_RESIDENCE_INTRODUCTION, &deadlines),
        Some(d("2021-03-31"))
    );
    assert!(deadlines.iter().all(|x| !x.deadline.overdue));
    let late = admitted.deadlines(books, calendar, d("2021-04-13"));
    assert!(late.iter().all(|x| x.deadline.overdue));
    // The recognition vote: 30 working days after probation ends; then the decision.
    let mut life = probationary();
    life.apply(&vote(), d("2022-03-15")).unwrap();
    let list = life.deadlines(books, calendar, d("2022-03-16"));
    let vote_deadline = list
        .iter()
        .find(|x| x.next == DecisionKind::RecordRecognitionVote)
        .unwrap();
    assert_eq!(vote_deadline.deadline.met_on, Some(d("2022-03-15")));
    assert!(!vote_deadline.deadline.overdue);
    let decision = list
        .iter()
        .find(|x| x.next == DecisionKind::Recognize)
        .unwrap();
    assert_eq!(
        decision.deadline.due,
        calendar.add_working_days(d("2022-03-15"), 30)
    );
    // A member who left has nothing pending.
    let mut gone = MemberLife::new(member::admitted(d("2021-03-01")));
    gone.apply(&Details::RecordDeath, d("2021-03-05")).unwrap();
    assert!(gone.deadlines(books, calendar, d("2022-01-01")).is_empty());
}

#[test]
fn a_transfer_is_internal_exactly_when_it_stays_in_the_grassroots_organisation() {
    let to = OrgCode::parse("to_org", "CB02").unwrap();
    assert!(check_transfer(TransferKind::Internal, &to, true).is_ok());
    assert!(check_transfer(TransferKind::Permanent, &to, false).is_ok());
    assert!(check_transfer(TransferKind::Temporary, &to, false).is_ok());
    for (kind, same) in [
        (TransferKind::Internal, false),
        (TransferKind::Permanent, true),
    ] {
        assert_eq!(
            check_transfer(kind, &to, same).unwrap_err().reason(),
            Reason::TransferNotInternal,
            "{kind:?}"
        );
    }
    let moves = |kind, to_org: Option<&OrgCode>| Details::Transfer {
        transfer_kind: kind,
        to_org: to_org.cloned(),
        until: None,
    };
    assert_eq!(
        moves(TransferKind::Internal, Some(&to)).moves_member_to(),
        Some(&to)
    );
    assert_eq!(moves(TransferKind::Permanent, None).moves_member_to(), None);
    assert_eq!(
        moves(TransferKind::Temporary, Some(&to)).moves_member_to(),
        None
    );
}
