//! Candidate shapes: one multi-pattern automaton over every way a value of a kind can be written.
//!
//! At each candidate start the scanner walks this lazy DFA (regex-automata's hybrid DFA) once,
//! anchored, byte by byte, and collects every shape that matches there and where each ends. The
//! walk is written here rather than with the library's overlapping search, whose per-call and
//! per-match overhead dominated these short searches; the lazy DFA costs nothing to build (a fully
//! built one takes some 70 million instructions) and fills its per-thread cache in the first few
//! kilobytes of input.
//! The patterns are ASCII and byte-oriented: no Unicode classes, and only ASCII word boundaries,
//! which the lazy DFA handles itself (a Unicode `\b` would force a slower engine). The boundary at
//! the end of most shapes keeps the automaton from reporting every prefix of a long number; the few
//! other things a shape may not be followed by are checked here by hand, and what a match means is
//! decided by the validators of the kinds the shape can be.

use regex_automata::hybrid::LazyStateID;
use regex_automata::hybrid::dfa::{Cache, DFA};
use regex_automata::nfa::thompson::{self, WhichCaptures};
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input, MatchKind};

use crate::kind::Kind;
use crate::phone;

/// The longest span a candidate may have, in bytes; it bounds each anchored search and is the
/// overlap that chunks of a file must share so that no value is cut in two.
pub const MAX_CANDIDATE_BYTES: usize = 160;

/// The ways a value can be written. The order is the pattern order given to the automaton.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A run of 7 to 22 digits.
    Bare,
    /// 17 digits and `X`: a Chinese resident ID whose check character is ten.
    CnIdX,
    /// Digits in groups of four (cards, Aadhaar, ICCID), or 4-6-5 / 4-6-4 (Amex, Diners).
    Grouped,
    /// `ddd-ddd-ddd dd` (СНИЛС).
    Snils,
    /// `dd-dddddd-dddddd-d` (IMEI as printed).
    ImeiGrouped,
    /// `dd dd dddddd`, optionally with `№` (passport series and number).
    Passport,
    /// Dotted quad.
    Ipv4,
    /// Colon-separated hex groups.
    Ipv6,
    /// `lat, lon` in decimal degrees.
    Geo,
    /// `+` country code and groups.
    PhoneIntl,
    /// Digit groups with spaces, dashes or a parenthesised area code (not dots: those are dates).
    PhoneNational,
    /// `local@domain.tld`.
    Email,
    /// Two letters, two check digits, groups of letters and digits.
    Iban,
    /// Five letters, four digits, a letter.
    Pan,
}

const SHAPES: [(Shape, &str); 14] = [
    (Shape::Bare, r"[0-9]{7,22}\b"),
    (Shape::CnIdX, r"[0-9]{17}[Xx]\b"),
    (Shape::Grouped, r"(?:[0-9]{4}(?:[ -][0-9]{4}){2,4}(?:[ -][0-9]{1,4})?|[0-9]{4}[ -][0-9]{6}[ -][0-9]{4,5})\b"),
    (Shape::Snils, r"[0-9]{3}[ -][0-9]{3}[ -][0-9]{3}[ -][0-9]{2}\b"),
    (Shape::ImeiGrouped, r"[0-9]{2}[ -][0-9]{6}[ -][0-9]{6}[ -][0-9]\b"),
    (Shape::Passport, r"[0-9]{2} ?[0-9]{2} (?:\xE2\x84\x96 ?)?[0-9]{6}\b"),
    (Shape::Ipv4, r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}\b"),
    (Shape::Ipv6, r"[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.[0-9]{1,3}){0,3}"),
    (Shape::Geo, r"[-+]?[0-9]{1,2}\.[0-9]{3,9}, ?[-+]?[0-9]{1,3}\.[0-9]{3,9}\b"),
    (Shape::PhoneIntl, r"\+[0-9]{1,3}[ .-]?(?:\([0-9]{1,5}\)[ .-]?)?[0-9]{1,5}(?:[ .-]?[0-9]{1,5}){0,5}\b"),
    (
        Shape::PhoneNational,
        r"(?:\([0-9]{2,5}\)|[0-9]{1,5})[ -]?(?:\([0-9]{2,5}\)[ -]?)?[0-9]{2,8}(?:[ -][0-9]{2,5}){0,4}\b",
    ),
    // Lengths of the parts are left to the validator: counted repetitions here would multiply states.
    (Shape::Email, r"[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,24}\b"),
    (Shape::Iban, r"[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b"),
    (Shape::Pan, r"[A-Z]{5}[0-9]{4}[A-Z]\b"),
];

impl Shape {
    /// Whether the kinds of this shape, and their validators, depend on the span's digits; the
    /// others (addresses, coordinates, IBAN, PAN, a resident ID ending in X) read the span itself.
    pub(crate) fn reads_digits(self) -> bool {
        match self {
            Shape::Bare
            | Shape::Grouped
            | Shape::Snils
            | Shape::ImeiGrouped
            | Shape::Passport
            | Shape::PhoneIntl
            | Shape::PhoneNational => true,
            Shape::CnIdX | Shape::Ipv4 | Shape::Ipv6 | Shape::Geo | Shape::Email | Shape::Iban | Shape::Pan => false,
        }
    }

    /// The kinds a span of this shape, holding `digits` digits, may be.
    pub(crate) fn kinds(self, digits: usize) -> &'static [Kind] {
        use Kind::*;
        match self {
            Shape::Bare => match digits {
                7..=9 => &[Phone],
                10 => &[BgEgn, RuInn, RuPassport, Phone],
                11 => &[RuSnils, Phone],
                12 => &[RuInn, InAadhaar, CreditCard, Phone],
                13 => &[RuOgrn, CreditCard, Phone],
                14 => &[CreditCard, Phone],
                15 => &[CreditCard, Imei, RuOgrn, Phone],
                16..=17 => &[CreditCard],
                18 => &[CnResidentId, CreditCard],
                19 => &[CreditCard, Iccid],
                20 => &[Iccid],
                _ => &[],
            },
            Shape::CnIdX => &[CnResidentId],
            Shape::Grouped => &[CreditCard, InAadhaar, Iccid],
            Shape::Snils => &[RuSnils],
            Shape::ImeiGrouped => &[Imei],
            Shape::Passport => &[RuPassport],
            Shape::Ipv4 => &[Ipv4],
            Shape::Ipv6 => &[Ipv6],
            Shape::Geo => &[GeoCoordinates],
            // Shorter or longer digit strings are no phone number: not worth a validator call.
            Shape::PhoneIntl | Shape::PhoneNational if (phone::MIN_DIGITS..=phone::MAX_DIGITS).contains(&digits) => {
                &[Phone]
            }
            Shape::PhoneIntl | Shape::PhoneNational => &[],
            Shape::Email => &[Email],
            Shape::Iban => &[Iban],
            Shape::Pan => &[InPan],
        }
    }

    /// Whether a byte that continues a value of this shape follows at `end`: then the match is
    /// only a prefix of something longer and is not a candidate.
    fn continues(self, hay: &[u8], end: usize) -> bool {
        let Some(&next) = hay.get(end) else { return false };
        let after = hay.get(end + 1).copied().unwrap_or(0);
        if continues_any(next) {
            return true;
        }
        match self {
            // `user@mail.example.com-x`, `user@host.com.`+letter: the domain goes on.
            Shape::Email => next == b'-' || (next == b'.' && after.is_ascii_alphanumeric()),
            Shape::Ipv6 => (next == b':' && after.is_ascii_hexdigit()) || (next == b'.' && after.is_ascii_digit()),
            // A decimal point or comma and digits: the number goes on (`12345678.90`, a fourth
            // octet), unless the comma separates values (`…-45-67,7707083893`).
            _ => after.is_ascii_digit() && (matches!(next, b'.' | b'-') || next == b',' && !comma_separates(hay, end)),
        }
    }
}

/// The fewest digits after a comma for the comma to separate two values, as in a comma-separated
/// line (`+7 495 123-45-67,7707083893`), rather than be a decimal comma or a thousands separator
/// (`3,14`, `1,234,567`): fractions and digit groups written in prose are shorter, and every value
/// a bare run of digits can be has at least this many.
const LIST_RUN_DIGITS: usize = 7;

/// Whether the comma at `comma`, after a digit, separates two values: at least
/// [`LIST_RUN_DIGITS`] digits follow it, or a dotted quad (`10.0.0.1,10.0.0.2`), which no decimal
/// fraction is.
pub(crate) fn comma_separates(hay: &[u8], comma: usize) -> bool {
    let after = hay.get(comma + 1..).unwrap_or_default();
    let run = |from: usize| after.iter().skip(from).take(LIST_RUN_DIGITS).take_while(|b| b.is_ascii_digit()).count();
    if run(0) == LIST_RUN_DIGITS {
        return true;
    }
    // Four groups of 1 to 3 digits joined by dots.
    let mut at = 0;
    for group in 0..4 {
        let digits = run(at);
        if !(1..=3).contains(&digits) {
            return false;
        }
        at += digits;
        if group < 3 {
            if after.get(at) != Some(&b'.') {
                return false;
            }
            at += 1;
        }
    }
    true
}

/// Whether `next`, after a match, continues a value of any shape (see [`Shape::continues`]): an
/// ASCII letter or digit, `_` or `@`.
#[inline]
fn continues_any(next: u8) -> bool {
    CONTINUES_ANY[usize::from(next)]
}

/// [`continues_any`] as a table: it is asked at every match, and one load beats five compares.
static CONTINUES_ANY: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'@';
        b += 1;
    }
    table
};

/// How many candidate ends are kept per start; the longest few of each shape are enough.
const MAX_ENDS: usize = 24;

/// The shapes that matched at one start: (shape, end) pairs, longest first per shape.
#[derive(Debug, Clone, Default)]
pub(crate) struct Matches {
    items: Vec<(Shape, usize)>,
    /// The end of the longest match of any shape, followed or not.
    pub(crate) longest: usize,
}

impl Matches {
    pub(crate) fn iter(&self) -> impl Iterator<Item = (Shape, usize)> + '_ {
        self.items.iter().copied()
    }
}

/// The compiled automaton; shared by all threads. Each thread brings a [`ShapeCache`].
#[derive(Debug)]
pub(crate) struct Shapes {
    dfa: DFA,
}

/// Per-thread scratch space: the lazy DFA's states and the matches at the current start.
#[derive(Debug, Clone)]
pub(crate) struct ShapeCache {
    cache: Cache,
    matches: Matches,
    memo: ShapeMemo,
}

/// How many match states [`ShapeMemo`] holds; a few dozen are met in practice.
const MEMO_SLOTS: usize = 256;

// Each shape's index fits in four bits, and so does their number.
const _: () = assert!(SHAPES.len() < 16);

/// The shapes each match state of the lazy DFA reports, looked up in the cache's state once per
/// state rather than at every match: a direct-mapped table from state to the count of shapes in
/// the low four bits and their indexes in the four-bit groups above, in the automaton's order.
#[derive(Debug, Clone)]
struct ShapeMemo {
    /// The lazy DFA cache's clear count when the tables were filled.
    clear_count: usize,
    slots: Box<[Option<(LazyStateID, u64)>; MEMO_SLOTS]>,
    /// The anchored start state after each byte before the start (the last entry: no byte); it
    /// depends only on that byte, and working it out from an `Input` cost more than a walk's
    /// first few steps.
    starts: Box<[Option<LazyStateID>; 257]>,
}

impl ShapeMemo {
    fn new() -> ShapeMemo {
        ShapeMemo { clear_count: 0, slots: Box::new([None; MEMO_SLOTS]), starts: Box::new([None; 257]) }
    }

    /// Empties the tables if the lazy DFA cache has been cleared since they were filled: a
    /// cleared cache reuses state identifiers for other states.
    fn check(&mut self, cache: &Cache) {
        if self.clear_count != cache.clear_count() {
            self.slots.fill(None);
            self.starts.fill(None);
            self.clear_count = cache.clear_count();
        }
    }

    /// The slot of `sid`: its identifier (an offset into the transition table) hashed.
    fn slot(sid: LazyStateID) -> usize {
        use std::hash::{Hash, Hasher};
        let mut hasher = SlotHasher(0);
        sid.hash(&mut hasher);
        (hasher.finish() as usize) % MEMO_SLOTS
    }
}

/// A multiplicative hash of a state identifier, enough for a table of [`MEMO_SLOTS`] slots.
struct SlotHasher(u64);

impl std::hash::Hasher for SlotHasher {
    fn finish(&self) -> u64 {
        self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | u64::from(b);
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n);
    }
}

impl Shapes {
    pub(crate) fn new() -> Result<Shapes, crate::BuildError> {
        let patterns: Vec<&str> = SHAPES.iter().map(|(_, p)| *p).collect();
        let dfa = DFA::builder()
            .configure(DFA::config().match_kind(MatchKind::All).cache_capacity(8 << 20))
            .syntax(syntax::Config::new().unicode(false).utf8(false))
            .thompson(thompson::Config::new().utf8(false).which_captures(WhichCaptures::None))
            .build_many(&patterns)
            .map_err(|e| crate::BuildError::Automaton(e.to_string()))?;
        Ok(Shapes { dfa })
    }

    /// Runs the DFA from `start` until it dies or reaches `limit`, recording each (shape, end).
    /// The DFA reports a match one byte late: being in a match state after byte `i` means the
    /// match ended at `i`.
    fn walk(&self, cache: &mut ShapeCache, hay: &[u8], start: usize, limit: usize) -> Option<()> {
        let mut sid = self.start_state(cache, hay, start, limit)?;
        let mut at = start;
        while at < limit {
            // Between matches, the transitions are already in the cache: a plain table walk over
            // a cache borrowed immutably, so that the table's address is read once.
            if !sid.is_tagged() {
                let table = &cache.cache;
                let mut walked = 0;
                for &byte in &hay[at..limit] {
                    let next = self.dfa.next_state_untagged(table, sid, byte);
                    if next.is_tagged() {
                        break;
                    }
                    (sid, walked) = (next, walked + 1);
                }
                at += walked;
                if at == limit {
                    break;
                }
            }
            // A match, the end, or a transition not computed yet.
            sid = self.dfa.next_state(&mut cache.cache, sid, hay[at]).ok()?;
            if sid.is_tagged() {
                if sid.is_dead() || sid.is_quit() {
                    return Some(());
                }
                self.record(cache, sid, hay, start, at);
            }
            at += 1;
        }
        sid = self.dfa.next_eoi_state(&mut cache.cache, sid).ok()?;
        self.record(cache, sid, hay, start, limit);
        Some(())
    }

    /// The anchored start state at `start`, remembered per byte before it.
    #[inline]
    fn start_state(&self, cache: &mut ShapeCache, hay: &[u8], start: usize, limit: usize) -> Option<LazyStateID> {
        cache.memo.check(&cache.cache);
        let before = start.checked_sub(1).and_then(|b| hay.get(b)).map_or(256, |&b| usize::from(b));
        if let Some(sid) = cache.memo.starts[before] {
            return Some(sid);
        }
        let input = Input::new(hay).range(start..limit).anchored(Anchored::Yes);
        let sid = self.dfa.start_state_forward(&mut cache.cache, &input).ok()?;
        // Computing it may have cleared the cache, and with it the tables.
        cache.memo.check(&cache.cache);
        cache.memo.starts[before] = Some(sid);
        Some(sid)
    }

    /// Records the shapes whose match ends at `at` when `sid` is a match state.
    #[inline(always)]
    fn record(&self, cache: &mut ShapeCache, sid: LazyStateID, hay: &[u8], start: usize, at: usize) {
        if !sid.is_match() {
            return;
        }
        cache.matches.longest = at;
        // Most match states inside a value (an IPv6 address's groups) are followed by more of it:
        // then no shape's match ends here, and the shapes need not be looked up.
        if at == start || hay.get(at).is_some_and(|&next| continues_any(next)) {
            return;
        }
        let mut shapes = self.shapes_of(cache, sid);
        for _ in 0..shapes & 0xF {
            shapes >>= 4;
            let shape = SHAPES[(shapes & 0xF) as usize].0;
            let items = &mut cache.matches.items;
            if items.len() < MAX_ENDS && !shape.continues(hay, at) {
                items.push((shape, at));
            }
        }
    }

    /// The shapes match state `sid` reports, in the automaton's order, packed as in [`ShapeMemo`].
    fn shapes_of(&self, cache: &mut ShapeCache, sid: LazyStateID) -> u64 {
        let ShapeCache { cache, memo, .. } = cache;
        memo.check(cache);
        let slot = &mut memo.slots[ShapeMemo::slot(sid)];
        match *slot {
            Some((id, shapes)) if id == sid => shapes,
            _ => {
                let len = self.dfa.match_len(cache, sid);
                let shapes = (0..len)
                    .rev()
                    .fold(0u64, |packed, i| (packed << 4) | self.dfa.match_pattern(cache, sid, i).as_u64());
                let shapes = (shapes << 4) | len as u64;
                *slot = Some((sid, shapes));
                shapes
            }
        }
    }

    pub(crate) fn new_cache(&self) -> ShapeCache {
        ShapeCache { cache: self.dfa.create_cache(), matches: Matches::default(), memo: ShapeMemo::new() }
    }

    /// Every shape that matches `hay[start..]` (within [`MAX_CANDIDATE_BYTES`]) and is not followed
    /// by a byte that would continue it.
    pub(crate) fn matches_at<'c>(&self, cache: &'c mut ShapeCache, hay: &[u8], start: usize) -> &'c Matches {
        cache.matches.items.clear();
        cache.matches.longest = start;
        let limit = hay.len().min(start + MAX_CANDIDATE_BYTES);
        // Errors mean a quit byte or a cache given up on; this DFA has neither, and stopping early
        // would only lose candidates.
        let _ = self.walk(cache, hay, start, limit);
        let matches = &mut cache.matches;
        // Longest first, so that a valid long reading wins over a valid prefix of it. The walk
        // recorded ends in increasing order: reversing the list, then each run of equal ends,
        // keeps the automaton's pattern order among shapes that end together.
        let items = &mut matches.items;
        items.reverse();
        let mut from = 0;
        while from < items.len() {
            let end = items[from].1;
            let to = items[from..].iter().position(|m| m.1 != end).map_or(items.len(), |n| from + n);
            items[from..to].reverse();
            from = to;
        }
        matches
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shapes_of(text: &str) -> Vec<(Shape, usize)> {
        let shapes = Shapes::new().unwrap();
        let mut cache = shapes.new_cache();
        shapes.matches_at(&mut cache, text.as_bytes(), 0).iter().collect()
    }

    #[test]
    fn recognises_each_shape() {
        assert!(shapes_of("7707083893 x").contains(&(Shape::Bare, 10)));
        assert!(shapes_of("11010519491231002X.").contains(&(Shape::CnIdX, 18)));
        assert!(shapes_of("4111 1111 1111 1111 exp").contains(&(Shape::Grouped, 19)));
        assert!(shapes_of("112-233-445 95").contains(&(Shape::Snils, 14)));
        assert!(shapes_of("45 10 № 123456").contains(&(Shape::Passport, 16)));
        assert!(shapes_of("+7 (495) 123-45-67;").contains(&(Shape::PhoneIntl, 18)));
        assert!(shapes_of("ivan.petrov@mail.ru, ").contains(&(Shape::Email, 19)));
        assert!(shapes_of("GB82 WEST 1234 5698 7654 32 ").contains(&(Shape::Iban, 27)));
        assert!(shapes_of("2001:db8::1 ").contains(&(Shape::Ipv6, 11)));
        assert!(shapes_of("55.7558, 37.6173 ").contains(&(Shape::Geo, 16)));
    }

    #[test]
    fn remembered_shapes_are_the_shapes_looked_up() {
        let texts = [
            "7707083893 x",
            "+7 (495) 123-45-67; 8 800 555-55-50",
            "2001:db8::1 fe80::1ff:fe23:4567:890a",
            "ivan.petrov@mail.ru, 4111 1111 1111 1111 exp",
            "GB82 WEST 1234 5698 7654 32 and 55.7558, 37.6173, 192.168.1.20",
        ];
        let shapes = Shapes::new().unwrap();
        let mut warm = shapes.new_cache();
        for _ in 0..2 {
            for text in texts {
                for start in 0..text.len() {
                    let remembered: Vec<_> = shapes.matches_at(&mut warm, text.as_bytes(), start).iter().collect();
                    let mut cold = shapes.new_cache();
                    let looked_up: Vec<_> = shapes.matches_at(&mut cold, text.as_bytes(), start).iter().collect();
                    assert_eq!(remembered, looked_up, "{text} at {start}");
                }
            }
        }
    }

    #[test]
    fn a_match_followed_by_more_of_the_value_is_not_a_candidate() {
        assert!(!shapes_of("7707083893a").contains(&(Shape::Bare, 10)));
        assert!(!shapes_of("7707083893.5").contains(&(Shape::Bare, 10)));
        assert!(shapes_of("7707083893. Next").contains(&(Shape::Bare, 10)));
    }
}
