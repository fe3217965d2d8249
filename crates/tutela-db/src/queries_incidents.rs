// Queries of incidents: an incident, its notices and their clocks inserted in one transaction
// under the operator's row lock (which also serialises numbering); a notice recorded as sent
// completes its clock and starts the clocks of the notices that follow it.
//
// Included into both backend modules beside `queries.rs` (see `backends.rs`); shares its imports.

const INCIDENT_COLUMNS: &str = "id, reference, description, facts, discovered_at_us, created_by, created_at_us";
const NOTICE_COLUMNS: &str = "duty_key, recipient, authority, article, language, duty, follows, clock_id, draft, \
     draft_sha256, sent_at_us, sent_how, sent_by";

fn incident_from_row(row: &<Driver as sqlx::Database>::Row) -> Result<crate::incidents::IncidentRecord, DbError> {
    let facts: String = row.try_get("facts")?;
    Ok(crate::incidents::IncidentRecord {
        id: row.try_get("id")?,
        reference: row.try_get("reference")?,
        description: row.try_get("description")?,
        facts: serde_json::from_str(&facts).map_err(|e| DbError::corrupt("incident facts", e))?,
        discovered_at: instant(row.try_get("discovered_at_us")?, "incident discovered_at")?,
        created_by: row.try_get("created_by")?,
        created_at: instant(row.try_get("created_at_us")?, "incident created_at")?,
    })
}

fn notice_from_row(row: &<Driver as sqlx::Database>::Row) -> Result<crate::incidents::IncidentNoticeRecord, DbError> {
    Ok(crate::incidents::IncidentNoticeRecord {
        duty_key: row.try_get("duty_key")?,
        recipient: row.try_get("recipient")?,
        authority: row.try_get("authority")?,
        article: row.try_get("article")?,
        language: row.try_get("language")?,
        duty: row.try_get("duty")?,
        follows: row.try_get("follows")?,
        clock_id: row.try_get("clock_id")?,
        draft: row.try_get("draft")?,
        draft_sha256: row.try_get("draft_sha256")?,
        sent_at: optional_instant(row.try_get("sent_at_us")?, "incident notice sent_at")?,
        sent_how: row.try_get("sent_how")?,
        sent_by: row.try_get("sent_by")?,
    })
}

/// Starts `spec` as the clock of the incident `reference`, journaled, in `tx`.
async fn start_incident_clock(
    tx: &mut Tx,
    operator_id: &OperatorId,
    reference: &str,
    spec: &ClockSpec,
    actor: &Actor,
    now: Timestamp,
) -> Result<String, DbError> {
    let mut spec = spec.clone();
    spec.subject_ref = SubjectRef::parse(reference).ok();
    let (clock, details) = insert_clock(tx, operator_id, &spec, now).await?;
    journal(tx, operator_id, actor, Action::StartClock, ("clock", &clock.id), details, now).await?;
    Ok(clock.id)
}

pub(crate) async fn create_incident(
    pools: &Pools,
    operator_id: &OperatorId,
    new: &crate::incidents::NewIncident,
    actor: &Actor,
    now: Timestamp,
) -> Result<crate::incidents::IncidentRecord, DbError> {
    let mut tx = pools.write().await?;
    lock_operator(&mut tx, operator_id).await?;
    let year = i64::from(new.discovered_at.to_zoned(jiff::tz::TimeZone::UTC).year());
    let last: Option<i64> =
        sqlx::query_scalar("SELECT MAX(number) FROM incidents WHERE operator_id = $1 AND year = $2")
            .bind(operator_id.as_str())
            .bind(year)
            .fetch_one(&mut *tx)
            .await?;
    let number = last.unwrap_or(0) + 1;
    let record = crate::incidents::IncidentRecord {
        id: new_id(),
        reference: format!("INC-{year}-{number:06}"),
        description: new.description.clone(),
        facts: new.facts.clone(),
        discovered_at: new.discovered_at,
        created_by: actor.as_str().to_owned(),
        created_at: now,
    };
    sqlx::query(
        "INSERT INTO incidents (id, operator_id, reference, year, number, description, facts, discovered_at_us, \
         created_by, created_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&record.id)
    .bind(operator_id.as_str())
    .bind(&record.reference)
    .bind(year)
    .bind(number)
    .bind(&record.description)
    .bind(record.facts.to_string())
    .bind(record.discovered_at.as_microsecond())
    .bind(&record.created_by)
    .bind(now.as_microsecond())
    .execute(&mut *tx)
    .await?;
    let mut duties = Vec::with_capacity(new.notices.len());
    for (position, notice) in new.notices.iter().enumerate() {
        let clock_id = match &notice.clock {
            Some(spec) => Some(start_incident_clock(&mut tx, operator_id, &record.reference, spec, actor, now).await?),
            None => None,
        };
        let draft_sha256 = tutela_core::consent::Sha256Hex::of(notice.draft.as_bytes());
        sqlx::query(
            "INSERT INTO incident_notices (incident_id, duty_key, operator_id, position, recipient, authority, article, \
             language, duty, follows, clock_id, draft, draft_sha256) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
        )
        .bind(&record.id)
        .bind(&notice.duty_key)
        .bind(operator_id.as_str())
        .bind(position as i64)
        .bind(&notice.recipient)
        .bind(&notice.authority)
        .bind(&notice.article)
        .bind(&notice.language)
        .bind(&notice.duty)
        .bind(&notice.follows)
        .bind(&clock_id)
        .bind(&notice.draft)
        .bind(draft_sha256.as_str())
        .execute(&mut *tx)
        .await?;
        duties.push(serde_json::json!({ "duty": notice.duty_key, "clock_id": clock_id, "draft_sha256": draft_sha256.as_str() }));
    }
    // The description may name people: the journal keeps its digest, which proves it unchanged.
    let details = serde_json::json!({
        "reference": record.reference,
        "discovered_at": record.discovered_at,
        "description_sha256": tutela_core::consent::Sha256Hex::of(record.description.as_bytes()).as_str(),
        "notices": duties,
    });
    journal(&mut tx, operator_id, actor, Action::ReportIncident, ("incident", &record.id), details, now).await?;
    tx.commit().await?;
    Ok(record)
}

pub(crate) async fn list_incidents(
    pools: &Pools,
    operator_id: &OperatorId,
    limit: u32,
) -> Result<Vec<crate::incidents::IncidentRecord>, DbError> {
    let sql = format!(
        "SELECT {INCIDENT_COLUMNS} FROM incidents WHERE operator_id = $1 ORDER BY created_at_us DESC, id DESC LIMIT $2"
    );
    let rows = sqlx::query(&sql).bind(operator_id.as_str()).bind(i64::from(limit)).fetch_all(&pools.reader).await?;
    rows.iter().map(incident_from_row).collect()
}

pub(crate) async fn get_incident(
    pools: &Pools,
    operator_id: &OperatorId,
    id: &str,
) -> Result<Option<(crate::incidents::IncidentRecord, Vec<crate::incidents::IncidentNoticeRecord>)>, DbError> {
    let sql = format!("SELECT {INCIDENT_COLUMNS} FROM incidents WHERE operator_id = $1 AND (id = $2 OR reference = $2)");
    let Some(row) = sqlx::query(&sql).bind(operator_id.as_str()).bind(id).fetch_optional(&pools.reader).await? else {
        return Ok(None);
    };
    let incident = incident_from_row(&row)?;
    let sql = format!("SELECT {NOTICE_COLUMNS} FROM incident_notices WHERE incident_id = $1 ORDER BY position");
    let rows = sqlx::query(&sql).bind(&incident.id).fetch_all(&pools.reader).await?;
    let notices = rows.iter().map(notice_from_row).collect::<Result<_, _>>()?;
    Ok(Some((incident, notices)))
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn record_incident_notice_sent(
    pools: &Pools,
    operator_id: &OperatorId,
    incident_id: &str,
    duty_key: &str,
    how: &str,
    sent_at: Timestamp,
    followers: &[(String, ClockSpec)],
    actor: &Actor,
    now: Timestamp,
) -> Result<crate::incidents::IncidentNoticeRecord, DbError> {
    let mut tx = pools.write().await?;
    lock_operator(&mut tx, operator_id).await?;
    let reference: String = sqlx::query_scalar("SELECT reference FROM incidents WHERE operator_id = $1 AND id = $2")
        .bind(operator_id.as_str())
        .bind(incident_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or_else(|| DbError::NotFound { kind: "incident", id: incident_id.to_owned() })?;
    let sql = format!("SELECT {NOTICE_COLUMNS} FROM incident_notices WHERE incident_id = $1 AND duty_key = $2");
    let row = sqlx::query(&sql).bind(incident_id).bind(duty_key).fetch_optional(&mut *tx).await?;
    let mut notice = row
        .as_ref()
        .map(notice_from_row)
        .transpose()?
        .ok_or_else(|| DbError::NotFound { kind: "incident notice", id: duty_key.to_owned() })?;
    let refused = |reason: String| DbError::Refused { kind: "incident notice", id: duty_key.to_owned(), reason };
    if let Some(at) = notice.sent_at {
        return Err(refused(format!("it was recorded as sent at {at} already")));
    }
    let Some(clock_id) = notice.clock_id.clone() else {
        let follows = notice.follows.clone().unwrap_or_default();
        return Err(refused(format!("its clock starts when notice {follows} is sent: record that one first")));
    };
    let state: Option<String> = sqlx::query_scalar("SELECT state FROM clocks WHERE id = $1 AND operator_id = $2")
        .bind(&clock_id)
        .bind(operator_id.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    if state.is_some_and(|s| s != ClockState::Met.as_str() && s != ClockState::MetLate.as_str()) {
        update_clock_in(&mut tx, operator_id, &clock_id, actor, Action::CompleteClock, |clock| {
            clock.complete(sent_at).map(|outcome| serde_json::json!({ "outcome": outcome }))
        }, now)
        .await?;
    }
    sqlx::query("UPDATE incident_notices SET sent_at_us = $1, sent_how = $2, sent_by = $3 WHERE incident_id = $4 AND duty_key = $5")
        .bind(sent_at.as_microsecond())
        .bind(how)
        .bind(actor.as_str())
        .bind(incident_id)
        .bind(duty_key)
        .execute(&mut *tx)
        .await?;
    let mut started = Vec::new();
    for (follower, spec) in followers {
        let clock_id = start_incident_clock(&mut tx, operator_id, &reference, spec, actor, now).await?;
        let updated = sqlx::query(
            "UPDATE incident_notices SET clock_id = $1 WHERE incident_id = $2 AND duty_key = $3 AND follows = $4 \
             AND clock_id IS NULL",
        )
        .bind(&clock_id)
        .bind(incident_id)
        .bind(follower)
        .bind(duty_key)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if updated != 1 {
            return Err(refused(format!("notice {follower} does not follow it, or its clock runs already")));
        }
        started.push(serde_json::json!({ "duty": follower, "clock_id": clock_id }));
    }
    let details = serde_json::json!({
        "reference": reference, "duty": duty_key, "sent_at": sent_at,
        "how_sha256": tutela_core::consent::Sha256Hex::of(how.as_bytes()).as_str(), "started": started,
    });
    journal(&mut tx, operator_id, actor, Action::SendIncidentNotice, ("incident", incident_id), details, now).await?;
    tx.commit().await?;
    notice.sent_at = Some(sent_at);
    notice.sent_how = Some(how.to_owned());
    notice.sent_by = Some(actor.as_str().to_owned());
    Ok(notice)
}
