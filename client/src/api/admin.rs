//! The calls of `AdminService`.

use dangvien_proto::v1 as pb;

use super::Api;
use crate::error::Error;

impl Api {
    /// `Verify`.
    pub(crate) async fn verify(&mut self) -> Result<pb::VerifyResponse, Error> {
        self.unary(&self.admin, pb::VerifyRequest {}, async |mut c, r| {
            c.verify(r).await
        })
        .await
    }
}
