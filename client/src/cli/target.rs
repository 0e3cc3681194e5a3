//! The arguments of `dangvien target …`: set and show the admissions target of an organisation
//! for a year.

use clap::{Args, Subcommand};

use super::decide::{count, parse_year};

/// `dangvien target …`.
#[derive(Debug, Subcommand)]
pub(crate) enum TargetCommand {
    /// Đặt (hoặc thay) chỉ tiêu kết nạp của một tổ chức trong một năm / set (or replace) the
    /// admissions target of an organisation for a year
    Set(TargetSetArgs),
    /// Xem chỉ tiêu kết nạp của một tổ chức trong một năm / show the admissions target of an
    /// organisation for a year
    Show {
        /// Mã tổ chức / organisation code
        #[arg(long, value_name = "CODE")]
        org: String,
        /// Năm / year
        #[arg(long, value_name = "YYYY", value_parser = parse_year)]
        year: i32,
    },
}

/// `target set`.
#[derive(Debug, Args)]
pub(crate) struct TargetSetArgs {
    /// Mã tổ chức / organisation code
    #[arg(long, value_name = "CODE")]
    pub(crate) org: String,
    /// Năm / year
    #[arg(long, value_name = "YYYY", value_parser = parse_year)]
    pub(crate) year: i32,
    /// Số đảng viên dự kiến kết nạp trong năm / admissions planned for the year
    #[arg(long, value_name = "N", value_parser = count)]
    pub(crate) admissions: i32,
    /// Etag đã đọc, để không ghi đè thay đổi của người khác (dấu " có thể bỏ) / the etag read, so
    /// nobody's change is overwritten (quotes optional)
    #[arg(long)]
    pub(crate) etag: Option<String>,
}
