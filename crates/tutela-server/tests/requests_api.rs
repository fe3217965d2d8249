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
        // A paper request's answer is printed, not e-mailed.
        let (_, shown) = app.get("/api/v1/requests/KUR-2025-000001", &token).await;
        assert!(shown["answer"]["sent_to"].is_null(), "{shown}");
        let response = app.request(Method::GET, "/api/v1/requests/KUR-2025-000001/answer", Some(&token)).send().await;
        let letter = response.unwrap().text().await.unwrap();
        assert!(letter.starts_with("<!DOCTYPE html>") && letter.contains("Answer sent by post"), "{letter}");
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

/// The newest one-time code e-mailed for the operator's requests, read from the outbox as the
/// requester's mailbox would receive it.
async fn last_code(app: &TestApp, operator: &tutela_db::Operator, to: &str) -> String {
    let messages = app.db.list_outbox(&operator.id, None, 100).await.unwrap();
    let message = messages.iter().find(|m| m.topic == tutela_db::REQUEST_CODE_TOPIC).expect("a code was queued");
    assert_eq!((message.channel.as_str(), message.destination.as_str()), ("email", to));
    message.payload["code"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_requester_verifies_with_a_one_time_code_within_its_limits() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        let (operator, token) = app.operator("kursy").await;
        let file = |identities: serde_json::Value| json!({ "type": "access", "jurisdiction": "ru_152fz", "language": "ru", "identities": identities });
        let (_, request) = app.post("/api/v1/requests", &token, file(json!({ "email": "anna@example.com" }))).await;
        let id = request["id"].as_str().unwrap();
        let (status, sent) = app.post_empty(&format!("/api/v1/requests/{id}/code"), &token).await;
        assert_eq!((status, sent["codes_sent"].as_u64()), (200, Some(1)), "{}: {sent}", app.backend);
        let code = last_code(&app, &operator, "anna@example.com").await;
        assert_eq!(code.len(), 6);
        let (_, outbox) = app.get("/api/v1/outbox", &token).await;
        assert!(!outbox.to_string().contains(&code) && outbox.to_string().contains("(hidden)"), "staff never see it");

        let check = |code: &str| json!({ "code": code });
        let wrong = if code == "000000" { "000001" } else { "000000" };
        let (status, checked) = app.post(&format!("/api/v1/requests/{id}/code/check"), &token, check(wrong)).await;
        assert_eq!(
            (status, checked["verified"].as_bool(), checked["attempts_left"].as_u64()),
            (200, Some(false), Some(4))
        );
        assert_eq!(app.post(&format!("/api/v1/requests/{id}/code/check"), &token, check("12ab")).await.0, 400);
        let (status, checked) = app.post(&format!("/api/v1/requests/{id}/code/check"), &token, check(&code)).await;
        assert_eq!((status, checked["verified"].as_bool()), (200, Some(true)), "{checked}");
        let (_, verified) = app.get(&format!("/api/v1/requests/{id}"), &token).await;
        assert_eq!(verified["status"], "verified");
        assert!(verified["events"].to_string().contains("identity verified (email_code)"), "{verified}");
        let (status, again) = app.post(&format!("/api/v1/requests/{id}/code/check"), &token, check(&code)).await;
        assert_eq!(status, 409, "a verified request needs no code: {again}");

        // Five wrong codes lock the code; five codes per request at most.
        let (status, duplicate) =
            app.post("/api/v1/requests", &token, file(json!({ "email": "anna@example.com" }))).await;
        assert_eq!(status, 409, "one open access request per subject: {duplicate}");
        assert!(duplicate["detail"].as_str().unwrap().contains(verified["reference"].as_str().unwrap()));
        let (_, second) = app.post("/api/v1/requests", &token, file(json!({ "email": "boris@example.com" }))).await;
        let second = second["id"].as_str().unwrap();
        app.post_empty(&format!("/api/v1/requests/{second}/code"), &token).await;
        let code = last_code(&app, &operator, "boris@example.com").await;
        let wrong = if code == "000000" { "000001" } else { "000000" };
        for _ in 0..5 {
            assert_eq!(app.post(&format!("/api/v1/requests/{second}/code/check"), &token, check(wrong)).await.0, 200);
        }
        let (status, locked) = app.post(&format!("/api/v1/requests/{second}/code/check"), &token, check(&code)).await;
        assert_eq!(status, 409, "{locked}");
        assert!(locked["detail"].as_str().unwrap().contains("too many wrong codes"), "{locked}");
        for sent in 2..=5 {
            let (status, body) = app.post_empty(&format!("/api/v1/requests/{second}/code"), &token).await;
            assert_eq!((status, body["codes_sent"].as_u64()), (200, Some(sent)), "{body}");
        }
        let (status, refused) = app.post_empty(&format!("/api/v1/requests/{second}/code"), &token).await;
        assert_eq!(status, 409, "{refused}");

        let (_, by_phone) = app.post("/api/v1/requests", &token, file(json!({ "phone": "+7 912 345-67-89" }))).await;
        let by_phone = by_phone["id"].as_str().unwrap();
        assert_eq!(app.post_empty(&format!("/api/v1/requests/{by_phone}/code"), &token).await.0, 422);
    }
}

#[tokio::test]
async fn the_log_is_filtered_by_status_counted_by_type_and_exported_as_a_register() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        let (_, token) = app.operator("kursy").await;
        let file = |request_type: &str, email: &str| {
            json!({ "type": request_type, "jurisdiction": "ru_152fz", "language": "ru", "channel": "paper",
                "received_at": (jiff::Timestamp::now() - jiff::SignedDuration::from_hours(30)).to_string(),
                "identities": { "email": email } })
        };
        let (_, access) = app.post("/api/v1/requests", &token, file("access", "a@example.com")).await;
        let (_, complaint) = app.post("/api/v1/requests", &token, file("complaint", "b@example.com")).await;
        let (_, erasure) = app.post("/api/v1/requests", &token, file("erasure", "c@example.com")).await;
        let verify = json!({ "method": "document", "note": "Passport seen" });
        let access_id = access["id"].as_str().unwrap();
        app.post(&format!("/api/v1/requests/{access_id}/verify"), &token, verify).await;
        let done = json!({ "note": "Sent by post" });
        assert_eq!(app.post(&format!("/api/v1/requests/{access_id}/complete"), &token, done).await.0, 200);
        let refuse = json!({ "note": "Identity not proven" });
        let complaint_id = complaint["id"].as_str().unwrap();
        assert_eq!(app.post(&format!("/api/v1/requests/{complaint_id}/refuse"), &token, refuse).await.0, 200);

        let (_, open) = app.get("/api/v1/requests?status=open", &token).await;
        let open: Vec<&str> = open.as_array().unwrap().iter().map(|r| r["reference"].as_str().unwrap()).collect();
        assert_eq!(open, [erasure["reference"].as_str().unwrap()], "{}", app.backend);
        let (_, refused) = app.get("/api/v1/requests?status=refused", &token).await;
        assert_eq!(refused[0]["id"], complaint["id"]);
        let (status, problem) = app.get("/api/v1/requests?status=done", &token).await;
        assert_eq!(status, 400, "{problem}");

        let (status, report) = app.get("/api/v1/requests/report", &token).await;
        assert_eq!((status, report["requests"].as_u64()), (200, Some(3)), "{report}");
        let figures =
            |kind: &str| report["types"].as_array().unwrap().iter().find(|t| t["type"] == kind).unwrap().clone();
        let access_figures = figures("access");
        assert_eq!((access_figures["completed"].as_u64(), access_figures["answered"].as_u64()), (Some(1), Some(1)));
        let median = access_figures["median_hours"].as_f64().unwrap();
        assert!((29.9..=30.5).contains(&median), "received 30 hours ago, answered now: {median}");
        assert_eq!((figures("erasure")["open"].as_u64(), figures("complaint")["refused"].as_u64()), (Some(1), Some(1)));

        let response = app.request(Method::GET, "/api/v1/requests/register", Some(&token)).send().await.unwrap();
        assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
        let register = response.text().await.unwrap();
        let lines: Vec<&str> = register.lines().collect();
        assert_eq!(lines.len(), 4, "{register}");
        assert!(lines[0].starts_with("reference,received_at,channel,type"));
        assert!(register.contains(",paper,access,ru_152fz,ru,email=a@example.com,completed,"), "{register}");
    }
}

#[tokio::test]
async fn a_scanned_letter_is_attached_checked_and_kept_with_its_digest() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        let (_, token) = app.operator("kursy").await;
        let body = json!({ "type": "access", "jurisdiction": "ru_152fz", "language": "ru", "channel": "paper",
            "identities": { "email": "anna@example.com" } });
        let (_, request) = app.post("/api/v1/requests", &token, body).await;
        let id = request["id"].as_str().unwrap();
        let upload = |name: &str, media_type: &str, bytes: Vec<u8>| {
            app.request(Method::POST, &format!("/api/v1/requests/{id}/attachments?name={name}"), Some(&token))
                .header("content-type", media_type)
                .body(bytes)
                .send()
        };
        let letter = b"%PDF-1.4\n% a scanned letter\n".to_vec();
        let (status, attached) = read(upload("letter.pdf", "application/pdf", letter.clone()).await.unwrap()).await;
        assert_eq!(status, 201, "{}: {attached}", app.backend);
        let digest = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(&letter));
        assert_eq!(attached["sha256"], digest);

        let (status, problem) = read(upload("run.exe", "application/pdf", b"MZ\x90\x00".to_vec()).await.unwrap()).await;
        assert_eq!(status, 415, "content that is not what it says: {problem}");
        let (status, _) = read(upload("a.txt", "text/plain", b"hello".to_vec()).await.unwrap()).await;
        assert_eq!(status, 415);
        let (status, _) = read(upload("..", "application/pdf", letter.clone()).await.unwrap()).await;
        assert_eq!(status, 400);
        let too_big = [b"%PDF-".as_slice(), &vec![b' '; 2 * 1024 * 1024]].concat();
        let (status, _) = read(upload("big.pdf", "application/pdf", too_big).await.unwrap()).await;
        assert_eq!(status, 413);

        let (_, shown) = app.get(&format!("/api/v1/requests/{id}"), &token).await;
        assert_eq!(shown["attachments"].as_array().unwrap().len(), 1, "{shown}");
        let file = attached["id"].as_str().unwrap();
        let url = format!("/api/v1/requests/{id}/attachments/{file}");
        let response = app.request(Method::GET, &url, Some(&token)).send().await.unwrap();
        assert_eq!(response.headers()["content-type"], "application/pdf");
        assert_eq!(response.bytes().await.unwrap().as_ref(), letter.as_slice());
        let (_, journal) = app.get("/api/v1/journal?limit=1000", &token).await;
        assert!(journal.to_string().contains(&digest), "the journal proves the file");
        let (_, other) = app.operator("other").await;
        let response = app.request(Method::GET, &url, Some(&other)).send().await.unwrap();
        assert_eq!(response.status(), 404);
    }
}

#[tokio::test]
async fn a_russian_letter_missing_its_required_items_is_paused_and_completion_asked_for() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        let (operator, token) = app.operator("kursy").await;
        let body = json!({ "type": "access", "jurisdiction": "ru_152fz", "language": "ru", "channel": "email",
            "identities": { "email": "anna@example.com" } });
        let (_, request) = app.post("/api/v1/requests", &token, body).await;
        let id = request["id"].as_str().unwrap();
        let clock_id = request["clock_id"].as_str().unwrap();
        let url = format!("/api/v1/requests/{id}/contents");

        let (status, checked) = app.post(&url, &token, json!({ "present": ["id_document"] })).await;
        assert_eq!(status, 200, "{}: {checked}", app.backend);
        assert_eq!(checked["missing"], json!(["relationship", "signature"]));
        assert_eq!(checked["clock_paused"], true);
        let (_, clock) = app.get(&format!("/api/v1/clocks/{clock_id}"), &token).await;
        assert_eq!(clock["state"], "paused", "{clock}");
        let outbox = app.db.list_outbox(&operator.id, None, 100).await.unwrap();
        let letter = outbox.iter().find(|m| m.topic == tutela_db::REQUEST_LETTER_TOPIC).expect("a letter is queued");
        assert_eq!(letter.destination, "anna@example.com");
        let text = letter.payload["body"].as_str().unwrap();
        assert!(text.contains("152-FZ art. 14(3)") && text.contains("подпись"), "in Russian: {text}");

        let (status, problem) = app.post(&url, &token, json!({ "present": ["selfie"] })).await;
        assert_eq!(status, 400, "{problem}");
        let all = json!({ "present": ["id_document", "relationship", "signature"] });
        let (_, complete) = app.post(&url, &token, all).await;
        assert_eq!((complete["missing"].as_array().map(Vec::len), &complete["clock_paused"]), (Some(0), &json!(false)));
        let (_, clock) = app.get(&format!("/api/v1/clocks/{clock_id}"), &token).await;
        assert_ne!(clock["state"], "paused", "the clock runs again: {clock}");

        let gdpr = json!({ "type": "access", "jurisdiction": "eu_gdpr", "calendar": "bg", "language": "en",
            "identities": { "email": "bob@example.com" } });
        let (_, other) = app.post("/api/v1/requests", &token, gdpr).await;
        let (status, _) = app
            .post(
                &format!("/api/v1/requests/{}/contents", other["id"].as_str().unwrap()),
                &token,
                json!({ "present": [] }),
            )
            .await;
        assert_eq!(status, 422, "the GDPR names no required contents");
    }
}
