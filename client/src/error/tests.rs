//! Exit codes and messages of every failure, and how the server's error details are printed.

use std::collections::HashMap;

use tonic_types::{ErrorDetails, FieldViolation};

use super::*;

#[test]
fn every_status_code_has_its_documented_exit_code() {
    let table = [
        (Code::Ok, 1),
        (Code::Cancelled, 1),
        (Code::Unknown, 1),
        (Code::InvalidArgument, 65),
        (Code::DeadlineExceeded, 69),
        (Code::NotFound, 4),
        (Code::AlreadyExists, 5),
        (Code::PermissionDenied, 77),
        (Code::ResourceExhausted, 1),
        (Code::FailedPrecondition, 3),
        (Code::Aborted, 5),
        (Code::OutOfRange, 65),
        (Code::Unimplemented, 1),
        (Code::Internal, 1),
        (Code::Unavailable, 69),
        (Code::DataLoss, 1),
        (Code::Unauthenticated, 77),
    ];
    for (code, expected) in table {
        assert_eq!(status_exit_code(code), expected, "{code:?}");
        assert_eq!(
            Error::from(Status::new(code, "x")).exit_code(),
            expected,
            "{code:?}"
        );
    }
}

#[test]
fn local_failures_have_their_exit_codes() {
    let connect = Error::Connect {
        server: "http://127.0.0.1:1".into(),
        detail: "refused".into(),
    };
    assert_eq!(connect.exit_code(), 69);
    assert_eq!(
        connect.message(Lang::Vi).unwrap(),
        "Không kết nối được máy chủ http://127.0.0.1:1: refused"
    );
    let timeout = Error::Timeout {
        server: "http://x".into(),
        seconds: 2.0,
    };
    assert_eq!(timeout.exit_code(), 69);
    let root = Error::RootNotFound {
        code: "KHOI".into(),
        as_of: None,
    };
    assert_eq!(root.exit_code(), 4);
    let pipe = Error::Output(io::Error::from(io::ErrorKind::BrokenPipe));
    assert_eq!(pipe.exit_code(), 0);
    assert_eq!(pipe.message(Lang::Vi), None);
    let disk = Error::Output(io::Error::other("disk full"));
    assert_eq!(disk.exit_code(), 1);
}

fn refused_with_details() -> Status {
    let mut details = ErrorDetails::new();
    details.set_error_info("INVALID_FIELD", "dangvien.v1", HashMap::new());
    details.set_localized_message("vi-VN", "organization.display_name: không được để trống");
    details.add_bad_request_violation("organization.display_name", "must not be empty");
    Status::with_error_details(
        Code::InvalidArgument,
        "organization.display_name: must not be empty",
        details,
    )
}

#[test]
fn fields_are_listed_once_under_a_lead_line() {
    assert_eq!(
        status_message(&refused_with_details(), Lang::Vi),
        "Yêu cầu có trường chưa hợp lệ [INVALID_FIELD]\n  \
         - organization.display_name: must not be empty"
    );
}

#[test]
fn english_lists_the_fields_in_english() {
    assert_eq!(
        status_message(&refused_with_details(), Lang::En),
        "the request has invalid fields [INVALID_FIELD]\n  \
         - organization.display_name: must not be empty"
    );
}

#[test]
fn a_fields_own_vietnamese_text_is_preferred() {
    let mut violation = FieldViolation::new("organization.kind", "is required");
    violation.localized_message = Some(tonic_types::LocalizedMessage::new("vi-VN", "bắt buộc"));
    let mut details = ErrorDetails::new();
    details.set_bad_request(vec![violation]);
    let status = Status::with_error_details(Code::InvalidArgument, "bad", details);
    assert_eq!(
        status_message(&status, Lang::Vi),
        "Yêu cầu có trường chưa hợp lệ\n  - organization.kind: bắt buộc"
    );
    assert_eq!(
        status_message(&status, Lang::En),
        "the request has invalid fields\n  - organization.kind: is required"
    );
}

#[test]
fn vietnamese_falls_back_to_the_status_message() {
    let mut details = ErrorDetails::new();
    details.set_error_info("ETAG_MISMATCH", "dangvien.v1", HashMap::new());
    details.set_localized_message("en-US", "changed meanwhile");
    let status = Status::with_error_details(Code::Aborted, "stale etag", details);
    assert_eq!(
        status_message(&status, Lang::Vi),
        "stale etag [ETAG_MISMATCH]"
    );
    let bare = Status::new(Code::Internal, "");
    assert_eq!(
        status_message(&bare, Lang::En),
        "the server refused the request (gRPC code Internal)"
    );
}

fn refused_by_two_rules() -> Status {
    let mut details = ErrorDetails::new();
    details.set_error_info("AGE_OUT_OF_RANGE", "dangvien.v1", HashMap::new());
    details.set_localized_message("vi-VN", "Quá 60 tuổi; Chưa đủ hai phần ba số phiếu");
    details.add_precondition_failure_violation("AGE_OUT_OF_RANGE", "decision", "over 60");
    details.add_precondition_failure_violation(
        "CELL_VOTE_BELOW_TWO_THIRDS",
        "decision",
        "4 of 9 voted for; 6 needed",
    );
    Status::with_error_details(
        Code::FailedPrecondition,
        "over 60; 4 of 9 voted for; 6 needed",
        details,
    )
}

#[test]
fn every_broken_rule_gets_a_line() {
    let status = refused_by_two_rules();
    assert_eq!(
        status_message(&status, Lang::Vi),
        "Quá 60 tuổi; Chưa đủ hai phần ba số phiếu [AGE_OUT_OF_RANGE]\n  \
         - AGE_OUT_OF_RANGE\n  \
         - CELL_VOTE_BELOW_TWO_THIRDS"
    );
    assert_eq!(
        status_message(&status, Lang::En),
        "over 60; 4 of 9 voted for; 6 needed [AGE_OUT_OF_RANGE]\n  \
         - AGE_OUT_OF_RANGE\n  \
         - CELL_VOTE_BELOW_TWO_THIRDS"
    );
    let mut err = Vec::new();
    assert_eq!(Error::from(status).report(Lang::Vi, &mut err), 3);
    let err = String::from_utf8(err).unwrap();
    assert!(err.starts_with("lỗi: Quá 60 tuổi"), "{err}");
    assert_eq!(err.lines().count(), 3, "{err}");
}

#[test]
fn a_national_id_is_blotted_out_of_server_messages() {
    let mut details = ErrorDetails::new();
    details.set_error_info("NATIONAL_ID_TAKEN", "dangvien.v1", HashMap::new());
    details.set_localized_message("vi", "Số CCCD 001196012345 đã được dùng");
    let status = Status::with_error_details(
        Code::AlreadyExists,
        "national id 001196012345 is taken",
        details,
    );
    let error = Error::from(status).redact("001196012345");
    assert_eq!(error.exit_code(), 5);
    assert_eq!(
        error.message(Lang::Vi).unwrap(),
        "Số CCCD *** đã được dùng [NATIONAL_ID_TAKEN]"
    );
    assert_eq!(
        error.message(Lang::En).unwrap(),
        "national id *** is taken [NATIONAL_ID_TAKEN]"
    );
    // Nothing to hide: the error is left as it is.
    let kept = Error::from(Status::not_found("no person")).redact("");
    assert!(matches!(kept, Error::Status(_)));
    let malformed = Error::NationalIdMalformed;
    assert_eq!(malformed.exit_code(), 2);
    assert!(malformed.message(Lang::Vi).unwrap().contains("12 chữ số"));
}

#[test]
fn giving_up_keeps_the_last_failure_and_says_how_long_it_was_tried() {
    let gave_up = |last: Error| Error::GaveUp {
        attempts: 6,
        seconds: 2.04,
        last: Box::new(last),
    };
    let refused = gave_up(Error::Connect {
        server: "http://127.0.0.1:1".into(),
        detail: "refused".into(),
    });
    assert_eq!(refused.exit_code(), 69);
    assert_eq!(
        refused.message(Lang::Vi).unwrap(),
        "Không kết nối được máy chủ http://127.0.0.1:1: refused (đã thử 6 lần trong 2.0 giây; tăng --timeout để chờ lâu hơn)"
    );
    assert_eq!(
        refused.message(Lang::En).unwrap(),
        "cannot connect to the server http://127.0.0.1:1: refused (tried 6 times over 2.0 s; raise --timeout to wait longer)"
    );
    // The server's text inside is blotted out as it would be alone.
    let quoted = gave_up(Status::unavailable("id 001196012345 is not ready").into());
    let redacted = quoted.redact("001196012345");
    assert_eq!(redacted.exit_code(), 69);
    assert!(
        redacted
            .message(Lang::En)
            .unwrap()
            .starts_with("id *** is not ready (tried 6 times")
    );
}

#[test]
fn vietnamese_locales_are_recognised() {
    for yes in ["vi", "vi-VN", "VI_vn"] {
        assert!(is_vietnamese(yes), "{yes}");
    }
    for no in ["", "v", "en-US", "vie", "video"] {
        assert!(!is_vietnamese(no), "{no}");
    }
}

#[test]
fn flags_that_do_not_fit_together_are_usage_errors_saying_what_to_fix() {
    let day = |d| NaiveDate::from_ymd_opt(2024, 3, d).unwrap();
    let until = Error::from(Mistake::UntilNotTemporary);
    assert_eq!(until.exit_code(), 2);
    assert_eq!(
        until.message(Lang::Vi).unwrap(),
        "--until chỉ dùng khi chuyển tạm thời: bỏ --until, hoặc ghi --kind temporary"
    );
    let before = Error::from(Mistake::BeforeDecisionDate {
        flag: "--until",
        day: day(1),
        date: day(5),
    });
    assert_eq!(before.exit_code(), 2);
    assert_eq!(
        before.message(Lang::En).unwrap(),
        "--until (2024-03-01) is before the decision's --date (2024-03-05): \
         give a day on or after 2024-03-05"
    );
    let reversed = Error::from(Mistake::RangeReversed {
        from: "--admitted-from",
        to: "--admitted-to",
    });
    assert_eq!(reversed.exit_code(), 2);
    assert!(
        reversed
            .message(Lang::Vi)
            .unwrap()
            .starts_with("--admitted-from sau --admitted-to")
    );
    // Nothing of the server's to redact.
    assert!(matches!(reversed.redact("x"), Error::Usage(_)));
}

#[test]
fn sync_failures_have_their_documented_exit_codes() {
    let interrupted = Error::Interrupted {
        server: "http://s".into(),
        detail: "reset".into(),
    };
    assert_eq!(interrupted.exit_code(), 69);
    assert!(
        interrupted
            .message(Lang::En)
            .unwrap()
            .contains("run the same command again"),
    );
    let refused = Error::LinesRefused {
        count: 1234,
        rejects: PathBuf::from("today.jsonl.rejects.jsonl"),
    };
    assert_eq!(refused.exit_code(), 3);
    assert_eq!(
        refused.message(Lang::Vi).unwrap(),
        "1.234 dòng bị từ chối; danh sách kèm lý do ở today.jsonl.rejects.jsonl: sửa các dòng đó rồi nhập lại"
    );
    let input = Error::Input {
        path: PathBuf::from("-"),
        error: io::Error::other("gone"),
    };
    assert_eq!(input.exit_code(), 66);
    assert_eq!(
        input.message(Lang::En).unwrap(),
        "cannot read the file -: gone"
    );
}

#[test]
fn a_broken_stream_is_an_interruption_and_a_server_answer_is_not() {
    let broken = crate::api::stream_error("http://s", Status::unavailable("gone"));
    assert_eq!(broken.exit_code(), 69);
    assert!(matches!(broken, Error::Interrupted { .. }));
    let transport = Status::from_error(Box::new(io::Error::other("connection reset")));
    assert!(matches!(
        crate::api::stream_error("http://s", transport),
        Error::Interrupted { .. }
    ));
    let answer = crate::api::stream_error("http://s", Status::permission_denied("no"));
    assert_eq!(answer.exit_code(), 77);
}
