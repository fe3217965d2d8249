//! Service reports of tickets (`/api/v1/tickets/{ticket}/report`): the engineer's report with the
//! parts used and what the customer pays (materials at cost for a paid repair, nothing under
//! warranty), the customer's confirmation (typed name: on site, by the portal), the clerk's
//! closing, which needs it and starts the call-back clock (3 working days on the Chinese calendar),
//! and the call-back with the customer's satisfaction, which meets that clock.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use tutela_core::calendar::builtin;
use tutela_core::clock::{Clock, ClockSpec, DueSoonPermille};
use tutela_core::deadline::{DurationSpec, DurationUnit, Roll};
use tutela_core::journal::Actor;
use tutela_core::operator::OperatorId;
use tutela_core::service::report::{CALLBACK_WORKING_DAYS, MAX_REPORT_CHARS, VisitReport};
use tutela_core::service::sla::{TicketEvent, TicketFacts};
use tutela_core::staff::Permission;
use tutela_db::service::ServiceReportRecord;
use utoipa::ToSchema;
use utoipa_axum::routes;

use super::parse_body;
use super::tickets::summarize;
use crate::api::route::{ApiRoute, staff};
use crate::app::AppState;
use crate::auth::Caller;
use crate::extract::{Json, Path};
use crate::problem::{ApiError, ApiResult, Problem};

/// The kind of a call-back clock.
pub const CALLBACK_CLOCK_KIND: &str = "service.callback";

/// The routes of service reports.
pub fn routes() -> Vec<ApiRoute> {
    vec![
        staff(Permission::WorkService, routes!(put_report)),
        staff(Permission::WorkService, routes!(confirm_report)),
        staff(Permission::WorkService, routes!(close)),
        staff(Permission::WorkService, routes!(callback)),
    ]
}

/// A service report.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReportView {
    /// What the engineer reported (engineer, work_done, parts, coverage, currency).
    #[schema(value_type = Object)]
    pub report: VisitReport,
    /// What the customer pays, in the minor unit.
    pub charge_minor: u64,
    /// The same in words (`98.00 CNY`).
    pub charge: String,
    /// The customer's confirmation: name, at, method.
    #[schema(value_type = Option<Object>)]
    pub confirmation: Option<tutela_core::service::report::Confirmation>,
    /// When the ticket was closed.
    pub closed_at: Option<String>,
    /// The call-back clock.
    pub callback_clock_id: Option<String>,
    /// The customer's satisfaction, 1 to 5.
    pub satisfaction: Option<u8>,
}

/// The view of a stored report.
pub fn report_view(record: ServiceReportRecord) -> ReportView {
    let minor = record.charge_minor;
    ReportView {
        charge: format!("{}.{:02} {}", minor / 100, minor % 100, record.report.currency),
        report: record.report,
        charge_minor: minor,
        confirmation: record.confirmation,
        closed_at: record.closed_at.map(|t| t.to_string()),
        callback_clock_id: record.callback_clock_id,
        satisfaction: record.satisfaction,
    }
}

/// Enters or replaces the engineer's report of a ticket (until the customer confirms it).
#[utoipa::path(put, path = "/api/v1/tickets/{ticket}/report", tag = "service", request_body = Object,
    params(("ticket" = String, Path, description = "Its id or reference")),
    responses((status = 200, body = ReportView), (status = 400, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "Confirmed already")))]
pub async fn put_report(
    State(state): State<AppState>,
    caller: Caller,
    Path(ticket): Path<String>,
    Json(body): Json<serde_json::Value>,
) -> ApiResult<Json<ReportView>> {
    let report: VisitReport = parse_body("report", body)?;
    report.check().map_err(ApiError::invalid)?;
    let record = state.db.put_service_report(&caller.operator().id, &ticket, &report, &caller.actor()?).await?;
    Ok(Json(report_view(record)))
}

/// The customer's confirmation.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmBody {
    /// The name the customer typed.
    pub name: String,
    /// `on_site` (on the engineer's device; the default) or `link`.
    pub method: Option<String>,
}

/// Records the customer's confirmation of a ticket's report, as `actor`.
pub async fn confirm_as(
    state: &AppState,
    operator_id: &OperatorId,
    actor: &Actor,
    ticket: &str,
    name: &str,
    method: &str,
) -> ApiResult<ReportView> {
    if !["on_site", "link", "portal"].contains(&method) {
        return Err(ApiError::invalid(format!("method: {method:?} is not on_site, link or portal")));
    }
    Ok(report_view(state.db.confirm_service_report(operator_id, ticket, name, method, actor).await?))
}

/// Records the customer's confirmation of the report (their typed name), once.
#[utoipa::path(post, path = "/api/v1/tickets/{ticket}/report/confirm", tag = "service", request_body = ConfirmBody,
    params(("ticket" = String, Path, description = "Its id or reference")),
    responses((status = 200, body = ReportView), (status = 400, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "No report, or confirmed already")))]
pub async fn confirm_report(
    State(state): State<AppState>,
    caller: Caller,
    Path(ticket): Path<String>,
    Json(body): Json<ConfirmBody>,
) -> ApiResult<Json<ReportView>> {
    let method = body.method.as_deref().unwrap_or("on_site");
    Ok(Json(confirm_as(&state, &caller.operator().id, &caller.actor()?, &ticket, &body.name, method).await?))
}

/// Closes the ticket as the clerk: refused until the customer confirmed the report; starts the
/// call-back clock.
pub async fn close_as(state: &AppState, caller: &Caller, ticket: &str) -> ApiResult<ReportView> {
    let operator_id = &caller.operator().id;
    let now = tutela_db::now_us();
    let calendar = builtin("cn").ok_or_else(|| ApiError::internal("the built-in calendar cn is missing"))?;
    let within = DurationSpec::new(CALLBACK_WORKING_DAYS, DurationUnit::WorkingDays).map_err(ApiError::internal)?;
    let clock = Clock::start(now, within, calendar, Roll::NextWorkingDay, DueSoonPermille::default())
        .map_err(ApiError::internal)?;
    let callback = ClockSpec {
        kind: CALLBACK_CLOCK_KIND.to_owned(),
        label: format!("Call the customer back about {ticket}: work confirmed, satisfaction (seed 003)"),
        subject_ref: None,
        clock,
    };
    let (policies, _) = state.db.sla_policies(operator_id).await?;
    let summarizer = |facts: &TicketFacts, history: &[TicketEvent]| summarize(&policies, facts, history, now);
    let record = state.db.close_ticket(operator_id, ticket, &callback, &caller.actor()?, &summarizer).await?;
    state.wake_scheduler();
    Ok(report_view(record))
}

/// Closes a ticket whose report the customer confirmed, and starts the call-back clock (3 working
/// days on the Chinese calendar).
#[utoipa::path(post, path = "/api/v1/tickets/{ticket}/close", tag = "service",
    params(("ticket" = String, Path, description = "Its id or reference")),
    responses((status = 200, body = ReportView), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "No confirmed report, or closed already")))]
pub async fn close(
    State(state): State<AppState>,
    caller: Caller,
    Path(ticket): Path<String>,
) -> ApiResult<Json<ReportView>> {
    Ok(Json(close_as(&state, &caller, &ticket).await?))
}

/// A call-back.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CallbackBody {
    /// How satisfied the customer is, 1 (not at all) to 5 (very).
    pub satisfaction: u8,
    /// What they said.
    #[serde(default)]
    pub note: String,
}

/// Records the call-back as `caller`: satisfaction 1 to 5 and what the customer said.
pub async fn record_callback_as(
    state: &AppState,
    caller: &Caller,
    ticket: &str,
    satisfaction: u8,
    note: &str,
) -> ApiResult<ReportView> {
    if !(1..=5).contains(&satisfaction) {
        return Err(ApiError::invalid("satisfaction: 1 (not at all satisfied) to 5 (very satisfied)"));
    }
    if note.chars().count() > MAX_REPORT_CHARS {
        return Err(ApiError::invalid(format!("note: at most {MAX_REPORT_CHARS} characters")));
    }
    let operator_id = &caller.operator().id;
    let record = state.db.record_callback(operator_id, ticket, satisfaction, note.trim(), &caller.actor()?).await?;
    Ok(report_view(record))
}

/// Records the call-back after closing: the customer's satisfaction; meets the call-back clock.
#[utoipa::path(post, path = "/api/v1/tickets/{ticket}/callback", tag = "service", request_body = CallbackBody,
    params(("ticket" = String, Path, description = "Its id or reference")),
    responses((status = 200, body = ReportView), (status = 400, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "Not closed yet, or called back already")))]
pub async fn callback(
    State(state): State<AppState>,
    caller: Caller,
    Path(ticket): Path<String>,
    Json(body): Json<CallbackBody>,
) -> ApiResult<Json<ReportView>> {
    Ok(Json(record_callback_as(&state, &caller, &ticket, body.satisfaction, &body.note).await?))
}
