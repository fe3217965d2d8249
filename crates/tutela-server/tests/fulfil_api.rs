//! Requests carried out on the operator's own stores through the HTTP API, on SQLite and
//! PostgreSQL: the kursy demo operator's map applied, its generated stores in the server's stores
//! folder, then an access request and an erasure request taken from intake through verification and
//! the fulfilment engine to completion, with every step that is not yet allowed refused.

mod common;

use common::{TestApp, kursy_map, read};
use reqwest::Method;
use serde_json::json;
use sha2::{Digest, Sha256};
use sqlx::{Connection, Row};
use tutela_db::test_support;
use tutela_fulfil::HashKey;
use tutela_server::ServerConfig;
use tutela_server::api::requests::fulfil::FulfilmentConfig;

const HASH_KEY: &[u8] = b"a test hash key of 32 bytes long";

/// The demo student with the most enrolments: the subject of these journeys.
async fn subject_email(database: &std::path::Path) -> String {
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", database.display())).await.unwrap();
    let sql = "SELECT email FROM students ORDER BY (SELECT count(*) FROM enrolments e WHERE e.student_id = students.id) \
               DESC, id LIMIT 1";
    sqlx::query(sql).fetch_one(&mut conn).await.unwrap().get(0)
}

async fn students_with_email(database: &std::path::Path, email: &str) -> i64 {
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", database.display())).await.unwrap();
    sqlx::query_scalar("SELECT count(*) FROM students WHERE lower(email) = ?1")
        .bind(email.to_lowercase())
        .fetch_one(&mut conn)
        .await
        .unwrap()
}

async fn new_request(app: &TestApp, token: &str, request_type: &str, email: &str) -> String {
    let body = json!({ "type": request_type, "jurisdiction": "ru_152fz", "language": "ru",
        "identities": { "email": email, "passport": "4510 123456" } });
    let (status, created) = app.post("/api/v1/requests", token, body).await;
    assert_eq!(status, 201, "{created}");
    created["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn access_and_erasure_run_on_the_operators_stores_after_verification() {
    for db in test_support::all().await {
        let stores = tempfile::tempdir().unwrap();
        tutela_connect::demo::create_demo_stores("kursy", &stores.path().join("kursy")).await.unwrap();
        let database = stores.path().join("kursy/kursy.sqlite3");
        let fulfilment = FulfilmentConfig {
            stores_dir: Some(stores.path().to_owned()),
            hash_key: Some(HashKey::new(HASH_KEY).unwrap()),
        };
        let config = ServerConfig { run_scheduler: false, fulfilment, ..ServerConfig::default() };
        let app = TestApp::spawn_with(&db, config).await;
        let (_, token) = app.operator("kursy").await;
        let email = subject_email(&database).await;

        // Before a map is applied the engine does not know where to look.
        let access = new_request(&app, &token, "access", &email).await;
        let (status, problem) = app.post(&format!("/api/v1/requests/{access}/fulfil"), &token, json!({})).await;
        assert_eq!(status, 409, "{problem}");
        app.apply_map(&token, &kursy_map()).await;

        // A dry run counts before verification; nothing is kept.
        let (status, dry) =
            app.post(&format!("/api/v1/requests/{access}/fulfil"), &token, json!({ "dry_run": true })).await;
        assert_eq!(status, 200, "{dry}");
        assert_eq!((dry["state"].as_str(), dry["id"].as_null()), (Some("dry_run"), Some(())));
        assert_eq!(dry["report"]["found"], true, "{dry}");
        let (_, runs) = app.get(&format!("/api/v1/requests/{access}/fulfilments"), &token).await;
        assert_eq!(runs, json!([]), "a dry run is not kept");

        // Nothing is returned, and the request is not completed, before verification.
        let (status, problem) = app.post(&format!("/api/v1/requests/{access}/fulfil"), &token, json!({})).await;
        assert_eq!(status, 409, "{problem}");
        assert!(problem["detail"].as_str().unwrap().contains("verify the requester's identity"), "{problem}");
        let note = json!({ "note": "Package sent" });
        let (status, problem) = app.post(&format!("/api/v1/requests/{access}/complete"), &token, note.clone()).await;
        assert_eq!(status, 409, "{problem}");

        let bad = json!({ "method": "trust", "note": "Looked honest" });
        assert_eq!(app.post(&format!("/api/v1/requests/{access}/verify"), &token, bad).await.0, 400);
        let verify = json!({ "method": "document", "note": "Passport seen at the office" });
        let (status, verified) = app.post(&format!("/api/v1/requests/{access}/verify"), &token, verify.clone()).await;
        assert_eq!((status, verified["status"].as_str()), (200, Some("verified")), "{verified}");
        assert_eq!(app.post(&format!("/api/v1/requests/{access}/verify"), &token, verify.clone()).await.0, 409);
        let (status, problem) = app.post(&format!("/api/v1/requests/{access}/complete"), &token, note.clone()).await;
        assert_eq!(status, 409, "completion waits for the engine: {problem}");
        assert!(problem["detail"].as_str().unwrap().contains("every store"), "{problem}");

        // The access run keeps the package; its digest is the download's.
        let (status, run) = app.post(&format!("/api/v1/requests/{access}/fulfil"), &token, json!({})).await;
        assert_eq!((status, run["state"].as_str()), (200, Some("complete")), "{run}");
        let url = run["package_url"].as_str().unwrap();
        let response = app.request(Method::GET, url, Some(&token)).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["content-type"], "application/zip");
        let bytes = response.bytes().await.unwrap();
        assert!(bytes.starts_with(b"PK\x03\x04"), "a zip file");
        assert_eq!(hex::encode(Sha256::digest(&bytes)), run["package_sha256"].as_str().unwrap());
        assert_eq!(run["package_bytes"].as_u64(), Some(bytes.len() as u64));
        let (status, done) = app.post(&format!("/api/v1/requests/{access}/complete"), &token, note).await;
        assert_eq!((status, done["status"].as_str()), (200, Some("completed")), "{done}");
        let (_, shown) = app.get(&format!("/api/v1/requests/{access}"), &token).await;
        assert_eq!(shown["fulfilments"][0]["id"], run["id"]);
        // The answer, in Russian, names the package by its digest and where to complain; it goes
        // to the requester's address.
        let answer = &shown["answer"];
        assert_eq!((answer["language"].as_str(), answer["sent_to"].as_str()), (Some("ru"), Some(email.as_str())));
        assert!(answer["subject"].as_str().unwrap().contains("ответ на ваше обращение"), "{answer}");
        let body = answer["body"].as_str().unwrap();
        assert!(body.contains(run["package_sha256"].as_str().unwrap()) && body.contains("Роскомнадзор"), "{body}");
        assert!(body.contains("Что сделано: Package sent"), "{body}");
        assert!(
            shown["events"].as_array().unwrap().iter().any(|e| e["note"].as_str().unwrap().contains("access package"))
        );

        // Erasure: the student's e-mail is hashed, and a second run finds nothing more.
        assert_eq!(students_with_email(&database, &email).await, 1);
        let erasure = new_request(&app, &token, "erasure", &email).await;
        assert_eq!(app.post(&format!("/api/v1/requests/{erasure}/verify"), &token, verify).await.0, 200);
        let (status, run) = app.post(&format!("/api/v1/requests/{erasure}/fulfil"), &token, json!({})).await;
        assert_eq!((status, run["state"].as_str()), (200, Some("complete")), "{run}");
        assert!(run["package_url"].is_null());
        assert_eq!(students_with_email(&database, &email).await, 0, "the e-mail is gone");

        // The destruction act: in the operator's language, numbered, its digest the one recorded.
        let act_number = run["act_number"].as_str().unwrap().to_owned();
        assert!(act_number.starts_with("KUR-") && act_number.ends_with("/1"), "{act_number}");
        let response = app.request(Method::GET, run["act_url"].as_str().unwrap(), Some(&token)).send().await.unwrap();
        assert_eq!(response.status(), 200);
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        let act = response.text().await.unwrap();
        assert_eq!(hex::encode(Sha256::digest(act.as_bytes())), run["act_sha256"].as_str().unwrap());
        assert!(act.contains(&format!("Акт № {act_number}")) && act.contains("students"), "{act}");
        assert!(act.contains("Уничтожение произвёл: token:"), "who carried it out: {act}");
        assert!(act.contains(&format!("email: {email}")) && !act.contains("4510"), "the subject, not the passport");
        let (_, again) = app.post(&format!("/api/v1/requests/{erasure}/fulfil"), &token, json!({})).await;
        assert_eq!((again["state"].as_str(), &again["report"]["found"]), (Some("complete"), &json!(false)));
        let (status, closed) =
            app.post(&format!("/api/v1/requests/{erasure}/complete"), &token, json!({ "note": "Erased" })).await;
        assert_eq!(status, 200, "{closed}");
        let (_, closed) = app.get(&format!("/api/v1/requests/{erasure}"), &token).await;
        let body = closed["answer"]["body"].as_str().unwrap();
        assert!(body.contains(&format!("акт об уничтожении {act_number}")), "the answer names the act: {body}");
        let operator = app.db.operator_by_slug("kursy").await.unwrap().unwrap();
        let outbox = app.db.list_outbox(&operator.id, None, 100).await.unwrap();
        let answers = outbox.iter().filter(|m| m.topic == tutela_db::REQUEST_ANSWER_TOPIC).count();
        assert_eq!(answers, 2, "both answers are queued to the requester");

        // The destruction log lists each act once; the repeated run found nothing but has its act too.
        let response = app.request(Method::GET, "/api/v1/destruction-log", Some(&token)).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let log = response.text().await.unwrap();
        let lines: Vec<&str> = log.lines().collect();
        assert!(lines[0].starts_with("finished_at,act_number,request"), "{log}");
        assert_eq!(lines.len(), 3, "a header and two acts: {log}");
        assert!(lines[2].contains(&act_number) && lines[2].contains(",erasure,ru_152fz,complete,"), "{log}");
        assert!(!log.contains(&email), "the log names acts, not subjects");

        // The journal proves each run without naming the subject.
        let (_, journal) = app.get("/api/v1/journal?limit=1000", &token).await;
        let text = journal.to_string();
        assert!(text.contains("fulfil_request") && text.contains("\"deleted\""), "{text}");
        assert!(!text.contains(&email), "no identity in the journal");

        // A complaint is worked by staff; another operator sees none of this.
        let complaint = new_request(&app, &token, "complaint", &email).await;
        let (status, problem) = app.post(&format!("/api/v1/requests/{complaint}/fulfil"), &token, json!({})).await;
        assert_eq!(status, 422, "{problem}");
        let (_, other) = app.operator("other").await;
        let response = app.request(Method::GET, url, Some(&other)).send().await.unwrap();
        assert_eq!(read(response).await.0, 404, "another operator's package does not exist for it");
    }
}

#[tokio::test]
async fn without_a_stores_folder_a_relative_store_is_a_clear_conflict() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        let (_, token) = app.operator("kursy").await;
        app.apply_map(&token, &kursy_map()).await;
        let access = new_request(&app, &token, "access", "anna@example.com").await;
        let (status, problem) =
            app.post(&format!("/api/v1/requests/{access}/fulfil"), &token, json!({ "dry_run": true })).await;
        assert_eq!(status, 409, "{problem}");
        assert!(problem["detail"].as_str().unwrap().contains("--stores-dir"), "{problem}");
    }
}

#[tokio::test]
async fn every_request_type_goes_from_intake_to_answer() {
    for db in test_support::all().await {
        let stores = tempfile::tempdir().unwrap();
        tutela_connect::demo::create_demo_stores("kursy", &stores.path().join("kursy")).await.unwrap();
        let email = subject_email(&stores.path().join("kursy/kursy.sqlite3")).await;
        let fulfilment = FulfilmentConfig {
            stores_dir: Some(stores.path().to_owned()),
            hash_key: Some(HashKey::new(HASH_KEY).unwrap()),
        };
        let app =
            TestApp::spawn_with(&db, ServerConfig { run_scheduler: false, fulfilment, ..ServerConfig::default() })
                .await;
        let (_, token) = app.operator("kursy").await;
        app.apply_map(&token, &kursy_map()).await;
        for request_type in tutela_core::request::RequestType::ALL {
            // The first law, in the map's order of preference, that grants the right.
            let mut created = None;
            for jurisdiction in ["ru_152fz", "eu_gdpr"] {
                let body = json!({ "type": request_type.as_str(), "jurisdiction": jurisdiction, "language": "ru",
                    "calendar": "ru", "identities": { "email": email } });
                let (status, request) = app.post("/api/v1/requests", &token, body).await;
                match status {
                    201 => {
                        created = Some(request);
                        break;
                    }
                    422 => assert!(request["detail"].as_str().unwrap().contains("art."), "{request}"),
                    _ => panic!("{request_type}: {status} {request}"),
                }
            }
            let request = created.unwrap_or_else(|| panic!("{request_type}: no law grants it"));
            let id = request["id"].as_str().unwrap();
            if request_type.acts_on_data() {
                let verify = json!({ "method": "document", "note": "Passport seen" });
                assert_eq!(app.post(&format!("/api/v1/requests/{id}/verify"), &token, verify).await.0, 200);
            }
            if request["fulfilment"].is_string() {
                let (status, run) = app.post(&format!("/api/v1/requests/{id}/fulfil"), &token, json!({})).await;
                assert_eq!((status, run["state"].as_str()), (200, Some("complete")), "{request_type}: {run}");
            }
            let note = json!({ "note": format!("{request_type} answered") });
            let (status, done) = app.post(&format!("/api/v1/requests/{id}/complete"), &token, note).await;
            assert_eq!((status, done["status"].as_str()), (200, Some("completed")), "{request_type}: {done}");
            if let Some(clock_id) = done["clock_id"].as_str() {
                let (_, clock) = app.get(&format!("/api/v1/clocks/{clock_id}"), &token).await;
                assert!(clock["state"] == "met" || clock["state"] == "met_late", "{request_type}: {clock}");
            }
        }
    }
}

#[tokio::test]
async fn an_erasure_that_one_store_failed_is_finished_by_the_next_run_from_its_saved_plan() {
    for db in test_support::all().await {
        let stores = tempfile::tempdir().unwrap();
        let dir = stores.path().join("shop");
        std::fs::create_dir_all(&dir).unwrap();
        let open = |name: &str| {
            let options = sqlx::sqlite::SqliteConnectOptions::new().filename(dir.join(name)).create_if_missing(true);
            async move { sqlx::SqliteConnection::connect_with(&options).await.unwrap() }
        };
        let mut accounts = open("accounts.sqlite3").await;
        sqlx::query(
            "CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT NOT NULL, blocked INTEGER NOT NULL DEFAULT 0)",
        )
        .execute(&mut accounts)
        .await
        .unwrap();
        sqlx::query("INSERT INTO customers VALUES (1, 'anna@example.com', 0)").execute(&mut accounts).await.unwrap();
        let mut shop = open("shop.sqlite3").await;
        for sql in [
            "CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, address TEXT)",
            "INSERT INTO orders VALUES (10, 1, 'Street 1'), (11, 1, 'Street 1')",
            "CREATE TRIGGER no_delete BEFORE DELETE ON orders BEGIN SELECT RAISE(ABORT, 'disk on fire'); END",
        ] {
            sqlx::query(sql).execute(&mut shop).await.unwrap();
        }
        let fulfilment = FulfilmentConfig { stores_dir: Some(stores.path().to_owned()), hash_key: None };
        let app =
            TestApp::spawn_with(&db, ServerConfig { run_scheduler: false, fulfilment, ..ServerConfig::default() })
                .await;
        let (_, token) = app.operator("shop").await;
        let map = include_str!("../../tutela-fulfil/tests/fixtures/two_stores.yaml");
        let files = json!({ "files": [{ "name": "datamap.yaml", "text": map }] });
        let response = app.request(Method::PUT, "/api/v1/datamap", Some(&token)).json(&files).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let body = json!({ "type": "erasure", "jurisdiction": "eu_gdpr", "calendar": "bg", "language": "en",
            "identities": { "email": "anna@example.com" } });
        let (_, request) = app.post("/api/v1/requests", &token, body).await;
        let id = request["id"].as_str().unwrap();
        let verify = json!({ "method": "document", "note": "ID card seen" });
        assert_eq!(app.post(&format!("/api/v1/requests/{id}/verify"), &token, verify).await.0, 200);

        let (_, first) = app.post(&format!("/api/v1/requests/{id}/fulfil"), &token, json!({})).await;
        assert_eq!(first["state"], "incomplete", "{}: {first}", app.backend);
        let (status, _) = app.post(&format!("/api/v1/requests/{id}/complete"), &token, json!({ "note": "x" })).await;
        assert_eq!(status, 409, "not every store confirmed");

        sqlx::query("DROP TRIGGER no_delete").execute(&mut shop).await.unwrap();
        let (_, second) = app.post(&format!("/api/v1/requests/{id}/fulfil"), &token, json!({})).await;
        assert_eq!(second["state"], "complete", "{second}");
        let orders: i64 = sqlx::query_scalar("SELECT count(*) FROM orders").fetch_one(&mut shop).await.unwrap();
        assert_eq!(orders, 0, "the orders the deleted customer led to were erased from the saved plan");
        let operator = app.db.operator_by_slug("shop").await.unwrap().unwrap();
        assert_eq!(app.db.pending_plan(&operator.id, id, "").await.unwrap(), None, "a confirmed plan is not kept");
    }
}
