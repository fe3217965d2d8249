//! The request log on both backends: numbering per operator and year, the clock and the first event
//! written with the request, status changes under a check, and operators kept apart.

use jiff::Timestamp;
use tutela_core::clock::{Clock, ClockSpec, ClockState, DueSoonPermille};
use tutela_core::deadline::Roll;
use tutela_core::journal::Actor;
use tutela_db::test_support;
use tutela_db::{DbError, NewRequest, StatusChange};

fn new_request(received: &str, with_clock: bool) -> NewRequest {
    let received_at: Timestamp = received.parse().unwrap();
    let clock = with_clock.then(|| {
        let calendar = tutela_core::calendar::builtin("ru").unwrap();
        let clock = Clock::start(
            received_at,
            "10 working days".parse().unwrap(),
            calendar,
            Roll::NextWorkingDay,
            DueSoonPermille::default(),
        )
        .unwrap();
        ClockSpec {
            kind: "request.access".into(),
            label: "Answer an access request (152-FZ art. 20(1))".into(),
            subject_ref: None,
            clock,
        }
    });
    NewRequest {
        request_type: "access".into(),
        jurisdiction: "ru_152fz".into(),
        channel: "api".into(),
        language: "ru".into(),
        subject_ref: None,
        // One subject per instant: an open request of a type is refused a duplicate.
        identities: serde_json::json!({ "email": format!("anna.{}@example.com", received_at.as_second()) }),
        received_at,
        reference_prefix: "KUR".into(),
        clock,
    }
}

#[tokio::test]
async fn requests_are_numbered_clocked_and_changed_under_a_check() {
    for db in test_support::all().await {
        let store = db.open().await;
        let kursy = test_support::create_operator(&store, "kursy").await;
        let other = test_support::create_operator(&store, "other").await;
        let actor = Actor::parse("system:test").unwrap();
        let first = store.create_request(&kursy.id, &new_request("2025-12-30T13:00:00Z", true), &actor).await.unwrap();
        let second =
            store.create_request(&kursy.id, &new_request("2025-12-31T09:00:00Z", false), &actor).await.unwrap();
        let next_year =
            store.create_request(&kursy.id, &new_request("2026-01-12T09:00:00Z", false), &actor).await.unwrap();
        let elsewhere =
            store.create_request(&other.id, &new_request("2025-12-30T13:00:00Z", false), &actor).await.unwrap();
        assert_eq!(
            [&first.reference, &second.reference, &next_year.reference, &elsewhere.reference],
            ["KUR-2025-000001", "KUR-2025-000002", "KUR-2026-000001", "KUR-2025-000001"],
            "{}",
            db.backend
        );
        let clock = store.clock(&kursy.id, first.clock_id.as_deref().unwrap()).await.unwrap();
        assert_eq!(clock.kind, "request.access");
        assert!(second.clock_id.is_none());
        assert_eq!(store.request(&kursy.id, "KUR-2025-000001").await.unwrap().id, first.id, "found by reference");
        assert!(matches!(store.request(&other.id, &first.id).await, Err(DbError::NotFound { .. })), "operators apart");

        let page = store.list_requests(&kursy.id, None, 2, None).await.unwrap();
        assert_eq!(
            page.iter().map(|r| r.reference.as_str()).collect::<Vec<_>>(),
            ["KUR-2026-000001", "KUR-2025-000002"]
        );
        let rest = store.list_requests(&kursy.id, Some(&page[1].id), 2, None).await.unwrap();
        assert_eq!(rest.iter().map(|r| r.reference.as_str()).collect::<Vec<_>>(), ["KUR-2025-000001"]);

        let changed = store
            .change_request(
                &kursy.id,
                &first.id,
                &actor,
                StatusChange { status: "completed", note: "package sent", complete_clock: true, answer: None },
                |r| {
                    if r.status == "completed" { Err("already completed".into()) } else { Ok(()) }
                },
            )
            .await
            .unwrap();
        assert_eq!(changed.status, "completed");
        let met = store.clock(&kursy.id, first.clock_id.as_deref().unwrap()).await.unwrap();
        assert!(
            matches!(met.state, ClockState::Met | ClockState::MetLate),
            "completed with the request: {:?}",
            met.state
        );
        let refused = store
            .change_request(
                &kursy.id,
                &first.id,
                &actor,
                StatusChange { status: "completed", note: "again", complete_clock: true, answer: None },
                |r| {
                    if r.status == "completed" { Err("already completed".into()) } else { Ok(()) }
                },
            )
            .await
            .unwrap_err();
        assert_eq!(refused.to_string(), "request KUR-2025-000001: already completed");
        let events = store.request_events(&kursy.id, &first.id).await.unwrap();
        let statuses: Vec<&str> = events.iter().map(|e| e.status.as_str()).collect();
        assert_eq!(statuses, ["received", "completed"], "a refused change leaves no event");
        store.verify_journal(&kursy).await.expect("the journal verifies");
        let journal = store.journal_page(&kursy.id, 0, 100).await.unwrap();
        let actions: Vec<&str> = journal.iter().map(|e| e.action.as_str()).collect();
        assert!(actions.contains(&"receive_request") && actions.contains(&"change_request"), "{actions:?}");
        assert!(journal.iter().all(|e| !e.details.to_string().contains("@example.com")), "no identity in the journal");
    }
}

#[tokio::test]
async fn a_second_open_request_of_a_type_for_the_same_identities_is_refused() {
    for db in test_support::all().await {
        let store = db.open().await;
        let kursy = test_support::create_operator(&store, "kursy").await;
        let actor = Actor::parse("system:test").unwrap();
        let request = new_request("2025-12-30T13:00:00Z", false);
        let first = store.create_request(&kursy.id, &request, &actor).await.unwrap();
        let error = store.create_request(&kursy.id, &request, &actor).await.unwrap_err();
        assert!(error.to_string().contains(&format!("open as {}", first.reference)), "{error}");
        let erasure = NewRequest { request_type: "erasure".into(), ..request.clone() };
        store.create_request(&kursy.id, &erasure, &actor).await.expect("another type is another demand");
        let change = tutela_db::StatusChange {
            status: "refused",
            note: "identity not proven",
            complete_clock: true,
            answer: None,
        };
        store.change_request(&kursy.id, &first.id, &actor, change, |_| Ok(())).await.unwrap();
        store.create_request(&kursy.id, &request, &actor).await.expect("a closed request does not block a new one");
    }
}
