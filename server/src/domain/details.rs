//! What a decision says beyond the common fields: one [`Details`] variant per kind, with the
//! value types they carry.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{kind::DecisionKind, org::OrgCode, person::ExternalId};

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

/// The kinds of `TRANSFER` (DESIGN §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransferKind {
    /// To a cell of another grassroots organisation, or out of the deployment.
    Permanent,
    /// To another cell of the same grassroots organisation.
    Internal,
    /// For a while; the member keeps counting where they were.
    Temporary,
}

/// Disciplinary measures short of expulsion.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Reprimand,
    Warning,
    RemovalFromPost,
}

/// The four grades of the annual grading.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    Excellent,
    Good,
    Completed,
    NotCompleted,
}

impl Grade {
    /// Every grade, best first.
    pub const ALL: [Grade; 4] = [
        Grade::Excellent,
        Grade::Good,
        Grade::Completed,
        Grade::NotCompleted,
    ];

    /// The stored and sync name.
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Excellent => "excellent",
            Grade::Good => "good",
            Grade::Completed => "completed",
            Grade::NotCompleted => "not_completed",
        }
    }

    /// The Vietnamese name.
    pub fn label_vi(self) -> &'static str {
        match self {
            Grade::Excellent => "hoàn thành xuất sắc nhiệm vụ",
            Grade::Good => "hoàn thành tốt nhiệm vụ",
            Grade::Completed => "hoàn thành nhiệm vụ",
            Grade::NotCompleted => "không hoàn thành nhiệm vụ",
        }
    }
}

/// A 100-point grading score, kept in hundredths so that details stay comparable for equality
/// (a replayed request or an imported line must compare equal to what was stored).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Score(u32);

impl Score {
    /// A score from its decimal value: `None` when it is not a finite number in 0–100 with at most
    /// two decimals.
    pub fn from_f64(value: f64) -> Option<Self> {
        if !value.is_finite() || !(0.0..=100.0).contains(&value) {
            return None;
        }
        let hundredths = (value * 100.0).round();
        if (hundredths - value * 100.0).abs() > 1e-6 {
            return None;
        }
        // In range by the check above.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Some(Score(hundredths as u32))
    }

    /// Its decimal value.
    pub fn as_f64(self) -> f64 {
        f64::from(self.0) / 100.0
    }

    /// A whole number of points.
    pub const fn points(points: u32) -> Self {
        Score(points * 100)
    }
}

impl Serialize for Score {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.as_f64())
    }
}

impl<'de> Deserialize<'de> for Score {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = f64::deserialize(deserializer)?;
        Score::from_f64(value)
            .ok_or_else(|| serde::de::Error::custom(format!("score {value} is not 0–100")))
    }
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
    HoldCeremony,
    RecordRecognitionVote {
        votes_for: u32,
        votes_against: u32,
        full_members: u32,
    },
    Recognize {
        extended: bool,
    },
    StrikeOff,
    Transfer {
        transfer_kind: TransferKind,
        /// The destination cell; `None` for a permanent transfer out of the deployment (and
        /// optionally for a temporary one).
        to_org: Option<OrgCode>,
        /// The last day of a temporary transfer.
        until: Option<NaiveDate>,
    },
    RecordDeath,
    Expel,
    AcceptResignation,
    Exempt {
        until: Option<NaiveDate>,
    },
    Suspend {
        until: Option<NaiveDate>,
    },
    Discipline {
        measure: Measure,
    },
    IssueCard {
        card_number: String,
    },
    IntroduceToResidence {
        residence_cell: String,
        reported_date: Option<NaiveDate>,
    },
    Rate {
        year: i32,
        grade: Grade,
        score: Option<Score>,
    },
}

impl Details {
    /// The cell a permanent or internal TRANSFER moves the member to; `None` for every other
    /// decision (a temporary transfer moves nobody, one out of the deployment has no cell).
    pub fn moves_member_to(&self) -> Option<&OrgCode> {
        if let Details::Transfer {
            transfer_kind: TransferKind::Permanent | TransferKind::Internal,
            to_org,
            ..
        } = self
        {
            to_org.as_ref()
        } else {
            None
        }
    }

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
            Details::HoldCeremony => DecisionKind::HoldCeremony,
            Details::RecordRecognitionVote { .. } => DecisionKind::RecordRecognitionVote,
            Details::Recognize { .. } => DecisionKind::Recognize,
            Details::StrikeOff => DecisionKind::StrikeOff,
            Details::Transfer { .. } => DecisionKind::Transfer,
            Details::RecordDeath => DecisionKind::RecordDeath,
            Details::Expel => DecisionKind::Expel,
            Details::AcceptResignation => DecisionKind::AcceptResignation,
            Details::Exempt { .. } => DecisionKind::Exempt,
            Details::Suspend { .. } => DecisionKind::Suspend,
            Details::Discipline { .. } => DecisionKind::Discipline,
            Details::IssueCard { .. } => DecisionKind::IssueCard,
            Details::IntroduceToResidence { .. } => DecisionKind::IntroduceToResidence,
            Details::Rate { .. } => DecisionKind::Rate,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_keep_two_decimals_and_stay_in_range() {
        assert_eq!(Score::from_f64(87.5).map(Score::as_f64), Some(87.5));
        assert_eq!(Score::from_f64(100.0), Some(Score::points(100)));
        assert_eq!(Score::from_f64(90.0), Some(Score::points(90)));
        assert!(Score::from_f64(100.01).is_none());
        assert!(Score::from_f64(-1.0).is_none());
        assert!(Score::from_f64(f64::NAN).is_none());
        assert!(Score::from_f64(80.125).is_none());
        let json = serde_json::to_string(&Score::from_f64(72.25)).unwrap();
        assert_eq!(json, "72.25");
        assert!(serde_json::from_str::<Score>("101").is_err());
    }
}
