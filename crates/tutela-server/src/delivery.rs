//! Webhook delivery: signing and POSTing one outbox message, and deciding when to try again.
//!
//! The store queues a message per webhook when a clock changes state; the scheduler claims due
//! messages (leasing them so no other instance takes them meanwhile) and hands each to
//! [`WebhookClient::deliver`], which POSTs it and says how the attempt ended. A 2xx answer means
//! delivered; any other status (redirects are not followed), a timeout or a transport error means
//! failed, tried again after an exponential back-off until [`RetryPolicy::max_attempts`], then given
//! up. Delivery is **at least once**: a crash between the POST and recording its outcome, or an
//! answer slower than the lease, can repeat a message, so receivers must deduplicate on the
//! `Tutela-Delivery` header.
//!
//! # What a receiver gets
//!
//! `POST <webhook url>` with headers
//! - `Content-Type: application/json` — the body is the message payload (`topic`, `operator_id`,
//!   `clock`, `journal_seq`, `at`);
//! - `Tutela-Event: <topic>`, e.g. `clock.breached`;
//! - `Tutela-Delivery: <message id>`, the same on every attempt of one message;
//! - `Tutela-Signature: t=<unix seconds>,v1=<hex>` (see [`sign`]);
//! - `User-Agent: tutela/<version>`.
//!
//! # Verifying the signature
//!
//! The scheme is Stripe's: `v1` is the lowercase hex HMAC-SHA256, keyed with the webhook's secret
//! (its text as UTF-8 bytes, exactly as the API showed it), of the timestamp in decimal, a `.`, and the
//! raw body bytes as received. A receiver must recompute it over the body **before** parsing it,
//! compare in constant time, and reject a timestamp further than a few minutes from its own clock
//! (a replayed old request carries an old, signed timestamp). [`verify`] does exactly this.

use std::time::Duration;

use hmac::{Hmac, Mac};
use jiff::Timestamp;
use sha2::Sha256;
use tutela_db::{Delivery, DeliveryOutcome, DeliveryTarget};

use crate::retry::describe_chain;
pub use crate::retry::{AttemptError, MAX_ERROR_CHARS, RetryPolicy};

type HmacSha256 = Hmac<Sha256>;

/// Header carrying the signature: `t=<unix seconds>,v1=<hex HMAC-SHA256>`.
pub const SIGNATURE_HEADER: &str = "Tutela-Signature";
/// Header carrying the message topic, e.g. `clock.breached`.
pub const EVENT_HEADER: &str = "Tutela-Event";
/// Header carrying the message id, the same on every attempt; receivers deduplicate on it.
pub const DELIVERY_HEADER: &str = "Tutela-Delivery";
/// The `User-Agent` of every request.
pub const USER_AGENT: &str = concat!("tutela/", env!("CARGO_PKG_VERSION"));
/// How far a signature's timestamp may be from the receiver's clock, in seconds, by default.
pub const DEFAULT_SIGNATURE_TOLERANCE_S: i64 = 300;
/// How many nested causes of a transport error are described.
const MAX_ERROR_CAUSES: usize = 8;
/// The longest `Tutela-Signature` header [`verify`] reads, in bytes.
pub const MAX_SIGNATURE_HEADER_BYTES: usize = 1024;

/// Signs a webhook body: `t=<timestamp_s>,v1=<hex HMAC-SHA256 of "<timestamp_s>.<body>">`, keyed with
/// the webhook's secret text. See the module documentation for how receivers check it.
pub fn sign(secret: &str, timestamp_s: i64, body: &[u8]) -> String {
    format!("t={timestamp_s},v1={}", hex::encode(mac(secret, timestamp_s, body).finalize().into_bytes()))
}

fn mac(secret: &str, timestamp_s: i64, body: &[u8]) -> HmacSha256 {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(secret.as_bytes()).expect("HMAC takes keys of any length");
    mac.update(timestamp_s.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    mac
}

/// Why [`verify`] rejected a signature.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    /// The header is not `t=<seconds>,v1=<hex>[,v1=<hex>...]` or is too long.
    #[error("malformed signature header")]
    Malformed,
    /// The timestamp is further from now than the tolerance (a replay, or a wrong clock).
    #[error("signature timestamp is {age_s} s away from now")]
    Stale {
        /// Now minus the signed timestamp, in seconds (negative when in the future).
        age_s: i64,
    },
    /// No `v1` value matches the body and secret.
    #[error("signature does not match")]
    Mismatch,
}

/// Checks a `Tutela-Signature` header the way a receiver should: the timestamp within `tolerance_s`
/// seconds of `now_s`, and some `v1` equal (in constant time) to the HMAC of the raw `body`.
pub fn verify(secret: &str, header: &str, body: &[u8], now_s: i64, tolerance_s: i64) -> Result<(), SignatureError> {
    if header.len() > MAX_SIGNATURE_HEADER_BYTES {
        return Err(SignatureError::Malformed);
    }
    let mut timestamp_s = None;
    let mut candidates = Vec::new();
    for part in header.split(',') {
        match part.trim().split_once('=') {
            Some(("t", value)) if timestamp_s.is_none() => {
                timestamp_s = Some(value.parse::<i64>().map_err(|_| SignatureError::Malformed)?);
            }
            Some(("v1", value)) => candidates.push(hex::decode(value).map_err(|_| SignatureError::Malformed)?),
            Some((key, _)) if key != "t" => {} // other schemes, for forward compatibility
            _ => return Err(SignatureError::Malformed),
        }
    }
    let Some(timestamp_s) = timestamp_s else { return Err(SignatureError::Malformed) };
    if candidates.is_empty() {
        return Err(SignatureError::Malformed);
    }
    let age_s = now_s.saturating_sub(timestamp_s);
    if age_s.saturating_abs() > tolerance_s {
        return Err(SignatureError::Stale { age_s });
    }
    let expected = mac(secret, timestamp_s, body);
    if candidates.iter().any(|candidate| expected.clone().verify_slice(candidate).is_ok()) {
        Ok(())
    } else {
        Err(SignatureError::Mismatch)
    }
}

/// Why one delivery attempt failed.
#[derive(Debug, thiserror::Error)]
pub enum DeliveryError {
    /// The webhook the message was queued for has been removed; it is never retried.
    #[error("the webhook was removed")]
    WebhookRemoved,
    /// The endpoint answered with a status other than 2xx (redirects are not followed).
    #[error("endpoint answered HTTP {0}")]
    Status(u16),
    /// The request did not complete: connection refused, TLS failure, timeout and the like.
    #[error("request failed: {0}")]
    Transport(String),
}

impl AttemptError for DeliveryError {
    fn is_retryable(&self) -> bool {
        !matches!(self, DeliveryError::WebhookRemoved)
    }
}

/// Why the HTTP client could not be built.
#[derive(Debug, thiserror::Error)]
#[error("cannot build the webhook HTTP client: {0}")]
pub struct ClientError(#[from] reqwest::Error);

/// Sends webhook messages: an HTTP client with a total timeout per request, no redirects and
/// Tutela's user agent. Cheap to clone.
#[derive(Debug, Clone)]
pub struct WebhookClient {
    http: reqwest::Client,
}

impl WebhookClient {
    /// A client whose requests give up after `timeout_ms` milliseconds (connecting included).
    pub fn new(timeout_ms: u64) -> Result<WebhookClient, ClientError> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_millis(timeout_ms.max(1)))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(USER_AGENT)
            .build()?;
        Ok(WebhookClient { http })
    }

    /// POSTs one claimed message, signed with its webhook's secret at the current time.
    pub async fn post(&self, delivery: &Delivery) -> Result<(), DeliveryError> {
        let DeliveryTarget::Webhook { secret } = &delivery.target else { return Err(DeliveryError::WebhookRemoved) };
        let message = &delivery.message;
        let body = message.payload.to_string().into_bytes();
        let signature = sign(secret, Timestamp::now().as_second(), &body);
        let response = self
            .http
            .post(&message.destination)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header(EVENT_HEADER, &message.topic)
            .header(DELIVERY_HEADER, &message.id)
            .header(SIGNATURE_HEADER, signature)
            .body(body)
            .send()
            .await
            .map_err(|e| DeliveryError::Transport(describe(e)))?;
        // The answer's body is never read: only the status matters, and it could be large.
        let status = response.status();
        if status.is_success() { Ok(()) } else { Err(DeliveryError::Status(status.as_u16())) }
    }

    /// Makes one attempt at a claimed message and returns what to record for it under `policy`.
    pub async fn deliver(&self, delivery: &Delivery, policy: &RetryPolicy) -> DeliveryOutcome {
        let result = self.post(delivery).await;
        policy.outcome(&result, delivery.message.attempts, Timestamp::now())
    }
}

/// A transport error with its causes, without the URL (the destination is stored next to it).
fn describe(error: reqwest::Error) -> String {
    if error.is_timeout() {
        return "timed out".to_owned();
    }
    describe_chain(&error.without_url(), MAX_ERROR_CAUSES)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Computed independently with Python:
    // hmac.new(b'whsec_test', b'1700000000.{"topic":"clock.breached"}', hashlib.sha256).hexdigest()
    const VECTOR: &str = "f5b14bcd64828cbb4bcc471430c45fe7eb83f56d4f86f6930f88c8abf49bc991";

    #[test]
    fn signature_matches_an_independent_implementation() {
        assert_eq!(
            sign("whsec_test", 1_700_000_000, br#"{"topic":"clock.breached"}"#),
            format!("t=1700000000,v1={VECTOR}")
        );
        // hmac.new(b'0123456789abcdef', b'0.', hashlib.sha256).hexdigest(): empty body, epoch.
        assert_eq!(
            sign("0123456789abcdef", 0, b""),
            "t=0,v1=9b9567f7a6e6e3243d8c5c66dde94f7df77b79d6edb3dee210c5778814cfaca0"
        );
    }

    #[test]
    fn verify_accepts_fresh_signatures_and_rejects_the_rest() {
        let body = br#"{"topic":"clock.breached"}"#;
        let header = sign("whsec_test", 1_700_000_000, body);
        assert_eq!(verify("whsec_test", &header, body, 1_700_000_100, 300), Ok(()));
        assert_eq!(
            verify("whsec_test", &format!("t=1700000000,v1={},v1={VECTOR}", "00".repeat(32)), body, 1_700_000_000, 300),
            Ok(()),
            "any v1 may match"
        );
        assert_eq!(verify("other", &header, body, 1_700_000_000, 300), Err(SignatureError::Mismatch));
        assert_eq!(verify("whsec_test", &header, b"{}", 1_700_000_000, 300), Err(SignatureError::Mismatch));
        assert_eq!(verify("whsec_test", &header, body, 1_700_000_301, 300), Err(SignatureError::Stale { age_s: 301 }));
        assert_eq!(
            verify("whsec_test", &header, body, 1_699_999_000, 300),
            Err(SignatureError::Stale { age_s: -1000 })
        );
        for bad in ["", "t=1700000000", "v1=00", "t=x,v1=00", "t=1,v1=zz", "t=1,t=2,v1=00", "nonsense"] {
            assert_eq!(verify("whsec_test", bad, body, 1, 300), Err(SignatureError::Malformed), "{bad:?}");
        }
        assert_eq!(verify("whsec_test", &"t".repeat(2000), body, 1, 300), Err(SignatureError::Malformed));
    }

    #[test]
    fn failures_retry_until_the_last_attempt() {
        let policy = RetryPolicy { base_ms: 1_000, cap_ms: 60_000, max_attempts: 3 };
        let now: Timestamp = "2025-01-01T00:00:00Z".parse().unwrap();
        assert_eq!(policy.outcome(&Ok::<(), DeliveryError>(()), 3, now), DeliveryOutcome::Delivered);
        let failed = Err(DeliveryError::Status(503));
        assert_eq!(
            policy.outcome(&failed, 1, now),
            DeliveryOutcome::Failed {
                error: "endpoint answered HTTP 503".into(),
                retry_at: Some("2025-01-01T00:00:01Z".parse().unwrap())
            }
        );
        assert_eq!(
            policy.outcome(&failed, 2, now),
            DeliveryOutcome::Failed {
                error: "endpoint answered HTTP 503".into(),
                retry_at: Some("2025-01-01T00:00:02Z".parse().unwrap())
            }
        );
        assert_eq!(
            policy.outcome(&failed, 3, now),
            DeliveryOutcome::Failed { error: "endpoint answered HTTP 503".into(), retry_at: None },
            "given up after max_attempts"
        );
    }

    #[test]
    fn a_removed_webhook_is_not_retried() {
        let now = Timestamp::UNIX_EPOCH;
        assert_eq!(
            RetryPolicy::default().outcome(&Err(DeliveryError::WebhookRemoved), 1, now),
            DeliveryOutcome::Failed { error: "the webhook was removed".into(), retry_at: None }
        );
    }
}
