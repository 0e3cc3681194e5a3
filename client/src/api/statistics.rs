//! The calls of `StatisticsService`: the overdue list, admissions targets, the year report and the
//! admission funnel.

use dangvien_proto::{google::r#type::Date, v1 as pb};

use super::{Api, PAGE_SIZE, next_page};
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
            let page = self
                .unary(&self.statistics, request, async |mut c, r| {
                    c.list_overdue(r).await
                })
                .await?;
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
        self.unary(&self.statistics, request, async |mut c, r| {
            c.set_target(r).await
        })
        .await
    }

    /// `GetTarget`.
    pub(crate) async fn get_target(
        &mut self,
        request: pb::GetTargetRequest,
    ) -> Result<pb::Target, Error> {
        self.unary(&self.statistics, request, async |mut c, r| {
            c.get_target(r).await
        })
        .await
    }

    /// `GetYearReport`.
    pub(crate) async fn get_year_report(
        &mut self,
        request: pb::GetYearReportRequest,
    ) -> Result<pb::YearReport, Error> {
        self.unary(&self.statistics, request, async |mut c, r| {
            c.get_year_report(r).await
        })
        .await
    }

    /// `GetFunnel`.
    pub(crate) async fn get_funnel(
        &mut self,
        request: pb::GetFunnelRequest,
    ) -> Result<pb::Funnel, Error> {
        self.unary(&self.statistics, request, async |mut c, r| {
            c.get_funnel(r).await
        })
        .await
    }
}
