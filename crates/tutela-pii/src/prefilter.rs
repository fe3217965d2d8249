//! The first stage of a scan: jump to the next byte that can begin or anchor a candidate.
//!
//! Every shape the detectors look for contains an ASCII digit, an `@` (e-mail) or a `:` (IPv6 written
//! with hex letters only), so the scanner only stops at those bytes. Prose in Cyrillic, Chinese or
//! Devanagari has none of them, and in English they are rare, so most of the input is skipped a
//! block of 16 bytes at a time, with a loop the compiler turns into vector instructions, rather than
//! looked at byte by byte.

/// Bytes examined per step of the fast loop: one vector register. Longer blocks (32, 64) cost more
/// on text with a number every few dozen bytes, as the byte that stopped the loop is then looked
/// for in a longer block.
const BLOCK_BYTES: usize = 16;

/// Whether `b` stops the scan: `0`..=`9`, `:` (0x3A, next to the digits) or `@`.
#[inline]
pub(crate) fn is_trigger(b: u8) -> bool {
    (b.wrapping_sub(b'0') <= b':' - b'0') | (b == b'@')
}

/// Bytes examined at once when locating a trigger within a block.
const WORD_BYTES: usize = 8;
const LOW_BITS: u64 = u64::from_ne_bytes([0x7F; WORD_BYTES]);
const HIGH_BITS: u64 = u64::from_ne_bytes([0x80; WORD_BYTES]);
const fn splat(b: u8) -> u64 {
    u64::from_ne_bytes([b; WORD_BYTES])
}

/// The trigger bytes of an 8-byte word (its bytes in memory order, little-endian): the high bit
/// of each byte of the result is set where the word has a trigger byte. Each byte's low seven
/// bits are compared by adding constants that set the high bit at a threshold (no carry can cross
/// into the next byte); bytes with the high bit set (non-ASCII) are never triggers.
#[inline]
fn trigger_bits(word: u64) -> u64 {
    let low = word & LOW_BITS;
    let at_least_zero = low + splat(0x80 - b'0');
    let above_colon = low + splat(0x80 - b':' - 1);
    let xor_at = low ^ splat(b'@');
    let not_at = (xor_at + LOW_BITS) | xor_at;
    ((at_least_zero & !above_colon) | !not_at) & !word & HIGH_BITS
}

/// The non-digit bytes of an 8-byte word (in memory order, little-endian): the high bit of each
/// byte of the result is set where the word's byte is not an ASCII digit; computed as in
/// [`trigger_bits`].
#[inline]
fn non_digit_bits(word: u64) -> u64 {
    let low = word & LOW_BITS;
    let at_least_zero = low + splat(0x80 - b'0');
    let above_nine = low + splat(0x80 - b'9' - 1);
    !(at_least_zero & !above_nine & !word) & HIGH_BITS
}

/// The end of the run of ASCII digits that starts at `from` (`from` itself when there is none),
/// eight bytes at a time: numbers are read whole after every trigger.
#[inline]
pub(crate) fn digit_run_end(hay: &[u8], from: usize) -> usize {
    let mut end = from.min(hay.len());
    while let Some(word) = hay.get(end..end + WORD_BYTES) {
        let word: [u8; WORD_BYTES] = word.try_into().expect("slice of one word");
        let bits = non_digit_bits(u64::from_le_bytes(word));
        if bits != 0 {
            return end + bits.trailing_zeros() as usize / 8;
        }
        end += WORD_BYTES;
    }
    while hay.get(end).is_some_and(u8::is_ascii_digit) {
        end += 1;
    }
    end
}

/// The position of the first trigger byte in `hay[from..to]`, if any.
#[inline]
pub(crate) fn next_trigger(hay: &[u8], from: usize, to: usize) -> Option<usize> {
    let to = to.min(hay.len());
    let from = from.min(to);
    let text = &hay[from..to];
    // Whole blocks first. No early exit inside a block: written as an OR of bytes over a
    // fixed-size array, this compiles to a few vector instructions per block instead of a compare
    // and branch per byte (a fold over `bool`s does not). Iterating over chunks keeps the loop to
    // one induction variable.
    let mut skipped = 0;
    for block in text.chunks_exact(BLOCK_BYTES) {
        let block: &[u8; BLOCK_BYTES] = block.try_into().expect("chunk of one block");
        if block.iter().fold(0u8, |hit, &b| hit | u8::from(is_trigger(b))) != 0 {
            break;
        }
        skipped += BLOCK_BYTES;
    }
    // Within the block (or the tail), eight bytes at a time.
    let rest = &text[skipped..];
    let mut words = rest.chunks_exact(WORD_BYTES);
    for (n, word) in words.by_ref().enumerate() {
        let word: [u8; WORD_BYTES] = word.try_into().expect("chunk of one word");
        let bits = trigger_bits(u64::from_le_bytes(word));
        if bits != 0 {
            return Some(from + skipped + n * WORD_BYTES + bits.trailing_zeros() as usize / 8);
        }
    }
    let tail = words.remainder();
    let tail_at = from + skipped + (rest.len() - tail.len());
    tail.iter().position(|&b| is_trigger(b)).map(|p| tail_at + p)
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

    #[test]
    fn word_bits_mark_exactly_the_non_digits() {
        for b in 0..=255u8 {
            for at in 0..WORD_BYTES {
                let mut word = [b'5'; WORD_BYTES];
                word[at] = b;
                let bits = non_digit_bits(u64::from_le_bytes(word));
                let expected = if b.is_ascii_digit() { 0 } else { 0x80u64 << (8 * at) };
                assert_eq!(bits, expected, "byte {b:#x} at {at}");
            }
        }
    }

    #[test]
    fn word_bits_mark_exactly_the_triggers() {
        for b in 0..=255u8 {
            for at in 0..WORD_BYTES {
                let mut word = [b'a'; WORD_BYTES];
                word[at] = b;
                let bits = trigger_bits(u64::from_le_bytes(word));
                let expected = if is_trigger(b) { 0x80u64 << (8 * at) } else { 0 };
                assert_eq!(bits, expected, "byte {b:#x} at {at}");
            }
        }
    }

    proptest! {
        #[test]
        fn agrees_with_byte_by_byte(hay in proptest::collection::vec(any::<u8>(), 0..80), from in 0usize..80, to in 0usize..90) {
            let from = from.min(hay.len());
            prop_assert_eq!(next_trigger(&hay, from, hay.len()), naive(&hay, from, hay.len()));
            prop_assert_eq!(next_trigger(&hay, from, to), naive(&hay, from, to));
        }

        #[test]
        fn digit_runs_end_where_byte_by_byte_says(digits in proptest::collection::vec(b'0'..=b'9', 0..30), hay in proptest::collection::vec(any::<u8>(), 0..20), from in 0usize..60) {
            let hay = [digits, hay].concat();
            let from = from.min(hay.len() + 2);
            let expected = hay.get(from..).map_or(from.min(hay.len()), |rest| from + rest.iter().take_while(|b| b.is_ascii_digit()).count());
            prop_assert_eq!(digit_run_end(&hay, from), expected);
        }
    }
}
