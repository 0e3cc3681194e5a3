//! Admissions targets end to end: set then get, replacing under etags, request-id replays, every
//! refusal (each leaving nothing stored), and `dangvien target set` / `target show`.

use dangvien_proto::v1::{self as pb, statistics_service_client::StatisticsServiceClient};
use dangvien_tests::{TestServer, servers};
use tonic::{Code, transport::Channel};
use tonic_types::StatusExt;

use crate::support::{assert_status, date, name, seed_tree};

type Client = StatisticsServiceClient<Channel>;

async fn client(server: &TestServer) -> Client {
    StatisticsServiceClient::new(server.channel().await.unwrap())
}

/// `SetTarget` of `admissions` for `org` in `year`, without etag or request id.
fn set(org: &str, year: i32, admissions: i32) -> pb::SetTargetRequest {
    pb::SetTargetRequest {
        target: Some(pb::Target {
            org: name(org),
            year,
            admissions,
            ..Default::default()
        }),
        etag: String::new(),
        request_id: String::new(),
    }
}

fn with(
    mut request: pb::SetTargetRequest,
    f: impl FnOnce(&mut pb::SetTargetRequest),
) -> pb::SetTargetRequest {
    f(&mut request);
    request
}

fn target_name(org: &str, year: i32) -> String {
    format!("organizations/{org}/targets/{year}")
}

async fn get(c: &mut Client, org: &str, year: i32) -> Result<pb::Target, tonic::Status> {
    c.get_target(pb::GetTargetRequest {
        name: target_name(org, year),
    })
    .await
    .map(tonic::Response::into_inner)
}

#[tokio::test]
async fn a_target_is_set_read_back_and_replaced_under_a_new_etag() {
    for server in servers().await {
        seed_tree(&mut server.orgs().await).await;
        let mut c = client(&server).await;
        let b = server.backend();

        let first = c
            .set_target(set("KHOI", 2022, 150))
            .await
            .unwrap()
            .into_inner();
        assert_eq!(first.name, "organizations/KHOI/targets/2022", "{b}");
        assert_eq!(first.org, "organizations/KHOI");
        assert_eq!((first.year, first.admissions), (2022, 150));
        assert!(!first.etag.is_empty());
        assert_eq!(get(&mut c, "KHOI", 2022).await.unwrap(), first, "{b}");

        // An upsert: the same (org, year) again replaces the admissions, under a new etag.
        let second = c
            .set_target(set("KHOI", 2022, 160))
            .await
            .unwrap()
            .into_inner();
        assert_eq!(second.admissions, 160);
        assert_ne!(second.etag, first.etag, "{b}");
        assert_eq!(get(&mut c, "KHOI", 2022).await.unwrap(), second, "{b}");

        // The same content again (a sync line met twice) changes nothing, not even the etag.
        let same = c
            .set_target(set("KHOI", 2022, 160))
            .await
            .unwrap()
            .into_inner();
        assert_eq!(same, second, "{b}");

        // Another year and another organisation are other targets; zero is a target too.
        let other_year = c
            .set_target(set("KHOI", 2023, 0))
            .await
            .unwrap()
            .into_inner();
        assert_eq!(other_year.admissions, 0);
        c.set_target(set("CS01", 2022, 40)).await.unwrap();
        assert_eq!(get(&mut c, "KHOI", 2022).await.unwrap(), second, "{b}");
        assert_eq!(get(&mut c, "CS01", 2022).await.unwrap().admissions, 40);
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_target_replaced_with_a_stale_etag_is_aborted() {
    for server in servers().await {
        seed_tree(&mut server.orgs().await).await;
        let mut c = client(&server).await;
        let b = server.backend();
        let first = c
            .set_target(set("KHOI", 2022, 150))
            .await
            .unwrap()
            .into_inner();

        // The etag read: accepted, in the request or in the target.
        let fresh = with(set("KHOI", 2022, 155), |r| r.etag = first.etag.clone());
        let second = c.set_target(fresh).await.unwrap().into_inner();
        let in_target = with(set("KHOI", 2022, 156), |r| {
            r.target.as_mut().unwrap().etag = second.etag.clone();
        });
        let third = c.set_target(in_target).await.unwrap().into_inner();

        // A stale one: refused, and the target stays as it was.
        let stale = with(set("KHOI", 2022, 999), |r| r.etag = first.etag.clone());
        let refused = c.set_target(stale).await.unwrap_err();
        assert_status(&refused, Code::Aborted, "ETAG_MISMATCH");
        assert_eq!(get(&mut c, "KHOI", 2022).await.unwrap(), third, "{b}");

        // An etag for a target never set cannot match.
        let missing = with(set("KHOI", 2030, 10), |r| r.etag = first.etag.clone());
        let refused = c.set_target(missing).await.unwrap_err();
        assert_status(&refused, Code::Aborted, "ETAG_MISMATCH");
        let not_set = get(&mut c, "KHOI", 2030).await.unwrap_err();
        assert_status(&not_set, Code::NotFound, "TARGET_NOT_FOUND");

        // Two different etags are a malformed request.
        let two = with(set("KHOI", 2022, 1), |r| {
            r.etag = third.etag.clone();
            r.target.as_mut().unwrap().etag = first.etag.clone();
        });
        let refused = c.set_target(two).await.unwrap_err();
        assert_status(&refused, Code::InvalidArgument, "INVALID_FIELD");
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_target_request_id_replays_the_first_answer_and_is_never_reused() {
    for server in servers().await {
        seed_tree(&mut server.orgs().await).await;
        let mut c = client(&server).await;
        let b = server.backend();
        let request = with(set("KHOI", 2022, 150), |r| r.request_id = "target-1".into());
        let first = c.set_target(request.clone()).await.unwrap().into_inner();

        // Changed since by another call: the replay still answers as the first time, and
        // changes nothing.
        let later = c
            .set_target(set("KHOI", 2022, 170))
            .await
            .unwrap()
            .into_inner();
        let replay = c.set_target(request.clone()).await.unwrap().into_inner();
        assert_eq!(replay, first, "{b}");
        assert_eq!(get(&mut c, "KHOI", 2022).await.unwrap(), later, "{b}");

        // The same id with another body.
        let reused = with(request, |r| r.target.as_mut().unwrap().admissions = 151);
        let refused = c.set_target(reused).await.unwrap_err();
        assert_status(&refused, Code::InvalidArgument, "REQUEST_ID_REUSED");

        // A refused call keeps no id: sent again once the organisation is valid, it is judged
        // anew (here: still refused, the year being before KHOI).
        let early = with(set("KHOI", 2010, 5), |r| r.request_id = "target-2".into());
        for _ in 0..2 {
            let refused = c.set_target(early.clone()).await.unwrap_err();
            assert_status(&refused, Code::FailedPrecondition, "ORG_NOT_VALID_ON_DATE");
        }
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn target_refusals_name_the_rule_and_store_nothing() {
    for server in servers().await {
        let mut orgs = server.orgs().await;
        seed_tree(&mut orgs).await;
        // CB02 is valid from 2015 through 2023-12-31.
        orgs.dissolve_organization(pb::DissolveOrganizationRequest {
            name: name("CB02"),
            effective_date: date("2024-01-01"),
            ..Default::default()
        })
        .await
        .unwrap();
        let mut c = client(&server).await;
        let b = server.backend();

        let unknown = c.set_target(set("NOPE", 2022, 1)).await.unwrap_err();
        assert_status(&unknown, Code::NotFound, "ORG_NOT_FOUND");
        let unknown = get(&mut c, "NOPE", 2022).await.unwrap_err();
        assert_status(&unknown, Code::NotFound, "ORG_NOT_FOUND");

        // Valid on some day of the year, however few: accepted.
        for year in [2015, 2023] {
            c.set_target(set("CB02", year, 3))
                .await
                .unwrap_or_else(|s| panic!("{b} {year}: {s:?}"));
        }
        for (org, year) in [("KHOI", 2014), ("CB02", 2024), ("CB02", 2030)] {
            let refused = c.set_target(set(org, year, 3)).await.unwrap_err();
            let vi = assert_status(&refused, Code::FailedPrecondition, "ORG_NOT_VALID_ON_DATE");
            assert!(vi.contains(&format!("năm {year}")), "{b}: {vi}");
            let nothing = get(&mut c, org, year).await.unwrap_err();
            assert_status(&nothing, Code::NotFound, "TARGET_NOT_FOUND");
        }

        let negative = c.set_target(set("KHOI", 2022, -1)).await.unwrap_err();
        assert_status(&negative, Code::InvalidArgument, "INVALID_FIELD");
        let fields = negative.get_error_details().bad_request().unwrap().clone();
        assert_eq!(fields.field_violations[0].field, "target.admissions");
        // Today is 2026-01-15 for the test servers: 1930 to 2036.
        for year in [1929, 2037] {
            let refused = c.set_target(set("KHOI", year, 1)).await.unwrap_err();
            assert_status(&refused, Code::InvalidArgument, "INVALID_FIELD");
            let fields = refused.get_error_details().bad_request().unwrap().clone();
            assert_eq!(fields.field_violations[0].field, "target.year", "{year}");
        }
        c.set_target(set("KHOI", 2036, 1)).await.unwrap();

        let missing = c
            .set_target(with(set("KHOI", 2022, 1), |r| r.target = None))
            .await
            .unwrap_err();
        assert_status(&missing, Code::InvalidArgument, "INVALID_FIELD");
        let mismatched = with(set("KHOI", 2022, 1), |r| {
            r.target.as_mut().unwrap().name = target_name("KHOI", 2021);
        });
        let refused = c.set_target(mismatched).await.unwrap_err();
        assert_status(&refused, Code::InvalidArgument, "INVALID_FIELD");
        for bad in [
            "organizations/KHOI",
            "organizations/KHOI/targets/22",
            "KHOI/targets/2022",
        ] {
            let refused = c
                .get_target(pb::GetTargetRequest { name: bad.into() })
                .await
                .unwrap_err();
            assert_status(&refused, Code::InvalidArgument, "INVALID_FIELD");
        }
        let none = get(&mut c, "KHOI", 2022).await.unwrap_err();
        let vi = assert_status(&none, Code::NotFound, "TARGET_NOT_FOUND");
        assert!(vi.contains("2022") && vi.contains("KHOI"), "{vi}");
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn concurrent_first_targets_of_a_year_both_land_one_after_the_other() {
    for server in servers().await {
        seed_tree(&mut server.orgs().await).await;
        let (mut a, mut b) = (client(&server).await, client(&server).await);
        let backend = server.backend();
        // Both may find no target; the organisation lock makes the second replace the first
        // rather than collide with it on the (org, year) index.
        let (first, second) = tokio::join!(
            a.set_target(set("KHOI", 2022, 100)),
            b.set_target(set("KHOI", 2022, 200)),
        );
        let (first, second) = (first.unwrap().into_inner(), second.unwrap().into_inner());
        let stored = get(&mut a, "KHOI", 2022).await.unwrap();
        assert!(stored == first || stored == second, "{backend}: {stored:?}");
        // One created it, the other replaced it: two versions, two etags.
        assert_ne!(first.etag, second.etag, "{backend}");
        server.stop().await.unwrap();
    }
}

/// What one `dangvien` run printed, and its exit code.
async fn dangvien(server: &TestServer, args: &[&str]) -> (i32, String, String) {
    let url = server.url();
    let mut argv = vec!["dangvien", "--server", url.as_str(), "--lang", "vi"];
    argv.extend_from_slice(args);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = dangvien_client::run(argv, &mut out, &mut err).await;
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

#[tokio::test]
async fn a_clerk_sets_and_shows_a_target_from_the_command_line() {
    for server in servers().await {
        seed_tree(&mut server.orgs().await).await;
        let b = server.backend();
        let set_khoi = |admissions: &'static str| {
            [
                "target",
                "set",
                "--org",
                "KHOI",
                "--year",
                "2022",
                "--admissions",
                admissions,
            ]
        };

        let (code, out, err) = dangvien(&server, &set_khoi("150")).await;
        assert_eq!(code, 0, "{b}: {out}\n{err}");
        assert!(err.starts_with("request_id: "), "{err}");
        let row = out
            .lines()
            .find(|l| l.contains("Chỉ tiêu kết nạp"))
            .unwrap();
        assert!(row.contains("150"), "{out}");

        let show = [
            "--format", "json", "target", "show", "--org", "KHOI", "--year", "2022",
        ];
        let (code, out, err) = dangvien(&server, &show).await;
        assert_eq!(code, 0, "{b}: {out}\n{err}");
        let shown: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(shown["org"], "KHOI");
        assert_eq!(shown["year"], 2022);
        assert_eq!(shown["admissions"], 150);
        let etag = shown["etag"].as_str().unwrap().trim_matches('"').to_owned();

        // Replaced with the etag read (quotes optional), then with that etag again: stale.
        let mut replace = set_khoi("160").to_vec();
        replace.extend(["--etag", &etag]);
        let (code, _, err) = dangvien(&server, &replace).await;
        assert_eq!(code, 0, "{b}: {err}");
        let (code, _, err) = dangvien(&server, &replace).await;
        assert_eq!(code, 5, "{b}: {err}");

        let csv = [
            "--format", "csv", "target", "show", "--org", "KHOI", "--year", "2022",
        ];
        let (code, out, _) = dangvien(&server, &csv).await;
        assert_eq!(code, 0);
        let rows: Vec<&str> = out.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(rows[0], "org,year,admissions,etag");
        assert!(rows[1].starts_with("KHOI,2022,160,"), "{out}");

        let (code, _, err) = dangvien(
            &server,
            &["target", "show", "--org", "KHOI", "--year", "2021"],
        )
        .await;
        assert_eq!(code, 4, "{b}: {err}");
        assert!(err.contains("Chưa có chỉ tiêu kết nạp năm 2021"), "{err}");
        let (code, _, _) = dangvien(&server, &set_khoi("-1")).await;
        assert_eq!(code, 2);
        server.stop().await.unwrap();
    }
}
