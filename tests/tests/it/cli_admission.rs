//! A person walked from NOMINATE to ADMIT through the `dangvien` command line.

use dangvien_tests::{TestServer, servers};

/// Runs `dangvien --lang vi` in process against `server`: exit code, stdout, stderr.
pub(crate) async fn dangvien(server: &TestServer, args: &[&str]) -> (i32, String, String) {
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

/// Asserts the run succeeded, showing what it printed otherwise.
#[track_caller]
pub(crate) fn ok((code, out, err): &(i32, String, String)) {
    assert_eq!(*code, 0, "stdout: {out}\nstderr: {err}");
}

#[tokio::test]
async fn a_clerk_takes_a_person_from_nomination_to_admission() {
    for server in servers().await {
        let mut orgs = server.orgs().await;
        crate::support::seed_tree(&mut orgs).await;
        ok(&dangvien(
            &server,
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
        )
        .await);
        ok(&dangvien(
            &server,
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
        )
        .await);
        ok(&dangvien(
            &server,
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
        )
        .await);

        let common =
            |kind: &'static str, day: &'static str, number: &'static str, body: &'static str| {
                let mut args = vec![
                    "decide", kind, "--person", "P1", "--date", day, "--body", body,
                ];
                if !number.is_empty() {
                    args.extend(["--number", number]);
                }
                args
            };
        let steps: Vec<Vec<&str>> = vec![
            common("nominate", "2021-01-10", "", "CB01"),
            [
                common("recognize_sympathizer", "2021-03-15", "12-NQ/CB", "CB01"),
                vec!["--mentor", "S1"],
            ]
            .concat(),
            [
                common("record_course", "2021-05-20", "CN-0457", "KHOI"),
                vec![
                    "--certificate-number",
                    "0457",
                    "--issuer",
                    "Ban Tuyên giáo Đảng ủy Khối",
                ],
            ]
            .concat(),
            common("open_dossier", "2021-06-01", "", "CB01"),
            common(
                "conclude_background_check",
                "2021-07-01",
                "31-KL/ĐU",
                "CS01",
            ),
            [
                common("record_introductions", "2021-08-02", "3-KNĐ/01", "CB01"),
                vec![
                    "--sponsor",
                    "S1:2018-01-01",
                    "--union-resolution",
                    "youth_union",
                ],
            ]
            .concat(),
        ];
        for step in &steps {
            ok(&dangvien(&server, step).await);
        }
        // A vote short of two thirds is refused, exit 3, in Vietnamese, and changes nothing.
        let short = [
            common("record_cell_vote", "2021-09-01", "6-NQ/CB", "CB01"),
            vec![
                "--votes-for",
                "13",
                "--votes-against",
                "7",
                "--full-members",
                "20",
            ],
        ]
        .concat();
        let (code, out, err) = dangvien(&server, &short).await;
        assert_eq!(code, 3, "{err}");
        assert!(out.is_empty());
        assert!(
            err.contains("Cần ít nhất 14/20 đảng viên chính thức tán thành (2/3), mới có 13"),
            "{err}"
        );
        let rest: Vec<Vec<&str>> = vec![
            [
                common("record_cell_vote", "2021-09-01", "6-NQ/CB", "CB01"),
                vec![
                    "--votes-for",
                    "14",
                    "--votes-against",
                    "6",
                    "--full-members",
                    "20",
                ],
            ]
            .concat(),
            [
                common("record_committee_vote", "2021-09-15", "8-NQ/ĐU", "CS01"),
                vec!["--votes-for", "5", "--members", "7"],
            ]
            .concat(),
            common("admit", "2021-10-01", "1234-QĐ/ĐU", "KHOI"),
        ];
        for step in &rest {
            ok(&dangvien(&server, step).await);
        }

        let json = dangvien(&server, &["--format", "json", "case", "show", "P1"]).await;
        ok(&json);
        let case: serde_json::Value = serde_json::from_str(&json.1).unwrap();
        assert_eq!(case["state"], "admitted", "{}", server.backend());
        assert_eq!(case["timeline"].as_array().unwrap().len(), 9);
        let table = dangvien(&server, &["case", "show", "P1"]).await;
        ok(&table);
        assert!(table.1.contains("Quyết định kết nạp"), "{}", table.1);
        let member = dangvien(
            &server,
            &[
                "--format",
                "json",
                "member",
                "show",
                "P1",
                "--as-of",
                "2021-12-31",
            ],
        )
        .await;
        ok(&member);
        let member: serde_json::Value = serde_json::from_str(&member.1).unwrap();
        assert_eq!(member["status"], "probationary");
        server.stop().await.unwrap();
    }
}
