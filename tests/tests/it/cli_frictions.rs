//! First-run frictions of the built `dangvien` (issue "A real bloc's records import", part 4): a
//! command started before the server waits for it within `--timeout`, a server that never comes
//! is exit 69 after about that long, and values may be written in kebab-case.

use std::{
    net::SocketAddr,
    process::{Output, Stdio},
    time::{Duration, Instant},
};

use dangvien_tests::{TestDb, servers};
use serde_json::Value;
use tokio::process::Command;

use crate::cli::dangvien;

/// A loopback address where nothing listens: bound, then released.
fn free_addr() -> SocketAddr {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

/// The built `dangvien` against `addr`, in English, with `args`; its output once it exits.
async fn cli(addr: SocketAddr, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dangvien-e2e"))
        .args(["--server", &format!("http://{addr}"), "--lang", "en"])
        .args(args)
        .stdin(Stdio::null())
        .kill_on_drop(true)
        .output()
        .await
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A nightly job that starts a moment before the server: the connection is refused, then (while
/// migrations run) `SERVER_NOT_READY` may come back, and the command still succeeds, once.
#[tokio::test]
async fn a_command_started_before_the_server_waits_for_it() {
    for db in TestDb::all().await {
        let addr = free_addr();
        let create = tokio::spawn(async move {
            cli(
                addr,
                &[
                    "--timeout",
                    "30",
                    "--format",
                    "json",
                    "org",
                    "create",
                    "--code",
                    "KHOI",
                    "--name",
                    "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh",
                    "--kind",
                    "bloc",
                    "--sector",
                    "state_agency",
                    "--valid-from",
                    "2015-01-01",
                ],
            )
            .await
        });
        tokio::time::sleep(Duration::from_secs(1)).await;
        let mut server = crate::sync_kill::daemon(addr, &db);
        let created = create.await.unwrap();
        let err = text(&created.stderr);
        assert!(created.status.success(), "{}: {err}", db.backend);
        let org: Value = serde_json::from_slice(&created.stdout).unwrap();
        assert_eq!(org["code"], "KHOI", "{org}");
        // One request id, printed before the first attempt and kept by every later one.
        assert_eq!(err.matches("request_id: ").count(), 1, "{err}");
        let shown = cli(addr, &["--format", "json", "org", "show", "KHOI"]).await;
        assert!(shown.status.success(), "{}", text(&shown.stderr));
        let stored: Value = serde_json::from_slice(&shown.stdout).unwrap();
        assert_eq!(stored["kind"], "bloc", "{stored}");
        server.kill().await.unwrap();
        db.drop_database().await.unwrap();
    }
}

/// A server that never comes: tried until `--timeout`, then exit 69 saying for how long.
#[tokio::test]
async fn a_server_that_never_comes_is_exit_69_after_the_timeout() {
    let addr = free_addr();
    let started = Instant::now();
    let run = cli(addr, &["--timeout", "1.5", "org", "list"]).await;
    let waited = started.elapsed();
    let err = text(&run.stderr);
    assert_eq!(run.status.code(), Some(69), "{err}");
    assert!(run.stdout.is_empty());
    assert!(
        (Duration::from_millis(1500)..Duration::from_secs(6)).contains(&waited),
        "{waited:?}"
    );
    assert!(
        err.starts_with(&format!(
            "error: cannot connect to the server http://{addr}: "
        )),
        "{err}"
    );
    assert!(
        err.ends_with(" s; raise --timeout to wait longer)\n"),
        "{err}"
    );
    let tried: f64 = err
        .split("over ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|seconds| seconds.parse().ok())
        .unwrap_or_else(|| panic!("no duration in {err}"));
    assert!((1.5..2.5).contains(&tried), "{err}");
}

/// Values take the kebab-case spelling as well as the snake_case one JSON prints.
#[tokio::test]
async fn org_create_takes_a_kind_in_kebab_case() {
    for server in servers().await {
        let created = dangvien(
            &server,
            &[
                "org",
                "create",
                "--code",
                "KHOI",
                "--name",
                "Đảng bộ Khối",
                "--kind",
                "bloc",
                "--sector",
                "state-agency",
                "--valid-from",
                "2015-01-01",
            ],
        )
        .await;
        assert_eq!(created.code, 0, "{}", created.err);
        let created = dangvien(
            &server,
            &[
                "--format",
                "json",
                "org",
                "create",
                "--code",
                "CS01",
                "--name",
                "Đảng bộ Công ty Điện lực",
                "--kind",
                "grassroots-committee",
                "--sector",
                "state-enterprise",
                "--parent",
                "KHOI",
                "--valid-from",
                "2015-01-01",
            ],
        )
        .await;
        assert_eq!(created.code, 0, "{}", created.err);
        let org: Value = serde_json::from_str(&created.out).unwrap();
        assert_eq!(
            (&org["kind"], &org["sector"]),
            (
                &Value::from("grassroots_committee"),
                &Value::from("state_enterprise")
            ),
            "{org}"
        );
        server.stop().await.unwrap();
    }
}

/// A clerk enters an existing member as the party records have them: the person's cell without
/// a date, and an admission decades before that cell existed.
#[tokio::test]
async fn person_add_without_cell_since_takes_the_cells_start_and_an_older_member_registers() {
    for server in servers().await {
        crate::support::seed_tree(&mut server.orgs().await).await;
        let added = dangvien(
            &server,
            &[
                "--format",
                "json",
                "person",
                "add",
                "--id",
                "P9",
                "--name",
                "Lê Văn Cựu",
                "--gender",
                "male",
                "--birth-date",
                "1960-02-03",
                "--ethnicity",
                "Kinh",
                "--education",
                "upper-secondary",
                "--cell",
                "CB01",
            ],
        )
        .await;
        assert_eq!(added.code, 0, "{}", added.err);
        let person: Value = serde_json::from_str(&added.out).unwrap();
        assert_eq!(person["cell_since"], Value::from("2015-01-01"), "{person}");
        let registered = dangvien(
            &server,
            &[
                "member",
                "register",
                "P9",
                "--admission-date",
                "1985-05-19",
                "--ceremony-date",
                "1985-06-01",
                "--official-date",
                "1986-06-01",
                "--status",
                "official",
            ],
        )
        .await;
        assert_eq!(registered.code, 0, "{}", registered.err);
        server.stop().await.unwrap();
    }
}
