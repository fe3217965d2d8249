//! The demo data maps under `demo/` load and validate, and say what their policies say.

use std::path::{Path, PathBuf};

use tutela_datamap::{Lang, LegalBasisKind, RetentionEvent, RetentionLimit};

fn demo(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../demo").join(name)
}

#[test]
fn kursy_validates() {
    for path in [demo("kursy/datamap.yaml"), demo("kursy")] {
        let diagnostics = tutela_datamap::check(&path);
        let text: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        assert!(diagnostics.is_empty(), "{}", text.join("\n"));
    }
}

#[test]
fn kursy_declares_the_seed_004_policy() {
    let map = tutela_datamap::load(&demo("kursy")).expect("valid");
    let default = map.operator.default_language();
    assert_eq!(default, Lang::Ru);
    assert_eq!(map.operator.languages(), [Lang::Ru, Lang::En]);
    let trading_name = map.operator.trading_name.as_ref().expect("trading name");
    assert_eq!(trading_name.get(Lang::Ru, default), Some("Курсы"));
    assert_eq!(trading_name.get(Lang::En, default), Some("Kursy"));
    let in_bulgarian = trading_name.resolve(Lang::Bg, default);
    assert_eq!((in_bulgarian.text, in_bulgarian.lang, in_bulgarian.is_fallback), ("Курсы", Lang::Ru, true));
    let residency: Vec<&str> = map.operator.data_residency.iter().map(|region| region.as_str()).collect();
    assert_eq!(residency, ["RU"]);

    let basis = |id: &str| {
        let purpose = map.purposes.iter().find(|p| p.id.as_str() == id).expect(id);
        purpose.legal_basis.as_ref().map(|basis| basis.kind.value).expect("legal basis")
    };
    assert_eq!(basis("course_enrolment"), LegalBasisKind::Contract);
    assert_eq!(basis("newsletter"), LegalBasisKind::Consent);
    assert_eq!(basis("tax_accounting"), LegalBasisKind::LegalObligation);
    assert_eq!(basis("site_analytics"), LegalBasisKind::Consent);

    let newsletter = map.purposes.iter().find(|p| p.id.as_str() == "newsletter").expect("newsletter");
    let retention = newsletter.retention.as_ref().expect("retention");
    assert_eq!(retention.limits[0], RetentionLimit::Until(RetentionEvent::ConsentWithdrawn));

    // § 7's four rows, and the mailing service of § 9.4.
    let activities: Vec<&str> = map.processing_activities.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(activities, ["site_users", "course_customers", "contractors", "prospects"]);
    assert!(map.recipients.iter().any(|r| r.id.as_str() == "mailing_service"));
    // § 5.10: no special categories and no biometrics.
    let categories = map.stores.iter().flat_map(|s| &s.tables).flat_map(|t| &t.fields).flat_map(|f| &f.categories);
    assert!(categories.clone().count() > 50);
    assert!(categories.into_iter().all(|c| !c.as_str().starts_with("special.")));
}

#[test]
fn sale_or_sharing_is_declared_or_inferred_from_third_party_recipients() {
    let tunewave = tutela_datamap::load(&demo("tunewave")).expect("valid");
    let sells = |map: &tutela_datamap::DataMap, id: &str| {
        let purpose = map.purposes.iter().find(|p| p.id.as_str() == id).expect(id);
        purpose.sells_or_shares(&map.recipients)
    };
    // Declared: targeted advertising on the free plan.
    assert!(sells(&tunewave, "free_tier_ads"));
    // Not declared, no third party receives it, or not on an optional basis.
    assert!(!sells(&tunewave, "subscription_billing"));
    assert!(!sells(&tunewave, "tax_records"));

    // Kursy's newsletter (consent) goes to processors only: not inferred, until a third party gets it.
    let mut kursy = tutela_datamap::load(&demo("kursy")).expect("valid");
    assert!(!sells(&kursy, "newsletter"));
    let newsletter_id = kursy.purposes.iter().find(|p| p.id.as_str() == "newsletter").expect("newsletter").id.clone();
    let third_party = kursy.recipients.iter_mut().find(|r| r.kind == tutela_datamap::RecipientKind::ThirdParty);
    third_party.expect("a third-party recipient").purposes.push(newsletter_id);
    assert!(sells(&kursy, "newsletter"), "inferred from the third party");
    // Course enrolment (contract) with its third-party bank is not a sale.
    assert!(!sells(&kursy, "course_enrolment"));
    kursy.purposes.iter_mut().find(|p| p.id.as_str() == "newsletter").expect("newsletter").sale_or_sharing =
        Some(false);
    assert!(!sells(&kursy, "newsletter"), "declared false wins");
}
