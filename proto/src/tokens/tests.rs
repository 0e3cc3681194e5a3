//! The tokens file: what is stored, what is refused, and how it is written.

use super::*;

const NOW: &str = "2026-12-07T12:00:00Z";
const LATER: &str = "2026-12-08T08:30:00Z";

fn temp_path() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tokens.json");
    (dir, path)
}

#[test]
fn roles_are_spelled_one_way() {
    for role in Role::ALL {
        assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        assert_eq!(role.to_string(), role.as_str());
        assert_eq!(
            serde_json::to_string(&role).unwrap(),
            format!("\"{}\"", role.as_str())
        );
    }
    let err = "Admin".parse::<Role>().unwrap_err();
    assert!(err.contains("admin, clerk, reader or sync"), "{err}");
}

#[test]
fn a_written_file_reads_back_the_same() {
    let (_dir, path) = temp_path();
    let mut file = TokensFile::read_or_empty(&path).unwrap();
    assert_eq!(file, TokensFile::default());
    file.create_token("an.admin", Role::Admin, None, NOW)
        .unwrap();
    file.create_token("clerk-1", Role::Clerk, Some("CB01"), NOW)
        .unwrap();
    file.add_certificate("nightly", Role::Sync, None, "sync.example.vn", NOW)
        .unwrap();
    file.revoke("clerk-1", LATER).unwrap();
    file.write(&path).unwrap();
    assert_eq!(TokensFile::read(&path).unwrap(), file);
    assert_eq!(TokensFile::read_or_empty(&path).unwrap(), file);
    let text = fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("{\n  \"principals\": ["), "{text}");
    assert!(text.ends_with("]\n}\n"), "{text}");
    // Unset options are left out, not written as null.
    assert!(!text.contains("null"), "{text}");
}

#[test]
fn only_the_hash_of_a_secret_is_stored() {
    let (_dir, path) = temp_path();
    let mut file = TokensFile::default();
    let secret = file
        .create_token("reader", Role::Reader, None, NOW)
        .unwrap();
    assert!(secret.starts_with("dvt_"), "{secret}");
    // 32 bytes in base64url without padding.
    assert_eq!(secret.len(), 4 + 43, "{secret}");
    assert!(
        secret[4..]
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    );
    file.write(&path).unwrap();
    let text = fs::read_to_string(&path).unwrap();
    assert!(!text.contains(&secret), "{text}");
    assert!(!text.contains(&secret[4..]), "{text}");
    assert!(text.contains(&hash_secret(&secret)), "{text}");
    assert_eq!(
        TokensFile::read(&path)
            .unwrap()
            .find_token(&secret)
            .unwrap()
            .name,
        "reader"
    );
}

#[test]
fn secrets_differ_and_hashes_are_lowercase_hex() {
    assert_ne!(generate_secret(), generate_secret());
    assert_eq!(
        hash_secret("abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[test]
fn a_name_is_used_once_revoked_or_not() {
    let mut file = TokensFile::default();
    file.create_token("clerk", Role::Clerk, None, NOW).unwrap();
    assert!(matches!(
        file.create_token("clerk", Role::Reader, None, NOW),
        Err(TokensError::DuplicateName(n)) if n == "clerk"
    ));
    file.revoke("clerk", LATER).unwrap();
    assert!(matches!(
        file.add_certificate("clerk", Role::Clerk, None, "x.example.vn", NOW),
        Err(TokensError::DuplicateName(_))
    ));
    assert_eq!(file.principals.len(), 1);
}

#[test]
fn names_and_scopes_are_checked() {
    let mut file = TokensFile::default();
    let long = "a".repeat(65);
    for bad in ["", "has space", "chữ", "a/b", long.as_str()] {
        let err = file.create_token(bad, Role::Clerk, None, NOW).unwrap_err();
        assert!(matches!(err, TokensError::InvalidName(_)), "{bad}: {err}");
        assert!(err.to_string().contains("1 to 64 characters"), "{err}");
    }
    file.create_token(&"a".repeat(64), Role::Clerk, None, NOW)
        .unwrap();
    assert!(matches!(
        file.create_token("x", Role::Clerk, Some(""), NOW),
        Err(TokensError::Malformed(_))
    ));
    assert!(matches!(
        file.add_certificate("y", Role::Sync, None, "bad san", NOW),
        Err(TokensError::Malformed(_))
    ));
}

#[test]
fn a_certificate_san_names_one_active_principal() {
    let mut file = TokensFile::default();
    file.add_certificate("old", Role::Sync, None, "sync.example.vn", NOW)
        .unwrap();
    let err = file
        .add_certificate("new", Role::Sync, None, "sync.example.vn", NOW)
        .unwrap_err();
    assert!(err.to_string().contains("revoke it first"), "{err}");
    file.revoke("old", LATER).unwrap();
    file.add_certificate("new", Role::Sync, None, "sync.example.vn", LATER)
        .unwrap();
    assert!(TokensFile::parse(&serde_json::to_string(&file).unwrap()).is_ok());
}

#[test]
fn revoking_keeps_the_entry_and_is_done_once() {
    let mut file = TokensFile::default();
    let secret = file.create_token("clerk", Role::Clerk, None, NOW).unwrap();
    assert!(file.find_token(&secret).is_some());
    file.revoke("clerk", LATER).unwrap();
    let entry = &file.principals[0];
    assert!(!entry.is_active());
    assert_eq!(entry.revoked.as_deref(), Some(LATER));
    assert!(file.find_token(&secret).is_none());
    assert!(matches!(
        file.revoke("clerk", LATER),
        Err(TokensError::AlreadyRevoked(_))
    ));
    assert!(matches!(
        file.revoke("nobody", LATER),
        Err(TokensError::UnknownName(_))
    ));
}

#[test]
fn an_unknown_secret_or_a_certificate_principal_is_no_token() {
    let mut file = TokensFile::default();
    file.add_certificate("cert", Role::Sync, None, "sync.example.vn", NOW)
        .unwrap();
    assert!(file.find_token("").is_none());
    assert!(file.find_token("dvt_nothing").is_none());
}

/// A file that breaks a rule, and what the message must say.
fn refused(text: &str, says: &str) {
    let err = TokensFile::parse(text).unwrap_err();
    assert!(matches!(err, TokensError::Malformed(_)), "{text}: {err:?}");
    let message = err.to_string();
    assert!(message.contains(says), "{text}: {message}");
}

#[test]
fn malformed_files_are_refused_saying_what_is_wrong() {
    let hash = hash_secret("s");
    let entry = |name: &str, rest: &str| {
        format!(r#"{{"name": "{name}", "role": "clerk", "created": "{NOW}"{rest}}}"#)
    };
    let file = |entries: &[String]| format!(r#"{{"principals": [{}]}}"#, entries.join(","));
    let token = format!(r#", "sha256": "{hash}""#);
    refused("", "not a tokens file");
    refused("[]", "not a tokens file");
    refused(r#"{"principals": [{"name": "x"}]}"#, "missing field");
    refused(
        &file(&[entry("x", &format!(r#"{token}, "role2": "admin""#))]),
        "unknown field",
    );
    refused(
        &file(&[entry("x", &token).replace("clerk", "boss")]),
        "unknown variant",
    );
    refused(&file(&[entry("x y", &token)]), "1 to 64 characters");
    refused(
        &file(&[entry("x", &token), entry("x", &token)]),
        "principal 2 (\"x\"): the name is used twice",
    );
    refused(&file(&[entry("x", "")]), "exactly one of sha256");
    refused(
        &file(&[entry(
            "x",
            &format!(r#"{token}, "certificate_san": "a.example.vn""#),
        )]),
        "exactly one of sha256",
    );
    refused(
        &file(&[entry("x", &token.replace(&hash, &hash.to_uppercase()))]),
        "64 lowercase hex",
    );
    refused(
        &file(&[entry("x", r#", "sha256": "abc""#)]),
        "64 lowercase hex",
    );
    refused(
        &file(&[entry("x", &format!(r#"{token}, "scope": """#))]),
        "the scope is empty",
    );
    refused(
        &file(&[
            entry("a", r#", "certificate_san": "s.example.vn""#),
            entry("b", r#", "certificate_san": "s.example.vn""#),
        ]),
        "another active principal",
    );
    // The same SAN on a revoked principal is history, not ambiguity.
    let revoked = format!(r#", "certificate_san": "s.example.vn", "revoked": "{LATER}""#);
    assert!(
        TokensFile::parse(&file(&[
            entry("a", &revoked),
            entry("b", r#", "certificate_san": "s.example.vn""#)
        ]))
        .is_ok()
    );
}

#[test]
fn a_file_read_from_disk_is_named_in_its_errors() {
    let (_dir, path) = temp_path();
    fs::write(&path, "{").unwrap();
    let err = TokensFile::read(&path).unwrap_err();
    assert!(err.to_string().contains("tokens.json"), "{err}");
    let missing = path.with_file_name("missing.json");
    assert!(matches!(
        TokensFile::read(&missing),
        Err(TokensError::Io { path, .. }) if path == missing
    ));
}

#[cfg(unix)]
#[test]
fn the_file_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt as _;

    let (dir, path) = temp_path();
    // An existing file with looser permissions is replaced, not rewritten in place.
    fs::write(&path, "{\"principals\": []}").unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
    let mut file = TokensFile::read(&path).unwrap();
    file.create_token("admin", Role::Admin, None, NOW).unwrap();
    file.write(&path).unwrap();
    let mode = fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    // No temporary file is left behind.
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
}
