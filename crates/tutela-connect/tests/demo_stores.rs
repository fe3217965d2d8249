//! The demo operators: every data map in demo/ validates, and for each operator the generated stores,
//! introspected with this crate's connectors, have every table and field the map declares, and every
//! reference the map declares holds (a real foreign key, and no row pointing at a missing one).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use sqlx::{Connection, Row};
use tutela_connect::demo::{DEMO_SLUGS, create_demo_stores};
use tutela_connect::{IntrospectedStore, StoreKind, introspect};
use tutela_datamap::{DataMap, Store};

fn demo_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo")
}

fn load(slug: &str) -> DataMap {
    let path = demo_dir().join(slug).join("datamap.yaml");
    tutela_datamap::load(&path).unwrap_or_else(|error| panic!("demo/{slug}/datamap.yaml:\n{error}"))
}

fn location(dir: &Path, store: &Store) -> PathBuf {
    let location = store.location.as_ref().unwrap_or_else(|| panic!("store {} has no location", store.id.as_str()));
    dir.join(location.value.as_str())
}

#[test]
fn every_demo_map_validates() {
    for slug in DEMO_SLUGS {
        let path = demo_dir().join(slug).join("datamap.yaml");
        let problems = tutela_datamap::check(&path);
        assert!(problems.is_empty(), "demo/{slug}/datamap.yaml has problems: {problems:?}");
        let map = load(slug);
        assert!(!map.purposes.is_empty(), "{slug} declares purposes");
        assert!(!map.stores.is_empty(), "{slug} declares the stores its demo generates");
        assert!(!map.processing_activities.is_empty(), "{slug} declares processing activities");
    }
}

/// The non-null values of `table.field` in a store, as text.
async fn values(kind: StoreKind, path: &Path, table: &str, field: &str) -> BTreeSet<String> {
    match kind {
        StoreKind::Sqlite => {
            let url = format!("sqlite://{}?mode=ro", path.display());
            let mut connection = sqlx::SqliteConnection::connect(&url).await.expect("open");
            let sql = format!(
                "SELECT DISTINCT CAST(\"{field}\" AS TEXT) AS v FROM \"{table}\" WHERE \"{field}\" IS NOT NULL"
            );
            let rows = sqlx::query(&sql).fetch_all(&mut connection).await.expect(&sql);
            rows.iter().map(|row| row.get::<String, _>("v")).collect()
        }
        StoreKind::Csv => {
            let mut reader = csv::Reader::from_path(path.join(format!("{table}.csv"))).expect("csv");
            let index = reader.headers().expect("header").iter().position(|h| h == field).expect("column");
            reader
                .records()
                .map(|record| record.expect("record")[index].to_owned())
                .filter(|value| !value.is_empty())
                .collect()
        }
        StoreKind::Jsonl => {
            let text = std::fs::read_to_string(path.join(format!("{table}.jsonl"))).expect("jsonl");
            text.lines()
                .filter_map(|line| {
                    let record: serde_json::Value = serde_json::from_str(line).expect("json line");
                    match &record[field] {
                        serde_json::Value::Null => None,
                        serde_json::Value::String(text) => Some(text.clone()),
                        other => Some(other.to_string()),
                    }
                })
                .collect()
        }
        StoreKind::Postgres => panic!("the demo stores are files"),
    }
}

async fn check_operator(slug: &str) {
    let map = load(slug);
    let dir = tempfile::tempdir().expect("tempdir");
    let written = create_demo_stores(slug, dir.path()).await.expect("generate");
    assert!(!written.is_empty());
    let mut introspected: Vec<(String, IntrospectedStore)> = Vec::new();
    for store in &map.stores {
        let path = location(dir.path(), store);
        let found = introspect(path.to_str().expect("utf-8")).await.unwrap_or_else(|e| panic!("{slug}: {e}"));
        assert_eq!(found.kind, store.kind.value, "{slug}: store {}", store.id.as_str());
        for table in &store.tables {
            let actual =
                found.tables.iter().find(|t| t.name == table.name.as_str()).unwrap_or_else(|| {
                    panic!("{slug}: store {} has no table {}", store.id.as_str(), table.name.as_str())
                });
            let declared: Vec<&str> = table.fields.iter().map(|f| f.name.as_str()).collect();
            let columns: Vec<&str> = actual.columns.iter().map(|c| c.name.as_str()).collect();
            assert_eq!(declared, columns, "{slug}: {}.{} fields", store.id.as_str(), table.name.as_str());
        }
        introspected.push((store.id.as_str().to_owned(), found));
    }
    for store in &map.stores {
        let (_, found) = introspected.iter().find(|(id, _)| id == store.id.as_str()).expect("introspected");
        for table in &store.tables {
            for reference in &table.references {
                let to = &reference.to.value;
                let target_id = to.store.as_ref().map_or(store.id.as_str(), |s| s.as_str());
                let target = map.stores.iter().find(|s| s.id.as_str() == target_id).expect("target store");
                let what = format!(
                    "{slug}: {}.{}.{} -> {to}",
                    store.id.as_str(),
                    table.name.as_str(),
                    reference.field.as_str()
                );
                if target_id == store.id.as_str() && store.kind.value == StoreKind::Sqlite {
                    let actual = found.tables.iter().find(|t| t.name == table.name.as_str()).expect("table");
                    let has_key = actual.foreign_keys.iter().any(|key| {
                        key.referenced_table == to.table.as_str()
                            && key
                                .columns
                                .iter()
                                .zip(&key.referenced_columns)
                                .any(|(from, into)| from == reference.field.as_str() && into == to.field.as_str())
                    });
                    assert!(has_key, "{what}: no such foreign key in the database");
                }
                let from = values(
                    store.kind.value,
                    &location(dir.path(), store),
                    table.name.as_str(),
                    reference.field.as_str(),
                )
                .await;
                let into =
                    values(target.kind.value, &location(dir.path(), target), to.table.as_str(), to.field.as_str())
                        .await;
                assert!(!from.is_empty(), "{what}: no rows use the reference");
                let orphans: Vec<&String> = from.difference(&into).collect();
                assert!(orphans.is_empty(), "{what}: orphan values {orphans:?}");
            }
        }
    }
}

#[tokio::test]
async fn kursy_stores_match_the_map() {
    check_operator("kursy").await;
}

#[tokio::test]
async fn lexue_stores_match_the_map() {
    check_operator("lexue").await;
}

#[tokio::test]
async fn solarmax_stores_match_the_map() {
    check_operator("solarmax").await;
}

#[tokio::test]
async fn tunewave_stores_match_the_map() {
    check_operator("tunewave").await;
}

#[tokio::test]
async fn pumpcare_stores_match_the_map() {
    check_operator("pumpcare").await;
}

#[tokio::test]
async fn generation_is_deterministic_and_identifiers_check_out() {
    let (a, b) = (tempfile::tempdir().expect("tempdir"), tempfile::tempdir().expect("tempdir"));
    create_demo_stores("lexue", a.path()).await.expect("first");
    create_demo_stores("lexue", b.path()).await.expect("second");
    let first = std::fs::read(a.path().join("logs/app_events.jsonl")).expect("read");
    assert_eq!(first, std::fs::read(b.path().join("logs/app_events.jsonl")).expect("read"));
    let ids_a = values(StoreKind::Sqlite, &a.path().join("lexue.sqlite3"), "users", "resident_id").await;
    let ids_b = values(StoreKind::Sqlite, &b.path().join("lexue.sqlite3"), "users", "resident_id").await;
    assert_eq!(ids_a, ids_b);
    assert!(ids_a.len() >= 10, "{ids_a:?}");
    for id in &ids_a {
        assert!(valid_resident_id(id), "{id}");
    }
    // Running again over existing stores replaces them.
    create_demo_stores("lexue", a.path()).await.expect("again");

    let dir = tempfile::tempdir().expect("tempdir");
    create_demo_stores("kursy", dir.path()).await.expect("kursy");
    let inns = values(StoreKind::Sqlite, &dir.path().join("kursy.sqlite3"), "contractors", "inn").await;
    assert_eq!(inns.len(), 20);
    for inn in &inns {
        assert!(valid_inn(inn), "{inn}");
    }
    let error = create_demo_stores("nobody", dir.path()).await.expect_err("unknown");
    assert!(error.to_string().starts_with("no demo stores for operator \"nobody\""), "{error}");
}

/// GB 11643 check, written independently of the generator.
fn valid_resident_id(id: &str) -> bool {
    let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let chars: Vec<char> = id.chars().collect();
    if chars.len() != 18 || !chars[..17].iter().all(char::is_ascii_digit) {
        return false;
    }
    let sum: u32 = chars[..17].iter().zip(weights).map(|(c, w)| c.to_digit(10).unwrap_or(0) * w).sum();
    "10X98765432".chars().nth((sum % 11) as usize) == Some(chars[17])
}

/// Both check digits of a 12-digit INN.
fn valid_inn(inn: &str) -> bool {
    let digits: Vec<u32> = inn.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 12 {
        return false;
    }
    let check = |weights: &[u32], n: usize| {
        digits[..n].iter().zip(weights).map(|(d, w)| d * w).sum::<u32>() % 11 % 10 == digits[n]
    };
    check(&[7, 2, 4, 10, 3, 5, 9, 4, 6, 8], 10) && check(&[3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8], 11)
}
