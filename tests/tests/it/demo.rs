//! `dangviend --demo` end to end: the generated KHOI bloc loads through the API into an empty
//! database and its 2021 year report is the seed article's (DESIGN §5's example), the tree read
//! back independently; a database that already holds records is refused and left as it was.

use std::collections::BTreeMap;

use dangvien_proto::v1::{self as pb, statistics_service_client::StatisticsServiceClient};
use dangvien_server::{
    Loading,
    demo::{NotEmpty, load},
};
use dangvien_tests::{TestServer, servers};

use crate::support::{date, list_all, name, new_org};

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
    let mut stats = StatisticsServiceClient::new(channel);
    let report = stats
        .get_year_report(pb::GetYearReportRequest {
            org: name("KHOI"),
            year: 2021,
        })
        .await
        .unwrap()
        .into_inner();
    // DESIGN §5's example, figure by figure (the demo also sets a 2021 target of 180).
    let expected = pb::YearReport {
        org: name("KHOI"),
        year: 2021,
        headcount_start: 4934,
        headcount_end: 5100,
        official_end: 4890,
        probationary_end: 210,
        gains: Some(pb::Gains {
            admitted: 187,
            transferred_in: 12,
            restored: 0,
            reorganized_in: 0,
        }),
        losses: Some(pb::Losses {
            transferred_out: 20,
            deceased: 9,
            struck_off: 3,
            expelled: 1,
            resigned: 0,
            reorganized_out: 0,
        }),
        pipeline: Some(pb::Pipeline {
            nominated: 610,
            sympathizers_recognized: 425,
            courses_completed: 300,
            cell_approved: 190,
            admitted: 187,
            ceremonies_held: 181,
            recognized_official: 160,
            struck_off_probationary: 2,
        }),
        organizations: Some(pb::OrganizationCounts {
            grassroots_committees: 60,
            grassroots_cells: 31,
            partial_committees: 1,
            cells: 285,
        }),
        target: Some(pb::TargetProgress {
            admissions: Some(180),
            progress: Some(1.0389),
            admission_rate: Some(0.0379),
        }),
        residence_introductions: Some(pb::ResidenceIntroductions {
            due: 187,
            on_time: 187,
            late: 0,
            pending: 0,
        }),
        ratings: Some(pb::Ratings {
            excellent: 700,
            good: 3900,
            completed: 400,
            not_completed: 20,
            good_or_better_share: Some(0.9163),
        }),
        breakdown: report.breakdown,
    };
    assert_eq!(report, expected, "{b}");
    let end = report.breakdown.and_then(|b| b.headcount_end).unwrap();
    let ages = end.age_30_or_under + end.age_31_40 + end.age_41_50 + end.age_51_60;
    assert_eq!(
        ages + end.age_over_60,
        5100,
        "{b}: every member has an age band"
    );

    // The tree, read independently of the report.
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

    let target = stats
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
        let loaded = load(&server.url(), &Loading::default())
            .await
            .unwrap_or_else(|e| panic!("{b}: {e:#}"));
        eprintln!("{b}: demo loaded in {:?}: {loaded:?}", loaded.elapsed);
        assert_eq!(
            loaded.warnings, 0,
            "{b}: the resolutions' member counts are the server's"
        );
        check_figures(&server).await;

        let again = load(&server.url(), &Loading::default()).await.unwrap_err();
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
        let refused = load(&server.url(), &Loading::default()).await.unwrap_err();
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

/// The reason and the English message of a refusal.
fn refusal(status: &tonic::Status) -> (tonic::Code, String, String) {
    use tonic_types::StatusExt;
    let reason = status
        .get_error_details()
        .error_info()
        .map(|i| i.reason.clone())
        .unwrap_or_default();
    (status.code(), reason, status.message().to_owned())
}

#[tokio::test]
async fn reports_are_refused_with_the_progress_while_a_load_is_unfinished() {
    use dangvien_server::domain::Msg;
    use dangvien_tests::{Serving, TestDb, today};
    for db in TestDb::all().await {
        let b = db.backend;
        let loading = Loading::started(Msg::new("khối thử", "a test bloc"), 5);
        let server = TestServer::start_serving(
            db,
            dangvien_server::Clock::Fixed(today()),
            &[],
            Serving::Loading(loading.clone()),
        )
        .await
        .unwrap();
        loading.step(2, Msg::new("người", "persons"), 10);
        loading.advance(4);
        let mut stats = StatisticsServiceClient::new(server.channel().await.unwrap());
        let (code, reason, message) = refusal(
            &stats
                .get_year_report(pb::GetYearReportRequest {
                    org: String::new(),
                    year: 2021,
                })
                .await
                .unwrap_err(),
        );
        assert_eq!(
            (code, reason.as_str()),
            (tonic::Code::Unavailable, "LOAD_IN_PROGRESS"),
            "{b}"
        );
        assert!(
            message.contains("a test bloc (step 2 of 5: persons, 4 of 10)"),
            "{b}: {message}"
        );
        let funnel = stats
            .get_funnel(pb::GetFunnelRequest {
                year: 2021,
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert_eq!(refusal(&funnel).1, "LOAD_IN_PROGRESS", "{b}");
        let overdue = stats
            .list_overdue(pb::ListOverdueRequest::default())
            .await
            .unwrap_err();
        assert_eq!(refusal(&overdue).1, "LOAD_IN_PROGRESS", "{b}");
        // The load itself goes through the API: writes are served.
        server
            .orgs()
            .await
            .create_organization(new_org("KHOI", pb::OrganizationKind::Bloc, ""))
            .await
            .unwrap();

        loading.finish();
        let report = stats
            .get_year_report(pb::GetYearReportRequest {
                org: String::new(),
                year: 2021,
            })
            .await
            .unwrap_or_else(|s| panic!("{b}: {s:?}"));
        assert_eq!(report.into_inner().headcount_end, 0, "{b}");
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_report_asked_as_soon_as_the_demo_server_is_ready_says_the_demo_is_loading() {
    use dangvien_tests::{Serving, TestDb, today};
    // SQLite only: the point is the demo's own wiring, which does not depend on the backend.
    let server = TestServer::start_serving(
        TestDb::sqlite(),
        dangvien_server::Clock::Fixed(today()),
        &[],
        Serving::Demo,
    )
    .await
    .unwrap();
    let status = StatisticsServiceClient::new(server.channel().await.unwrap())
        .get_year_report(pb::GetYearReportRequest {
            org: name("KHOI"),
            year: 2021,
        })
        .await
        .unwrap_err();
    let (code, reason, message) = refusal(&status);
    assert_eq!(
        (code, reason.as_str()),
        (tonic::Code::Unavailable, "LOAD_IN_PROGRESS")
    );
    assert!(message.contains("the demo bloc KHOI (step "), "{message}");
    // Stopped mid-load, the demo's load fails: only the refusal above is under test.
    let _ = server.stop().await;
}
