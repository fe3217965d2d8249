//! The data map seen as the engine walks it: every table of every store as a node, the fields a
//! subject is found by, the owning references from a table to the table it belongs to, and the
//! order in which deleted rows can go (children first). Pure: built from the map alone.

use std::collections::HashMap;

use tutela_datamap::erasure::{TableErasure, reference_kind, target};
use tutela_datamap::{DataMap, IdentityMatch, ReferenceKind, Store, StoreKind, Table};

/// Index of a table in [`Graph::tables`].
pub type TableIx = usize;

/// One table of one store.
#[derive(Clone, Debug)]
pub struct TableNode {
    /// Index of its store in the map's `stores`.
    pub store: usize,
    /// Index of the table in its store's `tables`.
    pub table: usize,
    /// `store:table`, for messages and reports.
    pub label: String,
    /// The fields that name a row: the declared or implied primary key.
    pub key: Vec<String>,
    /// The fields a subject is found by, with how they are matched and the categories they hold.
    pub identities: Vec<IdentityField>,
    /// References from this table's rows to the rows they belong to (`owns`).
    pub parents: Vec<Edge>,
    /// What erasure does to the rows.
    pub erasure: TableErasure,
}

/// A field a subject is found by.
#[derive(Clone, Debug)]
pub struct IdentityField {
    /// The field.
    pub field: String,
    /// How a given identity is compared with it.
    pub matching: IdentityMatch,
    /// The data categories it holds.
    pub categories: Vec<String>,
}

/// An owning reference: `child.field` holds values of `parent.parent_field`.
#[derive(Clone, Debug)]
pub struct Edge {
    /// The referencing (owned) table.
    pub child: TableIx,
    /// Its field.
    pub field: String,
    /// The referenced (owning) table.
    pub parent: TableIx,
    /// The referenced field.
    pub parent_field: String,
}

/// The whole map as a graph of tables.
#[derive(Clone, Debug)]
pub struct Graph {
    /// Every table.
    pub tables: Vec<TableNode>,
    /// For each table, the owning references that point at it (its children).
    pub children: Vec<Vec<Edge>>,
}

impl Graph {
    /// Builds the graph of a validated map.
    pub fn new(map: &DataMap) -> Self {
        let mut index: HashMap<(&str, &str), TableIx> = HashMap::new();
        let mut tables = Vec::new();
        for (s, store) in map.stores.iter().enumerate() {
            for (t, table) in store.tables.iter().enumerate() {
                index.insert((store.id.as_str(), table.name.as_str()), tables.len());
                tables.push(TableNode {
                    store: s,
                    table: t,
                    label: format!("{}:{}", store.id.as_str(), table.name.as_str()),
                    key: table.key_fields().into_iter().map(str::to_owned).collect(),
                    identities: identity_fields(table),
                    parents: Vec::new(),
                    erasure: TableErasure::of(table),
                });
            }
        }
        let mut children = vec![Vec::new(); tables.len()];
        for (s, store) in map.stores.iter().enumerate() {
            for table in &store.tables {
                let child = index[&(store.id.as_str(), table.name.as_str())];
                for reference in &table.references {
                    if reference_kind(&map.stores, store, reference) != ReferenceKind::Owns {
                        continue;
                    }
                    let Some((target_store, target_table)) = target(&map.stores, &map.stores[s], reference) else {
                        continue;
                    };
                    let parent = index[&(target_store.id.as_str(), target_table.name.as_str())];
                    let edge = Edge {
                        child,
                        field: reference.field.as_str().to_owned(),
                        parent,
                        parent_field: reference.to.field.as_str().to_owned(),
                    };
                    tables[child].parents.push(edge.clone());
                    children[parent].push(edge);
                }
            }
        }
        Self { tables, children }
    }

    /// The store and table of a node.
    pub fn resolve<'m>(&self, map: &'m DataMap, node: TableIx) -> (&'m Store, &'m Table) {
        let TableNode { store, table, .. } = self.tables[node];
        (&map.stores[store], &map.stores[store].tables[table])
    }

    /// Whether the node's store is a database (rather than a folder of files).
    pub fn is_database(&self, map: &DataMap, node: TableIx) -> bool {
        matches!(self.resolve(map, node).0.kind.value, StoreKind::Sqlite | StoreKind::Postgres)
    }

    /// The tables of `store` whose rows erasure deletes, children before the tables they
    /// reference (validation guarantees there is no cycle among them; if there were, the
    /// remaining tables come last in map order).
    pub fn deletion_order(&self, map: &DataMap, store: usize) -> Vec<TableIx> {
        let deleting: Vec<TableIx> = (0..self.tables.len())
            .filter(|&n| self.tables[n].store == store && self.tables[n].erasure == TableErasure::DeleteRows)
            .collect();
        // Every reference counts for order, owning or not: a lookup still holds a foreign key.
        let references = |node: TableIx| -> Vec<TableIx> {
            let (own_store, table) = self.resolve(map, node);
            table
                .references
                .iter()
                .filter_map(|reference| target(&map.stores, own_store, reference))
                .filter_map(|(s, t)| {
                    deleting.iter().copied().find(|&n| {
                        let (ns, nt) = self.resolve(map, n);
                        ns.id.as_str() == s.id.as_str() && nt.name.as_str() == t.name.as_str()
                    })
                })
                .filter(|&n| n != node)
                .collect()
        };
        let mut order = Vec::with_capacity(deleting.len());
        let mut left = deleting.clone();
        while !left.is_empty() {
            // A table can go once no remaining table references it.
            let ready: Vec<TableIx> =
                left.iter().copied().filter(|&n| !left.iter().any(|&m| m != n && references(m).contains(&n))).collect();
            if ready.is_empty() {
                order.append(&mut left);
                break;
            }
            left.retain(|n| !ready.contains(n));
            order.extend(ready);
        }
        order
    }
}

fn identity_fields(table: &Table) -> Vec<IdentityField> {
    table
        .identifies_subject_by
        .iter()
        .filter_map(|name| table.field(name.as_str()))
        .map(|field| IdentityField {
            field: field.name.as_str().to_owned(),
            matching: field.identity_match(),
            categories: field.categories.iter().map(|c| c.as_str().to_owned()).collect(),
        })
        .collect()
}
