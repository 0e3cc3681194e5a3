//! The texts of `audit`: the list's headings and what `audit verify` found.

use super::Lang;
use crate::render::grouped;

/// The columns of `audit list`, in order.
pub(crate) fn audit_columns(lang: Lang) -> [&'static str; 6] {
    match lang {
        Lang::Vi => [
            "Thời điểm",
            "Chủ thể",
            "Phương thức",
            "Tài nguyên",
            "Kết quả",
            "Mã yêu cầu",
        ],
        Lang::En => [
            "Time",
            "Principal",
            "Method",
            "Subjects",
            "Outcome",
            "Request id",
        ],
    }
}

/// The first line of `audit verify`.
pub(crate) fn audit_checked(lang: Lang, entries: i64, chains: i32) -> String {
    let entries = grouped(lang, entries);
    match lang {
        Lang::Vi => format!("Đã tính lại mã băm của {entries} mục trong {chains} chuỗi"),
        Lang::En => format!("Recomputed the hashes of {entries} entries in {chains} chains"),
    }
}

/// What follows when every chain holds, before the heads.
pub(crate) fn audit_holds(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "Mọi chuỗi đều liền. Đầu chuỗi (hãy lưu ngoài cơ sở dữ liệu để so lần sau):",
        Lang::En => "Every chain holds. Heads (keep them outside the database to compare later):",
    }
}

/// What heads the breaks.
pub(crate) fn audit_breaks(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "Chỗ đứt:",
        Lang::En => "Breaks:",
    }
}

/// What heads the heads after breaks were listed.
pub(crate) fn audit_heads(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "Đầu chuỗi:",
        Lang::En => "Heads:",
    }
}
