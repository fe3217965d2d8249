//! The journal: a per-operator, hash-chained record of every action Tutela takes.
//!
//! Each entry names who did what to which object, and carries the SHA-256 hash of the entry before it,
//! so that changing, removing or reordering any entry breaks the chain from that point on. This module
//! owns the vocabulary of actions, the canonical byte encoding that is hashed, and the verification of
//! a chain; the store appends entries in the same transaction as the change they record.

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::operator::OperatorId;

/// Size of an entry hash in bytes (SHA-256).
pub const HASH_LEN: usize = 32;

/// The hash that the first entry of every journal links to.
pub const GENESIS_HASH: EntryHash = EntryHash([0; HASH_LEN]);

/// Longest actor, object kind or object id accepted in an entry, in bytes.
pub const MAX_NAME_LEN: usize = 200;

/// Largest `details` document accepted in an entry, in bytes of canonical JSON.
pub const MAX_DETAILS_BYTES: usize = 64 * 1024;

macro_rules! actions {
    ($( $(#[$doc:meta])* $variant:ident => $name:literal, )*) => {
        /// What was done. The first thirteen are the closed list of processing actions of Russia's
        /// 152-FZ (art. 3(3)), as the seed policies use them; the rest are Tutela's own
        /// administrative actions.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action {
            $( $(#[$doc])* $variant, )*
        }

        impl Action {
            /// Every action, in declaration order.
            pub const ALL: &'static [Action] = &[$(Action::$variant,)*];

            /// The stable name stored in the journal and shown in the API.
            pub fn as_str(self) -> &'static str {
                match self { $(Action::$variant => $name,)* }
            }
        }

        impl FromStr for Action {
            type Err = UnknownAction;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                match text { $($name => Ok(Action::$variant),)* _ => Err(UnknownAction(text.to_owned())) }
            }
        }
    };
}

actions! {
    /// Personal data obtained from the subject or another source.
    Collect => "collect",
    /// Data written down in a store.
    Record => "record",
    /// Data arranged or classified.
    Systematise => "systematise",
    /// Data gathered together.
    Accumulate => "accumulate",
    /// Data kept.
    Store => "store",
    /// Data changed (rectification is an update).
    Update => "update",
    /// Data retrieved (an access request's export is an extraction).
    Extract => "extract",
    /// Data used for a purpose.
    Use => "use",
    /// Data provided, disclosed or given access to.
    Transfer => "transfer",
    /// Data made impossible to attribute to a subject without extra information.
    Depersonalise => "depersonalise",
    /// Processing temporarily stopped (restriction).
    Block => "block",
    /// Data removed from a store.
    Delete => "delete",
    /// Data destroyed so it cannot be restored; recorded with a destruction act.
    Destroy => "destroy",
    /// An operator was created.
    CreateOperator => "create_operator",
    /// A staff member was added.
    CreateStaff => "create_staff",
    /// A staff member's roles or status changed.
    UpdateStaff => "update_staff",
    /// A staff member signed in.
    SignIn => "sign_in",
    /// An API token was issued.
    IssueToken => "issue_token",
    /// An API token was revoked.
    RevokeToken => "revoke_token",
    /// A calendar was added or replaced.
    PutCalendar => "put_calendar",
    /// A clock was started.
    StartClock => "start_clock",
    /// A clock was paused.
    PauseClock => "pause_clock",
    /// A paused clock was resumed.
    ResumeClock => "resume_clock",
    /// A clock's deadline was extended, with a reason.
    ExtendClock => "extend_clock",
    /// A clock's obligation was fulfilled.
    CompleteClock => "complete_clock",
    /// A clock passed its due-soon share.
    ClockDueSoon => "clock_due_soon",
    /// A clock passed its deadline unfulfilled.
    ClockBreached => "clock_breached",
    /// A notification was queued for delivery.
    Notify => "notify",
    /// A webhook endpoint was configured.
    PutWebhook => "put_webhook",
    /// An e-mail recipient of notifications was added.
    PutEmailRecipient => "put_email_recipient",
    /// An e-mail recipient of notifications was removed.
    RemoveEmailRecipient => "remove_email_recipient",
    /// A new version of the data map was applied.
    ApplyDataMap => "apply_datamap",
    /// A subject's consent choice for a purpose was recorded (given, refused, withdrawn, expired).
    RecordConsent => "record_consent",
    /// A subject's objection to a purpose was recorded.
    RecordObjection => "record_objection",
    /// A subject's Global Privacy Control opt-out was recorded.
    RecordSignal => "record_signal",
    /// A subject's age status (minor or not, under which jurisdiction) was recorded.
    RecordAge => "record_age",
    /// A block of a subject's processing was lifted.
    Unblock => "unblock",
    /// A notice text shown to subjects was stored under its digest.
    PutConsentNotice => "put_consent_notice",
    /// A data-subject request was entered in the request log.
    ReceiveRequest => "receive_request",
    /// A request's status changed (verified, extended, refused, completed ...), with a note.
    ChangeRequest => "change_request",
    /// The fulfilment engine ran for a request (started, then finished with its report).
    FulfilRequest => "fulfil_request",
    /// A file was attached to a request (a scanned letter, a document), with its digest.
    AttachToRequest => "attach_to_request",
    /// The e-mail address a subject signs in to the portal with was registered (kept as a digest).
    PutSubjectContact => "put_subject_contact",
    /// A subject signed in to the portal with a one-time code.
    SignInSubject => "sign_in_subject",
    /// A security incident was registered, with the notices the law requires and their clocks.
    ReportIncident => "report_incident",
    /// A notice about an incident was recorded as sent (to whom, how, when).
    SendIncidentNotice => "send_incident_notice",
    /// A subscription plan was added or its terms changed (subscriptions keep the terms they
    /// started on).
    PutPlan => "put_plan",
    /// A subject signed up to a plan (channel and number of steps recorded).
    StartSubscription => "start_subscription",
    /// A subscription changed: renewed, paused, resumed, cancelled, cancellation reverted, expired.
    ChangeSubscription => "change_subscription",
    /// A link that cancels a subscription without signing in was sent to its address.
    SendCancelLink => "send_cancel_link",
    /// The grace period before closed accounts are erased was set.
    PutAccountSettings => "put_account_settings",
    /// A subject asked for their account to be closed; the grace period started.
    CloseAccount => "close_account",
    /// A closed account was restored within its grace period.
    RestoreAccount => "restore_account",
    /// The grace ended: the account's subscriptions ended, and its erasure finished or started.
    FinishAccountClosure => "finish_account_closure",
    /// A product line's warranty rule was added or replaced.
    PutWarrantyRule => "put_warranty_rule",
    /// The ordered service-level policies were replaced; open tickets' clocks recomputed.
    PutSlaPolicies => "put_sla_policies",
    /// A device was registered at a customer's site.
    RegisterDevice => "register_device",
    /// A usage-meter reading of a device was recorded.
    RecordMeterReading => "record_meter_reading",
    /// A repair under warranty was recorded on a device.
    RecordRepair => "record_repair",
    /// A service ticket was opened, with the policy its facts chose.
    OpenTicket => "open_ticket",
    /// An event of a service ticket was recorded (possibly back-dated).
    RecordTicketEvent => "record_ticket_event",
    /// A ticket's service report was entered (engineer, work, parts, what the customer pays).
    ReportService => "report_service",
    /// The customer confirmed a ticket's service report.
    ConfirmServiceReport => "confirm_service_report",
    /// A return or exchange of a device was checked, with its verdict (and the new device).
    RecordReturn => "record_return",
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Action {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Action {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// An action name outside the closed vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown journal action {0:?}")]
pub struct UnknownAction(pub String);

/// A SHA-256 hash of an entry's canonical encoding.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct EntryHash(pub [u8; HASH_LEN]);

impl EntryHash {
    /// Parses 64 lowercase or uppercase hex digits.
    pub fn from_hex(text: &str) -> Result<Self, InvalidHash> {
        let mut bytes = [0u8; HASH_LEN];
        hex::decode_to_slice(text, &mut bytes).map_err(|_| InvalidHash(text.to_owned()))?;
        Ok(EntryHash(bytes))
    }

    /// The hash as 64 lowercase hex digits.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

impl fmt::Debug for EntryHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EntryHash({})", self.to_hex())
    }
}

impl fmt::Display for EntryHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl Serialize for EntryHash {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_hex())
    }
}

impl<'de> Deserialize<'de> for EntryHash {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        EntryHash::from_hex(&text).map_err(serde::de::Error::custom)
    }
}

/// Text that is not a 64-digit hex hash.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid entry hash {0:?}: expected 64 hex digits")]
pub struct InvalidHash(pub String);

/// Who acted: `staff:<id>`, `token:<id>`, `subject:<id>`, `system:<component>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Actor(String);

impl Actor {
    /// Parses `<kind>:<id>` where kind is one of staff, token, subject, system.
    pub fn parse(text: &str) -> Result<Self, InvalidEntry> {
        let (kind, id) = text.split_once(':').ok_or_else(|| InvalidEntry::Actor(text.to_owned()))?;
        let known = matches!(kind, "staff" | "token" | "subject" | "system");
        if !known || id.is_empty() || text.len() > MAX_NAME_LEN || text.chars().any(char::is_control) {
            return Err(InvalidEntry::Actor(text.to_owned()));
        }
        Ok(Actor(text.to_owned()))
    }

    /// A component of Tutela itself acting, e.g. `system:scheduler`.
    pub fn system(component: &str) -> Self {
        Actor::parse(&format!("system:{component}")).unwrap_or_else(|_| Actor("system:unknown".into()))
    }

    /// The actor as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Actor {
    type Error = InvalidEntry;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Actor::parse(&text)
    }
}

impl From<Actor> for String {
    fn from(actor: Actor) -> String {
        actor.0
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why an entry could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidEntry {
    /// The actor is not `staff:`, `token:`, `subject:` or `system:` followed by an id.
    #[error("invalid actor {0:?}: expected staff:<id>, token:<id>, subject:<id> or system:<name>")]
    Actor(String),
    /// The object kind or id is empty, too long or holds control characters.
    #[error("invalid journal object {0:?}: expected 1 to 200 printable characters")]
    Object(String),
    /// The details document is too large.
    #[error("journal details are {0} bytes; the limit is {MAX_DETAILS_BYTES}")]
    DetailsTooLarge(usize),
}

/// What an entry is about: a kind (`clock`, `staff`, `operator` ...) and an id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObjectRef {
    /// The kind of object, a glossary word in snake_case.
    pub kind: String,
    /// The object's id within its operator.
    pub id: String,
}

impl ObjectRef {
    /// Checks both parts are printable and within [`MAX_NAME_LEN`].
    pub fn new(kind: &str, id: &str) -> Result<Self, InvalidEntry> {
        for part in [kind, id] {
            if part.is_empty() || part.len() > MAX_NAME_LEN || part.chars().any(char::is_control) {
                return Err(InvalidEntry::Object(part.to_owned()));
            }
        }
        Ok(ObjectRef { kind: kind.to_owned(), id: id.to_owned() })
    }
}

/// An entry before it is placed in the chain: what the caller knows.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEntry {
    /// Who acted.
    pub actor: Actor,
    /// What was done.
    pub action: Action,
    /// To what.
    pub object: ObjectRef,
    /// Facts worth keeping with the action (a reason, a difference, a deadline). No personal data
    /// beyond what the action needs: the journal outlives the data it describes.
    pub details: serde_json::Value,
}

impl NewEntry {
    /// Builds an entry, checking the size of its details.
    pub fn new(
        actor: Actor,
        action: Action,
        object: ObjectRef,
        details: serde_json::Value,
    ) -> Result<Self, InvalidEntry> {
        let size = canonical_json(&details).len();
        if size > MAX_DETAILS_BYTES {
            return Err(InvalidEntry::DetailsTooLarge(size));
        }
        Ok(NewEntry { actor, action, object, details })
    }

    /// Places the entry after `prev` (or first, when `prev` is `None`), at instant `at`.
    pub fn chain(self, operator_id: &OperatorId, prev: Option<(u64, EntryHash)>, at: Timestamp) -> Entry {
        let (prev_seq, prev_hash) = prev.unwrap_or((0, GENESIS_HASH));
        let mut entry = Entry {
            operator_id: operator_id.clone(),
            seq: prev_seq + 1,
            at,
            actor: self.actor,
            action: self.action,
            object: self.object,
            details: self.details,
            prev_hash,
            hash: GENESIS_HASH,
        };
        entry.hash = entry.compute_hash();
        entry
    }
}

/// One link of the chain, as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    /// The operator whose journal this is.
    pub operator_id: OperatorId,
    /// Position in the operator's journal, from 1 with no gaps.
    pub seq: u64,
    /// When the action took effect.
    pub at: Timestamp,
    /// Who acted.
    pub actor: Actor,
    /// What was done.
    pub action: Action,
    /// To what.
    pub object: ObjectRef,
    /// Facts kept with the action.
    pub details: serde_json::Value,
    /// Hash of the entry before this one ([`GENESIS_HASH`] for the first).
    pub prev_hash: EntryHash,
    /// Hash of this entry's canonical encoding.
    pub hash: EntryHash,
}

impl Entry {
    /// SHA-256 over the canonical encoding: a version tag, then every field except `hash`, each
    /// length-prefixed so that no two different entries encode to the same bytes.
    pub fn compute_hash(&self) -> EntryHash {
        let mut hasher = Sha256::new();
        let mut field = |bytes: &[u8]| {
            hasher.update((bytes.len() as u64).to_be_bytes());
            hasher.update(bytes);
        };
        field(b"tutela-journal-v1");
        field(self.operator_id.as_str().as_bytes());
        field(&self.seq.to_be_bytes());
        field(&self.at.as_microsecond().to_be_bytes());
        field(self.actor.as_str().as_bytes());
        field(self.action.as_str().as_bytes());
        field(self.object.kind.as_bytes());
        field(self.object.id.as_bytes());
        field(canonical_json(&self.details).as_bytes());
        field(&self.prev_hash.0);
        EntryHash(hasher.finalize().into())
    }
}

/// JSON with object keys sorted and no insignificant white space. serde_json's map is a BTreeMap
/// (the `preserve_order` feature is off in this workspace), so plain serialisation is canonical.
pub fn canonical_json(value: &serde_json::Value) -> String {
    value.to_string()
}

/// The first place where a journal is not what it claims to be.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    /// An entry's content no longer matches its hash: it was edited.
    #[error("entry {seq} was changed: its content does not match its hash")]
    Changed {
        /// Sequence number of the changed entry.
        seq: u64,
    },
    /// Sequence numbers jump: entries in between were removed.
    #[error("entry {expected} is missing: the journal jumps from entry {prev} to entry {found}")]
    Missing {
        /// The sequence number that should have come next.
        expected: u64,
        /// The last sequence number seen.
        prev: u64,
        /// The sequence number found instead.
        found: u64,
    },
    /// An entry does not link to the entry before it: entries were reordered or replaced.
    #[error("entry {seq} does not follow entry {prev}: its previous-entry hash does not match (reordered or replaced)")]
    Unlinked {
        /// Sequence number of the entry with the broken link.
        seq: u64,
        /// The entry it should follow.
        prev: u64,
    },
    /// An entry claims a sequence number at or before one already seen.
    #[error("entry {found} appears after entry {prev}: entries are out of order")]
    OutOfOrder {
        /// The last sequence number seen.
        prev: u64,
        /// The sequence number found.
        found: u64,
    },
    /// The journal ends before its recorded head: the newest entries were removed.
    #[error("entries {from} to {to} are missing: the journal's head says it has {to} entries")]
    Truncated {
        /// First missing sequence number.
        from: u64,
        /// Sequence number of the recorded head.
        to: u64,
    },
    /// The last entry's hash differs from the recorded head's hash.
    #[error("entry {seq} does not match the journal's recorded head")]
    HeadMismatch {
        /// Sequence number of the head.
        seq: u64,
    },
    /// An entry belongs to another operator's journal.
    #[error("entry {seq} belongs to operator {found:?}, not {expected:?}")]
    WrongOperator {
        /// Sequence number of the entry.
        seq: u64,
        /// The operator being verified.
        expected: String,
        /// The operator named in the entry.
        found: String,
    },
}

/// Checks entries one at a time, in the order they are stored, so a journal of any length verifies in
/// constant memory.
#[derive(Debug)]
pub struct ChainVerifier {
    operator_id: OperatorId,
    last: Option<(u64, EntryHash)>,
    count: u64,
}

impl ChainVerifier {
    /// Starts verifying the journal of `operator_id`.
    pub fn new(operator_id: &OperatorId) -> Self {
        ChainVerifier { operator_id: operator_id.clone(), last: None, count: 0 }
    }

    /// Checks the next entry; the first error is where the journal breaks.
    pub fn push(&mut self, entry: &Entry) -> Result<(), ChainBreak> {
        if entry.operator_id != self.operator_id {
            return Err(ChainBreak::WrongOperator {
                seq: entry.seq,
                expected: self.operator_id.to_string(),
                found: entry.operator_id.to_string(),
            });
        }
        let (prev_seq, prev_hash) = self.last.unwrap_or((0, GENESIS_HASH));
        if entry.seq <= prev_seq {
            return Err(ChainBreak::OutOfOrder { prev: prev_seq, found: entry.seq });
        }
        if entry.seq != prev_seq + 1 {
            return Err(ChainBreak::Missing { expected: prev_seq + 1, prev: prev_seq, found: entry.seq });
        }
        if entry.compute_hash() != entry.hash {
            return Err(ChainBreak::Changed { seq: entry.seq });
        }
        if entry.prev_hash != prev_hash {
            return Err(ChainBreak::Unlinked { seq: entry.seq, prev: prev_seq });
        }
        self.last = Some((entry.seq, entry.hash));
        self.count += 1;
        Ok(())
    }

    /// Ends verification against the head the store recorded (sequence number and hash of the newest
    /// entry), which catches removal of the newest entries. Returns the number of entries verified.
    pub fn finish(self, head: Option<(u64, EntryHash)>) -> Result<u64, ChainBreak> {
        let last_seq = self.last.map_or(0, |(seq, _)| seq);
        if let Some((head_seq, head_hash)) = head {
            if last_seq < head_seq {
                return Err(ChainBreak::Truncated { from: last_seq + 1, to: head_seq });
            }
            if last_seq > head_seq || self.last.map(|(_, hash)| hash) != Some(head_hash) {
                return Err(ChainBreak::HeadMismatch { seq: head_seq });
            }
        }
        Ok(self.count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(id: &str) -> OperatorId {
        OperatorId::parse(id).unwrap()
    }

    fn entries(count: u64) -> Vec<Entry> {
        let mut out: Vec<Entry> = Vec::new();
        for index in 0..count {
            let entry = NewEntry::new(
                Actor::parse("staff:alice").unwrap(),
                Action::ALL[(index as usize) % Action::ALL.len()],
                ObjectRef::new("clock", &format!("c{index}")).unwrap(),
                serde_json::json!({"n": index, "b": [1, 2], "a": "x"}),
            )
            .unwrap();
            let prev = out.last().map(|e| (e.seq, e.hash));
            out.push(entry.chain(&op("op1"), prev, Timestamp::from_second(1_700_000_000 + index as i64).unwrap()));
        }
        out
    }

    fn verify(entries: &[Entry], head: Option<(u64, EntryHash)>) -> Result<u64, ChainBreak> {
        let mut verifier = ChainVerifier::new(&op("op1"));
        for entry in entries {
            verifier.push(entry)?;
        }
        verifier.finish(head)
    }

    fn head(entries: &[Entry]) -> Option<(u64, EntryHash)> {
        entries.last().map(|e| (e.seq, e.hash))
    }

    #[test]
    fn untouched_chain_verifies() {
        let chain = entries(10);
        assert_eq!(verify(&chain, head(&chain)), Ok(10));
        assert_eq!(verify(&[], None), Ok(0));
    }

    #[test]
    fn edited_entry_is_named() {
        let mut chain = entries(10);
        let original = head(&chain);
        chain[4].details = serde_json::json!({"n": 999});
        assert_eq!(verify(&chain, original), Err(ChainBreak::Changed { seq: 5 }));
    }

    #[test]
    fn rehashed_edit_breaks_the_next_link() {
        let mut chain = entries(10);
        let original = head(&chain);
        chain[4].actor = Actor::parse("staff:mallory").unwrap();
        chain[4].hash = chain[4].compute_hash();
        assert_eq!(verify(&chain, original), Err(ChainBreak::Unlinked { seq: 6, prev: 5 }));
    }

    #[test]
    fn removed_entry_is_named() {
        let mut chain = entries(10);
        let original = head(&chain);
        chain.remove(3);
        assert_eq!(verify(&chain, original), Err(ChainBreak::Missing { expected: 4, prev: 3, found: 5 }));
    }

    #[test]
    fn swapped_entries_are_named() {
        let mut chain = entries(10);
        let original = head(&chain);
        let (a, b) = (chain[2].seq, chain[3].seq);
        chain.swap(2, 3);
        chain[2].seq = a;
        chain[3].seq = b;
        assert!(matches!(verify(&chain, original), Err(ChainBreak::Changed { seq: 3 })));
    }

    #[test]
    fn removed_tail_is_named() {
        let mut chain = entries(10);
        let original = head(&chain);
        chain.truncate(8);
        assert_eq!(verify(&chain, original), Err(ChainBreak::Truncated { from: 9, to: 10 }));
    }

    #[test]
    fn hash_depends_on_every_field() {
        let base = entries(1).remove(0);
        let mut variants = vec![base.clone(); 7];
        variants[0].operator_id = op("op2");
        variants[1].seq = 2;
        variants[2].at = Timestamp::from_second(1).unwrap();
        variants[3].action = Action::Destroy;
        variants[4].object.id = "other".into();
        variants[5].details = serde_json::json!(null);
        variants[6].prev_hash = EntryHash([1; HASH_LEN]);
        for variant in variants {
            assert_ne!(variant.compute_hash(), base.hash);
        }
    }

    #[test]
    fn canonical_json_sorts_keys() {
        let a: serde_json::Value = serde_json::from_str(r#"{"b":1,"a":{"d":2,"c":3}}"#).unwrap();
        assert_eq!(canonical_json(&a), r#"{"a":{"c":3,"d":2},"b":1}"#);
    }

    #[test]
    fn actions_round_trip() {
        for action in Action::ALL {
            assert_eq!(action.as_str().parse::<Action>(), Ok(*action));
        }
        assert!("erase".parse::<Action>().is_err());
    }

    #[test]
    fn actors_parse() {
        assert!(Actor::parse("staff:1").is_ok());
        assert!(Actor::parse("robot:1").is_err());
        assert!(Actor::parse("staff:").is_err());
        assert!(Actor::parse("nobody").is_err());
    }
}
