//! The storage API behaves the same on SQLite and PostgreSQL: every test runs on both.

use jiff::{SignedDuration, Timestamp};
use tutela_core::calendar;
use tutela_core::clock::ClockSpec;
use tutela_core::clock::{Clock, ClockState, DueSoonPermille};
use tutela_core::deadline::{DurationSpec, Roll};
use tutela_core::journal::{Action, Actor};
use tutela_core::operator::{OperatorName, OperatorSlug};
use tutela_core::staff::{Password, Roles, StaffEmail};
use tutela_db::{Db, DbError, DeliveryTarget, MAX_EMAIL_RECIPIENTS, NewStaff, NewToken, Operator, test_support};

fn admin() -> Actor {
    Actor::parse("system:test").unwrap()
}

async fn operator(store: &Db, slug: &str) -> Operator {
    store
        .create_operator(&OperatorSlug::parse(slug).unwrap(), &OperatorName::parse("Test operator").unwrap(), &admin())
        .await
        .unwrap()
}

fn new_clock(duration: &str, start: Timestamp) -> ClockSpec {
    let calendar = calendar::builtin("24x7").unwrap();
    let clock = Clock::start(
        start,
        duration.parse::<DurationSpec>().unwrap(),
        calendar,
        Roll::Off,
        DueSoonPermille::new(800).unwrap(),
    )
    .unwrap();
    ClockSpec { kind: "request.access".into(), label: "Access request".into(), subject_ref: None, clock }
}

#[tokio::test]
async fn operators_are_unique_and_listed() {
    for db in test_support::all().await {
        let store = db.open().await;
        let first = operator(&store, "alpha").await;
        operator(&store, "beta").await;
        let again = store.create_operator(&first.slug, &OperatorName::parse("Other").unwrap(), &admin()).await;
        assert!(matches!(again, Err(DbError::Conflict { kind: "operator", .. })), "{}: {again:?}", db.backend);
        let slugs: Vec<String> =
            store.list_operators().await.unwrap().into_iter().map(|o| o.slug.to_string()).collect();
        assert_eq!(slugs, ["alpha", "beta"], "{}", db.backend);
        assert_eq!(store.operator("alpha").await.unwrap(), first);
        assert!(matches!(store.operator("gamma").await, Err(DbError::NotFound { .. })));
    }
}

#[tokio::test]
async fn staff_sign_in_and_tokens() {
    for db in test_support::all().await {
        let store = db.open().await;
        let op = operator(&store, "alpha").await;
        let email = StaffEmail::parse("olga@example.ru").unwrap();
        let new =
            NewStaff { email: email.clone(), display_name: "Olga".into(), roles: Roles::parse_list("agent").unwrap() };
        let member =
            store.create_staff(&op.id, &new, &Password::parse("s3cret-enough").unwrap(), &admin()).await.unwrap();
        let duplicate = store.create_staff(&op.id, &new, &Password::parse("s3cret-enough").unwrap(), &admin()).await;
        assert!(matches!(duplicate, Err(DbError::Conflict { .. })), "{}", db.backend);

        assert_eq!(store.check_password(&op.id, &email, "s3cret-enough").await.unwrap(), Some(member.clone()));
        assert_eq!(store.check_password(&op.id, &email, "wrong").await.unwrap(), None);
        let stranger = StaffEmail::parse("nobody@example.ru").unwrap();
        assert_eq!(store.check_password(&op.id, &stranger, "s3cret-enough").await.unwrap(), None);

        let (session, secret) = store.sign_in(&member, 3600).await.unwrap();
        let principal = store.authenticate(&secret).await.unwrap().expect("session token authenticates");
        assert_eq!(principal.operator.id, op.id);
        assert_eq!(principal.token.id, session.id);
        assert_eq!(store.authenticate("tut_not-a-token").await.unwrap(), None);
        assert_eq!(store.authenticate("garbage").await.unwrap(), None);

        let expired = NewToken {
            name: "old".into(),
            roles: Roles::parse_list("viewer").unwrap(),
            staff_id: None,
            expires_at: Some(Timestamp::now() - SignedDuration::from_secs(1)),
        };
        let (_, expired_secret) = store.issue_token(&op.id, &expired, &admin()).await.unwrap();
        assert_eq!(store.authenticate(&expired_secret).await.unwrap(), None, "{}: expired token", db.backend);

        store.revoke_token(&op.id, &session.id, &admin()).await.unwrap();
        assert_eq!(store.authenticate(&secret).await.unwrap(), None, "{}: revoked token", db.backend);
        assert!(matches!(store.revoke_token(&op.id, &session.id, &admin()).await, Err(DbError::NotFound { .. })));
        assert_eq!(store.list_tokens(&op.id, None, 1000).await.unwrap().len(), 2);
    }
}

#[tokio::test]
async fn one_operator_cannot_touch_another_operators_rows() {
    for db in test_support::all().await {
        let store = db.open().await;
        let alpha = operator(&store, "alpha").await;
        let beta = operator(&store, "beta").await;
        let clock = store.start_clock(&alpha.id, &new_clock("10 days", Timestamp::now()), &admin()).await.unwrap();
        let (token, _) = store
            .issue_token(
                &alpha.id,
                &NewToken {
                    name: "t".into(),
                    roles: Roles::parse_list("viewer").unwrap(),
                    staff_id: None,
                    expires_at: None,
                },
                &admin(),
            )
            .await
            .unwrap();

        assert!(matches!(store.clock(&beta.id, &clock.id).await, Err(DbError::NotFound { .. })), "{}", db.backend);
        let actor = admin();
        let paused = store.update_clock(&beta.id, &clock.id, &actor, Action::PauseClock, |c| {
            c.pause(Timestamp::now()).map(|_| serde_json::json!({}))
        });
        assert!(matches!(paused.await, Err(DbError::NotFound { .. })), "{}", db.backend);
        assert!(matches!(store.revoke_token(&beta.id, &token.id, &admin()).await, Err(DbError::NotFound { .. })));
        assert!(store.list_clocks(&beta.id, None, None, 100).await.unwrap().is_empty());
        assert!(store.list_tokens(&beta.id, None, 1000).await.unwrap().is_empty());
        // beta's journal holds only its own creation.
        assert_eq!(store.journal_page(&beta.id, 0, 100).await.unwrap().len(), 1);
    }
}

#[tokio::test]
async fn every_change_is_journaled_and_the_chain_verifies() {
    for db in test_support::all().await {
        let store = db.open().await;
        let op = operator(&store, "alpha").await;
        let clock = store.start_clock(&op.id, &new_clock("72 hours", Timestamp::now()), &admin()).await.unwrap();
        store
            .update_clock(&op.id, &clock.id, &admin(), Action::PauseClock, |c| {
                c.pause(Timestamp::now()).map(|_| serde_json::json!({}))
            })
            .await
            .unwrap();
        let refused = store
            .update_clock(&op.id, &clock.id, &admin(), Action::PauseClock, |c| {
                c.pause(Timestamp::now()).map(|_| serde_json::json!({}))
            })
            .await;
        assert!(matches!(refused, Err(DbError::Clock(_))), "{}: pausing twice is refused", db.backend);
        store.put_calendar(&op.id, "factory", "id = \"factory\"", &admin()).await.unwrap();

        let entries = store.journal_page(&op.id, 0, 100).await.unwrap();
        let actions: Vec<&str> = entries.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["create_operator", "start_clock", "pause_clock", "put_calendar"], "{}", db.backend);
        assert_eq!(entries.iter().map(|e| e.seq).collect::<Vec<_>>(), [1, 2, 3, 4]);
        assert_eq!(store.verify_journal(&op).await.unwrap(), 4);
        let stored = store.clock(&op.id, &clock.id).await.unwrap();
        assert_eq!(stored.state, ClockState::Paused);
    }
}

#[tokio::test]
async fn scheduler_moves_clocks_once_and_queues_notifications() {
    for db in test_support::all().await {
        let store = db.open().await;
        let op = operator(&store, "alpha").await;
        let start = Timestamp::now() - SignedDuration::from_hours(10);
        let breached = store.start_clock(&op.id, &new_clock("1 hours", start), &admin()).await.unwrap();
        let due_soon = store.start_clock(&op.id, &new_clock("11 hours", start), &admin()).await.unwrap();
        let running = store.start_clock(&op.id, &new_clock("100 hours", start), &admin()).await.unwrap();
        let now = Timestamp::now();

        let mut moved = store.process_due_clocks(now, 100).await.unwrap();
        moved.sort_by(|a, b| a.clock_id.cmp(&b.clock_id));
        let mut expected =
            vec![(breached.id.clone(), ClockState::Breached), (due_soon.id.clone(), ClockState::DueSoon)];
        expected.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(moved.iter().map(|t| (t.clock_id.clone(), t.to)).collect::<Vec<_>>(), expected, "{}", db.backend);
        assert!(
            store.process_due_clocks(now, 100).await.unwrap().is_empty(),
            "{}: second pass moves nothing",
            db.backend
        );

        assert_eq!(store.clock(&op.id, &running.id).await.unwrap().state, ClockState::Running);
        let outbox = store.list_outbox(&op.id, None, 10).await.unwrap();
        let mut topics: Vec<&str> = outbox.iter().map(|m| m.topic.as_str()).collect();
        topics.sort();
        assert_eq!(topics, ["clock.breached", "clock.due_soon"]);
        let next = store.next_clock_check().await.unwrap().expect("clocks still have transitions ahead");
        assert!(next > now);
        assert_eq!(store.verify_journal(&op).await.unwrap(), 6);
    }
}

fn address(text: &str) -> StaffEmail {
    StaffEmail::parse(text).unwrap()
}

async fn journal_count(store: &Db, op: &Operator, action: Action) -> usize {
    let entries = store.journal_page(&op.id, 0, 1000).await.unwrap();
    entries.iter().filter(|entry| entry.action == action).count()
}

#[tokio::test]
async fn email_recipients_are_per_operator_bounded_and_journaled() {
    for db in test_support::all().await {
        let backend = db.backend;
        let store = db.open().await;
        let alpha = operator(&store, "alpha").await;
        let beta = operator(&store, "beta").await;
        let dpo = address("dpo@alpha.example");
        let added = store.add_email_recipient(&alpha.id, &dpo, &admin()).await.unwrap();
        assert_eq!((added.operator_id.as_str(), added.address.as_str()), (alpha.id.as_str(), "dpo@alpha.example"));
        let again = store.add_email_recipient(&alpha.id, &address("DPO@alpha.example"), &admin()).await;
        assert!(matches!(again, Err(DbError::Conflict { kind: "e-mail recipient", .. })), "{backend}: {again:?}");
        // Another operator may use the same address, and sees only its own.
        let betas = store.add_email_recipient(&beta.id, &dpo, &admin()).await.unwrap();
        assert_eq!(store.list_email_recipients(&alpha.id).await.unwrap(), vec![added.clone()], "{backend}");
        assert_eq!(store.list_email_recipients(&beta.id).await.unwrap(), vec![betas], "{backend}");
        let theirs = store.remove_email_recipient(&beta.id, &added.id, &admin()).await;
        assert!(matches!(theirs, Err(DbError::NotFound { .. })), "{backend}: {theirs:?}");

        for index in 1..MAX_EMAIL_RECIPIENTS {
            store.add_email_recipient(&alpha.id, &address(&format!("r{index}@alpha.example")), &admin()).await.unwrap();
        }
        let over = store.add_email_recipient(&alpha.id, &address("one-more@alpha.example"), &admin()).await;
        assert!(matches!(over, Err(DbError::Limit { max: MAX_EMAIL_RECIPIENTS, .. })), "{backend}: {over:?}");
        assert_eq!(store.list_email_recipients(&alpha.id).await.unwrap().len(), MAX_EMAIL_RECIPIENTS as usize);

        store.remove_email_recipient(&alpha.id, &added.id, &admin()).await.unwrap();
        let twice = store.remove_email_recipient(&alpha.id, &added.id, &admin()).await;
        assert!(matches!(twice, Err(DbError::NotFound { kind: "e-mail recipient", .. })), "{backend}: {twice:?}");
        store.add_email_recipient(&alpha.id, &address("one-more@alpha.example"), &admin()).await.unwrap();

        assert_eq!(journal_count(&store, &alpha, Action::PutEmailRecipient).await, 21, "{backend}");
        assert_eq!(journal_count(&store, &alpha, Action::RemoveEmailRecipient).await, 1, "{backend}");
        assert_eq!(journal_count(&store, &beta, Action::RemoveEmailRecipient).await, 0, "{backend}");
        store.verify_journal(&alpha).await.unwrap();
        store.verify_journal(&beta).await.unwrap();
    }
}

#[tokio::test]
async fn a_transition_is_queued_once_per_webhook_and_per_recipient() {
    for db in test_support::all().await {
        let backend = db.backend;
        let store = db.open().await;
        let alpha = operator(&store, "alpha").await;
        let beta = operator(&store, "beta").await;
        let hook = store.add_webhook(&alpha.id, "https://hooks.alpha.example/tutela", &admin()).await.unwrap();
        store.add_email_recipient(&alpha.id, &address("dpo@alpha.example"), &admin()).await.unwrap();
        let leaving = store.add_email_recipient(&alpha.id, &address("ceo@alpha.example"), &admin()).await.unwrap();
        let start = Timestamp::now() - SignedDuration::from_hours(2);
        store.start_clock(&alpha.id, &new_clock("1 hours", start), &admin()).await.unwrap();
        store.start_clock(&beta.id, &new_clock("1 hours", start), &admin()).await.unwrap();
        let now = Timestamp::now();
        assert_eq!(store.process_due_clocks(now, 100).await.unwrap().len(), 2, "{backend}");

        let mut queued: Vec<(String, String, bool)> = store
            .list_outbox(&alpha.id, None, 100)
            .await
            .unwrap()
            .into_iter()
            .map(|m| (m.channel, m.destination, m.next_attempt_at.is_some()))
            .collect();
        queued.sort();
        let expected = [
            ("email", "ceo@alpha.example", true),
            ("email", "dpo@alpha.example", true),
            ("webhook", "https://hooks.alpha.example/tutela", true),
        ];
        let expected: Vec<(String, String, bool)> =
            expected.iter().map(|(c, d, due)| (c.to_string(), d.to_string(), *due)).collect();
        assert_eq!(queued, expected, "{backend}: one message per destination, all due now");
        // With no destination the notification is still kept, for reading, and never claimed.
        let kept = store.list_outbox(&beta.id, None, 100).await.unwrap();
        assert_eq!(kept.len(), 1, "{backend}");
        assert_eq!((kept[0].channel.as_str(), kept[0].next_attempt_at), ("outbox", None), "{backend}");

        // A recipient removed before its message is claimed is not sent to.
        store.remove_email_recipient(&alpha.id, &leaving.id, &admin()).await.unwrap();
        let claimed = store.claim_deliveries(Timestamp::now(), 60, 100).await.unwrap();
        assert_eq!(claimed.len(), 3, "{backend}");
        for delivery in &claimed {
            let message = &delivery.message;
            assert_eq!((message.operator_id.as_str(), message.attempts), (alpha.id.as_str(), 1), "{backend}");
            let expected = match (message.channel.as_str(), message.destination.as_str()) {
                ("webhook", _) => DeliveryTarget::Webhook { secret: hook.secret.clone() },
                ("email", "dpo@alpha.example") => DeliveryTarget::Email { operator: alpha.clone() },
                ("email", "ceo@alpha.example") => DeliveryTarget::Removed,
                other => panic!("{backend}: unexpected message {other:?}"),
            };
            assert_eq!(delivery.target, expected, "{backend}: {}", message.destination);
        }
    }
}

#[tokio::test]
async fn unreachable_postgres_gives_a_clear_error() {
    let location = tutela_db::Location::Url("postgres://tutela:pw@127.0.0.1:1/none".into());
    let err = Db::open(&location).await.unwrap_err().to_string();
    assert!(err.starts_with("cannot open database postgres://tutela:***@127.0.0.1:1/none"), "{err}");
    let err = Db::open(&tutela_db::Location::Url("mysql://x".into())).await.unwrap_err().to_string();
    assert!(err.contains("unsupported database URL"), "{err}");
}
