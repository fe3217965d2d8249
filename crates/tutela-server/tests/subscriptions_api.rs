//! Subscriptions and accounts through the API on SQLite and PostgreSQL, with the server's clock
//! advanced by the test: an account closed in the tunewave demo store is erased after the grace
//! period with a destruction act, its subscription ended, and the decision API keeps marketing
//! from the subject; a restore within the grace takes everything back; cancelling twice, resuming a
//! cancelled subscription, pausing beyond the plan, forged, used and expired cancellation links and
//! restoring after the grace are refused with the state unchanged; another operator sees nothing.

mod common;

use common::TestApp;
use jiff::SignedDuration;
use reqwest::Method;
use serde_json::{Value, json};
use sqlx::Connection;
use tutela_db::test_support;
use tutela_fulfil::HashKey;
use tutela_server::ServerConfig;
use tutela_server::api::requests::fulfil::FulfilmentConfig;
use tutela_server::time::TimeSource;

fn tunewave_map() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/tunewave/datamap.yaml"))
        .expect("read demo/tunewave/datamap.yaml")
}

async fn account_email(database: &std::path::Path, id: i64) -> String {
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", database.display())).await.unwrap();
    sqlx::query_scalar("SELECT email FROM accounts WHERE id = ?1").bind(id).fetch_one(&mut conn).await.unwrap()
}

const PLAN: &str = r#"{ "name": "Individual", "price_minor": 11900, "currency": "INR", "period": "month",
    "max_pause_days": 90, "refund": "prorated" }"#;

async fn tunewave(
    time: &TimeSource,
    db: &test_support::TestDb,
) -> (TestApp, tutela_db::Operator, String, tempfile::TempDir) {
    let stores = tempfile::tempdir().unwrap();
    tutela_connect::demo::create_demo_stores("tunewave", &stores.path().join("tunewave")).await.unwrap();
    let fulfilment = FulfilmentConfig {
        stores_dir: Some(stores.path().to_owned()),
        hash_key: Some(HashKey::new(b"a test hash key of 32 bytes long").unwrap()),
    };
    let config = ServerConfig { run_scheduler: false, fulfilment, time: time.clone(), ..ServerConfig::default() };
    let app = TestApp::spawn_with(db, config).await;
    let (operator, token) = app.operator("tunewave").await;
    app.apply_map(&token, &tunewave_map()).await;
    let plan: Value = serde_json::from_str(PLAN).unwrap();
    let put = app.request(Method::PUT, "/api/v1/subscriptions/plans/individual", Some(&token)).json(&plan);
    assert_eq!(put.send().await.unwrap().status(), 200);
    (app, operator, token, stores)
}

async fn sign_up(app: &TestApp, token: &str, subject: &str, email: &str) -> Value {
    let body = json!({ "subject": subject, "plan": "individual", "email": email, "language": "hi",
        "channel": "web", "steps": 2 });
    let (status, view) = app.post("/api/v1/subscriptions", token, body).await;
    assert_eq!(status, 201, "{}: {view}", app.backend);
    view
}

async fn decide_marketing(app: &TestApp, token: &str, subject: &str) -> Value {
    let (status, decision) = app.get(&format!("/api/v1/decision?subject={subject}&purpose=marketing"), token).await;
    assert_eq!(status, 200, "{decision}");
    decision
}

async fn journal_count(app: &TestApp, operator: &tutela_db::Operator) -> u64 {
    app.db.journal_head(&operator.id).await.unwrap().map_or(0, |(seq, _)| seq)
}

/// A call to a public route, without a token.
async fn public(app: &TestApp, method: Method, path: &str, body: Option<Value>) -> (u16, Value) {
    let request = app.request(method, path, None);
    let request = match body {
        Some(body) => request.json(&body),
        None => request,
    };
    common::read(request.send().await.unwrap()).await
}

#[tokio::test]
async fn a_closed_account_is_erased_after_the_grace_with_an_act_and_marketing_stays_suppressed() {
    for db in test_support::all().await {
        let time = TimeSource::default();
        let (app, operator, token, stores) = tunewave(&time, &db).await;
        let database = stores.path().join("tunewave/tunewave.sqlite3");
        let email = account_email(&database, 1).await;
        let other_email = account_email(&database, 2).await;

        let consent = json!({ "subject": "1", "choices": [{ "purpose": "marketing", "state": "given" }],
            "method": { "kind": "portal" }, "channel": "web", "notice_text": "Send me offers." });
        let (status, body) = app.post("/api/v1/consents", &token, consent).await;
        assert_eq!(status, 201, "{body}");
        assert_eq!(decide_marketing(&app, &token, "1").await["allowed"], true);
        let subscription = sign_up(&app, &token, "1", &email).await;
        assert_eq!(subscription["status"], "active");
        sign_up(&app, &token, "2", &other_email).await;

        // Subject 2 closes and restores within the grace: everything comes back.
        let (status, closure) = app.post("/api/v1/subscriptions/accounts/2/close", &token, json!({})).await;
        assert_eq!((status, closure["cancelled_subscriptions"].as_u64()), (201, Some(1)), "{closure}");
        let restore = format!("/api/v1/subscriptions/closures/{}/restore", closure["id"].as_str().unwrap());
        let (status, restored) = app.post_empty(&restore, &token).await;
        assert_eq!((status, restored["state"].as_str()), (200, Some("restored")), "{restored}");
        let (_, subs) = app.get("/api/v1/subscriptions?subject=2", &token).await;
        assert_eq!(subs[0]["status"], "active", "the closure's cancellation is taken back: {subs}");

        // Subject 1 closes: the plan ends at its period's end, marketing stops at once.
        let (status, closure) =
            app.post("/api/v1/subscriptions/accounts/1/close", &token, json!({ "reason": "moving on" })).await;
        assert_eq!((status, closure["state"].as_str()), (201, Some("pending")), "{closure}");
        let (status, twice) = app.post("/api/v1/subscriptions/accounts/1/close", &token, json!({})).await;
        assert!(status == 409 && twice["detail"].as_str().unwrap().contains("under way"), "{twice}");
        let decision = decide_marketing(&app, &token, "1").await;
        assert_eq!((decision["allowed"].as_bool(), decision["reason"].as_str()), (Some(false), Some("suppressed")));
        assert!(decision["record_id"].is_string(), "the decision cites the suppression: {decision}");
        let (_, sub) =
            app.get(&format!("/api/v1/subscriptions/{}", subscription["reference"].as_str().unwrap()), &token).await;
        assert_eq!(sub["status"], "cancelling", "{sub}");
        let (_, run) = app.post_empty("/api/v1/subscriptions/run", &token).await;
        assert_eq!(run["closures"], json!([]), "the grace has not ended: {run}");
        assert_eq!(account_email(&database, 1).await, email, "nothing is erased during the grace");

        // The grace (14 days) passes.
        time.advance(SignedDuration::from_hours(24 * 15));
        let restore = format!("/api/v1/subscriptions/closures/{}/restore", closure["id"].as_str().unwrap());
        let before = journal_count(&app, &operator).await;
        let (status, late) = app.post_empty(&restore, &token).await;
        assert!(status == 409 && late["detail"].as_str().unwrap().contains("grace period ended"), "{late}");
        assert_eq!(journal_count(&app, &operator).await, before, "a refusal journals nothing");

        let (status, run) = app.post_empty("/api/v1/subscriptions/run", &token).await;
        assert_eq!(status, 200, "{run}");
        let closed = &run["closures"][0];
        assert_eq!(closed["state"], "closed", "{}: {run}", app.backend);
        let act = closed["act_number"].as_str().unwrap();
        assert!(act.starts_with(closed["request"].as_str().unwrap()), "{closed}");
        assert_ne!(account_email(&database, 1).await, email, "the account's e-mail is erased in the store");
        assert_eq!(account_email(&database, 2).await, other_email, "the restored account is untouched");
        let log = app.request(Method::GET, "/api/v1/destruction-log", Some(&token)).send().await.unwrap();
        assert!(log.text().await.unwrap().contains(act), "the act is in the destruction log");

        let (_, sub) =
            app.get(&format!("/api/v1/subscriptions/{}", subscription["reference"].as_str().unwrap()), &token).await;
        assert_eq!((sub["status"].as_str(), &sub["email"]), (Some("cancelled"), &Value::Null), "{sub}");
        let (_, closures) = app.get("/api/v1/subscriptions/closures?subject=1", &token).await;
        assert_eq!(closures[0]["state"], "closed", "{closures}");
        let outbox = app.db.list_outbox(&operator.id, None, 100).await.unwrap();
        let told = outbox.iter().find(|m| m.destination == email && m.payload.to_string().contains(act));
        assert!(told.is_some(), "the subject is told the erasure is done, citing the act");
        let decision = decide_marketing(&app, &token, "1").await;
        assert_eq!(decision["reason"], "suppressed", "{decision}");
        let topics: Vec<&str> = outbox.iter().filter(|m| m.channel == "outbox").map(|m| m.topic.as_str()).collect();
        for topic in [
            "subscription.signed_up",
            "subscription.cancel_scheduled",
            "subscription.cancel_reverted",
            "subscription.cancelled",
            "account.closure_requested",
            "account.restored",
            "account.closing",
            "account.closed",
        ] {
            assert!(topics.contains(&topic), "every change is an event for the billing system: {topic} in {topics:?}");
        }
        let (_, again) = app.post_empty("/api/v1/subscriptions/run", &token).await;
        assert_eq!(again["closures"], json!([]), "a closed account is not closed twice");
        assert!(app.db.verify_journal(&operator).await.is_ok());
    }
}

/// The newest cancellation link e-mailed, read from the outbox.
async fn newest_link(app: &TestApp, operator: &tutela_db::Operator) -> String {
    let outbox = app.db.list_outbox(&operator.id, None, 100).await.unwrap();
    let text = outbox.iter().map(|m| m.payload.to_string()).find(|p| p.contains("/cancel/tut_")).expect("a link");
    let start = text.find("/cancel/").unwrap() + "/cancel/".len();
    text[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect()
}

#[tokio::test]
async fn bad_actions_and_links_are_refused_with_nothing_changed() {
    for db in test_support::all().await {
        let time = TimeSource::default();
        let (app, operator, token, stores) = tunewave(&time, &db).await;
        let email = account_email(&stores.path().join("tunewave/tunewave.sqlite3"), 3).await;
        let sub = sign_up(&app, &token, "3", &email).await;
        let path = format!("/api/v1/subscriptions/{}", sub["reference"].as_str().unwrap());

        let (status, body) = app.post(&format!("{path}/pause"), &token, json!({ "days": 120 })).await;
        assert!(status == 409 && body["detail"].as_str().unwrap().contains("at most 90 days"), "{body}");
        let (status, paused) = app.post(&format!("{path}/pause"), &token, json!({ "days": 10 })).await;
        assert_eq!((status, paused["status"].as_str()), (200, Some("paused")), "{paused}");
        // Eight days on, the reminder is due; after the tenth it resumed by itself.
        time.advance(SignedDuration::from_hours(24 * 8));
        let (_, run) = app.post_empty("/api/v1/subscriptions/run", &token).await;
        assert_eq!(run["reminders"], 1, "{run}");
        time.advance(SignedDuration::from_hours(24 * 3));
        let (_, run) = app.post_empty("/api/v1/subscriptions/run", &token).await;
        assert_eq!((run["advanced"].as_array().map(Vec::len), run["reminders"].as_u64()), (Some(1), Some(0)), "{run}");
        let (_, view) = app.get(&path, &token).await;
        assert_eq!(view["status"], "active", "{view}");

        let body = json!({ "at_once": true, "reason": "too expensive", "steps": 2 });
        let (status, cancelled) = app.post(&format!("{path}/cancel"), &token, body).await;
        assert_eq!((status, cancelled["status"].as_str()), (200, Some("cancelled")), "{cancelled}");
        let before = journal_count(&app, &operator).await;
        for action in ["cancel", "resume", "revert"] {
            let (status, body) = app.post(&format!("{path}/{action}"), &token, json!({})).await;
            assert!(status == 409 && body["detail"].as_str().unwrap().contains("has ended"), "{action}: {body}");
        }
        assert_eq!(journal_count(&app, &operator).await, before, "refusals journal nothing");
        let (_, view) = app.get(&path, &token).await;
        let events: Vec<&str> =
            view["events"].as_array().unwrap().iter().map(|e| e["event"].as_str().unwrap()).collect();
        assert_eq!(events, ["signed_up", "paused", "resumed", "cancelled"], "{view}");
        let receipt = &view["events"][3]["receipt"];
        assert!(receipt["body"].as_str().unwrap().contains("दिनांक और समय"), "a Hindi receipt: {receipt}");
        assert_eq!(view["events"][3]["reason"], "too expensive");

        // Cancelling without signing in.
        let sub = sign_up(&app, &token, "3", &email).await;
        let reference = sub["reference"].as_str().unwrap();
        let ask = |email: String| json!({ "reference": reference, "email": email });
        let (status, wrong) =
            public(&app, Method::POST, "/api/v1/portal/tunewave/cancellations", Some(ask("not@the.address".into())))
                .await;
        assert_eq!(status, 202, "{wrong}");
        let (status, right) =
            public(&app, Method::POST, "/api/v1/portal/tunewave/cancellations", Some(ask(email.to_uppercase()))).await;
        assert_eq!((status, &right), (202, &wrong), "the same answer either way");
        let link = newest_link(&app, &operator).await;
        let forged = format!("/api/v1/portal/tunewave/cancellations/tut_{}", "A".repeat(43));
        let (status, body) = public(&app, Method::GET, &forged, None).await;
        assert!(status == 409 && body["detail"].as_str().unwrap().contains("not one Tutela sent"), "{body}");
        let link_path = format!("/api/v1/portal/tunewave/cancellations/{link}");
        let (status, shown) = public(&app, Method::GET, &link_path, None).await;
        assert_eq!((status, shown["reference"].as_str()), (200, Some(reference)), "{shown}");
        let (status, done) = public(&app, Method::POST, &link_path, Some(json!({}))).await;
        assert_eq!((status, done["status"].as_str()), (200, Some("cancelling")), "{done}");
        let (status, used) = public(&app, Method::POST, &link_path, Some(json!({}))).await;
        assert!(status == 409 && used["detail"].as_str().unwrap().contains("used already"), "{used}");
        let (_, reverted) = app.post(&format!("/api/v1/subscriptions/{reference}/revert"), &token, json!({})).await;
        assert_eq!(reverted["status"], "active", "{reverted}");
        public(&app, Method::POST, "/api/v1/portal/tunewave/cancellations", Some(ask(email.clone()))).await;
        let expiring = newest_link(&app, &operator).await;
        time.advance(SignedDuration::from_hours(25));
        let expiring_path = format!("/api/v1/portal/tunewave/cancellations/{expiring}");
        let (status, expired) = public(&app, Method::POST, &expiring_path, Some(json!({}))).await;
        assert!(status == 409 && expired["detail"].as_str().unwrap().contains("expired"), "{expired}");

        // Another operator's token sees none of it.
        let (_, other) = app.operator("kursy").await;
        let (status, _) = app.get(&format!("/api/v1/subscriptions/{reference}"), &other).await;
        assert_eq!(status, 404);
        let (_, list) = app.get("/api/v1/subscriptions", &other).await;
        assert_eq!(list, json!([]));
        let (status, _) = public(&app, Method::GET, &format!("/api/v1/portal/kursy/cancellations/{link}"), None).await;
        assert_eq!(status, 409, "a link works only at its own operator");
    }
}
