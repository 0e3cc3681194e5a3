//! The labels of the member vocabularies (transfer kinds, measures, grades, exits), of the deadline
//! flags, and the wording of seniority and of a member's standing, in Vietnamese and English.

use chrono::NaiveDate;

use super::{Lang, UNKNOWN};
use crate::vocab::{DisciplineMeasure, Grade, MemberExit, TransferKind};

/// The label of a transfer kind.
pub(crate) fn transfer_kind_label(lang: Lang, kind: Option<TransferKind>) -> &'static str {
    let Some(kind) = kind else { return UNKNOWN };
    match (lang, kind) {
        (Lang::Vi, TransferKind::Permanent) => "chính thức",
        (Lang::Vi, TransferKind::Internal) => "nội bộ",
        (Lang::Vi, TransferKind::Temporary) => "tạm thời",
        (Lang::En, TransferKind::Permanent) => "permanent",
        (Lang::En, TransferKind::Internal) => "internal",
        (Lang::En, TransferKind::Temporary) => "temporary",
    }
}

/// The label of a disciplinary measure.
pub(crate) fn measure_label(lang: Lang, measure: Option<DisciplineMeasure>) -> &'static str {
    let Some(measure) = measure else {
        return UNKNOWN;
    };
    match (lang, measure) {
        (Lang::Vi, DisciplineMeasure::Reprimand) => "khiển trách",
        (Lang::Vi, DisciplineMeasure::Warning) => "cảnh cáo",
        (Lang::Vi, DisciplineMeasure::RemovalFromPost) => "cách chức",
        (Lang::En, DisciplineMeasure::Reprimand) => "reprimand",
        (Lang::En, DisciplineMeasure::Warning) => "warning",
        (Lang::En, DisciplineMeasure::RemovalFromPost) => "removal from post",
    }
}

/// The label of a grade.
pub(crate) fn grade_label(lang: Lang, grade: Option<Grade>) -> &'static str {
    let Some(grade) = grade else { return UNKNOWN };
    match (lang, grade) {
        (Lang::Vi, Grade::Excellent) => "hoàn thành xuất sắc nhiệm vụ",
        (Lang::Vi, Grade::Good) => "hoàn thành tốt nhiệm vụ",
        (Lang::Vi, Grade::Completed) => "hoàn thành nhiệm vụ",
        (Lang::Vi, Grade::NotCompleted) => "không hoàn thành nhiệm vụ",
        (Lang::En, Grade::Excellent) => "excellent",
        (Lang::En, Grade::Good) => "good",
        (Lang::En, Grade::Completed) => "completed duties",
        (Lang::En, Grade::NotCompleted) => "did not complete duties",
    }
}

/// The label of how a member left; `None` is an active member.
pub(crate) fn exit_label(lang: Lang, exit: Option<MemberExit>) -> &'static str {
    match (lang, exit) {
        (Lang::Vi, None) => "Không",
        (Lang::Vi, Some(MemberExit::StruckOff)) => "xóa tên",
        (Lang::Vi, Some(MemberExit::Expelled)) => "khai trừ",
        (Lang::Vi, Some(MemberExit::Resigned)) => "ra khỏi Đảng",
        (Lang::Vi, Some(MemberExit::Deceased)) => "từ trần",
        (Lang::Vi, Some(MemberExit::TransferredOut)) => "chuyển đi",
        (Lang::En, None) => "No",
        (Lang::En, Some(MemberExit::StruckOff)) => "struck off",
        (Lang::En, Some(MemberExit::Expelled)) => "expelled",
        (Lang::En, Some(MemberExit::Resigned)) => "resigned",
        (Lang::En, Some(MemberExit::Deceased)) => "deceased",
        (Lang::En, Some(MemberExit::TransferredOut)) => "transferred out",
    }
}

/// The label of a deadline flag (DESIGN §4); a flag this build does not know is shown as sent.
pub(crate) fn flag_label(lang: Lang, flag: &str) -> String {
    let label = match (lang, flag) {
        (Lang::Vi, "OVERDUE_ADMISSION_DECISION") => "quá hạn quyết định kết nạp",
        (Lang::Vi, "OVERDUE_CEREMONY") => "quá hạn tổ chức lễ kết nạp",
        (Lang::Vi, "OVERDUE_RECOGNITION") => "quá hạn xét công nhận chính thức",
        (Lang::Vi, "OVERDUE_RESIDENCE_INTRODUCTION") => "quá hạn giới thiệu sinh hoạt nơi cư trú",
        (Lang::En, "OVERDUE_ADMISSION_DECISION") => "admission decision overdue",
        (Lang::En, "OVERDUE_CEREMONY") => "ceremony overdue",
        (Lang::En, "OVERDUE_RECOGNITION") => "recognition overdue",
        (Lang::En, "OVERDUE_RESIDENCE_INTRODUCTION") => "residence introduction overdue",
        (Lang::Vi | Lang::En, other) => other,
    };
    label.to_owned()
}

/// The flags of a decision, each labelled, in one cell.
pub(crate) fn flags_label(lang: Lang, flags: &[String]) -> String {
    let labels: Vec<String> = flags.iter().map(|f| flag_label(lang, f)).collect();
    labels.join(", ")
}

/// Party seniority (tuổi Đảng): `14 năm 8 tháng`.
pub(crate) fn seniority(lang: Lang, years: i32, months: i32) -> String {
    match lang {
        Lang::Vi => format!("{years} năm {months} tháng"),
        Lang::En => {
            let s = |n: i32| if n == 1 { "" } else { "s" };
            format!("{years} year{} {months} month{}", s(years), s(months))
        }
    }
}

/// The last day of something dated (an exemption, a transfer): `đến hết 2024-12-31`, or that it
/// has none.
pub(crate) fn until(lang: Lang, last_day: Option<NaiveDate>) -> String {
    match (lang, last_day) {
        (Lang::Vi, Some(day)) => format!("đến hết {day}"),
        (Lang::Vi, None) => "không thời hạn".to_owned(),
        (Lang::En, Some(day)) => format!("until {day}"),
        (Lang::En, None) => "open-ended".to_owned(),
    }
}

/// A temporary transfer: where to (when named) and until when.
pub(crate) fn temporarily_at(lang: Lang, at: Option<&str>, last_day: Option<NaiveDate>) -> String {
    let until = until(lang, last_day);
    match (lang, at) {
        (Lang::Vi, Some(at)) => format!("tạm thời sinh hoạt tại {at}, {until}"),
        (Lang::Vi, None) => format!("tạm thời chuyển sinh hoạt, {until}"),
        (Lang::En, Some(at)) => format!("temporarily at {at}, {until}"),
        (Lang::En, None) => format!("temporarily transferred, {until}"),
    }
}

/// A member exempt from party work, in the notes of `member list`.
pub(crate) fn exempt_note(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "miễn công tác và sinh hoạt đảng",
        Lang::En => "exempt",
    }
}

/// A suspended member, in the notes of `member list`.
pub(crate) fn suspended_note(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "đình chỉ sinh hoạt đảng",
        Lang::En => "suspended",
    }
}

/// Whether a row of `report overdue` is past its deadline or only coming up.
pub(crate) fn overdue_state(lang: Lang, overdue: bool) -> &'static str {
    match (lang, overdue) {
        (Lang::Vi, true) => "Quá hạn",
        (Lang::Vi, false) => "Sắp đến hạn",
        (Lang::En, true) => "Overdue",
        (Lang::En, false) => "Due soon",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_are_translated_and_unknown_ones_kept() {
        assert_eq!(
            flag_label(Lang::Vi, "OVERDUE_CEREMONY"),
            "quá hạn tổ chức lễ kết nạp"
        );
        assert_eq!(
            flag_label(Lang::En, "OVERDUE_RECOGNITION"),
            "recognition overdue"
        );
        assert_eq!(flag_label(Lang::Vi, "SOMETHING_NEW"), "SOMETHING_NEW");
        assert_eq!(
            flags_label(Lang::Vi, &["OVERDUE_ADMISSION_DECISION".into(), "X".into()]),
            "quá hạn quyết định kết nạp, X"
        );
    }

    #[test]
    fn seniority_reads_as_years_and_months() {
        assert_eq!(seniority(Lang::Vi, 14, 8), "14 năm 8 tháng");
        assert_eq!(seniority(Lang::En, 1, 0), "1 year 0 months");
        assert_eq!(seniority(Lang::En, 2, 1), "2 years 1 month");
    }
}
