//! The end-to-end suite: one test binary, each test run on SQLite and (when configured) PostgreSQL.

mod migrations;
mod orgs;
mod orgs_concurrency;
mod orgs_refusals;
mod server;
mod support;
