//! Erasure: what happens to each found row (deleted, masked, kept as a stub, held), checked against
//! the live columns before anything is written, then applied per store in one transaction per
//! store: masks and stubs first, then deletions children first.
//!
//! Restriction ([`restrict`]) writes here too: it sets the table's `restriction_flag` on the
//! subject's rows, per store in one transaction.
//!
//! The outcome per store is reported; the erasure is complete only when every store confirmed.
//! A store that fails is rolled back and named; the others keep their confirmed work, and running
//! the erasure again finishes it (what was deleted or masked is not found again).

use std::collections::HashSet;

use hmac::{Hmac, Mac};
use serde::Serialize;
use serde_json::Value;
use sha2::Sha256;
use tutela_datamap::erasure::{TableErasure, stub_masking};
use tutela_datamap::{DataMap, Masking, Table};

use crate::FulfilError;
use crate::find::{Found, FoundTable};
use crate::graph::{Graph, TableIx};
use crate::store::{StoreConn, text_of};

/// The shortest hash key accepted, in bytes.
pub const MIN_HASH_KEY_BYTES: usize = 16;

/// The secret of the `hash` masking, kept outside the data map (`TUTELA_HASH_KEY`).
#[derive(Clone)]
pub struct HashKey(Vec<u8>);

impl HashKey {
    /// A key of at least [`MIN_HASH_KEY_BYTES`] bytes.
    pub fn new(secret: &[u8]) -> Result<Self, FulfilError> {
        if secret.len() < MIN_HASH_KEY_BYTES {
            return Err(FulfilError::HashKey(format!("the hash key must be at least {MIN_HASH_KEY_BYTES} bytes")));
        }
        Ok(Self(secret.to_vec()))
    }

    /// The keyed hash of a value: HMAC-SHA-256, the first 128 bits in hex (equal values stay equal,
    /// so masked e-mail addresses in a UNIQUE column stay unique).
    pub fn hash(&self, value: &str) -> String {
        // HMAC accepts a key of any length, so this cannot fail.
        let mut mac =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.0).unwrap_or_else(|_| unreachable!("HMAC takes any key"));
        mac.update(value.as_bytes());
        hex::encode(&mac.finalize().into_bytes()[..16])
    }
}

impl std::fmt::Debug for HashKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("HashKey(..)")
    }
}

/// What erasure did to one table.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct TableOutcome {
    /// The table.
    pub table: String,
    /// Rows of the subject found.
    pub found: u64,
    /// Rows deleted.
    pub deleted: u64,
    /// Rows whose personal fields were masked.
    pub masked: u64,
    /// Rows kept as masked stubs because kept rows refer to them.
    pub stubs: u64,
    /// Rows kept for a legal obligation.
    pub held: u64,
    /// The purpose of the hold, when held.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hold: Option<String>,
    /// Rows marked restricted (their `restriction_flag` set).
    #[serde(skip_serializing_if = "is_zero")]
    pub blocked: u64,
}

fn is_zero(count: &u64) -> bool {
    *count == 0
}

/// What erasure did in one store.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct StoreOutcome {
    /// The store.
    pub store: String,
    /// Whether its changes were committed.
    pub confirmed: bool,
    /// Why not, when not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Per table.
    pub tables: Vec<TableOutcome>,
}

/// A row's key: (field, value) pairs.
type RowKey = Vec<(String, String)>;

/// One change to one row.
#[derive(Clone, Debug, PartialEq, Eq)]
enum RowChange {
    Delete,
    Set(Vec<(String, Option<String>)>),
    Keep,
}

/// Checks every masking of every table against the live columns, before any write:
/// `set_null` on a NOT NULL column, a fixed text in a numeric column that is not a number, or a
/// hash in a numeric column would fail mid-erasure, so they fail here, all named at once.
pub fn check_fit(map: &DataMap, graph: &Graph, conns: &[StoreConn]) -> Result<(), FulfilError> {
    let mut problems = Vec::new();
    for node in 0..graph.tables.len() {
        let (store, table) = graph.resolve(map, node);
        let conn = &conns[graph.tables[node].store];
        if conn.is_files() {
            continue;
        }
        let live = conn.columns(table.name.as_str())?;
        let stubs = table.stub_when_referenced.as_ref().is_some_and(|s| s.value);
        for field in &table.fields {
            let Some(column) = live.get(field.name.as_str()) else { continue };
            let masking = match &field.masking {
                _ if stubs => stub_masking(table, field),
                Some(m) if m.value != Masking::DeleteRow => Some(m.value.clone()),
                _ => None,
            };
            let upper = column.data_type.to_ascii_uppercase();
            let numeric = ["INT", "REAL", "NUMERIC", "DOUBLE", "FLOAT", "DECIMAL"].iter().any(|t| upper.contains(t));
            let why = match masking {
                Some(Masking::Null) if !column.nullable => Some("set_null, but the column is NOT NULL".to_owned()),
                Some(Masking::Fixed(text)) if numeric && text.as_str().parse::<f64>().is_err() => {
                    Some(format!("the fixed text {:?}, but the column is {}", text.as_str(), column.data_type))
                }
                Some(Masking::Hash) if numeric => Some(format!("hash, but the column is {}", column.data_type)),
                _ => None,
            };
            if let Some(why) = why {
                problems.push(format!(
                    "{}: field {}.{} is masked with {why}",
                    store.id.as_str(),
                    table.name.as_str(),
                    field.name.as_str()
                ));
            }
        }
    }
    if problems.is_empty() {
        return Ok(());
    }
    Err(FulfilError::Unfit(problems))
}

/// Carries out the erasure of the found rows, store by store.
pub async fn erase(
    map: &DataMap,
    graph: &Graph,
    conns: &mut [StoreConn],
    found: &Found,
    key: Option<&HashKey>,
) -> Vec<StoreOutcome> {
    let mut outcomes = Vec::new();
    for (index, store) in map.stores.iter().enumerate() {
        let tables: Vec<&FoundTable> = found.tables.iter().filter(|t| graph.tables[t.node].store == index).collect();
        if tables.is_empty() {
            continue;
        }
        let conn = &mut conns[index];
        let result = if conn.is_files() {
            erase_files(map, graph, conn, found, &tables, key)
        } else {
            erase_database(map, graph, conn, found, &tables, key).await
        };
        outcomes.push(match result {
            Ok(tables) => StoreOutcome { store: store.id.as_str().to_owned(), confirmed: true, error: None, tables },
            Err(error) => StoreOutcome {
                store: store.id.as_str().to_owned(),
                confirmed: false,
                error: Some(error.to_string()),
                tables: Vec::new(),
            },
        });
    }
    outcomes
}

async fn erase_database(
    map: &DataMap,
    graph: &Graph,
    conn: &mut StoreConn,
    found: &Found,
    tables: &[&FoundTable],
    key: Option<&HashKey>,
) -> Result<Vec<TableOutcome>, FulfilError> {
    conn.begin().await?;
    let result = apply_database(map, graph, conn, found, tables, key).await;
    match result {
        Ok(outcomes) => {
            conn.commit().await?;
            Ok(outcomes)
        }
        Err(error) => {
            conn.rollback().await;
            Err(error)
        }
    }
}

async fn apply_database(
    map: &DataMap,
    graph: &Graph,
    conn: &mut StoreConn,
    found: &Found,
    tables: &[&FoundTable],
    key: Option<&HashKey>,
) -> Result<Vec<TableOutcome>, FulfilError> {
    let mut outcomes: Vec<TableOutcome> = Vec::new();
    let mut deletions: Vec<(TableIx, Vec<RowKey>)> = Vec::new();
    for found_table in tables {
        let (_, table) = graph.resolve(map, found_table.node);
        let referenced = referenced_values(graph, found, found_table.node);
        let mut outcome = outcome_for(graph, found_table, table);
        let mut deletes = Vec::new();
        for row in &found_table.rows {
            let row_key = found_table.key_of(row);
            if row_key.is_empty() {
                return Err(FulfilError::Mismatch {
                    store: conn.id.clone(),
                    why: format!(
                        "table {} has no primary key to change rows by: declare primary_key",
                        table.name.as_str()
                    ),
                });
            }
            match change_for(graph, found_table, table, row, &referenced, key)? {
                RowChange::Delete => deletes.push(row_key),
                RowChange::Set(set) => {
                    let stub = graph.tables[found_table.node].erasure == TableErasure::DeleteRows;
                    conn.update(table.name.as_str(), &set, &row_key).await?;
                    if stub { outcome.stubs += 1 } else { outcome.masked += 1 }
                }
                RowChange::Keep => {}
            }
        }
        outcomes.push(outcome);
        deletions.push((found_table.node, deletes));
    }
    let order = graph.deletion_order(map, graph.tables[tables[0].node].store);
    for node in order {
        let Some((_, keys)) = deletions.iter().find(|(n, _)| *n == node) else { continue };
        let (_, table) = graph.resolve(map, node);
        let mut deleted = 0;
        for row_key in keys {
            deleted += conn.delete(table.name.as_str(), row_key).await?;
        }
        if let Some(outcome) = outcomes.iter_mut().find(|o| o.table == table.name.as_str()) {
            outcome.deleted = deleted;
        }
    }
    Ok(outcomes)
}

fn erase_files(
    map: &DataMap,
    graph: &Graph,
    conn: &StoreConn,
    found: &Found,
    tables: &[&FoundTable],
    key: Option<&HashKey>,
) -> Result<Vec<TableOutcome>, FulfilError> {
    let mut outcomes = Vec::new();
    for found_table in tables {
        let (_, table) = graph.resolve(map, found_table.node);
        let referenced = referenced_values(graph, found, found_table.node);
        let mut outcome = outcome_for(graph, found_table, table);
        let mut failure = None;
        let (deleted, changed) = conn.rewrite_file(table.name.as_str(), |record| {
            let picked = found_table.selectors.iter().any(|selector| {
                record.get(&selector.field).and_then(text_of).is_some_and(|value| {
                    selector.values.contains(&crate::identity::normalise(&value, selector.matching))
                })
            });
            if !picked {
                return Some(false);
            }
            let row: Vec<Value> =
                found_table.fields.iter().map(|f| record.get(f).cloned().unwrap_or(Value::Null)).collect();
            match change_for(graph, found_table, table, &row, &referenced, key) {
                Ok(RowChange::Delete) => None,
                Ok(RowChange::Set(set)) => {
                    for (field, value) in set {
                        record.insert(field, value.map_or(Value::Null, Value::String));
                    }
                    Some(true)
                }
                Ok(RowChange::Keep) => Some(false),
                Err(error) => {
                    failure = Some(error);
                    Some(false)
                }
            }
        })?;
        if let Some(error) = failure {
            return Err(error);
        }
        outcome.deleted = deleted;
        outcome.masked = changed;
        outcomes.push(outcome);
    }
    Ok(outcomes)
}

fn outcome_for(graph: &Graph, found_table: &FoundTable, table: &Table) -> TableOutcome {
    let held = graph.tables[found_table.node].erasure == TableErasure::Hold;
    TableOutcome {
        table: table.name.as_str().to_owned(),
        found: found_table.rows.len() as u64,
        held: if held { found_table.rows.len() as u64 } else { 0 },
        hold: table.hold.as_ref().map(|h| h.as_str().to_owned()),
        ..TableOutcome::default()
    }
}

/// The values of each field of `node` that surviving found rows point at: a row whose value is
/// among them stays as a stub instead of being deleted.
fn referenced_values(graph: &Graph, found: &Found, node: TableIx) -> Vec<(String, HashSet<String>)> {
    let mut referenced: Vec<(String, HashSet<String>)> = Vec::new();
    for edge in &graph.children[node] {
        if !graph.tables[edge.child].erasure.keeps_rows() {
            continue;
        }
        let Some(child) = found.table(edge.child) else { continue };
        let Some(column) = child.column(&edge.field) else { continue };
        let values: HashSet<String> = child.rows.iter().filter_map(|row| text_of(&row[column])).collect();
        referenced.push((edge.parent_field.clone(), values));
    }
    referenced
}

fn change_for(
    graph: &Graph,
    found_table: &FoundTable,
    table: &Table,
    row: &[Value],
    referenced: &[(String, HashSet<String>)],
    key: Option<&HashKey>,
) -> Result<RowChange, FulfilError> {
    let erasure = graph.tables[found_table.node].erasure;
    let stub = erasure == TableErasure::DeleteRows
        && table.stub_when_referenced.as_ref().is_some_and(|s| s.value)
        && referenced.iter().any(|(field, values)| {
            found_table.column(field).and_then(|i| text_of(&row[i])).is_some_and(|value| values.contains(&value))
        });
    if erasure == TableErasure::DeleteRows && !stub {
        return Ok(RowChange::Delete);
    }
    let mut set = Vec::new();
    for field in &table.fields {
        let name = field.name.as_str();
        let masking = match &field.masking {
            _ if stub => match stub_masking(table, field) {
                Some(masking) => masking,
                None => continue,
            },
            Some(masking) => masking.value.clone(),
            None => continue,
        };
        let Some(column) = found_table.column(name) else { continue };
        let current = text_of(&row[column]);
        let new = match &masking {
            Masking::Null => None,
            Masking::Fixed(text) => Some(text.as_str().to_owned()),
            Masking::Hash => match (&current, key) {
                (None, _) => None,
                (Some(value), _) if is_hashed(value) => continue,
                (Some(value), Some(key)) => Some(key.hash(value)),
                (Some(_), None) => {
                    return Err(FulfilError::HashKey(format!(
                        "field {}.{name} is masked with hash: set TUTELA_HASH_KEY",
                        table.name.as_str()
                    )));
                }
            },
            Masking::DeleteRow => None,
        };
        if new != current {
            set.push((name.to_owned(), new));
        }
    }
    Ok(if set.is_empty() { RowChange::Keep } else { RowChange::Set(set) })
}

/// Whether a value is already a keyed hash ([`HashKey::hash`]'s 32 lower-case hex digits): a
/// repeated erasure leaves it as it is instead of hashing the hash.
fn is_hashed(value: &str) -> bool {
    value.len() == 32 && value.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Marks the found rows of every table with a `restriction_flag` as restricted, store by store in
/// one transaction each; returns the outcome per store and the tables whose rows could not be
/// marked (`store:table`: no flag declared, or no key to change a row by).
pub async fn restrict(
    map: &DataMap,
    graph: &Graph,
    conns: &mut [StoreConn],
    found: &Found,
) -> (Vec<StoreOutcome>, Vec<String>) {
    let mut outcomes = Vec::new();
    let mut unmarked = Vec::new();
    for (index, store) in map.stores.iter().enumerate() {
        let mut flagged: Vec<(&FoundTable, &Table, &str)> = Vec::new();
        for found_table in found.tables.iter().filter(|t| graph.tables[t.node].store == index) {
            let (_, table) = graph.resolve(map, found_table.node);
            match &table.restriction_flag {
                Some(flag) if !found_table.key.is_empty() => flagged.push((found_table, table, flag.as_str())),
                _ => unmarked.push(graph.tables[found_table.node].label.clone()),
            }
        }
        if flagged.is_empty() {
            continue;
        }
        let conn = &mut conns[index];
        let result = mark_restricted(conn, &flagged).await;
        outcomes.push(match result {
            Ok(tables) => StoreOutcome { store: store.id.as_str().to_owned(), confirmed: true, error: None, tables },
            Err(error) => StoreOutcome {
                store: store.id.as_str().to_owned(),
                confirmed: false,
                error: Some(error.to_string()),
                tables: Vec::new(),
            },
        });
    }
    (outcomes, unmarked)
}

async fn mark_restricted(
    conn: &mut StoreConn,
    flagged: &[(&FoundTable, &Table, &str)],
) -> Result<Vec<TableOutcome>, FulfilError> {
    conn.begin().await?;
    let mut outcomes = Vec::new();
    for (found_table, table, flag) in flagged {
        let name = table.name.as_str();
        // A boolean column takes `true`; an integer one (SQLite has no booleans) takes 1.
        let value = if conn.column_type(name, flag).to_ascii_lowercase().contains("bool") { "true" } else { "1" };
        let mut blocked = 0;
        for row in &found_table.rows {
            let set = [((*flag).to_owned(), Some(value.to_owned()))];
            match conn.update(name, &set, &found_table.key_of(row)).await {
                Ok(changed) => blocked += changed,
                Err(error) => {
                    conn.rollback().await;
                    return Err(error);
                }
            }
        }
        outcomes.push(TableOutcome {
            table: name.to_owned(),
            found: found_table.rows.len() as u64,
            blocked,
            ..TableOutcome::default()
        });
    }
    conn.commit().await?;
    Ok(outcomes)
}
