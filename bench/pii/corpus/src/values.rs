//! Values of each kind in the formats people write them, valid ones and decoys whose check digit
//! is wrong.

use crate::checks;
use crate::rng::Rng;

pub const KINDS: [&str; 17] = [
    "email",
    "phone",
    "ipv4",
    "ipv6",
    "credit_card",
    "iban",
    "cn_resident_id",
    "ru_inn",
    "ru_snils",
    "ru_ogrn",
    "ru_passport",
    "bg_egn",
    "in_aadhaar",
    "in_pan",
    "imei",
    "iccid",
    "geo_coordinates",
];

/// Kinds with a check digit, which get decoys.
pub fn checksummed(kind: &str) -> bool {
    matches!(
        kind,
        "credit_card"
            | "iban"
            | "cn_resident_id"
            | "ru_inn"
            | "ru_snils"
            | "ru_ogrn"
            | "bg_egn"
            | "in_aadhaar"
            | "imei"
            | "iccid"
    )
}

fn digits(rng: &mut Rng, n: usize) -> Vec<u8> {
    (0..n).map(|_| rng.below(10) as u8).collect()
}

fn text(d: &[u8]) -> String {
    d.iter().map(|&x| char::from(b'0' + x)).collect()
}

/// `s` with spaces inserted after the given group sizes.
fn grouped(s: &str, groups: &[usize], sep: char) -> String {
    let mut out = String::new();
    let mut i = 0;
    for (n, &g) in groups.iter().enumerate() {
        if n > 0 {
            out.push(sep);
        }
        out.push_str(&s[i..(i + g).min(s.len())]);
        i += g;
    }
    if i < s.len() {
        out.push(sep);
        out.push_str(&s[i..]);
    }
    out
}

/// Replaces the digit at `index` (counting digits only) by a different one.
fn break_digit(value: &str, index_from_end: usize, rng: &mut Rng) -> String {
    let positions: Vec<usize> = value.char_indices().filter(|(_, c)| c.is_ascii_digit()).map(|(i, _)| i).collect();
    let at = positions[positions.len() - 1 - index_from_end];
    let old = value.as_bytes()[at] - b'0';
    let new = (old + 1 + rng.below(9) as u8) % 10;
    let mut bytes = value.as_bytes().to_vec();
    bytes[at] = b'0' + new;
    String::from_utf8(bytes).expect("ascii digits")
}

pub fn valid(kind: &str, rng: &mut Rng) -> String {
    match kind {
        "email" => email(rng),
        "phone" => phone(rng),
        "ipv4" => format!("{}.{}.{}.{}", 11 + rng.below(112), rng.below(256), rng.below(256), 1 + rng.below(254)),
        "ipv6" => ipv6(rng),
        "credit_card" => card(rng),
        "iban" => iban(rng),
        "cn_resident_id" => cn_id(rng),
        "ru_inn" => inn(rng),
        "ru_snils" => snils(rng),
        "ru_ogrn" => ogrn(rng),
        "ru_passport" => passport(rng),
        "bg_egn" => egn(rng),
        "in_aadhaar" => aadhaar(rng),
        "in_pan" => pan(rng),
        "imei" => imei(rng),
        "iccid" => iccid(rng),
        "geo_coordinates" => geo(rng),
        _ => unreachable!("unknown kind {kind}"),
    }
}

/// A value of `kind` whose check digit (or one of its digits) is wrong.
pub fn decoy(kind: &str, rng: &mut Rng) -> String {
    let v = valid(kind, rng);
    match kind {
        "cn_resident_id" => {
            let (body, last) = v.split_at(17);
            let alternatives: Vec<char> = "0123456789X".chars().filter(|c| c.to_string() != last).collect();
            format!("{body}{}", alternatives[rng.below(alternatives.len() as u64) as usize])
        }
        "iban" => {
            // Change the first check digit (third character).
            let b = v.as_bytes();
            let old = b[2] - b'0';
            let new = (old + 1 + rng.below(8) as u8) % 10;
            format!("{}{}{}", &v[..2], new, &v[3..])
        }
        _ => break_digit(&v, 0, rng),
    }
}

const FIRST: &[&str] = &[
    "ivan", "olga", "wei", "li.na", "priya", "raj", "georgi", "maria", "john", "emma", "dmitry", "anna", "chen",
    "elena", "petar", "arjun",
];
const LAST: &[&str] = &[
    "petrov",
    "ivanova",
    "zhang",
    "wang",
    "sharma",
    "patel",
    "dimitrov",
    "georgieva",
    "smith",
    "brown",
    "kuznetsov",
    "liu",
];
const DOMAINS: &[&str] = &[
    "mail.ru",
    "yandex.ru",
    "qq.com",
    "163.com",
    "abv.bg",
    "gmail.com",
    "rediffmail.com",
    "example.org",
    "company.co.in",
    "corp.example.com",
];

fn email(rng: &mut Rng) -> String {
    let sep = *rng.pick(&[".", "_", ""]);
    let num = if rng.chance(0.3) { format!("{}", 1950 + rng.below(60)) } else { String::new() };
    format!("{}{sep}{}{num}@{}", rng.pick(FIRST), rng.pick(LAST), rng.pick(DOMAINS))
}

fn phone(rng: &mut Rng) -> String {
    let d = |rng: &mut Rng, n| text(&digits(rng, n));
    match rng.below(16) {
        0 => format!("+7 9{}{} {}-{}-{}", rng.below(10), rng.below(10), d(rng, 3), d(rng, 2), d(rng, 2)),
        1 => format!("8 (9{}{}) {}-{}-{}", rng.below(10), rng.below(10), d(rng, 3), d(rng, 2), d(rng, 2)),
        2 => format!("+7 (495) {}-{}-{}", d(rng, 3), d(rng, 2), d(rng, 2)),
        3 => format!("8 800 {} {} {}", d(rng, 3), d(rng, 2), d(rng, 2)),
        4 => format!("+86 1{}{} {} {}", rng.pick(&["3", "5", "8"]), rng.below(10), d(rng, 4), d(rng, 4)),
        5 => format!("1{}{}{}", rng.pick(&["3", "8"]), rng.below(10), d(rng, 8)),
        6 => format!("010-{}{}", 2 + rng.below(7), d(rng, 7)),
        7 => format!("+359 8{} {} {}", 7 + rng.below(3), d(rng, 3), d(rng, 4)),
        8 => format!("08{} {} {}", 7 + rng.below(3), d(rng, 3), d(rng, 4)),
        9 => format!("02 {}{} {}", 2 + rng.below(7), d(rng, 2), d(rng, 4)),
        10 => format!("+91 9{}{} {}", 7 + rng.below(3), d(rng, 3), d(rng, 5)),
        11 => format!("9{}{}", 7 + rng.below(3), d(rng, 8)),
        12 => format!("+91 22 2{}", d(rng, 7)),
        13 => format!("+44 20 7946 0{}", d(rng, 3)),
        14 => format!("+49 30 {}{}", 2 + rng.below(7), d(rng, 7)),
        _ => format!("+33 1 {} {} {} {}", d(rng, 2), d(rng, 2), d(rng, 2), d(rng, 2)),
    }
}

fn ipv6(rng: &mut Rng) -> String {
    let groups: Vec<String> = (0..6).map(|_| format!("{:x}", rng.below(0x10000))).collect();
    if rng.chance(0.5) {
        format!("2001:db8:{}", groups.join(":"))
    } else {
        format!("2a02:6b8::{}:{}", groups[0], groups[1])
    }
}

fn with_luhn(prefix: &str, len: usize, rng: &mut Rng) -> String {
    let mut body: Vec<u8> = prefix.bytes().map(|b| b - b'0').collect();
    body.extend(digits(rng, len - 1 - body.len()));
    let check = checks::luhn(&body);
    body.push(check);
    text(&body)
}

fn card(rng: &mut Rng) -> String {
    let (prefix, len) =
        *rng.pick(&[("4", 16), ("51", 16), ("55", 16), ("2201", 16), ("62", 16), ("37", 15), ("34", 15), ("4", 13)]);
    let number = with_luhn(prefix, len, rng);
    match (len, rng.below(3)) {
        (16, 0) => grouped(&number, &[4, 4, 4, 4], ' '),
        (16, 1) => grouped(&number, &[4, 4, 4, 4], '-'),
        (15, 0) => grouped(&number, &[4, 6, 5], ' '),
        _ => number,
    }
}

fn iban(rng: &mut Rng) -> String {
    let upper =
        |rng: &mut Rng, n: usize| -> String { (0..n).map(|_| char::from(b'A' + rng.below(26) as u8)).collect() };
    let (country, bban) = match rng.below(4) {
        0 => ("DE", text(&digits(rng, 18))),
        1 => ("GB", format!("{}{}", upper(rng, 4), text(&digits(rng, 14)))),
        2 => ("BG", format!("{}{}", upper(rng, 4), text(&digits(rng, 14)))),
        _ => ("FR", text(&digits(rng, 23))),
    };
    let iban = format!("{country}{:02}{bban}", checks::iban(country, &bban));
    if rng.chance(0.5) {
        let groups = vec![4; iban.len() / 4];
        grouped(&iban, &groups, ' ')
    } else {
        iban
    }
}

fn birth_date(rng: &mut Rng, from: u64, years: u64) -> (u64, u64, u64) {
    let month = 1 + rng.below(12);
    let day = 1 + rng.below(28);
    (from + rng.below(years), month, day)
}

fn cn_id(rng: &mut Rng) -> String {
    let area = *rng.pick(&["110105", "310101", "440305", "510104", "320102", "420106", "610113", "230102"]);
    let (y, m, d) = birth_date(rng, 1950, 56);
    let body = format!("{area}{y:04}{m:02}{d:02}{:03}", rng.below(1000));
    let digits: Vec<u8> = body.bytes().map(|b| b - b'0').collect();
    let check = checks::cn_id(&digits);
    format!("{body}{}", if check == 10 { 'X' } else { char::from(b'0' + check) })
}

fn inn(rng: &mut Rng) -> String {
    let region = 1 + rng.below(92);
    if rng.chance(0.5) {
        let mut body: Vec<u8> = format!("{region:02}").bytes().map(|b| b - b'0').collect();
        body.extend(digits(rng, 7));
        body.push(checks::inn10(&body));
        text(&body)
    } else {
        let mut body: Vec<u8> = format!("{region:02}").bytes().map(|b| b - b'0').collect();
        body.extend(digits(rng, 8));
        let (c11, c12) = checks::inn12(&body);
        body.extend([c11, c12]);
        text(&body)
    }
}

fn snils(rng: &mut Rng) -> String {
    let n = 2_000_000 + rng.below(997_000_000);
    let body: Vec<u8> = format!("{n:09}").bytes().map(|b| b - b'0').collect();
    let check = checks::snils(&body);
    let s = format!("{}{check:02}", text(&body));
    if rng.chance(0.8) { format!("{}-{}-{} {}", &s[..3], &s[3..6], &s[6..9], &s[9..]) } else { s }
}

fn ogrn(rng: &mut Rng) -> String {
    let (first, len) = *rng.pick(&[(1u8, 13usize), (5, 13), (3, 15)]);
    let mut body = vec![first];
    body.extend(digits(rng, len - 2));
    body.push(checks::ogrn(&body));
    text(&body)
}

fn passport(rng: &mut Rng) -> String {
    let (region, year, number) = (1 + rng.below(98), rng.below(25), rng.below(1_000_000));
    match rng.below(3) {
        0 => format!("{region:02} {year:02} {number:06}"),
        1 => format!("{region:02}{year:02} {number:06}"),
        _ => format!("{region:02} {year:02} № {number:06}"),
    }
}

fn egn(rng: &mut Rng) -> String {
    let (y, m, d) = birth_date(rng, 1935, 75);
    let month = if y >= 2000 { m + 40 } else { m };
    let body: Vec<u8> =
        format!("{:02}{month:02}{d:02}{:03}", y % 100, rng.below(1000)).bytes().map(|b| b - b'0').collect();
    let check = checks::egn(&body);
    format!("{}{check}", text(&body))
}

fn aadhaar(rng: &mut Rng) -> String {
    let mut body = vec![2 + rng.below(8) as u8];
    body.extend(digits(rng, 10));
    body.push(checks::verhoeff(&body));
    let s = text(&body);
    if rng.chance(0.6) { grouped(&s, &[4, 4, 4], ' ') } else { s }
}

fn pan(rng: &mut Rng) -> String {
    let letter = |rng: &mut Rng| char::from(b'A' + rng.below(26) as u8);
    let holder = *rng.pick(&['P', 'P', 'P', 'C', 'H', 'F']);
    format!(
        "{}{}{}{holder}{}{:04}{}",
        letter(rng),
        letter(rng),
        letter(rng),
        letter(rng),
        1 + rng.below(9999),
        letter(rng)
    )
}

fn imei(rng: &mut Rng) -> String {
    let tac = *rng.pick(&["35", "86", "01", "49"]);
    let s = with_luhn(tac, 15, rng);
    if rng.chance(0.3) { format!("{}-{}-{}-{}", &s[..2], &s[2..8], &s[8..14], &s[14..]) } else { s }
}

fn iccid(rng: &mut Rng) -> String {
    let prefix = *rng.pick(&["897", "8986", "89359", "8991"]);
    let s = with_luhn(prefix, if rng.chance(0.5) { 19 } else { 20 }, rng);
    if rng.chance(0.3) { grouped(&s, &[4, 4, 4, 4], ' ') } else { s }
}

fn geo(rng: &mut Rng) -> String {
    let lat = rng.below(170_000_000) as f64 / 1_000_000.0 - 85.0;
    let lon = rng.below(350_000_000) as f64 / 1_000_000.0 - 175.0;
    let places = 4 + rng.below(3) as usize;
    format!("{lat:.places$}, {lon:.places$}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoys_differ_from_valid_values() {
        let mut rng = Rng::new(7);
        for kind in KINDS.iter().filter(|k| checksummed(k)) {
            for _ in 0..50 {
                let mut a = Rng::new(rng.next());
                let mut b = a.clone();
                assert_ne!(valid(kind, &mut a), decoy(kind, &mut b), "{kind}");
            }
        }
    }
}
