// What every query file shares: the pools, the write transaction and the journal append that each
// change makes in its own transaction. Queries are written once and compiled once per backend.
//
// This file and the `queries_<concern>.rs` files are not modules of their own: `backends.rs` includes
// them all (listed once, in `all_queries!`) into `sqlite` and `postgres`, each
// of which first defines `Driver` (the sqlx driver), `BEGIN_WRITE` (how a write transaction starts) and
// `LOCK_ROW`/`SKIP_LOCKED` (row-locking clauses, empty on SQLite where `BEGIN IMMEDIATE` already
// serialises writers). The compiler checks every query against both drivers' types.

use jiff::Timestamp;
use sqlx::{Pool, Row, Transaction};
use tutela_core::journal::{Action, Actor, ChainVerifier, Entry, EntryHash, GENESIS_HASH, NewEntry, ObjectRef};
use tutela_core::operator::{OperatorId, OperatorName, OperatorSlug};
use tutela_core::staff::{Roles, StaffEmail};

use crate::records::*;
use crate::{DbError, conflict_or, new_id};

/// The pools of one backend: SQLite has one writer connection and several readers; PostgreSQL uses
/// one pool for both.
#[derive(Clone, Debug)]
pub(crate) struct Pools {
    pub writer: Pool<Driver>,
    pub reader: Pool<Driver>,
}

type Tx = Transaction<'static, Driver>;

impl Pools {
    async fn write(&self) -> Result<Tx, DbError> {
        Ok(self.writer.begin_with(BEGIN_WRITE).await?)
    }
}

fn instant(micros: i64, what: &'static str) -> Result<Timestamp, DbError> {
    Timestamp::from_microsecond(micros).map_err(|e| DbError::corrupt(what, e))
}

/// A JSON column read into `T`; a value that does not parse is corrupt.
fn from_json<T: serde::de::DeserializeOwned>(text: &str, what: &'static str) -> Result<T, DbError> {
    serde_json::from_str(text).map_err(|e| DbError::corrupt(what, e))
}

fn optional_instant(micros: Option<i64>, what: &'static str) -> Result<Option<Timestamp>, DbError> {
    micros.map(|us| instant(us, what)).transpose()
}

/// Appends an entry to the operator's journal inside `tx`, the transaction that makes the change the
/// entry records, so the change and its entry are committed together or not at all.
async fn append(tx: &mut Tx, operator_id: &OperatorId, new_entry: NewEntry, at: Timestamp) -> Result<Entry, DbError> {
    let head = read_head(tx, operator_id).await?;
    let entry = new_entry.chain(operator_id, head, at);
    insert_entry(tx, &entry).await?;
    write_head(tx, operator_id, entry.seq, &entry.hash).await?;
    Ok(entry)
}

/// The operator's journal head (newest sequence number and hash; `None` for an empty journal), read
/// with the operator's row lock on PostgreSQL so appends to one journal never fork.
async fn read_head(tx: &mut Tx, operator_id: &OperatorId) -> Result<Option<(u64, EntryHash)>, DbError> {
    let row = sqlx::query(&format!("SELECT journal_seq, journal_hash FROM operators WHERE id = $1{LOCK_ROW}"))
        .bind(operator_id.as_str())
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| DbError::NotFound { kind: "operator", id: operator_id.to_string() })?;
    let seq: i64 = row.try_get(0)?;
    let hash =
        EntryHash::from_hex(&row.try_get::<String, _>(1)?).map_err(|e| DbError::corrupt("journal head", e))?;
    Ok((seq > 0).then_some((seq as u64, hash)))
}

/// Takes the operator's row lock for the rest of `tx` (a no-op on SQLite, where `BEGIN IMMEDIATE`
/// already holds the write lock), so that two instances serialise their changes to one operator's
/// settings; fails when there is no such operator.
async fn lock_operator(tx: &mut Tx, operator_id: &OperatorId) -> Result<(), DbError> {
    sqlx::query(&format!("SELECT id FROM operators WHERE id = $1{LOCK_ROW}"))
        .bind(operator_id.as_str())
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| DbError::NotFound { kind: "operator", id: operator_id.to_string() })?;
    Ok(())
}

/// Inserts a chained entry's row.
async fn insert_entry(tx: &mut Tx, entry: &Entry) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO journal (operator_id, seq, at_us, actor, action, object_kind, object_id, details, \
         prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(entry.operator_id.as_str())
    .bind(entry.seq as i64)
    .bind(entry.at.as_microsecond())
    .bind(entry.actor.as_str())
    .bind(entry.action.as_str())
    .bind(&entry.object.kind)
    .bind(&entry.object.id)
    .bind(tutela_core::journal::canonical_json(&entry.details))
    .bind(entry.prev_hash.to_hex())
    .bind(entry.hash.to_hex())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Records the operator's new journal head, which `verify_journal` checks the chain ends at.
async fn write_head(tx: &mut Tx, operator_id: &OperatorId, seq: u64, hash: &EntryHash) -> Result<(), DbError> {
    sqlx::query("UPDATE operators SET journal_seq = $1, journal_hash = $2 WHERE id = $3")
        .bind(seq as i64)
        .bind(hash.to_hex())
        .bind(operator_id.as_str())
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Builds and appends an entry in one call.
async fn journal(
    tx: &mut Tx,
    operator_id: &OperatorId,
    actor: &Actor,
    action: Action,
    object: (&str, &str),
    details: serde_json::Value,
    at: Timestamp,
) -> Result<Entry, DbError> {
    let entry = NewEntry::new(actor.clone(), action, ObjectRef::new(object.0, object.1)?, details)?;
    append(tx, operator_id, entry, at).await
}

/// Fails with [`DbError::UnknownCursor`] when a page is asked to continue after an id that `table`
/// does not hold for the operator, so a wrong cursor is an error rather than an empty page.
async fn require_cursor(
    reader: &mut sqlx::pool::PoolConnection<Driver>,
    table: &'static str,
    kind: &'static str,
    operator_id: &OperatorId,
    after: Option<&str>,
) -> Result<(), DbError> {
    let Some(after) = after else { return Ok(()) };
    let known: Option<String> = sqlx::query_scalar(&format!("SELECT id FROM {table} WHERE operator_id = $1 AND id = $2"))
        .bind(operator_id.as_str())
        .bind(after)
        .fetch_optional(&mut **reader)
        .await?;
    if known.is_none() {
        return Err(DbError::UnknownCursor { kind, id: after.to_owned() });
    }
    Ok(())
}

/// One page of an operator's list in a stable key order, after the row whose id is `after`: what
/// every paged list shares (the cursor checked with [`require_cursor`], the keyset comparison, the
/// bounds). `columns` may name the table as `t`.
struct Keyset {
    /// The table.
    table: &'static str,
    /// What its rows are, for an unknown cursor's message.
    kind: &'static str,
    /// The columns to select.
    columns: &'static str,
    /// The key columns the list is ordered by, ending with `id` so the order is total.
    key: &'static [&'static str],
    /// Newest first.
    descending: bool,
    /// A further condition on `$4` and its value, e.g. `t.state = $4`.
    filter: Option<(&'static str, String)>,
}

async fn keyset_page(
    pools: &Pools,
    page: Keyset,
    operator_id: &OperatorId,
    after: Option<&str>,
    limit: u32,
) -> Result<Vec<<Driver as sqlx::Database>::Row>, DbError> {
    let mut reader = pools.reader.acquire().await?;
    require_cursor(&mut reader, page.table, page.kind, operator_id, after).await?;
    let Keyset { table, columns, key, descending, filter, .. } = page;
    let qualified: Vec<String> = key.iter().map(|column| format!("t.{column}")).collect();
    let (qualified, plain) = (qualified.join(", "), key.join(", "));
    let (compare, direction) = if descending { ("<", " DESC") } else { (">", "") };
    let order: Vec<String> = key.iter().map(|column| format!("t.{column}{direction}")).collect();
    let condition = filter.as_ref().map_or(String::new(), |(condition, _)| format!(" AND {condition}"));
    let sql = format!(
        "SELECT {columns} FROM {table} t WHERE t.operator_id = $1 AND ($2 IS NULL OR ({qualified}) {compare} \
         (SELECT {plain} FROM {table} WHERE operator_id = $1 AND id = $2)){condition} ORDER BY {} LIMIT $3",
        order.join(", ")
    );
    let mut query = sqlx::query(&sql).bind(operator_id.as_str()).bind(after).bind(i64::from(limit));
    if let Some((_, value)) = filter {
        query = query.bind(value);
    }
    Ok(query.fetch_all(&mut *reader).await?)
}
