//! The portal's request form: a subject files a data-subject request without signing in and sees
//! its reference and the date by which the law has the operator answer; then proves the e-mail
//! address is theirs with the one-time code sent to it (`tutela_server::api::requests::verify`),
//! when the server sends e-mail; otherwise the operator's staff verify them.
//!
//! The request is entered by `tutela_server::api::requests::enter`, as `POST /api/v1/requests`
//! enters one, through the `portal` channel and under the first law of the operator's data map that
//! has request rules; it is verified before anything is answered (the request log's next step).
//! The form carries a double-submit token, and filing is limited per operator, address and client
//! like signing in, so the form cannot be used to flood the log.

use std::net::SocketAddr;
use std::time::Instant;

use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::StatusCode;
use axum::http::header::HeaderMap;
use axum::response::Response;
use rand::Rng;
use serde::Deserialize;
use tutela_core::journal::Actor;
use tutela_core::request::{Jurisdiction, RequestType};
use tutela_db::CodeCheck;
use tutela_db::Operator;
use tutela_server::api::requests::{CreateRequest, enter, verify};
use tutela_server::app::AppState;

use crate::console::message_page;
use crate::frame::{Frame, cookie};
use crate::session::{append_cookie, has_frame, render};

/// The cookie of the request form's double-submit token.
pub(crate) const FORM_COOKIE: &str = "tutela_portal_form";

/// A request type offered on the form.
pub struct TypeOption {
    /// Its id.
    pub id: &'static str,
    /// Its name in the page's language.
    pub label: String,
}

#[derive(Template)]
#[template(path = "portal_request.html")]
struct RequestForm {
    frame: Frame,
    slug: String,
    name: String,
    types: Vec<TypeOption>,
    form_token: String,
    error: Option<String>,
}

has_frame!(RequestForm);

#[derive(Template)]
#[template(path = "portal_filed.html")]
struct Filed {
    frame: Frame,
    slug: String,
    name: String,
    reference: String,
    due: Option<String>,
    article: String,
    /// Whether a code was e-mailed, so the page asks for it.
    code_sent: bool,
    form_token: String,
    error: Option<String>,
    /// Whether the code was entered and the request is verified.
    verified: bool,
}

has_frame!(Filed);

pub(crate) async fn operator(state: &AppState, frame: &Frame, slug: &str) -> Result<Operator, Box<Response>> {
    match state.db.operator_by_slug(slug).await {
        Ok(Some(operator)) => Ok(operator),
        Ok(None) => Err(Box::new(message_page(frame, StatusCode::NOT_FOUND, frame.t.m("web-not-found")))),
        Err(error) => {
            tracing::error!(%error, "reading an operator for its portal");
            Err(Box::new(message_page(frame, StatusCode::SERVICE_UNAVAILABLE, frame.t.m("web-error-title"))))
        }
    }
}

fn form(frame: Frame, operator: &Operator, error: Option<String>) -> (RequestForm, String) {
    let form_token = new_form_token();
    let types = RequestType::ALL
        .iter()
        .map(|t| TypeOption { id: t.as_str(), label: frame.t.of("web-request-type-", t.as_str()) })
        .collect();
    let page = RequestForm {
        frame,
        slug: operator.slug.to_string(),
        name: operator.name.as_str().to_owned(),
        types,
        form_token: form_token.clone(),
        error,
    };
    (page, form_token)
}

pub(crate) fn with_form_cookie(mut response: Response, slug: &str, token: &str) -> Response {
    append_cookie(
        &mut response,
        &format!("{FORM_COOKIE}={token}; Path=/portal/{slug}; HttpOnly; Secure; SameSite=Strict"),
    );
    response
}

/// `GET /portal/{operator}/requests/new`.
pub async fn new_request(State(state): State<AppState>, frame: Frame, Path(slug): Path<String>) -> Response {
    let operator = match operator(&state, &frame, &slug).await {
        Ok(operator) => operator,
        Err(response) => return *response,
    };
    let (page, token) = form(frame, &operator, None);
    with_form_cookie(render(&page, StatusCode::OK), operator.slug.as_str(), &token)
}

/// The request form.
#[derive(Debug, Deserialize)]
pub struct RequestFields {
    #[serde(rename = "type")]
    request_type: String,
    email: String,
    form_token: String,
}

/// The law a portal request is answered under, and the calendar it counts on: the first of the
/// operator's data map jurisdictions that has request rules; for the GDPR the operator's country's
/// calendar when Tutela has it, else the EU's.
async fn law(state: &AppState, operator: &Operator) -> Option<(Jurisdiction, String)> {
    let map = state.datamaps.current(&state.db, &operator.id).await.ok().flatten()?;
    let jurisdiction =
        map.map.operator.jurisdictions.iter().find_map(|j| j.value.as_str().parse::<Jurisdiction>().ok())?;
    let calendar = match jurisdiction.default_calendar() {
        Ok(calendar) => calendar.id().to_string(),
        Err(_) => {
            let country = map.map.operator.country.value.as_str().to_ascii_lowercase();
            if tutela_core::calendar::builtin(&country).is_some() { country } else { "eu".to_owned() }
        }
    };
    Some((jurisdiction, calendar))
}

/// `POST /portal/{operator}/requests`.
pub async fn file_request(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    frame: Frame,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(fields): Form<RequestFields>,
) -> Response {
    let operator = match operator(&state, &frame, &slug).await {
        Ok(operator) => operator,
        Err(response) => return *response,
    };
    let refuse = |frame: Frame, message: String, status: StatusCode| {
        let (page, token) = form(frame, &operator, Some(message));
        with_form_cookie(render(&page, status), operator.slug.as_str(), &token)
    };
    if fields.form_token.is_empty() || cookie(&headers, FORM_COOKIE) != Some(fields.form_token.as_str()) {
        let message = frame.t.m("web-form-expired");
        return refuse(frame, message, StatusCode::FORBIDDEN);
    }
    if !state.sign_in.allow(operator.slug.as_str(), &fields.email, client.ip(), Instant::now()) {
        let message = frame.t.m("web-too-many-attempts");
        return refuse(frame, message, StatusCode::TOO_MANY_REQUESTS);
    }
    let Some((jurisdiction, calendar)) = law(&state, &operator).await else {
        let message = frame.t.m("web-portal-no-requests");
        return refuse(frame, message, StatusCode::CONFLICT);
    };
    let languages = tutela_server::api::requests::operator_languages(&state, &operator).await.unwrap_or_default();
    let language =
        if languages.contains(&frame.lang) { frame.lang } else { languages.first().copied().unwrap_or(frame.lang) };
    let body = CreateRequest {
        request_type: fields.request_type.clone(),
        jurisdiction: jurisdiction.as_str().to_owned(),
        channel: Some("portal".to_owned()),
        language: language.as_str().to_owned(),
        received_at: None,
        calendar: Some(calendar),
        subject_ref: None,
        identities: [("email".to_owned(), fields.email.trim().to_owned())].into_iter().collect(),
    };
    let actor = Actor::parse("subject:portal").expect("a valid actor");
    let filed = match enter(&state, &operator, &actor, body).await {
        Ok(filed) => filed,
        Err(problem) => {
            let status = problem.status();
            return refuse(frame, problem.problem().detail, status);
        }
    };
    let due = match &filed.clock_id {
        Some(clock_id) => due_of(&state, &operator, clock_id).await,
        None => None,
    };
    let article = filed.rule.as_ref().map(|rule| rule.article.clone()).unwrap_or_default();
    let code_sent = (state.config.scheduler.smtp.is_some() || state.config.outbox_shows_codes)
        && match verify::send_code(&state, &operator, &filed.id, &actor).await {
            Ok(_) => true,
            Err(problem) => {
                tracing::warn!(detail = %problem.problem().detail, "no code sent for a portal request");
                false
            }
        };
    let form_token = new_form_token();
    let page = Filed {
        frame,
        slug: operator.slug.to_string(),
        name: operator.name.as_str().to_owned(),
        reference: filed.reference,
        due,
        article,
        code_sent,
        form_token: form_token.clone(),
        error: None,
        verified: false,
    };
    with_form_cookie(render(&page, StatusCode::CREATED), operator.slug.as_str(), &form_token)
}

/// The code form.
#[derive(Debug, Deserialize)]
pub struct CodeFields {
    code: String,
    form_token: String,
}

/// `POST /portal/{operator}/requests/{reference}/verify`: the requester enters the code e-mailed
/// to them. Limited per operator, request and client like filing, and per code by its own limits.
pub async fn enter_code(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    frame: Frame,
    headers: HeaderMap,
    Path((slug, reference)): Path<(String, String)>,
    Form(fields): Form<CodeFields>,
) -> Response {
    let operator = match operator(&state, &frame, &slug).await {
        Ok(operator) => operator,
        Err(response) => return *response,
    };
    if fields.form_token.is_empty() || cookie(&headers, FORM_COOKIE) != Some(fields.form_token.as_str()) {
        return message_page(&frame, StatusCode::FORBIDDEN, frame.t.m("web-form-expired"));
    }
    if !state.sign_in.allow(operator.slug.as_str(), &reference, client.ip(), Instant::now()) {
        return message_page(&frame, StatusCode::TOO_MANY_REQUESTS, frame.t.m("web-too-many-attempts"));
    }
    let actor = Actor::parse("subject:portal").expect("a valid actor");
    let (status, error, verified) = match verify::enter_code(&state, &operator, &reference, &fields.code, &actor).await
    {
        Ok(CodeCheck::Verified) => (StatusCode::OK, None, true),
        Ok(CodeCheck::Wrong { attempts_left }) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(frame.t.count("web-portal-code-wrong", attempts_left as usize)),
            false,
        ),
        Err(problem) if problem.status() == StatusCode::NOT_FOUND => {
            return message_page(&frame, StatusCode::NOT_FOUND, frame.t.m("web-not-found"));
        }
        Err(problem) => (problem.status(), Some(problem.problem().detail), false),
    };
    let form_token = new_form_token();
    let page = Filed {
        frame,
        slug: operator.slug.to_string(),
        name: operator.name.as_str().to_owned(),
        reference,
        due: None,
        article: String::new(),
        code_sent: !verified,
        form_token: form_token.clone(),
        error,
        verified,
    };
    with_form_cookie(render(&page, status), operator.slug.as_str(), &form_token)
}

pub(crate) fn new_form_token() -> String {
    hex::encode(rand::rng().random::<[u8; 16]>())
}

async fn due_of(state: &AppState, operator: &Operator, clock_id: &str) -> Option<String> {
    let record = state.db.clock(&operator.id, clock_id).await.ok()?;
    let book = tutela_server::api::calendars::load_book(state, &operator.id).await.ok()?;
    tutela_server::api::clocks::view(&record, &book, tutela_db::now_us()).ok().map(|view| view.due)
}

/// Most distribution consents the portal page lists; the API pages through the rest.
const LISTED_DISTRIBUTIONS: u32 = 200;

#[derive(Template)]
#[template(path = "portal_distribution.html")]
struct DistributionPage {
    frame: Frame,
    slug: String,
    name: String,
    published: Vec<tutela_db::consent::PublishedDistribution>,
}

has_frame!(DistributionPage);

/// `GET /portal/{operator}/distribution`: the conditions and prohibitions of every consent to
/// distribution in force, as 152-FZ art. 10.1 has the operator publish them (the same list as
/// `GET /public/{operator}/distribution`, never the subjects' names or contacts).
pub async fn distribution(State(state): State<AppState>, frame: Frame, Path(slug): Path<String>) -> Response {
    let operator = match operator(&state, &frame, &slug).await {
        Ok(operator) => operator,
        Err(response) => return *response,
    };
    match state.db.distribution_consents(&operator.id, None, LISTED_DISTRIBUTIONS).await {
        Ok(published) => {
            let page = DistributionPage {
                slug: operator.slug.to_string(),
                name: operator.name.as_str().to_owned(),
                published,
                frame,
            };
            render(&page, StatusCode::OK)
        }
        Err(error) => {
            tracing::error!(%error, "reading the published distribution consents");
            message_page(&frame, StatusCode::SERVICE_UNAVAILABLE, frame.t.m("web-error-title"))
        }
    }
}
