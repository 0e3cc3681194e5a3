//! The organisation kinds and sectors as the CLI reads and writes them (snake_case), and their wire
//! values; `person`, `admission`, `decision` and `member` hold the vocabularies of persons, cases,
//! decisions and members.

mod admission;
mod decision;
mod member;
mod person;

use clap::ValueEnum;
use dangvien_proto::v1 as pb;
use serde::Serialize;

pub(crate) use self::{
    admission::{CaseState, UnionResolution},
    decision::DecisionKind,
    member::{DisciplineMeasure, Grade, MemberExit, TransferKind},
    person::{Education, Gender, MemberOrigin, MemberStatus},
};

/// The kind of a party organisation (DESIGN §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Serialize)]
#[value(rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub(crate) enum Kind {
    Province,
    Bloc,
    GrassrootsCommittee,
    GrassrootsCell,
    PartialCommittee,
    Cell,
}

impl Kind {
    /// The wire value.
    pub(crate) fn to_wire(self) -> pb::OrganizationKind {
        use pb::OrganizationKind as K;
        match self {
            Kind::Province => K::Province,
            Kind::Bloc => K::Bloc,
            Kind::GrassrootsCommittee => K::GrassrootsCommittee,
            Kind::GrassrootsCell => K::GrassrootsCell,
            Kind::PartialCommittee => K::PartialCommittee,
            Kind::Cell => K::Cell,
        }
    }

    /// The kind of a wire value; `None` for `UNSPECIFIED` or a value this build does not know.
    pub(crate) fn from_wire(value: i32) -> Option<Self> {
        use pb::OrganizationKind as K;
        match K::try_from(value).ok()? {
            K::Unspecified => None,
            K::Province => Some(Kind::Province),
            K::Bloc => Some(Kind::Bloc),
            K::GrassrootsCommittee => Some(Kind::GrassrootsCommittee),
            K::GrassrootsCell => Some(Kind::GrassrootsCell),
            K::PartialCommittee => Some(Kind::PartialCommittee),
            K::Cell => Some(Kind::Cell),
        }
    }

    /// The name used in a `ListOrganizations` filter: the enum value without its prefix.
    pub(crate) fn filter_name(self) -> &'static str {
        let name = self.to_wire().as_str_name();
        name.strip_prefix("ORGANIZATION_KIND_").unwrap_or(name)
    }
}

/// The sector of the unit an organisation sits in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Serialize)]
#[value(rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub(crate) enum Sector {
    StateAgency,
    PublicServiceUnit,
    StateEnterprise,
    NonStateEnterprise,
    FdiEnterprise,
    Other,
}

impl Sector {
    /// The wire value.
    pub(crate) fn to_wire(self) -> pb::Sector {
        use pb::Sector as S;
        match self {
            Sector::StateAgency => S::StateAgency,
            Sector::PublicServiceUnit => S::PublicServiceUnit,
            Sector::StateEnterprise => S::StateEnterprise,
            Sector::NonStateEnterprise => S::NonStateEnterprise,
            Sector::FdiEnterprise => S::FdiEnterprise,
            Sector::Other => S::Other,
        }
    }

    /// The sector of a wire value; `None` for `UNSPECIFIED` or a value this build does not know.
    pub(crate) fn from_wire(value: i32) -> Option<Self> {
        use pb::Sector as S;
        match S::try_from(value).ok()? {
            S::Unspecified => None,
            S::StateAgency => Some(Sector::StateAgency),
            S::PublicServiceUnit => Some(Sector::PublicServiceUnit),
            S::StateEnterprise => Some(Sector::StateEnterprise),
            S::NonStateEnterprise => Some(Sector::NonStateEnterprise),
            S::FdiEnterprise => Some(Sector::FdiEnterprise),
            S::Other => Some(Sector::Other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The codes typed on the command line and printed in JSON and CSV must be one spelling.
    #[test]
    fn codes_match_clap_and_serde_spellings() {
        assert_eq!(
            Kind::value_variants()
                .iter()
                .map(|k| k.to_possible_value().unwrap().get_name().to_owned())
                .collect::<Vec<_>>(),
            [
                "province",
                "bloc",
                "grassroots_committee",
                "grassroots_cell",
                "partial_committee",
                "cell"
            ]
        );
        assert_eq!(
            Sector::value_variants()
                .iter()
                .map(|s| s.to_possible_value().unwrap().get_name().to_owned())
                .collect::<Vec<_>>(),
            [
                "state_agency",
                "public_service_unit",
                "state_enterprise",
                "non_state_enterprise",
                "fdi_enterprise",
                "other"
            ]
        );
        for kind in Kind::value_variants() {
            let clap_name = kind.to_possible_value().unwrap().get_name().to_owned();
            assert_eq!(serde_json::to_value(kind).unwrap(), clap_name);
            assert_eq!(Kind::from_wire(kind.to_wire() as i32), Some(*kind));
        }
        for sector in Sector::value_variants() {
            let clap_name = sector.to_possible_value().unwrap().get_name().to_owned();
            assert_eq!(serde_json::to_value(sector).unwrap(), clap_name);
            assert_eq!(Sector::from_wire(sector.to_wire() as i32), Some(*sector));
        }
        assert_eq!(Kind::from_wire(0), None);
        assert_eq!(Kind::from_wire(99), None);
        assert_eq!(Sector::from_wire(0), None);
    }

    #[test]
    fn filter_names_drop_the_enum_prefix() {
        assert_eq!(Kind::GrassrootsCell.filter_name(), "GRASSROOTS_CELL");
        assert_eq!(Kind::Province.filter_name(), "PROVINCE");
    }
}
