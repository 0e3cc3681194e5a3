//! Reading the change log (DESIGN §6): the whole deployment or one subtree, a page at a time in
//! change-number order, so an export of any size streams in constant memory.

use std::collections::HashMap;

use uuid::Uuid;

use crate::{
    app::{App, Ctx},
    domain::{
        Error, FieldViolation, Reason, Result,
        access::Operation,
        org::OrgCode,
        tally::{Tree as _, TreeHistory},
    },
    store::{changes, orgs, tallies},
};

/// Log lines read per page.
const PAGE: u64 = 500;

/// Which lines an export writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportScope {
    /// Every line: what round-trips.
    All,
    /// The lines about organisations in this subtree on the line's date.
    Subtree(OrgCode),
}

/// A page of the feed: its lines, and the number of the last log entry it covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeChunk {
    pub lines: Vec<String>,
    pub cursor: i64,
}

/// A reader of the log after a cursor.
#[derive(Debug)]
pub struct ChangeFeed {
    app: App,
    after: i64,
    subtree: Option<Subtree>,
    done: bool,
}

/// The tree a subtree export filters by. It holds every organisation (not every record), so it
/// grows with the tree, not with the log.
#[derive(Debug)]
struct Subtree {
    root: Uuid,
    ids: HashMap<String, Uuid>,
    tree: TreeHistory,
}

impl App {
    /// The feed of `scope` after change number `after`.
    pub async fn change_feed(
        &self,
        ctx: &Ctx,
        scope: ExportScope,
        after: i64,
    ) -> Result<ChangeFeed> {
        // A principal bounded to a subtree exports that subtree when it asks for everything.
        let requested = match &scope {
            ExportScope::All => None,
            ExportScope::Subtree(code) => Some(code),
        };
        let scope = match self.bounded(ctx, Operation::Export, requested).await? {
            None => ExportScope::All,
            Some(code) => ExportScope::Subtree(code),
        };
        // What the feed will show is not known yet; the entry names its scope (`-`: all).
        let scope_name = match &scope {
            ExportScope::All => "organizations/-".to_owned(),
            ExportScope::Subtree(code) => format!("organizations/{code}"),
        };
        let reader = self.store.reader();
        let subtree = match scope {
            ExportScope::All => None,
            ExportScope::Subtree(code) => {
                let root = orgs::get(reader, &code, orgs::Lock::No).await?.id;
                let ids = changes::org_ids(reader).await?;
                let tree = tallies::tree(reader, ids.values().copied()).await?;
                Some(Subtree { root, ids, tree })
            }
        };
        self.audit_read(ctx, vec![scope_name]).await?;
        Ok(ChangeFeed {
            app: self.clone(),
            after,
            subtree,
            done: false,
        })
    }
}

impl ChangeFeed {
    /// The next page, or `None` once the log has nothing after the cursor.
    pub async fn next(&mut self) -> Result<Option<ChangeChunk>> {
        if self.done {
            return Ok(None);
        }
        let page = changes::after(self.app.store.reader(), self.after, PAGE).await?;
        let Some(last) = page.last().map(|c| c.number) else {
            self.done = true;
            return Ok(None);
        };
        self.after = last;
        let lines = page
            .into_iter()
            .filter(|c| match &self.subtree {
                None => true,
                Some(s) => s.holds(c.org.as_deref(), c.day),
            })
            .map(|c| c.line)
            .collect();
        Ok(Some(ChangeChunk {
            lines,
            cursor: last,
        }))
    }
}

impl Subtree {
    fn holds(&self, org: Option<&str>, day: Option<chrono::NaiveDate>) -> bool {
        let (Some(id), Some(day)) = (org.and_then(|o| self.ids.get(o)), day) else {
            return false;
        };
        self.tree.chain(*id, day).contains(&self.root)
    }
}

/// Reads a cursor: empty is the start; otherwise the decimal change number a feed returned.
pub fn parse_cursor(field: &str, raw: &str) -> Result<i64> {
    if raw.is_empty() {
        return Ok(0);
    }
    raw.parse::<i64>()
        .ok()
        .filter(|n| *n >= 0)
        .ok_or_else(|| {
            Error::invalid(
                Reason::InvalidField,
                FieldViolation::new(
                    field,
                    format!("con trỏ \"{raw}\" không phải con trỏ do máy chủ trả về; hãy dùng next_cursor của lần trước, hoặc để trống để lấy từ đầu"),
                    format!("\"{raw}\" is not a cursor this server returned; send the previous next_cursor, or nothing to start from the beginning"),
                ),
            )
        })
}
