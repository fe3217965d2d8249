//! The tunewave demo operator's plans and subscriptions (seed 002): listeners in every status a
//! subscription can be in (trialing, active, paused, cancelling, cancelled, expired) and two
//! accounts in their grace period after asking to be closed, each history written through the
//! state machine at the instants it happened, so receipts, events and the journal agree.
//!
//! The listeners are referred to by their account id in the generated store, so a closure's erasure
//! finds them; the portal's demo listener (`account-meera-patel`) has no subscription, so the
//! portal's sign-up and cancellation can be tried from the start.

use jiff::{SignedDuration, Timestamp};
use tutela_core::journal::Actor;
use tutela_core::subscription::{BillingPeriod, Plan, RefundRule, Subscription};
use tutela_db::Db;
use tutela_db::subscriptions::{ChangeNote, NewSubscription, NoReceipts};

/// A plan of tunewave: key, name, price in paise, trial days, term in periods.
const PLANS: [(&str, &str, u64, u16, Option<u32>); 4] = [
    ("individual", "Premium Individual", 11_900, 0, None),
    ("duo", "Premium Duo", 14_900, 0, None),
    ("student", "Premium Student", 5_900, 30, None),
    ("festival", "Festival Pass (one month)", 9_900, 0, Some(1)),
];

/// What happens to a demo listener, in days before now.
enum Story {
    /// Signed up, nothing since.
    Plain,
    /// Paused `days_ago` for `days`.
    Paused { days_ago: i64, days: u16 },
    /// Cancelled `days_ago`, at once or at the period's end.
    Cancelled { days_ago: i64, at_once: bool, reason: &'static str },
    /// Asked to close their account `days_ago`.
    Closing { days_ago: i64 },
}

/// Listener (account id), plan, days since sign-up, what happened.
const LISTENERS: [(&str, &str, i64, Story); 8] = [
    ("2", "individual", 40, Story::Plain),
    ("3", "student", 5, Story::Plain),
    ("4", "duo", 20, Story::Paused { days_ago: 2, days: 30 }),
    ("5", "individual", 10, Story::Cancelled { days_ago: 1, at_once: false, reason: "Too expensive" }),
    ("6", "individual", 60, Story::Cancelled { days_ago: 20, at_once: true, reason: "" }),
    ("7", "festival", 45, Story::Plain),
    ("8", "individual", 50, Story::Closing { days_ago: 3 }),
    ("9", "duo", 80, Story::Closing { days_ago: 12 }),
];

fn days_ago(days: i64) -> Timestamp {
    tutela_db::now_us() - SignedDuration::from_hours(24 * days)
}

/// Seeds tunewave's plans, listeners and closures, once, with the operator.
pub async fn seed_subscriptions(db: &Db, slug: &str, actor: &Actor) -> anyhow::Result<()> {
    if slug != "tunewave" {
        return Ok(());
    }
    let operator = db.operator(slug).await?;
    for (key, name, price_minor, trial_days, term_periods) in PLANS {
        let plan = Plan {
            price_minor,
            currency: "INR".into(),
            period: BillingPeriod::Month,
            trial_days,
            max_pause_days: 90,
            refund: RefundRule::Prorated,
            term_periods,
        };
        db.put_plan(&operator.id, key, name, &plan, actor).await?;
    }
    db.put_grace_days(&operator.id, 14, actor).await?;
    for (account, plan, signed_up, story) in &LISTENERS {
        let new = NewSubscription {
            subject_ref: (*account).to_owned(),
            email: Some(format!("listener.{account}@mail.example")),
            language: "hi".to_owned(),
            plan_key: (*plan).to_owned(),
            channel: "app".to_owned(),
            steps: 3,
        };
        let record = db.start_subscription(&operator.id, &new, days_ago(*signed_up), actor, &NoReceipts).await?;
        let id = record.id.as_str();
        match story {
            Story::Plain => {}
            Story::Paused { days_ago: since, days } => {
                let (at, until) =
                    (days_ago(*since), days_ago(*since) + SignedDuration::from_hours(24 * i64::from(*days)));
                let note = ChangeNote::default();
                let pause =
                    |s: &mut Subscription, p: &Plan| s.advance_then(p, at, |s, p| s.pause(p, at, until).map(Some));
                db.change_subscription(&operator.id, id, &note, actor, pause, &NoReceipts).await?;
            }
            Story::Cancelled { days_ago: when, at_once, reason } => {
                let at = days_ago(*when);
                let note = ChangeNote { reason: (!reason.is_empty()).then(|| (*reason).to_owned()), steps: Some(2) };
                let cancel =
                    |s: &mut Subscription, p: &Plan| s.advance_then(p, at, |s, p| s.cancel(p, at, *at_once).map(Some));
                db.change_subscription(&operator.id, id, &note, actor, cancel, &NoReceipts).await?;
            }
            Story::Closing { days_ago: when } => {
                let email = format!("listener.{account}@mail.example");
                db.close_account(&operator.id, account, Some(&email), "hi", None, days_ago(*when), actor, &NoReceipts)
                    .await?;
            }
        }
    }
    // Renewals, the trial's and the term's ends up to now, as the scheduler would have done them.
    db.advance_due_subscriptions(Some(&operator.id), tutela_db::now_us(), 100, &NoReceipts).await?;
    Ok(())
}
