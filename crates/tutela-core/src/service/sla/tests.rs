//! Seed 003's promises with hand-computed times, on the Chinese calendar across National Day 2026
//! (1-7 October off; Sunday 20 September and Saturday 10 October make-up working days), and the
//! reopen, back-dating and policy-change cases help desks got wrong.

use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;

use super::*;
use crate::calendar::builtin;

fn spec(target: Target, within: &str, calendar: &str) -> TargetSpec {
    TargetSpec { target, within: within.parse().unwrap(), calendar: CalendarId::new(calendar).unwrap() }
}

fn calendars(id: &CalendarId) -> Option<&'static Calendar> {
    builtin(id.as_str())
}

fn cst(text: &str) -> Timestamp {
    format!("{text}+08:00").parse().unwrap()
}

fn ev(at: Timestamp, kind: EventKind) -> TicketEvent {
    TicketEvent { at, kind }
}

fn repair(region: &str, emergency: bool) -> TicketFacts {
    TicketFacts {
        kind: TicketKind::Repair,
        region: region.into(),
        priority: Priority::Normal,
        emergency,
        product_line: "pump".into(),
        contract: None,
    }
}

/// The letters' on-site promises: at once (2 h) for a safety emergency anywhere, 8 h in the Pearl
/// River Delta, 24 h elsewhere in Guangdong, 48 h in other provinces; a loaner after 12 h.
fn seed_policies() -> Vec<SlaPolicy> {
    let policy = |key: &str, conditions: Conditions, on_site: &str, fallback: bool| SlaPolicy {
        key: key.into(),
        name: format!("on site within {on_site}"),
        conditions,
        fallback,
        targets: vec![
            spec(Target::FirstResponse, "1 hours", "24x7"),
            spec(Target::OnSite, on_site, "24x7"),
            spec(Target::Resolution, "72 hours", "24x7"),
        ],
        escalations: vec![
            Escalation {
                target: Target::Resolution,
                at: EscalationAt::After("12 hours".parse().unwrap()),
                action: "loaner_device".into(),
            },
            Escalation { target: Target::Resolution, at: EscalationAt::Permille(750), action: "notify_manager".into() },
        ],
    };
    let region = |r: &str| Conditions { regions: vec![r.into()], emergency: Some(false), ..Conditions::default() };
    vec![
        policy("emergency", Conditions { emergency: Some(true), ..Conditions::default() }, "2 hours", false),
        policy("prd", region("prd"), "8 hours", false),
        policy("guangdong", region("guangdong"), "24 hours", false),
        policy("other", Conditions::default(), "48 hours", true),
    ]
}

fn on_site_due(policy: &SlaPolicy, created: Timestamp) -> Timestamp {
    let clocks = derive(policy, &[ev(created, EventKind::Created)], calendars).unwrap();
    clocks.iter().find(|c| c.target == Target::OnSite).unwrap().clock.due()
}

#[test]
fn the_seed_s_on_site_promises_by_region_with_emergencies_first() {
    let policies = seed_policies();
    check_policies(&policies).unwrap();
    let created = cst("2026-10-01T10:00:00");
    for (region, emergency, key, due) in [
        ("prd", false, "prd", "2026-10-01T18:00:00"),
        ("guangdong", false, "guangdong", "2026-10-02T10:00:00"),
        ("yunnan", false, "other", "2026-10-03T10:00:00"),
        ("guangdong", true, "emergency", "2026-10-01T12:00:00"),
    ] {
        let policy = select(&policies, &repair(region, emergency)).unwrap();
        assert_eq!(policy.key, key, "{region} emergency={emergency}");
        assert_eq!(on_site_due(policy, created), cst(due), "{key}: hours run through the holiday");
    }
}

#[test]
fn working_days_and_business_hours_skip_national_day_and_count_the_make_up_saturday() {
    let policy = SlaPolicy {
        key: "office".into(),
        name: "office hours".into(),
        conditions: Conditions::default(),
        fallback: true,
        targets: vec![
            spec(Target::FirstResponse, "4 business hours", "cn"),
            spec(Target::Resolution, "3 working days", "cn"),
        ],
        escalations: vec![],
    };
    let created = cst("2026-09-30T16:00:00");
    let clocks = derive(&policy, &[ev(created, EventKind::Created)], calendars).unwrap();
    // 16:00-18:00 on Wednesday 30 September, then nothing until Thursday 8 October 09:00 + 2 h.
    assert_eq!(clocks[0].clock.due(), cst("2026-10-08T11:00:00"));
    // Working days after 30 September: Thu 8, Fri 9, and Saturday 10 October, a make-up day.
    assert_eq!(clocks[1].clock.due(), cst("2026-10-10T23:59:59"));
}

#[test]
fn waiting_for_the_customer_pauses_arrival_and_resolution_not_first_response() {
    let policy = select(&seed_policies(), &repair("prd", false)).unwrap().clone();
    let t0 = cst("2026-11-02T08:00:00");
    let h = |hours: i64| t0 + SignedDuration::from_hours(hours);
    let history = [
        ev(t0, EventKind::Created),
        ev(h(2), EventKind::WaitingCustomer),
        ev(h(5), EventKind::CustomerReplied),
        ev(h(10), EventKind::Arrived),
    ];
    let clocks = derive(&policy, &history, calendars).unwrap();
    let on_site = clocks.iter().find(|c| c.target == Target::OnSite).unwrap();
    assert_eq!(on_site.clock.due(), h(11), "8 h plus the 3 h the customer kept the engineer waiting");
    assert_eq!(on_site.met(), Some((h(10), Outcome::Met)));
    let first = clocks.iter().find(|c| c.target == Target::FirstResponse).unwrap();
    assert_eq!(first.met(), Some((h(10), Outcome::MetLate)), "the arrival was the first response, 9 h late");
}

#[test]
fn a_reopened_ticket_keeps_its_resolution_clock_and_does_not_count_the_time_it_was_solved() {
    let policy = select(&seed_policies(), &repair("prd", false)).unwrap().clone();
    let t0 = cst("2026-11-02T08:00:00");
    let h = |hours: i64| t0 + SignedDuration::from_hours(hours);
    let history = [
        ev(t0, EventKind::Created),
        ev(h(1), EventKind::Arrived),
        ev(h(10), EventKind::Resolved),
        ev(h(30), EventKind::Reopened),
        ev(h(40), EventKind::Resolved),
        ev(h(41), EventKind::Closed),
    ];
    let clocks = derive(&policy, &history, calendars).unwrap();
    let resolution = clocks.iter().find(|c| c.target == Target::Resolution).unwrap();
    assert_eq!(resolution.clock.due(), h(92), "72 h plus the 20 h between resolution and reopening");
    assert_eq!(resolution.met(), Some((h(40), Outcome::Met)));
    // Only the first resolution: met at 10 h; the reopening later moves the completion.
    let first_only = derive(&policy, &history[..3], calendars).unwrap();
    assert_eq!(first_only[2].met(), Some((h(10), Outcome::Met)));
    // Reopened and not resolved again: the clock runs from the reopening with 62 h left.
    let reopened = derive(&policy, &history[..4], calendars).unwrap();
    assert_eq!((reopened[2].met(), reopened[2].state_at(h(91))), (None, ClockState::DueSoon));
    assert_eq!(reopened[2].state_at(h(93)), ClockState::Breached);
}

#[test]
fn a_back_dated_arrival_and_a_changed_policy_recompute_the_clocks() {
    let policies = seed_policies();
    let t0 = cst("2026-11-02T08:00:00");
    let h = |hours: i64| t0 + SignedDuration::from_hours(hours);
    // The engineer arrived at 7 h but it was recorded after the resolution, at the end.
    let recorded = [ev(t0, EventKind::Created), ev(h(20), EventKind::Resolved), ev(h(7), EventKind::Arrived)];
    let guangdong = select(&policies, &repair("guangdong", false)).unwrap();
    let clocks = derive(guangdong, &recorded, calendars).unwrap();
    assert_eq!(clocks[1].met(), Some((h(7), Outcome::Met)));
    // The site turns out to be in the Pearl River Delta: 8 h, and 7 h was still in time; had the
    // engineer come at 9 h it would now be late, with no stored clock to patch.
    let prd = select(&policies, &repair("prd", false)).unwrap();
    assert_eq!(derive(prd, &recorded, calendars).unwrap()[1].met(), Some((h(7), Outcome::Met)));
    let later = [ev(t0, EventKind::Created), ev(h(9), EventKind::Arrived)];
    assert_eq!(derive(guangdong, &later, calendars).unwrap()[1].met(), Some((h(9), Outcome::Met)));
    assert_eq!(derive(prd, &later, calendars).unwrap()[1].met(), Some((h(9), Outcome::MetLate)));
}

#[test]
fn a_loaner_after_12_hours_and_the_manager_at_75_percent() {
    let policy = select(&seed_policies(), &repair("prd", false)).unwrap().clone();
    let t0 = cst("2026-11-02T08:00:00");
    let h = |hours: i64| t0 + SignedDuration::from_hours(hours);
    let open = [ev(t0, EventKind::Created), ev(h(1), EventKind::Arrived)];
    let steps = escalations(&policy, &open, h(13), calendars).unwrap();
    assert_eq!((steps[0].action.as_str(), steps[0].due, steps[0].fired), ("loaner_device", h(12), true));
    assert_eq!((steps[1].action.as_str(), steps[1].due, steps[1].fired), ("notify_manager", h(54), false));
    let repaired_in_time = [ev(t0, EventKind::Created), ev(h(1), EventKind::Arrived), ev(h(11), EventKind::Resolved)];
    assert!(!escalations(&policy, &repaired_in_time, h(60), calendars).unwrap().iter().any(|e| e.fired));
}

#[test]
fn bad_histories_and_policies_are_refused() {
    let policy = &seed_policies()[1];
    let t0 = cst("2026-11-02T08:00:00");
    let early = [ev(t0, EventKind::Created), ev(t0 - SignedDuration::from_hours(1), EventKind::Arrived)];
    assert!(matches!(derive(policy, &early, calendars), Err(SlaError::BeforeCreation { event: "arrived", .. })));
    assert_eq!(derive(policy, &[ev(t0, EventKind::Arrived)], calendars), Err(SlaError::NoCreation));
    let mut two_fallbacks = seed_policies();
    two_fallbacks[0].fallback = true;
    assert_eq!(check_policies(&two_fallbacks), Err(SlaError::Fallbacks(2)));
    let mut twice = seed_policies();
    twice[1].targets.push(spec(Target::OnSite, "1 hours", "24x7"));
    assert!(matches!(check_policies(&twice), Err(SlaError::Policy { .. })));
}

fn kind() -> impl Strategy<Value = EventKind> {
    prop_oneof![
        Just(EventKind::Responded),
        Just(EventKind::Arrived),
        Just(EventKind::WaitingCustomer),
        Just(EventKind::CustomerReplied),
        Just(EventKind::Resolved),
        Just(EventKind::Reopened),
        Just(EventKind::Closed),
    ]
}

proptest! {
    /// For random histories recorded in a random order (back-dated events), the derived clocks are
    /// those of the history replayed in time order from scratch; an on-time completion is never
    /// later than the due instant, and the due instant never moves before the first one.
    #[test]
    fn the_order_events_are_recorded_in_does_not_change_the_clocks(
        events in proptest::collection::vec((0i64..200_000, kind()), 0..30),
        order in proptest::collection::vec(any::<u32>(), 30),
        region in prop_oneof![Just("prd"), Just("guangdong"), Just("other")],
    ) {
        let t0 = cst("2026-09-28T09:00:00");
        let mut history: Vec<TicketEvent> = vec![ev(t0, EventKind::Created)];
        history.extend(events.iter().map(|(minutes, kind)| ev(t0 + SignedDuration::from_mins(*minutes), *kind)));
        let mut in_time_order = history.clone();
        in_time_order.sort_by_key(|e| (e.at, e.kind != EventKind::Created));
        let mut shuffled = in_time_order.clone();
        // Shuffle events at different instants only: same-instant events keep their order.
        let mut keyed: Vec<(u32, TicketEvent)> = shuffled.drain(..).enumerate().map(|(i, e)| (order[i % 30], e)).collect();
        keyed.sort_by_key(|(key, e)| (*key, e.at));
        let shuffled: Vec<TicketEvent> = keyed.into_iter().map(|(_, e)| e).collect();
        let policies = seed_policies();
        let policy = select(&policies, &repair(region, false)).unwrap();
        let from_recorded = derive(policy, &shuffled, calendars);
        let from_scratch = derive(policy, &in_time_order, calendars);
        // Same-instant events may land in another order after the shuffle; compare only when
        // every instant is distinct.
        let distinct = in_time_order.windows(2).all(|w| w[0].at != w[1].at);
        if distinct {
            prop_assert_eq!(&from_recorded, &from_scratch);
        }
        for clock in from_scratch.unwrap() {
            prop_assert!(clock.clock.due() >= clock.clock.initial_due());
            if let Some((at, outcome)) = clock.met() {
                // The clock stopped counting at the completion, or at a pause still open then.
                let history = clock.clock.history();
                let stopped = match history.iter().rev().nth(1) {
                    Some(crate::clock::ClockEvent::Paused { at: since }) => *since,
                    _ => at,
                };
                prop_assert_eq!(outcome == Outcome::Met, stopped <= clock.clock.due(), "{:?}", history);
            }
        }
    }
}
