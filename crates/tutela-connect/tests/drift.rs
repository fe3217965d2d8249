//! Drift between a demo operator's data map and its generated SQLite store: none for the map as
//! shipped; a planted column of phone numbers and e-mail addresses is undeclared; a declared e-mail
//! column emptied is declared but not found.

use std::path::{Path, PathBuf};

use sqlx::Connection;
use tutela_connect::demo::create_demo_stores;
use tutela_connect::drift::{DriftReport, drift};
use tutela_connect::rows::{ReadOptions, StoreReader};
use tutela_connect::scan::scan_store;
use tutela_datamap::{DataMap, StoreKind};
use tutela_pii::{ScanOptions, Scanner};

fn load(slug: &str) -> DataMap {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo").join(slug).join("datamap.yaml");
    tutela_datamap::load(&path).unwrap_or_else(|error| panic!("demo/{slug}/datamap.yaml:\n{error}"))
}

/// Generates `slug`'s stores and returns the map and the path of its SQLite store.
async fn demo(slug: &str, dir: &Path) -> (DataMap, PathBuf) {
    create_demo_stores(slug, dir).await.expect("generate");
    let map = load(slug);
    let store = map.stores.iter().find(|s| s.kind.value == StoreKind::Sqlite).expect("an sqlite store");
    let path = dir.join(store.location.as_ref().expect("location").value.as_str());
    (map, path)
}

async fn report(map: &DataMap, path: &Path) -> DriftReport {
    let store = map.stores.iter().find(|s| s.kind.value == StoreKind::Sqlite).expect("sqlite store");
    let scanner = Scanner::new(ScanOptions::default()).expect("scanner");
    let mut reader = StoreReader::open(path.to_str().expect("utf-8"), ReadOptions::default()).await.expect("open");
    let scan = scan_store(&mut reader, &scanner, &mut |_| {}, &mut |_, _| {}).await;
    reader.close().await;
    drift(store, &scan)
}

fn summary(report: &DriftReport) -> Vec<String> {
    let undeclared =
        report.undeclared.iter().map(|u| format!("undeclared {}.{} {} ({})", u.table, u.column, u.kind, u.reason));
    let missing =
        report.declared_not_found.iter().map(|d| format!("not found {}.{} {}", d.table, d.column, d.category));
    undeclared.chain(missing).collect()
}

async fn execute(path: &Path, statements: &[&str]) {
    let mut connection = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display())).await.expect("open");
    for statement in statements {
        sqlx::query(statement).execute(&mut connection).await.expect(statement);
    }
    connection.close().await.expect("close");
}

#[tokio::test]
async fn kursy_map_as_shipped_has_no_drift_then_planted_drift_is_found() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (map, path) = demo("kursy", dir.path()).await;
    let clean = report(&map, &path).await;
    assert_eq!(summary(&clean), Vec::<String>::new(), "{clean:#?}");
    assert!(clean.rows_scanned > 0);
    assert!(clean.skipped.is_empty());
    let checkable_names = clean.not_checkable.iter().any(|n| n.table == "students" && n.column == "full_name");
    assert!(checkable_names, "names are listed as not checkable: {:?}", clean.not_checkable);

    execute(
        &path,
        &[
            "ALTER TABLE students ADD COLUMN notes TEXT",
            "UPDATE students SET notes = 'перезвонить: +7 916 123-45-67, копия на ivan.petrov@mail.ru' WHERE id % 3 = 0",
            "UPDATE enquiries SET email = NULL",
            "CREATE TABLE exports_tmp (id INTEGER PRIMARY KEY, who TEXT)",
            "INSERT INTO exports_tmp (who) VALUES ('anna.smirnova@yandex.ru')",
        ],
    )
    .await;
    let drifted = report(&map, &path).await;
    let lines = summary(&drifted);
    for expected in [
        "undeclared students.notes phone (field not in the data map)",
        "undeclared students.notes email (field not in the data map)",
        "undeclared exports_tmp.who email (table not in the data map)",
        "not found enquiries.email contact.email",
    ] {
        assert!(lines.iter().any(|line| line == expected), "{expected} missing from {lines:#?}");
    }
    assert_eq!(lines.len(), 4, "{lines:#?}");
    let notes = drifted.undeclared.iter().find(|u| u.column == "notes" && u.kind == "phone").expect("notes");
    assert_eq!(notes.expected, ["contact.phone", "contact.messenger"]);
    assert!(notes.count > 0 && !notes.example.contains("123-45-67"), "{notes:?}");
    let email = drifted.declared_not_found.iter().find(|d| d.column == "email").expect("email");
    assert_eq!((email.non_empty, email.kinds.as_slice()), (0, ["email"].as_slice()));
    assert!(email.rows_scanned > 0);
}
