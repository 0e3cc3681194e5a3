//! The admission case: its states, the decisions that move it, and the order they must come in
//! (DESIGN §3, and §4's "order" row). The eligibility rules are in [`rules`].

pub mod rules;
mod shape;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Error, Reason, Result, org::OrgKind, person::ExternalId};

/// The states of an admission case, in the order a case moves through them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseState {
    Candidate,
    Sympathizer,
    Trained,
    DossierOpen,
    Verified,
    Introduced,
    CellApproved,
    CommitteeApproved,
    Admitted,
    Rejected,
    Withdrawn,
    Dropped,
}

impl CaseState {
    /// Every state.
    pub const ALL: [CaseState; 12] = [
        CaseState::Candidate,
        CaseState::Sympathizer,
        CaseState::Trained,
        CaseState::DossierOpen,
        CaseState::Verified,
        CaseState::Introduced,
        CaseState::CellApproved,
        CaseState::CommitteeApproved,
        CaseState::Admitted,
        CaseState::Rejected,
        CaseState::Withdrawn,
        CaseState::Dropped,
    ];

    /// The stored name (`cell_approved`).
    pub fn as_str(self) -> &'static str {
        match self {
            CaseState::Candidate => "candidate",
            CaseState::Sympathizer => "sympathizer",
            CaseState::Trained => "trained",
            CaseState::DossierOpen => "dossier_open",
            CaseState::Verified => "verified",
            CaseState::Introduced => "introduced",
            CaseState::CellApproved => "cell_approved",
            CaseState::CommitteeApproved => "committee_approved",
            CaseState::Admitted => "admitted",
            CaseState::Rejected => "rejected",
            CaseState::Withdrawn => "withdrawn",
            CaseState::Dropped => "dropped",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Whether a case in this state is still open.
    pub fn is_open(self) -> bool {
        !matches!(
            self,
            CaseState::Admitted | CaseState::Rejected | CaseState::Withdrawn | CaseState::Dropped
        )
    }

    /// The Vietnamese name, as a clerk says it.
    pub fn label_vi(self) -> &'static str {
        match self {
            CaseState::Candidate => "quần chúng ưu tú trong kế hoạch tạo nguồn",
            CaseState::Sympathizer => "đối tượng cảm tình Đảng",
            CaseState::Trained => "đã học lớp bồi dưỡng nhận thức về Đảng",
            CaseState::DossierOpen => "đã nộp đơn và lý lịch",
            CaseState::Verified => "đã thẩm tra lý lịch",
            CaseState::Introduced => "đã có giới thiệu",
            CaseState::CellApproved => "chi bộ đã đề nghị kết nạp",
            CaseState::CommitteeApproved => "đảng ủy cơ sở đã đề nghị kết nạp",
            CaseState::Admitted => "đã kết nạp",
            CaseState::Rejected => "không được kết nạp",
            CaseState::Withdrawn => "đã rút hồ sơ",
            CaseState::Dropped => "đã đưa ra khỏi danh sách",
        }
    }
}

/// The kinds of admission decision (DESIGN §3).
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
}

impl DecisionKind {
    /// Every kind.
    pub const ALL: [DecisionKind; 13] = [
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
        }
    }

    /// Whether the decision must carry a document number (DESIGN §3).
    pub fn number_required(self) -> bool {
        !matches!(self, DecisionKind::Nominate | DecisionKind::OpenDossier)
    }

    /// Whether the decision must give a reason (DESIGN §6).
    pub fn reason_required(self) -> bool {
        matches!(
            self,
            DecisionKind::Reject | DecisionKind::Withdraw | DecisionKind::Drop
        )
    }
}

/// A sponsoring full member, as recorded by `RECORD_INTRODUCTIONS`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sponsor {
    pub person: ExternalId,
    /// Since when the sponsor has worked, studied or lived with the person.
    pub known_since: NaiveDate,
}

/// A union resolution introducing the person instead of a second sponsor.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnionResolution {
    YouthUnion,
    TradeUnion,
}

/// The provincial standing committee's written consent to admit a person over 60.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgeConsent {
    pub document_number: String,
    pub date: NaiveDate,
}

/// What a decision says beyond the common fields: one variant per kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Details {
    Nominate,
    RecognizeSympathizer {
        mentors: Vec<ExternalId>,
    },
    RecordCourse {
        certificate_number: String,
        issuer: String,
    },
    OpenDossier,
    ConcludeBackgroundCheck,
    RecordIntroductions {
        sponsors: Vec<Sponsor>,
        union_resolution: Option<UnionResolution>,
    },
    RecordCellVote {
        votes_for: u32,
        votes_against: u32,
        full_members: u32,
        age_consent: Option<AgeConsent>,
    },
    RecordCommitteeVote {
        votes_for: u32,
        members: u32,
    },
    Admit {
        extended: bool,
    },
    Reject,
    Withdraw,
    Drop,
    Revoke {
        revokes: ExternalId,
    },
}

impl Details {
    /// The kind of decision these details belong to.
    pub fn kind(&self) -> DecisionKind {
        match self {
            Details::Nominate => DecisionKind::Nominate,
            Details::RecognizeSympathizer { .. } => DecisionKind::RecognizeSympathizer,
            Details::RecordCourse { .. } => DecisionKind::RecordCourse,
            Details::OpenDossier => DecisionKind::OpenDossier,
            Details::ConcludeBackgroundCheck => DecisionKind::ConcludeBackgroundCheck,
            Details::RecordIntroductions { .. } => DecisionKind::RecordIntroductions,
            Details::RecordCellVote { .. } => DecisionKind::RecordCellVote,
            Details::RecordCommitteeVote { .. } => DecisionKind::RecordCommitteeVote,
            Details::Admit { .. } => DecisionKind::Admit,
            Details::Reject => DecisionKind::Reject,
            Details::Withdraw => DecisionKind::Withdraw,
            Details::Drop => DecisionKind::Drop,
            Details::Revoke { .. } => DecisionKind::Revoke,
        }
    }
}

/// What a run of decisions adds up to for one case.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Case {
    pub state: CaseState,
    /// The date of the decision that opened it.
    pub opened_on: NaiveDate,
    /// The date of its latest decision: the next may not be earlier.
    pub last_date: NaiveDate,
    /// The latest course certificate's date.
    pub latest_certificate: Option<NaiveDate>,
    /// The latest introductions' date.
    pub latest_introductions: Option<NaiveDate>,
    /// The cell resolution proposing admission.
    pub cell_vote: Option<NaiveDate>,
    /// The date it closed.
    pub closed_on: Option<NaiveDate>,
    /// Index, in the person's replayed decisions, of the one that opened it.
    pub first_decision: usize,
}

/// Where a person stands as a party member.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Membership {
    /// Never a member.
    #[default]
    None,
    /// A member now (admitted, or registered).
    Current,
    /// A member who has left (struck off, expelled, resigned, transferred out).
    Former,
}

/// A person's cases as the non-revoked decisions make them, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    /// Every case, oldest first; at most the last is open.
    pub cases: Vec<Case>,
    /// The person's membership as far as decisions go: admitted here, or registered (the app
    /// says so before judging a new decision; stored decisions are replayed without it, since a
    /// registration after a closed case does not make that case a readmission).
    pub membership: Membership,
    applied: usize,
}

impl History {
    /// The history of a person with no decisions and the given membership.
    pub fn new(membership: Membership) -> Self {
        Self {
            cases: Vec::new(),
            membership,
            applied: 0,
        }
    }

    /// The latest case, open or closed.
    pub fn latest(&self) -> Option<&Case> {
        self.cases.last()
    }

    /// The open case, if any.
    pub fn open_case(&self) -> Option<&Case> {
        self.latest().filter(|c| c.state.is_open())
    }

    /// Applies one decision (not a REVOKE): refused with `ILLEGAL_TRANSITION` (or
    /// `READMISSION_NOT_SUPPORTED`) when the case is not in one of the kind's "from" states, and
    /// with `DATE_BEFORE_PREVIOUS_STEP` when dated before the case's latest decision.
    /// `cell_kind` is the kind of the person's cell on `date`.
    pub fn apply(&mut self, kind: DecisionKind, date: NaiveDate, cell_kind: OrgKind) -> Result<()> {
        use CaseState as S;
        use DecisionKind as K;
        let index = self.applied;
        let open = self.open_case().cloned();
        let next = match (kind, open) {
            (K::Nominate | K::RecognizeSympathizer, None) => {
                match self.membership {
                    Membership::None => {}
                    Membership::Current => {
                        return Err(Error::refused(
                            Reason::IllegalTransition,
                            "Người này đang là đảng viên",
                            "this person is a party member",
                        ));
                    }
                    Membership::Former => {
                        return Err(Error::refused(
                            Reason::ReadmissionNotSupported,
                            "Người này từng là đảng viên; kết nạp lại chưa được hỗ trợ",
                            "this person was a party member; readmission is not supported yet",
                        ));
                    }
                }
                let state = if kind == K::Nominate {
                    S::Candidate
                } else {
                    S::Sympathizer
                };
                let case = Case {
                    state,
                    opened_on: date,
                    last_date: date,
                    latest_certificate: None,
                    latest_introductions: None,
                    cell_vote: None,
                    closed_on: None,
                    first_decision: index,
                };
                self.cases.push(case);
                self.applied += 1;
                return Ok(());
            }
            (_, None) => return Err(illegal(kind, None)),
            (_, Some(case)) => case,
        };
        let to = match (kind, next.state) {
            (K::RecognizeSympathizer, S::Candidate) => S::Sympathizer,
            (K::RecordCourse, S::Sympathizer) => S::Trained,
            (K::RecordCourse, s @ (S::Trained | S::DossierOpen | S::Verified | S::Introduced)) => s,
            (K::OpenDossier, S::Trained) => S::DossierOpen,
            (K::ConcludeBackgroundCheck, S::DossierOpen) => S::Verified,
            (K::RecordIntroductions, S::Verified | S::Introduced) => S::Introduced,
            (K::RecordCellVote, S::Introduced) => S::CellApproved,
            (K::RecordCommitteeVote, S::CellApproved) if cell_kind == OrgKind::Cell => {
                S::CommitteeApproved
            }
            (K::Admit, S::CommitteeApproved) => S::Admitted,
            (K::Admit, S::CellApproved) if cell_kind == OrgKind::GrassrootsCell => S::Admitted,
            (K::Reject, S::CellApproved | S::CommitteeApproved) => S::Rejected,
            (K::Withdraw, _) => S::Withdrawn,
            (K::Drop, _) => S::Dropped,
            (_, from) => return Err(illegal(kind, Some(from))),
        };
        if date < next.last_date {
            return Err(Error::refused(
                Reason::DateBeforePreviousStep,
                format!(
                    "Ngày {date} trước bước gần nhất của hồ sơ (ngày {}); ngày các bước không được lùi",
                    next.last_date
                ),
                format!(
                    "{date} is before the case's latest step ({}); dates never go backwards",
                    next.last_date
                ),
            ));
        }
        let mut case = next;
        case.state = to;
        case.last_date = date;
        match kind {
            K::RecordCourse => case.latest_certificate = Some(date),
            K::RecordIntroductions => case.latest_introductions = Some(date),
            K::RecordCellVote => case.cell_vote = Some(date),
            K::Admit => self.membership = Membership::Current,
            K::Nominate
            | K::RecognizeSympathizer
            | K::OpenDossier
            | K::ConcludeBackgroundCheck
            | K::RecordCommitteeVote
            | K::Reject
            | K::Withdraw
            | K::Drop
            | K::Revoke => {}
        }
        if !to.is_open() {
            case.closed_on = Some(date);
        }
        if let Some(last) = self.cases.last_mut() {
            *last = case;
        }
        self.applied += 1;
        Ok(())
    }
}

fn illegal(kind: DecisionKind, from: Option<CaseState>) -> Error {
    let (vi, en) = match from {
        None => (
            "người này không có hồ sơ đang mở".to_owned(),
            "the person has no open case".to_owned(),
        ),
        Some(state) => (
            format!("hồ sơ đang ở bước \"{}\"", state.label_vi()),
            format!("the case is {}", state.as_str()),
        ),
    };
    Error::refused(
        Reason::IllegalTransition,
        format!("Không thể ghi \"{}\": {vi}", kind.label_vi()),
        format!("{} is not allowed: {en}", kind.as_str()),
    )
}

#[cfg(test)]
mod tests;
