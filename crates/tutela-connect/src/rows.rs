//! Reading the cells of an SQLite or PostgreSQL store, table by table, for the PII scan.
//!
//! [`StoreReader::open`] introspects the store (see [`crate::introspect_with`]), decides which
//! columns are worth reading ([`TablePlan`]), and opens one read-only connection;
//! [`StoreReader::read_table`] then streams one table's rows to a callback, one row at a time, never
//! holding a table in memory. What is read:
//!
//! - Columns whose values can be written as text holding personal data: text, character, JSON, XML,
//!   network addresses and integers (phone numbers and taxpayer numbers are often kept in integer
//!   columns), each as its text form. Binary, floating-point, boolean, date and time columns are left
//!   out, listed in [`TablePlan::not_read`].
//! - At most [`ReadOptions::max_cell_bytes`] of each cell: the database cuts the text to that many
//!   characters plus one, and the reader to that many bytes, counting the cells it cut.
//! - At most [`ReadOptions::max_rows_per_table`] rows, or a random sample of
//!   [`ReadOptions::sample_rows`]. SQLite samples with `ORDER BY random() LIMIT n`, which keeps only `n`
//!   rows while sorting. PostgreSQL uses `TABLESAMPLE BERNOULLI` when its statistics say the table
//!   holds more than ten times `n` rows (each row is picked independently, nothing is sorted, though
//!   every page is read), asking for twice `n` rows' worth so the `LIMIT n` is nearly always reached;
//!   on a smaller or never-analysed table it uses `ORDER BY random() LIMIT n` (a top-n sort that
//!   holds `n` rows). `TABLESAMPLE SYSTEM` was not chosen: it picks whole pages, so rows written
//!   together are sampled together.
//!
//! A table that fails (it was dropped, permission is denied, the statement timed out, the connection
//! was lost) is returned as a [`TableSkip`] with the reason, and the reader stays usable: when the
//! connection no longer answers, it reconnects before the next table. A table whose connection was
//! lost before it delivered any row is retried once on the new connection.
//!
//! PostgreSQL sessions are read-only (`default_transaction_read_only`) with a `statement_timeout`;
//! SQLite files are opened read-only.

use std::str::FromStr;
use std::time::Duration;

use futures_util::TryStreamExt;
use sqlx::postgres::{PgConnectOptions, PgConnection, PgRow};
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection, SqliteRow};
use sqlx::{ConnectOptions, Connection, Row};

use crate::{ConnectError, IntrospectOptions, IntrospectedTable, Limits, StoreLocation, introspect_with};

/// How to read a store's rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadOptions {
    /// Only these tables (all when `None`); a name the store does not have is an error at open.
    pub tables: Option<Vec<String>>,
    /// Read a random sample of this many rows per table instead of every row.
    pub sample_rows: Option<u64>,
    /// The most rows read from one table; the rest is left unread and the table says so.
    pub max_rows_per_table: u64,
    /// The most bytes of one cell that are read; longer cells are cut and counted.
    pub max_cell_bytes: usize,
    /// The timeout of each PostgreSQL statement (reading one table is one statement), and how long
    /// SQLite waits for a lock, in milliseconds.
    pub statement_timeout_ms: u64,
    /// The PostgreSQL schema to read.
    pub postgres_schema: String,
    /// The bounds of introspection, and the timeout of connecting.
    pub limits: Limits,
}

/// The most bytes a cell may be cut to, whatever is asked: 16 MiB.
pub const MAX_CELL_BYTES_LIMIT: usize = 16 << 20;

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            tables: None,
            sample_rows: None,
            max_rows_per_table: 1_000_000,
            max_cell_bytes: 64 << 10,
            statement_timeout_ms: 300_000,
            postgres_schema: "public".to_owned(),
            limits: Limits::default(),
        }
    }
}

/// What will be read of one table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TablePlan {
    /// The table.
    pub name: String,
    /// The columns read, in the table's order, with their declared types.
    pub columns: Vec<PlannedColumn>,
    /// Columns left out because of their type (binary, floating point, dates ...), with the type.
    pub not_read: Vec<PlannedColumn>,
    /// The primary key's column when the key is a single column; rows are named by its value.
    pub key_column: Option<String>,
}

/// A column and its declared type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedColumn {
    /// The column name.
    pub name: String,
    /// Its type as the store declares it.
    pub data_type: String,
}

/// Which row a cell is in: the value of the table's single-column primary key, or else the row's
/// 1-based position in the rows read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RowId {
    /// The primary key's value, as text.
    Key(String),
    /// The position among the rows read (1-based).
    Number(u64),
}

impl std::fmt::Display for RowId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Key(key) => f.write_str(key),
            Self::Number(n) => write!(f, "#{n}"),
        }
    }
}

/// A table that was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableRead {
    /// Rows read.
    pub rows: u64,
    /// Cells cut to [`ReadOptions::max_cell_bytes`].
    pub truncated_cells: u64,
    /// Whether the table had more rows than [`ReadOptions::max_rows_per_table`].
    pub row_limit_reached: bool,
    /// Whether the rows were a random sample.
    pub sampled: bool,
}

/// A table that could not be read (or not to the end).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("table {table}: {reason}")]
pub struct TableSkip {
    /// The table.
    pub table: String,
    /// Why, as the database said it (never with a password).
    pub reason: String,
    /// Rows delivered before it failed (their cells were passed on).
    pub rows_read: u64,
}

/// One row, as handed to the callback of [`StoreReader::read_table`]: the row's id and one cell per
/// column of [`TablePlan::columns`] (`None` for NULL), already cut to the byte limit.
pub struct RowCells<'a> {
    /// Which row.
    pub id: RowId,
    /// The cells, pairwise with the plan's columns.
    pub cells: &'a [Option<&'a [u8]>],
}

enum Conn {
    Sqlite(SqliteConnection),
    Postgres(PgConnection),
}

/// An open store whose tables can be read one at a time.
pub struct StoreReader {
    location: StoreLocation,
    display: String,
    options: ReadOptions,
    tables: Vec<TablePlan>,
    /// `None` after a failed reconnection: every later table is skipped with `lost`.
    conn: Option<Conn>,
    lost: Option<String>,
}

impl StoreReader {
    /// Introspects the store at `location` (an SQLite file or URL, or a PostgreSQL URL) and connects.
    pub async fn open(location: &str, options: ReadOptions) -> Result<Self, ConnectError> {
        let parsed = StoreLocation::parse(location)?;
        let display = parsed.display();
        if matches!(parsed, StoreLocation::Files { .. }) {
            return Err(ConnectError::InvalidLocation {
                location: display,
                reason: "it is a CSV or JSON Lines store: scan its files as paths, not as a database".to_owned(),
            });
        }
        let introspect = IntrospectOptions { limits: options.limits, postgres_schema: options.postgres_schema.clone() };
        let store = introspect_with(location, &introspect).await?;
        let mut tables: Vec<&IntrospectedTable> = store.tables.iter().collect();
        if let Some(wanted) = &options.tables {
            if let Some(missing) = wanted.iter().find(|name| !tables.iter().any(|table| &table.name == *name)) {
                return Err(ConnectError::InvalidLocation {
                    location: display,
                    reason: format!("it has no table {missing:?}"),
                });
            }
            tables.retain(|table| wanted.contains(&table.name));
        }
        let mut reader = Self { location: parsed, display, options, tables: Vec::new(), conn: None, lost: None };
        let conn = reader.connect().await?;
        reader.conn = Some(conn);
        for table in tables {
            let plan = match reader.conn.as_mut() {
                Some(Conn::Postgres(pg)) => postgres_plan(pg, &reader.options.postgres_schema, table).await,
                _ => Ok(sqlite_plan(table)),
            };
            reader.tables.push(plan.map_err(|source| reader.database_error(source))?);
        }
        Ok(reader)
    }

    /// The store, fit to show (the path, or the URL without its password).
    pub fn location(&self) -> &str {
        &self.display
    }

    /// The resolved location.
    pub fn store_location(&self) -> &StoreLocation {
        &self.location
    }

    /// The tables that will be read, sorted by name.
    pub fn tables(&self) -> &[TablePlan] {
        &self.tables
    }

    /// The options the reader was opened with.
    pub fn options(&self) -> &ReadOptions {
        &self.options
    }

    fn database_error(&self, source: sqlx::Error) -> ConnectError {
        ConnectError::Database { location: self.display.clone(), source }
    }

    async fn connect(&self) -> Result<Conn, ConnectError> {
        let timeout = Duration::from_millis(self.options.limits.timeout_ms);
        let work = async {
            match &self.location {
                StoreLocation::Sqlite(path) => connect_sqlite(path, self.options.statement_timeout_ms).await,
                StoreLocation::Postgres(url) => connect_postgres(url, self.options.statement_timeout_ms).await,
                StoreLocation::Files { .. } => unreachable_files(),
            }
        };
        match tokio::time::timeout(timeout, work).await {
            Ok(result) => result.map_err(|source| self.database_error(source)),
            Err(_) => Err(ConnectError::Timeout { location: self.display.clone(), timeout_ms: timeout_ms(timeout) }),
        }
    }

    /// Reads table `index` of [`Self::tables`], calling `on_row` for every row read.
    pub async fn read_table(
        &mut self,
        index: usize,
        on_row: &mut dyn FnMut(&TablePlan, RowCells<'_>),
    ) -> Result<TableRead, TableSkip> {
        let Some(plan) = self.tables.get(index).cloned() else {
            return Err(TableSkip { table: format!("#{index}"), reason: "no such table".to_owned(), rows_read: 0 });
        };
        let mut retried = false;
        loop {
            let mut rows_read = 0;
            let reason = match self.read_once(&plan, &mut rows_read, on_row).await {
                Ok(read) => return Ok(read),
                Err(reason) => reason,
            };
            let reconnected = self.recover().await;
            if reconnected && rows_read == 0 && !retried {
                retried = true;
                continue;
            }
            return Err(TableSkip { table: plan.name.clone(), reason, rows_read });
        }
    }

    async fn read_once(
        &mut self,
        plan: &TablePlan,
        rows_read: &mut u64,
        on_row: &mut dyn FnMut(&TablePlan, RowCells<'_>),
    ) -> Result<TableRead, String> {
        if let Some(lost) = &self.lost {
            return Err(lost.clone());
        }
        let options = self.options.clone();
        let limit = self.row_limit();
        let sampled = options.sample_rows.is_some();
        let mut cutter = Cutter { max_bytes: options.max_cell_bytes.min(MAX_CELL_BYTES_LIMIT), truncated: 0 };
        let mut rows: u64 = 0;
        let mut row_limit_reached = false;
        let mut deliver = |cells: &[Option<&[u8]>], key: Option<&[u8]>| {
            if rows >= limit {
                row_limit_reached = !sampled;
                return false;
            }
            rows += 1;
            let id = match key {
                Some(key) => RowId::Key(String::from_utf8_lossy(key).into_owned()),
                None => RowId::Number(rows),
            };
            let cut: Vec<Option<&[u8]>> = cells.iter().map(|cell| cell.map(|bytes| cutter.cut(bytes))).collect();
            on_row(plan, RowCells { id, cells: &cut });
            true
        };
        let outcome = match self.conn.as_mut() {
            Some(Conn::Sqlite(connection)) => {
                let sql = sqlite_select(plan, &options, limit);
                stream_sqlite(connection, &sql, plan, &mut deliver).await
            }
            Some(Conn::Postgres(connection)) => {
                let sql = postgres_select(connection, plan, &options, limit).await.map_err(|e| e.to_string())?;
                stream_postgres(connection, &sql, plan, &mut deliver).await
            }
            None => Err("not connected".to_owned()),
        };
        *rows_read = rows;
        outcome?;
        Ok(TableRead { rows, truncated_cells: cutter.truncated, row_limit_reached, sampled })
    }

    /// The most rows one table's statement is asked for: the sample or the limit, plus one so that
    /// a full read can tell "exactly the limit" from "more".
    fn row_limit(&self) -> u64 {
        match self.options.sample_rows {
            Some(sample) => sample.min(self.options.max_rows_per_table),
            None => self.options.max_rows_per_table,
        }
    }

    /// After a failed table: checks the connection and reconnects when it no longer answers.
    /// Returns whether a new connection was made.
    async fn recover(&mut self) -> bool {
        let alive = match self.conn.as_mut() {
            Some(Conn::Sqlite(connection)) => ping(connection.ping()).await,
            Some(Conn::Postgres(connection)) => ping(connection.ping()).await,
            None => false,
        };
        if alive {
            return false;
        }
        match self.connect().await {
            Ok(conn) => {
                self.conn = Some(conn);
                self.lost = None;
                true
            }
            Err(error) => {
                self.conn = None;
                self.lost = Some(format!("the connection was lost and could not be made again: {error}"));
                false
            }
        }
    }

    /// Closes the connection politely.
    pub async fn close(self) {
        match self.conn {
            Some(Conn::Sqlite(connection)) => drop(connection.close().await),
            Some(Conn::Postgres(connection)) => drop(connection.close().await),
            None => {}
        }
    }
}

/// A ping bounded by a few seconds: a connection that does not answer is as good as lost.
async fn ping(work: impl Future<Output = Result<(), sqlx::Error>>) -> bool {
    matches!(tokio::time::timeout(Duration::from_secs(5), work).await, Ok(Ok(())))
}

fn timeout_ms(timeout: Duration) -> u64 {
    u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX)
}

fn unreachable_files() -> Result<Conn, sqlx::Error> {
    Err(sqlx::Error::Configuration("CSV and JSON Lines stores have no connection".into()))
}

/// Takes one row's cells and its key's text; returns whether to go on (false: the row limit).
type Deliver<'a> = dyn FnMut(&[Option<&[u8]>], Option<&[u8]>) -> bool + 'a;

/// Cuts cells to the byte limit and counts the cells it cut.
struct Cutter {
    max_bytes: usize,
    truncated: u64,
}

impl Cutter {
    fn cut<'a>(&mut self, bytes: &'a [u8]) -> &'a [u8] {
        if bytes.len() <= self.max_bytes {
            return bytes;
        }
        self.truncated += 1;
        &bytes[..self.max_bytes]
    }
}

/// `name` as a double-quoted SQL identifier (both SQLite and PostgreSQL).
pub(crate) fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The cut the database makes: characters, so one more than the byte limit is always enough to
/// tell a long cell (the reader then cuts it to bytes) from a short one.
fn server_cut(options: &ReadOptions) -> usize {
    options.max_cell_bytes.min(MAX_CELL_BYTES_LIMIT) + 1
}

// --- SQLite --------------------------------------------------------------------------------------

async fn connect_sqlite(path: &std::path::Path, busy_timeout_ms: u64) -> Result<Conn, sqlx::Error> {
    let options = SqliteConnectOptions::from_str("sqlite:")?
        .filename(path)
        .read_only(true)
        .create_if_missing(false)
        .busy_timeout(Duration::from_millis(busy_timeout_ms))
        // Reading a whole table is one long statement by design; sqlx would log each as slow.
        .disable_statement_logging();
    Ok(Conn::Sqlite(SqliteConnection::connect_with(&options).await?))
}

/// SQLite's type affinity rules (section 3.1 of its datatype documentation): the columns whose
/// values can be personal data written as text. A column without a declared type may hold anything,
/// so it is read; BLOB and REAL affinities are not.
fn sqlite_reads(data_type: &str) -> bool {
    let upper = data_type.to_ascii_uppercase();
    let has = |part: &str| upper.contains(part);
    if has("INT") || has("CHAR") || has("CLOB") || has("TEXT") || upper.trim().is_empty() {
        return true;
    }
    !(has("BLOB") || has("REAL") || has("FLOA") || has("DOUB"))
}

fn sqlite_plan(table: &IntrospectedTable) -> TablePlan {
    let (columns, not_read) = split_columns(table, |column| sqlite_reads(&column.data_type));
    TablePlan { name: table.name.clone(), columns, not_read, key_column: single_key(table) }
}

fn single_key(table: &IntrospectedTable) -> Option<String> {
    match table.primary_key.as_slice() {
        [key] => Some(key.clone()),
        _ => None,
    }
}

fn split_columns(
    table: &IntrospectedTable,
    reads: impl Fn(&crate::IntrospectedColumn) -> bool,
) -> (Vec<PlannedColumn>, Vec<PlannedColumn>) {
    let planned =
        |c: &crate::IntrospectedColumn| PlannedColumn { name: c.name.clone(), data_type: c.data_type.clone() };
    let columns = table.columns.iter().filter(|c| reads(c)).map(planned).collect();
    let not_read = table.columns.iter().filter(|c| !reads(c)).map(planned).collect();
    (columns, not_read)
}

fn sqlite_select(plan: &TablePlan, options: &ReadOptions, limit: u64) -> String {
    let cut = server_cut(options);
    let mut items: Vec<String> = Vec::with_capacity(plan.columns.len() + 1);
    items.push(match &plan.key_column {
        Some(key) => format!("CAST({} AS TEXT)", quote(key)),
        None => "NULL".to_owned(),
    });
    items.extend(plan.columns.iter().map(|c| format!("substr(CAST({} AS TEXT), 1, {cut})", quote(&c.name))));
    let order = if options.sample_rows.is_some() { " ORDER BY random()" } else { "" };
    let fetch = if options.sample_rows.is_some() { limit } else { limit.saturating_add(1) };
    format!("SELECT {} FROM {}{order} LIMIT {}", items.join(", "), quote(&plan.name), i64_limit(fetch))
}

fn i64_limit(limit: u64) -> i64 {
    i64::try_from(limit).unwrap_or(i64::MAX)
}

async fn stream_sqlite(
    connection: &mut SqliteConnection,
    sql: &str,
    plan: &TablePlan,
    deliver: &mut Deliver<'_>,
) -> Result<(), String> {
    let mut stream = sqlx::query(sql).fetch(&mut *connection);
    while let Some(row) = stream.try_next().await.map_err(|e| e.to_string())? {
        let row: SqliteRow = row;
        let key: Option<&[u8]> = row.try_get_unchecked(0).map_err(|e| e.to_string())?;
        // The cells borrow the row, so the vector lives as long as the row: one small allocation
        // per row, next to the driver's own.
        let mut cells: Vec<Option<&[u8]>> = Vec::with_capacity(plan.columns.len());
        for index in 1..=plan.columns.len() {
            cells.push(row.try_get_unchecked(index).map_err(|e| e.to_string())?);
        }
        if !deliver(&cells, key) {
            break;
        }
    }
    Ok(())
}

// --- PostgreSQL ----------------------------------------------------------------------------------

async fn connect_postgres(url: &str, statement_timeout_ms: u64) -> Result<Conn, sqlx::Error> {
    let options = PgConnectOptions::from_str(url)?
        .options([
            ("statement_timeout", statement_timeout_ms.to_string()),
            ("default_transaction_read_only", "on".into()),
        ])
        .application_name("tutela scan")
        .disable_statement_logging();
    Ok(Conn::Postgres(PgConnection::connect_with(&options).await?))
}

/// Each column's type category and name, domains resolved to their base type, array elements to
/// their element's category.
const PG_COLUMN_TYPES: &str = "SELECT a.attname::text AS name, \
     COALESCE(bt.typcategory, t.typcategory)::text AS category, COALESCE(bt.typname, t.typname)::text AS type_name, \
     COALESCE(et.typcategory, ' ')::text AS element_category \
     FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid \
     LEFT JOIN pg_type bt ON t.typtype = 'd' AND bt.oid = t.typbasetype \
     LEFT JOIN pg_type et ON et.oid = COALESCE(bt.typelem, t.typelem) \
     WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum";

/// Whether a PostgreSQL column of this type category (`pg_type.typcategory`) and type name is read:
/// strings, network addresses, integers of 32 and 64 bits, numerics, JSON, XML, and arrays of strings.
fn postgres_reads(category: &str, type_name: &str, element_category: &str) -> bool {
    match category {
        "S" | "I" => true,
        "N" => matches!(type_name, "int4" | "int8" | "numeric"),
        "U" => matches!(type_name, "json" | "jsonb" | "xml"),
        "A" => element_category == "S",
        _ => false,
    }
}

fn qualified(schema: &str, table: &str) -> String {
    format!("{}.{}", quote(schema), quote(table))
}

async fn postgres_plan(
    connection: &mut PgConnection,
    schema: &str,
    table: &IntrospectedTable,
) -> Result<TablePlan, sqlx::Error> {
    let rows = sqlx::query(PG_COLUMN_TYPES).bind(qualified(schema, &table.name)).fetch_all(&mut *connection).await?;
    let mut read = Vec::new();
    for row in rows {
        let name: String = row.try_get("name")?;
        let category: String = row.try_get("category")?;
        let type_name: String = row.try_get("type_name")?;
        let element: String = row.try_get("element_category")?;
        if postgres_reads(&category, &type_name, &element) {
            read.push(name);
        }
    }
    let (columns, not_read) = split_columns(table, |column| read.contains(&column.name));
    Ok(TablePlan { name: table.name.clone(), columns, not_read, key_column: single_key(table) })
}

/// Above this many estimated rows per sampled row, PostgreSQL samples with `TABLESAMPLE BERNOULLI`.
const BERNOULLI_MIN_RATIO: f64 = 10.0;

async fn postgres_select(
    connection: &mut PgConnection,
    plan: &TablePlan,
    options: &ReadOptions,
    limit: u64,
) -> Result<String, sqlx::Error> {
    let cut = server_cut(options);
    let mut items: Vec<String> = Vec::with_capacity(plan.columns.len() + 1);
    items.push(match &plan.key_column {
        Some(key) => format!("{}::text", quote(key)),
        None => "NULL::text".to_owned(),
    });
    items.extend(plan.columns.iter().map(|c| {
        // An inet's text form carries its netmask (`10.1.2.3/32`); the address is what identifies.
        let text = if c.data_type == "inet" {
            format!("host({})", quote(&c.name))
        } else {
            format!("{}::text", quote(&c.name))
        };
        format!("left({text}, {cut})")
    }));
    let table = qualified(&options.postgres_schema, &plan.name);
    let select = items.join(", ");
    let Some(sample) = options.sample_rows else {
        return Ok(format!("SELECT {select} FROM {table} LIMIT {}", i64_limit(limit.saturating_add(1))));
    };
    let estimate: Option<f32> = sqlx::query_scalar("SELECT reltuples FROM pg_class WHERE oid = to_regclass($1)")
        .bind(&table)
        .fetch_optional(&mut *connection)
        .await?;
    let estimate = f64::from(estimate.unwrap_or(-1.0));
    let wanted = sample.min(limit) as f64;
    if estimate > wanted * BERNOULLI_MIN_RATIO {
        let percent = (200.0 * wanted / estimate).min(100.0);
        Ok(format!("SELECT {select} FROM {table} TABLESAMPLE BERNOULLI ({percent:.6}) LIMIT {}", i64_limit(limit)))
    } else {
        Ok(format!("SELECT {select} FROM {table} ORDER BY random() LIMIT {}", i64_limit(limit)))
    }
}

async fn stream_postgres(
    connection: &mut PgConnection,
    sql: &str,
    plan: &TablePlan,
    deliver: &mut Deliver<'_>,
) -> Result<(), String> {
    let mut stream = sqlx::query(sql).fetch(&mut *connection);
    while let Some(row) = stream.try_next().await.map_err(|e| e.to_string())? {
        let row: PgRow = row;
        let key: Option<&str> = row.try_get(0).map_err(|e| e.to_string())?;
        let mut cells: Vec<Option<&[u8]>> = Vec::with_capacity(plan.columns.len());
        for index in 1..=plan.columns.len() {
            let cell: Option<&str> = row.try_get(index).map_err(|e| e.to_string())?;
            cells.push(cell.map(str::as_bytes));
        }
        if !deliver(&cells, key.map(str::as_bytes)) {
            break;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sqlite_affinities() {
        for read in ["INTEGER", "BIGINT", "TEXT", "VARCHAR(20)", "", "DATETIME", "NUMERIC", "JSON"] {
            assert!(sqlite_reads(read), "{read}");
        }
        for skipped in ["BLOB", "REAL", "DOUBLE PRECISION", "FLOAT"] {
            assert!(!sqlite_reads(skipped), "{skipped}");
        }
    }

    #[test]
    fn postgres_types() {
        assert!(postgres_reads("S", "varchar", " "));
        assert!(postgres_reads("N", "int8", " "));
        assert!(!postgres_reads("N", "int2", " "));
        assert!(!postgres_reads("N", "float8", " "));
        assert!(postgres_reads("U", "jsonb", " "));
        assert!(!postgres_reads("U", "bytea", " "));
        assert!(postgres_reads("I", "inet", " "));
        assert!(postgres_reads("A", "_text", "S"));
        assert!(!postgres_reads("A", "_int4", "N"));
        assert!(!postgres_reads("D", "timestamptz", " "));
    }

    #[test]
    fn identifiers_are_quoted_and_cells_cut() {
        assert_eq!(quote("we\"ird"), "\"we\"\"ird\"");
        let mut cutter = Cutter { max_bytes: 4, truncated: 0 };
        assert_eq!(cutter.cut(b"abc"), b"abc");
        assert_eq!(cutter.cut(b"abcdef"), b"abcd");
        assert_eq!(cutter.truncated, 1);
    }

    #[test]
    fn sqlite_statements() {
        let plan = TablePlan {
            name: "users".into(),
            columns: vec![PlannedColumn { name: "email".into(), data_type: "TEXT".into() }],
            not_read: vec![],
            key_column: Some("id".into()),
        };
        let options = ReadOptions { max_cell_bytes: 10, ..ReadOptions::default() };
        assert_eq!(
            sqlite_select(&plan, &options, 5),
            "SELECT CAST(\"id\" AS TEXT), substr(CAST(\"email\" AS TEXT), 1, 11) FROM \"users\" LIMIT 6"
        );
        let sampled = ReadOptions { sample_rows: Some(3), ..options };
        assert!(sqlite_select(&plan, &sampled, 3).ends_with("ORDER BY random() LIMIT 3"));
    }
}
