//! The invariants the schema keeps by itself, whatever a server does: one open case per person,
//! one non-revoked (body, number, kind, person); and concurrent writers that cannot break them.

use dangvien_migrations::{Migrator, MigratorTrait};
use dangvien_proto::v1::{self as pb, decision::Details as D};
use dangvien_tests::{TestDb, servers};
use sea_orm::{ConnectionTrait, Database};

use crate::decisions::{clients, person, seed};
use crate::support::{date, name};

const ORG: &str = "'00000000-0000-0000-0000-00000000000a'";
const PERSON: &str = "'00000000-0000-0000-0000-00000000000b'";

fn case_row(id: u8, seq: u8, closed: &str) -> String {
    format!(
        "INSERT INTO admission_case (id, person_id, seq, state, cell_id, opened_on, last_date, closed_on) \
         VALUES ('00000000-0000-0000-0000-0000000001{id:02}', {PERSON}, {seq}, 'candidate', {ORG}, '2021-01-01', '2021-01-01', {closed})"
    )
}

fn decision_row(id: u8, revoked_by: &str) -> String {
    format!(
        "INSERT INTO decision (id, external_id, person_id, person_seq, kind, decision_date, document_number, body_id, cell_id, details, actor, rulebook, flags, revoked_by, created_at) \
         VALUES ('00000000-0000-0000-0000-0000000002{id:02}', 'D{id}', {PERSON}, {id}, 'record_course', '2021-01-01', '12-NQ', {ORG}, {ORG}, '{{}}', 'test', 'QD29-2016', '', {revoked_by}, '2021-01-01T00:00:00Z')"
    )
}

#[tokio::test]
async fn the_schema_refuses_what_would_break_an_invariant() {
    for test_db in TestDb::all().await {
        let db = Database::connect(test_db.url()).await.unwrap();
        Migrator::up(&db, None).await.unwrap();
        for sql in [
            format!(
                "INSERT INTO organization (id, code, display_name, kind, sector, valid_from, version, created_at, updated_at) VALUES ({ORG}, 'CB', 'Chi bộ', 'grassroots_cell', 'other', '2015-01-01', 1, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z')"
            ),
            format!(
                "INSERT INTO person (id, external_id, full_name, name_key, gender, birth_date, ethnicity, education, hardship_exception, youth_union, trade_union, version, created_at, updated_at) VALUES ({PERSON}, 'P', 'P', ' p', 'male', '1990-01-01', 'Kinh', 'upper_secondary', false, false, false, 1, '2021-01-01T00:00:00Z', '2021-01-01T00:00:00Z')"
            ),
            case_row(1, 1, "'2021-02-01'"),
            case_row(2, 2, "NULL"),
        ] {
            db.execute_unprepared(&sql)
                .await
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
        }
        // A second open case for the same person.
        assert!(
            db.execute_unprepared(&case_row(3, 3, "NULL"))
                .await
                .is_err(),
            "{}",
            test_db.backend
        );
        // The same document twice, unless the first is revoked.
        db.execute_unprepared(&decision_row(1, "NULL"))
            .await
            .unwrap();
        assert!(
            db.execute_unprepared(&decision_row(2, "NULL"))
                .await
                .is_err(),
            "{}",
            test_db.backend
        );
        db.execute_unprepared(
            &decision_row(3, "NULL")
                .replace("'12-NQ'", "'REVOKE-1'")
                .replace("'record_course'", "'revoke'"),
        )
        .await
        .unwrap();
        db.execute_unprepared("UPDATE decision SET revoked_by = '00000000-0000-0000-0000-000000000203' WHERE external_id = 'D1'")
            .await
            .unwrap();
        db.execute_unprepared(&decision_row(2, "NULL"))
            .await
            .unwrap();
        db.close().await.unwrap();
        test_db.drop_database().await.unwrap();
    }
}

#[tokio::test]
async fn two_servers_nominating_one_person_at_once_make_one_case() {
    for server in servers().await {
        let mut c = clients(&server).await;
        seed(&mut c, &server).await;
        for i in 0..10 {
            let id = format!("R{i}");
            c.people
                .create_person(person(&id, "Lê Văn Hùng", "1990-01-01", "CB01"))
                .await
                .unwrap();
            let nominate = |decision_id: String| pb::SubmitDecisionRequest {
                decision_id,
                decision: Some(pb::Decision {
                    person: format!("people/{id}"),
                    decision_date: date("2021-01-10"),
                    deciding_body: name("CB01"),
                    details: Some(D::Nominate(pb::Nominate {})),
                    ..Default::default()
                }),
                request_id: String::new(),
            };
            let (mut a, mut b) = (c.decisions.clone(), c.decisions.clone());
            let (first, second) = tokio::join!(
                a.submit_decision(nominate(format!("{id}-a"))),
                b.submit_decision(nominate(format!("{id}-b")))
            );
            let wins = [first.is_ok(), second.is_ok()]
                .iter()
                .filter(|w| **w)
                .count();
            assert_eq!(wins, 1, "{}: {first:?} / {second:?}", server.backend());
            let loser = first.err().or(second.err()).unwrap();
            crate::support::assert_status(
                &loser,
                tonic::Code::FailedPrecondition,
                "ILLEGAL_TRANSITION",
            );
        }
        server.stop().await.unwrap();
    }
}
