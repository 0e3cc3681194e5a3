//! The grouped arguments of some `decide` kinds (votes, transfers, gradings) and the value parsers
//! that make a malformed sponsor, count, year or score a usage error.

use chrono::NaiveDate;
use clap::Args;

use super::super::parse_date;
use crate::vocab::{Grade, TransferKind};

/// The counts of a cell's vote (`record_cell_vote`, `record_recognition_vote`).
#[derive(Debug, Args)]
pub(crate) struct VoteCounts {
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
}

/// The counts of `record_cell_vote`, and the consent a person over 60 needs.
#[derive(Debug, Args)]
pub(crate) struct CellVoteArgs {
    #[command(flatten)]
    pub(crate) counts: VoteCounts,
    /// Số văn bản đồng ý của Ban Thường vụ Tỉnh ủy (người trên 60 tuổi) / the provincial standing
    /// committee's consent, for a person over 60
    #[arg(long, value_name = "DOCNO", requires = "age_consent_date")]
    pub(crate) age_consent_number: Option<String>,
    /// Ngày của văn bản đồng ý / the consent's date
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, requires = "age_consent_number")]
    pub(crate) age_consent_date: Option<NaiveDate>,
}

/// The fields of `transfer`. clap requires `--to` for an internal transfer and `--until` for a
/// temporary one; `--until` on another kind is refused before sending (it involves a value).
#[derive(Debug, Args)]
pub(crate) struct TransferArgs {
    /// Hình thức chuyển / which transfer
    #[arg(long, value_enum)]
    pub(crate) kind: TransferKind,
    /// Mã chi bộ chuyển đến; bỏ trống khi chuyển chính thức ra ngoài đảng bộ / the destination
    /// cell's code; leave out for a permanent transfer out of the organisation
    #[arg(long, value_name = "CELL_CODE", required_if_eq("kind", "internal"))]
    pub(crate) to: Option<String>,
    /// Ngày cuối cùng của đợt chuyển tạm thời / last day of a temporary transfer
    #[arg(
        long,
        value_name = "YYYY-MM-DD",
        value_parser = parse_date,
        required_if_eq("kind", "temporary")
    )]
    pub(crate) until: Option<NaiveDate>,
}

/// The fields of `rate`. Whether the year's rulebook needs a score, and whether the grade is the
/// score's band, is the server's to judge (rulebooks are data).
#[derive(Debug, Args)]
pub(crate) struct RateArgs {
    /// Năm được xếp loại / the year graded
    #[arg(long, value_name = "YYYY", value_parser = parse_year)]
    pub(crate) year: i32,
    /// Mức xếp loại / the grade
    #[arg(long, value_enum)]
    pub(crate) grade: Grade,
    /// Điểm trên thang 100, vd. 82.5 (bắt buộc từ năm 2025) / score out of 100, e.g. 82.5
    /// (required from 2025)
    #[arg(long, value_name = "N", value_parser = parse_score)]
    pub(crate) score: Option<f64>,
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
pub(crate) fn count(raw: &str) -> Result<i32, String> {
    raw.parse::<i32>()
        .ok()
        .filter(|n| *n >= 0)
        .ok_or_else(|| "cần một số nguyên ≥ 0 / expected a whole number ≥ 0".to_owned())
}

/// A calendar year written in full, as `google.type.Date` allows (1–9999).
pub(crate) fn parse_year(raw: &str) -> Result<i32, String> {
    raw.parse::<i32>()
        .ok()
        .filter(|y| raw.len() == 4 && (1..=9999).contains(y))
        .ok_or_else(|| "cần năm 4 chữ số, vd. 2024 / expected a 4-digit year, e.g. 2024".to_owned())
}

/// A score out of 100, decimals allowed; a decimal comma (`82,5`, as Vietnamese writes it) is read
/// as a point.
pub(crate) fn parse_score(raw: &str) -> Result<f64, String> {
    raw.trim()
        .replacen(',', ".", 1)
        .parse::<f64>()
        .ok()
        .filter(|s| (0.0..=100.0).contains(s))
        .ok_or_else(|| {
            "cần điểm từ 0 đến 100, vd. 82.5 / expected a score from 0 to 100, e.g. 82.5".to_owned()
        })
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

    #[test]
    fn years_are_written_in_full() {
        assert_eq!(parse_year("2024"), Ok(2024));
        for bad in ["24", "02024", "-2024", "abcd", "0000", ""] {
            assert!(parse_year(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn scores_run_from_0_to_100() {
        assert_eq!(parse_score("82.5"), Ok(82.5));
        assert_eq!(parse_score("82,5"), Ok(82.5));
        assert_eq!(parse_score("0"), Ok(0.0));
        assert_eq!(parse_score("100"), Ok(100.0));
        for bad in ["-1", "100.01", "NaN", "inf", "1,2,3", "tám", ""] {
            let error = parse_score(bad).unwrap_err();
            assert!(error.contains("0 đến 100"), "{bad}: {error}");
        }
    }
}
