//! Fresh, empty databases on both backends for tests (feature `test-support`).
//!
//! PostgreSQL comes from `TUTELA_TEST_POSTGRES_URL`, an admin URL (`scripts/test` starts a server and
//! sets it). Each call creates a new database on that server, so tests never see each other's rows.
//! Set the variable to `skip` to run only the SQLite half; leaving it unset is an error, so a run that
//! silently skipped PostgreSQL can never pass for a full one.

use tutela_core::journal::Actor;
use tutela_core::operator::{OperatorName, OperatorSlug};

use crate::{Db, Location, Operator};

/// A fresh database and what keeps it alive; dropping it removes a SQLite directory.
pub struct TestDb {
    /// Where the database is.
    pub location: Location,
    /// `sqlite` or `postgres`.
    pub backend: &'static str,
    _dir: Option<tempfile::TempDir>,
}

impl TestDb {
    /// Opens a handle on this database (each call opens a new, independent handle).
    pub async fn open(&self) -> Db {
        Db::open(&self.location).await.unwrap_or_else(|e| panic!("open {} store: {e}", self.backend))
    }
}

/// A fresh SQLite database in a temporary directory.
pub fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().expect("create a temporary directory");
    TestDb { location: Location::DataDir(dir.path().to_owned()), backend: "sqlite", _dir: Some(dir) }
}

/// A fresh PostgreSQL database, or `None` when `TUTELA_TEST_POSTGRES_URL=skip`.
pub async fn postgres() -> Option<TestDb> {
    let admin_url = std::env::var("TUTELA_TEST_POSTGRES_URL").unwrap_or_else(|_| {
        panic!(
            "TUTELA_TEST_POSTGRES_URL is not set: run scripts/test, or set it to a PostgreSQL admin URL (or to 'skip')"
        )
    });
    if admin_url == "skip" {
        return None;
    }
    let name = format!("tutela_test_{}", uuid::Uuid::now_v7().simple());
    let mut admin = <sqlx::PgConnection as sqlx::Connection>::connect(&admin_url)
        .await
        .unwrap_or_else(|e| panic!("connect to TUTELA_TEST_POSTGRES_URL: {e}"));
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .await
        .unwrap_or_else(|e| panic!("create test database: {e}"));
    let base = admin_url.rsplit_once('/').map_or(admin_url.as_str(), |(base, _)| base);
    Some(TestDb { location: Location::Url(format!("{base}/{name}")), backend: "postgres", _dir: None })
}

/// A fresh database on every backend under test: SQLite, then PostgreSQL.
pub async fn all() -> Vec<TestDb> {
    let mut dbs = vec![sqlite()];
    dbs.extend(postgres().await);
    dbs
}

/// Creates an operator named after its slug, as `system:test`.
pub async fn create_operator(store: &Db, slug: &str) -> Operator {
    let slug_parsed = OperatorSlug::parse(slug).unwrap_or_else(|e| panic!("test operator slug {slug:?}: {e}"));
    let name = OperatorName::parse(slug).unwrap_or_else(|e| panic!("test operator name {slug:?}: {e}"));
    store
        .create_operator(&slug_parsed, &name, &Actor::system("test"))
        .await
        .unwrap_or_else(|e| panic!("create test operator {slug}: {e}"))
}
