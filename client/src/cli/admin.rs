//! The arguments of `dangvien admin …`.

use clap::Subcommand;

/// `dangvien admin …`.
#[derive(Debug, Subcommand)]
pub(crate) enum AdminCommand {
    /// Tính lại trạng thái từ các quyết định và so với dữ liệu đã lưu / recount the state from
    /// the decisions and compare it with what is stored (exit code 1 when they differ)
    Verify,
}
