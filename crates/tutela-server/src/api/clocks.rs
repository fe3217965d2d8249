//! Clocks: start one for an obligation, then pause, resume, extend (with a reason) or complete it.

use axum::extract::State;
use axum::http::StatusCode;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use tutela_core::calendar::Calendar;
use tutela_core::clock::{Clock, ClockSpec, ClockState, DEFAULT_DUE_SOON_PERMILLE, DueSoonPermille, ExtensionReason};
use tutela_core::deadline::Roll;
use tutela_core::journal::Action;
use tutela_core::staff::Permission;
use tutela_core::subject::SubjectRef;
use tutela_db::ClockRecord;
use utoipa::{IntoParams, ToSchema};

use super::Paged;
use super::calendars::{local_rfc3339, parse_duration, parse_instant};
use crate::api::route::{ApiRoute, staff};
use crate::app::AppState;
use crate::auth::Caller;
use crate::extract::{Json, Path, Query};
use crate::problem::{ApiError, ApiResult, Problem};
use tutela_core::calendar_book::CalendarBook;
use utoipa_axum::routes;

/// Clocks: started, listed and worked on.
pub fn routes() -> Vec<ApiRoute> {
    vec![
        staff(Permission::ReadClocks, routes!(list_clocks)),
        staff(Permission::WorkClocks, routes!(start_clock)),
        staff(Permission::ReadClocks, routes!(get_clock)),
        staff(Permission::WorkClocks, routes!(pause_clock)),
        staff(Permission::WorkClocks, routes!(resume_clock)),
        staff(Permission::WorkClocks, routes!(extend_clock)),
        staff(Permission::WorkClocks, routes!(complete_clock)),
    ]
}

/// Longest clock label, in characters.
const MAX_LABEL_CHARS: usize = 500;
/// Longest clock kind or subject reference, in bytes.
const MAX_KIND_BYTES: usize = 100;

/// A clock as shown by the API.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClockView {
    /// Id.
    pub id: String,
    /// What obligation it measures, e.g. `request.access`.
    pub kind: String,
    /// Human description.
    pub label: String,
    /// The subject or object it concerns, if any.
    pub subject_ref: Option<String>,
    /// State now: running, paused, due_soon, breached, met or met_late.
    pub state: String,
    /// When counting started (RFC 3339).
    pub start: String,
    /// The allowed time, e.g. `10 working days`.
    pub duration: String,
    /// Calendar id.
    pub calendar: String,
    /// The last instant that is on time, in the calendar's zone (RFC 3339).
    pub due: String,
    /// The local date of `due`.
    pub due_date: String,
    /// When the clock becomes due soon (RFC 3339).
    pub due_soon_at: String,
    /// Pauses, resumptions, extensions and completion, oldest first.
    #[schema(value_type = Vec<Object>)]
    pub history: serde_json::Value,
    /// When the clock was created (RFC 3339).
    pub created_at: String,
    /// When it last changed (RFC 3339).
    pub updated_at: String,
}

/// A stored clock as the API and the console show it, as of `now`.
pub fn view(record: &ClockRecord, book: &CalendarBook, now: Timestamp) -> ApiResult<ClockView> {
    let clock = &record.clock;
    let calendar = book.resolve(&clock.calendar_id().to_string())?;
    Ok(ClockView {
        id: record.id.clone(),
        kind: record.kind.clone(),
        label: record.label.clone(),
        subject_ref: record.subject_ref.as_ref().map(ToString::to_string),
        state: clock.state_at(now).as_str().to_owned(),
        start: clock.start_at().to_string(),
        duration: clock.duration().to_string(),
        calendar: clock.calendar_id().to_string(),
        due: local_rfc3339(clock.due(), &calendar),
        due_date: clock.due_date().to_string(),
        due_soon_at: clock.due_soon_at().to_string(),
        history: serde_json::to_value(clock.history()).map_err(ApiError::internal)?,
        created_at: record.created_at.to_string(),
        updated_at: record.updated_at.to_string(),
    })
}

/// A clock to start.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StartClock {
    /// What obligation it measures: 1 to 100 of a-z, 0-9, `.`, `_`, `-` (e.g. `request.access`).
    pub kind: String,
    /// Human description (1 to 500 characters).
    pub label: String,
    /// The subject or object it concerns: an opaque reference, not personal data.
    pub subject_ref: Option<String>,
    /// Calendar id, e.g. `ru`.
    pub calendar: String,
    /// e.g. `10 working days`.
    pub duration: String,
    /// When counting starts (RFC 3339); now when absent.
    pub start: Option<String>,
    /// Move a deadline on a day off to the next working day (default true).
    pub roll: Option<bool>,
    /// Share of the time after which the clock is due soon, in permille (default 800).
    pub due_soon_permille: Option<u16>,
}

fn check_kind(kind: &str) -> ApiResult<()> {
    let ok = !kind.is_empty()
        && kind.len() <= MAX_KIND_BYTES
        && kind.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid(format!("invalid kind {kind:?}: expected 1 to 100 of a-z, 0-9, '.', '_', '-'")))
    }
}

fn check_text(field: &str, text: &str, max_chars: usize) -> ApiResult<String> {
    let trimmed = text.trim();
    let chars = trimmed.chars().count();
    if chars == 0 || chars > max_chars || trimmed.chars().any(char::is_control) {
        return Err(ApiError::invalid(format!("{field} must be 1 to {max_chars} printable characters")));
    }
    Ok(trimmed.to_owned())
}

/// Starts a clock.
#[utoipa::path(post, path = "/api/v1/clocks", tag = "clocks", request_body = StartClock,
    responses((status = 201, body = ClockView), (status = 400, body = Problem), (status = 403, body = Problem)))]
pub async fn start_clock(
    State(state): State<AppState>,
    caller: Caller,
    Json(request): Json<StartClock>,
) -> ApiResult<(StatusCode, Json<ClockView>)> {
    check_kind(&request.kind)?;
    let label = check_text("label", &request.label, MAX_LABEL_CHARS)?;
    let subject_ref = request.subject_ref.as_deref().map(SubjectRef::parse).transpose().map_err(ApiError::invalid)?;
    let book = super::calendars::load_book(&state, &caller.operator().id).await?;
    let calendar = book.resolve(&request.calendar)?;
    let duration = parse_duration("duration", &request.duration)?;
    let start = match &request.start {
        Some(text) => parse_instant("start", text)?,
        None => tutela_db::now_us(),
    };
    let roll = if request.roll.unwrap_or(true) { Roll::NextWorkingDay } else { Roll::Off };
    let permille = DueSoonPermille::new(request.due_soon_permille.unwrap_or(DEFAULT_DUE_SOON_PERMILLE))
        .map_err(ApiError::invalid)?;
    let clock = Clock::start(start, duration, &calendar, roll, permille).map_err(ApiError::invalid)?;
    let new = ClockSpec { kind: request.kind, label, subject_ref, clock };
    let record = state.db.start_clock(&caller.operator().id, &new, &caller.actor()?).await?;
    state.wake_scheduler();
    Ok((StatusCode::CREATED, Json(view(&record, &book, tutela_db::now_us())?)))
}

/// Filters for listing clocks.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ClockFilter {
    /// Only clocks last recorded in this state.
    pub state: Option<String>,
    /// Continue after this clock id (the last of the previous page; its `Link: rel="next"` header
    /// says so).
    pub after: Option<String>,
    /// Page size: 1 to 1000, default 100; a value out of range is refused with 400.
    pub limit: Option<u32>,
}

/// The operator's clocks, soonest due first, a page at a time (a full page carries a
/// `Link: <...>; rel="next"` header).
#[utoipa::path(get, path = "/api/v1/clocks", tag = "clocks", params(ClockFilter),
    responses((status = 200, body = Vec<ClockView>, headers(("Link" = String, description = "The next page, when this one is full"))),
        (status = 400, body = Problem)))]
pub async fn list_clocks(
    State(state): State<AppState>,
    caller: Caller,
    Query(filter): Query<ClockFilter>,
) -> ApiResult<Paged<ClockView>> {
    let limit = super::page_size(filter.limit)?;
    let wanted = match filter.state.as_deref() {
        None => None,
        Some(text) => Some(ClockState::parse(text).ok_or_else(|| {
            ApiError::invalid(format!(
                "unknown state {text:?}: expected running, paused, due_soon, breached, met or met_late"
            ))
        })?),
    };
    let book = super::calendars::load_book(&state, &caller.operator().id).await?;
    let records = state.db.list_clocks(&caller.operator().id, wanted, filter.after.as_deref(), limit).await?;
    let now = tutela_db::now_us();
    let views = records.iter().map(|r| view(r, &book, now)).collect::<ApiResult<Vec<_>>>()?;
    let extra: Vec<(&str, String)> = filter.state.iter().map(|state| ("state", state.clone())).collect();
    Ok(Paged::new("/api/v1/clocks", views, limit, |clock| clock.id.clone(), &extra))
}

/// One clock.
#[utoipa::path(get, path = "/api/v1/clocks/{id}", tag = "clocks", params(("id" = String, Path, description = "Clock id")),
    responses((status = 200, body = ClockView), (status = 404, body = Problem)))]
pub async fn get_clock(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<ClockView>> {
    let book = super::calendars::load_book(&state, &caller.operator().id).await?;
    let record = state.db.clock(&caller.operator().id, &id).await?;
    Ok(Json(view(&record, &book, tutela_db::now_us())?))
}

/// Applies one action to a clock and answers with its new view.
async fn act<F>(state: &AppState, caller: &Caller, id: &str, action: Action, change: F) -> ApiResult<Json<ClockView>>
where
    F: FnOnce(&mut Clock) -> Result<serde_json::Value, tutela_core::clock::ClockError>,
{
    let book = super::calendars::load_book(state, &caller.operator().id).await?;
    let record = state.db.update_clock(&caller.operator().id, id, &caller.actor()?, action, change).await?;
    state.wake_scheduler();
    Ok(Json(view(&record, &book, tutela_db::now_us())?))
}

/// The calendar a stored clock counts on, for actions that recompute its deadline.
pub(crate) async fn clock_calendar(state: &AppState, caller: &Caller, id: &str) -> ApiResult<Calendar> {
    let book = super::calendars::load_book(state, &caller.operator().id).await?;
    let record = state.db.clock(&caller.operator().id, id).await?;
    Ok(book.resolve(&record.clock.calendar_id().to_string())?)
}

/// Pauses a clock: time stops counting (e.g. while waiting for the subject's proof of identity).
#[utoipa::path(post, path = "/api/v1/clocks/{id}/pause", tag = "clocks", params(("id" = String, Path, description = "Clock id")),
    responses((status = 200, body = ClockView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn pause_clock(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<ClockView>> {
    act(&state, &caller, &id, Action::PauseClock, |clock| {
        clock.pause(tutela_db::now_us()).map(|()| serde_json::json!({}))
    })
    .await
}

/// Pauses one of the caller's clocks: what the clocks API and a request waiting for its missing
/// contents both do.
pub async fn pause(state: &AppState, caller: &Caller, id: &str) -> ApiResult<ClockView> {
    let paused = act(state, caller, id, Action::PauseClock, |clock| {
        clock.pause(tutela_db::now_us()).map(|()| serde_json::json!({}))
    });
    paused.await.map(|Json(view)| view)
}

/// Resumes one of the caller's clocks (see [`pause`]).
pub async fn resume(state: &AppState, caller: &Caller, id: &str) -> ApiResult<ClockView> {
    let calendar = clock_calendar(state, caller, id).await?;
    let resumed = act(state, caller, id, Action::ResumeClock, move |clock| {
        clock.resume(tutela_db::now_us(), &calendar).map(|()| serde_json::json!({}))
    });
    resumed.await.map(|Json(view)| view)
}

/// Resumes a paused clock; the paused time is added to the deadline.
#[utoipa::path(post, path = "/api/v1/clocks/{id}/resume", tag = "clocks", params(("id" = String, Path, description = "Clock id")),
    responses((status = 200, body = ClockView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn resume_clock(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<ClockView>> {
    let calendar = clock_calendar(&state, &caller, &id).await?;
    act(&state, &caller, &id, Action::ResumeClock, move |clock| {
        clock.resume(tutela_db::now_us(), &calendar).map(|()| serde_json::json!({}))
    })
    .await
}

/// An extension of a clock's deadline.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtendClock {
    /// How much longer, e.g. `5 working days` (152-FZ) or `2 months` (GDPR art. 12(3)).
    pub by: String,
    /// Why (told to the subject; 1 to 1000 characters).
    pub reason: String,
}

/// Extends a clock's deadline, recording the reason.
#[utoipa::path(post, path = "/api/v1/clocks/{id}/extend", tag = "clocks", params(("id" = String, Path, description = "Clock id")),
    request_body = ExtendClock,
    responses((status = 200, body = ClockView), (status = 400, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn extend_clock(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(request): Json<ExtendClock>,
) -> ApiResult<Json<ClockView>> {
    extend(&state, &caller, &id, &request).await.map(Json)
}

/// Extends one of the caller's clocks: what `POST /api/v1/clocks/{id}/extend` and the console's form
/// both do (the caller's permission is checked by the route or the page).
pub async fn extend(state: &AppState, caller: &Caller, id: &str, request: &ExtendClock) -> ApiResult<ClockView> {
    let by = parse_duration("by", &request.by)?;
    let reason = ExtensionReason::new(&request.reason).map_err(ApiError::invalid)?;
    let calendar = clock_calendar(state, caller, id).await?;
    let details = serde_json::json!({ "by": by, "reason": reason.as_str() });
    act(state, caller, id, Action::ExtendClock, move |clock| {
        clock.extend(by, reason, tutela_db::now_us(), &calendar).map(|()| details)
    })
    .await
    .map(|Json(view)| view)
}

/// Completes a clock: the obligation was fulfilled, on time (met) or late (met_late).
#[utoipa::path(post, path = "/api/v1/clocks/{id}/complete", tag = "clocks", params(("id" = String, Path, description = "Clock id")),
    responses((status = 200, body = ClockView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn complete_clock(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<ClockView>> {
    act(&state, &caller, &id, Action::CompleteClock, |clock| {
        clock.complete(tutela_db::now_us()).map(|outcome| serde_json::json!({ "outcome": outcome }))
    })
    .await
}
