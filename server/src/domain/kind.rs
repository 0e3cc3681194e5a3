//! The kinds of decision (DESIGN §3): the admission steps, the member decisions, and REVOKE.

use serde::{Deserialize, Serialize};

/// Every decision kind, admission and member alike.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecisionKind {
    Nominate,
    RecognizeSympathizer,
    RecordCourse,
    OpenDossier,
    ConcludeBackgroundCheck,
    RecordIntroductions,
    RecordCellVote,
    RecordCommitteeVote,
    Admit,
    Reject,
    Withdraw,
    Drop,
    Revoke,
    HoldCeremony,
    RecordRecognitionVote,
    Recognize,
    StrikeOff,
    Transfer,
    RecordDeath,
    Expel,
    AcceptResignation,
    Exempt,
    Suspend,
    Discipline,
    IssueCard,
    IntroduceToResidence,
    Rate,
}

impl DecisionKind {
    /// Every kind.
    pub const ALL: [DecisionKind; 27] = [
        DecisionKind::Nominate,
        DecisionKind::RecognizeSympathizer,
        DecisionKind::RecordCourse,
        DecisionKind::OpenDossier,
        DecisionKind::ConcludeBackgroundCheck,
        DecisionKind::RecordIntroductions,
        DecisionKind::RecordCellVote,
        DecisionKind::RecordCommitteeVote,
        DecisionKind::Admit,
        DecisionKind::Reject,
        DecisionKind::Withdraw,
        DecisionKind::Drop,
        DecisionKind::Revoke,
        DecisionKind::HoldCeremony,
        DecisionKind::RecordRecognitionVote,
        DecisionKind::Recognize,
        DecisionKind::StrikeOff,
        DecisionKind::Transfer,
        DecisionKind::RecordDeath,
        DecisionKind::Expel,
        DecisionKind::AcceptResignation,
        DecisionKind::Exempt,
        DecisionKind::Suspend,
        DecisionKind::Discipline,
        DecisionKind::IssueCard,
        DecisionKind::IntroduceToResidence,
        DecisionKind::Rate,
    ];

    /// The stored and sync name (`recognize_sympathizer`).
    pub fn as_str(self) -> &'static str {
        match self {
            DecisionKind::Nominate => "nominate",
            DecisionKind::RecognizeSympathizer => "recognize_sympathizer",
            DecisionKind::RecordCourse => "record_course",
            DecisionKind::OpenDossier => "open_dossier",
            DecisionKind::ConcludeBackgroundCheck => "conclude_background_check",
            DecisionKind::RecordIntroductions => "record_introductions",
            DecisionKind::RecordCellVote => "record_cell_vote",
            DecisionKind::RecordCommitteeVote => "record_committee_vote",
            DecisionKind::Admit => "admit",
            DecisionKind::Reject => "reject",
            DecisionKind::Withdraw => "withdraw",
            DecisionKind::Drop => "drop",
            DecisionKind::Revoke => "revoke",
            DecisionKind::HoldCeremony => "hold_ceremony",
            DecisionKind::RecordRecognitionVote => "record_recognition_vote",
            DecisionKind::Recognize => "recognize",
            DecisionKind::StrikeOff => "strike_off",
            DecisionKind::Transfer => "transfer",
            DecisionKind::RecordDeath => "record_death",
            DecisionKind::Expel => "expel",
            DecisionKind::AcceptResignation => "accept_resignation",
            DecisionKind::Exempt => "exempt",
            DecisionKind::Suspend => "suspend",
            DecisionKind::Discipline => "discipline",
            DecisionKind::IssueCard => "issue_card",
            DecisionKind::IntroduceToResidence => "introduce_to_residence",
            DecisionKind::Rate => "rate",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The Vietnamese name of the decision.
    pub fn label_vi(self) -> &'static str {
        match self {
            DecisionKind::Nominate => "Đưa vào kế hoạch tạo nguồn",
            DecisionKind::RecognizeSympathizer => "Công nhận đối tượng cảm tình Đảng",
            DecisionKind::RecordCourse => "Hoàn thành lớp bồi dưỡng nhận thức về Đảng",
            DecisionKind::OpenDossier => "Nhận đơn và lý lịch",
            DecisionKind::ConcludeBackgroundCheck => "Kết luận thẩm tra lý lịch",
            DecisionKind::RecordIntroductions => "Giới thiệu của đảng viên và đoàn thể",
            DecisionKind::RecordCellVote => "Nghị quyết chi bộ đề nghị kết nạp",
            DecisionKind::RecordCommitteeVote => "Nghị quyết đảng ủy cơ sở đề nghị kết nạp",
            DecisionKind::Admit => "Quyết định kết nạp",
            DecisionKind::Reject => "Không kết nạp",
            DecisionKind::Withdraw => "Rút hồ sơ",
            DecisionKind::Drop => "Đưa ra khỏi danh sách",
            DecisionKind::Revoke => "Hủy quyết định",
            DecisionKind::HoldCeremony => "Tổ chức lễ kết nạp",
            DecisionKind::RecordRecognitionVote => "Nghị quyết chi bộ đề nghị công nhận chính thức",
            DecisionKind::Recognize => "Quyết định công nhận đảng viên chính thức",
            DecisionKind::StrikeOff => "Xóa tên",
            DecisionKind::Transfer => "Chuyển sinh hoạt đảng",
            DecisionKind::RecordDeath => "Từ trần",
            DecisionKind::Expel => "Khai trừ",
            DecisionKind::AcceptResignation => "Cho ra khỏi Đảng",
            DecisionKind::Exempt => "Miễn công tác và sinh hoạt đảng",
            DecisionKind::Suspend => "Đình chỉ sinh hoạt đảng",
            DecisionKind::Discipline => "Kỷ luật",
            DecisionKind::IssueCard => "Phát thẻ đảng viên",
            DecisionKind::IntroduceToResidence => "Giới thiệu sinh hoạt nơi cư trú",
            DecisionKind::Rate => "Xếp loại chất lượng",
        }
    }

    /// Whether the decision concerns a member rather than an admission case.
    pub fn is_member_decision(self) -> bool {
        matches!(
            self,
            DecisionKind::HoldCeremony
                | DecisionKind::RecordRecognitionVote
                | DecisionKind::Recognize
                | DecisionKind::StrikeOff
                | DecisionKind::Transfer
                | DecisionKind::RecordDeath
                | DecisionKind::Expel
                | DecisionKind::AcceptResignation
                | DecisionKind::Exempt
                | DecisionKind::Suspend
                | DecisionKind::Discipline
                | DecisionKind::IssueCard
                | DecisionKind::IntroduceToResidence
                | DecisionKind::Rate
        )
    }

    /// Whether the decision must carry a document number (DESIGN §3).
    pub fn number_required(self) -> bool {
        !matches!(
            self,
            DecisionKind::Nominate
                | DecisionKind::OpenDossier
                | DecisionKind::HoldCeremony
                | DecisionKind::RecordDeath
        )
    }

    /// Whether the decision must give a reason (DESIGN §6).
    pub fn reason_required(self) -> bool {
        matches!(
            self,
            DecisionKind::Reject
                | DecisionKind::Withdraw
                | DecisionKind::Drop
                | DecisionKind::StrikeOff
                | DecisionKind::Expel
                | DecisionKind::Discipline
        )
    }
}
