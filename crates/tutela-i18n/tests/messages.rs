//! The message files: every language has exactly the same messages, every message formats, and the
//! plural forms of retention periods are right in each language.

use std::collections::BTreeSet;

use tutela_i18n::{Arg, Lang, MessageError, Messages};

#[test]
fn the_files_load_without_errors() {
    assert_eq!(tutela_i18n::load_errors(), Vec::<String>::new());
}

#[test]
fn every_language_has_exactly_the_english_messages() {
    let english: BTreeSet<String> = Messages::new(Lang::En).ids().into_iter().collect();
    assert!(english.len() > 200, "only {} English messages", english.len());
    for lang in Lang::ALL {
        let ids: BTreeSet<String> = Messages::new(lang).ids().into_iter().collect();
        let missing: Vec<_> = english.difference(&ids).collect();
        let extra: Vec<_> = ids.difference(&english).collect();
        assert!(missing.is_empty() && extra.is_empty(), "{lang}: missing {missing:?}, extra {extra:?}");
    }
}

/// Arguments that satisfy every message: texts for the named ones, a count for plurals.
const ARGS: [(&str, Arg<'static>); 43] = [
    ("count", Arg::Number(3)),
    ("period", Arg::Text("3 years")),
    ("limits", Arg::Text("a; b")),
    ("law", Arg::Text("GDPR")),
    ("number", Arg::Text("15")),
    ("version", Arg::Text("7")),
    ("country", Arg::Text("DE")),
    ("regions", Arg::Text("RU")),
    ("url", Arg::Text("/api/openapi.json")),
    ("operator", Arg::Text("kursy")),
    ("email", Arg::Text("dpo@kursy.example")),
    ("permission", Arg::Text("work_clocks")),
    ("due", Arg::Text("2026-12-31T23:59:59+03:00")),
    ("detail", Arg::Text("entry 7 was changed")),
    ("reference", Arg::Text("KUR-2026-000001")),
    ("received", Arg::Text("2026-12-04 10:00 UTC")),
    ("article", Arg::Text("152-FZ art. 21(4)")),
    ("table", Arg::Text("students")),
    ("purpose", Arg::Text("Bookkeeping")),
    ("basis", Arg::Text("art. 6(1)(c)")),
    ("retention", Arg::Text("5 years after contract_ended")),
    ("stores", Arg::Text("exports")),
    ("run", Arg::Text("01a2")),
    ("code", Arg::Text("042917")),
    ("expires", Arg::Text("2026-12-05T10:00:00Z")),
    ("file", Arg::Text("KUR-2026-000001-access.zip")),
    ("sha256", Arg::Text("ab12")),
    ("date", Arg::Text("2026-12-05")),
    ("act", Arg::Text("KUR-2026-000001/1")),
    ("note", Arg::Text("Corrected the surname")),
    ("authority", Arg::Text("Roskomnadzor")),
    ("items", Arg::Text("- the signature")),
    ("address", Arg::Text("190000, St Petersburg")),
    ("contact", Arg::Text("privacy@kursy.example")),
    ("discovered", Arg::Text("2026-12-04 09:00 UTC")),
    ("description", Arg::Text("A backup was readable")),
    ("systems", Arg::Text("backups")),
    ("categories", Arg::Text("contact.email")),
    ("subjects", Arg::Text("1200")),
    ("measures", Arg::Text("Access closed")),
    ("plan", Arg::Text("Individual")),
    ("until", Arg::Text("2027-01-04 10:00 UTC")),
    ("amount", Arg::Text("119.00 INR")),
];

#[test]
fn every_message_formats_without_errors_and_is_not_empty() {
    let all_args: Vec<(&str, Arg<'_>)> =
        ARGS.iter().copied().chain([("kind", Arg::Text("k")), ("mechanism", Arg::Text("m"))]).collect();
    for lang in Lang::ALL {
        let messages = Messages::new(lang);
        for id in messages.ids() {
            let text = messages.format(&id, &all_args).unwrap_or_else(|error| panic!("{error}"));
            assert!(!text.trim().is_empty(), "{lang} {id} is empty");
            assert!(!text.contains(['\u{2068}', '\u{2069}']), "{lang} {id} has isolation marks");
        }
    }
}

fn duration(lang: Lang, unit: &str, count: i64) -> String {
    Messages::new(lang).format(&format!("duration-{unit}"), &[("count", Arg::Number(count))]).expect("formats")
}

#[test]
fn russian_plurals() {
    let days: Vec<String> = [1, 2, 5, 11, 21, 22, 25, 111, 101].map(|n| duration(Lang::Ru, "days", n)).to_vec();
    assert_eq!(days, ["1 день", "2 дня", "5 дней", "11 дней", "21 день", "22 дня", "25 дней", "111 дней", "101 день"]);
    let months: Vec<String> = [1, 3, 6, 12, 21].map(|n| duration(Lang::Ru, "months", n)).to_vec();
    assert_eq!(months, ["1 месяц", "3 месяца", "6 месяцев", "12 месяцев", "21 месяц"]);
    let years: Vec<String> = [1, 3, 5, 11, 21, 24].map(|n| duration(Lang::Ru, "years", n)).to_vec();
    assert_eq!(years, ["1 год", "3 года", "5 лет", "11 лет", "21 год", "24 года"]);
    let weeks: Vec<String> = [1, 2, 5].map(|n| duration(Lang::Ru, "weeks", n)).to_vec();
    assert_eq!(weeks, ["1 неделя", "2 недели", "5 недель"]);
}

#[test]
fn bulgarian_plurals() {
    assert_eq!([1, 2, 11].map(|n| duration(Lang::Bg, "days", n)), ["1 ден", "2 дни", "11 дни"]);
    assert_eq!([1, 6].map(|n| duration(Lang::Bg, "months", n)), ["1 месец", "6 месеца"]);
    assert_eq!([1, 5].map(|n| duration(Lang::Bg, "years", n)), ["1 година", "5 години"]);
    assert_eq!([1, 3].map(|n| duration(Lang::Bg, "weeks", n)), ["1 седмица", "3 седмици"]);
}

#[test]
fn english_hindi_and_chinese_plurals() {
    assert_eq!([1, 2].map(|n| duration(Lang::En, "days", n)), ["1 day", "2 days"]);
    assert_eq!([1, 5].map(|n| duration(Lang::En, "years", n)), ["1 year", "5 years"]);
    assert_eq!([1, 6].map(|n| duration(Lang::Hi, "months", n)), ["1 महीना", "6 महीने"]);
    assert_eq!([1, 5].map(|n| duration(Lang::Hi, "years", n)), ["1 वर्ष", "5 वर्ष"]);
    assert_eq!([1, 6].map(|n| duration(Lang::ZhCn, "months", n)), ["1个月", "6个月"]);
    assert_eq!(duration(Lang::ZhCn, "years", 5), "5年");
}

#[test]
fn retention_sentences_read_naturally() {
    let after = |lang: Lang, period: &str| {
        Messages::new(lang).format("retention-after-contract_ended", &[("period", Arg::Text(period))]).expect("formats")
    };
    assert_eq!(after(Lang::En, "5 years"), "5 years after the contract ends");
    assert_eq!(after(Lang::Ru, "5 лет"), "5 лет после прекращения договора");
    assert_eq!(after(Lang::ZhCn, "5年"), "合同终止后5年");
    assert_eq!(after(Lang::Bg, "5 години"), "5 години след прекратяване на договора");
    assert_eq!(after(Lang::Hi, "5 वर्ष"), "अनुबंध समाप्त होने के 5 वर्ष बाद तक");
    let en = Messages::new(Lang::En);
    assert_eq!(en.get("retention-until-consent_withdrawn").expect("message"), "until consent is withdrawn");
    let first = en.format("retention-whichever-first", &[("limits", Arg::Text("a; b"))]).expect("formats");
    assert_eq!(first, "a; b, whichever comes first");
    assert_eq!(en.get("retention-separator").expect("message"), "; ");
}

#[test]
fn errors_name_the_message_and_the_language() {
    let ru = Messages::new(Lang::Ru);
    assert_eq!(
        ru.get("no-such-message"),
        Err(MessageError::Unknown { lang: Lang::Ru, id: "no-such-message".to_owned() })
    );
    let error = ru.get("duration-days").expect_err("count is missing");
    assert!(error.to_string().starts_with("message \"duration-days\" in ru could not be formatted: "), "{error}");
    assert!(ru.has("legal-basis-consent"));
    assert_eq!(ru.lang(), Lang::Ru);
}
