//! Tutela's storage: one API over two backends that behave the same, SQLite and PostgreSQL.
//!
//! SQLite is the default: a single file under the data directory, in WAL mode, written by one
//! connection at a time with `BEGIN IMMEDIATE`, with `synchronous = FULL` so an acknowledged write
//! survives the process being killed. PostgreSQL is for production and for several Tutela instances
//! side by side; there, work is claimed with `FOR UPDATE SKIP LOCKED` and journal appends are
//! serialised per operator with a row lock on the operator.
//!
//! Queries are plain SQL checked at run time (no compile-time macros bound to one database, no
//! `AnyPool`). Each query is written once, in `queries.rs`, and compiled once per backend; see
//! `backends.rs`. Every change is made in a transaction that also appends its journal entry.

mod backends;
mod cache;
mod error;
pub mod records;
pub mod secrets;
#[cfg(feature = "test-support")]
pub mod test_support;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use sqlx::postgres::PgPoolOptions;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use tutela_core::clock::{Clock, ClockError, ClockSpec, ClockState};
use tutela_core::journal::{Action, Actor, Entry, EntryHash};
use tutela_core::operator::{OperatorId, OperatorName, OperatorSlug};
use tutela_core::staff::{Password, StaffEmail};

pub use cache::{MAX_DECISION_CACHE_SUBJECTS, TOKEN_TTL_MS};
pub use error::DbError;
pub(crate) use error::conflict_or;
pub use fulfilments::MAX_DESTRUCTION_LOG;
pub use portal::{PORTAL_CODE_TOPIC, PortalLimits, PortalSession, PortalSignIn};
pub use records::*;
pub use requests::{MAX_REQUEST_LOG, REQUEST_ANSWER_TOPIC, REQUEST_LETTER_TOPIC};
pub use verification::{MAX_ATTACHMENTS, REQUEST_CODE_TOPIC};

/// Name of the SQLite file inside the data directory.
pub const SQLITE_FILE: &str = "tutela.sqlite3";
/// Readers SQLite may use at once; writes always go through one connection.
const SQLITE_READERS: u32 = 4;
/// Connections to PostgreSQL per instance.
const POSTGRES_CONNECTIONS: u32 = 16;
/// How long to wait for a connection, or for SQLite's lock, before failing.
const ACQUIRE_TIMEOUT_MS: u64 = 5_000;
/// Most journal entries returned by one page.
pub const MAX_JOURNAL_PAGE: u32 = 1_000;
/// Most e-mail recipients one operator may have; each notification is one message per recipient.
pub const MAX_EMAIL_RECIPIENTS: u32 = 20;

/// Where the data lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A SQLite database in this directory (created if missing).
    DataDir(PathBuf),
    /// A database URL: `postgres://...` or `sqlite://path`.
    Url(String),
}

impl Location {
    /// The location for messages, with any password in a URL replaced by `***`.
    pub fn display(&self) -> String {
        match self {
            Location::DataDir(dir) => dir.join(SQLITE_FILE).display().to_string(),
            Location::Url(url) => tutela_core::redact::redact_url(url),
        }
    }
}

#[derive(Debug, Clone)]
enum Backend {
    Sqlite(backends::sqlite::Pools),
    Postgres(backends::postgres::Pools),
}

/// Runs the same query function on whichever backend this database has.
macro_rules! dispatch {
    ($store:expr, $function:ident ( $($arg:expr),* $(,)? )) => {
        match &$store.backend {
            Backend::Sqlite(pools) => backends::sqlite::$function(pools, $($arg),*).await,
            Backend::Postgres(pools) => backends::postgres::$function(pools, $($arg),*).await,
        }
    };
}

// Modules that add `impl Db` blocks come after `dispatch!`, which they use: one per concern, each
// with its queries in `queries_<concern>.rs`.
mod calendars;
mod clocks;
pub mod consent;
pub mod datamap;
mod fulfilments;
pub mod incidents;
mod journal;
mod notifications;
mod operators;
pub mod portal;
mod requests;
pub mod service;
mod staff;
pub mod subscriptions;
mod verification;

/// A handle on Tutela's database; cheap to clone.
#[derive(Debug, Clone)]
pub struct Db {
    backend: Backend,
    caches: Arc<Caches>,
}

/// The database's in-memory caches; see `cache.rs`.
#[derive(Debug)]
struct Caches {
    tokens: cache::TokenCache,
    /// Subjects' consent state for decisions: on SQLite only, and only when asked for.
    states: Option<cache::StateCache>,
}

impl Caches {
    fn new(states: Option<cache::StateCache>) -> Arc<Caches> {
        Arc::new(Caches { tokens: cache::TokenCache::new(), states })
    }
}

impl Db {
    /// Opens (creating if needed) the database at `location` and brings its schema up to date.
    pub async fn open(location: &Location) -> Result<Db, DbError> {
        let open_error = |source| DbError::Open { location: location.display(), source };
        let store = match location {
            Location::DataDir(dir) => {
                std::fs::create_dir_all(dir).map_err(|e| open_error(sqlx::Error::Io(e)))?;
                open_sqlite(&dir.join(SQLITE_FILE)).await.map_err(open_error)?
            }
            Location::Url(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                open_postgres(url).await.map_err(open_error)?
            }
            Location::Url(url) => match url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) {
                Some(path) => open_sqlite(Path::new(path)).await.map_err(open_error)?,
                None => return Err(DbError::UnsupportedUrl(tutela_core::redact::redact_url(url))),
            },
        };
        store.migrate().await?;
        Ok(store)
    }

    /// This database with decisions answered from memory for up to `subjects` subjects (at most
    /// [`cache::MAX_DECISION_CACHE_SUBJECTS`]), when that is exact: on SQLite, whose only writer is
    /// this process. On PostgreSQL, where other instances write too, or with `subjects == 0`, the
    /// database is returned unchanged. Call it before cloning the database.
    pub fn with_decision_cache(self, subjects: usize) -> Db {
        let subjects = subjects.min(cache::MAX_DECISION_CACHE_SUBJECTS);
        if subjects == 0 || !matches!(self.backend, Backend::Sqlite(_)) {
            return self;
        }
        Db { backend: self.backend, caches: Caches::new(Some(cache::StateCache::new(subjects))) }
    }

    async fn migrate(&self) -> Result<(), DbError> {
        match &self.backend {
            Backend::Sqlite(pools) => sqlx::migrate!("./migrations/sqlite").run(&pools.writer).await?,
            Backend::Postgres(pools) => sqlx::migrate!("./migrations/postgres").run(&pools.writer).await?,
        }
        Ok(())
    }

    /// `sqlite` or `postgres`.
    pub fn backend_name(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }

    /// Whether the database answers a trivial query.
    pub async fn ping(&self) -> Result<(), DbError> {
        match &self.backend {
            Backend::Sqlite(pools) => sqlx::query("SELECT 1").execute(&pools.reader).await.map(drop)?,
            Backend::Postgres(pools) => sqlx::query("SELECT 1").execute(&pools.reader).await.map(drop)?,
        }
        Ok(())
    }

    /// Closes all connections, waiting for running queries.
    pub async fn close(&self) {
        match &self.backend {
            Backend::Sqlite(pools) => {
                pools.writer.close().await;
                pools.reader.close().await;
            }
            Backend::Postgres(pools) => pools.writer.close().await,
        }
    }
}

/// A valid argon2 hash of a random string, used when a member does not exist so that checking their
/// password costs the same time.
fn dummy_hash() -> String {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        let password = Password::parse(&secrets::new_token()).expect("a token is a valid password");
        secrets::hash_password(&password).unwrap_or_default()
    })
    .clone()
}

/// The current instant at the microsecond precision the database keeps, so what a write returns
/// equals what a later read gives.
pub fn now_us() -> Timestamp {
    Timestamp::from_microsecond(Timestamp::now().as_microsecond()).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// A new operator id.
pub(crate) fn new_operator_id() -> OperatorId {
    OperatorId::parse(&new_id()).expect("a UUID is a valid operator id")
}

/// An operator id read from a row.
pub(crate) fn stored_operator_id(text: &str) -> Result<OperatorId, DbError> {
    OperatorId::parse(text).map_err(|e| DbError::corrupt("operator id", e))
}

/// A new random, time-ordered id.
pub(crate) fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

async fn open_sqlite(path: &Path) -> Result<Db, sqlx::Error> {
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_millis(ACQUIRE_TIMEOUT_MS));
    let timeout = Duration::from_millis(ACQUIRE_TIMEOUT_MS);
    let writer =
        SqlitePoolOptions::new().max_connections(1).acquire_timeout(timeout).connect_with(options.clone()).await?;
    let reader = SqlitePoolOptions::new()
        .max_connections(SQLITE_READERS)
        .acquire_timeout(timeout)
        .connect_with(options.read_only(true))
        .await?;
    Ok(Db { backend: Backend::Sqlite(backends::sqlite::Pools { writer, reader }), caches: Caches::new(None) })
}

async fn open_postgres(url: &str) -> Result<Db, sqlx::Error> {
    let pool = PgPoolOptions::new()
        .max_connections(POSTGRES_CONNECTIONS)
        .acquire_timeout(Duration::from_millis(ACQUIRE_TIMEOUT_MS))
        .connect(url)
        .await?;
    let pools = backends::postgres::Pools { writer: pool.clone(), reader: pool };
    Ok(Db { backend: Backend::Postgres(pools), caches: Caches::new(None) })
}
