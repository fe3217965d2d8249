// Queries for the operator's own calendar definitions.
//
// Included into both backend modules beside `queries.rs` (see `backends.rs`); shares its imports.

pub(crate) async fn put_calendar(
    pools: &Pools,
    operator_id: &OperatorId,
    calendar_id: &str,
    definition: &str,
    actor: &Actor,
    now: Timestamp,
) -> Result<(), DbError> {
    let mut tx = pools.write().await?;
    sqlx::query(
        "INSERT INTO calendars (operator_id, id, definition, updated_at_us) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (operator_id, id) DO UPDATE SET definition = excluded.definition, \
         updated_at_us = excluded.updated_at_us",
    )
    .bind(operator_id.as_str())
    .bind(calendar_id)
    .bind(definition)
    .bind(now.as_microsecond())
    .execute(&mut *tx)
    .await?;
    let digest = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(definition.as_bytes()));
    let details = serde_json::json!({ "sha256": digest });
    journal(&mut tx, operator_id, actor, Action::PutCalendar, ("calendar", calendar_id), details, now).await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn list_calendars(pools: &Pools, operator_id: &OperatorId) -> Result<Vec<StoredCalendar>, DbError> {
    let rows = sqlx::query("SELECT id, definition, updated_at_us FROM calendars WHERE operator_id = $1 ORDER BY id")
        .bind(operator_id.as_str())
        .fetch_all(&pools.reader)
        .await?;
    rows.iter()
        .map(|row| {
            Ok(StoredCalendar {
                id: row.try_get("id")?,
                definition: row.try_get("definition")?,
                updated_at: instant(row.try_get("updated_at_us")?, "calendar updated_at")?,
            })
        })
        .collect()
}
