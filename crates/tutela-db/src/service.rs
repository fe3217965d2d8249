//! After-sales service: warranty rules, the ordered service-level policies, devices with their
//! meter readings and warranty repairs, and tickets with their history.
//!
//! A ticket's clocks are not stored: they are derived from its history by
//! `tutela_core::service::sla` whenever it is read. What is stored is a summary the lists sort by
//! (status, the earliest due instant, whether a target is breached), written by the caller's
//! `summarize` in the same transaction as each event, and rewritten for every open ticket when the
//! policies change — so a summary always agrees with the history and the policies it was derived
//! from.

use tutela_core::service::sla::{SlaPolicy, TicketEvent, TicketFacts};
use tutela_core::service::warranty::{DeviceFacts, PriorRepair, UsageUnit, WarrantyRule};

use crate::*;

/// Most devices, tickets or rules one page lists.
pub const MAX_SERVICE_PAGE: u32 = 500;
/// Longest description or note, in bytes.
pub const MAX_SERVICE_TEXT_BYTES: usize = 8 * 1024;
/// Most repairs a device's record keeps.
pub const MAX_DEVICE_REPAIRS: usize = 200;

/// A device to register.
#[derive(Debug, Clone)]
pub struct NewDevice {
    /// Its serial number, unique per operator.
    pub serial: String,
    /// Its product line (the warranty rule's key).
    pub product_line: String,
    /// Its model.
    pub model: String,
    /// The site's region (`prd`, `guangdong`, `other`).
    pub region: String,
    /// The site's address.
    pub site_address: String,
    /// The subject who owns it, who sees it in the portal.
    pub subject_ref: Option<String>,
    /// Dates and extension codes (repairs start empty).
    pub facts: DeviceFacts,
    /// The clocks its schedule starts (`tutela_core::service::schedule`), in the same transaction.
    pub clocks: Vec<tutela_core::clock::ClockSpec>,
    /// The device it replaces in an exchange.
    pub replaces: Option<String>,
}

/// A device as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceRecord {
    /// Its id.
    pub id: String,
    /// Serial number.
    pub serial: String,
    /// Product line.
    pub product_line: String,
    /// Model.
    pub model: String,
    /// Region.
    pub region: String,
    /// Site address.
    pub site_address: String,
    /// Owner.
    pub subject_ref: Option<String>,
    /// Dates, extension codes and warranty repairs.
    pub facts: DeviceFacts,
    /// The device it replaced in an exchange.
    pub replaces: Option<String>,
    /// When it was registered.
    pub created_at: Timestamp,
}

/// A meter reading.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MeterReading {
    /// The meter.
    pub unit: UsageUnit,
    /// The reading.
    pub reading: u64,
    /// When it was read.
    pub at: Timestamp,
}

/// What a ticket's history gives, for lists: written by the caller from `tutela_core`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketSummary {
    /// The policy chosen.
    pub policy_key: String,
    /// `open`, `waiting_customer`, `resolved` or `closed`.
    pub status: String,
    /// The earliest due instant of a target still running.
    pub next_due: Option<Timestamp>,
    /// Whether a target is breached (late, met late, or running past due).
    pub breached: bool,
}

/// Derives a ticket's summary from its facts and its whole history; an error refuses the change
/// that would have led to that history (an arrival before the creation).
pub trait Summarize: Send + Sync {
    /// The summary, or why the history is refused.
    fn summarize(&self, facts: &TicketFacts, history: &[TicketEvent]) -> Result<TicketSummary, String>;
}

impl<F> Summarize for F
where
    F: Fn(&TicketFacts, &[TicketEvent]) -> Result<TicketSummary, String> + Send + Sync,
{
    fn summarize(&self, facts: &TicketFacts, history: &[TicketEvent]) -> Result<TicketSummary, String> {
        self(facts, history)
    }
}

/// A ticket to open.
#[derive(Debug, Clone)]
pub struct NewTicket {
    /// The device, if the ticket is about one.
    pub device_id: Option<String>,
    /// What its policy is chosen by.
    pub facts: TicketFacts,
    /// What the customer reported.
    pub description: String,
    /// When it was created (reported).
    pub created_at: Timestamp,
}

/// A ticket as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketRecord {
    /// Its id.
    pub id: String,
    /// Its reference, `TKT-000001`.
    pub reference: String,
    /// The device.
    pub device_id: Option<String>,
    /// The facts its policy is chosen by.
    pub facts: TicketFacts,
    /// What was reported.
    pub description: String,
    /// The summary of its history.
    pub summary: TicketSummary,
    /// When it was created.
    pub created_at: Timestamp,
}

/// One event of a ticket, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketEventRecord {
    /// What happened, and when it happened.
    pub event: TicketEvent,
    /// A note (work done, why waiting).
    pub note: String,
    /// Who recorded it.
    pub actor: String,
    /// When it was recorded.
    pub recorded_at: Timestamp,
}

impl Db {
    /// Adds or replaces the warranty rule of its product line, journaled.
    pub async fn put_warranty_rule(
        &self,
        operator_id: &OperatorId,
        rule: &WarrantyRule,
        actor: &Actor,
    ) -> Result<(), DbError> {
        dispatch!(self, put_warranty_rule(operator_id, rule, actor, now_us()))
    }

    /// The operator's warranty rules, by product line.
    pub async fn list_warranty_rules(&self, operator_id: &OperatorId) -> Result<Vec<WarrantyRule>, DbError> {
        dispatch!(self, list_warranty_rules(operator_id))
    }

    /// Replaces the operator's ordered policies and rewrites every open ticket's summary with
    /// `summarize` (which reads the new policies), in one transaction, journaled.
    pub async fn put_sla_policies(
        &self,
        operator_id: &OperatorId,
        policies: &[SlaPolicy],
        actor: &Actor,
        summarize: &dyn Summarize,
    ) -> Result<u32, DbError> {
        dispatch!(self, put_sla_policies(operator_id, policies, actor, summarize, now_us()))
    }

    /// The operator's policies in order (none yet: empty) and their version.
    pub async fn sla_policies(&self, operator_id: &OperatorId) -> Result<(Vec<SlaPolicy>, i64), DbError> {
        dispatch!(self, sla_policies(operator_id))
    }

    /// Registers a device, journaled; its serial number must be new ([`DbError::Conflict`]).
    pub async fn create_device(
        &self,
        operator_id: &OperatorId,
        new: &NewDevice,
        actor: &Actor,
    ) -> Result<DeviceRecord, DbError> {
        dispatch!(self, create_device(operator_id, new, actor, now_us()))
    }

    /// One device, by id or serial number, with its meter readings.
    pub async fn device(
        &self,
        operator_id: &OperatorId,
        id: &str,
    ) -> Result<(DeviceRecord, Vec<MeterReading>), DbError> {
        dispatch!(self, get_device(operator_id, id))?
            .ok_or_else(|| DbError::NotFound { kind: "device", id: id.to_owned() })
    }

    /// The operator's devices, or one subject's.
    pub async fn list_devices(
        &self,
        operator_id: &OperatorId,
        subject_ref: Option<&str>,
        limit: u32,
    ) -> Result<Vec<DeviceRecord>, DbError> {
        dispatch!(self, list_devices(operator_id, subject_ref, limit.min(MAX_SERVICE_PAGE)))
    }

    /// Records a meter reading; refused when lower than the last reading of that meter or dated
    /// before it.
    pub async fn add_meter_reading(
        &self,
        operator_id: &OperatorId,
        device_id: &str,
        reading: MeterReading,
        actor: &Actor,
    ) -> Result<(), DbError> {
        dispatch!(self, add_meter_reading(operator_id, device_id, reading, actor, now_us()))
    }

    /// Records a repair done under warranty on the device, journaled.
    pub async fn add_repair(
        &self,
        operator_id: &OperatorId,
        device_id: &str,
        repair: &PriorRepair,
        actor: &Actor,
    ) -> Result<DeviceRecord, DbError> {
        dispatch!(self, add_repair(operator_id, device_id, repair, actor, now_us()))
    }

    /// Opens a ticket with its creation event and summary, journaled.
    pub async fn create_ticket(
        &self,
        operator_id: &OperatorId,
        new: &NewTicket,
        actor: &Actor,
        summarize: &dyn Summarize,
    ) -> Result<TicketRecord, DbError> {
        dispatch!(self, create_ticket(operator_id, new, actor, summarize, now_us()))
    }

    /// Records an event of a ticket (possibly back-dated) and rewrites its summary from the whole
    /// history; refused, with nothing written, when `summarize` refuses the history.
    pub async fn record_ticket_event(
        &self,
        operator_id: &OperatorId,
        ticket_id: &str,
        event: TicketEvent,
        note: &str,
        actor: &Actor,
        summarize: &dyn Summarize,
    ) -> Result<TicketRecord, DbError> {
        dispatch!(self, record_ticket_event(operator_id, ticket_id, event, note, actor, summarize, now_us()))
    }

    /// One ticket, by id or reference, with its history in recorded order.
    pub async fn ticket(
        &self,
        operator_id: &OperatorId,
        id: &str,
    ) -> Result<(TicketRecord, Vec<TicketEventRecord>), DbError> {
        dispatch!(self, get_ticket(operator_id, id))?
            .ok_or_else(|| DbError::NotFound { kind: "ticket", id: id.to_owned() })
    }

    /// The operator's tickets: open ones soonest due first (`open_only`), else newest first; or
    /// one device's.
    pub async fn list_tickets(
        &self,
        operator_id: &OperatorId,
        open_only: bool,
        device_id: Option<&str>,
        limit: u32,
    ) -> Result<Vec<TicketRecord>, DbError> {
        dispatch!(self, list_tickets(operator_id, open_only, device_id, limit.min(MAX_SERVICE_PAGE)))
    }
}

/// A ticket's service report as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceReportRecord {
    /// What the engineer reported.
    pub report: tutela_core::service::report::VisitReport,
    /// What the customer pays, in the minor unit.
    pub charge_minor: u64,
    /// Who entered it.
    pub reported_by: String,
    /// When.
    pub reported_at: Timestamp,
    /// The customer's confirmation.
    pub confirmation: Option<tutela_core::service::report::Confirmation>,
    /// When the clerk closed the ticket.
    pub closed_at: Option<Timestamp>,
    /// The call-back clock closing started.
    pub callback_clock_id: Option<String>,
    /// The customer's satisfaction (1 to 5) once called back.
    pub satisfaction: Option<u8>,
    /// What the customer said.
    pub callback_note: Option<String>,
}

impl Db {
    /// Enters or replaces a ticket's service report, journaled; refused once confirmed.
    pub async fn put_service_report(
        &self,
        operator_id: &OperatorId,
        ticket_id: &str,
        report: &tutela_core::service::report::VisitReport,
        actor: &Actor,
    ) -> Result<ServiceReportRecord, DbError> {
        dispatch!(self, put_service_report(operator_id, ticket_id, report, actor, now_us()))
    }

    /// A ticket's service report, if one was entered.
    pub async fn service_report(
        &self,
        operator_id: &OperatorId,
        ticket_id: &str,
    ) -> Result<Option<ServiceReportRecord>, DbError> {
        dispatch!(self, service_report(operator_id, ticket_id))
    }

    /// Records the customer's confirmation of a ticket's report (typed name and how), journaled.
    pub async fn confirm_service_report(
        &self,
        operator_id: &OperatorId,
        ticket_id: &str,
        name: &str,
        method: &str,
        actor: &Actor,
    ) -> Result<ServiceReportRecord, DbError> {
        dispatch!(self, confirm_service_report(operator_id, ticket_id, name, method, actor, now_us()))
    }

    /// Closes a ticket whose report the customer confirmed: its `closed` event, its summary, and
    /// the call-back clock `callback` started, in one transaction.
    pub async fn close_ticket(
        &self,
        operator_id: &OperatorId,
        ticket_id: &str,
        callback: &tutela_core::clock::ClockSpec,
        actor: &Actor,
        summarize: &dyn Summarize,
    ) -> Result<ServiceReportRecord, DbError> {
        dispatch!(self, close_ticket(operator_id, ticket_id, callback, actor, summarize, now_us()))
    }

    /// Records the call-back (satisfaction 1 to 5, what was said) and completes its clock.
    pub async fn record_callback(
        &self,
        operator_id: &OperatorId,
        ticket_id: &str,
        satisfaction: u8,
        note: &str,
        actor: &Actor,
    ) -> Result<ServiceReportRecord, DbError> {
        dispatch!(self, record_callback(operator_id, ticket_id, satisfaction, note, actor, now_us()))
    }
}

/// Most tickets one attainment report reads.
pub const MAX_REPORT_TICKETS: u32 = 10_000;

impl Db {
    /// The operator's tickets created at or after `since` (newest first, at most `limit`, bounded by
    /// [`MAX_REPORT_TICKETS`]) with their histories, read in two queries: what the attainment
    /// report derives its figures from.
    pub async fn ticket_histories(
        &self,
        operator_id: &OperatorId,
        since: Timestamp,
        limit: u32,
    ) -> Result<Vec<(TicketRecord, Vec<TicketEvent>)>, DbError> {
        dispatch!(self, ticket_histories(operator_id, since, limit.min(MAX_REPORT_TICKETS)))
    }
}

/// A return or exchange to record.
#[derive(Debug, Clone)]
pub struct NewReturn {
    /// `return` or `exchange`.
    pub kind: String,
    /// The day it was asked for.
    pub requested_on: jiff::civil::Date,
    /// The items the clerk ticked (`packaging`, `invoice` ...).
    pub items: Vec<String>,
    /// The customer's reason.
    pub reason: Option<String>,
    /// The verdict (`tutela_core::service::returns::ReturnVerdict`), as JSON.
    pub verdict: serde_json::Value,
    /// For an accepted exchange: the new device, registered in the same transaction.
    pub replacement: Option<NewDevice>,
}

/// A return or exchange as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnRecord {
    /// Its id.
    pub id: String,
    /// `return` or `exchange`.
    pub kind: String,
    /// When it was asked for.
    pub requested_on: jiff::civil::Date,
    /// The items ticked.
    pub items: Vec<String>,
    /// The reason.
    pub reason: Option<String>,
    /// The verdict.
    pub verdict: serde_json::Value,
    /// The new device of an exchange.
    pub new_device_id: Option<String>,
    /// When it was recorded.
    pub created_at: Timestamp,
}

impl Db {
    /// Records a return or exchange of a device with its verdict, and registers the replacement of
    /// an accepted exchange, in one transaction, journaled.
    pub async fn record_return(
        &self,
        operator_id: &OperatorId,
        device_id: &str,
        new: &NewReturn,
        actor: &Actor,
    ) -> Result<ReturnRecord, DbError> {
        dispatch!(self, record_return(operator_id, device_id, new, actor, now_us()))
    }

    /// A device's returns and exchanges, oldest first.
    pub async fn list_returns(&self, operator_id: &OperatorId, device_id: &str) -> Result<Vec<ReturnRecord>, DbError> {
        dispatch!(self, list_returns(operator_id, device_id))
    }
}
