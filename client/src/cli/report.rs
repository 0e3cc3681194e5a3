//! The arguments of `dangvien report …`.

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::{decide::count, parse_date};

/// `dangvien report …`.
#[derive(Debug, Subcommand)]
pub(crate) enum ReportCommand {
    /// Hồ sơ và đảng viên quá hạn hoặc sắp đến hạn ra quyết định / cases and members whose next
    /// decision is overdue, or falls due soon
    Overdue(OverdueArgs),
}

/// `report overdue`.
#[derive(Debug, Args)]
pub(crate) struct OverdueArgs {
    /// Ngày lập danh sách (mặc định: hôm nay) / the day the list is drawn up for (default: today)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) as_of: Option<NaiveDate>,
    /// Chỉ người thuộc cây con của tổ chức này / only persons in this organisation's subtree
    #[arg(long, value_name = "CODE")]
    pub(crate) org: Option<String>,
    /// Cũng liệt kê việc đến hạn trong N ngày làm việc sau ngày đó / also list what falls due in
    /// the N working days after it
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = count)]
    pub(crate) due_within: i32,
}
