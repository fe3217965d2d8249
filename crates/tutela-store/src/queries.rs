// Every query of the store, written once and compiled once per backend.
//
// This file is not a module of its own: `backends.rs` includes it into `sqlite` and `postgres`, each
// of which first defines `Db` (the sqlx driver), `BEGIN_WRITE` (how a write transaction starts) and
// `LOCK_ROW`/`SKIP_LOCKED` (row-locking clauses, empty on SQLite where `BEGIN IMMEDIATE` already
// serialises writers). The compiler checks every query against both drivers' types.

use jiff::Timestamp;
use sqlx::{Pool, Row, Transaction};
use tutela_core::journal::{Action, Actor, ChainVerifier, Entry, EntryHash, GENESIS_HASH, NewEntry, ObjectRef};
use tutela_core::operator::{OperatorName, OperatorSlug};
use tutela_core::staff::{Roles, StaffEmail};

use crate::records::*;
use crate::{StoreError, conflict_or, new_id};

/// The pools of one backend: SQLite has one writer connection and several readers; PostgreSQL uses
/// one pool for both.
#[derive(Clone, Debug)]
pub(crate) struct Pools {
    pub writer: Pool<Db>,
    pub reader: Pool<Db>,
}

type Tx = Transaction<'static, Db>;

impl Pools {
    async fn write(&self) -> Result<Tx, StoreError> {
        Ok(self.writer.begin_with(BEGIN_WRITE).await?)
    }
}

fn instant(micros: i64, what: &'static str) -> Result<Timestamp, StoreError> {
    Timestamp::from_microsecond(micros).map_err(|e| StoreError::corrupt(what, e))
}

fn optional_instant(micros: Option<i64>, what: &'static str) -> Result<Option<Timestamp>, StoreError> {
    micros.map(|us| instant(us, what)).transpose()
}

/// Appends an entry to the operator's journal inside `tx`, the transaction that makes the change the
/// entry records, so the change and its entry are committed together or not at all.
async fn append(tx: &mut Tx, operator_id: &str, new_entry: NewEntry, at: Timestamp) -> Result<Entry, StoreError> {
    let head = read_head(tx, operator_id).await?;
    let entry = new_entry.chain(operator_id, head, at);
    insert_entry(tx, &entry).await?;
    write_head(tx, operator_id, entry.seq, &entry.hash).await?;
    Ok(entry)
}

/// The operator's journal head (newest sequence number and hash; `None` for an empty journal), read
/// with the operator's row lock on PostgreSQL so appends to one journal never fork.
async fn read_head(tx: &mut Tx, operator_id: &str) -> Result<Option<(u64, EntryHash)>, StoreError> {
    let row = sqlx::query(&format!("SELECT journal_seq, journal_hash FROM operators WHERE id = $1{LOCK_ROW}"))
        .bind(operator_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| StoreError::NotFound { kind: "operator", id: operator_id.to_owned() })?;
    let seq: i64 = row.try_get(0)?;
    let hash =
        EntryHash::from_hex(&row.try_get::<String, _>(1)?).map_err(|e| StoreError::corrupt("journal head", e))?;
    Ok((seq > 0).then_some((seq as u64, hash)))
}

/// Takes the operator's row lock for the rest of `tx` (a no-op on SQLite, where `BEGIN IMMEDIATE`
/// already holds the write lock), so that two instances serialise their changes to one operator's
/// settings; fails when there is no such operator.
async fn lock_operator(tx: &mut Tx, operator_id: &str) -> Result<(), StoreError> {
    sqlx::query(&format!("SELECT id FROM operators WHERE id = $1{LOCK_ROW}"))
        .bind(operator_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or_else(|| StoreError::NotFound { kind: "operator", id: operator_id.to_owned() })?;
    Ok(())
}

/// Inserts a chained entry's row.
async fn insert_entry(tx: &mut Tx, entry: &Entry) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO journal (operator_id, seq, at_us, actor, action, object_kind, object_id, details, \
         prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&entry.operator_id)
    .bind(entry.seq as i64)
    .bind(entry.at.as_microsecond())
    .bind(entry.actor.as_str())
    .bind(entry.action.as_str())
    .bind(&entry.object.kind)
    .bind(&entry.object.id)
    .bind(tutela_core::journal::canonical_json(&entry.details))
    .bind(entry.prev_hash.to_hex())
    .bind(entry.hash.to_hex())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Records the operator's new journal head, which `verify_journal` checks the chain ends at.
async fn write_head(tx: &mut Tx, operator_id: &str, seq: u64, hash: &EntryHash) -> Result<(), StoreError> {
    sqlx::query("UPDATE operators SET journal_seq = $1, journal_hash = $2 WHERE id = $3")
        .bind(seq as i64)
        .bind(hash.to_hex())
        .bind(operator_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Builds and appends an entry in one call.
async fn journal(
    tx: &mut Tx,
    operator_id: &str,
    actor: &Actor,
    action: Action,
    object: (&str, &str),
    details: serde_json::Value,
    at: Timestamp,
) -> Result<Entry, StoreError> {
    let entry = NewEntry::new(actor.clone(), action, ObjectRef::new(object.0, object.1)?, details)?;
    append(tx, operator_id, entry, at).await
}

// ---------------------------------------------------------------------------------------------------
// Operators

const OPERATOR_COLUMNS: &str = "id, slug, name, created_at_us";

fn operator_from_row(row: &<Db as sqlx::Database>::Row) -> Result<Operator, StoreError> {
    Ok(Operator {
        id: row.try_get("id")?,
        slug: OperatorSlug::parse(&row.try_get::<String, _>("slug")?)
            .map_err(|e| StoreError::corrupt("operator slug", e))?,
        name: OperatorName::parse(&row.try_get::<String, _>("name")?)
            .map_err(|e| StoreError::corrupt("operator name", e))?,
        created_at: instant(row.try_get("created_at_us")?, "operator created_at")?,
    })
}

pub(crate) async fn create_operator(
    pools: &Pools,
    slug: &OperatorSlug,
    name: &OperatorName,
    actor: &Actor,
    now: Timestamp,
) -> Result<Operator, StoreError> {
    let mut tx = pools.write().await?;
    let id = new_id();
    sqlx::query(
        "INSERT INTO operators (id, slug, name, created_at_us, journal_seq, journal_hash) \
         VALUES ($1, $2, $3, $4, 0, $5)",
    )
    .bind(&id)
    .bind(slug.as_str())
    .bind(name.as_str())
    .bind(now.as_microsecond())
    .bind(GENESIS_HASH.to_hex())
    .execute(&mut *tx)
    .await
    .map_err(|e| conflict_or(e, "operator", slug.as_str()))?;
    let details = serde_json::json!({ "slug": slug.as_str(), "name": name.as_str() });
    journal(&mut tx, &id, actor, Action::CreateOperator, ("operator", &id), details, now).await?;
    tx.commit().await?;
    Ok(Operator { id, slug: slug.clone(), name: name.clone(), created_at: now })
}

pub(crate) async fn operator_by_slug(pools: &Pools, slug: &str) -> Result<Option<Operator>, StoreError> {
    let sql = format!("SELECT {OPERATOR_COLUMNS} FROM operators WHERE slug = $1");
    let row = sqlx::query(&sql).bind(slug).fetch_optional(&pools.reader).await?;
    row.as_ref().map(operator_from_row).transpose()
}

pub(crate) async fn list_operators(pools: &Pools) -> Result<Vec<Operator>, StoreError> {
    let sql = format!("SELECT {OPERATOR_COLUMNS} FROM operators ORDER BY slug");
    let rows = sqlx::query(&sql).fetch_all(&pools.reader).await?;
    rows.iter().map(operator_from_row).collect()
}

// ---------------------------------------------------------------------------------------------------
// Staff and tokens

const STAFF_COLUMNS: &str = "id, operator_id, email, display_name, roles, active, created_at_us";

fn roles_from(text: &str) -> Result<Roles, StoreError> {
    Roles::parse_list(text).map_err(|e| StoreError::corrupt("roles", e))
}

fn staff_from_row(row: &<Db as sqlx::Database>::Row) -> Result<StaffMember, StoreError> {
    Ok(StaffMember {
        id: row.try_get("id")?,
        operator_id: row.try_get("operator_id")?,
        email: StaffEmail::parse(&row.try_get::<String, _>("email")?)
            .map_err(|e| StoreError::corrupt("staff e-mail", e))?,
        display_name: row.try_get("display_name")?,
        roles: roles_from(&row.try_get::<String, _>("roles")?)?,
        active: row.try_get("active")?,
        created_at: instant(row.try_get("created_at_us")?, "staff created_at")?,
    })
}

pub(crate) async fn create_staff(
    pools: &Pools,
    operator_id: &str,
    new: &NewStaff,
    password_hash: &str,
    actor: &Actor,
    now: Timestamp,
) -> Result<StaffMember, StoreError> {
    let mut tx = pools.write().await?;
    let id = new_id();
    sqlx::query(
        "INSERT INTO staff (id, operator_id, email, display_name, password_hash, roles, active, created_at_us) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&id)
    .bind(operator_id)
    .bind(new.email.as_str())
    .bind(&new.display_name)
    .bind(password_hash)
    .bind(new.roles.to_list())
    .bind(true)
    .bind(now.as_microsecond())
    .execute(&mut *tx)
    .await
    .map_err(|e| conflict_or(e, "staff member", new.email.as_str()))?;
    let details = serde_json::json!({ "email": new.email.as_str(), "roles": new.roles });
    journal(&mut tx, operator_id, actor, Action::CreateStaff, ("staff", &id), details, now).await?;
    tx.commit().await?;
    Ok(StaffMember {
        id,
        operator_id: operator_id.to_owned(),
        email: new.email.clone(),
        display_name: new.display_name.clone(),
        roles: new.roles.clone(),
        active: true,
        created_at: now,
    })
}

pub(crate) async fn list_staff(pools: &Pools, operator_id: &str) -> Result<Vec<StaffMember>, StoreError> {
    let sql = format!("SELECT {STAFF_COLUMNS} FROM staff WHERE operator_id = $1 ORDER BY email");
    let rows = sqlx::query(&sql).bind(operator_id).fetch_all(&pools.reader).await?;
    rows.iter().map(staff_from_row).collect()
}

pub(crate) async fn staff_credentials(
    pools: &Pools,
    operator_id: &str,
    email: &StaffEmail,
) -> Result<Option<(StaffMember, String)>, StoreError> {
    let sql = format!("SELECT {STAFF_COLUMNS}, password_hash FROM staff WHERE operator_id = $1 AND email = $2");
    let row = sqlx::query(&sql).bind(operator_id).bind(email.as_str()).fetch_optional(&pools.reader).await?;
    row.map(|row| Ok((staff_from_row(&row)?, row.try_get("password_hash")?))).transpose()
}

const TOKEN_COLUMNS: &str =
    "t.id, t.operator_id, t.name, t.roles, t.staff_id, t.created_at_us, t.expires_at_us, t.revoked_at_us";

fn token_from_row(row: &<Db as sqlx::Database>::Row) -> Result<ApiToken, StoreError> {
    Ok(ApiToken {
        id: row.try_get("id")?,
        operator_id: row.try_get("operator_id")?,
        name: row.try_get("name")?,
        roles: roles_from(&row.try_get::<String, _>("roles")?)?,
        staff_id: row.try_get("staff_id")?,
        created_at: instant(row.try_get("created_at_us")?, "token created_at")?,
        expires_at: optional_instant(row.try_get("expires_at_us")?, "token expires_at")?,
        revoked_at: optional_instant(row.try_get("revoked_at_us")?, "token revoked_at")?,
    })
}

pub(crate) async fn issue_token(
    pools: &Pools,
    operator_id: &str,
    new: &NewToken,
    token_hash: &str,
    actor: &Actor,
    action: Action,
    now: Timestamp,
) -> Result<ApiToken, StoreError> {
    let mut tx = pools.write().await?;
    let id = new_id();
    sqlx::query(
        "INSERT INTO api_tokens (id, operator_id, name, token_hash, roles, staff_id, created_at_us, \
         expires_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(&id)
    .bind(operator_id)
    .bind(&new.name)
    .bind(token_hash)
    .bind(new.roles.to_list())
    .bind(&new.staff_id)
    .bind(now.as_microsecond())
    .bind(new.expires_at.map(|t| t.as_microsecond()))
    .execute(&mut *tx)
    .await?;
    let details = serde_json::json!({
        "name": new.name, "roles": new.roles, "expires_at": new.expires_at,
    });
    journal(&mut tx, operator_id, actor, action, ("api_token", &id), details, now).await?;
    tx.commit().await?;
    Ok(ApiToken {
        id,
        operator_id: operator_id.to_owned(),
        name: new.name.clone(),
        roles: new.roles.clone(),
        staff_id: new.staff_id.clone(),
        created_at: now,
        expires_at: new.expires_at,
        revoked_at: None,
    })
}

pub(crate) async fn authenticate(
    pools: &Pools,
    token_hash: &str,
    now: Timestamp,
) -> Result<Option<Principal>, StoreError> {
    let sql = format!(
        "SELECT {TOKEN_COLUMNS}, o.slug, o.name, o.created_at_us AS operator_created_at_us \
         FROM api_tokens t JOIN operators o ON o.id = t.operator_id \
         WHERE t.token_hash = $1 AND t.revoked_at_us IS NULL \
         AND (t.expires_at_us IS NULL OR t.expires_at_us > $2)"
    );
    let Some(row) = sqlx::query(&sql).bind(token_hash).bind(now.as_microsecond()).fetch_optional(&pools.reader).await?
    else {
        return Ok(None);
    };
    let token = token_from_row(&row)?;
    let operator = Operator {
        id: token.operator_id.clone(),
        slug: OperatorSlug::parse(&row.try_get::<String, _>("slug")?)
            .map_err(|e| StoreError::corrupt("operator slug", e))?,
        name: OperatorName::parse(&row.try_get::<String, _>("name")?)
            .map_err(|e| StoreError::corrupt("operator name", e))?,
        created_at: instant(row.try_get("operator_created_at_us")?, "operator created_at")?,
    };
    Ok(Some(Principal { operator, token }))
}

pub(crate) async fn list_tokens(pools: &Pools, operator_id: &str) -> Result<Vec<ApiToken>, StoreError> {
    let sql =
        format!("SELECT {TOKEN_COLUMNS} FROM api_tokens t WHERE t.operator_id = $1 ORDER BY t.created_at_us, t.id");
    let rows = sqlx::query(&sql).bind(operator_id).fetch_all(&pools.reader).await?;
    rows.iter().map(token_from_row).collect()
}

pub(crate) async fn revoke_token(
    pools: &Pools,
    operator_id: &str,
    token_id: &str,
    actor: &Actor,
    now: Timestamp,
) -> Result<(), StoreError> {
    let mut tx = pools.write().await?;
    let done = sqlx::query(
        "UPDATE api_tokens SET revoked_at_us = $1 WHERE id = $2 AND operator_id = $3 AND revoked_at_us IS NULL",
    )
    .bind(now.as_microsecond())
    .bind(token_id)
    .bind(operator_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(StoreError::NotFound { kind: "active API token", id: token_id.to_owned() });
    }
    let details = serde_json::json!({});
    journal(&mut tx, operator_id, actor, Action::RevokeToken, ("api_token", token_id), details, now).await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------------
// Calendars

pub(crate) async fn put_calendar(
    pools: &Pools,
    operator_id: &str,
    calendar_id: &str,
    definition: &str,
    actor: &Actor,
    now: Timestamp,
) -> Result<(), StoreError> {
    let mut tx = pools.write().await?;
    sqlx::query(
        "INSERT INTO calendars (operator_id, id, definition, updated_at_us) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (operator_id, id) DO UPDATE SET definition = excluded.definition, \
         updated_at_us = excluded.updated_at_us",
    )
    .bind(operator_id)
    .bind(calendar_id)
    .bind(definition)
    .bind(now.as_microsecond())
    .execute(&mut *tx)
    .await?;
    let digest = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(definition.as_bytes()));
    let details = serde_json::json!({ "sha256": digest });
    journal(&mut tx, operator_id, actor, Action::PutCalendar, ("calendar", calendar_id), details, now).await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn list_calendars(pools: &Pools, operator_id: &str) -> Result<Vec<StoredCalendar>, StoreError> {
    let rows = sqlx::query("SELECT id, definition, updated_at_us FROM calendars WHERE operator_id = $1 ORDER BY id")
        .bind(operator_id)
        .fetch_all(&pools.reader)
        .await?;
    rows.iter()
        .map(|row| {
            Ok(StoredCalendar {
                id: row.try_get("id")?,
                definition: row.try_get("definition")?,
                updated_at: instant(row.try_get("updated_at_us")?, "calendar updated_at")?,
            })
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------------
// Journal

fn entry_from_row(row: &<Db as sqlx::Database>::Row) -> Result<Entry, StoreError> {
    let corrupt = |what: &'static str| move |e: String| StoreError::corrupt(what, e);
    let details: String = row.try_get("details")?;
    Ok(Entry {
        operator_id: row.try_get("operator_id")?,
        seq: row.try_get::<i64, _>("seq")? as u64,
        at: instant(row.try_get("at_us")?, "journal at")?,
        actor: Actor::parse(&row.try_get::<String, _>("actor")?)
            .map_err(|e| corrupt("journal actor")(e.to_string()))?,
        action: row
            .try_get::<String, _>("action")?
            .parse()
            .map_err(|e: tutela_core::journal::UnknownAction| corrupt("journal action")(e.to_string()))?,
        object: ObjectRef { kind: row.try_get("object_kind")?, id: row.try_get("object_id")? },
        details: serde_json::from_str(&details).map_err(|e| corrupt("journal details")(e.to_string()))?,
        prev_hash: EntryHash::from_hex(&row.try_get::<String, _>("prev_hash")?)
            .map_err(|e| corrupt("journal prev_hash")(e.to_string()))?,
        hash: EntryHash::from_hex(&row.try_get::<String, _>("hash")?)
            .map_err(|e| corrupt("journal hash")(e.to_string()))?,
    })
}

pub(crate) async fn journal_page(
    pools: &Pools,
    operator_id: &str,
    after_seq: u64,
    limit: u32,
) -> Result<Vec<Entry>, StoreError> {
    let rows = sqlx::query(
        "SELECT operator_id, seq, at_us, actor, action, object_kind, object_id, details, prev_hash, hash \
         FROM journal WHERE operator_id = $1 AND seq > $2 ORDER BY seq LIMIT $3",
    )
    .bind(operator_id)
    .bind(after_seq as i64)
    .bind(i64::from(limit))
    .fetch_all(&pools.reader)
    .await?;
    rows.iter().map(entry_from_row).collect()
}

pub(crate) async fn journal_head(pools: &Pools, operator_id: &str) -> Result<Option<(u64, EntryHash)>, StoreError> {
    let row = sqlx::query("SELECT journal_seq, journal_hash FROM operators WHERE id = $1")
        .bind(operator_id)
        .fetch_optional(&pools.reader)
        .await?
        .ok_or_else(|| StoreError::NotFound { kind: "operator", id: operator_id.to_owned() })?;
    let seq: i64 = row.try_get(0)?;
    let hash =
        EntryHash::from_hex(&row.try_get::<String, _>(1)?).map_err(|e| StoreError::corrupt("journal head", e))?;
    Ok((seq > 0).then_some((seq as u64, hash)))
}

/// Rows read per query while verifying, so memory stays flat for any journal length.
const VERIFY_PAGE_ROWS: u32 = 1000;

pub(crate) async fn verify_journal(pools: &Pools, operator: &Operator) -> Result<u64, StoreError> {
    let chain_error = |source| StoreError::Chain { operator: operator.slug.to_string(), source };
    // Read the head first: entries appended while we verify lie beyond it and are left for next time.
    let head = journal_head(pools, &operator.id).await?;
    let head_seq = head.map_or(0, |(seq, _)| seq);
    let mut verifier = ChainVerifier::new(&operator.id);
    let mut after = 0;
    loop {
        let page = journal_page(pools, &operator.id, after, VERIFY_PAGE_ROWS).await?;
        let Some(last) = page.last() else { break };
        after = last.seq;
        for entry in page.iter().filter(|entry| entry.seq <= head_seq) {
            verifier.push(entry).map_err(chain_error)?;
        }
        if after >= head_seq {
            break;
        }
    }
    verifier.finish(head).map_err(chain_error)
}

// ---------------------------------------------------------------------------------------------------
// Webhooks

pub(crate) async fn add_webhook(
    pools: &Pools,
    operator_id: &str,
    url: &str,
    secret: &str,
    actor: &Actor,
    now: Timestamp,
) -> Result<Webhook, StoreError> {
    let mut tx = pools.write().await?;
    let id = new_id();
    sqlx::query("INSERT INTO webhooks (id, operator_id, url, secret, created_at_us) VALUES ($1, $2, $3, $4, $5)")
        .bind(&id)
        .bind(operator_id)
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
        operator_id: operator_id.to_owned(),
        url: url.to_owned(),
        secret: secret.to_owned(),
        created_at: now,
    })
}

fn webhook_from_row(row: &<Db as sqlx::Database>::Row) -> Result<Webhook, StoreError> {
    Ok(Webhook {
        id: row.try_get("id")?,
        operator_id: row.try_get("operator_id")?,
        url: row.try_get("url")?,
        secret: row.try_get("secret")?,
        created_at: instant(row.try_get("created_at_us")?, "webhook created_at")?,
    })
}

pub(crate) async fn list_webhooks(pools: &Pools, operator_id: &str) -> Result<Vec<Webhook>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, operator_id, url, secret, created_at_us FROM webhooks WHERE operator_id = $1 ORDER BY created_at_us",
    )
    .bind(operator_id)
    .fetch_all(&pools.reader)
    .await?;
    rows.iter().map(webhook_from_row).collect()
}

// ---------------------------------------------------------------------------------------------------
// E-mail recipients

fn email_recipient_from_row(row: &<Db as sqlx::Database>::Row) -> Result<EmailRecipient, StoreError> {
    Ok(EmailRecipient {
        id: row.try_get("id")?,
        operator_id: row.try_get("operator_id")?,
        address: StaffEmail::parse(&row.try_get::<String, _>("address")?)
            .map_err(|e| StoreError::corrupt("e-mail recipient address", e))?,
        created_at: instant(row.try_get("created_at_us")?, "e-mail recipient created_at")?,
    })
}

pub(crate) async fn add_email_recipient(
    pools: &Pools,
    operator_id: &str,
    address: &StaffEmail,
    actor: &Actor,
    now: Timestamp,
) -> Result<EmailRecipient, StoreError> {
    let mut tx = pools.write().await?;
    // The operator's row lock (a no-op on SQLite, where the write lock is already held) keeps two
    // instances from both passing the limit with their last free place.
    lock_operator(&mut tx, operator_id).await?;
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM email_recipients WHERE operator_id = $1")
        .bind(operator_id)
        .fetch_one(&mut *tx)
        .await?;
    if count >= i64::from(crate::MAX_EMAIL_RECIPIENTS) {
        return Err(StoreError::Limit { kind: "e-mail recipients", max: crate::MAX_EMAIL_RECIPIENTS });
    }
    let id = new_id();
    sqlx::query("INSERT INTO email_recipients (id, operator_id, address, created_at_us) VALUES ($1, $2, $3, $4)")
        .bind(&id)
        .bind(operator_id)
        .bind(address.as_str())
        .bind(now.as_microsecond())
        .execute(&mut *tx)
        .await
        .map_err(|e| conflict_or(e, "e-mail recipient", address.as_str()))?;
    let details = serde_json::json!({ "address": address.as_str() });
    journal(&mut tx, operator_id, actor, Action::PutEmailRecipient, ("email_recipient", &id), details, now).await?;
    tx.commit().await?;
    Ok(EmailRecipient { id, operator_id: operator_id.to_owned(), address: address.clone(), created_at: now })
}

pub(crate) async fn list_email_recipients(pools: &Pools, operator_id: &str) -> Result<Vec<EmailRecipient>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, operator_id, address, created_at_us FROM email_recipients WHERE operator_id = $1 ORDER BY address",
    )
    .bind(operator_id)
    .fetch_all(&pools.reader)
    .await?;
    rows.iter().map(email_recipient_from_row).collect()
}

pub(crate) async fn remove_email_recipient(
    pools: &Pools,
    operator_id: &str,
    recipient_id: &str,
    actor: &Actor,
    now: Timestamp,
) -> Result<(), StoreError> {
    let mut tx = pools.write().await?;
    let address: Option<String> =
        sqlx::query_scalar("DELETE FROM email_recipients WHERE id = $1 AND operator_id = $2 RETURNING address")
            .bind(recipient_id)
            .bind(operator_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(address) = address else {
        return Err(StoreError::NotFound { kind: "e-mail recipient", id: recipient_id.to_owned() });
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
    operator_id: &str,
    topic: &str,
    payload: &serde_json::Value,
    now: Timestamp,
) -> Result<u32, StoreError> {
    let hooks =
        sqlx::query("SELECT url FROM webhooks WHERE operator_id = $1").bind(operator_id).fetch_all(&mut **tx).await?;
    let recipients = sqlx::query("SELECT address FROM email_recipients WHERE operator_id = $1 ORDER BY address")
        .bind(operator_id)
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
    operator_id: &str,
    channel: &str,
    destination: &str,
    topic: &str,
    body: &str,
    now: Timestamp,
) -> Result<(), StoreError> {
    let next_attempt = matches!(channel, "webhook" | "email").then_some(now.as_microsecond());
    sqlx::query(
        "INSERT INTO outbox (id, operator_id, channel, destination, topic, payload, created_at_us, \
         attempts, next_attempt_at_us) VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8)",
    )
    .bind(new_id())
    .bind(operator_id)
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

fn outbox_from_row(row: &<Db as sqlx::Database>::Row) -> Result<OutboxMessage, StoreError> {
    let payload: String = row.try_get("payload")?;
    Ok(OutboxMessage {
        id: row.try_get("id")?,
        operator_id: row.try_get("operator_id")?,
        channel: row.try_get("channel")?,
        destination: row.try_get("destination")?,
        topic: row.try_get("topic")?,
        payload: serde_json::from_str(&payload).map_err(|e| StoreError::corrupt("outbox payload", e))?,
        created_at: instant(row.try_get("created_at_us")?, "outbox created_at")?,
        attempts: row.try_get::<i64, _>("attempts")? as u32,
        next_attempt_at: optional_instant(row.try_get("next_attempt_at_us")?, "outbox next_attempt_at")?,
        delivered_at: optional_instant(row.try_get("delivered_at_us")?, "outbox delivered_at")?,
        last_error: row.try_get("last_error")?,
    })
}

pub(crate) async fn list_outbox(
    pools: &Pools,
    operator_id: &str,
    limit: u32,
) -> Result<Vec<OutboxMessage>, StoreError> {
    let sql = format!(
        "SELECT {OUTBOX_COLUMNS} FROM outbox WHERE operator_id = $1 ORDER BY created_at_us DESC, id DESC LIMIT $2"
    );
    let rows = sqlx::query(&sql).bind(operator_id).bind(i64::from(limit)).fetch_all(&pools.reader).await?;
    rows.iter().map(outbox_from_row).collect()
}

/// The earliest planned delivery attempt of any operator's webhook and e-mail messages.
pub(crate) async fn next_delivery_at(pools: &Pools) -> Result<Option<Timestamp>, StoreError> {
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
) -> Result<Vec<Delivery>, StoreError> {
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
async fn delivery_target(tx: &mut Tx, message: &OutboxMessage) -> Result<DeliveryTarget, StoreError> {
    match message.channel.as_str() {
        "webhook" => {
            let secret: Option<String> = sqlx::query_scalar(
                "SELECT secret FROM webhooks WHERE operator_id = $1 AND url = $2 ORDER BY created_at_us DESC LIMIT 1",
            )
            .bind(&message.operator_id)
            .bind(&message.destination)
            .fetch_optional(&mut **tx)
            .await?;
            Ok(secret.map_or(DeliveryTarget::Removed, |secret| DeliveryTarget::Webhook { secret }))
        }
        // A receipt goes to the address the subject gave, not to one of the operator's recipients.
        "email" if message.topic == crate::consent::RECEIPT_TOPIC => {
            let sql = format!("SELECT {OPERATOR_COLUMNS} FROM operators WHERE id = $1");
            let row = sqlx::query(&sql).bind(&message.operator_id).fetch_optional(&mut **tx).await?;
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
            .bind(&message.operator_id)
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
) -> Result<(), StoreError> {
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
                .bind(retry_at.map(|t| t.as_microsecond()))
                .bind(message_id)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------------
// Clocks

use tutela_core::clock::{Clock, ClockError, ClockState};

const CLOCK_COLUMNS: &str = "id, operator_id, kind, label, subject_ref, state, body, created_at_us, updated_at_us";

fn clock_from_row(row: &<Db as sqlx::Database>::Row) -> Result<ClockRecord, StoreError> {
    let state: String = row.try_get("state")?;
    let body: String = row.try_get("body")?;
    Ok(ClockRecord {
        id: row.try_get("id")?,
        operator_id: row.try_get("operator_id")?,
        kind: row.try_get("kind")?,
        label: row.try_get("label")?,
        subject_ref: row.try_get("subject_ref")?,
        state: ClockState::parse(&state).ok_or_else(|| StoreError::corrupt("clock state", &state))?,
        clock: serde_json::from_str(&body).map_err(|e| StoreError::corrupt("clock", e))?,
        created_at: instant(row.try_get("created_at_us")?, "clock created_at")?,
        updated_at: instant(row.try_get("updated_at_us")?, "clock updated_at")?,
    })
}

fn clock_body(clock: &Clock) -> Result<String, StoreError> {
    serde_json::to_string(clock).map_err(|e| StoreError::corrupt("clock", e))
}

fn micros(at: Option<Timestamp>) -> Option<i64> {
    at.map(|t| t.as_microsecond())
}

pub(crate) async fn start_clock(
    pools: &Pools,
    operator_id: &str,
    new: &NewClock,
    actor: &Actor,
    now: Timestamp,
) -> Result<ClockRecord, StoreError> {
    let mut tx = pools.write().await?;
    let (record, details) = insert_clock(&mut tx, operator_id, new, now).await?;
    journal(&mut tx, operator_id, actor, Action::StartClock, ("clock", &record.id), details, now).await?;
    tx.commit().await?;
    Ok(record)
}

/// Inserts a new clock's row; the caller journals `start_clock` with the details returned.
async fn insert_clock(
    tx: &mut Tx,
    operator_id: &str,
    new: &NewClock,
    now: Timestamp,
) -> Result<(ClockRecord, serde_json::Value), StoreError> {
    // A clock may start in the past (a request received yesterday): it is stored as it was at its
    // start, and the scheduler moves it on at once, journaling and announcing each change.
    let record = ClockRecord {
        id: new_id(),
        operator_id: operator_id.to_owned(),
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
    .bind(operator_id)
    .bind(&new.kind)
    .bind(&new.label)
    .bind(&new.subject_ref)
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
    operator_id: &str,
    clock_id: &str,
) -> Result<Option<ClockRecord>, StoreError> {
    let sql = format!("SELECT {CLOCK_COLUMNS} FROM clocks WHERE id = $1 AND operator_id = $2");
    let row = sqlx::query(&sql).bind(clock_id).bind(operator_id).fetch_optional(&pools.reader).await?;
    row.as_ref().map(clock_from_row).transpose()
}

pub(crate) async fn list_clocks(
    pools: &Pools,
    operator_id: &str,
    state: Option<ClockState>,
    limit: u32,
) -> Result<Vec<ClockRecord>, StoreError> {
    let sql = format!(
        "SELECT {CLOCK_COLUMNS} FROM clocks WHERE operator_id = $1 AND ($2 IS NULL OR state = $2) \
         ORDER BY due_at_us, id LIMIT $3"
    );
    let rows = sqlx::query(&sql)
        .bind(operator_id)
        .bind(state.map(ClockState::as_str))
        .bind(i64::from(limit))
        .fetch_all(&pools.reader)
        .await?;
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
async fn save_clock(tx: &mut Tx, record: &ClockRecord, now: Timestamp) -> Result<(), StoreError> {
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
    operator_id: &str,
    clock_id: &str,
    actor: &Actor,
    action: Action,
    change: F,
    now: Timestamp,
) -> Result<ClockRecord, StoreError>
where
    F: FnOnce(&mut Clock) -> Result<serde_json::Value, ClockError>,
{
    let mut tx = pools.write().await?;
    let sql = format!("SELECT {CLOCK_COLUMNS} FROM clocks WHERE id = $1 AND operator_id = $2{LOCK_ROW}");
    let row = sqlx::query(&sql).bind(clock_id).bind(operator_id).fetch_optional(&mut *tx).await?;
    let mut record = row
        .as_ref()
        .map(clock_from_row)
        .transpose()?
        .ok_or_else(|| StoreError::NotFound { kind: "clock", id: clock_id.to_owned() })?;
    let details = change(&mut record.clock)?;
    record.state = settled_state(record.state, record.clock.state_at(now));
    record.updated_at = now;
    save_clock(&mut tx, &record, now).await?;
    record_entry_with_state(&mut tx, &record, actor, action, details, now).await?;
    tx.commit().await?;
    Ok(record)
}

async fn record_entry_with_state(
    tx: &mut Tx,
    clock: &ClockRecord,
    actor: &Actor,
    action: Action,
    mut details: serde_json::Value,
    now: Timestamp,
) -> Result<Entry, StoreError> {
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
    row: &<Db as sqlx::Database>::Row,
    err: &StoreError,
) -> Result<(), StoreError> {
    let id: String = row.try_get("id")?;
    tracing::error!(clock = %id, error = %err, "unreadable clock row taken out of scheduling");
    sqlx::query("UPDATE clocks SET next_check_at_us = NULL WHERE id = $1").bind(&id).execute(&mut **tx).await?;
    Ok(())
}

/// The earliest instant at which any clock of any operator changes state by itself.
pub(crate) async fn next_clock_check(pools: &Pools) -> Result<Option<Timestamp>, StoreError> {
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
) -> Result<Vec<ClockTransition>, StoreError> {
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
