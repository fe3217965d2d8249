//! E-mail delivery over SMTP: writing a notification as a plain-text message and sending it.
//!
//! # Configuration
//!
//! [`SmtpConfig`] is a relay URL and a sender. The URL is
//! - `smtp://[user:password@]host[:port]`: plain SMTP, port 25 by default;
//! - `smtp://...?tls=required`: STARTTLS, refusing a server that does not offer it, port 587 by default
//!   (`?tls=opportunistic`: STARTTLS when the server offers it, plain SMTP otherwise);
//! - `smtps://[user:password@]host[:port]`: TLS from the first byte, port 465 by default.
//!
//! The user and password are percent-decoded; a path names the host Tutela introduces itself as in
//! `EHLO` (`smtp://relay.example/tutela.example`). TLS is rustls with the Mozilla root certificates.
//! Without an `SmtpConfig` no e-mail is sent.
//!
//! # Delivery
//!
//! The store queues one outbox message per recipient (channel `email`, destination the address) next
//! to the webhook messages, and the scheduler claims and leases them the same way. [`deliver`] makes
//! one attempt: one SMTP session (no connection pool), bounded as a whole by the scheduler's delivery
//! timeout, so it always ends within its lease. The outcome follows the shared [`RetryPolicy`]:
//! connection failures, timeouts and transient (4xx) answers are tried again after the back-off until
//! `max_attempts`; a permanent (5xx) answer, which SMTP defines as "do not repeat as is", an address
//! that cannot be used, a recipient removed after the message was queued, and an instance with no SMTP
//! configured (`SMTP is not configured`) are given up at once. The reason stays in the outbox.
//!
//! Delivery is **at least once**, as for webhooks: every attempt of one outbox message carries the
//! same `Message-ID`, `<outbox message id@sender's domain>`.
//!
//! # What a recipient gets
//!
//! A plain-text (UTF-8) message from the configured sender, subject
//! `[Tutela] Clock breached: <label>` (or `due soon`), naming the operator, the clock's label, kind,
//! subject reference, state, due instant (RFC 3339) and due date, and the journal entry that records
//! the change. It carries `Auto-Submitted: auto-generated` so that auto-responders stay quiet.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use jiff::Timestamp;
use lettre::message::Mailbox;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::transport::smtp::AsyncSmtpTransportBuilder;
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::Deserialize;
use tutela_core::staff::{MAX_EMAIL_BYTES, StaffEmail};
use tutela_db::{Delivery, DeliveryOutcome, DeliveryTarget, Operator, OutboxMessage};

use crate::delivery::USER_AGENT;
use crate::retry::{AttemptError, RetryPolicy, describe_chain, truncate};

/// The sender when none is configured.
pub const DEFAULT_SENDER: &str = "tutela@localhost";
/// Longest SMTP URL accepted, in bytes.
pub const MAX_SMTP_URL_BYTES: usize = 2000;
/// Longest clock label put in a subject, in characters; a longer one is cut and ends with `…`.
pub const MAX_SUBJECT_LABEL_CHARS: usize = 120;
/// Longest value of one line of the body, in characters; a longer one is cut and ends with `…`.
pub const MAX_FIELD_CHARS: usize = 500;
/// Largest body sent, in bytes of UTF-8.
pub const MAX_BODY_BYTES: usize = 16 * 1024;
/// How many nested causes of an SMTP error are described.
const MAX_ERROR_CAUSES: usize = 8;
/// Longest bad input quoted back in an error, in characters.
const MAX_QUOTED_CHARS: usize = 300;

/// Why an SMTP setting was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SmtpConfigError {
    /// The relay URL is not an `smtp://` or `smtps://` URL lettre can use.
    #[error(
        "invalid SMTP URL {url:?}: {reason} (expected smtp://[user:password@]host[:port][?tls=required] \
         or smtps://[user:password@]host[:port])"
    )]
    Url {
        /// The URL as given, with any password replaced by `***`.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The sender is not an address or a `Name <address>` mailbox.
    #[error(
        "invalid sender address {0:?}: expected an address such as tutela@example.com or \"Tutela <tutela@example.com>\""
    )]
    Sender(String),
}

/// Where and as whom e-mail is sent. Its `Debug` output never shows the password.
#[derive(Clone)]
pub struct SmtpConfig {
    transport: AsyncSmtpTransportBuilder,
    from: Mailbox,
    /// The URL with any password replaced by `***`.
    shown_url: String,
}

impl SmtpConfig {
    /// Checks a relay URL (see the module documentation) and keeps it with the sender.
    pub fn new(url: &str, from: Mailbox) -> Result<SmtpConfig, SmtpConfigError> {
        let shown_url = tutela_core::redact::redact_url(url);
        let invalid = |reason: String| SmtpConfigError::Url { url: truncate(&shown_url, MAX_QUOTED_CHARS), reason };
        if url.len() > MAX_SMTP_URL_BYTES {
            return Err(invalid(format!("longer than {MAX_SMTP_URL_BYTES} bytes")));
        }
        let parsed = url::Url::parse(url).map_err(|e| invalid(e.to_string()))?;
        if !matches!(parsed.scheme(), "smtp" | "smtps") {
            return Err(invalid(format!("scheme {:?} is neither smtp nor smtps", parsed.scheme())));
        }
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err(invalid("no host".to_owned()));
        }
        for (key, value) in parsed.query_pairs() {
            let known = key == "tls" && parsed.scheme() == "smtp" && matches!(&*value, "required" | "opportunistic");
            if !known {
                return Err(invalid(format!("unsupported parameter {key}={value}")));
            }
        }
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| invalid(describe_chain(&e, MAX_ERROR_CAUSES)))?;
        Ok(SmtpConfig { transport, from, shown_url })
    }

    /// Parses a sender: `tutela@example.com` or `Tutela <tutela@example.com>`.
    pub fn parse_sender(text: &str) -> Result<Mailbox, SmtpConfigError> {
        Mailbox::from_str(text.trim()).map_err(|_| SmtpConfigError::Sender(truncate(text, MAX_QUOTED_CHARS)))
    }

    /// The sender of every message.
    pub fn from(&self) -> &Mailbox {
        &self.from
    }

    /// The relay URL with any password replaced by `***`, for logs.
    pub fn shown_url(&self) -> &str {
        &self.shown_url
    }
}

impl fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpConfig").field("url", &self.shown_url).field("from", &self.from.to_string()).finish()
    }
}

/// Why an address was refused as an e-mail recipient.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidRecipient {
    /// Longer than an SMTP path may be.
    #[error("e-mail address is longer than {MAX_EMAIL_BYTES} bytes")]
    TooLong,
    /// Not of the form `local@domain.tld`, or not one an SMTP server would take.
    #[error("invalid e-mail address {0:?}")]
    Malformed(String),
}

/// Parses an address notifications may be sent to: the rules of a staff member's sign-in address
/// ([`StaffEmail`], lower-cased) that lettre can also put on an envelope.
pub fn parse_recipient(text: &str) -> Result<StaffEmail, InvalidRecipient> {
    if text.trim().len() > MAX_EMAIL_BYTES {
        return Err(InvalidRecipient::TooLong);
    }
    let malformed = || InvalidRecipient::Malformed(text.trim().to_owned());
    let address = StaffEmail::parse(text).map_err(|_| malformed())?;
    Address::from_str(address.as_str()).map_err(|_| malformed())?;
    Ok(address)
}

/// Why one e-mail attempt failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    /// This instance has no SMTP relay; never retried.
    #[error("SMTP is not configured")]
    NotConfigured,
    /// The address is no longer one of the operator's recipients; never retried.
    #[error("the e-mail recipient was removed")]
    RecipientRemoved,
    /// The destination is not an address lettre accepts; never retried.
    #[error("invalid recipient address {0:?}")]
    Address(String),
    /// The message could not be written from its payload; never retried.
    #[error("cannot write the message: {0}")]
    Compose(String),
    /// The server refused with a permanent (5xx) answer; never retried.
    #[error("SMTP server refused the message: {0}")]
    Refused(String),
    /// The server deferred with a transient (4xx) answer.
    #[error("SMTP server deferred the message: {0}")]
    Deferred(String),
    /// The session failed: connection refused, TLS, a broken answer and the like.
    #[error("SMTP failed: {0}")]
    Transport(String),
    /// The session took longer than the delivery timeout.
    #[error("timed out")]
    TimedOut,
}

impl AttemptError for EmailError {
    fn is_retryable(&self) -> bool {
        matches!(self, EmailError::Deferred(_) | EmailError::Transport(_) | EmailError::TimedOut)
    }
}

impl EmailError {
    fn from_smtp(error: &lettre::transport::smtp::Error) -> EmailError {
        let text = describe_chain(error, MAX_ERROR_CAUSES);
        if error.is_permanent() {
            EmailError::Refused(text)
        } else if error.is_transient() {
            EmailError::Deferred(text)
        } else if error.is_timeout() {
            EmailError::TimedOut
        } else {
            EmailError::Transport(text)
        }
    }
}

/// Sends e-mail messages through the configured relay. Cheap to clone.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    timeout: Duration,
}

impl fmt::Debug for Mailer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mailer").field("from", &self.from.to_string()).field("timeout", &self.timeout).finish()
    }
}

impl Mailer {
    /// A mailer whose sessions give up after `timeout_ms` milliseconds in all (connecting included).
    pub fn new(config: &SmtpConfig, timeout_ms: u64) -> Mailer {
        let timeout = Duration::from_millis(timeout_ms.max(1));
        // lettre's own timeout bounds each network operation; the whole session is bounded in `send`.
        let transport = config.transport.clone().timeout(Some(timeout)).build();
        Mailer { transport, from: config.from.clone(), timeout }
    }

    /// Sends one claimed `email` message to its recipient.
    pub async fn send(&self, delivery: &Delivery) -> Result<(), EmailError> {
        let DeliveryTarget::Email { operator } = &delivery.target else { return Err(EmailError::RecipientRemoved) };
        let message = &delivery.message;
        let to = Address::from_str(&message.destination)
            .map_err(|_| EmailError::Address(truncate(&message.destination, MAX_QUOTED_CHARS)))?;
        let email = compose(message, operator)?;
        let message_id = format!("<{}@{}>", message.id, self.from.email.domain());
        let mail = Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(None, to))
            .subject(email.subject)
            .message_id(Some(message_id))
            .user_agent(USER_AGENT.to_owned())
            .header(ContentType::TEXT_PLAIN)
            .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("Auto-Submitted"), "auto-generated".into()))
            .body(email.body)
            .map_err(|e| EmailError::Compose(e.to_string()))?;
        match tokio::time::timeout(self.timeout, self.transport.send(mail)).await {
            Err(_elapsed) => Err(EmailError::TimedOut),
            Ok(Err(error)) => Err(EmailError::from_smtp(&error)),
            Ok(Ok(_response)) => Ok(()),
        }
    }
}

/// Makes one attempt at a claimed `email` message and returns what to record for it under `policy`;
/// with no `mailer` (no SMTP configured) the message is given up with [`EmailError::NotConfigured`].
pub async fn deliver(mailer: Option<&Mailer>, delivery: &Delivery, policy: &RetryPolicy) -> DeliveryOutcome {
    let result = match mailer {
        Some(mailer) => mailer.send(delivery).await,
        None => Err(EmailError::NotConfigured),
    };
    policy.outcome(&result, delivery.message.attempts, Timestamp::now())
}

/// A notification written for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email {
    /// One line, e.g. `[Tutela] Clock breached: Answer an access request`.
    pub subject: String,
    /// Plain text, at most [`MAX_BODY_BYTES`].
    pub body: String,
}

/// The part of a queued payload an e-mail is written from (see `process_due_clocks` in the store).
#[derive(Debug, Deserialize)]
struct Notice {
    clock: NoticeClock,
    journal_seq: u64,
}

#[derive(Debug, Deserialize)]
struct NoticeClock {
    id: String,
    kind: String,
    label: String,
    subject_ref: Option<String>,
    state: String,
    due: String,
    due_date: String,
}

/// Writes the subject and body of `message`, queued for `operator`: a clock notification, or a
/// receipt to a subject.
pub fn compose(message: &OutboxMessage, operator: &Operator) -> Result<Email, EmailError> {
    if message.topic == tutela_db::consent::RECEIPT_TOPIC {
        return compose_receipt(message, operator);
    }
    if message.topic == tutela_db::REQUEST_CODE_TOPIC {
        return compose_code(message, operator, &REQUEST_CODE_WORDS);
    }
    if message.topic == tutela_db::PORTAL_CODE_TOPIC {
        return compose_code(message, operator, &SIGN_IN_CODE_WORDS);
    }
    if message.topic == tutela_db::REQUEST_ANSWER_TOPIC || message.topic == tutela_db::REQUEST_LETTER_TOPIC {
        return compose_answer(message);
    }
    let notice = Notice::deserialize(&message.payload)
        .map_err(|e| EmailError::Compose(format!("unexpected payload of topic {:?}: {e}", message.topic)))?;
    let clock = &notice.clock;
    let state = clock.state.replace('_', " ");
    let subject =
        format!("[Tutela] Clock {}: {}", field(&state, MAX_FIELD_CHARS), field(&clock.label, MAX_SUBJECT_LABEL_CHARS));
    let line = |name: &str, value: &str| format!("{name:<15}{}\n", field(value, MAX_FIELD_CHARS));
    let mut body = format!("Clock {}: {}\n\n", field(&state, MAX_FIELD_CHARS), field(&clock.label, MAX_FIELD_CHARS));
    body += &line("Operator:", &format!("{} ({})", operator.name.as_str(), operator.slug.as_str()));
    body += &line("Clock:", &clock.label);
    body += &line("Kind:", &clock.kind);
    if let Some(subject_ref) = &clock.subject_ref {
        body += &line("Subject ref:", subject_ref);
    }
    body += &line("State:", &clock.state);
    body += &line("Due:", &clock.due);
    body += &line("Due date:", &clock.due_date);
    body += &line("Journal entry:", &format!("#{}", notice.journal_seq));
    body += &line("Clock id:", &clock.id);
    body += &format!(
        "\nYou receive this because {} is an e-mail recipient\nof {}'s notifications in Tutela.\n",
        field(&message.destination, MAX_FIELD_CHARS),
        field(operator.name.as_str(), MAX_FIELD_CHARS),
    );
    cut_to_bytes(&mut body, MAX_BODY_BYTES);
    Ok(Email { subject, body })
}

/// The part of a receipt's payload the e-mail is written from (see `receipt_payload` in the store).
#[derive(Debug, Deserialize)]
struct Receipt {
    records: Vec<ReceiptRecord>,
}

#[derive(Debug, Deserialize)]
struct ReceiptRecord {
    id: String,
    subject: String,
    kind: String,
    at: String,
    journal_seq: u64,
    purpose: Option<String>,
    state: Option<String>,
    expires_at: Option<String>,
    notice_sha256: Option<String>,
}

/// Writes a receipt of consent records for the subject who made the choices: one line per record,
/// with its id and the journal entry that recorded it, so the subject can later ask for its proof.
fn compose_receipt(message: &OutboxMessage, operator: &Operator) -> Result<Email, EmailError> {
    let receipt = Receipt::deserialize(&message.payload)
        .map_err(|e| EmailError::Compose(format!("unexpected payload of topic {:?}: {e}", message.topic)))?;
    let operator_name = field(operator.name.as_str(), MAX_SUBJECT_LABEL_CHARS);
    let subject = format!("Your consent choices with {operator_name}");
    let mut body = format!("{operator_name} recorded these choices of yours:\n\n");
    for record in &receipt.records {
        let what = match (&record.purpose, &record.state) {
            (Some(purpose), Some(state)) => {
                format!("{}: {}", field(purpose, MAX_FIELD_CHARS), field(state, MAX_FIELD_CHARS))
            }
            (Some(purpose), None) => {
                format!("{}: {}", field(purpose, MAX_FIELD_CHARS), field(&record.kind, MAX_FIELD_CHARS))
            }
            _ => field(&record.kind, MAX_FIELD_CHARS),
        };
        body += &format!("- {what}, at {}\n", field(&record.at, MAX_FIELD_CHARS));
        if let Some(expires_at) = &record.expires_at {
            body += &format!("  until {}\n", field(expires_at, MAX_FIELD_CHARS));
        }
        if let Some(notice) = &record.notice_sha256 {
            body += &format!("  notice shown: SHA-256 {}\n", field(notice, MAX_FIELD_CHARS));
        }
        body += &format!("  record {} (journal entry #{})\n", field(&record.id, MAX_FIELD_CHARS), record.journal_seq);
    }
    if let Some(first) = receipt.records.first() {
        body += &format!("\nYour reference with {operator_name}: {}\n", field(&first.subject, MAX_FIELD_CHARS));
    }
    body += "\nYou may withdraw a consent at any time, as easily as you gave it. Quote a record's id to ask \
             for the proof of your choice.\n";
    cut_to_bytes(&mut body, MAX_BODY_BYTES);
    Ok(Email { subject, body })
}

/// The answer to a request, written in the requester's language when the request closed.
#[derive(Debug, Deserialize)]
struct AnswerNotice {
    subject: String,
    body: String,
}

/// Sends the answer as it was written and stored (`api::requests::answer`).
fn compose_answer(message: &OutboxMessage) -> Result<Email, EmailError> {
    let answer = AnswerNotice::deserialize(&message.payload)
        .map_err(|e| EmailError::Compose(format!("unexpected payload of topic {:?}: {e}", message.topic)))?;
    let mut body = answer.body;
    cut_to_bytes(&mut body, MAX_BODY_BYTES);
    Ok(Email { subject: field(&answer.subject, MAX_SUBJECT_LABEL_CHARS * 2), body })
}

/// The part of a one-time code's payload the e-mail is written from: a requester's code names
/// their request; a subject's portal sign-in code does not.
#[derive(Debug, Deserialize)]
struct CodeNotice {
    #[serde(default)]
    reference: Option<String>,
    code: String,
    language: String,
    expires_at: String,
}

/// The messages a one-time code is written with: a requester's, for a request, or a subject's, to
/// sign in to the portal.
struct CodeWords {
    subject_id: &'static str,
    body_id: &'static str,
    needs_reference: bool,
}

const REQUEST_CODE_WORDS: CodeWords =
    CodeWords { subject_id: "email-code-subject", body_id: "email-code-body", needs_reference: true };
const SIGN_IN_CODE_WORDS: CodeWords =
    CodeWords { subject_id: "email-sign-in-subject", body_id: "email-sign-in-body", needs_reference: false };

/// Writes a one-time code in the language it was asked in.
fn compose_code(message: &OutboxMessage, operator: &Operator, words: &CodeWords) -> Result<Email, EmailError> {
    let unexpected =
        |why: String| EmailError::Compose(format!("unexpected payload of topic {:?}: {why}", message.topic));
    let notice = CodeNotice::deserialize(&message.payload).map_err(|e| unexpected(e.to_string()))?;
    if words.needs_reference && notice.reference.is_none() {
        return Err(unexpected("missing field `reference`".to_owned()));
    }
    let lang = notice.language.parse().unwrap_or(tutela_i18n::Lang::En);
    let messages = tutela_i18n::Messages::new(lang);
    let operator_name = field(operator.name.as_str(), MAX_SUBJECT_LABEL_CHARS);
    let reference = field(notice.reference.as_deref().unwrap_or_default(), MAX_FIELD_CHARS);
    let code = field(&notice.code, MAX_FIELD_CHARS);
    let expires = field(&notice.expires_at, MAX_FIELD_CHARS);
    let args = [
        ("operator", tutela_i18n::Arg::Text(&operator_name)),
        ("reference", tutela_i18n::Arg::Text(&reference)),
        ("code", tutela_i18n::Arg::Text(&code)),
        ("expires", tutela_i18n::Arg::Text(&expires)),
    ];
    let format = |id: &str| messages.format(id, &args).map_err(|e| EmailError::Compose(e.to_string()));
    let subject = format(words.subject_id)?;
    let mut body = format(words.body_id)?;
    cut_to_bytes(&mut body, MAX_BODY_BYTES);
    Ok(Email { subject, body })
}

/// `text` on one line (control characters become spaces), at most `max_chars` characters.
fn field(text: &str, max_chars: usize) -> String {
    let clean: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let clean = clean.trim();
    if clean.chars().count() <= max_chars {
        return clean.to_owned();
    }
    let mut cut = truncate(clean, max_chars.saturating_sub(1));
    cut.push('…');
    cut
}

/// Cuts `text` to at most `max_bytes` bytes, on a character boundary.
fn cut_to_bytes(text: &mut String, max_bytes: usize) {
    if text.len() <= max_bytes {
        return;
    }
    let mut cut = max_bytes;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    text.truncate(cut);
}

#[cfg(test)]
mod tests {
    use super::*;
    use tutela_core::operator::{OperatorName, OperatorSlug};

    fn operator() -> Operator {
        Operator {
            id: tutela_core::operator::OperatorId::parse("op-1").unwrap(),
            slug: OperatorSlug::parse("acme").unwrap(),
            name: OperatorName::parse("Acme Ltd").unwrap(),
            created_at: Timestamp::UNIX_EPOCH,
        }
    }

    fn message(label: &str, subject_ref: Option<&str>) -> OutboxMessage {
        OutboxMessage {
            id: "msg-1".into(),
            operator_id: tutela_core::operator::OperatorId::parse("op-1").unwrap(),
            channel: "email".into(),
            destination: "dpo@acme.example".into(),
            topic: "clock.breached".into(),
            payload: serde_json::json!({
                "topic": "clock.breached",
                "operator_id": "op-1",
                "clock": { "id": "clock-1", "kind": "request.access", "label": label, "subject_ref": subject_ref,
                           "state": "breached", "due": "2025-11-11T20:59:59Z", "due_date": "2025-11-11" },
                "journal_seq": 42,
                "at": "2025-11-11T21:00:00Z",
            }),
            created_at: Timestamp::UNIX_EPOCH,
            attempts: 1,
            next_attempt_at: None,
            delivered_at: None,
            last_error: None,
        }
    }

    #[test]
    fn a_one_time_code_is_written_in_the_language_of_the_request() {
        let mut code = message("x", None);
        code.topic = tutela_db::REQUEST_CODE_TOPIC.into();
        code.payload = serde_json::json!({ "reference": "ACM-2026-000001", "code": "042917", "language": "ru",
            "expires_at": "2026-12-05T10:00:00Z" });
        let email = compose(&code, &operator()).unwrap();
        assert_eq!(email.subject, "Acme Ltd: код для обращения ACM-2026-000001");
        assert!(
            email.body.contains("\n\n042917\n\n") && email.body.contains("Код действует до 2026-12-05T10:00:00Z"),
            "{email:?}"
        );
        code.payload["language"] = "xx".into();
        assert!(compose(&code, &operator()).unwrap().subject.contains("your code"), "an unknown language is English");
    }

    #[test]
    fn a_sign_in_code_is_written_in_the_language_the_subject_signed_in_in() {
        let mut code = message("x", None);
        code.topic = tutela_db::PORTAL_CODE_TOPIC.into();
        code.payload =
            serde_json::json!({ "code": "042917", "language": "zh-CN", "expires_at": "2026-12-05T10:00:00Z" });
        let email = compose(&code, &operator()).unwrap();
        assert_eq!(email.subject, "Acme Ltd：您的登录验证码");
        assert!(email.body.contains("\n\n042917\n\n") && email.body.contains("2026-12-05T10:00:00Z"), "{email:?}");
        code.payload = serde_json::json!({ "code": "042917" });
        assert!(matches!(compose(&code, &operator()), Err(EmailError::Compose(_))), "a payload without its language");
    }

    #[test]
    fn a_notification_names_operator_clock_state_due_and_journal_entry() {
        let email = compose(&message("Answer an access request", Some("dsr-7")), &operator()).unwrap();
        assert_eq!(email.subject, "[Tutela] Clock breached: Answer an access request");
        assert_eq!(
            email.body,
            "Clock breached: Answer an access request\n\n\
             Operator:      Acme Ltd (acme)\n\
             Clock:         Answer an access request\n\
             Kind:          request.access\n\
             Subject ref:   dsr-7\n\
             State:         breached\n\
             Due:           2025-11-11T20:59:59Z\n\
             Due date:      2025-11-11\n\
             Journal entry: #42\n\
             Clock id:      clock-1\n\n\
             You receive this because dpo@acme.example is an e-mail recipient\n\
             of Acme Ltd's notifications in Tutela.\n"
        );
        let due_soon = {
            let mut m = message("x", None);
            m.payload["clock"]["state"] = "due_soon".into();
            m
        };
        let email = compose(&due_soon, &operator()).unwrap();
        assert_eq!(email.subject, "[Tutela] Clock due soon: x");
        assert!(!email.body.contains("Subject ref:"), "{}", email.body);
    }

    #[test]
    fn labels_cannot_break_lines_or_grow_the_message_unbounded() {
        let email = compose(&message("evil\r\nBcc: victim@example.com", None), &operator()).unwrap();
        assert_eq!(email.subject, "[Tutela] Clock breached: evil  Bcc: victim@example.com");
        let long = "ж".repeat(10_000);
        let email = compose(&message(&long, Some(&long)), &operator()).unwrap();
        assert_eq!(email.subject.chars().count(), "[Tutela] Clock breached: ".len() + MAX_SUBJECT_LABEL_CHARS);
        assert!(email.subject.ends_with('…'));
        assert!(email.body.len() <= MAX_BODY_BYTES);
        assert!(email.body.lines().all(|line| line.chars().count() <= 15 + MAX_FIELD_CHARS + 20));
    }

    #[test]
    fn an_unexpected_payload_is_not_retried() {
        let mut odd = message("x", None);
        odd.payload = serde_json::json!({ "topic": "something.else" });
        let error = compose(&odd, &operator()).unwrap_err();
        assert!(matches!(error, EmailError::Compose(_)), "{error}");
        assert!(!error.is_retryable());
    }

    #[test]
    fn only_transient_failures_are_retried() {
        assert!(!EmailError::NotConfigured.is_retryable());
        assert!(!EmailError::RecipientRemoved.is_retryable());
        assert!(!EmailError::Refused("550".into()).is_retryable());
        assert!(EmailError::Deferred("451".into()).is_retryable());
        assert!(EmailError::Transport("connection refused".into()).is_retryable());
        assert!(EmailError::TimedOut.is_retryable());
        let policy = RetryPolicy::default();
        assert_eq!(
            policy.outcome(&Err(EmailError::NotConfigured), 1, Timestamp::UNIX_EPOCH),
            DeliveryOutcome::Failed { error: "SMTP is not configured".into(), retry_at: None }
        );
    }

    #[test]
    fn smtp_urls_are_checked_and_passwords_never_shown() {
        let from = SmtpConfig::parse_sender(DEFAULT_SENDER).unwrap();
        for good in [
            "smtp://localhost",
            "smtp://relay.example:2525",
            "smtps://u:p%40ss@relay.example",
            "smtp://relay.example?tls=required",
            "smtp://relay.example?tls=opportunistic",
        ] {
            assert!(SmtpConfig::new(good, from.clone()).is_ok(), "{good}");
        }
        let config = SmtpConfig::new("smtps://user:hunter2@relay.example", from.clone()).unwrap();
        assert_eq!(config.shown_url(), "smtps://user:***@relay.example");
        assert!(!format!("{config:?}").contains("hunter2"), "{config:?}");
        for (bad, mentions) in [
            ("relay.example", "relay.example"),
            ("http://relay.example", "\"http\""),
            ("smtp://", "no host"),
            ("smtp://relay.example?tls=sometimes", "unsupported parameter tls=sometimes"),
            ("smtps://relay.example?tls=required", "unsupported parameter tls=required"),
            ("smtp://relay.example?auth=plain", "unsupported parameter auth=plain"),
        ] {
            let error = SmtpConfig::new(bad, from.clone()).unwrap_err().to_string();
            assert!(error.contains(mentions), "{bad}: {error}");
        }
        let error = SmtpConfig::new("ftp://user:hunter2@relay.example", from).unwrap_err().to_string();
        assert!(error.contains("ftp://user:***@relay.example") && !error.contains("hunter2"), "{error}");
    }

    #[test]
    fn senders_and_recipients_parse() {
        assert_eq!(
            SmtpConfig::parse_sender("Tutela <tutela@example.com>").unwrap().email.to_string(),
            "tutela@example.com"
        );
        assert!(SmtpConfig::parse_sender(DEFAULT_SENDER).is_ok());
        assert_eq!(
            SmtpConfig::parse_sender("not an address").unwrap_err().to_string(),
            "invalid sender address \"not an address\": expected an address such as tutela@example.com or \
             \"Tutela <tutela@example.com>\""
        );
        assert_eq!(parse_recipient(" DPO@Acme.Example ").unwrap().as_str(), "dpo@acme.example");
        for bad in [
            "",
            "dpo",
            "dpo@localhost",
            "dpo@@acme.example",
            "d po@acme.example",
            "dpo@acme..example",
            "(dpo)@acme.example",
        ] {
            assert!(parse_recipient(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_recipient(&format!("{}@acme.example", "a".repeat(300))), Err(InvalidRecipient::TooLong));
    }
}
