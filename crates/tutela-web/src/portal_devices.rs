//! "My devices" in the portal: the signed-in customer's devices with their warranty (until when,
//! under which rule) and their service tickets with the times promised (on site by, resolved by)
//! and whether each promise was kept, derived as the service desk derives them; and the service
//! report of a visit, which the customer confirms here with their typed name.

use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::http::header::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tutela_core::journal::Actor;
use tutela_core::service::sla;
use tutela_core::service::warranty::covered_until;
use tutela_db::service::DeviceRecord;
use tutela_server::api::service::reports::{confirm_as, report_view};
use tutela_server::api::service::tickets::summarize_targets;
use tutela_server::app::AppState;

use crate::console::message_page;
use crate::frame::{Frame, Words};
use crate::portal_account::{problem_page, signed_in};
use crate::session::{has_frame, render};

/// Most tickets shown per device.
const TICKETS_PER_DEVICE: u32 = 20;

/// A promise of a ticket, in words.
pub struct PromiseLine {
    /// What is promised and by when.
    pub text: String,
    /// Its state's key (`running`, `met`, `breached` ...), for the badge.
    pub state: String,
    /// Its state in words.
    pub state_words: String,
}

/// A service report awaiting, or with, the customer's confirmation.
pub struct ReportLine {
    /// The engineer and the work done.
    pub summary: String,
    /// What the customer pays, in words.
    pub charge: String,
    /// Who confirmed it and when, once confirmed.
    pub confirmed: Option<String>,
}

/// A ticket of a device.
pub struct TicketLine {
    /// Reference.
    pub reference: String,
    /// The service report, once entered.
    pub report: Option<ReportLine>,
    /// What was reported.
    pub description: String,
    /// Status in words.
    pub status: String,
    /// The promises.
    pub promises: Vec<PromiseLine>,
}

/// A device.
pub struct DeviceLine {
    /// Model and serial.
    pub name: String,
    /// Where.
    pub site: String,
    /// The warranty in words.
    pub warranty: String,
    /// Its tickets, newest first.
    pub tickets: Vec<TicketLine>,
}

#[derive(Template)]
#[template(path = "portal_devices.html")]
struct DevicesPage {
    frame: Frame,
    slug: String,
    csrf: String,
    devices: Vec<DeviceLine>,
    done: bool,
}

has_frame!(DevicesPage);

/// `GET /portal/{operator}/me/devices`.
pub async fn page(
    State(state): State<AppState>,
    frame: Frame,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Query(done): Query<Done>,
) -> Response {
    let signed = match signed_in(&state, &frame, &headers, &slug).await {
        Ok(signed) => signed,
        Err(response) => return *response,
    };
    match devices(&state, &frame.t, &signed.operator.id, &signed.session.subjects).await {
        Ok(devices) => {
            let page = DevicesPage { slug, csrf: signed.csrf(), devices, done: done.done.is_some(), frame };
            render(&page, StatusCode::OK)
        }
        Err(error) => problem_page(&frame, &error.into()),
    }
}

/// What a redirect says was done.
#[derive(Debug, Deserialize)]
pub struct Done {
    done: Option<String>,
}

/// The confirmation form.
#[derive(Debug, Deserialize)]
pub struct ConfirmFields {
    csrf: String,
    ticket: String,
    name: String,
}

/// `POST /portal/{operator}/me/devices/confirm`: the customer confirms a service report of one of
/// their devices with their typed name.
pub async fn confirm(
    State(state): State<AppState>,
    frame: Frame,
    headers: HeaderMap,
    Path(slug): Path<String>,
    Form(fields): Form<ConfirmFields>,
) -> Response {
    let signed = match signed_in(&state, &frame, &headers, &slug).await {
        Ok(signed) => signed,
        Err(response) => return *response,
    };
    if fields.csrf != signed.csrf() {
        return message_page(&frame, StatusCode::FORBIDDEN, frame.t.m("web-form-expired"));
    }
    let operator_id = &signed.operator.id;
    let device = match state.db.ticket(operator_id, &fields.ticket).await {
        Ok((ticket, _)) => ticket.device_id,
        Err(_) => None,
    };
    let owner = match device {
        Some(device) => state.db.device(operator_id, &device).await.ok().and_then(|(d, _)| d.subject_ref),
        None => None,
    };
    let Some(subject) = owner.filter(|s| signed.own(s).is_some()) else {
        return message_page(&frame, StatusCode::NOT_FOUND, frame.t.m("web-not-found"));
    };
    let actor = Actor::parse(&format!("subject:{subject}")).unwrap_or_else(|_| Actor::system("portal"));
    match confirm_as(&state, operator_id, &actor, &fields.ticket, &fields.name, "portal").await {
        Ok(_) => Redirect::to(&format!("/portal/{slug}/me/devices?done=confirmed")).into_response(),
        Err(problem) => problem_page(&frame, &problem),
    }
}

async fn devices(
    state: &AppState,
    t: &Words,
    operator_id: &tutela_core::operator::OperatorId,
    subjects: &[tutela_core::subject::SubjectRef],
) -> Result<Vec<DeviceLine>, tutela_db::DbError> {
    let rules = state.db.list_warranty_rules(operator_id).await?;
    let (policies, _) = state.db.sla_policies(operator_id).await?;
    let now = tutela_db::now_us();
    let mut lines = Vec::new();
    for subject in subjects {
        for device in state.db.list_devices(operator_id, Some(subject.as_str()), 50).await? {
            let rule = rules.iter().find(|r| r.product_line == device.product_line);
            let warranty = match rule.and_then(|r| covered_until(r, &device.facts).map(|d| (r, d))) {
                Some((rule, until)) => {
                    t.args("portal-devices-warranty", &[("date", &until.to_string()), ("detail", &rule.source)])
                }
                None => t.m("portal-devices-warranty-unknown"),
            };
            let mut tickets = Vec::new();
            for ticket in state.db.list_tickets(operator_id, false, Some(&device.id), TICKETS_PER_DEVICE).await? {
                let (_, events) = state.db.ticket(operator_id, &ticket.id).await?;
                let history: Vec<sla::TicketEvent> = events.iter().map(|e| e.event).collect();
                let promises = summarize_targets(&policies, &ticket.summary.policy_key, &history, now)
                    .into_iter()
                    .map(|(target, due, state)| PromiseLine {
                        text: t.args(
                            "portal-devices-promise",
                            &[("detail", &t.of("web-service-target-", target)), ("date", &due)],
                        ),
                        state_words: t.of("web-state-", &state),
                        state,
                    })
                    .collect();
                let report =
                    state.db.service_report(operator_id, &ticket.id).await?.map(report_view).map(|r| ReportLine {
                        summary: format!("{}: {}", r.report.engineer, r.report.work_done),
                        charge: t.with("portal-devices-charge", "amount", &r.charge),
                        confirmed: r.confirmation.map(|c| {
                            t.args("portal-devices-confirmed", &[("detail", &c.name), ("date", &c.at.to_string())])
                        }),
                    });
                tickets.push(TicketLine {
                    report,
                    reference: ticket.reference.clone(),
                    description: ticket.description.clone(),
                    status: t.of("web-service-status-", &ticket.summary.status),
                    promises,
                });
            }
            lines.push(DeviceLine { name: name_of(&device), site: device.site_address.clone(), warranty, tickets });
        }
    }
    Ok(lines)
}

fn name_of(device: &DeviceRecord) -> String {
    format!("{} · {}", device.model, device.serial)
}
