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
use tutela_core::clock::{Clock, ClockError, ClockState};
use tutela_core::journal::{Action, Actor, Entry, EntryHash};
use tutela_core::operator::{OperatorName, OperatorSlug};
use tutela_core::staff::{Password, StaffEmail};

pub use cache::{MAX_DECISION_CACHE_SUBJECTS, TOKEN_TTL_MS};
pub use error::StoreError;
pub(crate) use error::conflict_or;
pub use records::*;

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
            Location::Url(url) => redact_password(url),
        }
    }
}

fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else { return url.to_owned() };
    let Some((credentials, host)) = rest.split_once('@') else { return url.to_owned() };
    match credentials.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_owned(),
    }
}

#[derive(Debug, Clone)]
enum Backend {
    Sqlite(backends::sqlite::Pools),
    Postgres(backends::postgres::Pools),
}

/// Runs the same query function on whichever backend this store has.
macro_rules! dispatch {
    ($store:expr, $function:ident ( $($arg:expr),* $(,)? )) => {
        match &$store.backend {
            Backend::Sqlite(pools) => backends::sqlite::$function(pools, $($arg),*).await,
            Backend::Postgres(pools) => backends::postgres::$function(pools, $($arg),*).await,
        }
    };
}

// Modules that add `impl Store` blocks come after `dispatch!`, which they use.
pub mod consent;
pub mod datamap;

/// A handle on Tutela's database; cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    backend: Backend,
    caches: Arc<Caches>,
}

/// The store's in-memory caches; see `cache.rs`.
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

impl Store {
    /// Opens (creating if needed) the database at `location` and brings its schema up to date.
    pub async fn open(location: &Location) -> Result<Store, StoreError> {
        let open_error = |source| StoreError::Open { location: location.display(), source };
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
                None => return Err(StoreError::UnsupportedUrl(redact_password(url))),
            },
        };
        store.migrate().await?;
        Ok(store)
    }

    /// This store with decisions answered from memory for up to `subjects` subjects (at most
    /// [`cache::MAX_DECISION_CACHE_SUBJECTS`]), when that is exact: on SQLite, whose only writer is
    /// this process. On PostgreSQL, where other instances write too, or with `subjects == 0`, the
    /// store is returned unchanged. Call it before cloning the store.
    pub fn with_decision_cache(self, subjects: usize) -> Store {
        let subjects = subjects.min(cache::MAX_DECISION_CACHE_SUBJECTS);
        if subjects == 0 || !matches!(self.backend, Backend::Sqlite(_)) {
            return self;
        }
        Store { backend: self.backend, caches: Caches::new(Some(cache::StateCache::new(subjects))) }
    }

    async fn migrate(&self) -> Result<(), StoreError> {
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
    pub async fn ping(&self) -> Result<(), StoreError> {
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

    // --- operators ---

    /// Creates an operator; its journal starts with the creation.
    pub async fn create_operator(
        &self,
        slug: &OperatorSlug,
        name: &OperatorName,
        actor: &Actor,
    ) -> Result<Operator, StoreError> {
        dispatch!(self, create_operator(slug, name, actor, now_us()))
    }

    /// The operator with this slug, if any.
    pub async fn operator_by_slug(&self, slug: &str) -> Result<Option<Operator>, StoreError> {
        dispatch!(self, operator_by_slug(slug))
    }

    /// The operator with this slug, or [`StoreError::NotFound`].
    pub async fn operator(&self, slug: &str) -> Result<Operator, StoreError> {
        self.operator_by_slug(slug).await?.ok_or_else(|| StoreError::NotFound { kind: "operator", id: slug.to_owned() })
    }

    /// Every operator, by slug.
    pub async fn list_operators(&self) -> Result<Vec<Operator>, StoreError> {
        dispatch!(self, list_operators())
    }

    // --- staff and tokens ---

    /// Adds a staff member with an argon2-hashed password.
    pub async fn create_staff(
        &self,
        operator_id: &str,
        new: &NewStaff,
        password: &Password,
        actor: &Actor,
    ) -> Result<StaffMember, StoreError> {
        let password = password.clone();
        let hash = tokio::task::spawn_blocking(move || secrets::hash_password(&password))
            .await
            .map_err(|e| StoreError::PasswordHash(e.to_string()))??;
        dispatch!(self, create_staff(operator_id, new, &hash, actor, now_us()))
    }

    /// The operator's staff, by e-mail.
    pub async fn list_staff(&self, operator_id: &str) -> Result<Vec<StaffMember>, StoreError> {
        dispatch!(self, list_staff(operator_id))
    }

    /// Checks an e-mail and password; returns the member when they match an active account.
    /// Takes the same time whether or not the member exists, so it does not reveal who has an account.
    pub async fn check_password(
        &self,
        operator_id: &str,
        email: &StaffEmail,
        password: &str,
    ) -> Result<Option<StaffMember>, StoreError> {
        let found = dispatch!(self, staff_credentials(operator_id, email))?;
        let stored = found.as_ref().map(|(_, hash)| hash.clone()).unwrap_or_else(dummy_hash);
        let candidate = password.to_owned();
        let matches = tokio::task::spawn_blocking(move || secrets::verify_password(&candidate, &stored))
            .await
            .map_err(|e| StoreError::PasswordHash(e.to_string()))?;
        Ok(found.filter(|(member, _)| matches && member.active).map(|(member, _)| member))
    }

    /// Issues an API token and returns it with its secret, which is never stored or shown again.
    pub async fn issue_token(
        &self,
        operator_id: &str,
        new: &NewToken,
        actor: &Actor,
    ) -> Result<(ApiToken, String), StoreError> {
        self.issue_secret(operator_id, new, actor, Action::IssueToken).await
    }

    /// Issues a session token for a staff member who has just signed in.
    pub async fn sign_in(&self, member: &StaffMember, session_ttl_s: i64) -> Result<(ApiToken, String), StoreError> {
        let now = now_us();
        let expires_at = now
            .checked_add(jiff::SignedDuration::from_secs(session_ttl_s))
            .map_err(|e| StoreError::corrupt("session expiry", e))?;
        let new = NewToken {
            name: "console session".into(),
            roles: member.roles.clone(),
            staff_id: Some(member.id.clone()),
            expires_at: Some(expires_at),
        };
        let actor = Actor::parse(&format!("staff:{}", member.id))?;
        self.issue_secret(&member.operator_id, &new, &actor, Action::SignIn).await
    }

    async fn issue_secret(
        &self,
        operator_id: &str,
        new: &NewToken,
        actor: &Actor,
        action: Action,
    ) -> Result<(ApiToken, String), StoreError> {
        let secret = secrets::new_token();
        let digest = secrets::token_digest(&secret);
        let token = dispatch!(self, issue_token(operator_id, new, &digest, actor, action, now_us()))?;
        Ok((token, secret))
    }

    /// The caller behind a token secret, if the token exists, is not revoked and has not expired.
    pub async fn authenticate(&self, secret: &str) -> Result<Option<Principal>, StoreError> {
        if !secret.starts_with(secrets::TOKEN_PREFIX) {
            return Ok(None);
        }
        let digest = secrets::token_digest(secret);
        let now = now_us();
        let ticket = match self.caches.tokens.get(&digest, now) {
            Ok(principal) => return Ok(Some(principal)),
            Err(ticket) => ticket,
        };
        let principal: Option<Principal> = dispatch!(self, authenticate(&digest, now))?;
        if let Some(principal) = &principal {
            self.caches.tokens.insert(ticket, digest, principal.clone());
        }
        Ok(principal)
    }

    /// The operator's tokens, oldest first (metadata only).
    pub async fn list_tokens(&self, operator_id: &str) -> Result<Vec<ApiToken>, StoreError> {
        dispatch!(self, list_tokens(operator_id))
    }

    /// Revokes one of the operator's tokens.
    pub async fn revoke_token(&self, operator_id: &str, token_id: &str, actor: &Actor) -> Result<(), StoreError> {
        let revoked = dispatch!(self, revoke_token(operator_id, token_id, actor, now_us()));
        self.caches.tokens.clear();
        revoked
    }

    // --- calendars ---

    /// Adds or replaces one of the operator's calendars (the caller has parsed it).
    pub async fn put_calendar(
        &self,
        operator_id: &str,
        calendar_id: &str,
        definition: &str,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        dispatch!(self, put_calendar(operator_id, calendar_id, definition, actor, now_us()))
    }

    /// The operator's own calendars.
    pub async fn list_calendars(&self, operator_id: &str) -> Result<Vec<StoredCalendar>, StoreError> {
        dispatch!(self, list_calendars(operator_id))
    }

    // --- journal ---

    /// Up to `limit` entries after sequence number `after_seq`, oldest first.
    pub async fn journal_page(&self, operator_id: &str, after_seq: u64, limit: u32) -> Result<Vec<Entry>, StoreError> {
        dispatch!(self, journal_page(operator_id, after_seq, limit.min(MAX_JOURNAL_PAGE)))
    }

    /// The sequence number and hash of the operator's newest entry.
    pub async fn journal_head(&self, operator_id: &str) -> Result<Option<(u64, EntryHash)>, StoreError> {
        dispatch!(self, journal_head(operator_id))
    }

    /// Recomputes the operator's whole chain; returns the number of entries, or
    /// [`StoreError::Chain`] naming the first entry that was changed, removed or reordered.
    pub async fn verify_journal(&self, operator: &Operator) -> Result<u64, StoreError> {
        dispatch!(self, verify_journal(operator))
    }

    // --- clocks ---

    /// Stores a started clock.
    pub async fn start_clock(
        &self,
        operator_id: &str,
        new: &NewClock,
        actor: &Actor,
    ) -> Result<ClockRecord, StoreError> {
        dispatch!(self, start_clock(operator_id, new, actor, now_us()))
    }

    /// One of the operator's clocks.
    pub async fn clock(&self, operator_id: &str, clock_id: &str) -> Result<ClockRecord, StoreError> {
        dispatch!(self, get_clock(operator_id, clock_id))?
            .ok_or_else(|| StoreError::NotFound { kind: "clock", id: clock_id.to_owned() })
    }

    /// The operator's clocks, soonest due first, optionally only those in one state.
    pub async fn list_clocks(
        &self,
        operator_id: &str,
        state: Option<ClockState>,
        limit: u32,
    ) -> Result<Vec<ClockRecord>, StoreError> {
        dispatch!(self, list_clocks(operator_id, state, limit.min(MAX_JOURNAL_PAGE)))
    }

    /// Changes a clock (pause, resume, extend, complete) under a row lock and journals the change
    /// with the details `change` returns.
    pub async fn update_clock<F>(
        &self,
        operator_id: &str,
        clock_id: &str,
        actor: &Actor,
        action: Action,
        change: F,
    ) -> Result<ClockRecord, StoreError>
    where
        F: FnOnce(&mut Clock) -> Result<serde_json::Value, ClockError>,
    {
        dispatch!(self, update_clock(operator_id, clock_id, actor, action, change, now_us()))
    }

    /// The earliest instant at which any clock changes state by itself.
    pub async fn next_clock_check(&self) -> Result<Option<Timestamp>, StoreError> {
        dispatch!(self, next_clock_check())
    }

    /// Moves clocks whose time has come to their new state; see the scheduler.
    pub async fn process_due_clocks(&self, now: Timestamp, limit: u32) -> Result<Vec<ClockTransition>, StoreError> {
        dispatch!(self, process_due_clocks(now, limit))
    }

    // --- webhooks, e-mail recipients and the outbox ---

    /// Adds a webhook endpoint with a new signing secret.
    pub async fn add_webhook(&self, operator_id: &str, url: &str, actor: &Actor) -> Result<Webhook, StoreError> {
        let secret = secrets::new_signing_secret();
        dispatch!(self, add_webhook(operator_id, url, &secret, actor, now_us()))
    }

    /// The operator's webhook endpoints.
    pub async fn list_webhooks(&self, operator_id: &str) -> Result<Vec<Webhook>, StoreError> {
        dispatch!(self, list_webhooks(operator_id))
    }

    /// Adds an address that receives the operator's notifications by e-mail; at most
    /// [`MAX_EMAIL_RECIPIENTS`] per operator ([`StoreError::Limit`]), each once
    /// ([`StoreError::Conflict`]).
    pub async fn add_email_recipient(
        &self,
        operator_id: &str,
        address: &StaffEmail,
        actor: &Actor,
    ) -> Result<EmailRecipient, StoreError> {
        dispatch!(self, add_email_recipient(operator_id, address, actor, now_us()))
    }

    /// The operator's e-mail recipients, by address.
    pub async fn list_email_recipients(&self, operator_id: &str) -> Result<Vec<EmailRecipient>, StoreError> {
        dispatch!(self, list_email_recipients(operator_id))
    }

    /// Removes one of the operator's e-mail recipients ([`StoreError::NotFound`] when it has no such
    /// recipient). Messages already queued for it are not sent.
    pub async fn remove_email_recipient(
        &self,
        operator_id: &str,
        recipient_id: &str,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        dispatch!(self, remove_email_recipient(operator_id, recipient_id, actor, now_us()))
    }

    /// The operator's newest notifications, newest first.
    pub async fn list_outbox(&self, operator_id: &str, limit: u32) -> Result<Vec<OutboxMessage>, StoreError> {
        dispatch!(self, list_outbox(operator_id, limit.min(MAX_JOURNAL_PAGE)))
    }

    /// Claims deliveries of any channel that are due, leasing each for `lease_s` seconds.
    pub async fn claim_deliveries(
        &self,
        now: Timestamp,
        lease_s: i64,
        limit: u32,
    ) -> Result<Vec<Delivery>, StoreError> {
        dispatch!(self, claim_deliveries(now, lease_s, limit))
    }

    /// The earliest planned delivery attempt (including expired leases of other instances).
    pub async fn next_delivery_at(&self) -> Result<Option<Timestamp>, StoreError> {
        dispatch!(self, next_delivery_at())
    }

    /// Records how a delivery attempt ended.
    pub async fn finish_delivery(&self, message_id: &str, outcome: &DeliveryOutcome) -> Result<(), StoreError> {
        dispatch!(self, finish_delivery(message_id, outcome, now_us()))
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

/// A new random, time-ordered id.
pub(crate) fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

async fn open_sqlite(path: &Path) -> Result<Store, sqlx::Error> {
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
    Ok(Store { backend: Backend::Sqlite(backends::sqlite::Pools { writer, reader }), caches: Caches::new(None) })
}

async fn open_postgres(url: &str) -> Result<Store, sqlx::Error> {
    let pool = PgPoolOptions::new()
        .max_connections(POSTGRES_CONNECTIONS)
        .acquire_timeout(Duration::from_millis(ACQUIRE_TIMEOUT_MS))
        .connect(url)
        .await?;
    let pools = backends::postgres::Pools { writer: pool.clone(), reader: pool };
    Ok(Store { backend: Backend::Postgres(pools), caches: Caches::new(None) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(redact_password("postgres://u:secret@h:5432/db"), "postgres://u:***@h:5432/db");
        assert_eq!(redact_password("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(redact_password("sqlite:///x"), "sqlite:///x");
    }
}
