//! The calls of `DecisionService`.

use dangvien_proto::v1 as pb;

use super::{Api, PAGE_SIZE, finish, next_page, with_deadline};
use crate::error::Error;

impl Api {
    /// `SubmitDecision`.
    pub(crate) async fn submit_decision(
        &mut self,
        request: pb::SubmitDecisionRequest,
    ) -> Result<pb::SubmitDecisionResponse, Error> {
        let call = self
            .decisions
            .submit_decision(with_deadline(request, self.timeout));
        finish(&self.server, self.timeout, call).await
    }

    /// `GetCase`.
    pub(crate) async fn get_case(
        &mut self,
        request: pb::GetCaseRequest,
    ) -> Result<pb::AdmissionCase, Error> {
        let call = self
            .decisions
            .get_case(with_deadline(request, self.timeout));
        finish(&self.server, self.timeout, call).await
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
            let call = self
                .decisions
                .list_decisions(with_deadline(request, self.timeout));
            let page = finish(&self.server, self.timeout, call).await?;
            all.extend(page.decisions);
            match next_page(&page_token, page.next_page_token)? {
                Some(next) => page_token = next,
                None => return Ok(all),
            }
        }
    }
}
