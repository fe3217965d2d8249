//! After-sales service through the API on SQLite and PostgreSQL, with seed 003's promises: a car
//! repair warranted for 20,000 km or 100 days, whichever comes first; on site within 8 h in the
//! Pearl River Delta, 24 h elsewhere in Guangdong, 48 h in other provinces, at once (2 h) in an
//! emergency; resolution within 3 working days on the Chinese calendar across National Day 2026;
//! a back-dated arrival, a reopened ticket and a policy change recompute the clocks; impossible
//! histories and falling meters are refused with nothing written.

mod common;

use common::TestApp;
use reqwest::Method;
use serde_json::{Value, json};
use tutela_db::test_support;

fn policies(prd_on_site: &str) -> Value {
    let policy = |key: &str, conditions: Value, on_site: &str, fallback: bool| {
        json!({ "key": key, "name": format!("on site within {on_site}"), "conditions": conditions, "fallback": fallback,
            "targets": [
                { "target": "first_response", "within": "1 hours", "calendar": "24x7" },
                { "target": "on_site", "within": on_site, "calendar": "24x7" },
                { "target": "resolution", "within": "3 working days", "calendar": "cn" }],
            "escalations": [{ "target": "on_site", "at": { "after": "12 hours" }, "action": "loaner_device" }] })
    };
    json!([
        policy("emergency", json!({ "emergency": true }), "2 hours", false),
        policy("prd", json!({ "regions": ["prd"], "emergency": false }), prd_on_site, false),
        policy("guangdong", json!({ "regions": ["guangdong"], "emergency": false }), "24 hours", false),
        policy("other", json!({}), "48 hours", true),
    ])
}

async fn put(app: &TestApp, token: &str, path: &str, body: Value) -> (u16, Value) {
    common::read(app.request(Method::PUT, path, Some(token)).json(&body).send().await.unwrap()).await
}

fn target<'a>(ticket: &'a Value, name: &str) -> &'a Value {
    ticket["targets"].as_array().unwrap().iter().find(|t| t["target"] == name).unwrap()
}

fn instant(text: &str) -> jiff::Timestamp {
    text.parse().unwrap()
}

#[tokio::test]
async fn warranties_devices_and_tickets_keep_the_seed_s_promises() {
    for db in test_support::all().await {
        let app = TestApp::spawn(&db).await;
        let (_, token) = app.operator("pumpcare").await;
        let rule = json!({ "product_line": "car-repair", "source": "letter 11, clause 3", "start": "acceptance",
            "term": { "days": 100, "usage": { "unit": "km", "limit": 20000 } }, "exclusions": ["misuse", "wear"] });
        let (status, body) = put(&app, &token, "/api/v1/warranty-rules/car-repair", rule).await;
        assert_eq!(status, 200, "{}: {body}", app.backend);
        let (status, bad) = put(
            &app,
            &token,
            "/api/v1/warranty-rules/pump",
            json!({ "product_line": "pump",
            "source": "x", "start": "installation", "term": {} }),
        )
        .await;
        assert!(status == 400 && bad["detail"].as_str().unwrap().contains("months, days or a usage limit"), "{bad}");

        let device = json!({ "serial": "GZ-CAR-0001", "product_line": "car-repair", "model": "Sedan", "region": "PRD",
            "site_address": "Tianhe, Guangzhou", "subject": "customer-li", "accepted_on": "2026-03-01" });
        let (status, car) = app.post("/api/v1/devices", &token, device.clone()).await;
        assert_eq!((status, car["region"].as_str()), (201, Some("prd")), "{car}");
        let (status, _) = app.post("/api/v1/devices", &token, device).await;
        assert_eq!(status, 409, "a serial number is registered once");
        let pump = json!({ "serial": "PC-1", "product_line": "pump", "model": "BA-200", "region": "prd",
            "site_address": "Panyu", "delivered_on": "2026-09-26", "installed_on": "2026-03-31" });
        assert_eq!(app.post("/api/v1/devices", &token, pump).await.0, 201);
        let (_, clocks) = app.get("/api/v1/clocks", &token).await;
        let due = |kind: &str| {
            clocks
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["kind"] == kind)
                .map(|c| c["due_date"].as_str().unwrap().to_owned())
        };
        // A week after delivery falls on National Day: the call is due on Thursday 8 October.
        assert_eq!(due("service.follow_up").as_deref(), Some("2026-10-08"), "{clocks}");
        assert_eq!(due("service.inspection").as_deref(), Some("2026-09-30"));

        // Returns within 7 days of delivery, with everything the letters ask for.
        let pump_rule = json!({ "product_line": "pump", "source": "letter 2", "start": "installation",
            "term": { "months": 12 }, "returns": { "window_days": 7,
                "required": ["packaging", "accessories", "manual", "warranty_card", "invoice", "reason"] } });
        assert_eq!(put(&app, &token, "/api/v1/warranty-rules/pump", pump_rule).await.0, 200);
        let returns = "/api/v1/devices/PC-1/returns";
        let (status, refused) = app
            .post(
                returns,
                &token,
                json!({ "kind": "return", "items": ["packaging", "manual"],
            "requested_on": "2026-09-28" }),
            )
            .await;
        assert_eq!(status, 201, "{refused}");
        assert_eq!(
            refused["verdict"],
            json!({ "verdict": "refused",
            "missing": ["accessories", "warranty_card", "invoice", "reason"], "window_ended": null })
        );
        let everything = ["packaging", "accessories", "manual", "warranty_card", "invoice"];
        let (_, late) = app
            .post(
                returns,
                &token,
                json!({ "kind": "return", "items": everything, "reason": "Too loud",
            "requested_on": "2026-10-10" }),
            )
            .await;
        assert_eq!(late["verdict"]["window_ended"], "2026-10-03", "{late}");
        let (_, exchanged) = app
            .post(
                returns,
                &token,
                json!({ "kind": "exchange", "items": everything,
            "reason": "Too loud", "requested_on": "2026-09-30", "new_serial": "PC-1B" }),
            )
            .await;
        assert_eq!(exchanged["verdict"]["verdict"], "accepted", "{exchanged}");
        let (_, new_device) = app.get("/api/v1/devices/PC-1B", &token).await;
        assert_eq!(new_device["id"], exchanged["new_device"], "{exchanged}");
        let (_, old) = app.get("/api/v1/devices/PC-1", &token).await;
        assert_eq!(
            (new_device["replaces"].as_str(), new_device["facts"]["installed_on"].as_str()),
            (old["id"].as_str(), Some("2026-03-31")),
            "the exchange carries the warranty start"
        );
        // A pump installed today: its 12-month warranty is reminded 30 days before it ends.
        let today = jiff::Zoned::now().date();
        let fresh = json!({ "serial": "PC-2", "product_line": "pump", "model": "BA-200", "region": "prd",
            "site_address": "Panyu", "installed_on": today.to_string() });
        assert_eq!(app.post("/api/v1/devices", &token, fresh).await.0, 201);
        let (_, clocks) = app.get("/api/v1/clocks?limit=500", &token).await;
        let reminder = clocks.as_array().unwrap().iter().find(|c| c["kind"] == "service.warranty_expiry").cloned();
        let due: jiff::civil::Date = reminder.expect("a reminder clock")["due_date"].as_str().unwrap().parse().unwrap();
        let ends = today.checked_add(jiff::Span::new().months(12)).unwrap();
        assert!(due >= ends.checked_sub(jiff::Span::new().days(30)).unwrap() && due < ends, "{due} before {ends}");
        let (_, history) = app.get(returns, &token).await;
        assert_eq!(history.as_array().unwrap().len(), 3);
        let (status, no_line) =
            app.post("/api/v1/devices/GZ-CAR-0001/returns", &token, json!({ "kind": "return" })).await;
        assert!(status == 422 && no_line["detail"].as_str().unwrap().contains("takes no returns"), "{no_line}");
        let check =
            |on: &str, km: u64| json!({ "device": "GZ-CAR-0001", "fault": { "on": on, "code": "E04", "usage": km } });
        let (_, free) = app.post("/api/v1/warranty-rules/check", &token, check("2026-06-08", 19_999)).await;
        assert_eq!(
            (free["coverage"].as_str(), free["covered_until"].as_str()),
            (Some("free"), Some("2026-06-09")),
            "{free}"
        );
        let (_, by_days) = app.post("/api/v1/warranty-rules/check", &token, check("2026-06-09", 100)).await;
        assert_eq!(by_days["coverage"], "paid", "{by_days}");
        let (_, by_km) = app.post("/api/v1/warranty-rules/check", &token, check("2026-04-01", 20_000)).await;
        assert!(by_km["reason"].as_str().unwrap().contains("whichever came first"), "{by_km}");

        let reading = |km: u64, at: &str| json!({ "unit": "km", "reading": km, "at": at });
        let path = "/api/v1/devices/GZ-CAR-0001/readings";
        assert_eq!(app.post(path, &token, reading(1200, "2026-04-01T10:00:00+08:00")).await.0, 201);
        let (status, lower) = app.post(path, &token, reading(1100, "2026-04-02T10:00:00+08:00")).await;
        assert!(status == 409 && lower["detail"].as_str().unwrap().contains("only goes up"), "{lower}");

        let (status, set) = put(&app, &token, "/api/v1/sla-policies", policies("8 hours")).await;
        assert_eq!(status, 200, "{set}");
        let (status, two) = put(&app, &token, "/api/v1/sla-policies", json!([])).await;
        assert!(status == 400 && two["detail"].as_str().unwrap().contains("fallback"), "{two}");

        // Reported on Wednesday 30 September 2026 at 15:00 in Guangzhou, on the eve of National Day.
        let open = json!({ "device": "GZ-CAR-0001", "kind": "repair", "description": "Engine warning light",
            "created_at": "2026-09-30T15:00:00+08:00" });
        let (status, ticket) = app.post("/api/v1/tickets", &token, open).await;
        assert_eq!((status, ticket["policy"].as_str()), (201, Some("prd")), "{ticket}");
        let reference = ticket["reference"].as_str().unwrap().to_owned();
        assert_eq!(instant(target(&ticket, "on_site")["due"].as_str().unwrap()), instant("2026-09-30T23:00:00+08:00"));
        // Working days after 30 September: 8, 9 and Saturday 10 October (a make-up working day).
        assert_eq!(
            instant(target(&ticket, "resolution")["due"].as_str().unwrap()),
            instant("2026-10-10T23:59:59+08:00")
        );

        let events = format!("/api/v1/tickets/{reference}/events");
        let (status, early) =
            app.post(&events, &token, json!({ "kind": "arrived", "at": "2026-09-30T14:00:00+08:00" })).await;
        assert!(
            status == 409 && early["detail"].as_str().unwrap().contains("before the ticket was created"),
            "{early}"
        );
        let (_, unchanged) = app.get(&format!("/api/v1/tickets/{reference}"), &token).await;
        assert_eq!(unchanged["events"].as_array().unwrap().len(), 1, "the refused arrival was not written");

        // Answered within the hour; resolved; the arrival recorded afterwards with its real time.
        app.post(&events, &token, json!({ "kind": "responded", "at": "2026-09-30T15:30:00+08:00" })).await;
        app.post(&events, &token, json!({ "kind": "resolved", "at": "2026-09-30T22:00:00+08:00" })).await;
        let (status, ticket) = app
            .post(
                &events,
                &token,
                json!({ "kind": "arrived", "at": "2026-09-30T21:00:00+08:00", "note": "Engineer Wang" }),
            )
            .await;
        assert_eq!(status, 200, "{ticket}");
        assert_eq!(target(&ticket, "on_site")["state"], "met", "{ticket}");
        assert_eq!((ticket["status"].as_str(), ticket["breached"].as_bool()), (Some("resolved"), Some(false)));

        // The customer reports the fault back on 8 October: the resolution clock runs again, the
        // week it was solved not counted.
        let (_, reopened) =
            app.post(&events, &token, json!({ "kind": "reopened", "at": "2026-10-08T09:00:00+08:00" })).await;
        assert_eq!(
            (reopened["status"].as_str(), target(&reopened, "resolution")["met_at"].as_str()),
            (Some("open"), None)
        );
        assert!(
            instant(target(&reopened, "resolution")["due"].as_str().unwrap()) > instant("2026-10-10T23:59:59+08:00")
        );

        // The operator tightens the Pearl River Delta promise to 4 hours: the 6-hour arrival is now
        // late, with nothing patched by hand.
        let (_, changed) = put(&app, &token, "/api/v1/sla-policies", policies("4 hours")).await;
        assert_eq!(changed["tickets_recomputed"], 1, "{changed}");
        let (_, recomputed) = app.get(&format!("/api/v1/tickets/{reference}"), &token).await;
        assert_eq!(target(&recomputed, "on_site")["state"], "met_late", "{recomputed}");
        assert_eq!(recomputed["breached"], true);

        // An emergency in another province: on site within 2 hours whatever the region.
        let emergency = json!({ "kind": "repair", "emergency": true, "region": "yunnan", "product_line": "pump",
            "description": "Gas smell", "created_at": "2026-09-29T10:00:00+08:00" });
        let (_, urgent) = app.post("/api/v1/tickets", &token, emergency).await;
        assert_eq!(urgent["policy"], "emergency");
        assert_eq!(instant(target(&urgent, "on_site")["due"].as_str().unwrap()), instant("2026-09-29T12:00:00+08:00"));
        let (_, listed) = app.get("/api/v1/tickets", &token).await;
        let order: Vec<&str> = listed.as_array().unwrap().iter().map(|t| t["policy"].as_str().unwrap()).collect();
        assert_eq!(order, ["emergency", "prd"], "open tickets, soonest due first: {listed}");

        // The service report: materials at cost for a paid repair; closed only once the customer
        // confirmed it; closing starts the call-back clock, the call-back meets it.
        let urgent_ref = urgent["reference"].as_str().unwrap();
        let report = json!({ "engineer": "Wang Lei", "work_done": "Replaced the shaft seal", "coverage": "paid",
            "currency": "CNY", "parts": [{ "part": "shaft seal", "quantity": 2, "unit_cost_minor": 4500 },
                { "part": "gasket", "quantity": 1, "unit_cost_minor": 800 }] });
        let (status, entered) =
            put(&app, &token, &format!("/api/v1/tickets/{urgent_ref}/report"), report.clone()).await;
        assert_eq!((status, entered["charge_minor"].as_u64()), (200, Some(9800)), "{entered}");
        let close = format!("/api/v1/tickets/{urgent_ref}/close");
        let (status, early) = app.post_empty(&close, &token).await;
        assert!(status == 409 && early["detail"].as_str().unwrap().contains("not confirmed"), "{early}");
        let closing_event = json!({ "kind": "closed" });
        let (status, sidestep) = app.post(&format!("/api/v1/tickets/{urgent_ref}/events"), &token, closing_event).await;
        assert!(status == 409 && sidestep["detail"].as_str().unwrap().contains("not confirmed"), "{sidestep}");
        let confirm = format!("/api/v1/tickets/{urgent_ref}/report/confirm");
        let (status, confirmed) = app.post(&confirm, &token, json!({ "name": "Zhou Min" })).await;
        assert_eq!((status, confirmed["confirmation"]["name"].as_str()), (200, Some("Zhou Min")), "{confirmed}");
        assert_eq!(app.post(&confirm, &token, json!({ "name": "Zhou Min" })).await.0, 409, "confirmed once");
        let (status, changed) = put(&app, &token, &format!("/api/v1/tickets/{urgent_ref}/report"), report).await;
        assert!(status == 409 && changed["detail"].as_str().unwrap().contains("not changed"), "{changed}");
        let (status, closed) = app.post_empty(&close, &token).await;
        assert_eq!(status, 200, "{closed}");
        let clock = closed["callback_clock_id"].as_str().unwrap();
        let (_, running) = app.get(&format!("/api/v1/clocks/{clock}"), &token).await;
        assert_eq!(running["kind"], "service.callback", "{running}");
        let callback = format!("/api/v1/tickets/{urgent_ref}/callback");
        assert_eq!(app.post(&callback, &token, json!({ "satisfaction": 0 })).await.0, 400);
        let (status, called) = app.post(&callback, &token, json!({ "satisfaction": 5, "note": "Fast" })).await;
        assert_eq!((status, called["satisfaction"].as_u64()), (200, Some(5)), "{called}");
        assert_eq!(app.post(&callback, &token, json!({ "satisfaction": 4 })).await.0, 409, "called back once");
        let (_, met) = app.get(&format!("/api/v1/clocks/{clock}"), &token).await;
        assert_eq!(met["state"], "met", "{met}");
        let (_, done) = app.get(&format!("/api/v1/tickets/{urgent_ref}"), &token).await;
        assert_eq!((done["status"].as_str(), done["report"]["satisfaction"].as_u64()), (Some("closed"), Some(5)));

        // The attainment report: the Pearl River Delta arrival (6 h, promised 4 h) is late; the
        // emergency one was met.
        let (status, lines) = app.get("/api/v1/tickets/report?days=3650", &token).await;
        assert_eq!(status, 200, "{lines}");
        let line = |policy: &str, target: &str| {
            lines.as_array().unwrap().iter().find(|l| l["policy"] == policy && l["target"] == target).cloned().unwrap()
        };
        assert_eq!(
            (line("prd", "on_site")["met_late"].as_u64(), line("prd", "on_site")["attainment_percent"].as_f64()),
            (Some(1), Some(0.0))
        );
        assert_eq!(line("prd", "first_response")["met"], 1);
        // The emergency, entered after the Pearl River Delta ticket but reported before it, counts.
        assert_eq!(
            line("emergency", "on_site")["running"].as_u64().unwrap()
                + line("emergency", "on_site")["breached"].as_u64().unwrap()
                + line("emergency", "on_site")["met"].as_u64().unwrap(),
            1
        );
        let csv =
            app.request(Method::GET, "/api/v1/tickets/report?days=3650&format=csv", Some(&token)).send().await.unwrap();
        let csv = csv.text().await.unwrap();
        assert!(csv.lines().any(|l| l.starts_with("prd,prd,on_site,0,1,0,0,0.00,6.00,6.00")), "{csv}");
        assert_eq!(app.get("/api/v1/tickets/report?format=xml", &token).await.0, 400);

        let (_, other) = app.operator("kursy").await;
        assert_eq!(app.get(&format!("/api/v1/tickets/{reference}"), &other).await.0, 404);
        assert_eq!(app.get("/api/v1/devices/GZ-CAR-0001", &other).await.0, 404);
    }
}
