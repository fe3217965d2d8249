//! Webhooks, e-mail recipients and the outbox the scheduler delivers from.

use crate::*;

impl Db {
    /// Adds a webhook endpoint with a new signing secret.
    pub async fn add_webhook(&self, operator_id: &OperatorId, url: &str, actor: &Actor) -> Result<Webhook, DbError> {
        let secret = secrets::new_signing_secret();
        dispatch!(self, add_webhook(operator_id, url, &secret, actor, now_us()))
    }

    /// The operator's webhook endpoints.
    pub async fn list_webhooks(&self, operator_id: &OperatorId) -> Result<Vec<Webhook>, DbError> {
        dispatch!(self, list_webhooks(operator_id))
    }

    /// Adds an address that receives the operator's notifications by e-mail; at most
    /// [`MAX_EMAIL_RECIPIENTS`] per operator ([`DbError::Limit`]), each once
    /// ([`DbError::Conflict`]).
    pub async fn add_email_recipient(
        &self,
        operator_id: &OperatorId,
        address: &StaffEmail,
        actor: &Actor,
    ) -> Result<EmailRecipient, DbError> {
        dispatch!(self, add_email_recipient(operator_id, address, actor, now_us()))
    }

    /// The operator's e-mail recipients, by address.
    pub async fn list_email_recipients(&self, operator_id: &OperatorId) -> Result<Vec<EmailRecipient>, DbError> {
        dispatch!(self, list_email_recipients(operator_id))
    }

    /// Removes one of the operator's e-mail recipients ([`DbError::NotFound`] when it has no such
    /// recipient). Messages already queued for it are not sent.
    pub async fn remove_email_recipient(
        &self,
        operator_id: &OperatorId,
        recipient_id: &str,
        actor: &Actor,
    ) -> Result<(), DbError> {
        dispatch!(self, remove_email_recipient(operator_id, recipient_id, actor, now_us()))
    }

    /// A page of the operator's notifications, newest first, after the message `after`.
    pub async fn list_outbox(
        &self,
        operator_id: &OperatorId,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Vec<OutboxMessage>, DbError> {
        dispatch!(self, list_outbox(operator_id, after, limit.min(MAX_JOURNAL_PAGE)))
    }

    /// Claims deliveries of any channel that are due, leasing each for `lease_s` seconds.
    pub async fn claim_deliveries(&self, now: Timestamp, lease_s: i64, limit: u32) -> Result<Vec<Delivery>, DbError> {
        dispatch!(self, claim_deliveries(now, lease_s, limit))
    }

    /// The earliest planned delivery attempt (including expired leases of other instances).
    pub async fn next_delivery_at(&self) -> Result<Option<Timestamp>, DbError> {
        dispatch!(self, next_delivery_at())
    }

    /// Records how a delivery attempt ended.
    pub async fn finish_delivery(&self, message_id: &str, outcome: &DeliveryOutcome) -> Result<(), DbError> {
        dispatch!(self, finish_delivery(message_id, outcome, now_us()))
    }
}
