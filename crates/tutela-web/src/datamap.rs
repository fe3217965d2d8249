//! The data map in the console: every applied version, newest first, with what changed from the
//! version before, who applied it and its content hash, and links to the artefacts published from
//! the current one (the notice, the record of processing, the lists of data collected and shared).

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use tutela_core::staff::Permission;
use tutela_server::app::AppState;

use crate::console::{allowed, message_page};
use crate::frame::Frame;
use crate::home::{ArtifactLink, artifact_links};
use crate::session::{has_frame, render};

/// Most versions the page lists.
const LISTED_VERSIONS: u32 = 50;
/// Most changed items listed per version and kind.
const LISTED_CHANGES: usize = 20;

/// One version as the page shows it.
pub struct VersionRow {
    /// Its number.
    pub version: u64,
    /// When it was applied (RFC 3339).
    pub applied_at: String,
    /// Who applied it.
    pub applied_by: String,
    /// Its content hash, shortened.
    pub hash: String,
    /// Items added, removed and changed from the version before, each as (kind word, items);
    /// empty for the first version.
    pub changes: Vec<(String, Vec<String>)>,
}

#[derive(Template)]
#[template(path = "datamap.html")]
struct DataMapPage {
    frame: Frame,
    artifacts: Vec<ArtifactLink>,
    versions: Vec<VersionRow>,
}

has_frame!(DataMapPage);

/// `GET /console/datamap`.
pub async fn versions(State(state): State<AppState>, frame: Frame) -> Response {
    let caller = match allowed(&frame, Permission::ReadDataMap) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    let versions = match state.db.list_datamap_versions(&caller.operator().id, None, LISTED_VERSIONS).await {
        Ok(versions) => versions,
        Err(error) => {
            tracing::error!(%error, "listing data map versions");
            return message_page(&frame, StatusCode::SERVICE_UNAVAILABLE, frame.t.m("web-error-title"));
        }
    };
    let rows = versions
        .into_iter()
        .map(|v| VersionRow {
            version: v.version,
            applied_at: v.applied_at.to_string(),
            applied_by: v.applied_by,
            hash: v.content_hash.chars().take(12).collect(),
            // The first version's changes list everything as added: the page says "first" instead.
            changes: ["added", "removed", "changed"]
                .into_iter()
                .filter(|_| v.changes.get("previous_version").is_some_and(|p| !p.is_null()))
                .map(|kind| (frame.t.of("web-datamap-", kind), listed(&v.changes, kind)))
                .filter(|(_, items)| !items.is_empty())
                .collect(),
        })
        .collect();
    let artifacts = artifact_links(&frame, caller.operator().slug.as_str());
    let page = DataMapPage { artifacts, versions: rows, frame };
    render(&page, StatusCode::OK)
}

fn listed(changes: &serde_json::Value, kind: &str) -> Vec<String> {
    let items = changes.get(kind).and_then(|items| items.as_array()).map_or(&[][..], Vec::as_slice);
    items.iter().filter_map(|item| item.as_str()).take(LISTED_CHANGES).map(str::to_owned).collect()
}
