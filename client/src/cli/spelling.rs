//! How every value of a flag (kinds, sectors, states, grades, measures, formats, languages …) may
//! be spelled: `snake_case`, as `--help` lists it and JSON writes it, or `kebab-case`, as flags
//! themselves are written (`--kind grassroots-committee`).
//!
//! One parser serves every value enum, set by [`respell`] on every argument whose values are a
//! listed enum, so that no argument has to ask for it; `Cli::command` applies it. An enum left out
//! of [`both_spellings!`] is noticed by the tests, which try every value of every argument.
//!
//! (A `ValueParserFactory` per enum would read better, but clap's `value_parser!` prefers a
//! `ValueEnum`'s own parser to the factory.)

use std::{any::TypeId, ffi::OsStr, marker::PhantomData};

use clap::{
    Arg, Command, ValueEnum,
    builder::{EnumValueParser, PossibleValue, TypedValueParser},
};

use super::Format;
use crate::{
    i18n::Lang,
    vocab::{
        CaseState, DisciplineMeasure, Education, Gender, Grade, Kind, MemberOrigin, MemberStatus,
        Sector, TransferKind, UnionResolution,
    },
};

/// Parses the value enum `E`, reading `-` as `_`. Its possible values (for `--help`, completions
/// and "did you mean") are `E`'s own, so only the snake_case spelling is listed.
#[derive(Clone, Debug)]
pub(crate) struct BothSpellings<E>(PhantomData<fn() -> E>);

impl<E> BothSpellings<E> {
    fn new() -> Self {
        Self(PhantomData)
    }
}

impl<E: ValueEnum + Clone + Send + Sync + 'static> TypedValueParser for BothSpellings<E> {
    type Value = E;

    fn parse_ref(
        &self,
        cmd: &Command,
        arg: Option<&Arg>,
        value: &OsStr,
    ) -> Result<Self::Value, clap::Error> {
        let exact = EnumValueParser::<E>::new();
        match exact.parse_ref(cmd, arg, value) {
            Ok(found) => Ok(found),
            // Clap's error quotes the value as it was typed, so it is the one kept.
            Err(refused) => value
                .to_str()
                .map(|typed| typed.replace('-', "_"))
                .and_then(|snake| exact.parse_ref(cmd, arg, OsStr::new(&snake)).ok())
                .ok_or(refused),
        }
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(
            E::value_variants()
                .iter()
                .filter_map(ValueEnum::to_possible_value),
        ))
    }
}

/// `command` and its subcommands, with [`BothSpellings`] as the parser of every argument whose
/// values are an enum listed in [`both_spellings!`].
pub(super) fn respell(command: Command) -> Command {
    command.mut_args(both_spellings_of).mut_subcommands(respell)
}

/// Lists the enums whose values take both spellings: `both_spellings_of` gives an argument of
/// one of them [`BothSpellings`], and (in tests) `LISTED` checks each enum's variants.
macro_rules! both_spellings {
    ($($enum:ty),+ $(,)?) => {
        /// `arg` with [`BothSpellings`] as its parser when its values are one of the enums.
        fn both_spellings_of(arg: Arg) -> Arg {
            let parses_into = arg.get_value_parser().type_id();
            $(
                if parses_into == TypeId::of::<$enum>() {
                    return arg.value_parser(BothSpellings::<$enum>::new());
                }
            )+
            arg
        }

        /// For each enum given both spellings, a check that each of its variants parses so.
        #[cfg(test)]
        const LISTED: &[fn()] = &[$(tests::takes_both::<$enum>),+];
    };
}

both_spellings!(
    Format,
    Lang,
    Kind,
    Sector,
    Gender,
    Education,
    MemberStatus,
    MemberOrigin,
    CaseState,
    UnionResolution,
    TransferKind,
    DisciplineMeasure,
    Grade,
);

#[cfg(test)]
mod tests;
