//! One connection to one of the operator's stores, able to find rows by a field's values and, in
//! the engine's erasure step only, to change them.
//!
//! Databases are reached with sqlx runtime queries on one connection (SQLite or PostgreSQL, never
//! `AnyPool`); every value travels as text and is cast to the column's type in SQL, so one code path
//! serves both and integer, date or UUID keys compare in the column's own type (its index serves
//! the lookup). Cells come back as text and are turned into JSON by the column's declared type.
//! Lookups go in batches of at most [`MAX_VALUES_PER_QUERY`] values. A folder of CSV or JSON Lines
//! files has no index: a lookup reads the file once, streaming, and keeps only matching records.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use futures_util::TryStreamExt;
use serde_json::Value;
use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, Connection, Row as _};
use tutela_connect::{IntrospectOptions, IntrospectedTable, StoreLocation};
use tutela_datamap::{IdentityMatch, Store, StoreKind};

use crate::FulfilError;
use crate::identity::{PHONE_SEPARATORS, normalise};

/// The most values bound in one lookup statement.
pub const MAX_VALUES_PER_QUERY: usize = 500;
/// The most rows one lookup may return for one table of one subject.
pub const MAX_ROWS_PER_TABLE: usize = 1_000_000;

/// A row: its cells in the order of the columns asked for.
pub type Row = Vec<Value>;

/// Which rows: those whose `field`, compared by `matching`, is one of `values`.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Selector {
    /// The field compared.
    pub field: String,
    /// How it is compared.
    pub matching: IdentityMatch,
    /// The values (already normalised for `matching`).
    pub values: Vec<String>,
}

/// A column as the live store declares it.
#[derive(Clone, Debug)]
pub struct Column {
    /// Its declared type (`INTEGER`, `character varying`, for files the sampled type).
    pub data_type: String,
    /// Whether it may hold NULL.
    pub nullable: bool,
}

enum Inner {
    Sqlite(SqliteConnection),
    Postgres(PgConnection),
    Files { folder: PathBuf, kind: StoreKind },
}

/// An open store.
pub struct StoreConn {
    /// The store's id.
    pub id: String,
    inner: Inner,
    columns: HashMap<String, HashMap<String, Column>>,
    primary_keys: HashMap<String, Vec<String>>,
    in_transaction: bool,
}

fn store_error(store: &str, action: &str, error: impl std::fmt::Display) -> FulfilError {
    FulfilError::Store { store: store.to_owned(), why: format!("{action}: {error}") }
}

/// Where a store is: its `location` relative to the map's folder, or its `connection_env`'s URL.
pub fn location_of(store: &Store, map_dir: &Path) -> Result<String, FulfilError> {
    if let Some(env) = &store.connection_env {
        return std::env::var(env.as_str()).map_err(|_| FulfilError::Store {
            store: store.id.as_str().to_owned(),
            why: format!("the environment variable {} that holds its URL is not set", env.as_str()),
        });
    }
    let location = store.location.as_ref().map(|l| l.as_str()).unwrap_or(".");
    Ok(map_dir.join(location).display().to_string())
}

impl StoreConn {
    /// Opens `store` at `location` (default: where the map says): reads its structure, then opens
    /// one read-write connection.
    pub async fn open(
        store: &Store,
        map_dir: &Path,
        location: Option<String>,
        timeout_ms: u64,
    ) -> Result<Self, FulfilError> {
        let id = store.id.as_str().to_owned();
        let location = match location {
            Some(location) => location,
            None => location_of(store, map_dir)?,
        };
        let introspected = tutela_connect::introspect_with(&location, &IntrospectOptions::default())
            .await
            .map_err(|error| store_error(&id, "cannot read its structure", error))?;
        let mut columns = HashMap::new();
        let mut primary_keys = HashMap::new();
        for table in &introspected.tables {
            columns.insert(table.name.clone(), column_map(table));
            primary_keys.insert(table.name.clone(), table.primary_key.clone());
        }
        let timeout = Duration::from_millis(timeout_ms);
        let inner = match StoreLocation::parse(&location).map_err(|error| store_error(&id, "cannot open", error))? {
            StoreLocation::Sqlite(path) => {
                let options = SqliteConnectOptions::from_str("sqlite:")
                    .map_err(|error| store_error(&id, "cannot open", error))?
                    .filename(path)
                    .create_if_missing(false)
                    .foreign_keys(true)
                    .busy_timeout(timeout)
                    .disable_statement_logging();
                Inner::Sqlite(
                    SqliteConnection::connect_with(&options).await.map_err(|e| store_error(&id, "cannot open", e))?,
                )
            }
            StoreLocation::Postgres(url) => {
                let options = PgConnectOptions::from_str(&url)
                    .map_err(|error| store_error(&id, "cannot open", error))?
                    .options([("statement_timeout", timeout_ms.to_string()), ("lock_timeout", timeout_ms.to_string())])
                    .application_name("tutela fulfil")
                    .disable_statement_logging();
                Inner::Postgres(
                    PgConnection::connect_with(&options).await.map_err(|e| store_error(&id, "cannot open", e))?,
                )
            }
            StoreLocation::Files { kind, path } => Inner::Files { folder: path, kind },
        };
        Ok(Self { id, inner, columns, primary_keys, in_transaction: false })
    }

    /// The live columns of `table`, or an error naming the table.
    pub fn columns(&self, table: &str) -> Result<&HashMap<String, Column>, FulfilError> {
        self.columns.get(table).ok_or_else(|| FulfilError::Mismatch {
            store: self.id.clone(),
            why: format!("the data map declares table {table:?}, which the store does not have"),
        })
    }

    /// The primary key the live store declares for `table` (empty for files and keyless tables).
    pub fn primary_key(&self, table: &str) -> &[String] {
        self.primary_keys.get(table).map_or(&[], Vec::as_slice)
    }

    /// Whether rows of this store can carry SQLite's `rowid` as a key.
    pub fn has_rowid(&self) -> bool {
        matches!(self.inner, Inner::Sqlite(_))
    }

    /// Whether the store is a folder of files.
    pub fn is_files(&self) -> bool {
        matches!(self.inner, Inner::Files { .. })
    }

    /// The rows of `table` that `selector` picks, with the cells of `fields` (`rowid` is allowed on
    /// SQLite), in batches; at most [`MAX_ROWS_PER_TABLE`].
    pub async fn select(
        &mut self,
        table: &str,
        fields: &[String],
        selector: &Selector,
    ) -> Result<Vec<Row>, FulfilError> {
        let mut rows = Vec::new();
        for chunk in selector.values.chunks(MAX_VALUES_PER_QUERY) {
            let part = Selector { values: chunk.to_vec(), ..selector.clone() };
            let found = match &self.inner {
                Inner::Files { .. } => self.select_file(table, fields, &part)?,
                _ => self.select_sql(table, fields, &part).await?,
            };
            rows.extend(found);
            if rows.len() > MAX_ROWS_PER_TABLE {
                return Err(store_error(
                    &self.id,
                    &format!("table {table}"),
                    format!("more than {MAX_ROWS_PER_TABLE} rows of one subject"),
                ));
            }
        }
        Ok(rows)
    }

    async fn select_sql(
        &mut self,
        table: &str,
        fields: &[String],
        selector: &Selector,
    ) -> Result<Vec<Row>, FulfilError> {
        let types: Vec<String> = fields.iter().map(|f| self.type_of(table, f)).collect();
        let postgres = matches!(self.inner, Inner::Postgres(_));
        let list: Vec<String> = fields
            .iter()
            .map(|f| {
                if f == "rowid" {
                    "CAST(rowid AS TEXT)".to_owned()
                } else if postgres {
                    format!("{}::text", quote(f))
                } else {
                    format!("CAST({} AS TEXT)", quote(f))
                }
            })
            .collect();
        let compared = self.compared(table, selector);
        let sql = if postgres {
            let field_type = self.type_of(table, &selector.field);
            let cast = if selector.matching == IdentityMatch::Exact {
                format!("CAST($1 AS {field_type}[])")
            } else {
                "$1".to_owned()
            };
            format!("SELECT {} FROM {} WHERE {compared} = ANY({cast})", list.join(", "), quote(table))
        } else {
            let marks = vec!["?"; selector.values.len()].join(", ");
            format!("SELECT {} FROM {} WHERE {compared} IN ({marks})", list.join(", "), quote(table))
        };
        let id = self.id.clone();
        let err = |e: sqlx::Error| store_error(&id, &format!("cannot read table {table}"), e);
        let mut rows = Vec::new();
        match &mut self.inner {
            Inner::Sqlite(conn) => {
                let mut query = sqlx::query(&sql);
                for value in &selector.values {
                    query = query.bind(value.as_str());
                }
                let mut stream = query.fetch(&mut *conn);
                while let Some(row) = stream.try_next().await.map_err(err)? {
                    rows.push(cells(
                        &types,
                        (0..fields.len()).map(|i| row.try_get::<Option<String>, _>(i).ok().flatten()),
                    ));
                }
            }
            Inner::Postgres(conn) => {
                let mut stream = sqlx::query(&sql).bind(&selector.values).fetch(&mut *conn);
                while let Some(row) = stream.try_next().await.map_err(err)? {
                    rows.push(cells(
                        &types,
                        (0..fields.len()).map(|i| row.try_get::<Option<String>, _>(i).ok().flatten()),
                    ));
                }
            }
            Inner::Files { .. } => {}
        }
        Ok(rows)
    }

    /// The SQL expression a selector compares: the field itself, `lower(field)`, or the field with
    /// the phone separators stripped. An index on the same expression serves the lookup.
    pub fn compared(&self, _table: &str, selector: &Selector) -> String {
        let field = quote(&selector.field);
        match selector.matching {
            IdentityMatch::Exact => field,
            IdentityMatch::CaseInsensitive => format!("lower({field})"),
            IdentityMatch::Phone => {
                PHONE_SEPARATORS.iter().fold(field, |inner, c| format!("replace({inner}, '{c}', '')"))
            }
        }
    }

    /// The live type of a column (`text` when unknown).
    pub fn column_type(&self, table: &str, field: &str) -> String {
        self.type_of(table, field)
    }

    fn type_of(&self, table: &str, field: &str) -> String {
        if field == "rowid" {
            return "INTEGER".to_owned();
        }
        self.columns.get(table).and_then(|c| c.get(field)).map_or_else(|| "text".to_owned(), |c| c.data_type.clone())
    }

    fn file_path(&self, table: &str) -> Option<PathBuf> {
        let Inner::Files { folder, kind } = &self.inner else { return None };
        let extension = if *kind == StoreKind::Csv { "csv" } else { "jsonl" };
        Some(folder.join(format!("{table}.{extension}")))
    }

    fn select_file(&self, table: &str, fields: &[String], selector: &Selector) -> Result<Vec<Row>, FulfilError> {
        let mut rows = Vec::new();
        let wanted: std::collections::HashSet<&str> = selector.values.iter().map(String::as_str).collect();
        self.each_record(table, |record| {
            let picked = record
                .get(&selector.field)
                .and_then(text_of)
                .is_some_and(|value| wanted.contains(normalise(&value, selector.matching).as_str()));
            if picked {
                rows.push(fields.iter().map(|f| record.get(f).cloned().unwrap_or(Value::Null)).collect());
            }
        })?;
        Ok(rows)
    }

    /// Calls `visit` with each record of a file table, as a JSON object.
    fn each_record(
        &self,
        table: &str,
        mut visit: impl FnMut(&serde_json::Map<String, Value>),
    ) -> Result<(), FulfilError> {
        let records = read_file(&self.id, self.file_path(table).as_deref(), self.is_csv())?;
        for record in &records {
            visit(record);
        }
        Ok(())
    }

    fn is_csv(&self) -> bool {
        matches!(self.inner, Inner::Files { kind: StoreKind::Csv, .. })
    }

    // ----------------------------------------------------------------------------------------------
    // Writing: only the erasure step calls these.

    /// Starts the store's one transaction (SQLite takes the write lock at once).
    pub async fn begin(&mut self) -> Result<(), FulfilError> {
        let sql = match self.inner {
            Inner::Sqlite(_) => "BEGIN IMMEDIATE",
            Inner::Postgres(_) => "BEGIN",
            Inner::Files { .. } => return Ok(()),
        };
        self.run(sql, &[]).await?;
        self.in_transaction = true;
        Ok(())
    }

    /// Commits the transaction.
    pub async fn commit(&mut self) -> Result<(), FulfilError> {
        if self.in_transaction {
            self.run("COMMIT", &[]).await?;
            self.in_transaction = false;
        }
        Ok(())
    }

    /// Rolls the transaction back (after a failed step).
    pub async fn rollback(&mut self) {
        if self.in_transaction {
            let _ = self.run("ROLLBACK", &[]).await;
            self.in_transaction = false;
        }
    }

    /// Sets `set` (field, new value or NULL) on the row whose `key` fields have these values;
    /// returns the rows changed.
    pub async fn update(
        &mut self,
        table: &str,
        set: &[(String, Option<String>)],
        key: &[(String, String)],
    ) -> Result<u64, FulfilError> {
        let postgres = matches!(self.inner, Inner::Postgres(_));
        let mut n = 0;
        let mut mark = |field: &str, this: &Self| {
            n += 1;
            if postgres { format!("CAST(${n} AS {})", this.type_of(table, field)) } else { "?".to_owned() }
        };
        let sets: Vec<String> = set.iter().map(|(f, _)| format!("{} = {}", quote(f), mark(f, self))).collect();
        let wheres: Vec<String> = key.iter().map(|(f, _)| format!("{} = {}", key_expr(f), mark(f, self))).collect();
        let sql = format!("UPDATE {} SET {} WHERE {}", quote(table), sets.join(", "), wheres.join(" AND "));
        let params: Vec<Option<String>> =
            set.iter().map(|(_, v)| v.clone()).chain(key.iter().map(|(_, v)| Some(v.clone()))).collect();
        self.run(&sql, &params).await
    }

    /// Deletes the row whose `key` fields have these values.
    pub async fn delete(&mut self, table: &str, key: &[(String, String)]) -> Result<u64, FulfilError> {
        let postgres = matches!(self.inner, Inner::Postgres(_));
        let wheres: Vec<String> = key
            .iter()
            .enumerate()
            .map(|(i, (f, _))| {
                let mark =
                    if postgres { format!("CAST(${} AS {})", i + 1, self.type_of(table, f)) } else { "?".to_owned() };
                format!("{} = {mark}", key_expr(f))
            })
            .collect();
        let sql = format!("DELETE FROM {} WHERE {}", quote(table), wheres.join(" AND "));
        let params: Vec<Option<String>> = key.iter().map(|(_, v)| Some(v.clone())).collect();
        self.run(&sql, &params).await
    }

    async fn run(&mut self, sql: &str, params: &[Option<String>]) -> Result<u64, FulfilError> {
        let id = self.id.clone();
        let err = |e: sqlx::Error| store_error(&id, "cannot write", e);
        match &mut self.inner {
            Inner::Sqlite(conn) => {
                let mut query = sqlx::query(sql);
                for value in params {
                    query = query.bind(value.as_deref());
                }
                Ok(query.execute(&mut *conn).await.map_err(err)?.rows_affected())
            }
            Inner::Postgres(conn) => {
                let mut query = sqlx::query(sql);
                for value in params {
                    query = query.bind(value.as_deref());
                }
                Ok(query.execute(&mut *conn).await.map_err(err)?.rows_affected())
            }
            Inner::Files { .. } => Ok(0),
        }
    }

    /// Rewrites a file table: `change` sees each record and returns `None` to delete it. The new
    /// file is written beside the old one and renamed over it, so a crash leaves one or the other.
    /// Returns (records deleted, records changed).
    pub fn rewrite_file(
        &self,
        table: &str,
        mut change: impl FnMut(&mut serde_json::Map<String, Value>) -> Option<bool>,
    ) -> Result<(u64, u64), FulfilError> {
        let path = self.file_path(table).ok_or_else(|| store_error(&self.id, "rewrite", "not a folder of files"))?;
        let csv_file = self.is_csv();
        let records = read_file(&self.id, Some(&path), csv_file)?;
        let header: Vec<String> = if csv_file { csv_header(&self.id, &path)? } else { Vec::new() };
        let (mut deleted, mut changed) = (0, 0);
        let mut kept = Vec::with_capacity(records.len());
        for mut record in records {
            match change(&mut record) {
                None => deleted += 1,
                Some(was_changed) => {
                    changed += u64::from(was_changed);
                    kept.push(record);
                }
            }
        }
        if deleted == 0 && changed == 0 {
            return Ok((0, 0));
        }
        let io = |e: std::io::Error| store_error(&self.id, &format!("cannot write {}", path.display()), e);
        let temporary = path.with_extension("tutela-tmp");
        let mut out = Vec::new();
        if csv_file {
            let mut writer = csv::Writer::from_writer(&mut out);
            writer.write_record(&header).map_err(|e| store_error(&self.id, "csv", e))?;
            for record in &kept {
                let cells = header.iter().map(|h| record.get(h).and_then(text_of).unwrap_or_default());
                writer.write_record(cells).map_err(|e| store_error(&self.id, "csv", e))?;
            }
            writer.flush().map_err(io)?;
        } else {
            for record in &kept {
                serde_json::to_writer(&mut out, record).map_err(|e| store_error(&self.id, "json", e))?;
                out.push(b'\n');
            }
        }
        std::fs::write(&temporary, &out).map_err(io)?;
        std::fs::File::open(&temporary).and_then(|file| file.sync_all()).map_err(io)?;
        std::fs::rename(&temporary, &path).map_err(io)?;
        Ok((deleted, changed))
    }
}

fn column_map(table: &IntrospectedTable) -> HashMap<String, Column> {
    table
        .columns
        .iter()
        .map(|c| (c.name.clone(), Column { data_type: c.data_type.clone(), nullable: c.nullable }))
        .collect()
}

/// A quoted SQL identifier.
pub fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn key_expr(field: &str) -> String {
    if field == "rowid" { "rowid".to_owned() } else { quote(field) }
}

/// A cell's text, as bound back into SQL or compared with an identity (`None` for NULL).
pub fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

/// Text cells from the database as JSON by their column's declared type: integers and reals as
/// numbers, everything else as strings.
fn cells(types: &[String], texts: impl Iterator<Item = Option<String>>) -> Row {
    texts
        .zip(types)
        .map(|(text, data_type)| match text {
            None => Value::Null,
            Some(text) => {
                let upper = data_type.to_ascii_uppercase();
                let numeric = upper.contains("INT")
                    || upper.contains("REAL")
                    || upper.contains("NUMERIC")
                    || upper.contains("DOUBLE")
                    || upper.contains("FLOAT");
                if numeric {
                    serde_json::from_str::<serde_json::Number>(&text).map_or(Value::String(text), Value::Number)
                } else {
                    Value::String(text)
                }
            }
        })
        .collect()
}

fn read_file(
    store: &str,
    path: Option<&Path>,
    csv_file: bool,
) -> Result<Vec<serde_json::Map<String, Value>>, FulfilError> {
    let Some(path) = path else { return Ok(Vec::new()) };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => return Err(store_error(store, &format!("cannot read {}", path.display()), error)),
    };
    let bad = |line: usize, why: String| store_error(store, &format!("{} line {line}", path.display()), why);
    let mut records = Vec::new();
    if csv_file {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header = reader.headers().map_err(|e| bad(1, e.to_string()))?.clone();
        for (n, record) in reader.records().enumerate() {
            let record = record.map_err(|e| bad(n + 2, e.to_string()))?;
            records.push(
                header
                    .iter()
                    .zip(record.iter())
                    .map(|(h, v)| (h.to_owned(), if v.is_empty() { Value::Null } else { Value::String(v.to_owned()) }))
                    .collect(),
            );
        }
    } else {
        for (n, line) in text.lines().enumerate().filter(|(_, line)| !line.trim().is_empty()) {
            match serde_json::from_str::<Value>(line) {
                Ok(Value::Object(object)) => records.push(object),
                Ok(_) => return Err(bad(n + 1, "not a JSON object".to_owned())),
                Err(error) => return Err(bad(n + 1, error.to_string())),
            }
        }
    }
    Ok(records)
}

fn csv_header(store: &str, path: &Path) -> Result<Vec<String>, FulfilError> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| store_error(store, "csv", e))?;
    Ok(reader.headers().map_err(|e| store_error(store, "csv", e))?.iter().map(str::to_owned).collect())
}
