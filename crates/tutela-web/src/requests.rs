//! The request log in the console: the newest requests with their status and deadline, and one
//! request with its history and the forms that verify the requester, carry the request out on the
//! operator's stores (a dry run first), download the access package, and complete or refuse it,
//! through the API's own `tutela_server::api::requests` functions.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use tutela_core::staff::Permission;
use tutela_server::api::requests::destruction;
use tutela_server::api::requests::fulfil::{self, FulfilmentView};
use tutela_server::api::requests::report::{self, RequestReport};
use tutela_server::api::requests::{self, RequestView, attachments, extend, verify};
use tutela_server::app::AppState;
use tutela_server::auth::Caller;

use crate::console::{allowed, allowed_form, message_page};
use crate::frame::Frame;
use crate::session::{has_frame, render};

/// Requests on the list page.
const LIST_REQUESTS: u32 = 100;

#[derive(Template)]
#[template(path = "requests.html")]
struct RequestsPage {
    frame: Frame,
    requests: Vec<RequestView>,
    /// The last request's id when the page is full: where the older ones start.
    older: Option<String>,
    /// The status shown, when the list is filtered.
    status: Option<&'static str>,
    filters: [&'static str; 5],
    report: RequestReport,
    /// The time-to-answer chart: one row per request type that has answers.
    answer_bars: Vec<AnswerBar>,
}

/// One row of the time-to-answer chart: a request type's median and 95th-percentile time to
/// answer, as bars scaled to the slowest 95th percentile.
pub struct AnswerBar {
    /// The request type.
    pub request_type: String,
    /// Median, in hours (rounded).
    pub median_hours: u64,
    /// 95th percentile, in hours (rounded).
    pub p95_hours: u64,
    /// Bar widths, in pixels of [`ANSWER_CHART_PX`].
    pub median_px: usize,
    /// See `median_px`.
    pub p95_px: usize,
    /// The row's top, in pixels.
    pub y_px: usize,
}

/// The width of the chart's longest bar, in pixels.
const ANSWER_CHART_PX: f64 = 300.0;
/// The height of one chart row (two bars), in pixels.
const ANSWER_ROW_PX: usize = 44;

fn answer_bars(report: &RequestReport) -> Vec<AnswerBar> {
    let answered: Vec<_> =
        report.types.iter().filter_map(|t| Some((t.request_type.clone(), t.median_hours?, t.p95_hours?))).collect();
    let longest = answered.iter().map(|(_, _, p95)| *p95).fold(0.0_f64, f64::max).max(1.0);
    let px = |hours: f64| (hours / longest * ANSWER_CHART_PX).round().max(1.0) as usize;
    answered
        .into_iter()
        .enumerate()
        .map(|(row, (request_type, median, p95))| AnswerBar {
            request_type,
            median_hours: median.round() as u64,
            p95_hours: p95.round() as u64,
            median_px: px(median),
            p95_px: px(p95),
            y_px: row * ANSWER_ROW_PX,
        })
        .collect()
}

/// Which page of the log.
#[derive(Debug, Deserialize)]
pub struct ListQuery {
    /// Requests older than this one (its id); the newest when absent.
    after: Option<String>,
    /// Only requests in this status (`open`, `received` ...).
    status: Option<String>,
}

has_frame!(RequestsPage);

/// `GET /console/requests`.
pub async fn list(State(state): State<AppState>, frame: Frame, Query(query): Query<ListQuery>) -> Response {
    let caller = match allowed(&frame, Permission::ReadRequests) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    let listed = async {
        let status = requests::status_filter(query.status.as_deref())?;
        let page = requests::page(&state, &caller, query.after.as_deref(), LIST_REQUESTS, status).await?;
        Ok::<_, tutela_server::problem::ApiError>((status, page, report::report(&state, &caller).await?))
    };
    match listed.await {
        Ok((status, requests, report)) => {
            let full = requests.len() == LIST_REQUESTS as usize;
            let older = requests.last().filter(|_| full).map(|last| last.id.clone());
            let filters = requests::STATUS_FILTERS;
            let answer_bars = answer_bars(&report);
            render(&RequestsPage { frame, requests, older, status, filters, report, answer_bars }, StatusCode::OK)
        }
        Err(problem) => message_page(&frame, problem.status(), problem.problem().detail),
    }
}

#[derive(Template)]
#[template(path = "request.html")]
struct RequestPage {
    frame: Frame,
    request: RequestView,
    csrf: String,
    may_work: bool,
    /// Whether the request is still open.
    open: bool,
    notice: Option<String>,
    error: Option<String>,
    /// The tables a dry run just found, when one was asked for.
    plan: Option<Vec<PlanRow>>,
    runs: Vec<RunRow>,
    methods: [&'static str; 3],
    /// The items the request's law requires it to contain, when it names any.
    required: Vec<&'static str>,
}

/// One table of a run's plan.
struct PlanRow {
    store: String,
    table: String,
    rows: u64,
    erasure: String,
}

/// One run of the engine, as the page lists it.
struct RunRow {
    started_at: String,
    kind: String,
    state: String,
    rows: u64,
    package_url: Option<String>,
    package_sha256: Option<String>,
    act_url: Option<String>,
    act_number: Option<String>,
}

fn plan_of(run: &FulfilmentView) -> Vec<PlanRow> {
    let plan = run.report.as_ref().and_then(|report| report["plan"].as_array().cloned()).unwrap_or_default();
    let text = |value: &serde_json::Value| value.as_str().unwrap_or_default().to_owned();
    plan.iter()
        .map(|table| PlanRow {
            store: text(&table["store"]),
            table: text(&table["table"]),
            rows: table["rows"].as_u64().unwrap_or(0),
            erasure: text(&table["erasure"]),
        })
        .collect()
}

fn run_row(run: &FulfilmentView) -> RunRow {
    RunRow {
        started_at: run.started_at.clone(),
        kind: run.kind.clone(),
        state: run.state.clone(),
        rows: plan_of(run).iter().map(|table| table.rows).sum(),
        package_url: run.id.as_ref().filter(|_| run.package_sha256.is_some()).map(|_| {
            run.package_url.as_deref().unwrap_or_default().replacen("/api/v1/requests/", "/console/requests/", 1)
        }),
        package_sha256: run.package_sha256.clone(),
        act_url: run.act_url.as_deref().map(|url| url.replacen("/api/v1/requests/", "/console/requests/", 1)),
        act_number: run.act_number.clone(),
    }
}

has_frame!(RequestPage);

/// `GET /console/requests/{id}`.
pub async fn show(State(state): State<AppState>, frame: Frame, Path(id): Path<String>) -> Response {
    let caller = match allowed(&frame, Permission::ReadRequests) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    page(&state, frame, &caller, &id, Outcome::default()).await
}

/// What a form just did, for the page drawn after it.
#[derive(Default)]
struct Outcome {
    notice: Option<String>,
    error: Option<(StatusCode, String)>,
    dry_run: Option<FulfilmentView>,
}

impl Outcome {
    fn notice(text: String) -> Self {
        Outcome { notice: Some(text), ..Outcome::default() }
    }

    fn failed(problem: &tutela_server::problem::ApiError) -> Self {
        Outcome { error: Some((problem.status(), problem.problem().detail)), ..Outcome::default() }
    }
}

async fn page(state: &AppState, frame: Frame, caller: &Caller, id: &str, outcome: Outcome) -> Response {
    let request = match requests::load(state, caller, id).await {
        Ok(request) => request,
        Err(problem) if problem.status() == StatusCode::NOT_FOUND => {
            return message_page(&frame, StatusCode::NOT_FOUND, frame.t.m("web-not-found"));
        }
        Err(problem) => return message_page(&frame, problem.status(), problem.problem().detail),
    };
    let csrf = frame.csrf();
    let may_work = caller.require(Permission::WorkRequests).is_ok();
    let (status, error) = match outcome.error {
        Some((status, detail)) => (status, Some(detail)),
        None => (StatusCode::OK, None),
    };
    let open = request.status == "received" || request.status == "verified";
    let plan = outcome.dry_run.as_ref().map(plan_of);
    let runs = request.fulfilments.iter().map(run_row).collect();
    let methods = verify::METHODS;
    let notice = outcome.notice;
    let required = request
        .jurisdiction
        .parse()
        .ok()
        .and_then(tutela_core::request::contents::contents_rule)
        .map(|rule| rule.items.iter().map(|item| item.id).collect())
        .unwrap_or_default();
    let page = RequestPage { frame, request, csrf, may_work, open, notice, error, plan, runs, methods, required };
    render(&page, status)
}

/// The form that records how the requester was verified.
#[derive(Debug, Deserialize)]
pub struct VerifyForm {
    method: String,
    note: String,
    csrf: String,
}

/// `POST /console/requests/{id}/verify`, through `verify::verify`.
pub async fn verify(
    State(state): State<AppState>,
    frame: Frame,
    Path(id): Path<String>,
    Form(form): Form<VerifyForm>,
) -> Response {
    let caller = match allowed_form(&frame, Permission::WorkRequests, &form.csrf) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    let outcome = match verify::verify(&state, &caller, &id, &form.method, &form.note).await {
        Ok(_) => Outcome::notice(frame.t.m("web-request-verified")),
        Err(problem) => Outcome::failed(&problem),
    };
    page(&state, frame, &caller, &id, outcome).await
}

/// The form that extends a request's deadline.
#[derive(Debug, Deserialize)]
pub struct ExtendForm {
    reason: String,
    csrf: String,
}

/// `POST /console/requests/{id}/extend`, through `extend::extend`.
pub async fn extend(
    State(state): State<AppState>,
    frame: Frame,
    Path(id): Path<String>,
    Form(form): Form<ExtendForm>,
) -> Response {
    let caller = match allowed_form(&frame, Permission::WorkRequests, &form.csrf) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    let outcome = match extend::extend(&state, &caller, &id, &form.reason).await {
        Ok(_) => Outcome::notice(frame.t.m("web-request-extended")),
        Err(problem) => Outcome::failed(&problem),
    };
    page(&state, frame, &caller, &id, outcome).await
}

/// `POST /console/requests/{id}/contents`, through `contents::check`: the form's CSRF token, and
/// one checkbox named after each item of the law's rule that the letter carries (the rule table in
/// `tutela_core::request::contents` is the one list of items; an unknown name is refused there).
pub async fn contents(
    State(state): State<AppState>,
    frame: Frame,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let csrf = fields.iter().find(|(name, _)| name == "csrf").map_or("", |(_, value)| value.as_str());
    let caller = match allowed_form(&frame, Permission::WorkRequests, csrf) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    let present: Vec<String> = fields.iter().filter(|(name, _)| name != "csrf").map(|(name, _)| name.clone()).collect();
    let outcome = match requests::contents::check(&state, &caller, &id, &present).await {
        Ok(view) if view.missing.is_empty() => Outcome::notice(frame.t.m("web-request-contents-complete")),
        Ok(_) => Outcome::notice(frame.t.m("web-request-contents-missing")),
        Err(problem) => Outcome::failed(&problem),
    };
    page(&state, frame, &caller, &id, outcome).await
}

/// The form that runs the fulfilment engine.
#[derive(Debug, Deserialize)]
pub struct FulfilForm {
    /// `dry_run` or `run`.
    mode: String,
    csrf: String,
}

/// `POST /console/requests/{id}/fulfil`, through `fulfil::fulfil`.
pub async fn fulfil(
    State(state): State<AppState>,
    frame: Frame,
    Path(id): Path<String>,
    Form(form): Form<FulfilForm>,
) -> Response {
    let caller = match allowed_form(&frame, Permission::WorkRequests, &form.csrf) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    let dry_run = form.mode != "run";
    let outcome = match fulfil::fulfil(&state, &caller, &id, dry_run).await {
        Ok(run) if dry_run => {
            Outcome { notice: Some(frame.t.m("web-request-run-dry")), dry_run: Some(run), ..Outcome::default() }
        }
        Ok(run) => Outcome::notice(frame.t.of("web-request-run-state-", &run.state)),
        Err(problem) => Outcome::failed(&problem),
    };
    page(&state, frame, &caller, &id, outcome).await
}

/// A document the API serves (a package, an act, a letter, a CSV), for staff with `permission`:
/// the API's own response, or a page naming what failed.
async fn download<F, Fut>(frame: &Frame, permission: Permission, serve: F) -> Response
where
    F: FnOnce(Caller) -> Fut,
    Fut: std::future::Future<Output = Result<Response, tutela_server::problem::ApiError>>,
{
    let caller = match allowed(frame, permission) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    match serve(caller).await {
        Ok(response) => response,
        Err(problem) => message_page(frame, problem.status(), problem.problem().detail),
    }
}

/// `GET /console/requests/{id}/fulfilments/{run}/act`: an erasure run's destruction act.
pub async fn act(State(state): State<AppState>, frame: Frame, Path((id, run)): Path<(String, String)>) -> Response {
    download(&frame, Permission::ReadRequests, |caller| async move {
        destruction::act_response(&state, &caller, &id, &run).await
    })
    .await
}

/// `POST /console/requests/{id}/attachments`: a scanned letter or document, uploaded with the
/// form's CSRF token, through `attachments::add` (which checks its type, bytes and size).
pub async fn attach(
    State(state): State<AppState>,
    frame: Frame,
    Path(id): Path<String>,
    mut form: axum::extract::Multipart,
) -> Response {
    let (mut csrf, mut file) = (String::new(), None);
    loop {
        match form.next_field().await {
            Ok(Some(field)) => match field.name() {
                Some("csrf") => csrf = field.text().await.unwrap_or_default(),
                Some("file") => {
                    let name = field.file_name().unwrap_or("file").to_owned();
                    let media_type = field.content_type().unwrap_or("").to_owned();
                    match field.bytes().await {
                        Ok(bytes) => file = Some((name, media_type, bytes)),
                        Err(_) => {
                            return message_page(&frame, StatusCode::PAYLOAD_TOO_LARGE, frame.t.m("web-error-title"));
                        }
                    }
                }
                _ => {}
            },
            Ok(None) => break,
            Err(_) => return message_page(&frame, StatusCode::BAD_REQUEST, frame.t.m("web-error-title")),
        }
    }
    let caller = match allowed_form(&frame, Permission::WorkRequests, &csrf) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    let Some((name, media_type, bytes)) = file else {
        return message_page(&frame, StatusCode::BAD_REQUEST, frame.t.m("web-error-title"));
    };
    let outcome = match attachments::add(&state, &caller, &id, &name, &media_type, &bytes).await {
        Ok(_) => Outcome::notice(frame.t.m("web-request-attached")),
        Err(problem) => Outcome::failed(&problem),
    };
    page(&state, frame, &caller, &id, outcome).await
}

/// `GET /console/requests/{id}/attachments/{file}`: one attachment.
pub async fn attachment(
    State(state): State<AppState>,
    frame: Frame,
    Path((id, file)): Path<(String, String)>,
) -> Response {
    download(&frame, Permission::ReadRequests, |caller| async move {
        attachments::download_response(&state, &caller, &id, &file).await
    })
    .await
}

/// `GET /console/requests/{id}/answer`: the answer as a printable letter.
pub async fn answer(State(state): State<AppState>, frame: Frame, Path(id): Path<String>) -> Response {
    download(&frame, Permission::ReadRequests, |caller| async move {
        requests::answer::answer_response(&state, &caller, &id).await
    })
    .await
}

/// `GET /console/request-register`: the request register, as CSV.
pub async fn register(State(state): State<AppState>, frame: Frame) -> Response {
    download(&frame, Permission::ReadRequests, |caller| async move { report::register_response(&state, &caller).await })
        .await
}

/// `GET /console/destruction-log`: every destruction act, as CSV.
pub async fn destruction_log(State(state): State<AppState>, frame: Frame) -> Response {
    download(&frame, Permission::ReadRequests, |caller| async move {
        destruction::destruction_log_response(&state, &caller).await
    })
    .await
}

/// `GET /console/requests/{id}/fulfilments/{run}/package`: the access package, for staff who may
/// work requests (they send it to the subject).
pub async fn package(State(state): State<AppState>, frame: Frame, Path((id, run)): Path<(String, String)>) -> Response {
    download(&frame, Permission::WorkRequests, |caller| async move {
        fulfil::package_response(&state, &caller, &id, &run).await
    })
    .await
}

/// The form that closes a request.
#[derive(Debug, Deserialize)]
pub struct CloseForm {
    outcome: String,
    note: String,
    csrf: String,
}

/// `POST /console/requests/{id}/close`: `completed` or `refused`, through `requests::close`.
pub async fn close(
    State(state): State<AppState>,
    frame: Frame,
    Path(id): Path<String>,
    Form(form): Form<CloseForm>,
) -> Response {
    let caller = match allowed_form(&frame, Permission::WorkRequests, &form.csrf) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    let Some(outcome) = requests::CLOSING_STATUSES.into_iter().find(|status| *status == form.outcome) else {
        return message_page(&frame, StatusCode::BAD_REQUEST, frame.t.m("web-error-title"));
    };
    let result = match requests::close(&state, &caller, &id, outcome, &form.note).await {
        Ok(_) => Outcome::notice(frame.t.m(&format!("web-request-{outcome}"))),
        Err(problem) => Outcome::failed(&problem),
    };
    page(&state, frame, &caller, &id, result).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use tutela_server::api::requests::report::TypeFigures;

    fn figures(request_type: &str, median: Option<f64>, p95: Option<f64>) -> TypeFigures {
        TypeFigures {
            request_type: request_type.into(),
            median_hours: median,
            p95_hours: p95,
            ..TypeFigures::default()
        }
    }

    #[test]
    fn answer_bars_scale_to_the_slowest_percentile_and_skip_unanswered_types() {
        let report = RequestReport {
            requests: 3,
            types: vec![
                figures("access", Some(24.0), Some(120.0)),
                figures("erasure", None, None),
                figures("rectification", Some(60.4), Some(240.0)),
            ],
        };
        let bars = answer_bars(&report);
        let rows: Vec<_> = bars.iter().map(|b| (b.request_type.as_str(), b.median_px, b.p95_px, b.y_px)).collect();
        assert_eq!(rows, [("access", 30, 150, 0), ("rectification", 76, 300, ANSWER_ROW_PX)]);
        assert_eq!((bars[1].median_hours, bars[1].p95_hours), (60, 240));
    }
}
