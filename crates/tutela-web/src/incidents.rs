//! Incidents in the console: the register with a form to record a new incident, and one incident
//! with each notice the law requires: its recipient, article, clock and draft, and a form to record
//! it as sent. Registering and recording go through the API's own `register` and `record_sent`.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tutela_core::staff::Permission;
use tutela_server::api::incidents::{IncidentView, NoticeSent, RegisterIncident, read, record_sent, register};
use tutela_server::app::AppState;
use tutela_server::auth::Caller;

use crate::console::{allowed, allowed_form, message_page};
use crate::frame::Frame;
use crate::session::{has_frame, render};

/// Most incidents listed.
const LISTED: u32 = 100;

#[derive(Template)]
#[template(path = "incidents.html")]
struct IncidentsPage {
    frame: Frame,
    incidents: Vec<IncidentView>,
    error: Option<String>,
}

has_frame!(IncidentsPage);

/// `GET /console/incidents`.
pub async fn list(State(state): State<AppState>, frame: Frame) -> Response {
    let caller = match allowed(&frame, Permission::HandleIncidents) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    list_page(&state, frame, &caller, None, StatusCode::OK).await
}

async fn list_page(
    state: &AppState,
    frame: Frame,
    caller: &Caller,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    match state.db.list_incidents(&caller.operator().id, LISTED).await {
        Ok(records) => {
            let incidents = records.into_iter().map(|record| IncidentView::new(record, vec![])).collect();
            render(&IncidentsPage { frame, incidents, error }, status)
        }
        Err(error) => message_page(&frame, StatusCode::SERVICE_UNAVAILABLE, error.to_string()),
    }
}

/// The register form.
#[derive(Debug, Deserialize)]
pub struct IncidentFields {
    description: String,
    /// `datetime-local`, in UTC.
    discovered_at: String,
    #[serde(default)]
    systems: String,
    #[serde(default)]
    data_categories: String,
    estimated_subjects: String,
    #[serde(default)]
    high_risk: Option<String>,
    #[serde(default)]
    measures: String,
    csrf: String,
}

fn split(list: &str) -> Vec<String> {
    list.split(',').map(str::trim).filter(|item| !item.is_empty()).map(str::to_owned).collect()
}

/// `POST /console/incidents`: registers an incident and opens it.
pub async fn create(State(state): State<AppState>, frame: Frame, Form(fields): Form<IncidentFields>) -> Response {
    let caller = match allowed_form(&frame, Permission::HandleIncidents, &fields.csrf) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    let Ok(estimated_subjects) = fields.estimated_subjects.trim().parse::<u64>() else {
        let error = frame.t.m("web-incident-subjects-invalid");
        return list_page(&state, frame, &caller, Some(error), StatusCode::BAD_REQUEST).await;
    };
    // A `datetime-local` value has no zone: the form says it is UTC.
    let discovered = fields.discovered_at.trim();
    let discovered_at = if discovered.len() == 16 { format!("{discovered}:00Z") } else { discovered.to_owned() };
    let request = RegisterIncident {
        description: fields.description,
        discovered_at,
        systems: split(&fields.systems),
        stores: vec![],
        data_categories: split(&fields.data_categories),
        estimated_subjects,
        high_risk: fields.high_risk.is_some(),
        jurisdictions: vec![],
        cn_large_scale: false,
        critical_infrastructure: false,
        measures: fields.measures,
        promise_days: None,
    };
    match register(&state, &caller, request).await {
        Ok(id) => Redirect::to(&format!("/console/incidents/{id}")).into_response(),
        Err(problem) => {
            let status = problem.status();
            list_page(&state, frame, &caller, Some(problem.problem().detail), status).await
        }
    }
}

#[derive(Template)]
#[template(path = "incident.html")]
struct IncidentPage {
    frame: Frame,
    incident: IncidentView,
    error: Option<String>,
}

has_frame!(IncidentPage);

/// `GET /console/incidents/{id}`.
pub async fn show(State(state): State<AppState>, frame: Frame, Path(id): Path<String>) -> Response {
    let caller = match allowed(&frame, Permission::HandleIncidents) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    show_page(&state, frame, &caller, &id, None, StatusCode::OK).await
}

async fn show_page(
    state: &AppState,
    frame: Frame,
    caller: &Caller,
    id: &str,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    match read(state, caller, id).await {
        Ok(incident) => render(&IncidentPage { frame, incident, error }, status),
        Err(problem) => message_page(&frame, problem.status(), problem.problem().detail),
    }
}

/// The sent form.
#[derive(Debug, Deserialize)]
pub struct SentFields {
    how: String,
    csrf: String,
}

/// `POST /console/incidents/{id}/notices/{duty}/sent`: records the notice as sent now.
pub async fn sent(
    State(state): State<AppState>,
    frame: Frame,
    Path((id, duty)): Path<(String, String)>,
    Form(fields): Form<SentFields>,
) -> Response {
    let caller = match allowed_form(&frame, Permission::HandleIncidents, &fields.csrf) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    match record_sent(&state, &caller, &id, &duty, NoticeSent { how: fields.how, at: None }).await {
        Ok(()) => Redirect::to(&format!("/console/incidents/{id}")).into_response(),
        Err(problem) => {
            let status = problem.status();
            show_page(&state, frame, &caller, &id, Some(problem.problem().detail), status).await
        }
    }
}
