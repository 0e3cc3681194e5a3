//! The member kinds with a last day (transfers, exemptions, suspensions): each shape, and the flags
//! that do not fit together.

use super::*;

#[test]
fn transfers_of_each_kind() {
    assert_eq!(
        details("transfer", &["--kind", "permanent", "--to", "CB09"]),
        Details::Transfer(pb::Transfer {
            transfer_kind: pb::TransferKind::Permanent as i32,
            to_org: "organizations/CB09".into(),
            until: None,
        })
    );
    // Out of the organisation: no destination.
    assert_eq!(
        details("transfer", &["--kind", "permanent"]),
        Details::Transfer(pb::Transfer {
            transfer_kind: pb::TransferKind::Permanent as i32,
            to_org: String::new(),
            until: None,
        })
    );
    assert_eq!(
        details("transfer", &["--kind", "internal", "--to", "CB02"]),
        Details::Transfer(pb::Transfer {
            transfer_kind: pb::TransferKind::Internal as i32,
            to_org: "organizations/CB02".into(),
            until: None,
        })
    );
    assert_eq!(
        details(
            "transfer",
            &["--kind", "temporary", "--until", "2024-12-31"]
        ),
        Details::Transfer(pb::Transfer {
            transfer_kind: pb::TransferKind::Temporary as i32,
            to_org: String::new(),
            until: day(2024, 12, 31),
        })
    );
}

#[test]
fn transfer_flags_that_do_not_fit_are_usage_errors() {
    let error = parse("transfer", &["--kind", "internal"]).unwrap_err();
    assert!(error.contains("--to <CELL_CODE>"), "{error}");
    let error = parse("transfer", &["--kind", "temporary", "--to", "CB05"]).unwrap_err();
    assert!(error.contains("--until <YYYY-MM-DD>"), "{error}");
    let error = parse("transfer", &["--to", "CB05"]).unwrap_err();
    assert!(error.contains("--kind <KIND>"), "{error}");
    assert!(parse("transfer", &["--kind", "sideways"]).is_err());
    assert_eq!(
        mistake(
            "transfer",
            &[
                "--kind",
                "permanent",
                "--to",
                "CB9",
                "--until",
                "2024-12-31"
            ]
        ),
        Mistake::UntilNotTemporary
    );
    let early = mistake(
        "transfer",
        &["--kind", "temporary", "--until", "2024-02-29"],
    );
    assert_eq!(
        early,
        Mistake::BeforeDecisionDate {
            flag: "--until",
            day: chrono::NaiveDate::from_ymd_opt(2024, 2, 29).unwrap(),
            date: chrono::NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
        }
    );
    assert_eq!(
        crate::i18n::mistake(Lang::Vi, &early),
        "--until (2024-02-29) trước ngày quyết định --date (2024-03-01): \
         hãy ghi một ngày từ 2024-03-01 trở đi"
    );
}

#[test]
fn exemptions_and_suspensions_may_be_open_ended() {
    assert_eq!(
        details("exempt", &["--until", "2025-03-01"]),
        Details::Exempt(pb::Exempt {
            until: day(2025, 3, 1)
        })
    );
    assert_eq!(
        details("exempt", &[]),
        Details::Exempt(pb::Exempt { until: None })
    );
    assert_eq!(
        details("suspend", &["--until", "2024-03-01"]),
        Details::Suspend(pb::Suspend {
            until: day(2024, 3, 1)
        })
    );
    assert_eq!(
        details("suspend", &[]),
        Details::Suspend(pb::Suspend { until: None })
    );
    for kind in ["exempt", "suspend"] {
        assert!(matches!(
            mistake(kind, &["--until", "2024-01-31"]),
            Mistake::BeforeDecisionDate {
                flag: "--until",
                ..
            }
        ));
    }
}
