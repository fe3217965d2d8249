//! Fibonacci coding and the GPP header's list of section ids.
//!
//! A Fibonacci-coded integer is its Zeckendorf representation written from the smallest term (1, 2,
//! 3, 5, 8, ...) up, followed by an extra `1`; the first `11` ends it. The header lists its section
//! ids as a 12-bit count of entries, each a single id or a range, every id written as the Fibonacci-
//! coded difference from the id before it — so ids are strictly ascending by construction.

use crate::bits::{BitReader, BitWriter};
use crate::error::{DecodeError, EncodeError};

/// Longest Fibonacci code read, terminator included: enough for every value below 75,025.
const MAX_CODE_BITS: usize = 24;

/// Reads one Fibonacci-coded integer (at least 1).
pub(crate) fn read_fibonacci(r: &mut BitReader, field: &'static str) -> Result<u64, DecodeError> {
    let start = r.position();
    let (mut term, mut next) = (1u64, 2u64);
    let mut value = 0u64;
    let mut previous_bit = false;
    for _ in 0..MAX_CODE_BITS {
        let bit = r.read_bool(field)?;
        if bit && previous_bit {
            return Ok(value);
        }
        if bit {
            value += term;
        }
        previous_bit = bit;
        (term, next) = (next, term + next);
    }
    Err(DecodeError::BadFibonacci { segment: r.segment().to_owned(), field, bit: start })
}

/// Appends `value` (at least 1) Fibonacci-coded.
pub(crate) fn write_fibonacci(w: &mut BitWriter, value: u64, field: &'static str) -> Result<(), EncodeError> {
    if value == 0 {
        return Err(EncodeError::InvalidValue { field, value: "0".into(), allowed: "1 or more" });
    }
    let mut terms = vec![1u64, 2];
    while terms[terms.len() - 1] + terms[terms.len() - 2] <= value {
        terms.push(terms[terms.len() - 1] + terms[terms.len() - 2]);
    }
    let mut bits = vec![false; terms.len()];
    let mut rest = value;
    for (i, &term) in terms.iter().enumerate().rev() {
        if term <= rest {
            bits[i] = true;
            rest -= term;
        }
    }
    // The largest term used ends the code; drop unused high terms so the terminator follows it.
    while bits.last() == Some(&false) {
        bits.pop();
    }
    for bit in bits {
        w.write_bool(bit);
    }
    w.write_bool(true);
    Ok(())
}

/// Reads the header's section id list; `max_ids` bounds how many ids the ranges expand to and
/// `max_id` the largest id.
pub(crate) fn read_id_ranges(r: &mut BitReader, max_ids: usize, max_id: u64) -> Result<Vec<u64>, DecodeError> {
    const FIELD: &str = "section_ids";
    let entries = r.read(12, "section_ids.num_entries")?;
    let mut ids = Vec::new();
    let mut last = 0u64;
    for _ in 0..entries {
        let is_range = r.read_bool("section_ids.is_a_range")?;
        let start = last + read_fibonacci(r, FIELD)?;
        let end = if is_range { start + read_fibonacci(r, FIELD)? } else { start };
        if end > max_id {
            return Err(DecodeError::UnsupportedSection { id: end, name: None });
        }
        if ids.len() as u64 + (end - start + 1) > max_ids as u64 {
            let count = ids.len() + (end - start + 1) as usize;
            return Err(DecodeError::TooManyParts { what: "GPP header's section list", count, max: max_ids });
        }
        ids.extend(start..=end);
        last = end;
    }
    Ok(ids)
}

/// Writes ascending ids as the header's list, merging consecutive ids into ranges.
pub(crate) fn write_id_ranges(w: &mut BitWriter, ids: &[u16]) -> Result<(), EncodeError> {
    let mut runs: Vec<(u16, u16)> = Vec::new();
    for &id in ids {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == id => *end = id,
            _ => runs.push((id, id)),
        }
    }
    w.write(runs.len() as u64, 12, "section_ids.num_entries")?;
    let mut last = 0u16;
    for (start, end) in runs {
        w.write_bool(start != end);
        write_fibonacci(w, u64::from(start - last), "section_ids")?;
        if start != end {
            write_fibonacci(w, u64::from(end - start), "section_ids")?;
        }
        last = end;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bits::Padding;

    fn code(value: u64) -> String {
        let mut w = BitWriter::new();
        write_fibonacci(&mut w, value, "f").unwrap();
        let text = w.to_base64url(Padding::Quantum24);
        let mut r = BitReader::from_base64url(&text, "t".into()).unwrap();
        let bits: String = (0..w.len()).map(|_| if r.read_bool("b").unwrap() { '1' } else { '0' }).collect();
        bits
    }

    #[test]
    fn codes_match_the_zeckendorf_table() {
        // 1 = 11, 2 = 011, 3 = 0011, 4 = 1011, 11 = 001011 (8 + 3).
        assert_eq!(code(1), "11");
        assert_eq!(code(2), "011");
        assert_eq!(code(3), "0011");
        assert_eq!(code(4), "1011");
        assert_eq!(code(11), "001011");
    }

    #[test]
    fn every_small_value_round_trips() {
        for value in 1..2000u64 {
            let mut w = BitWriter::new();
            write_fibonacci(&mut w, value, "f").unwrap();
            let text = w.to_base64url(Padding::Quantum24);
            let mut r = BitReader::from_base64url(&text, "t".into()).unwrap();
            assert_eq!(read_fibonacci(&mut r, "f").unwrap(), value);
        }
    }

    #[test]
    fn a_code_without_terminator_is_refused() {
        let mut r = BitReader::from_base64url("qqqqqqqq", "t".into()).unwrap(); // 1010...
        assert!(matches!(read_fibonacci(&mut r, "f"), Err(DecodeError::BadFibonacci { bit: 0, .. })));
    }
}
