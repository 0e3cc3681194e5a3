//! Reading the keys of one JSON object of a line: each value judged by the domain's own checks,
//! missing, doubled and unknown keys refused, every violation of the object collected at once.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::json::Json;
use crate::domain::FieldViolation;

/// What a reader found wrong; never empty when returned as an error.
pub(super) type Wrong = Vec<FieldViolation>;

/// The most violations one line lists: a line with thousands of bad keys must not make the
/// server build (and send back) thousands of messages.
pub(super) const MAX_VIOLATIONS: usize = 50;

/// Adds `more` to `wrong`, up to [`MAX_VIOLATIONS`].
fn add(wrong: &mut Wrong, more: impl IntoIterator<Item = FieldViolation>) {
    let room = MAX_VIOLATIONS.saturating_sub(wrong.len());
    wrong.extend(more.into_iter().take(room));
}

/// Reads one value found under a key: gets the full field path and the value (never `null`).
pub(super) trait Read<'j, T>: FnOnce(&str, &'j Json) -> Result<T, Wrong> {}
impl<'j, T, F: FnOnce(&str, &'j Json) -> Result<T, Wrong>> Read<'j, T> for F {}

/// How the messages name the object being read (`a person line`, `a sponsor`).
#[derive(Clone, Debug)]
pub(super) struct What {
    pub(super) vi: String,
    pub(super) en: String,
}

impl What {
    pub(super) fn new(vi: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            vi: vi.into(),
            en: en.into(),
        }
    }

    /// A line, or a decision line, of `kind` (`dòng org`, `an org line`).
    pub(super) fn line(kind: &str, decision: bool) -> Self {
        let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        if decision {
            Self::new(
                format!("quyết định {kind}"),
                format!("{article} {kind} decision line"),
            )
        } else {
            Self::new(format!("dòng {kind}"), format!("{article} {kind} line"))
        }
    }
}

/// One JSON object being read.
#[derive(Debug)]
pub(super) struct Obj<'j> {
    /// Prefix of the field paths (`""`, `sponsors[1].`).
    prefix: String,
    what: What,
    entries: &'j [(String, Json)],
    /// The keys this object may hold, in the order they were looked up.
    known: Vec<&'static str>,
    /// Whether keys never looked up are refused; off when the object's shape is itself unknown
    /// (a decision of an unknown kind), which is reported instead.
    refuse_unknown: bool,
    wrong: Wrong,
}

/// A key's presence.
enum Found<'j> {
    Absent,
    Null,
    Value(&'j Json),
}

impl<'j> Obj<'j> {
    /// The object `entries`, whose fields are named `{prefix}{key}`; a key given twice is
    /// refused here, once.
    pub(super) fn new(prefix: String, what: What, entries: &'j [(String, Json)]) -> Self {
        let mut wrong = Vec::new();
        let mut times: HashMap<&str, usize> = HashMap::new();
        for (key, _) in entries {
            let seen = times.entry(key).or_default();
            *seen += 1;
            if *seen == 2 {
                add(
                    &mut wrong,
                    [FieldViolation::new(
                        format!("{prefix}{key}"),
                        "khóa được ghi hơn một lần; mỗi khóa chỉ ghi một lần",
                        "the key is given more than once; write each key once",
                    )],
                );
            }
        }
        Self {
            prefix,
            what,
            entries,
            known: Vec::new(),
            refuse_unknown: true,
            wrong,
        }
    }

    /// The object at `field`, or why the value is not one.
    pub(super) fn nested(field: &str, what: What, json: &'j Json) -> Result<Self, Wrong> {
        match json {
            Json::Object(entries) => Ok(Self::new(format!("{field}."), what, entries)),
            Json::Null | Json::Bool(_) | Json::Number(_) | Json::String(_) | Json::Array(_) => {
                Err(vec![expected(
                    field,
                    json,
                    &format!("một đối tượng {{…}} ({})", what.vi),
                    &format!("an object {{…}} ({})", what.en),
                )])
            }
        }
    }

    /// Renames the object in the messages (once its kind is known).
    pub(super) fn name(&mut self, what: What) {
        self.what = what;
    }

    /// Accepts `key` without reading it (the line's `kind`, read before).
    pub(super) fn known(&mut self, key: &'static str) {
        self.known.push(key);
    }

    /// Stops refusing keys never looked up.
    pub(super) fn keep_unknown(&mut self) {
        self.refuse_unknown = false;
    }

    fn field(&self, key: &str) -> String {
        format!("{}{key}", self.prefix)
    }

    fn find(&mut self, key: &'static str) -> Found<'j> {
        self.known.push(key);
        match self.entries.iter().find(|(k, _)| k == key) {
            None => Found::Absent,
            Some((_, Json::Null)) => Found::Null,
            Some((_, value)) => Found::Value(value),
        }
    }

    fn note(&mut self, violation: FieldViolation) {
        add(&mut self.wrong, [violation]);
    }

    fn take<T>(&mut self, read: Result<T, Wrong>) -> Option<T> {
        match read {
            Ok(value) => Some(value),
            Err(wrong) => {
                add(&mut self.wrong, wrong);
                None
            }
        }
    }

    /// A key that must hold a value.
    pub(super) fn required<T>(&mut self, key: &'static str, read: impl Read<'j, T>) -> Option<T> {
        let field = self.field(key);
        match self.find(key) {
            Found::Absent => {
                self.note(FieldViolation::new(
                    field,
                    format!("thiếu khóa bắt buộc của {}", self.what.vi),
                    format!("the key is required in {}; add it", self.what.en),
                ));
                None
            }
            Found::Null => {
                self.note(FieldViolation::new(
                    field,
                    "khóa này bắt buộc có giá trị, không được là null",
                    "the key needs a value; null is not allowed",
                ));
                None
            }
            Found::Value(value) => self.take(read(&field, value)),
        }
    }

    /// A key that may be left out; left out and `null` are the same. `None`: malformed.
    pub(super) fn optional<T>(
        &mut self,
        key: &'static str,
        read: impl Read<'j, T>,
    ) -> Option<Option<T>> {
        let field = self.field(key);
        match self.find(key) {
            Found::Absent | Found::Null => Some(None),
            Found::Value(value) => self.take(read(&field, value)).map(Some),
        }
    }

    /// A key whose `null` means something (DESIGN §6): it must be present, `null` allowed.
    pub(super) fn nullable<T>(
        &mut self,
        key: &'static str,
        read: impl Read<'j, T>,
    ) -> Option<Option<T>> {
        let field = self.field(key);
        match self.find(key) {
            Found::Absent => {
                self.note(FieldViolation::new(
                    field,
                    format!(
                        "khóa này phải có mặt trong {}, kể cả khi không có giá trị: khi đó ghi null",
                        self.what.vi
                    ),
                    format!(
                        "the key must be present in {}, even when empty: write null for none",
                        self.what.en
                    ),
                ));
                None
            }
            Found::Null => Some(None),
            Found::Value(value) => self.take(read(&field, value)).map(Some),
        }
    }

    /// What was read, or every violation: the unknown keys are refused now, after every reader
    /// has looked up its keys.
    pub(super) fn close<T>(mut self, read: Option<T>) -> Result<T, Wrong> {
        if self.refuse_unknown {
            let mut known = self.known.clone();
            known.dedup();
            let listed = known.join(", ");
            let mut seen: HashSet<&str> = known.into_iter().collect();
            for (key, _) in self.entries {
                if !seen.insert(key) {
                    continue;
                }
                let known = &listed;
                add(
                    &mut self.wrong,
                    [FieldViolation::new(
                        format!("{}{key}", self.prefix),
                        format!(
                            "khóa không có trong {}, bỏ khóa này đi; các khóa được dùng: {known}",
                            self.what.vi
                        ),
                        format!(
                            "not a key of {} (unknown keys are refused); remove it. The keys are: {known}",
                            self.what.en
                        ),
                    )],
                );
            }
        }
        match read {
            Some(value) if self.wrong.is_empty() => Ok(value),
            Some(_) => Err(self.wrong),
            None if !self.wrong.is_empty() => Err(self.wrong),
            // A reader gave up without saying why: name the object rather than accept it.
            None => Err(vec![FieldViolation::new(
                self.prefix.trim_end_matches('.').to_owned(),
                format!("không đọc được {}", self.what.vi),
                format!("{} could not be read", self.what.en),
            )]),
        }
    }
}

/// "must be {want}, got {what was sent}".
pub(super) fn expected(field: &str, got: &Json, want_vi: &str, want_en: &str) -> FieldViolation {
    let (got_vi, got_en) = got.type_names();
    FieldViolation::new(
        field,
        format!("phải là {want_vi}, nhận được {got_vi}"),
        format!("must be {want_en}, got {got_en}"),
    )
}

/// The text of a string value.
fn text_of<'j>(field: &str, json: &'j Json) -> Result<&'j str, Wrong> {
    match json {
        Json::String(s) => Ok(s),
        Json::Null | Json::Bool(_) | Json::Number(_) | Json::Array(_) | Json::Object(_) => Err(
            vec![expected(field, json, "chuỗi trong ngoặc kép", "a string")],
        ),
    }
}

/// A string checked by a domain parser (`OrgCode::parse`, `text::required`, …).
pub(super) fn string<'j, T>(
    check: impl Fn(&str, &'j str) -> Result<T, FieldViolation>,
) -> impl Fn(&str, &'j Json) -> Result<T, Wrong> {
    move |field: &str, json: &'j Json| check(field, text_of(field, json)?).map_err(|v| vec![v])
}

/// A string naming one of `names`, read by `parse`.
pub(super) fn one_of<'j, T>(
    parse: impl FnOnce(&str) -> Option<T>,
    names: &[&str],
) -> impl Read<'j, T> {
    let names = names.join(", ");
    move |field: &str, json: &'j Json| {
        let raw = text_of(field, json)?;
        parse(raw).ok_or_else(|| {
            vec![FieldViolation::new(
                field,
                format!("không có giá trị \"{raw}\"; dùng một trong: {names}"),
                format!("unknown value \"{raw}\"; use one of: {names}"),
            )]
        })
    }
}

/// A date written exactly `YYYY-MM-DD`, on the calendar, year 1–9999.
pub(super) fn date(field: &str, json: &Json) -> Result<NaiveDate, Wrong> {
    let raw = match json {
        Json::String(s) => s.as_str(),
        Json::Null | Json::Bool(_) | Json::Number(_) | Json::Array(_) | Json::Object(_) => {
            return Err(vec![expected(
                field,
                json,
                "ngày dạng chuỗi \"YYYY-MM-DD\"",
                "a date string \"YYYY-MM-DD\"",
            )]);
        }
    };
    let bytes = raw.as_bytes();
    let shaped = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        return Err(vec![FieldViolation::new(
            field,
            format!(
                "ngày phải viết đúng dạng YYYY-MM-DD, đủ hai chữ số tháng và ngày (ví dụ 2021-03-05), nhận được \"{raw}\""
            ),
            format!(
                "a date must be written exactly YYYY-MM-DD, with two-digit month and day (e.g. 2021-03-05), got \"{raw}\""
            ),
        )]);
    }
    // Digits only by the check above.
    let number = |range: std::ops::Range<usize>| raw[range].parse::<u32>().ok();
    let day = number(0..4)
        .zip(number(5..7))
        .zip(number(8..10))
        .filter(|((year, _), _)| *year >= 1)
        .and_then(|((year, month), day)| {
            NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
        });
    day.ok_or_else(|| {
        vec![FieldViolation::new(
            field,
            format!("ngày {raw} không có thật"),
            format!("{raw} is not a calendar date"),
        )]
    })
}

/// `true` or `false`.
pub(super) fn boolean(field: &str, json: &Json) -> Result<bool, Wrong> {
    match json {
        Json::Bool(b) => Ok(*b),
        Json::Null | Json::Number(_) | Json::String(_) | Json::Array(_) | Json::Object(_) => Err(
            vec![expected(field, json, "true hoặc false", "true or false")],
        ),
    }
}

/// A whole number from 0 to `u32::MAX` (a count of votes or members).
pub(super) fn count(field: &str, json: &Json) -> Result<u32, Wrong> {
    let value = whole(field, json, 0, u32::MAX.into())?;
    u32::try_from(value).map_err(|_| out_of_range(field, 0, u32::MAX.into()))
}

/// A whole number in the range of `i32` (a year, a number of admissions).
pub(super) fn int(field: &str, json: &Json) -> Result<i32, Wrong> {
    let (min, max) = (i32::MIN.into(), i32::MAX.into());
    let value = whole(field, json, min, max)?;
    i32::try_from(value).map_err(|_| out_of_range(field, min, max))
}

/// A whole number in `min..=max`. `1.5`, `2022.0` and `1e3` are refused: lines are written by
/// programs, which write whole numbers as such.
fn whole(field: &str, json: &Json, min: i64, max: i64) -> Result<i64, Wrong> {
    let Json::Number(n) = json else {
        return Err(vec![expected(field, json, "số nguyên", "a whole number")]);
    };
    n.as_i64()
        .filter(|v| (min..=max).contains(v))
        .ok_or_else(|| out_of_range(field, min, max))
}

fn out_of_range(field: &str, min: i64, max: i64) -> Wrong {
    vec![FieldViolation::new(
        field,
        format!("phải là số nguyên từ {min} đến {max}"),
        format!("must be a whole number from {min} to {max}"),
    )]
}

/// A number, integer or decimal.
pub(super) fn number(field: &str, json: &Json) -> Result<f64, Wrong> {
    match json {
        Json::Number(n) => n
            .as_f64()
            .ok_or_else(|| vec![expected(field, json, "một số", "a number")]),
        Json::Null | Json::Bool(_) | Json::String(_) | Json::Array(_) | Json::Object(_) => {
            Err(vec![expected(field, json, "một số", "a number")])
        }
    }
}

/// A list, each item read by `item` at `{field}[{i}]`; every bad item is reported.
pub(super) fn list<'j, T>(
    item: impl Fn(&str, &'j Json) -> Result<T, Wrong>,
) -> impl Read<'j, Vec<T>> {
    move |field: &str, json: &'j Json| {
        let Json::Array(items) = json else {
            return Err(vec![expected(
                field,
                json,
                "danh sách [...]",
                "a list [...]",
            )]);
        };
        let mut read = Vec::with_capacity(items.len());
        let mut wrong = Vec::new();
        for (i, value) in items.iter().enumerate() {
            match item(&format!("{field}[{i}]"), value) {
                Ok(v) => read.push(v),
                Err(w) => add(&mut wrong, w),
            }
        }
        if wrong.is_empty() {
            Ok(read)
        } else {
            Err(wrong)
        }
    }
}
