//! Changing, removing or swapping journal rows behind Tutela's back is detected and the row named.

use tutela_core::journal::Actor;
use tutela_core::operator::{OperatorName, OperatorSlug};
use tutela_db::test_support::{self, TestDb};
use tutela_db::{Db, DbError, Location, Operator};

async fn journal_of_five(db: &TestDb) -> (Db, Operator) {
    let store = db.open().await;
    let actor = Actor::parse("system:test").unwrap();
    let op = store
        .create_operator(&OperatorSlug::parse("alpha").unwrap(), &OperatorName::parse("Alpha").unwrap(), &actor)
        .await
        .unwrap();
    for name in ["a", "b", "c", "d"] {
        store.put_calendar(&op.id, name, "x", &actor).await.unwrap();
    }
    assert_eq!(store.verify_journal(&op).await.unwrap(), 5);
    (store, op)
}

/// Runs raw SQL on the test database, as an attacker with database access would.
async fn tamper(db: &TestDb, sql: &str) {
    match &db.location {
        Location::DataDir(dir) => {
            let url = format!("sqlite://{}", dir.join(tutela_db::SQLITE_FILE).display());
            let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
            for statement in sql.split(';').filter(|s| !s.trim().is_empty()) {
                sqlx::query(statement).execute(&pool).await.unwrap();
            }
        }
        Location::Url(url) => {
            let pool = sqlx::PgPool::connect(url).await.unwrap();
            for statement in sql.split(';').filter(|s| !s.trim().is_empty()) {
                sqlx::query(statement).execute(&pool).await.unwrap();
            }
        }
    }
}

async fn broken(store: &Db, op: &Operator) -> String {
    match store.verify_journal(op).await {
        Err(DbError::Chain { source, .. }) => source.to_string(),
        other => panic!("expected a broken chain, got {other:?}"),
    }
}

#[tokio::test]
async fn edited_row_is_named() {
    for db in test_support::all().await {
        let (store, op) = journal_of_five(&db).await;
        tamper(&db, "UPDATE journal SET object_id = 'zzz' WHERE seq = 3").await;
        assert_eq!(
            broken(&store, &op).await,
            "entry 3 was changed: its content does not match its hash",
            "{}",
            db.backend
        );
    }
}

#[tokio::test]
async fn deleted_row_is_named() {
    for db in test_support::all().await {
        let (store, op) = journal_of_five(&db).await;
        tamper(&db, "DELETE FROM journal WHERE seq = 2").await;
        assert_eq!(
            broken(&store, &op).await,
            "entry 2 is missing: the journal jumps from entry 1 to entry 3",
            "{}",
            db.backend
        );
    }
}

#[tokio::test]
async fn deleted_newest_row_is_named() {
    for db in test_support::all().await {
        let (store, op) = journal_of_five(&db).await;
        tamper(&db, "DELETE FROM journal WHERE seq = 5").await;
        assert_eq!(
            broken(&store, &op).await,
            "entries 5 to 5 are missing: the journal's head says it has 5 entries",
            "{}",
            db.backend
        );
    }
}

#[tokio::test]
async fn swapped_rows_are_named() {
    for db in test_support::all().await {
        let (store, op) = journal_of_five(&db).await;
        // Exchange the sequence numbers of entries 3 and 4, moving each row to the other's place.
        tamper(&db, "UPDATE journal SET seq = 1000 WHERE seq = 3; UPDATE journal SET seq = 3 WHERE seq = 4; UPDATE journal SET seq = 4 WHERE seq = 1000").await;
        assert_eq!(
            broken(&store, &op).await,
            "entry 3 was changed: its content does not match its hash",
            "{}",
            db.backend
        );
    }
}

#[tokio::test]
async fn rehashed_row_breaks_the_next_link() {
    for db in test_support::all().await {
        let (store, op) = journal_of_five(&db).await;
        // A forger who recomputes row 2's hash still cannot make row 3 point at it.
        tamper(&db, "UPDATE journal SET hash = '00000000000000000000000000000000000000000000000000000000000000ff' WHERE seq = 2").await;
        assert_eq!(
            broken(&store, &op).await,
            "entry 2 was changed: its content does not match its hash",
            "{}",
            db.backend
        );
    }
}
