//! The schema history applies, rolls back and applies again on every backend.

use dangvien_migrations::{Migrator, MigratorTrait};
use dangvien_tests::TestDb;
use sea_orm::Database;
use sea_orm_migration::SchemaManager;

const TABLES: [&str; 10] = [
    "organization",
    "org_parent",
    "org_event",
    "request_log",
    "person",
    "person_cell",
    "member",
    "admission_case",
    "decision",
    "target",
];

async fn tables_present(db: &sea_orm::DatabaseConnection) -> Vec<bool> {
    let manager = SchemaManager::new(db);
    let mut present = Vec::new();
    for table in TABLES {
        present.push(manager.has_table(table).await.unwrap());
    }
    present
}

#[tokio::test]
async fn migrations_go_up_down_and_up_again() {
    for test_db in TestDb::all().await {
        let db = Database::connect(test_db.url()).await.unwrap();
        Migrator::up(&db, None).await.unwrap();
        assert_eq!(
            tables_present(&db).await,
            [true; 10],
            "{} up",
            test_db.backend
        );
        Migrator::down(&db, None).await.unwrap();
        assert_eq!(
            tables_present(&db).await,
            [false; 10],
            "{} down",
            test_db.backend
        );
        Migrator::up(&db, None).await.unwrap();
        assert_eq!(
            tables_present(&db).await,
            [true; 10],
            "{} up again",
            test_db.backend
        );
        let pending = Migrator::get_pending_migrations(&db).await.unwrap();
        assert!(pending.is_empty());
        // The schema the migrations made is the one the entities read.
        let url: dangvien_server::config::DatabaseUrl = test_db.url().parse().unwrap();
        let store = dangvien_server::store::Store::connect(&url, std::time::Duration::from_secs(5))
            .await
            .unwrap();
        store
            .check_schema()
            .await
            .unwrap_or_else(|e| panic!("{}: {e:#}", test_db.backend));
        store.close().await;
        db.close().await.unwrap();
        test_db.drop_database().await.unwrap();
    }
}
