//! The messages a subject is sent about their subscription and account, in their language: a
//! receipt for every change they make (content, date and time: §312k(4) BGB's confirmation on a
//! durable medium), the reminder before a pause ends, the cancellation link, and the closure's
//! notices. Renewals and a trial's end send nothing: the operator's billing system invoices them.

use jiff::Timestamp;
use tutela_core::subscription::{Change, Status};
use tutela_db::subscriptions::{ClosureRecord, Receipt, ReceiptWriter, SubscriptionRecord};
use tutela_i18n::{Arg, Lang, Messages};

use crate::api::when;

/// Writes receipts for one operator, with links to its portal.
pub struct Receipts {
    /// The operator's name, as it signs its messages.
    pub operator: String,
    /// The portal's subscription page (absolute when the server knows its address).
    pub portal_url: String,
}

fn messages(language: &str) -> Messages {
    Messages::new(language.parse::<Lang>().unwrap_or(Lang::En))
}

fn text(messages: &Messages, id: &str, args: &[(&str, Arg<'_>)]) -> String {
    messages.format(id, args).unwrap_or_else(|_| id.to_owned())
}

impl Receipts {
    /// The reminder that a pause ends and the next period will be charged.
    pub fn pause_reminder(&self, subscription: &SubscriptionRecord) -> Option<Receipt> {
        let (_, until) = subscription.state.paused?;
        let m = messages(&subscription.language);
        let until = when(until);
        let amount = subscription.terms.money(subscription.terms.price_minor);
        let args = [
            ("operator", Arg::Text(&self.operator)),
            ("reference", Arg::Text(&subscription.reference)),
            ("plan", Arg::Text(&subscription.plan_name)),
            ("until", Arg::Text(&until)),
            ("amount", Arg::Text(&amount)),
            ("url", Arg::Text(&self.portal_url)),
        ];
        Some(Receipt { subject: text(&m, "sub-reminder-subject", &args), body: text(&m, "sub-reminder-body", &args) })
    }

    /// The message carrying a cancellation link.
    pub fn cancel_link(&self, subscription: &SubscriptionRecord, link: &str) -> Receipt {
        let m = messages(&subscription.language);
        let args = [
            ("operator", Arg::Text(&self.operator)),
            ("reference", Arg::Text(&subscription.reference)),
            ("plan", Arg::Text(&subscription.plan_name)),
            ("url", Arg::Text(link)),
        ];
        Receipt { subject: text(&m, "sub-link-subject", &args), body: text(&m, "sub-link-body", &args) }
    }
}

impl ReceiptWriter for Receipts {
    fn change(&self, subscription: &SubscriptionRecord, change: &Change) -> Option<Receipt> {
        if matches!(change.event, "renewed" | "trial_ended") {
            return None;
        }
        let m = messages(&subscription.language);
        let detail = text(&m, &format!("sub-event-{}", change.event), &[]);
        let date = when(change.at);
        let args = [
            ("operator", Arg::Text(&self.operator)),
            ("reference", Arg::Text(&subscription.reference)),
            ("plan", Arg::Text(&subscription.plan_name)),
            ("detail", Arg::Text(&detail)),
            ("date", Arg::Text(&date)),
            ("url", Arg::Text(&self.portal_url)),
        ];
        let mut body = text(&m, "sub-receipt-body", &args);
        let state = &subscription.state;
        let mut line = |id: &str, until: Timestamp, amount: Option<String>| {
            let until = when(until);
            let amount = amount.unwrap_or_default();
            body += "\n";
            body += &text(&m, id, &[("until", Arg::Text(&until)), ("amount", Arg::Text(&amount))]);
        };
        match change.to {
            Status::Cancelling | Status::Cancelled | Status::Expired => {
                let end = state.entitlement_end.unwrap_or(change.at);
                let id = if change.to == Status::Cancelling { "sub-receipt-access" } else { "sub-receipt-ended" };
                line(id, end, None);
                if let Some(refund) = change.refund_minor {
                    line("sub-receipt-refund", end, Some(subscription.terms.money(refund)));
                }
            }
            Status::Paused => {
                if let Some((_, until)) = state.paused {
                    line("sub-receipt-paused", until, None);
                }
            }
            Status::Trialing | Status::Active => {
                let price = subscription.terms.money(subscription.terms.price_minor);
                line("sub-receipt-next", state.period_end, Some(price));
            }
        }
        body += "\n\n";
        body += &text(&m, "sub-receipt-footer", &args);
        Some(Receipt { subject: text(&m, "sub-receipt-subject", &args), body })
    }

    fn account(&self, closure: &ClosureRecord, event: &str, act: Option<&str>) -> Option<Receipt> {
        let m = messages(&closure.language);
        let until = when(closure.closure.closes_at);
        let date = when(closure.closed_at.unwrap_or(closure.closure.closes_at));
        let args = [
            ("operator", Arg::Text(&self.operator)),
            ("until", Arg::Text(&until)),
            ("date", Arg::Text(&date)),
            ("act", Arg::Text(act.unwrap_or("-"))),
            ("url", Arg::Text(&self.portal_url)),
        ];
        let subject_id = format!("account-{event}-subject");
        if !m.has(&subject_id) {
            return None;
        }
        Some(Receipt { subject: text(&m, &subject_id, &args), body: text(&m, &format!("account-{event}-body"), &args) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tutela_core::subscription::{BillingPeriod, Plan, RefundRule, Subscription};

    fn record(language: &str) -> SubscriptionRecord {
        let plan = Plan {
            price_minor: 11_900,
            currency: "INR".into(),
            period: BillingPeriod::Month,
            trial_days: 0,
            max_pause_days: 90,
            refund: RefundRule::Prorated,
            term_periods: None,
        };
        let at = Timestamp::from_second(1_780_000_000).unwrap();
        SubscriptionRecord {
            id: "s1".into(),
            reference: "SUB-000001".into(),
            subject_ref: "account-1".into(),
            email: Some("a@example.com".into()),
            language: language.into(),
            plan_key: "individual".into(),
            plan_name: "Individual".into(),
            state: Subscription::start(&plan, at),
            terms: plan,
            signup_channel: "web".into(),
            signup_steps: 2,
            created_at: at,
            version: 1,
        }
    }

    #[test]
    fn a_cancellation_receipt_states_the_date_time_access_end_and_refund() {
        let receipts = Receipts { operator: "TuneWave".into(), portal_url: "https://p.example/portal/tunewave".into() };
        let mut sub = record("en");
        let at = sub.created_at + jiff::SignedDuration::from_hours(24 * 15);
        let change = sub.state.cancel(&sub.terms, at, true).unwrap();
        let receipt = receipts.change(&sub, &change).unwrap();
        assert_eq!(receipt.subject, "TuneWave: Cancelled (SUB-000001)");
        assert!(receipt.body.contains(&format!("Date and time: {}", when(at))), "{}", receipt.body);
        assert!(receipt.body.contains("Refund of the unused part: 59.50 INR"), "{}", receipt.body);
        assert!(receipt.body.contains("https://p.example/portal/tunewave"), "{}", receipt.body);
        let hindi = receipts.change(&record("hi"), &change).unwrap();
        assert!(hindi.body.contains("दिनांक और समय"), "{}", hindi.body);
        let renewal = Change { event: "renewed", ..change };
        assert_eq!(receipts.change(&sub, &renewal), None, "renewals are invoiced by the billing system");
    }
}
