//! SQLite introspection: `sqlite_schema` for the tables, `pragma_table_info` and
//! `pragma_foreign_key_list` for columns and keys.
//!
//! The file is opened read-only and never created, so introspecting a path that is not a database
//! fails instead of leaving an empty database behind; a busy database is waited for at most the
//! timeout. SQLite's own tables (`sqlite_*`) are skipped.

use std::path::Path;
use std::str::FromStr;

use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{Connection, Row};

use crate::{ConnectError, ForeignKey, IntrospectedColumn, IntrospectedStore, IntrospectedTable, Limits, StoreKind};

/// Reads the structure of the SQLite database at `path`.
pub(crate) async fn introspect(path: &Path, limits: &Limits) -> Result<IntrospectedStore, ConnectError> {
    let location = path.display().to_string();
    let work = read(path, &location, limits);
    match tokio::time::timeout(limits.timeout(), work).await {
        Ok(result) => result,
        Err(_) => Err(ConnectError::Timeout { location, timeout_ms: limits.timeout_ms }),
    }
}

async fn read(path: &Path, location: &str, limits: &Limits) -> Result<IntrospectedStore, ConnectError> {
    let db = |source| ConnectError::Database { location: location.to_owned(), source };
    let options = SqliteConnectOptions::from_str("sqlite:")
        .map_err(db)?
        .filename(path)
        .read_only(true)
        .create_if_missing(false)
        .busy_timeout(limits.timeout());
    let mut connection = SqliteConnection::connect_with(&options).await.map_err(db)?;
    let names: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' \
         ORDER BY name LIMIT ?1",
    )
    .bind(limit_plus_one(limits.max_tables))
    .fetch_all(&mut connection)
    .await
    .map_err(db)?;
    if names.len() > limits.max_tables {
        return Err(ConnectError::TooManyTables { location: location.to_owned(), max_tables: limits.max_tables });
    }
    let mut tables = Vec::with_capacity(names.len());
    for name in names {
        tables.push(read_table(&mut connection, name, limits).await.map_err(|error| match error {
            ReadError::Db(source) => db(source),
            ReadError::Connect(error) => error,
        })?);
    }
    // Close politely; a failure here changes nothing that was read.
    let _ = connection.close().await;
    Ok(IntrospectedStore { kind: StoreKind::Sqlite, location: location.to_owned(), schema: None, tables })
}

enum ReadError {
    Db(sqlx::Error),
    Connect(ConnectError),
}

impl From<sqlx::Error> for ReadError {
    fn from(error: sqlx::Error) -> Self {
        Self::Db(error)
    }
}

async fn read_table(
    connection: &mut SqliteConnection,
    name: String,
    limits: &Limits,
) -> Result<IntrospectedTable, ReadError> {
    let rows = sqlx::query(r#"SELECT name, type, "notnull", pk FROM pragma_table_info(?1) ORDER BY cid LIMIT ?2"#)
        .bind(&name)
        .bind(limit_plus_one(limits.max_columns))
        .fetch_all(&mut *connection)
        .await?;
    if rows.len() > limits.max_columns {
        return Err(ReadError::Connect(ConnectError::TooManyColumns { table: name, max_columns: limits.max_columns }));
    }
    let mut columns = Vec::with_capacity(rows.len());
    let mut key: Vec<(i64, String)> = Vec::new();
    for row in rows {
        let column: String = row.try_get("name")?;
        let data_type: String = row.try_get("type")?;
        let not_null: i64 = row.try_get("notnull")?;
        let pk: i64 = row.try_get("pk")?;
        // An INTEGER PRIMARY KEY is the rowid and never NULL; other keys follow their NOT NULL.
        let rowid = pk > 0 && data_type.eq_ignore_ascii_case("INTEGER");
        if pk > 0 {
            key.push((pk, column.clone()));
        }
        columns.push(IntrospectedColumn { name: column, data_type, nullable: not_null == 0 && !rowid });
    }
    key.sort();
    let primary_key: Vec<String> = key.into_iter().map(|(_, column)| column).collect();
    let foreign_keys = read_foreign_keys(connection, &name, &primary_key, limits).await?;
    Ok(IntrospectedTable { name, columns, primary_key, foreign_keys })
}

async fn read_foreign_keys(
    connection: &mut SqliteConnection,
    table: &str,
    own_primary_key: &[String],
    limits: &Limits,
) -> Result<Vec<ForeignKey>, ReadError> {
    let rows =
        sqlx::query(r#"SELECT id, "table", "from", "to" FROM pragma_foreign_key_list(?1) ORDER BY id, seq LIMIT ?2"#)
            .bind(table)
            .bind(limit_plus_one(limits.max_columns))
            .fetch_all(&mut *connection)
            .await?;
    let mut keys: Vec<(i64, ForeignKey, bool)> = Vec::new();
    for row in rows {
        let id: i64 = row.try_get("id")?;
        let referenced_table: String = row.try_get("table")?;
        let from: String = row.try_get("from")?;
        // "to" is NULL when the key names only the parent table: it then means the parent's primary key.
        let to: Option<String> = row.try_get("to")?;
        let implicit = to.is_none();
        match keys.last_mut() {
            Some((last, key, _)) if *last == id => {
                key.columns.push(from);
                key.referenced_columns.extend(to);
            }
            _ => keys.push((
                id,
                ForeignKey {
                    columns: vec![from],
                    referenced_schema: None,
                    referenced_table,
                    referenced_columns: to.into_iter().collect(),
                },
                implicit,
            )),
        }
    }
    let mut resolved = Vec::with_capacity(keys.len());
    for (_, mut key, implicit) in keys {
        if implicit {
            key.referenced_columns = if key.referenced_table == table {
                own_primary_key.to_vec()
            } else {
                primary_key_of(connection, &key.referenced_table).await?
            };
        }
        resolved.push(key);
    }
    Ok(resolved)
}

async fn primary_key_of(connection: &mut SqliteConnection, table: &str) -> Result<Vec<String>, ReadError> {
    let columns: Vec<String> = sqlx::query_scalar("SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk")
        .bind(table)
        .fetch_all(&mut *connection)
        .await?;
    Ok(columns)
}

/// `max + 1` as an SQL limit, so that "more than max" can be told from "exactly max".
pub(crate) fn limit_plus_one(max: usize) -> i64 {
    i64::try_from(max).unwrap_or(i64::MAX - 1).saturating_add(1)
}
