//! Conversions between `Person` messages and the person commands and record: which fields a
//! mask names, each checked; and the record back to the wire.

use dangvien_proto::v1 as pb;

use crate::domain::{
    Error, FieldViolation,
    ethnicity::Ethnicity,
    org::OrgCode,
    person::{
        self, CellChange, Education, ExternalId, Gender, NationalId, NewPerson, Person,
        PersonUpdate,
    },
};
use crate::grpc::convert::{self, Checks};

/// The fields of a `Person` message named by a set of paths, each checked (`None`: not named).
pub(super) struct Fields {
    full_name: Option<String>,
    gender: Option<Gender>,
    birth_date: Option<chrono::NaiveDate>,
    ethnicity: Option<Ethnicity>,
    religion: Option<Option<String>>,
    education: Option<Education>,
    professional_level: Option<Option<String>>,
    hardship_exception: Option<bool>,
    youth_union: Option<bool>,
    trade_union: Option<bool>,
    national_id: Option<Option<NationalId>>,
    cell: Option<(OrgCode, Option<chrono::NaiveDate>)>,
}

impl Fields {
    /// Checks the fields among `paths`, recording every violation in `checks`. `cell_since` is
    /// read with `cell` and ignored without it.
    pub(super) fn parse(message: pb::Person, paths: &[&str], checks: &mut Checks) -> Self {
        let pb::Person {
            name: _,
            external_id: _,
            full_name,
            gender,
            birth_date,
            ethnicity,
            religion,
            education,
            professional_level,
            hardship_exception,
            youth_union,
            trade_union,
            national_id,
            cell,
            cell_since,
            case_state: _,
            member: _,
            etag: _,
        } = message;
        let named = |path: &str| paths.contains(&path);
        let cell = if named("cell") {
            let code = checks.take(convert::org_name("person.cell", &cell));
            let since = checks.take(convert::date("person.cell_since", cell_since));
            code.zip(since)
        } else {
            // Outside the mask a field is ignored (AIP-134): a client that sends back the whole
            // record it read, with a mask naming only what it changed, is not refused.
            None
        };
        Fields {
            full_name: pick(checks, named("full_name"), || {
                person::full_name("person.full_name", &full_name)
            }),
            gender: pick(checks, named("gender"), || gender_from(gender)),
            birth_date: pick(checks, named("birth_date"), || {
                convert::required_date("person.birth_date", birth_date)
            }),
            ethnicity: pick(checks, named("ethnicity"), || {
                Ethnicity::parse("person.ethnicity", &ethnicity)
            }),
            religion: pick(checks, named("religion"), || {
                person::religion("person.religion", religion.as_deref())
            }),
            education: pick(checks, named("education"), || education_from(education)),
            professional_level: pick(checks, named("professional_level"), || {
                person::professional_level("person.professional_level", &professional_level)
            }),
            hardship_exception: named("hardship_exception").then_some(hardship_exception),
            youth_union: named("youth_union").then_some(youth_union),
            trade_union: named("trade_union").then_some(trade_union),
            national_id: pick(checks, named("national_id"), || {
                NationalId::parse_optional("person.national_id", &national_id)
            }),
            cell,
        }
    }

    /// The create command. Every field was named and checked, so a missing one is a bug.
    pub(super) fn into_new(self, external_id: Option<ExternalId>) -> Result<NewPerson, Error> {
        let Fields {
            full_name,
            gender,
            birth_date,
            ethnicity,
            religion,
            education,
            professional_level,
            hardship_exception,
            youth_union,
            trade_union,
            national_id,
            cell,
        } = self;
        let lost = || Error::Internal("a checked person field was lost".to_owned());
        let (cell, cell_since) = cell.ok_or_else(lost)?;
        Ok(NewPerson {
            external_id,
            full_name: full_name.ok_or_else(lost)?,
            gender: gender.ok_or_else(lost)?,
            birth_date: birth_date.ok_or_else(lost)?,
            ethnicity: ethnicity.ok_or_else(lost)?,
            religion: religion.flatten(),
            education: education.ok_or_else(lost)?,
            professional_level: professional_level.flatten(),
            hardship_exception: hardship_exception.unwrap_or_default(),
            youth_union: youth_union.unwrap_or_default(),
            trade_union: trade_union.unwrap_or_default(),
            national_id: national_id.flatten(),
            cell,
            cell_since,
        })
    }

    pub(super) fn into_update(self, external_id: ExternalId, etag: Option<String>) -> PersonUpdate {
        let Fields {
            full_name,
            gender,
            birth_date,
            ethnicity,
            religion,
            education,
            professional_level,
            hardship_exception,
            youth_union,
            trade_union,
            national_id,
            cell,
        } = self;
        PersonUpdate {
            external_id,
            full_name,
            gender,
            birth_date,
            ethnicity,
            religion,
            education,
            professional_level,
            hardship_exception,
            youth_union,
            trade_union,
            national_id,
            cell: cell.map(|(cell, since)| CellChange { cell, since }),
            etag,
        }
    }
}

/// The value `check` gives, when `named`; its violation is recorded in `checks`.
fn pick<T>(
    checks: &mut Checks,
    named: bool,
    check: impl FnOnce() -> Result<T, FieldViolation>,
) -> Option<T> {
    if named { checks.take(check()) } else { None }
}

/// The paths of the fields that are set (AIP-134's reading of an empty mask).
pub(super) fn set_paths(p: &pb::Person) -> Vec<String> {
    let set = [
        ("full_name", !p.full_name.is_empty()),
        ("gender", p.gender != 0),
        ("birth_date", p.birth_date.is_some()),
        ("ethnicity", !p.ethnicity.is_empty()),
        ("religion", p.religion.is_some()),
        ("education", p.education != 0),
        ("professional_level", !p.professional_level.is_empty()),
        ("hardship_exception", p.hardship_exception),
        ("youth_union", p.youth_union),
        ("trade_union", p.trade_union),
        ("national_id", !p.national_id.is_empty()),
        ("cell", !p.cell.is_empty()),
    ];
    set.into_iter()
        .filter(|(_, is_set)| *is_set)
        .map(|(path, _)| path.to_owned())
        .collect()
}

fn gender_from(value: i32) -> Result<Gender, FieldViolation> {
    match pb::Gender::try_from(value) {
        Ok(pb::Gender::Male) => Ok(Gender::Male),
        Ok(pb::Gender::Female) => Ok(Gender::Female),
        Ok(pb::Gender::Unspecified) | Err(_) => Err(FieldViolation::new(
            "person.gender",
            "thiếu giới tính (nam hoặc nữ)",
            "the gender is missing or unknown",
        )),
    }
}

fn gender_to_proto(gender: Gender) -> pb::Gender {
    match gender {
        Gender::Male => pb::Gender::Male,
        Gender::Female => pb::Gender::Female,
    }
}

fn education_from(value: i32) -> Result<Education, FieldViolation> {
    match pb::Education::try_from(value) {
        Ok(pb::Education::Primary) => Ok(Education::Primary),
        Ok(pb::Education::LowerSecondary) => Ok(Education::LowerSecondary),
        Ok(pb::Education::UpperSecondary) => Ok(Education::UpperSecondary),
        Ok(pb::Education::Unspecified) | Err(_) => Err(FieldViolation::new(
            "person.education",
            "thiếu trình độ giáo dục phổ thông",
            "the general education is missing or unknown",
        )),
    }
}

fn education_to_proto(education: Education) -> pb::Education {
    match education {
        Education::Primary => pb::Education::Primary,
        Education::LowerSecondary => pb::Education::LowerSecondary,
        Education::UpperSecondary => pb::Education::UpperSecondary,
    }
}

impl From<Person> for pb::Person {
    fn from(p: Person) -> Self {
        let etag = p.etag();
        let Person {
            external_id,
            full_name,
            gender,
            birth_date,
            ethnicity,
            religion,
            education,
            professional_level,
            hardship_exception,
            youth_union,
            trade_union,
            national_id,
            cell,
            cell_since,
            case_state,
            member,
            version: _,
        } = p;
        pb::Person {
            name: convert::person_resource_name(&external_id),
            external_id: external_id.as_str().to_owned(),
            full_name,
            gender: gender_to_proto(gender).into(),
            birth_date: Some(convert::date_to_proto(birth_date)),
            ethnicity: ethnicity.name().to_owned(),
            religion,
            education: education_to_proto(education).into(),
            professional_level: professional_level.unwrap_or_default(),
            hardship_exception,
            youth_union,
            trade_union,
            national_id: national_id
                .map(|n| n.expose().to_owned())
                .unwrap_or_default(),
            cell: convert::org_resource_name(&cell),
            cell_since: Some(convert::date_to_proto(cell_since)),
            case_state: case_state
                .map_or(
                    pb::CaseState::Unspecified,
                    crate::grpc::decisions::state_to_proto,
                )
                .into(),
            member,
            etag,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{super::UPDATABLE, *};

    fn person() -> pb::Person {
        pb::Person {
            full_name: "Nguye\u{302}\u{303}n Văn An".to_owned(),
            gender: pb::Gender::Male.into(),
            birth_date: Some(convert::date_to_proto("1995-04-12".parse().unwrap())),
            ethnicity: "Khmer".to_owned(),
            religion: Some(String::new()),
            education: pb::Education::Primary.into(),
            cell: "organizations/CB01".to_owned(),
            ..Default::default()
        }
    }

    #[test]
    fn an_empty_mask_means_the_fields_that_are_set() {
        assert_eq!(
            set_paths(&person()),
            [
                "full_name",
                "gender",
                "birth_date",
                "ethnicity",
                "religion",
                "education",
                "cell"
            ]
        );
        assert!(set_paths(&pb::Person::default()).is_empty());
    }

    #[test]
    fn only_named_fields_are_read_and_checked() {
        let mut checks = Checks::default();
        let fields = Fields::parse(person(), &["full_name", "religion"], &mut checks);
        assert!(checks.is_empty());
        let update = fields.into_update(ExternalId::parse("f", "P1").unwrap(), None);
        assert_eq!(update.full_name.as_deref(), Some("Nguyễn Văn An"));
        // A religion that is present but empty clears it.
        assert_eq!(update.religion, Some(None));
        assert_eq!(update.ethnicity, None);
        assert_eq!(update.cell, None);

        let mut bad = person();
        bad.ethnicity = "Klingon".to_owned();
        bad.national_id = "12345".to_owned();
        let mut checks = Checks::default();
        Fields::parse(bad.clone(), &["full_name"], &mut checks);
        assert!(checks.is_empty(), "unnamed fields are not checked");
        Fields::parse(bad, UPDATABLE, &mut checks);
        let Error::Invalid { violations, .. } = checks.fail() else {
            panic!("expected violations");
        };
        let fields: Vec<_> = violations.iter().map(|v| v.field.as_str()).collect();
        assert_eq!(fields, ["person.ethnicity", "person.national_id"]);
        assert!(violations.iter().all(|v| !v.msg.en.contains("12345")));
    }

    #[test]
    fn cell_since_goes_with_cell() {
        let mut p = person();
        p.cell_since = Some(convert::date_to_proto("2025-01-01".parse().unwrap()));
        // Outside the mask, cell_since is ignored like any other field.
        let mut checks = Checks::default();
        let fields = Fields::parse(p.clone(), &["full_name"], &mut checks);
        assert!(checks.is_empty());
        assert!(fields.cell.is_none());
        let mut checks = Checks::default();
        let fields = Fields::parse(p, &["cell"], &mut checks);
        assert!(checks.is_empty());
        let (cell, since) = fields.cell.unwrap();
        assert_eq!(cell.as_str(), "CB01");
        assert_eq!(since, Some("2025-01-01".parse().unwrap()));
    }
}
