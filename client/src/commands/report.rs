//! `dangvien report …`: `overdue`, every case and member whose next required decision is past its
//! deadline on a day (or falls due within N working days after it), from `ListOverdue`; `year`, the
//! figures of DESIGN §5 beside the year before's, from `GetYearReport`; `funnel`, from `GetFunnel`.

use std::{
    io::{self, IsTerminal as _},
    path::{Path, PathBuf},
};

use dangvien_proto::v1 as pb;
use tonic::Code;

use super::Session;
use crate::{
    api::Api,
    cli::{Format, FunnelArgs, OverdueArgs, ReportCommand, YearArgs},
    error::{Error, Mistake},
    render::Renderer,
    view::{FunnelView, OverdueView, YearReportView, date_to_wire, org_name},
};

/// The first year the contract reports (the Party's founding); there is no year before it to
/// set beside.
const FIRST_YEAR: i32 = 1930;

/// Runs one `report` subcommand.
pub(super) async fn run(command: ReportCommand, session: &mut Session<'_>) -> Result<(), Error> {
    match command {
        ReportCommand::Overdue(args) => overdue(args, session).await,
        ReportCommand::Year(args) => year(args, session).await,
        ReportCommand::Funnel(args) => funnel(args, session).await,
    }
}

async fn overdue(args: OverdueArgs, session: &mut Session<'_>) -> Result<(), Error> {
    let OverdueArgs {
        as_of,
        org,
        due_within,
    } = args;
    let mut api = session.connect().await?;
    let org = org.as_deref().map(org_name).unwrap_or_default();
    let items = api
        .list_all_overdue(as_of.map(date_to_wire), org, due_within)
        .await?;
    let views: Vec<OverdueView> = items.into_iter().map(OverdueView::from).collect();
    Ok(session.render.overdue(&views)?)
}

async fn year(args: YearArgs, session: &mut Session<'_>) -> Result<(), Error> {
    let YearArgs { year, org, output } = args;
    let format = session.render.format();
    // Refused before the call, so that a clerk who forgot --output does not wait for nothing.
    check_workbook_destination(format, output.as_deref(), io::stdout().is_terminal())?;
    let mut api = session.connect().await?;
    let org = org.as_deref().map(org_name).unwrap_or_default();
    let request = |year| pb::GetYearReportRequest {
        org: org.clone(),
        year,
    };
    let current = YearReportView::from(api.get_year_report(request(year)).await?);
    // The JSON of §5 carries the year asked for only.
    let previous = if format == Format::Json || year <= FIRST_YEAR {
        None
    } else {
        previous_year(&mut api, request(year - 1)).await?
    };
    emit(session, output, |render| {
        render.year_report(&current, previous.as_ref())
    })
}

/// The report of the year before; `None` when the organisation was not valid in it, so that its
/// column stays empty rather than the whole report failing.
async fn previous_year(
    api: &mut Api,
    request: pb::GetYearReportRequest,
) -> Result<Option<YearReportView>, Error> {
    match api.get_year_report(request).await {
        Ok(report) => Ok(Some(report.into())),
        Err(Error::Status(status)) if status.code() == Code::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

async fn funnel(args: FunnelArgs, session: &mut Session<'_>) -> Result<(), Error> {
    let FunnelArgs {
        year,
        org,
        as_of,
        output,
    } = args;
    let mut api = session.connect().await?;
    let funnel = api
        .get_funnel(pb::GetFunnelRequest {
            org: org.as_deref().map(org_name).unwrap_or_default(),
            year,
            as_of: as_of.map(date_to_wire),
        })
        .await?;
    let view = FunnelView::from(funnel);
    emit(session, output, |render| render.funnel(&view))
}

/// A workbook is bytes for a file: it goes to `--output`, or to a stdout that is not a terminal
/// (a redirection or a pipe), never onto a screen.
fn check_workbook_destination(
    format: Format,
    output: Option<&Path>,
    stdout_is_terminal: bool,
) -> Result<(), Mistake> {
    if format == Format::Xlsx && output.is_none() && stdout_is_terminal {
        Err(Mistake::WorkbookToTerminal)
    } else {
        Ok(())
    }
}

/// Renders to stdout, or to `output`: the whole output is rendered first, so that a failed
/// rendering leaves no half-written file, and a failed write names the file.
fn emit(
    session: &mut Session<'_>,
    output: Option<PathBuf>,
    draw: impl FnOnce(&mut Renderer<'_>) -> io::Result<()>,
) -> Result<(), Error> {
    let Some(path) = output else {
        return Ok(draw(&mut session.render)?);
    };
    let mut bytes = Vec::new();
    draw(&mut session.render.to(&mut bytes))?;
    std::fs::write(&path, bytes).map_err(|error| Error::File { path, error })
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod server_tests;
