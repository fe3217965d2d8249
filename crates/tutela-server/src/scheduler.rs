//! The obligation scheduler: moves clocks whose time has come and delivers the notifications that
//! follow.
//!
//! Clocks change state by themselves (running → due soon → breached), and consents run out, with no
//! request to trigger it, so one background task per instance looks at them. Each **pass**:
//! 1. runs every [`Job`] of `Job::ALL`, a batch at a time in one transaction each, until a batch
//!    comes back short: moving due clocks ([`Db::process_due_clocks`] journals every change and
//!    queues its messages, one per webhook and per e-mail recipient, in the same transaction), and
//!    recording `expired` for consents whose term ended ([`Db::expire_consents`]), so the ledger
//!    says so and not only the decisions;
//! 2. claims one batch of due messages of every channel ([`Db::claim_deliveries`] leases them),
//!    sends them all at once, each by its channel — webhooks with [`WebhookClient`], e-mail with
//!    [`Mailer`] (see [`crate::email`]) — and records each outcome ([`Db::finish_delivery`]); the
//!    lease is at least twice the delivery timeout, so no other instance takes a message while its
//!    attempt is in flight;
//! 3. sleeps until the earliest of: each job's next due instant (the next clock change, the next
//!    end of a consent's term), the next planned delivery attempt of any instance
//!    ([`Db::next_delivery_at`]), and `max_sleep_ms` —
//!    or until [`Scheduler::wake`] or
//!    [`Scheduler::shutdown`]. When the batch of messages was full it does not sleep at all: the
//!    next pass follows at once, so a backlog of messages drains while the clocks are still looked
//!    at between batches.
//!
//! The `max_sleep_ms` bound is what lets an instance notice clocks added by other instances; [`Scheduler::wake`] makes a change made through this instance prompt. Several
//! instances on one PostgreSQL database may all run the scheduler: the database claims work with
//! `SKIP LOCKED` and leases, so a clock is moved and journaled once. A message is delivered at least
//! once (see [`crate::delivery`] and [`crate::email`]).
//!
//! The task never dies on a database error: it logs it and tries again after a back-off that
//! doubles from [`ERROR_BACKOFF_BASE_MS`] to [`ERROR_BACKOFF_MAX_MS`].
//!
//! # Metrics
//!
//! - `tutela_clock_transitions_total{to}`: clocks moved, by new state (`due_soon`, `breached`);
//! - `tutela_webhook_deliveries_total{outcome}` and `tutela_email_deliveries_total{outcome}`:
//!   attempts, by outcome (`delivered`, `retry`, `given_up`);
//! - `tutela_consents_expired_total`: consents recorded as expired;
//! - `tutela_scheduler_errors_total`: passes that failed on a database error.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use jiff::Timestamp;
use tokio::sync::Notify;
use tokio::task::{JoinHandle, JoinSet};
use tutela_db::{Db, DbError, Delivery, DeliveryOutcome};

use crate::delivery::WebhookClient;
use crate::email::{self, Mailer, SmtpConfig};
use crate::retry::RetryPolicy;

/// The shortest sleep between passes, in milliseconds, so that a clock another instance holds
/// locked right now is polled for, not spun on.
pub const MIN_SLEEP_MS: u64 = 50;
/// The first wait after a failed pass, in milliseconds.
pub const ERROR_BACKOFF_BASE_MS: u64 = 500;
/// The longest wait after failed passes, in milliseconds.
pub const ERROR_BACKOFF_MAX_MS: u64 = 30_000;
/// The largest accepted `batch_size`.
pub const MAX_BATCH_SIZE: u32 = 10_000;
/// The largest accepted `delivery_batch` (the requests of a batch are in flight together).
pub const MAX_DELIVERY_BATCH: u32 = 500;
/// The longest accepted `max_sleep_ms`: one hour.
pub const MAX_SLEEP_CAP_MS: u64 = 3_600_000;

/// Scheduler settings. Out-of-range values are brought into range when the scheduler starts.
#[derive(Debug, Clone)]
pub struct SchedulerConfig {
    /// Clocks moved per transaction (1..=[`MAX_BATCH_SIZE`]).
    pub batch_size: u32,
    /// The longest sleep between passes, in milliseconds, even when nothing is due, so that work
    /// queued by other instances is noticed ([`MIN_SLEEP_MS`]..=[`MAX_SLEEP_CAP_MS`]).
    pub max_sleep_ms: u64,
    /// How long a claimed message is reserved for this instance, in seconds. Raised to at least
    /// twice `delivery_timeout_ms`, so an attempt always ends within its lease.
    pub delivery_lease_s: i64,
    /// Messages claimed, and sent concurrently, at once (1..=[`MAX_DELIVERY_BATCH`]).
    pub delivery_batch: u32,
    /// Total time allowed for one webhook request or SMTP session, in milliseconds.
    pub delivery_timeout_ms: u64,
    /// Attempts after which a message is given up (at least 1).
    pub max_attempts: u32,
    /// Wait after the first failed attempt, in milliseconds; doubles with each further failure.
    pub retry_base_ms: u64,
    /// The longest wait between two attempts, in milliseconds.
    pub retry_cap_ms: u64,
    /// The relay e-mail messages are sent through; without one they are given up with
    /// `SMTP is not configured`.
    pub smtp: Option<SmtpConfig>,
}

impl Default for SchedulerConfig {
    fn default() -> Self {
        let retry = RetryPolicy::default();
        SchedulerConfig {
            batch_size: 100,
            max_sleep_ms: 30_000,
            delivery_lease_s: 60,
            delivery_batch: 50,
            delivery_timeout_ms: 10_000,
            max_attempts: retry.max_attempts,
            retry_base_ms: retry.base_ms,
            retry_cap_ms: retry.cap_ms,
            smtp: None,
        }
    }
}

impl SchedulerConfig {
    /// The settings brought into their documented ranges.
    fn bounded(mut self) -> SchedulerConfig {
        self.batch_size = self.batch_size.clamp(1, MAX_BATCH_SIZE);
        self.max_sleep_ms = self.max_sleep_ms.clamp(MIN_SLEEP_MS, MAX_SLEEP_CAP_MS);
        self.delivery_batch = self.delivery_batch.clamp(1, MAX_DELIVERY_BATCH);
        self.delivery_timeout_ms = self.delivery_timeout_ms.clamp(1, MAX_SLEEP_CAP_MS);
        let min_lease_s = i64::try_from(self.delivery_timeout_ms.saturating_mul(2).div_ceil(1000)).unwrap_or(i64::MAX);
        self.delivery_lease_s = self.delivery_lease_s.max(min_lease_s).max(1);
        self.max_attempts = self.max_attempts.max(1);
        self.retry_cap_ms = self.retry_cap_ms.max(1);
        self.retry_base_ms = self.retry_base_ms.clamp(1, self.retry_cap_ms);
        self
    }

    fn retry_policy(&self) -> RetryPolicy {
        RetryPolicy { base_ms: self.retry_base_ms, cap_ms: self.retry_cap_ms, max_attempts: self.max_attempts }
    }
}

/// What the handle and the task share.
#[derive(Debug, Default)]
struct Signals {
    /// Wakes the task from its sleep; a wake while it is busy is kept for its next sleep.
    notify: Notify,
    /// Set to stop the task after its current pass.
    stopping: AtomicBool,
}

impl Signals {
    fn stopping(&self) -> bool {
        self.stopping.load(Ordering::Acquire)
    }

    fn stop(&self) {
        self.stopping.store(true, Ordering::Release);
        self.notify.notify_one();
    }
}

/// A running scheduler task. Dropping the handle stops the task after its current pass without
/// waiting for it; [`Scheduler::shutdown`] also waits.
#[derive(Debug)]
pub struct Scheduler {
    signals: Arc<Signals>,
    task: Option<JoinHandle<()>>,
}

impl Scheduler {
    /// Starts the scheduler on the current tokio runtime; its first pass begins at once.
    pub fn spawn(db: Db, config: SchedulerConfig) -> Scheduler {
        let signals = Arc::new(Signals::default());
        let worker = Worker::new(db, config.bounded());
        let task = tokio::spawn(worker.run(Arc::clone(&signals)));
        Scheduler { signals, task: Some(task) }
    }

    /// Asks the scheduler to look at the clocks now (a clock was started or changed). Never blocks;
    /// several wakes before the scheduler gets to them make one pass.
    pub fn wake(&self) {
        self.signals.notify.notify_one();
    }

    /// Stops the scheduler after its current pass and waits for it to end.
    pub async fn shutdown(mut self) {
        self.signals.stop();
        if let Some(task) = self.task.take()
            && let Err(error) = task.await
        {
            tracing::error!(%error, "scheduler task ended abnormally");
        }
    }
}

impl Drop for Scheduler {
    fn drop(&mut self) {
        self.signals.stop();
    }
}

/// The task's state.
struct Worker {
    db: Db,
    config: SchedulerConfig,
    retry: RetryPolicy,
    /// Built on first use, and built again on the next pass if building failed.
    client: Option<WebhookClient>,
    /// `None` when no SMTP relay is configured.
    mailer: Option<Mailer>,
}

impl Worker {
    fn new(db: Db, config: SchedulerConfig) -> Worker {
        let mailer = config.smtp.as_ref().map(|smtp| Mailer::new(smtp, config.delivery_timeout_ms));
        Worker { db, retry: config.retry_policy(), config, client: None, mailer }
    }

    async fn run(mut self, signals: Arc<Signals>) {
        let smtp = self.config.smtp.as_ref().map(SmtpConfig::shown_url);
        tracing::info!(backend = self.db.backend_name(), smtp, "scheduler started");
        let mut failed_passes: u32 = 0;
        while !signals.stopping() {
            let sleep_ms = match self.pass(&signals).await {
                Ok(sleep_ms) => {
                    failed_passes = 0;
                    sleep_ms
                }
                Err(error) => {
                    failed_passes = failed_passes.saturating_add(1);
                    let backoff_ms = error_backoff_ms(failed_passes);
                    metrics::counter!("tutela_scheduler_errors_total").increment(1);
                    tracing::warn!(%error, backoff_ms, failed_passes, "scheduler pass failed; retrying after a back-off");
                    backoff_ms
                }
            };
            if signals.stopping() {
                break;
            }
            if sleep_ms == 0 {
                tokio::task::yield_now().await;
                continue;
            }
            tokio::select! {
                () = tokio::time::sleep(Duration::from_millis(sleep_ms)) => {}
                () = signals.notify.notified() => {}
            }
        }
        tracing::info!("scheduler stopped");
    }

    /// One pass; returns how long to sleep afterwards, in milliseconds.
    async fn pass(&mut self, signals: &Signals) -> Result<u64, DbError> {
        for job in Job::ALL {
            self.run_job(job, signals).await?;
        }
        if self.deliver().await? {
            // More messages may be due: come straight back, after looking at the clocks again.
            return Ok(0);
        }
        self.sleep_ms().await
    }

    /// Runs `job` a batch per transaction until a batch comes back short.
    async fn run_job(&self, job: Job, signals: &Signals) -> Result<(), DbError> {
        loop {
            let done = job.run_batch(&self.db, Timestamp::now(), self.config.batch_size).await?;
            if done < self.config.batch_size as usize || signals.stopping() {
                return Ok(());
            }
        }
    }

    /// Claims one batch of due messages and makes an attempt at each, all at once; returns whether
    /// the batch was full. One batch per pass keeps a slow or dead endpoint or relay from holding up
    /// the clocks for longer than one delivery timeout.
    async fn deliver(&mut self) -> Result<bool, DbError> {
        let Some(client) = self.client() else { return Ok(false) };
        let now = Timestamp::now();
        let claimed = self.db.claim_deliveries(now, self.config.delivery_lease_s, self.config.delivery_batch).await?;
        let full = claimed.len() >= self.config.delivery_batch as usize;
        let channels = Channels { webhooks: client, mailer: self.mailer.clone(), retry: self.retry };
        let mut attempts = JoinSet::new();
        for delivery in claimed {
            attempts.spawn(attempt(self.db.clone(), channels.clone(), delivery));
        }
        while let Some(joined) = attempts.join_next().await {
            match joined {
                Ok(()) => {}
                Err(error) => tracing::error!(%error, "delivery task failed"),
            }
        }
        Ok(full)
    }

    fn client(&mut self) -> Option<WebhookClient> {
        if self.client.is_none() {
            match WebhookClient::new(self.config.delivery_timeout_ms) {
                Ok(client) => self.client = Some(client),
                Err(error) => tracing::warn!(%error, "webhooks are not delivered on this pass"),
            }
        }
        self.client.clone()
    }

    /// Until the next thing any job or delivery has to do, within [`MIN_SLEEP_MS`]..=`max_sleep_ms`.
    async fn sleep_ms(&self) -> Result<u64, DbError> {
        // Every instance's planned attempts and expired leases, not only this one's.
        let mut next = self.db.next_delivery_at().await?;
        for job in Job::ALL {
            next = [next, job.next_due(&self.db).await?].into_iter().flatten().min();
        }
        Ok(sleep_until_ms(Timestamp::now(), next, self.config.max_sleep_ms))
    }
}

/// Work that comes due by itself and is done in batches, one transaction each. The one list of
/// them is [`Job::ALL`]: a capability whose obligations come due with no request to trigger them
/// (a request's deadline, a subscription's resume, a scheduled destruction) adds its job there,
/// and both the pass and the sleep follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Job {
    /// Clocks whose due-soon or breach instant has passed ([`Db::process_due_clocks`]).
    MoveClocks,
    /// Consents whose term ended, recorded as `expired` ([`Db::expire_consents`]).
    ExpireConsents,
}

impl Job {
    /// Every job, in the order of a pass.
    const ALL: [Job; 2] = [Job::MoveClocks, Job::ExpireConsents];

    /// Does one batch of at most `limit` items due at `now`; returns how many it did.
    async fn run_batch(self, db: &Db, now: Timestamp, limit: u32) -> Result<usize, DbError> {
        match self {
            Job::MoveClocks => {
                let transitions = db.process_due_clocks(now, limit).await?;
                for transition in &transitions {
                    metrics::counter!("tutela_clock_transitions_total", "to" => transition.to.as_str()).increment(1);
                    tracing::debug!(
                        operator_id = %transition.operator_id,
                        clock_id = %transition.clock_id,
                        from = transition.from.as_str(),
                        to = transition.to.as_str(),
                        "clock changed state"
                    );
                }
                Ok(transitions.len())
            }
            Job::ExpireConsents => {
                let expired = db.expire_consents(now, limit).await?;
                if expired > 0 {
                    metrics::counter!("tutela_consents_expired_total").increment(expired as u64);
                    tracing::debug!(expired, "consents expired");
                }
                Ok(expired)
            }
        }
    }

    /// The earliest instant at which this job will have something to do.
    async fn next_due(self, db: &Db) -> Result<Option<Timestamp>, DbError> {
        match self {
            Job::MoveClocks => db.next_clock_check().await,
            Job::ExpireConsents => db.next_consent_expiry().await,
        }
    }
}

/// What sends a claimed message, by its channel.
#[derive(Clone)]
struct Channels {
    webhooks: WebhookClient,
    mailer: Option<Mailer>,
    retry: RetryPolicy,
}

/// Makes one delivery attempt by the message's channel and records it. When the outcome cannot be
/// recorded the lease runs out and the message is tried again: delivery is at least once, never
/// lost.
async fn attempt(db: Db, channels: Channels, delivery: Delivery) {
    let message_id = delivery.message.id.clone();
    let policy = &channels.retry;
    let outcome = match delivery.message.channel.as_str() {
        "webhook" => channels.webhooks.deliver(&delivery, policy).await,
        "email" => email::deliver(channels.mailer.as_ref(), &delivery, policy).await,
        other => DeliveryOutcome::Failed {
            error: format!("channel {other:?} is not delivered by this version of Tutela"),
            retry_at: None,
        },
    };
    let label = match &outcome {
        DeliveryOutcome::Delivered => "delivered",
        DeliveryOutcome::Failed { retry_at: Some(_), .. } => "retry",
        DeliveryOutcome::Failed { retry_at: None, .. } => "given_up",
    };
    match delivery.message.channel.as_str() {
        "webhook" => metrics::counter!("tutela_webhook_deliveries_total", "outcome" => label).increment(1),
        "email" => metrics::counter!("tutela_email_deliveries_total", "outcome" => label).increment(1),
        _ => {}
    }
    if let DeliveryOutcome::Failed { error, retry_at } = &outcome {
        tracing::info!(
            message_id = %message_id,
            channel = %delivery.message.channel,
            attempts = delivery.message.attempts,
            %error,
            retry_at = ?retry_at,
            "delivery failed"
        );
    }
    if let Err(error) = db.finish_delivery(&message_id, &outcome).await {
        tracing::warn!(%error, message_id = %message_id, "could not record a delivery");
    }
}

/// Milliseconds from `now` until `next` (a millisecond late rather than early), within
/// [`MIN_SLEEP_MS`]..=`max_sleep_ms`; `max_sleep_ms` when nothing is due.
fn sleep_until_ms(now: Timestamp, next: Option<Timestamp>, max_sleep_ms: u64) -> u64 {
    let Some(next) = next else { return max_sleep_ms };
    let until_ms = now.duration_until(next).as_millis().saturating_add(1);
    u64::try_from(until_ms.max(0)).unwrap_or(u64::MAX).clamp(MIN_SLEEP_MS, max_sleep_ms.max(MIN_SLEEP_MS))
}

/// The wait after `failed_passes` failed passes in a row: doubling from [`ERROR_BACKOFF_BASE_MS`],
/// at most [`ERROR_BACKOFF_MAX_MS`].
fn error_backoff_ms(failed_passes: u32) -> u64 {
    let factor = 1u64.checked_shl(failed_passes.saturating_sub(1)).unwrap_or(u64::MAX);
    ERROR_BACKOFF_BASE_MS.saturating_mul(factor).min(ERROR_BACKOFF_MAX_MS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sleeps_until_the_next_change_within_bounds() {
        let now: Timestamp = "2025-01-01T00:00:00Z".parse().unwrap();
        let at = |s: &str| Some(s.parse::<Timestamp>().unwrap());
        assert_eq!(sleep_until_ms(now, None, 30_000), 30_000);
        assert_eq!(sleep_until_ms(now, at("2025-01-01T00:00:02Z"), 30_000), 2_001);
        assert_eq!(sleep_until_ms(now, at("2025-01-01T01:00:00Z"), 30_000), 30_000);
        assert_eq!(sleep_until_ms(now, at("2024-12-31T00:00:00Z"), 30_000), MIN_SLEEP_MS, "overdue: poll");
        assert_eq!(sleep_until_ms(now, at("2025-01-01T00:00:00.010Z"), 30_000), MIN_SLEEP_MS);
    }

    #[test]
    fn error_backoff_doubles_and_is_capped() {
        let waits: Vec<u64> = (1..=8).map(error_backoff_ms).collect();
        assert_eq!(waits, [500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
        assert_eq!(error_backoff_ms(u32::MAX), ERROR_BACKOFF_MAX_MS);
    }

    #[test]
    fn config_is_brought_into_range() {
        let config = SchedulerConfig {
            batch_size: 0,
            max_sleep_ms: 0,
            delivery_lease_s: 1,
            delivery_batch: u32::MAX,
            delivery_timeout_ms: 10_000,
            max_attempts: 0,
            retry_base_ms: u64::MAX,
            retry_cap_ms: 1_000,
            smtp: None,
        }
        .bounded();
        assert_eq!(config.batch_size, 1);
        assert_eq!(config.max_sleep_ms, MIN_SLEEP_MS);
        assert_eq!(config.delivery_batch, MAX_DELIVERY_BATCH);
        assert_eq!(config.delivery_lease_s, 20, "a lease outlasts a request");
        assert_eq!(config.max_attempts, 1);
        assert_eq!(config.retry_base_ms, 1_000);
        let defaults = SchedulerConfig::default();
        assert_eq!(defaults.clone().bounded().delivery_lease_s, defaults.delivery_lease_s);
    }
}
