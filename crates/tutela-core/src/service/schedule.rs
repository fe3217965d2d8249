//! The service a device is owed on a schedule, as clocks started when it is registered: a
//! follow-up call within a week of delivery, and an inspection every six months from installation
//! (seed 003: "a follow-up call within a week of delivery", "an inspection every six months"),
//! counted on the Chinese calendar from the start of the day in Beijing time.

use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::calendar::Calendar;
use crate::clock::{Clock, ClockError, ClockSpec, DueSoonPermille};
use crate::deadline::{DurationSpec, DurationUnit, Roll};

/// Days after delivery within which the customer is called.
pub const FOLLOW_UP_DAYS: u32 = 7;
/// Months between inspections.
pub const INSPECTION_MONTHS: u32 = 6;
/// The clock kind of a follow-up call.
pub const FOLLOW_UP_KIND: &str = "service.follow_up";
/// The clock kind of an inspection.
pub const INSPECTION_KIND: &str = "service.inspection";
/// The clock kind of a warranty-expiry reminder.
pub const WARRANTY_REMINDER_KIND: &str = "service.warranty_expiry";
/// Days before a warranty ends that the customer is reminded.
pub const WARRANTY_REMINDER_DAYS: i64 = 30;

/// What a device's schedule is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheduled<'a> {
    /// Its serial number, for the labels.
    pub serial: &'a str,
    /// Delivered on.
    pub delivered_on: Option<Date>,
    /// Installed on (an inspection runs from it, else from delivery).
    pub installed_on: Option<Date>,
}

/// Why a schedule could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    /// A date that has no start of day in the calendar's zone, or a bad period.
    #[error("cannot count from {0}")]
    Date(String),
    /// The clock could not be started.
    #[error(transparent)]
    Clock(#[from] ClockError),
}

fn clock_from(day: Date, count: u32, unit: DurationUnit, calendar: &Calendar) -> Result<Clock, ScheduleError> {
    let start = day
        .to_zoned(calendar.time_zone().clone())
        .or_else(|_| day.to_zoned(TimeZone::UTC))
        .map_err(|e| ScheduleError::Date(format!("{day}: {e}")))?
        .timestamp();
    let within = DurationSpec::new(count, unit).map_err(|e| ScheduleError::Date(format!("{day}: {e}")))?;
    Ok(Clock::start(start, within, calendar, Roll::NextWorkingDay, DueSoonPermille::default())?)
}

/// The clocks a newly registered device starts: the follow-up call when it has a delivery date,
/// the first inspection when it has an installation or delivery date.
pub fn device_clocks(device: Scheduled<'_>, calendar: &Calendar) -> Result<Vec<ClockSpec>, ScheduleError> {
    let mut clocks = Vec::new();
    if let Some(delivered) = device.delivered_on {
        clocks.push(ClockSpec {
            kind: FOLLOW_UP_KIND.into(),
            label: format!("Follow-up call about device {} within a week of delivery (seed 003)", device.serial),
            subject_ref: None,
            clock: clock_from(delivered, FOLLOW_UP_DAYS, DurationUnit::Days, calendar)?,
        });
    }
    if let Some(from) = device.installed_on.or(device.delivered_on) {
        clocks.push(ClockSpec {
            kind: INSPECTION_KIND.into(),
            label: format!("Inspection of device {} every six months (seed 003)", device.serial),
            subject_ref: None,
            clock: clock_from(from, INSPECTION_MONTHS, DurationUnit::Months, calendar)?,
        });
    }
    Ok(clocks)
}

/// The reminder that a device's warranty ends on `until` (the first day no longer covered): due
/// [`WARRANTY_REMINDER_DAYS`] before, counted from `today`; none when that day has passed.
pub fn warranty_reminder(
    serial: &str,
    until: Date,
    today: Date,
    calendar: &Calendar,
) -> Result<Option<ClockSpec>, ScheduleError> {
    let remind_on = until
        .checked_sub(jiff::Span::new().days(WARRANTY_REMINDER_DAYS))
        .map_err(|e| ScheduleError::Date(e.to_string()))?;
    let days = (remind_on - today).get_days();
    if days <= 0 {
        return Ok(None);
    }
    let count = u32::try_from(days).map_err(|e| ScheduleError::Date(e.to_string()))?;
    Ok(Some(ClockSpec {
        kind: WARRANTY_REMINDER_KIND.into(),
        label: format!("Remind the customer that the warranty of device {serial} ends on {until} (seed 003)"),
        subject_ref: None,
        clock: clock_from(today, count, DurationUnit::Days, calendar)?,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::builtin;
    use jiff::civil::date;

    #[test]
    fn a_week_after_delivery_and_six_months_after_installation_on_the_chinese_calendar() {
        let cn = builtin("cn").unwrap();
        let device =
            Scheduled { serial: "PC-1", delivered_on: Some(date(2026, 9, 26)), installed_on: Some(date(2026, 3, 31)) };
        let clocks = device_clocks(device, cn).unwrap();
        assert_eq!(clocks.len(), 2);
        // 26 September + 7 days = 3 October, a National Day holiday: it rolls to Thursday 8 October.
        assert_eq!(clocks[0].clock.due_date(), date(2026, 10, 8));
        // 31 March + 6 months = 30 September (the month's last day), a working day.
        assert_eq!(clocks[1].clock.due_date(), date(2026, 9, 30));
        // A warranty ending on 2027-03-31: remind on 1 March 2027, a working Monday.
        let reminder = warranty_reminder("PC-1", date(2027, 3, 31), date(2026, 12, 5), cn).unwrap().unwrap();
        assert_eq!(reminder.clock.due_date(), date(2027, 3, 1));
        assert!(warranty_reminder("PC-1", date(2026, 12, 20), date(2026, 12, 5), cn).unwrap().is_none());
        let undated = Scheduled { serial: "PC-2", delivered_on: None, installed_on: None };
        assert!(device_clocks(undated, cn).unwrap().is_empty());
    }
}
