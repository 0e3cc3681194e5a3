//! The arguments of `dangvien audit …`, and the instants `--from` and `--to` accept.

use chrono::{DateTime, NaiveDate, Utc};
use clap::{Args, Subcommand};

use super::parse_date;

/// `dangvien audit …` (vai trò admin / the admin role only).
#[derive(Debug, Subcommand)]
pub(crate) enum AuditCommand {
    /// Nhật ký kiểm toán, mới nhất trước: ai gọi gì, trên hồ sơ nào, kết quả ra sao / the audit
    /// log, newest first: who called what, on which records, with which outcome
    List(AuditListArgs),
    /// Kiểm tra chuỗi băm của nhật ký; thoát mã 1 nếu có chỗ đứt (dòng bị sửa, xóa hoặc chèn
    /// ngoài máy chủ) / check the log's hash chains; exit code 1 when one is broken (rows
    /// changed, removed or inserted outside the server)
    Verify,
}

/// `audit list`.
#[derive(Debug, Args)]
pub(crate) struct AuditListArgs {
    /// Chỉ các lần gọi của chủ thể này / only the calls of this principal
    #[arg(long, value_name = "NAME")]
    pub(crate) principal: Option<String>,
    /// Chỉ các mục nêu tài nguyên này, vd. people/P1 / only entries naming this resource, e.g.
    /// people/P1
    #[arg(long, value_name = "RESOURCE")]
    pub(crate) subject: Option<String>,
    /// Từ thời điểm này (RFC 3339, hoặc YYYY-MM-DD: từ 0 giờ UTC ngày đó) / from this instant
    /// (RFC 3339, or YYYY-MM-DD: from 00:00 UTC that day)
    #[arg(long, value_name = "RFC3339|DATE", value_parser = parse_instant)]
    pub(crate) from: Option<Instant>,
    /// Đến thời điểm này, không kể nó (YYYY-MM-DD: hết ngày đó, UTC) / until this instant,
    /// excluded (YYYY-MM-DD: to the end of that day, UTC)
    #[arg(long, value_name = "RFC3339|DATE", value_parser = parse_instant)]
    pub(crate) to: Option<Instant>,
}

/// A `--from` or `--to`: an instant, or a whole day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Instant {
    /// `2026-12-07T12:00:00+07:00`.
    At(DateTime<Utc>),
    /// `2026-12-07`.
    Day(NaiveDate),
}

impl Instant {
    /// The first moment this covers: a day starts at 00:00 UTC.
    pub(crate) fn start(self) -> DateTime<Utc> {
        match self {
            Instant::At(at) => at,
            Instant::Day(day) => day.and_time(chrono::NaiveTime::MIN).and_utc(),
        }
    }

    /// The moment after the last this covers: a day ends at the next day's 00:00 UTC, so that
    /// `--to 2026-12-07` includes the 7th.
    pub(crate) fn end(self) -> DateTime<Utc> {
        match self {
            Instant::At(at) => at,
            Instant::Day(day) => day
                .succ_opt()
                .map_or(DateTime::<Utc>::MAX_UTC, |next| Instant::Day(next).start()),
        }
    }
}

/// RFC 3339 (`2026-12-07T12:00:00Z`, any offset) or a date `YYYY-MM-DD`.
fn parse_instant(raw: &str) -> Result<Instant, String> {
    if let Ok(at) = DateTime::parse_from_rfc3339(raw) {
        return Ok(Instant::At(at.with_timezone(&Utc)));
    }
    parse_date(raw).map(Instant::Day).map_err(|_| {
        "cần thời điểm RFC 3339 (2026-12-07T12:00:00Z) hoặc ngày YYYY-MM-DD / expected an RFC \
         3339 instant (2026-12-07T12:00:00Z) or a date YYYY-MM-DD"
            .to_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_are_rfc3339_or_whole_days() {
        let at = parse_instant("2026-12-07T19:00:00+07:00").unwrap();
        assert_eq!(at.start().to_rfc3339(), "2026-12-07T12:00:00+00:00");
        assert_eq!(at.end(), at.start());
        let day = parse_instant("2026-12-07").unwrap();
        assert_eq!(day.start().to_rfc3339(), "2026-12-07T00:00:00+00:00");
        assert_eq!(day.end().to_rfc3339(), "2026-12-08T00:00:00+00:00");
        for bad in ["2026-12-7", "yesterday", "2026-12-07 12:00", ""] {
            assert!(parse_instant(bad).is_err(), "{bad}");
        }
    }
}
