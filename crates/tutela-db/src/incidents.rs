//! Security incidents: each registered with its human reference, the facts its notices were
//! derived from, and one row per notice the law requires (its draft, its clock, and once sent,
//! when, how and by whom), all written in one transaction with the journal.
//!
//! A notice that runs from another being sent has no clock until then: recording the first as
//! sent completes its clock and starts the followers' clocks in the same transaction.

use tutela_core::clock::ClockSpec;

use crate::*;

/// Most incidents one page lists.
pub const MAX_INCIDENTS_PAGE: u32 = 200;
/// Longest incident description, in bytes.
pub const MAX_INCIDENT_DESCRIPTION_BYTES: usize = 16 * 1024;

/// An incident to register.
#[derive(Debug, Clone)]
pub struct NewIncident {
    /// What happened, as staff describe it.
    pub description: String,
    /// The facts (`tutela_core::incident::IncidentFacts` and what the drafts name), as JSON.
    pub facts: serde_json::Value,
    /// When it was discovered.
    pub discovered_at: Timestamp,
    /// The notices it requires, in order.
    pub notices: Vec<NewIncidentNotice>,
}

/// A notice an incident requires.
#[derive(Debug, Clone)]
pub struct NewIncidentNotice {
    /// Its duty's key, unique within the incident (`ru_152fz.first_notice`).
    pub duty_key: String,
    /// `regulator`, `subjects` or `attorney_general`.
    pub recipient: String,
    /// The authority, for a regulator.
    pub authority: String,
    /// The article requiring it.
    pub article: String,
    /// The draft's language.
    pub language: String,
    /// What is due, in words.
    pub duty: String,
    /// The duty whose notice starts this one's clock.
    pub follows: Option<String>,
    /// Its clock, unless it follows another notice.
    pub clock: Option<ClockSpec>,
    /// The draft notice.
    pub draft: String,
}

/// A registered incident.
#[derive(Debug, Clone, PartialEq)]
pub struct IncidentRecord {
    /// Its id.
    pub id: String,
    /// Its reference, `INC-2026-000001`.
    pub reference: String,
    /// What happened.
    pub description: String,
    /// The facts, as registered.
    pub facts: serde_json::Value,
    /// When it was discovered.
    pub discovered_at: Timestamp,
    /// Who registered it.
    pub created_by: String,
    /// When.
    pub created_at: Timestamp,
}

/// A notice of an incident, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentNoticeRecord {
    /// Its duty's key.
    pub duty_key: String,
    /// Who is told.
    pub recipient: String,
    /// The authority, for a regulator.
    pub authority: String,
    /// The article.
    pub article: String,
    /// The draft's language.
    pub language: String,
    /// What is due.
    pub duty: String,
    /// The duty it follows, if any.
    pub follows: Option<String>,
    /// Its clock, once started.
    pub clock_id: Option<String>,
    /// The draft.
    pub draft: String,
    /// Hex SHA-256 of the draft (journaled).
    pub draft_sha256: String,
    /// When it was sent.
    pub sent_at: Option<Timestamp>,
    /// How (`e-mail to pd@rkn.gov.ru`, `the authority's web form`).
    pub sent_how: Option<String>,
    /// Who recorded it.
    pub sent_by: Option<String>,
}

impl Db {
    /// Registers an incident with its notices and their clocks, numbered per operator and year of
    /// discovery, and journals it.
    pub async fn create_incident(
        &self,
        operator_id: &OperatorId,
        new: &NewIncident,
        actor: &Actor,
    ) -> Result<IncidentRecord, DbError> {
        dispatch!(self, create_incident(operator_id, new, actor, now_us()))
    }

    /// The operator's incidents, newest first.
    pub async fn list_incidents(&self, operator_id: &OperatorId, limit: u32) -> Result<Vec<IncidentRecord>, DbError> {
        dispatch!(self, list_incidents(operator_id, limit.min(MAX_INCIDENTS_PAGE)))
    }

    /// One incident, by id or reference, with its notices in order.
    pub async fn incident(
        &self,
        operator_id: &OperatorId,
        id: &str,
    ) -> Result<(IncidentRecord, Vec<IncidentNoticeRecord>), DbError> {
        dispatch!(self, get_incident(operator_id, id))?
            .ok_or_else(|| DbError::NotFound { kind: "incident", id: id.to_owned() })
    }

    /// Records the notice `duty_key` of the incident `incident_id` as sent at `sent_at` by `how`:
    /// completes its clock and starts `followers` (duty key and clock of each notice that runs
    /// from this one), journaled; refused when it was recorded as sent already.
    #[allow(clippy::too_many_arguments)]
    pub async fn record_incident_notice_sent(
        &self,
        operator_id: &OperatorId,
        incident_id: &str,
        duty_key: &str,
        how: &str,
        sent_at: Timestamp,
        followers: &[(String, ClockSpec)],
        actor: &Actor,
    ) -> Result<IncidentNoticeRecord, DbError> {
        dispatch!(
            self,
            record_incident_notice_sent(operator_id, incident_id, duty_key, how, sent_at, followers, actor, now_us())
        )
    }
}
