//! Closing an account (`/api/v1/subscriptions/accounts`, `/closures`): a separate action from
//! cancelling a plan, with its own consequences. The subject asks; the grace period starts (the
//! operator's, 14 days unless set); running plans are cancelled at their period's end and
//! marketing stops. Within the grace the subject can restore everything. When it ends, every
//! subscription ends at once, the subject's data is erased through the fulfilment engine as an
//! erasure request of its own (with its destruction act, like a scheduled destruction:
//! `api::retention::erase_as`), and the subject is told when it is done. Closing never leaves a
//! running subscription behind.
//!
//! [`run_due`] does what fell due (renewals, pauses' ends, reminders, closures); [`spawn`] runs it
//! every minute on instances that run the scheduler, and `POST /api/v1/subscriptions/run` runs it
//! for one operator at once.

use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use tutela_core::journal::Actor;
use tutela_core::staff::Permission;
use tutela_core::subscription::MAX_GRACE_DAYS;
use tutela_db::Operator;
use tutela_db::subscriptions::{ClosureRecord, MAX_REASON_CHARS};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::routes;

use super::{base_url, language_of, receipt_address, receipts_for};
use crate::api::requests::fulfil::Acting;
use crate::api::retention::{OwnErasure, erase_as};
use crate::api::route::{ApiRoute, staff};
use crate::app::AppState;
use crate::auth::Caller;
use crate::extract::{Json, Path, Query};
use crate::problem::{ApiError, ApiResult, Problem};

/// How often the background task runs, in milliseconds.
pub const SUBSCRIPTIONS_INTERVAL_MS: u64 = 60 * 1000;
/// Most subscriptions, reminders or closures one run handles of each.
pub const MAX_DUE_PER_RUN: u32 = 200;
/// Most closures one run erases (each runs the engine on every store).
pub const MAX_CLOSURES_PER_RUN: u32 = 20;

/// The routes of account closure and the run.
pub fn routes() -> Vec<ApiRoute> {
    vec![
        staff(Permission::ReadSubscriptions, routes!(get_settings)),
        staff(Permission::ManagePlans, routes!(put_settings)),
        staff(Permission::WorkSubscriptions, routes!(close)),
        staff(Permission::ReadSubscriptions, routes!(list_closures)),
        staff(Permission::WorkSubscriptions, routes!(restore)),
        staff(Permission::WorkSubscriptions, routes!(run)),
    ]
}

/// The operator's account settings.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountSettings {
    /// Days between a closure being asked for and the erasure (0 to 90).
    pub grace_days: u16,
}

/// The grace period before a closed account is erased.
#[utoipa::path(get, path = "/api/v1/subscriptions/settings", tag = "subscriptions",
    responses((status = 200, body = AccountSettings)))]
pub async fn get_settings(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<AccountSettings>> {
    Ok(Json(AccountSettings { grace_days: state.db.grace_days(&caller.operator().id).await? }))
}

/// Sets the grace period; closures already asked for keep theirs.
#[utoipa::path(put, path = "/api/v1/subscriptions/settings", tag = "subscriptions", request_body = AccountSettings,
    responses((status = 200, body = AccountSettings), (status = 400, body = Problem)))]
pub async fn put_settings(
    State(state): State<AppState>,
    caller: Caller,
    Json(body): Json<AccountSettings>,
) -> ApiResult<Json<AccountSettings>> {
    if body.grace_days > MAX_GRACE_DAYS {
        return Err(ApiError::invalid(format!(
            "grace_days: at most {MAX_GRACE_DAYS}, so that a closed account's data is not kept longer"
        )));
    }
    state.db.put_grace_days(&caller.operator().id, body.grace_days, &caller.actor()?).await?;
    Ok(Json(body))
}

/// A closure asked for.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseBody {
    /// Where the subject is told (the address of their latest subscription when absent).
    pub email: Option<String>,
    /// Their language (their latest subscription's, else the data map's default).
    pub language: Option<String>,
    /// Their reason, if they gave one.
    pub reason: Option<String>,
}

/// An account closure.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClosureView {
    /// Its id.
    pub id: String,
    /// The subject.
    pub subject: String,
    /// `pending` (in its grace), `restored`, `closing`, `closed`.
    pub state: String,
    /// When it was asked for.
    pub requested_at: String,
    /// When the grace ends.
    pub closes_at: String,
    /// When it was restored.
    pub restored_at: Option<String>,
    /// When the account was closed.
    pub closed_at: Option<String>,
    /// The erasure request that carries it out.
    pub request_id: Option<String>,
    /// Subscriptions it cancelled at their period's end.
    pub cancelled_subscriptions: usize,
    /// The subject's reason.
    pub reason: Option<String>,
}

/// The view of a closure.
pub fn closure_view(record: &ClosureRecord) -> ClosureView {
    ClosureView {
        id: record.id.clone(),
        subject: record.subject_ref.clone(),
        state: record.state.clone(),
        requested_at: record.closure.requested_at.to_string(),
        closes_at: record.closure.closes_at.to_string(),
        restored_at: record.restored_at.map(|t| t.to_string()),
        closed_at: record.closed_at.map(|t| t.to_string()),
        request_id: record.request_id.clone(),
        cancelled_subscriptions: record.cancelled_subscriptions.len(),
        reason: record.reason.clone(),
    }
}

/// Asks for the subject's account to be closed, as `actor`.
pub async fn close_as(
    state: &AppState,
    operator: &Operator,
    actor: &Actor,
    subject: &str,
    body: CloseBody,
    base: &str,
) -> ApiResult<ClosureView> {
    let subject = crate::api::consent::capture::parse_subject(subject)?;
    if body.reason.as_ref().is_some_and(|r| r.chars().count() > MAX_REASON_CHARS) {
        return Err(ApiError::invalid(format!("reason: at most {MAX_REASON_CHARS} characters")));
    }
    let latest = state.db.list_subscriptions(&operator.id, Some(subject.as_str()), None, 1).await?.into_iter().next();
    let email = match body.email.as_deref() {
        Some(text) => Some(receipt_address(text)?),
        None => latest.as_ref().and_then(|s| s.email.clone()),
    };
    let language = match (body.language.as_deref(), &latest) {
        (None, Some(latest)) => latest.language.clone(),
        (given, _) => language_of(state, operator, given).await?,
    };
    let reason = body.reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
    let receipts = receipts_for(operator, base);
    let at = state.config.time.now();
    let record = state
        .db
        .close_account(&operator.id, subject.as_str(), email.as_deref(), &language, reason, at, actor, &receipts)
        .await?;
    Ok(closure_view(&record))
}

/// Closes a subject's account after the operator's grace period: running plans are cancelled at
/// their period's end now, marketing stops, and when the grace ends everything is erased. Refused
/// while a closure of theirs is under way.
#[utoipa::path(post, path = "/api/v1/subscriptions/accounts/{subject}/close", tag = "subscriptions",
    request_body = CloseBody,
    params(("subject" = String, Path, description = "The operator's reference for the subject")),
    responses((status = 201, body = ClosureView), (status = 400, body = Problem), (status = 409, body = Problem)))]
pub async fn close(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(subject): Path<String>,
    Json(body): Json<CloseBody>,
) -> ApiResult<(StatusCode, Json<ClosureView>)> {
    let base = base_url(&state, &headers);
    let view = close_as(&state, caller.operator(), &caller.actor()?, &subject, body, &base).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Which closures to list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ClosureQuery {
    /// Only this subject's.
    pub subject: Option<String>,
}

/// The operator's account closures, newest first.
#[utoipa::path(get, path = "/api/v1/subscriptions/closures", tag = "subscriptions", params(ClosureQuery),
    responses((status = 200, body = Vec<ClosureView>)))]
pub async fn list_closures(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<ClosureQuery>,
) -> ApiResult<Json<Vec<ClosureView>>> {
    let records =
        state.db.list_closures(&caller.operator().id, query.subject.as_deref(), crate::api::DEFAULT_PAGE).await?;
    Ok(Json(records.iter().map(closure_view).collect()))
}

/// Restores an account within its grace period, as `actor`.
pub async fn restore_as(
    state: &AppState,
    operator: &Operator,
    actor: &Actor,
    closure_id: &str,
    base: &str,
) -> ApiResult<ClosureView> {
    let receipts = receipts_for(operator, base);
    let at = state.config.time.now();
    let record = state.db.restore_account(&operator.id, closure_id, at, actor, &receipts).await?;
    Ok(closure_view(&record))
}

/// Restores an account within its grace: the cancellations the closure scheduled are taken back
/// and marketing may reach the subject again (unless they cancelled a plan themselves). Refused
/// once the grace has ended.
#[utoipa::path(post, path = "/api/v1/subscriptions/closures/{closure}/restore", tag = "subscriptions",
    params(("closure" = String, Path, description = "The closure's id")),
    responses((status = 200, body = ClosureView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn restore(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(closure): Path<String>,
) -> ApiResult<Json<ClosureView>> {
    let base = base_url(&state, &headers);
    Ok(Json(restore_as(&state, caller.operator(), &caller.actor()?, &closure, &base).await?))
}

/// What one run did.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct RunReport {
    /// Subscriptions brought up to date (renewed, resumed, ended), by reference.
    pub advanced: Vec<String>,
    /// Pause reminders sent.
    pub reminders: u32,
    /// Closures whose grace had ended.
    pub closures: Vec<ClosureRun>,
}

/// One closure carried out, or tried.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClosureRun {
    /// The closure.
    pub closure: String,
    /// The subject.
    pub subject: String,
    /// The erasure request.
    pub request: Option<String>,
    /// `closed`, `incomplete` (a store did not confirm: the next run tries again) or `failed`.
    pub state: String,
    /// The destruction act.
    pub act_number: Option<String>,
    /// Why it did not finish.
    pub detail: Option<String>,
}

/// Does what fell due, at the server's now: subscriptions' own changes, pause reminders, and
/// closures whose grace ended, for `operator` (or every operator, from the background task).
pub async fn run_due(state: &AppState, operator: Option<&Operator>, base: &str) -> ApiResult<RunReport> {
    let now = state.config.time.now();
    let operator_id = operator.map(|o| &o.id);
    let mut report = RunReport::default();
    let operators = match operator {
        Some(operator) => vec![operator.clone()],
        None => state.db.list_operators().await?,
    };
    for operator in &operators {
        let receipts = receipts_for(operator, base);
        let advanced = state.db.advance_due_subscriptions(Some(&operator.id), now, MAX_DUE_PER_RUN, &receipts).await?;
        report.advanced.extend(advanced.into_iter().map(|(reference, _)| reference));
        report.reminders += state
            .db
            .send_pause_reminders(Some(&operator.id), now, MAX_DUE_PER_RUN, |s| receipts.pause_reminder(s))
            .await?;
    }
    let due = state.db.due_closures(operator_id, now, MAX_CLOSURES_PER_RUN).await?;
    for closure in due {
        let Some(operator) = operators.iter().find(|o| o.id == closure.operator_id) else { continue };
        report.closures.push(carry_out(state, operator, &closure, base).await);
    }
    Ok(report)
}

/// Ends the closure's subscriptions, erases the subject and tells them; a failure is reported,
/// and the next run tries again.
async fn carry_out(state: &AppState, operator: &Operator, closure: &ClosureRecord, base: &str) -> ClosureRun {
    let mut run = ClosureRun {
        closure: closure.id.clone(),
        subject: closure.subject_ref.clone(),
        request: None,
        state: "failed".to_owned(),
        act_number: None,
        detail: None,
    };
    if let Err(problem) = erase_closed(state, operator, closure, base, &mut run).await {
        run.detail = Some(problem.problem().detail);
    }
    run
}

async fn erase_closed(
    state: &AppState,
    operator: &Operator,
    closure: &ClosureRecord,
    base: &str,
    run: &mut ClosureRun,
) -> ApiResult<()> {
    let acting = Acting { operator, actor: Actor::system("accounts"), staff_id: None };
    let receipts = receipts_for(operator, base);
    let applied =
        state.datamaps.current(&state.db, &operator.id).await?.ok_or_else(crate::api::consent::ledger::no_data_map)?;
    let jurisdiction = applied.map.operator.jurisdictions.first().map_or("eu_gdpr", |j| j.value.as_str());
    let mut identities = serde_json::json!({ tutela_core::retention::SUBJECT_REF_CATEGORY: closure.subject_ref });
    if let Some(email) = &closure.email {
        identities["email"] = serde_json::Value::String(email.clone());
    }
    let erasure = OwnErasure {
        identities,
        subject: tutela_core::subject::SubjectRef::parse(&closure.subject_ref).ok(),
        jurisdiction,
        why: format!("account closure {} of subject {}", closure.id, closure.subject_ref),
    };
    // The subscriptions end first, so that nothing is charged or renewed while the erasure runs.
    let at = state.config.time.now();
    state.db.begin_closing(closure, at, &acting.actor, &receipts).await?;
    let erased = erase_as(state, &acting, &erasure).await?;
    run.request = Some(erased.reference.clone());
    run.act_number = erased.act_number.clone();
    if erased.state != "complete" {
        run.state = "incomplete".to_owned();
        run.detail = Some("not every store confirmed the erasure: the next run tries again".to_owned());
        return Ok(());
    }
    let act = erased.act_number.as_deref().unwrap_or("-");
    let now = state.config.time.now();
    state.db.finish_closing(closure, &erased.request_id, act, now, &acting.actor, &receipts).await?;
    run.state = "closed".to_owned();
    Ok(())
}

/// Runs what fell due for the caller's operator now: renewals and pauses' ends, reminders, and the
/// closures whose grace ended (their erasure through the fulfilment engine).
#[utoipa::path(post, path = "/api/v1/subscriptions/run", tag = "subscriptions",
    responses((status = 200, body = RunReport), (status = 409, body = Problem)))]
pub async fn run(State(state): State<AppState>, caller: Caller, headers: HeaderMap) -> ApiResult<Json<RunReport>> {
    let base = base_url(&state, &headers);
    Ok(Json(run_due(&state, Some(caller.operator()), &base).await?))
}

/// Starts the background task that runs [`run_due`] for every operator every
/// [`SUBSCRIPTIONS_INTERVAL_MS`].
pub fn spawn(state: AppState) {
    tokio::spawn(async move {
        let base = state.config.public_url.clone().unwrap_or_default();
        loop {
            tokio::time::sleep(Duration::from_millis(SUBSCRIPTIONS_INTERVAL_MS)).await;
            match run_due(&state, None, &base).await {
                Ok(report) if !report.advanced.is_empty() || !report.closures.is_empty() || report.reminders > 0 => {
                    let closed = report.closures.iter().filter(|c| c.state == "closed").count();
                    tracing::info!(
                        advanced = report.advanced.len(),
                        reminders = report.reminders,
                        closures = report.closures.len(),
                        closed,
                        "subscriptions: due work done"
                    );
                }
                Ok(_) => {}
                Err(problem) => tracing::warn!(detail = %problem.problem().detail, "subscriptions: run failed"),
            }
        }
    });
}
