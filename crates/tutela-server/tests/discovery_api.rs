//! PII discovery through the API on SQLite and PostgreSQL: the kursy demo store, with a column of
//! e-mail addresses the data map does not declare added to it, is scanned and the undeclared
//! personal data is reported against the map; a store the server cannot reach is named with why.

mod common;

use common::{TestApp, kursy_map};
use serde_json::json;
use sqlx::Connection;
use tutela_db::test_support;
use tutela_server::ServerConfig;
use tutela_server::api::requests::fulfil::FulfilmentConfig;

#[tokio::test]
async fn undeclared_personal_data_in_a_store_is_reported_against_the_map() {
    for db in test_support::all().await {
        let stores = tempfile::tempdir().unwrap();
        tutela_connect::demo::create_demo_stores("kursy", &stores.path().join("kursy")).await.unwrap();
        let database = stores.path().join("kursy/kursy.sqlite3");
        let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", database.display())).await.unwrap();
        sqlx::query("ALTER TABLE courses ADD COLUMN teacher_email TEXT").execute(&mut conn).await.unwrap();
        sqlx::query("UPDATE courses SET teacher_email = 'teacher' || id || '@kursy.example'")
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.unwrap();

        let fulfilment = FulfilmentConfig { stores_dir: Some(stores.path().to_owned()), hash_key: None };
        let config = ServerConfig { run_scheduler: false, fulfilment, ..ServerConfig::default() };
        let app = TestApp::spawn_with(&db, config).await;
        let (_, token) = app.operator("kursy").await;
        let (status, problem) = app.post("/api/v1/discovery/drift", &token, json!({})).await;
        assert_eq!(status, 409, "{}: no map yet: {problem}", app.backend);
        app.apply_map(&token, &kursy_map()).await;

        let (status, drifts) = app.post("/api/v1/discovery/drift", &token, json!({})).await;
        assert_eq!(status, 200, "{drifts}");
        let stores = drifts.as_array().unwrap();
        let main = stores.iter().find(|s| s["store"] == "kursy_db").unwrap();
        let report = &main["report"];
        assert!(report["rows_scanned"].as_u64().unwrap() > 0, "{main}");
        let undeclared = report["undeclared"].as_array().unwrap();
        let teacher = undeclared.iter().find(|u| u["table"] == "courses" && u["column"] == "teacher_email");
        let teacher = teacher.unwrap_or_else(|| panic!("the added column is reported: {report}"));
        assert_eq!(teacher["kind"], "email");
        assert!(!teacher["example"].as_str().unwrap().contains("teacher1@kursy.example"), "the example is masked");
        for other in stores.iter().filter(|s| s["store"] != "kursy_db") {
            assert!(other["report"].is_object() || other["error"].is_string(), "{other}");
        }
    }
}
