//! `sync export` and `sync changes`: the lines the server streams, written as they come (constant
//! memory) to stdout or to `--output`, then the cursor to continue from on stderr. `changes
//! --cursor-file` keeps that cursor between runs, moving it only once every line is safely
//! written, so that a failed run is simply run again.

use std::{
    fs::{File, OpenOptions},
    io::{self, BufWriter, Write},
    path::{Path, PathBuf},
};

use dangvien_proto::v1 as pb;
use tempfile::NamedTempFile;
use tonic::Streaming;

use super::super::Session;
use crate::{
    api::Api,
    cli::{ChangesArgs, ExportArgs},
    error::Error,
    view::org_name,
};

/// A chunk of a feed: lines, and the cursor after them.
trait Chunk {
    fn into_parts(self) -> (Vec<String>, String);
}

impl Chunk for pb::ExportResponse {
    fn into_parts(self) -> (Vec<String>, String) {
        let pb::ExportResponse { lines, next_cursor } = self;
        (lines, next_cursor)
    }
}

impl Chunk for pb::ListChangesResponse {
    fn into_parts(self) -> (Vec<String>, String) {
        let pb::ListChangesResponse { lines, next_cursor } = self;
        (lines, next_cursor)
    }
}

/// Runs `sync export`.
pub(super) async fn export(args: ExportArgs, session: &mut Session<'_>) -> Result<(), Error> {
    let ExportArgs { org, output } = args;
    let mut api = session.connect().await?;
    let mut stream = api
        .export(pb::ExportRequest {
            organization: org.as_deref().map(org_name).unwrap_or_default(),
        })
        .await?;
    let cursor = write_feed(&api, &mut stream, output, session, String::new()).await?;
    print_cursor(session, &cursor)
}

/// Runs `sync changes`.
pub(super) async fn changes(args: ChangesArgs, session: &mut Session<'_>) -> Result<(), Error> {
    let ChangesArgs {
        after,
        cursor_file,
        output,
    } = args;
    let after = match (&cursor_file, after) {
        (Some(path), _) => read_cursor(path)?,
        (None, after) => after.unwrap_or_default(),
    };
    let mut api = session.connect().await?;
    let mut stream = api
        .list_changes(pb::ListChangesRequest {
            after_cursor: after.clone(),
        })
        .await?;
    let cursor = write_feed(&api, &mut stream, output, session, after).await?;
    if let Some(path) = cursor_file {
        write_cursor(&path, &cursor)?;
    }
    print_cursor(session, &cursor)
}

/// `cursor: …` on stderr, for the operator and for scripts.
fn print_cursor(session: &mut Session<'_>, cursor: &str) -> Result<(), Error> {
    writeln!(session.err, "cursor: {cursor}")?;
    Ok(())
}

/// Writes every line of `stream` to `output` (stdout when `None`) and returns the last chunk's
/// cursor (`cursor` when no chunk came). A file is written under a temporary name beside it and
/// renamed once complete, so that a broken stream never leaves a file that looks whole.
async fn write_feed<T: Chunk>(
    api: &Api,
    stream: &mut Streaming<T>,
    output: Option<PathBuf>,
    session: &mut Session<'_>,
    mut cursor: String,
) -> Result<String, Error> {
    let Some(path) = output else {
        while let Some(chunk) = api.next(stream).await? {
            let (lines, next) = chunk.into_parts();
            session.render.sync_lines(&lines)?;
            cursor = next;
        }
        // Everything is out before the cursor says so.
        session.render.flush()?;
        return Ok(cursor);
    };
    let failed = |error: io::Error| Error::File {
        path: path.clone(),
        error,
    };
    let mut file = BufWriter::new(Staged::open(&path).map_err(failed)?);
    while let Some(chunk) = api.next(stream).await? {
        let (lines, next) = chunk.into_parts();
        session
            .render
            .to(&mut file)
            .sync_lines(&lines)
            .map_err(failed)?;
        cursor = next;
    }
    let file = file.into_inner().map_err(|e| failed(e.into_error()))?;
    file.finish(&path).map_err(failed)?;
    Ok(cursor)
}

/// The cursor kept in `path`: none (from the start) when the file is missing or empty.
fn read_cursor(path: &Path) -> Result<String, Error> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(text.trim().to_owned()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(String::new()),
        Err(error) => Err(Error::Input {
            path: path.to_owned(),
            error,
        }),
    }
}

/// Replaces the cursor in `path` at once: a reader sees the old cursor or the new, never half.
fn write_cursor(path: &Path, cursor: &str) -> Result<(), Error> {
    let write = || {
        let mut file = Staged::open(path)?;
        writeln!(file, "{cursor}")?;
        file.finish(path)
    };
    write().map_err(|error| Error::File {
        path: path.to_owned(),
        error,
    })
}

/// A file being written to `path`. A regular file (or a new one) is written under a temporary
/// name beside it and renamed onto it once complete, so that it is never seen half written.
/// Anything else (`/dev/null`, `/dev/stdout`, a FIFO, a symbolic link) is written straight into:
/// a rename would replace the device or the link with a plain file.
enum Staged {
    Beside(NamedTempFile),
    Into(File),
}

impl Staged {
    fn open(path: &Path) -> io::Result<Self> {
        match std::fs::symlink_metadata(path) {
            Ok(meta) if !meta.is_file() => Ok(Self::Into(
                OpenOptions::new().write(true).truncate(true).open(path)?,
            )),
            Ok(_) => Self::beside(path),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Self::beside(path),
            Err(e) => Err(e),
        }
    }

    /// A new temporary file in the directory of `path`, so that renaming it onto `path` is atomic.
    fn beside(path: &Path) -> io::Result<Self> {
        let dir = match path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            Some(_) | None => Path::new("."),
        };
        NamedTempFile::new_in(dir).map(Self::Beside)
    }

    /// Puts what was written on disk under `path`.
    fn finish(self, path: &Path) -> io::Result<()> {
        match self {
            Self::Beside(file) => {
                file.as_file().sync_all()?;
                file.persist(path).map_err(|e| e.error)?;
            }
            Self::Into(mut file) => file.flush()?,
        }
        Ok(())
    }
}

impl Write for Staged {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Self::Beside(file) => file.write(buf),
            Self::Into(file) => file.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Self::Beside(file) => file.flush(),
            Self::Into(file) => file.flush(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_file_starts_empty_and_is_replaced_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("changes.cursor");
        assert_eq!(read_cursor(&path).unwrap(), "");
        write_cursor(&path, "1234").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "1234\n");
        assert_eq!(read_cursor(&path).unwrap(), "1234");
        write_cursor(&path, "1240").unwrap();
        assert_eq!(read_cursor(&path).unwrap(), "1240");
        std::fs::write(&path, "  \n").unwrap();
        assert_eq!(read_cursor(&path).unwrap(), "");
        // Only the cursor is left in the directory: no temporary files.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_link_or_a_device_is_written_into_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("kept.cursor");
        std::fs::write(&target, "1\n").unwrap();
        let link = dir.path().join("link.cursor");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_cursor(&link, "1240").unwrap();
        assert!(std::fs::symlink_metadata(&link).unwrap().is_symlink());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "1240\n");
        // A link to a device, as `--output /dev/stdout` or `/dev/null` would be.
        let null = dir.path().join("null");
        std::os::unix::fs::symlink("/dev/null", &null).unwrap();
        write_cursor(&null, "1241").unwrap();
        assert!(std::fs::symlink_metadata(&null).unwrap().is_symlink());
        assert!(!std::fs::metadata("/dev/null").unwrap().is_file());
    }

    #[test]
    fn an_unreadable_cursor_file_is_an_input_error() {
        let dir = tempfile::tempdir().unwrap();
        let error = read_cursor(dir.path()).unwrap_err();
        assert_eq!(error.exit_code(), 66);
    }
}
