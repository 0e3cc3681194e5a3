//! Decisions: append-only, each dated, numbered, made by a body, judged by a dated rulebook.

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

// `DecisionDate` is the column's name; the lint's taste for shorter names does not apply.
#[allow(clippy::enum_variant_names)]
#[derive(DeriveIden)]
enum Decision {
    Table,
    Id,
    ExternalId,
    PersonId,
    PersonSeq,
    Kind,
    DecisionDate,
    DocumentNumber,
    BodyId,
    CellId,
    Reason,
    Details,
    Actor,
    Rulebook,
    Flags,
    RevokedBy,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Decision::Table)
                    .col(pk_uuid(Decision::Id))
                    .col(string_len_uniq(Decision::ExternalId, 64))
                    .col(uuid(Decision::PersonId))
                    // Submission order among the person's decisions: breaks ties of equal dates.
                    .col(integer(Decision::PersonSeq))
                    .col(string_len(Decision::Kind, 32))
                    .col(date(Decision::DecisionDate))
                    .col(string_len_null(Decision::DocumentNumber, 128))
                    .col(uuid(Decision::BodyId))
                    // The person's cell on the decision date: where the decision counts.
                    .col(uuid(Decision::CellId))
                    .col(text_null(Decision::Reason))
                    // The kind's own fields, as JSON.
                    .col(text(Decision::Details))
                    .col(string_len(Decision::Actor, 128))
                    .col(string_len(Decision::Rulebook, 32))
                    // Missed deadlines, comma-separated (usually empty).
                    .col(string_len(Decision::Flags, 256))
                    .col(uuid_null(Decision::RevokedBy))
                    .col(timestamp_with_time_zone(Decision::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Decision::Table, Decision::PersonId)
                            .to(Person::Table, Person::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Decision::Table, Decision::BodyId)
                            .to(Organization::Table, Organization::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Decision::Table, Decision::CellId)
                            .to(Organization::Table, Organization::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Decision::Table, Decision::RevokedBy)
                            .to(Decision::Table, Decision::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("decision_person_seq")
                    .table(Decision::Table)
                    .col(Decision::PersonId)
                    .col(Decision::PersonSeq)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("decision_cell_date")
                    .table(Decision::Table)
                    .col(Decision::CellId)
                    .col(Decision::DecisionDate)
                    .to_owned(),
            )
            .await?;
        // One resolution may list many persons, and a revoked entry may be re-entered:
        // unique among non-revoked decisions only.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX decision_document ON decision \
                 (body_id, document_number, kind, person_id) \
                 WHERE revoked_by IS NULL AND document_number IS NOT NULL",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Decision::Table).to_owned())
            .await
    }
}
