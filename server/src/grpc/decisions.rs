//! `dangvien.v1.DecisionService`: validate, convert, call the app, convert back.

mod convert;

use dangvien_proto::v1::{self as pb, decision_service_server::DecisionService};
use tonic::{Request, Response, Status};

// Persons show their case state too.
pub(super) use self::convert::state_to_proto;
use super::{Ready, ctx, filter};
use crate::{
    app::{DecisionScope, PageRequest},
    domain::{Error, Reason, admission::DecisionKind},
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
        let (scope, kind) = decision_filter(&filter)?;
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

/// `person = "people/P1"` or `org = "organizations/CS01"`, optionally `AND kind = ADMIT`.
fn decision_filter(raw: &str) -> Result<(DecisionScope, Option<DecisionKind>), Error> {
    let bad = |e: crate::domain::FieldViolation| filter::bad(&e.msg.vi, &e.msg.en);
    let mut scope = None;
    let mut kind = None;
    for (field, value) in filter::terms(raw, &["person", "org", "kind"])? {
        match field.as_str() {
            "person" => {
                scope = Some(DecisionScope::Person(
                    super::convert::person_name("filter", &value).map_err(bad)?,
                ))
            }
            "org" => {
                scope = Some(DecisionScope::Org(
                    super::convert::org_name("filter", &value).map_err(bad)?,
                ))
            }
            _ => {
                let upper = value.to_ascii_uppercase();
                let name = if upper.starts_with("DECISION_KIND_") {
                    upper
                } else {
                    format!("DECISION_KIND_{upper}")
                };
                let wire = pb::DecisionKind::from_str_name(&name);
                kind = Some(
                    DecisionKind::ALL
                        .into_iter()
                        .find(|k| Some(convert::kind_to_proto(*k)) == wire)
                        .ok_or_else(|| {
                            filter::bad(
                                &format!("không có loại quyết định \"{value}\""),
                                &format!("unknown decision kind \"{value}\""),
                            )
                        })?,
                );
            }
        }
    }
    let scope = scope.ok_or_else(|| {
        filter::bad(
            "cần lọc theo một người (person = \"people/…\") hoặc một tổ chức (org = \"organizations/…\")",
            "filter by one person (person = \"people/…\") or one organization (org = \"organizations/…\")",
        )
    })?;
    Ok((scope, kind))
}

fn invalid(violation: crate::domain::FieldViolation) -> Error {
    Error::invalid(Reason::InvalidField, violation)
}
