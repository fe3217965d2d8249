// Queries for fulfilment runs: one entered as `running` under the request's row lock (refused while
// another run of the same request is running and fresh), then finished with the engine's report,
// an event in the request's history and a journal entry; read a request's runs, or one package.
//
// Included into both backend modules beside `queries.rs` (see `backends.rs`); shares its imports.

const FULFILMENT_COLUMNS: &str = "id, request_id, kind, state, datamap_version, actor, started_at_us, finished_at_us, \
    report, package_sha256, package_bytes, act_number, act_sha256";

fn fulfilment_from_row(row: &<Driver as sqlx::Database>::Row) -> Result<FulfilmentRecord, DbError> {
    let report = row
        .try_get::<Option<String>, _>("report")?
        .map(|text| serde_json::from_str(&text).map_err(|e| DbError::corrupt("fulfilment report", e)))
        .transpose()?;
    let count = |value: i64, what: &'static str| u64::try_from(value).map_err(|e| DbError::corrupt(what, e));
    Ok(FulfilmentRecord {
        id: row.try_get("id")?,
        request_id: row.try_get("request_id")?,
        kind: row.try_get("kind")?,
        state: row.try_get("state")?,
        datamap_version: count(row.try_get("datamap_version")?, "fulfilment map version")?,
        actor: row.try_get("actor")?,
        started_at: instant(row.try_get("started_at_us")?, "fulfilment started_at")?,
        finished_at: optional_instant(row.try_get("finished_at_us")?, "fulfilment finished_at")?,
        report,
        package_sha256: row.try_get("package_sha256")?,
        package_bytes: row
            .try_get::<Option<i64>, _>("package_bytes")?
            .map(|bytes| count(bytes, "fulfilment package size"))
            .transpose()?,
        act_number: row.try_get("act_number")?,
        act_sha256: row.try_get("act_sha256")?,
    })
}

/// The request `id` of the operator, read under its row lock in `tx`.
async fn locked_request(tx: &mut Tx, operator_id: &OperatorId, id: &str) -> Result<RequestRecord, DbError> {
    let sql = format!("SELECT {REQUEST_COLUMNS} FROM requests WHERE operator_id = $1 AND id = $2{LOCK_ROW}");
    let row = sqlx::query(&sql).bind(operator_id.as_str()).bind(id).fetch_optional(&mut **tx).await?;
    row.as_ref()
        .map(request_from_row)
        .transpose()?
        .ok_or_else(|| DbError::NotFound { kind: "request", id: id.to_owned() })
}

pub(crate) async fn start_fulfilment<F>(
    pools: &Pools,
    operator_id: &OperatorId,
    new: NewFulfilment<'_>,
    actor: &Actor,
    check: F,
    now: Timestamp,
) -> Result<FulfilmentRecord, DbError>
where
    F: FnOnce(&RequestRecord) -> Result<(), String>,
{
    let NewFulfilment { request_id, kind, datamap_version, running_since } = new;
    let mut tx = pools.write().await?;
    let request = locked_request(&mut tx, operator_id, request_id).await?;
    check(&request).map_err(|reason| DbError::Refused { kind: "request", id: request.reference.clone(), reason })?;
    let running: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(started_at_us) FROM request_fulfilments WHERE request_id = $1 AND state = 'running' \
         AND started_at_us > $2",
    )
    .bind(&request.id)
    .bind(running_since.as_microsecond())
    .fetch_one(&mut *tx)
    .await?;
    if let Some(started) = running {
        let started = instant(started, "fulfilment started_at")?;
        return Err(DbError::Refused {
            kind: "request",
            id: request.reference,
            reason: format!("the fulfilment engine is already running for it (since {started}); wait for it to finish"),
        });
    }
    let record = FulfilmentRecord {
        id: new_id(),
        request_id: request.id.clone(),
        kind: kind.to_owned(),
        state: "running".to_owned(),
        datamap_version,
        actor: actor.as_str().to_owned(),
        started_at: now,
        finished_at: None,
        report: None,
        package_sha256: None,
        package_bytes: None,
        act_number: None,
        act_sha256: None,
    };
    sqlx::query(
        "INSERT INTO request_fulfilments (id, operator_id, request_id, kind, state, datamap_version, actor, started_at_us) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&record.id)
    .bind(operator_id.as_str())
    .bind(&record.request_id)
    .bind(&record.kind)
    .bind(&record.state)
    .bind(datamap_version as i64)
    .bind(&record.actor)
    .bind(now.as_microsecond())
    .execute(&mut *tx)
    .await?;
    let details = serde_json::json!({
        "reference": request.reference, "fulfilment": record.id, "kind": kind, "state": "running",
        "datamap_version": datamap_version,
    });
    journal(&mut tx, operator_id, actor, Action::FulfilRequest, ("request", &request.id), details, now).await?;
    tx.commit().await?;
    Ok(record)
}

pub(crate) async fn finish_fulfilment(
    pools: &Pools,
    operator_id: &OperatorId,
    fulfilment_id: &str,
    actor: &Actor,
    finished: &FinishedFulfilment,
    now: Timestamp,
) -> Result<FulfilmentRecord, DbError> {
    let mut tx = pools.write().await?;
    let sql = format!("SELECT {FULFILMENT_COLUMNS} FROM request_fulfilments WHERE operator_id = $1 AND id = $2{LOCK_ROW}");
    let row = sqlx::query(&sql).bind(operator_id.as_str()).bind(fulfilment_id).fetch_optional(&mut *tx).await?;
    let mut record = row
        .as_ref()
        .map(fulfilment_from_row)
        .transpose()?
        .ok_or_else(|| DbError::NotFound { kind: "fulfilment", id: fulfilment_id.to_owned() })?;
    let request = locked_request(&mut tx, operator_id, &record.request_id).await?;
    let package_sha256 =
        finished.package.as_deref().map(|bytes| tutela_core::consent::Sha256Hex::of(bytes).as_str().to_owned());
    let package_bytes = finished.package.as_ref().map(|bytes| bytes.len() as u64);
    let act_number = finished.act.as_ref().map(|(number, _)| number.clone());
    let act_sha256 =
        finished.act.as_ref().map(|(_, html)| tutela_core::consent::Sha256Hex::of(html.as_bytes()).as_str().to_owned());
    sqlx::query(
        "UPDATE request_fulfilments SET state = $1, finished_at_us = $2, report = $3, package = $4, \
         package_sha256 = $5, package_bytes = $6, act_number = $7, act = $8, act_sha256 = $9 WHERE id = $10",
    )
    .bind(finished.state)
    .bind(now.as_microsecond())
    .bind(finished.report.to_string())
    .bind(finished.package.as_deref())
    .bind(&package_sha256)
    .bind(package_bytes.map(|bytes| bytes as i64))
    .bind(&act_number)
    .bind(finished.act.as_ref().map(|(_, html)| html.as_str()))
    .bind(&act_sha256)
    .bind(&record.id)
    .execute(&mut *tx)
    .await?;
    // A complete run merged every earlier plan of the request: none is needed any more, and none
    // keeps the subject's rows longer than the erasure took.
    if finished.state == "complete" {
        sqlx::query("UPDATE request_fulfilments SET plan = NULL WHERE request_id = $1 AND plan IS NOT NULL")
            .bind(&request.id)
            .execute(&mut *tx)
            .await?;
    }
    let seq: Option<i64> = sqlx::query_scalar("SELECT MAX(seq) FROM request_events WHERE request_id = $1")
        .bind(&request.id)
        .fetch_one(&mut *tx)
        .await?;
    let event_seq = seq.unwrap_or(0) + 1;
    insert_request_event(&mut tx, operator_id, &request.id, event_seq, actor, &request.status, &finished.note, now)
        .await?;
    let mut details = serde_json::json!({
        "reference": request.reference, "fulfilment": record.id, "kind": record.kind, "state": finished.state,
        "package_sha256": package_sha256, "act_number": act_number, "act_sha256": act_sha256,
    });
    if let (Some(object), Some(extra)) = (details.as_object_mut(), finished.details.as_object()) {
        object.extend(extra.clone());
    }
    journal(&mut tx, operator_id, actor, Action::FulfilRequest, ("request", &request.id), details, now).await?;
    tx.commit().await?;
    record.state = finished.state.to_owned();
    record.finished_at = Some(now);
    record.report = Some(finished.report.clone());
    record.package_sha256 = package_sha256;
    record.package_bytes = package_bytes;
    record.act_number = act_number;
    record.act_sha256 = act_sha256;
    Ok(record)
}

pub(crate) async fn request_fulfilments(
    pools: &Pools,
    operator_id: &OperatorId,
    request_id: &str,
) -> Result<Vec<FulfilmentRecord>, DbError> {
    let sql = format!(
        "SELECT {FULFILMENT_COLUMNS} FROM request_fulfilments WHERE operator_id = $1 AND request_id = $2 \
         ORDER BY started_at_us DESC, id DESC LIMIT 100"
    );
    let rows = sqlx::query(&sql).bind(operator_id.as_str()).bind(request_id).fetch_all(&pools.reader).await?;
    rows.iter().map(fulfilment_from_row).collect()
}

pub(crate) async fn fulfilment_package(
    pools: &Pools,
    operator_id: &OperatorId,
    request_id: &str,
    fulfilment_id: &str,
) -> Result<Option<Vec<u8>>, DbError> {
    let package: Option<Option<Vec<u8>>> = sqlx::query_scalar(
        "SELECT package FROM request_fulfilments WHERE operator_id = $1 AND request_id = $2 AND id = $3",
    )
    .bind(operator_id.as_str())
    .bind(request_id)
    .bind(fulfilment_id)
    .fetch_optional(&pools.reader)
    .await?;
    Ok(package.flatten())
}

pub(crate) async fn fulfilment_act(
    pools: &Pools,
    operator_id: &OperatorId,
    request_id: &str,
    fulfilment_id: &str,
) -> Result<Option<String>, DbError> {
    let act: Option<Option<String>> = sqlx::query_scalar(
        "SELECT act FROM request_fulfilments WHERE operator_id = $1 AND request_id = $2 AND id = $3",
    )
    .bind(operator_id.as_str())
    .bind(request_id)
    .bind(fulfilment_id)
    .fetch_optional(&pools.reader)
    .await?;
    Ok(act.flatten())
}

pub(crate) async fn destruction_log(
    pools: &Pools,
    operator_id: &OperatorId,
    limit: u32,
) -> Result<Vec<DestructionLogEntry>, DbError> {
    let columns: Vec<String> = FULFILMENT_COLUMNS.split(", ").map(|c| format!("f.{c}")).collect();
    let sql = format!(
        "SELECT {}, r.reference, r.request_type, r.jurisdiction FROM request_fulfilments f \
         JOIN requests r ON r.id = f.request_id \
         WHERE f.operator_id = $1 AND f.kind = 'erasure' AND f.act IS NOT NULL \
         ORDER BY f.started_at_us DESC, f.id DESC LIMIT $2",
        columns.join(", ")
    );
    let rows = sqlx::query(&sql).bind(operator_id.as_str()).bind(i64::from(limit)).fetch_all(&pools.reader).await?;
    rows.iter()
        .map(|row| {
            Ok(DestructionLogEntry {
                run: fulfilment_from_row(row)?,
                reference: row.try_get("reference")?,
                request_type: row.try_get("request_type")?,
                jurisdiction: row.try_get("jurisdiction")?,
            })
        })
        .collect()
}

pub(crate) async fn save_fulfilment_plan(
    pools: &Pools,
    operator_id: &OperatorId,
    fulfilment_id: &str,
    plan: &str,
) -> Result<(), DbError> {
    let mut tx = pools.write().await?;
    let updated = sqlx::query("UPDATE request_fulfilments SET plan = $1 WHERE operator_id = $2 AND id = $3")
        .bind(plan)
        .bind(operator_id.as_str())
        .bind(fulfilment_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if updated == 0 {
        return Err(DbError::NotFound { kind: "fulfilment", id: fulfilment_id.to_owned() });
    }
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn pending_plan(
    pools: &Pools,
    operator_id: &OperatorId,
    request_id: &str,
    except: &str,
) -> Result<Option<String>, DbError> {
    let plan: Option<Option<String>> = sqlx::query_scalar(
        "SELECT plan FROM request_fulfilments WHERE operator_id = $1 AND request_id = $2 AND id <> $3 \
         AND kind = 'erasure' AND state <> 'complete' AND plan IS NOT NULL ORDER BY started_at_us DESC, id DESC LIMIT 1",
    )
    .bind(operator_id.as_str())
    .bind(request_id)
    .bind(except)
    .fetch_optional(&pools.reader)
    .await?;
    Ok(plan.flatten())
}
