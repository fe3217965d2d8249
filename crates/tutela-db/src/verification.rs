//! Verifying a requester by a one-time code sent to their e-mail address: the code is made and
//! queued in the outbox in one transaction and kept only as its digest; a code entered is checked
//! against its expiry, its use and the wrong attempts allowed, and a right one verifies the request.

use crate::*;

/// The outbox topic of a one-time code e-mailed to a requester.
pub const REQUEST_CODE_TOPIC: &str = "request.code";

impl Db {
    /// Sends a new code for the request `request_id` (its id) to `sent_to`, replacing any earlier
    /// one; refused when the request is not `received` or `limits.max_codes` were sent already.
    pub async fn issue_request_code(
        &self,
        operator_id: &OperatorId,
        request_id: &str,
        sent_to: &str,
        limits: CodeLimits,
        actor: &Actor,
    ) -> Result<IssuedCode, DbError> {
        dispatch!(self, issue_request_code(operator_id, request_id, sent_to, limits, actor, now_us()))
    }

    /// Checks a code entered for the request `request_id` (its id): refused (with the reason) when
    /// none was sent, it expired, was used, or too many wrong ones were entered.
    pub async fn check_request_code(
        &self,
        operator_id: &OperatorId,
        request_id: &str,
        code: &str,
        limits: CodeLimits,
        actor: &Actor,
    ) -> Result<CodeCheck, DbError> {
        dispatch!(self, check_request_code(operator_id, request_id, code, limits, actor, now_us()))
    }
}
