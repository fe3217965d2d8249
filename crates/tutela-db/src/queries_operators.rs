// Queries for operators (the tenant boundary) and their journal heads.
//
// Included into both backend modules beside `queries.rs` (see `backends.rs`); shares its imports.

const OPERATOR_COLUMNS: &str = "id, slug, name, created_at_us";

fn operator_from_row(row: &<Driver as sqlx::Database>::Row) -> Result<Operator, DbError> {
    Ok(Operator {
        id: crate::stored_operator_id(&row.try_get::<String, _>("id")?)?,
        slug: OperatorSlug::parse(&row.try_get::<String, _>("slug")?)
            .map_err(|e| DbError::corrupt("operator slug", e))?,
        name: OperatorName::parse(&row.try_get::<String, _>("name")?)
            .map_err(|e| DbError::corrupt("operator name", e))?,
        created_at: instant(row.try_get("created_at_us")?, "operator created_at")?,
    })
}

pub(crate) async fn create_operator(
    pools: &Pools,
    slug: &OperatorSlug,
    name: &OperatorName,
    actor: &Actor,
    now: Timestamp,
) -> Result<Operator, DbError> {
    let mut tx = pools.write().await?;
    let id = crate::new_operator_id();
    sqlx::query(
        "INSERT INTO operators (id, slug, name, created_at_us, journal_seq, journal_hash) \
         VALUES ($1, $2, $3, $4, 0, $5)",
    )
    .bind(id.as_str())
    .bind(slug.as_str())
    .bind(name.as_str())
    .bind(now.as_microsecond())
    .bind(GENESIS_HASH.to_hex())
    .execute(&mut *tx)
    .await
    .map_err(|e| conflict_or(e, "operator", slug.as_str()))?;
    let details = serde_json::json!({ "slug": slug.as_str(), "name": name.as_str() });
    journal(&mut tx, &id, actor, Action::CreateOperator, ("operator", id.as_str()), details, now).await?;
    tx.commit().await?;
    Ok(Operator { id, slug: slug.clone(), name: name.clone(), created_at: now })
}

pub(crate) async fn operator_by_slug(pools: &Pools, slug: &str) -> Result<Option<Operator>, DbError> {
    let sql = format!("SELECT {OPERATOR_COLUMNS} FROM operators WHERE slug = $1");
    let row = sqlx::query(&sql).bind(slug).fetch_optional(&pools.reader).await?;
    row.as_ref().map(operator_from_row).transpose()
}

pub(crate) async fn list_operators(pools: &Pools) -> Result<Vec<Operator>, DbError> {
    let sql = format!("SELECT {OPERATOR_COLUMNS} FROM operators ORDER BY slug");
    let rows = sqlx::query(&sql).fetch_all(&pools.reader).await?;
    rows.iter().map(operator_from_row).collect()
}
