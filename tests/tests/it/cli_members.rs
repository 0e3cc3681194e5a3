//! A member's life through the `dangvien` command line: admitted, the ceremony held late (and
//! flagged), recognised, carded, graded, disciplined, transferred, and deceased; `member show` and
//! `member timeline` read it back in Vietnamese and as JSON.

use dangvien_tests::{TestServer, servers};

use crate::cli_admission::{dangvien, ok};

/// `decide KIND --person P1 --id ID --date DAY --body BODY [--number NUMBER]`, then `extra`.
fn decide<'a>(
    kind: &'a str,
    id: &'a str,
    day: &'a str,
    number: &'a str,
    body: &'a str,
    extra: &[&'a str],
) -> Vec<&'a str> {
    let mut args = vec![
        "decide", kind, "--person", "P1", "--id", id, "--date", day, "--body", body,
    ];
    if !number.is_empty() {
        args.extend(["--number", number]);
    }
    args.extend_from_slice(extra);
    args
}

/// P1 (a Youth Union member) in CB01, sponsored by S1, a full member in CB02, admitted on
/// 2021-10-01 through every step of the case.
async fn admit_p1(server: &TestServer) {
    let mut orgs = server.orgs().await;
    crate::support::seed_tree(&mut orgs).await;
    let setup: [&[&str]; 3] = [
        &[
            "person",
            "add",
            "--id",
            "P1",
            "--name",
            "Nguyễn Thị Lan",
            "--gender",
            "female",
            "--birth-date",
            "1996-04-12",
            "--ethnicity",
            "Kinh",
            "--education",
            "upper_secondary",
            "--youth-union",
            "--cell",
            "CB01",
            "--cell-since",
            "2015-01-01",
        ],
        &[
            "person",
            "add",
            "--id",
            "S1",
            "--name",
            "Trần Văn Sơn",
            "--gender",
            "male",
            "--birth-date",
            "1970-02-03",
            "--ethnicity",
            "Tày",
            "--education",
            "upper_secondary",
            "--cell",
            "CB02",
            "--cell-since",
            "2015-01-01",
        ],
        &[
            "member",
            "register",
            "S1",
            "--admission-date",
            "2015-05-19",
            "--ceremony-date",
            "2015-06-01",
            "--official-date",
            "2016-06-01",
            "--status",
            "official",
        ],
    ];
    for args in setup {
        ok(&dangvien(server, args).await);
    }
    let steps = [
        decide("nominate", "A1", "2021-01-10", "", "CB01", &[]),
        decide(
            "recognize_sympathizer",
            "A2",
            "2021-03-15",
            "12-NQ/CB",
            "CB01",
            &["--mentor", "S1"],
        ),
        decide(
            "record_course",
            "A3",
            "2021-05-20",
            "CN-0457",
            "KHOI",
            &["--certificate-number", "0457", "--issuer", "Ban Tuyên giáo"],
        ),
        decide("open_dossier", "A4", "2021-06-01", "", "CB01", &[]),
        decide(
            "conclude_background_check",
            "A5",
            "2021-07-01",
            "31-KL/ĐU",
            "CS01",
            &[],
        ),
        decide(
            "record_introductions",
            "A6",
            "2021-08-02",
            "3-KNĐ/01",
            "CB01",
            &[
                "--sponsor",
                "S1:2018-01-01",
                "--union-resolution",
                "youth_union",
            ],
        ),
        decide(
            "record_cell_vote",
            "A7",
            "2021-09-01",
            "6-NQ/CB",
            "CB01",
            &[
                "--votes-for",
                "14",
                "--votes-against",
                "6",
                "--full-members",
                "20",
            ],
        ),
        decide(
            "record_committee_vote",
            "A8",
            "2021-09-15",
            "8-NQ/ĐU",
            "CS01",
            &["--votes-for", "5", "--members", "7"],
        ),
        decide("admit", "A9", "2021-10-01", "1234-QĐ/ĐU", "KHOI", &[]),
    ];
    for step in &steps {
        ok(&dangvien(server, step).await);
    }
}

#[tokio::test]
async fn a_clerk_follows_a_member_from_ceremony_to_death() {
    for server in servers().await {
        admit_p1(&server).await;

        // Six weeks after the admission neither the ceremony nor the residence introduction has
        // happened: both are overdue, in Vietnamese; a week in, the ceremony is only due soon.
        let overdue = dangvien(
            &server,
            &[
                "report",
                "overdue",
                "--as-of",
                "2021-11-30",
                "--org",
                "KHOI",
            ],
        )
        .await;
        ok(&overdue);
        let row = |flag: &str| {
            overdue
                .1
                .lines()
                .find(|l| l.contains(flag))
                .unwrap_or_else(|| panic!("{flag} missing from\n{}", overdue.1))
                .to_owned()
        };
        let ceremony = row("quá hạn tổ chức lễ kết nạp");
        for expected in [
            "P1",
            "Nguyễn Thị Lan",
            "CB01",
            "Tổ chức lễ kết nạp",
            "Quá hạn",
        ] {
            assert!(ceremony.contains(expected), "{expected}\n{}", overdue.1);
        }
        let residence = row("quá hạn giới thiệu sinh hoạt nơi cư trú");
        assert!(
            residence.contains("Giới thiệu sinh hoạt nơi cư trú"),
            "{}",
            overdue.1
        );
        let soon = dangvien(
            &server,
            &[
                "--format",
                "json",
                "report",
                "overdue",
                "--as-of",
                "2021-10-08",
                "--due-within",
                "30",
            ],
        )
        .await;
        ok(&soon);
        let items: serde_json::Value = serde_json::from_str(&soon.1).unwrap();
        let ceremony = items
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["next_decision"] == "hold_ceremony")
            .unwrap_or_else(|| panic!("{items}"));
        assert_eq!(ceremony["person"], "P1");
        assert_eq!(ceremony["flag"], "OVERDUE_CEREMONY");
        assert_eq!(ceremony["overdue"], false);
        assert_eq!(ceremony["working_days_late"], 0);

        // Introduced to the residence cell in time; the ceremony two months late: accepted, and
        // the flag reads in Vietnamese. No number is needed for a ceremony.
        ok(&dangvien(
            &server,
            &decide(
                "introduce-to-residence",
                "M1",
                "2021-10-20",
                "15-GT/ĐU",
                "CS01",
                &[
                    "--residence-cell",
                    "Chi bộ khu phố 3",
                    "--reported-date",
                    "2021-10-25",
                ],
            ),
        )
        .await);
        let ceremony = dangvien(
            &server,
            &decide("hold-ceremony", "M2", "2021-12-01", "", "CB01", &[]),
        )
        .await;
        ok(&ceremony);
        assert!(ceremony.1.contains("Tổ chức lễ kết nạp"), "{}", ceremony.1);
        assert!(
            ceremony.1.contains("quá hạn tổ chức lễ kết nạp"),
            "{}",
            ceremony.1
        );

        // A recognition vote before probation ends is refused by its rule, in Vietnamese.
        let votes = [
            "--votes-for",
            "2",
            "--votes-against",
            "0",
            "--full-members",
            "2",
        ];
        let early = dangvien(
            &server,
            &decide(
                "record-recognition-vote",
                "M3",
                "2022-11-01",
                "20-NQ/CB",
                "CB01",
                &votes,
            ),
        )
        .await;
        assert_eq!(early.0, 3, "{}", early.2);
        assert!(early.2.contains("[PROBATION_NOT_ENDED]"), "{}", early.2);
        let steps = [
            decide(
                "record_recognition_vote",
                "M3",
                "2022-12-05",
                "20-NQ/CB",
                "CB01",
                &votes,
            ),
            decide("recognize", "M4", "2022-12-20", "88-QĐ/ĐU", "CS01", &[]),
            decide(
                "issue_card",
                "M5",
                "2023-02-01",
                "9-QĐ/ĐU",
                "CS01",
                &["--card-number", "01234567"],
            ),
            decide(
                "rate",
                "M6",
                "2023-12-20",
                "30-NQ/ĐU",
                "CS01",
                &["--year", "2023", "--grade", "good"],
            ),
            decide(
                "discipline",
                "M7",
                "2024-03-01",
                "4-QĐ/ĐU",
                "CS01",
                &["--measure", "reprimand", "--reason", "Vắng sinh hoạt ba kỳ"],
            ),
            decide(
                "transfer",
                "M8",
                "2024-06-01",
                "7-QĐ/ĐU",
                "CS01",
                &["--kind", "internal", "--to", "CB02"],
            ),
            decide(
                "revoke",
                "M9",
                "2024-06-10",
                "8-QĐ/ĐU",
                "CS01",
                &["--revokes", "M6", "--reason", "Nhập nhầm năm"],
            ),
        ];
        for step in &steps {
            ok(&dangvien(&server, step).await);
        }

        // A mistake across flags never reaches the server; a missing reason is clap's.
        let (code, _, err) = dangvien(
            &server,
            &decide(
                "transfer",
                "X1",
                "2024-07-01",
                "9-QĐ/ĐU",
                "CS01",
                &[
                    "--kind",
                    "internal",
                    "--to",
                    "CB01",
                    "--until",
                    "2024-12-31",
                ],
            ),
        )
        .await;
        assert_eq!(code, 2, "{err}");
        assert!(
            err.contains("--until chỉ dùng khi chuyển tạm thời"),
            "{err}"
        );
        let (code, _, err) = dangvien(
            &server,
            &decide("strike_off", "X2", "2024-07-01", "9-QĐ/ĐU", "CS01", &[]),
        )
        .await;
        assert_eq!(code, 2, "{err}");

        // On the last day of 2024: official, in CB02, carded, three years and two months.
        let show = dangvien(&server, &["member", "show", "P1", "--as-of", "2024-12-31"]).await;
        ok(&show);
        for expected in [
            "Chính thức",
            "CB02",
            "01234567",
            "3 năm 2 tháng",
            "2021-10-20",
            "Tuổi Đảng",
        ] {
            assert!(show.1.contains(expected), "{expected}\n{}", show.1);
        }
        let json = dangvien(
            &server,
            &[
                "--format",
                "json",
                "member",
                "show",
                "P1",
                "--as-of",
                "2024-12-31",
            ],
        )
        .await;
        ok(&json);
        let member: serde_json::Value = serde_json::from_str(&json.1).unwrap();
        assert_eq!(member["status"], "official", "{member}");
        assert_eq!(member["cell"], "CB02", "{member}");
        assert_eq!(member["recognized"], true, "{member}");
        assert_eq!(member["card_number"], "01234567", "{member}");
        assert_eq!(member["seniority_years"], 3, "{member}");
        assert_eq!(member["seniority_months"], 2, "{member}");
        assert_eq!(member["exit"], serde_json::Value::Null, "{member}");

        // The list of CS01's members that day, by every filter the flags build.
        let list = |extra: &[&'static str]| {
            let mut args = vec![
                "--format",
                "json",
                "member",
                "list",
                "--org",
                "CS01",
                "--page-size",
                "1",
            ];
            args.extend_from_slice(extra);
            args
        };
        let people = |json: &str| -> Vec<String> {
            let members: serde_json::Value = serde_json::from_str(json).unwrap();
            let members = members.as_array().unwrap().iter();
            members
                .map(|m| m["person"].as_str().unwrap().to_owned())
                .collect()
        };
        let all = dangvien(&server, &list(&["--as-of", "2024-12-31"])).await;
        ok(&all);
        assert_eq!(people(&all.1), ["P1", "S1"]);
        let probationary = dangvien(
            &server,
            &list(&["--as-of", "2022-06-30", "--status", "probationary"]),
        )
        .await;
        ok(&probationary);
        assert_eq!(people(&probationary.1), ["P1"]);
        let admitted = dangvien(
            &server,
            &list(&[
                "--as-of",
                "2024-12-31",
                "--admitted-from",
                "2021-01-01",
                "--admitted-to",
                "2021-12-31",
            ]),
        )
        .await;
        ok(&admitted);
        assert_eq!(people(&admitted.1), ["P1"]);
        let table = dangvien(
            &server,
            &["member", "list", "--org", "CS01", "--as-of", "2024-12-31"],
        )
        .await;
        ok(&table);
        let p1 = table.1.lines().find(|l| l.starts_with("│ P1 ")).unwrap();
        assert!(p1.contains("3 năm 2 tháng"), "{}", table.1);
        assert!(p1.contains("Chính thức"), "{}", table.1);

        // Deceased: no number needed; afterwards only a revocation is accepted.
        ok(&dangvien(
            &server,
            &decide("record-death", "M10", "2025-01-10", "", "CB02", &[]),
        )
        .await);
        let (code, _, err) = dangvien(
            &server,
            &decide("suspend", "X3", "2025-02-01", "2-QĐ/ĐU", "CS01", &[]),
        )
        .await;
        assert_eq!(code, 3, "{err}");
        let show = dangvien(&server, &["member", "show", "P1", "--as-of", "2025-06-30"]).await;
        ok(&show);
        let exit = show.1.lines().find(|l| l.contains("Rời tổ chức")).unwrap();
        assert!(exit.contains("từ trần"), "{}", show.1);

        // The timeline: every decision, in Vietnamese, the late one flagged, the revoked one
        // marked with its revoker.
        let timeline = dangvien(&server, &["member", "timeline", "P1"]).await;
        ok(&timeline);
        let text = &timeline.1;
        let row = |id: &str| {
            text.lines()
                .find(|l| l.starts_with(&format!("│ {id} ")))
                .unwrap_or_else(|| panic!("{id} missing from\n{text}"))
                .to_owned()
        };
        assert!(row("M2").contains("quá hạn tổ chức lễ kết nạp"), "{text}");
        assert!(row("M6").contains("hoàn thành tốt nhiệm vụ"), "{text}");
        assert!(row("M6").contains("M9"), "{text}");
        assert!(row("M7").contains("khiển trách"), "{text}");
        assert!(row("M8").contains("nội bộ → CB02"), "{text}");
        assert!(row("M10").contains("Từ trần"), "{text}");
        let json = dangvien(&server, &["--format", "json", "member", "timeline", "P1"]).await;
        ok(&json);
        let decisions: serde_json::Value = serde_json::from_str(&json.1).unwrap();
        let kinds: Vec<&str> = decisions
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["kind"].as_str().unwrap())
            .collect();
        assert_eq!(
            kinds,
            [
                "nominate",
                "recognize_sympathizer",
                "record_course",
                "open_dossier",
                "conclude_background_check",
                "record_introductions",
                "record_cell_vote",
                "record_committee_vote",
                "admit",
                "introduce_to_residence",
                "hold_ceremony",
                "record_recognition_vote",
                "recognize",
                "issue_card",
                "rate",
                "discipline",
                "transfer",
                "revoke",
                "record_death",
            ],
            "{}",
            server.backend()
        );
        server.stop().await.unwrap();
    }
}
