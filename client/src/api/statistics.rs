//! The calls of `StatisticsService`: the overdue list, admissions targets, the year report and the
//! admission funnel.

use dangvien_proto::{google::r#type::Date, v1 as pb};

use super::{Api, PAGE_SIZE, finish, next_page, with_deadline};
use crate::error::Error;

impl Api {
    /// `ListOverdue`, every page of the largest size; each page is one call with its own deadline.
    pub(crate) async fn list_all_overdue(
        &mut self,
        as_of: Option<Date>,
        org: String,
        due_within: i32,
    ) -> Result<Vec<pb::OverdueItem>, Error> {
        let mut all = Vec::new();
        let mut page_token = String::new();
        loop {
            let request = pb::ListOverdueRequest {
                page_size: PAGE_SIZE,
                page_token: page_token.clone(),
                as_of,
                org: org.clone(),
                due_within,
            };
            let call = self
                .statistics
                .list_overdue(with_deadline(request, self.timeout));
            let page = finish(&self.server, self.timeout, call).await?;
            all.extend(page.items);
            match next_page(&page_token, page.next_page_token)? {
                Some(next) => page_token = next,
                None => return Ok(all),
            }
        }
    }

    /// `SetTarget`.
    pub(crate) async fn set_target(
        &mut self,
        request: pb::SetTargetRequest,
    ) -> Result<pb::Target, Error> {
        let request = self.request(request);
        let call = self.statistics.set_target(request);
        finish(&self.server, self.timeout, call).await
    }

    /// `GetTarget`.
    pub(crate) async fn get_target(
        &mut self,
        request: pb::GetTargetRequest,
    ) -> Result<pb::Target, Error> {
        let request = self.request(request);
        let call = self.statistics.get_target(request);
        finish(&self.server, self.timeout, call).await
    }

    /// `GetYearReport`.
    pub(crate) async fn get_year_report(
        &mut self,
        request: pb::GetYearReportRequest,
    ) -> Result<pb::YearReport, Error> {
        let request = self.request(request);
        let call = self.statistics.get_year_report(request);
        finish(&self.server, self.timeout, call).await
    }

    /// `GetFunnel`.
    pub(crate) async fn get_funnel(
        &mut self,
        request: pb::GetFunnelRequest,
    ) -> Result<pb::Funnel, Error> {
        let request = self.request(request);
        let call = self.statistics.get_funnel(request);
        finish(&self.server, self.timeout, call).await
    }
}
