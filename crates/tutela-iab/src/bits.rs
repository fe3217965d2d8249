//! Bit streams and the base64url alphabet both IAB formats share.
//!
//! TC strings and GPP strings are sequences of fixed-width big-endian integers written bit after bit
//! and then cut into 6-bit base64url characters (no `=` padding). [`BitReader`] reads fields by name
//! so that running out of bits is reported as "truncated at bit N reading field X"; [`BitWriter`]
//! appends fields and checks that every value fits its width.

use crate::error::{DecodeError, EncodeError};

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// The 6-bit value of a base64url character.
fn sextet(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'-' => Some(62),
        b'_' => Some(63),
        _ => None,
    }
}

/// Decoded bits of one segment, read front to back.
#[derive(Debug)]
pub(crate) struct BitReader {
    /// One 6-bit value per input character.
    sextets: Vec<u8>,
    len_bits: usize,
    pos: usize,
    /// Names the segment in errors, e.g. `TC string segment 1`.
    segment: String,
}

impl BitReader {
    /// Decodes a base64url segment. `segment` names it in errors.
    pub(crate) fn from_base64url(text: &str, segment: String) -> Result<Self, DecodeError> {
        if text.is_empty() {
            return Err(DecodeError::EmptySegment { segment });
        }
        let mut sextets = Vec::with_capacity(text.len());
        for (position, c) in text.chars().enumerate() {
            let value = u8::try_from(c).ok().and_then(sextet);
            match value {
                Some(v) => sextets.push(v),
                None => return Err(DecodeError::NotBase64Url { segment, position, character: c }),
            }
        }
        // Base64 never ends on a lone character: 6 bits cannot hold a byte.
        if sextets.len() % 4 == 1 {
            return Err(DecodeError::ImpossibleLength { segment, chars: sextets.len() });
        }
        let len_bits = sextets.len() * 6;
        Ok(Self { sextets, len_bits, pos: 0, segment })
    }

    /// The same reader under another name, once the segment's kind is known.
    pub(crate) fn renamed(self, segment: String) -> Self {
        Self { segment, ..self }
    }

    /// The segment's name, for errors raised by callers.
    pub(crate) fn segment(&self) -> &str {
        &self.segment
    }

    /// The current bit offset.
    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    /// Bits left to read.
    pub(crate) fn remaining(&self) -> usize {
        self.len_bits - self.pos
    }

    fn bit_at(&self, index: usize) -> bool {
        let sextet = self.sextets[index / 6];
        (sextet >> (5 - index % 6)) & 1 == 1
    }

    /// The truncation error for `field` needing `width` bits at the current position.
    pub(crate) fn truncated(&self, field: &'static str, width: usize) -> DecodeError {
        DecodeError::Truncated {
            segment: self.segment.clone(),
            field,
            bit: self.pos,
            needed_bits: width.saturating_sub(self.remaining()).max(1),
        }
    }

    /// Reads a `width`-bit unsigned integer (at most 64 bits).
    pub(crate) fn read(&mut self, width: u32, field: &'static str) -> Result<u64, DecodeError> {
        debug_assert!(width <= 64);
        let width_bits = width as usize;
        if self.remaining() < width_bits {
            return Err(self.truncated(field, width_bits));
        }
        let mut value = 0u64;
        for i in 0..width_bits {
            value = (value << 1) | u64::from(self.bit_at(self.pos + i));
        }
        self.pos += width_bits;
        Ok(value)
    }

    /// Reads one bit.
    pub(crate) fn read_bool(&mut self, field: &'static str) -> Result<bool, DecodeError> {
        Ok(self.read(1, field)? == 1)
    }

    /// Reads a value of at most 8 bits.
    pub(crate) fn read_u8(&mut self, width: u32, field: &'static str) -> Result<u8, DecodeError> {
        debug_assert!(width <= 8);
        Ok(self.read(width, field)? as u8)
    }

    /// Reads a value of at most 16 bits.
    pub(crate) fn read_u16(&mut self, width: u32, field: &'static str) -> Result<u16, DecodeError> {
        debug_assert!(width <= 16);
        Ok(self.read(width, field)? as u16)
    }
}

/// How the last character is filled when a segment's bits do not end on a character boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Padding {
    /// Zero bits up to a multiple of 24, as the TCF reference encoder writes (whole base64 quanta).
    Quantum24,
    /// Zero bits up to a whole byte, then up to a whole character, as GPP's "compressed" sections.
    ByteThenSextet,
}

/// Appends fields bit by bit, then renders base64url.
#[derive(Debug, Default)]
pub(crate) struct BitWriter {
    bits: Vec<bool>,
}

impl BitWriter {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Number of bits written so far.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.bits.len()
    }

    /// Appends `value` in `width` bits, refusing a value that does not fit.
    pub(crate) fn write(&mut self, value: u64, width: u32, field: &'static str) -> Result<(), EncodeError> {
        if width < 64 && value >> width != 0 {
            return Err(EncodeError::DoesNotFit { field, value, bits: width });
        }
        for i in (0..width).rev() {
            self.bits.push((value >> i) & 1 == 1);
        }
        Ok(())
    }

    /// Appends one bit.
    pub(crate) fn write_bool(&mut self, value: bool) {
        self.bits.push(value);
    }

    /// Renders the bits as base64url with the given padding rule.
    pub(crate) fn to_base64url(&self, padding: Padding) -> String {
        let mut bits = self.bits.clone();
        match padding {
            Padding::Quantum24 => bits.resize(bits.len().div_ceil(24) * 24, false),
            Padding::ByteThenSextet => {
                bits.resize(bits.len().div_ceil(8) * 8, false);
                bits.resize(bits.len().div_ceil(6) * 6, false);
            }
        }
        bits.chunks(6)
            .map(|chunk| {
                let v = chunk.iter().fold(0usize, |acc, &b| (acc << 1) | usize::from(b));
                char::from(ALPHABET[v])
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_big_endian_fields_across_characters() {
        // "CA" = 000010 000000: a 6-bit 2 followed by zeros.
        let mut r = BitReader::from_base64url("CAAA", "s".into()).unwrap();
        assert_eq!(r.read(6, "version").unwrap(), 2);
        assert_eq!(r.read(18, "rest").unwrap(), 0);
        assert!(matches!(r.read(1, "next"), Err(DecodeError::Truncated { bit: 24, field: "next", .. })));
    }

    #[test]
    fn refuses_padding_and_foreign_characters() {
        let err = BitReader::from_base64url("CA==", "s".into()).unwrap_err();
        assert!(matches!(err, DecodeError::NotBase64Url { position: 2, character: '=', .. }));
        let err = BitReader::from_base64url("CA+A", "s".into()).unwrap_err();
        assert!(matches!(err, DecodeError::NotBase64Url { position: 2, .. }));
        let err = BitReader::from_base64url("CAAAA", "s".into()).unwrap_err();
        assert!(matches!(err, DecodeError::ImpossibleLength { chars: 5, .. }));
    }

    #[test]
    fn writer_pads_as_asked_and_refuses_overflow() {
        let mut w = BitWriter::new();
        w.write(2, 6, "version").unwrap();
        assert_eq!(w.to_base64url(Padding::Quantum24), "CAAA");
        assert_eq!(w.to_base64url(Padding::ByteThenSextet), "CA");
        assert!(matches!(w.write(64, 6, "x"), Err(EncodeError::DoesNotFit { value: 64, bits: 6, .. })));
    }
}
