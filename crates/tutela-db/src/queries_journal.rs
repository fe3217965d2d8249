// Queries for reading and verifying the journal (appending is in `queries.rs`, inside each change's transaction).
//
// Included into both backend modules beside `queries.rs` (see `backends.rs`); shares its imports.

fn entry_from_row(row: &<Driver as sqlx::Database>::Row) -> Result<Entry, DbError> {
    let corrupt = |what: &'static str| move |e: String| DbError::corrupt(what, e);
    let details: String = row.try_get("details")?;
    Ok(Entry {
        operator_id: crate::stored_operator_id(&row.try_get::<String, _>("operator_id")?)?,
        seq: row.try_get::<i64, _>("seq")? as u64,
        at: instant(row.try_get("at_us")?, "journal at")?,
        actor: Actor::parse(&row.try_get::<String, _>("actor")?)
            .map_err(|e| corrupt("journal actor")(e.to_string()))?,
        action: row
            .try_get::<String, _>("action")?
            .parse()
            .map_err(|e: tutela_core::journal::UnknownAction| corrupt("journal action")(e.to_string()))?,
        object: ObjectRef { kind: row.try_get("object_kind")?, id: row.try_get("object_id")? },
        details: serde_json::from_str(&details).map_err(|e| corrupt("journal details")(e.to_string()))?,
        prev_hash: EntryHash::from_hex(&row.try_get::<String, _>("prev_hash")?)
            .map_err(|e| corrupt("journal prev_hash")(e.to_string()))?,
        hash: EntryHash::from_hex(&row.try_get::<String, _>("hash")?)
            .map_err(|e| corrupt("journal hash")(e.to_string()))?,
    })
}

pub(crate) async fn journal_page(
    pools: &Pools,
    operator_id: &OperatorId,
    after_seq: u64,
    limit: u32,
) -> Result<Vec<Entry>, DbError> {
    let rows = sqlx::query(
        "SELECT operator_id, seq, at_us, actor, action, object_kind, object_id, details, prev_hash, hash \
         FROM journal WHERE operator_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
    )
    .bind(operator_id.as_str())
    .bind(after_seq as i64)
    .bind(i64::from(limit))
    .fetch_all(&pools.reader)
    .await?;
    rows.iter().map(entry_from_row).collect()
}

pub(crate) async fn journal_head(pools: &Pools, operator_id: &OperatorId) -> Result<Option<(u64, EntryHash)>, DbError> {
    let row = sqlx::query("SELECT journal_seq, journal_hash FROM operators WHERE id = $1")
        .bind(operator_id.as_str())
        .fetch_optional(&pools.reader)
        .await?
        .ok_or_else(|| DbError::NotFound { kind: "operator", id: operator_id.to_string() })?;
    let seq: i64 = row.try_get(0)?;
    let hash =
        EntryHash::from_hex(&row.try_get::<String, _>(1)?).map_err(|e| DbError::corrupt("journal head", e))?;
    Ok((seq > 0).then_some((seq as u64, hash)))
}

/// Rows read per query while verifying, so memory stays flat for any journal length.
const VERIFY_PAGE_ROWS: u32 = 1000;

pub(crate) async fn verify_journal(pools: &Pools, operator: &Operator) -> Result<u64, DbError> {
    let chain_error = |source| DbError::Chain { operator: operator.slug.to_string(), source };
    // Read the head first: entries appended while we verify lie beyond it and are left for next time.
    let head = journal_head(pools, &operator.id).await?;
    let head_seq = head.map_or(0, |(seq, _)| seq);
    let mut verifier = ChainVerifier::new(&operator.id);
    let mut after = 0;
    loop {
        let page = journal_page(pools, &operator.id, after, VERIFY_PAGE_ROWS).await?;
        let Some(last) = page.last() else { break };
        after = last.seq;
        for entry in page.iter().filter(|entry| entry.seq <= head_seq) {
            verifier.push(entry).map_err(chain_error)?;
        }
        if after >= head_seq {
            break;
        }
    }
    verifier.finish(head).map_err(chain_error)
}
