//! Validators: does a candidate span really hold a value of a kind?
//!
//! The scanner calls these only on spans whose shape matched, so they may be thorough: check digits,
//! issuer prefixes, per-country lengths, encoded birth dates. Each returns the base confidence of a
//! valid value (before context words), or `None`. Phone numbers live in `phone`, as they need the
//! numbering plans.

use crate::checksum;
use crate::kind::Kind;

/// At most this many digits are collected from a candidate; no supported format has more (an
/// IBAN has at most 34 characters).
pub(crate) const MAX_DIGITS: usize = 34;

/// The decimal digits of a candidate, without separators, on the stack.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Digits {
    buf: [u8; MAX_DIGITS],
    len: usize,
}

impl Digits {
    /// No digits: what a validator that does not read digits is given.
    pub(crate) const NONE: Digits = Digits { buf: [0; MAX_DIGITS], len: 0 };

    /// The digit values of `token`'s ASCII digits; `None` if there are more than [`MAX_DIGITS`].
    pub(crate) fn of(token: &[u8]) -> Option<Digits> {
        let mut digits = Digits { buf: [0; MAX_DIGITS], len: 0 };
        for &b in token {
            if b.is_ascii_digit() {
                *digits.buf.get_mut(digits.len)? = b - b'0';
                digits.len += 1;
            }
        }
        Some(digits)
    }

    pub(crate) fn as_slice(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// The number formed by `self[range]`, for short ranges (prefixes, dates).
    fn number(&self, range: std::ops::Range<usize>) -> u32 {
        self.as_slice()[range].iter().fold(0, |n, &d| n * 10 + u32::from(d))
    }
}

/// `[0, 1, 2, ...]`: where the digits of a plain number are.
const OFFSETS: [u8; MAX_DIGITS] = {
    let mut offsets = [0; MAX_DIGITS];
    let mut i = 0;
    while i < MAX_DIGITS {
        offsets[i] = i as u8;
        i += 1;
    }
    offsets
};

/// The digits of the longest candidate at a start, from which the digits of every shorter
/// candidate there (a prefix of it) are taken without reading its bytes again.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PrefixDigits {
    digits: Digits,
    /// Where each digit is, as an offset into the text.
    offsets: [u8; MAX_DIGITS],
    /// The offset of the first digit past [`MAX_DIGITS`] (the text's length if there is none).
    overflow: usize,
    /// The length of the text.
    len: usize,
}

impl PrefixDigits {
    /// The digits of `text`, which is at most 255 bytes long (a candidate is at most
    /// [`crate::MAX_CANDIDATE_BYTES`]).
    // Out of line: inlined into the scan loop, this loop had to keep its variables on the stack.
    #[inline(never)]
    pub(crate) fn of(text: &[u8]) -> PrefixDigits {
        let text = &text[..text.len().min(usize::from(u8::MAX))];
        let mut all = PrefixDigits {
            digits: Digits { buf: [0; MAX_DIGITS], len: 0 },
            offsets: [0; MAX_DIGITS],
            overflow: text.len(),
            len: text.len(),
        };
        for (offset, &b) in text.iter().enumerate() {
            let value = b.wrapping_sub(b'0');
            if value < 10 {
                let len = all.digits.len;
                if len == MAX_DIGITS {
                    all.overflow = offset;
                    break;
                }
                all.digits.buf[len] = value;
                all.offsets[len] = offset as u8;
                all.digits.len = len + 1;
            }
        }
        all
    }

    /// [`PrefixDigits::of`] for a run of ASCII digits (a plain number): digit `i` is at offset
    /// `i`, so no byte needs a test.
    pub(crate) fn of_run(run: &[u8]) -> PrefixDigits {
        debug_assert!(run.iter().all(u8::is_ascii_digit));
        let mut all = PrefixDigits {
            digits: Digits { buf: [0; MAX_DIGITS], len: run.len().min(MAX_DIGITS) },
            offsets: OFFSETS,
            overflow: run.len().min(MAX_DIGITS),
            len: run.len().min(usize::from(u8::MAX)),
        };
        if run.len() <= MAX_DIGITS {
            all.overflow = all.len;
        }
        for (digit, &b) in all.digits.buf.iter_mut().zip(run) {
            *digit = b - b'0';
        }
        all
    }

    /// The digits of `text[..end]` (as [`Digits::of`] gives them).
    pub(crate) fn prefix(&self, end: usize) -> Option<Digits> {
        if end > self.overflow {
            return None;
        }
        // The longest candidate (the first one read at a start) has all the digits.
        if end >= self.len {
            return Some(self.digits);
        }
        let offsets = &self.offsets[..self.digits.len];
        let mut digits = self.digits;
        digits.len = offsets.partition_point(|&o| usize::from(o) < end);
        Some(digits)
    }
}

/// Base confidence of a value whose check digit is right but nothing else supports it.
const CHECKED: f32 = 0.85;

/// Validates `token` (whose digits are `digits`) as `kind`; phone numbers and passports are decided
/// elsewhere and return `None` here.
pub(crate) fn validate(kind: Kind, token: &[u8], digits: &Digits) -> Option<f32> {
    let ok = match kind {
        Kind::Email => return email(token).then_some(0.95),
        Kind::Ipv4 => return ipv4(token).then_some(0.75),
        Kind::Ipv6 => return ipv6(token).then_some(0.85),
        Kind::GeoCoordinates => return geo(token).then_some(0.7),
        Kind::InPan => return in_pan(token).then_some(0.75),
        Kind::Iban => return iban(token).then_some(0.95),
        Kind::CnResidentId => return cn_resident_id(token).then_some(0.95),
        Kind::CreditCard => credit_card(digits),
        Kind::RuInn => ru_inn(digits),
        Kind::RuSnils => checksum::ru_snils(digits.as_slice()),
        Kind::RuOgrn => ru_ogrn(digits),
        // The encoded birth date makes a valid EGN rarer by chance than a valid INN.
        Kind::BgEgn => return bg_egn(digits).then_some(CHECKED + 0.02),
        Kind::InAadhaar => in_aadhaar(digits),
        Kind::Imei => imei(digits),
        Kind::Iccid => iccid(digits),
        Kind::Phone | Kind::RuPassport => false,
    };
    ok.then_some(CHECKED)
}

/// Issuer ranges of payment cards: (first prefix, last prefix, prefix digits, lengths allowed).
/// From the networks' published BIN ranges (ISO/IEC 7812 issuer identification numbers).
const CARD_RANGES: &[(u32, u32, usize, &[usize])] = &[
    (4, 4, 1, &[13, 16, 19]),                 // Visa
    (51, 55, 2, &[16]),                       // Mastercard
    (2221, 2720, 4, &[16]),                   // Mastercard 2-series
    (34, 34, 2, &[15]),                       // American Express
    (37, 37, 2, &[15]),                       // American Express
    (6011, 6011, 4, &[16, 17, 18, 19]),       // Discover
    (644, 649, 3, &[16, 17, 18, 19]),         // Discover
    (65, 65, 2, &[16, 17, 18, 19]),           // Discover, RuPay
    (3528, 3589, 4, &[16, 17, 18, 19]),       // JCB
    (62, 62, 2, &[16, 17, 18, 19]),           // UnionPay
    (2200, 2204, 4, &[16, 17, 18, 19]),       // Mir
    (36, 36, 2, &[14, 15, 16, 17, 18, 19]),   // Diners Club International
    (300, 305, 3, &[14, 15, 16, 17, 18, 19]), // Diners Club
    (38, 39, 2, &[16, 17, 18, 19]),           // Diners Club
    (60, 60, 2, &[16]),                       // RuPay
    (81, 82, 2, &[16]),                       // RuPay
    (508, 508, 3, &[16]),                     // RuPay
];

/// For each two-digit start of a number, the issuer ranges of [`CARD_RANGES`] (one bit each) that
/// contain numbers starting so: most numbers are no card, and are told so by one lookup.
static CARD_RANGES_BY_START: [u32; 100] = {
    let mut table = [0u32; 100];
    let mut range = 0;
    while range < CARD_RANGES.len() {
        let (lo, hi, width, _) = CARD_RANGES[range];
        // The two-digit starts of `lo..=hi`, a range of `width`-digit prefixes.
        let (first, last) = match width {
            1 => (lo * 10, hi * 10 + 9),
            _ => {
                let scale = 10u32.pow(width as u32 - 2);
                (lo / scale, hi / scale)
            }
        };
        let mut start = first;
        while start <= last {
            table[start as usize] |= 1 << range;
            start += 1;
        }
        range += 1;
    }
    table
};

fn credit_card(d: &Digits) -> bool {
    let n = d.len();
    if !(12..=19).contains(&n) {
        return false;
    }
    let mut candidates = CARD_RANGES_BY_START[d.number(0..2) as usize];
    if candidates == 0 {
        return false;
    }
    // The issuer prefixes of one to four digits, worked out once for all the ranges.
    let prefixes = [0, d.number(0..1), d.number(0..2), d.number(0..3), d.number(0..4)];
    let mut issued = false;
    while candidates != 0 && !issued {
        let (lo, hi, width, lengths) = CARD_RANGES[candidates.trailing_zeros() as usize];
        issued = (lo..=hi).contains(&prefixes[width]) && lengths.contains(&n);
        candidates &= candidates - 1;
    }
    issued && checksum::luhn(d.as_slice())
}

fn ru_inn(d: &Digits) -> bool {
    // The first two digits are the tax office's region code, never 00.
    matches!(d.len(), 10 | 12) && d.number(0..2) != 0 && checksum::ru_inn(d.as_slice())
}

fn ru_ogrn(d: &Digits) -> bool {
    // The first digit says what was registered: 1 or 5 an organisation (13 digits), 3 an
    // individual entrepreneur (15 digits).
    match d.len() {
        13 => matches!(d.as_slice()[0], 1 | 5) && checksum::ru_ogrn(d.as_slice()),
        15 => d.as_slice()[0] == 3 && checksum::ru_ogrn(d.as_slice()),
        _ => false,
    }
}

/// Whether the date exists in the proleptic Gregorian calendar.
pub(crate) fn valid_date(year: u32, month: u32, day: u32) -> bool {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

fn bg_egn(d: &Digits) -> bool {
    if d.len() != 10 {
        return false;
    }
    // The month carries the century: +20 for 1800-1899, +40 for 2000-2099.
    let (yy, mm, dd) = (d.number(0..2), d.number(2..4), d.number(4..6));
    let (year, month) = match mm {
        41..=52 => (2000 + yy, mm - 40),
        21..=32 => (1800 + yy, mm - 20),
        _ => (1900 + yy, mm),
    };
    valid_date(year, month, dd) && checksum::bg_egn(d.as_slice())
}

fn in_aadhaar(d: &Digits) -> bool {
    d.len() == 12 && d.as_slice()[0] >= 2 && checksum::verhoeff(d.as_slice())
}

/// Reporting-body identifiers that begin an IMEI's type allocation code (GSMA TS.06).
const IMEI_REPORTING_BODIES: &[u32] = &[1, 10, 30, 33, 35, 44, 45, 49, 50, 51, 52, 53, 54, 86, 91, 98, 99];

fn imei(d: &Digits) -> bool {
    d.len() == 15 && IMEI_REPORTING_BODIES.contains(&d.number(0..2)) && checksum::luhn(d.as_slice())
}

fn iccid(d: &Digits) -> bool {
    // ITU-T E.118: the major industry identifier 89 (telecommunications), at most 19 digits plus
    // the Luhn check digit; cards in use have 19 or 20.
    matches!(d.len(), 19 | 20) && d.number(0..2) == 89 && checksum::luhn(d.as_slice())
}

fn cn_resident_id(token: &[u8]) -> bool {
    let [body @ .., last] = token else { return false };
    if body.len() != 17 || !body.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let check = match last {
        b'0'..=b'9' => last - b'0',
        b'X' | b'x' => 10,
        _ => return false,
    };
    let Some(d) = Digits::of(body) else { return false };
    // Province codes run from 11 (Beijing) to 82 (Macao); digits 7-14 are the birth date.
    let province = d.number(0..2);
    let (year, month, day) = (d.number(6..10), d.number(10..12), d.number(12..14));
    (11..=82).contains(&province)
        && (1900..=2099).contains(&year)
        && valid_date(year, month, day)
        && checksum::cn_resident_id(d.as_slice(), check)
}

/// IBAN lengths per country, from the SWIFT IBAN registry; sorted by country code.
const IBAN_LENGTHS: &[(&[u8; 2], usize)] = &[
    (b"AD", 24),
    (b"AE", 23),
    (b"AL", 28),
    (b"AT", 20),
    (b"AZ", 28),
    (b"BA", 20),
    (b"BE", 16),
    (b"BG", 22),
    (b"BH", 22),
    (b"BI", 27),
    (b"BR", 29),
    (b"BY", 28),
    (b"CH", 21),
    (b"CR", 22),
    (b"CY", 28),
    (b"CZ", 24),
    (b"DE", 22),
    (b"DJ", 27),
    (b"DK", 18),
    (b"DO", 28),
    (b"EE", 20),
    (b"EG", 29),
    (b"ES", 24),
    (b"FI", 18),
    (b"FK", 18),
    (b"FO", 18),
    (b"FR", 27),
    (b"GB", 22),
    (b"GE", 22),
    (b"GI", 23),
    (b"GL", 18),
    (b"GR", 27),
    (b"GT", 28),
    (b"HN", 28),
    (b"HR", 21),
    (b"HU", 28),
    (b"IE", 22),
    (b"IL", 23),
    (b"IQ", 23),
    (b"IS", 26),
    (b"IT", 27),
    (b"JO", 30),
    (b"KW", 30),
    (b"KZ", 20),
    (b"LB", 28),
    (b"LC", 32),
    (b"LI", 21),
    (b"LT", 20),
    (b"LU", 20),
    (b"LV", 21),
    (b"LY", 25),
    (b"MC", 27),
    (b"MD", 24),
    (b"ME", 22),
    (b"MK", 19),
    (b"MN", 20),
    (b"MR", 27),
    (b"MT", 31),
    (b"MU", 30),
    (b"NI", 28),
    (b"NL", 18),
    (b"NO", 15),
    (b"OM", 23),
    (b"PK", 24),
    (b"PL", 28),
    (b"PS", 29),
    (b"PT", 25),
    (b"QA", 29),
    (b"RO", 24),
    (b"RS", 22),
    (b"RU", 33),
    (b"SA", 24),
    (b"SC", 31),
    (b"SD", 18),
    (b"SE", 24),
    (b"SI", 19),
    (b"SK", 24),
    (b"SM", 27),
    (b"SO", 23),
    (b"ST", 25),
    (b"SV", 28),
    (b"TL", 23),
    (b"TN", 24),
    (b"TR", 26),
    (b"UA", 29),
    (b"VA", 22),
    (b"VG", 24),
    (b"XK", 20),
    (b"YE", 30),
];

/// Longest IBAN (Saint Lucia, 32 characters).
const MAX_IBAN: usize = 34;

fn iban(token: &[u8]) -> bool {
    let mut chars = [0u8; MAX_IBAN];
    let mut n = 0;
    for &b in token.iter().filter(|&&b| b != b' ') {
        let Some(slot) = chars.get_mut(n) else { return false };
        *slot = b;
        n += 1;
    }
    let chars = &chars[..n];
    let Some(country) = chars.get(..2) else { return false };
    let Ok(at) = IBAN_LENGTHS.binary_search_by(|(cc, _)| cc[..].cmp(country)) else { return false };
    let length = IBAN_LENGTHS[at].1;
    // Check digits 00, 01 and 99 cannot result from the mod-97 computation.
    let check = chars.get(2..4).and_then(|c| std::str::from_utf8(c).ok()?.parse::<u8>().ok());
    n == length && matches!(check, Some(2..=98)) && checksum::iban_mod97(chars)
}

/// PAN holder types (fourth character), from the Income Tax Department's PAN structure.
const PAN_HOLDER_TYPES: &[u8] = b"ABCFGHJLPTE";

fn in_pan(token: &[u8]) -> bool {
    token.len() == 10
        && token[..5].iter().all(u8::is_ascii_uppercase)
        && PAN_HOLDER_TYPES.contains(&token[3])
        && token[5..9].iter().all(u8::is_ascii_digit)
        && token[9].is_ascii_uppercase()
        && &token[5..9] != b"0000"
}

fn ipv4(token: &[u8]) -> bool {
    let mut octets = 0;
    for part in token.split(|&b| b == b'.') {
        let value = part.iter().fold(0u32, |n, &d| n * 10 + u32::from(d.wrapping_sub(b'0')));
        let leading_zero = part.len() > 1 && part[0] == b'0';
        if part.is_empty() || part.len() > 3 || !part.iter().all(u8::is_ascii_digit) || value > 255 || leading_zero {
            return false;
        }
        if octets == 0 && value == 0 {
            return false;
        }
        octets += 1;
    }
    octets == 4
}

fn ipv6(token: &[u8]) -> bool {
    let Some(groups) = ipv6_groups(token) else { return false };
    let hex_digits = token.iter().filter(|b| b.is_ascii_hexdigit()).count();
    let unspecified = groups == [0; 8];
    let loopback = groups == [0, 0, 0, 0, 0, 0, 0, 1];
    !unspecified && !loopback && hex_digits >= 4
}

/// The eight 16-bit groups of an IPv6 address in text form (RFC 4291 section 2.2): groups of one
/// to four hex digits separated by `:`, at most one `::` standing for one or more zero groups,
/// and optionally a dotted quad as the last two groups. Accepts exactly what
/// `std::net::Ipv6Addr`'s parser accepts (a property test checks this); written out here because
/// that parser, behind a UTF-8 check, cost more than all other validators together.
fn ipv6_groups(token: &[u8]) -> Option<[u16; 8]> {
    let mut groups = [0u16; 8];
    let elided = token.windows(2).position(|w| w == b"::");
    let Some(at) = elided else {
        return (ipv6_pieces(token, &mut groups)? == 8).then_some(groups);
    };
    let (head, tail) = (&token[..at], &token[at + 2..]);
    // A dotted quad may only end the address, never come before the `::`.
    if head.contains(&b'.') {
        return None;
    }
    let head_len = if head.is_empty() { 0 } else { ipv6_pieces(head, &mut groups)? };
    let mut tail_groups = [0u16; 8];
    let tail_len = if tail.is_empty() { 0 } else { ipv6_pieces(tail, &mut tail_groups)? };
    // The `::` stands for at least one group.
    if head_len + tail_len > 7 {
        return None;
    }
    groups[8 - tail_len..].copy_from_slice(&tail_groups[..tail_len]);
    Some(groups)
}

/// Reads `text` (no `::` in it) as `:`-separated groups into `groups`, a dotted quad only as the
/// last piece (two groups); returns how many groups it holds, or `None` if any piece is malformed
/// or there are more than eight groups.
fn ipv6_pieces(text: &[u8], groups: &mut [u16; 8]) -> Option<usize> {
    let mut len = 0;
    let mut pieces = text.split(|&b| b == b':').peekable();
    while let Some(piece) = pieces.next() {
        if piece.contains(&b'.') {
            let last = pieces.peek().is_none();
            let [a, b, c, d] = dotted_quad(piece)?;
            *groups.get_mut(len + 1).filter(|_| last)? = u16::from_be_bytes([c, d]);
            groups[len] = u16::from_be_bytes([a, b]);
            len += 2;
        } else {
            if !(1..=4).contains(&piece.len()) {
                return None;
            }
            let value = piece.iter().try_fold(0u16, |n, &b| Some((n << 4) | hex_value(b)?))?;
            *groups.get_mut(len)? = value;
            len += 1;
        }
    }
    Some(len)
}

fn hex_value(b: u8) -> Option<u16> {
    char::from(b).to_digit(16).map(|d| d as u16)
}

/// The four octets of a dotted quad: decimal, at most 255, no leading zeros ("01").
fn dotted_quad(text: &[u8]) -> Option<[u8; 4]> {
    let mut octets = [0u8; 4];
    let mut parts = text.split(|&b| b == b'.');
    for octet in &mut octets {
        let part = parts.next()?;
        let leading_zero = part.len() > 1 && part[0] == b'0';
        if part.is_empty() || part.len() > 3 || leading_zero || !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        *octet = u8::try_from(part.iter().fold(0u32, |n, &d| n * 10 + u32::from(d - b'0'))).ok()?;
    }
    parts.next().is_none().then_some(octets)
}

fn geo(token: &[u8]) -> bool {
    geo_decimal(token).unwrap_or_else(|| geo_parsed(token))
}

/// [`geo`] for a pair written as the shape writes it (`55.7558, -37.6173`), decided on the
/// decimal digits without parsing floating-point numbers; `None` for anything else. With at most
/// nine decimals, a number is above 90 or 180 exactly when its nearest `f64` is, so the answer is
/// [`geo_parsed`]'s (a property test checks this).
fn geo_decimal(token: &[u8]) -> Option<bool> {
    let comma = token.iter().position(|&b| b == b',')?;
    let (lat, lon) = (&token[..comma], &token[comma + 1..]);
    let lon = lon.strip_prefix(b" ").unwrap_or(lon);
    let (lat_whole, lat_fraction) = degrees(lat)?;
    let (lon_whole, lon_fraction) = degrees(lon)?;
    let within = |whole: u32, fraction: bool, limit: u32| whole < limit || (whole == limit && !fraction);
    let zero = lat_whole == 0 && !lat_fraction && lon_whole == 0 && !lon_fraction;
    Some(within(lat_whole, lat_fraction, 90) && within(lon_whole, lon_fraction, 180) && !zero)
}

/// Decimal degrees written `[-+]ddd.ddddddddd` (one to three whole digits, one to nine decimals):
/// the whole degrees and whether any decimal is not zero.
fn degrees(text: &[u8]) -> Option<(u32, bool)> {
    let unsigned = text.strip_prefix(b"-").or_else(|| text.strip_prefix(b"+")).unwrap_or(text);
    let dot = unsigned.iter().position(|&b| b == b'.')?;
    let (whole, fraction) = (&unsigned[..dot], &unsigned[dot + 1..]);
    let digits = |part: &[u8], most: usize| (1..=most).contains(&part.len()) && part.iter().all(u8::is_ascii_digit);
    if !digits(whole, 3) || !digits(fraction, 9) {
        return None;
    }
    let whole = whole.iter().fold(0, |n, &d| n * 10 + u32::from(d - b'0'));
    Some((whole, fraction.iter().any(|&d| d != b'0')))
}

/// [`geo`] for any text: both halves parsed as `f64`.
fn geo_parsed(token: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(token) else { return false };
    let mut parts = text.split(',').map(|p| p.trim().parse::<f64>());
    match (parts.next(), parts.next(), parts.next()) {
        (Some(Ok(lat)), Some(Ok(lon)), None) => lat.abs() <= 90.0 && lon.abs() <= 180.0 && (lat != 0.0 || lon != 0.0),
        _ => false,
    }
}

fn is_local_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-')
}

/// A pragmatic address check (RFC 5321 limits, dot-atom local part, LDH domain labels, an
/// alphabetic top-level domain); quoted local parts and address literals are not looked for.
fn email(token: &[u8]) -> bool {
    let Some(at) = token.iter().position(|&b| b == b'@') else { return false };
    let (local, domain) = (&token[..at], &token[at + 1..]);
    let local_ok = (1..=64).contains(&local.len())
        && local.iter().all(|&b| is_local_char(b))
        && local[0] != b'.'
        && local[local.len() - 1] != b'.'
        && !local.windows(2).any(|w| w == b"..");
    if !local_ok || domain.len() > 253 {
        return false;
    }
    let label_ok = |l: &[u8]| {
        (1..=63).contains(&l.len())
            && l.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'-')
            && l[0] != b'-'
            && l[l.len() - 1] != b'-'
    };
    let Some(dot) = domain.iter().rposition(|&b| b == b'.') else { return false };
    let tld = &domain[dot + 1..];
    domain.split(|&b| b == b'.').all(label_ok) && tld.len() >= 2 && tld.iter().all(u8::is_ascii_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid(kind: Kind, s: &str) -> bool {
        let d = Digits::of(s.as_bytes()).unwrap();
        validate(kind, s.as_bytes(), &d).is_some()
    }

    #[test]
    fn prefix_digits_agree_with_digits_of_each_prefix() {
        let long = "1".repeat(40);
        for text in ["+7 (495) 123-45-67", "4111 1111 1111 1111", "ab12cd", "", long.as_str()] {
            let all = PrefixDigits::of(text.as_bytes());
            for end in 0..=text.len() {
                let expected = Digits::of(&text.as_bytes()[..end]).map(|d| d.as_slice().to_vec());
                assert_eq!(all.prefix(end).map(|d| d.as_slice().to_vec()), expected, "{text:?}[..{end}]");
            }
        }
    }

    proptest::proptest! {
        /// Coordinates decided on their decimal digits are decided as parsing them decides.
        #[test]
        fn geo_on_decimals_equals_geo_parsed(
            text in "[-+]?(0|00|1|9|89|90|91|179|180|181|999|[0-9]{1,4})\\.(0{1,9}|0{0,8}1|[0-9]{1,10}),( |  )?[-+]?(0|90|179|180|181|[0-9]{1,4})\\.(0{1,9}|0{0,8}1|[0-9]{1,10})",
        ) {
            if let Some(decided) = geo_decimal(text.as_bytes()) {
                proptest::prop_assert_eq!(decided, geo_parsed(text.as_bytes()), "{}", text);
            }
        }
    }

    #[test]
    fn iban_countries_are_sorted_for_binary_search() {
        assert!(IBAN_LENGTHS.windows(2).all(|w| w[0].0 < w[1].0));
    }

    /// The range check written plainly: every range, in order.
    fn issued_plainly(d: &Digits) -> bool {
        let n = d.len();
        let prefixes = [0, d.number(0..1), d.number(0..2), d.number(0..3), d.number(0..4)];
        (12..=19).contains(&n)
            && CARD_RANGES.iter().any(|&(lo, hi, w, lengths)| (lo..=hi).contains(&prefixes[w]) && lengths.contains(&n))
            && checksum::luhn(d.as_slice())
    }

    proptest::proptest! {
        /// The ranges looked up by a number's first two digits give what checking every range gives.
        #[test]
        fn card_ranges_by_start_change_nothing(start in 0u32..10_000, rest in "[0-9]{8,15}") {
            let text = format!("{start:04}{rest}");
            let mut digits = Digits::of(text.as_bytes()).unwrap();
            // Make the Luhn check pass half of the time, so that the range check decides.
            for last in 0..10 {
                digits.buf[digits.len - 1] = last;
                if checksum::luhn(digits.as_slice()) == (start % 2 == 0) {
                    break;
                }
            }
            proptest::prop_assert_eq!(credit_card(&digits), issued_plainly(&digits), "{}", text);
        }
    }

    #[test]
    fn the_digits_of_a_run_are_the_digits_of_its_text() {
        for len in 0..=300 {
            let run: Vec<u8> = (0..len).map(|i| b'0' + (i * 7 % 10) as u8).collect();
            let (fast, general) = (PrefixDigits::of_run(&run), PrefixDigits::of(&run));
            for end in 0..=len {
                let digits = |d: Option<Digits>| d.map(|d| d.as_slice().to_vec());
                assert_eq!(digits(fast.prefix(end)), digits(general.prefix(end)), "{len} digits, up to {end}");
            }
        }
    }

    #[test]
    fn credit_cards_need_prefix_length_and_luhn() {
        for n in ["4111111111111111", "4111 1111 1111 1111", "5555555555554444", "378282246310005", "2200000000000004"]
        {
            assert!(valid(Kind::CreditCard, n), "{n}");
        }
        // Luhn-valid but no issuer starts with 9; Visa with a wrong check digit; Amex of 16 digits.
        for n in ["9111111111111119", "4111111111111112", "3782822463100051"] {
            assert!(!valid(Kind::CreditCard, n), "{n}");
        }
    }

    #[test]
    fn national_ids() {
        assert!(valid(Kind::CnResidentId, "11010519491231002X"));
        assert!(valid(Kind::CnResidentId, "11010519491231002x"));
        assert!(!valid(Kind::CnResidentId, "110105194912310021"));
        // Right check character for a 31 February birth date is still refused.
        assert!(!valid(Kind::CnResidentId, "110105194902310020"));
        assert!(valid(Kind::RuInn, "7707083893"));
        assert!(!valid(Kind::RuInn, "0007083893"));
        assert!(valid(Kind::RuSnils, "112-233-445 95"));
        assert!(valid(Kind::RuOgrn, "1027700132195"));
        assert!(!valid(Kind::RuOgrn, "304500116000157".get(..13).unwrap()));
        assert!(valid(Kind::RuOgrn, "304500116000157"));
        assert!(valid(Kind::BgEgn, "7523169263"));
        assert!(valid(Kind::InPan, "ABCPE1234F"));
        assert!(!valid(Kind::InPan, "ABCXE1234F"));
    }

    #[test]
    fn egn_month_encodes_century() {
        // 2003-05-12 is written with month 45; the check digit below is computed for these digits.
        let body = [0, 3, 4, 5, 1, 2, 1, 2, 3];
        let w = [2, 4, 8, 5, 10, 9, 7, 3, 6];
        let r = body.iter().zip(w).map(|(&d, w)| d * w).sum::<u32>() % 11 % 10;
        let egn = format!("034512123{r}");
        assert!(valid(Kind::BgEgn, &egn));
        // Month 13 does not exist in any century.
        assert!(!valid(Kind::BgEgn, "0313121230"));
    }

    #[test]
    fn aadhaar_verhoeff_and_first_digit() {
        // 23412341234 + Verhoeff check digit, computed with the published tables.
        let mut digits: Vec<u8> = "23412341234".bytes().map(|b| b - b'0').collect();
        let check = (0..10).find(|c| {
            digits.push(*c);
            let ok = checksum::verhoeff(&digits);
            digits.pop();
            ok
        });
        let number = format!("23412341234{}", check.unwrap());
        assert!(valid(Kind::InAadhaar, &number));
        let leading_one = format!("1{}", &number[1..]);
        assert!(!valid(Kind::InAadhaar, &leading_one));
    }

    #[test]
    fn imei_and_iccid() {
        // The IMEI used as the worked example in most references: TAC 49015420, serial 323751, check 8.
        assert!(valid(Kind::Imei, "490154203237518"));
        assert!(!valid(Kind::Imei, "490154203237519"));
        assert!(valid(Kind::Iccid, "8901410321111851072"));
        assert!(!valid(Kind::Iccid, "8901410321111851073"));
    }

    #[test]
    fn iban_lengths_and_check() {
        assert!(valid(Kind::Iban, "GB82 WEST 1234 5698 7654 32"));
        assert!(valid(Kind::Iban, "DE89370400440532013000"));
        assert!(!valid(Kind::Iban, "DE8937040044053201300"));
        assert!(!valid(Kind::Iban, "ZZ89370400440532013000"));
    }

    /// Text made of the pieces IPv6 addresses and their look-alikes are made of.
    fn ipv6_like() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            4 => "[0-9a-fA-F]{1,5}",
            4 => Just(":".to_owned()),
            2 => Just("::".to_owned()),
            1 => Just(":::".to_owned()),
            1 => "[0-9]{1,4}\\.[0-9]{1,4}\\.[0-9]{1,4}\\.[0-9]{1,4}",
            1 => Just(".".to_owned()),
            1 => "0[0-9]{0,2}",
            1 => "[g-z ]",
        ];
        let loose = prop::collection::vec(piece, 0..14).prop_map(|p| p.concat());
        // Groups joined by colons, one joint perhaps `::`, perhaps ending in a dotted quad: mostly
        // valid addresses, and the ones just past the limits.
        let group = prop_oneof![8 => "[0-9a-fA-F]{1,4}", 1 => "[0-9a-fA-F]{5}", 1 => "(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}"];
        let structured = (prop::collection::vec(group, 0..10), any::<prop::sample::Index>(), any::<bool>()).prop_map(
            |(groups, at, elide)| {
                let mut text = String::new();
                let elided = at.index(groups.len() + 1);
                for (i, g) in groups.iter().enumerate() {
                    if i > 0 || (elide && elided == 0) {
                        text.push_str(if elide && i == elided { "::" } else { ":" });
                    }
                    text.push_str(g);
                }
                if elide && elided == groups.len() && !groups.is_empty() {
                    text.push_str("::");
                }
                text
            },
        );
        prop_oneof![loose, structured]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(5000))]

        /// The hand-written IPv6 parser accepts what the standard library's accepts, with the
        /// same groups.
        #[test]
        fn ipv6_parsing_equals_the_standard_library(text in ipv6_like()) {
            let expected = text.parse::<std::net::Ipv6Addr>().ok().map(|a| a.segments());
            proptest::prop_assert_eq!(ipv6_groups(text.as_bytes()), expected, "{}", text);
        }
    }

    #[test]
    fn ipv6_forms() {
        for (text, ok) in [
            ("1:2:3:4:5:6:7:8", true),
            ("1:2:3:4:5:6:1.2.3.4", true),
            ("1:2:3:4:5:1.2.3.4", false),
            ("::1.2.3.4", true),
            ("::ffff:1.2.3.4", true),
            ("1.2.3.4::", false),
            ("1::2:3:4:5:6:7", true),
            ("1::2:3:4:5:6:7:8", false),
            ("1:2:3:4:5:6:7:8::", false),
            ("::", true),
            (":::", false),
            ("1:::2", false),
            ("12345::", false),
            ("::1.2.3.04", false),
            ("::1.2.3.256", false),
            ("1:2:3:4:5:6:7:1.2.3.4", false),
        ] {
            assert_eq!(ipv6_groups(text.as_bytes()).is_some(), ok, "{text}");
        }
    }

    #[test]
    fn network_and_geo() {
        assert!(valid(Kind::Ipv4, "192.168.1.20"));
        assert!(!valid(Kind::Ipv4, "256.1.1.1"));
        assert!(!valid(Kind::Ipv4, "01.2.3.4"));
        assert!(valid(Kind::Ipv6, "2001:db8::8a2e:370:7334"));
        assert!(!valid(Kind::Ipv6, "::1"));
        assert!(!valid(Kind::Ipv6, "12:30:45"));
        assert!(valid(Kind::GeoCoordinates, "55.7558, 37.6173"));
        assert!(!valid(Kind::GeoCoordinates, "95.1234, 37.6173"));
        assert!(valid(Kind::Email, "ivan.petrov@mail.ru"));
        assert!(!valid(Kind::Email, "ivan..petrov@mail.ru"));
        assert!(!valid(Kind::Email, "ivan@localhost"));
    }
}
