//! `dangvien.v1.MemberService`: validate, convert, call the app, convert back.

use dangvien_proto::v1::{self as pb, member_service_server::MemberService};
use tonic::{Request, Response, Status};

use super::{
    Ready,
    convert::{self, Checks},
    ctx, decisions, filter,
};
use crate::{
    app::{MemberView, PageRequest},
    domain::{
        FieldViolation,
        member::{Member, MemberOrigin, MemberStatus, NewMember, Registration},
        membership::{Exit, Temporary},
        person::ExternalId,
    },
};

/// The suffix of a membership's name after the person's.
const MEMBER: &str = "/member";

/// The member service.
#[derive(Clone, Debug)]
pub(crate) struct MemberApi {
    ready: Ready,
}

impl MemberApi {
    pub(crate) fn new(ready: Ready) -> Self {
        Self { ready }
    }
}

#[tonic::async_trait]
impl MemberService for MemberApi {
    async fn get_member(
        &self,
        request: Request<pb::GetMemberRequest>,
    ) -> Result<Response<pb::Member>, Status> {
        let app = self.ready.app()?;
        let (_, extensions, pb::GetMemberRequest { name, as_of }) = request.into_parts();
        let ctx = ctx(&extensions, None);
        let mut checks = Checks::default();
        let person = checks.take(member_name("name", &name));
        let as_of = checks.take(convert::date("as_of", as_of));
        let (Some(person), Some(as_of)) = (person, as_of) else {
            return Err(checks.fail().into());
        };
        let view = app.get_member(&ctx, &person, as_of).await?;
        Ok(Response::new(view.into()))
    }

    async fn list_members(
        &self,
        request: Request<pb::ListMembersRequest>,
    ) -> Result<Response<pb::ListMembersResponse>, Status> {
        let app = self.ready.app()?;
        let (_, extensions, request) = request.into_parts();
        let ctx = ctx(&extensions, None);
        let pb::ListMembersRequest {
            page_size,
            page_token,
            filter,
            as_of,
        } = request;
        let mut filter = filter::member_filter(&filter)?;
        let mut checks = Checks::default();
        let Some(as_of) = checks.take(convert::date("as_of", as_of)) else {
            return Err(checks.fail().into());
        };
        filter.as_of = as_of;
        let page = PageRequest {
            size: page_size,
            token: page_token,
        };
        let page = app.list_members(&ctx, &filter, &page).await?;
        Ok(Response::new(pb::ListMembersResponse {
            members: page.members.into_iter().map(Into::into).collect(),
            next_page_token: page.next_page_token,
        }))
    }

    async fn register_member(
        &self,
        request: Request<pb::RegisterMemberRequest>,
    ) -> Result<Response<pb::Member>, Status> {
        let app = self.ready.app()?;
        let (_, extensions, body) = request.into_parts();
        let pb::RegisterMemberRequest {
            person,
            admission_date,
            ceremony_date,
            official_date,
            status,
            origin,
            since,
            request_id,
        } = body;
        let mut checks = Checks::default();
        let request_id = checks.take(convert::request_id(&request_id));
        let person = checks.take(convert::person_name("person", &person));
        let admission_date = checks.take(convert::required_date("admission_date", admission_date));
        let ceremony_date = checks.take(convert::date("ceremony_date", ceremony_date));
        let official_date = checks.take(convert::date("official_date", official_date));
        let official = checks.take(official_from(status));
        let origin = checks.take(origin_from(origin));
        let since = checks.take(convert::date("since", since));
        let (
            Some(request_id),
            Some(person),
            Some(admission_date),
            Some(ceremony_date),
            Some(official_date),
            Some(official),
            Some(origin),
            Some(since),
        ) = (
            request_id,
            person,
            admission_date,
            ceremony_date,
            official_date,
            official,
            origin,
            since,
        )
        else {
            return Err(checks.fail().into());
        };
        let registration = match Registration::new(
            admission_date,
            ceremony_date,
            official_date,
            official,
            origin,
            since,
        ) {
            Ok(registration) => registration,
            Err(violations) => {
                for violation in violations {
                    checks.push(violation);
                }
                return Err(checks.fail().into());
            }
        };
        let ctx = ctx(&extensions, request_id);
        let new = NewMember {
            person,
            registration,
        };
        let view = app.register_member(&ctx, new).await?;
        Ok(Response::new(view.into()))
    }
}

/// `people/{external_id}/member` → the person's id.
fn member_name(field: &str, name: &str) -> Result<ExternalId, FieldViolation> {
    match name.strip_suffix(MEMBER) {
        Some(person) => convert::person_name(field, person),
        None => Err(FieldViolation::new(
            field,
            format!("cần tên dạng people/{{mã}}/member, nhận được \"{name}\""),
            format!("expected people/{{external_id}}/member, got \"{name}\""),
        )),
    }
}

/// A registered status: official (true) or probationary.
fn official_from(value: i32) -> Result<bool, FieldViolation> {
    match pb::MemberStatus::try_from(value) {
        Ok(pb::MemberStatus::Official) => Ok(true),
        Ok(pb::MemberStatus::Probationary) => Ok(false),
        Ok(pb::MemberStatus::Unspecified | pb::MemberStatus::NotAMember) | Err(_) => {
            Err(FieldViolation::new(
                "status",
                "trạng thái phải là chính thức (OFFICIAL) hoặc dự bị (PROBATIONARY)",
                "status must be OFFICIAL or PROBATIONARY",
            ))
        }
    }
}

/// A registered origin; ADMITTED is passed on for [`Registration::new`] to refuse.
fn origin_from(value: i32) -> Result<MemberOrigin, FieldViolation> {
    match pb::MemberOrigin::try_from(value) {
        Ok(pb::MemberOrigin::Existing) => Ok(MemberOrigin::Existing),
        Ok(pb::MemberOrigin::TransferIn) => Ok(MemberOrigin::TransferIn),
        Ok(pb::MemberOrigin::Admitted) => Ok(MemberOrigin::Admitted),
        Ok(pb::MemberOrigin::Unspecified) | Err(_) => Err(FieldViolation::new(
            "origin",
            "thiếu nguồn gốc: đảng viên sẵn có (EXISTING) hoặc chuyển đến (TRANSFER_IN)",
            "origin is missing: EXISTING or TRANSFER_IN",
        )),
    }
}

fn origin_to_proto(origin: MemberOrigin) -> pb::MemberOrigin {
    match origin {
        MemberOrigin::Admitted => pb::MemberOrigin::Admitted,
        MemberOrigin::Existing => pb::MemberOrigin::Existing,
        MemberOrigin::TransferIn => pb::MemberOrigin::TransferIn,
    }
}

fn status_to_proto(status: MemberStatus) -> pb::MemberStatus {
    match status {
        MemberStatus::NotAMember => pb::MemberStatus::NotAMember,
        MemberStatus::Probationary => pb::MemberStatus::Probationary,
        MemberStatus::Official => pb::MemberStatus::Official,
    }
}

fn exit_to_proto(exit: Exit) -> pb::MemberExit {
    match exit {
        Exit::StruckOff => pb::MemberExit::StruckOff,
        Exit::Expelled => pb::MemberExit::Expelled,
        Exit::Resigned => pb::MemberExit::Resigned,
        Exit::Deceased => pb::MemberExit::Deceased,
        Exit::TransferredOut => pb::MemberExit::TransferredOut,
    }
}

impl From<MemberView> for pb::Member {
    fn from(view: MemberView) -> Self {
        let MemberView {
            person,
            member,
            as_of,
            status,
            cell,
            exit,
            seniority_months,
            recognition_vote,
            card,
            residence_introduction,
            exempt,
            suspended,
            temporary,
            deadlines,
        } = view;
        let Member {
            origin,
            since,
            admission_date,
            ceremony_date,
            official_date,
            recognized,
        } = member;
        let person = convert::person_resource_name(&person);
        let (card_number, card_date) = card.unzip();
        let (temporarily_at, temporary_until) = match temporary {
            Some(Temporary { span, to }) => (
                to.as_ref()
                    .map(convert::org_resource_name)
                    .unwrap_or_default(),
                span.until.map(convert::date_to_proto),
            ),
            None => (String::new(), None),
        };
        let seniority = i32::try_from(seniority_months).unwrap_or(i32::MAX);
        pb::Member {
            name: format!("{person}{MEMBER}"),
            person,
            admission_date: Some(convert::date_to_proto(admission_date)),
            ceremony_date: ceremony_date.map(convert::date_to_proto),
            official_date: official_date.map(convert::date_to_proto),
            origin: origin_to_proto(origin).into(),
            since: Some(convert::date_to_proto(since)),
            status: status_to_proto(status).into(),
            as_of: Some(convert::date_to_proto(as_of)),
            cell: cell
                .as_ref()
                .map(convert::org_resource_name)
                .unwrap_or_default(),
            exit: exit
                .map_or(pb::MemberExit::Unspecified, |(e, _)| exit_to_proto(e))
                .into(),
            exit_date: exit.map(|(_, d)| convert::date_to_proto(d)),
            seniority_years: seniority / 12,
            seniority_months: seniority % 12,
            recognition_vote_date: recognition_vote.map(convert::date_to_proto),
            recognized,
            card_number: card_number.unwrap_or_default(),
            card_date: card_date.map(convert::date_to_proto),
            residence_introduction_date: residence_introduction.map(convert::date_to_proto),
            exempt,
            suspended,
            temporarily_at,
            temporary_until,
            deadlines: deadlines
                .into_iter()
                .map(decisions::deadline_to_proto)
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_names_are_checked() {
        assert_eq!(
            member_name("name", "people/P1/member").unwrap().as_str(),
            "P1"
        );
        assert!(member_name("name", "people/P1").is_err());
        assert!(member_name("name", "people//member").is_err());
        assert!(member_name("name", "people/P1/x/member").is_err());
        assert!(member_name("name", "organizations/P1/member").is_err());
    }
}
