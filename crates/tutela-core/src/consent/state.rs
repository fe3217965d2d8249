//! The current state folded from a subject's records, in the order of their effective instant (`SubjectState::apply`).

use super::*;

/// Orders two records by effective instant, then by id (record order).
fn newer(candidate: (Timestamp, &str), current: Option<(Timestamp, &str)>) -> bool {
    current.is_none_or(|current| candidate > current)
}

/// A record that decides something, with its instant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marker {
    /// The record's id.
    pub record_id: String,
    /// Its effective instant.
    pub at: Timestamp,
}

/// The current consent for one purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentSnapshot {
    /// The record.
    pub record_id: String,
    /// Its state.
    pub state: ConsentState,
    /// When it was made.
    pub at: Timestamp,
    /// When a given consent expires.
    pub expires_at: Option<Timestamp>,
    /// Whether a parent or guardian gave it.
    pub by_guardian: bool,
    /// For a consent to distribution, its terms (boxed: most consents have none, and a snapshot is
    /// kept per subject and purpose in the decision cache).
    pub distribution: Option<Box<DistributionTerms>>,
}

/// The subject's current state for one purpose.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurposeView {
    /// The newest consent record.
    pub consent: Option<ConsentSnapshot>,
    /// The newest objection.
    pub objection: Option<Marker>,
}

/// The newest block or unblock record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BlockMarker {
    /// The record.
    pub record_id: String,
    /// When.
    pub at: Timestamp,
    /// The block's reason; `None` for an unblock.
    pub reason: Option<BlockReason>,
}

/// The subject's state that applies to every purpose.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubjectView {
    /// The newest block or unblock.
    pub block: Option<BlockMarker>,
    /// The newest GPC opt-out.
    pub gpc: Option<Marker>,
    /// The newest age status, with its record.
    pub age: Option<(Marker, AgeStatus)>,
}

impl SubjectView {
    /// The standing block, if the newest block-or-unblock record is a block.
    pub fn standing_block(&self) -> Option<(&BlockMarker, &BlockReason)> {
        self.block.as_ref().and_then(|b| b.reason.as_ref().map(|reason| (b, reason)))
    }

    /// Whether the subject's newest age status says they are a minor.
    pub fn is_minor(&self) -> bool {
        self.age.as_ref().is_some_and(|(_, status)| status.minor)
    }
}

/// Everything the ledger knows about one subject now: the fold of their records.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubjectState {
    /// State that applies to every purpose.
    pub subject: SubjectView,
    /// State per purpose.
    pub purposes: PurposeStates,
}

/// The state of each purpose a subject has records for, sorted by purpose id. A sorted vector, not a
/// B-tree: a subject has a handful of purposes, and a B-tree's smallest node holds eleven, which
/// made every subject in the decision cache about three times as large. Serialized as a map.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PurposeStates(Vec<(PurposeId, PurposeView)>);

impl PurposeStates {
    /// The state of `purpose`, if the subject has records for it.
    pub fn get(&self, purpose: &PurposeId) -> Option<&PurposeView> {
        self.0.binary_search_by(|(id, _)| id.cmp(purpose)).ok().map(|at| &self.0[at].1)
    }

    /// The state of `purpose`, added empty when missing.
    pub fn entry(&mut self, purpose: &PurposeId) -> &mut PurposeView {
        let at = match self.0.binary_search_by(|(id, _)| id.cmp(purpose)) {
            Ok(at) => at,
            Err(at) => {
                self.0.insert(at, (purpose.clone(), PurposeView::default()));
                at
            }
        };
        &mut self.0[at].1
    }

    /// Sets the state of `purpose`.
    pub fn insert(&mut self, purpose: PurposeId, view: PurposeView) {
        *self.entry(&purpose) = view;
    }

    /// Each purpose and its state, by purpose id.
    pub fn iter(&self) -> impl Iterator<Item = (&PurposeId, &PurposeView)> {
        self.0.iter().map(|(id, view)| (id, view))
    }

    /// Each state, by purpose id.
    pub fn values(&self) -> impl Iterator<Item = &PurposeView> {
        self.0.iter().map(|(_, view)| view)
    }

    /// How many purposes there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Frees spare capacity: for states kept long, such as the decision cache's.
    pub fn shrink_to_fit(&mut self) {
        self.0.shrink_to_fit();
    }
}

impl Serialize for PurposeStates {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for PurposeStates {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = BTreeMap::<PurposeId, PurposeView>::deserialize(deserializer)?;
        Ok(PurposeStates(map.into_iter().collect()))
    }
}

impl SubjectState {
    /// Folds one record in. Records may come in any order: each slot keeps the newest by
    /// (`at`, id), so the result does not depend on the order of arrival.
    pub fn apply(&mut self, record: &LedgerRecord) {
        let key = (record.at, record.id.as_str());
        let marker = || Marker { record_id: record.id.clone(), at: record.at };
        match &record.body {
            RecordBody::Consent(c) => {
                let view = self.purposes.entry(&c.purpose);
                if newer(key, view.consent.as_ref().map(|s| (s.at, s.record_id.as_str()))) {
                    view.consent = Some(ConsentSnapshot {
                        record_id: record.id.clone(),
                        state: c.state,
                        at: record.at,
                        expires_at: record.expires_at(),
                        by_guardian: c.given_by.is_guardian(),
                        distribution: c.distribution.clone().map(Box::new),
                    });
                }
            }
            RecordBody::Objection(o) => {
                let view = self.purposes.entry(&o.purpose);
                if newer(key, view.objection.as_ref().map(|m| (m.at, m.record_id.as_str()))) {
                    view.objection = Some(marker());
                }
            }
            RecordBody::Signal(_) => {
                if newer(key, self.subject.gpc.as_ref().map(|m| (m.at, m.record_id.as_str()))) {
                    self.subject.gpc = Some(marker());
                }
            }
            RecordBody::Age(status) => {
                if newer(key, self.subject.age.as_ref().map(|(m, _)| (m.at, m.record_id.as_str()))) {
                    self.subject.age = Some((marker(), *status));
                }
            }
            RecordBody::Block(_) | RecordBody::Unblock { .. } => {
                if newer(key, self.subject.block.as_ref().map(|b| (b.at, b.record_id.as_str()))) {
                    let reason = match &record.body {
                        RecordBody::Block(reason) => Some(reason.clone()),
                        _ => None,
                    };
                    self.subject.block = Some(BlockMarker { record_id: record.id.clone(), at: record.at, reason });
                }
            }
        }
    }

    /// The state for one purpose (empty when the subject has no record for it).
    pub fn purpose(&self, purpose: &PurposeId) -> PurposeView {
        self.purposes.get(purpose).cloned().unwrap_or_default()
    }

    /// Whether a parent or guardian's consent is in force for any purpose at `now`.
    pub fn has_guardian_consent(&self, now: Timestamp) -> bool {
        self.purposes.values().filter_map(|v| v.consent.as_ref()).any(|c| c.by_guardian && in_force(c, now))
    }
}

fn in_force(consent: &ConsentSnapshot, now: Timestamp) -> bool {
    consent.state == ConsentState::Given && consent.at <= now && consent.expires_at.is_none_or(|e| now < e)
}

/// Whether finding that a subject is a minor must block their processing at once (seed 004 §3.7):
/// they are a minor and no parent's or guardian's consent is in force.
pub fn minor_block_required(state: &SubjectState, now: Timestamp) -> bool {
    state.subject.is_minor() && !state.has_guardian_consent(now) && state.subject.standing_block().is_none()
}

/// Whether a block placed because a minor had no guardian's consent can be lifted: a parent's or
/// guardian's consent is now in force, or the subject is no longer recorded as a minor.
pub fn minor_block_resolved(state: &SubjectState, now: Timestamp) -> bool {
    matches!(state.subject.standing_block(), Some((_, BlockReason::MinorWithoutGuardianConsent)))
        && (!state.subject.is_minor() || state.has_guardian_consent(now))
}
