// Queries of after-sales service: rules and policies as JSON, devices, readings, tickets and their
// histories; each change with its journal entry, a ticket's event with its rewritten summary.
//
// Included into both backend modules beside `queries.rs` (see `backends.rs`); shares its imports.

use tutela_core::service::sla as service_sla;
use tutela_core::service::warranty as service_warranty;

const DEVICE_COLUMNS: &str = "id, serial, product_line, model, region, site_address, subject_ref, delivered_on, \
     installed_on, accepted_on, extensions, repairs, replaces, created_at_us";
const TICKET_COLUMNS: &str =
    "id, reference, device_id, facts, description, policy_key, status, next_due_us, breached, created_at_us";

fn json_text<T: serde::Serialize>(value: &T, what: &'static str) -> Result<String, DbError> {
    serde_json::to_string(value).map_err(|e| DbError::corrupt(what, e))
}

fn optional_date(text: Option<String>, what: &'static str) -> Result<Option<jiff::civil::Date>, DbError> {
    text.map(|t| t.parse().map_err(|e| DbError::corrupt(what, e))).transpose()
}

fn device_from_row(row: &<Driver as sqlx::Database>::Row) -> Result<crate::service::DeviceRecord, DbError> {
    Ok(crate::service::DeviceRecord {
        id: row.try_get("id")?,
        serial: row.try_get("serial")?,
        product_line: row.try_get("product_line")?,
        model: row.try_get("model")?,
        region: row.try_get("region")?,
        site_address: row.try_get("site_address")?,
        subject_ref: row.try_get("subject_ref")?,
        facts: service_warranty::DeviceFacts {
            delivered_on: optional_date(row.try_get("delivered_on")?, "device delivered_on")?,
            installed_on: optional_date(row.try_get("installed_on")?, "device installed_on")?,
            accepted_on: optional_date(row.try_get("accepted_on")?, "device accepted_on")?,
            extensions: from_json(&row.try_get::<String, _>("extensions")?, "device extensions")?,
            repairs: from_json(&row.try_get::<String, _>("repairs")?, "device repairs")?,
        },
        replaces: row.try_get("replaces")?,
        created_at: instant(row.try_get("created_at_us")?, "device created_at")?,
    })
}

fn ticket_from_row(row: &<Driver as sqlx::Database>::Row) -> Result<crate::service::TicketRecord, DbError> {
    Ok(crate::service::TicketRecord {
        id: row.try_get("id")?,
        reference: row.try_get("reference")?,
        device_id: row.try_get("device_id")?,
        facts: from_json(&row.try_get::<String, _>("facts")?, "ticket facts")?,
        description: row.try_get("description")?,
        summary: crate::service::TicketSummary {
            policy_key: row.try_get("policy_key")?,
            status: row.try_get("status")?,
            next_due: optional_instant(row.try_get("next_due_us")?, "ticket next_due")?,
            breached: row.try_get::<i64, _>("breached")? != 0,
        },
        created_at: instant(row.try_get("created_at_us")?, "ticket created_at")?,
    })
}

fn event_kind(text: &str) -> Result<service_sla::EventKind, DbError> {
    serde_json::from_value(serde_json::Value::String(text.to_owned())).map_err(|e| DbError::corrupt("ticket event kind", e))
}

pub(crate) async fn put_warranty_rule(
    pools: &Pools,
    operator_id: &OperatorId,
    rule: &service_warranty::WarrantyRule,
    actor: &Actor,
    now: Timestamp,
) -> Result<(), DbError> {
    let mut tx = pools.write().await?;
    lock_operator(&mut tx, operator_id).await?;
    sqlx::query(
        "INSERT INTO warranty_rules (operator_id, product_line, rule, updated_at_us) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (operator_id, product_line) DO UPDATE SET rule = excluded.rule, updated_at_us = excluded.updated_at_us",
    )
    .bind(operator_id.as_str())
    .bind(&rule.product_line)
    .bind(json_text(rule, "warranty rule")?)
    .bind(now.as_microsecond())
    .execute(&mut *tx)
    .await?;
    let details = serde_json::to_value(rule).map_err(|e| DbError::corrupt("warranty rule", e))?;
    journal(&mut tx, operator_id, actor, Action::PutWarrantyRule, ("warranty_rule", &rule.product_line), details, now)
        .await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn list_warranty_rules(
    pools: &Pools,
    operator_id: &OperatorId,
) -> Result<Vec<service_warranty::WarrantyRule>, DbError> {
    let rows = sqlx::query("SELECT rule FROM warranty_rules WHERE operator_id = $1 ORDER BY product_line")
        .bind(operator_id.as_str())
        .fetch_all(&pools.reader)
        .await?;
    rows.iter().map(|row| from_json(&row.try_get::<String, _>("rule")?, "warranty rule")).collect()
}

/// Rewrites the summary of `ticket` from its history, in `tx`.
async fn resummarize(
    tx: &mut Tx,
    ticket: &mut crate::service::TicketRecord,
    summarize: &dyn crate::service::Summarize,
) -> Result<(), DbError> {
    let rows = sqlx::query("SELECT kind, at_us FROM ticket_events WHERE ticket_id = $1 ORDER BY recorded_at_us, id")
        .bind(&ticket.id)
        .fetch_all(&mut **tx)
        .await?;
    let history = rows
        .iter()
        .map(|row| {
            Ok(service_sla::TicketEvent {
                kind: event_kind(&row.try_get::<String, _>("kind")?)?,
                at: instant(row.try_get("at_us")?, "ticket event at")?,
            })
        })
        .collect::<Result<Vec<_>, DbError>>()?;
    let summary = summarize.summarize(&ticket.facts, &history).map_err(|reason| DbError::Refused {
        kind: "ticket",
        id: ticket.reference.clone(),
        reason,
    })?;
    sqlx::query("UPDATE tickets SET policy_key = $1, status = $2, next_due_us = $3, breached = $4 WHERE id = $5")
        .bind(&summary.policy_key)
        .bind(&summary.status)
        .bind(summary.next_due.map(Timestamp::as_microsecond))
        .bind(i64::from(summary.breached))
        .bind(&ticket.id)
        .execute(&mut **tx)
        .await?;
    ticket.summary = summary;
    Ok(())
}

pub(crate) async fn put_sla_policies(
    pools: &Pools,
    operator_id: &OperatorId,
    policies: &[service_sla::SlaPolicy],
    actor: &Actor,
    summarize: &dyn crate::service::Summarize,
    now: Timestamp,
) -> Result<u32, DbError> {
    let mut tx = pools.write().await?;
    lock_operator(&mut tx, operator_id).await?;
    let version: Option<i64> = sqlx::query_scalar("SELECT version FROM sla_policies WHERE operator_id = $1")
        .bind(operator_id.as_str())
        .fetch_optional(&mut *tx)
        .await?;
    let version = version.unwrap_or(0) + 1;
    sqlx::query(
        "INSERT INTO sla_policies (operator_id, policies, version, updated_at_us) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (operator_id) DO UPDATE SET policies = excluded.policies, version = excluded.version, \
         updated_at_us = excluded.updated_at_us",
    )
    .bind(operator_id.as_str())
    .bind(json_text(&policies, "service-level policies")?)
    .bind(version)
    .bind(now.as_microsecond())
    .execute(&mut *tx)
    .await?;
    let sql = format!("SELECT {TICKET_COLUMNS} FROM tickets WHERE operator_id = $1 AND status <> 'closed'");
    let rows = sqlx::query(&sql).bind(operator_id.as_str()).fetch_all(&mut *tx).await?;
    let mut tickets = rows.iter().map(ticket_from_row).collect::<Result<Vec<_>, _>>()?;
    for ticket in &mut tickets {
        resummarize(&mut tx, ticket, summarize).await?;
    }
    let keys: Vec<&str> = policies.iter().map(|p| p.key.as_str()).collect();
    let details = serde_json::json!({ "version": version, "policies": keys, "tickets_recomputed": tickets.len() });
    journal(&mut tx, operator_id, actor, Action::PutSlaPolicies, ("sla_policies", &version.to_string()), details, now)
        .await?;
    tx.commit().await?;
    Ok(tickets.len() as u32)
}

pub(crate) async fn sla_policies(
    pools: &Pools,
    operator_id: &OperatorId,
) -> Result<(Vec<service_sla::SlaPolicy>, i64), DbError> {
    let row = sqlx::query("SELECT policies, version FROM sla_policies WHERE operator_id = $1")
        .bind(operator_id.as_str())
        .fetch_optional(&pools.reader)
        .await?;
    match row {
        Some(row) => Ok((from_json(&row.try_get::<String, _>("policies")?, "service-level policies")?, row.try_get("version")?)),
        None => Ok((Vec::new(), 0)),
    }
}

pub(crate) async fn create_device(
    pools: &Pools,
    operator_id: &OperatorId,
    new: &crate::service::NewDevice,
    actor: &Actor,
    now: Timestamp,
) -> Result<crate::service::DeviceRecord, DbError> {
    let mut tx = pools.write().await?;
    let record = insert_device(&mut tx, operator_id, new, actor, now).await?;
    tx.commit().await?;
    Ok(record)
}

/// Registers a device with its schedule's clocks, journaled, in `tx`.
async fn insert_device(
    tx: &mut Tx,
    operator_id: &OperatorId,
    new: &crate::service::NewDevice,
    actor: &Actor,
    now: Timestamp,
) -> Result<crate::service::DeviceRecord, DbError> {
    let record = crate::service::DeviceRecord {
        id: new_id(),
        serial: new.serial.clone(),
        product_line: new.product_line.clone(),
        model: new.model.clone(),
        region: new.region.clone(),
        site_address: new.site_address.clone(),
        subject_ref: new.subject_ref.clone(),
        facts: service_warranty::DeviceFacts { repairs: Vec::new(), ..new.facts.clone() },
        replaces: new.replaces.clone(),
        created_at: now,
    };
    let date = |d: Option<jiff::civil::Date>| d.map(|d| d.to_string());
    let inserted = sqlx::query(&format!(
        "INSERT INTO devices (operator_id, {DEVICE_COLUMNS}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
    ))
    .bind(operator_id.as_str())
    .bind(&record.id)
    .bind(&record.serial)
    .bind(&record.product_line)
    .bind(&record.model)
    .bind(&record.region)
    .bind(&record.site_address)
    .bind(&record.subject_ref)
    .bind(date(record.facts.delivered_on))
    .bind(date(record.facts.installed_on))
    .bind(date(record.facts.accepted_on))
    .bind(json_text(&record.facts.extensions, "device extensions")?)
    .bind("[]")
    .bind(&record.replaces)
    .bind(now.as_microsecond())
    .execute(&mut **tx)
    .await;
    inserted.map_err(|e| conflict_or(e, "device", &record.serial))?;
    let details = serde_json::json!({ "serial": record.serial, "product_line": record.product_line,
        "model": record.model, "region": record.region, "subject": record.subject_ref, "replaces": record.replaces });
    journal(tx, operator_id, actor, Action::RegisterDevice, ("device", &record.id), details, now).await?;
    for spec in &new.clocks {
        let mut spec = spec.clone();
        spec.subject_ref = SubjectRef::parse(&record.serial).ok();
        let (clock, clock_details) = insert_clock(tx, operator_id, &spec, now).await?;
        journal(tx, operator_id, actor, Action::StartClock, ("clock", &clock.id), clock_details, now).await?;
    }
    Ok(record)
}

async fn device_in(tx: &mut Tx, operator_id: &OperatorId, id: &str) -> Result<crate::service::DeviceRecord, DbError> {
    let sql = format!(
        "SELECT {DEVICE_COLUMNS} FROM devices WHERE operator_id = $1 AND (id = $2 OR serial = $2){LOCK_ROW}"
    );
    let row = sqlx::query(&sql).bind(operator_id.as_str()).bind(id).fetch_optional(&mut **tx).await?;
    row.as_ref().map(device_from_row).transpose()?.ok_or_else(|| DbError::NotFound { kind: "device", id: id.to_owned() })
}

pub(crate) async fn get_device(
    pools: &Pools,
    operator_id: &OperatorId,
    id: &str,
) -> Result<Option<(crate::service::DeviceRecord, Vec<crate::service::MeterReading>)>, DbError> {
    let sql = format!("SELECT {DEVICE_COLUMNS} FROM devices WHERE operator_id = $1 AND (id = $2 OR serial = $2)");
    let Some(row) = sqlx::query(&sql).bind(operator_id.as_str()).bind(id).fetch_optional(&pools.reader).await? else {
        return Ok(None);
    };
    let device = device_from_row(&row)?;
    let rows = sqlx::query("SELECT unit, reading, read_at_us FROM meter_readings WHERE device_id = $1 ORDER BY read_at_us")
        .bind(&device.id)
        .fetch_all(&pools.reader)
        .await?;
    let readings = rows
        .iter()
        .map(|row| {
            let unit: String = row.try_get("unit")?;
            Ok(crate::service::MeterReading {
                unit: serde_json::from_value(serde_json::Value::String(unit)).map_err(|e| DbError::corrupt("meter unit", e))?,
                reading: row.try_get::<i64, _>("reading")? as u64,
                at: instant(row.try_get("read_at_us")?, "meter reading at")?,
            })
        })
        .collect::<Result<Vec<_>, DbError>>()?;
    Ok(Some((device, readings)))
}

pub(crate) async fn list_devices(
    pools: &Pools,
    operator_id: &OperatorId,
    subject_ref: Option<&str>,
    limit: u32,
) -> Result<Vec<crate::service::DeviceRecord>, DbError> {
    let sql = format!(
        "SELECT {DEVICE_COLUMNS} FROM devices WHERE operator_id = $1 AND ($2 IS NULL OR subject_ref = $2) \
         ORDER BY serial LIMIT $3"
    );
    let rows =
        sqlx::query(&sql).bind(operator_id.as_str()).bind(subject_ref).bind(i64::from(limit)).fetch_all(&pools.reader).await?;
    rows.iter().map(device_from_row).collect()
}

pub(crate) async fn add_meter_reading(
    pools: &Pools,
    operator_id: &OperatorId,
    device_id: &str,
    reading: crate::service::MeterReading,
    actor: &Actor,
    now: Timestamp,
) -> Result<(), DbError> {
    let mut tx = pools.write().await?;
    let device = device_in(&mut tx, operator_id, device_id).await?;
    let unit = reading.unit.as_str();
    let last = sqlx::query(
        "SELECT reading, read_at_us FROM meter_readings WHERE device_id = $1 AND unit = $2 ORDER BY read_at_us DESC LIMIT 1",
    )
    .bind(&device.id)
    .bind(unit)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(last) = last {
        let (value, at): (i64, i64) = (last.try_get("reading")?, last.try_get("read_at_us")?);
        if (reading.reading as i64) < value || reading.at.as_microsecond() <= at {
            return Err(DbError::Refused {
                kind: "meter reading",
                id: device.serial.clone(),
                reason: format!(
                    "a meter only goes up: the last {unit} reading is {value} at {}; this one is {} at {}",
                    instant(at, "meter reading at")?,
                    reading.reading,
                    reading.at
                ),
            });
        }
    }
    sqlx::query("INSERT INTO meter_readings (device_id, unit, reading, read_at_us) VALUES ($1, $2, $3, $4)")
        .bind(&device.id)
        .bind(unit)
        .bind(reading.reading as i64)
        .bind(reading.at.as_microsecond())
        .execute(&mut *tx)
        .await?;
    let details = serde_json::json!({ "unit": unit, "reading": reading.reading, "at": reading.at.to_string() });
    journal(&mut tx, operator_id, actor, Action::RecordMeterReading, ("device", &device.id), details, now).await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn add_repair(
    pools: &Pools,
    operator_id: &OperatorId,
    device_id: &str,
    repair: &service_warranty::PriorRepair,
    actor: &Actor,
    now: Timestamp,
) -> Result<crate::service::DeviceRecord, DbError> {
    let mut tx = pools.write().await?;
    let mut device = device_in(&mut tx, operator_id, device_id).await?;
    if device.facts.repairs.len() >= crate::service::MAX_DEVICE_REPAIRS {
        return Err(DbError::Limit { kind: "repairs per device", max: crate::service::MAX_DEVICE_REPAIRS as u32 });
    }
    device.facts.repairs.push(repair.clone());
    sqlx::query("UPDATE devices SET repairs = $1 WHERE id = $2")
        .bind(json_text(&device.facts.repairs, "device repairs")?)
        .bind(&device.id)
        .execute(&mut *tx)
        .await?;
    let details = serde_json::to_value(repair).map_err(|e| DbError::corrupt("repair", e))?;
    journal(&mut tx, operator_id, actor, Action::RecordRepair, ("device", &device.id), details, now).await?;
    tx.commit().await?;
    Ok(device)
}

async fn insert_ticket_event(
    tx: &mut Tx,
    ticket_id: &str,
    event: service_sla::TicketEvent,
    note: &str,
    actor: &Actor,
    now: Timestamp,
) -> Result<(), DbError> {
    sqlx::query(
        "INSERT INTO ticket_events (id, ticket_id, kind, at_us, note, actor, recorded_at_us) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(new_id())
    .bind(ticket_id)
    .bind(event.kind.as_str())
    .bind(event.at.as_microsecond())
    .bind(note)
    .bind(actor.as_str())
    .bind(now.as_microsecond())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(crate) async fn create_ticket(
    pools: &Pools,
    operator_id: &OperatorId,
    new: &crate::service::NewTicket,
    actor: &Actor,
    summarize: &dyn crate::service::Summarize,
    now: Timestamp,
) -> Result<crate::service::TicketRecord, DbError> {
    let mut tx = pools.write().await?;
    lock_operator(&mut tx, operator_id).await?;
    if let Some(device) = &new.device_id {
        device_in(&mut tx, operator_id, device).await?;
    }
    let last: Option<i64> = sqlx::query_scalar("SELECT MAX(number) FROM tickets WHERE operator_id = $1")
        .bind(operator_id.as_str())
        .fetch_one(&mut *tx)
        .await?;
    let number = last.unwrap_or(0) + 1;
    let mut record = crate::service::TicketRecord {
        id: new_id(),
        reference: format!("TKT-{number:06}"),
        device_id: new.device_id.clone(),
        facts: new.facts.clone(),
        description: new.description.clone(),
        summary: crate::service::TicketSummary {
            policy_key: String::new(),
            status: "open".into(),
            next_due: None,
            breached: false,
        },
        created_at: new.created_at,
    };
    sqlx::query(&format!(
        "INSERT INTO tickets (operator_id, number, {TICKET_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, '', 'open', NULL, 0, $8)"
    ))
    .bind(operator_id.as_str())
    .bind(number)
    .bind(&record.id)
    .bind(&record.reference)
    .bind(&record.device_id)
    .bind(json_text(&record.facts, "ticket facts")?)
    .bind(&record.description)
    .bind(record.created_at.as_microsecond())
    .execute(&mut *tx)
    .await?;
    let created = service_sla::TicketEvent { at: new.created_at, kind: service_sla::EventKind::Created };
    insert_ticket_event(&mut tx, &record.id, created, &new.description, actor, now).await?;
    resummarize(&mut tx, &mut record, summarize).await?;
    let details = serde_json::json!({ "device": record.device_id, "facts": record.facts,
        "policy": record.summary.policy_key, "created_at": record.created_at.to_string() });
    journal(&mut tx, operator_id, actor, Action::OpenTicket, ("ticket", &record.reference), details, now).await?;
    tx.commit().await?;
    Ok(record)
}

async fn ticket_in(tx: &mut Tx, operator_id: &OperatorId, id: &str) -> Result<crate::service::TicketRecord, DbError> {
    let sql = format!(
        "SELECT {TICKET_COLUMNS} FROM tickets WHERE operator_id = $1 AND (id = $2 OR reference = $2){LOCK_ROW}"
    );
    let row = sqlx::query(&sql).bind(operator_id.as_str()).bind(id).fetch_optional(&mut **tx).await?;
    row.as_ref().map(ticket_from_row).transpose()?.ok_or_else(|| DbError::NotFound { kind: "ticket", id: id.to_owned() })
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn record_ticket_event(
    pools: &Pools,
    operator_id: &OperatorId,
    ticket_id: &str,
    event: service_sla::TicketEvent,
    note: &str,
    actor: &Actor,
    summarize: &dyn crate::service::Summarize,
    now: Timestamp,
) -> Result<crate::service::TicketRecord, DbError> {
    let mut tx = pools.write().await?;
    let mut ticket = ticket_in(&mut tx, operator_id, ticket_id).await?;
    insert_ticket_event(&mut tx, &ticket.id, event, note, actor, now).await?;
    resummarize(&mut tx, &mut ticket, summarize).await?;
    let details = serde_json::json!({ "event": event.kind.as_str(), "at": event.at.to_string(), "note": note,
        "status": ticket.summary.status, "breached": ticket.summary.breached });
    journal(&mut tx, operator_id, actor, Action::RecordTicketEvent, ("ticket", &ticket.reference), details, now).await?;
    tx.commit().await?;
    Ok(ticket)
}

pub(crate) async fn get_ticket(
    pools: &Pools,
    operator_id: &OperatorId,
    id: &str,
) -> Result<Option<(crate::service::TicketRecord, Vec<crate::service::TicketEventRecord>)>, DbError> {
    let sql = format!("SELECT {TICKET_COLUMNS} FROM tickets WHERE operator_id = $1 AND (id = $2 OR reference = $2)");
    let Some(row) = sqlx::query(&sql).bind(operator_id.as_str()).bind(id).fetch_optional(&pools.reader).await? else {
        return Ok(None);
    };
    let ticket = ticket_from_row(&row)?;
    let rows = sqlx::query(
        "SELECT kind, at_us, note, actor, recorded_at_us FROM ticket_events WHERE ticket_id = $1 ORDER BY recorded_at_us, id",
    )
    .bind(&ticket.id)
    .fetch_all(&pools.reader)
    .await?;
    let events = rows
        .iter()
        .map(|row| {
            Ok(crate::service::TicketEventRecord {
                event: service_sla::TicketEvent {
                    kind: event_kind(&row.try_get::<String, _>("kind")?)?,
                    at: instant(row.try_get("at_us")?, "ticket event at")?,
                },
                note: row.try_get("note")?,
                actor: row.try_get("actor")?,
                recorded_at: instant(row.try_get("recorded_at_us")?, "ticket event recorded_at")?,
            })
        })
        .collect::<Result<Vec<_>, DbError>>()?;
    Ok(Some((ticket, events)))
}

pub(crate) async fn list_tickets(
    pools: &Pools,
    operator_id: &OperatorId,
    open_only: bool,
    device_id: Option<&str>,
    limit: u32,
) -> Result<Vec<crate::service::TicketRecord>, DbError> {
    let (filter, order) = if open_only {
        ("AND status <> 'closed' AND next_due_us IS NOT NULL", "next_due_us, number")
    } else {
        ("", "number DESC")
    };
    let sql = format!(
        "SELECT {TICKET_COLUMNS} FROM tickets WHERE operator_id = $1 AND ($2 IS NULL OR device_id = $2) {filter} \
         ORDER BY {order} LIMIT $3"
    );
    let rows =
        sqlx::query(&sql).bind(operator_id.as_str()).bind(device_id).bind(i64::from(limit)).fetch_all(&pools.reader).await?;
    rows.iter().map(ticket_from_row).collect()
}

// ---------------------------------------------------------------------------------------------------
// Service reports

const REPORT_COLUMNS: &str = "report, charge_minor, reported_by, reported_at_us, confirmation, closed_at_us, \
     callback_clock_id, satisfaction, callback_note";

fn report_from_row(row: &<Driver as sqlx::Database>::Row) -> Result<crate::service::ServiceReportRecord, DbError> {
    let confirmation: Option<String> = row.try_get("confirmation")?;
    Ok(crate::service::ServiceReportRecord {
        report: from_json(&row.try_get::<String, _>("report")?, "service report")?,
        charge_minor: row.try_get::<i64, _>("charge_minor")? as u64,
        reported_by: row.try_get("reported_by")?,
        reported_at: instant(row.try_get("reported_at_us")?, "service report at")?,
        confirmation: confirmation.map(|text| from_json(&text, "service report confirmation")).transpose()?,
        closed_at: optional_instant(row.try_get("closed_at_us")?, "service report closed_at")?,
        callback_clock_id: row.try_get("callback_clock_id")?,
        satisfaction: row.try_get::<Option<i64>, _>("satisfaction")?.map(|s| s as u8),
        callback_note: row.try_get("callback_note")?,
    })
}

async fn report_in(tx: &mut Tx, ticket_id: &str) -> Result<Option<crate::service::ServiceReportRecord>, DbError> {
    let sql = format!("SELECT {REPORT_COLUMNS} FROM service_reports WHERE ticket_id = $1{LOCK_ROW}");
    let row = sqlx::query(&sql).bind(ticket_id).fetch_optional(&mut **tx).await?;
    row.as_ref().map(report_from_row).transpose()
}

fn no_report(reference: &str) -> DbError {
    DbError::Refused {
        kind: "ticket",
        id: reference.to_owned(),
        reason: "it has no service report yet: PUT /api/v1/tickets/{ticket}/report first".to_owned(),
    }
}

pub(crate) async fn put_service_report(
    pools: &Pools,
    operator_id: &OperatorId,
    ticket_id: &str,
    report: &tutela_core::service::report::VisitReport,
    actor: &Actor,
    now: Timestamp,
) -> Result<crate::service::ServiceReportRecord, DbError> {
    let mut tx = pools.write().await?;
    let ticket = ticket_in(&mut tx, operator_id, ticket_id).await?;
    if let Some(confirmed) = report_in(&mut tx, &ticket.id).await?.and_then(|r| r.confirmation) {
        return Err(DbError::Refused {
            kind: "service report",
            id: ticket.reference.clone(),
            reason: format!("the customer confirmed it on {}: a confirmed report is not changed", confirmed.at),
        });
    }
    let charge = report.charge_minor();
    sqlx::query(
        "INSERT INTO service_reports (ticket_id, operator_id, report, charge_minor, reported_by, reported_at_us) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (ticket_id) DO UPDATE SET report = excluded.report, \
         charge_minor = excluded.charge_minor, reported_by = excluded.reported_by, reported_at_us = excluded.reported_at_us",
    )
    .bind(&ticket.id)
    .bind(operator_id.as_str())
    .bind(json_text(report, "service report")?)
    .bind(charge as i64)
    .bind(actor.as_str())
    .bind(now.as_microsecond())
    .execute(&mut *tx)
    .await?;
    let details = serde_json::json!({ "engineer": report.engineer, "coverage": report.coverage,
        "parts": report.parts.len(), "charge_minor": charge, "currency": report.currency });
    journal(&mut tx, operator_id, actor, Action::ReportService, ("ticket", &ticket.reference), details, now).await?;
    let record = report_in(&mut tx, &ticket.id).await?.ok_or_else(|| no_report(&ticket.reference))?;
    tx.commit().await?;
    Ok(record)
}

pub(crate) async fn service_report(
    pools: &Pools,
    operator_id: &OperatorId,
    ticket_id: &str,
) -> Result<Option<crate::service::ServiceReportRecord>, DbError> {
    let sql = format!(
        "SELECT {REPORT_COLUMNS} FROM service_reports WHERE operator_id = $1 AND ticket_id = \
         (SELECT id FROM tickets WHERE operator_id = $1 AND (id = $2 OR reference = $2))"
    );
    let row = sqlx::query(&sql).bind(operator_id.as_str()).bind(ticket_id).fetch_optional(&pools.reader).await?;
    row.as_ref().map(report_from_row).transpose()
}

pub(crate) async fn confirm_service_report(
    pools: &Pools,
    operator_id: &OperatorId,
    ticket_id: &str,
    name: &str,
    method: &str,
    actor: &Actor,
    now: Timestamp,
) -> Result<crate::service::ServiceReportRecord, DbError> {
    let mut tx = pools.write().await?;
    let ticket = ticket_in(&mut tx, operator_id, ticket_id).await?;
    let mut record = report_in(&mut tx, &ticket.id).await?.ok_or_else(|| no_report(&ticket.reference))?;
    let confirmation = tutela_core::service::report::confirm(record.confirmation.as_ref(), name, now, method)
        .map_err(|e| DbError::Refused { kind: "service report", id: ticket.reference.clone(), reason: e.to_string() })?;
    sqlx::query("UPDATE service_reports SET confirmation = $1 WHERE ticket_id = $2")
        .bind(json_text(&confirmation, "service report confirmation")?)
        .bind(&ticket.id)
        .execute(&mut *tx)
        .await?;
    let details = serde_json::json!({ "name": confirmation.name, "method": confirmation.method });
    journal(&mut tx, operator_id, actor, Action::ConfirmServiceReport, ("ticket", &ticket.reference), details, now)
        .await?;
    tx.commit().await?;
    record.confirmation = Some(confirmation);
    Ok(record)
}

pub(crate) async fn close_ticket(
    pools: &Pools,
    operator_id: &OperatorId,
    ticket_id: &str,
    callback: &tutela_core::clock::ClockSpec,
    actor: &Actor,
    summarize: &dyn crate::service::Summarize,
    now: Timestamp,
) -> Result<crate::service::ServiceReportRecord, DbError> {
    let mut tx = pools.write().await?;
    let mut ticket = ticket_in(&mut tx, operator_id, ticket_id).await?;
    let mut record = report_in(&mut tx, &ticket.id).await?.ok_or_else(|| no_report(&ticket.reference))?;
    let refused = |reason: String| DbError::Refused { kind: "ticket", id: ticket.reference.clone(), reason };
    tutela_core::service::report::may_close(record.confirmation.as_ref()).map_err(|e| refused(e.to_string()))?;
    if record.closed_at.is_some() {
        return Err(refused("it is closed already".to_owned()));
    }
    let closed = service_sla::TicketEvent { at: now, kind: service_sla::EventKind::Closed };
    insert_ticket_event(&mut tx, &ticket.id, closed, "closed with its confirmed service report", actor, now).await?;
    resummarize(&mut tx, &mut ticket, summarize).await?;
    let mut spec = callback.clone();
    spec.subject_ref = SubjectRef::parse(&ticket.reference).ok();
    let (clock, clock_details) = insert_clock(&mut tx, operator_id, &spec, now).await?;
    journal(&mut tx, operator_id, actor, Action::StartClock, ("clock", &clock.id), clock_details, now).await?;
    sqlx::query("UPDATE service_reports SET closed_at_us = $1, callback_clock_id = $2 WHERE ticket_id = $3")
        .bind(now.as_microsecond())
        .bind(&clock.id)
        .bind(&ticket.id)
        .execute(&mut *tx)
        .await?;
    let details = serde_json::json!({ "event": "closed", "callback_clock": clock.id });
    journal(&mut tx, operator_id, actor, Action::RecordTicketEvent, ("ticket", &ticket.reference), details, now).await?;
    tx.commit().await?;
    record.closed_at = Some(now);
    record.callback_clock_id = Some(clock.id);
    Ok(record)
}

pub(crate) async fn record_callback(
    pools: &Pools,
    operator_id: &OperatorId,
    ticket_id: &str,
    satisfaction: u8,
    note: &str,
    actor: &Actor,
    now: Timestamp,
) -> Result<crate::service::ServiceReportRecord, DbError> {
    let mut tx = pools.write().await?;
    let ticket = ticket_in(&mut tx, operator_id, ticket_id).await?;
    let mut record = report_in(&mut tx, &ticket.id).await?.ok_or_else(|| no_report(&ticket.reference))?;
    let Some(clock_id) = record.callback_clock_id.clone().filter(|_| record.satisfaction.is_none()) else {
        return Err(DbError::Refused {
            kind: "ticket",
            id: ticket.reference.clone(),
            reason: "a call-back is recorded once, after the ticket was closed".to_owned(),
        });
    };
    update_clock_in(&mut tx, operator_id, &clock_id, actor, Action::CompleteClock, |c| {
        c.complete(now).map(|outcome| serde_json::json!({ "outcome": outcome, "satisfaction": satisfaction }))
    }, now)
    .await?;
    sqlx::query("UPDATE service_reports SET satisfaction = $1, callback_note = $2 WHERE ticket_id = $3")
        .bind(i64::from(satisfaction))
        .bind(note)
        .bind(&ticket.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    record.satisfaction = Some(satisfaction);
    record.callback_note = Some(note.to_owned());
    Ok(record)
}

pub(crate) async fn ticket_histories(
    pools: &Pools,
    operator_id: &OperatorId,
    since: Timestamp,
    limit: u32,
) -> Result<Vec<(crate::service::TicketRecord, Vec<service_sla::TicketEvent>)>, DbError> {
    let sql = format!(
        "SELECT {TICKET_COLUMNS} FROM tickets WHERE operator_id = $1 AND created_at_us >= $2 ORDER BY number DESC LIMIT $3"
    );
    let rows = sqlx::query(&sql)
        .bind(operator_id.as_str())
        .bind(since.as_microsecond())
        .bind(i64::from(limit))
        .fetch_all(&pools.reader)
        .await?;
    let tickets = rows.iter().map(ticket_from_row).collect::<Result<Vec<_>, _>>()?;
    // Tickets are numbered in the order they were entered, not by when they were reported.
    let Some(oldest) = tickets.iter().map(|t| t.created_at).min() else { return Ok(Vec::new()) };
    let events = sqlx::query(
        "SELECT e.ticket_id, e.kind, e.at_us FROM ticket_events e JOIN tickets t ON t.id = e.ticket_id \
         WHERE t.operator_id = $1 AND t.created_at_us >= $2 ORDER BY e.recorded_at_us, e.id",
    )
    .bind(operator_id.as_str())
    .bind(oldest.as_microsecond())
    .fetch_all(&pools.reader)
    .await?;
    let mut by_ticket: std::collections::HashMap<String, Vec<service_sla::TicketEvent>> =
        tickets.iter().map(|t| (t.id.clone(), Vec::new())).collect();
    for row in &events {
        let ticket_id: String = row.try_get("ticket_id")?;
        if let Some(history) = by_ticket.get_mut(&ticket_id) {
            history.push(service_sla::TicketEvent {
                kind: event_kind(&row.try_get::<String, _>("kind")?)?,
                at: instant(row.try_get("at_us")?, "ticket event at")?,
            });
        }
    }
    Ok(tickets
        .into_iter()
        .map(|t| {
            let history = by_ticket.remove(&t.id).unwrap_or_default();
            (t, history)
        })
        .collect())
}

// ---------------------------------------------------------------------------------------------------
// Returns and exchanges

const RETURN_COLUMNS: &str = "id, kind, requested_on, items, reason, verdict, new_device_id, created_at_us";

fn return_from_row(row: &<Driver as sqlx::Database>::Row) -> Result<crate::service::ReturnRecord, DbError> {
    let requested_on: String = row.try_get("requested_on")?;
    Ok(crate::service::ReturnRecord {
        id: row.try_get("id")?,
        kind: row.try_get("kind")?,
        requested_on: requested_on.parse().map_err(|e| DbError::corrupt("return requested_on", e))?,
        items: from_json(&row.try_get::<String, _>("items")?, "return items")?,
        reason: row.try_get("reason")?,
        verdict: from_json(&row.try_get::<String, _>("verdict")?, "return verdict")?,
        new_device_id: row.try_get("new_device_id")?,
        created_at: instant(row.try_get("created_at_us")?, "return created_at")?,
    })
}

pub(crate) async fn record_return(
    pools: &Pools,
    operator_id: &OperatorId,
    device_id: &str,
    new: &crate::service::NewReturn,
    actor: &Actor,
    now: Timestamp,
) -> Result<crate::service::ReturnRecord, DbError> {
    let mut tx = pools.write().await?;
    let device = device_in(&mut tx, operator_id, device_id).await?;
    let replacement = match &new.replacement {
        Some(replacement) => Some(insert_device(&mut tx, operator_id, replacement, actor, now).await?),
        None => None,
    };
    let record = crate::service::ReturnRecord {
        id: new_id(),
        kind: new.kind.clone(),
        requested_on: new.requested_on,
        items: new.items.clone(),
        reason: new.reason.clone(),
        verdict: new.verdict.clone(),
        new_device_id: replacement.map(|d| d.id),
        created_at: now,
    };
    sqlx::query(&format!(
        "INSERT INTO device_returns (operator_id, device_id, created_by, {RETURN_COLUMNS}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)"
    ))
    .bind(operator_id.as_str())
    .bind(&device.id)
    .bind(actor.as_str())
    .bind(&record.id)
    .bind(&record.kind)
    .bind(record.requested_on.to_string())
    .bind(json_text(&record.items, "return items")?)
    .bind(&record.reason)
    .bind(json_text(&record.verdict, "return verdict")?)
    .bind(&record.new_device_id)
    .bind(now.as_microsecond())
    .execute(&mut *tx)
    .await?;
    let details = serde_json::json!({ "kind": record.kind, "verdict": record.verdict, "items": record.items,
        "new_device": record.new_device_id });
    journal(&mut tx, operator_id, actor, Action::RecordReturn, ("device", &device.id), details, now).await?;
    tx.commit().await?;
    Ok(record)
}

pub(crate) async fn list_returns(
    pools: &Pools,
    operator_id: &OperatorId,
    device_id: &str,
) -> Result<Vec<crate::service::ReturnRecord>, DbError> {
    let sql = format!(
        "SELECT {RETURN_COLUMNS} FROM device_returns WHERE operator_id = $1 AND device_id = \
         (SELECT id FROM devices WHERE operator_id = $1 AND (id = $2 OR serial = $2)) ORDER BY created_at_us, id"
    );
    let rows = sqlx::query(&sql).bind(operator_id.as_str()).bind(device_id).fetch_all(&pools.reader).await?;
    rows.iter().map(return_from_row).collect()
}
