//! Service reports: what the engineer did on a visit, the parts used and what the customer pays,
//! the customer's confirmation, and the call-back that follows the clerk's closing.
//!
//! Seed 003's letters: the engineer fills in the report, the customer confirms it (signs), a
//! service clerk enters and closes it, then calls the customer back to confirm the work and ask how
//! satisfied they are. A repair under warranty is free; a paid repair charges materials at cost
//! (letter 2 § 4: "only the cost of materials"), so the total is the sum of the paid parts and
//! nothing else. The clerk may close only a confirmed report; the call-back is due within
//! [`CALLBACK_WORKING_DAYS`] working days of closing.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::warranty::Coverage;

/// Working days after closing within which the customer is called back.
pub const CALLBACK_WORKING_DAYS: u32 = 3;
/// Most parts one report lists.
pub const MAX_PARTS: usize = 100;
/// Longest text of a report (work done, a name), in characters.
pub const MAX_REPORT_CHARS: usize = 4_000;
/// Most units of one part.
pub const MAX_QUANTITY: u32 = 10_000;

/// A part used on a visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartUsed {
    /// The part.
    pub part: String,
    /// How many.
    pub quantity: u32,
    /// The cost of one, in the currency's minor unit (fen).
    pub unit_cost_minor: u64,
}

/// What the engineer reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitReport {
    /// The engineer's name.
    pub engineer: String,
    /// The work done.
    pub work_done: String,
    /// The parts used.
    #[serde(default)]
    pub parts: Vec<PartUsed>,
    /// Free (warranty), replacement, or paid: the warranty decision it follows.
    pub coverage: Coverage,
    /// The currency of the costs (ISO 4217).
    pub currency: String,
}

/// Why a report or its next step was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReportError {
    /// A text is empty or too long.
    #[error("{0}: give 1 to {MAX_REPORT_CHARS} characters")]
    Text(&'static str),
    /// Too many parts, a zero or huge quantity, or a part without a name.
    #[error("parts: at most {MAX_PARTS}, each named, with a quantity of 1 to {MAX_QUANTITY}")]
    Parts,
    /// Not an ISO 4217 code.
    #[error("currency {0:?} is not an ISO 4217 code (three capital letters)")]
    Currency(String),
    /// The clerk closes only a report the customer confirmed.
    #[error("the customer has not confirmed the service report yet: it is closed only once they have")]
    NotConfirmed,
    /// The report was confirmed already.
    #[error("the report was confirmed already, on {0}")]
    AlreadyConfirmed(Timestamp),
}

fn text(field: &'static str, value: &str) -> Result<(), ReportError> {
    let count = value.trim().chars().count();
    if count == 0 || count > MAX_REPORT_CHARS {
        return Err(ReportError::Text(field));
    }
    Ok(())
}

impl VisitReport {
    /// Checks the report's texts, parts and currency.
    pub fn check(&self) -> Result<(), ReportError> {
        text("engineer", &self.engineer)?;
        text("work_done", &self.work_done)?;
        let bad_part = |p: &PartUsed| p.part.trim().is_empty() || p.quantity == 0 || p.quantity > MAX_QUANTITY;
        if self.parts.len() > MAX_PARTS || self.parts.iter().any(bad_part) {
            return Err(ReportError::Parts);
        }
        if self.currency.len() != 3 || !self.currency.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(ReportError::Currency(self.currency.clone()));
        }
        Ok(())
    }

    /// What the customer pays, in the minor unit: nothing under warranty or for a replacement;
    /// for a paid repair, the materials at cost (no labour, no call-out fee).
    pub fn charge_minor(&self) -> u64 {
        match self.coverage {
            Coverage::Free | Coverage::Replacement => 0,
            Coverage::Paid => self.parts.iter().map(|p| u64::from(p.quantity).saturating_mul(p.unit_cost_minor)).sum(),
        }
    }
}

/// The customer's confirmation of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Confirmation {
    /// The name the customer typed.
    pub name: String,
    /// When.
    pub at: Timestamp,
    /// How: `portal` (signed in), `on_site` (on the engineer's device), `link`.
    pub method: String,
}

/// Confirms `existing` (none yet) with the customer's typed `name`.
pub fn confirm(
    existing: Option<&Confirmation>,
    name: &str,
    at: Timestamp,
    method: &str,
) -> Result<Confirmation, ReportError> {
    if let Some(done) = existing {
        return Err(ReportError::AlreadyConfirmed(done.at));
    }
    text("name", name)?;
    Ok(Confirmation { name: name.trim().to_owned(), at, method: method.to_owned() })
}

/// Whether the clerk may close: only with the customer's confirmation.
pub fn may_close(confirmation: Option<&Confirmation>) -> Result<(), ReportError> {
    confirmation.map(|_| ()).ok_or(ReportError::NotConfirmed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(coverage: Coverage) -> VisitReport {
        VisitReport {
            engineer: "Wang Lei".into(),
            work_done: "Replaced the shaft seal; pressure test passed".into(),
            parts: vec![
                PartUsed { part: "shaft seal".into(), quantity: 2, unit_cost_minor: 4_500 },
                PartUsed { part: "gasket".into(), quantity: 1, unit_cost_minor: 800 },
            ],
            coverage,
            currency: "CNY".into(),
        }
    }

    #[test]
    fn a_paid_repair_charges_materials_at_cost_and_a_warranty_one_nothing() {
        assert_eq!(report(Coverage::Paid).charge_minor(), 9_800);
        assert_eq!(report(Coverage::Free).charge_minor(), 0);
        assert_eq!(report(Coverage::Replacement).charge_minor(), 0);
        assert_eq!(report(Coverage::Paid).check(), Ok(()));
        let no_parts = VisitReport {
            parts: vec![PartUsed { part: " ".into(), quantity: 1, unit_cost_minor: 1 }],
            ..report(Coverage::Paid)
        };
        assert_eq!(no_parts.check(), Err(ReportError::Parts));
        let no_work = VisitReport { work_done: "  ".into(), ..report(Coverage::Free) };
        assert_eq!(no_work.check(), Err(ReportError::Text("work_done")));
    }

    #[test]
    fn the_clerk_closes_only_a_report_the_customer_confirmed_once() {
        let at = Timestamp::from_second(1_790_000_000).unwrap();
        assert_eq!(may_close(None), Err(ReportError::NotConfirmed));
        let confirmed = confirm(None, " Zhou Min ", at, "portal").unwrap();
        assert_eq!(confirmed.name, "Zhou Min");
        assert_eq!(may_close(Some(&confirmed)), Ok(()));
        assert_eq!(confirm(Some(&confirmed), "Zhou Min", at, "portal"), Err(ReportError::AlreadyConfirmed(at)));
        assert_eq!(confirm(None, "", at, "portal"), Err(ReportError::Text("name")));
    }
}
