//! The scheduler end to end, on SQLite and PostgreSQL: a real store, a real HTTP receiver on
//! 127.0.0.1, real signatures. Nothing is mocked; every wait is bounded polling of stored state.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use hmac::{Hmac, Mac};
use jiff::Timestamp;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use sha2::Sha256;
use tutela_core::clock::ClockState;
use tutela_core::journal::Actor;
use tutela_core::operator::{OperatorName, OperatorSlug};
use tutela_db::{ClockRecord, Db, Location, Operator, OutboxMessage, test_support};
use tutela_server::delivery;
use tutela_server::scheduler::{Scheduler, SchedulerConfig};

/// The longest any expected outcome is waited for.
mod common;

use common::{eventually, overdue_clock, stop};

// --- a webhook receiver -----------------------------------------------------------------------------

struct Received {
    headers: HeaderMap,
    body: Bytes,
    at: Instant,
}

type Log = Arc<Mutex<Vec<Received>>>;

/// An HTTP endpoint that answers the n-th POST with `statuses[n]` (200 once they run out) and keeps
/// every request.
struct Receiver {
    url: String,
    log: Log,
}

impl Receiver {
    async fn start(statuses: Vec<u16>) -> Receiver {
        let log: Log = Arc::default();
        let app = axum::Router::new().route("/hook", post(receive)).with_state((Arc::clone(&log), Arc::new(statuses)));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind the receiver");
        let address = listener.local_addr().expect("receiver address");
        tokio::spawn(async move { axum::serve(listener, app).await.expect("receiver runs") });
        Receiver { url: format!("http://{address}/hook"), log }
    }

    fn count(&self) -> usize {
        self.log.lock().expect("receiver log").len()
    }

    fn take(&self) -> Vec<Received> {
        std::mem::take(&mut *self.log.lock().expect("receiver log"))
    }
}

async fn receive(State((log, statuses)): State<(Log, Arc<Vec<u16>>)>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let mut log = log.lock().expect("receiver log");
    let status = statuses.get(log.len()).copied().unwrap_or(200);
    log.push(Received { headers, body, at: Instant::now() });
    StatusCode::from_u16(status).expect("a valid status")
}

fn header<'a>(request: &'a Received, name: &str) -> &'a str {
    request.headers.get(name).unwrap_or_else(|| panic!("header {name} present")).to_str().expect("header is text")
}

/// Checks `Tutela-Signature` as a receiver would, with the HMAC crate directly rather than through
/// Tutela's own `sign`, and a timestamp within a minute of now.
fn assert_signed(request: &Received, secret: &str) {
    let signature = header(request, "tutela-signature");
    let (t, v1) = signature
        .strip_prefix("t=")
        .and_then(|rest| rest.split_once(",v1="))
        .unwrap_or_else(|| panic!("signature {signature:?} is t=...,v1=..."));
    let timestamp_s: i64 = t.parse().expect("timestamp is an integer");
    assert!((Timestamp::now().as_second() - timestamp_s).abs() < 60, "timestamp {timestamp_s} is fresh");
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(format!("{t}.").as_bytes());
    mac.update(&request.body);
    mac.verify_slice(&hex::decode(v1).expect("v1 is hex")).expect("the signature verifies with the webhook secret");
    // The crate's own receiver-side check agrees.
    delivery::verify(secret, signature, &request.body, Timestamp::now().as_second(), 60).expect("verify() accepts it");
}

// --- fixtures -----------------------------------------------------------------------------------------

fn actor() -> Actor {
    Actor::parse("system:test").expect("valid actor")
}

async fn operator(store: &Db) -> Operator {
    let slug = OperatorSlug::parse("alpha").expect("valid slug");
    let name = OperatorName::parse("Alpha").expect("valid name");
    store.create_operator(&slug, &name, &actor()).await.expect("create operator")
}

/// An overdue clock (see [`common::overdue_clock`]), checked to be stored as running.
async fn overdue_running_clock(store: &Db, operator: &Operator, label: &str) -> ClockRecord {
    let record = overdue_clock(store, operator, label).await;
    assert_eq!(record.state, ClockState::Running, "stored as running until the scheduler moves it");
    record
}

async fn journal_actions(store: &Db, operator: &Operator, action: &str) -> usize {
    let mut after = 0;
    let mut count = 0;
    loop {
        let page = store.journal_page(&operator.id, after, 1000).await.expect("journal page");
        let Some(last) = page.last() else { return count };
        after = last.seq;
        count += page.iter().filter(|entry| entry.action.as_str() == action).count();
    }
}

async fn webhook_messages(store: &Db, operator: &Operator) -> Vec<OutboxMessage> {
    let all = store.list_outbox(&operator.id, None, 1000).await.expect("list outbox");
    all.into_iter().filter(|message| message.channel == "webhook").collect()
}

/// Waits until the operator has `expected` webhook messages and `done` holds for all of them.
async fn wait_for_messages(
    store: &Db,
    operator: &Operator,
    expected: usize,
    what: &str,
    done: impl Fn(&OutboxMessage) -> bool,
) -> Vec<OutboxMessage> {
    let done = &done;
    eventually(what, move || async move {
        let messages = webhook_messages(store, operator).await;
        (messages.len() == expected && messages.iter().all(&done)).then_some(messages)
    })
    .await
}

/// Settings that do not lean on the periodic wake-up: anything prompt is prompt by design.
fn config() -> SchedulerConfig {
    SchedulerConfig { max_sleep_ms: 600_000, ..SchedulerConfig::default() }
}

// --- tests --------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_overdue_clock_is_breached_journaled_and_announced_once() {
    for db in test_support::all().await {
        let store = db.open().await;
        let alpha = operator(&store).await;
        let receiver = Receiver::start(vec![]).await;
        store.add_webhook(&alpha.id, &receiver.url, &actor()).await.expect("add webhook");
        let secret = store.list_webhooks(&alpha.id).await.expect("list webhooks").remove(0).secret;
        let clock = overdue_running_clock(&store, &alpha, "overdue").await;

        let scheduler = Scheduler::spawn(store.clone(), config());
        let messages =
            wait_for_messages(&store, &alpha, 1, "the breach to be delivered", |m| m.delivered_at.is_some()).await;
        stop(scheduler).await;

        let backend = db.backend;
        assert_eq!(store.clock(&alpha.id, &clock.id).await.expect("clock").state, ClockState::Breached, "{backend}");
        assert_eq!(journal_actions(&store, &alpha, "clock_breached").await, 1, "{backend}: one breach entry");
        assert_eq!(journal_actions(&store, &alpha, "clock_due_soon").await, 0, "{backend}: straight to breached");
        store.verify_journal(&alpha).await.expect("the journal chain verifies");

        let message = &messages[0];
        assert_eq!(
            (message.topic.as_str(), message.attempts, message.last_error.as_deref()),
            ("clock.breached", 1, None)
        );
        let requests = receiver.take();
        assert_eq!(requests.len(), 1, "{backend}: exactly one POST");
        let request = &requests[0];
        assert_signed(request, &secret);
        assert_eq!(header(request, "tutela-event"), "clock.breached");
        assert_eq!(header(request, "tutela-delivery"), message.id);
        assert_eq!(header(request, "content-type"), "application/json");
        assert!(header(request, "user-agent").starts_with("tutela/"));
        let body: serde_json::Value = serde_json::from_slice(&request.body).expect("JSON body");
        assert_eq!(body, message.payload, "{backend}: the body is the queued payload");
        assert_eq!(body["clock"]["id"], clock.id.as_str());
        assert_eq!(body["clock"]["state"], "breached");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_failed_delivery_is_retried_after_its_back_off() {
    const RETRY_BASE_MS: u64 = 300;
    for db in test_support::all().await {
        let store = db.open().await;
        let alpha = operator(&store).await;
        let receiver = Receiver::start(vec![500]).await;
        store.add_webhook(&alpha.id, &receiver.url, &actor()).await.expect("add webhook");
        let secret = store.list_webhooks(&alpha.id).await.expect("list webhooks").remove(0).secret;
        overdue_running_clock(&store, &alpha, "flaky receiver").await;

        // max_sleep_ms is ten minutes: the retry happens because the scheduler wakes up for it.
        let scheduler = Scheduler::spawn(store.clone(), SchedulerConfig { retry_base_ms: RETRY_BASE_MS, ..config() });
        let messages =
            wait_for_messages(&store, &alpha, 1, "delivery on the second attempt", |m| m.delivered_at.is_some()).await;
        stop(scheduler).await;

        let backend = db.backend;
        let message = &messages[0];
        assert_eq!(message.attempts, 2, "{backend}: failed once, then delivered");
        assert_eq!(message.last_error, None, "{backend}: a delivery clears the last error");
        assert_eq!(message.next_attempt_at, None);
        let requests = receiver.take();
        assert_eq!(requests.len(), 2, "{backend}: one failed POST and one retry");
        for request in &requests {
            assert_eq!(header(request, "tutela-delivery"), message.id, "{backend}: same id on every attempt");
            assert_signed(request, &secret);
        }
        assert_eq!(requests[0].body, requests[1].body);
        let gap = requests[1].at.duration_since(requests[0].at);
        assert!(gap >= Duration::from_millis(RETRY_BASE_MS), "{backend}: retried after {gap:?}, before its back-off");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_delivery_is_given_up_after_max_attempts() {
    for db in test_support::all().await {
        let store = db.open().await;
        let alpha = operator(&store).await;
        let receiver = Receiver::start(vec![503; 10]).await;
        store.add_webhook(&alpha.id, &receiver.url, &actor()).await.expect("add webhook");
        overdue_running_clock(&store, &alpha, "dead receiver").await;

        let config = SchedulerConfig { retry_base_ms: 50, max_attempts: 3, ..config() };
        let scheduler = Scheduler::spawn(store.clone(), config);
        // Given up: no next attempt, and the failure kept.
        let messages = wait_for_messages(&store, &alpha, 1, "the delivery to be given up", |m| {
            m.next_attempt_at.is_none() && m.last_error.is_some()
        })
        .await;
        stop(scheduler).await;

        let backend = db.backend;
        let message = &messages[0];
        assert_eq!(message.attempts, 3, "{backend}: given up after max_attempts");
        assert_eq!(message.delivered_at, None, "{backend}");
        assert_eq!(message.last_error.as_deref(), Some("endpoint answered HTTP 503"), "{backend}");
        assert_eq!(receiver.count(), 3, "{backend}: max_attempts POSTs, no more");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_schedulers_share_the_work_without_repeating_it() {
    const CLOCKS: usize = 50;
    // PostgreSQL is the multi-instance backend; two handles on one SQLite file must be just as exact.
    for db in test_support::all().await {
        let (first, second) = (db.open().await, db.open().await);
        let alpha = operator(&first).await;
        let receiver = Receiver::start(vec![]).await;
        first.add_webhook(&alpha.id, &receiver.url, &actor()).await.expect("add webhook");
        let secret = first.list_webhooks(&alpha.id).await.expect("list webhooks").remove(0).secret;
        let mut clock_ids = BTreeSet::new();
        for index in 0..CLOCKS {
            clock_ids.insert(overdue_running_clock(&first, &alpha, &format!("clock {index}")).await.id);
        }

        // Small batches, so the two instances interleave many claims.
        let config = SchedulerConfig { batch_size: 7, delivery_batch: 5, ..config() };
        let schedulers = [Scheduler::spawn(first.clone(), config.clone()), Scheduler::spawn(second.clone(), config)];
        wait_for_messages(&second, &alpha, CLOCKS, "every breach to be delivered", |m| m.delivered_at.is_some()).await;
        for scheduler in schedulers {
            stop(scheduler).await;
        }

        let backend = db.backend;
        assert_eq!(
            journal_actions(&first, &alpha, "clock_breached").await,
            CLOCKS,
            "{backend}: one breach entry per clock"
        );
        assert_eq!(second.verify_journal(&alpha).await.expect("chain verifies"), 2 + 2 * CLOCKS as u64, "{backend}");
        for message in webhook_messages(&first, &alpha).await {
            assert_eq!(message.attempts, 1, "{backend}: no message was attempted twice");
        }
        let requests = receiver.take();
        assert_eq!(requests.len(), CLOCKS, "{backend}: one POST per breach");
        let deliveries: BTreeSet<&str> = requests.iter().map(|r| header(r, "tutela-delivery")).collect();
        assert_eq!(deliveries.len(), CLOCKS, "{backend}: no message POSTed twice");
        let announced: BTreeSet<String> = requests
            .iter()
            .map(|request| {
                assert_signed(request, &secret);
                let body: serde_json::Value = serde_json::from_slice(&request.body).expect("JSON body");
                body["clock"]["id"].as_str().expect("clock id").to_owned()
            })
            .collect();
        assert_eq!(announced, clock_ids, "{backend}: every clock announced");
        for id in &clock_ids {
            assert_eq!(first.clock(&alpha.id, id).await.expect("clock").state, ClockState::Breached);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn wake_makes_a_sleeping_scheduler_look_now() {
    for db in test_support::all().await {
        let store = db.open().await;
        let alpha = operator(&store).await;
        let first = overdue_running_clock(&store, &alpha, "before").await;
        let scheduler = Scheduler::spawn(store.clone(), config());
        let is_breached = |id: String| {
            let store = store.clone();
            let operator_id = alpha.id.clone();
            async move { (store.clock(&operator_id, &id).await.ok()?.state == ClockState::Breached).then_some(()) }
        };
        eventually("the first pass", || is_breached(first.id.clone())).await;
        // Nothing is left to do, so the scheduler now sleeps for max_sleep_ms (ten minutes). Let it
        // get there; even if it has not, a wake given while it is busy is kept for its next sleep.
        tokio::time::sleep(Duration::from_millis(200)).await;

        let second = overdue_running_clock(&store, &alpha, "after").await;
        scheduler.wake();
        eventually("the clock started after the wake-up call", || is_breached(second.id.clone())).await;
        stop(scheduler).await;
        assert_eq!(journal_actions(&store, &alpha, "clock_breached").await, 2, "{}", db.backend);
    }
}

/// Runs SQL on the test database through a connection of its own.
async fn execute(location: &Location, sql: &str) {
    use sqlx::Connection;
    match location {
        Location::DataDir(dir) => {
            let url = format!("sqlite://{}", dir.join(tutela_db::SQLITE_FILE).display());
            let mut connection = sqlx::SqliteConnection::connect(&url).await.expect("connect to SQLite");
            sqlx::query(sql).execute(&mut connection).await.expect("run SQL");
        }
        Location::Url(url) => {
            let mut connection = sqlx::PgConnection::connect(url).await.expect("connect to PostgreSQL");
            sqlx::query(sql).execute(&mut connection).await.expect("run SQL");
        }
    }
}

/// The scheduler's failed passes so far, read from a Prometheus recorder installed for this binary.
fn failed_passes() -> u64 {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    let handle = HANDLE.get_or_init(|| PrometheusBuilder::new().install_recorder().expect("install the recorder"));
    handle
        .render()
        .lines()
        .find_map(|line| line.strip_prefix("tutela_scheduler_errors_total "))
        .map_or(0, |value| value.trim().parse::<f64>().expect("a counter value") as u64)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_scheduler_outlives_database_errors() {
    for db in test_support::all().await {
        let store = db.open().await;
        let alpha = operator(&store).await;
        let clock = overdue_running_clock(&store, &alpha, "survivor").await;
        // Every pass fails while the clocks table is missing.
        execute(&db.location, "ALTER TABLE clocks RENAME TO clocks_away").await;
        let failed_before = failed_passes();
        let scheduler = Scheduler::spawn(store.clone(), config());
        eventually("a failed pass", || async { (failed_passes() > failed_before).then_some(()) }).await;
        execute(&db.location, "ALTER TABLE clocks_away RENAME TO clocks").await;

        eventually("the clock to be breached once the database is back", || async {
            (store.clock(&alpha.id, &clock.id).await.ok()?.state == ClockState::Breached).then_some(())
        })
        .await;
        stop(scheduler).await;
        assert_eq!(journal_actions(&store, &alpha, "clock_breached").await, 1, "{}", db.backend);
    }
}
