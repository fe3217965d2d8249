//! In-memory caches in front of the two reads every API call makes: the caller's token and, for a
//! decision, the subject's consent state.
//!
//! Both are bounded LRU maps split into shards, each behind its own mutex, so concurrent requests
//! rarely wait on each other. A shard counts its invalidations (its generation). A reader that
//! missed notes the generation before it reads the database and inserts what it read only if the
//! generation is unchanged; a writer invalidates after its transaction committed. So a value read
//! before a write and inserted after it can never outlive that write: either the write's
//! invalidation comes after the insert and removes it, or it came before and the insert is refused.
//!
//! The subject-state cache is exact only when this process makes every change to the ledger, which
//! holds for the embedded SQLite database; [`crate::Db::with_decision_cache`] therefore enables it
//! on SQLite only. Tokens are kept at most [`TOKEN_TTL_MS`]: a token revoked through another instance
//! is refused within that time, one revoked through this one at once.

use std::hash::{BuildHasher, Hash};
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tutela_core::consent::SubjectState;
use tutela_core::operator::OperatorId;
use tutela_core::subject::SubjectRef;

use crate::Principal;

/// Shards per cache: enough that 64 concurrent requests rarely meet on one mutex.
const SHARDS: usize = 16;
/// Most tokens kept.
const MAX_TOKENS: usize = 4_096;
/// How long a token read from the database is trusted without reading it again.
pub const TOKEN_TTL_MS: u64 = 1_000;
/// Most subjects the decision cache may hold, whatever is asked for (about 1 KiB each with five
/// purposes).
pub const MAX_DECISION_CACHE_SUBJECTS: usize = 4_000_000;

/// A bounded, sharded LRU map whose inserts are refused after a concurrent invalidation.
#[derive(Debug)]
pub(crate) struct GuardedLru<K: Hash + Eq, V> {
    shards: Box<[Mutex<Shard<K, V>>]>,
    hasher: std::collections::hash_map::RandomState,
}

#[derive(Debug)]
struct Shard<K: Hash + Eq, V> {
    generation: u64,
    entries: lru::LruCache<K, V>,
}

/// What a reader notes before reading the database, to insert afterwards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Ticket {
    shard: usize,
    generation: u64,
}

impl<K: Hash + Eq, V: Clone> GuardedLru<K, V> {
    /// A map of at most `capacity` entries (at least one per shard).
    pub(crate) fn new(capacity: usize) -> GuardedLru<K, V> {
        let per_shard = NonZeroUsize::new(capacity.div_ceil(SHARDS)).unwrap_or(NonZeroUsize::MIN);
        let shards = (0..SHARDS).map(|_| Mutex::new(Shard { generation: 0, entries: lru::LruCache::new(per_shard) }));
        GuardedLru { shards: shards.collect(), hasher: Default::default() }
    }

    fn shard_of(&self, key: &K) -> usize {
        // The modulo keeps the index in range; truncating the hash first is harmless.
        (self.hasher.hash_one(key) as usize) % self.shards.len()
    }

    fn lock(&self, shard: usize) -> MutexGuard<'_, Shard<K, V>> {
        // A panic while holding the lock cannot leave an LRU map half-updated in a way that matters
        // here (at worst an entry is missing), so a poisoned lock is used as it is.
        self.shards[shard].lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The value for `key`, or the ticket to insert one after reading it elsewhere.
    pub(crate) fn get(&self, key: &K) -> Result<V, Ticket> {
        let shard = self.shard_of(key);
        let mut guard = self.lock(shard);
        match guard.entries.get(key) {
            Some(value) => Ok(value.clone()),
            None => Err(Ticket { shard, generation: guard.generation }),
        }
    }

    /// A ticket for reading `key` elsewhere now.
    pub(crate) fn ticket(&self, key: &K) -> Ticket {
        let shard = self.shard_of(key);
        Ticket { shard, generation: self.lock(shard).generation }
    }

    /// Inserts `value` read after `ticket` was taken, unless its shard was invalidated since.
    pub(crate) fn insert(&self, ticket: Ticket, key: K, value: V) {
        let mut guard = self.lock(ticket.shard);
        if guard.generation == ticket.generation {
            guard.entries.put(key, value);
        }
    }

    /// Forgets `key`, and refuses the inserts of readers that started before.
    pub(crate) fn invalidate(&self, key: &K) {
        let shard = self.shard_of(key);
        let mut guard = self.lock(shard);
        guard.generation += 1;
        guard.entries.pop(key);
    }

    /// Forgets everything, and refuses the inserts of readers that started before.
    pub(crate) fn clear(&self) {
        for shard in 0..self.shards.len() {
            let mut guard = self.lock(shard);
            guard.generation += 1;
            guard.entries.clear();
        }
    }
}

/// Subjects' current consent state, keyed by operator and subject.
pub(crate) type StateCache = GuardedLru<(OperatorId, SubjectRef), Arc<SubjectState>>;

/// Principals by token digest, with the instant they were read.
#[derive(Debug)]
pub(crate) struct TokenCache {
    entries: GuardedLru<String, (Principal, Instant)>,
}

impl TokenCache {
    pub(crate) fn new() -> TokenCache {
        TokenCache { entries: GuardedLru::new(MAX_TOKENS) }
    }

    /// The principal for a digest read less than [`TOKEN_TTL_MS`] ago and not expired at `now`.
    pub(crate) fn get(&self, digest: &String, now: jiff::Timestamp) -> Result<Principal, Ticket> {
        match self.entries.get(digest) {
            Ok((principal, read_at)) if usable(&principal, read_at, now) => Ok(principal),
            Ok(_) => {
                self.entries.invalidate(digest);
                Err(self.entries.ticket(digest))
            }
            Err(ticket) => Err(ticket),
        }
    }

    pub(crate) fn insert(&self, ticket: Ticket, digest: String, principal: Principal) {
        self.entries.insert(ticket, digest, (principal, Instant::now()));
    }

    /// Forgets every token: after a revocation, whichever token it was.
    pub(crate) fn clear(&self) {
        self.entries.clear();
    }
}

fn usable(principal: &Principal, read_at: Instant, now: jiff::Timestamp) -> bool {
    let fresh = read_at.elapsed() < Duration::from_millis(TOKEN_TTL_MS);
    fresh && principal.token.expires_at.is_none_or(|expires| expires > now)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_read_before_an_invalidation_is_not_inserted() {
        let cache: GuardedLru<&str, u32> = GuardedLru::new(64);
        let ticket = cache.get(&"s1").unwrap_err();
        cache.invalidate(&"s1"); // a write committed while the reader read the database
        cache.insert(ticket, "s1", 1);
        assert!(cache.get(&"s1").is_err(), "the stale value was kept");
        let ticket = cache.get(&"s1").unwrap_err();
        cache.insert(ticket, "s1", 2);
        assert_eq!(cache.get(&"s1"), Ok(2));
    }

    #[test]
    fn invalidation_and_clear_forget_values() {
        let cache: GuardedLru<u32, u32> = GuardedLru::new(64);
        for key in 0..10 {
            let ticket = cache.get(&key).unwrap_err();
            cache.insert(ticket, key, key * 10);
        }
        cache.invalidate(&3);
        assert!(cache.get(&3).is_err());
        assert_eq!(cache.get(&4), Ok(40));
        cache.clear();
        assert!((0..10).all(|key| cache.get(&key).is_err()));
    }

    #[test]
    fn the_cache_holds_no_more_than_its_capacity() {
        let cache: GuardedLru<u32, u32> = GuardedLru::new(32);
        for key in 0..1_000 {
            let ticket = cache.get(&key).unwrap_err();
            cache.insert(ticket, key, key);
        }
        let kept = (0..1_000).filter(|key| cache.get(key).is_ok()).count();
        assert!(kept <= 32, "{kept} entries kept");
        assert!(cache.get(&999).is_ok(), "the newest entry was evicted");
    }
}
