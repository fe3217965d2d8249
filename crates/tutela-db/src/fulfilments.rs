//! Fulfilment runs: each time the fulfilment engine carries out a request on the operator's stores,
//! entered before it starts and finished with its report (and an access package), so that a run
//! cut short shows as `running` and none is lost.

use crate::*;

impl Db {
    /// Enters a run for the request `new.request_id` (its id) as `running`, when `check` accepts
    /// the request's current state and no other run of it started after `new.running_since` is
    /// still running ([`DbError::Refused`] with the reason otherwise); journaled.
    pub async fn start_fulfilment<F>(
        &self,
        operator_id: &OperatorId,
        new: NewFulfilment<'_>,
        actor: &Actor,
        check: F,
    ) -> Result<FulfilmentRecord, DbError>
    where
        F: FnOnce(&RequestRecord) -> Result<(), String>,
    {
        dispatch!(self, start_fulfilment(operator_id, new, actor, check, now_us()))
    }

    /// Finishes a run with its outcome: the report and package stored, an event added to the
    /// request's history, and a journal entry, in one transaction.
    pub async fn finish_fulfilment(
        &self,
        operator_id: &OperatorId,
        fulfilment_id: &str,
        actor: &Actor,
        finished: &FinishedFulfilment,
    ) -> Result<FulfilmentRecord, DbError> {
        dispatch!(self, finish_fulfilment(operator_id, fulfilment_id, actor, finished, now_us()))
    }

    /// A request's runs, newest first (at most 100), without their packages.
    pub async fn request_fulfilments(
        &self,
        operator_id: &OperatorId,
        request_id: &str,
    ) -> Result<Vec<FulfilmentRecord>, DbError> {
        dispatch!(self, request_fulfilments(operator_id, request_id))
    }

    /// The access package of one run of one of the operator's requests; `NotFound` when there is
    /// no such run or it wrote no package.
    pub async fn fulfilment_package(
        &self,
        operator_id: &OperatorId,
        request_id: &str,
        fulfilment_id: &str,
    ) -> Result<Vec<u8>, DbError> {
        dispatch!(self, fulfilment_package(operator_id, request_id, fulfilment_id))?
            .ok_or_else(|| DbError::NotFound { kind: "access package", id: fulfilment_id.to_owned() })
    }

    /// Saves an erasure run's plan (JSON) before any store is changed; it is cleared when the run
    /// finishes complete.
    pub async fn save_fulfilment_plan(
        &self,
        operator_id: &OperatorId,
        fulfilment_id: &str,
        plan: &str,
    ) -> Result<(), DbError> {
        dispatch!(self, save_fulfilment_plan(operator_id, fulfilment_id, plan))
    }

    /// The plan of the request's newest erasure run, other than `except`, that did not complete
    /// (failed, incomplete, or cut short): what a new run resumes from.
    pub async fn pending_plan(
        &self,
        operator_id: &OperatorId,
        request_id: &str,
        except: &str,
    ) -> Result<Option<String>, DbError> {
        dispatch!(self, pending_plan(operator_id, request_id, except))
    }

    /// The destruction act of one erasure run of one of the operator's requests; `NotFound` when
    /// there is no such run or it has no act.
    pub async fn fulfilment_act(
        &self,
        operator_id: &OperatorId,
        request_id: &str,
        fulfilment_id: &str,
    ) -> Result<String, DbError> {
        dispatch!(self, fulfilment_act(operator_id, request_id, fulfilment_id))?
            .ok_or_else(|| DbError::NotFound { kind: "destruction act", id: fulfilment_id.to_owned() })
    }

    /// The destruction log: the operator's erasure runs that have an act, newest first, at most
    /// `limit` (capped at [`MAX_DESTRUCTION_LOG`]).
    pub async fn destruction_log(
        &self,
        operator_id: &OperatorId,
        limit: u32,
    ) -> Result<Vec<DestructionLogEntry>, DbError> {
        dispatch!(self, destruction_log(operator_id, limit.min(MAX_DESTRUCTION_LOG)))
    }
}

/// Most entries one read of the destruction log returns.
pub const MAX_DESTRUCTION_LOG: u32 = 10_000;
