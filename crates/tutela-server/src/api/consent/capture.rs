//! Recording consent: a subject's choices for the purposes of the data map, the notice texts they saw,
//! and the records and receipts that come out.
//!
//! `POST /api/v1/consents` records one interaction (a form sent, a banner answered, a paper form
//! scanned): one choice per purpose, how and where it was made, the notice shown (by digest, or its
//! text), the language, address and user agent, and the expiry. A request with `Sec-GPC: 1` (or
//! `"gpc": true`, for a server relaying a browser's request) also records a GPC opt-out, which refuses
//! the purposes that sell or share data (see `ledger`). A withdrawal that leaves no basis
//! starts the 30-day destruction clock of 152-FZ art. 21(5) in the same transaction (see
//! `write_records`).
//!
//! Records are append-only; each is journaled in the same transaction, and acknowledged only once
//! committed (several callers' records share one commit).

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use tutela_core::consent::{
    Basis, Channel, ConsentEvent, ConsentState, DistributionTerms, Expiry, Giver, Label, LanguageTag, LedgerRecord,
    MAX_USER_AGENT_BYTES, Method, Notice, RecordBody, Sha256Hex, SignalEvent,
};
use tutela_core::journal::Actor;
use tutela_core::operator::OperatorId;
use tutela_core::subject::SubjectRef;
use tutela_db::consent::{DestructionPlan, LedgerWrite, NewRecord, WrittenRecord};
use utoipa::ToSchema;

use super::ledger::{PurposeRules, gpc_header, invalid};
use crate::app::AppState;
use crate::auth::Caller;
use crate::extract::{Json, Path};
use crate::problem::{ApiError, ApiResult, Problem};

/// Most choices in one capture.
pub const MAX_CHOICES: usize = 100;

/// One choice for one purpose.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    /// A purpose id of the applied data map.
    pub purpose: String,
    /// `given`, `refused`, `withdrawn` or `expired`.
    pub state: String,
    /// When a given consent stops counting: `until_purpose_reached` (the default), an RFC 3339
    /// instant, a date (valid through that day, UTC) or a term such as `12 months`.
    pub expiry: Option<String>,
    /// For a consent to distribution (152-FZ art. 10.1): `subject_name`, `subject_contact`, `items`
    /// (each `{item, prohibit_transfer, prohibit_processing, conditions}`) and `resources` (where the
    /// data is published). Such a consent needs an expiry of its own.
    #[schema(value_type = Option<Object>)]
    pub distribution: Option<DistributionTerms>,
}

/// One interaction in which a subject made choices.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaptureConsent {
    /// The operator's own reference for the subject (a customer number; not an e-mail address).
    pub subject: String,
    /// The choices, 1 to 100, at most one per purpose.
    pub choices: Vec<Choice>,
    /// How the choices were made, as `{"kind": ...}`: `paper_scan` (`scan_sha256`), `form_button`
    /// (`form`, `button`, e.g. «Записаться»), `feedback_form` (`form`), `site_use`, `app_dialog`
    /// (`dialog`), `portal`, `unsubscribe_link`, `written_request` (`document_sha256`), `gpc_signal`,
    /// `iab_signal`.
    #[schema(value_type = Object)]
    pub method: Method,
    /// `web`, `app`, `email`, `phone`, `paper`, `in_person` or `api`.
    #[schema(value_type = String)]
    pub channel: Channel,
    /// The SHA-256 of the notice text shown (stored before with `PUT /api/v1/consent-notices`).
    pub notice_sha256: Option<String>,
    /// Or the notice text itself, stored now under its digest.
    pub notice_text: Option<String>,
    /// The language of the notice (BCP 47).
    pub language: Option<String>,
    /// The subject's IP address, when the choice was made online.
    pub ip: Option<String>,
    /// The subject's user agent.
    pub user_agent: Option<String>,
    /// When the choice was made (RFC 3339); now when absent (a scanned paper form gives its date).
    pub at: Option<String>,
    /// The operator's reference for the parent or guardian who chose for a minor.
    pub guardian_ref: Option<String>,
    /// The subject's browser sent `Sec-GPC: 1` (for a server relaying the browser's request; the
    /// header on this request counts too).
    #[serde(default)]
    pub gpc: bool,
    /// Bases other than consent on which the operator still processes this subject's data (e.g.
    /// `contract`): a withdrawal then starts no destruction clock.
    #[serde(default)]
    pub retained_on: Vec<String>,
    /// An e-mail address to send the subject a receipt of what was recorded to (queued with the
    /// records, sent by the scheduler when SMTP is configured). Not kept once sent.
    pub receipt_to: Option<String>,
}

/// A record as the API shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordView {
    /// The record's id.
    pub id: String,
    /// The subject.
    pub subject: String,
    /// `consent`, `objection`, `signal`, `age`, `block` or `unblock`.
    pub kind: String,
    /// The purpose, for consent and objection records.
    pub purpose: Option<String>,
    /// The choice, for consent records.
    pub state: Option<String>,
    /// When the choice was made (RFC 3339).
    pub at: String,
    /// When it was recorded.
    pub recorded_at: String,
    /// When a given consent expires, if it does.
    pub expires_at: Option<String>,
    /// Who recorded it.
    pub recorded_by: String,
    /// Its journal entry's sequence number.
    pub journal_seq: u64,
    /// Its journal entry's hash.
    pub journal_hash: String,
}

impl RecordView {
    /// The view of a record and its journal entry.
    pub fn new(record: &LedgerRecord, journal_seq: u64, journal_hash: String) -> Self {
        let state = match &record.body {
            RecordBody::Consent(consent) => Some(consent.state.as_str().to_owned()),
            _ => None,
        };
        RecordView {
            id: record.id.clone(),
            subject: record.subject.to_string(),
            kind: record.body.kind().to_owned(),
            purpose: record.body.purpose().map(ToString::to_string),
            state,
            at: record.at.to_string(),
            recorded_at: record.recorded_at.to_string(),
            expires_at: record.expires_at().map(|t| t.to_string()),
            recorded_by: record.recorded_by.clone(),
            journal_seq,
            journal_hash,
        }
    }
}

impl From<&WrittenRecord> for RecordView {
    fn from(written: &WrittenRecord) -> Self {
        RecordView::new(&written.record, written.journal_seq, written.journal_hash.to_hex())
    }
}

/// What a capture or withdrawal recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordedView {
    /// The records written, in order (a GPC opt-out first; a block or unblock Tutela added after the
    /// record that caused it).
    pub records: Vec<RecordView>,
    /// Whether a GPC opt-out was recorded.
    pub gpc_recorded: bool,
    /// The destruction clock started because no basis is left (152-FZ art. 21(5)), if one was.
    pub destruction_clock_id: Option<String>,
    /// Where to fetch a receipt for each consent record (`?format=kantara` or `iso27560`).
    pub receipts: Vec<String>,
}

/// Parses a subject reference (400 naming it when malformed).
pub fn parse_subject(text: &str) -> ApiResult<SubjectRef> {
    SubjectRef::parse(text).map_err(ApiError::invalid)
}

/// Parses the optional instant a choice was made, refusing one in the future.
pub fn parse_at(text: Option<&str>) -> ApiResult<Option<Timestamp>> {
    let Some(text) = text else { return Ok(None) };
    let at: Timestamp =
        text.parse().map_err(|e| ApiError::invalid(format!("at: invalid RFC 3339 instant {text:?}: {e}")))?;
    LedgerRecord::check_not_future(at, tutela_db::now_us()).map_err(invalid)?;
    Ok(Some(at))
}

/// Parses bases named in `retained_on`.
pub fn parse_bases(names: &[String]) -> ApiResult<Vec<Basis>> {
    names
        .iter()
        .map(|name| match name.as_str() {
            "contract" => Ok(Basis::Contract),
            "legal_obligation" => Ok(Basis::LegalObligation),
            "vital_interest" => Ok(Basis::VitalInterest),
            "public_task" => Ok(Basis::PublicTask),
            "legitimate_interest" => Ok(Basis::LegitimateInterest),
            other => Err(ApiError::invalid(format!(
                "retained_on: unknown basis {other:?}: expected contract, legal_obligation, vital_interest, \
                 public_task or legitimate_interest"
            ))),
        })
        .collect()
}

fn optional_label(field: &'static str, text: Option<&str>, max: usize) -> ApiResult<Option<Label>> {
    let Some(text) = text else { return Ok(None) };
    if text.len() > max {
        return Err(ApiError::invalid(format!("{field} is {} bytes; at most {max} are kept", text.len())));
    }
    Label::parse(field, text).map(Some).map_err(invalid)
}

/// The notice a capture names: by digest, by text, or both (which must agree).
fn notice_of(request: &CaptureConsent) -> ApiResult<(Option<Sha256Hex>, Option<Notice>)> {
    let text = request.notice_text.as_deref().map(Notice::new).transpose().map_err(invalid)?;
    let named = request.notice_sha256.as_deref().map(|h| Sha256Hex::parse(&h.to_ascii_lowercase())).transpose();
    let named = named.map_err(invalid)?;
    match (&named, &text) {
        (Some(named), Some(text)) if named != text.sha256() => Err(ApiError::invalid(format!(
            "notice_sha256 {named} is not the SHA-256 of notice_text ({}); send one of them",
            text.sha256()
        ))),
        _ => Ok((named.or_else(|| text.as_ref().map(|t| t.sha256().clone())), text)),
    }
}

/// The records of a capture, after checking each choice against the data map.
fn choice_records(
    request: &CaptureConsent,
    rules: &PurposeRules,
    subject: &SubjectRef,
    at: Option<Timestamp>,
    gpc: bool,
) -> ApiResult<Vec<NewRecord>> {
    if request.choices.is_empty() || request.choices.len() > MAX_CHOICES {
        return Err(ApiError::invalid(format!("choices: give 1 to {MAX_CHOICES}; {} given", request.choices.len())));
    }
    let (notice_sha256, _) = notice_of(request)?;
    let language = request.language.as_deref().map(LanguageTag::parse).transpose().map_err(invalid)?;
    let ip = request
        .ip
        .as_deref()
        .map(|ip| ip.parse().map_err(|_| ApiError::invalid(format!("ip: {ip:?} is not an IPv4 or IPv6 address"))))
        .transpose()?;
    let user_agent = optional_label("user_agent", request.user_agent.as_deref(), MAX_USER_AGENT_BYTES)?;
    let given_by = match request.guardian_ref.as_deref() {
        Some(guardian) => Giver::Guardian { guardian_ref: parse_subject(guardian)? },
        None => Giver::Subject,
    };
    let mut records = Vec::with_capacity(request.choices.len());
    for choice in &request.choices {
        let (purpose, rule) = rules.rule(&choice.purpose)?;
        if records.iter().any(|r: &NewRecord| r.body.purpose() == Some(&purpose)) {
            return Err(ApiError::invalid(format!("choices: purpose {purpose} is given twice")));
        }
        if rule.basis != Basis::Consent && !rule.gpc_opt_out {
            return Err(ApiError::unprocessable(format!(
                "purpose {purpose} rests on {} in the data map, not on consent: there is no consent to record \
                 (an objection is recorded with POST /api/v1/subjects/{{subject}}/objections)",
                rule.basis.as_str()
            )));
        }
        let event = ConsentEvent {
            purpose,
            state: choice.state.parse().map_err(invalid)?,
            method: request.method.clone(),
            channel: request.channel,
            notice_sha256: notice_sha256.clone(),
            language: language.clone(),
            ip,
            user_agent: user_agent.clone(),
            expiry: choice.expiry.as_deref().map(Expiry::parse).transpose().map_err(invalid)?.unwrap_or_default(),
            given_by: given_by.clone(),
            distribution: choice.distribution.clone(),
            gpc,
        };
        event.check().map_err(invalid)?;
        records.push(NewRecord { subject: subject.clone(), at, body: RecordBody::Consent(event) });
    }
    Ok(records)
}

/// Records a subject's choices for one or more purposes.
#[utoipa::path(post, path = "/api/v1/consents", tag = "consents", request_body = CaptureConsent,
    params(("Sec-GPC" = Option<String>, Header, description = "`1`: the subject's browser asks not to sell or share their data")),
    responses((status = 201, body = RecordedView), (status = 400, body = Problem), (status = 403, body = Problem),
        (status = 404, body = Problem, description = "The named notice is not stored"),
        (status = 409, body = Problem, description = "No data map is applied"),
        (status = 422, body = Problem, description = "A purpose is not in the data map, or does not rest on consent")))]
pub async fn capture(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Json(request): Json<CaptureConsent>,
) -> ApiResult<(StatusCode, Json<RecordedView>)> {
    let (rules, subject) = state.consent.subject_scope(&state, &caller.operator().id, &request.subject).await?;
    let at = parse_at(request.at.as_deref())?;
    let retained_on = parse_bases(&request.retained_on)?;
    let gpc = request.gpc || gpc_header(&headers);
    let mut records = Vec::new();
    if gpc {
        let user_agent = optional_label("user_agent", request.user_agent.as_deref(), MAX_USER_AGENT_BYTES)?;
        let signal = SignalEvent { channel: request.channel, user_agent };
        records.push(NewRecord { subject: subject.clone(), at, body: RecordBody::Signal(signal) });
    }
    records.extend(choice_records(&request, &rules, &subject, at, gpc)?);
    let (_, notice) = notice_of(&request)?;
    let language = request.language.as_deref().map(LanguageTag::parse).transpose().map_err(invalid)?;
    let notices = notice.map(|n| vec![(n, language)]).unwrap_or_default();
    let receipt_to = parse_receipt_to(request.receipt_to.as_deref())?;
    let write = SubjectWrite { subject, notices, records, retained_on, gpc_recorded: gpc, receipt_to };
    write_records(&state, &Writer::of(&caller)?, &rules, write).await
}

/// One write of the consent and subject endpoints: records about one subject, and the notices they
/// name.
pub struct SubjectWrite {
    /// Whose records.
    pub subject: SubjectRef,
    /// Notice texts to store with the records.
    pub notices: Vec<(Notice, Option<LanguageTag>)>,
    /// The records.
    pub records: Vec<NewRecord>,
    /// Bases other than consent the operator still processes the subject's data on: with them, taking
    /// consent back starts no destruction clock.
    pub retained_on: Vec<Basis>,
    /// Whether a GPC opt-out is among the records.
    pub gpc_recorded: bool,
    /// Where to send the subject a receipt, if anywhere (see [`parse_receipt_to`]).
    pub receipt_to: Option<String>,
}

/// Checks a `receipt_to` address (400 naming it when it cannot be mailed to).
pub fn parse_receipt_to(text: Option<&str>) -> ApiResult<Option<String>> {
    let Some(text) = text else { return Ok(None) };
    let address = crate::email::parse_recipient(text).map_err(|e| ApiError::invalid(format!("receipt_to: {e}")))?;
    Ok(Some(address.as_str().to_owned()))
}

/// Who writes to the ledger: the operator the records are for, and who appears in the journal (a
/// staff member or token through the API, the subject through the portal).
#[derive(Debug, Clone)]
pub struct Writer {
    /// The operator.
    pub operator_id: OperatorId,
    /// The journal's actor.
    pub actor: Actor,
}

impl Writer {
    /// The API caller as a writer.
    pub fn of(caller: &Caller) -> ApiResult<Writer> {
        Ok(Writer { operator_id: caller.operator().id.clone(), actor: caller.actor()? })
    }
}

/// Writes `write` through the ledger and answers `201` with what was written. A write that takes
/// consent back (a withdrawal, an objection) carries the destruction plan, so its clock starts in the
/// same transaction as the records when no basis is left.
pub async fn write_records(
    state: &AppState,
    writer: &Writer,
    rules: &PurposeRules,
    write: SubjectWrite,
) -> ApiResult<(StatusCode, Json<RecordedView>)> {
    if write.records.iter().any(|r| made_by_tutela_only(&r.body)) {
        return Err(ApiError::invalid(
            "method term_ended and channel system are recorded by Tutela itself when a consent's term ends",
        ));
    }
    // The period runs from the withdrawal: when it was made (a letter received days ago), else now.
    let taken_back = write.records.iter().filter(|r| takes_consent_back(&r.body));
    let destruction = match taken_back.clone().next() {
        Some(_) => {
            let from = taken_back.filter_map(|r| r.at).max().unwrap_or_else(tutela_db::now_us);
            Some(destruction_plan(rules, &write.subject, write.retained_on, from)?)
        }
        None => None,
    };
    let ledger_write = LedgerWrite {
        operator_id: writer.operator_id.clone(),
        actor: writer.actor.clone(),
        notices: write.notices,
        records: write.records,
        destruction,
        receipt_to: write.receipt_to,
    };
    let written = state.consent.write(ledger_write).await?;
    if written.destruction_clock_id.is_some() {
        state.wake_scheduler();
    }
    let receipts = written
        .records
        .iter()
        .filter(|w| w.record.body.kind() == "consent")
        .map(|w| format!("/api/v1/consents/records/{}/receipt", w.record.id))
        .collect();
    let view = RecordedView {
        records: written.records.iter().map(RecordView::from).collect(),
        gpc_recorded: write.gpc_recorded,
        destruction_clock_id: written.destruction_clock_id,
        receipts,
    };
    Ok((StatusCode::CREATED, Json(view)))
}

fn made_by_tutela_only(body: &RecordBody) -> bool {
    match body {
        RecordBody::Consent(c) => c.method == Method::TermEnded || c.channel == Channel::System,
        RecordBody::Signal(s) => s.channel == Channel::System,
        RecordBody::Objection(o) => o.method == Method::TermEnded || o.channel == Channel::System,
        _ => false,
    }
}

fn takes_consent_back(body: &RecordBody) -> bool {
    match body {
        RecordBody::Consent(c) => c.state == ConsentState::Withdrawn,
        RecordBody::Objection(_) => true,
        _ => false,
    }
}

/// The destruction clock of 152-FZ art. 21(5) for `subject`, from `from`: `30 days`, on the `ru` calendar for an
/// operator under 152-FZ (rolled to a working day), else on `24x7`; the database starts it only if, after
/// the write, no consent purpose allows processing and `retained_on` names no other basis.
fn destruction_plan(
    rules: &PurposeRules,
    subject: &SubjectRef,
    retained_on: Vec<Basis>,
    from: Timestamp,
) -> ApiResult<DestructionPlan> {
    let clock = tutela_core::consent::destruction_clock(subject, rules.russian(), from).map_err(ApiError::internal)?;
    let consent_purposes = rules.consent_purposes().map(|(purpose, rule)| (purpose.clone(), *rule)).collect();
    Ok(DestructionPlan { subject: subject.clone(), consent_purposes, retained_on, clock })
}

/// A notice text to store.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PutNotice {
    /// The text exactly as subjects see it (1 byte to 256 KiB).
    pub text: String,
    /// Its language (BCP 47).
    pub language: Option<String>,
}

/// A stored notice.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeView {
    /// SHA-256 of the text: what consent records name.
    pub sha256: String,
    /// The text.
    pub text: String,
    /// Its language.
    pub language: Option<String>,
    /// When it was first stored.
    pub created_at: String,
}

/// Stores a notice text under its SHA-256 (once; storing it again changes nothing).
#[utoipa::path(put, path = "/api/v1/consent-notices", tag = "consents", request_body = PutNotice,
    responses((status = 200, body = NoticeView), (status = 400, body = Problem), (status = 403, body = Problem)))]
pub async fn put_notice(
    State(state): State<AppState>,
    caller: Caller,
    Json(request): Json<PutNotice>,
) -> ApiResult<Json<NoticeView>> {
    let notice = Notice::new(&request.text).map_err(invalid)?;
    let language = request.language.as_deref().map(LanguageTag::parse).transpose().map_err(invalid)?;
    let sha256 = notice.sha256().clone();
    let operator_id = caller.operator().id.clone();
    let write = LedgerWrite {
        operator_id: operator_id.clone(),
        actor: caller.actor()?,
        notices: vec![(notice, language)],
        records: vec![],
        destruction: None,
        receipt_to: None,
    };
    state.consent.write(write).await?;
    notice_view(&state, &operator_id, &sha256).await.map(Json)
}

async fn notice_view(state: &AppState, operator_id: &OperatorId, sha256: &Sha256Hex) -> ApiResult<NoticeView> {
    let stored = state
        .db
        .consent_notice(operator_id, sha256)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("no notice with SHA-256 {sha256}")))?;
    Ok(NoticeView {
        sha256: stored.sha256.to_string(),
        text: stored.text,
        language: stored.language.map(|l| l.to_string()),
        created_at: stored.created_at.to_string(),
    })
}

/// A stored notice text.
#[utoipa::path(get, path = "/api/v1/consent-notices/{sha256}", tag = "consents",
    params(("sha256" = String, Path, description = "SHA-256 of the text")),
    responses((status = 200, body = NoticeView), (status = 400, body = Problem), (status = 404, body = Problem)))]
pub async fn get_notice(
    State(state): State<AppState>,
    caller: Caller,
    Path(sha256): Path<String>,
) -> ApiResult<Json<NoticeView>> {
    let sha256 = Sha256Hex::parse(&sha256.to_ascii_lowercase()).map_err(invalid)?;
    notice_view(&state, &caller.operator().id, &sha256).await.map(Json)
}

/// A record with everything it holds.
#[derive(Debug, Serialize, ToSchema)]
pub struct FullRecordView {
    /// The summary.
    #[serde(flatten)]
    pub summary: RecordView,
    /// The whole record as stored (method, channel, notice, language, address, user agent, expiry,
    /// giver, distribution terms ...).
    #[schema(value_type = Object)]
    pub record: serde_json::Value,
    /// SHA-256 of the stored record; its journal entry's `record_sha256` must be the same.
    pub stored_sha256: String,
}

/// One record.
#[utoipa::path(get, path = "/api/v1/consents/records/{id}", tag = "consents",
    params(("id" = String, Path, description = "Record id")),
    responses((status = 200, body = FullRecordView), (status = 404, body = Problem)))]
pub async fn get_record(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<FullRecordView>> {
    let stored = state.db.ledger_record(&caller.operator().id, &id).await?;
    let entries = state.db.journal_entries(&caller.operator().id, &[stored.journal_seq]).await?;
    let hash = entries.first().map(|e| e.hash.to_hex()).unwrap_or_default();
    Ok(Json(FullRecordView {
        summary: RecordView::new(&stored.record, stored.journal_seq, hash),
        record: serde_json::to_value(&stored.record).map_err(ApiError::internal)?,
        stored_sha256: stored.stored_sha256.to_string(),
    }))
}
