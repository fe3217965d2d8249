//! PII discovery: find personal data in text, files and single values.
//!
//! Operators cannot answer access and erasure requests for data they do not know they hold. This
//! crate finds it: e-mail addresses, phone numbers, IP addresses, payment cards, IBANs and the
//! national identifiers of China, Russia, Bulgaria and India, with their check digits verified so
//! that look-alike numbers are not reported, and context words in English, Chinese, Russian,
//! Bulgarian and Hindi to raise confidence.
//!
//! - [`Scanner`] (in `engine`) scans a byte buffer or one value ([`Scanner::scan_value`], for a
//!   database cell with its column name) and reports [`Finding`]s: kind, byte span, confidence.
//! - `source` reads files, directories, CSV, JSON Lines and standard input in parallel chunks and
//!   reports each finding with its path, line and offsets ([`scan_sources`]).
//!
//! The crate has no database code; a caller that reads tables passes each cell to
//! [`Scanner::scan_value`].

mod checksum;
pub mod chunk;
mod context;
mod engine;
pub mod kind;
pub mod mask;
mod phone;
mod prefilter;
mod shape;
pub mod source;
mod structured;
mod validate;

pub use engine::{Finding, ScanOptions, ScanState, Scanner, ValueContext};
pub use kind::{Kind, KindSet, UnknownKind};
pub use shape::MAX_CANDIDATE_BYTES;
pub use source::{Event, Input, Report, SourceError, SourceOptions, Summary, scan_sources};

/// Why a [`Scanner`] could not be built.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// A built-in pattern or word list did not compile (a bug in this crate).
    #[error("the detectors' automaton did not compile: {0}")]
    Automaton(String),
    /// The confidence threshold is outside 0 to 1.
    #[error("minimum confidence must be between 0 and 1, not {0}")]
    MinConfidence(f32),
}
