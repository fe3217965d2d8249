//! The first stage of a scan: jump to the next byte that can begin or anchor a candidate.
//!
//! Every shape the detectors look for contains an ASCII digit, an `@` (e-mail) or a `:` (IPv6 written
//! with hex letters only), so the scanner only stops at those bytes. Prose in Cyrillic, Chinese or
//! Devanagari has none of them, and in English they are rare, so most of the input is skipped a
//! block of 32 bytes at a time, with a loop the compiler turns into vector instructions, rather than
//! looked at byte by byte.

/// Bytes examined per step of the fast loop.
const BLOCK_BYTES: usize = 32;

/// Whether `b` stops the scan: `0`..=`9`, `:` (0x3A, next to the digits) or `@`.
#[inline]
pub(crate) fn is_trigger(b: u8) -> bool {
    (b.wrapping_sub(b'0') <= b':' - b'0') | (b == b'@')
}

/// The position of the first trigger byte in `hay[from..to]`, if any.
#[inline]
pub(crate) fn next_trigger(hay: &[u8], from: usize, to: usize) -> Option<usize> {
    let to = to.min(hay.len());
    let mut i = from.min(to);
    while i + BLOCK_BYTES <= to {
        let block: &[u8; BLOCK_BYTES] = hay[i..i + BLOCK_BYTES].try_into().expect("slice of one block");
        // No early exit inside the block: written as a fold over a fixed-size array, this compiles
        // to a few vector instructions per block instead of a compare and branch per byte.
        if block.iter().fold(false, |hit, &b| hit | is_trigger(b)) {
            break;
        }
        i += BLOCK_BYTES;
    }
    hay[i..to].iter().position(|&b| is_trigger(b)).map(|p| i + p)
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
