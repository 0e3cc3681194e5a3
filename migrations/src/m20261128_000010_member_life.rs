//! Member decisions: a member's derived exit, recognition, card and residence introduction, the
//! annual ratings (one per member and year), and the row the excellent quota locks.

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
enum Decision {
    Table,
    Id,
    ToCellId,
}

#[derive(DeriveIden)]
enum Member {
    Table,
    Origin,
    Recognized,
    RegisteredOfficial,
    ExitKind,
    ExitDate,
    RecognitionVoteDate,
    RecognizedOn,
    CardNumber,
    CardDate,
    ResidenceIntroductionDate,
}

#[derive(DeriveIden)]
enum Rating {
    Table,
    Id,
    PersonId,
    DecisionId,
    Year,
    Grade,
    Score,
    GrassrootsId,
}

#[derive(DeriveIden)]
enum RatingQuota {
    Table,
    GrassrootsId,
    Year,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite takes one column per ALTER TABLE.
        let columns = [
            // As registered (official or probationary); null for a member admitted here. The
            // derived `recognized` starts from it when decisions are replayed.
            boolean_null(Member::RegisteredOfficial),
            // struck_off | expelled | resigned | deceased | transferred_out; null while active.
            string_len_null(Member::ExitKind, 16),
            date_null(Member::ExitDate),
            // The passing cell resolution proposing recognition.
            date_null(Member::RecognitionVoteDate),
            // The RECOGNIZE decision's own date (the member is official from official_date).
            date_null(Member::RecognizedOn),
            string_len_null(Member::CardNumber, 32),
            date_null(Member::CardDate),
            date_null(Member::ResidenceIntroductionDate),
        ];
        for mut column in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(Member::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        // The cell a TRANSFER moves the member to: restructuring that cell's tree on or before
        // the transfer's date is refused as for any decision in the subtree (DESIGN §3).
        manager
            .alter_table(
                Table::alter()
                    .table(Decision::Table)
                    // No foreign key: SQLite cannot add one to an existing table; the server
                    // writes it from the organisation it has just checked.
                    .add_column(uuid_null(Decision::ToCellId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("decision_to_cell")
                    .table(Decision::Table)
                    .col(Decision::ToCellId)
                    .to_owned(),
            )
            .await?;
        // Members registered before this migration keep the status they were registered with.
        manager
            .exec_stmt(
                Query::update()
                    .table(Member::Table)
                    .value(Member::RegisteredOfficial, Expr::col(Member::Recognized))
                    .and_where(Expr::col(Member::Origin).ne("admitted"))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Rating::Table)
                    .col(pk_uuid(Rating::Id))
                    .col(uuid(Rating::PersonId))
                    .col(uuid_uniq(Rating::DecisionId))
                    .col(integer(Rating::Year))
                    // excellent | good | completed | not_completed
                    .col(string_len(Rating::Grade, 16))
                    .col(double_null(Rating::Score))
                    // The grassroots organisation of the member's cell on the decision's date:
                    // the quota's unit.
                    .col(uuid(Rating::GrassrootsId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Rating::Table, Rating::PersonId)
                            .to(Person::Table, Person::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Rating::Table, Rating::DecisionId)
                            .to(Decision::Table, Decision::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Rating::Table, Rating::GrassrootsId)
                            .to(Organization::Table, Organization::Id),
                    )
                    .to_owned(),
            )
            .await?;
        // DESIGN §9: one non-revoked rating per member and year (a revoked one is deleted here).
        manager
            .create_index(
                Index::create()
                    .name("rating_person_year")
                    .table(Rating::Table)
                    .col(Rating::PersonId)
                    .col(Rating::Year)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("rating_grassroots_year")
                    .table(Rating::Table)
                    .col(Rating::GrassrootsId)
                    .col(Rating::Year)
                    .to_owned(),
            )
            .await?;
        // One row per (grassroots organisation, year), locked by each quota check so that two
        // servers cannot both take the last excellent place.
        manager
            .create_table(
                Table::create()
                    .table(RatingQuota::Table)
                    .col(uuid(RatingQuota::GrassrootsId))
                    .col(integer(RatingQuota::Year))
                    .primary_key(
                        Index::create()
                            .col(RatingQuota::GrassrootsId)
                            .col(RatingQuota::Year),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(RatingQuota::Table, RatingQuota::GrassrootsId)
                            .to(Organization::Table, Organization::Id),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(RatingQuota::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Rating::Table).to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("decision_to_cell")
                    .table(Decision::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Decision::Table)
                    .drop_column(Decision::ToCellId)
                    .to_owned(),
            )
            .await?;
        for column in [
            Member::RegisteredOfficial,
            Member::ExitKind,
            Member::ExitDate,
            Member::RecognitionVoteDate,
            Member::RecognizedOn,
            Member::CardNumber,
            Member::CardDate,
            Member::ResidenceIntroductionDate,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Member::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
