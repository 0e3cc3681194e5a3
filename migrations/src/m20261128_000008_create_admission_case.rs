//! Admission cases: the state each person's decisions add up to, kept in the same transaction
//! that stores a decision. At most one open case per person, enforced by a partial unique index.

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
enum AdmissionCase {
    Table,
    Id,
    PersonId,
    Seq,
    State,
    CellId,
    OpenedOn,
    LastDate,
    LatestCertificate,
    LatestIntroductions,
    CellVote,
    ClosedOn,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AdmissionCase::Table)
                    .col(pk_uuid(AdmissionCase::Id))
                    .col(uuid(AdmissionCase::PersonId))
                    // 1 for the person's first case, 2 for the next…
                    .col(integer(AdmissionCase::Seq))
                    .col(string_len(AdmissionCase::State, 32))
                    .col(uuid(AdmissionCase::CellId))
                    .col(date(AdmissionCase::OpenedOn))
                    .col(date(AdmissionCase::LastDate))
                    .col(date_null(AdmissionCase::LatestCertificate))
                    .col(date_null(AdmissionCase::LatestIntroductions))
                    .col(date_null(AdmissionCase::CellVote))
                    .col(date_null(AdmissionCase::ClosedOn))
                    .foreign_key(
                        ForeignKey::create()
                            .from(AdmissionCase::Table, AdmissionCase::PersonId)
                            .to(Person::Table, Person::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(AdmissionCase::Table, AdmissionCase::CellId)
                            .to(Organization::Table, Organization::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("admission_case_person_seq")
                    .table(AdmissionCase::Table)
                    .col(AdmissionCase::PersonId)
                    .col(AdmissionCase::Seq)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // One open case per person. Partial indexes read the same on SQLite and PostgreSQL.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX admission_case_one_open ON admission_case (person_id) \
                 WHERE closed_on IS NULL",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(AdmissionCase::Table).to_owned())
            .await
    }
}
