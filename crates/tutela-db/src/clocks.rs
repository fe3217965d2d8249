//! Clocks: started, changed under a row lock with their journal entry, and moved by the scheduler when due.

use crate::*;

impl Db {
    /// Stores a started clock.
    pub async fn start_clock(
        &self,
        operator_id: &OperatorId,
        new: &ClockSpec,
        actor: &Actor,
    ) -> Result<ClockRecord, DbError> {
        dispatch!(self, start_clock(operator_id, new, actor, now_us()))
    }

    /// One of the operator's clocks.
    pub async fn clock(&self, operator_id: &OperatorId, clock_id: &str) -> Result<ClockRecord, DbError> {
        dispatch!(self, get_clock(operator_id, clock_id))?
            .ok_or_else(|| DbError::NotFound { kind: "clock", id: clock_id.to_owned() })
    }

    /// How many of the operator's clocks are in each state (as last recorded: the scheduler moves
    /// running clocks to due soon and breached as their time comes).
    pub async fn count_clocks_by_state(&self, operator_id: &OperatorId) -> Result<Vec<(ClockState, u64)>, DbError> {
        dispatch!(self, count_clocks_by_state(operator_id))
    }

    /// The operator's clocks of `kind` that are not met, soonest due first.
    pub async fn open_clocks_of_kind(
        &self,
        operator_id: &OperatorId,
        kind: &str,
        limit: u32,
    ) -> Result<Vec<ClockRecord>, DbError> {
        dispatch!(self, open_clocks_of_kind(operator_id, kind, limit.min(MAX_JOURNAL_PAGE)))
    }

    /// A page of the operator's clocks, soonest due first, optionally only those in one state, after
    /// the clock `after` ([`DbError::UnknownCursor`] when the operator has no such clock). The order
    /// is by due instant, which an extension, a pause or a resumption moves: a clock changed while a
    /// client pages may be seen twice or not at all.
    pub async fn list_clocks(
        &self,
        operator_id: &OperatorId,
        state: Option<ClockState>,
        after: Option<&str>,
        limit: u32,
    ) -> Result<Vec<ClockRecord>, DbError> {
        dispatch!(self, list_clocks(operator_id, state, after, limit.min(MAX_JOURNAL_PAGE)))
    }

    /// Changes a clock (pause, resume, extend, complete) under a row lock and journals the change
    /// with the details `change` returns.
    pub async fn update_clock<F>(
        &self,
        operator_id: &OperatorId,
        clock_id: &str,
        actor: &Actor,
        action: Action,
        change: F,
    ) -> Result<ClockRecord, DbError>
    where
        F: FnOnce(&mut Clock) -> Result<serde_json::Value, ClockError>,
    {
        dispatch!(self, update_clock(operator_id, clock_id, actor, action, change, now_us()))
    }

    /// The earliest instant at which any clock changes state by itself.
    pub async fn next_clock_check(&self) -> Result<Option<Timestamp>, DbError> {
        dispatch!(self, next_clock_check())
    }

    /// Moves clocks whose time has come to their new state; see the scheduler.
    pub async fn process_due_clocks(&self, now: Timestamp, limit: u32) -> Result<Vec<ClockTransition>, DbError> {
        dispatch!(self, process_due_clocks(now, limit))
    }
}
