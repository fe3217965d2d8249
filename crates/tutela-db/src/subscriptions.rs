//! Subscriptions and accounts: plans, each subject's subscriptions with every change and the receipt
//! sent for it, account closures with their grace period, the suppression list, and links that
//! cancel a subscription without signing in.
//!
//! Every change runs the state machine of `tutela_core::subscription` on the stored state inside
//! one transaction that also records the event, journals it, queues its webhook event
//! (`subscription.<event>`, `account.<event>`) and the subject's receipt: a refused action writes
//! nothing. The time an action takes effect (`at`) is the caller's, so a scheduler or a test can
//! run the machine at the instant it means; the journal records when it was written.

use jiff::Timestamp;
use tutela_core::subscription::{Change, Closure, Plan, Refused, Subscription};

use crate::*;

/// Most subscriptions or closures one page lists.
pub const MAX_SUBSCRIPTIONS_PAGE: u32 = 500;
/// Most plans one operator offers.
pub const MAX_PLANS: u32 = 50;
/// Longest cancellation reason or closure reason, in characters.
pub const MAX_REASON_CHARS: usize = 500;
/// How long a cancellation link stays valid, in seconds.
pub const CANCEL_LINK_TTL_S: i64 = 24 * 3600;
/// Topic of a receipt e-mailed to a subject (payload: `subject`, `body`, written in their language).
pub const SUBSCRIPTION_RECEIPT_TOPIC: &str = "subscription.receipt";

/// A plan an operator offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRecord {
    /// Its key (`individual`).
    pub key: String,
    /// Its name as subjects see it.
    pub name: String,
    /// Its terms.
    pub terms: Plan,
    /// When it was last changed.
    pub updated_at: Timestamp,
}

/// A subject signing up.
#[derive(Debug, Clone)]
pub struct NewSubscription {
    /// The operator's reference for the subject.
    pub subject_ref: String,
    /// Where receipts go, if the subject gave an address.
    pub email: Option<String>,
    /// The language receipts are written in.
    pub language: String,
    /// The plan's key.
    pub plan_key: String,
    /// How the subject signed up (`web`, `app`, `phone`, `api`).
    pub channel: String,
    /// How many steps sign-up took: cancelling may take no more.
    pub steps: u32,
}

/// A subscription as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionRecord {
    /// Its id.
    pub id: String,
    /// Its reference, `SUB-000001`.
    pub reference: String,
    /// The subject.
    pub subject_ref: String,
    /// Where receipts go (cleared when the account is closed).
    pub email: Option<String>,
    /// The receipts' language.
    pub language: String,
    /// The plan's key.
    pub plan_key: String,
    /// The plan's name at sign-up.
    pub plan_name: String,
    /// The terms signed up on.
    pub terms: Plan,
    /// Its state.
    pub state: Subscription,
    /// How sign-up happened.
    pub signup_channel: String,
    /// How many steps sign-up took.
    pub signup_steps: u32,
    /// When it was created.
    pub created_at: Timestamp,
    /// Changes so far (optimistic concurrency).
    pub version: i64,
}

/// One change of a subscription, with the receipt the subject was sent for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SubscriptionEvent {
    /// `signed_up`, or a [`Change`]'s event.
    pub event: String,
    /// The status before (none at sign-up).
    pub from_status: Option<String>,
    /// The status after.
    pub to_status: String,
    /// When it took effect.
    pub at: Timestamp,
    /// A refund, in the minor unit.
    pub refund_minor: Option<u64>,
    /// The subject's reason, when they gave one.
    pub reason: Option<String>,
    /// Steps the subject took, when counted.
    pub steps: Option<u32>,
    /// Who did it.
    pub actor: String,
    /// The receipt's subject line, when one was sent.
    pub receipt_subject: Option<String>,
    /// The receipt's text.
    pub receipt_body: Option<String>,
}

/// What the subject said with an action: an optional reason, and the steps it took.
#[derive(Debug, Clone, Default)]
pub struct ChangeNote {
    /// The reason (a cancellation survey's answer), if given.
    pub reason: Option<String>,
    /// Steps taken, when counted.
    pub steps: Option<u32>,
}

/// A message to the subject, written by the caller in the subject's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    /// Subject line.
    pub subject: String,
    /// Text.
    pub body: String,
}

/// An account closure as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClosureRecord {
    /// Its id.
    pub id: String,
    /// The operator (closures are processed across operators by the scheduler).
    pub operator_id: OperatorId,
    /// The subject.
    pub subject_ref: String,
    /// Where the subject is told (cleared once closed).
    pub email: Option<String>,
    /// The subject's language.
    pub language: String,
    /// `pending` (in its grace), `restored`, `closing` (subscriptions ended, erasure running),
    /// `closed`.
    pub state: String,
    /// The subject's reason, if given.
    pub reason: Option<String>,
    /// When it was asked for and when the grace ends.
    pub closure: Closure,
    /// When it was restored.
    pub restored_at: Option<Timestamp>,
    /// When it was closed.
    pub closed_at: Option<Timestamp>,
    /// The erasure request that carries it out.
    pub request_id: Option<String>,
    /// Subscriptions whose cancellation it scheduled.
    pub cancelled_subscriptions: Vec<String>,
}

/// Writes the messages a subject is sent, in their language: a receipt for a change of their
/// subscription, and a message about their account's closure. `None`: nothing is sent.
pub trait ReceiptWriter: Send + Sync {
    /// The receipt for `change` of `subscription` (its state after the change).
    fn change(&self, subscription: &SubscriptionRecord, change: &Change) -> Option<Receipt>;

    /// The message about `closure` on its `event`: `closure_requested`, `restored`, or `closed`
    /// with the destruction act's number.
    fn account(&self, closure: &ClosureRecord, event: &str, act: Option<&str>) -> Option<Receipt>;
}

/// Sends nothing: for changes no subject needs telling about (tests, imports).
pub struct NoReceipts;

impl ReceiptWriter for NoReceipts {
    fn change(&self, _: &SubscriptionRecord, _: &Change) -> Option<Receipt> {
        None
    }

    fn account(&self, _: &ClosureRecord, _: &str, _: Option<&str>) -> Option<Receipt> {
        None
    }
}

impl Db {
    /// Adds a plan or changes its terms, journaled; subscriptions keep the terms they started on.
    pub async fn put_plan(
        &self,
        operator_id: &OperatorId,
        key: &str,
        name: &str,
        terms: &Plan,
        actor: &Actor,
    ) -> Result<PlanRecord, DbError> {
        dispatch!(self, put_plan(operator_id, key, name, terms, actor, now_us()))
    }

    /// The operator's plans, by key.
    pub async fn list_plans(&self, operator_id: &OperatorId) -> Result<Vec<PlanRecord>, DbError> {
        dispatch!(self, list_plans(operator_id))
    }

    /// Signs `new.subject_ref` up to a plan at `at`; refused while the subject has a subscription
    /// that has not ended. `receipt` writes the sign-up receipt (as a change from nothing).
    pub async fn start_subscription(
        &self,
        operator_id: &OperatorId,
        new: &NewSubscription,
        at: Timestamp,
        actor: &Actor,
        receipt: &dyn ReceiptWriter,
    ) -> Result<SubscriptionRecord, DbError> {
        dispatch!(self, start_subscription(operator_id, new, at, actor, receipt, now_us()))
    }

    /// One subscription, by id or reference, with its events in order.
    pub async fn subscription(
        &self,
        operator_id: &OperatorId,
        id: &str,
    ) -> Result<(SubscriptionRecord, Vec<SubscriptionEvent>), DbError> {
        dispatch!(self, get_subscription(operator_id, id))?
            .ok_or_else(|| DbError::NotFound { kind: "subscription", id: id.to_owned() })
    }

    /// The operator's subscriptions, newest first; only one subject's, or one status's, when given.
    pub async fn list_subscriptions(
        &self,
        operator_id: &OperatorId,
        subject_ref: Option<&str>,
        status: Option<&str>,
        limit: u32,
    ) -> Result<Vec<SubscriptionRecord>, DbError> {
        dispatch!(self, list_subscriptions(operator_id, subject_ref, status, limit.min(MAX_SUBSCRIPTIONS_PAGE)))
    }

    /// Runs `action` (which brings the subscription to the instant it acts at) and stores every change it makes (the changes
    /// that fell due before `at` first), with receipts; a refusal writes nothing and is returned as
    /// [`DbError::Refused`] naming the reason.
    pub async fn change_subscription<F>(
        &self,
        operator_id: &OperatorId,
        id: &str,
        note: &ChangeNote,
        actor: &Actor,
        action: F,
        receipt: &dyn ReceiptWriter,
    ) -> Result<(SubscriptionRecord, Vec<Change>), DbError>
    where
        F: FnOnce(&mut Subscription, &Plan) -> Result<Vec<Change>, Refused> + Send,
    {
        dispatch!(self, change_subscription(operator_id, id, note, actor, action, receipt, now_us()))
    }

    /// Brings every subscription whose next change is due by `now` up to date (renewals, trials'
    /// and pauses' ends, scheduled cancellations, expiries), at most `limit`, as
    /// `system:subscriptions`, of one operator or all; returns the references changed with their
    /// changes.
    pub async fn advance_due_subscriptions(
        &self,
        operator_id: Option<&OperatorId>,
        now: Timestamp,
        limit: u32,
        receipt: &dyn ReceiptWriter,
    ) -> Result<Vec<(String, Vec<Change>)>, DbError> {
        dispatch!(self, advance_due_subscriptions(operator_id, now, limit, receipt, now_us()))
    }

    /// Sends the reminders of pauses about to end that are due by `now` (at most `limit`); each
    /// is sent once, of one operator or all. `reminder` writes it.
    pub async fn send_pause_reminders<F>(
        &self,
        operator_id: Option<&OperatorId>,
        now: Timestamp,
        limit: u32,
        reminder: F,
    ) -> Result<u32, DbError>
    where
        F: Fn(&SubscriptionRecord) -> Option<Receipt> + Send + Sync,
    {
        dispatch!(self, send_pause_reminders(operator_id, now, limit, &reminder, now_us()))
    }

    /// E-mails a link that cancels the subscription `reference` without signing in, when `email`
    /// is its address (compared case-insensitively) and it has not ended: `link` writes the message
    /// from the token. Returns whether one was sent; the caller says the same either way.
    pub async fn send_cancel_link<F>(
        &self,
        operator_id: &OperatorId,
        reference: &str,
        email: &str,
        at: Timestamp,
        link: F,
    ) -> Result<bool, DbError>
    where
        F: FnOnce(&SubscriptionRecord, &str) -> Receipt + Send,
    {
        dispatch!(self, send_cancel_link(operator_id, reference, email, at, link, now_us()))
    }

    /// The subscription a cancellation link names, while the link is valid at `at` and unused
    /// ([`DbError::Refused`] names why not: unknown, expired, used).
    pub async fn cancel_link(
        &self,
        operator_id: &OperatorId,
        token: &str,
        at: Timestamp,
    ) -> Result<SubscriptionRecord, DbError> {
        dispatch!(self, cancel_link(operator_id, &secrets::token_digest(token), at))
    }

    /// Uses a cancellation link: cancels its subscription at `at` (at the period's end) as the
    /// subject, and marks the link used, in one transaction.
    pub async fn use_cancel_link(
        &self,
        operator_id: &OperatorId,
        token: &str,
        at: Timestamp,
        note: &ChangeNote,
        receipt: &dyn ReceiptWriter,
    ) -> Result<(SubscriptionRecord, Vec<Change>), DbError> {
        dispatch!(self, use_cancel_link(operator_id, &secrets::token_digest(token), at, note, receipt, now_us()))
    }

    /// The operator's grace period before a closed account is erased, in days.
    pub async fn grace_days(&self, operator_id: &OperatorId) -> Result<u16, DbError> {
        dispatch!(self, grace_days(operator_id))
    }

    /// Sets the operator's grace period, journaled.
    pub async fn put_grace_days(&self, operator_id: &OperatorId, days: u16, actor: &Actor) -> Result<(), DbError> {
        dispatch!(self, put_grace_days(operator_id, days, actor, now_us()))
    }

    /// Starts closing the subject's account at `at`: the grace period starts, every running
    /// subscription is cancelled at its period's end (nothing more charged), the subject goes on
    /// the suppression list; refused while a closure of theirs is open.
    #[allow(clippy::too_many_arguments)]
    pub async fn close_account(
        &self,
        operator_id: &OperatorId,
        subject_ref: &str,
        email: Option<&str>,
        language: &str,
        reason: Option<&str>,
        at: Timestamp,
        actor: &Actor,
        receipt: &dyn ReceiptWriter,
    ) -> Result<ClosureRecord, DbError> {
        let new = NewClosure { subject_ref, email, language, reason };
        dispatch!(self, close_account(operator_id, &new, at, actor, receipt, now_us()))
    }

    /// Restores an account within its grace: the cancellations the closure scheduled are reverted
    /// and its suppression removed.
    pub async fn restore_account(
        &self,
        operator_id: &OperatorId,
        closure_id: &str,
        at: Timestamp,
        actor: &Actor,
        receipt: &dyn ReceiptWriter,
    ) -> Result<ClosureRecord, DbError> {
        dispatch!(self, restore_account(operator_id, closure_id, at, actor, receipt, now_us()))
    }

    /// The operator's closures, newest first, or one subject's.
    pub async fn list_closures(
        &self,
        operator_id: &OperatorId,
        subject_ref: Option<&str>,
        limit: u32,
    ) -> Result<Vec<ClosureRecord>, DbError> {
        dispatch!(self, list_closures(Some(operator_id), subject_ref, None, limit.min(MAX_SUBSCRIPTIONS_PAGE)))
    }

    /// One closure.
    pub async fn closure(&self, operator_id: &OperatorId, closure_id: &str) -> Result<ClosureRecord, DbError> {
        dispatch!(self, get_closure(operator_id, closure_id))?
            .ok_or_else(|| DbError::NotFound { kind: "account closure", id: closure_id.to_owned() })
    }

    /// Closures (of one operator or all) whose grace ended by `now` and that are not closed yet.
    pub async fn due_closures(
        &self,
        operator_id: Option<&OperatorId>,
        now: Timestamp,
        limit: u32,
    ) -> Result<Vec<ClosureRecord>, DbError> {
        dispatch!(self, list_closures(operator_id, None, Some(now), limit.min(MAX_SUBSCRIPTIONS_PAGE)))
    }

    /// The grace has ended: ends every subscription of the subject at once and marks the closure
    /// `closing`. Repeating it on a closing closure changes nothing.
    pub async fn begin_closing(
        &self,
        closure: &ClosureRecord,
        at: Timestamp,
        actor: &Actor,
        receipt: &dyn ReceiptWriter,
    ) -> Result<(), DbError> {
        dispatch!(self, begin_closing(closure, at, actor, receipt, now_us()))
    }

    /// The erasure request `request_id` is done: the closure is `closed`, the subject is told
    /// (`receipt.account(.., "closed", act)`), and the addresses Tutela kept for them (on the
    /// closure and their subscriptions) are cleared.
    pub async fn finish_closing(
        &self,
        closure: &ClosureRecord,
        request_id: &str,
        act_number: &str,
        at: Timestamp,
        actor: &Actor,
        receipt: &dyn ReceiptWriter,
    ) -> Result<(), DbError> {
        dispatch!(self, finish_closing(closure, request_id, act_number, at, actor, receipt, now_us()))
    }

    /// The suppression entry that keeps direct marketing from the subject, if any (its id).
    pub async fn suppression(&self, operator_id: &OperatorId, subject_ref: &str) -> Result<Option<String>, DbError> {
        dispatch!(self, suppression(operator_id, subject_ref))
    }
}

/// What [`Db::close_account`] records.
pub(crate) struct NewClosure<'a> {
    pub subject_ref: &'a str,
    pub email: Option<&'a str>,
    pub language: &'a str,
    pub reason: Option<&'a str>,
}
