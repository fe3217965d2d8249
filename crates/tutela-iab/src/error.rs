//! The errors of decoding and encoding consent strings.
//!
//! A consent string arrives from a browser, an app or a partner and is untrusted: every way it can be
//! wrong has its own variant whose message names the problem (the segment, the field, the bit), so an
//! API can return it as a 4xx and a person can tell what to fix. Decoding never panics.

/// Why a TC string or GPP string could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DecodeError {
    /// The input was empty (or only whitespace).
    #[error("the consent string is empty")]
    Empty,
    /// The input is longer than [`crate::MAX_STRING_BYTES`].
    #[error("the consent string is {len_bytes} bytes long; at most {max_bytes} are accepted")]
    TooLong {
        /// Length of the input.
        len_bytes: usize,
        /// The limit.
        max_bytes: usize,
    },
    /// A segment holds a character outside the base64url alphabet (`A-Z a-z 0-9 - _`, no padding).
    #[error("{segment} is not base64url: {character:?} at character {position}")]
    NotBase64Url {
        /// Which segment, e.g. `TC string segment 2`.
        segment: String,
        /// 0-based character offset inside the segment.
        position: usize,
        /// The offending character.
        character: char,
    },
    /// A segment is empty (two dots in a row, a trailing dot, an empty GPP section).
    #[error("{segment} is empty")]
    EmptySegment {
        /// Which segment.
        segment: String,
    },
    /// A segment's length cannot come from base64url: `4n + 1` characters carry no whole byte.
    #[error("{segment} has an impossible length of {chars} base64url characters")]
    ImpossibleLength {
        /// Which segment.
        segment: String,
        /// Its length in characters.
        chars: usize,
    },
    /// The bits ran out while a field was being read.
    #[error("{segment} is truncated at bit {bit} reading field {field} ({needed_bits} more bits needed)")]
    Truncated {
        /// Which segment.
        segment: String,
        /// The field being read.
        field: &'static str,
        /// Bit offset inside the segment where the field starts.
        bit: usize,
        /// How many bits were missing.
        needed_bits: usize,
    },
    /// A version field holds a version this decoder does not know.
    #[error("{what} version {version} is not supported (expected {expected})")]
    UnsupportedVersion {
        /// What carries the version, e.g. `TC string`.
        what: &'static str,
        /// The version found.
        version: u64,
        /// The version(s) accepted.
        expected: &'static str,
    },
    /// A TC string segment other than the first has a segment type that is not defined.
    #[error("TC string segment {position} has unknown segment type {segment_type}")]
    UnknownSegmentType {
        /// 1-based position of the segment in the string.
        position: usize,
        /// The 3-bit type found.
        segment_type: u8,
    },
    /// The same segment type appears twice (or a core segment appears after the first position).
    #[error("TC string has more than one {name} segment")]
    DuplicateSegment {
        /// The segment's name.
        name: &'static str,
    },
    /// A two-letter field (language, country) holds a value that is not a letter A–Z.
    #[error("field {field} holds {value}, which is not a letter A-Z")]
    InvalidLetter {
        /// The field.
        field: &'static str,
        /// The 6-bit value found (0 = A ... 25 = Z).
        value: u8,
    },
    /// A range entry ends before it starts.
    #[error("field {field} has a range entry {start}-{end} that ends before it starts")]
    RangeReversed {
        /// The field.
        field: &'static str,
        /// First id of the range.
        start: u64,
        /// Last id of the range.
        end: u64,
    },
    /// Range entries must come in ascending order without overlapping.
    #[error("field {field} has range entries out of order or overlapping: {start} after {previous}")]
    RangeOutOfOrder {
        /// The field.
        field: &'static str,
        /// First id of the offending entry.
        start: u64,
        /// Last id of the entry before it.
        previous: u64,
    },
    /// Id 0 is not a vendor, purpose or section.
    #[error("field {field} names id 0, but ids start at 1")]
    IdZero {
        /// The field.
        field: &'static str,
    },
    /// A vendor id above the section's declared maximum.
    #[error("field {field} names vendor {vendor_id}, above the section's max_vendor_id {max_vendor_id}")]
    VendorAboveMax {
        /// The field.
        field: &'static str,
        /// The vendor id.
        vendor_id: u64,
        /// The section's declared maximum.
        max_vendor_id: u64,
    },
    /// A vendor id above [`crate::MAX_VENDOR_ID`].
    #[error("field {field} names vendor {vendor_id}; vendor ids above the limit of {limit} are refused")]
    VendorLimit {
        /// The field.
        field: &'static str,
        /// The vendor id.
        vendor_id: u64,
        /// The limit.
        limit: u16,
    },
    /// Two publisher restrictions for the same purpose and restriction type.
    #[error("publisher restrictions list purpose {purpose_id} with restriction type {restriction_type} twice")]
    DuplicateRestriction {
        /// The purpose.
        purpose_id: u8,
        /// The restriction type.
        restriction_type: u8,
    },
    /// A field holds a value outside its defined set (a restriction type 3, a usnat value 3, a
    /// uspv1 character other than `Y`, `N`, `-`).
    #[error("field {field} holds {value}, which is not a defined value ({allowed})")]
    InvalidValue {
        /// The field.
        field: &'static str,
        /// The value found, as text.
        value: String,
        /// The values allowed.
        allowed: &'static str,
    },
    /// A TCF v2.3 string must carry the disclosed vendors segment.
    #[error("TC string has no disclosed vendors segment, which TCF v2.3 requires")]
    MissingDisclosedVendors,
    /// The GPP header's type field is not 3.
    #[error("GPP header has type {found}; a GPP header has type 3")]
    NotGppHeader {
        /// The type found.
        found: u64,
    },
    /// The GPP header lists a section this decoder does not decode.
    #[error("GPP section id {id}{} is not supported (supported: 2 tcfeuv2, 6 uspv1, 7 usnat)", name.map(|n| format!(" ({n})")).unwrap_or_default())]
    UnsupportedSection {
        /// The section id.
        id: u64,
        /// Its registered name, when it has one.
        name: Option<&'static str>,
    },
    /// The header's section ids are not strictly ascending.
    #[error("GPP header lists section id {id} after {previous}; ids must be ascending and unique")]
    SectionIdsOutOfOrder {
        /// The offending id.
        id: u64,
        /// The id before it.
        previous: u64,
    },
    /// The header lists a different number of sections than the string carries.
    #[error("GPP header lists {listed} sections but the string carries {found}")]
    SectionCountMismatch {
        /// Sections listed in the header.
        listed: usize,
        /// `~`-separated sections after the header.
        found: usize,
    },
    /// More sections (or segments) than the limit.
    #[error("{what} has {count} parts; at most {max} are accepted")]
    TooManyParts {
        /// What was counted.
        what: &'static str,
        /// How many there were.
        count: usize,
        /// The limit.
        max: usize,
    },
    /// A Fibonacci-coded integer has no terminating `11` or is too large.
    #[error("{segment} has a malformed Fibonacci-coded integer at bit {bit} in field {field}")]
    BadFibonacci {
        /// Which segment.
        segment: String,
        /// The field.
        field: &'static str,
        /// Bit offset where the integer starts.
        bit: usize,
    },
}

/// Why a model could not be encoded: a value does not fit its field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// A number is too large for its bit width.
    #[error("field {field} holds {value}, which does not fit in {bits} bits")]
    DoesNotFit {
        /// The field.
        field: &'static str,
        /// The value.
        value: u64,
        /// The field's width.
        bits: u32,
    },
    /// An instant before 1970 or beyond what 36 bits of deciseconds hold (year 2187).
    #[error("field {field} holds {instant}, outside what a TC string can carry")]
    InstantOutOfRange {
        /// The field.
        field: &'static str,
        /// The instant, RFC 3339.
        instant: String,
    },
    /// A TCF v2.3 string must carry the disclosed vendors segment.
    #[error("disclosed_vendors is missing; TCF v2.3 requires the disclosed vendors segment")]
    MissingDisclosedVendors,
    /// A custom purpose id above `num_custom_purposes`.
    #[error("field {field} names custom purpose {id}, above num_custom_purposes {num}")]
    CustomPurposeAboveNum {
        /// The field.
        field: &'static str,
        /// The id.
        id: u8,
        /// The declared number of custom purposes.
        num: u8,
    },
    /// The GPP model's sections are not in ascending id order or repeat an id.
    #[error("GPP sections must be in ascending id order without repeats (section {id} after {previous})")]
    SectionsOutOfOrder {
        /// The offending id.
        id: u16,
        /// The id before it.
        previous: u16,
    },
    /// A value outside its field's defined set.
    #[error("field {field} holds {value}, which is not a defined value ({allowed})")]
    InvalidValue {
        /// The field.
        field: &'static str,
        /// The value, as text.
        value: String,
        /// The values allowed.
        allowed: &'static str,
    },
}
