//! Admissions target use cases: read the target of an organisation and year, and set it (create
//! or replace) in one transaction.

use chrono::NaiveDate;

use super::{
    App, Ctx, access,
    idempotency::{Started, Via},
};
use crate::{
    domain::{
        Error, Result,
        access::Operation,
        org::OrgCode,
        sync::{Record, TargetRecord},
        target::{self, SetTarget, Target},
    },
    store::{
        orgs::{self, Lock, OrgRow},
        targets::{self, TargetRow},
    },
};

impl App {
    /// The target of `org` for `year`: `ORG_NOT_FOUND` without the organisation,
    /// `TARGET_NOT_FOUND` without a target.
    pub async fn get_target(&self, ctx: &Ctx, org: &OrgCode, year: i32) -> Result<Target> {
        self.authorize(ctx, Operation::ReadStatistics, access::Target::Org(org))
            .await?;
        let reader = self.store.reader();
        let OrgRow { id, .. } = orgs::get(reader, org, Lock::No).await?;
        targets::find(reader, id, org, year)
            .await?
            .map(|row| row.target)
            .ok_or_else(|| target::not_found(org, year))
    }

    /// Creates or replaces the target of (`org`, `year`).
    pub async fn set_target(&self, ctx: &Ctx, set: SetTarget) -> Result<Target> {
        self.retrying(ctx, set, |set| self.set_target_once(ctx, Via::Own, set))
            .await
    }

    /// One attempt of [`Self::set_target`].
    pub(crate) async fn set_target_once(
        &self,
        ctx: &Ctx,
        via: Via<'_>,
        set: SetTarget,
    ) -> Result<Target> {
        set.check(self.clock.today())?;
        self.authorize_write(
            ctx,
            via,
            Operation::SetTargets,
            &[access::Target::Org(&set.org)],
        )
        .await?;
        let write = match self.start(ctx, via, "SetTarget", &set).await? {
            Started::Replayed(target) => return Ok(target),
            Started::Fresh(write) => write,
        };
        let tx = write.tx();
        // Locked so that a dissolution or merge ending the organisation waits for this check, and
        // two first targets of the same year queue here instead of colliding on the unique index.
        let OrgRow { id: org_id, org } = orgs::get(tx, &set.org, Lock::ForUpdate).await?;
        target::valid_in_year(&org, set.year)?;
        let stored = targets::find(tx, org_id, &set.org, set.year).await?;
        target::check_etag(
            set.etag.as_deref(),
            stored.as_ref().map(|row| &row.target),
            &set.org,
            set.year,
        )?;
        let unchanged = stored
            .as_ref()
            .is_some_and(|row| row.target.admissions == set.admissions);
        let target = match stored {
            None => {
                let target = Target {
                    org: set.org,
                    year: set.year,
                    admissions: set.admissions,
                    version: 1,
                };
                targets::insert(tx, org_id, &target, write.actor()).await?;
                target
            }
            // The same content again (a sync line met twice) changes nothing, not even the etag.
            Some(TargetRow { target, .. }) if target.admissions == set.admissions => target,
            Some(TargetRow { id, target }) => {
                let saved = targets::save_if_unchanged(
                    tx,
                    id,
                    set.admissions,
                    target.version,
                    write.actor(),
                )
                .await?;
                if !saved {
                    return Err(Error::stale_etag(&format!(
                        "Chỉ tiêu kết nạp năm {} của {}",
                        set.year, set.org
                    )));
                }
                Target {
                    admissions: set.admissions,
                    version: target.version + 1,
                    ..target
                }
            }
        };
        if !unchanged {
            let first_day = NaiveDate::from_ymd_opt(target.year, 1, 1);
            write.changed(
                &Record::Target(TargetRecord::from(&target)),
                Some(&target.org),
                first_day,
            );
        }
        self.finish(write, target).await
    }
}
