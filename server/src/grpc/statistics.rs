//! `dangvien.v1.StatisticsService`: validate, convert, call the app, convert back. `target`
//! and `report` hold the conversions of admissions targets and year reports.

mod report;
mod target;

use dangvien_proto::v1::{self as pb, statistics_service_server::StatisticsService};
use tonic::{Request, Response, Status};

use super::{
    Ready,
    convert::{self, Checks},
    ctx, decisions,
};
use crate::{
    app::{OverdueItem, OverdueQuery, PageRequest},
    domain::{Error, FieldViolation, Reason},
};

/// The statistics service.
#[derive(Clone, Debug)]
pub(crate) struct StatisticsApi {
    ready: Ready,
}

impl StatisticsApi {
    pub(crate) fn new(ready: Ready) -> Self {
        Self { ready }
    }
}

#[tonic::async_trait]
impl StatisticsService for StatisticsApi {
    async fn list_overdue(
        &self,
        request: Request<pb::ListOverdueRequest>,
    ) -> Result<Response<pb::ListOverdueResponse>, Status> {
        let app = self.ready.app()?;
        let (_, extensions, request) = request.into_parts();
        let ctx = ctx(&extensions, None);
        let pb::ListOverdueRequest {
            page_size,
            page_token,
            as_of,
            org,
            due_within,
        } = request;
        let mut checks = Checks::default();
        let as_of = checks.take(convert::date("as_of", as_of));
        let org = checks.take(convert::optional_org_name("org", &org));
        let due_within = checks.take(u32::try_from(due_within).map_err(|_| {
            FieldViolation::new(
                "due_within",
                "số ngày làm việc không được âm",
                "due_within must not be negative",
            )
        }));
        let (Some(as_of), Some(org), Some(due_within)) = (as_of, org, due_within) else {
            return Err(checks.fail().into());
        };
        let query = OverdueQuery {
            as_of,
            org,
            due_within,
        };
        let page = PageRequest {
            size: page_size,
            token: page_token,
        };
        let page = app.list_overdue(&ctx, &query, &page).await?;
        Ok(Response::new(pb::ListOverdueResponse {
            items: page.items.into_iter().map(Into::into).collect(),
            next_page_token: page.next_page_token,
        }))
    }

    async fn set_target(
        &self,
        request: Request<pb::SetTargetRequest>,
    ) -> Result<Response<pb::Target>, Status> {
        let app = self.ready.app()?;
        let (_, extensions, body) = request.into_parts();
        let (request_id, set) = target::set_target(body)?;
        let ctx = ctx(&extensions, request_id);
        let stored = app.set_target(&ctx, set).await?;
        Ok(Response::new(stored.into()))
    }

    async fn get_target(
        &self,
        request: Request<pb::GetTargetRequest>,
    ) -> Result<Response<pb::Target>, Status> {
        let app = self.ready.app()?;
        let (_, extensions, pb::GetTargetRequest { name }) = request.into_parts();
        let ctx = ctx(&extensions, None);
        let (org, year) = target::target_name("name", &name)
            .map_err(|v| Error::invalid(Reason::InvalidField, v))?;
        let stored = app.get_target(&ctx, &org, year).await?;
        Ok(Response::new(stored.into()))
    }

    async fn get_year_report(
        &self,
        request: Request<pb::GetYearReportRequest>,
    ) -> Result<Response<pb::YearReport>, Status> {
        let app = self.ready.app()?;
        let (_, extensions, pb::GetYearReportRequest { org, year }) = request.into_parts();
        let ctx = ctx(&extensions, None);
        let org = convert::optional_org_name("org", &org)
            .map_err(|v| Error::invalid(Reason::InvalidField, v))?;
        let report = app.year_report(&ctx, org.as_ref(), year).await?;
        Ok(Response::new(report.into()))
    }

    async fn get_funnel(
        &self,
        request: Request<pb::GetFunnelRequest>,
    ) -> Result<Response<pb::Funnel>, Status> {
        let app = self.ready.app()?;
        let (_, extensions, pb::GetFunnelRequest { org, year, as_of }) = request.into_parts();
        let ctx = ctx(&extensions, None);
        let mut checks = Checks::default();
        let org = checks.take(convert::optional_org_name("org", &org));
        let as_of = checks.take(convert::date("as_of", as_of));
        let (Some(org), Some(as_of)) = (org, as_of) else {
            return Err(checks.fail().into());
        };
        let (as_of, stages) = app.funnel(&ctx, org.as_ref(), year, as_of).await?;
        Ok(Response::new(pb::Funnel {
            org: org
                .as_ref()
                .map(convert::org_resource_name)
                .unwrap_or_default(),
            year,
            as_of: Some(convert::date_to_proto(as_of)),
            stages: stages.into_iter().map(report::stage_to_proto).collect(),
        }))
    }
}

impl From<OverdueItem> for pb::OverdueItem {
    fn from(item: OverdueItem) -> Self {
        let OverdueItem {
            person,
            full_name,
            cell,
            deadline,
            next,
            overdue,
            working_days_late,
        } = item;
        pb::OverdueItem {
            person: convert::person_resource_name(&person),
            full_name,
            cell: cell
                .as_ref()
                .map(convert::org_resource_name)
                .unwrap_or_default(),
            deadline: Some(decisions::deadline_to_proto(deadline)),
            next_decision: decisions::kind_to_proto(next).into(),
            overdue,
            working_days_late: i32::try_from(working_days_late).unwrap_or(i32::MAX),
        }
    }
}
