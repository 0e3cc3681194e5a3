//! The dated cell of each person: every decision and count uses the cell of its date.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub(crate) struct Migration;

#[derive(DeriveIden)]
enum Person {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Organization {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum PersonCell {
    Table,
    Id,
    PersonId,
    CellId,
    ValidFrom,
    ValidTo,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PersonCell::Table)
                    .col(pk_uuid(PersonCell::Id))
                    .col(uuid(PersonCell::PersonId))
                    .col(uuid(PersonCell::CellId))
                    .col(date(PersonCell::ValidFrom))
                    // Inclusive last day; null while open.
                    .col(date_null(PersonCell::ValidTo))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PersonCell::Table, PersonCell::PersonId)
                            .to(Person::Table, Person::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PersonCell::Table, PersonCell::CellId)
                            .to(Organization::Table, Organization::Id),
                    )
                    .check(
                        Expr::col(PersonCell::ValidTo)
                            .is_null()
                            .or(Expr::col(PersonCell::ValidTo)
                                .gte(Expr::col(PersonCell::ValidFrom))),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("person_cell_person_from")
                    .table(PersonCell::Table)
                    .col(PersonCell::PersonId)
                    .col(PersonCell::ValidFrom)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("person_cell_cell_from")
                    .table(PersonCell::Table)
                    .col(PersonCell::CellId)
                    .col(PersonCell::ValidFrom)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PersonCell::Table).to_owned())
            .await
    }
}
