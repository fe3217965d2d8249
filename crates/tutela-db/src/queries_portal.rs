// Queries of the portal's sign-in: addresses kept as digests, codes kept as digests with their
// limits, sessions kept as token digests. A code and its outbox message are written in one
// transaction; a right code is used up, opens a session and is journaled in one transaction.
//
// Included into both backend modules beside `queries.rs` (see `backends.rs`); shares its imports.

pub(crate) async fn put_subject_contact(
    pools: &Pools,
    operator_id: &OperatorId,
    subject: &tutela_core::subject::SubjectRef,
    email_sha256: &str,
    actor: &Actor,
    now: Timestamp,
) -> Result<bool, DbError> {
    let mut tx = pools.write().await?;
    lock_operator(&mut tx, operator_id).await?;
    let inserted = sqlx::query(
        "INSERT INTO subject_contacts (operator_id, email_sha256, subject_ref, created_at_us) VALUES ($1, $2, $3, $4) \
         ON CONFLICT DO NOTHING",
    )
    .bind(operator_id.as_str())
    .bind(email_sha256)
    .bind(subject.as_str())
    .bind(now.as_microsecond())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if inserted == 0 {
        return Ok(false);
    }
    let details = serde_json::json!({ "contact": "email" });
    journal(&mut tx, operator_id, actor, Action::PutSubjectContact, ("subject", subject.as_str()), details, now).await?;
    tx.commit().await?;
    Ok(true)
}

pub(crate) async fn remove_subject_contacts(
    pools: &Pools,
    operator_id: &OperatorId,
    subject: &tutela_core::subject::SubjectRef,
    actor: &Actor,
    now: Timestamp,
) -> Result<u64, DbError> {
    let mut tx = pools.write().await?;
    lock_operator(&mut tx, operator_id).await?;
    let digests: Vec<String> =
        sqlx::query_scalar("SELECT email_sha256 FROM subject_contacts WHERE operator_id = $1 AND subject_ref = $2")
            .bind(operator_id.as_str())
            .bind(subject.as_str())
            .fetch_all(&mut *tx)
            .await?;
    for digest in &digests {
        sqlx::query("DELETE FROM subject_contacts WHERE operator_id = $1 AND email_sha256 = $2 AND subject_ref = $3")
            .bind(operator_id.as_str())
            .bind(digest)
            .bind(subject.as_str())
            .execute(&mut *tx)
            .await?;
        // A session proved the address, not the subject: it ends once the address stands for no one.
        sqlx::query(
            "DELETE FROM portal_sessions WHERE operator_id = $1 AND email_sha256 = $2 AND NOT EXISTS \
             (SELECT 1 FROM subject_contacts c WHERE c.operator_id = $1 AND c.email_sha256 = $2)",
        )
        .bind(operator_id.as_str())
        .bind(digest)
        .execute(&mut *tx)
        .await?;
    }
    if digests.is_empty() {
        return Ok(0);
    }
    let details = serde_json::json!({ "removed": digests.len() });
    journal(&mut tx, operator_id, actor, Action::PutSubjectContact, ("subject", subject.as_str()), details, now).await?;
    tx.commit().await?;
    Ok(digests.len() as u64)
}

pub(crate) async fn issue_portal_code(
    pools: &Pools,
    operator_id: &OperatorId,
    email_sha256: &str,
    send_to: &str,
    language: &str,
    limits: crate::portal::PortalLimits,
    now: Timestamp,
) -> Result<Option<Timestamp>, DbError> {
    let mut tx = pools.write().await?;
    lock_operator(&mut tx, operator_id).await?;
    let known: Option<String> =
        sqlx::query_scalar("SELECT subject_ref FROM subject_contacts WHERE operator_id = $1 AND email_sha256 = $2 LIMIT 1")
            .bind(operator_id.as_str())
            .bind(email_sha256)
            .fetch_optional(&mut *tx)
            .await?;
    if known.is_none() {
        return Ok(None);
    }
    let row = sqlx::query(
        "SELECT codes_sent, window_started_at_us FROM portal_codes WHERE operator_id = $1 AND email_sha256 = $2",
    )
    .bind(operator_id.as_str())
    .bind(email_sha256)
    .fetch_optional(&mut *tx)
    .await?;
    let (mut codes_sent, mut window_started) = (0i64, now.as_microsecond());
    if let Some(row) = row {
        let started: i64 = row.try_get("window_started_at_us")?;
        if now.as_microsecond() - started < limits.window_ms * 1000 {
            codes_sent = row.try_get("codes_sent")?;
            window_started = started;
        }
    }
    if codes_sent >= i64::from(limits.max_codes) {
        return Err(DbError::Refused {
            kind: "sign-in",
            id: "portal".to_owned(),
            reason: format!("{} codes were sent to this address within the hour: try again later", limits.max_codes),
        });
    }
    let code = crate::secrets::new_code();
    let expires_at = now + jiff::SignedDuration::from_millis(limits.code_ttl_ms);
    let scope = format!("portal:{}:{email_sha256}", operator_id.as_str());
    sqlx::query("DELETE FROM portal_codes WHERE operator_id = $1 AND email_sha256 = $2")
        .bind(operator_id.as_str())
        .bind(email_sha256)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO portal_codes (operator_id, email_sha256, code_sha256, codes_sent, window_started_at_us, attempts, \
         sent_at_us, expires_at_us) VALUES ($1, $2, $3, $4, $5, 0, $6, $7)",
    )
    .bind(operator_id.as_str())
    .bind(email_sha256)
    .bind(crate::secrets::code_digest(&scope, &code))
    .bind(codes_sent + 1)
    .bind(window_started)
    .bind(now.as_microsecond())
    .bind(expires_at.as_microsecond())
    .execute(&mut *tx)
    .await?;
    let payload =
        serde_json::json!({ "code": code, "language": language, "expires_at": expires_at.to_string() });
    insert_outbox(&mut tx, operator_id, "email", send_to, crate::portal::PORTAL_CODE_TOPIC, &payload.to_string(), now)
        .await?;
    tx.commit().await?;
    Ok(Some(expires_at))
}

pub(crate) async fn check_portal_code(
    pools: &Pools,
    operator_id: &OperatorId,
    email_sha256: &str,
    code: &str,
    limits: crate::portal::PortalLimits,
    now: Timestamp,
) -> Result<crate::portal::PortalSignIn, DbError> {
    use crate::portal::{PortalSession, PortalSignIn};
    let mut tx = pools.write().await?;
    lock_operator(&mut tx, operator_id).await?;
    let refused = |reason: &str| DbError::Refused { kind: "sign-in", id: "portal".to_owned(), reason: reason.to_owned() };
    let row = sqlx::query(
        "SELECT code_sha256, attempts, expires_at_us, used_at_us FROM portal_codes WHERE operator_id = $1 AND \
         email_sha256 = $2",
    )
    .bind(operator_id.as_str())
    .bind(email_sha256)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| refused("no code was sent to this address: ask for one"))?;
    let attempts: i64 = row.try_get("attempts")?;
    if row.try_get::<Option<i64>, _>("used_at_us")?.is_some() {
        return Err(refused("this code was used already: ask for a new one"));
    }
    if now.as_microsecond() > row.try_get::<i64, _>("expires_at_us")? {
        return Err(refused("the code has expired: ask for a new one"));
    }
    if attempts >= i64::from(limits.max_attempts) {
        return Err(refused("too many wrong codes were entered: ask for a new one"));
    }
    let scope = format!("portal:{}:{email_sha256}", operator_id.as_str());
    if crate::secrets::code_digest(&scope, code.trim()) != row.try_get::<String, _>("code_sha256")? {
        sqlx::query("UPDATE portal_codes SET attempts = attempts + 1 WHERE operator_id = $1 AND email_sha256 = $2")
            .bind(operator_id.as_str())
            .bind(email_sha256)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        let left = i64::from(limits.max_attempts) - attempts - 1;
        return Ok(PortalSignIn::Wrong { attempts_left: left.max(0) as u32 });
    }
    sqlx::query("UPDATE portal_codes SET used_at_us = $1 WHERE operator_id = $2 AND email_sha256 = $3")
        .bind(now.as_microsecond())
        .bind(operator_id.as_str())
        .bind(email_sha256)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM portal_sessions WHERE expires_at_us < $1").bind(now.as_microsecond()).execute(&mut *tx).await?;
    let token = hex::encode(rand::random::<[u8; 32]>());
    let expires_at = now + jiff::SignedDuration::from_millis(limits.session_ttl_ms);
    sqlx::query(
        "INSERT INTO portal_sessions (token_sha256, operator_id, email_sha256, created_at_us, expires_at_us) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(crate::secrets::token_digest(&token))
    .bind(operator_id.as_str())
    .bind(email_sha256)
    .bind(now.as_microsecond())
    .bind(expires_at.as_microsecond())
    .execute(&mut *tx)
    .await?;
    let subjects = contact_subjects(&mut tx, operator_id, email_sha256).await?;
    let actor = Actor::parse("subject:portal")?;
    for subject in &subjects {
        let details = serde_json::json!({ "method": "email_code" });
        journal(&mut tx, operator_id, &actor, Action::SignInSubject, ("subject", subject.as_str()), details, now)
            .await?;
    }
    tx.commit().await?;
    let session = PortalSession { operator_id: operator_id.clone(), subjects, expires_at };
    Ok(PortalSignIn::SignedIn { token, session })
}

async fn contact_subjects(
    tx: &mut Tx,
    operator_id: &OperatorId,
    email_sha256: &str,
) -> Result<Vec<tutela_core::subject::SubjectRef>, DbError> {
    let refs: Vec<String> = sqlx::query_scalar(
        "SELECT subject_ref FROM subject_contacts WHERE operator_id = $1 AND email_sha256 = $2 ORDER BY subject_ref",
    )
    .bind(operator_id.as_str())
    .bind(email_sha256)
    .fetch_all(&mut **tx)
    .await?;
    refs.iter()
        .map(|r| tutela_core::subject::SubjectRef::parse(r).map_err(|e| DbError::corrupt("subject contact", e)))
        .collect()
}

pub(crate) async fn portal_session(
    pools: &Pools,
    token_sha256: &str,
    now: Timestamp,
) -> Result<Option<crate::portal::PortalSession>, DbError> {
    let rows = sqlx::query(
        "SELECT s.operator_id, s.expires_at_us, c.subject_ref FROM portal_sessions s JOIN subject_contacts c ON \
         c.operator_id = s.operator_id AND c.email_sha256 = s.email_sha256 WHERE s.token_sha256 = $1 AND \
         s.expires_at_us > $2 ORDER BY c.subject_ref",
    )
    .bind(token_sha256)
    .bind(now.as_microsecond())
    .fetch_all(&pools.reader)
    .await?;
    let Some(first) = rows.first() else { return Ok(None) };
    let operator_id = OperatorId::parse(&first.try_get::<String, _>("operator_id")?)
        .map_err(|e| DbError::corrupt("portal session operator", e))?;
    let expires_at = instant(first.try_get("expires_at_us")?, "portal session expiry")?;
    let subjects = rows
        .iter()
        .map(|row| {
            let text: String = row.try_get("subject_ref")?;
            tutela_core::subject::SubjectRef::parse(&text).map_err(|e| DbError::corrupt("subject contact", e))
        })
        .collect::<Result<_, DbError>>()?;
    Ok(Some(crate::portal::PortalSession { operator_id, subjects, expires_at }))
}

pub(crate) async fn end_portal_session(pools: &Pools, token_sha256: &str) -> Result<(), DbError> {
    let mut tx = pools.write().await?;
    sqlx::query("DELETE FROM portal_sessions WHERE token_sha256 = $1").bind(token_sha256).execute(&mut *tx).await?;
    tx.commit().await?;
    Ok(())
}
