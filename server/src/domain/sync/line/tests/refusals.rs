//! What a line is refused for, with which reason and which field names.

use super::{COMMON, D};
use crate::domain::{Error, Reason, sync::line::parse};

const ORG: &str = r#"{"kind":"org","code":"KHOI","name":"Đảng bộ Khối","org_kind":"bloc","parent":null,"sector":"state_agency","valid_from":"2015-01-01"}"#;
const PERSON: &str = r#"{"kind":"person","external_id":"P000001","full_name":"Nguyễn Thị Lan","gender":"female","birth_date":"1996-04-12","ethnicity":"Kinh","religion":null,"education":"upper_secondary","youth_union":true,"trade_union":false,"org":"CB0001"}"#;
const MEMBER: &str = r#"{"kind":"member","person":"P000002","admission_date":"2009-05-19","ceremony_date":"2009-06-01","status":"official","origin":"existing"}"#;
const TARGET: &str = r#"{"kind":"target","org":"KHOI","year":2022,"admissions":150}"#;

/// The reason and the field of each violation of a refused line.
fn refusal(line: &str) -> (Reason, Vec<String>) {
    match parse(line) {
        Err(Error::Invalid { reason, violations }) => {
            for v in &violations {
                assert!(
                    !v.msg.vi.is_empty() && !v.msg.en.is_empty() && v.msg.vi != v.msg.en,
                    "{v:?}"
                );
            }
            (reason, violations.into_iter().map(|v| v.field).collect())
        }
        other => panic!("{line}\nwas not refused as malformed: {other:?}"),
    }
}

/// The fields a line is refused for with `INVALID_FIELD`.
fn invalid(line: &str) -> Vec<String> {
    let (reason, fields) = refusal(line);
    assert_eq!(reason, Reason::InvalidField, "{line}");
    fields
}

/// `line` with `from` replaced by `to`.
fn edit(line: &str, from: &str, to: &str) -> String {
    assert!(line.contains(from), "{from} not in {line}");
    line.replacen(from, to, 1)
}

fn decision(kind: &str, rest: &str) -> String {
    format!(r#"{D}"{kind}",{COMMON}{rest}}}"#)
}

#[test]
fn a_line_that_is_not_an_object_of_a_known_kind_is_malformed() {
    for (line, field) in [
        ("", "line"),
        ("   ", "line"),
        (r#"{"kind":"org","#, "line"),
        (r#"{"kind":"target"} {"kind":"target"}"#, "line"),
        (r#"[{"kind":"org"}]"#, "line"),
        (r#""org""#, "line"),
        ("null", "line"),
        ("{}", "kind"),
        (r#"{"code":"KHOI"}"#, "kind"),
        (r#"{"kind":"organisation","code":"KHOI"}"#, "kind"),
        (r#"{"kind":"ORG"}"#, "kind"),
        (r#"{"kind":null}"#, "kind"),
        (r#"{"kind":1}"#, "kind"),
        (r#"{"kind":"org","kind":"org"}"#, "kind"),
    ] {
        assert_eq!(
            refusal(line),
            (Reason::MalformedLine, vec![field.to_owned()]),
            "{line}"
        );
    }
    let Err(Error::Invalid { violations, .. }) = parse(r#"{"kind":"orgs"}"#) else {
        panic!("not refused");
    };
    assert_eq!(
        violations[0].msg.en,
        "unknown kind \"orgs\" (refused); use one of: org, org_event, person, member, decision, target"
    );
}

#[test]
fn unknown_keys_are_refused_naming_the_keys_of_the_line() {
    assert_eq!(invalid(&edit(ORG, "}", r#","colour":"red"}"#)), ["colour"]);
    let Err(Error::Invalid { violations, .. }) = parse(&edit(TARGET, "}", r#","note":1}"#)) else {
        panic!("not refused");
    };
    assert_eq!(
        violations[0].msg.en,
        "not a key of a target line (unknown keys are refused); remove it. The keys are: kind, org, year, admissions"
    );
    // A key of another kind is unknown here.
    assert_eq!(
        invalid(&decision("nominate", r#","votes_for":3"#)),
        ["votes_for"]
    );
    // A reason is allowed on every kind: SubmitDecision keeps one given with any decision.
    assert!(parse(&decision("nominate", r#","reason":"x""#)).is_ok());
    assert_eq!(
        invalid(&decision("admit", r#","until":"2022-01-01""#)),
        ["until"]
    );
    let move_ =
        r#"{"kind":"org_event","event":"move","code":"CS07","date":"2025-07-01","parent":null}"#;
    assert_eq!(invalid(&edit(move_, "}", r#","into":"X"}"#)), ["into"]);
    let merge =
        r#"{"kind":"org_event","event":"merge","code":"CS07","date":"2025-07-01","into":"X"}"#;
    assert_eq!(invalid(&edit(merge, "}", r#","parent":null}"#)), ["parent"]);
    let dissolve = r#"{"kind":"org_event","event":"dissolve","code":"CS07","date":"2025-07-01"}"#;
    assert_eq!(
        invalid(&edit(dissolve, "}", r#","parent":null}"#)),
        ["parent"]
    );
    assert_eq!(
        invalid(&decision(
            "record_introductions",
            r#","sponsors":[{"person":"P2","known_since":"2020-01-01","role":"x"}],"union_resolution":null"#
        )),
        ["sponsors[0].role"]
    );
}

#[test]
fn missing_and_null_required_keys_are_refused() {
    assert_eq!(
        invalid(&edit(PERSON, r#""birth_date":"1996-04-12","#, "")),
        ["birth_date"]
    );
    assert_eq!(
        invalid(&edit(
            PERSON,
            r#""birth_date":"1996-04-12""#,
            r#""birth_date":null"#
        )),
        ["birth_date"]
    );
    assert_eq!(
        invalid(&edit(
            PERSON,
            r#","youth_union":true,"trade_union":false"#,
            ""
        )),
        ["youth_union", "trade_union"]
    );
    assert_eq!(
        invalid(&edit(MEMBER, r#","origin":"existing""#, "")),
        ["origin"]
    );
    assert_eq!(invalid(&edit(TARGET, r#","year":2022"#, "")), ["year"]);
    assert_eq!(
        invalid(&decision("record_course", r#","issuer":"Trung tâm""#)),
        ["certificate_number"]
    );
    assert_eq!(
        invalid(&decision("transfer", r#","to_org":null"#)),
        ["transfer_kind"]
    );
    assert_eq!(invalid(&decision("rate", "")), ["year", "grade"]);
    assert_eq!(
        invalid(&decision("discipline", r#","reason":"x""#)),
        ["measure"]
    );
    let no_body = edit(&decision("nominate", ""), r#","body":"CB0001""#, "");
    assert_eq!(invalid(&no_body), ["body"]);
    let no_kind = edit(&decision("nominate", ""), r#","decision":"nominate""#, "");
    assert_eq!(invalid(&no_kind), ["decision"]);
    assert_eq!(
        invalid(&decision(
            "record_cell_vote",
            r#","votes_for":3,"votes_against":0,"full_members":3,"age_consent":{"date":"2021-01-01"}"#
        )),
        ["age_consent.number"]
    );
}

#[test]
fn keys_whose_null_means_something_must_be_present() {
    assert_eq!(invalid(&edit(ORG, r#""parent":null,"#, "")), ["parent"]);
    assert_eq!(
        invalid(&edit(PERSON, r#""religion":null,"#, "")),
        ["religion"]
    );
    assert_eq!(
        invalid(&decision("transfer", r#","transfer_kind":"permanent""#)),
        ["to_org"]
    );
    assert_eq!(
        invalid(&decision("record_introductions", r#","sponsors":[]"#)),
        ["union_resolution"]
    );
    let move_ = r#"{"kind":"org_event","event":"move","code":"CS07","date":"2025-07-01"}"#;
    assert_eq!(invalid(move_), ["parent"]);
    // Present and null is accepted.
    assert!(
        parse(&decision(
            "transfer",
            r#","transfer_kind":"permanent","to_org":null"#
        ))
        .is_ok()
    );
}

#[test]
fn values_of_the_wrong_json_type_are_refused() {
    assert_eq!(
        invalid(&edit(
            PERSON,
            r#""youth_union":true"#,
            r#""youth_union":"yes""#
        )),
        ["youth_union"]
    );
    assert_eq!(
        invalid(&edit(PERSON, r#""youth_union":true"#, r#""youth_union":1"#)),
        ["youth_union"]
    );
    assert_eq!(invalid(&edit(TARGET, "2022", r#""2022""#)), ["year"]);
    assert_eq!(invalid(&edit(ORG, r#""KHOI""#, "7")), ["code"]);
    assert_eq!(
        invalid(&edit(ORG, r#""Đảng bộ Khối""#, r#"["Đảng bộ Khối"]"#)),
        ["name"]
    );
    assert_eq!(
        invalid(&decision("recognize_sympathizer", r#","mentors":"P2""#)),
        ["mentors"]
    );
    assert_eq!(
        invalid(&decision(
            "recognize_sympathizer",
            r#","mentors":["P2",3,"bad id"]"#
        )),
        ["mentors[1]", "mentors[2]"]
    );
    assert_eq!(
        invalid(&decision(
            "record_introductions",
            r#","sponsors":["P2"],"union_resolution":null"#
        )),
        ["sponsors[0]"]
    );
    assert_eq!(
        invalid(&decision(
            "record_cell_vote",
            r#","votes_for":3,"votes_against":0,"full_members":3,"age_consent":"102-CV""#
        )),
        ["age_consent"]
    );
    assert_eq!(
        invalid(&decision(
            "rate",
            r#","year":2021,"grade":"good","score":"90""#
        )),
        ["score"]
    );
}

#[test]
fn dates_must_be_exactly_year_month_day_on_the_calendar() {
    for bad in [
        "2021-3-5",
        "2021-03-5",
        "21-03-05",
        "2021/03/05",
        "2021-02-30",
        "2021-13-01",
        "0000-01-01",
        "2021-02-03T00:00:00Z",
        "2021-02-03 ",
        " 2021-02-03",
        "２０２１-02-03",
        "",
    ] {
        let line = edit(PERSON, "1996-04-12", bad);
        assert_eq!(invalid(&line), ["birth_date"], "{bad}");
    }
    assert_eq!(
        invalid(&edit(PERSON, r#""1996-04-12""#, "19960412")),
        ["birth_date"]
    );
    assert!(parse(&edit(PERSON, "1996-04-12", "2024-02-29")).is_ok());
    assert_eq!(
        invalid(&decision(
            "record_introductions",
            r#","sponsors":[{"person":"P2","known_since":"2020-01-01"},{"person":"P3","known_since":"2020-1-1"}],"union_resolution":null"#
        )),
        ["sponsors[1].known_since"]
    );
}

#[test]
fn enum_values_are_lower_snake_case_names() {
    for (line, field) in [
        (edit(ORG, r#""bloc""#, r#""Bloc""#), "org_kind"),
        (edit(ORG, r#""bloc""#, r#""BLOC""#), "org_kind"),
        (edit(ORG, "state_agency", "state-agency"), "sector"),
        (edit(PERSON, "female", "f"), "gender"),
        (edit(PERSON, "upper_secondary", "high_school"), "education"),
        (edit(MEMBER, r#""official""#, r#""active""#), "status"),
        (edit(MEMBER, "existing", "admitted"), "origin"),
        (edit(&decision("nominate", ""), r#""nominate""#, r#""NOMINATE""#), "decision"),
        (decision("transfer", r#","transfer_kind":"forever","to_org":null"#), "transfer_kind"),
        (decision("record_introductions", r#","sponsors":[],"union_resolution":"party""#), "union_resolution"),
        (decision("rate", r#","year":2021,"grade":"bad""#), "grade"),
        (decision("discipline", r#","measure":"fine","reason":"x""#), "measure"),
        (r#"{"kind":"org_event","event":"split","code":"CS07","date":"2025-07-01","parent":null}"#.to_owned(), "event"),
    ] {
        assert_eq!(invalid(&line), [field], "{line}");
    }
    let Err(Error::Invalid { violations, .. }) = parse(&edit(PERSON, "female", "f")) else {
        panic!("not refused");
    };
    assert_eq!(
        violations[0].msg.en,
        "unknown value \"f\"; use one of: male, female"
    );
}

#[test]
fn an_unknown_decision_kind_is_the_only_refusal_of_its_keys() {
    let line = decision("promote", r#","votes_for":3,"whatever":true"#);
    assert_eq!(invalid(&line), ["decision"]);
    let line = edit(&line, r#""P000001""#, r#""P 1""#);
    assert_eq!(invalid(&line), ["decision", "person"]);
}

#[test]
fn a_key_given_twice_is_refused_at_any_depth() {
    assert_eq!(
        invalid(&edit(
            TARGET,
            r#""year":2022"#,
            r#""year":2022,"year":2023"#
        )),
        ["year"]
    );
    assert_eq!(
        invalid(&edit(
            TARGET,
            r#""year":2022"#,
            r#""year":2022,"year":2022,"year":2022"#
        )),
        ["year"]
    );
    assert_eq!(
        invalid(&edit(
            ORG,
            r#""parent":null"#,
            r#""parent":null,"parent":"TINH""#
        )),
        ["parent"]
    );
    assert_eq!(
        invalid(&decision(
            "record_introductions",
            r#","sponsors":[{"person":"P2","person":"P3","known_since":"2020-01-01"}],"union_resolution":null"#
        )),
        ["sponsors[0].person"]
    );
    assert_eq!(invalid(&edit(ORG, "}", r#","x":1,"x":2}"#)), ["x", "x"]);
}

#[test]
fn whole_numbers_refuse_decimals_and_values_out_of_range() {
    for bad in [
        "1.5",
        "2022.0",
        "2e3",
        "2147483648",
        "-2147483649",
        "99999999999999999999",
    ] {
        assert_eq!(invalid(&edit(TARGET, "2022", bad)), ["year"], "{bad}");
    }
    for bad in ["-1", "1.5", "4294967296"] {
        let line = decision(
            "record_committee_vote",
            &format!(r#","votes_for":{bad},"members":11"#),
        );
        assert_eq!(invalid(&line), ["votes_for"], "{bad}");
    }
    let line = decision(
        "record_committee_vote",
        r#","votes_for":4294967295,"members":0"#,
    );
    assert!(parse(&line).is_ok());
    // Negative admissions are refused later, as SetTarget refuses them.
    assert!(parse(&edit(TARGET, "150", "-1")).is_ok());
}

#[test]
fn scores_follow_the_grading_scale() {
    for bad in ["100.5", "-1", "80.125", "1e3"] {
        let line = decision(
            "rate",
            &format!(r#","year":2021,"grade":"good","score":{bad}"#),
        );
        assert_eq!(invalid(&line), ["score"], "{bad}");
    }
}

#[test]
fn values_get_the_checks_the_rpcs_give_them() {
    assert_eq!(invalid(&edit(ORG, r#""KHOI""#, r#""KHỐI""#)), ["code"]);
    assert_eq!(invalid(&edit(ORG, r#""KHOI""#, r#""""#)), ["code"]);
    assert_eq!(
        invalid(&edit(ORG, r#""Đảng bộ Khối""#, r#""  ""#)),
        ["name"]
    );
    assert_eq!(
        invalid(&edit(PERSON, r#""P000001""#, r#""P 1""#)),
        ["external_id"]
    );
    assert_eq!(
        invalid(&edit(PERSON, r#""Kinh""#, r#""Sao Hỏa""#)),
        ["ethnicity"]
    );
    assert_eq!(
        invalid(&edit(PERSON, r#""religion":null"#, r#""religion":"Không""#)),
        ["religion"]
    );
    assert_eq!(
        invalid(&edit(PERSON, "}", r#","national_id":"12345"}"#)),
        ["national_id"]
    );
    assert_eq!(
        invalid(&edit(PERSON, "}", r#","national_id":"001 196 012 345"}"#)),
        ["national_id"]
    );
    assert_eq!(
        invalid(&decision(
            "issue_card",
            &format!(r#","card_number":"{}""#, "9".repeat(33))
        )),
        ["card_number"]
    );
    assert_eq!(
        invalid(&decision("revoke", r#","revokes":"D 2""#)),
        ["revokes"]
    );
    assert_eq!(
        invalid(&decision(
            "transfer",
            r#","transfer_kind":"internal","to_org":"CB 2""#
        )),
        ["to_org"]
    );
    // Blank optional text is none, as for the RPCs.
    assert!(
        parse(&edit(
            PERSON,
            "}",
            r#","national_id":"","professional_level":" "}"#
        ))
        .is_ok()
    );
}

#[test]
fn every_bad_key_of_a_line_is_listed_at_once() {
    let line = concat!(
        r#"{"kind":"person","external_id":"P000001","full_name":"","gender":"F","birth_date":"1996-4-12","#,
        r#""ethnicity":"Kinh","education":"upper_secondary","youth_union":"true","#,
        r#""org":"CB0001","org":"CB0002","nickname":"Lan"}"#,
    );
    assert_eq!(
        invalid(line),
        [
            "org",
            "full_name",
            "gender",
            "birth_date",
            "religion",
            "youth_union",
            "trade_union",
            "nickname"
        ]
    );
}

#[test]
fn a_line_with_very_many_faults_lists_the_first_ones() {
    let keys: String = (0..200_000)
        .map(|i| format!(r#","k{i}":1,"k{i}":2"#))
        .collect();
    let line = edit(TARGET, "}", &format!("{keys}}}"));
    let started = std::time::Instant::now();
    let fields = invalid(&line);
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert_eq!(fields.len(), 51);
    assert_eq!(fields[..2], ["k0", "k1"]);
    assert_eq!(fields[50], "line");
    let ids: String = (0..1000).map(|_| r#""bad id","#).collect();
    let line = decision(
        "recognize_sympathizer",
        &format!(r#","mentors":[{ids}"P1"]"#),
    );
    let fields = invalid(&line);
    assert_eq!(fields.len(), 51);
    assert_eq!(fields[49], "mentors[49]");
}
