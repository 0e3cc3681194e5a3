//! `dangvien report overdue`: every case and member whose next required decision is past its
//! deadline on a day (or falls due within N working days after it), from `ListOverdue`.

use super::Session;
use crate::{
    cli::{OverdueArgs, ReportCommand},
    error::Error,
    view::{OverdueView, date_to_wire, org_name},
};

/// Runs one `report` subcommand.
pub(super) async fn run(command: ReportCommand, session: &mut Session<'_>) -> Result<(), Error> {
    match command {
        ReportCommand::Overdue(args) => overdue(args, session).await,
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

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use clap::Parser as _;

    use crate::cli::{Cli, Command};

    use super::*;

    fn parse(args: &[&str]) -> Result<OverdueArgs, clap::Error> {
        let cli = Cli::try_parse_from(["dangvien", "report", "overdue"].iter().chain(args))?;
        let Command::Report(ReportCommand::Overdue(args)) = cli.command else {
            panic!("not report overdue")
        };
        Ok(args)
    }

    #[test]
    fn overdue_takes_a_day_an_org_and_a_window() {
        let args = parse(&[
            "--as-of",
            "2024-06-30",
            "--org",
            "KHOI",
            "--due-within",
            "10",
        ])
        .unwrap();
        assert_eq!(args.as_of, NaiveDate::from_ymd_opt(2024, 6, 30));
        assert_eq!(args.org.as_deref(), Some("KHOI"));
        assert_eq!(args.due_within, 10);
        let args = parse(&[]).unwrap();
        assert_eq!((args.as_of, args.org, args.due_within), (None, None, 0));
        for bad in [
            &["--due-within=-1"][..],
            &["--due-within", "soon"],
            &["--as-of", "30/06/2024"],
        ] {
            let error = parse(bad).unwrap_err().to_string();
            assert!(error.contains("/ expected"), "{bad:?}: {error}");
        }
    }
}
