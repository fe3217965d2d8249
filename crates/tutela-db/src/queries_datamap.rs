// Queries of applied data maps, written once and compiled once per backend like `queries.rs` (whose
// helpers, `Pools`, `journal` and `instant`, they use): `backends.rs` includes both files into each
// backend module.

use crate::datamap::{DataMapSource, DataMapVersion, NewDataMapVersion, StoredDataMap};

const DATAMAP_VERSION_COLUMNS: &str = "version, content_hash, changes, applied_by, applied_at_us";

fn datamap_version_from_row(row: &<Driver as sqlx::Database>::Row) -> Result<DataMapVersion, DbError> {
    let changes: String = row.try_get("changes")?;
    Ok(DataMapVersion {
        version: row.try_get::<i64, _>("version")? as u64,
        content_hash: row.try_get("content_hash")?,
        changes: serde_json::from_str(&changes).map_err(|e| DbError::corrupt("data map changes", e))?,
        applied_by: row.try_get("applied_by")?,
        applied_at: instant(row.try_get("applied_at_us")?, "data map applied_at")?,
    })
}

/// Stores `new` as the operator's next data map version and journals it, unless its content hash is
/// that of the current version, which is returned unchanged (`false`).
pub(crate) async fn apply_datamap(
    pools: &Pools,
    operator_id: &OperatorId,
    new: &NewDataMapVersion,
    actor: &Actor,
    now: Timestamp,
) -> Result<(DataMapVersion, bool), DbError> {
    let mut tx = pools.write().await?;
    // The operator's row lock serialises two instances applying at once, so versions never fork.
    lock_operator(&mut tx, operator_id).await?;
    let current = sqlx::query(&format!(
        "SELECT {DATAMAP_VERSION_COLUMNS} FROM datamap_versions WHERE operator_id = $1 ORDER BY version DESC LIMIT 1"
    ))
    .bind(operator_id.as_str())
    .fetch_optional(&mut *tx)
    .await?
    .map(|row| datamap_version_from_row(&row))
    .transpose()?;
    if let Some(current) = current.as_ref().filter(|c| c.content_hash == new.content_hash) {
        return Ok((current.clone(), false));
    }
    let current_version = current.as_ref().map(|c| c.version);
    if current_version != new.based_on {
        return Err(DbError::Stale {
            what: "the data map",
            expected: new.based_on.unwrap_or(0),
            current: current_version.unwrap_or(0),
        });
    }
    let version = current.map_or(1, |c| c.version + 1);
    let sources = serde_json::to_string(&new.sources).map_err(|e| DbError::corrupt("data map sources", e))?;
    let changes = serde_json::to_string(&new.changes).map_err(|e| DbError::corrupt("data map changes", e))?;
    sqlx::query(
        "INSERT INTO datamap_versions (operator_id, version, content_hash, sources, changes, applied_by, \
         applied_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(operator_id.as_str())
    .bind(version as i64)
    .bind(&new.content_hash)
    .bind(&sources)
    .bind(&changes)
    .bind(actor.as_str())
    .bind(now.as_microsecond())
    .execute(&mut *tx)
    .await?;
    let details = serde_json::json!({
        "version": version,
        "content_hash": new.content_hash,
        "changes": new.changes,
    });
    let object_id = version.to_string();
    journal(&mut tx, operator_id, actor, Action::ApplyDataMap, ("datamap", &object_id), details, now).await?;
    tx.commit().await?;
    let applied = DataMapVersion {
        version,
        content_hash: new.content_hash.clone(),
        changes: new.changes.clone(),
        applied_by: actor.as_str().to_owned(),
        applied_at: now,
    };
    Ok((applied, true))
}

/// The operator's data map at `version`, or the newest when `version` is `None`.
pub(crate) async fn datamap(
    pools: &Pools,
    operator_id: &OperatorId,
    version: Option<u64>,
) -> Result<Option<StoredDataMap>, DbError> {
    let select = format!("SELECT {DATAMAP_VERSION_COLUMNS}, sources FROM datamap_versions WHERE operator_id = $1");
    let query = match version {
        Some(_) => format!("{select} AND version = $2"),
        None => format!("{select} ORDER BY version DESC LIMIT 1"),
    };
    let mut query = sqlx::query(&query).bind(operator_id.as_str());
    if let Some(version) = version {
        query = query.bind(i64::try_from(version).unwrap_or(i64::MAX));
    }
    let Some(row) = query.fetch_optional(&pools.reader).await? else { return Ok(None) };
    let sources: String = row.try_get("sources")?;
    let sources: Vec<DataMapSource> =
        serde_json::from_str(&sources).map_err(|e| DbError::corrupt("data map sources", e))?;
    Ok(Some(StoredDataMap { version: datamap_version_from_row(&row)?, sources }))
}

/// The newest version number of the operator's data map, if any: a cheap check for caches.
pub(crate) async fn datamap_head(pools: &Pools, operator_id: &OperatorId) -> Result<Option<u64>, DbError> {
    let version: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM datamap_versions WHERE operator_id = $1")
        .bind(operator_id.as_str())
        .fetch_one(&pools.reader)
        .await?;
    Ok(version.map(|v| v as u64))
}

/// The operator's data map versions, newest first, without their sources.
pub(crate) async fn list_datamap_versions(
    pools: &Pools,
    operator_id: &OperatorId,
    after: Option<u64>,
    limit: u32,
) -> Result<Vec<DataMapVersion>, DbError> {
    // Newest first: the next page holds the versions below the last one seen.
    let below = after.map_or(i64::MAX, |version| i64::try_from(version).unwrap_or(i64::MAX));
    let rows = sqlx::query(&format!(
        "SELECT {DATAMAP_VERSION_COLUMNS} FROM datamap_versions WHERE operator_id = $1 AND version < $2 \
         ORDER BY version DESC LIMIT $3"
    ))
    .bind(operator_id.as_str())
    .bind(below)
    .bind(i64::from(limit))
    .fetch_all(&pools.reader)
    .await?;
    rows.iter().map(datamap_version_from_row).collect()
}
