//! The console and portal through HTTP, on the real server with a fresh database, on SQLite and
//! PostgreSQL: sign-in with its CSRF and rate limit, the dashboard, extending a clock through the
//! API's own code path, the journal, the languages, and the headers every page carries.

use std::net::SocketAddr;

use reqwest::{Client, StatusCode, redirect};
use tutela_core::clock::{Clock, ClockSpec, DueSoonPermille};
use tutela_core::journal::Actor;
use tutela_core::operator::{OperatorName, OperatorSlug};
use tutela_core::staff::{Password, Roles, StaffEmail};
use tutela_db::test_support::{self, TestDb};
use tutela_db::{Db, NewStaff, Operator};
use tutela_server::{ServerConfig, serve_with};

const PASSWORD: &str = "correct horse battery";

struct App {
    base: String,
    db: Db,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

async fn spawn(test_db: &TestDb) -> App {
    spawn_with(test_db, ServerConfig { run_scheduler: false, ..ServerConfig::default() }).await
}

async fn spawn_with(test_db: &TestDb, config: ServerConfig) -> App {
    let db = test_db.open().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(serve_with(db.clone(), listener, config, Some(tutela_web::pages), async move {
        let _ = rx.await;
    }));
    App { base: format!("http://{addr}"), db, _shutdown: tx }
}

async fn operator_with_staff(db: &Db, slug: &str, roles: &str) -> Operator {
    let actor = Actor::parse("system:test").unwrap();
    let operator = db
        .create_operator(&OperatorSlug::parse(slug).unwrap(), &OperatorName::parse("Kursy LLC").unwrap(), &actor)
        .await
        .unwrap();
    let member = NewStaff {
        email: StaffEmail::parse(&format!("{roles}@{slug}.example")).unwrap(),
        display_name: "Olga".into(),
        roles: Roles::parse_list(roles).unwrap(),
    };
    db.create_staff(&operator.id, &member, &Password::parse(PASSWORD).unwrap(), &actor).await.unwrap();
    operator
}

/// A breached `1 hours` clock (started two hours ago), moved to `breached` as the scheduler would.
async fn breached_clock(db: &Db, operator: &Operator) -> String {
    let start = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(2);
    let calendar = tutela_core::calendar::builtin("24x7").unwrap();
    let clock = Clock::start(
        start,
        "1 hours".parse().unwrap(),
        calendar,
        tutela_core::deadline::Roll::Off,
        DueSoonPermille::default(),
    )
    .unwrap();
    let spec =
        ClockSpec { kind: "request.access".into(), label: "Access request DSR-7".into(), subject_ref: None, clock };
    let record = db.start_clock(&operator.id, &spec, &Actor::parse("system:test").unwrap()).await.unwrap();
    db.process_due_clocks(jiff::Timestamp::now(), 100).await.unwrap();
    record.id
}

fn browser() -> Client {
    Client::builder().cookie_store(true).redirect(redirect::Policy::limited(5)).build().unwrap()
}

/// The hidden input `name`'s value in `html`.
fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker).unwrap_or_else(|| panic!("no hidden {name} in {html}")) + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

async fn sign_in(client: &Client, app: &App, slug: &str, email: &str, password: &str) -> (StatusCode, String) {
    let page = client.get(format!("{}/console/sign-in", app.base)).send().await.unwrap().text().await.unwrap();
    let token = hidden(&page, "form_token");
    let form = [("operator", slug), ("email", email), ("password", password), ("form_token", token.as_str())];
    let response = client.post(format!("{}/console/sign-in", app.base)).form(&form).send().await.unwrap();
    (response.status(), response.text().await.unwrap())
}

#[tokio::test]
async fn staff_sign_in_see_a_breached_clock_extend_it_and_find_the_journal_entry() {
    for test_db in test_support::all().await {
        let app = spawn(&test_db).await;
        let operator = operator_with_staff(&app.db, "kursy", "privacy_officer").await;
        let clock_id = breached_clock(&app.db, &operator).await;
        let client = browser();

        let response = client.get(format!("{}/console", app.base)).send().await.unwrap();
        assert!(response.url().path().ends_with("/console/sign-in"), "without a session the console asks to sign in");
        let (status, page) = sign_in(&client, &app, "kursy", "privacy_officer@kursy.example", "wrong password").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "{}", test_db.backend);
        assert!(page.contains("Unknown operator, e-mail address or password."), "{page}");

        let (status, dashboard) = sign_in(&client, &app, "kursy", "privacy_officer@kursy.example", PASSWORD).await;
        assert_eq!(status, StatusCode::OK, "{dashboard}");
        assert!(dashboard.contains("Access request DSR-7") && dashboard.contains("Breached"), "{dashboard}");
        assert!(dashboard.contains(&format!("/console/clocks/{clock_id}")));

        let clock_page = client.get(format!("{}/console/clocks/{clock_id}", app.base)).send().await.unwrap();
        let clock_page = clock_page.text().await.unwrap();
        let csrf = hidden(&clock_page, "csrf");
        let extend =
            [("by", "5 working days"), ("reason", "Complex request, reasoned notice sent"), ("csrf", "forged")];
        let refused =
            client.post(format!("{}/console/clocks/{clock_id}/extend", app.base)).form(&extend).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN, "a forged CSRF token is refused");
        let extend = [("by", "2 days"), ("reason", "Complex request, reasoned notice sent"), ("csrf", csrf.as_str())];
        let done =
            client.post(format!("{}/console/clocks/{clock_id}/extend", app.base)).form(&extend).send().await.unwrap();
        assert_eq!(done.status(), StatusCode::OK);
        let done = done.text().await.unwrap();
        assert!(done.contains("The deadline was extended"), "{done}");
        assert!(done.contains("Complex request, reasoned notice sent"), "the history shows the reason: {done}");

        let journal =
            client.get(format!("{}/console/journal?verify=true", app.base)).send().await.unwrap().text().await.unwrap();
        assert!(journal.contains("extend_clock") && journal.contains("The chain verifies"), "{journal}");

        let bad = [("by", "soon"), ("reason", "x"), ("csrf", csrf.as_str())];
        let bad =
            client.post(format!("{}/console/clocks/{clock_id}/extend", app.base)).form(&bad).send().await.unwrap();
        assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
        assert!(bad.text().await.unwrap().contains("class=\"error\""));
    }
}

#[tokio::test]
async fn a_viewer_cannot_extend_and_sign_in_is_rate_limited() {
    for test_db in test_support::all().await {
        let app = spawn(&test_db).await;
        let operator = operator_with_staff(&app.db, "shop", "viewer").await;
        let clock_id = breached_clock(&app.db, &operator).await;
        let client = browser();
        let (status, _) = sign_in(&client, &app, "shop", "viewer@shop.example", PASSWORD).await;
        assert_eq!(status, StatusCode::OK);
        let page =
            client.get(format!("{}/console/clocks/{clock_id}", app.base)).send().await.unwrap().text().await.unwrap();
        assert!(!page.contains("/extend\""), "a viewer is not offered the form");
        let form = [("by", "2 days"), ("reason", "because"), ("csrf", "x")];
        let refused =
            client.post(format!("{}/console/clocks/{clock_id}/extend", app.base)).form(&form).send().await.unwrap();
        assert_eq!(refused.status(), StatusCode::FORBIDDEN);
        assert!(refused.text().await.unwrap().contains("work_clocks"), "the page names the permission");

        let stranger = browser();
        let mut statuses = Vec::new();
        for _ in 0..7 {
            statuses.push(sign_in(&stranger, &app, "shop", "nobody@shop.example", "guess").await.0);
        }
        assert_eq!(statuses[..5], [StatusCode::UNAUTHORIZED; 5]);
        assert_eq!(statuses[5..], [StatusCode::TOO_MANY_REQUESTS; 2]);
    }
}

#[tokio::test]
async fn pages_speak_five_languages_and_carry_a_strict_policy() {
    for test_db in test_support::all().await {
        let app = spawn(&test_db).await;
        operator_with_staff(&app.db, "kursy", "admin").await;
        let client = browser();
        let home = client.get(format!("{}/?lang=ru", app.base)).send().await.unwrap();
        let policy = home.headers()["content-security-policy"].to_str().unwrap().to_owned();
        assert!(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'"), "{policy}");
        let home = home.text().await.unwrap();
        assert!(home.contains("<html lang=\"ru\">") && home.contains("Консоль сотрудников"), "{home}");
        let remembered = client.get(format!("{}/portal/kursy", app.base)).send().await.unwrap().text().await.unwrap();
        assert!(remembered.contains("<html lang=\"ru\">"), "the language chosen is remembered");
        for (tag, word) in
            [("zh-CN", "员工控制台"), ("bg", "Конзола за служители"), ("hi", "कर्मचारी कंसोल"), ("en", "Staff console")]
        {
            let page = client.get(format!("{}/?lang={tag}", app.base)).send().await.unwrap().text().await.unwrap();
            assert!(page.contains(word), "{tag}: {page}");
        }
        let api = client.get(format!("{}/api", app.base)).send().await.unwrap().text().await.unwrap();
        assert!(api.contains("/api/v1/clocks/{id}/extend") && api.contains("work_clocks"), "{api}");
        let script = client.get(format!("{}/static/htmx-2.0.11.min.js", app.base)).send().await.unwrap();
        assert_eq!(script.status(), StatusCode::OK);
        assert!(script.bytes().await.unwrap().len() > 40_000);
    }
}

#[tokio::test]
async fn staff_find_a_request_in_the_log_and_close_it() {
    for test_db in test_support::all().await {
        let app = spawn(&test_db).await;
        let operator = operator_with_staff(&app.db, "kursy", "agent").await;
        let received: jiff::Timestamp = "2025-12-30T13:00:00Z".parse().unwrap();
        let calendar = tutela_core::calendar::builtin("ru").unwrap();
        let clock = tutela_core::request::clock(
            tutela_core::request::Jurisdiction::Ru152fz,
            tutela_core::request::RequestType::Access,
            received,
            calendar,
            false,
            None,
        )
        .unwrap();
        let new = tutela_db::NewRequest {
            request_type: "access".into(),
            jurisdiction: "ru_152fz".into(),
            channel: "paper".into(),
            language: "ru".into(),
            subject_ref: None,
            identities: serde_json::json!({ "email": "anna@example.com" }),
            received_at: received,
            reference_prefix: "KUR".into(),
            clock: Some(clock),
        };
        let request = app.db.create_request(&operator.id, &new, &Actor::parse("system:test").unwrap()).await.unwrap();
        let client = browser();
        sign_in(&client, &app, "kursy", "agent@kursy.example", PASSWORD).await;
        let list = client.get(format!("{}/console/requests", app.base)).send().await.unwrap().text().await.unwrap();
        assert!(list.contains("KUR-2025-000001") && list.contains("Received"), "{}: {list}", test_db.backend);
        let page = client.get(format!("{}/console/requests/{}", app.base, request.id)).send().await.unwrap();
        let page = page.text().await.unwrap();
        assert!(page.contains("152-FZ"), "the rule and its article are shown: {page}");
        let csrf = hidden(&page, "csrf");
        let form = [("outcome", "completed"), ("note", "Answer sent by post"), ("csrf", csrf.as_str())];
        let url = format!("{}/console/requests/{}/close", app.base, request.id);
        let early = client.post(&url).form(&form).send().await.unwrap();
        assert_eq!(early.status(), StatusCode::CONFLICT, "an access request is answered only once verified");
        assert!(early.text().await.unwrap().contains("verify the requester"));
        let verify = [("method", "document"), ("note", "Passport seen"), ("csrf", csrf.as_str())];
        let verify_url = format!("{}/console/requests/{}/verify", app.base, request.id);
        let verified = client.post(&verify_url).form(&verify).send().await.unwrap().text().await.unwrap();
        assert!(verified.contains("The requester&#39;s identity is verified."), "{verified}");
        assert!(verified.contains("identity verified (document): Passport seen"), "the history shows how");
        let done = client.post(&url).form(&form).send().await.unwrap().text().await.unwrap();
        assert!(done.contains("The request is completed") && done.contains("Answer sent by post"), "{done}");
        let again = client.post(&url).form(&form).send().await.unwrap();
        assert_eq!(again.status(), StatusCode::CONFLICT, "a closed request is not closed again");
        let clock = app.db.clock(&operator.id, request.clock_id.as_deref().unwrap()).await.unwrap();
        assert!(matches!(clock.state, tutela_core::clock::ClockState::Met | tutela_core::clock::ClockState::MetLate));
    }
}

#[tokio::test]
async fn the_portal_form_needs_its_token_and_a_law_to_file_under() {
    for test_db in test_support::all().await {
        let app = spawn(&test_db).await;
        operator_with_staff(&app.db, "shop", "admin").await;
        let client = Client::new();
        let form = client.get(format!("{}/portal/shop/requests/new", app.base)).send().await.unwrap();
        let set_cookie = form.headers()["set-cookie"].to_str().unwrap().to_owned();
        assert!(set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Strict"), "{set_cookie}");
        let pair = set_cookie.split(';').next().unwrap().to_owned();
        let token = hidden(&form.text().await.unwrap(), "form_token");
        let post = |token: String| {
            let fields =
                [("type", "erasure".to_owned()), ("email", "anna@example.com".to_owned()), ("form_token", token)];
            client.post(format!("{}/portal/shop/requests", app.base)).header("cookie", &pair).form(&fields).send()
        };
        let response = post("forged".into()).await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "a forged form token: {}", test_db.backend);
        let response = post(token).await.unwrap();
        assert_eq!(response.status(), StatusCode::CONFLICT, "no data map, no law to file under");
        assert!(response.text().await.unwrap().contains("does not take requests through this portal"));
        let missing = client.get(format!("{}/portal/nobody/requests/new", app.base)).send().await.unwrap();
        assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn the_request_log_pages_back_to_the_oldest() {
    for test_db in test_support::all().await {
        let app = spawn(&test_db).await;
        let operator = operator_with_staff(&app.db, "kursy", "agent").await;
        let actor = Actor::parse("system:test").unwrap();
        let start: jiff::Timestamp = "2025-06-01T09:00:00Z".parse().unwrap();
        for minute in 0..101 {
            let new = tutela_db::NewRequest {
                request_type: "access".into(),
                jurisdiction: "ru_152fz".into(),
                channel: "api".into(),
                language: "ru".into(),
                subject_ref: None,
                identities: serde_json::json!({ "email": format!("anna.{minute}@example.com") }),
                received_at: start + jiff::SignedDuration::from_mins(minute),
                reference_prefix: "KUR".into(),
                clock: None,
            };
            app.db.create_request(&operator.id, &new, &actor).await.unwrap();
        }
        let client = browser();
        sign_in(&client, &app, "kursy", "agent@kursy.example", PASSWORD).await;
        let first = client.get(format!("{}/console/requests", app.base)).send().await.unwrap().text().await.unwrap();
        assert!(first.contains("KUR-2025-000101") && !first.contains("KUR-2025-000001<"), "{}", test_db.backend);
        let older = first.split("href=\"/console/requests?after=").nth(1).unwrap().split('"').next().unwrap();
        let second = client.get(format!("{}/console/requests?after={older}", app.base)).send().await.unwrap();
        let second = second.text().await.unwrap();
        assert!(second.contains("KUR-2025-000001<") && !second.contains("Older requests"), "{second}");
    }
}

/// The portal form's cookie (`name=value`) a response sets.
fn form_cookie(headers: &reqwest::header::HeaderMap) -> String {
    let all = headers.get_all("set-cookie").iter().filter_map(|value| value.to_str().ok());
    let cookie = all.into_iter().find(|c| c.starts_with("tutela_portal_form=")).expect("the form cookie");
    cookie.split(';').next().unwrap().to_owned()
}

#[tokio::test]
async fn a_subject_files_a_request_in_the_portal_and_confirms_it_with_the_emailed_code() {
    for test_db in test_support::all().await {
        // E-mail is configured but the scheduler is off: the code waits in the outbox, where the
        // test reads it as the subject's mailbox would receive it.
        let from = tutela_server::email::SmtpConfig::parse_sender("tutela@kursy.example").unwrap();
        let smtp = tutela_server::email::SmtpConfig::new("smtp://127.0.0.1:1", from).unwrap();
        let scheduler = tutela_server::scheduler::SchedulerConfig { smtp: Some(smtp), ..Default::default() };
        let app =
            spawn_with(&test_db, ServerConfig { run_scheduler: false, scheduler, ..ServerConfig::default() }).await;
        let operator = operator_with_staff(&app.db, "kursy", "admin").await;
        let map =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/kursy/datamap.yaml")).unwrap();
        let actor = Actor::parse("system:test").unwrap();
        tutela_server::datamaps::apply(&app.db, &operator.id, vec![("datamap.yaml".into(), map)], &actor)
            .await
            .unwrap();

        let client = Client::new();
        let form = client.get(format!("{}/portal/kursy/requests/new?lang=en", app.base)).send().await.unwrap();
        let pair = form_cookie(form.headers());
        let token = hidden(&form.text().await.unwrap(), "form_token");
        let fields = [("type", "access"), ("email", "anna@example.com"), ("form_token", token.as_str())];
        let filed =
            client.post(format!("{}/portal/kursy/requests", app.base)).header("cookie", &pair).form(&fields).send();
        let filed = filed.await.unwrap();
        assert_eq!(filed.status(), StatusCode::CREATED, "{}", test_db.backend);
        let pair = form_cookie(filed.headers());
        let page = filed.text().await.unwrap();
        assert!(page.contains("The code we e-mailed to you"), "{page}");
        let token = hidden(&page, "form_token");
        let reference = page.split("/requests/").nth(1).and_then(|rest| rest.split('/').next()).unwrap().to_owned();
        assert!(reference.starts_with("KUR-"), "{reference}");

        let messages = app.db.list_outbox(&operator.id, None, 100).await.unwrap();
        let code = messages.iter().find(|m| m.topic == tutela_db::REQUEST_CODE_TOPIC).unwrap().payload["code"]
            .as_str()
            .unwrap()
            .to_owned();
        let wrong = if code == "000000" { "000001" } else { "000000" };
        let url = format!("{}/portal/kursy/requests/{reference}/verify", app.base);
        let response =
            client.post(&url).header("cookie", &pair).form(&[("code", wrong), ("form_token", &token)]).send();
        let response = response.await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let pair = form_cookie(response.headers());
        let page = response.text().await.unwrap();
        assert!(page.contains("You may try 4 more times"), "{page}");
        let token = hidden(&page, "form_token");
        let response =
            client.post(&url).header("cookie", &pair).form(&[("code", code.as_str()), ("form_token", &token)]);
        let response = response.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert!(response.text().await.unwrap().contains("your e-mail address is confirmed"));
        let request = app.db.request(&operator.id, &reference).await.unwrap();
        assert_eq!(request.status, "verified");

        // Staff see in the outbox that the code went out, never its digits.
        let staff = browser();
        sign_in(&staff, &app, "kursy", "admin@kursy.example", PASSWORD).await;
        let outbox = staff.get(format!("{}/console/outbox", app.base)).send().await.unwrap().text().await.unwrap();
        assert!(outbox.contains("request.code") && outbox.contains("anna@example.com"), "{outbox}");
        assert!(!outbox.contains(&code), "the code's digits are hidden");
    }
}

#[tokio::test]
async fn staff_pause_and_resume_a_clock_from_its_page() {
    for test_db in test_support::all().await {
        let app = spawn(&test_db).await;
        let operator = operator_with_staff(&app.db, "kursy", "agent").await;
        let clock_id = breached_clock(&app.db, &operator).await;
        let client = browser();
        sign_in(&client, &app, "kursy", "agent@kursy.example", PASSWORD).await;
        let page = client.get(format!("{}/console/clocks/{clock_id}", app.base)).send().await.unwrap();
        let page = page.text().await.unwrap();
        assert!(page.contains("Pause the clock"), "{page}");
        let csrf = hidden(&page, "csrf");
        let paused = client.post(format!("{}/console/clocks/{clock_id}/pause", app.base)).form(&[("csrf", &csrf)]);
        let paused = paused.send().await.unwrap().text().await.unwrap();
        assert!(
            paused.contains("The clock is paused") && paused.contains("Resume the clock"),
            "{}: {paused}",
            test_db.backend
        );
        let record = app.db.clock(&operator.id, &clock_id).await.unwrap();
        assert!(record.clock.paused_since().is_some());
        let forged = client.post(format!("{}/console/clocks/{clock_id}/resume", app.base)).form(&[("csrf", "forged")]);
        assert_eq!(forged.send().await.unwrap().status(), StatusCode::FORBIDDEN);
        let resumed = client.post(format!("{}/console/clocks/{clock_id}/resume", app.base)).form(&[("csrf", &csrf)]);
        let resumed = resumed.send().await.unwrap().text().await.unwrap();
        assert!(resumed.contains("The clock runs again"), "{resumed}");
        let unknown = client.post(format!("{}/console/clocks/{clock_id}/stop", app.base)).form(&[("csrf", &csrf)]);
        assert_eq!(unknown.send().await.unwrap().status(), StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn staff_look_up_a_subject_read_the_data_map_and_issue_and_revoke_a_token() {
    for test_db in test_support::all().await {
        let app = spawn(&test_db).await;
        let operator = operator_with_staff(&app.db, "kursy", "admin").await;
        let actor = Actor::parse("system:test").unwrap();
        let map = include_str!("../../../demo/kursy/datamap.yaml");
        let sources = vec![(std::path::PathBuf::from("datamap.yaml"), map.to_owned())];
        tutela_server::datamaps::apply(&app.db, &operator.id, sources, &actor).await.unwrap();
        app.db.add_webhook(&operator.id, "https://hooks.kursy.example/tutela", &actor).await.unwrap();
        let client = browser();
        let (status, _) = sign_in(&client, &app, "kursy", "admin@kursy.example", PASSWORD).await;
        assert_eq!(status, StatusCode::OK, "{}", test_db.backend);

        let get = |path: &str| client.get(format!("{}{path}", app.base)).send();
        let datamap = get("/console/datamap").await.unwrap().text().await.unwrap();
        assert!(
            datamap.contains("The first version.") && datamap.contains("/public/kursy/datamap/notice"),
            "{datamap}"
        );

        let unknown = get("/console/subjects?subject=student-404").await.unwrap();
        assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
        assert!(unknown.text().await.unwrap().contains("has no record in the consent ledger"));
        let bad = get("/console/subjects?subject=anna%40mail.example").await.unwrap();
        assert_eq!(bad.status(), StatusCode::BAD_REQUEST, "an address is not a subject reference");
        let capture = tutela_db::consent::LedgerWrite {
            operator_id: operator.id.clone(),
            actor: actor.clone(),
            notices: vec![],
            records: vec![tutela_db::consent::NewRecord {
                subject: tutela_core::subject::SubjectRef::parse("student-16").unwrap(),
                at: None,
                body: tutela_core::consent::RecordBody::Consent(tutela_core::consent::ConsentEvent::choice(
                    tutela_core::consent::PurposeId::parse("newsletter").unwrap(),
                    tutela_core::consent::ConsentState::Given,
                    tutela_core::consent::Method::Portal,
                    tutela_core::consent::Channel::Web,
                )),
            }],
            destruction: None,
            receipt_to: None,
        };
        app.db.write_ledger(&[capture]).await.pop().unwrap().unwrap();
        let found = get("/console/subjects?subject=student-16").await.unwrap().text().await.unwrap();
        assert!(found.contains("<code>newsletter</code>") && found.contains("Decisions now"), "{found}");
        assert!(found.contains("<code>site_analytics</code>"), "a decision for every purpose of the map");
        assert!(found.contains("Proof: every record below still matches"), "the proof is intact: {found}");

        let outbox = get("/console/outbox").await.unwrap().text().await.unwrap();
        assert!(outbox.contains("https://hooks.kursy.example/tutela"), "{outbox}");

        let staff = get("/console/staff").await.unwrap().text().await.unwrap();
        assert!(staff.contains("admin@kursy.example") && staff.contains("Issue a token"), "{staff}");
        let csrf = hidden(&staff, "csrf");
        let form = format!("name=CRM+export&role=viewer&role=agent&expires_in_days=30&csrf={csrf}");
        let issue = |body: String| {
            client
                .post(format!("{}/console/tokens", app.base))
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
        };
        let issued = issue(form).await.unwrap();
        assert_eq!(issued.status(), StatusCode::CREATED);
        let issued = issued.text().await.unwrap();
        assert!(issued.contains("Token “CRM export” issued") && issued.contains("tut_"), "{issued}");
        let tokens = app.db.list_tokens(&operator.id, None, 100).await.unwrap();
        let token = tokens.iter().find(|t| t.name == "CRM export").unwrap();
        assert_eq!(token.roles.to_list(), "agent,viewer");
        let days = issue(format!("name=x&role=viewer&expires_in_days=soon&csrf={csrf}")).await.unwrap();
        assert_eq!(days.status(), StatusCode::BAD_REQUEST);
        let forged = issue("name=x&role=admin&csrf=forged".to_owned()).await.unwrap();
        assert_eq!(forged.status(), StatusCode::FORBIDDEN);

        let revoke = client
            .post(format!("{}/console/tokens/{}/revoke", app.base, token.id))
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap();
        assert!(revoke.status().is_success());
        let tokens = app.db.list_tokens(&operator.id, None, 100).await.unwrap();
        assert!(tokens.iter().find(|t| t.id == token.id).unwrap().revoked_at.is_some());
    }
}
