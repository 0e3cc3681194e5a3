//! The labels of the person, member-status and admission vocabularies and of every decision kind,
//! in Vietnamese and English.

use super::{Lang, UNKNOWN};
use crate::vocab::{
    CaseState, DecisionKind, Education, Gender, MemberOrigin, MemberStatus, UnionResolution,
};

/// The label of a gender.
pub(crate) fn gender_label(lang: Lang, gender: Option<Gender>) -> &'static str {
    let Some(gender) = gender else { return UNKNOWN };
    match (lang, gender) {
        (Lang::Vi, Gender::Male) => "Nam",
        (Lang::Vi, Gender::Female) => "Nữ",
        (Lang::En, Gender::Male) => "Male",
        (Lang::En, Gender::Female) => "Female",
    }
}

/// The label of a general education.
pub(crate) fn education_label(lang: Lang, education: Option<Education>) -> &'static str {
    let Some(education) = education else {
        return UNKNOWN;
    };
    match (lang, education) {
        (Lang::Vi, Education::Primary) => "Tiểu học",
        (Lang::Vi, Education::LowerSecondary) => "Trung học cơ sở",
        (Lang::Vi, Education::UpperSecondary) => "Trung học phổ thông",
        (Lang::En, Education::Primary) => "Primary",
        (Lang::En, Education::LowerSecondary) => "Lower secondary",
        (Lang::En, Education::UpperSecondary) => "Upper secondary",
    }
}

/// The label of a case state.
pub(crate) fn case_state_label(lang: Lang, state: Option<CaseState>) -> &'static str {
    let Some(state) = state else { return UNKNOWN };
    use CaseState as S;
    match (lang, state) {
        (Lang::Vi, S::Candidate) => "Quần chúng ưu tú (tạo nguồn)",
        (Lang::Vi, S::Sympathizer) => "Cảm tình Đảng",
        (Lang::Vi, S::Trained) => "Đã học lớp nhận thức về Đảng",
        (Lang::Vi, S::DossierOpen) => "Đã nộp hồ sơ",
        (Lang::Vi, S::Verified) => "Đã thẩm tra lý lịch",
        (Lang::Vi, S::Introduced) => "Đã có giới thiệu",
        (Lang::Vi, S::CellApproved) => "Chi bộ đề nghị kết nạp",
        (Lang::Vi, S::CommitteeApproved) => "Đảng ủy cơ sở đề nghị kết nạp",
        (Lang::Vi, S::Admitted) => "Đã kết nạp",
        (Lang::Vi, S::Rejected) => "Không kết nạp",
        (Lang::Vi, S::Withdrawn) => "Rút hồ sơ",
        (Lang::Vi, S::Dropped) => "Đưa ra khỏi danh sách",
        (Lang::En, S::Candidate) => "Candidate (sourcing plan)",
        (Lang::En, S::Sympathizer) => "Sympathizer",
        (Lang::En, S::Trained) => "Completed the awareness course",
        (Lang::En, S::DossierOpen) => "Dossier submitted",
        (Lang::En, S::Verified) => "Background verified",
        (Lang::En, S::Introduced) => "Introduced",
        (Lang::En, S::CellApproved) => "Proposed by the cell",
        (Lang::En, S::CommitteeApproved) => "Proposed by the grassroots committee",
        (Lang::En, S::Admitted) => "Admitted",
        (Lang::En, S::Rejected) => "Rejected",
        (Lang::En, S::Withdrawn) => "Withdrawn",
        (Lang::En, S::Dropped) => "Dropped from the list",
    }
}

/// The label of a decision kind.
pub(crate) fn decision_kind_label(lang: Lang, kind: Option<DecisionKind>) -> &'static str {
    let Some(kind) = kind else { return UNKNOWN };
    use DecisionKind as K;
    match (lang, kind) {
        (Lang::Vi, K::Nominate) => "Tạo nguồn",
        (Lang::Vi, K::RecognizeSympathizer) => "Công nhận cảm tình Đảng",
        (Lang::Vi, K::RecordCourse) => "Học lớp nhận thức về Đảng",
        (Lang::Vi, K::OpenDossier) => "Nộp đơn và lý lịch",
        (Lang::Vi, K::ConcludeBackgroundCheck) => "Kết luận thẩm tra lý lịch",
        (Lang::Vi, K::RecordIntroductions) => "Giới thiệu kết nạp",
        (Lang::Vi, K::RecordCellVote) => "Chi bộ biểu quyết",
        (Lang::Vi, K::RecordCommitteeVote) => "Đảng ủy cơ sở biểu quyết",
        (Lang::Vi, K::Admit) => "Quyết định kết nạp",
        (Lang::Vi, K::Reject) => "Không kết nạp",
        (Lang::Vi, K::Withdraw) => "Rút hồ sơ",
        (Lang::Vi, K::Drop) => "Đưa ra khỏi danh sách",
        (Lang::Vi, K::Revoke) => "Hủy quyết định",
        (Lang::Vi, K::HoldCeremony) => "Tổ chức lễ kết nạp",
        (Lang::Vi, K::RecordRecognitionVote) => "Nghị quyết chi bộ đề nghị công nhận chính thức",
        (Lang::Vi, K::Recognize) => "Quyết định công nhận đảng viên chính thức",
        (Lang::Vi, K::StrikeOff) => "Xóa tên",
        (Lang::Vi, K::Transfer) => "Chuyển sinh hoạt đảng",
        (Lang::Vi, K::RecordDeath) => "Từ trần",
        (Lang::Vi, K::Expel) => "Khai trừ",
        (Lang::Vi, K::AcceptResignation) => "Cho ra khỏi Đảng",
        (Lang::Vi, K::Exempt) => "Miễn công tác và sinh hoạt đảng",
        (Lang::Vi, K::Suspend) => "Đình chỉ sinh hoạt đảng",
        (Lang::Vi, K::Discipline) => "Kỷ luật",
        (Lang::Vi, K::IssueCard) => "Phát thẻ đảng viên",
        (Lang::Vi, K::IntroduceToResidence) => "Giới thiệu sinh hoạt nơi cư trú",
        (Lang::Vi, K::Rate) => "Xếp loại chất lượng",
        (Lang::En, K::Nominate) => "Nominate",
        (Lang::En, K::RecognizeSympathizer) => "Recognize sympathizer",
        (Lang::En, K::RecordCourse) => "Awareness course",
        (Lang::En, K::OpenDossier) => "Open dossier",
        (Lang::En, K::ConcludeBackgroundCheck) => "Background check concluded",
        (Lang::En, K::RecordIntroductions) => "Introductions",
        (Lang::En, K::RecordCellVote) => "Cell vote",
        (Lang::En, K::RecordCommitteeVote) => "Committee vote",
        (Lang::En, K::Admit) => "Admit",
        (Lang::En, K::Reject) => "Reject",
        (Lang::En, K::Withdraw) => "Withdraw",
        (Lang::En, K::Drop) => "Drop",
        (Lang::En, K::Revoke) => "Revoke",
        (Lang::En, K::HoldCeremony) => "Admission ceremony",
        (Lang::En, K::RecordRecognitionVote) => "Recognition vote",
        (Lang::En, K::Recognize) => "Recognize as full member",
        (Lang::En, K::StrikeOff) => "Strike off",
        (Lang::En, K::Transfer) => "Transfer",
        (Lang::En, K::RecordDeath) => "Death",
        (Lang::En, K::Expel) => "Expel",
        (Lang::En, K::AcceptResignation) => "Accept resignation",
        (Lang::En, K::Exempt) => "Exempt from party work",
        (Lang::En, K::Suspend) => "Suspend",
        (Lang::En, K::Discipline) => "Discipline",
        (Lang::En, K::IssueCard) => "Issue party card",
        (Lang::En, K::IntroduceToResidence) => "Introduce to the residence cell",
        (Lang::En, K::Rate) => "Annual grading",
    }
}

/// The label of a member's status.
pub(crate) fn member_status_label(lang: Lang, status: Option<MemberStatus>) -> &'static str {
    let Some(status) = status else { return UNKNOWN };
    match (lang, status) {
        (Lang::Vi, MemberStatus::NotAMember) => "Chưa là đảng viên",
        (Lang::Vi, MemberStatus::Probationary) => "Dự bị",
        (Lang::Vi, MemberStatus::Official) => "Chính thức",
        (Lang::En, MemberStatus::NotAMember) => "Not a member",
        (Lang::En, MemberStatus::Probationary) => "Probationary",
        (Lang::En, MemberStatus::Official) => "Official",
    }
}

/// The label of how a membership began.
pub(crate) fn member_origin_label(lang: Lang, origin: Option<MemberOrigin>) -> &'static str {
    let Some(origin) = origin else { return UNKNOWN };
    match (lang, origin) {
        (Lang::Vi, MemberOrigin::Admitted) => "Kết nạp tại đây",
        (Lang::Vi, MemberOrigin::Existing) => "Đảng viên từ trước",
        (Lang::Vi, MemberOrigin::TransferIn) => "Chuyển đến",
        (Lang::En, MemberOrigin::Admitted) => "Admitted here",
        (Lang::En, MemberOrigin::Existing) => "Existing member",
        (Lang::En, MemberOrigin::TransferIn) => "Transferred in",
    }
}

/// The label of a union resolution; `None` is no resolution.
pub(crate) fn union_resolution_label(
    lang: Lang,
    resolution: Option<UnionResolution>,
) -> &'static str {
    match (lang, resolution) {
        (Lang::Vi, None) => "Không",
        (Lang::Vi, Some(UnionResolution::YouthUnion)) => "Đoàn TNCS Hồ Chí Minh",
        (Lang::Vi, Some(UnionResolution::TradeUnion)) => "Công đoàn",
        (Lang::En, None) => "None",
        (Lang::En, Some(UnionResolution::YouthUnion)) => "Youth Union",
        (Lang::En, Some(UnionResolution::TradeUnion)) => "Trade union",
    }
}

/// A yes-or-no cell.
pub(crate) fn yes_no(lang: Lang, yes: bool) -> &'static str {
    match (lang, yes) {
        (Lang::Vi, true) => "Có",
        (Lang::Vi, false) => "Không",
        (Lang::En, true) => "Yes",
        (Lang::En, false) => "No",
    }
}

/// An optional text that is absent (no religion, say).
pub(crate) fn none(lang: Lang) -> &'static str {
    match lang {
        Lang::Vi => "Không",
        Lang::En => "None",
    }
}
