//! "My devices" in the portal: the signed-in customer's devices with their warranty (until when,
//! under which rule) and their service tickets with the times promised (on site by, resolved by)
//! and whether each promise was kept, derived as the service desk derives them.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header::HeaderMap;
use axum::response::Response;
use tutela_core::service::sla;
use tutela_core::service::warranty::covered_until;
use tutela_db::service::DeviceRecord;
use tutela_server::api::service::tickets::summarize_targets;
use tutela_server::app::AppState;

use crate::frame::{Frame, Words};
use crate::portal_account::{problem_page, signed_in};
use crate::session::{HasFrame, render};

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

/// A ticket of a device.
pub struct TicketLine {
    /// Reference.
    pub reference: String,
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
    devices: Vec<DeviceLine>,
}

impl HasFrame for DevicesPage {
    fn frame(&self) -> &Frame {
        &self.frame
    }
}

/// `GET /portal/{operator}/me/devices`.
pub async fn page(
    State(state): State<AppState>,
    frame: Frame,
    headers: HeaderMap,
    Path(slug): Path<String>,
) -> Response {
    let signed = match signed_in(&state, &frame, &headers, &slug).await {
        Ok(signed) => signed,
        Err(response) => return *response,
    };
    match devices(&state, &frame.t, &signed.operator.id, &signed.session.subjects).await {
        Ok(devices) => render(&DevicesPage { slug, devices, frame }, StatusCode::OK),
        Err(error) => problem_page(&frame, &error.into()),
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
                tickets.push(TicketLine {
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
