//! The first stage of a scan: jump to the next byte that can begin or anchor a candidate.
//!
//! Every shape the detectors look for contains an ASCII digit, an `@` (e-mail) or a `:` (IPv6 written
//! with hex letters only), so the scanner only stops at those bytes. Prose in Cyrillic, Chinese or
//! Devanagari has none of them, and in English they are rare, so most of the input is skipped eight
//! bytes at a time with word-wide arithmetic (SWAR) rather than looked at byte by byte.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;
const LOW7: u64 = 0x7F7F_7F7F_7F7F_7F7F;

/// Whether `b` stops the scan: `0`..=`9`, `:` (0x3A, next to the digits) or `@`.
#[inline]
pub(crate) fn is_trigger(b: u8) -> bool {
    matches!(b, b'0'..=b':' | b'@')
}

/// A mask with the high bit set in every byte of `word` that is a trigger. Bits above the lowest set
/// one may be spurious (borrows in the zero-byte test), so only the lowest set bit is meaningful.
#[inline]
fn trigger_mask(word: u64) -> u64 {
    let low = word & LOW7;
    // High bit set where (b & 0x7F) >= 0x30, and where (b & 0x7F) >= 0x3B; no carry crosses a byte.
    let at_least_0 = low.wrapping_add(ONES * (0x80 - 0x30));
    let at_least_semicolon = low.wrapping_add(ONES * (0x80 - 0x3B));
    let in_range = at_least_0 & !at_least_semicolon & !word & HIGH;
    let x = word ^ (ONES * u64::from(b'@'));
    let at = x.wrapping_sub(ONES) & !x & HIGH;
    in_range | at
}

/// The position of the first trigger byte in `hay[from..to]`, if any.
#[inline]
pub(crate) fn next_trigger(hay: &[u8], from: usize, to: usize) -> Option<usize> {
    let to = to.min(hay.len());
    let mut i = from;
    while i + 8 <= to {
        let word = u64::from_le_bytes(hay[i..i + 8].try_into().expect("slice of 8 bytes"));
        let mask = trigger_mask(word);
        if mask != 0 {
            return Some(i + (mask.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    hay[i.min(to)..to].iter().position(|&b| is_trigger(b)).map(|p| i + p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn naive(hay: &[u8], from: usize, to: usize) -> Option<usize> {
        (from..to.min(hay.len())).find(|&i| is_trigger(hay[i]))
    }

    #[test]
    fn finds_each_trigger_class() {
        assert_eq!(next_trigger(b"abcdefghij5", 0, 11), Some(10));
        assert_eq!(next_trigger("привет мир: да".as_bytes(), 0, 24), Some(19));
        assert_eq!(next_trigger(b"name@x", 0, 6), Some(4));
        assert_eq!(next_trigger(b"no triggers here;/", 0, 18), None);
        assert_eq!(next_trigger(b"9", 0, 1), Some(0));
        assert_eq!(next_trigger(b"abc9", 0, 3), None);
    }

    proptest! {
        #[test]
        fn agrees_with_byte_by_byte(hay in proptest::collection::vec(any::<u8>(), 0..64), from in 0usize..64) {
            let from = from.min(hay.len());
            prop_assert_eq!(next_trigger(&hay, from, hay.len()), naive(&hay, from, hay.len()));
        }
    }
}
