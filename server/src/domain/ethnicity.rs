//! The 54 ethnic groups of Vietnam (General Statistics Office, 1979), shipped as data
//! (`data/ethnicities.json`), and how a name sent by a caller is matched to one of them (DESIGN §3).

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::FieldViolation;
use super::person::search_key;

#[cfg(test)]
mod tests;

/// How many groups the official list has.
pub const COUNT: usize = 54;

/// One of the 54 official ethnic groups. Ordered by the list's code (Kinh first); serialised as
/// the official name, and deserialised through [`Ethnicity::parse`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Ethnicity(u8);

impl Ethnicity {
    /// Matches a name sent in field `field` to its group: the official name or a common
    /// alternative (`Khmer` → `Khơ-me`, `H'Mông` → `Mông`), compared without diacritics, case,
    /// spaces, hyphens or apostrophes, and with a leading "dân tộc" or "người" ignored.
    pub fn parse(field: &str, raw: &str) -> Result<Self, FieldViolation> {
        if raw.trim().is_empty() {
            return Err(FieldViolation::new(
                field,
                "thiếu dân tộc",
                "the ethnicity is missing",
            ));
        }
        // The refusal does not repeat the value: ethnic origin is sensitive personal data, and
        // refusals can reach the logs.
        table()
            .by_key
            .get(&match_key(raw))
            .map(|&index| Ethnicity(index))
            .ok_or_else(|| {
                FieldViolation::new(
                    field,
                    "tên dân tộc không có trong danh mục 54 dân tộc Việt Nam của Tổng cục Thống kê; hãy ghi tên chính thức, ví dụ Kinh, Tày, Khơ-me, Mông",
                    "not one of the 54 ethnic groups of the General Statistics Office list; send the official name, e.g. Kinh, Tày, Khơ-me, Mông",
                )
            })
    }

    /// The official name, as the list writes it (`Khơ-me`).
    pub fn name(self) -> &'static str {
        &table().groups[usize::from(self.0)].name
    }

    /// The two-digit code of the 1979 list (`01` for Kinh).
    pub fn code(self) -> &'static str {
        &table().groups[usize::from(self.0)].code
    }

    /// Whether this is the Kinh majority; every other group is an ethnic minority in the reports.
    pub fn is_kinh(self) -> bool {
        self.0 == KINH
    }

    /// Every group, in the list's order.
    pub fn all() -> impl Iterator<Item = Ethnicity> {
        (0..table().groups.len()).filter_map(|i| u8::try_from(i).ok().map(Ethnicity))
    }
}

impl fmt::Display for Ethnicity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Debug for Ethnicity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Ethnicity").field(&self.name()).finish()
    }
}

/// Serialises as the official name.
impl Serialize for Ethnicity {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

/// Deserialises a name as [`Ethnicity::parse`] matches it.
impl<'de> Deserialize<'de> for Ethnicity {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(deserializer)?;
        Self::parse("ethnicity", &raw).map_err(|v| serde::de::Error::custom(v.msg.en))
    }
}

/// Kinh's place in the list; checked against the data by [`Table::from_json`].
const KINH: u8 = 0;

/// One group of the data file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Group {
    code: String,
    name: String,
    aliases: Vec<String>,
}

/// The data file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[allow(dead_code)]
    source: String,
    groups: Vec<Group>,
}

/// The groups, and every official name and alias by its match key.
#[derive(Debug)]
struct Table {
    groups: Vec<Group>,
    by_key: HashMap<String, u8>,
}

impl Table {
    /// Reads the data file, refusing anything but 54 groups with distinct codes, Kinh first, and
    /// names and aliases that each match exactly one group, once.
    fn from_json(text: &str) -> Result<Table, String> {
        let file: File = serde_json::from_str(text).map_err(|e| format!("ethnicities: {e}"))?;
        let groups = file.groups;
        if groups.len() != COUNT {
            return Err(format!("ethnicities: {} groups, not {COUNT}", groups.len()));
        }
        if groups.first().is_none_or(|g| g.name != "Kinh") {
            return Err("ethnicities: Kinh is not first".to_owned());
        }
        let mut by_key: HashMap<String, u8> = HashMap::new();
        let mut codes = Vec::new();
        for (index, group) in groups.iter().enumerate() {
            let index = u8::try_from(index).map_err(|e| format!("ethnicities: {e}"))?;
            if codes.contains(&group.code.as_str()) {
                return Err(format!("ethnicities: code {} twice", group.code));
            }
            codes.push(group.code.as_str());
            for spelling in std::iter::once(&group.name).chain(&group.aliases) {
                let key = match_key(spelling);
                if key.is_empty() {
                    return Err(format!("ethnicities: \"{spelling}\" has an empty key"));
                }
                if let Some(&other) = by_key.get(&key) {
                    return Err(format!(
                        "ethnicities: \"{spelling}\" ({}) matches \"{}\" already",
                        group.name,
                        groups[usize::from(other)].name
                    ));
                }
                by_key.insert(key, index);
            }
        }
        Ok(Table { groups, by_key })
    }
}

/// The shipped list, read once.
fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    // The shipped file is read by a test, so a failure here is a build defect.
    #[allow(clippy::expect_used)]
    TABLE.get_or_init(|| {
        Table::from_json(include_str!("../../data/ethnicities.json"))
            .expect("the shipped ethnicities are valid")
    })
}

/// The key names are matched by: the search key without a leading "dân tộc" or "người", letters
/// and digits only, so "Khơ Me", "khơ-me" and "KHƠME" are one key, and "H'Mông" is "Hmông".
fn match_key(raw: &str) -> String {
    let key = search_key(raw);
    let key = ["dan toc ", "nguoi "]
        .into_iter()
        .find_map(|prefix| key.strip_prefix(prefix))
        .unwrap_or(&key);
    key.chars().filter(|c| c.is_alphanumeric()).collect()
}
