//! The texts of `sync`: the import's progress line and summary, and its failures.

use std::{path::Path, time::Duration};

use super::Lang;
use crate::{render::grouped, view::ImportSummaryView};

/// How far an import is, for the progress line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Progress {
    /// The number of the last line answered (lines of the file, blank ones included).
    pub(crate) line: i64,
    /// The lines of the file.
    pub(crate) total_lines: i64,
    /// The results received (records judged or answered from an earlier run).
    pub(crate) records: i64,
    /// Since the import started.
    pub(crate) elapsed: Duration,
}

/// `1.234/10.000 dòng (12%) · 456 bản ghi/giây · còn khoảng 0:19`.
pub(crate) fn progress(lang: Lang, p: Progress) -> String {
    let seconds = p.elapsed.as_secs_f64();
    let percent = if p.total_lines > 0 {
        (p.line.saturating_mul(100) / p.total_lines).clamp(0, 100)
    } else {
        100
    };
    let rate = if seconds >= 0.001 {
        // Rounded to whole records: the rate is for a person watching.
        #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
        let per_second = (p.records as f64 / seconds).round() as i64;
        grouped(lang, per_second)
    } else {
        "–".to_owned()
    };
    let eta = eta(p).map_or_else(|| "?".to_owned(), clock);
    let (line, total) = (grouped(lang, p.line), grouped(lang, p.total_lines));
    match lang {
        Lang::Vi => {
            format!("{line}/{total} dòng ({percent}%) · {rate} bản ghi/giây · còn khoảng {eta}")
        }
        Lang::En => format!("{line}/{total} lines ({percent}%) · {rate} records/s · ETA {eta}"),
    }
}

/// The time left at the pace so far, in lines of the file; `None` before there is a pace.
fn eta(p: Progress) -> Option<Duration> {
    let seconds = p.elapsed.as_secs_f64();
    if p.line <= 0 || seconds < 0.001 {
        return None;
    }
    let left = p.total_lines.saturating_sub(p.line).max(0);
    #[allow(clippy::cast_precision_loss)]
    let left_seconds = left as f64 * seconds / p.line as f64;
    Duration::try_from_secs_f64(left_seconds).ok()
}

/// `0:07`, `12:34`, `1:02:03`.
fn clock(duration: Duration) -> String {
    let total = duration.as_secs();
    let (hours, minutes, seconds) = (total / 3600, total / 60 % 60, total % 60);
    if hours > 0 {
        format!("{hours}:{minutes:02}:{seconds:02}")
    } else {
        format!("{minutes}:{seconds:02}")
    }
}

/// The summary of an import, for stderr: one labelled count a line.
pub(crate) fn summary(lang: Lang, s: &ImportSummaryView) -> String {
    let n = |count: i64| grouped(lang, count);
    let committed = match (lang, s.committed, s.dry_run) {
        (Lang::Vi, true, _) => "có".to_owned(),
        (Lang::Vi, false, true) => "không (chạy thử)".to_owned(),
        (Lang::Vi, false, false) => "không (--atomic và có dòng bị từ chối)".to_owned(),
        (Lang::En, true, _) => "yes".to_owned(),
        (Lang::En, false, true) => "no (dry run)".to_owned(),
        (Lang::En, false, false) => "no (--atomic and some lines were refused)".to_owned(),
    };
    let id = &s.import_id;
    let mut text = match lang {
        Lang::Vi => format!(
            "Kết quả nhập (mã lần nhập {id}):\n\
             \x20 số dòng đã xử lý:            {}\n\
             \x20 đã lưu:                      {}\n\
             \x20 đã có, giống hệt (bỏ qua):   {}\n\
             \x20 bị từ chối:                  {}\n\
             \x20 đã nhập ở lần chạy trước:    {}\n\
             \x20 ghi vào cơ sở dữ liệu:       {committed}\n",
            n(s.lines),
            n(s.accepted),
            n(s.skipped_identical),
            n(s.refused),
            n(s.already_imported),
        ),
        Lang::En => format!(
            "Import summary (import id {id}):\n\
             \x20 lines answered:               {}\n\
             \x20 stored:                       {}\n\
             \x20 already stored, identical:    {}\n\
             \x20 refused:                      {}\n\
             \x20 imported by an earlier run:   {}\n\
             \x20 committed:                    {committed}\n",
            n(s.lines),
            n(s.accepted),
            n(s.skipped_identical),
            n(s.refused),
            n(s.already_imported),
        ),
    };
    if s.resumed_after_line > 0 {
        let line = n(s.resumed_after_line);
        text.push_str(&match lang {
            Lang::Vi => format!("  tiếp tục sau dòng {line} của lần chạy trước\n"),
            Lang::En => format!("  resumed after line {line} of an earlier run\n"),
        });
    }
    text
}

/// A stream broke before its end.
pub(crate) fn interrupted(lang: Lang, server: &str, detail: &str) -> String {
    match lang {
        Lang::Vi => format!(
            "Kết nối tới máy chủ {server} bị ngắt giữa chừng ({detail}); chạy lại đúng lệnh này: lần nhập sẽ tiếp tục từ chỗ đã dừng"
        ),
        Lang::En => format!(
            "the connection to the server {server} broke off ({detail}); run the same command again: an import resumes where it stopped"
        ),
    }
}

/// Some lines of an import were refused.
pub(crate) fn lines_refused(lang: Lang, count: i64, rejects: &Path) -> String {
    let (count, rejects) = (grouped(lang, count), rejects.display());
    match lang {
        Lang::Vi => format!(
            "{count} dòng bị từ chối; danh sách kèm lý do ở {rejects}: sửa các dòng đó rồi nhập lại"
        ),
        Lang::En => format!(
            "{count} lines were refused; they are listed with their reasons in {rejects}: fix them and import again"
        ),
    }
}

/// The file to import cannot be read.
pub(crate) fn input_failed(lang: Lang, path: &Path, detail: &str) -> String {
    let path = path.display();
    match lang {
        Lang::Vi => format!("Không đọc được tệp {path}: {detail}"),
        Lang::En => format!("cannot read the file {path}: {detail}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(line: i64, total_lines: i64, records: i64, millis: u64) -> Progress {
        Progress {
            line,
            total_lines,
            records,
            elapsed: Duration::from_millis(millis),
        }
    }

    #[test]
    fn progress_shows_lines_rate_and_time_left() {
        assert_eq!(
            progress(Lang::Vi, at(2_500, 10_000, 2_500, 2_000)),
            "2.500/10.000 dòng (25%) · 1.250 bản ghi/giây · còn khoảng 0:06"
        );
        assert_eq!(
            progress(Lang::En, at(2_500, 10_000, 2_400, 2_000)),
            "2,500/10,000 lines (25%) · 1,200 records/s · ETA 0:06"
        );
        assert_eq!(
            progress(Lang::En, at(1, 100_000, 1, 1_000)),
            "1/100,000 lines (0%) · 1 records/s · ETA 27:46:39"
        );
        assert_eq!(
            progress(Lang::En, at(100, 100, 100, 65_000)),
            "100/100 lines (100%) · 2 records/s · ETA 0:00"
        );
    }

    #[test]
    fn progress_before_any_answer_has_no_pace() {
        assert_eq!(
            progress(Lang::En, at(0, 10, 0, 0)),
            "0/10 lines (0%) · – records/s · ETA ?"
        );
        assert_eq!(
            progress(Lang::Vi, at(0, 0, 0, 500)),
            "0/0 dòng (100%) · 0 bản ghi/giây · còn khoảng ?"
        );
    }

    #[test]
    fn clocks_read_as_minutes_or_hours() {
        assert_eq!(clock(Duration::from_secs(7)), "0:07");
        assert_eq!(clock(Duration::from_secs(754)), "12:34");
        assert_eq!(clock(Duration::from_secs(3723)), "1:02:03");
    }
}
