//! The nightly import (DESIGN §6): lines judged in file order through the same use cases as the
//! RPCs, committed in batches together with the import's progress, so that running the same
//! file again resumes after the last committed line.

mod apply;
mod bulk;
mod export;

use std::{collections::HashMap, sync::PoisonError};

pub use export::{ChangeChunk, ChangeFeed, ExportScope, parse_cursor};

use super::{
    App, Ctx,
    idempotency::{Sink, Via},
};
use crate::{
    domain::access::Operation,
    domain::{Error, FieldViolation, Msg, Reason, Result},
    store::{
        Tx, changes,
        imports::{self, Refusal},
    },
};

/// How many times a batch runs when the database reports contention.
const ATTEMPTS: u32 = 4;
/// The longest import id accepted.
const MAX_IMPORT_ID_CHARS: usize = 128;

/// Names an import so that running it again resumes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportId(String);

impl ImportId {
    /// Checks an `import_id` field: 1–128 printable ASCII characters.
    pub fn parse(raw: &str) -> Result<Self> {
        if raw.is_empty()
            || raw.len() > MAX_IMPORT_ID_CHARS
            || !raw.chars().all(|c| c.is_ascii_graphic())
        {
            return Err(Error::invalid(
                Reason::InvalidField,
                FieldViolation::new(
                    "start.import_id",
                    format!(
                        "import_id phải gồm 1–{MAX_IMPORT_ID_CHARS} ký tự ASCII in được (CLI dùng SHA-256 của tệp)"
                    ),
                    format!(
                        "import_id must be 1–{MAX_IMPORT_ID_CHARS} printable ASCII characters (the CLI sends the file's SHA-256)"
                    ),
                ),
            ));
        }
        Ok(Self(raw.to_owned()))
    }
}

/// How an import runs.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    pub import_id: ImportId,
    /// One transaction, rolled back if any line is refused.
    pub atomic: bool,
    /// Judge everything, store nothing.
    pub dry_run: bool,
}

/// One line as the client read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IncomingLine {
    pub number: i64,
    pub bytes: Vec<u8>,
}

/// What happened to a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Accepted,
    SkippedIdentical,
    Refused {
        reason: String,
        msg: Msg,
    },
    /// Committed by an earlier run of the import.
    AlreadyImported,
}

/// The outcome of one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineResult {
    pub number: i64,
    /// `kind key` (`person P000001`), or empty when the line could not be read.
    pub key: String,
    pub outcome: Outcome,
}

/// The counts of a whole import.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    pub lines: i64,
    pub accepted: i64,
    pub skipped_identical: i64,
    pub refused: i64,
    pub already_imported: i64,
    pub committed: bool,
}

impl ImportSummary {
    fn count(&mut self, result: &LineResult) {
        self.lines += 1;
        match result.outcome {
            Outcome::Accepted => self.accepted += 1,
            Outcome::SkippedIdentical => self.skipped_identical += 1,
            Outcome::Refused { .. } => self.refused += 1,
            Outcome::AlreadyImported => self.already_imported += 1,
        }
    }
}

/// An import in progress.
#[derive(Debug)]
pub struct Import {
    app: App,
    ctx: Ctx,
    options: ImportOptions,
    /// Lines up to this one were committed by an earlier run.
    resumed_after: i64,
    /// The last line number received, to keep lines in order.
    last_number: i64,
    /// Atomic and dry-run imports: the one transaction everything runs in, and its lines.
    whole: Option<(Tx, Sink)>,
    summary: ImportSummary,
}

impl App {
    /// Opens an import: where an earlier run of the same id stopped, and for an atomic or dry
    /// run the transaction it all runs in.
    pub async fn open_import(&self, ctx: &Ctx, options: ImportOptions) -> Result<Import> {
        // Each line is then judged against the caller's subtree, in the import's transaction.
        self.authorize(ctx, Operation::Import, super::access::Target::Open)
            .await?;
        let (resumed_after, whole) = if options.atomic || options.dry_run {
            let tx = self.store.begin_write().await?;
            let resumed_after = if options.dry_run {
                0
            } else {
                // Held to the end, so that two runs of one atomic import cannot both commit.
                imports::lock(&tx, &options.import_id.0, ctx.principal.name()).await?
            };
            (resumed_after, Some((tx, Sink::default())))
        } else {
            let last = imports::last_line(self.store.reader(), &options.import_id.0).await?;
            (last, None)
        };
        Ok(Import {
            app: self.clone(),
            ctx: ctx.clone(),
            options,
            resumed_after,
            last_number: 0,
            whole,
            summary: ImportSummary::default(),
        })
    }
}

impl Import {
    /// Lines up to this one were committed by an earlier run of the same import.
    pub fn resumed_after(&self) -> i64 {
        self.resumed_after
    }

    /// Judges `lines`, the next ones of the file, and (unless atomic or dry) commits them.
    pub async fn apply(&mut self, lines: Vec<IncomingLine>) -> Result<Vec<LineResult>> {
        for line in &lines {
            if line.number <= self.last_number {
                return Err(out_of_order(line.number, self.last_number));
            }
            self.last_number = line.number;
        }
        let results = match self.whole.take() {
            Some((tx, sink)) => {
                let applied = self
                    .judge_all_after(&tx, &sink, &lines, &HashMap::new(), self.resumed_after)
                    .await;
                self.whole = Some((tx, sink));
                applied?.0
            }
            None => self.commit_batch(&lines).await?,
        };
        for result in &results {
            self.summary.count(result);
        }
        Ok(results)
    }

    /// Ends the import: an atomic one commits if nothing was refused, a dry run rolls back.
    pub async fn finish(mut self) -> Result<ImportSummary> {
        let Some((tx, sink)) = self.whole.take() else {
            self.summary.committed = true;
            return Ok(self.summary);
        };
        if self.options.dry_run || self.summary.refused > 0 {
            tx.rollback().await?;
            return Ok(self.summary);
        }
        if self.last_number > self.resumed_after {
            imports::advance(&tx, &self.options.import_id.0, self.last_number, &[]).await?;
        }
        settle(&self.app, &self.ctx, &tx, &sink).await?;
        tx.commit().await?;
        self.summary.committed = true;
        Ok(self.summary)
    }

    /// Commits one batch with the import's progress. A batch that collides with other writers
    /// is committed in halves, down to one line per transaction: each line's writes are ordered
    /// like an RPC's, but the writes of many lines together are not, so smaller transactions
    /// hold fewer locks and cannot deadlock the way a whole batch can. A single contended line
    /// runs again, as an RPC would.
    async fn commit_batch(&self, lines: &[IncomingLine]) -> Result<Vec<LineResult>> {
        let mut results = Vec::with_capacity(lines.len());
        // Pieces still to commit, the next one last.
        let mut pending = vec![lines];
        let mut tries = 1;
        while let Some(piece) = pending.pop() {
            match self.commit_batch_once(piece).await {
                Ok(done) => {
                    results.extend(done);
                    tries = 1;
                }
                Err(Error::Contended(detail)) if piece.len() > 1 => {
                    tracing::info!(%detail, lines = piece.len(), "import batch contended; committing it in halves");
                    let (first, second) = piece.split_at(piece.len() / 2);
                    pending.push(second);
                    pending.push(first);
                    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                }
                Err(Error::Contended(detail)) if tries < ATTEMPTS => {
                    tracing::info!(%detail, tries, "import line contended; trying again");
                    tokio::time::sleep(std::time::Duration::from_millis(10 << tries)).await;
                    tries += 1;
                    pending.push(piece);
                }
                Err(e) => return Err(e),
            }
        }
        Ok(results)
    }

    async fn commit_batch_once(&self, lines: &[IncomingLine]) -> Result<Vec<LineResult>> {
        let (Some(first), Some(last)) = (lines.first(), lines.last()) else {
            return Ok(Vec::new());
        };
        let id = &self.options.import_id.0;
        let tx = self.app.store.begin_write().await?;
        // Locked: a second run of this import waits here, then finds these lines committed.
        let committed = imports::lock(&tx, id, self.ctx.principal.name()).await?;
        let stored: HashMap<i64, Refusal> = if first.number <= committed {
            imports::refusals(&tx, id, first.number, committed.min(last.number))
                .await?
                .into_iter()
                .map(|r| (r.line_number, r))
                .collect()
        } else {
            HashMap::new()
        };
        let sink = Sink::default();
        let (results, refusals) = self
            .judge_all_after(&tx, &sink, lines, &stored, committed)
            .await?;
        if last.number > committed {
            imports::advance(&tx, id, last.number, &refusals).await?;
        }
        settle(&self.app, &self.ctx, &tx, &sink).await?;
        tx.commit().await?;
        Ok(results)
    }

    /// Judges the lines after `committed` in `tx`, and answers the others from what the earlier
    /// run stored. Returns the results and the new refusals.
    async fn judge_all_after(
        &self,
        tx: &Tx,
        sink: &Sink,
        lines: &[IncomingLine],
        stored: &HashMap<i64, Refusal>,
        committed: i64,
    ) -> Result<(Vec<LineResult>, Vec<Refusal>)> {
        let mut results = Vec::with_capacity(lines.len());
        let mut refusals = Vec::new();
        // Lines of a scoped principal are each checked against its subtree, one by one.
        let as_sets = self.ctx.principal.scope().is_none();
        let mut at = 0;
        while let Some(line) = lines.get(at) {
            if line.number <= committed {
                results.push(earlier(line.number, stored.get(&line.number)));
                at += 1;
                continue;
            }
            let rest = &lines[at..];
            let upto = rest
                .iter()
                .position(|l| l.number <= committed)
                .unwrap_or(rest.len());
            let run = if as_sets {
                self.app.apply_run(tx, sink, &rest[..upto]).await?
            } else {
                bulk::Run::default()
            };
            // Without a run, the next line at least goes on by itself.
            let one_by_one = if run.judged.is_empty() {
                run.one_by_one.max(1)
            } else {
                run.one_by_one
            };
            for ((key, applied), line) in run.judged.into_iter().zip(rest) {
                results.push(judged(line.number, key, applied, &mut refusals)?);
                at += 1;
            }
            for line in lines.iter().skip(at).take(one_by_one) {
                let (key, applied) = self
                    .app
                    .apply_line(&self.ctx, Via::Within(tx, sink), &line.bytes)
                    .await;
                results.push(judged(line.number, key, applied, &mut refusals)?);
                at += 1;
            }
        }
        Ok((results, refusals))
    }
}

/// The result of a line judged now, noting a refusal in `refusals`; an error that is not the
/// line's fault ends the batch.
fn judged(
    number: i64,
    key: String,
    applied: Result<Outcome>,
    refusals: &mut Vec<Refusal>,
) -> Result<LineResult> {
    let outcome = match applied {
        Ok(outcome) => outcome,
        // With no etag sent, a conflict means another writer changed the record meanwhile:
        // the batch runs again rather than storing a refusal for good.
        Err(Error::Conflict { msg }) => {
            return Err(Error::Contended(format!("line {number}: {}", msg.en)));
        }
        Err(error) => {
            let Some(msg) = error.refusal() else {
                return Err(error);
            };
            let reason = error.reason().as_str().to_owned();
            refusals.push(Refusal {
                line_number: number,
                key: key.clone(),
                reason: reason.clone(),
                message: msg.en.clone(),
                message_vi: msg.vi.clone(),
            });
            Outcome::Refused { reason, msg }
        }
    };
    Ok(LineResult {
        number,
        key,
        outcome,
    })
}

/// The answer for a line an earlier run committed.
fn earlier(number: i64, refusal: Option<&Refusal>) -> LineResult {
    match refusal {
        Some(r) => LineResult {
            number,
            key: r.key.clone(),
            outcome: Outcome::Refused {
                reason: r.reason.clone(),
                msg: Msg::new(r.message_vi.clone(), r.message.clone()),
            },
        },
        None => LineResult {
            number,
            key: String::new(),
            outcome: Outcome::AlreadyImported,
        },
    }
}

/// Writes what the transaction's records left for its end: the aggregates of every person they
/// touched, in one ordered pass, then the change log lines, whose counter row must be locked last.
/// The transaction's audit entry, naming every record it changed, is linked after them.
async fn settle(app: &App, ctx: &Ctx, tx: &Tx, sink: &Sink) -> Result<()> {
    let (changes, subjects, touched) =
        std::mem::take(&mut *sink.lock().unwrap_or_else(PoisonError::into_inner)).into_parts();
    touched.apply(&app.rules, tx).await?;
    changes::append(tx, changes).await?;
    App::audit_in(tx, vec![App::audit_entry(ctx, subjects, "OK")]).await
}

fn out_of_order(number: i64, previous: i64) -> Error {
    Error::invalid(
        Reason::ImportOutOfOrder,
        FieldViolation::new(
            "line.line_number",
            format!(
                "dòng {number} gửi sau dòng {previous}: các dòng phải được gửi theo thứ tự tăng dần"
            ),
            format!(
                "line {number} was sent after line {previous}: lines must be sent in increasing order"
            ),
        ),
    )
}
