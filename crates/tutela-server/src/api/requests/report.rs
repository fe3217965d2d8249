//! Lists and figures of the request log:
//!
//! - `GET /api/v1/requests/report`: per request type, how many are open (and how many of those
//!   breached their deadline), completed and refused, and the median and 95th-percentile time
//!   from receipt to the answer (`tutela_core::request::report`);
//! - `GET /api/v1/requests/register`: the request register as CSV, one row per request, newest
//!   first (152-FZ operators keep such a log of requests and their answers).
//!
//! Both read at most `tutela_db::MAX_REQUEST_LOG` requests, the newest.

use std::collections::BTreeMap;

use axum::extract::State;
use axum::response::Response;
use serde::Serialize;
use tutela_core::request::report::AnswerTimes;
use utoipa::ToSchema;

use crate::app::AppState;
use crate::auth::Caller;
use crate::extract::Json;
use crate::problem::{ApiError, ApiResult};

/// The figures of one request type.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct TypeFigures {
    /// The request type.
    #[serde(rename = "type")]
    pub request_type: String,
    /// Requests received or verified, not yet answered.
    pub open: u64,
    /// Open requests whose deadline has passed.
    pub breached: u64,
    /// Requests completed.
    pub completed: u64,
    /// Requests refused.
    pub refused: u64,
    /// Answered requests the times come from.
    pub answered: u64,
    /// Median time from receipt to the answer, in hours.
    pub median_hours: Option<f64>,
    /// 95th-percentile time from receipt to the answer, in hours.
    pub p95_hours: Option<f64>,
}

/// The request log's figures.
#[derive(Debug, Serialize, ToSchema)]
pub struct RequestReport {
    /// Requests counted (the newest, at most 100,000).
    pub requests: u64,
    /// Per type, in the order of the types' names.
    pub types: Vec<TypeFigures>,
}

/// How many requests there are, by type and state, and how long they took to answer.
#[utoipa::path(get, path = "/api/v1/requests/report", tag = "requests",
    responses((status = 200, body = RequestReport)))]
pub async fn request_report(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<RequestReport>> {
    report(&state, &caller).await.map(Json)
}

/// The figures: what the API's route and the console's request list both show.
pub async fn report(state: &AppState, caller: &Caller) -> ApiResult<RequestReport> {
    let rows = state.db.request_log(&caller.operator().id, tutela_db::MAX_REQUEST_LOG).await?;
    let mut figures: BTreeMap<String, (TypeFigures, Vec<i64>)> = BTreeMap::new();
    for row in &rows {
        let request = &row.request;
        let (entry, times) = figures.entry(request.request_type.clone()).or_default();
        match request.status.as_str() {
            "completed" | "refused" => {
                if request.status == "completed" {
                    entry.completed += 1;
                } else {
                    entry.refused += 1;
                }
                // The answer is the last status change: the request's `updated_at`.
                times.push((request.updated_at - request.received_at).get_seconds());
            }
            _ => {
                entry.open += 1;
                entry.breached += u64::from(row.clock_state.as_deref() == Some("breached"));
            }
        }
    }
    let hours = |seconds: i64| (seconds as f64 / 360.0).round() / 10.0;
    let types = figures
        .into_iter()
        .map(|(request_type, (entry, times))| {
            let answer = AnswerTimes::of(times);
            TypeFigures {
                request_type,
                answered: answer.map_or(0, |a| a.count as u64),
                median_hours: answer.map(|a| hours(a.median_s)),
                p95_hours: answer.map(|a| hours(a.p95_s)),
                ..entry
            }
        })
        .collect();
    Ok(RequestReport { requests: rows.len() as u64, types })
}

/// The request register as CSV: one row per request, newest first.
#[utoipa::path(get, path = "/api/v1/requests/register", tag = "requests",
    responses((status = 200, content_type = "text/csv", body = String)))]
pub async fn request_register(State(state): State<AppState>, caller: Caller) -> ApiResult<Response> {
    register_response(&state, &caller).await
}

/// The register as a CSV download: what the API's route and the console's link both serve.
pub async fn register_response(state: &AppState, caller: &Caller) -> ApiResult<Response> {
    let rows = state.db.request_log(&caller.operator().id, tutela_db::MAX_REQUEST_LOG).await?;
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = [
        "reference",
        "received_at",
        "channel",
        "type",
        "jurisdiction",
        "language",
        "identities",
        "status",
        "status_changed_at",
        "clock_state",
    ];
    out.write_record(header).map_err(ApiError::internal)?;
    for row in rows {
        let request = row.request;
        let identities: Vec<String> = request
            .identities
            .as_object()
            .map(|object| {
                object.iter().map(|(kind, value)| format!("{kind}={}", value.as_str().unwrap_or(""))).collect()
            })
            .unwrap_or_default();
        out.write_record([
            request.reference,
            request.received_at.to_string(),
            request.channel,
            request.request_type,
            request.jurisdiction,
            request.language,
            identities.join("; "),
            request.status,
            request.updated_at.to_string(),
            row.clock_state.unwrap_or_default(),
        ])
        .map_err(ApiError::internal)?;
    }
    let bytes = out.into_inner().map_err(ApiError::internal)?;
    super::download(bytes, "text/csv; charset=utf-8", "request-register.csv")
}
