//! The arguments of `dangvien member …`: register, show, list and timeline.

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::parse_date;
use crate::{
    api::PAGE_SIZE,
    vocab::{MemberOrigin, MemberStatus},
};

/// `dangvien member …`.
#[derive(Debug, Subcommand)]
pub(crate) enum MemberCommand {
    /// Ghi nhận đảng viên kết nạp trước khi có hệ thống / register a member admitted before
    /// the records
    Register(RegisterArgs),
    /// Xem tư cách đảng viên vào một ngày / show a membership on a day
    Show {
        /// Mã người / the person's id
        person: String,
        /// Ngày cần xem (mặc định: hôm nay) / the day (default: today)
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        as_of: Option<NaiveDate>,
    },
    /// Liệt kê đảng viên vào một ngày / list the members on a day
    List(MemberListArgs),
    /// Mọi quyết định về một người, theo thứ tự nhập / every decision about a person, in the
    /// order entered
    Timeline {
        /// Mã người / the person's id
        person: String,
    },
}

/// `member list`: the filter of `ListMembers`, and the page size.
#[derive(Debug, Args)]
pub(crate) struct MemberListArgs {
    /// Chỉ đảng viên thuộc cây con của tổ chức này / only members in this organisation's subtree
    #[arg(long, value_name = "CODE")]
    pub(crate) org: Option<String>,
    /// Chỉ đảng viên chính thức hoặc dự bị / only official or probationary members
    #[arg(long, value_enum)]
    pub(crate) status: Option<MemberStatus>,
    /// Ngày cần xem: cây tổ chức, chi bộ và tư cách của ngày này (mặc định: hôm nay) / the day
    /// whose tree, cells and statuses are listed (default: today)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) as_of: Option<NaiveDate>,
    /// Kết nạp từ ngày / admitted on or after
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) admitted_from: Option<NaiveDate>,
    /// Kết nạp đến hết ngày / admitted on or before
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) admitted_to: Option<NaiveDate>,
    /// Chính thức từ ngày / official on or after
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) official_from: Option<NaiveDate>,
    /// Chính thức đến hết ngày / official on or before
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) official_to: Option<NaiveDate>,
    /// Số đảng viên mỗi lần gọi máy chủ, 1–1000; luôn lấy hết / members per server call,
    /// 1–1000; every page is fetched
    #[arg(long, value_name = "N", default_value_t = PAGE_SIZE, value_parser = parse_page_size)]
    pub(crate) page_size: i32,
}

/// `member register`.
#[derive(Debug, Args)]
pub(crate) struct RegisterArgs {
    /// Mã người / the person's id
    pub(crate) person: String,
    /// Ngày quyết định kết nạp / date of the admission decision
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) admission_date: NaiveDate,
    /// Ngày lễ kết nạp (bắt buộc với đảng viên dự bị) / ceremony date (required if probationary)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) ceremony_date: Option<NaiveDate>,
    /// Ngày chính thức (bắt buộc với đảng viên chính thức) / official date (required if official)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) official_date: Option<NaiveDate>,
    /// Tư cách hiện nay theo hồ sơ / the status the records give today
    #[arg(long, value_enum)]
    pub(crate) status: MemberStatus,
    /// Đảng viên từ trước, hoặc chuyển đến / an existing member, or one who transferred in
    #[arg(long, value_enum, default_value_t = MemberOrigin::Existing)]
    pub(crate) origin: MemberOrigin,
    /// Ngày chuyển đến (transfer_in) / the day of arrival (transfer_in)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) since: Option<NaiveDate>,
}

/// A page size the server honours: 1 to 1000.
fn parse_page_size(raw: &str) -> Result<i32, String> {
    raw.parse::<i32>()
        .ok()
        .filter(|n| (1..=PAGE_SIZE).contains(n))
        .ok_or_else(|| {
            format!("cần một số nguyên từ 1 đến {PAGE_SIZE} / expected a whole number from 1 to {PAGE_SIZE}")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_sizes_run_from_1_to_1000() {
        assert_eq!(parse_page_size("1"), Ok(1));
        assert_eq!(parse_page_size("1000"), Ok(1000));
        for bad in ["0", "1001", "-5", "ten", ""] {
            let error = parse_page_size(bad).unwrap_err();
            assert!(error.contains("1 đến 1000"), "{bad}: {error}");
        }
    }
}
