//! Finding a subject's rows: first in the tables that identify subjects, by the identities given,
//! then along every owning reference to the rows that belong to them (a customer's orders, an
//! order's payments), across stores, until nothing new is found. Every lookup is by a field's
//! values; nothing reads a whole database table.

use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

use tutela_datamap::{DataMap, IdentityMatch};

use crate::FulfilError;
use crate::graph::{Graph, TableIx};
use crate::identity::Identity;
use crate::store::{Row, Selector, StoreConn, text_of};

/// The subject's rows of one table.
#[derive(Clone, Debug)]
pub struct FoundTable {
    /// The table.
    pub node: TableIx,
    /// The columns of `rows`: the map's declared fields, then `rowid` when SQLite's row id stands
    /// in for a missing key.
    pub fields: Vec<String>,
    /// The fields that name one row (a subset of `fields`); empty when rows have no key.
    pub key: Vec<String>,
    /// The rows, each once.
    pub rows: Vec<Row>,
    /// The lookups that found them (for files, which have no key, erasure repeats them).
    pub selectors: Vec<Selector>,
}

impl FoundTable {
    /// The index of a field in `fields`.
    pub fn column(&self, field: &str) -> Option<usize> {
        self.fields.iter().position(|f| f == field)
    }

    /// The key of a row as (field, value) pairs.
    pub fn key_of(&self, row: &Row) -> Vec<(String, String)> {
        self.key
            .iter()
            .filter_map(|field| self.column(field).map(|i| (field.clone(), text_of(&row[i]).unwrap_or_default())))
            .collect()
    }
}

/// Everything found of one subject.
#[derive(Clone, Debug, Default)]
pub struct Found {
    /// Tables with at least one row of the subject, in map order.
    pub tables: Vec<FoundTable>,
}

impl Found {
    /// The found rows of a table.
    pub fn table(&self, node: TableIx) -> Option<&FoundTable> {
        self.tables.iter().find(|t| t.node == node)
    }

    /// Rows found in all.
    pub fn row_count(&self) -> usize {
        self.tables.iter().map(|t| t.rows.len()).sum()
    }
}

/// Finds the rows of the subject with `identities`. `conns` holds one open store per map store.
pub async fn find(
    map: &DataMap,
    graph: &Graph,
    conns: &mut [StoreConn],
    identities: &[Identity],
) -> Result<Found, FulfilError> {
    let mut tables: HashMap<TableIx, FoundTable> = HashMap::new();
    let mut seen: HashMap<TableIx, HashSet<String>> = HashMap::new();
    let mut queue: VecDeque<(TableIx, Vec<Row>)> = VecDeque::new();
    for node in 0..graph.tables.len() {
        for field in &graph.tables[node].identities {
            let values: BTreeSet<String> = identities
                .iter()
                .filter(|identity| field.categories.contains(&identity.category))
                .filter_map(|identity| identity.value_for(field.matching))
                .collect();
            if values.is_empty() {
                continue;
            }
            let selector =
                Selector { field: field.field.clone(), matching: field.matching, values: values.into_iter().collect() };
            let new = lookup(map, graph, conns, node, selector, &mut tables, &mut seen).await?;
            if !new.is_empty() {
                queue.push_back((node, new));
            }
        }
    }
    while let Some((node, rows)) = queue.pop_front() {
        for edge in &graph.children[node] {
            let Some(column) = tables[&node].column(&edge.parent_field) else { continue };
            let values: BTreeSet<String> = rows.iter().filter_map(|row| text_of(&row[column])).collect();
            if values.is_empty() {
                continue;
            }
            let selector = Selector {
                field: edge.field.clone(),
                matching: IdentityMatch::Exact,
                values: values.into_iter().collect(),
            };
            let new = lookup(map, graph, conns, edge.child, selector, &mut tables, &mut seen).await?;
            if !new.is_empty() {
                queue.push_back((edge.child, new));
            }
        }
    }
    let mut found: Vec<FoundTable> = tables.into_values().filter(|t| !t.rows.is_empty()).collect();
    found.sort_by_key(|t| t.node);
    Ok(Found { tables: found })
}

/// Runs one lookup and returns the rows not found before.
async fn lookup(
    map: &DataMap,
    graph: &Graph,
    conns: &mut [StoreConn],
    node: TableIx,
    selector: Selector,
    tables: &mut HashMap<TableIx, FoundTable>,
    seen: &mut HashMap<TableIx, HashSet<String>>,
) -> Result<Vec<Row>, FulfilError> {
    let (_, table) = graph.resolve(map, node);
    let conn = &mut conns[graph.tables[node].store];
    let entry = match tables.entry(node) {
        std::collections::hash_map::Entry::Occupied(entry) => entry.into_mut(),
        std::collections::hash_map::Entry::Vacant(slot) => slot.insert(prepare(conn, graph, node, table)?),
    };
    let rows = conn.select(table.name.as_str(), &entry.fields, &selector).await?;
    let seen = seen.entry(node).or_default();
    let key_columns: Vec<usize> = entry.key.iter().filter_map(|k| entry.column(k)).collect();
    let mut new = Vec::new();
    for row in rows {
        let identity = if key_columns.is_empty() {
            serde_json::to_string(&row).unwrap_or_default()
        } else {
            serde_json::to_string(&key_columns.iter().map(|&i| &row[i]).collect::<Vec<_>>()).unwrap_or_default()
        };
        if seen.insert(identity) {
            new.push(row);
        }
    }
    if !new.is_empty() {
        entry.selectors.push(selector);
        entry.rows.extend(new.iter().cloned());
    }
    Ok(new)
}

/// The columns to read of a table, checked against the live store: every declared field must
/// exist (a map whose identity column is missing in the database is an error, not "not found").
fn prepare(
    conn: &StoreConn,
    graph: &Graph,
    node: TableIx,
    table: &tutela_datamap::Table,
) -> Result<FoundTable, FulfilError> {
    let mut fields: Vec<String> = table.fields.iter().map(|f| f.name.as_str().to_owned()).collect();
    if !conn.is_files() {
        let live = conn.columns(table.name.as_str())?;
        if let Some(missing) = fields.iter().find(|f| !live.contains_key(f.as_str())) {
            return Err(FulfilError::Mismatch {
                store: conn.id.clone(),
                why: format!(
                    "the data map declares field {}.{missing}, which the live table does not have",
                    table.name.as_str()
                ),
            });
        }
    }
    let mut key = graph.tables[node].key.clone();
    if key.is_empty() {
        let live_key = conn.primary_key(table.name.as_str());
        if !live_key.is_empty() && live_key.iter().all(|k| fields.contains(k)) {
            key = live_key.to_vec();
        } else if conn.has_rowid() {
            fields.push("rowid".to_owned());
            key = vec!["rowid".to_owned()];
        }
    }
    Ok(FoundTable { node, fields, key, rows: Vec::new(), selectors: Vec::new() })
}
