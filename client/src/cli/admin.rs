//! The arguments of `dangvien admin …`: `verify` asks the server; `token` edits the tokens file
//! on this machine and never calls the server.

use std::path::PathBuf;

use clap::{Args, Subcommand, builder::PossibleValuesParser, builder::TypedValueParser as _};
use dangvien_proto::tokens::Role;

/// `dangvien admin …`.
#[derive(Debug, Subcommand)]
pub(crate) enum AdminCommand {
    /// Tính lại trạng thái từ các quyết định và so với dữ liệu đã lưu / recount the state from
    /// the decisions and compare it with what is stored (exit code 1 when they differ)
    Verify,
    /// Quản lý tệp token của máy chủ (chủ thể, vai trò, phạm vi), không gọi máy chủ / manage
    /// the server's tokens file (principals, roles, scopes), without calling the server
    #[command(subcommand)]
    Token(TokenCommand),
}

/// `dangvien admin token …`.
#[derive(Debug, Subcommand)]
pub(crate) enum TokenCommand {
    /// Thêm một chủ thể; in bí mật của token ra stdout đúng một lần (không lưu ở đâu cả) /
    /// add a principal; a token's secret is printed on stdout once and stored nowhere
    Create(TokenCreateArgs),
    /// Liệt kê chủ thể (không bao giờ in bí mật hay mã băm) / list the principals (never
    /// secrets or hashes)
    List(TokensFileArg),
    /// Thu hồi một chủ thể; tên vẫn được giữ / revoke a principal; its name stays taken
    Revoke(TokenRevokeArgs),
}

/// The tokens file every `token` subcommand works on.
#[derive(Debug, Args)]
pub(crate) struct TokensFileArg {
    /// Tệp token (JSON) mà dangviend đọc / the tokens file (JSON) dangviend reads
    #[arg(long, env = "DANGVIEN_TOKENS_FILE", value_name = "FILE")]
    pub(crate) tokens_file: PathBuf,
}

/// `token create`.
#[derive(Debug, Args)]
pub(crate) struct TokenCreateArgs {
    #[command(flatten)]
    pub(crate) file: TokensFileArg,
    /// Tên chủ thể, 1–64 ký tự A-Z a-z 0-9 . _ - (ghi vào nhật ký kiểm toán) / the principal's
    /// name, 1–64 of A-Z a-z 0-9 . _ - (the audit log records it)
    pub(crate) name: String,
    /// Vai trò / role
    #[arg(long, value_parser = role_parser())]
    pub(crate) role: Role,
    /// Chỉ thấy cây con của tổ chức này / sees only this organisation's subtree
    #[arg(long, value_name = "ORG_CODE")]
    pub(crate) scope: Option<String>,
    /// Chủ thể xác thực bằng chứng chỉ máy khách (mTLS) có DNS subjectAltName này, thay vì
    /// token; không in gì ra stdout / a client-certificate (mTLS) principal with this DNS
    /// subjectAltName instead of a token; prints nothing on stdout
    #[arg(long, value_name = "DNS")]
    pub(crate) certificate_san: Option<String>,
}

/// `token revoke`.
#[derive(Debug, Args)]
pub(crate) struct TokenRevokeArgs {
    #[command(flatten)]
    pub(crate) file: TokensFileArg,
    /// Tên chủ thể / the principal's name
    pub(crate) name: String,
}

/// The roles, listed in `--help` and completions. Not a `ValueEnum`: the type is the tokens
/// file's own, shared with the server.
fn role_parser() -> impl clap::builder::TypedValueParser<Value = Role> {
    PossibleValuesParser::new(Role::ALL.map(Role::as_str))
        .try_map(|raw: String| raw.parse::<Role>())
}
