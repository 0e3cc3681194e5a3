//! The headings of the year report and the admission funnel, in the words a party organisation
//! board writes them, and in English.

use super::{Lang, education_label, kind_label, sector_label};
use crate::{
    view::{Group, Line, Section, Trait},
    vocab::Kind,
};

/// The title line of a year report: the organisation (or all of them) and the year.
pub(crate) fn year_title(lang: Lang, org: Option<&str>, year: i32) -> String {
    match (lang, org) {
        (Lang::Vi, Some(org)) => format!("Báo cáo thống kê năm {year} — {org}"),
        (Lang::Vi, None) => format!("Báo cáo thống kê năm {year} — Toàn bộ"),
        (Lang::En, Some(org)) => format!("Statistics for {year} — {org}"),
        (Lang::En, None) => format!("Statistics for {year} — all organisations"),
    }
}

/// The columns of a year report: the figure, this year, the year before, the change.
pub(crate) fn year_columns(lang: Lang) -> [&'static str; 4] {
    match lang {
        Lang::Vi => ["Chỉ tiêu", "Kỳ này", "Cùng kỳ năm trước", "%"],
        Lang::En => ["Figure", "This year", "Previous year", "%"],
    }
}

/// The title of the workbook's chart of admissions against the target.
pub(crate) fn admissions_chart_title(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "Kết nạp so với chỉ tiêu",
        Lang::En => "Admissions against the target",
    }
}

/// The heading of a section.
pub(crate) fn section_title(lang: Lang, section: Section) -> &'static str {
    use Section as S;
    match (lang, section) {
        (Lang::Vi, S::Headcount) => "Đảng số",
        (Lang::Vi, S::Pipeline) => "Phát triển đảng viên",
        (Lang::Vi, S::Organizations) => "Tổ chức đảng",
        (Lang::Vi, S::Target) => "Chỉ tiêu kết nạp",
        (Lang::Vi, S::ResidenceIntroductions) => "Giới thiệu sinh hoạt nơi cư trú",
        (Lang::Vi, S::Ratings) => "Xếp loại chất lượng đảng viên",
        (Lang::Vi, S::AdmittedBreakdown) => "Cơ cấu đảng viên mới kết nạp",
        (Lang::Vi, S::HeadcountBreakdown) => "Cơ cấu đảng viên cuối năm",
        (Lang::En, S::Headcount) => "Headcount",
        (Lang::En, S::Pipeline) => "Admission pipeline",
        (Lang::En, S::Organizations) => "Organisations",
        (Lang::En, S::Target) => "Admissions target",
        (Lang::En, S::ResidenceIntroductions) => "Introductions to the place of residence",
        (Lang::En, S::Ratings) => "Year ratings",
        (Lang::En, S::AdmittedBreakdown) => "Members admitted in the year",
        (Lang::En, S::HeadcountBreakdown) => "Members on 31 December",
    }
}

/// The worksheet a section goes on: at most 31 characters and none of `[]:*?/\` (Excel's rules).
/// Both breakdowns share one sheet.
pub(crate) fn sheet_name(lang: Lang, section: Section) -> &'static str {
    use Section as S;
    match (lang, section) {
        (Lang::Vi, S::Headcount) => "Đảng số",
        (Lang::Vi, S::Pipeline) => "Phát triển đảng viên",
        (Lang::Vi, S::Organizations) => "Tổ chức",
        (Lang::Vi, S::Target) => "Chỉ tiêu",
        (Lang::Vi, S::ResidenceIntroductions) => "Giới thiệu nơi cư trú",
        (Lang::Vi, S::Ratings) => "Xếp loại",
        (Lang::Vi, S::AdmittedBreakdown | S::HeadcountBreakdown) => "Cơ cấu",
        (Lang::En, S::Headcount) => "Headcount",
        (Lang::En, S::Pipeline) => "Pipeline",
        (Lang::En, S::Organizations) => "Organisations",
        (Lang::En, S::Target) => "Target",
        (Lang::En, S::ResidenceIntroductions) => "Residence introductions",
        (Lang::En, S::Ratings) => "Ratings",
        (Lang::En, S::AdmittedBreakdown | S::HeadcountBreakdown) => "Composition",
    }
}

/// The label of a line.
pub(crate) fn report_line(lang: Lang, line: Line) -> &'static str {
    match lang {
        Lang::Vi => line_vi(line),
        Lang::En => line_en(line),
    }
}

fn line_vi(line: Line) -> &'static str {
    use Line as L;
    match line {
        L::HeadcountStart => "Đảng số đầu năm",
        L::Admitted | L::PipelineAdmitted => "Kết nạp",
        L::TransferredIn => "Chuyển đến",
        L::Restored => "Phục hồi",
        L::ReorganizedIn => "Chuyển đến do sắp xếp tổ chức",
        L::TransferredOut => "Chuyển đi",
        L::Deceased => "Từ trần",
        L::StruckOff => "Xóa tên",
        L::Expelled => "Khai trừ",
        L::Resigned => "Xin ra khỏi Đảng",
        L::ReorganizedOut => "Chuyển đi do sắp xếp tổ chức",
        L::HeadcountEnd => "Đảng số cuối năm",
        L::OfficialEnd => "Đảng viên chính thức",
        L::ProbationaryEnd => "Đảng viên dự bị",
        L::Nominated => "Quần chúng ưu tú được giới thiệu",
        L::SympathizersRecognized => "Đối tượng cảm tình Đảng được công nhận",
        L::CoursesCompleted => "Hoàn thành lớp bồi dưỡng nhận thức về Đảng",
        L::CellApproved => "Chi bộ đề nghị kết nạp",
        L::CeremoniesHeld => "Tổ chức lễ kết nạp",
        L::RecognizedOfficial => "Công nhận đảng viên chính thức",
        L::StruckOffProbationary => "Xóa tên đảng viên dự bị",
        L::GrassrootsCommittees => kind_label(Lang::Vi, Some(Kind::GrassrootsCommittee)),
        L::GrassrootsCells => kind_label(Lang::Vi, Some(Kind::GrassrootsCell)),
        L::PartialCommittees => kind_label(Lang::Vi, Some(Kind::PartialCommittee)),
        L::Cells => kind_label(Lang::Vi, Some(Kind::Cell)),
        L::TargetAdmissions => "Chỉ tiêu kết nạp",
        L::Progress => "Tỷ lệ hoàn thành chỉ tiêu",
        L::AdmissionRate => "Tỷ lệ kết nạp so với đảng số đầu năm",
        L::IntroductionsDue => "Phải giới thiệu về nơi cư trú",
        L::IntroducedOnTime => "Đúng hạn",
        L::IntroducedLate => "Trễ hạn",
        L::IntroductionsPending => "Chưa giới thiệu",
        L::Excellent => "Hoàn thành xuất sắc nhiệm vụ",
        L::Good => "Hoàn thành tốt nhiệm vụ",
        L::Completed => "Hoàn thành nhiệm vụ",
        L::NotCompleted => "Không hoàn thành nhiệm vụ",
        L::GoodOrBetterShare => "Tỷ lệ hoàn thành tốt trở lên",
        L::Breakdown(Group::Admitted | Group::HeadcountEnd, t) => trait_label(Lang::Vi, t),
    }
}

fn line_en(line: Line) -> &'static str {
    use Line as L;
    match line {
        L::HeadcountStart => "Members on 1 January",
        L::Admitted | L::PipelineAdmitted => "Admitted",
        L::TransferredIn => "Transferred in",
        L::Restored => "Restored",
        L::ReorganizedIn => "Moved in by reorganisation",
        L::TransferredOut => "Transferred out",
        L::Deceased => "Deceased",
        L::StruckOff => "Struck off",
        L::Expelled => "Expelled",
        L::Resigned => "Resigned",
        L::ReorganizedOut => "Moved out by reorganisation",
        L::HeadcountEnd => "Members on 31 December",
        L::OfficialEnd => "Official members",
        L::ProbationaryEnd => "Probationary members",
        L::Nominated => "Candidates nominated",
        L::SympathizersRecognized => "Sympathizers recognised",
        L::CoursesCompleted => "Awareness course completed",
        L::CellApproved => "Proposed by the cell",
        L::CeremoniesHeld => "Admission ceremonies held",
        L::RecognizedOfficial => "Recognised as official members",
        L::StruckOffProbationary => "Probationary members struck off",
        L::GrassrootsCommittees => "Grassroots committees",
        L::GrassrootsCells => "Grassroots cells",
        L::PartialCommittees => "Partial committees",
        L::Cells => "Cells",
        L::TargetAdmissions => "Admissions target",
        L::Progress => "Share of the target met",
        L::AdmissionRate => "Admissions per member on 1 January",
        L::IntroductionsDue => "Due to be introduced to the place of residence",
        L::IntroducedOnTime => "On time",
        L::IntroducedLate => "Late",
        L::IntroductionsPending => "Not yet introduced",
        L::Excellent => "Excellent",
        L::Good => "Good",
        L::Completed => "Completed duties",
        L::NotCompleted => "Did not complete duties",
        L::GoodOrBetterShare => "Share good or better",
        L::Breakdown(Group::Admitted | Group::HeadcountEnd, t) => trait_label(Lang::En, t),
    }
}

/// The label of a breakdown attribute; education levels and sectors as everywhere else.
fn trait_label(lang: Lang, t: Trait) -> &'static str {
    use Trait as T;
    match (lang, t) {
        (Lang::Vi | Lang::En, T::Education(education)) => education_label(lang, Some(education)),
        (Lang::Vi | Lang::En, T::Sector(sector)) => sector_label(lang, Some(sector)),
        (Lang::Vi, T::Women) => "Nữ",
        (Lang::Vi, T::EthnicMinority) => "Dân tộc thiểu số",
        (Lang::Vi, T::Religious) => "Có tôn giáo",
        (Lang::Vi, T::Age30OrUnder) => "Từ 30 tuổi trở xuống",
        (Lang::Vi, T::Age31To40) => "Từ 31 đến 40 tuổi",
        (Lang::Vi, T::Age41To50) => "Từ 41 đến 50 tuổi",
        (Lang::Vi, T::Age51To60) => "Từ 51 đến 60 tuổi",
        (Lang::Vi, T::AgeOver60) => "Trên 60 tuổi",
        (Lang::En, T::Women) => "Women",
        (Lang::En, T::EthnicMinority) => "Ethnic minorities",
        (Lang::En, T::Religious) => "With a religion",
        (Lang::En, T::Age30OrUnder) => "Aged 30 or under",
        (Lang::En, T::Age31To40) => "Aged 31 to 40",
        (Lang::En, T::Age41To50) => "Aged 41 to 50",
        (Lang::En, T::Age51To60) => "Aged 51 to 60",
        (Lang::En, T::AgeOver60) => "Aged over 60",
    }
}

/// The title line of a funnel: the organisation, the year and the day admissions count up to.
pub(crate) fn funnel_title(lang: Lang, org: Option<&str>, year: i32, as_of: &str) -> String {
    let org = match (lang, org) {
        (Lang::Vi | Lang::En, Some(org)) => org,
        (Lang::Vi, None) => "Toàn bộ",
        (Lang::En, None) => "all organisations",
    };
    match lang {
        Lang::Vi => format!(
            "Phát triển đảng viên theo từng bước năm {year} — {org} (kết nạp tính đến {as_of})"
        ),
        Lang::En => format!("Admission funnel {year} — {org} (admissions up to {as_of})"),
    }
}

/// The columns of a funnel: the state, the cases that entered it, those admitted, their share.
pub(crate) fn funnel_columns(lang: Lang) -> [&'static str; 4] {
    match lang {
        Lang::Vi => [
            "Bước",
            "Số hồ sơ trong năm",
            "Đã được kết nạp",
            "Tỷ lệ kết nạp",
        ],
        Lang::En => ["Stage", "Entered in the year", "Admitted", "Share admitted"],
    }
}

/// `--format xlsx` for a command that has no workbook.
pub(crate) fn no_workbook(lang: Lang) -> String {
    match lang {
        Lang::Vi => {
            "--format xlsx chỉ dùng cho report year: hãy chọn table, json hoặc csv".to_owned()
        }
        Lang::En => "--format xlsx is only for report year: choose table, json or csv".to_owned(),
    }
}

/// A workbook would be written to a terminal.
pub(crate) fn workbook_to_terminal(lang: Lang) -> String {
    match lang {
        Lang::Vi => "sổ tính Excel không in ra màn hình được: hãy thêm --output TỆP.xlsx, \
                     hoặc chuyển kết quả vào tệp (> bao-cao.xlsx)"
            .to_owned(),
        Lang::En => {
            "a workbook cannot be shown on a terminal: add --output FILE.xlsx, or redirect \
                     the output to a file (> report.xlsx)"
                .to_owned()
        }
    }
}
