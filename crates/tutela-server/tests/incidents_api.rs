//! Incidents through the API on SQLite and PostgreSQL: an incident touching Russian and EU subjects
//! starts the 24 h and 72 h Roskomnadzor clocks and the GDPR clocks, with drafts in Russian and
//! Bulgarian; a notice recorded as sent meets its clock; bad input is refused with named problems.

mod common;

use common::TestApp;
use serde_json::{Value, json};
use tutela_db::test_support;

const DATAMAP: &str = r#"
version: 1
operator:
  legal_name: Sofia Shop EOOD
  country: BG
  address: 1000 Sofia, Vitosha Blvd 1
  contact: { email: privacy@shop.example, url: "https://shop.example/privacy" }
  jurisdictions: [ru_152fz, eu_gdpr]
purposes:
  - id: newsletter
    description: News about new courses by e-mail
    legal_basis: { kind: consent, articles: { ru_152fz: "art. 6(1)(1)", eu_gdpr: "art. 6(1)(a)" } }
    retention: [until_consent_withdrawn]
    actions: [collect, store, use]
"#;

async fn setup(app: &TestApp) -> String {
    let (_, token) = app.operator("shop").await;
    app.apply_map(&token, DATAMAP).await;
    token
}

fn incident(discovered_at: &str) -> Value {
    json!({
        "description": "A backup of the customer database was readable from the internet for two days.",
        "discovered_at": discovered_at,
        "systems": ["nightly backups"],
        "data_categories": ["contact.email", "identity.name"],
        "estimated_subjects": 1200,
        "high_risk": true,
        "measures": "Access closed, keys rotated, the hosting provider asked for access logs.",
    })
}

fn notice<'a>(view: &'a Value, duty: &str) -> &'a Value {
    view["notices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["duty"] == duty)
        .unwrap_or_else(|| panic!("no {duty}: {view}"))
}

#[tokio::test]
async fn russian_and_eu_subjects_start_the_24_h_72_h_and_gdpr_clocks_with_drafts() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        let token = setup(&app).await;
        let (status, view) = app.post("/api/v1/incidents", &token, incident("2026-11-02T09:00:00Z")).await;
        assert_eq!(status, 201, "{}: {view}", app.backend);
        assert!(view["reference"].as_str().unwrap().starts_with("INC-2026-"), "{view}");
        let duties: Vec<&str> =
            view["notices"].as_array().unwrap().iter().map(|n| n["duty"].as_str().unwrap()).collect();
        assert_eq!(
            duties,
            ["ru_152fz.first_notice", "ru_152fz.investigation", "eu_gdpr.regulator", "eu_gdpr.subjects"]
        );

        let first = notice(&view, "ru_152fz.first_notice");
        assert_eq!(first["clock"]["due"], "2026-11-03T09:00:00+00:00");
        assert_eq!(first["language"], "ru");
        assert!(first["draft"].as_str().unwrap().starts_with("Кому: Roskomnadzor"), "{first}");
        assert!(first["draft"].as_str().unwrap().contains("1200"));
        assert_eq!(notice(&view, "ru_152fz.investigation")["clock"]["due"], "2026-11-05T09:00:00+00:00");
        let gdpr = notice(&view, "eu_gdpr.regulator");
        assert_eq!(
            (gdpr["clock"]["due"].clone(), gdpr["language"].clone()),
            (json!("2026-11-05T09:00:00+00:00"), json!("bg"))
        );
        let draft = gdpr["draft"].as_str().unwrap();
        assert!(
            draft.starts_with("До: Commission for Personal Data Protection (CPDP)")
                && draft.contains("GDPR art. 33(1)")
        );
        assert!(notice(&view, "eu_gdpr.subjects")["draft"].as_str().unwrap().starts_with("Уважаеми клиенти"));
        assert_eq!(first["clock"]["subject_ref"], view["reference"], "the clock names the incident");

        // Sent after 30 hours: the 24-hour clock is met late, and the notice cannot be sent twice.
        let id = view["id"].as_str().unwrap();
        let path = format!("/api/v1/incidents/{id}/notices/ru_152fz.first_notice/sent");
        let sent = json!({ "how": "Roskomnadzor's web form", "at": "2026-11-03T15:00:00Z" });
        let (status, after) = app.post(&path, &token, sent.clone()).await;
        assert_eq!(status, 200, "{after}");
        let first = notice(&after, "ru_152fz.first_notice");
        assert_eq!(
            (first["clock"]["state"].clone(), first["sent_how"].clone()),
            (json!("met_late"), json!("Roskomnadzor's web form"))
        );
        let future = json!({ "how": "e-mail", "at": "2099-01-01T00:00:00Z" });
        let (status, problem) =
            app.post(&format!("/api/v1/incidents/{id}/notices/eu_gdpr.regulator/sent"), &token, future).await;
        assert_eq!(status, 400, "{problem}");
        assert!(problem["detail"].as_str().unwrap().contains("is in the future"), "{problem}");
        let (status, twice) = app.post(&path, &token, sent).await;
        assert_eq!(status, 409, "{twice}");
        assert!(twice["detail"].as_str().unwrap().contains("recorded as sent"), "{twice}");

        let (status, list) = app.get("/api/v1/incidents", &token).await;
        assert_eq!((status, list.as_array().unwrap().len()), (200, 1));
        let (_, journal) = app.get("/api/v1/journal", &token).await;
        let text = journal.to_string();
        assert!(text.contains("report_incident") && text.contains("send_incident_notice"));
        assert!(!text.contains("readable from the internet"), "the description stays out of the journal");
    }
}

#[tokio::test]
async fn bad_incidents_are_refused_with_what_was_wrong() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        let token = setup(&app).await;
        let cases = [
            (json!({ "discovered_at": "2099-01-01T00:00:00Z" }), 400, "in the future"),
            (json!({ "discovered_at": "yesterday" }), 400, "discovered_at: invalid RFC 3339"),
            (json!({ "stores": ["nowhere"] }), 422, "\"nowhere\" is not a store of the data map"),
            (json!({ "jurisdictions": ["cn_pipl"] }), 422, "cn_pipl is not one of the data map's"),
            (json!({ "jurisdictions": ["xx"] }), 400, "jurisdictions:"),
            (json!({ "description": "" }), 400, "description:"),
            (json!({ "promise_days": 0 }), 400, "promise_days 0"),
        ];
        for (change, status, words) in cases {
            let mut body = incident("2026-11-02T09:00:00Z");
            for (key, value) in change.as_object().unwrap() {
                body[key] = value.clone();
            }
            let (got, problem) = app.post("/api/v1/incidents", &token, body).await;
            assert_eq!(got, status, "{}: {change}: {problem}", app.backend);
            assert!(problem["detail"].as_str().unwrap().contains(words), "{change}: {problem}");
        }
        let (status, _) = app.get("/api/v1/incidents/INC-2026-000404", &token).await;
        assert_eq!(status, 404);
        let (_, list) = app.get("/api/v1/incidents", &token).await;
        assert!(list.as_array().unwrap().is_empty(), "nothing was registered");
    }
}
