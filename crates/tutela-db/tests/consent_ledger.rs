//! The consent ledger's storage on both backends: records are journaled with their digest, the
//! current-state tables agree with a fold of the records whatever order they come in, a minor without
//! a guardian's consent is blocked in the same transaction, a bad write in a group commit fails alone,
//! and operators never see each other's subjects.

use jiff::{SignedDuration, Timestamp};
use tutela_core::consent::*;
use tutela_core::journal::Actor;
use tutela_core::subject::SubjectRef;
use tutela_db::Operator;
use tutela_db::consent::{LedgerWrite, LedgerWriter, NewRecord};
use tutela_db::test_support;

const NOTICE: &str = "Я даю согласие на получение рассылки о новых курсах.";

fn subject(text: &str) -> SubjectRef {
    SubjectRef::parse(text).unwrap()
}

fn purpose(text: &str) -> PurposeId {
    PurposeId::parse(text).unwrap()
}

fn consent(purpose_id: &str, state: ConsentState, guardian: bool) -> RecordBody {
    RecordBody::Consent(ConsentEvent {
        purpose: purpose(purpose_id),
        state,
        method: Method::FormButton {
            form: Label::parse("form", "course signup").unwrap(),
            button: Label::parse("button", "Записаться").unwrap(),
        },
        channel: Channel::Web,
        notice_sha256: Some(Sha256Hex::of(NOTICE.as_bytes())),
        language: Some(LanguageTag::parse("ru").unwrap()),
        ip: Some("192.0.2.10".parse().unwrap()),
        user_agent: Some(Label::parse("user_agent", "Mozilla/5.0").unwrap()),
        expiry: Expiry::UntilPurposeReached,
        given_by: if guardian { Giver::Guardian { guardian_ref: subject("parent-1") } } else { Giver::Subject },
        distribution: None,
        gpc: false,
    })
}

fn write(op: &Operator, records: Vec<NewRecord>) -> LedgerWrite {
    LedgerWrite {
        operator_id: op.id.clone(),
        actor: Actor::parse("token:test").unwrap(),
        notices: vec![(Notice::new(NOTICE).unwrap(), Some(LanguageTag::parse("ru").unwrap()))],
        records,
        destruction: None,
        receipt_to: None,
    }
}

fn record(subject_ref: &str, at: Option<Timestamp>, body: RecordBody) -> NewRecord {
    NewRecord { subject: subject(subject_ref), at, body }
}

#[tokio::test]
async fn a_record_is_journaled_with_its_digest_and_decided_from_one_read() {
    for db in test_support::all().await {
        let store = db.open().await;
        let op = test_support::create_operator(&store, "alpha").await;
        let results = store
            .write_ledger(&[write(
                &op,
                vec![record("cust-1", None, consent("newsletter", ConsentState::Given, false))],
            )])
            .await;
        let written = results.into_iter().next().unwrap().unwrap();
        assert_eq!(written.records.len(), 1, "{}", db.backend);
        let state = store.decision_state(&op.id, &subject("cust-1"), &purpose("newsletter")).await.unwrap().unwrap();
        let view = state.purpose(&purpose("newsletter"));
        assert_eq!(view.consent.as_ref().map(|c| c.record_id.as_str()), Some(written.records[0].record.id.as_str()));
        assert_eq!(view.consent.as_ref().map(|c| c.state), Some(ConsentState::Given));

        let stored = store.ledger_record(&op.id, &written.records[0].record.id).await.unwrap();
        assert_eq!(stored.record, written.records[0].record);
        let entries = store.journal_entries(&op.id, &[stored.journal_seq]).await.unwrap();
        assert_eq!(entries[0].action.as_str(), "record_consent");
        assert_eq!(entries[0].object.id, "cust-1");
        assert_eq!(entries[0].details["record_sha256"], stored.stored_sha256.as_str(), "{}", db.backend);
        assert!(!entries[0].details.to_string().contains("192.0.2.10"), "no address in the journal");
        let notice = store.consent_notice(&op.id, &Sha256Hex::of(NOTICE.as_bytes())).await.unwrap().unwrap();
        assert_eq!(notice.text, NOTICE);
        let all = store.journal_page(&op.id, 0, 100).await.unwrap();
        assert!(all.iter().any(|e| e.action.as_str() == "put_consent_notice"));
        assert_eq!(store.verify_journal(&op).await.unwrap(), all.len() as u64);
        assert_eq!(store.decision_state(&op.id, &subject("nobody"), &purpose("newsletter")).await.unwrap(), None);
    }
}

#[tokio::test]
async fn the_current_state_agrees_with_a_fold_of_the_records_in_any_order() {
    let base: Timestamp = "2025-03-01T10:00:00Z".parse().unwrap();
    // Effective instants deliberately out of recording order: late paper forms, backdated withdrawals.
    let plan: [(i64, &str, RecordBody); 8] = [
        (50, "newsletter", consent("newsletter", ConsentState::Given, false)),
        (10, "newsletter", consent("newsletter", ConsentState::Withdrawn, false)),
        (70, "ads", consent("ads", ConsentState::Refused, false)),
        (60, "-", RecordBody::Signal(SignalEvent { channel: Channel::Web, user_agent: None })),
        (40, "newsletter", consent("newsletter", ConsentState::Refused, false)),
        (
            80,
            "ads",
            RecordBody::Objection(ObjectionEvent {
                purpose: purpose("ads"),
                method: Method::Portal,
                channel: Channel::Web,
                grounds: None,
            }),
        ),
        (90, "-", RecordBody::Block(BlockReason::Other { note: Label::parse("note", "audit").unwrap() })),
        (20, "-", RecordBody::Unblock { note: Label::parse("note", "old").unwrap() }),
    ];
    for db in test_support::all().await {
        let store = db.open().await;
        let op = test_support::create_operator(&store, "alpha").await;
        for (minutes, _, body) in &plan {
            let at = base + SignedDuration::from_mins(*minutes);
            let result = store.write_ledger(&[write(&op, vec![record("cust-7", Some(at), body.clone())])]).await;
            result.into_iter().next().unwrap().unwrap();
        }
        let history = store.ledger_history(&op.id, &subject("cust-7"), None).await.unwrap();
        assert_eq!(history.len(), plan.len(), "{}", db.backend);
        assert!(history.windows(2).all(|w| w[0].record.at <= w[1].record.at), "history is by effective instant");
        let mut folded = SubjectState::default();
        for stored in history.iter().rev() {
            folded.apply(&stored.record);
        }
        let state = store.subject_state(&op.id, &subject("cust-7")).await.unwrap().unwrap();
        assert_eq!(state, folded, "{}", db.backend);
        assert_eq!(state.purpose(&purpose("newsletter")).consent.map(|c| c.state), Some(ConsentState::Given));
        assert!(state.subject.standing_block().is_some());
        let newsletter = store.ledger_history(&op.id, &subject("cust-7"), Some(&purpose("newsletter"))).await.unwrap();
        assert_eq!(newsletter.len(), 6, "three newsletter records and three subject-wide ones ({})", db.backend);
    }
}

#[tokio::test]
async fn a_minor_without_a_guardians_consent_is_blocked_until_one_consents() {
    for db in test_support::all().await {
        let store = db.open().await;
        let op = test_support::create_operator(&store, "alpha").await;
        let age = RecordBody::Age(AgeStatus::new(AgeJurisdiction::Bg, 13, None).unwrap());
        let written = store
            .write_ledger(&[write(
                &op,
                vec![
                    record("kid-1", None, consent("newsletter", ConsentState::Given, false)),
                    record("kid-1", None, age),
                ],
            )])
            .await
            .pop()
            .unwrap()
            .unwrap();
        let kinds: Vec<&str> = written.records.iter().map(|w| w.record.body.kind()).collect();
        assert_eq!(kinds, ["consent", "age", "block"], "{}", db.backend);
        assert_eq!(written.records[2].record.recorded_by, "system:consent");
        let state = store.subject_state(&op.id, &subject("kid-1")).await.unwrap().unwrap();
        assert!(matches!(state.subject.standing_block(), Some((_, BlockReason::MinorWithoutGuardianConsent))));

        let written = store
            .write_ledger(&[write(&op, vec![record("kid-1", None, consent("newsletter", ConsentState::Given, true))])])
            .await
            .pop()
            .unwrap()
            .unwrap();
        let kinds: Vec<&str> = written.records.iter().map(|w| w.record.body.kind()).collect();
        assert_eq!(kinds, ["consent", "unblock"], "{}", db.backend);
        let state = store.subject_state(&op.id, &subject("kid-1")).await.unwrap().unwrap();
        assert!(state.subject.standing_block().is_none());
        let entries = store.journal_page(&op.id, 0, 100).await.unwrap();
        let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
        assert!(actions.contains(&"block") && actions.contains(&"unblock"), "{actions:?}");
    }
}

#[tokio::test]
async fn a_bad_write_in_a_group_commit_fails_alone() {
    for db in test_support::all().await {
        let store = db.open().await;
        let op = test_support::create_operator(&store, "alpha").await;
        let good = write(&op, vec![record("cust-1", None, consent("newsletter", ConsentState::Given, false))]);
        let mut unknown_notice = consent("newsletter", ConsentState::Given, false);
        if let RecordBody::Consent(c) = &mut unknown_notice {
            c.notice_sha256 = Some(Sha256Hex::of(b"a notice never stored"));
        }
        let mut bad = write(&op, vec![record("cust-2", None, unknown_notice)]);
        bad.notices.clear();
        let results = store.write_ledger(&[good, bad.clone(), bad]).await;
        assert!(results[0].is_ok(), "{}: {:?}", db.backend, results[0]);
        let err = results[1].as_ref().unwrap_err().to_string();
        assert!(err.contains("consent notice") && err.contains("not found"), "{err}");
        assert!(results[2].is_err());
        assert!(store.subject_state(&op.id, &subject("cust-2")).await.unwrap().is_none());
        let entries = store.journal_page(&op.id, 0, 100).await.unwrap().len() as u64;
        assert_eq!(store.verify_journal(&op).await.unwrap(), entries);
    }
}

#[tokio::test]
async fn the_writer_acknowledges_concurrent_writes_in_group_commits() {
    for db in test_support::all().await {
        let store = db.open().await;
        let op = test_support::create_operator(&store, "alpha").await;
        let writer = LedgerWriter::spawn(store.clone());
        let mut tasks = Vec::new();
        for index in 0..200 {
            let (writer, w) = (
                writer.clone(),
                write(
                    &op,
                    vec![record(&format!("cust-{index}"), None, consent("newsletter", ConsentState::Given, false))],
                ),
            );
            tasks.push(tokio::spawn(async move { writer.write(w).await }));
        }
        for task in tasks {
            assert_eq!(task.await.unwrap().unwrap().records.len(), 1, "{}", db.backend);
        }
        let exported = store.export_subjects(&op.id, 0, 1000).await.unwrap();
        assert_eq!(exported.len(), 200, "{}", db.backend);
        assert!(exported.windows(2).all(|w| w[0].changed_seq < w[1].changed_seq));
        let page = store.export_subjects(&op.id, exported[99].changed_seq, 1000).await.unwrap();
        assert_eq!(page.len(), 100, "the cursor continues after the last subject seen");
        assert!(page[0].state.purposes.get(&purpose("newsletter")).is_some());
        let entries = store.journal_page(&op.id, 0, 1000).await.unwrap().len() as u64;
        assert_eq!(store.verify_journal(&op).await.unwrap(), entries);
    }
}

#[tokio::test]
async fn suppression_lists_those_who_said_no_and_operators_stay_apart() {
    for db in test_support::all().await {
        let store = db.open().await;
        let alpha = test_support::create_operator(&store, "alpha").await;
        let beta = test_support::create_operator(&store, "beta").await;
        let records = vec![
            record("a", None, consent("newsletter", ConsentState::Withdrawn, false)),
            record("b", None, consent("newsletter", ConsentState::Given, false)),
            record("c", None, consent("newsletter", ConsentState::Refused, false)),
        ];
        store.write_ledger(&[write(&alpha, records)]).await.pop().unwrap().unwrap();
        let suppressed = store.suppressed_subjects(&alpha.id, &purpose("newsletter"), None, 10).await.unwrap();
        let names: Vec<&str> = suppressed.iter().map(SubjectRef::as_str).collect();
        assert_eq!(names, ["a", "c"], "{}", db.backend);
        let after_a = store.suppressed_subjects(&alpha.id, &purpose("newsletter"), Some("a"), 10).await.unwrap();
        assert_eq!(after_a.len(), 1);
        assert!(store.suppressed_subjects(&beta.id, &purpose("newsletter"), None, 10).await.unwrap().is_empty());
        assert!(store.subject_state(&beta.id, &subject("a")).await.unwrap().is_none());
        assert!(store.export_subjects(&beta.id, 0, 10).await.unwrap().is_empty());
        let record_id = store.ledger_history(&alpha.id, &subject("a"), None).await.unwrap()[0].record.id.clone();
        assert!(store.ledger_record(&beta.id, &record_id).await.is_err(), "another operator's record is not found");
    }
}

#[tokio::test]
async fn cached_decisions_see_every_acknowledged_record() {
    for db in test_support::all().await {
        // A cache smaller than the subjects, so entries are evicted and read again.
        let store = db.open().await.with_decision_cache(2);
        let op = test_support::create_operator(&store, "alpha").await;
        let newsletter = purpose("newsletter");
        let state_of = async |who: &str| {
            let state = store.decision_state(&op.id, &subject(who), &newsletter).await.unwrap().unwrap();
            state.purpose(&newsletter).consent.map(|c| c.state)
        };
        for (round, state) in
            [ConsentState::Given, ConsentState::Withdrawn, ConsentState::Given].into_iter().enumerate()
        {
            for who in ["cust-1", "cust-2", "cust-3"] {
                let results = store
                    .write_ledger(&[write(&op, vec![record(who, None, consent("newsletter", state, false))])])
                    .await;
                results.into_iter().next().unwrap().unwrap();
                assert_eq!(state_of(who).await, Some(state), "{} round {round} {who}", db.backend);
            }
            for who in ["cust-1", "cust-2", "cust-3"] {
                assert_eq!(state_of(who).await, Some(state), "{} round {round} {who}, read again", db.backend);
            }
        }
        assert_eq!(store.decision_state(&op.id, &subject("nobody"), &newsletter).await.unwrap(), None);
    }
}

fn destruction_plan(who: &str, retained_on: Vec<Basis>) -> tutela_db::consent::DestructionPlan {
    use tutela_core::clock::{Clock, DueSoonPermille};
    let rule = PurposeRule { basis: Basis::Consent, guardian_consent: false, gpc_opt_out: false };
    let calendar = tutela_core::calendar::builtin("24x7").unwrap();
    let duration = "30 days".parse().unwrap();
    let roll = tutela_core::deadline::Roll::NextWorkingDay;
    let clock = Clock::start(Timestamp::now(), duration, calendar, roll, DueSoonPermille::new(800).unwrap()).unwrap();
    tutela_db::consent::DestructionPlan {
        subject: subject(who),
        consent_purposes: vec![(purpose("newsletter"), rule), (purpose("offers"), rule)],
        retained_on,
        clock: tutela_core::clock::ClockSpec {
            kind: "consent.destruction".into(),
            label: "destroy".into(),
            subject_ref: Some(SubjectRef::parse(who).unwrap()),
            clock,
        },
    }
}

#[tokio::test]
async fn a_withdrawal_that_leaves_no_basis_starts_its_destruction_clock_in_the_same_transaction() {
    for db in test_support::all().await {
        let store = db.open().await;
        let op = test_support::create_operator(&store, "alpha").await;
        let given = vec![
            record("cust-1", None, consent("newsletter", ConsentState::Given, false)),
            record("cust-1", None, consent("offers", ConsentState::Given, false)),
        ];
        store.write_ledger(&[write(&op, given)]).await.pop().unwrap().unwrap();
        let withdraw = |purpose_id: &str, retained_on: Vec<Basis>| {
            let mut w = write(&op, vec![record("cust-1", None, consent(purpose_id, ConsentState::Withdrawn, false))]);
            w.destruction = Some(destruction_plan("cust-1", retained_on));
            w
        };

        // "offers" is still given: a basis is left.
        let first = store.write_ledger(&[withdraw("newsletter", vec![])]).await.pop().unwrap().unwrap();
        assert_eq!(first.destruction_clock_id, None, "{}", db.backend);
        // The operator keeps the data under a contract: no clock either.
        let kept = store.write_ledger(&[withdraw("offers", vec![Basis::Contract])]).await.pop().unwrap().unwrap();
        assert_eq!(kept.destruction_clock_id, None, "{}", db.backend);
        // Nothing left: the clock starts, journaled by the write's actor.
        let last = store.write_ledger(&[withdraw("offers", vec![])]).await.pop().unwrap().unwrap();
        let clock_id = last.destruction_clock_id.expect("a destruction clock");
        let clock = store.clock(&op.id, &clock_id).await.unwrap();
        assert_eq!(
            (clock.kind.as_str(), clock.subject_ref.as_ref().map(SubjectRef::as_str)),
            ("consent.destruction", Some("cust-1"))
        );
        let journal = store.journal_page(&op.id, 0, 1_000).await.unwrap();
        let started = journal.iter().find(|e| e.action.as_str() == "start_clock").expect("start_clock journaled");
        assert_eq!((started.object.id.as_str(), started.actor.as_str()), (clock_id.as_str(), "token:test"));
        let withdrawal_seq = last.records[0].journal_seq;
        assert_eq!(started.seq, withdrawal_seq + 1, "{}: journaled right after the withdrawal", db.backend);
        // Taking consent back again while it runs starts no second clock.
        let again = store.write_ledger(&[withdraw("offers", vec![])]).await.pop().unwrap().unwrap();
        assert_eq!(again.destruction_clock_id.as_deref(), Some(clock_id.as_str()), "{}", db.backend);
        let starts = store.journal_page(&op.id, 0, 1_000).await.unwrap();
        assert_eq!(starts.iter().filter(|e| e.action.as_str() == "start_clock").count(), 1, "{}", db.backend);
        assert_eq!(store.verify_journal(&op).await.unwrap(), starts.len() as u64);
    }
}

#[tokio::test]
async fn consents_whose_term_ended_are_recorded_as_expired_once() {
    for db in test_support::all().await {
        let store = db.open().await.with_decision_cache(100);
        let op = test_support::create_operator(&store, "alpha").await;
        let now = Timestamp::now();
        let with_expiry = |purpose_id: &str, expiry: Expiry| {
            let RecordBody::Consent(mut event) = consent(purpose_id, ConsentState::Given, false) else {
                unreachable!()
            };
            event.expiry = expiry;
            RecordBody::Consent(event)
        };
        let ended = now - SignedDuration::from_hours(1);
        let later = now + SignedDuration::from_hours(24);
        let records = vec![
            record("cust-1", Some(now - SignedDuration::from_hours(48)), with_expiry("newsletter", Expiry::At(ended))),
            record("cust-1", None, with_expiry("offers", Expiry::At(later))),
            record("cust-2", None, consent("newsletter", ConsentState::Given, false)),
        ];
        store.write_ledger(&[write(&op, records)]).await.pop().unwrap().unwrap();
        let newsletter = purpose("newsletter");
        // Decided from the cache before the sweep: already refused by the decision itself.
        let before = store.decision_state(&op.id, &subject("cust-1"), &newsletter).await.unwrap().unwrap();
        assert_eq!(before.purpose(&newsletter).consent.map(|c| c.state), Some(ConsentState::Given));

        assert_eq!(
            store.next_consent_expiry().await.unwrap(),
            Some(Timestamp::from_microsecond(ended.as_microsecond()).unwrap())
        );
        assert_eq!(store.expire_consents(Timestamp::now(), 100).await.unwrap(), 1, "{}", db.backend);
        assert_eq!(store.expire_consents(Timestamp::now(), 100).await.unwrap(), 0, "{}: expired once", db.backend);

        let after = store.decision_state(&op.id, &subject("cust-1"), &newsletter).await.unwrap().unwrap();
        let snapshot = after.purpose(&newsletter).consent.expect("a consent record");
        assert_eq!(snapshot.state, ConsentState::Expired, "{}: the cache saw the sweep", db.backend);
        assert_eq!(snapshot.at.as_microsecond(), ended.as_microsecond(), "effective when the term ended");
        let record = store.ledger_record(&op.id, &snapshot.record_id).await.unwrap().record;
        assert_eq!(record.recorded_by, "system:consent");
        let RecordBody::Consent(event) = &record.body else { panic!("not a consent record") };
        assert_eq!((event.method.kind(), event.channel), ("term_ended", Channel::System));
        // The other consents are untouched; the next expiry is the offer's.
        let other = store.decision_state(&op.id, &subject("cust-2"), &newsletter).await.unwrap().unwrap();
        assert_eq!(other.purpose(&newsletter).consent.map(|c| c.state), Some(ConsentState::Given));
        assert_eq!(
            store.next_consent_expiry().await.unwrap(),
            Some(Timestamp::from_microsecond(later.as_microsecond()).unwrap())
        );
        assert_eq!(
            store.verify_journal(&op).await.unwrap(),
            store.journal_page(&op.id, 0, 1_000).await.unwrap().len() as u64
        );
    }
}
