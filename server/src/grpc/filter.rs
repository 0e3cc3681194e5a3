//! The `filter` of the List methods (a small subset of AIP-160): `field = value` terms joined by
//! `AND`, each field at most once; date fields also take `<`, `<=`, `>`, `>=`.

use dangvien_proto::v1 as pb;

use super::convert;
use chrono::NaiveDate;

use crate::{
    app::{DecisionScope, MemberFilter},
    domain::{
        Error, FieldViolation, Reason, Result,
        admission::{CaseState, DecisionKind},
        member::MemberStatus,
        org::OrgFilter,
        person::{PersonFilter, search_key},
    },
};

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Word(String),
    Text(String),
    Op(Op),
}

/// A comparison in a filter term.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Op {
    Eq,
    Lt,
    Le,
    Gt,
    Ge,
}

/// Parses an organisation filter: `kind = CELL`, `parent = "organizations/KHOI"`, `parent = ""`.
pub(super) fn org_filter(raw: &str) -> Result<OrgFilter> {
    let mut filter = OrgFilter {
        kind: None,
        parent: None,
        ancestor: None,
    };
    for (field, value) in terms(raw, &["kind", "parent", "ancestor"])? {
        if field == "ancestor" {
            filter.ancestor = Some(convert::org_name("filter", &value).map_err(violation)?);
        } else if field == "kind" {
            let wire = enum_value(
                &value,
                "ORGANIZATION_KIND_",
                pb::OrganizationKind::from_str_name,
            )
            .ok_or_else(|| {
                bad(
                    &format!("không có loại tổ chức \"{value}\""),
                    &format!("unknown organization kind \"{value}\""),
                )
            })?;
            filter.kind = Some(convert::kind("filter", wire as i32).map_err(violation)?);
        } else {
            filter.parent = Some(convert::optional_org_name("filter", &value).map_err(violation)?);
        }
    }
    Ok(filter)
}

/// Parses a person filter: `org = "organizations/CS01"`, `state = SYMPATHIZER` (with or without
/// `CASE_STATE_`, any case), `name = "nguyen van"`.
pub(super) fn people_filter(raw: &str) -> Result<PersonFilter> {
    let mut filter = PersonFilter::default();
    for (field, value) in terms(raw, &["org", "state", "name"])? {
        match field.as_str() {
            "org" => filter.org = Some(convert::org_name("filter", &value).map_err(violation)?),
            "state" => {
                let state = enum_value(&value, "CASE_STATE_", pb::CaseState::from_str_name)
                    .and_then(|wire| {
                        CaseState::ALL
                            .into_iter()
                            .find(|s| super::decisions::state_to_proto(*s) == wire)
                    })
                    .ok_or_else(|| {
                        bad(
                            &format!("không có bước hồ sơ \"{value}\""),
                            &format!("unknown case state \"{value}\""),
                        )
                    })?;
                filter.state = Some(state);
            }
            _ => {
                if search_key(&value).is_empty() {
                    return Err(bad(
                        "tên cần tìm để trống",
                        "the name to search for is empty",
                    ));
                }
                filter.name = Some(value);
            }
        }
    }
    Ok(filter)
}

/// Parses a decision filter: `person = "people/P1"` or `org = "organizations/CS01"`, and
/// optionally `kind = ADMIT` (with or without `DECISION_KIND_`).
pub(super) fn decision_filter(raw: &str) -> Result<(DecisionScope, Option<DecisionKind>)> {
    let (mut scope, mut kind) = (None, None);
    for (field, value) in terms(raw, &["person", "org", "kind"])? {
        match field.as_str() {
            "person" if scope.is_none() => {
                let id = convert::person_name("filter", &value).map_err(violation)?;
                scope = Some(DecisionScope::Person(id));
            }
            "org" if scope.is_none() => {
                let code = convert::org_name("filter", &value).map_err(violation)?;
                scope = Some(DecisionScope::Org(code));
            }
            "person" | "org" => {
                return Err(bad(
                    "chỉ lọc theo một người hoặc một tổ chức",
                    "filter by one person or one organization, not both",
                ));
            }
            _ => {
                let wire = enum_value(&value, "DECISION_KIND_", pb::DecisionKind::from_str_name);
                let found = DecisionKind::ALL
                    .into_iter()
                    .find(|k| Some(super::decisions::kind_to_proto(*k)) == wire);
                kind = Some(found.ok_or_else(|| {
                    bad(
                        &format!("không có loại quyết định \"{value}\""),
                        &format!("unknown decision kind \"{value}\""),
                    )
                })?);
            }
        }
    }
    let scope = scope.ok_or_else(|| {
        bad(
            "cần lọc theo một người (person = \"people/…\") hoặc một tổ chức (org = \"organizations/…\")",
            "filter by one person (person = \"people/…\") or one organization (org = \"organizations/…\")",
        )
    })?;
    Ok((scope, kind))
}

/// The value of a protobuf enum named with or without its `prefix`, in any case.
pub(super) fn enum_value<E>(value: &str, prefix: &str, parse: fn(&str) -> Option<E>) -> Option<E> {
    let upper = value.to_ascii_uppercase();
    if upper.starts_with(prefix) {
        parse(&upper)
    } else {
        parse(&format!("{prefix}{upper}"))
    }
}

/// Parses a member filter: `org = "organizations/CS01"`, `status = OFFICIAL` or `PROBATIONARY`,
/// and date ranges on `admission_date` and `official_date` (`>=`, `>`, `<=`, `<`, `=`).
pub(super) fn member_filter(raw: &str) -> Result<MemberFilter> {
    let mut filter = MemberFilter::default();
    let ranged = ["admission_date", "official_date"];
    for (field, op, value) in comparisons(raw, &["org", "status"], &ranged)? {
        match field.as_str() {
            "org" => filter.org = Some(convert::org_name("filter", &value).map_err(violation)?),
            "status" => {
                let status = match enum_value(
                    &value,
                    "MEMBER_STATUS_",
                    pb::MemberStatus::from_str_name,
                ) {
                    Some(pb::MemberStatus::Official) => MemberStatus::Official,
                    Some(pb::MemberStatus::Probationary) => MemberStatus::Probationary,
                    Some(pb::MemberStatus::Unspecified | pb::MemberStatus::NotAMember) | None => {
                        return Err(bad(
                            &format!(
                                "trạng thái \"{value}\" không dùng được; dùng OFFICIAL hoặc PROBATIONARY"
                            ),
                            &format!(
                                "status \"{value}\" cannot be listed; use OFFICIAL or PROBATIONARY"
                            ),
                        ));
                    }
                };
                filter.status = Some(status);
            }
            _ => {
                let day: NaiveDate = value.parse().map_err(|_| {
                    bad(
                        &format!("{field}: \"{value}\" không phải ngày dạng YYYY-MM-DD"),
                        &format!("{field}: \"{value}\" is not a YYYY-MM-DD date"),
                    )
                })?;
                let (from, to) = if field == "admission_date" {
                    (&mut filter.admitted_from, &mut filter.admitted_to)
                } else {
                    (&mut filter.official_from, &mut filter.official_to)
                };
                let (bound, day) = match op {
                    Op::Eq => {
                        *from = Some(day);
                        (to, Some(day))
                    }
                    Op::Ge => (from, Some(day)),
                    Op::Gt => (from, day.succ_opt()),
                    Op::Le => (to, Some(day)),
                    Op::Lt => (to, day.pred_opt()),
                };
                // Past the calendar's ends nothing can match; say so rather than drop the bound.
                let Some(day) = day else {
                    return Err(bad(
                        &format!("{field}: ngày \"{value}\" nằm ngoài lịch"),
                        &format!("{field}: \"{value}\" is at the end of the calendar"),
                    ));
                };
                *bound = Some(day);
            }
        }
    }
    Ok(filter)
}

/// The `field = value` terms of a filter joined by `AND`, each field at most once and among
/// `fields`; the empty filter has none.
pub(super) fn terms(raw: &str, fields: &[&str]) -> Result<Vec<(String, String)>> {
    comparisons(raw, fields, &[])?
        .into_iter()
        .map(|(field, op, value)| match op {
            Op::Eq => Ok((field, value)),
            Op::Lt | Op::Le | Op::Gt | Op::Ge => Err(bad(
                &format!("trường {field} chỉ so sánh bằng (=)"),
                &format!("field {field} takes only `=`"),
            )),
        })
        .collect()
}

/// The `field op value` terms of a filter joined by `AND`, among `fields`; a field of `ranged`
/// may appear once per comparison (`admission_date >= "2021-01-01" AND admission_date <= …`),
/// the others once.
pub(super) fn comparisons(
    raw: &str,
    fields: &[&str],
    ranged: &[&str],
) -> Result<Vec<(String, Op, String)>> {
    let tokens = lex(raw)?;
    if tokens.is_empty() {
        return Ok(Vec::new());
    }
    let mut terms: Vec<(String, Op, String)> = Vec::new();
    for term in tokens.split(|t| *t == Token::Word("AND".to_owned())) {
        let [
            Token::Word(field),
            Token::Op(op),
            Token::Word(value) | Token::Text(value),
        ] = term
        else {
            return Err(bad(
                "mỗi điều kiện phải có dạng trường = giá trị, nối bằng AND",
                "each term must be `field = value`, terms joined by AND",
            ));
        };
        let all: Vec<&str> = fields.iter().chain(ranged).copied().collect();
        if !all.contains(&field.as_str()) {
            let list = all.join(", ");
            return Err(bad(
                &format!("không lọc được theo \"{field}\"; dùng {list}"),
                &format!("cannot filter on \"{field}\"; use {list}"),
            ));
        }
        let repeated = terms
            .iter()
            .any(|(f, o, _)| f == field && (*o == *op || !ranged.contains(&field.as_str())));
        if repeated {
            return Err(bad(
                &format!("trường {field} chỉ được dùng một lần"),
                &format!("field {field} may appear only once"),
            ));
        }
        if *op != Op::Eq && !ranged.contains(&field.as_str()) {
            return Err(bad(
                &format!("trường {field} chỉ so sánh bằng (=)"),
                &format!("field {field} takes only `=`"),
            ));
        }
        terms.push((field.clone(), *op, value.clone()));
    }
    Ok(terms)
}

/// A malformed value inside a filter.
pub(super) fn violation(v: FieldViolation) -> Error {
    Error::invalid(
        Reason::InvalidFilter,
        FieldViolation {
            field: "filter".to_owned(),
            ..v
        },
    )
}

fn lex(raw: &str) -> Result<Vec<Token>> {
    let mut tokens = Vec::new();
    let mut chars = raw.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
        } else if c == '=' {
            chars.next();
            tokens.push(Token::Op(Op::Eq));
        } else if c == '<' || c == '>' {
            chars.next();
            let or_equal = chars.next_if_eq(&'=').is_some();
            tokens.push(Token::Op(match (c, or_equal) {
                ('<', false) => Op::Lt,
                ('<', true) => Op::Le,
                (_, false) => Op::Gt,
                (_, true) => Op::Ge,
            }));
        } else if c == '"' {
            chars.next();
            let mut text = String::new();
            loop {
                match chars.next() {
                    Some('"') => break,
                    Some('\\') => match chars.next() {
                        Some(escaped) => text.push(escaped),
                        None => return Err(unterminated()),
                    },
                    Some(other) => text.push(other),
                    None => return Err(unterminated()),
                }
            }
            tokens.push(Token::Text(text));
        } else {
            let mut word = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || matches!(c, '=' | '<' | '>' | '"') {
                    break;
                }
                word.push(c);
                chars.next();
            }
            tokens.push(Token::Word(word));
        }
    }
    Ok(tokens)
}

fn unterminated() -> Error {
    bad("thiếu dấu \" đóng chuỗi", "a quoted value is not closed")
}

pub(super) fn bad(vi: &str, en: &str) -> Error {
    Error::invalid(Reason::InvalidFilter, FieldViolation::new("filter", vi, en))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::org::{OrgCode, OrgKind};

    #[test]
    fn parses_kind_and_parent() {
        let f = org_filter(r#"kind = GRASSROOTS_CELL AND parent = "organizations/KHOI""#).unwrap();
        assert_eq!(f.kind, Some(OrgKind::GrassrootsCell));
        assert_eq!(f.parent, Some(Some(OrgCode::parse("f", "KHOI").unwrap())));
        let f = org_filter("kind=ORGANIZATION_KIND_CELL").unwrap();
        assert_eq!(f.kind, Some(OrgKind::Cell));
        let f = org_filter(r#"parent = """#).unwrap();
        assert_eq!(f.parent, Some(None));
        let f = org_filter(r#"ancestor = "organizations/CS01" AND kind = CELL"#).unwrap();
        assert_eq!(f.ancestor, Some(OrgCode::parse("f", "CS01").unwrap()));
        assert_eq!(
            org_filter("  ").unwrap(),
            OrgFilter {
                kind: None,
                parent: None,
                ancestor: None
            }
        );
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        for raw in [
            "kind",
            "kind = ",
            "kind = NOPE",
            "name = x",
            "kind = CELL AND kind = BLOC",
            "kind = CELL OR kind = BLOC",
            r#"parent = "organizations/KHOI"#,
            "parent = KHOI",
        ] {
            let err = org_filter(raw).unwrap_err();
            assert_eq!(err.reason(), Reason::InvalidFilter, "{raw}");
        }
    }

    #[test]
    fn parses_people_terms() {
        use crate::domain::org::OrgCode;
        let f = people_filter(
            r#"org = "organizations/CS01" AND state = sympathizer AND name = "Nguyễn Văn""#,
        )
        .unwrap();
        assert_eq!(f.org, Some(OrgCode::parse("f", "CS01").unwrap()));
        assert_eq!(f.state, Some(CaseState::Sympathizer));
        assert_eq!(f.name.as_deref(), Some("Nguyễn Văn"));
        let f = people_filter("state=CASE_STATE_CELL_APPROVED").unwrap();
        assert_eq!(f.state, Some(CaseState::CellApproved));
        assert_eq!(people_filter(" ").unwrap(), PersonFilter::default());
        for raw in [
            "org = CS01",
            "org = \"organizations/\"",
            "state = NOPE",
            "state = UNSPECIFIED",
            "name = \"  \"",
            "name = a AND name = b",
            "kind = CELL",
            "name = a OR name = b",
            "name",
        ] {
            let err = people_filter(raw).unwrap_err();
            assert_eq!(err.reason(), Reason::InvalidFilter, "{raw}");
        }
    }

    #[test]
    fn parses_decision_terms() {
        use crate::domain::{org::OrgCode, person::ExternalId};
        let (scope, kind) = decision_filter(r#"person = "people/P1" AND kind = admit"#).unwrap();
        assert_eq!(
            scope,
            DecisionScope::Person(ExternalId::parse("f", "P1").unwrap())
        );
        assert_eq!(kind, Some(DecisionKind::Admit));
        let (scope, kind) = decision_filter(r#"org = "organizations/CS01""#).unwrap();
        assert_eq!(
            scope,
            DecisionScope::Org(OrgCode::parse("f", "CS01").unwrap())
        );
        assert_eq!(kind, None);
        for raw in [
            "",
            "kind = ADMIT",
            r#"person = "people/P1" AND org = "organizations/CS01""#,
            r#"person = "people/P1" AND kind = NOPE"#,
            r#"person = "P1""#,
        ] {
            let err = decision_filter(raw).unwrap_err();
            assert_eq!(err.reason(), Reason::InvalidFilter, "{raw}");
        }
    }
}
