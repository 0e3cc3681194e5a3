//! One imported line: read it, compare it with what its key last stored, and hand it to the use
//! case an RPC would call (DESIGN §6).

use super::Outcome;
use crate::{
    app::{App, Ctx, idempotency::Via},
    domain::{
        Error, FieldViolation, Msg, Reason, Result,
        decision::NewDecision,
        member::{NewMember, Registration},
        org::{Dissolve, EventDocument, Merge, Move, NewOrganization, OrganizationUpdate},
        person::{CellChange, NewPerson, PersonUpdate},
        sync::{
            DecisionRecord, MemberRecord, OrgEvent, OrgEventRecord, OrgRecord, PersonRecord,
            Record, RecordKey, TargetRecord, line,
        },
        target::SetTarget,
    },
    store::{
        changes,
        orgs::Lock,
        people::{self, PersonRow},
    },
};

impl App {
    /// Applies one line inside an import's transaction; returns its key (`kind key`, empty if
    /// unreadable) and what happened, or the refusal.
    pub(super) async fn apply_line(
        &self,
        ctx: &Ctx,
        via: Via<'_>,
        bytes: &[u8],
    ) -> (String, Result<Outcome>) {
        let record = match read(bytes) {
            Ok(record) => record,
            Err(e) => return (String::new(), Err(e)),
        };
        let key = record.key();
        let shown = format!("{} {}", key.kind, key.key);
        (shown, self.apply_record(ctx, via, record, &key).await)
    }

    async fn apply_record(
        &self,
        ctx: &Ctx,
        via: Via<'_>,
        record: Record,
        key: &RecordKey,
    ) -> Result<Outcome> {
        let Via::Within(tx, sink) = via else {
            return Err(Error::Internal(
                "an import line outside an import".to_owned(),
            ));
        };
        // Lines of this batch wait in the sink until it commits; a later line of the same
        // batch must meet them as stored.
        let pending = sink
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .latest(key.kind, &key.key)
            .map(str::to_owned);
        let latest = match pending {
            Some(line) => Some(line),
            None => changes::latest(tx, key.kind, &key.key).await?,
        };
        let stored = match latest {
            Some(text) => Some(line::parse(&text).map_err(|e| {
                Error::Internal(format!("the change log holds an unreadable line: {e}"))
            })?),
            None => None,
        };
        if stored.as_ref().is_some_and(|s| record.same_as(s)) {
            return Ok(Outcome::SkippedIdentical);
        }
        match (record, stored) {
            (Record::Org(org), None) => {
                self.create_org_once(ctx, via, new_org(org)).await?;
            }
            (Record::Org(org), Some(Record::Org(created))) => {
                same_structure(&org, &created)?;
                let update = OrganizationUpdate {
                    code: org.code,
                    display_name: Some(org.name),
                    sector: Some(org.sector),
                    etag: None,
                };
                self.update_org_once(ctx, via, update).await?;
            }
            (Record::OrgEvent(event), None) => self.apply_event(ctx, via, event).await?,
            (Record::Person(person), None) => {
                self.create_person_once(ctx, via, new_person(person))
                    .await?;
            }
            (Record::Person(person), Some(Record::Person(_))) => {
                let PersonRow { person: now, .. } =
                    people::get(tx, &person.external_id, Lock::No).await?;
                let cell = cell_change(&person, &now.cell, now.cell_since)?;
                self.update_person_once(ctx, via, person_update(person, cell))
                    .await?;
            }
            (Record::Member(member), None) => {
                self.register_member_once(ctx, via, new_member(member)?)
                    .await?;
            }
            (Record::Decision(decision), None) => {
                let new = new_decision(decision);
                Error::check_fields(new.violations())?;
                self.submit_decision_once(ctx, via, new).await?;
            }
            (Record::Target(target), _) => {
                self.set_target_once(ctx, via, set_target(target)).await?;
            }
            (Record::Decision(_) | Record::Member(_) | Record::OrgEvent(_), Some(_)) => {
                return Err(key_reused(key));
            }
            (Record::Org(_) | Record::Person(_), Some(_)) => {
                return Err(Error::Internal(format!(
                    "the change log holds another kind of line under {} {}",
                    key.kind, key.key
                )));
            }
        }
        Ok(Outcome::Accepted)
    }

    async fn apply_event(&self, ctx: &Ctx, via: Via<'_>, event: OrgEventRecord) -> Result<()> {
        let OrgEventRecord {
            code,
            event,
            date,
            number,
            body,
        } = event;
        let document = EventDocument { number, body };
        match event {
            OrgEvent::Move { parent } => {
                let mv = Move {
                    code,
                    new_parent: parent,
                    date,
                    document,
                    etag: None,
                };
                self.move_org_once(ctx, via, mv).await?;
            }
            OrgEvent::Merge { into } => {
                let merge = Merge {
                    code,
                    into,
                    date,
                    document,
                    etag: None,
                };
                self.merge_org_once(ctx, via, merge).await?;
            }
            OrgEvent::Dissolve => {
                let dissolve = Dissolve {
                    code,
                    date,
                    document,
                    etag: None,
                };
                self.dissolve_org_once(ctx, via, dissolve).await?;
            }
        }
        Ok(())
    }
}

/// Reads a line's bytes: UTF-8 (a byte-order mark tolerated), then DESIGN §6.
pub(super) fn read(bytes: &[u8]) -> Result<Record> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Error::invalid(
            Reason::MalformedLine,
            FieldViolation::new(
                "line",
                format!(
                    "dòng không phải UTF-8 (byte lỗi ở vị trí {}): hãy lưu tệp theo mã UTF-8",
                    e.valid_up_to()
                ),
                format!(
                    "the line is not UTF-8 (bad byte at offset {}): save the file as UTF-8",
                    e.valid_up_to()
                ),
            ),
        )
    })?;
    line::parse(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// Refuses an `org` line that would change what only an `org_event` may.
fn same_structure(line: &OrgRecord, created: &OrgRecord) -> Result<()> {
    let mut changed = Vec::new();
    if line.parent != created.parent {
        changed.push("parent");
    }
    if line.org_kind != created.org_kind {
        changed.push("org_kind");
    }
    if line.valid_from != created.valid_from {
        changed.push("valid_from");
    }
    if line.valid_to.is_some() && line.valid_to != created.valid_to {
        changed.push("valid_to");
    }
    if changed.is_empty() {
        return Ok(());
    }
    let keys = changed.join(", ");
    Err(Error::refused(
        Reason::OrgChangeNeedsEvent,
        format!(
            "Dòng org {} đổi {keys} so với khi tạo: chuyển, hợp nhất, giải thể chỉ gửi bằng dòng org_event; dòng org chỉ được đổi name và sector",
            line.code
        ),
        format!(
            "the org line for {} changes {keys} from the organization as created: moves, merges and ends come only as org_event lines; an org line may change only name and sector",
            line.code
        ),
    ))
}

/// The cell change a `person` line asks for, judged against the person's cell now.
fn cell_change(
    line: &PersonRecord,
    cell_now: &crate::domain::org::OrgCode,
    since_now: chrono::NaiveDate,
) -> Result<Option<CellChange>> {
    if line.org != *cell_now {
        let Some(since) = line.cell_since else {
            return Err(Error::invalid(
                Reason::InvalidField,
                FieldViolation::new(
                    "cell_since",
                    format!(
                        "dòng đổi chi bộ của {} từ {cell_now} sang {}: hãy ghi cell_since (ngày bắt đầu sinh hoạt ở chi bộ mới)",
                        line.external_id, line.org
                    ),
                    format!(
                        "the line moves {} from {cell_now} to {}: give cell_since, the first day in the new cell",
                        line.external_id, line.org
                    ),
                ),
            ));
        };
        return Ok(Some(CellChange {
            cell: line.org.clone(),
            since: Some(since),
        }));
    }
    match line.cell_since {
        Some(since) if since != since_now => Err(Error::invalid(
            Reason::InvalidField,
            FieldViolation::new(
                "cell_since",
                format!(
                    "{} sinh hoạt ở {cell_now} từ {since_now}; dòng giữ nguyên chi bộ thì ghi đúng ngày đó hoặc bỏ cell_since",
                    line.external_id
                ),
                format!(
                    "{} is in {cell_now} since {since_now}; a line that keeps the cell must give that date or leave cell_since out",
                    line.external_id
                ),
            ),
        )),
        Some(_) | None => Ok(None),
    }
}

pub(super) fn key_reused(key: &RecordKey) -> Error {
    Error::AlreadyExists {
        reason: Reason::RecordKeyReused,
        msg: Msg::new(
            format!(
                "Đã có bản ghi {} với khoá {} nhưng nội dung khác: quyết định, đảng viên và sự kiện tổ chức không sửa được bằng dòng mới; hãy thu hồi (revoke) hoặc dùng khoá mới",
                key.kind, key.key
            ),
            format!(
                "a {} with key {} is stored with different content: decision, member and org_event lines cannot change what is stored; revoke it or use a new key",
                key.kind, key.key
            ),
        ),
    }
}

fn new_org(org: OrgRecord) -> NewOrganization {
    NewOrganization {
        code: Some(org.code),
        display_name: org.name,
        kind: org.org_kind,
        sector: org.sector,
        parent: org.parent,
        valid_from: Some(org.valid_from),
        valid_to: org.valid_to,
    }
}

pub(super) fn new_person(p: PersonRecord) -> NewPerson {
    NewPerson {
        external_id: Some(p.external_id),
        full_name: p.full_name,
        gender: p.gender,
        birth_date: p.birth_date,
        ethnicity: p.ethnicity,
        religion: p.religion,
        education: p.education,
        professional_level: p.professional_level,
        hardship_exception: p.hardship_exception,
        youth_union: p.youth_union,
        trade_union: p.trade_union,
        national_id: p.national_id,
        cell: p.org,
        cell_since: p.cell_since,
    }
}

/// The line is the person's whole new content: a left-out optional key clears the field.
fn person_update(p: PersonRecord, cell: Option<CellChange>) -> PersonUpdate {
    PersonUpdate {
        external_id: p.external_id,
        full_name: Some(p.full_name),
        gender: Some(p.gender),
        birth_date: Some(p.birth_date),
        ethnicity: Some(p.ethnicity),
        religion: Some(p.religion),
        education: Some(p.education),
        professional_level: Some(p.professional_level),
        hardship_exception: Some(p.hardship_exception),
        youth_union: Some(p.youth_union),
        trade_union: Some(p.trade_union),
        national_id: Some(p.national_id),
        cell,
        etag: None,
    }
}

pub(super) fn new_member(m: MemberRecord) -> Result<NewMember> {
    let registration = Registration::new(
        m.admission_date,
        m.ceremony_date,
        m.official_date,
        m.official,
        m.origin,
        m.since,
    )
    .map_err(|violations| Error::Invalid {
        reason: Reason::InvalidField,
        violations,
    })?;
    Ok(NewMember {
        person: m.person,
        registration,
    })
}

fn new_decision(d: DecisionRecord) -> NewDecision {
    NewDecision {
        external_id: Some(d.external_id),
        person: d.person,
        date: d.date,
        number: d.number,
        body: d.body,
        reason: d.reason,
        details: d.details,
    }
}

fn set_target(t: TargetRecord) -> SetTarget {
    SetTarget {
        org: t.org,
        year: t.year,
        admissions: t.admissions,
        etag: None,
    }
}
