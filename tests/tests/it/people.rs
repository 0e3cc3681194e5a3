//! The person API end to end: create, read, list with each filter and paging, and correct.
//! Moves between cells are in `people_cells`, refusals in `people_refusals`.

use dangvien_proto::v1::{
    self as pb, decision::Details as D, decision_service_client::DecisionServiceClient,
    person_service_client::PersonServiceClient,
};
use dangvien_tests::{TestServer, servers};
use prost_types::FieldMask;
use tonic::{Code, transport::Channel};

use crate::support::{assert_status, date, name, seed_tree};

pub(crate) type Client = PersonServiceClient<Channel>;

/// A national ID number used by the tests (12 digits).
pub(crate) const NATIONAL_ID: &str = "001096012345";

/// `people/{id}`.
pub(crate) fn person_name(id: &str) -> String {
    format!("people/{id}")
}

/// A create request for `id` (empty: the server assigns one) in `cell` from 2015-01-01.
pub(crate) fn new_person(id: &str, full_name: &str, cell: &str) -> pb::CreatePersonRequest {
    pb::CreatePersonRequest {
        person_id: id.to_owned(),
        person: Some(pb::Person {
            full_name: full_name.to_owned(),
            gender: pb::Gender::Male.into(),
            birth_date: date("1995-04-12"),
            ethnicity: "Kinh".to_owned(),
            education: pb::Education::UpperSecondary.into(),
            cell: name(cell),
            cell_since: date("2015-01-01"),
            ..Default::default()
        }),
        request_id: String::new(),
    }
}

pub(crate) fn with_person(
    mut request: pb::CreatePersonRequest,
    f: impl FnOnce(&mut pb::Person),
) -> pb::CreatePersonRequest {
    if let Some(p) = request.person.as_mut() {
        f(p);
    }
    request
}

/// An update of `id` with the fields `f` sets and the given mask paths.
pub(crate) fn update(
    id: &str,
    paths: &[&str],
    f: impl FnOnce(&mut pb::Person),
) -> pb::UpdatePersonRequest {
    let mut person = pb::Person {
        name: person_name(id),
        ..Default::default()
    };
    f(&mut person);
    pb::UpdatePersonRequest {
        person: Some(person),
        update_mask: (!paths.is_empty()).then(|| FieldMask {
            paths: paths.iter().map(|p| (*p).to_owned()).collect(),
        }),
        request_id: String::new(),
    }
}

/// A move of `id` to `cell` from `since` (none: today).
pub(crate) fn moving(id: &str, cell: &str, since: Option<&str>) -> pb::UpdatePersonRequest {
    update(id, &["cell"], |p| {
        p.cell = name(cell);
        p.cell_since = since.and_then(date);
    })
}

pub(crate) async fn get(c: &mut Client, id: &str) -> pb::Person {
    c.get_person(pb::GetPersonRequest {
        name: person_name(id),
    })
    .await
    .unwrap_or_else(|s| panic!("getting {id}: {s:?}"))
    .into_inner()
}

/// Every person passing `filter`, two to a page.
pub(crate) async fn list_all(c: &mut Client, filter: &str) -> Vec<pb::Person> {
    let mut all = Vec::new();
    let mut page_token = String::new();
    loop {
        let page = c
            .list_people(pb::ListPeopleRequest {
                page_size: 2,
                page_token: page_token.clone(),
                filter: filter.to_owned(),
            })
            .await
            .unwrap_or_else(|s| panic!("listing {filter}: {s:?}"))
            .into_inner();
        assert!(page.people.len() <= 2);
        all.extend(page.people);
        if page.next_page_token.is_empty() {
            return all;
        }
        page_token = page.next_page_token;
    }
}

pub(crate) async fn ids(c: &mut Client, filter: &str) -> Vec<String> {
    list_all(c, filter)
        .await
        .into_iter()
        .map(|p| p.external_id)
        .collect()
}

/// Submits a decision about `person` by `body` (NOMINATE needs no number, the others get one).
pub(crate) async fn decide(
    server: &TestServer,
    (id, person, day, body): (&str, &str, &str, &str),
    details: D,
) {
    let mut decisions = DecisionServiceClient::new(server.channel().await.unwrap());
    let number = match details {
        D::Nominate(_) => String::new(),
        _ => format!("{id}-NQ/CB"),
    };
    decisions
        .submit_decision(pb::SubmitDecisionRequest {
            decision_id: id.to_owned(),
            decision: Some(pb::Decision {
                person: person_name(person),
                decision_date: date(day),
                document_number: number,
                deciding_body: name(body),
                details: Some(details),
                ..Default::default()
            }),
            request_id: String::new(),
        })
        .await
        .unwrap_or_else(|s| panic!("deciding {id}: {s:?}"));
}

pub(crate) fn nominate() -> D {
    D::Nominate(pb::Nominate {})
}

pub(crate) fn recognize() -> D {
    D::RecognizeSympathizer(pb::RecognizeSympathizer { mentors: vec![] })
}

/// The persons the list tests use, in CB01, CB02 and CBCS.
pub(crate) async fn seed_people(server: &TestServer, c: &mut Client) {
    seed_tree(&mut server.orgs().await).await;
    for (id, full_name, cell) in [
        // The name in NFD (decomposed marks): stored as NFC.
        ("P01", "Nguye\u{302}\u{303}n Va\u{306}n An", "CB01"),
        ("P02", "Đặng Thị Lan", "CB02"),
        ("P03", "Trần Văn Bình", "CBCS"),
        ("P04", "Nguyễn Văn Anh", "CB01"),
        ("P05", "Lê Thị Hoa", "CB02"),
    ] {
        c.create_person(new_person(id, full_name, cell))
            .await
            .unwrap_or_else(|s| panic!("creating {id}: {s:?}"));
    }
}

#[tokio::test]
async fn creates_and_reads_a_person_with_every_field() {
    for server in servers().await {
        let mut c = server.people().await;
        seed_tree(&mut server.orgs().await).await;
        let created = c
            .create_person(with_person(
                new_person("P1", "  Nguyễn   Văn An ", "CB01"),
                |p| {
                    p.gender = pb::Gender::Female.into();
                    p.ethnicity = "Khmer".to_owned();
                    p.religion = Some("Phật giáo".to_owned());
                    p.education = pb::Education::LowerSecondary.into();
                    p.professional_level = "Cử nhân Kinh tế".to_owned();
                    p.hardship_exception = true;
                    p.youth_union = true;
                    p.trade_union = true;
                    p.national_id = NATIONAL_ID.to_owned();
                    p.cell_since = None;
                    // Output only: ignored.
                    p.external_id = "IGNORED".to_owned();
                    p.member = true;
                    p.case_state = pb::CaseState::Admitted.into();
                },
            ))
            .await
            .unwrap()
            .into_inner();
        assert_eq!(created.name, "people/P1");
        assert_eq!(created.external_id, "P1");
        assert_eq!(created.full_name, "Nguyễn Văn An");
        assert_eq!(created.gender(), pb::Gender::Female);
        assert_eq!(created.birth_date, date("1995-04-12"));
        assert_eq!(created.ethnicity, "Khơ-me", "{}", server.backend());
        assert_eq!(created.religion.as_deref(), Some("Phật giáo"));
        assert_eq!(created.education(), pb::Education::LowerSecondary);
        assert_eq!(created.professional_level, "Cử nhân Kinh tế");
        assert!(created.hardship_exception && created.youth_union && created.trade_union);
        assert_eq!(created.national_id, NATIONAL_ID);
        assert_eq!(created.cell, "organizations/CB01");
        // No cell_since: in the cell from the cell's own start (seed_tree: 2015-01-01), not
        // from today.
        assert_eq!(created.cell_since, date("2015-01-01"));
        assert_eq!(created.case_state(), pb::CaseState::Unspecified);
        assert!(!created.member);
        assert!(!created.etag.is_empty());
        assert_eq!(get(&mut c, "P1").await, created);

        // No id: the server assigns one.
        let assigned = c
            .create_person(new_person("", "Lê Văn Tám", "CBCS"))
            .await
            .unwrap()
            .into_inner();
        assert!(assigned.external_id.starts_with("dv-"), "{assigned:?}");
        assert_eq!(assigned.name, format!("people/{}", assigned.external_id));
        assert_eq!(assigned.religion, None);
        assert_eq!(assigned.national_id, "");

        // A replay returns the first answer and stores nothing twice.
        let mut request = new_person("P2", "Đặng Thị Lan", "CB02");
        request.request_id = "create-p2".to_owned();
        let first = c.create_person(request.clone()).await.unwrap().into_inner();
        let again = c.create_person(request.clone()).await.unwrap().into_inner();
        assert_eq!(first, again);
        request.person.as_mut().unwrap().full_name = "Đặng Thị Lan Anh".to_owned();
        let reused = c.create_person(request).await.unwrap_err();
        assert_status(&reused, Code::InvalidArgument, "REQUEST_ID_REUSED");
        assert_eq!(list_all(&mut c, "").await.len(), 3);
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn lists_by_org_state_and_name_a_page_at_a_time() {
    for server in servers().await {
        let mut c = server.people().await;
        seed_people(&server, &mut c).await;
        let b = server.backend();
        assert_eq!(get(&mut c, "P01").await.full_name, "Nguyễn Văn An");
        assert_eq!(ids(&mut c, "").await, ["P01", "P02", "P03", "P04", "P05"]);
        assert_eq!(
            ids(&mut c, r#"org = "organizations/CS01""#).await,
            ["P01", "P02", "P04", "P05"],
            "{b}"
        );
        assert_eq!(
            ids(&mut c, "org = organizations/KHOI").await,
            ["P01", "P02", "P03", "P04", "P05"]
        );
        assert_eq!(
            ids(&mut c, r#"org = "organizations/CB02""#).await,
            ["P02", "P05"]
        );
        assert!(
            ids(&mut c, r#"org = "organizations/KHOI2""#)
                .await
                .is_empty()
        );

        // Word prefixes, without diacritics or case.
        assert_eq!(
            ids(&mut c, r#"name = "nguyen van""#).await,
            ["P01", "P04"],
            "{b}"
        );
        assert_eq!(
            ids(&mut c, r#"name = "NGUYỄN VĂN AN""#).await,
            ["P01", "P04"]
        );
        assert_eq!(ids(&mut c, "name = dang").await, ["P02"]);
        assert_eq!(ids(&mut c, r#"name = "van""#).await, ["P01", "P03", "P04"]);
        assert_eq!(ids(&mut c, "name = an").await, ["P01", "P04"]);
        assert!(ids(&mut c, r#"name = "van an x""#).await.is_empty());
        assert!(ids(&mut c, r#"name = "%""#).await.is_empty());
        assert!(ids(&mut c, r#"name = "_""#).await.is_empty());

        // The latest case's state, with or without its prefix.
        decide(&server, ("D1", "P02", "2024-01-10", "CB02"), nominate()).await;
        decide(&server, ("D2", "P02", "2024-03-15", "CB02"), recognize()).await;
        decide(&server, ("D3", "P04", "2025-03-01", "CB01"), nominate()).await;
        assert_eq!(
            get(&mut c, "P02").await.case_state(),
            pb::CaseState::Sympathizer
        );
        assert_eq!(ids(&mut c, "state = SYMPATHIZER").await, ["P02"], "{b}");
        assert_eq!(ids(&mut c, "state = CASE_STATE_CANDIDATE").await, ["P04"]);
        assert_eq!(ids(&mut c, "state = candidate").await, ["P04"]);
        assert!(ids(&mut c, "state = ADMITTED").await.is_empty());
        assert_eq!(
            ids(
                &mut c,
                r#"org = "organizations/CB01" AND state = CANDIDATE AND name = "ng""#
            )
            .await,
            ["P04"]
        );

        // A token belongs to its query.
        let first = c
            .list_people(pb::ListPeopleRequest {
                page_size: 1,
                filter: "name = nguyen".to_owned(),
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(first.people.len(), 1);
        let other = c
            .list_people(pb::ListPeopleRequest {
                page_size: 1,
                page_token: first.next_page_token,
                filter: "name = dang".to_owned(),
            })
            .await
            .unwrap_err();
        assert_status(&other, Code::InvalidArgument, "INVALID_PAGE_TOKEN");
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn update_replaces_the_masked_fields_and_bumps_the_etag() {
    for server in servers().await {
        let mut c = server.people().await;
        seed_people(&server, &mut c).await;
        let before = get(&mut c, "P01").await;
        let updated = c
            .update_person(update("P01", &["full_name", "religion"], |p| {
                p.full_name = "Nguyễn Thành Ân".to_owned();
                p.religion = Some("Công giáo".to_owned());
                p.etag = before.etag.clone();
                // Not in the mask: unchanged.
                p.ethnicity = "Tày".to_owned();
            }))
            .await
            .unwrap()
            .into_inner();
        assert_eq!(updated.full_name, "Nguyễn Thành Ân");
        assert_eq!(updated.religion.as_deref(), Some("Công giáo"));
        assert_eq!(updated.ethnicity, "Kinh");
        assert_ne!(updated.etag, before.etag);
        assert_eq!(get(&mut c, "P01").await, updated);
        // The search key follows the name.
        assert_eq!(ids(&mut c, r#"name = "nguyen thanh""#).await, ["P01"]);
        assert_eq!(ids(&mut c, r#"name = "nguyen van""#).await, ["P04"]);

        // No mask: the fields that are set.
        let updated = c
            .update_person(update("P01", &[], |p| {
                p.ethnicity = "H'Mông".to_owned();
                p.national_id = NATIONAL_ID.to_owned();
                p.youth_union = true;
            }))
            .await
            .unwrap()
            .into_inner();
        assert_eq!(updated.ethnicity, "Mông");
        assert_eq!(updated.national_id, NATIONAL_ID);
        assert!(updated.youth_union);
        assert_eq!(updated.full_name, "Nguyễn Thành Ân");

        // `*`: everything, so what is left out is cleared (the cell stays when it is the same).
        let mut all = get(&mut c, "P01").await;
        all.religion = None;
        all.national_id = String::new();
        all.youth_union = false;
        all.professional_level = "Kỹ sư".to_owned();
        let cleared = c
            .update_person(pb::UpdatePersonRequest {
                person: Some(all.clone()),
                update_mask: Some(FieldMask {
                    paths: vec!["*".to_owned()],
                }),
                request_id: String::new(),
            })
            .await
            .unwrap()
            .into_inner();
        assert_eq!(cleared.religion, None);
        assert_eq!(cleared.national_id, "");
        assert!(!cleared.youth_union);
        assert_eq!(cleared.professional_level, "Kỹ sư");
        assert_eq!(cleared.cell, all.cell);
        assert_eq!(cleared.cell_since, all.cell_since);

        // The number freed is free for another person.
        c.update_person(update("P02", &["national_id"], |p| {
            p.national_id = NATIONAL_ID.to_owned();
        }))
        .await
        .unwrap();

        // Nothing changes: the etag stays.
        let same = c
            .update_person(update("P01", &["full_name"], |p| {
                p.full_name = "Nguyễn Thành Ân".to_owned();
            }))
            .await
            .unwrap()
            .into_inner();
        assert_eq!(same.etag, cleared.etag);

        // A stale etag is ABORTED, and changes nothing.
        let stale = c
            .update_person(update("P01", &["full_name"], |p| {
                p.full_name = "Nguyễn Văn Bốn".to_owned();
                p.etag = before.etag.clone();
            }))
            .await
            .unwrap_err();
        assert_status(&stale, Code::Aborted, "ETAG_MISMATCH");
        assert_eq!(get(&mut c, "P01").await, same);

        // A replay returns the first answer.
        let mut request = update("P05", &["full_name"], |p| {
            p.full_name = "Lê Thị Hoà".to_owned();
        });
        request.request_id = "rename-p05".to_owned();
        let first = c.update_person(request.clone()).await.unwrap().into_inner();
        // Someone else changes the record in between: the replay still answers as the first
        // time, and the later change stays.
        let later = c
            .update_person(update("P05", &["youth_union"], |p| p.youth_union = true))
            .await
            .unwrap()
            .into_inner();
        assert_ne!(later.etag, first.etag);
        let again = c.update_person(request).await.unwrap().into_inner();
        assert_eq!(first, again);
        assert_eq!(get(&mut c, "P05").await, later);
        server.stop().await.unwrap();
    }
}
