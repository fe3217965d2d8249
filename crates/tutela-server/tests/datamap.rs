//! Applying data maps through the API: versions, the journal entry with its changes, invalid maps
//! listed problem by problem, roles and operator confinement. On SQLite and on PostgreSQL.

mod common;

use common::{TestApp, kursy_map, read};
use reqwest::Method;
use serde_json::{Value, json};
use tutela_db::test_support;

fn files(text: &str) -> Value {
    json!({ "files": [{ "name": "datamap.yaml", "text": text }] })
}

async fn put(app: &TestApp, token: &str, body: Value) -> (u16, Value) {
    read(app.request(Method::PUT, "/api/v1/datamap", Some(token)).json(&body).send().await.unwrap()).await
}

#[tokio::test]
async fn applying_a_map_stores_a_version_and_journals_what_changed() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        let (_, token) = app.operator("kursy").await;
        let map = kursy_map();

        let (status, body) = put(&app, &token, files(&map)).await;
        assert_eq!(status, 200, "{body} ({})", app.backend);
        assert_eq!((body["stored"].as_bool(), body["version"]["version"].as_u64()), (Some(true), Some(1)));
        let hash = body["version"]["content_hash"].as_str().unwrap().to_owned();
        assert_eq!(hash.len(), 64);
        assert!(body["version"]["changes"]["added"].as_array().unwrap().contains(&json!("purpose:newsletter")));

        let (status, again) = put(&app, &token, files(&map)).await;
        assert_eq!(
            (status, again["stored"].as_bool(), again["version"]["version"].as_u64()),
            (200, Some(false), Some(1))
        );

        let without_newsletter_export = map.replace("          - { name: phone, categories: [contact.phone] }\n          - { name: student_id, categories: [account.identifier] }\n", "          - { name: student_id, categories: [account.identifier] }\n");
        assert_ne!(without_newsletter_export, map, "the demo map changed shape; update this test");
        let (status, body) = put(&app, &token, files(&without_newsletter_export)).await;
        assert_eq!((status, body["version"]["version"].as_u64()), (200, Some(2)), "{body}");
        assert_eq!(body["version"]["changes"]["removed"], json!(["field:mailing_exports:subscribers.phone"]));
        assert_eq!(body["version"]["changes"]["previous_version"], 1);

        let (status, journal) = app.get("/api/v1/journal?limit=100", &token).await;
        assert_eq!(status, 200);
        let applies: Vec<&Value> =
            journal.as_array().unwrap().iter().filter(|e| e["action"] == "apply_datamap").collect();
        assert_eq!(applies.len(), 2, "{journal}");
        assert_eq!(applies[0]["details"]["content_hash"], hash.as_str());

        let (status, versions) = app.get("/api/v1/datamap/versions", &token).await;
        assert_eq!(status, 200);
        let numbers: Vec<u64> = versions.as_array().unwrap().iter().map(|v| v["version"].as_u64().unwrap()).collect();
        assert_eq!(numbers, vec![2, 1]);
        let (status, first) = app.get("/api/v1/datamap/versions/1", &token).await;
        assert_eq!((status, first["files"][0]["text"].as_str()), (200, Some(map.as_str())));
        let (status, current) = app.get("/api/v1/datamap", &token).await;
        assert_eq!((status, current["version"]["version"].as_u64()), (200, Some(2)));
        let (status, _) = app.get("/api/v1/datamap/versions/3", &token).await;
        assert_eq!(status, 404);
    }
}

#[tokio::test]
async fn an_invalid_map_lists_every_problem_and_changes_nothing() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        let (_, token) = app.operator("kursy").await;
        let broken = kursy_map().replacen("purposes: [newsletter]", "purposes: [newsleter]", 1).replacen(
            "categories: [contact.social_profile]",
            "categories: [contact.social_profle]",
            1,
        );
        let (status, body) = put(&app, &token, files(&broken)).await;
        assert_eq!(status, 422, "{body} ({})", app.backend);
        assert_eq!(body["type"], "/problems/unprocessable");
        let errors = body["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 2, "{body}");
        let codes: Vec<&str> = errors.iter().map(|e| e["code"].as_str().unwrap()).collect();
        assert!(codes.contains(&"unknown-purpose") && codes.contains(&"unknown-data-category"), "{codes:?}");
        assert!(errors.iter().all(|e| e["file"] == "datamap.yaml" && e["line"].as_u64().unwrap() > 1), "{body}");
        let (status, _) = app.get("/api/v1/datamap", &token).await;
        assert_eq!(status, 404, "nothing was applied");

        let (status, check) = app.post("/api/v1/datamap/check", &token, files(&broken)).await;
        assert_eq!(
            (status, check["valid"].as_bool(), check["errors"].as_array().unwrap().len()),
            (200, Some(false), 2)
        );
        let (status, check) = app.post("/api/v1/datamap/check", &token, files(&kursy_map())).await;
        assert_eq!((status, check["valid"].as_bool()), (200, Some(true)));
    }
}

#[tokio::test]
async fn bad_file_lists_are_refused_with_the_reason() {
    let db = test_support::sqlite();
    let app = TestApp::spawn(&db).await;
    let (_, token) = app.operator("kursy").await;
    let cases = [
        (json!({ "files": [] }), "files is empty"),
        (json!({ "files": [{ "name": "../etc/passwd.yaml", "text": "" }] }), "must be a plain *.yaml"),
        (json!({ "files": [{ "name": "map.txt", "text": "" }] }), "must be a plain *.yaml"),
        (json!({ "files": [{ "name": "a.yaml", "text": "" }, { "name": "a.yaml", "text": "" }] }), "is given twice"),
        (json!({ "file": [] }), "unknown field `file`"),
    ];
    for (body, expected) in cases {
        let (status, problem) = put(&app, &token, body.clone()).await;
        assert_eq!(status, 400, "{body} → {problem}");
        assert!(problem["detail"].as_str().unwrap().contains(expected), "{body} → {problem}");
    }
}

#[tokio::test]
async fn only_configuring_roles_apply_and_operators_see_only_their_own_map() {
    let db = test_support::sqlite();
    let app = TestApp::spawn(&db).await;
    let (kursy, _) = app.operator("kursy").await;
    let (_, other_admin) = app.operator("other").await;
    let viewer = app.token(&kursy, "viewer").await;
    let (status, body) = put(&app, &viewer, files(&kursy_map())).await;
    assert_eq!(status, 403, "{body}");
    let officer = app.token(&kursy, "privacy_officer").await;
    let (status, _) = put(&app, &officer, files(&kursy_map())).await;
    assert_eq!(status, 200);
    let (status, _) = app.get("/api/v1/datamap", &viewer).await;
    assert_eq!(status, 200, "viewers read the map");
    let (status, _) = app.get("/api/v1/datamap", &other_admin).await;
    assert_eq!(status, 404, "another operator has no map");
    let (status, _) = app.get("/api/v1/datamap/versions/1", &other_admin).await;
    assert_eq!(status, 404);
}
