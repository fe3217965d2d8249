//! The request log: data-subject requests entered the moment they arrive, each with its human
//! reference, its statutory clock and the history of its status.

use crate::*;

impl Db {
    /// Enters a request in the log with its clock, its first event and its journal entries, in one
    /// transaction; numbers it per operator and year.
    pub async fn create_request(
        &self,
        operator_id: &OperatorId,
        new: &NewRequest,
        actor: &Actor,
    ) -> Result<RequestRecord, DbError> {
        dispatch!(self, create_request(operator_id, new, actor, now_us()))
    }

    /// One of the operator's requests, by id or reference.
    pub async fn request(&self, operator_id: &OperatorId, id: &str) -> Result<RequestRecord, DbError> {
        dispatch!(self, get_request(operator_id, id))?
            .ok_or_else(|| DbError::NotFound { kind: "request", id: id.to_owned() })
    }

    /// A page of the operator's requests, newest first, after the request `after`; only those in
    /// `status` when given (`open` for received or verified).
    pub async fn list_requests(
        &self,
        operator_id: &OperatorId,
        after: Option<&str>,
        limit: u32,
        status: Option<&str>,
    ) -> Result<Vec<RequestRecord>, DbError> {
        dispatch!(self, list_requests(operator_id, after, limit.min(MAX_JOURNAL_PAGE), status))
    }

    /// Adds a note to the request's history (its status unchanged), journaled, and queues
    /// `letter` (subject, body) to the requester's address when given, in one transaction.
    pub async fn add_request_note(
        &self,
        operator_id: &OperatorId,
        request_id: &str,
        actor: &Actor,
        note: &str,
        letter: Option<&NewAnswer>,
    ) -> Result<(), DbError> {
        dispatch!(self, add_request_note(operator_id, request_id, actor, note, letter, now_us()))
    }

    /// The answer a closed request was given, if it was given one.
    pub async fn request_answer(
        &self,
        operator_id: &OperatorId,
        request_id: &str,
    ) -> Result<Option<AnswerRecord>, DbError> {
        dispatch!(self, request_answer(operator_id, request_id))
    }

    /// The request log for the register and the report: the newest `limit` requests (at most
    /// [`MAX_REQUEST_LOG`]) with their clock's state.
    pub async fn request_log(&self, operator_id: &OperatorId, limit: u32) -> Result<Vec<RequestLogRow>, DbError> {
        dispatch!(self, request_log(operator_id, limit.min(MAX_REQUEST_LOG)))
    }

    /// A request's status history, oldest first.
    pub async fn request_events(
        &self,
        operator_id: &OperatorId,
        request_id: &str,
    ) -> Result<Vec<RequestEvent>, DbError> {
        dispatch!(self, request_events(operator_id, request_id))
    }

    /// Moves a request to `change.status` with its note when `check` accepts the change from its current
    /// state ([`DbError::Refused`] with its reason otherwise); journaled.
    pub async fn change_request<F>(
        &self,
        operator_id: &OperatorId,
        id: &str,
        actor: &Actor,
        change: StatusChange<'_>,
        check: F,
    ) -> Result<RequestRecord, DbError>
    where
        F: FnOnce(&RequestRecord) -> Result<(), String>,
    {
        dispatch!(self, change_request(operator_id, id, actor, change, check, now_us()))
    }
}

/// The outbox topic of an answer e-mailed to a requester.
pub const REQUEST_ANSWER_TOPIC: &str = "request.answer";

/// The outbox topic of a letter to a requester before the answer (a request for completion).
pub const REQUEST_LETTER_TOPIC: &str = "request.letter";

/// Most requests one read of the request log returns, for the register and the report.
pub const MAX_REQUEST_LOG: u32 = 100_000;
