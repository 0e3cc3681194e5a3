//! Personal data at rest and in answers (DESIGN §8): a corrected national ID survives in no kept
//! replay answer, and a huge value a caller sent comes back cut, not echoed whole.

use dangvien_proto::v1 as pb;
use sea_orm::{ConnectionTrait as _, Database, Statement};
use tonic::Code;

use crate::{
    people::{NATIONAL_ID, new_person, update, with_person},
    support::seed_tree,
};

const CORRECTED: &str = "001096099999";

#[tokio::test]
async fn a_corrected_national_id_survives_in_no_kept_answer_and_a_replay_shows_the_current_one() {
    for server in dangvien_tests::servers().await {
        seed_tree(&mut server.orgs().await).await;
        let mut people = server.people().await;
        let create = pb::CreatePersonRequest {
            request_id: "create-p1".to_owned(),
            ..with_person(new_person("P1", "Nguyễn Văn An", "CB01"), |p| {
                p.national_id = NATIONAL_ID.to_owned();
            })
        };
        let created = people
            .create_person(create.clone())
            .await
            .unwrap()
            .into_inner();
        assert_eq!(created.national_id, NATIONAL_ID);
        let corrected = people
            .update_person(pb::UpdatePersonRequest {
                request_id: "fix-p1".to_owned(),
                ..update("P1", &["national_id"], |p| {
                    p.national_id = CORRECTED.to_owned()
                })
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(corrected.national_id, CORRECTED);

        // The replays answer as first answered, but with the number as it is now.
        let replayed = people.create_person(create).await.unwrap().into_inner();
        assert_eq!(replayed.national_id, CORRECTED, "{}", server.backend());
        assert_eq!(replayed.external_id, created.external_id);

        let db = Database::connect(server.db.url()).await.unwrap();
        let rows = db
            .query_all_raw(Statement::from_string(
                db.get_database_backend(),
                "SELECT response FROM request_log",
            ))
            .await
            .unwrap();
        assert!(
            rows.len() >= 2,
            "{}: {} kept answers",
            server.backend(),
            rows.len()
        );
        for row in rows {
            let response: String = row.try_get("", "response").unwrap();
            assert!(
                !response.contains(NATIONAL_ID) && !response.contains(CORRECTED),
                "{}: a kept answer holds the number: {response}",
                server.backend()
            );
        }
        db.close().await.ok();
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_three_megabyte_filter_is_answered_with_a_short_message() {
    for server in dangvien_tests::servers().await {
        let huge = "x".repeat(3 * 1024 * 1024);
        let refused = server
            .orgs()
            .await
            .list_organizations(pb::ListOrganizationsRequest {
                filter: format!("kind = \"{huge}\""),
                ..Default::default()
            })
            .await
            .unwrap_err();
        assert_eq!(refused.code(), Code::InvalidArgument);
        assert!(
            refused.message().len() < 1_000,
            "{}: a {} byte message",
            server.backend(),
            refused.message().len()
        );
        assert!(
            refused.message().contains(&"x".repeat(100)),
            "{}",
            refused.message()
        );
        assert!(
            refused.details().len() < 10_000,
            "{}: {} bytes of details",
            server.backend(),
            refused.details().len()
        );
        server.stop().await.unwrap();
    }
}
