//! PII discovery on the operator's own stores (`POST /api/v1/discovery/drift`): each SQLite or
//! PostgreSQL store of the data map is scanned on a sample of its rows by the PII detectors
//! (`tutela_connect::scan`), and what was found is set against what the map declares
//! (`tutela_connect::drift`): personal data in fields the map does not declare, and declared
//! fields where nothing of the kind was found. The same scan and report `tutela scan --database
//! --datamap` prints, run where the server reaches the stores (the stores folder, or the URLs the
//! map's `connection_env` variables hold). Nothing is written to the stores or kept.

use std::path::PathBuf;

use axum::extract::State;
use serde::Serialize;
use tutela_connect::Limits;
pub use tutela_connect::drift::DriftReport;
use tutela_connect::drift::drift;
use tutela_connect::rows::{ReadOptions, StoreReader};
use tutela_connect::scan::scan_store;
use tutela_core::staff::Permission;
use tutela_datamap::{Store, StoreKind};
use tutela_pii::{ScanOptions, Scanner};
use utoipa::ToSchema;
use utoipa_axum::routes;

use crate::api::route::{ApiRoute, staff};
use crate::app::AppState;
use crate::auth::Caller;
use crate::extract::Json;
use crate::problem::{ApiError, ApiResult, Problem};

/// Rows sampled from each table: enough to find a kind of value a column holds, bounded so a
/// check of a large store takes seconds.
pub const SAMPLE_ROWS: u64 = 1_000;
/// Bytes read from one cell.
pub const MAX_CELL_BYTES: usize = 4 * 1024;
/// Timeout of connecting and of each statement, in milliseconds.
pub const TIMEOUT_MS: u64 = 10_000;

/// The routes of PII discovery.
pub fn routes() -> Vec<ApiRoute> {
    vec![staff(Permission::ManageDataMap, routes!(drift_check))]
}

/// The drift of one store.
#[derive(Debug, Serialize, ToSchema)]
pub struct StoreDrift {
    /// The data map's store id.
    pub store: String,
    /// `sqlite` or `postgres`; files stores are scanned with `tutela scan` on their paths.
    pub kind: String,
    /// What the scan found against what the map declares.
    #[schema(value_type = Option<Object>)]
    pub report: Option<DriftReport>,
    /// Why the store was not scanned.
    pub error: Option<String>,
}

/// Scans a sample of every database store of the data map and reports its drift from the map.
#[utoipa::path(post, path = "/api/v1/discovery/drift", tag = "discovery",
    responses((status = 200, body = Vec<StoreDrift>), (status = 409, body = Problem, description = "No data map is applied")))]
pub async fn drift_check(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Vec<StoreDrift>>> {
    Ok(Json(check(&state, &caller).await?))
}

/// The drift of every store of the caller's operator.
pub async fn check(state: &AppState, caller: &Caller) -> ApiResult<Vec<StoreDrift>> {
    let operator = caller.operator();
    let applied =
        state.datamaps.current(&state.db, &operator.id).await?.ok_or_else(crate::api::consent::ledger::no_data_map)?;
    let map_dir = state.config.fulfilment.stores_dir.as_ref().map(|dir| dir.join(operator.slug.as_str()));
    let mut drifts = Vec::with_capacity(applied.map.stores.len());
    for store in &applied.map.stores {
        // The scan's callbacks are not `Send`: each store is scanned on a blocking thread of its
        // own, which also keeps a long scan off the threads that serve requests.
        let (store, map_dir) = (store.clone(), map_dir.clone());
        let handle = tokio::runtime::Handle::current();
        let drift = tokio::task::spawn_blocking(move || handle.block_on(store_drift(&store, map_dir.as_ref())))
            .await
            .map_err(ApiError::internal)?;
        drifts.push(drift);
    }
    Ok(drifts)
}

async fn store_drift(store: &Store, map_dir: Option<&PathBuf>) -> StoreDrift {
    let mut drift_of = StoreDrift {
        store: store.id.value.as_str().to_owned(),
        kind: store.kind.value.as_str().to_owned(),
        report: None,
        error: None,
    };
    if !matches!(store.kind.value, StoreKind::Sqlite | StoreKind::Postgres) {
        drift_of.error = Some("a CSV or JSON Lines store: scan its files with tutela scan".to_owned());
        return drift_of;
    }
    let location = match (map_dir, &store.connection_env) {
        (_, Some(_)) | (Some(_), None) => {
            tutela_fulfil::store::location_of(store, map_dir.map_or(std::path::Path::new(""), |dir| dir.as_path()))
        }
        (None, None) => {
            drift_of.error = Some("this server has no stores folder (tutela serve --stores-dir)".to_owned());
            return drift_of;
        }
    };
    let location = match location {
        Ok(location) => location,
        Err(error) => {
            drift_of.error = Some(error.to_string());
            return drift_of;
        }
    };
    let options = ReadOptions {
        sample_rows: Some(SAMPLE_ROWS),
        max_rows_per_table: SAMPLE_ROWS,
        max_cell_bytes: MAX_CELL_BYTES,
        statement_timeout_ms: TIMEOUT_MS,
        limits: Limits { timeout_ms: TIMEOUT_MS, ..Limits::default() },
        ..ReadOptions::default()
    };
    let scanner = match Scanner::new(ScanOptions::default()) {
        Ok(scanner) => scanner,
        Err(error) => {
            drift_of.error = Some(error.to_string());
            return drift_of;
        }
    };
    let mut reader = match StoreReader::open(&location, options).await {
        Ok(reader) => reader,
        Err(error) => {
            drift_of.error = Some(error.to_string());
            return drift_of;
        }
    };
    let scan = scan_store(&mut reader, &scanner, &mut |_| {}, &mut |_, _| {}).await;
    reader.close().await;
    drift_of.report = Some(drift(store, &scan));
    drift_of
}
