//! Extending a request's deadline as its law allows (`tutela_core::request::may_extend`): once,
//! by the rule's extension, with the reasons told to the subject within the first period (GDPR
//! art. 12(3): two further months, notified within one month; 152-FZ art. 14(3), 20(1): five
//! working days with a reasoned notice; CCPA 11 CCR §7021(b): 45 more days). A law without an
//! extension, a second extension, or a notice after the first period is refused and says why.
//!
//! The request's clock moves by the rule's extension from its current due instant, the
//! clocks API's own extension; the history of the request records the reason.

use axum::extract::State;
use serde::Deserialize;
use tutela_core::clock::ClockEvent;
use tutela_core::request::status::{self, RequestStatus};
use tutela_core::request::{self, Jurisdiction, RequestType};
use tutela_db::StatusChange;
use utoipa::ToSchema;

use super::{RequestView, clean_note, load};
use crate::api::clocks::{self, ExtendClock};
use crate::app::AppState;
use crate::auth::Caller;
use crate::extract::{Json, Path};
use crate::problem::{ApiError, ApiResult, Problem};

/// Why the deadline is extended.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtendBody {
    /// The reasons, as told to the subject (the law requires them): 1 to 1000 characters.
    pub reason: String,
}

/// Extends the request's deadline by its law's extension.
#[utoipa::path(post, path = "/api/v1/requests/{id}/extend", tag = "requests", request_body = ExtendBody,
    params(("id" = String, Path, description = "Request id or reference")),
    responses((status = 200, body = RequestView), (status = 400, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "The law allows no (further) extension now, or the request is closed")))]
pub async fn extend_request(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<ExtendBody>,
) -> ApiResult<Json<RequestView>> {
    extend(&state, &caller, &id, &body.reason).await.map(Json)
}

/// Extends one of the caller's requests: what the API's route and the console's form both do.
pub async fn extend(state: &AppState, caller: &Caller, id: &str, reason: &str) -> ApiResult<RequestView> {
    let reason = clean_note(reason)?;
    let operator = caller.operator();
    let record = state.db.request(&operator.id, id).await?;
    let current: RequestStatus = record.status.parse().map_err(ApiError::internal)?;
    if current.is_closed() {
        return Err(ApiError::conflict(format!("it is already {current}; a closed request is not extended")));
    }
    let jurisdiction: Jurisdiction = record.jurisdiction.parse().map_err(ApiError::internal)?;
    let request_type: RequestType = record.request_type.parse().map_err(ApiError::internal)?;
    let (Some(rule), Some(clock_id)) = (request::closing_rule(jurisdiction, request_type), &record.clock_id) else {
        return Err(ApiError::conflict("the request has no statutory deadline to extend"));
    };
    let extension = rule.extension().ok_or_else(|| {
        ApiError::conflict(format!(
            "{request_type} requests under {jurisdiction} cannot be extended: {} allows no extension",
            rule.article
        ))
    })?;
    let clock = state.db.clock(&operator.id, clock_id).await?;
    if clock.clock.history().iter().any(|event| matches!(event, ClockEvent::Extended { .. })) {
        return Err(ApiError::conflict(format!(
            "the deadline was extended already; {} allows one extension",
            extension.article
        )));
    }
    let calendar = clocks::clock_calendar(state, caller, clock_id).await?;
    request::may_extend(rule, record.received_at, tutela_db::now_us(), &calendar).map_err(ApiError::conflict)?;
    let by = extension.duration.to_owned();
    clocks::extend(state, caller, clock_id, &ExtendClock { by: by.clone(), reason: reason.clone() }).await?;
    let note = format!("deadline extended by {by} ({}): {reason}", extension.article);
    let change = StatusChange { status: current.as_str(), note: &note, complete_clock: false, answer: None };
    state
        .db
        .change_request(
            &operator.id,
            &record.id,
            &caller.actor()?,
            change,
            super::allow(|now| match now.is_closed() {
                true => Err(status::StepRefused(format!("it is already {now}"))),
                false => Ok(()),
            }),
        )
        .await?;
    state.wake_scheduler();
    load(state, caller, &record.id).await
}
