//! A subject in the consent ledger: withdrawing (as easy as giving: one call), objecting, their age,
//! blocks, IAB consent strings, their current state, and the proof of any choice.
//!
//! The proof of a subject's choices for a purpose lists every record with the notice text the subject
//! saw and the journal entry that recorded it. Each entry carries the record's SHA-256, so the record
//! is shown unchanged when its stored bytes still hash to it (`digest_matches`), and the entry is
//! shown unchanged when its content still hashes to its hash (`entry_hash_valid`); that the entries
//! still form one unbroken chain up to the journal's head is what `GET /api/v1/journal/verify` checks.

use std::collections::BTreeSet;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use tutela_core::consent::{
    AgeJurisdiction, AgeStatus, BlockReason, Channel, ConsentEvent, ConsentState, Label, Method, ObjectionEvent,
    RecordBody, RecordCheck, Sha256Hex, SignalEvent, age_on, check_record, decide, proof_intact, state_from_tcf,
};
use tutela_db::consent::NewRecord;
use utoipa::{IntoParams, ToSchema};

use super::capture::{
    NoticeView, RecordView, RecordedView, SubjectWrite, Writer, parse_at, parse_bases, parse_receipt_to, parse_subject,
    write_records,
};
use super::decisions::DecisionView;
use super::ledger::{PurposeRules, gpc_header, invalid};
use crate::app::AppState;
use crate::auth::Caller;
use crate::extract::{Json, Path, Query};
use crate::problem::{ApiError, ApiResult, Problem};

/// A withdrawal.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Withdraw {
    /// The purposes withdrawn from; every purpose whose consent is in force when empty.
    #[serde(default)]
    pub purposes: Vec<String>,
    /// How (`{"kind": "portal"}` when absent; see `POST /api/v1/consents`).
    #[schema(value_type = Option<Object>)]
    pub method: Option<Method>,
    /// Where (`web` when absent).
    #[schema(value_type = Option<String>)]
    pub channel: Option<Channel>,
    /// When (RFC 3339); now when absent.
    pub at: Option<String>,
    /// Bases other than consent the operator still processes the subject's data on (e.g. `contract`):
    /// no destruction clock starts.
    #[serde(default)]
    pub retained_on: Vec<String>,
    /// An e-mail address to send the subject a receipt of what was recorded to (queued with the
    /// records, sent by the scheduler when SMTP is configured). Not kept once sent.
    pub receipt_to: Option<String>,
}

/// Withdraws a subject's consent for some or all purposes in one call. When no purpose allows
/// processing any longer and no other basis is named, the destruction clock of 152-FZ art. 21(5)
/// starts (30 days); a webhook or the outbox tells downstream systems through the journal's clock
/// notifications.
#[utoipa::path(post, path = "/api/v1/subjects/{subject}/withdraw", tag = "subjects", request_body = Withdraw,
    params(("subject" = String, Path, description = "The operator's reference for the subject")),
    responses((status = 201, body = RecordedView), (status = 400, body = Problem), (status = 404, body = Problem),
        (status = 409, body = Problem, description = "No consent is in force to withdraw"), (status = 422, body = Problem)))]
pub async fn withdraw(
    State(state): State<AppState>,
    caller: Caller,
    Path(subject): Path<String>,
    Json(request): Json<Withdraw>,
) -> ApiResult<(StatusCode, Json<RecordedView>)> {
    withdraw_as(&state, &Writer::of(&caller)?, &subject, request).await
}

/// Withdraws `subject`'s consent as `writer` (the API's caller, or the subject in the portal).
pub async fn withdraw_as(
    state: &AppState,
    writer: &Writer,
    subject: &str,
    request: Withdraw,
) -> ApiResult<(StatusCode, Json<RecordedView>)> {
    let (rules, subject) = state.consent.subject_scope(state, &writer.operator_id, subject).await?;
    let at = parse_at(request.at.as_deref())?;
    let retained_on = parse_bases(&request.retained_on)?;
    let current = state.db.subject_state(&writer.operator_id, &subject).await?;
    let current = current
        .ok_or_else(|| ApiError::not_found(format!("subject \"{subject}\" has no record in the consent ledger")))?;
    let purposes = if request.purposes.is_empty() {
        let given = current
            .purposes
            .iter()
            .filter(|(_, view)| view.consent.as_ref().is_some_and(|c| c.state == ConsentState::Given))
            .map(|(purpose, _)| purpose.clone());
        let purposes: Vec<_> = given.filter(|p| rules.rules.contains_key(p)).collect();
        if purposes.is_empty() {
            return Err(ApiError::conflict(format!("subject \"{subject}\" has no consent in force to withdraw")));
        }
        purposes
    } else {
        let unique: BTreeSet<&String> = request.purposes.iter().collect();
        unique.into_iter().map(|p| rules.rule(p).map(|(id, _)| id)).collect::<ApiResult<_>>()?
    };
    let method = request.method.unwrap_or(Method::Portal);
    let channel = request.channel.unwrap_or(Channel::Web);
    let records = purposes
        .into_iter()
        .map(|purpose| {
            let event = ConsentEvent::choice(purpose, ConsentState::Withdrawn, method.clone(), channel);
            NewRecord { subject: subject.clone(), at, body: RecordBody::Consent(event) }
        })
        .collect();
    let receipt_to = parse_receipt_to(request.receipt_to.as_deref())?;
    let write = SubjectWrite { subject, notices: vec![], records, retained_on, gpc_recorded: false, receipt_to };
    write_records(state, writer, &rules, write).await
}

/// An objection.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Objection {
    /// The purpose objected to.
    pub purpose: String,
    /// How (`{"kind": "portal"}` when absent).
    #[schema(value_type = Option<Object>)]
    pub method: Option<Method>,
    /// Where (`web` when absent).
    #[schema(value_type = Option<String>)]
    pub channel: Option<Channel>,
    /// The grounds the subject gave.
    pub grounds: Option<String>,
    /// When (RFC 3339); now when absent.
    pub at: Option<String>,
    /// Bases other than consent the operator still processes the subject's data on.
    #[serde(default)]
    pub retained_on: Vec<String>,
    /// An e-mail address to send the subject a receipt of what was recorded to (queued with the
    /// records, sent by the scheduler when SMTP is configured). Not kept once sent.
    pub receipt_to: Option<String>,
}

/// Records an objection (GDPR art. 21) to a purpose resting on consent, legitimate interest or a
/// public task: its decisions refuse with `objection` until the subject consents again.
#[utoipa::path(post, path = "/api/v1/subjects/{subject}/objections", tag = "subjects", request_body = Objection,
    params(("subject" = String, Path, description = "The operator's reference for the subject")),
    responses((status = 201, body = RecordedView), (status = 400, body = Problem),
        (status = 422, body = Problem, description = "Not a data map purpose, or one an objection does not stop")))]
pub async fn object(
    State(state): State<AppState>,
    caller: Caller,
    Path(subject): Path<String>,
    Json(request): Json<Objection>,
) -> ApiResult<(StatusCode, Json<RecordedView>)> {
    object_as(&state, &Writer::of(&caller)?, &subject, request).await
}

/// Records `subject`'s objection as `writer` (the API's caller, or the subject in the portal).
pub async fn object_as(
    state: &AppState,
    writer: &Writer,
    subject: &str,
    request: Objection,
) -> ApiResult<(StatusCode, Json<RecordedView>)> {
    let (rules, subject) = state.consent.subject_scope(state, &writer.operator_id, subject).await?;
    let (purpose, rule) = rules.rule(&request.purpose)?;
    if !rule.basis.objection_applies() {
        return Err(ApiError::unprocessable(format!(
            "purpose {purpose} rests on {}: an objection stops processing on consent, legitimate interest or a \
             public task (GDPR art. 21(1)), not on this basis",
            rule.basis.as_str()
        )));
    }
    let grounds = request.grounds.as_deref().map(|g| Label::parse("grounds", g)).transpose().map_err(invalid)?;
    let event = ObjectionEvent {
        purpose,
        method: request.method.unwrap_or(Method::Portal),
        channel: request.channel.unwrap_or(Channel::Web),
        grounds,
    };
    let at = parse_at(request.at.as_deref())?;
    let retained_on = parse_bases(&request.retained_on)?;
    let record = NewRecord { subject: subject.clone(), at, body: RecordBody::Objection(event) };
    let receipt_to = parse_receipt_to(request.receipt_to.as_deref())?;
    let records = vec![record];
    let write = SubjectWrite { subject, notices: vec![], records, retained_on, gpc_recorded: false, receipt_to };
    write_records(state, writer, &rules, write).await
}

/// What is known of a subject's age.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgeRequest {
    /// Whose threshold applies: `eu` (16), `bg` (14), `cn` (14), `in` (18), `ru` (18) or `us-ca` (16).
    pub jurisdiction: String,
    /// The subject's age in full years; or give `birth_date`.
    pub age_years: Option<u32>,
    /// The subject's date of birth (not kept: only whether they are a minor is).
    pub birth_date: Option<String>,
    /// The operator's own threshold, when it differs from the jurisdiction's default.
    pub threshold_years: Option<u8>,
}

/// Records whether a subject is a minor. A minor with no parent's or guardian's consent in force is
/// blocked at once (seed 004 §3.7): the answer lists the block record, and every decision for the
/// subject refuses with `blocked` until a guardian consents (which lifts the block) or staff lift it.
#[utoipa::path(put, path = "/api/v1/subjects/{subject}/age", tag = "subjects", request_body = AgeRequest,
    params(("subject" = String, Path, description = "The operator's reference for the subject")), responses((status = 201, body = RecordedView), (status = 400, body = Problem)))]
pub async fn put_age(
    State(state): State<AppState>,
    caller: Caller,
    Path(subject): Path<String>,
    Json(request): Json<AgeRequest>,
) -> ApiResult<(StatusCode, Json<RecordedView>)> {
    let (rules, subject) = state.consent.subject_scope(&state, &caller.operator().id, &subject).await?;
    let jurisdiction: AgeJurisdiction = request.jurisdiction.parse().map_err(invalid)?;
    let age_years = match (request.age_years, request.birth_date.as_deref()) {
        (Some(age), None) => age,
        (None, Some(birth)) => {
            let birth: jiff::civil::Date =
                birth.parse().map_err(|e| ApiError::invalid(format!("birth_date: {birth:?} is not a date: {e}")))?;
            age_on(birth, tutela_db::now_us().to_zoned(jiff::tz::TimeZone::UTC).date())
        }
        _ => return Err(ApiError::invalid("give exactly one of age_years and birth_date")),
    };
    let status = AgeStatus::new(jurisdiction, age_years, request.threshold_years).map_err(invalid)?;
    let record = NewRecord { subject: subject.clone(), at: None, body: RecordBody::Age(status) };
    write_subject_record(&state, &caller, &rules, record).await
}

/// Writes one record that takes no consent back.
async fn write_subject_record(
    state: &AppState,
    caller: &Caller,
    rules: &PurposeRules,
    record: NewRecord,
) -> ApiResult<(StatusCode, Json<RecordedView>)> {
    let write = SubjectWrite {
        subject: record.subject.clone(),
        notices: vec![],
        records: vec![record],
        retained_on: vec![],
        gpc_recorded: false,
        receipt_to: None,
    };
    write_records(state, &Writer::of(caller)?, rules, write).await
}

/// A block.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BlockRequest {
    /// `verification` (152-FZ art. 21(1): inaccurate data or unlawful processing reported, while it is
    /// checked) or `other`.
    pub reason: String,
    /// What is being checked, or why.
    pub note: String,
}

/// Blocks all processing of a subject's data: every decision refuses with `blocked`.
#[utoipa::path(post, path = "/api/v1/subjects/{subject}/block", tag = "subjects", request_body = BlockRequest,
    params(("subject" = String, Path, description = "The operator's reference for the subject")), responses((status = 201, body = RecordedView), (status = 400, body = Problem), (status = 403, body = Problem)))]
pub async fn block(
    State(state): State<AppState>,
    caller: Caller,
    Path(subject): Path<String>,
    Json(request): Json<BlockRequest>,
) -> ApiResult<(StatusCode, Json<RecordedView>)> {
    let rules = state.consent.rules(&state, &caller.operator().id).await?;
    let note = Label::parse("note", &request.note).map_err(invalid)?;
    let reason = match request.reason.as_str() {
        "verification" => BlockReason::Verification { note },
        "other" => BlockReason::Other { note },
        other => return Err(ApiError::invalid(format!("reason: {other:?} is not verification or other"))),
    };
    let record = NewRecord { subject: parse_subject(&subject)?, at: None, body: RecordBody::Block(reason) };
    write_subject_record(&state, &caller, &rules, record).await
}

/// Lifting a block.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnblockRequest {
    /// How it was resolved.
    pub note: String,
}

/// Lifts a subject's standing block.
#[utoipa::path(post, path = "/api/v1/subjects/{subject}/unblock", tag = "subjects", request_body = UnblockRequest,
    params(("subject" = String, Path, description = "The operator's reference for the subject")),
    responses((status = 201, body = RecordedView), (status = 400, body = Problem), (status = 403, body = Problem),
        (status = 409, body = Problem, description = "The subject is not blocked")))]
pub async fn unblock(
    State(state): State<AppState>,
    caller: Caller,
    Path(subject): Path<String>,
    Json(request): Json<UnblockRequest>,
) -> ApiResult<(StatusCode, Json<RecordedView>)> {
    let (rules, subject) = state.consent.subject_scope(&state, &caller.operator().id, &subject).await?;
    let note = Label::parse("note", &request.note).map_err(invalid)?;
    let current = state.db.subject_state(&caller.operator().id, &subject).await?.unwrap_or_default();
    if current.subject.standing_block().is_none() {
        return Err(ApiError::conflict(format!("subject \"{subject}\" is not blocked")));
    }
    let record = NewRecord { subject, at: None, body: RecordBody::Unblock { note } };
    write_subject_record(&state, &caller, &rules, record).await
}

/// An IAB consent string a subject's CMP produced, and which data map purposes it speaks for.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SignalRequest {
    /// A TCF v2.3 TC string or a GPP string.
    pub string: String,
    /// For each data map purpose, the TCF purposes (1 to 11) it needs: it is recorded `given` when
    /// the string consents to all of them, else `refused`.
    #[serde(default)]
    pub purposes: std::collections::BTreeMap<String, Vec<u8>>,
    /// Where (`web` when absent).
    #[schema(value_type = Option<String>)]
    pub channel: Option<Channel>,
}

/// Records what a TC or GPP string says: a consent record per mapped purpose, and an opt-out of sale
/// and sharing when the string carries one (a usnat/uspv1 opt-out or GPC), or the request carries
/// `Sec-GPC: 1`. The string itself is not kept, only its SHA-256.
#[utoipa::path(post, path = "/api/v1/subjects/{subject}/signals", tag = "subjects", request_body = SignalRequest,
    params(("subject" = String, Path, description = "The operator's reference for the subject")),
    responses((status = 201, body = RecordedView), (status = 400, body = Problem),
        (status = 422, body = Problem, description = "The string does not decode, or a purpose is not in the data map")))]
pub async fn signal(
    State(state): State<AppState>,
    caller: Caller,
    headers: HeaderMap,
    Path(subject): Path<String>,
    Json(request): Json<SignalRequest>,
) -> ApiResult<(StatusCode, Json<RecordedView>)> {
    let (rules, subject) = state.consent.subject_scope(&state, &caller.operator().id, &subject).await?;
    let text = request.string.trim();
    let decoded = tutela_iab::ConsentString::decode(text)
        .map_err(|e| ApiError::unprocessable(format!("string: not a valid TC or GPP string: {e}")))?;
    let format = match decoded {
        tutela_iab::ConsentString::Tcf(_) => "tcf",
        tutela_iab::ConsentString::Gpp(_) => "gpp",
    };
    let signal = decoded.signal();
    let method = Method::IabSignal {
        format: Label::parse("format", format).map_err(invalid)?,
        string_sha256: Sha256Hex::of(text.as_bytes()),
    };
    let channel = request.channel.unwrap_or(Channel::Web);
    let opted_out = signal.opts_out_of_sale_or_sharing() || gpc_header(&headers);
    let mut records = Vec::new();
    if opted_out {
        let body = RecordBody::Signal(SignalEvent { channel, user_agent: None });
        records.push(NewRecord { subject: subject.clone(), at: None, body });
    }
    for (purpose, tcf_purposes) in &request.purposes {
        let (purpose, rule) = rules.rule(purpose)?;
        if rule.basis != tutela_core::consent::Basis::Consent && !rule.gpc_opt_out {
            return Err(ApiError::unprocessable(format!(
                "purpose {purpose} rests on {} in the data map, not on consent",
                rule.basis.as_str()
            )));
        }
        let state = state_from_tcf(&purpose, tcf_purposes, |p| signal.tcf_purpose_consented(p)).map_err(invalid)?;
        let mut event = ConsentEvent::choice(purpose, state, method.clone(), channel);
        event.gpc = opted_out;
        records.push(NewRecord { subject: subject.clone(), at: None, body: RecordBody::Consent(event) });
    }
    if records.is_empty() {
        return Err(ApiError::invalid(
            "the string carries no opt-out and maps to no purpose: give purposes (data map purpose → TCF purposes)",
        ));
    }
    let write = SubjectWrite {
        subject,
        notices: vec![],
        records,
        retained_on: vec![],
        gpc_recorded: opted_out,
        receipt_to: None,
    };
    write_records(&state, &Writer::of(&caller)?, &rules, write).await
}

/// A subject's current state.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubjectView {
    /// The subject.
    pub subject: String,
    /// The standing block's record and reason, if blocked.
    pub blocked: Option<BlockView>,
    /// Whether the newest age record says the subject is a minor.
    pub minor: bool,
    /// The newest GPC or sale/sharing opt-out record, if any.
    pub gpc_record_id: Option<String>,
    /// A decision for every purpose of the data map, as of now.
    pub decisions: Vec<DecisionView>,
}

/// A standing block.
#[derive(Debug, Serialize, ToSchema)]
pub struct BlockView {
    /// The block record.
    pub record_id: String,
    /// `minor_without_guardian_consent`, `verification` or `other`.
    pub reason: String,
}

/// A subject's current state and a decision for every purpose of the data map.
#[utoipa::path(get, path = "/api/v1/subjects/{subject}", tag = "subjects", params(("subject" = String, Path, description = "The operator's reference for the subject")),
    responses((status = 200, body = SubjectView), (status = 404, body = Problem)))]
pub async fn get_subject(
    State(state): State<AppState>,
    caller: Caller,
    Path(subject): Path<String>,
) -> ApiResult<Json<SubjectView>> {
    let (rules, subject) = state.consent.subject_read_scope(&state, &caller, &subject).await?;
    let operator_id = &caller.operator().id;
    let current = state.db.subject_state(operator_id, &subject).await?;
    let current = current
        .ok_or_else(|| ApiError::not_found(format!("subject \"{subject}\" has no record in the consent ledger")))?;
    let now = tutela_db::now_us();
    // Without a data map there are no purposes to decide for; the state itself is still shown.
    let decisions = rules.as_deref().map_or_else(Vec::new, |rules| {
        rules
            .rules
            .iter()
            .map(|(purpose, rule)| {
                let decided = decide(rule, &current.subject, &current.purpose(purpose), now);
                super::decisions::decision_view(&subject, purpose, &decided, &current, rules)
            })
            .collect()
    });
    Ok(Json(SubjectView {
        subject: subject.to_string(),
        blocked: current.subject.standing_block().map(|(block, reason)| BlockView {
            record_id: block.record_id.clone(),
            reason: reason.as_str().to_owned(),
        }),
        minor: current.subject.is_minor(),
        gpc_record_id: current.subject.gpc.as_ref().map(|m| m.record_id.clone()),
        decisions,
    }))
}

/// Which purpose to prove.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ProofQuery {
    /// The purpose; every record of the subject when absent.
    pub purpose: Option<String>,
}

/// A journal entry as the proof shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProofEntryView {
    /// Sequence number.
    pub seq: u64,
    /// When.
    pub at: String,
    /// Who.
    pub actor: String,
    /// What.
    pub action: String,
    /// What the entry says, including `record_sha256`.
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
    /// The previous entry's hash.
    pub prev_hash: String,
    /// This entry's hash.
    pub hash: String,
}

/// One record with its proof.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProvenRecord {
    /// The summary.
    pub summary: RecordView,
    /// The whole record as stored.
    #[schema(value_type = Object)]
    pub record: serde_json::Value,
    /// SHA-256 of the stored record.
    pub stored_sha256: String,
    /// The journal entry that recorded it.
    pub journal: Option<ProofEntryView>,
    /// The stored record hashes to the digest its journal entry carries.
    pub digest_matches: bool,
    /// The journal entry's content hashes to its hash.
    pub entry_hash_valid: bool,
}

/// The proof of a subject's choices.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProofView {
    /// The subject.
    pub subject: String,
    /// The purpose, when one was asked for.
    pub purpose: Option<String>,
    /// The decision now, when a purpose was asked for.
    pub decision: Option<DecisionView>,
    /// Every record, oldest first by when the choice was made.
    pub records: Vec<ProvenRecord>,
    /// The notice texts the records name.
    pub notices: Vec<NoticeView>,
    /// The journal's head now: sequence number and hash.
    pub journal_head_seq: u64,
    /// The head's hash.
    pub journal_head_hash: String,
    /// Every record matches its entry and every entry its hash.
    pub intact: bool,
    /// How to check the chain itself.
    pub verify: String,
}

/// The full history of a subject's choices (for one purpose or all), the notice texts they saw, and
/// the journal entries that prove none of it was altered.
#[utoipa::path(get, path = "/api/v1/subjects/{subject}/proof", tag = "subjects", params(("subject" = String, Path, description = "The operator's reference for the subject"), ProofQuery),
    responses((status = 200, body = ProofView), (status = 404, body = Problem), (status = 422, body = Problem)))]
pub async fn proof(
    State(state): State<AppState>,
    caller: Caller,
    Path(subject): Path<String>,
    Query(query): Query<ProofQuery>,
) -> ApiResult<Json<ProofView>> {
    let (rules, subject) = state.consent.subject_read_scope(&state, &caller, &subject).await?;
    let operator_id = &caller.operator().id;
    let purpose = match (query.purpose.as_deref(), rules.as_deref()) {
        (Some(purpose), Some(rules)) => Some(rules.rule(purpose)?),
        (Some(_), None) => return Err(super::ledger::no_data_map()),
        (None, _) => None,
    };
    let history = state.db.ledger_history(operator_id, &subject, purpose.as_ref().map(|(p, _)| p)).await?;
    if history.is_empty() {
        return Err(ApiError::not_found(format!("subject \"{subject}\" has no record in the consent ledger")));
    }
    let seqs: Vec<u64> = history.iter().map(|h| h.journal_seq).collect();
    let mut entries = Vec::with_capacity(seqs.len());
    for chunk in seqs.chunks(tutela_db::MAX_JOURNAL_PAGE as usize) {
        entries.extend(state.db.journal_entries(operator_id, chunk).await?);
    }
    let mut records = Vec::with_capacity(history.len());
    let mut notice_hashes = BTreeSet::new();
    for stored in &history {
        if let RecordBody::Consent(ConsentEvent { notice_sha256: Some(sha), .. }) = &stored.record.body {
            notice_hashes.insert(sha.clone());
        }
        let entry = entries.iter().find(|e| e.seq == stored.journal_seq);
        let check = check_record(&stored.record, &stored.stored_sha256, entry);
        records.push(ProvenRecord {
            summary: RecordView::new(
                &stored.record,
                stored.journal_seq,
                entry.map(|e| e.hash.to_hex()).unwrap_or_default(),
            ),
            record: serde_json::to_value(&stored.record).map_err(ApiError::internal)?,
            stored_sha256: stored.stored_sha256.to_string(),
            journal: entry.map(|e| ProofEntryView {
                seq: e.seq,
                at: e.at.to_string(),
                actor: e.actor.to_string(),
                action: e.action.to_string(),
                details: e.details.clone(),
                prev_hash: e.prev_hash.to_hex(),
                hash: e.hash.to_hex(),
            }),
            digest_matches: check.digest_matches,
            entry_hash_valid: check.entry_hash_valid,
        });
    }
    let mut notices = Vec::with_capacity(notice_hashes.len());
    for sha in &notice_hashes {
        if let Some(stored) = state.db.consent_notice(operator_id, sha).await? {
            notices.push(NoticeView {
                sha256: stored.sha256.to_string(),
                text: stored.text,
                language: stored.language.map(|l| l.to_string()),
                created_at: stored.created_at.to_string(),
            });
        }
    }
    let decision = match &purpose {
        Some((purpose_id, rule)) => {
            let current = state.db.subject_state(operator_id, &subject).await?.unwrap_or_default();
            let decided = decide(rule, &current.subject, &current.purpose(purpose_id), tutela_db::now_us());
            rules
                .as_deref()
                .map(|rules| super::decisions::decision_view(&subject, purpose_id, &decided, &current, rules))
        }
        None => None,
    };
    let head = state.db.journal_head(operator_id).await?;
    let checks: Vec<RecordCheck> = records
        .iter()
        .map(|r| RecordCheck { digest_matches: r.digest_matches, entry_hash_valid: r.entry_hash_valid })
        .collect();
    let intact = proof_intact(&checks, notice_hashes.len(), notices.len());
    Ok(Json(ProofView {
        subject: subject.to_string(),
        purpose: purpose.map(|(p, _)| p.to_string()),
        decision,
        records,
        notices,
        journal_head_seq: head.map_or(0, |(seq, _)| seq),
        journal_head_hash: head.map(|(_, hash)| hash.to_hex()).unwrap_or_default(),
        intact,
        verify: "GET /api/v1/journal/verify checks that every entry still links to the one before it up to the head"
            .into(),
    }))
}

/// A page of published distribution conditions.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct PublishedQuery {
    /// Continue after this subject reference.
    pub after: Option<String>,
    /// Page size: 1 to 1000, default 100; a value out of range is refused with 400.
    pub limit: Option<u32>,
}

/// `GET /public/{operator}/distribution`, without sign-in: the conditions and prohibitions of every
/// consent to distribution in force, which 152-FZ art. 10.1 has the operator publish (within three
/// working days of the consent; here at once). Each entry gives the subject reference, the purpose,
/// the data items with the subject's prohibitions and conditions, and the resources the data is
/// published on; never the subject's name or contact.
#[utoipa::path(get, path = "/public/{operator}/distribution", tag = "public", security(()),
    params(("operator" = String, Path, description = "The operator's slug"), PublishedQuery),
    responses((status = 200, description = "The conditions and prohibitions of every distribution consent in force", body = serde_json::Value),
        (status = 400, body = Problem), (status = 404, body = Problem)))]
pub async fn published_distribution(
    State(state): State<AppState>,
    Path(operator): Path<String>,
    Query(query): Query<PublishedQuery>,
) -> ApiResult<Json<serde_json::Value>> {
    let operator = state.db.operator(&operator).await?;
    let limit = crate::api::page_size(query.limit)?;
    let page = state.db.distribution_consents(&operator.id, query.after.as_deref(), limit).await?;
    let next_after = (page.len() == limit as usize).then(|| page.last().map(|p| p.subject.to_string())).flatten();
    let published: Vec<serde_json::Value> = page
        .iter()
        .map(|p| {
            serde_json::json!({
                "subject": p.subject,
                "purpose": p.purpose,
                "record_id": p.record_id,
                "expires_at": p.expires_at,
                "items": p.terms.items,
                "resources": p.terms.resources,
            })
        })
        .collect();
    Ok(Json(serde_json::json!({ "operator": operator.slug, "published": published, "next_after": next_after })))
}
