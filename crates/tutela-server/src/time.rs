//! The instant subscriptions and account closures act at: the wall clock, moved on by an offset
//! that only tests set ([`TimeSource::advance`]), so a test can let a grace period or a billing
//! period pass without waiting for it. Everything else (journal timestamps, clocks, sessions) reads
//! the wall clock directly, so the journal stays in the order things were written.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

use jiff::{SignedDuration, Timestamp};

/// The wall clock plus an offset; clones share the offset.
#[derive(Debug, Clone, Default)]
pub struct TimeSource {
    offset_us: Arc<AtomicI64>,
}

impl TimeSource {
    /// Now, at the microsecond precision the database keeps.
    pub fn now(&self) -> Timestamp {
        let offset = SignedDuration::from_micros(self.offset_us.load(Ordering::Relaxed));
        tutela_db::now_us().checked_add(offset).unwrap_or_else(|_| tutela_db::now_us())
    }

    /// Moves this source (and its clones) `by` into the future.
    pub fn advance(&self, by: SignedDuration) {
        let micros = i64::try_from(by.as_micros()).unwrap_or(i64::MAX);
        self.offset_us.fetch_add(micros, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advancing_moves_every_clone() {
        let time = TimeSource::default();
        let clone = time.clone();
        let before = clone.now();
        time.advance(SignedDuration::from_hours(24 * 15));
        let moved = clone.now().duration_since(before);
        assert!(moved >= SignedDuration::from_hours(24 * 15), "{moved:?}");
    }
}
