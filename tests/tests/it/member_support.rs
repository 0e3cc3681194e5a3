//! Helpers of the member tests: decisions about any person, admitted and registered members,
//! and a refusal that must leave the person's decisions as they were.

use dangvien_proto::v1::{self as pb, decision::Details as D};
use tonic::Code;

use crate::{
    decisions::{Clients, person},
    support::{assert_status, date, name},
};

/// A decision `id` about `who` on `day`.
pub(crate) fn on(
    who: &str,
    id: &str,
    day: &str,
    number: &str,
    body: &str,
    details: D,
) -> pb::SubmitDecisionRequest {
    pb::SubmitDecisionRequest {
        decision_id: id.to_owned(),
        decision: Some(pb::Decision {
            person: format!("people/{who}"),
            decision_date: date(day),
            document_number: number.to_owned(),
            deciding_body: name(body),
            details: Some(details),
            reason: "Theo nghị quyết của chi bộ".to_owned(),
            ..Default::default()
        }),
        request_id: String::new(),
    }
}

/// Submits a decision that must be accepted.
pub(crate) async fn accept(c: &mut Clients, request: pb::SubmitDecisionRequest) -> pb::Decision {
    let id = request.decision_id.clone();
    c.decisions
        .submit_decision(request)
        .await
        .unwrap_or_else(|s| panic!("{id}: {s:?}"))
        .into_inner()
        .decision
        .unwrap()
}

/// The external ids of a person's decisions, in submission order.
pub(crate) async fn decision_ids(c: &mut Clients, who: &str) -> Vec<String> {
    c.decisions
        .list_decisions(pb::ListDecisionsRequest {
            page_size: 1000,
            filter: format!("person = \"people/{who}\""),
            ..Default::default()
        })
        .await
        .unwrap()
        .into_inner()
        .decisions
        .into_iter()
        .map(|d| d.external_id)
        .collect()
}

/// Submits a decision that must be refused with `reason`, and checks nothing was stored.
pub(crate) async fn refuse(
    c: &mut Clients,
    request: pb::SubmitDecisionRequest,
    code: Code,
    reason: &str,
) {
    let who = request
        .decision
        .as_ref()
        .map(|d| d.person.trim_start_matches("people/").to_owned())
        .unwrap();
    let id = request.decision_id.clone();
    let before = decision_ids(c, &who).await;
    let member_before = member(c, &who, None).await;
    let status = c.decisions.submit_decision(request).await.unwrap_err();
    assert_status(&status, code, reason);
    assert_eq!(decision_ids(c, &who).await, before, "{id} stored something");
    assert_eq!(
        member(c, &who, None).await,
        member_before,
        "{id} changed the member"
    );
}

/// The person's membership on `as_of` (today when `None`), if they are a member.
pub(crate) async fn member(c: &mut Clients, who: &str, as_of: Option<&str>) -> Option<pb::Member> {
    c.members
        .get_member(pb::GetMemberRequest {
            name: format!("people/{who}/member"),
            as_of: as_of.and_then(date),
        })
        .await
        .ok()
        .map(tonic::Response::into_inner)
}

/// Creates `who` in `cell` and registers them: official since 2016, or probationary with the
/// ceremony on `ceremony`.
pub(crate) async fn register(c: &mut Clients, who: &str, cell: &str, ceremony: Option<&str>) {
    c.people
        .create_person(person(who, &format!("Đảng viên {who}"), "1980-01-01", cell))
        .await
        .unwrap();
    let (status, admission, ceremony) = match ceremony {
        None => (pb::MemberStatus::Official, "2015-05-19", "2015-06-01"),
        Some(day) => (pb::MemberStatus::Probationary, day, day),
    };
    c.members
        .register_member(pb::RegisterMemberRequest {
            person: format!("people/{who}"),
            admission_date: date(admission),
            ceremony_date: date(ceremony),
            official_date: if status == pb::MemberStatus::Official {
                date("2016-06-01")
            } else {
                None
            },
            status: status.into(),
            origin: pb::MemberOrigin::Existing.into(),
            ..Default::default()
        })
        .await
        .unwrap_or_else(|s| panic!("registering {who}: {s:?}"));
}

/// Creates `who` (a Youth Union member born 1996) in CB01 and walks them to the committee's
/// proposal (cell vote 2021-09-01, committee 2021-09-15), sponsored by S1.
pub(crate) async fn to_committee(c: &mut Clients, who: &str) {
    let mut new = person(who, &format!("Quần chúng {who}"), "1996-04-12", "CB01");
    if let Some(p) = new.person.as_mut() {
        p.youth_union = true;
    }
    c.people.create_person(new).await.unwrap();
    for step in crate::decisions::steps_to_committee() {
        let mut step = step;
        step.decision_id = format!("{who}-{}", step.decision_id);
        if let Some(d) = step.decision.as_mut() {
            d.person = format!("people/{who}");
        }
        accept(c, step).await;
    }
}

/// [`to_committee`], then admitted by CS01 on `day`.
pub(crate) async fn admitted(c: &mut Clients, who: &str, day: &str) {
    to_committee(c, who).await;
    accept(
        c,
        on(
            who,
            &format!("{who}-ADMIT"),
            day,
            &format!("{who}-QĐ/ĐU"),
            "CS01",
            D::Admit(pb::Admit { extended: false }),
        ),
    )
    .await;
}

/// Asserts the derived state stored (cases, memberships, ratings) equals a recount from the
/// stored decisions.
pub(crate) async fn assert_verified(server: &dangvien_tests::TestServer) {
    use dangvien_server::{Clock, app::App, store::Store};
    let store = Store::connect(
        &server.db.url().parse().unwrap(),
        std::time::Duration::from_secs(5),
    )
    .await
    .unwrap();
    let app = App::new(store.clone(), Clock::Fixed(dangvien_tests::today()));
    let differences = app.verify(&local()).await.unwrap().differences;
    store.close().await;
    assert!(
        differences.is_empty(),
        "{}: {differences:#?}",
        server.backend()
    );
}

/// The context of a call made by the test itself, as an unauthenticated local caller.
pub(crate) fn local() -> dangvien_server::app::Ctx {
    dangvien_server::app::Ctx::local("test")
}
