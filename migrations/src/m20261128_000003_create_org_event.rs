//! Dated restructuring events (move, dissolve): the record of what was decided,
//! by whom, under which document.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum Organization {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum OrgEvent {
    Table,
    Id,
    OrgId,
    Event,
    Date,
    ParentId,
    DocumentNumber,
    BodyId,
    Actor,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OrgEvent::Table)
                    .col(pk_uuid(OrgEvent::Id))
                    .col(uuid(OrgEvent::OrgId))
                    .col(string_len(OrgEvent::Event, 16))
                    .col(date(OrgEvent::Date))
                    // The new parent of a move (null: became a root).
                    .col(uuid_null(OrgEvent::ParentId))
                    .col(string_len_null(OrgEvent::DocumentNumber, 128))
                    .col(uuid_null(OrgEvent::BodyId))
                    .col(string_len(OrgEvent::Actor, 128))
                    .col(timestamp_with_time_zone(OrgEvent::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(OrgEvent::Table, OrgEvent::OrgId)
                            .to(Organization::Table, Organization::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(OrgEvent::Table, OrgEvent::ParentId)
                            .to(Organization::Table, Organization::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(OrgEvent::Table, OrgEvent::BodyId)
                            .to(Organization::Table, Organization::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // The sync key of an org event is (code, event, date).
        manager
            .create_index(
                Index::create()
                    .name("org_event_key")
                    .table(OrgEvent::Table)
                    .col(OrgEvent::OrgId)
                    .col(OrgEvent::Event)
                    .col(OrgEvent::Date)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(OrgEvent::Table).to_owned())
            .await
    }
}
