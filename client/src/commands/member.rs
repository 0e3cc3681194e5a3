//! `dangvien member …`: register a member from earlier records, or show a membership on a day.

use dangvien_proto::v1 as pb;

use super::Session;
use crate::{
    cli::{MemberCommand, RegisterArgs},
    error::Error,
    view::{date_to_wire, person_name},
};

/// Runs one `member` subcommand.
pub(super) async fn run(command: MemberCommand, session: &mut Session<'_>) -> Result<(), Error> {
    match command {
        MemberCommand::Register(args) => register(args, session).await,
        MemberCommand::Show { person, as_of } => {
            let mut api = session.connect().await?;
            let request = pb::GetMemberRequest {
                name: member_name(&person),
                as_of: as_of.map(date_to_wire),
            };
            let member = api.get_member(request).await?;
            Ok(session.render.member(&member.into())?)
        }
    }
}

async fn register(args: RegisterArgs, session: &mut Session<'_>) -> Result<(), Error> {
    let mut api = session.connect().await?;
    let request = register_request(args, session.request_id()?);
    let member = api.register_member(request).await?;
    Ok(session.render.member(&member.into())?)
}

/// The `RegisterMember` of `member register`.
fn register_request(args: RegisterArgs, request_id: String) -> pb::RegisterMemberRequest {
    let RegisterArgs {
        person,
        admission_date,
        ceremony_date,
        official_date,
        status,
        origin,
        since,
    } = args;
    pb::RegisterMemberRequest {
        person: person_name(&person),
        admission_date: Some(date_to_wire(admission_date)),
        ceremony_date: ceremony_date.map(date_to_wire),
        official_date: official_date.map(date_to_wire),
        status: status.to_wire().into(),
        origin: origin.to_wire().into(),
        since: since.map(date_to_wire),
        request_id,
    }
}

/// `people/{id}/member`.
fn member_name(person: &str) -> String {
    format!("{}/member", person_name(person))
}

#[cfg(test)]
mod tests {
    use clap::Parser as _;

    use super::*;
    use crate::cli::{Cli, Command};

    fn register(args: &[&str]) -> pb::RegisterMemberRequest {
        let cli =
            Cli::try_parse_from(["dangvien", "member", "register"].iter().chain(args)).unwrap();
        let Command::Member(MemberCommand::Register(args)) = cli.command else {
            panic!("not a registration")
        };
        register_request(args, "r1".into())
    }

    #[test]
    fn registrations_default_to_existing_members() {
        let request = register(&[
            "P2",
            "--admission-date",
            "2009-05-19",
            "--ceremony-date",
            "2009-06-01",
            "--official-date",
            "2010-06-01",
            "--status",
            "official",
        ]);
        assert_eq!(request.person, "people/P2");
        assert_eq!(request.status, pb::MemberStatus::Official as i32);
        assert_eq!(request.origin, pb::MemberOrigin::Existing as i32);
        assert_eq!(request.since, None);
        assert_eq!(request.official_date.map(|d| d.year), Some(2010));
        assert_eq!(request.request_id, "r1");
        let request = register(&[
            "P3",
            "--admission-date",
            "2015-01-01",
            "--status",
            "probationary",
            "--origin",
            "transfer_in",
            "--since",
            "2024-03-01",
        ]);
        assert_eq!(request.origin, pb::MemberOrigin::TransferIn as i32);
        assert_eq!(request.since.map(|d| d.month), Some(3));
    }

    #[test]
    fn output_only_values_cannot_be_registered() {
        for bad in [
            &[
                "P2",
                "--admission-date",
                "2009-05-19",
                "--status",
                "not_a_member",
            ][..],
            &[
                "P2",
                "--admission-date",
                "2009-05-19",
                "--status",
                "official",
                "--origin",
                "admitted",
            ],
        ] {
            let args = ["dangvien", "member", "register"].iter().chain(bad);
            assert!(Cli::try_parse_from(args).is_err(), "{bad:?}");
        }
        assert_eq!(member_name("P2"), "people/P2/member");
    }
}
