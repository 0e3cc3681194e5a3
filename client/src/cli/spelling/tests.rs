//! Both spellings of every value: each listed enum variant by variant, and every value of every
//! argument of the command line through the parser clap really uses for it.

use std::{any::type_name, collections::BTreeSet, fmt::Debug};

use clap::{CommandFactory as _, Parser as _};

use super::*;
use crate::cli::{Cli, Command as Subcommand, OrgCommand};

/// Each variant of `E` parses from its snake_case name and from its kebab-case spelling, to itself.
pub(super) fn takes_both<E>()
where
    E: ValueEnum + PartialEq + Debug + Clone + Send + Sync + 'static,
{
    let parser = BothSpellings::<E>::new();
    let cmd = Command::new("dangvien");
    let enum_name = type_name::<E>();
    for variant in E::value_variants() {
        // A skipped variant is output only: it has no spelling at all.
        let Some(value) = variant.to_possible_value() else {
            continue;
        };
        let snake = value.get_name();
        for spelled in [snake.to_owned(), snake.replace('_', "-")] {
            let parsed = parser.parse_ref(&cmd, None, OsStr::new(&spelled));
            assert_eq!(
                parsed.ok().as_ref(),
                Some(variant),
                "{enum_name}: {spelled}"
            );
        }
    }
    assert!(
        parser
            .parse_ref(&cmd, None, OsStr::new("no-such_value"))
            .is_err(),
        "{enum_name}"
    );
}

#[test]
fn every_listed_enum_takes_both_spellings() {
    for check in LISTED {
        check();
    }
}

/// Checks every argument of `cmd` and its subcommands that takes named values, through a probe
/// argument with the same parser; returns the snake_case names that have a second spelling.
fn check_arguments(cmd: &Command, path: &str, two_spellings: &mut BTreeSet<String>) {
    for arg in cmd.get_arguments() {
        for value in arg.get_possible_values() {
            let snake = value.get_name();
            for spelled in [snake.to_owned(), snake.replace('_', "-")] {
                let probe = Command::new("probe").arg(
                    Arg::new("value")
                        .long("value")
                        .value_parser(arg.get_value_parser().clone()),
                );
                let parsed = probe.try_get_matches_from(["probe", "--value", &spelled]);
                assert!(
                    parsed.is_ok(),
                    "{path} {}: {spelled}: {parsed:?}",
                    arg.get_id()
                );
            }
            if snake.contains('_') {
                two_spellings.insert(snake.to_owned());
            }
        }
    }
    for sub in cmd.get_subcommands() {
        check_arguments(sub, &format!("{path} {}", sub.get_name()), two_spellings);
    }
}

/// A new enum, or a new argument of a type clap parses on its own, cannot miss the kebab-case
/// spelling: every value of every argument is tried in both.
#[test]
fn every_value_of_every_argument_takes_both_spellings() {
    let mut two_spellings = BTreeSet::new();
    check_arguments(&Cli::command(), "dangvien", &mut two_spellings);
    // The walk reached the subcommands of every vocabulary.
    for name in [
        "grassroots_committee",
        "state_agency",
        "upper_secondary",
        "transfer_in",
        "dossier_open",
        "removal_from_post",
        "not_completed",
    ] {
        assert!(two_spellings.contains(name), "{name}: {two_spellings:?}");
    }
}

#[test]
fn a_whole_command_line_takes_kebab_case_values() {
    let cli = Cli::try_parse_from([
        "dangvien",
        "org",
        "create",
        "--name",
        "Đảng bộ Công ty Điện lực",
        "--kind",
        "grassroots-committee",
        "--sector",
        "non-state-enterprise",
    ])
    .unwrap();
    let Subcommand::Org(OrgCommand::Create(args)) = cli.command else {
        panic!("not org create: {:?}", cli.command);
    };
    assert_eq!(
        (args.kind, args.sector),
        (Kind::GrassrootsCommittee, Sector::NonStateEnterprise)
    );
}

#[test]
fn help_and_errors_list_the_snake_case_spelling() {
    let help = Cli::command()
        .find_subcommand_mut("org")
        .and_then(|org| org.find_subcommand_mut("create"))
        .map(|create| create.render_help().to_string())
        .unwrap();
    assert!(help.contains("grassroots_committee"), "{help}");
    assert!(!help.contains("grassroots-committee"), "{help}");
    let refused = Cli::try_parse_from([
        "dangvien",
        "org",
        "create",
        "--name",
        "X",
        "--kind",
        "village-committee",
        "--sector",
        "other",
    ])
    .unwrap_err()
    .to_string();
    assert!(refused.contains("'village-committee'"), "{refused}");
    assert!(refused.contains("grassroots_committee"), "{refused}");
}
