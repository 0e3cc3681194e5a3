use super::*;

#[test]
fn external_ids_are_checked_like_org_codes() {
    assert_eq!(
        ExternalId::parse("f", "P000001").unwrap().as_str(),
        "P000001"
    );
    assert!(ExternalId::parse("f", "BHXH-000123").is_ok());
    assert!(ExternalId::parse("f", "a.b_c-1").is_ok());
    assert!(ExternalId::parse("f", &"A".repeat(64)).is_ok());
    assert!(ExternalId::parse("f", &"A".repeat(65)).is_err());
    assert!(ExternalId::parse("f", "").is_err());
    assert!(ExternalId::parse("f", "P 1").is_err());
    assert!(ExternalId::parse("f", "ĐV1").is_err());
    let err = ExternalId::parse("person.external_id", "x/y").unwrap_err();
    assert_eq!(err.field, "person.external_id");

    let generated = ExternalId::generated();
    assert!(generated.as_str().starts_with("dv-"), "{generated}");
    assert!(ExternalId::parse("f", generated.as_str()).is_ok());
    assert_ne!(generated, ExternalId::generated());
    assert_eq!(
        serde_json::to_string(&ExternalId::parse("f", "P1").unwrap()).unwrap(),
        "\"P1\""
    );
    assert_eq!(generated.to_string(), generated.as_str());
}

#[test]
fn enums_round_trip_and_order() {
    for g in Gender::ALL {
        assert_eq!(Gender::parse(g.as_str()), Some(g));
        assert_eq!(
            serde_json::to_string(&g).unwrap(),
            format!("\"{}\"", g.as_str())
        );
    }
    for e in Education::ALL {
        assert_eq!(Education::parse(e.as_str()), Some(e));
        assert_eq!(
            serde_json::to_string(&e).unwrap(),
            format!("\"{}\"", e.as_str())
        );
    }
    assert_eq!(Gender::parse("Male"), None);
    assert_eq!(Education::parse("secondary"), None);
    assert_eq!(Gender::Female.label_vi(), "Nữ");
    assert_eq!(Education::LowerSecondary.label_vi(), "Trung học cơ sở");
    assert!(Education::Primary < Education::LowerSecondary);
    assert!(Education::LowerSecondary < Education::UpperSecondary);
    assert!(Education::UpperSecondary >= Education::LowerSecondary);
}

#[test]
fn national_ids_are_12_or_9_digits() {
    assert_eq!(
        NationalId::parse("f", "001204012345").unwrap().expose(),
        "001204012345"
    );
    assert_eq!(
        NationalId::parse("f", " 123456789\n").unwrap().expose(),
        "123456789"
    );
    for bad in [
        "",
        "  ",
        "12345678",
        "1234567890",
        "0012040123456",
        "001 204 012 345",
        "001.204.012.345",
        "00120401234A",
        "０01204012345",
    ] {
        assert!(NationalId::parse("f", bad).is_err(), "{bad:?}");
    }
    assert_eq!(NationalId::parse_optional("f", " ").unwrap(), None);
    assert!(NationalId::parse_optional("f", "123").is_err());
    assert!(
        NationalId::parse_optional("f", "123456789")
            .unwrap()
            .is_some()
    );
}

#[test]
fn national_ids_never_print_their_digits() {
    let id = NationalId::parse("f", "001204012345").unwrap();
    let shown = [
        format!("{id:?}"),
        format!("{id}"),
        format!("{:?}", Some(&id)),
    ];
    for text in shown {
        assert!(!text.chars().any(|c| c.is_ascii_digit()), "{text}");
    }
    assert_eq!(format!("{id:?}"), "NationalId(<redacted>)");
    // Refusals do not repeat the number either (they may be logged).
    for bad in ["00120401234", "0012040123x5", "001204 012345"] {
        let err = NationalId::parse("f", bad).unwrap_err();
        for text in [&err.msg.vi, &err.msg.en] {
            assert!(!text.contains("0012040"), "{text}");
            assert!(!text.contains("012345"), "{text}");
        }
    }
}

#[test]
fn national_ids_serialise_as_the_number_and_deserialise_checked() {
    let id = NationalId::parse("f", "001204012345").unwrap();
    assert_eq!(serde_json::to_string(&id).unwrap(), "\"001204012345\"");
    let back: NationalId = serde_json::from_str("\"001204012345\"").unwrap();
    assert_eq!(back, id);
    assert!(serde_json::from_str::<NationalId>("\"12345\"").is_err());
}

#[test]
fn full_names_are_normalised() {
    assert_eq!(
        full_name("f", "  Nguyễn   Văn\u{a0}A ").unwrap(),
        "Nguyễn Văn A"
    );
    // NFD in, NFC out.
    let nfd = "Nguye\u{302}\u{303}n Va\u{306}n A";
    assert_eq!(full_name("f", nfd).unwrap(), "Nguyễn Văn A");
    assert!(full_name("f", "   ").is_err());
    assert!(full_name("f", "Nguyễn\tVăn A").is_err());
    assert!(full_name("f", "Nguyễn\nVăn A").is_err());
    assert!(full_name("f", "Nguyễn\u{7}A").is_err());
    assert!(full_name("f", &"Đ".repeat(200)).is_ok());
    assert!(full_name("f", &"Đ".repeat(201)).is_err());
    // The limit counts the collapsed name.
    let spaced = format!("{}    {}", "a".repeat(100), "b".repeat(99));
    assert_eq!(full_name("f", &spaced).unwrap().chars().count(), 200);
}

#[test]
fn religion_is_a_name_or_null() {
    assert_eq!(religion("f", None).unwrap(), None);
    assert_eq!(religion("f", Some("  ")).unwrap(), None);
    assert_eq!(
        religion("f", Some(" Phật giáo ")).unwrap().as_deref(),
        Some("Phật giáo")
    );
    assert_eq!(
        religion("f", Some("Công giáo")).unwrap().as_deref(),
        Some("Công giáo")
    );
    for none in [
        "Không",
        "không",
        "KHÔNG",
        "Khong",
        "Không.",
        "none",
        "None",
        "không có",
        "Không tôn giáo",
        "Không theo tôn giáo nào",
        "null",
    ] {
        let err = religion("person.religion", Some(none)).unwrap_err();
        assert_eq!(err.field, "person.religion");
        assert!(err.msg.en.contains("null"), "{none}: {err:?}");
        assert!(err.msg.vi.contains("null"), "{none}: {err:?}");
    }
    assert!(religion("f", Some(&"a".repeat(101))).is_err());
    assert!(religion("f", Some(&"a".repeat(100))).is_ok());
}

#[test]
fn search_keys_fold_marks_case_and_d() {
    assert_eq!(search_key("Nguyễn Văn A"), "nguyen van a");
    assert_eq!(search_key("  ĐẶNG   thị\tLan "), "dang thi lan");
    assert_eq!(search_key("Đặng"), "dang");
    assert_eq!(search_key("Nguye\u{302}\u{303}n"), search_key("Nguyễn"));
    assert_eq!(search_key("Ơ Đu"), "o du");
    assert_eq!(search_key(""), "");
    assert_eq!(search_key_padded("Đặng Thị Lan"), " dang thi lan");
}

#[test]
fn names_match_by_word_prefix() {
    let a = search_key("Nguyễn Văn A");
    for q in [
        "nguyen van a",
        "NGUYEN",
        "van a",
        "Nguyễn Văn",
        "nguy",
        "văn",
        "a",
        "Nguyen   Van",
    ] {
        assert!(name_matches(q, &a), "{q}");
    }
    for q in [
        "nguyen a",
        "van nguyen",
        "guyen",
        "nguy van",
        "nguyen van an",
    ] {
        assert!(!name_matches(q, &a), "{q}");
    }
    let lan = search_key("Đặng Thị Lan");
    for q in ["dang", "đặng", "ĐẶNG", "lan", "thi l", "Đặng Thị Lan"] {
        assert!(name_matches(q, &lan), "{q}");
    }
    assert!(!name_matches("an", &lan));
    assert!(!name_matches("hi", &lan));
    assert!(name_matches("van a", &search_key("Nguyễn Văn An")));
    // NFD input is the same as NFC input, on either side.
    let nfd = "\u{110}a\u{323}\u{302}ng Thi\u{323} Lan";
    assert_eq!(search_key(nfd), lan);
    assert!(name_matches(nfd, &lan));
}

#[test]
fn matching_agrees_with_the_padded_like_form() {
    let names = [
        "Nguyễn Văn A",
        "Nguyễn Văn An",
        "Đặng Thị Lan",
        "Lê  Thị   Hồng Nhung",
        "Trần Đức Anh",
        "Vi Văn Hà",
        "A",
        "Hà Văn Anh Anh",
    ];
    let queries = [
        "",
        " ",
        "nguyen",
        "nguyen van a",
        "van a",
        "van an",
        "an",
        "a",
        "dang",
        "đặng thi",
        "thi lan",
        "hong nh",
        "le thi hong nhung",
        "le hong",
        "duc",
        "tran duc anh x",
        "anh anh",
        "ha van",
        "anh a",
        "x",
    ];
    for name in names {
        let key = search_key(name);
        let padded = search_key_padded(name);
        for query in queries {
            let like = padded.contains(&format!(" {}", search_key(query)));
            assert_eq!(name_matches(query, &key), like, "{name:?} / {query:?}");
        }
    }
}

#[test]
fn like_patterns_pad_and_escape() {
    assert_eq!(search_like_pattern("Văn A"), "% van a%");
    assert_eq!(search_like_pattern("50%_\\"), "% 50\\%\\_\\\\%");
}

#[test]
fn an_update_that_clears_a_field_fingerprints_apart_from_one_that_leaves_it() {
    let leave = PersonUpdate {
        external_id: ExternalId::parse("f", "P1").unwrap(),
        full_name: None,
        gender: None,
        birth_date: None,
        ethnicity: None,
        religion: None,
        education: None,
        professional_level: None,
        hardship_exception: None,
        youth_union: None,
        trade_union: None,
        national_id: None,
        cell: None,
        etag: None,
    };
    let clear = PersonUpdate {
        religion: Some(None),
        ..leave.clone()
    };
    assert_ne!(
        serde_json::to_string(&leave).unwrap(),
        serde_json::to_string(&clear).unwrap()
    );
    assert_eq!(
        serde_json::to_string(&leave).unwrap(),
        r#"{"external_id":"P1"}"#
    );
}

#[test]
fn professional_levels_are_trimmed_nfc_and_optional() {
    assert_eq!(professional_level("f", "  ").unwrap(), None);
    assert_eq!(
        professional_level("f", " Cu\u{309} nhân ")
            .unwrap()
            .as_deref(),
        Some("Củ nhân")
    );
    assert!(professional_level("f", &"x".repeat(MAX_PROFESSIONAL_LEVEL_CHARS + 1)).is_err());
}
