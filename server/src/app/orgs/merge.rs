//! Merging an organisation into a survivor of the same kind: from the date, its children and its
//! persons (with their open cases) belong to the survivor, and it ends the day before.

use super::{
    after_previous_step, check_etag, day_before, deciding_body, event_line, inside_from,
    no_decisions_since, record_event, save, still_live,
};
use crate::{
    app::{
        App, Ctx,
        access::Target,
        idempotency::{Started, Via},
        tallies::Touched,
    },
    domain::{
        Error, Reason, Result,
        access::Operation,
        dates::not_in_future,
        org::{Merge, Organization},
        sync::OrgEvent,
    },
    store::{
        cases,
        orgs::{self, EventKind, Lock, OrgRow},
        people,
    },
};

impl App {
    /// Merges an organisation into a survivor of the same kind from a date (DESIGN §3); returns
    /// the survivor.
    pub async fn merge_org(&self, ctx: &Ctx, merge: Merge) -> Result<Organization> {
        self.retrying(ctx, merge, |merge| {
            self.merge_org_once(ctx, Via::Own, merge)
        })
        .await
    }

    /// One attempt of [`Self::merge_org`].
    pub(crate) async fn merge_org_once(
        &self,
        ctx: &Ctx,
        via: Via<'_>,
        merge: Merge,
    ) -> Result<Organization> {
        not_in_future("effective_date", merge.date, self.clock.today())?;
        if merge.into == merge.code {
            return Err(not_allowed(
                &merge,
                "một tổ chức không hợp nhất được vào chính nó",
                "an organization cannot merge into itself",
            ));
        }
        let targets = [Target::Org(&merge.code), Target::Org(&merge.into)];
        self.authorize_write(ctx, via, Operation::ChangeOrgs, &targets)
            .await?;
        let write = match self.start(ctx, via, "MergeOrganization", &merge).await? {
            Started::Replayed(org) => return Ok(org),
            Started::Fresh(write) => write,
        };
        let tx = write.tx();
        // The merged organisation, then the survivor, each locked as a move locks what it moves
        // and its new parent, so that decisions, moves and merges touching them serialise.
        let OrgRow { id, org } = orgs::get(tx, &merge.code, Lock::ForUpdate).await?;
        check_etag(merge.etag.as_deref(), &org)?;
        org.check_valid_on(merge.date)?;
        still_live(&org)?;
        after_previous_step(merge.date, org.valid_from)?;
        let interval = orgs::latest_interval(tx, id)
            .await?
            .ok_or_else(|| Error::Internal(format!("{} has no parent interval", org.code)))?;
        after_previous_step(merge.date, interval.valid_from)?;

        let survivor = orgs::get(tx, &merge.into, Lock::ForUpdate).await?;
        // Named before the kind rule, which would also refuse it: "Y is inside X" says more.
        if inside_from(tx, survivor.id, id, merge.date).await? {
            return Err(not_allowed(
                &merge,
                &format!("{} nằm trong chính {}", merge.into, merge.code),
                &format!("{} is inside {}", merge.into, merge.code),
            ));
        }
        survivor_allowed(&merge, &org, &survivor.org)?;
        no_decisions_since(tx, id, &org.code, merge.date).await?;
        let body_id = deciding_body(tx, &merge.document, merge.date).await?;

        // Everyone under the merged organisation from the date counts under the survivor.
        let mut touched = Touched::default();
        touched
            .subtree(&self.rules, tx, id, Some(merge.date))
            .await?;
        orgs::hand_over_children(tx, id, survivor.id, merge.date).await?;
        let moved = people::hand_over_cell(tx, id, survivor.id, merge.date).await?;
        cases::follow_cell(tx, &moved, survivor.id).await?;
        let last = day_before(merge.date)?;
        orgs::end_interval(tx, interval.id, last).await?;
        record_event(
            &write,
            id,
            EventKind::Merge,
            merge.date,
            Some(survivor.id),
            &merge.document,
            body_id,
        )
        .await?;
        let before_version = org.version;
        let ended = Organization {
            valid_to: Some(last),
            ..org
        };
        save(tx, id, ended, before_version).await?;
        write.settle(touched, &self.rules).await?;
        let event = OrgEvent::Merge { into: merge.into };
        write.changed(
            &event_line(&merge.code, event, merge.date, merge.document),
            Some(&merge.code),
            Some(merge.date),
        );
        self.finish(write, survivor.org).await
    }
}

/// Refuses (`MERGE_TARGET_NOT_ALLOWED`) a survivor of another kind, or one that does not exist
/// on the merge date and for good after it: it takes over what the merged organisation held
/// from that day on, open-ended.
fn survivor_allowed(merge: &Merge, org: &Organization, survivor: &Organization) -> Result<()> {
    if survivor.kind != org.kind {
        return Err(not_allowed(
            merge,
            &format!(
                "{} là {}, {} là {}; chỉ hợp nhất được vào tổ chức cùng loại",
                org.code,
                org.kind.label_vi(),
                survivor.code,
                survivor.kind.label_vi()
            ),
            &format!(
                "{} is a {} and {} a {}; an organization merges only into one of the same kind",
                org.code,
                org.kind.label_en(),
                survivor.code,
                survivor.kind.label_en()
            ),
        ));
    }
    if !survivor.valid_on(merge.date) {
        return Err(not_allowed(
            merge,
            &format!(
                "{} không tồn tại vào ngày {} ({})",
                survivor.code,
                merge.date,
                survivor.life_vi()
            ),
            &format!(
                "{} does not exist on {} ({})",
                survivor.code,
                merge.date,
                survivor.life_en()
            ),
        ));
    }
    if let Some(last) = survivor.valid_to {
        return Err(not_allowed(
            merge,
            &format!(
                "{} đã chấm dứt hoạt động sau ngày {last}; tổ chức tiếp nhận phải còn hoạt động",
                survivor.code
            ),
            &format!(
                "{} ended on {last}; the survivor must still exist",
                survivor.code
            ),
        ));
    }
    Ok(())
}

/// A `MERGE_TARGET_NOT_ALLOWED` refusal saying why.
fn not_allowed(merge: &Merge, vi_why: &str, en_why: &str) -> Error {
    let Merge { code, into, .. } = merge;
    Error::refused(
        Reason::MergeTargetNotAllowed,
        format!("Không thể hợp nhất {code} vào {into}: {vi_why}"),
        format!("cannot merge {code} into {into}: {en_why}"),
    )
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::domain::org::{EventDocument, OrgCode, OrgKind, Sector};

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn org(code: &str, kind: OrgKind, valid_to: Option<&str>) -> Organization {
        Organization {
            code: OrgCode::parse("code", code).unwrap(),
            display_name: code.to_owned(),
            kind,
            sector: Sector::Other,
            parent: None,
            valid_from: day("2015-01-01"),
            valid_to: valid_to.map(day),
            version: 1,
        }
    }

    fn merge(on: &str) -> Merge {
        Merge {
            code: OrgCode::parse("name", "CB01").unwrap(),
            into: OrgCode::parse("into", "CB02").unwrap(),
            date: day(on),
            document: EventDocument::default(),
            etag: None,
        }
    }

    #[test]
    fn a_survivor_is_of_the_same_kind_and_lives_on() {
        let source = org("CB01", OrgKind::Cell, None);
        let ok = org("CB02", OrgKind::Cell, None);
        assert!(survivor_allowed(&merge("2025-07-01"), &source, &ok).is_ok());
        for (survivor, on, says) in [
            (
                org("CB02", OrgKind::GrassrootsCell, None),
                "2025-07-01",
                "same kind",
            ),
            (org("CB02", OrgKind::Cell, None), "2014-12-31", "2014-12-31"),
            (
                org("CB02", OrgKind::Cell, Some("2025-06-30")),
                "2025-07-01",
                "2025-07-01",
            ),
            (
                org("CB02", OrgKind::Cell, Some("2025-12-31")),
                "2025-07-01",
                "ended on 2025-12-31",
            ),
        ] {
            let refused = survivor_allowed(&merge(on), &source, &survivor).unwrap_err();
            assert_eq!(refused.reason(), Reason::MergeTargetNotAllowed);
            let Error::Refused { msg, .. } = refused else {
                panic!("not a refusal: {refused:?}");
            };
            assert!(msg.en.contains(says), "{}", msg.en);
            assert!(msg.vi.starts_with("Không thể hợp nhất CB01 vào CB02"));
        }
    }
}
