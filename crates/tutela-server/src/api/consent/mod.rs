//! The consent ledger's API: capture, decisions, a subject's state, withdrawal, objection, age,
//! blocks, IAB signals, proof and receipts, and what 152-FZ art. 10.1 and GPC have published.
//!
//! - `capture`: `POST /consents` and notice texts; `decisions`: single, batch, export and
//!   suppression lists; `subjects`: everything about one subject; `receipts`: Kantara and ISO/IEC TS
//!   27560 receipts of a record; `ledger`: the writer and each operator's purpose rules, shared by
//!   all of them.

pub mod capture;
pub mod decisions;
pub mod ledger;
pub mod receipts;
pub mod subjects;

use tutela_core::staff::Permission;
use utoipa_axum::routes;

use crate::api::route::{ApiRoute, public, staff};

/// The consent ledger's routes.
pub fn routes() -> Vec<ApiRoute> {
    vec![
        staff(Permission::RecordConsent, routes!(capture::capture)),
        staff(Permission::RecordConsent, routes!(capture::put_notice)),
        staff(Permission::ReadDecisions, routes!(capture::get_notice)),
        staff(Permission::ReadSubjectData, routes!(capture::get_record)),
        staff(Permission::ReadSubjectData, routes!(receipts::receipt)),
        staff(Permission::ReadDecisions, routes!(decisions::decision)),
        staff(Permission::ReadDecisions, routes!(decisions::batch)),
        staff(Permission::ReadDecisions, routes!(decisions::export)),
        staff(Permission::ReadDecisions, routes!(decisions::suppressed)),
        staff(Permission::ReadDecisions, routes!(subjects::get_subject)),
        staff(Permission::RecordConsent, routes!(subjects::withdraw)),
        staff(Permission::RecordConsent, routes!(subjects::object)),
        staff(Permission::RecordConsent, routes!(subjects::put_age)),
        staff(Permission::BlockProcessing, routes!(subjects::block)),
        staff(Permission::BlockProcessing, routes!(subjects::unblock)),
        staff(Permission::RecordConsent, routes!(subjects::signal)),
        staff(Permission::ReadSubjectData, routes!(subjects::proof)),
        public(routes!(subjects::published_distribution)),
        public(routes!(ledger::gpc_json)),
    ]
}
