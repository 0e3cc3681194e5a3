//! The arguments of `dangvien decide KIND …`: the common fields of a decision, and each kind's own
//! (DESIGN §6), for the admission case and for the member. Subcommands are the snake_case kinds;
//! the kebab-case spellings are aliases. `args` holds the grouped arguments and value parsers.

mod args;

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use self::args::parse_sponsor;
pub(crate) use self::args::{CellVoteArgs, RateArgs, SponsorArg, TransferArgs, VoteCounts};
pub(super) use self::args::{count, parse_year};
use super::parse_date;
use crate::vocab::{DisciplineMeasure, UnionResolution};

/// `dangvien decide …`.
#[derive(Debug, Subcommand)]
pub(crate) enum DecideCommand {
    /// Tạo nguồn / nominate for the sourcing plan
    Nominate(Common),
    /// Công nhận cảm tình Đảng / recognise as a sympathizer
    #[command(name = "recognize_sympathizer", alias = "recognize-sympathizer")]
    RecognizeSympathizer {
        #[command(flatten)]
        common: Common,
        /// Đảng viên chính thức giúp đỡ (lặp lại được) / a full member mentoring (repeatable)
        #[arg(long = "mentor", value_name = "ID")]
        mentors: Vec<String>,
    },
    /// Học lớp nhận thức về Đảng / the awareness course (date: the certificate's)
    #[command(name = "record_course", alias = "record-course")]
    RecordCourse {
        #[command(flatten)]
        common: Common,
        /// Số giấy chứng nhận / certificate number
        #[arg(long, value_name = "TEXT")]
        certificate_number: String,
        /// Nơi cấp, vd. "Trung tâm Chính trị huyện" / issuer
        #[arg(long, value_name = "TEXT")]
        issuer: String,
    },
    /// Nộp đơn và lý lịch / application and personal history received
    #[command(name = "open_dossier", alias = "open-dossier")]
    OpenDossier(Common),
    /// Kết luận thẩm tra lý lịch / background check concluded and passed
    #[command(
        name = "conclude_background_check",
        alias = "conclude-background-check"
    )]
    ConcludeBackgroundCheck(Common),
    /// Giới thiệu kết nạp / sponsors and union resolution
    #[command(name = "record_introductions", alias = "record-introductions")]
    RecordIntroductions {
        #[command(flatten)]
        common: Common,
        /// Đảng viên giới thiệu và ngày bắt đầu biết người này (lặp lại được) / a sponsor and
        /// since when they have known the person (repeatable)
        #[arg(long = "sponsor", value_name = "ID:YYYY-MM-DD", value_parser = parse_sponsor)]
        sponsors: Vec<SponsorArg>,
        /// Nghị quyết giới thiệu của đoàn thể / the union resolution introducing the person
        #[arg(long, value_enum)]
        union_resolution: Option<UnionResolution>,
    },
    /// Chi bộ biểu quyết đề nghị kết nạp / the cell votes to propose admission
    #[command(name = "record_cell_vote", alias = "record-cell-vote")]
    RecordCellVote {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        votes: CellVoteArgs,
    },
    /// Đảng ủy cơ sở biểu quyết / the grassroots committee votes
    #[command(name = "record_committee_vote", alias = "record-committee-vote")]
    RecordCommitteeVote {
        #[command(flatten)]
        common: Common,
        /// Số ủy viên tán thành / committee members voting for
        #[arg(long, value_name = "N", value_parser = count)]
        votes_for: i32,
        /// Số ủy viên đảng ủy cơ sở / members of the committee
        #[arg(long, value_name = "N", value_parser = count)]
        members: i32,
    },
    /// Quyết định kết nạp / admit: the person becomes a probationary member
    Admit {
        #[command(flatten)]
        common: Common,
        /// Đã dùng thêm 30 ngày làm việc được phép / took the 30 extra working days allowed
        #[arg(long)]
        extended: bool,
    },
    /// Không kết nạp (cần --reason) / refuse admission (needs --reason)
    #[command(mut_arg("reason", |a| a.required(true)))]
    Reject(Common),
    /// Rút hồ sơ (cần --reason) / the person withdraws (needs --reason)
    #[command(mut_arg("reason", |a| a.required(true)))]
    Withdraw(Common),
    /// Đưa ra khỏi danh sách (cần --reason) / drop from the list (needs --reason)
    #[command(mut_arg("reason", |a| a.required(true)))]
    Drop(Common),
    /// Hủy một quyết định trước / revoke an earlier decision
    Revoke {
        #[command(flatten)]
        common: Common,
        /// Mã quyết định bị hủy / the id of the decision to revoke
        #[arg(long, value_name = "DECISION_ID")]
        revokes: String,
    },
    /// Tổ chức lễ kết nạp (ngày: ngày lễ; số văn bản không bắt buộc) / the admission ceremony
    /// (date: the ceremony's; document number optional)
    #[command(name = "hold_ceremony", alias = "hold-ceremony")]
    HoldCeremony(Common),
    /// Nghị quyết chi bộ đề nghị công nhận đảng viên chính thức / the cell votes to recognise a
    /// probationary member as a full member
    #[command(name = "record_recognition_vote", alias = "record-recognition-vote")]
    RecordRecognitionVote {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        votes: VoteCounts,
    },
    /// Quyết định công nhận đảng viên chính thức / recognise as a full member
    Recognize {
        #[command(flatten)]
        common: Common,
        /// Đã dùng thêm 30 ngày làm việc được phép / took the 30 extra working days allowed
        #[arg(long)]
        extended: bool,
    },
    /// Xóa tên (cần --reason) / strike off the rolls (needs --reason)
    #[command(
        name = "strike_off",
        alias = "strike-off",
        mut_arg("reason", |a| a.required(true))
    )]
    StrikeOff(Common),
    /// Chuyển sinh hoạt đảng / transfer party activity
    Transfer {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        transfer: TransferArgs,
    },
    /// Từ trần (số văn bản không bắt buộc) / record a death (document number optional)
    #[command(name = "record_death", alias = "record-death")]
    RecordDeath(Common),
    /// Khai trừ (cần --reason) / expel (needs --reason)
    #[command(mut_arg("reason", |a| a.required(true)))]
    Expel(Common),
    /// Cho ra khỏi Đảng / accept a resignation
    #[command(name = "accept_resignation", alias = "accept-resignation")]
    AcceptResignation(Common),
    /// Miễn công tác và sinh hoạt đảng, từ ngày quyết định / exempt from party work and
    /// activities, from the decision's date
    Exempt {
        #[command(flatten)]
        common: Common,
        /// Ngày cuối cùng (mặc định: không thời hạn) / last day (default: open-ended)
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        until: Option<NaiveDate>,
    },
    /// Đình chỉ sinh hoạt đảng, từ ngày quyết định / suspend from activities, from the decision's
    /// date
    Suspend {
        #[command(flatten)]
        common: Common,
        /// Ngày cuối cùng (mặc định: không thời hạn) / last day (default: open-ended)
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        until: Option<NaiveDate>,
    },
    /// Kỷ luật (cần --reason) / a disciplinary measure (needs --reason)
    #[command(mut_arg("reason", |a| a.required(true)))]
    Discipline {
        #[command(flatten)]
        common: Common,
        /// Hình thức kỷ luật / the measure
        #[arg(long, value_enum)]
        measure: DisciplineMeasure,
    },
    /// Phát thẻ đảng viên (ngày: ngày phát thẻ) / issue a party card (date: the card's)
    #[command(name = "issue_card", alias = "issue-card")]
    IssueCard {
        #[command(flatten)]
        common: Common,
        /// Số thẻ đảng viên / the party card number
        #[arg(long, value_name = "TEXT")]
        card_number: String,
    },
    /// Giới thiệu sinh hoạt nơi cư trú (ngày: ngày giấy giới thiệu) / introduce to the party cell
    /// where the member lives (date: the letter's)
    #[command(name = "introduce_to_residence", alias = "introduce-to-residence")]
    IntroduceToResidence {
        #[command(flatten)]
        common: Common,
        /// Chi bộ nơi cư trú, như ghi trên giấy giới thiệu / the residence cell, as on the letter
        #[arg(long, value_name = "TEXT")]
        residence_cell: String,
        /// Ngày đảng viên báo cáo với chi bộ nơi cư trú, nếu đã báo cáo / the day the member
        /// reported to it, if they have
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        reported_date: Option<NaiveDate>,
    },
    /// Xếp loại chất lượng đảng viên hằng năm / the annual grading
    Rate {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        rating: RateArgs,
    },
}

/// The fields every decision has.
#[derive(Debug, Args)]
pub(crate) struct Common {
    /// Mã người / the person's id
    #[arg(long, value_name = "ID")]
    pub(crate) person: String,
    /// Ngày trên văn bản / the date on the paper
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub(crate) date: NaiveDate,
    /// Số văn bản, vd. 12-NQ/CB (không bắt buộc với nominate, open_dossier, hold_ceremony,
    /// record_death) / document number (optional for those kinds)
    #[arg(long, value_name = "DOCNO")]
    pub(crate) number: Option<String>,
    /// Mã cơ quan quyết định / code of the deciding body
    #[arg(long, value_name = "CODE")]
    pub(crate) body: String,
    /// Mã quyết định (mặc định: máy chủ cấp mã dv-…) / decision id (default: the server assigns one)
    #[arg(long, value_name = "DECISION_ID")]
    pub(crate) id: Option<String>,
    /// Lý do (bắt buộc với reject, withdraw, drop, strike_off, expel, discipline) / reason
    /// (required for those kinds)
    #[arg(long, value_name = "TEXT")]
    pub(crate) reason: Option<String>,
}
