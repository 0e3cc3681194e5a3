//! Pure domain types and rules: no tonic, no sea-orm, no I/O; every other layer speaks these.

pub mod error;
pub mod org;
pub mod text;

pub use error::{Error, FieldViolation, Msg, Reason, Result};
