//! The scanning engine: find candidates in a byte buffer, validate them, report findings.
//!
//! One forward pass: the prefilter jumps to the next digit, `@` or `:`; from there the start of a
//! candidate is worked out by looking at a few bytes around it (a sign or bracket before a number,
//! the letters of an IBAN or PAN, the local part of an e-mail address, the hex groups of an IPv6
//! address); the shape automaton is run once, anchored, from that start; the validators of the
//! kinds each matching shape can be are run; the best valid reading is reported and the scan goes
//! on after it. When nothing is valid the scan skips the whole candidate, so a number with a wrong
//! check digit is not searched for valid numbers inside it. Nothing is allocated per candidate.
//!
//! Most candidates in prose are a plain run of digits followed by something no shape goes on with
//! (a space and a word, a full stop at the end of a sentence): those skip the automaton, as the
//! only shape that can match there is the run itself (see `run_stands_alone`; a property test
//! checks that the shortcut finds exactly what the automaton finds). Context words are looked up
//! only for a reading that validated, over the short label text before it.
//!
//! A buffer may be a chunk of a larger input: [`Scanner::scan_region`] takes the bytes around the
//! region as context and reports exactly the findings that a scan of the whole input would report
//! with their first byte in the region, as long as the region's ends are split points chosen by
//! [`crate::chunk::split_point`].

use std::ops::Range;

use crate::context::{CONTEXT_WINDOW_BYTES, ContextWords};
use crate::kind::{Kind, KindSet};
use crate::prefilter::{digit_run_end, next_trigger};
use crate::shape::{Shape, ShapeCache, Shapes, comma_separates};
use crate::validate::{Digits, MAX_DIGITS, PrefixDigits, validate};
use crate::{BuildError, phone};

/// A value found: its kind, where it is (byte offsets into the scanned buffer, end exclusive) and
/// how sure the detector is (0 to 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Finding {
    /// What the value is.
    pub kind: Kind,
    /// Offset of its first byte.
    pub start: usize,
    /// Offset just after its last byte.
    pub end: usize,
    /// Confidence: check digits and context words raise it; see [`Scanner`].
    pub confidence: f32,
}

/// What to look for.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScanOptions {
    /// The kinds to report.
    pub kinds: KindSet,
    /// Findings below this confidence are not reported (0 to 1).
    pub min_confidence: f32,
}

impl Default for ScanOptions {
    fn default() -> ScanOptions {
        ScanOptions { kinds: KindSet::all(), min_confidence: 0.5 }
    }
}

/// Context for a value scanned on its own, such as a database cell.
#[derive(Debug, Clone, Copy, Default)]
pub struct ValueContext<'a> {
    /// The column name or JSON path the value came from; context words in it ("passport_no",
    /// "user.phone") count as if written just before the value.
    pub name: Option<&'a str>,
}

/// How much a context word naming the kind adds to a finding's confidence.
const CONTEXT_BOOST: f32 = 0.1;
/// How much a context word naming only other kinds takes away: enough to drop a reading below the
/// default threshold ("ИНН 580654235867" whose INN check fails is not reported as an Aadhaar number
/// just because its Verhoeff digit happens to fit).
const CONTEXT_CONTRARY: f32 = 0.4;
/// How far after a value a label is looked for when there is none before it, in bytes.
const CONTEXT_AFTER_BYTES: usize = 40;
/// A Russian passport number has no check digit; with a context word it is this sure.
const PASSPORT_CONFIDENCE: f32 = 0.85;
/// The highest confidence the phone validator gives (an international number).
const PHONE_MAX: f32 = 0.8;
/// How far before a trigger byte a candidate may start: an e-mail local part is at most 64 bytes.
const MAX_BACKSCAN_BYTES: usize = 64;
/// The fewest digits a run of digits alone can be a value with (a phone number's minimum).
const MIN_BARE_DIGITS: usize = phone::MIN_DIGITS;
/// The first byte of `№` in UTF-8, which may follow the space after a passport series.
const NUMERO_FIRST_BYTE: u8 = 0xE2;

/// A compiled set of detectors. Build one per process and share it between threads; each thread
/// scans with its own [`ScanState`].
///
/// Confidence: a value whose check digits are right starts at 0.85 (0.95 for IBANs and Chinese
/// resident IDs, whose check is stronger); e-mail addresses 0.95; IPv6 0.85; IPv4 0.75; PAN 0.75;
/// coordinates 0.7; phone numbers 0.8 with `+`, 0.7 in a national format with separators, 0.55 as
/// bare digits 0.45 (reported only with a context word). A context word naming the kind adds 0.1;
/// one naming only other kinds takes 0.4 away (a bare 10-digit number after "ИНН" is not reported
/// as an Indian mobile number). When several kinds fit one span (a
/// 10-digit number can be an INN and an EGN) the most confident reading is reported, the longer
/// span on a tie.
#[derive(Debug)]
pub struct Scanner {
    shapes: Shapes,
    words: ContextWords,
    options: ScanOptions,
}

/// Per-thread scratch space for [`Scanner`]: the lazy DFA's state cache.
#[derive(Debug, Clone)]
pub struct ScanState {
    shapes: ShapeCache,
}

/// Whether the scan loop takes the shortcut for plain digit runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Path {
    /// Plain digit runs are read directly.
    Fast,
    /// Every candidate goes through the shape automaton (the reference for tests).
    #[cfg_attr(not(test), allow(dead_code))]
    Automaton,
}

/// The shapes that matched at one start, as [`Scanner::read`] takes them.
struct AtStart<I> {
    /// Where they start.
    start: usize,
    /// (shape, end) pairs, the longest first.
    matches: I,
    /// The end of the longest shape there, whose surroundings give the context.
    longest: usize,
    /// The digits up to `longest`, if the caller has them already.
    digits: Option<PrefixDigits>,
}

/// Where a candidate starts.
#[derive(Debug, Clone, Copy)]
struct Start {
    /// The byte that decides which chunk owns the candidate.
    at: usize,
    /// A second start one byte earlier (`+`, `(` or a minus sign before a number).
    extended: Option<usize>,
}

/// Whether `b` is an ASCII letter, digit or `_`; asked of the bytes around every trigger.
#[inline]
fn is_word_byte(b: u8) -> bool {
    WORD_BYTES[usize::from(b)]
}

/// [`is_word_byte`] as a table: one load instead of three range compares.
static WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric() || b == b'_' as usize;
        b += 1;
    }
    table
};

/// The end of the run of ASCII letters, digits and `_` that `i` is in.
fn word_end(hay: &[u8], i: usize) -> usize {
    let mut end = i;
    while hay.get(end).is_some_and(|&b| is_word_byte(b)) {
        end += 1;
    }
    end
}

/// Whether no shape can go on past a run of digits that ends at `end`, i.e. neither the bytes
/// after it nor the run could be more of a value: the byte there is no letter, digit or `_`, no
/// `@`, `:`, `%`, `+`, `(` or `)`, and not a space, dash, dot or comma that is followed by what a
/// value goes on with (a digit, a bracket, `№`, or the rest of an e-mail address's local part).
/// Every shape's pattern in `shape` is such that only these bytes can follow its first digit run.
fn run_stands_alone(hay: &[u8], end: usize) -> bool {
    let Some(&byte) = hay.get(end) else { return true };
    let next = hay.get(end + 1).copied().unwrap_or(b'\n');
    match byte {
        b' ' => !(next.is_ascii_digit() || next == b'(' || next == NUMERO_FIRST_BYTE),
        b'-' | b'.' => !(is_word_byte(next) || matches!(next, b'(' | b'.' | b'%' | b'+' | b'-' | b'@')),
        b',' => !next.is_ascii_digit(),
        _ => !(is_word_byte(byte) || matches!(byte, b'@' | b':' | b'%' | b'+' | b'(' | b')')),
    }
}

impl Scanner {
    /// Compiles the automata. Fails only if a built-in pattern does not compile (a bug).
    pub fn new(options: ScanOptions) -> Result<Scanner, BuildError> {
        if !(0.0..=1.0).contains(&options.min_confidence) {
            return Err(BuildError::MinConfidence(options.min_confidence));
        }
        Ok(Scanner { shapes: Shapes::new()?, words: ContextWords::new()?, options })
    }

    /// The options this scanner was built with.
    pub fn options(&self) -> &ScanOptions {
        &self.options
    }

    /// Fresh scratch space for one thread.
    pub fn state(&self) -> ScanState {
        ScanState { shapes: self.shapes.new_cache() }
    }

    /// Scans all of `hay`, calling `sink` for each finding in order.
    pub fn scan(&self, state: &mut ScanState, hay: &[u8], sink: &mut dyn FnMut(Finding)) {
        self.scan_region(state, hay, 0..hay.len(), sink);
    }

    /// Scans the findings that start in `region` of `hay`; the bytes around the region are only
    /// context (context words before it, the rest of a value after it).
    pub fn scan_region(&self, state: &mut ScanState, hay: &[u8], region: Range<usize>, sink: &mut dyn FnMut(Finding)) {
        self.scan_with(state, hay, region, KindSet::EMPTY, sink);
    }

    /// Scans one value on its own (a database cell, a CSV field, a JSON string) with the context
    /// of where it came from, and returns what it holds.
    pub fn scan_value(&self, state: &mut ScanState, value: &[u8], context: &ValueContext<'_>) -> Vec<Finding> {
        let mut findings = Vec::new();
        let named = self.named_kinds(context.name.unwrap_or(""));
        self.scan_with(state, value, 0..value.len(), named, &mut |f| findings.push(f));
        findings
    }

    /// [`Scanner::scan_value`] for a caller that scans many values under one name, such as the
    /// cells of a column: `named` is what [`Scanner::named_kinds`] gave for the name, worked out
    /// once, and findings go to `sink` without a vector per value.
    pub fn scan_value_named(&self, state: &mut ScanState, value: &[u8], named: KindSet, sink: &mut dyn FnMut(Finding)) {
        self.scan_with(state, value, 0..value.len(), named, sink);
    }

    /// The kinds the context words in `name` (a column name or JSON path) name.
    pub fn named_kinds(&self, name: &str) -> KindSet {
        self.words.named(name.as_bytes())
    }

    /// The scan loop behind every entry point; `named` are kinds given by the value's column.
    pub(crate) fn scan_with(
        &self,
        state: &mut ScanState,
        hay: &[u8],
        region: Range<usize>,
        named: KindSet,
        sink: &mut dyn FnMut(Finding),
    ) {
        self.scan_loop(state, hay, region, named, Path::Fast, sink);
    }

    /// The scan loop; `path` says whether plain digit runs may skip the shape automaton (always,
    /// except in tests that check that skipping it changes nothing).
    fn scan_loop(
        &self,
        state: &mut ScanState,
        hay: &[u8],
        region: Range<usize>,
        named: KindSet,
        path: Path,
        sink: &mut dyn FnMut(Finding),
    ) {
        let (from, to) = (region.start.min(hay.len()), region.end.min(hay.len()));
        let trigger_end = hay.len().min(to + MAX_BACKSCAN_BYTES + 1);
        let mut pos = from;
        let mut last_start = usize::MAX;
        // Findings do not overlap: a later trigger whose candidate would start inside the last
        // finding (the colons of an IPv6 address reached again past a digit) is not read again.
        let mut reported_end = 0;
        while let Some(i) = next_trigger(hay, pos, trigger_end) {
            let start = match hay[i] {
                b'@' => email_start(hay, i),
                b':' => ipv6_start(hay, i),
                _ => digit_start(hay, i),
            };
            let run_end = digit_run_end(hay, i);
            let skip = if run_end > i { word_end(hay, run_end) } else { i + 1 };
            let fresh = |s: &Start| (from..to).contains(&s.at) && s.at != last_start && s.at >= reported_end;
            let Some(start) = start.filter(fresh) else {
                pos = skip;
                continue;
            };
            last_start = start.at;
            // Most candidates are a plain run of digits in prose: those are read without the automaton.
            let plain = path == Path::Fast
                && start.at == i
                && start.extended.is_none()
                && run_end > i
                && run_stands_alone(hay, run_end);
            let outcome =
                if plain { self.best_of_run(hay, i, run_end, named) } else { self.best_at(state, hay, start, named) };
            match outcome {
                (Some(finding), _) => {
                    sink(finding);
                    reported_end = finding.end;
                    pos = finding.end.max(i + 1);
                }
                (None, longest) => pos = skip.max(longest),
            }
        }
    }

    /// The most confident valid reading at `start` (if it reaches the threshold), and the end of
    /// the longest shape that matched there.
    fn best_at(&self, state: &mut ScanState, hay: &[u8], start: Start, named: KindSet) -> (Option<Finding>, usize) {
        let mut best: Option<Finding> = None;
        let mut longest = start.at;
        for s in [Some(start.at), start.extended].into_iter().flatten() {
            let matches = self.shapes.matches_at(&mut state.shapes, hay, s);
            longest = longest.max(matches.longest);
            let at = AtStart { start: s, matches: matches.iter(), longest: matches.longest, digits: None };
            self.read(hay, at, named, &mut best);
        }
        (best.filter(|b| b.confidence >= self.options.min_confidence), longest)
    }

    /// [`Scanner::best_at`] for a run of digits `hay[start..end]` that no shape can go on past
    /// (see [`run_stands_alone`]): the only shapes that match there are the bare run and the same
    /// digits as an unformatted national phone number, whose readings the bare shape's include.
    fn best_of_run(&self, hay: &[u8], start: usize, end: usize, named: KindSet) -> (Option<Finding>, usize) {
        let mut best = None;
        if end - start >= MIN_BARE_DIGITS {
            let digits = Some(PrefixDigits::of_run(&hay[start..end]));
            let run = AtStart { start, matches: std::iter::once((Shape::Bare, end)), longest: end, digits };
            self.read(hay, run, named, &mut best);
        }
        (best.filter(|b| b.confidence >= self.options.min_confidence), end)
    }

    /// Validates every reading of the shapes that matched at one start and keeps the best in
    /// `best`.
    fn read(
        &self,
        hay: &[u8],
        at: AtStart<impl Iterator<Item = (Shape, usize)>>,
        named: KindSet,
        best: &mut Option<Finding>,
    ) {
        let AtStart { start: s, matches, longest, digits } = at;
        // The context of the readings at `s`, looked up only once some reading needs it.
        let mut context: Option<KindSet> = None;
        // Every candidate at `s` is a prefix of the longest: its digits are read once, when a
        // shape first needs them.
        let mut all_digits = digits;
        for (shape, end) in matches {
            let token = &hay[s..end];
            // A span with more than `MAX_DIGITS` digits is no candidate. A span no longer than
            // that cannot have so many, so shapes that do not read digits need not collect them.
            let digits = if shape.reads_digits() || end - s > MAX_DIGITS {
                let all = all_digits.get_or_insert_with(|| PrefixDigits::of(&hay[s..longest]));
                let Some(digits) = all.prefix(end - s) else { continue };
                digits
            } else {
                Digits::NONE
            };
            for &kind in shape.kinds(digits.len()) {
                if !self.options.kinds.contains(kind) {
                    continue;
                }
                let mut context_at = || *context.get_or_insert_with(|| self.context_around(hay, s, longest) | named);
                let Some(base) = self.base_confidence(kind, token, &digits, &mut context_at, *best) else {
                    continue;
                };
                let context = context_at();
                let confidence = match (context.contains(kind), context.is_empty()) {
                    (true, _) => (base + CONTEXT_BOOST).min(0.99),
                    (false, true) => base,
                    // The nearest label names another kind: this reading is unlikely.
                    (false, false) => base - CONTEXT_CONTRARY,
                };
                let candidate = Finding { kind, start: s, end, confidence };
                if best.is_none_or(|b| better(&candidate, &b)) {
                    *best = Some(candidate);
                }
            }
        }
    }

    fn base_confidence(
        &self,
        kind: Kind,
        token: &[u8],
        digits: &Digits,
        context: &mut dyn FnMut() -> KindSet,
        best: Option<Finding>,
    ) -> Option<f32> {
        match kind {
            Kind::Phone => {
                // The number-plan check is the costliest validator: skip it when it cannot win. The
                // context words are looked up only when they decide that.
                let cannot_win = best.is_some_and(|b| {
                    b.confidence >= PHONE_MAX + CONTEXT_BOOST
                        || (b.confidence >= PHONE_MAX && !context().contains(Kind::Phone))
                });
                if cannot_win {
                    return None;
                }
                phone::confidence(token, digits)
            }
            Kind::RuPassport => {
                let region = digits.as_slice().get(..2)?;
                (digits.len() == 10 && region != [0, 0] && context().contains(Kind::RuPassport))
                    .then_some(PASSPORT_CONFIDENCE - CONTEXT_BOOST)
            }
            _ => validate(kind, token, digits),
        }
    }

    /// The kinds named by the nearest context word before `start` on the same line and after the
    /// last digit (a label before an earlier number is that number's); failing that, by the first
    /// word after `end` in
    /// the same clause and before the next number. (A clause ends at punctuation; Chinese and
    /// Devanagari punctuation and letters, 3-byte UTF-8, also end it: a label after the value is
    /// an English, Russian or Bulgarian construction.)
    fn context_around(&self, hay: &[u8], start: usize, end: usize) -> KindSet {
        // Only the bytes themselves decide, never what was found before: a chunk of a file must
        // see the same context as a scan of the whole file.
        let before = self.words.nearest(&hay[start.saturating_sub(CONTEXT_WINDOW_BYTES)..start]);
        if !before.is_empty() {
            return before;
        }
        let after = &hay[end.min(hay.len())..hay.len().min(end + CONTEXT_AFTER_BYTES)];
        // Up to the end of the clause: a label after the value is in the same sentence.
        let stop = after
            .iter()
            .position(|&b| matches!(b, b'\n' | b'0'..=b'9' | b'.' | b',' | b';' | b'!' | b'?') || b >= 0xE0)
            .unwrap_or(after.len());
        self.words.first(&after[..stop])
    }
}

/// Whether `a` is a better reading than `b`: more confident, or as confident and longer.
fn better(a: &Finding, b: &Finding) -> bool {
    a.confidence > b.confidence + f32::EPSILON
        || ((a.confidence - b.confidence).abs() <= f32::EPSILON && a.end - a.start > b.end - b.start)
}

/// The start of a candidate whose first digit is at `i`, or `None` when `i` is inside a word or a
/// number (`abc123`, `12.345`, `2024-03-15`).
fn digit_start(hay: &[u8], i: usize) -> Option<Start> {
    let Some(&prev) = i.checked_sub(1).and_then(|p| hay.get(p)) else {
        return Some(Start { at: i, extended: None });
    };
    let before = i.checked_sub(2).and_then(|p| hay.get(p)).copied().unwrap_or(b' ');
    if prev.is_ascii_uppercase() {
        return letters_start(hay, i);
    }
    // Inside a number (`12.345`, `2024-03-15`, `3,14`), unless a comma separates two values.
    let inside_number = matches!(prev, b'.' | b',' | b'-' | b'/' | b':')
        && before.is_ascii_digit()
        && !(prev == b',' && comma_separates(hay, i - 1));
    if is_word_byte(prev) || inside_number {
        return None;
    }
    let extended = match prev {
        b'+' | b'(' => Some(i - 1),
        b'-' if !is_word_byte(before) => Some(i - 1),
        _ => None,
    };
    Some(Start { at: i, extended })
}

/// An IBAN (two capitals before the first digit) or PAN (five capitals) that starts a word.
fn letters_start(hay: &[u8], first_digit: usize) -> Option<Start> {
    let letters = hay[..first_digit].iter().rev().take(6).take_while(|b| b.is_ascii_uppercase()).count();
    let at = first_digit - letters;
    let bounded = at == 0 || !is_word_byte(hay[at - 1]);
    (matches!(letters, 2 | 5) && bounded).then_some(Start { at, extended: None })
}

/// The start of the local part of an e-mail address whose `@` is at `at`.
fn email_start(hay: &[u8], at: usize) -> Option<Start> {
    let local = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-');
    let len = hay[..at].iter().rev().take(MAX_BACKSCAN_BYTES + 1).take_while(|&&b| local(b)).count();
    (1..=MAX_BACKSCAN_BYTES).contains(&len).then_some(Start { at: at - len, extended: None })
}

/// The start of an IPv6 address containing the `:` at `colon` (hex groups and colons before it).
fn ipv6_start(hay: &[u8], colon: usize) -> Option<Start> {
    const MAX_IPV6_BYTES: usize = 45;
    let len =
        hay[..colon].iter().rev().take(MAX_IPV6_BYTES).take_while(|b| b.is_ascii_hexdigit() || **b == b':').count();
    let at = colon - len;
    let bounded = at == 0 || !(is_word_byte(hay[at - 1]) || hay[at - 1] == b'.');
    let opens = len > 0 || hay.get(colon + 1) == Some(&b':');
    (bounded && opens).then_some(Start { at, extended: None })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn scan(text: &str) -> Vec<(Kind, String)> {
        let scanner = Scanner::new(ScanOptions::default()).unwrap();
        let mut state = scanner.state();
        let mut out = Vec::new();
        scanner.scan(&mut state, text.as_bytes(), &mut |f| out.push((f.kind, text[f.start..f.end].to_owned())));
        out
    }

    fn kinds(text: &str) -> Vec<Kind> {
        scan(text).into_iter().map(|(k, _)| k).collect()
    }

    #[test]
    fn finds_each_kind_in_prose() {
        let cases = [
            ("Write to ivan.petrov@mail.ru today", Kind::Email, "ivan.petrov@mail.ru"),
            ("Call +7 (495) 123-45-67 now", Kind::Phone, "+7 (495) 123-45-67"),
            ("server 192.168.10.20 is down", Kind::Ipv4, "192.168.10.20"),
            ("host fe80::1ff:fe23:4567:890a up", Kind::Ipv6, "fe80::1ff:fe23:4567:890a"),
            ("paid with 4111 1111 1111 1111.", Kind::CreditCard, "4111 1111 1111 1111"),
            ("IBAN GB82 WEST 1234 5698 7654 32 ok", Kind::Iban, "GB82 WEST 1234 5698 7654 32"),
            ("身份证号码11010519491231002X，", Kind::CnResidentId, "11010519491231002X"),
            ("ИНН 7707083893, КПП", Kind::RuInn, "7707083893"),
            ("СНИЛС 112-233-445 95", Kind::RuSnils, "112-233-445 95"),
            ("ОГРН 1027700132195", Kind::RuOgrn, "1027700132195"),
            ("паспорт серии 45 10 № 123456 выдан", Kind::RuPassport, "45 10 № 123456"),
            ("ЕГН 7523169263", Kind::BgEgn, "7523169263"),
            ("PAN ABCPE1234F", Kind::InPan, "ABCPE1234F"),
            ("IMEI 490154203237518", Kind::Imei, "490154203237518"),
            ("SIM 8901410321111851072", Kind::Iccid, "8901410321111851072"),
            ("at 55.7558, 37.6173 we", Kind::GeoCoordinates, "55.7558, 37.6173"),
            ("at -33.8688, 151.2093 we", Kind::GeoCoordinates, "-33.8688, 151.2093"),
        ];
        for (text, kind, value) in cases {
            assert_eq!(scan(text), vec![(kind, value.to_owned())], "{text}");
        }
    }

    /// Text made of the pieces values and their look-alikes are made of.
    fn value_like_text() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            4 => "[0-9]{1,22}",
            3 => prop::sample::select(vec![" ", "-", ".", ",", ":", "(", ")", "+", "@", "%", "_", "X", "x"])
                .prop_map(String::from),
            1 => prop::sample::select(vec!["№", " № ", "ИНН ", "тел. ", "card ", "的", "।", "\n", "AB", "GB82 ", "e"])
                .prop_map(String::from),
            1 => "[a-fA-F]{1,3}",
            1 => "[A-Z]{2,5}",
            2 => prop::sample::select(vec![
                "4111111111111111",
                "4111 1111 1111 1111",
                "7707083893",
                "+7 495 123-45-67",
                "8 (495) 123-45-67",
                "a.b@mail.ru",
                "@mail.ru",
                "112-233-445 95",
                "паспорт 45 10 № 123456",
                "192.168.1.20",
                "55.7558, 37.6173",
                "2001:db8::1",
                "13800138000",
            ])
            .prop_map(String::from),
        ];
        prop::collection::vec(piece, 0..40).prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Reading plain digit runs without the automaton is only a shortcut: it finds exactly
        /// what the automaton finds.
        #[test]
        fn the_plain_run_shortcut_changes_nothing(text in value_like_text()) {
            static SCANNER: std::sync::OnceLock<Scanner> = std::sync::OnceLock::new();
            let scanner = SCANNER.get_or_init(|| Scanner::new(ScanOptions::default()).unwrap());
            let mut state = scanner.state();
            let hay = text.as_bytes();
            let (mut fast, mut reference) = (Vec::new(), Vec::new());
            scanner.scan_loop(&mut state, hay, 0..hay.len(), KindSet::EMPTY, Path::Fast, &mut |f| fast.push(f));
            scanner.scan_loop(&mut state, hay, 0..hay.len(), KindSet::EMPTY, Path::Automaton, &mut |f| {
                reference.push(f);
            });
            prop_assert_eq!(fast, reference);
        }
    }

    #[test]
    fn wrong_check_digits_are_not_reported() {
        for text in [
            "4111 1111 1111 1112",
            "ИНН 7707083894",
            "11010519491231002Y",
            "СНИЛС 112-233-445 96",
            "ОГРН 1027700132196",
        ] {
            assert!(kinds(text).is_empty(), "{text}: {:?}", scan(text));
        }
    }

    #[test]
    fn a_passport_needs_a_context_word() {
        assert!(kinds("номер 4510 123456 в базе").is_empty());
        assert_eq!(kinds("паспорт 4510 123456"), vec![Kind::RuPassport]);
    }

    #[test]
    fn values_separated_by_commas_alone_are_each_found() {
        let line = "ivan@mail.ru,+7 495 237-82-18,7707083893,4111111111111111,1027700132195";
        let expected = [Kind::Email, Kind::Phone, Kind::RuInn, Kind::CreditCard, Kind::RuOgrn];
        assert_eq!(kinds(line), expected);
        // The domain of an address is no label: "mail" does not make the phone number an e-mail.
        assert_eq!(kinds("ivan@mail.ru +7 495 237-82-18"), [Kind::Email, Kind::Phone]);
        assert_eq!(kinds("hosts 10.0.0.1,192.168.1.20,8.8.8.8 up"), [Kind::Ipv4, Kind::Ipv4, Kind::Ipv4]);
        // Decimal commas and thousands separators still join a number.
        assert!(kinds("3,14 and 1,234,567 and 12,5 and 77,0708389").is_empty());
    }

    #[test]
    fn numbers_inside_words_and_decimals_are_ignored() {
        assert!(kinds("order A7707083893 and x_4111111111111111").is_empty());
        assert!(kinds("pi is 3.1415926535897 and 2024-03-15").is_empty());
    }

    #[test]
    fn several_findings_on_one_line() {
        let found = kinds("ИНН 7707083893, ОГРН 1027700132195, e-mail: info@sberbank.ru, тел. 8 800 555-55-50");
        assert_eq!(found, vec![Kind::RuInn, Kind::RuOgrn, Kind::Email, Kind::Phone]);
    }

    #[test]
    fn an_address_reached_again_from_a_later_colon_is_reported_once() {
        // Found by fuzzing: the colons after `1f` lead back to the start of `fe80::0`, which was
        // reported already.
        let text = "fe80::0::1f: x";
        assert_eq!(scan(text), vec![(Kind::Ipv6, "fe80::0".to_owned())]);
    }

    #[test]
    fn regions_report_only_their_own_findings() {
        let text = "ИНН 7707083893 and ОГРН 1027700132195".as_bytes();
        let scanner = Scanner::new(ScanOptions::default()).unwrap();
        let mut state = scanner.state();
        let mut first = Vec::new();
        scanner.scan_region(&mut state, text, 0..20, &mut |f| first.push(f.kind));
        let mut second = Vec::new();
        scanner.scan_region(&mut state, text, 20..text.len(), &mut |f| second.push(f.kind));
        assert_eq!((first, second), (vec![Kind::RuInn], vec![Kind::RuOgrn]));
    }

    #[test]
    fn column_names_give_context() {
        let scanner = Scanner::new(ScanOptions::default()).unwrap();
        let mut state = scanner.state();
        let found = scanner.scan_value(&mut state, b"4510 123456", &ValueContext { name: Some("passport_no") });
        assert_eq!(found.iter().map(|f| f.kind).collect::<Vec<_>>(), vec![Kind::RuPassport]);
        assert!(scanner.scan_value(&mut state, b"4510 123456", &ValueContext::default()).is_empty());
        let mut named = Vec::new();
        let kinds = scanner.named_kinds("passport_no");
        scanner.scan_value_named(&mut state, b"4510 123456", kinds, &mut |f| named.push(f));
        assert_eq!(named, found);
    }

    #[test]
    fn kinds_can_be_turned_off() {
        let options = ScanOptions { kinds: [Kind::Email].into_iter().collect(), ..ScanOptions::default() };
        let scanner = Scanner::new(options).unwrap();
        let mut state = scanner.state();
        let mut found = Vec::new();
        scanner.scan(&mut state, b"a@b.io 4111111111111111", &mut |f| found.push(f.kind));
        assert_eq!(found, vec![Kind::Email]);
    }
}
