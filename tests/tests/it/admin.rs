//! `AdminService.Verify` and `dangvien admin verify`: a database whose derived state was written
//! by the server verifies clean; one whose stored membership was altered behind the server's back
//! is reported, person by person, and the CLI exits with code 1.

use dangvien_proto::v1::{
    self as pb, admin_service_client::AdminServiceClient, decision::Details as D,
};
use dangvien_tests::servers;
use sea_orm::{ConnectionTrait, Database};

use crate::{
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
        assert_eq!(clean.persons_checked, 1);

        let url = server.url();
        let run = |args: &'static [&'static str]| {
            let url = url.clone();
            async move {
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
        };
        let (code, out, _) = run(&["admin", "verify"]).await;
        assert_eq!(code, 0);
        assert!(out.contains("khớp hoàn toàn"), "{out}");

        // The ceremony's date is derived from the HOLD_CEREMONY decision: change it directly.
        let db = Database::connect(server.db.url()).await.unwrap();
        db.execute_unprepared("UPDATE member SET ceremony_date = NULL, official_date = NULL")
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
        let (code, out, err) = run(&["admin", "verify"]).await;
        assert_eq!(code, 1, "{err}");
        assert!(out.contains("people/P2"), "{out}");
        assert!(err.contains("1 sai lệch"), "{err}");
        server.stop().await.unwrap();
    }
}
