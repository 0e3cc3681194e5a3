//! The overdue list on a fixed day (DESIGN §4): exactly the cases and members seeded to be
//! late, what falls due within N working days, the subtree filter, and late decisions keeping
//! their flag.

use dangvien_proto::v1::{
    self as pb, decision::Details as D, statistics_service_client::StatisticsServiceClient,
};
use dangvien_tests::servers;
use tonic::transport::Channel;

use crate::{
    decisions::{clients, seed},
    member_support::{accept, admitted, on, register, to_committee},
    support::date,
};

/// (person, next decision, overdue) of every item, all pages.
async fn overdue(
    client: &mut StatisticsServiceClient<Channel>,
    as_of: &str,
    org: &str,
    due_within: i32,
) -> Vec<(String, pb::DecisionKind, bool)> {
    let mut items = Vec::new();
    let mut page_token = String::new();
    loop {
        let page = client
            .list_overdue(pb::ListOverdueRequest {
                page_size: 2,
                page_token: page_token.clone(),
                as_of: date(as_of),
                org: if org.is_empty() {
                    String::new()
                } else {
                    format!("organizations/{org}")
                },
                due_within,
            })
            .await
            .unwrap_or_else(|s| panic!("{as_of}: {s:?}"))
            .into_inner();
        for item in page.items {
            let who = item.person.trim_start_matches("people/").to_owned();
            items.push((who, item.next_decision(), item.overdue));
        }
        if page.next_page_token.is_empty() {
            items.sort_by(|a, b| (a.0.as_str(), a.1 as i32).cmp(&(b.0.as_str(), b.1 as i32)));
            return items;
        }
        page_token = page.next_page_token;
    }
}

fn item(who: &str, next: pb::DecisionKind, late: bool) -> (String, pb::DecisionKind, bool) {
    (who.to_owned(), next, late)
}

#[tokio::test]
async fn the_overdue_list_names_exactly_what_was_seeded_late() {
    use pb::DecisionKind as K;
    for server in servers().await {
        let mut c = clients(&server).await;
        seed(&mut c, &server).await;
        let mut stats = StatisticsServiceClient::new(server.channel().await.unwrap());
        let ceremony = |who: &str, day: &str| {
            on(
                who,
                &format!("{who}-C"),
                day,
                "",
                "CB01",
                D::HoldCeremony(pb::HoldCeremony {}),
            )
        };
        let introduce = |who: &str, day: &str| {
            on(
                who,
                &format!("{who}-I"),
                day,
                &format!("{who}-GT"),
                "CB01",
                D::IntroduceToResidence(pb::IntroduceToResidence {
                    residence_cell: "Chi bộ tổ dân phố 5".into(),
                    reported_date: None,
                }),
            )
        };
        // Q1: the committee proposed admission in September 2021; no decision since.
        to_committee(&mut c, "Q1").await;
        // Q2: admitted, no ceremony and no introduction.
        admitted(&mut c, "Q2", "2021-09-20").await;
        // Q3: admitted, ceremony and introduction on time.
        admitted(&mut c, "Q3", "2021-09-20").await;
        accept(&mut c, ceremony("Q3", "2021-10-01")).await;
        accept(&mut c, introduce("Q3", "2021-10-05")).await;
        // Q4: admitted, ceremony and introduction only in April 2022 — late.
        admitted(&mut c, "Q4", "2021-09-20").await;
        let late_ceremony = accept(&mut c, ceremony("Q4", "2022-04-01")).await;
        assert_eq!(late_ceremony.flags, ["OVERDUE_CEREMONY"]);
        let late_intro = accept(&mut c, introduce("Q4", "2022-04-01")).await;
        assert_eq!(late_intro.flags, ["OVERDUE_RESIDENCE_INTRODUCTION"]);
        // Q5: admitted, struck off before any ceremony: nothing pending once gone.
        admitted(&mut c, "Q5", "2021-09-20").await;
        accept(
            &mut c,
            on(
                "Q5",
                "Q5-X",
                "2021-10-10",
                "7-QĐ/ĐU",
                "CS01",
                D::StrikeOff(pb::StrikeOff {}),
            ),
        )
        .await;
        // R1: registered probationary in CB02, probation ended 2021-12-01, no recognition vote.
        register(&mut c, "R1", "CB02", Some("2020-12-01")).await;
        // R2: registered official: nothing to do.
        register(&mut c, "R2", "CB02", None).await;

        assert_eq!(
            overdue(&mut stats, "2022-03-01", "", 0).await,
            [
                item("Q1", K::Admit, true),
                item("Q2", K::HoldCeremony, true),
                item("Q2", K::IntroduceToResidence, true),
                item("Q4", K::HoldCeremony, true),
                item("Q4", K::IntroduceToResidence, true),
                item("R1", K::RecordRecognitionVote, true),
            ],
            "{}",
            server.backend()
        );
        assert_eq!(
            overdue(&mut stats, "2022-03-01", "CB02", 0).await,
            [item("R1", K::RecordRecognitionVote, true)]
        );
        // Ten days after the admissions nothing is late yet; within 30 working days the
        // ceremonies and introductions fall due (Q3's ceremony was held on the day itself).
        assert_eq!(overdue(&mut stats, "2021-10-01", "", 0).await, []);
        assert_eq!(
            overdue(&mut stats, "2021-10-01", "", 30).await,
            [
                item("Q2", K::HoldCeremony, false),
                item("Q2", K::IntroduceToResidence, false),
                item("Q3", K::IntroduceToResidence, false),
                item("Q4", K::HoldCeremony, false),
                item("Q4", K::IntroduceToResidence, false),
                item("Q5", K::HoldCeremony, false),
                item("Q5", K::IntroduceToResidence, false),
            ]
        );
        let too_far = stats
            .list_overdue(pb::ListOverdueRequest {
                due_within: 367,
                ..Default::default()
            })
            .await
            .unwrap_err();
        crate::support::assert_status(&too_far, tonic::Code::InvalidArgument, "INVALID_FIELD");
        // Late decisions keep their flag on the member's timeline.
        let timeline = c
            .decisions
            .list_decisions(pb::ListDecisionsRequest {
                filter: "person = \"people/Q4\"".into(),
                ..Default::default()
            })
            .await
            .unwrap()
            .into_inner()
            .decisions;
        let flagged: Vec<_> = timeline
            .iter()
            .filter(|d| !d.flags.is_empty())
            .map(|d| d.external_id.as_str())
            .collect();
        assert_eq!(flagged, ["Q4-C", "Q4-I"]);
        server.stop().await.unwrap();
    }
}
