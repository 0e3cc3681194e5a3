//! Person use cases: read, list, create, and correct a record (moving a person who has no case
//! past CANDIDATE to another cell), each in one transaction.

use chrono::NaiveDate;
use uuid::Uuid;

use super::{
    App, Ctx,
    access::Target,
    idempotency::{Started, Via},
    orgs::day_before,
    paging::{Page, PageRequest},
    tallies::Touched,
};
use crate::{
    domain::{
        Error, Reason, Result,
        access::Operation,
        admission::CaseState,
        dates::not_in_future,
        person::{
            Against, CellChange, ExternalId, NewPerson, Person, PersonFilter, PersonUpdate,
            id_is_not_the_number, national_id_taken, search_like_pattern,
        },
        sync::{PersonRecord, Record},
    },
    store::{
        Tx,
        orgs::{self, Lock, OrgRow},
        people::{self, ListQuery, NewPersonRow, PersonRow},
    },
};

/// One page of persons.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PersonPage {
    pub people: Vec<Person>,
    /// Empty on the last page.
    pub next_page_token: String,
}

impl App {
    /// A replayed answer with the person's national ID as stored now: kept answers hold none.
    async fn with_current_number(&self, person: Person) -> Result<Person> {
        let national_id = people::find(self.store.reader(), &person.external_id, Lock::No)
            .await?
            .and_then(|row| row.person.national_id);
        Ok(Person {
            national_id,
            ..person
        })
    }

    /// One person.
    pub async fn get_person(&self, ctx: &Ctx, external_id: &ExternalId) -> Result<Person> {
        self.authorize(ctx, Operation::ReadPeople, Target::Person(external_id))
            .await?;
        let person = people::get(self.store.reader(), external_id, Lock::No)
            .await?
            .person;
        self.audit_read(ctx, vec![format!("people/{external_id}")])
            .await?;
        Ok(person)
    }

    /// Persons that pass `filter`, by external id, a page at a time.
    pub async fn list_people(
        &self,
        ctx: &Ctx,
        filter: &PersonFilter,
        page: &PageRequest,
    ) -> Result<PersonPage> {
        let filter = &PersonFilter {
            org: self
                .bounded(ctx, Operation::ReadPeople, filter.org.as_ref())
                .await?,
            ..filter.clone()
        };
        let page = Page::open(page, filter)?;
        let today = self.clock.today();
        let reader = self.store.reader();
        let cells = match &filter.org {
            None => None,
            Some(code) => {
                let root = orgs::get(reader, code, Lock::No).await?;
                Some(orgs::subtree_on(reader, root.id, today).await?)
            }
        };
        let name_pattern = filter.name.as_deref().map(search_like_pattern);
        let mut rows = people::list(
            reader,
            ListQuery {
                today,
                cells: cells.as_deref(),
                state: filter.state,
                name_pattern: name_pattern.as_deref(),
                after: page.after.as_deref(),
                limit: page.limit + 1,
            },
        )
        .await?;
        let next_page_token = if rows.len() as u64 > page.limit {
            rows.truncate(page.limit as usize);
            rows.last()
                .map(|r| page.next_token(r.person.external_id.as_str()))
                .unwrap_or_default()
        } else {
            String::new()
        };
        let shown = rows
            .iter()
            .map(|r| format!("people/{}", r.person.external_id))
            .collect();
        self.audit_read(ctx, shown).await?;
        Ok(PersonPage {
            people: rows.into_iter().map(|r| r.person).collect(),
            next_page_token,
        })
    }

    /// Records a person in a cell from `cell_since`, by default from the cell's own `valid_from`
    /// (DESIGN §3): no earlier cell is known, so the person's records begin when the cell's do.
    pub async fn create_person(&self, ctx: &Ctx, new: NewPerson) -> Result<Person> {
        self.retrying(ctx, new, |new| self.create_person_once(ctx, Via::Own, new))
            .await
    }

    /// One attempt of [`Self::create_person`].
    pub(crate) async fn create_person_once(
        &self,
        ctx: &Ctx,
        via: Via<'_>,
        new: NewPerson,
    ) -> Result<Person> {
        let today = self.clock.today();
        new.check_dates(today)?;
        self.authorize_write(ctx, via, Operation::ChangePeople, &[Target::Org(&new.cell)])
            .await?;
        let write = match self.start(ctx, via, "CreatePerson", &new).await? {
            Started::Replayed(person) => return self.with_current_number(person).await,
            Started::Fresh(write) => write,
        };
        let tx = write.tx();
        let external_id = new
            .external_id
            .clone()
            .unwrap_or_else(ExternalId::generated);
        let id_taken = people::id_of(tx, &external_id).await?.is_some();
        let national_id_taken = match &new.national_id {
            Some(number) => people::national_id_holder(tx, number).await?.is_some(),
            None => false,
        };
        // Locked shared, so that a concurrent move or dissolution of the cell waits, while two
        // transactions recording persons in one cell (two imports, two clerks) do not wait for
        // each other, and cannot deadlock by taking several cells in different orders.
        let cell = orgs::find(tx, &new.cell, Lock::ForShare).await?;
        let against = Against {
            id_taken,
            national_id_taken,
            cell: cell.as_ref().map(|row| &row.org),
        };
        let cell_id = cell.as_ref().map_or(Uuid::nil(), |row| row.id);
        let person = new.judge(external_id, against, today)?;
        people::insert(
            tx,
            NewPersonRow {
                id: Uuid::new_v4(),
                person: &person,
                cell_id,
            },
        )
        .await?;
        write.changed(
            &Record::Person(PersonRecord::from(&person)),
            Some(&person.cell),
            Some(person.cell_since),
        );
        self.finish(write, person).await
    }

    /// Replaces the fields an update carries; a new cell closes the current interval the day
    /// before `since` and opens one from it.
    pub async fn update_person(&self, ctx: &Ctx, update: PersonUpdate) -> Result<Person> {
        self.retrying(ctx, update, |update| {
            self.update_person_once(ctx, Via::Own, update)
        })
        .await
    }

    /// One attempt of [`Self::update_person`].
    pub(crate) async fn update_person_once(
        &self,
        ctx: &Ctx,
        via: Via<'_>,
        update: PersonUpdate,
    ) -> Result<Person> {
        let today = self.clock.today();
        if let Some(birth_date) = update.birth_date {
            not_in_future("person.birth_date", birth_date, today)?;
        }
        if let Some(since) = update.cell.as_ref().and_then(|c| c.since) {
            not_in_future("person.cell_since", since, today)?;
        }
        let mut targets = vec![Target::Person(&update.external_id)];
        targets.extend(update.cell.iter().map(|c| Target::Org(&c.cell)));
        self.authorize_write(ctx, via, Operation::ChangePeople, &targets)
            .await?;
        let write = match self.start(ctx, via, "UpdatePerson", &update).await? {
            Started::Replayed(person) => return self.with_current_number(person).await,
            Started::Fresh(write) => write,
        };
        let tx = write.tx();
        let PersonRow { id, person: before } =
            people::get(tx, &update.external_id, Lock::ForUpdate).await?;
        check_etag(update.etag.as_deref(), &before)?;
        // A correction of gender, birth date, ethnicity, religion or education changes the
        // breakdowns of every year the person counts in (DESIGN §5).
        let mut touched = Touched::default();
        touched.person(&self.rules, tx, id).await?;
        let PersonUpdate {
            external_id: _,
            full_name,
            gender,
            birth_date,
            ethnicity,
            religion,
            education,
            professional_level,
            hardship_exception,
            youth_union,
            trade_union,
            national_id,
            cell,
            etag: _,
        } = update;
        let mut after = before.clone();
        set(&mut after.full_name, full_name);
        set(&mut after.gender, gender);
        set(&mut after.birth_date, birth_date);
        set(&mut after.ethnicity, ethnicity);
        set(&mut after.religion, religion);
        set(&mut after.education, education);
        set(&mut after.professional_level, professional_level);
        set(&mut after.hardship_exception, hardship_exception);
        set(&mut after.youth_union, youth_union);
        set(&mut after.trade_union, trade_union);
        set(&mut after.national_id, national_id);
        if let Some(number) = &after.national_id {
            id_is_not_the_number(&after.external_id, number)?;
        }
        if let Some(national_id) = &after.national_id
            && after.national_id != before.national_id
            && people::national_id_holder(tx, national_id)
                .await?
                .is_some_and(|holder| holder != id)
        {
            return Err(national_id_taken());
        }
        if let Some(change) = cell {
            move_to(tx, id, &mut after, change, today).await?;
        }
        if after == before {
            return self.finish(write, before).await;
        }
        if !people::save_if_unchanged(tx, id, &after, before.version).await? {
            return Err(stale(&before.external_id));
        }
        write.settle(touched, &self.rules).await?;
        after.version = before.version + 1;
        write.changed(
            &Record::Person(PersonRecord::from(&after)),
            Some(&after.cell),
            Some(after.cell_since),
        );
        self.finish(write, after).await
    }
}

fn set<T>(field: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *field = value;
    }
}

/// Moves `person` (row `id`) to the cell of `change`, if it is another cell and the person may
/// still be moved by an update (DESIGN §3).
async fn move_to(
    tx: &Tx,
    id: Uuid,
    person: &mut Person,
    change: CellChange,
    today: NaiveDate,
) -> Result<()> {
    let CellChange { cell, since } = change;
    if cell == person.cell {
        // The same cell: nothing moves, unless the caller meant to re-date the current
        // interval, which only decisions may do.
        return match since {
            Some(since) if since != person.cell_since => Err(not_movable(
                &person.external_id,
                format!(
                    "đã sinh hoạt tại chi bộ {cell} từ ngày {}; không sửa được ngày bắt đầu của chi bộ hiện tại",
                    person.cell_since
                ),
                format!(
                    "is already in cell {cell} since {}; the start of the current cell cannot be changed",
                    person.cell_since
                ),
            )),
            Some(_) | None => Ok(()),
        };
    }
    let since = since.unwrap_or(today);
    may_move(tx, id, person, since).await?;
    // Locked shared, as when a person is created in it.
    let OrgRow { id: cell_id, org } = orgs::get(tx, &cell, Lock::ForShare).await?;
    org.check_holds_person(Some(since), today)?;
    let current = people::latest_cell(tx, id).await?;
    people::end_cell(tx, current.id, day_before(since)?).await?;
    people::add_cell(tx, id, cell_id, since).await?;
    people::move_open_case(tx, id, cell_id).await?;
    person.cell = cell;
    person.cell_since = since;
    Ok(())
}

/// Refuses to move a member (only a TRANSFER moves them), a person whose case is past
/// CANDIDATE (only decisions move them), or a move dated before the current cell's start or
/// before the person's latest decision.
async fn may_move(tx: &Tx, id: Uuid, person: &Person, since: NaiveDate) -> Result<()> {
    let who = &person.external_id;
    if person.member {
        return Err(not_movable(
            who,
            "là đảng viên: đảng viên chỉ chuyển sinh hoạt bằng quyết định chuyển sinh hoạt (TRANSFER)",
            "is a party member: a member moves only by a TRANSFER decision",
        ));
    }
    if let Some(state) = person.case_state
        && state.is_open()
        && state != CaseState::Candidate
    {
        return Err(not_movable(
            who,
            format!(
                "đang có hồ sơ phát triển đảng viên ở bước \"{}\": sau bước quần chúng ưu tú chỉ các quyết định mới chuyển được chi bộ",
                state.label_vi()
            ),
            format!(
                "has an admission case in state {}: past CANDIDATE only decisions move a person",
                state.as_str()
            ),
        ));
    }
    if since <= person.cell_since {
        return Err(not_movable(
            who,
            format!(
                "ngày chuyển {since} phải sau ngày bắt đầu sinh hoạt ở chi bộ hiện tại ({})",
                person.cell_since
            ),
            format!(
                "cell_since {since} must be after the start of the current cell ({})",
                person.cell_since
            ),
        ));
    }
    // Strictly after: a decision keeps the cell of its date, so the move may not take that day.
    if let Some(latest) = people::latest_decision_date(tx, id).await?
        && since <= latest
    {
        return Err(not_movable(
            who,
            format!("ngày chuyển {since} phải sau quyết định gần nhất (ngày {latest})"),
            format!("cell_since {since} must be after the latest decision ({latest})"),
        ));
    }
    Ok(())
}

fn not_movable(who: &ExternalId, vi: impl Into<String>, en: impl Into<String>) -> Error {
    let (vi, en) = (vi.into(), en.into());
    Error::refused(
        Reason::CellChangeNotAllowed,
        format!("Không chuyển được chi bộ của {who}: người này {vi}"),
        format!("cannot change the cell of {who}: the person {en}"),
    )
}

fn check_etag(given: Option<&str>, person: &Person) -> Result<()> {
    match given {
        Some(etag) if etag != person.etag() => Err(stale(&person.external_id)),
        Some(_) | None => Ok(()),
    }
}

fn stale(who: &ExternalId) -> Error {
    Error::stale_etag(&format!("Hồ sơ của người {who}"))
}
