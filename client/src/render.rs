//! The only module that writes data to stdout: organisations, the tree, persons, memberships,
//! decisions, cases, a person's timeline, the overdue list, admissions targets, the year report,
//! the admission funnel, the audit log and the tokens file's principals as a table, JSON or CSV; the year report
//! also as an Excel workbook.
//!
//! Tables use the `--lang` labels; JSON and CSV use the stable snake_case keys and codes of
//! [`crate::view`] (the year report's CSV excepted: see `year`). `numbers` writes numbers the
//! Vietnamese way. Nothing is coloured, so the output reads the same in a pipe or a file.

mod audit;
mod case;
mod delimited;
mod details;
mod funnel;
mod member;
mod numbers;
mod overdue;
mod person;
mod sync;
mod table;
mod target;
mod timeline;
mod tokens;
mod tree;
mod year;

use std::{fmt, io::Write};

pub(crate) use self::{numbers::grouped, sync::reject_line};

use serde::Serialize;

use crate::{
    cli::Format,
    i18n,
    i18n::Lang,
    view::{
        AuditEntryView, AuditVerificationView, CaseView, DecisionView, FunnelView, MemberView,
        OrgView, OverdueView, PersonRow, PersonView, PrincipalView, SubmitView, TargetView,
        TreeNode, VerificationView, YearReportView,
    },
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

    /// A renderer of the same format and language writing to `out` instead (`--output`).
    pub(crate) fn to<'b>(&self, out: &'b mut dyn Write) -> Renderer<'b> {
        Renderer::new(out, self.format, self.lang)
    }

    /// The `--format`.
    pub(crate) fn format(&self) -> Format {
        self.format
    }

    /// The year report: the JSON of DESIGN §5 (this year only), or the table, CSV or workbook of
    /// this year's figures beside `previous`'s.
    pub(crate) fn year_report(
        &mut self,
        current: &YearReportView,
        previous: Option<&YearReportView>,
    ) -> Result {
        match self.format {
            Format::Table => year::year_table(self.out, self.lang, current, previous),
            Format::Json => json(self.out, current),
            Format::Csv => year::year_csv(self.out, self.lang, current, previous),
            Format::Xlsx => year::year_workbook(self.out, self.lang, current, previous),
        }
    }

    /// The admission funnel.
    pub(crate) fn funnel(&mut self, funnel: &FunnelView) -> Result {
        match self.format {
            Format::Table => funnel::funnel_table(self.out, self.lang, funnel),
            Format::Json => json(self.out, funnel),
            Format::Csv => funnel::funnel_csv(self.out, funnel),
            Format::Xlsx => Err(no_workbook()),
        }
    }

    /// One organisation (`show` and the result of a mutation).
    pub(crate) fn org(&mut self, org: &OrgView) -> Result {
        match self.format {
            Format::Table => table::org(self.out, self.lang, org),
            Format::Json => json(self.out, org),
            Format::Csv => delimited::orgs(self.out, std::slice::from_ref(org)),
            Format::Xlsx => Err(no_workbook()),
        }
    }

    /// A list of organisations, in the order given.
    pub(crate) fn orgs(&mut self, orgs: &[OrgView]) -> Result {
        match self.format {
            Format::Table => table::orgs(self.out, self.lang, orgs),
            Format::Json => json(self.out, orgs),
            Format::Csv => delimited::orgs(self.out, orgs),
            Format::Xlsx => Err(no_workbook()),
        }
    }

    /// The tree: indented text, nested JSON, or one CSV row per organisation with its depth and path.
    pub(crate) fn tree(&mut self, roots: &[TreeNode]) -> Result {
        match self.format {
            Format::Table => self.out.write_all(tree::text(roots, self.lang).as_bytes()),
            Format::Json => json(self.out, roots),
            Format::Csv => delimited::tree(self.out, roots),
            Format::Xlsx => Err(no_workbook()),
        }
    }

    /// One person (`person show`, `add`, `update`), the national ID included.
    pub(crate) fn person(&mut self, person: &PersonView) -> Result {
        match self.format {
            Format::Table => person::person_table(self.out, self.lang, person),
            Format::Json => json(self.out, person),
            Format::Csv => person::person_csv(self.out, person),
            Format::Xlsx => Err(no_workbook()),
        }
    }

    /// A list of persons, in the order given.
    pub(crate) fn people(&mut self, people: &[PersonRow]) -> Result {
        match self.format {
            Format::Table => person::people_table(self.out, self.lang, people),
            Format::Json => json(self.out, people),
            Format::Csv => person::people_csv(self.out, people),
            Format::Xlsx => Err(no_workbook()),
        }
    }

    /// One membership, with its deadlines (CSV: one row, without them).
    pub(crate) fn member(&mut self, member: &MemberView) -> Result {
        match self.format {
            Format::Table => member::member_table(self.out, self.lang, member),
            Format::Json => json(self.out, member),
            Format::Csv => member::members_csv(self.out, std::slice::from_ref(member)),
            Format::Xlsx => Err(no_workbook()),
        }
    }

    /// A list of memberships, in the order given.
    pub(crate) fn members(&mut self, members: &[MemberView]) -> Result {
        match self.format {
            Format::Table => member::members_table(self.out, self.lang, members),
            Format::Json => json(self.out, members),
            Format::Csv => member::members_csv(self.out, members),
            Format::Xlsx => Err(no_workbook()),
        }
    }

    /// Every decision about `person`, in the order given.
    pub(crate) fn timeline(&mut self, person: &str, decisions: &[DecisionView]) -> Result {
        match self.format {
            Format::Table => timeline::timeline_table(self.out, self.lang, person, decisions),
            Format::Json => json(self.out, decisions),
            Format::Csv => timeline::timeline_csv(self.out, decisions),
            Format::Xlsx => Err(no_workbook()),
        }
    }

    /// The decisions overdue or falling due, in the order given.
    pub(crate) fn overdue(&mut self, items: &[OverdueView]) -> Result {
        match self.format {
            Format::Table => overdue::overdue_table(self.out, self.lang, items),
            Format::Json => json(self.out, items),
            Format::Csv => overdue::overdue_csv(self.out, items),
            Format::Xlsx => Err(no_workbook()),
        }
    }

    /// An admissions target (`target set` and `target show`).
    pub(crate) fn target(&mut self, target: &TargetView) -> Result {
        match self.format {
            Format::Table => target::target_table(self.out, self.lang, target),
            Format::Json => json(self.out, target),
            Format::Csv => target::target_csv(self.out, target),
            Format::Xlsx => Err(no_workbook()),
        }
    }

    /// What `decide` stored, and the case state after it.
    pub(crate) fn submitted(&mut self, view: &SubmitView) -> Result {
        match self.format {
            Format::Table => case::submitted_table(self.out, self.lang, view),
            Format::Json => json(self.out, view),
            Format::Csv => case::submitted_csv(self.out, view),
            Format::Xlsx => Err(no_workbook()),
        }
    }

    /// An admission case: state, timeline and deadlines (CSV: the timeline rows).
    pub(crate) fn case(&mut self, case: &CaseView) -> Result {
        match self.format {
            Format::Table => case::case_table(self.out, self.lang, case),
            Format::Json => json(self.out, case),
            Format::Csv => case::case_csv(self.out, case),
            Format::Xlsx => Err(no_workbook()),
        }
    }

    /// The principals of the tokens file, in the file's order.
    pub(crate) fn principals(&mut self, principals: &[PrincipalView]) -> Result {
        match self.format {
            Format::Table => tokens::principals_table(self.out, self.lang, principals),
            Format::Json => json(self.out, principals),
            Format::Csv => tokens::principals_csv(self.out, principals),
            Format::Xlsx => Err(no_workbook()),
        }
    }

    /// Audit log entries, in the order given (newest first).
    pub(crate) fn audit_entries(&mut self, entries: &[AuditEntryView]) -> Result {
        match self.format {
            Format::Table => audit::entries_table(self.out, self.lang, entries),
            Format::Json => json(self.out, entries),
            Format::Csv => audit::entries_csv(self.out, entries),
            Format::Xlsx => Err(no_workbook()),
        }
    }

    /// What `audit verify` found: JSON, or lines of text (the heads are to be copied).
    pub(crate) fn audit_verification(&mut self, v: &AuditVerificationView) -> Result {
        if self.format == Format::Json {
            return json(self.out, v);
        }
        audit::verification_text(self.out, self.lang, v)
    }

    /// What `admin verify` found: one line per difference, or a line saying everything agrees.
    pub(crate) fn verification(&mut self, v: &VerificationView) -> Result {
        if self.format == Format::Json {
            return json(self.out, v);
        }
        for line in &v.differences {
            writeln!(self.out, "{line}")?;
        }
        if v.differences.is_empty() {
            writeln!(self.out, "{}", i18n::verified(self.lang, v.persons_checked))?;
        }
        Ok(())
    }

    /// Text that has only one form whatever the format (a completion script, a new secret).
    pub(crate) fn verbatim(&mut self, bytes: &[u8]) -> Result {
        self.out.write_all(bytes)
    }
}

/// `--format xlsx` for output that has no workbook. Commands refuse it before calling the server
/// (a usage error), so this is only a guard.
fn no_workbook() -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::Unsupported,
        "--format xlsx: report year only",
    )
}

/// Pretty JSON and a final newline.
fn json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> Result {
    serde_json::to_writer_pretty(&mut *out, value)?;
    out.write_all(b"\n")
}
