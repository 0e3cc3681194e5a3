//! `dangvien target …`: set or show the admissions target of an organisation for a year
//! (`SetTarget`, `GetTarget`).

use dangvien_proto::v1 as pb;

use super::{Session, wire_etag};
use crate::{
    cli::{TargetCommand, TargetSetArgs},
    error::Error,
    view::{TargetView, org_name},
};

/// Runs one `target` subcommand.
pub(super) async fn run(command: TargetCommand, session: &mut Session<'_>) -> Result<(), Error> {
    match command {
        TargetCommand::Set(args) => set(args, session).await,
        TargetCommand::Show { org, year } => {
            let mut api = session.connect().await?;
            let request = pb::GetTargetRequest {
                name: target_name(&org, year),
            };
            let target = api.get_target(request).await?;
            Ok(session.render.target(&target.into())?)
        }
    }
}

async fn set(args: TargetSetArgs, session: &mut Session<'_>) -> Result<(), Error> {
    let mut api = session.connect().await?;
    let request = set_request(args, session.request_id()?);
    let target = api.set_target(request).await?;
    Ok(session.render.target(&TargetView::from(target))?)
}

/// The `SetTarget` of `target set`.
fn set_request(args: TargetSetArgs, request_id: String) -> pb::SetTargetRequest {
    let TargetSetArgs {
        org,
        year,
        admissions,
        etag,
    } = args;
    pb::SetTargetRequest {
        target: Some(pb::Target {
            org: org_name(&org),
            year,
            admissions,
            // Output only: the server derives the name from `org` and `year`; the etag goes in
            // the request.
            name: String::new(),
            etag: String::new(),
        }),
        etag: wire_etag(etag),
        request_id,
    }
}

/// `organizations/{code}/targets/{year}`.
fn target_name(org: &str, year: i32) -> String {
    format!("{}/targets/{year}", org_name(org))
}

#[cfg(test)]
mod tests {
    use clap::Parser as _;

    use super::*;
    use crate::cli::{Cli, Command};

    fn parse(args: &[&str]) -> Result<TargetCommand, clap::Error> {
        let cli = Cli::try_parse_from(["dangvien", "target"].iter().chain(args))?;
        let Command::Target(command) = cli.command else {
            panic!("not target")
        };
        Ok(command)
    }

    #[test]
    fn set_sends_the_target_and_a_quoted_etag() {
        let Ok(TargetCommand::Set(args)) = parse(&[
            "set",
            "--org",
            "KHOI",
            "--year",
            "2022",
            "--admissions",
            "150",
            "--etag",
            "2",
        ]) else {
            panic!("not target set")
        };
        let request = set_request(args, "r1".into());
        let target = request.target.unwrap();
        assert_eq!(target.org, "organizations/KHOI");
        assert_eq!((target.year, target.admissions), (2022, 150));
        assert_eq!(request.etag, "\"2\"");
        assert_eq!(request.request_id, "r1");
    }

    #[test]
    fn bad_numbers_are_usage_errors() {
        for bad in [
            &["set", "--org", "K", "--year", "2022", "--admissions", "-1"][..],
            &["set", "--org", "K", "--year", "22", "--admissions", "1"],
            &["show", "--org", "K", "--year", "twenty"],
            &["show", "--org", "K"],
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(target_name("KHOI", 2022), "organizations/KHOI/targets/2022");
    }
}
