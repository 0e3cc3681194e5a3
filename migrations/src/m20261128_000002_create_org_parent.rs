//! The dated parent of each organisation: one row per interval, so a report for
//! any past year can rebuild the tree as it was.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum Organization {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum OrgParent {
    Table,
    Id,
    OrgId,
    ParentId,
    ValidFrom,
    ValidTo,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OrgParent::Table)
                    .col(pk_uuid(OrgParent::Id))
                    .col(uuid(OrgParent::OrgId))
                    // Null: a root during this interval.
                    .col(uuid_null(OrgParent::ParentId))
                    .col(date(OrgParent::ValidFrom))
                    // Inclusive last day; null while the interval is open.
                    .col(date_null(OrgParent::ValidTo))
                    .foreign_key(
                        ForeignKey::create()
                            .from(OrgParent::Table, OrgParent::OrgId)
                            .to(Organization::Table, Organization::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(OrgParent::Table, OrgParent::ParentId)
                            .to(Organization::Table, Organization::Id),
                    )
                    .check(
                        Expr::col(OrgParent::ValidTo)
                            .is_null()
                            .or(Expr::col(OrgParent::ValidTo).gte(Expr::col(OrgParent::ValidFrom))),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("org_parent_org_from")
                    .table(OrgParent::Table)
                    .col(OrgParent::OrgId)
                    .col(OrgParent::ValidFrom)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("org_parent_parent_from")
                    .table(OrgParent::Table)
                    .col(OrgParent::ParentId)
                    .col(OrgParent::ValidFrom)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(OrgParent::Table).to_owned())
            .await
    }
}
