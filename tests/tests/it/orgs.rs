//! The organisation API end to end: create, read, list, rename, move, dissolve, replay.

use dangvien_proto::v1::{self as pb, OrganizationKind as K};
use dangvien_tests::{servers, today};
use prost_types::FieldMask;

use crate::support::{codes, date, list_all, name, new_org, seed_tree};

#[tokio::test]
async fn creates_reads_and_lists_the_tree() {
    for server in servers().await {
        let mut client = server.orgs().await;
        seed_tree(&mut client).await;

        let cb01 = client
            .get_organization(pb::GetOrganizationRequest { name: name("CB01") })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(cb01.name, "organizations/CB01");
        assert_eq!(cb01.code, "CB01");
        assert_eq!(cb01.kind(), K::Cell);
        assert_eq!(cb01.parent, "organizations/CS01");
        assert_eq!(cb01.sector(), pb::Sector::StateAgency);
        assert_eq!(cb01.valid_from, date("2015-01-01"));
        assert_eq!(cb01.valid_to, None);
        assert!(!cb01.etag.is_empty());

        let all = list_all(&mut client, "", None).await;
        assert_eq!(
            codes(&all),
            ["CB01", "CB02", "CBCS", "CS01", "KHOI", "KHOI2"],
            "{}",
            server.backend()
        );
        let cells = list_all(&mut client, "kind = GRASSROOTS_CELL", None).await;
        assert_eq!(codes(&cells), ["CBCS"]);
        let children = list_all(&mut client, r#"parent = "organizations/CS01""#, None).await;
        assert_eq!(codes(&children), ["CB01", "CB02"]);
        let roots = list_all(&mut client, r#"parent = """#, None).await;
        assert_eq!(codes(&roots), ["KHOI", "KHOI2"]);
        let subtree = list_all(&mut client, r#"ancestor = "organizations/CS01""#, None).await;
        assert_eq!(codes(&subtree), ["CB01", "CB02", "CS01"]);
        let cells = list_all(
            &mut client,
            r#"ancestor = "organizations/KHOI" AND kind = CELL"#,
            None,
        )
        .await;
        assert_eq!(codes(&cells), ["CB01", "CB02"]);
        let both = list_all(
            &mut client,
            r#"kind = CELL AND parent = "organizations/KHOI""#,
            None,
        )
        .await;
        assert!(both.is_empty());
        // Before anything was founded, the tree is empty.
        assert!(
            list_all(&mut client, "", Some("2014-12-31"))
                .await
                .is_empty()
        );
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn assigns_codes_and_dates_the_caller_leaves_out_and_stores_nfc() {
    for server in servers().await {
        let mut client = server.orgs().await;
        let mut request = new_org("", K::Bloc, "");
        if let Some(org) = request.organization.as_mut() {
            // "Khối" with the circumflex and acute as combining marks (NFD).
            org.display_name = "Đảng bộ Kho\u{302}\u{301}i".to_owned();
            org.valid_from = None;
        }
        let created = client
            .create_organization(request)
            .await
            .unwrap()
            .into_inner();
        assert!(created.code.starts_with("dv-"), "{}", created.code);
        assert_eq!(created.name, format!("organizations/{}", created.code));
        assert_eq!(created.display_name, "Đảng bộ Khối");
        assert_eq!(created.valid_from, date(&today().to_string()));
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn update_changes_only_the_masked_fields_and_the_etag() {
    for server in servers().await {
        let mut client = server.orgs().await;
        seed_tree(&mut client).await;
        let before = client
            .get_organization(pb::GetOrganizationRequest { name: name("CS01") })
            .await
            .unwrap()
            .into_inner();
        let updated = client
            .update_organization(pb::UpdateOrganizationRequest {
                organization: Some(pb::Organization {
                    name: name("CS01"),
                    display_name: "Đảng bộ Công ty Điện lực".to_owned(),
                    // Not in the mask: must not change.
                    sector: pb::Sector::Other.into(),
                    etag: before.etag.clone(),
                    ..Default::default()
                }),
                update_mask: Some(FieldMask {
                    paths: vec!["display_name".to_owned()],
                }),
                request_id: String::new(),
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(updated.display_name, "Đảng bộ Công ty Điện lực");
        assert_eq!(updated.sector(), pb::Sector::StateAgency);
        assert_ne!(updated.etag, before.etag);
        assert_eq!(updated.parent, before.parent);

        // No mask: the fields that are set.
        let updated = client
            .update_organization(pb::UpdateOrganizationRequest {
                organization: Some(pb::Organization {
                    name: name("CS01"),
                    sector: pb::Sector::StateEnterprise.into(),
                    ..Default::default()
                }),
                update_mask: None,
                request_id: String::new(),
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(updated.sector(), pb::Sector::StateEnterprise);
        assert_eq!(updated.display_name, "Đảng bộ Công ty Điện lực");
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_move_takes_effect_on_its_date_and_keeps_the_old_tree() {
    for server in servers().await {
        let mut client = server.orgs().await;
        seed_tree(&mut client).await;
        let moved = client
            .move_organization(pb::MoveOrganizationRequest {
                name: name("CS01"),
                new_parent: name("KHOI2"),
                effective_date: date("2025-07-01"),
                document_number: "12-QĐ/TU".to_owned(),
                deciding_body: name("KHOI2"),
                etag: String::new(),
                request_id: String::new(),
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(moved.parent, "organizations/KHOI2");

        let under = |filter: &str| format!(r#"parent = "organizations/{filter}""#);
        let old = list_all(&mut client, &under("KHOI"), Some("2025-06-30")).await;
        assert_eq!(codes(&old), ["CBCS", "CS01"]);
        let new = list_all(&mut client, &under("KHOI"), Some("2025-07-01")).await;
        assert_eq!(codes(&new), ["CBCS"]);
        let new = list_all(&mut client, &under("KHOI2"), Some("2025-07-01")).await;
        assert_eq!(codes(&new), ["CS01"]);
        // The subtree moves with it.
        let cells = list_all(&mut client, &under("CS01"), Some("2025-07-01")).await;
        assert_eq!(codes(&cells), ["CB01", "CB02"]);
        let listed = list_all(&mut client, "", Some("2025-06-30")).await;
        let cs01 = listed.iter().find(|o| o.code == "CS01").unwrap();
        assert_eq!(cs01.parent, "organizations/KHOI");

        // A bloc may become a root again; a later move of the same org is fine.
        let root = client
            .move_organization(pb::MoveOrganizationRequest {
                name: name("CS01"),
                new_parent: name("KHOI"),
                effective_date: date("2025-09-01"),
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(root.parent, "organizations/KHOI");
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn dissolving_ends_an_organization_the_day_before() {
    for server in servers().await {
        let mut client = server.orgs().await;
        seed_tree(&mut client).await;
        let ended = client
            .dissolve_organization(pb::DissolveOrganizationRequest {
                name: name("CB02"),
                effective_date: date("2025-01-01"),
                document_number: "45-QĐ/ĐU".to_owned(),
                deciding_body: name("CS01"),
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(ended.valid_to, date("2024-12-31"));
        let cells = |day: &'static str| {
            let mut client = client.clone();
            async move { codes(&list_all(&mut client, "kind = CELL", Some(day)).await).join(",") }
        };
        assert_eq!(cells("2024-12-31").await, "CB01,CB02");
        assert_eq!(cells("2025-01-01").await, "CB01");
        // Still readable by name.
        let got = client
            .get_organization(pb::GetOrganizationRequest { name: name("CB02") })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(got.valid_to, date("2024-12-31"));
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_replayed_request_id_returns_the_first_answer_and_stores_nothing_twice() {
    for server in servers().await {
        let mut client = server.orgs().await;
        let mut request = new_org("", K::Bloc, "");
        request.request_id = "5b0e3f8e-2f4c-4d0a-9a52-0c7e2b1d9a11".to_owned();
        let first = client
            .create_organization(request.clone())
            .await
            .unwrap()
            .into_inner();
        let again = client
            .create_organization(request)
            .await
            .unwrap()
            .into_inner();
        assert_eq!(first, again);
        assert_eq!(
            codes(&list_all(&mut client, "", None).await),
            [first.code.as_str()]
        );

        // A replayed move answers as the first time, though the same move sent anew
        // would now be refused (the org already has that parent).
        seed_tree(&mut client).await;
        let mv = pb::MoveOrganizationRequest {
            name: name("CBCS"),
            new_parent: name("KHOI2"),
            effective_date: date("2025-07-01"),
            request_id: "move-cbcs-1".to_owned(),
            ..Default::default()
        };
        let first = client
            .move_organization(mv.clone())
            .await
            .unwrap()
            .into_inner();
        let again = client.move_organization(mv).await.unwrap().into_inner();
        assert_eq!(first, again);
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn create_requests_round_trip_every_kind() {
    for server in servers().await {
        let mut client = server.orgs().await;
        for (code, kind, parent) in [
            ("TINH", K::Province, ""),
            ("KHOI", K::Bloc, "TINH"),
            ("CS", K::GrassrootsCommittee, "KHOI"),
            ("CSC", K::GrassrootsCell, "TINH"),
            ("BP", K::PartialCommittee, "CS"),
            ("CB", K::Cell, "BP"),
        ] {
            let created = client
                .create_organization(new_org(code, kind, parent))
                .await
                .unwrap_or_else(|s| panic!("{code}: {s:?}"))
                .into_inner();
            assert_eq!(created.kind(), kind);
        }
        server.stop().await.unwrap();
    }
}
