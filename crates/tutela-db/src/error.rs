//! The one error type of the storage layer.

use tutela_core::journal::{ChainBreak, InvalidEntry};

/// Why a storage operation failed.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The database could not be opened or reached; the message names the location.
    #[error("cannot open database {location}: {source}")]
    Open {
        /// The data directory or URL (with any password removed).
        location: String,
        /// What the driver said.
        #[source]
        source: sqlx::Error,
    },
    /// The database URL is not a SQLite or PostgreSQL URL.
    #[error("unsupported database URL {0:?}: expected postgres://... or sqlite://...")]
    UnsupportedUrl(String),
    /// Applying the schema migrations failed.
    #[error("cannot migrate the database schema: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A query failed.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// A list was asked to continue after an item it does not hold.
    #[error("after: no {kind} {id:?} to continue after; pass the id of the last item of the previous page")]
    UnknownCursor {
        /// What the list holds.
        kind: &'static str,
        /// The cursor given.
        id: String,
    },
    /// A row that must exist does not (for example, an operator named in a token).
    #[error("{kind} {id:?} not found")]
    NotFound {
        /// The kind of thing looked for.
        kind: &'static str,
        /// Its id or name.
        id: String,
    },
    /// A change that the thing's current state does not allow (a request already completed ...).
    #[error("{kind} {id}: {reason}")]
    Refused {
        /// The kind of thing.
        kind: &'static str,
        /// Its id or reference.
        id: String,
        /// Why the change is refused.
        reason: String,
    },
    /// A unique name is already taken (an operator slug, a staff e-mail within an operator).
    #[error("{kind} {id:?} already exists")]
    Conflict {
        /// The kind of thing.
        kind: &'static str,
        /// The taken name.
        id: String,
    },
    /// The change was prepared against a version that another writer has since replaced (e.g. a
    /// data map's difference computed against version 3 while version 4 was applied); prepare it
    /// again against the current version.
    #[error("{what} changed while this change was prepared: it is now version {current}, not {expected}")]
    Stale {
        /// What changed.
        what: &'static str,
        /// The version the change was prepared against (0: none).
        expected: u64,
        /// The version there is now.
        current: u64,
    },
    /// The operator already has as many of something as it may (e.g. e-mail recipients).
    #[error("an operator may have at most {max} {kind}")]
    Limit {
        /// The kind of thing, plural.
        kind: &'static str,
        /// How many are allowed.
        max: u32,
    },
    /// A stored value could not be read back into a domain type; the database was changed outside
    /// Tutela or is corrupt.
    #[error("corrupt {what} in the database: {detail}")]
    Corrupt {
        /// Which value.
        what: &'static str,
        /// What was wrong with it.
        detail: String,
    },
    /// A journal entry could not be built.
    #[error(transparent)]
    Entry(#[from] InvalidEntry),
    /// Verifying a journal found a break in the chain.
    #[error("journal of operator {operator} is broken: {source}")]
    Chain {
        /// The operator's slug.
        operator: String,
        /// The first break.
        #[source]
        source: ChainBreak,
    },
    /// A clock refused a change (paused twice, extended after completion ...).
    #[error(transparent)]
    Clock(#[from] tutela_core::clock::ClockError),
    /// Hashing a password failed.
    #[error("cannot hash password: {0}")]
    PasswordHash(String),
}

impl DbError {
    /// Whether the database could not be reached or had no free connection: worth retrying later.
    pub fn is_unavailable(&self) -> bool {
        matches!(
            self,
            DbError::Open { .. }
                | DbError::Database(sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_))
        )
    }

    pub(crate) fn corrupt(what: &'static str, detail: impl ToString) -> Self {
        DbError::Corrupt { what, detail: detail.to_string() }
    }
}

/// Turns a unique-constraint violation into [`DbError::Conflict`], anything else into
/// [`DbError::Database`].
pub(crate) fn conflict_or(err: sqlx::Error, kind: &'static str, id: &str) -> DbError {
    match &err {
        sqlx::Error::Database(db) if db.is_unique_violation() => DbError::Conflict { kind, id: id.to_owned() },
        _ => DbError::Database(err),
    }
}
