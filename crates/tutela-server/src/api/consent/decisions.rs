//! Decisions: "may subject S's data be used for purpose P now?", the hot path client applications
//! call before using data; its batch form; the export of current state for clients' caches; and the
//! suppression list of a purpose.
//!
//! A single decision is one indexed read of the current-state tables (the purpose rules come from
//! the applied data map, cached per version). The answer names the legal basis from the data map,
//! the record that proves it (or that refuses), and the reason when refused: `no_consent`,
//! `refused`, `withdrawn`, `expired`, `blocked`, `objection`, `gpc`, `guardian_consent_required`,
//! `suppressed` (a direct-marketing purpose, and the subject cancelled or closed their account),
//! and for distribution `not_in_distribution_consent` or `distribution_prohibited`.

use std::collections::HashMap;

use axum::extract::State;
use serde::{Deserialize, Serialize};
use tutela_core::consent::{
    Decision, DistributionItem, DistributionUse, PurposeId, PurposeRule, SubjectState, decide, decide_distribution,
};
use tutela_core::operator::OperatorId;
use tutela_core::subject::SubjectRef;
use utoipa::{IntoParams, ToSchema};

use super::capture::parse_subject;
use super::ledger::PurposeRules;
use crate::app::AppState;
use crate::auth::Caller;
use crate::extract::{Json, Query};
use crate::problem::{ApiError, ApiResult, Problem};

/// Most subject-purpose pairs one batch decides.
pub const MAX_BATCH_PAIRS: usize = 1_000;

/// What to decide.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct DecisionQuery {
    /// The operator's reference for the subject.
    pub subject: String,
    /// A purpose id of the applied data map.
    pub purpose: String,
    /// For a purpose with a consent to distribution: the data item to make public.
    pub data_item: Option<String>,
    /// With `data_item`: `publish` (make it accessible, the default) or `transfer` (hand it over).
    #[serde(rename = "use")]
    pub used_as: Option<String>,
}

/// A distribution item's terms, returned with a decision about it.
#[derive(Debug, Serialize, ToSchema)]
pub struct DistributionItemView {
    /// The item.
    pub item: String,
    /// The subject forbids transferring it to an unlimited circle of persons.
    pub prohibit_transfer: bool,
    /// The subject forbids an unlimited circle of persons to process it.
    pub prohibit_processing: bool,
    /// The subject's conditions, to publish with the data.
    pub conditions: Option<String>,
}

impl From<&DistributionItem> for DistributionItemView {
    fn from(item: &DistributionItem) -> Self {
        DistributionItemView {
            item: item.item.as_str().to_owned(),
            prohibit_transfer: item.prohibit_transfer,
            prohibit_processing: item.prohibit_processing,
            conditions: item.conditions.as_ref().map(|c| c.as_str().to_owned()),
        }
    }
}

/// The answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionView {
    /// The subject.
    pub subject: String,
    /// The purpose.
    pub purpose: String,
    /// Whether the data may be used for the purpose now.
    pub allowed: bool,
    /// The purpose's legal basis from the data map: consent, contract, legal_obligation,
    /// vital_interest, public_task or legitimate_interest.
    pub basis: String,
    /// The record that proves the answer (the consent, or the refusal, withdrawal, block, objection
    /// or GPC signal); none for another basis than consent, or when nothing was ever recorded.
    pub record_id: Option<String>,
    /// Why not, when refused.
    pub reason: Option<String>,
    /// When the consent that allows it stops counting, if it does: a cache must not keep the answer
    /// past it.
    pub expires_at: Option<String>,
    /// The data map version the rules came from.
    pub datamap_version: u64,
    /// For a decision about a distribution item: its terms.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distribution: Option<DistributionItemView>,
}

/// Builds the view of a decision about a subject whose state is known.
pub fn decision_view(
    subject: &SubjectRef,
    purpose: &PurposeId,
    decision: &Decision,
    state: &SubjectState,
    rules: &PurposeRules,
) -> DecisionView {
    let expires_at = decision
        .allowed
        .then(|| state.purposes.get(purpose).and_then(|p| p.consent.as_ref()).and_then(|c| c.expires_at))
        .flatten()
        .filter(|_| decision.record_id.is_some());
    DecisionView {
        subject: subject.to_string(),
        purpose: purpose.to_string(),
        allowed: decision.allowed,
        basis: decision.basis.as_str().to_owned(),
        record_id: decision.record_id.clone(),
        reason: decision.reason.map(|r| r.as_str().to_owned()),
        expires_at: expires_at.map(|t| t.to_string()),
        datamap_version: rules.map.version,
        distribution: None,
    }
}

fn unknown_subject(subject: &SubjectRef) -> ApiError {
    ApiError::not_found(format!("subject \"{subject}\" has no record in the consent ledger"))
}

/// Decides whether a subject's data may be used for a purpose now.
#[utoipa::path(get, path = "/api/v1/decision", tag = "decisions", params(DecisionQuery),
    responses((status = 200, body = DecisionView), (status = 400, body = Problem),
        (status = 404, body = Problem, description = "The ledger has no record of the subject"),
        (status = 409, body = Problem, description = "No data map is applied"),
        (status = 422, body = Problem, description = "The purpose is not in the data map")))]
pub async fn decision(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<DecisionQuery>,
) -> ApiResult<Json<DecisionView>> {
    let operator_id = &caller.operator().id;
    let rules = state.consent.rules(&state, operator_id).await?;
    let (purpose, rule) = rules.rule(&query.purpose)?;
    let subject = parse_subject(&query.subject)?;
    let used_as = match query.used_as.as_deref() {
        None | Some("publish") => DistributionUse::Publish,
        Some("transfer") => DistributionUse::Transfer,
        Some(other) => return Err(ApiError::invalid(format!("use: {other:?} is not publish or transfer"))),
    };
    let current = state.db.decision_state(operator_id, &subject, &purpose).await?;
    let current = current.ok_or_else(|| unknown_subject(&subject))?;
    let purpose_view = current.purpose(&purpose);
    let now = tutela_db::now_us();
    let Some(item) = query.data_item.as_deref() else {
        let decision = decide(&rule, &current.subject, &purpose_view, now);
        let decision = rules.suppressed(&state, operator_id, &subject, &purpose, decision).await?;
        return Ok(Json(decision_view(&subject, &purpose, &decision, &current, &rules)));
    };
    let (decision, terms) = decide_distribution(&rule, &current.subject, &purpose_view, item, used_as, now);
    let mut answer = decision_view(&subject, &purpose, &decision, &current, &rules);
    answer.distribution = terms.map(DistributionItemView::from);
    Ok(Json(answer))
}

/// One pair to decide.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Pair {
    /// The subject.
    pub subject: String,
    /// The purpose.
    pub purpose: String,
}

/// Many decisions at once: explicit pairs, or every purpose for every subject given.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchDecisions {
    /// Subject-purpose pairs.
    #[serde(default)]
    pub pairs: Vec<Pair>,
    /// Subjects, each decided for every purpose in `purposes`.
    #[serde(default)]
    pub subjects: Vec<String>,
    /// Purposes for `subjects`.
    #[serde(default)]
    pub purposes: Vec<String>,
}

/// One answer of a batch: a decision, or the problem with that pair.
#[derive(Debug, Serialize, ToSchema)]
pub struct BatchItem {
    /// The subject, as asked.
    pub subject: String,
    /// The purpose, as asked.
    pub purpose: String,
    /// The decision, when the pair could be decided.
    pub decision: Option<DecisionView>,
    /// Why it could not: an unknown subject, a purpose not in the data map, a malformed name.
    pub problem: Option<String>,
}

/// The answers, in the order asked.
#[derive(Debug, Serialize, ToSchema)]
pub struct BatchView {
    /// One per pair.
    pub decisions: Vec<BatchItem>,
}

/// Decides up to 1000 subject-purpose pairs. Each subject's state is read once.
#[utoipa::path(post, path = "/api/v1/decisions", tag = "decisions", request_body = BatchDecisions,
    responses((status = 200, body = BatchView), (status = 400, body = Problem), (status = 409, body = Problem)))]
pub async fn batch(
    State(state): State<AppState>,
    caller: Caller,
    Json(request): Json<BatchDecisions>,
) -> ApiResult<Json<BatchView>> {
    let cross = request.subjects.len().saturating_mul(request.purposes.len());
    let count = request.pairs.len().saturating_add(cross);
    if count == 0 || count > MAX_BATCH_PAIRS {
        return Err(ApiError::invalid(format!(
            "a batch decides 1 to {MAX_BATCH_PAIRS} pairs (pairs, plus subjects × purposes); this one asks for {count}"
        )));
    }
    let mut pairs: Vec<(String, String)> = request.pairs.into_iter().map(|p| (p.subject, p.purpose)).collect();
    for subject in &request.subjects {
        pairs.extend(request.purposes.iter().map(|purpose| (subject.clone(), purpose.clone())));
    }
    let operator_id = &caller.operator().id;
    let rules = state.consent.rules(&state, operator_id).await?;
    let now = tutela_db::now_us();
    let mut states: HashMap<String, Option<SubjectState>> = HashMap::new();
    let mut decisions = Vec::with_capacity(pairs.len());
    for (subject_text, purpose_text) in pairs {
        let answer = decide_pair(&state, operator_id, &rules, &mut states, &subject_text, &purpose_text, now).await;
        let (decision, problem) = match answer {
            Ok(view) => (Some(view), None),
            Err(err) => (None, Some(err.problem().detail)),
        };
        decisions.push(BatchItem { subject: subject_text, purpose: purpose_text, decision, problem });
    }
    Ok(Json(BatchView { decisions }))
}

async fn decide_pair(
    state: &AppState,
    operator_id: &OperatorId,
    rules: &PurposeRules,
    states: &mut HashMap<String, Option<SubjectState>>,
    subject: &str,
    purpose: &str,
    now: jiff::Timestamp,
) -> ApiResult<DecisionView> {
    let (purpose, rule): (PurposeId, PurposeRule) = rules.rule(purpose)?;
    let subject = parse_subject(subject)?;
    if !states.contains_key(subject.as_str()) {
        let loaded = state.db.subject_state(operator_id, &subject).await?;
        states.insert(subject.to_string(), loaded);
    }
    let current = states.get(subject.as_str()).and_then(Option::as_ref).ok_or_else(|| unknown_subject(&subject))?;
    let decision = decide(&rule, &current.subject, &current.purpose(&purpose), now);
    let decision = rules.suppressed(state, operator_id, &subject, &purpose, decision).await?;
    Ok(decision_view(&subject, &purpose, &decision, current, rules))
}

/// A page of the export.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    /// Only subjects changed after this journal sequence number (the `next_after_seq` of the previous
    /// page; 0 or absent for the start).
    pub after_seq: Option<u64>,
    /// Page size: 1 to 1000, default 100; a value out of range is refused with 400.
    pub limit: Option<u32>,
}

/// One subject's decisions for every purpose of the data map.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportedSubjectView {
    /// The subject.
    pub subject: String,
    /// The journal sequence number of the subject's newest record.
    pub changed_seq: u64,
    /// A decision per purpose of the data map, as of now.
    pub decisions: Vec<DecisionView>,
}

/// A page of current state.
#[derive(Debug, Serialize, ToSchema)]
pub struct ExportView {
    /// Subjects in the order of their newest change.
    pub subjects: Vec<ExportedSubjectView>,
    /// Pass as `after_seq` for the next page, and later to fetch only what changed since.
    pub next_after_seq: u64,
}

/// Exports every subject's current decisions for client caches, in pages ordered by change, so a
/// client that keeps `next_after_seq` later fetches only what changed. A decision carries
/// `expires_at`; a cache must not keep an allowed answer past it.
#[utoipa::path(get, path = "/api/v1/consents/export", tag = "decisions", params(ExportQuery),
    responses((status = 200, body = ExportView), (status = 400, body = Problem), (status = 409, body = Problem)))]
pub async fn export(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<ExportQuery>,
) -> ApiResult<Json<ExportView>> {
    let operator_id = &caller.operator().id;
    let rules = state.consent.rules(&state, operator_id).await?;
    let after_seq = query.after_seq.unwrap_or(0);
    let page = state.db.export_subjects(operator_id, after_seq, crate::api::page_size(query.limit)?).await?;
    let now = tutela_db::now_us();
    let next_after_seq = page.last().map_or(after_seq, |s| s.changed_seq);
    let mut subjects = Vec::with_capacity(page.len());
    for exported in &page {
        let mut decisions = Vec::with_capacity(rules.rules.len());
        for (purpose, rule) in &rules.rules {
            let decision = decide(rule, &exported.state.subject, &exported.state.purpose(purpose), now);
            let decision = rules.suppressed(&state, operator_id, &exported.subject, purpose, decision).await?;
            decisions.push(decision_view(&exported.subject, purpose, &decision, &exported.state, &rules));
        }
        subjects.push(ExportedSubjectView {
            subject: exported.subject.to_string(),
            changed_seq: exported.changed_seq,
            decisions,
        });
    }
    Ok(Json(ExportView { subjects, next_after_seq }))
}

/// A page of a suppression list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct SuppressedQuery {
    /// The purpose (e.g. the mailing's).
    pub purpose: String,
    /// Continue after this subject reference (the previous page's `next_after`).
    pub after: Option<String>,
    /// Page size: 1 to 1000, default 100; a value out of range is refused with 400.
    pub limit: Option<u32>,
}

/// Who must be left out.
#[derive(Debug, Serialize, ToSchema)]
pub struct SuppressedView {
    /// The purpose.
    pub purpose: String,
    /// Subjects who refused, withdrew or objected, by reference.
    pub subjects: Vec<String>,
    /// Pass as `after` for the next page; none on the last.
    pub next_after: Option<String>,
}

/// The subjects who refused, withdrew or objected to a purpose: the suppression list a mailing (or
/// any other use) must honour even for subjects it learnt about elsewhere.
#[utoipa::path(get, path = "/api/v1/consents/suppressed", tag = "decisions", params(SuppressedQuery),
    responses((status = 200, body = SuppressedView), (status = 400, body = Problem), (status = 422, body = Problem)))]
pub async fn suppressed(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<SuppressedQuery>,
) -> ApiResult<Json<SuppressedView>> {
    let operator_id = &caller.operator().id;
    let rules = state.consent.rules(&state, operator_id).await?;
    let (purpose, _) = rules.rule(&query.purpose)?;
    let limit = crate::api::page_size(query.limit)?;
    let subjects = state.db.suppressed_subjects(operator_id, &purpose, query.after.as_deref(), limit).await?;
    let next_after =
        (subjects.len() == limit as usize).then(|| subjects.last().map(std::string::ToString::to_string)).flatten();
    Ok(Json(SuppressedView {
        purpose: purpose.to_string(),
        subjects: subjects.into_iter().map(|s| s.to_string()).collect(),
        next_after,
    }))
}
