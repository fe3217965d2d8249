//! Security incidents (`/api/v1/incidents`): registering one starts every notification clock the
//! law requires for the jurisdictions its subjects fall under (`tutela_core::incident`'s rule
//! table), each with a draft notice in the recipient's language ([`draft`]); recording a notice as
//! sent completes its clock and starts the clocks of the notices that run from it.
//!
//! The jurisdictions come from the operator's data map: all of them, or those the registrant names
//! (each must be one of the map's). The stores named must be the map's; the GDPR authority and its
//! language follow the map's operator country.

pub mod draft;

use axum::extract::State;
use axum::http::StatusCode;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use tutela_core::incident::{self, IncidentFacts, NoticeDuty};
use tutela_core::request::Jurisdiction;
use tutela_core::staff::Permission;
use tutela_db::incidents::{
    IncidentNoticeRecord, IncidentRecord, MAX_INCIDENT_DESCRIPTION_BYTES, NewIncident, NewIncidentNotice,
};
use utoipa::ToSchema;
use utoipa_axum::routes;

use crate::api::clocks::ClockView;
use crate::api::route::{ApiRoute, staff};
use crate::app::AppState;
use crate::auth::Caller;
use crate::extract::{Json, Path};
use crate::problem::{ApiError, ApiResult, Problem};

/// Most systems, stores or data categories one incident names.
pub const MAX_NAMED: usize = 100;
/// Longest item text (a system's name, the measures, how a notice was sent), in bytes.
pub const MAX_ITEM_BYTES: usize = 4 * 1024;

/// The incidents' routes.
pub fn routes() -> Vec<ApiRoute> {
    vec![
        staff(Permission::HandleIncidents, routes!(create_incident, list_incidents)),
        staff(Permission::HandleIncidents, routes!(get_incident)),
        staff(Permission::HandleIncidents, routes!(notice_sent)),
    ]
}

/// An incident to register.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RegisterIncident {
    /// What happened (1 byte to 16 KiB).
    pub description: String,
    /// When the operator became aware of it (RFC 3339; not in the future): every clock runs from
    /// here.
    pub discovered_at: String,
    /// Systems affected, in words.
    #[serde(default)]
    pub systems: Vec<String>,
    /// Stores of the data map affected (their ids).
    #[serde(default)]
    pub stores: Vec<String>,
    /// Data categories affected (`contact.email` ...).
    #[serde(default)]
    pub data_categories: Vec<String>,
    /// How many subjects it may touch.
    pub estimated_subjects: u64,
    /// Whether it is likely to result in a high risk to the subjects (GDPR art. 34(1)).
    #[serde(default)]
    pub high_risk: bool,
    /// The laws its subjects fall under; all of the data map's when absent.
    #[serde(default)]
    pub jurisdictions: Vec<String>,
    /// China: "relatively large" scale or above under the CAC measures.
    #[serde(default)]
    pub cn_large_scale: bool,
    /// China: it touches critical information infrastructure.
    #[serde(default)]
    pub critical_infrastructure: bool,
    /// What has been done about it so far, for the drafts.
    #[serde(default)]
    pub measures: String,
    /// The operator's own promise to tell subjects within this many days, if it makes one.
    pub promise_days: Option<u32>,
}

/// An incident as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct IncidentView {
    /// Its id.
    pub id: String,
    /// Its reference, `INC-2026-000001`.
    pub reference: String,
    /// What happened.
    pub description: String,
    /// When it was discovered (RFC 3339).
    pub discovered_at: String,
    /// The facts as registered.
    #[schema(value_type = Object)]
    pub facts: serde_json::Value,
    /// Who registered it.
    pub created_by: String,
    /// When (RFC 3339).
    pub created_at: String,
    /// Its notices, with their clocks; empty in lists.
    pub notices: Vec<IncidentNoticeView>,
}

/// A notice of an incident.
#[derive(Debug, Serialize, ToSchema)]
pub struct IncidentNoticeView {
    /// Its duty (`ru_152fz.first_notice`).
    pub duty: String,
    /// `regulator`, `subjects` or `attorney_general`.
    pub recipient: String,
    /// The authority, for a regulator.
    pub authority: String,
    /// The article that requires it.
    pub article: String,
    /// The draft's language.
    pub language: String,
    /// What is due.
    pub what: String,
    /// The duty whose notice starts this one's clock.
    pub follows: Option<String>,
    /// Its clock, once started.
    pub clock: Option<ClockView>,
    /// The draft notice, to adapt and send.
    pub draft: String,
    /// SHA-256 of the draft, as journaled.
    pub draft_sha256: String,
    /// When it was sent (RFC 3339).
    pub sent_at: Option<String>,
    /// How it was sent.
    pub sent_how: Option<String>,
}

impl IncidentView {
    /// The view of `record` with `notices` (none in lists).
    pub fn new(record: IncidentRecord, notices: Vec<IncidentNoticeView>) -> IncidentView {
        IncidentView {
            id: record.id,
            reference: record.reference,
            description: record.description,
            discovered_at: record.discovered_at.to_string(),
            facts: record.facts,
            created_by: record.created_by,
            created_at: record.created_at.to_string(),
            notices,
        }
    }
}

/// Registers a security incident and starts every notification clock that applies, each with a
/// draft notice in the recipient's language.
#[utoipa::path(post, path = "/api/v1/incidents", tag = "incidents", request_body = RegisterIncident,
    responses((status = 201, body = IncidentView), (status = 400, body = Problem),
        (status = 409, body = Problem, description = "No data map is applied"),
        (status = 422, body = Problem, description = "A store or jurisdiction that is not the data map's")))]
pub async fn create_incident(
    State(state): State<AppState>,
    caller: Caller,
    Json(request): Json<RegisterIncident>,
) -> ApiResult<(StatusCode, Json<IncidentView>)> {
    let id = register(&state, &caller, request).await?;
    Ok((StatusCode::CREATED, Json(read(&state, &caller, &id).await?)))
}

/// Registers `request` for the caller's operator; the new incident's id.
pub async fn register(state: &AppState, caller: &Caller, request: RegisterIncident) -> ApiResult<String> {
    let operator_id = &caller.operator().id;
    let map =
        state.datamaps.current(&state.db, operator_id).await?.ok_or_else(crate::api::consent::ledger::no_data_map)?;
    let map = &map.map;
    check_text("description", &request.description, MAX_INCIDENT_DESCRIPTION_BYTES, false)?;
    check_text("measures", &request.measures, MAX_ITEM_BYTES, true)?;
    for (name, items) in
        [("systems", &request.systems), ("stores", &request.stores), ("data_categories", &request.data_categories)]
    {
        if items.len() > MAX_NAMED {
            return Err(ApiError::invalid(format!("{name}: at most {MAX_NAMED} items")));
        }
        for item in items {
            check_text(name, item, MAX_ITEM_BYTES, false)?;
        }
    }
    if let Some(store) = request.stores.iter().find(|s| !map.stores.iter().any(|m| m.id.as_str() == s.as_str())) {
        return Err(ApiError::unprocessable(format!("stores: {store:?} is not a store of the data map")));
    }
    let discovered_at: Timestamp = request.discovered_at.parse().map_err(|e| {
        ApiError::invalid(format!("discovered_at: invalid RFC 3339 instant {:?}: {e}", request.discovered_at))
    })?;
    let facts = IncidentFacts {
        discovered_at,
        jurisdictions: jurisdictions(map, &request.jurisdictions)?,
        estimated_subjects: request.estimated_subjects,
        high_risk: request.high_risk,
        cn_large_scale: request.cn_large_scale,
        critical_infrastructure: request.critical_infrastructure,
        operator_country: map.operator.country.as_str().to_owned(),
        promise_days: request.promise_days,
    };
    incident::check(&facts, tutela_db::now_us()).map_err(|e| ApiError::invalid(e.to_string()))?;
    let duties = incident::duties(&facts);
    let words = draft::Facts::new(map, &request, discovered_at);
    let notices = duties.iter().map(|duty| new_notice(duty, &words, discovered_at)).collect::<ApiResult<_>>()?;
    let stored_facts = serde_json::json!({
        "facts": facts, "systems": request.systems, "stores": request.stores,
        "data_categories": request.data_categories, "measures": request.measures,
    });
    let new = NewIncident { description: request.description.clone(), facts: stored_facts, discovered_at, notices };
    let record = state.db.create_incident(operator_id, &new, &caller.actor()?).await?;
    state.wake_scheduler();
    Ok(record.id)
}

fn check_text(name: &str, text: &str, max_bytes: usize, may_be_empty: bool) -> ApiResult<()> {
    if (!may_be_empty && text.trim().is_empty()) || text.len() > max_bytes {
        return Err(ApiError::invalid(format!("{name}: expected 1 byte to {max_bytes} bytes of text")));
    }
    Ok(())
}

/// The data map's jurisdictions, or the named ones when each is the map's.
fn jurisdictions(map: &tutela_datamap::DataMap, named: &[String]) -> ApiResult<Vec<Jurisdiction>> {
    let of_map: Vec<Jurisdiction> =
        map.operator.jurisdictions.iter().filter_map(|j| j.value.as_str().parse().ok()).collect();
    if named.is_empty() {
        return Ok(of_map);
    }
    named
        .iter()
        .map(|name| {
            let jurisdiction: Jurisdiction = name.parse().map_err(|e: tutela_core::request::UnknownJurisdiction| {
                ApiError::invalid(format!("jurisdictions: {e}"))
            })?;
            if !of_map.contains(&jurisdiction) {
                return Err(ApiError::unprocessable(format!(
                    "jurisdictions: {name} is not one of the data map's ({})",
                    of_map.iter().map(|j| j.as_str()).collect::<Vec<_>>().join(", ")
                )));
            }
            Ok(jurisdiction)
        })
        .collect()
}

fn new_notice(duty: &NoticeDuty, words: &draft::Facts, discovered_at: Timestamp) -> ApiResult<NewIncidentNotice> {
    let clock = match duty.follows {
        Some(_) => None,
        None => Some(duty.clock(discovered_at).map_err(ApiError::internal)?),
    };
    Ok(NewIncidentNotice {
        duty_key: duty.key.clone(),
        recipient: duty.recipient.as_str().to_owned(),
        authority: duty.authority.to_owned(),
        article: duty.article.to_owned(),
        language: duty.language.to_owned(),
        duty: duty.what.to_owned(),
        follows: duty.follows.clone(),
        clock,
        draft: draft::write(duty, words).map_err(ApiError::internal)?,
    })
}

/// The operator's incidents, newest first (without their notices).
#[utoipa::path(get, path = "/api/v1/incidents", tag = "incidents",
    responses((status = 200, body = Vec<IncidentView>)))]
pub async fn list_incidents(State(state): State<AppState>, caller: Caller) -> ApiResult<Json<Vec<IncidentView>>> {
    let incidents = state.db.list_incidents(&caller.operator().id, tutela_db::incidents::MAX_INCIDENTS_PAGE).await?;
    Ok(Json(incidents.into_iter().map(|record| IncidentView::new(record, vec![])).collect()))
}

/// One incident, by id or reference, with its notices, their clocks and drafts.
#[utoipa::path(get, path = "/api/v1/incidents/{id}", tag = "incidents",
    params(("id" = String, Path, description = "Incident id or reference")),
    responses((status = 200, body = IncidentView), (status = 404, body = Problem)))]
pub async fn get_incident(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<IncidentView>> {
    Ok(Json(read(&state, &caller, &id).await?))
}

/// The incident `id` with its notices and their clocks as of now.
pub async fn read(state: &AppState, caller: &Caller, id: &str) -> ApiResult<IncidentView> {
    let operator_id = &caller.operator().id;
    let (record, notices) = state.db.incident(operator_id, id).await?;
    let book = crate::api::calendars::load_book(state, operator_id).await?;
    let now = tutela_db::now_us();
    let mut views = Vec::with_capacity(notices.len());
    for notice in notices {
        let clock = match &notice.clock_id {
            Some(clock_id) => {
                Some(crate::api::clocks::view(&state.db.clock(operator_id, clock_id).await?, &book, now)?)
            }
            None => None,
        };
        views.push(notice_view(notice, clock));
    }
    Ok(IncidentView::new(record, views))
}

fn notice_view(notice: IncidentNoticeRecord, clock: Option<ClockView>) -> IncidentNoticeView {
    IncidentNoticeView {
        duty: notice.duty_key,
        recipient: notice.recipient,
        authority: notice.authority,
        article: notice.article,
        language: notice.language,
        what: notice.duty,
        follows: notice.follows,
        clock,
        draft: notice.draft,
        draft_sha256: notice.draft_sha256,
        sent_at: notice.sent_at.map(|t| t.to_string()),
        sent_how: notice.sent_how,
    }
}

/// A notice sent.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoticeSent {
    /// How it was sent (`e-mail to pd@rkn.gov.ru`, `the authority's web form`).
    pub how: String,
    /// When (RFC 3339, not in the future); now when absent.
    pub at: Option<String>,
}

/// Records a notice as sent: completes its clock (met, or met late) and starts the clocks of the
/// notices that run from it (California's Attorney General after the residents).
#[utoipa::path(post, path = "/api/v1/incidents/{id}/notices/{duty}/sent", tag = "incidents", request_body = NoticeSent,
    params(("id" = String, Path, description = "Incident id or reference"), ("duty" = String, Path, description = "The notice's duty, e.g. ru_152fz.first_notice")),
    responses((status = 200, body = IncidentView), (status = 400, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "Sent already, or it waits for the notice it follows")))]
pub async fn notice_sent(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, duty)): Path<(String, String)>,
    Json(request): Json<NoticeSent>,
) -> ApiResult<Json<IncidentView>> {
    record_sent(&state, &caller, &id, &duty, request).await?;
    Ok(Json(read(&state, &caller, &id).await?))
}

/// Records the notice `duty` of the incident `id` as sent.
pub async fn record_sent(
    state: &AppState,
    caller: &Caller,
    id: &str,
    duty: &str,
    request: NoticeSent,
) -> ApiResult<()> {
    check_text("how", &request.how, MAX_ITEM_BYTES, false)?;
    let now = tutela_db::now_us();
    let sent_at = match request.at.as_deref() {
        None => now,
        Some(text) => text
            .parse::<Timestamp>()
            .map_err(|e| ApiError::invalid(format!("at: invalid RFC 3339 instant {text:?}: {e}")))?,
    };
    if sent_at > now + jiff::SignedDuration::from_secs(incident::MAX_CLOCK_SKEW_S) {
        return Err(ApiError::invalid(format!("at: {sent_at} is in the future: record a notice once it is sent")));
    }
    let operator_id = &caller.operator().id;
    let (record, notices) = state.db.incident(operator_id, id).await?;
    if !notices.iter().any(|n| n.duty_key == duty) {
        return Err(ApiError::not_found(format!("incident {} has no notice {duty:?}", record.reference)));
    }
    let facts: IncidentFacts = serde_json::from_value(record.facts["facts"].clone()).map_err(ApiError::internal)?;
    if sent_at < facts.discovered_at {
        return Err(ApiError::invalid("at: a notice is sent after the incident was discovered"));
    }
    let followers = incident::duties(&facts)
        .into_iter()
        .filter(|d| d.follows.as_deref() == Some(duty))
        .map(|d| d.clock(sent_at).map(|clock| (d.key.clone(), clock)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(ApiError::internal)?;
    let how = request.how.trim();
    state
        .db
        .record_incident_notice_sent(operator_id, &record.id, duty, how, sent_at, &followers, &caller.actor()?)
        .await?;
    state.wake_scheduler();
    Ok(())
}
