//! The calls of `DecisionService`.

use dangvien_proto::v1 as pb;

use super::{Api, PAGE_SIZE, next_page};
use crate::error::Error;

impl Api {
    /// `SubmitDecision`.
    pub(crate) async fn submit_decision(
        &mut self,
        request: pb::SubmitDecisionRequest,
    ) -> Result<pb::SubmitDecisionResponse, Error> {
        self.unary(&self.decisions, request, async |mut c, r| {
            c.submit_decision(r).await
        })
        .await
    }

    /// `GetCase`.
    pub(crate) async fn get_case(
        &mut self,
        request: pb::GetCaseRequest,
    ) -> Result<pb::AdmissionCase, Error> {
        self.unary(&self.decisions, request, async |mut c, r| {
            c.get_case(r).await
        })
        .await
    }

    /// `ListDecisions`, every page of the largest size; each page is one call with its own
    /// deadline.
    pub(crate) async fn list_all_decisions(
        &mut self,
        filter: String,
    ) -> Result<Vec<pb::Decision>, Error> {
        let mut all = Vec::new();
        let mut page_token = String::new();
        loop {
            let request = pb::ListDecisionsRequest {
                page_size: PAGE_SIZE,
                page_token: page_token.clone(),
                filter: filter.clone(),
            };
            let page = self
                .unary(&self.decisions, request, async |mut c, r| {
                    c.list_decisions(r).await
                })
                .await?;
            all.extend(page.decisions);
            match next_page(&page_token, page.next_page_token)? {
                Some(next) => page_token = next,
                None => return Ok(all),
            }
        }
    }
}
