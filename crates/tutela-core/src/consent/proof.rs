//! The verdict of a consent proof: whether the records shown are exactly the ones journaled.
//!
//! Each record is journaled with the SHA-256 of its canonical form (`record_sha256`), so a record is
//! unchanged when it still hashes to the digest stored beside it and to the one its journal entry
//! carries, and the entry is unchanged when it still hashes to its own hash. A proof is intact when
//! every record passes both checks and every notice a record names is still stored.

use super::*;
use crate::journal::Entry;

/// How one record of a proof checks out against its journal entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecordCheck {
    /// The record hashes to the stored digest and to the digest its entry carries.
    pub digest_matches: bool,
    /// The entry hashes to its own hash.
    pub entry_hash_valid: bool,
}

/// Checks a stored record and the digest stored with it against the entry that journaled it
/// (`None` when the entry is missing, which fails both checks).
pub fn check_record(record: &LedgerRecord, stored_sha256: &Sha256Hex, entry: Option<&Entry>) -> RecordCheck {
    let digest_matches = entry.is_some_and(|e| e.details["record_sha256"] == stored_sha256.as_str())
        && record.sha256() == *stored_sha256;
    RecordCheck { digest_matches, entry_hash_valid: entry.is_some_and(|e| e.compute_hash() == e.hash) }
}

/// Whether a proof is intact: every record checks out, and all `notices_named` notices the records
/// name were found (`notices_found`).
pub fn proof_intact(checks: &[RecordCheck], notices_named: usize, notices_found: usize) -> bool {
    checks.iter().all(|c| c.digest_matches && c.entry_hash_valid) && notices_found == notices_named
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_proof_is_intact_only_when_everything_checks_out() {
        let good = RecordCheck { digest_matches: true, entry_hash_valid: true };
        assert!(proof_intact(&[good, good], 1, 1));
        assert!(proof_intact(&[], 0, 0));
        assert!(!proof_intact(&[good, RecordCheck { digest_matches: false, ..good }], 1, 1));
        assert!(!proof_intact(&[RecordCheck { entry_hash_valid: false, ..good }], 0, 0));
        assert!(!proof_intact(&[good], 2, 1), "a notice named but no longer stored");
    }
}
