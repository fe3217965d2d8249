//! Scheduled destruction (`/api/v1/retention`): the subjects whose destruction clock runs (a
//! withdrawal or objection left no basis: 152-FZ art. 21(5)), when each will be destroyed and why
//! (`GET /schedule`, a dry run), and the run that destroys those that are due (`POST /run`, and
//! [`spawn`]'s background task on instances that run the scheduler).
//!
//! A destruction is carried out as an erasure request of its own, entered on the `system` channel,
//! verified by Tutela (the operator, not a requester, asks for it), run by the fulfilment engine on
//! the operator's stores and completed only when every store confirmed: so it has a reference, a
//! destruction act and a line in the destruction log like any erasure. The subject is found by the
//! operator's reference for them in the data map's `account.identifier` fields
//! (`tutela_core::retention::SUBJECT_REF_CATEGORY`). A run that fails leaves the clock running and
//! the request open; the next run tries it again (the engine's saved plan resumes a half-done one).

use std::time::Duration;

use axum::extract::State;
use serde::Serialize;
use tutela_core::consent::DESTRUCTION_CLOCK_KIND;
use tutela_core::journal::{Action, Actor};
use tutela_core::request::status::{self, RequestStatus};
use tutela_core::retention::{self, MAX_DESTRUCTIONS_PER_RUN, SUBJECT_REF_CATEGORY};
use tutela_core::staff::Permission;
use tutela_db::{ClockRecord, DbError, NewRequest, Operator, StatusChange};
use utoipa::ToSchema;
use utoipa_axum::routes;

use crate::api::requests::fulfil::{Acting, fulfil_as};
use crate::api::route::{ApiRoute, staff};
use crate::app::AppState;
use crate::auth::Caller;
use crate::extract::Json;
use crate::problem::{ApiError, ApiResult, Problem};

/// How often the background task looks for due destructions, in milliseconds.
pub const RETENTION_INTERVAL_MS: u64 = 10 * 60 * 1000;

/// The routes of scheduled destruction.
pub fn routes() -> Vec<ApiRoute> {
    vec![staff(Permission::ReadRequests, routes!(schedule)), staff(Permission::WorkRequests, routes!(run))]
}

/// A destruction Tutela will carry out.
#[derive(Debug, Serialize, ToSchema)]
pub struct ScheduledDestruction {
    /// The destruction clock.
    pub clock_id: String,
    /// The subject (the operator's reference).
    pub subject: Option<String>,
    /// Why, with the article (the clock's label).
    pub reason: String,
    /// The clock's state.
    pub state: String,
    /// When the destruction runs (RFC 3339): once the clock is due soon.
    pub runs_at: String,
    /// The deadline (RFC 3339).
    pub due: String,
    /// Whether the next run destroys it.
    pub ready: bool,
}

/// What would be destroyed, when and why: every running destruction clock, soonest due first.
#[utoipa::path(get, path = "/api/v1/retention/schedule", tag = "retention",
    responses((status = 200, body = Vec<ScheduledDestruction>)))]
pub async fn schedule(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Vec<ScheduledDestruction>>> {
    let now = tutela_db::now_us();
    let clocks = destruction_clocks(&state, caller.operator()).await?;
    let items = clocks
        .into_iter()
        .map(|record| ScheduledDestruction {
            ready: retention::ready(&record.clock, record.state, now),
            runs_at: retention::runs_at(&record.clock).to_string(),
            due: record.clock.due().to_string(),
            state: record.state.as_str().to_owned(),
            subject: record.subject_ref.as_ref().map(ToString::to_string),
            reason: record.label,
            clock_id: record.id,
        })
        .collect();
    Ok(Json(items))
}

async fn destruction_clocks(state: &AppState, operator: &Operator) -> ApiResult<Vec<ClockRecord>> {
    Ok(state.db.open_clocks_of_kind(&operator.id, DESTRUCTION_CLOCK_KIND, tutela_db::MAX_JOURNAL_PAGE).await?)
}

/// One destruction carried out, or tried.
#[derive(Debug, Serialize, ToSchema)]
pub struct DestructionRun {
    /// The destruction clock.
    pub clock_id: String,
    /// The subject.
    pub subject: Option<String>,
    /// The erasure request it ran as.
    pub request: Option<String>,
    /// `complete` (every store confirmed; the clock is met), `incomplete`, or `failed`.
    pub state: String,
    /// The destruction act's number.
    pub act_number: Option<String>,
    /// Why it did not complete.
    pub detail: Option<String>,
}

/// Destroys every subject whose destruction is due (at most 50 a run), through the fulfilment
/// engine, each as an erasure request with its destruction act.
#[utoipa::path(post, path = "/api/v1/retention/run", tag = "retention",
    responses((status = 200, body = Vec<DestructionRun>), (status = 409, body = Problem)))]
pub async fn run(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Vec<DestructionRun>>> {
    let acting = Acting::of(&caller)?;
    Ok(Json(run_due(&state, &acting).await?))
}

/// Carries out the destructions of `acting`'s operator that are due now.
pub async fn run_due(state: &AppState, acting: &Acting<'_>) -> ApiResult<Vec<DestructionRun>> {
    let now = tutela_db::now_us();
    let due: Vec<ClockRecord> = destruction_clocks(state, acting.operator)
        .await?
        .into_iter()
        .filter(|record| retention::ready(&record.clock, record.state, now))
        .take(MAX_DESTRUCTIONS_PER_RUN as usize)
        .collect();
    let mut runs = Vec::with_capacity(due.len());
    for record in due {
        let mut outcome = DestructionRun {
            clock_id: record.id.clone(),
            subject: record.subject_ref.as_ref().map(ToString::to_string),
            request: None,
            state: "failed".to_owned(),
            act_number: None,
            detail: None,
        };
        if let Err(problem) = destroy(state, acting, &record, &mut outcome).await {
            outcome.detail = Some(problem.problem().detail);
        }
        runs.push(outcome);
    }
    Ok(runs)
}

async fn destroy(
    state: &AppState,
    acting: &Acting<'_>,
    clock: &ClockRecord,
    outcome: &mut DestructionRun,
) -> ApiResult<()> {
    let subject = clock.subject_ref.as_ref().ok_or_else(|| ApiError::unprocessable("the clock names no subject"))?;
    let erasure = OwnErasure {
        identities: serde_json::json!({ SUBJECT_REF_CATEGORY: subject.to_string() }),
        subject: Some(subject.clone()),
        jurisdiction: if clock.clock.calendar_id().as_str() == "ru" { "ru_152fz" } else { "eu_gdpr" },
        why: format!("scheduled destruction of subject {subject} (clock {})", clock.id),
    };
    let erased = erase_as(state, acting, &erasure).await?;
    outcome.request = Some(erased.reference.clone());
    outcome.state = erased.state.clone();
    outcome.act_number = erased.act_number.clone();
    if erased.state != "complete" {
        outcome.detail = Some("not every store confirmed the erasure: the next run tries again".to_owned());
        return Ok(());
    }
    let now = tutela_db::now_us();
    state
        .db
        .update_clock(&acting.operator.id, &clock.id, &acting.actor, Action::CompleteClock, |c| {
            c.complete(now).map(|outcome| serde_json::json!({ "outcome": outcome, "request": erased.reference }))
        })
        .await?;
    Ok(())
}

/// An erasure Tutela asks for itself: a due destruction, a closed account.
pub struct OwnErasure {
    /// The identities the engine looks the subject up by (`email`, `account.identifier`).
    pub identities: serde_json::Value,
    /// The operator's reference for the subject.
    pub subject: Option<tutela_core::subject::SubjectRef>,
    /// The jurisdiction whose rules the request follows.
    pub jurisdiction: &'static str,
    /// Why, for the request's history.
    pub why: String,
}

/// What an own erasure did.
#[derive(Debug, Clone)]
pub struct ErasureOutcome {
    /// The erasure request.
    pub request_id: String,
    /// Its reference.
    pub reference: String,
    /// `complete` (every store confirmed; the request is completed) or `incomplete`.
    pub state: String,
    /// The destruction act's number.
    pub act_number: Option<String>,
}

/// Carries out `erasure` as an erasure request of its own on the `system` channel, verified by
/// Tutela (the operator, not a requester, asks for it), run by the fulfilment engine, completed
/// when every store confirmed. A request a failed run left open is taken up again.
pub async fn erase_as(state: &AppState, acting: &Acting<'_>, erasure: &OwnErasure) -> ApiResult<ErasureOutcome> {
    let operator_id = &acting.operator.id;
    let request = open_request(state, acting, erasure).await?;
    if request.status == RequestStatus::Received.as_str() {
        let note = format!("{}: Tutela's own erasure, no requester to verify", erasure.why);
        let change = StatusChange { status: "verified", note: &note, complete_clock: false, answer: None };
        state
            .db
            .change_request(
                operator_id,
                &request.id,
                &acting.actor,
                change,
                crate::api::requests::allow(status::may_verify),
            )
            .await?;
    }
    let run = fulfil_as(state, acting, &request.id, false).await?;
    let outcome = ErasureOutcome {
        request_id: request.id.clone(),
        reference: request.reference.clone(),
        state: run.state.clone(),
        act_number: run.act_number.clone(),
    };
    if run.state == "complete" {
        let note = format!("erased: destruction act {}", run.act_number.as_deref().unwrap_or("-"));
        let change = StatusChange { status: "completed", note: &note, complete_clock: false, answer: None };
        state.db.change_request(operator_id, &request.id, &acting.actor, change, |_| Ok(())).await?;
    }
    Ok(outcome)
}

/// The erasure request of `erasure`: the open one a failed run left, or a new one.
async fn open_request(
    state: &AppState,
    acting: &Acting<'_>,
    erasure: &OwnErasure,
) -> ApiResult<tutela_db::RequestRecord> {
    let applied = state
        .datamaps
        .current(&state.db, &acting.operator.id)
        .await?
        .ok_or_else(crate::api::consent::ledger::no_data_map)?;
    let new = NewRequest {
        request_type: "erasure".to_owned(),
        jurisdiction: erasure.jurisdiction.to_owned(),
        channel: "system".to_owned(),
        language: applied.map.operator.default_language().as_str().to_owned(),
        subject_ref: erasure.subject.clone(),
        identities: erasure.identities.clone(),
        received_at: tutela_db::now_us(),
        reference_prefix: crate::api::requests::reference_prefix(acting.operator.slug.as_str()),
        clock: None,
    };
    match state.db.create_request(&acting.operator.id, &new, &acting.actor).await {
        Ok(request) => Ok(request),
        // A run that failed left its request open: the duplicate check names it.
        Err(DbError::Refused { id, .. }) => Ok(state.db.request(&acting.operator.id, &id).await?),
        Err(error) => Err(error.into()),
    }
}

/// Starts the background task that runs due destructions for every operator every
/// [`RETENTION_INTERVAL_MS`], as `system:retention`. Operators without stores are skipped.
pub fn spawn(state: AppState) {
    tokio::spawn(async move {
        let actor = Actor::system("retention");
        loop {
            tokio::time::sleep(Duration::from_millis(RETENTION_INTERVAL_MS)).await;
            let operators = match state.db.list_operators().await {
                Ok(operators) => operators,
                Err(error) => {
                    tracing::warn!(%error, "retention: cannot list operators");
                    continue;
                }
            };
            for operator in &operators {
                let acting = Acting { operator, actor: actor.clone(), staff_id: None };
                match run_due(&state, &acting).await {
                    Ok(runs) if !runs.is_empty() => {
                        let done = runs.iter().filter(|run| run.state == "complete").count();
                        tracing::info!(operator = %operator.slug, due = runs.len(), done, "retention: destructions run");
                    }
                    Ok(_) => {}
                    Err(problem) => {
                        tracing::debug!(operator = %operator.slug, detail = %problem.problem().detail, "retention: skipped");
                    }
                }
            }
        }
    });
}
