//! Several Tutela instances on one PostgreSQL database: the scheduler's work is claimed, never done
//! twice. (SQLite has a single writer, so this is a PostgreSQL test.)

use jiff::{SignedDuration, Timestamp};
use tutela_core::calendar;
use tutela_core::clock::ClockSpec;
use tutela_core::clock::{Clock, DueSoonPermille};
use tutela_core::deadline::Roll;
use tutela_core::journal::Actor;
use tutela_core::operator::{OperatorName, OperatorSlug};
use tutela_db::{Db, test_support};

const CLOCKS: usize = 120;
const BATCH: u32 = 7;

async fn drain(store: Db) -> usize {
    let mut moved = 0;
    loop {
        let batch = store.process_due_clocks(Timestamp::now(), BATCH).await.expect("scheduler pass");
        if batch.is_empty() {
            return moved;
        }
        moved += batch.len();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_instances_never_process_a_clock_twice() {
    let Some(db) = test_support::postgres().await else { return };
    let (first, second) = (db.open().await, db.open().await);
    let actor = Actor::parse("system:test").unwrap();
    let op = first
        .create_operator(&OperatorSlug::parse("alpha").unwrap(), &OperatorName::parse("Alpha").unwrap(), &actor)
        .await
        .unwrap();
    let start = Timestamp::now() - SignedDuration::from_hours(2);
    for index in 0..CLOCKS {
        let clock = Clock::start(
            start,
            "1 hours".parse().unwrap(),
            calendar::builtin("24x7").unwrap(),
            Roll::Off,
            DueSoonPermille::new(800).unwrap(),
        )
        .unwrap();
        let new = ClockSpec { kind: "test".into(), label: format!("clock {index}"), subject_ref: None, clock };
        first.start_clock(&op.id, &new, &actor).await.unwrap();
    }

    let (a, b, c) = tokio::join!(
        tokio::spawn(drain(first.clone())),
        tokio::spawn(drain(second.clone())),
        tokio::spawn(drain(second.clone()))
    );
    let (a, b, c) = (a.unwrap(), b.unwrap(), c.unwrap());
    assert_eq!(a + b + c, CLOCKS, "every clock moved exactly once (split {a}/{b}/{c})");

    let mut breaches = 0;
    let mut after = 0;
    loop {
        let page = first.journal_page(&op.id, after, 1000).await.unwrap();
        let Some(last) = page.last() else { break };
        after = last.seq;
        breaches += page.iter().filter(|e| e.action.as_str() == "clock_breached").count();
    }
    assert_eq!(breaches, CLOCKS, "one breach entry per clock");
    assert_eq!(first.list_outbox(&op.id, None, 1000).await.unwrap().len(), CLOCKS, "one notification per clock");
    assert_eq!(second.verify_journal(&op).await.unwrap(), 1 + 2 * CLOCKS as u64);
}
