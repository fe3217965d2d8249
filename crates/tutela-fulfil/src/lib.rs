//! The fulfilment engine: carries out a data-subject request on the operator's own stores, by the
//! data map.
//!
//! For a subject's identities it finds their rows ([`find`]) in every store the map declares —
//! SQLite, PostgreSQL, folders of CSV or JSON Lines — first in the tables that identify subjects,
//! then along owning references to the rows that belong to them, and then either writes an access
//! or portability package ([`package`]) or erases ([`erase`]): rows deleted, masked, kept as
//! stubs or held for a legal obligation, as the map says.
//!
//! **This crate is the only place Tutela writes to an operator's store**, and only in the erasure
//! step ([`store::StoreConn::update`], [`store::StoreConn::delete`], [`store::StoreConn::rewrite_file`]).
//! Everything else in Tutela reads them read-only.
//!
//! - [`identity`]: the identities a request gives, normalised, and how they are matched.
//! - [`graph`]: the map as a graph of tables (pure, no I/O).
//! - [`store`]: one connection per store; lookups by a field's values, and the writes.
//! - [`find`], [`erase`], [`package`]: the three steps.
//! - [`plan`]: what an erasure found, saved before its first write so a retry finishes it.
//! - [`act`]: the destruction act of an erasure, a printable page in the operator's language.
//!
//! [`Engine`] ties them together; `tutela request run` is its command line.

pub mod act;
pub mod erase;
pub mod find;
pub mod graph;
pub mod identity;
pub mod package;
pub mod plan;
pub mod store;

use std::path::{Path, PathBuf};

use serde::Serialize;
use tutela_datamap::{DataMap, Lang};

pub use erase::{HashKey, StoreOutcome, TableOutcome};
pub use find::Found;
pub use identity::Identity;
pub use package::PackagedTable;
pub use plan::SavedPlan;

use crate::graph::Graph;
use crate::store::StoreConn;

/// Why a request could not be carried out.
#[derive(Debug, thiserror::Error)]
pub enum FulfilError {
    /// An identity could not be read.
    #[error("identity {given:?}: {why}")]
    BadIdentity {
        /// What was given (cut to 80 characters).
        given: String,
        /// What is wrong with it.
        why: String,
    },
    /// A store could not be reached, read or written.
    #[error("store {store}: {why}")]
    Store {
        /// The store's id.
        store: String,
        /// What failed, as the store said it (never with a password).
        why: String,
    },
    /// The data map and the live store disagree (a declared column is missing, a masking does not
    /// fit a column), found before anything is written.
    #[error("store {store}: {why}")]
    Mismatch {
        /// The store's id.
        store: String,
        /// The disagreement.
        why: String,
    },
    /// Maskings the live columns cannot hold (each `store: field ... is masked with ...`), found
    /// before anything is written.
    #[error("the data map's erasure does not fit the live columns: {}; choose a masking each column can hold", .0.join("; "))]
    Unfit(Vec<String>),
    /// The hash key is missing or too short.
    #[error("hash key: {0}")]
    HashKey(String),
    /// The package could not be written.
    #[error("access package: {0}")]
    Package(String),
}

/// The longest a store may take to connect or answer one statement, in milliseconds.
pub const DEFAULT_TIMEOUT_MS: u64 = 30_000;

/// What a request run found and did.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    /// `access`, `erasure` or `restriction`.
    pub request: &'static str,
    /// Whether nothing was written.
    pub dry_run: bool,
    /// The identities looked up, normalised.
    pub identities: Vec<Identity>,
    /// Whether the subject was found in some store.
    pub found: bool,
    /// Per store and table: the rows found and what erasure does (or did) with them.
    pub plan: Vec<PlannedTable>,
    /// For an erasure that ran: what each store confirmed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stores: Vec<StoreOutcome>,
    /// For an access package: what it holds.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub package: Vec<PackagedTable>,
    /// For a restriction: the tables (`store:table`) whose found rows have no flag to set; the block
    /// of those is kept in the request log.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unmarked: Vec<String>,
    /// Whether the request is carried out completely: for an erasure, every store confirmed.
    pub complete: bool,
}

/// One table of the plan.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct PlannedTable {
    /// The store.
    pub store: String,
    /// The table.
    pub table: String,
    /// The subject's rows found.
    pub rows: u64,
    /// What erasure does with them: `delete_rows`, `mask_fields` or `hold`.
    pub erasure: &'static str,
}

/// The engine for one data map.
pub struct Engine {
    map: DataMap,
    map_dir: PathBuf,
    graph: Graph,
    /// The timeout of connecting to a store and of each statement, in milliseconds.
    pub timeout_ms: u64,
    /// Store locations given by the caller instead of the map's (store id → URL or path): the
    /// server's configuration, or a test's database.
    pub locations: std::collections::HashMap<String, String>,
}

impl Engine {
    /// An engine for a validated map whose relative store locations are under `map_dir`.
    pub fn new(map: DataMap, map_dir: &Path) -> Self {
        let graph = Graph::new(&map);
        Self { map, map_dir: map_dir.to_owned(), graph, timeout_ms: DEFAULT_TIMEOUT_MS, locations: Default::default() }
    }

    /// The map.
    pub fn map(&self) -> &DataMap {
        &self.map
    }

    /// The graph of the map's tables.
    pub fn graph(&self) -> &Graph {
        &self.graph
    }

    /// Opens every store of the map.
    pub async fn open(&self) -> Result<Vec<StoreConn>, FulfilError> {
        let mut conns = Vec::with_capacity(self.map.stores.len());
        for store in &self.map.stores {
            let location = self.locations.get(store.id.as_str()).cloned();
            conns.push(StoreConn::open(store, &self.map_dir, location, self.timeout_ms).await?);
        }
        Ok(conns)
    }

    /// Finds the subject's rows.
    pub async fn find(&self, conns: &mut [StoreConn], identities: &[Identity]) -> Result<Found, FulfilError> {
        find::find(&self.map, &self.graph, conns, identities).await
    }

    fn plan(&self, found: &Found) -> Vec<PlannedTable> {
        found
            .tables
            .iter()
            .map(|t| {
                let (store, table) = self.graph.resolve(&self.map, t.node);
                let erasure = match self.graph.tables[t.node].erasure {
                    tutela_datamap::erasure::TableErasure::DeleteRows => "delete_rows",
                    tutela_datamap::erasure::TableErasure::MaskFields => "mask_fields",
                    tutela_datamap::erasure::TableErasure::Hold => "hold",
                };
                PlannedTable {
                    store: store.id.as_str().to_owned(),
                    table: table.name.as_str().to_owned(),
                    rows: t.rows.len() as u64,
                    erasure,
                }
            })
            .collect()
    }

    /// Writes the subject's access package to `out` (unless `dry_run`).
    pub async fn access(
        &self,
        identities: &[Identity],
        lang: Lang,
        out: &Path,
        dry_run: bool,
    ) -> Result<Report, FulfilError> {
        let mut conns = self.open().await?;
        self.access_with(&mut conns, identities, lang, out, dry_run).await
    }

    /// [`Engine::access`] on stores already open: for a batch of requests, which would otherwise
    /// open and introspect every store once per subject.
    pub async fn access_with(
        &self,
        conns: &mut [StoreConn],
        identities: &[Identity],
        lang: Lang,
        out: &Path,
        dry_run: bool,
    ) -> Result<Report, FulfilError> {
        let found = self.find(conns, identities).await?;
        let package = if dry_run {
            Vec::new()
        } else {
            package::write_package(&self.map, &self.graph, &found, identities, lang, out)?
        };
        Ok(Report {
            request: "access",
            dry_run,
            identities: identities.to_vec(),
            found: !found.tables.is_empty(),
            plan: self.plan(&found),
            stores: Vec::new(),
            package,
            unmarked: Vec::new(),
            complete: true,
        })
    }

    /// Erases the subject's data (unless `dry_run`): every masking is checked against the live
    /// columns first, then each store is changed in one transaction.
    pub async fn erase(
        &self,
        identities: &[Identity],
        key: Option<&HashKey>,
        dry_run: bool,
    ) -> Result<Report, FulfilError> {
        self.check_hash_key(key, dry_run)?;
        let mut conns = self.open().await?;
        self.erase_with(&mut conns, identities, key, dry_run).await
    }

    /// [`Engine::erase`] on stores already open: for a batch (a retention run), which would
    /// otherwise open and introspect every store once per subject.
    pub async fn erase_with(
        &self,
        conns: &mut [StoreConn],
        identities: &[Identity],
        key: Option<&HashKey>,
        dry_run: bool,
    ) -> Result<Report, FulfilError> {
        self.check_hash_key(key, dry_run)?;
        let found = self.plan_erasure(conns, identities, None).await?;
        self.execute_erasure(conns, identities, &found, key, dry_run).await
    }

    /// The first step of an erasure that can be resumed: the subject's rows found now, with those
    /// a previous, unconfirmed run saved ([`SavedPlan`]) merged in, and every masking checked
    /// against the live columns. Save [`Engine::saved_plan`] of the result before
    /// [`Engine::execute_erasure`], and keep it until every store confirms.
    pub async fn plan_erasure(
        &self,
        conns: &mut [StoreConn],
        identities: &[Identity],
        previous: Option<SavedPlan>,
    ) -> Result<Found, FulfilError> {
        let mut found = self.find(conns, identities).await?;
        if let Some(previous) = previous {
            previous.merge_into(&self.graph, &mut found);
        }
        erase::check_fit(&self.map, &self.graph, conns)?;
        Ok(found)
    }

    /// The plan of what was found, to save before erasing it.
    pub fn saved_plan(&self, found: &Found) -> SavedPlan {
        SavedPlan::of(&self.map, &self.graph, found)
    }

    /// The second step: erases what [`Engine::plan_erasure`] found (unless `dry_run`).
    pub async fn execute_erasure(
        &self,
        conns: &mut [StoreConn],
        identities: &[Identity],
        found: &Found,
        key: Option<&HashKey>,
        dry_run: bool,
    ) -> Result<Report, FulfilError> {
        self.check_hash_key(key, dry_run)?;
        let stores = if dry_run { Vec::new() } else { erase::erase(&self.map, &self.graph, conns, found, key).await };
        let complete = !dry_run && stores.iter().all(|s| s.confirmed);
        Ok(Report {
            request: "erasure",
            dry_run,
            identities: identities.to_vec(),
            found: !found.tables.is_empty(),
            plan: self.plan(found),
            stores,
            package: Vec::new(),
            unmarked: Vec::new(),
            complete,
        })
    }

    /// Restricts the subject's processing (unless `dry_run`): the found rows of every table with a
    /// `restriction_flag` get it set, one transaction per store; complete when every such store
    /// confirmed. Tables without a flag are listed in `unmarked`.
    pub async fn restrict(&self, identities: &[Identity], dry_run: bool) -> Result<Report, FulfilError> {
        let mut conns = self.open().await?;
        let found = self.find(&mut conns, identities).await?;
        let (stores, unmarked) = if dry_run {
            (Vec::new(), Vec::new())
        } else {
            erase::restrict(&self.map, &self.graph, &mut conns, &found).await
        };
        let complete = !dry_run && stores.iter().all(|s| s.confirmed);
        Ok(Report {
            request: "restriction",
            dry_run,
            identities: identities.to_vec(),
            found: !found.tables.is_empty(),
            plan: self.plan(&found),
            stores,
            package: Vec::new(),
            unmarked,
            complete,
        })
    }

    /// A map that masks a field with `hash` cannot be erased for real without the hash key.
    fn check_hash_key(&self, key: Option<&HashKey>, dry_run: bool) -> Result<(), FulfilError> {
        let hashes = self
            .map
            .stores
            .iter()
            .flat_map(|s| &s.tables)
            .flat_map(|t| &t.fields)
            .find(|f| f.masking.as_ref().is_some_and(|m| m.value == tutela_datamap::Masking::Hash));
        if let (Some(field), None, false) = (hashes, key, dry_run) {
            return Err(FulfilError::HashKey(format!(
                "field {} is masked with hash, and no hash key is set (TUTELA_HASH_KEY); nothing was changed",
                field.name.as_str()
            )));
        }
        Ok(())
    }
}
