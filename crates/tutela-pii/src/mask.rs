//! Masked values: enough to recognise a finding in a report, not enough to misuse it.
//!
//! Letters and digits become `*` except the last few characters (the last four of a card number,
//! as PCI DSS allows, the last two of identity numbers), and an e-mail address keeps its first
//! character and its domain. Separators stay, so the shape is still visible.

use crate::kind::Kind;

/// How many trailing letters or digits stay visible for `kind`.
fn visible_tail(kind: Kind) -> usize {
    match kind {
        Kind::CreditCard | Kind::Iban | Kind::Iccid | Kind::Imei => 4,
        Kind::Ipv4 | Kind::Ipv6 | Kind::GeoCoordinates => 0,
        _ => 2,
    }
}

/// The masked form of `value`, a finding of `kind`. Invalid UTF-8 is replaced, not copied.
pub fn mask(kind: Kind, value: &[u8]) -> String {
    let mut masked = String::with_capacity(value.len());
    mask_into(kind, value, &mut masked);
    masked
}

/// [`mask`] written into `out` (cleared first), so that a writer of many findings allocates once.
pub fn mask_into(kind: Kind, value: &[u8], out: &mut String) {
    out.clear();
    if kind == Kind::Email {
        let text = String::from_utf8_lossy(value);
        if let Some(at) = text.find('@') {
            out.extend(text.chars().next());
            out.push_str("***");
            out.push_str(&text[at..]);
            return;
        }
    }
    let total = value.iter().filter(|b| b.is_ascii_alphanumeric()).count();
    let keep_from = total.saturating_sub(visible_tail(kind));
    let mut seen = 0;
    // Byte by byte: only ASCII letters and digits are replaced, by `*`, so every other character's
    // bytes, multi-byte ones too, are copied as they are. An ASCII byte is never part of an
    // invalid sequence, so replacing the invalid ones afterwards gives what masking the replaced
    // text would give, without decoding every value.
    let mut masked = std::mem::take(out).into_bytes();
    masked.extend(value.iter().map(|&b| {
        if b.is_ascii_alphanumeric() {
            seen += 1;
            if seen <= keep_from {
                return b'*';
            }
        }
        b
    }));
    *out = String::from_utf8(masked).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_shape_and_tail() {
        assert_eq!(mask(Kind::CreditCard, b"4111 1111 1111 1111"), "**** **** **** 1111");
        assert_eq!(mask(Kind::RuInn, b"7707083893"), "********93");
        assert_eq!(mask(Kind::Email, b"ivan.petrov@mail.ru"), "i***@mail.ru");
        assert_eq!(mask(Kind::Phone, b"+7 (495) 123-45-67"), "+* (***) ***-**-67");
        assert_eq!(mask(Kind::Ipv4, b"10.1.2.3"), "**.*.*.*");
    }

    #[test]
    fn a_reused_buffer_holds_only_the_last_value() {
        let mut out = String::from("left over");
        mask_into(Kind::Email, "ян@почта.рф".as_bytes(), &mut out);
        assert_eq!(out, "я***@почта.рф");
        mask_into(Kind::RuInn, b"7707083893", &mut out);
        assert_eq!(out, "********93");
        mask_into(Kind::RuPassport, "45 10 № 123456".as_bytes(), &mut out);
        assert_eq!(out, "** ** № ****56");
        mask_into(Kind::RuInn, b"\xff77\xe2\x84070838\x9393", &mut out);
        assert_eq!(out, "\u{FFFD}**\u{FFFD}******\u{FFFD}93");
    }
}
