//! Reading and verifying an operator's journal; entries are appended by each change's own transaction.

use crate::*;

impl Db {
    /// Up to `limit` entries after sequence number `after_seq`, oldest first.
    pub async fn journal_page(
        &self,
        operator_id: &OperatorId,
        after_seq: u64,
        limit: u32,
    ) -> Result<Vec<Entry>, DbError> {
        dispatch!(self, journal_page(operator_id, after_seq, limit.min(MAX_JOURNAL_PAGE)))
    }

    /// The sequence number and hash of the operator's newest entry.
    pub async fn journal_head(&self, operator_id: &OperatorId) -> Result<Option<(u64, EntryHash)>, DbError> {
        dispatch!(self, journal_head(operator_id))
    }

    /// Recomputes the operator's whole chain; returns the number of entries, or
    /// [`DbError::Chain`] naming the first entry that was changed, removed or reordered.
    pub async fn verify_journal(&self, operator: &Operator) -> Result<u64, DbError> {
        dispatch!(self, verify_journal(operator))
    }
}
