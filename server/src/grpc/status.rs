//! The one mapping from the domain [`Error`] to a gRPC [`Status`] with `google.rpc` details.

use std::collections::HashMap;

use tonic::{Code, Status};
use tonic_types::{ErrorDetails, FieldViolation, LocalizedMessage, StatusExt};

use crate::domain::{Error, Msg};

/// `ErrorInfo.domain` of every error (DESIGN §2).
const DOMAIN: &str = "dangvien.v1";
/// The locale of the clerk's message.
const LOCALE: &str = "vi-VN";

impl From<Error> for Status {
    fn from(error: Error) -> Self {
        let reason = error.reason();
        let mut details = ErrorDetails::new();
        details.set_error_info(reason.as_str(), DOMAIN, HashMap::new());
        let (code, msg) = match error {
            Error::Invalid { ref violations, .. } => {
                tracing::debug!(%reason, "invalid request");
                // Each field carries its own Vietnamese text, so a client can show it per field.
                let fields = violations
                    .iter()
                    .map(|v| {
                        let mut field = FieldViolation::new(v.field.clone(), v.msg.en.clone());
                        field.reason = reason.as_str().to_owned();
                        field.localized_message =
                            Some(LocalizedMessage::new(LOCALE, v.msg.vi.clone()));
                        field
                    })
                    .collect::<Vec<_>>();
                details.set_bad_request(fields);
                (Code::InvalidArgument, message(&error))
            }
            Error::NotFound { msg, .. } => {
                tracing::debug!(%reason, "not found");
                (Code::NotFound, msg)
            }
            Error::AlreadyExists { msg, .. } => {
                tracing::debug!(%reason, "already exists");
                (Code::AlreadyExists, msg)
            }
            Error::Refused { msg, .. } => {
                tracing::info!(%reason, message = %msg.en, "refused");
                (Code::FailedPrecondition, msg)
            }
            Error::Rules { ref broken } => {
                tracing::info!(%reason, rules = broken.len(), "refused by the rulebook");
                for b in broken {
                    details.add_precondition_failure_violation(
                        b.reason.as_str(),
                        "decision",
                        b.msg.en.clone(),
                    );
                }
                (Code::FailedPrecondition, message(&error))
            }
            Error::Conflict { msg } => {
                tracing::info!(%reason, "conflict");
                (Code::Aborted, msg)
            }
            Error::Unauthenticated { msg } => {
                tracing::info!(%reason, "unauthenticated");
                (Code::Unauthenticated, msg)
            }
            Error::Denied { msg } => {
                tracing::info!(%reason, "permission denied");
                (Code::PermissionDenied, msg)
            }
            Error::Overloaded { msg } => {
                // Long enough for the calls in flight to finish, short enough to stay usable.
                details.set_retry_info(Some(std::time::Duration::from_millis(500)));
                (Code::ResourceExhausted, msg)
            }
            Error::NotReady => (
                Code::Unavailable,
                Msg::new(
                    "Máy chủ đang khởi động hoặc đang dừng; hãy thử lại sau ít giây",
                    "the server is starting or stopping; retry in a few seconds",
                ),
            ),
            Error::Loading { msg } => {
                // Polling a load is pointless faster than its steps advance.
                details.set_retry_info(Some(std::time::Duration::from_secs(5)));
                (Code::Unavailable, msg)
            }
            Error::Contended(detail) => {
                tracing::warn!(%detail, "contention outlasted the retries");
                details.set_retry_info(Some(std::time::Duration::from_millis(200)));
                (
                    Code::Unavailable,
                    Msg::new(
                        "Có thay đổi đồng thời trên cùng hồ sơ; chưa có gì được ghi, hãy gửi lại",
                        "concurrent changes collided; nothing was stored, send it again",
                    ),
                )
            }
            Error::Inconsistent { msg } => {
                tracing::error!(detail = %msg.en, "inconsistent figures");
                (Code::Internal, msg)
            }
            Error::Internal(detail) => {
                // The detail may name tables or values; it stays in the log.
                tracing::error!(%detail, "internal error");
                (
                    Code::Internal,
                    Msg::new(
                        "Lỗi nội bộ của máy chủ; chi tiết đã được ghi vào nhật ký máy chủ",
                        "internal server error; the details are in the server log",
                    ),
                )
            }
        };
        details.set_localized_message(LOCALE, msg.vi);
        Status::with_error_details(code, msg.en, details)
    }
}

/// The clerk's message of a refusal.
fn message(error: &Error) -> Msg {
    error
        .refusal()
        .unwrap_or_else(|| Msg::new(String::new(), String::new()))
}

/// Makes sure every reason the server can give is declared in the contract.
#[cfg(test)]
mod tests {
    use dangvien_proto::v1::ErrorReason;

    use super::*;
    use crate::domain::{FieldViolation as Violation, Reason};

    #[test]
    fn every_reason_is_in_the_contract() {
        for reason in Reason::ALL {
            assert!(
                ErrorReason::from_str_name(reason.as_str()).is_some(),
                "{reason} is missing from proto/dangvien/v1/error.proto"
            );
        }
    }

    #[test]
    fn every_reason_in_the_contract_is_one_the_server_knows() {
        // prost enums cannot be iterated; the contract's numbers stay well below 1000.
        let declared = (1..1000)
            .filter_map(|n| ErrorReason::try_from(n).ok())
            .map(|r| r.as_str_name());
        for name in declared {
            assert!(
                Reason::ALL.iter().any(|r| r.as_str() == name),
                "{name} is in error.proto but not in domain::Reason::ALL"
            );
        }
    }

    #[test]
    fn invalid_carries_field_violations_and_a_vietnamese_message() {
        let status: Status = Error::invalid(
            Reason::InvalidField,
            Violation::new(
                "organization.display_name",
                "không được để trống",
                "must not be empty",
            ),
        )
        .into();
        assert_eq!(status.code(), Code::InvalidArgument);
        let details = status.get_error_details();
        assert_eq!(details.error_info().unwrap().reason, "INVALID_FIELD");
        assert_eq!(details.error_info().unwrap().domain, DOMAIN);
        let bad = details.bad_request().unwrap();
        assert_eq!(bad.field_violations[0].field, "organization.display_name");
        let field_vi = bad.field_violations[0].localized_message.as_ref().unwrap();
        assert_eq!(field_vi.message, "không được để trống");
        let localized = details.localized_message().unwrap();
        assert_eq!(localized.locale, "vi-VN");
        assert!(localized.message.contains("không được để trống"));
    }

    #[test]
    fn broken_rules_are_all_listed_with_the_first_as_the_reason() {
        use crate::domain::error::Broken;
        let status: Status = Error::Rules {
            broken: vec![
                Broken::new(Reason::AgeOutOfRange, "quá tuổi", "too old"),
                Broken::new(
                    Reason::CellVoteBelowTwoThirds,
                    "thiếu phiếu",
                    "too few votes",
                ),
            ],
        }
        .into();
        assert_eq!(status.code(), Code::FailedPrecondition);
        let details = status.get_error_details();
        assert_eq!(details.error_info().unwrap().reason, "AGE_OUT_OF_RANGE");
        let listed: Vec<_> = details
            .precondition_failure()
            .unwrap()
            .violations
            .iter()
            .map(|v| v.r#type.as_str())
            .collect();
        assert_eq!(listed, ["AGE_OUT_OF_RANGE", "CELL_VOTE_BELOW_TWO_THIRDS"]);
        assert_eq!(
            details.localized_message().unwrap().message,
            "quá tuổi; thiếu phiếu"
        );
    }

    #[test]
    fn an_unfinished_load_is_unavailable_with_its_progress_and_a_pause() {
        let status: Status = Error::Loading {
            msg: Msg::new("đang nạp: bước 2/5", "still loading: step 2 of 5"),
        }
        .into();
        assert_eq!(status.code(), Code::Unavailable);
        assert_eq!(status.message(), "still loading: step 2 of 5");
        let details = status.get_error_details();
        assert_eq!(details.error_info().unwrap().reason, "LOAD_IN_PROGRESS");
        assert_eq!(
            details.localized_message().unwrap().message,
            "đang nạp: bước 2/5"
        );
        assert!(details.retry_info().unwrap().retry_delay.is_some());
    }

    #[test]
    fn access_refusals_have_their_codes_and_shed_calls_say_when_to_retry() {
        let msg = || Msg::new("vi", "en");
        let cases = [
            (
                Error::Unauthenticated { msg: msg() },
                Code::Unauthenticated,
                "TOKEN_INVALID",
            ),
            (
                Error::Denied { msg: msg() },
                Code::PermissionDenied,
                "ACCESS_DENIED",
            ),
            (
                Error::Overloaded { msg: msg() },
                Code::ResourceExhausted,
                "TOO_MANY_CALLS",
            ),
        ];
        for (error, code, reason) in cases {
            let status: Status = error.into();
            assert_eq!(status.code(), code);
            let details = status.get_error_details();
            assert_eq!(details.error_info().unwrap().reason, reason);
            assert_eq!(details.localized_message().unwrap().message, "vi");
            assert_eq!(
                details.retry_info().is_some(),
                code == Code::ResourceExhausted,
                "{reason}"
            );
        }
    }

    #[test]
    fn internal_errors_do_not_leak_details() {
        let status: Status =
            Error::Internal("database: UNIQUE constraint on secret_table".into()).into();
        assert_eq!(status.code(), Code::Internal);
        assert!(!status.message().contains("secret_table"));
    }
}
