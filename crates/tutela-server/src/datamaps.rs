//! Applying an operator's data map, and the applied map every other feature reads.
//!
//! [`apply`] validates a map, hashes it, computes its difference to the current version and stores it
//! as the next version (journaled by the store); the CLI and the API both use it, so a map is applied
//! the same way from either. An invalid map changes nothing.
//!
//! [`DataMapCache`] keeps each operator's current map parsed in memory, because consent decisions and
//! request fulfilment read it on hot paths. It re-checks the store's newest version number at most
//! once per [`RECHECK_INTERVAL_MS`], so a map applied through another instance on the same PostgreSQL
//! database is seen within that interval, and at once on the instance that applied it.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tutela_core::journal::Actor;
use tutela_core::operator::OperatorId;
use tutela_datamap::{DataMap, Diagnostic, diff};
use tutela_db::datamap::{DataMapSource, DataMapVersion, NewDataMapVersion, StoredDataMap};
use tutela_db::{Db, DbError};

/// How long a cached map is trusted before the store's head version is checked again.
pub const RECHECK_INTERVAL_MS: u64 = 1_000;

/// An operator's applied data map, parsed.
#[derive(Debug)]
pub struct AppliedDataMap {
    /// Its version number.
    pub version: u64,
    /// Hex SHA-256 of its files.
    pub content_hash: String,
    /// The map.
    pub map: DataMap,
}

/// Why a map was not applied.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    /// The map is invalid; nothing was stored.
    #[error("the data map is invalid ({} problems)", .0.len())]
    Invalid(Vec<Diagnostic>),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbError),
}

/// What applying did.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The current version after applying.
    pub version: DataMapVersion,
    /// False when the map was the current version already, and nothing was stored.
    pub stored: bool,
}

/// How often [`apply`] recomputes its difference when another version was applied meanwhile.
const MAX_APPLY_ATTEMPTS: u32 = 3;

/// Validates `sources` (file name, text) and stores them as the operator's next data map version.
pub async fn apply(
    db: &Db,
    operator_id: &OperatorId,
    sources: Vec<(PathBuf, String)>,
    actor: &Actor,
) -> Result<Applied, ApplyError> {
    let map = tutela_datamap::load_sources(sources.clone()).map_err(|e| ApplyError::Invalid(e.diagnostics))?;
    let content_hash = tutela_datamap::content_hash(&sources);
    let sources: Vec<DataMapSource> = sources
        .into_iter()
        .map(|(name, text)| DataMapSource { name: name.to_string_lossy().into_owned(), text })
        .collect();
    let mut attempt = 1;
    loop {
        let previous = db.current_datamap(operator_id).await?;
        let new = NewDataMapVersion {
            content_hash: content_hash.clone(),
            based_on: previous.as_ref().map(|p| p.version.version),
            sources: sources.clone(),
            changes: changes_since(previous.as_ref(), &content_hash, &map),
        };
        match db.apply_datamap(operator_id, &new, actor).await {
            Ok((version, stored)) => return Ok(Applied { version, stored }),
            Err(DbError::Stale { .. }) if attempt < MAX_APPLY_ATTEMPTS => attempt += 1,
            Err(error) => return Err(error.into()),
        }
    }
}

/// The journaled difference from `previous` to `map`, with `previous_version`. A stored version that
/// no longer loads (the taxonomy it used changed since) is compared as if empty, and
/// `previous_unreadable` says so.
fn changes_since(previous: Option<&StoredDataMap>, content_hash: &str, map: &DataMap) -> serde_json::Value {
    let Some(previous) = previous else {
        return serde_json::to_value(diff::diff(None, map)).unwrap_or_default();
    };
    let (changes, readable) = if previous.version.content_hash == content_hash {
        (diff::Changes::default(), true)
    } else {
        match parse_stored(previous) {
            Ok(old) => (diff::diff(Some(&old), map), true),
            Err(_) => {
                tracing::warn!(
                    version = previous.version.version,
                    "previous data map no longer loads; diffing from empty"
                );
                (diff::diff(None, map), false)
            }
        }
    };
    let mut json = serde_json::to_value(changes).unwrap_or_default();
    json["previous_version"] = previous.version.version.into();
    if !readable {
        json["previous_unreadable"] = true.into();
    }
    json
}

/// Parses a stored version back into a map.
pub fn parse_stored(stored: &StoredDataMap) -> Result<DataMap, tutela_datamap::LoadError> {
    let sources = stored.sources.iter().map(|s| (PathBuf::from(&s.name), s.text.clone())).collect();
    tutela_datamap::load_sources(sources)
}

/// Each operator's current data map, parsed once per version.
#[derive(Default)]
pub struct DataMapCache {
    entries: Mutex<HashMap<OperatorId, CacheEntry>>,
}

struct CacheEntry {
    map: Option<Arc<AppliedDataMap>>,
    checked_at: Instant,
}

impl DataMapCache {
    /// The operator's current data map, or `None` when it has applied none.
    pub async fn current(&self, db: &Db, operator_id: &OperatorId) -> Result<Option<Arc<AppliedDataMap>>, DbError> {
        let cached = self.fresh_or_stale(operator_id);
        let cached = match cached {
            Freshness::Fresh(map) => return Ok(map),
            Freshness::Stale(map) => map,
        };
        let head = db.datamap_head(operator_id).await?;
        let map = match (&cached, head) {
            (Some(map), Some(head)) if map.version == head => cached,
            (_, None) => None,
            (_, Some(_)) => self.load(db, operator_id).await?,
        };
        self.remember(operator_id, map.clone());
        Ok(map)
    }

    /// Forgets the operator's cached map, so the next read loads it (after an apply here).
    pub fn invalidate(&self, operator_id: &OperatorId) {
        self.lock().remove(operator_id);
    }

    fn fresh_or_stale(&self, operator_id: &OperatorId) -> Freshness {
        let entries = self.lock();
        match entries.get(operator_id) {
            Some(entry) if entry.checked_at.elapsed() < Duration::from_millis(RECHECK_INTERVAL_MS) => {
                Freshness::Fresh(entry.map.clone())
            }
            Some(entry) => Freshness::Stale(entry.map.clone()),
            None => Freshness::Stale(None),
        }
    }

    async fn load(&self, db: &Db, operator_id: &OperatorId) -> Result<Option<Arc<AppliedDataMap>>, DbError> {
        let Some(stored) = db.current_datamap(operator_id).await? else { return Ok(None) };
        match parse_stored(&stored) {
            Ok(map) => Ok(Some(Arc::new(AppliedDataMap {
                version: stored.version.version,
                content_hash: stored.version.content_hash,
                map,
            }))),
            Err(error) => Err(DbError::Corrupt { what: "applied data map", detail: error.to_string() }),
        }
    }

    fn remember(&self, operator_id: &OperatorId, map: Option<Arc<AppliedDataMap>>) {
        self.lock().insert(operator_id.clone(), CacheEntry { map, checked_at: Instant::now() });
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<OperatorId, CacheEntry>> {
        // A panic while holding this lock cannot leave the map inconsistent: entries are replaced whole.
        self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

enum Freshness {
    Fresh(Option<Arc<AppliedDataMap>>),
    Stale(Option<Arc<AppliedDataMap>>),
}
