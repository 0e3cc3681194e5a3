//! Runs of `person` and `member` lines judged together (DESIGN §6, §10): what the run's lines
//! are judged against is read in a few set queries, each line is judged in file order by the
//! same domain rules as `CreatePerson` and `RegisterMember` against that working set (earlier
//! lines of the run included), and what was accepted is written with multi-row inserts. A
//! line the set path does not take (a person's correction, any other kind) ends the run; it and
//! the lines after it go on one by one, against what the run wrote.

use std::{
    collections::{HashMap, HashSet},
    sync::{Arc, PoisonError},
};

use chrono::NaiveDate;
use uuid::Uuid;

use super::{
    IncomingLine, Outcome,
    apply::{key_reused, new_member, new_person, read},
};
use crate::{
    app::{
        App,
        idempotency::{Sink, change_of},
        tallies::{PersonRecord, Touched},
    },
    domain::{
        Error, Result,
        admission::CaseState,
        member::{self, Interval, Member},
        org::{OrgCode, OrgTree},
        person::{Against, ExternalId, Person},
        replay::{Unreplayable, latest_decision_date, replay},
        sync::{MemberRecord, PersonRecord as PersonLine, Record, line},
        tally::{Attributes, Tally, TreeHistory},
    },
    store::{
        Tx, batch,
        changes::NewChange,
        orgs::OrgRow,
        people::{self, NewPersonRow},
    },
};

/// A line's shown key (`kind key`, empty if unreadable) and what happened to it.
pub(super) type Judged = (String, Result<Outcome>);

/// A person recorded by an earlier line of the run, not yet written.
struct Created {
    id: Uuid,
    person: Person,
    cell_id: Uuid,
    /// The cell's own validity, for a registration's cell check.
    cell_from: NaiveDate,
    cell_to: Option<NaiveDate>,
}

/// What the run reads before judging: the stored facts about every key its lines name.
struct Facts {
    stored_lines: HashMap<(&'static str, String), String>,
    taken_ids: HashSet<String>,
    held_national_ids: HashSet<String>,
    cells: HashMap<String, OrgRow>,
    registering: HashMap<String, batch::Registering>,
    tree: Arc<OrgTree>,
}

/// What the run has judged so far and will write at its end.
#[derive(Default)]
struct Working {
    /// Lines accepted by the run, by kind and key: a later line of the run meets them as stored.
    accepted: HashMap<(&'static str, String), String>,
    created: HashMap<ExternalId, Created>,
    /// In the order created, for the insert.
    created_order: Vec<ExternalId>,
    national_ids: HashSet<String>,
    /// Persons registered as members by the run.
    registered: HashSet<Uuid>,
    members: Vec<(Uuid, Member)>,
    /// Stored persons whose records now show a membership.
    touched_ids: Vec<Uuid>,
    changes: Vec<NewChange>,
    subjects: Vec<String>,
    touched: Touched,
}

/// What a run did: the results of the lines it judged, in order, or else how many lines from
/// its start go one by one.
#[derive(Debug, Default)]
pub(super) struct Run {
    pub(super) judged: Vec<Judged>,
    pub(super) one_by_one: usize,
}

/// The line last stored under the key of each of `records`: the import's transaction's own
/// lines, not yet in the log, first.
async fn stored_lines(
    tx: &Tx,
    sink: &Sink,
    records: &[Result<Record>],
) -> Result<HashMap<(&'static str, String), String>> {
    let mut keys: HashMap<&'static str, Vec<String>> = HashMap::new();
    for record in records.iter().flatten() {
        let key = record.key();
        keys.entry(key.kind).or_default().push(key.key);
    }
    let mut stored_lines = HashMap::new();
    for (kind, keys) in keys {
        let mut unsent = Vec::new();
        {
            let pending = sink.lock().unwrap_or_else(PoisonError::into_inner);
            for key in keys {
                match pending.latest(kind, &key) {
                    Some(line) => {
                        stored_lines.insert((kind, key), line.to_owned());
                    }
                    None => unsent.push(key),
                }
            }
        }
        for (key, line) in batch::latest_lines(tx, kind, &unsent).await? {
            stored_lines.insert((kind, key), line);
        }
    }
    Ok(stored_lines)
}

fn parse_stored(text: &str) -> Result<Record> {
    line::parse(text)
        .map_err(|e| Error::Internal(format!("the change log holds an unreadable line: {e}")))
}

/// Whether `record` says nothing new about the line `text` stored under its key.
fn same_as_stored(record: &Result<Record>, text: &str) -> bool {
    match (record, parse_stored(text)) {
        (Ok(record), Ok(stored)) => record.same_as(&stored),
        _ => false,
    }
}

/// Whether a line can open or continue a run: unreadable lines, persons and members.
fn takes(record: &Result<Record>) -> bool {
    matches!(record, Err(_) | Ok(Record::Person(_) | Record::Member(_)))
}

impl App {
    /// Judges and writes a run at the start of `lines` in `tx`. The caller's principal must be
    /// unscoped: a scoped one's lines are each checked against its subtree, one by one.
    pub(super) async fn apply_run(
        &self,
        tx: &Tx,
        sink: &Sink,
        lines: &[IncomingLine],
    ) -> Result<Run> {
        let mut records: Vec<Result<Record>> = lines
            .iter()
            .map(|l| read(&l.bytes))
            .take_while(takes)
            .collect();
        if records.is_empty() {
            return Ok(Run::default());
        }
        let stored_lines = stored_lines(tx, sink, &records).await?;
        // The run ends before the first correction of a person (or a person's key that holds
        // another kind), and before a person named twice, whose second line may be one.
        let mut seen = HashSet::new();
        let extent = records
            .iter()
            .position(|record| match record {
                Ok(Record::Person(p)) => {
                    let key = p.external_id.to_string();
                    let first = seen.insert(key.clone());
                    let stored = stored_lines.get(&("person", key));
                    !first || stored.is_some_and(|text| !same_as_stored(record, text))
                }
                Ok(_) | Err(_) => false,
            })
            .unwrap_or(records.len());
        if extent == 0 {
            // Corrections go one by one: as many as follow each other, so that the stored lines
            // of the rest are not read again for each of them.
            let one_by_one = records
                .iter()
                .take_while(|record| match record {
                    Ok(Record::Person(p)) => stored_lines
                        .get(&("person", p.external_id.to_string()))
                        .is_some_and(|text| !same_as_stored(record, text)),
                    Ok(_) | Err(_) => false,
                })
                .count()
                .max(1);
            return Ok(Run {
                judged: Vec::new(),
                one_by_one,
            });
        }
        records.truncate(extent);
        let facts = self.facts(tx, stored_lines, &records).await?;
        let today = self.clock.today();
        let mut work = Working::default();
        let mut judged = Vec::with_capacity(records.len());
        for record in records {
            let record = match record {
                Ok(record) => record,
                Err(e) => {
                    judged.push((String::new(), Err(e)));
                    continue;
                }
            };
            let key = record.key();
            let shown = format!("{} {}", key.kind, key.key);
            let slot = (key.kind, key.key.clone());
            let stored = match work
                .accepted
                .get(&slot)
                .or_else(|| facts.stored_lines.get(&slot))
            {
                Some(text) => Some(parse_stored(text)?),
                None => None,
            };
            if stored.as_ref().is_some_and(|s| record.same_as(s)) {
                judged.push((shown, Ok(Outcome::SkippedIdentical)));
                continue;
            }
            let outcome = match (record, stored) {
                (Record::Person(person), None) => self
                    .create(&facts, &mut work, person, today)
                    .map(|()| Outcome::Accepted),
                (Record::Member(member), None) => self
                    .register(&facts, &mut work, member, today)
                    .map(|()| Outcome::Accepted),
                (Record::Member(_), Some(_)) => Err(key_reused(&key)),
                (
                    Record::Person(_)
                    | Record::Org(_)
                    | Record::OrgEvent(_)
                    | Record::Decision(_)
                    | Record::Target(_),
                    _,
                ) => {
                    return Err(Error::Internal(
                        "a run took a line it does not judge".to_owned(),
                    ));
                }
            };
            if outcome.is_ok()
                && let Some(change) = work.changes.last()
            {
                work.accepted.insert(slot, change.line.clone());
            }
            judged.push((shown, outcome));
        }
        self.write_run(tx, sink, work).await?;
        Ok(Run {
            judged,
            one_by_one: 0,
        })
    }

    /// Reads what the lines of a run are judged against, a few statements for all of them.
    async fn facts(
        &self,
        tx: &Tx,
        stored_lines: HashMap<(&'static str, String), String>,
        records: &[Result<Record>],
    ) -> Result<Facts> {
        let mut ids = Vec::new();
        let mut numbers = Vec::new();
        let mut cells = Vec::new();
        let mut members = Vec::new();
        for record in records.iter().flatten() {
            match record {
                Record::Person(p) => {
                    ids.push(p.external_id.to_string());
                    numbers.extend(p.national_id.as_ref().map(|n| n.expose().to_owned()));
                    cells.push(p.org.to_string());
                }
                Record::Member(m) => members.push(m.person.to_string()),
                Record::Org(_) | Record::OrgEvent(_) | Record::Decision(_) | Record::Target(_) => {}
            }
        }
        for list in [&mut ids, &mut numbers, &mut cells, &mut members] {
            list.sort_unstable();
            list.dedup();
        }
        Ok(Facts {
            stored_lines,
            taken_ids: batch::taken_ids(tx, &ids).await?,
            held_national_ids: batch::held_national_ids(tx, &numbers).await?,
            cells: batch::orgs_shared(tx, &cells).await?,
            registering: batch::registering(tx, &members).await?,
            tree: self.tree.get(tx).await?,
        })
    }

    /// Judges a `person` line for a new person, as `CreatePerson` does.
    fn create(
        &self,
        facts: &Facts,
        work: &mut Working,
        line: PersonLine,
        today: NaiveDate,
    ) -> Result<()> {
        let new = new_person(line);
        new.check_dates(today)?;
        let external_id = new
            .external_id
            .clone()
            .ok_or_else(|| Error::Internal("a person line without its id".to_owned()))?;
        let number = new.national_id.as_ref().map(|n| n.expose().to_owned());
        let cell = facts.cells.get(new.cell.as_str());
        let against = Against {
            id_taken: facts.taken_ids.contains(external_id.as_str())
                || work.created.contains_key(&external_id),
            national_id_taken: number.as_ref().is_some_and(|n| {
                facts.held_national_ids.contains(n) || work.national_ids.contains(n)
            }),
            cell: cell.map(|row| &row.org),
        };
        let person = new.judge(external_id.clone(), against, today)?;
        let cell = cell.ok_or_else(|| Error::Internal("a judged cell vanished".to_owned()))?;
        work.note(
            &Record::Person(PersonLine::from(&person)),
            Some(&person.cell),
            Some(person.cell_since),
        );
        work.national_ids.extend(number);
        work.created_order.push(external_id.clone());
        work.created.insert(
            external_id,
            Created {
                id: Uuid::new_v4(),
                person,
                cell_id: cell.id,
                cell_from: cell.org.valid_from,
                cell_to: cell.org.valid_to,
            },
        );
        Ok(())
    }

    /// Judges a `member` line, as `RegisterMember` does, and works out what the member adds to
    /// the figures before and after.
    fn register(
        &self,
        facts: &Facts,
        work: &mut Working,
        line: MemberRecord,
        today: NaiveDate,
    ) -> Result<()> {
        let new = new_member(line)?;
        new.check_dates(today)?;
        let mut subject = match work.created.get(&new.person) {
            Some(created) => Subject::created(created),
            None => match facts.registering.get(new.person.as_str()) {
                Some(stored) => Subject::stored(stored),
                None => return Err(people::not_found(&new.person)),
            },
        };
        let member = new.judge(member::Against {
            member: subject.member || work.registered.contains(&subject.id),
            case_state: subject.case_state,
            intervals: &subject.intervals,
            latest_decision: latest_decision_date(&subject.record.stored),
        })?;
        let history = facts.tree.history_of(subject.record.orgs());
        let before = subject.tally(self, &history)?;
        subject.record.registered = Some(member.clone());
        let after = subject.tally(self, &history)?;
        work.touched
            .decided(subject.id, before, after, facts.tree.clone());
        let (cell, day) = new
            .registration
            .line_about(&subject.intervals)
            .ok_or_else(|| Error::Internal(format!("{} has no recorded cell", new.person)))?;
        work.note(
            &Record::Member(MemberRecord::registered(&new.person, &new.registration)),
            Some(cell),
            Some(day),
        );
        // The person record shows `member`, so its etag changes.
        match work.created.get_mut(&new.person) {
            Some(created) => created.person.version += 1,
            None => work.touched_ids.push(subject.id),
        }
        work.registered.insert(subject.id);
        work.members.push((subject.id, member));
        Ok(())
    }

    /// Writes what the run accepted, persons before their memberships, and hands its lines,
    /// resource names and figures to the import's transaction.
    async fn write_run(&self, tx: &Tx, sink: &Sink, mut work: Working) -> Result<()> {
        let rows: Vec<NewPersonRow<'_>> = work
            .created_order
            .iter()
            .filter_map(|id| work.created.get(id))
            .map(|c| NewPersonRow {
                id: c.id,
                person: &c.person,
                cell_id: c.cell_id,
            })
            .collect();
        people::insert_many(tx, &rows).await?;
        work.touched_ids.sort_unstable();
        people::touch_many(tx, &work.touched_ids).await?;
        crate::store::members::insert_many(tx, &work.members).await?;
        let mut pending = sink.lock().unwrap_or_else(PoisonError::into_inner);
        pending.add(work.changes, work.subjects);
        pending.touched.absorb(work.touched);
        Ok(())
    }
}

impl Working {
    /// Notes a line the run stored, for the change log and the audit entry.
    fn note(&mut self, record: &Record, org: Option<&OrgCode>, day: Option<NaiveDate>) {
        let (change, subjects) = change_of(record, org, day);
        self.changes.push(change);
        self.subjects.extend(subjects);
    }
}

/// The person a `member` line registers, as the run knows them.
struct Subject {
    id: Uuid,
    member: bool,
    case_state: Option<CaseState>,
    intervals: Vec<Interval>,
    record: PersonRecord,
}

impl Subject {
    fn created(c: &Created) -> Self {
        let p = &c.person;
        Self {
            id: c.id,
            member: false,
            case_state: None,
            intervals: vec![Interval {
                cell: p.cell.clone(),
                from: p.cell_since,
                cell_from: c.cell_from,
                cell_to: c.cell_to,
            }],
            record: PersonRecord {
                stored: Vec::new(),
                registered: None,
                attributes: Attributes::new(
                    p.gender,
                    &p.ethnicity,
                    p.religion.as_deref(),
                    p.education,
                    p.birth_date,
                ),
                cells: vec![(p.cell_since, c.cell_id)],
            },
        }
    }

    fn stored(s: &batch::Registering) -> Self {
        Self {
            id: s.id,
            member: s.member,
            case_state: s.case_state,
            intervals: s.intervals.clone(),
            record: PersonRecord {
                stored: s.stored.clone(),
                registered: None,
                attributes: s.attributes.clone(),
                cells: s.cells.clone(),
            },
        }
    }

    /// What the person adds to the figures as the run now holds their record.
    fn tally(&self, app: &App, history: &TreeHistory) -> Result<Tally> {
        let replayed = replay(&self.record.stored, self.record.registered.as_ref(), None)
            .map_err(Unreplayable::into_internal)?;
        Ok(self.record.tally(&app.rules, &replayed, history))
    }
}
