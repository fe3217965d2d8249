//! The operator's journal: read it page by page, verify its hash chain, export it as JSON Lines.

use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use futures_util::stream;
use serde::{Deserialize, Serialize};
use tutela_core::journal::Entry;
use tutela_core::staff::Permission;
use tutela_db::DbError;
use utoipa::{IntoParams, ToSchema};

use crate::api::route::{ApiRoute, staff};
use crate::app::AppState;
use crate::auth::Caller;
use crate::extract::{Json, Query};
use crate::problem::{ApiError, ApiResult, Problem};
use utoipa_axum::routes;

/// The journal: read, verified and exported.
pub fn routes() -> Vec<ApiRoute> {
    vec![
        staff(Permission::ReadJournal, routes!(list_entries)),
        staff(Permission::ReadJournal, routes!(verify)),
        staff(Permission::ReadJournal, routes!(export)),
    ]
}

/// Entries per database read while exporting.
const EXPORT_PAGE_ROWS: u32 = 1000;

/// One journal entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct EntryView {
    /// Position in the journal, from 1.
    pub seq: u64,
    /// When (RFC 3339).
    pub at: String,
    /// Who: `staff:<id>`, `token:<id>`, `subject:<id>` or `system:<name>`.
    pub actor: String,
    /// What was done (152-FZ processing actions and Tutela's administrative actions).
    pub action: String,
    /// Kind of object.
    pub object_kind: String,
    /// Object id.
    pub object_id: String,
    /// Facts kept with the action.
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
    /// Hash of the previous entry (hex).
    pub prev_hash: String,
    /// Hash of this entry (hex).
    pub hash: String,
}

impl From<Entry> for EntryView {
    fn from(entry: Entry) -> Self {
        EntryView {
            seq: entry.seq,
            at: entry.at.to_string(),
            actor: entry.actor.to_string(),
            action: entry.action.to_string(),
            object_kind: entry.object.kind,
            object_id: entry.object.id,
            details: entry.details,
            prev_hash: entry.prev_hash.to_hex(),
            hash: entry.hash.to_hex(),
        }
    }
}

/// Which entries to read.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct Page {
    /// Entries after this sequence number (default 0: from the start).
    pub after: Option<u64>,
    /// Page size: 1 to 1000, default 100; a value out of range is refused with 400.
    pub limit: Option<u32>,
}

/// Journal entries, oldest first.
#[utoipa::path(get, path = "/api/v1/journal", tag = "journal", params(Page),
    responses((status = 200, body = Vec<EntryView>, headers(("Link" = String, description = "The next page, when this one is full"))), (status = 400, body = Problem)))]
pub async fn list_entries(
    State(state): State<AppState>,
    caller: Caller,
    Query(page): Query<Page>,
) -> ApiResult<super::Paged<EntryView>> {
    let limit = super::page_size(page.limit)?;
    let entries = state.db.journal_page(&caller.operator().id, page.after.unwrap_or(0), limit).await?;
    let views = entries.into_iter().map(EntryView::from).collect();
    Ok(super::Paged::new("/api/v1/journal", views, limit, |entry: &EntryView| entry.seq.to_string(), &[]))
}

/// The outcome of verifying the chain.
#[derive(Debug, Serialize, ToSchema)]
pub struct Verification {
    /// Whether every entry is intact and in place.
    pub valid: bool,
    /// Entries verified (when valid).
    pub entries: u64,
    /// The first break: which entry was changed, removed or reordered.
    pub error: Option<String>,
}

/// Recomputes the hash chain and names the first entry that was changed, removed or reordered.
#[utoipa::path(get, path = "/api/v1/journal/verify", tag = "journal",
    responses((status = 200, body = Verification), (status = 401, body = Problem)))]
pub async fn verify(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Verification>> {
    match state.db.verify_journal(caller.operator()).await {
        Ok(entries) => Ok(Json(Verification { valid: true, entries, error: None })),
        Err(DbError::Chain { source, .. }) => {
            Ok(Json(Verification { valid: false, entries: 0, error: Some(source.to_string()) }))
        }
        Err(other) => Err(other.into()),
    }
}

/// The whole journal as JSON Lines (`application/x-ndjson`), streamed a page at a time.
#[utoipa::path(get, path = "/api/v1/journal/export", tag = "journal",
    responses((status = 200, content_type = "application/x-ndjson", body = String), (status = 401, body = Problem)))]
pub async fn export(State(state): State<AppState>, caller: Caller) -> ApiResult<Response> {
    let operator_id = caller.operator().id.clone();
    let store = state.db.clone();
    let pages = stream::try_unfold(Some(0u64), move |after| {
        let (store, operator_id) = (store.clone(), operator_id.clone());
        async move {
            let Some(after) = after else { return Ok::<_, ApiError>(None) };
            let page = store.journal_page(&operator_id, after, EXPORT_PAGE_ROWS).await?;
            let Some(last) = page.last() else { return Ok(None) };
            let next = (page.len() as u32 == EXPORT_PAGE_ROWS).then_some(last.seq);
            let mut chunk = Vec::with_capacity(page.len() * 256);
            for entry in page {
                serde_json::to_writer(&mut chunk, &entry).map_err(ApiError::internal)?;
                chunk.push(b'\n');
            }
            Ok(Some((chunk, next)))
        }
    });
    let body =
        Body::from_stream(futures_util::TryStreamExt::map_err(pages, |e| std::io::Error::other(e.problem().detail)));
    Ok(([(header::CONTENT_TYPE, "application/x-ndjson")], body).into_response())
}
