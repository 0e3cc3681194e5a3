//! A person's value types and their checks: ids, gender, education, national ID number, full name,
//! religion, and the name search key (DESIGN §2, §3).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::{FieldViolation, text};

mod create;
mod record;
#[cfg(test)]
mod tests;

pub use create::{Against, already_exists, id_is_not_the_number, national_id_taken};
pub use record::{CellChange, NewPerson, Person, PersonFilter, PersonUpdate};

/// The longest external id accepted, in characters (as an organisation code).
pub const MAX_EXTERNAL_ID_CHARS: usize = 64;
/// The longest full name accepted, in characters.
pub const MAX_FULL_NAME_CHARS: usize = 200;
/// The longest religion name accepted, in characters.
pub const MAX_RELIGION_CHARS: usize = 100;
/// The longest professional level accepted, in characters.
pub const MAX_PROFESSIONAL_LEVEL_CHARS: usize = 200;

/// The id a department gives a person or a decision (`P000001`, `BHXH-000123`): ASCII letters,
/// digits, `-`, `_`, `.`, at most 64; unique across the deployment and never reused (DESIGN §2).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ExternalId(String);

impl ExternalId {
    /// Checks an id sent in field `field`.
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldViolation> {
        let ok_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
        if raw.is_empty() {
            return Err(FieldViolation::new(
                field,
                "thiếu mã định danh",
                "the external id is missing",
            ));
        }
        if raw.len() > MAX_EXTERNAL_ID_CHARS || !raw.chars().all(ok_char) {
            return Err(FieldViolation::new(
                field,
                format!(
                    "mã định danh \"{raw}\" không hợp lệ: chỉ dùng chữ không dấu, chữ số, '-', '_', '.', tối đa {MAX_EXTERNAL_ID_CHARS} ký tự"
                ),
                format!(
                    "external id \"{raw}\" is not valid: use ASCII letters, digits, '-', '_', '.', at most {MAX_EXTERNAL_ID_CHARS}"
                ),
            ));
        }
        Ok(Self(raw.to_owned()))
    }

    /// A server-assigned id, `dv-<uuid>`, for a caller who gave none.
    pub fn generated() -> Self {
        Self(format!("dv-{}", uuid::Uuid::new_v4()))
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ExternalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A person's gender, as the party records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Male,
    Female,
}

impl Gender {
    /// Every gender.
    pub const ALL: [Gender; 2] = [Gender::Male, Gender::Female];

    /// The stored and sync name (`male`).
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Male => "male",
            Gender::Female => "female",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|g| g.as_str() == s)
    }

    /// The Vietnamese word a clerk reads.
    pub fn label_vi(self) -> &'static str {
        match self {
            Gender::Male => "Nam",
            Gender::Female => "Nữ",
        }
    }
}

/// General education completed; ordered, so a rule can ask for "lower secondary or higher".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Education {
    Primary,
    LowerSecondary,
    UpperSecondary,
}

impl Education {
    /// Every level, lowest first.
    pub const ALL: [Education; 3] = [
        Education::Primary,
        Education::LowerSecondary,
        Education::UpperSecondary,
    ];

    /// The stored and sync name (`lower_secondary`).
    pub fn as_str(self) -> &'static str {
        match self {
            Education::Primary => "primary",
            Education::LowerSecondary => "lower_secondary",
            Education::UpperSecondary => "upper_secondary",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|e| e.as_str() == s)
    }

    /// The Vietnamese name of the level.
    pub fn label_vi(self) -> &'static str {
        match self {
            Education::Primary => "Tiểu học",
            Education::LowerSecondary => "Trung học cơ sở",
            Education::UpperSecondary => "Trung học phổ thông",
        }
    }
}

/// A national ID number: 12 digits (citizen identity card, CCCD) or 9 (old identity card, CMND).
///
/// Sensitive (DESIGN §3, §8): `Debug` and `Display` print no digit, and error messages never
/// repeat the number, so it cannot reach a log line or a metric by accident. Only
/// [`NationalId::expose`] and serde (the string itself, for storage and request fingerprints)
/// reveal it.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct NationalId(String);

impl NationalId {
    /// Checks a number sent in field `field`; only surrounding whitespace is stripped, because a
    /// number with spaces or dots inside was typed from something we cannot trust to be one number.
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldViolation> {
        let number = raw.trim();
        if number.is_empty() {
            return Err(FieldViolation::new(
                field,
                "số CCCD/CMND để trống; nếu không có thì bỏ trường này",
                "the national ID number is empty; omit the field when there is none",
            ));
        }
        if !number.chars().all(|c| c.is_ascii_digit()) {
            return Err(FieldViolation::new(
                field,
                "số CCCD/CMND chỉ gồm chữ số (0–9), không có dấu cách, dấu chấm, gạch nối hay chữ cái",
                "the national ID number must be digits only (0-9): no spaces, dots, dashes or letters",
            ));
        }
        match number.len() {
            9 | 12 => Ok(Self(number.to_owned())),
            n => Err(FieldViolation::new(
                field,
                format!(
                    "số CCCD/CMND có {n} chữ số; cần 12 (căn cước công dân) hoặc 9 (chứng minh nhân dân cũ)"
                ),
                format!(
                    "the national ID number has {n} digits; it needs 12 (citizen identity card) or 9 (old identity card)"
                ),
            )),
        }
    }

    /// Like [`NationalId::parse`], but a blank value means "no number".
    pub fn parse_optional(field: &str, raw: &str) -> Result<Option<Self>, FieldViolation> {
        if raw.trim().is_empty() {
            Ok(None)
        } else {
            Self::parse(field, raw).map(Some)
        }
    }

    /// The number itself, for storage and uniqueness checks only: never log or display it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NationalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NationalId(<redacted>)")
    }
}

impl fmt::Display for NationalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// Serialises as the number itself: storage and idempotency fingerprints need it. This and
/// [`NationalId::expose`] are the only ways the number leaves the type.
impl Serialize for NationalId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// Deserialises the number and checks it as [`NationalId::parse`] does.
impl<'de> Deserialize<'de> for NationalId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Self::parse("national_id", &raw).map_err(|v| serde::de::Error::custom(v.msg.en))
    }
}

/// Checks a full name: NFC, trimmed, runs of whitespace inside collapsed to one space, 1–200
/// characters, no control characters.
pub fn full_name(field: &str, raw: &str) -> Result<String, FieldViolation> {
    // Control characters are refused before collapsing: otherwise a tab or a newline pasted into
    // a name would silently become a space.
    let checked = text::required(field, raw, usize::MAX)?;
    let collapsed = checked.split_whitespace().collect::<Vec<_>>().join(" ");
    text::required(field, &collapsed, MAX_FULL_NAME_CHARS)
}

/// Checks a professional level (free text, e.g. "Cử nhân Kinh tế"): NFC, trimmed, at most 200
/// characters; blank means none.
pub fn professional_level(field: &str, raw: &str) -> Result<Option<String>, FieldViolation> {
    text::optional(field, raw, MAX_PROFESSIONAL_LEVEL_CHARS)
}

/// Values meaning "no religion", as search keys with punctuation removed (see [`none_key`]).
const NO_RELIGION: &[&str] = &[
    "khong",
    "khong co",
    "khong ton giao",
    "khong theo ton giao",
    "khong theo ton giao nao",
    "khong theo dao",
    "khong dao",
    "none",
    "no religion",
    "null",
];

/// The key a religion is compared against [`NO_RELIGION`] with: the search key, letters, digits and
/// spaces only, so "Không." and "không" are the same.
fn none_key(raw: &str) -> String {
    search_key(raw)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Checks a religion: `None` (or a blank value) means no religion; a name is NFC, trimmed,
/// 1–100 characters. A word meaning "none" ("Không", "Không tôn giáo", "none", …) is refused
/// (DESIGN §3): stored as a name it would count the person as a believer.
pub fn religion(field: &str, raw: Option<&str>) -> Result<Option<String>, FieldViolation> {
    let Some(raw) = raw else {
        return Ok(None);
    };
    if raw.trim().is_empty() {
        return Ok(None);
    }
    if NO_RELIGION.contains(&none_key(raw).as_str()) {
        return Err(FieldViolation::new(
            field,
            "không theo tôn giáo thì để trống (null), không ghi \"Không\"",
            "for no religion send null, not a word meaning none",
        ));
    }
    text::required(field, raw, MAX_RELIGION_CHARS).map(Some)
}

/// The name search key (DESIGN §2): lower-cased, NFD with combining marks removed, `đ`/`Đ` → `d`,
/// whitespace runs collapsed to one space and trimmed. "Đặng  Thị Lan" → "dang thi lan".
pub fn search_key(text: &str) -> String {
    // Lower-case first: lower-casing can itself produce combining marks (İ → i + dot above).
    let folded: String = text
        .chars()
        .flat_map(char::to_lowercase)
        .nfd()
        .filter(|&c| !is_combining_mark(c))
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The stored form of a name's key for SQL matching: a space, then [`search_key`]. A word-prefix
/// search is then one `LIKE` on it with the pattern of [`search_like_pattern`].
pub fn search_key_padded(name: &str) -> String {
    format!(" {}", search_key(name))
}

/// Whether `query` finds a name whose [`search_key`] is `key`: the query's words, in order, are
/// consecutive words of the key, the last only as a prefix ("van a" and "nguyen van" find "Nguyễn
/// Văn An"; "dang" finds "Đặng Thị Lan", "an" does not). Words other than the last must be whole:
/// that is what one SQL `LIKE '% van a%'` on [`search_key_padded`] checks, and this function agrees
/// with it exactly:
/// `name_matches(q, &search_key(n)) == search_key_padded(n).contains(&format!(" {}", search_key(q)))`.
/// An empty query matches every name; callers refuse one before searching.
pub fn name_matches(query: &str, key: &str) -> bool {
    let query = search_key(query);
    let words: Vec<&str> = query.split(' ').filter(|w| !w.is_empty()).collect();
    let Some((last, whole)) = words.split_last() else {
        return true;
    };
    let key_words: Vec<&str> = key.split(' ').collect();
    key_words.windows(words.len()).any(|window| {
        window[..whole.len()] == *whole && window.last().is_some_and(|w| w.starts_with(last))
    })
}

/// The SQL `LIKE` pattern finding `query` in a column holding [`search_key_padded`]: `% van a%`,
/// with `\`, `%` and `_` escaped by `\` (the store writes `LIKE ? ESCAPE '\'`).
pub fn search_like_pattern(query: &str) -> String {
    let mut pattern = String::from("% ");
    for c in search_key(query).chars() {
        if matches!(c, '\\' | '%' | '_') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}
