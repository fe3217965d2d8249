//! IAB consent signals: TCF v2.3 TC strings and GPP strings, decoded into typed models and encoded
//! back.
//!
//! Websites and apps that use an IAB consent management platform hand Tutela the subject's choices
//! as a TC string (`CQ...`) or a GPP string (`DB...~...`). This crate turns such a string into a
//! model the consent ledger can store and reason about ([`ConsentString`], [`ConsentSignal`]), and
//! back. It is pure: no IO, no clock, no SQL, no HTTP.
//!
//! Every string is untrusted input. Decoding never panics; it stops at the first problem with a
//! [`DecodeError`] naming it (the segment, the field, the bit). Everything has a limit: the
//! string's length ([`MAX_STRING_BYTES`]), the segments and sections, the largest vendor id
//! ([`MAX_VENDOR_ID`]), and range entries must ascend, so decoding work is bounded by the input size
//! and the limits.
//!
//! The codecs are checked against the IAB reference libraries (`@iabtechlabtcf/core`,
//! `@iabgpp/cmpapi`) by the oracle tests in `tests/oracle.rs`, and fuzzed (`fuzz/`).

pub mod error;
pub mod gpp;
pub mod ids;
pub mod signal;
pub mod tcf;

mod bits;

use serde::Serialize;

pub use error::{DecodeError, EncodeError};
pub use gpp::{GppSection, GppString, UsNat, UspFlag, UspV1};
pub use ids::{IdSet, VendorSet};
pub use signal::ConsentSignal;
pub use tcf::{Letters, PublisherRestriction, PublisherTc, RestrictionType, TcString};

/// The longest consent string accepted, in bytes. A TC string with full bitfields for 10,000
/// vendors is about 3.5 KiB; this leaves room for restrictions and GPP sections.
pub const MAX_STRING_BYTES: usize = 32 * 1024;

/// The largest vendor id accepted. The Global Vendor List's ids are below 1,500 (2025); the 16-bit
/// field would allow 65,535, which would let a short string claim an enormous bitfield.
pub const MAX_VENDOR_ID: u16 = 10_000;

/// A TC string has at most four segments (core, disclosed vendors, allowed vendors, publisher TC).
pub const MAX_TC_SEGMENTS: usize = 4;

/// The most sections a GPP string may carry.
pub const MAX_GPP_SECTIONS: usize = 32;

/// A decoded consent string of either kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum ConsentString {
    /// A TCF TC string.
    Tcf(TcString),
    /// A GPP string.
    Gpp(GppString),
}

impl ConsentString {
    /// Decodes a TC string or a GPP string, told apart by the GPP header's first characters.
    pub fn decode(input: &str) -> Result<Self, DecodeError> {
        if gpp::looks_like_gpp(input) { gpp::decode(input).map(Self::Gpp) } else { tcf::decode(input).map(Self::Tcf) }
    }

    /// Encodes the string again.
    pub fn encode(&self) -> Result<String, EncodeError> {
        match self {
            Self::Tcf(tc) => tcf::encode(tc),
            Self::Gpp(gpp) => gpp::encode(gpp),
        }
    }

    /// What the string says, in the terms the consent ledger records.
    pub fn signal(&self) -> ConsentSignal {
        ConsentSignal::from_string(self)
    }
}
