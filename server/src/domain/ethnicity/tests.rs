use std::collections::HashSet;

use super::*;

const SHIPPED: &str = include_str!("../../../data/ethnicities.json");

fn parse(raw: &str) -> Ethnicity {
    Ethnicity::parse("f", raw).unwrap_or_else(|e| panic!("{raw}: {e:?}"))
}

#[test]
fn the_shipped_list_is_valid() {
    Table::from_json(SHIPPED).unwrap();
}

#[test]
fn exactly_54_distinct_official_names_and_codes() {
    let all: Vec<Ethnicity> = Ethnicity::all().collect();
    assert_eq!(all.len(), 54);
    let names: HashSet<&str> = all.iter().map(|e| e.name()).collect();
    assert_eq!(names.len(), 54);
    let codes: Vec<&str> = all.iter().map(|e| e.code()).collect();
    let expected: Vec<String> = (1..=54).map(|i| format!("{i:02}")).collect();
    assert_eq!(codes, expected);
    // Names are stored as NFC, like every text.
    for name in names {
        assert_eq!(crate::domain::text::required("f", name, 50).unwrap(), name);
    }
}

#[test]
fn official_names_resolve_to_themselves() {
    for e in Ethnicity::all() {
        assert_eq!(parse(e.name()), e);
        assert_eq!(parse(&e.name().to_uppercase()), e);
        assert_eq!(e.to_string(), e.name());
    }
}

#[test]
fn every_alias_resolves_to_its_group() {
    let file: File = serde_json::from_str(SHIPPED).unwrap();
    let mut aliases = 0;
    for group in &file.groups {
        for alias in &group.aliases {
            assert_eq!(parse(alias).name(), group.name, "{alias}");
            aliases += 1;
        }
    }
    assert!(aliases > 40, "{aliases}");
}

#[test]
fn common_spellings_find_the_official_name() {
    for (raw, official) in [
        ("Khmer", "Khơ-me"),
        ("Khơ Me", "Khơ-me"),
        ("Khơme", "Khơ-me"),
        ("khơ-me", "Khơ-me"),
        ("H'Mông", "Mông"),
        ("H’Mông", "Mông"),
        ("Hmông", "Mông"),
        ("HMông", "Mông"),
        ("Hmong", "Mông"),
        ("Mèo", "Mông"),
        ("kinh", "Kinh"),
        ("  KINH ", "Kinh"),
        ("Việt", "Kinh"),
        ("dân tộc Kinh", "Kinh"),
        ("Người Tày", "Tày"),
        ("Ê Đê", "Ê-đê"),
        ("Êđê", "Ê-đê"),
        ("Rhade", "Ê-đê"),
        ("Gia Rai", "Gia-rai"),
        ("Jrai", "Gia-rai"),
        ("J'rai", "Gia-rai"),
        ("Ba Na", "Ba-na"),
        ("Bahnar", "Ba-na"),
        ("Chàm", "Chăm"),
        ("Bru Vân Kiều", "Bru-Vân Kiều"),
        ("Vân Kiều", "Bru-Vân Kiều"),
        ("M'Nông", "Mnông"),
        ("Stiêng", "Xtiêng"),
        ("Giẻ-Triêng", "Gié-Triêng"),
        ("Cờ Lao", "Cơ Lao"),
        ("Ơ-đu", "Ơ Đu"),
        ("Tà Ôi", "Tà-ôi"),
        ("La Chi", "La Chí"),
        // NFD input.
        ("Kho\u{31b}-me", "Khơ-me"),
    ] {
        assert_eq!(parse(raw).name(), official, "{raw}");
    }
}

#[test]
fn unknown_names_are_refused() {
    for raw in [
        "Klingon",
        "Kin",
        "Người",
        "dân tộc",
        "Thái Lan",
        "Việt Nam",
        "01",
    ] {
        let err = Ethnicity::parse("person.ethnicity", raw).unwrap_err();
        assert_eq!(err.field, "person.ethnicity");
        assert!(err.msg.vi.contains("54 dân tộc"), "{err:?}");
        assert!(err.msg.en.contains("54"), "{err:?}");
    }
    let err = Ethnicity::parse("f", "  ").unwrap_err();
    assert!(err.msg.en.contains("missing"), "{err:?}");
}

#[test]
fn kinh_is_the_majority() {
    assert!(parse("Kinh").is_kinh());
    assert_eq!(Ethnicity::all().filter(|e| e.is_kinh()).count(), 1);
    assert_eq!(Ethnicity::all().next().map(Ethnicity::name), Some("Kinh"));
}

#[test]
fn serde_uses_the_official_name() {
    let e = parse("Khmer");
    assert_eq!(serde_json::to_string(&e).unwrap(), "\"Khơ-me\"");
    let back: Ethnicity = serde_json::from_str("\"Khơ-me\"").unwrap();
    assert_eq!(back, e);
    let alias: Ethnicity = serde_json::from_str("\"H'Mông\"").unwrap();
    assert_eq!(alias.name(), "Mông");
    assert!(serde_json::from_str::<Ethnicity>("\"Klingon\"").is_err());
    assert_eq!(format!("{e:?}"), "Ethnicity(\"Khơ-me\")");
}

/// An alias that would match two groups (or repeat its own group's key) is a data defect,
/// refused when the file is read.
#[test]
fn no_alias_matches_two_groups() {
    let with_groups = |groups: &[(&str, &str, &[&str])]| {
        let mut file: serde_json::Value = serde_json::from_str(SHIPPED).unwrap();
        let list = file["groups"].as_array_mut().unwrap();
        for &(code, name, aliases) in groups {
            let g = list.iter_mut().find(|g| g["code"] == code).unwrap();
            g["name"] = name.into();
            g["aliases"] = aliases.to_vec().into();
        }
        Table::from_json(&file.to_string())
    };
    let err = with_groups(&[("02", "Tày", &["Thổ"])]).unwrap_err();
    assert!(err.contains("Thổ"), "{err}");
    let err = with_groups(&[("05", "Khơ-me", &["Khơ Me"])]).unwrap_err();
    assert!(err.contains("Khơ Me"), "{err}");
    let err = with_groups(&[("03", "Tày", &[])]).unwrap_err();
    assert!(err.contains("Tày"), "{err}");
    // The shipped file, checked the same way by hand.
    let file: File = serde_json::from_str(SHIPPED).unwrap();
    let mut seen: HashMap<String, &str> = HashMap::new();
    for group in &file.groups {
        for spelling in std::iter::once(&group.name).chain(&group.aliases) {
            if let Some(other) = seen.insert(match_key(spelling), &group.name) {
                panic!("{spelling} of {} also matches {other}", group.name);
            }
        }
    }
}

#[test]
fn the_list_is_checked_when_read() {
    assert!(Table::from_json("{}").is_err());
    let mut file: serde_json::Value = serde_json::from_str(SHIPPED).unwrap();
    file["groups"].as_array_mut().unwrap().pop();
    let err = Table::from_json(&file.to_string()).unwrap_err();
    assert!(err.contains("53"), "{err}");
}
