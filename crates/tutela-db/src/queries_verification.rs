// Queries for verifying a requester by a one-time code: the code issued under the request's row
// lock, its digest kept and the code itself queued to the requester's address in the same
// transaction; a code entered is checked against expiry, use and the wrong attempts, and a right
// one moves the request to `verified` with an event and a journal entry.
//
// Included into both backend modules beside `queries.rs` (see `backends.rs`); shares its imports.

pub(crate) async fn issue_request_code(
    pools: &Pools,
    operator_id: &OperatorId,
    request_id: &str,
    sent_to: &str,
    limits: CodeLimits,
    actor: &Actor,
    now: Timestamp,
) -> Result<IssuedCode, DbError> {
    let mut tx = pools.write().await?;
    let request = locked_request(&mut tx, operator_id, request_id).await?;
    let refused = |reason: String| DbError::Refused { kind: "request", id: request.reference.clone(), reason };
    if request.status != "received" {
        return Err(refused(format!("it is {}: no code is needed", request.status)));
    }
    let sent: Option<i64> = sqlx::query_scalar("SELECT codes_sent FROM request_codes WHERE request_id = $1")
        .bind(&request.id)
        .fetch_optional(&mut *tx)
        .await?;
    let codes_sent = sent.unwrap_or(0) + 1;
    if codes_sent > i64::from(limits.max_codes) {
        return Err(refused(format!(
            "{} codes were sent already; the operator's staff can verify the requester another way",
            limits.max_codes
        )));
    }
    let code = crate::secrets::new_code();
    let expires_at = now + jiff::SignedDuration::from_millis(limits.ttl_ms);
    sqlx::query("DELETE FROM request_codes WHERE request_id = $1").bind(&request.id).execute(&mut *tx).await?;
    sqlx::query(
        "INSERT INTO request_codes (request_id, operator_id, code_sha256, sent_to, codes_sent, attempts, sent_at_us, \
         expires_at_us) VALUES ($1, $2, $3, $4, $5, 0, $6, $7)",
    )
    .bind(&request.id)
    .bind(operator_id.as_str())
    .bind(crate::secrets::code_digest(&request.id, &code))
    .bind(sent_to)
    .bind(codes_sent)
    .bind(now.as_microsecond())
    .bind(expires_at.as_microsecond())
    .execute(&mut *tx)
    .await?;
    let payload = serde_json::json!({
        "reference": request.reference, "code": code, "language": request.language,
        "expires_at": expires_at.to_string(),
    });
    insert_outbox(&mut tx, operator_id, "email", sent_to, crate::REQUEST_CODE_TOPIC, &payload.to_string(), now).await?;
    let note = "a one-time code was sent to the requester's e-mail address";
    add_request_event(&mut tx, operator_id, &request, actor, &request.status, note, now).await?;
    tx.commit().await?;
    Ok(IssuedCode { expires_at, codes_sent: codes_sent as u32 })
}

/// Adds an event to a request's history (status as given) and journals it, in `tx`.
async fn add_request_event(
    tx: &mut Tx,
    operator_id: &OperatorId,
    request: &RequestRecord,
    actor: &Actor,
    status: &str,
    note: &str,
    now: Timestamp,
) -> Result<(), DbError> {
    let seq: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM request_events WHERE request_id = $1")
        .bind(&request.id)
        .fetch_one(&mut **tx)
        .await?;
    insert_request_event(tx, operator_id, &request.id, seq.unwrap_or(0) + 1, actor, status, note, now).await?;
    let note_sha256 = tutela_core::consent::Sha256Hex::of(note.as_bytes());
    let details = serde_json::json!({
        "reference": request.reference, "from": request.status, "to": status, "note_sha256": note_sha256.as_str(),
    });
    journal(tx, operator_id, actor, Action::ChangeRequest, ("request", &request.id), details, now).await?;
    Ok(())
}

pub(crate) async fn check_request_code(
    pools: &Pools,
    operator_id: &OperatorId,
    request_id: &str,
    code: &str,
    limits: CodeLimits,
    actor: &Actor,
    now: Timestamp,
) -> Result<CodeCheck, DbError> {
    let mut tx = pools.write().await?;
    let request = locked_request(&mut tx, operator_id, request_id).await?;
    let refused = |reason: &str| DbError::Refused { kind: "request", id: request.reference.clone(), reason: reason.to_owned() };
    if request.status != "received" {
        return Err(refused(&format!("it is {}: no code is needed", request.status)));
    }
    let row = sqlx::query(
        "SELECT code_sha256, attempts, expires_at_us, used_at_us FROM request_codes WHERE request_id = $1",
    )
    .bind(&request.id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| refused("no code was sent for this request"))?;
    let attempts: i64 = row.try_get("attempts")?;
    if row.try_get::<Option<i64>, _>("used_at_us")?.is_some() {
        return Err(refused("this code was used already"));
    }
    if now.as_microsecond() > row.try_get::<i64, _>("expires_at_us")? {
        return Err(refused("the code has expired: ask for a new one"));
    }
    if attempts >= i64::from(limits.max_attempts) {
        return Err(refused("too many wrong codes were entered: ask for a new one"));
    }
    let stored: String = row.try_get("code_sha256")?;
    if crate::secrets::code_digest(&request.id, code.trim()) != stored {
        sqlx::query("UPDATE request_codes SET attempts = attempts + 1 WHERE request_id = $1")
            .bind(&request.id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        let left = i64::from(limits.max_attempts) - attempts - 1;
        return Ok(CodeCheck::Wrong { attempts_left: left.max(0) as u32 });
    }
    sqlx::query("UPDATE request_codes SET used_at_us = $1 WHERE request_id = $2")
        .bind(now.as_microsecond())
        .bind(&request.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE requests SET status = 'verified', updated_at_us = $1 WHERE id = $2")
        .bind(now.as_microsecond())
        .bind(&request.id)
        .execute(&mut *tx)
        .await?;
    let note = "identity verified (email_code): the one-time code sent to the requester's e-mail address was entered";
    add_request_event(&mut tx, operator_id, &request, actor, "verified", note, now).await?;
    tx.commit().await?;
    Ok(CodeCheck::Verified)
}

const ATTACHMENT_COLUMNS: &str = "id, name, media_type, size, sha256, actor, created_at_us";

fn attachment_from_row(row: &<Driver as sqlx::Database>::Row) -> Result<AttachmentRecord, DbError> {
    Ok(AttachmentRecord {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        media_type: row.try_get("media_type")?,
        size: u64::try_from(row.try_get::<i64, _>("size")?).map_err(|e| DbError::corrupt("attachment size", e))?,
        sha256: row.try_get("sha256")?,
        actor: row.try_get("actor")?,
        created_at: instant(row.try_get("created_at_us")?, "attachment created_at")?,
    })
}

#[allow(clippy::too_many_arguments, reason = "the file's facts, each a column")]
pub(crate) async fn attach_to_request(
    pools: &Pools,
    operator_id: &OperatorId,
    request_id: &str,
    name: &str,
    media_type: &str,
    bytes: &[u8],
    actor: &Actor,
    now: Timestamp,
) -> Result<AttachmentRecord, DbError> {
    let mut tx = pools.write().await?;
    let request = locked_request(&mut tx, operator_id, request_id).await?;
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM request_attachments WHERE request_id = $1")
        .bind(&request.id)
        .fetch_one(&mut *tx)
        .await?;
    if count >= i64::from(crate::MAX_ATTACHMENTS) {
        return Err(DbError::Refused {
            kind: "request",
            id: request.reference,
            reason: format!("it has {} attachments, the most one request keeps", crate::MAX_ATTACHMENTS),
        });
    }
    let record = AttachmentRecord {
        id: new_id(),
        name: name.to_owned(),
        media_type: media_type.to_owned(),
        size: bytes.len() as u64,
        sha256: tutela_core::consent::Sha256Hex::of(bytes).as_str().to_owned(),
        actor: actor.as_str().to_owned(),
        created_at: now,
    };
    sqlx::query(
        "INSERT INTO request_attachments (id, operator_id, request_id, name, media_type, bytes, size, sha256, actor, \
         created_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&record.id)
    .bind(operator_id.as_str())
    .bind(&request.id)
    .bind(&record.name)
    .bind(&record.media_type)
    .bind(bytes)
    .bind(record.size as i64)
    .bind(&record.sha256)
    .bind(&record.actor)
    .bind(now.as_microsecond())
    .execute(&mut *tx)
    .await?;
    // The journal proves the file by its digest; its name may name the subject and stays out.
    let details = serde_json::json!({
        "reference": request.reference, "attachment": record.id, "media_type": record.media_type,
        "size": record.size, "sha256": record.sha256,
    });
    journal(&mut tx, operator_id, actor, Action::AttachToRequest, ("request", &request.id), details, now).await?;
    tx.commit().await?;
    Ok(record)
}

pub(crate) async fn request_attachments(
    pools: &Pools,
    operator_id: &OperatorId,
    request_id: &str,
) -> Result<Vec<AttachmentRecord>, DbError> {
    let sql = format!(
        "SELECT {ATTACHMENT_COLUMNS} FROM request_attachments WHERE operator_id = $1 AND request_id = $2 \
         ORDER BY created_at_us, id LIMIT 100"
    );
    let rows = sqlx::query(&sql).bind(operator_id.as_str()).bind(request_id).fetch_all(&pools.reader).await?;
    rows.iter().map(attachment_from_row).collect()
}

pub(crate) async fn attachment_bytes(
    pools: &Pools,
    operator_id: &OperatorId,
    request_id: &str,
    attachment_id: &str,
) -> Result<Option<(AttachmentRecord, Vec<u8>)>, DbError> {
    let sql = format!(
        "SELECT {ATTACHMENT_COLUMNS}, bytes FROM request_attachments WHERE operator_id = $1 AND request_id = $2 AND id = $3"
    );
    let row =
        sqlx::query(&sql).bind(operator_id.as_str()).bind(request_id).bind(attachment_id).fetch_optional(&pools.reader).await?;
    row.map(|row| Ok((attachment_from_row(&row)?, row.try_get("bytes")?))).transpose()
}

pub(crate) async fn add_request_note(
    pools: &Pools,
    operator_id: &OperatorId,
    request_id: &str,
    actor: &Actor,
    note: &str,
    letter: Option<&NewAnswer>,
    now: Timestamp,
) -> Result<(), DbError> {
    let mut tx = pools.write().await?;
    let request = locked_request(&mut tx, operator_id, request_id).await?;
    add_request_event(&mut tx, operator_id, &request, actor, &request.status, note, now).await?;
    if let Some((letter, address)) = letter.and_then(|letter| letter.send_to.as_ref().map(|to| (letter, to))) {
        let payload = serde_json::json!({ "reference": request.reference, "subject": letter.subject, "body": letter.body });
        insert_outbox(&mut tx, operator_id, "email", address, crate::REQUEST_LETTER_TOPIC, &payload.to_string(), now)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}
