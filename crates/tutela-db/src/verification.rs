//! Verifying a requester: by a one-time code sent to their e-mail address (made and queued in the
//! outbox in one transaction and kept only as its digest; a code entered is checked against its
//! expiry, its use and the wrong attempts allowed, and a right one verifies the request), or by
//! the documents that came with the request, attached with their digests.

use crate::*;

/// Most files one request keeps.
pub const MAX_ATTACHMENTS: u32 = 20;

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

    /// Attaches a file to the request `request_id` (its id), journaled with its digest; refused
    /// past [`MAX_ATTACHMENTS`]. The caller has checked its type and size.
    pub async fn attach_to_request(
        &self,
        operator_id: &OperatorId,
        request_id: &str,
        name: &str,
        media_type: &str,
        bytes: &[u8],
        actor: &Actor,
    ) -> Result<AttachmentRecord, DbError> {
        dispatch!(self, attach_to_request(operator_id, request_id, name, media_type, bytes, actor, now_us()))
    }

    /// A request's attachments, oldest first, without their bytes.
    pub async fn request_attachments(
        &self,
        operator_id: &OperatorId,
        request_id: &str,
    ) -> Result<Vec<AttachmentRecord>, DbError> {
        dispatch!(self, request_attachments(operator_id, request_id))
    }

    /// One attachment with its bytes; `NotFound` when the request has no such attachment.
    pub async fn attachment(
        &self,
        operator_id: &OperatorId,
        request_id: &str,
        attachment_id: &str,
    ) -> Result<(AttachmentRecord, Vec<u8>), DbError> {
        dispatch!(self, attachment_bytes(operator_id, request_id, attachment_id))?
            .ok_or_else(|| DbError::NotFound { kind: "attachment", id: attachment_id.to_owned() })
    }
}
