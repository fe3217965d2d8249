//! Subscriptions and accounts (`/api/v1/subscriptions`): the operator's plans, each subject's
//! subscriptions and what they do with them (sign up, pause, resume, cancel, take a cancellation
//! back), account closure with its grace period ([`accounts`]), and cancellation without signing in
//! ([`links`]).
//!
//! Tutela charges no card: it keeps the promise and tells the operator's billing system, by a signed
//! webhook event per change (`subscription.paused`, `account.closed` ...). The state machine and
//! its refusals are `tutela_core::subscription`'s; every change is journaled, and the subject gets a
//! receipt in their language ([`receipts`]). Cancelling puts the subject on the suppression list
//! the decision API honours for direct-marketing purposes. The functions ending in `_as` are what
//! the portal's pages call, with the subject as the actor.

pub mod accounts;
pub mod links;
pub mod receipts;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use jiff::SignedDuration;
use serde::{Deserialize, Serialize};
use tutela_core::journal::Actor;
use tutela_core::staff::Permission;
use tutela_core::subscription::{BillingPeriod, MAX_PAUSE_DAYS, Plan, RefundRule};
use tutela_db::Operator;
use tutela_db::subscriptions::{
    ChangeNote, MAX_REASON_CHARS, NewSubscription, PlanRecord, SubscriptionEvent, SubscriptionRecord,
};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::routes;

use crate::api::route::{ApiRoute, staff};
use crate::app::AppState;
use crate::auth::Caller;
use crate::extract::{Json, Path, Query};
use crate::problem::{ApiError, ApiResult, Problem};
use receipts::Receipts;

/// Most steps a sign-up may be recorded with.
pub const MAX_STEPS: u32 = 50;
/// Longest plan name, in characters.
pub const MAX_PLAN_NAME_CHARS: usize = 100;

/// The routes of subscriptions and accounts.
pub fn routes() -> Vec<ApiRoute> {
    let mut all = vec![
        staff(Permission::ReadSubscriptions, routes!(list_plans)),
        staff(Permission::ManagePlans, routes!(put_plan)),
        staff(Permission::WorkSubscriptions, routes!(sign_up)),
        staff(Permission::ReadSubscriptions, routes!(list_subscriptions)),
        staff(Permission::ReadSubscriptions, routes!(get_subscription)),
        staff(Permission::WorkSubscriptions, routes!(pause)),
        staff(Permission::WorkSubscriptions, routes!(resume)),
        staff(Permission::WorkSubscriptions, routes!(cancel)),
        staff(Permission::WorkSubscriptions, routes!(revert)),
    ];
    all.extend(accounts::routes());
    all.extend(links::routes());
    all
}

/// The address links in e-mails start with: the configured public address, else the request's
/// `Host` (plain HTTP on loopback, HTTPS elsewhere).
pub fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(url) = &state.config.public_url {
        return url.trim_end_matches('/').to_owned();
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("localhost");
    let local = host.starts_with("127.0.0.1") || host.starts_with("localhost") || host.starts_with("[::1]");
    format!("{}://{host}", if local { "http" } else { "https" })
}

/// The receipt writer of `operator`, linking to its portal under `base`.
pub fn receipts_for(operator: &Operator, base: &str) -> Receipts {
    Receipts {
        operator: operator.name.as_str().to_owned(),
        portal_url: format!("{base}/portal/{}/me/subscription", operator.slug),
    }
}

// ---------------------------------------------------------------------------------------------------
// Plans

/// A plan's terms.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanBody {
    /// Its name as subjects see it.
    pub name: String,
    /// Price of one period in the currency's minor unit (cents, paise).
    pub price_minor: u64,
    /// ISO 4217 code.
    pub currency: String,
    /// `month` (30 days) or `year` (365 days).
    pub period: String,
    /// Days of free trial (0 to 365).
    #[serde(default)]
    pub trial_days: u16,
    /// The longest pause in days (0: pausing not offered; at most 365).
    #[serde(default)]
    pub max_pause_days: u16,
    /// What cancelling at once refunds: `none` or `prorated`.
    #[serde(default = "no_refund")]
    pub refund: String,
    /// Periods after which it ends by itself (none: renews until cancelled).
    #[serde(default)]
    pub term_periods: Option<u32>,
}

fn no_refund() -> String {
    "none".to_owned()
}

/// A plan as listed.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanView {
    /// Its key.
    pub key: String,
    /// The terms.
    #[serde(flatten)]
    pub terms: PlanBody,
    /// The price in words (`119.00 INR`).
    pub price: String,
    /// When it last changed.
    pub updated_at: String,
}

impl PlanBody {
    fn parse(&self) -> ApiResult<Plan> {
        let period = match self.period.as_str() {
            "month" => BillingPeriod::Month,
            "year" => BillingPeriod::Year,
            other => return Err(ApiError::invalid(format!("period: {other:?} is not month or year"))),
        };
        let refund = match self.refund.as_str() {
            "none" => RefundRule::None,
            "prorated" => RefundRule::Prorated,
            other => return Err(ApiError::invalid(format!("refund: {other:?} is not none or prorated"))),
        };
        let name = self.name.trim();
        if name.is_empty() || name.chars().count() > MAX_PLAN_NAME_CHARS {
            return Err(ApiError::invalid(format!("name: give 1 to {MAX_PLAN_NAME_CHARS} characters")));
        }
        let plan = Plan {
            price_minor: self.price_minor,
            currency: self.currency.clone(),
            period,
            trial_days: self.trial_days,
            max_pause_days: self.max_pause_days,
            refund,
            term_periods: self.term_periods,
        };
        plan.check().map_err(ApiError::invalid)?;
        Ok(plan)
    }
}

/// The view of a stored plan.
pub fn plan_view(record: &PlanRecord) -> PlanView {
    let terms = &record.terms;
    PlanView {
        key: record.key.clone(),
        price: terms.money(terms.price_minor),
        terms: PlanBody {
            name: record.name.clone(),
            price_minor: terms.price_minor,
            currency: terms.currency.clone(),
            period: period_name(terms.period).to_owned(),
            trial_days: terms.trial_days,
            max_pause_days: terms.max_pause_days,
            refund: match terms.refund {
                RefundRule::None => "none",
                RefundRule::Prorated => "prorated",
            }
            .to_owned(),
            term_periods: terms.term_periods,
        },
        updated_at: record.updated_at.to_string(),
    }
}

fn period_name(period: BillingPeriod) -> &'static str {
    match period {
        BillingPeriod::Month => "month",
        BillingPeriod::Year => "year",
    }
}

/// The operator's plans.
#[utoipa::path(get, path = "/api/v1/subscriptions/plans", tag = "subscriptions",
    responses((status = 200, body = Vec<PlanView>)))]
pub async fn list_plans(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Vec<PlanView>>> {
    let plans = state.db.list_plans(&caller.operator().id).await?;
    Ok(Json(plans.iter().map(plan_view).collect()))
}

/// Adds a plan or changes its terms; running subscriptions keep the terms they started on.
#[utoipa::path(put, path = "/api/v1/subscriptions/plans/{plan}", tag = "subscriptions", request_body = PlanBody,
    params(("plan" = String, Path, description = "The plan's key: lower-case letters, digits, - and _")),
    responses((status = 200, body = PlanView), (status = 400, body = Problem), (status = 409, body = Problem)))]
pub async fn put_plan(
    State(state): State<AppState>,
    caller: Caller,
    Path(key): Path<String>,
    Json(body): Json<PlanBody>,
) -> ApiResult<Json<PlanView>> {
    let valid_key = !key.is_empty()
        && key.len() <= 40
        && key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    if !valid_key {
        return Err(ApiError::invalid(format!("plan {key:?}: a key is 1 to 40 lower-case letters, digits, - and _")));
    }
    let plan = body.parse()?;
    let record = state.db.put_plan(&caller.operator().id, &key, body.name.trim(), &plan, &caller.actor()?).await?;
    Ok(Json(plan_view(&record)))
}

// ---------------------------------------------------------------------------------------------------
// Subscriptions

/// A subject signing up.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignUp {
    /// The operator's reference for the subject.
    pub subject: String,
    /// The plan's key.
    pub plan: String,
    /// Where receipts go.
    pub email: Option<String>,
    /// The receipts' language (`en`, `hi` ...); the data map's default when absent.
    pub language: Option<String>,
    /// How the subject signed up: `web`, `app`, `phone`, `store` or `api`.
    #[serde(default = "api_channel")]
    pub channel: String,
    /// How many steps (pages, confirmations) sign-up took: cancelling may take no more.
    pub steps: u32,
}

fn api_channel() -> String {
    "api".to_owned()
}

/// One change of a subscription.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubscriptionEventView {
    /// What happened.
    pub event: String,
    /// The status before.
    pub from: Option<String>,
    /// The status after.
    pub to: String,
    /// When it took effect (RFC 3339).
    pub at: String,
    /// A refund, in the minor unit.
    pub refund_minor: Option<u64>,
    /// The subject's reason.
    pub reason: Option<String>,
    /// The steps it took.
    pub steps: Option<u32>,
    /// Who did it.
    pub actor: String,
    /// The receipt sent, if one was.
    pub receipt: Option<SubscriptionReceiptView>,
}

/// A receipt as sent.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubscriptionReceiptView {
    /// Subject line.
    pub subject: String,
    /// Text.
    pub body: String,
}

/// A subscription.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubscriptionView {
    /// Its id.
    pub id: String,
    /// Its reference, `SUB-000001`.
    pub reference: String,
    /// The subject.
    pub subject: String,
    /// Where receipts go (none once the account is closed).
    pub email: Option<String>,
    /// The plan's key and name.
    pub plan: String,
    /// The plan's name.
    pub plan_name: String,
    /// The price of a period in words.
    pub price: String,
    /// `trialing`, `active`, `paused`, `cancelling`, `cancelled` or `expired`.
    pub status: String,
    /// When it started.
    pub started_at: String,
    /// The billing end: when the current period ends and the next charge falls.
    pub period_end: String,
    /// When access ends, once known.
    pub entitlement_end: Option<String>,
    /// While paused: until when.
    pub paused_until: Option<String>,
    /// The longest pause the plan allows, in days.
    pub max_pause_days: u16,
    /// How sign-up happened, and in how many steps.
    pub signup_channel: String,
    /// Steps sign-up took.
    pub signup_steps: u32,
    /// Every change, oldest first (only for a single subscription).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<SubscriptionEventView>>,
}

/// The view of a subscription.
pub fn subscription_view(record: &SubscriptionRecord, events: Option<&[SubscriptionEvent]>) -> SubscriptionView {
    let state = &record.state;
    SubscriptionView {
        id: record.id.clone(),
        reference: record.reference.clone(),
        subject: record.subject_ref.clone(),
        email: record.email.clone(),
        plan: record.plan_key.clone(),
        plan_name: record.plan_name.clone(),
        price: record.terms.money(record.terms.price_minor),
        status: state.status.as_str().to_owned(),
        started_at: state.started_at.to_string(),
        period_end: state.period_end.to_string(),
        entitlement_end: state.entitlement_end.map(|t| t.to_string()),
        paused_until: state.paused.map(|(_, until)| until.to_string()),
        max_pause_days: record.terms.max_pause_days,
        signup_channel: record.signup_channel.clone(),
        signup_steps: record.signup_steps,
        events: events.map(|events| events.iter().map(event_view).collect()),
    }
}

fn event_view(event: &SubscriptionEvent) -> SubscriptionEventView {
    SubscriptionEventView {
        event: event.event.clone(),
        from: event.from_status.clone(),
        to: event.to_status.clone(),
        at: event.at.to_string(),
        refund_minor: event.refund_minor,
        reason: event.reason.clone(),
        steps: event.steps,
        actor: event.actor.clone(),
        receipt: event.receipt_subject.as_ref().map(|subject| SubscriptionReceiptView {
            subject: subject.clone(),
            body: event.receipt_body.clone().unwrap_or_default(),
        }),
    }
}

/// The channels a sign-up may come by.
const CHANNELS: [&str; 6] = ["web", "app", "phone", "store", "api", "portal"];

/// Signs a subject up, as `actor`; the receipt links to the portal under `base`.
pub async fn sign_up_as(
    state: &AppState,
    operator: &Operator,
    actor: &Actor,
    body: SignUp,
    base: &str,
) -> ApiResult<SubscriptionView> {
    let subject = crate::api::consent::capture::parse_subject(&body.subject)?;
    if !CHANNELS.contains(&body.channel.as_str()) {
        return Err(ApiError::invalid(format!("channel: {:?} is not one of {}", body.channel, CHANNELS.join(", "))));
    }
    if body.steps == 0 || body.steps > MAX_STEPS {
        return Err(ApiError::invalid(format!("steps: give the 1 to {MAX_STEPS} steps sign-up took")));
    }
    let email = body.email.as_deref().map(receipt_address).transpose()?;
    let language = language_of(state, operator, body.language.as_deref()).await?;
    let new = NewSubscription {
        subject_ref: subject.to_string(),
        email,
        language,
        plan_key: body.plan,
        channel: body.channel,
        steps: body.steps,
    };
    let receipts = receipts_for(operator, base);
    let at = state.config.time.now();
    let record = state.db.start_subscription(&operator.id, &new, at, actor, &receipts).await?;
    Ok(subscription_view(&record, None))
}

/// The address receipts go to, parsed (lower-cased); 400 naming what is wrong with it.
pub fn receipt_address(text: &str) -> ApiResult<String> {
    Ok(tutela_core::subject::SubjectEmail::parse(text).map_err(ApiError::invalid)?.as_str().to_owned())
}

/// The language of a subject's messages: the one given (one of Tutela's), else the data map's
/// default, else English.
pub async fn language_of(state: &AppState, operator: &Operator, given: Option<&str>) -> ApiResult<String> {
    if let Some(text) = given {
        let lang: tutela_i18n::Lang = text.parse().map_err(ApiError::invalid)?;
        return Ok(lang.as_str().to_owned());
    }
    let map = state.datamaps.current(&state.db, &operator.id).await?;
    Ok(map.map_or_else(|| "en".to_owned(), |m| m.map.operator.default_language().as_str().to_owned()))
}

/// Signs a subject up to a plan: trialing when the plan has a trial, else active with the first
/// period paid. Refused while the subject has a subscription that has not ended, or their account
/// is being closed.
#[utoipa::path(post, path = "/api/v1/subscriptions", tag = "subscriptions", request_body = SignUp,
    responses((status = 201, body = SubscriptionView), (status = 400, body = Problem),
        (status = 404, body = Problem, description = "No such plan"), (status = 409, body = Problem)))]
pub async fn sign_up(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Json(body): Json<SignUp>,
) -> ApiResult<(StatusCode, Json<SubscriptionView>)> {
    let base = base_url(&state, &headers);
    let view = sign_up_as(&state, caller.operator(), &caller.actor()?, body, &base).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Which subscriptions to list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// Only this subject's.
    pub subject: Option<String>,
    /// Only those in this status.
    pub status: Option<String>,
    /// At most this many (default 100, at most 500).
    pub limit: Option<u32>,
}

/// The operator's subscriptions, newest first.
#[utoipa::path(get, path = "/api/v1/subscriptions", tag = "subscriptions", params(ListQuery),
    responses((status = 200, body = Vec<SubscriptionView>), (status = 400, body = Problem)))]
pub async fn list_subscriptions(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<ListQuery>,
) -> ApiResult<Json<Vec<SubscriptionView>>> {
    const STATUSES: [&str; 6] = ["trialing", "active", "paused", "cancelling", "cancelled", "expired"];
    if let Some(status) = query.status.as_deref().filter(|s| !STATUSES.contains(s)) {
        return Err(ApiError::invalid(format!("status: {status:?} is not one of {}", STATUSES.join(", "))));
    }
    let limit = crate::api::page_size_up_to(query.limit, tutela_db::subscriptions::MAX_SUBSCRIPTIONS_PAGE)?;
    let records = state
        .db
        .list_subscriptions(&caller.operator().id, query.subject.as_deref(), query.status.as_deref(), limit)
        .await?;
    Ok(Json(records.iter().map(|r| subscription_view(r, None)).collect()))
}

/// One subscription with every change and the receipts sent.
#[utoipa::path(get, path = "/api/v1/subscriptions/{subscription}", tag = "subscriptions",
    params(("subscription" = String, Path, description = "Its id or reference (SUB-000001)")),
    responses((status = 200, body = SubscriptionView), (status = 404, body = Problem)))]
pub async fn get_subscription(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<SubscriptionView>> {
    let (record, events) = state.db.subscription(&caller.operator().id, &id).await?;
    Ok(Json(subscription_view(&record, Some(&events))))
}

/// What a subject does with a subscription.
#[derive(Debug, Clone, Copy)]
pub enum Act {
    /// Pause for this many days.
    Pause(u16),
    /// Resume before the pause ends.
    Resume,
    /// Cancel: at once, or at the period's end.
    Cancel {
        /// At once (refund by the plan's rule) rather than at the period's end.
        at_once: bool,
    },
    /// Take a scheduled cancellation back.
    Revert,
}

/// Does `act` on the subscription `id` as `actor`, at the server's now.
pub async fn act_as(
    state: &AppState,
    operator: &Operator,
    actor: &Actor,
    id: &str,
    act: Act,
    note: &ChangeNote,
    base: &str,
) -> ApiResult<SubscriptionView> {
    if note.reason.as_ref().is_some_and(|r| r.chars().count() > MAX_REASON_CHARS) {
        return Err(ApiError::invalid(format!("reason: at most {MAX_REASON_CHARS} characters")));
    }
    let at = state.config.time.now();
    let action = move |sub: &mut tutela_core::subscription::Subscription, plan: &Plan| {
        sub.advance_then(plan, at, |s, p| {
            match act {
                Act::Pause(days) => s.pause(p, at, at + SignedDuration::from_secs(i64::from(days) * 86_400)),
                Act::Resume => s.resume(p, at),
                Act::Cancel { at_once } => s.cancel(p, at, at_once),
                Act::Revert => s.revert_cancel(p, at),
            }
            .map(Some)
        })
    };
    let receipts = receipts_for(operator, base);
    let (record, _) = state.db.change_subscription(&operator.id, id, note, actor, action, &receipts).await?;
    Ok(subscription_view(&record, None))
}

/// [`act_as`] for an API caller, with links under the request's address.
async fn act_by(
    state: &AppState,
    caller: &Caller,
    headers: &HeaderMap,
    id: &str,
    act: Act,
    note: ChangeNote,
) -> ApiResult<Json<SubscriptionView>> {
    let base = base_url(state, headers);
    Ok(Json(act_as(state, caller.operator(), &caller.actor()?, id, act, &note, &base).await?))
}

/// A pause.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PauseBody {
    /// For how many days (1 to the plan's limit).
    pub days: u16,
}

/// A cancellation.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelBody {
    /// End access now, refunding by the plan's rule, rather than at the period's end (the default).
    #[serde(default)]
    pub at_once: bool,
    /// The subject's reason, if they gave one (the survey is optional).
    pub reason: Option<String>,
    /// The steps cancelling took, when counted.
    pub steps: Option<u32>,
}

/// Pauses an active subscription for a number of days within the plan's limit; it resumes by
/// itself, and the subject is reminded three days before.
#[utoipa::path(post, path = "/api/v1/subscriptions/{subscription}/pause", tag = "subscriptions", request_body = PauseBody,
    params(("subscription" = String, Path, description = "Its id or reference")),
    responses((status = 200, body = SubscriptionView), (status = 400, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "Not active, or longer than the plan allows")))]
pub async fn pause(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(id): Path<String>,
    Json(body): Json<PauseBody>,
) -> ApiResult<Json<SubscriptionView>> {
    if body.days == 0 || body.days > MAX_PAUSE_DAYS {
        return Err(ApiError::invalid(format!("days: give 1 to {MAX_PAUSE_DAYS} (and within the plan's limit)")));
    }
    act_by(&state, &caller, &headers, &id, Act::Pause(body.days), ChangeNote::default()).await
}

/// Resumes a paused subscription now; the period moves on by the time it was paused.
#[utoipa::path(post, path = "/api/v1/subscriptions/{subscription}/resume", tag = "subscriptions",
    params(("subscription" = String, Path, description = "Its id or reference")),
    responses((status = 200, body = SubscriptionView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn resume(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<Json<SubscriptionView>> {
    act_by(&state, &caller, &headers, &id, Act::Resume, ChangeNote::default()).await
}

/// Cancels: at the period's end by default (access until then, nothing more charged, revertible),
/// or at once with the plan's refund. The subject goes on the suppression list, and gets a receipt
/// with the date and time.
#[utoipa::path(post, path = "/api/v1/subscriptions/{subscription}/cancel", tag = "subscriptions", request_body = CancelBody,
    params(("subscription" = String, Path, description = "Its id or reference")),
    responses((status = 200, body = SubscriptionView), (status = 400, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "Cancelled already, or ended")))]
pub async fn cancel(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(id): Path<String>,
    Json(body): Json<CancelBody>,
) -> ApiResult<Json<SubscriptionView>> {
    if body.steps.is_some_and(|s| s == 0 || s > MAX_STEPS) {
        return Err(ApiError::invalid(format!("steps: 1 to {MAX_STEPS}")));
    }
    let note = ChangeNote { reason: body.reason.filter(|r| !r.trim().is_empty()), steps: body.steps };
    act_by(&state, &caller, &headers, &id, Act::Cancel { at_once: body.at_once }, note).await
}

/// Takes back a cancellation scheduled for the period's end, before it takes effect.
#[utoipa::path(post, path = "/api/v1/subscriptions/{subscription}/revert", tag = "subscriptions",
    params(("subscription" = String, Path, description = "Its id or reference")),
    responses((status = 200, body = SubscriptionView), (status = 404, body = Problem), (status = 409, body = Problem)))]
pub async fn revert(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<Json<SubscriptionView>> {
    act_by(&state, &caller, &headers, &id, Act::Revert, ChangeNote::default()).await
}
