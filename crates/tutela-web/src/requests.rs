//! The request log in the console: the newest requests with their status and deadline, and one
//! request with its history and the forms that complete or refuse it, through the API's own
//! `tutela_server::api::requests` functions.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use tutela_core::staff::Permission;
use tutela_server::api::requests::{self, RequestView};
use tutela_server::app::AppState;
use tutela_server::auth::Caller;

use crate::console::{allowed, message_page};
use crate::frame::Frame;
use crate::session::{HasFrame, render};

/// Requests on the list page.
const LIST_REQUESTS: u32 = 100;

#[derive(Template)]
#[template(path = "requests.html")]
struct RequestsPage {
    frame: Frame,
    requests: Vec<RequestView>,
    /// The last request's id when the page is full: where the older ones start.
    older: Option<String>,
}

/// Which page of the log.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    /// Requests older than this one (its id); the newest when absent.
    after: Option<String>,
}

impl HasFrame for RequestsPage {
    fn frame(&self) -> &Frame {
        &self.frame
    }
}

/// `GET /console/requests`.
pub async fn list(State(state): State<AppState>, frame: Frame, Query(query): Query<ListQuery>) -> Response {
    let caller = match allowed(&frame, Permission::ReadRequests) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    match requests::page(&state, &caller, query.after.as_deref(), LIST_REQUESTS).await {
        Ok(requests) => {
            let full = requests.len() == LIST_REQUESTS as usize;
            let older = requests.last().filter(|_| full).map(|last| last.id.clone());
            render(&RequestsPage { frame, requests, older }, StatusCode::OK)
        }
        Err(problem) => message_page(&frame, problem.status(), problem.problem().detail),
    }
}

#[derive(Template)]
#[template(path = "request.html")]
struct RequestPage {
    frame: Frame,
    request: RequestView,
    csrf: String,
    may_work: bool,
    notice: Option<String>,
    error: Option<String>,
}

impl HasFrame for RequestPage {
    fn frame(&self) -> &Frame {
        &self.frame
    }
}

/// `GET /console/requests/{id}`.
pub async fn show(State(state): State<AppState>, frame: Frame, Path(id): Path<String>) -> Response {
    let caller = match allowed(&frame, Permission::ReadRequests) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    page(&state, frame, &caller, &id, None, None).await
}

async fn page(
    state: &AppState,
    frame: Frame,
    caller: &Caller,
    id: &str,
    notice: Option<String>,
    error: Option<(StatusCode, String)>,
) -> Response {
    let request = match requests::load(state, caller, id).await {
        Ok(request) => request,
        Err(problem) if problem.status() == StatusCode::NOT_FOUND => {
            return message_page(&frame, StatusCode::NOT_FOUND, frame.t.m("web-not-found"));
        }
        Err(problem) => return message_page(&frame, problem.status(), problem.problem().detail),
    };
    let csrf = frame.csrf();
    let may_work = caller.require(Permission::WorkRequests).is_ok();
    let (status, error) = match error {
        Some((status, detail)) => (status, Some(detail)),
        None => (StatusCode::OK, None),
    };
    render(&RequestPage { frame, request, csrf, may_work, notice, error }, status)
}

/// The form that closes a request.
#[derive(Debug, Deserialize)]
pub struct CloseForm {
    outcome: String,
    note: String,
    csrf: String,
}

/// `POST /console/requests/{id}/close`: `completed` or `refused`, through `requests::close`.
pub async fn close(
    State(state): State<AppState>,
    frame: Frame,
    Path(id): Path<String>,
    Form(form): Form<CloseForm>,
) -> Response {
    let caller = match allowed(&frame, Permission::WorkRequests) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    if form.csrf.is_empty() || form.csrf != frame.csrf() {
        return message_page(&frame, StatusCode::FORBIDDEN, frame.t.m("web-form-expired"));
    }
    let Some(outcome) = requests::CLOSING_STATUSES.into_iter().find(|status| *status == form.outcome) else {
        return message_page(&frame, StatusCode::BAD_REQUEST, frame.t.m("web-error-title"));
    };
    match requests::close(&state, &caller, &id, outcome, &form.note).await {
        Ok(_) => {
            let notice = frame.t.m(&format!("web-request-{outcome}"));
            page(&state, frame, &caller, &id, Some(notice), None).await
        }
        Err(problem) => {
            page(&state, frame, &caller, &id, None, Some((problem.status(), problem.problem().detail))).await
        }
    }
}
