//! The arguments of `dangvien sync …`: the nightly import and export of DESIGN §6 records.

use std::path::PathBuf;

use clap::{Args, Subcommand};

/// `dangvien sync …`.
#[derive(Debug, Subcommand)]
pub(crate) enum SyncCommand {
    /// Nhập một tệp JSONL (DESIGN §6); chạy lại cùng tệp thì tiếp tục sau dòng đã lưu cuối cùng /
    /// import a JSONL file (DESIGN §6); running the same file again resumes after the last line
    /// stored (exit code 3 when some lines were refused: see the rejects file)
    Import(ImportArgs),
    /// Xuất mọi bản ghi (hoặc của một cây con) theo định dạng đồng bộ / export every record (or a
    /// subtree's) in the sync format; the cursor to continue from goes to stderr
    Export(ExportArgs),
    /// Các bản ghi lưu sau một con trỏ / the records stored after a cursor; the new cursor goes
    /// to stderr
    Changes(ChangesArgs),
}

/// `sync import`.
#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// Tệp cần nhập, hoặc `-` để đọc từ stdin / the file to import, or `-` for stdin
    #[arg(value_name = "FILE|-")]
    pub(crate) file: PathBuf,
    /// Tất cả hoặc không: dòng nào bị từ chối thì không lưu gì / all or nothing: store nothing if
    /// any line is refused
    #[arg(long)]
    pub(crate) atomic: bool,
    /// Chỉ kiểm tra, không lưu gì / check every line, store nothing
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// Mã lần nhập (mặc định: SHA-256 của tệp) / the import id (default: the file's SHA-256)
    #[arg(long, value_name = "ID", value_parser = parse_import_id)]
    pub(crate) import_id: Option<String>,
    /// Tệp ghi các dòng bị từ chối (mặc định: FILE.rejects.jsonl) / where refused lines go
    /// (default: FILE.rejects.jsonl; for stdin ./sync-rejects-ID.jsonl)
    #[arg(long, value_name = "FILE")]
    pub(crate) rejects: Option<PathBuf>,
}

/// `sync export`.
#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// Chỉ các bản ghi về cây con của tổ chức này / only the records about this organisation's
    /// subtree
    #[arg(long, value_name = "CODE")]
    pub(crate) org: Option<String>,
    /// Ghi vào tệp này thay vì stdout / write to this file instead of stdout
    #[arg(long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

/// `sync changes`.
#[derive(Debug, Args)]
pub(crate) struct ChangesArgs {
    /// Con trỏ của lần trước (mặc định: từ đầu) / the cursor of the previous run (default: from
    /// the start)
    #[arg(long, value_name = "CURSOR", conflicts_with = "cursor_file")]
    pub(crate) after: Option<String>,
    /// Đọc con trỏ từ tệp này và ghi con trỏ mới vào đó khi xong / read the cursor from this file
    /// (missing or empty: from the start) and write the new one to it once every line is written
    #[arg(long, value_name = "FILE")]
    pub(crate) cursor_file: Option<PathBuf>,
    /// Ghi vào tệp này thay vì stdout / write to this file instead of stdout
    #[arg(long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

/// An import id as `ImportStart` takes it: 1–128 printable ASCII characters.
pub(crate) fn parse_import_id(raw: &str) -> Result<String, String> {
    let printable = raw.bytes().all(|b| (b' '..=b'~').contains(&b));
    if (1..=128).contains(&raw.len()) && printable {
        Ok(raw.to_owned())
    } else {
        Err("cần 1–128 ký tự ASCII in được / expected 1–128 printable ASCII characters".to_owned())
    }
}
