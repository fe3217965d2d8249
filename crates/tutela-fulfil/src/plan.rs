//! The saved plan of an erasure: every row of the subject that was found, with its key, written
//! down before the first write to any store.
//!
//! Erasure changes the very values the subject is found by (the customer row deleted, the e-mail
//! hashed). When one store commits and another fails, a retry that only looks the subject up again
//! no longer finds the rows the failed store still holds when they were reached through the
//! changed store (orders in one database that belong to a customer in another). The caller keeps
//! the plan of the run ([`SavedPlan::of`]) until every store confirms, and a retry merges it into
//! what it finds ([`SavedPlan::merge_into`]): rows already erased are simply not there any more
//! (deleting or masking them again changes nothing), and the rest are erased.
//!
//! Tables are named by store and table, not by their place in the map, so a plan survives a new
//! version of the map; a table the map no longer has is reported and skipped.

use serde::{Deserialize, Serialize};
use tutela_datamap::DataMap;

use crate::find::{Found, FoundTable};
use crate::graph::Graph;
use crate::store::{Row, Selector};

/// The rows of one table in a saved plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedTable {
    /// The store's id.
    pub store: String,
    /// The table's name.
    pub table: String,
    /// The columns of `rows`.
    pub fields: Vec<String>,
    /// The fields that name one row.
    pub key: Vec<String>,
    /// The rows.
    pub rows: Vec<Row>,
    /// The lookups that found them (files are erased by repeating them).
    pub selectors: Vec<Selector>,
}

/// What an erasure found, to resume it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SavedPlan {
    /// Per table, the subject's rows.
    pub tables: Vec<SavedTable>,
}

impl SavedPlan {
    /// The plan of what `found` holds.
    pub fn of(map: &DataMap, graph: &Graph, found: &Found) -> Self {
        let tables = found
            .tables
            .iter()
            .map(|t| {
                let (store, table) = graph.resolve(map, t.node);
                SavedTable {
                    store: store.id.as_str().to_owned(),
                    table: table.name.as_str().to_owned(),
                    fields: t.fields.clone(),
                    key: t.key.clone(),
                    rows: t.rows.clone(),
                    selectors: t.selectors.clone(),
                }
            })
            .collect();
        Self { tables }
    }

    /// Adds to `found` the saved rows it does not hold (by key; by whole row for keyless file
    /// records). Returns the saved tables the map no longer has (`store:table`).
    pub fn merge_into(self, graph: &Graph, found: &mut Found) -> Vec<String> {
        let mut missing = Vec::new();
        for saved in self.tables {
            let label = format!("{}:{}", saved.store, saved.table);
            let Some(node) = graph.tables.iter().position(|t| t.label == label) else {
                missing.push(label);
                continue;
            };
            let index = match found.tables.iter().position(|t| t.node == node) {
                Some(index) => index,
                None => {
                    found.tables.push(FoundTable {
                        node,
                        fields: saved.fields.clone(),
                        key: saved.key.clone(),
                        rows: Vec::new(),
                        selectors: Vec::new(),
                    });
                    found.tables.len() - 1
                }
            };
            merge_table(&mut found.tables[index], saved);
        }
        found.tables.sort_by_key(|t| t.node);
        missing
    }
}

/// Adds the saved rows (laid out as the found table's columns) and selectors a table lacks.
fn merge_table(table: &mut FoundTable, saved: SavedTable) {
    for row in saved.rows {
        let row: Row = table
            .fields
            .iter()
            .map(|field| {
                saved.fields.iter().position(|f| f == field).map_or(serde_json::Value::Null, |i| row[i].clone())
            })
            .collect();
        let present = if table.key.is_empty() {
            table.rows.contains(&row)
        } else {
            let key = table.key_of(&row);
            table.rows.iter().any(|existing| table.key_of(existing) == key)
        };
        if !present {
            table.rows.push(row);
        }
    }
    for selector in saved.selectors {
        if !table.selectors.contains(&selector) {
            table.selectors.push(selector);
        }
    }
}
