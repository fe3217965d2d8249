//! Destruction acts and the destruction log:
//!
//! - an erasure run's act is rendered once when it finishes ([`act_for`], `tutela_fulfil::act`, in
//!   the operator's language), numbered by the request's reference and the run's sequence, and kept
//!   with its SHA-256 (journaled); `GET /api/v1/requests/{id}/fulfilments/{run}/act` serves it;
//! - `GET /api/v1/destruction-log`: every act, newest first, as CSV (152-FZ operators keep it beside
//!   the acts).

use axum::extract::State;
use axum::response::Response;
use tutela_db::RequestRecord;
use tutela_fulfil::{Identity, Report};

use crate::app::AppState;
use crate::auth::Caller;
use crate::datamaps::AppliedDataMap;
use crate::extract::Path;
use crate::problem::{ApiError, ApiResult, Problem};
use tutela_core::request::status::Fulfilment;

/// The destruction act of an erasure run: a printable page in the operator's language.
#[utoipa::path(get, path = "/api/v1/requests/{id}/fulfilments/{run}/act", tag = "requests",
    params(("id" = String, Path, description = "Request id or reference"), ("run" = String, Path, description = "The run's id")),
    responses((status = 200, content_type = "text/html", body = String), (status = 404, body = Problem)))]
pub async fn get_act(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, run)): Path<(String, String)>,
) -> ApiResult<Response> {
    act_response(&state, &caller, &id, &run).await
}

/// The act of one run as a page: what the API's route and the console's link both serve.
pub async fn act_response(state: &AppState, caller: &Caller, id: &str, run: &str) -> ApiResult<Response> {
    let record = state.db.request(&caller.operator().id, id).await?;
    let html = state.db.fulfilment_act(&caller.operator().id, &record.id, run).await?;
    Ok(super::document_page(html))
}

/// The destruction log: one row per destruction act, newest first (at most
/// `tutela_db::MAX_DESTRUCTION_LOG`).
#[utoipa::path(get, path = "/api/v1/destruction-log", tag = "requests",
    responses((status = 200, content_type = "text/csv", body = String)))]
pub async fn destruction_log(State(state): State<AppState>, caller: Caller) -> ApiResult<Response> {
    destruction_log_response(&state, &caller).await
}

/// The destruction log as a CSV download: what the API's route and the console's link both serve.
pub async fn destruction_log_response(state: &AppState, caller: &Caller) -> ApiResult<Response> {
    let entries = state.db.destruction_log(&caller.operator().id, tutela_db::MAX_DESTRUCTION_LOG).await?;
    let mut out = csv::Writer::from_writer(Vec::new());
    let header = [
        "finished_at",
        "act_number",
        "request",
        "type",
        "jurisdiction",
        "state",
        "rows_found",
        "deleted",
        "masked",
        "stubs",
        "held",
        "actor",
        "act_sha256",
    ];
    out.write_record(header).map_err(ApiError::internal)?;
    for entry in entries {
        let run = &entry.run;
        let count = |key: &str| -> u64 {
            let tables = run.report.as_ref().and_then(|r| r["stores"].as_array().cloned()).unwrap_or_default();
            tables
                .iter()
                .flat_map(|s| s["tables"].as_array().cloned().unwrap_or_default())
                .map(|t| t[key].as_u64().unwrap_or(0))
                .sum()
        };
        let record = [
            run.finished_at.map(|at| at.to_string()).unwrap_or_default(),
            run.act_number.clone().unwrap_or_default(),
            entry.reference.clone(),
            entry.request_type.clone(),
            entry.jurisdiction.clone(),
            run.state.clone(),
            count("found").to_string(),
            count("deleted").to_string(),
            count("masked").to_string(),
            count("stubs").to_string(),
            count("held").to_string(),
            run.actor.clone(),
            run.act_sha256.clone().unwrap_or_default(),
        ];
        out.write_record(&record).map_err(ApiError::internal)?;
    }
    let bytes = out.into_inner().map_err(ApiError::internal)?;
    super::download(bytes, "text/csv; charset=utf-8", "destruction-log.csv")
}

/// The destruction act of an erasure that ran: its number (the request's reference and the run's
/// sequence among its erasure runs) and page, in the operator's language. A failure to render is
/// logged and leaves the run without an act rather than unrecorded: the erasure has happened.
pub(super) async fn act_for(
    state: &AppState,
    acting: &super::fulfil::Acting<'_>,
    applied: &AppliedDataMap,
    request: &RequestRecord,
    report: &Report,
) -> Option<(String, String)> {
    let operator = acting.operator;
    let runs = state.db.request_fulfilments(&operator.id, &request.id).await.ok()?;
    let sequence = runs.iter().filter(|run| run.kind == Fulfilment::Erasure.as_str()).count().max(1);
    let number = format!("{}/{sequence}", request.reference);
    let actor = acting.actor.as_str().to_owned();
    let member = match acting.staff_id {
        Some(id) => {
            let staff = state.db.list_staff(&operator.id, None, tutela_db::MAX_JOURNAL_PAGE).await.ok()?;
            staff.into_iter().find(|member| member.id == id)
        }
        None => None,
    };
    let performed_by = member.map_or(actor, |member| format!("{} <{}>", member.display_name, member.email.as_str()));
    let article = match (request.jurisdiction.parse(), request.request_type.parse()) {
        (Ok(jurisdiction), Ok(request_type)) => {
            tutela_core::request::closing_rule(jurisdiction, request_type).map(|rule| rule.article).unwrap_or_default()
        }
        _ => "",
    };
    let given = request.identities.as_object().map(|object| object.iter()).into_iter().flatten();
    let subject: Vec<String> = given
        .filter_map(|(kind, value)| value.as_str().map(|value| (kind, value)))
        .filter(|(kind, value)| super::fulfil::looked_up(kind) && Identity::parse(&format!("{kind}={value}")).is_ok())
        .map(|(kind, value)| format!("{kind}: {value}"))
        .collect();
    let now = jiff::Timestamp::now();
    let facts = tutela_fulfil::act::ActFacts {
        number: &number,
        reference: &request.reference,
        received: &crate::api::when(request.received_at),
        article,
        subject: &subject.join("; "),
        performed_by: &performed_by,
        destroyed_at: &now.strftime("%Y-%m-%d %H:%M:%S UTC").to_string(),
        run: &runs.first().map(|run| run.id.clone()).unwrap_or_default(),
    };
    let lang = applied.map.operator.default_language();
    match tutela_fulfil::act::destruction_act_html(&applied.map, report, &facts, lang) {
        Ok(html) => Some((number, html)),
        Err(error) => {
            tracing::error!(%error, reference = %request.reference, "cannot render the destruction act");
            None
        }
    }
}
