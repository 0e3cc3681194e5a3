//! The admission case: its states, the decisions that move it, and the order they must come in
//! (DESIGN §3, and §4's "order" row). The eligibility rules are in [`rules`].

pub mod rules;
mod shape;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    Error, Reason, Result,
    member::{self, Member},
    membership::MemberLife,
    org::OrgKind,
};
pub use super::{
    details::{AgeConsent, Details, Grade, Measure, Score, Sponsor, TransferKind, UnionResolution},
    kind::DecisionKind,
};

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
    /// The membership and what its decisions add up to: from an ADMIT, or as registered.
    pub member: Option<MemberLife>,
    applied: usize,
}

impl History {
    /// The history of a person with no decisions and the given membership.
    pub fn new(membership: Membership) -> Self {
        Self {
            cases: Vec::new(),
            membership,
            member: None,
            applied: 0,
        }
    }

    /// The history of a person registered as a member (member decisions start from the
    /// registration; admission decisions are replayed as if it were not there, see
    /// [`Self::membership`]).
    pub fn registered(member: Member) -> Self {
        Self {
            member: Some(MemberLife::new(member)),
            ..Self::new(Membership::None)
        }
    }

    /// Ready to judge a new decision: a registered member counts as a member (or a former one).
    pub fn judging(mut self) -> Self {
        if let Some(life) = &self.member {
            self.membership = if life.exit.is_some() {
                Membership::Former
            } else {
                Membership::Current
            };
        }
        self
    }

    /// Applies one decision (not a REVOKE): a member decision to the membership, any other to the
    /// cases ([`Self::apply`]).
    pub fn apply_decision(
        &mut self,
        details: &Details,
        date: NaiveDate,
        cell_kind: OrgKind,
    ) -> Result<()> {
        let kind = details.kind();
        if !kind.is_member_decision() {
            return self.apply(kind, date, cell_kind);
        }
        let Some(life) = self.member.as_mut() else {
            return Err(Error::refused(
                Reason::IllegalTransition,
                format!(
                    "Không thể ghi \"{}\": người này không phải đảng viên",
                    kind.label_vi()
                ),
                format!(
                    "{} is not allowed: the person is not a member",
                    kind.as_str()
                ),
            ));
        };
        life.apply(details, date)?;
        if life.exit.is_some() {
            self.membership = Membership::Former;
        }
        self.applied += 1;
        Ok(())
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
            K::Admit => {
                self.membership = Membership::Current;
                self.member = Some(MemberLife::new(member::admitted(date)));
            }
            K::Nominate
            | K::RecognizeSympathizer
            | K::OpenDossier
            | K::ConcludeBackgroundCheck
            | K::RecordCommitteeVote
            | K::Reject
            | K::Withdraw
            | K::Drop
            | K::Revoke => {}
            K::HoldCeremony
            | K::RecordRecognitionVote
            | K::Recognize
            | K::StrikeOff
            | K::Transfer
            | K::RecordDeath
            | K::Expel
            | K::AcceptResignation
            | K::Exempt
            | K::Suspend
            | K::Discipline
            | K::IssueCard
            | K::IntroduceToResidence
            | K::Rate => {
                return Err(Error::Internal(format!(
                    "{} is a member decision",
                    kind.as_str()
                )));
            }
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
