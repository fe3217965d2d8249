//! The router: every route, the shared state, and the layers every request passes through
//! (body-size limit, timeout, tracing, metrics).

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tutela_db::Db;

use crate::datamaps::DataMapCache;
use crate::problem::ApiError;
use crate::scheduler::Scheduler;
use crate::{ServerConfig, api, metrics_exporter};

/// Largest request body accepted, in bytes. The largest legitimate body is a calendar definition.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// Longest a request may take before it is answered with 408.
pub const REQUEST_TIMEOUT_MS: u64 = 30_000;

/// What every handler can reach.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// Server settings.
    pub config: Arc<ServerConfig>,
    /// The scheduler of this instance, if it runs one.
    pub scheduler: Option<Arc<Scheduler>>,
    /// Each operator's applied data map, parsed.
    pub datamaps: Arc<DataMapCache>,
    /// The consent ledger's writer and each operator's purpose rules.
    pub consent: Arc<crate::api::consent_support::ConsentLedger>,
}

impl AppState {
    /// Tells the scheduler a clock changed, so due-soon and breach are noticed at once.
    pub fn wake_scheduler(&self) {
        if let Some(scheduler) = &self.scheduler {
            scheduler.wake();
        }
    }
}

/// The whole application.
pub fn router(state: AppState) -> Router {
    let (api_router, openapi) = api::router().split_for_parts();
    let openapi = Arc::new(openapi);
    Router::new()
        .merge(api_router)
        .merge(crate::public::router())
        .route(
            "/api/openapi.json",
            get(move || {
                let doc = openapi.clone();
                async move { axum::Json(doc.as_ref().clone()) }
            }),
        )
        .route("/healthz", get(healthz))
        .route("/.well-known/gpc.json", get(crate::api::consent_support::gpc_json))
        .route("/public/{operator}/distribution", get(crate::api::subjects::published_distribution))
        .route("/metrics", get(metrics))
        .fallback(not_found)
        .layer(middleware::from_fn(record_metrics))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_millis(REQUEST_TIMEOUT_MS)))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// Liveness and database reachability.
async fn healthz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(err) => ApiError::unavailable(format!("database unreachable: {err}")).into_response(),
    }
}

/// Prometheus text exposition.
async fn metrics() -> impl IntoResponse {
    ([(axum::http::header::CONTENT_TYPE, "text/plain; version=0.0.4")], metrics_exporter::render())
}

async fn not_found(request: Request) -> ApiError {
    ApiError::not_found(format!("no route for {} {}", request.method(), request.uri().path()))
}

/// Counts requests and their latency by matched route and status.
async fn record_metrics(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |path| path.as_str().to_owned());
    let method = request.method().to_string();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    metrics::counter!("tutela_http_requests_total", "method" => method.clone(), "route" => route.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("tutela_http_request_duration_seconds", "method" => method, "route" => route)
        .record(started.elapsed().as_secs_f64());
    response
}
