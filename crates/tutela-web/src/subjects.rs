//! Consent look-up in the console: a subject's decision for every purpose of the data map (as
//! `GET /api/v1/subjects/{subject}` answers it, through the same function), whether they are
//! blocked or a minor, every record the ledger holds for them with the journal entry that recorded
//! it, and the proof's verdict (`GET /api/v1/subjects/{subject}/proof`: every record unchanged).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use tutela_core::consent::RecordBody;
use tutela_core::staff::Permission;
use tutela_server::api::consent::capture::parse_subject;
use tutela_server::api::consent::subjects::{ProofQuery, SubjectView, get_subject, proof};
use tutela_server::app::AppState;
use tutela_server::extract::{Path, Query as ApiQuery};
use tutela_server::problem::ApiError;

use crate::console::{allowed, message_page};
use crate::frame::Frame;
use crate::session::{has_frame, render};

/// Most records listed, newest first.
const LISTED_RECORDS: usize = 200;

/// A ledger record as the page lists it.
pub struct RecordRow {
    /// When the choice was made (RFC 3339).
    pub at: String,
    /// `consent`, `objection` ...
    pub kind: &'static str,
    /// The purpose, for consents and objections.
    pub purpose: String,
    /// The choice, for consents.
    pub state: String,
    /// Who recorded it.
    pub recorded_by: String,
    /// The journal entry that recorded it.
    pub journal_seq: u64,
}

#[derive(Template)]
#[template(path = "subject.html")]
struct SubjectPage {
    frame: Frame,
    /// What was looked up.
    asked: String,
    /// The answer, when a subject was found.
    found: Option<SubjectView>,
    records: Vec<RecordRow>,
    /// Whether every record still hashes to its journal entry and every entry to its hash.
    intact: Option<bool>,
    error: Option<String>,
}

has_frame!(SubjectPage);

/// The look-up form.
#[derive(Debug, Deserialize)]
pub struct LookUp {
    subject: Option<String>,
}

/// `GET /console/subjects?subject=`: the form, and the subject's state and records when asked.
pub async fn look_up(State(state): State<AppState>, frame: Frame, Query(query): Query<LookUp>) -> Response {
    let caller = match allowed(&frame, Permission::ReadSubjectData) {
        Ok(caller) => caller,
        Err(response) => return *response,
    };
    let asked = query.subject.unwrap_or_default().trim().to_owned();
    let mut page = SubjectPage { frame, asked, found: None, records: vec![], intact: None, error: None };
    if page.asked.is_empty() {
        return render(&page, StatusCode::OK);
    }
    let view = get_subject(State(state.clone()), caller.clone(), Path(page.asked.clone())).await;
    let status = match view {
        Ok(view) => match records(&state, &caller, &page.asked).await {
            Ok(records) => {
                let query = ApiQuery(ProofQuery { purpose: None });
                let proven = proof(State(state.clone()), caller.clone(), Path(page.asked.clone()), query).await;
                page.intact = proven.ok().map(|proof| proof.0.intact);
                page.found = Some(view.0);
                page.records = records;
                StatusCode::OK
            }
            Err(problem) => return message_page(&page.frame, problem.status(), problem.problem().detail),
        },
        Err(problem) => {
            page.error = Some(problem.problem().detail);
            problem.status()
        }
    };
    render(&page, status)
}

async fn records(
    state: &AppState,
    caller: &tutela_server::auth::Caller,
    subject: &str,
) -> Result<Vec<RecordRow>, ApiError> {
    let subject = parse_subject(subject)?;
    let history = state.db.ledger_history(&caller.operator().id, &subject, None).await?;
    let rows = history
        .iter()
        .rev()
        .take(LISTED_RECORDS)
        .map(|stored| {
            let record = &stored.record;
            let (purpose, choice) = match &record.body {
                RecordBody::Consent(c) => (c.purpose.to_string(), c.state.as_str().to_owned()),
                RecordBody::Objection(o) => (o.purpose.to_string(), String::new()),
                _ => (String::new(), String::new()),
            };
            RecordRow {
                at: record.at.to_string(),
                kind: record.body.kind(),
                purpose,
                state: choice,
                recorded_by: record.recorded_by.clone(),
                journal_seq: stored.journal_seq,
            }
        })
        .collect();
    Ok(rows)
}
