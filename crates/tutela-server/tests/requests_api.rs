//! The request log through the HTTP API, on SQLite and PostgreSQL: intake with the statutory clock
//! of the jurisdiction and type, the reference, paging, completion and refusal, and bad input.

mod common;

use common::{TestApp, read};
use reqwest::Method;
use serde_json::json;
use tutela_db::test_support;

#[tokio::test]
async fn a_request_is_logged_with_its_clock_then_completed() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        let (_, token) = app.operator("kursy").await;
        let body = json!({
            "type": "access", "jurisdiction": "ru_152fz", "channel": "paper", "language": "ru",
            "received_at": "2025-12-30T16:00:00+03:00", "subject_ref": "cust-42",
            "identities": { "email": "anna@example.com", "passport": "4510 123456" }
        });
        let (status, created) = app.post("/api/v1/requests", &token, body).await;
        assert_eq!(status, 201, "{}: {created}", app.backend);
        assert_eq!(created["reference"], "KUR-2025-000001");
        assert_eq!(created["status"], "received");
        assert!(created["rule"]["article"].as_str().unwrap().contains("152-FZ"), "{created}");
        let clock_id = created["clock_id"].as_str().unwrap();
        let (_, clock) = app.get(&format!("/api/v1/clocks/{clock_id}"), &token).await;
        assert_eq!((clock["kind"].as_str(), clock["calendar"].as_str()), (Some("request.access"), Some("ru")));
        assert_eq!(clock["subject_ref"], "cust-42");

        let (status, found) = app.get("/api/v1/requests/KUR-2025-000001", &token).await;
        assert_eq!(status, 200);
        assert_eq!(found["events"][0]["status"], "received");
        let verify = json!({ "method": "document", "note": "Passport details match the letter" });
        let (status, verified) = app.post("/api/v1/requests/KUR-2025-000001/verify", &token, verify.clone()).await;
        assert_eq!((status, verified["status"].as_str()), (200, Some("verified")), "{verified}");
        let (status, done) = app
            .post(
                &format!("/api/v1/requests/{}/complete", created["id"].as_str().unwrap()),
                &token,
                json!({"note": "Answer sent by post"}),
            )
            .await;
        assert_eq!(status, 200, "{done}");
        assert_eq!(done["status"], "completed");
        let (_, clock) = app.get(&format!("/api/v1/clocks/{clock_id}"), &token).await;
        assert!(clock["state"] == "met" || clock["state"] == "met_late", "{clock}");
        let (status, again) = app.post("/api/v1/requests/KUR-2025-000001/refuse", &token, json!({"note": "x"})).await;
        assert_eq!(status, 409, "{again}");
        assert!(again["detail"].as_str().unwrap().contains("already completed"), "{again}");

        // A request whose clock was completed through the clocks API still closes.
        let body = json!({ "type": "rectification", "jurisdiction": "ru_152fz", "language": "ru",
            "received_at": "2025-12-30T16:00:00+03:00", "identities": { "email": "anna@example.com" } });
        let (_, third) = app.post("/api/v1/requests", &token, body).await;
        let clock = third["clock_id"].as_str().unwrap();
        let (status, _) =
            app.post(&format!("/api/v1/requests/{}/verify", third["id"].as_str().unwrap()), &token, verify).await;
        assert_eq!(status, 200);
        assert_eq!(app.post_empty(&format!("/api/v1/clocks/{clock}/complete"), &token).await.0, 200);
        let note = json!({ "note": "Corrected the surname.\r\nLetter sent." });
        let (status, closed) =
            app.post(&format!("/api/v1/requests/{}/complete", third["id"].as_str().unwrap()), &token, note).await;
        assert_eq!(status, 200, "{closed}");
        assert_eq!(closed["events"][2]["note"], "Corrected the surname.\nLetter sent.", "CRLF is a line break");

        let gdpr = json!({ "type": "erasure", "jurisdiction": "eu_gdpr", "language": "en", "calendar": "bg",
            "identities": { "email": "ivan@example.com" } });
        let (status, second) = app.post("/api/v1/requests", &token, gdpr).await;
        assert_eq!(status, 201, "{second}");
        let (_, journal) = app.get("/api/v1/journal?limit=1000", &token).await;
        let text = journal.to_string();
        assert!(text.contains("receive_request") && !text.contains("anna@example.com"), "no identity in the journal");
        assert!(!text.contains("Answer sent by post") && text.contains("note_sha256"), "notes stay out of the journal");
        let response = app.request(Method::GET, "/api/v1/requests?limit=1", Some(&token)).send().await.unwrap();
        assert!(response.headers().get("link").is_some(), "a full page links to the next");
        let (_, page) = read(response).await;
        assert_eq!(page[0]["id"], second["id"], "newest first");
    }
}

#[tokio::test]
async fn bad_requests_are_refused_with_what_was_wrong() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        let (op, token) = app.operator("kursy").await;
        let base = json!({ "type": "access", "jurisdiction": "ru_152fz", "language": "ru", "identities": { "email": "a@b.c" } });
        let cases = [
            ("type", json!("wish"), 400, "wish"),
            ("jurisdiction", json!("mars"), 400, "mars"),
            ("language", json!("fr"), 400, "does not answer in \"fr\""),
            ("channel", json!("pigeon"), 400, "pigeon"),
            ("identities", json!({}), 400, "identities"),
            ("received_at", json!("2999-01-01T00:00:00Z"), 400, "future"),
            ("subject_ref", json!("anna@example.com"), 400, "not an e-mail address"),
        ];
        for (field, value, status, needle) in cases {
            let mut body = base.clone();
            body[field] = value;
            let (got, problem) = app.post("/api/v1/requests", &token, body).await;
            assert_eq!(got, status, "{field}: {problem}");
            assert!(problem["detail"].as_str().unwrap().contains(needle), "{field}: {problem}");
        }
        let gdpr_without_calendar = json!({ "type": "access", "jurisdiction": "eu_gdpr", "language": "en", "identities": { "email": "a@b.c" } });
        let (status, problem) = app.post("/api/v1/requests", &token, gdpr_without_calendar).await;
        assert_eq!(status, 400, "{problem}");
        let no_right = json!({ "type": "portability", "jurisdiction": "ru_152fz", "language": "ru", "identities": { "email": "a@b.c" } });
        let (status, problem) = app.post("/api/v1/requests", &token, no_right).await;
        assert_eq!(status, 422, "{problem}");
        let viewer = app.token(&op, "viewer").await;
        assert_eq!(app.get("/api/v1/requests", &viewer).await.0, 403, "identities are not for viewers");
        let (status, _) = app.get("/api/v1/requests/KUR-2025-999999", &token).await;
        assert_eq!(status, 404);
    }
}

#[tokio::test]
async fn a_deadline_is_extended_once_within_the_first_period_as_the_law_allows() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        let (_, token) = app.operator("kursy").await;
        let file = |request_type: &str, jurisdiction: &str, received_at: String| {
            json!({ "type": request_type, "jurisdiction": jurisdiction, "language": "en", "calendar": "ru",
                "received_at": received_at, "identities": { "email": "anna@example.com" } })
        };
        let now = jiff::Timestamp::now();
        let recent = (now - jiff::SignedDuration::from_hours(2)).to_string();
        let (_, access) = app.post("/api/v1/requests", &token, file("access", "ru_152fz", recent.clone())).await;
        let id = access["id"].as_str().unwrap();
        let clock_id = access["clock_id"].as_str().unwrap();
        let (_, before) = app.get(&format!("/api/v1/clocks/{clock_id}"), &token).await;
        assert!(access["rule"]["extension"].as_str().unwrap().starts_with("5 working days"), "{access}");

        let reason = json!({ "reason": "The archive copy must be fetched from storage" });
        let (status, extended) = app.post(&format!("/api/v1/requests/{id}/extend"), &token, reason.clone()).await;
        assert_eq!(status, 200, "{}: {extended}", app.backend);
        let (_, after) = app.get(&format!("/api/v1/clocks/{clock_id}"), &token).await;
        assert!(after["due"].as_str() > before["due"].as_str(), "{before} → {after}");
        let last = extended["events"].as_array().unwrap().last().unwrap().clone();
        assert!(last["note"].as_str().unwrap().contains("deadline extended by 5 working days"), "{last}");

        let (status, again) = app.post(&format!("/api/v1/requests/{id}/extend"), &token, reason.clone()).await;
        assert_eq!(status, 409, "one extension: {again}");
        assert!(again["detail"].as_str().unwrap().contains("extended already"), "{again}");

        // The GDPR's notice must come within the first month.
        let old = (now - jiff::SignedDuration::from_hours(24 * 40)).to_string();
        let (_, late) = app.post("/api/v1/requests", &token, file("erasure", "eu_gdpr", old)).await;
        let late_id = late["id"].as_str().unwrap();
        let (status, problem) = app.post(&format!("/api/v1/requests/{late_id}/extend"), &token, reason.clone()).await;
        assert_eq!(status, 409, "{problem}");

        // Blocking under 152-FZ is at once: there is nothing to extend.
        let (_, block) = app.post("/api/v1/requests", &token, file("restriction", "ru_152fz", recent)).await;
        let block_id = block["id"].as_str().unwrap();
        let (status, problem) = app.post(&format!("/api/v1/requests/{block_id}/extend"), &token, reason).await;
        assert_eq!(status, 409, "{problem}");
        assert!(problem["detail"].as_str().unwrap().contains("cannot be extended"), "{problem}");
        let empty = json!({ "reason": "  " });
        assert_eq!(app.post(&format!("/api/v1/requests/{id}/extend"), &token, empty).await.0, 400);
    }
}
