//! The two backends, each a compilation of the query files against one sqlx driver.
//!
//! The differences between SQLite and PostgreSQL that the queries need are the three constants each
//! module defines before including the shared query code. The query files are listed once, in
//! [`all_queries`]; a new concern adds its `queries_<concern>.rs` there.

/// Includes every query file into the module that calls it.
macro_rules! all_queries {
    () => {
        include!("queries.rs");
        include!("queries_operators.rs");
        include!("queries_staff.rs");
        include!("queries_calendars.rs");
        include!("queries_journal.rs");
        include!("queries_notifications.rs");
        include!("queries_clocks.rs");
        include!("queries_datamap.rs");
        include!("queries_consent.rs");
        include!("queries_requests.rs");
        include!("queries_fulfilments.rs");
        include!("queries_verification.rs");
        include!("queries_portal.rs");
        include!("queries_incidents.rs");
        include!("queries_subscriptions.rs");
        include!("queries_service.rs");
    };
}

/// SQLite: a file in the data directory, WAL mode, one writer connection.
pub(crate) mod sqlite {
    pub(crate) type Driver = sqlx::Sqlite;
    /// Takes the write lock at the start, so a transaction never fails half-way for lack of it.
    const BEGIN_WRITE: &str = "BEGIN IMMEDIATE";
    /// No row locks in SQLite: `BEGIN IMMEDIATE` already serialises writers.
    const LOCK_ROW: &str = "";
    const SKIP_LOCKED: &str = "";
    all_queries!();
}

/// PostgreSQL: shared by several Tutela instances.
pub(crate) mod postgres {
    pub(crate) type Driver = sqlx::Postgres;
    const BEGIN_WRITE: &str = "BEGIN";
    /// Serialises appends to one operator's journal across instances.
    const LOCK_ROW: &str = " FOR UPDATE";
    /// Lets instances claim disjoint work without waiting for each other.
    const SKIP_LOCKED: &str = " FOR UPDATE SKIP LOCKED";
    all_queries!();
}
