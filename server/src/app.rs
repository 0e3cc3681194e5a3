//! Use cases: each one validates against stored state and commits in one transaction.

mod clock;
mod decisions;
mod idempotency;
mod members;
mod orgs;
mod paging;
mod people;
mod verify;

pub use clock::Clock;
pub use decisions::{CaseView, DecisionPage, DecisionScope, Submitted};
pub use idempotency::RequestId;
pub use members::MemberView;
pub use orgs::OrgPage;
pub use paging::PageRequest;
pub use people::PersonPage;

use crate::store::Store;

/// Who is calling. Every use case takes it, so that scoping and the audit log can use it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Principal(String);

impl Principal {
    /// The caller on a server without authentication (loopback only).
    pub fn local() -> Self {
        Self("local".to_owned())
    }

    /// The principal's name, as stored in `actor` columns.
    pub fn name(&self) -> &str {
        &self.0
    }
}

/// The context of one call.
#[derive(Clone, Debug)]
pub struct Ctx {
    /// Who is calling.
    pub principal: Principal,
    /// Makes a mutation idempotent when set.
    pub request_id: Option<RequestId>,
}

/// The application: the store and the clock, shared by every service.
#[derive(Clone, Debug)]
pub struct App {
    store: Store,
    clock: Clock,
    rules: std::sync::Arc<Rules>,
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

impl App {
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
        }
    }
}
