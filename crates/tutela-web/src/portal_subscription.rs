//! The subject's subscription and account in the portal: sign up to a plan, pause, resume, cancel
//! (the consequences stated, an optional reason, a pause offered but never in the way), take a
//! cancellation back, close the account (its own consequences and a second confirmation) and
//! restore it within the grace period; and the cancellation without signing in (§312k BGB) by an
//! e-mailed link.
//!
//! Cancelling takes as many clicks as signing up: two (a plan's "Choose" and "Start
//! subscription"; "Cancel subscription" and "Confirm cancellation"); the browser journey counts
//! them. Everything goes through `tutela_server::api::subscriptions`, with the subject as the
//! journal's actor; forms carry the session's CSRF token and act only on the session's subjects.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tutela_core::journal::Actor;
use tutela_core::subscription::{Status, Subscription};
use tutela_db::subscriptions::{ChangeNote, ClosureRecord, PlanRecord, SubscriptionRecord};
use tutela_server::api::subscriptions::accounts::{CloseBody, close_as, restore_as};
use tutela_server::api::subscriptions::links::{LinkRequest, ask_link_as, operator_of, show_link_as, use_link_as};
use tutela_server::api::subscriptions::{Act, SignUp, act_as, base_url, sign_up_as};
use tutela_server::api::when;
use tutela_server::app::AppState;

use crate::console::message_page;
use crate::frame::{Frame, Words};
use crate::portal_account::{SignedIn, problem_page, signed_in};
use crate::session::{has_frame, render};

/// The steps the portal's sign-up takes: choose a plan, start it.
const SIGN_UP_STEPS: u32 = 2;
/// The steps the portal's cancellation takes: ask to cancel, confirm.
const CANCEL_STEPS: u32 = 2;
/// The pause lengths offered, in days (those within the plan's limit are shown).
const PAUSE_CHOICES_DAYS: [u16; 4] = [7, 14, 30, 90];
/// The reasons a cancellation survey offers; all optional.
const REASONS: [&str; 6] = ["none", "price", "usage", "features", "problems", "other"];

/// A plan offered.
pub struct PlanLine {
    /// Its key.
    pub key: String,
    /// Its name.
    pub name: String,
    /// Price and period in words.
    pub price: String,
    /// The trial, in words, if any.
    pub trial: Option<String>,
}

fn plan_line(t: &Words, plan: &PlanRecord) -> PlanLine {
    let terms = &plan.terms;
    let period = t.of(
        "portal-sub-period-",
        if terms.period == tutela_core::subscription::BillingPeriod::Year { "year" } else { "month" },
    );
    PlanLine {
        key: plan.key.clone(),
        name: plan.name.clone(),
        price: t.args("portal-sub-price", &[("amount", &terms.money(terms.price_minor)), ("period", &period)]),
        trial: (terms.trial_days > 0).then(|| t.count("portal-sub-trial", usize::from(terms.trial_days))),
    }
}

/// A subscription as the subject sees it.
pub struct SubscriptionLine {
    /// Its reference.
    pub reference: String,
    /// The plan's name.
    pub plan: String,
    /// Its status in words.
    pub status: String,
    /// What comes next, in words (next charge, access until, paused until).
    pub next: String,
    /// Which actions apply.
    pub can_pause: bool,
    /// Resume applies.
    pub can_resume: bool,
    /// Cancel applies.
    pub can_cancel: bool,
    /// Revert applies.
    pub can_revert: bool,
    /// Pause lengths within the plan's limit: (days, label).
    pub pauses: Vec<(u16, String)>,
}

fn subscription_line(t: &Words, record: &SubscriptionRecord) -> SubscriptionLine {
    let state = &record.state;
    let status = state.status;
    let next = match status {
        Status::Trialing | Status::Active => {
            let amount = record.terms.money(record.terms.price_minor);
            t.args("portal-sub-next-charge", &[("amount", &amount), ("date", &when(state.period_end))])
        }
        Status::Paused => {
            state.paused.map(|(_, until)| t.with("portal-sub-paused-until", "date", &when(until))).unwrap_or_default()
        }
        Status::Cancelling | Status::Cancelled | Status::Expired => {
            state.entitlement_end.map(|end| t.with("portal-sub-access-until", "date", &when(end))).unwrap_or_default()
        }
    };
    let max = record.terms.max_pause_days;
    SubscriptionLine {
        reference: record.reference.clone(),
        plan: record.plan_name.clone(),
        status: t.of("portal-sub-status-", status.as_str()),
        next,
        can_pause: status == Status::Active && max > 0,
        can_resume: status == Status::Paused,
        can_cancel: matches!(status, Status::Trialing | Status::Active | Status::Paused),
        can_revert: status == Status::Cancelling,
        pauses: PAUSE_CHOICES_DAYS
            .iter()
            .filter(|days| **days <= max)
            .map(|days| (*days, t.count("portal-sub-pause-days", usize::from(*days))))
            .collect(),
    }
}

/// A receipt sent, for the list.
pub struct ReceiptLine {
    /// When.
    pub at: String,
    /// Its subject line.
    pub subject: String,
    /// Its text.
    pub body: String,
}

/// One subject's closure, when one is open.
pub struct ClosureLine {
    /// Its id.
    pub id: String,
    /// Pending (restorable) or closing.
    pub pending: bool,
    /// What the page says.
    pub text: String,
}

#[derive(Template)]
#[template(path = "portal_subscription.html")]
struct SubscriptionPage {
    frame: Frame,
    slug: String,
    name: String,
    csrf: String,
    done: Option<String>,
    subscriptions: Vec<SubscriptionLine>,
    plans: Vec<PlanLine>,
    closures: Vec<ClosureLine>,
    receipts: Vec<ReceiptLine>,
    /// Whether a subject of the session may ask for their account to be closed.
    can_close: bool,
}

has_frame!(SubscriptionPage);

/// What a redirect says was done.
#[derive(Debug, Deserialize)]
pub struct Done {
    done: Option<String>,
}

/// The session's subscriptions (newest first), open closures and receipts.
async fn subject_records(
    state: &AppState,
    signed: &SignedIn,
) -> Result<(Vec<SubscriptionRecord>, Vec<ClosureRecord>, Vec<ReceiptLine>), tutela_db::DbError> {
    let (mut subscriptions, mut closures, mut receipts) = (Vec::new(), Vec::new(), Vec::new());
    let operator_id = &signed.operator.id;
    for subject in &signed.session.subjects {
        let found = state.db.list_subscriptions(operator_id, Some(subject.as_str()), None, 20).await?;
        for record in &found {
            let (_, events) = state.db.subscription(operator_id, &record.id).await?;
            receipts.extend(events.into_iter().rev().filter_map(|e| {
                Some(ReceiptLine {
                    at: when(e.at),
                    subject: e.receipt_subject?,
                    body: e.receipt_body.unwrap_or_default(),
                })
            }));
        }
        subscriptions.extend(found);
        let open = state.db.list_closures(operator_id, Some(subject.as_str()), 5).await?;
        closures.extend(open.into_iter().filter(|c| c.state == "pending" || c.state == "closing"));
    }
    Ok((subscriptions, closures, receipts))
}

/// `GET /portal/{operator}/me/subscription`.
pub async fn page(
    State(state): State<AppState>,
    frame: Frame,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(done): Query<Done>,
) -> Response {
    let signed = match signed_in(&state, &frame, &headers, &slug).await {
        Ok(signed) => signed,
        Err(response) => return *response,
    };
    let (subscriptions, closures, receipts) = match subject_records(&state, &signed).await {
        Ok(found) => found,
        Err(error) => return problem_page(&frame, &error.into()),
    };
    let plans = match state.db.list_plans(&signed.operator.id).await {
        Ok(plans) => plans,
        Err(error) => return problem_page(&frame, &error.into()),
    };
    let running = subscriptions.iter().any(|s| !s.state.status.is_final());
    let t = frame.t;
    let done = done.done.as_deref().filter(|d| DONE.contains(d)).map(|d| t.of("portal-sub-done-", d));
    let closure_lines = closures
        .iter()
        .map(|c| ClosureLine {
            id: c.id.clone(),
            pending: c.state == "pending",
            text: if c.state == "pending" {
                t.with("portal-account-pending", "date", &when(c.closure.closes_at))
            } else {
                t.m("portal-account-closing")
            },
        })
        .collect::<Vec<_>>();
    let page = SubscriptionPage {
        slug: signed.operator.slug.to_string(),
        name: signed.operator.name.as_str().to_owned(),
        csrf: signed.csrf(),
        done,
        subscriptions: subscriptions.iter().map(|s| subscription_line(&t, s)).collect(),
        plans: if running || !closure_lines.is_empty() {
            vec![]
        } else {
            plans.iter().map(|p| plan_line(&t, p)).collect()
        },
        can_close: closure_lines.is_empty(),
        closures: closure_lines,
        receipts,
        frame,
    };
    render(&page, StatusCode::OK)
}

/// The outcomes a redirect may name.
const DONE: [&str; 6] = ["signed_up", "paused", "resumed", "cancelled", "reverted", "restored"];

#[derive(Template)]
#[template(path = "portal_subscribe.html")]
struct ReviewPage {
    frame: Frame,
    slug: String,
    csrf: String,
    plan: PlanLine,
    /// The address receipts went to before, to prefill.
    email: String,
}

has_frame!(ReviewPage);

/// `GET /portal/{operator}/me/subscribe/{plan}`: the plan's terms and the button that starts it.
pub async fn review(
    State(state): State<AppState>,
    frame: Frame,
    headers: HeaderMap,
    Path((slug, key)): Path<(String, String)>,
) -> Response {
    let signed = match signed_in(&state, &frame, &headers, &slug).await {
        Ok(signed) => signed,
        Err(response) => return *response,
    };
    let plans = match state.db.list_plans(&signed.operator.id).await {
        Ok(plans) => plans,
        Err(error) => return problem_page(&frame, &error.into()),
    };
    let Some(plan) = plans.iter().find(|p| p.key == key) else {
        return message_page(&frame, StatusCode::NOT_FOUND, frame.t.m("web-not-found"));
    };
    let email = known_address(&state, &signed).await.unwrap_or_default();
    let page = ReviewPage { slug, csrf: signed.csrf(), plan: plan_line(&frame.t, plan), email, frame };
    render(&page, StatusCode::OK)
}

/// A form acting on the session's subscription.
#[derive(Debug, Deserialize)]
pub struct ActFields {
    csrf: String,
    #[serde(default)]
    subscription: String,
    #[serde(default)]
    plan: String,
    #[serde(default)]
    days: Option<u16>,
    #[serde(default)]
    reason: Option<String>,
    #[serde(default)]
    email: Option<String>,
}

/// The session, after the CSRF check.
async fn checked(
    state: &AppState,
    frame: &Frame,
    headers: &HeaderMap,
    slug: &str,
    csrf: &str,
) -> Result<SignedIn, Response> {
    let signed = signed_in(state, frame, headers, slug).await.map_err(|r| *r)?;
    if csrf != signed.csrf() {
        return Err(message_page(frame, StatusCode::FORBIDDEN, frame.t.m("web-form-expired")));
    }
    Ok(signed)
}

fn subject_actor(subject: &str) -> Actor {
    Actor::parse(&format!("subject:{subject}")).unwrap_or_else(|_| Actor::system("portal"))
}

/// `POST /portal/{operator}/me/subscribe`: starts the plan for the session's first subject.
pub async fn subscribe(
    State(state): State<AppState>,
    frame: Frame,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(fields): Form<ActFields>,
) -> Response {
    let signed = match checked(&state, &frame, &headers, &slug, &fields.csrf).await {
        Ok(signed) => signed,
        Err(response) => return response,
    };
    let Some(subject) = signed.session.subjects.first() else {
        return message_page(&frame, StatusCode::NOT_FOUND, frame.t.m("web-not-found"));
    };
    let email = fields.email.map(|e| e.trim().to_owned()).filter(|e| !e.is_empty());
    let body = SignUp {
        subject: subject.to_string(),
        plan: fields.plan,
        email,
        language: Some(frame.lang.as_str().to_owned()),
        channel: "portal".to_owned(),
        steps: SIGN_UP_STEPS,
    };
    let base = base_url(&state, &headers);
    match sign_up_as(&state, &signed.operator, &subject_actor(subject.as_str()), body, &base).await {
        Ok(_) => Redirect::to(&format!("/portal/{slug}/me/subscription?done=signed_up")).into_response(),
        Err(problem) => problem_page(&frame, &problem),
    }
}

/// The address receipts last went to (the portal keeps only a digest of the one the subject signed
/// in with), to prefill the sign-up form.
async fn known_address(state: &AppState, signed: &SignedIn) -> Option<String> {
    let subject = signed.session.subjects.first()?;
    let latest = state.db.list_subscriptions(&signed.operator.id, Some(subject.as_str()), None, 1).await.ok()?;
    latest.into_iter().next().and_then(|s| s.email)
}

/// The session's own subscription named by a form.
async fn own_subscription(
    state: &AppState,
    frame: &Frame,
    signed: &SignedIn,
    reference: &str,
) -> Result<SubscriptionRecord, Response> {
    let found = state.db.subscription(&signed.operator.id, reference).await;
    match found {
        Ok((record, _)) if signed.own(&record.subject_ref).is_some() => Ok(record),
        _ => Err(message_page(frame, StatusCode::NOT_FOUND, frame.t.m("web-not-found"))),
    }
}

/// `POST /portal/{operator}/me/subscription/cancel`: the confirmation of the cancel page.
pub async fn cancel(
    state: State<AppState>,
    frame: Frame,
    headers: HeaderMap,
    Path(slug): Path<String>,
    fields: Form<ActFields>,
) -> Response {
    act(state, frame, headers, Path((slug, "cancel".to_owned())), fields).await
}

/// `POST /portal/{operator}/me/subscription/{action}`: pause, resume or revert (and cancel).
pub async fn act(
    State(state): State<AppState>,
    frame: Frame,
    headers: HeaderMap,
    Path((slug, action)): Path<(String, String)>,
    Form(fields): Form<ActFields>,
) -> Response {
    let signed = match checked(&state, &frame, &headers, &slug, &fields.csrf).await {
        Ok(signed) => signed,
        Err(response) => return response,
    };
    let record = match own_subscription(&state, &frame, &signed, &fields.subscription).await {
        Ok(record) => record,
        Err(response) => return response,
    };
    let (act, done, note) = match action.as_str() {
        "pause" => (Act::Pause(fields.days.unwrap_or(0)), "paused", ChangeNote::default()),
        "resume" => (Act::Resume, "resumed", ChangeNote::default()),
        "revert" => (Act::Revert, "reverted", ChangeNote::default()),
        "cancel" => {
            let reason = fields.reason.filter(|r| REASONS.contains(&r.as_str()) && r != "none");
            (Act::Cancel { at_once: false }, "cancelled", ChangeNote { reason, steps: Some(CANCEL_STEPS) })
        }
        _ => return message_page(&frame, StatusCode::NOT_FOUND, frame.t.m("web-not-found")),
    };
    let base = base_url(&state, &headers);
    let actor = subject_actor(&record.subject_ref);
    match act_as(&state, &signed.operator, &actor, &record.id, act, &note, &base).await {
        Ok(_) => Redirect::to(&format!("/portal/{slug}/me/subscription?done={done}")).into_response(),
        Err(problem) => problem_page(&frame, &problem),
    }
}

#[derive(Template)]
#[template(path = "portal_cancel.html")]
struct CancelPage {
    frame: Frame,
    slug: String,
    /// The form's action.
    action: String,
    csrf: String,
    reference: String,
    title: String,
    consequences: Vec<String>,
    reasons: Vec<(&'static str, String)>,
    offer: Option<String>,
}

has_frame!(CancelPage);

/// What cancelling `record` at the period's end means, in words.
fn consequences(t: &Words, state: &Subscription, record: &SubscriptionRecord) -> Vec<String> {
    let mut lines = Vec::new();
    if state.status == Status::Paused {
        lines.push(t.m("portal-sub-consequence-now"));
    } else {
        let end = when(state.period_end);
        lines.push(t.with("portal-sub-consequence-access", "date", &end));
        lines.push(t.with("portal-sub-consequence-revert", "date", &end));
    }
    lines.push(t.m("portal-sub-consequence-kept"));
    lines.push(t.m("portal-sub-consequence-marketing"));
    let _ = record;
    lines
}

fn cancel_page(frame: Frame, slug: &str, action: String, csrf: String, record: &SubscriptionRecord) -> Response {
    let t = frame.t;
    let max = record.terms.max_pause_days;
    let page = CancelPage {
        slug: slug.to_owned(),
        action,
        csrf,
        reference: record.reference.clone(),
        title: t.with("portal-sub-cancel-title", "plan", &record.plan_name),
        consequences: consequences(&t, &record.state, record),
        reasons: REASONS.iter().map(|r| (*r, t.of("portal-sub-reason-", r))).collect(),
        offer: (record.state.status == Status::Active && max > 0)
            .then(|| t.count("portal-sub-offer", usize::from(max))),
        frame,
    };
    render(&page, StatusCode::OK)
}

/// Which subscription a page is about.
#[derive(Debug, Deserialize)]
pub struct Which {
    subscription: String,
}

/// `GET /portal/{operator}/me/subscription/cancel?subscription=`: the consequences, the optional
/// reason, and the confirmation.
pub async fn cancel_form(
    State(state): State<AppState>,
    frame: Frame,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(which): Query<Which>,
) -> Response {
    let signed = match signed_in(&state, &frame, &headers, &slug).await {
        Ok(signed) => signed,
        Err(response) => return *response,
    };
    let record = match own_subscription(&state, &frame, &signed, &which.subscription).await {
        Ok(record) => record,
        Err(response) => return response,
    };
    let action = format!("/portal/{slug}/me/subscription/cancel");
    cancel_page(frame, &slug, action, signed.csrf(), &record)
}

#[derive(Template)]
#[template(path = "portal_close.html")]
struct ClosePage {
    frame: Frame,
    slug: String,
    csrf: String,
    grace: String,
}

has_frame!(ClosePage);

/// `GET /portal/{operator}/me/account/close`: what closing means, and the second confirmation.
pub async fn close_form(
    State(state): State<AppState>,
    frame: Frame,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Response {
    let signed = match signed_in(&state, &frame, &headers, &slug).await {
        Ok(signed) => signed,
        Err(response) => return *response,
    };
    let grace = match state.db.grace_days(&signed.operator.id).await {
        Ok(days) => frame.t.count("portal-account-grace", usize::from(days)),
        Err(error) => return problem_page(&frame, &error.into()),
    };
    let page = ClosePage { slug, csrf: signed.csrf(), grace, frame };
    render(&page, StatusCode::OK)
}

/// The closure form.
#[derive(Debug, Deserialize)]
pub struct CloseFields {
    csrf: String,
    #[serde(default)]
    understand: Option<String>,
    #[serde(default)]
    closure: String,
}

/// `POST /portal/{operator}/me/account/close`: closes the session's subjects' accounts, once the
/// subject ticked that they understand.
pub async fn close(
    State(state): State<AppState>,
    frame: Frame,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(fields): Form<CloseFields>,
) -> Response {
    let signed = match checked(&state, &frame, &headers, &slug, &fields.csrf).await {
        Ok(signed) => signed,
        Err(response) => return response,
    };
    if fields.understand.as_deref() != Some("yes") {
        return message_page(&frame, StatusCode::UNPROCESSABLE_ENTITY, frame.t.m("portal-account-understand"));
    }
    let base = base_url(&state, &headers);
    for subject in &signed.session.subjects {
        let body = CloseBody { email: None, language: Some(frame.lang.as_str().to_owned()), reason: None };
        if let Err(problem) =
            close_as(&state, &signed.operator, &subject_actor(subject.as_str()), subject.as_str(), body, &base).await
        {
            return problem_page(&frame, &problem);
        }
    }
    Redirect::to(&format!("/portal/{slug}/me/subscription")).into_response()
}

/// `POST /portal/{operator}/me/account/restore`: restores the account within its grace.
pub async fn restore(
    State(state): State<AppState>,
    frame: Frame,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(fields): Form<CloseFields>,
) -> Response {
    let signed = match checked(&state, &frame, &headers, &slug, &fields.csrf).await {
        Ok(signed) => signed,
        Err(response) => return response,
    };
    let closure = match state.db.closure(&signed.operator.id, &fields.closure).await {
        Ok(closure) if signed.own(&closure.subject_ref).is_some() => closure,
        _ => return message_page(&frame, StatusCode::NOT_FOUND, frame.t.m("web-not-found")),
    };
    let base = base_url(&state, &headers);
    let actor = subject_actor(&closure.subject_ref);
    match restore_as(&state, &signed.operator, &actor, &closure.id, &base).await {
        Ok(_) => Redirect::to(&format!("/portal/{slug}/me/subscription?done=restored")).into_response(),
        Err(problem) => problem_page(&frame, &problem),
    }
}

#[derive(Template)]
#[template(path = "portal_cancel_ask.html")]
struct AskPage {
    frame: Frame,
    slug: String,
    name: String,
    sent: bool,
    error: Option<String>,
}

has_frame!(AskPage);

/// `GET /portal/{operator}/cancel`: cancelling without signing in.
pub async fn ask_form(State(state): State<AppState>, frame: Frame, Path(slug): Path<String>) -> Response {
    match operator_of(&state, &slug).await {
        Ok(operator) => {
            let page = AskPage { slug, name: operator.name.as_str().to_owned(), sent: false, error: None, frame };
            render(&page, StatusCode::OK)
        }
        Err(problem) => problem_page(&frame, &problem),
    }
}

/// The form asking for a link.
#[derive(Debug, Deserialize)]
pub struct AskFields {
    email: String,
    reference: String,
}

/// `POST /portal/{operator}/cancel`: e-mails a link when the address and reference match; the page
/// says the same either way.
pub async fn ask(
    State(state): State<AppState>,
    frame: Frame,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(fields): Form<AskFields>,
) -> Response {
    let operator = match operator_of(&state, &slug).await {
        Ok(operator) => operator,
        Err(problem) => return problem_page(&frame, &problem),
    };
    let request = LinkRequest { reference: fields.reference, email: fields.email };
    let base = base_url(&state, &headers);
    let name = operator.name.as_str().to_owned();
    match ask_link_as(&state, &operator, &request, &base).await {
        Ok(()) => render(&AskPage { slug, name, sent: true, error: None, frame }, StatusCode::OK),
        Err(problem) => {
            let status = problem.status();
            let error = Some(problem.problem().detail);
            render(&AskPage { slug, name, sent: false, error, frame }, status)
        }
    }
}

/// `GET /portal/{operator}/cancel/{token}`: what the link cancels, and the confirmation.
pub async fn link_form(
    State(state): State<AppState>,
    frame: Frame,
    Path((slug, token)): Path<(String, String)>,
) -> Response {
    let operator = match operator_of(&state, &slug).await {
        Ok(operator) => operator,
        Err(problem) => return problem_page(&frame, &problem),
    };
    match show_link_as(&state, &operator, &token).await {
        Ok(record) => {
            let action = format!("/portal/{slug}/cancel/{token}");
            cancel_page(frame, &slug, action, String::new(), &record)
        }
        Err(problem) => problem_page(&frame, &problem),
    }
}

/// The confirmation through a link.
#[derive(Debug, Deserialize)]
pub struct LinkFields {
    #[serde(default)]
    reason: Option<String>,
}

/// `POST /portal/{operator}/cancel/{token}`: cancels at the period's end.
pub async fn use_link(
    State(state): State<AppState>,
    frame: Frame,
    headers: HeaderMap,
    Path((slug, token)): Path<(String, String)>,
    Form(fields): Form<LinkFields>,
) -> Response {
    let operator = match operator_of(&state, &slug).await {
        Ok(operator) => operator,
        Err(problem) => return problem_page(&frame, &problem),
    };
    let reason = fields.reason.filter(|r| REASONS.contains(&r.as_str()) && r != "none");
    match use_link_as(&state, &operator, &token, reason, &base_url(&state, &headers)).await {
        Ok(_) => message_page(&frame, StatusCode::OK, frame.t.m("portal-sub-done-cancelled")),
        Err(problem) => problem_page(&frame, &problem),
    }
}
