//! What the consent endpoints share: the ledger's group-commit writer, each operator's purpose rules
//! derived from its applied data map, the Global Privacy Control header, and the translation of core
//! consent errors into problem documents.
//!
//! A purpose's rule comes from the data map: its legal basis (`legal_basis.kind`), whether a parent or
//! guardian gives its consent (`legal_basis.given_by: parent_or_guardian`), and whether it sells or
//! shares data, which a GPC signal opts out of (`sale_or_sharing: true`). When a purpose does not
//! say, it is taken to sell or share when the map gives its data to a recipient of kind
//! `third_party` (one that decides its own purposes for the data: CCPA's "third party", to which a
//! disclosure is a sale or a sharing, Cal. Civ. Code 1798.140(ad), (ah)) and the purpose rests on
//! consent or legitimate interest. Processors, SDKs and joint controllers do not count, nor do
//! disclosures on a contract (the subject directs them, 1798.140(ad)(2)(A)) or required by law (a tax
//! authority).
//!
//! The rules of a data map version are computed once and cached with it, so the decision path costs
//! one hash lookup for them.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use axum::http::HeaderMap;
use tutela_core::consent::{Basis, InvalidConsent, PurposeId, PurposeRule};
use tutela_core::operator::OperatorId;
use tutela_core::subject::SubjectRef;
use tutela_datamap::{ConsentGiver, LegalBasisKind};
use tutela_db::Db;
use tutela_db::consent::{LedgerWrite, LedgerWriter, WriteError, Written};

use crate::app::AppState;
use crate::auth::Caller;
use crate::datamaps::AppliedDataMap;
use crate::problem::{ApiError, ApiResult};

/// The consent ledger's shared state in the server.
pub struct ConsentLedger {
    writer: LedgerWriter,
    rules: Mutex<HashMap<OperatorId, Arc<PurposeRules>>>,
}

impl ConsentLedger {
    /// Starts the ledger's writer task for `store`.
    pub fn new(db: Db) -> ConsentLedger {
        ConsentLedger { writer: LedgerWriter::spawn(db), rules: Mutex::new(HashMap::new()) }
    }

    /// Writes through the group-commit writer; answers once the write is committed.
    pub async fn write(&self, write: LedgerWrite) -> ApiResult<Written> {
        self.writer.write(write).await.map_err(|err| match err {
            WriteError::TooManyRecords(_) => ApiError::invalid(err),
            WriteError::Stopped => ApiError::unavailable(err),
            WriteError::Db(db) => db.into(),
        })
    }

    /// What every endpoint about one subject starts with: the operator's purpose rules, and `subject`
    /// parsed (400 naming it when malformed). The route has checked the caller's permission.
    pub async fn subject_scope(
        &self,
        state: &AppState,
        operator_id: &OperatorId,
        subject: &str,
    ) -> ApiResult<(Arc<PurposeRules>, SubjectRef)> {
        let rules = self.rules(state, operator_id).await?;
        Ok((rules, super::capture::parse_subject(subject)?))
    }

    /// For reading what the ledger holds about one subject: `subject` parsed, and the purpose rules
    /// when a data map is applied. A subject's records and proof can be read without one; only
    /// decisions need purposes.
    pub async fn subject_read_scope(
        &self,
        state: &AppState,
        caller: &Caller,
        subject: &str,
    ) -> ApiResult<(Option<Arc<PurposeRules>>, SubjectRef)> {
        let subject = super::capture::parse_subject(subject)?;
        let rules = match state.datamaps.current(&state.db, &caller.operator().id).await? {
            Some(_) => Some(self.rules(state, &caller.operator().id).await?),
            None => None,
        };
        Ok((rules, subject))
    }

    /// The operator's purpose rules from its applied data map. Fails with 409 when the operator has
    /// applied no data map: purposes come from it.
    pub async fn rules(&self, state: &AppState, operator_id: &OperatorId) -> ApiResult<Arc<PurposeRules>> {
        let map = state.datamaps.current(&state.db, operator_id).await?.ok_or_else(no_data_map)?;
        let mut cache = self.rules.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(rules) = cache.get(operator_id).filter(|r| Arc::ptr_eq(&r.map, &map)) {
            return Ok(rules.clone());
        }
        let rules = Arc::new(PurposeRules::from_map(map));
        cache.insert(operator_id.clone(), rules.clone());
        Ok(rules)
    }
}

/// 409: the operator has applied no data map, and the request needs its purposes.
pub fn no_data_map() -> ApiError {
    ApiError::conflict(
        "no data map is applied: consents are recorded for the purposes of the operator's data map \
         (PUT /api/v1/datamap)",
    )
}

/// The decision rules of every purpose of one applied data map version.
pub struct PurposeRules {
    /// The map they come from.
    pub map: Arc<AppliedDataMap>,
    /// The rule of each purpose.
    pub rules: BTreeMap<PurposeId, PurposeRule>,
    /// The purposes the data map marks as direct marketing: the suppression list stops them.
    pub direct_marketing: std::collections::BTreeSet<PurposeId>,
}

impl PurposeRules {
    fn from_map(map: Arc<AppliedDataMap>) -> PurposeRules {
        let mut rules = BTreeMap::new();
        let mut direct_marketing = std::collections::BTreeSet::new();
        for purpose in &map.map.purposes {
            // The data map's purpose ids are a subset of the ledger's syntax; skip any that is not.
            let Ok(id) = PurposeId::parse(purpose.id.as_str()) else { continue };
            let Some(basis) = purpose.legal_basis.as_ref() else { continue };
            let basis_kind = basis_of(basis.kind.value);
            let rule = PurposeRule {
                basis: basis_kind,
                guardian_consent: basis.given_by.as_ref().is_some_and(|g| g.value == ConsentGiver::ParentOrGuardian),
                gpc_opt_out: purpose.sells_or_shares(&map.map.recipients),
            };
            if purpose.direct_marketing {
                direct_marketing.insert(id.clone());
            }
            rules.insert(id, rule);
        }
        PurposeRules { map, rules, direct_marketing }
    }

    /// The purpose's id and rule: 400 when the id is malformed, 422 naming the known purposes when the
    /// data map has no such purpose.
    pub fn rule(&self, purpose: &str) -> ApiResult<(PurposeId, PurposeRule)> {
        let id = PurposeId::parse(purpose).map_err(invalid)?;
        match self.rules.get(&id) {
            Some(rule) => Ok((id, *rule)),
            None => Err(ApiError::unprocessable(format!(
                "purpose {purpose:?} is not in the applied data map (version {}); its purposes are: {}",
                self.map.version,
                self.known()
            ))),
        }
    }

    fn known(&self) -> String {
        let ids: Vec<&str> = self.rules.keys().map(PurposeId::as_str).collect();
        if ids.is_empty() { "none".to_owned() } else { ids.join(", ") }
    }

    /// The decision for `purpose` with the operator's suppression list applied: a subject on it is
    /// refused a direct-marketing purpose, citing the suppression (one indexed read, only for such
    /// purposes while the ledger allows them).
    pub async fn suppressed(
        &self,
        state: &AppState,
        operator_id: &OperatorId,
        subject: &tutela_core::subject::SubjectRef,
        purpose: &PurposeId,
        decision: tutela_core::consent::Decision,
    ) -> ApiResult<tutela_core::consent::Decision> {
        let marketing = self.direct_marketing.contains(purpose);
        if !marketing || !decision.allowed {
            return Ok(decision);
        }
        let suppression = state.db.suppression(operator_id, subject.as_str()).await?;
        Ok(tutela_core::consent::suppress(decision, marketing, suppression.as_deref()))
    }

    /// The purposes that rest on consent.
    pub fn consent_purposes(&self) -> impl Iterator<Item = (&PurposeId, &PurposeRule)> {
        self.rules.iter().filter(|(_, rule)| rule.basis == Basis::Consent)
    }

    /// Whether the operator answers to 152-FZ (its data map's jurisdictions), which picks the calendar
    /// of a destruction clock.
    pub fn russian(&self) -> bool {
        self.map.map.operator.jurisdictions.iter().any(|j| j.value == tutela_datamap::Jurisdiction::Ru152Fz)
    }
}

/// The ledger's basis for the data map's.
pub fn basis_of(kind: LegalBasisKind) -> Basis {
    match kind {
        LegalBasisKind::Consent => Basis::Consent,
        LegalBasisKind::Contract => Basis::Contract,
        LegalBasisKind::LegalObligation => Basis::LegalObligation,
        LegalBasisKind::VitalInterest => Basis::VitalInterest,
        LegalBasisKind::PublicTask => Basis::PublicTask,
        LegalBasisKind::LegitimateInterest => Basis::LegitimateInterest,
    }
}

/// Whether the request carries `Sec-GPC: 1` (W3C Global Privacy Control: the only defined value).
pub fn gpc_header(headers: &HeaderMap) -> bool {
    headers.get("sec-gpc").is_some_and(|value| value.as_bytes().trim_ascii() == b"1")
}

/// A core consent error as a 400 problem: its message names the value and what is expected.
pub fn invalid(err: InvalidConsent) -> ApiError {
    ApiError::invalid(err)
}

/// The day this server's GPC support last changed, for `/.well-known/gpc.json`.
pub const GPC_LAST_UPDATE: &str = "2026-11-22";

/// `/.well-known/gpc.json`: tells browsers and auditors that this server honours Global Privacy
/// Control (`Sec-GPC: 1`) on its consent-capture endpoints, as the GPC specification's well-known
/// resource (`{"gpc": true, "lastUpdate": "<date>"}`).
#[utoipa::path(get, path = "/.well-known/gpc.json", tag = "public", security(()),
    responses((status = 200, description = "`{\"gpc\": true, \"lastUpdate\": \"<date>\"}`", body = serde_json::Value)))]
pub async fn gpc_json() -> axum::Json<serde_json::Value> {
    axum::Json(serde_json::json!({ "gpc": true, "lastUpdate": GPC_LAST_UPDATE }))
}
