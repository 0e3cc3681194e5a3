//! `GetYearReport` on the hand-built bloc of `report_support`: every figure of DESIGN §5
//! worked out by hand, for a bloc, a cell and all roots together; unchanged by a restructuring
//! after the year; following a correction of a person; and refused, naming the organisation and
//! the figure, when the aggregates do not reconcile.

use dangvien_proto::v1::{self as pb};
use dangvien_tests::servers;
use sea_orm::{ConnectionTrait, Database};
use tonic::Code;

use crate::{
    cli::dangvien,
    decisions::clients,
    member_support::assert_verified,
    people::update,
    report_support::{bloc, report, stats},
    support::{date, name},
};

/// A breakdown: women, ethnic minority, religious, the five age bands, the three education
/// levels, then state agency and non-state enterprise (the other sectors are 0 here).
fn breakdown(n: [i64; 13]) -> pb::Breakdown {
    pb::Breakdown {
        women: n[0],
        ethnic_minority: n[1],
        religious: n[2],
        age_30_or_under: n[3],
        age_31_40: n[4],
        age_41_50: n[5],
        age_51_60: n[6],
        age_over_60: n[7],
        education_primary: n[8],
        education_lower_secondary: n[9],
        education_upper_secondary: n[10],
        sector_state_agency: n[11],
        sector_non_state_enterprise: n[12],
        ..Default::default()
    }
}

/// KHOI in 2021. On 2020-12-31: S1, S2, M1, M2, M3, M5, M7, M8, M9, M10 (10). Gains: P1, P2
/// and M6 admitted, M4 in. Losses: M3 (to KHOI2) and M9 out, M1 dead, M6 struck off, M7
/// expelled, M8 resigned. On 2021-12-31: S1, S2, M2, M4, M5, M10 official, P1, P2 probationary.
fn khoi_2021() -> pb::YearReport {
    pb::YearReport {
        org: name("KHOI"),
        year: 2021,
        headcount_start: 10,
        headcount_end: 8,
        official_end: 6,
        probationary_end: 2,
        gains: Some(pb::Gains {
            admitted: 3,
            transferred_in: 1,
            restored: 0,
            reorganized_in: 0,
        }),
        losses: Some(pb::Losses {
            transferred_out: 2,
            deceased: 1,
            struck_off: 1,
            expelled: 1,
            resigned: 1,
            reorganized_out: 0,
        }),
        pipeline: Some(pb::Pipeline {
            nominated: 3,
            sympathizers_recognized: 2,
            courses_completed: 2,
            cell_approved: 2,
            admitted: 3,
            ceremonies_held: 1,
            recognized_official: 1,
            struck_off_probationary: 1,
        }),
        organizations: Some(pb::OrganizationCounts {
            grassroots_committees: 1,
            grassroots_cells: 1,
            partial_committees: 0,
            cells: 2,
        }),
        target: Some(pb::TargetProgress {
            admissions: Some(4),
            progress: Some(0.75),
            admission_rate: Some(0.3),
        }),
        residence_introductions: Some(pb::ResidenceIntroductions {
            due: 1,
            on_time: 1,
            late: 0,
            pending: 0,
        }),
        ratings: Some(pb::Ratings {
            excellent: 1,
            good: 5,
            completed: 1,
            not_completed: 1,
            good_or_better_share: Some(0.75),
        }),
        breakdown: Some(pb::Breakdowns {
            // P1 and P2 (25), M6 (22, Mường): women, all upper secondary, in CS01's sector.
            admitted: Some(breakdown([3, 1, 0, 3, 0, 0, 0, 0, 0, 0, 3, 3, 0])),
            // S1, S2, M10 (51); M2 (36, Tày); M4 (26, CBCS), M5 (29), P1, P2 (25).
            headcount_end: Some(breakdown([5, 1, 0, 4, 1, 0, 3, 0, 0, 1, 7, 7, 1])),
        }),
    }
}

#[tokio::test]
async fn the_year_report_counts_every_figure_as_worked_out_by_hand() {
    for server in servers().await {
        let mut c = clients(&server).await;
        bloc(&mut c, &server).await;
        let b = server.backend();
        assert_eq!(report(&server, "KHOI", 2021).await, khoi_2021(), "{b}");

        // CB01: M1, M3, M7 on 2020-12-31; P1, P2, M6 admitted and M2 in from CB02 (an internal
        // transfer counts where it crosses the boundary); M3 out; M1, M6, M7 gone.
        let cb01 = report(&server, "CB01", 2021).await;
        assert_eq!(
            (cb01.headcount_start, cb01.headcount_end, cb01.official_end),
            (3, 3, 1),
            "{b}"
        );
        assert_eq!(
            cb01.gains,
            Some(pb::Gains {
                admitted: 3,
                transferred_in: 1,
                ..Default::default()
            }),
            "{b}"
        );
        assert_eq!(
            cb01.losses,
            Some(pb::Losses {
                transferred_out: 1,
                deceased: 1,
                struck_off: 1,
                expelled: 1,
                ..Default::default()
            }),
            "{b}"
        );
        assert_eq!(cb01.target.unwrap().admissions, None, "{b}");

        // All roots: S3 too; M3's transfer stays inside, M9's leaves; no target.
        let all = report(&server, "", 2021).await;
        assert_eq!(all.org, "", "{b}");
        assert_eq!((all.headcount_start, all.headcount_end), (11, 10), "{b}");
        assert_eq!(all.gains.unwrap().transferred_in, 1, "{b}");
        assert_eq!(all.losses.unwrap().transferred_out, 1, "{b}");
        assert_eq!(
            all.target,
            Some(pb::TargetProgress {
                admissions: None,
                progress: None,
                admission_rate: Some(0.2727),
            }),
            "{b}"
        );
        let ratings = all.ratings.unwrap();
        assert_eq!(
            (
                ratings.good,
                ratings.completed,
                ratings.good_or_better_share
            ),
            (6, 2, Some(0.7)),
            "{b}"
        );
        assert_eq!(all.organizations.unwrap().grassroots_cells, 2, "{b}");
        assert_verified(&server).await;
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_restructuring_after_the_year_leaves_its_report_unchanged() {
    for server in servers().await {
        let mut c = clients(&server).await;
        bloc(&mut c, &server).await;
        let b = server.backend();
        let before = report(&server, "KHOI", 2021).await;
        server
            .orgs()
            .await
            .move_organization(pb::MoveOrganizationRequest {
                name: name("CBCS"),
                new_parent: name("KHOI2"),
                effective_date: date("2022-02-01"),
                ..Default::default()
            })
            .await
            .unwrap();
        assert_eq!(report(&server, "KHOI", 2021).await, before, "{b}");

        // 2022: M4 is carried from KHOI to KHOI2, and CBCS goes with her.
        let khoi = report(&server, "KHOI", 2022).await;
        assert_eq!((khoi.headcount_start, khoi.headcount_end), (8, 7), "{b}");
        assert_eq!(khoi.losses.unwrap().reorganized_out, 1, "{b}");
        assert_eq!(khoi.organizations.unwrap().grassroots_cells, 0, "{b}");
        let khoi2 = report(&server, "KHOI2", 2022).await;
        assert_eq!((khoi2.headcount_start, khoi2.headcount_end), (2, 3), "{b}");
        assert_eq!(khoi2.gains.unwrap().reorganized_in, 1, "{b}");
        let all = report(&server, "", 2022).await;
        assert_eq!(all.gains.unwrap().reorganized_in, 0, "{b}");
        assert_verified(&server).await;
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_correction_of_a_person_moves_the_breakdowns_of_every_year() {
    for server in servers().await {
        let mut c = clients(&server).await;
        bloc(&mut c, &server).await;
        let b = server.backend();
        // M2 was recorded as a man: she is a woman, and Kinh.
        c.people
            .update_person(update("M2", &["gender", "ethnicity"], |p| {
                p.gender = pb::Gender::Female.into();
                p.ethnicity = "Kinh".to_owned();
            }))
            .await
            .unwrap();
        for year in [2020, 2021] {
            let end = report(&server, "KHOI", year)
                .await
                .breakdown
                .unwrap()
                .headcount_end
                .unwrap();
            let (women, minority) = if year == 2020 { (5, 0) } else { (6, 0) };
            assert_eq!(
                (end.women, end.ethnic_minority),
                (women, minority),
                "{b} {year}"
            );
        }
        assert_verified(&server).await;
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_report_that_does_not_reconcile_names_the_organisation_and_the_figure() {
    for server in servers().await {
        let mut c = clients(&server).await;
        bloc(&mut c, &server).await;
        let mut stats = stats(&server).await;
        let b = server.backend();
        let refused = |org: &str, year: i32| pb::GetYearReportRequest {
            org: name(org),
            year,
        };
        let unknown = stats
            .get_year_report(refused("NOPE", 2021))
            .await
            .unwrap_err();
        assert_eq!(unknown.code(), Code::NotFound, "{b}");
        // KHOI is valid from 2015.
        let before = stats
            .get_year_report(refused("KHOI", 2014))
            .await
            .unwrap_err();
        assert_eq!(before.code(), Code::NotFound, "{b}");
        let first = stats.get_year_report(refused("KHOI", 2015)).await.unwrap();
        assert_eq!(first.into_inner().headcount_end, 9, "{b}");
        let future = stats
            .get_year_report(refused("KHOI", 2031))
            .await
            .unwrap_err();
        assert_eq!(future.code(), Code::InvalidArgument, "{b}");

        let db = Database::connect(server.db.url()).await.unwrap();
        db.execute_unprepared(
            "UPDATE tally SET count = count + 1 WHERE figure = 'admitted' AND year = 2021",
        )
        .await
        .unwrap();
        db.close().await.unwrap();
        let broken = stats
            .get_year_report(refused("KHOI", 2021))
            .await
            .unwrap_err();
        assert_eq!(broken.code(), Code::Internal, "{b}");
        assert!(
            broken.message().contains("KHOI"),
            "{b}: {}",
            broken.message()
        );
        assert!(
            broken.message().contains("headcount_end"),
            "{b}: {}",
            broken.message()
        );
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn the_funnel_counts_the_cases_entering_each_state_and_their_admissions() {
    for server in servers().await {
        let mut c = clients(&server).await;
        bloc(&mut c, &server).await;
        let b = server.backend();
        let funnel = |org: &str, as_of: &str| pb::GetFunnelRequest {
            org: name(org),
            year: 2021,
            as_of: date(as_of),
        };
        let stages = |f: pb::Funnel| -> Vec<(pb::CaseState, i64, i64, Option<f64>)> {
            f.stages
                .into_iter()
                .map(|s| (s.state(), s.entered, s.admitted, s.admitted_share))
                .collect()
        };
        use pb::CaseState as S;
        // P1 and P2 went through every state to ADMITTED (P2 on 2021-12-10); P3 was nominated
        // and withdrew.
        let end = stats(&server)
            .await
            .get_funnel(funnel("KHOI", "2021-12-31"))
            .await
            .unwrap()
            .into_inner();
        let mut expected = vec![(S::Candidate, 3, 2, Some(0.6667))];
        for state in [
            S::Sympathizer,
            S::Trained,
            S::DossierOpen,
            S::Verified,
            S::Introduced,
            S::CellApproved,
            S::CommitteeApproved,
            S::Admitted,
        ] {
            expected.push((state, 2, 2, Some(1.0)));
        }
        expected.push((S::Rejected, 0, 0, None));
        expected.push((S::Withdrawn, 1, 0, Some(0.0)));
        expected.push((S::Dropped, 0, 0, None));
        assert_eq!(stages(end), expected, "{b}");

        // Before P2's admission, half the committee's proposals were admitted.
        let november = stats(&server)
            .await
            .get_funnel(funnel("KHOI", "2021-11-30"))
            .await
            .unwrap()
            .into_inner();
        let november = stages(november);
        assert_eq!(november[0], (S::Candidate, 3, 1, Some(0.3333)), "{b}");
        assert_eq!(november[8], (S::Admitted, 2, 1, Some(0.5)), "{b}");

        // KHOI did not exist in 2014.
        let before = stats(&server)
            .await
            .get_funnel(pb::GetFunnelRequest {
                year: 2014,
                ..funnel("KHOI", "2014-12-31")
            })
            .await
            .unwrap_err();
        assert_eq!(before.code(), Code::NotFound, "{b}");

        // CB02 saw only P3.
        let cb02 = stats(&server)
            .await
            .get_funnel(funnel("CB02", "2021-12-31"))
            .await
            .unwrap()
            .into_inner();
        let cb02: Vec<_> = stages(cb02).into_iter().filter(|s| s.1 > 0).collect();
        assert_eq!(
            cb02,
            vec![
                (S::Candidate, 1, 0, Some(0.0)),
                (S::Withdrawn, 1, 0, Some(0.0))
            ],
            "{b}"
        );
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn report_year_prints_the_keys_departments_parse() {
    for server in servers().await {
        let mut c = clients(&server).await;
        bloc(&mut c, &server).await;
        let b = server.backend();
        let run = dangvien(
            &server,
            &[
                "--format", "json", "report", "year", "--year", "2021", "--org", "KHOI",
            ],
        )
        .await;
        assert_eq!(run.code, 0, "{b}: {}", run.err);
        let json: serde_json::Value = serde_json::from_str(&run.out).unwrap();
        assert_eq!(json["org"], "KHOI", "{b}");
        assert_eq!(json["headcount_start"], 10, "{b}");
        assert_eq!(json["headcount_end"], 8, "{b}");
        assert_eq!(json["gains"]["admitted"], 3, "{b}");
        assert_eq!(json["losses"]["transferred_out"], 2, "{b}");
        assert_eq!(json["target"]["progress"], 0.75, "{b}");
        assert_eq!(json["ratings"]["good_or_better_share"], 0.75, "{b}");
        assert_eq!(
            json["breakdown"]["headcount_end"]["sector_non_state_enterprise"],
            1
        );
        let all = dangvien(
            &server,
            &["--format", "json", "report", "year", "--year", "2021"],
        )
        .await;
        let all: serde_json::Value = serde_json::from_str(&all.out).unwrap();
        assert_eq!(all["org"], serde_json::Value::Null, "{b}");
        assert_eq!(all["target"]["admissions"], serde_json::Value::Null, "{b}");

        // The table puts 2020 beside 2021, in Vietnamese.
        let table = dangvien(
            &server,
            &["report", "year", "--year", "2021", "--org", "KHOI"],
        )
        .await;
        assert_eq!(table.code, 0, "{b}: {}", table.err);
        assert!(table.out.contains("Đảng số đầu năm"), "{}", table.out);
        assert!(table.out.contains("Cùng kỳ năm trước"), "{}", table.out);
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn concurrent_batches_keep_the_aggregates_without_deadlocking() {
    use dangvien_proto::v1::decision::Details as D;
    for server in servers().await {
        let mut c = clients(&server).await;
        crate::decisions::seed(&mut c, &server).await;
        let b = server.backend();
        // 24 batches of 4 nominations each, all in one cell: every batch writes the same
        // organisations' figures on the shards of its own persons, in some order.
        let mut batches = Vec::new();
        for batch in 0..24 {
            let mut requests = Vec::new();
            for i in 0..4 {
                let who = format!("N{batch}-{i}");
                c.people
                    .create_person(crate::decisions::person(
                        &who,
                        "Quần chúng",
                        "1999-01-01",
                        "CB01",
                    ))
                    .await
                    .unwrap();
                let nominate = D::Nominate(pb::Nominate {});
                let id = format!("{who}-1");
                requests.push(crate::member_support::on(
                    &who,
                    &id,
                    "2021-03-01",
                    "",
                    "CB01",
                    nominate,
                ));
            }
            // Half the batches name their persons in reverse.
            if batch % 2 == 1 {
                requests.reverse();
            }
            batches.push(requests);
        }
        let tasks: Vec<_> = batches
            .into_iter()
            .map(|requests| {
                let mut decisions = c.decisions.clone();
                tokio::spawn(async move {
                    decisions
                        .batch_submit_decisions(pb::BatchSubmitDecisionsRequest {
                            requests,
                            ..Default::default()
                        })
                        .await
                        .map(|_| ())
                })
            })
            .collect();
        for task in tasks {
            task.await.unwrap().unwrap_or_else(|s| panic!("{b}: {s:?}"));
        }
        let khoi = report(&server, "KHOI", 2021).await;
        assert_eq!(khoi.pipeline.unwrap().nominated, 96, "{b}");
        assert_verified(&server).await;
        server.stop().await.unwrap();
    }
}
