//! The arguments of `dangvien report …`.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::{
    decide::{count, parse_year},
    parse_date,
};

/// `dangvien report …`.
#[derive(Debug, Subcommand)]
pub(crate) enum ReportCommand {
    /// Hồ sơ và đảng viên quá hạn hoặc sắp đến hạn ra quyết định / cases and members whose next
    /// decision is overdue, or falls due soon
    Overdue(OverdueArgs),
    /// Báo cáo thống kê năm, bên cạnh số liệu cùng kỳ năm trước / the year report, beside the
    /// previous year's figures
    Year(YearArgs),
    /// Số hồ sơ vào từng bước trong năm và tỷ lệ đã được kết nạp / the cases that entered each
    /// state in the year and the share of them admitted
    Funnel(FunnelArgs),
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

/// `report year`.
#[derive(Debug, Args)]
pub(crate) struct YearArgs {
    /// Năm báo cáo / the calendar year
    #[arg(long, value_name = "YYYY", value_parser = parse_year)]
    pub(crate) year: i32,
    /// Cây con của tổ chức này (mặc định: toàn bộ) / this organisation's subtree (default: all)
    #[arg(long, value_name = "CODE")]
    pub(crate) org: Option<String>,
    /// Ghi kết quả vào tệp này thay vì ra màn hình / write to this file instead of stdout
    #[arg(long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}

/// `report funnel`.
#[derive(Debug, Args)]
pub(crate) struct FunnelArgs {
    /// Năm hồ sơ vào các bước / the year the cases entered their states in
    #[arg(long, value_name = "YYYY", value_parser = parse_year)]
    pub(crate) year: i32,
    /// Cây con của tổ chức này (mặc định: toàn bộ) / this organisation's subtree (default: all)
    #[arg(long, value_name = "CODE")]
    pub(crate) org: Option<String>,
    /// Tính số được kết nạp đến ngày này (mặc định: hôm nay) / count admissions up to this day
    /// (default: today)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) as_of: Option<NaiveDate>,
    /// Ghi kết quả vào tệp này thay vì ra màn hình / write to this file instead of stdout
    #[arg(long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
}
