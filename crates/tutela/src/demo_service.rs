//! The pumpcare demo operator's after-sales service (seed 003): warranty rules from the letters,
//! the on-site promises by region as ordered service-level policies, devices across the Pearl
//! River Delta, the rest of Guangdong and other provinces, and tickets in every state (running,
//! waiting for the customer, resolved, closed, reopened, breached, an emergency), their histories
//! dated relative to now so the clocks show something live.
//!
//! The device of the portal's demo customer (`contact-zhou-min`) is theirs, so "my devices" in the
//! portal shows it with its warranty and tickets.

use jiff::{SignedDuration, Timestamp};
use serde_json::json;
use tutela_core::journal::Actor;
use tutela_core::service::report::VisitReport;
use tutela_core::service::sla::{EventKind, Priority, SlaPolicy, TicketEvent, TicketFacts, TicketKind};
use tutela_core::service::warranty::{DeviceFacts, WarrantyRule};
use tutela_db::Db;
use tutela_db::service::{NewDevice, NewTicket};
use tutela_server::api::service::schedule_of;
use tutela_server::api::service::tickets::summarize;

/// Warranty rules from the letters (JSON as `PUT /api/v1/warranty-rules` takes it).
fn rules() -> serde_json::Value {
    json!([
        { "product_line": "pump", "source": "letter 2 § 1-3 (18 months electrical, 3 years structural)",
          "start": "installation", "term": { "months": 12 },
          "parts": [{ "part": "motor", "term": { "months": 18 } }, { "part": "housing", "term": { "months": 36 } }],
          "exclusions": ["misuse", "force_majeure", "unauthorised_repair", "liquids", "wear"],
          "replace_after_failures": 3,
          "returns": { "window_days": 7, "required": ["packaging", "accessories", "manual", "warranty_card", "invoice", "reason"] } },
        { "product_line": "car-repair", "source": "letter 11 § 3 (20,000 km or 100 days, whichever comes first)",
          "start": "acceptance", "term": { "days": 100, "usage": { "unit": "km", "limit": 20000 } },
          "exclusions": ["misuse", "wear"] }
    ])
}

/// The on-site promises by region (letter 1 § 3.2-3.3), in the order they are tried.
fn policies() -> serde_json::Value {
    let policy = |key: &str, name: &str, conditions: serde_json::Value, on_site: &str, fallback: bool| {
        json!({ "key": key, "name": name, "conditions": conditions, "fallback": fallback,
            "targets": [
                { "target": "first_response", "within": "1 hours", "calendar": "24x7" },
                { "target": "on_site", "within": on_site, "calendar": "24x7" },
                { "target": "resolution", "within": "3 working days", "calendar": "cn" }],
            "escalations": [
                { "target": "resolution", "at": { "after": "12 hours" }, "action": "loaner_device" },
                { "target": "on_site", "at": { "permille": 750 }, "action": "notify_manager" }] })
    };
    json!([
        policy(
            "emergency",
            "Safety emergency: on site at once (2 h), letter 1 § 3.3",
            json!({ "emergency": true }),
            "2 hours",
            false
        ),
        policy(
            "prd",
            "Pearl River Delta: on site within 8 h, letter 1 § 3.2",
            json!({ "regions": ["prd"] }),
            "8 hours",
            false
        ),
        policy(
            "guangdong",
            "Rest of Guangdong: on site within 24 h",
            json!({ "regions": ["guangdong"] }),
            "24 hours",
            false
        ),
        policy("other", "Other provinces: on site within 48 h", json!({}), "48 hours", true),
    ])
}

/// Serial, product line, model, region, address, owner, installed days ago.
type DemoDevice = (&'static str, &'static str, &'static str, &'static str, &'static str, Option<&'static str>, i64);

const DEVICES: [DemoDevice; 5] = [
    ("PC-PRD-1001", "pump", "BA-200", "prd", "Panyu District, Guangzhou", Some("contact-zhou-min"), 200),
    ("PC-PRD-1002", "pump", "BA-350", "prd", "Nanshan District, Shenzhen", None, 420),
    ("PC-GD-2001", "pump", "BA-200", "guangdong", "Meijiang District, Meizhou", None, 90),
    ("PC-YN-3001", "pump", "BA-500", "other", "Guandu District, Kunming", None, 30),
    ("PC-CAR-4001", "car-repair", "Fleet van", "prd", "Baiyun District, Guangzhou", None, 40),
];

/// Device, emergency, reported hours ago, then events (kind, hours ago), what was reported.
type DemoTicket = (&'static str, bool, i64, &'static [(EventKind, i64)], &'static str);

const TICKETS: [DemoTicket; 7] = [
    ("PC-PRD-1001", false, 3, &[(EventKind::Responded, 2)], "Pressure drops at night"),
    (
        "PC-PRD-1002",
        false,
        30,
        &[(EventKind::Responded, 29), (EventKind::WaitingCustomer, 28)],
        "Noise from the motor; site closed until Monday",
    ),
    (
        "PC-GD-2001",
        false,
        50,
        &[(EventKind::Responded, 49), (EventKind::Arrived, 30), (EventKind::Resolved, 26)],
        "Leaking seal",
    ),
    (
        "PC-YN-3001",
        false,
        100,
        &[(EventKind::Responded, 99), (EventKind::Arrived, 60), (EventKind::Resolved, 55), (EventKind::Closed, 50)],
        "Commissioning check",
    ),
    (
        "PC-PRD-1001",
        false,
        400,
        &[
            (EventKind::Responded, 399),
            (EventKind::Arrived, 395),
            (EventKind::Resolved, 390),
            (EventKind::Reopened, 200),
            (EventKind::Resolved, 198),
            (EventKind::Closed, 190),
        ],
        "Controller fault, came back",
    ),
    ("PC-CAR-4001", false, 20, &[], "Brake noise after repair"),
    ("PC-GD-2001", true, 1, &[], "Smell of burning at the pump room"),
];

/// `hours` before `now` (one instant for the whole seed, so "an hour after" is exactly that).
fn hours_ago(now: Timestamp, hours: i64) -> Timestamp {
    now - SignedDuration::from_hours(hours)
}

/// Seeds pumpcare's service desk, once, with the operator.
pub async fn seed_service(db: &Db, slug: &str, actor: &Actor) -> anyhow::Result<()> {
    if slug != "pumpcare" {
        return Ok(());
    }
    let operator = db.operator(slug).await?;
    let warranty_rules: Vec<WarrantyRule> = serde_json::from_value(rules())?;
    for rule in &warranty_rules {
        rule.check()?;
        db.put_warranty_rule(&operator.id, rule, actor).await?;
    }
    let policies: Vec<SlaPolicy> = serde_json::from_value(policies())?;
    tutela_core::service::sla::check_policies(&policies)?;
    let now = tutela_db::now_us();
    let summarizer = |facts: &TicketFacts, history: &[TicketEvent]| summarize(&policies, facts, history, now);
    db.put_sla_policies(&operator.id, &policies, actor, &summarizer).await?;
    for (serial, line, model, region, address, owner, installed) in DEVICES {
        let day =
            (tutela_db::now_us() - SignedDuration::from_hours(24 * installed)).to_zoned(jiff::tz::TimeZone::UTC).date();
        let facts = if line == "car-repair" {
            DeviceFacts { accepted_on: Some(day), ..DeviceFacts::default() }
        } else {
            DeviceFacts { delivered_on: Some(day), installed_on: Some(day), ..DeviceFacts::default() }
        };
        let mut new = NewDevice {
            serial: serial.into(),
            product_line: line.into(),
            model: model.into(),
            region: region.into(),
            site_address: address.into(),
            subject_ref: owner.map(str::to_owned),
            clocks: vec![],
            facts,
            replaces: None,
        };
        new.clocks = schedule_of(&new, &warranty_rules).map_err(|problem| anyhow::anyhow!(problem.problem().detail))?;
        db.create_device(&operator.id, &new, actor).await?;
    }
    for (serial, emergency, reported, events, description) in TICKETS {
        let (device, _) = db.device(&operator.id, serial).await?;
        let facts = TicketFacts {
            kind: TicketKind::Repair,
            region: device.region.clone(),
            priority: if emergency { Priority::High } else { Priority::Normal },
            emergency,
            product_line: device.product_line.clone(),
            contract: None,
        };
        let new = NewTicket {
            device_id: Some(device.id),
            facts,
            description: description.into(),
            created_at: hours_ago(now, reported),
        };
        let ticket = db.create_ticket(&operator.id, &new, actor, &summarizer).await?;
        for (kind, ago) in events {
            let event = TicketEvent { at: hours_ago(now, *ago), kind: *kind };
            db.record_ticket_event(&operator.id, &ticket.id, event, "", actor, &summarizer).await?;
        }
        if serial == "PC-PRD-1001" && events.len() == 1 {
            // The engineer's report of the open ticket waits for the customer's confirmation.
            let report: VisitReport = serde_json::from_value(json!({ "engineer": "Wang Lei",
                "work_done": "Cleaned the intake filter and reset the pressure switch", "coverage": "free",
                "currency": "CNY", "parts": [{ "part": "filter", "quantity": 1, "unit_cost_minor": 3500 }] }))?;
            db.put_service_report(&operator.id, &ticket.id, &report, actor).await?;
        }
    }
    Ok(())
}
