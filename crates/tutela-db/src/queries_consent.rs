// Queries of the consent ledger, written once and compiled once per backend like `queries.rs` (whose
// helpers, `Pools`, `Tx`, `instant` and `entry_from_row`, they use): `backends.rs` includes both files
// into each backend module.

use std::collections::HashMap;

use tutela_core::consent::{BlockMarker, BlockReason, ConsentSnapshot, ConsentState, LanguageTag, LedgerRecord, Marker, Notice, PurposeId, PurposeView, RecordBody, Sha256Hex, SubjectState, SubjectView, decide, destruction_required, minor_block_required, minor_block_resolved};
use tutela_core::subject::SubjectRef;

use crate::consent::{
    DestructionPlan, ExportedSubject, LedgerWrite, StoredNotice, StoredRecord, Written, WrittenRecord,
};

type DbRow = <Driver as sqlx::Database>::Row;
type Connection = <Driver as sqlx::Database>::Connection;

/// The journal heads of the operators one transaction appends to: each is read (and on PostgreSQL
/// locked) once, and written back once at the end, however many entries the transaction appends.
#[derive(Default)]
struct Heads {
    heads: HashMap<OperatorId, Option<(u64, EntryHash)>>,
}

impl Heads {
    async fn append(
        &mut self,
        tx: &mut Tx,
        operator_id: &OperatorId,
        new_entry: NewEntry,
        at: Timestamp,
    ) -> Result<Entry, DbError> {
        let head = match self.heads.get(operator_id) {
            Some(head) => *head,
            None => read_head(tx, operator_id).await?,
        };
        let entry = new_entry.chain(operator_id, head, at);
        insert_entry(tx, &entry).await?;
        self.heads.insert(operator_id.clone(), Some((entry.seq, entry.hash)));
        Ok(entry)
    }

    async fn flush(self, tx: &mut Tx) -> Result<(), DbError> {
        for (operator_id, head) in self.heads {
            let Some((seq, hash)) = head else { continue };
            write_head(tx, &operator_id, seq, &hash).await?;
        }
        Ok(())
    }
}

/// Writes `writes` in one transaction; any failure rolls all of them back.
pub(crate) async fn write_ledger(
    pools: &Pools,
    writes: &[LedgerWrite],
    now: Timestamp,
) -> Result<Vec<Written>, DbError> {
    let mut tx = pools.write().await?;
    let results = write_all(&mut tx, writes, now).await?;
    tx.commit().await?;
    Ok(results)
}

async fn write_all(tx: &mut Tx, writes: &[LedgerWrite], now: Timestamp) -> Result<Vec<Written>, DbError> {
    let mut heads = Heads::default();
    let mut results = Vec::with_capacity(writes.len());
    for write in writes {
        results.push(write_one(tx, &mut heads, write, now).await?);
    }
    heads.flush(tx).await?;
    Ok(results)
}

/// Records `expired` for up to `limit` consents still given whose term ended by `now`, each effective
/// at the instant its term ended, journaled as `system:consent`, in one transaction. On PostgreSQL
/// rows another instance is expiring are skipped, so each consent expires once.
pub(crate) async fn expire_consents(
    pools: &Pools,
    now: Timestamp,
    limit: u32,
) -> Result<Vec<(OperatorId, SubjectRef)>, DbError> {
    let mut tx = pools.write().await?;
    let sql = format!(
        "SELECT operator_id, subject_ref, purpose_id, expires_at_us FROM consent_current \
         WHERE consent_state = 'given' AND expires_at_us IS NOT NULL AND expires_at_us <= $1 \
         ORDER BY expires_at_us LIMIT $2{SKIP_LOCKED}"
    );
    let rows = sqlx::query(&sql).bind(now.as_microsecond()).bind(i64::from(limit)).fetch_all(&mut *tx).await?;
    let writes = rows.iter().map(expiry_write).collect::<Result<Vec<_>, _>>()?;
    write_all(&mut tx, &writes, now).await?;
    tx.commit().await?;
    Ok(writes
        .into_iter()
        .flat_map(|w| w.records.into_iter().map(move |r| (w.operator_id.clone(), r.subject)))
        .collect())
}

fn expiry_write(row: &DbRow) -> Result<LedgerWrite, DbError> {
    let subject = SubjectRef::parse(&row.try_get::<String, _>("subject_ref")?)
        .map_err(|e| DbError::corrupt("consent subject", e))?;
    let purpose = PurposeId::parse(&row.try_get::<String, _>("purpose_id")?)
        .map_err(|e| DbError::corrupt("consent purpose", e))?;
    let ended = instant(row.try_get("expires_at_us")?, "consent expires_at")?;
    let event = tutela_core::consent::ConsentEvent {
        purpose,
        state: ConsentState::Expired,
        method: tutela_core::consent::Method::TermEnded,
        channel: tutela_core::consent::Channel::System,
        notice_sha256: None,
        language: None,
        ip: None,
        user_agent: None,
        expiry: tutela_core::consent::Expiry::UntilPurposeReached,
        given_by: tutela_core::consent::Giver::Subject,
        distribution: None,
        gpc: false,
    };
    Ok(LedgerWrite {
        operator_id: crate::stored_operator_id(&row.try_get::<String, _>("operator_id")?)?,
        actor: Actor::system("consent"),
        notices: vec![],
        records: vec![crate::consent::NewRecord { subject, at: Some(ended), body: RecordBody::Consent(event) }],
        destruction: None,
        receipt_to: None,
    })
}

/// The earliest end of a term of a consent still given, if any.
pub(crate) async fn next_consent_expiry(pools: &Pools) -> Result<Option<Timestamp>, DbError> {
    let row = sqlx::query(
        "SELECT MIN(expires_at_us) FROM consent_current WHERE consent_state = 'given' AND expires_at_us IS NOT NULL",
    )
    .fetch_one(&pools.reader)
    .await?;
    optional_instant(row.try_get(0)?, "consent expires_at")
}

async fn write_one(tx: &mut Tx, heads: &mut Heads, write: &LedgerWrite, now: Timestamp) -> Result<Written, DbError> {
    let operator_id = &write.operator_id;
    for (notice, language) in &write.notices {
        put_notice(tx, heads, operator_id, &write.actor, notice, language.as_ref(), now).await?;
    }
    let mut written = Vec::with_capacity(write.records.len());
    for new in &write.records {
        if let RecordBody::Consent(consent) = &new.body
            && let Some(sha256) = &consent.notice_sha256
        {
            require_notice(tx, operator_id, sha256).await?;
        }
        let record = LedgerRecord {
            id: new_id(),
            subject: new.subject.clone(),
            at: new.at.unwrap_or(now),
            recorded_at: now,
            recorded_by: write.actor.as_str().to_owned(),
            body: new.body.clone(),
        };
        let follow_up = needs_follow_up(&record.body);
        written.push(insert_record(tx, heads, operator_id, &write.actor, record, now).await?);
        if follow_up && let Some(extra) = follow_up_record(tx, operator_id, &new.subject, now).await? {
            written.push(insert_record(tx, heads, operator_id, &Actor::system("consent"), extra, now).await?);
        }
    }
    let destruction_clock_id = match &write.destruction {
        Some(plan) => start_destruction(tx, heads, operator_id, &write.actor, plan, now).await?,
        None => None,
    };
    if let Some(address) = &write.receipt_to
        && !written.is_empty()
    {
        let payload = receipt_payload(&written).to_string();
        insert_outbox(tx, operator_id, "email", address, crate::consent::RECEIPT_TOPIC, &payload, now).await?;
    }
    Ok(Written { records: written, destruction_clock_id })
}

/// What a receipt e-mail is written from: each record's id, subject, kind, instant and what it says,
/// without the address and user agent it was made from.
fn receipt_payload(written: &[WrittenRecord]) -> serde_json::Value {
    let records: Vec<serde_json::Value> = written
        .iter()
        .map(|w| {
            let record = &w.record;
            let mut item = serde_json::json!({
                "id": record.id,
                "subject": record.subject.as_str(),
                "kind": record.body.kind(),
                "at": record.at,
                "journal_seq": w.journal_seq,
            });
            if let RecordBody::Consent(consent) = &record.body {
                item["purpose"] = consent.purpose.as_str().into();
                item["state"] = consent.state.as_str().into();
                item["method"] = consent.method.kind().into();
                item["notice_sha256"] = consent.notice_sha256.as_ref().map(tutela_core::consent::Sha256Hex::as_str).into();
                item["expires_at"] = serde_json::to_value(record.expires_at()).unwrap_or_default();
            } else if let Some(purpose) = record.body.purpose() {
                item["purpose"] = purpose.as_str().into();
            }
            item
        })
        .collect();
    serde_json::json!({ "records": records })
}

/// Starts `plan`'s clock when no basis is left after the write's records and none is running for the
/// subject yet; answers the clock running after it, if any.
async fn start_destruction(
    tx: &mut Tx,
    heads: &mut Heads,
    operator_id: &OperatorId,
    actor: &Actor,
    plan: &DestructionPlan,
    now: Timestamp,
) -> Result<Option<String>, DbError> {
    let state = load_subject(&mut *tx, operator_id, &plan.subject, None).await?.unwrap_or_default();
    let decisions: Vec<_> = plan
        .consent_purposes
        .iter()
        .map(|(purpose, rule)| decide(rule, &state.subject, &state.purpose(purpose), now))
        .collect();
    if !destruction_required(&decisions, &plan.retained_on) {
        return Ok(None);
    }
    let running: Option<String> = sqlx::query_scalar(
        "SELECT id FROM clocks WHERE operator_id = $1 AND kind = $2 AND subject_ref = $3 \
         AND state IN ('running', 'due_soon', 'breached', 'paused') ORDER BY created_at_us LIMIT 1",
    )
    .bind(operator_id.as_str())
    .bind(&plan.clock.kind)
    .bind(plan.subject.as_str())
    .fetch_optional(&mut **tx)
    .await?;
    if running.is_some() {
        return Ok(running);
    }
    let (clock, details) = insert_clock(tx, operator_id, &plan.clock, now).await?;
    let entry = NewEntry::new(actor.clone(), Action::StartClock, ObjectRef::new("clock", &clock.id)?, details)?;
    heads.append(tx, operator_id, entry, now).await?;
    Ok(Some(clock.id))
}

/// Stores a notice text under its digest unless the operator has it already; journals the first time.
async fn put_notice(
    tx: &mut Tx,
    heads: &mut Heads,
    operator_id: &OperatorId,
    actor: &Actor,
    notice: &Notice,
    language: Option<&LanguageTag>,
    now: Timestamp,
) -> Result<(), DbError> {
    let inserted = sqlx::query(
        "INSERT INTO consent_notices (operator_id, sha256, text, language, created_at_us) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (operator_id, sha256) DO NOTHING",
    )
    .bind(operator_id.as_str())
    .bind(notice.sha256().as_str())
    .bind(notice.text())
    .bind(language.map(LanguageTag::as_str))
    .bind(now.as_microsecond())
    .execute(&mut **tx)
    .await?;
    if inserted.rows_affected() == 1 {
        let details = serde_json::json!({ "bytes": notice.text().len(), "language": language });
        let object = ObjectRef::new("consent_notice", notice.sha256().as_str())?;
        let entry = NewEntry::new(actor.clone(), Action::PutConsentNotice, object, details)?;
        heads.append(tx, operator_id, entry, now).await?;
    }
    Ok(())
}

async fn require_notice(tx: &mut Tx, operator_id: &OperatorId, sha256: &Sha256Hex) -> Result<(), DbError> {
    let found: Option<String> =
        sqlx::query_scalar("SELECT sha256 FROM consent_notices WHERE operator_id = $1 AND sha256 = $2")
            .bind(operator_id.as_str())
            .bind(sha256.as_str())
            .fetch_optional(&mut **tx)
            .await?;
    found.map(drop).ok_or_else(|| DbError::NotFound { kind: "consent notice", id: sha256.as_str().to_owned() })
}

/// Whether a record may call for a block or an unblock (see the module documentation of `consent`).
fn needs_follow_up(body: &RecordBody) -> bool {
    match body {
        RecordBody::Age(_) => true,
        RecordBody::Consent(consent) => consent.given_by.is_guardian() && consent.state == ConsentState::Given,
        _ => false,
    }
}

/// The block or unblock the subject's state calls for now, if any.
async fn follow_up_record(
    tx: &mut Tx,
    operator_id: &OperatorId,
    subject: &SubjectRef,
    now: Timestamp,
) -> Result<Option<LedgerRecord>, DbError> {
    let state = load_subject(&mut *tx, operator_id, subject, None).await?.unwrap_or_default();
    let body = if minor_block_required(&state, now) {
        RecordBody::Block(BlockReason::MinorWithoutGuardianConsent)
    } else if minor_block_resolved(&state, now) {
        let note = tutela_core::consent::Label::parse(
            "note",
            "a guardian's consent is in force, or the subject is not a minor",
        )
        .map_err(|e| DbError::corrupt("unblock note", e))?;
        RecordBody::Unblock { note }
    } else {
        return Ok(None);
    };
    let actor = Actor::system("consent");
    Ok(Some(LedgerRecord {
        id: new_id(),
        subject: subject.clone(),
        at: now,
        recorded_at: now,
        recorded_by: actor.as_str().to_owned(),
        body,
    }))
}

fn action_of(body: &RecordBody) -> Action {
    match body {
        RecordBody::Consent(_) => Action::RecordConsent,
        RecordBody::Objection(_) => Action::RecordObjection,
        RecordBody::Signal(_) => Action::RecordSignal,
        RecordBody::Age(_) => Action::RecordAge,
        RecordBody::Block(_) => Action::Block,
        RecordBody::Unblock { .. } => Action::Unblock,
    }
}

fn to_json<T: serde::Serialize>(value: &T, what: &'static str) -> Result<String, DbError> {
    serde_json::to_string(value).map_err(|e| DbError::corrupt(what, e))
}

/// Appends the record, its journal entry and the change to the current state.
async fn insert_record(
    tx: &mut Tx,
    heads: &mut Heads,
    operator_id: &OperatorId,
    actor: &Actor,
    record: LedgerRecord,
    now: Timestamp,
) -> Result<WrittenRecord, DbError> {
    let object = ObjectRef::new("subject", record.subject.as_str())?;
    let entry = NewEntry::new(actor.clone(), action_of(&record.body), object, record.journal_details())?;
    let entry = heads.append(tx, operator_id, entry, now).await?;
    let state = match &record.body {
        RecordBody::Consent(consent) => Some(consent.state.as_str()),
        _ => None,
    };
    sqlx::query(
        "INSERT INTO consent_records (operator_id, id, subject_ref, kind, purpose_id, state, at_us, recorded_at_us, \
         expires_at_us, body, journal_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(operator_id.as_str())
    .bind(&record.id)
    .bind(record.subject.as_str())
    .bind(record.body.kind())
    .bind(record.body.purpose().map(PurposeId::as_str))
    .bind(state)
    .bind(record.at.as_microsecond())
    .bind(record.recorded_at.as_microsecond())
    .bind(record.expires_at().map(jiff::Timestamp::as_microsecond))
    .bind(record.canonical_json())
    .bind(entry.seq as i64)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "INSERT INTO consent_subjects (operator_id, subject_ref, first_seen_at_us, changed_seq) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (operator_id, subject_ref) DO UPDATE SET changed_seq = excluded.changed_seq",
    )
    .bind(operator_id.as_str())
    .bind(record.subject.as_str())
    .bind(now.as_microsecond())
    .bind(entry.seq as i64)
    .execute(&mut **tx)
    .await?;
    update_current(tx, operator_id, &record).await?;
    Ok(WrittenRecord { record, journal_seq: entry.seq, journal_hash: entry.hash })
}

/// A slot (`<prefix>_id`, `<prefix>_at_us`) takes a record only when it is newer by (instant, id):
/// the same rule as `SubjectState::apply`, so the tables agree with a fold of the records.
fn newer_than(table: &str, prefix: &str, at: &str, id: &str) -> String {
    format!(
        "({table}.{prefix}_id IS NULL OR {table}.{prefix}_at_us < {at} \
         OR ({table}.{prefix}_at_us = {at} AND {table}.{prefix}_id < {id}))"
    )
}

async fn update_current(tx: &mut Tx, operator_id: &OperatorId, record: &LedgerRecord) -> Result<(), DbError> {
    let at = record.at.as_microsecond();
    let subject = record.subject.as_str();
    match &record.body {
        RecordBody::Consent(consent) => {
            let distribution = consent.distribution.as_ref().map(|d| to_json(d, "distribution terms")).transpose()?;
            let sql = format!(
                "INSERT INTO consent_current (operator_id, subject_ref, purpose_id, consent_id, consent_state, \
                 consent_at_us, expires_at_us, by_guardian, distribution) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
                 ON CONFLICT (operator_id, subject_ref, purpose_id) DO UPDATE SET consent_id = excluded.consent_id, \
                 consent_state = excluded.consent_state, consent_at_us = excluded.consent_at_us, \
                 expires_at_us = excluded.expires_at_us, by_guardian = excluded.by_guardian, \
                 distribution = excluded.distribution WHERE {}",
                newer_than("consent_current", "consent", "excluded.consent_at_us", "excluded.consent_id")
            );
            sqlx::query(&sql)
                .bind(operator_id.as_str())
                .bind(subject)
                .bind(consent.purpose.as_str())
                .bind(&record.id)
                .bind(consent.state.as_str())
                .bind(at)
                .bind(record.expires_at().map(jiff::Timestamp::as_microsecond))
                .bind(consent.given_by.is_guardian())
                .bind(distribution)
                .execute(&mut **tx)
                .await?;
        }
        RecordBody::Objection(objection) => {
            let sql = format!(
                "INSERT INTO consent_current (operator_id, subject_ref, purpose_id, objection_id, objection_at_us) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (operator_id, subject_ref, purpose_id) DO UPDATE SET \
                 objection_id = excluded.objection_id, objection_at_us = excluded.objection_at_us WHERE {}",
                newer_than("consent_current", "objection", "excluded.objection_at_us", "excluded.objection_id")
            );
            sqlx::query(&sql)
                .bind(operator_id.as_str())
                .bind(subject)
                .bind(objection.purpose.as_str())
                .bind(&record.id)
                .bind(at)
                .execute(&mut **tx)
                .await?;
        }
        RecordBody::Signal(_) => update_subject_slot(tx, operator_id, record, "gpc", None).await?,
        RecordBody::Age(status) => {
            update_subject_slot(tx, operator_id, record, "age", Some(to_json(status, "age status")?)).await?;
        }
        RecordBody::Block(reason) => {
            update_subject_slot(tx, operator_id, record, "block", Some(to_json(reason, "block reason")?)).await?;
        }
        RecordBody::Unblock { .. } => update_subject_slot(tx, operator_id, record, "block", None).await?,
    }
    Ok(())
}

/// Sets a subject-wide slot (`gpc`, `age`, `block`) to the record if it is newer; `value` goes into
/// the slot's value column (`age`, `block_reason`), where the slot has one.
async fn update_subject_slot(
    tx: &mut Tx,
    operator_id: &OperatorId,
    record: &LedgerRecord,
    slot: &'static str,
    value: Option<String>,
) -> Result<(), DbError> {
    let value_column = match slot {
        "age" => ", age = $5",
        "block" => ", block_reason = $5",
        _ => "",
    };
    let sql = format!(
        "UPDATE consent_subjects SET {slot}_id = $3, {slot}_at_us = $4{value_column} \
         WHERE operator_id = $1 AND subject_ref = $2 AND {}",
        newer_than("consent_subjects", slot, "$4", "$3")
    );
    let mut query = sqlx::query(&sql)
        .bind(operator_id.as_str())
        .bind(record.subject.as_str())
        .bind(&record.id)
        .bind(record.at.as_microsecond());
    if !value_column.is_empty() {
        query = query.bind(value);
    }
    query.execute(&mut **tx).await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------------
// Reading the current state

const SUBJECT_COLUMNS: &str =
    "s.block_id, s.block_at_us, s.block_reason, s.gpc_id, s.gpc_at_us, s.age_id, s.age_at_us, s.age";
const CURRENT_COLUMNS: &str = "c.purpose_id, c.consent_id, c.consent_state, c.consent_at_us, c.expires_at_us, \
     c.by_guardian, c.distribution, c.objection_id, c.objection_at_us";

fn marker(row: &DbRow, id: &str, at: &str, what: &'static str) -> Result<Option<Marker>, DbError> {
    let Some(record_id) = row.try_get::<Option<String>, _>(id)? else { return Ok(None) };
    let at = instant(row.try_get::<Option<i64>, _>(at)?.unwrap_or_default(), what)?;
    Ok(Some(Marker { record_id, at }))
}

fn subject_view_from_row(row: &DbRow) -> Result<SubjectView, DbError> {
    let block = match marker(row, "block_id", "block_at_us", "consent block at")? {
        Some(m) => {
            let reason: Option<String> = row.try_get("block_reason")?;
            let reason = reason.map(|r| from_json::<BlockReason>(&r, "block reason")).transpose()?;
            Some(BlockMarker { record_id: m.record_id, at: m.at, reason })
        }
        None => None,
    };
    let age = match marker(row, "age_id", "age_at_us", "consent age at")? {
        Some(m) => Some((m, from_json(&row.try_get::<Option<String>, _>("age")?.unwrap_or_default(), "age status")?)),
        None => None,
    };
    Ok(SubjectView { block, gpc: marker(row, "gpc_id", "gpc_at_us", "consent gpc at")?, age })
}

/// The purpose and its view from a `consent_current` row; `None` when the row is absent (a LEFT JOIN).
fn purpose_view_from_row(row: &DbRow) -> Result<Option<(PurposeId, PurposeView)>, DbError> {
    let Some(purpose) = row.try_get::<Option<String>, _>("purpose_id")? else { return Ok(None) };
    let purpose = PurposeId::parse(&purpose).map_err(|e| DbError::corrupt("consent purpose", e))?;
    let consent = match marker(row, "consent_id", "consent_at_us", "consent at")? {
        Some(m) => {
            let state: String = row.try_get::<Option<String>, _>("consent_state")?.unwrap_or_default();
            let distribution: Option<String> = row.try_get("distribution")?;
            Some(ConsentSnapshot {
                record_id: m.record_id,
                state: state.parse().map_err(|e| DbError::corrupt("consent state", e))?,
                at: m.at,
                expires_at: row
                    .try_get::<Option<i64>, _>("expires_at_us")?
                    .map(|us| instant(us, "consent expires_at"))
                    .transpose()?,
                by_guardian: row.try_get("by_guardian")?,
                distribution: distribution.map(|d| from_json(&d, "distribution terms")).transpose()?,
            })
        }
        None => None,
    };
    let objection = marker(row, "objection_id", "objection_at_us", "objection at")?;
    Ok(Some((purpose, PurposeView { consent, objection })))
}

/// The subject's state (all purposes, or only `purpose`), or `None` when the ledger has no record of them.
async fn load_subject(
    conn: &mut Connection,
    operator_id: &OperatorId,
    subject: &SubjectRef,
    purpose: Option<&PurposeId>,
) -> Result<Option<SubjectState>, DbError> {
    let sql = format!(
        "SELECT {SUBJECT_COLUMNS}, {CURRENT_COLUMNS} FROM consent_subjects s LEFT JOIN consent_current c \
         ON c.operator_id = s.operator_id AND c.subject_ref = s.subject_ref{} \
         WHERE s.operator_id = $1 AND s.subject_ref = $2",
        if purpose.is_some() { " AND c.purpose_id = $3" } else { "" }
    );
    let mut query = sqlx::query(&sql).bind(operator_id.as_str()).bind(subject.as_str());
    if let Some(purpose) = purpose {
        query = query.bind(purpose.as_str());
    }
    let rows = query.fetch_all(&mut *conn).await?;
    let Some(first) = rows.first() else { return Ok(None) };
    let mut state = SubjectState { subject: subject_view_from_row(first)?, purposes: Default::default() };
    for row in &rows {
        if let Some((purpose, view)) = purpose_view_from_row(row)? {
            state.purposes.insert(purpose, view);
        }
    }
    Ok(Some(state))
}

pub(crate) async fn subject_state(
    pools: &Pools,
    operator_id: &OperatorId,
    subject: &SubjectRef,
) -> Result<Option<SubjectState>, DbError> {
    let mut conn = pools.reader.acquire().await?;
    load_subject(&mut conn, operator_id, subject, None).await
}

pub(crate) async fn decision_state(
    pools: &Pools,
    operator_id: &OperatorId,
    subject: &SubjectRef,
    purpose: &PurposeId,
) -> Result<Option<SubjectState>, DbError> {
    let mut conn = pools.reader.acquire().await?;
    load_subject(&mut conn, operator_id, subject, Some(purpose)).await
}

// ---------------------------------------------------------------------------------------------------
// History, notices, proof

fn stored_record_from_row(row: &DbRow) -> Result<StoredRecord, DbError> {
    let body: String = row.try_get("body")?;
    Ok(StoredRecord {
        record: from_json(&body, "consent record")?,
        stored_sha256: Sha256Hex::of(body.as_bytes()),
        journal_seq: row.try_get::<i64, _>("journal_seq")? as u64,
    })
}

pub(crate) async fn ledger_history(
    pools: &Pools,
    operator_id: &OperatorId,
    subject: &SubjectRef,
    purpose: Option<&PurposeId>,
    limit: u32,
) -> Result<Vec<StoredRecord>, DbError> {
    let sql = format!(
        "SELECT body, journal_seq FROM consent_records WHERE operator_id = $1 AND subject_ref = $2{} \
         ORDER BY at_us, id LIMIT $3",
        if purpose.is_some() { " AND (purpose_id = $4 OR purpose_id IS NULL)" } else { "" }
    );
    let mut query = sqlx::query(&sql).bind(operator_id.as_str()).bind(subject.as_str()).bind(i64::from(limit));
    if let Some(purpose) = purpose {
        query = query.bind(purpose.as_str());
    }
    let rows = query.fetch_all(&pools.reader).await?;
    rows.iter().map(stored_record_from_row).collect()
}

pub(crate) async fn ledger_record(
    pools: &Pools,
    operator_id: &OperatorId,
    record_id: &str,
) -> Result<Option<StoredRecord>, DbError> {
    let row = sqlx::query("SELECT body, journal_seq FROM consent_records WHERE operator_id = $1 AND id = $2")
        .bind(operator_id.as_str())
        .bind(record_id)
        .fetch_optional(&pools.reader)
        .await?;
    row.as_ref().map(stored_record_from_row).transpose()
}

pub(crate) async fn consent_notice(
    pools: &Pools,
    operator_id: &OperatorId,
    sha256: &Sha256Hex,
) -> Result<Option<StoredNotice>, DbError> {
    let row =
        sqlx::query("SELECT text, language, created_at_us FROM consent_notices WHERE operator_id = $1 AND sha256 = $2")
            .bind(operator_id.as_str())
            .bind(sha256.as_str())
            .fetch_optional(&pools.reader)
            .await?;
    let Some(row) = row else { return Ok(None) };
    let language: Option<String> = row.try_get("language")?;
    Ok(Some(StoredNotice {
        sha256: sha256.clone(),
        text: row.try_get("text")?,
        language: language
            .map(|l| LanguageTag::parse(&l).map_err(|e| DbError::corrupt("notice language", e)))
            .transpose()?,
        created_at: instant(row.try_get("created_at_us")?, "notice created_at")?,
    }))
}

/// `$first, $first+1, ...` for `count` bound values.
fn placeholders(first: usize, count: usize) -> String {
    (first..first + count).map(|n| format!("${n}")).collect::<Vec<_>>().join(", ")
}

pub(crate) async fn journal_entries(pools: &Pools, operator_id: &OperatorId, seqs: &[u64]) -> Result<Vec<Entry>, DbError> {
    if seqs.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT operator_id, seq, at_us, actor, action, object_kind, object_id, details, prev_hash, hash \
         FROM journal WHERE operator_id = $1 AND seq IN ({}) ORDER BY seq",
        placeholders(2, seqs.len())
    );
    let mut query = sqlx::query(&sql).bind(operator_id.as_str());
    for seq in seqs {
        query = query.bind(*seq as i64);
    }
    let rows = query.fetch_all(&pools.reader).await?;
    rows.iter().map(entry_from_row).collect()
}

// ---------------------------------------------------------------------------------------------------
// Export and suppression

pub(crate) async fn export_subjects(
    pools: &Pools,
    operator_id: &OperatorId,
    after_seq: u64,
    limit: u32,
) -> Result<Vec<ExportedSubject>, DbError> {
    let sql = format!(
        "SELECT s.subject_ref, s.changed_seq, {SUBJECT_COLUMNS} FROM consent_subjects s \
         WHERE s.operator_id = $1 AND s.changed_seq > $2 ORDER BY s.changed_seq LIMIT $3"
    );
    let rows = sqlx::query(&sql)
        .bind(operator_id.as_str())
        .bind(i64::try_from(after_seq).unwrap_or(i64::MAX))
        .bind(i64::from(limit))
        .fetch_all(&pools.reader)
        .await?;
    let mut subjects = Vec::with_capacity(rows.len());
    let mut index = HashMap::with_capacity(rows.len());
    for row in &rows {
        let subject: String = row.try_get("subject_ref")?;
        let subject = SubjectRef::parse(&subject).map_err(|e| DbError::corrupt("subject reference", e))?;
        index.insert(subject.as_str().to_owned(), subjects.len());
        subjects.push(ExportedSubject {
            subject,
            changed_seq: row.try_get::<i64, _>("changed_seq")? as u64,
            state: SubjectState { subject: subject_view_from_row(row)?, purposes: Default::default() },
        });
    }
    if subjects.is_empty() {
        return Ok(subjects);
    }
    let sql = format!(
        "SELECT c.subject_ref, {CURRENT_COLUMNS} FROM consent_current c WHERE c.operator_id = $1 \
         AND c.subject_ref IN ({})",
        placeholders(2, subjects.len())
    );
    let mut query = sqlx::query(&sql).bind(operator_id.as_str());
    for subject in &subjects {
        query = query.bind(subject.subject.as_str());
    }
    for row in query.fetch_all(&pools.reader).await? {
        let subject: String = row.try_get("subject_ref")?;
        if let (Some(&at), Some((purpose, view))) = (index.get(&subject), purpose_view_from_row(&row)?) {
            subjects[at].state.purposes.insert(purpose, view);
        }
    }
    Ok(subjects)
}

pub(crate) async fn suppressed_subjects(
    pools: &Pools,
    operator_id: &OperatorId,
    purpose: &PurposeId,
    after_subject: &str,
    limit: u32,
) -> Result<Vec<SubjectRef>, DbError> {
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT subject_ref FROM consent_current WHERE operator_id = $1 AND purpose_id = $2 AND subject_ref > $3 \
         AND (consent_state IN ('refused', 'withdrawn') OR (objection_id IS NOT NULL AND (consent_state IS NULL \
         OR consent_state <> 'given' OR objection_at_us >= consent_at_us))) ORDER BY subject_ref LIMIT $4",
    )
    .bind(operator_id.as_str())
    .bind(purpose.as_str())
    .bind(after_subject)
    .bind(i64::from(limit))
    .fetch_all(&pools.reader)
    .await?;
    rows.iter().map(|s| SubjectRef::parse(s).map_err(|e| DbError::corrupt("subject reference", e))).collect()
}

pub(crate) async fn distribution_consents(
    pools: &Pools,
    operator_id: &OperatorId,
    after_subject: &str,
    limit: u32,
    now: Timestamp,
) -> Result<Vec<crate::consent::PublishedDistribution>, DbError> {
    let rows = sqlx::query(
        "SELECT subject_ref, purpose_id, consent_id, expires_at_us, distribution FROM consent_current \
         WHERE operator_id = $1 AND subject_ref > $2 AND distribution IS NOT NULL AND consent_state = 'given' \
         AND (expires_at_us IS NULL OR expires_at_us > $3) ORDER BY subject_ref, purpose_id LIMIT $4",
    )
    .bind(operator_id.as_str())
    .bind(after_subject)
    .bind(now.as_microsecond())
    .bind(i64::from(limit))
    .fetch_all(&pools.reader)
    .await?;
    rows.iter()
        .map(|row| {
            let subject: String = row.try_get("subject_ref")?;
            let purpose: String = row.try_get("purpose_id")?;
            let terms: String = row.try_get::<Option<String>, _>("distribution")?.unwrap_or_default();
            Ok(crate::consent::PublishedDistribution {
                subject: SubjectRef::parse(&subject).map_err(|e| DbError::corrupt("subject reference", e))?,
                purpose: PurposeId::parse(&purpose).map_err(|e| DbError::corrupt("consent purpose", e))?,
                record_id: row.try_get::<Option<String>, _>("consent_id")?.unwrap_or_default(),
                expires_at: row
                    .try_get::<Option<i64>, _>("expires_at_us")?
                    .map(|us| instant(us, "consent expires_at"))
                    .transpose()?,
                terms: from_json(&terms, "distribution terms")?,
            })
        })
        .collect()
}
