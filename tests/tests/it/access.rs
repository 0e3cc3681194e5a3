//! Who may do what (DESIGN §8), end to end: every role against every operation, each cell of
//! the table asserted; a clerk's subtree judged before existence; a reader's reach without
//! names or ID numbers; a scoped sync principal's import refusing only the lines outside.

use dangvien_proto::{
    tokens::Role,
    v1::{
        self as pb, admin_service_client::AdminServiceClient,
        audit_service_client::AuditServiceClient, decision_service_client::DecisionServiceClient,
        member_service_client::MemberServiceClient,
        organization_service_client::OrganizationServiceClient,
        person_service_client::PersonServiceClient,
        statistics_service_client::StatisticsServiceClient, sync_service_client::SyncServiceClient,
    },
};
use dangvien_server::Clock;
use dangvien_tests::{Serving, TestDb, TestServer, auth::Principals, today};
use tonic::{Code, Status, transport::Channel};

use crate::{
    decisions::person,
    support::{assert_status, name, new_org},
};

/// The principals of every test here: one of each role, the clerk bounded to CS01.
fn principals() -> Principals {
    Principals::new(&[
        ("admin", Role::Admin, None),
        ("clerk", Role::Clerk, Some("CS01")),
        ("reader", Role::Reader, None),
        ("sync", Role::Sync, Some("CS01")),
    ])
}

/// Who calls, in the order of the table's columns.
const WHO: [&str; 4] = ["admin", "clerk", "reader", "sync"];

/// An operation of the API, called with a request that names something inside the clerk's
/// subtree unless its name says otherwise.
#[derive(Clone, Copy, Debug)]
enum Op {
    GetOrganization,
    ListOrganizations,
    CreateOrganization,
    GetPerson,
    GetPersonOutside,
    GetPersonMissing,
    ListPeople,
    CreatePerson,
    CreatePersonOutside,
    UpdatePerson,
    GetMember,
    ListMembers,
    SubmitDecision,
    SubmitDecisionOutside,
    ListDecisions,
    GetCase,
    GetYearReport,
    GetYearReportOutside,
    GetFunnel,
    ListOverdue,
    GetTarget,
    SetTarget,
    Verify,
    Export,
    ListChanges,
    Import,
    ListAuditEntries,
    VerifyAuditLog,
}

/// The table: for each operation, whether admin, clerk (CS01), reader and sync (CS01) may.
const TABLE: &[(Op, [bool; 4])] = &[
    (Op::GetOrganization, [true, true, true, true]),
    (Op::ListOrganizations, [true, true, true, true]),
    (Op::CreateOrganization, [true, false, false, false]),
    (Op::GetPerson, [true, true, false, false]),
    (Op::GetPersonOutside, [true, false, false, false]),
    (Op::GetPersonMissing, [true, false, false, false]),
    (Op::ListPeople, [true, true, false, false]),
    (Op::CreatePerson, [true, true, false, false]),
    (Op::CreatePersonOutside, [true, false, false, false]),
    (Op::UpdatePerson, [true, true, false, false]),
    (Op::GetMember, [true, true, false, false]),
    (Op::ListMembers, [true, true, false, false]),
    (Op::SubmitDecision, [true, true, false, false]),
    (Op::SubmitDecisionOutside, [true, false, false, false]),
    (Op::ListDecisions, [true, true, false, false]),
    (Op::GetCase, [true, true, false, false]),
    (Op::GetYearReport, [true, true, true, false]),
    (Op::GetYearReportOutside, [true, false, true, false]),
    (Op::GetFunnel, [true, true, true, false]),
    (Op::ListOverdue, [true, true, false, false]),
    (Op::GetTarget, [true, true, true, false]),
    (Op::SetTarget, [true, false, false, false]),
    (Op::Verify, [true, false, false, false]),
    (Op::Export, [true, false, false, true]),
    (Op::ListChanges, [true, false, false, true]),
    (Op::Import, [true, false, false, true]),
    (Op::ListAuditEntries, [true, false, false, false]),
    (Op::VerifyAuditLog, [true, false, false, false]),
];

async fn serve(db: TestDb, principals: &Principals) -> TestServer {
    let flags = principals.flags();
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    TestServer::start_serving(db, Clock::Fixed(today()), &flags, Serving::Plain)
        .await
        .unwrap_or_else(|e| panic!("starting the server: {e:#}"))
}

/// KHOI ⊃ CS01 ⊃ CB01 with P1, KHOI2 ⊃ CS02 ⊃ CB02 with P2, made by the admin.
async fn seed(channel: &Channel, p: &Principals) {
    use pb::OrganizationKind as K;
    let mut orgs = OrganizationServiceClient::new(channel.clone());
    for (code, kind, parent) in [
        ("KHOI", K::Bloc, ""),
        ("CS01", K::GrassrootsCommittee, "KHOI"),
        ("CB01", K::Cell, "CS01"),
        ("KHOI2", K::Bloc, ""),
        ("CS02", K::GrassrootsCommittee, "KHOI2"),
        ("CB02", K::Cell, "CS02"),
    ] {
        orgs.create_organization(p.request("admin", new_org(code, kind, parent)))
            .await
            .unwrap_or_else(|s| panic!("creating {code}: {s:?}"));
    }
    let mut people = PersonServiceClient::new(channel.clone());
    for (id, cell) in [("P1", "CB01"), ("P2", "CB02")] {
        people
            .create_person(p.request("admin", person(id, "Nguyễn Thị Hoa", "1996-05-01", cell)))
            .await
            .unwrap_or_else(|s| panic!("creating {id}: {s:?}"));
    }
}

/// A decision about `who` that the rules judge (accepted or refused, never unauthorised).
fn decision(id: &str, who: &str, body: &str) -> pb::SubmitDecisionRequest {
    crate::member_support::on(
        who,
        id,
        "2025-03-01",
        &format!("{id}-QD"),
        body,
        pb::decision::Details::Nominate(pb::Nominate {}),
    )
}

/// Calls `op` as `who`; `Err` carries the status of a refusal.
async fn call(
    op: Op,
    channel: &Channel,
    p: &Principals,
    who: &str,
    n: usize,
) -> Result<(), Status> {
    let orgs = || OrganizationServiceClient::new(channel.clone());
    let people = || PersonServiceClient::new(channel.clone());
    let members = || MemberServiceClient::new(channel.clone());
    let decisions = || DecisionServiceClient::new(channel.clone());
    let stats = || StatisticsServiceClient::new(channel.clone());
    let sync = || SyncServiceClient::new(channel.clone());
    let person_name = |id: &str| format!("people/{id}");
    match op {
        Op::GetOrganization => drop(
            orgs()
                .get_organization(p.request(who, pb::GetOrganizationRequest { name: name("CS01") }))
                .await?,
        ),
        Op::ListOrganizations => drop(
            orgs()
                .list_organizations(p.request(who, pb::ListOrganizationsRequest::default()))
                .await?,
        ),
        Op::CreateOrganization => drop(
            orgs()
                .create_organization(p.request(
                    who,
                    new_org(&format!("CBN{n}"), pb::OrganizationKind::Cell, "CS01"),
                ))
                .await?,
        ),
        Op::GetPerson => drop(
            people()
                .get_person(p.request(
                    who,
                    pb::GetPersonRequest {
                        name: person_name("P1"),
                    },
                ))
                .await?,
        ),
        Op::GetPersonOutside => drop(
            people()
                .get_person(p.request(
                    who,
                    pb::GetPersonRequest {
                        name: person_name("P2"),
                    },
                ))
                .await?,
        ),
        Op::GetPersonMissing => drop(
            people()
                .get_person(p.request(
                    who,
                    pb::GetPersonRequest {
                        name: person_name("P404"),
                    },
                ))
                .await?,
        ),
        Op::ListPeople => {
            let listed = people()
                .list_people(p.request(who, pb::ListPeopleRequest::default()))
                .await?
                .into_inner();
            let ids: Vec<&str> = listed.people.iter().map(|p| p.name.as_str()).collect();
            // A clerk's list is its subtree, whatever it asked for.
            if who == "clerk" {
                assert!(!ids.contains(&"people/P2"), "clerk saw P2: {ids:?}");
            }
            assert!(ids.contains(&"people/P1"), "{who}: {ids:?}");
        }
        Op::CreatePerson => drop(
            people()
                .create_person(p.request(
                    who,
                    person(&format!("PN{n}"), "Trần Văn Nam", "1997-01-01", "CB01"),
                ))
                .await?,
        ),
        Op::CreatePersonOutside => drop(
            people()
                .create_person(p.request(
                    who,
                    person(&format!("PX{n}"), "Trần Văn Nam", "1997-01-01", "CB02"),
                ))
                .await?,
        ),
        Op::UpdatePerson => drop(
            people()
                .update_person(p.request(
                    who,
                    crate::people::update("P1", &["religion"], |p| {
                        p.religion = Some(format!("Phật giáo {n}"));
                    }),
                ))
                .await?,
        ),
        Op::GetMember => drop(
            members()
                .get_member(p.request(
                    who,
                    pb::GetMemberRequest {
                        name: "people/P1/member".to_owned(),
                        ..Default::default()
                    },
                ))
                .await?,
        ),
        Op::ListMembers => drop(
            members()
                .list_members(p.request(who, pb::ListMembersRequest::default()))
                .await?,
        ),
        Op::SubmitDecision => drop(
            decisions()
                .submit_decision(p.request(who, decision(&format!("D{n}"), "P1", "CB01")))
                .await?,
        ),
        Op::SubmitDecisionOutside => drop(
            decisions()
                .submit_decision(p.request(who, decision(&format!("DX{n}"), "P2", "CB02")))
                .await?,
        ),
        Op::ListDecisions => drop(
            decisions()
                .list_decisions(p.request(
                    who,
                    pb::ListDecisionsRequest {
                        filter: "person = \"people/P1\"".to_owned(),
                        ..Default::default()
                    },
                ))
                .await?,
        ),
        Op::GetCase => drop(
            decisions()
                .get_case(p.request(
                    who,
                    pb::GetCaseRequest {
                        name: "people/P1/case".to_owned(),
                    },
                ))
                .await?,
        ),
        Op::GetYearReport => drop(
            stats()
                .get_year_report(p.request(
                    who,
                    pb::GetYearReportRequest {
                        org: name("CS01"),
                        year: 2025,
                    },
                ))
                .await?,
        ),
        Op::GetYearReportOutside => drop(
            stats()
                .get_year_report(p.request(
                    who,
                    pb::GetYearReportRequest {
                        org: name("KHOI2"),
                        year: 2025,
                    },
                ))
                .await?,
        ),
        Op::GetFunnel => drop(
            stats()
                .get_funnel(p.request(
                    who,
                    pb::GetFunnelRequest {
                        org: name("CS01"),
                        year: 2025,
                        ..Default::default()
                    },
                ))
                .await?,
        ),
        Op::ListOverdue => drop(
            stats()
                .list_overdue(p.request(who, pb::ListOverdueRequest::default()))
                .await?,
        ),
        Op::GetTarget => drop(
            stats()
                .get_target(p.request(
                    who,
                    pb::GetTargetRequest {
                        name: "organizations/CS01/targets/2026".to_owned(),
                    },
                ))
                .await?,
        ),
        Op::SetTarget => drop(
            stats()
                .set_target(p.request(
                    who,
                    pb::SetTargetRequest {
                        target: Some(pb::Target {
                            org: name("CS01"),
                            year: 2026,
                            admissions: 5,
                            ..Default::default()
                        }),
                        ..Default::default()
                    },
                ))
                .await?,
        ),
        Op::Verify => drop(
            AdminServiceClient::new(channel.clone())
                .verify(p.request(who, pb::VerifyRequest {}))
                .await?,
        ),
        Op::Export => {
            let mut stream = sync()
                .export(p.request(who, pb::ExportRequest::default()))
                .await?
                .into_inner();
            while stream.message().await?.is_some() {}
        }
        Op::ListChanges => {
            let mut stream = sync()
                .list_changes(p.request(who, pb::ListChangesRequest::default()))
                .await?
                .into_inner();
            while stream.message().await?.is_some() {}
        }
        Op::Import => {
            let start = pb::ImportRequest {
                message: Some(pb::import_request::Message::Start(pb::ImportStart {
                    import_id: format!("matrix-{n}"),
                    dry_run: true,
                    ..Default::default()
                })),
            };
            let mut stream = sync()
                .import(p.request(who, tokio_stream::iter(vec![start])))
                .await?
                .into_inner();
            while stream.message().await?.is_some() {}
        }
        Op::ListAuditEntries => drop(
            AuditServiceClient::new(channel.clone())
                .list_audit_entries(p.request(who, pb::ListAuditEntriesRequest::default()))
                .await?,
        ),
        Op::VerifyAuditLog => drop(
            AuditServiceClient::new(channel.clone())
                .verify_audit_log(p.request(who, pb::VerifyAuditLogRequest {}))
                .await?,
        ),
    }
    Ok(())
}

/// Refusals that are about who calls, as opposed to what the call asks.
fn is_about_access(status: &Status) -> bool {
    matches!(
        status.code(),
        Code::PermissionDenied | Code::Unauthenticated
    )
}

#[tokio::test]
async fn every_role_may_do_exactly_what_the_table_says() {
    for db in TestDb::all().await {
        let p = principals();
        let server = serve(db, &p).await;
        let channel = server.channel().await.unwrap();
        seed(&channel, &p).await;
        let mut wrong = Vec::new();
        for (i, (op, allowed)) in TABLE.iter().enumerate() {
            for (column, who) in WHO.iter().enumerate() {
                let n = i * WHO.len() + column;
                match (call(*op, &channel, &p, who, n).await, allowed[column]) {
                    (Ok(()), true) => {}
                    (Err(s), true) if !is_about_access(&s) => {}
                    (Err(s), false) if s.code() == Code::PermissionDenied => {
                        assert_status(&s, Code::PermissionDenied, "ACCESS_DENIED");
                        // Nothing about what lies outside: the same words whether it exists.
                        assert!(!s.message().contains("not found"), "{op:?} {who}: {s:?}");
                    }
                    (outcome, allowed) => {
                        wrong.push(format!("{op:?} as {who} (allowed: {allowed}): {outcome:?}"))
                    }
                }
            }
        }
        assert!(wrong.is_empty(), "{}: {wrong:#?}", server.backend());
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_clerk_hears_the_same_about_a_person_outside_and_one_who_does_not_exist() {
    for db in TestDb::all().await {
        let p = principals();
        let server = serve(db, &p).await;
        let channel = server.channel().await.unwrap();
        seed(&channel, &p).await;
        let outside = call(Op::GetPersonOutside, &channel, &p, "clerk", 0)
            .await
            .unwrap_err();
        let missing = call(Op::GetPersonMissing, &channel, &p, "clerk", 0)
            .await
            .unwrap_err();
        assert_eq!(outside.code(), missing.code());
        assert_eq!(
            outside.message().replace("P2", "X"),
            missing.message().replace("P404", "X"),
        );
        // The admin, bounded by nothing, hears whether it exists.
        let admin = call(Op::GetPersonMissing, &channel, &p, "admin", 0)
            .await
            .unwrap_err();
        assert_status(&admin, Code::NotFound, "PERSON_NOT_FOUND");
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn an_organisation_moved_out_of_a_clerks_subtree_is_out_of_reach_from_the_move() {
    for db in TestDb::all().await {
        let p = principals();
        let server = serve(db, &p).await;
        let channel = server.channel().await.unwrap();
        seed(&channel, &p).await;
        call(Op::GetPerson, &channel, &p, "clerk", 0).await.unwrap();
        OrganizationServiceClient::new(channel.clone())
            .move_organization(p.request(
                "admin",
                pb::MoveOrganizationRequest {
                    name: name("CB01"),
                    new_parent: name("CS02"),
                    effective_date: crate::support::date("2026-01-10"),
                    ..Default::default()
                },
            ))
            .await
            .unwrap();
        let moved = call(Op::GetPerson, &channel, &p, "clerk", 0)
            .await
            .unwrap_err();
        assert_status(&moved, Code::PermissionDenied, "ACCESS_DENIED");
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_scoped_sync_import_refuses_the_lines_outside_and_keeps_the_others() {
    for db in TestDb::all().await {
        let p = principals();
        let server = serve(db, &p).await;
        let channel = server.channel().await.unwrap();
        seed(&channel, &p).await;
        let line = |id: &str, cell: &str| {
            format!(
                r#"{{"kind":"person","external_id":"{id}","full_name":"Lê Thị Mai","gender":"female","birth_date":"1998-02-03","ethnicity":"Kinh","religion":null,"education":"upper_secondary","youth_union":false,"trade_union":false,"org":"{cell}"}}"#
            )
        };
        let lines = [
            line("PS1", "CB01"),
            line("PS2", "CB02"),
            line("PS3", "CB01"),
        ];
        let mut messages = vec![pb::ImportRequest {
            message: Some(pb::import_request::Message::Start(pb::ImportStart {
                import_id: "scoped".to_owned(),
                ..Default::default()
            })),
        }];
        for (i, l) in lines.iter().enumerate() {
            messages.push(pb::ImportRequest {
                message: Some(pb::import_request::Message::Line(pb::ImportLine {
                    line_number: i as i64 + 1,
                    line: l.clone().into_bytes(),
                })),
            });
        }
        let mut stream = SyncServiceClient::new(channel.clone())
            .import(p.request("sync", tokio_stream::iter(messages)))
            .await
            .unwrap()
            .into_inner();
        let mut results = Vec::new();
        while let Some(response) = stream.message().await.unwrap() {
            if let Some(pb::import_response::Message::Results(r)) = response.message {
                results.extend(r.results);
            }
        }
        let reasons: Vec<(i64, &str)> = results
            .iter()
            .map(|r| (r.line_number, r.reason.as_str()))
            .collect();
        assert_eq!(
            reasons,
            [(1, ""), (2, "ACCESS_DENIED"), (3, "")],
            "{results:#?}"
        );
        // The lines inside were stored; the one outside was not.
        let mut people = PersonServiceClient::new(channel.clone());
        for (id, stored) in [("PS1", true), ("PS2", false), ("PS3", true)] {
            let got = people
                .get_person(p.request(
                    "admin",
                    pb::GetPersonRequest {
                        name: format!("people/{id}"),
                    },
                ))
                .await;
            assert_eq!(got.is_ok(), stored, "{id}: {got:?}");
        }
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_reader_reaches_counts_and_never_a_name_or_number() {
    for db in TestDb::all().await {
        let p = principals();
        let server = serve(db, &p).await;
        let channel = server.channel().await.unwrap();
        seed(&channel, &p).await;
        let report = StatisticsServiceClient::new(channel.clone())
            .get_year_report(p.request(
                "reader",
                pb::GetYearReportRequest {
                    org: String::new(),
                    year: 2025,
                },
            ))
            .await
            .unwrap()
            .into_inner();
        let funnel = StatisticsServiceClient::new(channel.clone())
            .get_funnel(p.request(
                "reader",
                pb::GetFunnelRequest {
                    year: 2025,
                    ..Default::default()
                },
            ))
            .await
            .unwrap()
            .into_inner();
        let shown = format!("{report:?}{funnel:?}");
        for personal in ["Nguyễn", "P1", "P2", "1996"] {
            assert!(
                !shown.contains(personal),
                "a reader saw {personal}: {shown}"
            );
        }
        server.stop().await.unwrap();
    }
}
