//! The one error type of the server, with the reason and the clerk's message of every refusal.

use std::fmt;

/// The result of every fallible operation in the server.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The stable reasons carried in `google.rpc.ErrorInfo.reason` (see `proto/dangvien/v1/error.proto`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reason {
    InvalidField,
    InvalidFilter,
    InvalidPageToken,
    RequestIdReused,
    DateInFuture,
    OrgNotFound,
    OrgAlreadyExists,
    EtagMismatch,
    ParentKindNotAllowed,
    OrgCycle,
    OrgNotEmpty,
    DateBeforePreviousStep,
    OrgNotValidOnDate,
    IllegalTransition,
    ReadmissionNotSupported,
    BodyNotAllowed,
    AgeOutOfRange,
    EducationTooLow,
    CourseExpired,
    SponsorNotOfficial,
    SponsorNotInOrganization,
    SponsorTooRecent,
    YouthUnionResolutionRequired,
    UnionResolutionNotAllowed,
    SponsorCount,
    CellVoteBelowTwoThirds,
    CommitteeVoteBelowTwoThirds,
    DossierStale,
    NotACell,
    CellChangeNotAllowed,
    MergeTargetNotAllowed,
    ProbationNotEnded,
    TransferNotInternal,
    AlreadyRated,
    ExcellentQuotaExceeded,
    NotGradable,
    GradeScoreMismatch,
    PersonNotFound,
    MemberNotFound,
    DecisionNotFound,
    CaseNotFound,
    TargetNotFound,
    PersonAlreadyExists,
    NationalIdTaken,
    MemberAlreadyExists,
    DecisionAlreadyExists,
    DocumentAlreadyRecorded,
    BatchTooLarge,
    MalformedLine,
    RecordKeyReused,
    OrgChangeNeedsEvent,
    ImportOutOfOrder,
    TokenInvalid,
    AccessDenied,
    TooManyCalls,
    ServerNotReady,
    LoadInProgress,
    TryAgain,
    InternalError,
}

impl Reason {
    /// Every reason, for checks that the contract lists each one.
    pub const ALL: &'static [Reason] = &[
        Reason::InvalidField,
        Reason::InvalidFilter,
        Reason::InvalidPageToken,
        Reason::RequestIdReused,
        Reason::DateInFuture,
        Reason::OrgNotFound,
        Reason::OrgAlreadyExists,
        Reason::EtagMismatch,
        Reason::ParentKindNotAllowed,
        Reason::OrgCycle,
        Reason::OrgNotEmpty,
        Reason::DateBeforePreviousStep,
        Reason::OrgNotValidOnDate,
        Reason::IllegalTransition,
        Reason::ReadmissionNotSupported,
        Reason::BodyNotAllowed,
        Reason::AgeOutOfRange,
        Reason::EducationTooLow,
        Reason::CourseExpired,
        Reason::SponsorNotOfficial,
        Reason::SponsorNotInOrganization,
        Reason::SponsorTooRecent,
        Reason::YouthUnionResolutionRequired,
        Reason::UnionResolutionNotAllowed,
        Reason::SponsorCount,
        Reason::CellVoteBelowTwoThirds,
        Reason::CommitteeVoteBelowTwoThirds,
        Reason::DossierStale,
        Reason::NotACell,
        Reason::CellChangeNotAllowed,
        Reason::MergeTargetNotAllowed,
        Reason::ProbationNotEnded,
        Reason::TransferNotInternal,
        Reason::AlreadyRated,
        Reason::ExcellentQuotaExceeded,
        Reason::NotGradable,
        Reason::GradeScoreMismatch,
        Reason::PersonNotFound,
        Reason::MemberNotFound,
        Reason::DecisionNotFound,
        Reason::CaseNotFound,
        Reason::TargetNotFound,
        Reason::PersonAlreadyExists,
        Reason::NationalIdTaken,
        Reason::MemberAlreadyExists,
        Reason::DecisionAlreadyExists,
        Reason::DocumentAlreadyRecorded,
        Reason::BatchTooLarge,
        Reason::MalformedLine,
        Reason::RecordKeyReused,
        Reason::OrgChangeNeedsEvent,
        Reason::ImportOutOfOrder,
        Reason::TokenInvalid,
        Reason::AccessDenied,
        Reason::TooManyCalls,
        Reason::ServerNotReady,
        Reason::LoadInProgress,
        Reason::TryAgain,
        Reason::InternalError,
    ];

    /// The name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::InvalidField => "INVALID_FIELD",
            Reason::InvalidFilter => "INVALID_FILTER",
            Reason::InvalidPageToken => "INVALID_PAGE_TOKEN",
            Reason::RequestIdReused => "REQUEST_ID_REUSED",
            Reason::DateInFuture => "DATE_IN_FUTURE",
            Reason::OrgNotFound => "ORG_NOT_FOUND",
            Reason::OrgAlreadyExists => "ORG_ALREADY_EXISTS",
            Reason::EtagMismatch => "ETAG_MISMATCH",
            Reason::ParentKindNotAllowed => "PARENT_KIND_NOT_ALLOWED",
            Reason::OrgCycle => "ORG_CYCLE",
            Reason::OrgNotEmpty => "ORG_NOT_EMPTY",
            Reason::DateBeforePreviousStep => "DATE_BEFORE_PREVIOUS_STEP",
            Reason::OrgNotValidOnDate => "ORG_NOT_VALID_ON_DATE",
            Reason::IllegalTransition => "ILLEGAL_TRANSITION",
            Reason::ReadmissionNotSupported => "READMISSION_NOT_SUPPORTED",
            Reason::BodyNotAllowed => "BODY_NOT_ALLOWED",
            Reason::AgeOutOfRange => "AGE_OUT_OF_RANGE",
            Reason::EducationTooLow => "EDUCATION_TOO_LOW",
            Reason::CourseExpired => "COURSE_EXPIRED",
            Reason::SponsorNotOfficial => "SPONSOR_NOT_OFFICIAL",
            Reason::SponsorNotInOrganization => "SPONSOR_NOT_IN_ORGANIZATION",
            Reason::SponsorTooRecent => "SPONSOR_TOO_RECENT",
            Reason::YouthUnionResolutionRequired => "YOUTH_UNION_RESOLUTION_REQUIRED",
            Reason::UnionResolutionNotAllowed => "UNION_RESOLUTION_NOT_ALLOWED",
            Reason::SponsorCount => "SPONSOR_COUNT",
            Reason::CellVoteBelowTwoThirds => "CELL_VOTE_BELOW_TWO_THIRDS",
            Reason::CommitteeVoteBelowTwoThirds => "COMMITTEE_VOTE_BELOW_TWO_THIRDS",
            Reason::DossierStale => "DOSSIER_STALE",
            Reason::NotACell => "NOT_A_CELL",
            Reason::CellChangeNotAllowed => "CELL_CHANGE_NOT_ALLOWED",
            Reason::MergeTargetNotAllowed => "MERGE_TARGET_NOT_ALLOWED",
            Reason::ProbationNotEnded => "PROBATION_NOT_ENDED",
            Reason::TransferNotInternal => "TRANSFER_NOT_INTERNAL",
            Reason::AlreadyRated => "ALREADY_RATED",
            Reason::ExcellentQuotaExceeded => "EXCELLENT_QUOTA_EXCEEDED",
            Reason::NotGradable => "NOT_GRADABLE",
            Reason::GradeScoreMismatch => "GRADE_SCORE_MISMATCH",
            Reason::PersonNotFound => "PERSON_NOT_FOUND",
            Reason::MemberNotFound => "MEMBER_NOT_FOUND",
            Reason::DecisionNotFound => "DECISION_NOT_FOUND",
            Reason::CaseNotFound => "CASE_NOT_FOUND",
            Reason::TargetNotFound => "TARGET_NOT_FOUND",
            Reason::PersonAlreadyExists => "PERSON_ALREADY_EXISTS",
            Reason::NationalIdTaken => "NATIONAL_ID_TAKEN",
            Reason::MemberAlreadyExists => "MEMBER_ALREADY_EXISTS",
            Reason::DecisionAlreadyExists => "DECISION_ALREADY_EXISTS",
            Reason::DocumentAlreadyRecorded => "DOCUMENT_ALREADY_RECORDED",
            Reason::BatchTooLarge => "BATCH_TOO_LARGE",
            Reason::MalformedLine => "MALFORMED_LINE",
            Reason::RecordKeyReused => "RECORD_KEY_REUSED",
            Reason::OrgChangeNeedsEvent => "ORG_CHANGE_NEEDS_EVENT",
            Reason::ImportOutOfOrder => "IMPORT_OUT_OF_ORDER",
            Reason::TokenInvalid => "TOKEN_INVALID",
            Reason::AccessDenied => "ACCESS_DENIED",
            Reason::TooManyCalls => "TOO_MANY_CALLS",
            Reason::ServerNotReady => "SERVER_NOT_READY",
            Reason::LoadInProgress => "LOAD_IN_PROGRESS",
            Reason::TryAgain => "TRY_AGAIN",
            Reason::InternalError => "INTERNAL_ERROR",
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A message for people, in Vietnamese (what a clerk reads) and English (the status message).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Msg {
    /// Vietnamese, sent as the `vi-VN` `LocalizedMessage`.
    pub vi: String,
    /// English, sent as the status message.
    pub en: String,
}

impl Msg {
    /// A message in both languages.
    ///
    /// Values a caller sent come back cut to [`super::text::MAX_ECHO`] characters: a message
    /// must say what to fix, not return a 3 MB filter in the trailers.
    pub fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            vi: super::text::cut_echoes(vi.into()),
            en: super::text::cut_echoes(en.into()),
        }
    }
}

/// One malformed field of a request, named by its path in the request (`organization.display_name`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldViolation {
    /// Path of the field in the request message.
    pub field: String,
    /// What is wrong and what to send instead.
    pub msg: Msg,
}

impl FieldViolation {
    /// A violation of `field`.
    pub fn new(field: impl Into<String>, vi: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            field: super::text::cut_echoes(field.into()),
            msg: Msg::new(vi, en),
        }
    }
}

/// One broken rule: its reason and what the clerk must fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Broken {
    pub reason: Reason,
    pub msg: Msg,
}

impl Broken {
    /// A broken rule.
    pub fn new(reason: Reason, vi: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            reason,
            msg: Msg::new(vi, en),
        }
    }
}

/// Why a call did not succeed. Mapped to a gRPC status in exactly one place (`grpc::status`).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The request is malformed (`INVALID_ARGUMENT`); nothing was looked up.
    #[error("{reason}: {}", join_en(.violations))]
    Invalid {
        reason: Reason,
        violations: Vec<FieldViolation>,
    },
    /// A named resource does not exist (`NOT_FOUND`).
    #[error("{reason}: {}", .msg.en)]
    NotFound { reason: Reason, msg: Msg },
    /// The resource to create exists already (`ALREADY_EXISTS`).
    #[error("{reason}: {}", .msg.en)]
    AlreadyExists { reason: Reason, msg: Msg },
    /// A rule refuses the change in the current state (`FAILED_PRECONDITION`).
    #[error("{reason}: {}", .msg.en)]
    Refused { reason: Reason, msg: Msg },
    /// Rules of the rulebook refuse the decision (`FAILED_PRECONDITION`): the first is the
    /// reason, all are listed. Never empty.
    #[error("{}", join_broken(.broken))]
    Rules { broken: Vec<Broken> },
    /// The caller's etag is stale, or a concurrent change won (`ABORTED`).
    #[error("{}: {}", Reason::EtagMismatch, .msg.en)]
    Conflict { msg: Msg },
    /// The call names no known, unrevoked principal (`UNAUTHENTICATED`).
    #[error("{}: {}", Reason::TokenInvalid, .msg.en)]
    Unauthenticated { msg: Msg },
    /// The principal may not do this, or not there (`PERMISSION_DENIED`); said before
    /// anything about whether the resource exists.
    #[error("{}: {}", Reason::AccessDenied, .msg.en)]
    Denied { msg: Msg },
    /// Too many calls in flight (`RESOURCE_EXHAUSTED`); nothing was done.
    #[error("{}: {}", Reason::TooManyCalls, .msg.en)]
    Overloaded { msg: Msg },
    /// The server is starting or stopping (`UNAVAILABLE`).
    #[error("server not ready")]
    NotReady,
    /// A bulk load in this process is unfinished (`UNAVAILABLE`): figures read now would be
    /// those of half the records. The message says how far it got.
    #[error("{}: {}", Reason::LoadInProgress, .msg.en)]
    Loading { msg: Msg },
    /// Concurrent writers kept colliding (`UNAVAILABLE`); the change was rolled back and may be
    /// sent again.
    #[error("contention: {0}")]
    Contended(String),
    /// Anything unexpected (`INTERNAL`); the details go to the log, not to the caller.
    #[error("internal error: {0}")]
    Internal(String),
    /// Stored figures contradict each other (`INTERNAL`): the message names the organisation
    /// and the figure, so that the operator knows what to verify; it holds nothing else.
    #[error("inconsistent figures: {}", .msg.en)]
    Inconsistent { msg: Msg },
}

fn join_broken(broken: &[Broken]) -> String {
    broken
        .iter()
        .map(|b| format!("{}: {}", b.reason, b.msg.en))
        .collect::<Vec<_>>()
        .join("; ")
}

fn join_en(violations: &[FieldViolation]) -> String {
    violations
        .iter()
        .map(|v| format!("{}: {}", v.field, v.msg.en))
        .collect::<Vec<_>>()
        .join("; ")
}

impl Error {
    /// The broken rules, or `Ok(())` when there are none.
    pub fn check_rules(broken: Vec<Broken>) -> Result<()> {
        if broken.is_empty() {
            Ok(())
        } else {
            Err(Error::Rules { broken })
        }
    }

    /// One malformed field.
    pub fn invalid(reason: Reason, violation: FieldViolation) -> Self {
        Error::Invalid {
            reason,
            violations: vec![violation],
        }
    }

    /// Several malformed fields, or `Ok(())` when there are none.
    pub fn check_fields(violations: Vec<FieldViolation>) -> Result<()> {
        if violations.is_empty() {
            Ok(())
        } else {
            Err(Error::Invalid {
                reason: Reason::InvalidField,
                violations,
            })
        }
    }

    /// A rule refuses.
    pub fn refused(reason: Reason, vi: impl Into<String>, en: impl Into<String>) -> Self {
        Error::Refused {
            reason,
            msg: Msg::new(vi, en),
        }
    }

    /// The organisation `code` does not exist.
    pub fn org_not_found(code: &str) -> Self {
        Error::NotFound {
            reason: Reason::OrgNotFound,
            msg: Msg::new(
                format!("Không có tổ chức đảng mã {code}"),
                format!("no organization with code {code}"),
            ),
        }
    }

    /// The caller's etag is not the current one.
    pub fn stale_etag(what: &str) -> Self {
        Error::Conflict {
            msg: Msg::new(
                format!("{what} đã được người khác sửa; hãy xem lại rồi gửi lại"),
                format!("{what} was changed by someone else; read it again and resend"),
            ),
        }
    }

    /// What a clerk reads when the call was refused for its content — malformed, missing,
    /// existing, against a rule or stale — or `None` when it failed for another reason (the
    /// server, the database, contention) and may succeed if sent again.
    pub fn refusal(&self) -> Option<Msg> {
        match self {
            Error::Invalid { violations, .. } => {
                let joined = |lang: fn(&Msg) -> &str| {
                    violations
                        .iter()
                        .map(|v| format!("{}: {}", v.field, lang(&v.msg)))
                        .collect::<Vec<_>>()
                        .join("; ")
                };
                Some(Msg::new(joined(|m| &m.vi), joined(|m| &m.en)))
            }
            Error::Rules { broken } => {
                let joined = |lang: fn(&Msg) -> &str| {
                    broken
                        .iter()
                        .map(|b| lang(&b.msg))
                        .collect::<Vec<_>>()
                        .join("; ")
                };
                Some(Msg::new(joined(|m| &m.vi), joined(|m| &m.en)))
            }
            Error::NotFound { msg, .. }
            | Error::AlreadyExists { msg, .. }
            | Error::Refused { msg, .. }
            | Error::Conflict { msg }
            | Error::Unauthenticated { msg }
            | Error::Denied { msg } => Some(msg.clone()),
            Error::Overloaded { .. }
            | Error::NotReady
            | Error::Loading { .. }
            | Error::Contended(_)
            | Error::Internal(_)
            | Error::Inconsistent { .. } => None,
        }
    }

    /// The reason this error carries in `ErrorInfo`.
    pub fn reason(&self) -> Reason {
        match self {
            Error::Invalid { reason, .. }
            | Error::NotFound { reason, .. }
            | Error::AlreadyExists { reason, .. }
            | Error::Refused { reason, .. } => *reason,
            Error::Rules { broken } => broken.first().map_or(Reason::InternalError, |b| b.reason),
            Error::Conflict { .. } => Reason::EtagMismatch,
            Error::Unauthenticated { .. } => Reason::TokenInvalid,
            Error::Denied { .. } => Reason::AccessDenied,
            Error::Overloaded { .. } => Reason::TooManyCalls,
            Error::NotReady => Reason::ServerNotReady,
            Error::Loading { .. } => Reason::LoadInProgress,
            Error::Contended(_) => Reason::TryAgain,
            Error::Internal(_) | Error::Inconsistent { .. } => Reason::InternalError,
        }
    }
}
