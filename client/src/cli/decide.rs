//! The arguments of `dangvien decide KIND …`: the common fields of a decision, and each kind's own
//! (DESIGN §6). Subcommands are the snake_case kinds; the kebab-case spellings are aliases.

use chrono::NaiveDate;
use clap::{Args, Subcommand};

use super::parse_date;
use crate::vocab::UnionResolution;

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
    /// Số văn bản, vd. 12-NQ/CB / document number
    #[arg(long, value_name = "DOCNO")]
    pub(crate) number: Option<String>,
    /// Mã cơ quan quyết định / code of the deciding body
    #[arg(long, value_name = "CODE")]
    pub(crate) body: String,
    /// Mã quyết định (mặc định: máy chủ cấp mã dv-…) / decision id (default: the server assigns one)
    #[arg(long, value_name = "DECISION_ID")]
    pub(crate) id: Option<String>,
    /// Lý do / reason
    #[arg(long, value_name = "TEXT")]
    pub(crate) reason: Option<String>,
}

/// The counts of `record_cell_vote`, and the consent a person over 60 needs.
#[derive(Debug, Args)]
pub(crate) struct CellVoteArgs {
    /// Số đảng viên chính thức tán thành / full members voting for
    #[arg(long, value_name = "N", value_parser = count)]
    pub(crate) votes_for: i32,
    /// Số đảng viên chính thức không tán thành / full members voting against
    #[arg(long, value_name = "N", value_parser = count)]
    pub(crate) votes_against: i32,
    /// Số đảng viên chính thức của chi bộ ghi trong nghị quyết / full members of the cell, as
    /// written on the resolution
    #[arg(long, value_name = "N", value_parser = count)]
    pub(crate) full_members: i32,
    /// Số văn bản đồng ý của Ban Thường vụ Tỉnh ủy (người trên 60 tuổi) / the provincial standing
    /// committee's consent, for a person over 60
    #[arg(long, value_name = "DOCNO", requires = "age_consent_date")]
    pub(crate) age_consent_number: Option<String>,
    /// Ngày của văn bản đồng ý / the consent's date
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, requires = "age_consent_number")]
    pub(crate) age_consent_date: Option<NaiveDate>,
}

/// A `--sponsor`: a full member and since when they have known the person.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct SponsorArg {
    /// The sponsor's id.
    pub(crate) person: String,
    pub(crate) known_since: NaiveDate,
}

/// `ID:YYYY-MM-DD`. Split at the last `:`, so an id may itself hold one.
pub(crate) fn parse_sponsor(raw: &str) -> Result<SponsorArg, String> {
    let bad = || {
        "cần MÃ:YYYY-MM-DD, vd. P000002:2020-01-15 / expected ID:YYYY-MM-DD, e.g. P000002:2020-01-15"
            .to_owned()
    };
    let (person, date) = raw.rsplit_once(':').ok_or_else(bad)?;
    if person.trim().is_empty() {
        return Err(bad());
    }
    let known_since = parse_date(date).map_err(|_| bad())?;
    Ok(SponsorArg {
        person: person.to_owned(),
        known_since,
    })
}

/// A count of votes or members: 0 or more.
fn count(raw: &str) -> Result<i32, String> {
    raw.parse::<i32>()
        .ok()
        .filter(|n| *n >= 0)
        .ok_or_else(|| "cần một số nguyên ≥ 0 / expected a whole number ≥ 0".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sponsors_are_an_id_and_a_date() {
        let day = NaiveDate::from_ymd_opt(2020, 1, 15).unwrap();
        assert_eq!(
            parse_sponsor("P000002:2020-01-15"),
            Ok(SponsorArg {
                person: "P000002".into(),
                known_since: day
            })
        );
        assert_eq!(
            parse_sponsor("people/BHXH:7:2020-01-15").map(|s| s.person),
            Ok("people/BHXH:7".into())
        );
        for bad in [
            "P000002",
            "P000002:",
            ":2020-01-15",
            " :2020-01-15",
            "P000002:2020-02-30",
            "P000002:15/01/2020",
            "P000002 2020-01-15",
            "",
        ] {
            assert!(parse_sponsor(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn counts_are_not_negative() {
        assert_eq!(count("0"), Ok(0));
        assert_eq!(count("12"), Ok(12));
        for bad in ["-1", "1.5", "x", ""] {
            assert!(count(bad).is_err(), "{bad}");
        }
    }
}
