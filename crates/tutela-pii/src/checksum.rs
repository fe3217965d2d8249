//! Check-digit algorithms, each over a slice of decimal digit values (0..=9).
//!
//! These are the arithmetic of the standards only; which lengths and prefixes a kind accepts is
//! decided in `validate`. Every function is total: a slice of the wrong length returns `false`.

/// Luhn mod 10 (ISO/IEC 7812-1 annex B): payment cards, IMEI, ICCID.
pub fn luhn(digits: &[u8]) -> bool {
    if digits.is_empty() {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let v = u32::from(d);
            if i % 2 == 1 { if v * 2 > 9 { v * 2 - 9 } else { v * 2 } } else { v }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// Verhoeff's dihedral-group check (Aadhaar). The multiplication table of D5 and the position
/// permutation are the published constants of Verhoeff (1969).
pub fn verhoeff(digits: &[u8]) -> bool {
    const MUL: [[u8; 10]; 10] = [
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
    const PERM: [[u8; 10]; 8] = [
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
        [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
        [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
        [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
        [9, 4, 5, 3, 1, 2, 6, 8, 7, 0],
        [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
        [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
        [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
    ];
    if digits.is_empty() || digits.iter().any(|&d| d > 9) {
        return false;
    }
    let check = digits
        .iter()
        .rev()
        .enumerate()
        .fold(0u8, |c, (i, &d)| MUL[usize::from(c)][usize::from(PERM[i % 8][usize::from(d)])]);
    check == 0
}

/// ISO 7064 MOD 11-2 as GB 11643-1999 applies it to the 18-character resident identity number:
/// weights 2^(17-i) mod 11 over the first 17 digits; the check character is `"10X98765432"[sum % 11]`
/// where `X` stands for ten. `check` is the 18th character's value (10 for `X`).
pub fn cn_resident_id(first17: &[u8], check: u8) -> bool {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: [u8; 11] = [1, 0, 10, 9, 8, 7, 6, 5, 4, 3, 2];
    if first17.len() != 17 {
        return false;
    }
    let sum: u32 = first17.iter().zip(WEIGHTS).map(|(&d, w)| u32::from(d) * w).sum();
    CHECK[(sum % 11) as usize] == check
}

fn weighted(digits: &[u8], weights: &[u32]) -> u32 {
    digits.iter().zip(weights).map(|(&d, &w)| u32::from(d) * w).sum()
}

/// ИНН check digits (Order of the Federal Tax Service of Russia on the taxpayer number structure):
/// 10 digits for organisations with one check digit, 12 digits for individuals with two.
pub fn ru_inn(digits: &[u8]) -> bool {
    const W10: [u32; 9] = [2, 4, 10, 3, 5, 9, 4, 6, 8];
    const W11: [u32; 10] = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
    const W12: [u32; 11] = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8];
    let check = |body: &[u8], weights: &[u32]| (weighted(body, weights) % 11 % 10) as u8;
    match digits.len() {
        10 => check(&digits[..9], &W10) == digits[9],
        12 => check(&digits[..10], &W11) == digits[10] && check(&digits[..11], &W12) == digits[11],
        _ => false,
    }
}

/// СНИЛС check number (Pension Fund of Russia rules): the first nine digits weighted 9 down to 1;
/// a sum under 100 is the check number itself, 100 and 101 give 00, a larger sum is reduced mod 101
/// (with 100 again giving 00). The rule applies to numbers above 001-001-998 only, so those below
/// are not accepted here.
pub fn ru_snils(digits: &[u8]) -> bool {
    if digits.len() != 11 {
        return false;
    }
    let body = digits[..9].iter().fold(0u32, |n, &d| n * 10 + u32::from(d));
    if body <= 1_001_998 {
        return false;
    }
    let sum: u32 = digits[..9].iter().enumerate().map(|(i, &d)| u32::from(d) * (9 - i as u32)).sum();
    let expected = match sum {
        0..=99 => sum,
        100 | 101 => 0,
        _ => sum % 101 % 100,
    };
    expected == u32::from(digits[9]) * 10 + u32::from(digits[10])
}

fn remainder(digits: &[u8], modulus: u64) -> u64 {
    digits.iter().fold(0u64, |r, &d| (r * 10 + u64::from(d)) % modulus)
}

/// ОГРН (13 digits: the first 12 mod 11, then mod 10) and ОГРНИП (15 digits: the first 14 mod 13,
/// then mod 10), per the Russian state register's numbering rules.
pub fn ru_ogrn(digits: &[u8]) -> bool {
    match digits.len() {
        13 => remainder(&digits[..12], 11) % 10 == u64::from(digits[12]),
        15 => remainder(&digits[..14], 13) % 10 == u64::from(digits[14]),
        _ => false,
    }
}

/// ЕГН check digit (Bulgarian civil registration rules): weights 2 4 8 5 10 9 7 3 6 over the first
/// nine digits, sum mod 11, where 10 becomes 0.
pub fn bg_egn(digits: &[u8]) -> bool {
    const WEIGHTS: [u32; 9] = [2, 4, 8, 5, 10, 9, 7, 3, 6];
    if digits.len() != 10 {
        return false;
    }
    let r = weighted(&digits[..9], &WEIGHTS) % 11;
    (if r == 10 { 0 } else { r }) == u32::from(digits[9])
}

/// ISO 7064 MOD 97-10 as ISO 13616 applies it to an IBAN: the first four characters move to the end,
/// letters become 10..=35, and the number must be 1 mod 97. `chars` are upper-case ASCII letters and
/// digits only; anything else fails.
pub fn iban_mod97(chars: &[u8]) -> bool {
    if chars.len() < 5 {
        return false;
    }
    let rotated = chars[4..].iter().chain(&chars[..4]);
    let mut r: u32 = 0;
    for &c in rotated {
        r = match c {
            b'0'..=b'9' => (r * 10 + u32::from(c - b'0')) % 97,
            b'A'..=b'Z' => (r * 100 + u32::from(c - b'A') + 10) % 97,
            _ => return false,
        };
    }
    r == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Vec<u8> {
        s.bytes().map(|b| b - b'0').collect()
    }

    #[test]
    fn luhn_vectors() {
        // ISO/IEC 7812-1 annex B's worked example, as reproduced in most references.
        assert!(luhn(&d("79927398713")));
        assert!(!luhn(&d("79927398710")));
        // Card networks' published test numbers.
        assert!(luhn(&d("4111111111111111")));
        assert!(luhn(&d("378282246310005")));
        assert!(luhn(&d("5555555555554444")));
        assert!(!luhn(&[]));
    }

    #[test]
    fn verhoeff_vectors() {
        // Verhoeff's worked example: the check digit of 236 is 3.
        assert!(verhoeff(&d("2363")));
        assert!(!verhoeff(&d("2364")));
        // Another commonly cited example: 12345 has check digit 1.
        assert!(verhoeff(&d("123451")));
        assert!(!verhoeff(&d("123452")));
    }

    #[test]
    fn cn_resident_id_vectors() {
        // GB 11643-1999's own example, whose check character is X.
        let id = d("11010519491231002");
        assert!(cn_resident_id(&id, 10));
        assert!(!cn_resident_id(&id, 9));
    }

    #[test]
    fn ru_inn_vectors() {
        // Sberbank's published INN (organisation, 10 digits).
        assert!(ru_inn(&d("7707083893")));
        assert!(!ru_inn(&d("7707083894")));
        // An individual's 12-digit INN from the FTS format description examples.
        assert!(ru_inn(&d("500100732259")));
        assert!(!ru_inn(&d("500100732258")));
        assert!(!ru_inn(&d("12345")));
    }

    #[test]
    fn ru_snils_vectors() {
        // The Pension Fund's example number 112-233-445 95.
        assert!(ru_snils(&d("11223344595")));
        assert!(!ru_snils(&d("11223344596")));
        // Numbers up to 001-001-998 have no check rule and are not accepted.
        assert!(!ru_snils(&d("00100199800")));
    }

    #[test]
    fn ru_ogrn_vectors() {
        // Sberbank's published OGRN.
        assert!(ru_ogrn(&d("1027700132195")));
        assert!(!ru_ogrn(&d("1027700132196")));
        // An OGRNIP: 30450011600015 mod 13 = 7.
        assert!(ru_ogrn(&d("304500116000157")));
        assert!(!ru_ogrn(&d("304500116000158")));
    }

    #[test]
    fn bg_egn_vectors() {
        // The example EGN 7523169263 (born 16 March 1875, month encoded +20).
        assert!(bg_egn(&d("7523169263")));
        assert!(!bg_egn(&d("7523169264")));
    }

    #[test]
    fn iban_vectors() {
        // ISO 13616 / ECBS example IBANs.
        assert!(iban_mod97(b"GB82WEST12345698765432"));
        assert!(iban_mod97(b"DE89370400440532013000"));
        assert!(!iban_mod97(b"GB82WEST12345698765433"));
        assert!(!iban_mod97(b"GB82"));
        assert!(!iban_mod97(b"gb82west12345698765432"));
    }
}
