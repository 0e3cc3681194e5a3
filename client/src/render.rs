//! The only module that writes data to stdout: organisations and the tree as a table, JSON or CSV.
//!
//! Tables use the `--lang` labels; JSON and CSV use the stable snake_case keys and codes of
//! [`crate::view`]. Nothing is coloured, so the output reads the same in a pipe or a file.

mod delimited;
mod table;
mod tree;

use std::{fmt, io::Write};

use serde::Serialize;

use crate::{
    cli::Format,
    i18n::Lang,
    view::{OrgView, TreeNode},
};

/// The result of writing output.
type Result<T = ()> = std::io::Result<T>;

/// Prints views in the chosen format and language.
pub(crate) struct Renderer<'a> {
    out: &'a mut dyn Write,
    format: Format,
    lang: Lang,
}

impl fmt::Debug for Renderer<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Renderer")
            .field("format", &self.format)
            .field("lang", &self.lang)
            .finish_non_exhaustive()
    }
}

impl<'a> Renderer<'a> {
    /// A renderer writing to `out`.
    pub(crate) fn new(out: &'a mut dyn Write, format: Format, lang: Lang) -> Self {
        Self { out, format, lang }
    }

    /// One organisation (`show` and the result of a mutation).
    pub(crate) fn org(&mut self, org: &OrgView) -> Result {
        match self.format {
            Format::Table => table::org(self.out, self.lang, org),
            Format::Json => json(self.out, org),
            Format::Csv => delimited::orgs(self.out, std::slice::from_ref(org)),
        }
    }

    /// A list of organisations, in the order given.
    pub(crate) fn orgs(&mut self, orgs: &[OrgView]) -> Result {
        match self.format {
            Format::Table => table::orgs(self.out, self.lang, orgs),
            Format::Json => json(self.out, orgs),
            Format::Csv => delimited::orgs(self.out, orgs),
        }
    }

    /// The tree: indented text, nested JSON, or one CSV row per organisation with its depth and path.
    pub(crate) fn tree(&mut self, roots: &[TreeNode]) -> Result {
        match self.format {
            Format::Table => self.out.write_all(tree::text(roots, self.lang).as_bytes()),
            Format::Json => json(self.out, roots),
            Format::Csv => delimited::tree(self.out, roots),
        }
    }

    /// Text that has only one form whatever the format (a completion script).
    pub(crate) fn verbatim(&mut self, bytes: &[u8]) -> Result {
        self.out.write_all(bytes)
    }
}

/// Pretty JSON and a final newline.
fn json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> Result {
    serde_json::to_writer_pretty(&mut *out, value)?;
    out.write_all(b"\n")
}
