//! A bloc's records imported as a department holds them: a tree valid from 2015 (and one
//! grassroots cell established in 2018), 49 persons who carry their current cell and no
//! `cell_since`, members admitted from 1975 in organisations the file no longer has, a
//! transfer-in, then the decisions of 2018–2022. The file imports with no refusal, and the
//! reports of 2014, 2015, 2018 and 2021 are the figures worked out by hand on [`file`]'s list.

use dangvien_proto::v1::{self as pb, LineOutcome as O, admin_service_client::AdminServiceClient};
use dangvien_tests::{TestServer, servers};
use tonic::Code;

use crate::{
    member_support::assert_verified,
    report_support::stats,
    support::name,
    sync_support::{export, fresh_like, import},
};

/// A member of the file: id, cell, admission date (`YYYY-MM-DD`).
type Member = (String, &'static str, String);

/// The members registered from earlier records, by cell:
/// - CB01 (a cell of the grassroots committee CS01): M01–M11 admitted 1975–2013, M12 admitted
///   2016-08-20 (inside the recorded history);
/// - CB02 (a cell of CS01): M13–M22 admitted 1975–2013;
/// - CS02 (a grassroots cell): M23–M35 admitted 1975–2013, M36 admitted 2014-05-19 (official on
///   2015-06-01);
/// - CS03 (a grassroots cell established 2018-01-01): M37–M40 admitted 1975–2013.
fn members() -> Vec<Member> {
    (1..=40)
        .map(|n: u32| {
            let cell = match n {
                1..=12 => "CB01",
                13..=22 => "CB02",
                23..=36 => "CS02",
                _ => "CS03",
            };
            let admitted = match n {
                12 => "2016-08-20".to_owned(),
                36 => "2014-05-19".to_owned(),
                _ => format!("{}-05-19", 1975 + (n * 7) % 39),
            };
            (format!("M{n:02}"), cell, admitted)
        })
        .collect()
}

/// The same day `years` later.
fn later(day: &str, years: i32, month_day: &str) -> String {
    let year: i32 = day[..4].parse().unwrap();
    format!("{}-{month_day}", year + years)
}

fn person(id: &str, cell: &str, birth: &str, female: bool) -> String {
    let gender = if female { "female" } else { "male" };
    format!(
        r#"{{"kind":"person","external_id":"{id}","full_name":"Người {id}","gender":"{gender}","birth_date":"{birth}","ethnicity":"Kinh","religion":null,"education":"upper_secondary","youth_union":false,"trade_union":false,"org":"{cell}"}}"#
    )
}

fn org(code: &str, kind: &str, parent: Option<&str>, sector: &str, from: &str) -> String {
    let parent = parent.map_or_else(|| "null".to_owned(), |p| format!("\"{p}\""));
    format!(
        r#"{{"kind":"org","code":"{code}","name":"Tổ chức {code}","org_kind":"{kind}","parent":{parent},"sector":"{sector}","valid_from":"{from}"}}"#
    )
}

/// One decision line: id, kind, person, date, body, and the kind's own keys (`,"k":v…` or "").
fn decision(id: &str, kind: &str, who: &str, day: &str, body: &str, extra: &str) -> String {
    format!(
        r#"{{"kind":"decision","external_id":"{id}","decision":"{kind}","person":"{who}","date":"{day}","number":"{id}/QĐ","body":"{body}"{extra}}}"#
    )
}

/// Decisions of `who`, each (kind, date, body, the kind's own keys), with ids `{who}-{kind}`.
fn steps(who: &str, steps: &[(&str, &str, &str, &str)]) -> Vec<String> {
    steps
        .iter()
        .map(|(kind, day, body, extra)| {
            decision(&format!("{who}-{kind}"), kind, who, day, body, extra)
        })
        .collect()
}

/// The department's file. Besides the members above:
/// - N1 (CB01, born 1988) nominated 2019-03-04 and admitted 2019-12-16 by CS01, ceremony
///   2020-01-06, recognised official 2021-01-25 (official from 2021-01-06);
/// - N2 (CS02, born 1990) nominated 2021-01-04 and admitted 2021-03-29 by KHOI, ceremony
///   2021-04-12, introduced to her residence cell 2021-04-20, recognised 2022-05-03;
/// - N3 (CB02) nominated 2018-04-02, dropped 2020-05-04;
/// - T1 (CB02) transferred in on 2019-03-01 (admitted elsewhere in 2005);
/// - C1–C5 non-members with no case (CB01 ×3, CB02, CS02);
/// - M35 (CS02) resigns 2018-05-02; M22 (CB02) dies 2021-06-10; M37 (CS03) gets a card in 2022;
/// - 2021 ratings in CS02: M24–M28 good, M23 excellent.
fn file() -> String {
    let mut lines = vec![
        org("KHOI", "bloc", None, "state_agency", "2015-01-01"),
        org(
            "CS01",
            "grassroots_committee",
            Some("KHOI"),
            "state_agency",
            "2015-01-01",
        ),
        org("CB01", "cell", Some("CS01"), "state_agency", "2015-01-01"),
        org("CB02", "cell", Some("CS01"), "state_agency", "2015-01-01"),
        org(
            "CS02",
            "grassroots_cell",
            Some("KHOI"),
            "public_service_unit",
            "2015-01-01",
        ),
        org(
            "CS03",
            "grassroots_cell",
            Some("KHOI"),
            "state_enterprise",
            "2018-01-01",
        ),
    ];
    for (i, (id, cell, admitted)) in members().iter().enumerate() {
        lines.push(person(id, cell, &later(admitted, -25, "03-03"), i % 3 == 0));
    }
    for (id, cell, birth) in [
        ("N1", "CB01", "1988-03-03"),
        ("N2", "CS02", "1990-05-05"),
        ("N3", "CB02", "1995-07-07"),
        ("T1", "CB02", "1980-01-01"),
        ("C1", "CB01", "1999-01-01"),
        ("C2", "CB01", "1998-02-02"),
        ("C3", "CB01", "1997-03-03"),
        ("C4", "CB02", "1996-04-04"),
        ("C5", "CS02", "1994-05-05"),
    ] {
        lines.push(person(id, cell, birth, id == "N2"));
    }
    for (id, _, admitted) in members() {
        let (ceremony, official) = match admitted.as_str() {
            "2016-08-20" => ("2016-09-05".to_owned(), "2017-09-05".to_owned()),
            _ => (later(&admitted, 0, "06-01"), later(&admitted, 1, "06-01")),
        };
        lines.push(format!(
            r#"{{"kind":"member","person":"{id}","admission_date":"{admitted}","ceremony_date":"{ceremony}","official_date":"{official}","status":"official","origin":"existing"}}"#
        ));
    }
    lines.push(r#"{"kind":"member","person":"T1","admission_date":"2005-03-10","ceremony_date":"2005-03-25","official_date":"2006-03-25","status":"official","since":"2019-03-01","origin":"transfer_in"}"#.to_owned());

    let sponsors = |a: &str, b: &str| {
        format!(
            r#","sponsors":[{{"person":"{a}","known_since":"2017-01-01"}},{{"person":"{b}","known_since":"2017-01-01"}}],"union_resolution":null"#
        )
    };
    let course = r#","certificate_number":"C-1","issuer":"Trung tâm Chính trị""#;
    let residence = |reported: &str| {
        format!(r#","residence_cell":"Chi bộ khu phố 1","reported_date":"{reported}""#)
    };
    let n1_sponsors = sponsors("M01", "M02");
    let n2_sponsors = sponsors("M23", "M24");
    let n1_residence = residence("2020-01-10");
    let n2_residence = residence("2021-04-25");
    lines.push(decision("N3-1", "nominate", "N3", "2018-04-02", "CB02", ""));
    lines.push(decision(
        "M35-1",
        "accept_resignation",
        "M35",
        "2018-05-02",
        "CS02",
        "",
    ));
    lines.extend(steps(
        "N1",
        &[
            ("nominate", "2019-03-04", "CB01", ""),
            ("recognize_sympathizer", "2019-04-08", "CB01", ""),
            ("record_course", "2019-06-10", "CS01", course),
            ("open_dossier", "2019-07-01", "CB01", ""),
            ("conclude_background_check", "2019-09-02", "CS01", ""),
            ("record_introductions", "2019-10-01", "CB01", &n1_sponsors),
            (
                "record_cell_vote",
                "2019-11-05",
                "CB01",
                r#","votes_for":11,"votes_against":1,"full_members":12"#,
            ),
            (
                "record_committee_vote",
                "2019-11-26",
                "CS01",
                r#","votes_for":7,"members":9"#,
            ),
            ("admit", "2019-12-16", "CS01", ""),
            ("hold_ceremony", "2020-01-06", "CB01", ""),
            (
                "introduce_to_residence",
                "2020-01-08",
                "CB01",
                &n1_residence,
            ),
        ],
    ));
    lines.push(decision(
        "N3-2",
        "drop",
        "N3",
        "2020-05-04",
        "CB02",
        r#","reason":"Chuyển công tác""#,
    ));
    lines.extend(steps(
        "N1",
        &[
            (
                "record_recognition_vote",
                "2021-01-11",
                "CB01",
                r#","votes_for":11,"votes_against":0,"full_members":12"#,
            ),
            ("recognize", "2021-01-25", "CS01", ""),
        ],
    ));
    lines.extend(steps(
        "N2",
        &[
            ("nominate", "2021-01-04", "CS02", ""),
            ("recognize_sympathizer", "2021-01-18", "CS02", ""),
            ("record_course", "2021-02-01", "CS02", course),
            ("open_dossier", "2021-02-22", "CS02", ""),
            ("conclude_background_check", "2021-03-01", "CS02", ""),
            ("record_introductions", "2021-03-08", "CS02", &n2_sponsors),
            (
                "record_cell_vote",
                "2021-03-15",
                "CS02",
                r#","votes_for":12,"votes_against":1,"full_members":13"#,
            ),
            ("admit", "2021-03-29", "KHOI", ""),
            ("hold_ceremony", "2021-04-12", "CS02", ""),
            (
                "introduce_to_residence",
                "2021-04-20",
                "CS02",
                &n2_residence,
            ),
        ],
    ));
    lines.push(decision(
        "M22-1",
        "record_death",
        "M22",
        "2021-06-10",
        "CB02",
        "",
    ));
    // Good grades first: an import judges the excellent quota line by line.
    for (who, grade) in [
        ("M24", "good"),
        ("M25", "good"),
        ("M26", "good"),
        ("M27", "good"),
        ("M28", "good"),
        ("M23", "excellent"),
    ] {
        let extra = format!(r#","year":2021,"grade":"{grade}""#);
        lines.push(decision(
            &format!("{who}-XL"),
            "rate",
            who,
            "2021-12-20",
            "CS02",
            &extra,
        ));
    }
    lines.push(decision(
        "M37-1",
        "issue_card",
        "M37",
        "2022-03-01",
        "KHOI",
        r#","card_number":"78.000037""#,
    ));
    lines.extend(steps(
        "N2",
        &[
            (
                "record_recognition_vote",
                "2022-04-18",
                "CS02",
                r#","votes_for":12,"votes_against":0,"full_members":13"#,
            ),
            ("recognize", "2022-05-03", "KHOI", ""),
        ],
    ));
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// The figures a report is checked by: (start, end, official, probationary), gains (admitted,
/// transferred in, reorganised in), losses (transferred out, deceased, struck off, resigned,
/// reorganised out), the pipeline (nominated, sympathizers, courses, cell approved, admitted,
/// ceremonies, recognised), organisations (grassroots committees, grassroots cells, cells),
/// residence (due, on time), ratings (excellent, good).
type Figures = (
    [i64; 4],
    [i64; 3],
    [i64; 5],
    [i64; 7],
    [i64; 3],
    [i64; 2],
    [i64; 2],
);

fn figures(r: &pb::YearReport) -> Figures {
    let g = r.gains.unwrap_or_default();
    let l = r.losses.unwrap_or_default();
    let p = r.pipeline.unwrap_or_default();
    let o = r.organizations.unwrap_or_default();
    let ri = r.residence_introductions.unwrap_or_default();
    let ra = r.ratings.unwrap_or_default();
    (
        [
            r.headcount_start,
            r.headcount_end,
            r.official_end,
            r.probationary_end,
        ],
        [g.admitted, g.transferred_in, g.reorganized_in],
        [
            l.transferred_out,
            l.deceased,
            l.struck_off,
            l.resigned,
            l.reorganized_out,
        ],
        [
            p.nominated,
            p.sympathizers_recognized,
            p.courses_completed,
            p.cell_approved,
            p.admitted,
            p.ceremonies_held,
            p.recognized_official,
        ],
        [o.grassroots_committees, o.grassroots_cells, o.cells],
        [ri.due, ri.on_time],
        [ra.excellent, ra.good],
    )
}

/// The report of `org` (all roots when empty) for `year`, or the code it was refused with.
async fn report(server: &TestServer, org: &str, year: i32) -> Result<pb::YearReport, Code> {
    let org = if org.is_empty() {
        String::new()
    } else {
        name(org)
    };
    stats(server)
        .await
        .get_year_report(pb::GetYearReportRequest { org, year })
        .await
        .map(tonic::Response::into_inner)
        .map_err(|s| s.code())
}

async fn check_reports(server: &TestServer) {
    let b = server.backend();
    let got = |org: &'static str, year| async move {
        let r = report(server, org, year)
            .await
            .unwrap_or_else(|c| panic!("{b}: report {org:?} {year}: {c:?}"));
        figures(&r)
    };
    // 2014: no organisation existed; nobody counts anywhere, not even among all roots, though
    // 39 of the members (all but M12) were admitted by then.
    assert_eq!(
        report(server, "KHOI", 2014).await.unwrap_err(),
        Code::NotFound,
        "{b}"
    );
    assert_eq!(
        report(server, "CS01", 2014).await.unwrap_err(),
        Code::NotFound,
        "{b}"
    );
    assert_eq!(
        got("", 2014).await,
        Default::default(),
        "{b}: all roots 2014"
    );

    // 2015: the tree begins, and carries in the 35 members admitted before it (CB01 11, CB02 10,
    // CS02 14; M36's official date is 2015-06-01); nobody is counted as admitted.
    let all_2015 = (
        [0, 35, 35, 0],
        [0, 0, 35],
        [0; 5],
        [0; 7],
        [1, 1, 2],
        [0; 2],
        [0; 2],
    );
    assert_eq!(got("", 2015).await, all_2015, "{b}: all roots 2015");
    assert_eq!(got("KHOI", 2015).await, all_2015, "{b}: KHOI 2015");
    let cs01_2015 = (
        [0, 21, 21, 0],
        [0, 0, 21],
        [0; 5],
        [0; 7],
        [1, 0, 2],
        [0; 2],
        [0; 2],
    );
    assert_eq!(got("CS01", 2015).await, cs01_2015, "{b}: CS01 2015");

    // 2018: 36 at the start (M12 admitted 2016); CS03 is established with its 4 members, M35
    // resigns, N3 is nominated.
    let all_2018 = (
        [36, 39, 39, 0],
        [0, 0, 4],
        [0, 0, 0, 1, 0],
        [1, 0, 0, 0, 0, 0, 0],
        [1, 2, 2],
        [0; 2],
        [0; 2],
    );
    assert_eq!(got("", 2018).await, all_2018, "{b}: all roots 2018");
    assert_eq!(got("KHOI", 2018).await, all_2018, "{b}: KHOI 2018");
    let cs03_2018 = (
        [0, 4, 4, 0],
        [0, 0, 4],
        [0; 5],
        [0; 7],
        [0, 1, 0],
        [0; 2],
        [0; 2],
    );
    assert_eq!(got("CS03", 2018).await, cs03_2018, "{b}: CS03 2018");

    // 2021: 41 at the start (39, T1 and N1 in 2019); N2 admitted, M22 dies; N1 recognised
    // official, N2 still probationary; six ratings in CS02.
    let all_2021 = (
        [41, 41, 40, 1],
        [1, 0, 0],
        [0, 1, 0, 0, 0],
        [1, 1, 1, 1, 1, 1, 1],
        [1, 2, 2],
        [1, 1],
        [1, 5],
    );
    assert_eq!(got("", 2021).await, all_2021, "{b}: all roots 2021");
    assert_eq!(got("KHOI", 2021).await, all_2021, "{b}: KHOI 2021");
    // CS01: 21 + M12 + T1 + N1 = 24 at the start; M22 (CB02) dies; N1 recognised.
    let cs01_2021 = (
        [24, 23, 23, 0],
        [0, 0, 0],
        [0, 1, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 1],
        [1, 0, 2],
        [0; 2],
        [0; 2],
    );
    assert_eq!(got("CS01", 2021).await, cs01_2021, "{b}: CS01 2021");
    let khoi = report(server, "KHOI", 2021).await.unwrap();
    let rate = khoi.target.and_then(|t| t.admission_rate);
    assert_eq!(rate, Some(0.0244), "{b}: 1 admitted of 41");
}

#[tokio::test]
async fn a_department_file_with_a_tree_younger_than_its_members_imports_whole() {
    let file = file();
    for server in servers().await {
        let b = server.backend();
        let imported = import(&server, file.as_bytes()).await;
        assert_eq!(imported.refusals(), [], "{b}: {:#?}", imported.results);
        assert_eq!(
            imported.summary().accepted,
            i64::try_from(file.lines().count()).unwrap()
        );
        check_reports(&server).await;
        assert_verified(&server).await;
        // The recount covers the 44 persons with a decision or a registration (40 registered,
        // T1, N1–N3), not only those with decisions: C1–C5 add nothing to any figure.
        let verified = AdminServiceClient::new(server.channel().await.unwrap())
            .verify(pb::VerifyRequest {})
            .await
            .unwrap()
            .into_inner();
        assert_eq!(verified.persons_checked, 44, "{b}");
        let (exported, _) = export(&server, "").await;

        // The department sends its whole file again the next night (under another import id,
        // as a changed file would be): every line is found stored as it says, nothing changes.
        let resent = import(&server, file.as_bytes()).await;
        let outcomes = resent.outcomes();
        assert!(
            outcomes.iter().all(|o| *o == O::SkippedIdentical),
            "{b}: {:#?}",
            resent.results
        );
        assert!(
            export(&server, "").await.0 == exported,
            "{b}: a resent file changed the records"
        );

        // A person without cell_since is in the cell from the cell's start, and the export
        // says so.
        assert!(
            exported.contains(r#""external_id":"M37","#)
                && exported.contains(r#""org":"CS03","cell_since":"2018-01-01"}"#),
            "{b}: {exported}"
        );

        // A decision dated before the person's recorded cells is still refused, and says why.
        let early = decision("M37-0", "record_death", "M37", "2017-06-01", "CS03", "");
        let refused = import(&server, format!("{early}\n").as_bytes()).await;
        let result = &refused.results[0];
        assert_eq!(result.outcome(), O::Refused, "{b}");
        assert_eq!(result.reason, "DATE_BEFORE_PREVIOUS_STEP", "{b}");
        assert!(
            result.message.contains("2018-01-01"),
            "{b}: {}",
            result.message
        );

        // The whole deployment exported and imported into an empty database: the same bytes,
        // the same reports.
        let copy = fresh_like(&server).await;
        let again = import(&copy, exported.as_bytes()).await;
        assert_eq!(again.refusals(), [], "{b}");
        let (exported_again, _) = export(&copy, "").await;
        assert!(
            exported == exported_again,
            "{b}: the export changed on its way"
        );
        for org in ["", "KHOI", "CS01", "CB02", "CS02", "CS03"] {
            for year in 2014..=2025 {
                // Every year reconciles (else INTERNAL), before the tree as after it.
                let original = report(&server, org, year).await;
                assert!(
                    original.is_ok() || original == Err(Code::NotFound),
                    "{b}: {org:?} {year}: {original:?}"
                );
                assert_eq!(
                    original,
                    report(&copy, org, year).await,
                    "{b}: {org:?} {year}"
                );
            }
        }
        check_reports(&copy).await;
        assert_verified(&copy).await;
        copy.stop().await.unwrap();
        server.stop().await.unwrap();
    }
}

/// The merge of a member's cell is not a move: a member registered after it is carried from
/// their first cell. A history that begins after its cell did is not a tree younger than its
/// members: such a registration is refused, saying what to fix.
#[tokio::test]
async fn a_member_registered_after_a_merge_counts_from_the_first_cell_and_a_late_cell_since_is_refused()
 {
    let lines = [
        org("KHOI", "bloc", None, "state_agency", "2015-01-01"),
        org("CS01", "grassroots_committee", Some("KHOI"), "state_agency", "2015-01-01"),
        org("CB01", "cell", Some("CS01"), "state_agency", "2015-01-01"),
        org("CB03", "cell", Some("CS01"), "state_agency", "2015-01-01"),
        person("Q1", "CB03", "1970-01-01", false),
        r#"{"kind":"org_event","event":"merge","code":"CB03","date":"2020-01-01","into":"CB01","number":"9-QĐ/ĐU","body":"CS01"}"#.to_owned(),
        r#"{"kind":"member","person":"Q1","admission_date":"1999-05-19","ceremony_date":"1999-06-01","official_date":"2000-06-01","status":"official","origin":"existing"}"#.to_owned(),
        person("Q2", "CB01", "1980-01-01", false).replace(r#""org":"CB01""#, r#""org":"CB01","cell_since":"2020-01-01""#),
        r#"{"kind":"member","person":"Q2","admission_date":"2016-05-19","ceremony_date":"2016-06-01","official_date":"2017-06-01","status":"official","origin":"existing"}"#.to_owned(),
    ];
    let text = lines.join("\n") + "\n";
    for server in servers().await {
        let b = server.backend();
        let imported = import(&server, text.as_bytes()).await;
        assert_eq!(
            imported.refusals(),
            [(9, "DATE_BEFORE_PREVIOUS_STEP".to_owned())],
            "{b}: {:#?}",
            imported.results
        );
        let refused = &imported.results[8].message;
        assert!(
            refused.contains("though the cell exists since 2015-01-01")
                && refused.contains("transfer_in"),
            "{b}: {refused}"
        );
        // Q1: carried into CB03, CS01, KHOI and all roots in 2015; CB03 → CB01 in 2020 is a
        // reorganisation of the cells only.
        for org in ["", "KHOI", "CS01"] {
            let r = report(&server, org, 2015).await.unwrap();
            assert_eq!(
                (r.headcount_end, r.gains.unwrap().reorganized_in),
                (1, 1),
                "{b}: {org:?}"
            );
            let r = report(&server, org, 2020).await.unwrap();
            assert_eq!((r.headcount_start, r.headcount_end), (1, 1), "{b}: {org:?}");
            assert_eq!(r.gains.unwrap().reorganized_in, 0, "{b}: {org:?}");
        }
        let r = report(&server, "CB01", 2020).await.unwrap();
        assert_eq!(
            (
                r.headcount_start,
                r.gains.unwrap().reorganized_in,
                r.headcount_end
            ),
            (0, 1, 1),
            "{b}"
        );
        assert_verified(&server).await;
        server.stop().await.unwrap();
    }
}
