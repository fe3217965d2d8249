//! Applied data maps: every version an operator applies is kept with its source files, its content
//! hash and its difference to the version before, so an artefact can name the version it was
//! rendered from and any past version can be shown again.
//!
//! The database does not parse data maps (it knows nothing of their format): the caller validates a map
//! before applying it and computes the hash and the difference.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use tutela_core::journal::Actor;
use tutela_core::operator::OperatorId;

use crate::{Backend, Db, DbError, backends, now_us};

/// Most versions returned by one listing.
pub const MAX_DATAMAP_VERSIONS_PAGE: u32 = 500;

/// One file of a data map as it was applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataMapSource {
    /// The file's name relative to the map's folder (or the single file's name).
    pub name: String,
    /// The file's text.
    pub text: String,
}

/// What the caller applies: a validated map, its hash and the difference it computed.
#[derive(Debug, Clone)]
pub struct NewDataMapVersion {
    /// Hex SHA-256 of the sources (as the data map crate computes it).
    pub content_hash: String,
    /// The version `changes` was computed against (`None`: the operator had none). Applying fails
    /// with [`DbError::Stale`] when another version has been applied since, so a journaled
    /// difference always describes the step from the version before it.
    pub based_on: Option<u64>,
    /// The files.
    pub sources: Vec<DataMapSource>,
    /// The difference to the current version, as JSON; journaled, so it must stay small.
    pub changes: serde_json::Value,
}

/// A stored version, without its sources.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataMapVersion {
    /// 1 for the first applied map, then one more per apply.
    pub version: u64,
    /// Hex SHA-256 of the sources.
    pub content_hash: String,
    /// The difference to the version before.
    pub changes: serde_json::Value,
    /// Who applied it, as the journal names actors.
    pub applied_by: String,
    /// When.
    pub applied_at: Timestamp,
}

/// A stored version with its sources.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredDataMap {
    /// The version's facts.
    pub version: DataMapVersion,
    /// The files as applied.
    pub sources: Vec<DataMapSource>,
}

impl Db {
    /// Stores `new` as the operator's next data map version and journals it (`apply_datamap`, with
    /// the version, hash and changes). When its hash is the current version's, nothing is written
    /// and the current version is returned with `false`; when the current version is not
    /// `new.based_on`, nothing is written and the error is [`DbError::Stale`].
    pub async fn apply_datamap(
        &self,
        operator_id: &OperatorId,
        new: &NewDataMapVersion,
        actor: &Actor,
    ) -> Result<(DataMapVersion, bool), DbError> {
        dispatch!(self, apply_datamap(operator_id, new, actor, now_us()))
    }

    /// The operator's newest data map, or `None` when it has applied none.
    pub async fn current_datamap(&self, operator_id: &OperatorId) -> Result<Option<StoredDataMap>, DbError> {
        dispatch!(self, datamap(operator_id, None))
    }

    /// One version of the operator's data map.
    pub async fn datamap_version(
        &self,
        operator_id: &OperatorId,
        version: u64,
    ) -> Result<Option<StoredDataMap>, DbError> {
        dispatch!(self, datamap(operator_id, Some(version)))
    }

    /// The newest version number, without reading the map: what a cache compares against.
    pub async fn datamap_head(&self, operator_id: &OperatorId) -> Result<Option<u64>, DbError> {
        dispatch!(self, datamap_head(operator_id))
    }

    /// A page of the operator's versions, newest first: those below version `after`, at most `limit`
    /// (capped at [`MAX_DATAMAP_VERSIONS_PAGE`]).
    pub async fn list_datamap_versions(
        &self,
        operator_id: &OperatorId,
        after: Option<u64>,
        limit: u32,
    ) -> Result<Vec<DataMapVersion>, DbError> {
        let limit = limit.min(MAX_DATAMAP_VERSIONS_PAGE);
        dispatch!(self, list_datamap_versions(operator_id, after, limit))
    }
}
