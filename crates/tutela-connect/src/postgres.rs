//! PostgreSQL introspection from the system catalogs (`pg_class`, `pg_attribute`, `pg_constraint`)
//! of one schema.
//!
//! The catalogs rather than `information_schema`: they show foreign keys whatever the privileges on
//! the referenced table, and keep the column order of composite keys. The session is read-only
//! (`default_transaction_read_only`) with a `statement_timeout`, and connecting is bounded by the
//! same timeout. Ordinary, partitioned and foreign tables are read; views are not stores of their
//! own data. Three queries read the whole schema, so the time taken does not grow with round trips.

use std::collections::BTreeMap;
use std::str::FromStr;

use sqlx::postgres::{PgConnectOptions, PgConnection};
use sqlx::{Connection, Row};

use crate::location::redact_url;
use crate::sqlite::limit_plus_one;
use crate::{ConnectError, ForeignKey, IntrospectedColumn, IntrospectedStore, IntrospectedTable, Limits, StoreKind};

const TABLES: &str = "SELECT c.relname::text AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'f') ORDER BY c.relname LIMIT $2";

const COLUMNS: &str = "SELECT c.relname::text AS table_name, a.attname::text AS name, \
     format_type(a.atttypid, a.atttypmod) AS data_type, a.attnotnull AS not_null \
     FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace \
     WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'f') AND a.attnum > 0 AND NOT a.attisdropped \
     ORDER BY c.relname, a.attnum LIMIT $2";

const CONSTRAINTS: &str = "SELECT src.relname::text AS table_name, con.contype::text AS kind, \
     ref_ns.nspname::text AS ref_schema, ref.relname::text AS ref_table, \
     ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord) \
           JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS columns, \
     ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord) \
           JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS ref_columns \
     FROM pg_constraint con JOIN pg_class src ON src.oid = con.conrelid \
     JOIN pg_namespace n ON n.oid = src.relnamespace \
     LEFT JOIN pg_class ref ON ref.oid = con.confrelid LEFT JOIN pg_namespace ref_ns ON ref_ns.oid = ref.relnamespace \
     WHERE n.nspname = $1 AND con.contype IN ('p', 'f') ORDER BY src.relname, con.conname LIMIT $2";

/// Reads the structure of `schema` in the database at `url`.
pub(crate) async fn introspect(url: &str, schema: &str, limits: &Limits) -> Result<IntrospectedStore, ConnectError> {
    let location = redact_url(url);
    let work = read(url, schema, &location, limits);
    match tokio::time::timeout(limits.timeout(), work).await {
        Ok(result) => result,
        Err(_) => Err(ConnectError::Timeout { location, timeout_ms: limits.timeout_ms }),
    }
}

async fn read(url: &str, schema: &str, location: &str, limits: &Limits) -> Result<IntrospectedStore, ConnectError> {
    let db = |source| ConnectError::Database { location: location.to_owned(), source };
    let options = PgConnectOptions::from_str(url)
        .map_err(db)?
        .options([("statement_timeout", limits.timeout_ms.to_string()), ("default_transaction_read_only", "on".into())])
        .application_name("tutela introspect");
    let mut connection = PgConnection::connect_with(&options).await.map_err(db)?;
    let exists: Option<i32> = sqlx::query_scalar("SELECT 1 FROM pg_namespace WHERE nspname = $1")
        .bind(schema)
        .fetch_optional(&mut connection)
        .await
        .map_err(db)?;
    if exists.is_none() {
        return Err(ConnectError::SchemaNotFound { location: location.to_owned(), schema: schema.to_owned() });
    }
    let names: Vec<String> = sqlx::query_scalar(TABLES)
        .bind(schema)
        .bind(limit_plus_one(limits.max_tables))
        .fetch_all(&mut connection)
        .await
        .map_err(db)?;
    if names.len() > limits.max_tables {
        return Err(ConnectError::TooManyTables { location: location.to_owned(), max_tables: limits.max_tables });
    }
    let mut tables: BTreeMap<String, IntrospectedTable> = names
        .into_iter()
        .map(|name| {
            let table =
                IntrospectedTable { name: name.clone(), columns: vec![], primary_key: vec![], foreign_keys: vec![] };
            (name, table)
        })
        .collect();
    read_columns(&mut connection, schema, limits, &mut tables).await.map_err(|error| error.into_connect(location))?;
    read_constraints(&mut connection, schema, limits, &mut tables)
        .await
        .map_err(|error| error.into_connect(location))?;
    let _ = connection.close().await;
    Ok(IntrospectedStore {
        kind: StoreKind::Postgres,
        location: location.to_owned(),
        schema: Some(schema.to_owned()),
        tables: tables.into_values().collect(),
    })
}

enum ReadError {
    Db(sqlx::Error),
    Connect(ConnectError),
}

impl ReadError {
    fn into_connect(self, location: &str) -> ConnectError {
        match self {
            Self::Db(source) => ConnectError::Database { location: location.to_owned(), source },
            Self::Connect(error) => error,
        }
    }
}

impl From<sqlx::Error> for ReadError {
    fn from(error: sqlx::Error) -> Self {
        Self::Db(error)
    }
}

/// The most rows a whole-schema query may return: every table at its column limit, plus one.
fn schema_row_limit(limits: &Limits) -> i64 {
    let most = limits.max_tables.saturating_mul(limits.max_columns.saturating_add(1));
    limit_plus_one(most)
}

async fn read_columns(
    connection: &mut PgConnection,
    schema: &str,
    limits: &Limits,
    tables: &mut BTreeMap<String, IntrospectedTable>,
) -> Result<(), ReadError> {
    let rows = sqlx::query(COLUMNS).bind(schema).bind(schema_row_limit(limits)).fetch_all(&mut *connection).await?;
    for row in rows {
        let table_name: String = row.try_get("table_name")?;
        // A table created after the table list was read is left out, as if read a moment earlier.
        let Some(table) = tables.get_mut(&table_name) else { continue };
        if table.columns.len() >= limits.max_columns {
            return Err(ReadError::Connect(ConnectError::TooManyColumns {
                table: table_name,
                max_columns: limits.max_columns,
            }));
        }
        let not_null: bool = row.try_get("not_null")?;
        table.columns.push(IntrospectedColumn {
            name: row.try_get("name")?,
            data_type: row.try_get("data_type")?,
            nullable: !not_null,
        });
    }
    Ok(())
}

async fn read_constraints(
    connection: &mut PgConnection,
    schema: &str,
    limits: &Limits,
    tables: &mut BTreeMap<String, IntrospectedTable>,
) -> Result<(), ReadError> {
    let rows = sqlx::query(CONSTRAINTS).bind(schema).bind(schema_row_limit(limits)).fetch_all(&mut *connection).await?;
    for row in rows {
        let table_name: String = row.try_get("table_name")?;
        let Some(table) = tables.get_mut(&table_name) else { continue };
        let kind: String = row.try_get("kind")?;
        let columns: Vec<String> = row.try_get("columns")?;
        if kind == "p" {
            table.primary_key = columns;
            continue;
        }
        let ref_schema: Option<String> = row.try_get("ref_schema")?;
        let Some(referenced_table) = row.try_get::<Option<String>, _>("ref_table")? else { continue };
        table.foreign_keys.push(ForeignKey {
            columns,
            referenced_schema: ref_schema.filter(|other| other != schema),
            referenced_table,
            referenced_columns: row.try_get("ref_columns")?,
        });
    }
    Ok(())
}
