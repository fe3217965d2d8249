// Queries for the request log: a request entered with its statutory clock and its first event in
// one transaction, numbered per operator and year; its status changed with an event and a journal
// entry; read one, a page of them, or a request's events.
//
// Included into both backend modules beside `queries.rs` (see `backends.rs`); shares its imports.

const REQUEST_COLUMNS: &str = "id, operator_id, reference, request_type, jurisdiction, channel, language, subject_ref, \
    identities, status, clock_id, received_at_us, created_at_us, updated_at_us";

fn request_from_row(row: &<Driver as sqlx::Database>::Row) -> Result<RequestRecord, DbError> {
    let identities: String = row.try_get("identities")?;
    Ok(RequestRecord {
        id: row.try_get("id")?,
        operator_id: crate::stored_operator_id(&row.try_get::<String, _>("operator_id")?)?,
        reference: row.try_get("reference")?,
        request_type: row.try_get("request_type")?,
        jurisdiction: row.try_get("jurisdiction")?,
        channel: row.try_get("channel")?,
        language: row.try_get("language")?,
        subject_ref: row
            .try_get::<Option<String>, _>("subject_ref")?
            .map(|text| SubjectRef::parse(&text).map_err(|e| DbError::corrupt("request subject", e)))
            .transpose()?,
        identities: serde_json::from_str(&identities).map_err(|e| DbError::corrupt("request identities", e))?,
        status: row.try_get("status")?,
        clock_id: row.try_get("clock_id")?,
        received_at: instant(row.try_get("received_at_us")?, "request received_at")?,
        created_at: instant(row.try_get("created_at_us")?, "request created_at")?,
        updated_at: instant(row.try_get("updated_at_us")?, "request updated_at")?,
    })
}

pub(crate) async fn create_request(
    pools: &Pools,
    operator_id: &OperatorId,
    new: &NewRequest,
    actor: &Actor,
    now: Timestamp,
) -> Result<RequestRecord, DbError> {
    let mut tx = pools.write().await?;
    // Serialises numbering across instances: two requests of one operator never get one number.
    lock_operator(&mut tx, operator_id).await?;
    // One open request per type and identities: a second is the same demand, not a new clock.
    let open: Option<String> = sqlx::query_scalar(
        "SELECT reference FROM requests WHERE operator_id = $1 AND request_type = $2 AND identities = $3 \
         AND status IN ('received', 'verified') ORDER BY received_at_us LIMIT 1",
    )
    .bind(operator_id.as_str())
    .bind(&new.request_type)
    .bind(new.identities.to_string())
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(reference) = open {
        return Err(DbError::Refused {
            kind: "request",
            id: reference.clone(),
            reason: format!(
                "another {} request for the same identities is open as {reference}, with its own deadline",
                new.request_type
            ),
        });
    }
    let year = i64::from(new.received_at.to_zoned(jiff::tz::TimeZone::UTC).year());
    let last: Option<i64> = sqlx::query_scalar("SELECT MAX(number) FROM requests WHERE operator_id = $1 AND year = $2")
        .bind(operator_id.as_str())
        .bind(year)
        .fetch_one(&mut *tx)
        .await?;
    let number = last.unwrap_or(0) + 1;
    let reference = format!("{}-{year}-{number:06}", new.reference_prefix);
    let clock_id = match &new.clock {
        Some(spec) => {
            let (clock, details) = insert_clock(&mut tx, operator_id, spec, now).await?;
            journal(&mut tx, operator_id, actor, Action::StartClock, ("clock", &clock.id), details, now).await?;
            Some(clock.id)
        }
        None => None,
    };
    let record = RequestRecord {
        id: new_id(),
        operator_id: operator_id.clone(),
        reference,
        request_type: new.request_type.clone(),
        jurisdiction: new.jurisdiction.clone(),
        channel: new.channel.clone(),
        language: new.language.clone(),
        subject_ref: new.subject_ref.clone(),
        identities: new.identities.clone(),
        status: "received".to_owned(),
        clock_id,
        received_at: new.received_at,
        created_at: now,
        updated_at: now,
    };
    sqlx::query(&format!(
        "INSERT INTO requests ({REQUEST_COLUMNS}, year, number) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
    ))
    .bind(&record.id)
    .bind(operator_id.as_str())
    .bind(&record.reference)
    .bind(&record.request_type)
    .bind(&record.jurisdiction)
    .bind(&record.channel)
    .bind(&record.language)
    .bind(record.subject_ref.as_ref().map(SubjectRef::as_str))
    .bind(record.identities.to_string())
    .bind(&record.status)
    .bind(&record.clock_id)
    .bind(record.received_at.as_microsecond())
    .bind(now.as_microsecond())
    .bind(now.as_microsecond())
    .bind(year)
    .bind(number)
    .execute(&mut *tx)
    .await?;
    insert_request_event(&mut tx, operator_id, &record.id, 1, actor, "received", "entered in the request log", now).await?;
    // The journal names the request and what kind it is, never the identities it carries.
    let details = serde_json::json!({
        "reference": record.reference, "type": record.request_type, "jurisdiction": record.jurisdiction,
        "channel": record.channel, "clock_id": record.clock_id,
    });
    journal(&mut tx, operator_id, actor, Action::ReceiveRequest, ("request", &record.id), details, now).await?;
    tx.commit().await?;
    Ok(record)
}

#[allow(clippy::too_many_arguments, reason = "one row of the events table")]
async fn insert_request_event(
    tx: &mut Tx,
    operator_id: &OperatorId,
    request_id: &str,
    seq: i64,
    actor: &Actor,
    status: &str,
    note: &str,
    now: Timestamp,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO request_events (operator_id, request_id, seq, at_us, actor, status, note) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(operator_id.as_str())
    .bind(request_id)
    .bind(seq)
    .bind(now.as_microsecond())
    .bind(actor.as_str())
    .bind(status)
    .bind(note)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(crate) async fn get_request(pools: &Pools, operator_id: &OperatorId, id: &str) -> Result<Option<RequestRecord>, DbError> {
    let sql = format!("SELECT {REQUEST_COLUMNS} FROM requests WHERE operator_id = $1 AND (id = $2 OR reference = $2)");
    let row = sqlx::query(&sql).bind(operator_id.as_str()).bind(id).fetch_optional(&pools.reader).await?;
    row.as_ref().map(request_from_row).transpose()
}

pub(crate) async fn list_requests(
    pools: &Pools,
    operator_id: &OperatorId,
    after: Option<&str>,
    limit: u32,
    status: Option<&str>,
) -> Result<Vec<RequestRecord>, DbError> {
    // `open` stands for the two statuses a request is worked in.
    let filter = status.map(|status| {
        ("(t.status = $4 OR ($4 = 'open' AND t.status IN ('received', 'verified')))", status.to_owned())
    });
    let page = Keyset {
        table: "requests",
        kind: "request",
        columns: REQUEST_COLUMNS,
        key: &["received_at_us", "id"],
        descending: true,
        filter,
    };
    keyset_page(pools, page, operator_id, after, limit).await?.iter().map(request_from_row).collect()
}

pub(crate) async fn request_events(
    pools: &Pools,
    operator_id: &OperatorId,
    request_id: &str,
) -> Result<Vec<RequestEvent>, DbError> {
    let rows = sqlx::query(
        "SELECT seq, at_us, actor, status, note FROM request_events WHERE operator_id = $1 AND request_id = $2 \
         ORDER BY seq LIMIT 1000",
    )
    .bind(operator_id.as_str())
    .bind(request_id)
    .fetch_all(&pools.reader)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(RequestEvent {
                seq: u64::try_from(row.try_get::<i64, _>("seq")?).map_err(|e| DbError::corrupt("request event", e))?,
                at: instant(row.try_get("at_us")?, "request event at")?,
                actor: row.try_get("actor")?,
                status: row.try_get("status")?,
                note: row.try_get("note")?,
            })
        })
        .collect()
}

/// Moves a request to `status` with a note, under its row lock, after `check` has accepted the
/// change from the current status; journals it.
pub(crate) async fn change_request<F>(
    pools: &Pools,
    operator_id: &OperatorId,
    id: &str,
    actor: &Actor,
    change: StatusChange<'_>,
    check: F,
    now: Timestamp,
) -> Result<RequestRecord, DbError>
where
    F: FnOnce(&RequestRecord) -> Result<(), String>,
{
    let StatusChange { status, note, complete_clock, answer } = change;
    let mut tx = pools.write().await?;
    let sql = format!("SELECT {REQUEST_COLUMNS} FROM requests WHERE operator_id = $1 AND id = $2{LOCK_ROW}");
    let row = sqlx::query(&sql).bind(operator_id.as_str()).bind(id).fetch_optional(&mut *tx).await?;
    let mut record = row
        .as_ref()
        .map(request_from_row)
        .transpose()?
        .ok_or_else(|| DbError::NotFound { kind: "request", id: id.to_owned() })?;
    check(&record).map_err(|reason| DbError::Refused { kind: "request", id: record.reference.clone(), reason })?;
    let seq: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM request_events WHERE request_id = $1")
        .bind(&record.id)
        .fetch_one(&mut *tx)
        .await?;
    insert_request_event(&mut tx, operator_id, &record.id, seq.unwrap_or(0) + 1, actor, status, note, now).await?;
    sqlx::query("UPDATE requests SET status = $1, updated_at_us = $2 WHERE id = $3")
        .bind(status)
        .bind(now.as_microsecond())
        .bind(&record.id)
        .execute(&mut *tx)
        .await?;
    // A clock completed already (through the clocks API) stays as it is: the request still closes.
    let clock_open = match &record.clock_id {
        Some(clock_id) if complete_clock => {
            let state: Option<String> = sqlx::query_scalar("SELECT state FROM clocks WHERE id = $1 AND operator_id = $2")
                .bind(clock_id)
                .bind(operator_id.as_str())
                .fetch_optional(&mut *tx)
                .await?;
            state.is_some_and(|state| state != ClockState::Met.as_str() && state != ClockState::MetLate.as_str())
        }
        _ => false,
    };
    if let (true, Some(clock_id)) = (clock_open, &record.clock_id) {
        update_clock_in(&mut tx, operator_id, clock_id, actor, Action::CompleteClock, |clock| {
            clock.complete(now).map(|outcome| serde_json::json!({ "outcome": outcome }))
        }, now)
        .await?;
    }
    // The note may name the subject (a refusal's ground): it stays in the request's events, and the
    // journal keeps only its digest, which proves the event unchanged.
    let note_sha256 = tutela_core::consent::Sha256Hex::of(note.as_bytes());
    let answer_sha256 = match answer {
        Some(answer) => Some(insert_answer(&mut tx, operator_id, &record, answer, now).await?),
        None => None,
    };
    let details = serde_json::json!({
        "reference": record.reference, "from": record.status, "to": status, "note_sha256": note_sha256.as_str(),
        "answer_sha256": answer_sha256,
    });
    journal(&mut tx, operator_id, actor, Action::ChangeRequest, ("request", &record.id), details, now).await?;
    tx.commit().await?;
    record.status = status.to_owned();
    record.updated_at = now;
    Ok(record)
}

pub(crate) async fn request_log(
    pools: &Pools,
    operator_id: &OperatorId,
    limit: u32,
) -> Result<Vec<RequestLogRow>, DbError> {
    let columns: Vec<String> = REQUEST_COLUMNS.split(", ").map(|c| format!("r.{c}")).collect();
    let sql = format!(
        "SELECT {}, c.state AS clock_state FROM requests r LEFT JOIN clocks c ON c.id = r.clock_id \
         WHERE r.operator_id = $1 ORDER BY r.received_at_us DESC, r.id DESC LIMIT $2",
        columns.join(", ")
    );
    let rows = sqlx::query(&sql).bind(operator_id.as_str()).bind(i64::from(limit)).fetch_all(&pools.reader).await?;
    rows.iter()
        .map(|row| Ok(RequestLogRow { request: request_from_row(row)?, clock_state: row.try_get("clock_state")? }))
        .collect()
}

/// Stores the answer of a request and queues it to the requester's address when it has one, in
/// `tx`; returns its digest.
async fn insert_answer(
    tx: &mut Tx,
    operator_id: &OperatorId,
    request: &RequestRecord,
    answer: &NewAnswer,
    now: Timestamp,
) -> Result<String, DbError> {
    let sha256 = tutela_core::consent::Sha256Hex::of(format!("{}\n\n{}", answer.subject, answer.body).as_bytes());
    sqlx::query(
        "INSERT INTO request_answers (request_id, operator_id, language, subject, body, sha256, sent_to, created_at_us) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&request.id)
    .bind(operator_id.as_str())
    .bind(&answer.language)
    .bind(&answer.subject)
    .bind(&answer.body)
    .bind(sha256.as_str())
    .bind(&answer.send_to)
    .bind(now.as_microsecond())
    .execute(&mut **tx)
    .await?;
    if let Some(address) = &answer.send_to {
        let payload = serde_json::json!({
            "reference": request.reference, "subject": answer.subject, "body": answer.body,
        });
        insert_outbox(tx, operator_id, "email", address, crate::REQUEST_ANSWER_TOPIC, &payload.to_string(), now).await?;
    }
    Ok(sha256.as_str().to_owned())
}

pub(crate) async fn request_answer(
    pools: &Pools,
    operator_id: &OperatorId,
    request_id: &str,
) -> Result<Option<AnswerRecord>, DbError> {
    let row = sqlx::query(
        "SELECT language, subject, body, sha256, sent_to, created_at_us FROM request_answers \
         WHERE operator_id = $1 AND request_id = $2",
    )
    .bind(operator_id.as_str())
    .bind(request_id)
    .fetch_optional(&pools.reader)
    .await?;
    row.map(|row| {
        Ok(AnswerRecord {
            language: row.try_get("language")?,
            subject: row.try_get("subject")?,
            body: row.try_get("body")?,
            sha256: row.try_get("sha256")?,
            sent_to: row.try_get("sent_to")?,
            created_at: instant(row.try_get("created_at_us")?, "answer created_at")?,
        })
    })
    .transpose()
}
