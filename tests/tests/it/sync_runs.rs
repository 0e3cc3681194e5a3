//! Runs of `person` and `member` lines are judged as sets (their facts read at once, their rows
//! written with multi-row inserts), unless the principal is scoped to a subtree, whose lines go
//! one by one as RPCs would. The same file imported both ways must give every line the same
//! outcome and reason and store the same records and figures: the set path judges by the same
//! rules, earlier lines of its run included, and hands a correction to the one-by-one path.

use dangvien_proto::{
    tokens::Role,
    v1::{self as pb, LineOutcome as O, sync_service_client::SyncServiceClient},
};
use dangvien_server::Clock;
use dangvien_tests::{Serving, TestDb, TestServer, auth::Principals, today};

use crate::{member_support::assert_verified, report_support::stats, sync_support::lines};

const TREE: &str = concat!(
    r#"{"kind":"org","code":"KHOI","name":"Đảng bộ Khối","org_kind":"bloc","parent":null,"sector":"state_agency","valid_from":"2015-01-01"}"#,
    "\n",
    r#"{"kind":"org","code":"CS01","name":"Đảng bộ cơ sở 1","org_kind":"grassroots_committee","parent":"KHOI","sector":"state_agency","valid_from":"2015-01-01"}"#,
    "\n",
    r#"{"kind":"org","code":"CB01","name":"Chi bộ 1","org_kind":"cell","parent":"CS01","sector":"state_agency","valid_from":"2015-01-01"}"#,
    "\n",
    r#"{"kind":"org","code":"CB02","name":"Chi bộ 2","org_kind":"cell","parent":"CS01","sector":"state_agency","valid_from":"2016-03-01"}"#,
    "\n",
);

fn person(id: &str, name: &str, cell: &str, extra: &str) -> String {
    format!(
        r#"{{"kind":"person","external_id":"{id}","full_name":"{name}","gender":"female","birth_date":"1990-04-12","ethnicity":"Kinh","religion":null,"education":"upper_secondary","youth_union":true,"trade_union":false,"org":"{cell}"{extra}}}"#
    )
}

/// A member from earlier records admitted on 2 March of `year`, official a year after the
/// ceremony.
fn member(id: &str, year: i32) -> String {
    let next = year + 1;
    format!(
        r#"{{"kind":"member","person":"{id}","admission_date":"{year}-03-02","ceremony_date":"{year}-03-17","official_date":"{next}-03-17","status":"official","origin":"existing"}}"#
    )
}

fn decision(id: &str, kind: &str, person: &str, date: &str, extra: &str) -> String {
    format!(
        r#"{{"kind":"decision","external_id":"{id}","decision":"{kind}","person":"{person}","date":"{date}","body":"CB01"{extra}}}"#
    )
}

/// The file, each line with the outcome and reason both paths must give it.
fn file() -> Vec<(String, O, &'static str)> {
    let number = r#","national_id":"001090000001""#;
    vec![
        (person("P01", "Lê Thị An", "CB01", number), O::Accepted, ""),
        // The number was taken by the line before, in the same run.
        (
            person("P02", "Lê Thị Bình", "CB02", number),
            O::Refused,
            "NATIONAL_ID_TAKEN",
        ),
        (
            person("P03", "Lê Thị Cúc", "XX99", ""),
            O::Refused,
            "ORG_NOT_FOUND",
        ),
        (
            person("P04", "Lê Thị Dung", "CS01", ""),
            O::Refused,
            "NOT_A_CELL",
        ),
        (
            person("P05", "Lê Thị Én", "CB01", r#","cell_since":"2014-06-01""#),
            O::Refused,
            "ORG_NOT_VALID_ON_DATE",
        ),
        (
            person("P01", "Lê Thị An", "CB01", number),
            O::SkippedIdentical,
            "",
        ),
        // Admitted long before the tree: carried in when CB01 began (DESIGN §5).
        (member("P01", 1990), O::Accepted, ""),
        (member("P01", 1990), O::SkippedIdentical, ""),
        (member("P01", 1991), O::Refused, "MEMBER_ALREADY_EXISTS"),
        (member("P99", 1991), O::Refused, "PERSON_NOT_FOUND"),
        (member("P02", 1991), O::Refused, "PERSON_NOT_FOUND"),
        (person("P06", "Lê Thị Gấm", "CB02", ""), O::Accepted, ""),
        (member("P06", 2027), O::Refused, "DATE_IN_FUTURE"),
        // A correction: one by one, then a new run.
        (person("P01", "Lê Thị Ân", "CB01", number), O::Accepted, ""),
        (
            person("P07", "Lê Thị Hà", "CB01", r#","cell_since":"2020-02-01""#),
            O::Accepted,
            "",
        ),
        (member("P07", 2021), O::Accepted, ""),
        (member("P06", 2000), O::Accepted, ""),
        // Stored persons with decisions (one by one), then registered in a run: what the run
        // reads of their cases and decisions decides, and their figures start from them.
        (person("P08", "Lê Thị Lan", "CB01", ""), O::Accepted, ""),
        (person("P09", "Lê Thị Mai", "CB01", ""), O::Accepted, ""),
        (
            decision("N08", "nominate", "P08", "2021-03-01", ""),
            O::Accepted,
            "",
        ),
        (
            decision(
                "W08",
                "withdraw",
                "P08",
                "2021-04-02",
                r#","number":"03-TB/CB","reason":"Xin rút hồ sơ""#,
            ),
            O::Accepted,
            "",
        ),
        (
            decision("N09", "nominate", "P09", "2021-03-01", ""),
            O::Accepted,
            "",
        ),
        (member("P08", 2000), O::Refused, "DATE_BEFORE_PREVIOUS_STEP"),
        (member("P09", 2000), O::Refused, "ILLEGAL_TRANSITION"),
        (
            member("P08", 2000).replace(
                r#""origin":"existing""#,
                r#""since":"2022-01-10","origin":"transfer_in""#,
            ),
            O::Accepted,
            "",
        ),
        (
            person(
                "001090000009",
                "Lê Thị Khánh",
                "CB01",
                r#","national_id":"001090000009""#,
            ),
            O::Refused,
            "INVALID_FIELD",
        ),
    ]
}

async fn start(db: TestDb, principals: &Principals) -> TestServer {
    let flags = principals.flags();
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    TestServer::start_serving(db, Clock::Fixed(today()), &flags, Serving::Plain)
        .await
        .unwrap()
}

/// Imports `text` as `who`; every line's `(outcome, reason)`.
async fn import(server: &TestServer, p: &Principals, who: &str, text: &str) -> Vec<(O, String)> {
    let start = pb::ImportRequest {
        message: Some(pb::import_request::Message::Start(pb::ImportStart {
            import_id: uuid::Uuid::new_v4().to_string(),
            atomic: false,
            dry_run: false,
        })),
    };
    let requests: Vec<pb::ImportRequest> = std::iter::once(start)
        .chain(
            lines(text.as_bytes())
                .into_iter()
                .map(|l| pb::ImportRequest {
                    message: Some(pb::import_request::Message::Line(l)),
                }),
        )
        .collect();
    let mut client = SyncServiceClient::new(server.channel().await.unwrap());
    let mut stream = client
        .import(p.request(who, tokio_stream::iter(requests)))
        .await
        .unwrap()
        .into_inner();
    let mut results = Vec::new();
    while let Some(message) = stream.message().await.unwrap() {
        if let Some(pb::import_response::Message::Results(r)) = message.message {
            results.extend(r.results.into_iter().map(|r| (r.outcome(), r.reason)));
        }
    }
    results
}

async fn exported(server: &TestServer, p: &Principals) -> String {
    let mut client = SyncServiceClient::new(server.channel().await.unwrap());
    let mut stream = client
        .export(p.request("admin", pb::ExportRequest::default()))
        .await
        .unwrap()
        .into_inner();
    let mut text = String::new();
    while let Some(chunk) = stream.message().await.unwrap() {
        for line in chunk.lines {
            text.push_str(&line);
            text.push('\n');
        }
    }
    text
}

async fn report(server: &TestServer, p: &Principals, year: i32) -> pb::YearReport {
    let request = pb::GetYearReportRequest {
        year,
        ..Default::default()
    };
    stats(server)
        .await
        .get_year_report(p.request("admin", request))
        .await
        .unwrap()
        .into_inner()
}

#[tokio::test]
async fn a_run_judged_as_a_set_gives_each_line_what_one_by_one_gives_it() {
    let principals = Principals::new(&[
        ("admin", Role::Admin, None),
        ("sync", Role::Sync, Some("KHOI")),
    ]);
    let expected = file();
    // The registrations of P08 and P09 come in a second import: in the first, the decisions'
    // own transaction would already hold their figures from before.
    let second = expected
        .iter()
        .position(|(line, _, _)| line.contains(r#""kind":"member","person":"P08""#))
        .unwrap();
    let texts: Vec<String> = [&expected[..second], &expected[second..]]
        .iter()
        .map(|part| part.iter().map(|(l, _, _)| format!("{l}\n")).collect())
        .collect();
    for db in TestDb::all().await {
        let backend = db.backend;
        let as_sets = start(db, &principals).await;
        let one_by_one = start(TestDb::fresh(backend).await.unwrap(), &principals).await;
        let mut outcomes = Vec::new();
        for server in [&as_sets, &one_by_one] {
            let tree = import(server, &principals, "admin", TREE).await;
            assert!(tree.iter().all(|(o, _)| *o == O::Accepted), "{tree:?}");
        }
        for (server, who) in [(&as_sets, "admin"), (&one_by_one, "sync")] {
            let mut got = Vec::new();
            for text in &texts {
                got.extend(import(server, &principals, who, text).await);
            }
            outcomes.push(got);
        }
        for (n, (line, outcome, reason)) in expected.iter().enumerate() {
            // What does not exist is outside every subtree: a scoped principal learns no more.
            let scoped = match *reason {
                "ORG_NOT_FOUND" | "PERSON_NOT_FOUND" => "ACCESS_DENIED",
                other => other,
            };
            for ((path, got), reason) in ["as sets", "one by one"]
                .iter()
                .zip(&outcomes)
                .zip([*reason, scoped])
            {
                assert_eq!(
                    got[n],
                    (*outcome, reason.to_owned()),
                    "{backend} {path}, line {}: {line}",
                    n + 1
                );
            }
        }
        assert_eq!(
            exported(&as_sets, &principals).await,
            exported(&one_by_one, &principals).await,
            "{backend}"
        );
        for year in [2014, 2015, 2016, 2021, 2022, 2025] {
            let (a, b) = (
                report(&as_sets, &principals, year).await,
                report(&one_by_one, &principals, year).await,
            );
            assert_eq!(a, b, "{backend} {year}");
        }
        // P01 and P06 carried in when their cells began (2015, 2016), P07 admitted in 2021.
        let mut figures = Vec::new();
        for year in [2014, 2015, 2016, 2021] {
            let r = report(&as_sets, &principals, year).await;
            let gains = r.gains.unwrap_or_default();
            figures.push((r.headcount_end, gains.reorganized_in, gains.admitted));
        }
        assert_eq!(
            figures,
            [(0, 0, 0), (1, 1, 0), (2, 1, 0), (3, 0, 1)],
            "{backend}: (headcount at the end, carried in, admitted) in 2014, 2015, 2016, 2021"
        );
        assert_verified(&as_sets).await;
        assert_verified(&one_by_one).await;
        for server in [as_sets, one_by_one] {
            server.stop().await.unwrap();
        }
    }
}
