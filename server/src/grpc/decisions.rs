//! `dangvien.v1.DecisionService`: validate, convert, call the app, convert back.

mod convert;

use dangvien_proto::v1::{self as pb, decision_service_server::DecisionService};
use tonic::{Request, Response, Status};

// Persons show their case state too.
pub(super) use self::convert::{deadline_to_proto, kind_to_proto, state_to_proto};
use super::{Ready, ctx, filter};
use crate::{
    app::PageRequest,
    domain::{Error, Reason},
};

/// The decision service.
#[derive(Clone, Debug)]
pub(crate) struct DecisionApi {
    ready: Ready,
}

impl DecisionApi {
    pub(crate) fn new(ready: Ready) -> Self {
        Self { ready }
    }
}

#[tonic::async_trait]
impl DecisionService for DecisionApi {
    async fn submit_decision(
        &self,
        request: Request<pb::SubmitDecisionRequest>,
    ) -> Result<Response<pb::SubmitDecisionResponse>, Status> {
        let app = self.ready.app()?;
        let (_, extensions, body) = request.into_parts();
        let pb::SubmitDecisionRequest {
            decision_id,
            decision,
            request_id,
        } = body;
        let request_id = super::convert::request_id(&request_id).map_err(invalid)?;
        let new = convert::new_decision(&decision_id, decision, "")?;
        let submitted = app
            .submit_decision(&ctx(&extensions, request_id), new)
            .await?;
        Ok(Response::new(submitted.into()))
    }

    async fn batch_submit_decisions(
        &self,
        request: Request<pb::BatchSubmitDecisionsRequest>,
    ) -> Result<Response<pb::BatchSubmitDecisionsResponse>, Status> {
        let app = self.ready.app()?;
        let (_, extensions, body) = request.into_parts();
        let pb::BatchSubmitDecisionsRequest {
            requests,
            request_id,
        } = body;
        let request_id = super::convert::request_id(&request_id).map_err(invalid)?;
        let mut batch = Vec::with_capacity(requests.len());
        for (
            i,
            pb::SubmitDecisionRequest {
                decision_id,
                decision,
                request_id: _,
            },
        ) in requests.into_iter().enumerate()
        {
            batch.push(convert::new_decision(
                &decision_id,
                decision,
                &format!("requests[{i}]."),
            )?);
        }
        let answers = app
            .submit_batch(&ctx(&extensions, request_id), batch)
            .await?;
        Ok(Response::new(pb::BatchSubmitDecisionsResponse {
            responses: answers.into_iter().map(Into::into).collect(),
        }))
    }

    async fn list_decisions(
        &self,
        request: Request<pb::ListDecisionsRequest>,
    ) -> Result<Response<pb::ListDecisionsResponse>, Status> {
        let app = self.ready.app()?;
        let (_, extensions, body) = request.into_parts();
        let pb::ListDecisionsRequest {
            page_size,
            page_token,
            filter,
        } = body;
        let (scope, kind) = filter::decision_filter(&filter)?;
        let page = PageRequest {
            size: page_size,
            token: page_token,
        };
        let page = app
            .list_decisions(&ctx(&extensions, None), &scope, kind, &page)
            .await?;
        Ok(Response::new(pb::ListDecisionsResponse {
            decisions: page.decisions.into_iter().map(Into::into).collect(),
            next_page_token: page.next_page_token,
        }))
    }

    async fn get_case(
        &self,
        request: Request<pb::GetCaseRequest>,
    ) -> Result<Response<pb::AdmissionCase>, Status> {
        let app = self.ready.app()?;
        let (_, extensions, pb::GetCaseRequest { name }) = request.into_parts();
        let person = name
            .strip_suffix("/case")
            .ok_or_else(|| {
                invalid(crate::domain::FieldViolation::new(
                    "name",
                    "cần tên dạng people/{mã}/case",
                    "expected people/{id}/case",
                ))
            })
            .and_then(|person| super::convert::person_name("name", person).map_err(invalid))?;
        let case = app.get_case(&ctx(&extensions, None), &person).await?;
        Ok(Response::new(case.into()))
    }
}

fn invalid(violation: crate::domain::FieldViolation) -> Error {
    Error::invalid(Reason::InvalidField, violation)
}
