//! What `admin verify` found, as the CLI shows it.

use dangvien_proto::v1 as pb;
use serde::Serialize;

/// The answer of `Verify`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct VerificationView {
    pub(crate) persons_checked: i32,
    /// One line per difference; empty when the stored state equals the recount.
    pub(crate) differences: Vec<String>,
    /// The server found more differences than it listed.
    pub(crate) truncated: bool,
}

impl From<pb::VerifyResponse> for VerificationView {
    fn from(answer: pb::VerifyResponse) -> Self {
        let pb::VerifyResponse {
            persons_checked,
            differences,
            truncated,
        } = answer;
        Self {
            persons_checked,
            differences,
            truncated,
        }
    }
}
