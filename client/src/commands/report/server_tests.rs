//! `report year` and `report funnel` run whole, in process, against a statistics service that
//! answers from hand-built reports: the previous year's column, `--output`, and the refusals.

use std::sync::{Arc, Mutex};

use dangvien_proto::v1::{
    self as pb,
    statistics_service_server::{StatisticsService, StatisticsServiceServer},
};
use tokio_stream::wrappers::TcpListenerStream;
use tonic::{Request, Response, Status};

/// What starts a CSV file for Excel.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// 2019, 2021 and 2022 are reported; the organisation was not valid in 2020; any other year is
/// refused outright.
#[derive(Clone, Default)]
struct Fake {
    /// The years asked for, in order.
    asked: Arc<Mutex<Vec<i32>>>,
}

fn report(year: i32) -> pb::YearReport {
    pb::YearReport {
        org: "organizations/KHOI".into(),
        year,
        headcount_start: 4934,
        headcount_end: 5100,
        gains: Some(pb::Gains {
            admitted: 187,
            ..pb::Gains::default()
        }),
        ..pb::YearReport::default()
    }
}

#[tonic::async_trait]
impl StatisticsService for Fake {
    async fn list_overdue(
        &self,
        _: Request<pb::ListOverdueRequest>,
    ) -> Result<Response<pb::ListOverdueResponse>, Status> {
        Err(Status::unimplemented("not in this fake"))
    }

    async fn set_target(
        &self,
        _: Request<pb::SetTargetRequest>,
    ) -> Result<Response<pb::Target>, Status> {
        Err(Status::unimplemented("not in this fake"))
    }

    async fn get_target(
        &self,
        _: Request<pb::GetTargetRequest>,
    ) -> Result<Response<pb::Target>, Status> {
        Err(Status::unimplemented("not in this fake"))
    }

    async fn get_year_report(
        &self,
        request: Request<pb::GetYearReportRequest>,
    ) -> Result<Response<pb::YearReport>, Status> {
        let pb::GetYearReportRequest { org, year } = request.into_inner();
        self.asked.lock().unwrap().push(year);
        if org != "organizations/KHOI" {
            return Err(Status::invalid_argument("only KHOI in this fake"));
        }
        match year {
            2019 | 2021 | 2022 => Ok(Response::new(report(year))),
            2020 => Err(Status::not_found(
                "organizations/KHOI was not valid in 2020",
            )),
            _ => Err(Status::permission_denied("not yours")),
        }
    }

    async fn get_funnel(
        &self,
        request: Request<pb::GetFunnelRequest>,
    ) -> Result<Response<pb::Funnel>, Status> {
        let pb::GetFunnelRequest { org, year, as_of } = request.into_inner();
        Ok(Response::new(pb::Funnel {
            org,
            year,
            as_of,
            stages: vec![pb::FunnelStage {
                state: pb::CaseState::Sympathizer as i32,
                entered: 425,
                admitted: 187,
                admitted_share: Some(0.44),
            }],
        }))
    }
}

/// Serves `fake` on a free loopback port for the rest of the test; returns its URL.
async fn serve(fake: Fake) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(
        tonic::transport::Server::builder()
            .add_service(StatisticsServiceServer::new(fake))
            .serve_with_incoming(TcpListenerStream::new(listener)),
    );
    url
}

/// Runs the command line against `server`: the exit code, stdout and stderr.
async fn run(server: &str, args: &[&str]) -> (i32, Vec<u8>, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let head = ["dangvien", "--server", server];
    let argv = head.iter().chain(args);
    let code = crate::run(argv, &mut out, &mut err).await;
    (code, out, String::from_utf8(err).unwrap())
}

#[tokio::test]
async fn a_year_the_org_did_not_exist_before_leaves_the_previous_column_empty() {
    let fake = Fake::default();
    let server = serve(fake.clone()).await;
    let (code, out, err) = run(
        &server,
        &["report", "year", "--year", "2021", "--org", "KHOI"],
    )
    .await;
    assert_eq!(code, 0, "{err}");
    let text = String::from_utf8(out).unwrap();
    assert!(
        text.starts_with("Báo cáo thống kê năm 2021 — KHOI\n"),
        "{text}"
    );
    let row = text
        .lines()
        .find(|l| l.contains("Đảng số cuối năm"))
        .unwrap();
    assert_eq!(
        row.split('┆')
            .map(|c| c.trim_matches(['│', ' ']))
            .collect::<Vec<_>>(),
        ["Đảng số cuối năm", "5.100", "", ""]
    );
    assert_eq!(*fake.asked.lock().unwrap(), [2021, 2020]);
}

#[tokio::test]
async fn the_year_before_is_set_beside_and_its_other_refusals_are_errors() {
    let fake = Fake::default();
    let server = serve(fake.clone()).await;
    let (code, out, err) = run(
        &server,
        &["report", "year", "--year", "2022", "--org", "KHOI"],
    )
    .await;
    assert_eq!(code, 0, "{err}");
    let text = String::from_utf8(out).unwrap();
    let row = text
        .lines()
        .find(|l| l.contains("Đảng số cuối năm"))
        .unwrap();
    assert_eq!(
        row.split('┆')
            .map(|c| c.trim_matches(['│', ' ']))
            .collect::<Vec<_>>(),
        ["Đảng số cuối năm", "5.100", "5.100", "0,0%"]
    );
    // The year asked for must exist: only the year before may be missing.
    let (code, out, _) = run(
        &server,
        &["report", "year", "--year", "2020", "--org", "KHOI"],
    )
    .await;
    assert_eq!((code, out.len()), (4, 0));
    // 2018 is refused, not missing: the report fails rather than show a year as empty.
    let (code, out, err) = run(
        &server,
        &["report", "year", "--year", "2019", "--org", "KHOI"],
    )
    .await;
    assert_eq!((code, out.len()), (77, 0), "{err}");
    assert_eq!(*fake.asked.lock().unwrap(), [2022, 2021, 2020, 2019, 2018]);
}

#[tokio::test]
async fn json_asks_for_the_year_only() {
    let fake = Fake::default();
    let server = serve(fake.clone()).await;
    let (code, out, err) = run(
        &server,
        &[
            "report", "year", "--year", "2021", "--org", "KHOI", "--format", "json",
        ],
    )
    .await;
    assert_eq!(code, 0, "{err}");
    let value: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(value["org"], "KHOI");
    assert_eq!(value["headcount_end"], 5100);
    assert_eq!(value["target"]["admissions"], serde_json::Value::Null);
    assert_eq!(*fake.asked.lock().unwrap(), [2021]);
}

#[tokio::test]
async fn output_goes_to_the_file_and_nothing_to_stdout() {
    let server = serve(Fake::default()).await;
    let dir = tempfile::tempdir().unwrap();
    for (format, name) in [("csv", "r.csv"), ("xlsx", "r.xlsx"), ("table", "r.txt")] {
        let path = dir.path().join(name);
        let (code, out, err) = run(
            &server,
            &[
                "report",
                "year",
                "--year",
                "2021",
                "--org",
                "KHOI",
                "--format",
                format,
                "--output",
                path.to_str().unwrap(),
            ],
        )
        .await;
        assert_eq!((code, out.len()), (0, 0), "{format}: {err}");
        let bytes = std::fs::read(&path).unwrap();
        match format {
            "csv" => assert!(bytes.starts_with(BOM)),
            // A zip archive.
            "xlsx" => assert!(bytes.starts_with(b"PK\x03\x04")),
            _ => assert!(bytes.starts_with("Báo cáo thống kê năm 2021".as_bytes())),
        }
    }
    // A file that cannot be written is named in the error.
    let path = dir.path().join("no-such-dir").join("r.csv");
    let (code, _, err) = run(
        &server,
        &[
            "report",
            "year",
            "--year",
            "2021",
            "--org",
            "KHOI",
            "--format",
            "csv",
            "--output",
            path.to_str().unwrap(),
        ],
    )
    .await;
    assert_eq!(code, 1, "{err}");
    assert!(
        err.starts_with(&format!("lỗi: Không ghi được tệp {}: ", path.display())),
        "{err}"
    );
}

#[tokio::test]
async fn funnel_prints_the_stages() {
    let server = serve(Fake::default()).await;
    let (code, out, err) = run(
        &server,
        &[
            "report",
            "funnel",
            "--year",
            "2021",
            "--org",
            "KHOI",
            "--as-of",
            "2022-03-31",
            "--format",
            "json",
        ],
    )
    .await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&out).unwrap(),
        serde_json::json!({
            "org": "KHOI", "year": 2021, "as_of": "2022-03-31",
            "stages": [{"state": "sympathizer", "entered": 425, "admitted": 187, "admitted_share": 0.44}]
        })
    );
}

/// A workbook only for the year report, refused before anything is sent: nothing listens on
/// port 1, so a connection attempt would have been exit 69.
#[tokio::test]
async fn xlsx_elsewhere_is_a_usage_error() {
    for args in [
        &["org", "show", "KHOI", "--format", "xlsx"][..],
        &["report", "funnel", "--year", "2021", "--format", "xlsx"],
    ] {
        let (code, out, err) = run("http://127.0.0.1:1", args).await;
        assert_eq!((code, out.len()), (2, 0), "{args:?}");
        assert_eq!(
            err,
            "lỗi: --format xlsx chỉ dùng cho report year: hãy chọn table, json hoặc csv\n"
        );
    }
}
