//! Verifying that the requester is the subject, or acts for them, before data is returned or
//! changed (`tutela_core::request::status`): `POST /api/v1/requests/{id}/verify` records who
//! verified, by which method and what was checked, as an event in the request's history.

use axum::extract::State;
use serde::Deserialize;
use tutela_core::request::status::{self, RequestStatus};
use tutela_db::StatusChange;
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
    let change = StatusChange { status: RequestStatus::Verified.as_str(), note: &note, complete_clock: false };
    let changed = state
        .db
        .change_request(&caller.operator().id, &record.id, &caller.actor()?, change, |current| {
            let current: RequestStatus = current.status.parse().map_err(|e: status::UnknownStatus| e.to_string())?;
            status::may_verify(current).map_err(|e| e.0)
        })
        .await?;
    let events = state.db.request_events(&caller.operator().id, &changed.id).await?;
    Ok(view(changed, events, Vec::new()))
}
