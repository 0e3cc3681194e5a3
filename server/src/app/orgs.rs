//! Organisation use cases: read, list, create, rename, move, merge and dissolve, each in one
//! transaction.

use chrono::NaiveDate;
use serde::Serialize;
use uuid::Uuid;

use super::{
    App, Ctx,
    access::Target,
    idempotency::{Started, Via, Write},
    paging::{Page, PageRequest},
    tallies::Touched,
};
use crate::{
    domain::{
        Error, FieldViolation, Reason, Result,
        access::Operation,
        dates::not_in_future,
        org::{
            Dissolve, EventDocument, Move, NewOrganization, OrgCode, OrgFilter, Organization,
            OrganizationUpdate,
        },
        sync::{OrgEvent, OrgEventRecord, OrgRecord, Record, line},
    },
    store::{
        Tx, cases, changes, decisions,
        orgs::{self, EventKind, ListQuery, Lock, NewEvent, NewOrgRow, OrgRow},
    },
};

mod checks;
mod merge;

pub(super) use checks::day_before;
use checks::{after_previous_step, check_etag, cycle, named, still_live, valid_throughout};

/// How many blocking children a refusal to dissolve names.
const CHILDREN_NAMED: u64 = 5;

/// One page of organisations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrgPage {
    pub organizations: Vec<Organization>,
    /// Empty on the last page.
    pub next_page_token: String,
}

impl App {
    /// One organisation, dissolved or not.
    pub async fn get_org(&self, ctx: &Ctx, code: &OrgCode) -> Result<Organization> {
        self.authorize(ctx, Operation::ReadOrgs, Target::Open)
            .await?;
        Ok(orgs::get(self.store.reader(), code, Lock::No).await?.org)
    }

    /// Organisations valid on `as_of` (default today) that pass `filter`, a page at a time.
    pub async fn list_orgs(
        &self,
        ctx: &Ctx,
        filter: &OrgFilter,
        as_of: Option<NaiveDate>,
        page: &PageRequest,
    ) -> Result<OrgPage> {
        self.authorize(ctx, Operation::ReadOrgs, Target::Open)
            .await?;
        #[derive(Serialize)]
        struct Query<'a> {
            filter: &'a OrgFilter,
            as_of: Option<NaiveDate>,
        }
        let page = Page::open(page, &Query { filter, as_of })?;
        let as_of = as_of.unwrap_or_else(|| self.clock.today());
        let mut organizations = orgs::list(
            self.store.reader(),
            ListQuery {
                as_of,
                filter,
                after: page.after.as_deref(),
                limit: page.limit + 1,
            },
        )
        .await?;
        let next_page_token = if organizations.len() as u64 > page.limit {
            organizations.truncate(page.limit as usize);
            organizations
                .last()
                .map(|o| page.next_token(o.code.as_str()))
                .unwrap_or_default()
        } else {
            String::new()
        };
        Ok(OrgPage {
            organizations,
            next_page_token,
        })
    }

    /// Creates an organisation under a parent valid throughout its life.
    pub async fn create_org(&self, ctx: &Ctx, new: NewOrganization) -> Result<Organization> {
        self.retrying(ctx, new, |new| self.create_org_once(ctx, Via::Own, new))
            .await
    }

    /// One attempt of [`Self::create_org`].
    pub(crate) async fn create_org_once(
        &self,
        ctx: &Ctx,
        via: Via<'_>,
        new: NewOrganization,
    ) -> Result<Organization> {
        let today = self.clock.today();
        let valid_from = new.valid_from.unwrap_or(today);
        not_in_future("organization.valid_from", valid_from, today)?;
        if let Some(to) = new.valid_to {
            not_in_future("organization.valid_to", to, today)?;
            if to < valid_from {
                return Err(Error::invalid(
                    Reason::InvalidField,
                    FieldViolation::new(
                        "organization.valid_to",
                        format!("ngày kết thúc {to} trước ngày bắt đầu {valid_from}"),
                        format!("valid_to {to} is before valid_from {valid_from}"),
                    ),
                ));
            }
        }
        let parent = match &new.parent {
            Some(parent) => Target::Org(parent),
            None => Target::Everything,
        };
        self.authorize_write(ctx, via, Operation::ChangeOrgs, &[parent])
            .await?;
        let write = match self.start(ctx, via, "CreateOrganization", &new).await? {
            Started::Replayed(org) => return Ok(org),
            Started::Fresh(write) => write,
        };
        let tx = write.tx();
        let code = new.code.clone().unwrap_or_else(OrgCode::generated);
        if orgs::find(tx, &code, Lock::No).await?.is_some() {
            return Err(orgs::already_exists(&code));
        }
        let parent_id = match &new.parent {
            None => {
                new.kind.check_parent(None)?;
                None
            }
            Some(parent_code) => {
                let parent = orgs::get(tx, parent_code, Lock::ForUpdate).await?;
                new.kind.check_parent(Some(parent.org.kind))?;
                valid_throughout(&parent.org, valid_from, new.valid_to)?;
                Some(parent.id)
            }
        };
        let org = Organization {
            code,
            display_name: new.display_name,
            kind: new.kind,
            sector: new.sector,
            parent: new.parent,
            valid_from,
            valid_to: new.valid_to,
            version: 1,
        };
        orgs::insert(
            tx,
            NewOrgRow {
                id: Uuid::new_v4(),
                org: &org,
                parent_id,
            },
        )
        .await?;
        write.changed(
            &Record::Org(OrgRecord::from(&org)),
            Some(&org.code),
            Some(org.valid_from),
        );
        self.finish(write, org).await
    }

    /// Renames an organisation and/or changes its sector.
    pub async fn update_org(&self, ctx: &Ctx, update: OrganizationUpdate) -> Result<Organization> {
        self.retrying(ctx, update, |update| {
            self.update_org_once(ctx, Via::Own, update)
        })
        .await
    }

    /// One attempt of [`Self::update_org`].
    pub(crate) async fn update_org_once(
        &self,
        ctx: &Ctx,
        via: Via<'_>,
        update: OrganizationUpdate,
    ) -> Result<Organization> {
        self.authorize_write(
            ctx,
            via,
            Operation::ChangeOrgs,
            &[Target::Org(&update.code)],
        )
        .await?;
        let write = match self.start(ctx, via, "UpdateOrganization", &update).await? {
            Started::Replayed(org) => return Ok(org),
            Started::Fresh(write) => write,
        };
        let OrgRow { id, org: before } =
            orgs::get(write.tx(), &update.code, Lock::ForUpdate).await?;
        check_etag(update.etag.as_deref(), &before)?;
        let mut after = before.clone();
        if let Some(name) = update.display_name {
            after.display_name = name;
        }
        if let Some(sector) = update.sector {
            after.sector = sector;
        }
        if after == before {
            return self.finish(write, before).await;
        }
        // A grassroots organisation's sector is the sector its members count under, in every
        // year (DESIGN §5 breakdowns follow corrections).
        let mut touched = Touched::default();
        if after.sector != before.sector {
            touched.subtree(&self.rules, write.tx(), id, None).await?;
        }
        let after = save(write.tx(), id, after, before.version).await?;
        write.settle(touched, &self.rules).await?;
        let line = renamed(write.tx(), &after).await?;
        write.changed(&line, Some(&after.code), Some(after.valid_from));
        self.finish(write, after).await
    }

    /// Gives an organisation, with its subtree, a new parent from a date.
    pub async fn move_org(&self, ctx: &Ctx, mv: Move) -> Result<Organization> {
        self.retrying(ctx, mv, |mv| self.move_org_once(ctx, Via::Own, mv))
            .await
    }

    /// One attempt of [`Self::move_org`].
    pub(crate) async fn move_org_once(
        &self,
        ctx: &Ctx,
        via: Via<'_>,
        mv: Move,
    ) -> Result<Organization> {
        not_in_future("effective_date", mv.date, self.clock.today())?;
        let to = match &mv.new_parent {
            Some(parent) => Target::Org(parent),
            None => Target::Everything,
        };
        self.authorize_write(
            ctx,
            via,
            Operation::ChangeOrgs,
            &[Target::Org(&mv.code), to],
        )
        .await?;
        let write = match self.start(ctx, via, "MoveOrganization", &mv).await? {
            Started::Replayed(org) => return Ok(org),
            Started::Fresh(write) => write,
        };
        let tx = write.tx();
        let OrgRow { id, org } = orgs::get(tx, &mv.code, Lock::ForUpdate).await?;
        check_etag(mv.etag.as_deref(), &org)?;
        org.check_valid_on(mv.date)?;
        let interval = orgs::latest_interval(tx, id)
            .await?
            .ok_or_else(|| Error::Internal(format!("{} has no parent interval", org.code)))?;
        after_previous_step(mv.date, interval.valid_from)?;
        no_decisions_since(tx, id, &org.code, mv.date).await?;

        let new_parent_id = match &mv.new_parent {
            None => {
                org.kind.check_parent(None)?;
                None
            }
            Some(code) => {
                let parent = orgs::get(tx, code, Lock::ForUpdate).await?;
                if parent.id == id {
                    return Err(cycle(&org.code, code));
                }
                // A cycle is named before the kind rule, which would also refuse it, because
                // "X is inside Y" tells the clerk more than a mismatch of kinds.
                if inside_from(tx, parent.id, id, mv.date).await? {
                    return Err(cycle(&org.code, code));
                }
                org.kind.check_parent(Some(parent.org.kind))?;
                valid_throughout(&parent.org, mv.date, org.valid_to)?;
                Some(parent.id)
            }
        };
        if new_parent_id == interval.parent_id {
            return Err(Error::invalid(
                Reason::InvalidField,
                FieldViolation::new(
                    "new_parent",
                    format!("{} đã trực thuộc cấp trên này", org.code),
                    format!("{} already has this parent", org.code),
                ),
            ));
        }
        let body_id = deciding_body(tx, &mv.document, mv.date).await?;
        let mut touched = Touched::default();
        touched.subtree(&self.rules, tx, id, Some(mv.date)).await?;
        orgs::end_interval(tx, interval.id, day_before(mv.date)?).await?;
        orgs::add_interval(tx, id, new_parent_id, mv.date, org.valid_to).await?;
        record_event(
            &write,
            id,
            EventKind::Move,
            mv.date,
            new_parent_id,
            &mv.document,
            body_id,
        )
        .await?;
        let before_version = org.version;
        let moved = Organization {
            parent: mv.new_parent.clone(),
            ..org
        };
        let moved = save(tx, id, moved, before_version).await?;
        write.settle(touched, &self.rules).await?;
        let event = OrgEvent::Move {
            parent: mv.new_parent,
        };
        write.changed(
            &event_line(&mv.code, event, mv.date, mv.document),
            Some(&mv.code),
            Some(mv.date),
        );
        self.finish(write, moved).await
    }

    /// Ends an organisation that has no live children: valid up to the day before `date`.
    pub async fn dissolve_org(&self, ctx: &Ctx, dissolve: Dissolve) -> Result<Organization> {
        self.retrying(ctx, dissolve, |dissolve| {
            self.dissolve_org_once(ctx, Via::Own, dissolve)
        })
        .await
    }

    /// One attempt of [`Self::dissolve_org`].
    pub(crate) async fn dissolve_org_once(
        &self,
        ctx: &Ctx,
        via: Via<'_>,
        dissolve: Dissolve,
    ) -> Result<Organization> {
        not_in_future("effective_date", dissolve.date, self.clock.today())?;
        self.authorize_write(
            ctx,
            via,
            Operation::ChangeOrgs,
            &[Target::Org(&dissolve.code)],
        )
        .await?;
        let write = match self
            .start(ctx, via, "DissolveOrganization", &dissolve)
            .await?
        {
            Started::Replayed(org) => return Ok(org),
            Started::Fresh(write) => write,
        };
        let tx = write.tx();
        let OrgRow { id, org } = orgs::get(tx, &dissolve.code, Lock::ForUpdate).await?;
        check_etag(dissolve.etag.as_deref(), &org)?;
        still_live(&org)?;
        after_previous_step(dissolve.date, org.valid_from)?;
        let interval = orgs::latest_interval(tx, id)
            .await?
            .ok_or_else(|| Error::Internal(format!("{} has no parent interval", org.code)))?;
        after_previous_step(dissolve.date, interval.valid_from)?;
        no_decisions_since(tx, id, &org.code, dissolve.date).await?;
        let children = orgs::children_from(tx, id, dissolve.date, CHILDREN_NAMED + 1).await?;
        if !children.is_empty() {
            let named = named(&children);
            return Err(Error::refused(
                Reason::OrgNotEmpty,
                format!(
                    "Chưa thể giải thể {}: còn tổ chức trực thuộc ({named}); hãy chuyển hoặc giải thể chúng trước",
                    org.code
                ),
                format!(
                    "cannot dissolve {}: it still has child organizations ({named}); move or dissolve them first",
                    org.code
                ),
            ));
        }
        let occupants = cases::occupants(tx, id, CHILDREN_NAMED + 1).await?;
        if !occupants.is_empty() {
            let named = named(&occupants);
            return Err(Error::refused(
                Reason::OrgNotEmpty,
                format!(
                    "Chưa thể giải thể {}: còn đảng viên hoặc người đang có hồ sơ phát triển đảng viên ({named}); hãy chuyển họ đi trước",
                    org.code
                ),
                format!(
                    "cannot dissolve {}: it still has members or persons with open cases ({named}); move them first",
                    org.code
                ),
            ));
        }
        let body_id = deciding_body(tx, &dissolve.document, dissolve.date).await?;
        let last = day_before(dissolve.date)?;
        orgs::end_interval(tx, interval.id, last).await?;
        record_event(
            &write,
            id,
            EventKind::Dissolve,
            dissolve.date,
            None,
            &dissolve.document,
            body_id,
        )
        .await?;
        let before_version = org.version;
        let ended = Organization {
            valid_to: Some(last),
            ..org
        };
        let ended = save(tx, id, ended, before_version).await?;
        write.changed(
            &event_line(
                &dissolve.code,
                OrgEvent::Dissolve,
                dissolve.date,
                dissolve.document,
            ),
            Some(&dissolve.code),
            Some(dissolve.date),
        );
        self.finish(write, ended).await
    }
}

/// Refuses (`DATE_BEFORE_PREVIOUS_STEP`) a restructuring dated on or before a non-revoked decision
/// about a person whose cell was in the organisation's subtree on that decision's date (DESIGN
/// §3): the decision was judged against the tree as it was.
async fn no_decisions_since(tx: &Tx, org_id: Uuid, code: &OrgCode, date: NaiveDate) -> Result<()> {
    let cells = orgs::ever_under(tx, org_id).await?;
    for (cell, to_cell, day, decision) in decisions::in_cells_since(tx, &cells, date).await? {
        // A transfer counts in the subtree it leaves and in the one it enters.
        let mut within = orgs::lineage_on(tx, cell, day).await?.contains(&org_id);
        if let Some(to_cell) = to_cell
            && !within
        {
            within = orgs::lineage_on(tx, to_cell, day).await?.contains(&org_id);
        }
        if within {
            return Err(Error::refused(
                Reason::DateBeforePreviousStep,
                format!(
                    "Đã có quyết định {decision} ngày {day} trong {code}; việc sắp xếp tổ chức phải sau ngày đó"
                ),
                format!(
                    "decision {decision} of {day} was made within {code}; the restructuring must come after it"
                ),
            ));
        }
    }
    Ok(())
}

/// Whether `inner` is `outer` or under it on `from` or any later day. The tree only changes on
/// days when some parent changed, so checking `from` and each of those later days covers every
/// day after it.
async fn inside_from(tx: &Tx, inner: Uuid, outer: Uuid, from: NaiveDate) -> Result<bool> {
    let mut days = vec![from];
    days.extend(orgs::tree_change_days_after(tx, from).await?);
    for day in days {
        if orgs::lineage_on(tx, inner, day).await?.contains(&outer) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Writes `org` over the row if nobody changed it since `version`; returns it with the new version.
async fn save(tx: &Tx, id: Uuid, mut org: Organization, version: i64) -> Result<Organization> {
    if !orgs::save_if_unchanged(tx, id, &org, version).await? {
        return Err(Error::stale_etag(&format!("Tổ chức {}", org.code)));
    }
    org.version = version + 1;
    Ok(org)
}

async fn record_event(
    write: &Write,
    org_id: Uuid,
    kind: EventKind,
    date: NaiveDate,
    parent_id: Option<Uuid>,
    document: &EventDocument,
    body_id: Option<Uuid>,
) -> Result<()> {
    orgs::insert_event(
        write.tx(),
        NewEvent {
            org_id,
            kind,
            date,
            parent_id,
            document_number: document.number.as_deref(),
            body_id,
            actor: write.actor(),
        },
    )
    .await
}

/// The deciding body of an event, which must exist and be valid on the event's date.
async fn deciding_body(tx: &Tx, document: &EventDocument, date: NaiveDate) -> Result<Option<Uuid>> {
    let Some(code) = &document.body else {
        return Ok(None);
    };
    let body = orgs::get(tx, code, Lock::No).await?;
    body.org.check_valid_on(date)?;
    Ok(Some(body.id))
}

/// The `org_event` line of a restructuring.
pub(super) fn event_line(
    code: &OrgCode,
    event: OrgEvent,
    date: NaiveDate,
    document: EventDocument,
) -> Record {
    Record::OrgEvent(OrgEventRecord {
        code: code.clone(),
        event,
        date,
        number: document.number,
        body: document.body,
    })
}

/// The `org` line after a change of name or sector: the organisation as created (DESIGN §6
/// compares an `org` line's parent and dates with those), with its new name and sector.
async fn renamed(tx: &Tx, after: &Organization) -> Result<Record> {
    let created = match changes::latest(tx, "org", after.code.as_str()).await? {
        Some(line) => line::parse(&line)?,
        // Created before the change log existed: its current parent is the best it has.
        None => Record::Org(OrgRecord::from(after)),
    };
    let Record::Org(created) = created else {
        return Err(Error::Internal(format!(
            "the change log holds a non-org line under org {}",
            after.code
        )));
    };
    Ok(Record::Org(OrgRecord {
        name: after.display_name.clone(),
        sector: after.sector,
        ..created
    }))
}
