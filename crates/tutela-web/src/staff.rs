//! Staff and API tokens in the console: who may sign in with which roles, every token with its
//! roles, expiry and whether it was revoked; issuing a token (its secret shown once) and revoking
//! one, through the API's own `issue_token` and `revoke_token`.

use askama::Template;
use axum::Form;
use axum::extract::{Path, RawForm, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tutela_core::staff::{Permission, Role};
use tutela_server::api::staff::{IssueToken, StaffView, TokenView, issue_token, revoke_token};
use tutela_server::app::AppState;
use tutela_server::auth::Caller;
use tutela_server::extract::Json;

use crate::console::{allowed, allowed_form, message_page};
use crate::frame::Frame;
use crate::session::{has_frame, render};

/// Most staff members and tokens listed.
const LISTED: u32 = 200;

#[derive(Template)]
#[template(path = "staff.html")]
struct StaffPage {
    frame: Frame,
    staff: Vec<StaffView>,
    /// The tokens, when the caller may manage them.
    tokens: Option<Vec<TokenView>>,
    roles: Vec<&'static str>,
    /// A token just issued: its name and secret, shown once.
    issued: Option<(String, String)>,
    error: Option<String>,
}

has_frame!(StaffPage);

/// `GET /console/staff`.
pub async fn list(State(state): State<AppState>, frame: Frame) -> Response {
    let caller = match allowed(&frame, Permission::ReadStaff) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    page(&state, frame, &caller, None, None, StatusCode::OK).await
}

async fn page(
    state: &AppState,
    frame: Frame,
    caller: &Caller,
    issued: Option<(String, String)>,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let operator_id = &caller.operator().id;
    let staff = match state.db.list_staff(operator_id, None, LISTED).await {
        Ok(staff) => staff.into_iter().map(StaffView::from).collect(),
        Err(error) => return message_page(&frame, StatusCode::SERVICE_UNAVAILABLE, error.to_string()),
    };
    let tokens = match caller.require(Permission::ManageStaff) {
        Ok(()) => match state.db.list_tokens(operator_id, None, LISTED).await {
            Ok(tokens) => Some(tokens.into_iter().map(TokenView::from).collect()),
            Err(error) => return message_page(&frame, StatusCode::SERVICE_UNAVAILABLE, error.to_string()),
        },
        Err(_) => None,
    };
    let roles = Role::ALL.iter().map(|role| role.as_str()).collect();
    render(&StaffPage { frame, staff, tokens, roles, issued, error }, status)
}

/// The token form: a name, the roles (checkboxes, so `role` repeats) and days to expiry.
#[derive(Debug, Default)]
struct TokenFields {
    name: String,
    role: Vec<String>,
    expires_in_days: String,
    csrf: String,
}

impl TokenFields {
    /// Reads the form; serde's URL-encoded forms take no repeated field, so it is read pair by pair.
    fn parse(body: &[u8]) -> TokenFields {
        let mut fields = TokenFields::default();
        for (key, value) in url::form_urlencoded::parse(body) {
            match key.as_ref() {
                "name" => fields.name = value.into_owned(),
                "role" => fields.role.push(value.into_owned()),
                "expires_in_days" => fields.expires_in_days = value.into_owned(),
                "csrf" => fields.csrf = value.into_owned(),
                _ => {}
            }
        }
        fields
    }
}

/// `POST /console/tokens`: issues a token and shows its secret once.
pub async fn issue(State(state): State<AppState>, frame: Frame, RawForm(body): RawForm) -> Response {
    let fields = TokenFields::parse(&body);
    let caller = match allowed_form(&frame, Permission::ManageStaff, &fields.csrf) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    let expires_in_days = match fields.expires_in_days.trim() {
        "" => None,
        days => match days.parse() {
            Ok(days) => Some(days),
            Err(_) => {
                let error = frame.t.m("web-token-days-invalid");
                return page(&state, frame, &caller, None, Some(error), StatusCode::BAD_REQUEST).await;
            }
        },
    };
    let request = IssueToken { name: fields.name, roles: fields.role, expires_in_days };
    match issue_token(State(state.clone()), caller.clone(), Json(request)).await {
        Ok((_, issued)) => {
            let issued = Some((issued.0.token.name, issued.0.secret));
            page(&state, frame, &caller, issued, None, StatusCode::CREATED).await
        }
        Err(problem) => {
            let status = problem.status();
            page(&state, frame, &caller, None, Some(problem.problem().detail), status).await
        }
    }
}

/// The revoke form.
#[derive(Debug, Deserialize)]
pub struct RevokeFields {
    csrf: String,
}

/// `POST /console/tokens/{id}/revoke`.
pub async fn revoke(
    State(state): State<AppState>,
    frame: Frame,
    Path(id): Path<String>,
    Form(fields): Form<RevokeFields>,
) -> Response {
    let caller = match allowed_form(&frame, Permission::ManageStaff, &fields.csrf) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    match revoke_token(State(state.clone()), caller.clone(), tutela_server::extract::Path(id)).await {
        Ok(_) => Redirect::to("/console/staff").into_response(),
        Err(problem) => {
            let status = problem.status();
            page(&state, frame, &caller, None, Some(problem.problem().detail), status).await
        }
    }
}
