//! Authorisation of a call (DESIGN §8): the role table of [`crate::domain::access`], then the
//! caller's subtree on today's tree, checked before anything is looked up for the answer, so
//! that a refusal says nothing about whether what lies outside exists.

use super::{App, Ctx, idempotency::Via};
use crate::{
    domain::{
        Error, Result,
        access::{Operation, outside_scope, permits, role_denied},
        org::OrgCode,
        person::ExternalId,
    },
    store::{Conn, orgs, orgs::Lock, people},
};

/// What a call reaches, for the subtree check.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Target<'a> {
    /// Nothing bounded by a subtree (organisations themselves, which are not personal data).
    Open,
    /// This organisation, which must lie in the caller's subtree.
    Org(&'a OrgCode),
    /// This person, whose latest cell must lie in the caller's subtree.
    Person(&'a ExternalId),
    /// The whole database: only for principals bounded to no subtree.
    Everything,
}

impl Target<'_> {
    /// The resource name of what is reached, as refusals and the audit log name it.
    fn resource(self) -> Option<String> {
        match self {
            Target::Org(code) => Some(format!("organizations/{code}")),
            Target::Person(id) => Some(format!("people/{id}")),
            Target::Open | Target::Everything => None,
        }
    }
}

impl App {
    /// Refuses `operation` unless the caller's role permits it and, for a principal bounded to
    /// a subtree, `target` lies inside it today. A refusal is written to the audit log.
    pub(crate) async fn authorize(
        &self,
        ctx: &Ctx,
        operation: Operation,
        target: Target<'_>,
    ) -> Result<()> {
        match self
            .check(self.store.reader(), ctx, operation, target)
            .await
        {
            Err(denied @ Error::Denied { .. }) => {
                let subjects = target.resource().into_iter().collect();
                self.audit_refusal_recorded(ctx, subjects, &denied).await;
                Err(denied)
            }
            other => other,
        }
    }

    /// [`Self::authorize`] for a mutation run `via` its own transaction or an import's. A line
    /// of an import is judged by the import's permission and the caller's subtree, read in the
    /// import's transaction (which holds what earlier lines created); its refusal is the
    /// import's to record, with the line.
    pub(crate) async fn authorize_write(
        &self,
        ctx: &Ctx,
        via: Via<'_>,
        operation: Operation,
        targets: &[Target<'_>],
    ) -> Result<()> {
        for target in targets {
            match via {
                Via::Own => self.authorize(ctx, operation, *target).await?,
                Via::Within(tx, _) => self.check(tx, ctx, Operation::Import, *target).await?,
            }
        }
        Ok(())
    }

    /// The organisation a list or report of `operation` is bounded to: the one asked for, which
    /// must lie in the caller's subtree, or, when none was asked for, the subtree itself.
    pub(crate) async fn bounded(
        &self,
        ctx: &Ctx,
        operation: Operation,
        requested: Option<&OrgCode>,
    ) -> Result<Option<OrgCode>> {
        match requested {
            Some(code) => {
                self.authorize(ctx, operation, Target::Org(code)).await?;
                Ok(Some(code.clone()))
            }
            None => {
                self.authorize(ctx, operation, Target::Open).await?;
                Ok(ctx.principal.scope().cloned())
            }
        }
    }

    async fn check(
        &self,
        c: &impl Conn,
        ctx: &Ctx,
        operation: Operation,
        target: Target<'_>,
    ) -> Result<()> {
        let principal = &ctx.principal;
        if !permits(principal.role(), operation) {
            return Err(role_denied(principal.name(), principal.role(), operation));
        }
        let Some(scope) = principal.scope() else {
            return Ok(());
        };
        let outside = |what: String| outside_scope(principal.name(), scope, &what);
        let reader = c;
        let today = self.clock.today();
        let org_id = match target {
            Target::Open => return Ok(()),
            Target::Everything => return Err(outside("the whole database".to_owned())),
            Target::Org(code) => match orgs::find(reader, code, Lock::No).await? {
                Some(row) => row.id,
                None => return Err(outside(target.resource().unwrap_or_default())),
            },
            Target::Person(id) => match people::id_of(reader, id).await? {
                Some(person) => people::latest_cell(reader, person).await?.cell_id,
                None => return Err(outside(target.resource().unwrap_or_default())),
            },
        };
        let within = match orgs::find(reader, scope, Lock::No).await? {
            Some(root) => orgs::lineage_on(reader, org_id, today)
                .await?
                .contains(&root.id),
            // A scope that names no organisation bounds its principal to nothing.
            None => false,
        };
        if within {
            Ok(())
        } else {
            Err(outside(target.resource().unwrap_or_default()))
        }
    }
}
