//! Context words: the labels people write next to a value ("ИНН", "身份证", "आधार", "phone").
//!
//! A word shortly before a candidate raises the confidence of the kinds it names, and is required
//! for Russian passport numbers, which have no check digit. The same words, matched in a column name
//! or JSON path (`passport_no`, `client.phone`), give context to every value in that column.
//!
//! Words are matched with one Aho-Corasick automaton over a short window before each validated
//! candidate only, never over the whole input. Latin words match case-insensitively; Cyrillic words
//! are listed in lower case and matched also capitalised and in capitals. A word must start at a
//! word boundary (so "инн" is not found in "длинный"), and words of three letters or fewer must end
//! at one too ("tel" is not "hotel", "pan" is not "company"); longer words may be followed by an
//! inflection ("паспорта", "телефона"). Chinese has no spaces, so its words match anywhere.

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind, PatternID, StartKind};

use crate::kind::{Kind, KindSet};

/// How far before a candidate context words are looked for, in bytes (about five Cyrillic or
/// Devanagari words, ten Chinese characters).
pub const CONTEXT_WINDOW_BYTES: usize = 64;

/// The words and the kinds each names. Chinese, Hindi and Cyrillic words are what forms and
/// documents in those languages print next to the value.
const WORDS: &[(&str, &[Kind])] = {
    use Kind::*;
    &[
        // English
        ("email", &[Email]),
        ("e-mail", &[Email]),
        ("mail", &[Email]),
        ("phone", &[Phone]),
        ("telephone", &[Phone]),
        ("tel", &[Phone]),
        ("mobile", &[Phone]),
        ("cell", &[Phone]),
        ("call", &[Phone]),
        ("fax", &[Phone]),
        ("whatsapp", &[Phone]),
        ("ip", &[Ipv4, Ipv6]),
        ("card", &[CreditCard]),
        ("visa", &[CreditCard]),
        ("mastercard", &[CreditCard]),
        ("iban", &[Iban]),
        ("account", &[Iban]),
        ("resident id", &[CnResidentId]),
        ("id card", &[CnResidentId]),
        ("inn", &[RuInn]),
        ("taxpayer", &[RuInn]),
        ("snils", &[RuSnils]),
        ("ogrn", &[RuOgrn]),
        ("ogrnip", &[RuOgrn]),
        ("passport", &[RuPassport]),
        ("egn", &[BgEgn]),
        ("civil number", &[BgEgn]),
        ("aadhaar", &[InAadhaar]),
        ("aadhar", &[InAadhaar]),
        ("uidai", &[InAadhaar]),
        ("pan", &[InPan]),
        ("permanent account", &[InPan]),
        ("imei", &[Imei]),
        ("iccid", &[Iccid]),
        ("sim", &[Iccid]),
        ("coordinates", &[GeoCoordinates]),
        ("location", &[GeoCoordinates]),
        ("lat", &[GeoCoordinates]),
        ("latitude", &[GeoCoordinates]),
        ("gps", &[GeoCoordinates]),
        // Russian
        ("почта", &[Email]),
        ("почты", &[Email]),
        ("почту", &[Email]),
        ("телефон", &[Phone]),
        ("тел", &[Phone]),
        ("моб", &[Phone]),
        ("звоните", &[Phone]),
        ("ip-адрес", &[Ipv4, Ipv6]),
        ("карта", &[CreditCard]),
        ("карты", &[CreditCard]),
        ("карту", &[CreditCard]),
        ("картой", &[CreditCard]),
        ("счет", &[Iban]),
        ("счёт", &[Iban]),
        ("инн", &[RuInn]),
        ("снилс", &[RuSnils]),
        ("огрн", &[RuOgrn]),
        ("огрнип", &[RuOgrn]),
        ("паспорт", &[RuPassport]),
        ("серия", &[RuPassport]),
        ("серии", &[RuPassport]),
        ("координат", &[GeoCoordinates]),
        // Compound labels, longer than the "card" words they end with, so that the nearest-word
        // search (which prefers the longest word ending nearest the value) picks them.
        ("sim-карты", &[Iccid]),
        ("sim-карта", &[Iccid]),
        ("sim-карту", &[Iccid]),
        ("сим-карты", &[Iccid]),
        ("сим-карта", &[Iccid]),
        ("sim карта", &[Iccid]),
        // Bulgarian (shared Cyrillic words above also apply)
        ("егн", &[BgEgn]),
        ("имейл", &[Email]),
        ("поща", &[Email]),
        ("сметка", &[Iban]),
        ("мобилен", &[Phone]),
        ("личен номер", &[BgEgn]),
        // Chinese
        ("身份证", &[CnResidentId]),
        ("证件号", &[CnResidentId]),
        ("邮箱", &[Email]),
        ("电子邮件", &[Email]),
        ("电话", &[Phone]),
        ("手机", &[Phone]),
        ("银行卡", &[CreditCard]),
        ("信用卡", &[CreditCard]),
        ("卡号", &[CreditCard]),
        ("账号", &[Iban]),
        ("账户", &[Iban]),
        ("坐标", &[GeoCoordinates]),
        ("经纬度", &[GeoCoordinates]),
        ("位置", &[GeoCoordinates]),
        ("地址", &[Ipv4, Ipv6]),
        ("护照", &[RuPassport]),
        ("SIM卡", &[Iccid]),
        ("SIM卡号", &[Iccid]),
        // Hindi
        ("आधार", &[InAadhaar]),
        ("पैन", &[InPan]),
        ("फ़ोन", &[Phone]),
        ("फोन", &[Phone]),
        ("मोबाइल", &[Phone]),
        ("ईमेल", &[Email]),
        ("कार्ड", &[CreditCard]),
        ("खाता", &[Iban]),
        ("निर्देशांक", &[GeoCoordinates]),
        ("स्थान", &[GeoCoordinates]),
        ("पासपोर्ट", &[RuPassport]),
        ("आईपी", &[Ipv4, Ipv6]),
    ]
};

#[derive(Debug, Clone, Copy)]
struct WordInfo {
    kinds: KindSet,
    /// The word must be followed by a non-letter (short words).
    whole: bool,
    /// The word must be preceded by a non-letter (all but Chinese).
    bounded: bool,
}

/// The compiled context words: forwards for names, and with every word's bytes reversed for the
/// window before a candidate, which is searched from the candidate backwards so that the search
/// stops at the nearest word instead of reading the whole window. Both are Aho-Corasick DFAs driven
/// byte by byte here (see [`find_forward`] and [`ContextWords::nearest`]), so that the backward
/// search needs no reversed copy of the window and no second pass to find where the label starts.
#[derive(Debug, Clone)]
pub(crate) struct ContextWords {
    forward: DFA,
    reversed: DFA,
    info: Vec<WordInfo>,
}

fn is_cjk(word: &str) -> bool {
    word.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
}

/// `word`, capitalised and in capitals, for scripts where the automaton's ASCII case folding
/// does not apply.
fn case_variants(word: &str) -> Vec<String> {
    let mut variants = vec![word.to_owned()];
    if !word.is_ascii() {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            variants.push(first.to_uppercase().chain(chars).collect());
        }
        variants.push(word.to_uppercase());
    }
    variants.dedup();
    variants
}

/// The leftmost-longest match of `dfa` (built unanchored) in `text[from..]`, as (word, start,
/// end): the search `AhoCorasick::find` runs, without its per-call set-up.
fn find_forward(dfa: &DFA, text: &[u8], from: usize) -> Option<(usize, usize, usize)> {
    let mut sid = dfa.start_state(Anchored::No).ok()?;
    let mut found = None;
    for (at, &byte) in text.iter().enumerate().skip(from) {
        sid = dfa.next_state(Anchored::No, sid, byte);
        if dfa.is_special(sid) {
            if dfa.is_dead(sid) {
                break;
            }
            if dfa.is_match(sid) {
                let word = dfa.match_pattern(sid, 0);
                found = Some((word.as_usize(), at + 1 - dfa.pattern_len(word), at + 1));
            }
        }
    }
    found
}

/// Every pattern the automata search for (each word in its case variants), and what it means.
fn word_patterns() -> (Vec<Vec<u8>>, Vec<WordInfo>) {
    let mut patterns = Vec::new();
    let mut info = Vec::new();
    for (word, kinds) in WORDS {
        let meta = WordInfo {
            kinds: kinds.iter().copied().collect(),
            whole: word.chars().count() <= 3 && !is_cjk(word),
            bounded: !is_cjk(word),
        };
        for variant in case_variants(word) {
            patterns.push(variant.into_bytes());
            info.push(meta);
        }
    }
    (patterns, info)
}

impl ContextWords {
    pub(crate) fn new() -> Result<ContextWords, crate::BuildError> {
        let (forward, info) = word_patterns();
        let build = |patterns: &[Vec<u8>]| {
            DFA::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                // Windows are short and the words start with many different bytes: a prefilter
                // only adds overhead here.
                .prefilter(false)
                .start_kind(StartKind::Unanchored)
                .build(patterns)
                .map_err(|e| crate::BuildError::Automaton(e.to_string()))
        };
        let backward: Vec<Vec<u8>> = forward.iter().map(|p| p.iter().rev().copied().collect()).collect();
        Ok(ContextWords { forward: build(&forward)?, reversed: build(&backward)?, info })
    }

    /// Whether the word `info` found at `text[start..end]` stands as a word there.
    #[inline]
    fn stands(info: WordInfo, text: &[u8], start: usize, end: usize) -> bool {
        (!info.bounded || !letter_before(text, start)) && (!info.whole || !letter_at(text, end))
    }

    /// The kinds named by the context word nearest to the end of `text`, if any. Only the label
    /// text at its end is looked at (see [`label_boundary`]).
    ///
    /// One walk backwards from the end feeds each byte to the reversed automaton, after checking
    /// that it is still in the label text: the leftmost-longest match of the reversed window is the
    /// word ending nearest the candidate (the longest of those). A word that does not stand as a
    /// word there is passed over and the search starts again just before it, as an iterator over
    /// the reversed window would.
    pub(crate) fn nearest(&self, text: &[u8]) -> KindSet {
        let text = after_last_address(&text[text.len().saturating_sub(CONTEXT_WINDOW_BYTES)..]);
        let dfa = &self.reversed;
        let Ok(start_state) = dfa.start_state(Anchored::No) else { return KindSet::EMPTY };
        // The search starts before `pos`; `found` is the best word so far (word, start).
        let mut pos = text.len();
        let mut found: Option<(PatternID, usize)> = None;
        loop {
            self.feed_back(&text[..pos], start_state, &mut found, text);
            let Some((word, start)) = found.take() else { return KindSet::EMPTY };
            let end = start + dfa.pattern_len(word);
            let info = self.info[word.as_usize()];
            // A word right after a digit starts the label text, so nothing joins it before.
            let after_digit = start > 0 && text[start - 1].is_ascii_digit();
            if (!info.bounded || after_digit || !letter_before(text, start)) && (!info.whole || !letter_at(text, end)) {
                return info.kinds;
            }
            pos = start;
        }
    }

    /// Feeds the bytes of `window` to the reversed automaton from the last one backwards, from
    /// `sid`, until the label text ends (at a boundary of `text`, of which `window` is the start)
    /// or no longer word can be found; `found` gets the last word matched (word, start). A boundary
    /// whose label text starts two bytes after it (". ") has had the space fed too, which cannot
    /// change the match: no word starts with a space.
    #[inline]
    fn feed_back(&self, window: &[u8], mut sid: StateID, found: &mut Option<(PatternID, usize)>, text: &[u8]) {
        let dfa = &self.reversed;
        for (i, &byte) in window.iter().enumerate().rev() {
            if MAY_END_LABEL[usize::from(byte)] && may_end_label(window, i, byte) && label_boundary(text, i).is_some() {
                return;
            }
            sid = dfa.next_state(Anchored::No, sid, byte);
            if dfa.is_special(sid) {
                if dfa.is_dead(sid) {
                    return;
                }
                if dfa.is_match(sid) {
                    *found = Some((dfa.match_pattern(sid, 0), i));
                }
            }
        }
    }

    /// The kinds named by the first context word in `text` (a label written after the value, as
    /// in "... on file as the passport number"), if any.
    pub(crate) fn first(&self, text: &[u8]) -> KindSet {
        let text = before_first_address(text);
        let mut from = 0;
        while let Some((word, start, end)) = find_forward(&self.forward, text, from) {
            let info = self.info[word];
            if Self::stands(info, text, start, end) {
                return info.kinds;
            }
            from = end;
        }
        KindSet::EMPTY
    }

    /// Every kind named by a context word anywhere in `name` (a column name or JSON path).
    pub(crate) fn named(&self, name: &[u8]) -> KindSet {
        let mut found = KindSet::EMPTY;
        let mut from = 0;
        while let Some((word, start, end)) = find_forward(&self.forward, name, from) {
            let info = self.info[word];
            if Self::stands(info, name, start, end) {
                for kind in info.kinds.iter() {
                    found.insert(kind);
                }
            }
            from = end;
        }
        found
    }
}

/// The text after the last e-mail address in `text` (all of it when there is none). An address is
/// a value, not a label: like a number, it ends the label text of the value after it, so that
/// "mail" in "ivan@mail.ru, +7 495 …" does not label the phone number as an e-mail address.
pub(crate) fn after_last_address(text: &[u8]) -> &[u8] {
    let Some(at) = memchr::memrchr(b'@', text) else { return text };
    let domain = text[at + 1..].iter().take_while(|&&b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-'));
    &text[at + 1 + domain.count()..]
}

/// The text before the first e-mail address in `text`, for a label written after a value.
pub(crate) fn before_first_address(text: &[u8]) -> &[u8] {
    let Some(at) = memchr::memchr(b'@', text) else { return text };
    let local = |b: &&u8| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-');
    &text[..at - text[..at].iter().rev().take_while(local).count()]
}

/// Whether the byte at `i` ends the text that can label a value after it, and if so where that
/// text starts. It ends at a newline or a digit (a label before an earlier number is that
/// number's), and at a sentence boundary: a full stop followed by a space and a capital letter,
/// or `。`, `।`, `!` or `?`; a label in an earlier sentence is about something else. (A full stop
/// alone is no boundary: "тел. +7 ..." keeps its label.)
// Kept out of line: the walk in `feed_back` calls it only for the few bytes `MAY_END_LABEL` lets
// through, and inlined it would cost that loop its registers.
#[inline(never)]
fn label_boundary(text: &[u8], i: usize) -> Option<usize> {
    // Most bytes are none of these: one table lookup rules them out.
    if !MAY_END_LABEL[usize::from(text[i])] {
        return None;
    }
    let ends_with = |end: &str| text[..=i].ends_with(end.as_bytes());
    match text[i] {
        b'\n' | b'0'..=b'9' => Some(i + 1),
        b'!' | b'?' if text.get(i + 1) == Some(&b' ') => Some(i + 2),
        b'.' if text.get(i + 1) == Some(&b' ') && starts_upper(&text[(i + 2).min(text.len())..]) => Some(i + 2),
        0x82 if ends_with("。") => Some(i + 1),
        0xA4 if ends_with("।") => Some(i + 1),
        _ => None,
    }
}

/// A second quick test before [`label_boundary`] is called for `byte`, at `i`: the last byte
/// of `。` or `।` is also in many other characters (most Devanagari letters end in 0xA4), so the
/// byte before it must be that of `。` (0x80) or `।` (0xA5).
#[inline]
fn may_end_label(window: &[u8], i: usize, byte: u8) -> bool {
    let before = |b: u8| i.checked_sub(1).and_then(|p| window.get(p)) == Some(&b);
    match byte {
        0x82 => before(0x80),
        0xA4 => before(0xA5),
        _ => true,
    }
}

/// The bytes [`label_boundary`] looks at further: a newline, digits, `!`, `?`, `.`, and the last
/// bytes of `。` and `।`.
static MAY_END_LABEL: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = b'0';
    while b <= b'9' {
        table[b as usize] = true;
        b += 1;
    }
    table[b'\n' as usize] = true;
    table[b'!' as usize] = true;
    table[b'?' as usize] = true;
    table[b'.' as usize] = true;
    table[0x82] = true;
    table[0xA4] = true;
    table
};

/// Whether `text` starts with an upper-case letter (any script).
fn starts_upper(text: &[u8]) -> bool {
    char_at(text, 0).is_some_and(char::is_uppercase)
}

/// Whether `c` separates words: not a letter or digit, or a Chinese or Japanese character (those
/// scripts write words without spaces, so "请核对EGN" still has "EGN" as a word).
#[inline]
fn separates(c: char) -> bool {
    !c.is_alphanumeric() || ('\u{2E80}'..='\u{9FFF}').contains(&c) || ('\u{F900}'..='\u{FAFF}').contains(&c)
}

/// The length of a UTF-8 sequence that starts with `lead`, or `None` for a byte no character
/// starts with (a continuation byte, or one never used in UTF-8).
#[inline]
fn sequence_len(lead: u8) -> Option<usize> {
    match lead {
        0x00..=0x7F => Some(1),
        0xC2..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF4 => Some(4),
        _ => None,
    }
}

/// The character whose UTF-8 encoding is exactly `bytes`, if it is one valid encoding (not
/// overlong, no surrogate, at most U+10FFFF). Decoded by hand: this runs for every context word
/// found, and `str::from_utf8` costs more than the whole decoding of one character.
#[inline]
fn decode(bytes: &[u8]) -> Option<char> {
    let (&lead, rest) = bytes.split_first()?;
    if sequence_len(lead)? != bytes.len() {
        return None;
    }
    if rest.is_empty() {
        return Some(char::from(lead));
    }
    let lead_bits = u32::from(lead) & (0x7F >> bytes.len());
    let mut value = lead_bits;
    for &b in rest {
        if b & 0xC0 != 0x80 {
            return None;
        }
        value = (value << 6) | u32::from(b & 0x3F);
    }
    let min = match bytes.len() {
        2 => 0x80,
        3 => 0x800,
        _ => 0x1_0000,
    };
    if value < min {
        return None;
    }
    char::from_u32(value)
}

/// The character that starts at `pos`, if a valid one does.
#[inline]
fn char_at(text: &[u8], pos: usize) -> Option<char> {
    let &lead = text.get(pos)?;
    if lead.is_ascii() {
        return Some(char::from(lead));
    }
    decode(text.get(pos..pos + sequence_len(lead)?)?)
}

/// The character that ends just before `pos`, if a valid one does.
#[inline]
fn char_before(text: &[u8], pos: usize) -> Option<char> {
    let last = *text.get(pos.checked_sub(1)?)?;
    if last.is_ascii() {
        return Some(char::from(last));
    }
    // A character is at most four bytes: its lead byte is the first non-continuation byte back.
    let from = pos.saturating_sub(4);
    let lead = (from..pos - 1).rev().find(|&i| text[i] & 0xC0 != 0x80)?;
    decode(&text[lead..pos])
}

/// Whether the character ending just before `pos` joins a word there. Invalid UTF-8 does not.
fn letter_before(text: &[u8], pos: usize) -> bool {
    char_before(text, pos).is_some_and(|c| !separates(c))
}

/// Whether the character starting at `pos` joins a word there.
fn letter_at(text: &[u8], pos: usize) -> bool {
    char_at(text, pos).is_some_and(|c| !separates(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nearest(text: &str) -> Vec<Kind> {
        ContextWords::new().unwrap().nearest(text.as_bytes()).iter().collect()
    }

    #[test]
    fn an_email_address_is_no_label() {
        let words = ContextWords::new().unwrap();
        assert!(nearest("ivan@mail.ru, ").is_empty());
        assert!(nearest("e-mail: ivan@x.ru ").is_empty());
        assert_eq!(nearest("邮箱是a@example.org。IP地址为"), vec![Kind::Ipv4, Kind::Ipv6]);
        assert_eq!(nearest("ivan@mail.ru, тел. "), vec![Kind::Phone]);
        assert!(words.first(b" ivan@mail.ru").is_empty());
        assert!(words.first(b" (phone) or ivan@mail.ru").contains(Kind::Phone));
    }

    #[test]
    fn words_in_each_language() {
        assert_eq!(nearest("Phone: "), vec![Kind::Phone]);
        assert_eq!(nearest("ИНН организации "), vec![Kind::RuInn]);
        assert_eq!(nearest("Паспорт серии "), vec![Kind::RuPassport]);
        assert_eq!(nearest("公民身份证号码："), vec![Kind::CnResidentId]);
        assert_eq!(nearest("ЕГН на лицето: "), vec![Kind::BgEgn]);
        assert_eq!(nearest("आधार संख्या "), vec![Kind::InAadhaar]);
        assert_eq!(nearest("请核对EGN："), vec![Kind::BgEgn]);
        assert!(nearest("ИНН 1. Contact details, number: ").is_empty());
        assert!(nearest("ИНН\nnumber: ").is_empty());
        assert!(nearest("ИНН 12 and ").is_empty());
        assert!(nearest("ЕГН。请核对号码：").is_empty());
        assert_eq!(nearest("тел. "), vec![Kind::Phone]);
        assert_eq!(nearest("номер SIM-карты: "), vec![Kind::Iccid]);
        assert_eq!(nearest("客户的SIM卡号是"), vec![Kind::Iccid]);
    }

    #[test]
    fn boundaries_keep_words_out_of_other_words() {
        assert!(nearest("длинный ").is_empty());
        assert!(nearest("the company ").is_empty());
        assert!(nearest("hotel ").is_empty());
        assert_eq!(nearest("телефона "), vec![Kind::Phone]);
    }

    #[test]
    fn the_nearest_word_wins() {
        assert_eq!(nearest("тел. +7..., ИНН "), vec![Kind::RuInn]);
    }

    /// The search as it was written before the automaton was driven by hand: a reversed copy of
    /// the label text, searched by `AhoCorasick::find_iter`, and characters decoded by
    /// `str::from_utf8`.
    mod reference {
        use super::super::*;
        use aho_corasick::{AhoCorasick, AhoCorasickKind};

        pub(super) fn char_before(text: &[u8], pos: usize) -> Option<char> {
            (pos.saturating_sub(4)..pos)
                .rev()
                .find_map(|i| std::str::from_utf8(&text[i..pos]).ok())?
                .chars()
                .next_back()
        }

        pub(super) fn char_at(text: &[u8], pos: usize) -> Option<char> {
            let to = text.len().min(pos + 4);
            (pos + 1..=to).find_map(|i| std::str::from_utf8(&text[pos..i]).ok())?.chars().next()
        }

        fn stands(info: WordInfo, text: &[u8], start: usize, end: usize) -> bool {
            (!info.bounded || char_before(text, start).is_none_or(separates))
                && (!info.whole || char_at(text, end).is_none_or(separates))
        }

        pub(super) struct Words {
            reversed: AhoCorasick,
            forward: AhoCorasick,
            info: Vec<WordInfo>,
        }

        pub(super) fn words() -> Words {
            let (patterns, info) = word_patterns();
            let build = |patterns: Vec<Vec<u8>>| {
                AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .match_kind(MatchKind::LeftmostLongest)
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(patterns)
                    .unwrap()
            };
            let reversed = patterns.iter().map(|p| p.iter().rev().copied().collect()).collect();
            Words { reversed: build(reversed), forward: build(patterns), info }
        }

        impl Words {
            pub(super) fn nearest(&self, text: &[u8]) -> KindSet {
                let text = after_last_address(&text[text.len().saturating_sub(CONTEXT_WINDOW_BYTES)..]);
                let start = (0..text.len()).rev().find_map(|i| label_boundary(text, i)).unwrap_or(0);
                let text = &text[start..];
                let reversed: Vec<u8> = text.iter().rev().copied().collect();
                for m in self.reversed.find_iter(&reversed) {
                    let (start, end) = (text.len() - m.end(), text.len() - m.start());
                    let info = self.info[m.pattern().as_usize()];
                    if stands(info, text, start, end) {
                        return info.kinds;
                    }
                }
                KindSet::EMPTY
            }

            pub(super) fn first(&self, text: &[u8]) -> KindSet {
                let text = before_first_address(text);
                for m in self.forward.find_iter(text) {
                    let info = self.info[m.pattern().as_usize()];
                    if stands(info, text, m.start(), m.end()) {
                        return info.kinds;
                    }
                }
                KindSet::EMPTY
            }
        }
    }

    /// Text made of context words, their look-alikes and what ends label text.
    fn label_like_text() -> impl proptest::strategy::Strategy<Value = Vec<u8>> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            3 => prop::sample::select(WORDS.iter().map(|(w, _)| *w).collect::<Vec<_>>()).prop_map(String::from),
            3 => prop::sample::select(vec![
                " ", ". ", ".", "! ", "?", "\n", "。", "।", ": ", "-", "_", "7", "12", "ы", "Я", "号", "क", "x",
                "Q", ". Н", ". z", "客户的", "PAN", "ИНН", "Тел", "ТЕЛЕФОН", "sim ", "карта", "@", "a@mail.ru",
            ])
            .prop_map(String::from),
            1 => "[a-zA-Zа-яА-Я]{1,4}",
        ];
        let bytes = prop_oneof![8 => piece.prop_map(String::into_bytes), 1 => prop::collection::vec(any::<u8>(), 1..3)];
        prop::collection::vec(bytes, 0..24).prop_map(|pieces| pieces.concat())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        /// Driving the automata by hand finds what the library's own search finds.
        #[test]
        fn hand_driven_search_equals_the_library_search(text in label_like_text()) {
            static WORDS_: std::sync::OnceLock<(ContextWords, reference::Words)> = std::sync::OnceLock::new();
            let (words, reference) = WORDS_.get_or_init(|| (ContextWords::new().unwrap(), reference::words()));
            proptest::prop_assert_eq!(words.nearest(&text), reference.nearest(&text));
            proptest::prop_assert_eq!(words.first(&text), reference.first(&text));
        }

        /// Characters decoded by hand are the ones `str::from_utf8` decodes, valid or not.
        #[test]
        fn hand_decoding_equals_from_utf8(text in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..12)) {
            for pos in 0..=text.len() {
                proptest::prop_assert_eq!(char_before(&text, pos), reference::char_before(&text, pos));
                proptest::prop_assert_eq!(char_at(&text, pos), reference::char_at(&text, pos));
            }
        }
    }

    #[test]
    fn column_names_name_kinds() {
        let words = ContextWords::new().unwrap();
        assert!(words.named(b"passport_no").contains(Kind::RuPassport));
        assert!(words.named(b"client.phone").contains(Kind::Phone));
        assert!(words.named(b"customer_inn").contains(Kind::RuInn));
        assert!(words.named(b"spanish_name").is_empty());
    }
}
