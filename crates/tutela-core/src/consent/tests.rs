//! Unit tests of the consent domain.

use super::*;

#[test]
fn purpose_states_stay_sorted_and_serialize_as_a_map() {
    let mut states = PurposeStates::default();
    for id in ["offers", "analytics", "newsletter", "analytics"] {
        states.entry(&PurposeId::parse(id).unwrap()).objection = Some(Marker { record_id: id.into(), at: ts(1) });
    }
    let ids: Vec<&str> = states.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["analytics", "newsletter", "offers"]);
    assert!(states.get(&PurposeId::parse("billing").unwrap()).is_none());
    let json = serde_json::to_value(&states).unwrap();
    assert_eq!(json.as_object().map(serde_json::Map::len), Some(3), "{json}");
    assert_eq!(json["newsletter"]["objection"]["record_id"], "newsletter");
    let back: PurposeStates = serde_json::from_value(json).unwrap();
    assert_eq!(back, states);
}

fn ts(second: i64) -> Timestamp {
    Timestamp::from_second(second).unwrap()
}

fn consent(id: &str, at: i64, state: ConsentState, expiry: Expiry) -> LedgerRecord {
    LedgerRecord {
        id: id.into(),
        subject: SubjectRef::parse("s1").unwrap(),
        at: ts(at),
        recorded_at: ts(at),
        recorded_by: "token:t".into(),
        body: RecordBody::Consent(ConsentEvent {
            purpose: PurposeId::parse("newsletter").unwrap(),
            state,
            method: Method::FormButton {
                form: Label::parse("form", "signup").unwrap(),
                button: Label::parse("button", "Записаться").unwrap(),
            },
            channel: Channel::Web,
            notice_sha256: Some(Sha256Hex::of(b"notice")),
            language: Some(LanguageTag::parse("ru").unwrap()),
            ip: None,
            user_agent: None,
            expiry,
            given_by: Giver::Subject,
            distribution: None,
            gpc: false,
        }),
    }
}

const CONSENT_RULE: PurposeRule = PurposeRule { basis: Basis::Consent, guardian_consent: false, gpc_opt_out: false };

fn decide_after(records: &[LedgerRecord], rule: PurposeRule, now: i64) -> Decision {
    let mut state = SubjectState::default();
    for record in records {
        state.apply(record);
    }
    decide(&rule, &state.subject, &state.purpose(&PurposeId::parse("newsletter").unwrap()), ts(now))
}

#[test]
fn names_parse() {
    assert!(SubjectRef::parse("cust-1042").is_ok());
    assert!(SubjectRef::parse("anna@example.com").is_err());
    assert!(SubjectRef::parse("").is_err());
    assert!(SubjectRef::parse(" padded").is_err());
    assert!(PurposeId::parse("newsletter").is_ok());
    assert!(PurposeId::parse("News").is_err());
    assert!(LanguageTag::parse("en-GB").is_ok());
    assert!(LanguageTag::parse("english language").is_err());
    assert!(Sha256Hex::parse(&"a".repeat(64)).is_ok());
    assert!(Sha256Hex::parse("abc").is_err());
}

#[test]
fn expiry_parses_every_form() {
    assert_eq!(Expiry::parse("until_purpose_reached"), Ok(Expiry::UntilPurposeReached));
    assert_eq!(Expiry::parse("2026-01-31").unwrap().resolve(ts(0)), Some("2026-02-01T00:00:00Z".parse().unwrap()));
    assert_eq!(Expiry::parse("2026-01-31T10:00:00Z").unwrap().to_string(), "2026-01-31T10:00:00Z");
    let month = Expiry::parse("1 month").unwrap();
    let given: Timestamp = "2025-01-31T12:00:00Z".parse().unwrap();
    assert_eq!(month.resolve(given), Some("2025-02-28T12:00:00Z".parse().unwrap()));
    assert_eq!(Expiry::parse("12 months").unwrap().to_string(), "12 months");
    for bad in ["forever", "0 days", "101 years", "-1 days", "3 fortnights", ""] {
        assert!(Expiry::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn withdrawal_after_consent_refuses_and_names_the_withdrawal() {
    let records = [
        consent("r1", 100, ConsentState::Given, Expiry::UntilPurposeReached),
        consent("r2", 200, ConsentState::Withdrawn, Expiry::UntilPurposeReached),
    ];
    let decision = decide_after(&records, CONSENT_RULE, 300);
    assert_eq!(
        (decision.allowed, decision.reason, decision.record_id.as_deref()),
        (false, Some(Refusal::Withdrawn), Some("r2"))
    );
    // A paper consent signed before the withdrawal and recorded after it does not override it.
    let late_paper = consent("r3", 150, ConsentState::Given, Expiry::UntilPurposeReached);
    let decision = decide_after(&[records[0].clone(), records[1].clone(), late_paper], CONSENT_RULE, 300);
    assert_eq!(decision.reason, Some(Refusal::Withdrawn));
}

#[test]
fn a_consent_expires_at_its_term() {
    let records = [consent("r1", 0, ConsentState::Given, Expiry::parse("30 days").unwrap())];
    assert!(decide_after(&records, CONSENT_RULE, 30 * 86_400 - 1).allowed);
    let decision = decide_after(&records, CONSENT_RULE, 30 * 86_400);
    assert_eq!(decision.reason, Some(Refusal::Expired));
}

#[test]
fn gpc_refuses_opt_out_purposes_until_a_later_consent() {
    let rule = PurposeRule { basis: Basis::LegitimateInterest, guardian_consent: false, gpc_opt_out: true };
    let signal = LedgerRecord {
        body: RecordBody::Signal(SignalEvent { channel: Channel::Web, user_agent: None }),
        ..consent("g1", 100, ConsentState::Given, Expiry::UntilPurposeReached)
    };
    assert!(decide_after(&[], rule, 50).allowed);
    assert_eq!(decide_after(std::slice::from_ref(&signal), rule, 150).reason, Some(Refusal::Gpc));
    let later = consent("r2", 200, ConsentState::Given, Expiry::UntilPurposeReached);
    assert!(decide_after(&[signal.clone(), later], rule, 250).allowed);
    let not_covered = PurposeRule { gpc_opt_out: false, ..rule };
    assert!(decide_after(&[signal], not_covered, 150).allowed);
}

#[test]
fn a_minor_needs_a_guardians_consent() {
    let age = LedgerRecord {
        body: RecordBody::Age(AgeStatus::new(AgeJurisdiction::Bg, 13, None).unwrap()),
        ..consent("a1", 50, ConsentState::Given, Expiry::UntilPurposeReached)
    };
    let own = consent("r1", 100, ConsentState::Given, Expiry::UntilPurposeReached);
    assert_eq!(decide_after(&[age.clone(), own], CONSENT_RULE, 150).reason, Some(Refusal::GuardianConsentRequired));
    let mut guardian = consent("r2", 100, ConsentState::Given, Expiry::UntilPurposeReached);
    if let RecordBody::Consent(c) = &mut guardian.body {
        c.given_by = Giver::Guardian { guardian_ref: SubjectRef::parse("parent-1").unwrap() };
    }
    assert!(decide_after(&[age, guardian], CONSENT_RULE, 150).allowed);
}

#[test]
fn age_thresholds_follow_the_law() {
    let minor = |j, age| AgeStatus::new(j, age, None).unwrap().minor;
    assert!(minor(AgeJurisdiction::Bg, 13) && !minor(AgeJurisdiction::Bg, 14));
    assert!(minor(AgeJurisdiction::Eu, 15) && !minor(AgeJurisdiction::Eu, 16));
    assert!(minor(AgeJurisdiction::Cn, 13) && !minor(AgeJurisdiction::Cn, 14));
    assert!(minor(AgeJurisdiction::In, 17) && !minor(AgeJurisdiction::In, 18));
    assert!(minor(AgeJurisdiction::Ru, 17) && !minor(AgeJurisdiction::Ru, 18));
    assert!(!AgeStatus::new(AgeJurisdiction::Eu, 13, Some(13)).unwrap().minor, "a member state may lower it");
    assert_eq!(age_on("2010-06-15".parse().unwrap(), "2024-06-14".parse().unwrap()), 13);
    assert_eq!(age_on("2010-06-15".parse().unwrap(), "2024-06-15".parse().unwrap()), 14);
    assert!(AgeStatus::new(AgeJurisdiction::Eu, 200, None).is_err());
}

#[test]
fn distribution_respects_items_and_prohibitions() {
    let terms = DistributionTerms {
        subject_name: Label::parse("name", "Иванов Иван").unwrap(),
        subject_contact: Label::parse("contact", "+7 900 000 00 00").unwrap(),
        items: vec![DistributionItem {
            item: Label::parse("item", "photo").unwrap(),
            prohibit_transfer: true,
            prohibit_processing: false,
            conditions: Some(Label::parse("conditions", "only on the reviews page").unwrap()),
        }],
        resources: vec![Label::parse("resource", "https://kursy.example/reviews").unwrap()],
    };
    let mut record = consent("r1", 0, ConsentState::Given, Expiry::parse("1 year").unwrap());
    if let RecordBody::Consent(c) = &mut record.body {
        c.distribution = Some(terms);
        assert_eq!(c.check(), Ok(()));
        c.expiry = Expiry::UntilPurposeReached;
        assert!(matches!(c.check(), Err(InvalidConsent::Distribution(_))));
    }
    let mut state = SubjectState::default();
    state.apply(&record);
    let view = state.purpose(&PurposeId::parse("newsletter").unwrap());
    let subject = &state.subject;
    let (publish, item) = decide_distribution(&CONSENT_RULE, subject, &view, "photo", DistributionUse::Publish, ts(10));
    assert!(publish.allowed);
    assert_eq!(item.and_then(|i| i.conditions.as_ref()).map(Label::as_str), Some("only on the reviews page"));
    let (transfer, _) = decide_distribution(&CONSENT_RULE, subject, &view, "photo", DistributionUse::Transfer, ts(10));
    assert_eq!(transfer.reason, Some(Refusal::DistributionProhibited));
    let (other, _) = decide_distribution(&CONSENT_RULE, subject, &view, "phone", DistributionUse::Publish, ts(10));
    assert_eq!(other.reason, Some(Refusal::NotInDistributionConsent));
}

#[test]
fn destruction_only_when_no_basis_is_left() {
    let allowed = Decision::allow(Basis::Consent, Some("r".into()));
    let refused = Decision::refuse(Basis::Consent, Refusal::Withdrawn, Some("w".into()));
    assert!(destruction_required([&refused], &[]));
    assert!(!destruction_required([&refused, &allowed], &[]));
    assert!(!destruction_required([&refused], &[Basis::Contract]));
}

#[test]
fn a_record_round_trips_and_its_digest_covers_personal_fields() {
    let mut record = consent("r1", 0, ConsentState::Given, Expiry::UntilPurposeReached);
    let text = record.canonical_json();
    let back: LedgerRecord = serde_json::from_str(&text).unwrap();
    assert_eq!(back, record);
    let digest = record.sha256();
    if let RecordBody::Consent(c) = &mut record.body {
        c.ip = Some("192.0.2.1".parse().unwrap());
    }
    assert_ne!(record.sha256(), digest);
    assert!(!record.journal_details().to_string().contains("192.0.2.1"), "no address in the journal");
}

#[test]
fn channel_names_are_their_serialized_form() {
    use crate::consent::Channel;
    let all = [
        Channel::Web,
        Channel::App,
        Channel::Email,
        Channel::Phone,
        Channel::Paper,
        Channel::InPerson,
        Channel::Api,
        Channel::System,
    ];
    for channel in all {
        assert_eq!(serde_json::to_value(channel).unwrap(), channel.as_str());
    }
}

#[test]
fn a_suppression_refuses_only_allowed_direct_marketing() {
    let allowed = Decision::allow(Basis::Consent, Some("rec-1".into()));
    let refused = suppress(allowed.clone(), true, Some("sup-1"));
    assert_eq!(
        (refused.allowed, refused.reason, refused.record_id.as_deref()),
        (false, Some(Refusal::Suppressed), Some("sup-1"))
    );
    assert_eq!(suppress(allowed.clone(), false, Some("sup-1")), allowed, "not a marketing purpose");
    assert_eq!(suppress(allowed.clone(), true, None), allowed, "not on the list");
    let withdrawn = Decision::refuse(Basis::Consent, Refusal::Withdrawn, Some("rec-2".into()));
    assert_eq!(suppress(withdrawn.clone(), true, Some("sup-1")), withdrawn, "the ledger's own refusal is kept");
}
