//! An erasure across two stores where the second fails after the first committed: looking the
//! subject up again finds nothing of what the second still holds (its orders belong to a customer
//! the first store already deleted), so only the saved plan lets a retry finish the erasure.

use std::path::Path;

use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{Connection, Executor};
use tutela_fulfil::{Engine, Identity, SavedPlan};

const MAP: &str = include_str!("fixtures/two_stores.yaml");

async fn connect(path: &Path) -> SqliteConnection {
    let options = SqliteConnectOptions::new().filename(path).create_if_missing(true);
    SqliteConnection::connect_with(&options).await.expect("open")
}

async fn orders_left(dir: &Path) -> i64 {
    let mut conn = connect(&dir.join("shop.sqlite3")).await;
    sqlx::query_scalar("SELECT count(*) FROM orders WHERE customer_id = 1").fetch_one(&mut conn).await.unwrap()
}

/// The two stores of the fixture map: customers 1 (Anna) and 2 (Bernd) in `accounts`; orders 10 and
/// 11 of Anna and 12 of Bernd in `shop`.
async fn two_stores(dir: &Path) -> (SqliteConnection, SqliteConnection) {
    let mut accounts = connect(&dir.join("accounts.sqlite3")).await;
    accounts
        .execute(
            "CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL, blocked INTEGER NOT NULL DEFAULT 0)",
        )
        .await
        .unwrap();
    accounts
        .execute("INSERT INTO customers VALUES (1, 'anna@example.com', 0), (2, 'bernd@example.com', 0)")
        .await
        .unwrap();
    let mut shop = connect(&dir.join("shop.sqlite3")).await;
    shop.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, address TEXT)")
        .await
        .unwrap();
    shop.execute("INSERT INTO orders VALUES (10, 1, 'Street 1'), (11, 1, 'Street 1'), (12, 2, 'Road 2')")
        .await
        .unwrap();
    (accounts, shop)
}

#[tokio::test]
async fn a_retry_with_the_saved_plan_finishes_what_a_fresh_lookup_cannot_find() {
    let dir = tempfile::tempdir().unwrap();
    let (_accounts, mut shop) = two_stores(dir.path()).await;
    // The shop's store refuses deletions: the first run's second store fails after the first committed.
    shop.execute("CREATE TRIGGER no_delete BEFORE DELETE ON orders BEGIN SELECT RAISE(ABORT, 'disk on fire'); END")
        .await
        .unwrap();

    let map = tutela_datamap::load_sources(vec![(dir.path().join("datamap.yaml"), MAP.to_owned())]).expect("map");
    let engine = Engine::new(map, dir.path());
    let anna = [Identity::parse("email=anna@example.com").unwrap()];
    let mut conns = engine.open().await.unwrap();
    let found = engine.plan_erasure(&mut conns, &anna, None).await.unwrap();
    assert_eq!(found.row_count(), 3, "the customer and two orders");
    // Kept as the server keeps it: JSON in the run's row, until every store confirms.
    let saved = serde_json::to_string(&engine.saved_plan(&found)).unwrap();
    let first = engine.execute_erasure(&mut conns, &anna, &found, None, false).await.unwrap();
    assert!(!first.complete, "{first:?}");
    let confirmed: Vec<(&str, bool)> = first.stores.iter().map(|s| (s.store.as_str(), s.confirmed)).collect();
    assert_eq!(confirmed, [("accounts", true), ("shop", false)]);
    drop(conns);

    shop.execute("DROP TRIGGER no_delete").await.unwrap();
    let lookup_only = engine.erase(&anna, None, true).await.unwrap();
    assert!(!lookup_only.found, "the customer is gone, and with it the way to the orders");
    assert_eq!(orders_left(dir.path()).await, 2);

    let previous: SavedPlan = serde_json::from_str(&saved).unwrap();
    let mut conns = engine.open().await.unwrap();
    let found = engine.plan_erasure(&mut conns, &anna, Some(previous)).await.unwrap();
    let retry = engine.execute_erasure(&mut conns, &anna, &found, None, false).await.unwrap();
    assert!(retry.complete, "{retry:?}");
    assert_eq!(orders_left(dir.path()).await, 0, "the retry erased the orders the lookup could not reach");
    let other: i64 =
        sqlx::query_scalar("SELECT count(*) FROM orders WHERE customer_id = 2").fetch_one(&mut shop).await.unwrap();
    assert_eq!(other, 1, "another subject's order is untouched");
}

#[tokio::test]
async fn restriction_marks_the_flagged_rows_and_names_the_tables_it_cannot_mark() {
    let dir = tempfile::tempdir().unwrap();
    let (mut accounts, _shop) = two_stores(dir.path()).await;
    let map = tutela_datamap::load_sources(vec![(dir.path().join("datamap.yaml"), MAP.to_owned())]).expect("map");
    let engine = Engine::new(map, dir.path());
    let anna = [Identity::parse("email=Anna@Example.com").unwrap()];

    let dry = engine.restrict(&anna, true).await.unwrap();
    assert!(dry.found && dry.stores.is_empty() && !dry.complete, "a dry run marks nothing: {dry:?}");
    let report = engine.restrict(&anna, false).await.unwrap();
    assert!(report.complete, "{report:?}");
    assert_eq!(report.stores[0].tables[0].blocked, 1);
    assert_eq!(report.unmarked, ["shop:orders"], "orders have no flag: the block stays in the request log");
    let flags: Vec<(i64, i64)> =
        sqlx::query_as("SELECT id, blocked FROM customers ORDER BY id").fetch_all(&mut accounts).await.unwrap();
    assert_eq!(flags, [(1, 1), (2, 0)], "only the subject's row is marked");
}
