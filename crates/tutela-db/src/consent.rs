//! The consent ledger's storage: append-only records, the current state derived from them, the notice
//! texts subjects saw, and a group-commit writer.
//!
//! Every record is inserted together with its journal entry and the update of the current-state tables
//! (`consent_subjects`, `consent_current`) in one transaction; a decision then reads one row pair by
//! primary key. Records are never updated or deleted.
//!
//! [`LedgerWriter`] is the write path the API uses: one task per database takes every pending write and
//! commits them in one transaction, so with `synchronous = FULL` one fsync acknowledges many records
//! (group commit). A write is acknowledged only after its transaction committed. When a batch fails,
//! each write in it is retried alone, so one bad write fails alone.
//!
//! Follow-ups happen inside the same transaction as the record that causes them, decided by
//! `tutela_core::consent`: recording that a subject is a minor with no guardian's consent in force
//! blocks their processing at once (seed 004 §3.7), and a guardian's consent (or an age record saying
//! the subject is not a minor) lifts that block; both are journaled as `system:consent`. A write that
//! takes consent back may carry a [`DestructionPlan`]: its clock starts in the same transaction when
//! no basis is left, journaled as `start_clock` by the write's actor. A write may also name an e-mail
//! address: a receipt of its records is queued in the outbox in the same transaction, so the subject
//! gets it (at least once) if and only if the records were committed.

use std::sync::Arc;

use jiff::Timestamp;
use serde::Serialize;
use tokio::sync::{mpsc, oneshot};
use tutela_core::consent::{
    Basis, LanguageTag, LedgerRecord, Notice, PurposeId, PurposeRule, RecordBody, Sha256Hex, SubjectState,
};
use tutela_core::journal::{Actor, Entry, EntryHash};
use tutela_core::operator::OperatorId;
use tutela_core::subject::SubjectRef;

use crate::{Backend, Db, DbError, backends, now_us};

/// Most records one [`LedgerWrite`] may carry.
pub const MAX_RECORDS_PER_WRITE: usize = 100;
/// Most records the writer commits in one transaction.
pub const MAX_RECORDS_PER_COMMIT: usize = 2_000;
/// Writes that may wait for the writer before callers wait for room.
pub const WRITER_QUEUE: usize = 8_192;
/// Most records a history returns.
pub const MAX_HISTORY_RECORDS: u32 = 5_000;
/// Most subjects one export page returns.
pub const MAX_EXPORT_PAGE: u32 = 1_000;

/// A record to write: the database gives it its id, its recording instant and its recorder.
#[derive(Debug, Clone)]
pub struct NewRecord {
    /// The subject.
    pub subject: SubjectRef,
    /// When the choice was made; now when `None`.
    pub at: Option<Timestamp>,
    /// What it says.
    pub body: RecordBody,
}

/// One caller's write: notices to store (if new) and records, committed together or not at all.
#[derive(Debug, Clone)]
pub struct LedgerWrite {
    /// The operator.
    pub operator_id: OperatorId,
    /// Who records.
    pub actor: Actor,
    /// Notice texts the records name, with their language.
    pub notices: Vec<(Notice, Option<LanguageTag>)>,
    /// The records, in order.
    pub records: Vec<NewRecord>,
    /// For a withdrawal or objection: the destruction clock to start in the same transaction when
    /// nothing else lets the operator keep the subject's data.
    pub destruction: Option<DestructionPlan>,
    /// An e-mail address (checked by the caller) to send the subject a receipt of the records to:
    /// queued in the outbox in the same transaction, topic [`RECEIPT_TOPIC`].
    pub receipt_to: Option<String>,
}

/// The outbox topic of a receipt sent to a subject.
pub const RECEIPT_TOPIC: &str = "consent.receipt";

/// The destruction clock of 152-FZ art. 21(5) to start in the same transaction as the records that
/// take consent back, so an acknowledged withdrawal can never be left without it. It starts when,
/// after the records, none of `consent_purposes` allows processing the subject's data and
/// `retained_on` names no other basis; while one is running for the subject, no second one starts.
#[derive(Debug, Clone)]
pub struct DestructionPlan {
    /// Whose data.
    pub subject: SubjectRef,
    /// Every purpose of the data map that rests on consent, with its rule.
    pub consent_purposes: Vec<(PurposeId, PurposeRule)>,
    /// Bases other than consent the operator still processes the subject's data on.
    pub retained_on: Vec<Basis>,
    /// The clock to start.
    pub clock: tutela_core::clock::ClockSpec,
}

/// What one write put in the ledger.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Written {
    /// The records, with follow-ups (a block, an unblock) after the record that caused them.
    pub records: Vec<WrittenRecord>,
    /// The destruction clock running for the subject after the write, if its plan called for one:
    /// the one it started, or the one already running.
    pub destruction_clock_id: Option<String>,
}

/// A record as written, with the journal entry that proves it. Follow-up records (a block, an
/// unblock) come after the record that caused them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WrittenRecord {
    /// The record.
    pub record: LedgerRecord,
    /// Its journal entry's sequence number.
    pub journal_seq: u64,
    /// Its journal entry's hash.
    pub journal_hash: EntryHash,
}

/// A record read back, with its stored bytes' digest and its journal entry's number.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredRecord {
    /// The record.
    pub record: LedgerRecord,
    /// SHA-256 of the stored canonical JSON; equals the journal entry's `record_sha256` unless the row
    /// was changed.
    pub stored_sha256: Sha256Hex,
    /// The journal entry that recorded it.
    pub journal_seq: u64,
}

/// A notice text as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredNotice {
    /// Its digest.
    pub sha256: Sha256Hex,
    /// The text.
    pub text: String,
    /// Its language, if given.
    pub language: Option<LanguageTag>,
    /// When it was first stored.
    pub created_at: Timestamp,
}

/// One subject's current state, for client caches.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportedSubject {
    /// The subject.
    pub subject: SubjectRef,
    /// The journal sequence number of the subject's newest record: the export's cursor.
    pub changed_seq: u64,
    /// The state.
    pub state: SubjectState,
}

/// A consent to distribution in force, as the operator must publish it (152-FZ art. 10.1: the
/// conditions and prohibitions, within three working days).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PublishedDistribution {
    /// The subject.
    pub subject: SubjectRef,
    /// The purpose.
    pub purpose: PurposeId,
    /// The consent record.
    pub record_id: String,
    /// When it expires.
    pub expires_at: Option<Timestamp>,
    /// Its terms (the caller publishes the items, prohibitions, conditions and resources, not the
    /// subject's name and contact).
    pub terms: tutela_core::consent::DistributionTerms,
}

impl Db {
    /// Writes each of `writes` in one transaction (a group commit), each with its journal entries.
    /// When that fails, each write is tried alone; the result for each write says how it went.
    pub async fn write_ledger(&self, writes: &[LedgerWrite]) -> Vec<Result<Written, DbError>> {
        let results = self.write_ledger_uncached(writes).await;
        // After the commit (or the failure: a batch may have committed before its answer was lost),
        // so a decision never answers from a state older than an acknowledged record.
        if let Some(states) = &self.caches.states {
            for write in writes {
                for record in &write.records {
                    states.invalidate(&(write.operator_id.clone(), record.subject.clone()));
                }
            }
        }
        results
    }

    async fn write_ledger_uncached(&self, writes: &[LedgerWrite]) -> Vec<Result<Written, DbError>> {
        let now = now_us();
        let together: Result<Vec<Written>, DbError> = dispatch!(self, write_ledger(writes, now));
        match together {
            Ok(all) => all.into_iter().map(Ok).collect(),
            Err(err) if writes.len() == 1 => vec![Err(err)],
            Err(err) => {
                tracing::debug!(error = %err, writes = writes.len(), "ledger batch failed; writing one by one");
                let mut results = Vec::with_capacity(writes.len());
                for write in writes {
                    let one: Result<Vec<Written>, DbError> =
                        dispatch!(self, write_ledger(std::slice::from_ref(write), now));
                    results.push(one.map(|mut all| all.pop().unwrap_or_default()));
                }
                results
            }
        }
    }

    /// Records `expired` for up to `limit` consents still given whose term ended by `now` (see the
    /// scheduler); answers how many were recorded.
    pub async fn expire_consents(&self, now: Timestamp, limit: u32) -> Result<usize, DbError> {
        let expired: Vec<(OperatorId, SubjectRef)> = dispatch!(self, expire_consents(now, limit))?;
        if let Some(states) = &self.caches.states {
            for key in &expired {
                states.invalidate(key);
            }
        }
        Ok(expired.len())
    }

    /// The earliest end of a term of a consent still given, if any: when the scheduler should next
    /// call [`Db::expire_consents`].
    pub async fn next_consent_expiry(&self) -> Result<Option<Timestamp>, DbError> {
        dispatch!(self, next_consent_expiry())
    }

    /// The subject's whole current state, or `None` when the ledger has no record of them.
    pub async fn subject_state(
        &self,
        operator_id: &OperatorId,
        subject: &SubjectRef,
    ) -> Result<Option<SubjectState>, DbError> {
        dispatch!(self, subject_state(operator_id, subject))
    }

    /// The subject's state for one purpose, in one indexed read: the decision's hot path. `None` when
    /// the ledger has no record of the subject. With the decision cache (see
    /// [`Db::with_decision_cache`]) the answer comes from memory when it can, and then holds every
    /// purpose of the subject.
    pub async fn decision_state(
        &self,
        operator_id: &OperatorId,
        subject: &SubjectRef,
        purpose: &PurposeId,
    ) -> Result<Option<Arc<SubjectState>>, DbError> {
        let Some(states) = &self.caches.states else {
            return Ok(dispatch!(self, decision_state(operator_id, subject, purpose))?.map(Arc::new));
        };
        let key = (operator_id.to_owned(), subject.clone());
        let ticket = match states.get(&key) {
            Ok(state) => return Ok(Some(state)),
            Err(ticket) => ticket,
        };
        // The whole subject, so the entry answers for every purpose.
        let Some(mut state) = dispatch!(self, subject_state(operator_id, subject))? else { return Ok(None) };
        state.purposes.shrink_to_fit();
        let state = Arc::new(state);
        states.insert(ticket, key, state.clone());
        Ok(Some(state))
    }

    /// The subject's records, oldest first by effective instant: with `purpose`, the records of that
    /// purpose and the subject-wide ones (blocks, signals, age) that bear on it.
    pub async fn ledger_history(
        &self,
        operator_id: &OperatorId,
        subject: &SubjectRef,
        purpose: Option<&PurposeId>,
    ) -> Result<Vec<StoredRecord>, DbError> {
        dispatch!(self, ledger_history(operator_id, subject, purpose, MAX_HISTORY_RECORDS))
    }

    /// One record.
    pub async fn ledger_record(&self, operator_id: &OperatorId, record_id: &str) -> Result<StoredRecord, DbError> {
        dispatch!(self, ledger_record(operator_id, record_id))?
            .ok_or_else(|| DbError::NotFound { kind: "consent record", id: record_id.to_owned() })
    }

    /// A notice text by digest.
    pub async fn consent_notice(
        &self,
        operator_id: &OperatorId,
        sha256: &Sha256Hex,
    ) -> Result<Option<StoredNotice>, DbError> {
        dispatch!(self, consent_notice(operator_id, sha256))
    }

    /// The journal entries with these sequence numbers (at most 1000), oldest first.
    pub async fn journal_entries(&self, operator_id: &OperatorId, seqs: &[u64]) -> Result<Vec<Entry>, DbError> {
        let seqs = &seqs[..seqs.len().min(crate::MAX_JOURNAL_PAGE as usize)];
        dispatch!(self, journal_entries(operator_id, seqs))
    }

    /// Subjects whose state changed after journal sequence number `after_seq`, in the order of their
    /// newest change, at most `limit` (capped at [`MAX_EXPORT_PAGE`]).
    pub async fn export_subjects(
        &self,
        operator_id: &OperatorId,
        after_seq: u64,
        limit: u32,
    ) -> Result<Vec<ExportedSubject>, DbError> {
        dispatch!(self, export_subjects(operator_id, after_seq, limit.clamp(1, MAX_EXPORT_PAGE)))
    }

    /// Consents to distribution in force now, by subject reference after `after_subject`, at most
    /// `limit` (capped at [`MAX_EXPORT_PAGE`]).
    pub async fn distribution_consents(
        &self,
        operator_id: &OperatorId,
        after_subject: Option<&str>,
        limit: u32,
    ) -> Result<Vec<PublishedDistribution>, DbError> {
        let limit = limit.clamp(1, MAX_EXPORT_PAGE);
        dispatch!(self, distribution_consents(operator_id, after_subject.unwrap_or(""), limit, now_us()))
    }

    /// Subjects who refused, withdrew or objected to `purpose`: whom mailings must leave out. Ordered
    /// by subject reference, after `after_subject`, at most `limit` (capped at [`MAX_EXPORT_PAGE`]).
    pub async fn suppressed_subjects(
        &self,
        operator_id: &OperatorId,
        purpose: &PurposeId,
        after_subject: Option<&str>,
        limit: u32,
    ) -> Result<Vec<SubjectRef>, DbError> {
        let limit = limit.clamp(1, MAX_EXPORT_PAGE);
        dispatch!(self, suppressed_subjects(operator_id, purpose, after_subject.unwrap_or(""), limit))
    }
}

/// A job for the writer task.
struct Job {
    write: LedgerWrite,
    reply: oneshot::Sender<Result<Written, DbError>>,
}

/// The group-commit write path of the ledger: a task that commits every write waiting for it in one
/// transaction. Cheap to clone; the task stops when the last clone is dropped.
#[derive(Debug, Clone)]
pub struct LedgerWriter {
    jobs: mpsc::Sender<Job>,
}

/// Why a write through the [`LedgerWriter`] failed.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The write carries more records than [`MAX_RECORDS_PER_WRITE`].
    #[error("one write may carry at most {MAX_RECORDS_PER_WRITE} records; this one carries {0}")]
    TooManyRecords(usize),
    /// The writer task is gone (the server is stopping).
    #[error("the consent ledger writer has stopped")]
    Stopped,
    /// The database refused or failed the write.
    #[error(transparent)]
    Db(#[from] DbError),
}

impl LedgerWriter {
    /// Starts the writer task for `db` on the current tokio runtime.
    pub fn spawn(store: Db) -> LedgerWriter {
        let (jobs, receiver) = mpsc::channel(WRITER_QUEUE);
        tokio::spawn(run_writer(store, receiver));
        LedgerWriter { jobs }
    }

    /// Writes `write` and returns once it is committed.
    pub async fn write(&self, write: LedgerWrite) -> Result<Written, WriteError> {
        if write.records.len() > MAX_RECORDS_PER_WRITE {
            return Err(WriteError::TooManyRecords(write.records.len()));
        }
        let (reply, answer) = oneshot::channel();
        self.jobs.send(Job { write, reply }).await.map_err(|_| WriteError::Stopped)?;
        Ok(answer.await.map_err(|_| WriteError::Stopped)??)
    }
}

async fn run_writer(store: Db, mut receiver: mpsc::Receiver<Job>) {
    while let Some(first) = receiver.recv().await {
        let mut records = first.write.records.len();
        let mut batch = vec![first];
        // Everything that queued up while the previous batch committed goes into this one.
        while records < MAX_RECORDS_PER_COMMIT {
            let Ok(job) = receiver.try_recv() else { break };
            records += job.write.records.len();
            batch.push(job);
        }
        let (writes, replies): (Vec<LedgerWrite>, Vec<_>) = batch.into_iter().map(|job| (job.write, job.reply)).unzip();
        let results = store.write_ledger(&writes).await;
        for (reply, result) in replies.into_iter().zip(results) {
            // The caller may have gone away (its request timed out); the write stands regardless.
            let _ = reply.send(result);
        }
    }
}
