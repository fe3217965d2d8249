//! Phone numbers, validated against the numbering plans of libphonenumber's metadata.
//!
//! The plans come from the `phonenumber` crate's copy of Google's metadata, extracted into a table
//! by `build.rs`: that crate's own parser is far too slow for a scanner (tens to hundreds of
//! microseconds a number, as its regex cache recompiles) and loading its database costs 0.2 s. Each
//! country code's patterns for real number types (fixed line, mobile, toll free, ...) are compiled
//! once, on first use, into one anchored regex-automata matcher; a number is valid when its national
//! significant number has a possible length and matches one of them.
//!
//! International numbers (`+` and a country code) are checked against any country's plan. Without
//! `+`, the national formats of China, Russia, Bulgaria and India are recognised: their trunk prefix
//! (`0`, or `8` in Russia) followed by a valid national number, or a mobile number written without
//! one (11 digits from 1 in China, 10 digits from 6-9 in India, 10 digits from 9 in Russia).

use std::sync::OnceLock;

use regex_automata::meta::Regex;
use regex_automata::nfa::thompson::WhichCaptures;
use regex_automata::util::syntax;
use regex_automata::{Anchored, Input};

use crate::validate::Digits;

mod table {
    include!(concat!(env!("OUT_DIR"), "/phone_plans.rs"));
}

/// E.164 numbers have at most 15 digits; shorter than 7 is no subscriber number anywhere we check.
pub(crate) const MIN_DIGITS: usize = 7;
pub(crate) const MAX_DIGITS: usize = 15;

/// One country code's plan: the possible national-number lengths and the number-type patterns.
struct Plan {
    /// Bit `n` set when a national significant number of `n` digits is possible.
    lengths: u32,
    regex: Regex,
}

/// The compiled plans, one cell per entry of the table, each filled when first needed.
fn compiled() -> &'static [OnceLock<Option<Plan>>] {
    static COMPILED: OnceLock<Vec<OnceLock<Option<Plan>>>> = OnceLock::new();
    COMPILED.get_or_init(|| table::PLANS.iter().map(|_| OnceLock::new()).collect())
}

fn index_of(code: u16) -> Option<usize> {
    table::PLANS.binary_search_by_key(&code, |(c, _, _)| *c).ok()
}

fn compile(index: usize) -> Option<Plan> {
    let (_, lengths, patterns) = table::PLANS[index];
    let anchored: Vec<String> = patterns.iter().map(|p| format!("(?:{p})$")).collect();
    // Only "does it match" is asked, of ten-odd digits: no captures, no literal prefilter (whose
    // extraction from these large alternations would cost more than all the searches).
    let config =
        Regex::config().which_captures(WhichCaptures::None).auto_prefilter(false).onepass(false).backtrack(false);
    let regex = Regex::builder()
        .configure(config)
        .syntax(syntax::Config::new().unicode(false).utf8(false))
        .build_many(&anchored)
        .ok()?;
    Some(Plan { lengths, regex })
}

/// Whether `nsn` (digit values) is a valid national significant number under country code `code`.
fn valid_in(code: u16, nsn: &[u8]) -> bool {
    let Some(index) = index_of(code) else { return false };
    let Some(plan) = compiled()[index].get_or_init(|| compile(index)) else { return false };
    if nsn.len() >= 32 || plan.lengths & (1 << nsn.len()) == 0 {
        return false;
    }
    let mut text = [0u8; MAX_DIGITS];
    let Some(text) = text.get_mut(..nsn.len()) else { return false };
    for (t, d) in text.iter_mut().zip(nsn) {
        *t = b'0' + d;
    }
    plan.regex.is_match(Input::new(&*text).anchored(Anchored::Yes))
}

fn number(digits: &[u8]) -> u16 {
    digits.iter().fold(0, |n, &d| n * 10 + u16::from(d))
}

/// Countries whose national formats are recognised without `+`: country code and trunk prefix.
const NATIONAL: [(u16, u8); 4] = [(7, 8), (86, 0), (359, 0), (91, 0)];

/// `ddd-ddd-ddd dd`: how СНИЛС is written, never a phone number.
fn snils_layout(token: &[u8]) -> bool {
    let groups = token.split(|b| matches!(b, b' ' | b'-')).map(<[u8]>::len);
    token.len() == 14 && groups.eq([3, 3, 3, 2])
}

/// The base confidence of `token` as a phone number, or `None` when it is not a valid one.
/// `digits` are the token's digits.
pub(crate) fn confidence(token: &[u8], digits: &Digits) -> Option<f32> {
    let d = digits.as_slice();
    if !(MIN_DIGITS..=MAX_DIGITS).contains(&d.len()) {
        return None;
    }
    if token.first() == Some(&b'+') {
        // Country codes are prefix-free, so at most one of these lengths names a real code.
        let code_len = (1..=3).find(|&n| index_of(number(&d[..n])).is_some())?;
        return valid_in(number(&d[..code_len]), &d[code_len..]).then_some(0.8);
    }
    let formatted = token.iter().any(|b| matches!(b, b' ' | b'-' | b'(' | b')'));
    if snils_layout(token) {
        return None;
    }
    // Bare digits could be anything; they are reported as a phone number only with a context
    // word (which adds 0.1) or a column name that says so.
    let base = if formatted { 0.7 } else { 0.45 };
    let with_trunk = NATIONAL.iter().any(|&(code, trunk)| d[0] == trunk && valid_in(code, &d[1..]));
    let without_trunk = match (d.len(), d[0]) {
        (11, 1) => valid_in(86, d),
        (10, 6..=8) => valid_in(91, d),
        (10, 9) => valid_in(91, d) || valid_in(7, d),
        _ => false,
    };
    (with_trunk || without_trunk).then_some(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conf(token: &str) -> Option<f32> {
        confidence(token.as_bytes(), &Digits::of(token.as_bytes()).unwrap())
    }

    #[test]
    fn international_numbers_follow_their_plan() {
        for n in ["+7 495 123-45-67", "+86 138 0013 8000", "+359 88 123 4567", "+91 98765 43210", "+44 20 7946 0958"] {
            assert_eq!(conf(n), Some(0.8), "{n}");
        }
        // Too short for Russia; no country code 999; Chinese mobiles have 11 digits.
        for n in ["+7 495 123-45", "+999 1234 5678", "+86 138 0013 800"] {
            assert_eq!(conf(n), None, "{n}");
        }
    }

    #[test]
    fn national_formats_of_the_four_countries() {
        for n in
            ["8 (495) 123-45-67", "8 800 555 35 35", "010-12345678", "02 987 6543", "022-23456789", "138 0013 8000"]
        {
            assert!(conf(n).is_some(), "{n}");
        }
        assert_eq!(conf("13800138000"), Some(0.45));
        assert!(conf("094-889-631 42").is_none());
        assert!(conf("12345678").is_none());
        assert!(conf("15.03.2024").is_none());
    }
}
