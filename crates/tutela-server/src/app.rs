//! The router: every capability's routes behind their permission checks, the shared state, and the layers every request passes through
//! (body-size limit, timeout, tracing, metrics).

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{MatchedPath, Request};
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
use crate::{ServerConfig, api, auth};
use utoipa_axum::router::OpenApiRouter;

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
    /// Counts sign-in attempts through the API and the console.
    pub sign_in: Arc<crate::sign_in::SignInLimiter>,
    /// The consent ledger's writer and each operator's purpose rules.
    pub consent: Arc<crate::api::consent::ledger::ConsentLedger>,
}

impl AppState {
    /// Tells the scheduler a clock changed, so due-soon and breach are noticed at once.
    pub fn wake_scheduler(&self) {
        if let Some(scheduler) = &self.scheduler {
            scheduler.wake();
        }
    }
}

/// The whole application: every route of [`api::routes`] behind its permission check, the API
/// document, and the layers.
pub fn router(state: AppState, pages: Option<crate::Pages>) -> Router {
    let mut api_router = OpenApiRouter::with_openapi(api::document());
    for route in api::routes() {
        let (schemas, paths, handlers) = route.handlers;
        let check = middleware::from_fn_with_state((state.clone(), route.access), auth::authorize);
        api_router = api_router.routes((schemas, paths, handlers.route_layer(check)));
    }
    let (api_router, openapi) = api_router.split_for_parts();
    let openapi = Arc::new(openapi);
    let pages = pages.map_or_else(Router::new, |pages| pages(state.clone()));
    Router::new()
        .merge(api_router)
        .merge(pages)
        .route(
            "/api/openapi.json",
            get(move || {
                let doc = openapi.clone();
                async move { axum::Json(doc.as_ref().clone()) }
            }),
        )
        .fallback(not_found)
        .layer(middleware::from_fn(record_metrics))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, Duration::from_millis(REQUEST_TIMEOUT_MS)))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(middleware::map_response(problems_for_layer_errors))
        .layer(TraceLayer::new_for_http())
        .with_state(state)
}

/// The body-limit and timeout layers answer with a bare 413 and 408; every error is a problem
/// document, so those become one here.
async fn problems_for_layer_errors(response: Response) -> Response {
    let is_problem = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .is_some_and(|value| value.as_bytes().starts_with(b"application/problem+json"));
    match response.status() {
        StatusCode::PAYLOAD_TOO_LARGE if !is_problem => ApiError::too_large(MAX_BODY_BYTES).into_response(),
        StatusCode::REQUEST_TIMEOUT if !is_problem => ApiError::timed_out(REQUEST_TIMEOUT_MS).into_response(),
        _ => response,
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    async fn mapped(status: StatusCode) -> (StatusCode, String, String) {
        let response = problems_for_layer_errors((status, "").into_response()).await;
        let content_type = response.headers()[axum::http::header::CONTENT_TYPE].to_str().unwrap().to_owned();
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), 4096).await.unwrap();
        (status, content_type, String::from_utf8(body.to_vec()).unwrap())
    }

    #[tokio::test]
    async fn bare_timeouts_and_oversized_bodies_become_problems() {
        let (status, content_type, body) = mapped(StatusCode::REQUEST_TIMEOUT).await;
        assert_eq!((status, content_type.as_str()), (StatusCode::REQUEST_TIMEOUT, "application/problem+json"));
        assert!(body.contains("within 30000 ms"), "{body}");
        let (status, content_type, _) = mapped(StatusCode::PAYLOAD_TOO_LARGE).await;
        assert_eq!((status, content_type.as_str()), (StatusCode::PAYLOAD_TOO_LARGE, "application/problem+json"));
        let (status, content_type, _) = mapped(StatusCode::OK).await;
        assert_eq!((status, content_type.as_str()), (StatusCode::OK, "text/plain; charset=utf-8"));
    }
}
