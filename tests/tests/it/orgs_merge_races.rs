//! Merges racing with decisions and moves: the locks make them serialise, so either one wins
//! or both land as if one came after the other.

use dangvien_proto::v1::{self as pb, OrganizationKind as K};
use dangvien_tests::servers;
use tonic::Code;

use crate::{
    orgs_merge::{merging, submit},
    people::{get, ids, moving, new_person, nominate},
    support::{assert_status, codes, date, list_all, name, new_org, seed_tree},
};

#[tokio::test]
async fn a_merge_and_a_decision_in_the_merged_cell_cannot_both_win() {
    for server in servers().await {
        let mut orgs = server.orgs().await;
        let mut people = server.people().await;
        seed_tree(&mut orgs).await;
        for i in 0..10 {
            let [from, into, who, decision] = ["A", "B", "Q", "DQ"].map(|p| format!("{p}{i}"));
            for cell in [&from, &into] {
                orgs.create_organization(new_org(cell, K::Cell, "CS01"))
                    .await
                    .unwrap();
            }
            people
                .create_person(new_person(&who, "Người Q", &from))
                .await
                .unwrap();
            let mut o = orgs.clone();
            let (merged, decided) = tokio::join!(
                o.merge_organization(merging(&from, &into, "2025-07-01")),
                submit(&server, (&decision, &who, "2025-08-01", &from), nominate())
            );
            // Decision first: the merge would come before it (refused). Merge first: the cell no
            // longer exists on the decision's day (refused).
            match (&merged, &decided) {
                (Ok(_), Err(s)) => assert_status(s, Code::FailedPrecondition, "BODY_NOT_ALLOWED"),
                (Err(s), Ok(_)) => {
                    assert_status(s, Code::FailedPrecondition, "DATE_BEFORE_PREVIOUS_STEP")
                }
                _ => panic!(
                    "{}: exactly one must win, got {merged:?} and {decided:?}",
                    server.backend()
                ),
            };
        }
        crate::member_support::assert_verified(&server).await;
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_merge_and_a_later_move_of_a_child_both_land_in_either_order() {
    for server in servers().await {
        let b = server.backend();
        let mut orgs = server.orgs().await;
        seed_tree(&mut orgs).await;
        for i in 0..30 {
            let [x, y, z, c] = ["X", "Y", "Z", "C"].map(|p| format!("{p}{i}"));
            for code in [&x, &y, &z] {
                orgs.create_organization(new_org(code, K::GrassrootsCommittee, "KHOI"))
                    .await
                    .unwrap();
            }
            orgs.create_organization(new_org(&c, K::Cell, &x))
                .await
                .unwrap();
            let (mut o1, mut o2) = (orgs.clone(), orgs.clone());
            let (merged, moved) = tokio::join!(
                o1.merge_organization(merging(&x, &y, "2025-07-01")),
                o2.move_organization(pb::MoveOrganizationRequest {
                    name: name(&c),
                    new_parent: name(&z),
                    effective_date: date("2025-09-01"),
                    ..Default::default()
                })
            );
            merged.unwrap_or_else(|s| panic!("{b}: merge {i}: {s:?}"));
            moved.unwrap_or_else(|s| panic!("{b}: move {i}: {s:?}"));
            // Under one parent on each day: neither overwrote the other's end of an interval.
            for (day, parent) in [
                ("2025-06-30", &x),
                ("2025-07-01", &y),
                ("2025-08-31", &y),
                ("2025-09-01", &z),
                ("2026-01-15", &z),
            ] {
                for under in [&x, &y, &z] {
                    let filter = format!("parent = \"{}\"", name(under));
                    let children = list_all(&mut orgs, &filter, Some(day)).await;
                    let expected: &[&str] = if under == parent { &[c.as_str()] } else { &[] };
                    assert_eq!(codes(&children), expected, "{b}: under {under} on {day}");
                }
            }
        }
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_merge_and_a_later_move_of_a_person_both_land_in_either_order() {
    for server in servers().await {
        let b = server.backend();
        let mut orgs = server.orgs().await;
        let mut people = server.people().await;
        seed_tree(&mut orgs).await;
        for i in 0..10 {
            let [from, into, to, who] = ["A", "B", "C", "R"].map(|p| format!("{p}{i}"));
            for cell in [&from, &into, &to] {
                orgs.create_organization(new_org(cell, K::Cell, "CS01"))
                    .await
                    .unwrap();
            }
            people
                .create_person(new_person(&who, "Người R", &from))
                .await
                .unwrap();
            let (mut o, mut p) = (orgs.clone(), people.clone());
            let (merged, moved) = tokio::join!(
                o.merge_organization(merging(&from, &into, "2025-07-01")),
                p.update_person(moving(&who, &to, Some("2025-09-01")))
            );
            merged.unwrap_or_else(|s| panic!("{b}: merge {i}: {s:?}"));
            moved.unwrap_or_else(|s| panic!("{b}: move {i}: {s:?}"));
            let person = get(&mut people, &who).await;
            assert_eq!(person.cell, name(&to), "{b}");
            assert_eq!(person.cell_since, date("2025-09-01"), "{b}");
            // In one cell today: the merge did not leave them open-ended in the survivor.
            for (cell, expected) in [(&into, vec![]), (&to, vec![who.clone()])] {
                let filter = format!("org = {}", name(cell));
                assert_eq!(ids(&mut people, &filter).await, expected, "{b}: {cell}");
            }
        }
        server.stop().await.unwrap();
    }
}
