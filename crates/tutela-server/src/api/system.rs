//! What operations people and monitors ask of the server itself: liveness and metrics.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use utoipa_axum::routes;

use crate::api::route::{ApiRoute, public};
use crate::app::AppState;
use crate::metrics_exporter;
use crate::problem::{ApiError, Problem};

/// Health and metrics; no sign-in.
pub fn routes() -> Vec<ApiRoute> {
    vec![public(routes!(healthz)), public(routes!(metrics))]
}

/// Liveness and database reachability.
#[utoipa::path(get, path = "/healthz", tag = "system", security(()),
    responses((status = 200, description = "`ok`: the server runs and its database answers", content_type = "text/plain"),
        (status = 503, body = Problem)))]
pub async fn healthz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(err) => ApiError::unavailable(format!("database unreachable: {err}")).into_response(),
    }
}

/// Prometheus text exposition: request counts and latencies by route and status.
#[utoipa::path(get, path = "/metrics", tag = "system", security(()),
    responses((status = 200, description = "Prometheus text format 0.0.4", content_type = "text/plain")))]
pub async fn metrics() -> impl IntoResponse {
    ([(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4")], metrics_exporter::render())
}
