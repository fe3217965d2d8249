//! Cancelling without signing in (§312k BGB: a cancellation button reachable without a login;
//! Cal. Bus. & Prof. Code §17602(d): online cancellation at will): the subject gives the
//! subscription's e-mail address and reference; Tutela e-mails a link to that address (a random
//! 256-bit token, kept only as its digest, valid 24 hours, used once); the link shows what
//! cancelling means and confirms it. The answer to a request for a link is the same whether or not
//! the address and reference matched, so the form reveals no subscriber.
//!
//! These routes are public; the portal's pages (`/portal/{operator}/cancel`) call the same
//! functions.

use std::net::SocketAddr;
use std::time::Instant;

use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use tutela_db::Operator;
use tutela_db::subscriptions::{ChangeNote, MAX_REASON_CHARS};
use utoipa::ToSchema;
use utoipa_axum::routes;

use super::{SubscriptionView, base_url, receipts_for, subscription_view};
use crate::api::route::{ApiRoute, public};
use crate::app::AppState;
use crate::extract::{Json, Path};
use crate::problem::{ApiError, ApiResult, Problem};

/// Longest reference or address accepted, in bytes.
const MAX_FIELD_BYTES: usize = 320;

/// The public routes.
pub fn routes() -> Vec<ApiRoute> {
    vec![public(routes!(ask_link)), public(routes!(show_link, use_link))]
}

/// A request for a cancellation link.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkRequest {
    /// The subscription's reference (on every receipt), e.g. `SUB-000042`.
    pub reference: String,
    /// The address the subscription's receipts go to.
    pub email: String,
}

/// The answer, the same whether or not a link was sent.
#[derive(Debug, Serialize, ToSchema)]
pub struct LinkAnswer {
    /// What happens next.
    pub detail: String,
}

/// The operator of a public route.
pub async fn operator_of(state: &AppState, slug: &str) -> ApiResult<Operator> {
    state.db.operator_by_slug(slug).await?.ok_or_else(|| ApiError::not_found(format!("no operator {slug:?} here")))
}

/// Sends a cancellation link when `reference` and `email` name a running subscription of
/// `operator`; says nothing about whether they did.
pub async fn ask_link_as(state: &AppState, operator: &Operator, request: &LinkRequest, base: &str) -> ApiResult<()> {
    let reference = request.reference.trim().to_uppercase();
    if reference.is_empty() || reference.len() > MAX_FIELD_BYTES || request.email.len() > MAX_FIELD_BYTES {
        return Err(ApiError::invalid(format!("reference and email: give each, at most {MAX_FIELD_BYTES} bytes")));
    }
    tutela_core::subject::SubjectEmail::parse(&request.email).map_err(ApiError::invalid)?;
    let receipts = receipts_for(operator, base);
    let slug = operator.slug.as_str();
    let at = state.config.time.now();
    state
        .db
        .send_cancel_link(&operator.id, &reference, &request.email, at, |subscription, token| {
            receipts.cancel_link(subscription, &format!("{base}/portal/{slug}/cancel/{token}"))
        })
        .await?;
    Ok(())
}

/// E-mails a link that cancels the subscription to its address, when the reference and address
/// match a running subscription. The answer is the same either way.
#[utoipa::path(post, path = "/api/v1/portal/{operator}/cancellations", tag = "public", security(()),
    request_body = LinkRequest,
    params(("operator" = String, Path, description = "The operator's slug")),
    responses((status = 202, body = LinkAnswer), (status = 400, body = Problem), (status = 404, body = Problem),
        (status = 429, body = Problem)))]
pub async fn ask_link(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Json(request): Json<LinkRequest>,
) -> ApiResult<(StatusCode, Json<LinkAnswer>)> {
    let operator = operator_of(&state, &slug).await?;
    if !state.sign_in.allow(operator.slug.as_str(), &request.email, client.ip(), Instant::now()) {
        return Err(ApiError::too_many("too many cancellation links asked for: try again in a few minutes"));
    }
    ask_link_as(&state, &operator, &request, &base_url(&state, &headers)).await?;
    let detail = "If the address and reference belong to a running subscription, a link to cancel it is on its way \
                  to that address; it is valid for 24 hours."
        .to_owned();
    Ok((StatusCode::ACCEPTED, Json(LinkAnswer { detail })))
}

/// What a link cancels, as its page shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct LinkView {
    /// The subscription's reference.
    pub reference: String,
    /// The plan's name.
    pub plan_name: String,
    /// Its status.
    pub status: String,
    /// When access would end if cancelled now (the period's end).
    pub access_until: String,
}

/// The subscription a valid link would cancel.
pub async fn show_link_as(
    state: &AppState,
    operator: &Operator,
    token: &str,
) -> ApiResult<tutela_db::subscriptions::SubscriptionRecord> {
    if token.len() > MAX_FIELD_BYTES {
        return Err(ApiError::invalid("the link is not one Tutela sent"));
    }
    Ok(state.db.cancel_link(&operator.id, token, state.config.time.now()).await?)
}

/// What the link would cancel: refused (409) when it is expired or used, 409 naming why.
#[utoipa::path(get, path = "/api/v1/portal/{operator}/cancellations/{token}", tag = "public", security(()),
    params(("operator" = String, Path, description = "The operator's slug"),
        ("token" = String, Path, description = "The token from the e-mailed link")),
    responses((status = 200, body = LinkView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn show_link(
    State(state): State<AppState>,
    Path((slug, token)): Path<(String, String)>,
) -> ApiResult<Json<LinkView>> {
    let operator = operator_of(&state, &slug).await?;
    let record = show_link_as(&state, &operator, &token).await?;
    Ok(Json(LinkView {
        reference: record.reference.clone(),
        plan_name: record.plan_name.clone(),
        status: record.state.status.as_str().to_owned(),
        access_until: record.state.period_end.to_string(),
    }))
}

/// A confirmation through a link.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UseLink {
    /// The subject's reason, if they gave one.
    pub reason: Option<String>,
}

/// Cancels through a valid link, at the period's end.
pub async fn use_link_as(
    state: &AppState,
    operator: &Operator,
    token: &str,
    reason: Option<String>,
    base: &str,
) -> ApiResult<SubscriptionView> {
    if reason.as_ref().is_some_and(|r| r.chars().count() > MAX_REASON_CHARS) {
        return Err(ApiError::invalid(format!("reason: at most {MAX_REASON_CHARS} characters")));
    }
    let note = ChangeNote { reason: reason.filter(|r| !r.trim().is_empty()), steps: Some(1) };
    let receipts = receipts_for(operator, base);
    let at = state.config.time.now();
    let (record, _) = state.db.use_cancel_link(&operator.id, token, at, &note, &receipts).await?;
    let mut view = subscription_view(&record, None);
    view.email = None;
    Ok(view)
}

/// Confirms the cancellation a link was sent for: the subscription ends at its period's end, a
/// receipt with the date and time goes to its address, and the link cannot be used again.
#[utoipa::path(post, path = "/api/v1/portal/{operator}/cancellations/{token}", tag = "public", security(()),
    request_body = UseLink,
    params(("operator" = String, Path, description = "The operator's slug"),
        ("token" = String, Path, description = "The token from the e-mailed link")),
    responses((status = 200, body = SubscriptionView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn use_link(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path((slug, token)): Path<(String, String)>,
    Json(body): Json<UseLink>,
) -> ApiResult<Json<SubscriptionView>> {
    let operator = operator_of(&state, &slug).await?;
    Ok(Json(use_link_as(&state, &operator, &token, body.reason, &base_url(&state, &headers)).await?))
}
