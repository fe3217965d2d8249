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
    let text = String::from_utf8_lossy(value);
    if kind == Kind::Email
        && let Some(at) = text.find('@')
    {
        let first = text.chars().next().map(String::from).unwrap_or_default();
        return format!("{first}***{}", &text[at..]);
    }
    let total = text.chars().filter(|c| c.is_ascii_alphanumeric()).count();
    let keep_from = total.saturating_sub(visible_tail(kind));
    let mut seen = 0;
    text.chars()
        .map(|c| {
            if !c.is_ascii_alphanumeric() {
                return c;
            }
            seen += 1;
            if seen > keep_from { c } else { '*' }
        })
        .collect()
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
}
