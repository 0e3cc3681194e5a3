//! The arguments of `report overdue`, `year` and `funnel`, and where a workbook may go.

use chrono::NaiveDate;
use clap::Parser as _;

use crate::cli::{Cli, Command};

use super::*;

fn parse_cli(args: &[&str]) -> Result<Cli, clap::Error> {
    Cli::try_parse_from(["dangvien", "report"].iter().chain(args))
}

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

#[test]
fn year_takes_a_year_an_org_a_format_and_a_file() {
    let cli = parse_cli(&[
        "year", "--year", "2021", "--org", "KHOI", "--format", "xlsx", "--output", "r.xlsx",
    ])
    .unwrap();
    assert_eq!(cli.format, Format::Xlsx);
    let Command::Report(ReportCommand::Year(args)) = cli.command else {
        panic!("not report year")
    };
    assert_eq!(args.year, 2021);
    assert_eq!(args.org.as_deref(), Some("KHOI"));
    assert_eq!(args.output.as_deref(), Some(Path::new("r.xlsx")));
    for bad in [
        &["year"][..],
        &["year", "--year", "21"],
        &["year", "--year", "x"],
    ] {
        assert!(parse_cli(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn funnel_takes_a_year_an_org_and_a_day() {
    let cli = parse_cli(&["funnel", "--year", "2021", "--as-of", "2022-03-31"]).unwrap();
    let Command::Report(ReportCommand::Funnel(args)) = cli.command else {
        panic!("not report funnel")
    };
    assert_eq!(args.year, 2021);
    assert_eq!(args.as_of, NaiveDate::from_ymd_opt(2022, 3, 31));
    assert_eq!((args.org, args.output), (None, None));
    assert!(parse_cli(&["funnel", "--year", "2021", "--as-of", "31/03/2022"]).is_err());
}

#[test]
fn a_workbook_never_goes_onto_a_terminal() {
    let file = Some(Path::new("r.xlsx"));
    assert_eq!(
        check_workbook_destination(Format::Xlsx, None, true),
        Err(Mistake::WorkbookToTerminal)
    );
    assert_eq!(
        check_workbook_destination(Format::Xlsx, None, false),
        Ok(())
    );
    assert_eq!(check_workbook_destination(Format::Xlsx, file, true), Ok(()));
    for format in [Format::Table, Format::Json, Format::Csv] {
        assert_eq!(check_workbook_destination(format, None, true), Ok(()));
    }
}
