//! The staff console: the dashboard of clocks, a clock with its history and the extension form, and
//! the journal with its verification. Each page declares the permission it needs and checks it with
//! the API's own `Caller::require`; a form calls the same function as the API route.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tutela_core::clock::ClockState;
use tutela_core::staff::Permission;
use tutela_server::api::clocks::{ClockView, ExtendClock};
use tutela_server::api::notifications::{EmailRecipientView, OutboxView, WebhookView};
use tutela_server::app::AppState;
use tutela_server::auth::Caller;

use crate::frame::Frame;
use crate::session::{HasFrame, has_frame, render};

/// Most clocks of each state the dashboard lists (breached, then due soon).
const ATTENTION_CLOCKS: u32 = 200;
/// Journal entries per page.
const JOURNAL_PAGE_ENTRIES: u32 = 50;

/// The states a clock can be in, in the order the dashboard shows them.
const STATES: [ClockState; 6] = [
    ClockState::Breached,
    ClockState::DueSoon,
    ClockState::Running,
    ClockState::Paused,
    ClockState::MetLate,
    ClockState::Met,
];

/// The caller of a console page, or the response that refuses them: to the sign-in page without a
/// session, a 403 page naming the permission when their roles lack it.
pub fn allowed(frame: &Frame, permission: Permission) -> Result<Caller, Box<Response>> {
    let Some(caller) = frame.caller.clone() else {
        return Err(Box::new(Redirect::to("/console/sign-in").into_response()));
    };
    match caller.require(permission) {
        Ok(()) => Ok(caller),
        Err(_) => {
            let message = frame.t.with("web-forbidden", "permission", &permission.describe());
            Err(Box::new(message_page(frame, StatusCode::FORBIDDEN, message)))
        }
    }
}

#[derive(Template)]
#[template(path = "message.html")]
struct MessagePage<'a> {
    frame: &'a Frame,
    message: String,
}

impl HasFrame for MessagePage<'_> {
    fn frame(&self) -> &Frame {
        self.frame
    }
}

/// The caller of a form, when it may do what needs `permission` and the form carries the
/// session's CSRF token; otherwise the page that says why not.
pub fn allowed_form(frame: &Frame, permission: Permission, csrf: &str) -> Result<Caller, Box<Response>> {
    let caller = allowed(frame, permission)?;
    if csrf.is_empty() || csrf != frame.csrf() {
        return Err(Box::new(message_page(frame, StatusCode::FORBIDDEN, frame.t.m("web-form-expired"))));
    }
    Ok(caller)
}

/// A page that only says `message`.
pub fn message_page(frame: &Frame, status: StatusCode, message: String) -> Response {
    render(&MessagePage { frame, message }, status)
}

/// One bar of the dashboard's chart.
pub struct Bar {
    /// The state's name.
    pub state: &'static str,
    /// Its label in the page's language.
    pub label: String,
    /// How many clocks are in it.
    pub count: u64,
    /// The bar's width, in percent of the chart.
    pub width_percent: usize,
    /// Its vertical position in the SVG, in pixels.
    pub y_px: usize,
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    frame: Frame,
    attention: Vec<ClockView>,
    bars: Vec<Bar>,
    total: String,
}

has_frame!(DashboardPage);

/// `GET /console`: clocks breached and due soon (each state read by itself, so however many
/// clocks an operator has these are shown), and a chart of clocks by state from one count.
pub async fn dashboard(State(state): State<AppState>, frame: Frame) -> Response {
    let caller = match allowed(&frame, Permission::ReadClocks) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    let (attention, counts) = match attention_and_counts(&state, &caller).await {
        Ok(found) => found,
        Err(problem) => return message_page(&frame, problem.status(), problem.problem().detail),
    };
    let count_of = |wanted: ClockState| counts.iter().find(|(s, _)| *s == wanted).map_or(0, |(_, n)| *n);
    let most = STATES.iter().map(|s| count_of(*s)).max().unwrap_or(0);
    let mut bars = Vec::new();
    for (index, clock_state) in STATES.iter().enumerate() {
        let count = count_of(*clock_state);
        bars.push(Bar {
            state: clock_state.as_str(),
            label: frame.t.m(&format!("web-state-{}", clock_state.as_str())),
            count,
            width_percent: usize::try_from((count * 100).checked_div(most).unwrap_or(0)).unwrap_or(100),
            y_px: index * 28,
        });
    }
    let total = usize::try_from(counts.iter().map(|(_, n)| n).sum::<u64>()).unwrap_or(usize::MAX);
    let total = frame.t.count("web-clocks-count", total);
    render(&DashboardPage { frame, attention, bars, total }, StatusCode::OK)
}

async fn attention_and_counts(
    state: &AppState,
    caller: &Caller,
) -> Result<(Vec<ClockView>, Vec<(ClockState, u64)>), tutela_server::problem::ApiError> {
    let operator_id = &caller.operator().id;
    let book = tutela_server::api::calendars::load_book(state, operator_id).await?;
    let now = tutela_db::now_us();
    let mut attention = Vec::new();
    for wanted in [ClockState::Breached, ClockState::DueSoon] {
        for record in state.db.list_clocks(operator_id, Some(wanted), None, ATTENTION_CLOCKS).await? {
            attention.push(tutela_server::api::clocks::view(&record, &book, now)?);
        }
    }
    Ok((attention, state.db.count_clocks_by_state(operator_id).await?))
}

/// One history event, as shown.
pub struct Event {
    /// The event's name (`extended`, `paused` ...).
    pub kind: String,
    /// When, as RFC 3339.
    pub at: String,
    /// The extension's reason, if any.
    pub reason: String,
}

#[derive(Template)]
#[template(path = "clock.html")]
struct ClockPage {
    frame: Frame,
    clock: ClockView,
    state_label: String,
    events: Vec<Event>,
    csrf: String,
    notice: Option<String>,
    error: Option<String>,
    may_work: bool,
}

has_frame!(ClockPage);

/// `GET /console/clocks/{id}`.
pub async fn clock(State(state): State<AppState>, frame: Frame, Path(id): Path<String>) -> Response {
    let caller = match allowed(&frame, Permission::ReadClocks) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    clock_page(&state, frame, &caller, &id, None, None).await
}

async fn clock_page(
    state: &AppState,
    frame: Frame,
    caller: &Caller,
    id: &str,
    notice: Option<String>,
    error: Option<String>,
) -> Response {
    let operator_id = &caller.operator().id;
    let Ok(record) = state.db.clock(operator_id, id).await else {
        return message_page(&frame, StatusCode::NOT_FOUND, frame.t.m("web-not-found"));
    };
    let view = match tutela_server::api::calendars::load_book(state, operator_id)
        .await
        .and_then(|book| tutela_server::api::clocks::view(&record, &book, tutela_db::now_us()))
    {
        Ok(view) => view,
        Err(error) => return error.into_response(),
    };
    let events = view
        .history
        .as_array()
        .into_iter()
        .flatten()
        .map(|event| Event {
            kind: event["event"].as_str().unwrap_or_default().to_owned(),
            at: event["at"].as_str().unwrap_or_default().to_owned(),
            reason: event["reason"].as_str().unwrap_or_default().to_owned(),
        })
        .collect();
    let state_label = frame.t.m(&format!("web-state-{}", view.state));
    let csrf = frame.csrf();
    let may_work = caller.require(Permission::WorkClocks).is_ok();
    let status = if error.is_some() { StatusCode::BAD_REQUEST } else { StatusCode::OK };
    render(&ClockPage { frame, clock: view, state_label, events, csrf, notice, error, may_work }, status)
}

/// The extension form.
#[derive(Debug, Deserialize)]
pub struct ExtendForm {
    by: String,
    reason: String,
    csrf: String,
}

/// `POST /console/clocks/{id}/extend`: `tutela_server::api::clocks::extend`, as the API does it.
pub async fn extend(
    State(state): State<AppState>,
    frame: Frame,
    Path(id): Path<String>,
    Form(form): Form<ExtendForm>,
) -> Response {
    let caller = match allowed_form(&frame, Permission::WorkClocks, &form.csrf) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    let request = ExtendClock { by: form.by, reason: form.reason };
    match tutela_server::api::clocks::extend(&state, &caller, &id, &request).await {
        Ok(view) => {
            let notice = frame.t.with("web-clock-extended", "due", &view.due);
            clock_page(&state, frame, &caller, &id, Some(notice), None).await
        }
        Err(error) => {
            let detail = error.problem().detail;
            clock_page(&state, frame, &caller, &id, None, Some(detail)).await
        }
    }
}

/// A form that carries only its CSRF token.
#[derive(Debug, Deserialize)]
pub struct CsrfForm {
    csrf: String,
}

/// `POST /console/clocks/{id}/pause` and `/resume`: `tutela_server::api::clocks::pause` and
/// `resume`, as the API does them (time stops counting, e.g. while waiting for the subject).
pub async fn pause_or_resume(
    State(state): State<AppState>,
    frame: Frame,
    Path((id, step)): Path<(String, String)>,
    Form(form): Form<CsrfForm>,
) -> Response {
    let caller = match allowed_form(&frame, Permission::WorkClocks, &form.csrf) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    let done = match step.as_str() {
        "pause" => tutela_server::api::clocks::pause(&state, &caller, &id).await,
        "resume" => tutela_server::api::clocks::resume(&state, &caller, &id).await,
        _ => return message_page(&frame, StatusCode::NOT_FOUND, frame.t.m("web-not-found")),
    };
    match done {
        Ok(_) => {
            let notice = frame.t.m(&format!("web-clock-{step}d"));
            clock_page(&state, frame, &caller, &id, Some(notice), None).await
        }
        Err(error) => clock_page(&state, frame, &caller, &id, None, Some(error.problem().detail)).await,
    }
}

/// Which journal page.
#[derive(Debug, Deserialize)]
pub struct JournalQuery {
    /// Entries before this sequence number (newest first); the newest when absent.
    before: Option<u64>,
    /// Whether to verify the whole chain (it reads every entry, so only when asked).
    verify: Option<bool>,
}

/// One journal entry, as shown.
pub struct EntryRow {
    /// Sequence number.
    pub seq: u64,
    /// When.
    pub at: String,
    /// Who.
    pub actor: String,
    /// What.
    pub action: String,
    /// On what.
    pub object: String,
}

#[derive(Template)]
#[template(path = "journal.html")]
struct JournalPage {
    frame: Frame,
    /// Whether the chain verifies and what was found, when it was asked for.
    verdict: Option<(bool, String)>,
    entries: Vec<EntryRow>,
    older: Option<u64>,
}

has_frame!(JournalPage);

/// `GET /console/journal`: the newest entries first, and whether the whole chain verifies.
pub async fn journal(State(state): State<AppState>, frame: Frame, Query(query): Query<JournalQuery>) -> Response {
    let caller = match allowed(&frame, Permission::ReadJournal) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    let operator = caller.operator();
    let verdict = if query.verify == Some(true) {
        Some(match state.db.verify_journal(operator).await {
            Ok(count) => (true, frame.t.count("web-journal-intact", usize::try_from(count).unwrap_or(usize::MAX))),
            Err(error) => (false, frame.t.with("web-journal-broken", "detail", &error.to_string())),
        })
    } else {
        None
    };
    let head = match state.db.journal_head(&operator.id).await {
        Ok(head) => head.map_or(0, |(seq, _)| seq),
        Err(error) => return tutela_server::problem::ApiError::from(error).into_response(),
    };
    let before = query.before.unwrap_or(head + 1).min(head + 1);
    let after = before.saturating_sub(u64::from(JOURNAL_PAGE_ENTRIES) + 1);
    let entries = match state.db.journal_page(&operator.id, after, JOURNAL_PAGE_ENTRIES).await {
        Ok(entries) => entries,
        Err(error) => return tutela_server::problem::ApiError::from(error).into_response(),
    };
    let mut rows: Vec<EntryRow> = entries
        .into_iter()
        .filter(|entry| entry.seq < before)
        .map(|entry| EntryRow {
            seq: entry.seq,
            at: entry.at.to_string(),
            actor: entry.actor.to_string(),
            action: entry.action.to_string(),
            object: format!("{} {}", entry.object.kind, entry.object.id),
        })
        .collect();
    rows.reverse();
    let older = rows.last().map(|row| row.seq).filter(|&seq| seq > 1);
    render(&JournalPage { frame, verdict, entries: rows, older }, StatusCode::OK)
}

/// Messages on the outbox page.
const LIST_OUTBOX: u32 = 100;

#[derive(Template)]
#[template(path = "outbox.html")]
struct OutboxPage {
    frame: Frame,
    messages: Vec<OutboxView>,
    /// Where notifications go, when the caller may see it: webhooks and e-mail recipients.
    destinations: Option<(Vec<WebhookView>, Vec<EmailRecipientView>)>,
}

has_frame!(OutboxPage);

/// `GET /console/outbox`: the newest notifications, receipts, codes and answers, and whether each
/// went out (a one-time code's digits stay hidden, as in the API, but in the demo).
pub async fn outbox(State(state): State<AppState>, frame: Frame) -> Response {
    let caller = match allowed(&frame, Permission::ReadOutbox) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    let operator_id = &caller.operator().id;
    let read = async {
        let messages = state.db.list_outbox(operator_id, None, LIST_OUTBOX).await?;
        let destinations = match caller.require(Permission::ManageNotifications) {
            Ok(()) => {
                let hooks = state.db.list_webhooks(operator_id).await?;
                let recipients = state.db.list_email_recipients(operator_id).await?;
                Some((
                    hooks.into_iter().map(WebhookView::from).collect(),
                    recipients.into_iter().map(EmailRecipientView::from).collect(),
                ))
            }
            Err(_) => None,
        };
        Ok::<_, tutela_db::DbError>((messages, destinations))
    };
    match read.await {
        Ok((messages, destinations)) => {
            let show_codes = state.config.outbox_shows_codes;
            let messages = messages.into_iter().map(|m| OutboxView::of(m, show_codes)).collect();
            render(&OutboxPage { frame, messages, destinations }, StatusCode::OK)
        }
        Err(error) => {
            tracing::error!(%error, "reading the outbox");
            message_page(&frame, StatusCode::SERVICE_UNAVAILABLE, frame.t.m("web-error-title"))
        }
    }
}
