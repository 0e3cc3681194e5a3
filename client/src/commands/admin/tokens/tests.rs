//! `admin token` run whole, in process, on a tokens file in a temporary directory.

use std::path::{Path, PathBuf};

use dangvien_proto::tokens::{Role, TokensFile};

/// Runs the command line: the exit code, stdout and stderr.
async fn run(args: &[&str]) -> (i32, String, String) {
    let mut out = Vec::new();
    let mut err = Vec::new();
    let argv = std::iter::once("dangvien").chain(args.iter().copied());
    let code = crate::run(argv, &mut out, &mut err).await;
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

fn tokens_file() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tokens.json");
    (dir, path)
}

fn text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[tokio::test]
async fn create_prints_the_secret_alone_and_stores_only_its_hash() {
    let (_dir, path) = tokens_file();
    let file = path.to_str().unwrap();
    let (code, out, err) = run(&[
        "admin",
        "token",
        "create",
        "--tokens-file",
        file,
        "clerk-1",
        "--role",
        "clerk",
        "--scope",
        "CB01",
    ])
    .await;
    assert_eq!(code, 0, "{err}");
    // stdout is the secret and its newline, nothing else.
    let secret = out.strip_suffix('\n').unwrap();
    assert!(
        secret.starts_with("dvt_") && !secret.contains(char::is_whitespace),
        "{out:?}"
    );
    assert!(err.contains("clerk-1") && err.contains("một lần"), "{err}");
    assert!(!err.contains(secret), "{err}");
    let stored = text(&path);
    assert!(!stored.contains(secret), "{stored}");
    let parsed = TokensFile::read(&path).unwrap();
    let entry = parsed.find_token(secret).unwrap();
    assert_eq!(
        (entry.name.as_str(), entry.role, entry.scope.as_deref()),
        ("clerk-1", Role::Clerk, Some("CB01"))
    );
    assert!(entry.created.ends_with('Z'), "{}", entry.created);
}

#[tokio::test]
async fn a_certificate_principal_prints_nothing_on_stdout() {
    let (_dir, path) = tokens_file();
    let file = path.to_str().unwrap();
    let (code, out, err) = run(&[
        "--lang",
        "en",
        "admin",
        "token",
        "create",
        "--tokens-file",
        file,
        "nightly",
        "--role",
        "sync",
        "--certificate-san",
        "sync.example.vn",
    ])
    .await;
    assert_eq!((code, out.as_str()), (0, ""), "{err}");
    assert!(err.contains("sync.example.vn"), "{err}");
    let parsed = TokensFile::read(&path).unwrap();
    assert_eq!(
        parsed.principals[0].certificate_san.as_deref(),
        Some("sync.example.vn")
    );
    assert_eq!(parsed.principals[0].sha256, None);
}

#[tokio::test]
async fn list_shows_principals_but_never_secrets_or_hashes() {
    let (_dir, path) = tokens_file();
    let file = path.to_str().unwrap();
    let (_, secret, _) = run(&[
        "admin",
        "token",
        "create",
        "--tokens-file",
        file,
        "an.admin",
        "--role",
        "admin",
    ])
    .await;
    let secret = secret.trim();
    run(&[
        "admin",
        "token",
        "create",
        "--tokens-file",
        file,
        "nightly",
        "--role",
        "sync",
        "--certificate-san",
        "sync.example.vn",
    ])
    .await;
    let (code, _, err) = run(&[
        "admin",
        "token",
        "revoke",
        "--tokens-file",
        file,
        "an.admin",
    ])
    .await;
    assert_eq!(code, 0, "{err}");
    let hash = dangvien_proto::tokens::hash_secret(secret);
    let (code, table, err) = run(&[
        "--lang",
        "en",
        "admin",
        "token",
        "list",
        "--tokens-file",
        file,
    ])
    .await;
    assert_eq!(code, 0, "{err}");
    for expected in [
        "Name",
        "an.admin",
        "admin",
        "token",
        "certificate sync.example.vn",
        "everything",
    ] {
        assert!(table.contains(expected), "{expected} missing from\n{table}");
    }
    let (code, json, _) = run(&[
        "--format",
        "json",
        "admin",
        "token",
        "list",
        "--tokens-file",
        file,
    ])
    .await;
    assert_eq!(code, 0);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value[0]["name"], "an.admin");
    assert_eq!(value[0]["kind"], "token");
    assert!(value[0]["revoked"].is_string(), "{json}");
    assert_eq!(value[1]["kind"], "certificate");
    assert_eq!(value[1]["revoked"], serde_json::Value::Null);
    let (code, csv, _) = run(&[
        "--format",
        "csv",
        "admin",
        "token",
        "list",
        "--tokens-file",
        file,
    ])
    .await;
    assert_eq!(code, 0);
    assert!(
        csv.contains("name,role,scope,kind,certificate_san,created,revoked"),
        "{csv}"
    );
    for output in [&table, &json, &csv] {
        assert!(
            !output.contains(secret) && !output.contains(&hash),
            "{output}"
        );
    }
}

#[tokio::test]
async fn mistakes_have_clear_messages_and_the_documented_exit_codes() {
    let (_dir, path) = tokens_file();
    let file = path.to_str().unwrap();
    let create = |name: &'static str| {
        vec![
            "--lang",
            "en",
            "admin",
            "token",
            "create",
            "--tokens-file",
            file,
            name,
            "--role",
            "reader",
        ]
    };
    assert_eq!(run(&create("reader")).await.0, 0);
    let (code, out, err) = run(&create("reader")).await;
    assert_eq!((code, out.as_str()), (5, ""), "{err}");
    assert!(err.contains("reader exists already"), "{err}");
    let (code, out, err) = run(&create("bad name")).await;
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(err.contains("1 to 64 characters"), "{err}");
    let revoke = |name: &'static str| {
        vec![
            "--lang",
            "en",
            "admin",
            "token",
            "revoke",
            "--tokens-file",
            file,
            name,
        ]
    };
    let (code, _, err) = run(&revoke("nobody")).await;
    assert_eq!(code, 4, "{err}");
    assert_eq!(run(&revoke("reader")).await.0, 0);
    let (code, _, err) = run(&revoke("reader")).await;
    assert_eq!(code, 3, "{err}");
    assert!(err.contains("revoked already"), "{err}");
    // A role that does not exist is refused by the parser, listing the roles.
    let (code, _, err) = run(&[
        "admin",
        "token",
        "create",
        "--tokens-file",
        file,
        "x",
        "--role",
        "boss",
    ])
    .await;
    assert_eq!(code, 2);
    assert!(err.contains("admin, clerk, reader, sync"), "{err}");
    // A file that is not a tokens file is invalid input, and is left as it was.
    std::fs::write(&path, "{\"principals\": 3}").unwrap();
    let (code, _, err) = run(&create("other")).await;
    assert_eq!(code, 65, "{err}");
    assert!(
        err.contains("tokens.json") && err.contains("not a tokens file"),
        "{err}"
    );
    assert_eq!(text(&path), "{\"principals\": 3}");
    // `list` and `revoke` need the file to exist.
    let missing = path.with_file_name("missing.json");
    let (code, _, err) = run(&[
        "admin",
        "token",
        "list",
        "--tokens-file",
        missing.to_str().unwrap(),
    ])
    .await;
    assert_eq!(code, 66, "{err}");
    assert!(err.contains("missing.json"), "{err}");
}

#[tokio::test]
async fn the_tokens_file_is_required() {
    // Not set in the test environment, so the flag is required.
    if std::env::var_os("DANGVIEN_TOKENS_FILE").is_some() {
        return;
    }
    let (code, _, err) = run(&["admin", "token", "list"]).await;
    assert_eq!(code, 2);
    assert!(err.contains("--tokens-file"), "{err}");
}
