//! Reading and writing one JSONL line of DESIGN §6.

use super::Record;
use crate::domain::Result;

/// Reads one line (without its terminator).
pub fn parse(_line: &str) -> Result<Record> {
    Err(crate::domain::Error::Internal(
        "sync lines are not read yet".to_owned(),
    ))
}

impl Record {
    /// The line in its one canonical form: keys in the documented order, optional keys written
    /// only when they hold something.
    pub fn render(&self) -> String {
        String::new()
    }
}
