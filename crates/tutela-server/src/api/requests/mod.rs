//! Data-subject requests: entered in the request log the moment they arrive, with the statutory
//! clock their jurisdiction and type set (`tutela_core::request`'s cited rule table), then answered
//! or refused; every change is journaled and the request's history kept.
//!
//! - `POST /api/v1/requests`: a request received through any channel (the API, the portal, e-mail,
//!   a paper letter, a phone call), with the identities as given; its clock starts from
//!   `received_at` on the jurisdiction's calendar (or `calendar`, which the GDPR needs: Bulgaria's
//!   holidays are not Germany's);
//! - `GET /api/v1/requests` (newest first, paged) and `GET /api/v1/requests/{id}` (by id or reference,
//!   with its history and deadline);
//! - `GET /api/v1/requests/report` and `/register` ([`report`]): time to answer per type, and the
//!   request register as CSV;
//! - `POST /api/v1/requests/{id}/attachments` ([`attachments`]): a scanned letter or document;
//! - `POST /api/v1/requests/{id}/contents` ([`contents`]): the items its law requires, a request
//!   for completion when one is missing, the clock paused until it comes;
//! - `POST /api/v1/requests/{id}/extend` ([`extend`]): the law's extension, once, with reasons;
//! - `POST /api/v1/requests/{id}/verify` ([`verify`]): the requester's identity, before anything is
//!   returned or changed;
//! - `POST /api/v1/requests/{id}/fulfil` ([`fulfil`]): the fulfilment engine on the operator's stores;
//! - `POST /api/v1/requests/{id}/complete` and `/refuse` (with the ground): final, and the request's
//!   clock is completed and its [`answer`] stored and sent in the same transaction. What each step needs (verification first, every
//!   store's confirmation before completion) is `tutela_core::request::status`.

pub mod answer;
pub mod attachments;
pub mod contents;
pub mod destruction;
pub mod extend;
pub mod fulfil;
pub mod report;
pub mod verify;

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use tutela_core::journal::Actor;
use tutela_core::request::status::{self, RequestStatus};
use tutela_core::request::{self, Jurisdiction, RequestType};
use tutela_core::staff::Permission;
use tutela_core::subject::SubjectRef;
use tutela_db::{NewRequest, Operator, RequestEvent, RequestRecord, StatusChange};
use tutela_i18n::Lang;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::routes;

use crate::api::Paged;
use crate::api::route::{ApiRoute, staff};
use crate::app::AppState;
use crate::auth::Caller;
use crate::extract::{Json, Path, Query};
use crate::problem::{ApiError, ApiResult, Problem};

/// Most identities one request may carry.
pub const MAX_IDENTITIES: usize = 10;
/// Longest identity value, in characters.
pub const MAX_IDENTITY_CHARS: usize = 320;
/// Longest note or ground, in characters.
pub const MAX_NOTE_CHARS: usize = 2000;
/// The channels a request comes by.
pub const CHANNELS: [&str; 5] = ["api", "portal", "email", "paper", "phone"];
/// The statuses a request is closed with, and ends in.
pub const CLOSING_STATUSES: [&str; 2] = ["completed", "refused"];

/// The request log's routes.
pub fn routes() -> Vec<ApiRoute> {
    vec![
        staff(Permission::WorkRequests, routes!(create_request)),
        staff(Permission::ReadRequests, routes!(list_requests)),
        staff(Permission::ReadRequests, routes!(report::request_report)),
        staff(Permission::ReadRequests, routes!(report::request_register)),
        staff(Permission::ReadRequests, routes!(get_request)),
        staff(Permission::ReadRequests, routes!(answer::get_answer)),
        staff(Permission::WorkRequests, routes!(attachments::attach)),
        staff(Permission::WorkRequests, routes!(contents::check_contents)),
        staff(Permission::ReadRequests, routes!(attachments::download)),
        staff(Permission::WorkRequests, routes!(complete_request)),
        staff(Permission::WorkRequests, routes!(refuse_request)),
        staff(Permission::WorkRequests, routes!(verify::verify_request)),
        staff(Permission::WorkRequests, routes!(verify::send_code_route)),
        staff(Permission::WorkRequests, routes!(verify::check_code_route)),
        staff(Permission::WorkRequests, routes!(extend::extend_request)),
        staff(Permission::WorkRequests, routes!(fulfil::fulfil_request)),
        staff(Permission::ReadRequests, routes!(fulfil::list_fulfilments)),
        staff(Permission::WorkRequests, routes!(fulfil::get_package)),
        staff(Permission::ReadRequests, routes!(destruction::get_act)),
        staff(Permission::ReadRequests, routes!(destruction::destruction_log)),
    ]
}

/// A request as received.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateRequest {
    /// `access`, `portability`, `rectification`, `restriction`, `erasure`, `objection`,
    /// `withdrawal`, `account_closure` or `complaint`.
    #[serde(rename = "type")]
    pub request_type: String,
    /// `eu_gdpr`, `ru_152fz`, `cn_pipl`, `in_dpdp`, `us_ca_ccpa` or `br_lgpd`.
    pub jurisdiction: String,
    /// How it came: `api` (default), `portal`, `email`, `paper` or `phone`.
    pub channel: Option<String>,
    /// The language of the answer: one the operator publishes in (its data map's languages; any of
    /// en, zh-CN, ru, bg, hi without one).
    pub language: String,
    /// When it was received (RFC 3339; now when absent): its clock counts from here.
    pub received_at: Option<String>,
    /// The calendar to count on; the jurisdiction's own when absent (the GDPR has none: give the
    /// member state's, e.g. `bg`).
    pub calendar: Option<String>,
    /// The operator's reference for the subject, when known.
    pub subject_ref: Option<String>,
    /// The identities as the requester gave them: 1 to 10. `email`, `phone` and data category ids
    /// (`account.identifier`) are what the fulfilment engine looks up; others (`passport` ...) are
    /// kept for verification.
    pub identities: std::collections::BTreeMap<String, String>,
}

/// A request in the log.
#[derive(Debug, Serialize, ToSchema)]
pub struct RequestView {
    /// Id.
    pub id: String,
    /// Its human reference, e.g. `KUR-2026-000123`.
    pub reference: String,
    /// Its type.
    #[serde(rename = "type")]
    pub request_type: String,
    /// The law it is answered under.
    pub jurisdiction: String,
    /// How it came.
    pub channel: String,
    /// The language of the answer.
    pub language: String,
    /// The operator's reference for the subject.
    pub subject_ref: Option<String>,
    /// The identities as given.
    #[schema(value_type = Object)]
    pub identities: serde_json::Value,
    /// `received`, `verified`, `completed` or `refused`.
    pub status: String,
    /// What the fulfilment engine does for it (`access` or `erasure`); `null` when staff work it.
    pub fulfilment: Option<String>,
    /// When it was received (RFC 3339).
    pub received_at: String,
    /// Its statutory clock (see `/api/v1/clocks/{id}`), if the law sets a period.
    pub clock_id: Option<String>,
    /// The rule its deadline comes from.
    pub rule: Option<RuleView>,
    /// Its history, oldest first (only on a single request).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<EventView>,
    /// The fulfilment engine's runs for it, newest first (only on a single request).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fulfilments: Vec<fulfil::FulfilmentView>,
    /// The answer it was closed with (only on a single request).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<AnswerView>,
    /// The files that came with it (only on a single request).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<attachments::AttachmentView>,
}

/// The answer a request was closed with.
#[derive(Debug, Serialize, ToSchema)]
pub struct AnswerView {
    /// Its language.
    pub language: String,
    /// One line.
    pub subject: String,
    /// The letter.
    pub body: String,
    /// Hex SHA-256 of the subject, a blank line and the body (also in the journal).
    pub sha256: String,
    /// Where it was e-mailed; `null` for a printed letter.
    pub sent_to: Option<String>,
    /// When (RFC 3339).
    pub created_at: String,
}

impl From<tutela_db::AnswerRecord> for AnswerView {
    fn from(answer: tutela_db::AnswerRecord) -> Self {
        AnswerView {
            language: answer.language,
            subject: answer.subject,
            body: answer.body,
            sha256: answer.sha256,
            sent_to: answer.sent_to,
            created_at: answer.created_at.to_string(),
        }
    }
}

/// A row of the rule table.
#[derive(Debug, Serialize, ToSchema)]
pub struct RuleView {
    /// The article that sets the period, e.g. `152-FZ art. 14(3), 20(1)`.
    pub article: String,
    /// What must be done.
    pub text: String,
    /// Whether the period is Tutela's configurable default rather than a number the law gives.
    pub configurable_default: bool,
    /// The extension the law allows, if any: how long, when, and the article (`2 months`, ...).
    pub extension: Option<String>,
}

/// One change of a request's status.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventView {
    /// 1 for the arrival.
    pub seq: u64,
    /// When (RFC 3339).
    pub at: String,
    /// Who.
    pub actor: String,
    /// The status it moved to.
    pub status: String,
    /// What was done, or why.
    pub note: String,
}

impl From<RequestEvent> for EventView {
    fn from(event: RequestEvent) -> Self {
        EventView {
            seq: event.seq,
            at: event.at.to_string(),
            actor: event.actor,
            status: event.status,
            note: event.note,
        }
    }
}

fn view(record: RequestRecord, events: Vec<RequestEvent>, fulfilments: Vec<fulfil::FulfilmentView>) -> RequestView {
    let request_type = record.request_type.parse::<RequestType>();
    let fulfilment = request_type.as_ref().ok().and_then(|t| t.fulfilment()).map(|f| f.as_str().to_owned());
    let rule = match (record.jurisdiction.parse::<Jurisdiction>(), request_type) {
        (Ok(jurisdiction), Ok(request_type)) => {
            request::closing_rule(jurisdiction, request_type).map(|rule| RuleView {
                article: rule.article.to_owned(),
                text: rule.text.to_owned(),
                configurable_default: rule.configurable_default,
                extension: rule.extension().map(|e| format!("{} ({}): {}", e.duration, e.article, e.condition)),
            })
        }
        _ => None,
    };
    RequestView {
        id: record.id,
        reference: record.reference,
        request_type: record.request_type,
        jurisdiction: record.jurisdiction,
        channel: record.channel,
        language: record.language,
        subject_ref: record.subject_ref.map(|s| s.to_string()),
        identities: record.identities,
        status: record.status,
        fulfilment,
        received_at: record.received_at.to_string(),
        clock_id: record.clock_id,
        rule,
        events: events.into_iter().map(EventView::from).collect(),
        fulfilments,
        answer: None,
        attachments: Vec::new(),
    }
}

/// The reference prefix of an operator: the first three letters of its slug, in capitals.
pub fn reference_prefix(slug: &str) -> String {
    let letters: String = slug.chars().filter(char::is_ascii_alphanumeric).take(3).collect();
    letters.to_ascii_uppercase()
}

fn check_identities(identities: &std::collections::BTreeMap<String, String>) -> ApiResult<serde_json::Value> {
    if identities.is_empty() || identities.len() > MAX_IDENTITIES {
        return Err(ApiError::invalid(format!(
            "identities: give 1 to {MAX_IDENTITIES} ways to recognise the subject (email, phone, customer_id ...)"
        )));
    }
    for (kind, value) in identities {
        let kind_ok = !kind.is_empty()
            && kind.len() <= 32
            && kind.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.');
        if !kind_ok {
            return Err(ApiError::invalid(format!(
                "identities: \"{kind}\" is not an identity kind (a-z, 0-9, _ and .)"
            )));
        }
        let chars = value.trim().chars().count();
        if chars == 0 || chars > MAX_IDENTITY_CHARS || value.chars().any(char::is_control) {
            return Err(ApiError::invalid(format!(
                "identities.{kind}: expected 1 to {MAX_IDENTITY_CHARS} printable characters"
            )));
        }
    }
    serde_json::to_value(identities).map_err(ApiError::internal)
}

/// The languages the operator answers in: its data map's, or Tutela's five without a map.
pub async fn operator_languages(state: &AppState, operator: &Operator) -> ApiResult<Vec<Lang>> {
    let map = state.datamaps.current(&state.db, &operator.id).await?;
    Ok(map.map_or_else(|| Lang::ALL.to_vec(), |applied| applied.map.operator.languages()))
}

/// Enters a request in the request log and starts its statutory clock.
#[utoipa::path(post, path = "/api/v1/requests", tag = "requests", request_body = CreateRequest,
    responses((status = 201, body = RequestView), (status = 400, body = Problem), (status = 403, body = Problem),
        (status = 422, body = Problem, description = "The law grants no such right, or sets no period for it")))]
pub async fn create_request(
    State(state): State<AppState>,
    caller: Caller,
    Json(body): Json<CreateRequest>,
) -> ApiResult<(StatusCode, Json<RequestView>)> {
    let view = enter(&state, caller.operator(), &caller.actor()?, body).await?;
    Ok((StatusCode::CREATED, Json(view)))
}

/// Enters a request for `operator`, made by `actor`: what `POST /api/v1/requests` and the portal's
/// form both do (the caller's permission, or the portal's own limits, are checked before).
pub async fn enter(
    state: &AppState,
    operator: &Operator,
    actor: &Actor,
    body: CreateRequest,
) -> ApiResult<RequestView> {
    let request_type: RequestType = body.request_type.parse().map_err(ApiError::invalid)?;
    let jurisdiction: Jurisdiction = body.jurisdiction.parse().map_err(ApiError::invalid)?;
    let channel = body.channel.as_deref().unwrap_or("api");
    if !CHANNELS.contains(&channel) {
        return Err(ApiError::invalid(format!("channel: \"{channel}\" is not one of {}", CHANNELS.join(", "))));
    }
    let languages = operator_languages(state, operator).await?;
    let language = languages.iter().copied().find(|lang| lang.as_str() == body.language).ok_or_else(|| {
        let offered: Vec<&str> = languages.iter().map(|l| l.as_str()).collect();
        ApiError::invalid(format!(
            "language: the operator does not answer in \"{}\"; it publishes in {}",
            body.language,
            offered.join(", ")
        ))
    })?;
    let received_at = match &body.received_at {
        Some(text) => super::calendars::parse_instant("received_at", text)?,
        None => tutela_db::now_us(),
    };
    if received_at > tutela_db::now_us() {
        return Err(ApiError::invalid("received_at: a request cannot be received in the future"));
    }
    let book = super::calendars::load_book(state, &operator.id).await?;
    let calendar = match &body.calendar {
        Some(id) => book.resolve(id)?,
        None => jurisdiction.default_calendar().map_err(ApiError::invalid)?.clone(),
    };
    let subject_ref = body.subject_ref.as_deref().map(SubjectRef::parse).transpose().map_err(ApiError::invalid)?;
    let identities = check_identities(&body.identities)?;
    let clock = match request::clock(jurisdiction, request_type, received_at, &calendar, false, subject_ref.clone()) {
        Ok(clock) => Some(clock),
        Err(error @ request::RequestRuleError::NoSuchRight { .. }) => return Err(ApiError::unprocessable(error)),
        Err(request::RequestRuleError::NoStatutoryDeadline { .. }) => None,
        Err(error) => return Err(ApiError::invalid(error)),
    };
    let new = NewRequest {
        request_type: request_type.as_str().to_owned(),
        jurisdiction: jurisdiction.as_str().to_owned(),
        channel: channel.to_owned(),
        language: language.as_str().to_owned(),
        subject_ref,
        identities,
        received_at,
        reference_prefix: reference_prefix(operator.slug.as_str()),
        clock,
    };
    let record = state.db.create_request(&operator.id, &new, actor).await?;
    state.wake_scheduler();
    let events = state.db.request_events(&operator.id, &record.id).await?;
    Ok(view(record, events, Vec::new()))
}

/// Which page of requests.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct RequestsPage {
    /// Continue after this request id (the last of the previous page).
    pub after: Option<String>,
    /// Page size: 1 to 1000, default 100; a value out of range is refused with 400.
    pub limit: Option<u32>,
    /// Only requests in this status: `open` (received or verified), `received`, `verified`,
    /// `completed` or `refused`.
    pub status: Option<String>,
}

/// The statuses the list may be filtered by.
pub const STATUS_FILTERS: [&str; 5] = ["open", "received", "verified", "completed", "refused"];

/// A status filter as given, checked.
pub fn status_filter(status: Option<&str>) -> ApiResult<Option<&'static str>> {
    status
        .map(|given| {
            STATUS_FILTERS.into_iter().find(|known| *known == given).ok_or_else(|| {
                ApiError::invalid(format!("status: \"{given}\" is not one of {}", STATUS_FILTERS.join(", ")))
            })
        })
        .transpose()
}

/// The request log, newest first, a page at a time.
#[utoipa::path(get, path = "/api/v1/requests", tag = "requests", params(RequestsPage),
    responses((status = 200, body = Vec<RequestView>, headers(("Link" = String, description = "The next page, when this one is full"))),
        (status = 400, body = Problem)))]
pub async fn list_requests(
    State(state): State<AppState>,
    caller: Caller,
    Query(page): Query<RequestsPage>,
) -> ApiResult<Paged<RequestView>> {
    let limit = super::page_size(page.limit)?;
    let status = status_filter(page.status.as_deref())?;
    let views = self::page(&state, &caller, page.after.as_deref(), limit, status).await?;
    let extra: Vec<(&str, String)> = status.map(|status| ("status", status.to_owned())).into_iter().collect();
    Ok(Paged::new("/api/v1/requests", views, limit, |request: &RequestView| request.id.clone(), &extra))
}

/// One request, by id or reference, with its history.
#[utoipa::path(get, path = "/api/v1/requests/{id}", tag = "requests",
    params(("id" = String, Path, description = "Request id or reference (KUR-2026-000123)")),
    responses((status = 200, body = RequestView), (status = 404, body = Problem)))]
pub async fn get_request(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<RequestView>> {
    load(&state, &caller, &id).await.map(Json)
}

/// One of the caller's requests with its history, by id or reference.
pub async fn load(state: &AppState, caller: &Caller, id: &str) -> ApiResult<RequestView> {
    let record = state.db.request(&caller.operator().id, id).await?;
    let events = state.db.request_events(&caller.operator().id, &record.id).await?;
    let runs = state.db.request_fulfilments(&caller.operator().id, &record.id).await?;
    let answer = state.db.request_answer(&caller.operator().id, &record.id).await?;
    let mut view = view(record, events, runs.into_iter().map(fulfil::view).collect());
    view.answer = answer.map(AnswerView::from);
    let files = state.db.request_attachments(&caller.operator().id, &view.id).await?;
    view.attachments = files.into_iter().map(attachments::AttachmentView::from).collect();
    Ok(view)
}

/// A page of the caller's requests, newest first.
pub async fn page(
    state: &AppState,
    caller: &Caller,
    after: Option<&str>,
    limit: u32,
    status: Option<&str>,
) -> ApiResult<Vec<RequestView>> {
    let records = state.db.list_requests(&caller.operator().id, after, limit, status).await?;
    Ok(records.into_iter().map(|record| view(record, Vec::new(), Vec::new())).collect())
}

/// What was done, or why a request is refused.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseRequest {
    /// What was done (completion) or the ground and reasons (refusal): 1 to 2000 characters.
    pub note: String,
}

/// Closes one of the caller's requests as `completed` or `refused` with `note`: what the API's
/// `complete` and `refuse` routes and the console's forms do (the permission is checked by the route
/// or the page).
pub async fn close(
    state: &AppState,
    caller: &Caller,
    id: &str,
    status: &'static str,
    note: &str,
) -> ApiResult<RequestView> {
    let note = clean_note(note)?;
    let record = state.db.request(&caller.operator().id, id).await?;
    let request_type: RequestType = record.request_type.parse().map_err(ApiError::internal)?;
    let completing = status == RequestStatus::Completed.as_str();
    let runs = state.db.request_fulfilments(&caller.operator().id, &record.id).await?;
    let confirmed = match completing {
        true => fulfil::stores_confirmed(state, caller.operator(), &runs, request_type).await?,
        false => None,
    };
    let operator_name = answer::operator_name(state, caller.operator(), &record.language).await?;
    let letter = answer::compose(&operator_name, &record, status, &note, &runs);
    let change = StatusChange { status, note: &note, complete_clock: true, answer: Some(&letter) };
    let changed = state
        .db
        .change_request(
            &caller.operator().id,
            &record.id,
            &caller.actor()?,
            change,
            allow(|current| match completing {
                true => status::may_complete(current, request_type, confirmed),
                false => status::may_refuse(current),
            }),
        )
        .await?;
    state.wake_scheduler();
    let events = state.db.request_events(&caller.operator().id, &changed.id).await?;
    Ok(view(changed, events, Vec::new()))
}

/// A note or ground as staff typed it: line breaks as LF (browsers send a textarea's as CRLF),
/// trimmed, 1 to [`MAX_NOTE_CHARS`] characters, no control characters but line breaks.
pub fn clean_note(note: &str) -> ApiResult<String> {
    let note = note.replace("\r\n", "\n");
    let note = note.trim();
    if note.is_empty() || note.chars().count() > MAX_NOTE_CHARS || note.chars().any(|c| c.is_control() && c != '\n') {
        return Err(ApiError::invalid(format!("note: expected 1 to {MAX_NOTE_CHARS} characters of text")));
    }
    Ok(note.to_owned())
}

/// Completes a request (the answer was given, the data sent or erased); its clock is met.
#[utoipa::path(post, path = "/api/v1/requests/{id}/complete", tag = "requests", request_body = CloseRequest,
    params(("id" = String, Path, description = "Request id or reference")),
    responses((status = 200, body = RequestView), (status = 400, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "The request is already closed")))]
pub async fn complete_request(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<CloseRequest>,
) -> ApiResult<Json<RequestView>> {
    close(&state, &caller, &id, "completed", &body.note).await.map(Json)
}

/// Refuses a request with its ground (manifestly unfounded, excessive, identity not proven, a legal
/// obligation ...); its clock is met by the refusal.
#[utoipa::path(post, path = "/api/v1/requests/{id}/refuse", tag = "requests", request_body = CloseRequest,
    params(("id" = String, Path, description = "Request id or reference")),
    responses((status = 200, body = RequestView), (status = 400, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "The request is already closed")))]
pub async fn refuse_request(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Json(body): Json<CloseRequest>,
) -> ApiResult<Json<RequestView>> {
    close(&state, &caller, &id, "refused", &body.note).await.map(Json)
}

/// The check `Db::change_request` (and `start_fulfilment`) runs on the request's current status under
/// its row lock: `step` says whether that status allows the change, and why not.
pub(crate) fn allow(
    step: impl FnOnce(RequestStatus) -> Result<(), status::StepRefused>,
) -> impl FnOnce(&RequestRecord) -> Result<(), String> {
    move |current| {
        let current: RequestStatus = current.status.parse().map_err(|e: status::UnknownStatus| e.to_string())?;
        step(current).map_err(|refused| refused.0)
    }
}

/// A file staff download (an access package, a CSV, an attachment): its media type and file name,
/// never cached.
fn download(bytes: Vec<u8>, media_type: &str, filename: &str) -> ApiResult<axum::response::Response> {
    use axum::http::{HeaderValue, header};
    let mut response = axum::response::Response::new(axum::body::Body::from(bytes));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_str(media_type).map_err(ApiError::internal)?);
    let disposition = format!("attachment; filename=\"{filename}\"");
    headers.insert(header::CONTENT_DISPOSITION, HeaderValue::from_str(&disposition).map_err(ApiError::internal)?);
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// A self-contained page (a destruction act, an answer letter): its inline style may apply,
/// nothing else; never cached.
fn document_page(html: String) -> axum::response::Response {
    use axum::http::{HeaderValue, header};
    let mut response = axum::response::Response::new(axum::body::Body::from(html));
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_take_the_first_letters_of_the_slug() {
        assert_eq!(reference_prefix("kursy"), "KUR");
        assert_eq!(reference_prefix("a-b-c-d"), "ABC");
        assert_eq!(reference_prefix("x1"), "X1");
    }
}
