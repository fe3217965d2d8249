//! Check digits, end to end: for every kind with a check digit, a randomly generated valid number
//! written in prose of any of the five languages is found with its kind and exact span, and the
//! same number with one digit changed so that its check fails is not reported as that kind.
//!
//! The numbers are made here with the textbook formulas of each standard (weights, Luhn,
//! Verhoeff's tables, ISO 7064), written independently of the crate's validators, so that a bug
//! shared by generator and validator is unlikely. Each value follows a label for its kind (in one
//! of the languages), as values are written in documents: several kinds share a length (a
//! 10-digit number can be an INN and an EGN), and without a label the scanner rightly reports the
//! reading it is surest of, which need not be the kind a test generated.

use std::sync::OnceLock;

use proptest::prelude::*;
use tutela_pii::{Finding, Kind, ScanOptions, Scanner};

fn scanner() -> &'static Scanner {
    static SCANNER: OnceLock<Scanner> = OnceLock::new();
    SCANNER.get_or_init(|| Scanner::new(ScanOptions::default()).expect("built-in patterns compile"))
}

fn scan(text: &str) -> Vec<Finding> {
    let scanner = scanner();
    let mut state = scanner.state();
    let mut found = Vec::new();
    scanner.scan(&mut state, text.as_bytes(), &mut |f| found.push(f));
    found
}

// ---- Textbook check digits -------------------------------------------------------------------

/// Luhn (ISO/IEC 7812-1): the digit that makes the doubled-alternate sum a multiple of 10.
fn luhn_check_digit(body: &[u8]) -> u8 {
    let mut sum = 0u32;
    for (i, &d) in body.iter().rev().enumerate() {
        // The check digit will be rightmost, so the body's last digit is doubled.
        let v = if i % 2 == 0 { u32::from(d) * 2 } else { u32::from(d) };
        sum += v / 10 + v % 10;
    }
    ((10 - sum % 10) % 10) as u8
}

fn luhn_valid(digits: &[u8]) -> bool {
    let (body, last) = digits.split_at(digits.len() - 1);
    luhn_check_digit(body) == last[0]
}

/// Verhoeff's tables as published (multiplication in the dihedral group D5, the position
/// permutation, and the inverses).
const D5: [[u8; 10]; 10] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
    [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
    [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
    [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
    [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
    [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
    [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
    [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
    [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
const PERMUTATION: [[u8; 10]; 8] = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
    [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
    [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
    [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
    [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
    [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
    [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
    [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const INVERSE: [u8; 10] = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

/// The Verhoeff check digit to append to `body`: positions count from the check digit (0).
fn verhoeff_check_digit(body: &[u8]) -> u8 {
    let mut c = 0u8;
    for (i, &d) in body.iter().rev().enumerate() {
        c = D5[usize::from(c)][usize::from(PERMUTATION[(i + 1) % 8][usize::from(d)])];
    }
    INVERSE[usize::from(c)]
}

fn verhoeff_valid(digits: &[u8]) -> bool {
    let (body, last) = digits.split_at(digits.len() - 1);
    verhoeff_check_digit(body) == last[0]
}

fn weighted_sum(digits: &[u8], weights: &[u32]) -> u32 {
    digits.iter().zip(weights).map(|(&d, &w)| u32::from(d) * w).sum()
}

/// ИНН: each check digit is the weighted sum mod 11, mod 10.
fn inn_check(body: &[u8], weights: &[u32]) -> u8 {
    (weighted_sum(body, weights) % 11 % 10) as u8
}
const INN10: [u32; 9] = [2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN11: [u32; 10] = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
const INN12: [u32; 11] = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];

fn inn_valid(d: &[u8]) -> bool {
    match d.len() {
        10 => inn_check(&d[..9], &INN10) == d[9],
        12 => inn_check(&d[..10], &INN11) == d[10] && inn_check(&d[..11], &INN12) == d[11],
        _ => false,
    }
}

/// СНИЛС: the nine digits weighted 9 down to 1; a sum of 100 or 101 gives 00, a larger one is
/// taken mod 101 first (100 again giving 00).
fn snils_check(body: &[u8]) -> u32 {
    let sum: u32 = body.iter().enumerate().map(|(i, &d)| u32::from(d) * (9 - i as u32)).sum();
    let sum = if sum > 101 { sum % 101 } else { sum };
    if sum >= 100 { 0 } else { sum }
}

fn snils_valid(d: &[u8]) -> bool {
    snils_check(&d[..9]) == u32::from(d[9]) * 10 + u32::from(d[10])
}

/// ОГРН (13 digits): the first 12 as a number mod 11, mod 10; ОГРНИП (15): the first 14 mod 13,
/// mod 10.
fn ogrn_check(body: &[u8]) -> u8 {
    let modulus = if body.len() == 12 { 11 } else { 13 };
    let n = body.iter().fold(0u64, |n, &d| n * 10 + u64::from(d));
    (n % modulus % 10) as u8
}

fn ogrn_valid(d: &[u8]) -> bool {
    ogrn_check(&d[..d.len() - 1]) == d[d.len() - 1]
}

/// ЕГН: weights 2 4 8 5 10 9 7 3 6, sum mod 11, where 10 becomes 0.
fn egn_check(body: &[u8]) -> u8 {
    let r = weighted_sum(body, &[2, 4, 8, 5, 10, 9, 7, 3, 6]) % 11;
    if r == 10 { 0 } else { r as u8 }
}

fn egn_valid(d: &[u8]) -> bool {
    egn_check(&d[..9]) == d[9]
}

/// GB 11643 (ISO 7064 MOD 11-2): weights 2^(17-i) mod 11; the check value makes the weighted sum
/// of all 18 (the check counting with weight 1) 1 mod 11; ten is written X.
fn cn_check(body: &[u8]) -> u8 {
    let sum: u32 = body.iter().enumerate().map(|(i, &d)| u32::from(d) * (2u32.pow(17 - i as u32) % 11)).sum();
    ((12 - sum % 11) % 11) as u8
}

fn cn_check_char(value: u8) -> char {
    if value == 10 { 'X' } else { char::from(b'0' + value) }
}

/// ISO 13616: the check digits make the rearranged IBAN (letters as 10..35) 1 mod 97.
fn iban_mod97(rearranged: &str) -> u32 {
    rearranged.chars().fold(0u32, |r, c| match c.to_digit(36) {
        Some(v) if v >= 10 => (r * 100 + v) % 97,
        Some(v) => (r * 10 + v) % 97,
        None => r,
    })
}

fn iban_check_digits(country: &str, bban: &str) -> u32 {
    98 - iban_mod97(&format!("{bban}{country}00"))
}

fn iban_valid(compact: &str) -> bool {
    iban_mod97(&format!("{}{}", &compact[4..], &compact[..4])) == 1
}

// ---- Generated numbers -----------------------------------------------------------------------

/// A generated value: its kind, the digits the check covers, and how it is written.
#[derive(Debug, Clone)]
struct Value {
    kind: Kind,
    digits: Vec<u8>,
    /// How to write digits (after a change) as the value's text; `None` for IBANs.
    layout: Layout,
}

#[derive(Debug, Clone, Copy)]
enum Layout {
    Plain,
    /// Groups of four separated by spaces.
    Fours,
    /// ddd-ddd-ddd dd.
    Snils,
    /// The last digit written as X when it is ten (Chinese resident IDs).
    CnId,
    /// An IBAN: two letters, then the digits, grouped by four when `grouped`.
    Iban {
        country: [u8; 2],
        grouped: bool,
    },
}

impl Value {
    fn text_of(&self, digits: &[u8]) -> String {
        let plain: String = digits.iter().map(|&d| char::from(b'0' + d)).collect();
        match self.layout {
            Layout::Plain => plain,
            Layout::Fours => fours(&plain),
            Layout::Snils => format!("{}-{}-{} {}", &plain[..3], &plain[3..6], &plain[6..9], &plain[9..]),
            Layout::CnId => {
                let (body, last) = digits.split_at(17);
                body.iter().map(|&d| char::from(b'0' + d)).chain([cn_check_char(last[0])]).collect()
            }
            Layout::Iban { country, grouped } => {
                let compact = format!("{}{}", std::str::from_utf8(&country).unwrap(), plain);
                if grouped { fours(&compact) } else { compact }
            }
        }
    }

    fn text(&self) -> String {
        self.text_of(&self.digits)
    }

    /// Whether `digits` pass this kind's check (by the formulas above).
    fn check_holds(&self, digits: &[u8]) -> bool {
        match self.kind {
            Kind::CreditCard | Kind::Imei | Kind::Iccid => luhn_valid(digits),
            Kind::InAadhaar => verhoeff_valid(digits),
            Kind::RuInn => inn_valid(digits),
            Kind::RuSnils => snils_valid(digits),
            Kind::RuOgrn => ogrn_valid(digits),
            Kind::BgEgn => egn_valid(digits),
            Kind::CnResidentId => cn_check(&digits[..17]) == digits[17],
            Kind::Iban => match self.layout {
                Layout::Iban { country, .. } => {
                    let digits: String = digits.iter().map(|&d| char::from(b'0' + d)).collect();
                    iban_valid(&format!("{}{digits}", std::str::from_utf8(&country).unwrap()))
                }
                _ => false,
            },
            _ => false,
        }
    }
}

fn fours(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars.chunks(4).map(|c| c.iter().collect::<String>()).collect::<Vec<_>>().join(" ")
}

fn digits(len: usize) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(0u8..10, len)
}

fn with_luhn(prefix: Vec<u8>, mut body: Vec<u8>) -> Vec<u8> {
    let mut d = prefix;
    d.append(&mut body);
    d.push(luhn_check_digit(&d));
    d
}

fn credit_card() -> impl Strategy<Value = Value> {
    // Issuer prefixes and lengths from the networks' published ranges: Visa, Mastercard, Mir,
    // UnionPay (16 digits), American Express (15).
    let prefixes: Vec<(Vec<u8>, usize)> = vec![
        (vec![4], 16),
        (vec![5, 1], 16),
        (vec![5, 5], 16),
        (vec![2, 2, 0, 2], 16),
        (vec![6, 2], 16),
        (vec![3, 7], 15),
    ];
    (prop::sample::select(prefixes), digits(18), any::<bool>()).prop_map(|((prefix, len), body, grouped)| {
        let body = body[..len - 1 - prefix.len()].to_vec();
        let layout = if grouped && len == 16 { Layout::Fours } else { Layout::Plain };
        Value { kind: Kind::CreditCard, digits: with_luhn(prefix, body), layout }
    })
}

fn imei() -> impl Strategy<Value = Value> {
    // Reporting-body identifiers of GSMA type allocation codes.
    let bodies = vec![vec![3, 5], vec![8, 6], vec![4, 9], vec![0, 1], vec![9, 9]];
    (prop::sample::select(bodies), digits(12)).prop_map(|(rbi, body)| Value {
        kind: Kind::Imei,
        digits: with_luhn(rbi, body),
        layout: Layout::Plain,
    })
}

fn iccid() -> impl Strategy<Value = Value> {
    // Major industry identifier 89; 19 or 20 digits with the check digit.
    (digits(17), prop::bool::ANY).prop_map(|(body, short)| {
        let body = if short { body[..16].to_vec() } else { body };
        Value { kind: Kind::Iccid, digits: with_luhn(vec![8, 9], body), layout: Layout::Plain }
    })
}

fn aadhaar() -> impl Strategy<Value = Value> {
    (2u8..10, digits(10), any::<bool>()).prop_map(|(first, rest, grouped)| {
        let mut d = vec![first];
        d.extend(rest);
        d.push(verhoeff_check_digit(&d));
        Value { kind: Kind::InAadhaar, digits: d, layout: if grouped { Layout::Fours } else { Layout::Plain } }
    })
}

fn inn() -> impl Strategy<Value = Value> {
    // The first two digits are a tax office region, never 00.
    (1u8..10, digits(9), any::<bool>()).prop_map(|(first, rest, twelve)| {
        let mut d = vec![first];
        if twelve {
            d.extend(&rest);
            d.push(inn_check(&d, &INN11));
            d.push(inn_check(&d, &INN12));
        } else {
            d.extend(&rest[..8]);
            d.push(inn_check(&d, &INN10));
        }
        Value { kind: Kind::RuInn, digits: d, layout: Layout::Plain }
    })
}

fn snils() -> impl Strategy<Value = Value> {
    // Numbers up to 001-001-998 carry no check; start above them.
    (1u8..10, digits(8), any::<bool>()).prop_map(|(first, rest, formatted)| {
        let mut d = vec![first];
        d.extend(rest);
        let check = snils_check(&d);
        d.extend([(check / 10) as u8, (check % 10) as u8]);
        Value { kind: Kind::RuSnils, digits: d, layout: if formatted { Layout::Snils } else { Layout::Plain } }
    })
}

fn ogrn() -> impl Strategy<Value = Value> {
    // 13 digits from 1 or 5 (an organisation), 15 from 3 (an individual entrepreneur).
    (prop::sample::select(vec![1u8, 5, 3]), digits(13)).prop_map(|(first, rest)| {
        let mut d = vec![first];
        d.extend(&rest[..if first == 3 { 13 } else { 11 }]);
        d.push(ogrn_check(&d));
        Value { kind: Kind::RuOgrn, digits: d, layout: Layout::Plain }
    })
}

fn egn() -> impl Strategy<Value = Value> {
    // Born in 1800-1899 (month + 20), 1900-1999 or 2000-2099 (month + 40); day 1-28 exists in
    // every month.
    (0u32..100, 1u32..13, 1u32..29, prop::sample::select(vec![0u32, 20, 40]), digits(3)).prop_map(
        |(yy, mm, dd, century, serial)| {
            let mut d: Vec<u8> = format!("{yy:02}{:02}{dd:02}", mm + century).bytes().map(|b| b - b'0').collect();
            d.extend(serial);
            d.push(egn_check(&d));
            Value { kind: Kind::BgEgn, digits: d, layout: Layout::Plain }
        },
    )
}

fn cn_resident_id() -> impl Strategy<Value = Value> {
    // Province 11 (Beijing) to 65 (Xinjiang), any area, a birth date 1900-2099 (day 1-28 exists in
    // every month), a sequence number.
    (11u32..66, 0u32..10000, 1900u32..2100, 1u32..13, 1u32..29, 0u32..1000).prop_map(
        |(province, area, year, month, day, seq)| {
            let body = format!("{province:02}{area:04}{year:04}{month:02}{day:02}{seq:03}");
            let mut d: Vec<u8> = body.bytes().map(|b| b - b'0').collect();
            d.push(cn_check(&d));
            Value { kind: Kind::CnResidentId, digits: d, layout: Layout::CnId }
        },
    )
}

fn iban() -> impl Strategy<Value = Value> {
    // Country codes and total lengths from the SWIFT IBAN registry; the BBAN here is all digits
    // (the validator checks length and mod 97, not each country's BBAN structure).
    let countries: Vec<(&str, usize)> = vec![("DE", 22), ("GB", 22), ("FR", 27), ("BG", 22), ("NL", 18), ("RU", 33)];
    (prop::sample::select(countries), digits(29), any::<bool>()).prop_map(|((country, len), bban, grouped)| {
        let bban: String = bban[..len - 4].iter().map(|&d| char::from(b'0' + d)).collect();
        let check = iban_check_digits(country, &bban);
        let digits: Vec<u8> = format!("{check:02}{bban}").bytes().map(|b| b - b'0').collect();
        let country = [country.as_bytes()[0], country.as_bytes()[1]];
        Value { kind: Kind::Iban, digits, layout: Layout::Iban { country, grouped } }
    })
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![credit_card(), imei(), iccid(), aadhaar(), inn(), snils(), ogrn(), egn(), cn_resident_id(), iban()]
}

// ---- Prose -----------------------------------------------------------------------------------

/// Sentences in the five languages with no digits and no context word.
const SENTENCES: &[&str] = &[
    "The request was answered on time.",
    "We will delete the old backups after the migration.",
    "Запрос обработан в срок.",
    "Старые резервные копии будут удалены.",
    "Искането е обработено навреме.",
    "Екипът разгледа искането.",
    "请求已按时处理。",
    "合同规定了数据可以保存多长时间。",
    "अनुरोध समय पर संसाधित किया गया।",
    "टीम ने अनुरोध की समीक्षा की।",
];

/// Labels written before a value of each kind, in the languages that have one.
fn labels(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::CreditCard => &["Card number:", "Номер карты:", "银行卡号：", "कार्ड:"],
        Kind::Imei => &["IMEI:", "IMEI устройства:"],
        Kind::Iccid => &["ICCID:", "Номер SIM-карты:", "SIM卡号："],
        Kind::InAadhaar => &["Aadhaar:", "आधार संख्या:"],
        Kind::RuInn => &["ИНН:", "INN:"],
        Kind::RuSnils => &["СНИЛС:", "SNILS:"],
        Kind::RuOgrn => &["ОГРН:", "ОГРНИП:", "OGRN:"],
        Kind::BgEgn => &["ЕГН:", "EGN:", "Личен номер:"],
        Kind::CnResidentId => &["身份证号码：", "Resident ID:"],
        Kind::Iban => &["IBAN:", "Счёт:", "Сметка:", "账号："],
        _ => &[],
    }
}

/// A value with a label in prose: the text and the value's byte span in it.
fn embed(value: &str, label: &str, before: &str, after: &str) -> (String, std::ops::Range<usize>) {
    let mut text = format!("{before} {label} ");
    let start = text.len();
    text.push_str(value);
    let end = text.len();
    text.push_str(&format!(". {after}"));
    (text, start..end)
}

fn prose() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(SENTENCES), 0..4).prop_map(|s| s.join(" "))
}

/// A change of one digit that breaks the check (some changes keep a mod 11 or mod 101 check
/// valid; those are skipped).
fn break_check(value: &Value, position: usize, delta: u8) -> Option<Vec<u8>> {
    let n = value.digits.len();
    (0..n).map(|k| (position + k) % n).find_map(|at| {
        let mut changed = value.digits.clone();
        changed[at] = (changed[at] + delta) % 10;
        (!value.check_holds(&changed)).then_some(changed)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn a_valid_number_is_found_with_its_kind_and_span(
        value in value(),
        label in any::<prop::sample::Index>(),
        before in prose(),
        after in prose(),
    ) {
        prop_assert!(value.check_holds(&value.digits), "generator made an invalid {:?}", value);
        let label = label.get(labels(value.kind));
        let (text, span) = embed(&value.text(), label, &before, &after);
        let found: Vec<_> = scan(&text).into_iter().map(|f| (f.kind, f.start..f.end)).collect();
        prop_assert_eq!(found, vec![(value.kind, span)], "in {:?}", text);
    }

    #[test]
    fn a_number_whose_check_fails_is_not_reported_as_its_kind(
        value in value(),
        label in any::<prop::sample::Index>(),
        position in 0usize..40,
        delta in 1u8..10,
        before in prose(),
        after in prose(),
    ) {
        let changed = break_check(&value, position, delta);
        prop_assume!(changed.is_some());
        let changed = changed.unwrap();
        let label = label.get(labels(value.kind));
        let (text, _) = embed(&value.text_of(&changed), label, &before, &after);
        let reported: Vec<_> = scan(&text).into_iter().filter(|f| f.kind == value.kind).collect();
        prop_assert!(reported.is_empty(), "{:?} reported in {:?}", reported, text);
    }
}

#[test]
fn the_generators_agree_with_published_examples() {
    let d = |s: &str| s.bytes().map(|b| b - b'0').collect::<Vec<u8>>();
    // Check digits from the standards' worked examples and published numbers.
    assert_eq!(luhn_check_digit(&d("7992739871")), 3);
    assert_eq!(verhoeff_check_digit(&d("236")), 3);
    assert_eq!(inn_check(&d("770708389"), &INN10), 3);
    assert!(inn_valid(&d("500100732259")));
    assert_eq!(snils_check(&d("112233445")), 95);
    assert_eq!(ogrn_check(&d("102770013219")), 5);
    assert_eq!(egn_check(&d("752316926")), 3);
    assert_eq!(cn_check_char(cn_check(&d("11010519491231002"))), 'X');
    assert_eq!(iban_check_digits("GB", "WEST12345698765432"), 82);
}
