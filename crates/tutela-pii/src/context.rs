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

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

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
/// stops at the nearest word instead of reading the whole window.
#[derive(Debug, Clone)]
pub(crate) struct ContextWords {
    automaton: AhoCorasick,
    reversed: AhoCorasick,
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

impl ContextWords {
    pub(crate) fn new() -> Result<ContextWords, crate::BuildError> {
        let mut patterns = Vec::new();
        let mut info = Vec::new();
        for (word, kinds) in WORDS {
            let meta = WordInfo {
                kinds: kinds.iter().copied().collect(),
                whole: word.chars().count() <= 3 && !is_cjk(word),
                bounded: !is_cjk(word),
            };
            for variant in case_variants(word) {
                patterns.push(variant);
                info.push(meta);
            }
        }
        let build = |patterns: &[Vec<u8>]| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                // A full DFA: a few hundred kilobytes, and one table lookup per byte.
                .kind(Some(AhoCorasickKind::DFA))
                // Windows are short and the words start with many different bytes: a prefilter
                // only adds overhead here.
                .prefilter(false)
                .build(patterns)
                .map_err(|e| crate::BuildError::Automaton(e.to_string()))
        };
        let forward: Vec<Vec<u8>> = patterns.iter().map(|p| p.as_bytes().to_vec()).collect();
        let backward: Vec<Vec<u8>> = forward.iter().map(|p| p.iter().rev().copied().collect()).collect();
        Ok(ContextWords { automaton: build(&forward)?, reversed: build(&backward)?, info })
    }

    /// The kinds named by the context word nearest to the end of `text`, if any. Only the label
    /// text at its end is looked at (see [`label_start`]).
    pub(crate) fn nearest(&self, text: &[u8]) -> KindSet {
        let text = &text[text.len().saturating_sub(CONTEXT_WINDOW_BYTES)..];
        // One pass backwards from the end finds where the label text starts and copies it,
        // reversed, for the reversed automaton.
        let mut reversed = [0u8; CONTEXT_WINDOW_BYTES];
        let mut start = 0;
        for (i, slot) in (0..text.len()).rev().zip(reversed.iter_mut()) {
            let byte = text[i];
            *slot = byte;
            if let Some(after) = label_boundary(text, i) {
                start = after;
                break;
            }
        }
        let text = &text[start..];
        let reversed = &reversed[..text.len()];
        // The leftmost match in the reversed window is the word that ends nearest the candidate.
        for m in self.reversed.find_iter(reversed) {
            let (start, end) = (text.len() - m.end(), text.len() - m.start());
            let info = self.info[m.pattern().as_usize()];
            if (!info.bounded || !letter_before(text, start)) && (!info.whole || !letter_at(text, end)) {
                return info.kinds;
            }
        }
        KindSet::EMPTY
    }

    /// The kinds named by the first context word in `text` (a label written after the value, as
    /// in "... on file as the passport number"), if any.
    pub(crate) fn first(&self, text: &[u8]) -> KindSet {
        for m in self.automaton.find_iter(text) {
            let info = self.info[m.pattern().as_usize()];
            if (!info.bounded || !letter_before(text, m.start())) && (!info.whole || !letter_at(text, m.end())) {
                return info.kinds;
            }
        }
        KindSet::EMPTY
    }

    /// Every kind named by a context word anywhere in `name` (a column name or JSON path).
    pub(crate) fn named(&self, name: &[u8]) -> KindSet {
        let mut found = KindSet::EMPTY;
        for m in self.automaton.find_iter(name) {
            let info = self.info[m.pattern().as_usize()];
            if (!info.bounded || !letter_before(name, m.start())) && (!info.whole || !letter_at(name, m.end())) {
                for kind in info.kinds.iter() {
                    found.insert(kind);
                }
            }
        }
        found
    }
}

/// Whether the byte at `i` ends the text that can label a value after it, and if so where that
/// text starts. It ends at a newline or a digit (a label before an earlier number is that
/// number's), and at a sentence boundary: a full stop followed by a space and a capital letter,
/// or `。`, `।`, `!` or `?`; a label in an earlier sentence is about something else. (A full stop
/// alone is no boundary: "тел. +7 ..." keeps its label.)
#[inline]
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
    let head = &text[..text.len().min(4)];
    (1..=head.len())
        .rev()
        .find_map(|n| std::str::from_utf8(&head[..n]).ok())
        .and_then(|s| s.chars().next())
        .is_some_and(char::is_uppercase)
}

/// Whether `c` separates words: not a letter or digit, or a Chinese or Japanese character (those
/// scripts write words without spaces, so "请核对EGN" still has "EGN" as a word).
fn separates(c: char) -> bool {
    !c.is_alphanumeric() || ('\u{2E80}'..='\u{9FFF}').contains(&c) || ('\u{F900}'..='\u{FAFF}').contains(&c)
}

/// Whether the character ending just before `pos` joins a word there. Invalid UTF-8 does not.
fn letter_before(text: &[u8], pos: usize) -> bool {
    let from = pos.saturating_sub(4);
    (from..pos)
        .rev()
        .find_map(|i| std::str::from_utf8(&text[i..pos]).ok())
        .and_then(|s| s.chars().next_back())
        .is_some_and(|c| !separates(c))
}

/// Whether the character starting at `pos` joins a word there.
fn letter_at(text: &[u8], pos: usize) -> bool {
    let to = text.len().min(pos + 4);
    (pos + 1..=to)
        .find_map(|i| std::str::from_utf8(&text[pos..i]).ok())
        .and_then(|s| s.chars().next())
        .is_some_and(|c| !separates(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nearest(text: &str) -> Vec<Kind> {
        ContextWords::new().unwrap().nearest(text.as_bytes()).iter().collect()
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

    #[test]
    fn column_names_name_kinds() {
        let words = ContextWords::new().unwrap();
        assert!(words.named(b"passport_no").contains(Kind::RuPassport));
        assert!(words.named(b"client.phone").contains(Kind::Phone));
        assert!(words.named(b"customer_inn").contains(Kind::RuInn));
        assert!(words.named(b"spanish_name").is_empty());
    }
}
