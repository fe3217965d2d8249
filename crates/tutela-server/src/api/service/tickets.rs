//! Service tickets (`/api/v1/tickets`) and the ordered service-level policies
//! (`/api/v1/sla-policies`). A ticket's clocks and escalations are derived from its history by
//! `tutela_core::service::sla` on every read and every event; the database keeps a summary for
//! lists (status, next due, breached), rewritten with each event and for every open ticket when
//! the policies change.

use axum::extract::State;
use axum::http::StatusCode;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use tutela_core::calendar::{Calendar, CalendarId, builtin};
use tutela_core::clock::Outcome;
use tutela_core::service::sla::{self, EventKind, Priority, SlaPolicy, TicketEvent, TicketFacts, TicketKind};
use tutela_core::staff::Permission;
use tutela_db::service::{MAX_SERVICE_TEXT_BYTES, NewTicket, TicketEventRecord, TicketRecord, TicketSummary};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::routes;

use super::parse_body;
use crate::api::route::{ApiRoute, staff};
use crate::app::AppState;
use crate::auth::Caller;
use crate::extract::{Json, Path, Query};
use crate::problem::{ApiError, ApiResult, Problem};

/// The routes of tickets and policies.
pub fn routes() -> Vec<ApiRoute> {
    vec![
        staff(Permission::ReadService, routes!(get_policies)),
        staff(Permission::ManageService, routes!(put_policies)),
        staff(Permission::WorkService, routes!(open_ticket)),
        staff(Permission::ReadService, routes!(list_tickets)),
        staff(Permission::ReadService, routes!(get_ticket)),
        staff(Permission::WorkService, routes!(record_event)),
    ]
}

/// Tutela's built-in calendars: the ones a policy may count on.
pub fn calendars(id: &CalendarId) -> Option<&'static Calendar> {
    builtin(id.as_str())
}

/// The summary of a ticket's history under `policies` at `now`.
pub fn summarize(
    policies: &[SlaPolicy],
    facts: &TicketFacts,
    history: &[TicketEvent],
    now: Timestamp,
) -> Result<TicketSummary, String> {
    let policy = sla::select(policies, facts)
        .ok_or("no service-level policies yet: PUT /api/v1/sla-policies with at least the fallback")?;
    let clocks = sla::derive(policy, history, calendars).map_err(|e| e.to_string())?;
    let sorted = sla::sorted_history(history).map_err(|e| e.to_string())?;
    let mut status = "open";
    for event in &sorted {
        status = match event.kind {
            EventKind::Closed => "closed",
            EventKind::Resolved => "resolved",
            EventKind::WaitingCustomer => "waiting_customer",
            EventKind::Reopened | EventKind::CustomerReplied => "open",
            _ => status,
        };
    }
    let running = || clocks.iter().filter(|c| c.met().is_none());
    let next_due = if status == "closed" { None } else { running().map(|c| c.clock.due()).min() };
    let breached =
        clocks.iter().any(|c| matches!(c.met(), Some((_, Outcome::MetLate)))) || running().any(|c| c.clock.due() < now);
    Ok(TicketSummary { policy_key: policy.key.clone(), status: status.to_owned(), next_due, breached })
}

/// Each target of the ticket's policy `policy_key` as (target, due, state at `now`), derived from
/// `history`; nothing when the policy is gone or the history cannot be derived.
pub fn summarize_targets(
    policies: &[SlaPolicy],
    policy_key: &str,
    history: &[TicketEvent],
    now: Timestamp,
) -> Vec<(&'static str, String, String)> {
    let Some(policy) = policies.iter().find(|p| p.key == policy_key) else { return vec![] };
    let Ok(clocks) = sla::derive(policy, history, calendars) else { return vec![] };
    clocks
        .iter()
        .map(|c| (c.target.as_str(), crate::api::when(c.clock.due()), c.state_at(now).as_str().to_owned()))
        .collect()
}

/// The operator's policies in order.
#[derive(Debug, Serialize, ToSchema)]
pub struct PoliciesView {
    /// Their version (1 for the first set).
    pub version: i64,
    /// The policies, in the order they are tried.
    #[schema(value_type = Vec<Object>)]
    pub policies: Vec<SlaPolicy>,
}

/// The operator's service-level policies, in the order they are tried.
#[utoipa::path(get, path = "/api/v1/sla-policies", tag = "service",
    responses((status = 200, body = PoliciesView)))]
pub async fn get_policies(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<PoliciesView>> {
    let (policies, version) = state.db.sla_policies(&caller.operator().id).await?;
    Ok(Json(PoliciesView { version, policies }))
}

/// What a policy change did.
#[derive(Debug, Serialize, ToSchema)]
pub struct PoliciesPut {
    /// Open tickets whose clocks were recomputed under the new policies.
    pub tickets_recomputed: u32,
}

/// Replaces the ordered policies (a JSON array): each with `key`, `name`, `conditions` (`kinds`,
/// `regions`, `priorities`, `emergency`, `product_lines`, `contracts`), `targets` (`target`:
/// first_response, on_site or resolution; `within`: "8 hours", "4 business hours",
/// "3 working days"; `calendar`: a built-in calendar), `escalations`, and exactly one `fallback`.
/// The first policy whose conditions hold applies. Every open ticket is recomputed.
#[utoipa::path(put, path = "/api/v1/sla-policies", tag = "service", request_body = Vec<Object>,
    responses((status = 200, body = PoliciesPut), (status = 400, body = Problem)))]
pub async fn put_policies(
    State(state): State<AppState>,
    caller: Caller,
    Json(body): Json<serde_json::Value>,
) -> ApiResult<Json<PoliciesPut>> {
    let policies: Vec<SlaPolicy> = parse_body("policies", body)?;
    sla::check_policies(&policies).map_err(ApiError::invalid)?;
    for target in policies.iter().flat_map(|p| &p.targets) {
        if calendars(&target.calendar).is_none() {
            return Err(ApiError::invalid(format!(
                "calendar {:?} is not built in; use one of {}",
                target.calendar.as_str(),
                tutela_core::calendar::builtin_ids().join(", ")
            )));
        }
    }
    let now = tutela_db::now_us();
    let summarizer = |facts: &TicketFacts, history: &[TicketEvent]| summarize(&policies, facts, history, now);
    let recomputed = state.db.put_sla_policies(&caller.operator().id, &policies, &caller.actor()?, &summarizer).await?;
    Ok(Json(PoliciesPut { tickets_recomputed: recomputed }))
}

/// A ticket to open.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TicketBody {
    /// The device's id or serial number (its region and product line are the ticket's).
    pub device: Option<String>,
    /// `repair`, `complaint`, `installation` or `inspection`.
    pub kind: String,
    /// `low`, `normal` (default) or `high`.
    pub priority: Option<String>,
    /// A safety emergency.
    #[serde(default)]
    pub emergency: bool,
    /// The region, without a device.
    pub region: Option<String>,
    /// The product line, without a device.
    pub product_line: Option<String>,
    /// The service contract.
    pub contract: Option<String>,
    /// What the customer reported.
    pub description: String,
    /// When it was reported (RFC 3339; now when absent).
    pub created_at: Option<String>,
}

/// A target's clock.
#[derive(Debug, Serialize, ToSchema)]
pub struct TargetView {
    /// `first_response`, `on_site` or `resolution`.
    pub target: String,
    /// Within, as the policy says.
    pub within: String,
    /// The calendar.
    pub calendar: String,
    /// When it is due (moved by pauses).
    pub due: String,
    /// `running`, `due_soon`, `breached`, `paused`, `met`, `met_late`.
    pub state: String,
    /// When it was met.
    pub met_at: Option<String>,
}

/// An escalation.
#[derive(Debug, Serialize, ToSchema)]
pub struct EscalationView {
    /// What to do.
    pub action: String,
    /// The target watched.
    pub target: String,
    /// When it falls due.
    pub due: String,
    /// Whether it has fired.
    pub fired: bool,
}

/// An event of the history.
#[derive(Debug, Serialize, ToSchema)]
pub struct TicketEventView {
    /// What happened.
    pub kind: String,
    /// When it happened.
    pub at: String,
    /// The note.
    pub note: String,
    /// Who recorded it.
    pub actor: String,
    /// When it was recorded.
    pub recorded_at: String,
}

/// A ticket.
#[derive(Debug, Serialize, ToSchema)]
pub struct TicketView {
    /// Its id.
    pub id: String,
    /// Its reference.
    pub reference: String,
    /// The device.
    pub device: Option<String>,
    /// The facts its policy is chosen by.
    #[schema(value_type = Object)]
    pub facts: TicketFacts,
    /// What was reported.
    pub description: String,
    /// The policy that applies.
    pub policy: String,
    /// `open`, `waiting_customer`, `resolved`, `closed`.
    pub status: String,
    /// The earliest due instant of a running target.
    pub next_due: Option<String>,
    /// Whether a target is breached.
    pub breached: bool,
    /// When it was created.
    pub created_at: String,
    /// Each target's clock (only for one ticket).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub targets: Option<Vec<TargetView>>,
    /// The escalations (only for one ticket).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub escalations: Option<Vec<EscalationView>>,
    /// The history in recorded order (only for one ticket).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<TicketEventView>>,
    /// The service report, once entered (only for one ticket).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<super::reports::ReportView>,
}

/// A ticket as listed (without its clocks, escalations and history).
pub fn ticket_view(ticket: &TicketRecord) -> TicketView {
    TicketView {
        id: ticket.id.clone(),
        reference: ticket.reference.clone(),
        device: ticket.device_id.clone(),
        facts: ticket.facts.clone(),
        description: ticket.description.clone(),
        policy: ticket.summary.policy_key.clone(),
        status: ticket.summary.status.clone(),
        next_due: ticket.summary.next_due.map(|t| t.to_string()),
        breached: ticket.summary.breached,
        created_at: ticket.created_at.to_string(),
        targets: None,
        escalations: None,
        events: None,
        report: None,
    }
}

/// A ticket with its clocks derived now.
pub async fn full_view(state: &AppState, caller: &Caller, id: &str) -> ApiResult<TicketView> {
    let (ticket, events) = state.db.ticket(&caller.operator().id, id).await?;
    let (policies, _) = state.db.sla_policies(&caller.operator().id).await?;
    let mut view = ticket_view(&ticket);
    let history: Vec<TicketEvent> = events.iter().map(|e| e.event).collect();
    let now = tutela_db::now_us();
    if let Some(policy) = policies.iter().find(|p| p.key == ticket.summary.policy_key) {
        let clocks = sla::derive(policy, &history, calendars).map_err(ApiError::internal)?;
        view.targets = Some(
            clocks
                .iter()
                .zip(&policy.targets)
                .map(|(clock, spec)| TargetView {
                    target: clock.target.as_str().to_owned(),
                    within: spec.within.to_string(),
                    calendar: spec.calendar.as_str().to_owned(),
                    due: clock.clock.due().to_string(),
                    state: clock.state_at(now).as_str().to_owned(),
                    met_at: clock.met().map(|(at, _)| at.to_string()),
                })
                .collect(),
        );
        let escalations = sla::escalations(policy, &history, now, calendars).map_err(ApiError::internal)?;
        view.escalations = Some(
            escalations
                .into_iter()
                .map(|e| EscalationView {
                    action: e.action,
                    target: e.target.as_str().to_owned(),
                    due: e.due.to_string(),
                    fired: e.fired,
                })
                .collect(),
        );
    }
    view.events = Some(events.iter().map(event_view).collect());
    view.report = state.db.service_report(&caller.operator().id, &ticket.id).await?.map(super::reports::report_view);
    Ok(view)
}

fn event_view(event: &TicketEventRecord) -> TicketEventView {
    TicketEventView {
        kind: event.event.kind.as_str().to_owned(),
        at: event.event.at.to_string(),
        note: event.note.clone(),
        actor: event.actor.clone(),
        recorded_at: event.recorded_at.to_string(),
    }
}

fn instant(field: &str, text: Option<&str>) -> ApiResult<Timestamp> {
    match text {
        Some(text) => {
            text.parse().map_err(|e| ApiError::invalid(format!("{field}: {text:?} is not an RFC 3339 instant: {e}")))
        }
        None => Ok(tutela_db::now_us()),
    }
}

fn text(field: &str, value: &str) -> ApiResult<String> {
    if value.len() > MAX_SERVICE_TEXT_BYTES {
        return Err(ApiError::invalid(format!("{field}: at most {MAX_SERVICE_TEXT_BYTES} bytes")));
    }
    Ok(value.trim().to_owned())
}

/// Opens a ticket as `caller`: its facts from the device when one is named.
pub async fn open_as(state: &AppState, caller: &Caller, body: TicketBody) -> ApiResult<TicketView> {
    let operator_id = &caller.operator().id;
    let kind: TicketKind = parse_body("kind", serde_json::Value::String(body.kind.clone()))?;
    let priority: Priority =
        parse_body("priority", serde_json::Value::String(body.priority.unwrap_or("normal".into())))?;
    let device = match &body.device {
        Some(id) => Some(state.db.device(operator_id, id).await?.0),
        None => None,
    };
    let from_device = |field: &str, given: Option<String>, known: Option<&String>| {
        given.or_else(|| known.cloned()).ok_or_else(|| ApiError::invalid(format!("{field}: give it, or a device")))
    };
    let facts = TicketFacts {
        kind,
        region: from_device("region", body.region, device.as_ref().map(|d| &d.region))?.to_lowercase(),
        priority,
        emergency: body.emergency,
        product_line: from_device("product_line", body.product_line, device.as_ref().map(|d| &d.product_line))?,
        contract: body.contract,
    };
    let new = NewTicket {
        device_id: device.map(|d| d.id),
        facts,
        description: text("description", &body.description)?,
        created_at: instant("created_at", body.created_at.as_deref())?,
    };
    let (policies, _) = state.db.sla_policies(operator_id).await?;
    let now = tutela_db::now_us();
    let summarizer = |facts: &TicketFacts, history: &[TicketEvent]| summarize(&policies, facts, history, now);
    let ticket = state.db.create_ticket(operator_id, &new, &caller.actor()?, &summarizer).await?;
    full_view(state, caller, &ticket.id).await
}

/// Opens a service ticket; the first policy whose conditions hold applies, and its clocks start.
#[utoipa::path(post, path = "/api/v1/tickets", tag = "service", request_body = TicketBody,
    responses((status = 201, body = TicketView), (status = 400, body = Problem),
        (status = 404, body = Problem, description = "No such device"), (status = 409, body = Problem)))]
pub async fn open_ticket(
    State(state): State<AppState>,
    caller: Caller,
    Json(body): Json<TicketBody>,
) -> ApiResult<(StatusCode, Json<TicketView>)> {
    Ok((StatusCode::CREATED, Json(open_as(&state, &caller, body).await?)))
}

/// Which tickets.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct TicketQuery {
    /// Only open tickets, soonest due first (default); `false`: all, newest first.
    pub open: Option<bool>,
    /// Only this device's.
    pub device: Option<String>,
    /// At most this many (1 to 500, default 100).
    pub limit: Option<u32>,
}

/// The operator's tickets: open ones closest to breach first.
#[utoipa::path(get, path = "/api/v1/tickets", tag = "service", params(TicketQuery),
    responses((status = 200, body = Vec<TicketView>), (status = 400, body = Problem)))]
pub async fn list_tickets(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<TicketQuery>,
) -> ApiResult<Json<Vec<TicketView>>> {
    let limit = crate::api::page_size_up_to(query.limit, tutela_db::service::MAX_SERVICE_PAGE)?;
    let operator_id = &caller.operator().id;
    let device = match &query.device {
        Some(id) => Some(state.db.device(operator_id, id).await?.0.id),
        None => None,
    };
    let tickets = state.db.list_tickets(operator_id, query.open.unwrap_or(true), device.as_deref(), limit).await?;
    Ok(Json(tickets.iter().map(ticket_view).collect()))
}

/// One ticket with each target's clock, the escalations and the history.
#[utoipa::path(get, path = "/api/v1/tickets/{ticket}", tag = "service",
    params(("ticket" = String, Path, description = "Its id or reference")),
    responses((status = 200, body = TicketView), (status = 404, body = Problem)))]
pub async fn get_ticket(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<TicketView>> {
    Ok(Json(full_view(&state, &caller, &id).await?))
}

/// An event to record.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventBody {
    /// `responded`, `arrived`, `waiting_customer`, `customer_replied`, `resolved`, `reopened` or
    /// `closed`.
    pub kind: String,
    /// When it happened (RFC 3339; now when absent; may be earlier than events already recorded).
    pub at: Option<String>,
    /// A note.
    #[serde(default)]
    pub note: String,
}

/// Records an event as `caller` and returns the ticket with its clocks recomputed.
pub async fn record_as(state: &AppState, caller: &Caller, id: &str, body: EventBody) -> ApiResult<TicketView> {
    let kind: EventKind = parse_body("kind", serde_json::Value::String(body.kind.clone()))?;
    if kind == EventKind::Created {
        return Err(ApiError::invalid("kind: a ticket is created once, by POST /api/v1/tickets"));
    }
    let at = instant("at", body.at.as_deref())?;
    let now = tutela_db::now_us();
    if at > now {
        return Err(ApiError::invalid(format!("at: {at} is in the future")));
    }
    let operator_id = &caller.operator().id;
    if kind == EventKind::Closed
        && let Some(report) = state.db.service_report(operator_id, id).await?
        && report.confirmation.is_none()
    {
        return Err(ApiError::conflict(
            "the ticket has a service report the customer has not confirmed: it is closed with \
             POST /api/v1/tickets/{ticket}/close once they have",
        ));
    }
    let (policies, _) = state.db.sla_policies(operator_id).await?;
    let summarizer = |facts: &TicketFacts, history: &[TicketEvent]| summarize(&policies, facts, history, now);
    let event = TicketEvent { at, kind };
    let note = text("note", &body.note)?;
    state.db.record_ticket_event(operator_id, id, event, &note, &caller.actor()?, &summarizer).await?;
    full_view(state, caller, id).await
}

/// Records what happened to a ticket (possibly back-dated: the clocks are derived from the whole
/// history again). An arrival before the ticket was created is refused, and nothing is written.
#[utoipa::path(post, path = "/api/v1/tickets/{ticket}/events", tag = "service", request_body = EventBody,
    params(("ticket" = String, Path, description = "Its id or reference")),
    responses((status = 200, body = TicketView), (status = 400, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "The history would be impossible")))]
pub async fn record_event(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<EventBody>,
) -> ApiResult<Json<TicketView>> {
    Ok(Json(record_as(&state, &caller, &id, body).await?))
}
