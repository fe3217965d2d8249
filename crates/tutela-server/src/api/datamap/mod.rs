//! The operator's data map: apply a new version, check one without applying it, read the current
//! version and its history.
//!
//! A map is sent as its files (`{"files": [{"name": "datamap.yaml", "text": "..."}]}`), within the
//! API's body limit; larger maps are applied with `tutela datamap apply`. An invalid map is answered
//! with 422 and every problem in `errors`, each with its file, line and column, and nothing changes.

pub mod published;

use std::path::PathBuf;

use axum::extract::State;
use serde::{Deserialize, Serialize};
use tutela_core::staff::Permission;
use tutela_datamap::Diagnostic;
use tutela_db::datamap::{DataMapSource, DataMapVersion, StoredDataMap};
use utoipa::{IntoParams, ToSchema};

use crate::api::route::{ApiRoute, public, staff};
use crate::app::AppState;
use crate::auth::Caller;
use crate::datamaps::{self, ApplyError};
use crate::extract::{Json, Path, Query};
use crate::problem::{ApiError, ApiResult, Problem, ProblemItem};
use utoipa_axum::routes;

/// The data map: its versions, applying a new one, and what it publishes.
pub fn routes() -> Vec<ApiRoute> {
    vec![
        staff(Permission::ReadDataMap, routes!(current_datamap)),
        staff(Permission::ManageDataMap, routes!(apply_datamap)),
        staff(Permission::ReadDataMap, routes!(check_datamap)),
        staff(Permission::ReadDataMap, routes!(list_versions)),
        staff(Permission::ReadDataMap, routes!(get_version)),
        public(routes!(published::index)),
        public(routes!(published::artifact)),
    ]
}

/// A data map as its files.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DataMapFiles {
    /// The files: one `datamap.yaml`, or the YAML files of a data map folder.
    pub files: Vec<DataMapFile>,
}

/// One file of a data map.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DataMapFile {
    /// Its name, e.g. `datamap.yaml` or `purposes.yaml` (no folders).
    pub name: String,
    /// The YAML text.
    pub text: String,
}

impl DataMapFiles {
    fn into_sources(self) -> ApiResult<Vec<(PathBuf, String)>> {
        if self.files.is_empty() {
            return Err(ApiError::invalid("files is empty: send at least one data map file"));
        }
        if self.files.len() > tutela_datamap::MAX_FILES {
            return Err(ApiError::invalid(format!(
                "files has {} entries; the limit is {}",
                self.files.len(),
                tutela_datamap::MAX_FILES
            )));
        }
        let mut sources = Vec::with_capacity(self.files.len());
        for file in self.files {
            let plain =
                !file.name.is_empty() && !file.name.contains(['/', '\\']) && !file.name.chars().any(char::is_control);
            if !plain || !(file.name.ends_with(".yaml") || file.name.ends_with(".yml")) {
                return Err(ApiError::invalid(format!(
                    "file name {:?} must be a plain *.yaml or *.yml name",
                    file.name
                )));
            }
            if sources.iter().any(|(name, _): &(PathBuf, String)| name == &PathBuf::from(&file.name)) {
                return Err(ApiError::invalid(format!("file name {:?} is given twice", file.name)));
            }
            sources.push((PathBuf::from(file.name), file.text));
        }
        Ok(sources)
    }
}

/// A version of the data map.
#[derive(Debug, Serialize, ToSchema)]
pub struct DataMapVersionView {
    /// 1 for the first applied map, one more per apply.
    pub version: u64,
    /// Hex SHA-256 of the files (see `tutela_datamap::content_hash`).
    pub content_hash: String,
    /// What changed from the version before: `added`, `removed`, `changed` (`purpose:id`,
    /// `field:store:table.field` ...), `previous_version`.
    #[schema(value_type = Object)]
    pub changes: serde_json::Value,
    /// Who applied it.
    pub applied_by: String,
    /// When (RFC 3339).
    pub applied_at: String,
}

impl From<DataMapVersion> for DataMapVersionView {
    fn from(version: DataMapVersion) -> Self {
        DataMapVersionView {
            version: version.version,
            content_hash: version.content_hash,
            changes: version.changes,
            applied_by: version.applied_by,
            applied_at: version.applied_at.to_string(),
        }
    }
}

/// The outcome of applying a map.
#[derive(Debug, Serialize, ToSchema)]
pub struct AppliedView {
    /// False when the map was already the current version: nothing was stored or journaled.
    pub stored: bool,
    /// The current version.
    pub version: DataMapVersionView,
}

/// A version with its files.
#[derive(Debug, Serialize, ToSchema)]
pub struct StoredDataMapView {
    /// The version.
    pub version: DataMapVersionView,
    /// Its files as applied.
    pub files: Vec<DataMapFile>,
}

impl From<StoredDataMap> for StoredDataMapView {
    fn from(stored: StoredDataMap) -> Self {
        let files = stored.sources.into_iter().map(|DataMapSource { name, text }| DataMapFile { name, text }).collect();
        StoredDataMapView { version: stored.version.into(), files }
    }
}

/// The result of checking a map.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckView {
    /// Whether the map is valid.
    pub valid: bool,
    /// Every problem, each with its file, line and column.
    pub errors: Vec<ProblemItem>,
}

fn problem_items(diagnostics: &[Diagnostic]) -> Vec<ProblemItem> {
    diagnostics
        .iter()
        .map(|d| ProblemItem {
            file: Some(d.file.display().to_string()),
            line: d.line,
            column: d.column,
            code: d.code.to_owned(),
            message: d.message.clone(),
            hint: d.hint.clone(),
        })
        .collect()
}

/// Applies a data map: validates it and stores it as the next version, journaled with what changed.
/// Applying the current version again stores nothing.
#[utoipa::path(put, path = "/api/v1/datamap", tag = "datamap", request_body = DataMapFiles,
    responses((status = 200, body = AppliedView), (status = 400, body = Problem), (status = 403, body = Problem),
        (status = 409, body = Problem, description = "Other versions kept being applied meanwhile; apply again"),
        (status = 422, body = Problem, description = "The data map is invalid; `errors` lists every problem")))]
pub async fn apply_datamap(
    State(state): State<AppState>,
    caller: Caller,
    Json(request): Json<DataMapFiles>,
) -> ApiResult<Json<AppliedView>> {
    let sources = request.into_sources()?;
    let operator_id = &caller.operator().id;
    match datamaps::apply(&state.db, operator_id, sources, &caller.actor()?).await {
        Ok(applied) => {
            state.datamaps.invalidate(operator_id);
            Ok(Json(AppliedView { stored: applied.stored, version: applied.version.into() }))
        }
        Err(ApplyError::Invalid(diagnostics)) => Err(invalid_map(&diagnostics)),
        Err(ApplyError::Db(error)) => Err(error.into()),
    }
}

fn invalid_map(diagnostics: &[Diagnostic]) -> ApiError {
    let first = diagnostics.first().map(ToString::to_string).unwrap_or_default();
    ApiError::unprocessable(format!("the data map has {} problem(s); the first: {first}", diagnostics.len()))
        .with_errors(problem_items(diagnostics))
}

/// Checks a data map without applying it.
#[utoipa::path(post, path = "/api/v1/datamap/check", tag = "datamap", request_body = DataMapFiles,
    responses((status = 200, body = CheckView), (status = 400, body = Problem)))]
pub async fn check_datamap(Json(request): Json<DataMapFiles>) -> ApiResult<Json<CheckView>> {
    let sources = request.into_sources()?;
    let errors = match tutela_datamap::load_sources(sources) {
        Ok(_) => Vec::new(),
        Err(error) => problem_items(&error.diagnostics),
    };
    Ok(Json(CheckView { valid: errors.is_empty(), errors }))
}

/// The current data map with its files.
#[utoipa::path(get, path = "/api/v1/datamap", tag = "datamap",
    responses((status = 200, body = StoredDataMapView), (status = 404, body = Problem)))]
pub async fn current_datamap(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<StoredDataMapView>> {
    let stored = state.db.current_datamap(&caller.operator().id).await?;
    let stored = stored.ok_or_else(|| ApiError::not_found("no data map has been applied yet: PUT /api/v1/datamap"))?;
    Ok(Json(stored.into()))
}

/// Paging of versions.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct VersionsQuery {
    /// Continue below this version number (the last of the previous page).
    pub after: Option<u64>,
    /// Page size: 1 to 500, default 100; a value out of range is refused with 400.
    pub limit: Option<u32>,
}

/// The data map's versions, newest first, without their files, a page at a time.
#[utoipa::path(get, path = "/api/v1/datamap/versions", tag = "datamap", params(VersionsQuery),
    responses((status = 200, body = Vec<DataMapVersionView>, headers(("Link" = String, description = "The next page, when this one is full"))), (status = 400, body = Problem)))]
pub async fn list_versions(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<VersionsQuery>,
) -> ApiResult<super::Paged<DataMapVersionView>> {
    let limit = super::page_size_up_to(query.limit, tutela_db::datamap::MAX_DATAMAP_VERSIONS_PAGE)?;
    let versions = state.db.list_datamap_versions(&caller.operator().id, query.after, limit).await?;
    let views = versions.into_iter().map(DataMapVersionView::from).collect();
    Ok(super::Paged::new("/api/v1/datamap/versions", views, limit, |v: &DataMapVersionView| v.version.to_string(), &[]))
}

/// One version of the data map with its files.
#[utoipa::path(get, path = "/api/v1/datamap/versions/{version}", tag = "datamap",
    params(("version" = u64, Path, description = "Version number")),
    responses((status = 200, body = StoredDataMapView), (status = 404, body = Problem)))]
pub async fn get_version(
    State(state): State<AppState>,
    caller: Caller,
    Path(version): Path<u64>,
) -> ApiResult<Json<StoredDataMapView>> {
    let stored = state.db.datamap_version(&caller.operator().id, version).await?;
    let stored = stored.ok_or_else(|| ApiError::not_found(format!("data map version {version} does not exist")))?;
    Ok(Json(stored.into()))
}
