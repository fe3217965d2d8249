//! E-mail notifications end to end, on SQLite and PostgreSQL: a real store, the real scheduler and
//! lettre's SMTP client talking to a small SMTP sink on 127.0.0.1 that records what it is sent.
//! Nothing is mocked; every wait is bounded polling of stored state.

use std::sync::{Arc, Mutex};

use jiff::Timestamp;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tutela_core::clock::ClockState;
use tutela_core::journal::Actor;
use tutela_core::operator::{OperatorName, OperatorSlug};
use tutela_core::staff::StaffEmail;
use tutela_db::{Db, Operator, OutboxMessage, test_support};
use tutela_server::email::SmtpConfig;
use tutela_server::scheduler::{Scheduler, SchedulerConfig};

/// The longest any expected outcome is waited for.
mod common;

use common::{eventually, overdue_clock, stop};
/// Longest command line or message the sink reads, in bytes.
const MAX_SINK_BYTES: u64 = 1024 * 1024;
const RECIPIENT: &str = "dpo@alpha.example";

// --- an SMTP sink -------------------------------------------------------------------------------------

/// One message the sink accepted.
#[derive(Debug, Clone)]
struct Mail {
    from: String,
    to: Vec<String>,
    /// Header lines, unfolded.
    headers: Vec<String>,
    /// The body, decoded from quoted-printable when it was sent so.
    body: String,
}

impl Mail {
    fn header(&self, name: &str) -> &str {
        let prefix = format!("{}:", name.to_ascii_lowercase());
        self.headers
            .iter()
            .find(|line| line.to_ascii_lowercase().starts_with(&prefix))
            .map_or_else(|| panic!("header {name} in {:?}", self.headers), |line| line[prefix.len()..].trim())
    }
}

#[derive(Debug, Default)]
struct SinkLog {
    /// Messages whose data was answered with 250.
    accepted: Vec<Mail>,
    /// Every end of data, accepted or not.
    data_attempts: usize,
}

/// Speaks just enough SMTP for lettre: greeting, EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT. The n-th
/// message's data is answered with `data_replies[n]`, `250 OK` once they run out.
struct Sink {
    url: String,
    log: Arc<Mutex<SinkLog>>,
}

impl Sink {
    async fn start(data_replies: Vec<&'static str>) -> Sink {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind the sink");
        let address = listener.local_addr().expect("sink address");
        let log: Arc<Mutex<SinkLog>> = Arc::default();
        let replies = Arc::new(data_replies);
        let sink_log = Arc::clone(&log);
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(session(stream, Arc::clone(&sink_log), Arc::clone(&replies)));
            }
        });
        Sink { url: format!("smtp://{address}"), log }
    }

    fn accepted(&self) -> Vec<Mail> {
        self.log.lock().expect("sink log").accepted.clone()
    }

    fn data_attempts(&self) -> usize {
        self.log.lock().expect("sink log").data_attempts
    }
}

/// The address inside `<...>` of a `MAIL FROM:` or `RCPT TO:` argument.
fn path(argument: &str) -> String {
    argument.trim().trim_start_matches('<').split('>').next().unwrap_or_default().to_owned()
}

async fn session(stream: TcpStream, log: Arc<Mutex<SinkLog>>, replies: Arc<Vec<&'static str>>) {
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read.take(MAX_SINK_BYTES));
    let mut answer = async |text: &str| write.write_all(format!("{text}\r\n").as_bytes()).await.is_ok();
    if !answer("220 sink.test ESMTP").await {
        return;
    }
    let (mut from, mut to) = (String::new(), Vec::new());
    loop {
        let mut line = String::new();
        if !matches!(reader.read_line(&mut line).await, Ok(n) if n > 0) {
            return;
        }
        let command = line.trim_end().to_owned();
        let upper = command.to_ascii_uppercase();
        let reply = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
            "250 sink.test"
        } else if upper.starts_with("MAIL FROM:") {
            from = path(&command["MAIL FROM:".len()..]);
            "250 OK"
        } else if upper.starts_with("RCPT TO:") {
            to.push(path(&command["RCPT TO:".len()..]));
            "250 OK"
        } else if upper == "DATA" {
            if !answer("354 end data with <CR><LF>.<CR><LF>").await {
                return;
            }
            let Some(data) = read_data(&mut reader).await else { return };
            let mut log = log.lock().expect("sink log");
            let reply = replies.get(log.data_attempts).copied().unwrap_or("250 OK");
            log.data_attempts += 1;
            if reply.starts_with("250") {
                log.accepted.push(parse_mail(std::mem::take(&mut from), std::mem::take(&mut to), &data));
            }
            reply
        } else if upper == "RSET" {
            (from, to) = (String::new(), Vec::new());
            "250 OK"
        } else if upper == "NOOP" {
            "250 OK"
        } else if upper == "QUIT" {
            answer("221 bye").await;
            return;
        } else {
            "502 command not implemented"
        };
        if !answer(reply).await {
            return;
        }
    }
}

/// Reads message data up to the lone `.` line, undoing dot-stuffing.
async fn read_data(reader: &mut (impl AsyncBufReadExt + Unpin)) -> Option<String> {
    let mut data = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        if line == ".\r\n" {
            return Some(data);
        }
        data.push_str(line.strip_prefix('.').unwrap_or(&line));
    }
}

fn parse_mail(from: String, to: Vec<String>, data: &str) -> Mail {
    let (head, body) = data.split_once("\r\n\r\n").expect("headers, a blank line, then the body");
    let mut headers: Vec<String> = Vec::new();
    for line in head.split("\r\n") {
        match headers.last_mut() {
            Some(last) if line.starts_with([' ', '\t']) => last.push_str(line),
            _ => headers.push(line.to_owned()),
        }
    }
    let quoted_printable =
        headers.iter().any(|h| h.eq_ignore_ascii_case("content-transfer-encoding: quoted-printable"));
    let body = if quoted_printable { decode_quoted_printable(body) } else { body.to_owned() };
    Mail { from, to, headers, body: body.replace("\r\n", "\n") }
}

fn decode_quoted_printable(text: &str) -> String {
    let joined = text.replace("=\r\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'='
            && let Some(hex) = joined.get(index + 1..index + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(out).expect("UTF-8 body")
}

// --- fixtures -----------------------------------------------------------------------------------------

fn actor() -> Actor {
    Actor::parse("system:test").expect("valid actor")
}

async fn operator(store: &Db) -> Operator {
    let slug = OperatorSlug::parse("alpha").expect("valid slug");
    let name = OperatorName::parse("Alpha Ltd").expect("valid name");
    store.create_operator(&slug, &name, &actor()).await.expect("create operator")
}

async fn add_recipient(store: &Db, operator: &Operator) -> String {
    let address = StaffEmail::parse(RECIPIENT).expect("valid address");
    store.add_email_recipient(&operator.id, &address, &actor()).await.expect("add recipient").id
}

/// Waits until the operator's only message is an e-mail for which `done` holds.
async fn wait_for_email(
    store: &Db,
    operator: &Operator,
    what: &str,
    done: impl Fn(&OutboxMessage) -> bool,
) -> OutboxMessage {
    let done = &done;
    eventually(what, move || async move {
        let mut messages = store.list_outbox(&operator.id, None, 100).await.expect("list outbox");
        (messages.len() == 1 && messages[0].channel == "email" && done(&messages[0])).then(|| messages.remove(0))
    })
    .await
}

/// Settings that do not lean on the periodic wake-up, sending through `smtp_url` when given.
fn config(smtp_url: Option<&str>) -> SchedulerConfig {
    let smtp = smtp_url.map(|url| {
        let from = SmtpConfig::parse_sender("Tutela <tutela@alpha.example>").expect("valid sender");
        SmtpConfig::new(url, from).expect("valid SMTP URL")
    });
    SchedulerConfig { max_sleep_ms: 600_000, smtp, ..SchedulerConfig::default() }
}

// --- tests --------------------------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_overdue_clock_is_emailed_once_to_its_recipient() {
    for db in test_support::all().await {
        let backend = db.backend;
        let store = db.open().await;
        let alpha = operator(&store).await;
        add_recipient(&store, &alpha).await;
        let sink = Sink::start(vec![]).await;
        let clock = overdue_clock(&store, &alpha, "Overdue access request").await;

        let scheduler = Scheduler::spawn(store.clone(), config(Some(&sink.url)));
        let message = wait_for_email(&store, &alpha, "the breach to be e-mailed", |m| m.delivered_at.is_some()).await;
        stop(scheduler).await;

        assert_eq!(store.clock(&alpha.id, &clock.id).await.expect("clock").state, ClockState::Breached, "{backend}");
        assert_eq!(message.destination, RECIPIENT, "{backend}");
        assert_eq!((message.attempts, message.last_error.as_deref(), message.next_attempt_at), (1, None, None));
        let mails = sink.accepted();
        assert_eq!(mails.len(), 1, "{backend}: exactly one e-mail");
        let mail = &mails[0];
        assert_eq!(
            (mail.from.as_str(), mail.to.as_slice()),
            ("tutela@alpha.example", [RECIPIENT.to_owned()].as_slice())
        );
        assert_eq!(mail.header("To"), RECIPIENT, "{backend}");
        assert_eq!(mail.header("From"), "Tutela <tutela@alpha.example>", "{backend}");
        assert_eq!(mail.header("Subject"), "[Tutela] Clock breached: Overdue access request", "{backend}");
        assert_eq!(mail.header("Message-ID"), format!("<{}@alpha.example>", message.id), "{backend}");
        assert_eq!(mail.header("Auto-Submitted"), "auto-generated", "{backend}");
        let body = &mail.body;
        for expected in [
            "Clock breached: Overdue access request",
            "Operator:      Alpha Ltd (alpha)",
            "Clock:         Overdue access request",
            "Kind:          test.overdue",
            "State:         breached",
            &format!("Due:           {}", clock.clock.due()),
            &format!("Due date:      {}", clock.clock.due_date()),
            &format!("Journal entry: #{}", message.payload["journal_seq"]),
            &format!("Clock id:      {}", clock.id),
        ] {
            assert!(body.contains(expected), "{backend}: body lacks {expected:?}:\n{body}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_deferred_email_is_retried_after_its_back_off() {
    for db in test_support::all().await {
        let backend = db.backend;
        let store = db.open().await;
        let alpha = operator(&store).await;
        add_recipient(&store, &alpha).await;
        let sink = Sink::start(vec!["451 4.3.0 try again later"]).await;
        overdue_clock(&store, &alpha, "busy relay").await;

        // max_sleep_ms is ten minutes: the retry happens because the scheduler wakes up for it.
        let scheduler =
            Scheduler::spawn(store.clone(), SchedulerConfig { retry_base_ms: 300, ..config(Some(&sink.url)) });
        let message =
            wait_for_email(&store, &alpha, "delivery on the second attempt", |m| m.delivered_at.is_some()).await;
        stop(scheduler).await;

        assert_eq!(message.attempts, 2, "{backend}: deferred once, then delivered");
        assert_eq!((message.last_error, message.next_attempt_at), (None, None), "{backend}");
        assert_eq!(sink.data_attempts(), 2, "{backend}");
        assert_eq!(sink.accepted().len(), 1, "{backend}: one e-mail accepted");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_refused_email_is_given_up_at_once() {
    for db in test_support::all().await {
        let backend = db.backend;
        let store = db.open().await;
        let alpha = operator(&store).await;
        add_recipient(&store, &alpha).await;
        let sink = Sink::start(vec!["550 5.7.1 message refused"; 10]).await;
        overdue_clock(&store, &alpha, "refused").await;

        let scheduler =
            Scheduler::spawn(store.clone(), SchedulerConfig { retry_base_ms: 50, ..config(Some(&sink.url)) });
        let message = wait_for_email(&store, &alpha, "the e-mail to be given up", |m| m.last_error.is_some()).await;
        stop(scheduler).await;

        assert_eq!((message.attempts, message.next_attempt_at, message.delivered_at), (1, None, None), "{backend}");
        let error = message.last_error.unwrap_or_default();
        assert!(error.starts_with("SMTP server refused the message") && error.contains("550"), "{backend}: {error}");
        assert_eq!(sink.data_attempts(), 1, "{backend}: a permanent refusal is not repeated");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn without_smtp_an_email_is_given_up_with_the_reason() {
    for db in test_support::all().await {
        let backend = db.backend;
        let store = db.open().await;
        let alpha = operator(&store).await;
        add_recipient(&store, &alpha).await;
        overdue_clock(&store, &alpha, "no relay").await;

        let scheduler = Scheduler::spawn(store.clone(), config(None));
        let message = wait_for_email(&store, &alpha, "the e-mail to be given up", |m| m.last_error.is_some()).await;
        stop(scheduler).await;

        assert_eq!(message.last_error.as_deref(), Some("SMTP is not configured"), "{backend}");
        assert_eq!((message.attempts, message.next_attempt_at, message.delivered_at), (1, None, None), "{backend}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_recipient_removed_after_queueing_is_not_emailed() {
    for db in test_support::all().await {
        let backend = db.backend;
        let store = db.open().await;
        let alpha = operator(&store).await;
        let recipient = add_recipient(&store, &alpha).await;
        overdue_clock(&store, &alpha, "removed recipient").await;
        // Queue the notification as the scheduler would, then remove the recipient before delivery.
        assert_eq!(store.process_due_clocks(Timestamp::now(), 10).await.expect("move clocks").len(), 1);
        store.remove_email_recipient(&alpha.id, &recipient, &actor()).await.expect("remove recipient");
        let sink = Sink::start(vec![]).await;

        let scheduler = Scheduler::spawn(store.clone(), config(Some(&sink.url)));
        let message = wait_for_email(&store, &alpha, "the e-mail to be dropped", |m| m.last_error.is_some()).await;
        stop(scheduler).await;

        assert_eq!(message.last_error.as_deref(), Some("the e-mail recipient was removed"), "{backend}");
        assert_eq!((message.attempts, message.next_attempt_at), (1, None), "{backend}");
        assert_eq!(sink.data_attempts(), 0, "{backend}: nothing was sent");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_receipt_is_emailed_to_the_subject_who_asked_for_it() {
    use tutela_core::consent::*;
    use tutela_db::consent::{LedgerWrite, NewRecord};
    for db in test_support::all().await {
        let backend = db.backend;
        let store = db.open().await;
        let alpha = operator(&store).await;
        let notice = Notice::new("We send news about new courses.").expect("notice");
        let event = ConsentEvent {
            purpose: PurposeId::parse("newsletter").unwrap(),
            state: ConsentState::Given,
            method: Method::Portal,
            channel: Channel::Web,
            notice_sha256: Some(notice.sha256().clone()),
            language: None,
            ip: Some("192.0.2.7".parse().unwrap()),
            user_agent: None,
            expiry: Expiry::UntilPurposeReached,
            given_by: Giver::Subject,
            distribution: None,
            gpc: false,
        };
        let subject = tutela_core::subject::SubjectRef::parse("cust-42").unwrap();
        let write = LedgerWrite {
            operator_id: alpha.id.clone(),
            actor: actor(),
            notices: vec![(notice.clone(), None)],
            records: vec![NewRecord { subject, at: None, body: RecordBody::Consent(event) }],
            destruction: None,
            receipt_to: Some("reader@example.org".into()),
        };
        let written = store.write_ledger(&[write]).await.pop().unwrap().expect("written");
        let sink = Sink::start(vec![]).await;

        let scheduler = Scheduler::spawn(store.clone(), config(Some(&sink.url)));
        let message = wait_for_email(&store, &alpha, "the receipt to be e-mailed", |m| m.delivered_at.is_some()).await;
        stop(scheduler).await;

        assert_eq!((message.topic.as_str(), message.destination.as_str()), ("consent.receipt", "reader@example.org"));
        let mails = sink.accepted();
        assert_eq!(mails.len(), 1, "{backend}: exactly one e-mail");
        assert_eq!(mails[0].header("Subject"), "Your consent choices with Alpha Ltd", "{backend}");
        let body = &mails[0].body;
        let record = &written.records[0];
        for expected in [
            "- newsletter: given, at ",
            &format!("record {} (journal entry #{})", record.record.id, record.journal_seq),
            &format!("notice shown: SHA-256 {}", notice.sha256()),
            "Your reference with Alpha Ltd: cust-42",
        ] {
            assert!(body.contains(expected), "{backend}: body lacks {expected:?}:\n{body}");
        }
        assert!(!body.contains("192.0.2.7"), "{backend}: the address the choice came from is not mailed");
    }
}
