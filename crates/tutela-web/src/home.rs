//! First contact: `/` leads to the console, each operator's portal and published lists, and the API
//! reference; `/api` renders the API reference from the same document `/api/openapi.json` serves;
//! `/portal/{operator}` is the subject's entry to what an operator publishes about their data.

use std::sync::OnceLock;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use tutela_i18n::Lang;
use tutela_server::app::AppState;

use crate::console::message_page;
use crate::frame::Frame;
use crate::session::{has_frame, render};

/// The published artefacts, as `/public/{operator}/datamap/{artifact}` names them.
const ARTIFACTS: [&str; 4] = ["notice", "ropa", "pi-collected", "pi-shared"];

/// An operator on the first page.
pub struct OperatorLink {
    /// Its slug.
    pub slug: String,
    /// Its display name.
    pub name: String,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    frame: Frame,
    operators: Vec<OperatorLink>,
}

has_frame!(HomePage);

/// `GET /`.
pub async fn home(State(state): State<AppState>, frame: Frame) -> Response {
    let operators = match state.db.list_operators().await {
        Ok(operators) => operators,
        Err(error) => {
            tracing::error!(%error, "listing operators for the first page");
            return message_page(&frame, StatusCode::SERVICE_UNAVAILABLE, frame.t.m("web-error-title"));
        }
    };
    let operators = operators
        .into_iter()
        .map(|o| OperatorLink { slug: o.slug.to_string(), name: o.name.as_str().to_owned() })
        .collect();
    render(&HomePage { frame, operators }, StatusCode::OK)
}

/// One operation of the API.
pub struct Operation {
    /// `GET`, `POST` ...
    pub method: String,
    /// The path.
    pub path: String,
    /// Its summary.
    pub summary: String,
    /// `public` or the permission it needs.
    pub access: String,
}

#[derive(Template)]
#[template(path = "api.html")]
struct ApiPage {
    frame: Frame,
    operations: &'static [Operation],
}

has_frame!(ApiPage);

/// `GET /api`: every operation of the route table with its summary and the permission it needs.
pub async fn api_reference(frame: Frame) -> Response {
    render(&ApiPage { frame, operations: operations() }, StatusCode::OK)
}

/// The operations, built once from the route table and the API document (both are fixed when the
/// binary is built).
fn operations() -> &'static [Operation] {
    static OPERATIONS: OnceLock<Vec<Operation>> = OnceLock::new();
    OPERATIONS.get_or_init(|| {
        let document = serde_json::to_value(tutela_server::api::openapi()).unwrap_or_default();
        let mut operations: Vec<Operation> = tutela_server::api::routes()
            .iter()
            .flat_map(tutela_server::api::route::ApiRoute::info)
            .map(|info| {
                let method = info.method.as_str().to_owned();
                let summary = document["paths"][&info.path][method.to_lowercase()]["summary"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned();
                let access = match info.access {
                    tutela_server::api::route::Access::Public => "public".to_owned(),
                    tutela_server::api::route::Access::Staff(permission) => permission.as_str().to_owned(),
                };
                Operation { method, path: info.path, summary, access }
            })
            .collect();
        operations.sort_by(|a, b| (&a.path, &a.method).cmp(&(&b.path, &b.method)));
        operations
    })
}

/// One published artefact of an operator.
pub struct ArtifactLink {
    /// Its title in the page's language.
    pub title: String,
    /// Where it is.
    pub href: String,
}

#[derive(Template)]
#[template(path = "portal.html")]
struct PortalPage {
    frame: Frame,
    slug: String,
    title: String,
    heading: String,
    artifacts: Vec<ArtifactLink>,
}

has_frame!(PortalPage);

/// The artefacts published from `slug`'s data map, titled and linked in the page's language.
pub fn artifact_links(frame: &Frame, slug: &str) -> Vec<ArtifactLink> {
    let lang: Lang = frame.lang;
    ARTIFACTS
        .iter()
        .map(|artifact| ArtifactLink {
            title: frame.t.m(&format!("artifact-{artifact}-title")),
            href: format!("/public/{slug}/datamap/{artifact}?lang={}", lang.as_str()),
        })
        .collect()
}

/// `GET /portal/{operator}`.
pub async fn portal(State(state): State<AppState>, frame: Frame, Path(slug): Path<String>) -> Response {
    let operator = match state.db.operator_by_slug(&slug).await {
        Ok(Some(operator)) => operator,
        Ok(None) => return message_page(&frame, StatusCode::NOT_FOUND, frame.t.m("web-not-found")),
        Err(error) => {
            tracing::error!(%error, "reading an operator for its portal");
            return message_page(&frame, StatusCode::SERVICE_UNAVAILABLE, frame.t.m("web-error-title"));
        }
    };
    let name = operator.name.as_str().to_owned();
    let artifacts = artifact_links(&frame, operator.slug.as_str());
    let title = frame.t.with("web-portal-title", "operator", &name);
    let heading = frame.t.with("web-portal-published", "operator", &name);
    render(&PortalPage { frame, slug: operator.slug.to_string(), title, heading, artifacts }, StatusCode::OK)
}
