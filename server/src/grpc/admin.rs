//! `dangvien.v1.AdminService`: validate, convert, call the app, convert back.

use dangvien_proto::v1::{self as pb, admin_service_server::AdminService};
use tonic::{Request, Response, Status};

use super::{Ready, ctx};
use crate::app::Verification;

/// The most differences one answer lists.
const MAX_DIFFERENCES: usize = 1000;

/// The admin service.
#[derive(Clone, Debug)]
pub(crate) struct AdminApi {
    ready: Ready,
}

impl AdminApi {
    pub(crate) fn new(ready: Ready) -> Self {
        Self { ready }
    }
}

#[tonic::async_trait]
impl AdminService for AdminApi {
    async fn verify(
        &self,
        request: Request<pb::VerifyRequest>,
    ) -> Result<Response<pb::VerifyResponse>, Status> {
        let app = self.ready.app()?;
        let (_, extensions, pb::VerifyRequest {}) = request.into_parts();
        let ctx = ctx(&extensions, None);
        Ok(Response::new(app.verify(&ctx).await?.into()))
    }
}

impl From<Verification> for pb::VerifyResponse {
    fn from(v: Verification) -> Self {
        let Verification {
            persons_checked,
            mut differences,
        } = v;
        let truncated = differences.len() > MAX_DIFFERENCES;
        differences.truncate(MAX_DIFFERENCES);
        pb::VerifyResponse {
            persons_checked: i32::try_from(persons_checked).unwrap_or(i32::MAX),
            differences,
            truncated,
        }
    }
}
