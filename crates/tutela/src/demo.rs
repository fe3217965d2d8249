//! Demo data: five fictional operators with staff and clocks in every state, for `tutela demo`.
//!
//! The operators are modelled on the situations Tutela is built for: an ed-tech platform under
//! China's PIPL, a solar-inverter maker answering EU customers under the GDPR, a St Petersburg course
//! operator under Russia's 152-FZ, a music-streaming subscription service in India and a Chinese pump
//! maker's after-sales service with contractual on-site times. Their clocks are started relative to
//! now, on the built-in calendars with the statutory periods, so that the console shows running,
//! due-soon, breached, paused, extended and met clocks, and every journal has real history.
//!
//! Seeding is idempotent: an operator whose slug already exists is left as it is, so running the demo
//! again on the same directory reuses it. Everything is done as `system:demo`.

use anyhow::Context;
use jiff::{RoundMode, SignedDuration, Timestamp, TimestampRound, Unit};
use serde_json::json;
use tutela_core::calendar::{self, Calendar};
use tutela_core::clock::{Clock, ClockSpec, DueSoonPermille, ExtensionReason};
use tutela_core::deadline::{DurationSpec, Roll};
use tutela_core::journal::{Action, Actor};
use tutela_core::operator::{OperatorId, OperatorName, OperatorSlug};
use tutela_core::request::{Jurisdiction, RequestType};
use tutela_core::staff::{Password, Roles, StaffEmail};
use tutela_core::subject::SubjectRef;
use tutela_db::{Db, NewRequest, NewStaff, now_us};

/// The password of every demo account (printed by `tutela demo`; this is demo data only).
pub const DEMO_PASSWORD: &str = "tutela-demo";
/// Most clocks one scheduler pass settles after seeding.
const SETTLE_BATCH_CLOCKS: u32 = 1000;
/// Most settling passes; the demo has a few dozen clocks, so one pass is enough.
const SETTLE_MAX_PASSES: usize = 10;
const HOURS_PER_DAY: i64 = 24;

/// The demo operators' data maps (`demo/<slug>/datamap.yaml`), compiled in so that `tutela demo`
/// needs no checkout of the repository.
pub const DEMO_DATA_MAPS: &[(&str, &str)] = &[
    ("lexue", include_str!("../../../demo/lexue/datamap.yaml")),
    ("solarmax", include_str!("../../../demo/solarmax/datamap.yaml")),
    ("kursy", include_str!("../../../demo/kursy/datamap.yaml")),
    ("tunewave", include_str!("../../../demo/tunewave/datamap.yaml")),
    ("pumpcare", include_str!("../../../demo/pumpcare/datamap.yaml")),
];

/// Folder of the demo data directory that holds each demo operator's own stores, one folder per
/// operator (`stores/<slug>/`), at the paths its data map declares.
pub const DEMO_STORES_DIR: &str = "stores";

/// Writes the demo operators' own stores (their generated databases and files) under
/// `<data_dir>/stores/<slug>/`, for each operator that has none yet, so changes made to them (an
/// erasure, say) survive a restart of the demo. Returns the slugs whose stores were written.
pub async fn create_demo_stores(data_dir: &std::path::Path) -> anyhow::Result<Vec<String>> {
    let mut written = Vec::new();
    for (slug, _) in DEMO_DATA_MAPS {
        let dir = data_dir.join(DEMO_STORES_DIR).join(slug);
        if dir.exists() {
            continue;
        }
        tutela_connect::demo::create_demo_stores(slug, &dir)
            .await
            .with_context(|| format!("cannot write the demo stores of {slug} under {}", dir.display()))?;
        written.push((*slug).to_owned());
    }
    Ok(written)
}

/// What seeding did and how to sign in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoSummary {
    /// Every demo operator, seeded now or before.
    pub operators: Vec<DemoOperator>,
    /// Slugs of the operators this call created (empty when the directory was already seeded).
    pub newly_seeded: Vec<String>,
    /// The password of every demo account.
    pub password: &'static str,
}

/// One demo operator and its accounts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoOperator {
    /// The operator's slug.
    pub slug: String,
    /// The operator's display name.
    pub name: String,
    /// The administrator's sign-in e-mail.
    pub admin_email: String,
    /// The agent's sign-in e-mail.
    pub agent_email: String,
}

/// A demo operator to create.
struct OperatorSpec {
    slug: &'static str,
    name: &'static str,
    admin_name: &'static str,
    agent_name: &'static str,
    clocks: &'static [DemoClock],
}

/// A demo data-subject request, received `received_hours_ago` through `channel`; its clock comes
/// from the rule table like any request's.
struct DemoRequest {
    slug: &'static str,
    request_type: RequestType,
    jurisdiction: Jurisdiction,
    calendar: &'static str,
    channel: &'static str,
    language: &'static str,
    email: &'static str,
    received_hours_ago: i64,
}

/// The demo requests, a few per operator, in the request log from the first run; each subject is
/// one of the operator's generated stores (a test checks the engine finds them).
const DEMO_REQUESTS: [DemoRequest; 5] = [
    DemoRequest {
        slug: "kursy",
        request_type: RequestType::Access,
        jurisdiction: Jurisdiction::Ru152fz,
        calendar: "ru",
        channel: "paper",
        language: "ru",
        email: "daria.16@mail.example",
        received_hours_ago: 30,
    },
    DemoRequest {
        slug: "kursy",
        request_type: RequestType::Rectification,
        jurisdiction: Jurisdiction::Ru152fz,
        calendar: "ru",
        channel: "email",
        language: "ru",
        email: "olga.38@inbox.example",
        received_hours_ago: 100,
    },
    DemoRequest {
        slug: "lexue",
        request_type: RequestType::Access,
        jurisdiction: Jurisdiction::CnPipl,
        calendar: "cn",
        channel: "portal",
        language: "zh-CN",
        email: "wuyuxuan@163.example",
        received_hours_ago: 50,
    },
    DemoRequest {
        slug: "solarmax",
        request_type: RequestType::Erasure,
        jurisdiction: Jurisdiction::EuGdpr,
        calendar: "bg",
        channel: "api",
        language: "en",
        email: "tess.bakker56@post.example",
        received_hours_ago: 100,
    },
    DemoRequest {
        slug: "tunewave",
        request_type: RequestType::Access,
        jurisdiction: Jurisdiction::InDpdp,
        calendar: "in",
        channel: "portal",
        language: "en",
        email: "meera.patel1@rediff.example",
        received_hours_ago: 20,
    },
];

/// A demo clock: started `started_hours_ago`, then optionally changed once.
struct DemoClock {
    kind: &'static str,
    label: &'static str,
    subject_ref: &'static str,
    duration: &'static str,
    calendar: &'static str,
    started_hours_ago: i64,
    step: Step,
}

/// What happened to a demo clock after it started, `after_hours` after its start.
enum Step {
    /// Nothing: it runs (or has run out).
    None,
    /// Paused, with a note in the journal.
    Pause { after_hours: i64, note: &'static str },
    /// Extended by a period, for a reason.
    Extend { after_hours: i64, by: &'static str, reason: &'static str },
    /// Completed.
    Complete { after_hours: i64 },
}

const fn days(count: i64) -> i64 {
    count * HOURS_PER_DAY
}

const OPERATORS: &[OperatorSpec] = &[
    OperatorSpec {
        slug: "lexue",
        name: "LeXue Online (demo: ed-tech platform in Tianjin, PIPL)",
        admin_name: "Li Na",
        agent_name: "Zhang Wei",
        clocks: &[
            DemoClock {
                kind: "request.access",
                label: "PIPL access and copy request (art. 45), answered within 15 working days",
                subject_ref: "dsr-lexue-2026-0311",
                duration: "15 working days",
                calendar: "cn",
                started_hours_ago: days(5),
                step: Step::None,
            },
            DemoClock {
                kind: "request.deletion",
                label: "PIPL deletion request (art. 47) from a pupil's guardian",
                subject_ref: "dsr-lexue-2026-0287",
                duration: "15 working days",
                calendar: "cn",
                started_hours_ago: days(30),
                step: Step::Complete { after_hours: days(6) },
            },
        ],
    },
    OperatorSpec {
        slug: "solarmax",
        name: "Solarmax (demo: solar-inverter maker with EU customers, GDPR)",
        admin_name: "Marta Keller",
        agent_name: "Jonas Weber",
        clocks: &[
            DemoClock {
                kind: "request.access",
                label: "GDPR access request (art. 15), one month under art. 12(3)",
                subject_ref: "dsr-solarmax-2026-1042",
                duration: "1 month",
                calendar: "eu",
                started_hours_ago: days(10),
                step: Step::Pause {
                    after_hours: days(2),
                    note: "waiting for the requester to confirm their identity (art. 12(6))",
                },
            },
            DemoClock {
                kind: "request.erasure",
                label: "GDPR erasure request (art. 17) for a warranty registration",
                subject_ref: "dsr-solarmax-2026-0977",
                duration: "1 month",
                calendar: "eu",
                started_hours_ago: days(40),
                step: Step::Complete { after_hours: days(12) },
            },
            DemoClock {
                kind: "incident.regulator_notice",
                label: "Notify the lead supervisory authority of a personal data breach (GDPR art. 33)",
                subject_ref: "incident-solarmax-2026-07",
                duration: "72 hours",
                calendar: "eu",
                started_hours_ago: 20,
                step: Step::None,
            },
        ],
    },
    OperatorSpec {
        slug: "kursy",
        name: "Kursy (demo: course operator in St Petersburg, 152-FZ)",
        admin_name: "Olga Smirnova",
        agent_name: "Ivan Petrov",
        clocks: &[
            DemoClock {
                kind: "request.access",
                label: "Access request: information on the processing of personal data (152-FZ art. 14)",
                subject_ref: "dsr-kursy-2026-0418",
                duration: "10 working days",
                calendar: "ru",
                started_hours_ago: days(12),
                step: Step::Extend {
                    after_hours: days(9),
                    by: "5 working days",
                    reason: "Records for 2019-2022 are kept in the paper archive of the Vasileostrovsky branch; \
                             a reasoned notice of the extension was sent to the subject (152-FZ art. 14 part 3)",
                },
            },
            DemoClock {
                kind: "request.rectification",
                label: "Rectify inaccurate personal data (152-FZ art. 21 part 2)",
                subject_ref: "dsr-kursy-2026-0431",
                duration: "7 working days",
                calendar: "ru",
                started_hours_ago: days(2),
                step: Step::None,
            },
            DemoClock {
                kind: "request.consent_withdrawal",
                label: "Stop processing and destroy data after consent withdrawal (152-FZ art. 21 part 5)",
                subject_ref: "dsr-kursy-2026-0402",
                duration: "30 days",
                calendar: "ru",
                started_hours_ago: days(26),
                step: Step::None,
            },
            DemoClock {
                kind: "incident.regulator_notice",
                label: "Notify Roskomnadzor of a personal data leak (152-FZ art. 21 part 3.1)",
                subject_ref: "incident-kursy-2026-03",
                duration: "24 hours",
                calendar: "ru",
                started_hours_ago: 30,
                step: Step::None,
            },
        ],
    },
    OperatorSpec {
        slug: "tunewave",
        name: "TuneWave (demo: music-streaming subscriptions, India)",
        admin_name: "Priya Sharma",
        agent_name: "Rahul Verma",
        clocks: &[
            DemoClock {
                kind: "subscription.cancellation",
                label: "Confirm a subscription cancellation to the subscriber",
                subject_ref: "sub-tunewave-88213",
                duration: "10 days",
                calendar: "in",
                started_hours_ago: days(3),
                step: Step::None,
            },
            DemoClock {
                kind: "subscription.cancellation",
                label: "Confirm a subscription cancellation to the subscriber",
                subject_ref: "sub-tunewave-87940",
                duration: "10 days",
                calendar: "in",
                started_hours_ago: days(15),
                step: Step::Complete { after_hours: days(2) },
            },
            DemoClock {
                kind: "request.grievance",
                label: "Answer a data principal's grievance (DPDP Rules, 90 days)",
                subject_ref: "dsr-tunewave-2026-0057",
                duration: "90 days",
                calendar: "in",
                started_hours_ago: days(7),
                step: Step::None,
            },
        ],
    },
    OperatorSpec {
        slug: "pumpcare",
        name: "PumpCare (demo: a pump maker's after-sales service in China)",
        admin_name: "Chen Jing",
        agent_name: "Liu Yang",
        clocks: &[
            DemoClock {
                kind: "service.onsite",
                label: "On-site repair, provincial capital (8 hours)",
                subject_ref: "ticket-pumpcare-50311",
                duration: "8 hours",
                calendar: "24x7",
                started_hours_ago: 3,
                step: Step::None,
            },
            DemoClock {
                kind: "service.onsite",
                label: "On-site repair, prefecture-level city (24 hours)",
                subject_ref: "ticket-pumpcare-50296",
                duration: "24 hours",
                calendar: "24x7",
                started_hours_ago: 30,
                step: Step::Complete { after_hours: 20 },
            },
            DemoClock {
                kind: "service.onsite",
                label: "On-site repair, county or remote area (48 hours)",
                subject_ref: "ticket-pumpcare-50302",
                duration: "48 hours",
                calendar: "24x7",
                started_hours_ago: 40,
                step: Step::None,
            },
            DemoClock {
                kind: "service.response",
                label: "First response to a service ticket (4 business hours)",
                subject_ref: "ticket-pumpcare-50318",
                duration: "4 business hours",
                calendar: "cn",
                started_hours_ago: 1,
                step: Step::None,
            },
        ],
    },
];

/// Creates the demo operators that do not exist yet, with an admin, an agent and clocks each, then
/// lets the scheduler's logic settle the clocks that are already due soon or breached.
pub async fn seed_demo(db: &Db) -> anyhow::Result<DemoSummary> {
    let actor = Actor::system("demo");
    let mut newly_seeded = Vec::new();
    for spec in OPERATORS {
        if db.operator_by_slug(spec.slug).await?.is_none() {
            seed_operator(db, spec, &actor)
                .await
                .with_context(|| format!("cannot seed demo operator {}", spec.slug))?;
            newly_seeded.push(spec.slug.to_owned());
        }
    }
    for (slug, map) in DEMO_DATA_MAPS {
        apply_data_map(db, slug, map, &actor).await.with_context(|| format!("cannot apply the data map of {slug}"))?;
    }
    for slug in &newly_seeded {
        crate::demo_subjects::seed_subjects(db, slug, &actor)
            .await
            .with_context(|| format!("cannot seed the demo subjects of {slug}"))?;
        crate::demo_subscriptions::seed_subscriptions(db, slug, &actor)
            .await
            .with_context(|| format!("cannot seed the demo subscriptions of {slug}"))?;
        crate::demo_service::seed_service(db, slug, &actor)
            .await
            .with_context(|| format!("cannot seed the demo service desk of {slug}"))?;
    }
    settle_clocks(db).await?;
    Ok(DemoSummary { operators: OPERATORS.iter().map(demo_operator).collect(), newly_seeded, password: DEMO_PASSWORD })
}

/// Applies a demo data map on every run: an unchanged map stores nothing, and a map changed by an
/// upgrade of Tutela becomes the operator's next version, journaled like any other.
async fn apply_data_map(db: &Db, slug: &str, map: &str, actor: &Actor) -> anyhow::Result<()> {
    let operator = db.operator(slug).await?;
    let sources = vec![(std::path::PathBuf::from("datamap.yaml"), map.to_owned())];
    match tutela_server::datamaps::apply(db, &operator.id, sources, actor).await {
        Ok(_) => Ok(()),
        Err(tutela_server::datamaps::ApplyError::Invalid(diagnostics)) => {
            let first = diagnostics.first().map(ToString::to_string).unwrap_or_default();
            anyhow::bail!("the built-in demo data map is invalid ({} problems; the first: {first})", diagnostics.len())
        }
        Err(tutela_server::datamaps::ApplyError::Db(error)) => Err(error.into()),
    }
}

fn demo_operator(spec: &OperatorSpec) -> DemoOperator {
    DemoOperator {
        slug: spec.slug.to_owned(),
        name: spec.name.to_owned(),
        admin_email: format!("admin@{}.example", spec.slug),
        agent_email: format!("agent@{}.example", spec.slug),
    }
}

async fn seed_operator(db: &Db, spec: &OperatorSpec, actor: &Actor) -> anyhow::Result<()> {
    let operator =
        db.create_operator(&OperatorSlug::parse(spec.slug)?, &OperatorName::parse(spec.name)?, actor).await?;
    let accounts = demo_operator(spec);
    let password = Password::parse(DEMO_PASSWORD)?;
    for (email, display_name, roles) in
        [(&accounts.admin_email, spec.admin_name, "admin"), (&accounts.agent_email, spec.agent_name, "agent")]
    {
        let new = NewStaff {
            email: StaffEmail::parse(email)?,
            display_name: display_name.to_owned(),
            roles: Roles::parse_list(roles)?,
        };
        db.create_staff(&operator.id, &new, &password, actor).await?;
    }
    let now = whole_minute(now_us())?;
    for clock in spec.clocks {
        seed_clock(db, &operator.id, clock, actor, now)
            .await
            .with_context(|| format!("cannot seed clock {:?}", clock.label))?;
    }
    for request in DEMO_REQUESTS.iter().filter(|request| request.slug == spec.slug) {
        seed_request(db, &operator.id, request, actor, now).await.context("cannot seed a demo request")?;
    }
    Ok(())
}

async fn seed_request(
    db: &Db,
    operator_id: &OperatorId,
    spec: &DemoRequest,
    actor: &Actor,
    now: Timestamp,
) -> anyhow::Result<()> {
    let received_at = hours_from(now, -spec.received_hours_ago)?;
    let calendar =
        calendar::builtin(spec.calendar).with_context(|| format!("no built-in calendar {}", spec.calendar))?;
    let clock = tutela_core::request::clock(spec.jurisdiction, spec.request_type, received_at, calendar, false, None)?;
    let new = NewRequest {
        request_type: spec.request_type.as_str().to_owned(),
        jurisdiction: spec.jurisdiction.as_str().to_owned(),
        channel: spec.channel.to_owned(),
        language: spec.language.to_owned(),
        subject_ref: None,
        identities: serde_json::json!({ "email": spec.email }),
        received_at,
        reference_prefix: tutela_server::api::requests::reference_prefix(spec.slug),
        clock: Some(clock),
    };
    db.create_request(operator_id, &new, actor).await?;
    Ok(())
}

/// `instant` rounded down to the minute, so demo clocks start at readable times.
fn whole_minute(instant: Timestamp) -> anyhow::Result<Timestamp> {
    Ok(instant.round(TimestampRound::new().smallest(Unit::Minute).mode(RoundMode::Trunc))?)
}

/// `instant` plus (or, negative, minus) a number of hours.
fn hours_from(instant: Timestamp, hours: i64) -> anyhow::Result<Timestamp> {
    Ok(instant.checked_add(SignedDuration::from_hours(hours))?)
}

async fn seed_clock(
    db: &Db,
    operator_id: &OperatorId,
    spec: &DemoClock,
    actor: &Actor,
    now: Timestamp,
) -> anyhow::Result<()> {
    let calendar =
        calendar::builtin(spec.calendar).with_context(|| format!("no built-in calendar {}", spec.calendar))?;
    let duration: DurationSpec = spec.duration.parse()?;
    let start = hours_from(now, -spec.started_hours_ago)?;
    let clock = Clock::start(start, duration, calendar, Roll::NextWorkingDay, DueSoonPermille::default())?;
    let new = ClockSpec {
        kind: spec.kind.to_owned(),
        label: spec.label.to_owned(),
        subject_ref: Some(SubjectRef::parse(spec.subject_ref)?),
        clock,
    };
    let record = db.start_clock(operator_id, &new, actor).await?;
    apply_step(db, operator_id, &record.id, &spec.step, start, actor, calendar).await
}

/// Does to a started clock what its spec says happened `after_hours` after `start`; the journal entry
/// records that instant in its details, since the entry itself is dated now.
async fn apply_step(
    db: &Db,
    operator_id: &OperatorId,
    clock_id: &str,
    step: &Step,
    start: Timestamp,
    actor: &Actor,
    calendar: &Calendar,
) -> anyhow::Result<()> {
    match *step {
        Step::None => {}
        Step::Pause { after_hours, note } => {
            let at = hours_from(start, after_hours)?;
            db.update_clock(operator_id, clock_id, actor, Action::PauseClock, |clock| {
                clock.pause(at)?;
                Ok(json!({ "at": at, "note": note }))
            })
            .await?;
        }
        Step::Extend { after_hours, by, reason } => {
            let at = hours_from(start, after_hours)?;
            let by: DurationSpec = by.parse()?;
            let reason = ExtensionReason::new(reason)?;
            db.update_clock(operator_id, clock_id, actor, Action::ExtendClock, |clock| {
                let due_before = clock.due();
                clock.extend(by, reason.clone(), at, calendar)?;
                Ok(json!({ "at": at, "by": by, "reason": reason, "due_before": due_before, "due_after": clock.due() }))
            })
            .await?;
        }
        Step::Complete { after_hours } => {
            let at = hours_from(start, after_hours)?;
            db.update_clock(operator_id, clock_id, actor, Action::CompleteClock, |clock| {
                let outcome = clock.complete(at)?;
                Ok(json!({ "at": at, "outcome": outcome }))
            })
            .await?;
        }
    }
    Ok(())
}

/// Moves clocks that are already due soon or breached to that state now, as the scheduler would, so
/// the demo's journals and states are right even before the scheduler's first pass.
async fn settle_clocks(db: &Db) -> anyhow::Result<()> {
    for _ in 0..SETTLE_MAX_PASSES {
        let moved = db.process_due_clocks(now_us(), SETTLE_BATCH_CLOCKS).await?;
        if moved.len() < SETTLE_BATCH_CLOCKS as usize {
            break;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_demo_spec_is_valid() {
        for operator in OPERATORS {
            assert!(OperatorSlug::parse(operator.slug).is_ok(), "{}", operator.slug);
            assert!(OperatorName::parse(operator.name).is_ok(), "{}", operator.name);
            for clock in operator.clocks {
                assert!(calendar::builtin(clock.calendar).is_some(), "{}", clock.calendar);
                assert!(clock.duration.parse::<DurationSpec>().is_ok(), "{}", clock.duration);
                if let Step::Extend { by, reason, .. } = clock.step {
                    assert!(by.parse::<DurationSpec>().is_ok() && ExtensionReason::new(reason).is_ok());
                }
            }
        }
        assert!(Password::parse(DEMO_PASSWORD).is_ok());
    }

    #[test]
    fn every_demo_data_map_is_valid_and_belongs_to_a_demo_operator() {
        for (slug, map) in DEMO_DATA_MAPS {
            assert!(OPERATORS.iter().any(|operator| operator.slug == *slug), "{slug}");
            let sources = vec![(std::path::PathBuf::from(format!("demo/{slug}/datamap.yaml")), (*map).to_owned())];
            if let Err(error) = tutela_datamap::load_sources(sources) {
                panic!("{error}");
            }
        }
    }

    #[tokio::test]
    async fn every_demo_request_names_a_subject_of_its_operators_stores() {
        let dir = tempfile::tempdir().unwrap();
        for request in &DEMO_REQUESTS {
            let (_, text) = DEMO_DATA_MAPS.iter().find(|(slug, _)| *slug == request.slug).unwrap();
            let map = tutela_datamap::load_sources(vec![("datamap.yaml".into(), (*text).to_owned())]).unwrap();
            let stores = dir.path().join(request.slug);
            if !stores.exists() {
                tutela_connect::demo::create_demo_stores(request.slug, &stores).await.unwrap();
            }
            let engine = tutela_fulfil::Engine::new(map, &stores);
            let identity = tutela_fulfil::Identity::parse(&format!("email={}", request.email)).unwrap();
            let out = dir.path().join("package.zip");
            let report = engine.access(&[identity], tutela_datamap::Lang::En, &out, true).await.unwrap();
            assert!(report.found && report.plan.iter().any(|t| t.rows > 0), "{}: {}", request.slug, request.email);
        }
    }
}
