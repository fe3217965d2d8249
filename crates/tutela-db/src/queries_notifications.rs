// Queries for webhooks, e-mail recipients and the outbox of notifications.
//
// Included into both backend modules beside `queries.rs` (see `backends.rs`); shares its imports.

pub(crate) async fn add_webhook(
    pools: &Pools,
    operator_id: &OperatorId,
    url: &str,
    secret: &str,
    actor: &Actor,
    now: Timestamp,
) -> Result<Webhook, DbError> {
    let mut tx = pools.write().await?;
    let id = new_id();
    sqlx::query("INSERT INTO webhooks (id, operator_id, url, secret, created_at_us) VALUES ($1, $2, $3, $4, $5)")
        .bind(&id)
        .bind(operator_id.as_str())
        .bind(url)
        .bind(secret)
        .bind(now.as_microsecond())
        .execute(&mut *tx)
        .await?;
    let details = serde_json::json!({ "url": url });
    journal(&mut tx, operator_id, actor, Action::PutWebhook, ("webhook", &id), details, now).await?;
    tx.commit().await?;
    Ok(Webhook {
        id,
        operator_id: operator_id.clone(),
        url: url.to_owned(),
        secret: secret.to_owned(),
        created_at: now,
    })
}

fn webhook_from_row(row: &<Driver as sqlx::Database>::Row) -> Result<Webhook, DbError> {
    Ok(Webhook {
        id: row.try_get("id")?,
        operator_id: crate::stored_operator_id(&row.try_get::<String, _>("operator_id")?)?,
        url: row.try_get("url")?,
        secret: row.try_get("secret")?,
        created_at: instant(row.try_get("created_at_us")?, "webhook created_at")?,
    })
}

pub(crate) async fn list_webhooks(pools: &Pools, operator_id: &OperatorId) -> Result<Vec<Webhook>, DbError> {
    let rows = sqlx::query(
        "SELECT id, operator_id, url, secret, created_at_us FROM webhooks WHERE operator_id = $1 ORDER BY created_at_us",
    )
    .bind(operator_id.as_str())
    .fetch_all(&pools.reader)
    .await?;
    rows.iter().map(webhook_from_row).collect()
}

// ---------------------------------------------------------------------------------------------------
// E-mail recipients

fn email_recipient_from_row(row: &<Driver as sqlx::Database>::Row) -> Result<EmailRecipient, DbError> {
    Ok(EmailRecipient {
        id: row.try_get("id")?,
        operator_id: crate::stored_operator_id(&row.try_get::<String, _>("operator_id")?)?,
        address: StaffEmail::parse(&row.try_get::<String, _>("address")?)
            .map_err(|e| DbError::corrupt("e-mail recipient address", e))?,
        created_at: instant(row.try_get("created_at_us")?, "e-mail recipient created_at")?,
    })
}

pub(crate) async fn add_email_recipient(
    pools: &Pools,
    operator_id: &OperatorId,
    address: &StaffEmail,
    actor: &Actor,
    now: Timestamp,
) -> Result<EmailRecipient, DbError> {
    let mut tx = pools.write().await?;
    // The operator's row lock (a no-op on SQLite, where the write lock is already held) keeps two
    // instances from both passing the limit with their last free place.
    lock_operator(&mut tx, operator_id).await?;
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM email_recipients WHERE operator_id = $1")
        .bind(operator_id.as_str())
        .fetch_one(&mut *tx)
        .await?;
    if count >= i64::from(crate::MAX_EMAIL_RECIPIENTS) {
        return Err(DbError::Limit { kind: "e-mail recipients", max: crate::MAX_EMAIL_RECIPIENTS });
    }
    let id = new_id();
    sqlx::query("INSERT INTO email_recipients (id, operator_id, address, created_at_us) VALUES ($1, $2, $3, $4)")
        .bind(&id)
        .bind(operator_id.as_str())
        .bind(address.as_str())
        .bind(now.as_microsecond())
        .execute(&mut *tx)
        .await
        .map_err(|e| conflict_or(e, "e-mail recipient", address.as_str()))?;
    let details = serde_json::json!({ "address": address.as_str() });
    journal(&mut tx, operator_id, actor, Action::PutEmailRecipient, ("email_recipient", &id), details, now).await?;
    tx.commit().await?;
    Ok(EmailRecipient { id, operator_id: operator_id.clone(), address: address.clone(), created_at: now })
}

pub(crate) async fn list_email_recipients(pools: &Pools, operator_id: &OperatorId) -> Result<Vec<EmailRecipient>, DbError> {
    let rows = sqlx::query(
        "SELECT id, operator_id, address, created_at_us FROM email_recipients WHERE operator_id = $1 ORDER BY address",
    )
    .bind(operator_id.as_str())
    .fetch_all(&pools.reader)
    .await?;
    rows.iter().map(email_recipient_from_row).collect()
}

pub(crate) async fn remove_email_recipient(
    pools: &Pools,
    operator_id: &OperatorId,
    recipient_id: &str,
    actor: &Actor,
    now: Timestamp,
) -> Result<(), DbError> {
    let mut tx = pools.write().await?;
    let address: Option<String> =
        sqlx::query_scalar("DELETE FROM email_recipients WHERE id = $1 AND operator_id = $2 RETURNING address")
            .bind(recipient_id)
            .bind(operator_id.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    let Some(address) = address else {
        return Err(DbError::NotFound { kind: "e-mail recipient", id: recipient_id.to_owned() });
    };
    let details = serde_json::json!({ "address": address });
    journal(&mut tx, operator_id, actor, Action::RemoveEmailRecipient, ("email_recipient", recipient_id), details, now)
        .await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------------
// The outbox

/// Queues one message per destination of the operator inside `tx`: every webhook, every e-mail
/// recipient, and the outbox itself when there is neither, so a notification is never silently
/// dropped. Webhook and e-mail messages are due at once; `outbox` messages are only kept.
async fn enqueue(
    tx: &mut Tx,
    operator_id: &OperatorId,
    topic: &str,
    payload: &serde_json::Value,
    now: Timestamp,
) -> Result<u32, DbError> {
    let hooks =
        sqlx::query("SELECT url FROM webhooks WHERE operator_id = $1").bind(operator_id.as_str()).fetch_all(&mut **tx).await?;
    let recipients = sqlx::query("SELECT address FROM email_recipients WHERE operator_id = $1 ORDER BY address")
        .bind(operator_id.as_str())
        .fetch_all(&mut **tx)
        .await?;
    let mut destinations: Vec<(&str, String)> = Vec::with_capacity(hooks.len() + recipients.len() + 1);
    for hook in &hooks {
        destinations.push(("webhook", hook.try_get("url")?));
    }
    for recipient in &recipients {
        destinations.push(("email", recipient.try_get("address")?));
    }
    if destinations.is_empty() {
        destinations.push(("outbox", String::new()));
    }
    let body = payload.to_string();
    for (channel, destination) in &destinations {
        insert_outbox(tx, operator_id, channel, destination, topic, &body, now).await?;
    }
    Ok(destinations.len() as u32)
}

/// Inserts one outbox message; a `webhook` or `email` one is due at once.
async fn insert_outbox(
    tx: &mut Tx,
    operator_id: &OperatorId,
    channel: &str,
    destination: &str,
    topic: &str,
    body: &str,
    now: Timestamp,
) -> Result<(), DbError> {
    let next_attempt = matches!(channel, "webhook" | "email").then_some(now.as_microsecond());
    sqlx::query(
        "INSERT INTO outbox (id, operator_id, channel, destination, topic, payload, created_at_us, \
         attempts, next_attempt_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8)",
    )
    .bind(new_id())
    .bind(operator_id.as_str())
    .bind(channel)
    .bind(destination)
    .bind(topic)
    .bind(body)
    .bind(now.as_microsecond())
    .bind(next_attempt)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

const OUTBOX_COLUMNS: &str = "id, operator_id, channel, destination, topic, payload, created_at_us, attempts, \
     next_attempt_at_us, delivered_at_us, last_error";

fn outbox_from_row(row: &<Driver as sqlx::Database>::Row) -> Result<OutboxMessage, DbError> {
    let payload: String = row.try_get("payload")?;
    Ok(OutboxMessage {
        id: row.try_get("id")?,
        operator_id: crate::stored_operator_id(&row.try_get::<String, _>("operator_id")?)?,
        channel: row.try_get("channel")?,
        destination: row.try_get("destination")?,
        topic: row.try_get("topic")?,
        payload: serde_json::from_str(&payload).map_err(|e| DbError::corrupt("outbox payload", e))?,
        created_at: instant(row.try_get("created_at_us")?, "outbox created_at")?,
        attempts: row.try_get::<i64, _>("attempts")? as u32,
        next_attempt_at: optional_instant(row.try_get("next_attempt_at_us")?, "outbox next_attempt_at")?,
        delivered_at: optional_instant(row.try_get("delivered_at_us")?, "outbox delivered_at")?,
        last_error: row.try_get("last_error")?,
    })
}

pub(crate) async fn list_outbox(
    pools: &Pools,
    operator_id: &OperatorId,
    after: Option<&str>,
    limit: u32,
) -> Result<Vec<OutboxMessage>, DbError> {
    let page = Keyset {
        table: "outbox",
        kind: "message",
        columns: OUTBOX_COLUMNS,
        key: &["created_at_us", "id"],
        descending: true,
        filter: None,
    };
    keyset_page(pools, page, operator_id, after, limit).await?.iter().map(outbox_from_row).collect()
}

/// The earliest planned delivery attempt of any operator's webhook and e-mail messages.
pub(crate) async fn next_delivery_at(pools: &Pools) -> Result<Option<Timestamp>, DbError> {
    let row = sqlx::query("SELECT MIN(next_attempt_at_us) FROM outbox WHERE next_attempt_at_us IS NOT NULL")
        .fetch_one(&pools.reader)
        .await?;
    optional_instant(row.try_get(0)?, "outbox next_attempt_at")
}

/// Takes up to `limit` messages of any channel due for delivery, with what their channel needs (see
/// [`DeliveryTarget`]), pushing their next attempt `lease_s` seconds ahead so no other instance takes
/// them meanwhile. Rows another instance is claiming right now are skipped, not waited for.
pub(crate) async fn claim_deliveries(
    pools: &Pools,
    now: Timestamp,
    lease_s: i64,
    limit: u32,
) -> Result<Vec<Delivery>, DbError> {
    let mut tx = pools.write().await?;
    let sql = format!(
        "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE next_attempt_at_us IS NOT NULL AND next_attempt_at_us <= $1 \
         ORDER BY next_attempt_at_us LIMIT $2{SKIP_LOCKED}"
    );
    let rows = sqlx::query(&sql).bind(now.as_microsecond()).bind(i64::from(limit)).fetch_all(&mut *tx).await?;
    let lease_until = now.as_microsecond().saturating_add(lease_s.saturating_mul(1_000_000));
    let mut deliveries = Vec::with_capacity(rows.len());
    for row in &rows {
        let mut message = outbox_from_row(row)?;
        sqlx::query("UPDATE outbox SET next_attempt_at_us = $1, attempts = attempts + 1 WHERE id = $2")
            .bind(lease_until)
            .bind(&message.id)
            .execute(&mut *tx)
            .await?;
        // Hand back the row as it now is: this attempt counted, leased until `lease_until`.
        message.attempts = message.attempts.saturating_add(1);
        message.next_attempt_at = Some(instant(lease_until, "outbox lease")?);
        let target = delivery_target(&mut tx, &message).await?;
        deliveries.push(Delivery { message, target });
    }
    tx.commit().await?;
    Ok(deliveries)
}

/// What the message's channel needs to send it, as configured now.
async fn delivery_target(tx: &mut Tx, message: &OutboxMessage) -> Result<DeliveryTarget, DbError> {
    match message.channel.as_str() {
        "webhook" => {
            let secret: Option<String> = sqlx::query_scalar(
                "SELECT secret FROM webhooks WHERE operator_id = $1 AND url = $2 ORDER BY created_at_us DESC LIMIT 1",
            )
            .bind(message.operator_id.as_str())
            .bind(&message.destination)
            .fetch_optional(&mut **tx)
            .await?;
            Ok(secret.map_or(DeliveryTarget::Removed, |secret| DeliveryTarget::Webhook { secret }))
        }
        // A receipt, a one-time code or an answer goes to the address the subject gave, not to one
        // of the operator's recipients.
        "email"
            if [
                crate::consent::RECEIPT_TOPIC,
                crate::REQUEST_CODE_TOPIC,
                crate::REQUEST_ANSWER_TOPIC,
                crate::REQUEST_LETTER_TOPIC,
            ]
                .contains(&message.topic.as_str()) =>
        {
            let sql = format!("SELECT {OPERATOR_COLUMNS} FROM operators WHERE id = $1");
            let row = sqlx::query(&sql).bind(message.operator_id.as_str()).fetch_optional(&mut **tx).await?;
            match row {
                Some(row) => Ok(DeliveryTarget::Email { operator: operator_from_row(&row)? }),
                None => Ok(DeliveryTarget::Removed),
            }
        }
        "email" => {
            let row = sqlx::query(
                "SELECT o.id, o.slug, o.name, o.created_at_us FROM email_recipients r \
                 JOIN operators o ON o.id = r.operator_id WHERE r.operator_id = $1 AND r.address = $2",
            )
            .bind(message.operator_id.as_str())
            .bind(&message.destination)
            .fetch_optional(&mut **tx)
            .await?;
            match row {
                Some(row) => Ok(DeliveryTarget::Email { operator: operator_from_row(&row)? }),
                None => Ok(DeliveryTarget::Removed),
            }
        }
        _ => Ok(DeliveryTarget::UnknownChannel),
    }
}

pub(crate) async fn finish_delivery(
    pools: &Pools,
    message_id: &str,
    outcome: &DeliveryOutcome,
    now: Timestamp,
) -> Result<(), DbError> {
    let mut tx = pools.write().await?;
    match outcome {
        DeliveryOutcome::Delivered => {
            sqlx::query(
                "UPDATE outbox SET delivered_at_us = $1, next_attempt_at_us = NULL, last_error = NULL WHERE id = $2",
            )
            .bind(now.as_microsecond())
            .bind(message_id)
            .execute(&mut *tx)
            .await?;
        }
        DeliveryOutcome::Failed { error, retry_at } => {
            sqlx::query("UPDATE outbox SET last_error = $1, next_attempt_at_us = $2 WHERE id = $3")
                .bind(error)
                .bind(retry_at.map(jiff::Timestamp::as_microsecond))
                .bind(message_id)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
