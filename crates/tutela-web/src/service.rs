//! The service desk in the console: open tickets closest to breach first (and the latest closed),
//! and one ticket with each target's clock, the escalations, the history and a form to record what
//! happened (possibly back-dated), through `tutela_server::api::service`.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tutela_core::staff::Permission;
use tutela_server::api::service::attainment::{AttainmentLine, DEFAULT_REPORT_DAYS, lines_for};
use tutela_server::api::service::reports::{close_as, record_callback_as};
use tutela_server::api::service::tickets::{
    EventBody, TicketBody, TicketView, full_view, open_as, record_as, ticket_view,
};
use tutela_server::api::service::{DeviceBody, DeviceView, device_view, register_as};
use tutela_server::app::AppState;

use crate::console::{allowed, allowed_form, message_page};
use crate::frame::Frame;
use crate::session::{has_frame, render};

/// Most tickets each list shows.
const LISTED: u32 = 100;
/// The kinds of ticket a clerk opens.
const TICKET_KINDS: [&str; 4] = ["repair", "complaint", "installation", "inspection"];
/// The events a clerk records from the console.
const KINDS: [&str; 7] =
    ["responded", "arrived", "waiting_customer", "customer_replied", "resolved", "reopened", "closed"];

#[derive(Template)]
#[template(path = "service.html")]
struct DeskPage {
    frame: Frame,
    open: Vec<TicketView>,
    all: Vec<TicketView>,
    /// Attainment of the last 90 days, with the share kept in words.
    attainment: Vec<(AttainmentLine, String)>,
    kinds: [&'static str; 4],
    devices: Vec<DeviceView>,
}

has_frame!(DeskPage);

/// `GET /console/service`.
pub async fn desk(State(state): State<AppState>, frame: Frame) -> Response {
    let caller = match allowed(&frame, Permission::ReadService) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    let operator_id = &caller.operator().id;
    let lists = async {
        let open = state.db.list_tickets(operator_id, true, None, LISTED).await?;
        let all = state.db.list_tickets(operator_id, false, None, LISTED).await?;
        let devices = state.db.list_devices(operator_id, None, LISTED).await?;
        Ok::<_, tutela_db::DbError>((open, all, devices))
    };
    let (open, all, devices) = match lists.await {
        Ok(lists) => lists,
        Err(error) => return message_page(&frame, StatusCode::SERVICE_UNAVAILABLE, error.to_string()),
    };
    let lines = match lines_for(&state, &caller, DEFAULT_REPORT_DAYS).await {
        Ok(lines) => lines,
        Err(problem) => return message_page(&frame, problem.status(), problem.problem().detail),
    };
    let attainment = lines
        .into_iter()
        .map(|line| {
            let share = line.attainment_percent.map(|p| format!("{p:.0} %")).unwrap_or_else(|| "-".to_owned());
            (line, share)
        })
        .collect();
    let page = DeskPage {
        open: open.iter().map(ticket_view).collect(),
        all: all.iter().map(ticket_view).collect(),
        attainment,
        kinds: TICKET_KINDS,
        devices: devices.iter().map(|d| device_view(d, None)).collect(),
        frame,
    };
    render(&page, StatusCode::OK)
}

#[derive(Template)]
#[template(path = "ticket.html")]
struct TicketPage {
    frame: Frame,
    ticket: TicketView,
    kinds: [&'static str; 7],
}

has_frame!(TicketPage);

/// `GET /console/service/tickets/{ticket}`.
pub async fn ticket(State(state): State<AppState>, frame: Frame, Path(reference): Path<String>) -> Response {
    let caller = match allowed(&frame, Permission::ReadService) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    match full_view(&state, &caller, &reference).await {
        Ok(ticket) => render(&TicketPage { frame, ticket, kinds: KINDS }, StatusCode::OK),
        Err(problem) => message_page(&frame, problem.status(), problem.problem().detail),
    }
}

/// The event form.
#[derive(Debug, Deserialize)]
pub struct EventFields {
    csrf: String,
    kind: String,
    #[serde(default)]
    note: String,
}

/// `POST /console/service/tickets/{ticket}/events`: records what happened now.
pub async fn record(
    State(state): State<AppState>,
    frame: Frame,
    Path(reference): Path<String>,
    Form(fields): Form<EventFields>,
) -> Response {
    let caller = match allowed_form(&frame, Permission::WorkService, &fields.csrf) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    let body = EventBody { kind: fields.kind, at: None, note: fields.note };
    match record_as(&state, &caller, &reference, body).await {
        Ok(_) => Redirect::to(&format!("/console/service/tickets/{reference}")).into_response(),
        Err(problem) => message_page(&frame, problem.status(), problem.problem().detail),
    }
}

/// The close and call-back forms.
#[derive(Debug, Deserialize)]
pub struct ReportFields {
    csrf: String,
    #[serde(default)]
    satisfaction: Option<u8>,
    #[serde(default)]
    note: String,
}

/// `POST /console/service/tickets/{ticket}/close`: closes a ticket whose report is confirmed.
pub async fn close(
    State(state): State<AppState>,
    frame: Frame,
    Path(reference): Path<String>,
    Form(fields): Form<ReportFields>,
) -> Response {
    let caller = match allowed_form(&frame, Permission::WorkService, &fields.csrf) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    match close_as(&state, &caller, &reference).await {
        Ok(_) => Redirect::to(&format!("/console/service/tickets/{reference}")).into_response(),
        Err(problem) => message_page(&frame, problem.status(), problem.problem().detail),
    }
}

/// `POST /console/service/tickets/{ticket}/callback`: records the customer's satisfaction.
pub async fn callback(
    State(state): State<AppState>,
    frame: Frame,
    Path(reference): Path<String>,
    Form(fields): Form<ReportFields>,
) -> Response {
    let caller = match allowed_form(&frame, Permission::WorkService, &fields.csrf) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    let satisfaction = fields.satisfaction.unwrap_or(0);
    match record_callback_as(&state, &caller, &reference, satisfaction, &fields.note).await {
        Ok(_) => Redirect::to(&format!("/console/service/tickets/{reference}")).into_response(),
        Err(problem) => message_page(&frame, problem.status(), problem.problem().detail),
    }
}

/// The form that opens a ticket.
#[derive(Debug, Deserialize)]
pub struct OpenFields {
    csrf: String,
    device: String,
    kind: String,
    #[serde(default)]
    emergency: Option<String>,
    description: String,
}

/// `POST /console/service/tickets`: opens a ticket for a registered device, reported now.
pub async fn open(State(state): State<AppState>, frame: Frame, Form(fields): Form<OpenFields>) -> Response {
    let caller = match allowed_form(&frame, Permission::WorkService, &fields.csrf) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    let body = TicketBody {
        device: Some(fields.device.trim().to_owned()),
        kind: fields.kind,
        priority: None,
        emergency: fields.emergency.is_some(),
        region: None,
        product_line: None,
        contract: None,
        description: fields.description,
        created_at: None,
    };
    match open_as(&state, &caller, body).await {
        Ok(ticket) => Redirect::to(&format!("/console/service/tickets/{}", ticket.reference)).into_response(),
        Err(problem) => message_page(&frame, problem.status(), problem.problem().detail),
    }
}

/// The form that registers a device.
#[derive(Debug, Deserialize)]
pub struct DeviceFields {
    csrf: String,
    serial: String,
    product_line: String,
    model: String,
    region: String,
    site_address: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    installed_on: String,
}

/// `POST /console/service/devices`: registers a device (delivered and installed on the day given).
pub async fn register(State(state): State<AppState>, frame: Frame, Form(fields): Form<DeviceFields>) -> Response {
    let caller = match allowed_form(&frame, Permission::WorkService, &fields.csrf) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    let optional = |text: &str| Some(text.trim().to_owned()).filter(|t| !t.is_empty());
    let installed = optional(&fields.installed_on);
    let body = DeviceBody {
        serial: fields.serial,
        product_line: fields.product_line,
        model: fields.model,
        region: fields.region,
        site_address: fields.site_address,
        subject: optional(&fields.subject),
        delivered_on: installed.clone(),
        installed_on: installed,
        accepted_on: None,
        extensions: vec![],
    };
    match register_as(&state, &caller, body).await {
        Ok(_) => Redirect::to("/console/service").into_response(),
        Err(problem) => message_page(&frame, problem.status(), problem.problem().detail),
    }
}
