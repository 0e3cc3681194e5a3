//! `dangvien person …`: build the request from the flags, call the server, print the person(s).
//!
//! The national ID is checked here rather than by clap, whose errors quote the value, and the
//! server's errors about a call that carried one are redacted before they reach stderr.

use dangvien_proto::v1 as pb;

use super::{Session, quoted, wire_etag};
use crate::{
    cli::{PersonAddArgs, PersonCommand, PersonListArgs, PersonUpdateArgs},
    error::Error,
    view::{PersonRow, date_to_wire, org_name, person_name},
    vocab::CaseState,
};

/// Runs one `person` subcommand.
pub(super) async fn run(command: PersonCommand, session: &mut Session<'_>) -> Result<(), Error> {
    match command {
        PersonCommand::Add(args) => add(args, session).await,
        PersonCommand::Show { id } => show(&id, session).await,
        PersonCommand::List(args) => list(args, session).await,
        PersonCommand::Update(args) => update(args, session).await,
    }
}

async fn add(args: PersonAddArgs, session: &mut Session<'_>) -> Result<(), Error> {
    let (person_id, person) = new_person(args)?;
    let secret = person.national_id.clone();
    let mut api = session.connect().await?;
    let request = pb::CreatePersonRequest {
        person_id,
        person: Some(person),
        request_id: session.request_id()?,
    };
    let person = api
        .create_person(request)
        .await
        .map_err(|e| e.redact(&secret))?;
    Ok(session.render.person(&person.into())?)
}

async fn show(id: &str, session: &mut Session<'_>) -> Result<(), Error> {
    let mut api = session.connect().await?;
    let request = pb::GetPersonRequest {
        name: person_name(id),
    };
    let person = api.get_person(request).await?;
    Ok(session.render.person(&person.into())?)
}

async fn list(args: PersonListArgs, session: &mut Session<'_>) -> Result<(), Error> {
    let mut api = session.connect().await?;
    let people = api.list_all_people(people_filter(&args)).await?;
    let rows: Vec<PersonRow> = people.into_iter().map(PersonRow::from).collect();
    Ok(session.render.people(&rows)?)
}

async fn update(args: PersonUpdateArgs, session: &mut Session<'_>) -> Result<(), Error> {
    let (person, paths) = changed_person(args)?;
    let secret = person.national_id.clone();
    let mut api = session.connect().await?;
    let request = pb::UpdatePersonRequest {
        person: Some(person),
        update_mask: Some(prost_types::FieldMask { paths }),
        request_id: session.request_id()?,
    };
    let person = api
        .update_person(request)
        .await
        .map_err(|e| e.redact(&secret))?;
    Ok(session.render.person(&person.into())?)
}

/// The id to give and the person of `person add`.
fn new_person(args: PersonAddArgs) -> Result<(String, pb::Person), Error> {
    let PersonAddArgs {
        id,
        name,
        gender,
        birth_date,
        ethnicity,
        religion,
        education,
        professional_level,
        hardship_exception,
        youth_union,
        trade_union,
        national_id,
        cell,
        cell_since,
    } = args;
    let national_id = national_id.unwrap_or_default();
    check_national_id(&national_id)?;
    let person = pb::Person {
        full_name: name,
        gender: gender.to_wire().into(),
        birth_date: Some(date_to_wire(birth_date)),
        ethnicity,
        religion,
        education: education.to_wire().into(),
        professional_level: professional_level.unwrap_or_default(),
        hardship_exception,
        youth_union,
        trade_union,
        national_id,
        cell: org_name(&cell),
        cell_since: cell_since.map(date_to_wire),
        ..Default::default()
    };
    Ok((id.unwrap_or_default(), person))
}

/// The person of `person update` and its mask: exactly the fields given, so that a field left out
/// keeps its value whatever the server does with an empty mask. `cell_since` travels with `cell`.
fn changed_person(args: PersonUpdateArgs) -> Result<(pb::Person, Vec<String>), Error> {
    let PersonUpdateArgs {
        id,
        name,
        gender,
        birth_date,
        ethnicity,
        religion,
        no_religion,
        education,
        professional_level,
        hardship_exception,
        youth_union,
        trade_union,
        national_id,
        cell,
        cell_since,
        etag,
    } = args;
    if let Some(national_id) = &national_id {
        check_national_id(national_id)?;
    }
    let mut paths = Vec::new();
    let mut mark = |given: bool, path: &str| {
        if given {
            paths.push(path.to_owned());
        }
    };
    mark(name.is_some(), "full_name");
    mark(gender.is_some(), "gender");
    mark(birth_date.is_some(), "birth_date");
    mark(ethnicity.is_some(), "ethnicity");
    // `--no-religion` is the field in the mask, left unset: none.
    mark(religion.is_some() || no_religion, "religion");
    mark(education.is_some(), "education");
    mark(professional_level.is_some(), "professional_level");
    mark(hardship_exception.is_some(), "hardship_exception");
    mark(youth_union.is_some(), "youth_union");
    mark(trade_union.is_some(), "trade_union");
    mark(national_id.is_some(), "national_id");
    mark(cell.is_some(), "cell");
    let person = pb::Person {
        name: person_name(&id),
        full_name: name.unwrap_or_default(),
        gender: gender.map_or(0, |g| g.to_wire().into()),
        birth_date: birth_date.map(date_to_wire),
        ethnicity: ethnicity.unwrap_or_default(),
        religion,
        education: education.map_or(0, |e| e.to_wire().into()),
        professional_level: professional_level.unwrap_or_default(),
        hardship_exception: hardship_exception.unwrap_or_default(),
        youth_union: youth_union.unwrap_or_default(),
        trade_union: trade_union.unwrap_or_default(),
        national_id: national_id.unwrap_or_default(),
        cell: cell.as_deref().map(org_name).unwrap_or_default(),
        cell_since: cell_since.map(date_to_wire),
        etag: wire_etag(etag),
        ..Default::default()
    };
    Ok((person, paths))
}

/// Empty (none, or clear it), or 12 digits (citizen identity card) or 9 (old identity card).
fn check_national_id(id: &str) -> Result<(), Error> {
    let digits = id.bytes().all(|b| b.is_ascii_digit());
    if id.is_empty() || (digits && matches!(id.len(), 9 | 12)) {
        Ok(())
    } else {
        Err(Error::NationalIdMalformed)
    }
}

/// The filter of `ListPeople`, e.g.
/// `org = "organizations/X" AND state = SYMPATHIZER AND name = "nguyen van"`.
fn people_filter(args: &PersonListArgs) -> String {
    let PersonListArgs { org, state, name } = args;
    let mut terms = Vec::new();
    if let Some(org) = org {
        terms.push(format!("org = {}", quoted(&org_name(org))));
    }
    if let Some(state) = state.map(CaseState::filter_name) {
        terms.push(format!("state = {state}"));
    }
    if let Some(name) = name {
        terms.push(format!("name = {}", quoted(name)));
    }
    terms.join(" AND ")
}

#[cfg(test)]
mod tests {
    use clap::Parser as _;

    use super::*;
    use crate::cli::{Cli, Command};

    fn parse(args: &[&str]) -> PersonCommand {
        let cli = Cli::try_parse_from(["dangvien", "person"].iter().chain(args)).unwrap();
        let Command::Person(command) = cli.command else {
            panic!("not a person command")
        };
        command
    }

    fn update(args: &[&str]) -> (pb::Person, Vec<String>) {
        let PersonCommand::Update(args) = parse(&[&["update", "P1"], args].concat()) else {
            panic!("not an update")
        };
        changed_person(args).unwrap()
    }

    #[test]
    fn update_masks_list_exactly_the_fields_given() {
        let (person, mask) = update(&["--name", "Nguyễn Thị Lan", "--youth-union", "false"]);
        assert_eq!(mask, ["full_name", "youth_union"]);
        assert_eq!(person.name, "people/P1");
        assert_eq!(person.full_name, "Nguyễn Thị Lan");
        assert!(!person.youth_union);
        let (person, mask) = update(&["--no-religion", "--hardship-exception", "true"]);
        assert_eq!(mask, ["religion", "hardship_exception"]);
        assert_eq!(person.religion, None);
        assert!(person.hardship_exception);
        let (person, mask) = update(&["--religion", "Phật giáo", "--etag", "4"]);
        assert_eq!(mask, ["religion"]);
        assert_eq!(person.religion.as_deref(), Some("Phật giáo"));
        assert_eq!(person.etag, "\"4\"");
        let (person, mask) = update(&["--cell", "CB02", "--cell-since", "2024-05-01"]);
        assert_eq!(mask, ["cell"]);
        assert_eq!(person.cell, "organizations/CB02");
        assert_eq!(person.cell_since.map(|d| d.day), Some(1));
        let (_, mask) = update(&[
            "--gender",
            "male",
            "--birth-date",
            "1990-01-02",
            "--ethnicity",
            "Tày",
            "--education",
            "lower_secondary",
            "--professional-level",
            "",
            "--trade-union",
            "true",
            "--national-id",
            "",
        ]);
        assert_eq!(
            mask,
            [
                "gender",
                "birth_date",
                "ethnicity",
                "education",
                "professional_level",
                "trade_union",
                "national_id"
            ]
        );
    }

    #[test]
    fn updates_need_a_change_and_consistent_flags() {
        for bad in [
            &["update", "P1"][..],
            &["update", "P1", "--etag", "3"],
            &["update", "P1", "--religion", "X", "--no-religion"],
            &["update", "P1", "--cell-since", "2024-01-01", "--name", "X"],
            &["update", "P1", "--youth-union", "yes"],
        ] {
            let args = ["dangvien", "person"].iter().chain(bad);
            assert!(Cli::try_parse_from(args).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn national_ids_are_checked_without_echoing_them() {
        for good in ["", "001196012345", "123456789"] {
            assert!(check_national_id(good).is_ok(), "{good}");
        }
        for bad in [
            "12345",
            "00119601234X",
            "0011960123456",
            "１２３４５６７８９",
        ] {
            assert!(
                matches!(check_national_id(bad), Err(Error::NationalIdMalformed)),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_new_person_carries_every_flag() {
        let PersonCommand::Add(args) = parse(&[
            "add",
            "--id",
            "P9",
            "--name",
            "Lò Văn A",
            "--gender",
            "male",
            "--birth-date",
            "2000-02-29",
            "--ethnicity",
            "Thái",
            "--education",
            "primary",
            "--hardship-exception",
            "--trade-union",
            "--national-id",
            "001200012345",
            "--cell",
            "CB01",
        ]) else {
            panic!("not an add")
        };
        let (id, person) = new_person(args).unwrap();
        assert_eq!(id, "P9");
        assert_eq!(person.gender, pb::Gender::Male as i32);
        assert_eq!(person.education, pb::Education::Primary as i32);
        assert!(person.hardship_exception && person.trade_union && !person.youth_union);
        assert_eq!(person.religion, None);
        assert_eq!(person.cell, "organizations/CB01");
        assert_eq!(person.cell_since, None);
        assert_eq!(person.national_id, "001200012345");
    }

    #[test]
    fn list_filters_join_org_state_and_name() {
        let PersonCommand::List(args) = parse(&[
            "list",
            "--org",
            "X",
            "--state",
            "sympathizer",
            "--name",
            "nguyen van",
        ]) else {
            panic!("not a list")
        };
        assert_eq!(
            people_filter(&args),
            r#"org = "organizations/X" AND state = SYMPATHIZER AND name = "nguyen van""#
        );
        let PersonCommand::List(args) = parse(&["list", "--state", "cell_approved"]) else {
            panic!("not a list")
        };
        assert_eq!(people_filter(&args), "state = CELL_APPROVED");
        let PersonCommand::List(args) = parse(&["list"]) else {
            panic!("not a list")
        };
        assert_eq!(people_filter(&args), "");
    }
}
