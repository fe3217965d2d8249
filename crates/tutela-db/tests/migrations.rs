//! The two backends' schemas move together: every migration exists for SQLite and for PostgreSQL
//! under the same number and name, so one list of migrations describes both.

use std::path::Path;

fn names(backend: &str) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(backend);
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn sqlite_and_postgres_have_the_same_migrations_numbered_without_gaps() {
    let sqlite = names("sqlite");
    assert_eq!(sqlite, names("postgres"));
    for (index, name) in sqlite.iter().enumerate() {
        let expected = format!("{:04}_", index + 1);
        assert!(name.starts_with(&expected) && name.ends_with(".sql"), "{name} should start with {expected}");
    }
    assert!(sqlite.len() >= 5, "{sqlite:?}");
}
