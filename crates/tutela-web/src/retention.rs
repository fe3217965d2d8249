//! The destruction schedule in the console: every running destruction clock with its subject,
//! reason, when the destruction runs and its deadline, and a button that runs the due ones now
//! (as the background task does every ten minutes), through `tutela_server::api::retention`.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use tutela_core::staff::Permission;
use tutela_server::api::requests::fulfil::Acting;
use tutela_server::api::retention::{DestructionRun, ScheduledDestruction, run_due, schedule};
use tutela_server::app::AppState;
use tutela_server::auth::Caller;

use crate::console::{allowed, allowed_form, message_page};
use crate::frame::Frame;
use crate::session::{has_frame, render};

#[derive(Template)]
#[template(path = "retention.html")]
struct RetentionPage {
    frame: Frame,
    items: Vec<ScheduledDestruction>,
    /// What a run just did.
    runs: Option<Vec<DestructionRun>>,
}

has_frame!(RetentionPage);

/// `GET /console/retention`.
pub async fn show(State(state): State<AppState>, frame: Frame) -> Response {
    let caller = match allowed(&frame, Permission::ReadRequests) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    page(&state, frame, &caller, None).await
}

async fn page(state: &AppState, frame: Frame, caller: &Caller, runs: Option<Vec<DestructionRun>>) -> Response {
    match schedule(State(state.clone()), caller.clone()).await {
        Ok(items) => render(&RetentionPage { frame, items: items.0, runs }, StatusCode::OK),
        Err(problem) => message_page(&frame, problem.status(), problem.problem().detail),
    }
}

/// The run form.
#[derive(Debug, Deserialize)]
pub struct RunFields {
    csrf: String,
}

/// `POST /console/retention/run`: runs the due destructions now and shows what they did.
pub async fn run(State(state): State<AppState>, frame: Frame, Form(fields): Form<RunFields>) -> Response {
    let caller = match allowed_form(&frame, Permission::WorkRequests, &fields.csrf) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    let acting = match Acting::of(&caller) {
        Ok(acting) => acting,
        Err(problem) => return message_page(&frame, problem.status(), problem.problem().detail),
    };
    match run_due(&state, &acting).await {
        Ok(runs) => page(&state, frame, &caller, Some(runs)).await,
        Err(problem) => message_page(&frame, problem.status(), problem.problem().detail),
    }
}
