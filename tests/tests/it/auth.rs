//! Authentication end to end (DESIGN §8): which calls a tokens file lets in, a revocation that
//! takes effect without a restart, tokens files that cannot be used, the refusal to serve
//! beyond loopback without one, and a SQLite file that only its owner may read.

use std::{
    net::SocketAddr,
    path::Path,
    process::Stdio,
    time::{Duration, Instant},
};

use dangvien_proto::{
    tokens::Role,
    v1::{self as pb, organization_service_client::OrganizationServiceClient},
};
use dangvien_server::{Clock, Config};
use dangvien_tests::{Serving, TestDb, TestServer, auth::Principals, today};
use tokio::process::{Child, Command};
use tokio_stream::StreamExt as _;
use tonic::{Code, Request, Status, metadata::MetadataValue, transport::Channel};
use tonic_health::pb::{
    HealthCheckRequest, health_check_response::ServingStatus, health_client::HealthClient,
};

use crate::support::{assert_status, new_org};

/// How long a changed tokens file may take to be seen: the server polls it every second.
const RELOAD_DEADLINE: Duration = Duration::from_secs(5);

fn principals() -> Principals {
    Principals::new(&[
        ("admin-a", Role::Admin, None),
        ("reader-a", Role::Reader, None),
    ])
}

/// A server of `db` that knows `principals`.
pub(crate) async fn start(db: TestDb, principals: &Principals) -> TestServer {
    let flags = principals.flags();
    let flags: Vec<&str> = flags.iter().map(String::as_str).collect();
    TestServer::start_serving(db, Clock::Fixed(today()), &flags, Serving::Plain)
        .await
        .unwrap_or_else(|e| panic!("starting a server with a tokens file: {e:#}"))
}

fn list_orgs() -> pb::ListOrganizationsRequest {
    pb::ListOrganizationsRequest::default()
}

fn with_authorization<T>(value: &str, message: T) -> Request<T> {
    let mut request = Request::new(message);
    let value: MetadataValue<_> = value.parse().unwrap();
    request.metadata_mut().insert("authorization", value);
    request
}

/// Checks an `UNAUTHENTICATED` answer: `TOKEN_INVALID`, and both messages say how to send a
/// token.
#[track_caller]
fn assert_unauthenticated(status: &Status) {
    let localized = assert_status(status, Code::Unauthenticated, "TOKEN_INVALID");
    assert!(
        status
            .message()
            .contains("set DANGVIEN_TOKEN or --token-file"),
        "{status:?}"
    );
    assert!(
        localized.contains("DANGVIEN_TOKEN hoặc --token-file"),
        "{localized}"
    );
}

#[tokio::test]
async fn only_a_known_bearer_token_is_let_in_and_health_and_reflection_stay_open() {
    for db in TestDb::all().await {
        let backend = db.backend;
        let p = principals();
        let server = start(db, &p).await;
        let channel = server.channel().await.unwrap();
        let mut orgs = OrganizationServiceClient::new(channel.clone());

        let refused = [
            ("no token", Request::new(list_orgs())),
            ("Basic", with_authorization("Basic x", list_orgs())),
            ("empty Bearer", with_authorization("Bearer ", list_orgs())),
            (
                "unknown token",
                with_authorization(
                    "Bearer dvt_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                    list_orgs(),
                ),
            ),
        ];
        for (label, request) in refused {
            let status = orgs.list_organizations(request).await.expect_err(label);
            assert_unauthenticated(&status);
        }

        orgs.create_organization(
            p.request("admin-a", new_org("KHOI", pb::OrganizationKind::Bloc, "")),
        )
        .await
        .unwrap_or_else(|s| panic!("{backend}: the admin's create: {s:?}"));
        let listed = orgs
            .list_organizations(p.request("reader-a", list_orgs()))
            .await
            .unwrap()
            .into_inner();
        assert_eq!(listed.organizations.len(), 1, "{backend}");
        // A known token is not a licence for everything: a reader changes nothing.
        let denied = orgs
            .create_organization(
                p.request("reader-a", new_org("KHOI2", pb::OrganizationKind::Bloc, "")),
            )
            .await
            .unwrap_err();
        assert_status(&denied, Code::PermissionDenied, "ACCESS_DENIED");

        let health = HealthClient::new(channel.clone())
            .check(HealthCheckRequest {
                service: String::new(),
            })
            .await
            .unwrap_or_else(|s| panic!("{backend}: health without a token: {s:?}"))
            .into_inner();
        assert_eq!(health.status, ServingStatus::Serving as i32);
        assert!(
            reflected_services(channel)
                .await
                .contains(&"dangvien.v1.AuditService".to_owned()),
            "{backend}"
        );
        server.stop().await.unwrap();
    }
}

/// The services reflection v1 lists, asked without a token.
async fn reflected_services(channel: Channel) -> Vec<String> {
    use tonic_reflection::pb::v1;
    let mut client = v1::server_reflection_client::ServerReflectionClient::new(channel);
    let request = v1::ServerReflectionRequest {
        host: String::new(),
        message_request: Some(v1::server_reflection_request::MessageRequest::ListServices(
            String::new(),
        )),
    };
    let mut responses = client
        .server_reflection_info(tokio_stream::iter([request]))
        .await
        .unwrap_or_else(|s| panic!("reflection without a token: {s:?}"))
        .into_inner();
    let Some(Ok(response)) = responses.next().await else {
        panic!("no reflection answer")
    };
    let Some(v1::server_reflection_response::MessageResponse::ListServicesResponse(list)) =
        response.message_response
    else {
        panic!("unexpected reflection answer")
    };
    list.service.into_iter().map(|s| s.name).collect()
}

#[tokio::test]
async fn a_revoked_token_stops_working_without_a_restart() {
    for db in TestDb::all().await {
        let backend = db.backend;
        let p = principals();
        let server = start(db, &p).await;
        let mut orgs = server.orgs().await;
        orgs.list_organizations(p.request("reader-a", list_orgs()))
            .await
            .unwrap();

        p.revoke("reader-a");
        let deadline = Instant::now() + RELOAD_DEADLINE;
        let status = loop {
            orgs.list_organizations(p.request("admin-a", list_orgs()))
                .await
                .unwrap_or_else(|s| panic!("{backend}: the admin was refused meanwhile: {s:?}"));
            match orgs
                .list_organizations(p.request("reader-a", list_orgs()))
                .await
            {
                Err(status) => break status,
                Ok(_) => {
                    assert!(
                        Instant::now() < deadline,
                        "{backend}: the revoked token still works after {RELOAD_DEADLINE:?}"
                    );
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        };
        assert_unauthenticated(&status);
        orgs.list_organizations(p.request("admin-a", list_orgs()))
            .await
            .unwrap();
        server.stop().await.unwrap();
    }
}

/// The built `dangviend` with `args`, stderr to `stderr`, default logging; killed when dropped.
pub(crate) fn dangviend(args: &[&str], stderr: Stdio) -> Child {
    dangviend_with(args, &[], stderr)
}

/// [`dangviend`] with `env` set over a clean environment of its own variables.
pub(crate) fn dangviend_with(args: &[&str], env: &[(&str, &str)], stderr: Stdio) -> Child {
    Command::new(env!("CARGO_BIN_EXE_dangviend-under-test"))
        .args(args)
        .env_remove("DANGVIEN_DEMO")
        .env_remove("DANGVIEN_TOKENS_FILE")
        .env_remove("DANGVIEN_LOG_FORMAT")
        .env_remove("RUST_LOG")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .kill_on_drop(true)
        .spawn()
        .unwrap()
}

/// A port free on every interface: bound, then released for a child.
pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("0.0.0.0:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Waits until the server at `addr` says `SERVING`: connection attempts are retried until it
/// listens (bounded), then the health stream is followed.
pub(crate) async fn wait_serving(addr: SocketAddr, child: &mut Child) {
    let deadline = Instant::now() + Duration::from_secs(30);
    let channel = loop {
        match Channel::from_shared(format!("http://{addr}"))
            .unwrap()
            .connect()
            .await
        {
            Ok(channel) => break channel,
            Err(e) => {
                if let Some(status) = child.try_wait().unwrap() {
                    panic!("dangviend exited with {status} before listening");
                }
                assert!(Instant::now() < deadline, "dangviend never listened: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    };
    let mut updates = HealthClient::new(channel)
        .watch(HealthCheckRequest {
            service: String::new(),
        })
        .await
        .unwrap()
        .into_inner();
    while let Some(update) = updates.message().await.unwrap() {
        if update.status == ServingStatus::Serving as i32 {
            return;
        }
    }
    panic!("the health stream ended before dangviend was serving");
}

#[tokio::test]
async fn a_tokens_file_that_does_not_parse_stops_the_start_and_a_broken_edit_keeps_the_principals()
{
    for db in TestDb::all().await {
        let backend = db.backend;
        let broken = tempfile::tempdir().unwrap();
        let path = broken.path().join("tokens.json");
        std::fs::write(&path, "{\"principals\": [ {\"name\": ").unwrap();
        let path_text = path.display().to_string();
        // The file is read before the database is opened: one backend shows it.
        let refused = TestServer::start_serving(
            TestDb::sqlite(),
            Clock::Fixed(today()),
            &["--tokens-file", &path_text],
            Serving::Plain,
        )
        .await
        .map(|_| ())
        .unwrap_err();
        assert!(
            format!("{refused:#}").contains(&path_text),
            "{backend}: the error does not name the file: {refused:#}"
        );

        let port = free_port();
        let listen = format!("127.0.0.1:{port}");
        let exited = dangviend(
            &[
                "--listen",
                &listen,
                "--database-url",
                db.url(),
                "--tokens-file",
                &path_text,
            ],
            Stdio::piped(),
        )
        .wait_with_output()
        .await
        .unwrap();
        let stderr = String::from_utf8_lossy(&exited.stderr);
        assert_eq!(exited.status.code(), Some(1), "{backend}: {stderr}");
        let lines: Vec<_> = stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{backend}: {stderr}");
        assert!(
            lines[0].starts_with("dangviend: ") && lines[0].contains(&path_text),
            "{backend}: {stderr}"
        );

        // A running server whose file is then broken: the log says so, and it keeps serving
        // the principals it had.
        let p = principals();
        let logs = tempfile::tempdir().unwrap();
        let log = logs.path().join("dangviend.log");
        let tokens = p.path().display().to_string();
        let mut child = dangviend(
            &[
                "--listen",
                &listen,
                "--database-url",
                db.url(),
                "--tokens-file",
                &tokens,
            ],
            Stdio::from(std::fs::File::create(&log).unwrap()),
        );
        let addr: SocketAddr = listen.parse().unwrap();
        wait_serving(addr, &mut child).await;
        let good = std::fs::read(p.path()).unwrap();
        std::fs::write(p.path(), "not json").unwrap();
        let deadline = Instant::now() + RELOAD_DEADLINE;
        loop {
            let text = std::fs::read_to_string(&log).unwrap();
            if text.contains("the changed tokens file cannot be used") {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "{backend}: the broken file was not noticed: {text}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let channel = Channel::from_shared(format!("http://{addr}"))
            .unwrap()
            .connect()
            .await
            .unwrap();
        let mut orgs = OrganizationServiceClient::new(channel);
        for who in ["admin-a", "reader-a"] {
            orgs.list_organizations(p.request(who, list_orgs()))
                .await
                .unwrap_or_else(|s| panic!("{backend}: {who} after the broken edit: {s:?}"));
        }
        // The file mended and then revoked is read again: the watch survived the broken edit.
        std::fs::write(p.path(), good).unwrap();
        p.revoke("reader-a");
        let deadline = Instant::now() + RELOAD_DEADLINE;
        while orgs
            .list_organizations(p.request("reader-a", list_orgs()))
            .await
            .is_ok()
        {
            assert!(
                Instant::now() < deadline,
                "{backend}: the mended file was not read again"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        child.kill().await.unwrap();
        db.drop_database().await.unwrap();
    }
}

#[tokio::test]
async fn beyond_loopback_a_server_without_a_tokens_file_refuses_to_serve() {
    for db in TestDb::all().await {
        let backend = db.backend;
        let config = Config::from_args(["dangviend", "--database-url", db.url()]).unwrap();
        let listener = tokio::net::TcpListener::bind("0.0.0.0:0").await.unwrap();
        let served = dangvien_server::serve(
            &config,
            Clock::Fixed(today()),
            listener,
            std::future::pending(),
        )
        .await
        .unwrap_err();
        assert!(
            format!("{served:#}").contains("without authentication"),
            "{backend}: {served:#}"
        );

        let listen = format!("0.0.0.0:{}", free_port());
        let exited = dangviend(
            &["--listen", &listen, "--database-url", db.url()],
            Stdio::piped(),
        )
        .wait_with_output()
        .await
        .unwrap();
        let stderr = String::from_utf8_lossy(&exited.stderr);
        assert_eq!(exited.status.code(), Some(1), "{backend}: {stderr}");
        let lines: Vec<_> = stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{backend}: {stderr}");
        assert!(
            lines[0].starts_with("dangviend: ") && lines[0].contains("without authentication"),
            "{backend}: {stderr}"
        );

        // With a tokens file it serves on every interface.
        let p = principals();
        let tokens = p.path().display().to_string();
        let port = free_port();
        let listen = format!("0.0.0.0:{port}");
        let mut child = dangviend(
            &[
                "--listen",
                &listen,
                "--database-url",
                db.url(),
                "--tokens-file",
                &tokens,
            ],
            Stdio::null(),
        );
        wait_serving(SocketAddr::from(([127, 0, 0, 1], port)), &mut child).await;
        child.kill().await.unwrap();
        db.drop_database().await.unwrap();
    }
}

#[cfg(unix)]
#[tokio::test]
async fn a_fresh_sqlite_database_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt as _;
    let db = TestDb::sqlite();
    let file = db
        .url()
        .strip_prefix("sqlite://")
        .and_then(|rest| rest.split('?').next())
        .map(|p| Path::new(p).to_owned())
        .unwrap();
    let server = TestServer::start(db).await;
    // The write-ahead log and its index hold the same personal data as the file itself.
    for suffix in ["", "-wal", "-shm"] {
        let path = format!("{}{suffix}", file.display());
        match std::fs::metadata(&path) {
            Ok(meta) => assert_eq!(
                meta.permissions().mode() & 0o777,
                0o600,
                "{path} has mode {:o}",
                meta.permissions().mode() & 0o777
            ),
            Err(e) if suffix.is_empty() => panic!("{path}: {e}"),
            Err(_) => {}
        }
    }
    server.stop().await.unwrap();
}
