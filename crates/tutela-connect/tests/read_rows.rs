//! Reading cells for the PII scan from real stores: an SQLite file, and a PostgreSQL database from
//! `TUTELA_TEST_POSTGRES_URL` (a fresh database per test; `skip` skips the PostgreSQL tests). Tables
//! that fail while the scan runs (dropped after introspection, a connection killed mid-table) are
//! skipped with the reason, and the scan goes on with the next table.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sqlx::Connection;
use tutela_connect::rows::{ReadOptions, RowCells, RowId, StoreReader, TablePlan};
use tutela_connect::scan::scan_store;
use tutela_pii::{Kind, ScanOptions, Scanner};

/// Every row of table `index` as (row id, column → text of the cell).
type Rows = Vec<(RowId, BTreeMap<String, Option<String>>)>;

async fn read_rows(reader: &mut StoreReader, index: usize) -> Result<Rows, tutela_connect::rows::TableSkip> {
    let mut rows = Vec::new();
    let mut on_row = |plan: &TablePlan, row: RowCells<'_>| {
        let cells = plan
            .columns
            .iter()
            .zip(row.cells)
            .map(|(column, cell)| (column.name.clone(), cell.map(|b| String::from_utf8_lossy(b).into_owned())))
            .collect();
        rows.push((row.id, cells));
    };
    reader.read_table(index, &mut on_row).await?;
    Ok(rows)
}

fn index_of(reader: &StoreReader, table: &str) -> usize {
    reader.tables().iter().position(|plan| plan.name == table).unwrap_or_else(|| panic!("no table {table}"))
}

async fn sqlite_store(dir: &Path) -> PathBuf {
    let path = dir.join("crm.db");
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let mut connection = sqlx::SqliteConnection::connect(&url).await.expect("create");
    for statement in [
        "CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT, phone INTEGER, photo BLOB, score REAL, note TEXT)",
        "INSERT INTO people VALUES (7, 'ivan.petrov@mail.ru', 79161234567, x'00ff', 1.5, 'long note: 0123456789')",
        "INSERT INTO people VALUES (8, NULL, NULL, NULL, NULL, 'ИНН 7707083893')",
        "CREATE TABLE visits (ip TEXT, at TEXT)",
        "INSERT INTO visits VALUES ('10.1.2.3', '2024-01-01'), ('192.168.0.7', '2024-01-02'), ('8.8.8.8', '2024-01-03')",
        "CREATE TABLE leftovers (x TEXT)",
    ] {
        sqlx::query(statement).execute(&mut connection).await.expect(statement);
    }
    connection.close().await.expect("close");
    path
}

#[tokio::test]
async fn sqlite_cells_keys_limits_and_a_table_dropped_mid_scan() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sqlite_store(dir.path()).await;
    let options = ReadOptions { max_cell_bytes: 12, ..ReadOptions::default() };
    let mut reader = StoreReader::open(path.to_str().expect("utf-8"), options).await.expect("open");
    let names: Vec<&str> = reader.tables().iter().map(|plan| plan.name.as_str()).collect();
    assert_eq!(names, ["leftovers", "people", "visits"]);
    let people = &reader.tables()[index_of(&reader, "people")];
    let read: Vec<&str> = people.columns.iter().map(|c| c.name.as_str()).collect();
    let not_read: Vec<&str> = people.not_read.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(
        (read.as_slice(), not_read.as_slice()),
        (["id", "email", "phone", "note"].as_slice(), ["photo", "score"].as_slice())
    );
    assert_eq!(people.key_column.as_deref(), Some("id"));

    // Another connection drops a table after the reader has planned it.
    let mut writer = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display())).await.expect("writer");
    sqlx::query("DROP TABLE leftovers").execute(&mut writer).await.expect("drop");
    writer.close().await.expect("close");

    let skip = read_rows(&mut reader, 0).await.expect_err("dropped table");
    assert_eq!(skip.table, "leftovers");
    assert!(skip.reason.contains("no such table"), "{skip:?}");

    let index = index_of(&reader, "people");
    let rows = read_rows(&mut reader, index).await.expect("people");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].0, RowId::Key("7".into()));
    assert_eq!(rows[0].1["phone"].as_deref(), Some("79161234567"), "integers are read as their decimal text");
    assert_eq!(rows[0].1["email"].as_deref(), Some("ivan.petrov@"), "cells are cut to max_cell_bytes");
    assert_eq!(rows[1].1["email"], None);
    assert_eq!(rows[1].1["note"].as_deref(), Some("ИНН 77070"), "cut at 12 bytes");

    let index = index_of(&reader, "visits");
    let rows = read_rows(&mut reader, index).await.expect("visits");
    let ids: Vec<RowId> = rows.into_iter().map(|(id, _)| id).collect();
    assert_eq!(ids, [RowId::Number(1), RowId::Number(2), RowId::Number(3)], "no key: rows by number");
    reader.close().await;
}

#[tokio::test]
async fn sqlite_samples_row_limits_and_the_scan() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = sqlite_store(dir.path()).await;
    let location = path.to_str().expect("utf-8");
    let tables = Some(vec!["visits".to_owned()]);

    let options = ReadOptions { tables: tables.clone(), sample_rows: Some(2), ..ReadOptions::default() };
    let mut reader = StoreReader::open(location, options).await.expect("open");
    let read = reader.read_table(0, &mut |_, _| {}).await.expect("sample");
    assert_eq!((read.rows, read.sampled, read.row_limit_reached), (2, true, false));

    let options = ReadOptions { tables, max_rows_per_table: 2, ..ReadOptions::default() };
    let mut reader = StoreReader::open(location, options).await.expect("open");
    let read = reader.read_table(0, &mut |_, _| {}).await.expect("capped");
    assert_eq!((read.rows, read.row_limit_reached), (2, true));

    let options = ReadOptions { tables: Some(vec!["nope".to_owned()]), ..ReadOptions::default() };
    let error = StoreReader::open(location, options).await.err().expect("unknown table");
    assert!(error.to_string().contains("no table \"nope\""), "{error}");

    let scanner = Scanner::new(ScanOptions::default()).expect("scanner");
    let mut reader = StoreReader::open(location, ReadOptions::default()).await.expect("open");
    let mut found = Vec::new();
    let scan = scan_store(
        &mut reader,
        &scanner,
        &mut |f| found.push((f.table.to_owned(), f.column.to_owned(), f.row.to_string(), f.finding.kind)),
        &mut |_, _| {},
    )
    .await;
    assert!(scan.skipped.is_empty());
    assert!(found.contains(&("people".into(), "email".into(), "7".into(), Kind::Email)), "{found:?}");
    assert!(found.contains(&("people".into(), "note".into(), "8".into(), Kind::RuInn)), "{found:?}");
    let people = scan.table("people").expect("people");
    assert_eq!(people.column("email").expect("email").non_empty, 1);
    assert_eq!(scan.table("visits").expect("visits").column("ip").expect("ip").kinds[&Kind::Ipv4].count, 3);
}

/// A fresh PostgreSQL database on the test server and the admin URL, or `None` when
/// `TUTELA_TEST_POSTGRES_URL=skip`.
async fn fresh_postgres() -> Option<(String, String)> {
    let admin_url = std::env::var("TUTELA_TEST_POSTGRES_URL").unwrap_or_else(|_| {
        panic!(
            "TUTELA_TEST_POSTGRES_URL is not set: run scripts/test, or set it to a PostgreSQL admin URL (or to 'skip')"
        )
    });
    if admin_url == "skip" {
        return None;
    }
    let name = format!("tutela_rows_test_{}", uuid::Uuid::now_v7().simple());
    let mut admin = sqlx::PgConnection::connect(&admin_url).await.expect("connect to TUTELA_TEST_POSTGRES_URL");
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&mut admin).await.expect("create test database");
    let base = admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(base, _)| base);
    Some((format!("{base}/{name}"), admin_url))
}

async fn execute(url: &str, statements: &[&str]) {
    let mut connection = sqlx::PgConnection::connect(url).await.expect("connect");
    for statement in statements {
        sqlx::query(statement).execute(&mut connection).await.expect(statement);
    }
    connection.close().await.expect("close");
}

/// Ends the scanner's sessions on `database` (as a failing network or a restarted server would).
async fn terminate_scans(admin_url: &str, database: &str) -> u64 {
    let mut admin = sqlx::PgConnection::connect(admin_url).await.expect("admin");
    let ended: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND application_name = 'tutela scan'",
    )
    .bind(database)
    .fetch_all(&mut admin)
    .await
    .expect("terminate");
    ended.len() as u64
}

fn database_name(url: &str) -> String {
    url.rsplit_once('/').map(|(_, name)| name.to_owned()).expect("database name")
}

#[tokio::test]
async fn postgres_cells_types_and_failures_mid_scan() {
    let Some((url, admin_url)) = fresh_postgres().await else { return };
    execute(
        &url,
        &[
            "CREATE TABLE a_customers (id bigint PRIMARY KEY, email varchar(255), phone bigint, profile jsonb, \
             last_ip inet, photo bytea, rating float8, born date, tags text[])",
            "INSERT INTO a_customers VALUES (42, 'ivan.petrov@mail.ru', 79161234567, '{\"inn\": \"7707083893\"}', \
             '10.1.2.3', '\\x00ff', 4.5, '1990-01-01', '{vip,\"+7 916 123-45-67\"}')",
            "CREATE TABLE b_dropped (x text)",
            "CREATE TABLE c_lines (order_id int, line_no int, note text, PRIMARY KEY (order_id, line_no))",
            "INSERT INTO c_lines VALUES (1, 1, 'a'), (1, 2, 'b')",
        ],
    )
    .await;
    let mut reader = StoreReader::open(&url, ReadOptions::default()).await.expect("open");
    let customers = &reader.tables()[0];
    let read: Vec<&str> = customers.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(read, ["id", "email", "phone", "profile", "last_ip", "tags"]);
    let not_read: Vec<&str> = customers.not_read.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(not_read, ["photo", "rating", "born"]);

    execute(&url, &["DROP TABLE b_dropped"]).await;
    let rows = read_rows(&mut reader, 0).await.expect("customers");
    assert_eq!(rows[0].0, RowId::Key("42".into()));
    let cells = &rows[0].1;
    assert_eq!(cells["phone"].as_deref(), Some("79161234567"));
    assert_eq!(cells["last_ip"].as_deref(), Some("10.1.2.3"));
    assert_eq!(cells["profile"].as_deref(), Some("{\"inn\": \"7707083893\"}"));
    assert_eq!(cells["tags"].as_deref(), Some("{vip,\"+7 916 123-45-67\"}"));
    let skip = read_rows(&mut reader, 1).await.expect_err("dropped");
    assert!(skip.reason.contains("does not exist"), "{skip:?}");

    // The connection is killed between tables: the next table reconnects and is read in full.
    assert_eq!(terminate_scans(&admin_url, &database_name(&url)).await, 1);
    let rows = read_rows(&mut reader, 2).await.expect("read after a reconnection");
    assert_eq!(rows.iter().map(|(id, _)| id.clone()).collect::<Vec<_>>(), [RowId::Number(1), RowId::Number(2)]);
    reader.close().await;
}

#[tokio::test]
async fn postgres_connection_lost_inside_a_table() {
    let Some((url, admin_url)) = fresh_postgres().await else { return };
    execute(
        &url,
        &[
            "CREATE TABLE a_big (id int PRIMARY KEY, filler text)",
            "INSERT INTO a_big SELECT g, repeat('x', 200) FROM generate_series(1, 200000) g",
            "CREATE TABLE b_small (email text)",
            "INSERT INTO b_small VALUES ('anna@example.org')",
        ],
    )
    .await;
    let mut reader = StoreReader::open(&url, ReadOptions::default()).await.expect("open");
    let database = database_name(&url);
    let mut seen = 0u64;
    let mut on_row = |_: &TablePlan, _: RowCells<'_>| {
        seen += 1;
        if seen == 1 {
            // The callback is synchronous: kill the session from a thread with its own runtime.
            let (admin_url, database) = (admin_url.clone(), database.clone());
            let ended = std::thread::spawn(move || {
                let runtime = tokio::runtime::Runtime::new().expect("runtime");
                runtime.block_on(terminate_scans(&admin_url, &database))
            })
            .join()
            .expect("terminate thread");
            assert_eq!(ended, 1);
        }
    };
    let skip = reader.read_table(0, &mut on_row).await.expect_err("the connection was killed");
    assert!(skip.rows_read >= 1 && skip.rows_read < 200_000, "{skip:?}");
    assert_eq!(skip.table, "a_big");
    let rows = read_rows(&mut reader, 1).await.expect("the next table, on a new connection");
    assert_eq!(rows[0].1["email"].as_deref(), Some("anna@example.org"));

    let options = ReadOptions { sample_rows: Some(50), tables: Some(vec!["a_big".into()]), ..ReadOptions::default() };
    execute(&url, &["ANALYZE a_big"]).await;
    let mut reader = StoreReader::open(&url, options).await.expect("open");
    let mut ids = Vec::new();
    let read = reader
        .read_table(0, &mut |_, row| {
            if let RowId::Key(key) = row.id {
                ids.push(key.parse::<u32>().expect("id"));
            }
        })
        .await
        .expect("sample");
    assert_eq!((read.rows, read.sampled), (50, true));
    assert!(ids.iter().any(|id| *id > 1_000), "a sample, not the first rows: {ids:?}");
}
