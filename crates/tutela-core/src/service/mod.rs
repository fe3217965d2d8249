//! After-sales service (seed 003): warranty decisions ([`warranty`]) and service-level policies
//! with the clocks of a ticket derived from its history ([`sla`]).

pub mod sla;
pub mod warranty;
