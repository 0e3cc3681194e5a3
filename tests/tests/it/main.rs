//! The end-to-end suite: one test binary, each test run on SQLite and (when configured) PostgreSQL.

// A failed expectation in a test or its helpers should panic with the value.
#![allow(clippy::unwrap_used, clippy::expect_used)]
// Tests match what they expect and treat anything else alike.
#![allow(clippy::wildcard_enum_match_arm)]

mod access;
mod admin;
mod audit;
mod auth;
mod bloc_records;
mod cli;
mod cli_admission;
mod cli_frictions;
mod cli_members;
mod decision_cost;
mod decisions;
mod decisions_property;
mod demo;
mod flood;
mod invariants;
mod log_grep;
mod member_life;
mod member_support;
mod members;
mod members_property;
mod migrations;
mod orgs;
mod orgs_concurrency;
mod orgs_merge;
mod orgs_merge_races;
mod orgs_merge_refusals;
mod orgs_refusals;
mod overdue;
mod people;
mod people_cells;
mod people_refusals;
mod privacy;
mod report;
mod report_support;
mod restructuring;
mod server;
mod support;
mod sync;
mod sync_cli;
mod sync_kill;
mod sync_runs;
mod sync_support;
mod targets;
mod tls;
mod tree_cache;
