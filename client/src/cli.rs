//! The command line: global options, subcommands, and the value parsers that make bad input a usage error.
//!
//! Help texts are bilingual (Vietnamese, then English) because clap renders them before `--lang`
//! is known. `person` holds the arguments of `person` and `case`; `member`, `decide`, `report`,
//! `target`, `admin` and `audit` those of their commands; `spelling` lets every value be written in snake_case or
//! kebab-case.

mod admin;
mod audit;
mod credentials;
mod decide;
mod member;
mod person;
mod report;
mod spelling;
mod sync;
mod target;

use std::time::Duration;

use chrono::{Datelike, NaiveDate};
use clap::{ArgGroup, Args, CommandFactory, Parser, Subcommand, ValueEnum};
use clap_complete::Shell;

pub(crate) use self::{
    admin::{AdminCommand, TokenCommand, TokenCreateArgs, TokenRevokeArgs, TokensFileArg},
    audit::{AuditCommand, AuditListArgs},
    credentials::CredentialsArgs,
    decide::{CellVoteArgs, Common, DecideCommand, RateArgs, SponsorArg, TransferArgs, VoteCounts},
    member::{MemberCommand, MemberListArgs, RegisterArgs},
    person::{CaseCommand, PersonAddArgs, PersonCommand, PersonListArgs, PersonUpdateArgs},
    report::{FunnelArgs, OverdueArgs, ReportCommand, YearArgs},
    sync::{ChangesArgs, ExportArgs, ImportArgs, SyncCommand},
    target::{TargetCommand, TargetSetArgs},
};
use crate::{
    i18n::{EXIT_CODES_HELP, Lang},
    vocab::{Kind, Sector},
};

/// The heading under which every subcommand's help lists the global options.
const GLOBAL: &str = "Tùy chọn chung / Global options";

/// The server when neither `--server` nor `DANGVIEN_SERVER` is given (DESIGN §2).
pub(crate) const DEFAULT_SERVER: &str = "http://127.0.0.1:50051";

/// The program's name, on the command line and in `--help`.
const NAME: &str = "dangvien";

/// dangvien: tổ chức đảng, quyết định và báo cáo / party organisations, decisions and reports.
#[derive(Debug, Args)]
#[command(bin_name = NAME, version, after_help = EXIT_CODES_HELP)]
pub(crate) struct Cli {
    /// Địa chỉ máy chủ dangviend / server URL
    #[arg(
        long,
        global = true,
        help_heading = GLOBAL,
        env = "DANGVIEN_SERVER",
        default_value = DEFAULT_SERVER,
        value_name = "URL",
        value_parser = parse_server
    )]
    pub(crate) server: String,

    /// Định dạng kết quả / output format
    #[arg(long, global = true, help_heading = GLOBAL, value_enum, default_value_t = Format::Table)]
    pub(crate) format: Format,

    /// Ngôn ngữ của nhãn và thông báo / language of labels and messages
    #[arg(
        long,
        global = true,
        help_heading = GLOBAL,
        env = "DANGVIEN_LANG",
        value_enum,
        default_value_t = Lang::Vi
    )]
    pub(crate) lang: Lang,

    /// Thời hạn mỗi lần gọi máy chủ, tính bằng giây; máy chủ đang khởi động hoặc chưa nhận kết
    /// nối được thử lại (sau 0,1 s, gấp đôi đến 2 s) trong thời hạn này rồi mới thoát mã 69 /
    /// deadline of each server call, in seconds; a server that is starting or refuses
    /// connections is retried (after 0.1 s, doubling up to 2 s) within it before exit 69
    #[arg(
        long,
        global = true,
        help_heading = GLOBAL,
        value_name = "SECONDS",
        default_value = "30",
        value_parser = parse_timeout
    )]
    pub(crate) timeout: Duration,

    /// Mã yêu cầu để gửi lại đúng một thay đổi (mặc định: UUID mới) / request id, to replay a
    /// change exactly once (default: a fresh UUID)
    #[arg(long, global = true, help_heading = GLOBAL, value_name = "ID")]
    pub(crate) request_id: Option<String>,

    #[command(flatten)]
    pub(crate) credentials: CredentialsArgs,

    #[command(subcommand)]
    pub(crate) command: Command,
}

// What `#[derive(Parser)]` would write, plus `spelling::respell`: every way of parsing the
// command line (`run`, the tests, completions) then takes each value in both spellings.
impl CommandFactory for Cli {
    fn command() -> clap::Command {
        spelling::respell(Self::augment_args(clap::Command::new(NAME)))
    }

    fn command_for_update() -> clap::Command {
        spelling::respell(Self::augment_args_for_update(clap::Command::new(NAME)))
    }
}

impl Parser for Cli {}

/// How data is printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Bảng cho người đọc / a table for people
    Table,
    /// JSON với khóa cố định / JSON with stable keys
    Json,
    /// CSV có BOM UTF-8 cho Excel / CSV with a UTF-8 BOM for Excel
    Csv,
    /// Sổ tính Excel, chỉ cho report year / an Excel workbook, for report year only
    Xlsx,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Tổ chức đảng / party organisations
    #[command(subcommand)]
    Org(OrgCommand),
    /// Người: quần chúng được phát triển và đảng viên / persons: non-members and members
    #[command(subcommand)]
    Person(PersonCommand),
    /// Tư cách đảng viên / party membership
    #[command(subcommand)]
    Member(MemberCommand),
    /// Ghi một quyết định về hồ sơ kết nạp hoặc về đảng viên / record a decision on an
    /// admission case or on a member
    #[command(subcommand)]
    Decide(DecideCommand),
    /// Hồ sơ kết nạp đảng / admission cases
    #[command(subcommand)]
    Case(CaseCommand),
    /// Báo cáo và danh sách theo dõi / reports and follow-up lists
    #[command(subcommand)]
    Report(ReportCommand),
    /// Vận hành hệ thống / operating the deployment
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Nhật ký kiểm toán / the audit log
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Chỉ tiêu kết nạp đảng viên theo năm / yearly admissions targets
    #[command(subcommand)]
    Target(TargetCommand),
    /// Đồng bộ hằng đêm: nhập và xuất bản ghi JSONL / the nightly sync: records in and out as
    /// JSONL
    #[command(subcommand)]
    Sync(SyncCommand),
    /// In script gợi ý lệnh cho shell / print shell completions
    Completions {
        /// Shell
        #[arg(value_enum)]
        shell: Shell,
    },
}

/// `dangvien org …`.
#[derive(Debug, Subcommand)]
pub(crate) enum OrgCommand {
    /// Tạo tổ chức đảng / create an organisation
    Create(CreateArgs),
    /// Xem một tổ chức / show one organisation
    Show {
        /// Mã tổ chức / organisation code
        code: String,
    },
    /// Liệt kê tổ chức / list organisations
    List(ListArgs),
    /// Cây tổ chức vào một ngày / the tree of organisations on a day
    Tree(TreeArgs),
    /// Đổi tên hoặc lĩnh vực / change the name or the sector
    Update(UpdateArgs),
    /// Chuyển tổ chức (cùng cây con) sang cấp trên mới / move an organisation and its subtree
    Move(MoveArgs),
    /// Hợp nhất tổ chức vào một tổ chức cùng loại / merge an organisation into one of the same kind
    Merge(MergeArgs),
    /// Giải thể tổ chức / dissolve an organisation
    Dissolve(DissolveArgs),
}

/// `org create`.
#[derive(Debug, Args)]
pub(crate) struct CreateArgs {
    /// Mã tổ chức (mặc định: máy chủ cấp mã dv-…) / code (default: the server assigns one)
    #[arg(long)]
    pub(crate) code: Option<String>,
    /// Tên tổ chức / name
    #[arg(long)]
    pub(crate) name: String,
    /// Loại tổ chức / kind
    #[arg(long, value_enum)]
    pub(crate) kind: Kind,
    /// Lĩnh vực / sector
    #[arg(long, value_enum)]
    pub(crate) sector: Sector,
    /// Mã tổ chức cấp trên (bỏ trống nếu là gốc) / parent code (none for a root)
    #[arg(long, value_name = "CODE")]
    pub(crate) parent: Option<String>,
    /// Ngày bắt đầu hiệu lực (mặc định: hôm nay) / first day (default: today)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) valid_from: Option<NaiveDate>,
    /// Ngày cuối cùng hiệu lực, cho tổ chức đã giải thể / last day, for a past organisation
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) valid_to: Option<NaiveDate>,
}

/// `org list`.
#[derive(Debug, Args)]
pub(crate) struct ListArgs {
    /// Chỉ loại này / only this kind
    #[arg(long, value_enum)]
    pub(crate) kind: Option<Kind>,
    /// Chỉ các tổ chức trực thuộc tổ chức này / only the direct children of this organisation
    #[arg(long, value_name = "CODE", conflicts_with = "roots")]
    pub(crate) parent: Option<String>,
    /// Chỉ các tổ chức gốc / only the roots
    #[arg(long)]
    pub(crate) roots: bool,
    /// Ngày cần xem (mặc định: hôm nay) / the day to list (default: today)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) as_of: Option<NaiveDate>,
}

/// `org tree`.
#[derive(Debug, Args)]
pub(crate) struct TreeArgs {
    /// Chỉ cây con của tổ chức này / only the subtree of this organisation
    #[arg(long, value_name = "CODE")]
    pub(crate) root: Option<String>,
    /// Ngày cần xem (mặc định: hôm nay) / the day to show (default: today)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) as_of: Option<NaiveDate>,
}

/// `org update`: at least one of the fields.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("changes").required(true).multiple(true).args(["name", "sector"])))]
pub(crate) struct UpdateArgs {
    /// Mã tổ chức / organisation code
    pub(crate) code: String,
    /// Tên mới / new name
    #[arg(long)]
    pub(crate) name: Option<String>,
    /// Lĩnh vực mới / new sector
    #[arg(long, value_enum)]
    pub(crate) sector: Option<Sector>,
    /// Etag đã đọc, để không ghi đè thay đổi của người khác (dấu " có thể bỏ) / the etag read, so
    /// nobody's change is overwritten (quotes optional)
    #[arg(long)]
    pub(crate) etag: Option<String>,
}

/// `org move`: exactly one destination.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("destination").required(true).args(["parent", "root"])))]
pub(crate) struct MoveArgs {
    /// Mã tổ chức / organisation code
    pub(crate) code: String,
    /// Mã cấp trên mới / new parent code
    #[arg(long, value_name = "CODE")]
    pub(crate) parent: Option<String>,
    /// Thành tổ chức gốc / make it a root
    #[arg(long)]
    pub(crate) root: bool,
    #[command(flatten)]
    pub(crate) decision: DecisionArgs,
}

/// `org merge`.
#[derive(Debug, Args)]
pub(crate) struct MergeArgs {
    /// Mã tổ chức bị hợp nhất (chấm dứt trước ngày hiệu lực) / code of the organisation that ends
    pub(crate) code: String,
    /// Mã tổ chức tiếp nhận, cùng loại / code of the survivor, of the same kind
    #[arg(long, value_name = "CODE")]
    pub(crate) into: String,
    #[command(flatten)]
    pub(crate) decision: DecisionArgs,
}

/// `org dissolve`.
#[derive(Debug, Args)]
pub(crate) struct DissolveArgs {
    /// Mã tổ chức / organisation code
    pub(crate) code: String,
    #[command(flatten)]
    pub(crate) decision: DecisionArgs,
}

/// The dated decision behind a move, a merge or a dissolution.
#[derive(Debug, Args)]
pub(crate) struct DecisionArgs {
    /// Ngày có hiệu lực / effective date
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) date: NaiveDate,
    /// Số văn bản quyết định, vd. 12-QĐ/TU / document number
    #[arg(long, value_name = "DOCNO")]
    pub(crate) number: Option<String>,
    /// Mã cơ quan quyết định / code of the deciding body
    #[arg(long, value_name = "CODE")]
    pub(crate) body: Option<String>,
    /// Etag đã đọc (dấu " có thể bỏ) / the etag read (quotes optional)
    #[arg(long)]
    pub(crate) etag: Option<String>,
}

/// A calendar date written `YYYY-MM-DD`, and nothing looser (no `2024-1-5`, no `+2024-…`).
pub(crate) fn parse_date(raw: &str) -> Result<NaiveDate, String> {
    let shaped = raw.len() == 10
        && raw.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    shaped
        .then(|| NaiveDate::parse_from_str(raw, "%Y-%m-%d").ok())
        .flatten()
        // The contract's `google.type.Date` years run 1..=9999.
        .filter(|d| d.year() >= 1)
        .ok_or_else(|| {
            "cần một ngày có thật dạng YYYY-MM-DD / expected a real date as YYYY-MM-DD".to_owned()
        })
}

/// A positive number of seconds, fractions allowed.
fn parse_timeout(raw: &str) -> Result<Duration, String> {
    raw.parse::<f64>()
        .ok()
        .filter(|s| *s > 0.0)
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .ok_or_else(|| "cần số giây lớn hơn 0 / expected a number of seconds above 0".to_owned())
}

/// An `http://` or `https://` URL that tonic can dial.
fn parse_server(raw: &str) -> Result<String, String> {
    let schemed = raw.starts_with("http://") || raw.starts_with("https://");
    if schemed && tonic::transport::Endpoint::from_shared(raw.to_owned()).is_ok() {
        Ok(raw.to_owned())
    } else {
        Err(format!(
            "cần URL dạng {DEFAULT_SERVER} / expected a URL like {DEFAULT_SERVER}"
        ))
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory as _;

    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn dates_must_be_real_and_written_in_full() {
        assert_eq!(
            parse_date("2024-02-29"),
            Ok(NaiveDate::from_ymd_opt(2024, 2, 29).unwrap())
        );
        for bad in [
            "2023-02-29",
            "2024-13-01",
            "2024-1-05",
            "24-01-05",
            "+2024-01-0",
            "2024/01/05",
            "0000-01-01",
            "",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn timeouts_are_positive_seconds() {
        assert_eq!(parse_timeout("1.5"), Ok(Duration::from_millis(1500)));
        for bad in ["0", "-1", "abc", "NaN", "inf"] {
            assert!(parse_timeout(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn servers_need_a_scheme() {
        assert!(parse_server("http://127.0.0.1:50051").is_ok());
        assert!(parse_server("127.0.0.1:50051").is_err());
        assert!(parse_server("http://bad host").is_err());
    }
}
