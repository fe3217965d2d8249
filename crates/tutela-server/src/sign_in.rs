//! Limits on signing in, shared by `POST /api/v1/auth/login` and the console's sign-in form, so
//! passwords cannot be guessed faster through either.
//!
//! Attempts are counted in fixed windows of [`WINDOW_S`] seconds, per account and client address
//! ([`MAX_ATTEMPTS_PER_ACCOUNT`]: someone elsewhere cannot lock a member out) and per client address
//! over all accounts ([`MAX_ATTEMPTS_PER_CLIENT`]: one client cannot try many accounts). At most
//! [`MAX_TRACKED_KEYS`] keys are remembered; the least recently seen are forgotten first. In memory:
//! with several instances behind a load balancer each counts its own attempts.

use std::net::IpAddr;
use std::num::NonZeroUsize;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use lru::LruCache;

/// Attempts per operator, e-mail address and client address within a window.
pub const MAX_ATTEMPTS_PER_ACCOUNT: u32 = 5;
/// Attempts per client address within a window, whatever the account.
pub const MAX_ATTEMPTS_PER_CLIENT: u32 = 30;
/// The window attempts are counted in, in seconds.
pub const WINDOW_S: u64 = 60;
/// Most keys remembered.
pub const MAX_TRACKED_KEYS: usize = 10_000;

/// Counts sign-in attempts.
pub struct SignInLimiter {
    windows: Mutex<LruCache<String, (Instant, u32)>>,
}

impl Default for SignInLimiter {
    fn default() -> Self {
        let capacity = NonZeroUsize::new(MAX_TRACKED_KEYS).expect("a positive capacity");
        SignInLimiter { windows: Mutex::new(LruCache::new(capacity)) }
    }
}

impl SignInLimiter {
    /// Records an attempt to sign in to `email` at `operator` from `client`; false when the account
    /// or the client has used up its attempts in the current window.
    pub fn allow(&self, operator: &str, email: &str, client: IpAddr, now: Instant) -> bool {
        let account = format!("{}\u{0}{}\u{0}{client}", operator.trim(), email.trim().to_lowercase());
        let mut windows = self.windows.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let within_account = count(&mut windows, account, now) <= MAX_ATTEMPTS_PER_ACCOUNT;
        let within_client = count(&mut windows, client.to_string(), now) <= MAX_ATTEMPTS_PER_CLIENT;
        within_account && within_client
    }
}

fn count(windows: &mut LruCache<String, (Instant, u32)>, key: String, now: Instant) -> u32 {
    let window = Duration::from_secs(WINDOW_S);
    let entry = windows.get_or_insert_mut(key, || (now, 0));
    if now.duration_since(entry.0) >= window {
        *entry = (now, 0);
    }
    entry.1 = entry.1.saturating_add(1);
    entry.1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_and_clients_are_limited_apart() {
        let limiter = SignInLimiter::default();
        let start = Instant::now();
        let here: IpAddr = "192.0.2.1".parse().unwrap();
        let there: IpAddr = "192.0.2.2".parse().unwrap();
        for _ in 0..MAX_ATTEMPTS_PER_ACCOUNT {
            assert!(limiter.allow("kursy", "a@b.c", here, start));
        }
        assert!(!limiter.allow("kursy", "a@b.c", here, start), "the sixth attempt in the window is refused");
        assert!(limiter.allow("kursy", "A@B.C ", there, start), "the member can still sign in from elsewhere");
        assert!(limiter.allow("kursy", "a@b.c", here, start + Duration::from_secs(WINDOW_S)), "a new window");
        let many: IpAddr = "192.0.2.3".parse().unwrap();
        let allowed = (0..100).filter(|n| limiter.allow("kursy", &format!("user{n}@b.c"), many, start)).count();
        assert_eq!(allowed, MAX_ATTEMPTS_PER_CLIENT as usize, "one client cannot try many accounts");
    }

    #[test]
    fn memory_is_bounded() {
        let limiter = SignInLimiter::default();
        let start = Instant::now();
        for n in 0..(MAX_TRACKED_KEYS as u32 + 50) {
            let client = IpAddr::from(n.to_be_bytes());
            limiter.allow("kursy", "a@b.c", client, start);
        }
        assert!(limiter.windows.lock().unwrap().len() <= MAX_TRACKED_KEYS);
    }
}
