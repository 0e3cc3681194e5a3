//! `dangviend --demo` end to end: the generated KHOI bloc loads through the API into an empty
//! database and gives the seed article's 2021 figures, read back with the list RPCs; a database
//! that already holds records is refused and left as it was.

use std::collections::BTreeMap;

use dangvien_proto::v1::{
    self as pb, decision_service_client::DecisionServiceClient,
    member_service_client::MemberServiceClient, statistics_service_client::StatisticsServiceClient,
};
use dangvien_server::demo::{NotEmpty, load};
use dangvien_tests::{TestServer, servers};
use tonic::transport::Channel;

use crate::support::{date, list_all, name, new_org};

/// Members of KHOI's subtree on `as_of`, per status that day.
async fn members(c: &mut MemberServiceClient<Channel>, as_of: &str) -> BTreeMap<i32, usize> {
    let (mut statuses, mut page_token) = (BTreeMap::new(), String::new());
    loop {
        let page = c
            .list_members(pb::ListMembersRequest {
                page_size: 1000,
                page_token,
                filter: format!("org = \"{}\"", name("KHOI")),
                as_of: date(as_of),
            })
            .await
            .unwrap()
            .into_inner();
        for m in &page.members {
            *statuses.entry(m.status).or_default() += 1;
        }
        if page.next_page_token.is_empty() {
            return statuses;
        }
        page_token = page.next_page_token;
    }
}

/// What KHOI's decisions add up to: counts per (kind, year of the date), and the 2021 ratings
/// per grade. Panics on a flagged (late) decision: every deadline is kept.
#[derive(Debug, Default)]
struct Decisions {
    by_kind_and_year: BTreeMap<(i32, i32), usize>,
    ratings_2021: BTreeMap<i32, usize>,
}

/// One pass over KHOI's decisions (a pass per kind would read them all each time).
async fn decisions(c: &mut DecisionServiceClient<Channel>) -> Decisions {
    let (mut all, mut page_token) = (Decisions::default(), String::new());
    loop {
        let page = c
            .list_decisions(pb::ListDecisionsRequest {
                page_size: 1000,
                page_token,
                filter: format!("org = \"{}\"", name("KHOI")),
            })
            .await
            .unwrap()
            .into_inner();
        for d in page.decisions {
            assert!(d.flags.is_empty(), "{}: {:?}", d.external_id, d.flags);
            let year = d.decision_date.unwrap().year;
            *all.by_kind_and_year.entry((d.kind, year)).or_default() += 1;
            if let Some(pb::decision::Details::Rate(rate)) = d.details {
                assert_eq!(rate.year, 2021);
                *all.ratings_2021.entry(rate.grade).or_default() += 1;
            }
        }
        if page.next_page_token.is_empty() {
            return all;
        }
        page_token = page.next_page_token;
    }
}

/// KHOI's subtree as it was on 31 December 2021, in pages of 1,000.
async fn subtree_on_2021_12_31(server: &TestServer) -> Vec<pb::Organization> {
    let mut c = server.orgs().await;
    let (mut all, mut page_token) = (Vec::new(), String::new());
    loop {
        let page = c
            .list_organizations(pb::ListOrganizationsRequest {
                page_size: 1000,
                page_token,
                filter: format!("ancestor = \"{}\"", name("KHOI")),
                as_of: date("2021-12-31"),
            })
            .await
            .unwrap()
            .into_inner();
        all.extend(page.organizations);
        if page.next_page_token.is_empty() {
            return all;
        }
        page_token = page.next_page_token;
    }
}

async fn check_figures(server: &TestServer) {
    let b = server.backend();
    let channel = server.channel().await.unwrap();
    let mut m = MemberServiceClient::new(channel.clone());
    let start: usize = members(&mut m, "2020-12-31").await.values().sum();
    assert_eq!(start, 4934, "{b}: headcount on 2020-12-31");
    use pb::MemberStatus as S;
    assert_eq!(
        members(&mut m, "2021-12-31").await,
        BTreeMap::from([(S::Probationary as i32, 210), (S::Official as i32, 4890)]),
        "{b}: members on 2021-12-31 (5,100)"
    );

    let mut kinds = BTreeMap::new();
    let orgs = subtree_on_2021_12_31(server).await;
    for org in &orgs {
        *kinds.entry(org.kind()).or_insert(0) += 1;
    }
    use pb::OrganizationKind as K;
    assert_eq!(
        kinds,
        BTreeMap::from([
            (K::Bloc, 1),
            (K::GrassrootsCommittee, 60),
            (K::GrassrootsCell, 31),
            (K::PartialCommittee, 1),
            (K::Cell, 285),
        ]),
        "{b}"
    );
    let sectors: std::collections::BTreeSet<i32> = orgs.iter().map(|o| o.sector).collect();
    assert_eq!(sectors.len(), 6, "{b}: every sector has organisations");
    let all = decisions(&mut DecisionServiceClient::new(channel.clone())).await;
    use pb::DecisionKind as D;
    let in_2021 = [
        (D::Nominate, 610),
        (D::RecognizeSympathizer, 425),
        (D::RecordCourse, 300),
        (D::RecordCellVote, 190),
        (D::Admit, 187),
        (D::HoldCeremony, 181),
        (D::IntroduceToResidence, 187),
        (D::Recognize, 160),
        (D::Transfer, 20),
        (D::RecordDeath, 9),
        (D::StrikeOff, 3),
        (D::Expel, 1),
        (D::AcceptResignation, 0),
    ];
    for (kind, expected) in in_2021 {
        let count = all.by_kind_and_year.get(&(kind as i32, 2021)).copied();
        assert_eq!(count.unwrap_or(0), expected, "{b}: {kind:?} in 2021");
    }
    assert!(
        all.by_kind_and_year
            .keys()
            .all(|(_, y)| (2021..=2022).contains(y)),
        "{b}: {:?}",
        all.by_kind_and_year
    );
    use pb::Grade as G;
    assert_eq!(
        all.ratings_2021,
        BTreeMap::from([
            (G::Excellent as i32, 700),
            (G::Good as i32, 3900),
            (G::Completed as i32, 400),
            (G::NotCompleted as i32, 20),
        ]),
        "{b}"
    );

    let target = StatisticsServiceClient::new(channel)
        .get_target(pb::GetTargetRequest {
            name: "organizations/KHOI/targets/2022".to_owned(),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(target.admissions, 150, "{b}");
}

#[tokio::test]
async fn the_demo_bloc_loads_with_the_seed_figures_and_only_once() {
    for server in servers().await {
        let b = server.backend();
        let loaded = load(&server.url())
            .await
            .unwrap_or_else(|e| panic!("{b}: {e:#}"));
        eprintln!("{b}: demo loaded in {:?}: {loaded:?}", loaded.elapsed);
        assert_eq!(
            loaded.warnings, 0,
            "{b}: the resolutions' member counts are the server's"
        );
        check_figures(&server).await;

        let again = load(&server.url()).await.unwrap_err();
        assert!(again.downcast_ref::<NotEmpty>().is_some(), "{b}: {again:#}");
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn the_demo_refuses_a_database_that_holds_records() {
    for server in servers().await {
        let b = server.backend();
        let mut orgs = server.orgs().await;
        orgs.create_organization(new_org("KHOI", pb::OrganizationKind::Bloc, ""))
            .await
            .unwrap();
        let refused = load(&server.url()).await.unwrap_err();
        let not_empty = refused
            .downcast_ref::<NotEmpty>()
            .unwrap_or_else(|| panic!("{b}: {refused:#}"));
        assert_eq!(not_empty.what, "organisations", "{b}");
        assert!(refused.to_string().contains("not empty"), "{b}: {refused}");
        assert_eq!(
            list_all(&mut orgs, "", None).await.len(),
            1,
            "{b}: nothing was added"
        );
        let people = server
            .people()
            .await
            .list_people(pb::ListPeopleRequest::default())
            .await
            .unwrap()
            .into_inner()
            .people;
        assert!(people.is_empty(), "{b}");
        server.stop().await.unwrap();
    }
}
