//! End-to-end tests of `tutela scan --database` and `--datamap`: the real executable on a demo
//! operator's generated SQLite store, with its output and exit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;
use sqlx::Connection;

fn tutela(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tutela")).args(args).env("TUTELA_LOG", "warn").output().expect("run tutela")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn json_lines(output: &Output) -> Vec<Value> {
    stdout(output).lines().map(|line| serde_json::from_str(line).expect("a JSON line")).collect()
}

fn demo_map(slug: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo").join(slug).join("datamap.yaml")
}

/// Writes `slug`'s demo stores under `dir`, with a copy of its data map beside them (so the map's
/// relative store locations point at them), and returns (map, SQLite store).
fn demo(slug: &str, dir: &Path, sqlite: &str) -> (PathBuf, PathBuf) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(tutela_connect::demo::create_demo_stores(slug, dir)).expect("demo stores");
    let map = dir.join("datamap.yaml");
    std::fs::copy(demo_map(slug), &map).expect("copy the map");
    (map, dir.join(sqlite))
}

fn execute(path: &Path, statements: &[&str]) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(async {
        let url = format!("sqlite://{}", path.display());
        let mut connection = sqlx::SqliteConnection::connect(&url).await.expect("open");
        for statement in statements {
            sqlx::query(statement).execute(&mut connection).await.expect(statement);
        }
        connection.close().await.expect("close");
    });
}

#[test]
fn findings_name_table_column_and_row_and_columns_are_summarised() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (_, db) = demo("kursy", dir.path(), "kursy.sqlite3");
    let db = db.to_str().expect("utf-8");
    let output = tutela(&["scan", "--database", db, "--tables", "students,enquiries", "--kinds", "email"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = json_lines(&output);
    let finding = lines.iter().find(|line| line["kind"] == "email").expect("an email finding");
    assert_eq!((finding["store"].as_str(), finding["table"].as_str()), (Some(db), Some("enquiries")));
    assert_eq!(finding["column"], "email");
    assert!(finding["row"].is_string(), "the primary key's value: {finding}");
    let value = finding["value"].as_str().expect("value");
    assert!(value.contains("***@"), "masked: {value}");
    let summary = lines
        .iter()
        .find(|line| line["table"] == "students" && line["column"] == "email" && line.get("kinds").is_some())
        .expect("a column summary");
    let rows = summary["rows_scanned"].as_u64().expect("rows");
    assert!(rows > 0);
    assert_eq!(summary["kinds"]["email"].as_u64(), Some(rows), "one e-mail address per student");
    assert!(stderr(&output).contains("rows/s"), "{}", stderr(&output));

    let output = tutela(&["scan", "--database", db, "--tables", "students", "--sample", "5", "--format", "table"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    let email = text.lines().find(|line| line.starts_with("students.email\t")).expect("a line per column");
    assert!(email.contains("5 rows") && email.contains("email=5"), "{email}");

    let output = tutela(&["scan", "--database", db, "--show-values", "--tables", "students", "--kinds", "email"]);
    assert!(json_lines(&output).iter().any(|line| line["value"].as_str().is_some_and(|v| !v.contains('*'))));
}

#[test]
fn drift_exit_codes_and_report() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (map, db) = demo("kursy", dir.path(), "kursy.sqlite3");
    let (map, db) = (map.to_str().expect("utf-8"), db.to_str().expect("utf-8"));

    let output = tutela(&["scan", "--datamap", map, "--database", db, "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "no drift in the shipped map: {}", stdout(&output));
    let report: Value = serde_json::from_str(stdout(&output).trim()).expect("one JSON object");
    assert_eq!(report["store"], "kursy_db");
    for part in ["undeclared", "declared_not_found", "skipped"] {
        assert_eq!(report[part].as_array().map(Vec::len), Some(0), "{part}: {report}");
    }
    assert!(!report["not_checkable"].as_array().expect("not_checkable").is_empty());

    execute(
        Path::new(db),
        &[
            "ALTER TABLE students ADD COLUMN notes TEXT",
            "UPDATE students SET notes = 'WhatsApp +7 916 123-45-67' WHERE id % 2 = 0",
            "UPDATE students SET email = 'removed-' || id",
        ],
    );
    let output = tutela(&["scan", "--datamap", map, "--database", db]);
    assert_eq!(output.status.code(), Some(3), "drift: {}", stderr(&output));
    let report: Value = serde_json::from_str(stdout(&output).trim()).expect("one JSON object");
    let undeclared = &report["undeclared"][0];
    assert_eq!((undeclared["table"].as_str(), undeclared["column"].as_str()), (Some("students"), Some("notes")));
    assert_eq!(undeclared["kind"], "phone");
    assert!(!undeclared["example"].as_str().expect("example").contains("123-45-67"));
    let missing = &report["declared_not_found"][0];
    assert_eq!((missing["column"].as_str(), missing["category"].as_str()), (Some("email"), Some("contact.email")));

    let output = tutela(&["scan", "--datamap", map, "--database", db, "--format", "table"]);
    assert_eq!(output.status.code(), Some(3));
    let text = stdout(&output);
    assert!(text.contains("undeclared: 1") && text.contains("students.notes"), "{text}");
    assert!(text.contains("no email in") && text.contains("rows scanned"), "{text}");

    let output = tutela(&["scan", "--datamap", map, "--database", db, "--store", "mailing_exports"]);
    assert_eq!(output.status.code(), Some(2), "a bad --store is an error");
    assert!(stderr(&output).contains("--store mailing_exports is a csv store"), "{}", stderr(&output));
}

#[test]
fn skipped_tables_exit_1_and_bad_input_exits_2() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("broken.db");
    let url = db.to_str().expect("utf-8");
    std::fs::write(&db, b"").expect("create");
    execute(
        &db,
        &[
            "CREATE TABLE people (id INTEGER PRIMARY KEY, email TEXT UNIQUE)",
            "INSERT INTO people (email) VALUES ('anna@example.org')",
            // A table whose root page is really an index's: its schema reads fine, its rows fail
            // ("database disk image is malformed"), as a damaged table would.
            "PRAGMA writable_schema = ON",
            "INSERT INTO sqlite_schema SELECT 'table', 'broken', 'broken', rootpage, \
             'CREATE TABLE broken (id INTEGER PRIMARY KEY, x TEXT)' FROM sqlite_schema WHERE type = 'index'",
        ],
    );
    let output = tutela(&["scan", "--database", url]);
    let lines = json_lines(&output);
    assert!(lines.iter().any(|line| line["kind"] == "email"), "the rest of the scan goes on: {lines:?}");
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stderr(&output).contains("skipped table broken"), "{}", stderr(&output));
    assert!(lines.iter().any(|line| line["table"] == "broken" && line["skipped"].is_string()));

    let output = tutela(&["scan", "--database", url, "--format", "sarif"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("sarif"), "{}", stderr(&output));
    let output = tutela(&["scan", "--database", "mysql://h/db"]);
    assert_eq!(output.status.code(), Some(2));
    let output = tutela(&["scan", "--database", url, "--tables", "nope"]);
    assert!(stderr(&output).contains("no table \"nope\""), "{}", stderr(&output));
    let output = tutela(&["scan", "--datamap", "x.yaml"]);
    assert_eq!(output.status.code(), Some(2), "--datamap needs --database");
}
