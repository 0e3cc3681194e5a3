//! The person and member vocabularies as the CLI reads and writes them (snake_case), and their wire values.

use clap::ValueEnum;
use dangvien_proto::v1 as pb;
use serde::Serialize;

/// A person's gender (DESIGN §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Serialize)]
#[value(rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub(crate) enum Gender {
    Male,
    Female,
}

impl Gender {
    /// The wire value.
    pub(crate) fn to_wire(self) -> pb::Gender {
        match self {
            Gender::Male => pb::Gender::Male,
            Gender::Female => pb::Gender::Female,
        }
    }

    /// The gender of a wire value; `None` for `UNSPECIFIED` or a value this build does not know.
    pub(crate) fn from_wire(value: i32) -> Option<Self> {
        match pb::Gender::try_from(value).ok()? {
            pb::Gender::Unspecified => None,
            pb::Gender::Male => Some(Gender::Male),
            pb::Gender::Female => Some(Gender::Female),
        }
    }
}

/// The general education a person completed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Serialize)]
#[value(rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub(crate) enum Education {
    Primary,
    LowerSecondary,
    UpperSecondary,
}

impl Education {
    /// The wire value.
    pub(crate) fn to_wire(self) -> pb::Education {
        use pb::Education as E;
        match self {
            Education::Primary => E::Primary,
            Education::LowerSecondary => E::LowerSecondary,
            Education::UpperSecondary => E::UpperSecondary,
        }
    }

    /// The education of a wire value; `None` for `UNSPECIFIED` or a value this build does not know.
    pub(crate) fn from_wire(value: i32) -> Option<Self> {
        use pb::Education as E;
        match E::try_from(value).ok()? {
            E::Unspecified => None,
            E::Primary => Some(Education::Primary),
            E::LowerSecondary => Some(Education::LowerSecondary),
            E::UpperSecondary => Some(Education::UpperSecondary),
        }
    }
}

/// A member's status on a day. Only `official` and `probationary` can be registered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Serialize)]
#[value(rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub(crate) enum MemberStatus {
    /// Output only: what `member show --as-of` says before the admission.
    #[value(skip)]
    NotAMember,
    Probationary,
    Official,
}

impl MemberStatus {
    /// The wire value.
    pub(crate) fn to_wire(self) -> pb::MemberStatus {
        use pb::MemberStatus as S;
        match self {
            MemberStatus::NotAMember => S::NotAMember,
            MemberStatus::Probationary => S::Probationary,
            MemberStatus::Official => S::Official,
        }
    }

    /// The status of a wire value; `None` for `UNSPECIFIED` or a value this build does not know.
    pub(crate) fn from_wire(value: i32) -> Option<Self> {
        use pb::MemberStatus as S;
        match S::try_from(value).ok()? {
            S::Unspecified => None,
            S::NotAMember => Some(MemberStatus::NotAMember),
            S::Probationary => Some(MemberStatus::Probationary),
            S::Official => Some(MemberStatus::Official),
        }
    }

    /// The name used in a `ListMembers` filter: the enum value without its prefix.
    pub(crate) fn filter_name(self) -> &'static str {
        let name = self.to_wire().as_str_name();
        name.strip_prefix("MEMBER_STATUS_").unwrap_or(name)
    }
}

/// How a membership began. Only `existing` and `transfer_in` can be registered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Serialize)]
#[value(rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub(crate) enum MemberOrigin {
    /// Output only: `ADMIT` creates these members, never `member register`.
    #[value(skip)]
    Admitted,
    Existing,
    TransferIn,
}

impl MemberOrigin {
    /// The wire value.
    pub(crate) fn to_wire(self) -> pb::MemberOrigin {
        use pb::MemberOrigin as O;
        match self {
            MemberOrigin::Admitted => O::Admitted,
            MemberOrigin::Existing => O::Existing,
            MemberOrigin::TransferIn => O::TransferIn,
        }
    }

    /// The origin of a wire value; `None` for `UNSPECIFIED` or a value this build does not know.
    pub(crate) fn from_wire(value: i32) -> Option<Self> {
        use pb::MemberOrigin as O;
        match O::try_from(value).ok()? {
            O::Unspecified => None,
            O::Admitted => Some(MemberOrigin::Admitted),
            O::Existing => Some(MemberOrigin::Existing),
            O::TransferIn => Some(MemberOrigin::TransferIn),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The names clap accepts, in declaration order.
    fn clap_names<T: ValueEnum>() -> Vec<Option<String>> {
        T::value_variants()
            .iter()
            .map(|v| v.to_possible_value().map(|p| p.get_name().to_owned()))
            .collect()
    }

    #[test]
    fn codes_match_clap_serde_and_the_wire() {
        let some = |names: &[&str]| {
            names
                .iter()
                .map(|n| Some((*n).to_owned()))
                .collect::<Vec<_>>()
        };
        assert_eq!(clap_names::<Gender>(), some(&["male", "female"]));
        assert_eq!(
            clap_names::<Education>(),
            some(&["primary", "lower_secondary", "upper_secondary"])
        );
        // Output-only values are not offered.
        assert_eq!(
            clap_names::<MemberStatus>(),
            some(&["probationary", "official"])
        );
        assert_eq!(
            clap_names::<MemberOrigin>(),
            some(&["existing", "transfer_in"])
        );
        for g in Gender::value_variants() {
            assert_eq!(Gender::from_wire(g.to_wire() as i32), Some(*g));
        }
        for e in Education::value_variants() {
            assert_eq!(Education::from_wire(e.to_wire() as i32), Some(*e));
        }
        for s in [
            MemberStatus::NotAMember,
            MemberStatus::Probationary,
            MemberStatus::Official,
        ] {
            assert_eq!(MemberStatus::from_wire(s.to_wire() as i32), Some(s));
        }
        for o in [
            MemberOrigin::Admitted,
            MemberOrigin::Existing,
            MemberOrigin::TransferIn,
        ] {
            assert_eq!(MemberOrigin::from_wire(o.to_wire() as i32), Some(o));
        }
        assert_eq!(
            serde_json::to_value(MemberStatus::NotAMember).unwrap(),
            "not_a_member"
        );
        assert_eq!(
            serde_json::to_value(MemberOrigin::TransferIn).unwrap(),
            "transfer_in"
        );
        assert_eq!(Gender::from_wire(0), None);
        assert_eq!(Education::from_wire(9), None);
        assert_eq!(MemberStatus::Official.filter_name(), "OFFICIAL");
        assert_eq!(MemberStatus::Probationary.filter_name(), "PROBATIONARY");
    }
}
