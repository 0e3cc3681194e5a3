//! Where the token comes from, that it never shows, and which TLS flags fit which server.

use std::io::Write as _;

use super::*;

fn args() -> TransportArgs {
    TransportArgs::default()
}

fn sent(transport: &Transport) -> Option<String> {
    let request = transport.bearer.clone().call(Request::new(())).unwrap();
    request
        .metadata()
        .get(AUTHORIZATION)
        .map(|v| v.to_str().unwrap().to_owned())
}

#[test]
fn the_token_file_is_trimmed_and_wins_over_the_variable() {
    let mut file = tempfile::NamedTempFile::new().unwrap();
    writeln!(file, "  dvt_fromfile\n").unwrap();
    let transport = TransportArgs {
        token_file: Some(file.path().to_owned()),
        env_token: Some(Secret("dvt_fromenv".into())),
        ..args()
    }
    .load("http://127.0.0.1:1")
    .unwrap();
    assert_eq!(sent(&transport).as_deref(), Some("Bearer dvt_fromfile"));
    let transport = TransportArgs {
        env_token: Some(Secret("dvt_fromenv".into())),
        ..args()
    }
    .load("http://127.0.0.1:1")
    .unwrap();
    assert_eq!(sent(&transport).as_deref(), Some("Bearer dvt_fromenv"));
    // No token, or an empty variable: nothing is sent.
    for env_token in [None, Some(Secret(String::new()))] {
        let transport = TransportArgs {
            env_token,
            ..args()
        }
        .load("http://127.0.0.1:1")
        .unwrap();
        assert_eq!(sent(&transport), None);
    }
}

#[test]
fn the_token_never_shows() {
    let transport = TransportArgs {
        env_token: Some(Secret("dvt_secret".into())),
        ..args()
    };
    assert!(!format!("{transport:?}").contains("dvt_secret"));
    let loaded = transport.load("http://127.0.0.1:1").unwrap();
    assert!(!format!("{loaded:?}").contains("dvt_secret"));
    let request = loaded.bearer.clone().call(Request::new(())).unwrap();
    assert!(
        request
            .metadata()
            .get(AUTHORIZATION)
            .unwrap()
            .is_sensitive()
    );
    assert!(!format!("{:?}", request.metadata()).contains("dvt_secret"));
}

#[test]
fn a_bad_token_is_refused_without_being_quoted() {
    let mut empty = tempfile::NamedTempFile::new().unwrap();
    writeln!(empty, "   ").unwrap();
    let err = TransportArgs {
        token_file: Some(empty.path().to_owned()),
        ..args()
    }
    .load("http://127.0.0.1:1")
    .unwrap_err();
    assert!(matches!(
        err,
        Error::Usage(Mistake::TokenMalformed {
            source: "--token-file"
        })
    ));
    let err = TransportArgs {
        env_token: Some(Secret("dvt_a b".into())),
        ..args()
    }
    .load("http://127.0.0.1:1")
    .unwrap_err();
    let message = err.message(crate::i18n::Lang::En).unwrap();
    assert!(
        message.contains("DANGVIEN_TOKEN") && !message.contains("dvt_a"),
        "{message}"
    );
    let missing = TransportArgs {
        token_file: Some("/nonexistent/token".into()),
        ..args()
    }
    .load("http://127.0.0.1:1")
    .unwrap_err();
    assert!(matches!(missing, Error::Input { .. }));
    assert_eq!(missing.exit_code(), 66);
}

#[test]
fn tls_flags_need_an_https_server_and_https_needs_a_ca() {
    let ca = |server: &str| {
        TransportArgs {
            ca_cert: Some("/nonexistent/ca.pem".into()),
            ..args()
        }
        .load(server)
    };
    assert!(matches!(
        ca("http://127.0.0.1:1"),
        Err(Error::Usage(Mistake::TlsNeedsHttps { flag: "--ca-cert" }))
    ));
    // The CA file is read only for a server it applies to.
    assert!(matches!(
        ca("https://127.0.0.1:1"),
        Err(Error::Input { .. })
    ));
    assert!(matches!(
        args().load("https://dangvien.example.vn"),
        Err(Error::Usage(Mistake::HttpsNeedsCaCert))
    ));
    let client = TransportArgs {
        client_cert: Some("c.pem".into()),
        client_key: Some("k.pem".into()),
        ..args()
    };
    assert!(matches!(
        client.load("http://127.0.0.1:1"),
        Err(Error::Usage(Mistake::TlsNeedsHttps {
            flag: "--client-cert"
        }))
    ));
    let mut pem = tempfile::NamedTempFile::new().unwrap();
    writeln!(pem, "-----BEGIN CERTIFICATE-----").unwrap();
    let tls = TransportArgs {
        ca_cert: Some(pem.path().to_owned()),
        ..args()
    }
    .load("https://dangvien.example.vn:50051")
    .unwrap();
    assert!(tls.tls.is_some());
}

#[test]
fn the_certificate_is_checked_against_the_urls_host() {
    assert_eq!(
        host("https://dangvien.example.vn:50051").as_deref(),
        Some("dangvien.example.vn")
    );
    assert_eq!(host("https://[::1]:50051").as_deref(), Some("::1"));
    assert_eq!(host("https://10.0.0.5").as_deref(), Some("10.0.0.5"));
}
