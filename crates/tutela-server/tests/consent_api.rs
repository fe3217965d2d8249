//! Journeys through the consent ledger's API on SQLite and PostgreSQL: capture, decide, withdraw
//! (with the destruction clock), GPC, minors, distribution, objections, IAB strings, proof,
//! receipts, batch decisions, export, suppression, and bad input answered with named 4xx problems.

mod common;

use common::{TestApp, read};
use reqwest::Method;
use serde_json::{Value, json};
use tutela_db::test_support;

const DATAMAP: &str = r#"
version: 1
operator:
  legal_name: Shop Test LLC
  country: RU
  address: 190000, St Petersburg, Test Street 1
  contact: { email: privacy@shop.example, url: "https://shop.example/privacy" }
  jurisdictions: [ru_152fz, eu_gdpr]
purposes:
  - id: newsletter
    description: News about new courses by e-mail
    legal_basis: { kind: consent, articles: { ru_152fz: "art. 6(1)(1)", eu_gdpr: "art. 6(1)(a)" } }
    retention: [until_consent_withdrawn]
    actions: [collect, store, use]
  - id: ads
    description: Targeted advertising with a partner
    legal_basis: { kind: consent, articles: { ru_152fz: "art. 6(1)(1)", eu_gdpr: "art. 6(1)(a)" } }
    retention: 1 year
    actions: [collect, store, transfer]
  - id: reviews
    description: Publishing reviews with the author's photo
    legal_basis: { kind: consent, articles: { ru_152fz: "art. 6(1)(1)", eu_gdpr: "art. 6(1)(a)" } }
    retention: [until_consent_withdrawn]
    actions: [collect, store, use]
  - id: billing
    description: Billing under the contract
    legal_basis: { kind: contract, articles: { ru_152fz: "art. 6(1)(5)", eu_gdpr: "art. 6(1)(b)" } }
    retention: 5 years after contract_ended
    actions: [collect, store]
  - id: fraud_checks
    description: Checking orders for fraud
    legal_basis: { kind: legitimate_interest, articles: { ru_152fz: "art. 6(1)(7)", eu_gdpr: "art. 6(1)(f)" } }
    retention: 1 year
    actions: [collect, store, use]
recipients:
  - id: ad_partner
    name: Ad Partner
    kind: third_party
    country: RU
    data_categories: [contact.email]
    purposes: [ads]
"#;

const NOTICE: &str = "Я согласен получать новости о курсах. I agree to receive news about courses.";
/// The example TC string of the IAB TCF spec: purposes 1, 3, 9 and 10 consented.
const TC_STRING: &str =
    "CLcVDxRMWfGmWAVAHCENAXCkAKDAADnAABRgA5mdfCKZuYJez-NQm0TBMYA4oCAAGQYIAAAAAAEAIAEgAA.argAC0gAAAAAAAAAAAA";

async fn setup(app: &TestApp) -> String {
    let (_, token) = app.operator("shop").await;
    app.apply_map(&token, DATAMAP).await;
    token
}

fn capture(subject: &str, choices: Value) -> Value {
    json!({
        "subject": subject,
        "choices": choices,
        "method": { "kind": "form_button", "form": "course signup", "button": "Записаться" },
        "channel": "web",
        "notice_text": NOTICE,
        "language": "ru",
        "ip": "192.0.2.7",
        "user_agent": "Mozilla/5.0 (test)",
    })
}

async fn decide(app: &TestApp, token: &str, subject: &str, purpose: &str) -> (u16, Value) {
    app.get(&format!("/api/v1/decision?subject={subject}&purpose={purpose}"), token).await
}

#[tokio::test]
async fn capture_decide_withdraw_and_the_destruction_clock() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        let token = setup(&app).await;
        let choices = json!([{ "purpose": "newsletter", "state": "given" }, { "purpose": "ads", "state": "given" }]);
        let (status, body) = app.post("/api/v1/consents", &token, capture("cust-1", choices)).await;
        assert_eq!(status, 201, "{}: {body}", app.backend);
        assert_eq!(body["records"].as_array().unwrap().len(), 2);
        assert_eq!(body["receipts"].as_array().unwrap().len(), 2);
        let newsletter_record = body["records"][0]["id"].as_str().unwrap().to_owned();

        let (status, decision) = decide(&app, &token, "cust-1", "newsletter").await;
        assert_eq!(status, 200, "{decision}");
        assert_eq!(decision["allowed"], true);
        assert_eq!(decision["basis"], "consent");
        assert_eq!(decision["record_id"], newsletter_record.as_str());
        let (_, billing) = decide(&app, &token, "cust-1", "billing").await;
        assert_eq!((billing["allowed"].clone(), billing["basis"].clone()), (json!(true), json!("contract")));
        assert_eq!(billing["record_id"], Value::Null, "another basis than consent rests on no record");

        // Withdrawing one purpose leaves another consent: no destruction clock.
        let (status, withdrawn) =
            app.post("/api/v1/subjects/cust-1/withdraw", &token, json!({ "purposes": ["newsletter"] })).await;
        assert_eq!(status, 201, "{withdrawn}");
        assert_eq!(withdrawn["destruction_clock_id"], Value::Null);
        let (_, decision) = decide(&app, &token, "cust-1", "newsletter").await;
        assert_eq!((decision["allowed"].clone(), decision["reason"].clone()), (json!(false), json!("withdrawn")));
        assert_eq!(decision["record_id"], withdrawn["records"][0]["id"]);

        // Withdrawing everything leaves no basis: the 30-day clock of 152-FZ art. 21(5) starts.
        let (status, withdrawn) = app.post("/api/v1/subjects/cust-1/withdraw", &token, json!({})).await;
        assert_eq!(status, 201, "{withdrawn}");
        let clock_id = withdrawn["destruction_clock_id"].as_str().expect("a destruction clock").to_owned();
        let (_, clock) = app.get(&format!("/api/v1/clocks/{clock_id}"), &token).await;
        assert_eq!(
            (clock["kind"].as_str(), clock["duration"].as_str()),
            (Some("consent.destruction"), Some("30 days"))
        );
        assert_eq!((clock["subject_ref"].as_str(), clock["calendar"].as_str()), (Some("cust-1"), Some("ru")));
        let (status, again) = app.post("/api/v1/subjects/cust-1/withdraw", &token, json!({})).await;
        assert_eq!(status, 409, "nothing left to withdraw: {again}");

        // A withdrawal that names another basis still in use starts no clock.
        let choices = json!([{ "purpose": "newsletter", "state": "given" }]);
        app.post("/api/v1/consents", &token, capture("cust-2", choices)).await;
        let body = json!({ "retained_on": ["contract"] });
        let (_, withdrawn) = app.post("/api/v1/subjects/cust-2/withdraw", &token, body).await;
        assert_eq!(withdrawn["destruction_clock_id"], Value::Null);

        let (_, journal) = app.get("/api/v1/journal?limit=1000", &token).await;
        let actions: Vec<&str> = journal.as_array().unwrap().iter().map(|e| e["action"].as_str().unwrap()).collect();
        for action in ["put_consent_notice", "record_consent", "start_clock"] {
            assert!(actions.contains(&action), "{action} in {actions:?}");
        }
        assert!(!journal.to_string().contains("192.0.2.7"), "no address in the journal");
        let (status, verified) = app.get("/api/v1/journal/verify", &token).await;
        assert_eq!(status, 200, "{verified}");
    }
}

#[tokio::test]
async fn sec_gpc_opts_out_of_selling_purposes_until_a_later_consent() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        let token = setup(&app).await;
        let gpc: Value =
            app.client.get(format!("{}/.well-known/gpc.json", app.base)).send().await.unwrap().json().await.unwrap();
        assert_eq!(gpc["gpc"], true);
        assert!(gpc["lastUpdate"].is_string());

        let choices = json!([{ "purpose": "newsletter", "state": "given" }, { "purpose": "ads", "state": "given" }]);
        let request = app.request(Method::POST, "/api/v1/consents", Some(&token)).header("Sec-GPC", "1");
        let (status, body) = read(request.json(&capture("cust-1", choices)).send().await.unwrap()).await;
        assert_eq!(status, 201, "{}: {body}", app.backend);
        assert_eq!(body["gpc_recorded"], true);
        assert_eq!(body["records"][0]["kind"], "signal", "the opt-out is recorded as such");
        let (_, ads) = decide(&app, &token, "cust-1", "ads").await;
        assert_eq!((ads["allowed"].clone(), ads["reason"].clone()), (json!(false), json!("gpc")));
        assert_eq!(ads["record_id"], body["records"][0]["id"]);
        let (_, newsletter) = decide(&app, &token, "cust-1", "newsletter").await;
        assert_eq!(newsletter["allowed"], true, "GPC covers selling and sharing only: {newsletter}");

        // The subject later confirms the sale without GPC (Cal. Code Regs. tit. 11 §7025(c)(3)).
        let choices = json!([{ "purpose": "ads", "state": "given" }]);
        let (status, _) = app.post("/api/v1/consents", &token, capture("cust-1", choices)).await;
        assert_eq!(status, 201);
        let (_, ads) = decide(&app, &token, "cust-1", "ads").await;
        assert_eq!(ads["allowed"], true, "{ads}");
    }
}

#[tokio::test]
async fn a_minor_is_blocked_until_a_guardian_consents() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        let token = setup(&app).await;
        let choices = json!([{ "purpose": "newsletter", "state": "given" }]);
        app.post("/api/v1/consents", &token, capture("kid-1", choices.clone())).await;
        let age = json!({ "jurisdiction": "bg", "age_years": 13 });
        let (status, body) =
            read(app.request(Method::PUT, "/api/v1/subjects/kid-1/age", Some(&token)).json(&age).send().await.unwrap())
                .await;
        assert_eq!(status, 201, "{}: {body}", app.backend);
        let kinds: Vec<&str> =
            body["records"].as_array().unwrap().iter().map(|r| r["kind"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["age", "block"]);
        let (_, newsletter) = decide(&app, &token, "kid-1", "newsletter").await;
        assert_eq!(newsletter["reason"], "blocked");
        let (_, billing) = decide(&app, &token, "kid-1", "billing").await;
        assert_eq!(billing["reason"], "blocked", "a block stops every purpose");
        let (_, subject) = app.get("/api/v1/subjects/kid-1", &token).await;
        assert_eq!(subject["blocked"]["reason"], "minor_without_guardian_consent");
        assert_eq!(subject["minor"], true);

        let mut guardian = capture("kid-1", choices);
        guardian["guardian_ref"] = json!("parent-1");
        let (status, body) = app.post("/api/v1/consents", &token, guardian).await;
        assert_eq!(status, 201, "{body}");
        assert_eq!(body["records"][1]["kind"], "unblock");
        let (_, newsletter) = decide(&app, &token, "kid-1", "newsletter").await;
        assert_eq!(newsletter["allowed"], true, "{newsletter}");

        // An adult over 14 in Bulgaria is not a minor; in India 17 is.
        let adult = json!({ "jurisdiction": "in", "birth_date": "2000-01-01" });
        let (status, body) = read(
            app.request(Method::PUT, "/api/v1/subjects/adult-1/age", Some(&token)).json(&adult).send().await.unwrap(),
        )
        .await;
        assert_eq!((status, body["records"].as_array().unwrap().len()), (201, 1), "{body}");
    }
}

#[tokio::test]
async fn distribution_consent_is_enforced_per_data_item() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        let token = setup(&app).await;
        let distribution = json!({
            "subject_name": "Иванов Иван Иванович",
            "subject_contact": "+7 900 000-00-00",
            "items": [
                { "item": "photo", "prohibit_transfer": true, "conditions": "only next to the review" },
                { "item": "name" },
            ],
            "resources": ["https://shop.example/reviews"],
        });
        let no_term = json!([{ "purpose": "reviews", "state": "given", "distribution": distribution }]);
        let (status, problem) = app.post("/api/v1/consents", &token, capture("cust-1", no_term)).await;
        assert_eq!(status, 400, "{}: {problem}", app.backend);
        assert!(problem["detail"].as_str().unwrap().contains("term"), "{problem}");

        let choices =
            json!([{ "purpose": "reviews", "state": "given", "expiry": "1 year", "distribution": distribution }]);
        let (status, body) = app.post("/api/v1/consents", &token, capture("cust-1", choices)).await;
        assert_eq!(status, 201, "{body}");
        assert!(body["records"][0]["expires_at"].is_string());
        let (_, photo) = app.get("/api/v1/decision?subject=cust-1&purpose=reviews&data_item=photo", &token).await;
        assert_eq!(photo["allowed"], true, "{photo}");
        assert_eq!(photo["distribution"]["conditions"], "only next to the review");
        let (_, transfer) =
            app.get("/api/v1/decision?subject=cust-1&purpose=reviews&data_item=photo&use=transfer", &token).await;
        assert_eq!(transfer["reason"], "distribution_prohibited");
        let (_, phone) = app.get("/api/v1/decision?subject=cust-1&purpose=reviews&data_item=phone", &token).await;
        assert_eq!(phone["reason"], "not_in_distribution_consent");
        let (_, record) =
            app.get(&format!("/api/v1/consents/records/{}", body["records"][0]["id"].as_str().unwrap()), &token).await;
        assert_eq!(record["record"]["distribution"]["subject_name"], "Иванов Иван Иванович");
        let (_, journal) = app.get("/api/v1/journal?limit=1000", &token).await;
        assert!(!journal.to_string().contains("Иванов"), "names stay out of the journal");
        let published = app.client.get(format!("{}/public/shop/distribution", app.base)).send().await.unwrap();
        let (status, published) = read(published).await;
        assert_eq!(status, 200, "published without sign-in: {published}");
        assert_eq!(published["published"][0]["items"][0]["conditions"], "only next to the review");
        assert_eq!(published["published"][0]["resources"][0], "https://shop.example/reviews");
        assert!(!published.to_string().contains("Иванов"), "the subject's name is not published");
        let (status, _) =
            read(app.client.get(format!("{}/public/nobody/distribution", app.base)).send().await.unwrap()).await;
        assert_eq!(status, 404);
    }
}

#[tokio::test]
async fn objections_iab_strings_and_suppression() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        let token = setup(&app).await;
        let choices = json!([{ "purpose": "newsletter", "state": "given" }]);
        app.post("/api/v1/consents", &token, capture("cust-1", choices)).await;
        let (status, body) =
            app.post("/api/v1/subjects/cust-1/objections", &token, json!({ "purpose": "fraud_checks" })).await;
        assert_eq!(status, 201, "{}: {body}", app.backend);
        let (_, fraud) = decide(&app, &token, "cust-1", "fraud_checks").await;
        assert_eq!((fraud["allowed"].clone(), fraud["reason"].clone()), (json!(false), json!("objection")));
        let (status, problem) =
            app.post("/api/v1/subjects/cust-1/objections", &token, json!({ "purpose": "billing" })).await;
        assert_eq!(status, 422, "an objection does not stop contract processing: {problem}");

        // The spec's TC string consents to purposes 1, 3, 9 and 10.
        let signal = json!({ "string": TC_STRING, "purposes": { "ads": [1, 3], "newsletter": [1, 2] } });
        let (status, body) = app.post("/api/v1/subjects/cust-2/signals", &token, signal).await;
        assert_eq!(status, 201, "{body}");
        let (_, ads) = decide(&app, &token, "cust-2", "ads").await;
        assert_eq!(ads["allowed"], true, "{ads}");
        let (_, newsletter) = decide(&app, &token, "cust-2", "newsletter").await;
        assert_eq!(newsletter["reason"], "refused");
        let (_, record) =
            app.get(&format!("/api/v1/consents/records/{}", newsletter["record_id"].as_str().unwrap()), &token).await;
        assert_eq!(record["record"]["method"]["kind"], "iab_signal");
        // A GPP string whose US Privacy section opts out of sale.
        let gpp = json!({ "string": "DBACNYA~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA~1YYN" });
        let (status, body) = app.post("/api/v1/subjects/cust-2/signals", &token, gpp).await;
        assert_eq!((status, body["gpc_recorded"].clone()), (201, json!(true)), "{body}");
        let (_, ads) = decide(&app, &token, "cust-2", "ads").await;
        assert_eq!(ads["reason"], "gpc");
        for bad in ["CLcVDxRMWfGm+VAVAHCE", "DBABzw~1Y--~", "not a consent string"] {
            let (status, problem) = app.post("/api/v1/subjects/cust-2/signals", &token, json!({ "string": bad })).await;
            assert_eq!(status, 422, "{bad}: {problem}");
        }

        let (_, suppressed) = app.get("/api/v1/consents/suppressed?purpose=newsletter", &token).await;
        assert_eq!(suppressed["subjects"], json!(["cust-2"]), "{suppressed}");
    }
}

#[tokio::test]
async fn proof_shows_history_notice_and_journal_and_receipts_are_served() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        let token = setup(&app).await;
        let choices = json!([{ "purpose": "newsletter", "state": "given" }]);
        let (_, body) = app.post("/api/v1/consents", &token, capture("cust-1", choices)).await;
        let record_id = body["records"][0]["id"].as_str().unwrap().to_owned();
        app.post("/api/v1/subjects/cust-1/withdraw", &token, json!({})).await;

        let (status, proof) = app.get("/api/v1/subjects/cust-1/proof?purpose=newsletter", &token).await;
        assert_eq!(status, 200, "{}: {proof}", app.backend);
        assert_eq!(proof["intact"], true, "{proof}");
        assert_eq!(proof["records"].as_array().unwrap().len(), 2);
        assert_eq!(proof["records"][0]["record"]["state"], "given");
        assert_eq!(proof["records"][1]["record"]["state"], "withdrawn");
        assert_eq!(proof["notices"][0]["text"], NOTICE);
        let entry = &proof["records"][0]["journal"];
        assert_eq!(entry["details"]["record_sha256"], proof["records"][0]["stored_sha256"]);
        assert_eq!(proof["decision"]["reason"], "withdrawn");

        let receipt_url = format!("/api/v1/consents/records/{record_id}/receipt");
        let (status, kantara) = app.get(&receipt_url, &token).await;
        assert_eq!(status, 200, "{kantara}");
        assert_eq!(kantara["version"], "KI-CR-v1.1.0");
        assert_eq!(kantara["consentReceiptID"], record_id.as_str());
        assert_eq!(kantara["piiPrincipalId"], "cust-1");
        assert_eq!(kantara["piiControllers"][0]["piiController"], "Shop Test LLC");
        assert_eq!(kantara["services"][0]["purposes"][0]["purpose"], "News about new courses by e-mail");
        assert_eq!(kantara["collectionMethod"], "form_button: course signup / Записаться");
        let (_, iso) = app.get(&format!("{receipt_url}?format=iso27560"), &token).await;
        assert_eq!(iso["record"]["record_id"], record_id.as_str());
        assert_eq!(iso["event"][0]["state"], "given");
        assert_eq!(iso["pii_processing"]["purposes"][0]["lawful_basis"], "consent");
        assert!(iso["proof"]["journal_seq"].as_u64().unwrap() > 0);
        let (status, _) = app.get(&format!("{receipt_url}?format=pdf"), &token).await;
        assert_eq!(status, 400);
    }
}

#[tokio::test]
async fn a_changed_record_shows_in_its_proof() {
    let db = test_support::sqlite();
    let app = TestApp::spawn(&db).await;
    let token = setup(&app).await;
    let choices = json!([{ "purpose": "newsletter", "state": "given" }]);
    app.post("/api/v1/consents", &token, capture("cust-1", choices)).await;
    let tutela_db::Location::DataDir(dir) = &db.location else { panic!("a SQLite test database") };
    let url = format!("sqlite://{}", dir.join(tutela_db::SQLITE_FILE).display());
    let pool = sqlx::SqlitePool::connect(&url).await.unwrap();
    sqlx::query("UPDATE consent_records SET body = replace(body, '192.0.2.7', '198.51.100.1')")
        .execute(&pool)
        .await
        .unwrap();
    let (_, proof) = app.get("/api/v1/subjects/cust-1/proof", &token).await;
    assert_eq!(proof["intact"], false, "{proof}");
    assert_eq!(proof["records"][0]["digest_matches"], false);
    assert_eq!(proof["records"][0]["entry_hash_valid"], true, "the journal itself was not touched");
}

#[tokio::test]
async fn batch_decisions_and_the_export_for_caches() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        let token = setup(&app).await;
        for subject in ["a", "b", "c"] {
            let choices = json!([{ "purpose": "newsletter", "state": "given" }]);
            app.post("/api/v1/consents", &token, capture(subject, choices)).await;
        }
        let batch = json!({
            "subjects": ["a", "nobody"],
            "purposes": ["newsletter", "billing"],
            "pairs": [{ "subject": "b", "purpose": "unknown_purpose" }],
        });
        let (status, body) = app.post("/api/v1/decisions", &token, batch).await;
        assert_eq!(status, 200, "{}: {body}", app.backend);
        let items = body["decisions"].as_array().unwrap();
        assert_eq!(items.len(), 5);
        assert!(items[0]["problem"].as_str().unwrap().contains("unknown_purpose"), "{}", items[0]);
        assert_eq!(items[1]["decision"]["allowed"], true);
        assert_eq!(items[2]["decision"]["basis"], "contract");
        assert!(items[3]["problem"].as_str().unwrap().contains("nobody"));
        let too_many: Vec<Value> = (0..1001).map(|i| json!({ "subject": format!("s{i}"), "purpose": "ads" })).collect();
        let (status, _) = app.post("/api/v1/decisions", &token, json!({ "pairs": too_many })).await;
        assert_eq!(status, 400);

        let (_, first) = app.get("/api/v1/consents/export?limit=2", &token).await;
        assert_eq!(first["subjects"].as_array().unwrap().len(), 2, "{first}");
        assert_eq!(first["subjects"][0]["decisions"].as_array().unwrap().len(), 5, "every purpose of the map");
        let next = first["next_after_seq"].as_u64().unwrap();
        let (_, second) = app.get(&format!("/api/v1/consents/export?after_seq={next}"), &token).await;
        assert_eq!(second["subjects"].as_array().unwrap().len(), 1);
        assert_eq!(second["subjects"][0]["subject"], "c");
        // A change moves the subject to the end of the export, where a client that kept its cursor finds it.
        app.post("/api/v1/subjects/a/withdraw", &token, json!({})).await;
        let cursor = second["next_after_seq"].as_u64().unwrap();
        let (_, changed) = app.get(&format!("/api/v1/consents/export?after_seq={cursor}"), &token).await;
        assert_eq!(changed["subjects"][0]["subject"], "a", "{changed}");
    }
}

#[tokio::test]
async fn bad_input_gets_a_named_4xx_problem() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        let (_, bare) = app.operator("bare").await;
        let (status, problem) = decide(&app, &bare, "cust-1", "newsletter").await;
        assert_eq!(status, 409, "no data map: {problem}");
        assert!(problem["detail"].as_str().unwrap().contains("data map"));
        // Reading what the ledger holds about a subject needs no data map: nothing is held.
        let (status, problem) = app.get("/api/v1/subjects/cust-1", &bare).await;
        assert_eq!(status, 404, "{problem}");
        assert_eq!(problem["detail"], "subject \"cust-1\" has no record in the consent ledger");
        assert_eq!(app.get("/api/v1/subjects/cust-1/proof", &bare).await.0, 404);
        let (status, problem) = app.get("/api/v1/subjects/cust-1/proof?purpose=newsletter", &bare).await;
        assert_eq!(status, 409, "a purpose needs the data map: {problem}");

        let token = setup(&app).await;
        let choices = json!([{ "purpose": "newsletter", "state": "given" }]);
        app.post("/api/v1/consents", &token, capture("cust-1", choices)).await;
        let cases: Vec<(&str, u16, &str)> = vec![
            ("/api/v1/decision?subject=nobody&purpose=newsletter", 404, "nobody"),
            ("/api/v1/decision?subject=cust-1&purpose=marketing", 422, "billing, fraud_checks, newsletter"),
            ("/api/v1/decision?subject=cust-1&purpose=Bad-Id", 400, "purpose id"),
            ("/api/v1/decision?subject=a@b.example&purpose=newsletter", 400, "e-mail"),
            ("/api/v1/decision?subject=cust-1", 400, "purpose"),
            ("/api/v1/decision?subject=cust-1&purpose=newsletter&use=sell", 400, "publish or transfer"),
            ("/api/v1/consent-notices/abc", 400, "64 hex digits"),
            ("/api/v1/subjects/nobody/proof", 404, "nobody"),
            ("/api/v1/consents/records/no-such-record", 404, "no-such-record"),
        ];
        for (path, expected, needle) in cases {
            let (status, problem) = app.get(path, &token).await;
            assert_eq!(status, expected, "{} {path}: {problem}", app.backend);
            assert!(problem["detail"].as_str().unwrap().contains(needle), "{path}: {problem}");
        }

        let bodies: Vec<(Value, u16, &str)> = vec![
            (json!({ "subject": "cust-1" }), 400, "choices"),
            (capture("cust-1", json!([])), 400, "choices"),
            (
                capture("cust-1", json!([{ "purpose": "marketing", "state": "given" }])),
                422,
                "not in the applied data map",
            ),
            (capture("cust-1", json!([{ "purpose": "billing", "state": "given" }])), 422, "contract"),
            (capture("cust-1", json!([{ "purpose": "newsletter", "state": "maybe" }])), 400, "maybe"),
            (
                capture("cust-1", json!([{ "purpose": "newsletter", "state": "given", "expiry": "forever" }])),
                400,
                "forever",
            ),
            (
                capture(
                    "cust-1",
                    json!([{ "purpose": "newsletter", "state": "given" }, { "purpose": "newsletter", "state": "refused" }]),
                ),
                400,
                "twice",
            ),
            (
                json!({ "subject": "cust-1", "choices": [{ "purpose": "newsletter", "state": "given" }], "method": { "kind": "telepathy" }, "channel": "web" }),
                400,
                "telepathy",
            ),
            (
                {
                    let mut body = capture("cust-1", json!([{ "purpose": "newsletter", "state": "given" }]));
                    body["method"] = json!({ "kind": "term_ended" });
                    body
                },
                400,
                "recorded by Tutela itself",
            ),
            (
                {
                    let mut body = capture("cust-1", json!([{ "purpose": "newsletter", "state": "given" }]));
                    body["receipt_to"] = json!("not an address");
                    body
                },
                400,
                "receipt_to",
            ),
            (
                json!({ "subject": "cust-1", "choices": [{ "purpose": "newsletter", "state": "given" }], "method": { "kind": "portal" }, "channel": "web" }),
                400,
                "notice",
            ),
            (
                json!({ "subject": "cust-1", "choices": [{ "purpose": "newsletter", "state": "given" }], "method": { "kind": "portal" }, "channel": "web", "notice_sha256": "0".repeat(64) }),
                404,
                "consent notice",
            ),
        ];
        for (body, expected, needle) in bodies {
            let (status, problem) = app.post("/api/v1/consents", &token, body.clone()).await;
            assert_eq!(status, expected, "{} {body}: {problem}", app.backend);
            assert!(problem["detail"].as_str().unwrap().contains(needle), "{needle} in {problem}");
        }
        let mut future = capture("cust-1", json!([{ "purpose": "newsletter", "state": "given" }]));
        future["at"] = json!("2999-01-01T00:00:00Z");
        let (status, problem) = app.post("/api/v1/consents", &token, future).await;
        assert_eq!(status, 400, "{problem}");
        let (status, _) = read(
            app.request(Method::POST, "/api/v1/consents", Some(&token))
                .header("content-type", "application/json")
                .body("{not json")
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, 400);
        let (status, problem) = app.post("/api/v1/subjects/cust-1/unblock", &token, json!({ "note": "x" })).await;
        assert_eq!(status, 409, "{problem}");
        let age = json!({ "jurisdiction": "mars", "age_years": 3 });
        let (status, problem) = read(
            app.request(Method::PUT, "/api/v1/subjects/cust-1/age", Some(&token)).json(&age).send().await.unwrap(),
        )
        .await;
        assert_eq!(status, 400, "{problem}");
        let viewer = app.token(&app.db.operator("shop").await.unwrap(), "viewer").await;
        let choices = json!([{ "purpose": "newsletter", "state": "given" }]);
        let (status, _) = app.post("/api/v1/consents", &viewer, capture("cust-9", choices)).await;
        assert_eq!(status, 403, "a viewer reads decisions but records nothing");
        let (status, _) = decide(&app, &viewer, "cust-1", "newsletter").await;
        assert_eq!(status, 200);
    }
}

#[tokio::test]
async fn portal_contacts_are_kept_as_digests_and_removed_with_their_sessions() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        let token = setup(&app).await;
        let put = |body: Value| app.request(Method::PUT, "/api/v1/subjects/cust-1/contacts", Some(&token)).json(&body);
        let (status, added) = read(put(json!({ "email": "Anna@Shop.example" })).send().await.unwrap()).await;
        assert_eq!((status, added["added"].clone()), (200, json!(true)), "{}: {added}", app.backend);
        let (_, again) = read(put(json!({ "email": "anna@shop.example" })).send().await.unwrap()).await;
        assert_eq!(again["added"], false, "the same address, whatever its case");
        let (status, bad) = read(put(json!({ "email": "anna" })).send().await.unwrap()).await;
        assert_eq!(status, 400);
        assert!(bad["detail"].as_str().unwrap().starts_with("email: invalid e-mail address"), "{bad}");
        let (status, _) = read(put(json!({ "email": "a@b.example", "extra": 1 })).send().await.unwrap()).await;
        assert_eq!(status, 400, "unknown fields are refused");
        let path = "/api/v1/subjects/anna@shop.example/contacts";
        let request = app.request(Method::PUT, path, Some(&token)).json(&json!({ "email": "a@b.example" }));
        let (status, _) = read(request.send().await.unwrap()).await;
        assert_eq!(status, 400, "a subject reference is not an address");

        let (_, journal) = app.get("/api/v1/journal", &token).await;
        let text = journal.to_string();
        assert!(text.contains("put_subject_contact") && !text.to_lowercase().contains("anna@shop"), "{text}");

        let delete = app.request(Method::DELETE, "/api/v1/subjects/cust-1/contacts", Some(&token));
        let (status, removed) = read(delete.send().await.unwrap()).await;
        assert_eq!((status, removed["removed"].clone()), (200, json!(1)));
    }
}
