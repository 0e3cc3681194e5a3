//! The file an import reads: its lines as raw bytes with their true numbers, its SHA-256 (the
//! default import id), and stdin spooled to a temporary file so that it can be hashed before it
//! is sent and read again for the rejects file. Everything streams: memory holds one line.

use std::{
    io,
    path::{Path, PathBuf},
};

use sha2::{Digest as _, Sha256};
use tempfile::NamedTempFile;
use tokio::io::{
    AsyncBufRead, AsyncBufReadExt as _, AsyncRead, AsyncReadExt as _, AsyncWriteExt as _,
};

use crate::error::Error;

/// Reads of the file go through a buffer this large.
pub(super) const READ_BUFFER: usize = 256 * 1024;

/// The file to import, ready to be read (again) from disk.
#[derive(Debug)]
pub(super) struct Input {
    /// Where to read it: the file itself, or the spooled copy of stdin.
    pub(super) path: PathBuf,
    /// Its hash and size.
    pub(super) digest: Digest,
    /// Keeps the spooled copy of stdin until the import is over; deleted when dropped.
    _spool: Option<NamedTempFile>,
}

impl Input {
    /// Opens `file` (`-`: stdin, spooled to a temporary file in `TMPDIR`) and hashes it.
    pub(super) async fn open(file: &Path) -> Result<Self, Error> {
        let failed = |error: io::Error| Error::Input {
            path: file.to_owned(),
            error,
        };
        if file.as_os_str() == "-" {
            let spool = NamedTempFile::new().map_err(failed)?;
            let copy = tokio::fs::File::from_std(spool.reopen().map_err(failed)?);
            let digest = spool_into(tokio::io::stdin(), copy).await.map_err(failed)?;
            return Ok(Self {
                path: spool.path().to_owned(),
                digest,
                _spool: Some(spool),
            });
        }
        let reader = tokio::fs::File::open(file).await.map_err(failed)?;
        let digest = tally(reader, None::<tokio::fs::File>)
            .await
            .map_err(failed)?;
        Ok(Self {
            path: file.to_owned(),
            digest,
            _spool: None,
        })
    }
}

/// What hashing a file found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Digest {
    /// SHA-256 of the bytes, in lower-case hex: the import id unless `--import-id` says otherwise.
    pub(super) sha256: String,
    /// Lines, counted as the reader numbers them (a last line without `\n` counts).
    pub(super) lines: i64,
    /// Bytes.
    pub(super) bytes: u64,
}

/// Copies `reader` into `copy` while hashing it; the copy is flushed to disk.
pub(super) async fn spool_into(
    reader: impl AsyncRead + Unpin,
    copy: tokio::fs::File,
) -> io::Result<Digest> {
    tally(reader, Some(copy)).await
}

/// Hashes and counts `reader`, writing every byte to `copy` when given.
async fn tally<W>(mut reader: impl AsyncRead + Unpin, mut copy: Option<W>) -> io::Result<Digest>
where
    W: tokio::io::AsyncWrite + Unpin,
{
    let mut hasher = Sha256::new();
    let mut buffer = vec![0; READ_BUFFER];
    let (mut newlines, mut bytes, mut last) = (0_i64, 0_u64, b'\n');
    loop {
        let read = reader.read(&mut buffer).await?;
        let Some(chunk) = buffer.get(..read).filter(|c| !c.is_empty()) else {
            break;
        };
        hasher.update(chunk);
        newlines += i64::try_from(chunk.iter().filter(|&&b| b == b'\n').count()).unwrap_or(0);
        bytes += chunk.len() as u64;
        last = chunk.last().copied().unwrap_or(last);
        if let Some(copy) = copy.as_mut() {
            copy.write_all(chunk).await?;
        }
    }
    if let Some(mut copy) = copy {
        copy.flush().await?;
        // The copy must be on disk before anything is sent: a retry reads it again.
        copy.shutdown().await?;
    }
    Ok(Digest {
        sha256: hex(&hasher.finalize()),
        lines: newlines + i64::from(last != b'\n'),
        bytes,
    })
}

/// Lower-case hex.
pub(super) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    text
}

/// Reads lines as bytes, numbered from 1 as in the file.
#[derive(Debug)]
pub(super) struct LineReader<R> {
    reader: R,
    number: i64,
    buffer: Vec<u8>,
}

impl<R: AsyncBufRead + Unpin> LineReader<R> {
    /// Lines of `reader`.
    pub(super) fn new(reader: R) -> Self {
        Self {
            reader,
            number: 0,
            buffer: Vec::new(),
        }
    }

    /// The next line and its number, without its `\n` or `\r\n`; `None` at the end. A last line
    /// without a terminator is a line; the empty rest after a final `\n` is not.
    pub(super) async fn next(&mut self) -> io::Result<Option<(i64, Vec<u8>)>> {
        self.buffer.clear();
        if self.reader.read_until(b'\n', &mut self.buffer).await? == 0 {
            return Ok(None);
        }
        self.number += 1;
        let line = without_terminator(&self.buffer).to_vec();
        Ok(Some((self.number, line)))
    }
}

/// `line` without a final `\n`, and then without a final `\r`.
pub(super) fn without_terminator(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// An empty or whitespace-only line is not a record: it is not sent, and its number is skipped.
pub(super) fn is_blank(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn lines(bytes: &[u8]) -> Vec<(i64, Vec<u8>)> {
        let mut reader = LineReader::new(bytes);
        let mut all = Vec::new();
        while let Some(line) = reader.next().await.unwrap() {
            all.push(line);
        }
        all
    }

    #[tokio::test]
    async fn lines_keep_their_numbers_and_lose_their_terminators() {
        let got = lines(b"a\r\nb\n\n  \nc\rd\n\xff\xfe{}\r\nlast").await;
        let expected: Vec<(i64, &[u8])> = vec![
            (1, b"a"),
            (2, b"b"),
            (3, b""),
            (4, b"  "),
            (5, b"c\rd"),
            (6, b"\xff\xfe{}"),
            (7, b"last"),
        ];
        let got: Vec<(i64, &[u8])> = got.iter().map(|(n, l)| (*n, l.as_slice())).collect();
        assert_eq!(got, expected);
        assert!(lines(b"").await.is_empty());
        assert_eq!(lines(b"x\n").await, vec![(1, b"x".to_vec())]);
        assert_eq!(lines(b"\r\n").await, vec![(1, Vec::new())]);
    }

    #[test]
    fn blank_lines_are_not_records() {
        assert!(is_blank(b""));
        assert!(is_blank(b" \t "));
        assert!(!is_blank(b" {} "));
        assert!(!is_blank(b"\xff"));
    }

    #[test]
    fn only_one_terminator_is_stripped() {
        assert_eq!(without_terminator(b"a\r\r\n"), b"a\r");
        assert_eq!(without_terminator(b"a\r"), b"a");
        assert_eq!(without_terminator(b"a"), b"a");
    }

    #[tokio::test]
    async fn the_import_id_is_the_sha256_of_the_bytes() {
        let digest = tally(&b"abc"[..], None::<tokio::fs::File>).await.unwrap();
        assert_eq!(
            digest,
            Digest {
                sha256: "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
                    .to_owned(),
                lines: 1,
                bytes: 3,
            }
        );
        let empty = tally(&b""[..], None::<tokio::fs::File>).await.unwrap();
        assert_eq!(
            empty.sha256,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!((empty.lines, empty.bytes), (0, 0));
        let two = tally(&b"a\nb\n"[..], None::<tokio::fs::File>)
            .await
            .unwrap();
        assert_eq!(two.lines, 2);
    }

    #[tokio::test]
    async fn stdin_is_spooled_byte_for_byte() {
        let spool = NamedTempFile::new().unwrap();
        let copy = tokio::fs::File::from_std(spool.reopen().unwrap());
        let bytes = b"{\"kind\":\"org\"}\r\n\xff\n".repeat(50_000);
        let digest = spool_into(bytes.as_slice(), copy).await.unwrap();
        assert_eq!(std::fs::read(spool.path()).unwrap(), bytes);
        assert_eq!(digest.lines, 100_000);
        assert_eq!(digest.sha256, hex(&Sha256::digest(&bytes)));
    }
}
