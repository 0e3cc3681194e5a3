//! The arguments of `dangvien person …` and `case …`.

use chrono::NaiveDate;
use clap::{ArgAction, ArgGroup, Args, Subcommand};

use super::parse_date;
use crate::vocab::{CaseState, Education, Gender};

/// `dangvien person …`.
#[derive(Debug, Subcommand)]
pub(crate) enum PersonCommand {
    /// Thêm một người vào chi bộ / add a person to a cell
    Add(PersonAddArgs),
    /// Xem một người / show one person
    Show {
        /// Mã người / the person's id
        id: String,
    },
    /// Liệt kê người / list persons
    List(PersonListArgs),
    /// Sửa hồ sơ một người / correct a person's record
    Update(PersonUpdateArgs),
}

/// `person add`.
#[derive(Debug, Args)]
pub(crate) struct PersonAddArgs {
    /// Mã người (mặc định: máy chủ cấp mã dv-…) / id (default: the server assigns one)
    #[arg(long)]
    pub(crate) id: Option<String>,
    /// Họ và tên / full name
    #[arg(long)]
    pub(crate) name: String,
    /// Giới tính / gender
    #[arg(long, value_enum)]
    pub(crate) gender: Gender,
    /// Ngày sinh / birth date
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) birth_date: NaiveDate,
    /// Dân tộc, vd. Kinh / ethnicity
    #[arg(long, value_name = "TEXT")]
    pub(crate) ethnicity: String,
    /// Tôn giáo (bỏ trống nếu không có) / religion (leave out for none)
    #[arg(long, value_name = "TEXT")]
    pub(crate) religion: Option<String>,
    /// Trình độ giáo dục phổ thông / general education
    #[arg(long, value_enum)]
    pub(crate) education: Education,
    /// Trình độ chuyên môn, vd. "Cử nhân Kinh tế" / professional level
    #[arg(long, value_name = "TEXT")]
    pub(crate) professional_level: Option<String>,
    /// Sống hoặc làm việc ở vùng khó khăn / lives or works in a hardship area
    #[arg(long)]
    pub(crate) hardship_exception: bool,
    /// Là đoàn viên Đoàn TNCS Hồ Chí Minh / is a Youth Union member
    #[arg(long)]
    pub(crate) youth_union: bool,
    /// Là đoàn viên công đoàn / is a trade union member
    #[arg(long)]
    pub(crate) trade_union: bool,
    /// Số CCCD (12 chữ số) hoặc CMND (9) / national ID: 12 digits, or 9
    #[arg(long, value_name = "DIGITS")]
    pub(crate) national_id: Option<String>,
    /// Mã chi bộ / the cell's code
    #[arg(long, value_name = "CODE")]
    pub(crate) cell: String,
    /// Sinh hoạt tại chi bộ từ ngày (mặc định: ngày thành lập chi bộ) / in the cell since (default: the cell's valid_from)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) cell_since: Option<NaiveDate>,
}

/// `person list`.
#[derive(Debug, Args)]
pub(crate) struct PersonListArgs {
    /// Chỉ người thuộc cây con của tổ chức này (hôm nay) / only persons in this subtree (today)
    #[arg(long, value_name = "CODE")]
    pub(crate) org: Option<String>,
    /// Chỉ người có hồ sơ ở trạng thái này / only persons whose case is in this state
    #[arg(long, value_enum)]
    pub(crate) state: Option<CaseState>,
    /// Tên bắt đầu bằng các từ này, không phân biệt dấu / names starting with these words,
    /// diacritics ignored
    #[arg(long, value_name = "TEXT")]
    pub(crate) name: Option<String>,
}

/// `person update`: at least one of the fields.
#[derive(Debug, Args)]
#[command(group(ArgGroup::new("changes").required(true).multiple(true).args([
    "name", "gender", "birth_date", "ethnicity", "religion", "no_religion", "education",
    "professional_level", "hardship_exception", "youth_union", "trade_union", "national_id",
    "cell",
])))]
pub(crate) struct PersonUpdateArgs {
    /// Mã người / the person's id
    pub(crate) id: String,
    /// Họ và tên mới / new full name
    #[arg(long)]
    pub(crate) name: Option<String>,
    /// Giới tính / gender
    #[arg(long, value_enum)]
    pub(crate) gender: Option<Gender>,
    /// Ngày sinh / birth date
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) birth_date: Option<NaiveDate>,
    /// Dân tộc / ethnicity
    #[arg(long, value_name = "TEXT")]
    pub(crate) ethnicity: Option<String>,
    /// Tôn giáo / religion
    #[arg(long, value_name = "TEXT", conflicts_with = "no_religion")]
    pub(crate) religion: Option<String>,
    /// Không theo tôn giáo nào / no religion
    #[arg(long)]
    pub(crate) no_religion: bool,
    /// Trình độ giáo dục phổ thông / general education
    #[arg(long, value_enum)]
    pub(crate) education: Option<Education>,
    /// Trình độ chuyên môn ("" để xóa) / professional level ("" clears it)
    #[arg(long, value_name = "TEXT")]
    pub(crate) professional_level: Option<String>,
    /// Vùng khó khăn / hardship area
    #[arg(long, value_name = "true|false", action = ArgAction::Set)]
    pub(crate) hardship_exception: Option<bool>,
    /// Đoàn viên Đoàn TNCS Hồ Chí Minh / Youth Union member
    #[arg(long, value_name = "true|false", action = ArgAction::Set)]
    pub(crate) youth_union: Option<bool>,
    /// Đoàn viên công đoàn / trade union member
    #[arg(long, value_name = "true|false", action = ArgAction::Set)]
    pub(crate) trade_union: Option<bool>,
    /// Số CCCD hoặc CMND ("" để xóa) / national ID ("" clears it)
    #[arg(long, value_name = "DIGITS")]
    pub(crate) national_id: Option<String>,
    /// Chuyển sang chi bộ này (chỉ khi hồ sơ chưa quá giai đoạn tạo nguồn) / move to this cell
    /// (only while no case is past candidate)
    #[arg(long, value_name = "CODE")]
    pub(crate) cell: Option<String>,
    /// Ngày chuyển chi bộ (mặc định: hôm nay) / the day of the move (default: today)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, requires = "cell")]
    pub(crate) cell_since: Option<NaiveDate>,
    /// Etag đã đọc (dấu " có thể bỏ) / the etag read (quotes optional)
    #[arg(long)]
    pub(crate) etag: Option<String>,
}

/// `dangvien case …`.
#[derive(Debug, Subcommand)]
pub(crate) enum CaseCommand {
    /// Diễn biến và thời hạn của hồ sơ kết nạp / an admission case's timeline and deadlines
    Show {
        /// Mã người / the person's id
        person: String,
    },
}
