//! Use cases: each one validates against stored state and commits in one transaction.

mod access;
mod audit;
mod clock;
mod decisions;
mod funnel;
mod idempotency;
mod loading;
mod members;
mod orgs;
mod overdue;
mod paging;
mod people;
mod report;
mod sync;
mod tallies;
mod targets;
mod tree;
mod verify;

pub use audit::{AuditPage, AuditQuery, AuditVerification};
pub use clock::Clock;
pub use decisions::{CaseView, DecisionPage, DecisionScope, Submitted};
pub use funnel::FunnelStage;
pub use idempotency::RequestId;
pub use loading::{Loading, Progress};
pub use members::{MemberFilter, MemberPage, MemberView};
pub use orgs::OrgPage;
pub use overdue::{OverdueItem, OverduePage, OverdueQuery};
pub use paging::PageRequest;
pub use people::PersonPage;
pub use sync::{
    ChangeChunk, ChangeFeed, ExportScope, Import, ImportId, ImportOptions, ImportSummary,
    IncomingLine, LineResult, Outcome, parse_cursor,
};
pub use verify::Verification;

use crate::{
    domain::{access::Role, org::OrgCode},
    store::Store,
};

/// Who is calling. Every use case takes it, so that scoping and the audit log can use it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal {
    name: String,
    role: Role,
    /// The organisation whose subtree bounds what the principal sees; none is everywhere.
    scope: Option<OrgCode>,
}

impl Principal {
    /// The caller on a server without authentication (loopback only): an unscoped admin.
    pub fn local() -> Self {
        Self::new("local", Role::Admin, None)
    }

    /// A principal of the tokens file.
    pub fn new(name: impl Into<String>, role: Role, scope: Option<OrgCode>) -> Self {
        Self {
            name: name.into(),
            role,
            scope,
        }
    }

    /// The principal's name, as stored in `actor` columns and the audit log.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The principal's role.
    pub fn role(&self) -> Role {
        self.role
    }

    /// The subtree the principal is bounded to.
    pub fn scope(&self) -> Option<&OrgCode> {
        self.scope.as_ref()
    }
}

/// The context of one call.
#[derive(Clone, Debug)]
pub struct Ctx {
    /// Who is calling.
    pub principal: Principal,
    /// Makes a mutation idempotent when set.
    pub request_id: Option<RequestId>,
    /// The gRPC method, for the audit log.
    pub method: String,
}

impl Ctx {
    /// A call of `method` by the local principal, for callers inside the process.
    pub fn local(method: impl Into<String>) -> Self {
        Self {
            principal: Principal::local(),
            request_id: None,
            method: method.into(),
        }
    }
}

/// The application: the store and the clock, shared by every service.
#[derive(Clone, Debug)]
pub struct App {
    store: Store,
    clock: Clock,
    rules: std::sync::Arc<Rules>,
    /// A bulk load in this process that reports wait for.
    loading: Loading,
    /// The organisation tree as last read, for judging decisions.
    tree: std::sync::Arc<tree::TreeCache>,
}

/// The data the rules are judged by: the dated rulebooks and the working-day calendar.
#[derive(Clone, Debug)]
pub struct Rules {
    pub rulebooks: crate::domain::rulebook::Rulebooks,
    pub calendar: crate::domain::calendar::Calendar,
}

impl Default for Rules {
    /// The rulebooks and calendar shipped with the server.
    fn default() -> Self {
        Self {
            rulebooks: crate::domain::rulebook::Rulebooks::shipped().clone(),
            calendar: crate::domain::calendar::Calendar::vietnam().clone(),
        }
    }
}

/// How many times a mutation runs when the database reports contention.
const ATTEMPTS: u32 = 4;

impl App {
    /// Runs `attempt` on `command` again when the database reports contention (a PostgreSQL
    /// deadlock or serialization failure, a busy SQLite): each attempt is a whole transaction
    /// that was rolled back, so trying again is safe. After the last, the caller is told to retry.
    ///
    /// A refusal is written to the audit log, naming what `command` names.
    async fn retrying<C, T, F, Fut>(
        &self,
        ctx: &Ctx,
        command: C,
        mut attempt: F,
    ) -> crate::domain::Result<T>
    where
        C: Clone + audit::Subjects,
        F: FnMut(C) -> Fut,
        Fut: std::future::Future<Output = crate::domain::Result<T>>,
    {
        let mut tries = 1;
        loop {
            match attempt(command.clone()).await {
                Err(crate::domain::Error::Contended(detail)) if tries < ATTEMPTS => {
                    tracing::info!(%detail, tries, "contention; trying again");
                    let pause = std::time::Duration::from_millis(10 << tries);
                    tokio::time::sleep(pause).await;
                    tries += 1;
                }
                Err(e) => {
                    self.audit_refusal(ctx, command.subjects(), &e).await;
                    return Err(e);
                }
                Ok(done) => return Ok(done),
            }
        }
    }

    /// An application over a migrated store.
    pub fn new(store: Store, clock: Clock) -> Self {
        Self::with_rules(store, clock, Rules::default())
    }

    /// An application judging by `rules` (an operator's rulebooks or calendar).
    pub fn with_rules(store: Store, clock: Clock, rules: Rules) -> Self {
        Self {
            store,
            clock,
            rules: std::sync::Arc::new(rules),
            loading: Loading::default(),
            tree: std::sync::Arc::default(),
        }
    }

    /// The same application, refusing reports while `loading` is unfinished.
    pub fn with_loading(self, loading: Loading) -> Self {
        Self { loading, ..self }
    }
}
