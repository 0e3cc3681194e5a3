//! `dangvien audit list` and `dangvien audit verify`: the server's audit log, for admins. A
//! broken hash chain is an error (exit code 1, as `admin verify`'s differences) after the
//! breaks are printed.

use dangvien_proto::v1 as pb;

use super::Session;
use crate::{
    cli::{AuditCommand, AuditListArgs},
    error::{Error, Mistake},
    view::{AuditEntryView, AuditVerificationView},
};

/// Runs one `audit` subcommand.
pub(super) async fn run(command: AuditCommand, session: &mut Session<'_>) -> Result<(), Error> {
    match command {
        AuditCommand::List(args) => list(args, session).await,
        AuditCommand::Verify => verify(session).await,
    }
}

async fn list(args: AuditListArgs, session: &mut Session<'_>) -> Result<(), Error> {
    let request = request(args)?;
    let mut api = session.connect().await?;
    let entries: Vec<AuditEntryView> = api
        .list_all_audit_entries(request)
        .await?
        .into_iter()
        .map(AuditEntryView::from)
        .collect();
    session.render.audit_entries(&entries)?;
    Ok(())
}

/// The filters of `audit list`; a range that is empty (it ends where or before it starts: `--to`
/// is excluded) is a usage error, found before connecting.
fn request(args: AuditListArgs) -> Result<pb::ListAuditEntriesRequest, Error> {
    let AuditListArgs {
        principal,
        subject,
        from,
        to,
    } = args;
    let start = from.map(|f| f.start());
    let end = to.map(|t| t.end());
    if let (Some(start), Some(end)) = (start, end)
        && start >= end
    {
        return Err(Mistake::RangeReversed {
            from: "--from",
            to: "--to",
        }
        .into());
    }
    let timestamp = |t: chrono::DateTime<chrono::Utc>| prost_types::Timestamp {
        seconds: t.timestamp(),
        nanos: i32::try_from(t.timestamp_subsec_nanos()).unwrap_or(0),
    };
    Ok(pb::ListAuditEntriesRequest {
        principal: principal.unwrap_or_default(),
        subject: subject.unwrap_or_default(),
        start_time: start.map(timestamp),
        end_time: end.map(timestamp),
        ..pb::ListAuditEntriesRequest::default()
    })
}

async fn verify(session: &mut Session<'_>) -> Result<(), Error> {
    let mut api = session.connect().await?;
    let view = AuditVerificationView::from(api.verify_audit_log().await?);
    session.render.audit_verification(&view)?;
    if view.breaks.is_empty() {
        Ok(())
    } else {
        Err(Error::AuditBroken {
            count: view.breaks.len(),
        })
    }
}

#[cfg(test)]
mod tests;
