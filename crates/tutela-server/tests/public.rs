//! The public pages rendered from an applied data map: no sign-in, the operator's languages by
//! `Accept-Language` or `?lang=`, three formats, a stored version by `?version=`, and 304 for an
//! unchanged page.

mod common;

use common::{TestApp, kursy_map};
use reqwest::header;
use serde_json::Value;
use tutela_db::test_support;

async fn page(app: &TestApp, path: &str, accept_language: Option<&str>) -> reqwest::Response {
    page_with(app, path, accept_language.map(|languages| (header::ACCEPT_LANGUAGE, languages))).await
}

async fn page_with(app: &TestApp, path: &str, extra: Option<(header::HeaderName, &str)>) -> reqwest::Response {
    let mut request = app.client.get(format!("{}{path}", app.base));
    if let Some((name, value)) = extra {
        request = request.header(name, value);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn artefacts_are_public_in_the_operators_languages_and_formats() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        let (_, token) = app.operator("kursy").await;
        let missing = page(&app, "/public/kursy/datamap/notice", None).await;
        assert_eq!(missing.status(), 404, "{}: nothing published yet", app.backend);
        app.apply_map(&token, &kursy_map()).await;

        let russian = page(&app, "/public/kursy/datamap/notice", Some("ru-RU,ru;q=0.9,en;q=0.5")).await;
        assert_eq!(russian.status(), 200);
        assert_eq!(russian.headers()[header::CONTENT_LANGUAGE], "ru");
        assert_eq!(russian.headers()[header::CONTENT_TYPE], "text/html; charset=utf-8");
        let html = russian.text().await.unwrap();
        assert!(html.contains("<html lang=\"ru\""), "{html:.300}");
        assert!(html.contains("Kursy") || html.contains("Курсы"), "the operator is named");

        let english = page(&app, "/public/kursy/datamap/ropa?lang=en&format=json", Some("ru")).await;
        assert_eq!(english.headers()[header::CONTENT_LANGUAGE], "en", "?lang= wins over Accept-Language");
        let document: Value = english.json().await.unwrap();
        assert_eq!(document["lang"], "en", "{document:.300}");

        let csv = page(&app, "/public/kursy/datamap/pi-shared?format=csv&lang=ru", None).await;
        assert_eq!(csv.headers()[header::CONTENT_TYPE], "text/csv; charset=utf-8");
        let csv = csv.text().await.unwrap();
        assert!(csv.lines().count() > 1 && csv.contains("Рассылка"), "{csv:.500}");

        let index = page(&app, "/public/kursy/datamap", None).await.text().await.unwrap();
        assert!(index.contains("/public/kursy/datamap/pi-collected?lang=ru&amp;format=csv"), "{index:.800}");
    }
}

#[tokio::test]
async fn an_unchanged_page_is_not_modified_and_old_versions_stay_readable() {
    let db = test_support::sqlite();
    let app = TestApp::spawn(&db).await;
    let (_, token) = app.operator("kursy").await;
    let first = kursy_map();
    app.apply_map(&token, &first).await;
    let response = page(&app, "/public/kursy/datamap/ropa?lang=en", None).await;
    let etag = response.headers()[header::ETAG].to_str().unwrap().to_owned();
    let again = page_with(&app, "/public/kursy/datamap/ropa?lang=en", Some((header::IF_NONE_MATCH, &etag))).await;
    assert_eq!(again.status(), 304);

    app.apply_map(&token, &first.replace("Rassylka (fictional mailing service)", "Rassylka Pro (fictional)")).await;
    let changed = page_with(&app, "/public/kursy/datamap/ropa?lang=en", Some((header::IF_NONE_MATCH, &etag))).await;
    assert_eq!(changed.status(), 200, "a new version is a new page");
    let json: Value =
        page(&app, "/public/kursy/datamap/pi-shared?lang=en&format=json&version=1", None).await.json().await.unwrap();
    assert!(json.to_string().contains("Rassylka (fictional mailing service)"), "version 1 as it was");
    let json: Value =
        page(&app, "/public/kursy/datamap/pi-shared?lang=en&format=json", None).await.json().await.unwrap();
    assert!(json.to_string().contains("Rassylka Pro"), "the current version");
}

#[tokio::test]
async fn bad_requests_name_what_was_wrong() {
    let db = test_support::sqlite();
    let app = TestApp::spawn(&db).await;
    let (_, token) = app.operator("kursy").await;
    app.apply_map(&token, &kursy_map()).await;
    let cases = [
        ("/public/nobody/datamap/ropa", 404, "no operator \"nobody\""),
        ("/public/kursy/datamap/dpia", 404, "unknown artifact \"dpia\""),
        ("/public/kursy/datamap/ropa?format=pdf", 400, "unknown format \"pdf\""),
        ("/public/kursy/datamap/ropa?lang=de", 400, "unknown language \"de\""),
        ("/public/kursy/datamap/ropa?version=9", 404, "no data map version 9"),
        ("/public/kursy/datamap/ropa?colour=red", 400, "colour"),
    ];
    for (path, status, detail) in cases {
        let response = page(&app, path, None).await;
        assert_eq!(response.status(), status, "{path}");
        let problem: Value = response.json().await.unwrap();
        assert!(problem["detail"].as_str().unwrap().contains(detail), "{path}: {problem}");
    }
}
