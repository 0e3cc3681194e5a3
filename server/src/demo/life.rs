//! The 2021 events of the members registered from earlier records — 160 recognitions, exits,
//! exemptions — and the grades of every gradable member for 2021, dated January 2022.

use chrono::NaiveDate;
use dangvien_proto::v1::{self as pb, decision::Details as D};

use super::{
    people::{Origin, age_end_2021},
    plan::{Draft, Stage, day_between, plus, working, ymd},
};
use crate::domain::calendar::Calendar;

/// Members who left the bloc in 2021 for a party organisation elsewhere.
const TRANSFERRED_OUT: usize = 20;
const DECEASED: usize = 9;
/// Exempted from party work for age or health: not graded (`NOT_GRADABLE`).
const EXEMPT: usize = 30;
/// Members admitted late in 2021 whom their cells did not grade for the year.
const UNGRADED_NEW: usize = 50;
/// The grades for 2021: excellent, completed and not completed; the rest are good.
const EXCELLENT: usize = 700;
const COMPLETED: usize = 400;
const NOT_COMPLETED: usize = 20;

/// Recognitions, strike-offs, transfers out, deaths, an expulsion and exemptions in 2021.
pub(crate) fn generate(draft: &mut Draft) {
    let intake: Vec<usize> = (0..draft.people.members.len())
        .filter(|m| draft.people.members[*m].origin == Origin::Intake2020)
        .collect();
    // Two probationary members struck off before their probation ended (ceremony from April).
    let mut struck = 0;
    for m in &intake {
        let member = &draft.people.members[*m];
        if struck < 2 && member.ceremony >= ymd(2020, 4, 1) && member.ceremony < ymd(2020, 11, 1) {
            let last = plus(member.official, -30);
            let day = working(day_between(&mut draft.rng, ymd(2021, 2, 22), last));
            exit(draft, *m, day, Exit::StrikeOff);
            struck += 1;
        }
    }
    // Officials for the other events: the oldest fifth die or are exempted, anyone may leave.
    let mut officials: Vec<usize> = (0..draft.people.members.len())
        .filter(|m| draft.people.members[*m].origin == Origin::Official)
        .collect();
    draft.rng.shuffle(&mut officials);
    let old = |draft: &Draft, m: usize| {
        age_end_2021(&draft.people.persons[draft.people.members[m].person]) >= 52
    };
    let elders: Vec<usize> = officials
        .iter()
        .copied()
        .filter(|m| old(draft, *m))
        .collect();
    let others: Vec<usize> = officials
        .iter()
        .copied()
        .filter(|m| !old(draft, *m))
        .collect();
    let year = |draft: &mut Draft| {
        working(day_between(
            &mut draft.rng,
            ymd(2021, 1, 11),
            ymd(2021, 12, 20),
        ))
    };
    for m in elders.iter().take(DECEASED) {
        let day = year(draft);
        exit(draft, *m, day, Exit::Death);
    }
    for m in elders.iter().skip(DECEASED).take(EXEMPT) {
        let day = year(draft);
        let cell = draft.people.persons[draft.people.members[*m].person].cell;
        let number = draft.number(cell, "NQ/CB");
        let person = draft.people.members[*m].person;
        draft.decide(
            Stage::Life,
            person,
            day,
            number,
            cell,
            D::Exempt(pb::Exempt { until: None }),
            "Tuổi cao, sức khỏe yếu",
        );
        draft.people.members[*m].exempt = true;
        draft.people.members[*m].busy = true;
    }
    for (k, m) in others.iter().take(TRANSFERRED_OUT + 2).enumerate() {
        let day = year(draft);
        let kind = match k {
            0 => Exit::StrikeOff,
            1 => Exit::Expel,
            _ => Exit::TransferOut,
        };
        exit(draft, *m, day, kind);
    }
    // The rest of those with a ceremony by October: the cell votes when probation ends, then
    // recognition. All dates first, so that each vote counts the recognitions before it.
    let mut recognitions = Vec::new();
    for m in intake {
        let member = &draft.people.members[m];
        if member.busy || member.ceremony >= ymd(2020, 11, 1) {
            continue;
        }
        let vote = working(plus(member.official, draft.rng.between(0, 7)));
        let recognize = Calendar::vietnam().add_working_days(vote, draft.rng.between(5, 15) as u32);
        draft.people.members[m].recognized_on = Some(recognize);
        draft.people.members[m].busy = true;
        recognitions.push((m, vote, recognize));
    }
    for (m, vote, recognize) in recognitions {
        let person = draft.people.members[m].person;
        let cell = draft.people.persons[person].cell;
        let full = draft.people.full_members(cell, vote, false);
        let against = draft.rng.between(0, 1).min(i64::from(full / 3)) as i32;
        let number = draft.number(cell, "NQ/CB");
        draft.decide(
            Stage::Life,
            person,
            vote,
            number,
            cell,
            D::RecordRecognitionVote(pb::RecordRecognitionVote {
                votes_for: full - against,
                votes_against: against,
                full_members: full,
            }),
            "",
        );
        let number = draft.number(0, "QĐ/ĐUK");
        draft.decide(
            Stage::Life,
            person,
            recognize,
            number,
            0,
            D::Recognize(pb::Recognize { extended: false }),
            "",
        );
    }
}

#[derive(Clone, Copy, Debug)]
enum Exit {
    StrikeOff,
    Expel,
    Death,
    TransferOut,
}

fn exit(draft: &mut Draft, m: usize, day: NaiveDate, kind: Exit) {
    let person = draft.people.members[m].person;
    let cell = draft.people.persons[person].cell;
    let (body, number, details, reason) = match kind {
        Exit::StrikeOff => (
            0,
            draft.number(0, "QĐ/ĐUK"),
            D::StrikeOff(pb::StrikeOff {}),
            "Bỏ sinh hoạt đảng ba tháng trong năm không có lý do chính đáng",
        ),
        Exit::Expel => (
            0,
            draft.number(0, "QĐ/UBKTĐUK"),
            D::Expel(pb::Expel {}),
            "Vi phạm nghiêm trọng quy định về những điều đảng viên không được làm",
        ),
        Exit::Death => (cell, None, D::RecordDeath(pb::RecordDeath {}), ""),
        Exit::TransferOut => (
            0,
            draft.number(0, "GCT/ĐUK"),
            D::Transfer(pb::Transfer {
                transfer_kind: pb::TransferKind::Permanent.into(),
                to_org: String::new(),
                until: None,
            }),
            "Chuyển công tác ra ngoài Đảng bộ Khối",
        ),
    };
    draft.decide(Stage::Life, person, day, number, body, details, reason);
    draft.people.members[m].exit = Some(day);
    draft.people.members[m].busy = true;
}

/// RATE for 2021 of every member active and not exempt on 31 December 2021, but the newest:
/// one resolution per grassroots organisation in January 2022, excellent grades within the
/// 20% quota of each (at most a sixth of those not graded lower).
pub(crate) fn ratings(draft: &mut Draft) {
    let mut rated: Vec<usize> = draft
        .people
        .members
        .iter()
        .filter(|m| m.exit.is_none() && !m.exempt)
        .map(|m| m.person)
        .collect();
    let mut admitted = draft.admitted.clone();
    admitted.sort_by_key(|(_, day)| *day);
    let graded_new = admitted.len().saturating_sub(UNGRADED_NEW);
    rated.extend(admitted.iter().take(graded_new).map(|(p, _)| *p));
    draft.rng.shuffle(&mut rated);
    let grassroots_of =
        |draft: &Draft, p: usize| draft.tree.grassroots_slot(draft.people.persons[p].cell);
    let orgs = draft.tree.grassroots.len();
    let mut grades = vec![pb::Grade::Good; rated.len()];
    for grade in grades.iter_mut().take(NOT_COMPLETED) {
        *grade = pb::Grade::NotCompleted;
    }
    for grade in grades.iter_mut().skip(NOT_COMPLETED).take(COMPLETED) {
        *grade = pb::Grade::Completed;
    }
    // Good so far, per organisation; each may turn a sixth of them excellent.
    let mut good: Vec<Vec<usize>> = vec![Vec::new(); orgs];
    for (i, p) in rated.iter().enumerate().skip(NOT_COMPLETED + COMPLETED) {
        good[grassroots_of(draft, *p)].push(i);
    }
    let pool: usize = good.iter().map(Vec::len).sum();
    let mut excellent: Vec<usize> = good
        .iter()
        .map(|g| EXCELLENT * g.len() / pool.max(1))
        .collect();
    let mut left = EXCELLENT - excellent.iter().sum::<usize>();
    let mut by_size: Vec<usize> = (0..orgs).collect();
    by_size.sort_by_key(|g| std::cmp::Reverse(good[*g].len()));
    while left > 0 {
        let before = left;
        for g in &by_size {
            if left > 0 && excellent[*g] < good[*g].len() / 6 {
                excellent[*g] += 1;
                left -= 1;
            }
        }
        if left == before {
            break;
        }
    }
    for (g, count) in excellent.iter().enumerate() {
        for i in good[g].iter().take(*count) {
            grades[*i] = pb::Grade::Excellent;
        }
    }
    let mut by_org: Vec<Vec<(usize, pb::Grade)>> = vec![Vec::new(); orgs];
    for (p, grade) in rated.into_iter().zip(grades) {
        by_org[grassroots_of(draft, p)].push((p, grade));
    }
    for (g, list) in by_org.into_iter().enumerate() {
        let body = draft.tree.grassroots[g];
        let day = working(plus(ymd(2022, 1, 10), draft.rng.between(0, 12)));
        let number = draft.number(body, "NQ/ĐU");
        for (p, grade) in list {
            draft.decide(
                Stage::Rating,
                p,
                day,
                number.clone(),
                body,
                D::Rate(pb::Rate {
                    year: 2021,
                    grade: grade.into(),
                    score: None,
                }),
                "",
            );
        }
    }
}
