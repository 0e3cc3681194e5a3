//! The state machine against DESIGN §3's table, state by state and kind by kind.

// The expected table reads best with "anything else" arms.
#![allow(clippy::wildcard_enum_match_arm)]

use chrono::NaiveDate;

use super::*;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

use CaseState as S;
use DecisionKind as K;

/// The kinds that lead from nothing to each open state, in a `CELL`.
fn path_to(state: CaseState) -> Vec<DecisionKind> {
    let full = [
        K::Nominate,
        K::RecognizeSympathizer,
        K::RecordCourse,
        K::OpenDossier,
        K::ConcludeBackgroundCheck,
        K::RecordIntroductions,
        K::RecordCellVote,
        K::RecordCommitteeVote,
    ];
    let steps = match state {
        S::Candidate => 1,
        S::Sympathizer => 2,
        S::Trained => 3,
        S::DossierOpen => 4,
        S::Verified => 5,
        S::Introduced => 6,
        S::CellApproved => 7,
        S::CommitteeApproved => 8,
        S::Admitted | S::Rejected | S::Withdrawn | S::Dropped => unreachable!("closed"),
    };
    full[..steps].to_vec()
}

fn history_at(state: CaseState, cell: OrgKind) -> History {
    let mut history = History::new(Membership::None);
    for kind in path_to(state) {
        history.apply(kind, d("2021-01-01"), cell).unwrap();
    }
    assert_eq!(history.latest().unwrap().state, state);
    history
}

/// DESIGN §3's "from" column, written independently of the implementation.
fn expected(kind: DecisionKind, from: CaseState, cell: OrgKind) -> Option<CaseState> {
    let in_cell = cell == OrgKind::Cell;
    match kind {
        K::Nominate => None,
        K::RecognizeSympathizer => (from == S::Candidate).then_some(S::Sympathizer),
        K::RecordCourse => match from {
            S::Sympathizer => Some(S::Trained),
            S::Trained | S::DossierOpen | S::Verified | S::Introduced => Some(from),
            _ => None,
        },
        K::OpenDossier => (from == S::Trained).then_some(S::DossierOpen),
        K::ConcludeBackgroundCheck => (from == S::DossierOpen).then_some(S::Verified),
        K::RecordIntroductions => {
            matches!(from, S::Verified | S::Introduced).then_some(S::Introduced)
        }
        K::RecordCellVote => (from == S::Introduced).then_some(S::CellApproved),
        K::RecordCommitteeVote => {
            (from == S::CellApproved && in_cell).then_some(S::CommitteeApproved)
        }
        K::Admit => match from {
            S::CommitteeApproved => Some(S::Admitted),
            S::CellApproved if !in_cell => Some(S::Admitted),
            _ => None,
        },
        K::Reject => matches!(from, S::CellApproved | S::CommitteeApproved).then_some(S::Rejected),
        K::Withdraw => Some(S::Withdrawn),
        K::Drop => Some(S::Dropped),
        // Member decisions never apply to a case.
        K::Revoke
        | K::HoldCeremony
        | K::RecordRecognitionVote
        | K::Recognize
        | K::StrikeOff
        | K::Transfer
        | K::RecordDeath
        | K::Expel
        | K::AcceptResignation
        | K::Exempt
        | K::Suspend
        | K::Discipline
        | K::IssueCard
        | K::IntroduceToResidence
        | K::Rate => None,
    }
}

#[test]
fn every_kind_from_every_open_state_follows_the_table() {
    for cell in [OrgKind::Cell, OrgKind::GrassrootsCell] {
        for from in CaseState::ALL.into_iter().filter(|s| s.is_open()) {
            if cell == OrgKind::GrassrootsCell && from == S::CommitteeApproved {
                continue; // unreachable in a grassroots cell
            }
            for kind in DecisionKind::ALL.into_iter().filter(|k| *k != K::Revoke) {
                let mut history = history_at(from, cell);
                let got = history.apply(kind, d("2021-02-01"), cell);
                match expected(kind, from, cell) {
                    Some(to) => {
                        assert!(got.is_ok(), "{kind:?} from {from:?} in {cell:?}: {got:?}");
                        assert_eq!(
                            history.latest().unwrap().state,
                            to,
                            "{kind:?} from {from:?}"
                        );
                        assert_eq!(history.cases.len(), 1);
                    }
                    None => {
                        let err = got.unwrap_err();
                        assert_eq!(
                            err.reason(),
                            Reason::IllegalTransition,
                            "{kind:?} from {from:?}"
                        );
                        assert_eq!(
                            history.latest().unwrap().state,
                            from,
                            "a refusal changed the case"
                        );
                    }
                }
            }
        }
    }
}

#[test]
fn a_case_opens_with_a_nomination_or_a_sympathizer_resolution() {
    let mut history = History::new(Membership::None);
    for kind in DecisionKind::ALL.into_iter().filter(|k| *k != K::Revoke) {
        let mut h = history.clone();
        let got = h.apply(kind, d("2021-01-01"), OrgKind::Cell);
        match kind {
            K::Nominate => assert_eq!(h.latest().unwrap().state, S::Candidate),
            K::RecognizeSympathizer => assert_eq!(h.latest().unwrap().state, S::Sympathizer),
            _ => assert_eq!(
                got.unwrap_err().reason(),
                Reason::IllegalTransition,
                "{kind:?}"
            ),
        }
    }
    history
        .apply(K::Nominate, d("2021-01-01"), OrgKind::Cell)
        .unwrap();
    history
        .apply(K::Drop, d("2021-03-01"), OrgKind::Cell)
        .unwrap();
    assert!(history.open_case().is_none());
    assert_eq!(history.latest().unwrap().closed_on, Some(d("2021-03-01")));
    // A closed case takes nothing more; a new nomination opens a second case.
    let err = history
        .apply(K::RecordCourse, d("2021-04-01"), OrgKind::Cell)
        .unwrap_err();
    assert_eq!(err.reason(), Reason::IllegalTransition);
    history
        .apply(K::Nominate, d("2021-04-01"), OrgKind::Cell)
        .unwrap();
    assert_eq!(history.cases.len(), 2);
}

#[test]
fn members_are_not_nominated_again() {
    let mut registered = History::new(Membership::Current);
    let err = registered
        .apply(K::Nominate, d("2021-01-01"), OrgKind::Cell)
        .unwrap_err();
    assert_eq!(err.reason(), Reason::IllegalTransition);

    let mut admitted = history_at(S::CommitteeApproved, OrgKind::Cell);
    admitted
        .apply(K::Admit, d("2021-02-01"), OrgKind::Cell)
        .unwrap();
    assert_eq!(admitted.membership, Membership::Current);
    let err = admitted
        .apply(K::RecognizeSympathizer, d("2022-01-01"), OrgKind::Cell)
        .unwrap_err();
    assert_eq!(err.reason(), Reason::IllegalTransition);

    let mut former = History::new(Membership::Former);
    let err = former
        .apply(K::Nominate, d("2021-01-01"), OrgKind::Cell)
        .unwrap_err();
    assert_eq!(err.reason(), Reason::ReadmissionNotSupported);
}

#[test]
fn dates_never_go_backwards_along_a_case() {
    let mut history = History::new(Membership::None);
    history
        .apply(K::Nominate, d("2021-03-10"), OrgKind::Cell)
        .unwrap();
    let err = history
        .apply(K::RecognizeSympathizer, d("2021-03-09"), OrgKind::Cell)
        .unwrap_err();
    assert_eq!(err.reason(), Reason::DateBeforePreviousStep);
    assert_eq!(history.latest().unwrap().state, S::Candidate);
    // The same day is not backwards.
    history
        .apply(K::RecognizeSympathizer, d("2021-03-10"), OrgKind::Cell)
        .unwrap();
}

#[test]
fn the_case_remembers_the_dates_later_rules_need() {
    let mut history = History::new(Membership::None);
    let cell = OrgKind::Cell;
    history
        .apply(K::RecognizeSympathizer, d("2020-01-05"), cell)
        .unwrap();
    history
        .apply(K::RecordCourse, d("2020-02-01"), cell)
        .unwrap();
    history
        .apply(K::OpenDossier, d("2020-03-01"), cell)
        .unwrap();
    history
        .apply(K::RecordCourse, d("2020-04-01"), cell)
        .unwrap();
    history
        .apply(K::ConcludeBackgroundCheck, d("2020-05-01"), cell)
        .unwrap();
    history
        .apply(K::RecordIntroductions, d("2020-06-01"), cell)
        .unwrap();
    history
        .apply(K::RecordIntroductions, d("2020-07-01"), cell)
        .unwrap();
    history
        .apply(K::RecordCellVote, d("2020-08-01"), cell)
        .unwrap();
    let case = history.latest().unwrap();
    assert_eq!(case.state, S::CellApproved);
    assert_eq!(case.opened_on, d("2020-01-05"));
    assert_eq!(case.latest_certificate, Some(d("2020-04-01")));
    assert_eq!(case.latest_introductions, Some(d("2020-07-01")));
    assert_eq!(case.cell_vote, Some(d("2020-08-01")));
    assert_eq!(case.first_decision, 0);
}

#[test]
fn names_round_trip() {
    for s in CaseState::ALL {
        assert_eq!(CaseState::parse(s.as_str()), Some(s));
    }
    for k in DecisionKind::ALL {
        assert_eq!(DecisionKind::parse(k.as_str()), Some(k));
    }
}
