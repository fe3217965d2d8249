//! Scheduled destruction through the API on SQLite and PostgreSQL: a kursy student withdraws every
//! consent (the withdrawal dated 26 days back, so its 30-day clock is due soon: the clock advanced),
//! the schedule shows the destruction, a run erases the student in the kursy demo store through the
//! fulfilment engine with a destruction act, and the clock is met; a clock not yet due is left.

mod common;

use common::{TestApp, kursy_map};
use reqwest::Method;
use serde_json::{Value, json};
use sqlx::{Connection, Row};
use tutela_db::test_support;
use tutela_fulfil::HashKey;
use tutela_server::ServerConfig;
use tutela_server::api::requests::fulfil::FulfilmentConfig;

async fn students(database: &std::path::Path) -> Vec<(i64, String)> {
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", database.display())).await.unwrap();
    let rows = sqlx::query("SELECT id, email FROM students ORDER BY id LIMIT 2").fetch_all(&mut conn).await.unwrap();
    rows.iter().map(|row| (row.get(0), row.get(1))).collect()
}

async fn email_of(database: &std::path::Path, id: i64) -> String {
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", database.display())).await.unwrap();
    sqlx::query_scalar("SELECT email FROM students WHERE id = ?1").bind(id).fetch_one(&mut conn).await.unwrap()
}

fn days_ago(days: i64) -> String {
    (jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24 * days)).to_string()
}

/// Gives consent `days_given` days ago and withdraws every consent `days_withdrawn` days ago.
async fn withdraw(app: &TestApp, token: &str, subject: &str, days_given: i64, days_withdrawn: i64) {
    let consent = json!({ "subject": subject, "at": days_ago(days_given),
        "choices": [{ "purpose": "newsletter", "state": "given" }], "method": { "kind": "portal" }, "channel": "web",
        "notice_text": "Я согласен получать новости о курсах." });
    let (status, body) = app.post("/api/v1/consents", token, consent).await;
    assert_eq!(status, 201, "{body}");
    let (status, body) = app
        .post(&format!("/api/v1/subjects/{subject}/withdraw"), token, json!({ "at": days_ago(days_withdrawn) }))
        .await;
    assert_eq!(status, 201, "{body}");
    assert!(body["destruction_clock_id"].is_string(), "no basis is left: {body}");
}

#[tokio::test]
async fn a_withdrawn_subject_is_destroyed_in_the_store_with_an_act_when_the_clock_is_due() {
    for db in test_support::all().await {
        let stores = tempfile::tempdir().unwrap();
        tutela_connect::demo::create_demo_stores("kursy", &stores.path().join("kursy")).await.unwrap();
        let database = stores.path().join("kursy/kursy.sqlite3");
        let fulfilment = FulfilmentConfig {
            stores_dir: Some(stores.path().to_owned()),
            hash_key: Some(HashKey::new(b"a test hash key of 32 bytes long").unwrap()),
        };
        let config = ServerConfig { run_scheduler: false, fulfilment, ..ServerConfig::default() };
        let app = TestApp::spawn_with(&db, config).await;
        let (_, token) = app.operator("kursy").await;
        app.apply_map(&token, &kursy_map()).await;
        let two = students(&database).await;
        let (due_id, due_email) = &two[0];
        let (later_id, later_email) = &two[1];
        withdraw(&app, &token, &due_id.to_string(), 40, 26).await;
        withdraw(&app, &token, &later_id.to_string(), 5, 1).await;

        let contact = app.request(Method::PUT, &format!("/api/v1/subjects/{due_id}/contacts"), Some(&token));
        let response = contact.json(&json!({ "email": due_email })).send().await.unwrap();
        assert_eq!(response.status(), 200, "the student can sign in to the portal");

        let (status, schedule) = app.get("/api/v1/retention/schedule", &token).await;
        assert_eq!(status, 200, "{schedule}");
        let items = schedule.as_array().unwrap();
        assert_eq!(items.len(), 2, "{schedule}");
        let ready: Vec<(&str, bool)> =
            items.iter().map(|i| (i["subject"].as_str().unwrap(), i["ready"] == true)).collect();
        assert!(
            ready.contains(&(due_id.to_string().as_str(), true))
                && ready.contains(&(later_id.to_string().as_str(), false))
        );
        assert!(items[0]["reason"].as_str().unwrap().contains("152-FZ art. 21(5)"));

        let (status, runs) = app.post("/api/v1/retention/run", &token, json!({})).await;
        assert_eq!(status, 200, "{runs}");
        let runs = runs.as_array().unwrap();
        assert_eq!(runs.len(), 1, "only the due destruction runs: {runs:?}");
        let run = &runs[0];
        assert_eq!(run["state"], "complete", "{run}");
        let act = run["act_number"].as_str().unwrap().to_owned();
        let reference = run["request"].as_str().unwrap();
        assert!(act.starts_with(reference), "{run}");

        assert_ne!(&email_of(&database, *due_id).await, due_email, "the student's e-mail is erased in the store");
        assert_eq!(&email_of(&database, *later_id).await, later_email, "the other student is untouched");
        let due_ref = due_id.to_string();
        let clock_id = items.iter().find(|i| i["subject"].as_str() == Some(due_ref.as_str())).unwrap()["clock_id"]
            .as_str()
            .unwrap();
        let (_, clock) = app.get(&format!("/api/v1/clocks/{clock_id}"), &token).await;
        assert_eq!(clock["state"], "met", "{clock}");
        let (_, request) = app.get(&format!("/api/v1/requests/{reference}"), &token).await;
        assert_eq!((request["status"].as_str(), request["channel"].as_str()), (Some("completed"), Some("system")));
        let log = app.request(Method::GET, "/api/v1/destruction-log", Some(&token)).send().await.unwrap();
        assert!(log.text().await.unwrap().contains(&act), "the act is in the destruction log");

        let remove = app.request(Method::DELETE, &format!("/api/v1/subjects/{due_id}/contacts"), Some(&token));
        let removed: Value = remove.send().await.unwrap().json().await.unwrap();
        assert_eq!(removed["removed"], 0, "the erasure took the portal address with it");

        let (_, again) = app.post("/api/v1/retention/run", &token, json!({})).await;
        assert_eq!(again, json!([]), "nothing more is due");
        let (_, schedule) = app.get("/api/v1/retention/schedule", &token).await;
        assert_eq!(schedule.as_array().unwrap().len(), 1, "the met clock leaves the schedule");
    }
}
