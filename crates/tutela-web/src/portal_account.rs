//! The subject's own pages in the portal: signing in with a one-time code e-mailed to an address the
//! operator knows them by, their consents with one-click withdrawal, objection to processing on
//! legitimate interest, the history of what was recorded, and a receipt of each consent record.
//!
//! Sign-in and sessions are `tutela_server::api::portal`'s; withdrawal and objection go through the
//! consent ledger's own writer (`withdraw_as`, `object_as`), as the API's do, with the subject as
//! the journal's actor. The session token lives in an `HttpOnly; Secure; SameSite=Lax` cookie
//! scoped to the operator's portal; every form carries the session's CSRF token; a page shows only
//! the records of the subjects the proven address stands for.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::Instant;

use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::{self, HeaderMap};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tutela_core::consent::{Basis, ConsentState, PurposeId, RecordBody};
use tutela_core::journal::Actor;
use tutela_core::subject::SubjectRef;
use tutela_db::consent::StoredRecord;
use tutela_db::{Operator, PortalSession, PortalSignIn};
use tutela_server::api::consent::capture::Writer;
use tutela_server::api::consent::subjects::{Objection, Withdraw, object_as, withdraw_as};
use tutela_server::api::portal;
use tutela_server::app::AppState;
use tutela_server::problem::ApiError;

use crate::console::message_page;
use crate::frame::{Frame, cookie, csrf_token};
use crate::portal::{new_form_token, operator, with_form_cookie};
use crate::session::{append_cookie, has_frame, render};

/// The cookie of a signed-in subject's session, scoped to the operator's portal.
const PORTAL_SESSION_COOKIE: &str = "tutela_portal";
/// Most history lines shown per subject, newest first.
const MAX_HISTORY_LINES: usize = 100;

#[derive(Template)]
#[template(path = "portal_sign_in.html")]
struct SignInPage {
    frame: Frame,
    slug: String,
    name: String,
    form_token: String,
    /// The address a code was asked for: the page then asks for the code.
    email: Option<String>,
    error: Option<String>,
}

has_frame!(SignInPage);

fn sign_in_page(
    frame: Frame,
    operator: &Operator,
    email: Option<String>,
    error: Option<String>,
    status: StatusCode,
) -> Response {
    let form_token = new_form_token();
    let page = SignInPage {
        frame,
        slug: operator.slug.to_string(),
        name: operator.name.as_str().to_owned(),
        form_token: form_token.clone(),
        email,
        error,
    };
    with_form_cookie(render(&page, status), operator.slug.as_str(), &form_token)
}

/// `GET /portal/{operator}/sign-in`.
pub async fn sign_in_form(State(state): State<AppState>, frame: Frame, Path(slug): Path<String>) -> Response {
    match operator(&state, &frame, &slug).await {
        Ok(operator) => sign_in_page(frame, &operator, None, None, StatusCode::OK),
        Err(response) => *response,
    }
}

/// The address form, and the code form (which carries the address back).
#[derive(Debug, Deserialize)]
pub struct SignInFields {
    email: String,
    #[serde(default)]
    code: Option<String>,
    form_token: String,
}

/// `POST /portal/{operator}/sign-in`: without a code, e-mails one (when the address is known; the
/// page says the same either way); with one, checks it and opens the session.
pub async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    frame: Frame,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(fields): Form<SignInFields>,
) -> Response {
    let operator = match operator(&state, &frame, &slug).await {
        Ok(operator) => operator,
        Err(response) => return *response,
    };
    let email = fields.email.trim().to_owned();
    let asked = fields.code.is_some().then(|| email.clone());
    if fields.form_token.is_empty() || cookie(&headers, crate::portal::FORM_COOKIE) != Some(fields.form_token.as_str())
    {
        let error = Some(frame.t.m("web-form-expired"));
        return sign_in_page(frame, &operator, asked, error, StatusCode::FORBIDDEN);
    }
    if !state.sign_in.allow(operator.slug.as_str(), &email, client.ip(), Instant::now()) {
        let error = Some(frame.t.m("web-too-many-attempts"));
        return sign_in_page(frame, &operator, asked, error, StatusCode::TOO_MANY_REQUESTS);
    }
    let Some(code) = fields.code else {
        return match portal::send_code(&state, &operator, &email, frame.lang.as_str()).await {
            Ok(()) => sign_in_page(frame, &operator, Some(email), None, StatusCode::OK),
            Err(problem) => {
                let status = problem.status();
                sign_in_page(frame, &operator, None, Some(problem.problem().detail), status)
            }
        };
    };
    match portal::sign_in(&state, &operator, &email, &code).await {
        Ok(PortalSignIn::SignedIn { token, session }) => {
            let max_age_s = (session.expires_at - jiff::Timestamp::now()).get_seconds().max(0);
            let mut response = Redirect::to(&format!("/portal/{}/me", operator.slug)).into_response();
            append_cookie(
                &mut response,
                &format!(
                    "{PORTAL_SESSION_COOKIE}={token}; Path=/portal/{}; HttpOnly; Secure; SameSite=Lax; Max-Age={max_age_s}",
                    operator.slug
                ),
            );
            response
        }
        Ok(PortalSignIn::Wrong { attempts_left }) => {
            let error = Some(frame.t.count("web-portal-code-wrong", attempts_left as usize));
            sign_in_page(frame, &operator, Some(email), error, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(problem) => {
            let status = problem.status();
            sign_in_page(frame, &operator, Some(email), Some(problem.problem().detail), status)
        }
    }
}

/// A signed-in subject at one operator's portal.
pub(crate) struct SignedIn {
    pub(crate) operator: Operator,
    pub(crate) session: PortalSession,
    /// The session token, for the CSRF token.
    token: String,
}

impl SignedIn {
    pub(crate) fn csrf(&self) -> String {
        csrf_token(&self.token)
    }

    /// The ledger writer for `subject`: the subject themself, through the portal.
    fn writer(&self, subject: &SubjectRef) -> Writer {
        let actor = Actor::parse(&format!("subject:{subject}"))
            .unwrap_or_else(|_| Actor::parse("subject:portal").expect("a valid actor"));
        Writer { operator_id: self.operator.id.clone(), actor }
    }

    /// `subject` when the session stands for it.
    pub(crate) fn own(&self, subject: &str) -> Option<SubjectRef> {
        self.session.subjects.iter().find(|s| s.as_str() == subject).cloned()
    }
}

/// The operator and the open session of this request, or the response to give instead: the
/// sign-in page when there is no session (a redirect for pages, 403 for forms).
pub(crate) async fn signed_in(
    state: &AppState,
    frame: &Frame,
    headers: &HeaderMap,
    slug: &str,
) -> Result<SignedIn, Box<Response>> {
    let operator = operator(state, frame, slug).await?;
    let token = cookie(headers, PORTAL_SESSION_COOKIE).unwrap_or_default().to_owned();
    let session = match token.is_empty() {
        true => None,
        false => portal::session(state, &operator, &token).await.map_err(|p| Box::new(problem_page(frame, &p)))?,
    };
    match session {
        Some(session) => Ok(SignedIn { operator, session, token }),
        None => Err(Box::new(Redirect::to(&format!("/portal/{}/sign-in", operator.slug)).into_response())),
    }
}

pub(crate) fn problem_page(frame: &Frame, problem: &ApiError) -> Response {
    message_page(frame, problem.status(), problem.problem().detail)
}

/// One consent purpose of the data map, as the subject sees it.
pub struct ConsentLine {
    /// The purpose id (the form's value).
    pub purpose: String,
    /// What it is, in the page's language when the map has it.
    pub description: String,
    /// The subject's choice in words.
    pub state: String,
    /// When it was made.
    pub since: Option<String>,
    /// Whether it is in force, so it can be withdrawn.
    pub given: bool,
}

/// A purpose on legitimate interest or a public task, which the subject may object to.
pub struct ObjectionLine {
    /// The purpose id.
    pub purpose: String,
    /// What it is.
    pub description: String,
    /// When the subject objected, if they did.
    pub objected: Option<String>,
}

/// A line of what was recorded.
pub struct HistoryLine {
    /// When.
    pub at: String,
    /// What, in words.
    pub what: String,
    /// The consent record's id, for its receipt.
    pub receipt: Option<String>,
}

/// One subject's part of the page.
pub struct SubjectPart {
    /// Their reference at the operator.
    pub subject: String,
    /// Consent purposes.
    pub consents: Vec<ConsentLine>,
    /// Purposes they may object to.
    pub objections: Vec<ObjectionLine>,
    /// What was recorded, newest first.
    pub history: Vec<HistoryLine>,
}

#[derive(Template)]
#[template(path = "portal_me.html")]
struct MePage {
    frame: Frame,
    slug: String,
    name: String,
    csrf: String,
    parts: Vec<SubjectPart>,
    /// What was just done, for the status line.
    done: Option<String>,
}

has_frame!(MePage);

/// What a redirect to the page says was done.
#[derive(Debug, Deserialize)]
pub struct Done {
    done: Option<String>,
}

/// `GET /portal/{operator}/me`: the signed-in subject's consents, objections and history.
pub async fn me(
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
    let mut parts = Vec::with_capacity(signed.session.subjects.len());
    for subject in &signed.session.subjects {
        match subject_part(&state, &frame, &signed.operator, subject).await {
            Ok(part) => parts.push(part),
            Err(problem) => return problem_page(&frame, &problem),
        }
    }
    let done = match done.done.as_deref() {
        Some("objection") => Some(frame.t.m("web-me-objection-recorded")),
        _ => None,
    };
    let page = MePage {
        slug: signed.operator.slug.to_string(),
        name: signed.operator.name.as_str().to_owned(),
        csrf: signed.csrf(),
        parts,
        done,
        frame,
    };
    render(&page, StatusCode::OK)
}

async fn subject_part(
    state: &AppState,
    frame: &Frame,
    operator: &Operator,
    subject: &SubjectRef,
) -> Result<SubjectPart, ApiError> {
    let rules = state.consent.rules(state, &operator.id).await?;
    let map = &rules.map.map;
    let current = state.db.subject_state(&operator.id, subject).await?.unwrap_or_default();
    let now = jiff::Timestamp::now();
    let mut consents = Vec::new();
    let mut objections = Vec::new();
    let mut names = HashMap::new();
    for purpose in &map.purposes {
        let description = describe(frame, map, purpose);
        names.insert(purpose.id.as_str(), description.clone());
        let Ok(id) = PurposeId::parse(purpose.id.as_str()) else { continue };
        let Some(rule) = rules.rules.get(&id) else { continue };
        let view = current.purposes.get(&id);
        if rule.basis == Basis::Consent {
            let consent = view.and_then(|v| v.consent.as_ref());
            let state = consent.map(|c| effective(c.state, c.expires_at, now));
            consents.push(ConsentLine {
                purpose: purpose.id.to_string(),
                description,
                state: frame.t.of("web-consent-state-", state.map_or("none", ConsentState::as_str)),
                since: consent.map(|c| frame.when(&c.at.to_string())),
                given: state == Some(ConsentState::Given),
            });
        } else if rule.basis.objection_applies() {
            objections.push(ObjectionLine {
                purpose: purpose.id.to_string(),
                description,
                objected: view.and_then(|v| v.objection.as_ref()).map(|o| frame.when(&o.at.to_string())),
            });
        }
    }
    let records = state.db.ledger_history(&operator.id, subject, None).await?;
    let history =
        records.iter().rev().take(MAX_HISTORY_LINES).map(|stored| history_line(frame, &names, stored)).collect();
    Ok(SubjectPart { subject: subject.to_string(), consents, objections, history })
}

/// What `purpose` is, in the page's language when the map has it, else the map's default.
fn describe(frame: &Frame, map: &tutela_datamap::DataMap, purpose: &tutela_datamap::Purpose) -> String {
    let default = map.operator.default_language();
    let lang = frame.lang.as_str().parse().unwrap_or(default);
    purpose.description.resolve(lang, default).text.to_owned()
}

/// A given consent past its term is expired, though no record says so yet.
fn effective(state: ConsentState, expires_at: Option<jiff::Timestamp>, now: jiff::Timestamp) -> ConsentState {
    match (state, expires_at) {
        (ConsentState::Given, Some(end)) if end <= now => ConsentState::Expired,
        _ => state,
    }
}

/// A line of the history; `names` are the purposes' descriptions (a purpose no longer in the map
/// shows its id).
fn history_line(frame: &Frame, names: &HashMap<&str, String>, stored: &StoredRecord) -> HistoryLine {
    let record = &stored.record;
    let name = |purpose: &PurposeId| names.get(purpose.as_str()).cloned().unwrap_or_else(|| purpose.to_string());
    let (what, receipt) = match &record.body {
        RecordBody::Consent(consent) => {
            let state = frame.t.of("web-consent-state-", consent.state.as_str());
            (format!("{state}: {}", name(&consent.purpose)), Some(record.id.clone()))
        }
        RecordBody::Objection(objection) => {
            (format!("{}: {}", frame.t.m("web-record-kind-objection"), name(&objection.purpose)), None)
        }
        other => (frame.t.of("web-record-kind-", other.kind()), None),
    };
    HistoryLine { at: frame.when(&record.at.to_string()), what, receipt }
}

/// A withdrawal or objection form.
#[derive(Debug, Deserialize)]
pub struct ChoiceFields {
    subject: String,
    purpose: String,
    csrf: String,
}

/// `POST /portal/{operator}/me/withdraw`: withdraws one consent, then shows its receipt.
pub async fn withdraw(
    State(state): State<AppState>,
    frame: Frame,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(fields): Form<ChoiceFields>,
) -> Response {
    let (signed, subject) = match choice_scope(&state, &frame, &headers, &slug, &fields).await {
        Ok(scope) => scope,
        Err(response) => return *response,
    };
    let request = Withdraw { purposes: vec![fields.purpose], ..Withdraw::default() };
    match withdraw_as(&state, &signed.writer(&subject), subject.as_str(), request).await {
        Ok((_, recorded)) => match recorded.0.records.first() {
            Some(record) => {
                Redirect::to(&format!("/portal/{slug}/me/receipts/{}?done=withdrawn", record.id)).into_response()
            }
            None => Redirect::to(&format!("/portal/{slug}/me")).into_response(),
        },
        Err(problem) => problem_page(&frame, &problem),
    }
}

/// `POST /portal/{operator}/me/object`: records an objection to one purpose.
pub async fn object(
    State(state): State<AppState>,
    frame: Frame,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(fields): Form<ChoiceFields>,
) -> Response {
    let (signed, subject) = match choice_scope(&state, &frame, &headers, &slug, &fields).await {
        Ok(scope) => scope,
        Err(response) => return *response,
    };
    let request = Objection {
        purpose: fields.purpose,
        method: None,
        channel: None,
        grounds: None,
        at: None,
        retained_on: vec![],
        receipt_to: None,
    };
    match object_as(&state, &signed.writer(&subject), subject.as_str(), request).await {
        Ok(_) => Redirect::to(&format!("/portal/{slug}/me?done=objection")).into_response(),
        Err(problem) => problem_page(&frame, &problem),
    }
}

/// The session, the CSRF check and the subject of a form: one of the session's own subjects.
async fn choice_scope(
    state: &AppState,
    frame: &Frame,
    headers: &HeaderMap,
    slug: &str,
    fields: &ChoiceFields,
) -> Result<(SignedIn, SubjectRef), Box<Response>> {
    let signed = signed_in(state, frame, headers, slug).await?;
    if fields.csrf != signed.csrf() {
        return Err(Box::new(message_page(frame, StatusCode::FORBIDDEN, frame.t.m("web-form-expired"))));
    }
    let Some(subject) = signed.own(&fields.subject) else {
        return Err(Box::new(message_page(frame, StatusCode::NOT_FOUND, frame.t.m("web-not-found"))));
    };
    Ok((signed, subject))
}

#[derive(Template)]
#[template(path = "portal_receipt.html")]
struct ReceiptPage {
    frame: Frame,
    slug: String,
    name: String,
    id: String,
    subject: String,
    purpose: String,
    choice: String,
    at: String,
    recorded_at: String,
    method: String,
    journal_seq: u64,
    journal_hash: String,
    record_sha256: String,
    withdrawn: bool,
}

has_frame!(ReceiptPage);

/// `GET /portal/{operator}/me/receipts/{record}`: the receipt of one of the subject's consent
/// records, with the journal entry and digest that prove it.
pub async fn receipt(
    State(state): State<AppState>,
    frame: Frame,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, String)>,
    Query(done): Query<Done>,
) -> Response {
    let (signed, stored) = match own_record(&state, &frame, &headers, &slug, &id).await {
        Ok(found) => found,
        Err(response) => return *response,
    };
    let RecordBody::Consent(consent) = &stored.record.body else {
        return message_page(&frame, StatusCode::NOT_FOUND, frame.t.m("web-not-found"));
    };
    let entries = match state.db.journal_entries(&signed.operator.id, &[stored.journal_seq]).await {
        Ok(entries) => entries,
        Err(error) => return problem_page(&frame, &error.into()),
    };
    let purpose = match state.consent.rules(&state, &signed.operator.id).await {
        Ok(rules) => {
            let map = &rules.map.map;
            let purpose = map.purposes.iter().find(|p| p.id.as_str() == consent.purpose.as_str());
            purpose.map_or_else(|| consent.purpose.to_string(), |p| describe(&frame, map, p))
        }
        Err(_) => consent.purpose.to_string(),
    };
    let page = ReceiptPage {
        slug: signed.operator.slug.to_string(),
        name: signed.operator.name.as_str().to_owned(),
        id: stored.record.id.clone(),
        subject: stored.record.subject.to_string(),
        purpose,
        choice: frame.t.of("web-consent-state-", consent.state.as_str()),
        at: frame.when(&stored.record.at.to_string()),
        recorded_at: frame.when(&stored.record.recorded_at.to_string()),
        method: format!("{} / {}", consent.method.kind(), consent.channel.as_str()),
        journal_seq: stored.journal_seq,
        journal_hash: entries.first().map(|e| e.hash.to_hex()).unwrap_or_default(),
        record_sha256: stored.stored_sha256.as_str().to_owned(),
        withdrawn: done.done.as_deref() == Some("withdrawn"),
        frame,
    };
    render(&page, StatusCode::OK)
}

/// `GET /portal/{operator}/me/receipts/{record}/kantara.json`: the same receipt as a Kantara
/// Consent Receipt v1.1, to keep.
pub async fn receipt_json(
    State(state): State<AppState>,
    frame: Frame,
    headers: HeaderMap,
    Path((slug, id)): Path<(String, String)>,
) -> Response {
    let (signed, stored) = match own_record(&state, &frame, &headers, &slug, &id).await {
        Ok(found) => found,
        Err(response) => return *response,
    };
    let receipt =
        tutela_server::api::consent::receipts::receipt_of(&state, &signed.operator.id, &stored, "kantara").await;
    match receipt.and_then(|value| serde_json::to_vec_pretty(&value).map_err(ApiError::internal)) {
        Ok(json) => {
            let disposition = format!("attachment; filename=\"receipt-{}.json\"", stored.record.id);
            ([(header::CONTENT_TYPE, "application/json".to_owned()), (header::CONTENT_DISPOSITION, disposition)], json)
                .into_response()
        }
        Err(problem) => problem_page(&frame, &problem),
    }
}

/// One of the signed-in subject's records; 404 for anyone else's, as for one that does not exist.
async fn own_record(
    state: &AppState,
    frame: &Frame,
    headers: &HeaderMap,
    slug: &str,
    id: &str,
) -> Result<(SignedIn, StoredRecord), Box<Response>> {
    let signed = signed_in(state, frame, headers, slug).await?;
    let not_found = || Box::new(message_page(frame, StatusCode::NOT_FOUND, frame.t.m("web-not-found")));
    let stored = match state.db.ledger_record(&signed.operator.id, id).await {
        Ok(stored) => stored,
        Err(tutela_db::DbError::NotFound { .. }) => return Err(not_found()),
        Err(error) => return Err(Box::new(problem_page(frame, &error.into()))),
    };
    if signed.own(stored.record.subject.as_str()).is_none() {
        return Err(not_found());
    }
    Ok((signed, stored))
}

/// The sign-out form.
#[derive(Debug, Deserialize)]
pub struct SignOutFields {
    csrf: String,
}

/// `POST /portal/{operator}/sign-out`: ends the session and clears its cookie.
pub async fn sign_out(
    State(state): State<AppState>,
    frame: Frame,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(fields): Form<SignOutFields>,
) -> Response {
    if let Ok(signed) = signed_in(&state, &frame, &headers, &slug).await
        && fields.csrf == signed.csrf()
        && let Err(error) = state.db.end_portal_session(&signed.token).await
    {
        tracing::warn!(%error, "could not end a portal session");
    }
    let mut response = Redirect::to(&format!("/portal/{slug}")).into_response();
    append_cookie(
        &mut response,
        &format!("{PORTAL_SESSION_COOKIE}=; Path=/portal/{slug}; HttpOnly; Secure; SameSite=Lax; Max-Age=0"),
    );
    response
}
