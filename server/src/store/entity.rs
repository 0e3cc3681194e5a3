//! sea-orm entities, one module per table, mirroring the migrations.

// The entity macros require `pub` items; the modules themselves stay private to the store.
#![allow(unreachable_pub)]

pub(crate) mod org_event;
pub(crate) mod org_parent;
pub(crate) mod organization;
pub(crate) mod request_log;
