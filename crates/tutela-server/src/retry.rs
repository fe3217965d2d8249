//! When to try a failed notification again: the retry policy every delivery channel shares.
//!
//! An attempt ends in success or in an error that says whether trying again may help
//! ([`AttemptError::is_retryable`]). A retryable failure is tried again after an exponential
//! back-off until [`RetryPolicy::max_attempts`]; after that, or after a failure that cannot get
//! better by waiting, the message is given up and its last error stays in the outbox.

use jiff::{SignedDuration, Timestamp};
use tutela_db::DeliveryOutcome;

/// The longest failure description kept with a message, in characters.
pub const MAX_ERROR_CHARS: usize = 500;

/// Why one delivery attempt failed, as far as the retry policy cares.
pub trait AttemptError: std::fmt::Display {
    /// Whether trying again later may succeed.
    fn is_retryable(&self) -> bool;
}

/// When to try a failed delivery again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Wait after the first failed attempt, in milliseconds; it doubles with each further failure.
    pub base_ms: u64,
    /// The longest wait between two attempts, in milliseconds.
    pub cap_ms: u64,
    /// Attempts after which a message is given up (at least one is always made).
    pub max_attempts: u32,
}

impl Default for RetryPolicy {
    /// 30 s doubling, at most 6 h apart, 8 attempts (the last about an hour after the first).
    fn default() -> Self {
        RetryPolicy { base_ms: 30_000, cap_ms: 6 * 3600 * 1000, max_attempts: 8 }
    }
}

impl RetryPolicy {
    /// The wait after the `attempts`-th failed attempt (counting from 1): `base_ms × 2^(attempts-1)`,
    /// capped at `cap_ms`.
    pub fn backoff_ms(&self, attempts: u32) -> u64 {
        let factor = 1u64.checked_shl(attempts.saturating_sub(1)).unwrap_or(u64::MAX);
        self.base_ms.saturating_mul(factor).min(self.cap_ms)
    }

    /// The outcome to record for an attempt that ended with `result`, the `attempts`-th (counting
    /// it), made at `now`.
    pub fn outcome<E: AttemptError>(&self, result: &Result<(), E>, attempts: u32, now: Timestamp) -> DeliveryOutcome {
        let error = match result {
            Ok(()) => return DeliveryOutcome::Delivered,
            Err(error) => error,
        };
        let retry_at = if error.is_retryable() && attempts < self.max_attempts {
            let wait_ms = i64::try_from(self.backoff_ms(attempts)).unwrap_or(i64::MAX);
            // Only unreachable instants (past year 9999) fail to add; giving up is then all we can do.
            now.checked_add(SignedDuration::from_millis(wait_ms)).ok()
        } else {
            None
        };
        DeliveryOutcome::Failed { error: truncate(&error.to_string(), MAX_ERROR_CHARS), retry_at }
    }
}

/// `text` cut to at most `max_chars` characters, on a character boundary.
pub fn truncate(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((cut, _)) => text[..cut].to_owned(),
        None => text.to_owned(),
    }
}

/// An error and its causes, `outer: inner: ...`, at most `max_causes` deep and [`MAX_ERROR_CHARS`]
/// long.
pub fn describe_chain(error: &dyn std::error::Error, max_causes: usize) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    for _ in 0..max_causes {
        let Some(current) = cause else { break };
        let part = current.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        cause = current.source();
    }
    truncate(&text, MAX_ERROR_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Failure {
        retryable: bool,
    }

    impl std::fmt::Display for Failure {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(if self.retryable { "busy" } else { "refused" })
        }
    }

    impl AttemptError for Failure {
        fn is_retryable(&self) -> bool {
            self.retryable
        }
    }

    #[test]
    fn backoff_doubles_from_the_base_up_to_the_cap() {
        let policy = RetryPolicy::default();
        let waits: Vec<u64> = (1..=8).map(|attempt| policy.backoff_ms(attempt)).collect();
        assert_eq!(waits, [30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_840_000]);
        assert_eq!(policy.backoff_ms(10), 15_360_000);
        assert_eq!(policy.backoff_ms(11), 21_600_000, "capped at 6 h");
        assert_eq!(policy.backoff_ms(64), 21_600_000);
        assert_eq!(policy.backoff_ms(u32::MAX), 21_600_000, "no overflow");
        assert_eq!(policy.backoff_ms(0), 30_000, "attempt 0 is treated as the first");
    }

    #[test]
    fn only_retryable_failures_are_tried_again() {
        let policy = RetryPolicy { base_ms: 1_000, cap_ms: 60_000, max_attempts: 3 };
        let now: Timestamp = "2025-01-01T00:00:00Z".parse().unwrap();
        assert_eq!(policy.outcome(&Ok::<(), Failure>(()), 1, now), DeliveryOutcome::Delivered);
        assert_eq!(
            policy.outcome(&Err(Failure { retryable: true }), 1, now),
            DeliveryOutcome::Failed { error: "busy".into(), retry_at: Some("2025-01-01T00:00:01Z".parse().unwrap()) }
        );
        assert_eq!(
            policy.outcome(&Err(Failure { retryable: false }), 1, now),
            DeliveryOutcome::Failed { error: "refused".into(), retry_at: None }
        );
    }

    #[test]
    fn long_errors_are_cut_on_a_character_boundary() {
        let text = "é".repeat(MAX_ERROR_CHARS + 10);
        assert_eq!(truncate(&text, MAX_ERROR_CHARS).chars().count(), MAX_ERROR_CHARS);
        assert_eq!(truncate("short", MAX_ERROR_CHARS), "short");
    }
}
