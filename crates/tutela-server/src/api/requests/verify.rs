//! Verifying that the requester is the subject, or acts for them, before data is returned or
//! changed (`tutela_core::request::status`):
//!
//! - `POST /api/v1/requests/{id}/verify` records who verified, by which method and what was
//!   checked, as an event in the request's history;
//! - a one-time code e-mailed to the address the request gives ([`send_code`], `POST
//!   /api/v1/requests/{id}/code`, and the portal after filing) and entered by the requester
//!   ([`enter_code`], the portal's form, or `POST /api/v1/requests/{id}/code/check` for an operator's
//!   own front end): six digits, valid [`CODE_LIMITS`]`.ttl_ms`, at most `max_attempts` wrong
//!   entries per code and `max_codes` codes per request; only its digest is kept.

use axum::extract::State;
use serde::Deserialize;
use tutela_core::journal::Actor;
use tutela_core::request::status::{self, RequestStatus};
use tutela_db::{CodeCheck, CodeLimits, IssuedCode, Operator, RequestRecord, StatusChange};
use utoipa::ToSchema;

use super::{RequestView, clean_note, view};
use crate::app::AppState;
use crate::auth::Caller;
use crate::extract::{Json, Path};
use crate::problem::{ApiError, ApiResult, Problem};

/// How staff verified a requester: an identity document seen (152-FZ art. 14(3) asks for its
/// details), data points matched against what the operator holds (the CCPA's two or three), or a
/// representative's authority document checked with the subject's identity.
pub const METHODS: [&str; 3] = ["document", "known_account", "representative"];

/// The limits of one-time codes: 30 minutes, 5 codes per request, 5 wrong entries per code.
pub const CODE_LIMITS: CodeLimits = CodeLimits { ttl_ms: 30 * 60 * 1000, max_codes: 5, max_attempts: 5 };

/// What was checked.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyBody {
    /// `document`, `known_account` or `representative`.
    pub method: String,
    /// What was checked (which document, which data points matched): 1 to 2000 characters. Do not
    /// copy document numbers here.
    pub note: String,
}

/// Records that the requester's identity is verified; the request may then be carried out.
#[utoipa::path(post, path = "/api/v1/requests/{id}/verify", tag = "requests", request_body = VerifyBody,
    params(("id" = String, Path, description = "Request id or reference")),
    responses((status = 200, body = RequestView), (status = 400, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "Already verified, or closed")))]
pub async fn verify_request(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<VerifyBody>,
) -> ApiResult<Json<RequestView>> {
    verify(&state, &caller, &id, &body.method, &body.note).await.map(Json)
}

/// Verifies one of the caller's requests: what the API's route and the console's form both do.
pub async fn verify(state: &AppState, caller: &Caller, id: &str, method: &str, note: &str) -> ApiResult<RequestView> {
    if !METHODS.contains(&method) {
        return Err(ApiError::invalid(format!("method: \"{method}\" is not one of {}", METHODS.join(", "))));
    }
    let note = format!("identity verified ({method}): {}", clean_note(note)?);
    let record = state.db.request(&caller.operator().id, id).await?;
    let change =
        StatusChange { status: RequestStatus::Verified.as_str(), note: &note, complete_clock: false, answer: None };
    let changed = state
        .db
        .change_request(&caller.operator().id, &record.id, &caller.actor()?, change, super::allow(status::may_verify))
        .await?;
    let events = state.db.request_events(&caller.operator().id, &changed.id).await?;
    Ok(view(changed, events, Vec::new()))
}

/// The e-mail address a request gives, where its code goes.
fn email_of(request: &RequestRecord) -> ApiResult<String> {
    request
        .identities
        .get("email")
        .and_then(|value| value.as_str())
        .map(str::to_owned)
        .ok_or_else(|| ApiError::unprocessable("the request gives no e-mail address to send a code to"))
}

/// Sends a new one-time code for the request to the e-mail address it gives.
pub async fn send_code(state: &AppState, operator: &Operator, id: &str, actor: &Actor) -> ApiResult<IssuedCode> {
    let request = state.db.request(&operator.id, id).await?;
    let email = email_of(&request)?;
    let issued = state.db.issue_request_code(&operator.id, &request.id, &email, CODE_LIMITS, actor).await?;
    state.wake_scheduler();
    Ok(issued)
}

/// Checks a code the requester entered; a right one verifies the request.
pub async fn enter_code(
    state: &AppState,
    operator: &Operator,
    id: &str,
    code: &str,
    actor: &Actor,
) -> ApiResult<CodeCheck> {
    let code = code.trim();
    if code.len() != tutela_db::secrets::CODE_DIGITS as usize || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(ApiError::invalid(format!(
            "code: expected the {} digits of the code sent by e-mail",
            tutela_db::secrets::CODE_DIGITS
        )));
    }
    let request = state.db.request(&operator.id, id).await?;
    Ok(state.db.check_request_code(&operator.id, &request.id, code, CODE_LIMITS, actor).await?)
}

/// A code sent.
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct CodeSent {
    /// Until when it may be entered (RFC 3339).
    pub expires_at: String,
    /// How many codes were sent for the request, this one included (at most 5).
    pub codes_sent: u32,
}

/// Sends the requester a one-time code at the e-mail address the request gives.
#[utoipa::path(post, path = "/api/v1/requests/{id}/code", tag = "requests",
    params(("id" = String, Path, description = "Request id or reference")),
    responses((status = 200, body = CodeSent), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "Not awaiting verification, or too many codes sent"),
        (status = 422, body = Problem, description = "The request gives no e-mail address")))]
pub async fn send_code_route(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<CodeSent>> {
    let issued = send_code(&state, caller.operator(), &id, &caller.actor()?).await?;
    Ok(Json(CodeSent { expires_at: issued.expires_at.to_string(), codes_sent: issued.codes_sent }))
}

/// A code the requester entered in the operator's own front end.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CodeBody {
    /// The six digits.
    pub code: String,
}

/// What a code entered did.
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct CodeChecked {
    /// Whether the request is now verified.
    pub verified: bool,
    /// Wrong codes that may still be entered (when not verified).
    pub attempts_left: u32,
}

/// Checks a code the requester entered; a right one verifies the request.
#[utoipa::path(post, path = "/api/v1/requests/{id}/code/check", tag = "requests", request_body = CodeBody,
    params(("id" = String, Path, description = "Request id or reference")),
    responses((status = 200, body = CodeChecked), (status = 400, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "No code, expired, used, or too many wrong codes")))]
pub async fn check_code_route(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<CodeBody>,
) -> ApiResult<Json<CodeChecked>> {
    let checked = enter_code(&state, caller.operator(), &id, &body.code, &caller.actor()?).await?;
    Ok(Json(match checked {
        CodeCheck::Verified => CodeChecked { verified: true, attempts_left: 0 },
        CodeCheck::Wrong { attempts_left } => CodeChecked { verified: false, attempts_left },
    }))
}
