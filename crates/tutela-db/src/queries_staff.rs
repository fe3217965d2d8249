// Queries for staff members, their passwords and API tokens.
//
// Included into both backend modules beside `queries.rs` (see `backends.rs`); shares its imports.

const STAFF_COLUMNS: &str = "id, operator_id, email, display_name, roles, active, created_at_us";

fn roles_from(text: &str) -> Result<Roles, DbError> {
    Roles::parse_list(text).map_err(|e| DbError::corrupt("roles", e))
}

fn staff_from_row(row: &<Driver as sqlx::Database>::Row) -> Result<StaffMember, DbError> {
    Ok(StaffMember {
        id: row.try_get("id")?,
        operator_id: crate::stored_operator_id(&row.try_get::<String, _>("operator_id")?)?,
        email: StaffEmail::parse(&row.try_get::<String, _>("email")?)
            .map_err(|e| DbError::corrupt("staff e-mail", e))?,
        display_name: row.try_get("display_name")?,
        roles: roles_from(&row.try_get::<String, _>("roles")?)?,
        active: row.try_get("active")?,
        created_at: instant(row.try_get("created_at_us")?, "staff created_at")?,
    })
}

pub(crate) async fn create_staff(
    pools: &Pools,
    operator_id: &OperatorId,
    new: &NewStaff,
    password_hash: &str,
    actor: &Actor,
    now: Timestamp,
) -> Result<StaffMember, DbError> {
    let mut tx = pools.write().await?;
    let id = new_id();
    sqlx::query(
        "INSERT INTO staff (id, operator_id, email, display_name, password_hash, roles, active, created_at_us) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&id)
    .bind(operator_id.as_str())
    .bind(new.email.as_str())
    .bind(&new.display_name)
    .bind(password_hash)
    .bind(new.roles.to_list())
    .bind(true)
    .bind(now.as_microsecond())
    .execute(&mut *tx)
    .await
    .map_err(|e| conflict_or(e, "staff member", new.email.as_str()))?;
    let details = serde_json::json!({ "email": new.email.as_str(), "roles": new.roles });
    journal(&mut tx, operator_id, actor, Action::CreateStaff, ("staff", &id), details, now).await?;
    tx.commit().await?;
    Ok(StaffMember {
        id,
        operator_id: operator_id.clone(),
        email: new.email.clone(),
        display_name: new.display_name.clone(),
        roles: new.roles.clone(),
        active: true,
        created_at: now,
    })
}

pub(crate) async fn list_staff(
    pools: &Pools,
    operator_id: &OperatorId,
    after: Option<&str>,
    limit: u32,
) -> Result<Vec<StaffMember>, DbError> {
    // Listed by e-mail address; the cursor is the last member's id, so no address goes into a URL.
    let page = Keyset {
        table: "staff",
        kind: "staff member",
        columns: STAFF_COLUMNS,
        key: &["email", "id"],
        descending: false,
        filter: None,
    };
    keyset_page(pools, page, operator_id, after, limit).await?.iter().map(staff_from_row).collect()
}

pub(crate) async fn staff_credentials(
    pools: &Pools,
    operator_id: &OperatorId,
    email: &StaffEmail,
) -> Result<Option<(StaffMember, String)>, DbError> {
    let sql = format!("SELECT {STAFF_COLUMNS}, password_hash FROM staff WHERE operator_id = $1 AND email = $2");
    let row = sqlx::query(&sql).bind(operator_id.as_str()).bind(email.as_str()).fetch_optional(&pools.reader).await?;
    row.map(|row| Ok((staff_from_row(&row)?, row.try_get("password_hash")?))).transpose()
}

const TOKEN_COLUMNS: &str =
    "t.id, t.operator_id, t.name, t.roles, t.staff_id, t.created_at_us, t.expires_at_us, t.revoked_at_us";

fn token_from_row(row: &<Driver as sqlx::Database>::Row) -> Result<ApiToken, DbError> {
    Ok(ApiToken {
        id: row.try_get("id")?,
        operator_id: crate::stored_operator_id(&row.try_get::<String, _>("operator_id")?)?,
        name: row.try_get("name")?,
        roles: roles_from(&row.try_get::<String, _>("roles")?)?,
        staff_id: row.try_get("staff_id")?,
        created_at: instant(row.try_get("created_at_us")?, "token created_at")?,
        expires_at: optional_instant(row.try_get("expires_at_us")?, "token expires_at")?,
        revoked_at: optional_instant(row.try_get("revoked_at_us")?, "token revoked_at")?,
    })
}

pub(crate) async fn issue_token(
    pools: &Pools,
    operator_id: &OperatorId,
    new: &NewToken,
    token_hash: &str,
    actor: &Actor,
    action: Action,
    now: Timestamp,
) -> Result<ApiToken, DbError> {
    let mut tx = pools.write().await?;
    let id = new_id();
    sqlx::query(
        "INSERT INTO api_tokens (id, operator_id, name, token_hash, roles, staff_id, created_at_us, \
         expires_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&id)
    .bind(operator_id.as_str())
    .bind(&new.name)
    .bind(token_hash)
    .bind(new.roles.to_list())
    .bind(&new.staff_id)
    .bind(now.as_microsecond())
    .bind(new.expires_at.map(jiff::Timestamp::as_microsecond))
    .execute(&mut *tx)
    .await?;
    let details = serde_json::json!({
        "name": new.name, "roles": new.roles, "expires_at": new.expires_at,
    });
    journal(&mut tx, operator_id, actor, action, ("api_token", &id), details, now).await?;
    tx.commit().await?;
    Ok(ApiToken {
        id,
        operator_id: operator_id.clone(),
        name: new.name.clone(),
        roles: new.roles.clone(),
        staff_id: new.staff_id.clone(),
        created_at: now,
        expires_at: new.expires_at,
        revoked_at: None,
    })
}

pub(crate) async fn authenticate(
    pools: &Pools,
    token_hash: &str,
    now: Timestamp,
) -> Result<Option<Principal>, DbError> {
    let sql = format!(
        "SELECT {TOKEN_COLUMNS}, o.slug, o.name, o.created_at_us AS operator_created_at_us \
         FROM api_tokens t JOIN operators o ON o.id = t.operator_id \
         WHERE t.token_hash = $1 AND t.revoked_at_us IS NULL \
         AND (t.expires_at_us IS NULL OR t.expires_at_us > $2)"
    );
    let Some(row) = sqlx::query(&sql).bind(token_hash).bind(now.as_microsecond()).fetch_optional(&pools.reader).await?
    else {
        return Ok(None);
    };
    let token = token_from_row(&row)?;
    let operator = Operator {
        id: token.operator_id.clone(),
        slug: OperatorSlug::parse(&row.try_get::<String, _>("slug")?)
            .map_err(|e| DbError::corrupt("operator slug", e))?,
        name: OperatorName::parse(&row.try_get::<String, _>("name")?)
            .map_err(|e| DbError::corrupt("operator name", e))?,
        created_at: instant(row.try_get("operator_created_at_us")?, "operator created_at")?,
    };
    Ok(Some(Principal { operator, token }))
}

pub(crate) async fn list_tokens(
    pools: &Pools,
    operator_id: &OperatorId,
    after: Option<&str>,
    limit: u32,
) -> Result<Vec<ApiToken>, DbError> {
    let page = Keyset {
        table: "api_tokens",
        kind: "token",
        columns: TOKEN_COLUMNS,
        key: &["created_at_us", "id"],
        descending: false,
        filter: None,
    };
    keyset_page(pools, page, operator_id, after, limit).await?.iter().map(token_from_row).collect()
}

pub(crate) async fn revoke_token(
    pools: &Pools,
    operator_id: &OperatorId,
    token_id: &str,
    actor: &Actor,
    now: Timestamp,
) -> Result<(), DbError> {
    let mut tx = pools.write().await?;
    let done = sqlx::query(
        "UPDATE api_tokens SET revoked_at_us = $1 WHERE id = $2 AND operator_id = $3 AND revoked_at_us IS NULL",
    )
    .bind(now.as_microsecond())
    .bind(token_id)
    .bind(operator_id.as_str())
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(DbError::NotFound { kind: "active API token", id: token_id.to_owned() });
    }
    let details = serde_json::json!({});
    journal(&mut tx, operator_id, actor, Action::RevokeToken, ("api_token", token_id), details, now).await?;
    tx.commit().await?;
    Ok(())
}
