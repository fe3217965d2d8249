//! The decision whether a subject's data may be used for a purpose now (`decide`), the distribution check and when a withdrawal requires destruction.

use super::*;

/// The legal basis of a purpose, as the data map declares it (GDPR art. 6(1); 152-FZ art. 6(1)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// The subject's consent.
    Consent,
    /// A contract with the subject.
    Contract,
    /// A legal obligation of the operator.
    LegalObligation,
    /// Someone's vital interests.
    VitalInterest,
    /// A task in the public interest.
    PublicTask,
    /// Legitimate interests.
    LegitimateInterest,
}

impl Basis {
    /// The name, as the data map writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Consent => "consent",
            Self::Contract => "contract",
            Self::LegalObligation => "legal_obligation",
            Self::VitalInterest => "vital_interest",
            Self::PublicTask => "public_task",
            Self::LegitimateInterest => "legitimate_interest",
        }
    }

    /// Whether an objection stops processing on this basis: GDPR art. 21(1) covers art. 6(1)(e) and
    /// (f); on consent an objection works as a withdrawal (art. 7(3)).
    pub fn objection_applies(self) -> bool {
        matches!(self, Self::Consent | Self::LegitimateInterest | Self::PublicTask)
    }
}

/// What a decision needs to know about a purpose, from the data map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PurposeRule {
    /// The purpose's legal basis.
    pub basis: Basis,
    /// The data map says a parent or guardian gives the consent (`given_by: parent_or_guardian`).
    pub guardian_consent: bool,
    /// The purpose sells or shares data or targets advertising, so a GPC signal opts out of it.
    pub gpc_opt_out: bool,
}

/// Why a decision refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// No consent was ever recorded for the purpose.
    NoConsent,
    /// The subject refused.
    Refused,
    /// The subject withdrew.
    Withdrawn,
    /// The consent's term ran out.
    Expired,
    /// Processing of the subject's data is blocked.
    Blocked,
    /// The subject objected.
    Objection,
    /// The subject's browser sent a Global Privacy Control opt-out.
    Gpc,
    /// A minor's consent, or a purpose that asks for a guardian's, was not given by a guardian.
    GuardianConsentRequired,
    /// The data item is not among those the subject allowed to be distributed.
    NotInDistributionConsent,
    /// The subject forbade this use of the distributed item (152-FZ art. 10.1(9)).
    DistributionProhibited,
    /// A direct-marketing purpose, and the subject is on the operator's suppression list (they
    /// cancelled their subscription or closed their account): seed 002's "marketing stops".
    Suppressed,
}

impl Refusal {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NoConsent => "no_consent",
            Self::Refused => "refused",
            Self::Withdrawn => "withdrawn",
            Self::Expired => "expired",
            Self::Blocked => "blocked",
            Self::Objection => "objection",
            Self::Gpc => "gpc",
            Self::GuardianConsentRequired => "guardian_consent_required",
            Self::NotInDistributionConsent => "not_in_distribution_consent",
            Self::DistributionProhibited => "distribution_prohibited",
            Self::Suppressed => "suppressed",
        }
    }
}

/// The answer to "may this subject's data be used for this purpose now?".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    /// Whether it may.
    pub allowed: bool,
    /// The purpose's legal basis.
    pub basis: Basis,
    /// The record that proves the answer: the consent that allows it, or the refusal, withdrawal,
    /// block, objection or signal that refuses it. `None` for a non-consent basis, and when no record
    /// exists.
    pub record_id: Option<String>,
    /// Why it may not.
    pub reason: Option<Refusal>,
}

impl Decision {
    pub(crate) fn allow(basis: Basis, record_id: Option<String>) -> Self {
        Decision { allowed: true, basis, record_id, reason: None }
    }

    pub(crate) fn refuse(basis: Basis, reason: Refusal, record_id: Option<String>) -> Self {
        Decision { allowed: false, basis, record_id, reason: Some(reason) }
    }
}

/// Applies the operator's suppression list to a decision about a direct-marketing purpose: a
/// subject on it is refused, citing the suppression (`suppression_id`), whatever the ledger says —
/// a consent given before the cancellation does not bring the marketing back. Other purposes, and
/// subjects not on the list, keep their decision.
pub fn suppress(decision: Decision, direct_marketing: bool, suppression_id: Option<&str>) -> Decision {
    match suppression_id {
        Some(id) if direct_marketing && decision.allowed => {
            Decision::refuse(decision.basis, Refusal::Suppressed, Some(id.to_owned()))
        }
        _ => decision,
    }
}

/// Decides whether the subject's data may be used for the purpose at `now`; the rules are in the
/// module documentation.
pub fn decide(rule: &PurposeRule, subject: &SubjectView, purpose: &PurposeView, now: Timestamp) -> Decision {
    let basis = rule.basis;
    if let Some((block, _)) = subject.standing_block() {
        return Decision::refuse(basis, Refusal::Blocked, Some(block.record_id.clone()));
    }
    // A record made after `now` does not count yet.
    let consent = purpose.consent.as_ref().filter(|c| c.at <= now);
    let given_at = consent.filter(|c| c.state == ConsentState::Given).map(|c| c.at);
    let stands = |marker: &Marker| marker.at <= now && given_at.is_none_or(|given| marker.at >= given);
    if basis.objection_applies()
        && let Some(objection) = purpose.objection.as_ref().filter(|m| stands(m))
    {
        return Decision::refuse(basis, Refusal::Objection, Some(objection.record_id.clone()));
    }
    if rule.gpc_opt_out
        && let Some(signal) = subject.gpc.as_ref().filter(|m| stands(m))
    {
        return Decision::refuse(basis, Refusal::Gpc, Some(signal.record_id.clone()));
    }
    if basis != Basis::Consent {
        return match consent {
            Some(c) if rule.gpc_opt_out && matches!(c.state, ConsentState::Refused | ConsentState::Withdrawn) => {
                Decision::refuse(basis, refusal_of(c.state), Some(c.record_id.clone()))
            }
            _ => Decision::allow(basis, None),
        };
    }
    let Some(consent) = consent else { return Decision::refuse(basis, Refusal::NoConsent, None) };
    let record = Some(consent.record_id.clone());
    if consent.state != ConsentState::Given {
        return Decision::refuse(basis, refusal_of(consent.state), record);
    }
    if consent.expires_at.is_some_and(|expires| expires <= now) {
        return Decision::refuse(basis, Refusal::Expired, record);
    }
    if (rule.guardian_consent || subject.is_minor()) && !consent.by_guardian {
        return Decision::refuse(basis, Refusal::GuardianConsentRequired, record);
    }
    Decision::allow(basis, record)
}

fn refusal_of(state: ConsentState) -> Refusal {
    match state {
        ConsentState::Given => Refusal::NoConsent,
        ConsentState::Refused => Refusal::Refused,
        ConsentState::Withdrawn => Refusal::Withdrawn,
        ConsentState::Expired => Refusal::Expired,
    }
}

/// What is done with a data item allowed for distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DistributionUse {
    /// Made accessible to an unlimited circle of persons on the operator's resources.
    Publish,
    /// Handed over (transferred) to an unlimited circle of persons.
    Transfer,
}

/// Decides whether `item` may be distributed for the purpose at `now` (152-FZ art. 10.1): the
/// purpose's own decision must allow it, its consent must carry distribution terms listing the item,
/// and the subject must not have forbidden a transfer when one is asked for. The item's terms come
/// back with an allowed decision so the caller publishes its conditions with it.
pub fn decide_distribution<'a>(
    rule: &PurposeRule,
    subject: &SubjectView,
    purpose: &'a PurposeView,
    item: &str,
    used_as: DistributionUse,
    now: Timestamp,
) -> (Decision, Option<&'a DistributionItem>) {
    let decision = decide(rule, subject, purpose, now);
    if !decision.allowed {
        return (decision, None);
    }
    let terms = purpose.consent.as_ref().and_then(|c| c.distribution.as_ref()).and_then(|t| t.item(item));
    let record = decision.record_id.clone();
    match terms {
        None => (Decision::refuse(rule.basis, Refusal::NotInDistributionConsent, record), None),
        Some(terms) if used_as == DistributionUse::Transfer && terms.prohibit_transfer => {
            (Decision::refuse(rule.basis, Refusal::DistributionProhibited, record), Some(terms))
        }
        Some(terms) => (decision, Some(terms)),
    }
}

/// Whether a subject's data must be destroyed after a withdrawal or objection (152-FZ art. 21(5):
/// stop and destroy within 30 days "unless the operator may process without consent on other
/// grounds"): true when none of `decisions` (for every consent purpose of the data map, made after
/// the change) allows processing and the operator names no other basis it still processes the data
/// on (`retained_on`).
pub fn destruction_required<'a>(decisions: impl IntoIterator<Item = &'a Decision>, retained_on: &[Basis]) -> bool {
    retained_on.iter().all(|basis| *basis == Basis::Consent) && !decisions.into_iter().any(|d| d.allowed)
}
