//! Journeys through the HTTP API, against the real server on a random port with a fresh database,
//! on SQLite and on PostgreSQL.

mod common;

use common::{PASSWORD, TestApp, read};
use reqwest::Method;
use serde_json::json;
use tutela_db::test_support;

#[tokio::test]
async fn health_metrics_and_openapi_are_served() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        let health = app.client.get(format!("{}/healthz", app.base)).send().await.unwrap();
        assert_eq!(health.status(), 200);
        assert_eq!(health.text().await.unwrap(), "ok");
        let spec: serde_json::Value =
            app.client.get(format!("{}/api/openapi.json", app.base)).send().await.unwrap().json().await.unwrap();
        assert_eq!(spec["openapi"], "3.1.0");
        assert!(spec["paths"]["/api/v1/clocks/{id}/extend"]["post"].is_object());
        let metrics = app.client.get(format!("{}/metrics", app.base)).send().await.unwrap().text().await.unwrap();
        assert!(metrics.contains("tutela_http_requests_total"), "{metrics}");
        let (status, body) = read(app.client.get(format!("{}/nowhere", app.base)).send().await.unwrap()).await;
        assert_eq!((status, body["detail"].as_str().unwrap()), (404, "no route for GET /nowhere"));
    }
}

#[tokio::test]
async fn callers_must_authenticate() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        app.operator("alpha").await;
        let (status, body) = read(app.request(Method::GET, "/api/v1/clocks", None).send().await.unwrap()).await;
        assert_eq!(status, 401, "{}", app.backend);
        assert!(body["detail"].as_str().unwrap().contains("missing Authorization header"));
        let (status, _) = app.get("/api/v1/clocks", "tut_forged").await;
        assert_eq!(status, 401);
        let (status, body) = read(
            app.request(Method::GET, "/api/v1/me", None).header("authorization", "Basic abc").send().await.unwrap(),
        )
        .await;
        assert_eq!(status, 401);
        assert!(body["detail"].as_str().unwrap().contains("expected 'Bearer <token>'"));
    }
}

#[tokio::test]
async fn staff_sign_in_with_a_password() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        app.operator("alpha").await;
        let login = |email: &str, password: &str| {
            app.request(Method::POST, "/api/v1/auth/login", None)
                .json(&json!({"operator": "alpha", "email": email, "password": password}))
                .send()
        };
        let (status, body) = read(login("admin@alpha.example", "wrong password").await.unwrap()).await;
        assert_eq!((status, body["detail"].as_str().unwrap()), (401, "unknown operator, e-mail or password"));
        let (status, body) = read(login("ADMIN@alpha.example", PASSWORD).await.unwrap()).await;
        assert_eq!(status, 200, "{}: {body}", app.backend);
        let token = body["token"].as_str().unwrap();
        let (status, me) = app.get("/api/v1/me", token).await;
        assert_eq!(status, 200);
        assert_eq!(me["operator"], "alpha");
        assert_eq!(me["roles"], json!(["admin"]));
        assert!(me["staff_id"].is_string());
        // The sign-in is journaled with the member as actor.
        let (_, entries) = app.get("/api/v1/journal", token).await;
        assert!(
            entries
                .as_array()
                .unwrap()
                .iter()
                .any(|e| e["action"] == "sign_in" && e["actor"].as_str().unwrap().starts_with("staff:"))
        );
    }
}

#[tokio::test]
async fn no_request_reads_or_changes_another_operators_data() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        let (_, alpha) = app.operator("alpha").await;
        let (_, beta) = app.operator("beta").await;
        let start = json!({"kind": "request.access", "label": "A's request", "calendar": "eu", "duration": "1 month"});
        let (status, clock) = app.post("/api/v1/clocks", &alpha, start).await;
        assert_eq!(status, 201, "{clock}");
        let id = clock["id"].as_str().unwrap();

        for path in [format!("/api/v1/clocks/{id}")] {
            assert_eq!(app.get(&path, &beta).await.0, 404, "{}: GET {path}", app.backend);
        }
        for action in ["pause", "resume", "complete"] {
            let (status, _) = app.post_empty(&format!("/api/v1/clocks/{id}/{action}"), &beta).await;
            assert_eq!(status, 404, "{}: {action} on another operator's clock", app.backend);
        }
        let (status, _) =
            app.post(&format!("/api/v1/clocks/{id}/extend"), &beta, json!({"by": "2 months", "reason": "x"})).await;
        assert_eq!(status, 404);
        assert_eq!(app.get("/api/v1/clocks", &beta).await.1, json!([]));
        let (_, beta_journal) = app.get("/api/v1/journal", &beta).await;
        assert!(
            beta_journal.as_array().unwrap().iter().all(|e| e["object_id"] != id),
            "beta's journal does not show alpha's clock"
        );
        let (_, alpha_tokens) = app.get("/api/v1/tokens", &alpha).await;
        let alpha_token_id = alpha_tokens[0]["id"].as_str().unwrap();
        let (status, _) = read(
            app.request(Method::DELETE, &format!("/api/v1/tokens/{alpha_token_id}"), Some(&beta)).send().await.unwrap(),
        )
        .await;
        assert_eq!(status, 404, "beta cannot revoke alpha's token");
        // alpha's clock is untouched.
        let (_, mine) = app.get(&format!("/api/v1/clocks/{id}"), &alpha).await;
        assert_eq!(mine["state"], "running");
        assert_eq!(mine["history"], json!([]));
    }
}

#[tokio::test]
async fn roles_limit_what_a_caller_may_do() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        let (op, admin) = app.operator("alpha").await;
        let viewer = app.token(&op, "viewer").await;
        let agent = app.token(&op, "agent").await;
        let start =
            json!({"kind": "ticket.onsite", "label": "On-site visit", "calendar": "24x7", "duration": "8 hours"});
        let (status, body) = app.post("/api/v1/clocks", &viewer, start.clone()).await;
        assert_eq!(status, 403, "{}", app.backend);
        assert_eq!(
            body["detail"],
            "roles [viewer] do not allow this: it needs work_clocks (roles: admin, privacy_officer, agent)"
        );
        assert_eq!(app.post("/api/v1/clocks", &agent, start).await.0, 201);
        assert_eq!(app.get("/api/v1/clocks", &viewer).await.0, 200);
        assert_eq!(app.post("/api/v1/tokens", &agent, json!({"name": "x", "roles": ["agent"]})).await.0, 403);
        let (status, body) = app.post("/api/v1/webhooks", &agent, json!({"url": "http://127.0.0.1:9/hook"})).await;
        assert_eq!(status, 403, "{body}");
        // An admin may issue a token, and it carries the roles asked for.
        let (status, issued) = app
            .post("/api/v1/tokens", &admin, json!({"name": "crm", "roles": ["viewer"], "expires_in_days": 30}))
            .await;
        assert_eq!(status, 201, "{issued}");
        let (_, me) = app.get("/api/v1/me", issued["secret"].as_str().unwrap()).await;
        assert_eq!(me["roles"], json!(["viewer"]));
        let (status, _) = app.post("/api/v1/staff", &admin, json!({"email": "olga@alpha.example", "display_name": "Olga", "roles": ["agent"], "password": "long enough"})).await;
        assert_eq!(status, 201);
        let (status, body) = app.post("/api/v1/staff", &admin, json!({"email": "olga@alpha.example", "display_name": "Olga", "roles": ["agent"], "password": "long enough"})).await;
        assert_eq!(status, 409, "{body}");
        let (status, body) = app.post("/api/v1/staff", &admin, json!({"email": "ivan@alpha.example", "display_name": "Ivan", "roles": ["boss"], "password": "long enough"})).await;
        assert_eq!(
            (status, body["detail"].as_str().unwrap()),
            (400, "unknown role \"boss\": expected admin, privacy_officer, agent or viewer")
        );
    }
}

#[tokio::test]
async fn a_clock_runs_its_whole_life_and_every_step_is_journaled() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        let (_, token) = app.operator("kursy").await;
        let start = json!({
            "kind": "request.access", "label": "Access request (152-FZ art. 14)", "calendar": "ru",
            "duration": "10 working days", "start": "2025-10-28T11:00:00+03:00", "subject_ref": "subject-17"
        });
        let (status, clock) = app.post("/api/v1/clocks", &token, start).await;
        assert_eq!(status, 201, "{}: {clock}", app.backend);
        assert_eq!(clock["due"], "2025-11-12T23:59:59+03:00");
        assert_eq!(clock["due_date"], "2025-11-12");
        assert_eq!(clock["state"], "breached", "a 2025 deadline is long past");
        let id = clock["id"].as_str().unwrap().to_owned();

        let (status, extended) = app
            .post(
                &format!("/api/v1/clocks/{id}/extend"),
                &token,
                json!({"by": "5 working days", "reason": "Reasoned notice sent to the subject (art. 20(2))"}),
            )
            .await;
        assert_eq!(status, 200, "{extended}");
        assert_eq!(extended["due_date"], "2025-11-19");
        let (status, _) = app.post_empty(&format!("/api/v1/clocks/{id}/pause"), &token).await;
        assert_eq!(status, 200);
        let (status, twice) = app.post_empty(&format!("/api/v1/clocks/{id}/pause"), &token).await;
        assert_eq!(status, 409, "{twice}");
        let (status, _) = app.post_empty(&format!("/api/v1/clocks/{id}/resume"), &token).await;
        assert_eq!(status, 200);
        let (status, done) = app.post_empty(&format!("/api/v1/clocks/{id}/complete"), &token).await;
        assert_eq!((status, done["state"].as_str().unwrap()), (200, "met_late"));
        let (status, _) = app.post_empty(&format!("/api/v1/clocks/{id}/pause"), &token).await;
        assert_eq!(status, 409, "a completed clock cannot be paused");

        let (_, entries) = app.get("/api/v1/journal?limit=1000", &token).await;
        let clock_actions: Vec<&str> = entries
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["object_id"] == id.as_str())
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert_eq!(clock_actions, ["start_clock", "extend_clock", "pause_clock", "resume_clock", "complete_clock"]);
        let (_, verification) = app.get("/api/v1/journal/verify", &token).await;
        assert_eq!(verification["valid"], true, "{verification}");

        let export = app.request(Method::GET, "/api/v1/journal/export", Some(&token)).send().await.unwrap();
        assert_eq!(export.headers()["content-type"], "application/x-ndjson");
        let text = export.text().await.unwrap();
        let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), entries.as_array().unwrap().len());
        assert_eq!(lines[0]["seq"], 1);
    }
}

#[tokio::test]
async fn deadlines_are_computed_on_builtin_and_own_calendars() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        let (_, token) = app.operator("pumpcare").await;
        let ask = |calendar: &str, duration: &str| json!({"calendar": calendar, "start": "2025-09-30T10:00:00+08:00", "duration": duration});
        let (status, due) = app.post("/api/v1/deadlines", &token, ask("cn", "3 working days")).await;
        assert_eq!(status, 200, "{due}");
        // 1-8 Oct 2025 are off in China; 11 Oct (Saturday) is a make-up working day.
        assert_eq!(due["due_date"], "2025-10-11", "{due}");

        let factory = "id = \"factory\"\nextends = \"cn\"\n\n[[day]]\ndate = \"2025-10-09\"\nkind = \"holiday\"\nname = \"Factory maintenance\"\n";
        let (status, body) = read(
            app.request(Method::PUT, "/api/v1/calendars/factory", Some(&token))
                .json(&json!({"definition": factory}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, 200, "{body}");
        let (_, due) = app.post("/api/v1/deadlines", &token, ask("factory", "3 working days")).await;
        assert_eq!(due["due_date"], "2025-10-13", "the factory's own day off is skipped: {due}");
        let (_, list) = app.get("/api/v1/calendars", &token).await;
        assert!(list.as_array().unwrap().iter().any(|c| c["id"] == "factory" && c["origin"] == "operator"));

        let broken =
            "id = \"factory\"\nextends = \"cn\"\n[[day]]\ndate = \"2025-02-30\"\nkind = \"holiday\"\nname = \"x\"\n";
        let (status, body) = read(
            app.request(Method::PUT, "/api/v1/calendars/factory", Some(&token))
                .json(&json!({"definition": broken}))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, 400);
        assert!(body["detail"].as_str().unwrap().contains("2025-02-30"), "{body}");
    }
}

#[tokio::test]
async fn bad_input_gets_a_problem_that_names_it() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        let (_, token) = app.operator("alpha").await;
        let deadline = |calendar: &str, start: &str, duration: &str| json!({"calendar": calendar, "start": start, "duration": duration});
        let cases = [
            (deadline("mars", "2025-10-28T11:00:00+03:00", "1 day"), "unknown calendar \"mars\""),
            (
                deadline("ru", "2025-13-28T11:00:00+03:00", "1 day"),
                "start \"2025-13-28T11:00:00+03:00\" is not an RFC 3339 instant",
            ),
            (deadline("ru", "2025-10-28T11:00:00", "1 day"), "is not an RFC 3339 instant with offset"),
            (deadline("ru", "2025-10-28T11:00:00+03:00", "-3 days"), "duration:"),
            (deadline("ru", "2025-10-28T11:00:00+03:00", "10 fortnights"), "unknown duration unit \"fortnights\""),
        ];
        for (body, expected) in cases {
            let (status, problem) = app.post("/api/v1/deadlines", &token, body.clone()).await;
            assert_eq!(status, 400, "{}: {body}", app.backend);
            assert!(problem["detail"].as_str().unwrap().contains(expected), "{problem} should contain {expected}");
        }
        let (status, problem) = app.post("/api/v1/deadlines", &token, json!({"calendar": "ru"})).await;
        assert_eq!(status, 400);
        assert!(problem["detail"].as_str().unwrap().contains("missing field `start`"), "{problem}");
        let (status, problem) = app
            .post(
                "/api/v1/deadlines",
                &token,
                json!({"calendar": "ru", "start": "x", "duration": "1 day", "colour": 1}),
            )
            .await;
        assert_eq!(status, 400);
        assert!(problem["detail"].as_str().unwrap().contains("unknown field `colour`"), "{problem}");
        let (status, _) = read(
            app.request(Method::POST, "/api/v1/deadlines", Some(&token))
                .header("content-type", "application/json")
                .body("{not json")
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, 400);
        let (status, _) = read(
            app.request(Method::POST, "/api/v1/deadlines", Some(&token)).body("calendar=ru").send().await.unwrap(),
        )
        .await;
        assert_eq!(status, 415);
        let huge = format!("{{\"definition\": \"{}\"}}", "x".repeat(2 * 1024 * 1024));
        let response = app
            .request(Method::PUT, "/api/v1/calendars/big", Some(&token))
            .header("content-type", "application/json")
            .body(huge)
            .send()
            .await
            .unwrap();
        let (status, problem) = read(response).await;
        assert_eq!(status, 413);
        assert!(problem["detail"].as_str().unwrap().contains("larger than 1048576 bytes"), "{problem}");
        let (status, problem) = app.get("/api/v1/clocks?state=sleeping", &token).await;
        assert_eq!(
            (status, problem["detail"].as_str().unwrap()),
            (400, "unknown state \"sleeping\": expected running, paused, due_soon, breached, met or met_late")
        );
        let (status, problem) = app
            .post(
                "/api/v1/clocks",
                &token,
                json!({"kind": "Access Request", "label": "x", "calendar": "ru", "duration": "1 day"}),
            )
            .await;
        assert_eq!(status, 400);
        assert!(problem["detail"].as_str().unwrap().starts_with("invalid kind"), "{problem}");
        let (status, problem) = app.post("/api/v1/webhooks", &token, json!({"url": "ftp://example.org/x"})).await;
        assert_eq!(status, 400, "{problem}");
    }
}

#[tokio::test]
async fn email_recipients_are_configured_per_operator() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        let backend = app.backend;
        let (alpha_op, alpha) = app.operator("alpha").await;
        let (_, beta) = app.operator("beta").await;
        let path = "/api/v1/email-recipients";

        let (status, added) = app.post(path, &alpha, json!({"address": " DPO@Alpha.Example "})).await;
        assert_eq!(status, 201, "{backend}: {added}");
        assert_eq!(added["address"], "dpo@alpha.example", "{backend}: stored lower-cased");
        let id = added["id"].as_str().unwrap().to_owned();
        let (status, listed) = app.get(path, &alpha).await;
        assert_eq!((status, listed), (200, json!([added])), "{backend}");

        let (status, problem) = app.post(path, &alpha, json!({"address": "dpo@ALPHA.example"})).await;
        assert_eq!(status, 409, "{backend}: {problem}");
        assert!(problem["detail"].as_str().unwrap().contains("dpo@alpha.example"), "{problem}");
        for bad in ["not an address", "dpo@localhost", "dpo@alpha..example", ""] {
            let (status, problem) = app.post(path, &alpha, json!({"address": bad})).await;
            assert_eq!(status, 400, "{backend}: {bad:?} {problem}");
            assert_eq!(problem["detail"], format!("invalid e-mail address {bad:?}"), "{backend}");
        }
        let (status, problem) =
            app.post(path, &alpha, json!({"address": format!("{}@x.example", "a".repeat(300))})).await;
        assert_eq!(status, 400, "{backend}: {problem}");
        assert_eq!(problem["detail"], "e-mail address is longer than 254 bytes");

        // Only callers who may configure see or change recipients.
        let viewer = app.token(&alpha_op, "viewer").await;
        assert_eq!(app.get(path, &viewer).await.0, 403, "{backend}");
        assert_eq!(app.post(path, &viewer, json!({"address": "x@alpha.example"})).await.0, 403, "{backend}");

        // Another operator neither sees nor removes them.
        assert_eq!(app.get(path, &beta).await, (200, json!([])), "{backend}");
        let delete = |token: &str| app.request(Method::DELETE, &format!("{path}/{id}"), Some(token)).send();
        let (status, problem) = read(delete(&beta).await.unwrap()).await;
        assert_eq!(status, 404, "{backend}: {problem}");
        assert_eq!(app.get(path, &alpha).await.1.as_array().unwrap().len(), 1, "{backend}: still there");

        let (status, body) = read(delete(&alpha).await.unwrap()).await;
        assert_eq!((status, body), (204, serde_json::Value::Null), "{backend}");
        assert_eq!(app.get(path, &alpha).await.1, json!([]), "{backend}");
        assert_eq!(read(delete(&alpha).await.unwrap()).await.0, 404, "{backend}: already removed");

        // Both changes are journaled.
        let (_, entries) = app.get("/api/v1/journal", &alpha).await;
        let actions: Vec<&str> = entries.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        assert!(actions.contains(&"put_email_recipient") && actions.contains(&"remove_email_recipient"), "{actions:?}");
    }
}

/// Follows `Link: <...>; rel="next"` headers from `first` to the end; returns each page's items.
async fn follow_pages(app: &TestApp, token: &str, first: &str) -> Vec<Vec<serde_json::Value>> {
    let mut pages = Vec::new();
    let mut next = Some(first.to_owned());
    while let Some(path) = next.take() {
        let response = app.request(Method::GET, &path, Some(token)).send().await.unwrap();
        next = response.headers().get("link").map(|link| {
            let link = link.to_str().unwrap();
            assert!(link.ends_with(">; rel=\"next\""), "{link}");
            link.trim_start_matches('<').split('>').next().unwrap().to_owned()
        });
        let (status, body) = read(response).await;
        assert_eq!(status, 200, "{path}: {body}");
        pages.push(body.as_array().unwrap().clone());
        assert!(pages.len() < 20, "paging does not end");
    }
    pages
}

#[tokio::test]
async fn every_list_pages_with_after_and_refuses_a_limit_out_of_range() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        let (op, token) = app.operator("alpha").await;
        for index in 0..5 {
            let start = json!({"kind": "ticket.onsite", "label": format!("Visit {index}"), "calendar": "24x7",
                "duration": format!("{} hours", index + 1)});
            assert_eq!(app.post("/api/v1/clocks", &token, start).await.0, 201);
        }
        let pages = follow_pages(&app, &token, "/api/v1/clocks?limit=2").await;
        let sizes: Vec<usize> = pages.iter().map(Vec::len).collect();
        assert_eq!(sizes, [2, 2, 1], "{}", app.backend);
        let labels: Vec<&str> = pages.iter().flatten().map(|c| c["label"].as_str().unwrap()).collect();
        assert_eq!(labels, ["Visit 0", "Visit 1", "Visit 2", "Visit 3", "Visit 4"], "soonest due first, none twice");
        let running = follow_pages(&app, &token, "/api/v1/clocks?limit=4&state=running").await;
        assert_eq!(running.iter().map(Vec::len).sum::<usize>(), 5, "the filter is kept across pages");

        for _ in 0..3 {
            app.token(&op, "viewer").await;
        }
        let tokens = follow_pages(&app, &token, "/api/v1/tokens?limit=2").await;
        assert_eq!(tokens.iter().map(Vec::len).sum::<usize>(), 4);
        let staff = follow_pages(&app, &token, "/api/v1/staff?limit=1").await;
        assert_eq!(staff.iter().map(Vec::len).sum::<usize>(), 1);
        let journal = follow_pages(&app, &token, "/api/v1/journal?limit=3").await;
        let seqs: Vec<u64> = journal.iter().flatten().map(|e| e["seq"].as_u64().unwrap()).collect();
        assert_eq!(seqs, (1..=seqs.len() as u64).collect::<Vec<_>>(), "the journal pages without gaps or repeats");
        assert!(seqs.len() > 5);

        for path in ["/api/v1/clocks", "/api/v1/journal", "/api/v1/outbox", "/api/v1/staff", "/api/v1/tokens"] {
            for limit in ["0", "1001", "99999999"] {
                let (status, problem) = app.get(&format!("{path}?limit={limit}"), &token).await;
                assert_eq!(status, 400, "{path}?limit={limit}: {problem}");
                assert!(problem["detail"].as_str().unwrap().contains("ask for 1 to 1000 items"), "{problem}");
            }
        }
        let (status, problem) = app.get("/api/v1/datamap/versions?limit=501", &token).await;
        assert_eq!(
            (status, problem["detail"].as_str().unwrap()),
            (400, "limit: 501 is out of range; ask for 1 to 500 items")
        );
        let (status, problem) = app.get("/api/v1/clocks?after=no-such-clock", &token).await;
        assert_eq!(status, 400, "{problem}");
        assert!(problem["detail"].as_str().unwrap().starts_with("after: no clock \"no-such-clock\""), "{problem}");
    }
}

#[tokio::test]
async fn password_guessing_through_the_api_is_limited() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        app.operator("alpha").await;
        let guess = json!({"operator": "alpha", "email": "admin@alpha.example", "password": "guess"});
        let mut statuses = Vec::new();
        for _ in 0..7 {
            let response = app.request(Method::POST, "/api/v1/auth/login", None).json(&guess).send().await.unwrap();
            statuses.push(read(response).await.0);
        }
        assert_eq!(statuses, [401, 401, 401, 401, 401, 429, 429], "{}", app.backend);
    }
}
