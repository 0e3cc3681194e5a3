//! The calls of `AdminService`.

use dangvien_proto::v1 as pb;

use super::{Api, finish, with_deadline};
use crate::error::Error;

impl Api {
    /// `Verify`.
    pub(crate) async fn verify(&mut self) -> Result<pb::VerifyResponse, Error> {
        let call = self
            .admin
            .verify(with_deadline(pb::VerifyRequest {}, self.timeout));
        finish(&self.server, self.timeout, call).await
    }
}
