//! End-to-end tests of the `tutela` binary: the real executable, run as a user or a script would.
//!
//! Deadlines are checked against dates worked out by hand from the official holiday schedules (noted
//! at each test), so a wrong calendar file or counting rule shows up here as well as in core's tests.
//! Journal tests tamper with the SQLite file directly, the way an attacker with file access would.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;
use tutela_core::clock::{ClockEvent, ClockState};
use tutela_db::{Db, Location, SQLITE_FILE, test_support};

/// How long a started server may take to print its URL or to stop.
const PROCESS_TIMEOUT: Duration = Duration::from_secs(120);

// ---------------------------------------------------------------------------------------------------
// Helpers

fn tutela_command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tutela"));
    command
        .args(args)
        .env_remove("TUTELA_DATABASE_URL")
        .env_remove("TUTELA_SMTP_URL")
        .env_remove("TUTELA_SMTP_FROM")
        .env("TUTELA_LOG", "warn");
    command
}

fn tutela(args: &[&str]) -> Output {
    tutela_command(args).output().expect("run tutela")
}

fn tutela_with_stdin(args: &[&str], stdin: &str) -> Output {
    let mut child = tutela_command(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn tutela");
    child.stdin.take().expect("stdin").write_all(stdin.as_bytes()).expect("write stdin");
    child.wait_with_output().expect("wait for tutela")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn assert_success(output: &Output) {
    assert!(
        output.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        output.status,
        stdout(output),
        stderr(output)
    );
}

/// Asserts exit code 2, nothing on stdout, and exactly one `error: ...` line on stderr that mentions
/// every one of `mentions`.
fn assert_input_error(output: &Output, mentions: &[&str]) {
    let err = stderr(output);
    assert_eq!(output.status.code(), Some(2), "stdout: {}\nstderr: {err}", stdout(output));
    assert!(output.stdout.is_empty(), "stdout should be empty: {}", stdout(output));
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 1, "one line expected on stderr: {err:?}");
    assert!(lines[0].starts_with("error: "), "{err}");
    for mention in mentions {
        assert!(lines[0].contains(mention), "stderr should mention {mention:?}: {err}");
    }
    assert!(!err.contains("panicked"), "{err}");
}

fn deadline_json(calendar: &str, start: &str, duration: &str, extra: &[&str]) -> Value {
    let mut args =
        vec!["deadline", "--calendar", calendar, "--start", start, "--duration", duration, "--format", "json"];
    args.extend_from_slice(extra);
    let output = tutela(&args);
    assert_success(&output);
    serde_json::from_str(&stdout(&output)).expect("deadline prints JSON")
}

fn data_dir_arg(dir: &Path) -> String {
    dir.to_str().expect("temporary paths are UTF-8").to_owned()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Runtime::new().expect("tokio runtime")
}

async fn open_store(dir: &Path) -> Db {
    Db::open(&Location::DataDir(dir.to_owned())).await.expect("open store")
}

// ---------------------------------------------------------------------------------------------------
// deadline

/// Russia 2025: Tue 28 Oct start; working days Wed 29, Thu 30, Fri 31, Sat 1 Nov (transferred working
/// day), then Mon 3 and Tue 4 Nov off (Unity Day and its bridge), Wed 5 ... Wed 12 is the tenth.
#[test]
fn deadline_ru_json_counts_the_production_calendar() {
    let due = deadline_json("ru", "2025-10-28T11:00:00+03:00", "10 working days", &[]);
    assert_eq!(
        due,
        serde_json::json!({
            "due": "2025-11-12T23:59:59+03:00",
            "due_date": "2025-11-12",
            "calendar": "ru",
            "start": "2025-10-28T11:00:00+03:00",
            "duration": "10 working days",
            "rolled_to_working_day": false,
            "calendar_coverage_exceeded": false,
        })
    );
}

#[test]
fn deadline_accepts_utc_starts_and_answers_in_the_calendar_zone() {
    let due = deadline_json("ru", "2025-10-28T08:00:00Z", "10 working days", &[]);
    assert_eq!(due["start"], "2025-10-28T11:00:00+03:00");
    assert_eq!(due["due"], "2025-11-12T23:59:59+03:00");
}

/// China 2025 (State Council notice of 12 Nov 2024): 1-8 Oct off for National Day and Mid-Autumn,
/// Sun 28 Sep and Sat 11 Oct worked. From Fri 26 Sep: 28 Sep (1), 29 (2), 30 (3), 9 Oct (4),
/// 10 (5), Sat 11 (6), 13-17 (7-11), 20-23 (12-15).
#[test]
fn deadline_cn_crosses_national_day_with_make_up_days() {
    let five = deadline_json("cn", "2025-09-26T10:00:00+08:00", "5 working days", &[]);
    assert_eq!(five["due"], "2025-10-10T23:59:59+08:00");
    let fifteen = deadline_json("cn", "2025-09-26T10:00:00+08:00", "15 working days", &[]);
    assert_eq!(fifteen["due_date"], "2025-10-23");
    assert_eq!(fifteen["rolled_to_working_day"], false);
}

/// Mon 29 Sep + 3 days = Thu 2 Oct, a holiday: statutory periods roll to Thu 9 Oct, the first
/// working day after the holiday; `--no-roll` keeps 2 Oct.
#[test]
fn deadline_cn_calendar_days_roll_unless_told_not_to() {
    let rolled = deadline_json("cn", "2025-09-29T09:30:00+08:00", "3 days", &[]);
    assert_eq!(rolled["due_date"], "2025-10-09");
    assert_eq!(rolled["rolled_to_working_day"], true);
    let kept = deadline_json("cn", "2025-09-29T09:30:00+08:00", "3 days", &["--no-roll"]);
    assert_eq!(kept["due_date"], "2025-10-02");
    assert_eq!(kept["rolled_to_working_day"], false);
}

/// Bulgaria 2025: Orthodox Easter on 20 Apr; Good Friday 18 Apr to Easter Monday 21 Apr off. From
/// Wed 16 Apr: Thu 17 (1), Tue 22 (2), Wed 23 (3). Sofia is on summer time (+03:00).
#[test]
fn deadline_bg_crosses_easter() {
    let due = deadline_json("bg", "2025-04-16T12:00:00+03:00", "3 working days", &[]);
    assert_eq!(due["due"], "2025-04-23T23:59:59+03:00");
}

/// Bulgaria 2025: Mon 3 Mar, Liberation Day, is off; from Fri 28 Feb the next working day is Tue
/// 4 Mar. Sofia is on winter time (+02:00).
#[test]
fn deadline_bg_skips_liberation_day() {
    let due = deadline_json("bg", "2025-02-28T10:00:00+02:00", "1 working day", &[]);
    assert_eq!(due["due"], "2025-03-04T23:59:59+02:00");
}

#[test]
fn deadline_singular_and_plural_units_agree() {
    for text in ["1 day", "1 days"] {
        let due = deadline_json("ru", "2025-10-28T11:00:00+03:00", text, &[]);
        assert_eq!(due["duration"], "1 day", "{text}");
        assert_eq!(due["due_date"], "2025-10-29", "{text}");
    }
}

#[test]
fn deadline_text_is_one_readable_line() {
    let output = tutela(&[
        "deadline",
        "--calendar",
        "ru",
        "--start",
        "2025-10-28T11:00:00+03:00",
        "--duration",
        "10 working days",
    ]);
    assert_success(&output);
    let text = stdout(&output);
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.starts_with("due 2025-11-12T23:59:59+03:00 (Wednesday 12 November 2025, Europe/Moscow)"), "{text}");
    assert!(text.contains("10 working days from 2025-10-28T11:00:00+03:00 on calendar ru"), "{text}");
}

#[test]
fn deadline_text_notes_a_roll() {
    let output =
        tutela(&["deadline", "--calendar", "cn", "--start", "2025-09-29T09:30:00+08:00", "--duration", "3 days"]);
    assert_success(&output);
    assert!(stdout(&output).contains("moved to the next working day"), "{}", stdout(&output));
}

#[test]
fn deadline_refuses_bad_input_with_exit_2_and_one_line() {
    let deadline = |calendar: &str, start: &str, duration: &str| {
        tutela(&["deadline", "--calendar", calendar, "--start", start, "--duration", duration])
    };
    let start = "2025-10-28T11:00:00+03:00";
    assert_input_error(&deadline("mars", start, "1 day"), &["\"mars\"", "ru, cn, bg, in, us-ca, eu, 24x7"]);
    assert_input_error(&deadline("ru", "2025-10-28T11:00:00", "1 day"), &["2025-10-28T11:00:00", "no UTC offset"]);
    assert_input_error(&deadline("ru", "2025-02-30T11:00:00Z", "1 day"), &["2025-02-30T11:00:00Z"]);
    assert_input_error(&deadline("ru", "next tuesday", "1 day"), &["next tuesday"]);
    assert_input_error(&deadline("ru", start, "-3 days"), &["-3 days", "negative"]);
    assert_input_error(&deadline("ru", start, "10 fortnights"), &["10 fortnights", "fortnights"]);
    assert_input_error(&deadline("ru", start, "ten days"), &["ten days"]);
}

#[test]
fn usage_errors_exit_2() {
    let output = tutela(&["deadline", "--calendar", "ru"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
}

// ---------------------------------------------------------------------------------------------------
// request deadline

fn request_deadline_json(args: &[&str]) -> Value {
    let mut all = vec!["request", "deadline", "--format", "json"];
    all.extend_from_slice(args);
    let output = tutela(&all);
    assert_success(&output);
    serde_json::from_str(&stdout(&output)).expect("request deadline prints JSON")
}

/// 152-FZ access, received Wed 30 Dec 2026 at 16:00 Moscow time. ru.toml (2027: decree No. 1187):
/// Thu 31 Dec 2026 and 1-8 Jan 2027 are off, 9-10 Jan the weekend. Working days: Mon 11 (1) ... Fri
/// 15 (5), Mon 18 (6) ... Fri 22 Jan (10); extended by 5: Mon 25 (11) ... Fri 29 Jan (15).
#[test]
fn request_deadline_ru_access_crosses_the_new_year_holidays() {
    let received = "2026-12-30T16:00:00+03:00";
    let due = request_deadline_json(&["--jurisdiction", "ru_152fz", "--type", "access", "--received", received]);
    assert_eq!(due["due"], "2027-01-22T23:59:59+03:00");
    assert_eq!(due["due_date"], "2027-01-22");
    assert_eq!(due["calendar"], "ru", "the jurisdiction's calendar by default");
    assert_eq!(due["received"], received);
    assert_eq!(due["milestone"], "answer");
    assert_eq!(due["duration"], "10 working days");
    assert_eq!(due["extended"], false);
    assert_eq!(due["article"], "152-FZ art. 14(3), 20(1)");
    assert_eq!(due["configurable_default"], false);
    assert_eq!(due["rule"]["kind"], "period");
    assert_eq!(due["rule"]["extension"]["duration"], "5 working days");
    assert!(due["rule"]["text"].as_str().unwrap().contains("10 working days"), "{due}");

    let extended = request_deadline_json(&[
        "--jurisdiction",
        "ru_152fz",
        "--type",
        "access",
        "--received",
        received,
        "--calendar",
        "ru",
        "--extended",
    ]);
    assert_eq!(extended["due"], "2027-01-29T23:59:59+03:00");
    assert_eq!(extended["duration"], "15 working days");
    assert_eq!(extended["extended"], true);
}

/// CCPA deletion received Fri 19 Dec 2025 (Los Angeles). Acknowledge within 10 business days: Mon 22
/// (1), 23 (2), Wed 24 (3), Christmas off, Fri 26 (4), 29-31 (5-7), New Year's Day off, Fri 2 Jan (8),
/// Mon 5 (9), Tue 6 Jan (10). Answer within 45 days: Mon 2 Feb 2026.
#[test]
fn request_deadline_ccpa_lists_the_acknowledgement_before_the_answer() {
    let due = request_deadline_json(&[
        "--jurisdiction",
        "us_ca_ccpa",
        "--type",
        "erasure",
        "--received",
        "2025-12-19T17:00:00-08:00",
    ]);
    assert_eq!(due["due"], "2026-02-02T23:59:59-08:00");
    assert_eq!(due["article"], "11 CCR §7021(b)");
    let milestones = due["milestones"].as_array().expect("milestones");
    assert_eq!(milestones.len(), 2, "{due}");
    assert_eq!(milestones[0]["milestone"], "acknowledge");
    assert_eq!(milestones[0]["due"], "2026-01-06T23:59:59-08:00");
    assert_eq!(milestones[0]["article"], "11 CCR §7021(a)");
    assert_eq!(milestones[1]["due"], due["due"]);
}

/// GDPR on Bulgaria's calendar: Fri 31 Jan 2025 + 1 month = 31 Feb, clamped to Fri 28 Feb.
#[test]
fn request_deadline_text_names_the_rule_and_its_article() {
    let output = tutela(&[
        "request",
        "deadline",
        "--jurisdiction",
        "eu_gdpr",
        "--type",
        "access",
        "--received",
        "2025-01-31T10:00:00+02:00",
        "--calendar",
        "bg",
    ]);
    assert_success(&output);
    let text = stdout(&output);
    let first = text.lines().next().unwrap_or_default();
    assert_eq!(
        first,
        "due 2025-02-28T23:59:59+02:00 (Friday 28 February 2025, Europe/Sofia): answer the access request within \
         1 month (GDPR art. 12(3), 15); received 2025-01-31T10:00:00+02:00, calendar bg"
    );
    assert!(text.contains("\nrule: Give the subject access to their data within one month of receipt."), "{text}");
    assert!(text.contains("\nextension: +2 months if the request is complex"), "{text}");
}

#[test]
fn request_deadline_refuses_bad_input_with_exit_2_and_one_line() {
    let request = |jurisdiction: &str, kind: &str, received: &str, extra: &[&str]| {
        let mut args =
            vec!["request", "deadline", "--jurisdiction", jurisdiction, "--type", kind, "--received", received];
        args.extend_from_slice(extra);
        tutela(&args)
    };
    let received = "2026-12-30T16:00:00+03:00";
    assert_input_error(&request("gdpr", "access", received, &[]), &["--jurisdiction", "\"gdpr\"", "eu_gdpr, ru_152fz"]);
    assert_input_error(&request("ru_152fz", "dsar", received, &[]), &["--type", "\"dsar\"", "account_closure"]);
    assert_input_error(&request("ru_152fz", "access", "2026-12-30T16:00:00", &[]), &["--received", "no UTC offset"]);
    assert_input_error(
        &request("eu_gdpr", "access", received, &[]),
        &["eu_gdpr has no default calendar", "--calendar"],
    );
    assert_input_error(&request("eu_gdpr", "access", received, &["--calendar", "mars"]), &["\"mars\""]);
    assert_input_error(&request("ru_152fz", "portability", received, &[]), &["no portability right", "152-FZ"]);
    assert_input_error(
        &request("ru_152fz", "rectification", received, &["--extended"]),
        &["cannot be extended", "152-FZ art. 21(2)"],
    );
    assert_input_error(
        &request("eu_gdpr", "complaint", received, &["--calendar", "bg"]),
        &["no statutory deadline", "art. 77"],
    );
}

// ---------------------------------------------------------------------------------------------------
// Databases and operators

#[test]
fn unreachable_or_unsupported_databases_exit_2() {
    let verify = |url: &str| tutela(&["journal", "verify", "--database", url]);
    assert_input_error(&verify("mysql://db.example/tutela"), &["mysql://db.example/tutela"]);
    assert_input_error(&verify("sqlite:///nonexistent-tutela-dir/a/b/tutela.sqlite3"), &["nonexistent-tutela-dir"]);
    let refused = verify("postgres://tutela:secret@127.0.0.1:1/tutela");
    assert_input_error(&refused, &["127.0.0.1:1", "cannot open database"]);
    assert!(!stderr(&refused).contains("secret"), "passwords are not shown: {}", stderr(&refused));
}

#[test]
fn read_commands_do_not_create_a_missing_database() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let missing = dir.path().join("typo");
    let output = tutela(&["journal", "verify", "--data-dir", &data_dir_arg(&missing)]);
    assert_input_error(&output, &["no Tutela database", "typo"]);
    assert!(!missing.exists(), "verify must not create {}", missing.display());
}

#[test]
fn the_database_url_can_come_from_the_environment() {
    let output = tutela_command(&["journal", "verify"])
        .env("TUTELA_DATABASE_URL", "mysql://from-env.example/tutela")
        .output()
        .expect("run tutela");
    assert_input_error(&output, &["mysql://from-env.example/tutela"]);
}

#[test]
fn unknown_operators_exit_2() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let data_dir = data_dir_arg(dir.path());
    assert_success(&tutela(&["operator", "create", "--data-dir", &data_dir, "--slug", "acme", "--name", "Acme"]));
    let output = tutela(&["journal", "verify", "--data-dir", &data_dir, "--operator", "nobody"]);
    assert_input_error(&output, &["\"nobody\""]);
    let output = tutela(&["journal", "export", "--data-dir", &data_dir, "--operator", "nobody"]);
    assert_input_error(&output, &["\"nobody\""]);
    let output = tutela_with_stdin(
        &[
            "staff",
            "add",
            "--data-dir",
            &data_dir,
            "--operator",
            "nobody",
            "--email",
            "a@x.example",
            "--roles",
            "admin",
            "--password-stdin",
        ],
        "correct horse battery\n",
    );
    assert_input_error(&output, &["\"nobody\""]);
    let output = tutela(&["operator", "create", "--data-dir", &data_dir, "--slug", "Not A Slug", "--name", "X"]);
    assert_input_error(&output, &["Not A Slug"]);
}

/// `tutela <command...> <database arguments> <rest...>`.
fn with_db<'a>(command: &[&'a str], db: &'a [String], rest: &[&'a str]) -> Vec<&'a str> {
    command.iter().copied().chain(db.iter().map(String::as_str)).chain(rest.iter().copied()).collect()
}

/// `--data-dir DIR` or `--database URL` for a test database.
fn db_args(location: &Location) -> Vec<String> {
    match location {
        Location::DataDir(dir) => vec!["--data-dir".into(), data_dir_arg(dir)],
        Location::Url(url) => vec!["--database".into(), url.clone()],
    }
}

/// A first install without the demo: operator, staff (password piped in, or generated), token; then
/// the journal verifies and exports, and an edited row breaks it at that row.
fn first_install_journey(location: &Location) {
    let db = db_args(location);
    let create = |name: &str| tutela(&with_db(&["operator", "create"], &db, &["--slug", "acme", "--name", name]));
    assert_success(&create("Acme Ltd"));
    assert_input_error(&create("Acme again"), &["acme", "already exists"]);
    let staff_add = |email: &str, roles: &str, stdin: Option<&str>| {
        let mut rest = vec!["--operator", "acme", "--email", email, "--roles", roles];
        if stdin.is_some() {
            rest.push("--password-stdin");
        }
        let args = with_db(&["staff", "add"], &db, &rest);
        match stdin {
            Some(input) => tutela_with_stdin(&args, input),
            None => tutela(&args),
        }
    };
    let added = staff_add("Admin@Acme.example", "admin,agent", Some("correct horse battery\n"));
    assert_success(&added);
    assert!(stdout(&added).contains("admin@acme.example"), "{}", stdout(&added));
    assert!(!stdout(&added).contains("correct horse"), "a piped password is never echoed");
    assert_input_error(&staff_add("b@acme.example", "agent", Some("short\n")), &["too short"]);
    let generated = staff_add("c@acme.example", "viewer", None);
    assert_success(&generated);
    assert!(stdout(&generated).contains("password (shown once): "), "{}", stdout(&generated));
    let issue = |roles: &str| {
        tutela(&with_db(&["token", "issue"], &db, &["--operator", "acme", "--name", "crm", "--roles", roles]))
    };
    let token = issue("agent");
    assert_success(&token);
    assert!(stdout(&token).trim().starts_with("tut_") && stdout(&token).lines().count() == 1, "{}", stdout(&token));
    assert_input_error(&issue("boss"), &["\"boss\""]);

    let verified = tutela(&with_db(&["journal", "verify"], &db, &[]));
    assert_success(&verified);
    assert_eq!(stdout(&verified), "ok  acme  4 entries\n");
    let exported = tutela(&with_db(&["journal", "export"], &db, &["--operator", "acme"]));
    assert_success(&exported);
    let actions: Vec<String> = stdout(&exported)
        .lines()
        .map(|line| {
            serde_json::from_str::<Value>(line).expect("JSON line")["action"].as_str().unwrap_or_default().to_owned()
        })
        .collect();
    assert_eq!(actions, ["create_operator", "create_staff", "create_staff", "issue_token"]);

    tamper_journal_row(location, "acme", 2);
    let broken = tutela(&with_db(&["journal", "verify"], &db, &[]));
    assert_eq!(broken.status.code(), Some(1), "stdout: {}\nstderr: {}", stdout(&broken), stderr(&broken));
    assert!(stdout(&broken).contains("BROKEN  acme  entry 2 was changed"), "{}", stdout(&broken));
    assert!(stderr(&broken).contains("entry 2"), "{}", stderr(&broken));
}

#[test]
fn first_install_journey_on_sqlite() {
    first_install_journey(&test_support::sqlite().location);
}

/// Needs `TUTELA_TEST_POSTGRES_URL` (set by `scripts/test`; `skip` skips), like the store's tests.
#[test]
fn first_install_journey_on_postgres() {
    if let Some(db) = runtime().block_on(test_support::postgres()) {
        first_install_journey(&db.location);
    }
}

/// Rewrites one journal row's details in place, keeping everything else (hashes included), as
/// someone with write access to the database could.
fn tamper_journal_row(location: &Location, slug: &str, seq: i64) {
    const TAMPER: &str = "UPDATE journal SET details = '{\"tampered\":true}' \
                          WHERE seq = $1 AND operator_id = (SELECT id FROM operators WHERE slug = $2)";
    let changed = runtime().block_on(async {
        match location {
            Location::DataDir(dir) => {
                let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", dir.join(SQLITE_FILE).display()))
                    .await
                    .expect("open SQLite");
                let result = sqlx::query(TAMPER).bind(seq).bind(slug).execute(&pool).await.expect("update journal row");
                pool.close().await;
                result.rows_affected()
            }
            Location::Url(url) => {
                let pool = sqlx::PgPool::connect(url).await.expect("open PostgreSQL");
                let result = sqlx::query(TAMPER).bind(seq).bind(slug).execute(&pool).await.expect("update journal row");
                pool.close().await;
                result.rows_affected()
            }
        }
    });
    assert_eq!(changed, 1);
}

/// An edit that leaves a row unreadable (not just inconsistent) is a break too, named by entry.
#[test]
fn unreadable_journal_rows_are_breaks_named_by_entry() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let data_dir = data_dir_arg(dir.path());
    assert_success(&tutela(&["operator", "create", "--data-dir", &data_dir, "--slug", "acme", "--name", "Acme"]));
    assert_success(&tutela(&[
        "token",
        "issue",
        "--data-dir",
        &data_dir,
        "--operator",
        "acme",
        "--name",
        "a",
        "--roles",
        "agent",
    ]));
    assert_success(&tutela(&[
        "token",
        "issue",
        "--data-dir",
        &data_dir,
        "--operator",
        "acme",
        "--name",
        "b",
        "--roles",
        "agent",
    ]));
    runtime().block_on(async {
        let path = dir.path().join(SQLITE_FILE);
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display())).await.expect("open SQLite");
        sqlx::query("UPDATE journal SET action = 'rewrite_history' WHERE seq = 2")
            .execute(&pool)
            .await
            .expect("update");
        pool.close().await;
    });
    let broken = tutela(&["journal", "verify", "--data-dir", &data_dir, "--operator", "acme"]);
    assert_eq!(broken.status.code(), Some(1), "{}", stderr(&broken));
    assert!(stdout(&broken).contains("entry 2 cannot be read"), "{}", stdout(&broken));
}

// ---------------------------------------------------------------------------------------------------
// Demo data, export

/// On SQLite and PostgreSQL (see `first_install_journey_on_postgres`).
#[test]
fn seed_demo_is_idempotent_and_covers_every_clock_state() {
    for db in runtime().block_on(test_support::all()) {
        seed_demo_journey(&db);
    }
}

fn seed_demo_journey(db: &test_support::TestDb) {
    runtime().block_on(async {
        let store = db.open().await;
        let first = tutela::demo::seed_demo(&store).await.expect("seed");
        assert_eq!(first.newly_seeded, ["lexue", "solarmax", "kursy", "tunewave", "pumpcare"]);
        let second = tutela::demo::seed_demo(&store).await.expect("seed again");
        assert!(second.newly_seeded.is_empty());
        assert_eq!(second.operators, first.operators);
        assert_eq!(store.list_operators().await.expect("operators").len(), 5);

        let kursy = store.operator("kursy").await.expect("kursy");
        let staff = store.list_staff(&kursy.id, None, 1000).await.expect("staff");
        let emails: Vec<&str> = staff.iter().map(|member| member.email.as_str()).collect();
        assert_eq!(emails, ["admin@kursy.example", "agent@kursy.example"]);
        let admin = store.check_password(&kursy.id, &staff[0].email, tutela::demo::DEMO_PASSWORD).await.expect("check");
        assert!(admin.is_some(), "the printed demo password signs in");
        for (slug, _) in tutela::demo::DEMO_DATA_MAPS {
            let operator = store.operator(slug).await.expect("demo operator");
            let head = store.datamap_head(&operator.id).await.expect("data map head");
            assert_eq!(head, Some(1), "{slug}: the data map is applied once, however often the demo is seeded");
        }

        let mut states = Vec::new();
        let mut extended = 0;
        for operator in store.list_operators().await.expect("operators") {
            for record in store.list_clocks(&operator.id, None, None, 100).await.expect("clocks") {
                states.push(record.state);
                extended += record.clock.history().iter().filter(|e| matches!(e, ClockEvent::Extended { .. })).count();
            }
        }
        for state in
            [ClockState::Running, ClockState::DueSoon, ClockState::Breached, ClockState::Paused, ClockState::Met]
        {
            assert!(states.contains(&state), "{}: a demo clock is {state:?}: {states:?}", db.backend);
        }
        assert_eq!(extended, 1);
        let breached = store.list_clocks(&kursy.id, Some(ClockState::Breached), None, 10).await.expect("clocks");
        assert_eq!(breached[0].kind, "incident.regulator_notice");
        store.close().await;
    });

    let verified = tutela(&with_db(&["journal", "verify"], &db_args(&db.location), &[]));
    assert_success(&verified);
    let lines: Vec<String> = stdout(&verified).lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 5, "{}: {lines:?}", db.backend);
    assert!(lines.iter().all(|line| line.starts_with("ok  ") && line.ends_with(" entries")), "{lines:?}");
}

#[test]
fn journal_export_writes_one_json_object_per_entry() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let data_dir = data_dir_arg(dir.path());
    runtime().block_on(async {
        let store = open_store(dir.path()).await;
        tutela::demo::seed_demo(&store).await.expect("seed");
        store.close().await;
    });
    let verified = tutela(&["journal", "verify", "--data-dir", &data_dir, "--operator", "kursy"]);
    assert_success(&verified);
    let count: usize = stdout(&verified).split_whitespace().nth(2).and_then(|n| n.parse().ok()).expect("entry count");

    let out = dir.path().join("kursy.jsonl");
    let exported = tutela(&[
        "journal",
        "export",
        "--data-dir",
        &data_dir,
        "--operator",
        "kursy",
        "--out",
        out.to_str().expect("UTF-8"),
    ]);
    assert_success(&exported);
    assert!(stdout(&exported).is_empty());
    let text = std::fs::read_to_string(&out).expect("export file");
    let entries: Vec<Value> =
        text.lines().map(|line| serde_json::from_str(line).expect("one JSON object per line")).collect();
    assert_eq!(entries.len(), count);
    for (index, entry) in entries.iter().enumerate() {
        assert!(entry.is_object());
        assert_eq!(entry["seq"], index as u64 + 1);
        assert_eq!(entry["hash"].as_str().map(str::len), Some(64));
    }
    assert_eq!(entries[0]["action"], "create_operator");
    assert_eq!(entries[0]["actor"], "system:demo");
    assert!(!dir.path().join("kursy.jsonl.partial").exists());

    let to_stdout = tutela(&["journal", "export", "--data-dir", &data_dir, "--operator", "kursy"]);
    assert_success(&to_stdout);
    assert_eq!(stdout(&to_stdout), text);
}

// ---------------------------------------------------------------------------------------------------
// Servers

/// A running `tutela` server, stopped (SIGTERM, then SIGKILL) when dropped.
struct Server {
    child: Child,
}

impl Server {
    /// Starts `tutela args...` and waits for a line containing its URL on the given stream.
    fn start(args: &[&str], url_on_stdout: bool) -> (Server, String, mpsc::Receiver<String>) {
        let mut child = tutela_command(args)
            .env("TUTELA_LOG", "info")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn tutela");
        let stdout_lines = forward_lines(child.stdout.take().expect("stdout"));
        let stderr_lines = forward_lines(child.stderr.take().expect("stderr"));
        let (watched, other) = if url_on_stdout { (stdout_lines, stderr_lines) } else { (stderr_lines, stdout_lines) };
        drop(other);
        let mut server = Server { child };
        let url = loop {
            let line = watched.recv_timeout(PROCESS_TIMEOUT).unwrap_or_else(|_| {
                let status = server.child.try_wait();
                panic!("no URL from tutela {args:?} (status {status:?})")
            });
            if let Some(url) =
                line.split_whitespace().find_map(|word| word.trim_start_matches("url=").strip_prefix("http://"))
            {
                break format!("http://{url}");
            }
        };
        (server, url, watched)
    }

    /// Sends SIGTERM and waits; returns whether the server exited successfully.
    fn terminate(mut self) -> bool {
        let pid = self.child.id().to_string();
        let signalled = Command::new("kill").args(["-TERM", &pid]).status().is_ok_and(|s| s.success());
        assert!(signalled, "send SIGTERM to {pid}");
        let deadline = std::time::Instant::now() + PROCESS_TIMEOUT;
        while std::time::Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("wait for tutela") {
                return status.success();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        false
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Reads a stream line by line on a thread, so a test can wait for a line with a timeout. Keeps
/// draining after the receiver is gone, so the server never blocks on a full pipe.
fn forward_lines(stream: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            let _ = sender.send(line);
        }
    });
    receiver
}

/// `GET path` over plain HTTP/1.1; returns the status line and the body.
fn http_get(base_url: &str, path: &str) -> (String, String) {
    let address = base_url.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = TcpStream::connect(address).expect("connect to tutela");
    stream.set_read_timeout(Some(PROCESS_TIMEOUT)).expect("timeout");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").expect("send request");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read response");
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    (head.lines().next().unwrap_or_default().to_owned(), body.to_owned())
}

#[test]
fn demo_serves_and_reuses_its_directory() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let data_dir = data_dir_arg(dir.path());
    let args = ["demo", "--port", "0", "--data-dir", &data_dir];

    let (server, url, lines) = Server::start(&args, true);
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let (status, body) = http_get(&url, "/healthz");
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    assert_eq!(body, "ok");
    let banner: Vec<String> = lines.iter().take(9).collect();
    assert!(banner.iter().any(|line| line.contains("(seeded)")), "{banner:?}");
    let published = format!("Published data maps: {url}/public/<operator>/datamap;");
    assert!(banner.iter().any(|line| line.starts_with(&published)), "{published} in {banner:?}");
    assert!(!url.ends_with('/') && banner.iter().all(|line| !line.contains("//public")), "{banner:?}");
    assert!(banner.iter().any(|line| line.contains("kursy") && line.contains("admin@kursy.example")), "{banner:?}");
    assert!(banner.iter().any(|line| line.contains(tutela::demo::DEMO_PASSWORD)), "{banner:?}");
    for (slug, _) in tutela::demo::DEMO_DATA_MAPS {
        let (status, body) = http_get(&url, &format!("/public/{slug}/datamap/pi-collected?format=csv"));
        assert!(status.starts_with("HTTP/1.1 200"), "{slug}: {status}");
        assert!(body.lines().count() > 1, "{slug} publishes its list of personal information collected: {body}");
        let stores = dir.path().join(tutela::demo::DEMO_STORES_DIR).join(slug);
        assert!(std::fs::read_dir(&stores).is_ok_and(|mut entries| entries.next().is_some()), "{}", stores.display());
    }
    assert!(server.terminate(), "the demo stops cleanly on SIGTERM");

    let (server, _, lines) = Server::start(&args, true);
    let banner: Vec<String> = lines.iter().take(2).collect();
    assert!(banner.iter().any(|line| line.contains("(reused)")), "{banner:?}");
    assert!(server.terminate());

    let verified = tutela(&["journal", "verify", "--data-dir", &data_dir]);
    assert_success(&verified);
    assert_eq!(stdout(&verified).lines().count(), 5, "no operator was duplicated: {}", stdout(&verified));
}

#[test]
fn serve_logs_its_url_and_answers_healthz() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let data_dir = data_dir_arg(dir.path());
    let smtp = ["--smtp-url", "smtp://127.0.0.1:1?tls=required", "--smtp-from", "Tutela <tutela@example.com>"];
    let mut args = vec!["serve", "--port", "0", "--data-dir", &data_dir, "--no-scheduler"];
    args.extend(smtp);
    let (server, url, _) = Server::start(&args, false);
    let (status, body) = http_get(&url, "/healthz");
    assert!(status.starts_with("HTTP/1.1 200"), "{status}");
    assert_eq!(body, "ok");
    assert!(server.terminate());
}

#[test]
fn malformed_smtp_settings_exit_2_naming_them() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let data_dir = dir.path().join("never-created");
    let data_dir = data_dir_arg(&data_dir);
    let serve = |extra: &[&str]| {
        let mut args = vec!["serve", "--data-dir", &data_dir, "--port", "0"];
        args.extend_from_slice(extra);
        tutela(&args)
    };
    let output = serve(&["--smtp-url", "ftp://tutela:hunter2@relay.example"]);
    assert_input_error(&output, &["--smtp-url", "ftp://tutela:***@relay.example", "smtp"]);
    assert!(!stderr(&output).contains("hunter2"), "passwords are not shown: {}", stderr(&output));
    assert_input_error(&serve(&["--smtp-url", "smtp://relay.example?tls=sometimes"]), &["--smtp-url", "tls"]);
    let output = serve(&["--smtp-url", "smtp://relay.example", "--smtp-from", "not an address"]);
    assert_input_error(&output, &["--smtp-from", "\"not an address\""]);
    let output = tutela(&["demo", "--data-dir", &data_dir, "--port", "0", "--smtp-url", "relay.example"]);
    assert_input_error(&output, &["--smtp-url", "relay.example"]);
    let from_env = tutela_command(&["serve", "--data-dir", &data_dir, "--port", "0"])
        .env("TUTELA_SMTP_URL", "smtps://")
        .output()
        .expect("run tutela");
    assert_input_error(&from_env, &["--smtp-url", "smtps://", "no host"]);
    assert!(!dir.path().join("never-created").exists(), "settings are checked before the database is opened");
}

#[test]
fn serve_refuses_a_port_in_use() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a port");
    let port = taken.local_addr().expect("address").port().to_string();
    let output = tutela(&["serve", "--data-dir", &data_dir_arg(dir.path()), "--port", &port]);
    assert_input_error(&output, &[&format!("127.0.0.1:{port}")]);
}

#[test]
fn deadline_on_a_calendar_file_and_a_broken_one() {
    let dir = tempfile::tempdir().unwrap();
    let factory = dir.path().join("factory.toml");
    std::fs::write(
        &factory,
        "id = \"factory\"\nextends = \"cn\"\n\n[[day]]\ndate = \"2025-10-09\"\nkind = \"holiday\"\nname = \"Maintenance\"\n",
    )
    .unwrap();
    let path = factory.to_str().unwrap();
    let args = [
        "deadline",
        "--calendar-file",
        path,
        "--start",
        "2025-09-30T10:00:00+08:00",
        "--duration",
        "3 working days",
        "--format",
        "json",
    ];
    let output = tutela(&args);
    assert_success(&output);
    // cn has 1-8 Oct off and 11 Oct worked; the factory also closes on 9 Oct.
    let report: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["due_date"], "2025-10-13", "{report}");
    assert_eq!(report["calendar"], "factory");

    let broken = dir.path().join("broken.toml");
    std::fs::write(
        &broken,
        "id = \"broken\"\nextends = \"cn\"\n\n[[day]]\ndate = \"2025-02-30\"\nkind = \"holiday\"\nname = \"x\"\n",
    )
    .unwrap();
    let broken_args = [
        "deadline",
        "--calendar-file",
        broken.to_str().unwrap(),
        "--start",
        "2025-09-30T10:00:00+08:00",
        "--duration",
        "1 day",
    ];
    assert_input_error(&tutela(&broken_args), &["broken.toml", "line 5", "2025-02-30"]);
    let missing = dir.path().join("missing.toml");
    let missing_args = [
        "deadline",
        "--calendar-file",
        missing.to_str().unwrap(),
        "--start",
        "2025-09-30T10:00:00+08:00",
        "--duration",
        "1 day",
    ];
    assert_input_error(&tutela(&missing_args), &["missing.toml"]);
}

#[test]
fn datamap_check_passes_the_demo_map_and_lists_every_problem() {
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/kursy/datamap.yaml");
    let output = tutela(&["datamap", "check", demo]);
    assert_success(&output);
    assert!(stdout(&output).contains("the data map is valid"), "{}", stdout(&output));

    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("datamap.yaml");
    let text = std::fs::read_to_string(demo).unwrap().replacen("legal_basis:", "legal_basis_removed:", 1);
    std::fs::write(&broken, text).unwrap();
    let output = tutela(&["datamap", "check", broken.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    let report = stdout(&output);
    assert!(report.contains("datamap.yaml:") && report.contains("unknown field `legal_basis_removed`"), "{report}");
}

#[test]
fn datamap_apply_stores_versions_and_refuses_an_invalid_map() {
    let dir = tempfile::tempdir().unwrap();
    let data_dir = data_dir_arg(dir.path());
    let kursy = concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/kursy/datamap.yaml");
    assert_success(&tutela(&["operator", "create", "--data-dir", &data_dir, "--slug", "kursy", "--name", "Kursy"]));
    let apply = |path: &str| tutela(&["datamap", "apply", "--data-dir", &data_dir, "--operator", "kursy", path]);

    let first = apply(kursy);
    assert_success(&first);
    assert!(stdout(&first).starts_with("applied data map version 1 to kursy (sha256 "), "{}", stdout(&first));
    let again = apply(kursy);
    assert_success(&again);
    assert_eq!(stdout(&again).trim(), "unchanged: version 1 of kursy already has this content");

    let broken_path = dir.path().join("broken.yaml");
    let broken = std::fs::read_to_string(kursy).unwrap().replacen("purposes: [newsletter]", "purposes: [newsleter]", 1);
    std::fs::write(&broken_path, broken).unwrap();
    let refused = apply(broken_path.to_str().unwrap());
    assert_eq!(refused.status.code(), Some(1), "{}", stderr(&refused));
    assert!(
        stdout(&refused).contains("broken.yaml:") && stdout(&refused).contains("newsleter"),
        "{}",
        stdout(&refused)
    );
    assert!(stderr(&refused).contains("nothing was applied"));

    let unknown = tutela(&["datamap", "apply", "--data-dir", &data_dir, "--operator", "nobody", kursy]);
    assert_input_error(&unknown, &["\"nobody\""]);
    let runtime = runtime();
    let store = runtime.block_on(open_store(dir.path()));
    let operator = runtime.block_on(store.operator_by_slug("kursy")).unwrap().unwrap();
    assert_eq!(runtime.block_on(store.datamap_head(&operator.id)).unwrap(), Some(1), "the broken map was not stored");
}

// ---------------------------------------------------------------------------------------------------
// request run

/// The demo kursy map beside its generated stores, as an operator rehearses on a copy.
fn kursy_copy(dir: &std::path::Path) -> std::path::PathBuf {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    runtime.block_on(tutela_connect::demo::create_demo_stores("kursy", dir)).expect("demo stores");
    let map = dir.join("datamap.yaml");
    std::fs::copy(concat!(env!("CARGO_MANIFEST_DIR"), "/../../demo/kursy/datamap.yaml"), &map).expect("copy map");
    map
}

#[test]
fn request_run_writes_the_package_erases_with_a_key_and_restricts() {
    let dir = tempfile::tempdir().unwrap();
    let map = kursy_copy(dir.path());
    let map = map.to_str().unwrap();
    let package = dir.path().join("package.zip");
    let run = |extra: &[&str]| {
        let mut args = vec!["request", "run", "--datamap", map, "--identity", "email=daria.16@mail.example"];
        args.extend_from_slice(extra);
        tutela_command(&args).env_remove("TUTELA_HASH_KEY").output().expect("run tutela")
    };

    let out = run(&["--type", "access", "--out", package.to_str().unwrap()]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(std::fs::read(&package).unwrap().starts_with(b"PK\x03\x04"), "a zip");

    let out = run(&["--type", "restriction", "--dry-run"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    assert_eq!((report["request"].as_str(), report["found"].as_bool()), (Some("restriction"), Some(true)));

    let out = run(&["--type", "erasure"]);
    assert!(!out.status.success(), "the demo map hashes e-mails: no key, no erasure");
    assert!(String::from_utf8_lossy(&out.stderr).contains("TUTELA_HASH_KEY"));
    let out = run(&["--type", "erasure", "--hash-key", "a key of sixteen bytes or more"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("a JSON report");
    assert_eq!(report["complete"], true, "{report}");
    let again = run(&["--type", "access", "--dry-run"]);
    assert!(String::from_utf8_lossy(&again.stderr).contains("found in no store"), "erased: nothing is found");
}

#[test]
fn warranty_check_decides_whichever_comes_first_from_files() {
    let dir = tempfile::tempdir().unwrap();
    let rules = dir.path().join("rules.json");
    let device = dir.path().join("device.json");
    std::fs::write(
        &rules,
        r#"[{ "product_line": "car-repair", "source": "letter 11 § 3", "start": "acceptance",
             "term": { "days": 100, "usage": { "unit": "km", "limit": 20000 } }, "exclusions": ["misuse"] }]"#,
    )
    .unwrap();
    std::fs::write(&device, r#"{ "product_line": "car-repair", "accepted_on": "2026-03-01" }"#).unwrap();
    let (rules, device) = (rules.to_str().unwrap(), device.to_str().unwrap());
    let check = |on: &str, usage: &str| {
        tutela(&[
            "warranty", "check", "--rules", rules, "--device", device, "--fault", "E04", "--on", on, "--usage", usage,
            "--format", "json",
        ])
    };
    let inside = check("2026-06-08", "19999");
    assert_success(&inside);
    let decision: Value = serde_json::from_str(&stdout(&inside)).unwrap();
    assert_eq!((decision["coverage"].as_str(), decision["covered_until"].as_str()), (Some("free"), Some("2026-06-09")));
    let decision: Value = serde_json::from_str(&stdout(&check("2026-05-01", "20000"))).unwrap();
    assert_eq!(decision["coverage"], "paid", "20,000 km came first");
    let misuse = tutela(&[
        "warranty",
        "check",
        "--rules",
        rules,
        "--device",
        device,
        "--fault",
        "E04",
        "--on",
        "2026-03-02",
        "--usage",
        "10",
        "--cause",
        "flood",
    ]);
    assert!(!misuse.status.success());
    assert!(String::from_utf8_lossy(&misuse.stderr).contains("--cause \"flood\""), "the bad flag is named");
}
