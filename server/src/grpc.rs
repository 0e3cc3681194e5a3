//! The gRPC surface: thin services that validate, convert, call the app and convert back.

mod admin;
mod audit;
mod auth;
mod convert;
mod decisions;
mod filter;
mod idle;
mod members;
mod organizations;
mod people;
mod statistics;
mod status;
mod sync;

use std::sync::{Arc, OnceLock};

use dangvien_proto::v1::organization_service_server::OrganizationServiceServer;

pub(crate) use auth::{AuthLayer, Limits, Tokens};
pub(crate) use idle::IdleTimeoutLayer;
pub(crate) use organizations::OrganizationApi;

use crate::{
    app::{App, Ctx, Principal, RequestId},
    config::Config,
    domain::{Error, Result},
};

/// The app once start-up has finished: calls before that are `UNAVAILABLE`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Ready(Arc<OnceLock<App>>);

impl Ready {
    /// Makes the app available to every service.
    pub(crate) fn set(&self, app: App) {
        // Set once, by `serve`, after migrations.
        let _ = self.0.set(app);
    }

    fn app(&self) -> Result<&App> {
        self.0.get().ok_or(Error::NotReady)
    }
}

/// The context of a call: who calls (as the authentication layer found them), which method,
/// and its request id.
fn ctx(extensions: &tonic::Extensions, request_id: Option<RequestId>) -> Ctx {
    let caller = extensions.get::<auth::Caller>();
    Ctx {
        principal: caller.map_or_else(Principal::local, |c| c.principal.clone()),
        request_id,
        method: caller.map(|c| c.method.clone()).unwrap_or_default(),
    }
}

/// The decision service with the configured message limits.
pub(crate) fn decision_service(
    ready: Ready,
    config: &Config,
) -> dangvien_proto::v1::decision_service_server::DecisionServiceServer<decisions::DecisionApi> {
    dangvien_proto::v1::decision_service_server::DecisionServiceServer::new(
        decisions::DecisionApi::new(ready),
    )
    .max_decoding_message_size(config.max_message_bytes)
    .max_encoding_message_size(config.max_message_bytes)
}

/// The person service with the configured message limits.
pub(crate) fn person_service(
    ready: Ready,
    config: &Config,
) -> dangvien_proto::v1::person_service_server::PersonServiceServer<people::PersonApi> {
    dangvien_proto::v1::person_service_server::PersonServiceServer::new(people::PersonApi::new(
        ready,
    ))
    .max_decoding_message_size(config.max_message_bytes)
    .max_encoding_message_size(config.max_message_bytes)
}

/// The member service with the configured message limits.
pub(crate) fn member_service(
    ready: Ready,
    config: &Config,
) -> dangvien_proto::v1::member_service_server::MemberServiceServer<members::MemberApi> {
    dangvien_proto::v1::member_service_server::MemberServiceServer::new(members::MemberApi::new(
        ready,
    ))
    .max_decoding_message_size(config.max_message_bytes)
    .max_encoding_message_size(config.max_message_bytes)
}

/// The admin service with the configured message limits.
pub(crate) fn admin_service(
    ready: Ready,
    config: &Config,
) -> dangvien_proto::v1::admin_service_server::AdminServiceServer<admin::AdminApi> {
    dangvien_proto::v1::admin_service_server::AdminServiceServer::new(admin::AdminApi::new(ready))
        .max_decoding_message_size(config.max_message_bytes)
        .max_encoding_message_size(config.max_message_bytes)
}

/// The statistics service with the configured message limits.
pub(crate) fn statistics_service(
    ready: Ready,
    config: &Config,
) -> dangvien_proto::v1::statistics_service_server::StatisticsServiceServer<statistics::StatisticsApi>
{
    dangvien_proto::v1::statistics_service_server::StatisticsServiceServer::new(
        statistics::StatisticsApi::new(ready),
    )
    .max_decoding_message_size(config.max_message_bytes)
    .max_encoding_message_size(config.max_message_bytes)
}

/// The sync service with the configured message limits.
pub(crate) fn sync_service(
    ready: Ready,
    config: &Config,
) -> dangvien_proto::v1::sync_service_server::SyncServiceServer<sync::SyncApi> {
    dangvien_proto::v1::sync_service_server::SyncServiceServer::new(sync::SyncApi::new(ready))
        .max_decoding_message_size(config.max_message_bytes)
        .max_encoding_message_size(config.max_message_bytes)
}

/// The organisation service with the configured message limits.
pub(crate) fn organization_service(
    ready: Ready,
    config: &Config,
) -> OrganizationServiceServer<OrganizationApi> {
    OrganizationServiceServer::new(OrganizationApi::new(ready))
        .max_decoding_message_size(config.max_message_bytes)
        .max_encoding_message_size(config.max_message_bytes)
}

/// The audit service with the configured message limits.
pub(crate) fn audit_service(
    ready: Ready,
    config: &Config,
) -> dangvien_proto::v1::audit_service_server::AuditServiceServer<audit::AuditApi> {
    dangvien_proto::v1::audit_service_server::AuditServiceServer::new(audit::AuditApi::new(ready))
        .max_decoding_message_size(config.max_message_bytes)
        .max_encoding_message_size(config.max_message_bytes)
}
