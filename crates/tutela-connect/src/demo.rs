//! The demo operators' own stores: small generated databases and files that the data maps in
//! `demo/<slug>/datamap.yaml` describe, so that introspection, requests and the PII scanner have
//! something real to work on in `tutela demo`.
//!
//! [`create_demo_stores`] writes one operator's stores under a directory that plays the part of
//! `demo/<slug>/`: each store lands at the `location` its data map gives (`lexue.sqlite3`, `logs/`
//! ...). Rows are fictional but plausible — names, phones and addresses of the operator's country,
//! identifiers with valid check digits (see `fake`) — and generated from a fixed seed per operator,
//! so the same rows come out on every run and machine. Every table and field the map declares is
//! created, and every reference it declares holds: SQLite stores declare them as foreign keys and are
//! filled with `PRAGMA foreign_keys = ON`, files only hold ids that exist. Existing files at those
//! paths are replaced.

mod fake;
mod operators;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{Connection, Executor};

/// The demo operators with generated stores, in the order `tutela demo` lists them.
pub const DEMO_SLUGS: [&str; 5] = ["lexue", "solarmax", "kursy", "tunewave", "pumpcare"];

/// Why the demo stores could not be written.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    /// The slug is not one of [`DEMO_SLUGS`].
    #[error("no demo stores for operator {slug:?}: the demo operators are {}", DEMO_SLUGS.join(", "))]
    UnknownOperator {
        /// The slug asked for.
        slug: String,
    },
    /// A file or folder could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// SQLite refused a statement.
    #[error("cannot fill {}: {source}", path.display())]
    Database {
        /// The database file.
        path: PathBuf,
        /// The driver's error.
        source: sqlx::Error,
    },
}

/// One value of a generated row.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Value {
    Int(i64),
    Real(f64),
    Text(String),
    Null,
}

impl From<&str> for Value {
    fn from(text: &str) -> Self {
        Value::Text(text.to_owned())
    }
}
impl From<String> for Value {
    fn from(text: String) -> Self {
        Value::Text(text)
    }
}
impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Int(n)
    }
}
impl From<f64> for Value {
    fn from(x: f64) -> Self {
        Value::Real(x)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Int(i64::from(b))
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(value: Option<T>) -> Self {
        value.map_or(Value::Null, Into::into)
    }
}
impl From<jiff::civil::Date> for Value {
    fn from(date: jiff::civil::Date) -> Self {
        Value::Text(date.to_string())
    }
}
impl From<jiff::civil::DateTime> for Value {
    fn from(at: jiff::civil::DateTime) -> Self {
        Value::Text(at.strftime("%Y-%m-%d %H:%M:%S").to_string())
    }
}

/// A table's rows, in column order.
pub(crate) struct Rows {
    pub name: &'static str,
    pub columns: &'static [&'static str],
    pub rows: Vec<Vec<Value>>,
}

impl Rows {
    pub(crate) fn new(name: &'static str, columns: &'static [&'static str]) -> Self {
        Self { name, columns, rows: Vec::new() }
    }

    /// Adds a row; its length must be the column count (checked when written).
    pub(crate) fn push(&mut self, row: Vec<Value>) {
        self.rows.push(row);
    }
}

/// One generated store.
pub(crate) enum StoreOut {
    /// An SQLite file: its path relative to the operator's directory, its schema, its tables in an
    /// order where referenced rows come first.
    Sqlite { file: &'static str, schema: &'static str, tables: Vec<Rows> },
    /// A folder of CSV files, one per table.
    Csv { folder: &'static str, tables: Vec<Rows> },
    /// A folder of JSON Lines files, one per table.
    Jsonl { folder: &'static str, tables: Vec<Rows> },
}

/// Writes the stores of demo operator `slug` under `dir` (created if needed) and returns the paths
/// written: SQLite files and CSV / JSON Lines files.
pub async fn create_demo_stores(slug: &str, dir: &Path) -> Result<Vec<PathBuf>, DemoError> {
    let stores = operators::generate(slug).ok_or_else(|| DemoError::UnknownOperator { slug: slug.to_owned() })?;
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| DemoError::Io { path, source }
    };
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let mut written = Vec::new();
    for store in stores {
        match store {
            StoreOut::Sqlite { file, schema, tables } => {
                let path = dir.join(file);
                write_sqlite(&path, schema, &tables).await?;
                written.push(path);
            }
            StoreOut::Csv { folder, tables } => {
                let folder = dir.join(folder);
                std::fs::create_dir_all(&folder).map_err(io(&folder))?;
                for table in &tables {
                    let path = folder.join(format!("{}.csv", table.name));
                    std::fs::write(&path, csv_text(table)).map_err(io(&path))?;
                    written.push(path);
                }
            }
            StoreOut::Jsonl { folder, tables } => {
                let folder = dir.join(folder);
                std::fs::create_dir_all(&folder).map_err(io(&folder))?;
                for table in &tables {
                    let path = folder.join(format!("{}.jsonl", table.name));
                    std::fs::write(&path, jsonl_text(table)).map_err(io(&path))?;
                    written.push(path);
                }
            }
        }
    }
    Ok(written)
}

async fn write_sqlite(path: &Path, schema: &str, tables: &[Rows]) -> Result<(), DemoError> {
    for stale in [path.to_owned(), PathBuf::from(format!("{}-wal", path.display()))] {
        match std::fs::remove_file(&stale) {
            Err(source) if source.kind() != std::io::ErrorKind::NotFound => {
                return Err(DemoError::Io { path: stale, source });
            }
            _ => {}
        }
    }
    let db = |source| DemoError::Database { path: path.to_owned(), source };
    let options = SqliteConnectOptions::from_str("sqlite:")
        .map_err(db)?
        .filename(path)
        .create_if_missing(true)
        .foreign_keys(true);
    let mut connection = SqliteConnection::connect_with(&options).await.map_err(db)?;
    connection.execute(schema).await.map_err(db)?;
    let mut transaction = connection.begin().await.map_err(db)?;
    for table in tables {
        let marks = vec!["?"; table.columns.len()].join(", ");
        let sql = format!("INSERT INTO {} ({}) VALUES ({marks})", table.name, table.columns.join(", "));
        for row in &table.rows {
            debug_assert_eq!(row.len(), table.columns.len(), "{}", table.name);
            let mut query = sqlx::query(&sql);
            for value in row {
                query = match value {
                    Value::Int(n) => query.bind(*n),
                    Value::Real(x) => query.bind(*x),
                    Value::Text(text) => query.bind(text.as_str()),
                    Value::Null => query.bind(None::<String>),
                };
            }
            query.execute(&mut *transaction).await.map_err(db)?;
        }
    }
    transaction.commit().await.map_err(db)?;
    connection.close().await.map_err(db)?;
    Ok(())
}

fn plain(value: &Value) -> String {
    match value {
        Value::Int(n) => n.to_string(),
        Value::Real(x) => x.to_string(),
        Value::Text(text) => text.clone(),
        Value::Null => String::new(),
    }
}

fn csv_text(table: &Rows) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    // Writing to memory cannot fail; a failed row would only be left out.
    let _ = writer.write_record(table.columns);
    for row in &table.rows {
        let _ = writer.write_record(row.iter().map(plain));
    }
    String::from_utf8(writer.into_inner().unwrap_or_default()).unwrap_or_default()
}

fn jsonl_text(table: &Rows) -> String {
    let mut out = String::new();
    for row in &table.rows {
        out.push('{');
        for (index, (column, value)) in table.columns.iter().zip(row).enumerate() {
            let json = match value {
                Value::Int(n) => serde_json::Value::from(*n),
                Value::Real(x) => serde_json::Value::from(*x),
                Value::Text(text) => serde_json::Value::from(text.as_str()),
                Value::Null => serde_json::Value::Null,
            };
            let separator = if index == 0 { "" } else { "," };
            let _ = write!(out, "{separator}{}:{json}", serde_json::Value::from(*column));
        }
        out.push_str("}\n");
    }
    out
}
