//! Conversions of admissions targets: `SetTargetRequest` in, `Target` out, and the target's
//! resource name `organizations/{code}/targets/{year}`.

use dangvien_proto::v1 as pb;

use crate::{
    app::RequestId,
    domain::{
        Error, FieldViolation, Reason, Result,
        org::OrgCode,
        target::{SetTarget, Target},
    },
    grpc::convert::{self, Checks},
};

/// The collection of targets under an organisation's name.
const TARGETS: &str = "/targets/";

/// A `SetTargetRequest` → its request id and the command. The year and admissions ranges are
/// the domain's to judge; here only the shape is checked.
pub(super) fn set_target(request: pb::SetTargetRequest) -> Result<(Option<RequestId>, SetTarget)> {
    let pb::SetTargetRequest {
        target,
        etag,
        request_id,
    } = request;
    let Some(pb::Target {
        name,
        org,
        year,
        admissions,
        etag: target_etag,
    }) = target
    else {
        return Err(Error::invalid(
            Reason::InvalidField,
            FieldViolation::new("target", "thiếu chỉ tiêu kết nạp", "the target is missing"),
        ));
    };
    let mut checks = Checks::default();
    let request_id = checks.take(convert::request_id(&request_id));
    let org = checks.take(convert::org_name("target.org", &org));
    let etag = checks.take(one_etag(etag, target_etag));
    if let Some(org) = &org
        && !name.is_empty()
    {
        checks.take(same_name(&name, org, year));
    }
    let (Some(request_id), Some(org), Some(etag)) = (request_id, org, etag) else {
        return Err(checks.fail());
    };
    if !checks.is_empty() {
        return Err(checks.fail());
    }
    let set = SetTarget {
        org,
        year,
        admissions,
        etag,
    };
    Ok((request_id, set))
}

/// `organizations/{code}/targets/{year}` → the code and the year (four digits).
pub(super) fn target_name(field: &str, name: &str) -> Result<(OrgCode, i32), FieldViolation> {
    let malformed = || {
        FieldViolation::new(
            field,
            format!("cần tên dạng organizations/{{mã}}/targets/{{năm}}, nhận được \"{name}\""),
            format!("expected organizations/{{code}}/targets/{{year}}, got \"{name}\""),
        )
    };
    let (org, year) = name.rsplit_once(TARGETS).ok_or_else(malformed)?;
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed());
    }
    let year = year.parse().map_err(|_| malformed())?;
    Ok((convert::org_name(field, org)?, year))
}

/// The resource name of the target of `org` for `year`.
fn target_resource_name(org: &OrgCode, year: i32) -> String {
    format!("{}{TARGETS}{year}", convert::org_resource_name(org))
}

/// A `target.name` sent to `SetTarget` must name the target that `org` and `year` do.
fn same_name(name: &str, org: &OrgCode, year: i32) -> Result<(), FieldViolation> {
    let expected = target_resource_name(org, year);
    if name == expected {
        return Ok(());
    }
    Err(FieldViolation::new(
        "target.name",
        format!("tên \"{name}\" không khớp với org và year đã gửi ({expected}); hãy bỏ trống tên"),
        format!(
            "name \"{name}\" does not match the org and year sent ({expected}); leave it empty"
        ),
    ))
}

/// The etag of the request, else the target's; two different ones are a malformed request.
fn one_etag(request: String, target: String) -> Result<Option<String>, FieldViolation> {
    match (convert::etag(request), convert::etag(target)) {
        (Some(a), Some(b)) if a != b => Err(FieldViolation::new(
            "etag",
            "etag và target.etag khác nhau; chỉ gửi một etag",
            "etag and target.etag differ; send only one",
        )),
        (Some(a), _) => Ok(Some(a)),
        (None, b) => Ok(b),
    }
}

impl From<Target> for pb::Target {
    fn from(target: Target) -> Self {
        let etag = target.etag();
        let Target {
            org,
            year,
            admissions,
            version: _,
        } = target;
        pb::Target {
            name: target_resource_name(&org, year),
            org: convert::org_resource_name(&org),
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
    fn target_names_are_checked() {
        let (org, year) = target_name("f", "organizations/KHOI/targets/2022").unwrap();
        assert_eq!((org.as_str(), year), ("KHOI", 2022));
        for bad in [
            "organizations/KHOI/targets/22",
            "organizations/KHOI/targets/+022",
            "organizations/KHOI/targets/",
            "organizations/KHOI",
            "KHOI/targets/2022",
            "organizations/A/B/targets/2022",
        ] {
            assert!(target_name("f", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn one_etag_is_taken_from_either_place() {
        assert_eq!(one_etag(String::new(), String::new()).unwrap(), None);
        assert_eq!(
            one_etag("\"1\"".into(), String::new()).unwrap().as_deref(),
            Some("\"1\"")
        );
        assert_eq!(
            one_etag(String::new(), "\"2\"".into()).unwrap().as_deref(),
            Some("\"2\"")
        );
        assert!(one_etag("\"1\"".into(), "\"2\"".into()).is_err());
    }
}
