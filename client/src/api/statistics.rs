//! The calls of `StatisticsService`.

use dangvien_proto::{google::r#type::Date, v1 as pb};

use super::{Api, PAGE_SIZE, finish, with_deadline};
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
                page_token,
                as_of,
                org: org.clone(),
                due_within,
            };
            let call = self
                .statistics
                .list_overdue(with_deadline(request, self.timeout));
            let page = finish(&self.server, self.timeout, call).await?;
            all.extend(page.items);
            if page.next_page_token.is_empty() {
                return Ok(all);
            }
            page_token = page.next_page_token;
        }
    }
}
