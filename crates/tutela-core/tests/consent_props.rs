//! Property tests of the consent ledger's fold and decision: the current state does not depend on the
//! order records arrive in, an allowed decision always rests on a record that is in force, and a block,
//! a newer withdrawal or an expiry always refuses.

use jiff::Timestamp;
use proptest::prelude::*;
use tutela_core::consent::*;
use tutela_core::subject::SubjectRef;

const PURPOSES: [&str; 3] = ["newsletter", "ads", "billing"];

fn ts(second: i64) -> Timestamp {
    Timestamp::from_second(1_700_000_000 + second).expect("in range")
}

fn purpose(index: usize) -> PurposeId {
    PurposeId::parse(PURPOSES[index % PURPOSES.len()]).expect("valid")
}

fn consent_body(purpose_index: usize, state: ConsentState, term_days: Option<u32>, guardian: bool) -> RecordBody {
    let expiry = term_days.map_or(Expiry::UntilPurposeReached, |days| Expiry::parse(&format!("{days} days")).unwrap());
    let given_by =
        if guardian { Giver::Guardian { guardian_ref: SubjectRef::parse("parent").unwrap() } } else { Giver::Subject };
    RecordBody::Consent(ConsentEvent {
        purpose: purpose(purpose_index),
        state,
        method: Method::Portal,
        channel: Channel::Web,
        notice_sha256: Some(Sha256Hex::of(b"notice v1")),
        language: None,
        ip: None,
        user_agent: None,
        expiry,
        given_by,
        distribution: None,
        gpc: false,
    })
}

fn body() -> impl Strategy<Value = RecordBody> {
    let state = prop::sample::select(ConsentState::ALL.to_vec());
    prop_oneof![
        6 => (0..3usize, state, prop::option::of(1..40u32), any::<bool>())
            .prop_map(|(p, s, term, guardian)| consent_body(p, s, term, guardian)),
        1 => (0..3usize).prop_map(|p| RecordBody::Objection(ObjectionEvent {
            purpose: purpose(p), method: Method::Portal, channel: Channel::Web, grounds: None,
        })),
        1 => Just(RecordBody::Signal(SignalEvent { channel: Channel::Web, user_agent: None })),
        1 => (0..30u32).prop_map(|age| RecordBody::Age(AgeStatus::new(AgeJurisdiction::Eu, age, None).unwrap())),
        1 => Just(RecordBody::Block(BlockReason::MinorWithoutGuardianConsent)),
        1 => Just(RecordBody::Unblock { note: Label::parse("note", "resolved").unwrap() }),
    ]
}

/// Records with distinct ids (in recording order) and effective instants within ~50 days.
fn records() -> impl Strategy<Value = Vec<LedgerRecord>> {
    prop::collection::vec((0..4_000_000i64, body()), 0..25).prop_map(|items| {
        items
            .into_iter()
            .enumerate()
            .map(|(index, (second, body))| LedgerRecord {
                id: format!("r{index:04}"),
                subject: SubjectRef::parse("subject-1").unwrap(),
                at: ts(second),
                recorded_at: ts(second),
                recorded_by: "token:test".into(),
                body,
            })
            .collect()
    })
}

fn rule() -> impl Strategy<Value = PurposeRule> {
    let basis = prop::sample::select(vec![
        Basis::Consent,
        Basis::Contract,
        Basis::LegalObligation,
        Basis::VitalInterest,
        Basis::PublicTask,
        Basis::LegitimateInterest,
    ]);
    (basis, any::<bool>(), any::<bool>()).prop_map(|(basis, guardian_consent, gpc_opt_out)| PurposeRule {
        basis,
        guardian_consent,
        gpc_opt_out,
    })
}

fn fold(records: &[LedgerRecord]) -> SubjectState {
    let mut state = SubjectState::default();
    for record in records {
        state.apply(record);
    }
    state
}

proptest! {
    #[test]
    fn the_state_does_not_depend_on_arrival_order(records in records(), seed in any::<u64>()) {
        let mut shuffled = records.clone();
        // A deterministic shuffle from the seed (Fisher-Yates with an LCG).
        let mut x = seed;
        for i in (1..shuffled.len()).rev() {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (x >> 33) as usize % (i + 1));
        }
        prop_assert_eq!(fold(&records), fold(&shuffled));
    }

    #[test]
    fn an_allowed_decision_rests_on_a_record_in_force(
        records in records(), rule in rule(), p in 0..3usize, now in 0..5_000_000i64,
    ) {
        let state = fold(&records);
        let view = state.purpose(&purpose(p));
        let now = ts(now);
        let decision = decide(&rule, &state.subject, &view, now);
        prop_assert_eq!(decision.basis, rule.basis);
        prop_assert_eq!(decision.allowed, decision.reason.is_none());
        if state.subject.standing_block().is_some() {
            prop_assert_eq!(decision.reason, Some(Refusal::Blocked));
        }
        if decision.allowed && rule.basis == Basis::Consent {
            let consent = view.consent.as_ref().expect("an allowed consent decision names its consent");
            prop_assert_eq!(decision.record_id.as_deref(), Some(consent.record_id.as_str()));
            prop_assert_eq!(consent.state, ConsentState::Given);
            prop_assert!(consent.at <= now);
            prop_assert!(consent.expires_at.is_none_or(|e| now < e));
            prop_assert!(consent.by_guardian || !(rule.guardian_consent || state.subject.is_minor()));
        }
        if !decision.allowed && decision.reason != Some(Refusal::NoConsent) {
            prop_assert!(decision.record_id.is_some(), "a refusal names the record behind it: {:?}", decision);
        }
    }

    #[test]
    fn a_newer_withdrawal_always_refuses_a_consent_purpose(
        records in records(), p in 0..3usize, guardian in any::<bool>(),
    ) {
        let mut records = records;
        let last_at = records.iter().map(|r| r.at).max().unwrap_or(ts(0));
        records.push(LedgerRecord {
            id: "r9999".into(),
            subject: SubjectRef::parse("subject-1").unwrap(),
            at: last_at,
            recorded_at: last_at,
            recorded_by: "token:test".into(),
            body: consent_body(p, ConsentState::Withdrawn, None, guardian),
        });
        let state = fold(&records);
        let rule = PurposeRule { basis: Basis::Consent, guardian_consent: false, gpc_opt_out: false };
        let decision = decide(&rule, &state.subject, &state.purpose(&purpose(p)), last_at);
        prop_assert!(!decision.allowed);
        prop_assert!(matches!(decision.reason, Some(Refusal::Withdrawn | Refusal::Blocked | Refusal::Objection)));
    }

    #[test]
    fn once_expired_a_consent_stays_expired(records in records(), p in 0..3usize, later in 0..10_000_000i64) {
        let state = fold(&records);
        let view = state.purpose(&purpose(p));
        let rule = PurposeRule { basis: Basis::Consent, guardian_consent: false, gpc_opt_out: false };
        if let Some(expires) = view.consent.as_ref().and_then(|c| c.expires_at) {
            let at = expires + jiff::SignedDuration::from_secs(later);
            prop_assert!(!decide(&rule, &state.subject, &view, at).allowed);
        }
    }

    #[test]
    fn other_bases_are_allowed_unless_blocked_objected_or_opted_out(records in records(), p in 0..3usize) {
        let state = fold(&records);
        let rule = PurposeRule { basis: Basis::Contract, guardian_consent: false, gpc_opt_out: false };
        let decision = decide(&rule, &state.subject, &state.purpose(&purpose(p)), ts(10_000_000));
        prop_assert_eq!(decision.allowed, state.subject.standing_block().is_none());
    }
}
