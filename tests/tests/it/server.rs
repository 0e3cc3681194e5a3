//! The server as an operator sees it: health, reflection, start-up failures, graceful stop.

use dangvien_server::{Clock, Config};
use dangvien_tests::{TestDb, TestServer, servers};
use tokio_stream::StreamExt as _;
use tonic_health::pb::{
    HealthCheckRequest, health_check_response::ServingStatus, health_client::HealthClient,
};

#[tokio::test]
async fn health_says_serving_for_the_server_and_the_api() {
    for server in servers().await {
        let mut health = HealthClient::new(server.channel().await.unwrap());
        for service in ["", "dangvien.v1.OrganizationService"] {
            let status = health
                .check(HealthCheckRequest {
                    service: service.to_owned(),
                })
                .await
                .unwrap()
                .into_inner()
                .status;
            assert_eq!(status, ServingStatus::Serving as i32, "{service:?}");
        }
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn reflection_lists_the_services_in_v1_and_v1alpha() {
    use tonic_reflection::pb::{v1, v1alpha};
    for server in servers().await {
        let channel = server.channel().await.unwrap();

        let mut client = v1::server_reflection_client::ServerReflectionClient::new(channel.clone());
        let request = v1::ServerReflectionRequest {
            host: String::new(),
            message_request: Some(v1::server_reflection_request::MessageRequest::ListServices(
                String::new(),
            )),
        };
        let mut responses = client
            .server_reflection_info(tokio_stream::iter([request]))
            .await
            .unwrap()
            .into_inner();
        let Some(Ok(response)) = responses.next().await else {
            panic!("no v1 answer")
        };
        let Some(v1::server_reflection_response::MessageResponse::ListServicesResponse(list)) =
            response.message_response
        else {
            panic!("unexpected v1 answer")
        };
        let names: Vec<_> = list.service.into_iter().map(|s| s.name).collect();
        assert!(
            names.contains(&"dangvien.v1.OrganizationService".to_owned()),
            "{names:?}"
        );
        assert!(
            names.contains(&"grpc.health.v1.Health".to_owned()),
            "{names:?}"
        );

        let mut client = v1alpha::server_reflection_client::ServerReflectionClient::new(channel);
        let request = v1alpha::ServerReflectionRequest {
            host: String::new(),
            message_request: Some(
                v1alpha::server_reflection_request::MessageRequest::ListServices(String::new()),
            ),
        };
        let mut responses = client
            .server_reflection_info(tokio_stream::iter([request]))
            .await
            .unwrap()
            .into_inner();
        let Some(Ok(response)) = responses.next().await else {
            panic!("no v1alpha answer")
        };
        let Some(v1alpha::server_reflection_response::MessageResponse::ListServicesResponse(list)) =
            response.message_response
        else {
            panic!("unexpected v1alpha answer")
        };
        assert!(
            list.service
                .iter()
                .any(|s| s.name == "dangvien.v1.OrganizationService")
        );
        server.stop().await.unwrap();
    }
}

#[tokio::test]
async fn a_database_that_cannot_be_opened_stops_the_server_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!(
        "sqlite://{}/missing/dir/x.db?mode=rwc",
        dir.path().display()
    );
    let config = Config::from_args(["dangviend", "--database-url", &url]).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let err = dangvien_server::serve(&config, Clock::System, listener, std::future::pending())
        .await
        .unwrap_err();
    let reason = format!("{err:#}");
    assert!(reason.contains("cannot open the database"), "{reason}");
}

#[tokio::test]
async fn a_postgres_password_never_reaches_the_error() {
    let config = Config::from_args([
        "dangviend",
        "--database-url",
        "postgres://someone:hunter2@127.0.0.1:1/nowhere",
        "--database-connect-timeout",
        "1",
    ])
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let err = dangvien_server::serve(&config, Clock::System, listener, std::future::pending())
        .await
        .unwrap_err();
    let reason = format!("{err:#}");
    assert!(reason.contains("cannot open the database"), "{reason}");
    assert!(!reason.contains("hunter2"), "{reason}");
}

#[tokio::test]
async fn a_silent_stream_is_ended_after_the_idle_timeout() {
    use tonic_reflection::pb::v1;
    let server = TestServer::start_with_args(
        TestDb::sqlite(),
        Clock::System,
        &["--stream-idle-timeout", "1"],
    )
    .await
    .unwrap();
    let mut client =
        v1::server_reflection_client::ServerReflectionClient::new(server.channel().await.unwrap());
    let (send, requests) = tokio::sync::mpsc::channel(1);
    let mut responses = client
        .server_reflection_info(tokio_stream::wrappers::ReceiverStream::new(requests))
        .await
        .unwrap()
        .into_inner();
    send.send(v1::ServerReflectionRequest {
        host: String::new(),
        message_request: Some(v1::server_reflection_request::MessageRequest::ListServices(
            String::new(),
        )),
    })
    .await
    .unwrap();
    assert!(matches!(responses.next().await, Some(Ok(_))));
    // Stay silent, with the stream open: the server must end it well before this bound.
    let ended = tokio::time::timeout(std::time::Duration::from_secs(20), responses.next()).await;
    assert!(ended.is_ok(), "the silent stream was still open after 20 s");
    drop(send);
    server.stop().await.unwrap();
}
