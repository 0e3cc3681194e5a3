//! The schema history of dangvien, applied in order by `Migrator::up` at server start-up.
//!
//! Each migration declares its own identifiers and never imports the server's
//! entities, so that the history stays frozen while the entities evolve.
//! Never edit a migration once it has shipped: add a new one.

// `MigrationTrait` declares `&SchemaManager` with an elided lifetime; an
// explicit `'_` in the impls does not match it.
#![allow(elided_lifetimes_in_paths)]

pub use sea_orm_migration::MigratorTrait;
use sea_orm_migration::prelude::*;

mod m20261128_000001_create_organization;
mod m20261128_000002_create_org_parent;
mod m20261128_000003_create_org_event;
mod m20261128_000004_create_request_log;
mod m20261128_000005_create_person;
mod m20261128_000006_create_person_cell;
mod m20261128_000007_create_member;
mod m20261128_000008_create_admission_case;
mod m20261128_000009_create_decision;
mod m20261128_000010_member_life;
mod m20261128_000011_create_target;
mod m20261128_000012_create_tally;
mod m20261128_000013_create_change_log;
mod m20261207_000014_create_audit_log;
mod m20261208_000015_create_tree_version;

/// Every migration, oldest first.
#[derive(Debug)]
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261128_000001_create_organization::Migration),
            Box::new(m20261128_000002_create_org_parent::Migration),
            Box::new(m20261128_000003_create_org_event::Migration),
            Box::new(m20261128_000004_create_request_log::Migration),
            Box::new(m20261128_000005_create_person::Migration),
            Box::new(m20261128_000006_create_person_cell::Migration),
            Box::new(m20261128_000007_create_member::Migration),
            Box::new(m20261128_000008_create_admission_case::Migration),
            Box::new(m20261128_000009_create_decision::Migration),
            Box::new(m20261128_000010_member_life::Migration),
            Box::new(m20261128_000011_create_target::Migration),
            Box::new(m20261128_000012_create_tally::Migration),
            Box::new(m20261128_000013_create_change_log::Migration),
            Box::new(m20261207_000014_create_audit_log::Migration),
            Box::new(m20261208_000015_create_tree_version::Migration),
        ]
    }
}
