//! An import interrupted by a SIGKILL of the server process resumes, when run again with the
//! same file, to exactly the state of one uninterrupted run (DESIGN §6): the server runs as a
//! child process here, so that nothing of it survives the kill but what it committed.

use std::{net::SocketAddr, process::Stdio, time::Duration};

use dangvien_proto::v1::{LineOutcome as O, sync_service_client::SyncServiceClient};
use dangvien_tests::{TestDb, TestServer};
use tokio::process::{Child, Command};
use tonic::transport::Channel;
use tonic_health::pb::{
    HealthCheckRequest, health_check_response::ServingStatus, health_client::HealthClient,
};

use crate::sync_support::{export, import, import_via};

/// Persons in the file, each nominated: enough lines that the kill lands mid-import.
const PERSONS: usize = 1500;
/// Results to wait for before the kill: several batches committed, many lines to go.
const KILL_AFTER: usize = 600;

/// A file of a small tree, `PERSONS` persons and a nomination of each.
fn file() -> String {
    let mut file = String::from(concat!(
        r#"{"kind":"org","code":"KHOI","name":"Đảng bộ Khối","org_kind":"bloc","parent":null,"sector":"state_agency","valid_from":"2015-01-01"}"#,
        "\n",
        r#"{"kind":"org","code":"CS01","name":"Đảng bộ cơ sở 1","org_kind":"grassroots_committee","parent":"KHOI","sector":"state_agency","valid_from":"2015-01-01"}"#,
        "\n",
        r#"{"kind":"org","code":"CB01","name":"Chi bộ 1","org_kind":"cell","parent":"CS01","sector":"state_agency","valid_from":"2015-01-01"}"#,
        "\n",
    ));
    for i in 0..PERSONS {
        file.push_str(&format!(
            r#"{{"kind":"person","external_id":"Q{i:05}","full_name":"Trần Thị {i}","gender":"female","birth_date":"1995-03-04","ethnicity":"Kinh","religion":null,"education":"upper_secondary","youth_union":true,"trade_union":false,"org":"CB01","cell_since":"2020-01-01"}}"#
        ));
        file.push('\n');
        file.push_str(&format!(
            r#"{{"kind":"decision","external_id":"N{i:05}","decision":"nominate","person":"Q{i:05}","date":"2021-03-01","body":"CB01"}}"#
        ));
        file.push('\n');
    }
    file
}

/// `dangviend` as a child process on `db`.
struct Daemon {
    child: Child,
    addr: SocketAddr,
}

/// The built `dangviend` listening on `addr` over `db`, not yet ready; killed when dropped.
pub(crate) fn daemon(addr: SocketAddr, db: &TestDb) -> Child {
    Command::new(env!("CARGO_BIN_EXE_dangviend-under-test"))
        .args(["--listen", &addr.to_string(), "--database-url", db.url()])
        .env_remove("DANGVIEN_DEMO")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap()
}

impl Daemon {
    async fn start(db: &TestDb) -> Daemon {
        // A free port: bound, then released for the child.
        let addr = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap();
        let daemon = Daemon {
            child: daemon(addr, db),
            addr,
        };
        daemon.wait_ready().await;
        daemon
    }

    async fn channel(&self) -> Option<Channel> {
        Channel::from_shared(format!("http://{}", self.addr))
            .unwrap()
            .connect()
            .await
            .ok()
    }

    async fn wait_ready(&self) {
        for _ in 0..300 {
            if let Some(channel) = self.channel().await {
                let health = HealthClient::new(channel)
                    .check(HealthCheckRequest {
                        service: String::new(),
                    })
                    .await;
                if health.is_ok_and(|h| h.into_inner().status == ServingStatus::Serving as i32) {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("dangviend did not become ready on {}", self.addr);
    }

    async fn sync(&self) -> SyncServiceClient<Channel> {
        SyncServiceClient::new(self.channel().await.unwrap())
    }
}

#[tokio::test]
async fn an_import_killed_mid_way_resumes_to_the_state_of_one_uninterrupted_run() {
    let file = file();
    for db in TestDb::all().await {
        let backend = db.backend;
        let reference = TestServer::start(TestDb::fresh(backend).await.unwrap()).await;
        assert_eq!(import(&reference, file.as_bytes()).await.refusals(), []);
        let (expected, _) = export(&reference, "").await;
        reference.stop().await.unwrap();

        let mut daemon = Daemon::start(&db).await;
        let (seen, mut watch) = tokio::sync::watch::channel(0usize);
        let client = daemon.sync().await;
        let text = file.clone();
        let running = tokio::spawn(async move {
            import_via(client, "killed", text.as_bytes(), false, false, |n| {
                let _ = seen.send(n);
            })
            .await
        });
        watch.wait_for(|n| *n >= KILL_AFTER).await.unwrap();
        daemon.child.start_kill().unwrap();
        daemon.child.wait().await.unwrap();
        let interrupted = running.await.unwrap();
        assert!(
            interrupted.is_err(),
            "{backend}: the import finished before the kill"
        );

        let daemon = Daemon::start(&db).await;
        let resumed = import_via(
            daemon.sync().await,
            "killed",
            file.as_bytes(),
            false,
            false,
            |_| {},
        )
        .await
        .unwrap();
        assert!(
            resumed.resumed_after >= i64::try_from(KILL_AFTER).unwrap(),
            "{backend}: resumed after {}",
            resumed.resumed_after
        );
        assert_eq!(resumed.refusals(), [], "{backend}");
        let lines = i64::try_from(file.lines().count()).unwrap();
        let summary = resumed.summary();
        assert_eq!(summary.lines, lines);
        assert_eq!(summary.already_imported, resumed.resumed_after);
        assert_eq!(summary.accepted, lines - resumed.resumed_after);
        assert!(
            resumed
                .outcomes()
                .iter()
                .all(|o| matches!(o, O::Accepted | O::AlreadyImported))
        );

        let mut feed = daemon.sync().await;
        let mut stream = feed
            .export(dangvien_proto::v1::ExportRequest::default())
            .await
            .unwrap()
            .into_inner();
        let mut after = String::new();
        while let Some(chunk) = stream.message().await.unwrap() {
            for line in chunk.lines {
                after.push_str(&line);
                after.push('\n');
            }
        }
        assert!(
            after == expected,
            "{backend}: the resumed import differs from one uninterrupted run"
        );
        drop(daemon);
        db.drop_database().await.unwrap();
    }
}
