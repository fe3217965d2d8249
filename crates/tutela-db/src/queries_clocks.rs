// Queries for clocks: starting, changing under a row lock, and moving due ones.
//
// Included into both backend modules beside `queries.rs` (see `backends.rs`); shares its imports.

use tutela_core::clock::{Clock, ClockError, ClockSpec, ClockState};

const CLOCK_COLUMNS: &str = "id, operator_id, kind, label, subject_ref, state, body, created_at_us, updated_at_us";

fn clock_from_row(row: &<Driver as sqlx::Database>::Row) -> Result<ClockRecord, DbError> {
    let state: String = row.try_get("state")?;
    let body: String = row.try_get("body")?;
    Ok(ClockRecord {
        id: row.try_get("id")?,
        operator_id: crate::stored_operator_id(&row.try_get::<String, _>("operator_id")?)?,
        kind: row.try_get("kind")?,
        label: row.try_get("label")?,
        subject_ref: row
            .try_get::<Option<String>, _>("subject_ref")?
            .map(|text| SubjectRef::parse(&text).map_err(|e| DbError::corrupt("clock subject", e)))
            .transpose()?,
        state: ClockState::parse(&state).ok_or_else(|| DbError::corrupt("clock state", &state))?,
        clock: serde_json::from_str(&body).map_err(|e| DbError::corrupt("clock", e))?,
        created_at: instant(row.try_get("created_at_us")?, "clock created_at")?,
        updated_at: instant(row.try_get("updated_at_us")?, "clock updated_at")?,
    })
}

fn clock_body(clock: &Clock) -> Result<String, DbError> {
    serde_json::to_string(clock).map_err(|e| DbError::corrupt("clock", e))
}

fn micros(at: Option<Timestamp>) -> Option<i64> {
    at.map(jiff::Timestamp::as_microsecond)
}

pub(crate) async fn start_clock(
    pools: &Pools,
    operator_id: &OperatorId,
    new: &ClockSpec,
    actor: &Actor,
    now: Timestamp,
) -> Result<ClockRecord, DbError> {
    let mut tx = pools.write().await?;
    let (record, details) = insert_clock(&mut tx, operator_id, new, now).await?;
    journal(&mut tx, operator_id, actor, Action::StartClock, ("clock", &record.id), details, now).await?;
    tx.commit().await?;
    Ok(record)
}

/// Inserts a new clock's row; the caller journals `start_clock` with the details returned.
async fn insert_clock(
    tx: &mut Tx,
    operator_id: &OperatorId,
    new: &ClockSpec,
    now: Timestamp,
) -> Result<(ClockRecord, serde_json::Value), DbError> {
    // A clock may start in the past (a request received yesterday): it is stored as it was at its
    // start, and the scheduler moves it on at once, journaling and announcing each change.
    let record = ClockRecord {
        id: new_id(),
        operator_id: operator_id.clone(),
        kind: new.kind.clone(),
        label: new.label.clone(),
        subject_ref: new.subject_ref.clone(),
        state: settled_state(ClockState::Running, new.clock.state_at(new.clock.start_at())),
        clock: new.clock.clone(),
        created_at: now,
        updated_at: now,
    };
    sqlx::query(
        "INSERT INTO clocks (id, operator_id, kind, label, subject_ref, calendar_id, state, due_at_us, \
         next_check_at_us, body, created_at_us, updated_at_us) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)",
    )
    .bind(&record.id)
    .bind(operator_id.as_str())
    .bind(&new.kind)
    .bind(&new.label)
    .bind(new.subject_ref.as_ref().map(SubjectRef::as_str))
    .bind(new.clock.calendar_id().to_string())
    .bind(record.state.as_str())
    .bind(new.clock.due().as_microsecond())
    .bind(next_check(&record, now))
    .bind(clock_body(&new.clock)?)
    .bind(now.as_microsecond())
    .execute(&mut **tx)
    .await?;
    let details = serde_json::json!({
        "kind": new.kind,
        "duration": new.clock.duration(),
        "calendar": new.clock.calendar_id(),
        "due": new.clock.due(),
    });
    Ok((record, details))
}

pub(crate) async fn get_clock(
    pools: &Pools,
    operator_id: &OperatorId,
    clock_id: &str,
) -> Result<Option<ClockRecord>, DbError> {
    let sql = format!("SELECT {CLOCK_COLUMNS} FROM clocks WHERE id = $1 AND operator_id = $2");
    let row = sqlx::query(&sql).bind(clock_id).bind(operator_id.as_str()).fetch_optional(&pools.reader).await?;
    row.as_ref().map(clock_from_row).transpose()
}

pub(crate) async fn list_clocks(
    pools: &Pools,
    operator_id: &OperatorId,
    state: Option<ClockState>,
    after: Option<&str>,
    limit: u32,
) -> Result<Vec<ClockRecord>, DbError> {
    let filter = state.map(|state| ("t.state = $4", state.as_str().to_owned()));
    let page =
        Keyset { table: "clocks", kind: "clock", columns: CLOCK_COLUMNS, key: &["due_at_us", "id"], descending: false, filter };
    keyset_page(pools, page, operator_id, after, limit).await?.iter().map(clock_from_row).collect()
}

pub(crate) async fn open_clocks_of_kind(
    pools: &Pools,
    operator_id: &OperatorId,
    kind: &str,
    limit: u32,
) -> Result<Vec<ClockRecord>, DbError> {
    let sql = format!(
        "SELECT {CLOCK_COLUMNS} FROM clocks WHERE operator_id = $1 AND kind = $2 AND state NOT IN ('met', 'met_late') \
         ORDER BY due_at_us, id LIMIT $3"
    );
    let rows =
        sqlx::query(&sql).bind(operator_id.as_str()).bind(kind).bind(i64::from(limit)).fetch_all(&pools.reader).await?;
    rows.iter().map(clock_from_row).collect()
}

/// The state to store after an action, given the stored state before it. Due-soon and breached are
/// entered only by the scheduler, which journals and announces them; an action that lands a clock
/// in one of them stores the state before it, and the scheduler is asked to look at once.
fn settled_state(before: ClockState, actual: ClockState) -> ClockState {
    match actual {
        ClockState::DueSoon | ClockState::Breached if actual != before => {
            if before == ClockState::DueSoon {
                ClockState::DueSoon
            } else {
                ClockState::Running
            }
        }
        _ => actual,
    }
}

/// When the scheduler should next look at a clock whose stored state is `record.state`: now if the
/// clock has already moved on, otherwise at its next transition.
fn next_check(record: &ClockRecord, now: Timestamp) -> Option<i64> {
    if record.clock.state_at(now) != record.state {
        return Some(now.as_microsecond());
    }
    micros(record.clock.next_transition_at(now))
}

/// Writes a changed clock back with its derived columns.
async fn save_clock(tx: &mut Tx, record: &ClockRecord, now: Timestamp) -> Result<(), DbError> {
    sqlx::query(
        "UPDATE clocks SET state = $1, due_at_us = $2, next_check_at_us = $3, body = $4, updated_at_us = $5 \
         WHERE id = $6",
    )
    .bind(record.state.as_str())
    .bind(record.clock.due().as_microsecond())
    .bind(next_check(record, now))
    .bind(clock_body(&record.clock)?)
    .bind(now.as_microsecond())
    .bind(&record.id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(crate) async fn update_clock<F>(
    pools: &Pools,
    operator_id: &OperatorId,
    clock_id: &str,
    actor: &Actor,
    action: Action,
    change: F,
    now: Timestamp,
) -> Result<ClockRecord, DbError>
where
    F: FnOnce(&mut Clock) -> Result<serde_json::Value, ClockError>,
{
    let mut tx = pools.write().await?;
    let record = update_clock_in(&mut tx, operator_id, clock_id, actor, action, change, now).await?;
    tx.commit().await?;
    Ok(record)
}

/// [`update_clock`] inside a transaction the caller commits, so a clock can change together with
/// what it measures (a request completed and its clock met).
async fn update_clock_in<F>(
    tx: &mut Tx,
    operator_id: &OperatorId,
    clock_id: &str,
    actor: &Actor,
    action: Action,
    change: F,
    now: Timestamp,
) -> Result<ClockRecord, DbError>
where
    F: FnOnce(&mut Clock) -> Result<serde_json::Value, ClockError>,
{
    let sql = format!("SELECT {CLOCK_COLUMNS} FROM clocks WHERE id = $1 AND operator_id = $2{LOCK_ROW}");
    let row = sqlx::query(&sql).bind(clock_id).bind(operator_id.as_str()).fetch_optional(&mut **tx).await?;
    let mut record = row
        .as_ref()
        .map(clock_from_row)
        .transpose()?
        .ok_or_else(|| DbError::NotFound { kind: "clock", id: clock_id.to_owned() })?;
    let details = change(&mut record.clock)?;
    record.state = settled_state(record.state, record.clock.state_at(now));
    record.updated_at = now;
    save_clock(tx, &record, now).await?;
    record_entry_with_state(tx, &record, actor, action, details, now).await?;
    Ok(record)
}

async fn record_entry_with_state(
    tx: &mut Tx,
    clock: &ClockRecord,
    actor: &Actor,
    action: Action,
    mut details: serde_json::Value,
    now: Timestamp,
) -> Result<Entry, DbError> {
    if let serde_json::Value::Object(map) = &mut details {
        map.insert("state".into(), clock.state.as_str().into());
        map.insert("due".into(), serde_json::json!(clock.clock.due()));
    }
    journal(tx, &clock.operator_id, actor, action, ("clock", &clock.id), details, now).await
}

/// Takes a clock row that cannot be read back out of the scheduler's way (its check time is
/// cleared), so one corrupt row does not stop every operator's clocks. It stays in the table for
/// `tutela journal verify`-style inspection and is logged.
async fn park_unreadable_clock(
    tx: &mut Tx,
    row: &<Driver as sqlx::Database>::Row,
    err: &DbError,
) -> Result<(), DbError> {
    let id: String = row.try_get("id")?;
    tracing::error!(clock = %id, error = %err, "unreadable clock row taken out of scheduling");
    sqlx::query("UPDATE clocks SET next_check_at_us = NULL WHERE id = $1").bind(&id).execute(&mut **tx).await?;
    Ok(())
}

/// The earliest instant at which any clock of any operator changes state by itself.
pub(crate) async fn next_clock_check(pools: &Pools) -> Result<Option<Timestamp>, DbError> {
    let row = sqlx::query("SELECT MIN(next_check_at_us) FROM clocks WHERE next_check_at_us IS NOT NULL")
        .fetch_one(&pools.reader)
        .await?;
    optional_instant(row.try_get(0)?, "clock next_check_at")
}

/// Moves up to `limit` clocks whose check time has come to their current state, journals each
/// change and queues its notification, all in one transaction. On PostgreSQL rows another instance
/// holds are skipped, and the claimed rows stay locked until commit, so no change is made twice.
pub(crate) async fn process_due_clocks(
    pools: &Pools,
    now: Timestamp,
    limit: u32,
) -> Result<Vec<ClockTransition>, DbError> {
    let mut tx = pools.write().await?;
    let sql = format!(
        "SELECT {CLOCK_COLUMNS} FROM clocks WHERE next_check_at_us IS NOT NULL AND next_check_at_us <= $1 \
         ORDER BY next_check_at_us LIMIT $2{SKIP_LOCKED}"
    );
    let rows = sqlx::query(&sql).bind(now.as_microsecond()).bind(i64::from(limit)).fetch_all(&mut *tx).await?;
    let actor = Actor::system("scheduler");
    let mut transitions = Vec::new();
    for row in &rows {
        let mut record = match clock_from_row(row) {
            Ok(record) => record,
            Err(err) => {
                park_unreadable_clock(&mut tx, row, &err).await?;
                continue;
            }
        };
        let from = record.state;
        record.state = record.clock.state_at(now);
        save_clock(&mut tx, &record, now).await?;
        let action = match record.state {
            ClockState::DueSoon => Action::ClockDueSoon,
            ClockState::Breached => Action::ClockBreached,
            _ => continue,
        };
        if from == record.state {
            continue;
        }
        let topic = format!("clock.{}", record.state.as_str());
        let details = serde_json::json!({ "from": from.as_str() });
        let entry = record_entry_with_state(&mut tx, &record, &actor, action, details, now).await?;
        let payload = serde_json::json!({
            "topic": topic,
            "operator_id": record.operator_id,
            "clock": { "id": record.id, "kind": record.kind, "label": record.label,
                       "subject_ref": record.subject_ref, "state": record.state,
                       "due": record.clock.due(), "due_date": record.clock.due_date() },
            "journal_seq": entry.seq,
            "at": now,
        });
        enqueue(&mut tx, &record.operator_id, &topic, &payload, now).await?;
        transitions.push(ClockTransition {
            operator_id: record.operator_id.clone(),
            clock_id: record.id.clone(),
            from,
            to: record.state,
        });
    }
    tx.commit().await?;
    Ok(transitions)
}

pub(crate) async fn count_clocks_by_state(pools: &Pools, operator_id: &OperatorId) -> Result<Vec<(ClockState, u64)>, DbError> {
    let rows = sqlx::query("SELECT state, COUNT(*) AS n FROM clocks WHERE operator_id = $1 GROUP BY state")
        .bind(operator_id.as_str())
        .fetch_all(&pools.reader)
        .await?;
    rows.iter()
        .map(|row| {
            let state: String = row.try_get("state")?;
            let state = ClockState::parse(&state).ok_or_else(|| DbError::corrupt("clock state", &state))?;
            let count = u64::try_from(row.try_get::<i64, _>("n")?).map_err(|e| DbError::corrupt("clock count", e))?;
            Ok((state, count))
        })
        .collect()
}
