//! sea-orm entities, one module per table, mirroring the migrations.

// The entity macros require `pub` items; the modules themselves stay private to the store.
#![allow(unreachable_pub)]

pub(crate) mod admission_case;
pub(crate) mod audit_chain;
pub(crate) mod audit_log;
pub(crate) mod change_counter;
pub(crate) mod change_log;
pub(crate) mod decision;
pub(crate) mod import_refusal;
pub(crate) mod import_run;
pub(crate) mod member;
pub(crate) mod org_event;
pub(crate) mod org_parent;
pub(crate) mod organization;
pub(crate) mod person;
pub(crate) mod person_cell;
pub(crate) mod rating;
pub(crate) mod rating_quota;
pub(crate) mod request_log;
pub(crate) mod tally;
pub(crate) mod target;
pub(crate) mod tree_version;
