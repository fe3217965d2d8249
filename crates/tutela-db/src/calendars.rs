//! The operator's own calendar definitions (the built-in ones are compiled into tutela-core).

use crate::*;

impl Db {
    /// Adds or replaces one of the operator's calendars (the caller has parsed it).
    pub async fn put_calendar(
        &self,
        operator_id: &OperatorId,
        calendar_id: &str,
        definition: &str,
        actor: &Actor,
    ) -> Result<(), DbError> {
        dispatch!(self, put_calendar(operator_id, calendar_id, definition, actor, now_us()))
    }

    /// The operator's own calendars.
    pub async fn list_calendars(&self, operator_id: &OperatorId) -> Result<Vec<StoredCalendar>, DbError> {
        dispatch!(self, list_calendars(operator_id))
    }
}
