//! The portal's sign-in on both backends: addresses kept only as digests, a code sent only to a
//! registered address, its limits (wrong entries, expiry, codes per window), the session it opens
//! and what ends one, and operators kept apart.

use tutela_core::journal::{Action, Actor};
use tutela_core::subject::{SubjectEmail, SubjectRef};
use tutela_db::test_support;
use tutela_db::{DbError, PORTAL_CODE_TOPIC, PortalLimits, PortalSignIn};

fn code_in(message: &tutela_db::OutboxMessage) -> String {
    message.payload["code"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_registered_address_signs_in_with_its_code_and_nothing_else_does() {
    for db in test_support::all().await {
        let store = db.open().await;
        let kursy = test_support::create_operator(&store, "kursy").await;
        let other = test_support::create_operator(&store, "other").await;
        let actor = Actor::parse("system:test").unwrap();
        let anna = SubjectRef::parse("cust-1").unwrap();
        let email = SubjectEmail::parse("Anna@Example.ru").unwrap();
        let digest = email.lookup_digest(kursy.id.as_str());
        assert!(store.put_subject_contact(&kursy.id, &anna, digest.as_str(), &actor).await.unwrap());
        assert!(!store.put_subject_contact(&kursy.id, &anna, digest.as_str(), &actor).await.unwrap(), "once");
        let limits = PortalLimits::default();

        // An unknown address, and the same address at another operator, get no code and no mail.
        let stranger = SubjectEmail::parse("someone@example.ru").unwrap().lookup_digest(kursy.id.as_str());
        let sent = store.issue_portal_code(&kursy.id, stranger.as_str(), "someone@example.ru", "ru", limits).await;
        assert_eq!(sent.unwrap(), None, "{}", db.backend);
        let elsewhere = email.lookup_digest(other.id.as_str());
        assert_eq!(
            store.issue_portal_code(&other.id, elsewhere.as_str(), email.as_str(), "ru", limits).await.unwrap(),
            None
        );
        assert!(store.list_outbox(&kursy.id, None, 10).await.unwrap().is_empty());

        let expires = store.issue_portal_code(&kursy.id, digest.as_str(), email.as_str(), "ru", limits).await.unwrap();
        assert!(expires.is_some());
        let outbox = store.list_outbox(&kursy.id, None, 10).await.unwrap();
        assert_eq!((outbox[0].topic.as_str(), outbox[0].destination.as_str()), (PORTAL_CODE_TOPIC, "anna@example.ru"));
        let code = code_in(&outbox[0]);
        let wrong = if code == "000000" { "111111" } else { "000000" };
        let checked = store.check_portal_code(&kursy.id, digest.as_str(), wrong, limits).await.unwrap();
        assert_eq!(checked, PortalSignIn::Wrong { attempts_left: 4 });
        let refused = store.check_portal_code(&other.id, elsewhere.as_str(), &code, limits).await;
        assert!(matches!(refused, Err(DbError::Refused { .. })), "another operator's portal knows no code");

        let PortalSignIn::SignedIn { token, session } =
            store.check_portal_code(&kursy.id, digest.as_str(), &code, limits).await.unwrap()
        else {
            panic!("the right code signs in")
        };
        assert_eq!(session.subjects, std::slice::from_ref(&anna));
        assert_eq!(store.portal_session(&token).await.unwrap(), Some(session));
        let again = store.check_portal_code(&kursy.id, digest.as_str(), &code, limits).await;
        assert!(matches!(again, Err(DbError::Refused { reason, .. }) if reason.contains("used already")));
        assert_eq!(store.portal_session("not-a-token").await.unwrap(), None);

        let journal = store.journal_page(&kursy.id, 0, 100).await.unwrap();
        let actions: Vec<Action> = journal.iter().map(|e| e.action).collect();
        assert!(actions.contains(&Action::PutSubjectContact) && actions.contains(&Action::SignInSubject));
        let text = serde_json::to_string(&journal.iter().map(|e| &e.details).collect::<Vec<_>>()).unwrap();
        assert!(!text.contains("example.ru") && !text.contains(digest.as_str()), "no address in the journal");

        store.end_portal_session(&token).await.unwrap();
        assert_eq!(store.portal_session(&token).await.unwrap(), None, "signed out");

        // Erasing the subject's contacts ends every session of the address.
        store.issue_portal_code(&kursy.id, digest.as_str(), email.as_str(), "ru", limits).await.unwrap();
        let code = code_in(&store.list_outbox(&kursy.id, None, 1).await.unwrap()[0]);
        let PortalSignIn::SignedIn { token, .. } =
            store.check_portal_code(&kursy.id, digest.as_str(), &code, limits).await.unwrap()
        else {
            panic!("signed in again")
        };
        assert_eq!(store.remove_subject_contacts(&kursy.id, &anna, &actor).await.unwrap(), 1);
        assert_eq!(store.portal_session(&token).await.unwrap(), None);
        let sent = store.issue_portal_code(&kursy.id, digest.as_str(), email.as_str(), "ru", limits).await.unwrap();
        assert_eq!(sent, None, "no code for a removed address");
    }
}

#[tokio::test]
async fn codes_are_limited_by_attempts_expiry_and_window() {
    for db in test_support::all().await {
        let store = db.open().await;
        let kursy = test_support::create_operator(&store, "kursy").await;
        let actor = Actor::parse("system:test").unwrap();
        let email = SubjectEmail::parse("boris@example.ru").unwrap();
        let digest = email.lookup_digest(kursy.id.as_str());
        let subject = SubjectRef::parse("cust-2").unwrap();
        store.put_subject_contact(&kursy.id, &subject, digest.as_str(), &actor).await.unwrap();

        let limits = PortalLimits { max_attempts: 2, max_codes: 2, ..PortalLimits::default() };
        store.issue_portal_code(&kursy.id, digest.as_str(), email.as_str(), "en", limits).await.unwrap();
        let code = code_in(&store.list_outbox(&kursy.id, None, 1).await.unwrap()[0]);
        let wrong = if code == "000000" { "111111" } else { "000000" };
        for left in [1, 0] {
            let checked = store.check_portal_code(&kursy.id, digest.as_str(), wrong, limits).await.unwrap();
            assert_eq!(checked, PortalSignIn::Wrong { attempts_left: left }, "{}", db.backend);
        }
        let blocked = store.check_portal_code(&kursy.id, digest.as_str(), &code, limits).await;
        assert!(matches!(blocked, Err(DbError::Refused { reason, .. }) if reason.contains("too many")));

        store.issue_portal_code(&kursy.id, digest.as_str(), email.as_str(), "en", limits).await.unwrap();
        let third = store.issue_portal_code(&kursy.id, digest.as_str(), email.as_str(), "en", limits).await;
        assert!(matches!(third, Err(DbError::Refused { reason, .. }) if reason.contains("2 codes")));

        let expired = PortalLimits { code_ttl_ms: -1, window_ms: 0, ..limits };
        store.issue_portal_code(&kursy.id, digest.as_str(), email.as_str(), "en", expired).await.unwrap();
        let code = code_in(&store.list_outbox(&kursy.id, None, 1).await.unwrap()[0]);
        let late = store.check_portal_code(&kursy.id, digest.as_str(), &code, expired).await;
        assert!(matches!(late, Err(DbError::Refused { reason, .. }) if reason.contains("expired")));
    }
}
