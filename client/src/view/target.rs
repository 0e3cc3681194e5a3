//! The admissions target of an organisation for a year, as `target set` and `target show` print it.

use dangvien_proto::v1 as pb;
use serde::Serialize;

use super::code_of;

/// One target; the keys are the JSON keys and CSV header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub(crate) struct TargetView {
    /// The organisation's code, not its resource name.
    pub(crate) org: String,
    pub(crate) year: i32,
    /// Admissions planned for the year.
    pub(crate) admissions: i32,
    pub(crate) etag: String,
}

impl From<pb::Target> for TargetView {
    fn from(target: pb::Target) -> Self {
        let pb::Target {
            // `org` and `year` say the same.
            name: _,
            org,
            year,
            admissions,
            etag,
        } = target;
        Self {
            org: code_of(&org).to_owned(),
            year,
            admissions,
            etag,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_shows_codes_not_names() {
        let view = TargetView::from(pb::Target {
            name: "organizations/KHOI/targets/2022".into(),
            org: "organizations/KHOI".into(),
            year: 2022,
            admissions: 150,
            etag: "\"1\"".into(),
        });
        assert_eq!(
            serde_json::to_value(view).unwrap(),
            serde_json::json!({"org": "KHOI", "year": 2022, "admissions": 150, "etag": "\"1\""})
        );
    }
}
