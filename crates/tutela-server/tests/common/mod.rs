//! Spawns the real server on a random loopback port with a fresh database, for API journeys.

#![allow(dead_code)]

use std::net::SocketAddr;

use reqwest::{Client, Method, RequestBuilder, Response};
use serde_json::Value;
use tutela_core::journal::Actor;
use tutela_core::operator::{OperatorName, OperatorSlug};
use tutela_core::staff::{Password, Roles, StaffEmail};
use tutela_db::test_support::TestDb;
use tutela_db::{Db, NewStaff, NewToken, Operator};
use tutela_server::{ServerConfig, serve};

pub const PASSWORD: &str = "correct horse battery";

pub struct TestApp {
    pub base: String,
    pub db: Db,
    pub client: Client,
    pub backend: &'static str,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

impl TestApp {
    pub async fn spawn(db: &TestDb) -> TestApp {
        Self::spawn_with(db, ServerConfig { run_scheduler: false, ..ServerConfig::default() }).await
    }

    pub async fn spawn_with(db: &TestDb, config: ServerConfig) -> TestApp {
        // As `tutela serve` runs it: with the decision cache (a no-op on PostgreSQL).
        let store = db.open().await.with_decision_cache(1_000);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
        let addr: SocketAddr = listener.local_addr().unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(serve(store.clone(), listener, config, async move {
            let _ = rx.await;
        }));
        TestApp { base: format!("http://{addr}"), db: store, client: Client::new(), backend: db.backend, _shutdown: tx }
    }

    /// Creates an operator with an admin; returns the operator and an admin API token.
    pub async fn operator(&self, slug: &str) -> (Operator, String) {
        let actor = Actor::parse("system:test").unwrap();
        let op = self
            .db
            .create_operator(
                &OperatorSlug::parse(slug).unwrap(),
                &OperatorName::parse(&format!("{slug} Ltd")).unwrap(),
                &actor,
            )
            .await
            .unwrap();
        let new = NewStaff {
            email: StaffEmail::parse(&format!("admin@{slug}.example")).unwrap(),
            display_name: "Admin".into(),
            roles: Roles::parse_list("admin").unwrap(),
        };
        self.db.create_staff(&op.id, &new, &Password::parse(PASSWORD).unwrap(), &actor).await.unwrap();
        let token = NewToken {
            name: "test".into(),
            roles: Roles::parse_list("admin").unwrap(),
            staff_id: None,
            expires_at: None,
        };
        let (_, secret) = self.db.issue_token(&op.id, &token, &actor).await.unwrap();
        (op, secret)
    }

    /// A token with the given roles for an existing operator.
    pub async fn token(&self, op: &Operator, roles: &str) -> String {
        let actor = Actor::parse("system:test").unwrap();
        let token =
            NewToken { name: roles.into(), roles: Roles::parse_list(roles).unwrap(), staff_id: None, expires_at: None };
        self.db.issue_token(&op.id, &token, &actor).await.unwrap().1
    }

    pub fn request(&self, method: Method, path: &str, token: Option<&str>) -> RequestBuilder {
        let builder = self.client.request(method, format!("{}{path}", self.base));
        match token {
            Some(token) => builder.bearer_auth(token),
            None => builder,
        }
    }

    pub async fn get(&self, path: &str, token: &str) -> (u16, Value) {
        read(self.request(Method::GET, path, Some(token)).send().await.unwrap()).await
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> (u16, Value) {
        read(self.request(Method::POST, path, Some(token)).json(&body).send().await.unwrap()).await
    }

    pub async fn post_empty(&self, path: &str, token: &str) -> (u16, Value) {
        read(self.request(Method::POST, path, Some(token)).send().await.unwrap()).await
    }

    /// Applies `text` as the operator's data map (one file, `datamap.yaml`); it must apply.
    pub async fn apply_map(&self, token: &str, text: &str) {
        let body = serde_json::json!({ "files": [{ "name": "datamap.yaml", "text": text }] });
        let (status, applied) =
            read(self.request(Method::PUT, "/api/v1/datamap", Some(token)).json(&body).send().await.unwrap()).await;
        assert_eq!(status, 200, "{}: the data map applies: {applied}", self.backend);
    }
}

/// The kursy demo operator's data map, as shipped in `demo/kursy/datamap.yaml`.
pub fn kursy_map() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/kursy/datamap.yaml"))
        .expect("read demo/kursy/datamap.yaml")
}

/// Status and JSON body (Null when the body is empty); asserts problem documents are well-formed.
pub async fn read(response: Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let content_type =
        response.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    let text = response.text().await.unwrap();
    if status >= 400 {
        assert_eq!(content_type, "application/problem+json", "error {status} must be a problem document: {text}");
    }
    let body = if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) };
    if status >= 400 {
        assert_eq!(body["status"], status, "problem status matches: {body}");
        assert!(body["type"].as_str().unwrap().starts_with("/problems/"), "{body}");
        let detail = body["detail"].as_str().unwrap();
        assert!(!detail.is_empty(), "{body}");
        assert!(!is_debug_output(detail), "a problem's detail is for people, not Rust's Debug form: {detail}");
        for item in body["errors"].as_array().into_iter().flatten() {
            let message = item["message"].as_str().unwrap_or_default();
            assert!(!is_debug_output(message), "a problem's errors are for people: {message}");
        }
    }
    (status, body)
}

/// Longest bounded wait for something the scheduler does, in milliseconds.
pub const WAIT_MS: u64 = 10_000;
/// Interval between two looks while waiting, in milliseconds.
pub const POLL_MS: u64 = 20;

/// Polls `check` until it gives a value, for at most [`WAIT_MS`].
pub async fn eventually<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = std::time::Instant::now() + std::time::Duration::from_millis(WAIT_MS);
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(std::time::Instant::now() < deadline, "timed out after {WAIT_MS} ms waiting for {what}");
        tokio::time::sleep(std::time::Duration::from_millis(POLL_MS)).await;
    }
}

/// Stops a scheduler, failing the test if it does not stop within [`WAIT_MS`].
pub async fn stop(scheduler: tutela_server::scheduler::Scheduler) {
    tokio::time::timeout(std::time::Duration::from_millis(WAIT_MS), scheduler.shutdown())
        .await
        .expect("the scheduler stops after its current pass");
}

/// A `1 hours` clock on the `24x7` calendar that started two hours ago: overdue, still `running`
/// in the store until the scheduler looks at it.
pub async fn overdue_clock(db: &Db, operator: &Operator, label: &str) -> tutela_db::ClockRecord {
    use tutela_core::clock::{Clock, DueSoonPermille};
    let start = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(2);
    let calendar = tutela_core::calendar::builtin("24x7").expect("built-in 24x7 calendar");
    let clock = Clock::start(
        start,
        "1 hours".parse().expect("valid duration"),
        calendar,
        tutela_core::deadline::Roll::Off,
        DueSoonPermille::new(800).expect("valid threshold"),
    )
    .expect("start clock");
    let new =
        tutela_core::clock::ClockSpec { kind: "test.overdue".into(), label: label.into(), subject_ref: None, clock };
    let actor = Actor::parse("system:test").expect("valid actor");
    db.start_clock(&operator.id, &new, &actor).await.expect("store clock")
}

/// Whether a message shows a value in Rust's `Debug` form: a type name wrapping its value, as in
/// `SubjectRef("x")` or `Some(3)`.
pub fn is_debug_output(message: &str) -> bool {
    message.match_indices("(\"").any(|(at, _)| message[..at].ends_with(|c: char| c.is_ascii_alphanumeric()))
        || message.contains("Some(")
        || message.contains("None")
}
