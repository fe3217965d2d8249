// Queries of subscriptions and accounts: a subscription's state is read under its row lock, run
// through `tutela_core::subscription`, and written back with its events, journal entries, webhook
// events and receipts in the same transaction; closures, suppressions and cancellation links
// likewise.
//
// Included into both backend modules beside `queries.rs` (see `backends.rs`); shares its imports.

use tutela_core::subscription as sub;

const SUBSCRIPTION_COLUMNS: &str = "id, reference, subject_ref, email, language, plan_key, plan_name, terms, state, \
     signup_channel, signup_steps, created_at_us, version";
const EVENT_COLUMNS: &str =
    "event, from_status, to_status, at_us, refund_minor, reason, steps, actor, receipt_subject, receipt_body";
const CLOSURE_COLUMNS: &str = "id, operator_id, subject_ref, email, language, state, reason, requested_at_us, \
     closes_at_us, restored_at_us, closed_at_us, request_id, cancelled_subscriptions";

fn subscription_from_row(
    row: &<Driver as sqlx::Database>::Row,
) -> Result<crate::subscriptions::SubscriptionRecord, DbError> {
    Ok(crate::subscriptions::SubscriptionRecord {
        id: row.try_get("id")?,
        reference: row.try_get("reference")?,
        subject_ref: row.try_get("subject_ref")?,
        email: row.try_get("email")?,
        language: row.try_get("language")?,
        plan_key: row.try_get("plan_key")?,
        plan_name: row.try_get("plan_name")?,
        terms: from_json(&row.try_get::<String, _>("terms")?, "subscription terms")?,
        state: from_json(&row.try_get::<String, _>("state")?, "subscription state")?,
        signup_channel: row.try_get("signup_channel")?,
        signup_steps: row.try_get::<i64, _>("signup_steps")? as u32,
        created_at: instant(row.try_get("created_at_us")?, "subscription created_at")?,
        version: row.try_get("version")?,
    })
}

fn event_from_row(row: &<Driver as sqlx::Database>::Row) -> Result<crate::subscriptions::SubscriptionEvent, DbError> {
    Ok(crate::subscriptions::SubscriptionEvent {
        event: row.try_get("event")?,
        from_status: row.try_get("from_status")?,
        to_status: row.try_get("to_status")?,
        at: instant(row.try_get("at_us")?, "subscription event at")?,
        refund_minor: row.try_get::<Option<i64>, _>("refund_minor")?.map(|m| m as u64),
        reason: row.try_get("reason")?,
        steps: row.try_get::<Option<i64>, _>("steps")?.map(|s| s as u32),
        actor: row.try_get("actor")?,
        receipt_subject: row.try_get("receipt_subject")?,
        receipt_body: row.try_get("receipt_body")?,
    })
}

fn closure_from_row(row: &<Driver as sqlx::Database>::Row) -> Result<crate::subscriptions::ClosureRecord, DbError> {
    Ok(crate::subscriptions::ClosureRecord {
        id: row.try_get("id")?,
        operator_id: crate::stored_operator_id(&row.try_get::<String, _>("operator_id")?)?,
        subject_ref: row.try_get("subject_ref")?,
        email: row.try_get("email")?,
        language: row.try_get("language")?,
        state: row.try_get("state")?,
        reason: row.try_get("reason")?,
        closure: sub::Closure {
            requested_at: instant(row.try_get("requested_at_us")?, "closure requested_at")?,
            closes_at: instant(row.try_get("closes_at_us")?, "closure closes_at")?,
        },
        restored_at: optional_instant(row.try_get("restored_at_us")?, "closure restored_at")?,
        closed_at: optional_instant(row.try_get("closed_at_us")?, "closure closed_at")?,
        request_id: row.try_get("request_id")?,
        cancelled_subscriptions: from_json(&row.try_get::<String, _>("cancelled_subscriptions")?, "closure cancellations")?,
    })
}

// ---------------------------------------------------------------------------------------------------
// Plans

pub(crate) async fn put_plan(
    pools: &Pools,
    operator_id: &OperatorId,
    key: &str,
    name: &str,
    terms: &sub::Plan,
    actor: &Actor,
    now: Timestamp,
) -> Result<crate::subscriptions::PlanRecord, DbError> {
    let mut tx = pools.write().await?;
    lock_operator(&mut tx, operator_id).await?;
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM subscription_plans WHERE operator_id = $1 AND plan_key <> $2")
        .bind(operator_id.as_str())
        .bind(key)
        .fetch_one(&mut *tx)
        .await?;
    let max = crate::subscriptions::MAX_PLANS;
    if count >= i64::from(max) {
        return Err(DbError::Limit { kind: "plans", max });
    }
    let text = serde_json::to_string(terms).map_err(|e| DbError::corrupt("plan terms", e))?;
    sqlx::query(
        "INSERT INTO subscription_plans (operator_id, plan_key, name, terms, created_at_us, updated_at_us) \
         VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (operator_id, plan_key) \
         DO UPDATE SET name = excluded.name, terms = excluded.terms, updated_at_us = excluded.updated_at_us",
    )
    .bind(operator_id.as_str())
    .bind(key)
    .bind(name)
    .bind(&text)
    .bind(now.as_microsecond())
    .execute(&mut *tx)
    .await?;
    let details = serde_json::json!({ "name": name, "terms": terms });
    journal(&mut tx, operator_id, actor, Action::PutPlan, ("plan", key), details, now).await?;
    tx.commit().await?;
    Ok(crate::subscriptions::PlanRecord { key: key.to_owned(), name: name.to_owned(), terms: terms.clone(), updated_at: now })
}

pub(crate) async fn list_plans(
    pools: &Pools,
    operator_id: &OperatorId,
) -> Result<Vec<crate::subscriptions::PlanRecord>, DbError> {
    let rows = sqlx::query(
        "SELECT plan_key, name, terms, updated_at_us FROM subscription_plans WHERE operator_id = $1 ORDER BY plan_key",
    )
    .bind(operator_id.as_str())
    .fetch_all(&pools.reader)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(crate::subscriptions::PlanRecord {
                key: row.try_get("plan_key")?,
                name: row.try_get("name")?,
                terms: from_json(&row.try_get::<String, _>("terms")?, "plan terms")?,
                updated_at: instant(row.try_get("updated_at_us")?, "plan updated_at")?,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------------
// Subscriptions

/// Writes the subscription's state, status and scheduling columns, bumping its version.
async fn save_subscription(
    tx: &mut Tx,
    record: &mut crate::subscriptions::SubscriptionRecord,
    now: Timestamp,
) -> Result<(), DbError> {
    let state = serde_json::to_string(&record.state).map_err(|e| DbError::corrupt("subscription state", e))?;
    // Set when a pause starts; kept while it lasts (cleared once the reminder is sent); cleared
    // when it ends. The CASE reads the row's status before this update.
    let remind_at = record.state.pause_reminder_at().map(Timestamp::as_microsecond);
    sqlx::query(
        "UPDATE subscriptions SET state = $1, status = $2, next_change_at_us = $3, email = $4, updated_at_us = $5, \
         version = version + 1, \
         remind_at_us = CASE WHEN $6 IS NULL THEN NULL WHEN status = 'paused' THEN remind_at_us ELSE $6 END \
         WHERE id = $7",
    )
    .bind(&state)
    .bind(record.state.status.as_str())
    .bind(record.state.next_change_at().map(Timestamp::as_microsecond))
    .bind(&record.email)
    .bind(now.as_microsecond())
    .bind(remind_at)
    .bind(&record.id)
    .execute(&mut **tx)
    .await?;
    record.version += 1;
    Ok(())
}

/// Records one change: its event row with the receipt, the journal entry, the webhook event, the
/// receipt's e-mail, and a suppression when the change is a cancellation.
#[allow(clippy::too_many_arguments)]
async fn record_change(
    tx: &mut Tx,
    operator_id: &OperatorId,
    record: &crate::subscriptions::SubscriptionRecord,
    change: &sub::Change,
    note: &crate::subscriptions::ChangeNote,
    actor: &Actor,
    receipt: &dyn crate::subscriptions::ReceiptWriter,
    now: Timestamp,
) -> Result<(), DbError> {
    let receipt = record.email.as_ref().and(receipt.change(record, change));
    let from = (change.event != "signed_up").then(|| change.from.as_str());
    sqlx::query(
        "INSERT INTO subscription_events (id, subscription_id, operator_id, event, from_status, to_status, at_us, \
         refund_minor, reason, steps, actor, receipt_subject, receipt_body, created_at_us) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(new_id())
    .bind(&record.id)
    .bind(operator_id.as_str())
    .bind(change.event)
    .bind(from)
    .bind(change.to.as_str())
    .bind(change.at.as_microsecond())
    .bind(change.refund_minor.map(|m| m as i64))
    .bind(&note.reason)
    .bind(note.steps.map(i64::from))
    .bind(actor.as_str())
    .bind(receipt.as_ref().map(|r| r.subject.as_str()))
    .bind(receipt.as_ref().map(|r| r.body.as_str()))
    .bind(now.as_microsecond())
    .execute(&mut **tx)
    .await?;
    let details = serde_json::json!({
        "reference": record.reference, "subject": record.subject_ref, "event": change.event, "from": from,
        "to": change.to.as_str(), "at": change.at.to_string(), "refund_minor": change.refund_minor,
        "reason": note.reason, "steps": note.steps,
    });
    let action = if change.event == "signed_up" { Action::StartSubscription } else { Action::ChangeSubscription };
    let entry = journal(tx, operator_id, actor, action, ("subscription", &record.reference), details.clone(), now).await?;
    let payload = serde_json::json!({ "event": format!("subscription.{}", change.event), "subscription": details,
        "plan": record.plan_key, "period_end": record.state.period_end.to_string(),
        "entitlement_end": record.state.entitlement_end.map(|t| t.to_string()), "journal_seq": entry.seq });
    enqueue(tx, operator_id, &format!("subscription.{}", change.event), &payload, now).await?;
    if let (Some(receipt), Some(address)) = (&receipt, &record.email) {
        let body = serde_json::json!({ "subject": receipt.subject, "body": receipt.body }).to_string();
        insert_outbox(tx, operator_id, "email", address, crate::subscriptions::SUBSCRIPTION_RECEIPT_TOPIC, &body, now)
            .await?;
    }
    if change.suppresses_marketing() {
        suppress(tx, operator_id, &record.subject_ref, &record.reference, "cancelled", now).await?;
    }
    Ok(())
}

/// Puts the subject on the suppression list for `source` (once per source).
async fn suppress(
    tx: &mut Tx,
    operator_id: &OperatorId,
    subject_ref: &str,
    source: &str,
    reason: &str,
    now: Timestamp,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO suppressions (id, operator_id, subject_ref, source, reason, created_at_us) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (operator_id, subject_ref, source) DO NOTHING",
    )
    .bind(new_id())
    .bind(operator_id.as_str())
    .bind(subject_ref)
    .bind(source)
    .bind(reason)
    .bind(now.as_microsecond())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(crate) async fn start_subscription(
    pools: &Pools,
    operator_id: &OperatorId,
    new: &crate::subscriptions::NewSubscription,
    at: Timestamp,
    actor: &Actor,
    receipt: &dyn crate::subscriptions::ReceiptWriter,
    now: Timestamp,
) -> Result<crate::subscriptions::SubscriptionRecord, DbError> {
    let mut tx = pools.write().await?;
    lock_operator(&mut tx, operator_id).await?;
    let plan = sqlx::query("SELECT name, terms FROM subscription_plans WHERE operator_id = $1 AND plan_key = $2")
        .bind(operator_id.as_str())
        .bind(&new.plan_key)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| DbError::NotFound { kind: "plan", id: new.plan_key.clone() })?;
    let running: Option<String> = sqlx::query_scalar(
        "SELECT reference FROM subscriptions WHERE operator_id = $1 AND subject_ref = $2 \
         AND status NOT IN ('cancelled', 'expired') LIMIT 1",
    )
    .bind(operator_id.as_str())
    .bind(&new.subject_ref)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(reference) = running {
        return Err(DbError::Refused {
            kind: "subject",
            id: new.subject_ref.clone(),
            reason: format!("has the running subscription {reference}: cancel it, or let it end, before signing up again"),
        });
    }
    let closing: Option<String> = sqlx::query_scalar(
        "SELECT id FROM account_closures WHERE operator_id = $1 AND subject_ref = $2 AND state IN ('pending', 'closing')",
    )
    .bind(operator_id.as_str())
    .bind(&new.subject_ref)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(closure) = closing {
        return Err(DbError::Refused {
            kind: "subject",
            id: new.subject_ref.clone(),
            reason: format!("their account is being closed (closure {closure}): restore it first"),
        });
    }
    let terms: sub::Plan = from_json(&plan.try_get::<String, _>("terms")?, "plan terms")?;
    let last: Option<i64> = sqlx::query_scalar("SELECT MAX(number) FROM subscriptions WHERE operator_id = $1")
        .bind(operator_id.as_str())
        .fetch_one(&mut *tx)
        .await?;
    let number = last.unwrap_or(0) + 1;
    let state = sub::Subscription::start(&terms, at);
    let mut record = crate::subscriptions::SubscriptionRecord {
        id: new_id(),
        reference: format!("SUB-{number:06}"),
        subject_ref: new.subject_ref.clone(),
        email: new.email.clone(),
        language: new.language.clone(),
        plan_key: new.plan_key.clone(),
        plan_name: plan.try_get("name")?,
        terms,
        state,
        signup_channel: new.channel.clone(),
        signup_steps: new.steps,
        created_at: now,
        version: 0,
    };
    sqlx::query(
        "INSERT INTO subscriptions (id, operator_id, reference, number, subject_ref, email, language, plan_key, \
         plan_name, terms, state, status, signup_channel, signup_steps, created_at_us, updated_at_us, version) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, '{}', 'new', $11, $12, $13, $13, 0)",
    )
    .bind(&record.id)
    .bind(operator_id.as_str())
    .bind(&record.reference)
    .bind(number)
    .bind(&record.subject_ref)
    .bind(&record.email)
    .bind(&record.language)
    .bind(&record.plan_key)
    .bind(&record.plan_name)
    .bind(serde_json::to_string(&record.terms).map_err(|e| DbError::corrupt("plan terms", e))?)
    .bind(&record.signup_channel)
    .bind(i64::from(record.signup_steps))
    .bind(now.as_microsecond())
    .execute(&mut *tx)
    .await?;
    save_subscription(&mut tx, &mut record, now).await?;
    let change = sub::Change {
        from: record.state.status,
        to: record.state.status,
        event: "signed_up",
        at,
        refund_minor: None,
    };
    let note = crate::subscriptions::ChangeNote { reason: None, steps: Some(new.steps) };
    record_change(&mut tx, operator_id, &record, &change, &note, actor, receipt, now).await?;
    tx.commit().await?;
    Ok(record)
}

async fn subscription_in(
    tx: &mut Tx,
    operator_id: &OperatorId,
    id: &str,
) -> Result<crate::subscriptions::SubscriptionRecord, DbError> {
    let sql = format!(
        "SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE operator_id = $1 AND (id = $2 OR reference = $2){LOCK_ROW}"
    );
    let row = sqlx::query(&sql).bind(operator_id.as_str()).bind(id).fetch_optional(&mut **tx).await?;
    row.as_ref()
        .map(subscription_from_row)
        .transpose()?
        .ok_or_else(|| DbError::NotFound { kind: "subscription", id: id.to_owned() })
}

pub(crate) async fn get_subscription(
    pools: &Pools,
    operator_id: &OperatorId,
    id: &str,
) -> Result<Option<(crate::subscriptions::SubscriptionRecord, Vec<crate::subscriptions::SubscriptionEvent>)>, DbError> {
    let sql =
        format!("SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE operator_id = $1 AND (id = $2 OR reference = $2)");
    let Some(row) = sqlx::query(&sql).bind(operator_id.as_str()).bind(id).fetch_optional(&pools.reader).await? else {
        return Ok(None);
    };
    let record = subscription_from_row(&row)?;
    let sql = format!(
        "SELECT {EVENT_COLUMNS} FROM subscription_events WHERE subscription_id = $1 ORDER BY created_at_us, id"
    );
    let rows = sqlx::query(&sql).bind(&record.id).fetch_all(&pools.reader).await?;
    let events = rows.iter().map(event_from_row).collect::<Result<_, _>>()?;
    Ok(Some((record, events)))
}

pub(crate) async fn list_subscriptions(
    pools: &Pools,
    operator_id: &OperatorId,
    subject_ref: Option<&str>,
    status: Option<&str>,
    limit: u32,
) -> Result<Vec<crate::subscriptions::SubscriptionRecord>, DbError> {
    let sql = format!(
        "SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE operator_id = $1 \
         AND ($2 IS NULL OR subject_ref = $2) AND ($3 IS NULL OR status = $3) ORDER BY number DESC LIMIT $4"
    );
    let rows = sqlx::query(&sql)
        .bind(operator_id.as_str())
        .bind(subject_ref)
        .bind(status)
        .bind(i64::from(limit))
        .fetch_all(&pools.reader)
        .await?;
    rows.iter().map(subscription_from_row).collect()
}

/// Runs `action` on the locked subscription and records its changes, in `tx`.
#[allow(clippy::too_many_arguments)]
async fn change_subscription_in<F>(
    tx: &mut Tx,
    operator_id: &OperatorId,
    id: &str,
    note: &crate::subscriptions::ChangeNote,
    actor: &Actor,
    action: F,
    receipt: &dyn crate::subscriptions::ReceiptWriter,
    now: Timestamp,
) -> Result<(crate::subscriptions::SubscriptionRecord, Vec<sub::Change>), DbError>
where
    F: FnOnce(&mut sub::Subscription, &sub::Plan) -> Result<Vec<sub::Change>, sub::Refused>,
{
    let mut record = subscription_in(tx, operator_id, id).await?;
    let changes = action(&mut record.state, &record.terms).map_err(|refused| DbError::Refused {
        kind: "subscription",
        id: record.reference.clone(),
        reason: refused.to_string(),
    })?;
    if changes.is_empty() {
        return Ok((record, changes));
    }
    save_subscription(tx, &mut record, now).await?;
    let last = changes.len() - 1;
    for (i, change) in changes.iter().enumerate() {
        // The subject's note belongs to their action, the last change; the others fell due before.
        let none = crate::subscriptions::ChangeNote::default();
        let note = if i == last { note } else { &none };
        record_change(tx, operator_id, &record, change, note, actor, receipt, now).await?;
    }
    Ok((record, changes))
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn change_subscription<F>(
    pools: &Pools,
    operator_id: &OperatorId,
    id: &str,
    note: &crate::subscriptions::ChangeNote,
    actor: &Actor,
    action: F,
    receipt: &dyn crate::subscriptions::ReceiptWriter,
    now: Timestamp,
) -> Result<(crate::subscriptions::SubscriptionRecord, Vec<sub::Change>), DbError>
where
    F: FnOnce(&mut sub::Subscription, &sub::Plan) -> Result<Vec<sub::Change>, sub::Refused>,
{
    let mut tx = pools.write().await?;
    let result = change_subscription_in(&mut tx, operator_id, id, note, actor, action, receipt, now).await?;
    tx.commit().await?;
    Ok(result)
}

pub(crate) async fn advance_due_subscriptions(
    pools: &Pools,
    operator_id: Option<&OperatorId>,
    due_by: Timestamp,
    limit: u32,
    receipt: &dyn crate::subscriptions::ReceiptWriter,
    now: Timestamp,
) -> Result<Vec<(String, Vec<sub::Change>)>, DbError> {
    let due = sqlx::query(
        "SELECT operator_id, id FROM subscriptions WHERE next_change_at_us <= $1 AND ($3 IS NULL OR operator_id = $3) \
         ORDER BY next_change_at_us LIMIT $2",
    )
    .bind(due_by.as_microsecond())
    .bind(i64::from(limit))
    .bind(operator_id.map(OperatorId::as_str))
    .fetch_all(&pools.reader)
    .await?;
    let actor = Actor::system("subscriptions");
    let mut changed = Vec::with_capacity(due.len());
    for row in &due {
        let operator_id = crate::stored_operator_id(&row.try_get::<String, _>("operator_id")?)?;
        let id: String = row.try_get("id")?;
        let mut tx = pools.write().await?;
        let advance = |state: &mut sub::Subscription, plan: &sub::Plan| Ok(state.advance(plan, due_by));
        let note = crate::subscriptions::ChangeNote::default();
        // Another instance may have advanced it meanwhile: then nothing is due and nothing is written.
        let (record, changes) =
            change_subscription_in(&mut tx, &operator_id, &id, &note, &actor, advance, receipt, now).await?;
        tx.commit().await?;
        if !changes.is_empty() {
            changed.push((record.reference, changes));
        }
    }
    Ok(changed)
}

pub(crate) async fn send_pause_reminders<F>(
    pools: &Pools,
    operator_id: Option<&OperatorId>,
    due_by: Timestamp,
    limit: u32,
    reminder: &F,
    now: Timestamp,
) -> Result<u32, DbError>
where
    F: Fn(&crate::subscriptions::SubscriptionRecord) -> Option<crate::subscriptions::Receipt> + Send + Sync,
{
    let due = sqlx::query(
        "SELECT operator_id, id FROM subscriptions WHERE remind_at_us <= $1 AND status = 'paused' \
         AND ($3 IS NULL OR operator_id = $3) ORDER BY remind_at_us LIMIT $2",
    )
    .bind(due_by.as_microsecond())
    .bind(i64::from(limit))
    .bind(operator_id.map(OperatorId::as_str))
    .fetch_all(&pools.reader)
    .await?;
    let mut sent = 0;
    for row in &due {
        let operator_id = crate::stored_operator_id(&row.try_get::<String, _>("operator_id")?)?;
        let id: String = row.try_get("id")?;
        let mut tx = pools.write().await?;
        let record = subscription_in(&mut tx, &operator_id, &id).await?;
        // Claimed by clearing the column: an instance that read it too finds nothing to update.
        let claimed = sqlx::query("UPDATE subscriptions SET remind_at_us = NULL WHERE id = $1 AND remind_at_us <= $2")
            .bind(&id)
            .bind(due_by.as_microsecond())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if claimed == 1
            && let (Some(address), Some(message)) = (&record.email, reminder(&record))
        {
            let body = serde_json::json!({ "subject": message.subject, "body": message.body }).to_string();
            insert_outbox(&mut tx, &operator_id, "email", address, crate::subscriptions::SUBSCRIPTION_RECEIPT_TOPIC, &body, now)
                .await?;
            sent += 1;
        }
        tx.commit().await?;
    }
    Ok(sent)
}

// ---------------------------------------------------------------------------------------------------
// Cancellation without signing in

pub(crate) async fn send_cancel_link<F>(
    pools: &Pools,
    operator_id: &OperatorId,
    reference: &str,
    email: &str,
    at: Timestamp,
    link: F,
    now: Timestamp,
) -> Result<bool, DbError>
where
    F: FnOnce(&crate::subscriptions::SubscriptionRecord, &str) -> crate::subscriptions::Receipt,
{
    let mut tx = pools.write().await?;
    let record = match subscription_in(&mut tx, operator_id, reference).await {
        Ok(record) => record,
        Err(DbError::NotFound { .. }) => return Ok(false),
        Err(error) => return Err(error),
    };
    let matches = record.email.as_deref().is_some_and(|known| known.eq_ignore_ascii_case(email.trim()));
    if !matches || record.reference != reference || record.state.status.is_final() {
        return Ok(false);
    }
    let token = crate::secrets::new_token();
    let expires = at + jiff::SignedDuration::from_secs(crate::subscriptions::CANCEL_LINK_TTL_S);
    sqlx::query(
        "INSERT INTO cancel_links (token_sha256, operator_id, subscription_id, expires_at_us, created_at_us) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(crate::secrets::token_digest(&token))
    .bind(operator_id.as_str())
    .bind(&record.id)
    .bind(expires.as_microsecond())
    .bind(now.as_microsecond())
    .execute(&mut *tx)
    .await?;
    let message = link(&record, &token);
    let body = serde_json::json!({ "subject": message.subject, "body": message.body }).to_string();
    let address = record.email.as_deref().unwrap_or_default();
    insert_outbox(&mut tx, operator_id, "email", address, crate::subscriptions::SUBSCRIPTION_RECEIPT_TOPIC, &body, now)
        .await?;
    let details = serde_json::json!({ "reference": record.reference, "expires_at": expires.to_string() });
    let actor = Actor::system("portal");
    journal(&mut tx, operator_id, &actor, Action::SendCancelLink, ("subscription", &record.reference), details, now)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// The subscription id a valid, unused link names.
async fn cancel_link_in(
    executor: impl sqlx::Executor<'_, Database = Driver>,
    operator_id: &OperatorId,
    digest: &str,
    at: Timestamp,
) -> Result<String, DbError> {
    let sql = format!(
        "SELECT subscription_id, expires_at_us, used_at_us FROM cancel_links \
         WHERE token_sha256 = $1 AND operator_id = $2{LOCK_ROW}"
    );
    let row = sqlx::query(&sql).bind(digest).bind(operator_id.as_str()).fetch_optional(executor).await?;
    let refused = |reason: &str| DbError::Refused { kind: "cancellation link", id: String::new(), reason: reason.to_owned() };
    let Some(row) = row else {
        return Err(refused("it is not one Tutela sent: ask for a new link with your e-mail address and reference"));
    };
    if row.try_get::<Option<i64>, _>("used_at_us")?.is_some() {
        return Err(refused("it was used already: the subscription's receipts say what it did"));
    }
    if row.try_get::<i64, _>("expires_at_us")? <= at.as_microsecond() {
        return Err(refused("it expired (links are valid for 24 hours): ask for a new one"));
    }
    Ok(row.try_get("subscription_id")?)
}

pub(crate) async fn cancel_link(
    pools: &Pools,
    operator_id: &OperatorId,
    digest: &str,
    at: Timestamp,
) -> Result<crate::subscriptions::SubscriptionRecord, DbError> {
    let id = cancel_link_in(&pools.reader, operator_id, digest, at).await?;
    let record = get_subscription(pools, operator_id, &id).await?;
    Ok(record.ok_or_else(|| DbError::NotFound { kind: "subscription", id })?.0)
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn use_cancel_link(
    pools: &Pools,
    operator_id: &OperatorId,
    digest: &str,
    at: Timestamp,
    note: &crate::subscriptions::ChangeNote,
    receipt: &dyn crate::subscriptions::ReceiptWriter,
    now: Timestamp,
) -> Result<(crate::subscriptions::SubscriptionRecord, Vec<sub::Change>), DbError> {
    let mut tx = pools.write().await?;
    let id = cancel_link_in(&mut *tx, operator_id, digest, at).await?;
    let actor = Actor::system("portal");
    let cancel = |state: &mut sub::Subscription, plan: &sub::Plan| {
        state.advance_then(plan, at, |s, p| s.cancel(p, at, false).map(Some))
    };
    let result = change_subscription_in(&mut tx, operator_id, &id, note, &actor, cancel, receipt, now).await?;
    sqlx::query("UPDATE cancel_links SET used_at_us = $1 WHERE token_sha256 = $2")
        .bind(now.as_microsecond())
        .bind(digest)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(result)
}

// ---------------------------------------------------------------------------------------------------
// Accounts

pub(crate) async fn grace_days(pools: &Pools, operator_id: &OperatorId) -> Result<u16, DbError> {
    let days: Option<i64> = sqlx::query_scalar("SELECT grace_days FROM account_settings WHERE operator_id = $1")
        .bind(operator_id.as_str())
        .fetch_optional(&pools.reader)
        .await?;
    Ok(days.map_or(sub::DEFAULT_GRACE_DAYS, |d| d.clamp(0, i64::from(sub::MAX_GRACE_DAYS)) as u16))
}

pub(crate) async fn put_grace_days(
    pools: &Pools,
    operator_id: &OperatorId,
    days: u16,
    actor: &Actor,
    now: Timestamp,
) -> Result<(), DbError> {
    let mut tx = pools.write().await?;
    lock_operator(&mut tx, operator_id).await?;
    sqlx::query(
        "INSERT INTO account_settings (operator_id, grace_days, updated_at_us) VALUES ($1, $2, $3) \
         ON CONFLICT (operator_id) DO UPDATE SET grace_days = excluded.grace_days, updated_at_us = excluded.updated_at_us",
    )
    .bind(operator_id.as_str())
    .bind(i64::from(days))
    .bind(now.as_microsecond())
    .execute(&mut *tx)
    .await?;
    let details = serde_json::json!({ "grace_days": days });
    journal(&mut tx, operator_id, actor, Action::PutAccountSettings, ("operator", operator_id.as_str()), details, now)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Queues an account event's webhook and, when the subject has an address, their message.
#[allow(clippy::too_many_arguments)]
async fn account_event(
    tx: &mut Tx,
    closure: &crate::subscriptions::ClosureRecord,
    event: &str,
    action: Action,
    details: serde_json::Value,
    actor: &Actor,
    message: Option<crate::subscriptions::Receipt>,
    now: Timestamp,
) -> Result<(), DbError> {
    let operator_id = &closure.operator_id;
    let entry = journal(tx, operator_id, actor, action, ("account_closure", &closure.id), details.clone(), now).await?;
    let payload = serde_json::json!({ "event": format!("account.{event}"), "closure": closure.id,
        "subject": closure.subject_ref, "closes_at": closure.closure.closes_at.to_string(), "details": details,
        "journal_seq": entry.seq });
    enqueue(tx, operator_id, &format!("account.{event}"), &payload, now).await?;
    if let (Some(message), Some(address)) = (message, &closure.email) {
        let body = serde_json::json!({ "subject": message.subject, "body": message.body }).to_string();
        insert_outbox(tx, operator_id, "email", address, crate::subscriptions::SUBSCRIPTION_RECEIPT_TOPIC, &body, now)
            .await?;
    }
    Ok(())
}

/// The ids of the subject's subscriptions that have not ended.
async fn running_subscriptions(tx: &mut Tx, operator_id: &OperatorId, subject_ref: &str) -> Result<Vec<String>, DbError> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM subscriptions WHERE operator_id = $1 AND subject_ref = $2 \
         AND status NOT IN ('cancelled', 'expired') ORDER BY number",
    )
    .bind(operator_id.as_str())
    .bind(subject_ref)
    .fetch_all(&mut **tx)
    .await?)
}

pub(crate) async fn close_account(
    pools: &Pools,
    operator_id: &OperatorId,
    new: &crate::subscriptions::NewClosure<'_>,
    at: Timestamp,
    actor: &Actor,
    receipt: &dyn crate::subscriptions::ReceiptWriter,
    now: Timestamp,
) -> Result<crate::subscriptions::ClosureRecord, DbError> {
    let grace = grace_days(pools, operator_id).await?;
    let closure = sub::Closure::ask(at, grace)
        .map_err(|e| DbError::Refused { kind: "account", id: new.subject_ref.to_owned(), reason: e.to_string() })?;
    let mut tx = pools.write().await?;
    lock_operator(&mut tx, operator_id).await?;
    let open: Option<String> = sqlx::query_scalar(
        "SELECT id FROM account_closures WHERE operator_id = $1 AND subject_ref = $2 AND state IN ('pending', 'closing')",
    )
    .bind(operator_id.as_str())
    .bind(new.subject_ref)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(open) = open {
        return Err(DbError::Refused {
            kind: "account",
            id: new.subject_ref.to_owned(),
            reason: format!("its closure {open} is under way already"),
        });
    }
    let mut record = crate::subscriptions::ClosureRecord {
        id: new_id(),
        operator_id: operator_id.clone(),
        subject_ref: new.subject_ref.to_owned(),
        email: new.email.map(str::to_owned),
        language: new.language.to_owned(),
        state: "pending".to_owned(),
        reason: new.reason.map(str::to_owned),
        closure,
        restored_at: None,
        closed_at: None,
        request_id: None,
        cancelled_subscriptions: Vec::new(),
    };
    // Nothing more is charged during the grace: running plans are cancelled at their period's end
    // (reverted if the account is restored).
    let note = crate::subscriptions::ChangeNote { reason: Some("account closure".to_owned()), steps: None };
    for id in running_subscriptions(&mut tx, operator_id, new.subject_ref).await? {
        let cancel = |state: &mut sub::Subscription, plan: &sub::Plan| {
            state.advance_then(plan, at, |s, p| match s.status {
                sub::Status::Trialing | sub::Status::Active => s.cancel(p, at, false).map(Some),
                _ => Ok(None),
            })
        };
        let (subscription, changes) =
            change_subscription_in(&mut tx, operator_id, &id, &note, actor, cancel, receipt, now).await?;
        if changes.iter().any(|c| c.event == "cancel_scheduled") {
            record.cancelled_subscriptions.push(subscription.id);
        }
    }
    sqlx::query(&format!(
        "INSERT INTO account_closures ({CLOSURE_COLUMNS}, requested_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, NULL, NULL, $10, $11)"
    ))
    .bind(&record.id)
    .bind(operator_id.as_str())
    .bind(&record.subject_ref)
    .bind(&record.email)
    .bind(&record.language)
    .bind(&record.state)
    .bind(&record.reason)
    .bind(closure.requested_at.as_microsecond())
    .bind(closure.closes_at.as_microsecond())
    .bind(serde_json::to_string(&record.cancelled_subscriptions).unwrap_or_else(|_| "[]".into()))
    .bind(actor.as_str())
    .execute(&mut *tx)
    .await?;
    suppress(&mut tx, operator_id, &record.subject_ref, &record.id, "account_closed", now).await?;
    let details = serde_json::json!({ "subject": record.subject_ref, "grace_days": grace,
        "closes_at": closure.closes_at.to_string(), "reason": record.reason,
        "cancelled_subscriptions": record.cancelled_subscriptions.len() });
    let message = receipt.account(&record, "closure_requested", None);
    account_event(&mut tx, &record, "closure_requested", Action::CloseAccount, details, actor, message, now).await?;
    tx.commit().await?;
    Ok(record)
}

async fn closure_in(
    tx: &mut Tx,
    operator_id: &OperatorId,
    closure_id: &str,
) -> Result<crate::subscriptions::ClosureRecord, DbError> {
    let sql = format!("SELECT {CLOSURE_COLUMNS} FROM account_closures WHERE operator_id = $1 AND id = $2{LOCK_ROW}");
    let row = sqlx::query(&sql).bind(operator_id.as_str()).bind(closure_id).fetch_optional(&mut **tx).await?;
    row.as_ref()
        .map(closure_from_row)
        .transpose()?
        .ok_or_else(|| DbError::NotFound { kind: "account closure", id: closure_id.to_owned() })
}

/// Writes the closure's state, its request, and when it was restored or closed.
async fn save_closure(tx: &mut Tx, closure: &crate::subscriptions::ClosureRecord) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE account_closures SET state = $1, request_id = $2, restored_at_us = $3, closed_at_us = $4 WHERE id = $5",
    )
    .bind(&closure.state)
    .bind(&closure.request_id)
    .bind(closure.restored_at.map(Timestamp::as_microsecond))
    .bind(closure.closed_at.map(Timestamp::as_microsecond))
    .bind(&closure.id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(crate) async fn restore_account(
    pools: &Pools,
    operator_id: &OperatorId,
    closure_id: &str,
    at: Timestamp,
    actor: &Actor,
    receipt: &dyn crate::subscriptions::ReceiptWriter,
    now: Timestamp,
) -> Result<crate::subscriptions::ClosureRecord, DbError> {
    let mut tx = pools.write().await?;
    let mut closure = closure_in(&mut tx, operator_id, closure_id).await?;
    let refused = |reason: String| DbError::Refused { kind: "account closure", id: closure_id.to_owned(), reason };
    if closure.state != "pending" {
        return Err(refused(format!("it is {}: only a closure in its grace period can be restored", closure.state)));
    }
    closure.closure.may_restore(at).map_err(|e| refused(e.to_string()))?;
    let note = crate::subscriptions::ChangeNote { reason: Some("account restored".to_owned()), steps: None };
    for id in &closure.cancelled_subscriptions {
        let revert = |state: &mut sub::Subscription, plan: &sub::Plan| {
            state.advance_then(plan, at, |s, p| match s.status {
                sub::Status::Cancelling => s.revert_cancel(p, at).map(Some),
                _ => Ok(None),
            })
        };
        change_subscription_in(&mut tx, operator_id, id, &note, actor, revert, receipt, now).await?;
    }
    sqlx::query("DELETE FROM suppressions WHERE operator_id = $1 AND subject_ref = $2 AND source = $3")
        .bind(operator_id.as_str())
        .bind(&closure.subject_ref)
        .bind(&closure.id)
        .execute(&mut *tx)
        .await?;
    closure.state = "restored".to_owned();
    closure.restored_at = Some(at);
    save_closure(&mut tx, &closure).await?;
    let details = serde_json::json!({ "subject": closure.subject_ref, "at": at.to_string() });
    let message = receipt.account(&closure, "restored", None);
    account_event(&mut tx, &closure, "restored", Action::RestoreAccount, details, actor, message, now).await?;
    tx.commit().await?;
    Ok(closure)
}

pub(crate) async fn list_closures(
    pools: &Pools,
    operator_id: Option<&OperatorId>,
    subject_ref: Option<&str>,
    due_by: Option<Timestamp>,
    limit: u32,
) -> Result<Vec<crate::subscriptions::ClosureRecord>, DbError> {
    let sql = format!(
        "SELECT {CLOSURE_COLUMNS} FROM account_closures WHERE ($1 IS NULL OR operator_id = $1) \
         AND ($2 IS NULL OR subject_ref = $2) \
         AND ($3 IS NULL OR (state IN ('pending', 'closing') AND closes_at_us <= $3)) \
         ORDER BY requested_at_us DESC, id LIMIT $4"
    );
    let rows = sqlx::query(&sql)
        .bind(operator_id.map(OperatorId::as_str))
        .bind(subject_ref)
        .bind(due_by.map(Timestamp::as_microsecond))
        .bind(i64::from(limit))
        .fetch_all(&pools.reader)
        .await?;
    rows.iter().map(closure_from_row).collect()
}

pub(crate) async fn get_closure(
    pools: &Pools,
    operator_id: &OperatorId,
    closure_id: &str,
) -> Result<Option<crate::subscriptions::ClosureRecord>, DbError> {
    let sql = format!("SELECT {CLOSURE_COLUMNS} FROM account_closures WHERE operator_id = $1 AND id = $2");
    let row = sqlx::query(&sql).bind(operator_id.as_str()).bind(closure_id).fetch_optional(&pools.reader).await?;
    row.as_ref().map(closure_from_row).transpose()
}

pub(crate) async fn begin_closing(
    pools: &Pools,
    closure: &crate::subscriptions::ClosureRecord,
    at: Timestamp,
    actor: &Actor,
    receipt: &dyn crate::subscriptions::ReceiptWriter,
    now: Timestamp,
) -> Result<(), DbError> {
    let operator_id = &closure.operator_id;
    let mut tx = pools.write().await?;
    let mut current = closure_in(&mut tx, operator_id, &closure.id).await?;
    if current.state != "pending" {
        return Ok(());
    }
    if !current.closure.is_due(at) {
        return Err(DbError::Refused {
            kind: "account closure",
            id: closure.id.clone(),
            reason: format!("its grace ends at {}", current.closure.closes_at),
        });
    }
    let note = crate::subscriptions::ChangeNote { reason: Some("account closed".to_owned()), steps: None };
    let mut ended = 0;
    for id in running_subscriptions(&mut tx, operator_id, &current.subject_ref).await? {
        let end = |state: &mut sub::Subscription, plan: &sub::Plan| Ok(state.end_for_closure(plan, at));
        change_subscription_in(&mut tx, operator_id, &id, &note, actor, end, receipt, now).await?;
        ended += 1;
    }
    current.state = "closing".to_owned();
    save_closure(&mut tx, &current).await?;
    let details = serde_json::json!({ "stage": "subscriptions_ended", "subscriptions_ended": ended });
    account_event(&mut tx, &current, "closing", Action::FinishAccountClosure, details, actor, None, now).await?;
    tx.commit().await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn finish_closing(
    pools: &Pools,
    closure: &crate::subscriptions::ClosureRecord,
    request_id: &str,
    act_number: &str,
    at: Timestamp,
    actor: &Actor,
    receipt: &dyn crate::subscriptions::ReceiptWriter,
    now: Timestamp,
) -> Result<(), DbError> {
    let operator_id = &closure.operator_id;
    let mut tx = pools.write().await?;
    let mut current = closure_in(&mut tx, operator_id, &closure.id).await?;
    if current.state != "closing" {
        return Err(DbError::Refused {
            kind: "account closure",
            id: closure.id.clone(),
            reason: format!("it is {}, not closing", current.state),
        });
    }
    current.state = "closed".to_owned();
    current.closed_at = Some(at);
    current.request_id = Some(request_id.to_owned());
    save_closure(&mut tx, &current).await?;
    let notice = receipt.account(&current, "closed", Some(act_number));
    let details = serde_json::json!({ "stage": "erased", "request": current.request_id, "destruction_act": act_number });
    account_event(&mut tx, &current, "closed", Action::FinishAccountClosure, details, actor, notice, now).await?;
    // The subject has been told: Tutela keeps no address for them any more.
    sqlx::query("UPDATE account_closures SET email = NULL WHERE id = $1").bind(&current.id).execute(&mut *tx).await?;
    sqlx::query("UPDATE subscriptions SET email = NULL WHERE operator_id = $1 AND subject_ref = $2")
        .bind(operator_id.as_str())
        .bind(&current.subject_ref)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn suppression(
    pools: &Pools,
    operator_id: &OperatorId,
    subject_ref: &str,
) -> Result<Option<String>, DbError> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM suppressions WHERE operator_id = $1 AND subject_ref = $2 ORDER BY created_at_us LIMIT 1",
    )
    .bind(operator_id.as_str())
    .bind(subject_ref)
    .fetch_optional(&pools.reader)
    .await?)
}
