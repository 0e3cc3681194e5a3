//! Restructuring keeps history (DESIGN §3): after a 2025 merge, the members of every organisation
//! of the old tree as of 2021-12-31 are listed exactly as before, and from the merge's date the
//! members follow into the survivor.

use std::collections::BTreeMap;

use dangvien_proto::v1::{self as pb, OrganizationKind as K, decision::Details as D};
use dangvien_tests::servers;

use crate::{
    decisions::{Clients, clients, seed},
    member_support::{accept, admitted, assert_verified, on, register},
    support::{date, list_all, name, new_org},
};

/// The members of every organisation valid on `as_of`, listed as of that day.
async fn members_by_org(
    c: &mut Clients,
    orgs: &mut dangvien_proto::v1::organization_service_client::OrganizationServiceClient<
        tonic::transport::Channel,
    >,
    as_of: &str,
) -> BTreeMap<String, Vec<String>> {
    let mut all = BTreeMap::new();
    for org in list_all(orgs, "", Some(as_of)).await {
        let members = c
            .members
            .list_members(pb::ListMembersRequest {
                page_size: 1000,
                filter: format!("org = \"{}\"", name(&org.code)),
                as_of: date(as_of),
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner()
            .members;
        let ids = members
            .into_iter()
            .map(|m| m.person.trim_start_matches("people/").to_owned())
            .collect();
        all.insert(org.code, ids);
    }
    all
}

#[tokio::test]
async fn a_2025_merge_leaves_2021_member_lists_unchanged() {
    for server in servers().await {
        let mut c = clients(&server).await;
        seed(&mut c, &server).await;
        let mut orgs = server.orgs().await;
        for (code, kind, parent) in [
            ("CS02", K::GrassrootsCommittee, "KHOI"),
            ("CB03", K::Cell, "CS02"),
        ] {
            orgs.create_organization(new_org(code, kind, parent))
                .await
                .unwrap();
        }
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
        register(&mut c, "A1", "CB02", None).await;
        register(&mut c, "A2", "CB03", None).await;
        register(&mut c, "A3", "CB03", Some("2021-03-01")).await;
        register(&mut c, "A4", "CBCS", None).await;
        accept(
            &mut c,
            on(
                "A4",
                "A4-X",
                "2022-05-01",
                "1-QĐ",
                "CBCS",
                D::RecordDeath(pb::RecordDeath {}),
            ),
        )
        .await;
        let before = members_by_org(&mut c, &mut orgs, "2021-12-31").await;
        assert_eq!(before["CS02"], ["A2", "A3"]);
        assert_eq!(before["CB02"], ["A1", "S1", "S2"]);
        assert_eq!(before["KHOI"], ["A1", "A2", "A3", "A4", "P2", "S1", "S2"]);

        // 2025: CS02 merges into CS01 (its cell CB03 follows), and cell CB02 into CB01 (its
        // members follow).
        for (source, into) in [("CS02", "CS01"), ("CB02", "CB01")] {
            orgs.merge_organization(pb::MergeOrganizationRequest {
                name: name(source),
                into: name(into),
                effective_date: date("2025-07-01"),
                document_number: format!("{source}-QĐ/TU"),
                deciding_body: name("KHOI"),
                ..Default::default()
            })
            .await
            .unwrap_or_else(|s| panic!("merging {source}: {s:?}"));
        }
        assert_eq!(
            members_by_org(&mut c, &mut orgs, "2021-12-31").await,
            before,
            "{}",
            server.backend()
        );
        let after = members_by_org(&mut c, &mut orgs, "2025-07-01").await;
        assert!(!after.contains_key("CS02") && !after.contains_key("CB02"));
        assert_eq!(after["CB01"], ["A1", "P2", "S1", "S2"]);
        assert_eq!(after["CS01"], ["A1", "A2", "A3", "P2", "S1", "S2"]);
        assert_eq!(after["CB03"], ["A2", "A3"]);
        let moved = c
            .members
            .get_member(pb::GetMemberRequest {
                name: "people/A1/member".into(),
                as_of: date("2025-07-01"),
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(moved.cell, "organizations/CB01");
        assert_verified(&server).await;
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_transfer_into_a_cell_keeps_its_tree_from_being_restructured_before_it() {
    for server in servers().await {
        let mut c = clients(&server).await;
        seed(&mut c, &server).await;
        let mut orgs = server.orgs().await;
        for (code, kind, parent) in [
            ("CS02", K::GrassrootsCommittee, "KHOI"),
            ("CB03", K::Cell, "CS02"),
        ] {
            orgs.create_organization(new_org(code, kind, parent))
                .await
                .unwrap();
        }
        register(&mut c, "M1", "CB01", None).await;
        accept(
            &mut c,
            on(
                "M1",
                "M1-T",
                "2025-03-01",
                "7-QĐ/ĐU",
                "KHOI",
                D::Transfer(pb::Transfer {
                    transfer_kind: pb::TransferKind::Permanent.into(),
                    to_org: name("CB03"),
                    until: None,
                }),
            ),
        )
        .await;
        // Merged or moved before the transfer, the destination would make a permanent transfer
        // internal after the fact.
        let merged = orgs
            .merge_organization(crate::orgs_merge::merging("CB03", "CB02", "2025-02-01"))
            .await
            .unwrap_err();
        crate::support::assert_status(
            &merged,
            tonic::Code::FailedPrecondition,
            "DATE_BEFORE_PREVIOUS_STEP",
        );
        let moved = orgs
            .move_organization(pb::MoveOrganizationRequest {
                name: name("CB03"),
                new_parent: name("CS01"),
                effective_date: date("2025-02-01"),
                ..Default::default()
            })
            .await
            .unwrap_err();
        crate::support::assert_status(
            &moved,
            tonic::Code::FailedPrecondition,
            "DATE_BEFORE_PREVIOUS_STEP",
        );
        // After the transfer's date the tree may change, and the member follows.
        orgs.merge_organization(crate::orgs_merge::merging("CB03", "CB02", "2025-04-01"))
            .await
            .unwrap();
        let m = c
            .members
            .get_member(pb::GetMemberRequest {
                name: "people/M1/member".into(),
                as_of: date("2025-04-01"),
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(m.cell, "organizations/CB02");
        assert_verified(&server).await;
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_transfer_out_of_a_cell_merged_since_is_not_revoked_into_it() {
    for server in servers().await {
        let mut c = clients(&server).await;
        seed(&mut c, &server).await;
        let mut orgs = server.orgs().await;
        orgs.create_organization(new_org("CB03", K::Cell, "CS01"))
            .await
            .unwrap();
        register(&mut c, "M1", "CB01", None).await;
        accept(
            &mut c,
            on(
                "M1",
                "M1-T",
                "2024-03-01",
                "7-QĐ/ĐU",
                "CS01",
                D::Transfer(pb::Transfer {
                    transfer_kind: pb::TransferKind::Internal.into(),
                    to_org: name("CB02"),
                    until: None,
                }),
            ),
        )
        .await;
        let child_etag = |o: pb::Organization| o.etag;
        let before = child_etag(
            orgs.get_organization(pb::GetOrganizationRequest { name: name("CB01") })
                .await
                .unwrap()
                .into_inner(),
        );
        orgs.merge_organization(crate::orgs_merge::merging("CB01", "CB03", "2025-07-01"))
            .await
            .unwrap();
        let after = child_etag(
            orgs.get_organization(pb::GetOrganizationRequest { name: name("CB01") })
                .await
                .unwrap()
                .into_inner(),
        );
        assert_ne!(before, after, "the merged organisation has a new etag");
        // Revoking the transfer would put M1 back, for good, in a cell that ended on 2025-06-30.
        crate::member_support::refuse(
            &mut c,
            on(
                "M1",
                "M1-R",
                "2024-03-05",
                "8-QĐ/ĐU",
                "CS01",
                D::Revoke(pb::Revoke {
                    revokes: "decisions/M1-T".into(),
                }),
            ),
            tonic::Code::FailedPrecondition,
            "ILLEGAL_TRANSITION",
        )
        .await;
        assert_verified(&server).await;
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_merge_gives_the_children_it_hands_over_a_new_etag() {
    for server in servers().await {
        let mut c = clients(&server).await;
        seed(&mut c, &server).await;
        let mut orgs = server.orgs().await;
        for (code, kind, parent) in [
            ("CS02", K::GrassrootsCommittee, "KHOI"),
            ("CB03", K::Cell, "CS02"),
        ] {
            orgs.create_organization(new_org(code, kind, parent))
                .await
                .unwrap();
        }
        let etag = |o: pb::Organization| o.etag;
        let get = pb::GetOrganizationRequest { name: name("CB03") };
        let before = etag(
            orgs.get_organization(get.clone())
                .await
                .unwrap()
                .into_inner(),
        );
        orgs.merge_organization(crate::orgs_merge::merging("CS02", "CS01", "2025-07-01"))
            .await
            .unwrap();
        let after = orgs.get_organization(get).await.unwrap().into_inner();
        assert_eq!(after.parent, name("CS01"));
        assert_ne!(
            etag(after),
            before,
            "a child whose parent changed keeps no stale etag"
        );
        server.stop().await.unwrap();
    }
}
