//! The subject's portal pages through HTTP, on the real server with a fresh database, on SQLite
//! and PostgreSQL: signing in with a code (an unknown address is told the same and sent nothing),
//! the consents page, withdrawal with its receipt, objection, and what a subject may not do: use
//! a forged form, reach another subject's record, or carry a session to another operator's portal.

use std::net::SocketAddr;

use reqwest::{Client, StatusCode, redirect};
use tutela_core::consent::{Channel, ConsentEvent, ConsentState, Method, PurposeId, RecordBody};
use tutela_core::journal::Actor;
use tutela_core::operator::{OperatorName, OperatorSlug};
use tutela_core::subject::{SubjectEmail, SubjectRef};
use tutela_db::consent::{LedgerWrite, NewRecord};
use tutela_db::test_support::{self, TestDb};
use tutela_db::{Db, Operator};
use tutela_server::{ServerConfig, serve_with};

const KURSY_MAP: &str = include_str!("../../../demo/kursy/datamap.yaml");
const SOLARMAX_MAP: &str = include_str!("../../../demo/solarmax/datamap.yaml");

struct App {
    base: String,
    db: Db,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

async fn spawn(test_db: &TestDb) -> App {
    let db = test_db.open().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let config = ServerConfig { run_scheduler: false, ..ServerConfig::default() };
    tokio::spawn(serve_with(db.clone(), listener, config, Some(tutela_web::pages), async move {
        let _ = rx.await;
    }));
    App { base: format!("http://{addr}"), db, _shutdown: tx }
}

/// An operator with `map` applied and a subject `subject` who signs in as `email` and has given
/// consent to `purposes`.
async fn operator_with_subject(
    db: &Db,
    slug: &str,
    map: &str,
    subject: &str,
    email: &str,
    purposes: &[&str],
) -> Operator {
    let actor = Actor::parse("system:test").unwrap();
    let operator = db
        .create_operator(&OperatorSlug::parse(slug).unwrap(), &OperatorName::parse("Kursy LLC").unwrap(), &actor)
        .await
        .unwrap();
    let sources = vec![(std::path::PathBuf::from("datamap.yaml"), map.to_owned())];
    tutela_server::datamaps::apply(db, &operator.id, sources, &actor).await.unwrap();
    let subject = SubjectRef::parse(subject).unwrap();
    let digest = SubjectEmail::parse(email).unwrap().lookup_digest(operator.id.as_str());
    db.put_subject_contact(&operator.id, &subject, digest.as_str(), &actor).await.unwrap();
    let records = purposes
        .iter()
        .map(|purpose| {
            let event = ConsentEvent::choice(
                PurposeId::parse(purpose).unwrap(),
                ConsentState::Given,
                Method::Portal,
                Channel::Web,
            );
            NewRecord { subject: subject.clone(), at: None, body: RecordBody::Consent(event) }
        })
        .collect();
    let write = LedgerWrite {
        operator_id: operator.id.clone(),
        actor,
        notices: vec![],
        records,
        destruction: None,
        receipt_to: None,
    };
    db.write_ledger(&[write]).await.pop().unwrap().unwrap();
    operator
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

/// Asks for a code for `email` at `slug`'s portal; the page and its status.
async fn ask_code(client: &Client, app: &App, slug: &str, email: &str) -> (StatusCode, String) {
    let page = client.get(format!("{}/portal/{slug}/sign-in", app.base)).send().await.unwrap().text().await.unwrap();
    let token = hidden(&page, "form_token");
    let form = [("email", email), ("form_token", token.as_str())];
    let response = client.post(format!("{}/portal/{slug}/sign-in", app.base)).form(&form).send().await.unwrap();
    (response.status(), response.text().await.unwrap())
}

async fn enter_code(client: &Client, app: &App, slug: &str, page: &str, code: &str) -> reqwest::Response {
    let form =
        [("email", hidden(page, "email")), ("code", code.to_owned()), ("form_token", hidden(page, "form_token"))];
    client.post(format!("{}/portal/{slug}/sign-in", app.base)).form(&form).send().await.unwrap()
}

async fn newest_code(db: &Db, operator: &Operator) -> String {
    let outbox = db.list_outbox(&operator.id, None, 1).await.unwrap();
    assert_eq!(outbox[0].topic, tutela_db::PORTAL_CODE_TOPIC);
    outbox[0].payload["code"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_subject_signs_in_with_a_code_withdraws_a_consent_and_objects() {
    for test_db in test_support::all().await {
        let app = spawn(&test_db).await;
        let kursy = operator_with_subject(
            &app.db,
            "kursy",
            KURSY_MAP,
            "student-16",
            "daria.16@mail.example",
            &["newsletter", "site_registration"],
        )
        .await;
        let client = browser();
        let me = client.get(format!("{}/portal/kursy/me", app.base)).send().await.unwrap();
        assert!(me.url().path().ends_with("/portal/kursy/sign-in"), "without a session the portal asks to sign in");

        // An unknown address is told the same, and nothing is sent.
        let (status, unknown) = ask_code(&client, &app, "kursy", "nobody@mail.example").await;
        assert_eq!(status, StatusCode::OK, "{}", test_db.backend);
        assert!(unknown.contains("we have sent a code"), "{unknown}");
        assert!(app.db.list_outbox(&kursy.id, None, 10).await.unwrap().is_empty());
        let (status, malformed) = ask_code(&client, &app, "kursy", "not an address").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(malformed.contains("invalid e-mail address"), "{malformed}");

        let (_, code_page) = ask_code(&client, &app, "kursy", "Daria.16@Mail.example").await;
        let code = newest_code(&app.db, &kursy).await;
        let wrong = if code == "000000" { "111111" } else { "000000" };
        let refused = enter_code(&client, &app, "kursy", &code_page, wrong).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let retry = refused.text().await.unwrap();
        assert!(retry.contains("That code is not right"), "{retry}");
        let signed_in = enter_code(&client, &app, "kursy", &retry, &code).await;
        assert_eq!(signed_in.status(), StatusCode::OK);
        assert!(signed_in.url().path().ends_with("/portal/kursy/me"));
        let page = signed_in.text().await.unwrap();
        assert!(
            page.contains("Your consents at Kursy LLC") && page.matches(">Withdraw</button>").count() == 2,
            "{page}"
        );

        // A forged form and another subject's reference change nothing.
        let csrf = hidden(&page, "csrf");
        let forged = [("subject", "student-16"), ("purpose", "newsletter"), ("csrf", "forged")];
        let response =
            client.post(format!("{}/portal/kursy/me/withdraw", app.base)).form(&forged).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::FORBIDDEN);
        let other = [("subject", "student-17"), ("purpose", "newsletter"), ("csrf", csrf.as_str())];
        let response = client.post(format!("{}/portal/kursy/me/withdraw", app.base)).form(&other).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        let ledger = app.db.ledger_history(&kursy.id, &SubjectRef::parse("student-16").unwrap(), None).await.unwrap();
        assert_eq!(ledger.len(), 2, "nothing was recorded");

        let withdraw = [("subject", "student-16"), ("purpose", "newsletter"), ("csrf", csrf.as_str())];
        let receipt =
            client.post(format!("{}/portal/kursy/me/withdraw", app.base)).form(&withdraw).send().await.unwrap();
        assert!(receipt.url().path().contains("/portal/kursy/me/receipts/"));
        let receipt_path = receipt.url().path().to_owned();
        let receipt = receipt.text().await.unwrap();
        assert!(receipt.contains("Your consent is withdrawn") && receipt.contains("Withdrawn"), "{receipt}");
        let subject = SubjectRef::parse("student-16").unwrap();
        let state = app.db.subject_state(&kursy.id, &subject).await.unwrap().unwrap();
        let newsletter = state.purposes.get(&PurposeId::parse("newsletter").unwrap()).unwrap();
        assert_eq!(newsletter.consent.as_ref().unwrap().state, ConsentState::Withdrawn);
        let journal = app.db.journal_page(&kursy.id, 0, 1000).await.unwrap();
        let by_subject = journal.iter().filter(|e| e.actor.as_str() == "subject:student-16").count();
        assert!(by_subject >= 1, "the withdrawal is journaled as the subject's own");
        let json = client.get(format!("{}{receipt_path}/kantara.json", app.base)).send().await.unwrap();
        assert_eq!(json.status(), StatusCode::OK);
        let json: serde_json::Value = json.json().await.unwrap();
        assert_eq!(json["piiPrincipalId"], "student-16");

        // Kursy's map has no purpose an objection applies to but consent ones: objecting to a
        // purpose on a contract is refused with the reason.
        let object = [("subject", "student-16"), ("purpose", "course_enrolment"), ("csrf", csrf.as_str())];
        let response = client.post(format!("{}/portal/kursy/me/object", app.base)).form(&object).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(response.text().await.unwrap().contains("contract"));

        // The session is kursy's: another operator's portal and its records are out of reach.
        let solarmax =
            operator_with_subject(&app.db, "solarmax", SOLARMAX_MAP, "end-user-1", "tess@post.example", &["marketing"])
                .await;
        let elsewhere = client.get(format!("{}/portal/solarmax/me", app.base)).send().await.unwrap();
        assert!(elsewhere.url().path().ends_with("/portal/solarmax/sign-in"));
        let theirs =
            app.db.ledger_history(&solarmax.id, &SubjectRef::parse("end-user-1").unwrap(), None).await.unwrap();
        let path = format!("{}/portal/kursy/me/receipts/{}", app.base, theirs[0].record.id);
        assert_eq!(client.get(path).send().await.unwrap().status(), StatusCode::NOT_FOUND);

        let sign_out = [("csrf", csrf.as_str())];
        client.post(format!("{}/portal/kursy/sign-out", app.base)).form(&sign_out).send().await.unwrap();
        let me = client.get(format!("{}/portal/kursy/me", app.base)).send().await.unwrap();
        assert!(me.url().path().ends_with("/portal/kursy/sign-in"), "signed out");
    }
}

#[tokio::test]
async fn a_subject_objects_to_processing_on_legitimate_interest() {
    for test_db in test_support::all().await {
        let app = spawn(&test_db).await;
        let solarmax =
            operator_with_subject(&app.db, "solarmax", SOLARMAX_MAP, "end-user-1", "tess@post.example", &["marketing"])
                .await;
        let client = browser();
        let (_, code_page) = ask_code(&client, &app, "solarmax", "tess@post.example").await;
        let code = newest_code(&app.db, &solarmax).await;
        let page = enter_code(&client, &app, "solarmax", &code_page, &code).await.text().await.unwrap();
        assert!(page.contains("Object to processing") && page.contains(">Object</button>"), "{page}");
        let csrf = hidden(&page, "csrf");
        let object = [("subject", "end-user-1"), ("purpose", "device_diagnostics"), ("csrf", csrf.as_str())];
        let done = client.post(format!("{}/portal/solarmax/me/object", app.base)).form(&object).send().await.unwrap();
        assert_eq!(done.status(), StatusCode::OK, "{}", test_db.backend);
        let page = done.text().await.unwrap();
        assert!(page.contains("Your objection is recorded.") && page.contains("You objected on"), "{page}");
    }
}

#[tokio::test]
async fn the_portal_publishes_the_terms_of_consents_to_distribution_without_names() {
    use tutela_core::consent::{DistributionItem, DistributionTerms, Label};
    for test_db in test_support::all().await {
        let app = spawn(&test_db).await;
        let kursy = operator_with_subject(&app.db, "kursy", KURSY_MAP, "16", "daria.16@mail.example", &[]).await;
        let empty =
            reqwest::get(format!("{}/portal/kursy/distribution", app.base)).await.unwrap().text().await.unwrap();
        assert!(empty.contains("No consent to distribution is in force."), "{}: {empty}", test_db.backend);

        let label = |name: &'static str, text: &str| Label::parse(name, text).unwrap();
        let terms = DistributionTerms {
            subject_name: label("subject_name", "Дарья Смирнова"),
            subject_contact: label("subject_contact", "daria.16@mail.example"),
            items: vec![DistributionItem {
                item: label("item", "photo"),
                prohibit_transfer: true,
                prohibit_processing: false,
                conditions: Some(label("conditions", "only on the course page")),
            }],
            resources: vec![label("resource", "https://kursy.example/graduates")],
        };
        let purpose = PurposeId::parse("site_registration").unwrap();
        let mut event = ConsentEvent::choice(purpose, ConsentState::Given, Method::Portal, Channel::Web);
        event.distribution = Some(terms);
        let record =
            NewRecord { subject: SubjectRef::parse("16").unwrap(), at: None, body: RecordBody::Consent(event) };
        let write = LedgerWrite {
            operator_id: kursy.id.clone(),
            actor: Actor::parse("system:test").unwrap(),
            notices: vec![],
            records: vec![record],
            destruction: None,
            receipt_to: None,
        };
        app.db.write_ledger(&[write]).await.pop().unwrap().unwrap();
        let page = reqwest::get(format!("{}/portal/kursy/distribution?lang=en", app.base))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("photo") && page.contains("only on the course page"), "{page}");
        assert!(page.contains("Transfer to an unlimited circle of persons is forbidden"), "{page}");
        assert!(page.contains("https://kursy.example/graduates"), "{page}");
        assert!(!page.contains("Дарья") && !page.contains("daria.16@mail.example"), "no name or contact is published");
    }
}
