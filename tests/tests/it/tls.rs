//! TLS and mTLS end to end: a client certificate the server's CA signed names its principal, one
//! signed by another CA is refused at the handshake, a token works over TLS without a
//! certificate, plaintext gets nowhere, and the built `dangvien` makes both kinds of handshake.

use std::{
    path::{Path, PathBuf},
    process::{Output, Stdio},
};

use dangvien_proto::{
    tokens::{Role, TokensFile},
    v1::{
        self as pb, organization_service_client::OrganizationServiceClient,
        person_service_client::PersonServiceClient,
        statistics_service_client::StatisticsServiceClient,
    },
};
use dangvien_server::Clock;
use dangvien_tests::{Backend, TestDb, TestServer, auth::Principals, today};
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use tempfile::TempDir;
use tokio::process::Command;
use tonic::{
    Code, Status,
    transport::{Certificate, Channel, ClientTlsConfig, Identity},
};
use tonic_types::StatusExt;

use crate::support::{assert_status, new_org};

/// The DNS name the good and the rogue client certificates both carry.
const SAN: &str = "dept-a.example";

/// A certificate and its key, as PEM files.
struct Pem {
    cert: PathBuf,
    key: PathBuf,
}

impl Pem {
    fn identity(&self) -> Identity {
        Identity::from_pem(
            std::fs::read(&self.cert).unwrap(),
            std::fs::read(&self.key).unwrap(),
        )
    }
}

/// The certificates of one test, written to a temporary directory.
struct Pki {
    _dir: TempDir,
    /// The CA that signed the server's certificate and the good client's.
    ca: PathBuf,
    server: Pem,
    client: Pem,
    /// Same SAN as `client`, signed by a CA the server does not trust.
    rogue: Pem,
}

fn new_ca(name: &str) -> (CertificateParams, KeyPair) {
    let mut params = CertificateParams::new(Vec::new()).unwrap();
    params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    params.distinguished_name.push(DnType::CommonName, name);
    params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    (params, KeyPair::generate().unwrap())
}

fn leaf(
    dir: &Path,
    file: &str,
    names: &[&str],
    usage: ExtendedKeyUsagePurpose,
    issuer: &Issuer<'_, KeyPair>,
) -> Pem {
    let mut params =
        CertificateParams::new(names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>()).unwrap();
    params.distinguished_name.push(DnType::CommonName, names[0]);
    params.extended_key_usages = vec![usage];
    let key = KeyPair::generate().unwrap();
    let cert = params.signed_by(&key, issuer).unwrap();
    let pem = Pem {
        cert: dir.join(format!("{file}.pem")),
        key: dir.join(format!("{file}.key")),
    };
    std::fs::write(&pem.cert, cert.pem()).unwrap();
    std::fs::write(&pem.key, key.serialize_pem()).unwrap();
    pem
}

impl Pki {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let (ca_params, ca_key) = new_ca("dangvien test CA");
        let ca_cert = ca_params.self_signed(&ca_key).unwrap();
        let ca = dir.path().join("ca.pem");
        std::fs::write(&ca, ca_cert.pem()).unwrap();
        let issuer = Issuer::new(ca_params, ca_key);
        let server = leaf(
            dir.path(),
            "server",
            &["localhost", "127.0.0.1"],
            ExtendedKeyUsagePurpose::ServerAuth,
            &issuer,
        );
        let client = leaf(
            dir.path(),
            "client",
            &[SAN],
            ExtendedKeyUsagePurpose::ClientAuth,
            &issuer,
        );
        let (rogue_params, rogue_key) = new_ca("another CA");
        let rogue_issuer = Issuer::new(rogue_params, rogue_key);
        let rogue = leaf(
            dir.path(),
            "rogue",
            &[SAN],
            ExtendedKeyUsagePurpose::ClientAuth,
            &rogue_issuer,
        );
        Self {
            _dir: dir,
            ca,
            server,
            client,
            rogue,
        }
    }

    /// Trusts the test CA, and checks the server's certificate for `localhost`.
    fn client_tls(&self) -> ClientTlsConfig {
        ClientTlsConfig::new()
            .ca_certificate(Certificate::from_pem(std::fs::read(&self.ca).unwrap()))
            .domain_name("localhost")
    }
}

/// A token principal `admin`, and the certificate principal `dept-a` (reader) named by [`SAN`].
fn principals() -> Principals {
    let principals = Principals::new(&[("admin", Role::Admin, None)]);
    let mut file = TokensFile::read(&principals.path()).unwrap();
    file.add_certificate("dept-a", Role::Reader, None, SAN, "2026-01-15T00:00:00Z")
        .unwrap();
    file.write(&principals.path()).unwrap();
    principals
}

/// Serves `db` over mTLS with `pki`'s certificates and `principals`, with an organisation in it.
async fn serve(db: TestDb, pki: &Pki, principals: &Principals) -> TestServer {
    let [tokens_flag, tokens] = principals.flags();
    let flags = [
        tokens_flag.as_str(),
        tokens.as_str(),
        "--tls-cert",
        pki.server.cert.to_str().unwrap(),
        "--tls-key",
        pki.server.key.to_str().unwrap(),
        "--tls-client-ca",
        pki.ca.to_str().unwrap(),
    ];
    let server = TestServer::start_tls(db, Clock::Fixed(today()), &flags, pki.client_tls())
        .await
        .unwrap_or_else(|e| panic!("starting a TLS test server: {e:#}"));
    OrganizationServiceClient::new(server.channel().await.unwrap())
        .create_organization(
            principals.request("admin", new_org("KHOI", pb::OrganizationKind::Bloc, "")),
        )
        .await
        .unwrap();
    server
}

/// A channel to `server` made with `tls`.
async fn connect(
    server: &TestServer,
    tls: ClientTlsConfig,
) -> Result<Channel, tonic::transport::Error> {
    Channel::from_shared(server.url())
        .unwrap()
        .tls_config(tls)
        .unwrap()
        .connect()
        .await
}

fn year_report() -> pb::GetYearReportRequest {
    pb::GetYearReportRequest {
        org: String::new(),
        year: 2025,
    }
}

/// A call that failed below gRPC: the connection broke (or never was), so no server answered
/// with a status of its own, which would carry the server's `ErrorInfo`.
#[track_caller]
fn assert_transport_failure(backend: Backend, status: &Status) {
    assert!(
        matches!(status.code(), Code::Unavailable | Code::Unknown),
        "{backend}: {status:?}"
    );
    assert!(
        status.get_error_details().error_info().is_none(),
        "{backend}: the server answered: {status:?}"
    );
    assert!(
        std::error::Error::source(status).is_some(),
        "{backend}: no transport error under {status:?}"
    );
}

/// The good certificate is `dept-a`, a reader: statistics answer, personal data is refused.
#[tokio::test]
async fn a_client_certificate_the_ca_signed_names_its_principal() {
    let pki = Pki::new();
    let principals = principals();
    for db in TestDb::all().await {
        let backend = db.backend;
        let server = serve(db, &pki, &principals).await;
        let channel = connect(&server, pki.client_tls().identity(pki.client.identity()))
            .await
            .unwrap_or_else(|e| panic!("{backend}: {e:?}"));
        let report = StatisticsServiceClient::new(channel.clone())
            .get_year_report(year_report())
            .await
            .unwrap_or_else(|s| panic!("{backend}: {s:?}"))
            .into_inner();
        assert_eq!(report.year, 2025, "{backend}");
        let denied = PersonServiceClient::new(channel)
            .get_person(pb::GetPersonRequest {
                name: "people/DV000001".to_owned(),
            })
            .await
            .unwrap_err();
        let message = assert_status(&denied, Code::PermissionDenied, "ACCESS_DENIED");
        assert!(message.contains("dept-a"), "{backend}: {message}");
        server.stop().await.unwrap();
    }
}

/// A certificate with the same name from another CA gets no connection, even beside a token
/// that would be admitted on its own.
#[tokio::test]
async fn a_certificate_from_another_ca_is_refused_at_the_handshake() {
    let pki = Pki::new();
    let principals = principals();
    for db in TestDb::all().await {
        let backend = db.backend;
        let server = serve(db, &pki, &principals).await;
        // Under TLS 1.3 the client finishes its side before the server has judged the
        // certificate, so the refusal may come with the connect or with the first call.
        let failure = match connect(&server, pki.client_tls().identity(pki.rogue.identity())).await
        {
            // A `transport::Error`: no status, so nothing the server said.
            Err(e) => format!("{e:?}"),
            Ok(channel) => {
                let refused = OrganizationServiceClient::new(channel)
                    .list_organizations(
                        principals.request("admin", pb::ListOrganizationsRequest::default()),
                    )
                    .await
                    .unwrap_err();
                assert_transport_failure(backend, &refused);
                format!("{refused:?}")
            }
        };
        // The server's TLS alert: the certificate, not the token, is what was refused.
        assert!(failure.contains("UnknownCA"), "{backend}: {failure}");
        server.stop().await.unwrap();
    }
}

/// Over TLS without a certificate, the token is the credential; with neither, none.
#[tokio::test]
async fn a_token_works_over_tls_without_a_certificate() {
    let pki = Pki::new();
    let principals = principals();
    for db in TestDb::all().await {
        let backend = db.backend;
        let server = serve(db, &pki, &principals).await;
        let mut orgs =
            OrganizationServiceClient::new(connect(&server, pki.client_tls()).await.unwrap());
        let listed = orgs
            .list_organizations(
                principals.request("admin", pb::ListOrganizationsRequest::default()),
            )
            .await
            .unwrap_or_else(|s| panic!("{backend}: {s:?}"))
            .into_inner();
        let codes: Vec<_> = listed
            .organizations
            .iter()
            .map(|o| o.code.as_str())
            .collect();
        assert_eq!(codes, ["KHOI"], "{backend}");
        let anonymous = orgs
            .list_organizations(pb::ListOrganizationsRequest::default())
            .await
            .unwrap_err();
        assert_status(&anonymous, Code::Unauthenticated, "TOKEN_INVALID");
        server.stop().await.unwrap();
    }
}

/// A plaintext HTTP/2 client gets no answer from the TLS port.
#[tokio::test]
async fn plaintext_to_the_tls_port_fails() {
    let pki = Pki::new();
    let principals = principals();
    for db in TestDb::all().await {
        let backend = db.backend;
        let server = serve(db, &pki, &principals).await;
        let plain = format!("http://{}", server.addr);
        match Channel::from_shared(plain).unwrap().connect().await {
            // A `transport::Error`: no status, so nothing the server said.
            Err(_) => {}
            Ok(channel) => {
                let refused = OrganizationServiceClient::new(channel)
                    .list_organizations(
                        principals.request("admin", pb::ListOrganizationsRequest::default()),
                    )
                    .await
                    .unwrap_err();
                assert_transport_failure(backend, &refused);
            }
        }
        server.stop().await.unwrap();
    }
}

/// The built `dangvien` against `https://localhost:PORT`, in English, as JSON, with `args`
/// (its TLS flags among them) and `token` in `DANGVIEN_TOKEN` when given.
async fn cli(server: &TestServer, token: Option<&str>, args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_dangvien-e2e"));
    command
        .args([
            "--server",
            &format!("https://localhost:{}", server.addr.port()),
            "--lang",
            "en",
            "--format",
            "json",
        ])
        .args(args)
        // Only what the test gives: nothing of the environment the suite runs in.
        .env_remove("DANGVIEN_TOKEN")
        .env_remove("DANGVIEN_CA_CERT")
        .env_remove("DANGVIEN_CLIENT_CERT")
        .env_remove("DANGVIEN_CLIENT_KEY")
        .stdin(Stdio::null())
        .kill_on_drop(true);
    if let Some(token) = token {
        command.env("DANGVIEN_TOKEN", token);
    }
    command.output().await.unwrap()
}

/// The CLI's TLS path for real: mTLS as `dept-a` for a report, a token for `org list`.
#[tokio::test]
async fn the_cli_speaks_tls_and_mtls() {
    let pki = Pki::new();
    let principals = principals();
    for db in TestDb::all().await {
        let backend = db.backend;
        let server = serve(db, &pki, &principals).await;
        let (ca, cert, key) = (
            pki.ca.to_str().unwrap(),
            pki.client.cert.to_str().unwrap(),
            pki.client.key.to_str().unwrap(),
        );
        let report = cli(
            &server,
            None,
            &[
                "--ca-cert",
                ca,
                "--client-cert",
                cert,
                "--client-key",
                key,
                "report",
                "year",
                "--year",
                "2025",
            ],
        )
        .await;
        let err = String::from_utf8_lossy(&report.stderr);
        assert!(report.status.success(), "{backend}: {err}");
        let json: serde_json::Value = serde_json::from_slice(&report.stdout)
            .unwrap_or_else(|e| panic!("{backend}: {e}: {err}"));
        assert!(json.is_object(), "{backend}: {json}");

        let listed = cli(
            &server,
            Some(principals.secret("admin")),
            &["--ca-cert", ca, "org", "list"],
        )
        .await;
        let err = String::from_utf8_lossy(&listed.stderr);
        assert!(listed.status.success(), "{backend}: {err}");
        let out = String::from_utf8_lossy(&listed.stdout);
        assert!(out.contains("\"KHOI\""), "{backend}: {out}");
        server.stop().await.unwrap();
    }
}
