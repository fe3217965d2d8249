//! Vendor sections (bitfield or range encoding) and publisher restrictions, both directions.
//!
//! A vendor section is `max_vendor_id` (16 bits), an encoding bit, then either one bit per vendor up
//! to `max_vendor_id` or a 12-bit count of range entries (a "is a range" bit, a start id and, for a
//! range, an end id, 16 bits each). Decoding requires range entries ascending and not overlapping
//! and every id within `max_vendor_id`, so an entry list can never make the decoder loop over more
//! than [`MAX_VENDOR_ID`] ids.

use crate::MAX_VENDOR_ID;
use crate::bits::{BitReader, BitWriter};
use crate::error::{DecodeError, EncodeError};
use crate::ids::VendorSet;
use crate::tcf::{PublisherRestriction, RestrictionType};

/// Field names of one vendor section, for errors.
pub(crate) struct VendorFields {
    pub(crate) name: &'static str,
    max_vendor_id: &'static str,
    is_range_encoding: &'static str,
    bitfield: &'static str,
    num_entries: &'static str,
    is_a_range: &'static str,
    start: &'static str,
    end: &'static str,
}

macro_rules! vendor_fields {
    ($name:literal) => {
        VendorFields {
            name: $name,
            max_vendor_id: concat!($name, ".max_vendor_id"),
            is_range_encoding: concat!($name, ".is_range_encoding"),
            bitfield: concat!($name, ".bitfield"),
            num_entries: concat!($name, ".num_entries"),
            is_a_range: concat!($name, ".is_a_range"),
            start: concat!($name, ".start_or_only_vendor_id"),
            end: concat!($name, ".end_vendor_id"),
        }
    };
}

pub(crate) const VENDOR_CONSENTS: VendorFields = vendor_fields!("vendor_consents");
pub(crate) const VENDOR_LEGITIMATE_INTERESTS: VendorFields = vendor_fields!("vendor_legitimate_interests");
pub(crate) const DISCLOSED_VENDORS: VendorFields = vendor_fields!("disclosed_vendors");
pub(crate) const ALLOWED_VENDORS: VendorFields = vendor_fields!("allowed_vendors");
const RESTRICTION_VENDORS: VendorFields = vendor_fields!("publisher_restrictions");

/// Reads one vendor section.
pub(crate) fn read_vendor_section(r: &mut BitReader, f: &VendorFields) -> Result<VendorSet, DecodeError> {
    let max_vendor_id = r.read_u16(16, f.max_vendor_id)?;
    if max_vendor_id > MAX_VENDOR_ID {
        let vendor_id = max_vendor_id.into();
        return Err(DecodeError::VendorLimit { field: f.name, vendor_id, limit: MAX_VENDOR_ID });
    }
    if r.read_bool(f.is_range_encoding)? {
        read_range_entries(r, f, max_vendor_id)
    } else {
        read_bitfield(r, f, max_vendor_id)
    }
}

fn read_bitfield(r: &mut BitReader, f: &VendorFields, max_vendor_id: u16) -> Result<VendorSet, DecodeError> {
    if r.remaining() < usize::from(max_vendor_id) {
        return Err(r.truncated(f.bitfield, max_vendor_id.into()));
    }
    let mut set = VendorSet::new();
    for id in 1..=max_vendor_id {
        if r.read_bool(f.bitfield)? {
            set.insert(id).map_err(|_| DecodeError::IdZero { field: f.name })?;
        }
    }
    Ok(set)
}

/// Reads a 12-bit count then that many range entries, checking order and bounds.
fn read_range_entries(r: &mut BitReader, f: &VendorFields, max_vendor_id: u16) -> Result<VendorSet, DecodeError> {
    let num_entries = r.read_u16(12, f.num_entries)?;
    let mut set = VendorSet::new();
    let mut previous_end = 0u16;
    for _ in 0..num_entries {
        let (start, end) = read_entry(r, f)?;
        if start <= previous_end {
            let (start, previous) = (start.into(), previous_end.into());
            return Err(DecodeError::RangeOutOfOrder { field: f.name, start, previous });
        }
        if end > max_vendor_id {
            return Err(DecodeError::VendorAboveMax {
                field: f.name,
                vendor_id: end.into(),
                max_vendor_id: max_vendor_id.into(),
            });
        }
        insert_range(&mut set, f, start, end)?;
        previous_end = end;
    }
    Ok(set)
}

/// Reads one entry: an "is a range" bit, a start id, and an end id for a range.
fn read_entry(r: &mut BitReader, f: &VendorFields) -> Result<(u16, u16), DecodeError> {
    let is_range = r.read_bool(f.is_a_range)?;
    let start = r.read_u16(16, f.start)?;
    let end = if is_range { r.read_u16(16, f.end)? } else { start };
    if start == 0 {
        return Err(DecodeError::IdZero { field: f.name });
    }
    if end < start {
        return Err(DecodeError::RangeReversed { field: f.name, start: start.into(), end: end.into() });
    }
    if end > MAX_VENDOR_ID {
        return Err(DecodeError::VendorLimit { field: f.name, vendor_id: end.into(), limit: MAX_VENDOR_ID });
    }
    Ok((start, end))
}

fn insert_range(set: &mut VendorSet, f: &VendorFields, start: u16, end: u16) -> Result<(), DecodeError> {
    // Bounds were checked by the caller; an error here would mean id 0 or above the limit.
    set.insert_range(start, end).map_err(|_| DecodeError::VendorLimit {
        field: f.name,
        vendor_id: end.into(),
        limit: MAX_VENDOR_ID,
    })
}

/// Reads the publisher restrictions: a 12-bit count, then per restriction a purpose (6 bits), a type
/// (2 bits) and range entries. Returned sorted by purpose then type.
pub(crate) fn read_restrictions(r: &mut BitReader) -> Result<Vec<PublisherRestriction>, DecodeError> {
    let count = r.read_u16(12, "num_pub_restrictions")?;
    let mut restrictions: Vec<PublisherRestriction> = Vec::new();
    for _ in 0..count {
        let purpose_id = r.read_u8(6, "publisher_restrictions.purpose_id")?;
        let value = r.read_u8(2, "publisher_restrictions.restriction_type")?;
        let restriction_type = RestrictionType::from_value(value).ok_or_else(|| DecodeError::InvalidValue {
            field: "publisher_restrictions.restriction_type",
            value: value.to_string(),
            allowed: "0 not allowed, 1 require consent, 2 require legitimate interest",
        })?;
        if restrictions.iter().any(|x| x.purpose_id == purpose_id && x.restriction_type == restriction_type) {
            return Err(DecodeError::DuplicateRestriction { purpose_id, restriction_type: value });
        }
        let vendors = read_range_entries(r, &RESTRICTION_VENDORS, MAX_VENDOR_ID)?;
        restrictions.push(PublisherRestriction { purpose_id, restriction_type, vendors });
    }
    restrictions.sort_by_key(|x| (x.purpose_id, x.restriction_type));
    Ok(restrictions)
}

/// Whether the reference encoder would write `set` with range encoding.
///
/// This mirrors `@iabtechlabtcf/core`'s rule so Tutela's strings equal the reference's bit for bit:
/// ranges only when `max_vendor_id` exceeds 45, and only while an estimate of the range encoding's
/// size stays below the bitfield's. The estimate is the reference's own (it counts 16 bits for a
/// single id and 17 + 16 for a run, and it checks before adding the last id's cost), so it is
/// reproduced as is rather than computed exactly.
fn reference_prefers_ranges(set: &VendorSet) -> bool {
    let max_id = set.max_id();
    if max_id <= 45 {
        return false;
    }
    let bitfield_bits = 17 + usize::from(max_id);
    let mut estimate = 29usize;
    let mut in_run = false;
    let mut prefers = false;
    for id in 1..=max_id {
        prefers = estimate < bitfield_bits;
        if !prefers {
            break;
        }
        if !set.contains(id) {
            continue;
        }
        if id < max_id && set.contains(id + 1) {
            if !in_run {
                in_run = true;
                estimate += 17;
            }
        } else {
            in_run = false;
            estimate += 16;
        }
    }
    prefers
}

/// Writes one vendor section, choosing the encoding as the reference does.
pub(crate) fn write_vendor_section(w: &mut BitWriter, set: &VendorSet, f: &VendorFields) -> Result<(), EncodeError> {
    let max_id = set.max_id();
    w.write(max_id.into(), 16, f.max_vendor_id)?;
    if reference_prefers_ranges(set) {
        w.write_bool(true);
        write_range_entries(w, set, f)
    } else {
        w.write_bool(false);
        for id in 1..=max_id {
            w.write_bool(set.contains(id));
        }
        Ok(())
    }
}

fn write_range_entries(w: &mut BitWriter, set: &VendorSet, f: &VendorFields) -> Result<(), EncodeError> {
    let runs = set.runs();
    w.write(runs.len() as u64, 12, f.num_entries)?;
    for (start, end) in runs {
        w.write_bool(start != end);
        w.write(start.into(), 16, f.start)?;
        if start != end {
            w.write(end.into(), 16, f.end)?;
        }
    }
    Ok(())
}

/// Writes the publisher restrictions in purpose-then-type order, refusing a repeated pair.
pub(crate) fn write_restrictions(w: &mut BitWriter, restrictions: &[PublisherRestriction]) -> Result<(), EncodeError> {
    let mut sorted: Vec<&PublisherRestriction> = restrictions.iter().collect();
    sorted.sort_by_key(|x| (x.purpose_id, x.restriction_type));
    if let Some(pair) =
        sorted.windows(2).find(|p| (p[0].purpose_id, p[0].restriction_type) == (p[1].purpose_id, p[1].restriction_type))
    {
        return Err(EncodeError::InvalidValue {
            field: "publisher_restrictions",
            value: format!("purpose {} with {:?} twice", pair[0].purpose_id, pair[0].restriction_type),
            allowed: "one restriction per purpose and type",
        });
    }
    w.write(sorted.len() as u64, 12, "num_pub_restrictions")?;
    for restriction in sorted {
        w.write(restriction.purpose_id.into(), 6, "publisher_restrictions.purpose_id")?;
        w.write(restriction.restriction_type.value().into(), 2, "publisher_restrictions.restriction_type")?;
        write_range_entries(w, &restriction.vendors, &RESTRICTION_VENDORS)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bits::Padding;

    fn round_trip(set: &VendorSet) -> (VendorSet, usize) {
        let mut w = BitWriter::new();
        write_vendor_section(&mut w, set, &VENDOR_CONSENTS).unwrap();
        let bits = w.len();
        let text = w.to_base64url(Padding::Quantum24);
        let mut r = BitReader::from_base64url(&text, "test".into()).unwrap();
        (read_vendor_section(&mut r, &VENDOR_CONSENTS).unwrap(), bits)
    }

    #[test]
    fn small_sets_use_a_bitfield_and_sparse_large_ones_ranges() {
        let small = VendorSet::from_ids([1, 3, 45]).unwrap();
        assert_eq!(round_trip(&small), (small.clone(), 17 + 45));
        let sparse = VendorSet::from_ids([2, 1000]).unwrap();
        // 16 + 1 + 12 + 2 × 17 bits, far below a 1000-bit field.
        assert_eq!(round_trip(&sparse), (sparse.clone(), 63));
        let dense = VendorSet::from_ids((1..=100).step_by(2)).unwrap();
        assert_eq!(round_trip(&dense).1, 17 + 99);
    }

    #[test]
    fn range_entries_must_ascend_without_overlap() {
        let mut w = BitWriter::new();
        w.write(100, 16, "max").unwrap();
        w.write_bool(true);
        w.write(2, 12, "n").unwrap();
        for (start, end) in [(10u64, 20u64), (15, 30)] {
            w.write_bool(true);
            w.write(start, 16, "s").unwrap();
            w.write(end, 16, "e").unwrap();
        }
        let text = w.to_base64url(Padding::Quantum24);
        let mut r = BitReader::from_base64url(&text, "test".into()).unwrap();
        let err = read_vendor_section(&mut r, &VENDOR_CONSENTS).unwrap_err();
        assert_eq!(err, DecodeError::RangeOutOfOrder { field: "vendor_consents", start: 15, previous: 20 });
    }

    #[test]
    fn a_bitfield_above_the_vendor_limit_is_refused_before_reading() {
        let mut w = BitWriter::new();
        w.write(u64::from(MAX_VENDOR_ID) + 1, 16, "max").unwrap();
        w.write_bool(false);
        let text = w.to_base64url(Padding::Quantum24);
        let mut r = BitReader::from_base64url(&text, "test".into()).unwrap();
        let err = read_vendor_section(&mut r, &VENDOR_CONSENTS).unwrap_err();
        assert!(matches!(err, DecodeError::VendorLimit { field: "vendor_consents", .. }));
    }
}
