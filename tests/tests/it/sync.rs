//! `SyncService` end to end (DESIGN §6): a whole export imported into an empty database gives
//! the same export and the same reports; a file imported twice changes nothing; the change feed
//! returns exactly what was stored after a cursor; bad lines are refused one by one with their
//! reasons and never half-stored; atomic and dry runs store nothing when they should not.

use dangvien_proto::v1::{self as pb, LineOutcome as O};
use dangvien_tests::{TestServer, servers};
use tonic::Code;

use crate::{
    decisions::clients,
    member_support::assert_verified,
    people::{moving, update},
    report_support::{bloc, stats},
    support::{date, name},
    sync_support::{changes, export, fresh_like, import, import_as},
};

/// Every organisation of the bloc, and "" for all roots together.
const ORGS: [&str; 8] = ["", "KHOI", "CS01", "CB01", "CB02", "CBCS", "KHOI2", "CBX"];

/// The bloc of `report_support`, with a correction of a person, a move of a person, a move of a
/// cell, a rename and a changed target, so that update and event lines travel too.
async fn loaded(server: &TestServer) {
    let mut c = clients(server).await;
    bloc(&mut c, server).await;
    c.people
        .update_person(update("P3", &["full_name"], |p| {
            p.full_name = "Quần chúng P3 (đã sửa)".to_owned();
        }))
        .await
        .unwrap();
    c.people
        .update_person(moving("P3", "CB01", Some("2022-01-05")))
        .await
        .unwrap();
    let mut orgs = server.orgs().await;
    orgs.move_organization(pb::MoveOrganizationRequest {
        name: name("CBX"),
        new_parent: name("KHOI"),
        effective_date: date("2025-01-01"),
        document_number: "5-QĐ/TU".to_owned(),
        ..Default::default()
    })
    .await
    .unwrap();
    orgs.update_organization(pb::UpdateOrganizationRequest {
        organization: Some(pb::Organization {
            name: name("CB02"),
            display_name: "Chi bộ 2 (đổi tên)".to_owned(),
            ..Default::default()
        }),
        update_mask: Some(prost_types::FieldMask {
            paths: vec!["display_name".to_owned()],
        }),
        ..Default::default()
    })
    .await
    .unwrap();
    set_khoi_2021_target(server).await;
}

/// The target of [`loaded`]: KHOI admits 5 in 2021.
async fn set_khoi_2021_target(server: &TestServer) {
    stats(server)
        .await
        .set_target(pb::SetTargetRequest {
            target: Some(pb::Target {
                org: name("KHOI"),
                year: 2021,
                admissions: 5,
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .unwrap();
}

/// Every year report of every organisation from 2014 to 2026, or the code it was refused with.
async fn every_report(server: &TestServer) -> Vec<Result<pb::YearReport, Code>> {
    let mut stats = stats(server).await;
    let mut all = Vec::new();
    for org in ORGS {
        for year in 2014..=2026 {
            let request = pb::GetYearReportRequest {
                org: if org.is_empty() {
                    String::new()
                } else {
                    name(org)
                },
                year,
            };
            let report = stats.get_year_report(request).await;
            all.push(
                report
                    .map(tonic::Response::into_inner)
                    .map_err(|s| s.code()),
            );
        }
    }
    all
}

#[tokio::test]
async fn an_export_imported_into_an_empty_database_exports_the_same_bytes_and_reports() {
    for server in servers().await {
        loaded(&server).await;
        let (first, cursor) = export(&server, "").await;
        let lines = first.lines().count();
        assert!(
            lines > 50,
            "{} exported only {lines} lines",
            server.backend()
        );
        assert_eq!(cursor, lines.to_string(), "one change number per line");
        for kind in ["org", "org_event", "person", "member", "decision", "target"] {
            let tag = format!("{{\"kind\":\"{kind}\"");
            assert!(first.contains(&tag), "no {kind} line in the export");
        }

        let copy = fresh_like(&server).await;
        let imported = import(&copy, first.as_bytes()).await;
        assert_eq!(imported.refusals(), [], "{}", server.backend());
        let summary = imported.summary();
        assert_eq!(
            (summary.lines, summary.accepted, summary.committed),
            (
                i64::try_from(lines).unwrap(),
                i64::try_from(lines).unwrap(),
                true
            )
        );
        let (second, _) = export(&copy, "").await;
        assert!(
            first == second,
            "{}: the export changed on its way",
            server.backend()
        );
        assert_eq!(every_report(&server).await, every_report(&copy).await);
        assert_verified(&copy).await;
        copy.stop().await.unwrap();
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn importing_the_same_file_twice_changes_nothing_the_second_time() {
    for server in servers().await {
        loaded(&server).await;
        let (file, _) = export(&server, "").await;
        let copy = fresh_like(&server).await;
        let first = import_as(&copy, "nightly-1", file.as_bytes(), false, false)
            .await
            .unwrap();
        assert_eq!(
            first.refusals(),
            [],
            "{:#?}",
            first
                .results
                .iter()
                .filter(|r| r.outcome() == O::Refused)
                .collect::<Vec<_>>()
        );
        let (after_first, cursor) = export(&copy, "").await;

        // The same import again is answered from what it committed.
        let again = import_as(&copy, "nightly-1", file.as_bytes(), false, false)
            .await
            .unwrap();
        assert_eq!(
            again.resumed_after,
            i64::try_from(file.lines().count()).unwrap()
        );
        assert!(again.outcomes().iter().all(|o| *o == O::AlreadyImported));
        assert_eq!(again.summary().already_imported, again.summary().lines);
        let (after_second, _) = export(&copy, "").await;
        assert!(after_first == after_second);
        assert_eq!(changes(&copy, &cursor).await, (Vec::new(), cursor.clone()));

        // Under another import id the lines are judged again. Decisions, members and events are
        // found stored, identical; `org`, `person` and `target` lines are each the record's
        // whole content at their time, so older ones would be updates (or refused against the
        // later state): that is what resuming by import id is for (DESIGN §6).
        let other = import_as(&copy, "nightly-2", file.as_bytes(), false, false)
            .await
            .unwrap();
        let immutable = other.results.iter().filter(|r| {
            ["decision ", "member ", "org_event "]
                .iter()
                .any(|k| r.key.starts_with(k))
        });
        assert!(immutable.clone().count() > 40);
        for r in immutable {
            assert_eq!(r.outcome(), O::SkippedIdentical, "{r:?}");
        }
        copy.stop().await.unwrap();
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn the_change_feed_returns_exactly_the_records_stored_after_a_cursor() {
    for server in servers().await {
        loaded(&server).await;
        let (all, cursor) = export(&server, "").await;
        let (from_start, same) = changes(&server, "").await;
        assert_eq!(from_start.join("\n") + "\n", all);
        assert_eq!(same, cursor);

        let mut c = clients(&server).await;
        c.people
            .update_person(update("P3", &["full_name"], |p| {
                p.full_name = "Quần chúng P3 (sửa lần hai)".to_owned();
            }))
            .await
            .unwrap();
        let file = "{\"kind\":\"target\",\"org\":\"KHOI\",\"year\":2022,\"admissions\":7}\n";
        assert_eq!(import(&server, file.as_bytes()).await.refusals(), []);

        // A target set again to what it is changes nothing, so it logs nothing.
        set_khoi_2021_target(&server).await;

        let (later, next) = changes(&server, &cursor).await;
        assert_eq!(later.len(), 2, "{later:?}");
        assert!(later[0].starts_with("{\"kind\":\"person\",\"external_id\":\"P3\""));
        assert!(later[0].contains("sửa lần hai"));
        assert_eq!(later[1], file.trim_end());
        assert_eq!(
            next.parse::<i64>().unwrap(),
            cursor.parse::<i64>().unwrap() + 2
        );
        assert_eq!(changes(&server, &next).await, (Vec::new(), next.clone()));

        let bad = pb::ListChangesRequest {
            after_cursor: "yesterday".to_owned(),
        };
        let status = crate::sync_support::sync(&server)
            .await
            .list_changes(bad)
            .await
            .unwrap_err();
        assert_eq!(status.code(), Code::InvalidArgument);
        server.stop().await.unwrap();
    }
}

/// A small tree to import into: KHOI ⊃ CS01 ⊃ CB01.
const TREE: &str = concat!(
    r#"{"kind":"org","code":"KHOI","name":"Đảng bộ Khối","org_kind":"bloc","parent":null,"sector":"state_agency","valid_from":"2015-01-01"}"#,
    "\n",
    r#"{"kind":"org","code":"CS01","name":"Đảng bộ cơ sở 1","org_kind":"grassroots_committee","parent":"KHOI","sector":"state_agency","valid_from":"2015-01-01"}"#,
    "\n",
    r#"{"kind":"org","code":"CB01","name":"Chi bộ 1","org_kind":"cell","parent":"CS01","sector":"state_agency","valid_from":"2015-01-01"}"#,
    "\n",
);

fn person(id: &str, birth: &str) -> String {
    format!(
        r#"{{"kind":"person","external_id":"{id}","full_name":"Nguyễn Văn {id}","gender":"male","birth_date":"{birth}","ethnicity":"Kinh","religion":null,"education":"upper_secondary","youth_union":true,"trade_union":false,"org":"CB01","cell_since":"2020-01-01"}}"#
    )
}

fn nominate(id: &str, person: &str, date: &str) -> String {
    format!(
        r#"{{"kind":"decision","external_id":"{id}","decision":"nominate","person":"{person}","date":"{date}","body":"CB01"}}"#
    )
}

#[tokio::test]
async fn bad_lines_are_refused_one_by_one_and_the_rest_goes_on() {
    for server in servers().await {
        let mut file = TREE.as_bytes().to_vec();
        let mut add = |line: &[u8]| {
            file.extend_from_slice(line);
            file.push(b'\n');
        };
        add(person("P1", "1995-01-01").as_bytes()); // 4
        add(b"this is not json"); // 5
        add(br#"{"kind":"membership","person":"P1"}"#); // 6
        add(person("P2", "1995-01-01")
            .replace("\"gender\"", "\"sex\"")
            .as_bytes()); // 7
        add(person("P3", "1995-02-30").as_bytes()); // 8
        add(person("P4", "1996-01-01")
            .replace("CB01", "CB99")
            .as_bytes()); // 9
        add(nominate("D1", "P1", "2021-03-01").as_bytes()); // 10
        add(nominate("D2", "P1", "2021-03-02").as_bytes()); // 11: a second open case
        add(nominate("D1", "P1", "2021-03-05").as_bytes()); // 12: D1 reused, other content
        add(nominate("D1", "P1", "2021-03-01").as_bytes()); // 13: D1 again, identical
        add(b"{\"kind\":\"person\",\"full_name\":\"Nguy\xe1\xbb\x85n \xff\"}"); // 14: not UTF-8
        add(person("P5", "1997-01-01").as_bytes()); // 15
        let imported = import(&server, &file).await;
        let refused = imported.refusals();
        let reasons: Vec<(i64, &str)> = refused.iter().map(|(l, r)| (*l, r.as_str())).collect();
        assert_eq!(
            reasons,
            [
                (5, "MALFORMED_LINE"),
                (6, "MALFORMED_LINE"),
                (7, "INVALID_FIELD"),
                (8, "INVALID_FIELD"),
                (9, "ORG_NOT_FOUND"),
                (11, "ILLEGAL_TRANSITION"),
                (12, "RECORD_KEY_REUSED"),
                (14, "MALFORMED_LINE"),
            ],
            "{:#?}",
            imported.results
        );
        let outcome = |line: i64| {
            imported
                .results
                .iter()
                .find(|r| r.line_number == line)
                .unwrap()
                .clone()
        };
        assert_eq!(outcome(13).outcome(), O::SkippedIdentical);
        assert_eq!(outcome(15).outcome(), O::Accepted);
        assert_eq!(outcome(10).key, "decision D1");
        assert!(outcome(7).message.contains("sex"), "{:?}", outcome(7));
        assert!(!outcome(9).localized_message.is_empty());
        let summary = imported.summary();
        assert_eq!(
            (
                summary.lines,
                summary.accepted,
                summary.skipped_identical,
                summary.refused
            ),
            (15, 6, 1, 8)
        );

        // What was stored: the three organisations, P1, P5 and D1; nothing of a refused line.
        let (stored, _) = export(&server, "").await;
        let keys: Vec<&str> = stored
            .lines()
            .map(|l| &l[..l.find(",\"").unwrap_or(l.len())])
            .collect();
        assert_eq!(keys.len(), 6, "{stored}");
        assert!(
            stored.contains("\"external_id\":\"P1\"") && stored.contains("\"external_id\":\"P5\"")
        );
        assert!(
            !stored.contains("\"P2\"") && !stored.contains("\"P3\"") && !stored.contains("\"P4\"")
        );
        assert!(!stored.contains("D2"));
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_dry_run_stores_nothing_and_an_atomic_import_all_or_nothing() {
    for server in servers().await {
        let good = format!(
            "{TREE}{}\n{}\n",
            person("P1", "1990-01-01"),
            nominate("D1", "P1", "2021-03-01")
        );
        let bad = format!("{good}{}\n", nominate("D2", "P1", "2021-03-02"));

        let dry = import_as(&server, "dry", bad.as_bytes(), false, true)
            .await
            .unwrap();
        assert_eq!(dry.refusals(), [(6, "ILLEGAL_TRANSITION".to_owned())]);
        assert!(!dry.summary().committed);
        assert_eq!(export(&server, "").await, (String::new(), "0".to_owned()));

        let atomic = import_as(&server, "atomic-bad", bad.as_bytes(), true, false)
            .await
            .unwrap();
        assert_eq!(atomic.refusals().len(), 1);
        assert!(!atomic.summary().committed);
        assert_eq!(export(&server, "").await.0, "");

        let atomic = import_as(&server, "atomic-good", good.as_bytes(), true, false)
            .await
            .unwrap();
        assert!(atomic.summary().committed);
        assert_eq!(atomic.summary().accepted, 5);
        let (stored, _) = export(&server, "").await;
        assert_eq!(stored, good);
        // Committed atomic imports resume like the others.
        let again = import_as(&server, "atomic-good", good.as_bytes(), true, false)
            .await
            .unwrap();
        assert!(again.outcomes().iter().all(|o| *o == O::AlreadyImported));
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn corrections_travel_as_updates_judged_like_the_rpcs() {
    for server in servers().await {
        let file = format!("{TREE}{}\n", person("P1", "1990-01-01"));
        assert_eq!(import(&server, file.as_bytes()).await.refusals(), []);
        let renamed = TREE
            .lines()
            .nth(2)
            .unwrap()
            .replace("Chi bộ 1", "Chi bộ Một");
        let moved = TREE.lines().nth(2).unwrap().replace("\"CS01\"", "\"KHOI\"");
        let corrected = person("P1", "1990-01-01").replace("Văn P1", "Văn Một");
        let moved_without_date = person("P1", "1990-01-01").replace(
            "\"org\":\"CB01\",\"cell_since\":\"2020-01-01\"",
            "\"org\":\"CB02\"",
        );
        let target = r#"{"kind":"target","org":"KHOI","year":2022,"admissions":3}"#;
        let target_changed = target.replace(":3}", ":4}");
        let member_line = r#"{"kind":"member","person":"P1","admission_date":"2021-01-01","ceremony_date":"2021-01-10","status":"probationary","since":"2021-01-01","origin":"existing"}"#;
        let member_changed = member_line.replace("2021-01-10", "2021-01-11");
        let updates = [
            renamed.as_str(),
            moved.as_str(),
            corrected.as_str(),
            moved_without_date.as_str(),
            target,
            target_changed.as_str(),
            member_line,
            member_changed.as_str(),
        ]
        .join("\n");
        let imported = import(&server, updates.as_bytes()).await;
        assert_eq!(
            imported.outcomes(),
            [
                O::Accepted,
                O::Refused,
                O::Accepted,
                O::Refused,
                O::Accepted,
                O::Accepted,
                O::Accepted,
                O::Refused,
            ]
        );
        assert_eq!(
            imported.refusals(),
            [
                (2, "ORG_CHANGE_NEEDS_EVENT".to_owned()),
                (4, "INVALID_FIELD".to_owned()),
                (8, "RECORD_KEY_REUSED".to_owned()),
            ]
        );
        let person = server
            .people()
            .await
            .get_person(pb::GetPersonRequest {
                name: "people/P1".to_owned(),
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(person.full_name, "Nguyễn Văn Một");
        let org = server
            .orgs()
            .await
            .get_organization(pb::GetOrganizationRequest { name: name("CB01") })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(org.display_name, "Chi bộ Một");
        assert_eq!(org.parent, name("CS01"));
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_feed_read_while_a_writer_holds_its_number_never_returns_a_later_number_alone() {
    use sea_orm::{ConnectionTrait, Database, TransactionTrait};
    for server in servers().await {
        if server.backend() != dangvien_tests::Backend::Postgres {
            server.stop().await.unwrap();
            continue;
        }
        assert_eq!(import(&server, TREE.as_bytes()).await.refusals(), []);
        let (_, cursor) = export(&server, "").await;

        // A writer that has taken its number and not committed yet.
        let db = Database::connect(server.db.url()).await.unwrap();
        let held = db.begin().await.unwrap();
        let held_line = r#"{"kind":"target","org":"KHOI","year":2025,"admissions":1}"#;
        held.execute_unprepared("UPDATE change_counter SET last = last + 1 WHERE id = 1")
            .await
            .unwrap();
        held.execute_unprepared(&format!(
            "INSERT INTO change_log (number, kind, record_key, line, org_code, day) \
             SELECT last, 'target', 'KHOI|2025', '{held_line}', 'KHOI', DATE '2025-01-01' \
             FROM change_counter WHERE id = 1"
        ))
        .await
        .unwrap();

        // A second writer takes its number only after the first commits.
        let client = crate::sync_support::sync(&server).await;
        let file = format!("{}\n", person("P1", "1990-01-01"));
        let second = tokio::spawn(async move {
            crate::sync_support::import_via(client, "second", file.as_bytes(), false, false, |_| {})
                .await
        });
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        assert!(
            !second.is_finished(),
            "the second writer did not wait for the counter"
        );
        assert_eq!(
            changes(&server, &cursor).await,
            (Vec::new(), cursor.clone())
        );

        held.commit().await.unwrap();
        assert_eq!(second.await.unwrap().unwrap().refusals(), []);
        let (later, _) = changes(&server, &cursor).await;
        assert_eq!(later.len(), 2, "{later:?}");
        assert_eq!(later[0], held_line);
        assert!(later[1].contains("\"external_id\":\"P1\""), "{later:?}");
        db.close().await.unwrap();
        server.stop().await.unwrap();
    }
}
