//! Every text a person reads, in Vietnamese (the default) and English: headings, labels, messages.
//!
//! JSON and CSV never go through here: machines get the stable snake_case codes. The one exception
//! is the year report, whose CSV and workbook are laid out for a board as its table is. `values`
//! labels the person, member-status and admission vocabularies and the decision kinds; `member` the
//! member vocabularies, deadline flags and a member's standing; `details` sums up a decision kind's
//! own fields; `fields` heads their tables; `report` heads the year report and the funnel;
//! `sync` words the import's progress and summary; `tokens` the tokens file's commands; `audit`
//! the audit log's.

mod audit;
mod details;
mod fields;
mod member;
mod report;
mod sync;
mod tokens;
mod values;

use chrono::NaiveDate;
use clap::ValueEnum;

pub(crate) use self::{
    audit::{audit_breaks, audit_checked, audit_columns, audit_heads, audit_holds},
    details::details_summary,
    fields::{Field, field},
    member::{
        exempt_note, exit_label, flag_label, flags_label, grade_label, measure_label,
        overdue_state, seniority, suspended_note, temporarily_at, transfer_kind_label, until,
    },
    report::{
        admissions_chart_title, funnel_columns, funnel_title, report_line, section_title,
        sheet_name, year_columns, year_title,
    },
    sync::{Progress, input_failed, interrupted, lines_refused, progress, summary},
    tokens::{
        certificate_added, everything, principal_columns, principal_kind, revoked, token_created,
        tokens_error,
    },
    values::{
        case_state_label, decision_kind_label, education_label, gender_label, member_origin_label,
        member_status_label, none, union_resolution_label, yes_no,
    },
};
use crate::{
    error::Mistake,
    vocab::{Kind, Sector},
};

/// The language of headings, labels and error messages (`--lang`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Lang {
    /// Tiếng Việt.
    Vi,
    /// English.
    En,
}

/// A column or row heading of an organisation table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Heading {
    Code,
    Name,
    Kind,
    Parent,
    Sector,
    ValidFrom,
    ValidTo,
    Etag,
}

impl Heading {
    /// Every organisation heading, in the order tables show them.
    pub(crate) const ORG: [Heading; 8] = [
        Heading::Code,
        Heading::Name,
        Heading::Kind,
        Heading::Parent,
        Heading::Sector,
        Heading::ValidFrom,
        Heading::ValidTo,
        Heading::Etag,
    ];
}

/// The text of a heading.
pub(crate) fn heading(lang: Lang, heading: Heading) -> &'static str {
    match (lang, heading) {
        (Lang::Vi, Heading::Code) => "Mã",
        (Lang::Vi, Heading::Name) => "Tên",
        (Lang::Vi, Heading::Kind) => "Loại",
        (Lang::Vi, Heading::Parent) => "Cấp trên",
        (Lang::Vi, Heading::Sector) => "Lĩnh vực",
        (Lang::Vi, Heading::ValidFrom) => "Hiệu lực từ",
        (Lang::Vi, Heading::ValidTo) => "Hiệu lực đến",
        (Lang::Vi, Heading::Etag) => "Etag",
        (Lang::En, Heading::Code) => "Code",
        (Lang::En, Heading::Name) => "Name",
        (Lang::En, Heading::Kind) => "Kind",
        (Lang::En, Heading::Parent) => "Parent",
        (Lang::En, Heading::Sector) => "Sector",
        (Lang::En, Heading::ValidFrom) => "Valid from",
        (Lang::En, Heading::ValidTo) => "Valid to",
        (Lang::En, Heading::Etag) => "Etag",
    }
}

/// Shown for a kind or sector the server sent but this build does not know.
const UNKNOWN: &str = "?";

/// The label of a kind.
pub(crate) fn kind_label(lang: Lang, kind: Option<Kind>) -> &'static str {
    let Some(kind) = kind else { return UNKNOWN };
    match (lang, kind) {
        (Lang::Vi, Kind::Province) => "Đảng bộ tỉnh",
        (Lang::Vi, Kind::Bloc) => "Đảng bộ khối",
        (Lang::Vi, Kind::GrassrootsCommittee) => "Đảng bộ cơ sở",
        (Lang::Vi, Kind::GrassrootsCell) => "Chi bộ cơ sở",
        (Lang::Vi, Kind::PartialCommittee) => "Đảng bộ bộ phận",
        (Lang::Vi, Kind::Cell) => "Chi bộ trực thuộc",
        (Lang::En, Kind::Province) => "provincial committee",
        (Lang::En, Kind::Bloc) => "bloc committee",
        (Lang::En, Kind::GrassrootsCommittee) => "grassroots committee",
        (Lang::En, Kind::GrassrootsCell) => "grassroots cell",
        (Lang::En, Kind::PartialCommittee) => "partial committee",
        (Lang::En, Kind::Cell) => "cell",
    }
}

/// The label of a sector.
pub(crate) fn sector_label(lang: Lang, sector: Option<Sector>) -> &'static str {
    let Some(sector) = sector else {
        return UNKNOWN;
    };
    match (lang, sector) {
        (Lang::Vi, Sector::StateAgency) => "Cơ quan nhà nước",
        (Lang::Vi, Sector::PublicServiceUnit) => "Đơn vị sự nghiệp công lập",
        (Lang::Vi, Sector::StateEnterprise) => "Doanh nghiệp nhà nước",
        (Lang::Vi, Sector::NonStateEnterprise) => "Doanh nghiệp ngoài nhà nước",
        (Lang::Vi, Sector::FdiEnterprise) => "Doanh nghiệp có vốn đầu tư nước ngoài",
        (Lang::Vi, Sector::Other) => "Khác",
        (Lang::En, Sector::StateAgency) => "State agency",
        (Lang::En, Sector::PublicServiceUnit) => "Public service unit",
        (Lang::En, Sector::StateEnterprise) => "State enterprise",
        (Lang::En, Sector::NonStateEnterprise) => "Non-state enterprise",
        (Lang::En, Sector::FdiEnterprise) => "FDI enterprise",
        (Lang::En, Sector::Other) => "Other",
    }
}

/// What starts an error line on stderr.
pub(crate) fn error_prefix(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "lỗi",
        Lang::En => "error",
    }
}

/// What starts a line of the server's warnings on stderr.
pub(crate) fn warning_prefix(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "cảnh báo",
        Lang::En => "warning",
    }
}

/// `--national-id` is not 12 (or 9) digits. The value itself is never repeated: it is sensitive.
pub(crate) fn national_id_malformed(lang: Lang) -> String {
    match lang {
        Lang::Vi => "--national-id cần 12 chữ số (số CCCD) hoặc 9 chữ số (CMND cũ)".to_owned(),
        Lang::En => {
            "--national-id needs 12 digits (citizen identity card) or 9 (old identity card)"
                .to_owned()
        }
    }
}

/// `admin verify` found differences between the stored state and a recount.
pub(crate) fn inconsistent(lang: Lang, count: usize) -> String {
    match lang {
        Lang::Vi => format!(
            "{count} sai lệch giữa dữ liệu đã lưu và kết quả tính lại từ các quyết định; hãy báo cho người quản trị hệ thống"
        ),
        Lang::En => format!(
            "{count} differences between the stored state and a recount from the decisions; tell the system's operator"
        ),
    }
}

/// How to send a token, after the server's `UNAUTHENTICATED`.
pub(crate) fn unauthenticated_hint(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => {
            "Hãy đặt biến DANGVIEN_TOKEN hoặc ghi --token-file TỆP với token còn hiệu lực \
             (người quản trị cấp bằng `dangvien admin token create`)"
        }
        Lang::En => {
            "Set DANGVIEN_TOKEN or give --token-file FILE with a token that is still valid (an \
             administrator issues one with `dangvien admin token create`)"
        }
    }
}

/// After the server's `RESOURCE_EXHAUSTED`: nothing was done, and it is not retried for the
/// caller, as other contention is not.
pub(crate) fn exhausted_hint(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "Máy chủ đang bận, chưa làm gì cả; hãy chạy lại lệnh sau ít phút",
        Lang::En => "The server is busy and did nothing; run the command again in a while",
    }
}

/// `audit verify` found breaks in the audit log's hash chains.
pub(crate) fn audit_broken(lang: Lang, count: usize) -> String {
    match lang {
        Lang::Vi => format!(
            "{count} chỗ đứt trong chuỗi băm của nhật ký kiểm toán: có dòng bị sửa, xóa hoặc chèn \
             ngoài máy chủ; hãy báo cho người quản trị hệ thống"
        ),
        Lang::En => format!(
            "{count} breaks in the audit log's hash chains: rows were changed, removed or inserted \
             outside the server; tell the system's operator"
        ),
    }
}

/// What `admin verify` prints when everything agrees.
pub(crate) fn verified(lang: Lang, persons: i32) -> String {
    match lang {
        Lang::Vi => format!(
            "Đã tính lại từ các quyết định và hồ sơ đảng viên cho {persons} người: dữ liệu đã lưu khớp hoàn toàn"
        ),
        Lang::En => {
            format!(
                "Recounted {persons} persons from their decisions and membership records: the stored state agrees"
            )
        }
    }
}

/// Flags that do not fit together, and how to fix them.
pub(crate) fn mistake(lang: Lang, mistake: &Mistake) -> String {
    match (lang, mistake) {
        (Lang::Vi, Mistake::UntilNotTemporary) => {
            "--until chỉ dùng khi chuyển tạm thời: bỏ --until, hoặc ghi --kind temporary".to_owned()
        }
        (Lang::En, Mistake::UntilNotTemporary) => {
            "--until is only for a temporary transfer: drop --until, or give --kind temporary"
                .to_owned()
        }
        (Lang::Vi, Mistake::BeforeDecisionDate { flag, day, date }) => format!(
            "{flag} ({day}) trước ngày quyết định --date ({date}): hãy ghi một ngày từ {date} trở đi"
        ),
        (Lang::En, Mistake::BeforeDecisionDate { flag, day, date }) => format!(
            "{flag} ({day}) is before the decision's --date ({date}): give a day on or after {date}"
        ),
        (Lang::Vi, Mistake::RangeReversed { from, to }) => {
            format!("{from} sau {to}: ngày đầu khoảng phải trước hoặc bằng ngày cuối")
        }
        (Lang::En, Mistake::RangeReversed { from, to }) => {
            format!("{from} is after {to}: the first day of a range must not follow its last")
        }
        (Lang::Vi | Lang::En, Mistake::NoWorkbook) => report::no_workbook(lang),
        (Lang::Vi | Lang::En, Mistake::WorkbookToTerminal) => report::workbook_to_terminal(lang),
        (Lang::Vi, Mistake::TokenMalformed { source }) => format!(
            "token trong {source} trống hoặc có ký tự không hợp lệ (khoảng trắng, dấu…); hãy chép lại \
             nguyên dòng mà `dangvien admin token create` đã in"
        ),
        (Lang::En, Mistake::TokenMalformed { source }) => format!(
            "the token in {source} is empty or has characters a token cannot have (spaces, \
             accents…); copy again the whole line `dangvien admin token create` printed"
        ),
        (Lang::Vi, Mistake::HttpsNeedsCaCert) => {
            "máy chủ https:// cần --ca-cert: chứng chỉ CA (PEM) đã ký chứng chỉ của máy chủ".to_owned()
        }
        (Lang::En, Mistake::HttpsNeedsCaCert) => {
            "an https:// server needs --ca-cert: the CA certificate (PEM) that signed the server's certificate"
                .to_owned()
        }
        (Lang::Vi, Mistake::TlsNeedsHttps { flag }) => format!(
            "{flag} dùng TLS: hãy ghi --server https://…, hoặc bỏ {flag} cho máy chủ http://"
        ),
        (Lang::En, Mistake::TlsNeedsHttps { flag }) => format!(
            "{flag} means TLS: give --server https://…, or drop {flag} for an http:// server"
        ),
    }
}

/// The server cannot be reached.
pub(crate) fn connect_failed(lang: Lang, server: &str, detail: &str) -> String {
    match lang {
        Lang::Vi => format!("Không kết nối được máy chủ {server}: {detail}"),
        Lang::En => format!("cannot connect to the server {server}: {detail}"),
    }
}

/// The server stayed away through `attempts` tries over `seconds`; `last` is why the last failed.
pub(crate) fn gave_up(lang: Lang, last: &str, attempts: u32, seconds: f64) -> String {
    match lang {
        Lang::Vi => format!(
            "{last} (đã thử {attempts} lần trong {seconds:.1} giây; tăng --timeout để chờ lâu hơn)"
        ),
        Lang::En => format!(
            "{last} (tried {attempts} times over {seconds:.1} s; raise --timeout to wait longer)"
        ),
    }
}

/// No answer came within `--timeout`.
pub(crate) fn timed_out(lang: Lang, server: &str, seconds: f64) -> String {
    match lang {
        Lang::Vi => format!(
            "Máy chủ {server} không trả lời trong {seconds} giây; hãy thử lại hoặc tăng --timeout"
        ),
        Lang::En => format!(
            "the server {server} did not answer within {seconds} s; retry or raise --timeout"
        ),
    }
}

/// `org tree --root CODE` names an organisation that is not in the tree of that day.
pub(crate) fn root_not_found(lang: Lang, code: &str, as_of: Option<NaiveDate>) -> String {
    match (lang, as_of) {
        (Lang::Vi, Some(day)) => format!("Không có tổ chức đảng mã {code} vào ngày {day}"),
        (Lang::Vi, None) => format!("Không có tổ chức đảng mã {code} vào hôm nay"),
        (Lang::En, Some(day)) => format!("no organization with code {code} on {day}"),
        (Lang::En, None) => format!("no organization with code {code} today"),
    }
}

/// Writing the file named by `--output` failed.
pub(crate) fn file_failed(lang: Lang, path: &std::path::Path, detail: &str) -> String {
    let path = path.display();
    match lang {
        Lang::Vi => format!("Không ghi được tệp {path}: {detail}"),
        Lang::En => format!("cannot write the file {path}: {detail}"),
    }
}

/// Writing the output failed (other than the reader going away).
pub(crate) fn output_failed(lang: Lang, detail: &str) -> String {
    match lang {
        Lang::Vi => format!("Không ghi được kết quả: {detail}"),
        Lang::En => format!("cannot write the output: {detail}"),
    }
}

/// The status had neither a message nor a localized message.
pub(crate) fn bare_status(lang: Lang, code: tonic::Code) -> String {
    match lang {
        Lang::Vi => format!("Máy chủ từ chối yêu cầu (mã gRPC {code:?})"),
        Lang::En => format!("the server refused the request (gRPC code {code:?})"),
    }
}

/// The first line of a refusal that lists malformed fields below it.
pub(crate) fn invalid_fields_lead(lang: Lang) -> String {
    match lang {
        Lang::Vi => "Yêu cầu có trường chưa hợp lệ".to_owned(),
        Lang::En => "the request has invalid fields".to_owned(),
    }
}

/// The exit codes, printed after `--help` (both languages: help is read before `--lang` applies).
pub(crate) const EXIT_CODES_HELP: &str = "\
Mã thoát / Exit codes:
  0   thành công / success
  1   lỗi không lường trước / unexpected error (INTERNAL, UNKNOWN, other)
  2   sai cú pháp lệnh / usage error
  3   bị quy tắc từ chối / refused by a rule (FAILED_PRECONDITION)
  4   không tìm thấy / not found (NOT_FOUND)
  5   xung đột / conflict (ALREADY_EXISTS, ABORTED: stale etag)
  3   sync import: có dòng bị từ chối / some lines refused (see the rejects file)
  65  dữ liệu không hợp lệ / invalid input (INVALID_ARGUMENT, OUT_OF_RANGE)
  66  không đọc được tệp nhập / the input file cannot be read
  69  không dùng được máy chủ / server unavailable (UNAVAILABLE, DEADLINE_EXCEEDED, cannot
      connect, a sync interrupted: run it again, it resumes); máy chủ đang khởi động được thử
      lại đến hết --timeout / a server still starting is retried until --timeout first
  77  không có quyền / permission (PERMISSION_DENIED, UNAUTHENTICATED)";
