//! Decoding a TC string into a [`TcString`].
//!
//! The core segment's fields are read in the spec's order with their widths (version 6 bits,
//! created and last updated 36 bits each in deciseconds since the Unix epoch, ...). Bits after the
//! last field are padding and ignored, as the reference does.

use jiff::Timestamp;

use crate::bits::BitReader;
use crate::error::DecodeError;
use crate::ids::IdSet;
use crate::tcf::vendors::{
    ALLOWED_VENDORS, DISCLOSED_VENDORS, VENDOR_CONSENTS, VENDOR_LEGITIMATE_INTERESTS, read_restrictions,
    read_vendor_section,
};
use crate::tcf::{Letters, PublisherTc, TCF_VERSION, TcString};
use crate::{MAX_STRING_BYTES, MAX_TC_SEGMENTS};

/// Decodes a TC string. Accepts strings without the disclosed vendors segment (made before TCF
/// v2.3); use [`decode_v2_3`] to require it.
pub fn decode(input: &str) -> Result<TcString, DecodeError> {
    check_size(input)?;
    let parts: Vec<&str> = input.split('.').collect();
    if parts.len() > MAX_TC_SEGMENTS {
        return Err(DecodeError::TooManyParts { what: "TC string", count: parts.len(), max: MAX_TC_SEGMENTS });
    }
    let mut core = BitReader::from_base64url(parts[0], "TC string core segment".to_owned())?;
    let mut tc = read_core(&mut core)?;
    for (index, text) in parts.iter().enumerate().skip(1) {
        let reader = BitReader::from_base64url(text, format!("TC string segment {}", index + 1))?;
        read_other_segment(reader, index + 1, &mut tc)?;
    }
    Ok(tc)
}

/// Decodes a TC string and requires the disclosed vendors segment, as TCF v2.3 does for every
/// string a CMP creates from 28 February 2026.
pub fn decode_v2_3(input: &str) -> Result<TcString, DecodeError> {
    let tc = decode(input)?;
    if tc.disclosed_vendors.is_none() {
        return Err(DecodeError::MissingDisclosedVendors);
    }
    Ok(tc)
}

pub(crate) fn check_size(input: &str) -> Result<(), DecodeError> {
    if input.len() > MAX_STRING_BYTES {
        return Err(DecodeError::TooLong { len_bytes: input.len(), max_bytes: MAX_STRING_BYTES });
    }
    if input.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(())
}

fn read_core(r: &mut BitReader) -> Result<TcString, DecodeError> {
    let version = r.read_u8(6, "version")?;
    if version != TCF_VERSION {
        let version = version.into();
        return Err(DecodeError::UnsupportedVersion { what: "TC string", version, expected: "2" });
    }
    Ok(TcString {
        version,
        created: read_instant(r, "created")?,
        last_updated: read_instant(r, "last_updated")?,
        cmp_id: r.read_u16(12, "cmp_id")?,
        cmp_version: r.read_u16(12, "cmp_version")?,
        consent_screen: r.read_u8(6, "consent_screen")?,
        consent_language: read_letters(r, "consent_language")?,
        vendor_list_version: r.read_u16(12, "vendor_list_version")?,
        policy_version: r.read_u8(6, "policy_version")?,
        is_service_specific: r.read_bool("is_service_specific")?,
        use_non_standard_texts: r.read_bool("use_non_standard_texts")?,
        special_feature_optins: read_flags(r, 12, "special_feature_optins")?,
        purpose_consents: read_flags(r, 24, "purpose_consents")?,
        purpose_legitimate_interests: read_flags(r, 24, "purpose_legitimate_interests")?,
        purpose_one_treatment: r.read_bool("purpose_one_treatment")?,
        publisher_cc: read_letters(r, "publisher_cc")?,
        vendor_consents: read_vendor_section(r, &VENDOR_CONSENTS)?,
        vendor_legitimate_interests: read_vendor_section(r, &VENDOR_LEGITIMATE_INTERESTS)?,
        publisher_restrictions: read_restrictions(r)?,
        disclosed_vendors: None,
        allowed_vendors: None,
        publisher_tc: None,
    })
}

/// Reads a 36-bit count of deciseconds since the Unix epoch. 36 bits reach the year 2187, well
/// inside what a [`Timestamp`] holds.
fn read_instant(r: &mut BitReader, field: &'static str) -> Result<Timestamp, DecodeError> {
    let deciseconds = r.read(36, field)?;
    // Always representable: at most 2^36 × 100 ms.
    let millis = i64::try_from(deciseconds * 100).unwrap_or(i64::MAX);
    Timestamp::from_millisecond(millis).map_err(|_| DecodeError::InvalidValue {
        field,
        value: deciseconds.to_string(),
        allowed: "deciseconds since 1970",
    })
}

fn read_letters(r: &mut BitReader, field: &'static str) -> Result<Letters, DecodeError> {
    let first = r.read_u8(6, field)?;
    let second = r.read_u8(6, field)?;
    Letters::from_values(first, second).ok_or(DecodeError::InvalidLetter { field, value: first.max(second) })
}

/// Reads `width` bits, bit `i` meaning id `i + 1`.
fn read_flags(r: &mut BitReader, width: u32, field: &'static str) -> Result<IdSet, DecodeError> {
    let bits = r.read(width, field)?;
    let mut set = IdSet::new();
    for i in 0..width {
        if bits & (1 << (width - 1 - i)) != 0 {
            // i < 64 by the widths used, so the id is valid.
            set.insert(i as u8 + 1).map_err(|_| DecodeError::IdZero { field })?;
        }
    }
    Ok(set)
}

/// Reads a segment after the core one, by its 3-bit type.
fn read_other_segment(mut r: BitReader, position: usize, tc: &mut TcString) -> Result<(), DecodeError> {
    let segment_type = r.read_u8(3, "segment_type")?;
    let (name, slot_taken) = match segment_type {
        0 => ("core", true),
        1 => ("disclosed vendors", tc.disclosed_vendors.is_some()),
        2 => ("allowed vendors", tc.allowed_vendors.is_some()),
        3 => ("publisher TC", tc.publisher_tc.is_some()),
        _ => return Err(DecodeError::UnknownSegmentType { position, segment_type }),
    };
    if slot_taken {
        return Err(DecodeError::DuplicateSegment { name });
    }
    let mut r = r.renamed(format!("TC string {name} segment"));
    match segment_type {
        1 => tc.disclosed_vendors = Some(read_vendor_section(&mut r, &DISCLOSED_VENDORS)?),
        2 => tc.allowed_vendors = Some(read_vendor_section(&mut r, &ALLOWED_VENDORS)?),
        _ => tc.publisher_tc = Some(read_publisher_tc(&mut r)?),
    }
    Ok(())
}

fn read_publisher_tc(r: &mut BitReader) -> Result<PublisherTc, DecodeError> {
    let publisher_consents = read_flags(r, 24, "pub_purposes_consent")?;
    let publisher_legitimate_interests = read_flags(r, 24, "pub_purposes_li_transparency")?;
    let num_custom_purposes = r.read_u8(6, "num_custom_purposes")?;
    let width = u32::from(num_custom_purposes);
    Ok(PublisherTc {
        publisher_consents,
        publisher_legitimate_interests,
        num_custom_purposes,
        publisher_custom_consents: read_flags(r, width, "custom_purposes_consent")?,
        publisher_custom_legitimate_interests: read_flags(r, width, "custom_purposes_li_transparency")?,
    })
}
