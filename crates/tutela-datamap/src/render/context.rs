//! What every artefact builder needs: the map, the page's language and its messages, and the words
//! for the data map's vocabulary (category labels, legal bases, retention ...) in that language.

use std::cell::Cell as Flag;

use tutela_i18n::{Arg, Lang, Messages};

use super::RenderError;
use super::document::{Column, Field, Item, Piece};
use crate::model::{
    CategoryId, DataMap, Jurisdiction, LegalBasisKind, LocalizedText, Purpose, Recipient, RecipientKind, Retention,
    RetentionEvent, RetentionLimit, RetentionUnit, SubjectCategoryId, TransferMechanism,
};
use crate::taxonomy;

/// The map and the page's language.
pub(crate) struct Ctx<'m> {
    pub map: &'m DataMap,
    pub lang: Lang,
    /// The map's default language, which untranslated texts fall back to.
    pub default: Lang,
    messages: Messages,
    /// Whether some text fell back to another language (the page then says so).
    fell_back: Flag<bool>,
}

impl<'m> Ctx<'m> {
    pub fn new(map: &'m DataMap, lang: Lang) -> Self {
        Ctx {
            map,
            lang,
            default: map.operator.default_language(),
            messages: Messages::new(lang),
            fell_back: Flag::new(false),
        }
    }

    pub fn fell_back(&self) -> bool {
        self.fell_back.get()
    }

    /// A message without arguments.
    pub fn msg(&self, id: &str) -> Result<String, RenderError> {
        Ok(self.messages.get(id)?)
    }

    /// A message with arguments.
    pub fn fmt(&self, id: &str, args: &[(&str, Arg<'_>)]) -> Result<String, RenderError> {
        Ok(self.messages.format(id, args)?)
    }

    /// An operator's text in the page's language, or its fallback marked with its language.
    pub fn text(&self, text: &LocalizedText) -> Piece {
        let resolved = text.resolve(self.lang, self.default);
        if resolved.is_fallback {
            self.fell_back.set(true);
        }
        Piece { text: resolved.text.to_owned(), lang: resolved.is_fallback.then_some(resolved.lang) }
    }

    /// An operator's optional text, or nothing.
    pub fn opt_text(&self, text: Option<&LocalizedText>) -> Vec<Item> {
        text.map(|text| vec![Item::from(self.text(text))]).unwrap_or_default()
    }

    pub fn column(&self, key: &'static str, list: bool) -> Result<Column, RenderError> {
        Ok(Column { key, label: self.msg(&format!("column-{key}"))?, list })
    }

    pub fn field(&self, key: &'static str, value: Vec<Item>, list: bool) -> Result<Field, RenderError> {
        Ok(Field { key, label: self.msg(&format!("field-{key}"))?, value, list })
    }

    // -----------------------------------------------------------------------------------------------
    // Vocabulary

    /// A data category's label, marked when it is a special category or biometric.
    pub fn category(&self, id: &CategoryId) -> Result<Item, RenderError> {
        let (label, special, biometric) = match taxonomy::data_category(id.as_str()) {
            Some(builtin) => (
                Piece::plain(self.msg(&format!("data-category-{}", id.as_str().replace('.', "-")))?),
                builtin.special,
                builtin.biometric,
            ),
            None => match self.map.data_categories.iter().find(|decl| decl.id.as_str() == id.as_str()) {
                Some(decl) => (self.text(&decl.label), decl.special || decl.biometric, decl.biometric),
                None => (Piece::plain(id.as_str()), false, false),
            },
        };
        let item = Item::from(label);
        Ok(match (biometric, special) {
            (true, _) => item.push(Piece::plain(self.msg("marker-biometric")?)),
            (false, true) => item.push(Piece::plain(self.msg("marker-special")?)),
            _ => item,
        })
    }

    /// Whether a data category is special or biometric.
    pub fn is_special(&self, id: &CategoryId) -> bool {
        match taxonomy::data_category(id.as_str()) {
            Some(builtin) => builtin.special,
            None => self.map.data_categories.iter().any(|d| d.id.as_str() == id.as_str() && (d.special || d.biometric)),
        }
    }

    /// A subject category's label.
    pub fn subject(&self, id: &SubjectCategoryId) -> Result<Item, RenderError> {
        if taxonomy::subject_category(id.as_str()).is_some() {
            return Ok(Item::plain(self.msg(&format!("subject-category-{}", id.as_str()))?));
        }
        Ok(match self.map.subject_categories.iter().find(|decl| decl.id.as_str() == id.as_str()) {
            Some(decl) => Item::from(self.text(&decl.label)),
            None => Item::plain(id.as_str()),
        })
    }

    pub fn legal_basis(&self, kind: LegalBasisKind) -> Result<String, RenderError> {
        self.msg(&format!("legal-basis-{}", kind.as_str()))
    }

    pub fn jurisdiction(&self, jurisdiction: Jurisdiction) -> Result<String, RenderError> {
        self.msg(&format!("jurisdiction-{}", jurisdiction.as_str()))
    }

    pub fn jurisdiction_short(&self, jurisdiction: Jurisdiction) -> Result<String, RenderError> {
        self.msg(&format!("jurisdiction-short-{}", jurisdiction.as_str()))
    }

    pub fn recipient_kind(&self, kind: RecipientKind) -> Result<String, RenderError> {
        self.msg(&format!("recipient-kind-{}", recipient_kind_id(kind)))
    }

    pub fn mechanism(&self, mechanism: TransferMechanism) -> Result<String, RenderError> {
        self.msg(&format!("transfer-mechanism-{}", mechanism_id(mechanism)))
    }

    /// A retention rule as a sentence: "5 years after the contract ends"; several limits joined and
    /// followed by "whichever comes first". Starts with a capital where the script has them.
    pub fn retention(&self, retention: &Retention) -> Result<String, RenderError> {
        let limits: Vec<String> = retention.limits.iter().map(|limit| self.limit(limit)).collect::<Result<_, _>>()?;
        let text = match limits.as_slice() {
            [single] => single.clone(),
            _ => {
                let joined = limits.join(&self.msg("retention-separator")?);
                self.fmt("retention-whichever-first", &[("limits", Arg::Text(&joined))])?
            }
        };
        Ok(capitalize(&text))
    }

    fn limit(&self, limit: &RetentionLimit) -> Result<String, RenderError> {
        match limit {
            RetentionLimit::Until(event) => self.msg(&format!("retention-until-{}", event.as_str())),
            RetentionLimit::Period { period, after } => {
                let unit = match period.unit {
                    RetentionUnit::Days => "days",
                    RetentionUnit::Weeks => "weeks",
                    RetentionUnit::Months => "months",
                    RetentionUnit::Years => "years",
                };
                let text = self.fmt(&format!("duration-{unit}"), &[("count", Arg::Number(i64::from(period.count)))])?;
                let id = match after {
                    None => "retention-from-collection".to_owned(),
                    Some(event) => format!("retention-after-{}", event_id(*event)),
                };
                self.fmt(&id, &[("period", Arg::Text(&text))])
            }
        }
    }

    // -----------------------------------------------------------------------------------------------
    // Lookups

    pub fn purpose(&self, id: &str) -> Option<&'m Purpose> {
        self.map.purposes.iter().find(|purpose| purpose.id.as_str() == id)
    }

    pub fn recipient(&self, id: &str) -> Option<&'m Recipient> {
        self.map.recipients.iter().find(|recipient| recipient.id.as_str() == id)
    }

    /// A purpose's description, or its id when the map has no such purpose.
    pub fn purpose_item(&self, id: &str) -> Item {
        match self.purpose(id) {
            Some(purpose) => Item::from(self.text(&purpose.description)),
            None => Item::plain(id),
        }
    }
}

fn recipient_kind_id(kind: RecipientKind) -> &'static str {
    match kind {
        RecipientKind::Processor => "processor",
        RecipientKind::ThirdParty => "third_party",
        RecipientKind::Sdk => "sdk",
        RecipientKind::JointController => "joint_controller",
    }
}

fn mechanism_id(mechanism: TransferMechanism) -> &'static str {
    use TransferMechanism as M;
    match mechanism {
        M::AdequacyDecision => "adequacy_decision",
        M::StandardContractualClauses => "standard_contractual_clauses",
        M::BindingCorporateRules => "binding_corporate_rules",
        M::CodeOrCertification => "code_or_certification",
        M::ExplicitConsent => "explicit_consent",
        M::ContractNecessity => "contract_necessity",
        M::CnStandardContract => "cn_standard_contract",
        M::CnSecurityAssessment => "cn_security_assessment",
        M::CnCertification => "cn_certification",
    }
}

fn event_id(event: RetentionEvent) -> &'static str {
    event.as_str()
}

/// The text with its first letter in upper case (a no-op for scripts without case).
pub(crate) fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Every message id the renderer may ask for, for the tests that check every language has them.
pub fn vocabulary_ids() -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    ids.extend(taxonomy::DATA_CATEGORIES.iter().map(|c| format!("data-category-{}", c.id.replace('.', "-"))));
    ids.extend(taxonomy::SUBJECT_CATEGORIES.iter().map(|c| format!("subject-category-{}", c.id)));
    for kind in
        [RecipientKind::Processor, RecipientKind::ThirdParty, RecipientKind::Sdk, RecipientKind::JointController]
    {
        ids.push(format!("recipient-kind-{}", recipient_kind_id(kind)));
    }
    use TransferMechanism as M;
    for mechanism in [
        M::AdequacyDecision,
        M::StandardContractualClauses,
        M::BindingCorporateRules,
        M::CodeOrCertification,
        M::ExplicitConsent,
        M::ContractNecessity,
        M::CnStandardContract,
        M::CnSecurityAssessment,
        M::CnCertification,
    ] {
        ids.push(format!("transfer-mechanism-{}", mechanism_id(mechanism)));
    }
    for event in RetentionEvent::ALL {
        ids.push(format!("retention-until-{}", event.as_str()));
        ids.push(format!("retention-after-{}", event.as_str()));
    }
    for action in crate::model::PROCESSING_ACTIONS {
        ids.push(format!("action-{}", action.as_str()));
    }
    for kind in [
        LegalBasisKind::Consent,
        LegalBasisKind::Contract,
        LegalBasisKind::LegalObligation,
        LegalBasisKind::VitalInterest,
        LegalBasisKind::PublicTask,
        LegalBasisKind::LegitimateInterest,
    ] {
        ids.push(format!("legal-basis-{}", kind.as_str()));
    }
    for jurisdiction in super::rights::JURISDICTIONS {
        ids.push(format!("jurisdiction-{}", jurisdiction.as_str()));
        ids.push(format!("jurisdiction-short-{}", jurisdiction.as_str()));
    }
    ids.extend(super::rights::RIGHTS.iter().map(|right| format!("right-{}", right.id)));
    ids
}
