//! Connectors to the operator's own stores: the SQLite files, PostgreSQL databases and folders of
//! CSV or JSON Lines files that a data map's `stores:` section describes.
//!
//! The first thing a connector does is *introspection*: [`introspect`] reads a store's structure
//! (tables, columns with their type and nullability, primary keys, foreign keys) without reading its
//! rows beyond a small sample of file lines, and [`draft_store`] turns that into a `stores:` entry in
//! the data map format, with references taken from the foreign keys and data categories suggested
//! from column names, for the operator to check and complete (`tutela datamap introspect`).
//!
//! Every connection is read-only (SQLite opened with `SQLITE_OPEN_READONLY`, PostgreSQL sessions with
//! `default_transaction_read_only`), and everything is bounded by [`Limits`]: tables, columns per
//! table, bytes and lines read from a file, and one timeout for connecting and each statement.
//!
//! - `location`: what a location string names ([`StoreLocation`]).
//! - `sqlite`, `postgres`, `files`: one introspector per kind of store.
//! - [`draft`]: the YAML draft; [`suggest`]: categories guessed from column names.
//! - [`demo`]: the demo operators' generated stores, the ones their data maps in `demo/` describe.
//! - [`rows`]: reading the cells of SQLite and PostgreSQL tables, streamed and bounded, for
//!   [`scan`], the PII scan of a store (`tutela scan --database`); [`drift`]: what the scan found
//!   against what the data map declares.
//!
//! Queries are sqlx runtime queries on one connection per introspection: no compile-time macros
//! (there is no schema to check them against: the schema is what is being read) and no pool.

pub mod demo;
pub mod draft;
pub mod drift;
mod files;
mod location;
mod postgres;
pub mod rows;
pub mod scan;
mod sqlite;
pub mod suggest;

use std::path::PathBuf;
use std::time::Duration;

pub use draft::{DraftOptions, default_store_id, draft_store, draft_store_with};
pub use location::{StoreLocation, redact_url};
pub use tutela_datamap::StoreKind;

/// Bounds on what one introspection reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The most tables (or files) a store may have; more is an error naming the limit.
    pub max_tables: usize,
    /// The most columns (or keys) one table may have.
    pub max_columns: usize,
    /// The most bytes read from the start of each CSV or JSON Lines file.
    pub max_file_bytes: u64,
    /// The most data lines sampled from each file to find its keys and column types.
    pub max_sample_lines: usize,
    /// The timeout of connecting and of each statement, in milliseconds; also bounds the whole
    /// introspection of a database.
    pub timeout_ms: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Self { max_tables: 500, max_columns: 500, max_file_bytes: 1 << 20, max_sample_lines: 100, timeout_ms: 10_000 }
    }
}

impl Limits {
    fn timeout(&self) -> Duration {
        Duration::from_millis(self.timeout_ms)
    }
}

/// How to introspect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntrospectOptions {
    /// The bounds.
    pub limits: Limits,
    /// The PostgreSQL schema to read (ignored for other stores).
    pub postgres_schema: String,
}

impl Default for IntrospectOptions {
    fn default() -> Self {
        Self { limits: Limits::default(), postgres_schema: "public".to_owned() }
    }
}

/// A store's structure as read from the store itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntrospectedStore {
    /// What kind of store it is.
    pub kind: StoreKind,
    /// Where it is, fit to show and to write in a data map: the path (for files, the folder), or for
    /// PostgreSQL the URL without its password.
    pub location: String,
    /// The PostgreSQL schema read; `None` for other stores.
    pub schema: Option<String>,
    /// Its tables (for files: one per file), sorted by name.
    pub tables: Vec<IntrospectedTable>,
}

/// A table (or a CSV/JSON Lines file).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntrospectedTable {
    /// The table name (for a file: its name without the extension).
    pub name: String,
    /// Its columns (keys), in the store's order.
    pub columns: Vec<IntrospectedColumn>,
    /// The columns of its primary key, in key order; empty when it has none (files never have one).
    pub primary_key: Vec<String>,
    /// Its foreign keys (files never have any).
    pub foreign_keys: Vec<ForeignKey>,
}

impl IntrospectedTable {
    /// The column with this name.
    pub fn column(&self, name: &str) -> Option<&IntrospectedColumn> {
        self.columns.iter().find(|column| column.name == name)
    }
}

/// A column (or a key of JSON Lines records).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntrospectedColumn {
    /// Its name.
    pub name: String,
    /// Its type as the store declares it (`INTEGER`, `character varying(255)`), or for files the
    /// type the sampled values share (`integer`, `real`, `boolean`, `text`, `object`, `array`,
    /// `mixed`; `unknown` when no sampled row had a value).
    pub data_type: String,
    /// Whether it may be NULL (for files: whether some sampled row left it empty or out).
    pub nullable: bool,
}

/// A foreign key: these columns hold values of those columns of another (or the same) table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForeignKey {
    /// The referencing columns, in key order.
    pub columns: Vec<String>,
    /// The referenced table's schema, when it is not the introspected one (PostgreSQL only).
    pub referenced_schema: Option<String>,
    /// The referenced table.
    pub referenced_table: String,
    /// The referenced columns, pairwise with `columns`.
    pub referenced_columns: Vec<String>,
}

/// Why a store could not be introspected.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    /// The location is not something Tutela can connect to.
    #[error("cannot use {location:?} as a store: {reason}")]
    InvalidLocation {
        /// The location as given (without any password).
        location: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Nothing exists at the path.
    #[error("{}: no such file or folder", path.display())]
    NotFound {
        /// The path.
        path: PathBuf,
    },
    /// A file or folder could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The database refused a connection or a query.
    #[error("{location}: {source}")]
    Database {
        /// The store (without any password).
        location: String,
        /// The driver's error.
        source: sqlx::Error,
    },
    /// Connecting or a statement took longer than [`Limits::timeout_ms`].
    #[error("{location}: no answer within {timeout_ms} ms")]
    Timeout {
        /// The store (without any password).
        location: String,
        /// The limit that was reached.
        timeout_ms: u64,
    },
    /// The PostgreSQL schema does not exist.
    #[error("{location}: there is no schema {schema:?}")]
    SchemaNotFound {
        /// The store (without its password).
        location: String,
        /// The schema asked for.
        schema: String,
    },
    /// The store has more tables or files than [`Limits::max_tables`].
    #[error("{location} has more than {max_tables} tables: introspect a smaller schema or folder")]
    TooManyTables {
        /// The store.
        location: String,
        /// The limit.
        max_tables: usize,
    },
    /// A table has more columns than [`Limits::max_columns`].
    #[error("table {table:?} has more than {max_columns} columns")]
    TooManyColumns {
        /// The table.
        table: String,
        /// The limit.
        max_columns: usize,
    },
    /// A CSV or JSON Lines file is not what its extension says.
    #[error("{}:{line}: {reason}", path.display())]
    MalformedFile {
        /// The file.
        path: PathBuf,
        /// The 1-based line where the problem is.
        line: u64,
        /// What is wrong.
        reason: String,
    },
}

/// Reads the structure of the store at `location`, with the default [`IntrospectOptions`].
///
/// `location` is a PostgreSQL URL (`postgres://...`), an SQLite URL or file (`sqlite://shop.db`,
/// `shop.db`), or a CSV or JSON Lines file or folder of them.
pub async fn introspect(location: &str) -> Result<IntrospectedStore, ConnectError> {
    introspect_with(location, &IntrospectOptions::default()).await
}

/// Reads the structure of the store at `location` within `options`.
pub async fn introspect_with(location: &str, options: &IntrospectOptions) -> Result<IntrospectedStore, ConnectError> {
    let limits = &options.limits;
    match StoreLocation::parse(location)? {
        StoreLocation::Sqlite(path) => sqlite::introspect(&path, limits).await,
        StoreLocation::Postgres(url) => postgres::introspect(&url, &options.postgres_schema, limits).await,
        StoreLocation::Files { kind, path } => files::introspect(kind, &path, limits),
    }
}
