//! Returns and exchanges: a request checked against the product line's conditions, as a checklist
//! the clerk ticks with evidence. Seed 003's letters ask for complete packaging, the accessories,
//! the manual, the warranty card, the invoice and a stated reason, within a return window; a
//! request that lacks an item is refused naming every missing item, one past the window is refused
//! as late, and the clerk may turn either into a repair instead.

use std::collections::BTreeSet;

use jiff::ToSpan;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Longest return window, in days.
pub const MAX_WINDOW_DAYS: u16 = 365;

/// An item a return needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturnItem {
    /// Complete original packaging.
    Packaging,
    /// All accessories.
    Accessories,
    /// The manual.
    Manual,
    /// The warranty card.
    WarrantyCard,
    /// The invoice.
    Invoice,
    /// A stated reason.
    Reason,
}

/// What a product line's returns need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnConditions {
    /// Days after delivery within which a return or exchange is accepted.
    pub window_days: u16,
    /// The items it needs.
    pub required: BTreeSet<ReturnItem>,
    /// Whether an exchanged device carries the old one's warranty start (true) or starts anew.
    #[serde(default = "yes")]
    pub exchange_keeps_warranty: bool,
}

fn yes() -> bool {
    true
}

/// Return or exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturnKind {
    /// Money back.
    Return,
    /// Another device.
    Exchange,
}

/// The verdict.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum ReturnVerdict {
    /// Every item is there, within the window.
    Accepted,
    /// Refused: the missing items, and whether the window had passed.
    Refused {
        /// What is missing.
        missing: Vec<ReturnItem>,
        /// The last day of the window, when it had passed.
        window_ended: Option<Date>,
    },
}

/// Checks a request made on `requested_on` for a device delivered on `delivered_on`, with the
/// items the clerk ticked (`present`; a non-empty reason counts as [`ReturnItem::Reason`]).
pub fn check(
    conditions: &ReturnConditions,
    delivered_on: Date,
    requested_on: Date,
    present: &BTreeSet<ReturnItem>,
    reason: Option<&str>,
) -> ReturnVerdict {
    let mut have = present.clone();
    have.remove(&ReturnItem::Reason);
    if reason.is_some_and(|r| !r.trim().is_empty()) {
        have.insert(ReturnItem::Reason);
    }
    let missing: Vec<ReturnItem> = conditions.required.difference(&have).copied().collect();
    let last_day = delivered_on.checked_add(i64::from(conditions.window_days).days()).ok();
    let window_ended = last_day.filter(|last| requested_on > *last);
    if missing.is_empty() && window_ended.is_none() {
        return ReturnVerdict::Accepted;
    }
    ReturnVerdict::Refused { missing, window_ended }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn letters() -> ReturnConditions {
        ReturnConditions {
            window_days: 7,
            required: [
                ReturnItem::Packaging,
                ReturnItem::Accessories,
                ReturnItem::Manual,
                ReturnItem::WarrantyCard,
                ReturnItem::Invoice,
                ReturnItem::Reason,
            ]
            .into(),
            exchange_keeps_warranty: true,
        }
    }

    #[test]
    fn every_missing_item_is_named_and_a_late_request_is_refused() {
        let all: BTreeSet<ReturnItem> = [
            ReturnItem::Packaging,
            ReturnItem::Accessories,
            ReturnItem::Manual,
            ReturnItem::WarrantyCard,
            ReturnItem::Invoice,
        ]
        .into();
        let delivered = date(2026, 9, 1);
        assert_eq!(check(&letters(), delivered, date(2026, 9, 8), &all, Some("Leaks")), ReturnVerdict::Accepted);
        let no_invoice: BTreeSet<ReturnItem> = all.iter().copied().filter(|i| *i != ReturnItem::Invoice).collect();
        assert_eq!(
            check(&letters(), delivered, date(2026, 9, 2), &no_invoice, None),
            ReturnVerdict::Refused { missing: vec![ReturnItem::Invoice, ReturnItem::Reason], window_ended: None }
        );
        assert_eq!(
            check(&letters(), delivered, date(2026, 9, 9), &all, Some("Leaks")),
            ReturnVerdict::Refused { missing: vec![], window_ended: Some(date(2026, 9, 8)) }
        );
    }
}
