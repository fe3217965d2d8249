//! Calendars (the built-in ones and the operator's own) and deadline computation on them.

use axum::extract::State;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use tutela_core::calendar::{self, Calendar};
use tutela_core::calendar_book::CalendarBook;
use tutela_core::deadline::{Deadline, DurationSpec, Roll, compute_deadline};
use tutela_core::operator::OperatorId;
use tutela_core::staff::Permission;
use utoipa::ToSchema;

use crate::api::route::{ApiRoute, staff};
use crate::app::AppState;
use crate::auth::Caller;
use crate::extract::{Json, Path};
use crate::problem::{ApiError, ApiResult, Problem};
use utoipa_axum::routes;

/// Calendars and deadline computation.
pub fn routes() -> Vec<ApiRoute> {
    vec![
        staff(Permission::ReadClocks, routes!(list_calendars)),
        staff(Permission::ReadClocks, routes!(get_calendar)),
        staff(Permission::ManageCalendars, routes!(put_calendar)),
        staff(Permission::ReadClocks, routes!(compute)),
    ]
}

/// The operator's calendar book: its own definitions in front of the built-in calendars.
pub async fn load_book(state: &AppState, operator_id: &OperatorId) -> ApiResult<CalendarBook> {
    let stored = state.db.list_calendars(operator_id).await?;
    Ok(CalendarBook::new(stored.into_iter().map(|c| (c.id, c.definition))))
}

/// A calendar in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarSummary {
    /// Id used in requests.
    pub id: String,
    /// Display name.
    pub name: String,
    /// IANA time zone.
    pub time_zone: String,
    /// `builtin` or `operator`.
    pub origin: String,
    /// First and last year with official data.
    pub covers: [i16; 2],
}

fn summary(calendar: &Calendar, origin: &str) -> CalendarSummary {
    CalendarSummary {
        id: calendar.id().to_string(),
        name: calendar.name().to_owned(),
        time_zone: calendar.time_zone_name().to_owned(),
        origin: origin.to_owned(),
        covers: [calendar.covers().first(), calendar.covers().last()],
    }
}

/// Built-in calendars and the operator's own.
#[utoipa::path(get, path = "/api/v1/calendars", tag = "calendars",
    responses((status = 200, body = Vec<CalendarSummary>), (status = 401, body = Problem)))]
pub async fn list_calendars(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Vec<CalendarSummary>>> {
    let book = load_book(&state, &caller.operator().id).await?;
    let mut list: Vec<CalendarSummary> =
        calendar::builtin_ids().iter().filter_map(|id| calendar::builtin(id)).map(|c| summary(c, "builtin")).collect();
    for id in book.own_ids() {
        list.push(summary(&book.resolve(id)?, "operator"));
    }
    Ok(Json(list))
}

/// One calendar in full: week, exceptions, coverage and source.
#[utoipa::path(get, path = "/api/v1/calendars/{id}", tag = "calendars", params(("id" = String, Path, description = "Calendar id")),
    responses((status = 200, body = Object), (status = 400, body = Problem)))]
pub async fn get_calendar(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Calendar>> {
    let book = load_book(&state, &caller.operator().id).await?;
    Ok(Json(book.resolve(&id)?))
}

/// A calendar definition in the calendar file format.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PutCalendar {
    /// TOML text; its `id` must equal the path's id. May `extends` a built-in or another own calendar.
    pub definition: String,
}

/// Adds or replaces one of the operator's calendars (e.g. a factory's service hours).
#[utoipa::path(put, path = "/api/v1/calendars/{id}", tag = "calendars", params(("id" = String, Path, description = "Calendar id")),
    request_body = PutCalendar,
    responses((status = 200, body = CalendarSummary), (status = 400, body = Problem), (status = 403, body = Problem)))]
pub async fn put_calendar(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(request): Json<PutCalendar>,
) -> ApiResult<Json<CalendarSummary>> {
    let book = load_book(&state, &caller.operator().id).await?;
    let parsed = book.parse(&request.definition)?;
    if parsed.id().to_string() != id {
        return Err(ApiError::invalid(format!(
            "the definition's id {:?} differs from the path's {id:?}",
            parsed.id().to_string()
        )));
    }
    state.db.put_calendar(&caller.operator().id, &id, &request.definition, &caller.actor()?).await?;
    Ok(Json(summary(&parsed, "operator")))
}

/// What to compute.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeadlineRequest {
    /// Calendar id, e.g. `ru`.
    pub calendar: String,
    /// Start instant, RFC 3339 with offset, e.g. `2025-10-28T11:00:00+03:00`.
    pub start: String,
    /// e.g. `10 working days`, `72 hours`, `8 business hours`, `30 days`, `1 month`.
    pub duration: String,
    /// Move a deadline that falls on a day off to the next working day (default true).
    #[serde(default = "default_true")]
    pub roll: bool,
}

fn default_true() -> bool {
    true
}

/// A computed deadline.
#[derive(Debug, Serialize, ToSchema)]
pub struct DeadlineView {
    /// The last instant that is on time, RFC 3339 in the calendar's zone.
    pub due: String,
    /// The local date of `due`.
    pub due_date: String,
    /// The calendar used.
    pub calendar: String,
    /// The start, in the calendar's zone (RFC 3339).
    pub start: String,
    /// The duration, canonical form.
    pub duration: String,
    /// Whether the deadline was moved off a day off.
    pub rolled_to_working_day: bool,
    /// Whether the counting used a year the calendar has no official data for.
    pub calendar_coverage_exceeded: bool,
}

impl DeadlineView {
    /// Shapes a computed deadline, with instants in the calendar's zone (where the law counts days).
    pub fn new(calendar: &Calendar, start: Timestamp, duration: DurationSpec, deadline: &Deadline) -> Self {
        DeadlineView {
            due: local_rfc3339(deadline.due, calendar),
            due_date: deadline.due_date.to_string(),
            calendar: calendar.id().to_string(),
            start: local_rfc3339(start, calendar),
            duration: duration.to_string(),
            rolled_to_working_day: deadline.rolled_to_working_day,
            calendar_coverage_exceeded: deadline.calendar_coverage_exceeded,
        }
    }
}

/// Parses an RFC 3339 instant, naming the field when it is malformed.
pub fn parse_instant(field: &str, text: &str) -> ApiResult<Timestamp> {
    text.parse::<Timestamp>().map_err(|e| {
        ApiError::invalid(format!(
            "{field} {text:?} is not an RFC 3339 instant with offset (e.g. 2025-10-28T11:00:00+03:00): {e}"
        ))
    })
}

/// Parses a duration such as `10 working days`.
pub fn parse_duration(field: &str, text: &str) -> ApiResult<DurationSpec> {
    text.parse::<DurationSpec>().map_err(|e| ApiError::invalid(format!("{field}: {e}")))
}

/// An instant as RFC 3339 with the calendar zone's offset at that instant.
pub fn local_rfc3339(instant: Timestamp, calendar: &Calendar) -> String {
    let offset = calendar.time_zone().to_offset(instant);
    instant.display_with_offset(offset).to_string()
}

/// Computes a deadline on a calendar.
#[utoipa::path(post, path = "/api/v1/deadlines", tag = "calendars", request_body = DeadlineRequest,
    responses((status = 200, body = DeadlineView), (status = 400, body = Problem)))]
pub async fn compute(
    State(state): State<AppState>,
    caller: Caller,
    Json(request): Json<DeadlineRequest>,
) -> ApiResult<Json<DeadlineView>> {
    let book = load_book(&state, &caller.operator().id).await?;
    let calendar = book.resolve(&request.calendar)?;
    let start = parse_instant("start", &request.start)?;
    let duration = parse_duration("duration", &request.duration)?;
    let roll = if request.roll { Roll::NextWorkingDay } else { Roll::Off };
    let deadline = compute_deadline(start, &duration, &calendar, roll).map_err(ApiError::invalid)?;
    Ok(Json(DeadlineView::new(&calendar, start, duration, &deadline)))
}
