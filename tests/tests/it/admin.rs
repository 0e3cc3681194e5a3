//! `AdminService.Verify` and `dangvien admin verify`: a database whose derived state was written
//! by the server verifies clean; one whose stored membership was altered behind the server's back
//! is reported, person by person, and the CLI exits with code 1.

use dangvien_proto::v1::{
    self as pb, admin_service_client::AdminServiceClient, decision::Details as D,
};
use dangvien_tests::servers;
use sea_orm::{ConnectionTrait, Database};

use crate::{
    cli::dangvien,
    decisions::{clients, seed},
    member_support::{accept, admitted, on},
};

#[tokio::test]
async fn verify_finds_state_altered_behind_the_servers_back() {
    for server in servers().await {
        let mut c = clients(&server).await;
        seed(&mut c, &server).await;
        admitted(&mut c, "P2", "2021-09-20").await;
        accept(
            &mut c,
            on(
                "P2",
                "C1",
                "2021-10-01",
                "",
                "CB01",
                D::HoldCeremony(pb::HoldCeremony {}),
            ),
        )
        .await;
        let mut admin = AdminServiceClient::new(server.channel().await.unwrap());
        let clean = admin
            .verify(pb::VerifyRequest {})
            .await
            .unwrap()
            .into_inner();
        assert_eq!(
            clean.differences,
            Vec::<String>::new(),
            "{}",
            server.backend()
        );
        // P2, whose decisions were replayed, and S1–S3, registered members recounted too.
        assert_eq!(clean.persons_checked, 4);

        let run = dangvien(&server, &["admin", "verify"]).await;
        assert_eq!(run.code, 0, "{}", run.err);
        assert!(run.out.contains("khớp hoàn toàn"), "{}", run.out);

        // The ceremony's date is derived from the HOLD_CEREMONY decision: change it directly.
        let db = Database::connect(server.db.url()).await.unwrap();
        db.execute_unprepared(
            "UPDATE member SET ceremony_date = NULL, official_date = NULL \
             WHERE person_id IN (SELECT id FROM person WHERE external_id = 'P2')",
        )
        .await
        .unwrap();
        db.close().await.unwrap();
        let dirty = admin
            .verify(pb::VerifyRequest {})
            .await
            .unwrap()
            .into_inner();
        assert_eq!(dirty.differences.len(), 1, "{:?}", dirty.differences);
        assert!(
            dirty.differences[0].starts_with("people/P2: member stored"),
            "{:?}",
            dirty.differences
        );
        let run = dangvien(&server, &["admin", "verify"]).await;
        assert_eq!(run.code, 1, "{}", run.err);
        assert!(run.out.contains("people/P2"), "{}", run.out);
        assert!(run.err.contains("1 sai lệch"), "{}", run.err);

        // The report aggregates are compared with a recount as well: drop one admission.
        let db = Database::connect(server.db.url()).await.unwrap();
        db.execute_unprepared(
            "UPDATE tally SET count = count - 1 WHERE figure = 'admitted' AND year = 2021",
        )
        .await
        .unwrap();
        db.close().await.unwrap();
        let dirty = admin
            .verify(pb::VerifyRequest {})
            .await
            .unwrap()
            .into_inner();
        let aggregates: Vec<_> = dirty.differences[1..].to_vec();
        // CB01, CS01, KHOI and all roots each lost the admission.
        assert_eq!(aggregates.len(), 4, "{aggregates:?}");
        assert!(
            aggregates
                .contains(&"organizations/CS01: 2021 admitted kept 0, recounted 1".to_owned()),
            "{aggregates:?}"
        );
        assert!(
            aggregates.contains(&"all roots: 2021 admitted kept 0, recounted 1".to_owned()),
            "{aggregates:?}"
        );
        server.stop().await.unwrap();
    }
}
