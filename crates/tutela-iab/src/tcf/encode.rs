//! Encoding a [`TcString`] into a TC string.
//!
//! Segments are written in the order the reference writes them (core, disclosed vendors, allowed
//! vendors, publisher TC), each padded with zero bits to a multiple of 24 so it is whole base64
//! quanta. The disclosed vendors segment is mandatory under TCF v2.3, so a model without it is
//! refused rather than encoded as a pre-2.3 string.

use jiff::Timestamp;

use crate::bits::{BitWriter, Padding};
use crate::error::EncodeError;
use crate::ids::IdSet;
use crate::tcf::vendors::{
    ALLOWED_VENDORS, DISCLOSED_VENDORS, VENDOR_CONSENTS, VENDOR_LEGITIMATE_INTERESTS, write_restrictions,
    write_vendor_section,
};
use crate::tcf::{Letters, PublisherTc, TCF_VERSION, TcString};

/// The largest count of deciseconds 36 bits hold.
const MAX_DECISECONDS: i64 = (1 << 36) - 1;

/// Encodes `tc` as a TC string.
pub fn encode(tc: &TcString) -> Result<String, EncodeError> {
    if tc.version != TCF_VERSION {
        let value = tc.version.to_string();
        return Err(EncodeError::InvalidValue { field: "version", value, allowed: "2" });
    }
    let disclosed = tc.disclosed_vendors.as_ref().ok_or(EncodeError::MissingDisclosedVendors)?;
    let mut segments = vec![encode_core(tc)?];
    let mut w = BitWriter::new();
    w.write(1, 3, "segment_type")?;
    write_vendor_section(&mut w, disclosed, &DISCLOSED_VENDORS)?;
    segments.push(w.to_base64url(Padding::Quantum24));
    if let Some(allowed) = &tc.allowed_vendors {
        let mut w = BitWriter::new();
        w.write(2, 3, "segment_type")?;
        write_vendor_section(&mut w, allowed, &ALLOWED_VENDORS)?;
        segments.push(w.to_base64url(Padding::Quantum24));
    }
    if let Some(publisher) = &tc.publisher_tc {
        segments.push(encode_publisher_tc(publisher)?);
    }
    Ok(segments.join("."))
}

fn encode_core(tc: &TcString) -> Result<String, EncodeError> {
    let mut w = BitWriter::new();
    w.write(tc.version.into(), 6, "version")?;
    write_instant(&mut w, tc.created, "created")?;
    write_instant(&mut w, tc.last_updated, "last_updated")?;
    w.write(tc.cmp_id.into(), 12, "cmp_id")?;
    w.write(tc.cmp_version.into(), 12, "cmp_version")?;
    w.write(tc.consent_screen.into(), 6, "consent_screen")?;
    write_letters(&mut w, tc.consent_language, "consent_language")?;
    w.write(tc.vendor_list_version.into(), 12, "vendor_list_version")?;
    w.write(tc.policy_version.into(), 6, "policy_version")?;
    w.write_bool(tc.is_service_specific);
    w.write_bool(tc.use_non_standard_texts);
    write_flags(&mut w, tc.special_feature_optins, 12, "special_feature_optins")?;
    write_flags(&mut w, tc.purpose_consents, 24, "purpose_consents")?;
    write_flags(&mut w, tc.purpose_legitimate_interests, 24, "purpose_legitimate_interests")?;
    w.write_bool(tc.purpose_one_treatment);
    write_letters(&mut w, tc.publisher_cc, "publisher_cc")?;
    write_vendor_section(&mut w, &tc.vendor_consents, &VENDOR_CONSENTS)?;
    write_vendor_section(&mut w, &tc.vendor_legitimate_interests, &VENDOR_LEGITIMATE_INTERESTS)?;
    write_restrictions(&mut w, &tc.publisher_restrictions)?;
    Ok(w.to_base64url(Padding::Quantum24))
}

/// Writes an instant as deciseconds since the epoch, rounded to the nearest as the reference does.
fn write_instant(w: &mut BitWriter, instant: Timestamp, field: &'static str) -> Result<(), EncodeError> {
    let millis = instant.as_millisecond();
    let deciseconds = millis.checked_add(50).map(|m| m.div_euclid(100));
    match deciseconds {
        Some(ds) if (0..=MAX_DECISECONDS).contains(&ds) => w.write(ds as u64, 36, field),
        _ => Err(EncodeError::InstantOutOfRange { field, instant: instant.to_string() }),
    }
}

fn write_letters(w: &mut BitWriter, letters: Letters, field: &'static str) -> Result<(), EncodeError> {
    let [first, second] = letters.values();
    w.write(first.into(), 6, field)?;
    w.write(second.into(), 6, field)
}

/// Writes `width` bits, bit `i` meaning id `i + 1`; an id above `width` does not fit.
fn write_flags(w: &mut BitWriter, set: IdSet, width: u32, field: &'static str) -> Result<(), EncodeError> {
    if u32::from(set.max_id()) > width {
        return Err(EncodeError::DoesNotFit { field, value: set.max_id().into(), bits: width });
    }
    for id in 1..=width {
        w.write_bool(set.contains(id as u8));
    }
    Ok(())
}

fn encode_publisher_tc(p: &PublisherTc) -> Result<String, EncodeError> {
    let num = p.num_custom_purposes;
    for (field, set) in [
        ("publisher_custom_consents", p.publisher_custom_consents),
        ("publisher_custom_legitimate_interests", p.publisher_custom_legitimate_interests),
    ] {
        if set.max_id() > num {
            return Err(EncodeError::CustomPurposeAboveNum { field, id: set.max_id(), num });
        }
    }
    let mut w = BitWriter::new();
    w.write(3, 3, "segment_type")?;
    write_flags(&mut w, p.publisher_consents, 24, "publisher_consents")?;
    write_flags(&mut w, p.publisher_legitimate_interests, 24, "publisher_legitimate_interests")?;
    w.write(num.into(), 6, "num_custom_purposes")?;
    write_flags(&mut w, p.publisher_custom_consents, num.into(), "publisher_custom_consents")?;
    write_flags(&mut w, p.publisher_custom_legitimate_interests, num.into(), "publisher_custom_legitimate_interests")?;
    Ok(w.to_base64url(Padding::Quantum24))
}
