//! `dangvien sync import FILE|-`: streams the file's lines to `Import` while results stream back,
//! writes refused lines to the rejects file, shows progress on stderr, and ends with the summary.
//!
//! The import id is the file's SHA-256, so running the same file again resumes it: the server
//! answers the lines an earlier run committed from what it stored, refusals included, and judges
//! the rest. Every line is sent again for that; only the server knows where the earlier run
//! stopped.

use std::{
    io::{self, IsTerminal as _, Write},
    path::PathBuf,
    time::{Duration, Instant},
};

use dangvien_proto::v1::{
    self as pb, import_request::Message as Request, import_response::Message as Response,
};
use tokio::{
    io::BufReader,
    sync::{mpsc, oneshot},
    task::JoinHandle,
    time::MissedTickBehavior,
};
use tonic::Streaming;

use super::{
    super::Session,
    input::{Input, LineReader, READ_BUFFER, is_blank},
    rejects::{self, Rejects},
};
use crate::{
    api::{abandon, stream_error},
    cli::ImportArgs,
    error::Error,
    i18n::{self, Lang, Progress},
    view::ImportSummaryView,
};

/// Lines queued for the request stream; gRPC flow control paces the rest.
const QUEUED_LINES: usize = 256;

/// How often the progress line is redrawn on a terminal.
const REDRAW: Duration = Duration::from_millis(250);

/// How often a progress line is printed when stderr is not a terminal (a log).
const LOG_EVERY: Duration = Duration::from_secs(10);

/// Runs `sync import`.
pub(in crate::commands) async fn import(
    args: ImportArgs,
    session: &mut Session<'_>,
) -> Result<(), Error> {
    let ImportArgs {
        file,
        atomic,
        dry_run,
        import_id,
        rejects,
    } = args;
    let input = Input::open(&file).await?;
    let import_id = import_id.unwrap_or_else(|| input.digest.sha256.clone());
    let rejects_path = rejects.unwrap_or_else(|| rejects::default_path(&file, &import_id));
    let mut api = session.connect().await?;
    let start = pb::ImportStart {
        import_id: import_id.clone(),
        atomic,
        dry_run,
    };
    let (requests, mut responses) = api.import(start, QUEUED_LINES).await?;
    let (stop, stopped) = oneshot::channel();
    rejects::remove_stale(&rejects_path)?;
    let sender = tokio::spawn(send_lines(input.path.clone(), requests, stopped));
    let mut meter = Meter::new(session.lang, input.digest.lines);
    let mut rejects = Rejects::new(rejects_path.clone(), input.path.clone(), file.clone());
    let received = receive(
        &mut responses,
        sender,
        &mut rejects,
        &mut meter,
        session.err,
        (api.server(), &file),
    )
    .await;
    // Whatever happened, a stream still being sent is abandoned, never ended cleanly (see
    // `api::abandon`).
    drop(stop);
    meter.clear(session.err)?;
    let (started, summary) = received?;
    let mut view = ImportSummaryView::new(import_id, summary, atomic, dry_run, started);
    view.rejects = rejects
        .finish()?
        .map(|path| path.to_string_lossy().into_owned());
    session
        .err
        .write_all(i18n::summary(session.lang, &view).as_bytes())?;
    session.render.import_summary(&view)?;
    if view.refused > 0 {
        return Err(Error::LinesRefused {
            count: view.refused,
            rejects: rejects_path,
        });
    }
    Ok(())
}

/// Reads the responses until the summary and the end of the stream, watching the sender: returns
/// the line the import resumed after and the server's summary.
async fn receive(
    responses: &mut Streaming<pb::ImportResponse>,
    mut sender: JoinHandle<io::Result<()>>,
    rejects: &mut Rejects,
    meter: &mut Meter,
    err: &mut dyn Write,
    (server, file): (&str, &PathBuf),
) -> Result<(i64, pb::ImportSummary), Error> {
    let mut tick =
        tokio::time::interval_at(tokio::time::Instant::now() + meter.period(), meter.period());
    tick.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let (mut started, mut summary, mut sent_all) = (0, None, false);
    loop {
        tokio::select! {
            message = responses.message() => match message {
                Ok(Some(pb::ImportResponse { message: Some(message) })) => match message {
                    Response::Started(pb::ImportStarted { resumed_after_line }) => {
                        started = resumed_after_line;
                    }
                    Response::Results(pb::ImportResults { results }) => {
                        for result in results {
                            meter.answered(result.line_number);
                            if result.outcome() == pb::LineOutcome::Refused {
                                rejects.add(result).await?;
                            }
                        }
                    }
                    Response::Summary(last) => summary = Some(last),
                },
                // A message of a kind this client does not know yet says nothing it can use.
                Ok(Some(pb::ImportResponse { message: None })) => {}
                Ok(None) => break,
                Err(status) => return Err(stream_error(server, status)),
            },
            sent = &mut sender, if !sent_all => match sent {
                Ok(Ok(())) => sent_all = true,
                Ok(Err(error)) => return Err(Error::Input { path: file.clone(), error }),
                Err(join) => return Err(Error::Input { path: file.clone(), error: io::Error::other(join) }),
            },
            _ = tick.tick() => meter.show(err)?,
        }
    }
    match summary {
        Some(summary) => Ok((started, summary)),
        // The server ended the stream without its last message: it went away mid-way.
        None => Err(Error::Interrupted {
            server: server.to_owned(),
            detail: "the stream ended before the summary".to_owned(),
        }),
    }
}

/// Sends every line of `path` but blank ones, in order, then ends the stream, which tells the
/// server the file is complete. Stops without ending it when `stop` fires (the import failed
/// on the receiving side) or the file cannot be read.
async fn send_lines(
    path: PathBuf,
    requests: mpsc::Sender<pb::ImportRequest>,
    mut stop: oneshot::Receiver<()>,
) -> io::Result<()> {
    let file = match tokio::fs::File::open(&path).await {
        Ok(file) => file,
        Err(e) => {
            abandon(requests);
            return Err(e);
        }
    };
    let mut lines = LineReader::new(BufReader::with_capacity(READ_BUFFER, file));
    loop {
        let next = tokio::select! {
            biased;
            _ = &mut stop => {
                abandon(requests);
                return Ok(());
            }
            next = lines.next() => next,
        };
        let (line_number, line) = match next {
            Ok(Some(line)) => line,
            // Dropping `requests` here ends the stream: the whole file was sent.
            Ok(None) => return Ok(()),
            Err(e) => {
                abandon(requests);
                return Err(e);
            }
        };
        if is_blank(&line) {
            continue;
        }
        let message = pb::ImportRequest {
            message: Some(Request::Line(pb::ImportLine { line_number, line })),
        };
        tokio::select! {
            biased;
            _ = &mut stop => {
                abandon(requests);
                return Ok(());
            }
            sent = requests.send(message) => if sent.is_err() {
                // The call is over; the receiving side has the reason.
                return Ok(());
            },
        }
    }
}

/// The progress line on stderr: redrawn in place on a terminal, printed every `LOG_EVERY`
/// otherwise.
#[derive(Debug)]
struct Meter {
    lang: Lang,
    terminal: bool,
    started: Instant,
    total_lines: i64,
    line: i64,
    records: i64,
    drawn: bool,
}

impl Meter {
    fn new(lang: Lang, total_lines: i64) -> Self {
        Self {
            lang,
            terminal: io::stderr().is_terminal(),
            started: Instant::now(),
            total_lines,
            line: 0,
            records: 0,
            drawn: false,
        }
    }

    fn period(&self) -> Duration {
        if self.terminal { REDRAW } else { LOG_EVERY }
    }

    /// A result for `line` arrived.
    fn answered(&mut self, line: i64) {
        self.line = self.line.max(line);
        self.records += 1;
    }

    fn show(&mut self, err: &mut dyn Write) -> io::Result<()> {
        let text = i18n::progress(
            self.lang,
            Progress {
                line: self.line,
                total_lines: self.total_lines,
                records: self.records,
                elapsed: self.started.elapsed(),
            },
        );
        if self.terminal {
            // Back to the start of the line, erase it, draw.
            write!(err, "\r\x1b[2K{text}")?;
            self.drawn = true;
        } else {
            writeln!(err, "{text}")?;
        }
        err.flush()
    }

    /// Erases the progress line, so that the summary or an error starts on a clean line.
    fn clear(&mut self, err: &mut dyn Write) -> io::Result<()> {
        if std::mem::take(&mut self.drawn) {
            write!(err, "\r\x1b[2K")?;
        }
        Ok(())
    }
}
