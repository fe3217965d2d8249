//! Carrying out a request on the operator's own stores with the fulfilment engine (`tutela-fulfil`),
//! following the operator's current data map.
//!
//! - `POST /api/v1/requests/{id}/fulfil`: finds the subject's rows by the identities the request
//!   carries and writes the access package (access, portability) or erases them as the map says
//!   (erasure). `dry_run` only counts what would be touched, and is allowed before verification; a
//!   real run needs a verified request (`tutela_core::request::status`). A run is entered as
//!   `running` before any store is touched and finished with the engine's report, an event in the
//!   request's history and a journal entry; one run of a request at a time.
//! - `GET /api/v1/requests/{id}/fulfilments`: the runs, newest first;
//!   `GET /api/v1/requests/{id}/fulfilments/{run}/package`: an access run's zip, for staff to send;
//!   an erasure run's destruction act is rendered when it finishes (`super::destruction`).
//!
//! Where the stores are is the server's configuration ([`FulfilmentConfig`]): a store's relative
//! `location` is looked up under `<stores_dir>/<operator slug>/`, a PostgreSQL store's URL comes
//! from its `connection_env`, and the `hash` masking's key is kept outside the map.

use std::path::PathBuf;

use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use tutela_core::journal::Actor;
use tutela_core::request::RequestType;
use tutela_core::request::status::{self, Fulfilment, RequestStatus};
use tutela_db::{FinishedFulfilment, FulfilmentRecord, NewFulfilment, Operator, RequestRecord};
use tutela_fulfil::{Engine, HashKey, Identity, Report};
use utoipa::ToSchema;

use crate::app::AppState;
use crate::auth::Caller;
use crate::datamaps::AppliedDataMap;
use crate::extract::{Json, Path};
use crate::problem::{ApiError, ApiResult, Problem};

/// The largest access package the request log keeps, in bytes; a larger one is a failed run that
/// says to use `tutela request run`, which writes to a file of any size.
pub const MAX_PACKAGE_BYTES: u64 = 64 * 1024 * 1024;
/// A run marked `running` for longer than this, in milliseconds, was cut short (the instance
/// stopped): another may start. The engine's own statement timeout is far shorter.
pub const STALE_RUN_MS: i64 = 15 * 60 * 1000;

/// Where the operators' stores are, and the secret the `hash` masking needs.
#[derive(Clone, Debug, Default)]
pub struct FulfilmentConfig {
    /// The folder under which each operator's stores are, one folder per operator slug
    /// (`<stores_dir>/<slug>/`), at the relative `location`s its data map declares.
    pub stores_dir: Option<PathBuf>,
    /// The key of the `hash` masking (`TUTELA_HASH_KEY`).
    pub hash_key: Option<HashKey>,
}

/// How to run the engine.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FulfilBody {
    /// Only find and count what the request would touch; nothing is written or kept. Default false.
    pub dry_run: Option<bool>,
}

/// A run of the fulfilment engine for a request.
#[derive(Debug, Serialize, ToSchema)]
pub struct FulfilmentView {
    /// Its id; `null` for a dry run, which is not kept.
    pub id: Option<String>,
    /// `access` or `erasure`.
    pub kind: String,
    /// `running`, `complete` (every store confirmed), `incomplete`, `failed`, or `dry_run`.
    pub state: String,
    /// The data map version it followed.
    pub datamap_version: u64,
    /// Who ran it.
    pub actor: String,
    /// When it started (RFC 3339).
    pub started_at: String,
    /// When it finished (RFC 3339).
    pub finished_at: Option<String>,
    /// The engine's report: the rows found per store and table, what erasure did with them, or
    /// `{"error": ...}` for a failed run.
    #[schema(value_type = Object)]
    pub report: Option<serde_json::Value>,
    /// Hex SHA-256 of the access package.
    pub package_sha256: Option<String>,
    /// Size of the access package, in bytes.
    pub package_bytes: Option<u64>,
    /// Where to download the access package.
    pub package_url: Option<String>,
    /// The destruction act's number, for an erasure run.
    pub act_number: Option<String>,
    /// Hex SHA-256 of the destruction act (also in the journal).
    pub act_sha256: Option<String>,
    /// Where to read the destruction act.
    pub act_url: Option<String>,
}

/// The view of a stored run.
pub fn view(record: FulfilmentRecord) -> FulfilmentView {
    let base = format!("/api/v1/requests/{}/fulfilments/{}", record.request_id, record.id);
    let package_url = record.package_sha256.as_ref().map(|_| format!("{base}/package"));
    let act_url = record.act_sha256.as_ref().map(|_| format!("{base}/act"));
    FulfilmentView {
        id: Some(record.id),
        kind: record.kind,
        state: record.state,
        datamap_version: record.datamap_version,
        actor: record.actor,
        started_at: record.started_at.to_string(),
        finished_at: record.finished_at.map(|at| at.to_string()),
        report: record.report,
        package_sha256: record.package_sha256,
        package_bytes: record.package_bytes,
        package_url,
        act_number: record.act_number,
        act_sha256: record.act_sha256,
        act_url,
    }
}

/// Carries out the request with the fulfilment engine on the operator's stores.
#[utoipa::path(post, path = "/api/v1/requests/{id}/fulfil", tag = "requests", request_body = FulfilBody,
    params(("id" = String, Path, description = "Request id or reference")),
    responses((status = 200, body = FulfilmentView, description = "The run, finished (see its state)"),
        (status = 404, body = Problem),
        (status = 409, body = Problem, description = "Not verified, closed, already running, or no map or stores"),
        (status = 422, body = Problem, description = "The engine does not carry out this type, or cannot run on these stores")))]
pub async fn fulfil_request(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<FulfilBody>,
) -> ApiResult<Json<FulfilmentView>> {
    fulfil(&state, &caller, &id, body.dry_run.unwrap_or(false)).await.map(Json)
}

/// A request's runs of the fulfilment engine, newest first.
#[utoipa::path(get, path = "/api/v1/requests/{id}/fulfilments", tag = "requests",
    params(("id" = String, Path, description = "Request id or reference")),
    responses((status = 200, body = Vec<FulfilmentView>), (status = 404, body = Problem)))]
pub async fn list_fulfilments(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<FulfilmentView>>> {
    let record = state.db.request(&caller.operator().id, &id).await?;
    let runs = state.db.request_fulfilments(&caller.operator().id, &record.id).await?;
    Ok(Json(runs.into_iter().map(view).collect()))
}

/// The access package an access run wrote: a zip of the subject's rows (JSON and CSV), a manifest
/// and a summary in the request's language.
#[utoipa::path(get, path = "/api/v1/requests/{id}/fulfilments/{run}/package", tag = "requests",
    params(("id" = String, Path, description = "Request id or reference"), ("run" = String, Path, description = "The run's id")),
    responses((status = 200, content_type = "application/zip", body = Vec<u8>), (status = 404, body = Problem)))]
pub async fn get_package(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, run)): Path<(String, String)>,
) -> ApiResult<Response> {
    package_response(&state, &caller, &id, &run).await
}

/// The package of one run as a download: what the API's route and the console's link both serve.
pub async fn package_response(state: &AppState, caller: &Caller, id: &str, run: &str) -> ApiResult<Response> {
    let record = state.db.request(&caller.operator().id, id).await?;
    let bytes = state.db.fulfilment_package(&caller.operator().id, &record.id, run).await?;
    super::download(bytes, "application/zip", &format!("{}-access.zip", record.reference))
}

/// Who runs the engine: the operator, the journal's actor, and the staff member behind it, whose
/// name signs the destruction act (none for Tutela's own retention runs).
pub struct Acting<'a> {
    /// The operator.
    pub operator: &'a Operator,
    /// How the runs appear in the journal.
    pub actor: Actor,
    /// The staff member, if any.
    pub staff_id: Option<&'a str>,
}

impl<'a> Acting<'a> {
    /// The API's caller.
    pub fn of(caller: &'a Caller) -> ApiResult<Acting<'a>> {
        Ok(Acting { operator: caller.operator(), actor: caller.actor()?, staff_id: caller.staff_id() })
    }
}

/// Runs the engine for one of the caller's requests: what the API's route and the console's
/// buttons both do (the permission is checked by the route or the page).
pub async fn fulfil(state: &AppState, caller: &Caller, id: &str, dry_run: bool) -> ApiResult<FulfilmentView> {
    fulfil_as(state, &Acting::of(caller)?, id, dry_run).await
}

/// Runs the engine for the request `id` as `acting`.
pub async fn fulfil_as(state: &AppState, acting: &Acting<'_>, id: &str, dry_run: bool) -> ApiResult<FulfilmentView> {
    let operator = acting.operator;
    let request = state.db.request(&operator.id, id).await?;
    let request_type: RequestType = request.request_type.parse().map_err(ApiError::internal)?;
    let Some(kind) = request_type.fulfilment() else {
        return Err(ApiError::unprocessable(format!(
            "the fulfilment engine carries out access, portability, erasure and restriction requests; a {request_type} \
             request is worked by staff and completed with a note of what was done"
        )));
    };
    let current: RequestStatus = request.status.parse().map_err(ApiError::internal)?;
    status::may_fulfil(current, dry_run).map_err(ApiError::conflict)?;
    let applied = state.datamaps.current(&state.db, &operator.id).await?.ok_or_else(|| {
        ApiError::conflict("no data map is applied: apply the operator's map first, so the engine knows where data is")
    })?;
    let engine = engine_for(state, operator, &applied)?;
    let identities = identities_of(&request)?;
    if dry_run {
        let report = run(state, &engine, kind, &identities, &request, None).await.map_err(ApiError::unprocessable)?;
        return Ok(dry_run_view(&acting.actor, kind, &applied, report.0));
    }
    let actor = acting.actor.clone();
    let running_since = jiff::Timestamp::now() - jiff::SignedDuration::from_millis(STALE_RUN_MS);
    let new_run =
        NewFulfilment { request_id: &request.id, kind: kind.as_str(), datamap_version: applied.version, running_since };
    let started = state
        .db
        .start_fulfilment(&operator.id, new_run, &actor, super::allow(|current| status::may_fulfil(current, false)))
        .await?;
    let finished = match run(state, &engine, kind, &identities, &request, Some(&started.id)).await {
        Ok((report, package)) => {
            let act = match kind {
                Fulfilment::Erasure => super::destruction::act_for(state, acting, &applied, &request, &report).await,
                Fulfilment::Access | Fulfilment::Restriction => None,
            };
            finished(kind, &report, package, act)
        }
        Err(error) => FinishedFulfilment {
            state: "failed",
            note: format!("{} failed: {error}", kind.as_str()),
            report: serde_json::json!({ "error": error }),
            package: None,
            act: None,
            details: serde_json::json!({}),
        },
    };
    let record = state.db.finish_fulfilment(&operator.id, &started.id, &actor, &finished).await?;
    // An erased subject can no longer sign in to the portal: their addresses go with their data.
    if kind == Fulfilment::Erasure
        && record.state == "complete"
        && let Some(subject) = &request.subject_ref
    {
        state.db.remove_subject_contacts(&operator.id, subject, &actor).await?;
    }
    Ok(view(record))
}

/// Whether a request of `request_type` is confirmed by every store, by its `runs`, for its
/// completion: `None` when the engine has nothing to confirm (it does not carry out the type, or
/// the operator's map names no store).
pub async fn stores_confirmed(
    state: &AppState,
    operator: &Operator,
    runs: &[FulfilmentRecord],
    request_type: RequestType,
) -> ApiResult<Option<bool>> {
    let Some(kind) = request_type.fulfilment() else { return Ok(None) };
    let applied = state.datamaps.current(&state.db, &operator.id).await?;
    if applied.is_none_or(|applied| applied.map.stores.is_empty()) {
        return Ok(None);
    }
    Ok(Some(runs.iter().any(|run| run.kind == kind.as_str() && run.state == "complete")))
}

/// The engine on the operator's current map and stores.
fn engine_for(state: &AppState, operator: &Operator, applied: &AppliedDataMap) -> ApiResult<Engine> {
    if applied.map.stores.is_empty() {
        return Err(ApiError::conflict(
            "the data map names no store: the engine has nowhere to look; complete the request with a note",
        ));
    }
    let config = &state.config.fulfilment;
    let map_dir = match &config.stores_dir {
        Some(dir) => dir.join(operator.slug.as_str()),
        None => {
            if let Some(store) = applied.map.stores.iter().find(|store| store.connection_env.is_none()) {
                return Err(ApiError::conflict(format!(
                    "store {} is at a location relative to the operator's folder, and this server has no stores \
                     folder (tutela serve --stores-dir)",
                    store.id.as_str()
                )));
            }
            PathBuf::new()
        }
    };
    Ok(Engine::new(applied.map.clone(), &map_dir))
}

/// The request's identities as the engine looks them up: `email`, `phone`, or a data category id
/// (`account.identifier`); other kinds the requester gave (a passport number for verification) are
/// not looked up.
fn identities_of(request: &RequestRecord) -> ApiResult<Vec<Identity>> {
    let given = request.identities.as_object().map(|object| object.iter()).into_iter().flatten();
    let identities: Vec<Identity> = given
        .filter(|(kind, _)| looked_up(kind))
        .filter_map(|(kind, value)| value.as_str().map(|value| format!("{kind}={value}")))
        .filter_map(|text| Identity::parse(&text).ok())
        .collect();
    if identities.is_empty() {
        return Err(ApiError::unprocessable(
            "the request carries no identity the engine can look up: give an email, a phone or a data category id \
             (e.g. account.identifier) the data map marks as identifying",
        ));
    }
    Ok(identities)
}

/// Whether the engine looks up an identity of this kind: `email`, `phone` and data category ids
/// (which have a dot); `passport` and the like are kept for verification only.
pub(super) fn looked_up(kind: &str) -> bool {
    kind == "email" || kind == "phone" || kind.contains('.')
}

/// Runs the engine: the report, and for a real access run the package's bytes. A real erasure
/// (`run`: its run's id) resumes from the plan an earlier unconfirmed run saved, and saves its own
/// plan before the first store is changed (`tutela_fulfil::plan`). Errors are the engine's or the
/// database's, as text for the run's report.
async fn run(
    state: &AppState,
    engine: &Engine,
    kind: Fulfilment,
    identities: &[Identity],
    request: &RequestRecord,
    run: Option<&str>,
) -> Result<(Report, Option<Vec<u8>>), String> {
    let dry_run = run.is_none();
    match (kind, run) {
        (Fulfilment::Access, _) => {
            let lang = request.language.parse().unwrap_or_else(|_| engine.map().operator.default_language());
            let folder = tempfile::tempdir().map_err(|e| format!("access package: no temporary folder: {e}"))?;
            let out = folder.path().join("package.zip");
            let report = engine.access(identities, lang, &out, dry_run).await.map_err(|e| e.to_string())?;
            if dry_run {
                return Ok((report, None));
            }
            let bytes = std::fs::read(&out).map_err(|e| format!("access package: cannot read it back: {e}"))?;
            if bytes.len() as u64 > MAX_PACKAGE_BYTES {
                return Err(format!(
                    "access package: it is {} bytes, more than the {MAX_PACKAGE_BYTES} the request log keeps; write \
                     it with `tutela request run --type access`",
                    bytes.len()
                ));
            }
            Ok((report, Some(bytes)))
        }
        (Fulfilment::Erasure, None) => {
            let report = engine.erase(identities, state.config.fulfilment.hash_key.as_ref(), true).await;
            Ok((report.map_err(|e| e.to_string())?, None))
        }
        (Fulfilment::Erasure, Some(run)) => erase_resumably(state, engine, identities, request, run).await,
        (Fulfilment::Restriction, _) => {
            Ok((engine.restrict(identities, dry_run).await.map_err(|e| e.to_string())?, None))
        }
    }
}

/// A real erasure: the plan found (with an earlier unconfirmed run's merged in), saved, then
/// carried out.
async fn erase_resumably(
    state: &AppState,
    engine: &Engine,
    identities: &[Identity],
    request: &RequestRecord,
    run: &str,
) -> Result<(Report, Option<Vec<u8>>), String> {
    let operator_id = &request.operator_id;
    let previous = match state.db.pending_plan(operator_id, &request.id, run).await.map_err(|e| e.to_string())? {
        Some(text) => Some(
            serde_json::from_str::<tutela_fulfil::SavedPlan>(&text)
                .map_err(|e| format!("the saved plan of an earlier run cannot be read: {e}"))?,
        ),
        None => None,
    };
    let key = state.config.fulfilment.hash_key.as_ref();
    let mut conns = engine.open().await.map_err(|e| e.to_string())?;
    let found = engine.plan_erasure(&mut conns, identities, previous).await.map_err(|e| e.to_string())?;
    let plan = serde_json::to_string(&engine.saved_plan(&found)).map_err(|e| e.to_string())?;
    state.db.save_fulfilment_plan(operator_id, run, &plan).await.map_err(|e| e.to_string())?;
    let report = engine.execute_erasure(&mut conns, identities, &found, key, false).await;
    Ok((report.map_err(|e| e.to_string())?, None))
}

/// How a run that ran ends: its state, report, and the counts (never identities) for the request's
/// history and the journal.
fn finished(
    kind: Fulfilment,
    report: &Report,
    package: Option<Vec<u8>>,
    act: Option<(String, String)>,
) -> FinishedFulfilment {
    let rows_found: u64 = report.plan.iter().map(|table| table.rows).sum();
    let tables = report.stores.iter().flat_map(|store| &store.tables);
    let (deleted, masked, stubs, held) =
        tables.fold((0, 0, 0, 0), |(d, m, s, h), t| (d + t.deleted, m + t.masked, s + t.stubs, h + t.held));
    let failed: Vec<&str> =
        report.stores.iter().filter(|store| !store.confirmed).map(|store| store.store.as_str()).collect();
    let blocked: u64 = report.stores.iter().flat_map(|store| &store.tables).map(|t| t.blocked).sum();
    let (state, note, details) = match kind {
        Fulfilment::Restriction => (
            if report.complete { "complete" } else { "incomplete" },
            format!(
                "restriction {}: {blocked} rows marked restricted{}",
                if report.complete {
                    "confirmed by every store".to_owned()
                } else {
                    format!("not confirmed by {}", failed.join(", "))
                },
                if report.unmarked.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; no flag to mark in {} (the block is kept in this request log)",
                        report.unmarked.join(", ")
                    )
                }
            ),
            serde_json::json!({ "rows_found": rows_found, "blocked": blocked, "unmarked": report.unmarked.len() }),
        ),
        Fulfilment::Access => (
            "complete",
            format!("access package written: {rows_found} rows from {} tables", report.plan.len()),
            serde_json::json!({ "rows_found": rows_found, "tables": report.plan.len() }),
        ),
        Fulfilment::Erasure => {
            let state = if report.complete { "complete" } else { "incomplete" };
            let outcome = if report.complete {
                "confirmed by every store".to_owned()
            } else {
                format!("not confirmed by {}", failed.join(", "))
            };
            (
                state,
                format!(
                    "erasure {outcome}: {rows_found} rows found, {deleted} deleted, {masked} masked, {stubs} kept as \
                     stubs, {held} held for a legal obligation"
                ),
                serde_json::json!({
                    "rows_found": rows_found, "deleted": deleted, "masked": masked, "stubs": stubs, "held": held,
                    "stores_failed": failed,
                }),
            )
        }
    };
    let report = serde_json::to_value(report).unwrap_or_else(|e| serde_json::json!({ "error": e.to_string() }));
    FinishedFulfilment { state, report, package, act, note, details }
}

fn dry_run_view(actor: &Actor, kind: Fulfilment, applied: &AppliedDataMap, report: Report) -> FulfilmentView {
    let now = jiff::Timestamp::now().to_string();
    FulfilmentView {
        id: None,
        kind: kind.as_str().to_owned(),
        state: "dry_run".to_owned(),
        datamap_version: applied.version,
        actor: actor.as_str().to_owned(),
        started_at: now.clone(),
        finished_at: Some(now),
        report: serde_json::to_value(report).ok(),
        package_sha256: None,
        package_bytes: None,
        package_url: None,
        act_number: None,
        act_sha256: None,
        act_url: None,
    }
}
