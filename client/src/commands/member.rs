//! `dangvien member …`: register a member from earlier records, show a membership on a day, list
//! the members of a subtree, or print every decision about a person.

use chrono::NaiveDate;
use dangvien_proto::v1 as pb;

use super::{Session, quoted};
use crate::{
    cli::{MemberCommand, MemberListArgs, RegisterArgs},
    error::{Error, Mistake},
    view::{DecisionView, MemberView, date_to_wire, org_name, person_id_of, person_name},
    vocab::MemberStatus,
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
        MemberCommand::List(args) => list(args, session).await,
        MemberCommand::Timeline { person } => timeline(&person, session).await,
    }
}

async fn list(args: MemberListArgs, session: &mut Session<'_>) -> Result<(), Error> {
    // A reversed range is the clerk's slip: say so before connecting.
    let filter = members_filter(&args)?;
    let mut api = session.connect().await?;
    let as_of = args.as_of.map(date_to_wire);
    let members = api.list_all_members(filter, as_of, args.page_size).await?;
    let views: Vec<MemberView> = members.into_iter().map(MemberView::from).collect();
    Ok(session.render.members(&views)?)
}

async fn timeline(person: &str, session: &mut Session<'_>) -> Result<(), Error> {
    let mut api = session.connect().await?;
    let name = person_name(person);
    let decisions = api.list_all_decisions(timeline_filter(&name)).await?;
    let views: Vec<DecisionView> = decisions.into_iter().map(DecisionView::from).collect();
    Ok(session.render.timeline(person_id_of(&name), &views)?)
}

/// The filter of `ListMembers` (AIP-160 terms joined by `AND`), e.g.
/// `org = "organizations/X" AND status = OFFICIAL AND admission_date >= "2021-01-01"`.
fn members_filter(args: &MemberListArgs) -> Result<String, Mistake> {
    let MemberListArgs {
        org,
        status,
        as_of: _,
        admitted_from,
        admitted_to,
        official_from,
        official_to,
        page_size: _,
    } = args;
    let mut terms = Vec::new();
    if let Some(org) = org {
        terms.push(format!("org = {}", quoted(&org_name(org))));
    }
    if let Some(status) = status.map(MemberStatus::filter_name) {
        terms.push(format!("status = {status}"));
    }
    let ranges = [
        (
            "admission_date",
            ("--admitted-from", *admitted_from),
            ("--admitted-to", *admitted_to),
        ),
        (
            "official_date",
            ("--official-from", *official_from),
            ("--official-to", *official_to),
        ),
    ];
    for (field, (from_flag, from), (to_flag, to)) in ranges {
        if let (Some(first), Some(last)) = (from, to)
            && first > last
        {
            return Err(Mistake::RangeReversed {
                from: from_flag,
                to: to_flag,
            });
        }
        let mut bound = |op: &str, day: Option<NaiveDate>| {
            if let Some(day) = day {
                terms.push(format!("{field} {op} {}", quoted(&day.to_string())));
            }
        };
        bound(">=", from);
        bound("<=", to);
    }
    Ok(terms.join(" AND "))
}

/// The filter of `ListDecisions` for one person's decisions: `person = "people/P1"`.
fn timeline_filter(person_name: &str) -> String {
    format!("person = {}", quoted(person_name))
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

    fn list_args(args: &[&str]) -> MemberListArgs {
        let cli = Cli::try_parse_from(["dangvien", "member", "list"].iter().chain(args))
            .unwrap_or_else(|e| panic!("{args:?}: {e}"));
        let Command::Member(MemberCommand::List(args)) = cli.command else {
            panic!("not a list")
        };
        args
    }

    #[test]
    fn list_filters_join_every_flag_given() {
        let args = list_args(&[
            "--org",
            "KHOI",
            "--status",
            "official",
            "--admitted-from",
            "2021-01-01",
            "--admitted-to",
            "2021-12-31",
            "--official-from",
            "2022-01-01",
            "--official-to",
            "2022-06-30",
            "--as-of",
            "2022-12-31",
            "--page-size",
            "50",
        ]);
        assert_eq!(
            members_filter(&args).unwrap(),
            r#"org = "organizations/KHOI" AND status = OFFICIAL AND admission_date >= "2021-01-01" AND admission_date <= "2021-12-31" AND official_date >= "2022-01-01" AND official_date <= "2022-06-30""#
        );
        assert_eq!(args.page_size, 50);
        assert_eq!(args.as_of, NaiveDate::from_ymd_opt(2022, 12, 31));
        let args = list_args(&["--status", "probationary", "--official-to", "2024-01-01"]);
        assert_eq!(
            members_filter(&args).unwrap(),
            r#"status = PROBATIONARY AND official_date <= "2024-01-01""#
        );
        let args = list_args(&[]);
        assert_eq!(members_filter(&args).unwrap(), "");
        assert_eq!(args.page_size, 1000);
        // One day is a range too.
        let args = list_args(&[
            "--admitted-from",
            "2021-05-19",
            "--admitted-to",
            "2021-05-19",
        ]);
        assert_eq!(
            members_filter(&args).unwrap(),
            r#"admission_date >= "2021-05-19" AND admission_date <= "2021-05-19""#
        );
    }

    #[test]
    fn list_mistakes_are_usage_errors() {
        let args = list_args(&[
            "--official-from",
            "2022-02-01",
            "--official-to",
            "2022-01-31",
        ]);
        assert_eq!(
            members_filter(&args),
            Err(Mistake::RangeReversed {
                from: "--official-from",
                to: "--official-to"
            })
        );
        let args = list_args(&[
            "--admitted-from",
            "2022-02-01",
            "--admitted-to",
            "2021-01-31",
        ]);
        let error = Error::from(members_filter(&args).unwrap_err());
        assert_eq!(error.exit_code(), 2);
        for bad in [
            &["--status", "not_a_member"][..],
            &["--status", "expelled"],
            &["--page-size", "0"],
            &["--page-size", "5000"],
            &["--admitted-from", "2021-13-01"],
            &["--org"],
        ] {
            let args = ["dangvien", "member", "list"].iter().chain(bad);
            assert!(Cli::try_parse_from(args).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_timeline_lists_one_persons_decisions() {
        assert_eq!(timeline_filter("people/P1"), r#"person = "people/P1""#);
        assert_eq!(
            timeline_filter(&person_name("BHXH-\"1\"")),
            r#"person = "people/BHXH-\"1\"""#
        );
        let cli = Cli::try_parse_from(["dangvien", "member", "timeline", "P1"]).unwrap();
        assert!(matches!(
            cli.command,
            Command::Member(MemberCommand::Timeline { person }) if person == "P1"
        ));
    }
}
