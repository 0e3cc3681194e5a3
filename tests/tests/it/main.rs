//! The end-to-end suite: one test binary, each test run on SQLite and (when configured) PostgreSQL.

// A failed expectation in a test or its helpers should panic with the value.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod cli;
mod migrations;
mod orgs;
mod orgs_concurrency;
mod orgs_refusals;
mod server;
mod support;
