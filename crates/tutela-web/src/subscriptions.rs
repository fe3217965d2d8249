//! Subscriptions in the console: the operator's plans, every subscription with its status, billing
//! and access ends and how sign-up happened, account closures in their grace period, and a button
//! that runs what fell due now (as the background task does every minute), through
//! `tutela_server::api::subscriptions`.

use askama::Template;
use axum::Form;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::Deserialize;
use tutela_core::staff::Permission;
use tutela_server::api::subscriptions::accounts::{ClosureView, RunReport, closure_view, run_due};
use tutela_server::api::subscriptions::{PlanView, SubscriptionView, base_url, plan_view, subscription_view};
use tutela_server::app::AppState;
use tutela_server::auth::Caller;

use crate::console::{allowed, allowed_form, message_page};
use crate::frame::Frame;
use crate::session::{has_frame, render};

/// Most subscriptions the page lists, newest first.
const MAX_LISTED: u32 = 200;

#[derive(Template)]
#[template(path = "subscriptions.html")]
struct SubscriptionsPage {
    frame: Frame,
    plans: Vec<PlanRow>,
    /// Each subscription with its sign-up steps in words.
    subscriptions: Vec<(SubscriptionView, String)>,
    closures: Vec<ClosureView>,
    /// The grace period, in words.
    grace: String,
    /// What a run just did, and how much.
    report: Option<RunReport>,
    ran: String,
}

/// A plan with its trial and pause limit in words.
struct PlanRow {
    view: PlanView,
    terms: String,
}

has_frame!(SubscriptionsPage);

/// `GET /console/subscriptions`.
pub async fn show(State(state): State<AppState>, frame: Frame) -> Response {
    match allowed(&frame, Permission::ReadSubscriptions) {
        Ok(caller) => page(&state, frame, &caller, None).await,
        Err(response) => *response,
    }
}

async fn page(state: &AppState, frame: Frame, caller: &Caller, report: Option<RunReport>) -> Response {
    let operator_id = &caller.operator().id;
    let loaded = async {
        let plans = state.db.list_plans(operator_id).await?;
        let subscriptions = state.db.list_subscriptions(operator_id, None, None, MAX_LISTED).await?;
        let closures = state.db.list_closures(operator_id, None, MAX_LISTED).await?;
        let grace_days = state.db.grace_days(operator_id).await?;
        Ok::<_, tutela_db::DbError>((plans, subscriptions, closures, grace_days))
    };
    match loaded.await {
        Ok((plans, subscriptions, closures, grace_days)) => {
            let done = report.as_ref().map_or(0, |r| r.advanced.len() + r.closures.len());
            let page = SubscriptionsPage {
                grace: frame.t.count("web-subs-grace", usize::from(grace_days)),
                ran: frame.t.count("web-subs-ran", done),
                plans: plans
                    .iter()
                    .map(|plan| {
                        let days = plan.terms.trial_days;
                        let trial = (days > 0).then(|| frame.t.count("portal-sub-trial", usize::from(days)));
                        let pause = frame.t.count("web-subs-pause-limit", usize::from(plan.terms.max_pause_days));
                        let terms = trial.into_iter().chain([pause]).collect::<Vec<_>>().join(" · ");
                        PlanRow { view: plan_view(plan), terms }
                    })
                    .collect(),
                subscriptions: subscriptions
                    .iter()
                    .map(|s| (subscription_view(s, None), frame.t.count("web-subs-steps", s.signup_steps as usize)))
                    .collect(),
                closures: closures.iter().map(closure_view).collect(),
                report,
                frame,
            };
            render(&page, StatusCode::OK)
        }
        Err(error) => {
            let problem: tutela_server::problem::ApiError = error.into();
            message_page(&frame, problem.status(), problem.problem().detail)
        }
    }
}

/// The run form.
#[derive(Debug, Deserialize)]
pub struct RunFields {
    csrf: String,
}

/// `POST /console/subscriptions/run`: runs what fell due now and shows what it did.
pub async fn run(
    State(state): State<AppState>,
    frame: Frame,
    headers: HeaderMap,
    Form(fields): Form<RunFields>,
) -> Response {
    let caller = match allowed_form(&frame, Permission::WorkSubscriptions, &fields.csrf) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    match run_due(&state, Some(caller.operator()), &base_url(&state, &headers)).await {
        Ok(report) => page(&state, frame, &caller, Some(report)).await,
        Err(problem) => message_page(&frame, problem.status(), problem.problem().detail),
    }
}
