//! Where a large input may be cut into chunks that are scanned independently.
//!
//! A chunk is scanned with [`crate::Scanner::scan_region`]: the region is the chunk's own bytes,
//! and [`LOOKBEHIND_BYTES`] before and [`LOOKAHEAD_BYTES`] after it are context. A cut is safe when
//! no candidate can span it: the byte before it can never be part of any shape (a newline, most
//! punctuation, non-ASCII text other than `№`), or it is a space between two lower-case ASCII
//! letters (no shape holds a space next to a lower-case letter). Cutting there, each value is found
//! exactly once, by the chunk its first byte is in, whatever the chunk size.
//!
//! Cuts do not depend on newlines: a 1 GB line of prose has spaces and punctuation. Only when no safe
//! cut exists within [`SPLIT_SEARCH_BYTES`] (a run of digits and letters that long) is the chunk cut
//! anyway, where a value spanning the cut could be missed; no real value is that long.

use crate::shape::MAX_CANDIDATE_BYTES;

/// Bytes before a chunk that its scan may read: context words and the start of a value whose
/// trigger byte is in the chunk.
pub const LOOKBEHIND_BYTES: usize = 256;
/// Bytes after a chunk that its scan may read: the rest of a value that starts in it.
pub const LOOKAHEAD_BYTES: usize = MAX_CANDIDATE_BYTES + 128;
/// How far past the nominal end of a chunk a safe cut is looked for.
pub const SPLIT_SEARCH_BYTES: usize = 64 * 1024;

/// The UTF-8 encoding of `№`, the only non-ASCII text a shape contains.
const NUMERO: &[u8] = "№".as_bytes();

/// Whether a cut between `hay[cut - 1]` and `hay[cut]` is safe (see the module documentation).
pub fn is_safe_cut(hay: &[u8], cut: usize) -> bool {
    if cut == 0 || cut >= hay.len() {
        return true;
    }
    let prev = hay[cut - 1];
    match prev {
        b' ' => cut >= 2 && hay[cut - 2].is_ascii_lowercase() && hay[cut].is_ascii_lowercase(),
        0x80.. => {
            let around = &hay[cut.saturating_sub(3)..hay.len().min(cut + 3)];
            !around.windows(NUMERO.len()).any(|w| w == NUMERO)
        }
        b'0'..=b'9' | b'A'..=b'Z' | b'a'..=b'z' => false,
        b'-' | b'.' | b',' | b'(' | b')' | b'+' | b':' | b'@' | b'_' | b'%' => false,
        _ => true,
    }
}

/// The first safe cut at or after `nominal` within [`SPLIT_SEARCH_BYTES`], or `nominal` itself
/// when there is none. `hay` must extend past the search window unless it is the input's end.
pub fn split_point(hay: &[u8], nominal: usize) -> usize {
    let end = hay.len().min(nominal + SPLIT_SEARCH_BYTES);
    (nominal..end).find(|&cut| is_safe_cut(hay, cut)).unwrap_or(nominal.min(hay.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_avoid_values() {
        let text = b"call +7 495 123-45-67 now\nnext";
        let cut = split_point(text, 6);
        assert_eq!(&text[..cut], b"call +7 495 123-45-67 now\n");
        let prose = b"the quick brown fox";
        assert_eq!(split_point(prose, 4), 4);
        assert_eq!(split_point(prose, 5), 10);
        assert!(is_safe_cut("ИНН".as_bytes(), 2));
        assert!(!is_safe_cut("45 № 1".as_bytes(), 4));
    }

    #[test]
    fn no_safe_cut_falls_back_to_the_nominal_point() {
        let digits = vec![b'7'; SPLIT_SEARCH_BYTES * 2];
        assert_eq!(split_point(&digits, 10), 10);
    }
}
