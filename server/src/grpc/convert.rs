//! Compiler-checked conversions between `dangvien.v1` messages and domain types.
//!
//! Every request is destructured field by field (no `..`), so a field added to
//! the contract does not compile until it is handled here.

use chrono::{Datelike, NaiveDate};
use dangvien_proto::{google::r#type::Date, v1 as pb};

use crate::{
    app::RequestId,
    domain::{
        Error, FieldViolation, Result,
        org::{self, OrgCode, OrgKind, Organization, Sector},
        person::ExternalId,
    },
};

/// The collection prefix of organisation names.
const ORGS: &str = "organizations/";
/// The collection prefix of person names.
const PEOPLE: &str = "people/";
/// The collection prefix of decision names.
const DECISIONS: &str = "decisions/";

/// Collects every malformed field of a request before refusing it.
#[derive(Debug, Default)]
pub(super) struct Checks(Vec<FieldViolation>);

impl Checks {
    /// Keeps the value, or records why it is malformed.
    pub(super) fn take<T>(&mut self, checked: Result<T, FieldViolation>) -> Option<T> {
        match checked {
            Ok(value) => Some(value),
            Err(violation) => {
                self.0.push(violation);
                None
            }
        }
    }

    /// Whether no violation was recorded.
    pub(super) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Records a violation.
    pub(super) fn push(&mut self, violation: FieldViolation) {
        self.0.push(violation);
    }

    /// `INVALID_ARGUMENT` with every violation recorded (or an internal error if none was,
    /// which would mean a conversion forgot to record why it gave up).
    pub(super) fn fail(self) -> Error {
        if self.0.is_empty() {
            return Error::Internal("a conversion failed without saying why".to_owned());
        }
        match Error::check_fields(self.0) {
            Err(e) => e,
            Ok(()) => Error::Internal("unreachable: violations were recorded".to_owned()),
        }
    }
}

/// `organizations/{code}` → the code.
pub(super) fn org_name(field: &str, name: &str) -> Result<OrgCode, FieldViolation> {
    match name.strip_prefix(ORGS) {
        Some(code) => OrgCode::parse(field, code),
        None => Err(FieldViolation::new(
            field,
            format!("cần tên dạng organizations/{{mã}}, nhận được \"{name}\""),
            format!("expected organizations/{{code}}, got \"{name}\""),
        )),
    }
}

/// Like [`org_name`], but empty means none.
pub(super) fn optional_org_name(
    field: &str,
    name: &str,
) -> Result<Option<OrgCode>, FieldViolation> {
    if name.is_empty() {
        Ok(None)
    } else {
        org_name(field, name).map(Some)
    }
}

/// `people/{external_id}` → the external id.
pub(super) fn person_name(field: &str, name: &str) -> Result<ExternalId, FieldViolation> {
    resource_id(field, name, PEOPLE)
}

/// `decisions/{external_id}` → the external id.
pub(super) fn decision_name(field: &str, name: &str) -> Result<ExternalId, FieldViolation> {
    resource_id(field, name, DECISIONS)
}

fn resource_id(field: &str, name: &str, collection: &str) -> Result<ExternalId, FieldViolation> {
    match name.strip_prefix(collection) {
        Some(id) => ExternalId::parse(field, id),
        None => Err(FieldViolation::new(
            field,
            format!("cần tên dạng {collection}{{mã}}, nhận được \"{name}\""),
            format!("expected {collection}{{id}}, got \"{name}\""),
        )),
    }
}

/// The resource name of a person.
pub(super) fn person_resource_name(id: &ExternalId) -> String {
    format!("{PEOPLE}{id}")
}

/// The resource name of a decision.
pub(super) fn decision_resource_name(id: &ExternalId) -> String {
    format!("{DECISIONS}{id}")
}

/// The resource name of an organisation.
pub(super) fn org_resource_name(code: &OrgCode) -> String {
    format!("{ORGS}{code}")
}

/// A full `google.type.Date` → a date; unset → `None`.
pub(super) fn date(field: &str, date: Option<Date>) -> Result<Option<NaiveDate>, FieldViolation> {
    let Some(Date { year, month, day }) = date else {
        return Ok(None);
    };
    let parsed = u32::try_from(month)
        .ok()
        .zip(u32::try_from(day).ok())
        .and_then(|(m, d)| NaiveDate::from_ymd_opt(year, m, d))
        .filter(|_| (1..=9999).contains(&year));
    match parsed {
        Some(d) => Ok(Some(d)),
        None => Err(FieldViolation::new(
            field,
            format!("ngày {year:04}-{month:02}-{day:02} không có thật"),
            format!("{year:04}-{month:02}-{day:02} is not a calendar date"),
        )),
    }
}

/// Like [`date`], but the date is required.
pub(super) fn required_date(field: &str, value: Option<Date>) -> Result<NaiveDate, FieldViolation> {
    date(field, value)?
        .ok_or_else(|| FieldViolation::new(field, "thiếu ngày", "the date is missing"))
}

/// A date → `google.type.Date`.
pub(super) fn date_to_proto(d: NaiveDate) -> Date {
    Date {
        year: d.year(),
        // Months and days are at most 31.
        month: d.month() as i32,
        day: d.day() as i32,
    }
}

/// A wire kind → the domain kind; unspecified or unknown is malformed.
pub(super) fn kind(field: &str, value: i32) -> Result<OrgKind, FieldViolation> {
    use pb::OrganizationKind as K;
    match K::try_from(value) {
        Ok(K::Province) => Ok(OrgKind::Province),
        Ok(K::Bloc) => Ok(OrgKind::Bloc),
        Ok(K::GrassrootsCommittee) => Ok(OrgKind::GrassrootsCommittee),
        Ok(K::GrassrootsCell) => Ok(OrgKind::GrassrootsCell),
        Ok(K::PartialCommittee) => Ok(OrgKind::PartialCommittee),
        Ok(K::Cell) => Ok(OrgKind::Cell),
        Ok(K::Unspecified) | Err(_) => Err(FieldViolation::new(
            field,
            "thiếu loại tổ chức",
            "the organization kind is missing or unknown",
        )),
    }
}

/// The domain kind → the wire kind.
pub(super) fn kind_to_proto(kind: OrgKind) -> pb::OrganizationKind {
    use pb::OrganizationKind as K;
    match kind {
        OrgKind::Province => K::Province,
        OrgKind::Bloc => K::Bloc,
        OrgKind::GrassrootsCommittee => K::GrassrootsCommittee,
        OrgKind::GrassrootsCell => K::GrassrootsCell,
        OrgKind::PartialCommittee => K::PartialCommittee,
        OrgKind::Cell => K::Cell,
    }
}

/// A wire sector → the domain sector; unspecified or unknown is malformed.
pub(super) fn sector(field: &str, value: i32) -> Result<Sector, FieldViolation> {
    use pb::Sector as S;
    match S::try_from(value) {
        Ok(S::StateAgency) => Ok(Sector::StateAgency),
        Ok(S::PublicServiceUnit) => Ok(Sector::PublicServiceUnit),
        Ok(S::StateEnterprise) => Ok(Sector::StateEnterprise),
        Ok(S::NonStateEnterprise) => Ok(Sector::NonStateEnterprise),
        Ok(S::FdiEnterprise) => Ok(Sector::FdiEnterprise),
        Ok(S::Other) => Ok(Sector::Other),
        Ok(S::Unspecified) | Err(_) => Err(FieldViolation::new(
            field,
            "thiếu lĩnh vực",
            "the sector is missing or unknown",
        )),
    }
}

/// The domain sector → the wire sector.
pub(super) fn sector_to_proto(sector: Sector) -> pb::Sector {
    use pb::Sector as S;
    match sector {
        Sector::StateAgency => S::StateAgency,
        Sector::PublicServiceUnit => S::PublicServiceUnit,
        Sector::StateEnterprise => S::StateEnterprise,
        Sector::NonStateEnterprise => S::NonStateEnterprise,
        Sector::FdiEnterprise => S::FdiEnterprise,
        Sector::Other => S::Other,
    }
}

/// A request id field.
pub(super) fn request_id(raw: &str) -> Result<Option<RequestId>, FieldViolation> {
    RequestId::parse(raw)
}

/// A document number field.
pub(super) fn document_number(field: &str, raw: &str) -> Result<Option<String>, FieldViolation> {
    org::document_number(field, raw)
}

/// An optional etag field.
pub(super) fn etag(raw: String) -> Option<String> {
    (!raw.is_empty()).then_some(raw)
}

impl From<Organization> for pb::Organization {
    fn from(org: Organization) -> Self {
        let etag = org.etag();
        let Organization {
            code,
            display_name,
            kind,
            sector,
            parent,
            valid_from,
            valid_to,
            version: _,
        } = org;
        pb::Organization {
            name: org_resource_name(&code),
            code: code.as_str().to_owned(),
            display_name,
            kind: kind_to_proto(kind).into(),
            parent: parent.as_ref().map(org_resource_name).unwrap_or_default(),
            sector: sector_to_proto(sector).into(),
            valid_from: Some(date_to_proto(valid_from)),
            valid_to: valid_to.map(date_to_proto),
            etag,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked() {
        let d = |year, month, day| Some(Date { year, month, day });
        assert_eq!(
            date("f", d(2024, 2, 29)).unwrap(),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        assert!(date("f", d(2023, 2, 29)).is_err());
        assert!(date("f", d(2023, 0, 1)).is_err());
        assert!(date("f", d(0, 1, 1)).is_err());
        assert!(date("f", d(2023, -1, 1)).is_err());
        assert_eq!(date("f", None).unwrap(), None);
        assert!(required_date("f", None).is_err());
    }

    #[test]
    fn names_are_checked() {
        assert_eq!(
            org_name("f", "organizations/KHOI").unwrap().as_str(),
            "KHOI"
        );
        assert!(org_name("f", "KHOI").is_err());
        assert!(org_name("f", "organizations/").is_err());
        assert!(org_name("f", "organizations/A/B").is_err());
        assert_eq!(optional_org_name("f", "").unwrap(), None);
    }
}
