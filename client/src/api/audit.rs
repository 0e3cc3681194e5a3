//! The calls of `AuditService`.

use dangvien_proto::v1 as pb;

use super::{Api, PAGE_SIZE, next_page};
use crate::error::Error;

impl Api {
    /// `ListAuditEntries`, every page of the largest size (newest first); `request`'s paging
    /// fields are set here.
    pub(crate) async fn list_all_audit_entries(
        &mut self,
        request: pb::ListAuditEntriesRequest,
    ) -> Result<Vec<pb::AuditEntry>, Error> {
        let mut all = Vec::new();
        let mut page_token = String::new();
        loop {
            let page = pb::ListAuditEntriesRequest {
                page_size: PAGE_SIZE,
                page_token: page_token.clone(),
                ..request.clone()
            };
            let page = self
                .unary(&self.audit, page, async |mut c, r| {
                    c.list_audit_entries(r).await
                })
                .await?;
            all.extend(page.entries);
            match next_page(&page_token, page.next_page_token)? {
                Some(next) => page_token = next,
                None => return Ok(all),
            }
        }
    }

    /// `VerifyAuditLog`.
    pub(crate) async fn verify_audit_log(&mut self) -> Result<pb::VerifyAuditLogResponse, Error> {
        self.unary(
            &self.audit,
            pb::VerifyAuditLogRequest {},
            async |mut c, r| c.verify_audit_log(r).await,
        )
        .await
    }
}
