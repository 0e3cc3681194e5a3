//! Party organisations: kinds, sectors, codes, and which kind may sit under which.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Error, FieldViolation, Reason, Result, text};

mod tree;

pub use tree::{Cycle, OrgNode, OrgTree};

/// Whether an organisation valid from `from` to `to` (inclusive; `None` while it exists) exists
/// on `day`.
fn exists_on(from: NaiveDate, to: Option<NaiveDate>, day: NaiveDate) -> bool {
    from <= day && to.is_none_or(|to| day <= to)
}

/// The longest organisation name accepted, in characters.
pub const MAX_NAME_CHARS: usize = 255;
/// The longest organisation code accepted, in characters.
pub const MAX_CODE_CHARS: usize = 64;
/// The longest document number accepted, in characters.
pub const MAX_DOCUMENT_NUMBER_CHARS: usize = 128;

/// The kind of a party organisation (DESIGN §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    Province,
    Bloc,
    GrassrootsCommittee,
    GrassrootsCell,
    PartialCommittee,
    Cell,
}

impl OrgKind {
    /// Every kind, top-down.
    pub const ALL: [OrgKind; 6] = [
        OrgKind::Province,
        OrgKind::Bloc,
        OrgKind::GrassrootsCommittee,
        OrgKind::GrassrootsCell,
        OrgKind::PartialCommittee,
        OrgKind::Cell,
    ];

    /// The stored and sync name (`grassroots_committee`).
    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Province => "province",
            OrgKind::Bloc => "bloc",
            OrgKind::GrassrootsCommittee => "grassroots_committee",
            OrgKind::GrassrootsCell => "grassroots_cell",
            OrgKind::PartialCommittee => "partial_committee",
            OrgKind::Cell => "cell",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The Vietnamese name of the kind, as a clerk says it.
    pub fn label_vi(self) -> &'static str {
        match self {
            OrgKind::Province => "Đảng bộ tỉnh",
            OrgKind::Bloc => "Đảng bộ khối",
            OrgKind::GrassrootsCommittee => "Đảng bộ cơ sở",
            OrgKind::GrassrootsCell => "Chi bộ cơ sở",
            OrgKind::PartialCommittee => "Đảng bộ bộ phận",
            OrgKind::Cell => "Chi bộ trực thuộc",
        }
    }

    /// The English name of the kind.
    pub fn label_en(self) -> &'static str {
        match self {
            OrgKind::Province => "provincial committee",
            OrgKind::Bloc => "bloc committee",
            OrgKind::GrassrootsCommittee => "grassroots committee",
            OrgKind::GrassrootsCell => "grassroots cell",
            OrgKind::PartialCommittee => "partial committee",
            OrgKind::Cell => "cell",
        }
    }

    /// Whether an organisation of this kind may have no parent.
    pub fn may_be_root(self) -> bool {
        matches!(self, OrgKind::Province | OrgKind::Bloc)
    }

    /// The kinds a parent of this kind may have (DESIGN §3).
    pub fn allowed_parents(self) -> &'static [OrgKind] {
        match self {
            OrgKind::Province => &[],
            OrgKind::Bloc => &[OrgKind::Province],
            OrgKind::GrassrootsCommittee | OrgKind::GrassrootsCell => {
                &[OrgKind::Bloc, OrgKind::Province]
            }
            OrgKind::PartialCommittee => &[OrgKind::GrassrootsCommittee],
            OrgKind::Cell => &[OrgKind::GrassrootsCommittee, OrgKind::PartialCommittee],
        }
    }

    /// Refuses (`PARENT_KIND_NOT_ALLOWED`) a parent of the wrong kind, or a missing one.
    pub fn check_parent(self, parent: Option<OrgKind>) -> Result<()> {
        let allowed = match parent {
            None => self.may_be_root(),
            Some(p) => self.allowed_parents().contains(&p),
        };
        if allowed {
            return Ok(());
        }
        let (vi_where, en_where) = self.where_it_sits();
        let (vi_got, en_got) = match parent {
            None => ("không có cấp trên".to_owned(), "no parent".to_owned()),
            Some(p) => (
                format!("cấp trên là {}", p.label_vi()),
                format!("a parent that is a {}", p.label_en()),
            ),
        };
        Err(Error::refused(
            Reason::ParentKindNotAllowed,
            format!("{} {vi_where}, không thể có {vi_got}", self.label_vi()),
            format!("a {} {en_where}; it cannot have {en_got}", self.label_en()),
        ))
    }

    fn where_it_sits(self) -> (&'static str, &'static str) {
        match self {
            OrgKind::Province => ("luôn là cấp cao nhất", "is always a root"),
            OrgKind::Bloc => (
                "là cấp cao nhất hoặc trực thuộc Đảng bộ tỉnh",
                "is a root or sits under a provincial committee",
            ),
            OrgKind::GrassrootsCommittee | OrgKind::GrassrootsCell => (
                "phải trực thuộc Đảng bộ khối hoặc Đảng bộ tỉnh",
                "must sit under a bloc or provincial committee",
            ),
            OrgKind::PartialCommittee => (
                "phải trực thuộc Đảng bộ cơ sở",
                "must sit under a grassroots committee",
            ),
            OrgKind::Cell => (
                "phải trực thuộc Đảng bộ cơ sở hoặc Đảng bộ bộ phận",
                "must sit under a grassroots or partial committee",
            ),
        }
    }
}

/// The sector of the unit an organisation sits in (DESIGN §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sector {
    StateAgency,
    PublicServiceUnit,
    StateEnterprise,
    NonStateEnterprise,
    FdiEnterprise,
    Other,
}

impl Sector {
    /// Every sector.
    pub const ALL: [Sector; 6] = [
        Sector::StateAgency,
        Sector::PublicServiceUnit,
        Sector::StateEnterprise,
        Sector::NonStateEnterprise,
        Sector::FdiEnterprise,
        Sector::Other,
    ];

    /// The stored and sync name (`state_agency`).
    pub fn as_str(self) -> &'static str {
        match self {
            Sector::StateAgency => "state_agency",
            Sector::PublicServiceUnit => "public_service_unit",
            Sector::StateEnterprise => "state_enterprise",
            Sector::NonStateEnterprise => "non_state_enterprise",
            Sector::FdiEnterprise => "fdi_enterprise",
            Sector::Other => "other",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// An organisation code: letters, digits, `-`, `_`, `.`; given by its creator, never reused.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OrgCode(String);

impl OrgCode {
    /// Checks a code sent in field `field`.
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldViolation> {
        let ok_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
        if raw.is_empty() {
            return Err(FieldViolation::new(
                field,
                "thiếu mã tổ chức",
                "the organization code is missing",
            ));
        }
        if raw.len() > MAX_CODE_CHARS || !raw.chars().all(ok_char) {
            return Err(FieldViolation::new(
                field,
                format!(
                    "mã \"{raw}\" không hợp lệ: chỉ dùng chữ không dấu, chữ số, '-', '_', '.', tối đa {MAX_CODE_CHARS} ký tự"
                ),
                format!(
                    "code \"{raw}\" is not valid: use ASCII letters, digits, '-', '_', '.', at most {MAX_CODE_CHARS}"
                ),
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    /// A server-assigned code, `dv-<uuid>`, for a caller who gave none.
    pub fn generated() -> Self {
        Self(format!("dv-{}", uuid::Uuid::new_v4()))
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for OrgCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Checks an organisation's Vietnamese name: NFC, trimmed, 1–255 characters.
pub fn display_name(field: &str, raw: &str) -> Result<String, FieldViolation> {
    text::required(field, raw, MAX_NAME_CHARS)
}

/// Checks an optional document number.
pub fn document_number(field: &str, raw: &str) -> Result<Option<String>, FieldViolation> {
    text::optional(field, raw, MAX_DOCUMENT_NUMBER_CHARS)
}

/// An organisation as the API shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organization {
    pub code: OrgCode,
    pub display_name: String,
    pub kind: OrgKind,
    pub sector: Sector,
    /// The parent on the day the organisation is looked at; `None` for a root.
    pub parent: Option<OrgCode>,
    pub valid_from: NaiveDate,
    /// Inclusive last day; `None` while live.
    pub valid_to: Option<NaiveDate>,
    /// Bumped on every change; the etag is derived from it.
    pub version: i64,
}

impl Organization {
    /// Refuses (`NOT_A_CELL`) an organisation persons cannot belong to: only a `CELL` or a
    /// `GRASSROOTS_CELL` holds persons (DESIGN §3).
    pub fn check_holds_persons(&self) -> Result<()> {
        match self.kind {
            OrgKind::Cell | OrgKind::GrassrootsCell => Ok(()),
            OrgKind::Province
            | OrgKind::Bloc
            | OrgKind::GrassrootsCommittee
            | OrgKind::PartialCommittee => Err(Error::refused(
                Reason::NotACell,
                format!(
                    "{} là {}, không phải chi bộ: người chỉ sinh hoạt ở chi bộ trực thuộc hoặc chi bộ cơ sở",
                    self.code,
                    self.kind.label_vi()
                ),
                format!(
                    "{} is a {}, not a cell: persons belong to a CELL or a GRASSROOTS_CELL",
                    self.code,
                    self.kind.label_en()
                ),
            )),
        }
    }

    /// Whether the organisation exists on `day`.
    pub fn valid_on(&self, day: NaiveDate) -> bool {
        exists_on(self.valid_from, self.valid_to, day)
    }

    /// Refuses (`ORG_NOT_VALID_ON_DATE`) a date on which the organisation does not exist.
    pub fn check_valid_on(&self, date: NaiveDate) -> Result<()> {
        if self.valid_on(date) {
            return Ok(());
        }
        Err(Error::refused(
            Reason::OrgNotValidOnDate,
            format!(
                "Tổ chức {} không tồn tại vào ngày {date} ({})",
                self.code,
                self.life_vi()
            ),
            format!(
                "organization {} does not exist on {date} ({})",
                self.code,
                self.life_en()
            ),
        ))
    }

    /// Refuses what a person recorded in this organisation from `since` would break: it must
    /// hold persons and exist on `since` and on `today`. Without `since` the person is in it
    /// from its own `valid_from` (no earlier cell is known); returns the day they are in it from.
    pub fn check_holds_person(
        &self,
        since: Option<NaiveDate>,
        today: NaiveDate,
    ) -> Result<NaiveDate> {
        self.check_holds_persons()?;
        let since = since.unwrap_or(self.valid_from);
        self.check_valid_on(since)?;
        self.check_valid_on(today)?;
        Ok(since)
    }

    /// When it exists, in Vietnamese.
    pub fn life_vi(&self) -> String {
        match self.valid_to {
            Some(to) => format!("hiệu lực từ {} đến {to}", self.valid_from),
            None => format!("hiệu lực từ {}", self.valid_from),
        }
    }

    /// When it exists, in English.
    pub fn life_en(&self) -> String {
        match self.valid_to {
            Some(to) => format!("valid from {} to {to}", self.valid_from),
            None => format!("valid from {}", self.valid_from),
        }
    }

    /// The etag clients send back: opaque to them, a version to us.
    pub fn etag(&self) -> String {
        etag_of(self.version)
    }
}

/// The etag of a version.
pub fn etag_of(version: i64) -> String {
    format!("\"{version}\"")
}

/// A new organisation, validated field by field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NewOrganization {
    /// `None`: the server assigns `dv-<uuid>`.
    pub code: Option<OrgCode>,
    pub display_name: String,
    pub kind: OrgKind,
    pub sector: Sector,
    pub parent: Option<OrgCode>,
    /// `None`: today.
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
}

/// A change of name and/or sector.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OrganizationUpdate {
    pub code: OrgCode,
    pub display_name: Option<String>,
    pub sector: Option<Sector>,
    pub etag: Option<String>,
}

/// The deciding document of a restructuring event.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct EventDocument {
    pub number: Option<String>,
    pub body: Option<OrgCode>,
}

/// A dated move of an organisation, with its subtree, under a new parent.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Move {
    pub code: OrgCode,
    /// `None`: becomes a root.
    pub new_parent: Option<OrgCode>,
    pub date: NaiveDate,
    pub document: EventDocument,
    pub etag: Option<String>,
}

/// A dated merge of an organisation into a survivor of the same kind (DESIGN §3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Merge {
    /// The organisation that ends.
    pub code: OrgCode,
    /// The survivor.
    pub into: OrgCode,
    /// The first day the survivor holds what was the organisation's.
    pub date: NaiveDate,
    pub document: EventDocument,
    /// The merged organisation's etag.
    pub etag: Option<String>,
}

/// A dated dissolution.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Dissolve {
    pub code: OrgCode,
    pub date: NaiveDate,
    pub document: EventDocument,
    pub etag: Option<String>,
}

/// Which organisations a list shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OrgFilter {
    pub kind: Option<OrgKind>,
    /// `Some(None)`: roots only; `Some(Some(code))`: direct children of `code`.
    pub parent: Option<Option<OrgCode>>,
    /// `code` and everything under it on the day listed.
    pub ancestor: Option<OrgCode>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_follow_the_charter_tree() {
        use OrgKind::*;
        let ok = [
            (Province, None),
            (Bloc, None),
            (Bloc, Some(Province)),
            (GrassrootsCommittee, Some(Bloc)),
            (GrassrootsCommittee, Some(Province)),
            (GrassrootsCell, Some(Bloc)),
            (GrassrootsCell, Some(Province)),
            (PartialCommittee, Some(GrassrootsCommittee)),
            (Cell, Some(GrassrootsCommittee)),
            (Cell, Some(PartialCommittee)),
        ];
        for child in OrgKind::ALL {
            for parent in std::iter::once(None).chain(OrgKind::ALL.map(Some)) {
                let expected = ok.contains(&(child, parent));
                let got = child.check_parent(parent);
                assert_eq!(got.is_ok(), expected, "{child:?} under {parent:?}: {got:?}");
                if let Err(e) = got {
                    assert_eq!(e.reason(), Reason::ParentKindNotAllowed);
                }
            }
        }
    }

    #[test]
    fn codes_are_checked() {
        assert!(OrgCode::parse("f", "BHXH-000123").is_ok());
        assert!(OrgCode::parse("f", "cb.01_a").is_ok());
        assert!(OrgCode::parse("f", "").is_err());
        assert!(OrgCode::parse("f", "CB 01").is_err());
        assert!(OrgCode::parse("f", "CBĐ").is_err());
        assert!(OrgCode::parse("f", &"A".repeat(65)).is_err());
        assert!(OrgCode::generated().as_str().starts_with("dv-"));
    }

    #[test]
    fn names_round_trip() {
        for k in OrgKind::ALL {
            assert_eq!(OrgKind::parse(k.as_str()), Some(k));
        }
        for s in Sector::ALL {
            assert_eq!(Sector::parse(s.as_str()), Some(s));
        }
    }
}
