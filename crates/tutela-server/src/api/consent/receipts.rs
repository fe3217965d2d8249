//! Consent receipts: a consent record as JSON the subject (or another system) can keep, in two
//! shapes. Tutela fills them from the record, the applied data map (the operator, the purpose's
//! description, basis, data categories, recipients and retention) and the record's journal entry.
//!
//! **Kantara Consent Receipt v1.1** (`?format=kantara`, the default), field by field:
//! `version` = `KI-CR-v1.1.0`; `jurisdiction` = the operator's country; `consentTimestamp` = the
//! record's `at` in Unix seconds; `collectionMethod` = the method (`form_button: <form> / <button>`
//! ...); `consentReceiptID` = the record id; `language` = the record's language, else the data map's
//! default; `piiPrincipalId` = the subject reference; `piiControllers[]` = the operator's legal name,
//! responsible person, address, e-mail, phone and URL; `policyUrl` = the operator's URL;
//! `services[0].purposes[0]` = `purpose` (the description), `purposeCategory` (the purpose id),
//! `consentType` (`IMPLICIT` for use of the site, else `EXPLICIT`), `piiCategory` (the data
//! categories the map's processing activities use for the purpose), `primaryPurpose` (false),
//! `termination` (the expiry), `thirdPartyDisclosure` and `thirdPartyName` (recipients of kind
//! third_party); `sensitive` and `spiCat` from the purpose's special categories.
//!
//! **ISO/IEC TS 27560:2023** (`?format=iso27560`), shaped after the JSON of the W3C DPV community
//! group's 27560 implementation guide: `record` (`schema_version`, `record_id`, `pii_principal_id`),
//! `pii_processing` (`privacy_notice` = `urn:sha256:<notice digest>`, `language`, `purposes[]` with
//! `purpose`, `purpose_id`, `lawful_basis`, `pii_information[].pii_type` (data categories),
//! `pii_controllers`, `collection_method`, `processing_method` (the 152-FZ actions), `retention`,
//! `jurisdiction`, `recipient_third_parties`), `party_identification[]` (the operator as `PII
//! Controller` with id `C01`, recipients as `Third Party` or `PII Processor` by their data map id),
//! `event[]` (`event_time`, `duration` = the expiry, `entity_id` = the subject or the guardian,
//! `type` = explicit or implicit, `state`), and Tutela's `proof` (journal sequence number, entry hash
//! and record digest). It is shaped after the standard, not certified against it.

use axum::extract::State;
use serde::Deserialize;
use serde_json::{Value, json};
use tutela_core::consent::{ConsentEvent, Giver, LedgerRecord, Method, RecordBody};
use tutela_datamap::{DataMap, LocalizedText, Purpose, RecipientKind};
use utoipa::IntoParams;

use crate::app::AppState;
use crate::auth::Caller;
use crate::extract::{Json, Path, Query};
use crate::problem::{ApiError, ApiResult, Problem};

/// Which receipt.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ReceiptQuery {
    /// `kantara` (the default) or `iso27560`.
    pub format: Option<String>,
}

/// A consent record's receipt, as Kantara Consent Receipt v1.1 or ISO/IEC TS 27560-shaped JSON (see
/// the module documentation for how each field is filled).
#[utoipa::path(get, path = "/api/v1/consents/records/{id}/receipt", tag = "consents",
    params(("id" = String, Path, description = "Consent record id"), ReceiptQuery),
    responses((status = 200, body = Object), (status = 400, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem, description = "The record is not a consent record")))]
pub async fn receipt(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    Query(query): Query<ReceiptQuery>,
) -> ApiResult<Json<Value>> {
    let stored = state.db.ledger_record(&caller.operator().id, &id).await?;
    receipt_of(&state, &caller.operator().id, &stored, query.format.as_deref().unwrap_or("kantara")).await.map(Json)
}

/// The receipt of `stored` in `format` (`kantara` or `iso27560`): what the API and the portal serve.
pub async fn receipt_of(
    state: &AppState,
    operator_id: &tutela_core::operator::OperatorId,
    stored: &tutela_db::consent::StoredRecord,
    format: &str,
) -> ApiResult<Value> {
    let id = &stored.record.id;
    let RecordBody::Consent(consent) = &stored.record.body else {
        return Err(ApiError::unprocessable(format!(
            "record {id} is a {} record, not a consent",
            stored.record.body.kind()
        )));
    };
    let rules = state.consent.rules(state, operator_id).await?;
    let map = &rules.map.map;
    let entries = state.db.journal_entries(operator_id, &[stored.journal_seq]).await?;
    let entry_hash = entries.first().map(|e| e.hash.to_hex()).unwrap_or_default();
    let context = Context { map, record: &stored.record, consent, purpose: purpose_of(map, consent) };
    match format {
        "kantara" => Ok(context.kantara()),
        "iso27560" => {
            let mut receipt = context.iso27560();
            receipt["proof"] = json!({
                "journal_seq": stored.journal_seq,
                "journal_hash": entry_hash,
                "record_sha256": stored.stored_sha256,
            });
            Ok(receipt)
        }
        other => Err(ApiError::invalid(format!("format: {other:?} is not kantara or iso27560"))),
    }
}

fn purpose_of<'a>(map: &'a DataMap, consent: &ConsentEvent) -> Option<&'a Purpose> {
    map.purposes.iter().find(|p| p.id.as_str() == consent.purpose.as_str())
}

struct Context<'a> {
    map: &'a DataMap,
    record: &'a LedgerRecord,
    consent: &'a ConsentEvent,
    /// The purpose in the current map (a purpose removed since the record has none).
    purpose: Option<&'a Purpose>,
}

impl Context<'_> {
    fn text(&self, text: &LocalizedText) -> String {
        let default = self.map.operator.default_language();
        let lang = self.consent.language.as_ref().and_then(|l| l.as_str().parse().ok()).unwrap_or(default);
        text.resolve(lang, default).text.to_owned()
    }

    fn language(&self) -> String {
        self.consent
            .language
            .as_ref()
            .map_or_else(|| self.map.operator.default_language().as_str().to_owned(), std::string::ToString::to_string)
    }

    fn method(&self) -> String {
        match &self.consent.method {
            Method::PaperScan { scan_sha256 } => format!("paper_scan: signed form, scan sha256 {scan_sha256}"),
            Method::FormButton { form, button } => format!("form_button: {} / {}", form.as_str(), button.as_str()),
            Method::FeedbackForm { form } => format!("feedback_form: {}", form.as_str()),
            Method::AppDialog { dialog } => format!("app_dialog: {}", dialog.as_str()),
            other => other.kind().to_owned(),
        }
    }

    fn consent_type(&self) -> &'static str {
        if matches!(self.consent.method, Method::SiteUse) { "IMPLICIT" } else { "EXPLICIT" }
    }

    fn categories(&self) -> Vec<String> {
        let purpose = self.consent.purpose.as_str();
        let mut categories: Vec<String> = self
            .map
            .processing_activities
            .iter()
            .filter(|a| a.purposes.iter().any(|p| p.as_str() == purpose))
            .flat_map(|a| a.data_categories.iter().map(|c| c.as_str().to_owned()))
            .collect();
        categories.sort();
        categories.dedup();
        categories
    }

    fn recipients(&self, kind: Option<RecipientKind>) -> Vec<(String, String, RecipientKind)> {
        let purpose = self.consent.purpose.as_str();
        self.map
            .recipients
            .iter()
            .filter(|r| kind.is_none_or(|k| r.kind == k) && r.purposes.iter().any(|p| p.as_str() == purpose))
            .map(|r| (r.id.as_str().to_owned(), self.text(&r.name), r.kind))
            .collect()
    }

    fn description(&self) -> String {
        self.purpose.map_or_else(|| self.consent.purpose.to_string(), |p| self.text(&p.description))
    }

    fn retention(&self) -> Option<String> {
        let retention = self.purpose?.retention.as_ref()?;
        Some(retention.value.limits.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "))
    }

    fn special_categories(&self) -> Vec<String> {
        let Some(special) = self.purpose.and_then(|p| p.special_categories.as_ref()) else { return vec![] };
        special.value.categories.iter().map(|c| c.as_str().to_owned()).collect()
    }

    fn kantara(&self) -> Value {
        let operator = &self.map.operator.value;
        let third_parties = self.recipients(Some(RecipientKind::ThirdParty));
        let special = self.special_categories();
        json!({
            "version": "KI-CR-v1.1.0",
            "jurisdiction": operator.country.as_str(),
            "consentTimestamp": self.record.at.as_second(),
            "collectionMethod": self.method(),
            "consentReceiptID": self.record.id,
            "language": self.language(),
            "piiPrincipalId": self.record.subject.as_str(),
            "piiControllers": [{
                "piiController": self.text(&operator.legal_name),
                "contact": operator.responsible_person.as_ref().or(operator.dpo.as_ref())
                    .map_or_else(|| self.text(&operator.legal_name), |p| self.text(&p.name)),
                "address": { "streetAddress": self.text(&operator.address), "addressCountry": operator.country.as_str() },
                "email": operator.contact.email.as_ref().map(tutela_datamap::Text::as_str),
                "phone": operator.contact.phone.as_ref().map(tutela_datamap::Text::as_str),
                "piiControllerUrl": operator.contact.url.as_ref().map(tutela_datamap::Text::as_str),
            }],
            "policyUrl": operator.contact.url.as_ref().map(tutela_datamap::Text::as_str),
            "services": [{
                "service": operator.trading_name.as_ref().map_or_else(|| self.text(&operator.legal_name), |n| self.text(n)),
                "purposes": [{
                    "purpose": self.description(),
                    "purposeCategory": [self.consent.purpose.as_str()],
                    "consentType": self.consent_type(),
                    "piiCategory": self.categories(),
                    "primaryPurpose": false,
                    "termination": self.consent.expiry.to_string(),
                    "thirdPartyDisclosure": !third_parties.is_empty(),
                    "thirdPartyName": third_parties.iter().map(|(_, name, _)| name.clone()).collect::<Vec<_>>().join(", "),
                }],
            }],
            "sensitive": !special.is_empty(),
            "spiCat": special,
        })
    }

    fn iso27560(&self) -> Value {
        let operator = &self.map.operator.value;
        let recipients = self.recipients(None);
        let mut parties = vec![json!({
            "party_id": "C01",
            "party_name": self.text(&operator.legal_name),
            "party_address": self.text(&operator.address),
            "party_email": operator.contact.email.as_ref().map(tutela_datamap::Text::as_str),
            "party_url": operator.contact.url.as_ref().map(tutela_datamap::Text::as_str),
            "party_role": "PII Controller",
        })];
        parties.extend(recipients.iter().map(|(id, name, kind)| {
            let role = match kind {
                RecipientKind::Processor | RecipientKind::Sdk => "PII Processor",
                RecipientKind::JointController => "PII Controller",
                RecipientKind::ThirdParty => "Third Party",
            };
            json!({ "party_id": id, "party_name": name, "party_role": role })
        }));
        let basis = self.purpose.and_then(|p| p.legal_basis.as_ref()).map(|b| b.kind.value.as_str());
        let actions: Vec<String> =
            self.purpose.map(|p| p.actions.iter().map(|a| a.value.to_string()).collect()).unwrap_or_default();
        let entity = match &self.consent.given_by {
            Giver::Subject => self.record.subject.to_string(),
            Giver::Guardian { guardian_ref } => guardian_ref.to_string(),
        };
        json!({
            "record": {
                "schema_version": "ISO/IEC TS 27560:2023 (shape of the W3C DPV 27560 guide)",
                "record_id": self.record.id,
                "pii_principal_id": self.record.subject.as_str(),
            },
            "pii_processing": {
                "privacy_notice": self.consent.notice_sha256.as_ref().map(|h| format!("urn:sha256:{h}")),
                "language": self.language(),
                "purposes": [{
                    "purpose": self.description(),
                    "purpose_id": self.consent.purpose.as_str(),
                    "lawful_basis": basis,
                    "pii_information": self.categories().into_iter().map(|c| json!({ "pii_type": c })).collect::<Vec<_>>(),
                    "pii_controllers": ["C01"],
                    "collection_method": [self.method()],
                    "processing_method": actions,
                    "retention": self.retention(),
                    "jurisdiction": operator.jurisdictions.iter().map(|j| j.value.as_str()).collect::<Vec<_>>(),
                    "recipient_third_parties": recipients.iter().map(|(id, _, _)| id.clone()).collect::<Vec<_>>(),
                }],
            },
            "party_identification": parties,
            "event": [{
                "event_time": self.record.at.to_string(),
                "duration": self.consent.expiry.to_string(),
                "entity_id": entity,
                "type": self.consent_type().to_ascii_lowercase(),
                "state": self.consent.state.as_str(),
            }],
        })
    }
}
