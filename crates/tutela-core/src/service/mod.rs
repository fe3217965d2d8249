//! After-sales service (seed 003): warranty decisions ([`warranty`]) and service-level policies
//! with the clocks of a ticket derived from its history ([`sla`]), and service reports with the
//! customer's confirmation and the call-back after closing ([`report`]), and the follow-up calls and
//! inspections a device is owed ([`schedule`]), and returns and exchanges checked against the line's
//! conditions ([`returns`]).

pub mod report;
pub mod returns;
pub mod schedule;
pub mod sla;
pub mod warranty;
