//! `dangvien.v1.AuditService`: validate, convert, call the app, convert back.

use chrono::{DateTime, Utc};
use dangvien_proto::v1::{self as pb, audit_service_server::AuditService};
use tonic::{Request, Response, Status};

use super::{Ready, ctx};
use crate::{
    app::{AuditQuery, AuditVerification, PageRequest},
    domain::{Error, FieldViolation, Reason, audit::Linked},
};

/// The audit service.
#[derive(Clone, Debug)]
pub(crate) struct AuditApi {
    ready: Ready,
}

impl AuditApi {
    pub(crate) fn new(ready: Ready) -> Self {
        Self { ready }
    }
}

#[tonic::async_trait]
impl AuditService for AuditApi {
    async fn list_audit_entries(
        &self,
        request: Request<pb::ListAuditEntriesRequest>,
    ) -> Result<Response<pb::ListAuditEntriesResponse>, Status> {
        let app = self.ready.app()?;
        let (_, extensions, request) = request.into_parts();
        let ctx = ctx(&extensions, None);
        let pb::ListAuditEntriesRequest {
            principal,
            subject,
            start_time,
            end_time,
            page_size,
            page_token,
        } = request;
        let query = AuditQuery {
            principal: Some(principal).filter(|p| !p.is_empty()),
            subject: Some(subject).filter(|s| !s.is_empty()),
            from: start_time.map(|t| time("start_time", t)).transpose()?,
            to: end_time.map(|t| time("end_time", t)).transpose()?,
        };
        let page = PageRequest {
            size: page_size,
            token: page_token,
        };
        let page = app.list_audit(&ctx, &query, &page).await?;
        Ok(Response::new(pb::ListAuditEntriesResponse {
            entries: page.entries.into_iter().map(entry).collect(),
            next_page_token: page.next_page_token,
        }))
    }

    async fn verify_audit_log(
        &self,
        request: Request<pb::VerifyAuditLogRequest>,
    ) -> Result<Response<pb::VerifyAuditLogResponse>, Status> {
        let app = self.ready.app()?;
        let (_, extensions, pb::VerifyAuditLogRequest {}) = request.into_parts();
        let ctx = ctx(&extensions, None);
        let AuditVerification {
            entries_checked,
            chains,
            breaks,
            heads,
        } = app.verify_audit(&ctx).await?;
        Ok(Response::new(pb::VerifyAuditLogResponse {
            entries_checked: i64::try_from(entries_checked).unwrap_or(i64::MAX),
            chains: i32::try_from(chains).unwrap_or(i32::MAX),
            breaks,
            heads,
        }))
    }
}

fn time(field: &str, t: prost_types::Timestamp) -> Result<DateTime<Utc>, Error> {
    u32::try_from(t.nanos)
        .ok()
        .and_then(|nanos| DateTime::from_timestamp(t.seconds, nanos))
        .ok_or_else(|| {
            Error::invalid(
                Reason::InvalidField,
                FieldViolation::new(field, "thời điểm không hợp lệ", "not a valid timestamp"),
            )
        })
}

fn entry(linked: Linked) -> pb::AuditEntry {
    let name = linked.name();
    let Linked { entry, hash, .. } = linked;
    pb::AuditEntry {
        name,
        time: Some(prost_types::Timestamp {
            seconds: entry.at.timestamp(),
            nanos: i32::try_from(entry.at.timestamp_subsec_nanos()).unwrap_or_default(),
        }),
        principal: entry.principal,
        method: entry.method,
        subjects: entry.subjects,
        outcome: entry.outcome,
        request_id: entry.request_id.unwrap_or_default(),
        hash,
    }
}
