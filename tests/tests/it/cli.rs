//! The `dangvien` command line end to end, run in process against the test servers.

use dangvien_tests::{TestServer, servers};

/// What one `dangvien` run printed, and its exit code.
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) out: String,
    pub(crate) err: String,
}

/// Runs `dangvien` in process against `server`, in Vietnamese unless `args` say otherwise.
pub(crate) async fn dangvien(server: &TestServer, args: &[&str]) -> Run {
    let url = server.url();
    let mut argv = vec!["dangvien", "--server", url.as_str()];
    // Vietnamese unless the test asks otherwise, whatever DANGVIEN_LANG says.
    if !args.contains(&"--lang") {
        argv.extend(["--lang", "vi"]);
    }
    argv.extend_from_slice(args);
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = dangvien_client::run(argv, &mut out, &mut err).await;
    Run {
        code,
        out: String::from_utf8(out).unwrap(),
        err: String::from_utf8(err).unwrap(),
    }
}

#[track_caller]
fn ok(run: &Run) {
    assert_eq!(run.code, 0, "stdout: {}\nstderr: {}", run.out, run.err);
}

async fn create(server: &TestServer, code: &str, name: &str, kind: &str, parent: Option<&str>) {
    let mut args = vec![
        "org",
        "create",
        "--code",
        code,
        "--name",
        name,
        "--kind",
        kind,
        "--sector",
        "state_agency",
        "--valid-from",
        "2015-01-01",
    ];
    if let Some(parent) = parent {
        args.extend(["--parent", parent]);
    }
    ok(&dangvien(server, &args).await);
}

async fn seed(server: &TestServer) {
    create(
        server,
        "KHOI",
        "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh",
        "bloc",
        None,
    )
    .await;
    create(
        server,
        "CS01",
        "Đảng bộ Công ty Điện lực",
        "grassroots_committee",
        Some("KHOI"),
    )
    .await;
    create(
        server,
        "CB01",
        "Chi bộ Phòng Kỹ thuật",
        "cell",
        Some("CS01"),
    )
    .await;
    create(
        server,
        "CB02",
        "Chi bộ Phòng Kinh doanh",
        "cell",
        Some("CS01"),
    )
    .await;
    create(
        server,
        "CS02",
        "Chi bộ Sở Tài chính",
        "grassroots_cell",
        Some("KHOI"),
    )
    .await;
}

#[tokio::test]
async fn a_clerk_builds_and_draws_the_tree_in_vietnamese() {
    for server in servers().await {
        seed(&server).await;
        let tree = dangvien(&server, &["org", "tree"]).await;
        ok(&tree);
        assert_eq!(
            tree.out,
            "KHOI  Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh (Đảng bộ khối)\n\
             ├── CS01  Đảng bộ Công ty Điện lực (Đảng bộ cơ sở)\n\
             │   ├── CB01  Chi bộ Phòng Kỹ thuật (Chi bộ trực thuộc)\n\
             │   └── CB02  Chi bộ Phòng Kinh doanh (Chi bộ trực thuộc)\n\
             └── CS02  Chi bộ Sở Tài chính (Chi bộ cơ sở)\n",
            "{}",
            server.backend()
        );
        let english = dangvien(&server, &["--lang", "en", "org", "tree", "--root", "CS01"]).await;
        ok(&english);
        assert!(
            english
                .out
                .starts_with("CS01  Đảng bộ Công ty Điện lực (grassroots committee)\n"),
            "{}",
            english.out
        );
        assert!(!english.out.contains("KHOI"));
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn json_and_csv_carry_stable_keys() {
    for server in servers().await {
        seed(&server).await;
        let show = dangvien(&server, &["--format", "json", "org", "show", "CB01"]).await;
        ok(&show);
        let org: serde_json::Value = serde_json::from_str(&show.out).unwrap();
        assert_eq!(org["code"], "CB01");
        assert_eq!(org["name"], "Chi bộ Phòng Kỹ thuật");
        assert_eq!(org["kind"], "cell");
        assert_eq!(org["sector"], "state_agency");
        assert_eq!(org["parent"], "CS01");
        assert_eq!(org["valid_from"], "2015-01-01");
        assert_eq!(org["valid_to"], serde_json::Value::Null);

        let list = dangvien(
            &server,
            &["--format", "csv", "org", "list", "--kind", "cell"],
        )
        .await;
        ok(&list);
        assert!(list.out.starts_with('\u{feff}'), "no BOM: {:?}", list.out);
        let lines: Vec<_> = list.out.trim_start_matches('\u{feff}').lines().collect();
        assert!(
            lines[0].starts_with("code,name,kind,sector,parent"),
            "{}",
            lines[0]
        );
        assert_eq!(lines.len(), 3, "{}", list.out);
        assert!(lines[1].starts_with("CB01,") && lines[2].starts_with("CB02,"));
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn moves_and_dissolutions_show_in_the_tree_of_their_day() {
    for server in servers().await {
        seed(&server).await;
        create(&server, "KHOI2", "Đảng bộ Khối doanh nghiệp", "bloc", None).await;
        ok(&dangvien(
            &server,
            &[
                "org",
                "move",
                "CS02",
                "--parent",
                "KHOI2",
                "--date",
                "2025-07-01",
                "--number",
                "12-QĐ/TU",
            ],
        )
        .await);
        ok(&dangvien(
            &server,
            &[
                "org",
                "dissolve",
                "CB02",
                "--date",
                "2024-01-01",
                "--body",
                "CS01",
            ],
        )
        .await);
        let before = dangvien(
            &server,
            &["org", "tree", "--root", "KHOI", "--as-of", "2023-12-31"],
        )
        .await;
        ok(&before);
        assert!(
            before.out.contains("CB02") && before.out.contains("CS02"),
            "{}",
            before.out
        );
        let after = dangvien(&server, &["org", "tree", "--root", "KHOI"]).await;
        ok(&after);
        assert!(
            !after.out.contains("CB02") && !after.out.contains("CS02"),
            "{}",
            after.out
        );
        let renamed = dangvien(
            &server,
            &[
                "--format",
                "json",
                "org",
                "update",
                "CS01",
                "--name",
                "Đảng bộ EVN tỉnh",
            ],
        )
        .await;
        ok(&renamed);
        assert!(renamed.out.contains("Đảng bộ EVN tỉnh"));
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn refusals_exit_with_their_documented_codes_and_say_why() {
    for server in servers().await {
        seed(&server).await;
        let cases: [(&[&str], i32, &str); 6] = [
            (
                &[
                    "org",
                    "create",
                    "--code",
                    "X1",
                    "--name",
                    "Sai cấp",
                    "--kind",
                    "cell",
                    "--sector",
                    "other",
                    "--parent",
                    "KHOI",
                ],
                3,
                "Chi bộ trực thuộc phải trực thuộc Đảng bộ cơ sở hoặc Đảng bộ bộ phận",
            ),
            (&["org", "show", "NOPE"], 4, "Không có tổ chức đảng mã NOPE"),
            (
                &[
                    "org",
                    "create",
                    "--code",
                    "CB01",
                    "--name",
                    "Trùng mã",
                    "--kind",
                    "cell",
                    "--sector",
                    "other",
                    "--parent",
                    "CS01",
                ],
                5,
                "Đã có tổ chức đảng mã CB01",
            ),
            (
                &[
                    "org", "create", "--code", "X2", "--name", "  ", "--kind", "bloc", "--sector",
                    "other",
                ],
                65,
                "organization.display_name: không được để trống",
            ),
            (
                &["org", "dissolve", "CS01", "--date", "2025-01-01"],
                3,
                "còn tổ chức trực thuộc (CB01, CB02)",
            ),
            (
                &[
                    "org",
                    "move",
                    "CS01",
                    "--parent",
                    "KHOI",
                    "--date",
                    "2025-02-30",
                ],
                2,
                "2025-02-30",
            ),
        ];
        for (args, code, says) in cases {
            let run = dangvien(&server, args).await;
            assert_eq!(run.code, code, "{args:?}: {}", run.err);
            assert!(run.err.contains(says), "{args:?}: {}", run.err);
            assert!(run.out.is_empty(), "{args:?} printed data: {}", run.out);
        }
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_replayed_request_id_gives_the_same_answer() {
    for server in servers().await {
        let args = [
            "--request-id",
            "cli-replay-1",
            "--format",
            "json",
            "org",
            "create",
            "--name",
            "Đảng bộ Khối",
            "--kind",
            "bloc",
            "--sector",
            "other",
        ];
        let first = dangvien(&server, &args).await;
        ok(&first);
        assert!(first.err.contains("cli-replay-1"), "{}", first.err);
        let again = dangvien(&server, &args).await;
        ok(&again);
        assert_eq!(first.out, again.out);
        let list = dangvien(&server, &["--format", "json", "org", "list"]).await;
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&list.out)
                .unwrap()
                .as_array()
                .unwrap()
                .len(),
            1
        );
        let other = dangvien(
            &server,
            &[
                "--request-id",
                "cli-replay-1",
                "org",
                "create",
                "--name",
                "Khác",
                "--kind",
                "bloc",
                "--sector",
                "other",
            ],
        )
        .await;
        assert_eq!(other.code, 65, "{}", other.err);
        assert!(other.err.contains("REQUEST_ID_REUSED"));
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_server_that_is_not_there_is_exit_69() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let url = format!("http://{addr}");
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = dangvien_client::run(
        // A server that stays away is waited for up to the timeout (it may be starting).
        [
            "dangvien",
            "--server",
            &url,
            "--timeout",
            "1",
            "org",
            "list",
        ],
        &mut out,
        &mut err,
    )
    .await;
    assert_eq!(code, 69);
    assert!(
        String::from_utf8(err)
            .unwrap()
            .contains("Không kết nối được máy chủ")
    );
}
