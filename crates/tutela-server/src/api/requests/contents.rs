//! Checking a request's required contents (`tutela_core::request::contents`): staff record which
//! items the letter carries (`POST /api/v1/requests/{id}/contents`). When an item is missing the
//! requester is asked for it in their language (e-mailed through the outbox, or printed for a
//! paper letter from the history's note) and, where the law's rule says so, the request's clock is
//! paused; when everything is there, a paused clock runs again.

use axum::extract::State;
use serde::{Deserialize, Serialize};
use tutela_core::request::Jurisdiction;
use tutela_core::request::contents::{self, RequiredItem};
use tutela_core::request::status::RequestStatus;
use tutela_db::NewAnswer;
use utoipa::ToSchema;

use super::{RequestView, load};
use crate::api::clocks;
use crate::app::AppState;
use crate::auth::Caller;
use crate::extract::{Json, Path};
use crate::problem::{ApiError, ApiResult, Problem};

/// The items the request carries.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContentsBody {
    /// The ids of the items present, e.g. `["id_document", "signature"]` (152-FZ: `id_document`,
    /// `relationship`, `signature`).
    pub present: Vec<String>,
}

/// What the check found.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContentsView {
    /// The ids of the items missing; empty when the request is complete.
    pub missing: Vec<String>,
    /// The article that requires them.
    pub article: String,
    /// Whether the request's clock is paused until they arrive.
    pub clock_paused: bool,
    /// The request, with the note in its history.
    pub request: RequestView,
}

/// Records which required items a request carries.
#[utoipa::path(post, path = "/api/v1/requests/{id}/contents", tag = "requests", request_body = ContentsBody,
    params(("id" = String, Path, description = "Request id or reference")),
    responses((status = 200, body = ContentsView), (status = 400, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "The request is closed"),
        (status = 422, body = Problem, description = "The request's law requires no particular contents")))]
pub async fn check_contents(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<ContentsBody>,
) -> ApiResult<Json<ContentsView>> {
    check(&state, &caller, &id, &body.present).await.map(Json)
}

/// Checks the contents of one of the caller's requests: what the API's route does.
pub async fn check(state: &AppState, caller: &Caller, id: &str, present: &[String]) -> ApiResult<ContentsView> {
    let operator = caller.operator();
    let request = state.db.request(&operator.id, id).await?;
    let status: RequestStatus = request.status.parse().map_err(ApiError::internal)?;
    if status.is_closed() {
        return Err(ApiError::conflict(format!("it is already {status}; a closed request is not checked")));
    }
    let jurisdiction: Jurisdiction = request.jurisdiction.parse().map_err(ApiError::internal)?;
    let rule = contents::contents_rule(jurisdiction).ok_or_else(|| {
        ApiError::unprocessable(format!("{jurisdiction} names no required contents of a request; verify the requester"))
    })?;
    let missing = contents::missing(rule, present).map_err(ApiError::invalid)?;
    let paused_now = match &request.clock_id {
        Some(clock_id) => state.db.clock(&operator.id, clock_id).await?.clock.paused_since().is_some(),
        None => false,
    };
    let actor = caller.actor()?;
    let clock_paused = if missing.is_empty() {
        if let (true, Some(clock_id)) = (paused_now, &request.clock_id) {
            clocks::resume(state, caller, clock_id).await?;
        }
        let note = format!("required contents complete ({})", rule.article);
        state.db.add_request_note(&operator.id, &request.id, &actor, &note, None).await?;
        false
    } else {
        let pause = rule.pauses_clock && !paused_now;
        if let (true, Some(clock_id)) = (pause, &request.clock_id) {
            clocks::pause(state, caller, clock_id).await?;
        }
        let ids: Vec<&str> = missing.iter().map(|item| item.id).collect();
        let operator_name = super::answer::operator_name(state, operator, &request.language).await?;
        let letter = completion_letter(&operator_name, &request, rule.article, &missing);
        let note = format!(
            "request for completion sent{}: missing {} ({}){}\n\n{}",
            letter.send_to.as_ref().map_or(String::new(), |to| format!(" to {to}")),
            ids.join(", "),
            rule.article,
            if rule.pauses_clock { "; the clock is paused until they arrive" } else { "" },
            letter.body
        );
        state.db.add_request_note(&operator.id, &request.id, &actor, &note, Some(&letter)).await?;
        rule.pauses_clock && request.clock_id.is_some()
    };
    state.wake_scheduler();
    Ok(ContentsView {
        missing: missing.iter().map(|item| item.id.to_owned()).collect(),
        article: rule.article.to_owned(),
        clock_paused,
        request: load(state, caller, &request.id).await?,
    })
}

/// The request for completion in the requester's language.
fn completion_letter(
    operator_name: &str,
    request: &tutela_db::RequestRecord,
    article: &str,
    missing: &[RequiredItem],
) -> NewAnswer {
    let words = super::answer::LetterWords::of(request);
    let items: Vec<String> =
        missing.iter().map(|item| format!("- {}", words.say(&format!("completion-item-{}", item.id), &[]))).collect();
    let received = request.received_at.strftime("%Y-%m-%d").to_string();
    let subject = words.say("completion-subject", &[("operator", operator_name), ("reference", &request.reference)]);
    let body = words.say(
        "completion-body",
        &[
            ("reference", &request.reference),
            ("received", &received),
            ("article", article),
            ("items", &items.join("\n")),
        ],
    );
    words.letter(request, subject, body)
}
