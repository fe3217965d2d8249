//! What the database hands back: rows read into domain types.

use jiff::Timestamp;
use serde::Serialize;
use tutela_core::operator::{OperatorId, OperatorName, OperatorSlug};
use tutela_core::staff::{Roles, StaffEmail};
use tutela_core::subject::SubjectRef;

/// An organisation hosted by this instance.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Operator {
    /// Internal id (UUIDv7).
    pub id: OperatorId,
    /// URL-safe short name.
    pub slug: OperatorSlug,
    /// Display name.
    pub name: OperatorName,
    /// When the operator was created.
    pub created_at: Timestamp,
}

/// A person who works for an operator.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StaffMember {
    /// Internal id (UUIDv7).
    pub id: String,
    /// The operator the member works for.
    pub operator_id: OperatorId,
    /// Sign-in address, unique within the operator.
    pub email: StaffEmail,
    /// Name shown in the console and the journal.
    pub display_name: String,
    /// What the member may do.
    pub roles: Roles,
    /// Whether the member may sign in.
    pub active: bool,
    /// When the member was added.
    pub created_at: Timestamp,
}

/// A staff member to be added.
#[derive(Debug, Clone)]
pub struct NewStaff {
    /// Sign-in address.
    pub email: StaffEmail,
    /// Name shown in the console.
    pub display_name: String,
    /// Roles granted.
    pub roles: Roles,
}

/// An API token's metadata; the secret itself is shown once, at issue, and stored only as a digest.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ApiToken {
    /// Internal id (UUIDv7).
    pub id: String,
    /// The one operator the token acts for.
    pub operator_id: OperatorId,
    /// What the token is for, as its issuer named it.
    pub name: String,
    /// Roles the token carries.
    pub roles: Roles,
    /// The staff member it was issued to or by, if any.
    pub staff_id: Option<String>,
    /// When it was issued.
    pub created_at: Timestamp,
    /// When it stops working, if ever.
    pub expires_at: Option<Timestamp>,
    /// When it was revoked, if it was.
    pub revoked_at: Option<Timestamp>,
}

/// A token to be issued.
#[derive(Debug, Clone)]
pub struct NewToken {
    /// What the token is for.
    pub name: String,
    /// Roles it carries.
    pub roles: Roles,
    /// The staff member behind it, if any.
    pub staff_id: Option<String>,
    /// When it stops working, if ever.
    pub expires_at: Option<Timestamp>,
}

/// Who is calling: a valid token and the operator it acts for.
#[derive(Debug, Clone, PartialEq)]
pub struct Principal {
    /// The operator every query of this caller is confined to.
    pub operator: Operator,
    /// The token presented.
    pub token: ApiToken,
}

/// An operator's own calendar definition, in the calendar file format.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredCalendar {
    /// Calendar id, unique within the operator.
    pub id: String,
    /// The TOML text.
    pub definition: String,
    /// When it was last replaced.
    pub updated_at: Timestamp,
}

/// A configured webhook endpoint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Webhook {
    /// Internal id (UUIDv7).
    pub id: String,
    /// Owning operator.
    pub operator_id: OperatorId,
    /// Where notifications are POSTed.
    pub url: String,
    /// Key for the HMAC-SHA256 signature of each body.
    #[serde(skip)]
    pub secret: String,
    /// When it was added.
    pub created_at: Timestamp,
}

/// An address that receives the operator's notifications by e-mail.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EmailRecipient {
    /// Internal id (UUIDv7).
    pub id: String,
    /// Owning operator.
    pub operator_id: OperatorId,
    /// The address, lower-cased; unique within the operator.
    pub address: StaffEmail,
    /// When it was added.
    pub created_at: Timestamp,
}

/// A notification waiting for delivery, or delivered.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutboxMessage {
    /// Internal id (UUIDv7).
    pub id: String,
    /// Owning operator.
    pub operator_id: OperatorId,
    /// `webhook`, `email`, or `outbox` for a message only kept here for reading through the API.
    pub channel: String,
    /// The webhook URL or the e-mail address (empty for `outbox`).
    pub destination: String,
    /// What happened, e.g. `clock.breached`.
    pub topic: String,
    /// The body sent (for e-mail, what the message is written from).
    pub payload: serde_json::Value,
    /// When it was queued.
    pub created_at: Timestamp,
    /// Delivery attempts so far.
    pub attempts: u32,
    /// When the next attempt is due; none when delivered or given up.
    pub next_attempt_at: Option<Timestamp>,
    /// When it was delivered.
    pub delivered_at: Option<Timestamp>,
    /// The last failure, if any.
    pub last_error: Option<String>,
}

/// A message claimed for delivery, with what its channel needs to send it.
#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    /// The message; `attempts` counts this attempt.
    pub message: OutboxMessage,
    /// Where it goes, as configured now.
    pub target: DeliveryTarget,
}

/// What a claimed message's channel needs, looked up when it is claimed.
#[derive(Debug, Clone, PartialEq)]
pub enum DeliveryTarget {
    /// A `webhook` message whose endpoint is still configured.
    Webhook {
        /// The webhook's signing secret.
        secret: String,
    },
    /// An `email` message whose address is still one of the operator's recipients.
    Email {
        /// The operator, named in the message.
        operator: Operator,
    },
    /// The webhook or e-mail recipient was removed after the message was queued: it is not sent.
    Removed,
    /// A channel this version of Tutela does not deliver.
    UnknownChannel,
}

/// How one delivery attempt ended.
#[derive(Debug, Clone, PartialEq)]
pub enum DeliveryOutcome {
    /// The endpoint accepted the message.
    Delivered,
    /// It failed; try again at `retry_at`, or never when `None`.
    Failed {
        /// What went wrong.
        error: String,
        /// When to try again.
        retry_at: Option<Timestamp>,
    },
}

/// A clock with what it is about.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClockRecord {
    /// Internal id (UUIDv7).
    pub id: String,
    /// Owning operator.
    pub operator_id: OperatorId,
    /// What obligation it measures, e.g. `request.access` or `incident.regulator_notice`.
    pub kind: String,
    /// A human description.
    pub label: String,
    /// The subject or object it concerns, if any (an opaque reference, not personal data).
    pub subject_ref: Option<SubjectRef>,
    /// State as of the last change or scheduler pass.
    pub state: tutela_core::clock::ClockState,
    /// The clock itself: start, duration, calendar, due instant and history.
    pub clock: tutela_core::clock::Clock,
    /// When it was created.
    pub created_at: Timestamp,
    /// When it last changed.
    pub updated_at: Timestamp,
}

/// A state change the scheduler made.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClockTransition {
    /// The operator.
    pub operator_id: OperatorId,
    /// The clock.
    pub clock_id: String,
    /// State before.
    pub from: tutela_core::clock::ClockState,
    /// State after.
    pub to: tutela_core::clock::ClockState,
}

/// A data-subject request to enter in the request log.
#[derive(Debug, Clone)]
pub struct NewRequest {
    /// `access`, `erasure` ... (the caller has parsed it).
    pub request_type: String,
    /// `ru_152fz`, `eu_gdpr` ... (the caller has parsed it).
    pub jurisdiction: String,
    /// How it came: `api`, `portal`, `email`, `paper`, `phone`.
    pub channel: String,
    /// The language of the answer (BCP 47).
    pub language: String,
    /// The operator's reference for the subject, when known.
    pub subject_ref: Option<SubjectRef>,
    /// The identities as the requester gave them.
    pub identities: serde_json::Value,
    /// When the request was received (its clock counts from here).
    pub received_at: Timestamp,
    /// The prefix of its human reference (`KUR` for `KUR-2026-000123`).
    pub reference_prefix: String,
    /// The statutory clock to start with it, if the law sets one.
    pub clock: Option<tutela_core::clock::ClockSpec>,
}

/// A request in the request log.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestRecord {
    /// Internal id (UUIDv7).
    pub id: String,
    /// The operator it belongs to.
    pub operator_id: OperatorId,
    /// Its human reference, e.g. `KUR-2026-000123`.
    pub reference: String,
    /// Its type.
    pub request_type: String,
    /// The law it is answered under.
    pub jurisdiction: String,
    /// How it came.
    pub channel: String,
    /// The language of the answer.
    pub language: String,
    /// The operator's reference for the subject, when known.
    pub subject_ref: Option<SubjectRef>,
    /// The identities as given.
    pub identities: serde_json::Value,
    /// Its current status (the last of its events).
    pub status: String,
    /// Its statutory clock, if any.
    pub clock_id: Option<String>,
    /// When it was received.
    pub received_at: Timestamp,
    /// When it was entered.
    pub created_at: Timestamp,
    /// When its status last changed.
    pub updated_at: Timestamp,
}

/// The states of a fulfilment run.
pub const FULFILMENT_STATES: [&str; 4] = ["running", "complete", "incomplete", "failed"];

/// One run of the fulfilment engine for a request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FulfilmentRecord {
    /// Internal id (UUIDv7).
    pub id: String,
    /// The request it ran for.
    pub request_id: String,
    /// `access` or `erasure`.
    pub kind: String,
    /// One of [`FULFILMENT_STATES`].
    pub state: String,
    /// The data map version it followed.
    pub datamap_version: u64,
    /// Who started it.
    pub actor: String,
    /// When it started.
    pub started_at: Timestamp,
    /// When it finished; `None` while running (or if the run was cut short).
    pub finished_at: Option<Timestamp>,
    /// The engine's report (JSON), or why it failed.
    pub report: Option<serde_json::Value>,
    /// Hex SHA-256 of the access package, if one was written.
    pub package_sha256: Option<String>,
    /// Size of the access package in bytes.
    pub package_bytes: Option<u64>,
    /// The destruction act's number, for an erasure run.
    pub act_number: Option<String>,
    /// Hex SHA-256 of the destruction act.
    pub act_sha256: Option<String>,
}

/// One entry of the destruction log: a finished erasure run with its request.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DestructionLogEntry {
    /// The run.
    pub run: FulfilmentRecord,
    /// The request's reference.
    pub reference: String,
    /// The request's type.
    pub request_type: String,
    /// The request's jurisdiction.
    pub jurisdiction: String,
}

/// A fulfilment run about to start.
#[derive(Debug, Clone, Copy)]
pub struct NewFulfilment<'a> {
    /// The request's id.
    pub request_id: &'a str,
    /// `access` or `erasure`.
    pub kind: &'a str,
    /// The data map version it follows.
    pub datamap_version: u64,
    /// A run of the same request started before this instant and still `running` was cut short
    /// and does not block this one.
    pub running_since: Timestamp,
}

/// How a fulfilment run ended.
#[derive(Debug, Clone)]
pub struct FinishedFulfilment {
    /// `complete`, `incomplete` or `failed`.
    pub state: &'static str,
    /// The engine's report (JSON), or `{"error": ...}`.
    pub report: serde_json::Value,
    /// The access package (a zip), if one was written.
    pub package: Option<Vec<u8>>,
    /// The destruction act (number, HTML page), for an erasure that ran.
    pub act: Option<(String, String)>,
    /// What the request's history says about it (no identities: counts and digests).
    pub note: String,
    /// What the journal entry adds (counts, the package's digest).
    pub details: serde_json::Value,
}

/// One change of a request's status.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestEvent {
    /// 1 for the arrival, one more per change.
    pub seq: u64,
    /// When.
    pub at: Timestamp,
    /// Who.
    pub actor: String,
    /// The status it moved to.
    pub status: String,
    /// Why, or what was done.
    pub note: String,
}

/// A change of a request's status, with what was done or why.
#[derive(Debug, Clone, Copy)]
pub struct StatusChange<'a> {
    /// The status to move to.
    pub status: &'a str,
    /// Why, or what was done.
    pub note: &'a str,
    /// Whether the request's clock is completed with the change (an answer given, a refusal sent),
    /// in the same transaction.
    pub complete_clock: bool,
    /// The answer given with the change (a closing one), stored and sent in the same transaction.
    pub answer: Option<&'a NewAnswer>,
}

/// The answer to a request, as written for the requester.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAnswer {
    /// Its language.
    pub language: String,
    /// One line.
    pub subject: String,
    /// The letter, plain text.
    pub body: String,
    /// The e-mail address it is sent to through the outbox; `None` for a letter printed for post.
    pub send_to: Option<String>,
}

/// An answer given.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnswerRecord {
    /// Its language.
    pub language: String,
    /// One line.
    pub subject: String,
    /// The letter, plain text.
    pub body: String,
    /// Hex SHA-256 of the subject, a blank line and the body.
    pub sha256: String,
    /// Where it was e-mailed, if it was.
    pub sent_to: Option<String>,
    /// When.
    pub created_at: Timestamp,
}

/// The limits of one-time codes for a request.
#[derive(Debug, Clone, Copy)]
pub struct CodeLimits {
    /// How long a code is valid, in milliseconds.
    pub ttl_ms: i64,
    /// Most codes sent for one request.
    pub max_codes: u32,
    /// Most wrong codes entered before a new one must be asked for.
    pub max_attempts: u32,
}

/// A code sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IssuedCode {
    /// When it stops being valid.
    pub expires_at: Timestamp,
    /// How many codes were sent for the request, this one included.
    pub codes_sent: u32,
}

/// What a code entered did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeCheck {
    /// It was right: the request is verified.
    Verified,
    /// It was wrong; this many more may be tried.
    Wrong {
        /// Wrong codes that may still be entered.
        attempts_left: u32,
    },
}

/// A request with the state of its clock, for the register and the report.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestLogRow {
    /// The request.
    pub request: RequestRecord,
    /// Its clock's state (`running`, `due_soon`, `breached`, `met`, `met_late` ...), if it has one.
    pub clock_state: Option<String>,
}

/// A file attached to a request, without its bytes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AttachmentRecord {
    /// Internal id (UUIDv7).
    pub id: String,
    /// The file's name as given.
    pub name: String,
    /// Its media type, checked against its first bytes.
    pub media_type: String,
    /// Its size in bytes.
    pub size: u64,
    /// Hex SHA-256 of its bytes.
    pub sha256: String,
    /// Who attached it.
    pub actor: String,
    /// When.
    pub created_at: Timestamp,
}
