//! Pure domain types and rules: no tonic, no sea-orm, no I/O; every other layer speaks these.

pub mod access;
pub mod admission;
pub mod audit;
pub mod calendar;
pub mod dates;
pub mod decision;
pub mod details;
pub mod error;
pub mod ethnicity;
pub mod kind;
pub mod member;
pub mod membership;
pub mod months;
pub mod org;
pub mod person;
pub mod replay;
pub mod report;
pub mod rulebook;
pub mod sync;
pub mod tally;
pub mod target;
pub mod text;

pub use error::{Error, FieldViolation, Msg, Reason, Result};
