//! A small façade over the generated service clients (organisations, persons, members,
//! decisions, statistics): connect once, one method per RPC, each call carrying the `--timeout`
//! deadline and tried again while the server is starting (`retry`). A List method fetches every
//! page. Every call carries the token, if any, and goes over TLS when asked (`transport`). The
//! organisation calls are here; `people`, `decisions`, `statistics`, `admin`, `audit` and `sync`
//! hold the others.

mod admin;
mod audit;
mod decisions;
mod people;
mod retry;
mod statistics;
mod sync;
mod transport;

pub(crate) use self::{
    sync::{abandon, stream_error},
    transport::{Secret, TransportArgs},
};

use std::{
    future::Future,
    time::{Duration, Instant},
};

use dangvien_proto::v1::{
    self as pb, admin_service_client::AdminServiceClient, audit_service_client::AuditServiceClient,
    decision_service_client::DecisionServiceClient, member_service_client::MemberServiceClient,
    organization_service_client::OrganizationServiceClient,
    person_service_client::PersonServiceClient, statistics_service_client::StatisticsServiceClient,
    sync_service_client::SyncServiceClient,
};
use tonic::{
    Code, Request, Response, Status,
    service::interceptor::InterceptedService,
    transport::{Channel, Endpoint},
};

use self::{
    retry::Failure,
    transport::{Bearer, Transport},
};
use crate::error::Error;

/// The one connection, with the token added to every call.
type Link = InterceptedService<Channel, Bearer>;

/// The longest wait for the TCP connection, even under a long `--timeout`: a server that does not
/// accept within this is down, and the clerk should hear so quickly.
const MAX_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// Lets the server's own `DEADLINE_EXCEEDED` (which carries its message) arrive before ours.
const CLIENT_DEADLINE_GRACE: Duration = Duration::from_millis(500);

/// How often an otherwise silent connection is pinged, and how long a ping may go unanswered.
const KEEP_ALIVE_INTERVAL: Duration = Duration::from_secs(20);

/// The largest page the server serves (`page_size` of every List).
pub(crate) const PAGE_SIZE: i32 = 1000;

/// A connection to `dangviend`.
#[derive(Debug)]
pub(crate) struct Api {
    server: String,
    timeout: Duration,
    orgs: OrganizationServiceClient<Link>,
    people: PersonServiceClient<Link>,
    members: MemberServiceClient<Link>,
    decisions: DecisionServiceClient<Link>,
    statistics: StatisticsServiceClient<Link>,
    admin: AdminServiceClient<Link>,
    audit: AuditServiceClient<Link>,
    sync: SyncServiceClient<Link>,
}

impl Api {
    /// Connects now, so that an unreachable server is reported before anything else happens;
    /// a server that does not listen yet is dialled again until `timeout` has passed.
    pub(crate) async fn connect(
        server: &str,
        timeout: Duration,
        transport: Transport,
    ) -> Result<Self, Error> {
        let Transport { tls, bearer } = transport;
        let mut endpoint =
            Endpoint::from_shared(server.to_owned()).map_err(|e| connect_failed(server, &e))?;
        if let Some(tls) = tls {
            endpoint = endpoint
                .tls_config(tls)
                .map_err(|e| connect_failed(server, &e))?;
        }
        let endpoint = endpoint
            .connect_timeout(timeout.min(MAX_CONNECT_TIMEOUT))
            // A sync stream has no overall deadline; pings are how a dead server or a cut
            // network is noticed while the client waits for results.
            .http2_keep_alive_interval(KEEP_ALIVE_INTERVAL)
            .keep_alive_timeout(KEEP_ALIVE_INTERVAL)
            .keep_alive_while_idle(true);
        let channel =
            retry::retrying(timeout, async || dial(&endpoint, server, timeout).await).await?;
        // One connection, shared: a channel is a handle. Every client adds the token.
        let link = |channel: Channel| InterceptedService::new(channel, bearer.clone());
        Ok(Self {
            server: server.to_owned(),
            timeout,
            orgs: OrganizationServiceClient::new(link(channel.clone())),
            people: PersonServiceClient::new(link(channel.clone())),
            members: MemberServiceClient::new(link(channel.clone())),
            decisions: DecisionServiceClient::new(link(channel.clone())),
            statistics: StatisticsServiceClient::new(link(channel.clone())),
            admin: AdminServiceClient::new(link(channel.clone())),
            audit: AuditServiceClient::new(link(channel.clone())),
            sync: SyncServiceClient::new(link(channel)),
        })
    }

    /// `GetOrganization`.
    pub(crate) async fn get_organization(
        &mut self,
        request: pb::GetOrganizationRequest,
    ) -> Result<pb::Organization, Error> {
        self.unary(&self.orgs, request, async |mut c, r| {
            c.get_organization(r).await
        })
        .await
    }

    /// `ListOrganizations`, one page.
    pub(crate) async fn list_organizations(
        &mut self,
        request: pb::ListOrganizationsRequest,
    ) -> Result<pb::ListOrganizationsResponse, Error> {
        self.unary(&self.orgs, request, async |mut c, r| {
            c.list_organizations(r).await
        })
        .await
    }

    /// `ListOrganizations`, every page of the largest size; each page is one call with its own
    /// deadline.
    pub(crate) async fn list_all_organizations(
        &mut self,
        filter: String,
        as_of: Option<dangvien_proto::google::r#type::Date>,
    ) -> Result<Vec<pb::Organization>, Error> {
        let mut all = Vec::new();
        let mut page_token = String::new();
        loop {
            let page = self
                .list_organizations(pb::ListOrganizationsRequest {
                    page_size: PAGE_SIZE,
                    page_token: page_token.clone(),
                    filter: filter.clone(),
                    as_of,
                })
                .await?;
            all.extend(page.organizations);
            match next_page(&page_token, page.next_page_token)? {
                Some(next) => page_token = next,
                None => return Ok(all),
            }
        }
    }

    /// `CreateOrganization`.
    pub(crate) async fn create_organization(
        &mut self,
        request: pb::CreateOrganizationRequest,
    ) -> Result<pb::Organization, Error> {
        self.unary(&self.orgs, request, async |mut c, r| {
            c.create_organization(r).await
        })
        .await
    }

    /// `UpdateOrganization`.
    pub(crate) async fn update_organization(
        &mut self,
        request: pb::UpdateOrganizationRequest,
    ) -> Result<pb::Organization, Error> {
        self.unary(&self.orgs, request, async |mut c, r| {
            c.update_organization(r).await
        })
        .await
    }

    /// `MoveOrganization`.
    pub(crate) async fn move_organization(
        &mut self,
        request: pb::MoveOrganizationRequest,
    ) -> Result<pb::Organization, Error> {
        self.unary(&self.orgs, request, async |mut c, r| {
            c.move_organization(r).await
        })
        .await
    }

    /// `MergeOrganization`.
    pub(crate) async fn merge_organization(
        &mut self,
        request: pb::MergeOrganizationRequest,
    ) -> Result<pb::Organization, Error> {
        self.unary(&self.orgs, request, async |mut c, r| {
            c.merge_organization(r).await
        })
        .await
    }

    /// `DissolveOrganization`.
    pub(crate) async fn dissolve_organization(
        &mut self,
        request: pb::DissolveOrganizationRequest,
    ) -> Result<pb::Organization, Error> {
        self.unary(&self.orgs, request, async |mut c, r| {
            c.dissolve_organization(r).await
        })
        .await
    }

    /// A unary call of `client` with `message` under the deadline. Made again while the server
    /// is starting or refuses connections, each time with a copy of the same message: a mutation
    /// keeps its `request_id`, so the server applies it once however many attempts reach it.
    async fn unary<C: Clone, M: Clone, T>(
        &self,
        client: &C,
        message: M,
        call: impl AsyncFn(C, Request<M>) -> Result<Response<T>, Status>,
    ) -> Result<T, Error> {
        let timeout = self.timeout;
        self.attempts(client, message, |m| with_deadline(m, timeout), call)
            .await
    }

    /// Opens a stream of `client` with `message`, made again as [`Api::unary`] is; a stream
    /// has no overall deadline.
    async fn open<C: Clone, M: Clone, T>(
        &self,
        client: &C,
        message: M,
        call: impl AsyncFn(C, Request<M>) -> Result<Response<T>, Status>,
    ) -> Result<T, Error> {
        self.attempts(client, message, Request::new, call).await
    }

    /// The one place a call is made: `call` with `request(message)`, through [`retry::retrying`].
    async fn attempts<C: Clone, M: Clone, T>(
        &self,
        client: &C,
        message: M,
        request: impl Fn(M) -> Request<M>,
        call: impl AsyncFn(C, Request<M>) -> Result<Response<T>, Status>,
    ) -> Result<T, Error> {
        retry::retrying(self.timeout, async || {
            let sent = call(client.clone(), request(message.clone()));
            finish(&self.server, self.timeout, sent)
                .await
                .map_err(Failure::call)
        })
        .await
    }
}

/// One attempt to connect.
async fn dial(endpoint: &Endpoint, server: &str, timeout: Duration) -> Result<Channel, Failure> {
    // connect_timeout covers TCP only; a peer that accepts but never speaks HTTP/2 is caught here.
    match tokio::time::timeout(timeout, endpoint.connect()).await {
        Ok(Ok(channel)) => Ok(channel),
        Ok(Err(e)) => Err(Failure::connect(connect_failed(server, &e), &e)),
        Err(_) => Err(Failure::last(Error::Timeout {
            server: server.to_owned(),
            seconds: timeout.as_secs_f64(),
        })),
    }
}

/// No connection to `server`, because of `error`.
fn connect_failed(server: &str, error: &(dyn std::error::Error + 'static)) -> Error {
    Error::Connect {
        server: server.to_owned(),
        detail: chain(error),
    }
}

/// A request carrying `timeout` as `grpc-timeout`, so the server gives up when the clerk does.
fn with_deadline<T>(message: T, timeout: Duration) -> Request<T> {
    let mut request = Request::new(message);
    request.set_timeout(timeout);
    request
}

/// Awaits a call under the client's own deadline, in case the server never answers.
async fn finish<T>(
    server: &str,
    timeout: Duration,
    call: impl Future<Output = Result<Response<T>, Status>>,
) -> Result<T, Error> {
    let started = Instant::now();
    let timed_out = || Error::Timeout {
        server: server.to_owned(),
        seconds: timeout.as_secs_f64(),
    };
    match tokio::time::timeout(timeout + CLIENT_DEADLINE_GRACE, call).await {
        Ok(Ok(response)) => Ok(response.into_inner()),
        // tonic's channel enforces `grpc-timeout` on our side too, and reports it as CANCELLED
        // "Timeout expired"; the clerk should hear that the server did not answer in time.
        Ok(Err(status)) if status.code() == Code::Cancelled && started.elapsed() >= timeout => {
            Err(timed_out())
        }
        Ok(Err(status)) => Err(status.into()),
        Err(_) => Err(timed_out()),
    }
}

/// An error and its causes on one line: tonic's own message ("transport error") says little.
fn chain(error: &(dyn std::error::Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        // hyper and tonic often repeat their cause's text; print each once.
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// The token of the next page, `None` after the last one. A server that sends back the token it
/// was given would make the listing loop forever: that is an unexpected error instead.
fn next_page(sent: &str, next: String) -> Result<Option<String>, Error> {
    if next.is_empty() {
        return Ok(None);
    }
    if next == sent {
        return Err(Error::Status(Box::new(tonic::Status::internal(
            "the server sent the same page token again",
        ))));
    }
    Ok(Some(next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_page_token_ends_the_listing_with_an_error() {
        assert_eq!(next_page("", String::new()).unwrap(), None);
        assert_eq!(next_page("", "a".into()).unwrap(), Some("a".to_owned()));
        assert_eq!(next_page("a", "b".into()).unwrap(), Some("b".to_owned()));
        assert!(matches!(next_page("b", "b".into()), Err(Error::Status(_))));
    }

    #[test]
    fn every_call_carries_the_deadline() {
        let request = with_deadline((), Duration::from_millis(1500));
        let header = request.metadata().get("grpc-timeout").unwrap();
        assert_eq!(header.to_str().unwrap(), "1500000u");
    }

    /// An error with a text and an optional cause.
    #[derive(Debug)]
    struct Layer(&'static str, Option<Box<Layer>>);

    impl std::fmt::Display for Layer {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(self.0)
        }
    }

    impl std::error::Error for Layer {
        fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
            self.1.as_deref().map(|e| e as _)
        }
    }

    #[test]
    fn error_chains_are_spelled_out_once() {
        let refused = Layer("Connection refused", None);
        let tcp = Layer(
            "tcp connect error: Connection refused",
            Some(Box::new(refused)),
        );
        let transport = Layer("transport error", Some(Box::new(tcp)));
        assert_eq!(
            chain(&transport),
            "transport error: tcp connect error: Connection refused"
        );
    }
}
