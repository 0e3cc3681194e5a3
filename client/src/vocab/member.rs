//! The member vocabularies (transfer kinds, disciplinary measures, grades, exits) as the CLI reads
//! and writes them (snake_case, as DESIGN §6; `cli::spelling` accepts kebab-case too), and their
//! wire values.

use clap::ValueEnum;
use dangvien_proto::v1 as pb;
use serde::Serialize;

/// Which transfer of party activity (DESIGN §3 `TRANSFER`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Serialize)]
#[value(rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub(crate) enum TransferKind {
    /// Sang đảng bộ cơ sở khác, hoặc ra ngoài đảng bộ / to another grassroots organisation, or out
    Permanent,
    /// Sang chi bộ khác cùng đảng bộ cơ sở / to another cell of the same grassroots organisation
    Internal,
    /// Tạm thời, đến một ngày; vẫn tính ở nơi cũ / until a date; still counted where they were
    Temporary,
}

impl TransferKind {
    /// The wire value.
    pub(crate) fn to_wire(self) -> pb::TransferKind {
        match self {
            TransferKind::Permanent => pb::TransferKind::Permanent,
            TransferKind::Internal => pb::TransferKind::Internal,
            TransferKind::Temporary => pb::TransferKind::Temporary,
        }
    }

    /// The kind of a wire value; `None` for `UNSPECIFIED` or a value this build does not know.
    pub(crate) fn from_wire(value: i32) -> Option<Self> {
        match pb::TransferKind::try_from(value).ok()? {
            pb::TransferKind::Unspecified => None,
            pb::TransferKind::Permanent => Some(TransferKind::Permanent),
            pb::TransferKind::Internal => Some(TransferKind::Internal),
            pb::TransferKind::Temporary => Some(TransferKind::Temporary),
        }
    }
}

/// A disciplinary measure short of expulsion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Serialize)]
#[value(rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub(crate) enum DisciplineMeasure {
    /// Khiển trách / reprimand
    Reprimand,
    /// Cảnh cáo / warning
    Warning,
    /// Cách chức (chỉ đảng viên chính thức) / removal from post (full members only)
    RemovalFromPost,
}

impl DisciplineMeasure {
    /// The wire value.
    pub(crate) fn to_wire(self) -> pb::DisciplineMeasure {
        use pb::DisciplineMeasure as M;
        match self {
            DisciplineMeasure::Reprimand => M::Reprimand,
            DisciplineMeasure::Warning => M::Warning,
            DisciplineMeasure::RemovalFromPost => M::RemovalFromPost,
        }
    }

    /// The measure of a wire value; `None` for `UNSPECIFIED` or a value this build does not know.
    pub(crate) fn from_wire(value: i32) -> Option<Self> {
        use pb::DisciplineMeasure as M;
        match M::try_from(value).ok()? {
            M::Unspecified => None,
            M::Reprimand => Some(DisciplineMeasure::Reprimand),
            M::Warning => Some(DisciplineMeasure::Warning),
            M::RemovalFromPost => Some(DisciplineMeasure::RemovalFromPost),
        }
    }
}

/// A member's grade for a year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Serialize)]
#[value(rename_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub(crate) enum Grade {
    /// Hoàn thành xuất sắc nhiệm vụ / excellent
    Excellent,
    /// Hoàn thành tốt nhiệm vụ / good
    Good,
    /// Hoàn thành nhiệm vụ / completed duties
    Completed,
    /// Không hoàn thành nhiệm vụ / did not complete duties
    NotCompleted,
}

impl Grade {
    /// The wire value.
    pub(crate) fn to_wire(self) -> pb::Grade {
        match self {
            Grade::Excellent => pb::Grade::Excellent,
            Grade::Good => pb::Grade::Good,
            Grade::Completed => pb::Grade::Completed,
            Grade::NotCompleted => pb::Grade::NotCompleted,
        }
    }

    /// The grade of a wire value; `None` for `UNSPECIFIED` or a value this build does not know.
    pub(crate) fn from_wire(value: i32) -> Option<Self> {
        match pb::Grade::try_from(value).ok()? {
            pb::Grade::Unspecified => None,
            pb::Grade::Excellent => Some(Grade::Excellent),
            pb::Grade::Good => Some(Grade::Good),
            pb::Grade::Completed => Some(Grade::Completed),
            pb::Grade::NotCompleted => Some(Grade::NotCompleted),
        }
    }
}

/// How a member left (output only: exits come from decisions).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum MemberExit {
    StruckOff,
    Expelled,
    Resigned,
    Deceased,
    TransferredOut,
}

impl MemberExit {
    /// The exit of a wire value; `None` while active (`UNSPECIFIED`) or for a value this build
    /// does not know.
    pub(crate) fn from_wire(value: i32) -> Option<Self> {
        use pb::MemberExit as E;
        match E::try_from(value).ok()? {
            E::Unspecified => None,
            E::StruckOff => Some(MemberExit::StruckOff),
            E::Expelled => Some(MemberExit::Expelled),
            E::Resigned => Some(MemberExit::Resigned),
            E::Deceased => Some(MemberExit::Deceased),
            E::TransferredOut => Some(MemberExit::TransferredOut),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every value: the clap name, the serde code and the wire name (without `prefix`) agree, and
    /// it round-trips through the wire.
    fn agree<T>(
        wire: impl Fn(T) -> (i32, &'static str),
        from_wire: impl Fn(i32) -> Option<T>,
        prefix: &str,
    ) where
        T: ValueEnum + Serialize + PartialEq + std::fmt::Debug + Copy,
    {
        for value in T::value_variants() {
            let clap_name = value.to_possible_value().unwrap().get_name().to_owned();
            assert_eq!(serde_json::to_value(value).unwrap(), clap_name);
            let (number, name) = wire(*value);
            assert_eq!(from_wire(number), Some(*value));
            assert_eq!(name.strip_prefix(prefix).unwrap().to_lowercase(), clap_name);
        }
        assert_eq!(from_wire(0), None);
        assert_eq!(from_wire(99), None);
    }

    #[test]
    fn codes_match_clap_serde_and_the_wire() {
        agree(
            |k: TransferKind| (k.to_wire() as i32, k.to_wire().as_str_name()),
            TransferKind::from_wire,
            "TRANSFER_KIND_",
        );
        agree(
            |m: DisciplineMeasure| (m.to_wire() as i32, m.to_wire().as_str_name()),
            DisciplineMeasure::from_wire,
            "DISCIPLINE_MEASURE_",
        );
        agree(
            |g: Grade| (g.to_wire() as i32, g.to_wire().as_str_name()),
            Grade::from_wire,
            "GRADE_",
        );
        for (value, code) in [
            (1, "struck_off"),
            (2, "expelled"),
            (3, "resigned"),
            (4, "deceased"),
            (5, "transferred_out"),
        ] {
            let exit = MemberExit::from_wire(value).unwrap();
            assert_eq!(serde_json::to_value(exit).unwrap(), code);
            let wire = pb::MemberExit::try_from(value).unwrap().as_str_name();
            assert_eq!(
                wire.strip_prefix("MEMBER_EXIT_").unwrap().to_lowercase(),
                code
            );
        }
        assert_eq!(MemberExit::from_wire(0), None);
    }
}
