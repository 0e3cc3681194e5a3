//! The hand-built bloc of the year-report tests: members who die, move, leave and are admitted
//! in 2021, each with the attributes the breakdowns count. Every figure the tests expect is
//! worked out by hand in `report.rs` from the list below.

use dangvien_proto::v1::{
    self as pb, decision::Details as D, organization_service_client::OrganizationServiceClient,
    statistics_service_client::StatisticsServiceClient,
};
use dangvien_tests::TestServer;
use tonic::transport::Channel;

use crate::{
    decisions::{Clients, person, seed},
    member_support::{accept, admitted, on},
    support::{date, name},
};

/// A person to register: cell, gender, birth date, ethnicity, religion, education.
struct Someone {
    id: &'static str,
    cell: &'static str,
    female: bool,
    birth: &'static str,
    ethnicity: &'static str,
    religion: Option<&'static str>,
    education: pb::Education,
}

/// Registers `who` as a member: (admission, ceremony, official date or none for probationary,
/// since for a transfer-in).
async fn register(
    c: &mut Clients,
    who: &Someone,
    admission: &str,
    ceremony: &str,
    official: Option<&str>,
    transfer_in_since: Option<&str>,
) {
    let mut new = person(
        who.id,
        &format!("Đảng viên {}", who.id),
        who.birth,
        who.cell,
    );
    if let Some(p) = new.person.as_mut() {
        p.gender = if who.female {
            pb::Gender::Female
        } else {
            pb::Gender::Male
        }
        .into();
        p.ethnicity = who.ethnicity.to_owned();
        p.religion = who.religion.map(str::to_owned);
        p.education = who.education.into();
        p.cell_since = date(transfer_in_since.unwrap_or(admission));
    }
    c.people.create_person(new).await.unwrap();
    let origin = if transfer_in_since.is_some() {
        pb::MemberOrigin::TransferIn
    } else {
        pb::MemberOrigin::Existing
    };
    c.members
        .register_member(pb::RegisterMemberRequest {
            person: format!("people/{}", who.id),
            admission_date: date(admission),
            ceremony_date: date(ceremony),
            official_date: official.and_then(date),
            status: if official.is_some() {
                pb::MemberStatus::Official
            } else {
                pb::MemberStatus::Probationary
            }
            .into(),
            origin: origin.into(),
            since: transfer_in_since.and_then(date),
            ..Default::default()
        })
        .await
        .unwrap_or_else(|s| panic!("registering {}: {s:?}", who.id));
}

fn someone(id: &'static str, cell: &'static str, female: bool, birth: &'static str) -> Someone {
    Someone {
        id,
        cell,
        female,
        birth,
        ethnicity: "Kinh",
        religion: None,
        education: pb::Education::UpperSecondary,
    }
}

fn transfer(kind: pb::TransferKind, to: &str) -> D {
    D::Transfer(pb::Transfer {
        transfer_kind: kind.into(),
        to_org: if to.is_empty() {
            String::new()
        } else {
            name(to)
        },
        until: None,
    })
}

/// The bloc: KHOI ⊃ CS01 ⊃ {CB01, CB02}, KHOI ⊃ CBCS (sector non_state_enterprise), and KHOI2 ⊃
/// CBX; S1, S2 (CB02) and S3 (CBX) official since 2016 (women born 1970). Then:
/// - M1 (CB01, man, 1950, primary) dies 2021-04-01;
/// - M2 (CB02, man, 1985, Tày) moves internally to CB01 on 2021-05-01;
/// - M3 (CB01, woman, 1990, Catholic) transfers to CBX (KHOI2) on 2021-06-01;
/// - M4 (CBCS, woman, 1995, lower secondary) transferred in from outside on 2021-02-01;
/// - M5 (CB02, man, 1992) probationary from 2020-10-01, recognised 2021-10-10;
/// - M6 (CB01, woman, 1998, Mường) registered as admitted 2021-02-20, struck off 2021-11-01
///   while probationary;
/// - M7 (CB01, man, 1960) expelled 2021-07-01; M8 (CBCS, man, 1975) resigns 2021-08-01;
/// - M9 (CB02, woman, 1980) transfers out of the deployment on 2021-09-01;
/// - M10 (CB02, man, 1970) struck off 2021-03-01, revoked 2021-03-20;
/// - S2 temporarily transferred to CBX from 2021-06-15 to 2022-03-31 (she keeps counting in CB02);
/// - P1 (CB01) admitted 2021-09-20, ceremony 2021-10-01, introduced to her residence cell
///   2021-10-15; P2 (CB01) admitted 2021-12-10; P3 (CB02) nominated 2021-02-01, withdrawn;
/// - 2021 ratings dated 2022-01-10: S1 excellent; S2, M2, M5, P1, P2, S3 good; M10, M3
///   completed; M4 not completed; KHOI's 2021 target is 4.
pub(crate) async fn bloc(c: &mut Clients, server: &TestServer) {
    use pb::TransferKind as T;
    seed(c, server).await;
    let mut orgs = server.orgs().await;
    set_sector(&mut orgs, "CBCS", pb::Sector::NonStateEnterprise).await;

    let m1 = Someone {
        education: pb::Education::Primary,
        ..someone("M1", "CB01", false, "1950-03-01")
    };
    register(c, &m1, "2015-01-10", "2015-01-10", Some("2016-01-10"), None).await;
    let m2 = Someone {
        ethnicity: "Tày",
        ..someone("M2", "CB02", false, "1985-06-15")
    };
    register(c, &m2, "2015-03-01", "2015-03-01", Some("2016-03-01"), None).await;
    let m3 = Someone {
        religion: Some("Công giáo"),
        ..someone("M3", "CB01", true, "1990-02-02")
    };
    register(c, &m3, "2015-04-01", "2015-04-01", Some("2016-04-01"), None).await;
    let m4 = Someone {
        education: pb::Education::LowerSecondary,
        ..someone("M4", "CBCS", true, "1995-05-05")
    };
    let (a, o) = ("2018-01-01", Some("2019-01-01"));
    register(c, &m4, a, a, o, Some("2021-02-01")).await;
    let m5 = someone("M5", "CB02", false, "1992-07-07");
    register(c, &m5, "2020-09-20", "2020-10-01", None, None).await;
    let m6 = Someone {
        ethnicity: "Mường",
        ..someone("M6", "CB01", true, "1998-08-08")
    };
    register(c, &m6, "2021-02-20", "2021-03-01", None, None).await;
    for (who, cell, female, birth, admission) in [
        ("M7", "CB01", false, "1960-01-01", "2015-05-01"),
        ("M8", "CBCS", false, "1975-01-01", "2015-06-01"),
        ("M9", "CB02", true, "1980-01-01", "2015-07-01"),
        ("M10", "CB02", false, "1970-05-05", "2015-08-01"),
    ] {
        let official = next_year(admission);
        let m = someone(who, cell, female, birth);
        register(c, &m, admission, admission, Some(&official), None).await;
    }

    for (id, who, day, body, details) in [
        (
            "R-M1",
            "M1",
            "2021-04-01",
            "CS01",
            D::RecordDeath(pb::RecordDeath {}),
        ),
        (
            "R-M2",
            "M2",
            "2021-05-01",
            "CS01",
            transfer(T::Internal, "CB01"),
        ),
        (
            "R-M3",
            "M3",
            "2021-06-01",
            "CS01",
            transfer(T::Permanent, "CBX"),
        ),
        ("R-M7", "M7", "2021-07-01", "CS01", D::Expel(pb::Expel {})),
        (
            "R-M8",
            "M8",
            "2021-08-01",
            "CBCS",
            D::AcceptResignation(pb::AcceptResignation {}),
        ),
        (
            "R-M9",
            "M9",
            "2021-09-01",
            "CS01",
            transfer(T::Permanent, ""),
        ),
        (
            "R-M10",
            "M10",
            "2021-03-01",
            "CS01",
            D::StrikeOff(pb::StrikeOff {}),
        ),
        (
            "R-M10-undo",
            "M10",
            "2021-03-20",
            "CS01",
            D::Revoke(pb::Revoke {
                revokes: "decisions/R-M10".to_owned(),
            }),
        ),
        (
            "R-M5-vote",
            "M5",
            "2021-10-05",
            "CB02",
            D::RecordRecognitionVote(pb::RecordRecognitionVote {
                votes_for: 8,
                votes_against: 2,
                full_members: 10,
            }),
        ),
        (
            "R-M5",
            "M5",
            "2021-10-10",
            "CS01",
            D::Recognize(pb::Recognize { extended: false }),
        ),
        (
            "R-M6",
            "M6",
            "2021-11-01",
            "CS01",
            D::StrikeOff(pb::StrikeOff {}),
        ),
    ] {
        accept(c, on(who, id, day, &format!("{id}/QĐ"), body, details)).await;
    }

    // P1 through the whole pipeline (seeded in CB01), P2 to the admission, P3 nominated only.
    for step in crate::decisions::steps_to_committee() {
        accept(c, step).await;
    }
    let admit = D::Admit(pb::Admit { extended: false });
    accept(
        c,
        on("P1", "P1-ADMIT", "2021-09-20", "P1/QĐ", "CS01", admit),
    )
    .await;
    let ceremony = D::HoldCeremony(pb::HoldCeremony {});
    accept(c, on("P1", "P1-LE", "2021-10-01", "", "CB01", ceremony)).await;
    let residence = D::IntroduceToResidence(pb::IntroduceToResidence {
        residence_cell: "Chi bộ khu phố 3".into(),
        reported_date: date("2021-10-16"),
    });
    accept(
        c,
        on("P1", "P1-CT", "2021-10-15", "P1/GT", "CB01", residence),
    )
    .await;
    admitted(c, "P2", "2021-12-10").await;
    c.people
        .create_person(person("P3", "Quần chúng P3", "1999-09-09", "CB02"))
        .await
        .unwrap();
    accept(
        c,
        on(
            "P3",
            "P3-1",
            "2021-02-01",
            "",
            "CB02",
            D::Nominate(pb::Nominate {}),
        ),
    )
    .await;
    let withdraw = D::Withdraw(pb::Withdraw {});
    accept(c, on("P3", "P3-2", "2021-04-01", "P3/QĐ", "CB02", withdraw)).await;

    // The 2021 ratings, one batch per grassroots organisation (the quota is judged per batch).
    let rate = |who: &str, grade: pb::Grade, body: &str| {
        let details = D::Rate(pb::Rate {
            year: 2021,
            grade: grade.into(),
            score: None,
        });
        on(
            who,
            &format!("XL-{who}"),
            "2022-01-10",
            &format!("XL-{body}"),
            body,
            details,
        )
    };
    use pb::Grade as G;
    for batch in [
        vec![
            rate("S1", G::Excellent, "CS01"),
            rate("S2", G::Good, "CS01"),
            rate("M2", G::Good, "CS01"),
            rate("M5", G::Good, "CS01"),
            rate("P1", G::Good, "CS01"),
            rate("P2", G::Good, "CS01"),
            rate("M10", G::Completed, "CS01"),
        ],
        vec![rate("M4", G::NotCompleted, "CBCS")],
        vec![rate("S3", G::Good, "CBX"), rate("M3", G::Completed, "CBX")],
    ] {
        c.decisions
            .batch_submit_decisions(pb::BatchSubmitDecisionsRequest {
                requests: batch,
                ..Default::default()
            })
            .await
            .unwrap_or_else(|s| panic!("ratings: {s:?}"));
    }
    stats(server)
        .await
        .set_target(pb::SetTargetRequest {
            target: Some(pb::Target {
                org: name("KHOI"),
                year: 2021,
                admissions: 4,
                ..Default::default()
            }),
            ..Default::default()
        })
        .await
        .unwrap();
}

/// The same day a year later (`YYYY-MM-DD`).
fn next_year(day: &str) -> String {
    let (year, rest) = day.split_once('-').unwrap();
    format!("{}-{rest}", year.parse::<i32>().unwrap() + 1)
}

async fn set_sector(orgs: &mut OrganizationServiceClient<Channel>, code: &str, sector: pb::Sector) {
    orgs.update_organization(pb::UpdateOrganizationRequest {
        organization: Some(pb::Organization {
            name: name(code),
            sector: sector.into(),
            ..Default::default()
        }),
        update_mask: Some(prost_types::FieldMask {
            paths: vec!["sector".to_owned()],
        }),
        ..Default::default()
    })
    .await
    .unwrap_or_else(|s| panic!("sector of {code}: {s:?}"));
}

/// A statistics client.
pub(crate) async fn stats(server: &TestServer) -> StatisticsServiceClient<Channel> {
    StatisticsServiceClient::new(server.channel().await.unwrap())
}

/// The year report of `org` (all roots when empty) for `year`.
pub(crate) async fn report(server: &TestServer, org: &str, year: i32) -> pb::YearReport {
    stats(server)
        .await
        .get_year_report(pb::GetYearReportRequest {
            org: if org.is_empty() {
                String::new()
            } else {
                name(org)
            },
            year,
        })
        .await
        .unwrap_or_else(|s| panic!("report {org} {year}: {s:?}"))
        .into_inner()
}
